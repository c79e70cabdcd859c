//! The threadlings engine: one engine, many faces (the CLI is one of them).
#![deny(unsafe_code)]

pub mod answer;
pub mod app;
pub mod cli;
pub mod commands;
pub mod course;
#[cfg(test)]
mod course_map;
pub mod edition;
#[cfg(feature = "instructor")]
pub mod grade;
pub mod guard;
pub mod last_check;
pub mod manifest;
pub mod outcome_table;
pub mod overview;
#[cfg(feature = "instructor")]
pub mod render;
pub mod report;
pub mod restore;
pub mod runner;
pub mod sandbox;
pub mod scaffold;
pub mod scratch;
pub mod shipped;
pub mod state;
pub mod status;
pub mod story;
pub mod timeline;
pub mod verdict;
pub mod watch;
pub mod workbook;
