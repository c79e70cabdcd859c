//! `COURSE.md`, the course's map, stays true to the workbook: every exercise is on it as ready,
//! under its chapter and with its sections, nothing is ready there that the workbook lacks,
//! and every section of the course is taught by some exercise on it.

use std::collections::BTreeSet;
use std::path::Path;

use crate::manifest::SEED_TAGS;
use crate::workbook::Workbook;

/// One exercise row: `| `slug` | you build | `tag`, `tag` | ready |`.
#[derive(Debug)]
struct Row {
    slug: String,
    /// The chapter folder of the heading above the row, e.g. `03_locks`.
    chapter_dir: String,
    tags: BTreeSet<String>,
    ready: bool,
}

fn rows(map: &str) -> Vec<Row> {
    let mut chapter_dir = String::new();
    let mut rows = Vec::new();
    for line in map.lines() {
        if line.starts_with("### ")
            && let Some((_, rest)) = line.split_once("`exercises/")
        {
            chapter_dir = rest
                .split(['/', '`'])
                .next()
                .unwrap_or_default()
                .to_string();
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // "", slug, build, tags, status, ""
        if let [_, slug, _, tags, status, _] = cells.as_slice()
            && (*status == "ready" || *status == "to come")
        {
            rows.push(Row {
                slug: slug.trim_matches('`').to_string(),
                chapter_dir: chapter_dir.clone(),
                tags: tags
                    .split(',')
                    .map(|tag| tag.trim().trim_matches('`').to_string())
                    .collect(),
                ready: *status == "ready",
            });
        }
    }
    rows
}

fn map_and_workbook() -> (Vec<Row>, Workbook) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let map = std::fs::read_to_string(root.join("COURSE.md")).expect("COURSE.md is at the root");
    let workbook = Workbook::load(&root).expect("the workbook loads");
    (rows(&map), workbook)
}

#[test]
fn every_exercise_of_the_workbook_is_on_the_map_as_ready_with_its_sections() {
    let (rows, workbook) = map_and_workbook();
    for exercise in &workbook.exercises {
        let slug = exercise.slug();
        let tags: BTreeSet<String> = exercise.manifest.seed_tags.iter().cloned().collect();
        let Some(row) = rows.iter().find(|row| row.slug == slug) else {
            panic!(
                "COURSE.md has no row for `{slug}`: add `| `{slug}` | {} | {} | ready |` under \
                 chapter {}",
                exercise.manifest.title,
                tags.iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                exercise.chapter_dir
            )
        };
        assert!(
            row.ready,
            "COURSE.md: `{slug}` is shipped now: mark it ready"
        );
        assert_eq!(
            row.chapter_dir, exercise.chapter_dir,
            "COURSE.md: `{slug}`'s chapter"
        );
        assert_eq!(
            row.tags, tags,
            "COURSE.md: `{slug}`'s sections, as in its seed_tags"
        );
    }
    for row in rows.iter().filter(|row| row.ready) {
        assert!(
            workbook.exercises.iter().any(|e| e.slug() == row.slug),
            "COURSE.md says `{}` is ready, but the workbook has no such exercise",
            row.slug
        );
    }
}

#[test]
fn every_section_of_the_course_is_taught_by_an_exercise_on_the_map() {
    let (rows, _) = map_and_workbook();
    let taught: BTreeSet<&str> = rows
        .iter()
        .flat_map(|row| row.tags.iter().map(String::as_str))
        .collect();
    for tag in SEED_TAGS {
        assert!(
            taught.contains(tag),
            "no exercise on COURSE.md teaches `{tag}`"
        );
    }
    for tag in &taught {
        assert!(
            SEED_TAGS.contains(tag),
            "COURSE.md: `{tag}` is not a section tag"
        );
    }
    let slugs: BTreeSet<&str> = rows.iter().map(|row| row.slug.as_str()).collect();
    assert_eq!(slugs.len(), rows.len(), "COURSE.md lists an exercise twice");
}
