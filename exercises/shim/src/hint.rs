//! Spin-loop hints that the model checkers understand.

/// Call this in every spin loop.
///
/// On real hardware it is `std::hint::spin_loop` (a `pause` instruction). Under loom and
/// shuttle a spinning thread must *yield*, or the checker would explore the same spin
/// forever: there it tells the scheduler to run another thread.
#[inline]
#[track_caller]
pub fn spin_loop() {
    #[cfg(loom)]
    loom_spin::spin_loop();
    #[cfg(all(shuttle, not(loom)))]
    shuttle::hint::spin_loop();
    #[cfg(not(any(loom, shuttle)))]
    std::hint::spin_loop();
}

#[cfg(loom)]
mod loom_spin {
    /// How many times one thread may spin in one execution before loom stops branching.
    const SPINS_BEFORE_PRUNING: usize = 2;

    /// Loom 0.7 cannot finish exploring a spin loop whose failed attempts *write* (a `swap`
    /// or `fetch_or` loop): each write is a new event for it to reorder, so some schedule
    /// spins forever and hits its branch limit, though the lock is correct. A thread that has
    /// spun a few times in one execution has already shown loom every ordering that matters
    /// for these small models, so from there loom stops branching and runs the execution to
    /// its end on a fixed schedule; and from there the thread's loads of the atomic it spins
    /// on read the newest value (`crate::fairness`), so that end comes.
    #[track_caller]
    pub fn spin_loop() {
        let spins = crate::fairness::note_spin(std::panic::Location::caller());
        loom::thread::yield_now();
        if spins > SPINS_BEFORE_PRUNING {
            loom::skip_branch();
        }
    }
}
