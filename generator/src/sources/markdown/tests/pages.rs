//! Targeted assertions on real corpus pages.

use crate::model::{
    AttributeType, CascadeType, Column, ColumnSection, Page, PageKind, Product, Relationship,
    RelationshipKind, Table, Vintage,
};
use crate::sources::markdown::parse_page;

use super::corpus::root;

pub(crate) fn page(rel: &str) -> Page {
    let path = format!("tests/corpus/{rel}");
    let bytes = std::fs::read(root().join(&path)).unwrap_or_default();
    assert!(!bytes.is_empty(), "missing {path}");
    parse_page(&path, &bytes)
}

fn table(p: &Page) -> &Table {
    p.table.as_ref().expect("a table")
}

fn col<'a>(t: &'a Table, name: &str) -> &'a Column {
    t.column(name).unwrap_or_else(|| panic!("no column {name}"))
}

fn rel<'a>(t: &'a Table, name: &str, kind: RelationshipKind) -> &'a Relationship {
    t.relationship(name, kind)
        .unwrap_or_else(|| panic!("no relationship {name} {kind:?}"))
}

fn count(t: &Table, kind: RelationshipKind) -> usize {
    t.relationships.iter().filter(|r| r.kind == kind).count()
}

#[test]
fn lead_current_counts_and_values() {
    let p = page("d365ce/lead.current.md");
    assert_eq!(p.info.vintage, Vintage::V4Generated);
    assert_eq!(p.info.product, Product::Dynamics365);
    let t = table(&p);
    assert_eq!(t.logical_name, "lead");
    assert_eq!(t.schema_name, "Lead");
    assert_eq!(t.table_type.as_deref(), Some("Standard"));
    assert_eq!(t.display_name.as_deref(), Some("Lead"));
    assert_eq!(t.columns.len(), 169);
    let writable = t
        .columns
        .iter()
        .filter(|c| c.section == ColumnSection::Writable)
        .count();
    assert_eq!(writable, 135);
    assert_eq!(t.columns.len() - writable, 34);
    assert_eq!(count(t, RelationshipKind::ManyToOne), 24);
    assert_eq!(count(t, RelationshipKind::OneToMany), 67);
    assert_eq!(count(t, RelationshipKind::ManyToMany), 7);
    assert_eq!(t.messages.len(), 21);
    let q = t
        .messages
        .iter()
        .find(|m| m.name == "QualifyLead")
        .expect("QualifyLead");
    assert_eq!(q.web_api_operation.as_deref(), Some("QualifyLead action"));
    assert_eq!(q.is_event, Some(true));
    let u = t
        .messages
        .iter()
        .find(|m| m.name == "UpsertMultiple")
        .expect("UpsertMultiple");
    assert_eq!(u.is_event, Some(false));
    assert_eq!(
        u.web_api_operation.as_deref(),
        Some("Microsoft.Dynamics.CRM.UpsertMultiple")
    );
    // State / Status details.
    let s = col(t, "statecode");
    let o = s.options.as_ref().expect("options");
    assert_eq!(o.len(), 3);
    assert_eq!(o[0].label, "Open");
    assert_eq!(o[0].default_status, Some(1));
    assert_eq!(o[0].invariant_name.as_deref(), Some("Open"));
    let st = col(t, "statuscode");
    let o = st.options.as_ref().expect("options");
    assert_eq!((o[2].value, o[2].state), (3, Some(1)));
    assert_eq!(o[0].transition_data.as_deref(), Some("None"));
    assert_eq!(st.default_form_value.as_deref(), Some("-1"));
    // V4 Boolean labels → 1 / 0.
    let b = col(t, "donotemail");
    let o = b.options.as_ref().expect("options");
    assert_eq!((o[0].value, o[0].label.as_str()), (1, "Do Not Allow"));
    assert_eq!((o[1].value, o[1].label.as_str()), (0, "Allow"));
    assert_eq!(b.default_value.as_deref(), Some("False"));
    assert_eq!(b.global_choice_name.as_deref(), Some("lead_donotemail"));
    // Facets.
    let x = col(t, "exchangerate");
    assert_eq!(x.facets.min_value.as_deref(), Some("1E-12"));
    assert_eq!(x.facets.precision, Some(12));
    assert_eq!(x.section, ColumnSection::ReadOnly);
    assert_eq!(x.is_valid_for_create, Some(false));
    let c = col(t, "customerid");
    assert_eq!(c.attribute_type, AttributeType::Customer);
    assert_eq!(c.targets, vec!["account", "contact"]);
    assert_eq!(c.is_valid_for_create, Some(true));
    // Picklist without options? every Picklist here lists values.
    assert!(col(t, "address1_addresstypecode").options.is_some());
    assert!(col(t, "subject").options.is_none());
    // Self-referential relationship in both sections.
    let m1 = rel(t, "lead_master_lead", RelationshipKind::ManyToOne);
    let n1 = rel(t, "lead_master_lead", RelationshipKind::OneToMany);
    assert_eq!(m1.referencing_attribute.as_deref(), Some("masterid"));
    assert_eq!(n1.referenced_entity.as_deref(), Some("lead"));
    assert_eq!(m1.related_entity.as_deref(), Some("lead"));
    // 8-action cascade.
    let bu = rel(t, "business_unit_leads", RelationshipKind::ManyToOne);
    let cc = bu.cascade_configuration.as_ref().expect("cascade");
    assert_eq!(cc.archive, Some(CascadeType::Restrict));
    assert_eq!(cc.delete, Some(CascadeType::Restrict));
    assert_eq!(cc.rollup_view, Some(CascadeType::NoCascade));
    assert_eq!(cc.assign, Some(CascadeType::NoCascade));
    assert_eq!(bu.referencing_entity.as_deref(), Some("lead"));
    assert_eq!(bu.referenced_entity.as_deref(), Some("businessunit"));
    // 1:N menu configuration with 8 keys.
    let ap = rel(t, "Lead_ActivityPointers", RelationshipKind::OneToMany);
    let m = ap.associated_menu_configuration.as_ref().expect("menu");
    assert_eq!(m.available_offline, Some(true));
    assert_eq!(m.menu_id, None);
    assert_eq!(m.query_api.as_deref(), Some("CRMActivity.RetrieveByParty"));
    assert_eq!(m.order, Some(10));
    assert_eq!(
        m.view_id.as_deref(),
        Some("00000000-0000-0000-00aa-000010001903")
    );
    // V4 M:N: one side, this table.
    let mm = rel(t, "accountleads_association", RelationshipKind::ManyToMany);
    let d = mm.many_to_many.as_ref().expect("m2m");
    assert_eq!(d.intersect_entity_name.as_deref(), Some("accountleads"));
    assert_eq!(d.sides.len(), 1);
    assert_eq!(d.sides[0].entity_logical_name.as_deref(), Some("lead"));
    assert_eq!(
        d.sides[0].navigation_property_name.as_deref(),
        Some("accountleads_association")
    );
    assert_eq!(mm.related_entity.as_deref(), Some("account"));
}

#[test]
fn dataverse_connection_v3() {
    let p = page("dataverse/connection.md");
    assert_eq!(p.info.vintage, Vintage::V3Table);
    assert_eq!(p.info.product, Product::Dataverse);
    assert_eq!(p.info.notes.len(), 1);
    assert!(p.info.notes[0].starts_with("Unsure about table vs. entity?"));
    assert_eq!(
        p.info.description.as_deref(),
        Some("Relationship between two entities.")
    );
    let t = table(&p);
    assert_eq!(t.columns.len(), 52);
    assert_eq!(
        t.columns
            .iter()
            .filter(|c| c.section == ColumnSection::Writable)
            .count(),
        18
    );
    assert_eq!(t.messages.len(), 12);
    assert_eq!(count(t, RelationshipKind::OneToMany), 5);
    assert_eq!(count(t, RelationshipKind::ManyToOne), 49);
    assert_eq!(count(t, RelationshipKind::ManyToMany), 0);
    let r1 = col(t, "record1objecttypecode");
    assert_eq!(r1.options.as_ref().map(Vec::len), Some(21));
    let id = col(t, "record1id");
    assert_eq!(id.targets.len(), 21);
    assert_eq!(id.targets[0], "account");
    let m = col(t, "ismaster");
    assert_eq!(m.default_value.as_deref(), Some("False"));
    assert_eq!(m.options.as_ref().map(Vec::len), Some(2));
    let gm = t
        .messages
        .iter()
        .find(|m| m.name == "GrantAccess")
        .expect("GrantAccess");
    assert_eq!(
        gm.web_api_operation.as_deref(),
        Some("Microsoft.Dynamics.CRM.GrantAccess")
    );
    let c = t
        .messages
        .iter()
        .find(|m| m.name == "Create")
        .expect("Create");
    assert_eq!(
        c.sdk.as_deref(),
        Some("Microsoft.Xrm.Sdk.Messages.CreateRequest or\nMicrosoft.Xrm.Sdk.IOrganizationService.Create*")
    );
    // 1:N "Same as" with a 6-action cascade; M:1 one-liners.
    let one = t
        .relationships
        .iter()
        .find(|r| r.kind == RelationshipKind::OneToMany)
        .expect("1:N");
    assert_eq!(one.referenced_entity.as_deref(), Some("connection"));
    let cc = one.cascade_configuration.as_ref().expect("cascade");
    assert!(cc.assign.is_some() && cc.archive.is_none());
    let many = t
        .relationships
        .iter()
        .find(|r| r.kind == RelationshipKind::ManyToOne)
        .expect("M:1");
    assert_eq!(many.referencing_entity.as_deref(), Some("connection"));
    assert!(many.related_entity.is_some());
    assert_eq!(many.referenced_entity, many.related_entity);
    let dec = t
        .columns
        .iter()
        .find(|c| c.attribute_type == AttributeType::Decimal)
        .expect("decimal");
    assert_eq!(dec.facets.min_value.as_deref(), Some("0.000000000001"));
}

#[test]
fn amsbuild_labels_and_targets() {
    let p = page("customerservice/msdyn_amsbuild.md");
    assert_eq!(p.info.product, Product::CustomerService);
    let t = table(&p);
    let labels: Vec<&str> = t
        .columns
        .iter()
        .flat_map(|c| c.options.iter().flatten())
        .map(|o| o.label.as_str())
        .collect();
    assert!(labels.contains(&"in_progress"), "{labels:?}");
    assert!(labels.contains(&"queued_for_deletion"));
    assert!(!labels.iter().any(|l| l.contains('\\') || l.contains("**")));
    let owner = t
        .columns
        .iter()
        .find(|c| c.attribute_type == AttributeType::Owner)
        .expect("owner");
    assert_eq!(owner.targets, vec!["systemuser", "team"]);
    let memo = t
        .columns
        .iter()
        .find(|c| c.attribute_type == AttributeType::Memo)
        .expect("memo");
    assert_eq!(memo.facets.max_length, Some(1048576));
    for name in ["Retain", "BulkRetain", "UpsertMultiple"] {
        assert!(t.messages.iter().any(|m| m.name == name), "{name}");
    }
    let rl = t
        .relationships
        .iter()
        .filter_map(|r| r.cascade_configuration.as_ref())
        .any(|c| {
            c.archive == Some(CascadeType::RemoveLink) || c.archive == Some(CascadeType::Restrict)
        });
    assert!(rl);
}

#[test]
fn v1_lead_bold_keys() {
    let p = page("d365ce/lead.md");
    assert_eq!(p.info.vintage, Vintage::V1BoldKey);
    assert_eq!(p.info.added_by.as_deref(), Some("Lead Management Solution"));
    assert_eq!(
        p.info.includes,
        vec!["../../includes/cc_applies_to_update_9_0_0.md"]
    );
    let t = table(&p);
    assert_eq!(t.logical_name, "lead");
    assert_eq!(t.is_bpf_entity, Some(false));
    assert_eq!(t.primary_name_attribute.as_deref(), Some("fullname"));
    assert_eq!(t.columns.len(), 182);
    assert_eq!(count(t, RelationshipKind::OneToMany), 46);
    assert_eq!(count(t, RelationshipKind::ManyToOne), 20);
    assert_eq!(count(t, RelationshipKind::ManyToMany), 5);
    assert_eq!(t.messages.len(), 16);
    // Inverted Boolean labels are kept verbatim.
    let ci = col(t, "confirminterest");
    let o = ci.options.as_ref().expect("options");
    assert_eq!((o[0].value, o[0].label.as_str()), (1, "No"));
    assert_eq!((o[1].value, o[1].label.as_str()), (0, "Yes"));
    assert_eq!(ci.default_value.as_deref(), Some("False"));
    let s = col(t, "statecode");
    assert_eq!(s.is_valid_for_create, Some(false));
    let o = s.options.as_ref().expect("options");
    assert_eq!(o[2].default_status, Some(4));
    assert_eq!(o[2].invariant_name.as_deref(), Some("Disqualified"));
    let st = col(t, "statuscode");
    assert_eq!(st.options.as_ref().expect("options")[1].state, Some(0));
    let bud = col(t, "budgetamount");
    assert_eq!(bud.attribute_type, AttributeType::Money);
    assert_eq!(bud.facets.precision_source.as_deref(), Some("2"));
    assert_eq!(bud.facets.max_value.as_deref(), Some("1000000000000"));
    // V1 1:N with nested bullet lists.
    let ap = rel(t, "Lead_ActivityPointers", RelationshipKind::OneToMany);
    assert_eq!(ap.referencing_entity.as_deref(), Some("activitypointer"));
    assert_eq!(ap.referenced_entity.as_deref(), Some("lead"));
    assert_eq!(
        ap.associated_menu_configuration
            .as_ref()
            .and_then(|m| m.order),
        Some(10)
    );
    assert_eq!(
        ap.cascade_configuration.as_ref().and_then(|c| c.delete),
        Some(CascadeType::RemoveLink)
    );
    // V1 M:N with both sides.
    let lc = rel(
        t,
        "leadcompetitors_association",
        RelationshipKind::ManyToMany,
    );
    let d = lc.many_to_many.as_ref().expect("m2m");
    assert_eq!(d.intersect_entity_name.as_deref(), Some("leadcompetitors"));
    assert_eq!(d.sides.len(), 2);
    assert_eq!(d.sides[0].ordinal, Some(1));
    assert_eq!(d.sides[0].entity_logical_name.as_deref(), Some("lead"));
    assert_eq!(
        d.sides[1].entity_logical_name.as_deref(),
        Some("competitor")
    );
    assert_eq!(
        d.sides[1].intersect_attribute.as_deref(),
        Some("competitorid")
    );
    assert_eq!(
        d.sides[1]
            .associated_menu_configuration
            .as_ref()
            .and_then(|m| m.group.as_deref()),
        Some("Sales")
    );
    assert_eq!(lc.is_customizable, Some(false));
    let see = rel(t, "accountleads_association", RelationshipKind::ManyToMany);
    assert_eq!(see.related_entity.as_deref(), Some("account"));
    let m1 = rel(t, "lk_leadbase_createdby", RelationshipKind::ManyToOne);
    assert_eq!(m1.referenced_entity.as_deref(), Some("systemuser"));
    assert_eq!(m1.referencing_entity.as_deref(), Some("lead"));
}

#[test]
fn task_extension() {
    let p = page("customerservice/task.md");
    assert_eq!(p.info.kind, PageKind::Extension);
    assert_eq!(p.info.vintage, Vintage::V5Extension);
    assert_eq!(p.info.product, Product::CustomerService);
    let e = p.info.extends.as_ref().expect("extends");
    assert_eq!(e.logical_name, "task");
    assert_eq!(
        e.link.as_deref(),
        Some("/dynamics365/developer/entities//task")
    );
    assert_eq!(e.base_product, Product::Dynamics365);
    let t = table(&p);
    assert_eq!(t.logical_name, "task");
    assert_eq!(t.schema_name, "Task");
    assert_eq!(t.columns.len(), 1);
    let c = &t.columns[0];
    assert!(c.patch);
    assert_eq!(c.section, ColumnSection::Customized);
    assert_eq!(c.logical_name, "regardingobjectid");
    assert_eq!(c.attribute_type, AttributeType::Unspecified);
    assert_eq!(c.targets, vec!["msdyn_bookingalertstatus"]);
    assert_eq!(c.is_valid_for_create, None);
    assert_eq!(count(t, RelationshipKind::ManyToOne), 6);
    let r = &t.relationships[0];
    let cc = r.cascade_configuration.as_ref().expect("cascade");
    let all = [
        cc.archive,
        cc.assign,
        cc.delete,
        cc.merge,
        cc.reparent,
        cc.rollup_view,
        cc.share,
        cc.unshare,
    ];
    assert!(all.iter().all(Option::is_some), "{cc:?}");
    assert_eq!(r.is_hierarchical, None);
    assert_eq!(r.referencing_entity.as_deref(), Some("task"));
}

#[test]
fn extension_connection_choices_patch() {
    let p = page("customerservice/connection.md");
    let t = table(&p);
    assert_eq!(t.logical_name, "connection");
    assert_eq!(t.columns.len(), 4);
    let c = col(t, "record1objecttypecode");
    assert!(c.patch);
    assert_eq!(c.options.as_ref().map(Vec::len), Some(32));
    assert_eq!(c.options.as_ref().expect("o")[0].label, "Invitation");
    assert_eq!(count(t, RelationshipKind::ManyToOne), 14);
}

#[test]
fn entitlementchannel_numeric_patch() {
    let p = page("customerservice/entitlementchannel.md");
    let t = table(&p);
    let c = col(t, "exchangerate");
    assert_eq!(c.facets.min_value.as_deref(), Some("1E-12"));
    assert_eq!(c.facets.precision, Some(12));
    assert!(c.patch);
}

#[test]
fn conceptual_pages() {
    for f in [
        "conceptual/activity-entities.md",
        "conceptual/activityparty-entity.md",
        "conceptual/campaign-entities.md",
        "conceptual/competitor-entity.md",
        "conceptual/lead-entity.md",
        "seeds/002_6f10c82cbcae8561.txt",
    ] {
        let p = page(f);
        assert_eq!(p.info.kind, PageKind::Conceptual, "{f}");
        assert_eq!(p.info.vintage, Vintage::Conceptual, "{f}");
        assert!(p.table.is_none(), "{f}");
        assert!(p.diagnostics.is_empty(), "{f}: {:?}", p.diagnostics);
        assert!(p.info.body.as_deref().is_some_and(|b| !b.is_empty()), "{f}");
    }
    assert_eq!(
        page("conceptual/lead-entity.md")
            .info
            .describes_table
            .as_deref(),
        Some("lead")
    );
    assert_eq!(
        page("seeds/002_6f10c82cbcae8561.txt")
            .info
            .describes_table
            .as_deref(),
        Some("lead")
    );
    assert_eq!(
        page("conceptual/campaign-entities.md").info.describes_table,
        None
    );
}

#[test]
fn opportunity_v3_many_to_many_tables() {
    let p = page("d365ce/opportunity.md");
    assert_eq!(p.info.product, Product::Dynamics365);
    let t = table(&p);
    let r = rel(
        t,
        "opportunitycompetitors_association",
        RelationshipKind::ManyToMany,
    );
    let d = r.many_to_many.as_ref().expect("m2m");
    assert_eq!(
        d.intersect_entity_name.as_deref(),
        Some("opportunitycompetitors")
    );
    assert_eq!(d.sides.len(), 2);
    assert_eq!(
        d.sides[0].entity_logical_name.as_deref(),
        Some("opportunity")
    );
    assert_eq!(d.sides[0].is_customizable, Some(false));
    assert_eq!(
        d.sides[1].entity_logical_name.as_deref(),
        Some("competitor")
    );
    assert_eq!(
        d.sides[1]
            .associated_menu_configuration
            .as_ref()
            .and_then(|m| m.order),
        Some(40)
    );
    let cp = t
        .messages
        .iter()
        .find(|m| m.name == "CalculatePrice")
        .expect("CalculatePrice");
    assert!(cp.sdk.is_none());
}

#[test]
fn incident_self_reference_and_raw_targets() {
    let p = page("customerservice/incident.md");
    assert_eq!(p.info.title.as_deref(), Some("Incident Entity Reference"));
    assert_eq!(p.info.added_by.as_deref(), Some("Service Solution"));
    let t = table(&p);
    rel(t, "incident_existingcase", RelationshipKind::OneToMany);
    rel(t, "incident_existingcase", RelationshipKind::ManyToOne);
    let ar = t
        .messages
        .iter()
        .find(|m| m.name == "ApplyRoutingRule")
        .expect("msg");
    assert_eq!(
        ar.web_api_operation.as_deref(),
        Some("Microsoft.Dynamics.CRM.ApplyRoutingRule?text=ApplyRoutingRule Action")
    );
    assert!(t
        .columns
        .iter()
        .any(|c| c.display_name.as_deref() == Some("custom date&time")));
}

#[test]
fn account_hierarchy_and_menu_order() {
    let t = page("dataverse/account.2023.md").table.expect("table");
    let r = rel(&t, "account_parent_account", RelationshipKind::OneToMany);
    assert_eq!(r.is_hierarchical, Some(true));
    assert_eq!(r.referencing_attribute.as_deref(), Some("parentaccountid"));
    // `Behavior: UseCollectionName<br />Group: Details<br />Label: <br />Order: 40`
    let menu = r.associated_menu_configuration.as_ref().expect("menu");
    assert_eq!(menu.behavior.as_deref(), Some("UseCollectionName"));
    assert_eq!(menu.group.as_deref(), Some("Details"));
    assert_eq!(menu.label, None);
    assert_eq!(menu.order, Some(40));
    assert!(menu.other.is_empty(), "{:?}", menu.other);
    // Not hierarchical, and an empty `Order:` is no order.
    let r = rel(
        &t,
        "account_principalobjectattributeaccess",
        RelationshipKind::OneToMany,
    );
    assert_eq!(r.is_hierarchical, Some(false));
    let menu = r.associated_menu_configuration.as_ref().expect("menu");
    assert_eq!(menu.behavior.as_deref(), Some("DoNotDisplay"));
    assert_eq!(menu.order, None);
}

#[test]
fn events_section() {
    let p = page("dataverse/mspp_columnpermission.md");
    let t = table(&p);
    assert_eq!(t.events.len(), 5);
    assert_eq!(t.table_type.as_deref(), Some("Virtual"));
    assert!(t.events.iter().all(|e| e.is_event == Some(true)));
    let ms = t
        .columns
        .iter()
        .find(|c| c.attribute_type == AttributeType::MultiSelectPicklist)
        .expect("multiselect");
    assert_eq!(ms.default_form_value, None);
}

#[test]
fn docs_input_pages() {
    for (f, name, kind) in [
        (
            "docs-input/customer-service/connection.md",
            "connection",
            PageKind::Extension,
        ),
        (
            "docs-input/customer-service/lead.md",
            "lead",
            PageKind::Extension,
        ),
        (
            "docs-input/dataverse/connection.md",
            "connection",
            PageKind::Reference,
        ),
        (
            "docs-input/dynamics-365/contactleads.md",
            "contactleads",
            PageKind::Reference,
        ),
    ] {
        let bytes = std::fs::read(root().join(f)).unwrap_or_default();
        let p = parse_page(f, &bytes);
        assert_eq!(p.info.kind, kind, "{f}");
        assert_eq!(
            p.table.as_ref().map(|t| t.logical_name.as_str()),
            Some(name),
            "{f}"
        );
    }
}

/// `## Customized relationships` (2024-2026 Sales extension page): four `####`
/// entries under `### Customized One-to-many relationships`, each a change
/// (`Changes from [...]`) with one property; nothing is read as a column.
#[test]
fn sales_territory_customized_relationships() {
    let p = page("d365ce/sales/territory.md");
    assert_eq!(p.info.kind, PageKind::Extension);
    let t = table(&p);
    assert_eq!(t.logical_name, "territory");
    assert!(t.columns.is_empty(), "{:?}", t.columns);
    assert_eq!(count(t, RelationshipKind::OneToMany), 4);
    assert!(t.relationships.iter().all(|r| r.customized));
    let r = rel(t, "Territory_AsyncOperations", RelationshipKind::OneToMany);
    assert_eq!(r.is_customizable, Some(false));
    assert_eq!(
        r.related_link.as_deref(),
        Some("/power-apps/developer/data-platform/reference/entities/territory#BKMK_Territory_AsyncOperations")
    );
    // The link names the base relationship, not another table.
    assert_eq!(r.related_entity, None);
    assert_eq!(r.referencing_entity, None);
}

/// Customized columns and a customized Many-to-One in one page: the
/// `## Customized relationships` heading is not a column section.
#[test]
fn packagehistory_customized_columns_and_relationship() {
    let p = page("customerservice/packagehistory.md");
    let t = table(&p);
    let names: Vec<&str> = t.columns.iter().map(|c| c.logical_name.as_str()).collect();
    assert_eq!(names, ["statecode", "statuscode"]);
    assert!(t.columns.iter().all(|c| c.patch));
    assert_eq!(t.relationships.len(), 1);
    let r = rel(
        t,
        "FileAttachment_packagehistory_DeploymentLog",
        RelationshipKind::ManyToOne,
    );
    assert!(r.customized);
    let cc = r.cascade_configuration.as_ref().expect("cascade");
    assert_eq!(cc.archive, Some(CascadeType::NoCascade));
    assert_eq!(cc.delete, None);
}

/// Sales 2024: the NOTE names two base tables (`extends [A] and [B]`, no "the"),
/// and a property row whose cell ends with a line break is closed by a lone `|`.
#[test]
fn sales_bulkdeletefailure_two_bases_and_continued_row() {
    let p = page("d365ce/sales/bulkdeletefailure.2024.md");
    assert_eq!(p.info.kind, PageKind::Extension);
    let e = p.info.extends.as_ref().expect("extends");
    assert_eq!(e.logical_name, "bulkdeletefailure");
    assert_eq!(e.base_product, Product::Dataverse);
    assert_eq!(p.info.extends_also.len(), 1);
    assert_eq!(p.info.extends_also[0].base_product, Product::Dynamics365);
    assert!(
        p.diagnostics.iter().all(|d| d.line != 40),
        "{:?}",
        p.diagnostics
    );
    let t = table(&p);
    let c = col(t, "owninguser");
    assert_eq!(
        c.description.as_deref(),
        Some("Unique identifier of the user who owns the bulk deletion failure record.")
    );
    assert_eq!(count(t, RelationshipKind::ManyToOne), 1);
}

/// 2024 Sales relationship properties, `null` meaning none.
#[test]
fn sales_processsession_denormalization_properties() {
    let p = page("d365ce/sales/processsession.md");
    let t = table(&p);
    let r = rel(
        t,
        "sample_bankaccount_ProcessSession",
        RelationshipKind::ManyToOne,
    );
    assert_eq!(r.denormalized_attribute_name, None);
    assert_eq!(r.entity_key, None);
    assert_eq!(r.is_denormalized_lookup, None);
    assert!(r.other.is_empty(), "{:?}", r.other);
    assert!(!p
        .diagnostics
        .iter()
        .any(|d| d.message.contains("unknown relationship property")));
}

/// Current generated-reference pages: elastic and virtual tables, Events,
/// MultiSelectPicklist, self-referencing relationships listed in both sections.
#[test]
fn dataverse_2026_table_types_and_self_reference() {
    let p = page("dataverse/flowlog.md");
    assert_eq!(table(&p).table_type.as_deref(), Some("Elastic"));
    let p = page("dataverse/mspp_columnpermissionprofile.md");
    let t = table(&p);
    assert_eq!(t.table_type.as_deref(), Some("Virtual"));
    assert!(!t.events.is_empty());
    assert!(t
        .columns
        .iter()
        .any(|c| c.attribute_type == AttributeType::MultiSelectPicklist));
    let p = page("dataverse/mspp_entitypermission.md");
    let t = table(&p);
    let one = rel(
        t,
        "mspp_entitypermission_parententitypermission",
        RelationshipKind::OneToMany,
    );
    let many = rel(
        t,
        "mspp_entitypermission_parententitypermission",
        RelationshipKind::ManyToOne,
    );
    assert_eq!(one.schema_name, many.schema_name);
}
