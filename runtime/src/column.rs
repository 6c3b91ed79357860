//! Typed column handles and the conversion of column values to JSON bodies
//! and `$filter` literals.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::extra::HasExtra;
use crate::metadata::{AttributeMetadata, AttributeType};
use crate::values::{Date, DateTime, Decimal, Lookup, Money, MultiSelect};
use crate::OptionSet;

/// A typed handle to column `T` of table `E`, emitted by the generator as a
/// `const` in the table's `columns` module.
pub struct Column<E, T> {
    metadata: &'static AttributeMetadata,
    _marker: PhantomData<fn() -> (E, T)>,
}

impl<E, T> Clone for Column<E, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<E, T> Copy for Column<E, T> {}

impl<E, T> fmt::Debug for Column<E, T> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_tuple("Column")
            .field(&self.metadata.logical_name)
            .finish()
    }
}

impl<E, T> PartialEq for Column<E, T> {
    fn eq(&self, other: &Self) -> bool {
        self.metadata.logical_name == other.metadata.logical_name
    }
}
impl<E, T> Eq for Column<E, T> {}

/// True for column types read as `_<name>_value`.
pub(crate) fn is_lookup_type(t: AttributeType) -> bool {
    matches!(
        t,
        AttributeType::Lookup | AttributeType::Customer | AttributeType::Owner
    )
}

/// The Web API property name of a column: `_<name>_value` for lookups.
pub(crate) fn property_name_of(meta: &'static AttributeMetadata) -> Cow<'static, str> {
    if is_lookup_type(meta.attribute_type) {
        Cow::Owned(format!("_{}_value", meta.logical_name))
    } else {
        Cow::Borrowed(meta.logical_name)
    }
}

impl<E, T> Column<E, T> {
    /// A handle for the column described by `metadata`.
    pub const fn new(metadata: &'static AttributeMetadata) -> Self {
        Self {
            metadata,
            _marker: PhantomData,
        }
    }
    /// The column's metadata.
    pub const fn metadata(&self) -> &'static AttributeMetadata {
        self.metadata
    }
    /// The column's logical name (`primarycontactid`).
    pub const fn logical_name(&self) -> &'static str {
        self.metadata.logical_name
    }
    /// The Web API property name: the logical name, or `_<name>_value` for
    /// lookup, customer and owner columns (`_primarycontactid_value`).
    pub fn property_name(&self) -> Cow<'static, str> {
        property_name_of(self.metadata)
    }
    /// True when this column arrived in `row` as an explicit `null` (and
    /// its field is still `None`); false when it was absent or has a value.
    /// See [`Row::is_explicit_null`](crate::Row::is_explicit_null).
    pub fn is_null_in(self, row: &E) -> bool
    where
        E: crate::Row,
    {
        row.is_explicit_null(&self.property_name())
    }
    /// This column's FormattedValue annotation in `row`, if returned.
    pub fn formatted_value(self, row: &E) -> Option<&str>
    where
        E: HasExtra,
    {
        row.extra().formatted_value(&self.property_name())
    }
}

/// A value as it goes into a create/update body, kept exact.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum WireValue {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer (Integer, BigInt).
    Int(i64),
    /// A float (Double).
    Float(f64),
    /// An exact decimal (Decimal, Money), written as a JSON number.
    Decimal(rust_decimal::Decimal),
    /// A string (text, GUIDs, dates).
    String(String),
    /// A choice value.
    Choice(i32),
    /// Multi-select choice values, written as `"1,9"`.
    Choices(Vec<i32>),
    /// Any JSON.
    Json(serde_json::Value),
}

impl WireValue {
    /// Reads a JSON value for a column of type `t` (used when validating raw JSON).
    pub fn from_json(t: AttributeType, v: &serde_json::Value) -> WireValue {
        use serde_json::Value as V;
        match (t, v) {
            (_, V::Null) => WireValue::Null,
            (_, V::Bool(b)) => WireValue::Bool(*b),
            (
                AttributeType::Picklist | AttributeType::State | AttributeType::Status,
                V::Number(n),
            ) => match n.as_i64().and_then(|x| i32::try_from(x).ok()) {
                Some(x) => WireValue::Choice(x),
                None => WireValue::Json(v.clone()),
            },
            (AttributeType::MultiSelectPicklist, V::String(s)) => {
                let mut vals = Vec::new();
                for part in s.split(',').filter(|p| !p.trim().is_empty()) {
                    match part.trim().parse::<i32>() {
                        Ok(x) => vals.push(x),
                        Err(_) => return WireValue::Json(v.clone()),
                    }
                }
                WireValue::Choices(vals)
            }
            (AttributeType::Double, V::Number(n)) => match n.as_f64() {
                Some(f) => WireValue::Float(f),
                None => WireValue::Json(v.clone()),
            },
            (_, V::Number(n)) => {
                if let Some(i) = n.as_i64() {
                    WireValue::Int(i)
                } else {
                    match crate::values::parse_decimal_text(&n.to_string()) {
                        Ok(d) => WireValue::Decimal(d),
                        Err(_) => WireValue::Json(v.clone()),
                    }
                }
            }
            (_, V::String(s)) => WireValue::String(s.clone()),
            _ => WireValue::Json(v.clone()),
        }
    }

    /// The value as a decimal, for range checks.
    pub(crate) fn as_decimal(&self) -> Option<rust_decimal::Decimal> {
        match self {
            WireValue::Int(i) => Some((*i).into()),
            WireValue::Choice(i) => Some((*i).into()),
            WireValue::Decimal(d) => Some(*d),
            WireValue::Float(f) if f.is_finite() => {
                crate::values::parse_decimal_text(&f.to_string()).ok()
            }
            _ => None,
        }
    }
}

impl Serialize for WireValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            WireValue::Null => s.serialize_unit(),
            WireValue::Bool(b) => s.serialize_bool(*b),
            WireValue::Int(i) => s.serialize_i64(*i),
            WireValue::Float(f) => s.serialize_f64(*f),
            WireValue::Decimal(d) => Decimal(*d).serialize(s),
            WireValue::String(v) => s.serialize_str(v),
            WireValue::Choice(i) => s.serialize_i32(*i),
            WireValue::Choices(vs) => {
                let text: Vec<String> = vs.iter().map(i32::to_string).collect();
                s.serialize_str(&text.join(","))
            }
            WireValue::Json(v) => v.serialize(s),
        }
    }
}

/// A column value type: how it is written in a body and as a `$filter` literal.
pub trait ODataValue {
    /// The value for a create/update body.
    fn to_wire(&self) -> WireValue;
    /// The OData URL literal (`'O''Brien'`, `10000`, `true`, a bare GUID or date).
    fn to_literal(&self) -> String;
}

/// Quotes a string literal, doubling single quotes.
pub(crate) fn quote_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if c == '\'' {
            out.push('\'');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

impl ODataValue for String {
    fn to_wire(&self) -> WireValue {
        WireValue::String(self.clone())
    }
    fn to_literal(&self) -> String {
        quote_literal(self)
    }
}
impl ODataValue for i32 {
    fn to_wire(&self) -> WireValue {
        WireValue::Int((*self).into())
    }
    fn to_literal(&self) -> String {
        self.to_string()
    }
}
impl ODataValue for i64 {
    fn to_wire(&self) -> WireValue {
        WireValue::Int(*self)
    }
    fn to_literal(&self) -> String {
        self.to_string()
    }
}
impl ODataValue for f64 {
    fn to_wire(&self) -> WireValue {
        WireValue::Float(*self)
    }
    fn to_literal(&self) -> String {
        if self.is_finite() {
            self.to_string()
        } else if self.is_nan() {
            "NaN".to_owned()
        } else if *self > 0.0 {
            "INF".to_owned()
        } else {
            "-INF".to_owned()
        }
    }
}
impl ODataValue for bool {
    fn to_wire(&self) -> WireValue {
        WireValue::Bool(*self)
    }
    fn to_literal(&self) -> String {
        self.to_string()
    }
}
impl ODataValue for uuid::Uuid {
    fn to_wire(&self) -> WireValue {
        WireValue::String(self.hyphenated().to_string())
    }
    fn to_literal(&self) -> String {
        self.hyphenated().to_string()
    }
}
impl ODataValue for Lookup {
    fn to_wire(&self) -> WireValue {
        self.0.to_wire()
    }
    fn to_literal(&self) -> String {
        self.0.to_literal()
    }
}
impl ODataValue for Decimal {
    fn to_wire(&self) -> WireValue {
        WireValue::Decimal(self.0)
    }
    fn to_literal(&self) -> String {
        self.0.to_string()
    }
}
impl ODataValue for Money {
    fn to_wire(&self) -> WireValue {
        WireValue::Decimal(self.0)
    }
    fn to_literal(&self) -> String {
        self.0.to_string()
    }
}
impl ODataValue for Date {
    fn to_wire(&self) -> WireValue {
        WireValue::String(self.to_string())
    }
    fn to_literal(&self) -> String {
        self.to_string()
    }
}
impl ODataValue for DateTime {
    fn to_wire(&self) -> WireValue {
        WireValue::String(self.to_string())
    }
    fn to_literal(&self) -> String {
        self.to_string()
    }
}
impl<O: OptionSet> ODataValue for O {
    fn to_wire(&self) -> WireValue {
        WireValue::Choice(self.value())
    }
    fn to_literal(&self) -> String {
        self.value().to_string()
    }
}
impl<O: OptionSet> ODataValue for MultiSelect<O> {
    fn to_wire(&self) -> WireValue {
        WireValue::Choices(self.values().collect())
    }
    fn to_literal(&self) -> String {
        quote_literal(&self.to_wire_string())
    }
}
impl ODataValue for serde_json::Value {
    fn to_wire(&self) -> WireValue {
        WireValue::Json(self.clone())
    }
    fn to_literal(&self) -> String {
        match self {
            serde_json::Value::String(s) => quote_literal(s),
            other => other.to_string(),
        }
    }
}

/// Writes `(key, value)` pairs as a JSON object, keeping decimals exact.
pub(crate) fn serialize_entries<S: Serializer>(
    s: S,
    entries: &[(Cow<'_, str>, WireValue)],
) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(entries.len()))?;
    for (k, v) in entries {
        m.serialize_entry(k.as_ref(), v)?;
    }
    m.end()
}
