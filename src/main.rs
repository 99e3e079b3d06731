use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

use actix_web::{App, HttpServer};
use clap::Parser;

use cir_guide::app::{self, Mode};
use cir_guide::config::{Cli, Command, ExportArgs, Format, ServeArgs};
use cir_guide::live::Live;
use cir_guide::metrics::Metrics;
use cir_guide::{content, export, preview, watch};

fn main() -> ExitCode {
    let command = Cli::parse().command();
    // A server logs what it does; a command run by hand says only what goes wrong.
    let level = match command {
        Command::Serve(_) => "info",
        _ => "warn",
    };
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(level)).init();
    match command {
        Command::Check { path, format } => check(&path, format),
        Command::Serve(args) => serve(args),
        Command::Export(args) => export(&args),
    }
}

fn check(path: &std::path::Path, format: Format) -> ExitCode {
    let result = content::load(path).map(|editions| {
        // The content's own warnings, and a link preview's characters that no font has.
        let mut warnings = editions.warnings().0.clone();
        warnings.extend(preview::warnings(&editions, path));
        warnings.sort_by_key(content::Diagnostic::sort_key);
        content::Diagnostics(warnings)
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
    // One set of counters for the whole server, whichever worker answers.
    let metrics = Arc::new(Metrics::default());
    let mode = Mode {
        dev: args.dev,
        access_log: args.access_log,
        shared_cache: args.shared_cache(),
    };
    let result = actix_web::rt::System::new().block_on(async move {
        reload_on_sighup(live.clone());
        rebuild_each_day(live.clone());
        let static_dir = args.folders.static_dir.clone();
        let workers = std::thread::available_parallelism().map_or(2, usize::from);
        let server = HttpServer::new(move || {
            App::new().configure(app::configure(app::Config {
                live: live.clone(),
                metrics: metrics.clone(),
                static_dir: static_dir.clone(),
                mode,
            }))
        })
        // Without it, compressed responses wait about 40 ms on Nagle's algorithm.
        .tcp_nodelay(true)
        .workers(workers)
        .bind(args.addr)?;
        log::info!(
            "serving http://{}{}",
            args.addr,
            if mode.dev { " in dev mode" } else { "" }
        );
        server.run().await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot serve on {}: {e}", args.addr);
            ExitCode::FAILURE
        }
    }
}

/// Citations name the day a reader saw a page, and sources' freshness is judged against
/// today: just after each midnight (UTC) the content is loaded and rendered again.
fn rebuild_each_day(live: Arc<Live>) {
    actix_web::rt::spawn(async move {
        loop {
            let wait = cir_guide::live::until_next_day(std::time::SystemTime::now());
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
