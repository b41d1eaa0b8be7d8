//! The safety case of a rule set as declared: its properties, its hazard log and
//! the report's templates, read from `rules/safety/` and checked together. A rule
//! set without a `safety/` folder declares nothing (an older revision, a small
//! test rule set); once the folder is there, all four files must be.

use std::collections::BTreeSet;

use super::hazard::{Control, Hazard};
use super::hazards_file::{self, HAZARDS_FILE};
use super::names::Names;
use super::properties_file::{self, PROPERTIES_FILE};
use super::property::Property;
use super::template::{ReportFormat, Template};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::place::Location;
use crate::ruleset::{Loaded, RuleSet, SAFETY_FOLDER, SourceFile};

/// The safety case as declared.
#[derive(Debug, Clone, Default)]
pub(crate) struct Spec {
    pub properties: Vec<Property>,
    pub hazards: Vec<Hazard>,
    pub markdown: Option<Template>,
    pub html: Option<Template>,
}

/// What reading the safety files found.
struct Read {
    spec: Spec,
    errors: Vec<Error>,
    warnings: Vec<Diagnostic>,
}

impl Spec {
    /// The safety case of a loaded rule set, or the errors that make its safety
    /// files unusable (the same errors `check` reports).
    pub(crate) fn of(rules: &RuleSet) -> Result<Spec, Error> {
        let files: Vec<SourceFile> = rules.safety_files().cloned().collect();
        let read = read(&files, &Names::of_rules(rules), |name| rules.shown(name));
        Error::all(read.errors)?;
        Ok(read.spec)
    }

    /// `check`'s findings for the safety files of a rule set as read (errors
    /// and warnings), and the spec when it has no error.
    pub(crate) fn check(loaded: &Loaded) -> (Option<Spec>, Vec<Diagnostic>) {
        let files: Vec<SourceFile> = loaded
            .sources
            .iter()
            .filter(|s| s.relative.starts_with(SAFETY_FOLDER))
            .cloned()
            .collect();
        let read = read(&files, &Names::of_loaded(loaded), |name| loaded.shown(name));
        let mut findings: Vec<Diagnostic> = read
            .errors
            .iter()
            .flat_map(Error::flatten)
            .map(Error::diagnostic)
            .collect();
        let spec = findings.is_empty().then_some(read.spec);
        findings.extend(read.warnings);
        (spec, findings)
    }

    /// The template of a format.
    pub(crate) fn template(&self, format: ReportFormat) -> Option<&Template> {
        match format {
            ReportFormat::Markdown => self.markdown.as_ref(),
            ReportFormat::Html => self.html.as_ref(),
        }
    }
}

/// The files a safety folder holds.
const FILES: [&str; 4] = [
    PROPERTIES_FILE,
    HAZARDS_FILE,
    "safety/safety_case.md.j2",
    "safety/safety_case.html.j2",
];

fn read(files: &[SourceFile], names: &Names, shown: impl Fn(&str) -> String) -> Read {
    let mut read = Read {
        spec: Spec::default(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    if files.is_empty() {
        return read;
    }
    for file in files {
        if !FILES.contains(&file.relative.as_str()) {
            read.errors.push(Error::rule(
                Location::file_only(&file.path),
                format!(
                    "not a safety file: the safety folder holds {}",
                    FILES.map(&shown).join(", ")
                ),
            ));
        }
    }
    let find = |name: &str| files.iter().find(|f| f.relative == name);
    let missing = |name: &str, errors: &mut Vec<Error>| {
        errors.push(Error::RulesUnreadable {
            path: shown(name),
            reason: "is missing: the safety folder needs its properties, its hazard log and the report's two templates".to_string(),
        });
    };
    let properties = if let Some(file) = find(PROPERTIES_FILE) {
        let (properties, errors) = properties_file::read(file, names);
        read.errors.extend(errors);
        properties
    } else {
        missing(PROPERTIES_FILE, &mut read.errors);
        Vec::new()
    };
    let hazards = if let Some(file) = find(HAZARDS_FILE) {
        hazards_file::read(file, names, &properties).unwrap_or_else(|errors| {
            read.errors.extend(errors);
            Vec::new()
        })
    } else {
        missing(HAZARDS_FILE, &mut read.errors);
        Vec::new()
    };
    let used: BTreeSet<&str> = hazards
        .iter()
        .flat_map(|h| &h.controls)
        .filter_map(|c| match c {
            Control::Property(id) => Some(id.as_str()),
            _ => None,
        })
        .collect();
    for hazard in hazards.iter().filter(|h| h.residual.rating() >= 4) {
        read.warnings.push(
            Diagnostic::warning(
                hazard.place.clone(),
                format!(
                    "hazard `{}`: the residual risk {} is unacceptable: {}",
                    hazard.id,
                    hazard.residual.describe(),
                    hazard.residual.meaning()
                ),
            )
            .with_help("add controls that lower its likelihood, or escalate to the clinical safety officer"),
        );
    }
    if find(HAZARDS_FILE).is_some() {
        for property in properties.iter().filter(|p| !used.contains(p.id.as_str())) {
            read.warnings.push(
                Diagnostic::warning(
                    property.place.clone(),
                    format!("property `{}` is the control of no hazard", property.id),
                )
                .with_help(
                    "name it in the `controls` of the hazard it guards against, in hazards.toml",
                ),
            );
        }
    }
    let mut template = |format: ReportFormat| match Template::read(files, format) {
        Some(Ok(template)) => Some(template),
        Some(Err(error)) => {
            read.errors.push(error);
            None
        }
        None => {
            missing(format.template(), &mut read.errors);
            None
        }
    };
    read.spec = Spec {
        markdown: template(ReportFormat::Markdown),
        html: template(ReportFormat::Html),
        properties,
        hazards,
    };
    read
}
