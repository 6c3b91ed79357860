//! Entity-relationship diagrams of a model: Mermaid `erDiagram` and Graphviz DOT.
//!
//! Each relationship appears once (joined by schema name), drawn from the
//! referenced ("one") table to the referencing ("many") table. Names from
//! pages are reduced to identifier characters for Mermaid and quoted with
//! escapes for DOT, so no page text can break the diagram syntax.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::model::{Model, RelationshipKind};

/// Diagram syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagramFormat {
    /// Mermaid `erDiagram`.
    Mermaid,
    /// Graphviz DOT.
    Dot,
}

/// One edge of the diagram.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    from: String,
    to: String,
    kind: RelationshipKind,
    name: String,
}

/// Render the relationships of `model`. When `tables` is not empty, only
/// relationships that touch one of those tables (logical names) are drawn.
pub fn render(model: &Model, format: DiagramFormat, tables: &[String]) -> String {
    let wanted: BTreeSet<String> = tables.iter().map(|t| t.to_ascii_lowercase()).collect();
    let mut edges: BTreeMap<String, Edge> = BTreeMap::new();
    for table in &model.tables {
        for rel in &table.relationships {
            let (from, to) = match rel.kind {
                RelationshipKind::OneToMany | RelationshipKind::ManyToOne => (
                    rel.referenced_entity.clone(),
                    rel.referencing_entity.clone(),
                ),
                RelationshipKind::ManyToMany => {
                    let other = rel
                        .other_table(&table.logical_name)
                        .unwrap_or_else(|| table.logical_name.clone());
                    let mut pair = [table.logical_name.clone(), other];
                    pair.sort();
                    let [a, b] = pair;
                    (Some(a), Some(b))
                }
            };
            let (Some(from), Some(to)) = (from, to) else {
                continue;
            };
            if !wanted.is_empty() && !wanted.contains(&from) && !wanted.contains(&to) {
                continue;
            }
            let kind = match rel.kind {
                RelationshipKind::ManyToMany => RelationshipKind::ManyToMany,
                _ => RelationshipKind::OneToMany,
            };
            edges
                .entry(rel.schema_name.to_ascii_lowercase())
                .or_insert(Edge {
                    from,
                    to,
                    kind,
                    name: rel.schema_name.clone(),
                });
        }
    }
    let mut nodes: BTreeSet<String> = edges
        .values()
        .flat_map(|e| [e.from.clone(), e.to.clone()])
        .collect();
    for table in &model.tables {
        if wanted.is_empty() || wanted.contains(&table.logical_name) {
            nodes.insert(table.logical_name.clone());
        }
    }
    let mut edges: Vec<Edge> = edges.into_values().collect();
    edges.sort();
    match format {
        DiagramFormat::Mermaid => mermaid(model, &nodes, &edges),
        DiagramFormat::Dot => dot(model, &nodes, &edges),
    }
}

/// A Mermaid entity name: letters, digits, `_` and `-` only.
fn mermaid_name(s: &str) -> String {
    let name: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        "_".to_string()
    } else {
        name
    }
}

fn mermaid(model: &Model, nodes: &BTreeSet<String>, edges: &[Edge]) -> String {
    let mut out = String::from("erDiagram\n");
    // Tables of the model show their primary key; tables only mentioned are
    // declared by their relationships.
    for node in nodes {
        let key = model
            .table(node)
            .and_then(|t| t.primary_id_attribute.clone());
        if let Some(key) = key {
            let _ = writeln!(
                out,
                "    {} {{\n        uuid {} PK\n    }}",
                mermaid_name(node),
                mermaid_name(&key)
            );
        } else if !edges.iter().any(|e| e.from == *node || e.to == *node) {
            let _ = writeln!(out, "    {}", mermaid_name(node));
        }
    }
    for e in edges {
        let arrow = match e.kind {
            RelationshipKind::ManyToMany => "}o--o{",
            _ => "||--o{",
        };
        let _ = writeln!(
            out,
            "    {} {} {} : \"{}\"",
            mermaid_name(&e.from),
            arrow,
            mermaid_name(&e.to),
            mermaid_name(&e.name)
        );
    }
    out
}

/// A DOT double-quoted string.
fn dot_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn dot(model: &Model, nodes: &BTreeSet<String>, edges: &[Edge]) -> String {
    let mut out = String::from("digraph dataverse {\n    rankdir=LR;\n    node [shape=box];\n");
    for node in nodes {
        let label = model
            .table(node)
            .and_then(|t| t.display_name.clone())
            .map(|d| format!("{d}\n({node})"))
            .unwrap_or_else(|| node.clone());
        let style = if model.table(node).is_some() {
            ""
        } else {
            ", style=dashed"
        };
        let _ = writeln!(
            out,
            "    {} [label={}{}];",
            dot_string(node),
            dot_string(&label),
            style
        );
    }
    for e in edges {
        let dir = match e.kind {
            RelationshipKind::ManyToMany => ", dir=both, arrowtail=crow, arrowhead=crow",
            _ => ", arrowhead=crow",
        };
        let _ = writeln!(
            out,
            "    {} -> {} [label={}{}];",
            dot_string(&e.from),
            dot_string(&e.to),
            dot_string(&e.name),
            dir
        );
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Relationship, Table};

    fn model() -> Model {
        let one = Relationship {
            schema_name: "lead_\"tasks\"".into(),
            kind: RelationshipKind::OneToMany,
            referenced_entity: Some("lead".into()),
            referencing_entity: Some("task".into()),
            ..Relationship::default()
        };
        let mut other_side = one.clone();
        other_side.kind = RelationshipKind::ManyToOne;
        Model {
            tables: vec![
                Table {
                    logical_name: "lead".into(),
                    display_name: Some("Lead \"x\" \\".into()),
                    relationships: vec![one],
                    ..Table::default()
                },
                Table {
                    logical_name: "task".into(),
                    relationships: vec![other_side],
                    ..Table::default()
                },
            ],
            ..Model::default()
        }
    }

    #[test]
    fn one_edge_per_relationship_with_escaped_text() {
        let m = render(&model(), DiagramFormat::Mermaid, &[]);
        assert_eq!(m.matches("||--o{").count(), 1, "{m}");
        assert!(m.contains("lead ||--o{ task : \"lead__tasks_\""), "{m}");
        let d = render(&model(), DiagramFormat::Dot, &[]);
        assert_eq!(d.matches(" -> ").count(), 1, "{d}");
        assert!(d.contains(r#"label="Lead \"x\" \\"#), "{d}");
        assert!(
            d.contains(r#"[label="lead_\"tasks\"", arrowhead=crow]"#),
            "{d}"
        );
    }

    #[test]
    fn filter_by_table() {
        let m = render(&model(), DiagramFormat::Mermaid, &["nothing".into()]);
        assert!(!m.contains("--"), "{m}");
        let m = render(&model(), DiagramFormat::Mermaid, &["TASK".into()]);
        assert!(m.contains("||--o{"), "{m}");
    }
}
