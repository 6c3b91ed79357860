//! Emitter tests: snapshots, determinism, hostile input, compile checks.

use std::path::{Path, PathBuf};
use std::process::Command;

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

fn dv(line: u32) -> Vec<Provenance> {
    vec![prov("dataverse/lead.md", line, Product::Dataverse)]
}

fn col(logical: &str, schema: &str, display: &str, t: AttributeType) -> Column {
    Column {
        logical_name: logical.into(),
        schema_name: schema.into(),
        display_name: Some(display.into()),
        description: Some(format!("The {display} of the lead.")),
        attribute_type: t,
        required_level: Some("None".into()),
        provenance: dv(10),
        ..Column::default()
    }
}

fn opt(value: i64, label: &str) -> OptionValue {
    OptionValue {
        value,
        label: label.into(),
        provenance: prov("dataverse/lead.md", 100, Product::Dataverse),
        ..OptionValue::default()
    }
}

fn rel(schema: &str, kind: RelationshipKind) -> Relationship {
    Relationship {
        schema_name: schema.into(),
        kind,
        provenance: dv(200),
        ..Relationship::default()
    }
}

fn m2o(schema: &str, attr: &str, target: &str, nav: &str) -> Relationship {
    Relationship {
        referenced_entity: Some(target.into()),
        referenced_attribute: Some(format!("{target}id")),
        referencing_entity: Some("lead".into()),
        referencing_attribute: Some(attr.into()),
        referenced_entity_navigation_property_name: Some(schema.into()),
        referencing_entity_navigation_property_name: Some(nav.into()),
        ..rel(schema, RelationshipKind::ManyToOne)
    }
}

/// A small model resembling the real `lead` table, plus `account`.
pub fn sample_model() -> Model {
    use AttributeType as A;
    let mut subject = col("subject", "Subject", "Topic", A::String);
    subject.facets.max_length = Some(300);
    subject.required_level = Some("ApplicationRequired".into());
    subject.description = Some(
        "Type a subject or descriptive name, such as the expected order, company name, or marketing source list, to identify the lead. See https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/lead."
            .into(),
    );
    let mut leadid = col("leadid", "LeadId", "Lead", A::Uniqueidentifier);
    leadid.required_level = Some("SystemRequired".into());
    let mut employees = col(
        "numberofemployees",
        "NumberOfEmployees",
        "No. of Employees",
        A::Integer,
    );
    employees.facets.min_value = Some("0".into());
    employees.facets.max_value = Some("1000000".into());
    let mut rate = col("exchangerate", "ExchangeRate", "Exchange Rate", A::Decimal);
    rate.facets.precision = Some(12);
    rate.facets.min_value = Some("0.000000000001".into());
    rate.facets.max_value = Some("100000000000".into());
    rate.section = ColumnSection::ReadOnly;
    let mut amount = col("estimatedamount", "EstimatedAmount", "Est. Value", A::Money);
    amount.facets.precision_source = Some("2".into());
    let mut closedate = col(
        "estimatedclosedate",
        "EstimatedCloseDate",
        "Est. Close Date",
        A::DateTime,
    );
    closedate.facets.date_time_behavior = Some("DateOnly".into());
    closedate.facets.format = Some("DateOnly".into());
    let mut createdon = col("createdon", "CreatedOn", "Created On", A::DateTime);
    createdon.facets.date_time_behavior = Some("UserLocal".into());
    createdon.section = ColumnSection::ReadOnly;
    let mut donotemail = col(
        "donotemail",
        "DoNotEMail",
        "Do not allow Emails",
        A::Boolean,
    );
    donotemail.default_value = Some("False".into());
    donotemail.options = Some(vec![opt(1, "Do Not Allow"), opt(0, "Allow")]);
    let mut source = col(
        "leadsourcecode",
        "LeadSourceCode",
        "Lead Source",
        A::Picklist,
    );
    source.options = Some(vec![
        opt(1, "Advertisement"),
        opt(2, "Employee Referral"),
        opt(3, "External Referral"),
        opt(10, "Other"),
    ]);
    let mut industry = col("industrycode", "IndustryCode", "Industry", A::Picklist);
    industry.global_choice_name = Some("industrycode".into());
    industry.options = Some(vec![
        opt(1, "Accounting"),
        opt(2, "Agriculture and Non-petrol Natural Resource Extraction"),
    ]);
    let mut state = col("statecode", "StateCode", "Status", A::State);
    state.options = Some(vec![
        OptionValue {
            default_status: Some(1),
            invariant_name: Some("Open".into()),
            ..opt(0, "Open")
        },
        OptionValue {
            default_status: Some(3),
            invariant_name: Some("Qualified".into()),
            ..opt(1, "Qualified")
        },
        OptionValue {
            default_status: Some(4),
            invariant_name: Some("Disqualified".into()),
            ..opt(2, "Disqualified")
        },
    ]);
    let mut status = col("statuscode", "StatusCode", "Status Reason", A::Status);
    status.options = Some(vec![
        OptionValue {
            state: Some(0),
            ..opt(1, "New")
        },
        OptionValue {
            state: Some(0),
            ..opt(2, "Contacted")
        },
        OptionValue {
            state: Some(1),
            ..opt(3, "Qualified")
        },
        OptionValue {
            state: Some(2),
            ..opt(4, "Lost")
        },
        OptionValue {
            state: Some(2),
            ..opt(5, "Cannot Contact")
        },
    ]);
    let mut channels = col(
        "msdyn_preferredchannels",
        "msdyn_PreferredChannels",
        "Preferred channels",
        A::MultiSelectPicklist,
    );
    channels.options = Some(vec![opt(192350000, "Email"), opt(192350001, "Phone")]);
    let mut parent = col(
        "parentaccountid",
        "ParentAccountId",
        "Parent Account",
        A::Lookup,
    );
    parent.targets = vec!["account".into()];
    let mut customer = col("customerid", "CustomerId", "Customer", A::Customer);
    customer.targets = vec!["account".into(), "contact".into()];
    let mut owner = col("ownerid", "OwnerId", "Owner", A::Owner);
    owner.targets = vec!["systemuser".into(), "team".into()];
    let mut ownertype = col("owneridtype", "OwnerIdType", "Owner Type", A::EntityName);
    ownertype.attribute_of = Some("ownerid".into());
    let mut cs = col("msdyn_csfield", "msdyn_CsField", "Case Link", A::String);
    cs.provenance = vec![prov(
        "customer-service/lead.md",
        40,
        Product::CustomerService,
    )];
    cs.added_by = Some("Customer Service Solution".into());
    let mut image = col("entityimage", "EntityImage", "Entity Image", A::Image);
    image.facets.max_size_in_kb = Some(10240);
    let columns = vec![
        subject,
        leadid,
        employees,
        rate,
        amount,
        closedate,
        createdon,
        donotemail,
        source,
        industry,
        state,
        status,
        channels,
        parent,
        customer,
        owner,
        ownertype,
        cs,
        image,
        col(
            "versionnumber",
            "VersionNumber",
            "Version Number",
            A::BigInt,
        ),
        col(
            "address1_latitude",
            "Address1_Latitude",
            "Address 1: Latitude",
            A::Double,
        ),
        col("description", "Description", "Description", A::Memo),
        col(
            "requiredattendees",
            "RequiredAttendees",
            "Attendees",
            A::PartyList,
        ),
        col(
            "msdyn_attachment",
            "msdyn_Attachment",
            "Attachment",
            A::File,
        ),
        col(
            "leadsourcecodename",
            "LeadSourceCodeName",
            "Lead Source Name",
            A::Virtual,
        ),
        col(
            "msdyn_unknowntype",
            "msdyn_UnknownType",
            "Unknown type",
            A::Other("Fancy".into()),
        ),
    ];
    let mut bookings = rel("lead_msdyn_bookingalerts", RelationshipKind::OneToMany);
    bookings.referenced_entity = Some("lead".into());
    bookings.referenced_attribute = Some("leadid".into());
    bookings.referencing_entity = Some("msdyn_bookingalert".into());
    bookings.referencing_attribute = Some("regardingobjectid".into());
    bookings.referenced_entity_navigation_property_name = Some("lead_msdyn_bookingalerts".into());
    bookings.referencing_entity_navigation_property_name =
        Some("regardingobjectid_lead_msdyn_bookingalert".into());
    bookings.is_hierarchical = Some(false);
    bookings.is_customizable = Some(true);
    bookings.cascade_configuration = Some(CascadeConfiguration {
        archive: Some(CascadeType::NoCascade),
        assign: Some(CascadeType::Cascade),
        delete: Some(CascadeType::Cascade),
        merge: Some(CascadeType::NoCascade),
        reparent: Some(CascadeType::Cascade),
        rollup_view: Some(CascadeType::NoCascade),
        share: Some(CascadeType::Cascade),
        unshare: Some(CascadeType::Cascade),
        other: Default::default(),
    });
    bookings.associated_menu_configuration = Some(MenuConfiguration {
        behavior: Some("UseCollectionName".into()),
        group: Some("Details".into()),
        order: Some(10000),
        ..MenuConfiguration::default()
    });
    let mut master = m2o("lead_master_lead", "masterid", "lead", "masterid");
    master.cascade_configuration = Some(CascadeConfiguration {
        delete: Some(CascadeType::RemoveLink),
        ..CascadeConfiguration::default()
    });
    let master_1n = Relationship {
        kind: RelationshipKind::OneToMany,
        ..master.clone()
    };
    let mut contacts = rel("contactleads_association", RelationshipKind::ManyToMany);
    contacts.many_to_many = Some(ManyToMany {
        intersect_entity_name: Some("contactleads".into()),
        sides: vec![
            ManyToManySide {
                ordinal: Some(1),
                entity_logical_name: Some("contact".into()),
                intersect_attribute: Some("contactid".into()),
                navigation_property_name: Some("contactleads_association".into()),
                associated_menu_configuration: Some(MenuConfiguration {
                    behavior: Some("DoNotDisplay".into()),
                    ..MenuConfiguration::default()
                }),
                is_customizable: None,
            },
            ManyToManySide {
                ordinal: Some(2),
                entity_logical_name: Some("lead".into()),
                intersect_attribute: Some("leadid".into()),
                navigation_property_name: Some("contactleads_association".into()),
                associated_menu_configuration: None,
                is_customizable: None,
            },
        ],
    });
    let msg = |name: &str, web: &str| Message {
        name: name.into(),
        is_event: Some(true),
        web_api_operation: Some(web.into()),
        sdk: None,
        provenance: prov("dataverse/lead.md", 30, Product::Dataverse),
    };
    let lead = Table {
        logical_name: "lead".into(),
        schema_name: "Lead".into(),
        display_name: Some("Lead".into()),
        display_collection_name: Some("Leads".into()),
        entity_set_name: Some("leads".into()),
        primary_id_attribute: Some("leadid".into()),
        primary_name_attribute: Some("fullname".into()),
        ownership_type: Some("UserOwned".into()),
        table_type: Some("Standard".into()),
        description: Some("Prospect or potential sales opportunity. Leads are converted into accounts, contacts, or opportunities when they are qualified.".into()),
        messages: vec![
            msg("Update", "PATCH /leads(leadid)"),
            msg("Create", "POST /leads"),
            Message { is_event: Some(false), ..msg("QualifyLead", "QualifyLead") },
        ],
        events: vec![msg("Create", "POST /leads")],
        columns,
        relationships: vec![
            bookings,
            master,
            master_1n,
            m2o("lead_parent_account", "parentaccountid", "account", "parentaccountid"),
            m2o("lead_customer_accounts", "customerid", "account", "customerid_account"),
            m2o("lead_customer_contacts", "customerid", "contact", "customerid_contact"),
            m2o("lead_owning_user", "ownerid", "systemuser", "owninguser"),
            contacts,
        ],
        docs: vec![ConceptualDoc {
            page: "conceptual/leads.md".into(),
            title: Some("Work with leads".into()),
            markdown: "Use the [QualifyLead action](https://learn.microsoft.com/qualifylead) to qualify.".into(),
        }],
        provenance: vec![
            prov("dataverse/lead.md", 1, Product::Dataverse),
            prov("customer-service/lead.md", 1, Product::CustomerService),
        ],
        ..Table::default()
    };
    let mut acc_industry = col(
        "industrycode",
        "IndustryCode",
        "Industry",
        AttributeType::Picklist,
    );
    acc_industry.global_choice_name = Some("industrycode".into());
    acc_industry.options = Some(vec![
        opt(2, "Agriculture and Non-petrol Natural Resource Extraction"),
        opt(3, "Broadcasting Printing and Publishing"),
    ]);
    let account = Table {
        logical_name: "account".into(),
        schema_name: "Account".into(),
        display_name: Some("Account".into()),
        entity_set_name: Some("accounts".into()),
        primary_id_attribute: Some("accountid".into()),
        primary_name_attribute: Some("name".into()),
        columns: vec![
            col(
                "accountid",
                "AccountId",
                "Account",
                AttributeType::Uniqueidentifier,
            ),
            col("name", "Name", "Account Name", AttributeType::String),
            acc_industry,
        ],
        provenance: vec![prov("dataverse/account.md", 1, Product::Dataverse)],
        ..Table::default()
    };
    Model {
        pages: vec![],
        tables: vec![account, lead],
        diagnostics: vec![],
    }
}

const HOSTILE: &[&str] = &[
    "*/ zzhostile",
    "\" zzhostile",
    "} zzhostile",
    "#[zzhostile]",
    "line\nzzhostile",
    "nul\0zzhostile",
    "back\\slash zzhostile",
    "r#\"zzhostile\"#",
    "`zzhostile` ```rust\nfn main() {}\n```",
    "</script><script>zzhostile()</script>",
    "[zzhostile] [link](javascript:zzhostile) <br /> http://x.invalid/zzhostile",
    "    indented zzhostile",
];

/// Keywords, colliding names and hostile text everywhere page text goes.
pub fn hostile_model() -> Model {
    use AttributeType as A;
    let h = |i: usize| HOSTILE[i % HOSTILE.len()].to_string();
    let label_opts = |base: i64| {
        let labels = [
            "*/",
            "\"",
            "}",
            "#[",
            "a\nb",
            "\0",
            "\\",
            "r#\"",
            "`",
            "</script>",
            "Unknown",
            "",
            "---",
            "In Progress",
            "In progress",
            "Livré",
            "日本",
            "Self",
            "type",
            "Option",
        ];
        labels
            .iter()
            .enumerate()
            .map(|(i, l)| OptionValue {
                description: Some(h(i)),
                ..opt(base + i as i64, l)
            })
            .collect::<Vec<_>>()
    };
    let mut cols = Vec::new();
    for (i, (logical, schema)) in [
        ("extra", "Extra"),
        ("self", "Self"),
        ("fn", "Fn"),
        ("type", "Type"),
        ("1st_value", "1st_Value"),
        ("metadata", "Metadata"),
        ("columns", "Columns"),
        ("attributes", "Attributes"),
        ("relationships", "Relationships"),
        ("new_fooBar", "new_fooBar"),
        ("new_foo_bar", "new_foo_bar"),
        ("evil\"}\n#[x]", "Evil\"}"),
        ("", ""),
    ]
    .into_iter()
    .enumerate()
    {
        let mut c = col(logical, schema, &h(i), A::String);
        c.description = Some(h(i + 1));
        c.facets.format = Some(h(i + 2));
        c.added_by = Some(h(i + 3));
        cols.push(c);
    }
    let mut o = col("option", "Option", &h(3), A::Picklist);
    o.options = Some(label_opts(1));
    cols.push(o);
    let mut same = col("opt2", "Option", &h(4), A::Picklist);
    same.options = Some(label_opts(100));
    cols.push(same);
    let mut tbl = col("tablechoice", "Option", &h(5), A::Picklist);
    tbl.schema_name = "Option".into();
    tbl.options = Some(vec![]);
    cols.push(tbl);
    let mut named_like_table = col("r#type", "Option", &h(6), A::MultiSelectPicklist);
    named_like_table.schema_name = "Option".into();
    named_like_table.options = Some(label_opts(1000));
    cols.push(named_like_table);
    let mut g = col("g", "G", &h(7), A::Picklist);
    g.global_choice_name = Some("Result\"}".into());
    g.options = Some(vec![opt(1, "*/"), opt(2, "one")]);
    cols.push(g);
    let mut lk = col("lk", "Lk", &h(8), A::Lookup);
    lk.targets = vec![h(9), "self".into()];
    cols.push(lk);
    let mut st = col("statecode", "StateCode", &h(9), A::State);
    st.options = Some(label_opts(0));
    cols.push(st);
    let mut ss = col("statuscode", "StatusCode", &h(10), A::Status);
    ss.options = Some(
        label_opts(0)
            .into_iter()
            .enumerate()
            .map(|(i, o)| OptionValue {
                state: Some(i as i64 % 3),
                ..o
            })
            .collect(),
    );
    cols.push(ss);
    let mut r1 = rel("self_self", RelationshipKind::OneToMany);
    r1.referenced_entity = Some(h(1));
    r1.cascade_configuration = Some(CascadeConfiguration::default());
    r1.associated_menu_configuration = Some(MenuConfiguration {
        label: Some(h(2)),
        order: Some(i64::MAX),
        ..MenuConfiguration::default()
    });
    let r2 = Relationship {
        kind: RelationshipKind::ManyToOne,
        ..r1.clone()
    };
    let mut r3 = rel(&h(3), RelationshipKind::ManyToMany);
    r3.many_to_many = Some(ManyToMany {
        intersect_entity_name: Some(h(4)),
        sides: vec![ManyToManySide {
            entity_logical_name: Some(h(5)),
            ..ManyToManySide::default()
        }],
    });
    let hostile_table =
        |logical: &str, schema: &str, cols: Vec<Column>, rels: Vec<Relationship>| Table {
            logical_name: logical.into(),
            schema_name: schema.into(),
            display_name: Some(h(0)),
            description: Some(HOSTILE.join("\n")),
            entity_set_name: Some(h(1)),
            primary_id_attribute: Some(h(2)),
            messages: vec![Message {
                name: h(3),
                web_api_operation: Some(h(4)),
                provenance: prov("x.md", 1, Product::Unknown),
                ..Message::default()
            }],
            columns: cols,
            relationships: rels,
            docs: vec![ConceptualDoc {
                page: h(5),
                title: Some(h(6)),
                markdown: HOSTILE.join("\n\n"),
            }],
            provenance: vec![prov(&h(7), 1, Product::Unknown)],
            ..Table::default()
        };
    let mut con_col = col("x", "X", "x", A::Picklist);
    con_col.global_choice_name = Some("result\"}".into());
    con_col.options = Some(vec![opt(1, "different */"), opt(3, "three")]);
    Model {
        pages: vec![],
        tables: vec![
            hostile_table("type", "Option", cols, vec![r1, r2, r3]),
            hostile_table("Type", "Result", vec![], vec![]),
            hostile_table("con", "Con", vec![con_col], vec![]),
            hostile_table("choices", "Choices", vec![], vec![]),
            hostile_table("self", "Self", vec![], vec![]),
            hostile_table("full", "Full", vec![], vec![]),
            hostile_table("evil\"table\n#[x]", "Evil\"}", vec![], vec![]),
        ],
        diagnostics: vec![],
    }
}

fn path_options() -> EmitOptions {
    EmitOptions {
        crate_name: "dvgen-sample".into(),
        runtime: RuntimeDependency::Path("../runtime".into()),
        ..EmitOptions::default()
    }
}

#[test]
fn snapshot_sample_crate() {
    let out = emit_crate(&sample_model(), &path_options());
    assert!(
        out.diagnostics
            .iter()
            .all(|d| d.severity != crate::diagnostics::Severity::Error),
        "{:#?}",
        out.diagnostics
    );
    for (path, text) in &out.files {
        let name = format!("sample__{}", path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, text);
    }
    let diags: Vec<String> = out.diagnostics.iter().map(|d| d.to_string()).collect();
    insta::assert_snapshot!("sample__diagnostics", diags.join("\n"));
}

#[test]
fn snapshot_without_features_or_docs() {
    let options = EmitOptions {
        features: false,
        docs: false,
        runtime_path: "crate::rt".into(),
        ..path_options()
    };
    let out = emit_crate(&sample_model(), &options);
    insta::assert_snapshot!("plain__lib_rs", out.files["src/lib.rs"]);
    insta::assert_snapshot!("plain__cargo_toml", out.files["Cargo.toml"]);
    assert!(out.files["src/account.rs"].contains("impl<'de> crate::rt::serde::Deserialize<'de>"));
    assert!(out.files["src/account.rs"].contains("use crate::rt::metadata::*;"));
    assert!(!out.files["src/lead.rs"].contains("Prospect"));
}

#[test]
fn deterministic_and_order_independent() {
    let model = sample_model();
    let a = emit_crate(&model, &path_options());
    let b = emit_crate(&model, &path_options());
    assert_eq!(a, b);
    let mut shuffled = model.clone();
    shuffled.tables.reverse();
    for t in &mut shuffled.tables {
        t.columns.reverse();
        t.relationships.reverse();
        t.messages.reverse();
    }
    let c = emit_crate(&shuffled, &path_options());
    assert_eq!(a.files, c.files);
    let mut d1 = a.diagnostics.clone();
    let mut d2 = c.diagnostics.clone();
    d1.sort();
    d2.sort();
    assert_eq!(d1, d2);
}

#[test]
fn every_file_starts_with_the_header() {
    let out = emit_crate(&sample_model(), &path_options());
    assert!(out.files.keys().any(|k| k == "src/choices.rs"));
    for (path, text) in &out.files {
        if path.ends_with(".rs") {
            assert!(
                text.starts_with("// @generated by dvgen. Do not edit.\n"),
                "{path}"
            );
            if path != "src/lib.rs" {
                assert!(!text.contains("#!["), "{path} has an inner attribute");
                assert!(!text.contains("//!"), "{path} has inner docs");
            }
        }
    }
}

#[test]
fn sample_facts() {
    let out = emit_crate(&sample_model(), &path_options());
    let lead = &out.files["src/lead.rs"];
    // Read through `PROPERTIES[i]`: the arm for the lookup's wire name fills its field.
    let properties = &lead[lead.find("const PROPERTIES").unwrap()..];
    let properties = &properties[..properties.find("];").unwrap()];
    let index = properties
        .lines()
        .skip(1)
        .position(|l| l.trim() == "\"_parentaccountid_value\",")
        .unwrap();
    assert!(lead.contains(&format!(
        "{index} => ::dvgen_runtime::read_field(&mut self.parentaccountid, map),"
    )));
    // ... and is written under the same index (explicit nulls are kept by index).
    assert!(lead.contains(&format!(
        "put(map, nulls, {index}, \"_parentaccountid_value\", &self.parentaccountid)?;"
    )));
    assert!(lead.contains("pub estimatedclosedate: Option<::dvgen_runtime::Date>"));
    assert!(lead.contains("pub createdon: Option<::dvgen_runtime::DateTime>"));
    assert!(lead.contains("super::choices::Industrycode"));
    assert!(lead.contains("navigation_property: Some(\"customerid_contact\")"));
    assert!(lead.contains("entity_set: Some(\"accounts\")"));
    assert!(lead.contains("LEAD_MASTER_LEAD_MANY_TO_ONE"));
    assert!(lead.contains("pub const fn state(self)"));
    assert!(lead.contains("Added by Dynamics 365 Customer Service."));
    let choices = &out.files["src/choices.rs"];
    assert!(choices.contains("#[cfg(any(feature = \"account\", feature = \"lead\"))]"));
    assert!(choices.contains("Broadcasting"));
}

#[test]
fn global_choice_label_conflict_is_reported() {
    let out = emit_crate(&hostile_model(), &path_options());
    assert!(out
        .diagnostics
        .iter()
        .any(|d| d.code == crate::diagnostics::codes::CHOICE_CONFLICT));
}

/// Walk tokens: every identifier is a plain ASCII or raw identifier and every
/// literal is a string or a number (hostile text can only be inside those).
fn check_tokens(path: &str, stream: proc_macro2::TokenStream) {
    for tt in stream {
        match tt {
            proc_macro2::TokenTree::Group(g) => check_tokens(path, g.stream()),
            proc_macro2::TokenTree::Ident(i) => {
                let s = i.to_string();
                let body = s.strip_prefix("r#").unwrap_or(&s);
                assert!(
                    !body.is_empty()
                        && body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                        && !body.as_bytes()[0].is_ascii_digit(),
                    "{path}: bad ident {s}"
                );
            }
            proc_macro2::TokenTree::Punct(_) => {}
            proc_macro2::TokenTree::Literal(l) => {
                let s = l.to_string();
                assert!(
                    s.starts_with('"') || s.starts_with(|c: char| c.is_ascii_digit() || c == '-'),
                    "{path}: unexpected literal {s}"
                );
            }
        }
    }
}

#[test]
fn hostile_model_is_contained_in_literals() {
    let out = emit_crate(&hostile_model(), &path_options());
    assert!(
        out.diagnostics
            .iter()
            .all(|d| d.severity != crate::diagnostics::Severity::Error),
        "{:#?}",
        out.diagnostics
    );
    assert!(out.files.len() >= 9, "{:?}", out.files.keys());
    for (path, text) in &out.files {
        if !path.ends_with(".rs") {
            continue;
        }
        let file = syn::parse_file(text);
        assert!(file.is_ok(), "{path} does not parse");
        // Parsing generated output (not page text) to inspect it.
        let tokens: proc_macro2::TokenStream = match text.parse() {
            Ok(t) => t,
            Err(e) => panic!("{path}: {e}"),
        };
        check_tokens(path, tokens);
        assert!(!text.contains('\0'), "{path} contains NUL");
        for line in text.lines().map(str::trim).filter(|l| l.starts_with("//")) {
            // Outside code spans, doc text has no raw HTML.
            let outside: String = line.split('`').step_by(2).collect();
            assert!(!outside.contains("<script"), "{path}: raw HTML in {line}");
            assert!(!outside.contains("</script"), "{path}: raw HTML in {line}");
            assert!(!line.contains("```"), "{path}: code fence in {line}");
        }
    }
    let files: Vec<&str> = out.files.keys().map(String::as_str).collect();
    insta::assert_snapshot!("hostile__files", files.join("\n"));
    insta::assert_snapshot!("hostile__cargo_toml", out.files["Cargo.toml"]);
    let diags: Vec<String> = out.diagnostics.iter().map(|d| d.to_string()).collect();
    insta::assert_snapshot!("hostile__diagnostics", diags.join("\n"));
}

#[test]
fn render_reports_bad_tokens_as_an_error() {
    let bad = quote::quote!(pub struct);
    let err = render::render_file("src/bad.rs", bad);
    assert!(matches!(err, Err(d) if d.file == "src/bad.rs" && d.code == "DV0402"));
}

#[test]
fn docs_are_sanitized() {
    let s = docs::sanitize("See https://x.invalid/a. Use [b](https://x.invalid/b) or [c](c.md) [d] <br />x<y> & `e`\0\u{7}");
    assert_eq!(
        s,
        "See <https://x.invalid/a>. Use b (<https://x.invalid/b>) or c \\[d\\]\nx&lt;y&gt; &amp; `e`"
    );
    assert_eq!(
        docs::sanitize("    ```rust\n    code"),
        "\\`\\`\\`rust\ncode"
    );
}

// --- slow: compiles the generated crates with cargo ---------------------------

fn write_crate(dir: &Path, emitted: &Emitted) {
    let _ = std::fs::remove_dir_all(dir);
    for (path, text) in &emitted.files {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        let mut text = text.clone();
        if path == "Cargo.toml" {
            text.push_str("\n[workspace]\n");
        }
        std::fs::write(&p, text).unwrap_or_else(|e| panic!("{e}"));
    }
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    std::fs::copy(lock, dir.join("Cargo.lock")).unwrap_or_else(|e| panic!("{e}"));
}

fn cargo_check(dir: &Path, target: &Path, args: &[&str]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .arg("check")
        .arg("--offline")
        .arg("--quiet")
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "cargo check {args:?} in {} failed:\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// SLOW (about a minute once dependencies are built): `cargo check` of the
/// generated sample and hostile crates, all features and a single feature.
#[test]
fn slow_compile_generated_crates() {
    let root: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/dvgen-emit-tests");
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let runtime = runtime.canonicalize().unwrap_or(runtime);
    let options = EmitOptions {
        crate_name: "dvgen-compile-test".into(),
        runtime: RuntimeDependency::Path(runtime.display().to_string()),
        ..EmitOptions::default()
    };
    let target = root.join("target");
    let sample = root.join("sample");
    write_crate(&sample, &emit_crate(&sample_model(), &options));
    cargo_check(&sample, &target, &["--all-features"]);
    cargo_check(
        &sample,
        &target,
        &["--no-default-features", "--features", "lead"],
    );
    cargo_check(&sample, &target, &["--no-default-features"]);
    let hostile = root.join("hostile");
    let emitted = emit_crate(&hostile_model(), &options);
    write_crate(&hostile, &emitted);
    cargo_check(&hostile, &target, &["--all-features"]);
    cargo_check(
        &hostile,
        &target,
        &["--no-default-features", "--features", "type"],
    );
    let plain = root.join("plain");
    let options = EmitOptions {
        features: false,
        ..options
    };
    write_crate(&plain, &emit_crate(&sample_model(), &options));
    cargo_check(&plain, &target, &[]);
}

#[test]
fn owner_targets_take_the_navigation_property_of_the_owner_relationship() {
    // Pages document owner lookups with one relationship to the abstract
    // `owner` table (`owner_leads`, ReferencingEntityNavigationPropertyName
    // `ownerid`), not one per target.
    let mut model = sample_model();
    let lead = model
        .tables
        .iter_mut()
        .find(|t| t.logical_name == "lead")
        .unwrap();
    lead.relationships
        .retain(|r| r.schema_name != "lead_owning_user");
    lead.relationships
        .push(m2o("owner_leads", "ownerid", "owner", "ownerid"));
    let out = emit_crate(&model, &path_options());
    let lead = &out.files["src/lead.rs"];
    let start = lead.find("pub const OWNERID: ").unwrap();
    let end = start + lead[start..].find("..AttributeMetadata::new").unwrap();
    let owner = &lead[start..end];
    assert!(
        owner.contains("..LookupTarget::new(\"systemuser\")"),
        "{owner}"
    );
    assert_eq!(
        owner
            .matches("navigation_property: Some(\"ownerid\")")
            .count(),
        2,
        "{owner}"
    );
}
