//! The only file of the tests that uses the library crate (`physio_triage`).
//!
//! The fixture and property tests call the library directly (no process per case).
//! Every path, type, field and function of the library they need is used here,
//! behind small functions and test-owned types, so that a change of the library's
//! API is adapted in this one file. Everything else in `tests/` runs the binary.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use physio_triage::{
    Direction, Evaluator, Expectation, Field, Kind, Layout, Memo, Origin, Pipeline, RuleSet,
    WithheldReason, text_report as report_text,
};
use serde_json::{Map, Value as Json};

/// A validated case (opaque here: read with [`read_case`], [`case_from_object`]
/// or [`read_fixture`], give it to [`assess`]).
pub use physio_triage::Case;

/// A loaded rule set (opaque here: from [`load_rules`], given to [`assess_with`]).
pub use physio_triage::RuleSet as Rules;

/// The result of [`assess`]: serializable (the JSON the binary prints), comparable,
/// read with the functions below.
pub use physio_triage::Assessment;

/// The shipped rules, `rules/`, loaded once; rules that do not load fail the test
/// with the rendered error.
fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| match RuleSet::load_folder(Path::new("rules")) {
        Ok(rules) => rules,
        Err(error) => panic!("the shipped rules do not load:\n{}", error.render()),
    })
}

// ---------------------------------------------------------------------------
// Rule files

/// Every shipped rule file, as the assessments name it (`rules/hip/x.rhai`), with
/// its number of lines.
pub fn rule_file_lines() -> &'static HashMap<String, usize> {
    static LINES: OnceLock<HashMap<String, usize>> = OnceLock::new();
    LINES.get_or_init(|| {
        rules()
            .rules
            .iter()
            .map(|rule| (rule.path.clone(), rule.source.lines().count()))
            .collect()
    })
}

// ---------------------------------------------------------------------------
// Cases and fixtures

/// Reads and validates one case from JSON text; the error as the library words it.
pub fn read_case(text: &str, origin: &str) -> Result<Case, String> {
    Case::from_json(text, &Origin::file(origin), &rules().vocabulary).map_err(|e| e.to_string())
}

/// Validates a case already parsed as a JSON object.
pub fn case_from_object(object: Map<String, Json>, origin: &str) -> Result<Case, String> {
    Case::from_object(object, &Origin::file(origin), &rules().vocabulary).map_err(|e| e.to_string())
}

/// A shipped fixture: its case and its reviewed expected outcome, if it has one.
pub struct Fixture {
    pub case: Case,
    pub expected: Option<Expected>,
}

/// Reads a fixture file; a fixture that is not a valid case fails the test.
pub fn read_fixture(path: &Path) -> Fixture {
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    let origin = path.display().to_string();
    let fixture =
        physio_triage::Fixture::from_json(&text, &Origin::file(&origin), &rules().vocabulary)
            .unwrap_or_else(|e| panic!("{origin} is not a valid case: {e}"));
    Fixture {
        case: fixture.case,
        expected: fixture.expect.map(Expected),
    }
}

/// A fixture's reviewed expected outcome (`expect` in the case file).
pub struct Expected(Expectation);

impl Expected {
    /// The expected urgency, if the expectation states one.
    pub fn urgency(&self) -> Option<&str> {
        self.0.urgency.as_deref()
    }

    /// Names in the expectation that the shipped rules do not know.
    pub fn unknown_names(&self) -> Vec<String> {
        self.0.unknown_names(rules())
    }

    /// How `assessment` differs from the expectation (empty: it meets it).
    pub fn check(&self, assessment: &Assessment) -> Vec<String> {
        self.0.check(assessment)
    }
}

// ---------------------------------------------------------------------------
// Assessing

/// Assesses a case with the shipped rules, without the what-if (the fast path
/// of a batch); the error rendered as the binary shows it.
pub fn assess(case: &Case) -> Result<Assessment, String> {
    Pipeline::new(rules())
        .assess(case)
        .map(|assessed| assessed.assessment)
        .map_err(|stopped| stopped.error.render())
}

/// Assesses a case with the what-if, as `triage assess` does for one case.
pub fn assess_with_what_if(case: &Case) -> Result<Assessment, String> {
    Pipeline::new(rules())
        .what_if(true)
        .assess(case)
        .map(|assessed| assessed.assessment)
        .map_err(|stopped| stopped.error.render())
}

/// The questions of a smallest set of open ones whose answers together would
/// lower the urgency of `case` (the what-if's search), with the urgency they
/// would lower it to; `None` when no answers can.
pub fn lowering_combination(case: &Case) -> Option<(Vec<String>, String)> {
    let rules = rules();
    let mut memo = Memo::default();
    Pipeline::new(rules)
        .combination(case, &HashSet::new(), Direction::Lower, &mut memo)
        .unwrap_or_else(|error| panic!("{}", error.render()))
        .map(|c| {
            let urgency = rules.scale.urgencies[c.rank].id.clone();
            (c.fields, urgency)
        })
}

/// Assesses a case with the what-if with every rule file run both natively and
/// in Rhai, their traces compared (the differential mode); a difference, in the
/// case or in any trial of the what-if, is the error.
pub fn assess_differential(case: &Case) -> Result<Assessment, String> {
    let assessment = Pipeline::new(rules())
        .what_if(true)
        .evaluator(Evaluator::Differential)
        .assess(case)
        .map(|assessed| assessed.assessment)
        .map_err(|stopped| stopped.error.render())?;
    match assessment
        .what_if_failed
        .iter()
        .find(|failed| failed.error.to_string().contains("differs from Rhai"))
    {
        Some(failed) => Err(format!(
            "when trying {} = {}: {}",
            failed.field,
            failed.answer,
            failed.error.render()
        )),
        None => Ok(assessment),
    }
}

/// One answer the what-if found: the field, the answer as JSON, the urgency it
/// would bring and the treatments it would put under avoid.
pub struct WhatIf {
    pub field: String,
    pub answer: Json,
    pub urgency: String,
    pub withdraws: Vec<String>,
}

/// The what-if entries of an assessment made by [`assess_with_what_if`].
pub fn what_if(assessment: &Assessment) -> Vec<WhatIf> {
    assessment
        .could_change
        .iter()
        .flatten()
        .map(|c| WhatIf {
            field: c.field.clone(),
            answer: c.answer.clone(),
            urgency: c.urgency.clone(),
            withdraws: c.withdraws.clone(),
        })
        .collect()
}

/// The text report of an assessment, as `triage assess` prints it.
pub fn text_report(assessment: &Assessment) -> String {
    report_text(assessment, rules(), Layout::default())
}

/// The Markdown report of an assessment, as `triage assess --format markdown`
/// prints it.
pub fn markdown_report(assessment: &Assessment) -> String {
    physio_triage::markdown_report(assessment, rules(), physio_triage::Detail::default())
}

/// The CDS Hooks response of an assessment, as `--format cds-hooks` prints it.
pub fn cds_hooks(assessment: &Assessment) -> Json {
    physio_triage::cds_hooks_response(assessment, rules())
}

/// The urgency of the assessment (the highest of its referrals).
pub fn urgency(assessment: &Assessment) -> &str {
    &assessment.referral.urgency
}

/// The destination of the assessment's referral, if any.
pub fn destination(assessment: &Assessment) -> Option<&str> {
    assessment.referral.destination.as_deref()
}

/// The urgency of every referral a rule made.
pub fn referral_urgencies(assessment: &Assessment) -> Vec<&str> {
    let referrals = &assessment.referrals;
    referrals.iter().map(|r| r.urgency.as_str()).collect()
}

/// The ids of the suggested treatments.
pub fn treatment_ids(assessment: &Assessment) -> Vec<&str> {
    let treatments = &assessment.treatments;
    treatments.iter().map(|t| t.id.as_str()).collect()
}

/// The ids of the treatments advised against.
pub fn avoided_ids(assessment: &Assessment) -> Vec<&str> {
    assessment.avoid.iter().map(|t| t.id.as_str()).collect()
}

/// Every `rule` reference (`rules/x.rhai:LINE`) of an assessment.
pub fn rule_references(assessment: &Assessment) -> Vec<String> {
    let a = assessment;
    a.referrals
        .iter()
        .map(|r| r.rule.to_string())
        .chain(a.red_flags.iter().map(|r| r.rule.to_string()))
        .chain(a.treatments.iter().map(|r| r.rule.to_string()))
        .chain(a.avoid.iter().map(|r| r.rule.to_string()))
        .chain(a.review.iter().map(|r| r.rule.to_string()))
        .chain(a.withheld.iter().map(|r| r.rule.to_string()))
        .collect()
}

// ---------------------------------------------------------------------------
// Rule lines and rule ids

/// A rule line in a snapshot. Line numbers change whenever a line is added above
/// the rule; the rule ids (`rule_id`) do not, and stay in the snapshot, so a
/// snapshot changes only when what the rules do changes.
pub const RULE_LINE: &str = "[line]";

/// The line every rule reference is set to by [`with_placeholder_rule_lines`],
/// and [`redact_rule_lines`] replaces.
const PLACEHOLDER_LINE: usize = 99;

/// The assessment with every rule line set to one placeholder, so that what is
/// rendered from it (JSON or the text report, wrapped as always) does not depend
/// on where the rules are in their files; pass the text to [`redact_rule_lines`].
pub fn with_placeholder_rule_lines(assessment: &Assessment) -> Assessment {
    let mut a = assessment.clone();
    let placeholder = |origin: &mut Origin| {
        if origin.line.is_some() {
            origin.line = Some(PLACEHOLDER_LINE);
        }
    };
    a.referrals
        .iter_mut()
        .for_each(|r| placeholder(&mut r.rule));
    a.red_flags
        .iter_mut()
        .for_each(|r| placeholder(&mut r.rule));
    a.treatments
        .iter_mut()
        .for_each(|r| placeholder(&mut r.rule));
    a.avoid.iter_mut().for_each(|r| placeholder(&mut r.rule));
    a.review.iter_mut().for_each(|r| placeholder(&mut r.rule));
    for withheld in &mut a.withheld {
        placeholder(&mut withheld.rule);
        if let WithheldReason::Avoided { rule, .. } = &mut withheld.because {
            placeholder(rule);
        }
    }
    for change in a.could_change.iter_mut().flatten() {
        if let Some(rule) = &mut change.rule {
            placeholder(rule);
        }
    }
    a
}

/// `text` with the placeholder rule lines of [`with_placeholder_rule_lines`]
/// written as [`RULE_LINE`]: `rules/hip/x.rhai:[line]`.
pub fn redact_rule_lines(text: &str) -> String {
    text.replace(
        &format!(".rhai:{PLACEHOLDER_LINE}"),
        &format!(".rhai:{RULE_LINE}"),
    )
}

/// Every rule id of an assessment, in the order of its entries (could_change too).
pub fn rule_ids(assessment: &Assessment) -> Vec<String> {
    let a = assessment;
    let id = |id: &Option<physio_triage::RuleId>| {
        id.as_ref()
            .map_or_else(|| "(none)".to_string(), ToString::to_string)
    };
    a.referrals
        .iter()
        .map(|r| id(&r.rule_id))
        .chain(a.red_flags.iter().map(|r| id(&r.rule_id)))
        .chain(a.treatments.iter().map(|r| id(&r.rule_id)))
        .chain(a.avoid.iter().map(|r| id(&r.rule_id)))
        .chain(a.review.iter().map(|r| id(&r.rule_id)))
        .chain(a.withheld.iter().map(|r| id(&r.rule_id)))
        .chain(a.could_change.iter().flatten().map(|c| id(&c.rule_id)))
        .collect()
}

/// A rule set from another folder (a changed copy of the shipped rules); rules
/// that do not load fail the test with the rendered error.
pub fn load_rules(dir: &Path) -> Rules {
    RuleSet::load_folder(dir)
        .unwrap_or_else(|error| panic!("{} does not load:\n{}", dir.display(), error.render()))
}

/// Assesses a case with the given rules, without the what-if (as a batch does).
pub fn assess_without_what_if(rules: &Rules, case: &Case) -> Result<Assessment, String> {
    Pipeline::new(rules)
        .assess(case)
        .map(|assessed| assessed.assessment)
        .map_err(|stopped| stopped.error.render())
}

/// Assesses a case with the given rules, with the what-if, as `triage assess`.
pub fn assess_with(rules: &Rules, case: &Case) -> Result<Assessment, String> {
    Pipeline::new(rules)
        .what_if(true)
        .assess(case)
        .map(|assessed| assessed.assessment)
        .map_err(|stopped| stopped.error.render())
}

// ---------------------------------------------------------------------------
// The referral scale

/// One urgency of the shipped referral scale.
pub struct Urgency {
    pub id: String,
    pub withholds_treatment: bool,
}

/// The shipped urgencies, lowest (no referral) first.
pub fn urgencies() -> &'static [Urgency] {
    static URGENCIES: OnceLock<Vec<Urgency>> = OnceLock::new();
    URGENCIES.get_or_init(|| {
        rules()
            .scale
            .urgencies
            .iter()
            .map(|u| Urgency {
                id: u.id.clone(),
                withholds_treatment: u.withholds_treatment,
            })
            .collect()
    })
}

/// The rank of an urgency on the shipped scale (0 = no referral), if it exists.
pub fn urgency_rank(id: &str) -> Option<usize> {
    rules().scale.rank(id)
}

// ---------------------------------------------------------------------------
// The vocabulary

/// The type of a vocabulary field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Boolean,
    Integer,
    Number,
    Choice,
    List,
    Text,
}

/// One field of the shipped vocabulary.
#[derive(Debug, Clone)]
pub struct VocabularyField {
    pub section: String,
    pub name: String,
    pub kind: FieldKind,
    pub required: bool,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// The allowed values of a choice or list.
    pub values: Vec<String>,
    /// A boolean of a section marked `red_flag_questions`.
    pub red_flag_question: bool,
}

/// The interview's context questions (`[interview] context` of the
/// vocabulary), in their order: `section.field`.
pub fn interview_context() -> &'static [String] {
    &rules().vocabulary.interview.context
}

/// Every field of the shipped vocabulary, in vocabulary order.
pub fn vocabulary() -> &'static [VocabularyField] {
    static FIELDS: OnceLock<Vec<VocabularyField>> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let mut fields = Vec::new();
        for (section, description) in &rules().vocabulary.sections {
            for (name, field) in &description.fields {
                fields.push(vocabulary_field(
                    section,
                    name,
                    field,
                    description.red_flag_questions,
                ));
            }
        }
        fields
    })
}

fn vocabulary_field(
    section: &str,
    name: &str,
    field: &Field,
    red_flag_section: bool,
) -> VocabularyField {
    let kind = match field.kind {
        Kind::Boolean => FieldKind::Boolean,
        Kind::Integer => FieldKind::Integer,
        Kind::Number => FieldKind::Number,
        Kind::Choice => FieldKind::Choice,
        Kind::List => FieldKind::List,
        Kind::Text => FieldKind::Text,
    };
    VocabularyField {
        section: section.to_string(),
        name: name.to_string(),
        kind,
        required: field.required,
        min: field.min,
        max: field.max,
        values: field.values.clone(),
        red_flag_question: red_flag_section && kind == FieldKind::Boolean,
    }
}

// ---------------------------------------------------------------------------
// The patient handout

/// The shipped rules' handout, loaded and checked once.
fn handout() -> &'static physio_triage::Handout {
    static HANDOUT: OnceLock<physio_triage::Handout> = OnceLock::new();
    HANDOUT.get_or_init(|| {
        physio_triage::Handout::of(rules())
            .unwrap_or_else(|problems| panic!("the shipped handout is sound: {problems:?}"))
            .expect("the shipped rules have a handout")
    })
}

/// The handout of an assessment in Markdown and in HTML, with the shipped templates.
pub fn handouts(assessment: &Assessment) -> Result<[String; 2], String> {
    let render = |format| {
        handout()
            .write(assessment, rules(), format)
            .map(|h| h.text)
            .map_err(|e| e.render())
    };
    Ok([
        render(physio_triage::HandoutFormat::Markdown)?,
        render(physio_triage::HandoutFormat::Html)?,
    ])
}

/// Whether the urgency of the assessment withholds all treatment.
pub fn withholds_treatment(assessment: &Assessment) -> bool {
    let scale = &rules().scale;
    scale
        .rank(&assessment.referral.urgency)
        .is_some_and(|rank| scale.urgency(rank).withholds_treatment)
}

/// Every way a treatment under avoid could be named on a handout: its id, its
/// catalogue name and its name in the handout's words (lower case).
pub fn avoided_names(assessment: &Assessment) -> Vec<String> {
    let rules = rules();
    let mut names = Vec::new();
    for avoided in &assessment.avoid {
        names.push(avoided.id.clone());
        if let Some(treatment) = rules.catalogue.get(&avoided.id) {
            names.push(treatment.name.clone());
        }
        if let Some(words) = handout().treatments.get(&avoided.id) {
            names.push(words.name.clone());
        }
    }
    names.into_iter().map(|n| n.to_lowercase()).collect()
}

/// The number of exercises and pieces of advice a handout of this assessment holds.
pub fn handout_items(assessment: &Assessment) -> usize {
    let context = handout().context(assessment, rules());
    context.exercises.len() + context.advice.len()
}

// ---------------------------------------------------------------------------
// The engine's guarantees

/// Each engine guarantee (`triage fields` lists them): its id and the tests
/// that prove it, as `path::function` from the crate root.
pub fn guarantees() -> Vec<(&'static str, Vec<&'static str>)> {
    physio_triage::GUARANTEES
        .iter()
        .map(|g| (g.id, g.tests.to_vec()))
        .collect()
}

// ---------------------------------------------------------------------------
// The interview, in this process

/// How an interview held through the plain protocol went.
pub struct Interviewed {
    /// The case as answered (JSON text, unknowns left out).
    pub case: String,
    /// `complete`, `stopped`, `finished`, `out of answers`, `refused: ...`.
    pub ended: String,
    /// Prompts answered (a checklist once, the offer to stop not).
    pub prompts: usize,
    /// Unanswered questions that could still change the assessment.
    pub still_open: usize,
}

/// Holds an interview with the shipped rules through the plain protocol:
/// questions to `messages`, answers from `answers`.
pub fn plain_interview(
    answers: impl std::io::BufRead,
    messages: impl std::io::Write,
) -> Result<Interviewed, String> {
    physio_triage::plain_interview(rules(), answers, messages)
        .map(|done| Interviewed {
            case: done.case,
            ended: done.ended,
            prompts: done.prompts,
            still_open: done.still_open,
        })
        .map_err(|error| error.render())
}

/// Whether the question `section.field` applies to `case` (its `applies_when`).
pub fn applies(case: &Case, qualified: &str) -> bool {
    qualified
        .split_once('.')
        .is_some_and(|(section, name)| rules().vocabulary.applies(section, name, case))
}
