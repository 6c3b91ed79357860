#!/bin/sh
# Copy the real pages into fuzz/corpus/<target>/ as seeds (run from the repo root or fuzz/).
# parse_bytes gets the raw pages; the structure-aware targets get small
# selectors (page index, second page, flags) followed by a few random ops.
set -eu
cd "$(dirname "$0")"
mkdir -p corpus/parse_bytes corpus/mutate_pages corpus/parse_to_emit corpus/parse_solution corpus/parse_json corpus/mutate_json
find ../tests/corpus ../docs-input ../tests/hostile -type f \( -name '*.md' -o -name '*.txt' \) \
  ! -name NOTICE.md ! -name README.md | while read -r f; do
  cp "$f" "corpus/parse_bytes/$(echo "$f" | tr '/.' '__')"
done
find ../tests/fixtures/metadata -type f -name '*.json' | while read -r f; do
  cp "$f" "corpus/parse_json/$(echo "$f" | tr '/.' '__')"
done
i=0
while [ $i -lt 64 ]; do
  for t in mutate_pages parse_to_emit mutate_json; do
    printf "$(printf '\\%03o\\%03o\\%03o' $i $((i * 7 % 256)) $((i % 2)))" > "corpus/$t/seed_$i"
    head -c $((i % 24)) /dev/urandom >> "corpus/$t/seed_$i"
  done
  i=$((i + 1))
done
# parse_solution: (file selector, even = raw) + a real solution XML file.
j=0
find ../tests/fixtures/solutions -type f -name '*.xml' | sort | while read -r f; do
  { printf "$(printf '\\%03o\\%03o' $((j % 256)) 0)"; cat "$f"; } > "corpus/parse_solution/xml_$j"
  j=$((j + 1))
done
echo "seeded: $(ls corpus/parse_bytes | wc -l) pages, $(ls corpus/mutate_pages | wc -l) selectors"
