//! A FHIR `QuestionnaireResponse` to the vocabulary's Questionnaire, read back
//! as a case object (sections of fields), which then goes through the same
//! validation as a JSON case: errors name `section.field` (the item's `linkId`),
//! and every problem is reported at once.
//!
//! Only what FHIR adds is checked here: that it is a response to this form, not
//! entered in error, and that each answer is of the kind its question takes
//! (`valueBoolean`, `valueInteger`, `valueDecimal`, `valueString`, `valueCoding`
//! with the field's code system). A list field is one item with several answers.

use serde_json::{Map, Value as Json};

use super::names::{QUESTIONNAIRE_URL, code_system};
use crate::case::vocabulary::{CASE_ID_KEY, Kind, Vocabulary};
use crate::error::FieldProblem;
use crate::text::shown;

/// Whether a parsed object is a FHIR resource rather than a case (a case has no
/// `resourceType`: it would be an unknown section).
pub(in crate::case) fn is_resource(object: &Map<String, Json>) -> bool {
    object.contains_key("resourceType")
}

fn problem(field: impl Into<String>, message: impl Into<String>) -> FieldProblem {
    FieldProblem {
        field: field.into(),
        message: message.into(),
    }
}

/// The case object of a QuestionnaireResponse, with the problems found on the
/// way added to `problems`; `None` (with a problem) when it is no case at all.
pub(in crate::case) fn case_object(
    response: &Map<String, Json>,
    vocabulary: &Vocabulary,
    problems: &mut Vec<FieldProblem>,
) -> Option<Map<String, Json>> {
    match response.get("resourceType") {
        Some(Json::String(kind)) if kind == "QuestionnaireResponse" => {}
        other => {
            let kind = other.map_or_else(String::new, |k| shown(&k.to_string()));
            problems.push(problem(
                "resourceType",
                format!(
                    "a FHIR {kind} is not a case: give a case object, or a QuestionnaireResponse to the form of `triage questionnaire`"
                ),
            ));
            return None;
        }
    }
    match response.get("status").and_then(Json::as_str) {
        Some("completed" | "in-progress" | "amended" | "stopped") => {}
        Some("entered-in-error") => {
            problems.push(problem(
                "status",
                "the response was entered in error: it is not assessed",
            ));
            return None;
        }
        Some(other) => problems.push(problem(
            "status",
            format!(
                "\"{}\" is not a QuestionnaireResponse status (completed, in-progress, amended, stopped)",
                shown(other)
            ),
        )),
        None => problems.push(problem(
            "status",
            "is required: give completed, in-progress, amended or stopped",
        )),
    }
    match response.get("questionnaire").and_then(Json::as_str) {
        Some(canonical) if canonical.split('|').next() == Some(QUESTIONNAIRE_URL) => {}
        Some(other) => problems.push(problem(
            "questionnaire",
            format!(
                "\"{}\" is another form: this response must answer {QUESTIONNAIRE_URL} (from `triage questionnaire`)",
                shown(other)
            ),
        )),
        None => problems.push(problem(
            "questionnaire",
            format!("is required: give {QUESTIONNAIRE_URL} (from `triage questionnaire`)"),
        )),
    }

    let mut case = Map::new();
    // The clinic's identifier of the response when it has one, else its id.
    let identifier = response
        .get("identifier")
        .and_then(|identifier| identifier.get("value"))
        .filter(|value| value.is_string());
    if let Some(id) = identifier.or_else(|| response.get("id")) {
        case.insert(CASE_ID_KEY.into(), id.clone());
    }
    let items = match response.get("item") {
        None => &Vec::new(),
        Some(Json::Array(items)) => items,
        Some(_) => {
            problems.push(problem("item", "expected a list of items"));
            &Vec::new()
        }
    };
    let mut reader = Reader {
        vocabulary,
        case: &mut case,
        problems,
    };
    for item in items {
        reader.top_item(item);
    }
    Some(case)
}

/// Reads items into the case object.
struct Reader<'a> {
    vocabulary: &'a Vocabulary,
    case: &'a mut Map<String, Json>,
    problems: &'a mut Vec<FieldProblem>,
}

impl Reader<'_> {
    /// A section's group, or (unambiguous, so accepted) a question item outside
    /// its group.
    fn top_item(&mut self, item: &Json) {
        let Some(link_id) = link_id(item) else {
            self.problems
                .push(problem("item", "an item without a text `linkId`"));
            return;
        };
        if link_id.contains('.') {
            self.question(item, link_id);
            return;
        }
        if !self.vocabulary.sections.contains_key(link_id) {
            // Validation names the unknown section, with a did-you-mean.
            self.case
                .entry(link_id.to_string())
                .or_insert_with(|| Json::Object(Map::new()));
            return;
        }
        self.case
            .entry(link_id.to_string())
            .or_insert_with(|| Json::Object(Map::new()));
        for child in item
            .get("item")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            match self::link_id(child) {
                Some(child_id)
                    if child_id.split_once('.').map(|(section, _)| section) == Some(link_id) =>
                {
                    self.question(child, child_id);
                }
                Some(child_id) => self.problems.push(problem(
                    format!("{link_id}.{}", shown(child_id)),
                    format!(
                        "the item `{}` is in the group `{link_id}`: a question's linkId is section.field, in its section's group",
                        shown(child_id)
                    ),
                )),
                None => self.problems.push(problem(
                    link_id,
                    "an item without a text `linkId`",
                )),
            }
        }
    }

    /// One question item (`linkId` = `section.field`) and its answers.
    fn question(&mut self, item: &Json, qualified: &str) {
        let Some((section, name)) = qualified.split_once('.') else {
            return;
        };
        let field = self.vocabulary.field(section, name);
        if item.get("item").is_some() {
            self.problems.push(problem(
                shown(qualified),
                "a question item cannot hold other items",
            ));
        }
        let answers = match item.get("answer") {
            None => Vec::new(),
            Some(Json::Array(answers)) => answers.iter().collect(),
            Some(_) => {
                self.problems
                    .push(problem(shown(qualified), "`answer` must be a list"));
                return;
            }
        };
        let mut values = Vec::new();
        for answer in answers {
            match answer_value(answer, qualified, field.map(|f| f.kind)) {
                Ok(value) => values.push(value),
                Err(message) => self.problems.push(problem(shown(qualified), message)),
            }
        }
        let value = match (field.map(|f| f.kind), values.len()) {
            (_, 0) => Json::Null,
            (Some(Kind::List), _) => Json::Array(values),
            (_, 1) => values.remove(0),
            (_, n) => {
                self.problems.push(problem(
                    shown(qualified),
                    format!("{n} answers: this question takes one"),
                ));
                return;
            }
        };
        let section = self
            .case
            .entry(section.to_string())
            .or_insert_with(|| Json::Object(Map::new()));
        if let Json::Object(fields) = section {
            if fields.contains_key(name) {
                self.problems.push(problem(
                    shown(qualified),
                    "answered twice: each question may appear only once (which answer is meant is not guessed)",
                ));
            } else {
                fields.insert(name.to_string(), value);
            }
        }
    }
}

fn link_id(item: &Json) -> Option<&str> {
    item.get("linkId").and_then(Json::as_str)
}

/// The JSON value of one answer, if its `value[x]` is of the kind the question takes.
fn answer_value(answer: &Json, qualified: &str, kind: Option<Kind>) -> Result<Json, String> {
    let Some(answer) = answer.as_object() else {
        return Err("an answer must be an object { \"valueBoolean\": ... }".into());
    };
    if answer.contains_key("item") {
        return Err("an answer cannot hold other items".into());
    }
    let mut values = answer.iter().filter(|(key, _)| key.starts_with("value"));
    let Some((key, value)) = values.next() else {
        return Err("an answer without a value[x]".into());
    };
    if values.next().is_some() {
        return Err("an answer with more than one value[x]".into());
    }
    let expected = match kind {
        Some(Kind::Boolean) => &["valueBoolean"][..],
        Some(Kind::Integer) => &["valueInteger"],
        Some(Kind::Number) => &["valueDecimal", "valueInteger"],
        Some(Kind::Text) => &["valueString"],
        Some(Kind::Choice | Kind::List) => &["valueCoding"],
        // An unknown field: validation names it; its value is passed on as it is.
        None => &[
            "valueBoolean",
            "valueInteger",
            "valueDecimal",
            "valueString",
            "valueCoding",
        ],
    };
    if !expected.contains(&key.as_str()) {
        return Err(format!(
            "{} is not an answer this question takes: give {}",
            shown(key),
            expected.join(" or ")
        ));
    }
    if key != "valueCoding" {
        return Ok(value.clone());
    }
    let system = code_system(qualified);
    match value.get("system").and_then(Json::as_str) {
        Some(given) if given != system => Err(format!(
            "the coding's system \"{}\" is not this question's ({system})",
            shown(given)
        )),
        _ => value
            .get("code")
            .filter(|code| code.is_string())
            .cloned()
            .ok_or_else(|| "a valueCoding without a text `code`".to_string()),
    }
}
