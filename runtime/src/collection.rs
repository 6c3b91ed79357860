//! The collection envelope of Web API query responses.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::extra::Extra;

/// A page of rows: `{"@odata.context": ..., "value": [...], "@odata.nextLink": ...}`.
///
/// Reading needs `T: Default` (rows are read in place); every generated
/// table struct and `serde_json::Value` are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Collection<T> {
    /// `@odata.context`.
    #[serde(
        rename = "@odata.context",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub context: Option<String>,
    /// `@odata.count` (with `$count=true`).
    #[serde(
        rename = "@odata.count",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub count: Option<i64>,
    /// `@Microsoft.Dynamics.CRM.totalrecordcount` (FetchXML / `$count`).
    #[serde(
        rename = "@Microsoft.Dynamics.CRM.totalrecordcount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub total_record_count: Option<i64>,
    /// `@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded`.
    #[serde(
        rename = "@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub total_record_count_limit_exceeded: Option<bool>,
    /// The rows.
    #[serde(
        default = "Vec::new",
        deserialize_with = "deserialize_rows",
        bound(deserialize = "T: Deserialize<'de> + Default")
    )]
    pub value: Vec<T>,
    /// `@odata.nextLink`: the URL of the next page.
    #[serde(
        rename = "@odata.nextLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub next_link: Option<String>,
    /// Other annotations (`@Microsoft.Dynamics.CRM.fetchxmlpagingcookie`, ...).
    #[serde(flatten)]
    pub extra: Extra,
}

impl<T> Default for Collection<T> {
    fn default() -> Self {
        Self {
            context: None,
            count: None,
            total_record_count: None,
            total_record_count_limit_exceeded: None,
            value: Vec::new(),
            next_link: None,
            extra: Extra::default(),
        }
    }
}

/// Reads the rows into chunks, then moves them into one `Vec` of exact
/// capacity: generated rows are large (a few KiB for wide tables), and the
/// usual doubling would allocate, copy and keep up to twice the rows' size.
/// Each row is read in place (`Deserialize::deserialize_in_place` into a
/// default value already in its chunk), so it is moved once, not once per
/// layer of serde.
fn deserialize_rows<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    struct Rows<T>(PhantomData<fn() -> T>);
    impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for Rows<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an array of rows")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            // About 64 KiB per chunk, at least 16 rows.
            let chunk = (64 * 1024 / std::mem::size_of::<T>().max(1)).max(16);
            let mut chunks: Vec<Vec<T>> = Vec::new();
            let mut current: Vec<T> =
                Vec::with_capacity(seq.size_hint().unwrap_or(chunk).min(chunk));
            loop {
                if current.len() == current.capacity() {
                    let full = std::mem::replace(&mut current, Vec::with_capacity(chunk));
                    chunks.push(full);
                }
                // `resize_with` builds the default in its slot (no copy).
                current.resize_with(current.len() + 1, T::default);
                let Some(place) = current.last_mut() else {
                    break;
                };
                if seq.next_element_seed(InPlace(place))?.is_none() {
                    current.pop();
                    break;
                }
            }
            if chunks.is_empty() {
                current.shrink_to_fit();
                return Ok(current);
            }
            let total = chunks.iter().map(Vec::len).sum::<usize>() + current.len();
            let mut out = Vec::with_capacity(total);
            for c in chunks {
                out.extend(c);
            }
            out.extend(current);
            Ok(out)
        }
    }
    d.deserialize_seq(Rows(PhantomData))
}

/// Deserializes into an existing value.
struct InPlace<'a, T>(&'a mut T);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for InPlace<'_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        T::deserialize_in_place(d, self.0)
    }
}
