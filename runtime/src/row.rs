//! Generated table structs as Web API JSON objects.
//!
//! Generated structs do not derive serde: a derive with a flattened
//! [`Extra`](crate::Extra) makes serde buffer every unknown key and value
//! (annotations, expanded rows) before handing them over, which costs time
//! and loses number precision inside expanded rows. Instead each struct
//! implements [`Row`] (the list of its property names with a hash index over
//! them, one `match` arm per property, one [`write_property`] call per
//! field) and forwards its `Deserialize` and
//! `Serialize` impls to [`deserialize_row`] and [`serialize_row`]:
//! documented properties are read straight into their fields, everything
//! else goes into the row's `Extra` in one pass.
//!
//! # Explicit nulls
//!
//! A column that arrives as `null` reads as `None`, like an absent one, and
//! the row's [`Extra`](crate::Extra) records that it was `null` (a sorted
//! list of property indexes, empty and unallocated for rows without nulls).
//! Writing the row back writes `null` for it, so read-then-write gives the
//! same JSON; [`Row::is_explicit_null`] tells the two apart. Setting the
//! field to `Some` wins over the record. To build a write body that clears
//! a column, use [`Changes::clear`](crate::Changes::clear).

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::fmt;

use crate::extra::{HasExtra, KeyText};
use crate::property_index::PropertyIndex;

/// A generated table struct: its documented Web API properties by name.
pub trait Row: Default + HasExtra {
    /// The Web API property names of the fields (lookups as
    /// `_<column>_value`), sorted.
    const PROPERTIES: &'static [&'static str];

    /// The hash index over [`PROPERTIES`](Self::PROPERTIES); generated as
    /// a `static` [`LazyPropertyIndex`](crate::property_index::LazyPropertyIndex).
    fn property_index() -> &'static PropertyIndex;

    /// Reads the next value of `map` into the field of `PROPERTIES[index]`
    /// (generated: one [`read_field`] call per property).
    /// [`Read::Unknown`] when there is no such index (the value is then left unread).
    fn read_property<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<Read, A::Error>;

    /// Writes every field that is set (`Some`), and `null` for every field
    /// that is `None` and was read as an explicit `null`, under its property
    /// name (generated: one [`write_property`] call per field).
    fn write_properties<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;

    /// True when `property` (a Web API property name, `_ownerid_value` for
    /// lookups) is one of this struct's fields, is `None`, and was read as
    /// an explicit `null`; false when it was absent (or has a value).
    fn is_explicit_null(&self, property: &str) -> bool {
        Self::property_index()
            .get(property)
            .is_some_and(|i| self.extra().is_null_property(i))
    }

    /// Records that the field `property` is an explicit `null` (written as
    /// `null` while it is `None`), or, with `null: false`, that it is
    /// absent. `false` when the struct has no such field.
    fn set_explicit_null(&mut self, property: &str, null: bool) -> bool {
        match Self::property_index().get(property) {
            Some(i) => {
                self.extra_mut().set_null_property(i, null);
                true
            }
            None => false,
        }
    }
}

/// What [`Row::read_property`] read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// A value, stored in its field.
    Value,
    /// An explicit `null` (the field is `None`).
    Null,
    /// No field has this index; the value was not read.
    Unknown,
}

/// Reads the next value of `map` into `field`; used by generated
/// [`Row::read_property`] impls.
#[inline]
pub fn read_field<'de, T: serde::Deserialize<'de>, A: MapAccess<'de>>(
    field: &mut Option<T>,
    map: &mut A,
) -> Result<Read, A::Error> {
    *field = map.next_value()?;
    Ok(if field.is_some() {
        Read::Value
    } else {
        Read::Null
    })
}

/// Reads a row from a JSON object: documented properties into their fields
/// (`null` reads as `None`), every other key into [`Extra`](crate::Extra).
/// A property given twice keeps its last value, as in `serde_json::Value`.
pub fn deserialize_row<'de, T: Row, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let mut row = T::default();
    d.deserialize_map(RowVisitor(&mut row))?;
    Ok(row)
}

/// [`deserialize_row`] into an existing value (serde's
/// `Deserialize::deserialize_in_place`): `place` is reset to the default
/// first, then filled, so no row is moved. [`Collection`](crate::Collection)
/// reads its rows this way.
pub fn deserialize_row_in_place<'de, T: Row, D: Deserializer<'de>>(
    d: D,
    place: &mut T,
) -> Result<(), D::Error> {
    *place = T::default();
    d.deserialize_map(RowVisitor(place))
}

struct RowVisitor<'a, T>(&'a mut T);

impl<'de, T: Row> Visitor<'de> for RowVisitor<'_, T> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object (a table row)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let row = self.0;
        let index = T::property_index();
        while let Some(key) = map.next_key::<KeyText<'de>>()? {
            let key = key.as_str();
            // One hash per key, for the index and for `Extra`.
            let h = crate::property_index::hash(key);
            let Some(i) = index.get_hashed(key, h) else {
                row.extra_mut().read_entry_hashed(key, h, &mut map)?;
                continue;
            };
            match row.read_property(i, &mut map)? {
                Read::Value => {
                    // A `null` earlier in the same object is overridden.
                    if !row.extra().null_properties().is_empty() {
                        row.extra_mut().set_null_property(i, false);
                    }
                }
                Read::Null => row.extra_mut().set_null_property(i, true),
                Read::Unknown => row.extra_mut().read_entry_hashed(key, h, &mut map)?,
            }
        }
        row.extra_mut().shrink();
        Ok(())
    }
}

/// Writes a row as a JSON object: the fields that are set, then every
/// [`Extra`](crate::Extra) entry in key order.
pub fn serialize_row<T: Row, S: Serializer>(row: &T, s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    row.write_properties(&mut map)?;
    for (k, v) in row.extra().iter() {
        map.serialize_entry(k, &v)?;
    }
    map.end()
}

/// Writes `name: value` when `value` is `Some`, and `name: null` when it is
/// `None` and property number `index` is among `nulls` (the row's
/// [`Extra::null_properties`](crate::Extra::null_properties)); used by
/// generated [`Row::write_properties`] impls.
#[inline]
pub fn write_property<M: SerializeMap, V: Serialize>(
    map: &mut M,
    nulls: &[u16],
    index: u16,
    name: &str,
    value: &Option<V>,
) -> Result<(), M::Error> {
    match value {
        Some(v) => map.serialize_entry(name, v),
        None if !nulls.is_empty() && nulls.binary_search(&index).is_ok() => {
            map.serialize_entry(name, &())
        }
        None => Ok(()),
    }
}
