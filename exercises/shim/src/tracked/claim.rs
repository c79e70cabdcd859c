//! Checking a claim "this code breaks Coffman condition X" against what its locks did.
//!
//! Which condition a fix breaks is decided by what its threads do, so each claim needs
//! evidence from the tracked locks, gathered over runs in which the threads contend (under
//! loom: every interleaving):
//! - hold and wait is broken only if no thread ever waited for a lock while it held another;
//! - no preemption is broken only if, besides, a thread that could not get a lock it needed
//!   gave up what it held (a `try_lock` failed and it let go of everything before trying
//!   again). Letting go is both readings of one fix: nobody waits holding, and the thread
//!   takes its own locks back. Both names are accepted for it;
//! - circular wait is what is left when threads *do* wait while holding, yet no cycle can
//!   form: that no deadlock can happen is for the model checker to show, not these records.

use super::registry::Evidence;

/// The four Coffman conditions (exercises keep their own enum; their tests map it to this).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    MutualExclusion,
    HoldAndWait,
    NoPreemption,
    CircularWait,
}

/// Whether `evidence` bears out the claim that the code breaks `claim`; if not, why not, in
/// words for the learner.
pub fn judge(claim: Condition, evidence: &Evidence) -> Result<(), String> {
    if evidence.acquisitions == 0 {
        return Err(
            "no `shim::tracked::Mutex` was ever locked, so nothing shows which condition \
                    your fix breaks: keep the locks the exercise ships (`shim::tracked::Mutex`)"
                .to_string(),
        );
    }
    let waited = evidence.waited_while_holding();
    let example = || {
        evidence
            .first_wait_while_holding
            .as_deref()
            .or(evidence.first_kept.as_deref())
            .unwrap_or("a thread waited for a lock while it held another")
            .to_string()
    };
    match claim {
        Condition::MutualExclusion => Err("you named MutualExclusion, but the locks still let \
                                           one thread at a time in: mutual exclusion holds"
            .to_string()),
        Condition::HoldAndWait if waited => Err(format!(
            "you named HoldAndWait, but a thread waited for a lock while it held another ({}). \
             Hold and wait is broken only if no thread ever does that",
            example()
        )),
        Condition::HoldAndWait => Ok(()),
        Condition::NoPreemption if waited => Err(format!(
            "you named NoPreemption, but a thread that could not get a lock kept what it held \
             and waited ({}). No preemption is broken only if a thread that cannot get the rest \
             gives up what it holds",
            example()
        )),
        Condition::NoPreemption if evidence.gave_up == 0 => Err(
            "you named NoPreemption, but no thread ever gave up a lock it held because it could \
             not get another (no `try_lock` failed while a lock was held, followed by letting go)"
                .to_string(),
        ),
        Condition::NoPreemption => Ok(()),
        Condition::CircularWait if !waited => Err(
            "you named CircularWait, but no thread ever waited for a lock while it held another, \
             so there were no waits to form a cycle: your fix breaks hold and wait (or, if a \
             thread lets go of what it holds when it cannot get the rest, no preemption)"
                .to_string(),
        ),
        Condition::CircularWait => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(waits: u64, gave_up: u64, kept: u64) -> Evidence {
        Evidence {
            acquisitions: 10,
            requests_while_holding: waits,
            waits_while_holding: waits,
            failed_tries_while_holding: gave_up + kept,
            gave_up,
            kept,
            ..Evidence::default()
        }
    }

    #[test]
    fn a_lock_order_breaks_circular_wait_only() {
        let ordered = evidence(3, 0, 0);
        assert!(judge(Condition::CircularWait, &ordered).is_ok());
        assert!(judge(Condition::HoldAndWait, &ordered).is_err());
        assert!(judge(Condition::NoPreemption, &ordered).is_err());
        assert!(judge(Condition::MutualExclusion, &ordered).is_err());
    }

    #[test]
    fn letting_go_after_a_failed_try_breaks_hold_and_wait_or_no_preemption() {
        let backs_off = evidence(0, 2, 0);
        assert!(judge(Condition::HoldAndWait, &backs_off).is_ok());
        assert!(judge(Condition::NoPreemption, &backs_off).is_ok());
        assert!(judge(Condition::CircularWait, &backs_off).is_err());
    }

    #[test]
    fn never_holding_two_locks_breaks_hold_and_wait_only() {
        let one_lock = evidence(0, 0, 0);
        assert!(judge(Condition::HoldAndWait, &one_lock).is_ok());
        let error = judge(Condition::NoPreemption, &one_lock).unwrap_err();
        assert!(error.contains("ever gave up"), "{error}");
        assert!(judge(Condition::CircularWait, &one_lock).is_err());
    }

    #[test]
    fn spinning_on_try_lock_while_holding_is_still_waiting_while_holding() {
        let spins = evidence(0, 1, 1);
        assert!(judge(Condition::HoldAndWait, &spins).is_err());
        assert!(judge(Condition::NoPreemption, &spins).is_err());
        assert!(judge(Condition::CircularWait, &spins).is_ok());
    }

    #[test]
    fn no_tracked_lock_proves_nothing() {
        let error = judge(Condition::HoldAndWait, &Evidence::default()).unwrap_err();
        assert!(error.contains("shim::tracked::Mutex"), "{error}");
    }
}
