//! Everything about the TOML content: the schema, loading, validation, and the snapshot.

pub mod diagnostic;
pub mod load;
pub mod markdown;
pub mod model;
pub mod site;
mod suggest;
mod table;
pub mod validate;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use load::{is_scratch_file, load};
pub use site::Site;
