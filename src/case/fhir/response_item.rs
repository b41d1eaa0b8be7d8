//! The items of a QuestionnaireResponse, read strictly into the case object: a
//! section's group holds question items, a question item holds answers, an
//! answer holds one `value[x]`. Anything else (an unknown key, an answer on a
//! group, a group's `item` given as an object, `answers` for `answer`, an item
//! under an answer, a `modifierExtension`) is refused with its path, such as
//! `item[2].item[0].answers`.

use serde_json::{Map, Value as Json};

use super::names::code_system;
use crate::case::vocabulary::{Kind, Vocabulary};
use crate::error::FieldProblem;
use crate::text::{hint, shown};

/// The keys of a group or question item this reader understands (`answer`
/// only on a question, `item` only on a group).
const ITEM_KEYS: [&str; 7] = [
    "linkId",
    "text",
    "definition",
    "answer",
    "item",
    "id",
    "extension",
];

/// The keys of an answer besides its one `value[x]`.
const ANSWER_KEYS: [&str; 2] = ["id", "extension"];

/// The `value[x]` kinds of an answer this reader knows of.
const VALUE_KEYS: [&str; 5] = [
    "valueBoolean",
    "valueInteger",
    "valueDecimal",
    "valueString",
    "valueCoding",
];

/// The keys of a `valueCoding`.
const CODING_KEYS: [&str; 7] = [
    "system",
    "version",
    "code",
    "display",
    "userSelected",
    "id",
    "extension",
];

/// A problem at `field` (a path such as `item[2].item`, or `section.field`).
pub(super) fn problem(field: impl Into<String>, message: impl Into<String>) -> FieldProblem {
    FieldProblem {
        field: field.into(),
        message: message.into(),
    }
}

/// What a JSON value is, in words, for "expected ..., found ...".
pub(super) fn expected(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "true/false",
        Json::Number(_) => "a number",
        Json::String(_) => "text",
        Json::Array(_) => "a list",
        Json::Object(_) => "an object",
    }
}

/// The problem for a key the reader does not understand at `path` (`""` for
/// the response itself), with what it could have meant.
pub(super) fn refused_key(path: &str, key: &str, known: &[&str]) -> FieldProblem {
    let at = if path.is_empty() {
        shown(key)
    } else {
        format!("{path}.{}", shown(key))
    };
    let message = match key {
        "modifierExtension" => "a modifier extension changes what this part means, in a way this reader does not know: the response is not assessed".to_string(),
        "implicitRules" => "the response follows rules this reader does not know: it is not assessed".to_string(),
        "contained" => "contained resources are not read: the answers must be in `item`, as the form of `triage questionnaire` has them".to_string(),
        _ => format!(
            "is not part of a QuestionnaireResponse this reader understands (known here: {}){}",
            known.join(", "),
            hint(key, known.iter().copied())
        ),
    };
    problem(at, message)
}

/// Refuses every key of `object` not in `known`.
fn only(object: &Map<String, Json>, path: &str, known: &[&str], problems: &mut Vec<FieldProblem>) {
    for key in object.keys() {
        if !known.contains(&key.as_str()) {
            problems.push(refused_key(path, key, known));
        }
    }
}

/// A plain `extension` (never a modifier) changes no answer, so it is allowed
/// unread; only its shape is checked.
fn extensions(object: &Map<String, Json>, path: &str, problems: &mut Vec<FieldProblem>) {
    if let Some(extension) = object.get("extension")
        && !extension.is_array()
    {
        problems.push(problem(
            format!("{path}.extension"),
            format!(
                "expected a list of extensions, found {}",
                expected(extension)
            ),
        ));
    }
}

/// Reads items into the case object.
pub(super) struct Reader<'a> {
    pub(super) vocabulary: &'a Vocabulary,
    pub(super) case: &'a mut Map<String, Json>,
    pub(super) problems: &'a mut Vec<FieldProblem>,
}

impl Reader<'_> {
    /// The item at `path` as an object with a text `linkId`, or a problem.
    fn item<'j>(&mut self, item: &'j Json, path: &str) -> Option<(&'j Map<String, Json>, &'j str)> {
        let Some(object) = item.as_object() else {
            self.problems.push(problem(
                path,
                format!(
                    "expected an item object {{ \"linkId\": ... }}, found {}",
                    expected(item)
                ),
            ));
            return None;
        };
        only(object, path, &ITEM_KEYS, self.problems);
        extensions(object, path, self.problems);
        match object.get("linkId") {
            Some(Json::String(link_id)) => Some((object, link_id)),
            Some(other) => {
                self.problems.push(problem(
                    format!("{path}.linkId"),
                    format!("expected the linkId as text, found {}", expected(other)),
                ));
                None
            }
            None => {
                self.problems.push(problem(
                    path,
                    "an item without a `linkId`: which question it answers is not guessed",
                ));
                None
            }
        }
    }

    /// A section's group, or (unambiguous, so accepted) a question item outside
    /// its group.
    pub(super) fn top_item(&mut self, item: &Json, path: &str) {
        let Some((object, link_id)) = self.item(item, path) else {
            return;
        };
        if link_id.contains('.') {
            self.question(object, link_id, path);
            return;
        }
        // An unknown section is named by validation, with a did-you-mean.
        self.case
            .entry(link_id.to_string())
            .or_insert_with(|| Json::Object(Map::new()));
        if object.contains_key("answer") {
            self.problems.push(problem(
                format!("{path}.answer"),
                format!(
                    "the group `{}` holds an answer: an answer belongs to one of its questions (an item whose linkId is {}.field)",
                    shown(link_id),
                    shown(link_id)
                ),
            ));
        }
        let children = match object.get("item") {
            None => return,
            Some(Json::Array(children)) => children,
            Some(other) => {
                self.problems.push(problem(
                    format!("{path}.item"),
                    format!("expected a list of items, found {}", expected(other)),
                ));
                return;
            }
        };
        for (index, child) in children.iter().enumerate() {
            let child_path = format!("{path}.item[{index}]");
            let Some((child_object, child_id)) = self.item(child, &child_path) else {
                continue;
            };
            if child_id.split_once('.').map(|(section, _)| section) == Some(link_id) {
                self.question(child_object, child_id, &child_path);
            } else {
                self.problems.push(problem(
                    child_path,
                    format!(
                        "the item `{}` is in the group `{}`: a question's linkId is section.field, in its section's group",
                        shown(child_id),
                        shown(link_id)
                    ),
                ));
            }
        }
    }

    /// One question item (`linkId` = `section.field`) and its answers.
    fn question(&mut self, item: &Map<String, Json>, qualified: &str, path: &str) {
        let Some((section, name)) = qualified.split_once('.') else {
            return;
        };
        let field = self.vocabulary.field(section, name);
        if item.contains_key("item") {
            self.problems.push(problem(
                format!("{path}.item"),
                format!(
                    "the question `{}` holds other items: a question holds only its answers",
                    shown(qualified)
                ),
            ));
        }
        let answers = match item.get("answer") {
            None => &Vec::new(),
            Some(Json::Array(answers)) => answers,
            Some(other) => {
                self.problems.push(problem(
                    format!("{path}.answer"),
                    format!("expected a list of answers, found {}", expected(other)),
                ));
                return;
            }
        };
        let mut values = Vec::new();
        for (index, answer) in answers.iter().enumerate() {
            let answer_path = format!("{path}.answer[{index}]");
            match self.answer_value(answer, &answer_path, qualified, field.map(|f| f.kind)) {
                Some(Ok(value)) => values.push(value),
                Some(Err(message)) => self.problems.push(problem(shown(qualified), message)),
                // A structural problem, already reported with its path.
                None => return,
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

    /// The JSON value of one answer: `None` when its shape is refused (reported
    /// here, with its path); `Err` when it is not of the kind the question takes.
    fn answer_value(
        &mut self,
        answer: &Json,
        path: &str,
        qualified: &str,
        kind: Option<Kind>,
    ) -> Option<Result<Json, String>> {
        let Some(answer) = answer.as_object() else {
            self.problems.push(problem(
                path,
                format!(
                    "expected an answer object {{ \"valueBoolean\": ... }}, found {}",
                    expected(answer)
                ),
            ));
            return None;
        };
        let known: Vec<&str> = ANSWER_KEYS.iter().chain(&VALUE_KEYS).copied().collect();
        let before = self.problems.len();
        for key in answer.keys() {
            if key == "item" {
                self.problems.push(problem(
                    format!("{path}.item"),
                    "an item under an answer (a follow-up question) is not read: give each question its own item",
                ));
            } else if !known.contains(&key.as_str()) {
                self.problems.push(refused_key(path, key, &known));
            }
        }
        extensions(answer, path, self.problems);
        if self.problems.len() > before {
            return None;
        }
        let mut values = answer.iter().filter(|(key, _)| key.starts_with("value"));
        let Some((key, value)) = values.next() else {
            self.problems.push(problem(
                path,
                format!(
                    "an answer without a value: give one of {}",
                    VALUE_KEYS.join(", ")
                ),
            ));
            return None;
        };
        if values.next().is_some() {
            self.problems.push(problem(
                path,
                "an answer with more than one value[x]: which is meant is not guessed",
            ));
            return None;
        }
        let allowed = match kind {
            Some(Kind::Boolean) => &["valueBoolean"][..],
            Some(Kind::Integer) => &["valueInteger"],
            Some(Kind::Number) => &["valueDecimal", "valueInteger"],
            Some(Kind::Text) => &["valueString"],
            Some(Kind::Choice | Kind::List) => &["valueCoding"],
            // An unknown field: validation names it; its value is passed on as it is.
            None => &VALUE_KEYS,
        };
        if !allowed.contains(&key.as_str()) {
            return Some(Err(format!(
                "{} is not an answer this question takes: give {}",
                shown(key),
                allowed.join(" or ")
            )));
        }
        if key != "valueCoding" {
            return Some(Ok(value.clone()));
        }
        self.coding(value, &format!("{path}.valueCoding"), qualified)
    }

    /// The code of a `valueCoding`, in this question's code system.
    fn coding(
        &mut self,
        value: &Json,
        path: &str,
        qualified: &str,
    ) -> Option<Result<Json, String>> {
        let Some(coding) = value.as_object() else {
            self.problems.push(problem(
                path,
                format!(
                    "expected a coding object {{ \"code\": ... }}, found {}",
                    expected(value)
                ),
            ));
            return None;
        };
        let before = self.problems.len();
        only(coding, path, &CODING_KEYS, self.problems);
        extensions(coding, path, self.problems);
        if self.problems.len() > before {
            return None;
        }
        let system = code_system(qualified);
        match coding.get("system") {
            None => {}
            Some(Json::String(given)) if *given == system => {}
            Some(Json::String(given)) => {
                return Some(Err(format!(
                    "the coding's system \"{}\" is not this question's ({})",
                    shown(given),
                    shown(&system)
                )));
            }
            Some(other) => {
                return Some(Err(format!(
                    "expected the coding's system as text, found {}",
                    expected(other)
                )));
            }
        }
        Some(
            coding
                .get("code")
                .filter(|code| code.is_string())
                .cloned()
                .ok_or_else(|| "a valueCoding without a text `code`".to_string()),
        )
    }
}
