//! One model from many pages, on the real pages of `docs-input/`: Customer
//! Service extensions layered on their base tables, both sides of a
//! relationship joined, conceptual pages attached, page order irrelevant.

use std::path::PathBuf;

use dvgen::diagnostics::codes;
use dvgen::model::{Model, Page, Product, RelationshipKind};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn pages(rel: &[&str]) -> Vec<Page> {
    rel.iter()
        .map(|p| {
            let bytes = std::fs::read(repo().join(p)).unwrap();
            dvgen::sources::markdown::parse_page(p, &bytes)
        })
        .collect()
}

const DOCS_INPUT: &[&str] = &[
    "docs-input/conceptual/lead-entity.md",
    "docs-input/customer-service/connection.md",
    "docs-input/customer-service/lead.md",
    "docs-input/customer-service/opportunity.md",
    "docs-input/dataverse/connection.md",
    "docs-input/dynamics-365/contactleads.md",
    "docs-input/dynamics-365/lead.md",
    "docs-input/dynamics-365/opportunity.md",
];

fn merged() -> Model {
    dvgen::merge::merge(pages(DOCS_INPUT))
}

#[test]
fn docs_input_yields_four_merged_tables_without_diagnostics() {
    let m = merged();
    let names: Vec<&str> = m.tables.iter().map(|t| t.logical_name.as_str()).collect();
    assert_eq!(names, ["connection", "contactleads", "lead", "opportunity"]);
    assert!(m.diagnostics.is_empty(), "{:#?}", m.diagnostics);
    assert!(m.tables.iter().all(|t| !t.derived));
}

#[test]
fn lead_keeps_every_base_column_and_gains_the_customer_service_additions() {
    let base = pages(&["docs-input/dynamics-365/lead.md"]).remove(0);
    let base = base.table.unwrap();
    let m = merged();
    let lead = m.table("lead").unwrap();
    assert_eq!(base.columns.len(), 169);
    for c in &base.columns {
        assert!(
            lead.column(&c.logical_name).is_some(),
            "lost {}",
            c.logical_name
        );
    }
    assert_eq!(lead.columns.len(), 169);

    let gdpr = lead
        .messages
        .iter()
        .find(|m| m.name == "msdyn_GDPROptoutLead")
        .expect("Customer Service message");
    assert_eq!(gdpr.provenance.product, Product::CustomerService);
    assert_eq!(gdpr.provenance.page, "docs-input/customer-service/lead.md");
    assert_eq!(lead.messages.len(), base.messages.len() + 1);

    let alerts = lead
        .relationship("lead_msdyn_bookingalerts", RelationshipKind::OneToMany)
        .expect("Customer Service relationship");
    assert_eq!(alerts.provenance[0].product, Product::CustomerService);
    assert_eq!(
        alerts.referencing_entity.as_deref(),
        Some("msdyn_bookingalert")
    );
    assert_eq!(
        alerts.referencing_attribute.as_deref(),
        Some("regardingobjectid")
    );

    // The conceptual "Lead entity" page is attached as docs.
    assert_eq!(lead.docs.len(), 1);
    assert!(
        lead.docs[0].markdown.contains("Qualified"),
        "{}",
        lead.docs[0].markdown
    );
}

#[test]
fn connection_choices_and_targets_are_the_union_of_base_and_extension() {
    let base = pages(&["docs-input/dataverse/connection.md"])
        .remove(0)
        .table
        .unwrap();
    let ext = pages(&["docs-input/customer-service/connection.md"])
        .remove(0)
        .table
        .unwrap();
    let m = merged();
    let connection = m.table("connection").unwrap();
    for column in ["record1objecttypecode", "record2objecttypecode"] {
        let values = |t: &dvgen::model::Table| -> Vec<i64> {
            t.column(column)
                .unwrap()
                .options
                .as_ref()
                .unwrap()
                .iter()
                .map(|o| o.value)
                .collect()
        };
        let (b, e, merged) = (values(&base), values(&ext), values(connection));
        assert_eq!(b.len(), 21, "{column} base");
        assert_eq!(e.len(), 34, "{column} extension");
        let mut union: Vec<i64> = b.iter().chain(&e).copied().collect();
        union.sort();
        union.dedup();
        let mut sorted = merged.clone();
        sorted.sort();
        assert_eq!(sorted, union, "{column}");
        assert_eq!(
            merged.len(),
            merged
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        );
        let added = connection
            .column(column)
            .unwrap()
            .options
            .as_ref()
            .unwrap()
            .iter()
            .find(|o| o.value == 11365)
            .unwrap();
        assert_eq!(added.label, "Booking Alert");
        assert_eq!(added.provenance.product, Product::CustomerService);
    }
    for column in ["record1id", "record2id"] {
        let targets = |t: &dvgen::model::Table| t.column(column).unwrap().targets.clone();
        let merged = targets(connection);
        for t in targets(&base).iter().chain(&targets(&ext)) {
            assert!(merged.contains(t), "{column} lost target {t}");
        }
        assert!(merged.contains(&"msdyn_bookingalert".to_string()));
        let unique: std::collections::BTreeSet<_> = merged.iter().collect();
        assert_eq!(unique.len(), merged.len(), "{column} targets are unique");
        assert_eq!(
            connection.column(column).unwrap().provenance.len(),
            2,
            "{column} records both pages"
        );
    }
}

#[test]
fn a_relationship_seen_from_both_sides_is_one_descriptor() {
    let m = merged();
    let lead = m.table("lead").unwrap();
    let opportunity = m.table("opportunity").unwrap();
    // On the lead page (V4) it is a many-to-one holding the lookup; on the
    // opportunity page (V3) a one-to-many with the menu configuration.
    let on_lead = lead
        .relationship("lead_qualifying_opportunity", RelationshipKind::ManyToOne)
        .unwrap();
    let on_opp = opportunity
        .relationship("lead_qualifying_opportunity", RelationshipKind::OneToMany)
        .unwrap();
    for r in [on_lead, on_opp] {
        assert_eq!(r.referenced_entity.as_deref(), Some("opportunity"));
        assert_eq!(r.referencing_entity.as_deref(), Some("lead"));
        assert_eq!(
            r.referencing_attribute.as_deref(),
            Some("qualifyingopportunityid")
        );
        assert_eq!(
            r.referencing_entity_navigation_property_name.as_deref(),
            Some("qualifyingopportunityid"),
            "from the lead page"
        );
        assert_eq!(
            r.referenced_entity_navigation_property_name.as_deref(),
            Some("lead_qualifying_opportunity"),
            "from the opportunity page"
        );
        assert!(
            r.associated_menu_configuration.is_some(),
            "from the opportunity page"
        );
        let cascade = r.cascade_configuration.as_ref().unwrap();
        assert!(
            cascade.archive.is_some(),
            "8-action cascade of the newer page"
        );
        assert!(!r.derived);
    }
    assert_eq!(on_lead.referenced_attribute, on_opp.referenced_attribute);

    // contactleads_association: a many-to-many on both the lead and the contactleads pages.
    let from_lead = lead
        .relationship("contactleads_association", RelationshipKind::ManyToMany)
        .unwrap();
    let from_intersect = m
        .table("contactleads")
        .unwrap()
        .relationship("contactleads_association", RelationshipKind::ManyToMany)
        .unwrap();
    assert_eq!(from_lead.many_to_many, from_intersect.many_to_many);
    assert_eq!(
        from_lead
            .many_to_many
            .as_ref()
            .unwrap()
            .intersect_entity_name
            .as_deref(),
        Some("contactleads")
    );
}

#[test]
fn page_order_does_not_change_the_model_or_the_generated_files() {
    let forward = dvgen::merge::merge(pages(DOCS_INPUT));
    let mut reversed_paths = DOCS_INPUT.to_vec();
    reversed_paths.reverse();
    let backward = dvgen::merge::merge(pages(&reversed_paths));
    assert_eq!(
        serde_json::to_string(&forward).unwrap(),
        serde_json::to_string(&backward).unwrap()
    );
    let options = dvgen::emit::EmitOptions::default();
    let a = dvgen::generate::generate_from_model(forward, &options);
    let b = dvgen::generate::generate_from_model(backward, &options);
    assert_eq!(a.files, b.files);
}

#[test]
fn an_extension_without_its_base_is_generated_with_a_warning() {
    let m = dvgen::merge::merge(pages(&["docs-input/customer-service/connection.md"]));
    let connection = m.table("connection").unwrap();
    assert!(
        !connection.derived,
        "read from the extension page, not inferred"
    );
    assert_eq!(connection.columns.len(), 4);
    assert!(connection.columns.iter().all(|c| c.patch));
    // Types the changes imply, so the table is usable: Targets make a lookup,
    // a choice list a Picklist.
    use dvgen::model::AttributeType;
    assert_eq!(
        connection.column("record1id").unwrap().attribute_type,
        AttributeType::Lookup
    );
    assert_eq!(
        connection
            .column("record1objecttypecode")
            .unwrap()
            .attribute_type,
        AttributeType::Picklist
    );
    let codes: Vec<&str> = m.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&codes::ORPHAN_EXTENSION), "{codes:?}");
    assert!(codes.contains(&codes::PATCH_WITHOUT_BASE), "{codes:?}");
    // Still usable: it generates, and the generated code names no dangling types.
    let generated = dvgen::generate::generate_from_model(m, &dvgen::emit::EmitOptions::default());
    assert!(generated.files.contains_key("src/connection.rs"));
    assert!(!generated.has_errors(), "{:#?}", generated.diagnostics);
}

#[test]
fn conflicting_facts_are_reported_with_both_locations() {
    // Change one navigation property name on the opportunity page: the two
    // sides of lead_qualifying_opportunity now disagree.
    let mut all = pages(DOCS_INPUT);
    let opp_path = "docs-input/dynamics-365/opportunity.md";
    let text = std::fs::read_to_string(repo().join(opp_path)).unwrap();
    let edited = text.replace(
        "|ReferencingAttribute|qualifyingopportunityid|",
        "|ReferencingAttribute|someotherattribute|",
    );
    assert_ne!(text, edited);
    all.retain(|p| p.info.path != opp_path);
    all.push(dvgen::sources::markdown::parse_page(
        opp_path,
        edited.as_bytes(),
    ));
    let m = dvgen::merge::merge(all);
    let conflict = m
        .diagnostics
        .iter()
        .find(|d| d.code == codes::MERGE_CONFLICT)
        .expect("a conflict");
    assert!(
        conflict
            .message
            .contains("docs-input/dynamics-365/lead.md:")
            && conflict
                .message
                .contains("docs-input/dynamics-365/opportunity.md:"),
        "{}",
        conflict.message
    );
    // The documented rule: the many-to-one side (lead, which holds the lookup) wins.
    let r = m
        .table("opportunity")
        .unwrap()
        .relationship("lead_qualifying_opportunity", RelationshipKind::OneToMany)
        .unwrap();
    assert_eq!(
        r.referencing_attribute.as_deref(),
        Some("qualifyingopportunityid")
    );
}

#[test]
fn generated_docs_say_what_customer_service_added() {
    let lead = std::fs::read_to_string(repo().join("generated/src/lead.rs")).unwrap();
    // The doc comment block directly above an item.
    let doc_above = |item: &str| -> String {
        let at = lead
            .find(item)
            .unwrap_or_else(|| panic!("{item} not generated"));
        let lines: Vec<&str> = lead[..at].lines().collect();
        let mut doc: Vec<&str> = lines
            .iter()
            .rev()
            .skip(1) // the indentation before the item on its own line
            .take_while(|l| l.trim_start().starts_with("///"))
            .copied()
            .collect();
        doc.reverse();
        doc.join("\n")
    };
    let rel_doc = doc_above("pub const LEAD_MSDYN_BOOKINGALERTS:");
    assert!(
        rel_doc.contains("Added by Dynamics 365 Customer Service."),
        "doc of LEAD_MSDYN_BOOKINGALERTS:\n{rel_doc}"
    );
    let base_doc = doc_above("pub const LEAD_QUALIFYING_OPPORTUNITY:");
    assert!(!base_doc.contains("Customer Service"), "{base_doc}");
    let messages = &lead[lead.find("pub const MESSAGES").unwrap()..];
    let end = messages
        .find("MessageMetadata::new(\"msdyn_GDPROptoutLead\")")
        .unwrap();
    let start = messages[..end].rfind("MessageMetadata {").unwrap();
    let gdpr = &messages[start..end];
    assert!(
        gdpr.contains("origin: ::dvgen_runtime::Origin::CustomerService,"),
        "{gdpr}"
    );
}

/// A reviewable summary of what each page contributed to the merged model.
#[test]
fn provenance_summary_snapshot() {
    let m = merged();
    let mut out = String::new();
    for t in &m.tables {
        out.push_str(&format!(
            "{}: {} columns, {} relationships, {} messages, {} docs; pages: {}\n",
            t.logical_name,
            t.columns.len(),
            t.relationships.len(),
            t.messages.len(),
            t.docs.len(),
            t.provenance
                .iter()
                .map(|p| p.page.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        for c in &t.columns {
            if c.provenance.len() > 1
                || c.provenance
                    .iter()
                    .any(|p| p.product == Product::CustomerService)
            {
                out.push_str(&format!(
                    "  column {} from {}\n",
                    c.logical_name,
                    c.provenance
                        .iter()
                        .map(|p| format!("{}:{}", p.page, p.line))
                        .collect::<Vec<_>>()
                        .join(" + ")
                ));
            }
        }
        for r in &t.relationships {
            let cs = r
                .provenance
                .iter()
                .any(|p| p.product == Product::CustomerService);
            if cs || r.derived {
                out.push_str(&format!(
                    "  {:?} {}{} from {}\n",
                    r.kind,
                    r.schema_name,
                    if r.derived { " (derived)" } else { "" },
                    r.provenance
                        .iter()
                        .map(|p| format!("{}:{}", p.page, p.line))
                        .collect::<Vec<_>>()
                        .join(" + ")
                ));
            }
        }
        for msg in &t.messages {
            if msg.provenance.product == Product::CustomerService {
                out.push_str(&format!(
                    "  message {} from {}:{}\n",
                    msg.name, msg.provenance.page, msg.provenance.line
                ));
            }
        }
    }
    insta::assert_snapshot!(out);
}
