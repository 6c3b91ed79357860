//! The intermediate metadata model (IR): plain, owned, serde-serializable data.
//!
//! Everything a reference page says lands here. Collections are `Vec`s in page
//! order (pages are deterministic input) or `BTreeMap`s, never hash maps, so
//! that serialized output is byte-stable. Property rows the parser does not
//! know are kept in `other` maps (and reported as diagnostics), never dropped.
//!
//! The JSON form of [`Model`] is a contract (see `dvgen dump`): a top-level
//! object with `"tables"`; each table has `"logical_name"`, `"schema_name"`,
//! `"columns"`, `"relationships"` and `"messages"`. Anything inferred rather
//! than read carries `"derived": true`.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

pub use crate::diagnostics::{Diagnostic, Severity};

/// The merged result of one or more pages: what `dvgen dump` prints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// Every page read, in input order, without its table (tables are merged below).
    pub pages: Vec<PageInfo>,
    /// Tables ordered by logical name.
    pub tables: Vec<Table>,
    /// Everything worth telling the user, in page then line order.
    pub diagnostics: Vec<Diagnostic>,
}

/// One parsed page: its description and, for reference and extension pages, its table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// What the page is (everything but the table).
    pub info: PageInfo,
    /// The table the page documents or extends; `None` for conceptual pages.
    pub table: Option<Table>,
    /// Diagnostics raised while parsing this page.
    pub diagnostics: Vec<Diagnostic>,
}

/// What a page is, apart from its table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageInfo {
    /// Path of the page as given to dvgen (forward slashes).
    pub path: String,
    /// Reference, extension or conceptual.
    pub kind: PageKind,
    /// Which documentation set the page belongs to.
    pub product: Product,
    /// Which layout generation the page was written in.
    pub vintage: Vintage,
    /// YAML front matter.
    pub front_matter: FrontMatter,
    /// The H1 text, trimmed.
    pub title: Option<String>,
    /// Display name taken from the H1 (`Note` in `# Note (Annotation) table/entity reference`).
    pub display_name: Option<String>,
    /// Schema name in parentheses in the H1, if any.
    pub h1_schema_name: Option<String>,
    /// The description paragraph(s) under the H1.
    pub description: Option<String>,
    /// `> [!NOTE]` blocks, one string per block, without the `> ` markers.
    pub notes: Vec<String>,
    /// `[!INCLUDE[...](...)]` paths seen in the preamble and footer.
    pub includes: Vec<String>,
    /// `**Added by**: X Solution` in the preamble.
    pub added_by: Option<String>,
    /// For an extension page: the table it extends.
    pub extends: Option<ExtendsRef>,
    /// Further base tables the same NOTE names (`… table extends [X (Microsoft
    /// Dataverse)](…) and [X (Microsoft Dynamics 365)](…)`, Sales pages of 2024 on).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extends_also: Vec<ExtendsRef>,
    /// For a conceptual page: the logical name of the table it describes, when it can be told.
    pub describes_table: Option<String>,
    /// For a conceptual page: its body as Markdown (everything after the H1).
    pub body: Option<String>,
}

/// The kind of a page.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// A full table reference page.
    #[default]
    Reference,
    /// A page that adds to a table documented elsewhere (Customer Service).
    Extension,
    /// Prose about tables; yields no table.
    Conceptual,
    /// The project's own schema (an unpacked solution or an exported table
    /// definition): the top layer, whose stated facts win over the docs.
    Project,
}

/// The documentation set a page comes from.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Product {
    /// Microsoft Dataverse (powerapps-docs).
    Dataverse,
    /// Dynamics 365 Customer Engagement / Sales.
    Dynamics365,
    /// Dynamics 365 Customer Service.
    CustomerService,
    /// The project's own schema: a solution or an exported table definition
    /// (which one, and its name and version, is in [`Provenance::source`]).
    Project,
    /// Could not be told.
    #[default]
    Unknown,
}

impl Product {
    /// Human-readable product name, as used in generated docs.
    pub fn display(self) -> &'static str {
        match self {
            Product::Dataverse => "Microsoft Dataverse",
            Product::Dynamics365 => "Microsoft Dynamics 365",
            Product::CustomerService => "Dynamics 365 Customer Service",
            Product::Project => "the project's own schema",
            Product::Unknown => "an unknown product",
        }
    }
}

/// Layout generation of a page (see `docs/format-survey.md` in the project history).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Vintage {
    /// Not recognised.
    #[default]
    Unknown,
    /// 2017 bold-key pages (`**Key**: value<br />`, no tables).
    V1BoldKey,
    /// 2017-2020 classic tables (`## Entity Properties`, `## Writable attributes`).
    V2Classic,
    /// 2022 on-premises hybrid (`## Properties` table with `attributes` wording).
    V3Hybrid,
    /// 2021-2024 table/entity pages (`## Writable columns/attributes`).
    V3Table,
    /// 2024-2025 generated-reference pages (bold keys, backticked values).
    V4Generated,
    /// 2024-2025 Customer Service extension pages.
    V5Extension,
    /// Conceptual prose.
    Conceptual,
}

impl Vintage {
    /// Rank used when two pages of one table have no `ms.date`: higher is newer.
    pub fn rank(self) -> u8 {
        match self {
            Vintage::Unknown | Vintage::Conceptual => 0,
            Vintage::V1BoldKey => 1,
            Vintage::V2Classic => 2,
            Vintage::V3Table => 3,
            Vintage::V3Hybrid => 4,
            Vintage::V4Generated => 5,
            Vintage::V5Extension => 5,
        }
    }
}

/// YAML front matter, with the well-known keys lifted out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FrontMatter {
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `ms.date` as written (`MM/DD/YYYY`).
    pub ms_date: Option<String>,
    /// `ms.date` parsed.
    pub date: Option<PageDate>,
    /// `ms.topic`.
    pub ms_topic: Option<String>,
    /// `ms.service`.
    pub ms_service: Option<String>,
    /// `author`.
    pub author: Option<String>,
    /// Every key, as JSON values (lists and nested maps kept).
    pub all: BTreeMap<String, serde_json::Value>,
}

/// A calendar date from `ms.date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PageDate {
    /// Year.
    pub year: u16,
    /// Month 1-12.
    pub month: u8,
    /// Day 1-31.
    pub day: u8,
}

/// The table an extension page extends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtendsRef {
    /// Logical name of the base table (from the link, else the file name).
    pub logical_name: String,
    /// The link text, e.g. `Microsoft Dynamics 365 Lead table`.
    pub link_text: Option<String>,
    /// The link target as written.
    pub link: Option<String>,
    /// Product of the base table, from the link text.
    pub base_product: Product,
}

/// Where a fact came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Provenance {
    /// Page path.
    pub page: String,
    /// 1-based line on that page.
    pub line: u32,
    /// Product of that page.
    pub product: Product,
    /// For the project's own schema: the solution or export the fact came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceRef>,
}

/// Which solution or export a [`Product::Project`] fact came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SourceRef {
    /// The solution's unique name (`Other/Solution.xml`), when read from a solution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solution: Option<String>,
    /// The solution's version (`1.2.0.0`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Whether the solution package is managed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed: Option<bool>,
    /// For a JSON export: the JSON path of the fact (`$.Attributes[3]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_path: Option<String>,
}

/// A Dataverse table (entity).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// `LogicalName` (lower case): the key everything joins on.
    pub logical_name: String,
    /// `SchemaName`.
    pub schema_name: String,
    /// `DisplayName`.
    pub display_name: Option<String>,
    /// `DisplayCollectionName`.
    pub display_collection_name: Option<String>,
    /// `CollectionSchemaName`.
    pub collection_schema_name: Option<String>,
    /// `LogicalCollectionName`.
    pub logical_collection_name: Option<String>,
    /// `EntitySetName`: the Web API collection name.
    pub entity_set_name: Option<String>,
    /// `PrimaryIdAttribute`.
    pub primary_id_attribute: Option<String>,
    /// `PrimaryNameAttribute`.
    pub primary_name_attribute: Option<String>,
    /// `OwnershipType` (`UserOwned`, `OrganizationOwned`, `None`, ...).
    pub ownership_type: Option<String>,
    /// `TableType` (`Standard`, `Virtual`, ...).
    pub table_type: Option<String>,
    /// `IsBPFEntity`.
    pub is_bpf_entity: Option<bool>,
    /// Table description from the page.
    pub description: Option<String>,
    /// `**Added by**` solution.
    pub added_by: Option<String>,
    /// Messages (operations), page order.
    pub messages: Vec<Message>,
    /// Events (`## Events` section of V4 pages), page order.
    pub events: Vec<Message>,
    /// Columns, page order.
    pub columns: Vec<Column>,
    /// Relationships from this table's point of view, page order.
    pub relationships: Vec<Relationship>,
    /// Property rows of the table block that the parser does not know.
    pub other: BTreeMap<String, String>,
    /// Conceptual documentation attached to this table (Markdown), one entry per page.
    pub docs: Vec<ConceptualDoc>,
    /// Pages this table was read from.
    pub provenance: Vec<Provenance>,
    /// True when the table was not read from any page but inferred. dvgen
    /// never creates such stubs today (tables a page only mentions stay names
    /// in relationships); the flag is part of the `dump` contract.
    #[serde(default, skip_serializing_if = "is_false")]
    pub derived: bool,
}

/// Prose about a table from a conceptual page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConceptualDoc {
    /// Page path.
    pub page: String,
    /// Page title (H1).
    pub title: Option<String>,
    /// Body Markdown.
    pub markdown: String,
}

/// A message (operation) or event of a table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Message name (`Create`, `QualifyLead`, `msdyn_GDPROptoutLead`).
    pub name: String,
    /// `Event: True|False` (V4 only).
    pub is_event: Option<bool>,
    /// The Web API operation cell, as plain text.
    pub web_api_operation: Option<String>,
    /// The SDK cell, as plain text.
    pub sdk: Option<String>,
    /// Where it was read.
    pub provenance: Provenance,
}

/// A column (attribute).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// `LogicalName` (lower case): the Web API property name.
    pub logical_name: String,
    /// `SchemaName` (entry heading).
    pub schema_name: String,
    /// `DisplayName`.
    pub display_name: Option<String>,
    /// `Description`.
    pub description: Option<String>,
    /// `Type`.
    #[serde(rename = "type")]
    pub attribute_type: AttributeType,
    /// `RequiredLevel`.
    pub required_level: Option<String>,
    /// Which section listed the column.
    pub section: ColumnSection,
    /// `IsValidForCreate`; when the page omits it, derived from the section.
    pub is_valid_for_create: Option<bool>,
    /// `IsValidForUpdate`; when the page omits it, derived from the section.
    pub is_valid_for_update: Option<bool>,
    /// `IsValidForRead`.
    pub is_valid_for_read: Option<bool>,
    /// `IsValidForForm`.
    pub is_valid_for_form: Option<bool>,
    /// Type facets.
    pub facets: Facets,
    /// `Targets` of a lookup, in page order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
    /// `AttributeOf`.
    pub attribute_of: Option<String>,
    /// `DefaultValue` (Boolean) as written.
    pub default_value: Option<String>,
    /// `DefaultFormValue` (choices) as written.
    pub default_form_value: Option<String>,
    /// `GlobalChoiceName`: the shared option set this column uses.
    pub global_choice_name: Option<String>,
    /// Choice values the page lists, in page order. Present (possibly empty)
    /// only for columns whose page lists values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<OptionValue>>,
    /// `**Added by**` solution.
    pub added_by: Option<String>,
    /// Property rows the parser does not know.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other: BTreeMap<String, String>,
    /// Where it was read (first page first).
    pub provenance: Vec<Provenance>,
    /// True for a Customer Service "Changes from" patch that was not merged into a base column.
    #[serde(default, skip_serializing_if = "is_false")]
    pub patch: bool,
    /// True when inferred rather than read.
    #[serde(default, skip_serializing_if = "is_false")]
    pub derived: bool,
}

/// The section of a page that listed a column.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ColumnSection {
    /// `## Writable columns/attributes`.
    #[default]
    Writable,
    /// `## Read-only columns/attributes`.
    ReadOnly,
    /// `## Customized columns/attributes` (extension pages).
    Customized,
}

/// Type facets of a column. Numbers are kept as written (decimal strings) where
/// the pages mix notations (`1E-12` vs `0.000000000001`); see the helpers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    /// `MaxLength`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// `Format`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// `FormatName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format_name: Option<String>,
    /// `MinValue` as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_value: Option<String>,
    /// `MaxValue` as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_value: Option<String>,
    /// `Precision`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<u32>,
    /// `PrecisionSource` as written (`2`, `2 (TransactionCurrency.CurrencyPrecision)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision_source: Option<String>,
    /// `DateTimeBehavior` (`UserLocal`, `DateOnly`, `TimeZoneIndependent`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_time_behavior: Option<String>,
    /// `CanChangeDateTimeBehavior`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub can_change_date_time_behavior: Option<bool>,
    /// `ImeMode`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ime_mode: Option<String>,
    /// `IsLocalizable`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_localizable: Option<bool>,
    /// `SourceTypeMask`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_type_mask: Option<i64>,
    /// `IsBaseCurrency`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_base_currency: Option<bool>,
    /// `MaxSizeInKB` (Image, File).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_size_in_kb: Option<u64>,
    /// `IsPrimaryImage`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_primary_image: Option<bool>,
    /// `MaxHeight`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_height: Option<u32>,
    /// `MaxWidth`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_width: Option<u32>,
    /// `CanStoreFullImage`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub can_store_full_image: Option<bool>,
}

/// A column type. Unknown type names are kept verbatim in [`AttributeType::Other`].
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    /// Date and time (see `DateTimeBehavior`).
    DateTime,
    /// Choice.
    Picklist,
    /// Choices (multi-select).
    MultiSelectPicklist,
    /// `statecode`.
    State,
    /// `statuscode`.
    Status,
    /// Lookup to one or more tables.
    Lookup,
    /// Lookup to account or contact.
    Customer,
    /// Lookup to systemuser or team.
    Owner,
    /// Activity parties.
    PartyList,
    /// A table logical name.
    EntityName,
    /// GUID.
    Uniqueidentifier,
    /// Image.
    Image,
    /// File.
    File,
    /// Managed property.
    ManagedProperty,
    /// Virtual column.
    Virtual,
    /// Not given on the page (e.g. an extension patch).
    #[default]
    Unspecified,
    /// Any other type name, verbatim.
    Other(String),
}

impl AttributeType {
    /// Parse a page's `Type` value (case-insensitive).
    pub fn parse(s: &str) -> AttributeType {
        use AttributeType::*;
        match s.trim().to_ascii_lowercase().as_str() {
            "string" => String,
            "memo" => Memo,
            "integer" => Integer,
            "bigint" => BigInt,
            "decimal" => Decimal,
            "double" => Double,
            "money" => Money,
            "boolean" => Boolean,
            "datetime" => DateTime,
            "picklist" => Picklist,
            "multiselectpicklist" => MultiSelectPicklist,
            "state" => State,
            "status" => Status,
            "lookup" => Lookup,
            "customer" => Customer,
            "owner" => Owner,
            "partylist" => PartyList,
            "entityname" => EntityName,
            "uniqueidentifier" => Uniqueidentifier,
            "image" => Image,
            "file" => File,
            "managedproperty" => ManagedProperty,
            "virtual" => Virtual,
            "" => Unspecified,
            _ => Other(s.trim().to_string()),
        }
    }

    /// The canonical name, as Dataverse spells it.
    pub fn as_str(&self) -> &str {
        use AttributeType::*;
        match self {
            String => "String",
            Memo => "Memo",
            Integer => "Integer",
            BigInt => "BigInt",
            Decimal => "Decimal",
            Double => "Double",
            Money => "Money",
            Boolean => "Boolean",
            DateTime => "DateTime",
            Picklist => "Picklist",
            MultiSelectPicklist => "MultiSelectPicklist",
            State => "State",
            Status => "Status",
            Lookup => "Lookup",
            Customer => "Customer",
            Owner => "Owner",
            PartyList => "PartyList",
            EntityName => "EntityName",
            Uniqueidentifier => "Uniqueidentifier",
            Image => "Image",
            File => "File",
            ManagedProperty => "ManagedProperty",
            Virtual => "Virtual",
            Unspecified => "",
            Other(s) => s,
        }
    }

    /// True for types whose values are a choice list (options).
    pub fn has_options(&self) -> bool {
        matches!(
            self,
            AttributeType::Picklist
                | AttributeType::MultiSelectPicklist
                | AttributeType::State
                | AttributeType::Status
                | AttributeType::Boolean
        )
    }

    /// True for lookup-like types (a reference to another row).
    pub fn is_lookup(&self) -> bool {
        matches!(
            self,
            AttributeType::Lookup | AttributeType::Customer | AttributeType::Owner
        )
    }
}

impl fmt::Display for AttributeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Serialized as the type name; [`AttributeType::Unspecified`] as `null`.
impl Serialize for AttributeType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            AttributeType::Unspecified => s.serialize_none(),
            other => s.serialize_str(other.as_str()),
        }
    }
}

impl<'de> Deserialize<'de> for AttributeType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Option::<std::string::String>::deserialize(d)?;
        Ok(s.map_or(AttributeType::Unspecified, |s| AttributeType::parse(&s)))
    }
}

/// One choice value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionValue {
    /// The integer value.
    pub value: i64,
    /// The label, unescaped, verbatim otherwise (may be empty).
    pub label: String,
    /// Description column, when the page has one with text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// State options: `DefaultStatus`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_status: Option<i64>,
    /// State options: `InvariantName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invariant_name: Option<String>,
    /// Status options: the `State` this status belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<i64>,
    /// Status options: `TransitionData`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transition_data: Option<String>,
    /// Where it was read.
    pub provenance: Provenance,
}

/// Relationship kind, from the owning table's point of view.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipKind {
    /// This table is referenced (the other table holds the lookup).
    #[default]
    OneToMany,
    /// This table holds the lookup.
    ManyToOne,
    /// Through an intersect table.
    ManyToMany,
}

/// A relationship, from the point of view of the table that lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relationship {
    /// `SchemaName` (entry heading).
    pub schema_name: String,
    /// Kind, as the page lists it.
    pub kind: RelationshipKind,
    /// `ReferencedEntity` (the "one" side).
    pub referenced_entity: Option<String>,
    /// `ReferencedAttribute`.
    pub referenced_attribute: Option<String>,
    /// `ReferencingEntity` (the "many" side, holding the lookup).
    pub referencing_entity: Option<String>,
    /// `ReferencingAttribute` (the lookup column).
    pub referencing_attribute: Option<String>,
    /// `ReferencedEntityNavigationPropertyName` (collection-valued, on the referenced table).
    pub referenced_entity_navigation_property_name: Option<String>,
    /// `ReferencingEntityNavigationPropertyName` (single-valued, on the referencing table;
    /// the name to use with `@odata.bind`).
    pub referencing_entity_navigation_property_name: Option<String>,
    /// `IsHierarchical`.
    pub is_hierarchical: Option<bool>,
    /// `IsCustomizable`.
    pub is_customizable: Option<bool>,
    /// `AssociatedMenuConfiguration` (1:N and M:N).
    pub associated_menu_configuration: Option<MenuConfiguration>,
    /// `CascadeConfiguration`.
    pub cascade_configuration: Option<CascadeConfiguration>,
    /// Many-to-many details.
    pub many_to_many: Option<ManyToMany>,
    /// The other table of a "See ..." / "Same as ..." reference line, when given.
    pub related_entity: Option<String>,
    /// The link of that reference line, as written.
    pub related_link: Option<String>,
    /// `**Added by**` solution.
    pub added_by: Option<String>,
    /// `DenormalizedAttributeName` (2024 Sales pages; `null` is `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denormalized_attribute_name: Option<String>,
    /// `EntityKey` (2024 Sales pages; `null` is `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_key: Option<String>,
    /// `IsDenormalizedLookup` (2024 Sales pages; `null` or empty is `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_denormalized_lookup: Option<bool>,
    /// `IsRelationshipAttributeDenormalized` (2024 Sales pages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_relationship_attribute_denormalized: Option<bool>,
    /// Property rows the parser does not know.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other: BTreeMap<String, String>,
    /// Where it was read.
    pub provenance: Vec<Provenance>,
    /// True when inferred (e.g. the far side of a relationship) rather than read.
    #[serde(default, skip_serializing_if = "is_false")]
    pub derived: bool,
    /// True for an entry of `## Customized relationships` (extension pages): the
    /// page changes a relationship of the base table (its `Changes from […](…)`
    /// link is in `related_link`) and lists only the changed properties.
    #[serde(default, skip_serializing_if = "is_false")]
    pub customized: bool,
}

/// `AssociatedMenuConfiguration`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuConfiguration {
    /// `Behavior` (`UseCollectionName`, `UseLabel`, `DoNotDisplay`).
    pub behavior: Option<String>,
    /// `Group` (`Details`, `Sales`, ...).
    pub group: Option<String>,
    /// `Label`.
    pub label: Option<String>,
    /// `Order`.
    pub order: Option<i64>,
    /// `AvailableOffline`.
    pub available_offline: Option<bool>,
    /// `MenuId` (`null` is `None`).
    pub menu_id: Option<String>,
    /// `QueryApi` (`null` is `None`).
    pub query_api: Option<String>,
    /// `ViewId`.
    pub view_id: Option<String>,
    /// Keys not known above.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other: BTreeMap<String, String>,
}

/// What happens to related rows when an action is taken on the referenced row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Actions not known above.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other: BTreeMap<String, String>,
}

/// A cascade behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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

impl CascadeType {
    /// Parse a cascade value (case-insensitive).
    pub fn parse(s: &str) -> Option<CascadeType> {
        match s.trim().to_ascii_lowercase().as_str() {
            "cascade" => Some(CascadeType::Cascade),
            "nocascade" => Some(CascadeType::NoCascade),
            "active" => Some(CascadeType::Active),
            "userowned" => Some(CascadeType::UserOwned),
            "removelink" => Some(CascadeType::RemoveLink),
            "restrict" => Some(CascadeType::Restrict),
            _ => None,
        }
    }

    /// Canonical spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            CascadeType::Cascade => "Cascade",
            CascadeType::NoCascade => "NoCascade",
            CascadeType::Active => "Active",
            CascadeType::UserOwned => "UserOwned",
            CascadeType::RemoveLink => "RemoveLink",
            CascadeType::Restrict => "Restrict",
        }
    }
}

/// Many-to-many details.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManyToMany {
    /// `IntersectEntityName`.
    pub intersect_entity_name: Option<String>,
    /// The sides the page describes. V1 and V3 pages give both (`Entity1...`,
    /// `Table 1`/`Table 2`); V4 pages give this table's side only.
    pub sides: Vec<ManyToManySide>,
}

/// One side of a many-to-many relationship.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManyToManySide {
    /// 1 or 2 when the page numbers the side (`Entity1`, `Table 1`).
    pub ordinal: Option<u8>,
    /// `LogicalName` / `EntityNLogicalName`.
    pub entity_logical_name: Option<String>,
    /// `IntersectAttribute`.
    pub intersect_attribute: Option<String>,
    /// `NavigationPropertyName`.
    pub navigation_property_name: Option<String>,
    /// `AssociatedMenuConfiguration`.
    pub associated_menu_configuration: Option<MenuConfiguration>,
    /// `IsCustomizable` when given per side.
    pub is_customizable: Option<bool>,
}

impl Model {
    /// The table with this logical name.
    pub fn table(&self, logical_name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.logical_name == logical_name)
    }

    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

impl Relationship {
    /// The table on the other side of this relationship, as listed on the page
    /// of table `this` (lower case): the referencing table of a one-to-many,
    /// the referenced table of a many-to-one, the other entity of a
    /// many-to-many (its sides, else the "See ..." link); `None` when the page
    /// does not say.
    pub fn other_table(&self, this: &str) -> Option<String> {
        let other = match self.kind {
            RelationshipKind::OneToMany => self.referencing_entity.clone(),
            RelationshipKind::ManyToOne => self.referenced_entity.clone(),
            RelationshipKind::ManyToMany => self
                .many_to_many
                .as_ref()
                .and_then(|m| {
                    m.sides
                        .iter()
                        .filter_map(|s| s.entity_logical_name.clone())
                        .find(|e| e != this)
                })
                .or_else(|| self.related_entity.clone().filter(|e| e != this)),
        };
        other
            .or_else(|| self.related_entity.clone())
            .map(|s| s.to_ascii_lowercase())
    }
}

impl Table {
    /// The column with this logical name.
    pub fn column(&self, logical_name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.logical_name == logical_name)
    }

    /// The relationship with this schema name (case-insensitive) and kind.
    pub fn relationship(&self, schema_name: &str, kind: RelationshipKind) -> Option<&Relationship> {
        self.relationships
            .iter()
            .find(|r| r.kind == kind && r.schema_name.eq_ignore_ascii_case(schema_name))
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}
