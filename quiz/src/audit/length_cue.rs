//! The length cue: when the right choice is the longest one, a test-wise learner picks it
//! without reading. Measured over the questions with exactly one right choice (single choice,
//! and code reading with one answer), where "pick the longest" is a strategy at all.
use std::path::PathBuf;

use crate::bank::{Answer, Question};

/// The bank fails the check when more than this share of counted questions is cued.
pub const MAX_SHARE: (usize, usize) = (1, 3);

/// Which questions have their key as the one longest choice, out of how many counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LengthCue {
    /// The questions whose right choice is longer than every other choice: id and file.
    pub cued: Vec<(String, PathBuf)>,
    /// How many questions have exactly one right choice.
    pub counted: usize,
}

impl LengthCue {
    pub fn measure<'a>(questions: impl IntoIterator<Item = &'a Question>) -> LengthCue {
        let mut cue = LengthCue {
            cued: Vec::new(),
            counted: 0,
        };
        for question in questions {
            let Answer::Choices {
                choices, correct, ..
            } = &question.answer
            else {
                continue;
            };
            let [key] = correct.as_slice() else {
                continue;
            };
            cue.counted += 1;
            if key_is_uniquely_longest(choices, *key) {
                cue.cued
                    .push((question.id.clone(), question.source.clone()));
            }
        }
        cue
    }

    /// More than a third of the counted questions are cued.
    pub fn too_strong(&self) -> bool {
        self.cued.len() * MAX_SHARE.1 > self.counted * MAX_SHARE.0
    }
}

/// Lengths are counted in characters, as the learner sees them.
fn key_is_uniquely_longest(choices: &[String], key: usize) -> bool {
    let key_length = choices[key].chars().count();
    choices
        .iter()
        .enumerate()
        .all(|(index, choice)| index == key || choice.chars().count() < key_length)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(choices: &[&str]) -> Vec<String> {
        choices.iter().map(|choice| choice.to_string()).collect()
    }

    #[test]
    fn only_a_strictly_longest_key_is_a_cue() {
        assert!(key_is_uniquely_longest(&strings(&["longest", "short"]), 0));
        assert!(!key_is_uniquely_longest(&strings(&["same", "four"]), 0));
        assert!(!key_is_uniquely_longest(&strings(&["key", "longer"]), 0));
    }

    #[test]
    fn a_third_is_allowed_and_more_is_not() {
        let cue = |cued: usize, counted| LengthCue {
            cued: vec![(String::new(), PathBuf::new()); cued],
            counted,
        };
        assert!(!cue(1, 3).too_strong());
        assert!(cue(2, 5).too_strong());
        assert!(!cue(0, 0).too_strong());
    }
}
