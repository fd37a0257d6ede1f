#!/bin/sh
# deid_probes.sh - de-identification measured on two probe sets, each with its own identifiers
# list and clean corpus: tests/deid (the project's own) and tests/deid/heldout (written apart,
# blind to how the code decides, so the figures are not only tuned to the first). English and
# Spanish: every variant of a listed name, names nobody listed, phones, emails, dates of birth,
# addresses, and ordinary reflective prose. Each set fails below the goals: 100% of listed-name
# variants, 97% of every other category, 97% of clean words kept. The figures of both are
# printed (build/tests/drivers/deid_measure tests/deid[/heldout] shows them too).
. "$(dirname "$0")/../lib/lib.sh"
B=${BUILD:-build}
D=$(cd "$(dirname "$0")/../deid" && pwd)
[ "$(grep -vc '^#' "$D/probes.tsv")" -ge 300 ] || fail "fewer than 300 probes"
[ "$(grep -vc '^#' "$D/heldout/probes.tsv")" -ge 250 ] || fail "fewer than 250 held-out probes"
for set in "$D" "$D/heldout"; do
	echo "== $set"
	"$B/tests/drivers/deid_measure" "$set" >"$T/out" 2>&1
	rc=$?
	cat "$T/out"
	[ $rc = 0 ] || fail "de-identification is below its goals on $set"
	for cat in listed unlisted phone email dob address; do
		grep -q "^recall $cat " "$T/out" || fail "no probes for $cat in $set"
	done
	grep -q "^recall listed .*= 100.00%" "$T/out" || fail "a listed name's variant got through ($set)"
done
echo "de-identification meets its goals on both sets"
