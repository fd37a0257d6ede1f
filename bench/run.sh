#!/bin/sh
# run.sh - make bench: generated journals (by default 10k and 100k entries); the time and peak
# memory of each operation from a fresh process, next to the read+decrypt floor measured on
# this machine in the same run (bench/limit.c) and the targets in DESIGN.md.
# usage: sh bench/run.sh build/reflect
#   BENCH_SIZES="1000 10000"  sizes to measure (default "10000 100000")
#   BENCH_REPEAT=3            runs of each read operation; the best counts (import runs once)
#   BENCH_CACHE=dir           where the generated documents are kept between runs (default
#                             $XDG_CACHE_HOME/reflect-bench); BENCH_CACHE=none keeps nothing
#   BENCH_LIB=path            the libreflect.a to build the generator and the floor driver with
#   BENCH_ONLY='theme|search' only the operations named (an extended regex of the names in the
#                             table's code: first newest10 theme emotion search rare review json
#                             md mdkeep redact passwd); the import and the floor always run
# The entries are made up by bench/gen.c; nothing anyone wrote is involved. The journals live
# in a private temporary directory removed on exit; the generated JSON documents (made-up text)
# are cached, keyed by the generator, so a second run starts measuring at once.
set -u
[ $# -ge 1 ] || { echo "usage: sh bench/run.sh path/to/reflect" >&2; exit 2; }
REFLECT=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -x "$REFLECT" ] || { echo "bench: no reflect at $1 (run make first)" >&2; exit 1; }
SIZES=${BENCH_SIZES:-"10000 100000"}
REPEAT=${BENCH_REPEAT:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-cc}
CACHE=${BENCH_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/reflect-bench}
export TZ=UTC LC_ALL=C.UTF-8
unset REFLECT_JOURNAL REFLECT_PASSPHRASE_FILE

# GNU time reports peak memory; install it if it is missing and we may.
if [ ! -x /usr/bin/time ]; then
	if [ "$(id -u)" = 0 ]; then
		apt-get install -y time >/dev/null 2>&1 || true
	elif command -v sudo >/dev/null 2>&1; then
		sudo -n apt-get install -y time >/dev/null 2>&1 || true
	fi
fi
[ -x /usr/bin/time ] || { echo "bench: GNU time is needed (apt-get install time)" >&2; exit 1; }

W=$(mktemp -d "${TMPDIR:-/tmp}/reflect-bench.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT INT TERM
chmod 700 "$W"
export HOME="$W/home" XDG_DATA_HOME="$W/data" XDG_CONFIG_HOME="$W/config"
mkdir -p "$HOME"
printf 'bench passphrase for a made-up journal\n' >"$W/pass"
# The generator takes its vocabularies from reflect's own (prompts.h), so it links the library;
# so does the floor driver (it reads through the journal's own code).
LIB=${BENCH_LIB:-$(dirname "$REFLECT")/libreflect.a}
LIBS="$(pkg-config --libs libsodium sqlite3 ncursesw jansson libcmark libutf8proc icu-i18n icu-uc) -lphonenumber $(pkg-config --libs protobuf) -lstdc++"
for p in gen limit; do
	$CC -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -O2 -I"$HERE/../include" \
		-o "$W/$p" "$HERE/$p.c" "$LIB" $LIBS -lm || exit 1
done
KEY=$(cat "$W/gen" | cksum | cut -d' ' -f1)
if [ "$CACHE" != none ]; then
	mkdir -p "$CACHE" && chmod 700 "$CACHE" || CACHE=none
fi

# best NAME RUNS CMD...: run CMD RUNS times (output discarded) and append "NAME ms KiB status
# cpu-s" for the fastest run to $W/rows (wall time, peak memory of any run, exit status, CPU).
best() {
	name=$1 runs=$2
	shift 2
	bms= bkib=0 brc=0 bcpu=
	i=0
	while [ $i -lt "$runs" ]; do
		start=$(date +%s%N)
		/usr/bin/time -f '%M %U %S' -o "$W/mem" "$@" >/dev/null 2>"$W/err"
		rc=$?
		end=$(date +%s%N)
		ms=$(((end - start) / 1000000))
		kib=$(tail -n 1 "$W/mem" | cut -d' ' -f1)
		cpu=$(tail -n 1 "$W/mem" | awk '{ print $2 + $3 }')
		if [ $rc != 0 ]; then
			brc=$rc
			echo "bench: '$name' failed (exit $rc): $(head -c 300 "$W/err")" >&2
		fi
		if [ -z "$bms" ] || [ "$ms" -lt "$bms" ]; then bms=$ms bcpu=$cpu; fi
		[ "$kib" -gt "$bkib" ] && bkib=$kib
		i=$((i + 1))
	done
	echo "$name $bms $bkib $brc $bcpu" >>"$W/rows"
}

# The cost of a bare unlock (process start, KDF, opening the file) on an empty journal with
# the same KDF: subtracted from every figure, since the targets exclude the KDF.
J0="$W/empty.db"
"$REFLECT" --journal "$J0" --passphrase-file "$W/pass" init --kdf interactive >/dev/null 2>&1
: >"$W/rows"
best base 5 "$REFLECT" --journal "$J0" --passphrase-file "$W/pass" list
base=$(awk '{ print $2 }' "$W/rows")
basecpu=$(awk '{ print $5 }' "$W/rows")
: >"$W/rows"

load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
for n in $SIZES; do
	J="$W/j$n.db"
	DOC="$W/in$n.json"
	if [ "$CACHE" != none ] && [ -s "$CACHE/in$n-$KEY.json" ]; then
		DOC="$CACHE/in$n-$KEY.json"
	else
		[ "$CACHE" != none ] && DOC="$CACHE/in$n-$KEY.json"
		"$W/gen" "$n" >"$DOC.part" && mv "$DOC.part" "$DOC" || exit 1
	fi
	R() { "$REFLECT" --journal "$J" --passphrase-file "$W/pass" "$@"; }
	R init --kdf interactive >/dev/null 2>&1 || { echo "bench: init failed" >&2; exit 1; }
	echo "== $n entries ($(($(wc -c <"$DOC") / 1048576)) MiB of JSON)" >&2
	best "$n import" 1 "$REFLECT" --journal "$J" --passphrase-file "$W/pass" import --format json "$DOC"
	[ "$CACHE" = none ] && rm -f "$DOC"
	"$W/limit" "$J" "$W/pass" "$REPEAT" >"$W/limit.out" || { echo "bench: the floor driver failed" >&2; exit 1; }
	awk -v n="$n" '{ print n, "limit_" $1, int($2 * 1000 + 0.5), 0, 0, $2 }' "$W/limit.out" >>"$W/rows"
	# A word in about half the entries, and one in a few.
	rare=$(grep -o 'thinking of [a-z]*' "$DOC" | head -n 2000 | sort | uniq -c | sort -n | awk 'NR == 1 { print $4 }')
	want() { [ -z "${BENCH_ONLY:-}" ] || echo "$1" | grep -Eqx "$BENCH_ONLY"; }
	B() { op=$1; shift; want "$op" || return 0; best "$n $op" "$REPEAT" "$REFLECT" --journal "$J" --passphrase-file "$W/pass" "$@"; }
	B first list --limit 1
	B newest10 list --limit 10
	B theme list --theme "ghosts in the nursery"
	B emotion list --emotion "joy"
	B search list --search "rattle"
	B rare list --search "$rare"
	B review review --format json
	B json export --format json --force -o "$W/out.json"
	B md export --format md --force -o "$W/out.md"
	B mdkeep export --format md --keep-identifiers --force -o "$W/out.md"
	# every text scanned and redacted (names, phones, emails, dates, addresses)
	B redact export --format json --redact --force -o "$W/out.json"
	# passwd seals every record again under a new master key, in one transaction (last: it
	# changes the passphrase)
	printf 'another bench passphrase\n' >"$W/pass2"
	P2="$W/pass"
	if want passwd; then
		best "$n passwd" 1 "$REFLECT" --journal "$J" --passphrase-file "$W/pass" passwd --new-passphrase-file "$W/pass2"
		P2="$W/pass2"
	fi
	echo "$n matches search=$("$REFLECT" --journal "$J" --passphrase-file "$P2" list --search rattle 2>/dev/null | wc -l) rare($rare)=$("$REFLECT" --journal "$J" --passphrase-file "$P2" list --search "$rare" 2>/dev/null | wc -l)" >>"$W/notes"
	rm -f "$W/out.json" "$W/out.md" "$J" "$J-wal" "$J-shm"
done

# The table: net seconds (bare unlock of $base ms taken off), the ratio to the read+decrypt
# floor of the same size, the target at 100k, and peak MiB.
echo "reflect bench on $(nproc 2>/dev/null || echo '?') CPUs; load average $load0 before, $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) after; best of $REPEAT runs (import: 1)"
cat "$W/notes" 2>/dev/null
awk -v base="$base" -v basecpu="$basecpu" -v sizes="$SIZES" '
BEGIN {
	split("import first newest10 theme emotion search rare review json md mdkeep redact passwd", ops, " ")
	nops = 13
	label["passwd"] = "passwd (re-seal all)"; target["passwd"] = "5"
	label["import"] = "import all (JSON)"; target["import"] = "3"
	label["first"] = "first line after unlock"; target["first"] = "0.3"
	label["newest10"] = "list the 10 newest"; target["newest10"] = "0.05"
	label["theme"] = "filter by a theme"; target["theme"] = "0.3"
	label["emotion"] = "filter by a feeling"; target["emotion"] = "0.3"
	label["search"] = "search, common word"; target["search"] = "0.5"
	label["rare"] = "search, rare word"; target["rare"] = "0.5"
	label["review"] = "review (all patterns)"; target["review"] = "0.8"
	label["json"] = "export JSON (scan)"; target["json"] = "1.5"
	label["md"] = "export Markdown (scan)"; target["md"] = "1.5"
	label["mdkeep"] = "export Markdown (kept)"; target["mdkeep"] = "1.5"
	label["redact"] = "export JSON (--redact)"; target["redact"] = "3.5"
	ns = split(sizes, sz, " ")
}
$2 ~ /^limit_/ { lim[$1, substr($2, 7)] = $6; rows[$1] = $5; next }
{ ms[$1, $2] = $3; kib[$1, $2] = $4; rc[$1, $2] = $5; cpu[$1, $2] = $6 }
END {
	printf "bare unlock %.3f s (subtracted); read+decrypt floor (bench/limit.c, in-process):\n", base / 1000
	for (i = 1; i <= ns; i++)
		printf "  %7d entries: open %.3f s, metadata %.3f s, metadata+texts %.3f s\n", sz[i], lim[sz[i], "open"], lim[sz[i], "meta"], lim[sz[i], "all"]
	printf "\n%-24s", "operation"
	for (i = 1; i <= ns; i++) printf " %24s", sz[i] " entries"
	printf "   target at 100k\n"
	printf "%-24s", ""
	for (i = 1; i <= ns; i++) printf " %24s", "s  x floor  MiB"
	printf "\n"
	for (k = 1; k <= nops; k++) {
		op = ops[k]
		printf "%-24s", label[op]
		for (i = 1; i <= ns; i++) {
			key = sz[i] SUBSEP op
			if (!(key in ms)) { printf " %24s", "-"; continue }
			net = (ms[key] - base) / 1000; if (net < 0) net = 0
			fl = lim[sz[i], "all"]
			ratio = fl > 0 ? sprintf("%.2f", net / fl) : "-"
			cell = sprintf("%.3f%s %6s %4d", net, rc[key] ? "!" : " ", ratio, (kib[key] + 1023) / 1024)
			printf " %24s", cell
		}
		last = sz[ns] SUBSEP op
		verdict = ""
		if (sz[ns] == 100000 && (last in ms))
			verdict = ((ms[last] - base) / 1000 <= target[op] + 0 && kib[last] <= 150 * 1024) ? "  ok" : "  MISSED"
		printf "   <= %s s, <= 150 MiB%s\n", target[op], verdict
	}
	printf "\nCPU seconds (user + system, net of %.2f s for a bare unlock)\n", basecpu
	for (k = 1; k <= nops; k++) {
		op = ops[k]
		printf "%-24s", label[op]
		for (i = 1; i <= ns; i++) {
			key = sz[i] SUBSEP op
			if (!(key in cpu)) { printf " %24s", "-"; continue }
			c = cpu[key] - basecpu; if (c < 0) c = 0
			printf " %24s", sprintf("%.2f s", c)
		}
		printf "\n"
	}
	print "(! = the command failed; see the messages above. x floor = net seconds over the"
	print " metadata+texts floor of the same size.)"
}' "$W/rows"
