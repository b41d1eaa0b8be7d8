//! `triage safety-case`: the clinical safety case report. What the report says
//! is built here, once, as the context its templates read (`rules/safety/
//! safety_case.md.j2` and `.html.j2`, where the scope and intended use are
//! written); the same rules and the same run give the same report, apart from
//! its date.

use serde::Serialize;

use super::deep_check::Run;
use super::guarantees::{GUARANTEES, guarantee};
use super::hazard::Control;
use super::names::inside;
use super::risk::{LIKELIHOODS, Risk, SEVERITIES};
use super::spec::Spec;
use super::template::ReportFormat;
use crate::analysis::{Date, Header};
use crate::error::Error;
use crate::ruleset::{Loaded, RuleSet};
use crate::text::{plural, shorten};

/// What the report's templates read.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Context {
    tool: Tool,
    rules: Rules,
    /// The day the report was made, `YYYY-MM-DD`.
    date: String,
    deep_check: DeepCheck,
    hazards: Vec<HazardView>,
    properties: Vec<PropertyView>,
    guarantees: Vec<GuaranteeView>,
    /// The DCB0129 scales, least first, for the template's explanation.
    severities: Vec<String>,
    likelihoods: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Debug, Clone, Serialize)]
struct Rules {
    name: String,
    sha256: String,
    files: usize,
}

#[derive(Debug, Clone, Serialize)]
struct DeepCheck {
    cases: usize,
    seed: u64,
    properties: usize,
    held: usize,
    /// Every property tried and none broken.
    verified: bool,
}

#[derive(Debug, Clone, Serialize)]
struct RiskView {
    rating: u8,
    severity: String,
    likelihood: String,
    meaning: &'static str,
}

#[derive(Debug, Clone, Serialize)]
struct HazardView {
    id: String,
    title: String,
    causes: Vec<String>,
    effect: String,
    harm: String,
    initial: RiskView,
    residual: RiskView,
    controls: Vec<ControlView>,
}

#[derive(Debug, Clone, Serialize)]
struct ControlView {
    /// `property`, `guarantee` or `rule file`.
    kind: String,
    name: String,
    evidence: String,
    /// The evidence stands (a property verified, a guarantee, a rule file).
    holds: bool,
}

#[derive(Debug, Clone, Serialize)]
struct PropertyView {
    id: String,
    statement: String,
    source: String,
    tried: u64,
    counterexamples: u64,
    holds: bool,
    exceptions: Vec<ExceptionView>,
}

#[derive(Debug, Clone, Serialize)]
struct ExceptionView {
    reason: String,
    source: String,
}

#[derive(Debug, Clone, Serialize)]
struct GuaranteeView {
    id: &'static str,
    promise: &'static str,
    tests: Vec<&'static str>,
}

fn risk(risk: Risk) -> RiskView {
    RiskView {
        rating: risk.rating(),
        severity: SEVERITIES[risk.severity.min(4)].replace('_', " "),
        likelihood: LIKELIHOODS[risk.likelihood.min(4)].replace('_', " "),
        meaning: risk.meaning(),
    }
}

/// `12,345`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What the report says of the rule set itself, from a loaded rule set or from
/// one as `check` read it.
pub(crate) struct About {
    name: String,
    sha256: String,
    files: usize,
    /// Each rule file: its path inside the rule set, and its text.
    rule_files: Vec<(String, String)>,
}

impl About {
    pub(crate) fn of_rules(rules: &RuleSet) -> About {
        About {
            name: rules.shown_dir.clone(),
            sha256: rules.fingerprint.sha256.clone(),
            files: rules.fingerprint.files,
            rule_files: rules
                .rules
                .iter()
                .map(|r| (inside(rules, &r.path).to_string(), r.source.clone()))
                .collect(),
        }
    }

    pub(crate) fn of_loaded(loaded: &Loaded) -> About {
        About {
            name: loaded.shown_dir.clone(),
            sha256: loaded.fingerprint.sha256.clone(),
            files: loaded.fingerprint.files,
            rule_files: loaded
                .sources
                .iter()
                .filter(|s| s.is_rule())
                .map(|s| (s.relative.clone(), s.text.clone()))
                .collect(),
        }
    }
}

impl Context {
    /// The report's context for a rule set, its spec and a deep check's run
    /// (`None` for the sample the templates are checked with).
    pub(crate) fn build(rules: &About, spec: &Spec, run: Option<&Run>, date: String) -> Context {
        let sha = &rules.sha256;
        let properties: Vec<PropertyView> = spec
            .properties
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let outcome = run.and_then(|r| r.outcomes.get(i));
                let tried = outcome.map_or(0, |o| o.tried);
                let failed = outcome.map_or(0, |o| o.failed);
                PropertyView {
                    id: p.id.clone(),
                    statement: p.statement.clone(),
                    source: p.source.clone(),
                    tried,
                    counterexamples: failed,
                    holds: tried > 0 && failed == 0,
                    exceptions: p
                        .exceptions
                        .iter()
                        .map(|e| ExceptionView {
                            reason: e.reason.clone(),
                            source: e.source.clone(),
                        })
                        .collect(),
                }
            })
            .collect();
        let cases = run.map_or(0, |r| r.cases);
        let evidence = |control: &Control| -> (String, bool) {
            match control {
                Control::Property(id) => {
                    let view = properties.iter().find(|p| &p.id == id);
                    match view {
                        Some(p) if p.holds => (
                            format!(
                                "verified over {} cases that met its premise ({} generated) with 0 counterexamples at rule set sha256 {sha}",
                                thousands(p.tried),
                                thousands(cases as u64)
                            ),
                            true,
                        ),
                        Some(p) if p.tried > 0 => (
                            format!(
                                "NOT VERIFIED: {} in {} cases that met its premise at rule set sha256 {sha}",
                                plural(
                                    usize::try_from(p.counterexamples).unwrap_or(usize::MAX),
                                    "counterexample",
                                    "counterexamples"
                                ),
                                thousands(p.tried)
                            ),
                            false,
                        ),
                        _ => (
                            format!(
                                "NOT VERIFIED: no generated case met its premise ({} cases) at rule set sha256 {sha}",
                                thousands(cases as u64)
                            ),
                            false,
                        ),
                    }
                }
                Control::Guarantee(id) => match guarantee(id) {
                    Some(g) => (
                        format!(
                            "engine guarantee, proved by the tests {}",
                            g.tests
                                .iter()
                                .map(|t| t.rsplit("::").next().unwrap_or(t))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        true,
                    ),
                    None => ("not a guarantee of the engine".to_string(), false),
                },
                Control::RuleFile(path) => {
                    let source = rules
                        .rule_files
                        .iter()
                        .find(|(relative, _)| relative == path);
                    match source {
                        Some((_, text)) => {
                            let header = Header::parse(text);
                            let entry = |key: &str| {
                                header
                                    .entries
                                    .iter()
                                    .find(|e| e.key == key)
                                    .map(|e| e.value.clone())
                                    .unwrap_or_default()
                            };
                            (
                                format!(
                                    "reviewed {} against its sources: {}",
                                    entry("Reviewed"),
                                    shorten(&entry("Sources"), 160)
                                ),
                                true,
                            )
                        }
                        None => (format!("rule file {path} is missing"), false),
                    }
                }
            }
        };
        let hazards = spec
            .hazards
            .iter()
            .map(|h| HazardView {
                id: h.id.clone(),
                title: h.title.clone(),
                causes: h.causes.clone(),
                effect: h.effect.clone(),
                harm: h.harm.clone(),
                initial: risk(h.initial),
                residual: risk(h.residual),
                controls: h
                    .controls
                    .iter()
                    .map(|c| {
                        let (evidence, holds) = evidence(c);
                        ControlView {
                            kind: c.kind().replace('_', " "),
                            name: c.name().to_string(),
                            evidence,
                            holds,
                        }
                    })
                    .collect(),
            })
            .collect();
        let held = properties.iter().filter(|p| p.holds).count();
        Context {
            tool: Tool {
                name: "triage",
                version: env!("CARGO_PKG_VERSION"),
            },
            rules: Rules {
                name: rules.name.clone(),
                sha256: sha.clone(),
                files: rules.files,
            },
            date,
            deep_check: DeepCheck {
                cases,
                seed: run.map_or(0, |r| r.seed),
                properties: properties.len(),
                held,
                verified: run.is_some_and(|r| r.errors == 0) && held == properties.len(),
            },
            hazards,
            properties,
            guarantees: GUARANTEES
                .iter()
                .map(|g| GuaranteeView {
                    id: g.id,
                    promise: g.promise,
                    tests: g.tests.to_vec(),
                })
                .collect(),
            severities: SEVERITIES.iter().map(|s| s.replace('_', " ")).collect(),
            likelihoods: LIKELIHOODS.iter().map(|s| s.replace('_', " ")).collect(),
        }
    }
}

/// The report's date: `TRIAGE_TODAY`, else today in the system's time zone
/// (the same "today" as `check`'s review ages).
pub(crate) fn today() -> Result<String, String> {
    Date::today().map(|date| date.to_string())
}

/// The report, rendered by the rule set's template of `format`.
pub(crate) fn render(
    context: &Context,
    spec: &Spec,
    format: ReportFormat,
) -> Result<String, Error> {
    match spec.template(format) {
        Some(template) => template.render(context),
        None => Err(Error::RulesUnreadable {
            path: format.template().to_string(),
            reason: "is missing: the safety case report needs it".to_string(),
        }),
    }
}

/// Renders every template with the sample context (no run): what the static
/// check cannot see (a misspelt variable, a filter on the wrong kind) fails here.
pub(crate) fn check_templates(rules: &About, spec: &Spec) -> Vec<Error> {
    let sample = Context::build(rules, spec, None, "2000-01-01".to_string());
    [ReportFormat::Markdown, ReportFormat::Html]
        .into_iter()
        .filter_map(|format| spec.template(format))
        .filter_map(|template| template.render(&sample).err())
        .collect()
}
