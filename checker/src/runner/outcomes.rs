//! The litmus outcomes a failing loom test left in its trace (`shim/src/outcomes.rs`):
//! `outcomes <executions> <observed>`, then one line per outcome,
//! `outcome <label> <expect> <times seen> <1 if in the failing execution> <why>`.

use crate::story::{Expect, OutcomeRow, OutcomeTable};

/// Every litmus table in `trace`, in the order the test first reported on them.
pub fn tables(trace: &str) -> Vec<OutcomeTable> {
    let mut tables: Vec<OutcomeTable> = Vec::new();
    for line in trace.lines() {
        let mut fields = line.split('\t');
        match fields.next() {
            Some("outcomes") => {
                let executions = fields.next().and_then(|n| n.parse().ok()).unwrap_or(0);
                tables.push(OutcomeTable {
                    observed: fields.next().unwrap_or("").to_string(),
                    executions,
                    rows: Vec::new(),
                });
            }
            Some("outcome") => {
                if let (Some(table), Some(row)) = (tables.last_mut(), row(fields)) {
                    table.rows.push(row);
                }
            }
            _ => {}
        }
    }
    tables
}

fn row<'a>(mut fields: impl Iterator<Item = &'a str>) -> Option<OutcomeRow> {
    let outcome = fields.next()?.to_string();
    let expect = match fields.next()? {
        "allowed" => Expect::Allowed,
        "interesting" => Expect::Interesting,
        "forbidden" => Expect::Forbidden,
        _ => Expect::Undeclared,
    };
    let seen = fields.next()?.parse().ok()?;
    let in_failing = fields.next()? == "1";
    let why = fields.next().unwrap_or("").to_string();
    Some(OutcomeRow {
        outcome,
        expect,
        seen,
        in_failing,
        why,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_table_keeps_its_rows_and_an_unreadable_line_is_skipped() {
        let trace = "step\t0\tload\t1\tRelaxed\tx/src/lib.rs:5\ttrue\n\
                     panic\tx/tests/loom.rs:9\tassertion failed\n\
                     outcomes\t7\twhat one try_read() returned\n\
                     outcome\tNone\tallowed\t4\t0\tnot yet\n\
                     outcome\tSome(0)\tforbidden\t1\t1\tstale\n\
                     outcome\tbroken\n\
                     outcomes\t7\twhat the second reader got\n\
                     outcome\tSome(9)\tundeclared\t2\t0\t\n";
        let tables = tables(trace);
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0].executions, 7);
        assert_eq!(tables[0].observed, "what one try_read() returned");
        let rows: Vec<(&str, Expect, usize, bool)> = tables[0]
            .rows
            .iter()
            .map(|row| (row.outcome.as_str(), row.expect, row.seen, row.in_failing))
            .collect();
        assert_eq!(
            rows,
            [
                ("None", Expect::Allowed, 4, false),
                ("Some(0)", Expect::Forbidden, 1, true)
            ]
        );
        let failing: Vec<&str> = tables[0]
            .seen_forbidden()
            .map(|row| row.outcome.as_str())
            .collect();
        assert_eq!(failing, ["Some(0)"]);
        assert_eq!(tables[1].rows[0].expect, Expect::Undeclared);
        assert!(super::tables("panic\tx:1\tboom\n").is_empty());
    }
}
