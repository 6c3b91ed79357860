//! Exported table definitions: Dataverse Web API metadata responses saved as
//! files, read into the same IR as the pages, as the project's own layer
//! ([`PageKind::Project`](crate::model::PageKind::Project)).
//!
//! Four shapes are read (see the README for the export commands):
//!
//! - one table, `GET EntityDefinitions(LogicalName='x')?$expand=Attributes,...`
//!   (an `EntityMetadata` object; also the bodies that create or update one);
//! - a collection, `GET EntityDefinitions?...` (`{"value": [EntityMetadata...]}`);
//! - the `RetrieveMetadataChanges` response (`{"EntityMetadata": [...]}`);
//! - option-set casts, `GET EntityDefinitions(LogicalName='x')/Attributes/
//!   Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$expand=OptionSet,GlobalOptionSet`
//!   (and State, Status, MultiSelectPicklist, Boolean), one attribute or a
//!   collection: their columns join the table named in `@odata.context`
//!   (by logical name or `MetadataId`), whichever file that table is read from.
//!
//! Everything one environment says about a table, over all the JSON files
//! given, becomes one table (what a file states fills what the others leave
//! unstated; the casts decide the choices), provenance pointing at each file's
//! line and JSON path (`$.value[0].Attributes[12]`). Every property is used,
//! ignored on purpose, or unknown (a warning with file, line and path; see
//! [`JsonCoverage`]). Bad input never panics: malformed JSON, unknown types
//! and missing keys are diagnostics, and the rest of the file still loads.

mod attribute;
mod entity;
mod join;
mod relationship;
mod text;
mod walk;

#[cfg(test)]
mod tests;

use jsonc_parser::ast::Value;

use crate::diagnostics::{codes, Diagnostic, Severity};
use crate::model::{AttributeType, Column, Page};
use crate::sources::markdown::CoverageCounts;

use entity::EntityPart;
use walk::{Ctx, Obj, Use};

/// The language labels are read in when none is chosen
/// ([`super::DEFAULT_LANGUAGE`]).
pub const DEFAULT_LANGUAGE: i64 = super::DEFAULT_LANGUAGE as i64;

/// How exports are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// Language code (LCID) of display names and descriptions; a label
    /// without it falls back to `UserLocalizedLabel`, then the first label.
    pub language: i64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            language: DEFAULT_LANGUAGE,
        }
    }
}

/// What became of the properties of one file: counts (in the unit of the
/// `coverage` table: for JSON files a "line" is a property) and the unknown
/// ones (line, JSON path).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonCoverage {
    /// Properties used, ignored on purpose and unknown.
    pub counts: CoverageCounts,
    /// Each unknown property: 1-based line and JSON path.
    pub unknown: Vec<(u32, String)>,
}

/// Which table an option-set cast belongs to (from its `@odata.context`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct EntityRef {
    logical_name: Option<String>,
    metadata_id: Option<String>,
}

/// Columns read from an option-set cast, waiting for their table.
#[derive(Debug, Clone)]
pub(crate) struct CastPart {
    entity: EntityRef,
    columns: Vec<Column>,
    line: u32,
}

/// Everything one file says.
#[derive(Debug, Default)]
pub(crate) struct FileRead {
    path: String,
    entities: Vec<EntityPart>,
    casts: Vec<CastPart>,
    diagnostics: Vec<Diagnostic>,
    coverage: JsonCoverage,
}

/// True when `path` names a JSON file (`*.json`, any case).
pub fn is_json_path(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Read JSON exports into pages, joined across the files (casts to their
/// tables): one `Vec<Page>` per file, in `files` order. A file that yields
/// no table still gets a page (without a table) carrying its diagnostics.
pub fn read_files(files: &[(String, Vec<u8>)], options: &ReadOptions) -> Vec<Vec<Page>> {
    use rayon::prelude::*;
    let reads: Vec<FileRead> = files
        .par_iter()
        .map(|(path, bytes)| read_one(path, bytes, options))
        .collect();
    join::join(reads)
}

/// Read one export on its own, with what became of each property.
pub fn read_file_with_coverage(
    path: &str,
    bytes: &[u8],
    options: &ReadOptions,
) -> (Vec<Page>, JsonCoverage) {
    let read = read_one(path, bytes, options);
    let coverage = read.coverage.clone();
    let pages = join::join(vec![read]).into_iter().flatten().collect();
    (pages, coverage)
}

/// Parse and walk one file.
pub(crate) fn read_one(path: &str, bytes: &[u8], options: &ReadOptions) -> FileRead {
    let mut out = FileRead {
        path: path.to_string(),
        ..FileRead::default()
    };
    if bytes.len() > text::MAX_BYTES {
        out.diagnostics.push(Diagnostic::error(
            codes::TOO_LARGE,
            path,
            0,
            format!(
                "the file is {} bytes, more than the {} read: skipped",
                bytes.len(),
                text::MAX_BYTES
            ),
        ));
        return out;
    }
    let mut diags = Vec::new();
    let mut text = text::decode(path, bytes, &mut diags);
    let Some((root, repaired)) = text::parse(path, &mut text, &mut diags) else {
        out.diagnostics = diags;
        return out;
    };
    let lines = text::LineIndex::new(repaired);
    let mut ctx = Ctx::new(path, &lines, options.language);
    ctx.diags = diags;
    read_root(&mut ctx, &root, &mut out);
    let (diags, counts, unknown) = ctx.finish();
    out.diagnostics = diags;
    out.coverage = JsonCoverage { counts, unknown };
    out
}

/// The entity named in an `@odata.context` (`#EntityDefinitions(LogicalName='account')`,
/// `#EntityDefinitions('account')`, `#EntityDefinitions(<MetadataId>)`), and the
/// attribute type cast to (`/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata`).
fn parse_context(context: &str) -> (Option<EntityRef>, Option<AttributeType>, bool) {
    let fragment = context.rsplit_once('#').map_or(context, |(_, f)| f);
    let is_attributes = fragment.contains("/Attributes");
    let entity = fragment
        .strip_prefix("EntityDefinitions(")
        .and_then(|rest| {
            let inner = rest.split(')').next()?;
            let inner = inner.strip_prefix("LogicalName=").unwrap_or(inner);
            let inner = inner.trim_matches('\'').trim();
            // `EntityDefinitions(Attributes(),...)` and `$select` lists name no table.
            if inner.is_empty() || inner.contains([',', '(', '=']) {
                return None;
            }
            let is_guid =
                inner.len() == 36 && inner.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
            Some(if is_guid {
                EntityRef {
                    logical_name: None,
                    metadata_id: Some(inner.to_ascii_lowercase()),
                }
            } else {
                EntityRef {
                    logical_name: Some(inner.to_ascii_lowercase()),
                    metadata_id: None,
                }
            })
        });
    let cast = fragment
        .split('/')
        .find(|s| s.starts_with("Microsoft.Dynamics.CRM."))
        .map(|s| s.split('(').next().unwrap_or(s))
        .and_then(attribute::from_odata_type);
    (entity, cast, is_attributes)
}

/// True when an object looks like `EntityMetadata`.
fn looks_like_entity(o: &Obj<'_, '_>) -> bool {
    let odata_type = o
        .peek("@odata.type")
        .and_then(|v| v.as_string_lit())
        .is_some_and(|s| s.value.ends_with("EntityMetadata"));
    odata_type
        || [
            "Attributes",
            "EntitySetName",
            "PrimaryIdAttribute",
            "OwnershipType",
            "ObjectTypeCode",
        ]
        .iter()
        .any(|k| o.has(k))
}

fn looks_like_attribute(o: &Obj<'_, '_>) -> bool {
    let odata_type = o
        .peek("@odata.type")
        .and_then(|v| v.as_string_lit())
        .is_some_and(|s| s.value.ends_with("AttributeMetadata"));
    odata_type || o.has("AttributeType") || o.has("AttributeTypeName")
}

fn read_root(ctx: &mut Ctx<'_>, root: &Value<'_>, out: &mut FileRead) {
    let Value::Object(o) = root else {
        not_metadata(ctx, root, "its top level is not an object");
        return;
    };
    let mut top = Obj::new(o, "$".to_string());
    let context = top
        .peek("@odata.context")
        .and_then(|v| v.as_string_lit())
        .map(|s| s.value.to_string());
    let (entity_ref, cast, is_attributes) = context
        .as_deref()
        .map_or((None, None, false), parse_context);
    let line = top.line(ctx);

    // RetrieveMetadataChanges.
    if let Some(Value::Array(_)) = top.peek("EntityMetadata") {
        if let Some((arr, path)) = top.arr(ctx, "EntityMetadata") {
            for (i, e) in arr.elements.iter().enumerate() {
                out.entities
                    .extend(entity::read(ctx, e, format!("{path}[{i}]")));
            }
        }
        let _ = top.str(ctx, "@odata.context");
        top.finish(
            ctx,
            "RetrieveMetadataChanges response",
            &["ServerVersionStamp", "DeletedMetadata"],
        );
        return;
    }
    // A collection: of tables, or of attributes (a cast).
    if let Some(Value::Array(arr)) = top.peek("value") {
        let first = arr.elements.iter().find_map(|v| v.as_object());
        let attributes = is_attributes
            || first.is_some_and(|f| {
                let f = Obj::new(f, String::new());
                looks_like_attribute(&f) && !looks_like_entity(&f)
            });
        let tables = context
            .as_deref()
            .is_some_and(|c| c.contains("#EntityDefinitions"))
            || first.is_some_and(|f| looks_like_entity(&Obj::new(f, String::new())))
            || arr.elements.is_empty();
        if attributes || tables {
            let _ = top.str(ctx, "@odata.context");
            let (arr, path) = top
                .arr(ctx, "value")
                .unwrap_or((arr, "$.value".to_string()));
            let mut columns = Vec::new();
            for (i, e) in arr.elements.iter().enumerate() {
                let p = format!("{path}[{i}]");
                if attributes {
                    columns.extend(attribute::read(ctx, e, p, cast.as_ref()));
                } else {
                    out.entities.extend(entity::read(ctx, e, p));
                }
            }
            if attributes {
                push_cast(ctx, out, entity_ref, columns, line, context.as_deref());
            }
            top.finish(ctx, "collection", &["@odata.nextLink", "@odata.count"]);
            return;
        }
    }
    // One attribute (a cast, `.../Attributes(...)/Microsoft.Dynamics.CRM.X/$entity`).
    if is_attributes || (looks_like_attribute(&top) && !looks_like_entity(&top)) {
        let columns: Vec<Column> = attribute::read(ctx, root, "$".to_string(), cast.as_ref())
            .into_iter()
            .collect();
        push_cast(ctx, out, entity_ref, columns, line, context.as_deref());
        return;
    }
    // One table.
    if looks_like_entity(&top)
        || context
            .as_deref()
            .is_some_and(|c| c.contains("#EntityDefinitions"))
    {
        out.entities
            .extend(entity::read(ctx, root, "$".to_string()));
        return;
    }
    not_metadata(ctx, root, "it has no EntityMetadata shape (no `EntityMetadata`, `value`, `Attributes`, `EntitySetName`, ... at its top level)");
}

fn push_cast(
    ctx: &mut Ctx<'_>,
    out: &mut FileRead,
    entity: Option<EntityRef>,
    columns: Vec<Column>,
    line: u32,
    context: Option<&str>,
) {
    match entity {
        Some(entity) => out.casts.push(CastPart {
            entity,
            columns,
            line,
        }),
        None => ctx.diag(
            Severity::Warning,
            codes::ORPHAN_CAST,
            line,
            format!(
                "attribute definitions without a table: the `@odata.context` ({}) names no `EntityDefinitions(...)`; {} column(s) not in the output",
                context.unwrap_or("missing"),
                columns.len()
            ),
        ),
    }
}

/// JSON that is not a metadata export: a warning, every property unknown.
fn not_metadata(ctx: &mut Ctx<'_>, root: &Value<'_>, why: &str) {
    ctx.tally_below(Use::Unknown, root);
    let line = ctx.line(root);
    ctx.unknown.push((line, "$".to_string()));
    ctx.diag(
        Severity::Warning,
        codes::NOT_METADATA,
        line,
        format!("JSON file is not an exported table definition ({why}); not read"),
    );
}
