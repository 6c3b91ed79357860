#!/usr/bin/env python3
"""Count the schema changes between the two pages of each pair in this folder.

Independent of dvgen on purpose: it scans the Markdown line by line (section
headings, `### ` entries, `|Key|Value|` rows, choice tables) and shares no code
with the generator. It writes `<pair>/expected.json`: the changes as
`[table, item, change, name, fact]` rows, which `generator/tests/diff_history.rs`
compares with `dvgen diff`.

Rules (the same facts `dvgen diff` compares, written down independently):
- a fact stated on one page only is not a change; an empty cell states nothing;
- IsValidForCreate/IsValidForUpdate, when a column's table does not state them,
  follow its section (writable: true, read-only: false);
- Boolean DefaultValue `0`/`False` and `1`/`True` are the same; V4 `True Label` /
  `False Label` rows are the choice values 1 / 0;
- values are compared without Markdown emphasis (`**`, backticks) and escapes;
- descriptions and display names are `docs` facts.
Usage: python3 count_changes.py  (from anywhere; rewrites every expected.json)
"""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))

TABLE_KEYS = {
    "SchemaName": "schema_name", "EntitySetName": "entity_set_name",
    "PrimaryIdAttribute": "primary_id_attribute", "PrimaryNameAttribute": "primary_name_attribute",
    "OwnershipType": "ownership_type", "TableType": "table_type",
    "CollectionSchemaName": "collection_schema_name", "LogicalCollectionName": "logical_collection_name",
    "IsBPFEntity": "is_bpf_entity",
}
TABLE_DOCS = {"DisplayName": "display_name", "DisplayCollectionName": "display_collection_name"}
COLUMN_KEYS = {
    "SchemaName": "schema_name", "Type": "type", "RequiredLevel": "required_level",
    "IsValidForCreate": "is_valid_for_create", "IsValidForUpdate": "is_valid_for_update",
    "IsValidForRead": "is_valid_for_read", "IsValidForForm": "is_valid_for_form",
    "MaxLength": "max_length", "Format": "format", "FormatName": "format_name",
    "MinValue": "min_value", "MaxValue": "max_value", "Precision": "precision",
    "PrecisionSource": "precision_source", "DateTimeBehavior": "date_time_behavior",
    "CanChangeDateTimeBehavior": "can_change_date_time_behavior", "ImeMode": "ime_mode",
    "IsLocalizable": "is_localizable", "SourceTypeMask": "source_type_mask",
    "IsBaseCurrency": "is_base_currency", "MaxSizeInKB": "max_size_in_kb",
    "IsPrimaryImage": "is_primary_image", "MaxHeight": "max_height", "MaxWidth": "max_width",
    "CanStoreFullImage": "can_store_full_image", "Targets": "targets",
    "AttributeOf": "attribute_of", "DefaultValue": "default_value",
    "DefaultFormValue": "default_form_value", "GlobalChoiceName": "global_choice_name",
}
COLUMN_DOCS = {"DisplayName": "display_name", "Description": "description"}
REL_KEYS = {
    "ReferencedEntity": "referenced_entity", "ReferencedAttribute": "referenced_attribute",
    "ReferencingEntity": "referencing_entity", "ReferencingAttribute": "referencing_attribute",
    "ReferencedEntityNavigationPropertyName": "referenced_entity_navigation_property_name",
    "ReferencingEntityNavigationPropertyName": "referencing_entity_navigation_property_name",
    "IsHierarchical": "is_hierarchical", "IntersectEntityName": "intersect_entity_name",
}
BOOL_FACTS = {"is_valid_for_create", "is_valid_for_update", "is_valid_for_read", "is_valid_for_form",
              "can_change_date_time_behavior", "is_localizable", "is_base_currency",
              "is_primary_image", "can_store_full_image", "is_hierarchical", "is_bpf_entity"}
NUMBER_FACTS = {"max_length", "precision", "source_type_mask", "max_size_in_kb", "max_height", "max_width"}


def plain(cell):
    s = cell.strip().replace("**", "").replace("`", "")
    s = re.sub(r"\\(.)", r"\1", s)
    return s.strip()


def cells(line):
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [c for c in re.split(r"(?<!\\)\|", inner)]


def is_separator(line):
    return bool(re.match(r"^\|[\s\-:|]+\|?\s*$", line.strip()))


def norm(fact, value):
    if value == "":
        return None
    if fact in BOOL_FACTS:
        return {"true": True, "false": False}.get(value.lower(), value)
    if fact in NUMBER_FACTS:
        try:
            return int(value)
        except ValueError:
            return value
    if fact == "targets":
        return sorted({t.strip().lower() for t in value.split(",") if t.strip()})
    return value


def section_kind(title):
    t = title.lower()
    if t.startswith("messages"):
        return "messages"
    if t.startswith("properties") or t.startswith("entity properties"):
        return "properties"
    if t.startswith("writable"):
        return "writable"
    if t.startswith("read-only"):
        return "readonly"
    if t.startswith("one-to-many"):
        return "one_to_many"
    if t.startswith("many-to-one"):
        return "many_to_one"
    if t.startswith("many-to-many"):
        return "many_to_many"
    return "other"


def parse(path):
    text = open(path, encoding="utf-8").read()
    page = {"facts": {}, "docs": {}, "columns": {}, "relationships": {}, "messages": set()}
    section = None
    entry = None  # (kind, dict)
    header = None  # header cells of the current table
    choice = None  # the column whose choices are being read
    lines = text.split("\n")
    # Description paragraph under the H1.
    for i, line in enumerate(lines):
        if line.startswith("# "):
            para = []
            for l in lines[i + 1:]:
                if l.startswith("#"):
                    break
                if l.startswith(">") or l.startswith("[!INCLUDE") or l.startswith("**Added by"):
                    if para:
                        break
                    continue
                if l.strip() == "":
                    if para:
                        break
                    continue
                para.append(l.strip())
            if para:
                page["docs"]["description"] = " ".join(para)
            break
    for line in lines:
        if line.startswith("## "):
            section = section_kind(line[3:].strip())
            entry = None
            header = None
            choice = None
            continue
        if line.startswith("### "):
            name = re.sub(r"<a name=\"[^\"]*\"></a>", "", line[4:]).strip()
            header = None
            choice = None
            if section in ("writable", "readonly"):
                entry = {"section": section, "facts": {}, "docs": {}, "choices": None, "heading": name}
                page.setdefault("_columns", []).append(entry)
            elif section in ("one_to_many", "many_to_one", "many_to_many"):
                entry = {"kind": section, "facts": {}, "name": name}
                page["relationships"][(name, section)] = entry
            else:
                entry = None
            continue
        if line.startswith("#### ") and entry is not None and "section" in entry:
            choice = entry
            if choice["choices"] is None:
                choice["choices"] = {}
            header = None
            continue
        m = re.match(r"^\*\*DefaultValue\*\*:\s*(.*)$", line.strip())
        if m and entry is not None and "section" in entry:
            entry["facts"]["default_value"] = m.group(1).strip()
            continue
        if not line.strip().startswith("|"):
            if line.strip() == "":
                header = header  # tables end at non-table lines; blank lines keep nothing
            continue
        if is_separator(line):
            continue
        row = cells(line)
        if header is None:
            header = [plain(c) for c in row]
            continue
        if section == "messages":
            first = row[0]
            m = re.match(r"\s*`([^`]+)`", first)
            name = m.group(1) if m else plain(re.sub(r"<br />.*", "", first))
            m2 = re.match(r"\[([^\]]+)\]", name)
            if m2:
                name = m2.group(1)
            if name:
                page["messages"].add(name)
            continue
        if choice is not None:
            value = plain(row[0])
            try:
                value = int(value)
            except ValueError:
                continue
            if len(header) >= 2 and header[1] == "Details":
                m = re.search(r"Label:\s*(.*?)(<br />|$)", row[1])
                label = plain(m.group(1)) if m else ""
                desc = None
            else:
                label = plain(row[1]) if len(row) > 1 else ""
                desc = None
                if len(header) > 2 and header[2] == "Description" and len(row) > 2 and plain(row[2]):
                    desc = plain(row[2])
            choice["choices"].setdefault(value, (label, desc))
            continue
        if header[:2] != ["Property", "Value"] or len(row) < 2:
            continue
        key, value = plain(row[0]), plain(row[1])
        if section == "properties":
            if key in TABLE_KEYS and value:
                page["facts"][TABLE_KEYS[key]] = norm(TABLE_KEYS[key], value)
            if key in TABLE_DOCS and value:
                page["docs"][TABLE_DOCS[key]] = value
            continue
        if entry is None:
            continue
        if "section" in entry:
            if key == "LogicalName":
                entry["logical_name"] = value
            elif key in ("True Label", "False Label"):
                if entry["choices"] is None:
                    entry["choices"] = {}
                entry["choices"].setdefault(1 if key.startswith("True") else 0, (value, None))
            elif key in COLUMN_KEYS and value:
                fact = COLUMN_KEYS[key]
                entry["facts"][fact] = value
            elif key in COLUMN_DOCS and value:
                entry["docs"][COLUMN_DOCS[key]] = value
        else:
            if key == "CascadeConfiguration":
                for part in re.split(r"<br\s*/?>", row[1]):
                    if ":" in part:
                        action, v = part.split(":", 1)
                        action = re.sub(r"(?<!^)([A-Z])", r"_\1", plain(action)).lower()
                        if plain(v):
                            entry["facts"]["cascade." + action] = plain(v)
            elif key in REL_KEYS and value:
                fact = REL_KEYS[key]
                v = value.lower() if fact in ("referenced_entity", "referencing_entity") else value
                entry["facts"][fact] = norm(fact, v)
    for col in page.pop("_columns", []):
        name = col.get("logical_name") or col["heading"].lower()
        facts = {k: norm(k, v) for k, v in col["facts"].items()}
        facts = {k: v for k, v in facts.items() if v is not None}
        default = facts.get("default_value")
        if facts.get("type") == "Boolean" and isinstance(default, str) and default.lower() in ("0", "false", "1", "true"):
            facts["default_value"] = default.lower() in ("1", "true")
        for flag in ("is_valid_for_create", "is_valid_for_update"):
            facts.setdefault(flag, col["section"] == "writable")
        page["columns"][name] = {"facts": facts, "docs": col["docs"], "choices": col["choices"]}
    return page


def compare(table, old, new):
    out = []

    def facts(item, name, a, b):
        for k in sorted(set(a) & set(b)):
            if a[k] != b[k]:
                out.append([table, item, "changed", name, k])

    facts("table", table, old["facts"], new["facts"])
    for k in sorted(set(old["docs"]) & set(new["docs"])):
        if old["docs"][k] != new["docs"][k]:
            out.append([table, "table", "changed", table, k])
    for name in sorted(set(old["columns"]) | set(new["columns"])):
        a, b = old["columns"].get(name), new["columns"].get(name)
        if a is None:
            out.append([table, "column", "added", name, None])
            continue
        if b is None:
            out.append([table, "column", "removed", name, None])
            continue
        facts("column", name, a["facts"], b["facts"])
        for k in sorted(set(a["docs"]) & set(b["docs"])):
            if a["docs"][k] != b["docs"][k]:
                out.append([table, "column", "changed", name, k])
        if a["choices"] is None or b["choices"] is None:
            continue
        for v in sorted(set(a["choices"]) | set(b["choices"])):
            key = f"{name}={v}"
            if v not in b["choices"]:
                out.append([table, "choice_value", "removed", key, None])
            elif v not in a["choices"]:
                out.append([table, "choice_value", "added", key, None])
            else:
                (la, da), (lb, db) = a["choices"][v], b["choices"][v]
                if la != lb:
                    out.append([table, "choice_value", "changed", key, "label"])
                if da and db and da != db:
                    out.append([table, "choice_value", "changed", key, "description"])
    ok, nk = set(old["relationships"]), set(new["relationships"])
    for key in sorted(ok | nk):
        name = key[0]
        if key not in nk:
            out.append([table, "relationship", "removed", name, None])
        elif key not in ok:
            out.append([table, "relationship", "added", name, None])
        else:
            facts("relationship", name, old["relationships"][key]["facts"], new["relationships"][key]["facts"])
    for m in sorted(old["messages"] - new["messages"]):
        out.append([table, "message", "removed", m, None])
    for m in sorted(new["messages"] - old["messages"]):
        out.append([table, "message", "added", m, None])
    return out


def main():
    for pair in sorted(os.listdir(HERE)):
        folder = os.path.join(HERE, pair)
        if not os.path.isfile(os.path.join(folder, "old.md")):
            continue
        changes = compare(pair, parse(os.path.join(folder, "old.md")), parse(os.path.join(folder, "new.md")))
        changes.sort(key=lambda c: (c[0], ["table", "column", "choice_value", "relationship", "message"].index(c[1]), c[3], c[2], c[4] or ""))
        with open(os.path.join(folder, "expected.json"), "w") as f:
            json.dump({"count": len(changes), "changes": changes}, f, indent=1)
            f.write("\n")
        print(f"{pair}: {len(changes)} changes")


if __name__ == "__main__":
    main()
