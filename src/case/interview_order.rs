//! The interview's clinical order, as data in `vocabulary.toml` (the `[interview]`
//! table), so the code names no question: the context questions asked after the
//! required ones (they decide which rules apply), and the red-flag checklists,
//! each a group of related red-flag questions asked in one prompt.
//!
//! ```toml
//! [interview]
//! context = ["patient.sex", "complaint.onset"]
//!
//! [[interview.checklist]]
//! name = "cauda equina"
//! question = "Any of these new bladder, bowel, saddle or two-legged symptoms?"
//! fields = ["screening.saddle_anaesthesia", "screening.bladder_bowel_change"]
//! ```
//!
//! The table shares the file with the case sections but is not one: it is read
//! from the file with every other line blanked (and the sections with its lines
//! blanked), so every error still names its own line and column.

use serde::{Deserialize, Serialize};

use crate::text::hint;

/// The top-level key of the interview's table.
pub(crate) const INTERVIEW_KEY: &str = "interview";

/// The interview's order: context questions, then red-flag checklists.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct InterviewOrder {
    /// `section.field`s asked after the required fields, in this order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
    /// The red-flag checklists, in the order they are asked.
    #[serde(default, rename = "checklist", skip_serializing_if = "Vec::is_empty")]
    pub checklists: Vec<Checklist>,
}

/// A group of related red-flag questions, asked as one prompt.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// What the group screens for, in a clinician's words ("cauda equina").
    pub name: String,
    /// The prompt: which of these are present?
    pub question: String,
    /// Its red-flag questions, `section.field`, in the order they are listed.
    pub fields: Vec<String>,
}

/// The text of `vocabulary.toml` split in two, line for line: the case
/// sections (the interview's table blanked) and the interview's table (all else
/// blanked). Blank lines keep every line and column where it was.
pub(crate) fn split(text: &str) -> (String, String) {
    let mut sections = String::with_capacity(text.len());
    let mut interview = String::new();
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            let name = trimmed.trim_start_matches('[').trim_start();
            inside = name.starts_with(INTERVIEW_KEY)
                && name[INTERVIEW_KEY.len()..].starts_with(['.', ']', ' ']);
        }
        let blank = if line.ends_with('\n') { "\n" } else { "" };
        if inside {
            interview.push_str(line);
            sections.push_str(blank);
        } else {
            sections.push_str(line);
            interview.push_str(blank);
        }
    }
    (sections, interview)
}

/// The `[interview]` table of `text` (the blanked half of [`split`]).
#[derive(Deserialize)]
struct Table {
    #[serde(default)]
    interview: InterviewOrder,
}

impl InterviewOrder {
    /// Reads the interview's half of the file.
    pub(crate) fn from_toml(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str::<Table>(text).map(|table| table.interview)
    }

    /// Problems with the order, each with the key to locate it by: a name that
    /// is not a field (with a did-you-mean), a checklist member that is not a
    /// yes/no red-flag question, a question listed twice, an empty checklist.
    /// `names` are every `section.field`; `red_flag` says whether one is a
    /// yes/no question of a red-flag section.
    pub(crate) fn problems(
        &self,
        names: &[String],
        red_flag: impl Fn(&str) -> bool,
    ) -> Vec<(&'static str, String)> {
        let known = |qualified: &str| names.iter().any(|n| n == qualified);
        let unknown = |qualified: &str| {
            format!(
                "[interview]: `{qualified}` is not a field (write section.field){}",
                hint(qualified, names.iter().map(String::as_str))
            )
        };
        let mut problems = Vec::new();
        let mut push = |key: &'static str, message: String| problems.push((key, message));
        for qualified in &self.context {
            if !known(qualified) {
                push("context", unknown(qualified));
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for checklist in &self.checklists {
            if checklist.fields.is_empty() || checklist.question.trim().is_empty() {
                push(
                    "question",
                    format!(
                        "[interview] checklist `{}` needs a question and at least one field",
                        checklist.name
                    ),
                );
            }
            for qualified in &checklist.fields {
                if !known(qualified) {
                    push("fields", unknown(qualified));
                } else if !red_flag(qualified) {
                    push(
                        "fields",
                        format!(
                            "[interview] checklist `{}`: `{qualified}` is not a yes/no red-flag question (a field of a section with red_flag_questions = true)",
                            checklist.name
                        ),
                    );
                }
                if seen.contains(&qualified.as_str()) {
                    push(
                        "fields",
                        format!(
                            "[interview]: `{qualified}` is in two checklists; a question is asked once"
                        ),
                    );
                }
                seen.push(qualified);
            }
        }
        problems
    }

    /// The checklist `qualified` is in, if any.
    pub fn checklist_of(&self, qualified: &str) -> Option<&Checklist> {
        self.checklists
            .iter()
            .find(|c| c.fields.iter().any(|f| f == qualified))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interview_table_is_split_off_line_for_line() {
        let text = "[a]\nabout = \"x\"\n[interview]\ncontext = [\"a.b\"]\n[[interview.checklist]]\nname = \"n\"\n[a.fields]\nb = 1\n";
        let (sections, interview) = split(text);
        assert_eq!(sections, "[a]\nabout = \"x\"\n\n\n\n\n[a.fields]\nb = 1\n");
        assert_eq!(
            interview,
            "\n\n[interview]\ncontext = [\"a.b\"]\n[[interview.checklist]]\nname = \"n\"\n\n\n"
        );
        assert_eq!(sections.lines().count(), text.lines().count());
        // A section whose name starts like it is not it.
        let (sections, interview) = split("[interviewer]\nabout = \"x\"\n");
        assert_eq!(sections, "[interviewer]\nabout = \"x\"\n");
        assert_eq!(interview, "\n\n");
    }
}
