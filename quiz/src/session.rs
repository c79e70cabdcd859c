//! A quiz session: which questions, in which order, with which choice order; how a response is
//! read and graded; the score per section. Front ends only display and collect.
use serde::Serialize;

use crate::bank::{Answer, Question, normalize_text};
use crate::catalog;

/// A small seeded generator (SplitMix64): the same seed gives the same quiz on every machine,
/// and the quiz needs no cryptographic quality.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound > 0`); the modulo bias is irrelevant at quiz sizes.
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound as u64) as usize
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for last in (1..items.len()).rev() {
            items.swap(last, self.below(last + 1));
        }
    }
}

/// A question as this session shows it: `order[shown] = index in the file's choices`.
#[derive(Debug, Clone)]
pub struct Asked<'a> {
    pub question: &'a Question,
    pub order: Vec<usize>,
}

impl<'a> Asked<'a> {
    /// Shuffles the choices of choice questions; true/false keeps "true" first.
    pub fn new(question: &'a Question, rng: &mut Rng) -> Self {
        let mut order: Vec<usize> = match &question.answer {
            Answer::Choices { choices, .. } => (0..choices.len()).collect(),
            Answer::TrueFalse(_) | Answer::Text { .. } => Vec::new(),
        };
        rng.shuffle(&mut order);
        Asked { question, order }
    }

    /// The choices in the order shown (for true/false: "True", "False").
    pub fn shown_choices(&self) -> Vec<&str> {
        match &self.question.answer {
            Answer::Choices { choices, .. } => {
                self.order.iter().map(|&i| choices[i].as_str()).collect()
            }
            Answer::TrueFalse(_) => vec!["True", "False"],
            Answer::Text { .. } => Vec::new(),
        }
    }

    pub fn is_multiple(&self) -> bool {
        matches!(self.question.answer, Answer::Choices { multiple: true, .. })
    }

    /// The right response in shown numbering, e.g. `2`, `1,3`, `true` or the model text.
    pub fn correct_response(&self) -> Response {
        match &self.question.answer {
            Answer::Choices { correct, .. } => {
                let mut shown: Vec<usize> = correct
                    .iter()
                    .filter_map(|original| self.order.iter().position(|o| o == original))
                    .collect();
                shown.sort_unstable();
                Response::Choices(shown)
            }
            Answer::TrueFalse(value) => Response::TrueFalse(*value),
            Answer::Text { shown, .. } => Response::Text(shown.clone()),
        }
    }

    /// The right answer as the learner should read it after a miss.
    pub fn correct_text(&self) -> String {
        match self.correct_response() {
            Response::Choices(shown) => {
                let choices = self.shown_choices();
                shown
                    .iter()
                    .map(|&i| format!("{}) {}", i + 1, choices[i]))
                    .collect::<Vec<_>>()
                    .join("; ")
            }
            response => response.to_string(),
        }
    }

    /// Reads one typed line as a response to this question.
    pub fn parse(&self, line: &str) -> Result<Response, String> {
        let line = line.trim();
        match &self.question.answer {
            Answer::Text { .. } => Ok(Response::Text(line.to_string())),
            Answer::TrueFalse(_) => match line.to_lowercase().as_str() {
                "t" | "true" | "1" => Ok(Response::TrueFalse(true)),
                "f" | "false" | "2" => Ok(Response::TrueFalse(false)),
                _ => Err(format!("`{line}` is not an answer: type t or f")),
            },
            Answer::Choices {
                choices, multiple, ..
            } => {
                let count = choices.len();
                let mut picked = Vec::new();
                for part in line.split([',', ' ']).filter(|part| !part.is_empty()) {
                    match part.parse::<usize>() {
                        Ok(number) if (1..=count).contains(&number) => picked.push(number - 1),
                        _ => {
                            return Err(format!(
                                "`{part}` is not a choice: type a number from 1 to {count}"
                            ));
                        }
                    }
                }
                picked.sort_unstable();
                picked.dedup();
                match picked.len() {
                    0 => Err("no choice given".into()),
                    1 => Ok(Response::Choices(picked)),
                    _ if *multiple => Ok(Response::Choices(picked)),
                    _ => Err("choose exactly one number".into()),
                }
            }
        }
    }

    /// Whether a response is right. Multiple select needs exactly the right set.
    pub fn grade(&self, response: &Response) -> bool {
        match (&self.question.answer, response) {
            (Answer::Text { accepted, .. }, Response::Text(text)) => {
                accepted.contains(&normalize_text(text))
            }
            (Answer::TrueFalse(right), Response::TrueFalse(given)) => right == given,
            (Answer::Choices { .. }, Response::Choices(_)) => *response == self.correct_response(),
            _ => false,
        }
    }
}

/// What the learner answered, in shown numbering (0-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    Choices(Vec<usize>),
    TrueFalse(bool),
    Text(String),
    /// Skipped, unreadable, or the answers ran out.
    NoAnswer,
}

impl std::fmt::Display for Response {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Response::Choices(shown) => {
                let numbers: Vec<String> = shown.iter().map(|i| (i + 1).to_string()).collect();
                write!(formatter, "{}", numbers.join(","))
            }
            Response::TrueFalse(value) => write!(formatter, "{value}"),
            Response::Text(text) => write!(formatter, "{text}"),
            Response::NoAnswer => write!(formatter, "(no answer)"),
        }
    }
}

/// Picks the questions of a normal (not review) session: those of the chosen sections (all when
/// none are chosen), shuffled by the seed, at most `count`.
pub fn select<'a>(
    questions: &'a [Question],
    sections: &[String],
    count: usize,
    rng: &mut Rng,
) -> Vec<Asked<'a>> {
    let mut chosen: Vec<&Question> = questions
        .iter()
        .filter(|question| sections.is_empty() || sections.contains(&question.section))
        .collect();
    rng.shuffle(&mut chosen);
    chosen.truncate(count);
    chosen
        .into_iter()
        .map(|question| Asked::new(question, rng))
        .collect()
}

/// One graded question of a session.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub id: String,
    pub section: String,
    pub correct: bool,
    /// The response as typed (shown numbering, 1-based).
    pub answer: String,
    /// The right response in the same numbering.
    pub expected: String,
}

impl Outcome {
    pub fn new(asked: &Asked<'_>, response: &Response) -> Self {
        Outcome {
            id: asked.question.id.clone(),
            section: asked.question.section.clone(),
            correct: asked.grade(response),
            answer: response.to_string(),
            expected: asked.correct_response().to_string(),
        }
    }
}

/// The score of one section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionScore {
    pub section: String,
    pub correct: usize,
    pub total: usize,
}

/// The machine-readable result of a session (what `--json` prints).
#[derive(Debug, Clone, Serialize)]
pub struct QuizResult {
    pub seed: u64,
    pub review: bool,
    pub score: usize,
    pub total: usize,
    pub questions: Vec<Outcome>,
    pub sections: Vec<SectionScore>,
}

impl QuizResult {
    pub fn new(seed: u64, review: bool, questions: Vec<Outcome>) -> Self {
        let mut sections: Vec<SectionScore> = Vec::new();
        for outcome in &questions {
            let index = match sections.iter().position(|s| s.section == outcome.section) {
                Some(index) => index,
                None => {
                    sections.push(SectionScore {
                        section: outcome.section.clone(),
                        correct: 0,
                        total: 0,
                    });
                    sections.len() - 1
                }
            };
            sections[index].total += 1;
            sections[index].correct += usize::from(outcome.correct);
        }
        sections.sort_by_key(|score| catalog::section_index(&score.section));
        let score = questions.iter().filter(|outcome| outcome.correct).count();
        QuizResult {
            seed,
            review,
            score,
            total: questions.len(),
            questions,
            sections,
        }
    }

    pub fn missed_ids(&self) -> Vec<&str> {
        self.questions
            .iter()
            .filter(|o| !o.correct)
            .map(|o| o.id.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Kind;
    use std::path::PathBuf;

    fn choice_question(multiple: bool, correct: Vec<usize>) -> Question {
        let choices = ["a", "b", "c", "d"].map(String::from).to_vec();
        Question {
            id: "t.q".into(),
            section: "races".into(),
            kind: if multiple {
                Kind::Multiple
            } else {
                Kind::Single
            },
            prompt: "?".into(),
            code: None,
            compiler: None,
            output: None,
            answer: Answer::Choices {
                choices,
                correct,
                multiple,
            },
            explanation: "because".into(),
            exercise: None,
            source: PathBuf::from("t.toml"),
        }
    }

    #[test]
    fn the_same_seed_shuffles_the_same_way() {
        let mut first: Vec<u32> = (0..20).collect();
        let mut second = first.clone();
        Rng::new(42).shuffle(&mut first);
        Rng::new(42).shuffle(&mut second);
        assert_eq!(first, second);
        assert_ne!(first, (0..20).collect::<Vec<_>>());
    }

    #[test]
    fn shuffled_choices_keep_the_answer_mapping() {
        let question = choice_question(false, vec![2]);
        for seed in 0..50 {
            let asked = Asked::new(&question, &mut Rng::new(seed));
            let shown = asked.shown_choices();
            let right = shown.iter().position(|choice| *choice == "c").unwrap();
            assert!(
                asked.grade(&asked.parse(&(right + 1).to_string()).unwrap()),
                "seed {seed}"
            );
            let wrong = (right + 1) % 4;
            assert!(
                !asked.grade(&asked.parse(&(wrong + 1).to_string()).unwrap()),
                "seed {seed}"
            );
        }
    }

    #[test]
    fn multiple_select_needs_exactly_the_right_set() {
        let question = choice_question(true, vec![0, 3]);
        let asked = Asked {
            question: &question,
            order: vec![0, 1, 2, 3],
        };
        assert!(asked.grade(&asked.parse("4, 1").unwrap()));
        assert!(asked.grade(&asked.parse("1 4").unwrap()));
        assert!(!asked.grade(&asked.parse("1").unwrap()));
        assert!(!asked.grade(&asked.parse("1,2,4").unwrap()));
        assert!(asked.parse("5").is_err());
        assert!(asked.parse("").is_err());
    }

    #[test]
    fn single_choice_refuses_two_numbers() {
        let question = choice_question(false, vec![0]);
        let asked = Asked {
            question: &question,
            order: vec![0, 1, 2, 3],
        };
        assert!(asked.parse("1,2").is_err());
        assert_eq!(asked.correct_text(), "1) a");
    }

    #[test]
    fn section_scores_follow_course_order() {
        let outcome = |id: &str, section: &str, correct| Outcome {
            id: id.into(),
            section: section.into(),
            correct,
            answer: String::new(),
            expected: String::new(),
        };
        let result = QuizResult::new(
            1,
            false,
            vec![
                outcome("a", "rust", true),
                outcome("b", "tls", false),
                outcome("c", "rust", false),
            ],
        );
        assert_eq!(result.score, 1);
        assert_eq!(
            result.sections[0],
            SectionScore {
                section: "tls".into(),
                correct: 0,
                total: 1
            }
        );
        assert_eq!(
            result.sections[1],
            SectionScore {
                section: "rust".into(),
                correct: 1,
                total: 2
            }
        );
        assert_eq!(result.missed_ids(), ["b", "c"]);
    }
}
