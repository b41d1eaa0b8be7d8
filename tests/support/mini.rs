//! The mini rules: a small, stable rule set and cases written for the tests, so the
//! snapshots of the rule author's commands do not change when the shipped clinical
//! rules are edited. [`super::folder::Folder::mini_rules`] writes them to a
//! temporary folder.

/// Every file of the mini rules, relative to the rules folder.
pub const RULES: [(&str, &str); 5] = [
    ("vocabulary.toml", MINI_VOCABULARY),
    ("treatments.toml", MINI_TREATMENTS),
    ("referrals.toml", MINI_REFERRALS),
    ("red_flags/fall.rhai", MINI_FALL),
    ("hip/exercise.rhai", MINI_HIP),
];

/// The cases for the mini rules, each meeting its expectation (or having none).
pub const CASES: [(&str, &str); 3] = [
    ("older_fall.json", CASE_OLDER_FALL),
    ("hip_stairs.json", CASE_HIP_STAIRS),
    ("no_expectation.json", CASE_NO_EXPECTATION),
];

/// A case whose expectation the mini rules do not meet.
pub const FAILING_CASE: (&str, &str) = ("wrong_expectation.json", CASE_WRONG_EXPECTATION);

const MINI_VOCABULARY: &str = r#"
[patient]
about = "Who the patient is."

[patient.fields]
age = { type = "integer", min = 0, max = 120, unit = "years", required = true, question = "How old is the patient?" }

[complaint]
about = "The presenting complaint."

[complaint.fields]
region = { type = "choice", required = true, values = ["hip", "groin"], question = "Where is the pain?" }
aggravated_by = { type = "list", values = ["stairs", "running"], question = "What makes it worse?" }
duration_weeks = { type = "number", min = 0, unit = "weeks", question = "For how many weeks?" }

[screening]
about = "Red-flag questions."
red_flag_questions = true

[screening.fields]
recent_fall = { type = "boolean", question = "A recent fall?" }
night_pain = { type = "boolean", question = "Constant pain at night?" }
"#;

const MINI_TREATMENTS: &str = r#"
[exercise_therapy]
name = "Exercise therapy"
description = "Progressive strengthening."

[stretching]
name = "Stretching"
description = "Gentle mobility."

[modalities]
name = "Modalities"
description = "Heat or TENS."
"#;

const MINI_REFERRALS: &str = r#"
[[urgency]]
id = "none"
meaning = "no referral"

[[urgency]]
id = "routine"
meaning = "routine referral"

[[urgency]]
id = "soon"
meaning = "within about two weeks"

[[urgency]]
id = "urgent"
meaning = "same or next day"

[[urgency]]
id = "emergency"
meaning = "now"
withholds_treatment = true

[[destination]]
id = "emergency_department"
name = "the emergency department"

[[destination]]
id = "gp"
name = "the GP"
"#;

const MINI_FALL: &str = r#"// Covers: a fall in an older patient (test rule)
// Sources: [T1] a test source
// Reviewed: 2026-11-01

rule fall_in_an_older_patient {
    if yes(screening.recent_fall) && patient.age >= 65 {
        red_flag("possible_fracture", "Fall in an older patient.");
        refer("emergency", "emergency_department", "Possible fracture after a fall");
    }
}
"#;

const MINI_HIP: &str = r#"// Covers: hip pain (test rule)
// Sources: [T2] a test source
// Reviewed: 2026-11-01
// Decisions: stair pain means no stretching.

rule hip_exercise {
    if complaint.region == "hip" {
        suggest("exercise_therapy", "Strengthen the hip.");
        if "stairs" in complaint.aggravated_by {
            avoid("stretching", "Not with stair pain.");
        } else {
            suggest("stretching", "Gentle mobility.");
        }
        review("Reassess in 6 weeks.");
    }
}
rule night_pain {
    if yes(screening.night_pain) {
        refer("routine", "gp", "Night pain: check with the GP.");
    }
}
"#;

const CASE_OLDER_FALL: &str = r#"{
  "id": "older-fall",
  "patient": { "age": 80 },
  "complaint": { "region": "hip" },
  "screening": { "recent_fall": true, "night_pain": false },
  "expect": {
    "note": "A fall at 80: fracture until proven otherwise.",
    "urgency": "emergency",
    "destination": "emergency_department",
    "red_flags": ["possible_fracture"],
    "no_treatments": true
  }
}
"#;

const CASE_HIP_STAIRS: &str = r#"{
  "id": "hip-stairs",
  "patient": { "age": 40 },
  "complaint": { "region": "hip", "aggravated_by": ["stairs"] },
  "screening": { "recent_fall": false },
  "expect": {
    "urgency": "none",
    "destination": "none",
    "must_suggest": ["exercise_therapy"],
    "must_avoid": ["stretching"],
    "not_screened": ["screening.night_pain"]
  }
}
"#;

const CASE_WRONG_EXPECTATION: &str = r#"{
  "id": "groin-expected-wrongly",
  "patient": { "age": 30 },
  "complaint": { "region": "groin" },
  "expect": {
    "note": "Written to fail: the rules do not refer groin pain.",
    "urgency": "routine",
    "destination": "gp",
    "must_suggest": ["exercise_therapy"]
  }
}
"#;

const CASE_NO_EXPECTATION: &str =
    r#"{ "patient": { "age": 50 }, "complaint": { "region": "hip" } }"#;
