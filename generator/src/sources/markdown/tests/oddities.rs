//! One test per item of the format survey's oddities checklist (section 16).

use crate::model::{AttributeType, Page, PageKind, RelationshipKind};
use crate::sources::markdown::parse_page;

use super::pages::page;

const FM: &str =
    "---\ntitle: \"X table/entity reference (Microsoft Dataverse)\"\nms.topic: reference\n---\n\n";

fn parse(body: &str) -> Page {
    let text = format!("{FM}{body}");
    parse_page("odd.md", text.as_bytes())
}

fn quiet(p: &Page) {
    assert!(p.diagnostics.is_empty(), "{:#?}", p.diagnostics);
}

const V4_COLUMN: &str = "# Thing table/entity reference (Microsoft Dataverse)\n\n## Properties\n\n|Property|Value|\n|---|---|\n| **LogicalName** | `thing` |\n| **SchemaName** | `Thing` |\n\n## Writable columns/attributes\n\n### <a name=\"BKMK_ThingId\"></a> ThingId\n\n|Property|Value|\n|---|---|\n|Description|**Id.**|\n|DisplayName||\n|LogicalName|`thingid`|\n|RequiredLevel|SystemRequired|\n|Type|Uniqueidentifier|";

#[test]
fn odd01_missing_final_newline() {
    let p = parse(V4_COLUMN);
    quiet(&p);
    let t = p.table.expect("table");
    assert_eq!(t.columns[0].attribute_type, AttributeType::Uniqueidentifier);
    // Real pages without a final newline.
    for f in [
        "d365ce/teamroles.md",
        "dataverse/activityparty.2021.md",
        "d365ce/quote.md",
    ] {
        let p = page(f);
        quiet(&p);
        assert!(p.table.is_some());
    }
}

#[test]
fn odd02_trailing_spaces() {
    let p = parse("# Incident Entity Reference \n\n## Entity Properties\n\n|Property|Value|\n|--------|-----|\n|LogicalName|incident|  \n|DisplayName|Pricing Error |\n");
    quiet(&p);
    assert_eq!(p.info.title.as_deref(), Some("Incident Entity Reference"));
    assert_eq!(p.info.display_name.as_deref(), Some("Incident"));
    assert_eq!(
        p.table.expect("t").display_name.as_deref(),
        Some("Pricing Error")
    );
}

#[test]
fn odd03_double_space_before_reference() {
    let p = page("d365ce/discounttype.md");
    assert_eq!(p.info.display_name.as_deref(), Some("Discount List"));
    assert_eq!(p.info.h1_schema_name.as_deref(), Some("DiscountType"));
    let p = page("d365ce/sdkmessageprocessingstepsecureconfig.md");
    assert_eq!(
        p.info.h1_schema_name.as_deref(),
        Some("SdkMessageProcessingStepSecureConfig")
    );
}

#[test]
fn odd04_empty_cells() {
    let body = "# A table/entity reference\n\n## Messages\n\n|Message|Web API Operation|SDK class or method|\n|-|-|-|\n|CreateMultiple||<xref:Microsoft.Xrm.Sdk.Messages.CreateMultipleRequest>|\n\n## Properties\n\n|Property|Value|\n|--------|-----|\n|LogicalName|a|\n|PrimaryNameAttribute||\n\n## Writable columns/attributes\n\n### <a name=\"BKMK_F\"></a> F\n\n|Property|Value|\n|--------|-----|\n|Description||\n|LogicalName|f|\n|Type|Boolean|\n\n#### F Choices/Options\n\n|Value|Label|Description|\n|-----|-----|--------|\n|1|Yes|\n|0|No|\n\n**DefaultValue**: False\n";
    let p = parse(body);
    quiet(&p);
    let t = p.table.expect("t");
    assert_eq!(t.primary_name_attribute, None);
    assert_eq!(t.messages[0].web_api_operation, None);
    let c = &t.columns[0];
    assert_eq!(c.description, None);
    assert_eq!(c.options.as_ref().map(Vec::len), Some(2));
    assert_eq!(c.default_value.as_deref(), Some("False"));
}

#[test]
fn odd05_table_right_after_sentence() {
    let body = "# A Entity Reference\n\n## Entity Properties\n\n|Property|Value|\n|--------|-----|\n|LogicalName|a|\n\n## One-To-Many Relationships\n\nListed by **SchemaName**.\n\n### <a name=\"BKMK_a_Jobs\"></a> a_Jobs\n\nSame as asyncoperation entity [a_Jobs](asyncoperation.md#BKMK_a_Jobs) Many-To-One relationship.\n|Property|Value|\n|--------|-----|\n|ReferencingEntity|asyncoperation|\n|ReferencingAttribute|regardingobjectid|\n";
    let p = parse(body);
    quiet(&p);
    let t = p.table.expect("t");
    let r = &t.relationships[0];
    assert_eq!(
        r.referencing_attribute.as_deref(),
        Some("regardingobjectid")
    );
    assert_eq!(r.related_entity.as_deref(), Some("asyncoperation"));
    assert_eq!(r.provenance[0].line, 18);
    // The real 2017 page.
    let t = page("d365ce/contactleads.md").table.expect("t");
    assert!(t
        .relationships
        .iter()
        .filter(|r| r.kind == RelationshipKind::OneToMany)
        .all(|r| r.referencing_entity.is_some() && r.cascade_configuration.is_some()));
}

#[test]
fn odd06_anchor_lines_without_blank_lines() {
    let body = "# A Entity Reference\n\n## Properties\n\n**LogicalName**: a<br />\n**IsBPFEntity**: False<br />\n<a name=\"read-only-attributes\"></a>\n## Read-only attributes\nThese attributes return false.\n<a name=\"BKMK_B\"></a>\n### B\n\n**LogicalName**: b<br />\n**Type**: String\nSee the text.\n<a name=\"manytomany\"></a>\n\n## Many-To-Many Relationships\n";
    let p = parse(body);
    let t = p.table.expect("t");
    assert_eq!(t.is_bpf_entity, Some(false));
    assert_eq!(t.columns.len(), 1);
    assert_eq!(t.columns[0].schema_name, "B");
    assert_eq!(t.columns[0].attribute_type, AttributeType::String);
    // The stray sentence is reported, the anchor line is not.
    assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
    assert_eq!(p.diagnostics[0].line, 20);
}

#[test]
fn odd07_duplicate_anchors_self_reference() {
    let p = page("customerservice/incident.md");
    quiet(&p);
    let t = p.table.expect("t");
    let n = t
        .relationships
        .iter()
        .filter(|r| r.schema_name == "incident_existingcase")
        .count();
    assert_eq!(n, 2);
}

#[test]
fn odd08_markdown_escapes_in_labels() {
    let body = format!("{V4_COLUMN}\n\n### <a name=\"BKMK_S\"></a> S\n\n|Property|Value|\n|---|---|\n|LogicalName|`s`|\n|Type|Picklist|\n\n#### S Choices/Options\n\n|Value|Label|\n|---|---|\n|1|**in\\_progress**|\n|4|**queued\\_for\\_deletion**|\n");
    let p = parse(&body);
    quiet(&p);
    let t = p.table.expect("t");
    let o = t.columns[1].options.as_ref().expect("o");
    assert_eq!(o[0].label, "in_progress");
    assert_eq!(o[1].label, "queued_for_deletion");
}

#[test]
fn odd09_number_notations() {
    let a = page("d365ce/competitor.md").table.expect("t");
    let b = page("dataverse/connection.md").table.expect("t");
    let v4 = a
        .column("exchangerate")
        .and_then(|c| c.facets.min_value.clone());
    let v3 = b
        .column("exchangerate")
        .and_then(|c| c.facets.min_value.clone());
    assert_eq!(v4.as_deref(), Some("1E-12"));
    assert_eq!(v3.as_deref(), Some("0.000000000001"));
    let x: f64 = v4.unwrap_or_default().parse().unwrap_or(0.0);
    let y: f64 = v3.unwrap_or_default().parse().unwrap_or(1.0);
    assert_eq!(x, y);
}

#[test]
fn odd10_targets_separators() {
    let body = "# A table/entity reference\n\n## Properties\n\n|Property|Value|\n|--------|-----|\n|LogicalName|a|\n\n## Writable columns/attributes\n\n### <a name=\"BKMK_O\"></a> O\n\n|Property|Value|\n|--------|-----|\n|LogicalName|o|\n|Targets|systemuser,team|\n|Type|Owner|\n\n### <a name=\"BKMK_P\"></a> P\n\n|Property|Value|\n|--------|-----|\n|LogicalName|p|\n|Targets|systemuser, team|\n|Type|Owner|\n";
    let p = parse(body);
    quiet(&p);
    let t = p.table.expect("t");
    assert_eq!(t.columns[0].targets, vec!["systemuser", "team"]);
    assert_eq!(t.columns[1].targets, vec!["systemuser", "team"]);
}

#[test]
fn odd11_state_detail_spacing() {
    let body = format!("{V4_COLUMN}\n\n### <a name=\"BKMK_S\"></a> S\n\n|Property|Value|\n|---|---|\n|LogicalName|`statuscode`|\n|Type|Status|\n\n#### S Choices/Options\n\n|Value|Details|\n|---|---|\n|1|Label: **Active**<br />State:0<br />TransitionData: None|\n|2|Label: **Inactive**<br />State: 1<br />TransitionData: None|\n");
    let p = parse(&body);
    quiet(&p);
    let t = p.table.expect("t");
    let o = t.columns[1].options.as_ref().expect("o");
    assert_eq!((o[0].state, o[1].state), (Some(0), Some(1)));
    assert_eq!(o[0].label, "Active");
}

#[test]
fn odd12_raw_and_quoted_message_targets() {
    let body = "# A table/entity reference\n\n## Messages\n\n|Message|Web API Operation|SDK Assembly|\n|-|-|-|\n|ApplyRoutingRule|Microsoft.Dynamics.CRM.ApplyRoutingRule?text=ApplyRoutingRule Action|Microsoft.Crm.Sdk.Messages.ApplyRoutingRuleRequest|\n|X|\"Microsoft.Dynamics.CRM.X?text=X Action\"|<xref:Microsoft.Crm.Sdk.Messages.XRequest>|\n\n## Properties\n\n|Property|Value|\n|--------|-----|\n|LogicalName|a|\n";
    let p = parse(body);
    quiet(&p);
    let t = p.table.expect("t");
    assert_eq!(t.messages.len(), 2);
    assert_eq!(
        t.messages[0].sdk.as_deref(),
        Some("Microsoft.Crm.Sdk.Messages.ApplyRoutingRuleRequest")
    );
    assert_eq!(
        t.messages[1].web_api_operation.as_deref(),
        Some("\"Microsoft.Dynamics.CRM.X?text=X Action\"")
    );
    assert_eq!(
        t.messages[1].sdk.as_deref(),
        Some("Microsoft.Crm.Sdk.Messages.XRequest")
    );
}

#[test]
fn odd13_double_slash_extends_link() {
    for f in [
        "customerservice/task.md",
        "customerservice/appointment.md",
        "customerservice/activityparty.md",
    ] {
        let p = page(f);
        quiet(&p);
        let e = p.info.extends.as_ref().expect("extends");
        assert!(e.link.as_deref().is_some_and(|l| l.contains("//")), "{f}");
        assert_eq!(
            p.table.as_ref().map(|t| t.logical_name.clone()),
            Some(e.logical_name.clone())
        );
        assert_eq!(p.info.kind, PageKind::Extension);
    }
}

#[test]
fn odd14_added_by_everywhere() {
    let p = page("d365ce/leadcompetitors.2017.md");
    assert_eq!(p.info.added_by.as_deref(), Some("Sales Solution"));
    let p = page("customerservice/msdyn_actioninputparameter.md");
    assert_eq!(p.info.added_by.as_deref(), Some("Macros Solution"));
    let t = p.table.expect("t");
    assert!(t
        .columns
        .iter()
        .any(|c| c.added_by.as_deref() == Some("Active Solution Solution")));
    let t = page("d365ce/entitlementtemplatechannel.md")
        .table
        .expect("t");
    assert!(t
        .relationships
        .iter()
        .any(|r| r.kind == RelationshipKind::OneToMany
            && r.added_by.as_deref() == Some("System Solution Solution")));
    assert!(t
        .relationships
        .iter()
        .any(|r| r.kind == RelationshipKind::ManyToOne
            && r.added_by.as_deref() == Some("System Solution Solution")));
}

#[test]
fn odd15_v1_last_line_br_or_not() {
    let body = "# A Entity Reference\n\n## Properties\n\n**LogicalName**: a<br />\n\n## Writable attributes\n\n### <a name=\"BKMK_X\"></a> X\n\n**LogicalName**: x<br />\n**Type**: Uniqueidentifier<br />\n\n\n### <a name=\"BKMK_Y\"></a> Y\n\n**LogicalName**: y<br />\n**Type**: BigInt<br />\n**MaxValue**: 9223372036854775807<br />\n**MinValue**: -9223372036854775808\n";
    let p = parse(body);
    quiet(&p);
    let t = p.table.expect("t");
    assert_eq!(t.columns[0].attribute_type, AttributeType::Uniqueidentifier);
    assert_eq!(
        t.columns[1].facets.min_value.as_deref(),
        Some("-9223372036854775808")
    );
    assert_eq!(
        t.columns[1].facets.max_value.as_deref(),
        Some("9223372036854775807")
    );
}

#[test]
fn odd16_inverted_boolean_labels_verbatim() {
    let t = page("d365ce/lead.md").table.expect("t");
    let o = t
        .column("confirminterest")
        .and_then(|c| c.options.clone())
        .expect("o");
    assert_eq!(o[0].value, 1);
    assert_eq!(o[0].label, "No");
}

#[test]
fn odd17_unsorted_lists_keep_page_order() {
    let t = page("d365ce/lead.md").table.expect("t");
    let names: Vec<&str> = t
        .relationships
        .iter()
        .filter(|r| r.kind == RelationshipKind::OneToMany)
        .map(|r| r.schema_name.as_str())
        .take(3)
        .collect();
    assert_eq!(
        names,
        vec![
            "Lead_ActivityPointers",
            "Lead_SyncErrors",
            "lead_activity_parties"
        ]
    );
}

#[test]
fn odd18_raw_ampersand() {
    let t = page("customerservice/incident.md").table.expect("t");
    assert!(t
        .columns
        .iter()
        .any(|c| c.display_name.as_deref() == Some("custom date&time")));
}

#[test]
fn odd19_missing_sections() {
    let p = page("customerservice/msdyn_actioninputparameter.md");
    quiet(&p);
    assert!(p.table.as_ref().expect("t").relationships.is_empty());
    let p = page("dataverse/mspp_columnpermission.md");
    quiet(&p);
    let t = p.table.expect("t");
    assert!(t
        .columns
        .iter()
        .all(|c| c.section != crate::model::ColumnSection::ReadOnly));
    let p = page("dataverse/attributeimageconfig.md");
    quiet(&p);
    let t = p.table.expect("t");
    assert!(t
        .relationships
        .iter()
        .all(|r| r.kind != RelationshipKind::ManyToOne));
}

/// Survey item 5, checked against pulldown-cmark itself: with ENABLE_TABLES,
/// pulldown-cmark 0.13 lets a table interrupt the sentence paragraph (the
/// survey's worry does not apply to it). The line scanner reads such tables
/// the same way and does not depend on this behaviour.
#[test]
fn odd05_pulldown_cmark_table_after_sentence() {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let md = "Same as x entity [a](x.md#BKMK_a) Many-To-One relationship.\n|Property|Value|\n|--------|-----|\n|ReferencingEntity|x|\n";
    let tables = Parser::new_ext(md, Options::ENABLE_TABLES)
        .filter(|e| matches!(e, Event::Start(Tag::Table(_))))
        .count();
    let with_blank = md.replacen(".\n|", ".\n\n|", 1);
    let tables_blank = Parser::new_ext(&with_blank, Options::ENABLE_TABLES)
        .filter(|e| matches!(e, Event::Start(Tag::Table(_))))
        .count();
    assert_eq!(tables_blank, 1);
    assert_eq!(tables, 1);
}
