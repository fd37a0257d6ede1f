#!/bin/sh
# fuzz_corpus.sh - replays every fuzz corpus (seeds and any crash once found) through its
# harness, built without libFuzzer by 'make check' as $BUILD/tests/replay_NAME.
BUILD=${BUILD:-build}
found=0
for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	bin="$BUILD/tests/replay_$name"
	[ -x "$bin" ] || { echo "FAIL: $bin was not built"; exit 1; }
	[ -d "tests/fuzz/corpus/$name" ] || { echo "FAIL: no corpus for $name"; exit 1; }
	"$bin" "tests/fuzz/corpus/$name" || { echo "FAIL: $name on its corpus"; exit 1; }
	found=$((found + 1))
done
[ $found -gt 0 ] || { echo "FAIL: no fuzz harnesses"; exit 1; }
exit 0
