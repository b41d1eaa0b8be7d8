//! The acceptance scenarios, start to finish: a labral repair patient, a cauda
//! equina patient who stops at once, and what is (and is not) asked after no to
//! stop.

use crate::support::{Folder, Triage};

use super::Clinician;

/// Every red-flag screening field of the shipped vocabulary that always applies.
const RED_FLAGS_NO: &[(&str, &str)] = &[
    ("screening.fever_or_unwell", "n"),
    ("screening.unexplained_weight_loss", "n"),
    ("screening.history_of_cancer", "n"),
    ("screening.night_pain", "n"),
    ("screening.unable_to_weight_bear", "n"),
    ("screening.recent_fall", "n"),
    ("screening.saddle_anaesthesia", "n"),
    ("screening.bladder_bowel_change", "n"),
    ("screening.progressive_leg_weakness", "n"),
    ("screening.calf_swelling", "n"),
    ("screening.breathless_or_chest_pain", "n"),
    ("screening.wound_concern", "n"),
    ("screening.immunosuppressed", "n"),
    ("screening.long_term_steroids", "n"),
    ("screening.heavy_alcohol_use", "n"),
    ("screening.osteoporosis", "n"),
    ("screening.urinary_flow_change", "n"),
    ("screening.reduced_bladder_or_rectal_sensation", "n"),
    ("screening.new_sexual_dysfunction", "n"),
    ("screening.bilateral_leg_symptoms", "n"),
    ("screening.thigh_swelling", "n"),
    ("screening.long_term_bisphosphonates", "n"),
    ("screening.groin_lump_tender_or_irreducible", "n"),
    ("screening.sudden_testicular_pain", "n"),
    ("screening.hot_swollen_joint", "n"),
];

fn labral_repair_6_weeks() -> Clinician {
    let mut notes = vec![
        ("patient.age", "45"),
        ("patient.sex", "female"),
        ("complaint.region", "hip"),
        ("complaint.side", "left"),
        ("complaint.onset", "after_surgery"),
        ("complaint.duration_weeks", "6"),
        ("complaint.pain_now", "3"),
        ("complaint.pain_worst", "6"),
        ("complaint.aggravated_by", "stairs, walking"),
        ("history.surgery", "labral_repair"),
        ("history.weeks_since_surgery", "6"),
        ("symptoms.clicking_or_locking", "y"),
        ("activity.level", "active"),
        ("activity.goals", "pain_free_daily_life"),
        ("exam.fadir_positive", "y"),
    ];
    notes.extend_from_slice(RED_FLAGS_NO);
    Clinician::new(&notes)
}

#[test]
fn a_labral_repair_patient_start_to_finish() {
    let folder = Folder::new();
    let saved = folder.join("labral.json");
    let saved_arg = saved.to_string_lossy().into_owned();
    let run = labral_repair_6_weeks().interview(&["--format", "json", "--save", &saved_arg]);
    assert_eq!(run.status, 0, "{}", run.shown());
    let fields = run.fields();
    assert_eq!(
        fields[..2],
        ["patient.age", "complaint.region"],
        "{}",
        run.shown()
    );
    // Then the context questions (in the vocabulary's order), then the red-flag
    // screen together, then the rest.
    let context = [
        "patient.sex",
        "complaint.side",
        "complaint.onset",
        "complaint.duration_weeks",
        "history.surgery",
        "activity.level",
    ];
    let after_required = &fields[2..];
    let asked_context = after_required
        .iter()
        .take_while(|f| context.contains(f))
        .count();
    let positions: Vec<usize> = after_required[..asked_context]
        .iter()
        .filter_map(|f| context.iter().position(|c| c == f))
        .collect();
    assert!(
        asked_context > 0 && positions.windows(2).all(|w| w[0] < w[1]),
        "the context questions in their order, right after age and region:\n{}",
        run.shown()
    );
    assert!(
        after_required[asked_context..]
            .first()
            .is_some_and(|f| f.starts_with("screening.")),
        "the red-flag checklists right after the context:\n{}",
        run.shown()
    );
    let mut once = std::collections::HashSet::new();
    assert!(
        fields.iter().all(|f| once.insert(*f)),
        "each question once:\n{}",
        run.shown()
    );
    assert!(
        run.messages.iter().all(|m| !m.starts_with("EMERGENCY")),
        "{}",
        run.shown()
    );
    let assessment = run.json();
    assert_eq!(assessment["referral"]["urgency"], "none", "{}", run.shown());
    let suggested: Vec<&str> = assessment["treatments"]
        .as_array()
        .expect("treatments")
        .iter()
        .filter_map(|t| t["id"].as_str())
        .collect();
    assert!(suggested.contains(&"post_op_protocol"), "{}", run.shown());
    assert!(
        assessment["not_screened"]
            .as_array()
            .is_some_and(Vec::is_empty),
        "{}",
        run.shown()
    );

    // The saved case: pretty, in vocabulary order, unknowns left out, and it
    // assesses exactly as the interview did.
    let text = std::fs::read_to_string(&saved).expect("the case was saved");
    let case: serde_json::Value = serde_json::from_str(&text).expect("the saved case is JSON");
    assert_eq!(case["history"]["surgery"], "labral_repair");
    assert!(!text.contains("null"), "{text}");
    let sections: Vec<&String> = case.as_object().expect("object").keys().collect();
    assert_eq!(sections[..2], ["patient", "complaint"], "{text}");
    let assessed = Triage::new()
        .args(["assess", &saved_arg, "--format", "json"])
        .any_stdout()
        .run();
    assert_eq!(assessed.json(), assessment, "assess on the saved case");
}

#[test]
fn a_cauda_equina_patient_stops_at_once_with_the_reason() {
    let run = Clinician::new(&[
        ("patient.age", "54"),
        ("complaint.region", "lateral_hip"),
        ("screening.saddle_anaesthesia", "y"),
        ("stop", "y"),
    ])
    .otherwise("n")
    .interview(&["--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.shown());
    let saddle = run
        .fields()
        .iter()
        .position(|f| *f == "screening.saddle_anaesthesia")
        .expect("the saddle question is asked");
    let after = &run.fields()[saddle + 1..];
    let rest_of_checklist = after
        .iter()
        .take_while(|f| f.starts_with("screening."))
        .count();
    assert_eq!(
        after[rest_of_checklist..],
        ["stop"],
        "the offer to stop comes right after the checklist:\n{}",
        run.shown()
    );
    let notice = run
        .messages
        .iter()
        .find(|m| m.starts_with("EMERGENCY: "))
        .expect("the emergency is announced");
    assert!(notice.ends_with("-> the emergency department"), "{notice}");
    assert!(
        run.messages
            .iter()
            .any(|m| m.starts_with("? ") && m.ends_with("[stop] (y/n)")),
        "{}",
        run.shown()
    );
    let assessment = run.json();
    assert_eq!(assessment["referral"]["urgency"], "emergency");
    assert_eq!(
        assessment["referral"]["destination"],
        "emergency_department"
    );
    assert_eq!(assessment["treatments"], serde_json::json!([]));
}

#[test]
fn after_no_to_stop_the_remaining_questions_are_asked() {
    // An urgent finding (a new change in sexual function) is offered to stop
    // at; after "no", what could still raise it is asked.
    let run = Clinician::new(&[
        ("patient.age", "54"),
        ("complaint.region", "lateral_hip"),
        ("screening.new_sexual_dysfunction", "y"),
        ("stop", "n"),
    ])
    .otherwise("n")
    .interview(&["--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.shown());
    let fields = run.fields();
    let stop = fields
        .iter()
        .position(|f| *f == "stop")
        .unwrap_or_else(|| panic!("offered:\n{}", run.shown()));
    assert!(
        run.messages.iter().any(|m| m.starts_with("URGENT: ")),
        "{}",
        run.shown()
    );
    assert!(
        fields[stop + 1..]
            .iter()
            .any(|f| f.starts_with("screening.")),
        "the red flags that could still raise it are asked:\n{}",
        run.shown()
    );
    assert_eq!(
        fields.iter().filter(|f| **f == "stop").count(),
        1,
        "offered once"
    );
    assert_eq!(run.json()["referral"]["urgency"], "urgent");
}

#[test]
fn at_an_emergency_nothing_moot_is_asked_after_no_to_stop() {
    // Nothing is above an emergency, and treatment waits: after "no", nothing
    // is left that could change it, and the closing line says so.
    let run = Clinician::new(&[
        ("patient.age", "54"),
        ("complaint.region", "lateral_hip"),
        ("screening.saddle_anaesthesia", "y"),
        ("stop", "n"),
    ])
    .otherwise("n")
    .interview(&["--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.shown());
    let fields = run.fields();
    let stop = fields.iter().position(|f| *f == "stop").expect("offered");
    assert_eq!(fields.len(), stop + 1, "{}", run.shown());
    assert!(
        run.messages
            .iter()
            .any(|m| m.ends_with("nothing else could change the assessment")),
        "{}",
        run.shown()
    );
    assert_eq!(run.json()["referral"]["urgency"], "emergency");
}
