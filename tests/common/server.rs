//! The real binary on a real socket, and a minimal HTTP/1.1 client for it.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

pub struct Server {
    child: Child,
    pub addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port of 127.0.0.1 that no process listens on.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// An address on this machine that no process listens on.
pub fn free_addr() -> String {
    format!("127.0.0.1:{}", free_port())
}

/// Waits, for at most 10 s, until `addr` accepts connections: a process the tests started
/// (the server, nginx, chromedriver, Chromium), named `what`. Fails at once if the process
/// exits first; `detail` adds what it logged to either failure.
pub fn wait_listening(child: &mut Child, addr: &str, what: &str, detail: impl Fn() -> String) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(addr).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited before it listened: {status}{}", detail());
        }
        assert!(
            Instant::now() < deadline,
            "{what} did not listen within 10 s{}",
            detail()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

impl Server {
    /// Starts `cir-guide serve` on a free port with the given folders and extra flags.
    pub fn start(content: &Path, static_dir: &Path, extra: &[&str]) -> Server {
        Server::start_logging(content, static_dir, extra, None)
    }

    /// The same, writing the server's log (warnings and errors) to `log`.
    pub fn start_logging(
        content: &Path,
        static_dir: &Path,
        extra: &[&str],
        log: Option<&Path>,
    ) -> Server {
        Server::start_with(content, static_dir, extra, &[("RUST_LOG", "warn")], log)
    }

    /// The same, with environment variables set for the server (`RUST_LOG`, `CIR_…`).
    pub fn start_with(
        content: &Path,
        static_dir: &Path,
        extra: &[&str],
        env: &[(&str, &str)],
        log: Option<&Path>,
    ) -> Server {
        Server::start_at(&free_addr(), content, static_dir, extra, env, log)
    }

    /// The same, on a given address (from [`free_addr`]), for content that names it.
    pub fn start_at(
        addr: &str,
        content: &Path,
        static_dir: &Path,
        extra: &[&str],
        env: &[(&str, &str)],
        log: Option<&Path>,
    ) -> Server {
        let stderr = match log {
            Some(path) => Stdio::from(std::fs::File::create(path).expect("log file")),
            None => Stdio::null(),
        };
        let addr = addr.to_string();
        let child = super::binary()
            .args(["serve", "--addr", &addr])
            .arg("--content")
            .arg(content)
            .arg("--static")
            .arg(static_dir)
            .args(extra)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .expect("the binary starts");
        // Owned from here on, so that a failed start stops the process too.
        let mut server = Server { child, addr };
        wait_listening(&mut server.child, &server.addr, "the server", String::new);
        server
    }

    /// The real binary and static folder serving the frozen content of [`super::base`].
    pub fn base() -> Server {
        Server::start(&super::base(), &super::root().join("static"), &[])
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// GET with `Accept-Encoding` when given: the body as the bytes that arrived, compressed
    /// or not.
    pub fn get_bytes(&self, path: &str, accept_encoding: Option<&str>) -> BytesResponse {
        get_bytes(&self.addr, path, accept_encoding)
    }

    /// Sends raw bytes and returns the whole response (the request asks to close).
    pub fn raw(&self, request: &[u8]) -> String {
        String::from_utf8_lossy(&self.raw_bytes(request)).into_owned()
    }

    /// The same, as the bytes that arrived.
    pub fn raw_bytes(&self, request: &[u8]) -> Vec<u8> {
        raw_bytes(&self.addr, request)
    }

    /// GET, returning the status, the headers (names in lower case) and the body.
    pub fn get(&self, path: &str) -> Response {
        let raw = self
            .raw(format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes());
        Response::parse(&raw)
    }

    /// Sends SIGHUP, as an operator would to force a reload.
    pub fn hangup(&self) {
        self.signal(libc::SIGHUP);
    }

    /// Sends a signal (`libc::SIGTERM`, `SIGINT`, `SIGHUP`) at once, with kill(2).
    pub fn signal(&self, signal: libc::c_int) {
        let pid = libc::pid_t::try_from(self.pid()).expect("a process id");
        // SAFETY: kill(2) only reads its two integers; the process is our child and has not
        // been waited for, so its id is not reused.
        let sent = unsafe { libc::kill(pid, signal) };
        assert_eq!(sent, 0, "kill({pid}, {signal}) failed");
    }

    /// Waits at most `limit` for the process to exit: its status, or `None` if it still runs.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// Sends raw bytes to any server on `addr` and returns the whole response, waiting at most
/// 10 s for each read.
pub fn raw_bytes(addr: &str, request: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    stream.write_all(request).expect("sends");
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    out
}

/// GET from any HTTP/1.1 server on `addr` (the cir-guide binary, nginx), with
/// `Accept-Encoding` when given.
pub fn get_bytes(addr: &str, path: &str, accept_encoding: Option<&str>) -> BytesResponse {
    let accept = accept_encoding.map_or(String::new(), |a| format!("Accept-Encoding: {a}\r\n"));
    let raw = raw_bytes(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: x\r\n{accept}Connection: close\r\n\r\n").as_bytes(),
    );
    let at = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no end of headers in the response to {path}"));
    let head = Response::parse(&String::from_utf8_lossy(&raw[..at]));
    let body = raw[at + 4..].to_vec();
    let length = head
        .header("content-length")
        .and_then(|v| v.parse::<usize>().ok());
    assert_eq!(length, Some(body.len()), "the body of {path} is cut short");
    BytesResponse {
        status: head.status,
        headers: head.headers,
        body,
    }
}

/// A response whose body is kept as bytes.
pub struct BytesResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl BytesResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Whether the body has exactly the length the headers announced.
    pub complete: bool,
}

impl Response {
    pub fn parse(raw: &str) -> Response {
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let length = headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .and_then(|(_, v)| v.parse::<usize>().ok());
        Response {
            status,
            complete: length == Some(body.len()),
            headers,
            body: body.to_string(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Polls until `ready` holds, for at most `limit`; false if it never did.
pub fn eventually(limit: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if ready() {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Copies a content folder to a fresh scratch folder.
pub fn copy_content(from: &Path, name: &str) -> std::path::PathBuf {
    let dir = super::scratch("live", name);
    copy_tree(from, &dir);
    dir
}

/// Saves a file as vim and many editors do: write a temporary file, then rename it over.
pub fn save_by_rename(path: &Path, text: &str) {
    let tmp = path.with_extension("toml.tmp");
    std::fs::write(&tmp, text).expect("write temporary file");
    std::fs::rename(&tmp, path).expect("rename over the original");
}

/// A fresh copy of the real static folder, to change under a test.
pub fn scratch_static(name: &str) -> std::path::PathBuf {
    let dir = super::scratch("static-copies", name);
    copy_tree(&super::root().join("static"), &dir);
    dir
}

/// Copies a folder and every folder in it.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}
