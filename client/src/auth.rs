//! Bearer tokens: the [`TokenSource`] trait, a static token and an async closure.
//!
//! The client asks its token source for a token before every attempt of
//! every request (retries included), so a source that caches and refreshes
//! tokens (see the README for `azure_identity` and OAuth client credentials)
//! is never handed a stale one by the client.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// A boxed future returned by [`TokenSource::token`].
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, AuthError>> + Send + 'a>>;

/// Something that yields OAuth bearer tokens for the Dataverse environment
/// (scope `https://<org>.crm.dynamics.com/.default`).
pub trait TokenSource: Send + Sync {
    /// A valid access token, without the `Bearer ` prefix.
    fn token(&self) -> TokenFuture<'_>;
}

/// Why no token could be had.
#[derive(Debug, thiserror::Error)]
#[error("no access token: {message}")]
pub struct AuthError {
    /// What went wrong.
    pub message: String,
    /// The underlying error, if any.
    #[source]
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl AuthError {
    /// An error with a message only.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }
    /// An error wrapping another.
    pub fn from_source(source: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self {
            message: source.to_string(),
            source: Some(Box::new(source)),
        }
    }
}

/// A fixed token (tests, scripts, a token from `az account get-access-token`).
#[derive(Clone)]
pub struct StaticToken(String);

impl StaticToken {
    /// A source that always yields `token`.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

impl TokenSource for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        let t = self.0.clone();
        Box::pin(async move { Ok(t) })
    }
}

/// A token source from an async closure: `token_fn(|| async { Ok(fetch().await?) })`.
pub struct TokenFn<F>(F);

impl<F> fmt::Debug for TokenFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("TokenFn")
    }
}

/// Wraps an async closure as a [`TokenSource`].
pub fn token_fn<F, Fut>(f: F) -> TokenFn<F>
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<String, AuthError>> + Send + 'static,
{
    TokenFn(f)
}

impl<F, Fut> TokenSource for TokenFn<F>
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<String, AuthError>> + Send + 'static,
{
    fn token(&self) -> TokenFuture<'_> {
        Box::pin((self.0)())
    }
}
