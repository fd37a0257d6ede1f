#!/bin/sh
# run.sh - every test: the Check suites, the command-line tests, the tmux end-to-end tests.
# Prints each result and a closing "N passed, N failed, N skipped" line; exits 1 if anything
# failed. A shell test skips by exiting 77 (with its reason as the last line of its output);
# under CI (CI=true) a skip fails the run unless the test is listed with its reason in
# tests/skips.txt. Golden files are never written here: see `make golden`.
BUILD=${BUILD:-build}
if [ -n "${UPDATE_GOLDEN:-}" ]; then
	echo "UPDATE_GOLDEN is set: tests never rewrite golden files; run 'make golden' instead" >&2
	exit 2
fi
unset GOLDEN_ACTUAL
REFLECT=$(cd "$(dirname "$BUILD/reflect")" && pwd)/reflect
export REFLECT BUILD
export TZ=UTC LC_ALL=C.UTF-8
unset REFLECT_JOURNAL REFLECT_PASSPHRASE_FILE XDG_CONFIG_HOME LANGUAGE LC_MESSAGES REFLECT_LOCALEDIR
SKIPS=$(cd "$(dirname "$0")" && pwd)/skips.txt
passed=0
failed=0
skipped=0
failures=""
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

# allowed_skip TEST: TEST has a line "TEST  reason" in tests/skips.txt.
allowed_skip() {
	[ -f "$SKIPS" ] && sed 's/#.*//' "$SKIPS" | awk -v t="$1" '$1 == t && NF > 1 { f = 1 } END { exit !f }'
}

for t in "$BUILD"/tests/check_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	if [ -n "${ONLY_CHECK:-}" ] && ! echo "$name" | grep -Eq "$ONLY_CHECK"; then continue; fi
	if CK_VERBOSITY=normal "$t" >"$log/out" 2>&1; then ok=1; else ok=0; fi
	line=$(grep -E 'Checks: [0-9]+' "$log/out" | tail -n 1)
	n=$(echo "$line" | sed -n 's/.*Checks: \([0-9]*\).*/\1/p')
	f=$(echo "$line" | sed -n 's/.*Failures: \([0-9]*\).*/\1/p')
	e=$(echo "$line" | sed -n 's/.*Errors: \([0-9]*\).*/\1/p')
	n=${n:-0}; f=${f:-0}; e=${e:-0}
	bad=$((f + e))
	# A binary that failed without a parseable closing line, or ran no checks, failed.
	[ $ok = 0 ] && [ $bad = 0 ] && bad=1
	[ -z "$line" ] && [ $bad = 0 ] && bad=1
	passed=$((passed + n - f - e))
	failed=$((failed + bad))
	if [ $bad -gt 0 ]; then
		echo "FAIL $name"; grep -vE '^Running suite|^[0-9]+%: ' "$log/out" | head -n 40
		failures="$failures $name"
	else
		echo "ok   $name ($n checks)"
	fi
done

for t in tests/cli/*.sh tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	if [ -n "${ONLY:-}" ] && ! echo "$t" | grep -Eq "$ONLY"; then continue; fi
	sh "$t" >"$log/out" 2>&1
	rc=$?
	if [ $rc = 0 ]; then
		echo "ok   $t"
		passed=$((passed + 1))
	elif [ $rc = 77 ]; then
		why=$(tail -n 1 "$log/out")
		if [ "${CI:-}" = true ] && ! allowed_skip "$t"; then
			echo "FAIL $t: skipped under CI and not listed in tests/skips.txt: $why"
			failed=$((failed + 1))
			failures="$failures $t"
		else
			echo "skip $t: $why"
			skipped=$((skipped + 1))
		fi
	else
		echo "FAIL $t"; tail -n 30 "$log/out" | sed 's/^/     /'
		failed=$((failed + 1))
		failures="$failures $t"
	fi
done

echo
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
