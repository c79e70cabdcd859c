//! What a question's words say about compiling, read so that they can be held to the program's
//! `compiler` verdict: rustc checks the verdict (see `audit::programs`), and these checks make
//! sure the right choice says the same thing, so that a key cannot contradict the compiler.
use super::Verdict;

/// Whether `text` names a rustc error code such as `E0382`.
pub(super) fn mentions_error_code(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(5).enumerate().any(|(start, window)| {
        let boundary_before = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        let boundary_after = bytes
            .get(start + 5)
            .is_none_or(|next| !next.is_ascii_alphanumeric());
        window[0] == b'E'
            && window[1..].iter().all(u8::is_ascii_digit)
            && boundary_before
            && boundary_after
    })
}

/// Whether a choice claims, or denies, that code compiles: it names an error code or speaks
/// of compiling. A fragment offering such a choice is asked about compiling after all.
pub(super) fn speaks_of_compiling(text: &str) -> bool {
    mentions_error_code(text) || text.to_lowercase().contains("compile")
}

/// Why the right choices contradict the verdict rustc is held to, with the fix; `None` when
/// they agree. A program that must fail needs every right choice to name its error code; a
/// program that compiles must have no right choice that names an error or denies compiling.
pub(super) fn key_contradiction(verdict: &Verdict, right: &[&str]) -> Option<(String, String)> {
    match verdict {
        Verdict::Fails(code) => right.iter().find(|choice| !choice.contains(code.as_str())).map(
            |choice| {
                (
                    format!("the right choice \"{choice}\" does not name {code}, the error rustc must report"),
                    format!("say it in the right choice, e.g. \"No ({code}): ...\", so the learner meets the code rustc shows"),
                )
            },
        ),
        Verdict::Compiles => right
            .iter()
            .find(|choice| mentions_error_code(choice) || denies_compiling(choice))
            .map(|choice| {
                (
                    format!("the right choice \"{choice}\" says the program does not compile, but `compiler = \"compiles\"`"),
                    "make a choice that agrees with rustc the right one, or correct `compiler`".into(),
                )
            }),
    }
}

/// An output the program may print that no right choice mentions, with the fix; `None` when
/// every non-empty output is found in a right choice (printing nothing needs no words).
pub(super) fn unkeyed_output(output: &[String], right: &[&str]) -> Option<(String, String)> {
    output
        .iter()
        .find(|printed| !printed.is_empty() && !right.iter().any(|choice| choice.contains(*printed)))
        .map(|printed| {
            (
                format!("a run may print \"{printed}\", but no right choice says so"),
                "list in `output` only what the right choices say the program prints, or fix the key".into(),
            )
        })
}

fn denies_compiling(text: &str) -> bool {
    let text = text.to_lowercase();
    [
        "not compile",
        "n't compile",
        "fails to compile",
        "compile error",
    ]
    .iter()
    .any(|phrase| text.contains(phrase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_code_is_e_and_four_digits_standing_alone() {
        assert!(mentions_error_code("No (E0382): moved"));
        assert!(mentions_error_code("E0499"));
        assert!(!mentions_error_code("E038 or E12345"));
        assert!(!mentions_error_code("XE0382"));
        assert!(!mentions_error_code("Yes: it compiles"));
    }

    #[test]
    fn a_failing_program_needs_its_code_in_every_right_choice() {
        let verdict = Verdict::Fails("E0499".into());
        assert!(key_contradiction(&verdict, &["No (E0499): two `&mut`"]).is_none());
        let (problem, fix) = key_contradiction(&verdict, &["No: two `&mut`"]).unwrap();
        assert!(problem.contains("does not name E0499"), "{problem}");
        assert!(fix.contains("No (E0499)"), "{fix}");
    }

    #[test]
    fn every_output_a_run_may_print_is_in_a_right_choice() {
        let output = ["42".to_string(), "0".to_string(), String::new()];
        assert!(unkeyed_output(&output, &["42", "0", "Nothing"]).is_none());
        let (problem, _) = unkeyed_output(&output, &["42", "Nothing"]).unwrap();
        assert!(problem.contains("\"0\""), "{problem}");
    }

    #[test]
    fn a_compiling_program_cannot_have_a_right_choice_that_denies_it() {
        let verdict = Verdict::Compiles;
        assert!(key_contradiction(&verdict, &["Always 5050", "Yes: it compiles"]).is_none());
        assert!(key_contradiction(&verdict, &["No (E0382): moved"]).is_some());
        assert!(key_contradiction(&verdict, &["Nothing: it does not compile"]).is_some());
    }
}
