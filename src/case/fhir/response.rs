//! A FHIR `QuestionnaireResponse` to the vocabulary's Questionnaire, read back
//! as a case object (sections of fields), which then goes through the same
//! validation as a JSON case: errors name `section.field` (the item's `linkId`),
//! and every problem is reported at once.
//!
//! Read strictly: what the reader does not understand is refused with its path
//! (`item[2].item: expected a list of items, found an object`), never skipped,
//! because a skipped answer is an unknown where the clinician wrote "yes". So
//! are unknown keys at any level, `modifierExtension` and `implicitRules` (they
//! change what the response means, in ways this reader does not know),
//! `contained` resources, an answer on a group, nested items under an answer,
//! and items of the wrong shape (see `response_item.rs`). Metadata that changes
//! no answer (`meta`, `text`, `subject`, `author`, plain `extension`s, ...) is
//! allowed and not read.
//!
//! A response names the form it answers: the Questionnaire's URL, and its
//! version, which is the vocabulary's fingerprint (`Vocabulary::version`). A
//! response to another version is refused, naming both, because a question may
//! have changed its meaning; one that names no version is read against this one,
//! with a warning. A status other than `completed` or `amended` (`in-progress`,
//! `stopped`) is assessed with a warning: its answers are what they are, and
//! what was not answered is unknown.

use serde_json::{Map, Value as Json};

use super::names::QUESTIONNAIRE_URL;
use super::response_item::{Reader, expected, problem, refused_key};
use crate::case::CASE_ID_KEY;
use crate::case::vocabulary::Vocabulary;
use crate::error::FieldProblem;
use crate::text::shown;

/// Whether a parsed object is a FHIR resource rather than a case (a case has no
/// `resourceType`: it would be an unknown section).
pub(in crate::case) fn is_resource(object: &Map<String, Json>) -> bool {
    object.contains_key("resourceType")
}

/// The keys of a QuestionnaireResponse this reader reads.
const READ: [&str; 5] = [
    "resourceType",
    "status",
    "questionnaire",
    "identifier",
    "item",
];

/// The keys of a QuestionnaireResponse that change no answer: allowed, not read.
const NOT_READ: [&str; 12] = [
    "id",
    "meta",
    "language",
    "text",
    "extension",
    "basedOn",
    "partOf",
    "subject",
    "encounter",
    "authored",
    "author",
    "source",
];

/// The case object of a QuestionnaireResponse, with the problems found on the
/// way added to `problems` and what is assessed with a caveat to `warnings`;
/// `None` (with a problem) when it is no case at all.
pub(in crate::case) fn case_object(
    response: &Map<String, Json>,
    vocabulary: &Vocabulary,
    problems: &mut Vec<FieldProblem>,
    warnings: &mut Vec<String>,
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
    if !status(response, problems, warnings) {
        return None;
    }
    form(response, vocabulary, problems, warnings);
    for key in response.keys() {
        let known = READ.iter().chain(&NOT_READ).any(|k| k == key);
        if !known {
            problems.push(refused_key("", key, &[&READ[..], &NOT_READ[..]].concat()));
        }
    }
    if let Some(extensions) = response.get("extension")
        && !extensions.is_array()
    {
        problems.push(problem(
            "extension",
            format!(
                "expected a list of extensions, found {}",
                expected(extensions)
            ),
        ));
    }

    let mut case = Map::new();
    // The clinic's identifier of the response when it has one, else its id.
    match response.get("identifier") {
        None => {}
        Some(Json::Object(identifier)) => {
            if let Some(value) = identifier.get("value") {
                case.insert(CASE_ID_KEY.into(), value.clone());
            }
        }
        Some(other) => problems.push(problem(
            "identifier",
            format!(
                "expected an identifier object {{ \"value\": ... }}, found {}",
                expected(other)
            ),
        )),
    }
    if !case.contains_key(CASE_ID_KEY)
        && let Some(id) = response.get("id")
    {
        case.insert(CASE_ID_KEY.into(), id.clone());
    }
    let items = match response.get("item") {
        None => &Vec::new(),
        Some(Json::Array(items)) => items,
        Some(other) => {
            problems.push(problem(
                "item",
                format!("expected a list of items, found {}", expected(other)),
            ));
            &Vec::new()
        }
    };
    let mut reader = Reader {
        vocabulary,
        case: &mut case,
        problems,
    };
    for (index, item) in items.iter().enumerate() {
        reader.top_item(item, &format!("item[{index}]"));
    }
    Some(case)
}

/// Checks the response's status: `false` when it is no case at all (entered in
/// error). `in-progress` and `stopped` are assessed, with a warning.
fn status(
    response: &Map<String, Json>,
    problems: &mut Vec<FieldProblem>,
    warnings: &mut Vec<String>,
) -> bool {
    match response.get("status").and_then(Json::as_str) {
        Some("completed" | "amended") => {}
        Some(partial @ ("in-progress" | "stopped")) => warnings.push(format!(
            "the QuestionnaireResponse's status is \"{partial}\": it may not be finished; its answers are assessed as given, and every question it leaves out is unknown"
        )),
        Some("entered-in-error") => {
            problems.push(problem(
                "status",
                "the response was entered in error: it is not assessed",
            ));
            return false;
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
            match response.get("status") {
                Some(other) => format!(
                    "expected the status as text (completed, in-progress, amended, stopped), found {}",
                    expected(other)
                ),
                None => "is required: give completed, in-progress, amended or stopped".to_string(),
            },
        )),
    }
    true
}

/// Checks that the response answers this form, and this version of it.
fn form(
    response: &Map<String, Json>,
    vocabulary: &Vocabulary,
    problems: &mut Vec<FieldProblem>,
    warnings: &mut Vec<String>,
) {
    let ours = &vocabulary.version;
    let canonical = match response.get("questionnaire") {
        Some(Json::String(canonical)) => canonical,
        Some(other) => {
            problems.push(problem(
                "questionnaire",
                format!(
                    "expected the form's canonical URL as text, found {}: give {QUESTIONNAIRE_URL}|{ours} (from `triage questionnaire`)",
                    expected(other)
                ),
            ));
            return;
        }
        None => {
            problems.push(problem(
                "questionnaire",
                format!(
                    "is required: give {QUESTIONNAIRE_URL}|{ours} (from `triage questionnaire`), so that the answers are read against the form they answer"
                ),
            ));
            return;
        }
    };
    let (url, version) = match canonical.split_once('|') {
        Some((url, version)) => (url, Some(version)),
        None => (canonical.as_str(), None),
    };
    if url != QUESTIONNAIRE_URL {
        problems.push(problem(
            "questionnaire",
            format!(
                "\"{}\" is another form: this response must answer {QUESTIONNAIRE_URL} (from `triage questionnaire`)",
                shown(canonical)
            ),
        ));
        return;
    }
    match version {
        Some(version) if version == ours => {}
        Some(version) => problems.push(problem(
            "questionnaire",
            format!(
                "the response answers version \"{}\" of the form, and these rules' form is version \"{ours}\": a question may have changed its meaning, so the answers are not read; answer the form of `triage questionnaire`",
                shown(version)
            ),
        )),
        None => warnings.push(format!(
            "the QuestionnaireResponse does not name the version of the form it answers: it was read against version \"{ours}\" (`triage questionnaire`)"
        )),
    }
}
