//! CIR Guide: a server-rendered site about the JET Programme's Coordinator for International
//! Relations role. The route table and everything it serves live in this library, so tests
//! build exactly what production serves; the binary adds the command line, signals and logs.

pub mod app;
pub mod assets;
pub mod config;
pub mod content;
pub mod data;
pub mod encoded;
pub mod export;
pub mod hash;
pub mod lang;
pub mod minify;
pub mod preview;
pub mod routes;
pub mod server;
pub mod stats;
pub mod tilemap;
pub mod views;
