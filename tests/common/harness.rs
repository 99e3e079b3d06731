//! The harness of every test binary, made for the tests that need something besides Rust: a
//! browser, Java, a checker from npm, a command; the others run on it too, so that all are
//! declared one way.
//!
//! libtest can only report such a test `ok` or `FAILED`; one that returned early for want of
//! Chromium was counted `ok`, a pass that proved nothing. Here every requirement is checked once,
//! at start. A test whose requirement is missing is *ignored*, so the summary says so (`0 passed;
//! 0 failed; 20 ignored`), its line names what it lacks (`test [needs chromium] name ...
//! ignored`), and the start of the run says how to install it. Under `CI` a missing requirement
//! is a failure instead: CI installs everything, so a missing piece there is a broken setup.
//!
//! The command line is libtest's (`libtest_mimic::Arguments`): a name filter, `--exact`,
//! `--skip`, `--ignored` (the tests that cannot run here), `--include-ignored` (run them anyway:
//! each fails, naming what it lacks, rather than passing), `--list`, `--test-threads`.
//!
//! Every test binary runs on it (`harness = false` in `Cargo.toml`), and every test is named
//! once, in the [`tests!`] list at the top of its file, by its function: a test function left
//! out of the list is dead code, which the lints refuse, so no test can be forgotten. A
//! binary's [`main!`] names the files (modules) whose lists it runs.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use libtest_mimic::{Arguments, Failed, Trial};

/// Chromium and chromedriver, where Debian installs them; `CIR_TEST_CHROMIUM` and
/// `CIR_TEST_CHROMEDRIVER` name others (a browser built elsewhere, or a path that does not
/// exist, to see how the tests behave without one).
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Where Debian installs nginx, which is not on an ordinary user's `PATH`.
pub const NGINX: &str = "/usr/sbin/nginx";

pub fn chromium() -> PathBuf {
    std::env::var_os("CIR_TEST_CHROMIUM").map_or_else(|| CHROMIUM.into(), PathBuf::from)
}

pub fn chromedriver() -> PathBuf {
    std::env::var_os("CIR_TEST_CHROMEDRIVER").map_or_else(|| CHROMEDRIVER.into(), PathBuf::from)
}

/// nginx, when it is installed.
pub fn nginx() -> Option<PathBuf> {
    Some(PathBuf::from(NGINX))
        .filter(|path| is_executable(path))
        .or_else(|| on_path("nginx"))
}

/// A file of an npm package installed by `npm ci`, such as `axe-core/axe.min.js`.
pub fn node_module(path: &str) -> PathBuf {
    super::root().join("node_modules").join(path)
}

/// Something a test needs that `cargo` does not build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Need {
    /// Chromium and chromedriver ([`chromium`], [`chromedriver`]).
    Chromium,
    /// `java` on the `PATH`.
    Java,
    /// A file of an npm package, under `node_modules/`.
    Npm(&'static str),
    /// `script` (util-linux) on the `PATH`, which gives a command a terminal.
    Script,
    /// frictionless-py's `frictionless` on the `PATH`.
    Frictionless,
    /// pandas, importable by `python3`.
    Pandas,
    /// nginx ([`nginx`]).
    Nginx,
    /// A program at this path, from this Debian package (`systemd-analyze` from `systemd`).
    Program(&'static str, &'static str),
    /// Root, with mount namespaces allowed (`unshare --mount`), to run the binary sandboxed.
    Root,
}

impl Need {
    /// What is missing and how to install it; `None` when it is there.
    fn missing(self) -> Option<String> {
        let found = match self {
            Need::Chromium => is_executable(&chromium()) && is_executable(&chromedriver()),
            Need::Java => on_path("java").is_some(),
            Need::Npm(path) => node_module(path).is_file(),
            Need::Script => on_path("script").is_some(),
            Need::Frictionless => on_path("frictionless").is_some(),
            Need::Pandas => std::process::Command::new("python3")
                .args(["-c", "import pandas"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success()),
            Need::Nginx => nginx().is_some(),
            Need::Program(path, _) => is_executable(Path::new(path)),
            Need::Root => is_root_with_namespaces(),
        };
        (!found).then(|| match self {
            Need::Chromium => format!(
                "Chromium or chromedriver is not installed ({}, {}); install Debian's chromium \
                 and chromium-driver",
                chromium().display(),
                chromedriver().display()
            ),
            Need::Java => "`java` is not on the PATH; install Debian's default-jre-headless".into(),
            Need::Npm(path) => format!(
                "{} is missing; run `npm ci` to install the checkers",
                node_module(path).display()
            ),
            Need::Script => {
                "`script` (util-linux) is not on the PATH; install Debian's util-linux".into()
            }
            Need::Frictionless => {
                "`frictionless` is not on the PATH; `pip install frictionless` to install it".into()
            }
            Need::Pandas => {
                "python3 cannot import pandas; `pip install pandas` to install it".into()
            }
            Need::Nginx => {
                format!("nginx is neither at {NGINX} nor on the PATH; install Debian's nginx")
            }
            Need::Program(path, package) => {
                format!("{path} is missing; install Debian's {package}")
            }
            Need::Root => "the tests do not run as root, or mount namespaces are refused here \
                           (`unshare --mount true` fails: a container without CAP_SYS_ADMIN?)"
                .into(),
        })
    }
}

impl fmt::Display for Need {
    /// A short name, for the test's line: `chromium`, `axe-core`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Need::Chromium => f.write_str("chromium"),
            Need::Java => f.write_str("java"),
            Need::Npm(path) => f.write_str(path.split('/').next().unwrap_or(path)),
            Need::Script => f.write_str("script"),
            Need::Frictionless => f.write_str("frictionless"),
            Need::Pandas => f.write_str("pandas"),
            Need::Nginx => f.write_str("nginx"),
            Need::Program(path, _) => f.write_str(path.rsplit('/').next().unwrap_or(path)),
            Need::Root => f.write_str("root"),
        }
    }
}

/// Root, and `unshare --mount` allowed.
fn is_root_with_namespaces() -> bool {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    root && std::process::Command::new("unshare")
        .args(["--mount", "true"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// A command's path, found as a shell finds it.
fn on_path(command: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(command))
        .find(|file| is_executable(file))
}

/// The tests of one binary, each with what it needs.
pub struct Tests {
    trials: Vec<Trial>,
    /// Each requirement, checked once: `None` when it is there, or what is missing.
    checked: HashMap<Need, Option<String>>,
    /// Whether a missing requirement fails its tests rather than ignoring them.
    strict: bool,
}

impl Default for Tests {
    fn default() -> Self {
        Tests {
            trials: Vec::new(),
            checked: HashMap::new(),
            strict: std::env::var_os("CI").is_some(),
        }
    }
}

impl Tests {
    /// A plain test.
    pub fn sync(&mut self, name: &str, needs: &[Need], test: fn()) {
        self.add(name, needs, test);
    }

    /// An async test on a Tokio runtime of its own, as `#[tokio::test]` gives it.
    pub fn tokio<F: Future<Output = ()> + 'static>(
        &mut self,
        name: &str,
        needs: &[Need],
        test: fn() -> F,
    ) {
        self.add(name, needs, move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a Tokio runtime")
                .block_on(test());
        });
    }

    /// An async test on an actix system of its own, as `#[actix_web::test]` gives it.
    pub fn actix<F: Future<Output = ()> + 'static>(
        &mut self,
        name: &str,
        needs: &[Need],
        test: fn() -> F,
    ) {
        self.add(name, needs, move || {
            actix_web::rt::System::new().block_on(test());
        });
    }

    fn add(&mut self, name: &str, needs: &[Need], test: impl FnOnce() + Send + 'static) {
        let missing: Vec<(Need, String)> = needs
            .iter()
            .filter_map(|&need| {
                let check = self.checked.entry(need).or_insert_with(|| need.missing());
                check.clone().map(|why| (need, why))
            })
            .collect();
        let thread = name.to_string();
        if missing.is_empty() {
            self.trials
                .push(Trial::test(name, move || in_thread(thread, test)));
            return;
        }
        let why: Vec<String> = missing.iter().map(|(_, why)| why.clone()).collect();
        let why = why.join("; ");
        // Run anyway (under CI, or with `--include-ignored`), it fails saying what is missing.
        let trial = Trial::test(name, move || {
            Err(Failed::from(format!("cannot run: {why}")))
        });
        if self.strict {
            self.trials.push(trial);
        } else {
            let short: Vec<String> = missing.iter().map(|(need, _)| need.to_string()).collect();
            self.trials.push(
                trial
                    .with_ignored_flag(true)
                    .with_kind(format!("needs {}", short.join(", "))),
            );
        }
    }

    /// Runs the tests the command line selects, and says how the run went.
    pub fn run(self) -> ExitCode {
        let mut args = Arguments::from_args();
        // As libtest does.
        if args.test_threads.is_none() {
            args.test_threads = std::env::var("RUST_TEST_THREADS")
                .ok()
                .and_then(|n| n.parse().ok());
        }
        let mut missing: Vec<&String> = self.checked.values().flatten().collect();
        missing.sort();
        if !missing.is_empty() && !args.list {
            let effect = if self.strict {
                "CI is set, so the tests that need it fail"
            } else {
                "the tests that need it are ignored (CI=true makes them fail)"
            };
            for why in missing {
                eprintln!("missing: {why}; {effect}");
            }
        }
        libtest_mimic::run(&args, self.trials).exit_code()
    }
}

/// Runs a test in a thread named after it, as libtest does, so that a panic's message says
/// which test it came from even when tests run side by side.
fn in_thread(name: String, test: impl FnOnce() + Send + 'static) -> Result<(), Failed> {
    let handle = std::thread::Builder::new()
        .name(name)
        .spawn(test)
        .map_err(|e| Failed::from(format!("the test's thread did not start: {e}")))?;
    handle.join().map_err(|payload| {
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("a panic without a message");
        Failed::from(format!("panicked: {message}"))
    })
}

/// The name a test is listed under: its function's, after the module it is in when the
/// binary has several (`http::every_page_answers_200_with_its_title_and_one_h1`), so that
/// `cargo test --test suite -- http::` runs one module.
pub fn test_name(module_path: &str, function: &str) -> String {
    match module_path.split_once("::") {
        Some((_crate, module)) => format!("{module}::{function}"),
        None => function.to_string(),
    }
}

/// The tests of a module: each test function by name, run as `sync`, `tokio` or `actix`, with
/// what it needs in brackets. It defines the module's `tests` function, which the binary's
/// [`main!`] calls.
///
/// ```ignore
/// common::harness::tests! {
///     tokio clicking_each_heading_sorts [Chromium],
///     sync check_prints_json_for_other_tools [],
/// }
/// ```
#[allow(unused_macros)]
macro_rules! tests {
    ($($runtime:ident $name:ident [$($need:expr),* $(,)?]),* $(,)?) => {
        /// Adds this module's tests, each with what it needs, to the binary's list.
        pub(crate) fn tests(tests: &mut $crate::common::harness::Tests) {
            #[allow(unused_imports)]
            use $crate::common::harness::Need::*;
            $(tests.$runtime(
                &$crate::common::harness::test_name(module_path!(), stringify!($name)),
                &[$($need),*],
                $name,
            );)*
        }
    };
}
#[allow(unused_imports)]
pub(crate) use tests;

/// The `main` of a test binary: the modules whose [`tests!`] it runs, `self` for the tests
/// of the binary's own file.
///
/// ```ignore
/// common::harness::main!(self);
/// common::harness::main!(content, http, map);
/// ```
#[allow(unused_macros)]
macro_rules! main {
    ($($module:ident),+ $(,)?) => {
        fn main() -> std::process::ExitCode {
            let mut tests = $crate::common::harness::Tests::default();
            $($module::tests(&mut tests);)+
            tests.run()
        }
    };
}
#[allow(unused_imports)]
pub(crate) use main;
