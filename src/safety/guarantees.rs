//! The engine's promises, named: what no rule file can break, and the tests
//! that prove each. A hazard in `rules/safety/hazards.toml` may name one of these
//! as a control; `triage fields` lists them; the safety case prints each with its
//! tests as the evidence. A test named here that no longer exists fails the suite
//! (`tests/suite/safety.rs`), so the table cannot drift from the proof.

/// One promise of the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guarantee {
    /// The id a hazard control names (`guarantee = "escalation_only"`).
    pub id: &'static str,
    /// The promise, in plain words.
    pub promise: &'static str,
    /// The tests that prove it, as `path::function` from the crate root.
    pub tests: &'static [&'static str],
}

/// Every promise of the engine, in the order the safety case lists them.
pub const GUARANTEES: &[Guarantee] = &[
    Guarantee {
        id: "unknown_is_not_no",
        promise: "A missing answer never fires a rule that needs yes; comparing an unknown answer is false, never an error; every unanswered red-flag question that applies is listed as not screened, and the unanswered questions that would change the answer are named (the what-if).",
        tests: &[
            "src/engine/sandbox.rs::comparing_different_kinds_is_an_error_but_unknown_is_just_false",
            "tests/suite/fixtures.rs::every_what_if_answer_gives_the_stated_outcome",
            "tests/suite/bad_rules/broken_rules.rs::bad_rules_battery",
        ],
    },
    Guarantee {
        id: "escalation_only",
        promise: "No rule can lower an urgency that another raised: the highest urgency wins, and answering yes to a red-flag question or a worrying finding never lowers it.",
        tests: &[
            "tests/suite/properties.rs::a_yes_to_a_red_flag_question_never_lowers_the_urgency",
            "tests/suite/monotonicity.rs::a_more_worrying_finding_never_lowers_the_urgency",
        ],
    },
    Guarantee {
        id: "avoid_beats_suggest",
        promise: "A treatment any rule advises against is never suggested: the engine moves it to withheld and says why.",
        tests: &[
            "tests/suite/properties.rs::safety_first_avoid_beats_suggest_and_emergency_suggests_nothing",
            "tests/suite/commands/explain.rs::explain_says_why_a_treatment_was_withheld",
        ],
    },
    Guarantee {
        id: "emergency_withholds_treatment",
        promise: "An emergency referral (the urgency that withholds treatment) removes every treatment suggestion, in the report and in the patient's handout.",
        tests: &[
            "tests/suite/properties.rs::safety_first_avoid_beats_suggest_and_emergency_suggests_nothing",
            "tests/suite/cli.rs::elderly_fall_unable_to_weight_bear_is_an_emergency_with_no_treatment",
            "tests/suite/handout.rs::an_emergency_handout_has_no_exercise_and_says_where_to_go",
        ],
    },
    Guarantee {
        id: "fail_loud",
        promise: "A rule that errors, loops, recurses, sleeps or reads what does not exist stops the case with a clear message naming its file and line; there is never a silent partial answer, and no rule can catch or hide an engine error.",
        tests: &[
            "tests/suite/bad_rules/broken_rules.rs::bad_rules_battery",
            "src/engine/sandbox.rs::runaway_rules_are_stopped_by_the_limits",
            "src/engine/sandbox.rs::the_time_budget_stops_a_case_that_runs_too_long",
            "src/engine/sandbox.rs::a_panic_inside_the_engine_is_a_rule_failure_not_a_crash",
            "tests/suite/commands/explain.rs::explain_shows_the_trace_up_to_a_rule_that_fails",
        ],
    },
    Guarantee {
        id: "sandbox",
        promise: "Rules are sandboxed: no files, network, clock, sleeping, imports or eval, and a rules folder cannot reach files outside itself through links.",
        tests: &[
            "src/engine/sandbox.rs::the_sandbox_refuses_import_eval_and_object_maps_when_compiling",
            "tests/suite/bad_rules/broken_rules.rs::bad_rules_battery",
            "tests/suite/bad_rules/folders.rs::symbolic_links_out_of_the_rules_folder_are_refused_not_skipped",
        ],
    },
    Guarantee {
        id: "rejected_rules_never_assess",
        promise: "No assessment from rules that `triage check` rejects: a rule, data or safety file with an error stops every command before any case is assessed.",
        tests: &[
            "tests/suite/bad_rules/rule_files.rs::rule_files_that_check_rejects_are_refused_by_every_command",
            "tests/suite/bad_rules/data_files.rs::broken_data_files_are_refused_by_assess_and_check",
            "tests/suite/commands/check.rs::assess_refuses_rules_with_a_misspelled_field_before_any_case_runs",
            "tests/suite/safety.rs::a_broken_safety_file_stops_assess_as_check_does",
        ],
    },
    Guarantee {
        id: "bad_input_named",
        promise: "Bad input gets a clear error naming the field and what is allowed, with a documented exit code and no panic; every problem of a case is named at once.",
        tests: &[
            "tests/suite/bad_input/malformed_cases.rs::bad_input_battery",
            "tests/suite/bad_input/several_mistakes.rs::four_mistakes_give_four_errors_at_once",
            "tests/suite/cli.rs::a_misspelled_field_is_refused_with_did_you_mean",
            "tests/suite/cli.rs::a_value_not_allowed_names_field_value_and_what_is_allowed",
        ],
    },
    Guarantee {
        id: "nothing_silent_in_a_batch",
        promise: "In a batch, a case that cannot be read or on which a rule fails is reported in its place, and every other case is still assessed; the exit status says so.",
        tests: &[
            "tests/suite/batch.rs::a_bad_line_in_the_middle_is_reported_in_place_and_the_rest_assessed",
            "tests/suite/bad_input/batches.rs::a_batch_reports_bad_lines_in_place_and_assesses_the_rest",
            "tests/suite/bad_rules/batches.rs::a_rule_failing_on_one_case_of_a_batch_stops_only_that_case",
        ],
    },
    Guarantee {
        id: "output_never_forged",
        promise: "Text from the rules cannot forge or hide a line of the report: line breaks, control characters and bidirectional overrides are refused, and print output never reaches the report.",
        tests: &[
            "tests/suite/bad_rules/raw_characters.rs::raw_bidirectional_overrides_in_a_rule_text_are_refused_and_not_echoed",
            "tests/suite/bad_rules/raw_characters.rs::raw_line_separators_and_marks_in_a_rule_text_are_refused_and_not_echoed",
            "tests/suite/bad_rules/print_output.rs::print_and_debug_never_reach_stdout",
            "tests/suite/handout.rs::html_handout_is_escaped",
        ],
    },
    Guarantee {
        id: "every_line_names_its_rule",
        promise: "Every referral, red flag, treatment, avoid entry and review step names the rule file and line behind it, and the stable id of its rule (`rule_id`, `file#name`).",
        tests: &[
            "tests/suite/properties.rs::every_valid_case_is_assessed_and_every_entry_names_its_rule",
            "tests/suite/rule_ids.rs::every_entry_of_every_fixture_names_its_rule_in_the_file_of_its_line",
        ],
    },
    Guarantee {
        id: "rule_set_named_by_hash",
        promise: "Every assessment names the rule set it used and its SHA-256 over every rule, data and safety file, so the exact rules behind an answer can be found.",
        tests: &[
            "tests/suite/cli.rs::text_report_puts_the_referral_first_and_the_ruleset_last",
            "tests/suite/integrations.rs::outside_the_repository_the_built_in_rules_are_used_and_named",
            "tests/suite/safety.rs::the_safety_files_count_in_the_rule_set_hash",
        ],
    },
    Guarantee {
        id: "deterministic",
        promise: "The same case and the same rules always give the same assessment, alone or in a batch, with any number of threads.",
        tests: &[
            "tests/suite/properties.rs::the_same_case_gives_the_same_assessment",
            "tests/suite/batch.rs::the_same_batch_gives_the_same_bytes_every_time",
            "tests/suite/batch.rs::the_batch_of_all_fixtures_equals_each_fixture_assessed_alone",
        ],
    },
    Guarantee {
        id: "handout_never_shows_what_is_avoided",
        promise: "The patient's handout never shows a treatment under avoid or withheld, and with an emergency it shows no exercise at all: only where to go.",
        tests: &[
            "tests/suite/handout.rs::no_handout_names_a_treatment_under_avoid",
            "tests/suite/handout.rs::markdown_handout_has_the_exercise_and_never_the_avoided_one",
            "tests/suite/handout.rs::an_emergency_handout_has_no_exercise_and_says_where_to_go",
        ],
    },
    Guarantee {
        id: "lowered_urgency_is_a_safety_warning",
        promise: "`triage diff` lists first, as a SAFETY WARNING with exit 5, every case whose urgency a rule change lowered.",
        tests: &[
            "tests/suite/commands/diff.rs::diff_flags_a_lowered_urgency_as_a_safety_warning",
            "tests/suite/commands/diff.rs::diff_flags_a_lowered_urgency_of_a_shipped_fixture",
        ],
    },
    Guarantee {
        id: "interview_asks_red_flags_first",
        promise: "The interview asks age and region, then the context, then every red-flag question that applies, in checklists; an emergency is announced at once; unknown is always an answer and is never taken as no.",
        tests: &[
            "src/interview/plan.rs::age_and_region_come_first",
            "src/interview/plan.rs::context_comes_next_in_the_vocabulary_order_then_the_checklists",
            "src/interview/plan.rs::a_checklist_lists_only_what_applies_and_is_not_asked",
            "tests/suite/interview/scenarios.rs::a_cauda_equina_patient_stops_at_once_with_the_reason",
            "tests/suite/interview/answers.rs::the_end_of_input_assesses_what_was_given_or_names_what_is_missing",
        ],
    },
    Guarantee {
        id: "stale_rules_reported",
        promise: "Every rule file carries its sources and its last review date; `triage check` refuses a file without them and warns on one reviewed longer ago than allowed.",
        tests: &[
            "tests/suite/commands/check.rs::check_reports_a_missing_header",
            "tests/suite/bad_rules/rule_files.rs::an_overdue_review_date_is_only_a_warning",
        ],
    },
    Guarantee {
        id: "safety_properties_proven",
        promise: "`triage check --deep` tries every safety property on generated cases (every fixture, every value of every field the rules read, every threshold) and reports each counterexample, minimised, with exit 1.",
        tests: &[
            "tests/suite/safety_deep.rs::check_deep_finds_red_flags_gated_on_a_context_field",
            "src/safety/generator.rs::the_generator_reaches_every_value_of_every_field_the_rules_read",
            "src/safety/minimise.rs::minimising_drops_what_does_not_matter_and_moves_numbers_to_the_boundary",
        ],
    },
];

/// The guarantee with this id.
pub(crate) fn guarantee(id: &str) -> Option<&'static Guarantee> {
    GUARANTEES.iter().find(|g| g.id == id)
}
