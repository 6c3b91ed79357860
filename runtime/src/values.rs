//! Value types for column values, with Dataverse Web API JSON (de)serialization.
//!
//! # Exact decimals ([`Decimal`], [`Money`])
//!
//! The Web API writes `Edm.Decimal` as JSON numbers (`"revenue": 20000.0000`).
//! Plain serde_json turns a number into `f64` before a `Deserialize` impl sees
//! it, which loses the scale (`20000.0000` becomes `20000`) and digits beyond
//! about 15 significant ones. Two ways out were evaluated:
//!
//! * serde_json's `arbitrary_precision` feature: cargo features are unified
//!   over the whole dependency graph, so turning it on here would change
//!   `serde_json::Value`/`Number` for every crate in a user's build, and it is
//!   known to break numbers inside `#[serde(flatten)]` and untagged/internally
//!   tagged enums of *other* types (`invalid type: map, expected i32`). Rejected.
//! * serde_json's additive `raw_value` feature (**chosen**): our `Deserialize`
//!   asks for the raw JSON text of the value (the same request
//!   `Box<RawValue>` makes) and parses it with `rust_decimal`, exactly. It
//!   changes nothing for other types. A deserializer that does not understand
//!   the request (a buffered `Content` from an untagged enum, another format)
//!   simply hands us the value as usual: then strings stay exact, and numbers
//!   come through `f64` and are read from their shortest round-trip text
//!   (exact for up to 15 significant digits, scale not kept).
//!
//! Generated structs read their fields straight from the
//! `serde_json::Deserializer` (see [`Row`](crate::Row)), so `Decimal`/`Money`
//! columns are exact. A hand-written struct with `#[serde(flatten)]` is fine
//! too: serde only buffers the keys the struct does not know; known fields
//! are read straight from the deserializer. Tests cover both.
//!
//! On write, `Decimal`/`Money` emit their exact text as a JSON number through
//! serde_json's raw-value path (`serde_json::to_string`/`to_writer`/`to_value`
//! all understand it). Other serializers see a one-field struct; these types
//! are meant for Dataverse JSON.
//!
//! The runtime also turns on serde_json's additive `float_roundtrip` feature,
//! so Double columns (`f64`) read back bit-exactly (the default float parser
//! may be one ULP off).

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

use crate::OptionSet;

/// serde_json's private token for "give me the raw JSON text" (`raw_value` feature).
const RAW_TOKEN: &str = "$serde_json::private::RawValue";
/// serde_json's private token for numbers under `arbitrary_precision` (if someone enabled it).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Error parsing a value from its text form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// Not a decimal number.
    #[error("`{0}` is not a decimal number")]
    Decimal(String),
    /// Not a `YYYY-MM-DD` date.
    #[error("`{0}` is not a date (YYYY-MM-DD)")]
    Date(String),
    /// Not an RFC 3339 date-time.
    #[error("`{0}` is not an RFC 3339 date-time")]
    DateTime(String),
    /// Not a GUID.
    #[error("`{0}` is not a GUID")]
    Guid(String),
    /// Not a choice value (32-bit integer).
    #[error("`{0}` is not a choice value (32-bit integer)")]
    Choice(String),
}

/// Parses decimal text exactly: `20000.0000`, `-1.5`, `5e3`, ` 47.639583 `.
pub(crate) fn parse_decimal_text(text: &str) -> Result<rust_decimal::Decimal, ValueError> {
    let t = text.trim();
    let t = t.strip_prefix('+').unwrap_or(t);
    let parsed = if t.contains(['e', 'E']) {
        rust_decimal::Decimal::from_scientific(t)
    } else {
        rust_decimal::Decimal::from_str_exact(t)
    };
    parsed.map_err(|_| ValueError::Decimal(text.to_owned()))
}

/// Reads a decimal from any of the forms a deserializer may hand over.
struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = rust_decimal::Decimal;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a decimal number or a string holding one")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        rust_decimal::Decimal::try_from_i128_with_scale(v, 0).map_err(E::custom)
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        let v = i128::try_from(v).map_err(E::custom)?;
        self.visit_i128(v)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if !v.is_finite() {
            return Err(E::invalid_value(de::Unexpected::Float(v), &self));
        }
        // Rust prints the shortest text that reads back as the same f64.
        parse_decimal_text(&v.to_string()).map_err(E::custom)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        parse_decimal_text(v).map_err(E::custom)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // serde_json's raw-value (or arbitrary-precision number) map: one
        // entry whose key is the token and whose value is the JSON text.
        let key: Option<Text<'de>> = map.next_key()?;
        match key.as_ref().map(Text::as_str) {
            Some(RAW_TOKEN) | Some(NUMBER_TOKEN) => {}
            _ => return Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
        let raw: Text<'de> = map.next_value()?;
        let raw = raw.as_str().trim();
        if raw.starts_with('"') {
            let s: String = serde_json::from_str(raw).map_err(de::Error::custom)?;
            parse_decimal_text(&s).map_err(de::Error::custom)
        } else {
            parse_decimal_text(raw).map_err(de::Error::custom)
        }
    }
}

/// A string that is borrowed when the deserializer allows it.
enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Text<'_> {
    fn as_str(&self) -> &str {
        match self {
            Text::Borrowed(s) => s,
            Text::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text::Owned(v))
            }
        }
        d.deserialize_str(V)
    }
}

fn deserialize_exact_decimal<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<rust_decimal::Decimal, D::Error> {
    d.deserialize_newtype_struct(RAW_TOKEN, DecimalVisitor)
}

fn serialize_exact_decimal<S: Serializer>(
    v: &rust_decimal::Decimal,
    s: S,
) -> Result<S::Ok, S::Error> {
    let text = v.to_string();
    let mut st = s.serialize_struct(RAW_TOKEN, 1)?;
    st.serialize_field(RAW_TOKEN, &text)?;
    st.end()
}

macro_rules! decimal_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// Equality and hashing are numeric (`20000.0000 == 20000`); the scale
        /// read from the wire is kept and written back.
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub rust_decimal::Decimal);

        impl $name {
            /// Wraps a `rust_decimal::Decimal`.
            pub const fn new(value: rust_decimal::Decimal) -> Self {
                Self(value)
            }
            /// The inner `rust_decimal::Decimal`.
            pub const fn get(self) -> rust_decimal::Decimal {
                self.0
            }
        }

        impl From<rust_decimal::Decimal> for $name {
            fn from(v: rust_decimal::Decimal) -> Self {
                Self(v)
            }
        }
        impl From<$name> for rust_decimal::Decimal {
            fn from(v: $name) -> Self {
                v.0
            }
        }
        impl From<i32> for $name {
            fn from(v: i32) -> Self {
                Self(v.into())
            }
        }
        impl From<i64> for $name {
            fn from(v: i64) -> Self {
                Self(v.into())
            }
        }
        impl FromStr for $name {
            type Err = ValueError;
            fn from_str(s: &str) -> Result<Self, ValueError> {
                parse_decimal_text(s).map(Self)
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                serialize_exact_decimal(&self.0, s)
            }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                deserialize_exact_decimal(d).map(Self)
            }
        }
    };
}

decimal_newtype!(
    /// An exact `Edm.Decimal` column value (Decimal columns).
    Decimal
);
decimal_newtype!(
    /// An exact currency amount (Money columns, `Edm.Decimal` on the wire).
    Money
);

/// A DateOnly column value: a calendar date, `YYYY-MM-DD` on the wire.
///
/// Reading also accepts `YYYY-MM-DDTHH:MM:SSZ` (any time and offset) and
/// keeps the date part as written, without time-zone conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(pub time::Date);

impl Date {
    /// Wraps a `time::Date`.
    pub const fn new(value: time::Date) -> Self {
        Self(value)
    }
    /// The inner `time::Date`.
    pub const fn get(self) -> time::Date {
        self.0
    }
}

impl From<time::Date> for Date {
    fn from(v: time::Date) -> Self {
        Self(v)
    }
}

impl FromStr for Date {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        let t = s.trim();
        let err = || ValueError::Date(s.to_owned());
        let date_part = t.get(..10).ok_or_else(err)?;
        let date = time::Date::parse(date_part, format_description!("[year]-[month]-[day]"))
            .map_err(|_| err())?;
        let rest = &t[10..];
        if rest.is_empty() {
            return Ok(Self(date));
        }
        if rest.starts_with(['T', 't', ' ']) && DateTime::from_str(t).is_ok() {
            return Ok(Self(date));
        }
        Err(err())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let (y, m, d) = (self.0.year(), u8::from(self.0.month()), self.0.day());
        if y < 0 {
            write!(f, "-{:04}-{m:02}-{d:02}", -y)
        } else {
            write!(f, "{y:04}-{m:02}-{d:02}")
        }
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(FromStrVisitor::<Date>::new("a date YYYY-MM-DD"))
    }
}

/// A date-time column value (UserLocal / TimeZoneIndependent):
/// RFC 3339 on the wire, `2023-04-07T21:59:01Z`.
///
/// Reading also accepts a date-time without offset (taken as UTC, as the
/// server does) and a bare date (midnight UTC). Equality compares instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime(pub time::OffsetDateTime);

impl DateTime {
    /// Wraps a `time::OffsetDateTime`.
    pub const fn new(value: time::OffsetDateTime) -> Self {
        Self(value)
    }
    /// The inner `time::OffsetDateTime`.
    pub const fn get(self) -> time::OffsetDateTime {
        self.0
    }
}

impl From<time::OffsetDateTime> for DateTime {
    fn from(v: time::OffsetDateTime) -> Self {
        Self(v)
    }
}

impl FromStr for DateTime {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        let t = s.trim();
        if let Ok(v) = time::OffsetDateTime::parse(t, &Rfc3339) {
            return Ok(Self(v));
        }
        let no_offset = format_description!(
            version = 2,
            "[year]-[month]-[day][first [T] [t] [ ]][hour]:[minute][optional [:[second][optional [.[subsecond]]]]]"
        );
        if let Ok(v) = time::PrimitiveDateTime::parse(t, no_offset) {
            return Ok(Self(v.assume_utc()));
        }
        if t.len() == 10 {
            if let Ok(d) = time::Date::parse(t, format_description!("[year]-[month]-[day]")) {
                return Ok(Self(d.midnight().assume_utc()));
            }
        }
        Err(ValueError::DateTime(s.to_owned()))
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.0.format(&Rfc3339) {
            Ok(s) => f.write_str(&s),
            // Outside RFC 3339's range (year < 0): same shape, never an error.
            Err(_) => {
                let t = self.0;
                let (h, m, _) = t.offset().as_hms();
                write!(
                    f,
                    "{}T{:02}:{:02}:{:02}{}{:02}:{:02}",
                    Date(t.date()),
                    t.hour(),
                    t.minute(),
                    t.second(),
                    if t.offset().is_negative() { '-' } else { '+' },
                    h.unsigned_abs(),
                    m.unsigned_abs()
                )
            }
        }
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = self
            .0
            .format(&Rfc3339)
            .map_err(|e| serde::ser::Error::custom(format_args!("date-time not RFC 3339: {e}")))?;
        s.serialize_str(&text)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(FromStrVisitor::<DateTime>::new("an RFC 3339 date-time"))
    }
}

/// A lookup column value: the GUID of `_<column>_value`.
///
/// The target table, primary name and navigation property come as
/// annotations; see [`EntityReference`](crate::EntityReference).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Lookup(pub uuid::Uuid);

impl Lookup {
    /// Wraps a GUID.
    pub const fn new(id: uuid::Uuid) -> Self {
        Self(id)
    }
    /// The referenced row's GUID.
    pub const fn id(self) -> uuid::Uuid {
        self.0
    }
}

impl From<uuid::Uuid> for Lookup {
    fn from(v: uuid::Uuid) -> Self {
        Self(v)
    }
}

impl FromStr for Lookup {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        uuid::Uuid::parse_str(s.trim())
            .map(Self)
            .map_err(|_| ValueError::Guid(s.to_owned()))
    }
}

impl fmt::Display for Lookup {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

impl Serialize for Lookup {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut buf = uuid::Uuid::encode_buffer();
        s.serialize_str(self.0.hyphenated().encode_lower(&mut buf))
    }
}

impl<'de> Deserialize<'de> for Lookup {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(FromStrVisitor::<Lookup>::new("a GUID string"))
    }
}

/// Visits a string and parses it with `FromStr`.
struct FromStrVisitor<T> {
    expecting: &'static str,
    _t: PhantomData<fn() -> T>,
}

impl<T> FromStrVisitor<T> {
    fn new(expecting: &'static str) -> Self {
        Self {
            expecting,
            _t: PhantomData,
        }
    }
}

impl<'de, T> Visitor<'de> for FromStrVisitor<T>
where
    T: FromStr,
    T::Err: fmt::Display,
{
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }
}

/// Reads a choice value: a JSON integer, or a string holding one.
pub(crate) struct ChoiceVisitor;

impl<'de> Visitor<'de> for ChoiceVisitor {
    type Value = i32;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a choice value (integer or numeric string)")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i32, E> {
        i32::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i32, E> {
        i32::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i32, E> {
        if v.fract() == 0.0 && v >= f64::from(i32::MIN) && v <= f64::from(i32::MAX) {
            Ok(v as i32)
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<i32, E> {
        parse_choice(v).map_err(E::custom)
    }
}

fn parse_choice(v: &str) -> Result<i32, ValueError> {
    v.trim()
        .parse::<i32>()
        .map_err(|_| ValueError::Choice(v.to_owned()))
}

/// Support for [`impl_option_set_serde!`](crate::impl_option_set_serde); not public API.
#[doc(hidden)]
pub mod __private {
    use super::*;

    /// Reads a choice value (integer or numeric string).
    pub fn deserialize_choice<'de, D: Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
        d.deserialize_any(ChoiceVisitor)
    }
}

/// Implements `Serialize` (as the integer value) and `Deserialize` (from an
/// integer or a numeric string; unknown values become `Unknown(n)` through
/// [`OptionSet::from_value`], never an error) for a generated option set enum.
///
/// ```ignore
/// ::dvgen_runtime::impl_option_set_serde!(LeadSourceCode);
/// ```
#[macro_export]
macro_rules! impl_option_set_serde {
    ($ty:ty) => {
        impl $crate::serde::Serialize for $ty {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::serde::Serializer,
            {
                serializer.serialize_i32(<$ty as $crate::OptionSet>::value(*self))
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $ty {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::serde::Deserializer<'de>,
            {
                $crate::__private::deserialize_choice(deserializer)
                    .map(<$ty as $crate::OptionSet>::from_value)
            }
        }
    };
}

/// A multi-select choice (Choices) column value: a set of options, kept
/// sorted by integer value and without duplicates.
///
/// Wire form: a string of comma-separated integers, `"2,3,8,9"`. Reading
/// accepts spaces (`"1, 9"`), `""` and `null` (empty), and a JSON array of
/// integers or numeric strings. Writing gives `"1,9"`.
#[derive(Clone)]
pub struct MultiSelect<E> {
    items: Vec<E>,
}

impl<E: OptionSet> MultiSelect<E> {
    /// An empty set.
    pub const fn new() -> Self {
        Self { items: Vec::new() }
    }
    /// Adds an option; returns false if it was already there.
    pub fn insert(&mut self, option: E) -> bool {
        let v = option.value();
        match self.items.binary_search_by_key(&v, |e| e.value()) {
            Ok(_) => false,
            Err(i) => {
                self.items.insert(i, option);
                true
            }
        }
    }
    /// Removes an option; returns true if it was there.
    pub fn remove(&mut self, option: E) -> bool {
        let v = option.value();
        match self.items.binary_search_by_key(&v, |e| e.value()) {
            Ok(i) => {
                self.items.remove(i);
                true
            }
            Err(_) => false,
        }
    }
    /// True if the option is selected.
    pub fn contains(&self, option: E) -> bool {
        let v = option.value();
        self.items.binary_search_by_key(&v, |e| e.value()).is_ok()
    }
    /// The options, by ascending value.
    pub fn iter(&self) -> impl Iterator<Item = E> + '_ {
        self.items.iter().copied()
    }
    /// The options as a slice, by ascending value.
    pub fn as_slice(&self) -> &[E] {
        &self.items
    }
    /// The integer values, ascending.
    pub fn values(&self) -> impl Iterator<Item = i32> + '_ {
        self.items.iter().map(|e| e.value())
    }
    /// Number of selected options.
    pub fn len(&self) -> usize {
        self.items.len()
    }
    /// True if nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    /// The wire text, `"1,9"`.
    pub fn to_wire_string(&self) -> String {
        let mut out = String::new();
        for (i, v) in self.values().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&v.to_string());
        }
        out
    }
}

impl<E: OptionSet> Default for MultiSelect<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: OptionSet + fmt::Debug> fmt::Debug for MultiSelect<E> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_set().entries(self.items.iter()).finish()
    }
}

impl<E: OptionSet> PartialEq for MultiSelect<E> {
    fn eq(&self, other: &Self) -> bool {
        self.values().eq(other.values())
    }
}
impl<E: OptionSet> Eq for MultiSelect<E> {}

impl<E: OptionSet> std::hash::Hash for MultiSelect<E> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_usize(self.items.len());
        for v in self.values() {
            state.write_i32(v);
        }
    }
}

impl<E: OptionSet> FromIterator<E> for MultiSelect<E> {
    fn from_iter<I: IntoIterator<Item = E>>(iter: I) -> Self {
        let mut s = Self::new();
        for e in iter {
            s.insert(e);
        }
        s
    }
}

impl<E: OptionSet> Extend<E> for MultiSelect<E> {
    fn extend<I: IntoIterator<Item = E>>(&mut self, iter: I) {
        for e in iter {
            self.insert(e);
        }
    }
}

impl<E: OptionSet> IntoIterator for MultiSelect<E> {
    type Item = E;
    type IntoIter = std::vec::IntoIter<E>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<E: OptionSet> FromStr for MultiSelect<E> {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        let mut out = Self::new();
        for part in s.split(',') {
            if part.trim().is_empty() {
                continue;
            }
            out.insert(E::from_value(parse_choice(part)?));
        }
        Ok(out)
    }
}

impl<E: OptionSet> Serialize for MultiSelect<E> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_wire_string())
    }
}

impl<'de, E: OptionSet> Deserialize<'de> for MultiSelect<E> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<E>(PhantomData<fn() -> E>);
        impl<'de, E: OptionSet> Visitor<'de> for V<E> {
            type Value = MultiSelect<E>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("comma-separated choice values or an array of them")
            }
            fn visit_str<Er: de::Error>(self, v: &str) -> Result<Self::Value, Er> {
                v.parse().map_err(Er::custom)
            }
            fn visit_unit<Er: de::Error>(self) -> Result<Self::Value, Er> {
                Ok(MultiSelect::new())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                struct Choice(i32);
                impl<'de> Deserialize<'de> for Choice {
                    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                        d.deserialize_any(ChoiceVisitor).map(Choice)
                    }
                }
                let mut out = MultiSelect::new();
                while let Some(Choice(v)) = seq.next_element()? {
                    out.insert(E::from_value(v));
                }
                Ok(out)
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}
