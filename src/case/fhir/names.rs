//! The names the Questionnaire and its responses share: the form's canonical
//! URL and the code systems of its answers.

/// The Questionnaire's canonical URL. `.example` is reserved (RFC 2606): the
/// project has no web home, and a name that can never resolve cannot be taken
/// by someone else; a clinic that publishes the form may change it here.
pub(crate) const QUESTIONNAIRE_URL: &str = "https://physio-triage.example/fhir/Questionnaire/case";

/// The code system of a choice or list field's values: one per field, since the
/// same code (`other`) means different things in different fields.
pub(crate) fn code_system(qualified: &str) -> String {
    format!("https://physio-triage.example/fhir/CodeSystem/{qualified}")
}

/// A value as a person reads it: `lateral_hip` is "lateral hip".
pub(crate) fn display(value: &str) -> String {
    value.replace('_', " ")
}
