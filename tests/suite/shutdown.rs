//! Stopping through the real binary: on SIGTERM or SIGINT every request already sent gets its
//! whole response, idle connections are closed, then new ones are refused, and the process
//! exits 0 within the shutdown timeout.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use actix_web::App;
use actix_web::http::ConnectionType;
use actix_web::test::{TestRequest, call_service, init_service};
use cir_guide::app;
use cir_guide::server::live::Live;
use cir_guide::server::stopping::Stopping;
use common::server::{Server, eventually, scratch_static};

common::harness::tests! {
    sync sigterm_under_load_answers_every_request_sent_before_it_then_exits_0_and_closes_the_port [],
    sync sigint_lets_a_slow_download_finish_while_new_connections_are_refused [],
    sync idle_connections_are_closed_at_once_and_a_reload_does_not_hold_up_the_stop [],
    sync dev_mode_stops_at_once_with_a_page_listening_for_changes [],
    actix once_stopping_began_every_response_closes_its_connection [],
}

/// The most a stop may take with a shutdown timeout of `seconds`: the server answers for
/// 0.5 s before it stops, actix-server looks at its workers once a second and waits 300 ms
/// before it returns, and the machine may be busy.
fn bound(seconds: u64) -> Duration {
    Duration::from_secs(seconds + 3)
}

fn log_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("shutdown-{name}.log"))
}

fn read_log(path: &Path) -> String {
    std::fs::read_to_string(path).expect("the server's log")
}

/// Sets the flag when the test ends, passed or failed, so that its client threads stop.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// A response read off a keep-alive connection, exactly as long as its `Content-Length`.
struct Reply {
    status: u16,
    encoding: Option<String>,
    close: bool,
    body: Vec<u8>,
}

fn read_reply(reader: &mut BufReader<TcpStream>) -> Result<Reply, String> {
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("the head broke off: {e}"))?;
        if n == 0 {
            return Err(format!("closed after {} bytes of the head", head.len()));
        }
        head.extend_from_slice(&line);
        if line == b"\r\n" {
            break;
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("no status line in {head:?}"))?;
    let header = |name: &str| {
        head.lines()
            .skip(1)
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_ascii_lowercase())
    };
    let length: usize = header("content-length")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("no Content-Length in {head:?}"))?;
    let mut body = vec![0; length];
    reader
        .read_exact(&mut body)
        .map_err(|e| format!("the body stopped short of its {length} bytes: {e}"))?;
    Ok(Reply {
        status,
        encoding: header("content-encoding"),
        close: header("connection").as_deref() == Some("close"),
        body,
    })
}

fn connect(addr: &str) -> std::io::Result<(TcpStream, BufReader<TcpStream>)> {
    let stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(5)))?;
    let reader = BufReader::new(stream.try_clone()?);
    Ok((stream, reader))
}

fn request(url: &str, br: bool) -> String {
    let encoding = if br { "Accept-Encoding: br\r\n" } else { "" };
    format!("GET {url} HTTP/1.1\r\nHost: x\r\n{encoding}\r\n")
}

/// Pages, views and downloads in both languages, each with a line its plain body must hold.
const LOAD: [(&str, &str); 8] = [
    (
        "/",
        "<h1>Coordinators for International Relations on the JET Programme</h1>",
    ),
    ("/ja/", "<h1>JETプログラムの国際交流員（CIR）</h1>"),
    (
        "/statistics?sort=cirs&dir=desc&type=city",
        "<h1>CIRs by prefecture and designated city, 2014</h1>",
    ),
    (
        "/ja/statistics?region=kanto&sort=name",
        "<h1>都道府県・政令指定都市別の国際交流員数（2014年）</h1>",
    ),
    ("/trends", "<h1>CIRs over time</h1>"),
    (
        "/statistics.csv?sort=cirs&dir=desc",
        "id,order,code,name,type,region,prefecture,cirs,share_of_all_cirs_percent\r\n\
         hokkaido,1,01,Hokkaido,prefecture,hokkaido,,21,5.8\r\n",
    ),
    (
        "/ja/statistics.csv",
        "hokkaido,1,01,北海道,prefecture,hokkaido,,21,5.8\r\n",
    ),
    (
        "/trends.json",
        "\"title\": \"JET participants and CIRs per fiscal year, 1987 to 2025\"",
    ),
];

/// What one address answers in one encoding, read before the load.
struct Expected {
    url: &'static str,
    br: bool,
    body: Vec<u8>,
}

fn expected_replies(addr: &str) -> Vec<Expected> {
    let mut all = Vec::new();
    for (url, line) in LOAD {
        for br in [false, true] {
            let (mut stream, mut reader) = connect(addr).expect("connects");
            stream
                .write_all(request(url, br).as_bytes())
                .expect("sends");
            let reply = read_reply(&mut reader).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(reply.status, 200, "{url}");
            if br {
                assert_eq!(reply.encoding.as_deref(), Some("br"), "{url}");
            } else {
                assert_eq!(reply.encoding, None, "{url}");
                let text = String::from_utf8(reply.body.clone()).expect("UTF-8");
                assert!(text.contains(line), "{url} lacks {line:?}");
            }
            all.push(Expected {
                url,
                br,
                body: reply.body,
            });
        }
    }
    all
}

/// `count` keep-alive connections, each left idle after one whole answer.
fn idle_connections<'a>(
    addr: &str,
    expected: &'a [Expected],
    count: usize,
) -> Vec<(&'a Expected, TcpStream, BufReader<TcpStream>)> {
    expected
        .iter()
        .cycle()
        .take(count)
        .map(|want| {
            let (mut stream, mut reader) = connect(addr).expect("connects");
            stream
                .write_all(request(want.url, want.br).as_bytes())
                .expect("sends");
            let reply = read_reply(&mut reader).unwrap_or_else(|e| panic!("{}: {e}", want.url));
            assert_eq!((reply.status, reply.close), (200, false), "{}", want.url);
            (want, stream, reader)
        })
        .collect()
}

/// One request of the load: whether all its bytes were written before the signal was sent,
/// whether its answer came after, and what came back.
struct Record {
    what: String,
    sent_before: bool,
    answered_after: bool,
    outcome: Result<(), String>,
}

/// Sends keep-alive requests in a loop, one after the other, until the port refuses the next
/// connection after the signal (or the test ends).
fn client(
    addr: &str,
    first: usize,
    expected: &[Expected],
    signalled: &AtomicBool,
    done: &AtomicBool,
    answered: &AtomicUsize,
) -> Vec<Record> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut records = Vec::new();
    let mut conn = None;
    let mut next = first;
    while !done.load(Ordering::SeqCst) && Instant::now() < deadline {
        let (mut stream, mut reader) = match conn.take() {
            Some(conn) => conn,
            None => match connect(addr) {
                Ok(conn) => conn,
                // Refused: the server has stopped accepting, as it should after the signal.
                Err(_) if signalled.load(Ordering::SeqCst) => break,
                Err(e) => {
                    records.push(Record {
                        what: "connect".into(),
                        sent_before: true,
                        answered_after: false,
                        outcome: Err(format!("refused before the signal: {e}")),
                    });
                    break;
                }
            },
        };
        let want = &expected[next % expected.len()];
        next += 1;
        let written = stream.write_all(request(want.url, want.br).as_bytes());
        // Read after the write returned: false means every byte was written before the flag
        // was set, and the flag is set before the signal is sent.
        let sent_before = !signalled.load(Ordering::SeqCst);
        let reply = written
            .map_err(|e| format!("the request could not be written: {e}"))
            .and_then(|()| read_reply(&mut reader));
        let answered_after = signalled.load(Ordering::SeqCst);
        let outcome = reply.and_then(|reply| {
            let keep = !reply.close;
            if reply.status != 200 {
                Err(format!("status {}", reply.status))
            } else if reply.encoding.as_deref() != want.br.then_some("br") {
                Err(format!("Content-Encoding {:?}", reply.encoding))
            } else if reply.body != want.body {
                Err(format!(
                    "a body of {} bytes unlike the {} expected",
                    reply.body.len(),
                    want.body.len()
                ))
            } else {
                answered.fetch_add(1, Ordering::SeqCst);
                if keep {
                    conn = Some((stream, reader));
                }
                Ok(())
            }
        });
        records.push(Record {
            what: format!("GET {} {}", want.url, if want.br { "br" } else { "plain" }),
            sent_before,
            answered_after,
            outcome,
        });
    }
    records
}

fn sigterm_under_load_answers_every_request_sent_before_it_then_exits_0_and_closes_the_port() {
    let root = common::root();
    let log = log_path("load");
    let mut server = Server::start_with(
        &common::base(),
        &root.join("static"),
        &[],
        &[("RUST_LOG", "info"), ("CIR_SHUTDOWN_TIMEOUT", "5")],
        Some(&log),
    );
    let expected = Arc::new(expected_replies(&server.addr));
    let signalled = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    let _stop = StopOnDrop(done.clone());
    let answered = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..6)
        .map(|n| {
            let addr = server.addr.clone();
            let (expected, signalled) = (expected.clone(), signalled.clone());
            let (done, answered) = (done.clone(), answered.clone());
            std::thread::spawn(move || {
                client(&addr, n * 3, &expected, &signalled, &done, &answered)
            })
        })
        .collect();
    assert!(
        eventually(Duration::from_secs(20), || answered.load(Ordering::SeqCst)
            >= 300),
        "the load never got going: {} answers",
        answered.load(Ordering::SeqCst)
    );

    // Keep-alive connections between two requests, whose next request is written the instant
    // before the signal, while the server is busy: it has had no time to read most of them.
    // (Stopped by actix-server at once, it left 12 runs in 12 with some of them unanswered.)
    let mut last = idle_connections(&server.addr, &expected, 64);
    for (want, stream, _) in &mut last {
        stream
            .write_all(request(want.url, want.br).as_bytes())
            .expect("sends");
    }
    signalled.store(true, Ordering::SeqCst);
    server.signal(libc::SIGTERM);
    let last: Vec<String> = last
        .into_iter()
        .filter_map(
            |(want, _stream, mut reader)| match read_reply(&mut reader) {
                Ok(reply) if reply.status == 200 && reply.body == want.body => None,
                Ok(reply) => Some(format!("{}: status {}", want.url, reply.status)),
                Err(e) => Some(format!("{}: {e}", want.url)),
            },
        )
        .collect();
    let status = server.wait_exit(bound(5));
    let refused = TcpStream::connect(&server.addr).is_err();
    done.store(true, Ordering::SeqCst);
    let records: Vec<Record> = clients
        .into_iter()
        .flat_map(|c| c.join().expect("a client thread"))
        .collect();

    assert_eq!(
        status.map(|s| s.code()),
        Some(Some(0)),
        "the server did not exit with status 0 within {:?}",
        bound(5)
    );
    assert!(refused, "the port still accepts connections");
    assert!(
        last.is_empty(),
        "requests sent just before SIGTERM on idle connections failed:\n{}",
        last.join("\n")
    );
    let sent_before: Vec<&Record> = records.iter().filter(|r| r.sent_before).collect();
    let failed: Vec<String> = sent_before
        .iter()
        .filter_map(|r| r.outcome.as_ref().err().map(|e| format!("{}: {e}", r.what)))
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} requests sent before SIGTERM failed:\n{}",
        failed.len(),
        sent_before.len(),
        failed.join("\n")
    );
    // The requests in flight when the signal went: without them the test proves nothing.
    let in_flight = sent_before.iter().filter(|r| r.answered_after).count();
    assert!(in_flight > 0, "no request was in flight at the signal");
    let log = read_log(&log);
    assert!(
        log.contains("stopping: SIGTERM received; finishing the requests in flight (at most 5 s)"),
        "{log}"
    );
    assert!(log.contains("cir_guide] stopped in "), "{log}");
    eprintln!(
        "{} requests sent before SIGTERM, all answered in full ({in_flight} in flight at the \
         signal); {} after it",
        sent_before.len(),
        records.len() - sent_before.len()
    );
}

/// A file over the 1 MiB the server keeps in memory, sent from disk: `len` bytes of a pattern.
fn large_file(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

fn sigint_lets_a_slow_download_finish_while_new_connections_are_refused() {
    // Read at 4 MB/s, 24 MB take 6 s: far more than the socket buffers hold, so the server is
    // still sending when the signal comes, and for seconds after it.
    const SIZE: usize = 24_000_000;
    const RATE: f64 = 4_000_000.0;
    let static_dir = scratch_static("shutdown-slow");
    std::fs::write(static_dir.join("large.bin"), large_file(SIZE)).expect("the large file");
    let log = log_path("slow");
    let mut server = Server::start_with(
        &common::base(),
        &static_dir,
        &["--shutdown-timeout", "10"],
        &[("RUST_LOG", "info")],
        Some(&log),
    );
    let progress = Arc::new(AtomicUsize::new(0));
    let reader = {
        let (addr, progress) = (server.addr.clone(), progress.clone());
        std::thread::spawn(move || -> Result<Vec<u8>, String> {
            let (mut stream, mut reader) = connect(&addr).map_err(|e| e.to_string())?;
            stream
                .write_all(request("/static/large.bin", false).as_bytes())
                .map_err(|e| e.to_string())?;
            let mut head = String::new();
            while !head.ends_with("\r\n\r\n") {
                let n = reader.read_line(&mut head).map_err(|e| e.to_string())?;
                if n == 0 {
                    return Err(format!("closed in the head: {head:?}"));
                }
            }
            if !head.starts_with("HTTP/1.1 200 ") || !head.contains(&format!(": {SIZE}\r\n")) {
                return Err(format!("unexpected head: {head:?}"));
            }
            let started = Instant::now();
            let mut body = Vec::with_capacity(SIZE);
            let mut chunk = vec![0; 64 * 1024];
            while body.len() < SIZE {
                let n = match reader.read(&mut chunk) {
                    Ok(0) => return Err(format!("closed after {} bytes", body.len())),
                    Ok(n) => n,
                    Err(e) => return Err(format!("broken after {} bytes: {e}", body.len())),
                };
                body.extend_from_slice(&chunk[..n]);
                progress.store(body.len(), Ordering::SeqCst);
                let due = started + Duration::from_secs_f64(body.len() as f64 / RATE);
                std::thread::sleep(due.saturating_duration_since(Instant::now()));
            }
            Ok(body)
        })
    };
    assert!(
        eventually(Duration::from_secs(10), || progress.load(Ordering::SeqCst)
            >= 1_000_000),
        "the download never started"
    );

    server.signal(libc::SIGINT);
    assert!(
        eventually(Duration::from_secs(5), || TcpStream::connect(&server.addr)
            .is_err()),
        "new connections are still accepted after SIGINT"
    );
    // Refused while the download is still being sent: the server stopped accepting, not
    // serving.
    assert!(
        progress.load(Ordering::SeqCst) < SIZE,
        "the download was over before the port closed"
    );
    assert!(
        server.wait_exit(Duration::ZERO).is_none(),
        "the server exited before the download was over"
    );
    let body = reader.join().expect("the reader thread");
    let status = server.wait_exit(bound(10));

    match body {
        Ok(body) => assert!(body == large_file(SIZE), "the download arrived changed"),
        Err(e) => panic!("the download in flight at SIGINT was cut off: {e}"),
    }
    assert_eq!(
        status.map(|s| s.code()),
        Some(Some(0)),
        "the server did not exit with status 0 within {:?}",
        bound(10)
    );
    let log = read_log(&log);
    assert!(
        log.contains("stopping: SIGINT received; finishing the requests in flight (at most 10 s)"),
        "{log}"
    );
    assert!(log.contains("cir_guide] stopped in "), "{log}");
}

fn idle_connections_are_closed_at_once_and_a_reload_does_not_hold_up_the_stop() {
    let root = common::root();
    let log = log_path("idle");
    // The default timeout (10 s): no flag, no environment variable.
    let mut server = Server::start_with(
        &common::base(),
        &root.join("static"),
        &[],
        &[("RUST_LOG", "info")],
        Some(&log),
    );
    // Three keep-alive connections after one answer each, and one that never sent anything.
    let mut idle = Vec::new();
    for url in ["/", "/ja/statistics", "/trends.csv"] {
        let (mut stream, mut reader) = connect(&server.addr).expect("connects");
        stream
            .write_all(request(url, true).as_bytes())
            .expect("sends");
        let reply = read_reply(&mut reader).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!((reply.status, reply.close), (200, false), "{url}");
        idle.push(reader);
    }
    idle.push(connect(&server.addr).expect("connects").1);

    server.hangup();
    server.signal(libc::SIGTERM);
    for (n, reader) in idle.iter_mut().enumerate() {
        let mut rest = Vec::new();
        match reader.read_to_end(&mut rest) {
            Ok(0) => {}
            Ok(_) => panic!("idle connection {n} got bytes: {rest:?}"),
            Err(e) => panic!("idle connection {n} was not closed cleanly: {e}"),
        }
    }
    let status = server.wait_exit(bound(10));
    assert_eq!(
        status.map(|s| s.code()),
        Some(Some(0)),
        "the server did not exit with status 0 within {:?}",
        bound(10)
    );
    assert!(
        TcpStream::connect(&server.addr).is_err(),
        "the port still accepts connections"
    );
    let log = read_log(&log);
    assert!(
        log.contains("stopping: SIGTERM received; finishing the requests in flight (at most 10 s)"),
        "{log}"
    );
    // Not "at the shutdown timeout": nothing waited for the idle connections.
    assert!(log.contains("cir_guide] stopped in "), "{log}");
}

fn dev_mode_stops_at_once_with_a_page_listening_for_changes() {
    let root = common::root();
    let log = log_path("dev");
    let mut server = Server::start_with(
        &common::base(),
        &root.join("static"),
        &["--dev"],
        &[("RUST_LOG", "info")],
        Some(&log),
    );
    // What an open page in dev mode keeps open: an event stream that never ends by itself.
    let (mut stream, mut reader) = connect(&server.addr).expect("connects");
    stream
        .write_all(b"GET /_dev/events HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("sends");
    let mut head = String::new();
    while !head.ends_with("\r\n\r\n") {
        assert!(
            reader.read_line(&mut head).expect("the head") > 0,
            "{head:?}"
        );
    }
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head:?}");
    assert!(
        head.contains("content-type: text/event-stream\r\n"),
        "{head:?}"
    );

    server.signal(libc::SIGINT);
    // The stream ends (the last, empty chunk) and the connection closes, well before the
    // 10 s timeout: the reader's 5 s would run out first.
    let mut rest = Vec::new();
    if let Err(e) = reader.read_to_end(&mut rest) {
        panic!("the event stream did not end: {e}");
    }
    assert!(
        rest.ends_with(b"0\r\n\r\n"),
        "{:?}",
        String::from_utf8_lossy(&rest)
    );
    let status = server.wait_exit(bound(10));
    assert_eq!(status.map(|s| s.code()), Some(Some(0)));
    let log = read_log(&log);
    assert!(log.contains("cir_guide] stopped in "), "{log}");
}

async fn once_stopping_began_every_response_closes_its_connection() {
    let root = common::root();
    let live = Live::start(&common::base(), &root.join("static"), false)
        .expect("the base fixture is valid");
    let stopping = Stopping::default();
    let site = init_service(App::new().configure(app::configure(app::Config {
        live: Arc::new(live),
        metrics: Default::default(),
        static_dir: root.join("static"),
        mode: app::Mode::default(),
        stopping: stopping.clone(),
    })))
    .await;
    let urls = [
        "/",
        "/ja/statistics?sort=cirs&dir=desc",
        "/statistics.csv",
        "/static/css/site.css",
        "/healthz",
        "/nope",
    ];
    let connections = async || {
        let mut all = Vec::new();
        for url in urls {
            let res = call_service(&site, TestRequest::get().uri(url).to_request()).await;
            all.push((
                url,
                res.status().as_u16(),
                res.response().head().connection_type(),
            ));
        }
        all
    };
    let kept = ConnectionType::KeepAlive;
    assert_eq!(
        connections().await,
        [
            ("/", 200, kept),
            ("/ja/statistics?sort=cirs&dir=desc", 200, kept),
            ("/statistics.csv", 200, kept),
            ("/static/css/site.css", 200, kept),
            ("/healthz", 200, kept),
            ("/nope", 404, kept),
        ]
    );
    stopping.signal();
    let closed = ConnectionType::Close;
    assert_eq!(
        connections().await,
        [
            ("/", 200, closed),
            ("/ja/statistics?sort=cirs&dir=desc", 200, closed),
            ("/statistics.csv", 200, closed),
            ("/static/css/site.css", 200, closed),
            ("/healthz", 200, closed),
            ("/nope", 404, closed),
        ]
    );
}
