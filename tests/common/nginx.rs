//! nginx running `deploy/nginx.conf` in front of real instances, on 127.0.0.1. The tests that
//! use it name `Nginx` among their needs (see `harness`).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// An nginx master process and its workers, stopped on drop.
pub struct Nginx {
    child: Child,
    pub addr: String,
    pub dir: PathBuf,
}

impl Drop for Nginx {
    /// A fast shutdown (SIGTERM): the master stops its workers and exits. SIGKILL only if it
    /// has not within 10 s, since a killed master leaves its workers listening.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Replaces `from` by `to` in `text`, where `from` must occur exactly once: if the file
/// changes shape, the test says so instead of running another configuration.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "deploy/nginx.conf should contain {from:?} exactly once"
    );
    text.replacen(from, to, 1)
}

impl Nginx {
    /// Starts nginx with `deploy/nginx.conf`, changed only in the listening address, the two
    /// instances' addresses and the cache folder, inside a minimal main configuration whose
    /// files are all in a scratch folder named after `name`.
    pub fn start(name: &str, instances: [&str; 2]) -> Nginx {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("nginx")
            .join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        let addr = super::server::free_addr();
        let site = std::fs::read_to_string(super::root().join("deploy/nginx.conf"))
            .expect("deploy/nginx.conf");
        let site = replace_once(&site, "listen 80;", &format!("listen {addr};"));
        let site = replace_once(
            &site,
            "server 127.0.0.1:8080 ",
            &format!("server {} ", instances[0]),
        );
        let site = replace_once(
            &site,
            "server 127.0.0.1:8081 ",
            &format!("server {} ", instances[1]),
        );
        let site = replace_once(
            &site,
            "/var/cache/nginx/cir-guide",
            &dir.join("cache").display().to_string(),
        );
        std::fs::write(dir.join("cir-guide.conf"), site).expect("site configuration");
        // As root, nginx's workers would run as `nobody`, who may not enter the scratch folder.
        let user = if is_root() { "user root;\n" } else { "" };
        let d = dir.display();
        let main = format!(
            "{user}daemon off;\nworker_processes 1;\npid {d}/nginx.pid;\n\
             error_log {d}/error.log warn;\nevents {{ worker_connections 512; }}\n\
             http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  \
             proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  \
             uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n  \
             include {d}/cir-guide.conf;\n}}\n"
        );
        std::fs::write(dir.join("nginx.conf"), main).expect("main configuration");
        let child =
            Command::new(super::harness::nginx().expect("nginx, which the harness checked"))
                .arg("-p")
                .arg(&dir)
                .arg("-c")
                .arg(dir.join("nginx.conf"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("nginx starts");
        let mut nginx = Nginx { child, addr, dir };
        let log = nginx.dir.join("error.log");
        let detail = || format!(": {}", std::fs::read_to_string(&log).unwrap_or_default());
        super::server::wait_listening(&mut nginx.child, &nginx.addr, "nginx", detail);
        nginx
    }

    /// What nginx logged (warnings and errors), for failure messages.
    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// A response, with its body as the bytes that arrived.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    /// Names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the body has exactly the length the headers announced.
    pub fn complete(&self) -> bool {
        self.header("content-length")
            .and_then(|l| l.parse::<usize>().ok())
            == Some(self.body.len())
    }
}

/// GET (or another method) over a fresh connection that the request asks to close, with the
/// given headers; `None` if the connection failed or no status line arrived within 10 s.
pub fn request(addr: &str, method: &str, path: &str, headers: &[(&str, &str)]) -> Option<Reply> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: cir-guide.test\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some(Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    })
}

/// GET that must succeed in getting a response.
pub fn get(addr: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
    request(addr, "GET", path, headers).unwrap_or_else(|| panic!("no response for {path}"))
}
