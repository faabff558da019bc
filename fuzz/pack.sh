#!/usr/bin/env bash
# Minimises each target's corpus (libFuzzer -merge=1, as `cargo fuzz cmin` does), leaves out the
# seeds (fuzz/seed.py makes them again from the fixtures and ../shared/corpus), and writes
# fuzz/corpus-min/<target>.tar.gz (ustar, sorted, fixed owner and date: reproducible bytes),
# each at most CAP bytes (default 300000): past that the biggest inputs are dropped first.
# Run after `cargo xtask fuzz`; the targets must be built (the xtask builds them).
set -euo pipefail
cd "$(dirname "$0")"
bin=target/x86_64-unknown-linux-gnu/release
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(detect pem der_cert p7b jks jceks pkcs12 verify signature snippet crl key)
cap=${CAP:-300000}
mkdir -p corpus-min
pack() { (cd "$1" && ls | LC_ALL=C sort | tar --format=ustar --owner=0 --group=0 --numeric-owner \
    --mtime=2026-01-01 -cf - -T -) | gzip -9n > "$2"; }
for t in "${targets[@]}"; do
  tmp=$(mktemp -d)
  # Merge: the smallest set of inputs with the coverage of the whole corpus.
  nice -n 19 "$bin/$t" -merge=1 -rss_limit_mb=2048 -max_len=65536 -timeout=300 \
    "$tmp" "corpus/$t" > "logs/cmin-$t.log" 2>&1
  kept=$(ls "$tmp" | wc -l)
  if [ -f "corpus/$t.seeds" ]; then
    while read -r s; do rm -f "$tmp/$s"; done < "corpus/$t.seeds"
  fi
  left=$(ls "$tmp" | wc -l)
  pack "$tmp" "corpus-min/$t.tar.gz"
  while [ "$(stat -c %s "corpus-min/$t.tar.gz")" -gt "$cap" ]; do
    mapfile -t by_size < <(ls -S "$tmp")
    for f in "${by_size[@]:0:$(( ${#by_size[@]} / 10 + 1 ))}"; do rm -f "$tmp/$f"; done
    pack "$tmp" "corpus-min/$t.tar.gz"
  done
  echo "$t: $(ls "corpus/$t" | wc -l) inputs, $kept after merge, $left without the seeds," \
    "$(ls "$tmp" | wc -l) packed in $(stat -c %s "corpus-min/$t.tar.gz") bytes"
  rm -rf "$tmp"
done
