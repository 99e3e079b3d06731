//! Serving: the request handlers, the live content snapshot with its prepared responses, the
//! metrics, the watcher that reloads the content when its files change, and the graceful stop.
//! The snapshot is loaded through `content::load`; the handlers read only the snapshot, never
//! the disk.

pub mod error;
pub mod handlers;
pub mod live;
pub mod metrics;
pub mod stopping;
pub mod watch;
