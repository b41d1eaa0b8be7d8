//! The safety case's test helpers: a small safety folder for the mini rules
//! (properties that hold, a hazard log, the shipped report templates), and
//! reading what `check --deep` prints.

use serde_json::Value as Json;

use super::folder::{Folder, manifest_dir};

/// A small safety folder for the mini rules: properties that hold, one hazard
/// log, the shipped templates.
pub const MINI_PROPERTIES: &str = r#"
[[property]]
id = "older_fall_is_an_emergency"
statement = "A fall at 65 or over is an emergency."
source = "[T1] a test source"
when = [{ field = "screening.recent_fall", is = true }, { field = "patient.age", at_least = 65 }]
urgency_at_least = "emergency"
destination_one_of = ["emergency_department"]
red_flag_raised = ["possible_fracture"]

[[property]]
id = "night_pain_goes_to_the_gp"
statement = "Night pain is referred to the GP."
source = "[T2] a test source"
when = [{ field = "screening.night_pain", is = true }]
urgency_at_least = "routine"
destination_one_of = ["gp"]

[[property]]
id = "stair_pain_rules_out_stretching"
statement = "Hip pain on stairs rules out stretching."
source = "[T2] a test source"
when = [{ field = "complaint.region", one_of = ["hip"] }, { field = "complaint.aggravated_by", one_of = ["stairs"] }]
must_avoid = ["stretching"]

[[property]]
id = "an_emergency_withholds_every_treatment"
statement = "An emergency suggests no treatment."
source = "[T3] the case format"
when_urgency_at_least = "emergency"
suggests_nothing = true
"#;

pub const MINI_HAZARDS: &str = r#"
[[hazard]]
id = "H01"
title = "A fall fracture is missed"
causes = ["a rule gated on the wrong age"]
effect = "No emergency referral."
harm = "A displaced hip fracture."
severity = "catastrophic"
likelihood = "medium"
residual_likelihood = "very_low"
controls = [
    { property = "older_fall_is_an_emergency" },
    { guarantee = "escalation_only" },
    { rule_file = "red_flags/fall.rhai" },
]

[[hazard]]
id = "H02"
title = "An unsafe treatment"
causes = ["a presentation rule suggests what another avoids"]
effect = "Stretching with stair pain, or treatment in an emergency."
harm = "A worse injury."
severity = "major"
likelihood = "low"
residual_likelihood = "very_low"
controls = [
    { property = "stair_pain_rules_out_stretching" },
    { property = "an_emergency_withholds_every_treatment" },
    { property = "night_pain_goes_to_the_gp" },
    { guarantee = "avoid_beats_suggest" },
]
"#;

/// The mini rules with the safety folder above (and the shipped templates).
pub fn mini_with_safety() -> Folder {
    let folder = Folder::mini_rules();
    folder.write("safety/properties.toml", MINI_PROPERTIES);
    folder.write("safety/hazards.toml", MINI_HAZARDS);
    for template in ["safety_case.md.j2", "safety_case.html.j2"] {
        let text = std::fs::read_to_string(manifest_dir().join("rules/safety").join(template))
            .expect("the shipped template");
        folder.write(format!("safety/{template}"), text);
    }
    folder
}

/// The 1-based line of `id = "<id>"` in a safety file of `rules`.
pub fn line_of(rules: &std::path::Path, file: &str, id: &str) -> usize {
    let text = std::fs::read_to_string(rules.join(file)).expect("the safety file");
    text.lines()
        .position(|line| line.trim() == format!("id = \"{id}\""))
        .map_or_else(|| panic!("{id} is not in {file}"), |i| i + 1)
}

/// The minimised case `check --deep` printed for a property, parsed.
pub fn counterexample(stdout: &str, property: &str) -> Json {
    let start = stdout
        .find(&format!("the safety property `{property}` does not hold"))
        .unwrap_or_else(|| panic!("no counterexample for {property}:\n{stdout}"));
    let after = &stdout[start..];
    let json_start = after
        .find("ready to save as a fixture:\n")
        .expect("the case follows")
        + "ready to save as a fixture:\n".len();
    let json: String = after[json_start..]
        .lines()
        .take_while(|line| !line.starts_with("  = "))
        .collect::<Vec<_>>()
        .join("\n");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("not JSON ({e}):\n{json}"))
}

/// How many answers a case holds.
pub fn answers(case: &Json) -> usize {
    case.as_object()
        .expect("an object")
        .values()
        .filter_map(Json::as_object)
        .map(serde_json::Map::len)
        .sum()
}
