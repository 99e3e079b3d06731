//! CIR Guide: a server-rendered site about the JET Programme's Coordinator for International
//! Relations role. The binary is thin; everything it serves is configured here, so tests build
//! exactly what production serves.

pub mod app;
pub mod assets;
pub mod config;
pub mod content;
pub mod data;
pub mod encoded;
pub mod error;
pub mod export;
pub mod handlers;
pub mod hash;
pub mod lang;
pub mod live;
pub mod metrics;
pub mod minify;
pub mod preview;
pub mod routes;
pub mod stats;
pub mod stopping;
pub mod tilemap;
pub mod views;
pub mod watch;
