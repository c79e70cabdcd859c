//! Typed errors of the question bank. Each one names the file, the question and the field, says
//! what is wrong and how to fix it, because the reader is an instructor editing a TOML file.
use std::fmt;
use std::path::PathBuf;

/// One problem found while loading a bank.
#[derive(Debug, thiserror::Error)]
pub enum BankError {
    /// A bank directory or file could not be read.
    #[error("{}: cannot read it: {source}\n  fix: check that the path exists and is readable", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file is not TOML at all.
    #[error("{}: not valid TOML: {message}\n  fix: correct the TOML syntax at the place shown", path.display())]
    Syntax { path: PathBuf, message: String },
    /// A bank directory holds no question file.
    #[error("{}: holds no question files (*.toml)\n  fix: add a file with [[question]] tables, or drop this --bank", dir.display())]
    NoFiles { dir: PathBuf },
    /// A question (or the file's top level) has a missing, unknown or invalid field.
    #[error("{}: question `{id}`, field `{field}`: {problem}\n  fix: {fix}", path.display())]
    Field {
        path: PathBuf,
        /// The question's id, or `#N` (its position in the file) when it has none.
        id: String,
        field: String,
        problem: String,
        fix: String,
    },
}

/// Every problem found in the banks, so an instructor fixes them in one pass.
#[derive(Debug)]
pub struct BankErrors(pub Vec<BankError>);

impl fmt::Display for BankErrors {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        let noun = if count == 1 { "problem" } else { "problems" };
        write!(formatter, "the question bank has {count} {noun}:")?;
        for error in &self.0 {
            write!(formatter, "\n- {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for BankErrors {}
