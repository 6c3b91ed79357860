//! Layering the project's own schema (a solution or an exported table
//! definition, [`PageKind::Project`](crate::model::PageKind::Project)) over
//! the docs.
//!
//! The project layer is the environment's truth: what it states wins; what it
//! leaves unstated keeps the docs' facts (descriptions, facets, choice value
//! descriptions, cascade per action, menus, navigation names). A table only
//! the project knows becomes a table of its own; a table it only mentions
//! (the far side of a relationship, with no columns) is layered over the
//! docs' table when there is one and left out otherwise (`DV0306`). When the
//! docs and the project disagree about a column's type or a lookup's targets,
//! or a relationship's tables, a `DV0301` warning names both places and the
//! winner (the project). Every layered item keeps the docs' provenance first
//! and adds the project's.

use std::collections::BTreeMap;

use crate::diagnostics::{codes, Diagnostic};
use crate::model::{
    CascadeConfiguration, Column, ManyToMany, OptionValue, PageInfo, Provenance, Relationship,
    Table,
};

/// `stated!(target; a, b)`: each field the project states (`Some`) replaces
/// the target's; `a`, `b` are the project's values, bound by destructuring.
macro_rules! stated {
    ($target:ident; $($field:ident),* $(,)?) => {$(
        if $field.is_some() {
            $target.$field = $field;
        }
    )*};
}

/// Apply the project table `own` (read from `info`) to `tables`.
pub(super) fn apply_project(
    tables: &mut BTreeMap<String, Table>,
    info: &PageInfo,
    own: Table,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(base) = tables.get_mut(&own.logical_name) else {
        if own.columns.is_empty() {
            diags.push(Diagnostic::note(
                codes::PROJECT_TABLE_WITHOUT_COLUMNS,
                &info.path,
                own.provenance
                    .first()
                    .or_else(|| own.relationships.first().and_then(|r| r.provenance.first()))
                    .map_or(0, |p| p.line),
                format!(
                    "table `{}` is only mentioned by the project's schema (no columns) and no docs page describes it; it is not generated (add its reference page to the inputs)",
                    own.logical_name
                ),
            ));
            return;
        }
        tables.insert(own.logical_name.clone(), own);
        return;
    };
    layer_table(base, own, diags);
}

/// The project's table facts win what they state; columns and relationships
/// are layered one by one.
fn layer_table(base: &mut Table, own: Table, diags: &mut Vec<Diagnostic>) {
    let Table {
        logical_name: _,
        schema_name,
        display_name,
        display_collection_name,
        collection_schema_name,
        logical_collection_name,
        entity_set_name,
        primary_id_attribute,
        primary_name_attribute,
        ownership_type,
        table_type,
        is_bpf_entity,
        description,
        added_by,
        messages,
        events,
        columns,
        relationships,
        other,
        docs,
        provenance,
        derived: _,
    } = own;
    stated!(
        base;
        display_name,
        display_collection_name,
        collection_schema_name,
        logical_collection_name,
        entity_set_name,
        primary_id_attribute,
        primary_name_attribute,
        ownership_type,
        table_type,
        is_bpf_entity,
        description,
        added_by
    );
    if !schema_name.is_empty() {
        base.schema_name = schema_name;
    }
    for m in messages {
        if !base.messages.iter().any(|b| b.name == m.name) {
            base.messages.push(m);
        }
    }
    for e in events {
        if !base.events.iter().any(|b| b.name == e.name) {
            base.events.push(e);
        }
    }
    base.other.extend(other);
    base.docs.extend(docs);
    base.provenance.extend(provenance);
    for column in columns {
        match base
            .columns
            .iter_mut()
            .find(|c| c.logical_name == column.logical_name)
        {
            Some(doc) => layer_column(&base.logical_name, doc, column, diags),
            None => base.columns.push(column),
        }
    }
    for rel in relationships {
        match base
            .relationships
            .iter_mut()
            .find(|r| r.kind == rel.kind && r.schema_name.eq_ignore_ascii_case(&rel.schema_name))
        {
            Some(doc) => layer_relationship(&base.logical_name, doc, rel, diags),
            None => base.relationships.push(rel),
        }
    }
}

/// `file:line` of a provenance, `?` when unknown.
fn at(p: Option<&Provenance>) -> String {
    p.map_or_else(|| "?".to_string(), |p| format!("{}:{}", p.page, p.line))
}

/// A `DV0301` warning at the project's place, naming the docs' place too.
fn conflict(own: Option<&Provenance>, doc: Option<&Provenance>, what: String) -> Diagnostic {
    Diagnostic::warning(
        codes::MERGE_CONFLICT,
        own.map_or("", |p| p.page.as_str()),
        own.map_or(1, |p| p.line.max(1)),
        format!(
            "{what} (docs: {}, project's schema: {}); the project's schema wins",
            at(doc),
            at(own)
        ),
    )
}

/// The project's column wins what it states; the docs keep the rest.
fn layer_column(table: &str, doc: &mut Column, own: Column, diags: &mut Vec<Diagnostic>) {
    let own_at = own.provenance.first().cloned();
    let doc_at = doc.provenance.first().cloned();
    let Column {
        logical_name: _,
        schema_name,
        display_name,
        description,
        attribute_type,
        required_level,
        section,
        is_valid_for_create,
        is_valid_for_update,
        is_valid_for_read,
        is_valid_for_form,
        facets,
        targets,
        attribute_of,
        default_value,
        default_form_value,
        global_choice_name,
        options,
        added_by,
        other,
        provenance,
        patch: _,
        derived: _,
    } = own;
    if attribute_type != crate::model::AttributeType::Unspecified {
        if doc.attribute_type != crate::model::AttributeType::Unspecified
            && doc.attribute_type != attribute_type
        {
            diags.push(conflict(
                own_at.as_ref(),
                doc_at.as_ref(),
                format!(
                    "column `{table}.{}`: the docs say type {}, the project's schema says {}",
                    doc.logical_name,
                    doc.attribute_type.as_str(),
                    attribute_type.as_str()
                ),
            ));
        }
        doc.attribute_type = attribute_type;
        // The section follows the type's validity, which the project states.
        if is_valid_for_create.is_some() || is_valid_for_update.is_some() {
            doc.section = section;
        }
    }
    if !targets.is_empty() {
        let mut a = doc.targets.clone();
        let mut b = targets.clone();
        a.sort();
        b.sort();
        if !doc.targets.is_empty() && a != b {
            diags.push(conflict(
                own_at.as_ref(),
                doc_at.as_ref(),
                format!(
                    "lookup `{table}.{}`: the docs say targets {}, the project's schema says {}",
                    doc.logical_name,
                    doc.targets.join(", "),
                    targets.join(", ")
                ),
            ));
        }
        doc.targets = targets;
    }
    if !schema_name.is_empty() {
        doc.schema_name = schema_name;
    }
    stated!(
        doc;
        display_name,
        description,
        required_level,
        is_valid_for_create,
        is_valid_for_update,
        is_valid_for_read,
        is_valid_for_form,
        attribute_of,
        default_value,
        default_form_value,
        global_choice_name,
        added_by
    );
    // Facets the project states replace the docs', as a patch's do.
    super::extension::patch_facets(&mut doc.facets, facets);
    if let Some(own_options) = options {
        doc.options = Some(layer_options(doc.options.take(), own_options));
    }
    doc.other.extend(other);
    doc.patch = false;
    doc.derived = false;
    doc.provenance.extend(provenance);
}

/// The project's choice values are the environment's list (values it lacks
/// are gone); each keeps the docs' description, state facts and provenance
/// when the project leaves them unstated.
fn layer_options(doc: Option<Vec<OptionValue>>, own: Vec<OptionValue>) -> Vec<OptionValue> {
    let doc = doc.unwrap_or_default();
    own.into_iter()
        .map(|mut o| {
            if let Some(d) = doc.iter().find(|d| d.value == o.value) {
                if o.description.is_none() {
                    o.description.clone_from(&d.description);
                }
                if o.label.is_empty() {
                    o.label.clone_from(&d.label);
                }
                o.default_status = o.default_status.or(d.default_status);
                if o.invariant_name.is_none() {
                    o.invariant_name.clone_from(&d.invariant_name);
                }
                o.state = o.state.or(d.state);
                if o.transition_data.is_none() {
                    o.transition_data.clone_from(&d.transition_data);
                }
            }
            o
        })
        .collect()
}

/// Cascade actions the project states replace the docs'.
fn layer_cascade(
    doc: Option<CascadeConfiguration>,
    own: CascadeConfiguration,
) -> CascadeConfiguration {
    let Some(mut doc) = doc else {
        return own;
    };
    let CascadeConfiguration {
        archive,
        assign,
        delete,
        merge,
        reparent,
        rollup_view,
        share,
        unshare,
        other,
    } = own;
    stated!(
        doc;
        archive,
        assign,
        delete,
        merge,
        reparent,
        rollup_view,
        share,
        unshare
    );
    doc.other.extend(other);
    doc
}

/// The project's relationship wins what it states; the docs keep the rest.
fn layer_relationship(
    table: &str,
    doc: &mut Relationship,
    own: Relationship,
    diags: &mut Vec<Diagnostic>,
) {
    let own_at = own.provenance.first().cloned();
    let doc_at = doc.provenance.first().cloned();
    let Relationship {
        schema_name: _,
        kind: _,
        referenced_entity,
        referenced_attribute,
        referencing_entity,
        referencing_attribute,
        referenced_entity_navigation_property_name,
        referencing_entity_navigation_property_name,
        is_hierarchical,
        is_customizable,
        associated_menu_configuration,
        cascade_configuration,
        many_to_many,
        related_entity,
        related_link,
        added_by,
        denormalized_attribute_name,
        entity_key,
        is_denormalized_lookup,
        is_relationship_attribute_denormalized,
        other,
        provenance,
        derived: _,
        customized: _,
    } = own;
    for (what, d, o) in [
        (
            "referenced table",
            &doc.referenced_entity,
            &referenced_entity,
        ),
        (
            "referencing table",
            &doc.referencing_entity,
            &referencing_entity,
        ),
        ("lookup", &doc.referencing_attribute, &referencing_attribute),
    ] {
        if let (Some(d), Some(o)) = (d, o) {
            if !d.eq_ignore_ascii_case(o) {
                diags.push(conflict(
                    own_at.as_ref(),
                    doc_at.as_ref(),
                    format!(
                        "relationship `{}` of `{table}`: the docs say {what} `{d}`, the project's schema says `{o}`",
                        doc.schema_name
                    ),
                ));
            }
        }
    }
    stated!(
        doc;
        referenced_entity,
        referenced_attribute,
        referencing_entity,
        referencing_attribute,
        referenced_entity_navigation_property_name,
        referencing_entity_navigation_property_name,
        is_hierarchical,
        is_customizable,
        associated_menu_configuration,
        related_entity,
        related_link,
        added_by,
        denormalized_attribute_name,
        entity_key,
        is_denormalized_lookup,
        is_relationship_attribute_denormalized
    );
    if let Some(c) = cascade_configuration {
        doc.cascade_configuration = Some(layer_cascade(doc.cascade_configuration.take(), c));
    }
    if let Some(m) = many_to_many {
        doc.many_to_many = Some(layer_many_to_many(doc.many_to_many.take(), m));
    }
    doc.other.extend(other);
    doc.derived = false;
    doc.provenance.extend(provenance);
}

/// Many-to-many sides: the project's facts per side (matched by table, then
/// ordinal) win; the docs keep what the project leaves unstated.
fn layer_many_to_many(doc: Option<ManyToMany>, own: ManyToMany) -> ManyToMany {
    let Some(mut doc) = doc else {
        return own;
    };
    if own.intersect_entity_name.is_some() {
        doc.intersect_entity_name = own.intersect_entity_name;
    }
    for side in own.sides {
        let found = doc.sides.iter_mut().find(|d| {
            match (&d.entity_logical_name, &side.entity_logical_name) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                _ => d.ordinal.is_some() && d.ordinal == side.ordinal,
            }
        });
        match found {
            Some(d) => {
                d.ordinal = side.ordinal.or(d.ordinal);
                if side.intersect_attribute.is_some() {
                    d.intersect_attribute = side.intersect_attribute;
                }
                if side.navigation_property_name.is_some() {
                    d.navigation_property_name = side.navigation_property_name;
                }
                if side.associated_menu_configuration.is_some() {
                    d.associated_menu_configuration = side.associated_menu_configuration;
                }
                d.is_customizable = side.is_customizable.or(d.is_customizable);
            }
            None => doc.sides.push(side),
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        AttributeType, CascadeType, Facets, PageKind, Product, RelationshipKind, SourceRef,
    };

    fn prov(page: &str, line: u32, product: Product) -> Provenance {
        Provenance {
            page: page.into(),
            line,
            product,
            source: (product == Product::Project).then(|| SourceRef {
                solution: Some("Contoso".into()),
                version: Some("1.2.0.0".into()),
                ..SourceRef::default()
            }),
        }
    }

    fn docs_account() -> Table {
        let mut t = Table {
            logical_name: "account".into(),
            schema_name: "Account".into(),
            description: Some("Business that represents a customer.".into()),
            provenance: vec![prov("account.md", 1, Product::Dataverse)],
            ..Table::default()
        };
        t.columns.push(Column {
            logical_name: "name".into(),
            schema_name: "Name".into(),
            description: Some("Type the company name.".into()),
            attribute_type: AttributeType::String,
            facets: Facets {
                max_length: Some(160),
                format: Some("Text".into()),
                ..Facets::default()
            },
            provenance: vec![prov("account.md", 40, Product::Dataverse)],
            ..Column::default()
        });
        t.columns.push(Column {
            logical_name: "industrycode".into(),
            schema_name: "IndustryCode".into(),
            attribute_type: AttributeType::Picklist,
            options: Some(vec![
                OptionValue {
                    value: 1,
                    label: "Accounting".into(),
                    description: Some("Accounting firms".into()),
                    ..OptionValue::default()
                },
                OptionValue {
                    value: 2,
                    label: "Agriculture".into(),
                    ..OptionValue::default()
                },
            ]),
            provenance: vec![prov("account.md", 60, Product::Dataverse)],
            ..Column::default()
        });
        t.columns.push(Column {
            logical_name: "parentaccountid".into(),
            schema_name: "ParentAccountId".into(),
            attribute_type: AttributeType::Lookup,
            targets: vec!["account".into()],
            provenance: vec![prov("account.md", 80, Product::Dataverse)],
            ..Column::default()
        });
        t.relationships.push(Relationship {
            schema_name: "account_parent_account".into(),
            kind: RelationshipKind::OneToMany,
            referenced_entity: Some("account".into()),
            referencing_entity: Some("account".into()),
            referencing_attribute: Some("parentaccountid".into()),
            cascade_configuration: Some(CascadeConfiguration {
                assign: Some(CascadeType::Cascade),
                delete: Some(CascadeType::RemoveLink),
                merge: Some(CascadeType::NoCascade),
                ..CascadeConfiguration::default()
            }),
            associated_menu_configuration: Some(crate::model::MenuConfiguration {
                behavior: Some("UseCollectionName".into()),
                ..Default::default()
            }),
            provenance: vec![prov("account.md", 100, Product::Dataverse)],
            ..Relationship::default()
        });
        t
    }

    fn info() -> PageInfo {
        PageInfo {
            path: "sol/Entities/Account/Entity.xml".into(),
            kind: PageKind::Project,
            product: Product::Project,
            ..PageInfo::default()
        }
    }

    fn own_account() -> Table {
        Table {
            logical_name: "account".into(),
            schema_name: "Account".into(),
            entity_set_name: Some("accounts".into()),
            provenance: vec![prov("sol/Entities/Account/Entity.xml", 2, Product::Project)],
            ..Table::default()
        }
    }

    fn layered(own: Table) -> (Table, Vec<Diagnostic>) {
        let mut tables = BTreeMap::new();
        tables.insert("account".to_string(), docs_account());
        let mut diags = Vec::new();
        apply_project(&mut tables, &info(), own, &mut diags);
        (tables.remove("account").unwrap(), diags)
    }

    #[test]
    fn stated_facts_win_and_unstated_keep_the_docs() {
        let mut own = own_account();
        own.columns.push(Column {
            logical_name: "name".into(),
            schema_name: "Name".into(),
            attribute_type: AttributeType::String,
            facets: Facets {
                max_length: Some(200),
                ..Facets::default()
            },
            provenance: vec![prov(
                "sol/Entities/Account/Entity.xml",
                20,
                Product::Project,
            )],
            ..Column::default()
        });
        let (t, diags) = layered(own);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(t.entity_set_name.as_deref(), Some("accounts"));
        assert_eq!(
            t.description.as_deref(),
            Some("Business that represents a customer.")
        );
        let name = t.column("name").unwrap();
        assert_eq!(name.facets.max_length, Some(200));
        assert_eq!(name.facets.format.as_deref(), Some("Text"));
        assert_eq!(name.description.as_deref(), Some("Type the company name."));
        assert_eq!(name.provenance.len(), 2);
        assert_eq!(name.provenance[0].product, Product::Dataverse);
        assert_eq!(name.provenance[1].product, Product::Project);
    }

    #[test]
    fn type_and_target_disagreements_name_both_places_and_the_winner() {
        let mut own = own_account();
        own.columns.push(Column {
            logical_name: "name".into(),
            attribute_type: AttributeType::Memo,
            provenance: vec![prov(
                "sol/Entities/Account/Entity.xml",
                20,
                Product::Project,
            )],
            ..Column::default()
        });
        own.columns.push(Column {
            logical_name: "parentaccountid".into(),
            attribute_type: AttributeType::Lookup,
            targets: vec!["contact".into()],
            provenance: vec![prov(
                "sol/Entities/Account/Entity.xml",
                30,
                Product::Project,
            )],
            ..Column::default()
        });
        let (t, diags) = layered(own);
        assert_eq!(
            t.column("name").unwrap().attribute_type,
            AttributeType::Memo
        );
        assert_eq!(t.column("parentaccountid").unwrap().targets, ["contact"]);
        assert_eq!(diags.len(), 2, "{diags:?}");
        let d = &diags[0];
        assert_eq!(d.code, codes::MERGE_CONFLICT);
        assert_eq!(
            (d.file.as_str(), d.line),
            ("sol/Entities/Account/Entity.xml", 20)
        );
        assert!(d.message.contains("account.md:40"), "{}", d.message);
        assert!(d.message.contains("sol/Entities/Account/Entity.xml:20"));
        assert!(d
            .message
            .contains("the docs say type String, the project's schema says Memo"));
        assert!(d.message.contains("the project's schema wins"));
        assert!(
            diags[1].message.contains("targets account"),
            "{}",
            diags[1].message
        );
    }

    #[test]
    fn choice_values_are_the_projects_with_the_docs_descriptions() {
        let mut own = own_account();
        own.columns.push(Column {
            logical_name: "industrycode".into(),
            attribute_type: AttributeType::Picklist,
            options: Some(vec![
                OptionValue {
                    value: 1,
                    label: "Accounting".into(),
                    ..OptionValue::default()
                },
                OptionValue {
                    value: 100000000,
                    label: "Space".into(),
                    ..OptionValue::default()
                },
            ]),
            provenance: vec![prov(
                "sol/Entities/Account/Entity.xml",
                50,
                Product::Project,
            )],
            ..Column::default()
        });
        let (t, _) = layered(own);
        let opts = t.column("industrycode").unwrap().options.clone().unwrap();
        let values: Vec<i64> = opts.iter().map(|o| o.value).collect();
        assert_eq!(values, [1, 100000000]);
        assert_eq!(opts[0].description.as_deref(), Some("Accounting firms"));
    }

    #[test]
    fn relationships_layer_cascade_per_action_and_keep_menus() {
        let mut own = own_account();
        own.relationships.push(Relationship {
            schema_name: "account_parent_account".into(),
            kind: RelationshipKind::OneToMany,
            referenced_entity_navigation_property_name: Some("child_accounts".into()),
            cascade_configuration: Some(CascadeConfiguration {
                delete: Some(CascadeType::Restrict),
                ..CascadeConfiguration::default()
            }),
            provenance: vec![prov(
                "sol/Other/Relationships/Account.xml",
                3,
                Product::Project,
            )],
            ..Relationship::default()
        });
        // Same name, the other kind: a separate item (self-referential relationships list both).
        own.relationships.push(Relationship {
            schema_name: "account_parent_account".into(),
            kind: RelationshipKind::ManyToOne,
            provenance: vec![prov(
                "sol/Other/Relationships/Account.xml",
                3,
                Product::Project,
            )],
            ..Relationship::default()
        });
        let (t, diags) = layered(own);
        assert!(diags.is_empty());
        let r = t
            .relationship("account_parent_account", RelationshipKind::OneToMany)
            .unwrap();
        let c = r.cascade_configuration.as_ref().unwrap();
        assert_eq!(c.delete, Some(CascadeType::Restrict));
        assert_eq!(c.assign, Some(CascadeType::Cascade));
        assert_eq!(c.merge, Some(CascadeType::NoCascade));
        assert!(r.associated_menu_configuration.is_some());
        assert_eq!(r.referencing_attribute.as_deref(), Some("parentaccountid"));
        assert_eq!(
            r.referenced_entity_navigation_property_name.as_deref(),
            Some("child_accounts")
        );
        assert_eq!(r.provenance.len(), 2);
        assert!(t
            .relationship("account_parent_account", RelationshipKind::ManyToOne)
            .is_some());
    }

    #[test]
    fn a_relationship_disagreeing_about_its_lookup_is_diagnosed() {
        let mut own = own_account();
        own.relationships.push(Relationship {
            schema_name: "account_parent_account".into(),
            kind: RelationshipKind::OneToMany,
            referencing_attribute: Some("new_parent".into()),
            provenance: vec![prov(
                "sol/Other/Relationships/Account.xml",
                3,
                Product::Project,
            )],
            ..Relationship::default()
        });
        let (_, diags) = layered(own);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("lookup `parentaccountid`"));
        assert!(diags[0].message.contains("account.md:100"));
    }

    #[test]
    fn project_only_tables_are_added_and_mentioned_ones_are_not() {
        let mut tables = BTreeMap::new();
        let mut diags = Vec::new();
        let mut custom = own_account();
        custom.logical_name = "cr1_project".into();
        custom.columns.push(Column {
            logical_name: "cr1_projectid".into(),
            attribute_type: AttributeType::Uniqueidentifier,
            ..Column::default()
        });
        apply_project(&mut tables, &info(), custom, &mut diags);
        let mut mentioned = own_account();
        mentioned.logical_name = "systemuser".into();
        apply_project(&mut tables, &info(), mentioned, &mut diags);
        assert!(tables.contains_key("cr1_project"));
        assert!(!tables.contains_key("systemuser"));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, codes::PROJECT_TABLE_WITHOUT_COLUMNS);
    }
}
