#!/bin/sh
# mutate.sh - mutation testing of the test suite (make mutate): every tests/mutants/*.mutant is a
# deliberate one-line bug. Each is applied to a copy of the tree, built, and the tests it names
# are run; at least one must fail ("killed"). A mutant whose tests all pass "survived"; one
# whose find text is not in its file exactly once is "stale"; one that does not build is
# "unbuildable". The run fails unless every mutant is killed.
#
# Use: make mutate [MUTANTS="tests/mutants/18-x.mutant ..."]
#      sh tools/mutate.sh [FILE.mutant ...]     (BUILD=dir: the build to start the copy from)
# Environment: MUTATE_TIMEOUT (seconds per test, default 900; a timeout counts as a kill),
#              MUTATE_BASELINE=0 to skip running the named tests on the unchanged copy first,
#              MUTATE_KEEP=1 to keep the copy (its path is printed).
#
# Mutant file format (one file per bug):
#   # one line: what the deliberate bug is
#   file: src/core/deid.c
#   find: exact text that occurs exactly once in that file (one line; surrounding blanks are
#         ignored, so leading tabs need not be written)
#   replace: the buggy text (one line)
#   tests: check_deid tests/cli/export_redact.sh   (Check binaries by basename, shell tests by path)
#
# How: the tracked files are copied (cp -a, keeping times) into a temporary directory together
# with the current build directory, so make's dependency tracking rebuilds only what a mutant
# touches: one object, the library, and the binaries that link it. After each mutant the file is
# put back and marked changed, so the next build compiles it again from the real source.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
BUILD=${BUILD:-build}
TIMEOUT=${MUTATE_TIMEOUT:-900}
if [ $# -gt 0 ]; then MUTANTS="$*"; else MUTANTS=$(ls tests/mutants/*.mutant 2>/dev/null); fi
[ -n "$MUTANTS" ] || { echo "no mutants in tests/mutants/" >&2; exit 2; }
[ -x "$BUILD/reflect" ] || { echo "build first: $BUILD/reflect is missing (make unit)" >&2; exit 2; }

W=$(mktemp -d "${TMPDIR:-/tmp}/reflect-mutate.XXXXXX")
if [ "${MUTATE_KEEP:-0}" = 1 ]; then echo "copy kept in $W"; else trap 'rm -rf "$W"' EXIT; fi
TREE="$W/tree"
mkdir -p "$TREE" "$W/logs"
start=$(date +%s)

# field NAME FILE: the value of "NAME:" in a mutant file, surrounding blanks removed.
field() { sed -n "s/^$1:[[:space:]]*//p" "$2" | head -n 1 | sed 's/[[:space:]]*$//'; }

# The copy: tracked and new (not ignored) files as they are in the working tree, then the build with its times.
git ls-files -z --cached --others --exclude-standard | xargs -0 cp -a --parents -t "$TREE" 2>/dev/null
cp -a "$BUILD" "$TREE/build"
DRIVERS=$(cd "$TREE" && ls tests/drivers/*.c 2>/dev/null | sed 's|tests/drivers/\(.*\)\.c|build/tests/drivers/\1|')

# build CHECKS...: the binary, the drivers and the named Check binaries, in the copy.
build() {
	targets="build/reflect $DRIVERS"
	for c in "$@"; do targets="$targets build/tests/$c"; done
	# shellcheck disable=SC2086
	make -C "$TREE" -s BUILD=build $targets >"$W/logs/build" 2>&1
}

# run_test NAME: one test in the copy, as tests/run.sh runs it. 0 = passed.
run_test() {
	(
		cd "$TREE" || exit 2
		unset REFLECT_JOURNAL REFLECT_PASSPHRASE_FILE XDG_CONFIG_HOME LANGUAGE LC_MESSAGES \
			REFLECT_LOCALEDIR UPDATE_GOLDEN GOLDEN_ACTUAL
		export REFLECT="$TREE/build/reflect" BUILD=build TZ=UTC LC_ALL=C.UTF-8
		case "$1" in
		*.sh) timeout "$TIMEOUT" sh "$1" ;;
		*) CK_VERBOSITY=silent timeout "$TIMEOUT" "build/tests/$1" ;;
		esac
	) >"$W/logs/test" 2>&1
}

checks_of() { for t in $1; do case "$t" in *.sh) ;; *) echo "$t" ;; esac; done; }

# Check every file first: a malformed or stale mutant is reported before anything is built.
bad=0
for m in $MUTANTS; do
	f=$(field file "$m"); find=$(field find "$m"); tests=$(field tests "$m")
	if [ -z "$f" ] || [ -z "$find" ] || [ -z "$tests" ] || ! grep -q '^replace:' "$m"; then
		echo "malformed $m (needs file:, find:, replace:, tests:)"; bad=1
	fi
done
[ $bad = 0 ] || exit 2

# The named tests must pass on the unchanged copy, or a "kill" means nothing.
all_tests=$(for m in $MUTANTS; do field tests "$m"; done | tr ' ' '\n' | sed '/^$/d' | sort -u)
if ! build $(checks_of "$all_tests"); then
	echo "the unchanged copy does not build:"; tail -n 20 "$W/logs/build"; exit 2
fi
if [ "${MUTATE_BASELINE:-1}" != 0 ]; then
	for t in $all_tests; do
		if ! run_test "$t"; then
			echo "baseline: $t fails on the unchanged tree; fix it before mutating:"
			tail -n 15 "$W/logs/test"
			exit 2
		fi
	done
	echo "baseline: $(echo "$all_tests" | wc -l | tr -d ' ') tests pass on the unchanged tree ($(( $(date +%s) - start )) s)"
fi

killed=0; survived=0; stale=0; unbuildable=0; total=0; problems=""
for m in $MUTANTS; do
	total=$((total + 1))
	name=$(basename "$m")
	what=$(sed -n 's/^#[[:space:]]*//p' "$m" | head -n 1)
	f=$(field file "$m"); find=$(field find "$m"); repl=$(field replace "$m"); tests=$(field tests "$m")
	t0=$(date +%s)
	if [ ! -f "$TREE/$f" ]; then n=0; else
		n=$(FIND=$find perl -0777 -ne '$c = 0; $p = 0;
			while (($p = index($_, $ENV{FIND}, $p)) >= 0) { $c++; $p += length $ENV{FIND} }
			print $c' "$TREE/$f")
	fi
	if [ "$n" != 1 ]; then
		echo "stale       $name: the find text occurs $n times in $f"
		stale=$((stale + 1)); problems="$problems $name"
		continue
	fi
	cp -a "$TREE/$f" "$W/orig"
	FIND=$find REPL=$repl perl -0777 -pe '$i = index($_, $ENV{FIND});
		substr($_, $i, length $ENV{FIND}) = $ENV{REPL}' "$W/orig" >"$TREE/$f"
	by=""
	if ! build $(checks_of "$tests"); then
		result=unbuildable
	else
		result=survived
		for t in $tests; do
			if ! run_test "$t"; then by=$t; result=killed; break; fi
		done
	fi
	# Put the real file back, newer than anything built from the mutant.
	cp "$W/orig" "$TREE/$f"
	touch "$TREE/$f"
	secs=$(( $(date +%s) - t0 ))
	case $result in
	killed) killed=$((killed + 1)); echo "killed      $name by $by (${secs} s): $what" ;;
	survived) survived=$((survived + 1)); problems="$problems $name"
		echo "SURVIVED    $name (${secs} s): $what -- tests: $tests" ;;
	unbuildable) unbuildable=$((unbuildable + 1)); problems="$problems $name"
		echo "unbuildable $name: $what"; grep -m 5 -E 'error|Error' "$W/logs/build" | sed 's/^/    /' ;;
	esac
done

echo
[ -n "$problems" ] && echo "not killed:$problems"
echo "$killed of $total mutants killed ($survived survived, $stale stale, $unbuildable unbuildable) in $(( $(date +%s) - start )) s"
[ $killed = "$total" ]
