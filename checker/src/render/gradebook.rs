//! The gradebook: one row per learner, one column per exercise (its points), and the total.

use crate::grade::report::ClassReport;

pub fn csv(report: &ClassReport) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["learner".to_string()];
    header.extend(report.exercises.iter().map(|e| e.id.clone()));
    header.push("total".into());
    writer.write_record(&header)?;
    for learner in &report.learners {
        let mut row = vec![learner.learner.clone()];
        row.extend(learner.exercises.iter().map(|e| e.points.to_string()));
        row.push(learner.score.to_string());
        writer.write_record(&row)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| csv::Error::from(error.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
