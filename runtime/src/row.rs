//! Generated table structs as Web API JSON objects.
//!
//! Generated structs do not derive serde: a derive with a flattened
//! [`Extra`](crate::Extra) makes serde buffer every unknown key and value
//! (annotations, expanded rows) before handing them over, which costs time
//! and loses number precision inside expanded rows. Instead each struct
//! implements [`Row`] (one `match` arm per documented property, one
//! [`write_property`] call per field) and forwards its `Deserialize` and
//! `Serialize` impls to [`deserialize_row`] and [`serialize_row`]:
//! documented properties are read straight into their fields, everything
//! else goes into the row's `Extra` in one pass.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::extra::{HasExtra, KeyText};

/// A generated table struct: its documented Web API properties by name.
pub trait Row: Default + HasExtra {
    /// Reads the value of the property `name` into its field. `Ok(false)`
    /// when the struct has no field for `name` (the value is then left unread).
    fn read_property<'de, A: MapAccess<'de>>(
        &mut self,
        name: &str,
        map: &mut A,
    ) -> Result<bool, A::Error>;

    /// Writes every field that is set (`Some`), under its property name.
    fn write_properties<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

/// Reads a row from a JSON object: documented properties into their fields
/// (`null` reads as `None`), every other key into [`Extra`](crate::Extra).
/// A property given twice keeps its last value, as in `serde_json::Value`.
pub fn deserialize_row<'de, T: Row, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(RowVisitor(PhantomData))
}

struct RowVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Row> Visitor<'de> for RowVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object (a table row)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut row = T::default();
        while let Some(key) = map.next_key::<KeyText<'de>>()? {
            if !row.read_property(key.as_str(), &mut map)? {
                row.extra_mut().read_entry(key.as_str(), &mut map)?;
            }
        }
        row.extra_mut().shrink();
        Ok(row)
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

/// Writes `name: value` when `value` is `Some`; used by generated
/// [`Row::write_properties`] impls.
pub fn write_property<M: SerializeMap, V: Serialize>(
    map: &mut M,
    name: &str,
    value: &Option<V>,
) -> Result<(), M::Error> {
    match value {
        Some(v) => map.serialize_entry(name, v),
        None => Ok(()),
    }
}
