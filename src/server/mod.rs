//! Serving: the request handlers, the live content snapshot with its prepared responses, the
//! metrics, the watcher that reloads content in dev mode, and the graceful stop. Everything
//! here reads the validated `Site`; nothing here reads a content file itself.

pub mod error;
pub mod handlers;
pub mod live;
pub mod metrics;
pub mod stopping;
pub mod watch;
