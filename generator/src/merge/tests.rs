//! Merge rules on small hand-built pages (the real-page tests are in `tests/`).

use super::*;
use crate::model::*;

fn prov(page: &str, line: u32, product: Product) -> Provenance {
    Provenance {
        page: page.into(),
        line,
        product,
        source: None,
    }
}

fn page(
    path: &str,
    kind: PageKind,
    date: Option<(u16, u8, u8)>,
    vintage: Vintage,
    table: Table,
) -> Page {
    Page {
        info: PageInfo {
            path: path.into(),
            kind,
            vintage,
            product: table
                .provenance
                .first()
                .map_or(Product::Unknown, |p| p.product),
            front_matter: FrontMatter {
                date: date.map(|(year, month, day)| PageDate { year, month, day }),
                ..FrontMatter::default()
            },
            ..PageInfo::default()
        },
        table: Some(table),
        diagnostics: vec![],
    }
}

fn column(name: &str, ty: AttributeType, p: Provenance) -> Column {
    Column {
        logical_name: name.to_ascii_lowercase(),
        schema_name: name.into(),
        attribute_type: ty,
        provenance: vec![p],
        ..Column::default()
    }
}

fn option(value: i64, label: &str, p: &Provenance) -> OptionValue {
    OptionValue {
        value,
        label: label.into(),
        provenance: p.clone(),
        ..OptionValue::default()
    }
}

fn base_connection() -> Page {
    let p = prov("dataverse/connection.md", 10, Product::Dataverse);
    let mut record1 = column("Record1Id", AttributeType::Lookup, p.clone());
    record1.targets = vec!["account".into(), "contact".into()];
    let mut code = column("Record1ObjectTypeCode", AttributeType::Picklist, p.clone());
    code.options = Some(vec![option(1, "Account", &p), option(2, "Contact", &p)]);
    let mut exchange = column("ExchangeRate", AttributeType::Decimal, p.clone());
    exchange.facets.min_value = Some("0.0000000001".into());
    exchange.facets.precision = Some(10);
    exchange.facets.max_value = Some("100000000000".into());
    let table = Table {
        logical_name: "connection".into(),
        schema_name: "Connection".into(),
        columns: vec![record1, code, exchange],
        provenance: vec![p],
        ..Table::default()
    };
    page(
        "dataverse/connection.md",
        PageKind::Reference,
        Some((2021, 10, 5)),
        Vintage::V3Table,
        table,
    )
}

fn extension_connection() -> Page {
    let p = prov(
        "customer-service/connection.md",
        30,
        Product::CustomerService,
    );
    let mut record1 = column("Record1Id", AttributeType::Unspecified, p.clone());
    record1.patch = true;
    record1.targets = vec!["msdyn_bookingalert".into(), "contact".into()];
    let mut code = column(
        "Record1ObjectTypeCode",
        AttributeType::Unspecified,
        p.clone(),
    );
    code.patch = true;
    code.options = Some(vec![
        option(2, "Contact", &p),
        option(10410, "Invitation", &p),
    ]);
    let mut exchange = column("ExchangeRate", AttributeType::Unspecified, p.clone());
    exchange.patch = true;
    exchange.facets.min_value = Some("1E-12".into());
    exchange.facets.precision = Some(12);
    let table = Table {
        logical_name: "connection".into(),
        schema_name: "Connection".into(),
        columns: vec![record1, code, exchange],
        messages: vec![Message {
            name: "msdyn_Something".into(),
            provenance: p.clone(),
            ..Message::default()
        }],
        provenance: vec![p],
        ..Table::default()
    };
    page(
        "customer-service/connection.md",
        PageKind::Extension,
        None,
        Vintage::V5Extension,
        table,
    )
}

#[test]
fn extension_patches_base_columns_with_provenance() {
    let model = merge(vec![extension_connection(), base_connection()]);
    assert_eq!(model.tables.len(), 1);
    let t = &model.tables[0];
    assert!(!t.derived);
    let r1 = t.column("record1id").unwrap();
    assert_eq!(r1.targets, ["account", "contact", "msdyn_bookingalert"]);
    assert_eq!(
        r1.attribute_type,
        AttributeType::Lookup,
        "type stays the base's"
    );
    assert_eq!(r1.provenance.len(), 2);
    assert_eq!(r1.provenance[1].product, Product::CustomerService);
    let code = t.column("record1objecttypecode").unwrap();
    let values: Vec<i64> = code
        .options
        .as_ref()
        .unwrap()
        .iter()
        .map(|o| o.value)
        .collect();
    assert_eq!(values, [1, 2, 10410]);
    assert_eq!(
        code.options.as_ref().unwrap()[2].provenance.product,
        Product::CustomerService
    );
    let ex = t.column("exchangerate").unwrap();
    assert_eq!(
        ex.facets.min_value.as_deref(),
        Some("1E-12"),
        "patched facet replaces"
    );
    assert_eq!(ex.facets.precision, Some(12));
    assert_eq!(
        ex.facets.max_value.as_deref(),
        Some("100000000000"),
        "unpatched facet kept"
    );
    assert_eq!(t.messages.len(), 1);
    assert_eq!(t.provenance.len(), 2);
    assert!(!model.has_errors());
}

#[test]
fn page_order_does_not_change_the_model() {
    let a = merge(vec![extension_connection(), base_connection()]);
    let b = merge(vec![base_connection(), extension_connection()]);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}

#[test]
fn an_extension_without_its_base_still_yields_a_table() {
    let model = merge(vec![extension_connection()]);
    let t = &model.tables[0];
    assert!(!t.derived, "read from the extension page, not inferred");
    assert_eq!(t.columns.len(), 3);
    let codes: Vec<&str> = model.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(
        codes.contains(&crate::diagnostics::codes::ORPHAN_EXTENSION),
        "{codes:?}"
    );
    assert!(
        codes.contains(&crate::diagnostics::codes::PATCH_WITHOUT_BASE),
        "{codes:?}"
    );
    let orphan = model
        .diagnostics
        .iter()
        .find(|d| d.code == crate::diagnostics::codes::ORPHAN_EXTENSION)
        .unwrap();
    assert_eq!(orphan.file, "customer-service/connection.md");
}

#[test]
fn the_newest_of_several_pages_wins_and_differences_are_reported() {
    let old_p = prov("a/activityparty.2021.md", 1, Product::Dataverse);
    let new_p = prov("a/activityparty.2023.md", 1, Product::Dataverse);
    let old = Table {
        logical_name: "activityparty".into(),
        schema_name: "ActivityParty".into(),
        columns: vec![column("Gone", AttributeType::String, old_p.clone())],
        provenance: vec![old_p],
        ..Table::default()
    };
    let new = Table {
        logical_name: "activityparty".into(),
        schema_name: "ActivityParty".into(),
        columns: vec![column("Fresh", AttributeType::String, new_p.clone())],
        provenance: vec![new_p],
        ..Table::default()
    };
    // The newer page has the earlier path: dates decide, not paths.
    let model = merge(vec![
        page(
            "z/old.md",
            PageKind::Reference,
            Some((2021, 10, 5)),
            Vintage::V3Table,
            old,
        ),
        page(
            "a/new.md",
            PageKind::Reference,
            Some((2023, 3, 7)),
            Vintage::V3Table,
            new,
        ),
    ]);
    let t = &model.tables[0];
    assert!(t.column("fresh").is_some());
    assert!(t.column("gone").is_none());
    let d = model
        .diagnostics
        .iter()
        .find(|d| d.code == crate::diagnostics::codes::SUPERSEDED_PAGE)
        .expect("superseded diagnostic");
    assert_eq!(d.file, "z/old.md");
    assert!(
        d.message.contains("gone") && d.message.contains("fresh"),
        "{}",
        d.message
    );
}

fn rel(schema: &str, kind: RelationshipKind, p: Provenance) -> Relationship {
    Relationship {
        schema_name: schema.into(),
        kind,
        provenance: vec![p],
        ..Relationship::default()
    }
}

#[test]
fn both_sides_of_a_relationship_share_their_facts_and_conflicts_are_reported() {
    let pa = prov("account.md", 50, Product::Dataverse);
    let pc = prov("contact.md", 70, Product::Dataverse);
    let mut one = rel(
        "contact_customer_accounts",
        RelationshipKind::OneToMany,
        pa.clone(),
    );
    one.referencing_entity = Some("contact".into());
    one.referencing_attribute = Some("parentcustomerid".into());
    one.referenced_entity_navigation_property_name = Some("contact_customer_accounts".into());
    one.cascade_configuration = Some(CascadeConfiguration {
        delete: Some(CascadeType::Restrict),
        ..CascadeConfiguration::default()
    });
    let mut many = rel(
        "contact_customer_accounts",
        RelationshipKind::ManyToOne,
        pc.clone(),
    );
    many.referenced_entity = Some("account".into());
    many.referenced_attribute = Some("accountid".into());
    many.referencing_entity_navigation_property_name = Some("parentcustomerid_account".into());
    many.cascade_configuration = Some(CascadeConfiguration {
        delete: Some(CascadeType::Cascade),
        ..CascadeConfiguration::default()
    });
    let account = Table {
        logical_name: "account".into(),
        schema_name: "Account".into(),
        relationships: vec![one],
        provenance: vec![pa],
        ..Table::default()
    };
    let contact = Table {
        logical_name: "contact".into(),
        schema_name: "Contact".into(),
        relationships: vec![many],
        provenance: vec![pc],
        ..Table::default()
    };
    let model = merge(vec![
        page(
            "contact.md",
            PageKind::Reference,
            None,
            Vintage::V4Generated,
            contact,
        ),
        page(
            "account.md",
            PageKind::Reference,
            None,
            Vintage::V4Generated,
            account,
        ),
    ]);
    let a = model.table("account").unwrap();
    let c = model.table("contact").unwrap();
    assert_eq!(a.relationships.len(), 1, "no duplicate on account");
    assert_eq!(c.relationships.len(), 1, "no duplicate on contact");
    let (ra, rc) = (&a.relationships[0], &c.relationships[0]);
    for r in [ra, rc] {
        assert_eq!(r.referenced_entity.as_deref(), Some("account"));
        assert_eq!(r.referencing_entity.as_deref(), Some("contact"));
        assert_eq!(r.referenced_attribute.as_deref(), Some("accountid"));
        assert_eq!(r.referencing_attribute.as_deref(), Some("parentcustomerid"));
        assert_eq!(
            r.referenced_entity_navigation_property_name.as_deref(),
            Some("contact_customer_accounts")
        );
        assert_eq!(
            r.referencing_entity_navigation_property_name.as_deref(),
            Some("parentcustomerid_account")
        );
        // The many-to-one side owns the cascade configuration.
        assert_eq!(
            r.cascade_configuration.as_ref().unwrap().delete,
            Some(CascadeType::Cascade)
        );
        assert!(!r.derived);
    }
    let conflict = model
        .diagnostics
        .iter()
        .find(|d| d.code == crate::diagnostics::codes::MERGE_CONFLICT)
        .expect("conflict diagnostic");
    assert!(
        conflict.message.contains("account.md:50") && conflict.message.contains("contact.md:70"),
        "names both locations: {}",
        conflict.message
    );
}

#[test]
fn a_one_sided_relationship_gives_the_other_table_a_derived_copy_and_never_a_stub_table() {
    let pa = prov("account.md", 5, Product::Dataverse);
    let mut one = rel("account_tasks", RelationshipKind::OneToMany, pa.clone());
    one.referencing_entity = Some("task".into());
    let mut orphan = rel("account_letters", RelationshipKind::OneToMany, pa.clone());
    orphan.referencing_entity = Some("letter".into());
    let account = Table {
        logical_name: "account".into(),
        schema_name: "Account".into(),
        relationships: vec![one, orphan],
        provenance: vec![pa],
        ..Table::default()
    };
    let pt = prov("task.md", 1, Product::Dataverse);
    let task = Table {
        logical_name: "task".into(),
        schema_name: "Task".into(),
        provenance: vec![pt],
        ..Table::default()
    };
    let model = merge(vec![
        page(
            "account.md",
            PageKind::Reference,
            None,
            Vintage::V4Generated,
            account,
        ),
        page(
            "task.md",
            PageKind::Reference,
            None,
            Vintage::V4Generated,
            task,
        ),
    ]);
    assert_eq!(model.tables.len(), 2, "no stub table for `letter`");
    let t = model.table("task").unwrap();
    assert_eq!(t.relationships.len(), 1);
    let r = &t.relationships[0];
    assert!(r.derived);
    assert_eq!(r.kind, RelationshipKind::ManyToOne);
    assert_eq!(r.referenced_entity.as_deref(), Some("account"));
}

#[test]
fn conceptual_pages_attach_to_their_table() {
    let mut concept = Page {
        info: PageInfo {
            path: "conceptual/connection-entity.md".into(),
            kind: PageKind::Conceptual,
            describes_table: Some("connection".into()),
            title: Some("Connection entity".into()),
            body: Some("Connections link two records.".into()),
            ..PageInfo::default()
        },
        table: None,
        diagnostics: vec![],
    };
    let model = merge(vec![concept.clone(), base_connection()]);
    assert_eq!(model.tables[0].docs.len(), 1);
    assert_eq!(
        model.tables[0].docs[0].markdown,
        "Connections link two records."
    );
    concept.info.describes_table = Some("nothere".into());
    let model = merge(vec![concept, base_connection()]);
    assert!(model.tables[0].docs.is_empty());
    assert!(model
        .diagnostics
        .iter()
        .any(|d| d.code == crate::diagnostics::codes::UNATTACHED_CONCEPTUAL));
}
