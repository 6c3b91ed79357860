//! The client's error type: every failure is one [`Error`], with the HTTP
//! status and the typed Web API error body when there is one.

use std::time::Duration;

use dvgen_runtime::{ApiError, ChangeError, ErrorBody, QueryError};

use crate::auth::AuthError;

/// A failed HTTP exchange: the request and what the service answered.
#[derive(Debug, Clone)]
pub struct Fault {
    /// HTTP status code.
    pub status: u16,
    /// Request method.
    pub method: String,
    /// Request URL.
    pub url: String,
    /// The Web API error, when the body was `{"error": {...}}`.
    pub error: Option<ApiError>,
    /// The body as text when it was not a Web API error body (an HTML page
    /// from a gateway, plain text); empty otherwise.
    pub body: String,
    /// The `Retry-After` the service asked for, if any.
    pub retry_after: Option<Duration>,
}

impl Fault {
    pub(crate) fn new(status: u16, method: &str, url: &str, body: &[u8]) -> Self {
        let (error, body) = match ErrorBody::from_slice(body) {
            Ok(b) => (Some(b.error), String::new()),
            Err(_) => (None, String::from_utf8_lossy(body).into_owned()),
        };
        Self {
            status,
            method: method.to_owned(),
            url: url.to_owned(),
            error,
            body,
            retry_after: None,
        }
    }

    /// The error message, or the raw body when there was no error body.
    pub fn message(&self) -> &str {
        match &self.error {
            Some(e) => &e.message,
            None => &self.body,
        }
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{} {} -> HTTP {}", self.method, self.url, self.status)?;
        match &self.error {
            Some(e) => write!(f, ": {e}"),
            None if self.body.is_empty() => Ok(()),
            None => write!(f, ": {}", truncate(&self.body, 300)),
        }
    }
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Why a batch response could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed $batch response: {reason}")]
pub struct BatchParseError {
    /// What was wrong.
    pub reason: String,
}

/// Everything that can go wrong with a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// 404 Not Found: the row (or entity set, or navigation property) does not exist.
    #[error("not found: {0}")]
    NotFound(Box<Fault>),
    /// 412 Precondition Failed: the `If-Match` ETag no longer matches, or
    /// `If-None-Match: *` found an existing row.
    #[error("precondition failed: {0}")]
    PreconditionFailed(Box<Fault>),
    /// 429 or 503 until the retry budget was spent.
    #[error("throttled after {attempts} attempts: {fault}")]
    Throttled {
        /// The last answer.
        fault: Box<Fault>,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// Any other status that is not a success.
    #[error("{0}")]
    Api(Box<Fault>),
    /// No answer within the configured timeout. Not retried: the service may
    /// have applied the request.
    #[error("{method} {url}: no response within {after:?}")]
    Timeout {
        /// Request method.
        method: String,
        /// Request URL.
        url: String,
        /// The timeout.
        after: Duration,
    },
    /// Connection, TLS or protocol failure.
    #[error("{method} {url}: {source}")]
    Transport {
        /// Request method.
        method: String,
        /// Request URL.
        url: String,
        /// The cause.
        #[source]
        source: reqwest::Error,
    },
    /// The token source failed.
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// A success response whose body is not what the operation expects.
    #[error("{url}: cannot read the response body: {source}")]
    Decode {
        /// Request URL.
        url: String,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// The body could not be built (see [`ChangeError`]).
    #[error(transparent)]
    Changes(#[from] ChangeError),
    /// The query could not be built (see [`QueryError`]).
    #[error(transparent)]
    Query(#[from] QueryError),
    /// A `$batch` response that could not be read.
    #[error(transparent)]
    Batch(#[from] BatchParseError),
    /// An operation of a `$batch` that the service did not run (it stopped
    /// at an earlier error).
    #[error("the batch stopped before this operation ran")]
    NotExecuted,
    /// The request cannot be made as asked (no entity set known for a table,
    /// a next link to another host, an invalid URL or header value).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// The HTTP status, when the service answered.
    pub fn status(&self) -> Option<u16> {
        self.fault().map(|f| f.status)
    }

    /// The exchange, when the service answered with an error status.
    pub fn fault(&self) -> Option<&Fault> {
        match self {
            Error::NotFound(f) | Error::PreconditionFailed(f) | Error::Api(f) => Some(f),
            Error::Throttled { fault, .. } => Some(fault),
            _ => None,
        }
    }

    /// The typed Web API error body, when there was one.
    pub fn api_error(&self) -> Option<&ApiError> {
        self.fault().and_then(|f| f.error.as_ref())
    }

    pub(crate) fn from_fault(fault: Fault) -> Self {
        match fault.status {
            404 => Error::NotFound(Box::new(fault)),
            412 => Error::PreconditionFailed(Box::new(fault)),
            _ => Error::Api(Box::new(fault)),
        }
    }
}

/// `Result<T, Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;
