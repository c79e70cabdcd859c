//! JUnit XML: a test suite per learner, a test case per part of each exercise (a stage, or
//! the whole check) and one for its hidden tests. CI services read it; a learner may too, so
//! the hidden tests show only whether they passed.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::{explain, part_name, part_output};
use crate::grade::report::{ClassReport, Outcome, PartStatus};

pub fn xml(report: &ClassReport) -> Result<String, quick_junit::SerializeError> {
    let mut junit = Report::new("threadlings grade");
    junit.set_time(report.duration);
    for learner in &report.learners {
        let mut suite = TestSuite::new(learner.learner.as_str());
        suite.set_time(learner.duration);
        for grade in &learner.exercises {
            for part in &grade.parts {
                let status = match part.status {
                    PartStatus::Passed => TestCaseStatus::success(),
                    PartStatus::NotRun if grade.outcome.compiled() => {
                        let mut status = TestCaseStatus::skipped();
                        status.set_message(part_output(grade, part));
                        status
                    }
                    _ => {
                        // The checker's own trouble is an error; the learner's code a failure.
                        let kind = match grade.outcome {
                            Outcome::Error { .. } => NonSuccessKind::Error,
                            _ => NonSuccessKind::Failure,
                        };
                        let mut status = TestCaseStatus::non_success(kind);
                        let text = explain(grade);
                        status.set_message(text.lines().next().unwrap_or_default().to_string());
                        status.set_description(text);
                        status
                    }
                };
                let mut case = TestCase::new(part_name(&grade.exercise, part), status);
                case.set_classname(learner.learner.as_str());
                case.add_property(("points", part.points.to_string().as_str()));
                case.add_property(("max_points", part.max_points.to_string().as_str()));
                suite.add_test_case(case);
            }
            if let Some(hidden) = &grade.hidden {
                let status = if hidden.passed {
                    TestCaseStatus::success()
                } else {
                    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    status.set_message("the hidden tests did not pass");
                    status
                };
                let mut case = TestCase::new(format!("{}: hidden tests", grade.exercise), status);
                case.set_classname(learner.learner.as_str());
                suite.add_test_case(case);
            }
        }
        junit.add_test_suite(suite);
    }
    junit.to_string()
}
