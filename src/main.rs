use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::{App, HttpServer};
use clap::Parser;

use cir_guide::app::{self, Mode};
use cir_guide::config::{Cli, Command, ExportArgs, Format, ServeArgs};
use cir_guide::server::live::Live;
use cir_guide::server::metrics::Metrics;
use cir_guide::server::stopping::Stopping;
use cir_guide::server::watch;
use cir_guide::{content, export, preview};

fn main() -> ExitCode {
    let command = Cli::parse().command();
    // A server logs what it does; a command run by hand says only what goes wrong.
    let level = match command {
        Command::Serve(_) => "info",
        _ => "warn",
    };
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(level)).init();
    match command {
        Command::Check {
            path,
            format,
            strict,
        } => check(&path, format, strict),
        Command::Serve(args) => serve(args),
        Command::Export(args) => export(&args),
        Command::Schema { root } => schema(&root),
    }
}

/// Writes every content file's JSON Schema and CONTENT.md's field reference.
fn schema(root: &std::path::Path) -> ExitCode {
    let write = || -> std::io::Result<usize> {
        let files = content::schema::all();
        for file in &files {
            let path = root.join(content::schema::FOLDER).join(&file.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, content::schema::render(file))?;
        }
        let guide_path = root.join("CONTENT.md");
        let guide = std::fs::read_to_string(&guide_path)?;
        let updated = content::schema::with_reference(&guide, &content::schema::reference())
            .ok_or_else(|| {
                std::io::Error::other(format!(
                    "{} has no lines `{}` and `{}` to write the field reference between",
                    guide_path.display(),
                    content::schema::REFERENCE_START,
                    content::schema::REFERENCE_END
                ))
            })?;
        std::fs::write(&guide_path, updated)?;
        Ok(files.len())
    };
    match write() {
        Ok(n) => {
            let _ = writeln!(
                std::io::stdout(),
                "wrote {n} schemas to {} and the field reference to CONTENT.md",
                root.join(content::schema::FOLDER).display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `strict`: text not yet translated is an error, not a warning.
fn check(path: &std::path::Path, format: Format, strict: bool) -> ExitCode {
    let result = content::load(path).and_then(|editions| {
        // The content's own warnings, and a link preview's characters that no font has.
        let mut warnings = editions.warnings().0.clone();
        warnings.extend(preview::warnings(&editions, path));
        warnings.sort_by_key(content::Diagnostic::sort_key);
        if strict && warnings.iter().any(|w| w.untranslated) {
            let all = warnings
                .into_iter()
                .map(|w| if w.untranslated { w.strict() } else { w })
                .collect();
            return Err(content::Diagnostics(all));
        }
        Ok(content::Diagnostics(warnings))
    });
    // Written, not printed: a closed pipe (`check --format json | head`) is not a crash.
    let _ = match (format, &result) {
        (Format::Json, Ok(warnings)) => writeln!(std::io::stdout(), "{}", warnings.to_json()),
        (Format::Json, Err(problems)) => writeln!(std::io::stdout(), "{}", problems.to_json()),
        (Format::Text, Ok(warnings)) => {
            if !warnings.0.is_empty() {
                let _ = write!(std::io::stderr(), "{}", warnings.render(stderr_has_color()));
            }
            writeln!(
                std::io::stdout(),
                "{}: the content is valid",
                path.display()
            )
        }
        (Format::Text, Err(problems)) => {
            write!(std::io::stderr(), "{}", problems.render(stderr_has_color()))
        }
    };
    if result.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn export(args: &ExportArgs) -> ExitCode {
    let folders = &args.folders;
    match export::export(&args.dir, &folders.content, &folders.static_dir) {
        Ok(summary) => {
            let _ = writeln!(
                std::io::stdout(),
                "exported {} files, {} bytes, to {}",
                summary.files,
                summary.bytes,
                args.dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            match error {
                // Exactly what `check` prints.
                export::Error::Content(problems) => {
                    eprint!("{}", problems.render(stderr_has_color()))
                }
                other => eprintln!("error: {other}"),
            }
            eprintln!("nothing was exported; {} is as it was", args.dir.display());
            ExitCode::FAILURE
        }
    }
}

/// Colour on a terminal, plain when piped or when `NO_COLOR` is set (no-color.org).
fn stderr_has_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn serve(args: ServeArgs) -> ExitCode {
    // Invalid content never goes live: the server refuses to start instead.
    let live = match Live::start(&args.folders.content, &args.folders.static_dir, args.dev) {
        Ok(live) => Arc::new(live),
        Err(problems) => {
            eprint!("{}", problems.render(stderr_has_color()));
            eprintln!("the server did not start; fix the content and start it again");
            return ExitCode::FAILURE;
        }
    };
    let _watcher = match watch::start(live.clone()) {
        Ok(w) => Some(w),
        Err(e) => {
            log::warn!("cannot watch for changes ({e}); send SIGHUP to reload");
            None
        }
    };
    let stopping = Stopping::default();
    let result = actix_web::rt::System::new().block_on(run(&args, live, stopping.clone()));
    match result {
        // The daily rebuild and the SIGHUP listener ended with the runtime; the watcher ends
        // when it is dropped on return.
        Ok(()) => {
            stopped(stopping.since(), args.shutdown_timeout);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot serve on {}: {e}", args.addr);
            ExitCode::FAILURE
        }
    }
}

/// Serves until a SIGTERM or SIGINT has been dealt with.
async fn run(args: &ServeArgs, live: Arc<Live>, stopping: Stopping) -> std::io::Result<()> {
    reload_on_sighup(live.clone());
    rebuild_each_day(live.clone());
    let mode = Mode {
        dev: args.dev,
        access_log: args.access_log,
        shared_cache: args.shared_cache(),
    };
    // One set of counters for the whole server, whichever worker answers.
    let metrics = Arc::new(Metrics::default());
    let static_dir = args.folders.static_dir.clone();
    let workers = std::thread::available_parallelism().map_or(2, usize::from);
    let routes_stopping = stopping.clone();
    let server = HttpServer::new(move || {
        App::new().configure(app::configure(app::Config {
            live: live.clone(),
            metrics: metrics.clone(),
            static_dir: static_dir.clone(),
            mode,
            stopping: routes_stopping.clone(),
        }))
    })
    // Without it, compressed responses wait about 40 ms on Nagle's algorithm.
    .tcp_nodelay(true)
    .workers(workers)
    // actix-web stops gracefully on SIGTERM only (SIGINT stops at once, cutting off the
    // requests in flight): both are caught here, and both stop gracefully.
    .shutdown_signal(stop_signal(stopping, args.shutdown_timeout))
    .shutdown_timeout(args.shutdown_timeout)
    .bind(args.addr)?;
    log::info!(
        "serving http://{}{}",
        args.addr,
        if mode.dev { " in dev mode" } else { "" }
    );
    server.run().await
}

/// How long the server goes on answering after the signal before it stops: enough for each
/// worker to read the requests that had already arrived. When actix-server stops, it closes a
/// connection between two requests at once, even with a request in its buffer that no worker
/// has read yet; after this pause, such a request is being answered, and its answer may finish.
const SETTLE: Duration = Duration::from_millis(500);

/// Resolves `SETTLE` after the first SIGTERM or SIGINT; meanwhile each new request's response
/// closes its connection. Then actix-server closes the port, closes idle connections, lets
/// each request in flight finish for at most `timeout` seconds (its response closing its
/// connection), and returns.
fn stop_signal(stopping: Stopping, timeout: u64) -> impl Future<Output = ()> + Send {
    use futures_util::future::{Either, select};
    use tokio::signal::unix::{SignalKind, signal};
    // Listening starts now, before the socket is bound: from then on these signals never
    // kill the process outright.
    let term = signal(SignalKind::terminate());
    let int = signal(SignalKind::interrupt());
    async move {
        let name = match (term, int) {
            (Ok(mut term), Ok(mut int)) => {
                match select(std::pin::pin!(term.recv()), std::pin::pin!(int.recv())).await {
                    Either::Left(_) => "SIGTERM",
                    Either::Right(_) => "SIGINT",
                }
            }
            (Err(e), _) | (_, Err(e)) => {
                log::warn!("cannot listen for SIGTERM and SIGINT ({e}); they stop at once");
                std::future::pending().await
            }
        };
        stopping.signal();
        log::info!(
            "stopping: {name} received; finishing the requests in flight (at most {timeout} s)"
        );
        actix_web::rt::time::sleep(SETTLE).await;
    }
}

/// The last line of the log, saying how long the stop took.
fn stopped(since: Option<Instant>, timeout: u64) {
    let Some(since) = since else {
        log::info!("stopped");
        return;
    };
    let took = since.elapsed();
    let ms = took.as_millis();
    if took >= SETTLE + Duration::from_secs(timeout) {
        log::warn!(
            "stopped after {ms} ms, at the shutdown timeout: any request still running then \
             was cut off"
        );
    } else {
        log::info!("stopped in {ms} ms");
    }
}

/// Citations name the day a reader saw a page, and sources' freshness is judged against
/// today: just after each midnight (UTC) the content is loaded and rendered again.
fn rebuild_each_day(live: Arc<Live>) {
    actix_web::rt::spawn(async move {
        loop {
            let wait = cir_guide::server::live::until_next_day(std::time::SystemTime::now());
            actix_web::rt::time::sleep(wait).await;
            let live = live.clone();
            let _ = actix_web::rt::task::spawn_blocking(move || live.reload()).await;
        }
    });
}

/// `kill -HUP` reloads the content, as it does for nginx.
fn reload_on_sighup(live: Arc<Live>) {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::hangup()) {
        Ok(mut hangups) => {
            actix_web::rt::spawn(async move {
                while hangups.recv().await.is_some() {
                    let live = live.clone();
                    let _ = actix_web::rt::task::spawn_blocking(move || live.reload()).await;
                }
            });
        }
        Err(e) => log::warn!("cannot listen for SIGHUP: {e}"),
    }
}
