use std::process::ExitCode;

use actix_web::{App, HttpServer, web};
use clap::Parser;

use cir_guide::config::{Cli, Command, ServeArgs};
use cir_guide::{app, content};

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    match Cli::parse().command() {
        Command::Check { path } => check(&path),
        Command::Serve(args) => serve(args),
    }
}

fn check(path: &std::path::Path) -> ExitCode {
    match content::load(path) {
        Ok(_) => {
            println!("{}: the content is valid", path.display());
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprintln!("{problems}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    // Invalid content never goes live: the server refuses to start instead.
    let site = match content::load(&args.content) {
        Ok(site) => web::Data::new(site),
        Err(problems) => {
            eprintln!("{problems}");
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
