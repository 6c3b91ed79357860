//! PLACEHOLDERS so generated code can be compile-tested on the `emit` branch.
//! The runtime engineer provides the real definitions; replace this file
//! wholesale when merging (only the names and bounds matter to generated code).

use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::metadata::AttributeMetadata;
use crate::traits::OptionSet;

/// Placeholder: exact decimal.
pub type Decimal = rust_decimal::Decimal;

/// Placeholder: a currency amount.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(pub Decimal);

/// Placeholder: a DateOnly value (`YYYY-MM-DD`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Date(pub String);

/// Placeholder: a date and time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DateTime(pub String);

/// Placeholder: a lookup value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Lookup(pub uuid::Uuid);

/// Placeholder: properties not modelled.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// Placeholder: a multi-select choice value.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiSelect<E>(pub Vec<E>);

impl<E: OptionSet> Serialize for MultiSelect<E> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v: Vec<String> = self.0.iter().map(|e| e.value().to_string()).collect();
        s.serialize_str(&v.join(","))
    }
}

impl<'de, E: OptionSet> Deserialize<'de> for MultiSelect<E> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let v = s
            .split(',')
            .filter_map(|p| p.trim().parse::<i32>().ok())
            .map(E::from_value)
            .collect();
        Ok(MultiSelect(v))
    }
}

/// Placeholder: a typed column handle.
pub struct Column<E, T> {
    /// The column's metadata.
    pub attribute: &'static AttributeMetadata,
    _marker: PhantomData<fn() -> (E, T)>,
}

impl<E, T> Column<E, T> {
    /// A handle for a column.
    pub const fn new(attribute: &'static AttributeMetadata) -> Self {
        Column {
            attribute,
            _marker: PhantomData,
        }
    }
}

/// Placeholder: serde impls (as the integer value) for a generated choice enum.
#[macro_export]
macro_rules! impl_option_set_serde {
    ($t:ty) => {
        impl $crate::serde::Serialize for $t {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_i32($crate::OptionSet::value(*self))
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $t {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let v = <i32 as $crate::serde::Deserialize>::deserialize(d)?;
                ::core::result::Result::Ok($crate::OptionSet::from_value(v))
            }
        }
    };
}
