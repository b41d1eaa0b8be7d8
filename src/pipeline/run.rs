//! The two stages every assessment goes through, the case's own and each of the
//! what-if's trials alike: every rule file run on the case (the evaluation), then
//! the assessment built from what the rules did, with the safety invariants.

use crate::assessment::Assessment;
use crate::case::Case;
use crate::evaluation::{Evaluation, Options, Stopped, evaluate, evaluate_again};
use crate::ruleset::RuleSet;

/// `case` evaluated and assessed, with the trace of what each rule file did (and,
/// with `trace_reads`, read); or the error that stopped it, with the trace so far.
pub(super) fn evaluated(
    rules: &RuleSet,
    case: &Case,
    trace_reads: bool,
) -> Result<(Assessment, Evaluation), Box<Stopped>> {
    let evaluation = evaluate(rules, case, Options { trace_reads })?;
    Ok((Assessment::build(rules, case, &evaluation), evaluation))
}

/// `case`, which differs from the case `base` was made for only in the answers
/// to `changed`, evaluated and assessed again: only the rule files that read one
/// of them (through the definitions too, as found from the syntax trees when the
/// rules load) run again; the others' traces are taken from `base`.
pub(super) fn evaluated_again(
    rules: &RuleSet,
    case: &Case,
    base: &Evaluation,
    changed: &[&str],
) -> Result<Assessment, Box<Stopped>> {
    let reach = &rules.probes.reach;
    let rerun = |rule: &crate::ruleset::RuleFile| {
        reach
            .iter()
            .find(|r| r.path == rule.path)
            .is_none_or(|r| changed.iter().any(|field| r.depends_on(field)))
    };
    let evaluation = evaluate_again(rules, case, base, &rerun)?;
    Ok(Assessment::build(rules, case, &evaluation))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::place::Origin;
    use crate::ruleset::RuleSource;

    /// Running only the files that read the changed answers gives the same
    /// assessment as running them all: over the fixtures (every third), each
    /// unanswered question that applies answered each way the what-if tries,
    /// and every red-flag question answered yes at once.
    #[test]
    fn running_only_the_files_that_read_a_changed_answer_gives_the_same_assessment() {
        let rules = RuleSet::load(&RuleSource::Folder("rules".into())).expect("rules");
        let mut paths: Vec<_> = std::fs::read_dir("fixtures")
            .expect("fixtures")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        paths.sort();
        let mut tried = 0;
        for path in paths.iter().step_by(3) {
            let text = std::fs::read_to_string(path).expect("fixture");
            let fixture = crate::authoring::Fixture::from_json(
                &text,
                &Origin::file(path.display().to_string()),
                &rules.vocabulary,
            )
            .expect("a fixture");
            let case = fixture.case;
            let (_, base) = evaluated(&rules, &case, false).expect("assessed");
            let mut changes: Vec<Vec<(String, crate::case::Value)>> = Vec::new();
            for (qualified, value) in crate::pipeline::whatif::every_answer(&rules, &case) {
                changes.push(vec![(qualified, value)]);
            }
            changes.push(
                crate::pipeline::whatif::every_answer(&rules, &case)
                    .into_iter()
                    .filter(|(_, v)| *v == crate::case::Value::Bool(true))
                    .collect(),
            );
            for answers in changes {
                let mut trial = case.clone();
                for (field, value) in &answers {
                    trial = trial.answered(field, value);
                }
                let changed: Vec<&str> = answers.iter().map(|(f, _)| f.as_str()).collect();
                let full = evaluated(&rules, &trial, false).map(|(a, _)| a);
                let again = evaluated_again(&rules, &trial, &base, &changed);
                match (full, again) {
                    (Ok(full), Ok(again)) => {
                        assert_eq!(full, again, "{}: {answers:?}", path.display());
                    }
                    (Err(a), Err(b)) => assert_eq!(a.error.to_string(), b.error.to_string()),
                    (a, b) => panic!("{}: {answers:?}: {:?} / {:?}", path.display(), a.is_ok(), b.is_ok()),
                }
                tried += 1;
            }
        }
        assert!(tried > 1000, "{tried} trials");
    }
}
