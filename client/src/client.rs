//! [`Client`], its builder, and the one place requests are sent (with
//! authentication, impersonation, timeouts and retries).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Method, Url};
use uuid::Uuid;

use crate::auth::TokenSource;
use crate::error::{Error, Fault, Result};
use crate::operation::{Operation, Target};
use crate::retry::{parse_retry_after, RetryPolicy, Sleep, TokioSleep};

/// The Web API path used when the URL given to [`Client::builder`] has none.
pub const DEFAULT_API_PATH: &str = "api/data/v9.2/";

/// Whose privileges a request runs with (impersonation; the caller needs the
/// `prvActOnBehalfOfAnotherUser` privilege).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Caller {
    /// `MSCRMCallerID: <systemuserid>`.
    SystemUserId(Uuid),
    /// `CallerObjectId: <Microsoft Entra ID object id>` (`azureactivedirectoryobjectid`).
    ObjectId(Uuid),
}

impl Caller {
    fn header(self) -> (&'static str, String) {
        match self {
            Caller::SystemUserId(id) => ("MSCRMCallerID", id.hyphenated().to_string()),
            Caller::ObjectId(id) => ("CallerObjectId", id.hyphenated().to_string()),
        }
    }
}

/// An async Dataverse Web API client, cheap to clone (one connection pool).
///
/// ```no_run
/// # async fn demo() -> Result<(), dvgen_client::Error> {
/// use dvgen_client::{Client, StaticToken};
/// let client = Client::builder("https://contoso.crm.dynamics.com")
///     .token_source(StaticToken::new("eyJ0..."))
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    caller: Option<Caller>,
    annotations: Option<Arc<str>>,
}

struct Inner {
    http: reqwest::Client,
    base: Url,
    auth: Arc<dyn TokenSource>,
    retry: RetryPolicy,
    timeout: Option<Duration>,
    sleep: Arc<dyn Sleep>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.inner.base.as_str())
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .field("caller", &self.caller)
            .field("annotations", &self.annotations)
            .finish()
    }
}

/// Configures a [`Client`].
pub struct ClientBuilder {
    base: String,
    auth: Option<Arc<dyn TokenSource>>,
    retry: RetryPolicy,
    timeout: Option<Duration>,
    sleep: Arc<dyn Sleep>,
    http: Option<reqwest::Client>,
    annotations: Option<String>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base", &self.base)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The token source (required).
    pub fn token_source(mut self, source: impl TokenSource + 'static) -> Self {
        self.auth = Some(Arc::new(source));
        self
    }
    /// A shared token source.
    pub fn token_source_arc(mut self, source: Arc<dyn TokenSource>) -> Self {
        self.auth = Some(source);
        self
    }
    /// How 429 and 503 answers are retried (default [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }
    /// The most time one attempt (send and read the whole answer) may take
    /// (default 120 s; `None`: no limit).
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }
    /// The clock retries wait on (default tokio's timer).
    pub fn sleeper(mut self, sleep: impl Sleep + 'static) -> Self {
        self.sleep = Arc::new(sleep);
        self
    }
    /// A preconfigured `reqwest::Client` (proxy, pool settings).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }
    /// `Prefer: odata.include-annotations="<value>"` on every read
    /// (`"*"`, or a list such as
    /// `"OData.Community.Display.V1.FormattedValue"`).
    pub fn annotations(mut self, value: impl Into<String>) -> Self {
        self.annotations = Some(value.into());
        self
    }
    /// The client.
    pub fn build(self) -> Result<Client> {
        let auth = self.auth.ok_or_else(|| {
            Error::Usage("Client::builder(..).token_source(..) is required".into())
        })?;
        let mut base = Url::parse(&self.base)
            .map_err(|e| Error::Usage(format!("invalid environment URL `{}`: {e}", self.base)))?;
        if base.cannot_be_a_base() || !matches!(base.scheme(), "http" | "https") {
            return Err(Error::Usage(format!(
                "invalid environment URL `{}`: not an http(s) URL",
                self.base
            )));
        }
        base.set_query(None);
        base.set_fragment(None);
        if base.path() == "/" || base.path().is_empty() {
            base.set_path(&format!("/{DEFAULT_API_PATH}"));
        } else if !base.path().ends_with('/') {
            let p = format!("{}/", base.path());
            base.set_path(&p);
        }
        let http = match self.http {
            Some(h) => h,
            None => reqwest::Client::builder()
                .build()
                .map_err(|e| Error::Usage(format!("cannot build the HTTP client: {e}")))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                auth,
                retry: self.retry,
                timeout: self.timeout,
                sleep: self.sleep,
            }),
            caller: None,
            annotations: self.annotations.map(Arc::from),
        })
    }
}

/// A final answer: any status, body read.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: bytes::Bytes,
    pub method: Method,
    pub url: Url,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn into_fault(self) -> Fault {
        Fault::new(
            self.status,
            self.method.as_str(),
            self.url.as_str(),
            &self.body,
        )
    }
}

impl Client {
    /// A builder for the environment at `url`: `https://<org>.crm.dynamics.com`
    /// (the Web API path `api/data/v9.2/` is added) or the full Web API URL.
    pub fn builder(url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            base: url.into(),
            auth: None,
            retry: RetryPolicy::default(),
            timeout: Some(Duration::from_secs(120)),
            sleep: Arc::new(TokioSleep),
            http: None,
            annotations: None,
        }
    }

    /// The Web API base URL (`https://<org>.crm.dynamics.com/api/data/v9.2/`).
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// A client whose requests run as `caller` (same connection pool).
    pub fn impersonate(&self, caller: Caller) -> Client {
        Client {
            caller: Some(caller),
            ..self.clone()
        }
    }

    /// A client that asks for these annotations on reads
    /// (`Prefer: odata.include-annotations="<value>"`).
    pub fn with_annotations(&self, value: impl Into<String>) -> Client {
        Client {
            annotations: Some(Arc::from(value.into())),
            ..self.clone()
        }
    }

    pub(crate) fn default_annotations(&self) -> Option<&str> {
        self.annotations.as_deref()
    }

    /// The absolute URL of `target`; next links must stay on the
    /// environment's origin (the bearer token goes with them).
    pub(crate) fn url(&self, target: &Target) -> Result<Url> {
        match target {
            Target::Relative(path) => self
                .inner
                .base
                .join(path)
                .map_err(|e| Error::Usage(format!("invalid request path `{path}`: {e}"))),
            Target::Absolute(url) => {
                let u = Url::parse(url)
                    .map_err(|e| Error::Usage(format!("invalid URL `{url}`: {e}")))?;
                if u.origin() != self.inner.base.origin() {
                    return Err(Error::Usage(format!(
                        "refusing to send the token to `{url}`: not on {}",
                        self.inner.base.origin().ascii_serialization()
                    )));
                }
                Ok(u)
            }
        }
    }

    /// Sends `op` and returns the final answer of any status, after
    /// retrying 429/503 within the retry budget (then [`Error::Throttled`]).
    pub(crate) async fn send_raw(&self, op: &Operation) -> Result<Answer> {
        let url = self.url(&op.target)?;
        let inner = &*self.inner;
        let mut headers = HeaderMap::new();
        let fixed = [
            ("accept", "application/json"),
            ("odata-maxversion", "4.0"),
            ("odata-version", "4.0"),
        ];
        for (k, v) in fixed {
            headers.insert(HeaderName::from_static(k), HeaderValue::from_static(v));
        }
        let caller = self.caller.map(Caller::header);
        for (k, v) in op.header_lines(self.default_annotations()).chain(caller) {
            let name = HeaderName::from_bytes(k.as_bytes())
                .map_err(|e| Error::Usage(format!("invalid header name `{k}`: {e}")))?;
            let value = HeaderValue::from_str(&v)
                .map_err(|e| Error::Usage(format!("invalid value for header `{k}`: {e}")))?;
            headers.append(name, value);
        }
        if op.body.is_some() && !headers.contains_key(CONTENT_TYPE) {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        let mut waited = Duration::ZERO;
        let mut retry = 0u32;
        loop {
            let token = inner.auth.token().await?;
            let mut req = inner
                .http
                .request(op.method.clone(), url.clone())
                .headers(headers.clone())
                .bearer_auth(token);
            if let Some(t) = inner.timeout {
                req = req.timeout(t);
            }
            if let Some(b) = &op.body {
                req = req.body(b.clone());
            }
            let transport = |e: reqwest::Error| {
                if e.is_timeout() {
                    Error::Timeout {
                        method: op.method.to_string(),
                        url: url.to_string(),
                        after: inner.timeout.unwrap_or_default(),
                    }
                } else {
                    Error::Transport {
                        method: op.method.to_string(),
                        url: url.to_string(),
                        source: e,
                    }
                }
            };
            let resp = req.send().await.map_err(transport)?;
            let status = resp.status().as_u16();
            let resp_headers = resp.headers().clone();
            let body = resp.bytes().await.map_err(transport)?;
            let answer = Answer {
                status,
                headers: resp_headers,
                body,
                method: op.method.clone(),
                url: url.clone(),
            };
            if status != 429 && status != 503 {
                return Ok(answer);
            }
            let retry_after = answer
                .header(RETRY_AFTER.as_str())
                .and_then(|v| parse_retry_after(v, SystemTime::now()));
            match inner.retry.delay(retry, retry_after, waited) {
                Some(d) => {
                    inner.sleep.sleep(d).await;
                    waited += d;
                    retry += 1;
                }
                None => {
                    let mut fault = answer.into_fault();
                    fault.retry_after = retry_after;
                    return Err(Error::Throttled {
                        fault: Box::new(fault),
                        attempts: retry + 1,
                    });
                }
            }
        }
    }

    /// [`send_raw`](Self::send_raw), with every non-success status as an error.
    pub(crate) async fn send(&self, op: &Operation) -> Result<Answer> {
        let a = self.send_raw(op).await?;
        if (200..300).contains(&a.status) {
            Ok(a)
        } else {
            Err(Error::from_fault(a.into_fault()))
        }
    }

    /// Sends a prepared operation and returns the status, headers and body
    /// (non-success statuses as errors).
    pub async fn execute(&self, op: &Operation) -> Result<RawResponse> {
        let a = self.send(op).await?;
        Ok(RawResponse {
            status: a.status,
            headers: a.headers,
            body: a.body,
        })
    }
}

/// The answer of [`Client::execute`].
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// Response body.
    pub body: bytes::Bytes,
}
