//! Unit tests of the comparison on a real page's model, edited the way a
//! newer page would differ.

use super::*;
use crate::emit::EmitOptions;
use crate::model::{AttributeType, Column, Model};

fn activityparty() -> Model {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/history/activityparty/new.md");
    crate::inputs::load_model(&[path]).unwrap().0
}

fn diff(old: &Model, new: &Model) -> Vec<Change> {
    let options = EmitOptions::default();
    compare(&schema(old, &options), &schema(new, &options))
}

fn column<'a>(m: &'a mut Model, name: &str) -> &'a mut Column {
    m.tables[0]
        .columns
        .iter_mut()
        .find(|c| c.logical_name == name)
        .unwrap()
}

#[test]
fn a_collision_that_shifts_a_suffix_is_a_breaking_rename() {
    let old = activityparty();
    let mut new = old.clone();
    // A new choice column whose enum name is claimed first (logical-name order)
    // pushes the existing `ParticipationTypeMask` enum to `ParticipationTypeMask2`.
    let mut added = column(&mut new, "participationtypemask").clone();
    added.logical_name = "aparticipationtypemask".into();
    added.schema_name = "Participation_TypeMask".into();
    new.tables[0].columns.push(added);
    let changes = diff(&old, &new);
    let facts: Vec<(&str, &str, Option<&str>, Impact)> = changes
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.change.as_str(),
                c.fact.as_deref(),
                c.impact,
            )
        })
        .collect();
    assert!(facts.contains(&("aparticipationtypemask", "added", None, Impact::Additive)));
    assert!(
        facts.contains(&(
            "participationtypemask",
            "changed",
            Some("rust.enum"),
            Impact::Breaking
        )),
        "{changes:#?}"
    );
    let renamed = changes
        .iter()
        .find(|c| c.fact.as_deref() == Some("rust.enum"))
        .unwrap();
    assert_eq!(renamed.before, Some(Value::from("ParticipationTypeMask")));
    assert_eq!(renamed.after, Some(Value::from("ParticipationTypeMask2")));
}

#[test]
fn a_relabel_that_renames_a_variant_names_the_override_that_pins_it() {
    let old = activityparty();
    let mut new = old.clone();
    let options = column(&mut new, "participationtypemask")
        .options
        .as_mut()
        .unwrap();
    options.iter_mut().find(|o| o.value == 12).unwrap().label = "Chat Member".into();
    let changes = diff(&old, &new);
    assert_eq!(changes.len(), 1, "{changes:#?}");
    let c = &changes[0];
    assert_eq!(
        (c.item, c.change, c.name.as_str()),
        (
            Item::ChoiceValue,
            ChangeKind::Changed,
            "participationtypemask=12"
        )
    );
    assert_eq!(c.impact, Impact::Breaking);
    assert_eq!(
        c.pin.as_deref(),
        Some("names.choices: { activityparty_participationtypemask.12: ChatParticipant }")
    );

    // With that override, only the label changes: no longer breaking.
    let mut pinned = EmitOptions::default();
    pinned.names.choices.insert(
        "activityparty_participationtypemask.12".into(),
        "ChatParticipant".into(),
    );
    let changes = compare(&schema(&old, &pinned), &schema(&new, &pinned));
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].impact, Impact::Additive);
    assert_eq!(changes[0].pin, None);
}

#[test]
fn type_changes_removals_and_docs_are_classified() {
    let old = activityparty();
    let mut new = old.clone();
    column(&mut new, "addressused").attribute_type = AttributeType::Memo;
    column(&mut new, "effort").description = Some("Effort, in hours.".into());
    column(&mut new, "exchangeentryid").required_level = Some("ApplicationRequired".into());
    new.tables[0]
        .columns
        .retain(|c| c.logical_name != "partyidname");
    new.tables[0].messages.clear();
    let changes = diff(&old, &new);
    let got: Vec<(&str, ChangeKind, Option<&str>, Impact)> = changes
        .iter()
        .map(|c| (c.name.as_str(), c.change, c.fact.as_deref(), c.impact))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "addressused",
                ChangeKind::Changed,
                Some("type"),
                Impact::Breaking
            ),
            (
                "effort",
                ChangeKind::Changed,
                Some("description"),
                Impact::Docs
            ),
            (
                "exchangeentryid",
                ChangeKind::Changed,
                Some("required_level"),
                Impact::Additive
            ),
            ("partyidname", ChangeKind::Removed, None, Impact::Breaking),
            (
                "RetrieveMultiple",
                ChangeKind::Removed,
                None,
                Impact::Breaking
            ),
        ]
    );
    // A field rename (here by configuration) names the override that keeps the old name.
    let mut renamed = EmitOptions::default();
    renamed
        .names
        .columns
        .insert("activityparty.effort".into(), "effort_hours".into());
    let changes = compare(
        &schema(&old, &EmitOptions::default()),
        &schema(&old, &renamed),
    );
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].fact.as_deref(), Some("rust.field"));
    assert_eq!(
        changes[0].pin.as_deref(),
        Some("names.columns: { activityparty.effort: effort }")
    );
}

#[test]
fn a_stored_schema_keeps_its_facts_and_hashes_long_docs() {
    let model = activityparty();
    let s = schema(&model, &EmitOptions::default());
    let compact = s.clone().compact();
    assert_eq!(compare(&compact, &s.clone().compact()), Vec::new());
    let json = serde_json::to_string(&compact).unwrap();
    let back: Schema = serde_json::from_str(&json).unwrap();
    assert_eq!(back, compact);
    let t = &compact.tables["activityparty"];
    assert!(t.columns["activityid"].docs["description"]
        .as_str()
        .unwrap()
        .starts_with("blake3:"));
    assert_eq!(
        t.columns["activityid"].facts,
        s.tables["activityparty"].columns["activityid"].facts
    );
}
