//! Annotations and unknown properties of a row, and typed lookup references.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::column::Column;
use crate::values::Lookup;
use crate::Entity;

/// serde_json's token for "the raw JSON text of this value" (`raw_value`
/// feature; the request `Box<RawValue>` makes), see [`crate::values`].
pub(crate) const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// Instance annotation: a choice label, lookup primary name, formatted money or date.
pub const FORMATTED_VALUE: &str = "OData.Community.Display.V1.FormattedValue";
/// Instance annotation: the table a (polymorphic) lookup points at.
pub const LOOKUP_LOGICAL_NAME: &str = "Microsoft.Dynamics.CRM.lookuplogicalname";
/// Instance annotation: the navigation property behind a lookup.
pub const ASSOCIATED_NAVIGATION_PROPERTY: &str =
    "Microsoft.Dynamics.CRM.associatednavigationproperty";

/// Everything in a row's JSON that the generated struct has no field for:
/// annotations (`@odata.etag`, `x@OData.Community.Display.V1.FormattedValue`,
/// ...) and properties the type does not know (expanded navigation
/// properties, aliased values, columns left out of generation), plus which
/// of the struct's own columns arrived as an explicit `null`.
///
/// Generated structs hold it as `pub extra: Extra` and read and write it
/// through [`Row`](crate::Row). Entries keep the order in which they were
/// read or inserted (a repeated key keeps its first place and its last
/// value); equality does not depend on that order.
///
/// Storage is compact and exact: keys, string values and the raw JSON text
/// of every other value live in one text buffer (two allocations per row,
/// none per entry). Non-string values (numbers, expanded rows, arrays) are
/// kept as the JSON text they arrived as, so numbers keep all their digits
/// ([`expanded`](Self::expanded) reads `Money`/`Decimal` of an expanded row
/// exactly). Read string values with [`get_str`](Self::get_str) (or the
/// typed helpers), anything with [`get`](Self::get), which returns an
/// [`ExtraValue`].
#[derive(Clone, Default)]
pub struct Extra {
    text: String,
    entries: Vec<Slot>,
    /// Indexes (into [`Row::PROPERTIES`](crate::Row::PROPERTIES)) of the
    /// row's own columns that were read as `null`, sorted.
    nulls: Vec<u16>,
}

#[derive(Clone)]
struct Slot {
    key: (u32, u32),
    hash: u32,
    value: SlotValue,
}

#[derive(Clone, Copy)]
enum SlotValue {
    /// An unescaped JSON string.
    Str(u32, u32),
    /// The JSON text of any other value.
    Raw(u32, u32),
}

/// A borrowed value of an [`Extra`] entry.
#[derive(Debug, Clone, Copy)]
pub enum ExtraValue<'a> {
    /// A JSON string (unescaped).
    Str(&'a str),
    /// Any other JSON value, as its JSON text (`42`, `null`, `{"name": ...}`).
    Raw(&'a str),
}

impl<'a> ExtraValue<'a> {
    /// The string, if this is a JSON string.
    pub fn as_str(self) -> Option<&'a str> {
        match self {
            ExtraValue::Str(s) => Some(s),
            ExtraValue::Raw(_) => None,
        }
    }
    /// The JSON text, if this is not a string (objects of `$expand`,
    /// numbers, `null`, ...), exactly as it was read.
    pub fn as_raw(self) -> Option<&'a str> {
        match self {
            ExtraValue::Str(_) => None,
            ExtraValue::Raw(s) => Some(s),
        }
    }
    /// The value parsed as a `serde_json::Value`, if this is not a string
    /// (numbers go through `f64`, as in any `Value`).
    pub fn as_json(self) -> Option<Value> {
        self.as_raw().map(parse_raw)
    }
    /// True for a JSON `null`.
    pub fn is_null(self) -> bool {
        self.as_raw() == Some("null")
    }
    /// An owned `serde_json::Value`.
    pub fn to_value(self) -> Value {
        match self {
            ExtraValue::Str(s) => Value::String(s.to_owned()),
            ExtraValue::Raw(r) => parse_raw(r),
        }
    }
    /// Reads the value as `T` (exact for `Decimal`/`Money` and generated
    /// rows: the JSON text is parsed, not a `Value`).
    pub fn read<T: DeserializeOwned>(self) -> Result<T, serde_json::Error> {
        match self {
            ExtraValue::Str(s) => {
                T::deserialize(de::value::StrDeserializer::<serde_json::Error>::new(s))
            }
            ExtraValue::Raw(r) => serde_json::from_str(r),
        }
    }
}

/// Raw text came from serde_json or from serializing a `Value`, so it parses.
fn parse_raw(raw: &str) -> Value {
    serde_json::from_str(raw).unwrap_or(Value::Null)
}

impl PartialEq for ExtraValue<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (ExtraValue::Str(a), ExtraValue::Str(b)) => a == b,
            // The same text is the same value; otherwise compare what the
            // texts mean (`{"a":1}` and `{ "a": 1 }`).
            (ExtraValue::Raw(a), ExtraValue::Raw(b)) => a == b || parse_raw(a) == parse_raw(b),
            _ => false,
        }
    }
}

impl PartialEq<Value> for ExtraValue<'_> {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (ExtraValue::Str(a), Value::String(b)) => a == b,
            (ExtraValue::Str(_), _) => false,
            (ExtraValue::Raw(a), b) => parse_raw(a) == *b,
        }
    }
}

impl Serialize for ExtraValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ExtraValue::Str(v) => s.serialize_str(v),
            ExtraValue::Raw(v) => serialize_raw(v, s),
        }
    }
}

/// Writes `raw` (valid JSON text) verbatim through serde_json's raw-value
/// path (`to_string`, `to_writer` and `to_value` understand it).
pub(crate) fn serialize_raw<S: Serializer>(raw: &str, s: S) -> Result<S::Ok, S::Error> {
    let mut st = s.serialize_struct(RAW_TOKEN, 1)?;
    st.serialize_field(RAW_TOKEN, raw)?;
    st.end()
}

/// The hash of a key compared before its text (the property index's hash,
/// so a row's reader hashes each key once).
#[inline]
fn key_hash(key: &str) -> u32 {
    crate::property_index::hash(key) as u32
}

impl Extra {
    /// An empty map.
    pub const fn new() -> Self {
        Self {
            text: String::new(),
            entries: Vec::new(),
            nulls: Vec::new(),
        }
    }

    fn str_at(&self, (a, b): (u32, u32)) -> &str {
        self.text.get(a as usize..b as usize).unwrap_or_default()
    }

    fn key_of(&self, slot: &Slot) -> &str {
        self.str_at(slot.key)
    }

    fn value_of(&self, slot: &Slot) -> ExtraValue<'_> {
        match slot.value {
            SlotValue::Str(a, b) => ExtraValue::Str(self.str_at((a, b))),
            SlotValue::Raw(a, b) => ExtraValue::Raw(self.str_at((a, b))),
        }
    }

    fn find_hashed(&self, key: &str, hash: u32) -> Option<usize> {
        self.entries
            .iter()
            .position(|s| s.hash == hash && self.key_of(s) == key)
    }

    fn find(&self, key: &str) -> Option<usize> {
        self.find_hashed(key, key_hash(key))
    }

    fn push_text(&mut self, s: &str) -> Option<(u32, u32)> {
        let a = u32::try_from(self.text.len()).ok()?;
        let b = u32::try_from(self.text.len() + s.len()).ok()?;
        self.text.push_str(s);
        Some((a, b))
    }

    fn put(&mut self, key: &str, value: SlotValue) {
        let hash = key_hash(key);
        match self.find_hashed(key, hash) {
            Some(i) => self.entries[i].value = value,
            None => {
                if let Some(k) = self.push_text(key) {
                    self.entries.push(Slot {
                        key: k,
                        hash,
                        value,
                    });
                }
            }
        }
    }

    /// The value under `key`, verbatim (`"@odata.etag"`, `"name@..."`, `"unknowncol"`).
    pub fn get(&self, key: &str) -> Option<ExtraValue<'_>> {
        self.find(key).map(|i| self.value_of(&self.entries[i]))
    }
    /// A string value under `key`.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(ExtraValue::as_str)
    }
    /// True if `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_some()
    }
    /// Inserts a value, replacing any value under the same key.
    pub fn insert(&mut self, key: &str, value: Value) {
        let value = match &value {
            Value::String(s) => self.push_text(s).map(|(a, b)| SlotValue::Str(a, b)),
            other => self
                .push_text(&other.to_string())
                .map(|(a, b)| SlotValue::Raw(a, b)),
        };
        if let Some(v) = value {
            self.put(key, v);
        }
    }
    /// Inserts a string value, replacing any value under the same key.
    pub fn insert_str(&mut self, key: &str, value: &str) {
        if let Some((a, b)) = self.push_text(value) {
            self.put(key, SlotValue::Str(a, b));
        }
    }
    /// Removes a value, returning it. (Its text stays in the buffer until
    /// the map is dropped or cloned.)
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let i = self.find(key)?;
        let v = self.value_of(&self.entries[i]).to_value();
        self.entries.remove(i);
        Some(v)
    }
    /// Number of entries (explicit nulls of the row's own columns are not entries).
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    /// True if there are no entries and no explicit nulls.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.nulls.is_empty()
    }
    /// Entries, in the order they were read or inserted.
    pub fn iter(&self) -> impl Iterator<Item = (&str, ExtraValue<'_>)> {
        self.entries
            .iter()
            .map(move |s| (self.key_of(s), self.value_of(s)))
    }
    /// `@odata.etag` (a weak ETag such as `W/"81359849"`), for `If-Match`.
    pub fn etag(&self) -> Option<&str> {
        self.get_str("@odata.etag")
    }
    /// `@odata.context`.
    pub fn odata_context(&self) -> Option<&str> {
        self.get_str("@odata.context")
    }
    /// `@odata.type` (`#Microsoft.Dynamics.CRM.account`).
    pub fn odata_type(&self) -> Option<&str> {
        self.get_str("@odata.type")
    }
    /// The annotation `<property>@<name>`; `property` is the Web API property
    /// name (`_ownerid_value` for lookups).
    pub fn annotation(&self, property: &str, name: &str) -> Option<ExtraValue<'_>> {
        let mut key = String::with_capacity(property.len() + 1 + name.len());
        key.push_str(property);
        key.push('@');
        key.push_str(name);
        self.get(&key)
    }
    /// `<property>@OData.Community.Display.V1.FormattedValue`.
    pub fn formatted_value(&self, property: &str) -> Option<&str> {
        self.annotation(property, FORMATTED_VALUE)
            .and_then(ExtraValue::as_str)
    }
    /// `<property>@Microsoft.Dynamics.CRM.lookuplogicalname`.
    pub fn lookup_logical_name(&self, property: &str) -> Option<&str> {
        self.annotation(property, LOOKUP_LOGICAL_NAME)
            .and_then(ExtraValue::as_str)
    }
    /// `<property>@Microsoft.Dynamics.CRM.associatednavigationproperty`.
    pub fn associated_navigation_property(&self, property: &str) -> Option<&str> {
        self.annotation(property, ASSOCIATED_NAVIGATION_PROPERTY)
            .and_then(ExtraValue::as_str)
    }
    /// An expanded single-valued navigation property (`$expand=parentaccountid`)
    /// read as `T`, typically the generated struct of the target table:
    /// `row.extra().expanded::<opportunity::Opportunity>("qualifyingopportunityid")`.
    ///
    /// `None` when `nav` is absent or `null` (no related row). The expanded
    /// row is kept as its JSON text, so `Money`/`Decimal` columns in it are
    /// read exactly, as at the top level. The raw JSON stays available
    /// through [`get`](Self::get) for targets that are not generated.
    pub fn expanded<T: DeserializeOwned>(&self, nav: &str) -> Option<Result<T, serde_json::Error>> {
        let v = self.get(nav)?;
        if v.is_null() {
            return None;
        }
        Some(v.read())
    }
    /// An expanded collection-valued navigation property
    /// (`$expand=opportunity_originating_lead`) read as `Vec<T>`; `None` when
    /// absent or `null`. See [`expanded`](Self::expanded).
    pub fn expanded_collection<T: DeserializeOwned>(
        &self,
        nav: &str,
    ) -> Option<Result<Vec<T>, serde_json::Error>> {
        self.expanded::<Vec<T>>(nav)
    }
    /// `<nav>@odata.nextLink`: the URL of the rest of an expanded collection
    /// (returned when the collection was paged).
    pub fn expanded_next_link(&self, nav: &str) -> Option<&str> {
        self.annotation(nav, "odata.nextLink")
            .and_then(ExtraValue::as_str)
    }
    /// All entries as a JSON object map.
    pub fn to_map(&self) -> serde_json::Map<String, Value> {
        self.iter()
            .map(|(k, v)| (k.to_owned(), v.to_value()))
            .collect()
    }

    /// True when the row's own column number `index` (in
    /// [`Row::PROPERTIES`](crate::Row::PROPERTIES)) was read as `null`.
    /// Prefer [`Row::is_explicit_null`](crate::Row::is_explicit_null).
    #[inline]
    pub fn is_null_property(&self, index: usize) -> bool {
        !self.nulls.is_empty()
            && u16::try_from(index).is_ok_and(|i| self.nulls.binary_search(&i).is_ok())
    }
    /// Records (or forgets, with `null: false`) that the row's own column
    /// number `index` is an explicit `null`. Prefer
    /// [`Row::set_explicit_null`](crate::Row::set_explicit_null).
    pub fn set_null_property(&mut self, index: usize, null: bool) {
        let Ok(i) = u16::try_from(index) else {
            return;
        };
        match (self.nulls.binary_search(&i), null) {
            (Err(at), true) => self.nulls.insert(at, i),
            (Ok(at), false) => {
                self.nulls.remove(at);
            }
            _ => {}
        }
    }
    /// The indexes of the row's own columns read as `null`, sorted.
    pub fn null_properties(&self) -> &[u16] {
        &self.nulls
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let mut m = f.debug_map();
        m.entries(self.iter());
        if !self.nulls.is_empty() {
            m.entry(&"(null properties)", &self.nulls);
        }
        m.finish()
    }
}

impl PartialEq for Extra {
    /// The same entries (in any order) and the same explicit nulls.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self.nulls == other.nulls
            && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<K: AsRef<str>> FromIterator<(K, Value)> for Extra {
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(iter: I) -> Self {
        let mut e = Extra::new();
        for (k, v) in iter {
            e.insert(k.as_ref(), v);
        }
        e
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            m.serialize_entry(k, &v)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ExtraVisitor)
    }
}

struct ExtraVisitor;

impl<'de> Visitor<'de> for ExtraVisitor {
    type Value = Extra;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Extra, A::Error> {
        let mut e = Extra::new();
        while let Some(key) = map.next_key::<KeyText<'de>>()? {
            e.read_entry(key.as_str(), &mut map)?;
        }
        e.shrink();
        Ok(e)
    }
}

impl Extra {
    /// Reads the next value of `map` as the entry `key`; a repeated key keeps
    /// the last value.
    pub(crate) fn read_entry<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        self.read_entry_hashed(key, crate::property_index::hash(key), map)
    }

    /// [`read_entry`](Self::read_entry) with the key's
    /// `property_index::hash` already computed.
    pub(crate) fn read_entry_hashed<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        full_hash: u64,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let too_big = || de::Error::custom("annotations exceed 4 GiB");
        if self.entries.is_empty() {
            // Typical rows carry 5-15 annotations of ~60-90 bytes each (key
            // and value); reserving for them up front avoids regrowing the
            // buffer (copies) row after row. `shrink` gives back the rest.
            self.text.reserve(1536);
            self.entries.reserve(16);
        }
        let hash = full_hash as u32;
        let existing = self.find_hashed(key, hash);
        let k = match existing {
            Some(_) => (0, 0),
            None => self.push_text(key).ok_or_else(too_big)?,
        };
        let value = map
            .next_value_seed(SlotSeed(&mut self.text))?
            .ok_or_else(too_big)?;
        match existing {
            Some(i) => self.entries[i].value = value,
            None => self.entries.push(Slot {
                key: k,
                hash,
                value,
            }),
        }
        Ok(())
    }

    /// Gives back text capacity reserved but not used.
    pub(crate) fn shrink(&mut self) {
        if self.text.capacity() > self.text.len() + 256 {
            self.text.shrink_to_fit();
        }
        if self.entries.capacity() > self.entries.len() + 4 {
            self.entries.shrink_to_fit();
        }
    }
}

/// A key, borrowed when possible.
pub(crate) struct KeyText<'de>(std::borrow::Cow<'de, str>);

impl KeyText<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for KeyText<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(KeyTextVisitor)
    }
}

struct KeyTextVisitor;

impl<'de> Visitor<'de> for KeyTextVisitor {
    type Value = KeyText<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(KeyText(std::borrow::Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(KeyText(std::borrow::Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(KeyText(std::borrow::Cow::Owned(v)))
    }
}

/// Appends `s` to the text buffer; `None` past 4 GiB.
fn push(text: &mut String, s: &str) -> Option<(u32, u32)> {
    let a = u32::try_from(text.len()).ok()?;
    let b = u32::try_from(text.len() + s.len()).ok()?;
    text.push_str(s);
    Some((a, b))
}

/// Stores raw JSON text: a string without escapes as its contents (the
/// common case, no parsing), an escaped string unescaped, anything else
/// verbatim.
fn store_raw(text: &mut String, raw: &str) -> Result<Option<SlotValue>, serde_json::Error> {
    let raw = raw.trim_matches(|c: char| c.is_ascii_whitespace());
    if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        if !inner.contains('\\') {
            return Ok(push(text, inner).map(|(a, b)| SlotValue::Str(a, b)));
        }
        let s: String = serde_json::from_str(raw)?;
        return Ok(push(text, &s).map(|(a, b)| SlotValue::Str(a, b)));
    }
    Ok(push(text, raw).map(|(a, b)| SlotValue::Raw(a, b)))
}

/// Stores a value that a deserializer handed over already parsed (one that
/// does not give raw text: `serde_json::Value`'s own, another format's).
fn store_value(text: &mut String, v: &Value) -> Option<SlotValue> {
    match v {
        Value::String(s) => push(text, s).map(|(a, b)| SlotValue::Str(a, b)),
        other => push(text, &other.to_string()).map(|(a, b)| SlotValue::Raw(a, b)),
    }
}

/// Reads one value into the text buffer: asks serde_json for the raw JSON
/// text (no `Value` is built, numbers keep their digits); other deserializers
/// hand the value over as usual. `None` when the buffer would pass 4 GiB.
struct SlotSeed<'t>(&'t mut String);

impl<'de> DeserializeSeed<'de> for SlotSeed<'_> {
    type Value = Option<SlotValue>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_newtype_struct(RAW_TOKEN, self)
    }
}

impl<'de> Visitor<'de> for SlotSeed<'_> {
    type Value = Option<SlotValue>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        let v = Value::deserialize(d)?;
        Ok(store_value(self.0, &v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(push(self.0, v).map(|(a, b)| SlotValue::Str(a, b)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(store_value(self.0, &Value::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(store_value(self.0, &Value::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(store_value(self.0, &Value::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(store_value(self.0, &Value::from(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(store_value(self.0, &Value::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        let v = Value::deserialize(d)?;
        Ok(store_value(self.0, &v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let v = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(store_value(self.0, &v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // serde_json answers the raw-text request with a one-entry map
        // `{RAW_TOKEN: "<json text>"}`; any other map is a real object.
        let Some(first) = map.next_key::<KeyText<'de>>()? else {
            return Ok(store_value(self.0, &Value::Object(serde_json::Map::new())));
        };
        if first.as_str() == RAW_TOKEN {
            let raw = map.next_value::<KeyText<'de>>()?;
            return store_raw(self.0, raw.as_str()).map_err(de::Error::custom);
        }
        let mut m = serde_json::Map::new();
        m.insert(first.as_str().to_owned(), map.next_value::<Value>()?);
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            m.insert(k, v);
        }
        Ok(store_value(self.0, &Value::Object(m)))
    }
}

/// Implemented by generated table structs to expose their [`Extra`].
///
/// The emitter writes, for each table struct:
///
/// ```ignore
/// impl ::dvgen_runtime::HasExtra for Lead {
///     fn extra(&self) -> &::dvgen_runtime::Extra { &self.extra }
///     fn extra_mut(&mut self) -> &mut ::dvgen_runtime::Extra { &mut self.extra }
/// }
/// ```
pub trait HasExtra {
    /// Annotations and unknown properties.
    fn extra(&self) -> &Extra;
    /// Mutable access to annotations and unknown properties.
    fn extra_mut(&mut self) -> &mut Extra;
}

/// A typed reference to a row, rebuilt from a lookup value and its annotations.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EntityReference {
    /// Target table logical name: from `@Microsoft.Dynamics.CRM.lookuplogicalname`,
    /// else the column's only documented target; `None` when neither says.
    pub table: Option<String>,
    /// The referenced row's GUID.
    pub id: uuid::Uuid,
    /// The primary name (the lookup's FormattedValue annotation), if returned.
    pub name: Option<String>,
    /// The single-valued navigation property (annotation, else the target's
    /// documented `navigation_property`), for `$expand` and `@odata.bind`.
    pub navigation_property: Option<String>,
    /// The target's entity set (from metadata), for `/<entity set>(<id>)` paths.
    pub entity_set: Option<String>,
}

impl EntityReference {
    /// `/<entity set>(<id>)`, the `@odata.bind` value, when the entity set is known.
    pub fn bind_path(&self) -> Option<String> {
        self.entity_set
            .as_ref()
            .map(|set| format!("/{set}({})", self.id.hyphenated()))
    }
}

impl<E: Entity> Column<E, Lookup> {
    /// Rebuilds the reference for this lookup column from `value` (the
    /// generated field, e.g. `row.ownerid`) and the annotations in `extra`.
    pub fn reference_in(self, value: Lookup, extra: &Extra) -> EntityReference {
        let property = self.property_name();
        let meta = self.metadata();
        let table = extra
            .lookup_logical_name(&property)
            .map(str::to_owned)
            .or_else(|| match meta.targets {
                [only] => Some(only.table.to_owned()),
                _ => None,
            });
        let target = table
            .as_deref()
            .and_then(|t| meta.targets.iter().find(|x| x.table == t));
        let navigation_property = extra
            .associated_navigation_property(&property)
            .map(str::to_owned)
            .or_else(|| {
                target
                    .and_then(|t| t.navigation_property)
                    .map(str::to_owned)
            });
        EntityReference {
            table,
            id: value.id(),
            name: extra.formatted_value(&property).map(str::to_owned),
            navigation_property,
            entity_set: target.and_then(|t| t.entity_set).map(str::to_owned),
        }
    }

    /// Rebuilds the reference for this lookup column of `row`, given the
    /// field's value (`columns::OWNERID.reference(&row, row.ownerid)`).
    /// `None` when the lookup is empty.
    pub fn reference(self, row: &E, value: Option<Lookup>) -> Option<EntityReference>
    where
        E: HasExtra,
    {
        value.map(|v| self.reference_in(v, row.extra()))
    }
}
