//! The Web API error body, `{"error":{"code":..,"message":..,...}}`, as data
//! (no HTTP): generated crates and `dvgen-client` share it.
//!
//! Dataverse answers every failed request (and every failed part of a
//! `$batch`) with this body. `code` is a hexadecimal platform code such as
//! `0x80072322` and is often empty; `message` is for developers, not end
//! users. With `Prefer: odata.include-annotations="*"` the error also carries
//! annotations (`@Microsoft.PowerApps.CDS.HelpLink`, `...TraceText`, ...),
//! kept in [`ApiError::extra`]; older services add an `innererror` with the
//! .NET exception type and stack trace.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Annotation: the plug-in's `OperationStatus`.
pub const OPERATION_STATUS: &str = "@Microsoft.PowerApps.CDS.ErrorDetails.OperationStatus";
/// Annotation: the plug-in's custom error code.
pub const SUB_ERROR_CODE: &str = "@Microsoft.PowerApps.CDS.ErrorDetails.SubErrorCode";
/// Annotation: a URL that may lead to guidance about the error.
pub const HELP_LINK: &str = "@Microsoft.PowerApps.CDS.HelpLink";
/// Annotation: what plug-ins wrote to the trace log.
pub const TRACE_TEXT: &str = "@Microsoft.PowerApps.CDS.TraceText";
/// Annotation: the message of the inner exception.
pub const INNER_ERROR_MESSAGE: &str = "@Microsoft.PowerApps.CDS.InnerError.Message";

/// The hex codes of the three service protection limits (HTTP 429): number
/// of requests, execution time, concurrent requests.
pub const SERVICE_PROTECTION_CODES: [u32; 3] = [0x8007_2322, 0x8007_2321, 0x8007_2326];

/// The whole error response body: `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error.
    pub error: ApiError,
}

impl ErrorBody {
    /// Reads a body; `Err` when it is not a JSON error body (an HTML page
    /// from a gateway, a truncated body, ...).
    pub fn from_slice(body: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(body)
    }
}

/// The `error` object of a Web API error body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    /// The platform error code (`"0x80044331"`), unrelated to the HTTP
    /// status and frequently empty.
    #[serde(default)]
    pub code: String,
    /// A message describing the error.
    #[serde(default)]
    pub message: String,
    /// `innererror`: the exception behind the error, when the service sends it.
    #[serde(
        rename = "innererror",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub inner_error: Option<InnerError>,
    /// Every other key, in the order received: annotations such as
    /// [`HELP_LINK`] and [`TRACE_TEXT`], `target`, `details`, ...
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `innererror`: the .NET exception behind an error.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InnerError {
    /// The exception message.
    #[serde(default)]
    pub message: String,
    /// The exception type
    /// (``System.ServiceModel.FaultException`1[[Microsoft.Xrm.Sdk.OrganizationServiceFault, ...]]``).
    #[serde(rename = "type", default)]
    pub error_type: String,
    /// The stack trace.
    #[serde(default)]
    pub stacktrace: String,
    /// A nested inner error (`innererror`, or `internalexception` as some
    /// services write it).
    #[serde(
        rename = "innererror",
        alias = "internalexception",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub inner: Option<Box<InnerError>>,
    /// Every other key.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ApiError {
    /// `code` as a number (`"0x80072322"` → `0x80072322`); `None` when empty
    /// or not hexadecimal.
    pub fn hex_code(&self) -> Option<u32> {
        let digits = self
            .code
            .strip_prefix("0x")
            .or_else(|| self.code.strip_prefix("0X"))?;
        u32::from_str_radix(digits, 16).ok()
    }

    /// True for the codes of the service protection limits.
    pub fn is_service_protection(&self) -> bool {
        self.hex_code()
            .is_some_and(|c| SERVICE_PROTECTION_CODES.contains(&c))
    }

    /// A string annotation or other key of the error object (`"@Microsoft.PowerApps.CDS.HelpLink"`).
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.extra.get(key).and_then(Value::as_str)
    }

    /// [`HELP_LINK`].
    pub fn help_link(&self) -> Option<&str> {
        self.annotation(HELP_LINK)
    }

    /// [`TRACE_TEXT`].
    pub fn trace_text(&self) -> Option<&str> {
        self.annotation(TRACE_TEXT)
    }

    /// [`SUB_ERROR_CODE`] as a number.
    pub fn sub_error_code(&self) -> Option<i64> {
        self.annotation(SUB_ERROR_CODE)?.trim().parse().ok()
    }

    /// [`OPERATION_STATUS`] as a number.
    pub fn operation_status(&self) -> Option<i64> {
        self.annotation(OPERATION_STATUS)?.trim().parse().ok()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match (self.code.is_empty(), self.message.is_empty()) {
            (true, _) => f.write_str(&self.message),
            (false, true) => f.write_str(&self.code),
            (false, false) => write!(f, "{} ({})", self.message, self.code),
        }
    }
}

impl std::error::Error for ApiError {}
