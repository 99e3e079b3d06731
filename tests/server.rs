//! The real binary on a real socket: what only the wire shows (HEAD bodies, raw request lines).

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let addr = format!("127.0.0.1:{port}");
    let root = common::root();
    let child = Command::new(env!("CARGO_BIN_EXE_cir-guide"))
        .args(["serve", "--addr", &addr])
        .arg("--content")
        .arg(root.join("content"))
        .arg("--static")
        .arg(root.join("static"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(&addr).is_err() {
        assert!(
            Instant::now() < deadline,
            "the server did not listen within 10 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    Server { child, addr }
}

/// Sends raw bytes and returns the whole response (the server closes the connection).
fn raw(server: &Server, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(&server.addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    stream.write_all(request).expect("sends");
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn status(response: &str) -> u16 {
    response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {response:?}"))
}

#[test]
fn head_sends_headers_without_a_body() {
    let server = start();
    let res = raw(
        &server,
        b"HEAD /role HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status(&res), 200);
    let (head, body) = res.split_once("\r\n\r\n").expect("headers end");
    assert!(
        head.to_ascii_lowercase().contains("content-length: "),
        "{head}"
    );
    assert!(body.is_empty(), "HEAD sent a body of {} bytes", body.len());
    let get = raw(
        &server,
        b"GET /role HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(get.contains("<h1>The CIR role</h1>"));
}

#[test]
fn malformed_requests_never_get_a_server_error() {
    let server = start();
    let long = format!(
        "GET /statistics?sort={} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "a".repeat(60_000)
    );
    let requests: Vec<Vec<u8>> = vec![
        b"GET /%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GET /statistics?sort=%FF%FE&dir=%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GET /static/%2e%2e/Cargo.toml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GET /static/..%2fCargo.toml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GET //role HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GET /statistics?sort=cirs&sort=name&sort=order&type=city&type=city HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GET /statistics?\xff\xfe=\xc3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        long.into_bytes(),
    ];
    for request in requests {
        let res = raw(&server, &request);
        let code = status(&res);
        let line = String::from_utf8_lossy(&request[..request.len().min(60)]).into_owned();
        assert!(code < 500, "{code} for {line}");
        assert!(
            !res.contains("Cargo.toml\n[package]") && !res.contains("[package]"),
            "{line}"
        );
    }
    // The server is still up.
    let res = raw(
        &server,
        b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status(&res), 200);
}
