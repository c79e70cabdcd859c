//! What the quiz knows about the course without reading a file: the section tags of
//! COURSE.md and the exercise slugs a question may point to.

/// Section tags in course order, each with the title shown in summaries.
pub const SECTIONS: &[(&str, &str)] = &[
    ("processes-threads", "Threads vs processes"),
    ("tls", "Thread-local storage"),
    ("threading-models", "Threading models"),
    ("green-threads", "Green threads"),
    ("go-scheduler", "Go's G/M/P scheduler"),
    ("primitives", "Synchronization primitives"),
    ("memory-ordering", "Memory ordering"),
    ("races", "Races and data races"),
    ("deadlock", "Deadlock"),
    ("livelock", "Livelock"),
    ("starvation", "Starvation"),
    ("priority-inversion", "Priority inversion"),
    ("aba", "The ABA problem"),
    ("async-io", "Async I/O"),
    ("reactor-proactor", "Reactor vs proactor"),
    ("models", "Concurrency models"),
    ("csp-vs-actors", "CSP vs actors"),
    ("rust", "Rust's approach"),
];

/// Exercise slugs used when the workbook does not pass its own list.
pub const DEFAULT_EXERCISES: &[&str] = &[
    "scoped_sum",
    "threads_vs_processes",
    "thread_local_stats",
    "threading_models",
    "green_threads",
    "gmp_scheduler",
    "work_stealing_pool",
    "spinlock",
    "ticket_lock",
    "futex_mutex",
    "semaphore",
    "bounded_queue",
    "rwlock",
    "barrier",
    "cas_patterns",
    "message_passing",
    "fences",
    "peterson",
    "seqlock",
    "arc",
    "lost_update",
    "data_race",
    "bank",
    "philosophers",
    "deadlock_detector",
    "livelock",
    "no_starve_mutex",
    "priority_inversion",
    "treiber_stack",
    "hazard_pointers",
    "nonblocking_read",
    "poll_server",
    "epoll_reactor",
    "proactor",
    "oneshot",
    "mpsc_channel",
    "select",
    "csp_pipeline",
    "actor_mailbox",
    "supervisor",
    "timer_future",
    "join",
    "block_on",
    "executor",
    "async_mutex",
    "send_sync",
    "mutex_owns_data",
];

/// The position of a section tag in course order, or `None` for an unknown tag.
pub fn section_index(tag: &str) -> Option<usize> {
    SECTIONS.iter().position(|(known, _)| *known == tag)
}

/// The title of a known section tag (the tag itself for an unknown one).
pub fn section_title(tag: &str) -> &str {
    section_index(tag).map_or(tag, |index| SECTIONS[index].1)
}

/// All section tags, comma-separated, for error messages.
pub fn section_list() -> String {
    SECTIONS
        .iter()
        .map(|(tag, _)| *tag)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The known name closest to `given` when it is plausibly a typo of it.
pub fn closest<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|candidate| (strsim::levenshtein(given, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 4))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_tag_for_a_typo() {
        let tags = SECTIONS.iter().map(|(tag, _)| *tag);
        assert_eq!(
            closest("memory-ordring", tags.clone()),
            Some("memory-ordering")
        );
        assert_eq!(closest("deadlocks", tags.clone()), Some("deadlock"));
        assert_eq!(closest("quantum", tags), None);
    }

    #[test]
    fn titles_come_from_the_table_and_unknown_tags_echo() {
        assert_eq!(section_title("aba"), "The ABA problem");
        assert_eq!(section_title("nope"), "nope");
        assert_eq!(section_index("rust"), Some(SECTIONS.len() - 1));
    }
}
