//! Which file-system events are saves of an exercise.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use anyhow::{Context, Result};
use notify::{EventKind, RecursiveMode, Watcher};

use super::Event;

/// Watches `exercises/` recursively and sends every relevant save as an [`Event::Saved`].
///
/// Directory watches (not file watches) survive editors that save by writing a temporary
/// file and renaming it over the original: the rename shows up as an event on the real name.
pub fn watch(exercises_dir: &Path, events: Sender<Event>) -> Result<notify::RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        let event = match result {
            Ok(event) => event,
            Err(error) => {
                // Often a full inotify queue or watch limit: saves may be missed from now on.
                let _ = events.send(Event::Fault(format!(
                    "the file watcher failed ({error}); a save may be missed: press r to re-run"
                )));
                return;
            }
        };
        if !matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_)) {
            return;
        }
        for path in event.paths.into_iter().filter(|path| is_source_save(path)) {
            let _ = events.send(Event::Saved(path));
        }
    })
    .context("while starting the file watcher")?;
    watcher
        .watch(exercises_dir, RecursiveMode::Recursive)
        .with_context(|| format!("while watching {}", exercises_dir.display()))?;
    Ok(watcher)
}

/// A file a learner saves, not build output, an editor's swap or backup file, or metadata.
pub fn is_source_save(path: &Path) -> bool {
    if path.components().any(|part| part.as_os_str() == "target") {
        return false;
    }
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
        return false;
    };
    let editor_litter = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913" // vim's probe file
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".orig"].iter().any(|suffix| name.ends_with(suffix));
    !editor_litter
        && matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("rs" | "toml")
        )
}

/// The exercise folder, among `dirs`, that holds `path`.
pub fn owner<'a>(dirs: impl Iterator<Item = (usize, &'a PathBuf)>, path: &Path) -> Option<usize> {
    dirs.into_iter()
        .find(|(_, dir)| path.starts_with(dir))
        .map(|(index, _)| index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_of_sources_count_and_editor_litter_does_not() {
        assert!(is_source_save(Path::new(
            "/w/exercises/03_locks/spinlock/src/lib.rs"
        )));
        assert!(is_source_save(Path::new(
            "/w/exercises/03_locks/spinlock/Cargo.toml"
        )));
        assert!(!is_source_save(Path::new(
            "/w/exercises/03_locks/spinlock/src/.lib.rs.swp"
        )));
        assert!(!is_source_save(Path::new(
            "/w/exercises/03_locks/spinlock/src/lib.rs~"
        )));
        assert!(!is_source_save(Path::new(
            "/w/exercises/03_locks/spinlock/src/4913"
        )));
        assert!(!is_source_save(Path::new(
            "/w/exercises/03_locks/spinlock/src/lib.rs.tmp"
        )));
        assert!(!is_source_save(Path::new(
            "/w/exercises/03_locks/spinlock/target/debug/x.rs"
        )));
        assert!(!is_source_save(Path::new(
            "/w/exercises/03_locks/spinlock/README.md"
        )));
    }
}
