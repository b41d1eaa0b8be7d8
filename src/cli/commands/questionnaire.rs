//! `triage questionnaire`: the case vocabulary as a FHIR R4 Questionnaire, for a
//! record system to render; `assess` reads a QuestionnaireResponse to it.

use crate::case::questionnaire;
use crate::cli::args::QuestionnaireArgs;
use crate::cli::exit::Exit;
use crate::cli::output::{load_rules, print_out};

/// Runs `triage questionnaire`. The whole rule set is loaded (not only the
/// vocabulary): a rule set that cannot assess is not offered as a form. The
/// form's version is the vocabulary's fingerprint.
pub(crate) fn run(args: &QuestionnaireArgs) -> Exit {
    let Some(rules) = load_rules(&args.rules.source(), "no questionnaire was printed") else {
        return Exit::RuleError;
    };
    let form = questionnaire(&rules.vocabulary);
    print_out(&format!(
        "{}\n",
        serde_json::to_string_pretty(&form).unwrap_or_default()
    ));
    Exit::Success
}
