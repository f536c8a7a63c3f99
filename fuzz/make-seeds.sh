#!/usr/bin/env bash
# Rebuild fuzz/seeds/ from the bundled catalogue and the test fixtures.
# Each load seed is one input: a whole catalogue in one file where possible
# (so the success path is fuzzed), with `#--additions--` splitting off a file
# of the user's additions in a few.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/seeds/load
rm -rf "$out" && mkdir -p "$out"
small=tests/fixtures/small
for n in "$small"/networks/*.toml; do
  cat "$small/catalogue.toml" "$n" > "$out/small-$(basename "$n")"
done
cat "$small/catalogue.toml" "$small"/networks/northern-data-guild.toml \
  <(printf '\n#--additions--\n') "$small"/networks/old-mill-analysts.toml \
  > "$out/small-with-additions.toml"
cat "$small/catalogue.toml" "$small"/networks/*.toml > "$out/small-all.toml"
for n in catalogue/networks/*.toml; do
  cp "$n" "$out/bundled-$(basename "$n")"
done
cat catalogue/catalogue.toml catalogue/networks/apha.toml catalogue/networks/fedip.toml \
  > "$out/bundled-catalogue-two-networks.toml"
cp tests/fixtures/hostile/hostile.toml "$out/hostile.toml"
for f in tests/fixtures/broken/*.toml; do cp "$f" "$out/broken-$(basename "$f")"; done
for f in tests/fixtures/bad/*.toml; do
  [ "$(wc -c < "$f")" -le 16384 ] && cp "$f" "$out/bad-$(basename "$f")"
done
# The sanitiser: two bytes of cap, then text.
s=fuzz/seeds/sanitize
rm -rf "$s" && mkdir -p "$s"
printf '\x00\x50Evil \x1b]0;title\x07 Network \xe2\x80\xae desrever \xe2\x80\x8b' > "$s/escapes"
printf '\x00\x08a\r\nb\tc\xe2\x80\xa8d\xc2\x85e\x7f' > "$s/breaks"
printf '\x01\x00\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7 family' > "$s/emoji"
printf '\x00\x03\xf3\xa0\x81\x81tag\xef\xbb\xbf\xe2\x81\xa6iso\xe2\x81\xa9' > "$s/tags"
# The cache: the bundled catalogue's head, a part and both indexes, as
# rkyv archives (written by an ignored test of src/cache/tests.rs).
cargo test --lib cache::tests::write_fuzz_seeds -- --ignored --exact
