//! Checks `employers.toml`: one entry per kind of employer, each with a unique anchor.

use crate::content::model::EmployersFile;
use crate::content::rules::Cx;
use crate::content::site::Employers;

pub fn build(cx: &mut Cx<'_>, f: &EmployersFile) -> Employers {
    let employers = f.employers.iter().map(|e| e.resolve(cx)).collect();
    Employers {
        text: f.resolve(cx),
        employers,
    }
}
