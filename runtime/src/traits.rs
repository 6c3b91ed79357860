//! The traits generated types implement.

use crate::metadata::{EntityMetadata, OptionMetadata};

/// A generated table type.
pub trait Entity {
    /// `LogicalName` (lower case).
    const LOGICAL_NAME: &'static str;
    /// `SchemaName`.
    const SCHEMA_NAME: &'static str;
    /// `EntitySetName`: the Web API collection, e.g. `leads`.
    const ENTITY_SET_NAME: Option<&'static str>;
    /// `PrimaryIdAttribute`.
    const PRIMARY_ID_ATTRIBUTE: Option<&'static str>;
    /// `PrimaryNameAttribute`.
    const PRIMARY_NAME_ATTRIBUTE: Option<&'static str>;
    /// Full metadata.
    const METADATA: &'static EntityMetadata;
}

/// A generated choice (option set) type: an enum with one variant per documented
/// value and an `Unknown(i32)` escape hatch for values the docs did not list.
pub trait OptionSet: Sized + Copy {
    /// The option set's name (local: `<table>_<column>`; global: `GlobalChoiceName`).
    const NAME: &'static str;
    /// Every documented value, in documentation order.
    const OPTIONS: &'static [OptionMetadata];
    /// The integer value.
    fn value(self) -> i32;
    /// The value for an integer; never fails (unknown values are kept).
    fn from_value(value: i32) -> Self;
    /// The documented label, if this value is documented.
    fn label(self) -> Option<&'static str> {
        let v = self.value();
        Self::OPTIONS.iter().find(|o| o.value == v).map(|o| o.label)
    }
    /// True when the value is one the docs list.
    fn is_known(self) -> bool {
        let v = self.value();
        Self::OPTIONS.iter().any(|o| o.value == v)
    }
}
