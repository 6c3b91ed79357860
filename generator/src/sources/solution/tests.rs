//! Unit tests of the solution reader on the real fixtures and on hand-made bad input.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::*;
use crate::model::{CascadeType, RelationshipKind};

fn fixture(name: &str) -> SolutionRead {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/solutions")
        .join(name);
    read_dir(&dir, name, SolutionOptions::default()).unwrap()
}

fn table<'a>(read: &'a SolutionRead, name: &str) -> &'a Table {
    read.pages
        .iter()
        .filter_map(|p| p.table.as_ref())
        .find(|t| t.logical_name == name)
        .unwrap_or_else(|| panic!("no table {name}"))
}

fn all_diags(read: &SolutionRead) -> Vec<&Diagnostic> {
    read.pages.iter().flat_map(|p| &p.diagnostics).collect()
}

#[test]
fn rules_engine_manifest_and_tables() {
    let read = fixture("rules-engine");
    let rule = table(&read, "bac_rule");
    assert_eq!(rule.schema_name, "bac_Rule");
    let src = rule.provenance[0].source.as_ref().unwrap();
    assert_eq!(src.solution.as_deref(), Some("OrganizationalPackageReview"));
    assert_eq!(src.version.as_deref(), Some("1.0.0.4"));
    assert_eq!(src.managed, Some(false));
    assert_eq!(rule.primary_id_attribute.as_deref(), Some("bac_ruleid"));
    assert!(rule.entity_set_name.is_some());
    assert_eq!(rule.ownership_type.as_deref(), Some("OrganizationOwned"));
    let assignment = table(&read, "bac_assignment");
    let state = assignment.column("bac_state").unwrap();
    assert_eq!(state.attribute_type, AttributeType::Picklist);
    let opts = state.options.as_ref().unwrap();
    assert_eq!(opts[0].value, 123000000);
    assert_eq!(opts[0].label, "Pending");
    let status = assignment.column("statuscode").unwrap();
    assert_eq!(status.attribute_type, AttributeType::Status);
    assert!(status
        .options
        .as_ref()
        .unwrap()
        .iter()
        .all(|o| o.state.is_some()));
    let statecode = assignment.column("statecode").unwrap();
    assert_eq!(
        statecode.options.as_ref().unwrap()[0]
            .invariant_name
            .as_deref(),
        Some("Active")
    );
    // Lookup targets come from the relationship (LookupTypes is empty).
    let rule_lookup = assignment.column("bac_rule").unwrap();
    assert_eq!(rule_lookup.targets, vec!["bac_rule".to_string()]);
    // Owner targets are written as object type codes (8, 9).
    let owner = table(&read, "bac_package").column("ownerid").unwrap();
    assert_eq!(
        owner.targets,
        ["systemuser".to_string(), "team".to_string()]
    );
    let created = assignment.column("createdon").unwrap();
    assert_eq!(
        created.facets.date_time_behavior.as_deref(),
        Some("UserLocal")
    );
    assert_eq!(created.is_valid_for_create, Some(false));
}

#[test]
fn rules_engine_global_choices_resolve_into_columns() {
    let read = fixture("rules-engine");
    let uses: Vec<&crate::model::Column> = read
        .pages
        .iter()
        .filter_map(|p| p.table.as_ref())
        .flat_map(|t| &t.columns)
        .filter(|c| c.global_choice_name.as_deref() == Some("bac_roles"))
        .collect();
    assert!(!uses.is_empty());
    let labels: Vec<&str> = uses[0]
        .options
        .as_ref()
        .unwrap()
        .iter()
        .map(|o| o.label.as_str())
        .collect();
    assert_eq!(
        labels,
        ["Branch Chief", "Product Coordinator", "Division Director"]
    );
}

#[test]
fn rules_engine_relationships_land_on_both_sides_with_cascade() {
    let read = fixture("rules-engine");
    let rule = table(&read, "bac_rule");
    let one = rule
        .relationship(
            "bac_bac_assignment_Rule_bac_rule",
            RelationshipKind::OneToMany,
        )
        .unwrap();
    let cascade = one.cascade_configuration.as_ref().unwrap();
    assert_eq!(cascade.delete, Some(CascadeType::RemoveLink));
    assert_eq!(cascade.assign, Some(CascadeType::NoCascade));
    assert_eq!(
        one.referenced_entity_navigation_property_name.as_deref(),
        Some("bac_bac_assignment_Rule_bac_rule")
    );
    let assignment = table(&read, "bac_assignment");
    let many = assignment
        .relationship(
            "bac_bac_assignment_Rule_bac_rule",
            RelationshipKind::ManyToOne,
        )
        .unwrap();
    assert_eq!(
        many.referencing_entity_navigation_property_name.as_deref(),
        Some("bac_Rule")
    );
    assert_eq!(many.referencing_attribute.as_deref(), Some("bac_rule"));
}

#[test]
fn fixtures_have_no_unknown_elements_or_errors() {
    for name in ["rules-engine", "pre-rec-evidence", "contoso-handmade"] {
        let read = fixture(name);
        let bad: Vec<String> = all_diags(&read)
            .iter()
            .filter(|d| {
                d.severity == crate::diagnostics::Severity::Error
                    || d.code == codes::UNKNOWN_ELEMENT
            })
            .map(|d| d.to_string())
            .collect();
        assert!(bad.is_empty(), "{name}: {bad:#?}");
        assert!(read.coverage.iter().all(|c| c.counts.unknown == 0));
        let used: usize = read.coverage.iter().map(|c| c.counts.used).sum();
        let total: usize = read.coverage.iter().map(|c| c.counts.lines).sum();
        assert!(
            used > 100 && used * 10 > total * 3,
            "{name}: {used} of {total} elements used"
        );
    }
}

#[test]
fn many_to_many_has_both_sides() {
    let read = fixture("pre-rec-evidence");
    let contact = table(&read, "contact");
    let m = contact
        .relationship("adx_webrole_contact", RelationshipKind::ManyToMany)
        .unwrap();
    let mm = m.many_to_many.as_ref().unwrap();
    assert_eq!(
        mm.intersect_entity_name.as_deref(),
        Some("adx_webrole_contact")
    );
    assert_eq!(mm.sides.len(), 2);
    assert_eq!(
        mm.sides[0].entity_logical_name.as_deref(),
        Some("adx_webrole")
    );
    let custom = contact.column("pre__court").unwrap();
    assert_eq!(custom.attribute_type, AttributeType::String);
    assert_eq!(custom.facets.max_length, Some(100));
}

fn files(list: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
        .collect()
}

const MANIFEST: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml>
  <SolutionManifest>
    <UniqueName>Contoso</UniqueName>
    <Version>1.2.0.0</Version>
    <Managed>1</Managed>
    <RootComponents>
      <RootComponent type="1" schemaName="cr1_project" behavior="0" />
      <RootComponent type="1" schemaName="cr1_missing" behavior="0" />
      <RootComponent type="9" schemaName="cr1_region" behavior="0" />
    </RootComponents>
  </SolutionManifest>
</ImportExportXml>"#;

const ENTITY: &str = r#"<Entity>
  <Name LocalizedName="Project">cr1_Project</Name>
  <EntityInfo>
    <entity Name="cr1_Project" Glitter="1">
      <EntitySetName>cr1_projects</EntitySetName>
      <attributes>
        <attribute PhysicalName="cr1_Budget">
          <Type>money</Type>
          <LogicalName>cr1_budget</LogicalName>
          <Accuracy>2</Accuracy>
        </attribute>
        <attribute PhysicalName="cr1_Odd">
          <Type>hologram</Type>
          <LogicalName>cr1_odd</LogicalName>
        </attribute>
        <attribute PhysicalName="cr1_Region">
          <Type>picklist</Type>
          <LogicalName>cr1_region</LogicalName>
          <OptionSetName>cr1_region</OptionSetName>
          <Sparkles>1</Sparkles>
        </attribute>
        <attribute PhysicalName="cr1_Done">
          <Type>bit</Type>
          <LogicalName>cr1_done</LogicalName>
          <optionset Name="cr1_project_cr1_done">
            <OptionSetType>bit</OptionSetType>
            <options>
              <option value="1"><labels><label description="Yes" languagecode="1033" /><label description="Ja" languagecode="1031" /></labels></option>
              <option value="0"><labels><label description="No" languagecode="1033" /><label description="Nein" languagecode="1031" /></labels></option>
            </options>
          </optionset>
        </attribute>
      </attributes>
    </entity>
  </EntityInfo>
</Entity>"#;

#[test]
fn bad_input_is_diagnosed_and_the_rest_loads() {
    let read = parse_solution(
        "sol",
        &files(&[
            ("Other/Solution.xml", MANIFEST),
            ("Entities/cr1_Project/Entity.xml", ENTITY),
            (
                "Entities/cr1_Broken/Entity.xml",
                "<Entity><Name>cr1_Broken</Nam></Entity>",
            ),
        ]),
        SolutionOptions::default(),
    );
    let diags: Vec<String> = all_diags(&read).iter().map(|d| d.to_string()).collect();
    let has = |code: &str, file: &str, line: u32| {
        all_diags(&read)
            .iter()
            .any(|d| d.code == code && d.file == file && d.line == line)
    };
    assert!(
        has(codes::BAD_XML, "sol/Entities/cr1_Broken/Entity.xml", 1),
        "{diags:#?}"
    );
    assert!(
        has(
            codes::UNKNOWN_TYPE,
            "sol/Entities/cr1_Project/Entity.xml",
            12
        ),
        "{diags:#?}"
    );
    assert!(
        has(
            codes::UNKNOWN_ELEMENT,
            "sol/Entities/cr1_Project/Entity.xml",
            20
        ),
        "{diags:#?}"
    );
    assert!(
        has(
            codes::MISSING_COMPONENT,
            "sol/Entities/cr1_Project/Entity.xml",
            16
        ),
        "{diags:#?}"
    );
    assert!(
        has(codes::MISSING_COMPONENT, "sol/Other/Solution.xml", 9),
        "{diags:#?}"
    );
    assert!(
        has(codes::MISSING_COMPONENT, "sol/Other/Solution.xml", 10),
        "{diags:#?}"
    );
    let project = table(&read, "cr1_project");
    assert_eq!(project.columns.len(), 4);
    assert_eq!(
        project.column("cr1_budget").unwrap().facets.precision,
        Some(2)
    );
    assert_eq!(
        project.column("cr1_odd").unwrap().attribute_type,
        AttributeType::Other("hologram".into())
    );
    let done = project.column("cr1_done").unwrap();
    let labels: Vec<&str> = done
        .options
        .as_ref()
        .unwrap()
        .iter()
        .map(|o| o.label.as_str())
        .collect();
    assert_eq!(labels, ["Yes", "No"]);
    assert_eq!(
        project.provenance[0].source.as_ref().unwrap().managed,
        Some(true)
    );
}

#[test]
fn labels_follow_the_language_option() {
    let read = parse_solution(
        "sol",
        &files(&[
            ("Other/Solution.xml", MANIFEST),
            ("Entities/cr1_Project/Entity.xml", ENTITY),
        ]),
        SolutionOptions { language: 1031 },
    );
    let done = table(&read, "cr1_project")
        .column("cr1_done")
        .unwrap()
        .clone();
    assert_eq!(done.options.unwrap()[0].label, "Ja");
}

#[test]
fn managed_twin_is_the_same_component() {
    let read = parse_solution(
        "sol",
        &files(&[
            ("Other/Solution.xml", MANIFEST),
            ("Entities/cr1_Project/Entity.xml", ENTITY),
            ("Entities/cr1_Project/Entity_managed.xml", ENTITY),
        ]),
        SolutionOptions::default(),
    );
    assert_eq!(read.pages.iter().filter(|p| p.table.is_some()).count(), 1);
    assert!(!all_diags(&read)
        .iter()
        .any(|d| d.message.contains("two Entity.xml")));
}

#[test]
fn arbitrary_bytes_do_not_panic() {
    for junk in ["", "<", "<?xml?>", "<Entity/>", "<Entity><EntityInfo><entity><attributes><attribute/></attributes></entity></EntityInfo></Entity>", "\u{feff}<EntityRelationships><EntityRelationship Name=\"x\"><EntityRelationshipType>OneToMany</EntityRelationshipType></EntityRelationship></EntityRelationships>"] {
        let read = parse_solution(
            "j",
            &files(&[
                ("Other/Solution.xml", junk),
                ("Entities/x/Entity.xml", junk),
                ("OptionSets/x.xml", junk),
                ("Other/Relationships/x.xml", junk),
            ]),
            SolutionOptions::default(),
        );
        assert!(!read.pages.is_empty());
    }
}
