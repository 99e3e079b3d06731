//! The real binary on a real socket: what only the wire shows (HEAD bodies, raw request lines).

use crate::common;

use common::server::Server;

common::harness::tests! {
    sync head_sends_the_headers_of_get_and_no_body_for_every_kind_of_response [],
    sync malformed_requests_never_get_a_server_error [],
}

fn status(response: &str) -> u16 {
    response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {response:?}"))
}

/// Headers without the date, which changes from one second to the next.
fn lasting_headers(head: &str) -> Vec<String> {
    let mut lines: Vec<String> = head
        .lines()
        .skip(1)
        .map(str::to_ascii_lowercase)
        .filter(|l| !l.starts_with("date:"))
        .collect();
    lines.sort();
    lines
}

fn head_sends_the_headers_of_get_and_no_body_for_every_kind_of_response() {
    let server = Server::base();
    let home = server.get("/").body;
    let sheet = common::stylesheet(&home);
    let image = common::preview_path(&home);
    for (path, expected) in [
        ("/", 200),
        ("/role", 200),
        ("/statistics?sort=cirs&dir=desc", 200),
        ("/static/css/site.css", 200),
        (sheet.as_str(), 200),
        (image.as_str(), 200),
        ("/previews/home.png", 200),
        ("/robots.txt", 200),
        ("/sitemap.xml", 200),
        ("/nope", 404),
    ] {
        let head = server.raw(
            format!("HEAD {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        let get = server.raw_bytes(
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        let split = get
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("headers end");
        let get_headers = String::from_utf8_lossy(&get[..split]).into_owned();
        let get_body = &get[split + 4..];
        assert_eq!(status(&head), expected, "{path}");
        let (head_headers, head_body) = head.split_once("\r\n\r\n").expect("headers end");
        assert!(
            head_body.is_empty(),
            "HEAD {path} sent a body of {} bytes",
            head_body.len()
        );
        assert!(!get_body.is_empty(), "GET {path} sent no body");
        assert_eq!(
            lasting_headers(head_headers),
            lasting_headers(&get_headers),
            "{path}"
        );
        assert!(
            lasting_headers(head_headers).contains(&format!("content-length: {}", get_body.len())),
            "HEAD {path} announces the length of GET's body: {head_headers}"
        );
    }
}

fn malformed_requests_never_get_a_server_error() {
    let server = Server::base();
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
