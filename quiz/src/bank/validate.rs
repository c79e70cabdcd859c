//! Turns one TOML file into questions, field by field, so that every problem can name the exact
//! field and say how to fix it (serde's messages cannot name the question they are about).
use std::path::Path;

use toml::{Table, Value};

use super::{Answer, BankError, Kind, Question, Verdict, normalize_text, verdict_text};
use crate::catalog::{self, SECTIONS};

const FIELDS: [&str; 12] = [
    "id",
    "section",
    "type",
    "prompt",
    "code",
    "compiler",
    "output",
    "choices",
    "answer",
    "accept",
    "explanation",
    "exercise",
];
const MAX_CHOICES: usize = 9;
/// Code is shown indented under a gutter, and lines must stay within 100 columns.
const MAX_CODE_WIDTH: usize = 92;

/// Parses and validates one file, appending its valid questions and its problems.
pub(super) fn file(
    path: &Path,
    text: &str,
    known_exercises: &[String],
    questions: &mut Vec<Question>,
    errors: &mut Vec<BankError>,
) {
    let table: Table = match toml::from_str(text) {
        Ok(table) => table,
        Err(error) => {
            let message = error.to_string().trim_end().replace('\n', "\n    ");
            errors.push(BankError::Syntax {
                path: path.to_path_buf(),
                message,
            });
            return;
        }
    };
    let mut file_level = FieldChecker::new(path, "(file)".into(), errors);
    for key in table.keys().filter(|key| *key != "question") {
        file_level.fail(
            key,
            "unknown top-level key",
            "put every question in a [[question]] table",
        );
    }
    let Some(entries) = table.get("question") else {
        file_level.fail(
            "question",
            "no questions",
            "add at least one [[question]] table",
        );
        return;
    };
    let Some(entries) = entries.as_array() else {
        file_level.fail(
            "question",
            "must be an array of tables",
            "write each one as [[question]]",
        );
        return;
    };
    for (position, entry) in entries.iter().enumerate() {
        let Some(table) = entry.as_table() else {
            file_level.fail(
                "question",
                "must be an array of tables",
                "write each as [[question]]",
            );
            continue;
        };
        let id = match table.get("id").and_then(Value::as_str) {
            Some(id) => id.to_string(),
            None => format!("#{}", position + 1),
        };
        let mut checker = FieldChecker::new(path, id, file_level.errors);
        if let Some(question) = checker.question(table, known_exercises) {
            questions.push(question);
        }
    }
}

/// `E` and four digits, as rustc numbers its errors.
fn is_error_code(name: &str) -> bool {
    name.len() == 5 && name.starts_with('E') && name[1..].chars().all(|c| c.is_ascii_digit())
}

struct FieldChecker<'a> {
    path: &'a Path,
    id: String,
    errors: &'a mut Vec<BankError>,
    failed: bool,
}

impl<'a> FieldChecker<'a> {
    fn new(path: &'a Path, id: String, errors: &'a mut Vec<BankError>) -> Self {
        FieldChecker {
            path,
            id,
            errors,
            failed: false,
        }
    }

    fn fail(&mut self, field: &str, problem: impl Into<String>, fix: impl Into<String>) {
        self.failed = true;
        self.errors.push(BankError::Field {
            path: self.path.to_path_buf(),
            id: self.id.clone(),
            field: field.into(),
            problem: problem.into(),
            fix: fix.into(),
        });
    }

    fn question(&mut self, table: &Table, known_exercises: &[String]) -> Option<Question> {
        for key in table.keys().filter(|key| !FIELDS.contains(&key.as_str())) {
            let fix = match catalog::closest(key, FIELDS) {
                Some(near) => format!(
                    "did you mean `{near}`? the fields are {}",
                    FIELDS.join(", ")
                ),
                None => format!("remove it; the fields are {}", FIELDS.join(", ")),
            };
            self.fail(key, "unknown field", fix);
        }
        let id = self.text(table, "id", true);
        if let Some(id) = &id {
            let well_formed = id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
            if !well_formed {
                self.fail("id", format!("`{id}` is not a stable id"), "use lower-case letters, digits, `-`, `_` and `.`, e.g. `deadlock.coffman-four`");
            }
        }
        let section = self.section(table);
        let kind = self.kind(table);
        let prompt = self.text(table, "prompt", true);
        let explanation = self.text(table, "explanation", true);
        let code = self.code(table, kind);
        let compiler = self.compiler(table, kind, prompt.as_deref(), explanation.as_deref());
        let output = self.output(table, compiler.as_ref());
        let exercise = self.exercise(table, known_exercises);
        let answer = kind.and_then(|kind| self.answer(table, kind));
        if let (
            Some(verdict),
            Some(Answer::Choices {
                choices, correct, ..
            }),
        ) = (&compiler, &answer)
        {
            let right: Vec<&str> = correct
                .iter()
                .map(|&index| choices[index].as_str())
                .collect();
            if let Some((problem, fix)) = verdict_text::key_contradiction(verdict, &right) {
                self.fail("answer", problem, fix);
            }
            if let Some((problem, fix)) = output
                .as_deref()
                .and_then(|output| verdict_text::unkeyed_output(output, &right))
            {
                self.fail("output", problem, fix);
            }
        }
        if self.failed {
            return None;
        }
        Some(Question {
            id: id?,
            section: section?,
            kind: kind?,
            prompt: prompt?,
            code,
            compiler,
            output,
            answer: answer?,
            explanation: explanation?,
            exercise,
            source: self.path.to_path_buf(),
        })
    }

    /// A non-blank string field.
    fn text(&mut self, table: &Table, field: &str, required: bool) -> Option<String> {
        match table.get(field) {
            None if required => self.fail(field, "is missing", format!("add `{field} = \"...\"`")),
            None => {}
            Some(Value::String(text)) if !text.trim().is_empty() => return Some(text.clone()),
            Some(Value::String(_)) => self.fail(
                field,
                "is empty",
                "write the text, or remove the field if it is optional",
            ),
            Some(other) => self.fail(
                field,
                format!("must be a string, found {}", other.type_str()),
                format!("write `{field} = \"...\"`"),
            ),
        }
        None
    }

    fn section(&mut self, table: &Table) -> Option<String> {
        let section = self.text(table, "section", true)?;
        if catalog::section_index(&section).is_some() {
            return Some(section);
        }
        let fix = match catalog::closest(&section, SECTIONS.iter().map(|(tag, _)| *tag)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("use one of the COURSE.md tags: {}", catalog::section_list()),
        };
        self.fail("section", format!("`{section}` is not a section tag"), fix);
        None
    }

    fn kind(&mut self, table: &Table) -> Option<Kind> {
        let name = self.text(table, "type", true)?;
        let kinds = [
            Kind::Single,
            Kind::Multiple,
            Kind::TrueFalse,
            Kind::Short,
            Kind::Code,
        ];
        match Kind::NAMES.iter().position(|known| *known == name) {
            Some(index) => Some(kinds[index]),
            None => {
                self.fail(
                    "type",
                    format!("`{name}` is not a question type"),
                    format!("use one of {}", Kind::NAMES.join(", ")),
                );
                None
            }
        }
    }

    fn code(&mut self, table: &Table, kind: Option<Kind>) -> Option<String> {
        let required = kind == Some(Kind::Code);
        let code = self.text(table, "code", required)?;
        let code = code.trim_matches('\n').to_string();
        if let Some((number, line)) = code
            .lines()
            .enumerate()
            .find(|(_, line)| line.chars().count() > MAX_CODE_WIDTH)
        {
            self.fail(
                "code",
                format!(
                    "line {} is {} columns wide",
                    number + 1,
                    line.chars().count()
                ),
                format!(
                    "wrap code lines at {MAX_CODE_WIDTH} columns so they fit a 100-column terminal"
                ),
            );
        }
        if code.contains('\t') {
            self.fail(
                "code",
                "contains a tab",
                "indent with spaces (4 per level, as rustfmt does)",
            );
        }
        Some(code)
    }

    /// What rustc must say about a complete program. Without it, code is a fragment, and a
    /// fragment cannot be asked whether it compiles or what it prints: only a whole program
    /// answers that, and only a checked one answers it truthfully.
    fn compiler(
        &mut self,
        table: &Table,
        kind: Option<Kind>,
        prompt: Option<&str>,
        explanation: Option<&str>,
    ) -> Option<Verdict> {
        let mentions = |text: &str, word: &str| text.to_lowercase().contains(word);
        let choices_mention_compiling =
            table
                .get("choices")
                .and_then(Value::as_array)
                .is_some_and(|choices| {
                    choices
                        .iter()
                        .filter_map(Value::as_str)
                        .any(verdict_text::speaks_of_compiling)
                });
        let asks_about_a_program = choices_mention_compiling
            || prompt
                .is_some_and(|prompt| mentions(prompt, "compile") || mentions(prompt, "print"));
        if !table.contains_key("compiler") {
            if kind == Some(Kind::Code) && asks_about_a_program {
                self.fail(
                    "compiler",
                    "is missing: the question asks whether the code compiles or what it prints, \
                     which only a complete program can answer",
                    "show a complete Rust program and add `compiler = \"compiles\"` or \
                     `compiler = \"E0382\"` (the error code rustc must report)",
                );
            }
            return None;
        }
        if kind.is_some_and(|kind| kind != Kind::Code) {
            self.fail(
                "compiler",
                "only code questions have a program to compile",
                "remove `compiler`, or make the question `type = \"code\"`",
            );
            return None;
        }
        let name = self.text(table, "compiler", true)?;
        let verdict = if name == "compiles" {
            Verdict::Compiles
        } else if is_error_code(&name) {
            Verdict::Fails(name)
        } else {
            self.fail(
                "compiler",
                format!("`{name}` is neither `compiles` nor a rustc error code"),
                "write `compiler = \"compiles\"` or the code rustc reports, e.g. \
                 `compiler = \"E0277\"`",
            );
            return None;
        };
        if let (Verdict::Fails(code), Some(explanation)) = (&verdict, explanation)
            && !explanation.contains(code.as_str())
        {
            self.fail(
                "explanation",
                format!("does not name the error `{code}` that the program must fail with"),
                format!("say in the explanation why rustc reports {code}"),
            );
        }
        Some(verdict)
    }

    /// Every stdout a run of the program may print, for the program check to run it against.
    /// Only a program that compiles can be run.
    fn output(&mut self, table: &Table, verdict: Option<&Verdict>) -> Option<Vec<String>> {
        let value = table.get("output")?;
        if verdict != Some(&Verdict::Compiles) {
            self.fail(
                "output",
                "only a complete program that compiles can be run",
                "remove `output`, or add `compiler = \"compiles\"` to a complete program",
            );
            return None;
        }
        let outputs: Option<Vec<String>> = value.as_array().and_then(|items| {
            items
                .iter()
                .map(|item| item.as_str().map(|text| text.trim_end().to_string()))
                .collect()
        });
        match outputs {
            Some(outputs) if !outputs.is_empty() => Some(outputs),
            _ => {
                self.fail(
                    "output",
                    "must be a non-empty list of strings",
                    "write every stdout a run may print, e.g. `output = [\"42\", \"0\", \"\"]`",
                );
                None
            }
        }
    }

    /// The linked exercise, if this workbook has it. A slug of the course's exercise set that
    /// this workbook does not ship (a trimmed or still-growing workbook) is dropped quietly, so
    /// the quiz keeps working; any other slug is a typo and an error.
    fn exercise(&mut self, table: &Table, known_exercises: &[String]) -> Option<String> {
        let slug = self.text(table, "exercise", false)?;
        if known_exercises.contains(&slug) {
            return Some(slug);
        }
        if catalog::DEFAULT_EXERCISES.contains(&slug.as_str()) {
            return None;
        }
        let fix = match catalog::closest(&slug, known_exercises.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "name an exercise slug of the workbook, or remove the field".into(),
        };
        self.fail("exercise", format!("`{slug}` is not a known exercise"), fix);
        None
    }

    fn answer(&mut self, table: &Table, kind: Kind) -> Option<Answer> {
        let takes_choices = matches!(kind, Kind::Single | Kind::Multiple | Kind::Code);
        if !takes_choices && table.contains_key("choices") {
            self.fail(
                "choices",
                format!("a {} question has no choices", Kind::NAMES[kind as usize]),
                "remove `choices`",
            );
        }
        if kind != Kind::Short && table.contains_key("accept") {
            self.fail(
                "accept",
                "only short-answer questions accept alternatives",
                "remove `accept`, or make the question `type = \"short\"`",
            );
        }
        let Some(answer) = table.get("answer") else {
            let example = match kind {
                Kind::Single | Kind::Code => {
                    "answer = 2   # the number of the right choice, counting from 1"
                }
                Kind::Multiple => "answer = [1, 3]   # the numbers of all right choices",
                Kind::TrueFalse => "answer = true",
                Kind::Short => "answer = \"the model answer\"",
            };
            self.fail("answer", "is missing", format!("add `{example}`"));
            return None;
        };
        match kind {
            Kind::TrueFalse => match answer {
                Value::Boolean(value) => Some(Answer::TrueFalse(*value)),
                other => {
                    self.fail(
                        "answer",
                        format!("must be true or false, found {}", other.type_str()),
                        "write `answer = true` or `answer = false` (no quotes)",
                    );
                    None
                }
            },
            Kind::Short => self.short_answer(table, answer),
            Kind::Single | Kind::Multiple | Kind::Code => self.choice_answer(table, kind, answer),
        }
    }

    fn short_answer(&mut self, table: &Table, answer: &Value) -> Option<Answer> {
        let Some(shown) = answer
            .as_str()
            .filter(|text| !normalize_text(text).is_empty())
        else {
            self.fail(
                "answer",
                "a short answer must be a non-empty string",
                "write `answer = \"the model answer\"`",
            );
            return None;
        };
        let mut accepted = vec![normalize_text(shown)];
        match table.get("accept") {
            None => {}
            Some(Value::Array(items)) => {
                for item in items {
                    match item.as_str().map(normalize_text) {
                        Some(text) if !text.is_empty() => accepted.push(text),
                        _ => self.fail(
                            "accept",
                            "must be a list of non-empty strings",
                            "write `accept = [\"other spelling\", \"synonym\"]`",
                        ),
                    }
                }
            }
            Some(_) => self.fail(
                "accept",
                "must be a list of strings",
                "write `accept = [\"other spelling\", \"synonym\"]`",
            ),
        }
        Some(Answer::Text {
            accepted,
            shown: shown.trim().to_string(),
        })
    }

    fn choice_answer(&mut self, table: &Table, kind: Kind, answer: &Value) -> Option<Answer> {
        let choices = self.choices(table)?;
        let count = choices.len();
        let (numbers, multiple) = match (kind, answer) {
            (Kind::Single | Kind::Code, Value::Integer(number)) => (vec![*number], false),
            (Kind::Multiple | Kind::Code, Value::Array(items)) => {
                let numbers: Option<Vec<i64>> = items.iter().map(Value::as_integer).collect();
                let Some(numbers) = numbers.filter(|numbers| !numbers.is_empty()) else {
                    self.fail(
                        "answer",
                        "must be a non-empty list of choice numbers",
                        "write e.g. `answer = [1, 3]`",
                    );
                    return None;
                };
                (numbers, true)
            }
            (Kind::Single, _) => {
                self.fail("answer", format!("must be one choice number, found {}", answer.type_str()), format!("write `answer = N` with N from 1 to {count}; for several right choices use `type = \"multiple\"`"));
                return None;
            }
            (Kind::Multiple, _) => {
                self.fail(
                    "answer",
                    format!(
                        "must be a list of choice numbers, found {}",
                        answer.type_str()
                    ),
                    "write e.g. `answer = [1, 3]`",
                );
                return None;
            }
            _ => {
                self.fail(
                    "answer",
                    format!(
                        "must be a choice number or a list of them, found {}",
                        answer.type_str()
                    ),
                    "write `answer = 2` (one right choice) or `answer = [1, 3]` (several)",
                );
                return None;
            }
        };
        let mut correct = Vec::new();
        for number in numbers {
            match usize::try_from(number)
                .ok()
                .filter(|number| (1..=count).contains(number))
            {
                Some(number) if !correct.contains(&(number - 1)) => correct.push(number - 1),
                Some(number) => self.fail(
                    "answer",
                    format!("choice {number} is listed twice"),
                    "list each right choice once",
                ),
                None => self.fail(
                    "answer",
                    format!("{number} is not a choice: there are {count} choices, numbered from 1"),
                    format!("use numbers from 1 to {count}"),
                ),
            }
        }
        correct.sort_unstable();
        Some(Answer::Choices {
            choices,
            correct,
            multiple,
        })
    }

    fn choices(&mut self, table: &Table) -> Option<Vec<String>> {
        let fix = "write `choices = [\"first\", \"second\", ...]`";
        let Some(value) = table.get("choices") else {
            self.fail("choices", "is missing", fix);
            return None;
        };
        let Some(items) = value.as_array() else {
            self.fail(
                "choices",
                format!("must be a list of strings, found {}", value.type_str()),
                fix,
            );
            return None;
        };
        let choices: Option<Vec<String>> = items
            .iter()
            .map(|item| item.as_str().map(|text| text.trim().to_string()))
            .collect();
        let Some(choices) =
            choices.filter(|choices| choices.iter().all(|choice| !choice.is_empty()))
        else {
            self.fail("choices", "every choice must be a non-empty string", fix);
            return None;
        };
        if !(2..=MAX_CHOICES).contains(&choices.len()) {
            self.fail(
                "choices",
                format!("has {} choices", choices.len()),
                format!("offer between 2 and {MAX_CHOICES} choices"),
            );
            return None;
        }
        for (index, choice) in choices.iter().enumerate() {
            if choices[..index].contains(choice) {
                self.fail(
                    "choices",
                    format!("\"{choice}\" is offered twice"),
                    "make every choice different",
                );
            }
        }
        Some(choices)
    }
}
