//! The server's stop as the routes see it: whether it has begun, and since when.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use tokio::sync::watch;

/// Set when the server begins to stop (SIGTERM or SIGINT). A request that starts after it gets
/// a response that closes its connection (`Connection: close`), so that a keep-alive client
/// sends its next request elsewhere instead of into a connection about to close; and the
/// dev-mode event streams, which would otherwise never end, end.
#[derive(Debug, Clone)]
pub struct Stopping(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    since: OnceLock<Instant>,
    begun: watch::Sender<bool>,
}

impl Default for Stopping {
    fn default() -> Self {
        Stopping(Arc::new(Inner {
            since: OnceLock::new(),
            begun: watch::Sender::new(false),
        }))
    }
}

impl Stopping {
    /// Notes that the server is stopping, and since when; the first call counts.
    pub fn signal(&self) {
        if self.0.since.set(Instant::now()).is_ok() {
            self.0.begun.send_replace(true);
        }
    }

    /// Whether the stop has begun: one atomic read, cheap enough for every request.
    pub fn is_signalled(&self) -> bool {
        self.0.since.get().is_some()
    }

    /// When the server began to stop, if it has.
    pub fn since(&self) -> Option<Instant> {
        self.0.since.get().copied()
    }

    /// Resolves once the stop has begun, at once if it has.
    pub fn signalled(&self) -> impl Future<Output = ()> + use<> {
        let mut begun = self.0.begun.subscribe();
        async move {
            // An error means the sender is gone, and with it the server.
            let _ = begun.wait_for(|b| *b).await;
        }
    }
}
