//! `$batch`: several operations in one `multipart/mixed` request, with
//! change sets (all or nothing), and every part's outcome read back.
//!
//! Outcomes are reported per operation, in the order they were added: the
//! response of the part ([`Outcome::Response`], success or error status), the
//! shared error of a change set that failed as a whole and was rolled back
//! ([`Outcome::RolledBack`]), or [`Outcome::NotExecuted`] when the service
//! stopped at an earlier error (without `Prefer: odata.continue-on-error`).
//! A response that cannot be matched to the request is an error
//! ([`Error::Batch`]), never a shorter list.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use dvgen_runtime::{ApiError, ErrorBody};
use reqwest::header::CONTENT_TYPE;
use reqwest::Method;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::client::Client;
use crate::error::{BatchParseError, Error, Fault, Result};
use crate::operation::{id_from_entity_url, IntoOperation, Operation};

enum Item {
    Single(Result<Operation>),
    ChangeSet(Vec<(u32, Result<Operation>)>),
}

/// A `$batch` request being built: see [`Client::batch`].
#[must_use = "a batch does nothing until sent"]
pub struct Batch<'c> {
    client: &'c Client,
    items: Vec<Item>,
    boundary: String,
    continue_on_error: bool,
    next_content_id: u32,
    len: usize,
}

/// Operations of one change set: see [`Batch::change_set`].
pub struct ChangeSet<'b> {
    parts: &'b mut Vec<(u32, Result<Operation>)>,
    next_content_id: &'b mut u32,
    len: &'b mut usize,
}

impl ChangeSet<'_> {
    /// Adds an operation; returns its `Content-ID` (refer to the row it
    /// creates as `$<id>` in later parts of the same change set).
    pub fn add(&mut self, op: impl IntoOperation) -> u32 {
        *self.next_content_id += 1;
        let id = *self.next_content_id;
        self.parts.push((id, op.into_operation()));
        *self.len += 1;
        id
    }
}

fn unique_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let mixed = (t ^ (u128::from(n) << 64) ^ u128::from(std::process::id()))
        .wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835);
    Uuid::from_u128(mixed).hyphenated().to_string()
}

impl<'c> Batch<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Self {
            client,
            items: Vec::new(),
            boundary: format!("batch_{}", unique_id()),
            continue_on_error: false,
            next_content_id: 0,
            len: 0,
        }
    }

    /// Uses `boundary` for the batch (`batch_<id>`); change sets get
    /// `changeset_<n>_<id>`. The default is unique per batch.
    pub fn boundary(mut self, boundary: impl Into<String>) -> Self {
        self.boundary = boundary.into();
        self
    }

    /// `Prefer: odata.continue-on-error`: later operations run after one fails.
    pub fn continue_on_error(mut self) -> Self {
        self.continue_on_error = true;
        self
    }

    /// Adds an operation outside any change set; returns its index in
    /// [`BatchResponse::outcomes`].
    pub fn add(&mut self, op: impl IntoOperation) -> usize {
        self.items.push(Item::Single(op.into_operation()));
        self.len += 1;
        self.len - 1
    }

    /// Adds a change set: its operations succeed or fail together
    /// (`GET` is not allowed in one).
    pub fn change_set(&mut self, build: impl FnOnce(&mut ChangeSet<'_>)) -> &mut Self {
        let mut parts = Vec::new();
        build(&mut ChangeSet {
            parts: &mut parts,
            next_content_id: &mut self.next_content_id,
            len: &mut self.len,
        });
        self.items.push(Item::ChangeSet(parts));
        self
    }

    /// The number of operations.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing was added.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The `multipart/mixed` body (CRLF line ends).
    pub fn body(&self) -> Result<String> {
        let out = self.build_body()?;
        let delim = format!("--{}", self.boundary);
        // One delimiter per item, and the close delimiter.
        if out.matches(&delim).count() != self.items.len() + 1 {
            return Err(Error::Usage(format!(
                "a request body contains the batch boundary `{}`; choose another",
                self.boundary
            )));
        }
        Ok(out)
    }

    fn build_body(&self) -> Result<String> {
        let mut out = String::new();
        let ann = self.client.default_annotations();
        let id = self
            .boundary
            .strip_prefix("batch_")
            .unwrap_or(&self.boundary);
        for (n, item) in self.items.iter().enumerate() {
            out.push_str(&format!("--{}\r\n", self.boundary));
            match item {
                Item::Single(op) => {
                    let op = op.as_ref().map_err(clone_error)?;
                    write_part(&mut out, self.client, op, None, ann)?;
                }
                Item::ChangeSet(parts) => {
                    let cs = format!("changeset_{}_{id}", n + 1);
                    out.push_str(&format!(
                        "Content-Type: multipart/mixed; boundary={cs}\r\n\r\n"
                    ));
                    for (content_id, op) in parts {
                        let op = op.as_ref().map_err(clone_error)?;
                        if op.method == Method::GET {
                            return Err(Error::Usage(
                                "a GET request cannot be part of a change set".into(),
                            ));
                        }
                        out.push_str(&format!("--{cs}\r\n"));
                        write_part(&mut out, self.client, op, Some(*content_id), ann)?;
                    }
                    out.push_str(&format!("--{cs}--\r\n"));
                }
            }
        }
        out.push_str(&format!("--{}--\r\n", self.boundary));
        Ok(out)
    }

    /// Sends the batch. A batch-level error status with a multipart body
    /// (the first failure, without continue-on-error) is read like a success.
    pub async fn send(self) -> Result<BatchResponse> {
        let body = self.body()?;
        let mut op = Operation::new(Method::POST, "$batch")
            .header(
                "Content-Type",
                format!("multipart/mixed; boundary={}", self.boundary),
            )
            .body(body);
        if self.continue_on_error {
            op = op.prefer("odata.continue-on-error");
        }
        let a = self.client.send_raw(&op).await?;
        let ct = a
            .header(CONTENT_TYPE.as_str())
            .unwrap_or_default()
            .to_owned();
        let Some(boundary) = multipart_boundary(&ct) else {
            return Err(if (200..300).contains(&a.status) {
                Error::Batch(BatchParseError {
                    reason: format!("expected a multipart/mixed response, got `{ct}`"),
                })
            } else {
                Error::from_fault(a.into_fault())
            });
        };
        let items = parse_multipart(&a.body, &boundary)?;
        let mut outcomes = match_outcomes(&self.items, items)?;
        let lines = self.items.iter().flat_map(|item| match item {
            Item::Single(op) => vec![op],
            Item::ChangeSet(parts) => parts.iter().map(|(_, op)| op).collect(),
        });
        for (outcome, op) in outcomes.iter_mut().zip(lines) {
            if let (Outcome::Response(r) | Outcome::RolledBack(r), Ok(op)) = (outcome, op) {
                let target = self
                    .client
                    .url(&op.target)
                    .map(|u| u.to_string())
                    .unwrap_or_default();
                r.request = format!("{} {target}", op.method);
            }
        }
        Ok(BatchResponse {
            status: a.status,
            outcomes,
        })
    }
}

fn clone_error(e: &Error) -> Error {
    match e {
        Error::Changes(c) => Error::Changes(c.clone()),
        Error::Query(q) => Error::Query(q.clone()),
        other => Error::Usage(other.to_string()),
    }
}

/// The request target inside a batch: the path from the server root.
fn part_target(client: &Client, op: &Operation) -> Result<String> {
    let url = client.url(&op.target)?;
    Ok(match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    })
}

fn write_part(
    out: &mut String,
    client: &Client,
    op: &Operation,
    content_id: Option<u32>,
    annotations: Option<&str>,
) -> Result<()> {
    out.push_str("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n");
    if let Some(id) = content_id {
        out.push_str(&format!("Content-ID: {id}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(&format!(
        "{} {} HTTP/1.1\r\n",
        op.method,
        part_target(client, op)?
    ));
    for (k, v) in op.header_lines(annotations) {
        if v.contains(['\r', '\n']) {
            return Err(Error::Usage(format!("invalid value for header `{k}`")));
        }
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    match &op.body {
        Some(body) => {
            out.push_str("Content-Type: application/json; type=entry\r\n\r\n");
            out.push_str(&String::from_utf8_lossy(body));
            out.push_str("\r\n");
        }
        None => out.push_str("\r\n"),
    }
    Ok(())
}

/// The outcome of one operation of a batch.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The operation ran; its response (any status).
    Response(PartResponse),
    /// The operation was in a change set that failed as a whole and was
    /// rolled back; the change set's error response.
    RolledBack(PartResponse),
    /// The service answered nothing for this operation: it stopped at an
    /// earlier error.
    NotExecuted,
}

impl Outcome {
    /// The response when the operation ran and succeeded.
    pub fn success(&self) -> Option<&PartResponse> {
        match self {
            Outcome::Response(r) if r.is_success() => Some(r),
            _ => None,
        }
    }
    /// The part as a result: the response on success, else an error
    /// ([`Error::NotFound`], [`Error::PreconditionFailed`], [`Error::Api`], or
    /// [`Error::Usage`] for an operation that did not run).
    pub fn into_result(self) -> Result<PartResponse> {
        match self {
            Outcome::Response(r) if r.is_success() => Ok(r),
            Outcome::Response(r) => Err(Error::from_fault(r.fault())),
            Outcome::RolledBack(r) => Err(Error::from_fault(r.fault())),
            Outcome::NotExecuted => Err(Error::NotExecuted),
        }
    }
}

/// One response inside a batch response.
#[derive(Debug, Clone, PartialEq)]
pub struct PartResponse {
    /// HTTP status of the part.
    pub status: u16,
    /// `Content-ID` of the part (change sets).
    pub content_id: Option<String>,
    /// Headers of the part's HTTP response, in order.
    pub headers: Vec<(String, String)>,
    /// The body of the part.
    pub body: Vec<u8>,
    /// The request this answers (`POST /api/data/v9.2/leads`), for messages.
    pub request: String,
}

impl PartResponse {
    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
    /// A header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    /// `OData-EntityId`.
    pub fn entity_id(&self) -> Option<&str> {
        self.header("OData-EntityId")
    }
    /// The id at the end of `OData-EntityId`.
    pub fn id(&self) -> Option<Uuid> {
        self.entity_id().and_then(id_from_entity_url)
    }
    /// The Web API error of a failed part.
    pub fn error(&self) -> Option<ApiError> {
        if self.is_success() {
            return None;
        }
        ErrorBody::from_slice(&self.body).ok().map(|b| b.error)
    }
    /// The body as JSON (`Collection<Lead>`, a row, ...).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            url: self.request.clone(),
            source,
        })
    }
    fn fault(&self) -> Fault {
        let (method, url) = self.request.split_once(' ').unwrap_or(("", &self.request));
        Fault::new(self.status, method, url, &self.body)
    }
}

/// The answer to a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchResponse {
    /// The status of the batch request itself (`200`, or the first
    /// failure's status without continue-on-error).
    pub status: u16,
    /// One outcome per operation, in the order added.
    pub outcomes: Vec<Outcome>,
}

impl BatchResponse {
    /// True when every operation ran and succeeded.
    pub fn all_succeeded(&self) -> bool {
        self.outcomes.iter().all(|o| o.success().is_some())
    }
}

impl Client {
    /// A new `$batch`.
    pub fn batch(&self) -> Batch<'_> {
        Batch::new(self)
    }
}

/// `boundary=` of a multipart content type.
fn multipart_boundary(content_type: &str) -> Option<String> {
    let mut parts = content_type.split(';');
    let kind = parts.next()?.trim();
    if !kind.eq_ignore_ascii_case("multipart/mixed") {
        return None;
    }
    parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// A part of a batch response: one response, or a change set's responses.
#[derive(Debug)]
enum ResponseItem {
    Single(PartResponse),
    ChangeSet(Vec<PartResponse>),
}

fn bad(reason: impl Into<String>) -> Error {
    Error::Batch(BatchParseError {
        reason: reason.into(),
    })
}

/// Splits `body` into the parts between `--boundary` lines (LF or CRLF).
fn split_parts<'a>(body: &'a str, boundary: &str) -> Result<Vec<&'a str>> {
    let delim = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body;
    // Skip the preamble.
    let Some(first) = find_delimiter(rest, &delim) else {
        return Err(bad(format!("no `{delim}` line")));
    };
    rest = &rest[first + delim.len()..];
    loop {
        if rest.starts_with("--") {
            return Ok(parts); // close delimiter; epilogue ignored
        }
        let Some(next) = find_delimiter(rest, &delim) else {
            return Err(bad(format!("`{delim}` is never closed")));
        };
        let part = &rest[..next];
        let part = part
            .strip_prefix("\r\n")
            .or_else(|| part.strip_prefix('\n'))
            .unwrap_or(part);
        parts.push(part);
        rest = &rest[next + delim.len()..];
    }
}

/// The next delimiter at the start of a line.
fn find_delimiter(s: &str, delim: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find(delim) {
        let at = from + i;
        if at == 0 || s[..at].ends_with('\n') {
            return Some(at);
        }
        from = at + delim.len();
    }
    None
}

/// Header lines up to the first blank line; returns them and the rest.
fn split_headers(s: &str) -> (Vec<(String, String)>, &str) {
    let mut headers = Vec::new();
    let mut rest = s;
    loop {
        let (line, after) = match rest.find('\n') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        rest = after;
        if line.trim().is_empty() {
            return (headers, rest);
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
        if rest.is_empty() {
            return (headers, rest);
        }
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn parse_http_part(part: &str) -> Result<PartResponse> {
    let (mime, rest) = split_headers(part);
    let rest = rest.trim_start_matches(['\r', '\n']);
    let (status_line, rest) = match rest.find('\n') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, ""),
    };
    let status_line = status_line.trim_end_matches('\r');
    let mut words = status_line.split_whitespace();
    let status = match (words.next(), words.next()) {
        (Some(v), Some(code)) if v.starts_with("HTTP/") => code
            .parse::<u16>()
            .map_err(|_| bad(format!("bad status line `{status_line}`")))?,
        _ => return Err(bad(format!("bad status line `{status_line}`"))),
    };
    let (headers, body) = split_headers(rest);
    let body = body.trim_end_matches(['\r', '\n']);
    Ok(PartResponse {
        status,
        content_id: header(&mime, "Content-ID").map(str::to_owned),
        headers,
        body: body.as_bytes().to_vec(),
        request: String::new(),
    })
}

fn parse_multipart(body: &[u8], boundary: &str) -> Result<Vec<ResponseItem>> {
    let text = std::str::from_utf8(body).map_err(|e| bad(format!("not UTF-8: {e}")))?;
    let mut items = Vec::new();
    for part in split_parts(text, boundary)? {
        let (mime, rest) = split_headers(part);
        let ct = header(&mime, "Content-Type").unwrap_or_default();
        if let Some(inner) = multipart_boundary(ct) {
            let mut responses = Vec::new();
            for p in split_parts(rest, &inner)? {
                responses.push(parse_http_part(p)?);
            }
            items.push(ResponseItem::ChangeSet(responses));
        } else {
            items.push(ResponseItem::Single(parse_http_part(part)?));
        }
    }
    Ok(items)
}

fn match_outcomes(requests: &[Item], responses: Vec<ResponseItem>) -> Result<Vec<Outcome>> {
    let mut out = Vec::new();
    let mut responses = responses.into_iter();
    for (n, req) in requests.iter().enumerate() {
        let resp = responses.next();
        match (req, resp) {
            (Item::Single(_), None) => out.push(Outcome::NotExecuted),
            (Item::ChangeSet(parts), None) => {
                out.extend(parts.iter().map(|_| Outcome::NotExecuted))
            }
            (Item::Single(_), Some(ResponseItem::Single(r))) => out.push(Outcome::Response(r)),
            (Item::Single(_), Some(ResponseItem::ChangeSet(_))) => {
                return Err(bad(format!(
                    "part {} is a single request but the response is a change set",
                    n + 1
                )))
            }
            (Item::ChangeSet(parts), Some(ResponseItem::Single(r))) => {
                if r.is_success() {
                    return Err(bad(format!(
                        "change set {} got a single {} response",
                        n + 1,
                        r.status
                    )));
                }
                out.extend(parts.iter().map(|_| Outcome::RolledBack(r.clone())));
            }
            (Item::ChangeSet(parts), Some(ResponseItem::ChangeSet(mut rs))) => {
                if rs.len() != parts.len() {
                    return Err(bad(format!(
                        "change set {} has {} operations but {} responses",
                        n + 1,
                        parts.len(),
                        rs.len()
                    )));
                }
                for (cid, _) in parts {
                    // Match by Content-ID when the service echoes it, else by order.
                    let cid = cid.to_string();
                    let at = rs
                        .iter()
                        .position(|r| r.content_id.as_deref() == Some(cid.as_str()))
                        .unwrap_or(0);
                    out.push(Outcome::Response(rs.remove(at)));
                }
            }
        }
    }
    if let Some(extra) = responses.next() {
        return Err(bad(format!(
            "more responses than requests ({} requests; an extra {extra:?})",
            requests.len()
        )));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundary_of_content_types() {
        assert_eq!(
            multipart_boundary("multipart/mixed; boundary=batchresponse_01346794-f2e2").as_deref(),
            Some("batchresponse_01346794-f2e2")
        );
        assert_eq!(
            multipart_boundary("multipart/mixed;boundary=\"batch_AAA123\"").as_deref(),
            Some("batch_AAA123")
        );
        assert_eq!(multipart_boundary("application/json"), None);
    }

    #[test]
    fn delimiters_only_at_line_starts() {
        let body = "--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 204 No Content\r\nX: --b\r\n\r\n\r\n--b--\r\n";
        let parts = split_parts(body, "b").unwrap();
        assert_eq!(parts.len(), 1);
        let r = parse_http_part(parts[0]).unwrap();
        assert_eq!(r.status, 204);
        assert_eq!(r.header("x"), Some("--b"));
    }

    #[test]
    fn unclosed_or_garbage_is_an_error() {
        assert!(split_parts("--b\r\nabc", "b").is_err());
        assert!(split_parts("no delimiter", "b").is_err());
        assert!(parse_http_part("Content-Type: application/http\r\n\r\nnot a status\r\n").is_err());
    }
}
