//! Shared test helpers: a local wiremock server answering with Microsoft's
//! documented responses (`tests/fixtures/*.http`, CC BY 4.0: see NOTICE.md
//! there), a client pointed at it, a clock that records waits, and the
//! `account` table as dvgen generates it (the documented paging examples are
//! on accounts; `generated/` has lead, opportunity, connection): the runtime
//! tests' generated tables, which `runtime/tests/generated_tables.rs` keeps
//! equal to dvgen's output.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use dvgen_client::{Client, RetryPolicy, Sleep, SleepFuture, StaticToken};
use wiremock::{MockServer, Request, ResponseTemplate};

pub const TOKEN: &str = "test-token";

/// A documented raw HTTP response (`HTTP/1.1 <status> ...`, headers, blank
/// line, body) with `[Organization URI]` replaced by the server's URL.
pub fn fixture(name: &str, server: &MockServer) -> ResponseTemplate {
    let text = fixture_text(name, server);
    response_from_http(&text)
}

pub fn fixture_text(name: &str, server: &MockServer) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    raw.replace("[Organization URI]", &server.uri())
        .replace("[Organization Uri]", &server.uri())
}

pub fn response_from_http(text: &str) -> ResponseTemplate {
    let (head, body) = match text.find("\n\n").or_else(|| find_blank_line(text)) {
        Some(i) => split_at_blank(text, i),
        None => (text, ""),
    };
    let mut lines = head.lines();
    let status_line = lines.next().expect("status line");
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let mut t = ResponseTemplate::new(status);
    for line in lines {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let (k, v) = (k.trim(), v.trim());
        if k.eq_ignore_ascii_case("content-length") {
            continue; // the server computes it
        }
        t = t.insert_header(k, v);
    }
    if !body.is_empty() {
        // Bytes: keeps the documented Content-Type (set_body_raw would replace it).
        t = t.set_body_bytes(body.as_bytes().to_vec());
    }
    t
}

/// A blank line that holds only spaces (the docs pad lines with two spaces).
fn find_blank_line(text: &str) -> Option<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() && at > 0 {
            return Some(at);
        }
        at += line.len();
    }
    None
}

fn split_at_blank(text: &str, i: usize) -> (&str, &str) {
    let head = &text[..i];
    let rest = &text[i..];
    let rest = rest.trim_start_matches([' ', '\r']);
    let rest = rest.strip_prefix('\n').unwrap_or(rest);
    let rest = rest.trim_start_matches([' ', '\r']);
    let rest = rest.strip_prefix('\n').unwrap_or(rest);
    (head, rest)
}

/// A clock that records every wait and returns at once.
#[derive(Clone, Default)]
pub struct RecordingSleep(pub Arc<Mutex<Vec<Duration>>>);

impl RecordingSleep {
    pub fn waits(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

impl Sleep for RecordingSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        self.0.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}

pub fn base(server: &MockServer) -> String {
    format!("{}/api/data/v9.2/", server.uri())
}

pub fn client(server: &MockServer) -> (Client, RecordingSleep) {
    client_with(server, RetryPolicy::default())
}

pub fn client_with(server: &MockServer, retry: RetryPolicy) -> (Client, RecordingSleep) {
    let sleep = RecordingSleep::default();
    let c = Client::builder(server.uri())
        .token_source(StaticToken::new(TOKEN))
        .retry(retry)
        .sleeper(sleep.clone())
        .build()
        .unwrap();
    (c, sleep)
}

pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording on")
}

pub fn header<'a>(r: &'a Request, name: &str) -> Option<&'a str> {
    r.headers.get(name).and_then(|v| v.to_str().ok())
}

pub fn headers_all(r: &Request, name: &str) -> Vec<String> {
    r.headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// The headers every request carries.
pub fn assert_standard_headers(r: &Request) {
    assert_eq!(header(r, "authorization"), Some("Bearer test-token"));
    assert_eq!(header(r, "accept"), Some("application/json"));
    assert_eq!(header(r, "odata-version"), Some("4.0"));
    assert_eq!(header(r, "odata-maxversion"), Some("4.0"));
}

pub fn body_text(r: &Request) -> String {
    String::from_utf8(r.body.clone()).unwrap()
}

/// The tables dvgen generates for the runtime's test pages (shared with
/// the runtime's tests, which keep them current).
#[rustfmt::skip] // dvgen's output, byte for byte (rustfmt would reformat it)
#[path = "../../../runtime/tests/common/generated/lib.rs"]
pub mod tables;

pub use tables::account;
