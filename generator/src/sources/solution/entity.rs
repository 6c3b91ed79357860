//! `Entities/<SchemaName>/Entity.xml`: one table, its columns and their local choices.

use roxmltree::Node;

use crate::diagnostics::{codes, Diagnostic};
use crate::model::{AttributeType, Column, ColumnSection, Provenance, Table};

use super::optionsets::read_options;
use super::xml::{self, boolean, label, Tracker};

/// Entity-level elements read elsewhere or skipped on purpose: settings of the
/// maker experience (forms, views, ribbons, mobile, auditing) that do not
/// change the Web API shape.
const IGNORED_ENTITY: &[&str] = &[
    "IsDuplicateCheckSupported",
    "IsBusinessProcessEnabled",
    "IsRequiredOffline",
    "IsInteractionCentricEnabled",
    "IsCollaboration",
    "AutoRouteToOwnerQueue",
    "IsConnectionsEnabled",
    "IsDocumentManagementEnabled",
    "AutoCreateAccessTeams",
    "IsOneNoteIntegrationEnabled",
    "IsKnowledgeManagementEnabled",
    "IsSLAEnabled",
    "IsDocumentRecommendationsEnabled",
    "IsAuditEnabled",
    "IsRetrieveAuditEnabled",
    "IsRetrieveMultipleAuditEnabled",
    "ActivityTypeMask",
    "IsActivityParty",
    "IsReplicated",
    "IsReplicationUserFiltered",
    "IsMailMergeEnabled",
    "IsVisibleInMobile",
    "IsVisibleInMobileClient",
    "IsReadOnlyInMobileClient",
    "IsOfflineInMobileClient",
    "DaysSinceRecordLastModified",
    "MobileOfflineFilters",
    "IsMapiGridEnabled",
    "IsReadingPaneEnabled",
    "IsQuickCreateEnabled",
    "SyncToExternalSearchIndex",
    "IntroducedVersion",
    "EnforceStateTransitions",
    "EntityHelpUrlEnabled",
    "EntityHelpUrl",
    "ChangeTrackingEnabled",
    "IsEnabledForExternalChannels",
    "IsSolutionAware",
    "IsCustomizable",
    "IsRenameable",
    "IsMappable",
    "CanModifyAuditSettings",
    "CanModifyMobileVisibility",
    "CanModifyMobileClientVisibility",
    "CanModifyMobileClientReadOnly",
    "CanModifyMobileClientOffline",
    "CanModifyConnectionSettings",
    "CanModifyDuplicateDetectionSettings",
    "CanModifyMailMergeSettings",
    "CanModifyQueueSettings",
    "CanCreateAttributes",
    "CanCreateForms",
    "CanCreateCharts",
    "CanCreateViews",
    "CanModifyAdditionalSettings",
    "CanEnableSyncToExternalSearchIndex",
    "CanChangeHierarchicalRelationship",
    "CanChangeTrackingBeEnabled",
    "EntityColor",
    "IconVectorName",
    "IconLargeName",
    "IconMediumName",
    "IconSmallName",
    "EntityMask",
    "HasRelatedNotes",
    "HasRelatedActivities",
    "HasRelatedFeedback",
    "IsQuickCreateEnabled",
    "IsOfflineInMobileClient",
    "UsesBusinessDataLabelTable",
    "IsRetentionEnabled",
    "IsArchivalEnabled",
    "HasEmailAddresses",
];

/// Root-level elements of Entity.xml that are not schema (forms, views, ribbons, charts).
const IGNORED_ROOT: &[&str] = &[
    "RibbonDiffXml",
    "FormXml",
    "SavedQueries",
    "Visualizations",
    "CustomControlDefaultConfigs",
    "Strings",
    "EntityKeys",
];

/// Column-level elements skipped on purpose (search, audit and maker settings).
const IGNORED_ATTRIBUTE: &[&str] = &[
    "IsCustomField",
    "IsAuditEnabled",
    "IsSecured",
    "IntroducedVersion",
    "IsCustomizable",
    "IsRenameable",
    "CanModifySearchSettings",
    "CanModifyRequirementLevelSettings",
    "CanModifyAdditionalSettings",
    "CanModifyGlobalFilterSettings",
    "CanModifyIsSortableSettings",
    "SourceType",
    "IsGlobalFilterEnabled",
    "IsSortableEnabled",
    "IsDataSourceSecret",
    "AutoNumberFormat",
    "IsSearchable",
    "IsFilterable",
    "IsRetrievable",
    "LookupStyle",
    "Length",
    "ExternalName",
    "IsLogical",
    "FormulaDefinitionFileName",
    "YomiOf",
    "IsSecondaryIdAttribute",
    "HasMultipleLabels",
    "IsMultiSelect",
];

/// Map a solution XML type name to the IR type; `None` when unknown.
pub fn attribute_type(xml: &str) -> Option<AttributeType> {
    use AttributeType::*;
    Some(match xml.trim().to_ascii_lowercase().as_str() {
        "nvarchar" | "char" | "varchar" => String,
        "ntext" | "text" | "memo" => Memo,
        "int" | "integer" => Integer,
        "bigint" => BigInt,
        "decimal" => Decimal,
        "float" | "double" => Double,
        "money" => Money,
        "bit" | "boolean" => Boolean,
        "datetime" => DateTime,
        "picklist" => Picklist,
        "multiselectpicklist" => MultiSelectPicklist,
        "state" => State,
        "status" => Status,
        "lookup" => Lookup,
        "customer" => Customer,
        "owner" => Owner,
        "partylist" => PartyList,
        "primarykey" | "uniqueidentifier" => Uniqueidentifier,
        "entityname" => EntityName,
        "image" => Image,
        "file" => File,
        "managedproperty" => ManagedProperty,
        "virtual" => Virtual,
        _ => return None,
    })
}

/// The standard table of a fixed object type code (the codes of custom
/// tables differ between environments and cannot be told offline).
fn table_of_type_code(code: u32) -> Option<&'static str> {
    Some(match code {
        1 => "account",
        2 => "contact",
        3 => "opportunity",
        4 => "lead",
        5 => "annotation",
        8 => "systemuser",
        9 => "team",
        10 => "businessunit",
        112 => "incident",
        1084 => "quote",
        1088 => "salesorder",
        1090 => "invoice",
        4200 => "activitypointer",
        4201 => "appointment",
        4202 => "email",
        4204 => "fax",
        4207 => "letter",
        4210 => "phonecall",
        4212 => "task",
        _ => return None,
    })
}

/// Canonical `RequiredLevel` spelling of the docs.
fn required_level(xml: &str) -> String {
    match xml.trim().to_ascii_lowercase().as_str() {
        "none" => "None".into(),
        "systemrequired" => "SystemRequired".into(),
        "required" | "applicationrequired" => "ApplicationRequired".into(),
        "recommended" => "Recommended".into(),
        _ => xml.trim().to_string(),
    }
}

/// Canonical `Format` spelling of the docs.
fn format(ty: &AttributeType, xml: &str) -> String {
    let lower = xml.trim().to_ascii_lowercase();
    let s = match (ty, lower.as_str()) {
        (AttributeType::DateTime, "date") => "DateOnly",
        (AttributeType::DateTime, "datetime") => "DateAndTime",
        (_, "text") => "Text",
        (_, "email") => "Email",
        (_, "url") => "Url",
        (_, "phone") => "Phone",
        (_, "textarea") => "TextArea",
        (_, "tickersymbol") => "TickerSymbol",
        (_, "json") => "Json",
        (_, "richtext") => "RichText",
        (_, "none") => "None",
        (_, "duration") => "Duration",
        (_, "timezone") => "TimeZone",
        (_, "language") => "Language",
        (_, "locale") => "Locale",
        _ => return xml.trim().to_string(),
    };
    s.to_string()
}

fn ime_mode(xml: &str) -> String {
    let mut c = xml.trim().chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Read one `Entity.xml` document into a table. `prov` makes the provenance
/// of a line.
pub(crate) fn read_entity(
    root: Node<'_, '_>,
    path: &str,
    language: u32,
    prov: &dyn Fn(u32) -> Provenance,
    tracker: &mut Tracker,
    diags: &mut Vec<Diagnostic>,
) -> Option<Table> {
    tracker.used(root);
    if root.tag_name().name() != "Entity" {
        diags.push(Diagnostic::error(
            codes::MISSING_ELEMENT,
            path,
            xml::line(root),
            format!(
                "the root element is <{}>, not <Entity>; the file is not read",
                root.tag_name().name()
            ),
        ));
        return None;
    }
    tracker.ignore_children(root, IGNORED_ROOT);
    let name_el = tracker.take(root, "Name");
    let info = tracker.take_shallow(root, "EntityInfo");
    let entity = info.and_then(|i| tracker.take_shallow(i, "entity"));
    let schema = name_el
        .and_then(xml::text)
        .or_else(|| entity.and_then(|e| e.attribute("Name").map(str::to_string)));
    let Some(schema) = schema else {
        diags.push(Diagnostic::error(
            codes::MISSING_ELEMENT,
            path,
            xml::line(root),
            "no <Name> and no <entity Name=...>: the table has no name; the file is not read",
        ));
        return None;
    };
    let mut table = Table {
        logical_name: schema.to_ascii_lowercase(),
        schema_name: schema.clone(),
        provenance: vec![prov(xml::line(root))],
        ..Table::default()
    };
    let Some(entity) = entity else {
        diags.push(Diagnostic::warning(
            codes::MISSING_ELEMENT,
            path,
            xml::line(root),
            format!("table `{schema}` has no <EntityInfo><entity>: only its name is read"),
        ));
        return Some(table);
    };
    tracker.ignore_children(entity, IGNORED_ENTITY);
    if let Some(n) = tracker.take(entity, "LocalizedNames") {
        table.display_name = label(n, language);
    }
    if table.display_name.is_none() {
        table.display_name = name_el.and_then(|n| n.attribute("LocalizedName").map(str::to_string));
    }
    if let Some(n) = tracker.take(entity, "LocalizedCollectionNames") {
        table.display_collection_name = label(n, language);
    }
    if let Some(n) = tracker.take(entity, "Descriptions") {
        table.description = label(n, language);
    }
    table.entity_set_name = tracker.text(entity, "EntitySetName");
    if let Some(o) = tracker.text(entity, "OwnershipTypeMask") {
        table.ownership_type = Some(match o.as_str() {
            "OrgOwned" => "OrganizationOwned".to_string(),
            "BusinessOwned" => "BusinessOwned".to_string(),
            _ => o,
        });
    }
    table.is_bpf_entity = tracker
        .text(entity, "IsBPFEntity")
        .and_then(|b| boolean(&b));
    if tracker.text(entity, "IsActivity").and_then(|b| boolean(&b)) == Some(true) {
        table.table_type = Some("Activity".to_string());
    }
    if let Some(attrs) = tracker.take_shallow(entity, "attributes") {
        for a in xml::children(attrs, "attribute") {
            if let Some(col) = read_attribute(a, path, language, prov, tracker, diags) {
                if table
                    .columns
                    .iter()
                    .any(|c| c.logical_name == col.logical_name)
                {
                    diags.push(Diagnostic::warning(
                        codes::DUPLICATE_COLUMN,
                        path,
                        xml::line(a),
                        format!(
                            "column `{}` appears twice; the first is kept",
                            col.logical_name
                        ),
                    ));
                    continue;
                }
                if col.attribute_type == AttributeType::Uniqueidentifier
                    && a.children().any(|c| {
                        c.has_tag_name("Type") && xml::text(c).as_deref() == Some("primarykey")
                    })
                {
                    table.primary_id_attribute = Some(col.logical_name.clone());
                }
                if a.children().any(|c| {
                    c.has_tag_name("DisplayMask")
                        && xml::text(c).is_some_and(|m| m.split('|').any(|f| f == "PrimaryName"))
                }) {
                    table.primary_name_attribute = Some(col.logical_name.clone());
                }
                table.columns.push(col);
            }
        }
    }
    Some(table)
}

fn read_attribute(
    a: Node<'_, '_>,
    path: &str,
    language: u32,
    prov: &dyn Fn(u32) -> Provenance,
    tracker: &mut Tracker,
    diags: &mut Vec<Diagnostic>,
) -> Option<Column> {
    tracker.used(a);
    let line = xml::line(a);
    tracker.ignore_children(a, IGNORED_ATTRIBUTE);
    let logical = tracker
        .text(a, "LogicalName")
        .or_else(|| tracker.text(a, "Name"));
    let _ = tracker.take(a, "Name");
    let Some(logical) = logical else {
        diags.push(Diagnostic::warning(
            codes::MISSING_LOGICAL_NAME,
            path,
            line,
            "a column without <LogicalName> or <Name>; it is skipped",
        ));
        return None;
    };
    let logical = logical.to_ascii_lowercase();
    let type_name = tracker.text(a, "Type");
    let attribute_type = match type_name.as_deref() {
        None => {
            diags.push(Diagnostic::warning(
                codes::UNKNOWN_TYPE,
                path,
                line,
                format!("column `{logical}` has no <Type>; it is kept untyped"),
            ));
            AttributeType::Unspecified
        }
        Some(t) => attribute_type(t).unwrap_or_else(|| {
            diags.push(Diagnostic::warning(
                codes::UNKNOWN_TYPE,
                path,
                line,
                format!("column `{logical}` has the unknown type `{t}`; it is kept as that name"),
            ));
            AttributeType::Other(t.to_string())
        }),
    };
    let mut col = Column {
        schema_name: a
            .attribute("PhysicalName")
            .map_or_else(|| logical.clone(), str::to_string),
        logical_name: logical.clone(),
        provenance: vec![prov(line)],
        ..Column::default()
    };
    if let Some(n) = tracker.take(a, "displaynames") {
        col.display_name = label(n, language);
    }
    if let Some(n) = tracker.take(a, "Descriptions") {
        col.description = label(n, language);
    }
    col.required_level = tracker.text(a, "RequiredLevel").map(|r| required_level(&r));
    let flag = |tracker: &mut Tracker, name: &'static str, diags: &mut Vec<Diagnostic>| {
        let el = xml::child(a, name)?;
        let t = tracker.text(a, name)?;
        let b = boolean(&t);
        if b.is_none() {
            diags.push(Diagnostic::warning(
                codes::BAD_BOOLEAN,
                path,
                xml::line(el),
                format!("<{name}> of `{logical}` is `{t}`, not 0 or 1; left out"),
            ));
        }
        b
    };
    col.is_valid_for_create = flag(tracker, "ValidForCreateApi", diags);
    col.is_valid_for_update = flag(tracker, "ValidForUpdateApi", diags);
    col.is_valid_for_read = flag(tracker, "ValidForReadApi", diags);
    if let Some(mask) = tracker.text(a, "DisplayMask") {
        col.is_valid_for_form = Some(mask.split('|').any(|f| f == "ValidForForm"));
    }
    col.section =
        if col.is_valid_for_create == Some(false) && col.is_valid_for_update == Some(false) {
            ColumnSection::ReadOnly
        } else {
            ColumnSection::Writable
        };
    let number = |tracker: &mut Tracker, name: &'static str, diags: &mut Vec<Diagnostic>| {
        let el = xml::child(a, name)?;
        let t = tracker.text(a, name)?;
        match t.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                diags.push(Diagnostic::warning(
                    codes::BAD_NUMBER,
                    path,
                    xml::line(el),
                    format!("<{name}> of `{logical}` is `{t}`, not a whole number; left out"),
                ));
                None
            }
        }
    };
    col.facets.max_length = number(tracker, "MaxLength", diags);
    col.facets.max_size_in_kb = number(tracker, "MaxSizeInKB", diags);
    col.facets.max_height = number(tracker, "MaxHeight", diags).and_then(|n| u32::try_from(n).ok());
    col.facets.max_width = number(tracker, "MaxWidth", diags).and_then(|n| u32::try_from(n).ok());
    let precision = number(tracker, "Precision", diags).or(number(tracker, "Accuracy", diags));
    col.facets.precision = precision.and_then(|n| u32::try_from(n).ok());
    col.facets.precision_source = tracker.text(a, "AccuracySource");
    col.facets.min_value = tracker.text(a, "MinValue");
    col.facets.max_value = tracker.text(a, "MaxValue");
    col.facets.format = tracker
        .text(a, "Format")
        .map(|f| format(&attribute_type, &f));
    col.facets.ime_mode = tracker.text(a, "ImeMode").map(|m| ime_mode(&m));
    col.facets.is_localizable = flag(tracker, "IsLocalizable", diags);
    col.facets.can_change_date_time_behavior = flag(tracker, "CanChangeDateTimeBehavior", diags);
    col.facets.is_primary_image = flag(tracker, "IsPrimaryImage", diags);
    col.facets.can_store_full_image = flag(tracker, "CanStoreFullImage", diags);
    if let Some(b) = tracker.text(a, "Behavior") {
        col.facets.date_time_behavior = Some(match b.as_str() {
            "1" => "UserLocal".to_string(),
            "2" => "DateOnly".to_string(),
            "3" => "TimeZoneIndependent".to_string(),
            _ => b,
        });
    }
    col.attribute_of = tracker
        .text(a, "AttributeOf")
        .map(|s| s.to_ascii_lowercase());
    if let Some(types) = tracker.take(a, "LookupTypes") {
        for t in types.children().filter(|c| c.is_element()) {
            let Some(text) = xml::text(t) else {
                continue;
            };
            // Solutions write a target as its object type code (8) or its name.
            let target = match text.parse::<u32>() {
                Ok(code) => match table_of_type_code(code) {
                    Some(name) => name.to_string(),
                    None => {
                        diags.push(Diagnostic::note(
                            codes::UNKNOWN_TYPE_CODE,
                            path,
                            xml::line(t),
                            format!(
                                "lookup `{logical}`: object type code {code} is not a fixed code of a standard table; the target is taken from the relationships"
                            ),
                        ));
                        continue;
                    }
                },
                Err(_) => text.to_ascii_lowercase(),
            };
            if !col.targets.contains(&target) {
                col.targets.push(target);
            }
        }
    }
    if let Some(d) = tracker.text(a, "AppDefaultValue") {
        if attribute_type == AttributeType::Boolean {
            col.default_value = Some(d);
        } else {
            col.default_form_value = Some(d);
        }
    }
    col.global_choice_name = tracker.text(a, "OptionSetName");
    if let Some(os) = tracker.take_shallow(a, "optionset") {
        let (options, global) = read_options(os, path, language, prov, tracker, diags);
        col.options = Some(options);
        if global && col.global_choice_name.is_none() {
            col.global_choice_name = os.attribute("Name").map(str::to_string);
        }
    }
    col.attribute_type = attribute_type;
    Some(col)
}
