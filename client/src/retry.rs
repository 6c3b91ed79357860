//! Retries of throttled requests (429, 503) and the clock they wait on.
//!
//! Dataverse's service protection limits answer `429 Too Many Requests` with
//! a `Retry-After` header (seconds); `503 Service Unavailable` may carry one
//! too. The client waits what the service asks for (or, without the header,
//! an exponential backoff) and sends the request again, as long as the
//! [`RetryPolicy`] budget allows. Then it returns [`Error::Throttled`](crate::Error::Throttled)
//! with the last answer: a request is never dropped silently.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime};

/// How throttled requests are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0: never retry).
    pub max_retries: u32,
    /// The most time one request may spend waiting in total; a wait that
    /// would go past it is not started.
    pub max_total_wait: Duration,
    /// The first wait when the answer has no `Retry-After`; doubled each time.
    pub base_delay: Duration,
    /// The longest single wait without `Retry-After`.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// 5 retries, at most 5 minutes of waiting (the service protection
    /// window), 1 s doubling up to 60 s without `Retry-After`.
    fn default() -> Self {
        Self {
            max_retries: 5,
            max_total_wait: Duration::from_secs(300),
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub const NONE: RetryPolicy = RetryPolicy {
        max_retries: 0,
        max_total_wait: Duration::ZERO,
        base_delay: Duration::ZERO,
        max_delay: Duration::ZERO,
    };

    /// The wait before retry number `retry` (0-based), given the answer's
    /// `Retry-After`; `None` when the budget does not allow it (`waited` is
    /// the time already spent waiting).
    pub fn delay(
        &self,
        retry: u32,
        retry_after: Option<Duration>,
        waited: Duration,
    ) -> Option<Duration> {
        if retry >= self.max_retries {
            return None;
        }
        let d = retry_after.unwrap_or_else(|| {
            let factor = 1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX);
            self.base_delay.saturating_mul(factor).min(self.max_delay)
        });
        (waited.saturating_add(d) <= self.max_total_wait).then_some(d)
    }
}

/// Reads a `Retry-After` value: delay seconds or an HTTP date.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = v.parse::<f64>() {
        return Duration::try_from_secs_f64(secs).ok();
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A boxed future returned by [`Sleep::sleep`].
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The clock retries wait on: tokio's timer by default; tests inject one
/// that records the waits and returns at once.
pub trait Sleep: Send + Sync {
    /// Waits `duration`.
    fn sleep(&self, duration: Duration) -> SleepFuture;
}

/// [`Sleep`] on `tokio::time::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleep;

impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(tokio::time::sleep(duration))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Thu, 05 Aug 2021 10:29:30 GMT").unwrap();
        assert_eq!(parse_retry_after("2", now), Some(Duration::from_secs(2)));
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("0.5", now),
            Some(Duration::from_millis(500))
        );
        assert_eq!(
            parse_retry_after("Thu, 05 Aug 2021 10:30:00 GMT", now),
            Some(Duration::from_secs(30))
        );
        // A date in the past: retry now.
        assert_eq!(
            parse_retry_after("Thu, 05 Aug 2021 10:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }

    #[test]
    fn delays_within_the_budget() {
        let p = RetryPolicy {
            max_retries: 3,
            max_total_wait: Duration::from_secs(10),
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(3),
        };
        let s = Duration::from_secs;
        assert_eq!(p.delay(0, None, s(0)), Some(s(1)));
        assert_eq!(p.delay(1, None, s(1)), Some(s(2)));
        assert_eq!(p.delay(2, None, s(3)), Some(s(3)), "capped at max_delay");
        assert_eq!(p.delay(3, None, s(6)), None, "max_retries");
        assert_eq!(
            p.delay(0, Some(s(7)), s(0)),
            Some(s(7)),
            "Retry-After wins over max_delay"
        );
        assert_eq!(p.delay(1, Some(s(4)), s(7)), None, "past max_total_wait");
        assert_eq!(RetryPolicy::NONE.delay(0, Some(s(1)), s(0)), None);
        assert_eq!(p.delay(40, None, s(0)), None);
        let many = RetryPolicy {
            max_retries: 100,
            max_total_wait: Duration::MAX,
            ..p
        };
        assert_eq!(many.delay(40, None, s(0)), Some(s(3)), "no overflow");
    }
}
