//! Points from the manifest: per stage when the stages carry points (partial credit: the
//! stages passed, in order, until the first failure), otherwise all for a check that passes.

use super::report::{Part, PartStatus};
use crate::manifest::Manifest;
use crate::verdict::{CheckReport, Verdict};

/// What each part of the exercise earned; `report` is `None` when nothing ran.
pub fn parts(manifest: &Manifest, report: Option<&CheckReport>) -> Vec<Part> {
    let compiled = report.is_some_and(|r| !matches!(r.verdict, Verdict::CompileError { .. }));
    let by_stage = manifest.stages.values().any(|s| s.points.is_some());
    if !by_stage {
        let passed = compiled && report.is_some_and(|r| r.verdict.passed());
        return vec![Part {
            stage: None,
            points: if passed { manifest.points } else { 0 },
            max_points: manifest.points,
            status: match report {
                Some(r) if r.verdict.passed() => PartStatus::Passed,
                Some(r) if matches!(r.verdict, Verdict::Inconclusive { .. }) => {
                    PartStatus::Inconclusive
                }
                Some(_) => PartStatus::Failed,
                None => PartStatus::NotRun,
            },
        }];
    }
    manifest
        .stages
        .iter()
        .map(|(&stage, settings)| {
            let max_points = settings.points.unwrap_or(0);
            let ran = report
                .filter(|_| compiled)
                .and_then(|r| r.stages.iter().find(|s| s.stage == stage));
            let status = match ran {
                Some(s) if s.passed => PartStatus::Passed,
                Some(s) if s.inconclusive => PartStatus::Inconclusive,
                Some(_) => PartStatus::Failed,
                None => PartStatus::NotRun,
            };
            Part {
                stage: Some(stage),
                points: if status == PartStatus::Passed {
                    max_points
                } else {
                    0
                },
                max_points,
                status,
            }
        })
        .collect()
}
