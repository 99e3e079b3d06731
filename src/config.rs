//! The command line: flags first, then the environment, then defaults.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::app::SharedCache;

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
        /// Refuse text not yet translated, which is otherwise a warning (the page shows the
        /// English text meanwhile).
        #[arg(long)]
        strict: bool,
    },
    /// Write the editors' tools made from the content's declarations: a JSON Schema per content
    /// file and language under `schemas/`, and the field reference at the end of CONTENT.md.
    Schema {
        /// The project's folder, which holds `schemas/` and CONTENT.md.
        #[arg(default_value = ".")]
        root: PathBuf,
    },
    /// Write the whole site to a folder as static files, for any static host or CDN: every
    /// page in every language, every download, static file and link preview, each with the
    /// .br and .gz forms the server sends.
    Export(ExportArgs),
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
    #[command(flatten)]
    pub folders: Folders,
    /// Dev mode, for editors: pages reload themselves when files change and show the
    /// content's problems while it is invalid. Never use it on a public server.
    #[arg(long, env = "CIR_DEV")]
    pub dev: bool,
    /// Log a line for every request (status, request line, bytes, time).
    #[arg(long, env = "CIR_ACCESS_LOG")]
    pub access_log: bool,
    /// Seconds a shared cache in front (nginx, a CDN) may serve a page without asking again
    /// (`s-maxage`); 0 lets no shared cache keep pages. Browsers always revalidate.
    #[arg(long, env = "CIR_SHARED_MAX_AGE", default_value_t = SharedCache::DEFAULT.max_age)]
    pub shared_max_age: u32,
    /// Seconds after that a shared cache may still serve a page while it fetches the new
    /// version (`stale-while-revalidate`).
    #[arg(
        long,
        env = "CIR_STALE_WHILE_REVALIDATE",
        default_value_t = SharedCache::DEFAULT.stale_while_revalidate
    )]
    pub stale_while_revalidate: u32,
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

impl ServeArgs {
    /// The shared-cache policy these settings ask for.
    pub fn shared_cache(&self) -> SharedCache {
        SharedCache {
            max_age: self.shared_max_age,
            stale_while_revalidate: self.stale_while_revalidate,
        }
    }
}

/// Where the site is read from: the same flags for serving and exporting.
#[derive(Debug, Clone, Args)]
pub struct Folders {
    /// The folder of TOML content files.
    #[arg(long, env = "CIR_CONTENT", default_value = "content")]
    pub content: PathBuf,
    /// The folder of static files served under /static/.
    #[arg(long = "static", env = "CIR_STATIC", default_value = "static")]
    pub static_dir: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// The folder to write: absent, empty, or an earlier export (which is replaced whole).
    pub dir: PathBuf,
    #[command(flatten)]
    pub folders: Folders,
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
        assert_eq!(args.folders.content, PathBuf::from("content"));
    }

    #[test]
    fn export_takes_a_folder_and_the_folders_serve_takes() {
        let cli = Cli::try_parse_from([
            "cir-guide",
            "export",
            "public",
            "--content",
            "c",
            "--static",
            "s",
        ])
        .expect("parses");
        let Command::Export(args) = cli.command() else {
            panic!("expected export");
        };
        assert_eq!(args.dir, PathBuf::from("public"));
        assert_eq!(args.folders.content, PathBuf::from("c"));
        assert_eq!(args.folders.static_dir, PathBuf::from("s"));
        assert!(Cli::try_parse_from(["cir-guide", "export"]).is_err());
    }

    #[test]
    fn check_takes_an_optional_path() {
        let cli = Cli::try_parse_from(["cir-guide", "check", "fixtures/x"]).expect("parses");
        assert!(
            matches!(cli.command(), Command::Check { path, .. } if path == std::path::Path::new("fixtures/x"))
        );
    }

    #[test]
    fn shared_caching_is_on_by_default_and_set_by_flags() {
        let Command::Serve(args) = Cli::try_parse_from(["cir-guide"])
            .expect("parses")
            .command()
        else {
            panic!("expected serve");
        };
        assert_eq!(
            args.shared_cache(),
            SharedCache {
                max_age: 60,
                stale_while_revalidate: 60
            }
        );
        let cli = Cli::try_parse_from([
            "cir-guide",
            "serve",
            "--shared-max-age",
            "5",
            "--stale-while-revalidate",
            "7",
        ])
        .expect("parses");
        let Command::Serve(args) = cli.command() else {
            panic!("expected serve");
        };
        assert_eq!(
            args.shared_cache(),
            SharedCache {
                max_age: 5,
                stale_while_revalidate: 7
            }
        );
        assert!(Cli::try_parse_from(["cir-guide", "--shared-max-age", "-1"]).is_err());
        assert!(Cli::try_parse_from(["cir-guide", "--shared-max-age", "a minute"]).is_err());
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
