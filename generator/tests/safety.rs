//! Code and path safety: hostile text in any slot of a page cannot change the
//! meaning of the generated code, and hostile table names cannot write outside
//! the output folder or clobber each other.

use std::collections::BTreeSet;
use std::str::FromStr;

use dvgen::diagnostics::codes;
use dvgen::emit::EmitOptions;
use dvgen::generate::{generate_from_pages, Generated};
use dvgen::model::Severity;
use dvgen::sources::markdown::parse_page;
use proc_macro2::{Delimiter, TokenStream, TokenTree};

const TEMPLATE: &str = r#"---
title: "{DISPLAY} table/entity reference (Microsoft Dataverse)"
ms.topic: generated-reference
ms.date: 01/02/2024
---

# {DISPLAY} ({SCHEMA}) table/entity reference (Microsoft Dataverse)

{DESC}

## Messages

| Name <br />Is Event? |Web API Operation |SDK for .NET |
| ---- | ----- |----- |
| `Create`<br />Event: True |`POST` /{DESC} |{DESC}|

## Properties

|Property|Value|
| --- | --- |
| **DisplayName** | **{DISPLAY}** |
| **SchemaName** | `{SCHEMA}` |
| **EntitySetName** | `{LOGICAL}s`|
| **LogicalName** | `{LOGICAL}` |
| **PrimaryIdAttribute** | `{LOGICAL}id` |
| **TableType** | `Standard` |
| **OwnershipType** | `UserOwned` |

## Writable columns/attributes

### <a name="BKMK_{COL}"></a> {COL}

|Property|Value|
|---|---|
|Description|**{DESC}**|
|DisplayName|**{DISPLAY}**|
|LogicalName|`{COLLOGICAL}`|
|RequiredLevel|None|
|Type|Picklist|

#### {COL} Choices/Options

|Value|Label|
|---|---|
|1|**{LABEL}**|
|2|**Other**|

### <a name="BKMK_Regarding"></a> Regarding

|Property|Value|
|---|---|
|Description|**{DESC}**|
|LogicalName|`regarding`|
|Type|Lookup|
|Targets|{TARGETS}|

## Many-to-One relationships

### <a name="BKMK_{REL}"></a> {REL}

|Property|Value|
|---|---|
|ReferencedEntity|`account`|
|ReferencedAttribute|`accountid`|
|ReferencingAttribute|`regarding`|
|ReferencingEntityNavigationPropertyName|`{REL}`|
|CascadeConfiguration|Assign: `Cascade`|
"#;

const BENIGN: &[(&str, &str)] = &[
    ("{DISPLAY}", "Widget"),
    ("{SCHEMA}", "Widget"),
    ("{LOGICAL}", "widget"),
    ("{DESC}", "A plain description."),
    ("{COL}", "Color"),
    ("{COLLOGICAL}", "color"),
    ("{LABEL}", "Red"),
    ("{TARGETS}", "account, contact"),
    ("{REL}", "widget_regarding_account"),
];

/// Text that only ever lands in literals (docs, labels, messages).
const TEXT_SLOTS: &[&str] = &["{DISPLAY}", "{DESC}"];
/// Text that becomes identifiers after sanitising.
const NAME_SLOTS: &[&str] = &[
    "{SCHEMA}",
    "{LOGICAL}",
    "{COL}",
    "{COLLOGICAL}",
    "{LABEL}",
    "{REL}",
];

/// Hostile values without `|` or newlines (those change the table structure itself).
const HOSTILE: &[&str] = &[
    "*/ \"} #[cfg(any())] fn x() {",
    "\"); std::process::exit(1); (\"",
    "r#\"raw\"# \\ \\\\ `tick`",
    "</script><!-- x -->",
    "\u{202e}evil\u{202c} 𝕏 Livré à l'été",
    "/* unclosed",
    "//! inner doc",
    "#![no_std]",
    "{} {0} ${x}",
    "self",
    "Self",
    "crate",
    "type",
    "r#type",
    "1st",
    "_",
    "con",
    "../x",
    "a b",
    "\u{0}nul\u{7}",
];

fn page(values: &[(&str, &str)]) -> String {
    let mut s = TEMPLATE.to_string();
    for (k, v) in BENIGN {
        let v = values
            .iter()
            .find(|(k2, _)| k2 == k)
            .map(|(_, v)| *v)
            .unwrap_or(v);
        s = s.replace(k, v);
    }
    s
}

fn generate(pages: &[(&str, String)]) -> Generated {
    let parsed = pages
        .iter()
        .map(|(p, t)| parse_page(p, t.as_bytes()))
        .collect();
    generate_from_pages(parsed, &EmitOptions::default())
}

/// The token shape of a file: identifiers kept or replaced by `I`, literals by `L`.
fn shape(ts: TokenStream, keep_idents: bool, out: &mut Vec<String>) {
    for tt in ts {
        match tt {
            TokenTree::Group(g) => {
                let (o, c) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("<none>", "</none>"),
                };
                out.push(o.to_string());
                shape(g.stream(), keep_idents, out);
                out.push(c.to_string());
            }
            TokenTree::Ident(i) if keep_idents => out.push(i.to_string()),
            TokenTree::Ident(_) => out.push("I".to_string()),
            TokenTree::Punct(p) => out.push(p.as_char().to_string()),
            TokenTree::Literal(_) => out.push("L".to_string()),
        }
    }
}

/// Every `.rs` file: parses with syn; its shape.
/// Rust keywords stay verbatim in a name-insensitive shape (a raw identifier
/// such as `r#type` is a name, not a keyword).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while",
];

/// Names replaced by `I` (keywords kept), `#[serde(...)]` and `#[doc...]`
/// attributes removed: a renamed identifier gets `rename` / `alias` attributes
/// (string literals), which is not a change of meaning.
fn name_insensitive(shape: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(shape.len());
    let mut i = 0;
    while i < shape.len() {
        if shape[i] == "#"
            && shape.get(i + 1).map(String::as_str) == Some("[")
            && matches!(shape.get(i + 2).map(String::as_str), Some("serde" | "doc"))
        {
            let mut depth = 0;
            i += 1;
            while i < shape.len() {
                match shape[i].as_str() {
                    "[" | "(" | "{" => depth += 1,
                    "]" | ")" | "}" => depth -= 1,
                    _ => {}
                }
                i += 1;
                if depth == 0 {
                    break;
                }
            }
            continue;
        }
        let t = &shape[i];
        let is_ident = t
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
            && t != "L";
        if is_ident && !KEYWORDS.contains(&t.as_str()) {
            out.push("I".to_string());
        } else {
            out.push(t.clone());
        }
        i += 1;
    }
    out
}

fn shapes(g: &Generated, keep_idents: bool) -> Vec<(String, Vec<String>)> {
    assert!(
        !g.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error && d.code == codes::EMIT_BUG),
        "emit bug: {:?}",
        g.diagnostics
    );
    let mut out: Vec<(String, Vec<String>)> = g
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".rs"))
        .map(|(p, text)| {
            syn::parse_file(text).unwrap_or_else(|e| panic!("{p} does not parse: {e}"));
            let ts = TokenStream::from_str(text).unwrap_or_else(|e| panic!("{p}: {e}"));
            let mut out = Vec::new();
            shape(ts, true, &mut out);
            // prettyplease adds a trailing comma when it breaks a long line.
            let mut norm: Vec<String> = Vec::with_capacity(out.len());
            for (i, t) in out.iter().enumerate() {
                let next = out.get(i + 1).map(String::as_str);
                if t == "," && matches!(next, Some(")" | "]" | "}" | ">")) {
                    continue;
                }
                norm.push(t.clone());
            }
            if !keep_idents {
                norm = name_insensitive(&norm);
            }
            let p = if keep_idents || p == "src/lib.rs" || p == "src/choices.rs" {
                p.clone()
            } else {
                // A table module is named after the (sanitised) table.
                "src/<table>.rs".to_string()
            };
            (p, norm)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn hostile_text_slots_only_change_literals() {
    let benign = shapes(&generate(&[("p/widget.md", page(&[]))]), true);
    let mut cases = 0;
    for slot in TEXT_SLOTS {
        for h in HOSTILE {
            let g = generate(&[("p/widget.md", page(&[(slot, h)]))]);
            // Same files, same identifiers, same punctuation: only literals differ.
            assert_eq!(shapes(&g, true), benign, "{slot} = {h:?}");
            cases += 1;
        }
    }
    println!("{cases} hostile text cases");
}

/// Kinds of the items of every `.rs` file, recursively (names left out):
/// `struct`, `enum(3 variants)`, `impl Entity`, `const`, `mod { … }`.
fn item_kinds(g: &Generated) -> Vec<(String, Vec<String>)> {
    fn kinds(items: &[syn::Item], out: &mut Vec<String>) {
        for item in items {
            out.push(match item {
                syn::Item::Struct(s) => format!("struct({} fields)", s.fields.len()),
                syn::Item::Enum(e) => format!("enum({} variants)", e.variants.len()),
                syn::Item::Const(_) => "const".to_string(),
                syn::Item::Static(_) => "static".to_string(),
                syn::Item::Fn(_) => "fn".to_string(),
                syn::Item::Use(_) => "use".to_string(),
                syn::Item::Mod(m) => {
                    let mut inner = Vec::new();
                    if let Some((_, items)) = &m.content {
                        kinds(items, &mut inner);
                    }
                    format!("mod {{ {} }}", inner.join(", "))
                }
                syn::Item::Impl(i) => {
                    let tr = i
                        .trait_
                        .as_ref()
                        .and_then(|(_, p, _)| p.segments.last().map(|s| s.ident.to_string()));
                    format!("impl {} ({} items)", tr.unwrap_or_default(), i.items.len())
                }
                _ => "other".to_string(),
            });
        }
    }
    let mut out: Vec<(String, Vec<String>)> = g
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".rs"))
        .map(|(p, text)| {
            let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{p}: {e}"));
            let mut k = Vec::new();
            kinds(&file.items, &mut k);
            let p = if p == "src/lib.rs" || p == "src/choices.rs" {
                p.clone()
            } else {
                "src/<table>.rs".to_string()
            };
            (p, k)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn hostile_name_slots_keep_the_items() {
    let benign = item_kinds(&generate(&[("p/widget.md", page(&[]))]));
    let mut cases = 0;
    for slot in NAME_SLOTS {
        for h in HOSTILE {
            let g = generate(&[("p/widget.md", page(&[(slot, h)]))]);
            // Every file parses, no emit bug; identifiers may be renamed
            // (sanitised) and paths may be qualified, but the same items
            // exist, with the same number of fields, variants and members.
            shapes(&g, false);
            assert_eq!(item_kinds(&g), benign, "{slot} = {h:?}");
            cases += 1;
        }
    }
    println!("{cases} hostile name cases");
}

#[test]
fn hostile_targets_keep_the_code_shape() {
    // Targets may name generated items (lookup target variants); with the
    // same number of targets the code has the same shape.
    let benign = shapes(&generate(&[("p/widget.md", page(&[]))]), false);
    // `account` stays first: the relationship on the page names it.
    for t in [
        "account, ../etc/passwd",
        "account, \"quote\"",
        "account, */ fn x() {",
        "account, 𝕏",
        "account, self",
        "account, r#\"raw\"# #[cfg(any())]",
    ] {
        let g = generate(&[("p/widget.md", page(&[("{TARGETS}", t)]))]);
        let got = shapes(&g, false);
        for ((p, a), (_, b)) in got.iter().zip(&benign) {
            let at = a.iter().zip(b).position(|(x, y)| x != y);
            assert!(
                a == b,
                "Targets = {t:?}: {p} differs at {at:?}: {:?} vs {:?}",
                at.and_then(|i| a.get(i.saturating_sub(8)..i + 8)),
                at.and_then(|i| b.get(i.saturating_sub(8)..i + 8))
            );
        }
        assert_eq!(got.len(), benign.len());
    }
}

/// `kind path::name` of every item in `items`, recursively (struct fields and
/// enum variants as `path::Type.field`).
fn named_items(items: &[syn::Item], prefix: &str, out: &mut Vec<String>) {
    let last = |p: &syn::Path| {
        p.segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default()
    };
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                out.push(format!("struct {prefix}{}", s.ident));
                for f in &s.fields {
                    if let Some(ident) = &f.ident {
                        out.push(format!("field {prefix}{}.{ident}", s.ident));
                    }
                }
            }
            syn::Item::Enum(e) => {
                out.push(format!("enum {prefix}{}", e.ident));
                for v in &e.variants {
                    out.push(format!("variant {prefix}{}::{}", e.ident, v.ident));
                }
            }
            syn::Item::Const(c) => out.push(format!("const {prefix}{}", c.ident)),
            syn::Item::Static(s) => out.push(format!("static {prefix}{}", s.ident)),
            syn::Item::Fn(f) => out.push(format!("fn {prefix}{}", f.sig.ident)),
            syn::Item::Mod(m) => {
                out.push(format!("mod {prefix}{}", m.ident));
                if let Some((_, inner)) = &m.content {
                    named_items(inner, &format!("{prefix}{}::", m.ident), out);
                }
            }
            syn::Item::Impl(i) => {
                let tr = i
                    .trait_
                    .as_ref()
                    .map(|(_, p, _)| last(p))
                    .unwrap_or_default();
                let ty = match &*i.self_ty {
                    syn::Type::Path(p) => last(&p.path),
                    _ => "?".to_string(),
                };
                out.push(format!("impl {tr} for {prefix}{ty}"));
            }
            syn::Item::Use(_) => out.push(format!("use in {prefix}")),
            syn::Item::Macro(m) => out.push(format!("macro {prefix}{}!", last(&m.mac.path))),
            _ => out.push(format!("other in {prefix}")),
        }
    }
}

/// The page `tests/hostile/hostile.md`: the items and identifiers of the
/// generated files are exactly the expected sanitised ones (the snapshot
/// `snapshots/safety__hostile_page_names.snap`).
#[test]
fn hostile_page_items_are_the_sanitised_ones() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("tests/hostile/hostile.md")).unwrap();
    let g = generate(&[("tests/hostile/hostile.md", text)]);
    let files: Vec<&str> = g.files.keys().map(String::as_str).collect();
    assert_eq!(
        files,
        [
            "Cargo.toml",
            "rustfmt.toml",
            "src/choices.rs",
            "src/lib.rs",
            "src/type.rs"
        ]
    );
    shapes(&g, true);
    // Every named item of every file (fields and variants included): the
    // expected list is the snapshot `safety__hostile_page_names.snap`.
    let mut items = BTreeSet::new();
    let mut listing = String::new();
    for (path, text) in g.files.iter().filter(|(p, _)| p.ends_with(".rs")) {
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut names = Vec::new();
        named_items(&file.items, "", &mut names);
        for name in names {
            listing.push_str(&format!("{path}: {name}\n"));
            items.insert(name);
        }
    }
    insta::assert_snapshot!("hostile_page_names", listing);
    // No item may be named after hostile text, and the injected `fn x`,
    // `main` or `exit` never appear as items or identifiers.
    for forbidden in ["fn x", "fn main", "exit", "panic"] {
        assert!(
            !items.iter().any(|i| i.contains(forbidden)),
            "{forbidden} in {items:?}"
        );
    }
    let mut idents = Vec::new();
    for (_, text) in g.files.iter().filter(|(p, _)| p.ends_with(".rs")) {
        let ts = TokenStream::from_str(text).unwrap();
        shape(ts, true, &mut idents);
    }
    for bad in ["exit", "process", "panic", "x", "main", "script"] {
        assert!(
            !idents.iter().any(|i| i == bad),
            "identifier `{bad}` was injected"
        );
    }
}

#[test]
fn hostile_table_names_stay_inside_the_output_folder() {
    let names = [
        "../x", "con", "aux", "nul", "com1", "Mixed", "mixed", "a/b", "c:\\x", "..", ".hidden",
        "prn.rs",
    ];
    let pages: Vec<(String, String)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            (
                format!("p/page{i}.md"),
                page(&[("{LOGICAL}", n), ("{SCHEMA}", n)]),
            )
        })
        .collect();
    let refs: Vec<(&str, String)> = pages.iter().map(|(p, t)| (p.as_str(), t.clone())).collect();
    let g = generate(&refs);
    shapes(&g, false);
    let tables = g.model.tables.len();
    assert_eq!(tables, names.len(), "every name is its own table");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("out");
    dvgen::write::write_files(&out, &g.files, dvgen::write::WriteOptions::default())
        .unwrap_or_else(|e| panic!("write failed: {e}"));
    let root = dir.path().canonicalize().unwrap_or_else(|e| panic!("{e}"));
    // Walk everything under the temp dir: all files are inside out/.
    let mut written = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path().canonicalize().unwrap_or_else(|e| panic!("{e}"));
            assert!(
                p.starts_with(root.join("out")),
                "{} is outside",
                p.display()
            );
            if p.is_dir() {
                stack.push(p);
            } else {
                written.push(
                    p.strip_prefix(root.join("out"))
                        .map(|p| p.to_string_lossy().replace('\\', "/"))
                        .unwrap_or_default(),
                );
            }
        }
    }
    written.sort();
    let modules: Vec<&String> = written
        .iter()
        .filter(|p| {
            p.starts_with("src/")
                && p.ends_with(".rs")
                && *p != "src/lib.rs"
                && *p != "src/choices.rs"
        })
        .collect();
    assert_eq!(modules.len(), tables, "one file per table: {written:?}");
    let lower: BTreeSet<String> = written.iter().map(|p| p.to_ascii_lowercase()).collect();
    assert_eq!(
        lower.len(),
        written.len(),
        "case-insensitive clash: {written:?}"
    );
    for m in &modules {
        let stem = m.trim_start_matches("src/").trim_end_matches(".rs");
        assert!(
            !dvgen::naming::WINDOWS_RESERVED.contains(&stem.to_ascii_lowercase().as_str()),
            "{m}"
        );
        assert!(
            stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "{m}"
        );
    }
    println!("{written:#?}");
}
