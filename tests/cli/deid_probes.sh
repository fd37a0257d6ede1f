#!/bin/sh
# deid_probes.sh - de-identification measured: the probe set in tests/deid (English and Spanish:
# every variant of a listed name, names nobody listed, phones, emails, dates of birth,
# addresses) and a clean corpus of ordinary reflective prose. Fails below the goals: 100% of
# listed-name variants, 97% of every other category, 97% of clean words kept. The figures are
# the last lines of the output (run build/tests/drivers/deid_measure tests/deid to see them).
. "$(dirname "$0")/../lib/lib.sh"
B=${BUILD:-build}
D=$(cd "$(dirname "$0")/../deid" && pwd)
[ "$(grep -vc '^#' "$D/probes.tsv")" -ge 300 ] || fail "fewer than 300 probes"
"$B/tests/drivers/deid_measure" "$D" >"$T/out" 2>&1
rc=$?
cat "$T/out"
[ $rc = 0 ] || fail "de-identification is below its goals"
for cat in listed unlisted phone email dob address; do
	grep -q "^recall $cat " "$T/out" || fail "no probes for $cat"
done
grep -q "^recall listed .*= 100.00%" "$T/out" || fail "a listed name's variant got through"
echo "de-identification meets its goals"
