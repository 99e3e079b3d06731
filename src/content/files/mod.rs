//! Per-file builders: each module checks the rules of one content file and builds its part of
//! the [`super::Site`]. The rules shared by every file are in [`super::rules`].

pub mod duties;
pub mod employers;
pub mod home;
pub mod sections;
pub mod site;
pub mod sources;
pub mod statistics;
pub mod trends;
