#!/bin/sh
# golden.sh - the only way golden files change: run the tests that compare against
# tests/golden/*, collect what they produced (GOLDEN_ACTUAL), copy it over the golden files, show
# the diff (read it before committing), then run the same tests again against the new files.
# Use: make golden  (BUILD=dir for another build).
set -u
BUILD=${BUILD:-build}
REFLECT=$(cd "$(dirname "$BUILD/reflect")" && pwd)/reflect
export REFLECT BUILD TZ=UTC LC_ALL=C.UTF-8
unset REFLECT_JOURNAL REFLECT_PASSPHRASE_FILE XDG_CONFIG_HOME LANGUAGE LC_MESSAGES REFLECT_LOCALEDIR UPDATE_GOLDEN
GOLDEN_TESTS="tests/cli/export_golden.sh tests/cli/review.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for t in $GOLDEN_TESTS; do
	GOLDEN_ACTUAL=$out sh "$t" >"$out/.log" 2>&1 || echo "($t differed or failed while collecting; see the diff below)"
done
rm -f "$out/.log"
# Copy only files the tests produced (inputs such as tests/golden/export/entries.json stay).
(cd "$out" && find . -type f) | while IFS= read -r f; do
	mkdir -p "$(dirname "tests/golden/$f")"
	cp "$out/$f" "tests/golden/$f"
done
git --no-pager diff --stat -- tests/golden
git --no-pager diff -- tests/golden
status=0
for t in $GOLDEN_TESTS; do
	if sh "$t" >"$out/.log" 2>&1; then echo "ok   $t"; else echo "FAIL $t"; tail -n 20 "$out/.log"; status=1; fi
done
exit $status
