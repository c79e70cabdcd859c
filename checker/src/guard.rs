//! The guard: before anything of a submission is built, its learner files are parsed (`syn`)
//! and refused if they reach for what no answer needs: running programs, reading the
//! environment or files (a program that finds libtest's log file and writes `ok` into it would
//! forge a pass), the network, foreign code, linker symbols, other files' text, assembly, and
//! `unsafe` where the exercise allows none. The exercise's `[guard] allow` lifts a rule.

use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream, TokenTree};
use serde::Serialize;
use syn::visit::Visit;

use crate::manifest::GuardRule;

/// One thing the guard refused, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The learner file, relative to the exercise.
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub rule: GuardRule,
    /// What was found, in a few words (`std::process::exit`, `an unsafe block`).
    pub what: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {} ({} is not allowed in this exercise)",
            self.file.display(),
            self.line,
            self.column,
            self.what,
            self.rule.name()
        )
    }
}

/// Why a file could not be inspected: grading refuses it too, since unread code is unchecked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: the guard could not parse it ({message})", file = file.display())]
pub struct Unparsable {
    pub file: PathBuf,
    pub message: String,
}

/// The findings in one learner file (`file` names it in them), in source order.
pub fn inspect(file: &Path, source: &str, allow: &[GuardRule]) -> Result<Vec<Finding>, Unparsable> {
    let parsed = syn::parse_file(source).map_err(|error| Unparsable {
        file: file.to_path_buf(),
        message: format!("line {}: {error}", error.span().start().line),
    })?;
    let mut guard = Guard {
        file,
        allow,
        findings: Vec::new(),
    };
    guard.visit_file(&parsed);
    guard
        .findings
        .sort_by_key(|finding| (finding.line, finding.column));
    guard.findings.dedup();
    Ok(guard.findings)
}

/// The parts of std (and core, alloc) a learner file may not name, by their module's name.
const MODULE_RULES: &[(&str, GuardRule)] = &[
    ("process", GuardRule::Process),
    ("env", GuardRule::Env),
    ("fs", GuardRule::Fs),
    ("net", GuardRule::Net),
];
const STD_ROOTS: &[&str] = &["std", "core", "alloc"];

/// Macros by name: what they would let a file do.
fn macro_rule(name: &str) -> Option<GuardRule> {
    match name {
        "include" | "include_str" | "include_bytes" => Some(GuardRule::Include),
        "asm" | "global_asm" | "naked_asm" => Some(GuardRule::Asm),
        "env" | "option_env" => Some(GuardRule::Env),
        _ => None,
    }
}

/// Attributes by name: symbols for the linker, or another file's text as a module.
fn attribute_rule(name: &str) -> Option<GuardRule> {
    match name {
        "no_mangle" | "export_name" | "link_section" | "link" | "link_name" | "used" => {
            Some(GuardRule::NoMangle)
        }
        "path" => Some(GuardRule::Include),
        _ => None,
    }
}

struct Guard<'a> {
    file: &'a Path,
    allow: &'a [GuardRule],
    findings: Vec<Finding>,
}

impl Guard<'_> {
    fn refuse(&mut self, rule: GuardRule, span: Span, what: String) {
        if self.allow.contains(&rule) {
            return;
        }
        let start = span.start();
        self.findings.push(Finding {
            file: self.file.to_path_buf(),
            line: start.line,
            column: start.column + 1,
            rule,
            what,
        });
    }

    /// A path such as `std::process::exit` or `::std::os::unix::fs`, as identifiers.
    fn check_path(&mut self, segments: &[String], span: Span) {
        let Some(root) = segments.first() else {
            return;
        };
        if !STD_ROOTS.contains(&root.as_str()) {
            return;
        }
        // Aborting ends the process by a signal, which never counts as a pass (`Arc` aborts
        // on a reference-count overflow, as std's does).
        if segments[1..] == ["process", "abort"] {
            return;
        }
        for (module, rule) in MODULE_RULES {
            if segments[1..].iter().any(|segment| segment == module) {
                self.refuse(*rule, span, format!("uses {}", segments.join("::")));
            }
        }
    }

    /// `use std::*` or `use std as s` hides which parts of std the file reaches.
    fn check_std_alias(&mut self, root: &str, span: Span, how: &str) {
        if STD_ROOTS.contains(&root) {
            for (_, rule) in MODULE_RULES {
                self.refuse(
                    *rule,
                    span,
                    format!("{how} `{root}`, which hides what it uses"),
                );
            }
        }
    }

    fn check_use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(path) => {
                // Checked at the leaves, so `use std::fs::write` is one finding, not two.
                prefix.push(path.ident.to_string());
                self.check_use_tree(prefix, &path.tree);
                prefix.pop();
            }
            syn::UseTree::Name(name) => {
                prefix.push(name.ident.to_string());
                self.check_path(prefix, name.ident.span());
                prefix.pop();
            }
            syn::UseTree::Rename(rename) => {
                prefix.push(rename.ident.to_string());
                self.check_path(prefix, rename.ident.span());
                if prefix.len() == 1 {
                    self.check_std_alias(&prefix[0], rename.ident.span(), "renames");
                }
                prefix.pop();
            }
            syn::UseTree::Glob(glob) => {
                self.check_path(prefix, glob.star_token.span);
                if prefix.len() == 1 {
                    self.check_std_alias(&prefix[0], glob.star_token.span, "imports all of");
                }
            }
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.check_use_tree(prefix, tree);
                }
            }
        }
    }

    /// Macro and attribute arguments are tokens, not syntax: look through them for the same
    /// things. In an attribute's arguments (`#[unsafe(no_mangle)]`, `#[cfg_attr(x, path =
    /// ..)]`) every attribute name counts; in a macro's, only names no variable would have.
    fn check_tokens(&mut self, tokens: TokenStream, in_attribute: bool) {
        let flat = flatten(tokens);
        for (index, token) in flat.iter().enumerate() {
            let TokenTree::Ident(ident) = token else {
                continue;
            };
            let name = ident.to_string();
            let next = flat.get(index + 1);
            let followed_by =
                |c: char| matches!(next, Some(TokenTree::Punct(p)) if p.as_char() == c);
            match name.as_str() {
                "unsafe" => self.refuse(GuardRule::Unsafe, ident.span(), "uses unsafe".into()),
                "extern" => self.refuse(GuardRule::Extern, ident.span(), "uses extern".into()),
                _ if followed_by('!') => {
                    if let Some(rule) = macro_rule(&name) {
                        self.refuse(rule, ident.span(), format!("uses {name}!"));
                    }
                }
                _ if STD_ROOTS.contains(&name.as_str()) => {
                    let segments = path_from(&flat[index..]);
                    self.check_path(&segments, ident.span());
                }
                "no_mangle" | "export_name" | "link_section" => {
                    self.refuse(GuardRule::NoMangle, ident.span(), format!("uses {name}"));
                }
                _ if in_attribute => {
                    if let Some(rule) = attribute_rule(&name) {
                        self.refuse(rule, ident.span(), format!("uses {name}"));
                    }
                }
                _ => {}
            }
        }
    }
}

/// Every token of a stream, groups opened up.
fn flatten(tokens: TokenStream) -> Vec<TokenTree> {
    let mut flat = Vec::new();
    for token in tokens {
        match token {
            TokenTree::Group(group) => flat.extend(flatten(group.stream())),
            other => flat.push(other),
        }
    }
    flat
}

/// The identifiers of `a::b::c` at the start of `tokens`.
fn path_from(tokens: &[TokenTree]) -> Vec<String> {
    let mut segments = Vec::new();
    let mut rest = tokens;
    while let [TokenTree::Ident(ident), tail @ ..] = rest {
        segments.push(ident.to_string());
        match tail {
            [TokenTree::Punct(a), TokenTree::Punct(b), after @ ..]
                if a.as_char() == ':' && b.as_char() == ':' =>
            {
                rest = after;
            }
            _ => break,
        }
    }
    segments
}

impl<'ast> Visit<'ast> for Guard<'_> {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if let Some(first) = path.segments.first() {
            self.check_path(&segments, first.ident.span());
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.check_use_tree(&mut Vec::new(), &item.tree);
        syn::visit::visit_item_use(self, item);
    }

    fn visit_item_extern_crate(&mut self, item: &'ast syn::ItemExternCrate) {
        self.refuse(
            GuardRule::Extern,
            item.extern_token.span,
            format!("declares extern crate {}", item.ident),
        );
        syn::visit::visit_item_extern_crate(self, item);
    }

    fn visit_item_foreign_mod(&mut self, item: &'ast syn::ItemForeignMod) {
        self.refuse(
            GuardRule::Extern,
            item.abi.extern_token.span,
            "declares an extern block (foreign functions)".into(),
        );
        syn::visit::visit_item_foreign_mod(self, item);
    }

    fn visit_abi(&mut self, abi: &'ast syn::Abi) {
        // `extern "C" fn`: callable from foreign code, with a foreign calling convention.
        self.refuse(
            GuardRule::Extern,
            abi.extern_token.span,
            "uses an extern ABI".into(),
        );
        syn::visit::visit_abi(self, abi);
    }

    fn visit_expr_unsafe(&mut self, expr: &'ast syn::ExprUnsafe) {
        self.refuse(
            GuardRule::Unsafe,
            expr.unsafe_token.span,
            "has an unsafe block".into(),
        );
        syn::visit::visit_expr_unsafe(self, expr);
    }

    fn visit_signature(&mut self, signature: &'ast syn::Signature) {
        if let syn::Safety::Unsafe(token) = &signature.safety {
            self.refuse(
                GuardRule::Unsafe,
                token.span,
                format!("declares unsafe fn {}", signature.ident),
            );
        }
        syn::visit::visit_signature(self, signature);
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        if let Some(token) = &item.unsafety {
            self.refuse(GuardRule::Unsafe, token.span, "has an unsafe impl".into());
        }
        syn::visit::visit_item_impl(self, item);
    }

    fn visit_item_trait(&mut self, item: &'ast syn::ItemTrait) {
        if let Some(token) = &item.unsafety {
            self.refuse(
                GuardRule::Unsafe,
                token.span,
                format!("declares unsafe trait {}", item.ident),
            );
        }
        syn::visit::visit_item_trait(self, item);
    }

    fn visit_attribute(&mut self, attribute: &'ast syn::Attribute) {
        // `#[unsafe(no_mangle)]` names the attribute inside; the tokens cover both forms.
        let path = attribute.path();
        let name = path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        if let Some(rule) = attribute_rule(&name) {
            self.refuse(rule, attribute.pound_token.span, format!("has #[{name}]"));
        }
        if let syn::Meta::List(list) = &attribute.meta {
            self.check_tokens(list.tokens.clone(), true);
        }
        syn::visit::visit_attribute(self, attribute);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if let Some(last) = mac.path.segments.last() {
            let name = last.ident.to_string();
            if let Some(rule) = macro_rule(&name) {
                self.refuse(rule, last.ident.span(), format!("uses {name}!"));
            }
        }
        self.check_tokens(mac.tokens.clone(), false);
        syn::visit::visit_macro(self, mac);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(source: &str, allow: &[GuardRule]) -> Vec<(usize, GuardRule)> {
        inspect(Path::new("src/lib.rs"), source, allow)
            .expect("parses")
            .into_iter()
            .map(|finding| (finding.line, finding.rule))
            .collect()
    }

    #[test]
    fn an_answer_that_needs_nothing_forbidden_passes() {
        let source = "use std::sync::atomic::{AtomicBool, Ordering};\n\
                      pub fn f(flag: &AtomicBool) -> bool { flag.load(Ordering::Acquire) }\n\
                      #[cfg(test)] mod tests { #[test] fn t() { println!(\"{}\", 1); } }\n";
        assert_eq!(rules(source, &[]), []);
    }

    #[test]
    fn reaching_for_the_process_environment_files_or_network_is_refused_with_its_line() {
        let source = "pub fn a() {\n    std::process::exit(0);\n}\n\
                      use std::{env, fs::write};\n\
                      pub fn b() { let _ = ::std::net::TcpStream::connect(\"x\"); }\n\
                      pub fn c() { println!(\"{:?}\", std::env::args()); }\n\
                      use std::os::unix::process::CommandExt;\n";
        assert_eq!(
            rules(source, &[]),
            [
                (2, GuardRule::Process),
                (4, GuardRule::Env),
                (4, GuardRule::Fs),
                (5, GuardRule::Net),
                (6, GuardRule::Env),
                (7, GuardRule::Process),
            ]
        );
        assert_eq!(
            rules("use std::net::TcpListener;", &[GuardRule::Net]),
            [],
            "allowed by the manifest"
        );
    }

    #[test]
    fn hiding_std_behind_a_glob_or_a_new_name_is_refused() {
        let found = rules("use std::*;\nuse core as c;\n", &[]);
        assert!(found.contains(&(1, GuardRule::Process)), "{found:?}");
        assert!(found.contains(&(2, GuardRule::Fs)), "{found:?}");
    }

    #[test]
    fn foreign_code_linker_symbols_included_files_and_assembly_are_refused() {
        let source = "extern \"C\" { fn getpid() -> i32; }\n\
                      #[no_mangle]\npub fn main() {}\n\
                      #[unsafe(export_name = \"x\")]\npub fn y() {}\n\
                      const T: &str = include_str!(\"/etc/passwd\");\n\
                      pub fn z() { core::arch::asm!(\"nop\"); }\n\
                      #[path = \"/tmp/x.rs\"]\nmod x;\n\
                      extern crate alloc;\n";
        let found = rules(source, &[GuardRule::Unsafe]);
        for expected in [
            (1, GuardRule::Extern),
            (2, GuardRule::NoMangle),
            (4, GuardRule::NoMangle),
            (6, GuardRule::Include),
            (7, GuardRule::Asm),
            (8, GuardRule::Include),
            (10, GuardRule::Extern),
        ] {
            assert!(found.contains(&expected), "{expected:?} not in {found:?}");
        }
    }

    #[test]
    fn unsafe_is_refused_unless_the_exercise_allows_it() {
        let source = "pub struct S;\nunsafe impl Sync for S {}\n\
                      pub unsafe fn f() {}\n\
                      pub fn g() { unsafe { f() } }\n\
                      pub fn h() { println!(\"{}\", unsafe { *(&1 as *const i32) }); }\n";
        assert_eq!(
            rules(source, &[]),
            [
                (2, GuardRule::Unsafe),
                (3, GuardRule::Unsafe),
                (4, GuardRule::Unsafe),
                (5, GuardRule::Unsafe),
            ]
        );
        assert_eq!(rules(source, &[GuardRule::Unsafe]), []);
    }

    #[test]
    fn code_the_guard_cannot_parse_is_reported_with_its_line() {
        let error =
            inspect(Path::new("src/lib.rs"), "fn f() {\n let = ;\n}", &[]).expect_err("not Rust");
        assert!(error.to_string().contains("line 2"), "{error}");
    }
}

#[cfg(test)]
mod workbook_tests {
    use super::*;
    use crate::workbook::Workbook;

    /// Every reference solution, and every right answer of another shape
    /// (`solutions/<chapter>/<slug>/right/*.toml`), gets past the guard with its exercise's
    /// `[guard] allow`: a manifest that forgets what a right answer needs fails learners.
    #[test]
    fn every_right_answer_gets_past_the_guard() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        if !root.join("solutions").is_dir() {
            eprintln!(
                "note: no solutions/ here (a learner edition, exported without solutions): no \
                 right answers to put past the guard, so this test is skipped"
            );
            return;
        }
        let workbook = Workbook::load(&root).expect("the workbook loads");
        for exercise in &workbook.exercises {
            let solution = exercise.solution_dir(&root);
            let mut answers = vec![("solution".to_string(), toml::Table::new())];
            if let Ok(entries) = std::fs::read_dir(solution.join("right")) {
                for path in entries.filter_map(Result::ok).map(|e| e.path()) {
                    if path.extension().is_some_and(|ext| ext == "toml") {
                        let text = std::fs::read_to_string(&path).expect("readable");
                        let fixture = text.parse().expect("a right answer is TOML");
                        answers.push((path.display().to_string(), fixture));
                    }
                }
            }
            for (name, fixture) in answers {
                for file in &exercise.manifest.files {
                    let source = right_answer(&solution, file, &fixture);
                    let findings = inspect(file, &source, &exercise.manifest.guard.allow)
                        .unwrap_or_else(|error| panic!("{name}: {error}"));
                    let findings: Vec<String> = findings.iter().map(|f| f.to_string()).collect();
                    assert!(
                        findings.is_empty(),
                        "{name} of {}: {}\nfix: if a right answer needs it, allow it in the \
                         exercise's manifest, e.g. `[guard] allow = [\"unsafe\"]`",
                        exercise.id(),
                        findings.join("\n")
                    );
                }
            }
        }
    }

    /// A learner file of a right answer: the solution's, or the fixture's whole file, with
    /// the fixture's `[[edit]]` find/replace pairs applied.
    fn right_answer(solution: &Path, file: &Path, fixture: &toml::Table) -> String {
        let key = file.to_string_lossy();
        let whole = fixture
            .get("files")
            .and_then(|files| files.get(key.as_ref()))
            .and_then(|beside| beside.as_str())
            .map(|beside| solution.join("right").join(beside));
        let path = whole.unwrap_or_else(|| solution.join(file));
        let mut source = std::fs::read_to_string(&path).expect("the answer's file is there");
        let edits = fixture.get("edit").and_then(|e| e.as_array());
        for edit in edits.into_iter().flatten() {
            let text = |field: &str| edit.get(field).and_then(|v| v.as_str()).unwrap_or("");
            if edit
                .get("file")
                .is_none_or(|f| f.as_str() == Some(key.as_ref()))
            {
                source = source.replacen(text("find"), text("replace"), 1);
            }
        }
        source
    }
}
