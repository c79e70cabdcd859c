//! The length cue: when the right choice is the longest one, a test-wise learner picks it
//! without reading; a bank rewritten against that can overshoot, and make the right choice the
//! shortest. Measured over the questions with exactly one right choice (single choice, and code
//! reading with one answer), where "pick the longest" (or the shortest) is a strategy at all.
use std::path::PathBuf;

use crate::bank::{Answer, Question};

/// The bank fails the check when more than this share of counted questions is cued one way.
pub const MAX_SHARE: (usize, usize) = (1, 3);

/// Which questions have their key as the one longest, or the one shortest, choice, out of how
/// many counted. Each list holds the question's id and file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LengthCue {
    /// The right choice is longer than every other choice.
    pub longest: Vec<(String, PathBuf)>,
    /// The right choice is shorter than every other choice.
    pub shortest: Vec<(String, PathBuf)>,
    /// How many questions have exactly one right choice.
    pub counted: usize,
}

impl LengthCue {
    pub fn measure<'a>(questions: impl IntoIterator<Item = &'a Question>) -> LengthCue {
        let mut cue = LengthCue::default();
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
            let named = || (question.id.clone(), question.source.clone());
            match key_rank(choices, *key) {
                Some(Extreme::Longest) => cue.longest.push(named()),
                Some(Extreme::Shortest) => cue.shortest.push(named()),
                None => {}
            }
        }
        cue
    }

    /// More than a third of the counted questions have the key as their longest choice.
    pub fn longest_too_often(&self) -> bool {
        too_many(self.longest.len(), self.counted)
    }

    /// More than a third of the counted questions have the key as their shortest choice.
    pub fn shortest_too_often(&self) -> bool {
        too_many(self.shortest.len(), self.counted)
    }

    pub fn too_strong(&self) -> bool {
        self.longest_too_often() || self.shortest_too_often()
    }
}

fn too_many(cued: usize, counted: usize) -> bool {
    cued * MAX_SHARE.1 > counted * MAX_SHARE.0
}

#[derive(Debug, PartialEq, Eq)]
enum Extreme {
    Longest,
    Shortest,
}

/// Whether the key is strictly longer, or strictly shorter, than every other choice. Lengths
/// are counted in characters, as the learner sees them; a tie is no cue.
fn key_rank(choices: &[String], key: usize) -> Option<Extreme> {
    let key_length = choices[key].chars().count();
    let others = || {
        choices
            .iter()
            .enumerate()
            .filter(move |(index, _)| *index != key)
            .map(|(_, choice)| choice.chars().count())
    };
    if others().all(|length| length < key_length) {
        Some(Extreme::Longest)
    } else if others().all(|length| length > key_length) {
        Some(Extreme::Shortest)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rank(choices: &[&str], key: usize) -> Option<Extreme> {
        let choices: Vec<String> = choices.iter().map(|choice| choice.to_string()).collect();
        key_rank(&choices, key)
    }

    #[test]
    fn only_a_strictly_longest_or_shortest_key_is_a_cue() {
        assert_eq!(
            rank(&["longest", "short", "mid"], 0),
            Some(Extreme::Longest)
        );
        assert_eq!(
            rank(&["longest", "short", "mid"], 2),
            Some(Extreme::Shortest)
        );
        assert_eq!(rank(&["longest", "short", "middle"], 2), None);
        assert_eq!(rank(&["same", "four", "longer"], 0), None);
        assert_eq!(rank(&["same", "four", "tie"], 1), None);
    }

    #[test]
    fn a_third_is_allowed_and_more_is_not() {
        assert!(!too_many(1, 3));
        assert!(too_many(2, 5));
        assert!(!too_many(0, 0));
    }
}
