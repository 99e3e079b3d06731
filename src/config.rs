//! The command line: flags first, then the environment, then defaults.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// A guide to the JET Programme's Coordinator for International Relations role.
#[derive(Debug, Parser)]
#[command(
    name = "cir-guide",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// With no subcommand, the site is served with these settings.
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the site (the default).
    Serve(ServeArgs),
    /// Check a content folder: exit 0 when it is valid, 1 with every problem listed when not.
    Check {
        /// The content folder to check.
        #[arg(default_value = "content")]
        path: PathBuf,
        /// How to print the problems: `text` for people, `json` for other tools.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The address and port to listen on.
    #[arg(long, env = "CIR_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The folder of TOML content files.
    #[arg(long, env = "CIR_CONTENT", default_value = "content")]
    pub content: PathBuf,
    /// The folder of static files served under /static/.
    #[arg(long = "static", env = "CIR_STATIC", default_value = "static")]
    pub static_dir: PathBuf,
    /// Dev mode, for editors: pages reload themselves when files change and show the
    /// content's problems while it is invalid. Never use it on a public server.
    #[arg(long, env = "CIR_DEV")]
    pub dev: bool,
    /// Log a line for every request (status, request line, bytes, time).
    #[arg(long, env = "CIR_ACCESS_LOG")]
    pub access_log: bool,
    /// On SIGTERM or SIGINT, the seconds the requests in flight have to finish before their
    /// connections are closed.
    // 10 s: far above what any response takes (a very slow client of a large file is what it
    // cuts off), and well below systemd's default stop timeout of 90 s.
    #[arg(
        long,
        env = "CIR_SHUTDOWN_TIMEOUT",
        default_value_t = 10,
        value_name = "SECONDS"
    )]
    pub shutdown_timeout: u64,
}

impl Cli {
    /// What to do: the subcommand, or serving with the top-level settings.
    pub fn command(self) -> Command {
        self.command.unwrap_or(Command::Serve(self.serve))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_by_default_with_default_settings() {
        let cli = Cli::try_parse_from(["cir-guide"]).expect("parses");
        let Command::Serve(args) = cli.command() else {
            panic!("expected serve");
        };
        assert_eq!(args.content, PathBuf::from("content"));
    }

    #[test]
    fn check_takes_an_optional_path() {
        let cli = Cli::try_parse_from(["cir-guide", "check", "fixtures/x"]).expect("parses");
        assert!(
            matches!(cli.command(), Command::Check { path, .. } if path == std::path::Path::new("fixtures/x"))
        );
    }

    #[test]
    fn waits_ten_seconds_for_requests_in_flight_unless_told_otherwise() {
        let Command::Serve(args) = Cli::try_parse_from(["cir-guide"])
            .expect("parses")
            .command()
        else {
            panic!("expected serve");
        };
        assert_eq!(args.shutdown_timeout, 10);
        let cli = Cli::try_parse_from(["cir-guide", "serve", "--shutdown-timeout", "3"]);
        let Command::Serve(args) = cli.expect("parses").command() else {
            panic!("expected serve");
        };
        assert_eq!(args.shutdown_timeout, 3);
        for bad in ["-1", "10s", "ten"] {
            assert!(
                Cli::try_parse_from(["cir-guide", "serve", "--shutdown-timeout", bad]).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn rejects_a_malformed_address() {
        assert!(Cli::try_parse_from(["cir-guide", "serve", "--addr", "nowhere"]).is_err());
    }
}
