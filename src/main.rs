use std::io::IsTerminal;
use std::process::ExitCode;

use actix_web::{App, HttpServer, web};
use clap::Parser;

use cir_guide::config::{Cli, Command, Format, ServeArgs};
use cir_guide::{app, content};

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    match Cli::parse().command() {
        Command::Check { path, format } => check(&path, format),
        Command::Serve(args) => serve(args),
    }
}

fn check(path: &std::path::Path, format: Format) -> ExitCode {
    let result = content::load(path);
    match (format, &result) {
        (Format::Json, Ok(_)) => println!("[]"),
        (Format::Json, Err(problems)) => println!("{}", problems.to_json()),
        (Format::Text, Ok(_)) => println!("{}: the content is valid", path.display()),
        (Format::Text, Err(problems)) => eprint!("{}", problems.render(stderr_has_color())),
    }
    if result.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Colour on a terminal, plain when piped or when `NO_COLOR` is set (no-color.org).
fn stderr_has_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn serve(args: ServeArgs) -> ExitCode {
    // Invalid content never goes live: the server refuses to start instead.
    let site = match content::load(&args.content) {
        Ok(site) => web::Data::new(site),
        Err(problems) => {
            eprint!("{}", problems.render(stderr_has_color()));
            eprintln!("the server did not start; fix the content and start it again");
            return ExitCode::FAILURE;
        }
    };
    let static_dir = args.static_dir.clone();
    let result = actix_web::rt::System::new().block_on(async move {
        let server = HttpServer::new(move || {
            App::new()
                .app_data(site.clone())
                .configure(app::configure(static_dir.clone()))
        })
        // Without it, compressed responses wait about 40 ms on Nagle's algorithm.
        .tcp_nodelay(true)
        .bind(args.addr)?;
        log::info!("serving http://{}", args.addr);
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
