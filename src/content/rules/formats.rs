//! Text in each language that a rule checks beyond being there: the date formats, whose
//! placeholders must each appear once, and web addresses.

use super::{Cx, is_web_address};
use crate::content::diagnostic::Problem;
use crate::content::model::Text;

/// `date_format`: names the day, the month and the year, each once.
pub fn date_format(cx: &mut Cx<'_>, t: &Text, field: &str) -> String {
    format(cx, t, field, &["{day}", "{month}", "{year}"])
}

/// `month_format`: names the month and the year, each once.
pub fn month_format(cx: &mut Cx<'_>, t: &Text, field: &str) -> String {
    format(cx, t, field, &["{month}", "{year}"])
}

/// `year_format`: names the year once.
pub fn year_format(cx: &mut Cx<'_>, t: &Text, field: &str) -> String {
    format(cx, t, field, &["{year}"])
}

/// A format: each of `parts` once, so that no date loses its day, month or year and no
/// figure its value.
fn format(cx: &mut Cx<'_>, t: &Text, field: &str, parts: &[&str]) -> String {
    let Some(w) = cx.raw(t) else {
        return parts.join(" ");
    };
    let text = w.text.clone();
    let missing = parts.iter().any(|p| text.matches(p).count() != 1);
    let problem = missing.then(|| {
        let (each, example) = (parts.join(", "), parts.join(" "));
        Problem::new(format!("`{field}` must name each of {each} once"))
            .help(format!("write it as, for example, `{example}`"))
    });
    cx.check_written(&w, problem);
    text
}

/// Required text that is a web address, such as a licence's.
pub fn web_address(cx: &mut Cx<'_>, t: &Text, field: &str) -> String {
    let address = cx.text(t, field);
    if !is_web_address(&address) {
        cx.error(
            t.span(),
            Problem::new(format!(
                "`{field}` must be a web address starting with `https://` or `http://`"
            )),
        );
    }
    address
}
