//! Spaced review with Leitner boxes, and the history file that keeps them.
//!
//! A right answer moves a question up one box, a wrong one sends it back to box 1. A question is
//! due again when the interval of its box has passed since it was last answered, so what the
//! learner misses comes back at once and what they know comes back ever more rarely.
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::bank::Question;
use crate::session::Outcome;

const DAY: u64 = 24 * 60 * 60;
/// Days until a question in box `n` (1-based) is due again.
const BOX_INTERVAL_DAYS: [u64; 5] = [0, 1, 3, 7, 21];
const HISTORY_VERSION: u32 = 1;

/// The learner's record of one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Leitner box, 1 to 5.
    #[serde(rename = "box")]
    pub leitner_box: u8,
    /// Unix time of the last answer.
    pub last_seen: u64,
    pub seen: u32,
    pub correct: u32,
}

impl Record {
    pub fn due_at(&self) -> u64 {
        let index = usize::from(self.leitner_box.clamp(1, 5)) - 1;
        self.last_seen + BOX_INTERVAL_DAYS[index] * DAY
    }
}

/// Every question the learner has answered, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    pub version: u32,
    pub questions: BTreeMap<String, Record>,
}

impl History {
    /// Records one answer at time `now`.
    pub fn record(&mut self, outcome: &Outcome, now: u64) {
        let record = self.questions.entry(outcome.id.clone()).or_insert(Record {
            leitner_box: 1,
            last_seen: now,
            seen: 0,
            correct: 0,
        });
        record.seen += 1;
        record.last_seen = now;
        if outcome.correct {
            record.correct += 1;
            record.leitner_box = (record.leitner_box + 1).min(5);
        } else {
            record.leitner_box = 1;
        }
    }

    /// The questions due for review at `now`: lowest box first, then the longest unseen.
    /// Questions never answered are not review; a normal session introduces them.
    pub fn due<'a>(
        &self,
        questions: &'a [Question],
        sections: &[String],
        now: u64,
    ) -> Vec<&'a Question> {
        let mut due: Vec<(&Record, &Question)> = questions
            .iter()
            .filter(|question| sections.is_empty() || sections.contains(&question.section))
            .filter_map(|question| Some((self.questions.get(&question.id)?, question)))
            .filter(|(record, _)| record.due_at() <= now)
            .collect();
        due.sort_by_key(|(record, question)| {
            (record.leitner_box, record.last_seen, question.id.as_str())
        });
        due.into_iter().map(|(_, question)| question).collect()
    }

    /// When the next question of the chosen sections becomes due, if any has been answered.
    pub fn next_due(&self, questions: &[Question], sections: &[String]) -> Option<u64> {
        questions
            .iter()
            .filter(|question| sections.is_empty() || sections.contains(&question.section))
            .filter_map(|question| self.questions.get(&question.id))
            .map(Record::due_at)
            .min()
    }
}

/// Reads the history. A missing file is an empty history. A file that cannot be understood is
/// never overwritten: it is moved aside to `<name>.corrupt-<unix time>` and the returned notice
/// says so, and the quiz starts a fresh history.
pub fn load(path: &Path, now: u64) -> anyhow::Result<(History, Option<String>)> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok((
                History {
                    version: HISTORY_VERSION,
                    ..History::default()
                },
                None,
            ));
        }
        Err(error) => {
            return Err(error)
                .with_context(|| format!("while reading the quiz history {}", path.display()));
        }
    };
    let problem = match serde_json::from_str::<History>(&text) {
        Ok(history) if history.version == HISTORY_VERSION => return Ok((history, None)),
        Ok(history) => format!(
            "it has version {}, this quiz reads version {HISTORY_VERSION}",
            history.version
        ),
        Err(error) => error.to_string(),
    };
    let mut aside = path.as_os_str().to_owned();
    aside.push(format!(".corrupt-{now}"));
    let aside = PathBuf::from(aside);
    std::fs::rename(path, &aside).with_context(|| {
        format!(
            "while moving the unreadable quiz history {} aside",
            path.display()
        )
    })?;
    let notice = format!(
        "the quiz history {} could not be read ({problem}); it was moved to {} and a fresh \
         history was started",
        path.display(),
        aside.display()
    );
    Ok((
        History {
            version: HISTORY_VERSION,
            ..History::default()
        },
        Some(notice),
    ))
}

/// Writes the history atomically: a temporary file in the same directory, renamed over the old
/// one, so a crash or a full disk leaves either the old history or the new one, never half.
pub fn save(path: &Path, history: &History) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).with_context(|| format!("while creating {}", dir.display()))?;
    let mut file = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("while creating a temporary file in {}", dir.display()))?;
    serde_json::to_writer_pretty(&mut file, history).context("while encoding the quiz history")?;
    file.write_all(b"\n")
        .context("while writing the quiz history")?;
    file.as_file()
        .sync_all()
        .context("while flushing the quiz history to disk")?;
    file.persist(path)
        .with_context(|| format!("while replacing {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(id: &str, correct: bool) -> Outcome {
        Outcome {
            id: id.into(),
            section: "tls".into(),
            correct,
            answer: String::new(),
            expected: String::new(),
        }
    }

    #[test]
    fn right_answers_climb_boxes_and_a_miss_drops_to_box_one() {
        let mut history = History::default();
        for _ in 0..7 {
            history.record(&outcome("q", true), 100);
        }
        assert_eq!(history.questions["q"].leitner_box, 5);
        history.record(&outcome("q", false), 200);
        let record = history.questions["q"];
        assert_eq!(
            (
                record.leitner_box,
                record.seen,
                record.correct,
                record.last_seen
            ),
            (1, 8, 7, 200)
        );
    }

    #[test]
    fn a_missed_question_is_due_at_once_and_a_known_one_later() {
        let mut history = History::default();
        history.record(&outcome("missed", false), 1000);
        history.record(&outcome("known", true), 1000);
        assert_eq!(history.questions["missed"].due_at(), 1000);
        assert_eq!(history.questions["known"].due_at(), 1000 + DAY);
    }

    #[test]
    fn a_corrupt_history_is_moved_aside_not_wiped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("quiz.json");
        std::fs::write(&path, "{ not json").unwrap();
        let (history, notice) = load(&path, 77).unwrap();
        assert!(history.questions.is_empty());
        assert!(notice.unwrap().contains("quiz.json.corrupt-77"));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("quiz.json.corrupt-77")).unwrap(),
            "{ not json"
        );
        assert!(!path.exists());
    }

    #[test]
    fn save_then_load_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state").join("quiz.json");
        let mut history = History {
            version: HISTORY_VERSION,
            ..History::default()
        };
        history.record(&outcome("q", true), 5);
        save(&path, &history).unwrap();
        let (loaded, notice) = load(&path, 6).unwrap();
        assert_eq!((loaded, notice), (history, None));
    }
}
