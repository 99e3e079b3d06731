//! The tests that need only Rust and the binary, in one binary: one module per concern, each
//! listing its tests at its top (`common::harness::tests!`). The slow suites that need a browser,
//! Lighthouse, nginx or systemd are binaries of their own beside this folder.
//!
//! `cargo test --test suite` runs them all; `cargo test --test suite -- http::` one module.

#[path = "../common/mod.rs"]
mod common;

mod architecture;
mod caching;
mod content;
mod crawl;
mod downloads;
mod editions;
mod export;
mod guide;
mod http;
mod map;
mod metrics;
mod preview;
mod properties;
mod real_content;
mod reload;
mod schema;
mod server;
mod shutdown;
mod untranslated;

common::harness::main!(
    architecture,
    caching,
    content,
    crawl,
    downloads,
    editions,
    export,
    guide,
    http,
    map,
    metrics,
    preview,
    properties,
    real_content,
    reload,
    schema,
    server,
    shutdown,
    untranslated,
);
