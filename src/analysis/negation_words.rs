//! The words of the unknown-safe check (`unknown_safe.rs`): what an unsafe
//! negation does when an answer is unknown, and the form to write instead, with
//! the rule's own names and values filled in where they can be shown.

use rhai::Expr;

use super::knowing::Knowing;

/// `!operand`: the message and the help.
pub(super) fn not(operand: &Expr, knowing: Knowing) -> (String, String) {
    if let Some((subject, op, value)) = comparison(operand) {
        let shown = if op == "in" {
            format!("!({value} in {subject})")
        } else {
            format!("!({subject} {op} {value})")
        };
        let message = format!("`{shown}` is also true when `{subject}` is unknown (not answered)");
        let help = match op {
            "==" => format!(
                "write `is_not({subject}, {value})` for an answer known and different, or `unknown({subject}) || is_not({subject}, {value})` to count unknown as different"
            ),
            "in" => format!(
                "write `known({subject}) && !({value} in {subject})` for a known list without it, or `unknown({subject}) || !({value} in {subject})` to count unknown"
            ),
            _ => {
                let opposite = opposite(op);
                format!(
                    "write the opposite comparison, `{subject} {opposite} {value}`, which is false when `{subject}` is unknown, or `unknown({subject}) || {subject} {opposite} {value}` to count unknown"
                )
            }
        };
        return (message, help);
    }
    match (shown(operand), knowing) {
        (Some(name), Knowing::MaybeUnknown) => (
            format!("`!{name}` reads `{name}` as true or false, but it may be unknown (not answered)"),
            format!(
                "write `no({name})` for an answer known to be no, or `not_yes({name})` to count unknown as not yes"
            ),
        ),
        (Some(name), _) => (
            format!(
                "`!{name}` is also true when the answers behind `{name}` are unknown: `{name}` is false when they were not asked"
            ),
            format!(
                "write `not_yes({name})` to say that unknown counts as not {name}, or test the answers it is made from with known() first"
            ),
        ),
        (None, _) => (
            "this `!` is also true when an answer it reads is unknown (not answered)".to_string(),
            "say what unknown means: write the parts with `yes(x)`, `no(x)`, `is_not(x, v)` and `known(x)`, or wrap them in `not_yes(...)` to count unknown as not yes".to_string(),
        ),
    }
}

/// `subject != other`, where `subject` may be unknown or hides an unknown.
pub(super) fn not_equal(subject: &Expr, other: &Expr, knowing: Knowing) -> (String, String) {
    let name = shown(subject).unwrap_or_else(|| "this value".to_string());
    let value = shown(other).unwrap_or_else(|| "...".to_string());
    let message = if knowing == Knowing::MaybeUnknown {
        format!("`{name} != {value}` is also true when `{name}` is unknown (not answered)")
    } else {
        format!(
            "`{name} != {value}` is also true when the answers behind `{name}` are unknown: `{name}` is false when they were not asked"
        )
    };
    let help = match other {
        Expr::BoolConstant(true, _) if knowing == Knowing::MaybeUnknown => format!(
            "write `no({name})` for an answer known to be no, or `not_yes({name})` to count unknown as not yes"
        ),
        Expr::BoolConstant(true, _) => {
            format!("write `not_yes({name})` to say that unknown counts as not {name}")
        }
        Expr::BoolConstant(false, _) => format!(
            "write `yes({name})` for an answer known to be yes, or `unknown({name}) || yes({name})` to count unknown"
        ),
        _ => format!(
            "write `is_not({name}, {value})` for an answer known and different, or `unknown({name}) || is_not({name}, {value})` to count unknown as different"
        ),
    };
    (message, help)
}

/// `no(operand)`, where `operand` hides an unknown.
pub(super) fn no(operand: &Expr) -> (String, String) {
    let name = shown(operand).unwrap_or_else(|| "...".to_string());
    (
        format!(
            "`no({name})` is also true when an answer behind it is unknown: `{name}` is false then, not unknown"
        ),
        "no() tells a known no from unknown only on an answer itself: write the opposite comparison, `is_not(x, v)`, or `not_yes(...)` to count unknown as not yes".to_string(),
    )
}

/// `x OP value` as (subject, operator, value) when one side is a literal: the
/// comparison as it would be written with the subject first (`in` for
/// `"v" in x`, the value then being the item).
fn comparison(expr: &Expr) -> Option<(String, &'static str, String)> {
    let Expr::FnCall(call, _) = expr else {
        return None;
    };
    let [left, right] = call.args.as_slice() else {
        return None;
    };
    if call.name == "contains" {
        return Some((shown(left)?, "in", shown(right)?));
    }
    if !call.is_operator_call() {
        return None;
    }
    let op = ["==", "<", ">", "<=", ">="]
        .into_iter()
        .find(|op| *op == call.name)?;
    if is_literal(right) {
        Some((shown(left)?, op, shown(right)?))
    } else if is_literal(left) {
        // `52 <= x` is `x >= 52`.
        let flipped = match op {
            "<" => ">",
            ">" => "<",
            "<=" => ">=",
            ">=" => "<=",
            other => other,
        };
        Some((shown(right)?, flipped, shown(left)?))
    } else {
        None
    }
}

fn opposite(op: &str) -> &'static str {
    match op {
        "<" => ">=",
        ">" => "<=",
        "<=" => ">",
        _ => "<",
    }
}

fn is_literal(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::StringConstant(..)
            | Expr::IntegerConstant(..)
            | Expr::FloatConstant(..)
            | Expr::BoolConstant(..)
    )
}

/// The expression as the rule wrote it, when it is a name, a field, a literal or
/// a call of those.
pub(super) fn shown(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Variable(variable, _, _) => Some(variable.1.to_string()),
        Expr::StringConstant(text, _) => Some(format!("\"{text}\"")),
        Expr::IntegerConstant(number, _) => Some(number.to_string()),
        Expr::FloatConstant(number, _) => Some(format!("{:?}", **number)),
        Expr::BoolConstant(value, _) => Some(value.to_string()),
        Expr::Property(property, _) => Some(property.2.to_string()),
        Expr::Dot(binary, ..) => Some(format!("{}.{}", shown(&binary.lhs)?, shown(&binary.rhs)?)),
        Expr::Index(binary, ..) => {
            Some(format!("{}[{}]", shown(&binary.lhs)?, shown(&binary.rhs)?))
        }
        Expr::FnCall(call, _) if !call.is_operator_call() => {
            let args: Option<Vec<String>> = call.args.iter().map(shown).collect();
            Some(format!("{}({})", call.name, args?.join(", ")))
        }
        _ => None,
    }
}
