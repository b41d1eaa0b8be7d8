//! Every rule file of a rule set run on one case, in path order, each recorded
//! action checked; or the case evaluated again from an earlier evaluation, only
//! the files that can depend on what changed running again.

use super::changes::Changes;
use super::checks::{check_actions, make_definitions};
use super::evaluated::{Evaluation, Stopped};
use super::files::Files;
use super::options::Options;
use crate::case::Case;
use crate::ruleset::{RuleSet, TREATMENTS_FILE};

/// Runs every rule file on the case, in path order.
pub fn evaluate(
    rules: &RuleSet,
    case: &Case,
    options: Options,
) -> Result<Evaluation, Box<Stopped>> {
    evaluate_files(rules, case, options, None)
}

/// Runs the rule files on `case`, in path order; with `previous` (an evaluation
/// of the same rules on a case that differs only in the fields `changed`), a
/// file whose trace cannot depend on what changed keeps its trace from there.
fn evaluate_files(
    rules: &RuleSet,
    case: &Case,
    options: Options,
    previous: Option<(&Evaluation, &[&str])>,
) -> Result<Evaluation, Box<Stopped>> {
    let catalogue_file = rules.shown(TREATMENTS_FILE);
    let known = rules.known(&catalogue_file);
    let mut files = Files::new(rules, case, options);
    let mut changes = Changes::default();
    let mut evaluation = Evaluation::default();
    for (index, rule) in rules.rules.iter().enumerate() {
        let kept =
            previous.and_then(|(previous, changed)| changes.kept(previous, changed, index, rule));
        // A kept trace's actions were checked when it was recorded.
        let (trace, result) = if let Some(trace) = kept {
            (trace.clone(), Ok(()))
        } else {
            let (trace, result) = files.run(index, rule);
            if let Some((previous, _)) = previous.filter(|_| rule.definitions) {
                changes.ran(previous.files.get(index), &trace);
            }
            let checked = result.and_then(|()| check_actions(&known, rule, &trace));
            (trace, checked)
        };
        let checked = result.and_then(|()| make_definitions(&files.definitions, rule, &trace));
        evaluation.files.push(trace);
        if let Err(error) = checked {
            return Err(Box::new(Stopped {
                error,
                partial: evaluation,
            }));
        }
    }
    Ok(evaluation)
}

/// `case` evaluated from `previous`, the evaluation of the same rules on a
/// case that differs from it only in the fields `changed` (`section.field`). An
/// evaluation that is not one of these rules (a file count that differs) is not
/// used: every file runs.
pub(crate) fn reevaluate(
    rules: &RuleSet,
    previous: &Evaluation,
    case: &Case,
    changed: &[&str],
    options: Options,
) -> Result<Evaluation, Box<Stopped>> {
    let previous = (previous.files.len() == rules.rules.len()).then_some((previous, changed));
    evaluate_files(rules, case, options, previous)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::case::Value;
    use crate::engine::{Action, FileTrace};
    use crate::place::Origin;

    fn shipped() -> RuleSet {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        match RuleSet::load_folder(&root.join("rules")) {
            Ok(rules) => rules,
            Err(error) => panic!("the shipped rules do not load: {error}"),
        }
    }

    fn actions(files: &[FileTrace]) -> Vec<Vec<Action>> {
        files
            .iter()
            .map(|f| f.actions.iter().map(|r| r.action.clone()).collect())
            .collect()
    }

    /// Every fixture with each of its fields answered otherwise, one at a time:
    /// evaluated from the fixture's own evaluation, the trial gives exactly the
    /// evaluation (or the error) a whole evaluation gives.
    #[test]
    fn a_case_evaluated_again_is_the_case_evaluated_whole() {
        let rules = shipped();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut paths: Vec<_> = std::fs::read_dir(&root)
            .map(|dir| dir.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        paths.sort();
        let mut kept = 0_usize;
        let mut tried = 0_usize;
        for path in paths.iter().step_by(4) {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let Ok(case) = Case::from_json(&text, &Origin::file("f.json"), &rules.vocabulary)
            else {
                continue;
            };
            let Ok(base) = evaluate(&rules, &case, Options::default()) else {
                continue;
            };
            for (section, fields) in &case.sections {
                for (name, value) in fields {
                    let answer = match value {
                        Value::Bool(b) => Value::Bool(!b),
                        Value::Unknown => Value::Bool(true),
                        Value::Int(i) => Value::Int(i + 7),
                        _ => Value::Unknown,
                    };
                    let field = format!("{section}.{name}");
                    let trial = case.answered(&field, &answer);
                    let whole = evaluate(&rules, &trial, Options::default());
                    let again = reevaluate(&rules, &base, &trial, &[&field], Options::default());
                    tried += 1;
                    match (whole, again) {
                        (Ok(whole), Ok(again)) => {
                            assert_eq!(whole.files, again.files, "{}: {field}", path.display());
                        }
                        (Err(whole), Err(again)) => {
                            assert_eq!(whole.error.to_string(), again.error.to_string());
                            assert_eq!(
                                actions(&whole.partial.files),
                                actions(&again.partial.files)
                            );
                        }
                        _ => panic!("{}: {field}: one way failed", path.display()),
                    }
                    kept += rules
                        .rules
                        .iter()
                        .filter(|rule| !rule.reads.depends_on(&[&field], &[]))
                        .count();
                }
            }
        }
        assert!(tried > 1000, "{tried}");
        assert!(
            kept > tried * 10,
            "few files were kept: {kept} over {tried} trials"
        );
    }
}
