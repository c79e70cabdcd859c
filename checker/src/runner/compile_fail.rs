//! The compile_fail stage: for lessons the type system teaches (`Send`, `Sync`, a lock that
//! owns its data), some code must *not* compile against the learner's crate.
//!
//! `tests/compile_fail.rs` holds snippets, each a module behind `#[cfg(snippet = "NAME")]`
//! (so the file is an empty, harmless test target for cargo), with a doc line that says what
//! the compiler must do: `expect: E0277` (fail with that error code) or `expect: compiles`.
//! The other doc lines explain the snippet; a failure quotes them. The runner compiles the
//! file with `cargo rustc --profile=check` and the snippets' cfgs switched on: one run for the
//! snippets that must compile, one for those that must not (each error is the snippet's whose
//! lines hold it); a must-fail snippet that lacks its code there is compiled again alone, as
//! an error elsewhere can stop the compiler before it reaches it. The learner's files first
//! pass the grading guard: an `unsafe impl Send` would make every check here meaningless.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use syn::spanned::Spanned;

use crate::guard;
use crate::manifest::{GuardRule, Stage, StageSettings};
use crate::sandbox::{self, Cancel, Exit, Job, Limits};
use crate::verdict::Verdict;

use super::Subject;

/// The file of the stage's snippets, in the exercise crate.
pub const SNIPPETS_FILE: &str = "tests/compile_fail.rs";

/// What the compiler must do with a snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    Compiles,
    /// Fails, with this error code among its errors.
    Fails(String),
}

/// One snippet of `tests/compile_fail.rs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub name: String,
    pub expect: Expect,
    /// Its doc lines but the `expect:` one: why the compiler must say what it says.
    pub why: String,
    /// The lines of the file it spans, first and last.
    lines: (usize, usize),
}

/// The snippets of a `tests/compile_fail.rs`, in file order; a message if the file is not
/// as this module describes (the exercise's fault, not the learner's).
pub fn snippets(source: &str) -> Result<Vec<Snippet>, String> {
    let file = syn::parse_file(source).map_err(|error| {
        format!(
            "{SNIPPETS_FILE} does not parse (line {}): {error}",
            error.span().start().line
        )
    })?;
    let mut snippets = Vec::new();
    for item in &file.items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        let Some(name) = snippet_name(&module.attrs) else {
            continue;
        };
        let docs = doc_lines(&module.attrs);
        let (expects, why): (Vec<&String>, Vec<&String>) = docs
            .iter()
            .partition(|line| line.trim_start().starts_with("expect:"));
        let expect = match expects.as_slice() {
            [line] => match line.trim_start().trim_start_matches("expect:").trim() {
                "compiles" => Expect::Compiles,
                code if is_error_code(code) => Expect::Fails(code.to_string()),
                other => {
                    return Err(format!(
                        "{SNIPPETS_FILE}: snippet `{name}` expects {other:?}; write \
                         `/// expect: compiles` or an error code such as `/// expect: E0277`"
                    ));
                }
            },
            _ => {
                return Err(format!(
                    "{SNIPPETS_FILE}: snippet `{name}` needs exactly one doc line \
                     `/// expect: compiles` or `/// expect: E0277`"
                ));
            }
        };
        let last = module
            .content
            .as_ref()
            .map_or(module.span().end().line, |(brace, _)| {
                brace.span.close().end().line
            });
        snippets.push(Snippet {
            name,
            expect,
            why: why
                .iter()
                .map(|line| line.trim())
                .collect::<Vec<_>>()
                .join(" ")
                .trim()
                .to_string(),
            lines: (module.mod_token.span.start().line, last),
        });
    }
    if snippets.is_empty() {
        return Err(format!(
            "{SNIPPETS_FILE} has no snippet: write modules behind `#[cfg(snippet = \"NAME\")]`"
        ));
    }
    Ok(snippets)
}

fn is_error_code(code: &str) -> bool {
    code.len() == 5 && code.starts_with('E') && code[1..].bytes().all(|b| b.is_ascii_digit())
}

/// `NAME` of a `#[cfg(snippet = "NAME")]` attribute.
fn snippet_name(attrs: &[syn::Attribute]) -> Option<String> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .find_map(|attr| {
            let value: syn::MetaNameValue = attr.parse_args().ok()?;
            if !value.path.is_ident("snippet") {
                return None;
            }
            match value.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(name),
                    ..
                }) => Some(name.value()),
                _ => None,
            }
        })
}

fn doc_lines(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }),
                ..
            }) => Some(text.value()),
            _ => None,
        })
        .collect()
}

/// The stage's outcome: the verdict and how many snippets it judged.
/// Each compilation may take the stage's `timeout_secs`.
pub fn run_stage(
    subject: &Subject<'_>,
    settings: &StageSettings,
    cancel: &Cancel,
) -> (usize, Verdict) {
    let limit = Duration::from_secs(settings.timeout_secs);
    if let Some(refusal) = guard_learner_files(subject) {
        return (0, refusal);
    }
    let path = subject.crate_dir.join(SNIPPETS_FILE);
    let snippets = match std::fs::read_to_string(&path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))
        .and_then(|source| snippets(&source))
    {
        Ok(snippets) => snippets,
        Err(message) => return (0, Verdict::Error { message }),
    };
    let (must_compile, must_fail): (Vec<&Snippet>, Vec<&Snippet>) = snippets
        .iter()
        .partition(|snippet| snippet.expect == Expect::Compiles);
    if !must_compile.is_empty() {
        let errors = match compile(subject, &must_compile, limit, cancel) {
            Ok(errors) => errors,
            Err(verdict) => return (0, verdict),
        };
        if let Some((snippet, error)) = must_compile.iter().find_map(|snippet| {
            errors
                .iter()
                .find(|e| e.in_snippet(snippet))
                .map(|e| (snippet, e))
        }) {
            return (
                snippets.len(),
                failed(
                    snippet,
                    format!(
                        "{}\n\n{}",
                        prose(&format!(
                            "this snippet must compile, and it does not. {}",
                            snippet.why
                        )),
                        error.rendered
                    ),
                ),
            );
        }
    }
    if must_fail.is_empty() {
        return (snippets.len(), Verdict::Passed);
    }
    let together = match compile(subject, &must_fail, limit, cancel) {
        Ok(errors) => errors,
        Err(verdict) => return (0, verdict),
    };
    for snippet in must_fail {
        let Expect::Fails(code) = &snippet.expect else {
            continue;
        };
        let has_code = |errors: &[CompilerError]| {
            errors
                .iter()
                .any(|e| e.in_snippet(snippet) && e.code.as_deref() == Some(code))
        };
        if has_code(&together) {
            continue;
        }
        let alone = match compile(subject, &[snippet], limit, cancel) {
            Ok(errors) => errors,
            Err(verdict) => return (0, verdict),
        };
        if has_code(&alone) {
            continue;
        }
        let message = match alone.iter().find(|e| e.in_snippet(snippet)) {
            None => prose(&format!(
                "this snippet compiles, and it must not: the compiler should refuse it with \
                 {code}. {}",
                snippet.why
            )),
            Some(other) => format!(
                "{}\n\n{}",
                prose(&format!(
                    "this snippet must fail with {code}, but the compiler refused it for \
                     another reason. {}",
                    snippet.why
                )),
                other.rendered
            ),
        };
        return (snippets.len(), failed(snippet, message));
    }
    (snippets.len(), Verdict::Passed)
}

/// Our sentences, wrapped for the terminal (rustc's own output keeps its lines).
fn prose(text: &str) -> String {
    super::explain::wrap(text, 90)
}

fn failed(snippet: &Snippet, message: String) -> Verdict {
    Verdict::Failed {
        stage: Stage::CompileFail,
        test: snippet.name.clone(),
        message,
    }
}

/// The grading guard on the learner's files, so that a check and a grade agree: above all,
/// `unsafe impl Send` or `Sync` would silence exactly what this stage checks.
fn guard_learner_files(subject: &Subject<'_>) -> Option<Verdict> {
    let allow = &subject.manifest.guard.allow;
    for file in &subject.manifest.files {
        let Ok(source) = std::fs::read_to_string(subject.crate_dir.join(file)) else {
            continue;
        };
        // A file that does not parse does not compile either: the build has said so.
        let Ok(findings) = guard::inspect(file, &source, allow) else {
            continue;
        };
        if let Some(finding) = findings.first() {
            let why = if finding.rule == GuardRule::Unsafe {
                "`unsafe` (an `unsafe impl Send` or `Sync` above all) tells the compiler to take \
                 your word that a type is safe to send or share, and switches off the very \
                 checks this exercise is about. Make the type thread-safe with parts that are: \
                 `Arc` for shared ownership, `Mutex` or atomics for shared changes."
            } else {
                "no answer to this exercise needs it."
            };
            return Some(Verdict::Failed {
                stage: Stage::CompileFail,
                test: "guard".into(),
                message: prose(&format!("{finding}: {why}")),
            });
        }
    }
    None
}

/// One error the compiler reported, with its code and where.
#[derive(Debug, Clone, PartialEq)]
struct CompilerError {
    code: Option<String>,
    /// The primary span's file (as rustc names it) and line.
    file: PathBuf,
    line: usize,
    rendered: String,
}

impl CompilerError {
    fn in_snippet(&self, snippet: &Snippet) -> bool {
        self.file.ends_with(SNIPPETS_FILE)
            && (snippet.lines.0..=snippet.lines.1).contains(&self.line)
    }
}

/// Compiles the snippets file with these snippets switched on; the errors rustc reported.
/// An error outside the snippets is the learner's crate failing to compile.
fn compile(
    subject: &Subject<'_>,
    snippets: &[&Snippet],
    limit: Duration,
    cancel: &Cancel,
) -> Result<Vec<CompilerError>, Verdict> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let stem = Path::new(SNIPPETS_FILE)
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut job = Job::new(
        PathBuf::from(cargo),
        &subject.crate_dir,
        Limits::wall_only(limit),
    )
    .arg("rustc")
    .arg("--profile=check")
    .arg("--message-format=json")
    .arg("--package")
    .arg(&subject.manifest.slug)
    .arg("--test")
    .arg(stem)
    .arg("--target-dir")
    .arg(&subject.target_dir)
    .arg("--");
    for snippet in snippets {
        job = job
            .arg("--cfg")
            .arg(format!("snippet=\"{}\"", snippet.name));
    }
    let job = job
        .env_remove("CARGO_TARGET_DIR")
        .env("CARGO_TERM_COLOR", "never");
    let outcome = sandbox::run(&job, cancel).map_err(|error| Verdict::Error {
        message: format!("could not run cargo: {error}"),
    })?;
    match outcome.exit {
        Exit::Cancelled => {
            return Err(Verdict::Error {
                message: "the check was cancelled".into(),
            });
        }
        Exit::TimedOut => {
            return Err(Verdict::Error {
                message: format!(
                    "compiling the snippets took longer than {} s (the stage's timeout_secs) \
                     and was stopped",
                    limit.as_secs()
                ),
            });
        }
        _ => {}
    }
    let errors = parse_errors(&outcome.stdout);
    let outside: Vec<&CompilerError> = errors
        .iter()
        .filter(|error| !snippets.iter().any(|snippet| error.in_snippet(snippet)))
        .collect();
    if !outside.is_empty() {
        let rendered: Vec<&str> = outside
            .iter()
            .map(|error| error.rendered.as_str())
            .collect();
        return Err(Verdict::CompileError {
            diagnostics: rendered.join("\n"),
        });
    }
    if errors.is_empty() && outcome.exit != Exit::Code(0) {
        return Err(Verdict::Error {
            message: format!("cargo failed:\n{}", outcome.stderr.trim()),
        });
    }
    Ok(errors)
}

#[derive(Deserialize)]
struct Line {
    reason: String,
    message: Option<Diagnostic>,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    code: Option<Code>,
    #[serde(default)]
    spans: Vec<Span>,
    rendered: Option<String>,
}

#[derive(Deserialize)]
struct Code {
    code: String,
}

#[derive(Deserialize)]
struct Span {
    file_name: PathBuf,
    line_start: usize,
    is_primary: bool,
}

fn parse_errors(stdout: &str) -> Vec<CompilerError> {
    stdout
        .lines()
        .filter(|line| line.starts_with('{'))
        .filter_map(|line| serde_json::from_str::<Line>(line).ok())
        .filter(|line| line.reason == "compiler-message")
        .filter_map(|line| line.message)
        .filter(|message| message.level == "error")
        .filter_map(|message| {
            // "aborting due to ..." has no span: it is no error of its own.
            let primary = message.spans.iter().find(|span| span.is_primary)?;
            Some(CompilerError {
                code: message.code.map(|code| code.code),
                file: primary.file_name.clone(),
                line: primary.line_start,
                rendered: message.rendered.unwrap_or_default(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"//! Snippets.
#![allow(dead_code)]

/// An Rc is not Send.
/// expect: E0277
#[cfg(snippet = "rc_not_send")]
mod rc_not_send {
    fn f() {}
}

/// expect: compiles
/// An Arc is.
#[cfg(snippet = "arc_is_send")]
mod arc_is_send {}

mod helper {}
"#;

    #[test]
    fn snippets_are_the_modules_behind_a_snippet_cfg_with_what_they_expect() {
        let snippets = snippets(FILE).unwrap();
        assert_eq!(snippets.len(), 2);
        assert_eq!(snippets[0].name, "rc_not_send");
        assert_eq!(snippets[0].expect, Expect::Fails("E0277".into()));
        assert_eq!(snippets[0].why, "An Rc is not Send.");
        assert_eq!(snippets[0].lines, (7, 9));
        assert_eq!(snippets[1].expect, Expect::Compiles);
        assert_eq!(snippets[1].why, "An Arc is.");
    }

    #[test]
    fn a_snippet_without_a_clear_expectation_is_the_exercises_error() {
        let no_expect = "#[cfg(snippet = \"a\")]\nmod a {}\n";
        assert!(snippets(no_expect).unwrap_err().contains("exactly one"));
        let bad_code = "/// expect: E27\n#[cfg(snippet = \"a\")]\nmod a {}\n";
        assert!(snippets(bad_code).unwrap_err().contains("E27"));
        assert!(snippets("mod a {}").unwrap_err().contains("no snippet"));
    }

    #[test]
    fn errors_are_read_with_their_code_and_primary_line() {
        let stdout = r#"{"reason":"compiler-message","message":{"level":"error","code":{"code":"E0277"},"spans":[{"file_name":"tests/compile_fail.rs","line_start":8,"is_primary":true}],"rendered":"error[E0277]: `Rc<u8>` cannot be sent"}}
{"reason":"compiler-message","message":{"level":"error","code":null,"spans":[],"rendered":"error: aborting"}}
{"reason":"compiler-message","message":{"level":"warning","code":null,"spans":[{"file_name":"src/lib.rs","line_start":1,"is_primary":true}],"rendered":"warning"}}
{"reason":"build-finished","success":false}"#;
        let errors = parse_errors(stdout);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code.as_deref(), Some("E0277"));
        let snippets = snippets(FILE).unwrap();
        assert!(errors[0].in_snippet(&snippets[0]));
        assert!(!errors[0].in_snippet(&snippets[1]));
    }
}
