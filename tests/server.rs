//! The real binary on a real socket: what only the wire shows (HEAD bodies, raw request lines).

mod common;

use common::server::Server;

fn status(response: &str) -> u16 {
    response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {response:?}"))
}

#[test]
fn head_sends_headers_without_a_body() {
    let server = Server::real();
    let res = server.raw(b"HEAD /role HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status(&res), 200);
    let (head, body) = res.split_once("\r\n\r\n").expect("headers end");
    assert!(
        head.to_ascii_lowercase().contains("content-length: "),
        "{head}"
    );
    assert!(body.is_empty(), "HEAD sent a body of {} bytes", body.len());
    let get = server.raw(b"GET /role HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(get.contains("<h1>The CIR role</h1>"));
}

#[test]
fn malformed_requests_never_get_a_server_error() {
    let server = Server::real();
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
        let res = server.raw(&request);
        let code = status(&res);
        let line = String::from_utf8_lossy(&request[..request.len().min(60)]).into_owned();
        assert!(code < 500, "{code} for {line}");
        assert!(
            !res.contains("Cargo.toml\n[package]") && !res.contains("[package]"),
            "{line}"
        );
    }
    // The server is still up.
    let res = server.raw(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status(&res), 200);
}
