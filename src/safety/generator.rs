//! The cases the deep check tries for each property, generated from the rule set
//! alone and numbered, so that case `k` of property `p` is the same case on every
//! run with the same seed, whichever thread makes it.
//!
//! For each property, its cases take turns from three sources, each made to meet
//! the property's premise (`forcing.rs`):
//! - every fixture, as the clinician wrote it;
//! - a sweep: a case with only the required fields, then the same with one varied
//!   field at a time given each of its answers (`domain.rs`): every value of every
//!   context field, every age either side of every age a rule compares with;
//! - random cases: a fixture or the bare case, with a random share of the varied
//!   fields given random answers (unknown included), so fields meet in every
//!   combination.
//!
//! A source that runs out gives its turns to the random cases.

use super::domain::{Domains, blank_case};
use super::forcing::{force, make_apply, random_answer, set};
use super::property::Property;
use super::rng::Rng;
use crate::case::{Case, Vocabulary};

/// Makes the numbered cases of a deep check.
pub(crate) struct Generator<'a> {
    pub vocabulary: &'a Vocabulary,
    pub domains: &'a Domains,
    pub fixtures: &'a [Case],
    pub properties: &'a [Property],
    pub seed: u64,
}

/// Where a case comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Fixture(usize),
    Sweep(usize),
    Random,
}

impl Generator<'_> {
    /// How many sweep cases a property has: the bare case, then one per known
    /// answer of every varied field.
    fn sweep_len(&self) -> usize {
        1 + self
            .domains
            .fields
            .iter()
            .map(|d| d.values.len())
            .sum::<usize>()
    }

    /// The `k`th case for property `p`, or `None` when its premise could not be
    /// forced on it (the case is still counted as tried).
    pub(crate) fn case(&self, p: usize, k: usize) -> Option<Case> {
        let property = &self.properties[p];
        let mut rng = Rng::for_case(self.seed, p, k);
        let turn = k / 3;
        let source = match k % 3 {
            0 if turn < self.fixtures.len() => Source::Fixture(turn),
            1 if turn < self.sweep_len() => Source::Sweep(turn),
            _ => Source::Random,
        };
        let mut case = match source {
            Source::Fixture(i) => self.fixtures[i].clone(),
            Source::Sweep(i) => self.swept(i, &mut rng),
            Source::Random => self.random(&mut rng),
        };
        case.id = None;
        let choice = rng.below(usize::MAX);
        force(
            &mut case,
            property,
            self.domains,
            self.vocabulary,
            &mut rng,
            choice,
        )
        .then_some(case)
    }

    /// A case with only the required fields (random answers).
    fn bare(&self, rng: &mut Rng) -> Case {
        let mut case = blank_case(self.vocabulary);
        for domain in self.domains.required() {
            let value = random_answer(domain, rng);
            set(&mut case, &domain.section, &domain.name, value);
        }
        case
    }

    /// Sweep case `i`: the bare case, with the `i`th (field, answer) pair set.
    fn swept(&self, i: usize, rng: &mut Rng) -> Case {
        let mut case = self.bare(rng);
        let mut left = i;
        if left == 0 {
            return case;
        }
        left -= 1;
        for domain in &self.domains.fields {
            if left < domain.values.len() {
                set(
                    &mut case,
                    &domain.section,
                    &domain.name,
                    domain.values[left].clone(),
                );
                // The question swept must apply: give the fields it depends on
                // answers under which it does (a pregnancy needs a patient who
                // can be pregnant).
                let swept = [domain.qualified.clone()];
                make_apply(&mut case, &swept, self.domains, self.vocabulary, rng);
                return case;
            }
            left -= domain.values.len();
        }
        case
    }

    /// A fixture or the bare case, with a random share of the varied fields
    /// (an eighth, a quarter or a half) given random answers.
    fn random(&self, rng: &mut Rng) -> Case {
        let mut case = if self.fixtures.is_empty() || rng.chance(1, 2) {
            self.bare(rng)
        } else {
            rng.pick(self.fixtures)
                .cloned()
                .unwrap_or_else(|| blank_case(self.vocabulary))
        };
        let share = [8, 4, 2][rng.below(3)];
        for domain in &self.domains.fields {
            if rng.chance(1, share) {
                let value = random_answer(domain, rng);
                set(&mut case, &domain.section, &domain.name, value);
            }
        }
        super::forcing::clear_what_does_not_apply(&mut case, &[], self.vocabulary);
        case
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::case::{Condition, Kind, Value};
    use crate::place::Location;
    use crate::ruleset::{RuleSet, RuleSource};

    /// Every known answer a case holds, as `(section.field, value)`.
    fn answers(case: &Case) -> Vec<(String, Value)> {
        case.known()
            .map(|(section, name, v)| (format!("{section}.{name}"), v.clone()))
            .collect()
    }

    fn shipped() -> RuleSet {
        RuleSet::load(&RuleSource::Folder("rules".into())).expect("the shipped rules load")
    }

    /// A property whose premise is one red-flag question answered yes (the first
    /// of the vocabulary's red-flag sections), as the shipped ones are.
    fn yes_to_a_red_flag_question(rules: &RuleSet) -> Property {
        let (section, name) = rules
            .vocabulary
            .sections
            .iter()
            .filter(|(_, s)| s.red_flag_questions)
            .flat_map(|(s, section)| {
                section
                    .fields
                    .iter()
                    .filter(|(_, f)| f.kind == Kind::Boolean && f.applies_when.is_empty())
                    .map(move |(n, _)| (s.clone(), n.clone()))
            })
            .next()
            .expect("a red-flag question");
        Property {
            id: "test".to_string(),
            statement: "test".to_string(),
            source: "test".to_string(),
            when: vec![Condition {
                field: format!("{section}.{name}"),
                is: Some(true),
                ..Condition::default()
            }],
            when_any: Vec::new(),
            when_urgency_at_least: None,
            exceptions: Vec::new(),
            urgency_at_least: Some("emergency".to_string()),
            destination_one_of: Vec::new(),
            never_suggest: Vec::new(),
            must_avoid: Vec::new(),
            red_flag_raised: Vec::new(),
            suggests_nothing: false,
            place: Location::file_only("test"),
        }
    }

    /// The domains hold every value of every choice field and both answers of
    /// every true/false field some rule reads, and the ages either side of every
    /// age a rule compares with; the generator reaches every one of them beside
    /// the premise, and every case it makes meets the premise and is valid.
    #[test]
    fn the_generator_reaches_every_value_of_every_field_the_rules_read() {
        let rules = shipped();
        let properties = vec![yes_to_a_red_flag_question(&rules)];
        let domains = Domains::of(&rules, &properties);
        for read in &rules.probes.read {
            let domain = domains
                .get(read)
                .unwrap_or_else(|| panic!("{read} is read but not varied"));
            match domain.field.kind {
                Kind::Choice => {
                    assert_eq!(domain.values.len(), domain.field.values.len(), "{read}");
                }
                Kind::Boolean => assert_eq!(domain.values.len(), 2, "{read}"),
                _ => assert!(!domain.values.is_empty(), "{read}"),
            }
        }
        for (field, thresholds) in &rules.probes.thresholds {
            let domain = domains.get(field).expect("a compared field is varied");
            for threshold in thresholds {
                let in_range = |v: f64| {
                    domain.field.min.is_none_or(|m| v >= m)
                        && domain.field.max.is_none_or(|m| v <= m)
                };
                if in_range(*threshold) {
                    let there = domain.values.iter().any(|v| match v {
                        #[allow(clippy::cast_precision_loss)]
                        Value::Int(i) => (*i as f64 - threshold).abs() < 1e-9,
                        Value::Number(n) => (n - threshold).abs() < 1e-9,
                        _ => false,
                    });
                    assert!(there, "{field}: the threshold {threshold} is not tried");
                }
            }
        }
        let generator = Generator {
            vocabulary: &rules.vocabulary,
            domains: &domains,
            fixtures: &[],
            properties: &properties,
            seed: 7,
        };
        let property = &properties[0];
        let mut reached: BTreeSet<(String, String)> = BTreeSet::new();
        for k in 0..generator.sweep_len() * 3 {
            let Some(case) = generator.case(0, k) else {
                continue;
            };
            assert!(property.premise_holds(&case, &rules.vocabulary));
            let json = case.to_json();
            let object = json.as_object().cloned().expect("an object");
            Case::from_object(object, &case.origin, &rules.vocabulary)
                .unwrap_or_else(|e| panic!("a generated case is not valid: {e}\n{json}"));
            for (field, value) in answers(&case) {
                reached.insert((field, format!("{value:?}")));
            }
        }
        let premise = &property.when[0].field;
        for domain in domains.fields.iter().filter(|d| &d.qualified != premise) {
            for value in &domain.values {
                assert!(
                    reached.contains(&(domain.qualified.clone(), format!("{value:?}"))),
                    "{} = {value:?} was never generated",
                    domain.qualified
                );
            }
        }
    }
}
