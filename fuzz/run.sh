#!/bin/sh
# Run the fuzz targets one after another, niced, SECS seconds each (default 1200).
# Fork mode with one job keeps going after a crash; crash inputs land in
# artifacts/<target>/, logs in artifacts/logs/<target>.log.
# Usage: fuzz/run.sh [SECS] [TARGET...]
set -u
cd "$(dirname "$0")"
secs=${1:-1200}
[ $# -gt 0 ] && shift
targets=${*:-parse_bytes mutate_pages parse_to_emit parse_solution parse_json mutate_json}
./seed.sh
mkdir -p artifacts/logs
for t in $targets; do
  mkdir -p "artifacts/$t"
  case $t in parse_bytes | parse_solution | parse_json) max=131072 ;; *) max=512 ;; esac
  nice -n 10 cargo +nightly fuzz run -O "$t" "corpus/$t" -- \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$secs" -max_len="$max" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="artifacts/$t/" \
    > "artifacts/logs/$t.log" 2>&1
  echo "$t done: $(grep -o '#[0-9]*' "artifacts/logs/$t.log" | tail -1)"
done
