//! Annotations and unknown properties of a row, and typed lookup references.

use std::collections::BTreeMap;

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
/// ...) and properties the type does not know.
///
/// Generated structs hold it as `#[serde(flatten)] pub extra: Extra`. Keys
/// are kept sorted, so serialization is deterministic.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Extra(pub BTreeMap<String, Value>);

impl Extra {
    /// An empty map.
    pub const fn new() -> Self {
        Self(BTreeMap::new())
    }
    /// The value under `key`, verbatim (`"@odata.etag"`, `"name@..."`, `"unknowncol"`).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }
    /// A string value under `key`.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }
    /// Inserts a value; returns the old one.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) -> Option<Value> {
        self.0.insert(key.into(), value)
    }
    /// Removes a value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.0.remove(key)
    }
    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// True if empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Entries, sorted by key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
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
    pub fn annotation(&self, property: &str, name: &str) -> Option<&Value> {
        let mut key = String::with_capacity(property.len() + 1 + name.len());
        key.push_str(property);
        key.push('@');
        key.push_str(name);
        self.0.get(&key)
    }
    /// `<property>@OData.Community.Display.V1.FormattedValue`.
    pub fn formatted_value(&self, property: &str) -> Option<&str> {
        self.annotation(property, FORMATTED_VALUE)
            .and_then(Value::as_str)
    }
    /// `<property>@Microsoft.Dynamics.CRM.lookuplogicalname`.
    pub fn lookup_logical_name(&self, property: &str) -> Option<&str> {
        self.annotation(property, LOOKUP_LOGICAL_NAME)
            .and_then(Value::as_str)
    }
    /// `<property>@Microsoft.Dynamics.CRM.associatednavigationproperty`.
    pub fn associated_navigation_property(&self, property: &str) -> Option<&str> {
        self.annotation(property, ASSOCIATED_NAVIGATION_PROPERTY)
            .and_then(Value::as_str)
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
