//! Create/update bodies that carry only the columns that were set, and their
//! validation against the generated metadata.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::{Serialize, Serializer};

use crate::column::{
    is_lookup_type, property_name_of, serialize_entries, Column, ODataValue, WireValue,
};
use crate::metadata::{AttributeMetadata, AttributeType, EntityMetadata};
use crate::values::{parse_decimal_text, Lookup};
use crate::Entity;

/// A problem found while building a body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChangeError {
    /// `bind`/`clear_target` on a column that is not a lookup.
    #[error("column `{column}` is not a lookup; use set()")]
    NotALookup {
        /// Column logical name.
        column: &'static str,
    },
    /// The target table is not one of the column's documented targets.
    #[error("`{table}` is not a target of lookup `{column}` (targets: {allowed:?})")]
    TargetNotAllowed {
        /// Column logical name.
        column: &'static str,
        /// Requested table.
        table: String,
        /// Documented targets.
        allowed: Vec<&'static str>,
    },
    /// The docs do not give the navigation property for this target.
    #[error("the docs give no navigation property for lookup `{column}` -> `{table}` (the page lists no ReferencingEntityNavigationPropertyName for it); cannot write `@odata.bind`")]
    MissingNavigationProperty {
        /// Column logical name.
        column: &'static str,
        /// Target table.
        table: String,
    },
    /// The target's entity set is unknown (table not generated or not documented).
    #[error(
        "the entity set of `{table}` (target of `{column}`) is unknown: `{table}` is not a generated table and reference pages only state their own EntitySetName; generate `{table}` too, or pass the entity set with bind_in_set(column, \"{table}\", \"<entity set>\", id) or bind_to::<T>(column, id)"
    )]
    MissingEntitySet {
        /// Column logical name.
        column: &'static str,
        /// Target table.
        table: String,
    },
    /// A polymorphic lookup needs the target table.
    #[error("lookup `{column}` has several targets ({targets:?}); use bind(column, table, id) or clear_target(column, table)")]
    AmbiguousTarget {
        /// Column logical name.
        column: &'static str,
        /// Documented targets.
        targets: Vec<&'static str>,
    },
}

#[derive(Debug, Clone, PartialEq)]
enum Op {
    Set(WireValue),
    /// `null`; for lookups, `<nav>@odata.bind: null`.
    Clear {
        nav: Option<&'static str>,
    },
    Bind {
        table: &'static str,
        nav: &'static str,
        entity_set: Cow<'static, str>,
        id: uuid::Uuid,
    },
    Invalid(ChangeError),
}

#[derive(Debug, Clone, PartialEq)]
struct Entry {
    attribute: &'static AttributeMetadata,
    op: Op,
}

/// A create or update body for table `E` with only the columns that were set.
///
/// Builder methods never fail; problems (a bind without a documented
/// navigation property, ...) are kept and reported by [`Changes::errors`],
/// [`Changes::to_json_string`] and the `validate_*` methods. Setting a column
/// twice keeps the last value.
///
/// ```ignore
/// let body = Changes::<Account>::new()
///     .set(columns::NAME, "Contoso")
///     .bind(columns::PRIMARYCONTACTID, "contact", id)
///     .to_json_string()?;
/// ```
pub struct Changes<E> {
    entries: Vec<Entry>,
    _e: PhantomData<fn() -> E>,
}

impl<E> Clone for Changes<E> {
    fn clone(&self) -> Self {
        Self {
            entries: self.entries.clone(),
            _e: PhantomData,
        }
    }
}

impl<E> fmt::Debug for Changes<E> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_list().entries(self.entries.iter()).finish()
    }
}

impl<E> Default for Changes<E> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            _e: PhantomData,
        }
    }
}

/// `Patch` is another name for [`Changes`].
pub type Patch<E> = Changes<E>;

fn target_names(meta: &AttributeMetadata) -> Vec<&'static str> {
    meta.targets.iter().map(|t| t.table).collect()
}

fn resolve_bind(meta: &'static AttributeMetadata, table: &str, id: uuid::Uuid) -> Op {
    resolve_bind_in(meta, table, None, id)
}

/// Like [`resolve_bind`], with an entity set given by the caller when the
/// metadata has none (the target table is not generated).
fn resolve_bind_in(
    meta: &'static AttributeMetadata,
    table: &str,
    entity_set: Option<Cow<'static, str>>,
    id: uuid::Uuid,
) -> Op {
    let column = meta.logical_name;
    let Some(target) = meta.targets.iter().find(|t| t.table == table) else {
        return Op::Invalid(ChangeError::TargetNotAllowed {
            column,
            table: table.to_owned(),
            allowed: target_names(meta),
        });
    };
    let Some(nav) = target.navigation_property else {
        return Op::Invalid(ChangeError::MissingNavigationProperty {
            column,
            table: table.to_owned(),
        });
    };
    let Some(entity_set) = target
        .entity_set
        .map(Cow::Borrowed)
        .or(entity_set)
        .filter(|s| !s.is_empty())
    else {
        return Op::Invalid(ChangeError::MissingEntitySet {
            column,
            table: table.to_owned(),
        });
    };
    Op::Bind {
        table: target.table,
        nav,
        entity_set,
        id,
    }
}

impl<E: Entity> Changes<E> {
    /// An empty body.
    pub fn new() -> Self {
        Self::default()
    }

    fn put(mut self, attribute: &'static AttributeMetadata, op: Op) -> Self {
        match self
            .entries
            .iter_mut()
            .find(|e| e.attribute.logical_name == attribute.logical_name)
        {
            Some(e) => e.op = op,
            None => self.entries.push(Entry { attribute, op }),
        }
        self
    }

    /// Sets a column. For a lookup column with a single target this is a
    /// [`bind`](Self::bind) to that target; a polymorphic lookup needs `bind`.
    pub fn set<T: ODataValue>(self, column: Column<E, T>, value: impl Into<T>) -> Self {
        let meta = column.metadata();
        let value: T = value.into();
        if is_lookup_type(meta.attribute_type) {
            let op = match (meta.targets, value.to_wire()) {
                ([only], WireValue::String(s)) => match s.parse::<Lookup>() {
                    Ok(l) => resolve_bind(meta, only.table, l.id()),
                    Err(_) => Op::Set(WireValue::String(s)),
                },
                (targets, _) => Op::Invalid(ChangeError::AmbiguousTarget {
                    column: meta.logical_name,
                    targets: targets.iter().map(|t| t.table).collect(),
                }),
            };
            return self.put(meta, op);
        }
        self.put(meta, Op::Set(value.to_wire()))
    }

    /// Sets a column to an optional value (`None` clears it).
    pub fn set_opt<T: ODataValue>(self, column: Column<E, T>, value: Option<T>) -> Self {
        match value {
            Some(v) => self.set(column, v),
            None => self.clear(column),
        }
    }

    /// Clears a column: writes `null`, or `"<nav>@odata.bind": null` for a
    /// lookup (a polymorphic lookup whose targets use different navigation
    /// properties needs [`clear_target`](Self::clear_target)).
    pub fn clear<T>(self, column: Column<E, T>) -> Self {
        let meta = column.metadata();
        if !is_lookup_type(meta.attribute_type) {
            return self.put(meta, Op::Clear { nav: None });
        }
        let mut navs: Vec<&'static str> = meta
            .targets
            .iter()
            .filter_map(|t| t.navigation_property)
            .collect();
        navs.sort_unstable();
        navs.dedup();
        // One navigation property for every target (owner lookups: `ownerid`).
        let shared =
            navs.len() == 1 && meta.targets.iter().all(|t| t.navigation_property.is_some());
        let op = match (navs.as_slice(), meta.targets) {
            ([nav], _) if shared => Op::Clear { nav: Some(nav) },
            (_, []) | ([], [_]) => Op::Invalid(ChangeError::MissingNavigationProperty {
                column: meta.logical_name,
                table: meta
                    .targets
                    .first()
                    .map(|t| t.table)
                    .unwrap_or_default()
                    .to_owned(),
            }),
            _ => Op::Invalid(ChangeError::AmbiguousTarget {
                column: meta.logical_name,
                targets: target_names(meta),
            }),
        };
        self.put(meta, op)
    }

    /// Clears a polymorphic lookup through the navigation property of `table`
    /// (`"customerid_account@odata.bind": null`).
    pub fn clear_target<T>(self, column: Column<E, T>, table: &str) -> Self {
        let meta = column.metadata();
        if !is_lookup_type(meta.attribute_type) {
            let column = meta.logical_name;
            return self.put(meta, Op::Invalid(ChangeError::NotALookup { column }));
        }
        let op = match resolve_bind(meta, table, uuid::Uuid::nil()) {
            Op::Bind { nav, .. } => Op::Clear { nav: Some(nav) },
            Op::Invalid(ChangeError::MissingEntitySet { .. }) => {
                match meta.targets.iter().find(|t| t.table == table) {
                    Some(t) => Op::Clear {
                        nav: t.navigation_property,
                    },
                    None => Op::Invalid(ChangeError::TargetNotAllowed {
                        column: meta.logical_name,
                        table: table.to_owned(),
                        allowed: target_names(meta),
                    }),
                }
            }
            other => other,
        };
        self.put(meta, op)
    }

    /// Points a lookup at row `id` of `target_table`:
    /// `"<navigation property>@odata.bind": "/<entity set>(<id>)"`, with the
    /// case-sensitive navigation property and entity set of that target.
    pub fn bind<T>(
        self,
        column: Column<E, T>,
        target_table: &str,
        id: impl Into<uuid::Uuid>,
    ) -> Self {
        let meta = column.metadata();
        if !is_lookup_type(meta.attribute_type) {
            let column = meta.logical_name;
            return self.put(meta, Op::Invalid(ChangeError::NotALookup { column }));
        }
        let op = resolve_bind(meta, target_table, id.into());
        self.put(meta, op)
    }

    /// Like [`bind`](Self::bind), for a target whose entity set the generated
    /// metadata does not know (the target table is not generated):
    /// `bind_in_set(columns::PARENTACCOUNTID, "account", "accounts", id)`.
    /// The navigation property still comes from the metadata; a documented
    /// entity set wins over `entity_set`.
    pub fn bind_in_set<T>(
        self,
        column: Column<E, T>,
        target_table: &str,
        entity_set: impl Into<Cow<'static, str>>,
        id: impl Into<uuid::Uuid>,
    ) -> Self {
        let meta = column.metadata();
        if !is_lookup_type(meta.attribute_type) {
            let column = meta.logical_name;
            return self.put(meta, Op::Invalid(ChangeError::NotALookup { column }));
        }
        let op = resolve_bind_in(meta, target_table, Some(entity_set.into()), id.into());
        self.put(meta, op)
    }

    /// Points a lookup at row `id` of the generated table `T` (possibly from
    /// another generated crate), using `T`'s logical name and entity set.
    pub fn bind_to<T: Entity, V>(self, column: Column<E, V>, id: impl Into<uuid::Uuid>) -> Self {
        match T::ENTITY_SET_NAME {
            Some(set) => self.bind_in_set(column, T::LOGICAL_NAME, set, id),
            None => self.bind(column, T::LOGICAL_NAME, id),
        }
    }

    /// True if nothing was set.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The problems found while building.
    pub fn errors(&self) -> Vec<ChangeError> {
        self.entries
            .iter()
            .filter_map(|e| match &e.op {
                Op::Invalid(err) => Some(err.clone()),
                _ => None,
            })
            .collect()
    }

    fn wire_entries(&self) -> Result<Vec<(Cow<'static, str>, WireValue)>, ChangeError> {
        let mut out = Vec::with_capacity(self.entries.len());
        for e in &self.entries {
            match &e.op {
                Op::Set(v) => out.push((Cow::Borrowed(e.attribute.logical_name), v.clone())),
                Op::Clear { nav: None } => {
                    out.push((Cow::Borrowed(e.attribute.logical_name), WireValue::Null))
                }
                Op::Clear { nav: Some(nav) } => {
                    out.push((Cow::Owned(format!("{nav}@odata.bind")), WireValue::Null))
                }
                Op::Bind {
                    nav,
                    entity_set,
                    id,
                    ..
                } => out.push((
                    Cow::Owned(format!("{nav}@odata.bind")),
                    WireValue::String(format!("/{entity_set}({})", id.hyphenated())),
                )),
                Op::Invalid(err) => return Err(err.clone()),
            }
        }
        Ok(out)
    }

    /// The JSON body (decimals exact), or the first build problem.
    pub fn to_json_string(&self) -> Result<String, ChangeError> {
        let entries = self.wire_entries()?;
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::new(&mut out);
        // Writing to a Vec<u8> cannot fail, and all keys are strings.
        if serialize_entries(&mut ser, &entries).is_err() {
            return Ok(String::new());
        }
        Ok(String::from_utf8(out).unwrap_or_default())
    }

    /// The body as a `serde_json::Value` (numbers become `serde_json::Number`).
    pub fn to_value(&self) -> Result<serde_json::Value, ChangeError> {
        let entries = self.wire_entries()?;
        Ok(serialize_entries(serde_json::value::Serializer, &entries)
            .unwrap_or(serde_json::Value::Null))
    }

    /// All violations of this body as a create.
    pub fn validate_create(&self) -> Vec<Violation> {
        self.validate(Operation::Create)
    }

    /// All violations of this body as an update.
    pub fn validate_update(&self) -> Vec<Violation> {
        self.validate(Operation::Update)
    }

    /// All violations of this body for `operation`.
    pub fn validate(&self, operation: Operation) -> Vec<Violation> {
        let mut out = Vec::new();
        for e in &self.entries {
            match &e.op {
                Op::Set(v) => check_value(e.attribute, v, operation, &mut out),
                Op::Clear { .. } => check_value(e.attribute, &WireValue::Null, operation, &mut out),
                Op::Bind { .. } => check_value(e.attribute, &WireValue::Null, operation, &mut out),
                Op::Invalid(err) => {
                    check_value(e.attribute, &WireValue::Null, operation, &mut out);
                    out.push(Violation::error(
                        e.attribute.logical_name,
                        ViolationKind::Change(err.clone()),
                    ))
                }
            }
        }
        out
    }
}

impl<E: Entity> Serialize for Changes<E> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let entries = self.wire_entries().map_err(serde::ser::Error::custom)?;
        serialize_entries(s, &entries)
    }
}

/// Create or update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// POST (create).
    Create,
    /// PATCH (update).
    Update,
}

/// How serious a violation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// May be fine: the docs do not list it, but orgs can add values.
    Warning,
    /// The server will reject (or silently change) it.
    Error,
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ViolationKind {
    /// Text longer than `MaxLength` (counted in characters).
    #[error("{actual} characters exceed MaxLength {max}")]
    MaxLength {
        /// `MaxLength`.
        max: u32,
        /// Length of the value.
        actual: usize,
    },
    /// Below `MinValue`.
    #[error("{value} is below MinValue {min}")]
    BelowMinimum {
        /// `MinValue`.
        min: String,
        /// The value.
        value: String,
    },
    /// Above `MaxValue`.
    #[error("{value} is above MaxValue {max}")]
    AboveMaximum {
        /// `MaxValue`.
        max: String,
        /// The value.
        value: String,
    },
    /// More decimal places than `Precision`.
    #[error("{actual} decimal places exceed Precision {max}")]
    Precision {
        /// `Precision`.
        max: u32,
        /// Decimal places of the value.
        actual: u32,
    },
    /// `IsValidForCreate` is false.
    #[error("column is not valid for create")]
    NotValidForCreate,
    /// `IsValidForUpdate` is false.
    #[error("column is not valid for update")]
    NotValidForUpdate,
    /// A choice value the docs do not list (a warning).
    #[error("choice value {value} is not documented")]
    UndocumentedChoice {
        /// The value.
        value: i32,
    },
    /// The JSON type does not fit the column type.
    #[error("a {found} value does not fit a {expected:?} column")]
    WrongType {
        /// Column type.
        expected: AttributeType,
        /// What was found.
        found: &'static str,
    },
    /// A property the metadata does not know.
    #[error("unknown property")]
    UnknownProperty,
    /// `_x_value` written directly; lookups are written with `<nav>@odata.bind`.
    #[error("lookup property `_x_value` is read-only; write `<navigation property>@odata.bind`")]
    LookupValueWritten,
    /// A bind path whose entity set is not a documented target.
    #[error("`{path}` does not point at a documented target")]
    BadBindPath {
        /// The bind value.
        path: String,
    },
    /// A problem found while building the body.
    #[error(transparent)]
    Change(ChangeError),
}

/// One validation finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The column logical name (or the JSON key when no column matched).
    pub column: String,
    /// What is wrong.
    pub kind: ViolationKind,
    /// How serious it is.
    pub severity: Severity,
}

impl Violation {
    fn error(column: &str, kind: ViolationKind) -> Self {
        Self {
            column: column.to_owned(),
            kind,
            severity: Severity::Error,
        }
    }
    /// True for [`Severity::Error`].
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}: {}: {}", self.column, self.kind)
    }
}

fn decimal_places(d: rust_decimal::Decimal) -> u32 {
    d.normalize().scale()
}

fn wire_kind(v: &WireValue) -> &'static str {
    match v {
        WireValue::Null => "null",
        WireValue::Bool(_) => "boolean",
        WireValue::Int(_) | WireValue::Float(_) | WireValue::Decimal(_) | WireValue::Choice(_) => {
            "number"
        }
        WireValue::String(_) => "string",
        WireValue::Choices(_) => "choices",
        WireValue::Json(serde_json::Value::Array(_)) => "array",
        WireValue::Json(serde_json::Value::Object(_)) => "object",
        WireValue::Json(_) => "JSON",
    }
}

/// Checks one value of column `meta` for `operation`, pushing every violation.
pub fn check_value(
    meta: &AttributeMetadata,
    value: &WireValue,
    operation: Operation,
    out: &mut Vec<Violation>,
) {
    let col = meta.logical_name;
    match operation {
        Operation::Create if !meta.is_valid_for_create => {
            out.push(Violation::error(col, ViolationKind::NotValidForCreate))
        }
        Operation::Update if !meta.is_valid_for_update => {
            out.push(Violation::error(col, ViolationKind::NotValidForUpdate))
        }
        _ => {}
    }
    if matches!(value, WireValue::Null) {
        return;
    }
    let f = &meta.facets;
    use AttributeType as A;
    let wrong = |out: &mut Vec<Violation>| {
        out.push(Violation::error(
            col,
            ViolationKind::WrongType {
                expected: meta.attribute_type,
                found: wire_kind(value),
            },
        ))
    };
    match meta.attribute_type {
        A::String | A::Memo => match value {
            WireValue::String(s) => {
                if let Some(max) = f.max_length {
                    let n = s.chars().count();
                    if n > max as usize {
                        out.push(Violation::error(
                            col,
                            ViolationKind::MaxLength { max, actual: n },
                        ));
                    }
                }
            }
            _ => wrong(out),
        },
        A::Integer | A::BigInt | A::Decimal | A::Double | A::Money => {
            let Some(d) = value.as_decimal() else {
                return wrong(out);
            };
            if let Some(min) = f.min_value.and_then(|m| parse_decimal_text(m).ok()) {
                if d < min {
                    out.push(Violation::error(
                        col,
                        ViolationKind::BelowMinimum {
                            min: min.to_string(),
                            value: d.to_string(),
                        },
                    ));
                }
            }
            if let Some(max) = f.max_value.and_then(|m| parse_decimal_text(m).ok()) {
                if d > max {
                    out.push(Violation::error(
                        col,
                        ViolationKind::AboveMaximum {
                            max: max.to_string(),
                            value: d.to_string(),
                        },
                    ));
                }
            }
            let places = decimal_places(d);
            match (meta.attribute_type, f.precision) {
                (A::Integer | A::BigInt, _) if places > 0 => out.push(Violation::error(
                    col,
                    ViolationKind::Precision {
                        max: 0,
                        actual: places,
                    },
                )),
                (A::Decimal | A::Double | A::Money, Some(max)) if places > max => {
                    out.push(Violation::error(
                        col,
                        ViolationKind::Precision {
                            max,
                            actual: places,
                        },
                    ))
                }
                _ => {}
            }
        }
        A::Picklist | A::State | A::Status => match value {
            WireValue::Choice(v) => check_choice(meta, *v, out),
            WireValue::Int(v) => match i32::try_from(*v) {
                Ok(v) => check_choice(meta, v, out),
                Err(_) => wrong(out),
            },
            _ => wrong(out),
        },
        A::MultiSelectPicklist => match value {
            WireValue::Choices(vs) => vs.iter().for_each(|v| check_choice(meta, *v, out)),
            _ => wrong(out),
        },
        A::Boolean if !matches!(value, WireValue::Bool(_)) => wrong(out),
        _ => {}
    }
}

fn check_choice(meta: &AttributeMetadata, v: i32, out: &mut Vec<Violation>) {
    if !meta.options.is_empty() && !meta.options.iter().any(|o| o.value == v) {
        out.push(Violation {
            column: meta.logical_name.to_owned(),
            kind: ViolationKind::UndocumentedChoice { value: v },
            severity: Severity::Warning,
        });
    }
}

/// Validates a raw JSON body (`{"name": ..., "x@odata.bind": ...}`) against
/// table metadata, returning every violation. Instance annotations (`@odata.type`)
/// and collection-valued binds are accepted as they are.
pub fn validate_json(
    metadata: &EntityMetadata,
    body: &serde_json::Map<String, serde_json::Value>,
    operation: Operation,
) -> Vec<Violation> {
    let mut out = Vec::new();
    for (key, value) in body {
        if key.starts_with('@') {
            continue;
        }
        if let Some(nav) = key.strip_suffix("@odata.bind") {
            validate_bind(metadata, nav, value, operation, &mut out);
            continue;
        }
        if key.contains('@') {
            continue; // an annotation on a property
        }
        if let Some(attr) = metadata.attribute(key) {
            if is_lookup_type(attr.attribute_type) {
                out.push(Violation::error(key, ViolationKind::LookupValueWritten));
            } else {
                check_value(
                    attr,
                    &WireValue::from_json(attr.attribute_type, value),
                    operation,
                    &mut out,
                );
            }
            continue;
        }
        let lookup = key
            .strip_prefix('_')
            .and_then(|k| k.strip_suffix("_value"))
            .and_then(|k| metadata.attribute(k));
        match lookup {
            Some(a) if is_lookup_type(a.attribute_type) => out.push(Violation::error(
                a.logical_name,
                ViolationKind::LookupValueWritten,
            )),
            _ => out.push(Violation::error(key, ViolationKind::UnknownProperty)),
        }
    }
    out
}

fn validate_bind(
    metadata: &EntityMetadata,
    nav: &str,
    value: &serde_json::Value,
    operation: Operation,
    out: &mut Vec<Violation>,
) {
    let attr = metadata.attributes.iter().find(|a| {
        is_lookup_type(a.attribute_type)
            && a.targets.iter().any(|t| t.navigation_property == Some(nav))
    });
    let Some(attr) = attr else {
        let collection = metadata.relationships.iter().any(|r| {
            r.referenced_navigation_property == Some(nav)
                || r.referencing_navigation_property == Some(nav)
        });
        if !collection {
            out.push(Violation::error(nav, ViolationKind::UnknownProperty));
        }
        return;
    };
    check_value(attr, &WireValue::Null, operation, out);
    let Some(path) = value.as_str() else {
        return; // null clears; arrays are for collection-valued navigations
    };
    let set = path
        .trim_start_matches('/')
        .split('(')
        .next()
        .unwrap_or_default();
    let ok = attr.targets.iter().any(|t| {
        t.navigation_property == Some(nav) && !matches!(t.entity_set, Some(s) if s != set)
    });
    if !ok {
        out.push(Violation::error(
            attr.logical_name,
            ViolationKind::BadBindPath {
                path: path.to_owned(),
            },
        ));
    }
}

/// The Web API property name of a column (`_x_value` for lookups).
pub fn property_name(meta: &'static AttributeMetadata) -> Cow<'static, str> {
    property_name_of(meta)
}
