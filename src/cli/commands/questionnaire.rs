//! `triage questionnaire`: the case vocabulary as a FHIR R4 Questionnaire, for a
//! record system to render; `assess` reads a QuestionnaireResponse to it.

use crate::case::questionnaire;
use crate::cli::exit::Exit;
use crate::cli::failure::Failure;
use crate::cli::output::{load_rules, print_out};
use crate::cli::settings::Settings;

/// Runs `triage questionnaire`. The whole rule set is loaded (not only the
/// vocabulary): a rule set that cannot assess is not offered as a form. The
/// form's version is the vocabulary's fingerprint.
pub(crate) fn run(settings: &Settings) -> Result<Exit, Failure> {
    let rules = load_rules(settings.rules()?, "no questionnaire was printed")?;
    let form = questionnaire(&rules.vocabulary);
    print_out(&format!(
        "{}\n",
        serde_json::to_string_pretty(&form).unwrap_or_default()
    ));
    Ok(Exit::Success)
}
