//! Const-constructible metadata that generated code emits as `const` items.
//!
//! Every struct here has only `&'static` data and public fields so generated
//! code can build it in a `const` context. Names are always the Dataverse
//! (wire) names; generated Rust identifiers live beside them in generated code.

/// A column's Dataverse type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AttributeType {
    /// Single line of text.
    String,
    /// Multiple lines of text.
    Memo,
    /// 32-bit integer.
    Integer,
    /// 64-bit integer.
    BigInt,
    /// Exact decimal.
    Decimal,
    /// Floating point.
    Double,
    /// Currency amount.
    Money,
    /// Yes/No.
    Boolean,
    /// Date and time.
    DateTime,
    /// Choice.
    Picklist,
    /// Choices (multi-select).
    MultiSelectPicklist,
    /// `statecode`.
    State,
    /// `statuscode`.
    Status,
    /// Lookup.
    Lookup,
    /// Customer (account or contact).
    Customer,
    /// Owner (systemuser or team).
    Owner,
    /// Activity party list.
    PartyList,
    /// Table logical name.
    EntityName,
    /// GUID.
    Uniqueidentifier,
    /// Image.
    Image,
    /// File.
    File,
    /// Managed property.
    ManagedProperty,
    /// Virtual.
    Virtual,
    /// Not stated by the docs.
    Unspecified,
    /// Another type name, verbatim.
    Other(&'static str),
}

/// `RequiredLevel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequiredLevel {
    /// Optional.
    None,
    /// Required by the system.
    SystemRequired,
    /// Required by the application (business).
    ApplicationRequired,
    /// Recommended.
    Recommended,
}

/// `DateTimeBehavior`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DateTimeBehavior {
    /// Stored in UTC, shown in the user's time zone (`Edm.DateTimeOffset`).
    UserLocal,
    /// A calendar date with no time (`Edm.Date`, `YYYY-MM-DD`).
    DateOnly,
    /// Stored and shown as entered (`Edm.DateTimeOffset`).
    TimeZoneIndependent,
}

/// Type facets of a column. Numbers are kept as the docs write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Facets {
    /// `MaxLength`.
    pub max_length: Option<u32>,
    /// `Format`.
    pub format: Option<&'static str>,
    /// `FormatName`.
    pub format_name: Option<&'static str>,
    /// `MinValue`, as a decimal string (`"-2147483648"`, `"0.000000000001"`).
    pub min_value: Option<&'static str>,
    /// `MaxValue`, as a decimal string.
    pub max_value: Option<&'static str>,
    /// `Precision`.
    pub precision: Option<u32>,
    /// `PrecisionSource`, as written.
    pub precision_source: Option<&'static str>,
    /// `DateTimeBehavior`.
    pub date_time_behavior: Option<DateTimeBehavior>,
    /// `MaxSizeInKB`.
    pub max_size_in_kb: Option<u32>,
}

impl Facets {
    /// No facets.
    pub const NONE: Facets = Facets {
        max_length: None,
        format: None,
        format_name: None,
        min_value: None,
        max_value: None,
        precision: None,
        precision_source: None,
        date_time_behavior: None,
        max_size_in_kb: None,
    };
}

/// Where a fact came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Origin {
    /// Microsoft Dataverse.
    Dataverse,
    /// Dynamics 365 (Sales / Customer Engagement).
    Dynamics365,
    /// Dynamics 365 Customer Service.
    CustomerService,
    /// The project's own schema (a solution or an exported table definition).
    Project,
    /// Not known.
    Unknown,
}

/// One lookup target: a table a lookup column may point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LookupTarget {
    /// Target table logical name.
    pub table: &'static str,
    /// The target's entity set name, when the target table is in the generated set.
    pub entity_set: Option<&'static str>,
    /// The single-valued navigation property to use with `@odata.bind` for this target
    /// (`ReferencingEntityNavigationPropertyName`), when the docs give it.
    pub navigation_property: Option<&'static str>,
}

/// Metadata of one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AttributeMetadata {
    /// `LogicalName`: the Web API property name (lookups are read as `_<name>_value`).
    pub logical_name: &'static str,
    /// `SchemaName`.
    pub schema_name: &'static str,
    /// `DisplayName`.
    pub display_name: Option<&'static str>,
    /// Type.
    pub attribute_type: AttributeType,
    /// `RequiredLevel`.
    pub required_level: Option<RequiredLevel>,
    /// `IsValidForCreate`.
    pub is_valid_for_create: bool,
    /// `IsValidForUpdate`.
    pub is_valid_for_update: bool,
    /// `IsValidForRead`.
    pub is_valid_for_read: bool,
    /// Facets.
    pub facets: Facets,
    /// Lookup targets (empty for non-lookups).
    pub targets: &'static [LookupTarget],
    /// `AttributeOf`.
    pub attribute_of: Option<&'static str>,
    /// Known choice values (empty for non-choices), including Boolean labels.
    pub options: &'static [OptionMetadata],
    /// `GlobalChoiceName`.
    pub global_choice_name: Option<&'static str>,
    /// Which product's page defined or last changed the column.
    pub origin: Origin,
}

impl LookupTarget {
    /// A target table whose entity set and navigation property are not known.
    pub const fn new(table: &'static str) -> Self {
        Self {
            table,
            entity_set: None,
            navigation_property: None,
        }
    }
}

impl AttributeMetadata {
    /// A column with its names and type only: no display name, required
    /// level, facets, targets or options; valid for create, update and read;
    /// origin `Unknown`. Generated code states the rest with struct update
    /// syntax (`AttributeMetadata { display_name: Some(..), ..AttributeMetadata::new(..) }`).
    pub const fn new(
        logical_name: &'static str,
        schema_name: &'static str,
        attribute_type: AttributeType,
    ) -> Self {
        Self {
            logical_name,
            schema_name,
            display_name: None,
            attribute_type,
            required_level: None,
            is_valid_for_create: true,
            is_valid_for_update: true,
            is_valid_for_read: true,
            facets: Facets::NONE,
            targets: &[],
            attribute_of: None,
            options: &[],
            global_choice_name: None,
            origin: Origin::Unknown,
        }
    }
}

/// One choice value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OptionMetadata {
    /// Integer value.
    pub value: i32,
    /// Label.
    pub label: &'static str,
    /// For Status values: the State value this status belongs to.
    pub state: Option<i32>,
    /// For State values: the default Status value.
    pub default_status: Option<i32>,
    /// For State values: `InvariantName`.
    pub invariant_name: Option<&'static str>,
}

impl OptionMetadata {
    /// A choice value with its label only (no state, default status or invariant name).
    pub const fn new(value: i32, label: &'static str) -> Self {
        Self {
            value,
            label,
            state: None,
            default_status: None,
            invariant_name: None,
        }
    }
}

/// Relationship kind, from the point of view of the table that holds the descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationshipKind {
    /// This table is referenced (another table holds the lookup).
    OneToMany,
    /// This table holds the lookup.
    ManyToOne,
    /// Through an intersect table.
    ManyToMany,
}

/// A cascade behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CascadeType {
    /// Cascade to all related rows.
    Cascade,
    /// Do nothing.
    NoCascade,
    /// Cascade to active rows.
    Active,
    /// Cascade to rows owned by the same user.
    UserOwned,
    /// Clear the lookup.
    RemoveLink,
    /// Refuse while related rows exist.
    Restrict,
}

/// `CascadeConfiguration`: `None` where the docs do not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CascadeConfiguration {
    /// `Archive`.
    pub archive: Option<CascadeType>,
    /// `Assign`.
    pub assign: Option<CascadeType>,
    /// `Delete`.
    pub delete: Option<CascadeType>,
    /// `Merge`.
    pub merge: Option<CascadeType>,
    /// `Reparent`.
    pub reparent: Option<CascadeType>,
    /// `RollupView`.
    pub rollup_view: Option<CascadeType>,
    /// `Share`.
    pub share: Option<CascadeType>,
    /// `Unshare`.
    pub unshare: Option<CascadeType>,
}

impl CascadeConfiguration {
    /// Nothing known.
    pub const UNKNOWN: CascadeConfiguration = CascadeConfiguration {
        archive: None,
        assign: None,
        delete: None,
        merge: None,
        reparent: None,
        rollup_view: None,
        share: None,
        unshare: None,
    };
}

/// `AssociatedMenuConfiguration`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MenuConfiguration {
    /// `Behavior`.
    pub behavior: Option<&'static str>,
    /// `Group`.
    pub group: Option<&'static str>,
    /// `Label`.
    pub label: Option<&'static str>,
    /// `Order`.
    pub order: Option<i32>,
}

/// A relationship descriptor. One descriptor describes both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RelationshipDescriptor {
    /// `SchemaName`.
    pub schema_name: &'static str,
    /// Kind from the holding table's point of view.
    pub kind: RelationshipKind,
    /// Referenced ("one") table logical name; for many-to-many, entity 1.
    pub referenced_table: &'static str,
    /// `ReferencedAttribute`.
    pub referenced_attribute: Option<&'static str>,
    /// Referencing ("many") table logical name; for many-to-many, entity 2.
    pub referencing_table: &'static str,
    /// `ReferencingAttribute` (the lookup column).
    pub referencing_attribute: Option<&'static str>,
    /// Collection-valued navigation property on the referenced table
    /// (`ReferencedEntityNavigationPropertyName`); for many-to-many, entity 1's.
    pub referenced_navigation_property: Option<&'static str>,
    /// Single-valued navigation property on the referencing table
    /// (`ReferencingEntityNavigationPropertyName`, the `@odata.bind` name);
    /// for many-to-many, entity 2's.
    pub referencing_navigation_property: Option<&'static str>,
    /// Cascade configuration (one-to-many / many-to-one).
    pub cascade: CascadeConfiguration,
    /// Menu configuration on the referenced side (or entity 1).
    pub referenced_menu: Option<MenuConfiguration>,
    /// Menu configuration of entity 2 (many-to-many).
    pub referencing_menu: Option<MenuConfiguration>,
    /// Intersect table (many-to-many).
    pub intersect_table: Option<&'static str>,
    /// Intersect attribute of the referenced side / entity 1 (many-to-many).
    pub referenced_intersect_attribute: Option<&'static str>,
    /// Intersect attribute of the referencing side / entity 2 (many-to-many).
    pub referencing_intersect_attribute: Option<&'static str>,
    /// `IsHierarchical`.
    pub is_hierarchical: Option<bool>,
    /// `IsCustomizable`.
    pub is_customizable: Option<bool>,
    /// Which product's page documented it.
    pub origin: Origin,
}

impl MenuConfiguration {
    /// A menu with nothing stated.
    pub const NONE: MenuConfiguration = MenuConfiguration {
        behavior: None,
        group: None,
        label: None,
        order: None,
    };
}

impl RelationshipDescriptor {
    /// A relationship with its schema name, kind and tables only: no
    /// attributes, navigation properties, cascade, menus or intersect table;
    /// origin `Unknown`. Generated code states the rest with struct update syntax.
    pub const fn new(
        schema_name: &'static str,
        kind: RelationshipKind,
        referenced_table: &'static str,
        referencing_table: &'static str,
    ) -> Self {
        Self {
            schema_name,
            kind,
            referenced_table,
            referenced_attribute: None,
            referencing_table,
            referencing_attribute: None,
            referenced_navigation_property: None,
            referencing_navigation_property: None,
            cascade: CascadeConfiguration::UNKNOWN,
            referenced_menu: None,
            referencing_menu: None,
            intersect_table: None,
            referenced_intersect_attribute: None,
            referencing_intersect_attribute: None,
            is_hierarchical: None,
            is_customizable: None,
            origin: Origin::Unknown,
        }
    }
}

/// A message (operation) a table supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MessageMetadata {
    /// Message name.
    pub name: &'static str,
    /// Whether it is also an event (`None` when the docs do not say).
    pub is_event: Option<bool>,
    /// Web API operation text (plain text).
    pub web_api: Option<&'static str>,
    /// Which product's page listed it.
    pub origin: Origin,
}

impl MessageMetadata {
    /// A message with its name only (event flag and Web API operation not stated).
    pub const fn new(name: &'static str) -> Self {
        Self {
            name,
            is_event: None,
            web_api: None,
            origin: Origin::Unknown,
        }
    }
}

/// Metadata of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntityMetadata {
    /// `LogicalName`.
    pub logical_name: &'static str,
    /// `SchemaName`.
    pub schema_name: &'static str,
    /// `DisplayName`.
    pub display_name: Option<&'static str>,
    /// `EntitySetName` (Web API collection).
    pub entity_set_name: Option<&'static str>,
    /// `PrimaryIdAttribute`.
    pub primary_id_attribute: Option<&'static str>,
    /// `PrimaryNameAttribute`.
    pub primary_name_attribute: Option<&'static str>,
    /// `OwnershipType`.
    pub ownership_type: Option<&'static str>,
    /// `TableType`.
    pub table_type: Option<&'static str>,
    /// Columns, ordered by logical name.
    pub attributes: &'static [AttributeMetadata],
    /// Relationships this table takes part in, ordered by schema name.
    pub relationships: &'static [RelationshipDescriptor],
    /// Messages.
    pub messages: &'static [MessageMetadata],
}

impl EntityMetadata {
    /// The column with this logical name.
    pub fn attribute(&self, logical_name: &str) -> Option<&'static AttributeMetadata> {
        self.attributes
            .iter()
            .find(|a| a.logical_name == logical_name)
    }

    /// The relationship with this schema name (case-insensitive).
    pub fn relationship(&self, schema_name: &str) -> Option<&'static RelationshipDescriptor> {
        self.relationships
            .iter()
            .find(|r| r.schema_name.eq_ignore_ascii_case(schema_name))
    }
}
