//! Walking the parsed JSON: typed getters that account for every property.
//!
//! Each object is read through an [`Obj`]: every property it hands out is
//! counted `used`; [`Obj::finish`] counts the rest `ignored` (annotations
//! such as `@odata.type` and the properties a reader lists as ignored on
//! purpose, with everything under them) or `unknown` (with everything under
//! them, and a warning naming the file, line and JSON path). So every property
//! of a file ends up in exactly one of the three counts.

use std::collections::BTreeMap;

use jsonc_parser::ast::{Array, Object, Value};
use jsonc_parser::common::Ranged;

use super::text::LineIndex;
use crate::diagnostics::{codes, Diagnostic, Severity};
use crate::model::{Product, Provenance, SourceRef};
use crate::sources::markdown::CoverageCounts;

/// Reading state of one file.
pub(super) struct Ctx<'c> {
    /// The file's display path.
    pub path: &'c str,
    lines: &'c LineIndex,
    /// The language code labels are taken in.
    pub language: i64,
    /// Diagnostics so far.
    pub diags: Vec<Diagnostic>,
    /// Property counts so far.
    pub counts: CoverageCounts,
    /// Unknown properties: line and JSON path.
    pub unknown: Vec<(u32, String)>,
    /// (object kind, property) -> (index of its diagnostic, further occurrences).
    reported: BTreeMap<(String, String), (usize, usize)>,
}

/// What became of a property.
#[derive(Clone, Copy)]
pub(super) enum Use {
    Used,
    Ignored,
    Unknown,
}

/// Number of properties in `v` and below (iterative: depth is bounded only by the parser).
pub(super) fn props_below(v: &Value<'_>) -> usize {
    let mut n = 0;
    let mut todo = vec![v];
    while let Some(v) = todo.pop() {
        match v {
            Value::Object(o) => {
                n += o.properties.len();
                todo.extend(o.properties.iter().map(|p| &p.value));
            }
            Value::Array(a) => todo.extend(a.elements.iter()),
            _ => {}
        }
    }
    n
}

impl<'c> Ctx<'c> {
    pub(super) fn new(path: &'c str, lines: &'c LineIndex, language: i64) -> Self {
        Ctx {
            path,
            lines,
            language,
            diags: Vec::new(),
            counts: CoverageCounts::default(),
            unknown: Vec::new(),
            reported: BTreeMap::new(),
        }
    }

    /// 1-based line where `v` starts.
    pub(super) fn line(&self, v: &impl Ranged) -> u32 {
        self.lines.line(v.range().start)
    }

    /// Count `n` properties.
    pub(super) fn tally(&mut self, what: Use, n: usize) {
        let slot = match what {
            Use::Used => &mut self.counts.used,
            Use::Ignored => &mut self.counts.ignored,
            Use::Unknown => &mut self.counts.unknown,
        };
        *slot += n;
        self.counts.lines += n;
    }

    /// Count everything below `v` (not `v`'s own property).
    pub(super) fn tally_below(&mut self, what: Use, v: &Value<'_>) {
        let n = props_below(v);
        self.tally(what, n);
    }

    /// Provenance of a fact read at `line`, JSON path `json_path`.
    pub(super) fn provenance(&self, line: u32, json_path: &str) -> Provenance {
        Provenance {
            page: self.path.to_string(),
            line,
            product: Product::Project,
            source: Some(SourceRef {
                json_path: Some(json_path.to_string()),
                ..SourceRef::default()
            }),
        }
    }

    /// A diagnostic at `line`.
    pub(super) fn diag(&mut self, severity: Severity, code: &str, line: u32, message: String) {
        self.diags
            .push(Diagnostic::new(severity, code, self.path, line, 1, message));
    }

    /// An unknown property: counted with everything below it, listed, and
    /// reported once per object kind and name (later ones are summed up).
    fn unknown_property(&mut self, kind: &str, name: &str, line: u32, path: String, v: &Value<'_>) {
        self.tally(Use::Unknown, 1);
        self.tally_below(Use::Unknown, v);
        self.unknown.push((line, path.clone()));
        let key = (kind.to_string(), name.to_string());
        if let Some((_, more)) = self.reported.get_mut(&key) {
            *more += 1;
            return;
        }
        self.reported.insert(key, (self.diags.len(), 0));
        self.diag(
            Severity::Warning,
            codes::UNKNOWN_JSON_PROPERTY,
            line,
            format!("unknown {kind} property `{name}` at {path}: not in the output"),
        );
    }

    /// Append "(and N more ...)" to the aggregated unknown-property warnings.
    pub(super) fn finish(mut self) -> (Vec<Diagnostic>, CoverageCounts, Vec<(u32, String)>) {
        for (_, (idx, more)) in std::mem::take(&mut self.reported) {
            if more > 0 {
                if let Some(d) = self.diags.get_mut(idx) {
                    d.message
                        .push_str(&format!(" (and {more} more in this file)"));
                }
            }
        }
        (self.diags, self.counts, self.unknown)
    }
}

/// One JSON object being read.
pub(super) struct Obj<'a, 't> {
    o: &'a Object<'t>,
    /// JSON path of the object (`$.value[0]`).
    pub path: String,
    taken: Vec<bool>,
}

fn kind_name(v: &Value<'_>) -> &'static str {
    match v {
        Value::StringLit(_) => "a string",
        Value::NumberLit(_) => "a number",
        Value::BooleanLit(_) => "a boolean",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::NullKeyword(_) => "null",
    }
}

impl<'a, 't> Obj<'a, 't> {
    pub(super) fn new(o: &'a Object<'t>, path: String) -> Self {
        Obj {
            o,
            path,
            taken: vec![false; o.properties.len()],
        }
    }

    /// Line where the object starts.
    pub(super) fn line(&self, ctx: &Ctx<'_>) -> u32 {
        ctx.line(self.o)
    }

    /// True when the object has property `key`.
    pub(super) fn has(&self, key: &str) -> bool {
        self.o.properties.iter().any(|p| p.name.as_str() == key)
    }

    /// The value of `key`, without counting it, and without taking it.
    pub(super) fn peek(&self, key: &str) -> Option<&'a Value<'t>> {
        self.o
            .properties
            .iter()
            .find(|p| p.name.as_str() == key)
            .map(|p| &p.value)
    }

    /// Take `key` (its first occurrence), uncounted.
    fn take_raw(&mut self, key: &str) -> Option<&'a Value<'t>> {
        let idx = self
            .o
            .properties
            .iter()
            .position(|p| p.name.as_str() == key)?;
        if let Some(t) = self.taken.get_mut(idx) {
            if *t {
                return None;
            }
            *t = true;
        }
        self.o.properties.get(idx).map(|p| &p.value)
    }

    fn child_path(&self, key: &str) -> String {
        format!("{}.{key}", self.path)
    }

    /// A value of the wrong JSON type: a warning, counted unknown.
    fn wrong(&self, ctx: &mut Ctx<'_>, key: &str, v: &Value<'_>, expected: &str) {
        ctx.tally(Use::Unknown, 1);
        ctx.tally_below(Use::Unknown, v);
        let line = ctx.line(v);
        ctx.unknown.push((line, self.child_path(key)));
        ctx.diag(
            Severity::Warning,
            codes::BAD_JSON_VALUE,
            line,
            format!(
                "{} should be {expected}, not {}: not in the output",
                self.child_path(key),
                kind_name(v)
            ),
        );
    }

    /// Property `key` read by `read`: `Ok(value)` counts it as used (a value,
    /// or none for a managed property without one); `Err(expected)` reports
    /// it as of the wrong type. `null` is unstated (used, no value).
    fn typed<T>(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: &str,
        read: impl FnOnce(&Self, &mut Ctx<'_>, &'a Value<'t>) -> Result<Option<T>, &'static str>,
    ) -> Option<T> {
        let v = self.take_raw(key)?;
        if let Value::NullKeyword(_) = v {
            ctx.tally(Use::Used, 1);
            return None;
        }
        match read(self, ctx, v) {
            Ok(value) => {
                ctx.tally(Use::Used, 1);
                value
            }
            Err(expected) => {
                self.wrong(ctx, key, v, expected);
                None
            }
        }
    }

    /// `{"Value": ..., ...}` (a managed property, or a wrapped string): its
    /// `Value` read by `read`, the rest counted as ignored.
    fn managed<T>(
        &self,
        ctx: &mut Ctx<'_>,
        key: &str,
        o: &'a Object<'t>,
        read: impl FnOnce(&mut Obj<'a, 't>, &mut Ctx<'_>) -> Option<T>,
    ) -> Option<T> {
        let mut m = Obj::new(o, self.child_path(key));
        let value = read(&mut m, ctx);
        m.finish(ctx, "managed property", MANAGED_PROPERTY_IGNORED);
        value
    }

    /// A string (`null` is unstated).
    pub(super) fn str(&mut self, ctx: &mut Ctx<'_>, key: &str) -> Option<String> {
        self.typed(ctx, key, |_, _, v| match v {
            Value::StringLit(s) => Ok(Some(s.value.to_string())),
            _ => Err("a string"),
        })
    }

    /// A boolean, or a managed property `{"Value": bool, ...}`.
    pub(super) fn bool(&mut self, ctx: &mut Ctx<'_>, key: &str) -> Option<bool> {
        self.typed(ctx, key, |this, ctx, v| match v {
            Value::BooleanLit(b) => Ok(Some(b.value)),
            Value::Object(o) => Ok(this.managed(ctx, key, o, |m, ctx| m.bool(ctx, "Value"))),
            _ => Err("a boolean"),
        })
    }

    /// A whole number (`null` is unstated).
    pub(super) fn int(&mut self, ctx: &mut Ctx<'_>, key: &str) -> Option<i64> {
        self.typed(ctx, key, |_, _, v| match v {
            Value::NumberLit(n) => n
                .value
                .parse::<i64>()
                .map(Some)
                .map_err(|_| "a whole number"),
            _ => Err("a number"),
        })
    }

    /// A number as written (`1E-12`, `100000000000000`).
    pub(super) fn number_text(&mut self, ctx: &mut Ctx<'_>, key: &str) -> Option<String> {
        self.typed(ctx, key, |_, _, v| match v {
            Value::NumberLit(n) => Ok(Some(n.value.to_string())),
            _ => Err("a number"),
        })
    }

    /// A string, or an object whose `Value` is a string (`RequiredLevel`,
    /// `AttributeTypeName`, `FormatName`, `DateTimeBehavior`).
    pub(super) fn value_str(&mut self, ctx: &mut Ctx<'_>, key: &str) -> Option<String> {
        self.typed(ctx, key, |this, ctx, v| match v {
            Value::StringLit(s) => Ok(Some(s.value.to_string())),
            Value::Object(o) => Ok(this.managed(ctx, key, o, |m, ctx| m.str(ctx, "Value"))),
            _ => Err("a string or an object with a `Value`"),
        })
    }

    /// An object property (`null` is unstated).
    pub(super) fn obj(&mut self, ctx: &mut Ctx<'_>, key: &str) -> Option<Obj<'a, 't>> {
        self.typed(ctx, key, |this, _, v| match v {
            Value::Object(o) => Ok(Some(Obj::new(o, this.child_path(key)))),
            _ => Err("an object"),
        })
    }

    /// An array property with its JSON path (`null` is unstated).
    pub(super) fn arr(&mut self, ctx: &mut Ctx<'_>, key: &str) -> Option<(&'a Array<'t>, String)> {
        self.typed(ctx, key, |this, _, v| match v {
            Value::Array(a) => Ok(Some((a, this.child_path(key)))),
            _ => Err("an array"),
        })
    }

    /// A `Label` (`LocalizedLabels`, `UserLocalizedLabel`) in the chosen language.
    pub(super) fn label(&mut self, ctx: &mut Ctx<'_>, key: &str) -> Option<String> {
        let mut l = self.obj(ctx, key)?;
        let lang = ctx.language;
        let mut chosen: Option<String> = None;
        let mut first: Option<String> = None;
        if let Some((arr, path)) = l.arr(ctx, "LocalizedLabels") {
            for (i, el) in arr.elements.iter().enumerate() {
                let Some((text, code)) = localized(ctx, el, format!("{path}[{i}]")) else {
                    continue;
                };
                if code == Some(lang) && chosen.is_none() {
                    chosen = Some(text.clone());
                }
                first.get_or_insert(text);
            }
        }
        let user = l
            .obj(ctx, "UserLocalizedLabel")
            .and_then(|u| localized_obj(ctx, u));
        l.finish(ctx, "label", &[]);
        chosen
            .or_else(|| {
                user.as_ref()
                    .filter(|(_, c)| *c == Some(lang))
                    .map(|(t, _)| t.clone())
            })
            .or_else(|| user.map(|(t, _)| t))
            .or(first)
    }

    /// Count every property not taken: ignored when it is an annotation
    /// (`@odata.*`, `X@odata.*`) or in `ignored`; otherwise unknown, with a
    /// warning. A property given twice is unknown too (the first one was read).
    pub(super) fn finish(self, ctx: &mut Ctx<'_>, kind: &str, ignored: &[&str]) {
        for (i, p) in self.o.properties.iter().enumerate() {
            if self.taken.get(i).copied().unwrap_or(true) {
                continue;
            }
            let name = p.name.as_str();
            let duplicate = self
                .o
                .properties
                .iter()
                .take(i)
                .any(|q| q.name.as_str() == name);
            if !duplicate && (name.contains('@') || ignored.contains(&name)) {
                ctx.tally(Use::Ignored, 1);
                ctx.tally_below(Use::Ignored, &p.value);
            } else if duplicate {
                let line = ctx.line(&p.name);
                ctx.tally(Use::Unknown, 1);
                ctx.tally_below(Use::Unknown, &p.value);
                ctx.unknown.push((line, self.child_path(name)));
                ctx.diag(
                    Severity::Warning,
                    codes::UNKNOWN_JSON_PROPERTY,
                    line,
                    format!(
                        "{} is given twice: the first one is read, this one is not in the output",
                        self.child_path(name)
                    ),
                );
            } else {
                let line = ctx.line(&p.name);
                let path = self.child_path(name);
                ctx.unknown_property(kind, name, line, path, &p.value);
            }
        }
    }
}

/// A `LocalizedLabel` element: its text and language code.
fn localized(ctx: &mut Ctx<'_>, el: &Value<'_>, path: String) -> Option<(String, Option<i64>)> {
    match el {
        Value::Object(o) => localized_obj(ctx, Obj::new(o, path)),
        other => {
            let line = ctx.line(other);
            ctx.tally_below(Use::Unknown, other);
            ctx.diag(
                Severity::Warning,
                codes::BAD_JSON_VALUE,
                line,
                format!("{path} should be a localized label object: not in the output"),
            );
            None
        }
    }
}

fn localized_obj(ctx: &mut Ctx<'_>, mut o: Obj<'_, '_>) -> Option<(String, Option<i64>)> {
    let label = o.str(ctx, "Label");
    let code = o.int(ctx, "LanguageCode");
    o.finish(ctx, "localized label", LOCALIZED_LABEL_IGNORED);
    label.map(|l| (l, code))
}

/// Parts of a managed property (`{"Value", "CanBeChanged", "ManagedPropertyLogicalName"}`)
/// that say how the value may be customized, not what it is.
pub(super) const MANAGED_PROPERTY_IGNORED: &[&str] =
    &["CanBeChanged", "ManagedPropertyLogicalName"];

/// Parts of a localized label that are bookkeeping.
const LOCALIZED_LABEL_IGNORED: &[&str] = &["IsManaged", "MetadataId", "HasChanged"];
