//! [`Operation`]: one prepared Web API request (method, path, headers,
//! body), sent alone or as a part of a `$batch`; and how rows are addressed
//! ([`RowRef`], [`AlternateKey`]).

use std::fmt;
use std::marker::PhantomData;

use bytes::Bytes;
use dvgen_runtime::{Column, Entity, ODataValue};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use reqwest::Method;
use uuid::Uuid;

use crate::error::{Error, Result};

/// Where a request goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Relative to the Web API base URL: `leads(<id>)?$select=subject`.
    Relative(String),
    /// An absolute URL from the service (`@odata.nextLink`), sent unchanged.
    Absolute(String),
}

/// One prepared request. Builders such as [`Client::create`](crate::Client::create)
/// make them; [`Client::execute`](crate::Client::execute) and
/// [`Batch`](crate::Batch) send them.
#[derive(Clone, PartialEq)]
pub struct Operation {
    pub(crate) method: Method,
    pub(crate) target: Target,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) prefer: Vec<String>,
    /// Whether this request reads rows (gets the client's default annotations).
    pub(crate) reads: bool,
    pub(crate) annotations: Option<String>,
    pub(crate) body: Option<Bytes>,
}

impl fmt::Debug for Operation {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_struct("Operation")
            .field("method", &self.method.as_str())
            .field("target", &self.target)
            .field("headers", &self.headers)
            .field("prefer", &self.prefer)
            .field("annotations", &self.annotations)
            .field(
                "body",
                &self.body.as_ref().map(|b| String::from_utf8_lossy(b)),
            )
            .finish()
    }
}

impl Operation {
    /// A request to `path` (relative to the Web API base URL).
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            target: Target::Relative(path.into()),
            headers: Vec::new(),
            prefer: Vec::new(),
            reads: false,
            annotations: None,
            body: None,
        }
    }
    pub(crate) fn absolute(method: Method, url: impl Into<String>) -> Self {
        Self {
            target: Target::Absolute(url.into()),
            ..Self::new(method, String::new())
        }
    }
    /// Adds a header.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
    /// Adds a `Prefer` preference (`return=representation`, `odata.maxpagesize=50`).
    pub fn prefer(mut self, preference: impl Into<String>) -> Self {
        self.prefer.push(preference.into());
        self
    }
    /// `Prefer: odata.include-annotations="<value>"` for this request.
    pub fn annotations(mut self, value: impl Into<String>) -> Self {
        self.annotations = Some(value.into());
        self
    }
    /// Sets a JSON body.
    pub fn body(mut self, json: impl Into<Bytes>) -> Self {
        self.body = Some(json.into());
        self
    }
    pub(crate) fn reads(mut self) -> Self {
        self.reads = true;
        self
    }
    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }
    /// The target.
    pub fn target(&self) -> &Target {
        &self.target
    }
    /// The body, if any.
    pub fn body_bytes(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The request's own headers, with the `Prefer` header built from its
    /// preferences and (for reads without their own) `default_annotations`.
    pub(crate) fn header_lines<'a>(
        &'a self,
        default_annotations: Option<&'a str>,
    ) -> impl Iterator<Item = (&'static str, String)> + 'a {
        let annotations = self
            .annotations
            .as_deref()
            .or(default_annotations.filter(|_| self.reads));
        let mut prefer: Vec<String> = self.prefer.clone();
        if let Some(a) = annotations {
            prefer.push(format!("odata.include-annotations=\"{a}\""));
        }
        let prefer = (!prefer.is_empty()).then(|| ("Prefer", prefer.join(",")));
        self.headers.iter().cloned().chain(prefer)
    }
}

/// Anything that can become an [`Operation`]: every request builder, and
/// `Operation` itself. Errors found while building surface here.
pub trait IntoOperation {
    /// The prepared request.
    fn into_operation(self) -> Result<Operation>;
}

impl IntoOperation for Operation {
    fn into_operation(self) -> Result<Operation> {
        Ok(self)
    }
}

impl IntoOperation for Result<Operation> {
    fn into_operation(self) -> Result<Operation> {
        self
    }
}

/// Characters percent-encoded in a key value inside a path segment.
const KEY_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'?')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}')
    .add(b'&')
    .add(b'+');

/// An alternate key of table `E`: `leads(emailaddress1='someone@example.com')`.
pub struct AlternateKey<E> {
    parts: Vec<(String, String)>,
    _e: PhantomData<fn() -> E>,
}

impl<E> Clone for AlternateKey<E> {
    fn clone(&self) -> Self {
        Self {
            parts: self.parts.clone(),
            _e: PhantomData,
        }
    }
}

impl<E> fmt::Debug for AlternateKey<E> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_tuple("AlternateKey")
            .field(&self.segment())
            .finish()
    }
}

impl<E> Default for AlternateKey<E> {
    fn default() -> Self {
        Self {
            parts: Vec::new(),
            _e: PhantomData,
        }
    }
}

impl<E> AlternateKey<E> {
    /// An empty key; add its columns with [`with`](Self::with).
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds a key column and its value (strings quoted, `'` doubled;
    /// lookups as `_x_value`).
    pub fn with<T: ODataValue>(mut self, column: Column<E, T>, value: impl Into<T>) -> Self {
        self.parts.push((
            column.property_name().into_owned(),
            value.into().to_literal(),
        ));
        self
    }
    /// The key inside the parentheses, percent-encoded for a path.
    pub fn segment(&self) -> String {
        self.parts
            .iter()
            .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, KEY_VALUE)))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// A row of table `E`, by primary key or alternate key.
pub enum RowRef<E> {
    /// The primary key.
    Id(Uuid),
    /// An alternate key.
    Key(AlternateKey<E>),
}

impl<E> Clone for RowRef<E> {
    fn clone(&self) -> Self {
        match self {
            RowRef::Id(id) => RowRef::Id(*id),
            RowRef::Key(k) => RowRef::Key(k.clone()),
        }
    }
}

impl<E> fmt::Debug for RowRef<E> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            RowRef::Id(id) => f.debug_tuple("Id").field(id).finish(),
            RowRef::Key(k) => f.debug_tuple("Key").field(k).finish(),
        }
    }
}

impl<E> From<Uuid> for RowRef<E> {
    fn from(id: Uuid) -> Self {
        RowRef::Id(id)
    }
}

impl<E> From<AlternateKey<E>> for RowRef<E> {
    fn from(key: AlternateKey<E>) -> Self {
        RowRef::Key(key)
    }
}

/// The entity set of `E`, or a usage error.
pub(crate) fn entity_set<E: Entity>() -> Result<&'static str> {
    E::ENTITY_SET_NAME.ok_or_else(|| {
        Error::Usage(format!(
            "the docs give no EntitySetName for `{}`; it cannot be addressed",
            E::LOGICAL_NAME
        ))
    })
}

impl<E: Entity> RowRef<E> {
    /// `leads(<id>)` or `leads(<key>)`.
    pub fn path(&self) -> Result<String> {
        let set = entity_set::<E>()?;
        Ok(match self {
            RowRef::Id(id) => format!("{set}({})", id.hyphenated()),
            RowRef::Key(k) => {
                if k.parts.is_empty() {
                    return Err(Error::Usage(format!(
                        "an alternate key of `{}` needs at least one column",
                        E::LOGICAL_NAME
                    )));
                }
                format!("{set}({})", k.segment())
            }
        })
    }
}

/// `path?query` (no `?` when the query is empty).
pub(crate) fn with_query(path: String, query: &str) -> String {
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// The id at the end of an `OData-EntityId` URL: `.../leads(<id>)`.
pub fn id_from_entity_url(url: &str) -> Option<Uuid> {
    let inner = url.trim_end().strip_suffix(')')?;
    let start = inner.rfind('(')?;
    Uuid::parse_str(&inner[start + 1..]).ok()
}
