//! Annotations and unknown properties of a row, and typed lookup references.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::column::Column;
use crate::values::Lookup;
use crate::Entity;

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
/// properties, aliased values, columns added after generation).
///
/// Generated structs hold it as `pub extra: Extra` and read and write it
/// through [`Row`](crate::Row). Entries
/// are kept sorted by key, so serialization is deterministic and equality does
/// not depend on the order of the input.
///
/// Storage is compact because nearly every annotation is a string: keys and
/// string values live in one text buffer (two allocations per row instead of
/// two per entry); other values are kept as [`serde_json::Value`]. Read string
/// values with [`get_str`](Self::get_str) (or the typed helpers), anything
/// with [`get`](Self::get), which returns an [`ExtraValue`].
#[derive(Clone, Default)]
pub struct Extra {
    text: String,
    entries: Vec<Slot>,
}

#[derive(Clone)]
struct Slot {
    key: (u32, u32),
    value: SlotValue,
}

#[derive(Clone)]
enum SlotValue {
    Str(u32, u32),
    Json(Box<Value>),
}

/// A borrowed value of an [`Extra`] entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ExtraValue<'a> {
    /// A JSON string.
    Str(&'a str),
    /// Any other JSON value.
    Json(&'a Value),
}

impl<'a> ExtraValue<'a> {
    /// The string, if this is a JSON string.
    pub fn as_str(self) -> Option<&'a str> {
        match self {
            ExtraValue::Str(s) => Some(s),
            ExtraValue::Json(Value::String(s)) => Some(s),
            ExtraValue::Json(_) => None,
        }
    }
    /// The JSON value, if this is not a string (objects of `$expand`, numbers, ...).
    pub fn as_json(self) -> Option<&'a Value> {
        match self {
            ExtraValue::Str(_) => None,
            ExtraValue::Json(v) => Some(v),
        }
    }
    /// An owned `serde_json::Value`.
    pub fn to_value(self) -> Value {
        match self {
            ExtraValue::Str(s) => Value::String(s.to_owned()),
            ExtraValue::Json(v) => v.clone(),
        }
    }
}

impl PartialEq<Value> for ExtraValue<'_> {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (ExtraValue::Str(a), Value::String(b)) => a == b,
            (ExtraValue::Str(_), _) => false,
            (ExtraValue::Json(a), b) => *a == b,
        }
    }
}

impl Serialize for ExtraValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ExtraValue::Str(v) => s.serialize_str(v),
            ExtraValue::Json(v) => v.serialize(s),
        }
    }
}

impl Extra {
    /// An empty map.
    pub const fn new() -> Self {
        Self {
            text: String::new(),
            entries: Vec::new(),
        }
    }

    fn str_at(&self, (a, b): (u32, u32)) -> &str {
        self.text.get(a as usize..b as usize).unwrap_or_default()
    }

    fn key_of(&self, slot: &Slot) -> &str {
        self.str_at(slot.key)
    }

    fn value_of<'a>(&'a self, slot: &'a Slot) -> ExtraValue<'a> {
        match &slot.value {
            SlotValue::Str(a, b) => ExtraValue::Str(self.str_at((*a, *b))),
            SlotValue::Json(v) => ExtraValue::Json(v),
        }
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|slot| self.key_of(slot).cmp(key))
    }

    fn push_text(&mut self, s: &str) -> Option<(u32, u32)> {
        let a = u32::try_from(self.text.len()).ok()?;
        let b = u32::try_from(self.text.len() + s.len()).ok()?;
        self.text.push_str(s);
        Some((a, b))
    }

    /// The value under `key`, verbatim (`"@odata.etag"`, `"name@..."`, `"unknowncol"`).
    pub fn get(&self, key: &str) -> Option<ExtraValue<'_>> {
        self.find(key).ok().map(|i| self.value_of(&self.entries[i]))
    }
    /// A string value under `key`.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(ExtraValue::as_str)
    }
    /// True if `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }
    /// Inserts a value, replacing any value under the same key.
    pub fn insert(&mut self, key: &str, value: Value) {
        let Some(k) = self.push_text(key) else {
            return;
        };
        let value = match value {
            Value::String(s) => match self.push_text(&s) {
                Some((a, b)) => SlotValue::Str(a, b),
                None => SlotValue::Json(Box::new(Value::String(s))),
            },
            other => SlotValue::Json(Box::new(other)),
        };
        let slot = Slot { key: k, value };
        match self.find(key) {
            Ok(i) => self.entries[i] = slot,
            Err(i) => self.entries.insert(i, slot),
        }
    }
    /// Removes a value, returning it.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let i = self.find(key).ok()?;
        let v = self.value_of(&self.entries[i]).to_value();
        self.entries.remove(i);
        Some(v)
    }
    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    /// True if empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    /// Entries, sorted by key.
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
    /// `None` when `nav` is absent or `null` (no related row). The raw JSON
    /// stays available through [`get`](Self::get) for targets that are not
    /// generated. Numbers inside expanded rows pass through `f64` (the
    /// expanded row is kept as a `serde_json::Value`), so decimals beyond ~15
    /// significant digits or their trailing zeros are not kept there.
    pub fn expanded<T: DeserializeOwned>(&self, nav: &str) -> Option<Result<T, serde_json::Error>> {
        match self.get(nav)? {
            ExtraValue::Json(Value::Null) => None,
            ExtraValue::Json(v) => Some(T::deserialize(v)),
            ExtraValue::Str(s) => Some(T::deserialize(&Value::String(s.to_owned()))),
        }
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
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
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
        let too_big = || de::Error::custom("annotations exceed 4 GiB");
        if self.entries.is_empty() {
            // Typical rows carry 5-15 annotations of ~60-90 bytes each (key
            // and value); reserving for them up front avoids regrowing the
            // buffer (copies) row after row. `shrink` gives back the rest.
            self.text.reserve(1536);
            self.entries.reserve(16);
        }
        let pos = self.find(key);
        let k = self.push_text(key).ok_or_else(too_big)?;
        let value = map
            .next_value_seed(SlotSeed(&mut self.text))?
            .ok_or_else(too_big)?;
        let slot = Slot { key: k, value };
        // Keep entries sorted as we go.
        match pos {
            Ok(i) => self.entries[i] = slot,
            Err(i) => self.entries.insert(i, slot),
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
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string key")
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
        d.deserialize_str(V)
    }
}

/// Reads one value: strings go into the text buffer, the rest into a `Value`.
/// `None` when the buffer would pass 4 GiB.
struct SlotSeed<'t>(&'t mut String);

impl<'de> DeserializeSeed<'de> for SlotSeed<'_> {
    type Value = Option<SlotValue>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SlotSeed<'_> {
    type Value = Option<SlotValue>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let a = u32::try_from(self.0.len()).ok();
        let b = u32::try_from(self.0.len() + v.len()).ok();
        Ok(match (a, b) {
            (Some(a), Some(b)) => {
                self.0.push_str(v);
                Some(SlotValue::Str(a, b))
            }
            _ => None,
        })
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(SlotValue::Json(Box::new(Value::Bool(v)))))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(SlotValue::Json(Box::new(Value::from(v)))))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(SlotValue::Json(Box::new(Value::from(v)))))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(SlotValue::Json(Box::new(Value::from(v)))))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Some(SlotValue::Json(Box::new(Value::Null))))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let v = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Some(SlotValue::Json(Box::new(v))))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let v = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(Some(SlotValue::Json(Box::new(v))))
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
