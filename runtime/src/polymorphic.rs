//! Rows typed through their `@odata.type`, and the bodies of actions and
//! functions that carry them.
//!
//! Some Web API payloads hold rows of more than one table: an action's
//! `Target` (`"@odata.type": "Microsoft.Dynamics.CRM.letter"`), the
//! `Members` of `AddMembersTeam` (system users), a function that returns
//! `Collection(Microsoft.Dynamics.CRM.crmbaseentity)`. Each such row names
//! its table in `@odata.type`.
//!
//! * [`RawJson`] keeps any JSON value as its exact text (rows of tables that
//!   are not generated, numbers with all their digits).
//! * [`AnyTable`] is implemented by the generated crate's `AnyRow` enum (one
//!   variant per table compiled in, each behind the table's cargo feature,
//!   plus a raw fallback): [`deserialize_any_row`] reads a row's
//!   `@odata.type` and then the row as the matching generated struct. The
//!   enum's impls are generic, so a table costs nothing to compile until a
//!   user reads an `AnyRow`.
//! * [`Parameters`] is an action or function body (or response): named
//!   parameters, where objects with `@odata.type` (and arrays of them) are
//!   read as rows, and every other value is kept as [`RawJson`].

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::extra::{serialize_raw, HasExtra, KeyText, RAW_TOKEN};
use crate::Entity;

/// The namespace of Dataverse entity types in `@odata.type`.
pub const ODATA_NAMESPACE: &str = "Microsoft.Dynamics.CRM.";

/// `Microsoft.Dynamics.CRM.<logical name>`, the `@odata.type` of `E`'s rows
/// in request bodies.
pub fn odata_type_of<E: Entity>() -> String {
    format!("{ODATA_NAMESPACE}{}", E::LOGICAL_NAME)
}

/// The table logical name in an `@odata.type` value: `letter` for
/// `Microsoft.Dynamics.CRM.letter` or `#Microsoft.Dynamics.CRM.letter`;
/// `None` for types of other namespaces (`#Edm.String`, ...).
pub fn logical_name_of_type(odata_type: &str) -> Option<&str> {
    let t = odata_type.strip_prefix('#').unwrap_or(odata_type);
    t.strip_prefix(ODATA_NAMESPACE).filter(|n| !n.is_empty())
}

/// `row` with `@odata.type` set to its table's type (kept when already set),
/// as action parameters need it.
pub fn with_odata_type<E: Entity + HasExtra>(mut row: E) -> E {
    if row.extra().odata_type().is_none() {
        row.extra_mut()
            .insert_str("@odata.type", &odata_type_of::<E>());
    }
    row
}

/// Any JSON value kept as its exact text: numbers keep all their digits,
/// objects their keys and order. Written back verbatim.
///
/// Equality compares the texts, then (when they differ) what they mean.
#[derive(Clone)]
pub struct RawJson(String);

impl Default for RawJson {
    /// `{}`.
    fn default() -> Self {
        RawJson("{}".to_owned())
    }
}

impl RawJson {
    /// Wraps JSON text, checking that it is one JSON value.
    pub fn from_text(text: &str) -> Result<Self, serde_json::Error> {
        let _: IgnoredAny = serde_json::from_str(text)?;
        Ok(RawJson(text.trim().to_owned()))
    }
    /// The JSON text of a value.
    pub fn from_value(value: &Value) -> Self {
        RawJson(value.to_string())
    }
    /// The JSON text.
    pub fn text(&self) -> &str {
        &self.0
    }
    /// Reads the text as `T` (exact for `Decimal`/`Money` and generated rows).
    pub fn read<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.0)
    }
    /// The value as a `serde_json::Value` (numbers go through `f64`).
    pub fn to_value(&self) -> Value {
        serde_json::from_str(&self.0).unwrap_or(Value::Null)
    }
    /// The `@odata.type` of an object (`None` for other values, or when absent).
    pub fn odata_type(&self) -> Option<String> {
        if !self.0.starts_with('{') {
            return None;
        }
        let mut de = serde_json::Deserializer::from_str(&self.0);
        de.deserialize_map(FindOdataType).ok().flatten()
    }
    /// The table logical name in [`odata_type`](Self::odata_type).
    pub fn logical_name(&self) -> Option<String> {
        self.odata_type()
            .as_deref()
            .and_then(logical_name_of_type)
            .map(str::to_owned)
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0 || self.to_value() == other.to_value()
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_raw(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(RAW_TOKEN, RawJsonVisitor)
    }
}

struct RawJsonVisitor;

impl<'de> Visitor<'de> for RawJsonVisitor {
    type Value = RawJson;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<RawJson, D::Error> {
        Ok(RawJson::from_value(&Value::deserialize(d)?))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawJson, A::Error> {
        // serde_json answers the raw-text request with `{RAW_TOKEN: text}`.
        let Some(first) = map.next_key::<KeyText<'de>>()? else {
            return Ok(RawJson::default());
        };
        if first.as_str() == RAW_TOKEN {
            let raw = map.next_value::<KeyText<'de>>()?;
            return Ok(RawJson(raw.as_str().trim().to_owned()));
        }
        let mut m = serde_json::Map::new();
        m.insert(first.as_str().to_owned(), map.next_value::<Value>()?);
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            m.insert(k, v);
        }
        Ok(RawJson::from_value(&Value::Object(m)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawJson, E> {
        Ok(RawJson::from_value(&Value::String(v.to_owned())))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawJson, E> {
        Ok(RawJson::from_value(&Value::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawJson, E> {
        Ok(RawJson::from_value(&Value::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawJson, E> {
        Ok(RawJson::from_value(&Value::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawJson, E> {
        Ok(RawJson::from_value(&Value::from(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<RawJson, E> {
        Ok(RawJson("null".to_owned()))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<RawJson, A::Error> {
        let v = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(RawJson::from_value(&v))
    }
}

/// Finds `@odata.type` among an object's keys (other values skipped).
struct FindOdataType;

impl<'de> Visitor<'de> for FindOdataType {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        // The rest is skipped, not left unread (serde_json checks that the
        // object was read to its end).
        let mut found = None;
        while let Some(key) = map.next_key::<KeyText<'de>>()? {
            if found.is_none() && key.as_str() == "@odata.type" {
                found = map.next_value::<Option<String>>()?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// A type holding a row of one of several tables, chosen by the row's
/// `@odata.type`: the generated `AnyRow` enum, or [`RawJson`] (every row raw).
pub trait AnyTable: Sized {
    /// Builds the value from a row's JSON text and the table logical name of
    /// its `@odata.type` (`None` when the row has none).
    fn from_json(logical_name: Option<&str>, row: RawJson) -> Result<Self, serde_json::Error>;
}

impl AnyTable for RawJson {
    fn from_json(_: Option<&str>, row: RawJson) -> Result<Self, serde_json::Error> {
        Ok(row)
    }
}

/// Reads a row as `R` through its `@odata.type` (the generated `AnyRow`'s
/// `Deserialize`): the row's JSON text is kept, its type looked up, and the
/// text read as the matching generated struct (exactly: numbers are not
/// passed through a `Value`).
pub fn deserialize_any_row<'de, D: Deserializer<'de>, R: AnyTable>(d: D) -> Result<R, D::Error> {
    let raw = RawJson::deserialize(d)?;
    let name = raw.logical_name();
    R::from_json(name.as_deref(), raw).map_err(de::Error::custom)
}

/// One parameter of an action or function body.
#[derive(Debug, Clone, PartialEq)]
pub enum Parameter<R> {
    /// An object with `@odata.type`: a row.
    Row(R),
    /// A non-empty array of objects that all have `@odata.type`: rows.
    Rows(Vec<R>),
    /// Any other value (numbers, strings, objects without `@odata.type`), exactly.
    Value(RawJson),
}

impl<R: Serialize> Serialize for Parameter<R> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Parameter::Row(r) => r.serialize(s),
            Parameter::Rows(r) => r.serialize(s),
            Parameter::Value(v) => v.serialize(s),
        }
    }
}

/// The JSON body of an action or function call (or of its response):
/// parameters by name, in order. Rows (objects with `@odata.type`, and
/// arrays of them) are read as `R`, typically the generated `AnyRow`:
///
/// ```
/// use dvgen_runtime::{Parameters, RawJson};
/// // AddToQueue, from the Web API docs.
/// let body = r#"{"Target": {"activityid": "59ae8258-4878-e511-80d4-00155d2a68d1",
///                           "@odata.type": "Microsoft.Dynamics.CRM.letter"}}"#;
/// let p: Parameters<RawJson> = dvgen_runtime::serde_json::from_str(body).unwrap();
/// let target = p.row("Target").unwrap();
/// assert_eq!(target.logical_name().as_deref(), Some("letter"));
/// ```
///
/// Build one with [`with_row`](Self::with_row), [`with_rows`](Self::with_rows)
/// and [`with_value`](Self::with_value); rows built from generated structs
/// should carry `@odata.type` ([`with_odata_type`], or the generated
/// `AnyRow::from`).
#[derive(Debug, Clone, PartialEq)]
pub struct Parameters<R = RawJson> {
    entries: Vec<(String, Parameter<R>)>,
}

impl<R> Default for Parameters<R> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
        }
    }
}

impl<R> Parameters<R> {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }
    fn set(mut self, name: &str, p: Parameter<R>) -> Self {
        match self.entries.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => *v = p,
            None => self.entries.push((name.to_owned(), p)),
        }
        self
    }
    /// Sets the parameter `name` to a row.
    pub fn with_row(self, name: &str, row: impl Into<R>) -> Self {
        self.set(name, Parameter::Row(row.into()))
    }
    /// Sets the parameter `name` to rows.
    pub fn with_rows<I: IntoIterator<Item = T>, T: Into<R>>(self, name: &str, rows: I) -> Self {
        let rows = rows.into_iter().map(Into::into).collect();
        self.set(name, Parameter::Rows(rows))
    }
    /// Sets the parameter `name` to a value (`json!(3)`).
    pub fn with_value(self, name: &str, value: &Value) -> Self {
        self.set(name, Parameter::Value(RawJson::from_value(value)))
    }
    /// The parameter `name`.
    pub fn get(&self, name: &str) -> Option<&Parameter<R>> {
        self.entries.iter().find(|(n, _)| n == name).map(|(_, p)| p)
    }
    /// The parameter `name`, if it is a row.
    pub fn row(&self, name: &str) -> Option<&R> {
        match self.get(name)? {
            Parameter::Row(r) => Some(r),
            _ => None,
        }
    }
    /// The parameter `name`, if it is rows.
    pub fn rows(&self, name: &str) -> Option<&[R]> {
        match self.get(name)? {
            Parameter::Rows(r) => Some(r),
            _ => None,
        }
    }
    /// The parameter `name`, if it is a value that is not a row.
    pub fn value(&self, name: &str) -> Option<&RawJson> {
        match self.get(name)? {
            Parameter::Value(v) => Some(v),
            _ => None,
        }
    }
    /// Parameters in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Parameter<R>)> {
        self.entries.iter().map(|(n, p)| (n.as_str(), p))
    }
    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<R: Serialize> Serialize for Parameters<R> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.entries.len()))?;
        for (n, p) in &self.entries {
            m.serialize_entry(n, p)?;
        }
        m.end()
    }
}

impl<'de, R: AnyTable> Deserialize<'de> for Parameters<R> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ParametersVisitor(std::marker::PhantomData))
    }
}

struct ParametersVisitor<R>(std::marker::PhantomData<fn() -> R>);

impl<'de, R: AnyTable> Visitor<'de> for ParametersVisitor<R> {
    type Value = Parameters<R>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object of parameters")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parameters<R>, A::Error> {
        let mut out = Parameters::new();
        while let Some(name) = map.next_key::<String>()? {
            let raw: RawJson = map.next_value()?;
            let p = classify(raw).map_err(de::Error::custom)?;
            out = out.set(&name, p);
        }
        Ok(out)
    }
}

/// A row when `raw` is an object with `@odata.type`, rows when it is a
/// non-empty array of them, else a value.
fn classify<R: AnyTable>(raw: RawJson) -> Result<Parameter<R>, serde_json::Error> {
    if raw.text().starts_with('{') {
        if let Some(t) = raw.odata_type() {
            return R::from_json(logical_name_of_type(&t), raw).map(Parameter::Row);
        }
    } else if raw.text().starts_with('[') {
        let items: Vec<RawJson> = raw.read()?;
        let types: Vec<Option<String>> = items.iter().map(RawJson::odata_type).collect();
        if !items.is_empty() && types.iter().all(Option::is_some) {
            let rows = items
                .into_iter()
                .zip(types)
                .map(|(item, t)| R::from_json(t.as_deref().and_then(logical_name_of_type), item))
                .collect::<Result<Vec<R>, _>>()?;
            return Ok(Parameter::Rows(rows));
        }
    }
    Ok(Parameter::Value(raw))
}
