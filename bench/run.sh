#!/bin/sh
# run.sh - make bench: generated journals of 1k, 10k and 100k entries; the time and peak memory
# of each operation from a fresh process, next to the targets in DESIGN.md.
# usage: sh bench/run.sh build/reflect      (BENCH_SIZES="1000 10000" to choose sizes)
# The entries are made up by bench/gen.c; nothing anyone wrote is involved. The generated
# documents and journals live in a private temporary directory removed on exit.
set -u
[ $# -ge 1 ] || { echo "usage: sh bench/run.sh path/to/reflect" >&2; exit 2; }
REFLECT=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -x "$REFLECT" ] || { echo "bench: no reflect at $1 (run make first)" >&2; exit 1; }
SIZES=${BENCH_SIZES:-"1000 10000 100000"}
HERE=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-cc}
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
# The generator takes its vocabularies from reflect's own (prompts.h), so it links the library.
BUILD_DIR=$(dirname "$REFLECT")
$CC -std=c11 -D_DEFAULT_SOURCE -O2 -I"$HERE/../include" -o "$W/gen" "$HERE/gen.c" \
	"$BUILD_DIR/libreflect.a" $(pkg-config --libs libsodium sqlite3 ncursesw jansson libcmark libutf8proc) \
	-lphonenumber $(pkg-config --libs protobuf icu-i18n icu-uc) -lstdc++ -lm || exit 1

# measure NAME CMD...: run CMD (output discarded) and append "NAME ms KiB status cpu-s" to
# $W/rows (wall time, peak memory, exit status, user+system CPU seconds).
measure() {
	name=$1; shift
	start=$(date +%s%N)
	/usr/bin/time -f '%M %U %S' -o "$W/mem" "$@" >/dev/null 2>"$W/err"
	rc=$?
	end=$(date +%s%N)
	ms=$(( (end - start) / 1000000 ))
	kib=$(tail -n 1 "$W/mem" | cut -d' ' -f1)
	cpu=$(tail -n 1 "$W/mem" | awk '{ print $2 + $3 }')
	echo "$name $ms $kib $rc $cpu" >>"$W/rows"
	if [ $rc != 0 ]; then
		echo "bench: '$name' failed (exit $rc): $(head -c 300 "$W/err")" >&2
	fi
}

# The cost of a bare unlock (process start, KDF, opening the file) on an empty journal with
# the same KDF: subtracted from every figure, since the targets exclude the KDF.
J0="$W/empty.db"
"$REFLECT" --journal "$J0" --passphrase-file "$W/pass" init --kdf interactive >/dev/null 2>&1
base=0
basecpu=
for i in 1 2 3; do
	start=$(date +%s%N)
	/usr/bin/time -f '%U %S' -o "$W/mem" "$REFLECT" --journal "$J0" --passphrase-file "$W/pass" list >/dev/null 2>&1
	end=$(date +%s%N)
	t=$(( (end - start) / 1000000 ))
	c=$(tail -n 1 "$W/mem" | awk '{ print $1 + $2 }')
	if [ $base = 0 ] || [ $t -lt $base ]; then base=$t; fi
	if [ -z "$basecpu" ] || awk -v a="$c" -v b="$basecpu" 'BEGIN { exit !(a < b) }'; then basecpu=$c; fi
done

: >"$W/rows"
for n in $SIZES; do
	J="$W/j$n.db"
	R() { "$REFLECT" --journal "$J" --passphrase-file "$W/pass" "$@"; }
	"$W/gen" "$n" >"$W/in$n.json" || exit 1
	R init --kdf interactive >/dev/null 2>&1 || { echo "bench: init failed" >&2; exit 1; }
	echo "== $n entries ($(($(wc -c <"$W/in$n.json") / 1048576)) MiB of JSON)" >&2
	measure "$n import" "$REFLECT" --journal "$J" --passphrase-file "$W/pass" import --format json "$W/in$n.json"
	rm -f "$W/in$n.json"
	measure "$n first" "$REFLECT" --journal "$J" --passphrase-file "$W/pass" list --limit 1
	measure "$n newest10" "$REFLECT" --journal "$J" --passphrase-file "$W/pass" list --limit 10
	measure "$n theme" "$REFLECT" --journal "$J" --passphrase-file "$W/pass" list --theme "ghosts in the nursery"
	measure "$n search" "$REFLECT" --journal "$J" --passphrase-file "$W/pass" list --search "rattle"
	measure "$n review" "$REFLECT" --journal "$J" --passphrase-file "$W/pass" review --format json
	measure "$n export" "$REFLECT" --journal "$J" --passphrase-file "$W/pass" export --format json --keep-identifiers --force -o "$W/out.json"
	# the same with every text scanned and redacted (names, phones, emails, dates, addresses)
	measure "$n redact" "$REFLECT" --journal "$J" --passphrase-file "$W/pass" export --format json --redact --force -o "$W/out.json"
	# passwd seals every record again under a new master key, in one transaction
	printf 'another bench passphrase\n' >"$W/pass2"
	measure "$n passwd" "$REFLECT" --journal "$J" --passphrase-file "$W/pass" passwd --new-passphrase-file "$W/pass2"
	rm -f "$W/out.json" "$J" "$J-wal" "$J-shm"
done

# The table: net seconds (bare unlock of $base ms taken off) and peak MiB, per size.
echo "load average before the table: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) on $(nproc 2>/dev/null || echo '?') CPUs"
awk -v base="$base" -v basecpu="$basecpu" -v sizes="$SIZES" '
BEGIN {
	split("first newest10 theme search review export redact import passwd", ops, " ")
	label["first"] = "first line after unlock"; target["first"] = "0.3"
	label["newest10"] = "list the 10 newest"; target["newest10"] = "0.05"
	label["theme"] = "filter by a theme"; target["theme"] = "0.5"
	label["search"] = "full-text search"; target["search"] = "0.8"
	label["review"] = "review (all patterns)"; target["review"] = "1.0"
	label["export"] = "export all to JSON"; target["export"] = "2"
	label["redact"] = "export --redact to JSON"; target["redact"] = "4 (export + 2)"
	label["import"] = "import all (JSON)"; target["import"] = "5"
	label["passwd"] = "passwd (re-seal all)"; target["passwd"] = "5"
	ns = split(sizes, sz, " ")
}
{ ms[$1, $2] = $3; kib[$1, $2] = $4; rc[$1, $2] = $5; cpu[$1, $2] = $6 }
END {
	printf "reflect bench: seconds (net of a bare unlock, %.3f s) / peak MiB\n", base / 1000
	printf "%-26s", "operation"
	for (i = 1; i <= ns; i++) printf " %16s", sz[i] " entries"
	printf "   target at 100k\n"
	for (k = 1; k <= 9; k++) {
		op = ops[k]
		printf "%-26s", label[op]
		for (i = 1; i <= ns; i++) {
			key = sz[i] SUBSEP op
			if (!(key in ms)) { printf " %16s", "-"; continue }
			net = (ms[key] - base) / 1000; if (net < 0) net = 0
			cell = sprintf("%.3f s/%d MiB%s", net, (kib[key] + 1023) / 1024, rc[key] ? "!" : "")
			printf " %16s", cell
		}
		printf "   <= %s s, <= 150 MiB\n", target[op]
	}
	printf "\nthe same, CPU seconds (user + system, net of %.2f s for a bare unlock)\n", basecpu
	for (k = 1; k <= 9; k++) {
		op = ops[k]
		printf "%-26s", label[op]
		for (i = 1; i <= ns; i++) {
			key = sz[i] SUBSEP op
			if (!(key in cpu)) { printf " %16s", "-"; continue }
			c = cpu[key] - basecpu; if (c < 0) c = 0
			printf " %16s", sprintf("%.2f s", c)
		}
		printf "\n"
	}
	print "(! = the command failed; see the messages above)"
}' "$W/rows"
