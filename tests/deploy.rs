//! The systemd unit, `deploy/cir-guide.service`: systemd-analyze accepts it, it sets what the
//! deployment relies on, and the binary runs under its limits as far as a machine without
//! systemd as PID 1 can impose them (a read-only file system, private /tmp, no home, an
//! unprivileged user, no capabilities, no new privileges), with every system call, socket,
//! memory mapping and file it touches traced and checked against the unit.
//!
//! Where systemd-analyze, strace or util-linux's unshare and setpriv are missing, or the tests
//! do not run as root, they are skipped with a loud message; under `CI` they fail instead.

mod common;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::server::{Response, copy_content, eventually, save_by_rename};

common::harness::tests! {
    sync the_unit_sets_what_the_deployment_relies_on [],
    sync systemd_analyze_verify_accepts_the_unit [Program(SYSTEMD_ANALYZE, "systemd")],
    sync the_binary_runs_under_the_units_limits_and_uses_nothing_they_refuse [
        Program(SYSTEMD_ANALYZE, "systemd"),
        Program(STRACE, "strace"),
        Program(UNSHARE, "util-linux"),
        Program(SETPRIV, "util-linux"),
        Root
    ],
}

const SYSTEMD_ANALYZE: &str = "/usr/bin/systemd-analyze";
const STRACE: &str = "/usr/bin/strace";
const UNSHARE: &str = "/usr/bin/unshare";
const SETPRIV: &str = "/usr/bin/setpriv";

fn unit_text() -> String {
    std::fs::read_to_string(common::root().join("deploy/cir-guide.service")).expect("the unit")
}

/// The unit's settings in order, as (section, key, value); comments and blank lines left out.
fn settings(text: &str) -> Vec<(String, String, String)> {
    let mut section = String::new();
    let mut all = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.to_string();
        } else if let Some((key, value)) = line.split_once('=') {
            all.push((section.clone(), key.trim().into(), value.trim().into()));
        } else {
            panic!("not a setting: {line:?}");
        }
    }
    all
}

fn values<'a>(settings: &'a [(String, String, String)], section: &str, key: &str) -> Vec<&'a str> {
    settings
        .iter()
        .filter(|(s, k, _)| s == section && k == key)
        .map(|(_, _, v)| v.as_str())
        .collect()
}

fn the_unit_sets_what_the_deployment_relies_on() {
    let unit = settings(&unit_text());
    // systemd sends SIGKILL at TimeoutStopSec: it must leave the shutdown timeout, the
    // server's 0.5 s of answering before it stops and actix-server's at most 1.3 s.
    let stop: f64 = values(&unit, "Service", "TimeoutStopSec")
        .first()
        .and_then(|v| v.strip_suffix('s'))
        .and_then(|v| v.parse().ok())
        .expect("TimeoutStopSec in seconds");
    let timeout: f64 = values(&unit, "Service", "Environment")
        .iter()
        .find_map(|v| v.strip_prefix("CIR_SHUTDOWN_TIMEOUT="))
        .and_then(|v| v.parse().ok())
        .expect("CIR_SHUTDOWN_TIMEOUT");
    assert!(stop > timeout + 0.5 + 1.3, "TimeoutStopSec={stop}s");
    for (key, value) in [
        ("Type", "exec"),
        ("ExecStart", "/opt/cir-guide/cir-guide serve"),
        ("WorkingDirectory", "/opt/cir-guide"),
        ("ExecReload", "/bin/kill -HUP $MAINPID"),
        ("KillSignal", "SIGTERM"),
        ("TimeoutStopSec", "20s"),
        ("Restart", "on-failure"),
        ("DynamicUser", "yes"),
        ("ProtectSystem", "strict"),
        ("ReadOnlyPaths", "/opt/cir-guide"),
        ("ProtectHome", "yes"),
        ("PrivateTmp", "yes"),
        ("PrivateDevices", "yes"),
        ("NoNewPrivileges", "yes"),
        ("CapabilityBoundingSet", ""),
        ("AmbientCapabilities", ""),
        ("RestrictAddressFamilies", "AF_INET AF_INET6"),
        ("SystemCallArchitectures", "native"),
        ("MemoryDenyWriteExecute", "yes"),
        ("LockPersonality", "yes"),
        ("RestrictNamespaces", "yes"),
        ("ProtectKernelTunables", "yes"),
        ("ProtectKernelModules", "yes"),
        ("ProtectKernelLogs", "yes"),
        ("ProtectControlGroups", "yes"),
        ("ProtectClock", "yes"),
        ("ProtectHostname", "yes"),
        ("ProtectProc", "invisible"),
        ("ProcSubset", "pid"),
        ("UMask", "0077"),
    ] {
        assert_eq!(values(&unit, "Service", key), [value], "{key}");
    }
    assert_eq!(
        values(&unit, "Service", "SystemCallFilter"),
        ["@system-service", "~@privileged @resources"]
    );
    assert_eq!(
        values(&unit, "Service", "Environment"),
        [
            "CIR_ADDR=127.0.0.1:8080",
            "CIR_CONTENT=/opt/cir-guide/content",
            "CIR_STATIC=/opt/cir-guide/static",
            "CIR_SHUTDOWN_TIMEOUT=10",
            "RUST_LOG=info",
        ]
    );
    assert_eq!(values(&unit, "Install", "WantedBy"), ["multi-user.target"]);

    // Each variable is one the binary reads.
    let help = common::run(
        common::binary().args(["serve", "--help"]),
        Duration::from_secs(20),
    );
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    for name in [
        "CIR_ADDR",
        "CIR_CONTENT",
        "CIR_STATIC",
        "CIR_SHUTDOWN_TIMEOUT",
    ] {
        assert!(help.contains(&format!("[env: {name}=]")), "{name}:\n{help}");
    }
}

/// The unit with its `ExecStart` on the binary under test: `systemd-analyze verify` checks
/// that the program exists and is executable, and /opt/cir-guide is not installed here.
fn unit_copy(name: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("deploy")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a folder");
    let path = dir.join("cir-guide.service");
    let binary = env!("CARGO_BIN_EXE_cir-guide");
    let from = "ExecStart=/opt/cir-guide/cir-guide serve";
    assert!(text.contains(from));
    let text = text.replacen(from, &format!("ExecStart={binary} serve"), 1);
    std::fs::write(&path, text).expect("the unit's copy");
    path
}

/// What `systemd-analyze verify` says of a unit: it exits 0 even on unknown keys and bad
/// values, which it only prints, so everything it prints counts.
fn verify(unit: &Path) -> (bool, String) {
    let out = common::run(
        Command::new(SYSTEMD_ANALYZE).arg("verify").arg(unit),
        Duration::from_secs(60),
    );
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

fn systemd_analyze_verify_accepts_the_unit() {
    let text = unit_text();
    let (ok, said) = verify(&unit_copy("verify", &text));
    assert!(ok && said.is_empty(), "systemd-analyze verify:\n{said}");

    // The check above can fail: a misspelt key and a bad value are reported.
    let broken = text
        .replacen("ProtectSystem=strict", "ProtectSytem=strict", 1)
        .replacen("LockPersonality=yes", "LockPersonality=maybe", 1);
    let (_, said) = verify(&unit_copy("verify-broken", &broken));
    assert!(said.contains("Unknown key 'ProtectSytem'"), "{said}");
    assert!(said.contains("Failed to parse boolean value"), "{said}");
}

/// Sets up what of the unit's sandbox a mount namespace and setpriv can, then runs the server
/// under strace. Run by unshare as root; paths come in the environment.
const SANDBOX: &str = r#"set -eu
# ProtectSystem=strict: the mounts holding the system, the binary and its folders, read-only.
# The trace's folder stays writable, as the journal would be.
mount --bind "$OUT" "$OUT"
for path in / "$BIN" "$CIR_CONTENT" "$CIR_STATIC"; do
    mount -o remount,bind,ro "$(findmnt -n -o TARGET -T "$path")"
done
# ProtectKernelTunables=
mount --bind /proc/sys /proc/sys
mount -o remount,bind,ro /proc/sys
# PrivateTmp=, unless the test's own files are there
case "$OUT" in
    /tmp/*|/var/tmp/*) ;;
    *) for dir in /tmp /var/tmp; do
           if [ -d "$dir" ]; then mount -t tmpfs -o mode=1777 tmpfs "$dir"; fi
       done ;;
esac
# ProtectHome=yes
for dir in /home /root /run/user; do
    if [ -d "$dir" ]; then mount -t tmpfs -o mode=000 tmpfs "$dir"; fi
done
# DynamicUser= (a user id of its range, owning nothing), NoNewPrivileges=,
# CapabilityBoundingSet= and AmbientCapabilities= empty
exec setpriv --reuid=61234 --regid=61234 --clear-groups --no-new-privs \
    --bounding-set=-all --inh-caps=-all strace -f -qq -o "$OUT/trace" "$BIN" serve
"#;

/// The server under strace in its sandbox; everything is stopped on drop.
struct Sandboxed {
    /// unshare, which became the shell, then setpriv, then strace.
    strace: Child,
    server: Option<u32>,
}

impl Drop for Sandboxed {
    fn drop(&mut self) {
        // Only while strace runs: then its child's id cannot have been reused.
        if let (Some(pid), Ok(None)) = (self.server, self.strace.try_wait()) {
            let pid = libc::pid_t::try_from(pid).unwrap_or(0);
            if pid > 1 {
                // SAFETY: kill(2) only reads its two integers.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
        }
        let _ = self.strace.kill();
        let _ = self.strace.wait();
    }
}

/// The process whose parent is `parent`, from /proc.
fn child_of(parent: u32) -> Option<u32> {
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // The name in parentheses may hold spaces: the fields after it are what counts.
            let ppid: u32 = stat
                .rsplit_once(')')?
                .1
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            (ppid == parent).then_some(pid)
        })
}

fn get(addr: &str, path: &str) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .expect("sends");
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    Response::parse(&String::from_utf8_lossy(&raw))
}

/// One system call of strace's output: its name and arguments, with what it returned.
struct Call {
    name: String,
    rest: String,
}

/// The calls begun in a trace (`PID name(args) = result` or `PID name(args <unfinished ...>`),
/// not the lines of calls resumed, signals or exits.
fn calls(trace: &str) -> Vec<Call> {
    trace
        .lines()
        .filter_map(|line| {
            let line = line
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .trim_start();
            let (name, rest) = line.split_once('(')?;
            let plain = name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            (plain && !name.is_empty()).then(|| Call {
                name: name.to_string(),
                rest: rest.to_string(),
            })
        })
        .collect()
}

/// The system calls the unit's `SystemCallFilter=` lines allow, from systemd-analyze's own
/// list of its groups: the allow list, less each `~` deny list.
fn allowed_calls(filters: &[&str]) -> BTreeSet<String> {
    let out = common::run(
        Command::new(SYSTEMD_ANALYZE).args(["syscall-filter", "--no-pager"]),
        Duration::from_secs(60),
    );
    let listing = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for line in listing.lines() {
        if line.starts_with('@') {
            groups.push((line.trim().to_string(), Vec::new()));
        } else if let Some((_, members)) = groups.last_mut() {
            let member = line.trim();
            if !member.is_empty() && !member.starts_with('#') {
                members.push(member.to_string());
            }
        }
    }
    fn expand(name: &str, groups: &[(String, Vec<String>)], out: &mut BTreeSet<String>) {
        match groups.iter().find(|(g, _)| g == name) {
            Some((_, members)) => members.iter().for_each(|m| expand(m, groups, out)),
            None if name.starts_with('@') => panic!("no group {name} in systemd-analyze's list"),
            None => {
                out.insert(name.to_string());
            }
        }
    }
    let mut allowed = BTreeSet::new();
    for filter in filters {
        let (deny, names) = match filter.strip_prefix('~') {
            Some(names) => (true, names),
            None => (false, *filter),
        };
        let mut set = BTreeSet::new();
        names
            .split_whitespace()
            .for_each(|n| expand(n, &groups, &mut set));
        if deny {
            allowed.retain(|c| !set.contains(c));
        } else {
            allowed.extend(set);
        }
    }
    allowed
}

/// What in a trace the unit would refuse or the sandbox should never see; empty if nothing.
fn breaches(trace: &str, unit: &[(String, String, String)]) -> Vec<String> {
    let allowed = allowed_calls(&values(unit, "Service", "SystemCallFilter"));
    let families: Vec<&str> = values(unit, "Service", "RestrictAddressFamilies")
        .iter()
        .flat_map(|v| v.split_whitespace())
        .collect();
    // What PrivateDevices= leaves in /dev.
    let devices = [
        "/dev/null",
        "/dev/zero",
        "/dev/full",
        "/dev/random",
        "/dev/urandom",
    ];
    let mut found = BTreeSet::new();
    for call in calls(trace) {
        let (name, rest) = (call.name.as_str(), call.rest.as_str());
        if !allowed.contains(name) {
            found.insert(format!("SystemCallFilter= refuses {name}"));
        }
        if name == "socket" {
            let family = rest.split(',').next().unwrap_or("");
            if !families.contains(&family) {
                found.insert(format!("RestrictAddressFamilies= refuses {family}"));
            }
        }
        let exec = rest.contains("PROT_EXEC");
        if (name == "mmap" && exec && rest.contains("PROT_WRITE"))
            || (name.ends_with("mprotect") && exec)
        {
            found.insert(format!("MemoryDenyWriteExecute= refuses {name}({rest}"));
        }
        if rest.contains("CLONE_NEW") || name == "unshare" || name == "setns" {
            found.insert(format!("RestrictNamespaces= refuses {name}({rest}"));
        }
        if name == "personality" {
            found.insert(format!("LockPersonality= refuses {name}({rest}"));
        }
        if rest.contains("EROFS") || rest.contains("EACCES") || rest.contains("EPERM") {
            found.insert(format!("refused in the sandbox: {name}({rest}"));
        }
        if name == "open" || name == "openat" {
            let path = rest.split('"').nth(1).unwrap_or("");
            if ["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC"]
                .iter()
                .any(|f| rest.contains(f))
            {
                found.insert(format!("opened for writing: {path}"));
            }
            if path.starts_with("/dev/") && !devices.contains(&path) {
                found.insert(format!("PrivateDevices= hides {path}"));
            }
            let process = path
                .strip_prefix("/proc/")
                .and_then(|p| p.split('/').next())
                .is_none_or(|p| {
                    p == "self" || p == "thread-self" || p.bytes().all(|b| b.is_ascii_digit())
                });
            if !process {
                found.insert(format!("ProcSubset=pid hides {path}"));
            }
        }
    }
    found.into_iter().collect()
}

fn the_binary_runs_under_the_units_limits_and_uses_nothing_they_refuse() {
    let unit = settings(&unit_text());
    let root = common::root();
    let content = copy_content(&common::base(), "deploy-sandbox");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("deploy-sandbox");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("a folder");
    // Writable by the unprivileged user strace runs as.
    std::fs::set_permissions(&out, std::os::unix::fs::PermissionsExt::from_mode(0o777))
        .expect("permissions");
    let log = std::fs::File::create(out.join("log")).expect("the log");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let addr = format!("127.0.0.1:{port}");
    let strace = Command::new(UNSHARE)
        .args(["--mount", "--propagation", "private", "sh", "-c", SANDBOX])
        // Set by cargo for its toolchain's libraries; systemd sets no such thing.
        .env_remove("LD_LIBRARY_PATH")
        .env("OUT", &out)
        .env("BIN", env!("CARGO_BIN_EXE_cir-guide"))
        .env("SOURCE_DATE_EPOCH", common::FIXTURE_DAY)
        .env("CIR_ADDR", &addr)
        .env("CIR_CONTENT", &content)
        .env("CIR_STATIC", root.join("static"))
        .env("CIR_SHUTDOWN_TIMEOUT", "10")
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("unshare starts");
    let mut sandbox = Sandboxed {
        strace,
        server: None,
    };
    let read_log = || std::fs::read_to_string(out.join("log")).unwrap_or_default();

    // Traced, a debug build starts in seconds, not milliseconds.
    let started = eventually(Duration::from_secs(60), || {
        TcpStream::connect(&addr).is_ok() || !matches!(sandbox.strace.try_wait(), Ok(None))
    });
    assert!(
        started && TcpStream::connect(&addr).is_ok(),
        "the server did not start:\n{}",
        read_log()
    );
    sandbox.server = child_of(sandbox.strace.id());
    let server = sandbox.server.expect("strace's child, the server");
    let status = std::fs::read_to_string(format!("/proc/{server}/status")).expect("its status");
    for line in [
        "Uid:\t61234\t61234\t61234\t61234",
        "CapBnd:\t0000000000000000",
        "NoNewPrivs:\t1",
    ] {
        assert!(status.contains(line), "{line:?} not in\n{status}");
    }

    // A bit of everything: pages, views, downloads, a static file, a link preview drawn on
    // request, a missing page, then a save in the content folder and a SIGHUP.
    let home = get(&addr, "/");
    assert_eq!(home.status, 200);
    let image = common::preview_path(&home.body);
    for (path, expected) in [
        ("/ja/statistics?sort=cirs&dir=desc", 200),
        ("/statistics.csv?type=city", 200),
        ("/ja/trends.json", 200),
        ("/datapackage.json", 200),
        ("/static/css/site.css", 200),
        (image.as_str(), 200),
        ("/nope", 404),
    ] {
        assert_eq!(get(&addr, path).status, expected, "{path}");
    }
    let role = content.join("role.toml");
    let text = std::fs::read_to_string(&role).expect("role.toml");
    save_by_rename(
        &role,
        &text.replacen(
            "title = \"The CIR role\"",
            "title = \"The CIR role, saved\"",
            1,
        ),
    );
    assert!(
        eventually(Duration::from_secs(20), || get(&addr, "/role")
            .body
            .contains("<h1>The CIR role, saved</h1>")),
        "the save was not picked up:\n{}",
        read_log()
    );
    let reloads = |body: &str| body.contains("\"reloads\":2");
    // SAFETY: kill(2) only reads its two integers; the server runs (strace has not exited).
    unsafe { libc::kill(server as libc::pid_t, libc::SIGHUP) };
    assert!(
        eventually(Duration::from_secs(20), || reloads(
            &get(&addr, "/healthz").body
        )),
        "SIGHUP did not reload: {}",
        get(&addr, "/healthz").body
    );

    // SAFETY: as above.
    unsafe { libc::kill(server as libc::pid_t, libc::SIGTERM) };
    let deadline = Instant::now() + Duration::from_secs(30);
    let exit = loop {
        if let Ok(Some(status)) = sandbox.strace.try_wait() {
            break Some(status);
        }
        if Instant::now() > deadline {
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // strace exits with the status of the program it ran.
    assert_eq!(exit.map(|s| s.code()), Some(Some(0)), "{}", read_log());
    let log = read_log();
    assert!(log.contains("stopping: SIGTERM received"), "{log}");
    assert!(log.contains("cir_guide] stopped in "), "{log}");

    let trace = std::fs::read_to_string(out.join("trace")).expect("the trace");
    let seen = calls(&trace);
    assert!(
        seen.iter().any(|c| c.name == "accept4"),
        "the trace holds no accept4"
    );
    let found = breaches(&trace, &unit);
    assert!(found.is_empty(), "{}", found.join("\n"));
    let names: BTreeSet<&str> = seen.iter().map(|c| c.name.as_str()).collect();
    eprintln!(
        "{} system calls of {} kinds, all allowed by the unit: {}",
        seen.len(),
        names.len(),
        names.into_iter().collect::<Vec<_>>().join(" ")
    );
}

common::harness::main!(self);
