//! `EntityMetadata` -> [`Table`] (with its expanded attributes and relationships).

use jsonc_parser::ast::Value;

use super::walk::{Ctx, Obj, Use};
use super::{attribute, relationship};
use crate::diagnostics::{codes, Severity};
use crate::model::{RelationshipKind, Table};

/// A table as one file states it; its logical name may still be unknown
/// (a `$select` without `LogicalName`): then it is joined by `MetadataId`.
#[derive(Debug, Clone)]
pub(super) struct EntityPart {
    /// The table; `logical_name` is empty when the file does not say it.
    pub table: Table,
    /// `MetadataId`.
    pub metadata_id: Option<String>,
}

/// Read one `EntityMetadata` object.
pub(super) fn read(ctx: &mut Ctx<'_>, v: &Value<'_>, path: String) -> Option<EntityPart> {
    let Value::Object(o) = v else {
        let line = ctx.line(v);
        ctx.tally_below(Use::Unknown, v);
        ctx.unknown.push((line, path.clone()));
        ctx.diag(
            Severity::Warning,
            codes::BAD_JSON_VALUE,
            line,
            format!("{path} should be an EntityMetadata object: not in the output"),
        );
        return None;
    };
    let mut e = Obj::new(o, path);
    let line = e.line(ctx);
    let mut t = Table::default();
    let logical = e.str(ctx, "LogicalName");
    let schema = e.str(ctx, "SchemaName");
    t.logical_name = match (&logical, &schema) {
        (Some(l), _) => l.trim().to_ascii_lowercase(),
        (None, Some(s)) => {
            ctx.diag(
                Severity::Note,
                codes::MISSING_JSON_KEY,
                line,
                format!(
                    "table at {} states no `LogicalName`: `{}` (its SchemaName in lower case) is used",
                    e.path,
                    s.to_ascii_lowercase()
                ),
            );
            s.trim().to_ascii_lowercase()
        }
        (None, None) => String::new(),
    };
    t.schema_name = schema.unwrap_or_default();
    t.provenance.push(ctx.provenance(line, &e.path));
    t.display_name = e.label(ctx, "DisplayName");
    t.display_collection_name = e.label(ctx, "DisplayCollectionName");
    t.description = e.label(ctx, "Description");
    t.collection_schema_name = e.str(ctx, "CollectionSchemaName");
    t.logical_collection_name = e.str(ctx, "LogicalCollectionName");
    t.entity_set_name = e.str(ctx, "EntitySetName");
    t.primary_id_attribute = e.str(ctx, "PrimaryIdAttribute");
    t.primary_name_attribute = e.str(ctx, "PrimaryNameAttribute");
    t.ownership_type = e.str(ctx, "OwnershipType");
    t.table_type = e.str(ctx, "TableType");
    t.is_bpf_entity = e.bool(ctx, "IsBPFEntity");
    let metadata_id = e.str(ctx, "MetadataId").map(|s| s.to_ascii_lowercase());

    if let Some((arr, path)) = e.arr(ctx, "Attributes") {
        for (i, a) in arr.elements.iter().enumerate() {
            let Some(col) = attribute::read(ctx, a, format!("{path}[{i}]"), None) else {
                continue;
            };
            if t.columns.iter().any(|c| c.logical_name == col.logical_name) {
                let l = col.provenance.first().map_or(line, |p| p.line);
                ctx.diag(
                    Severity::Warning,
                    codes::DUPLICATE_COLUMN,
                    l,
                    format!(
                        "column `{}` is listed twice in {path}; the first one is kept",
                        col.logical_name
                    ),
                );
                continue;
            }
            t.columns.push(col);
        }
    }
    for (key, kind) in [
        ("OneToManyRelationships", RelationshipKind::OneToMany),
        ("ManyToOneRelationships", RelationshipKind::ManyToOne),
        ("ManyToManyRelationships", RelationshipKind::ManyToMany),
    ] {
        if let Some((arr, path)) = e.arr(ctx, key) {
            for (i, r) in arr.elements.iter().enumerate() {
                if let Some(rel) = relationship::read(ctx, r, format!("{path}[{i}]"), kind) {
                    t.relationships.push(rel);
                }
            }
        }
    }
    if t.logical_name.is_empty() && metadata_id.is_none() {
        ctx.diag(
            Severity::Warning,
            codes::MISSING_JSON_KEY,
            line,
            format!(
                "table at {} has no `LogicalName`, `SchemaName` or `MetadataId`: not in the output",
                e.path
            ),
        );
    }
    e.finish(ctx, "table", ENTITY_IGNORED);
    Some(EntityPart {
        table: t,
        metadata_id,
    })
}

/// `EntityMetadata` properties without a place in the IR: customization and
/// feature switches, icons, privileges, bookkeeping.
const ENTITY_IGNORED: &[&str] = &[
    "HasChanged",
    "ActivityTypeMask",
    "AutoCreateAccessTeams",
    "AutoRouteToOwnerQueue",
    "CanBeInCustomEntityAssociation",
    "CanBeInManyToMany",
    "CanBePrimaryEntityInRelationship",
    "CanBeRelatedEntityInRelationship",
    "CanChangeHierarchicalRelationship",
    "CanChangeTrackingBeEnabled",
    "CanCreateAttributes",
    "CanCreateCharts",
    "CanCreateForms",
    "CanCreateViews",
    "CanEnableSyncToExternalSearchIndex",
    "CanModifyAdditionalSettings",
    "CanTriggerWorkflow",
    "ChangeTrackingEnabled",
    "ClusterMode",
    "CreatedOn",
    "DataProviderId",
    "DataSourceId",
    "DaysSinceRecordLastModified",
    "EnforceStateTransitions",
    "EntityColor",
    "EntityHelpUrl",
    "EntityHelpUrlEnabled",
    "ExternalCollectionName",
    "ExternalName",
    "HasActivities",
    "HasEmailAddresses",
    "HasFeedback",
    "HasNotes",
    "IconLargeName",
    "IconMediumName",
    "IconSmallName",
    "IconVectorName",
    "IntroducedVersion",
    "IsActivity",
    "IsActivityParty",
    "IsAIRUpdated",
    "IsArchivalEnabled",
    "IsAuditEnabled",
    "IsAvailableOffline",
    "IsBusinessProcessEnabled",
    "IsChildEntity",
    "IsConnectionsEnabled",
    "IsCustomEntity",
    "IsCustomizable",
    "IsDocumentManagementEnabled",
    "IsDocumentRecommendationsEnabled",
    "IsDuplicateDetectionEnabled",
    "IsEnabledForCharts",
    "IsEnabledForExternalChannels",
    "IsEnabledForTrace",
    "IsImportable",
    "IsInteractionCentricEnabled",
    "IsIntersect",
    "IsKnowledgeManagementEnabled",
    "IsLogicalEntity",
    "IsMailMergeEnabled",
    "IsManaged",
    "IsMappable",
    "IsMSTeamsIntegrationEnabled",
    "IsOfflineInMobileClient",
    "IsOneNoteIntegrationEnabled",
    "IsOptimisticConcurrencyEnabled",
    "IsPrivate",
    "IsQuickCreateEnabled",
    "IsReadingPaneEnabled",
    "IsReadOnlyInMobileClient",
    "IsRenameable",
    "IsRetainEnabled",
    "IsRetentionEnabled",
    "IsSLAEnabled",
    "IsSolutionAware",
    "IsStateModelAware",
    "IsValidForAdvancedFind",
    "IsValidForQueue",
    "IsVisibleInMobile",
    "IsVisibleInMobileClient",
    "Keys",
    "MobileOfflineFilters",
    "ModifiedOn",
    "ObjectTypeCode",
    "OwnerId",
    "OwnerIdType",
    "OwningBusinessUnit",
    "PrimaryImageAttribute",
    "Privileges",
    "RecurrenceBaseEntityLogicalName",
    "ReportViewName",
    "SettingOf",
    "Settings",
    "SyncToExternalSearchIndex",
    "UsesBusinessDataLabelTable",
];
