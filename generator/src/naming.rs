//! Every identifier rule dvgen applies, in one place.
//!
//! Page text never becomes code except through this module, which always
//! returns a valid Rust identifier (or a documented fallback) together with the
//! original (wire) name: see [`Name`].
//!
//! Rules, in order of application:
//!
//! 1. **Transliteration**: Latin-1 and Latin Extended-A letters lose their
//!    diacritics (`Livré` → `Livre`, `ß` → `ss`, `Œ` → `OE`); any other
//!    non-ASCII letter or digit becomes the word `U<hex>` (`日` → `U65e5`);
//!    apostrophes are dropped (`Won't` → `Wont`); every other character that
//!    is not ASCII alphanumeric or `_` is a word break.
//! 2. **Casing** with `heck`: types and variants `UpperCamelCase`; fields and
//!    modules `snake_case`; constants `SCREAMING_SNAKE_CASE`. Names that are
//!    already lower-case `[a-z0-9_]` (logical names) keep their spelling
//!    (`address1_line1` stays as is).
//! 3. **Leading digit**: prefix `V` (types, variants, constants) or `v`
//!    (fields, modules): `1day` → `v1day`, `100 %` → `V100`.
//! 4. **Empty** (nothing left): fields `field`, modules `table`, constants
//!    `ITEM`, types `Type`; choice variants `Value<n>` (`Value100000001`,
//!    negative values `ValueMinus1`).
//! 5. **Keywords** (strict, 2018 reserved and 2024 `gen`) become raw
//!    identifiers (`r#type`); `self`, `super`, `crate`, `Self` cannot be raw and
//!    get a `_` suffix (`self_`, `Self_`).
//! 6. **Reserved names** per scope get a kind suffix: a field named `extra`
//!    → `extra_field`; a table struct named like a prelude type (`Option`,
//!    `Result`, `String`, `Box`, `Vec`, ..., which generated code uses
//!    unqualified) → `<Name>Table`; a choice enum named like its table's
//!    struct or a prelude type → `<Name>Choice`; a variant `Unknown` (the catch-all) → `UnknownValue`; a
//!    table module `choices`, `default`, `full` (used by the generated crate
//!    itself) or a Windows device name (`con`, `aux`, `nul`, `prn`, `com1`-`com9`,
//!    `lpt1`-`lpt9`) → `<name>_table`.
//! 7. **Duplicates**: within one scope, names are claimed in a fixed order
//!    (logical name / schema name order, never page order); a later name equal
//!    to an earlier one (case-insensitively for modules, which are also file
//!    and feature names) gets a numeric suffix `_2`, `_3`, ... (`2`, `3`, ...
//!    for UpperCamel). Duplicate choice labels are the exception: *every*
//!    variant sharing a label gets its value as suffix (`InProgress1`,
//!    `InProgress2`), so adding a value never renames an existing one...
//!    except the ones it duplicates. A relationship schema name listed with
//!    two kinds (self-referential relationships) keeps the name for the first
//!    kind (one-to-many, many-to-one, many-to-many) and gets the kind as
//!    suffix for the others (`_MANY_TO_ONE`).
//!
//! Every rename beyond plain casing is reported as a note `DV0401`.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

use crate::config::NameOverrides;
use crate::diagnostics::{codes, Diagnostic};
use crate::model::{Column, Model, Provenance, RelationshipKind, Table};

/// A Rust identifier beside the name it was made from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name {
    /// The identifier as written in code (`r#type` for raw identifiers).
    pub rust: String,
    /// The original (wire / documentation) name.
    pub original: String,
}

impl Name {
    /// The identifier token (raw when needed).
    pub fn ident(&self) -> proc_macro2::Ident {
        let span = proc_macro2::Span::call_site();
        match self.rust.strip_prefix("r#") {
            Some(raw) => proc_macro2::Ident::new_raw(raw, span),
            None => proc_macro2::Ident::new(&self.rust, span),
        }
    }

    /// The identifier without a `r#` prefix (file stems, feature names).
    pub fn plain(&self) -> &str {
        self.rust.strip_prefix("r#").unwrap_or(&self.rust)
    }
}

/// The identifier style of a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    /// Types and variants: `UpperCamelCase`.
    UpperCamel,
    /// Fields: `snake_case`.
    Field,
    /// Modules (also file stems and feature names): `snake_case`.
    Module,
    /// Constants: `SCREAMING_SNAKE_CASE`.
    Const,
}

/// Strict keywords, 2018 reserved keywords and 2024 `gen`: raw identifiers.
pub const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: they get a `_` suffix.
pub const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Prelude names a generated type (table struct, choice enum) must not
/// shadow: generated code uses `Option`, `Some`, `Result`, `String`, ...
/// unqualified.
pub const PRELUDE_TYPES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Struct fields the generator itself emits.
pub const RESERVED_FIELDS: &[&str] = &["extra"];

/// Crate-level names a table module must not take (also cargo feature names).
pub const RESERVED_MODULES: &[&str] = &["choices", "default", "full"];

/// Windows device names, invalid as file stems on Windows.
pub const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The catch-all variant every choice enum has.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// True when `s` is a keyword (any edition) that cannot be a plain identifier.
pub fn is_keyword(s: &str) -> bool {
    RAW_KEYWORDS.contains(&s) || NON_RAW_KEYWORDS.contains(&s)
}

/// Base ASCII spelling of a Latin-1 / Latin Extended-A letter.
fn transliterate(c: char) -> Option<&'static str> {
    const EXT_A: &str = "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi##JjKkkLlLlLlLlLlNnNnNnnNnOoOoOo##RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
    let s = match c {
        'À'..='Å' => "A",
        'Æ' => "AE",
        'Ç' => "C",
        'È'..='Ë' => "E",
        'Ì'..='Ï' => "I",
        'Ð' => "D",
        'Ñ' => "N",
        'Ò'..='Ö' | 'Ø' => "O",
        'Ù'..='Ü' => "U",
        'Ý' => "Y",
        'Þ' => "TH",
        'ß' => "ss",
        'à'..='å' => "a",
        'æ' => "ae",
        'ç' => "c",
        'è'..='ë' => "e",
        'ì'..='ï' => "i",
        'ð' => "d",
        'ñ' => "n",
        'ò'..='ö' | 'ø' => "o",
        'ù'..='ü' => "u",
        'ý' | 'ÿ' => "y",
        'þ' => "th",
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'Œ' => "OE",
        'œ' => "oe",
        '\u{100}'..='\u{17f}' => {
            let i = c as usize - 0x100;
            EXT_A.get(i..i + 1)?
        }
        _ => return None,
    };
    Some(s)
}

/// Rule 1: ASCII words separated by spaces (underscores kept). Returns the
/// text and whether anything other than separators was changed.
pub fn to_ascii_words(s: &str) -> (String, bool) {
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if c == '\'' || c == '\u{2019}' {
            changed = true;
        } else if let Some(t) = transliterate(c) {
            out.push_str(t);
            changed = true;
        } else if !c.is_ascii() && c.is_alphanumeric() {
            out.push_str(&format!(" U{:x} ", c as u32));
            changed = true;
        } else {
            out.push(' ');
        }
    }
    (out, changed)
}

/// Already snake case: lower-case ASCII, digits and single underscores
/// (rustc's `non_snake_case` lint flags `__`, which solution prefixes such as
/// `pre__` carry).
fn is_plain_lower(s: &str) -> bool {
    !s.is_empty()
        && !s.contains("__")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Rules 1-5 without scope: a valid identifier for `s`, or `None` when
/// nothing usable is left (the caller picks the fallback). The flag tells
/// whether a rule beyond casing applied.
pub fn base_ident(s: &str, style: Style) -> Option<(String, bool)> {
    let (words, mut changed) = to_ascii_words(s);
    let trimmed = words.trim();
    let cased = match style {
        Style::UpperCamel => trimmed.to_upper_camel_case(),
        Style::Field | Style::Module => {
            if is_plain_lower(trimmed) {
                trimmed.to_string()
            } else {
                trimmed.to_snake_case()
            }
        }
        Style::Const => {
            if is_plain_lower(trimmed) {
                trimmed.to_ascii_uppercase()
            } else {
                trimmed.to_shouty_snake_case()
            }
        }
    };
    if cased.bytes().all(|b| b == b'_') {
        return None;
    }
    let mut ident = cased;
    if ident.as_bytes()[0].is_ascii_digit() {
        changed = true;
        ident = match style {
            Style::Field | Style::Module => format!("v{ident}"),
            Style::UpperCamel | Style::Const => format!("V{ident}"),
        };
    }
    Some((escape_keyword(&ident, &mut changed), changed))
}

/// Rule 5: keywords become raw identifiers, or get a `_` suffix when they cannot be raw.
pub fn escape_keyword(ident: &str, changed: &mut bool) -> String {
    if RAW_KEYWORDS.contains(&ident) {
        *changed = true;
        format!("r#{ident}")
    } else if NON_RAW_KEYWORDS.contains(&ident) {
        *changed = true;
        format!("{ident}_")
    } else {
        ident.to_string()
    }
}

/// The fallback used when a name has nothing usable left (rule 4).
pub fn fallback(style: Style) -> &'static str {
    match style {
        Style::UpperCamel => "Type",
        Style::Field => "field",
        Style::Module => "table",
        Style::Const => "ITEM",
    }
}

/// A single identifier for `s` in `style`, with no scope (rules 1-5).
pub fn ident(s: &str, style: Style) -> Name {
    let rust = base_ident(s, style)
        .map(|(r, _)| r)
        .unwrap_or_else(|| fallback(style).to_string());
    Name {
        rust,
        original: s.to_string(),
    }
}

fn strip_raw(s: &str) -> &str {
    s.strip_prefix("r#").unwrap_or(s)
}

/// A set of identifiers that must stay distinct (one Rust namespace).
#[derive(Debug, Clone)]
pub struct Scope {
    style: Style,
    case_insensitive: bool,
    taken: BTreeSet<String>,
    reserved: BTreeSet<String>,
    reserved_suffix: &'static str,
}

impl Scope {
    /// An empty scope. Names equal to a reserved name get `reserved_suffix`.
    pub fn new(style: Style, reserved: &[&str], reserved_suffix: &'static str) -> Scope {
        let case_insensitive = style == Style::Module;
        let mut scope = Scope {
            style,
            case_insensitive,
            taken: BTreeSet::new(),
            reserved: BTreeSet::new(),
            reserved_suffix,
        };
        for r in reserved {
            let k = scope.key(r);
            scope.reserved.insert(k);
        }
        scope
    }

    fn key(&self, s: &str) -> String {
        let s = strip_raw(s);
        if self.case_insensitive {
            s.to_ascii_lowercase()
        } else {
            s.to_string()
        }
    }

    fn is_free(&self, s: &str) -> bool {
        let k = self.key(s);
        !self.taken.contains(&k) && !self.reserved.contains(&k)
    }

    /// Mark an identifier as used without claiming through the rules.
    pub fn take(&mut self, s: &str) {
        let k = self.key(s);
        self.taken.insert(k);
    }

    /// Claim an identifier for `original` (rules 1-7). Returns the name and,
    /// when a rule beyond casing applied, the reason.
    pub fn claim(&mut self, original: &str) -> (Name, Option<String>) {
        let (base, mut changed) = match base_ident(original, self.style) {
            Some(x) => x,
            None => (fallback(self.style).to_string(), true),
        };
        changed |= match self.style {
            Style::Field | Style::Module => strip_raw(&base) != original,
            Style::Const => strip_raw(&base) != original.to_ascii_uppercase(),
            Style::UpperCamel => false,
        };
        self.claim_ident(original, base, changed)
    }

    /// Claim the name configuration asks for (`dvgen.yaml` `names:` or a
    /// `--rename-*` flag) for `original`. It still goes through the identifier
    /// rules (keywords, invalid characters, collisions); the reason says so.
    pub fn claim_configured(&mut self, original: &str, wanted: &str) -> (Name, String) {
        let (base, changed) = base_ident(wanted, self.style)
            .unwrap_or_else(|| (fallback(self.style).to_string(), true));
        let changed = changed || strip_raw(&base) != wanted;
        let (name, why) = self.claim_ident(original, base, changed);
        let why = match why {
            None => "set by configuration".to_string(),
            Some(w) => format!("set by configuration as `{wanted}`, then {w}"),
        };
        (name, why)
    }

    /// Claim a precomputed valid identifier `base` (rules 6-7 only).
    pub fn claim_ident(
        &mut self,
        original: &str,
        base: String,
        mut changed: bool,
    ) -> (Name, Option<String>) {
        let mut why: Vec<&str> = Vec::new();
        if changed {
            why.push("not a valid identifier as is");
        }
        let mut candidate = base;
        if self.reserved.contains(&self.key(&candidate)) {
            candidate = format!("{}{}", strip_raw(&candidate), self.reserved_suffix);
            changed = true;
            why.push("reserved name");
        }
        if !self.is_free(&candidate) {
            let stem = strip_raw(&candidate).to_string();
            let sep = if self.style == Style::UpperCamel {
                ""
            } else {
                "_"
            };
            let mut n = 2u32;
            loop {
                let c = format!("{stem}{sep}{n}");
                if self.is_free(&c) {
                    candidate = c;
                    break;
                }
                n += 1;
            }
            changed = true;
            why.push("taken by another name");
        }
        self.take(&candidate);
        let name = Name {
            rust: candidate,
            original: original.to_string(),
        };
        (name, changed.then(|| why.join(", ")))
    }
}

/// Variant names for one choice, in the order of `options` (value, label).
///
/// Returns one name per option and the reasons for renames (index, reason).
pub fn variant_names(options: &[(i64, &str)]) -> (Vec<Name>, Vec<(usize, String)>) {
    variant_names_with(options, &BTreeMap::new())
}

/// [`variant_names`], with variant names set by configuration (by value).
/// Configured names are claimed first, so rule-derived names yield to them.
pub fn variant_names_with(
    options: &[(i64, &str)],
    overrides: &BTreeMap<i64, String>,
) -> (Vec<Name>, Vec<(usize, String)>) {
    let value_word = |v: i64| {
        if v < 0 {
            format!("Minus{}", v.unsigned_abs())
        } else {
            v.to_string()
        }
    };
    // (base identifier, reason when a rule beyond casing applied)
    let mut bases: Vec<(String, Option<&str>)> = options
        .iter()
        .map(|(v, label)| match base_ident(label, Style::UpperCamel) {
            Some((b, c)) => (b, c.then_some("not a valid identifier as is")),
            None => (
                format!("Value{}", value_word(*v)),
                Some("no usable characters"),
            ),
        })
        .collect();
    for (b, c) in bases.iter_mut() {
        if b == UNKNOWN_VARIANT {
            *b = "UnknownValue".to_string();
            *c = Some("`Unknown` is the catch-all variant");
        }
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (b, _) in &bases {
        *counts.entry(strip_raw(b).to_string()).or_default() += 1;
    }
    let mut scope = Scope::new(Style::UpperCamel, &[UNKNOWN_VARIANT], "Value");
    let mut configured: BTreeMap<usize, Name> = BTreeMap::new();
    let mut notes = Vec::new();
    for (i, (v, label)) in options.iter().enumerate() {
        if let Some(wanted) = overrides.get(v) {
            let (name, why) = scope.claim_configured(label, wanted);
            notes.push((i, why));
            configured.insert(i, name);
        }
    }
    let mut names = Vec::with_capacity(options.len());
    for (i, ((v, label), (b, c))) in options.iter().zip(bases).enumerate() {
        if let Some(name) = configured.remove(&i) {
            names.push(name);
            continue;
        }
        let (base, reason) = if counts.get(strip_raw(&b)).copied().unwrap_or(0) > 1 {
            (
                format!("{}{}", strip_raw(&b), value_word(*v)),
                Some("label shared with another value"),
            )
        } else {
            (b, c)
        };
        let (name, why) = scope.claim_ident(label, base, false);
        let why = match (reason, why) {
            (Some(r), Some(w)) => Some(format!("{r}, {w}")),
            (Some(r), None) => Some(r.to_string()),
            (None, w) => w,
        };
        if let Some(w) = why {
            notes.push((i, w));
        }
        names.push(name);
    }
    (names, notes)
}

/// Names of one table's items.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TableNames {
    /// Module (also file stem and cargo feature name).
    pub module: Name,
    /// The entity struct.
    pub struct_name: Name,
    /// Per column logical name: the struct field.
    pub fields: BTreeMap<String, Name>,
    /// Per column logical name: the constant in `attributes` and `columns`.
    pub consts: BTreeMap<String, Name>,
    /// Per column logical name: the local choice enum (choice columns without a global choice).
    pub enums: BTreeMap<String, Name>,
    /// Per (schema name, kind): the constant in `relationships`.
    pub relationships: BTreeMap<(String, RelationshipKind), Name>,
}

impl TableNames {
    /// The cargo feature of this table.
    pub fn feature(&self) -> &str {
        self.module.plain()
    }
}

/// Every identifier of a model, decided in one pass.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    /// Per table logical name.
    pub tables: BTreeMap<String, TableNames>,
    /// Per global choice name (lower-cased key): the enum in `choices`.
    pub global_choices: BTreeMap<String, Name>,
    /// Renames (notes `DV0401`).
    pub diagnostics: Vec<Diagnostic>,
}

/// The fallback variant of the generated `AnyRow` enum: rows of tables not
/// compiled in, or without `@odata.type`.
pub const ANY_ROW_FALLBACK: &str = "Other";

/// The generated `AnyRow` enum's variant per table logical name: the
/// table's struct name, kept distinct from the other variants and from
/// [`ANY_ROW_FALLBACK`] (a table struct named `Other` becomes `OtherTable`).
pub fn any_row_variants(names: &Names) -> BTreeMap<String, Name> {
    let mut scope = Scope::new(Style::UpperCamel, &[ANY_ROW_FALLBACK], "Table");
    names
        .tables
        .iter()
        .map(|(logical, t)| {
            let base = strip_raw(&t.struct_name.rust).to_string();
            (logical.clone(), scope.claim_ident(logical, base, false).0)
        })
        .collect()
}

/// True when a column of this type is emitted with a choice enum.
pub fn uses_enum(t: &crate::model::AttributeType) -> bool {
    use crate::model::AttributeType as A;
    matches!(
        t,
        A::Picklist | A::MultiSelectPicklist | A::State | A::Status
    )
}

fn at(prov: &[Provenance]) -> (String, u32) {
    prov.first()
        .map(|p| (p.page.clone(), p.line))
        .unwrap_or_default()
}

fn note(diags: &mut Vec<Diagnostic>, prov: &[Provenance], what: &str, name: &Name, why: &str) {
    let (file, line) = at(prov);
    diags.push(Diagnostic::note(
        codes::RENAMED,
        &file,
        line,
        format!(
            "{what} `{}` is named `{}` in Rust ({why})",
            name.original.escape_debug(),
            name.rust
        ),
    ));
}

fn kind_suffix(kind: RelationshipKind) -> &'static str {
    match kind {
        RelationshipKind::OneToMany => "_ONE_TO_MANY",
        RelationshipKind::ManyToOne => "_MANY_TO_ONE",
        RelationshipKind::ManyToMany => "_MANY_TO_MANY",
    }
}

/// Tables sorted by logical name (then schema name), the order every pass uses.
pub fn sorted_tables(model: &Model) -> Vec<&Table> {
    let mut tables: Vec<&Table> = model.tables.iter().collect();
    tables
        .sort_by(|a, b| (&a.logical_name, &a.schema_name).cmp(&(&b.logical_name, &b.schema_name)));
    tables.dedup_by(|a, b| a.logical_name == b.logical_name);
    tables
}

/// Decide every identifier of `model` (rules 1-7).
pub fn resolve(model: &Model) -> Names {
    resolve_with(model, &NameOverrides::default())
}

/// [`resolve`], with names set by configuration. A configured name is claimed
/// before the names derived by the rules in its scope, so it always wins a
/// collision; it is still checked against the identifier rules.
pub fn resolve_with(model: &Model, overrides: &NameOverrides) -> Names {
    use rayon::prelude::*;

    let mut names = Names::default();
    let mut diags = Vec::new();
    let mut reserved_modules: Vec<&str> = RESERVED_MODULES.to_vec();
    reserved_modules.extend_from_slice(WINDOWS_RESERVED);
    let mut modules = Scope::new(Style::Module, &reserved_modules, "_table");
    let mut globals = Scope::new(Style::UpperCamel, PRELUDE_TYPES, "Choice");
    let tables = sorted_tables(model);
    // Configured table names first, so derived module names avoid them.
    let mut configured_modules: BTreeMap<String, Name> = BTreeMap::new();
    for table in &tables {
        if let Some(wanted) = overrides.tables.get(&table.logical_name) {
            let module_wanted = heck::ToSnakeCase::to_snake_case(wanted.as_str());
            let (module, why) = modules.claim_configured(&table.logical_name, &module_wanted);
            note(&mut diags, &table.provenance, "table module", &module, &why);
            configured_modules.insert(table.logical_name.clone(), module);
        }
    }
    // The crate-wide scopes (modules, global choices), in table order; then
    // each table's own scopes, in parallel. The notes come out in the order
    // of one pass over the tables.
    let crate_wide: Vec<CrateWide<'_>> = tables
        .iter()
        .map(|table| {
            let mut notes = Vec::new();
            let module = match configured_modules.remove(&table.logical_name) {
                Some(m) => m,
                None => {
                    let (module, why) = modules.claim(&table.logical_name);
                    if let Some(w) = why {
                        note(&mut notes, &table.provenance, "table module", &module, &w);
                    }
                    module
                }
            };
            let mut columns: Vec<&Column> = table.columns.iter().collect();
            columns.sort_by(|a, b| a.logical_name.cmp(&b.logical_name));
            columns.dedup_by(|a, b| a.logical_name == b.logical_name);
            let mut global_notes = BTreeMap::new();
            for (i, col) in columns.iter().enumerate() {
                let Some(g) = col.global_choice_name.as_ref() else {
                    continue;
                };
                if !uses_enum(&col.attribute_type) {
                    continue;
                }
                if let std::collections::btree_map::Entry::Vacant(slot) =
                    names.global_choices.entry(g.to_ascii_lowercase())
                {
                    let (e, why) = globals.claim(g);
                    if let Some(w) = why {
                        let mut one = Vec::new();
                        note(&mut one, &col.provenance, "global choice", &e, &w);
                        global_notes.insert(i, one);
                    }
                    slot.insert(e);
                }
            }
            CrateWide {
                table,
                module,
                notes,
                columns,
                global_notes,
            }
        })
        .collect();
    let per_table: Vec<(String, TableNames, Vec<Diagnostic>)> = crate_wide
        .into_par_iter()
        .map(|c| table_names(c, overrides))
        .collect();
    for (logical, table_names, notes) in per_table {
        diags.extend(notes);
        names.tables.insert(logical, table_names);
    }
    names.diagnostics = diags;
    names
}

/// What the crate-wide pass decided for one table.
struct CrateWide<'a> {
    table: &'a Table,
    module: Name,
    /// Notes so far (the module's).
    notes: Vec<Diagnostic>,
    /// Columns by logical name, one per name.
    columns: Vec<&'a Column>,
    /// The note of a renamed global choice, by index in `columns`.
    global_notes: BTreeMap<usize, Vec<Diagnostic>>,
}

/// The names in one table's own scopes (struct, fields, constants, local
/// choice enums, relationship constants).
fn table_names(
    c: CrateWide<'_>,
    overrides: &NameOverrides,
) -> (String, TableNames, Vec<Diagnostic>) {
    let CrateWide {
        table,
        module,
        notes: mut diags,
        columns,
        mut global_notes,
    } = c;
    let prov = &table.provenance;
    let struct_source = if table.schema_name.is_empty() {
        &table.logical_name
    } else {
        &table.schema_name
    };
    let mut struct_scope = Scope::new(Style::UpperCamel, PRELUDE_TYPES, "Table");
    let (struct_name, why) = match overrides.tables.get(&table.logical_name) {
        Some(wanted) => {
            let (n, why) = struct_scope.claim_configured(struct_source, wanted);
            (n, Some(why))
        }
        None => struct_scope.claim(struct_source),
    };
    if let Some(w) = why {
        note(&mut diags, prov, "table struct", &struct_name, &w);
    }
    let mut fields_scope = Scope::new(Style::Field, RESERVED_FIELDS, "_field");
    let mut consts_scope = Scope::new(Style::Const, &[], "");
    let mut enum_reserved: Vec<&str> = PRELUDE_TYPES.to_vec();
    enum_reserved.push(strip_raw(&struct_name.rust));
    let mut enums_scope = Scope::new(Style::UpperCamel, &enum_reserved, "Choice");
    let mut fields = BTreeMap::new();
    let mut consts = BTreeMap::new();
    let mut enums = BTreeMap::new();
    for col in &columns {
        let key = format!("{}.{}", table.logical_name, col.logical_name);
        if let Some(wanted) = overrides.columns.get(&key) {
            let (f, why) = fields_scope.claim_configured(&col.logical_name, wanted);
            note(&mut diags, &col.provenance, "column field", &f, &why);
            fields.insert(col.logical_name.clone(), f);
        }
    }
    for (i, col) in columns.into_iter().enumerate() {
        let cp = &col.provenance;
        if !fields.contains_key(&col.logical_name) {
            let (f, why) = fields_scope.claim(&col.logical_name);
            if let Some(w) = why {
                note(&mut diags, cp, "column field", &f, &w);
            }
            fields.insert(col.logical_name.clone(), f);
        }
        let (c, why) = consts_scope.claim(&col.logical_name);
        if let Some(w) = why {
            note(&mut diags, cp, "column constant", &c, &w);
        }
        consts.insert(col.logical_name.clone(), c);
        if !uses_enum(&col.attribute_type) {
            continue;
        }
        if col.global_choice_name.is_some() {
            diags.extend(global_notes.remove(&i).unwrap_or_default());
            continue;
        }
        let src = if col.schema_name.is_empty() {
            &col.logical_name
        } else {
            &col.schema_name
        };
        let (e, why) = enums_scope.claim(src);
        if let Some(w) = why {
            note(&mut diags, cp, "choice enum", &e, &w);
        }
        enums.insert(col.logical_name.clone(), e);
    }
    let mut rel_scope = Scope::new(Style::Const, &[], "");
    let mut rels: Vec<_> = table.relationships.iter().collect();
    rels.sort_by(|a, b| (&a.schema_name, a.kind).cmp(&(&b.schema_name, b.kind)));
    rels.dedup_by(|a, b| a.schema_name == b.schema_name && a.kind == b.kind);
    let mut seen_schema: BTreeSet<String> = BTreeSet::new();
    let mut relationships = BTreeMap::new();
    for rel in rels {
        let first = seen_schema.insert(rel.schema_name.clone());
        let (r, why) = if first {
            rel_scope.claim(&rel.schema_name)
        } else {
            let (base, _) = base_ident(&rel.schema_name, Style::Const)
                .unwrap_or_else(|| (fallback(Style::Const).to_string(), true));
            let base = format!("{}{}", strip_raw(&base), kind_suffix(rel.kind));
            let (n, _) = rel_scope.claim_ident(&rel.schema_name, base, true);
            (n, Some("listed with several kinds".to_string()))
        };
        if let Some(w) = why {
            note(&mut diags, &rel.provenance, "relationship constant", &r, &w);
        }
        relationships.insert((rel.schema_name.clone(), rel.kind), r);
    }
    let names = TableNames {
        module,
        struct_name,
        fields,
        consts,
        enums,
        relationships,
    };
    (table.logical_name.clone(), names, diags)
}

#[cfg(test)]
mod tests;
