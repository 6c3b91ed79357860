use super::*;
use crate::model::{AttributeType, Column, Relationship, Table};

fn field(s: &str) -> String {
    ident(s, Style::Field).rust
}
fn ty(s: &str) -> String {
    ident(s, Style::UpperCamel).rust
}
fn konst(s: &str) -> String {
    ident(s, Style::Const).rust
}

// One assertion per keyword.
#[test]
fn raw_keywords() {
    assert_eq!(field("abstract"), "r#abstract");
    assert_eq!(field("as"), "r#as");
    assert_eq!(field("async"), "r#async");
    assert_eq!(field("await"), "r#await");
    assert_eq!(field("become"), "r#become");
    assert_eq!(field("box"), "r#box");
    assert_eq!(field("break"), "r#break");
    assert_eq!(field("const"), "r#const");
    assert_eq!(field("continue"), "r#continue");
    assert_eq!(field("do"), "r#do");
    assert_eq!(field("dyn"), "r#dyn");
    assert_eq!(field("else"), "r#else");
    assert_eq!(field("enum"), "r#enum");
    assert_eq!(field("extern"), "r#extern");
    assert_eq!(field("false"), "r#false");
    assert_eq!(field("final"), "r#final");
    assert_eq!(field("fn"), "r#fn");
    assert_eq!(field("for"), "r#for");
    assert_eq!(field("gen"), "r#gen");
    assert_eq!(field("if"), "r#if");
    assert_eq!(field("impl"), "r#impl");
    assert_eq!(field("in"), "r#in");
    assert_eq!(field("let"), "r#let");
    assert_eq!(field("loop"), "r#loop");
    assert_eq!(field("macro"), "r#macro");
    assert_eq!(field("match"), "r#match");
    assert_eq!(field("mod"), "r#mod");
    assert_eq!(field("move"), "r#move");
    assert_eq!(field("mut"), "r#mut");
    assert_eq!(field("override"), "r#override");
    assert_eq!(field("priv"), "r#priv");
    assert_eq!(field("pub"), "r#pub");
    assert_eq!(field("ref"), "r#ref");
    assert_eq!(field("return"), "r#return");
    assert_eq!(field("static"), "r#static");
    assert_eq!(field("struct"), "r#struct");
    assert_eq!(field("trait"), "r#trait");
    assert_eq!(field("true"), "r#true");
    assert_eq!(field("try"), "r#try");
    assert_eq!(field("type"), "r#type");
    assert_eq!(field("typeof"), "r#typeof");
    assert_eq!(field("unsafe"), "r#unsafe");
    assert_eq!(field("unsized"), "r#unsized");
    assert_eq!(field("use"), "r#use");
    assert_eq!(field("virtual"), "r#virtual");
    assert_eq!(field("where"), "r#where");
    assert_eq!(field("while"), "r#while");
    assert_eq!(field("yield"), "r#yield");
    assert_eq!(RAW_KEYWORDS.len(), 48);
}

#[test]
fn non_raw_keywords() {
    assert_eq!(field("self"), "self_");
    assert_eq!(field("super"), "super_");
    assert_eq!(field("crate"), "crate_");
    assert_eq!(ty("Self"), "Self_");
    assert_eq!(ty("self"), "Self_");
    assert_eq!(field("_"), "field");
    assert_eq!(konst("self"), "SELF");
}

#[test]
fn every_name_is_a_valid_ident() {
    for k in RAW_KEYWORDS.iter().chain(NON_RAW_KEYWORDS) {
        for style in [Style::Field, Style::UpperCamel, Style::Const, Style::Module] {
            let n = ident(k, style);
            assert!(
                syn::parse_str::<syn::Ident>(&n.rust).is_ok(),
                "{k} {style:?} -> {}",
                n.rust
            );
            assert_eq!(n.original, *k);
        }
    }
}

#[test]
fn casing() {
    assert_eq!(field("address1_line1"), "address1_line1");
    assert_eq!(field("msdyn_gdproptout"), "msdyn_gdproptout");
    assert_eq!(field("new_FooBar"), "new_foo_bar");
    assert_eq!(ty("lead"), "Lead");
    assert_eq!(ty("msdyn_BookingAlert"), "MsdynBookingAlert");
    assert_eq!(ty("LeadSourceCode"), "LeadSourceCode");
    assert_eq!(ty("In Progress"), "InProgress");
    assert_eq!(
        konst("lead_msdyn_bookingalerts"),
        "LEAD_MSDYN_BOOKINGALERTS"
    );
    assert_eq!(konst("address1_line1"), "ADDRESS1_LINE1");
}

#[test]
fn leading_digits() {
    assert_eq!(field("1day"), "v1day");
    assert_eq!(ty("100% Complete"), "V100Complete");
    assert_eq!(ty("2nd"), "V2nd");
    assert_eq!(konst("1day"), "V1DAY");
    assert_eq!(ident("3com", Style::Module).rust, "v3com");
}

#[test]
fn non_ascii() {
    assert_eq!(ty("Livré"), "Livre");
    assert_eq!(ty("Objet à livrer"), "ObjetALivrer");
    assert_eq!(ty("Straße"), "Strasse");
    assert_eq!(ty("Œuvre"), "OEuvre");
    assert_eq!(ty("Łódź"), "Lodz");
    assert_eq!(ty("Smørrebrød"), "Smorrebrod");
    assert_eq!(ty("Won't do"), "WontDo");
    assert_eq!(ty("日本"), "U65e5U672c");
    assert_eq!(field("café"), "cafe");
}

#[test]
fn empty_and_punctuation() {
    assert_eq!(ty(""), "Type");
    assert_eq!(ty("---"), "Type");
    assert_eq!(field("!!!"), "field");
    assert_eq!(konst(""), "ITEM");
    assert_eq!(ty("N/A"), "NA");
    assert_eq!(ty("a}b\"c#[d"), "ABCD");
}

fn variants(opts: &[(i64, &str)]) -> Vec<String> {
    variant_names(opts).0.into_iter().map(|n| n.rust).collect()
}

#[test]
fn variant_rules() {
    assert_eq!(
        variants(&[(100000001, ""), (2, "***"), (-1, "")]),
        ["Value100000001", "Value2", "ValueMinus1"]
    );
    assert_eq!(
        variants(&[(1, "In Progress"), (2, "In progress"), (3, "Done")]),
        ["InProgress1", "InProgress2", "Done"]
    );
    assert_eq!(
        variants(&[(1, "Unknown"), (2, "Self")]),
        ["UnknownValue", "Self_"]
    );
    assert_eq!(variants(&[(1, "type"), (2, "Type")]), ["Type1", "Type2"]);
    assert_eq!(variants(&[(1, "Option")]), ["Option"]);
    // A label equal to another's value suffix form still ends up unique.
    assert_eq!(
        variants(&[(1, "A"), (2, "A"), (3, "A1")]),
        ["A1", "A2", "A12"]
    );
    let (_, notes) = variant_names(&[(1, "Open"), (2, "Livré")]);
    assert_eq!(notes.len(), 1);
}

#[test]
fn scope_rules() {
    let mut s = Scope::new(Style::Field, RESERVED_FIELDS, "_field");
    assert_eq!(s.claim("extra").0.rust, "extra_field");
    assert_eq!(s.claim("new_fooBar").0.rust, "new_foo_bar");
    assert_eq!(s.claim("new_foo_bar").0.rust, "new_foo_bar_2");
    assert_eq!(s.claim("subject").1, None);

    let mut m = Scope::new(Style::Module, &["choices", "con", "nul"], "_table");
    assert_eq!(m.claim("con").0.rust, "con_table");
    assert_eq!(m.claim("NUL").0.rust, "nul_table");
    assert_eq!(m.claim("choices").0.rust, "choices_table");
    assert_eq!(m.claim("lead").0.rust, "lead");
    assert_eq!(m.claim("Lead").0.rust, "lead_2");

    let mut e = Scope::new(Style::UpperCamel, &["Option", "Lead"], "Choice");
    assert_eq!(e.claim("Option").0.rust, "OptionChoice");
    assert_eq!(e.claim("lead").0.rust, "LeadChoice");
    assert_eq!(e.claim("new_Foo").0.rust, "NewFoo");
    assert_eq!(e.claim("new_foo").0.rust, "NewFoo2");
}

fn col(logical: &str, schema: &str, t: AttributeType) -> Column {
    Column {
        logical_name: logical.into(),
        schema_name: schema.into(),
        attribute_type: t,
        ..Column::default()
    }
}

fn table(logical: &str, schema: &str, columns: Vec<Column>) -> Table {
    Table {
        logical_name: logical.into(),
        schema_name: schema.into(),
        columns,
        ..Table::default()
    }
}

#[test]
fn resolve_collisions() {
    let mut opt = col("option", "Option", AttributeType::Picklist);
    opt.options = Some(vec![]);
    let mut g1 = col("g", "G", AttributeType::Picklist);
    g1.global_choice_name = Some("Result".into());
    let model = Model {
        tables: vec![
            table(
                "lead",
                "Lead",
                vec![
                    col("extra", "Extra", AttributeType::String),
                    col("lead", "Lead", AttributeType::Picklist),
                    opt,
                    g1,
                    col("new_fooBar", "new_fooBar", AttributeType::String),
                    col("new_foo_bar", "new_foo_bar", AttributeType::String),
                ],
            ),
            table("con", "Con", vec![]),
            table("Lead", "Lead2", vec![]),
            table("self", "Self", vec![]),
            table("choices", "Choices", vec![]),
            table("full", "Full", vec![]),
            table("default", "Default", vec![]),
        ],
        ..Model::default()
    };
    let names = resolve(&model);
    let lead = &names.tables["lead"];
    assert_eq!(lead.module.rust, "lead_2", "`Lead` sorts before `lead`");
    assert_eq!(names.tables["Lead"].module.rust, "lead");
    assert_eq!(lead.fields["extra"].rust, "extra_field");
    assert_eq!(lead.enums["lead"].rust, "LeadChoice");
    assert_eq!(lead.enums["option"].rust, "OptionChoice");
    assert_eq!(names.global_choices["result"].rust, "ResultChoice");
    assert_eq!(lead.fields["new_fooBar"].rust, "new_foo_bar");
    assert_eq!(lead.fields["new_foo_bar"].rust, "new_foo_bar_2");
    assert_eq!(lead.consts["new_fooBar"].rust, "NEW_FOO_BAR");
    assert_eq!(lead.consts["new_foo_bar"].rust, "NEW_FOO_BAR_2");
    assert_eq!(names.tables["con"].module.rust, "con_table");
    assert_eq!(names.tables["self"].module.rust, "self_");
    assert_eq!(names.tables["self"].struct_name.rust, "Self_");
    assert_eq!(names.tables["choices"].module.rust, "choices_table");
    assert_eq!(names.tables["full"].module.rust, "full_table");
    assert_eq!(names.tables["default"].feature(), "default_table");
    assert!(names
        .diagnostics
        .iter()
        .all(|d| d.code == "DV0401" && d.severity == crate::diagnostics::Severity::Note));
    assert!(names.diagnostics.len() >= 10, "{:#?}", names.diagnostics);
}

#[test]
fn relationship_kinds_with_one_schema_name() {
    let mut t = table("account", "Account", vec![]);
    for kind in [RelationshipKind::ManyToOne, RelationshipKind::OneToMany] {
        t.relationships.push(Relationship {
            schema_name: "account_parent_account".into(),
            kind,
            ..Relationship::default()
        });
    }
    let model = Model {
        tables: vec![t],
        ..Model::default()
    };
    let names = resolve(&model);
    let r = &names.tables["account"].relationships;
    assert_eq!(
        r[&(
            "account_parent_account".to_string(),
            RelationshipKind::OneToMany
        )]
            .rust,
        "ACCOUNT_PARENT_ACCOUNT"
    );
    assert_eq!(
        r[&(
            "account_parent_account".to_string(),
            RelationshipKind::ManyToOne
        )]
            .rust,
        "ACCOUNT_PARENT_ACCOUNT_MANY_TO_ONE"
    );
}

#[test]
fn transliteration_table_covers_latin_extended_a() {
    for c in '\u{100}'..='\u{17f}' {
        let (w, _) = to_ascii_words(&c.to_string());
        assert!(
            !w.trim().is_empty() && w.trim().bytes().all(|b| b.is_ascii_alphabetic()),
            "{c:?} -> {w:?}"
        );
    }
    assert_eq!(to_ascii_words("Ā").0, "A");
    assert_eq!(to_ascii_words("ſ").0, "s");
    assert_eq!(to_ascii_words("Ž").0, "Z");
}

#[test]
fn any_row_variants_avoid_the_fallback_and_each_other() {
    let table = |logical: &str, schema: &str| crate::model::Table {
        logical_name: logical.into(),
        schema_name: schema.into(),
        ..Default::default()
    };
    let model = Model {
        tables: vec![
            table("lead", "Lead"),
            table("new_other", "Other"),
            table("other", "other"),
        ],
        ..Default::default()
    };
    let names = resolve(&model);
    let v = any_row_variants(&names);
    assert_eq!(v["lead"].rust, "Lead");
    let mut all: Vec<&str> = v.values().map(|n| n.rust.as_str()).collect();
    assert!(!all.contains(&ANY_ROW_FALLBACK), "{all:?}");
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), 3, "{all:?}");
}
