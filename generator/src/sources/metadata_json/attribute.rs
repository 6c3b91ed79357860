//! `AttributeMetadata` (and its derived types) -> [`Column`], choices included.

use jsonc_parser::ast::Value;

use super::walk::{Ctx, Obj, Use};
use crate::diagnostics::{codes, Severity};
use crate::model::{AttributeType, Column, ColumnSection, OptionValue};

/// The IR type of an `AttributeTypeName` value (`StringType`).
fn from_type_name(name: &str) -> Option<AttributeType> {
    use AttributeType as A;
    Some(match name {
        "BigIntType" => A::BigInt,
        "BooleanType" => A::Boolean,
        "CustomerType" => A::Customer,
        "DateTimeType" => A::DateTime,
        "DecimalType" => A::Decimal,
        "DoubleType" => A::Double,
        "EntityNameType" => A::EntityName,
        "FileType" => A::File,
        "ImageType" => A::Image,
        "IntegerType" => A::Integer,
        "LookupType" => A::Lookup,
        "ManagedPropertyType" => A::ManagedProperty,
        "MemoType" => A::Memo,
        "MoneyType" => A::Money,
        "MultiSelectPicklistType" => A::MultiSelectPicklist,
        "OwnerType" => A::Owner,
        "PartyListType" => A::PartyList,
        "PicklistType" => A::Picklist,
        "StateType" => A::State,
        "StatusType" => A::Status,
        "StringType" => A::String,
        "UniqueidentifierType" => A::Uniqueidentifier,
        "VirtualType" => A::Virtual,
        // Known to Dataverse, without a type of their own in the IR.
        "CalendarRulesType" => A::Other("CalendarRules".to_string()),
        _ => return None,
    })
}

/// The IR type of an `AttributeTypeCode` value (`String`).
fn from_type_code(code: &str) -> Option<AttributeType> {
    match code {
        "CalendarRules" => Some(AttributeType::Other("CalendarRules".to_string())),
        _ => match AttributeType::parse(code) {
            AttributeType::Other(_) | AttributeType::Unspecified => None,
            t => Some(t),
        },
    }
}

/// The IR type of a metadata entity type (`Microsoft.Dynamics.CRM.PicklistAttributeMetadata`,
/// with or without `#`).
pub(super) fn from_odata_type(t: &str) -> Option<AttributeType> {
    use AttributeType as A;
    let name = t
        .trim_start_matches('#')
        .strip_prefix("Microsoft.Dynamics.CRM.")?;
    Some(match name {
        "StringAttributeMetadata" | "ComplexStringAttributeMetadata" => A::String,
        "MemoAttributeMetadata" => A::Memo,
        "IntegerAttributeMetadata" => A::Integer,
        "BigIntAttributeMetadata" => A::BigInt,
        "DecimalAttributeMetadata" => A::Decimal,
        "DoubleAttributeMetadata" => A::Double,
        "MoneyAttributeMetadata" => A::Money,
        "BooleanAttributeMetadata" => A::Boolean,
        "DateTimeAttributeMetadata" => A::DateTime,
        "PicklistAttributeMetadata" => A::Picklist,
        "MultiSelectPicklistAttributeMetadata" => A::MultiSelectPicklist,
        "StateAttributeMetadata" => A::State,
        "StatusAttributeMetadata" => A::Status,
        "LookupAttributeMetadata" | "ComplexLookupAttributeMetadata" => A::Lookup,
        "UniqueIdentifierAttributeMetadata" => A::Uniqueidentifier,
        "EntityNameAttributeMetadata" => A::EntityName,
        "ImageAttributeMetadata" => A::Image,
        "FileAttributeMetadata" => A::File,
        "ManagedPropertyAttributeMetadata" => A::ManagedProperty,
        _ => return None,
    })
}

/// Read one attribute. `cast` is the type the request cast to (from the
/// `@odata.context` of an option-set cast), used when the object states none.
/// `None` (with a warning, everything in it counted unknown) when it has
/// neither `LogicalName` nor `SchemaName`.
pub(super) fn read(
    ctx: &mut Ctx<'_>,
    v: &Value<'_>,
    path: String,
    cast: Option<&AttributeType>,
) -> Option<Column> {
    let Value::Object(o) = v else {
        let line = ctx.line(v);
        ctx.tally_below(Use::Unknown, v);
        ctx.unknown.push((line, path.clone()));
        ctx.diag(
            Severity::Warning,
            codes::BAD_JSON_VALUE,
            line,
            format!("{path} should be an attribute object: not in the output"),
        );
        return None;
    };
    let mut a = Obj::new(o, path);
    let line = a.line(ctx);
    let named =
        |k: &str| matches!(a.peek(k), Some(Value::StringLit(s)) if !s.value.trim().is_empty());
    if !named("LogicalName") && !named("SchemaName") {
        ctx.tally_below(Use::Unknown, v);
        ctx.unknown.push((line, a.path.clone()));
        ctx.diag(
            Severity::Warning,
            codes::MISSING_JSON_KEY,
            line,
            format!(
                "attribute at {} has neither `LogicalName` nor `SchemaName`: not in the output",
                a.path
            ),
        );
        return None;
    }
    let mut col = Column::default();
    let logical = a.str(ctx, "LogicalName");
    let schema = a.str(ctx, "SchemaName");
    col.logical_name = logical
        .clone()
        .unwrap_or_else(|| schema.clone().unwrap_or_default().to_ascii_lowercase());
    col.schema_name = schema.unwrap_or_default();
    col.provenance.push(ctx.provenance(line, &a.path));

    // Type: the most specific statement wins (AttributeTypeName, then
    // AttributeType, then the entity type, then the cast of the request).
    let type_name = a.value_str(ctx, "AttributeTypeName");
    let type_code = a.str(ctx, "AttributeType");
    let odata = a
        .peek("@odata.type")
        .and_then(|v| v.as_string_lit())
        .map(|s| s.value.to_string());
    let mut attribute_type = None;
    for (stated, what) in [
        (&type_name, "AttributeTypeName"),
        (&type_code, "AttributeType"),
    ] {
        if let Some(s) = stated {
            let t = if what == "AttributeTypeName" {
                from_type_name(s)
            } else {
                from_type_code(s)
            };
            match t {
                // `Virtual` columns say what they are in AttributeTypeName.
                Some(t) if attribute_type.is_none() => attribute_type = Some(t),
                Some(_) => {}
                None => ctx.diag(
                    Severity::Warning,
                    codes::UNKNOWN_TYPE,
                    line,
                    format!(
                        "column `{}`: unknown {what} `{s}` (at {}); kept as type `{s}`, read as JSON",
                        col.logical_name, a.path
                    ),
                ),
            }
        }
    }
    col.attribute_type = attribute_type
        .or_else(|| odata.as_deref().and_then(from_odata_type))
        .or_else(|| cast.cloned())
        .or_else(|| type_code.clone().map(AttributeType::Other))
        .or_else(|| type_name.map(AttributeType::Other))
        .unwrap_or_default();

    col.display_name = a.label(ctx, "DisplayName");
    col.description = a.label(ctx, "Description");
    col.required_level = a.value_str(ctx, "RequiredLevel");
    col.is_valid_for_create = a.bool(ctx, "IsValidForCreate");
    col.is_valid_for_update = a.bool(ctx, "IsValidForUpdate");
    col.is_valid_for_read = a.bool(ctx, "IsValidForRead");
    col.is_valid_for_form = a.bool(ctx, "IsValidForForm");
    col.section =
        if col.is_valid_for_create == Some(false) && col.is_valid_for_update == Some(false) {
            ColumnSection::ReadOnly
        } else {
            ColumnSection::Writable
        };
    col.attribute_of = a.str(ctx, "AttributeOf");
    if let Some((arr, tpath)) = a.arr(ctx, "Targets") {
        for (i, t) in arr.elements.iter().enumerate() {
            match t {
                Value::StringLit(s) => col.targets.push(s.value.to_string()),
                other => {
                    let l = ctx.line(other);
                    ctx.diag(
                        Severity::Warning,
                        codes::BAD_JSON_VALUE,
                        l,
                        format!("{tpath}[{i}] should be a table name: not in the output"),
                    );
                }
            }
        }
    }
    // Facets.
    let f = &mut col.facets;
    f.max_length = a.int(ctx, "MaxLength").and_then(|n| u64::try_from(n).ok());
    f.format = a.value_str(ctx, "Format");
    f.format_name = a.value_str(ctx, "FormatName");
    f.min_value = a.number_text(ctx, "MinValue");
    f.max_value = a.number_text(ctx, "MaxValue");
    f.precision = a.int(ctx, "Precision").and_then(|n| u32::try_from(n).ok());
    f.precision_source = a.int(ctx, "PrecisionSource").map(|n| n.to_string());
    f.date_time_behavior = a.value_str(ctx, "DateTimeBehavior");
    f.can_change_date_time_behavior = a.bool(ctx, "CanChangeDateTimeBehavior");
    f.ime_mode = a.str(ctx, "ImeMode");
    f.is_localizable = a.bool(ctx, "IsLocalizable");
    f.source_type_mask = a.int(ctx, "SourceTypeMask");
    f.is_base_currency = a.bool(ctx, "IsBaseCurrency");
    f.max_size_in_kb = a
        .int(ctx, "MaxSizeInKB")
        .and_then(|n| u64::try_from(n).ok());
    f.is_primary_image = a.bool(ctx, "IsPrimaryImage");
    f.max_height = a.int(ctx, "MaxHeight").and_then(|n| u32::try_from(n).ok());
    f.max_width = a.int(ctx, "MaxWidth").and_then(|n| u32::try_from(n).ok());
    f.can_store_full_image = a.bool(ctx, "CanStoreFullImage");
    // DefaultValue: a boolean for Boolean columns, a number elsewhere.
    if let Some(v) = a.peek("DefaultValue") {
        col.default_value = match v {
            Value::BooleanLit(b) => a.bool(ctx, "DefaultValue").map(|_| b.value.to_string()),
            _ => a.number_text(ctx, "DefaultValue"),
        };
    }
    col.default_form_value = a.int(ctx, "DefaultFormValue").map(|n| n.to_string());

    // Choices: the attribute's own set, then the global one it uses.
    let mut options: Option<Vec<OptionValue>> = None;
    for key in ["OptionSet", "GlobalOptionSet"] {
        if let Some(set) = a.obj(ctx, key) {
            let (values, global) = read_option_set(ctx, set);
            if let Some(g) = global {
                col.global_choice_name.get_or_insert(g);
            }
            if options.as_ref().is_none_or(Vec::is_empty) && values.is_some() {
                options = values;
            }
        }
    }
    col.options = options;
    a.finish(ctx, "attribute", ATTRIBUTE_IGNORED);
    Some(col)
}

/// An option set: its values (`None` when it lists none) and, when it is
/// global, its name.
fn read_option_set(
    ctx: &mut Ctx<'_>,
    mut s: Obj<'_, '_>,
) -> (Option<Vec<OptionValue>>, Option<String>) {
    let mut values: Option<Vec<OptionValue>> = None;
    if let Some((arr, path)) = s.arr(ctx, "Options") {
        let list = values.get_or_insert_with(Vec::new);
        for (i, el) in arr.elements.iter().enumerate() {
            if let Some(o) = read_option(ctx, el, format!("{path}[{i}]")) {
                list.push(o);
            }
        }
    }
    // Yes/No columns: TrueOption then FalseOption, as the pages list them.
    for key in ["TrueOption", "FalseOption"] {
        if let Some(v) = s.peek(key) {
            let path = format!("{}.{key}", s.path);
            if matches!(v, Value::Object(_)) {
                // Taken through `obj` so that it is counted; read from the value.
                let _ = s.obj(ctx, key);
                if let Some(o) = read_option(ctx, v, path) {
                    values.get_or_insert_with(Vec::new).push(o);
                }
            }
        }
    }
    let name = s.str(ctx, "Name");
    let is_global = s.bool(ctx, "IsGlobal");
    s.finish(ctx, "option set", OPTION_SET_IGNORED);
    if let Some(list) = &values {
        let mut seen = std::collections::BTreeSet::new();
        for o in list {
            if !seen.insert(o.value) {
                ctx.diag(
                    Severity::Warning,
                    codes::DUPLICATE_CHOICE,
                    o.provenance.line,
                    format!("choice value {} is listed twice; both are kept", o.value),
                );
            }
        }
    }
    (values, name.filter(|_| is_global == Some(true)))
}

fn read_option(ctx: &mut Ctx<'_>, v: &Value<'_>, path: String) -> Option<OptionValue> {
    let Value::Object(o) = v else {
        let line = ctx.line(v);
        ctx.tally_below(Use::Unknown, v);
        ctx.diag(
            Severity::Warning,
            codes::BAD_JSON_VALUE,
            line,
            format!("{path} should be an option object: not in the output"),
        );
        return None;
    };
    let mut o = Obj::new(o, path);
    let line = o.line(ctx);
    let value = o.int(ctx, "Value");
    let label = o.label(ctx, "Label");
    let description = o.label(ctx, "Description");
    let state = o.int(ctx, "State");
    let default_status = o.int(ctx, "DefaultStatus");
    let invariant_name = o.str(ctx, "InvariantName");
    let transition_data = o.str(ctx, "TransitionData");
    let provenance = ctx.provenance(line, &o.path);
    let path = o.path.clone();
    o.finish(ctx, "option", OPTION_IGNORED);
    let Some(value) = value else {
        ctx.diag(
            Severity::Warning,
            codes::MISSING_JSON_KEY,
            line,
            format!("option at {path} has no `Value`: not in the output"),
        );
        return None;
    };
    Some(OptionValue {
        value,
        label: label.unwrap_or_default(),
        description: description.filter(|d| !d.is_empty()),
        default_status,
        invariant_name,
        state,
        transition_data,
        provenance,
    })
}

/// `AttributeMetadata` properties read on purpose for nothing: customization
/// and security settings, bookkeeping, search and form behaviour.
const ATTRIBUTE_IGNORED: &[&str] = &[
    "MetadataId",
    "HasChanged",
    "EntityLogicalName",
    "ColumnNumber",
    "CreatedOn",
    "ModifiedOn",
    "IntroducedVersion",
    "DeprecatedVersion",
    "InheritsFrom",
    "ExternalName",
    "AutoNumberFormat",
    "CanBeSecuredForCreate",
    "CanBeSecuredForRead",
    "CanBeSecuredForUpdate",
    "CanModifyAdditionalSettings",
    "IsAuditEnabled",
    "IsCustomAttribute",
    "IsCustomizable",
    "IsDataSourceSecret",
    "IsFilterable",
    "IsGlobalFilterEnabled",
    "IsLogical",
    "IsManaged",
    "IsPrimaryId",
    "IsPrimaryName",
    "IsRenameable",
    "IsRequiredForForm",
    "IsRetrievable",
    "IsSearchable",
    "IsSecured",
    "IsSortableEnabled",
    "IsValidForAdvancedFind",
    "IsValidForGrid",
    "IsValidODataAttribute",
    "IsArchivalEnabled",
    "IsRetentionEnabled",
    "LinkedAttributeId",
    "Settings",
    "SourceType",
    "DatabaseLength",
    "FormulaDefinition",
    "YomiOf",
    "IsLocalizable",
    "CalculationOf",
    "MinSupportedValue",
    "MaxSupportedValue",
    "ParentPicklistLogicalName",
    "ChildPicklistLogicalNames",
    "ManagedPropertyLogicalName",
    "ParentComponentType",
    "ParentAttributeName",
    "ValueAttributeTypeCode",
    "HasMultipleLanguages",
    "Keys",
];

/// `OptionSetMetadata` properties that describe the set, not its values.
const OPTION_SET_IGNORED: &[&str] = &[
    "MetadataId",
    "HasChanged",
    "DisplayName",
    "Description",
    "IsCustomOptionSet",
    "IsManaged",
    "IsCustomizable",
    "IntroducedVersion",
    "OptionSetType",
    "ExternalTypeName",
    "ParentOptionSetName",
];

/// `OptionMetadata` properties without a place in the IR.
const OPTION_IGNORED: &[&str] = &[
    "Color",
    "IsManaged",
    "ExternalValue",
    "ParentValues",
    "Tag",
    "IsHidden",
    "MetadataId",
    "HasChanged",
];
