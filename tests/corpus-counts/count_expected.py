#!/usr/bin/env python3
"""Independent counter for tests/corpus-counts/EXPECTED_COUNTS.tsv.

Run from the repository root:

    python3 tests/corpus-counts/count_expected.py > tests/corpus-counts/EXPECTED_COUNTS.tsv
    python3 tests/corpus-counts/count_expected.py --check    # cross-check report on stderr

This script shares no code or logic with dvgen's parser. It is a flat, line-based
scan of the page text with regular expressions:

* sections are the ranges between `## ` headings; a `### ` heading that is not an
  entry heading (`### See also`, `### Related Information`) ends the section
  (it is the footer);
* an entry (column or relationship) is a line starting `### <a name="BKMK_`;
* choice values of a column entry are
  - the body rows of the table under a `#### ... Options` heading (rows of the
    table that follows the heading, minus the header and separator rows),
  - V1 bullets `- **Value**: ...`, `- **TrueOption Value**: ...`,
    `- **FalseOption Value**: ...`,
  - V4 rows `|True Label|...|` and `|False Label|...|`;
* messages/events are the body rows of the first table in `## Messages` / `## Events`.

With --check it also runs second, different counts and prints every disagreement:

* entries vs the in-page bullet list `- [Name](#BKMK_...)` under each section heading
  (absent when a section has one entry);
* column entries vs `**LogicalName**:` / `**Type**:` lines (V1) or `|LogicalName|` /
  `|Type|` rows (tables; Customized patches have neither);
* choice values vs a global count of table rows whose first cell is an integer plus
  V1 option bullets plus True/False Label rows inside the column sections, and
  a per-column check of the column Type (choice types without values, values on
  non-choice types);
* relationship entries vs a per-entry "signature" (1:N: a `ReferencingEntity` row or a
  `Same as` / `Many-To-One Relationship:` line; M:1: a `See ...` / `One-To-Many
  Relationship:` line or a `ReferencedEntity` row; M:N: `IntersectEntityName` or a
  `See ... Many-To-Many` line);
* messages vs the number of distinct message names, and vs `Event:` markers (V4).
"""

import glob
import os
import re
import sys

FIELDS = [
    "columns",
    "writable",
    "readonly",
    "customized",
    "choice_values",
    "one_to_many",
    "many_to_one",
    "many_to_many",
    "messages",
    "events",
    "customized_relationships",
]

SECTION_NAMES = {
    "messages": "messages",
    "events": "events",
    "writable columns/attributes": "writable",
    "writable attributes": "writable",
    "read-only columns/attributes": "readonly",
    "read-only attributes": "readonly",
    "customized columns/attributes": "customized",
    "one-to-many relationships": "one_to_many",
    "many-to-one relationships": "many_to_one",
    "many-to-many relationships": "many_to_many",
    "customized relationships": "customized_relationships",
}
# `### Customized One-to-many relationships` etc. under `## Customized relationships`
CUSTOMIZED_REL_RE = re.compile(
    r"^### Customized (One-to-Many|Many-to-One|Many-to-Many) relationships\s*$", re.I
)
CUSTOM_ENTRY_RE = re.compile(r'^#### <a name="BKMK_')
COLUMN_SECTIONS = ("writable", "readonly", "customized")
REL_SECTIONS = ("one_to_many", "many_to_one", "many_to_many")

ENTRY_RE = re.compile(r'^### <a name="BKMK_')
BULLET_LINK_RE = re.compile(r"^- \[[^\]]*\]\(#BKMK_[^)]*\)\s*$")
SEP_RE = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")
V1_OPTION_RE = re.compile(r"^- \*\*(Value|TrueOption Value|FalseOption Value)\*\*:")
BOOL_LABEL_RE = re.compile(r"^\|\s*(True|False) Label\s*\|")
INT_ROW_RE = re.compile(r"^\|\s*-?\d+\s*\|")
TYPE_RE = re.compile(r"^(?:\*\*Type\*\*:\s*|\|\s*Type\s*\|\s*)([A-Za-z]+)")
LOGICAL_RE = re.compile(r"^(?:\*\*LogicalName\*\*:|\|\s*LogicalName\s*\|)")
CHOICE_TYPES = {"picklist", "multiselectpicklist", "state", "status", "boolean"}


def page_list(root):
    pages = []
    for d in ("conceptual", "customerservice", "d365ce", "dataverse"):
        pages += sorted(
            glob.glob(os.path.join(root, "tests/corpus", d, "**/*.md"), recursive=True)
        )
    pages += sorted(glob.glob(os.path.join(root, "tests/corpus/seeds/*.txt")))
    pages += sorted(
        p
        for p in glob.glob(os.path.join(root, "docs-input/**/*.md"), recursive=True)
        if os.path.basename(p) != "NOTICE.md"
    )
    return [os.path.relpath(p, root) for p in pages]


def split_sections(lines):
    """Return a list of (section_key, heading_line_index, [line indices])."""
    sections = []
    current = None
    for i, line in enumerate(lines):
        if line.startswith("## "):
            name = line[3:].strip().lower()
            key = SECTION_NAMES.get(name, "other:" + name)
            if name == "see also":  # V1 footer is an H2
                key = "footer"
            current = (key, i, [])
            sections.append(current)
            continue
        m = CUSTOMIZED_REL_RE.match(line)
        if m and current is not None and current[0].startswith("customized_rel"):
            kind = m.group(1).lower().replace("-", "_")
            current = ("customized_rel:" + kind, i, [])
            sections.append(current)
            continue
        if line.startswith("### ") and not ENTRY_RE.match(line):
            # footer (See also / Related Information): ends the section
            current = ("footer", i, [])
            sections.append(current)
            continue
        if current is not None:
            current[2].append(i)
    return sections


def table_body_rows(lines, start):
    """Body rows of the first table at or after `start` (skipping blank lines)."""
    i = start
    while i < len(lines) and lines[i].strip() == "":
        i += 1
    rows = []
    while i < len(lines) and lines[i].startswith("|"):
        rows.append(lines[i])
        i += 1
    if len(rows) >= 2 and SEP_RE.match(rows[1].rstrip()):
        return rows[2:], i
    return rows, i  # no header/separator: should not happen, flagged by --check


def entries_of(lines, idxs, entry_re=ENTRY_RE):
    """Split a section's line indices into entries: list of (heading_idx, [idxs])."""
    entries = []
    for i in idxs:
        if entry_re.match(lines[i]):
            entries.append((i, []))
        elif entries:
            entries[-1][1].append(i)
    return entries


def count_choices(lines, entry_idxs, notes):
    n = 0
    k = 0
    while k < len(entry_idxs):
        i = entry_idxs[k]
        line = lines[i]
        if line.startswith("#### "):
            if not line.rstrip().endswith("Options"):
                notes.append("line %d: unexpected H4 in column section: %s" % (i + 1, line))
            body, end = table_body_rows(lines, i + 1)
            n += len(body)
            # skip past the table
            while k < len(entry_idxs) and entry_idxs[k] < end:
                k += 1
            continue
        if V1_OPTION_RE.match(line) or BOOL_LABEL_RE.match(line):
            n += 1
        k += 1
    return n


def page_kind(text, sections):
    keys = {s[0] for s in sections}
    if not (keys & set(SECTION_NAMES.values())) and '<a name="BKMK_' not in text:
        return "conceptual"
    has_props = any(k in ("other:properties", "other:entity properties") for k in keys)
    if re.search(r"^> .*table extends (the )?\[", text, re.M) and not has_props:
        return "extension"
    return "reference"


def count_page(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    lines = text.split("\n")
    sections = split_sections(lines)
    kind = page_kind(text, sections)
    c = dict.fromkeys(FIELDS, 0)
    notes = []
    if kind == "conceptual":
        return kind, c, notes, lines, sections
    for key, head, idxs in sections:
        if key in COLUMN_SECTIONS:
            ents = entries_of(lines, idxs)
            c[key] += len(ents)
            for _h, eidx in ents:
                c["choice_values"] += count_choices(lines, eidx, notes)
        elif key in REL_SECTIONS:
            c[key] += len(entries_of(lines, idxs))
        elif key.startswith("customized_rel:"):
            # a change to a relationship of the base page: counted under its kind and
            # in customized_relationships
            n = len(entries_of(lines, idxs, CUSTOM_ENTRY_RE))
            c[key.split(":", 1)[1]] += n
            c["customized_relationships"] += n
        elif key in ("messages", "events"):
            first_pipe = next((i for i in idxs if lines[i].startswith("|")), None)
            if first_pipe is not None:
                body, _ = table_body_rows(lines, first_pipe)
                c[key] += len(body)
    c["columns"] = c["writable"] + c["readonly"] + c["customized"]
    return kind, c, notes, lines, sections


# ---------------------------------------------------------------- cross-checks


def check_page(path, kind, c, notes, lines, sections):
    out = list(notes)
    if kind == "conceptual":
        if any(ENTRY_RE.match(l) for l in lines):
            out.append("conceptual page has BKMK entry headings")
        return out
    seen = {}
    for key, head, idxs in sections:
        seen[key] = seen.get(key, 0) + 1
        if key == "customized_relationships":
            if any(lines[i].strip() for i in idxs):
                out.append("line %d: text between Customized relationships and its H3" % (head + 1))
            continue
        if key.startswith("customized_rel:"):
            ents = entries_of(lines, idxs, CUSTOM_ENTRY_RE)
            first = ents[0][0] if ents else head + 1
            bullets = [i for i in idxs if i < first and BULLET_LINK_RE.match(lines[i])]
            if bullets and len(bullets) != len(ents):
                out.append("%s: %d entries, %d bullets" % (key, len(ents), len(bullets)))
            if not bullets and len(ents) > 1:
                out.append("%s: %d entries and no bullet list" % (key, len(ents)))
            if any(ENTRY_RE.match(lines[i]) for i in idxs):
                out.append("%s: H3 entry inside a customized relationship section" % key)
            for h, eidx in ents:
                if not any(lines[i].startswith("Changes from [") for i in eidx):
                    out.append("line %d: customized relationship without Changes from" % (h + 1))
            continue
        if key.startswith("other:") or key == "footer":
            if key.startswith("other:") and key not in (
                "other:properties",
                "other:entity properties",
            ):
                out.append("line %d: unknown section %r" % (head + 1, key))
            if any(ENTRY_RE.match(lines[i]) for i in idxs):
                out.append("line %d: entries inside non-counted section %r" % (head + 1, key))
            continue
        ents = entries_of(lines, idxs)
        # 1) bullet list under the heading (before the first entry)
        first = ents[0][0] if ents else (idxs[-1] + 1 if idxs else head + 1)
        bullets = [i for i in idxs if i < first and BULLET_LINK_RE.match(lines[i])]
        if key in COLUMN_SECTIONS + REL_SECTIONS:
            if bullets and len(bullets) != len(ents):
                out.append(
                    "%s: %d entries but %d bullet links (line %d)"
                    % (key, len(ents), len(bullets), head + 1)
                )
            if not bullets and len(ents) > 1:
                out.append("%s: %d entries and no bullet list" % (key, len(ents)))
            if not bullets and len(ents) == 1:
                out.append("%s: single entry, no bullet list (expected)" % key)
            # bullet names == entry names
            bnames = [re.search(r"\(#BKMK_([^)]*)\)", lines[i]).group(1) for i in bullets]
            enames = [re.match(r'^### <a name="BKMK_([^"]*)"', lines[h]).group(1) for h, _ in ents]
            if bullets and sorted(bnames) != sorted(enames):
                out.append("%s: bullet anchors differ from entry anchors" % key)
        if key in COLUMN_SECTIONS:
            for h, eidx in ents:
                body = [lines[i] for i in eidx]
                logical = sum(1 for l in body if LOGICAL_RE.match(l))
                types = [TYPE_RE.match(l).group(1) for l in body if TYPE_RE.match(l)]
                opts = count_choices(lines, eidx, [])
                # second choice count: integer first cells + V1 bullets + bool labels
                alt = sum(
                    1
                    for l in body
                    if INT_ROW_RE.match(l) or V1_OPTION_RE.match(l) or BOOL_LABEL_RE.match(l)
                )
                name = lines[h].split("</a>")[-1].strip()
                if opts != alt:
                    out.append(
                        "line %d %s: choices %d (heading tables) vs %d (integer rows)"
                        % (h + 1, name, opts, alt)
                    )
                if key != "customized":
                    if logical != 1 or len(types) != 1:
                        out.append(
                            "line %d %s: %d LogicalName and %d Type lines"
                            % (h + 1, name, logical, len(types))
                        )
                    t = types[0].lower() if types else ""
                    if t in CHOICE_TYPES and opts == 0:
                        out.append("line %d %s: Type %s lists no values" % (h + 1, name, t))
                    if t not in CHOICE_TYPES and opts:
                        out.append(
                            "line %d %s: Type %s lists %d values" % (h + 1, name, t, opts)
                        )
                else:
                    out.append(
                        "line %d %s: customized patch, %d choice values, types %s"
                        % (h + 1, name, opts, types)
                    )
        if key in REL_SECTIONS:
            for h, eidx in ents:
                body = [lines[i] for i in eidx]
                if key == "one_to_many":
                    sig = any(
                        re.match(r"^(\|\s*|\*\*)ReferencingEntity(\s*\||\*\*:)", l)
                        for l in body
                    ) and any(
                        l.startswith("Same as") or l.startswith("Many-To-One Relationship:")
                        for l in body
                    )
                elif key == "many_to_one":
                    sig = any(
                        l.startswith("See ") or l.startswith("One-To-Many Relationship:")
                        for l in body
                    )
                else:
                    sig = any("IntersectEntityName" in l or "Many-To-Many" in l for l in body)
                if not sig:
                    out.append("line %d: %s entry without its signature line" % (h + 1, key))
        if key in ("messages", "events"):
            pipes = [i for i in idxs if lines[i].startswith("|")]
            if pipes:
                span = range(pipes[0], pipes[-1] + 1)
                gaps = [i for i in span if not lines[i].startswith("|")]
                if gaps:
                    out.append("%s: non-table lines inside the table: %s" % (key, gaps))
                body = [lines[i] for i in pipes[2:]]
                names = set()
                for l in body:
                    cell = l.split("|")[1]
                    names.add(re.sub(r"<br />.*", "", cell).strip().strip("`"))
                if len(names) != c[key]:
                    out.append("%s: %d rows, %d distinct names" % (key, c[key], len(names)))
                ev = sum(1 for l in body if "Event:" in l)
                if ev and ev != c[key]:
                    out.append("%s: %d rows, %d Event: markers" % (key, c[key], ev))
    for k, n in seen.items():
        if n > 1 and k != "footer":
            out.append("section %r appears %d times" % (k, n))
    # V1: page-wide **Type**: lines outside relationship sections == columns
    v1_types = sum(1 for l in lines if l.startswith("**Type**:"))
    if v1_types and v1_types != c["columns"]:
        out.append("V1: %d **Type**: lines vs %d columns" % (v1_types, c["columns"]))
    return out


def main():
    root = os.getcwd()
    check = "--check" in sys.argv
    print("path\tkind\t" + "\t".join(FIELDS))
    for p in page_list(root):
        kind, c, notes, lines, sections = count_page(os.path.join(root, p))
        print("\t".join([p, kind] + [str(c[f]) for f in FIELDS]))
        if check:
            for msg in check_page(p, kind, c, notes, lines, sections):
                print("%s: %s" % (p, msg), file=sys.stderr)


if __name__ == "__main__":
    main()
