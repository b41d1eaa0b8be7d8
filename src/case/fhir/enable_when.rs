//! When a question is enabled, in FHIR terms, from the vocabulary's
//! `applies_when` (all must hold) and `applies_when_any` (one must hold).
//!
//! FHIR and the vocabulary differ on unanswered questions: an `enableWhen` on an
//! unanswered question is false (the item is hidden), while here a condition on
//! an unanswered field cannot rule the question out (unknown is not no). So each
//! condition becomes "the field is unanswered, or the test holds", with an
//! `exists = false` beside the test. When the result is one flat list (all of,
//! or any of, simple tests) it is written as `enableWhen` with its
//! `enableBehavior`; when it is not (an all-of whose parts are themselves
//! any-of), FHIR's flat list cannot say it, and the item gets the SDC
//! `enableWhenExpression` (FHIRPath) instead, which the SDC specification allows
//! only without `enableWhen`. A renderer without SDC then shows the question
//! always: asking one question too many is safe, hiding a red-flag question is not.

use serde_json::{Map, Value as Json, json};

use super::names::code_system;
use crate::case::applicability::Condition;
use crate::case::vocabulary::{Field, Kind, Vocabulary};

/// The SDC extension for a FHIRPath enable condition.
const ENABLE_WHEN_EXPRESSION: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression";

/// One test on one question's answer.
#[derive(Debug, Clone, PartialEq)]
enum Test {
    Answered(bool),
    Is(bool),
    Code(String),
    AtLeast(f64),
    Below(f64),
}

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    True,
    Atom(String, Test),
    All(Vec<Expr>),
    Any(Vec<Expr>),
}

/// The enable keys of a field's item (`enableWhen` and `enableBehavior`, or the
/// `enableWhenExpression` extension), added to `item`.
pub(super) fn add_enable(item: &mut Map<String, Json>, field: &Field, vocabulary: &Vocabulary) {
    let mut all: Vec<Expr> = field.applies_when.iter().map(condition).collect();
    if !field.applies_when_any.is_empty() {
        all.push(Expr::Any(
            field.applies_when_any.iter().map(condition).collect(),
        ));
    }
    let expr = simplify(Expr::All(all));
    let (atoms, behavior) = match &expr {
        Expr::True => return,
        Expr::Atom(..) => (vec![&expr], None),
        Expr::All(children) if children.iter().all(is_atom) => {
            (children.iter().collect(), Some("all"))
        }
        Expr::Any(children) if children.iter().all(is_atom) => {
            (children.iter().collect(), Some("any"))
        }
        _ => {
            let expression = fhirpath(&expr);
            item.insert(
                "extension".into(),
                json!([{
                    "url": ENABLE_WHEN_EXPRESSION,
                    "valueExpression": { "language": "text/fhirpath", "expression": expression },
                }]),
            );
            return;
        }
    };
    let enable_when: Vec<Json> = atoms
        .into_iter()
        .filter_map(|atom| match atom {
            Expr::Atom(question, test) => Some(enable_when(question, test, vocabulary)),
            _ => None,
        })
        .collect();
    item.insert("enableWhen".into(), Json::Array(enable_when));
    if let Some(behavior) = behavior {
        item.insert("enableBehavior".into(), json!(behavior));
    }
}

fn is_atom(expr: &Expr) -> bool {
    matches!(expr, Expr::Atom(..))
}

/// One vocabulary condition: `answered` alone; "answered, and every test holds"
/// for `answered = true` with tests; otherwise "unanswered, or every test holds".
fn condition(condition: &Condition) -> Expr {
    let field = || condition.field.clone();
    let strict = condition.answered == Some(true) && condition.has_test();
    if let Some(answered) = condition.answered
        && !strict
    {
        return Expr::Atom(field(), Test::Answered(answered));
    }
    let mut tests = Vec::new();
    if let Some(is) = condition.is {
        tests.push(Expr::Atom(field(), Test::Is(is)));
    }
    if !condition.one_of.is_empty() {
        tests.push(Expr::Any(
            condition
                .one_of
                .iter()
                .map(|value| Expr::Atom(field(), Test::Code(value.clone())))
                .collect(),
        ));
    }
    if let Some(min) = condition.at_least {
        tests.push(Expr::Atom(field(), Test::AtLeast(min)));
    }
    if let Some(max) = condition.below {
        tests.push(Expr::Atom(field(), Test::Below(max)));
    }
    if tests.is_empty() {
        return Expr::True;
    }
    if strict {
        tests.insert(0, Expr::Atom(field(), Test::Answered(true)));
        return Expr::All(tests);
    }
    Expr::Any(vec![
        Expr::Atom(field(), Test::Answered(false)),
        Expr::All(tests),
    ])
}

/// Nested lists of the same kind flattened, single children unwrapped, and
/// `True` absorbed.
fn simplify(expr: Expr) -> Expr {
    match expr {
        Expr::All(children) => {
            let mut flat = Vec::new();
            for child in children.into_iter().map(simplify) {
                match child {
                    Expr::True => {}
                    Expr::All(inner) => flat.extend(inner),
                    other => flat.push(other),
                }
            }
            match flat.len() {
                0 => Expr::True,
                1 => flat.remove(0),
                _ => Expr::All(flat),
            }
        }
        Expr::Any(children) => {
            let mut flat = Vec::new();
            for child in children.into_iter().map(simplify) {
                match child {
                    Expr::True => return Expr::True,
                    Expr::Any(inner) => flat.extend(inner),
                    other => flat.push(other),
                }
            }
            match flat.len() {
                0 => Expr::True,
                1 => flat.remove(0),
                _ => Expr::Any(flat),
            }
        }
        other => other,
    }
}

/// One `enableWhen` entry, its answer typed as the question it reads.
fn enable_when(question: &str, test: &Test, vocabulary: &Vocabulary) -> Json {
    let target = question
        .split_once('.')
        .and_then(|(section, name)| vocabulary.field(section, name));
    let number = |n: f64| match target.map(|f| f.kind) {
        // n >= 16.5 and n < 16.5 over whole numbers are n >= 17 and n < 17.
        Some(Kind::Integer) => ("answerInteger", json!(whole(n.ceil()))),
        _ => ("answerDecimal", json!(n)),
    };
    let (operator, (key, answer)) = match test {
        Test::Answered(answered) => ("exists", ("answerBoolean", json!(answered))),
        Test::Is(is) => ("=", ("answerBoolean", json!(is))),
        Test::Code(code) => (
            "=",
            (
                "answerCoding",
                json!({ "system": code_system(question), "code": code }),
            ),
        ),
        Test::AtLeast(n) => (">=", number(*n)),
        Test::Below(n) => ("<", number(*n)),
    };
    json!({ "question": question, "operator": operator, key: answer })
}

/// A whole f64 as an integer (vocabulary thresholds are small).
#[allow(clippy::cast_possible_truncation)]
fn whole(n: f64) -> i64 {
    n as i64
}

/// The condition as FHIRPath over the response (`%resource`), for the SDC
/// extension. Every test ends in `exists()`, so the result is always true or
/// false, never empty.
fn fhirpath(expr: &Expr) -> String {
    let join = |children: &[Expr], word: &str| {
        let parts: Vec<String> = children.iter().map(fhirpath).collect();
        format!("({})", parts.join(word))
    };
    match expr {
        Expr::True => "true".into(),
        Expr::All(children) => join(children, " and "),
        Expr::Any(children) => join(children, " or "),
        Expr::Atom(question, test) => {
            let answers = format!("%resource.repeat(item).where(linkId = '{question}').answer");
            match test {
                Test::Answered(true) => format!("{answers}.exists()"),
                Test::Answered(false) => format!("{answers}.exists().not()"),
                Test::Is(is) => format!("{answers}.where(value = {is}).exists()"),
                Test::Code(code) => format!("{answers}.where(value.code = '{code}').exists()"),
                Test::AtLeast(n) => format!("{answers}.where(value >= {n}).exists()"),
                Test::Below(n) => format!("{answers}.where(value < {n}).exists()"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enable(toml: &str) -> Json {
        let vocabulary = Vocabulary::from_toml("v.toml", toml).unwrap_or_else(|e| panic!("{e}"));
        let field = vocabulary.field("a", "q").unwrap_or_else(|| panic!("a.q"));
        let mut item = Map::new();
        add_enable(&mut item, field, &vocabulary);
        Json::Object(item)
    }

    const HEAD: &str = r#"
[a]
about = "a"
[a.fields]
age = { type = "integer", question = "Age?" }
level = { type = "choice", values = ["x", "y", "z"], question = "Level?" }
up = { type = "boolean", question = "Up?" }
"#;

    #[test]
    fn one_condition_is_any_of_the_test_and_unanswered() {
        let item = enable(&format!(
            "{HEAD}q = {{ type = \"boolean\", question = \"Q?\", applies_when = [{{ field = \"a.age\", at_least = 15.5 }}] }}"
        ));
        assert_eq!(item["enableBehavior"], "any", "{item}");
        assert_eq!(item["enableWhen"][0]["operator"], "exists", "{item}");
        assert_eq!(item["enableWhen"][0]["answerBoolean"], false, "{item}");
        assert_eq!(item["enableWhen"][1]["operator"], ">=", "{item}");
        assert_eq!(item["enableWhen"][1]["answerInteger"], 16, "{item}");
    }

    #[test]
    fn answered_alone_is_one_exists() {
        let item = enable(&format!(
            "{HEAD}q = {{ type = \"boolean\", question = \"Q?\", applies_when = [{{ field = \"a.level\", answered = true }}] }}"
        ));
        assert_eq!(
            item,
            json!({"enableWhen": [{"question": "a.level", "operator": "exists", "answerBoolean": true}]})
        );
    }

    #[test]
    fn answered_with_a_test_is_all_of_exists_and_the_test() {
        let item = enable(&format!(
            "{HEAD}q = {{ type = \"boolean\", question = \"Q?\", applies_when = [{{ field = \"a.up\", answered = true, is = true }}] }}"
        ));
        assert_eq!(item["enableBehavior"], "all", "{item}");
        assert_eq!(item["enableWhen"][0]["operator"], "exists", "{item}");
        assert_eq!(item["enableWhen"][0]["answerBoolean"], true, "{item}");
        assert_eq!(item["enableWhen"][1]["operator"], "=", "{item}");
        assert_eq!(item["enableWhen"][1]["answerBoolean"], true, "{item}");
    }

    #[test]
    fn all_of_any_is_an_expression_not_enable_when() {
        let item = enable(&format!(
            "{HEAD}q = {{ type = \"boolean\", question = \"Q?\", applies_when = [{{ field = \"a.age\", at_least = 10 }}], applies_when_any = [{{ field = \"a.level\", one_of = [\"x\", \"y\"] }}, {{ field = \"a.up\", is = true }}] }}"
        ));
        assert!(item.get("enableWhen").is_none(), "{item}");
        let expression = item["extension"][0]["valueExpression"]["expression"]
            .as_str()
            .unwrap_or_default();
        assert!(expression.starts_with("((%resource"), "{expression}");
        assert!(expression.contains(" and "), "{expression}");
        assert!(
            expression.contains("where(value.code = 'y').exists()"),
            "{expression}"
        );
    }
}
