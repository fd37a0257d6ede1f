/* limit.c - the physical floor for make bench: how long this machine takes to read and decrypt
 * every row of a journal (all metadata and texts, nothing unpacked or matched), and the
 * metadata alone, inside one process after unlocking. Every full-scan operation can at best
 * approach these figures; bench/run.sh prints each operation's ratio to them.
 * usage: limit JOURNAL PASSPHRASE-FILE [REPEAT]
 * prints: "open S", "meta S ROWS MIB", "all S ROWS MIB" (best of REPEAT runs, seconds). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reflect/journal.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	char pass[512];
	size_t plen;
	FILE *fp;
	journal *j = NULL;
	int repeat = argc > 3 ? atoi(argv[3]) : 3;
	double t0, best_meta = -1, best_all = -1, open_s;
	size_t rows = 0, bytes_meta = 0, bytes_all = 0;

	if (argc < 3 || repeat < 1) {
		fprintf(stderr, "usage: limit JOURNAL PASSPHRASE-FILE [REPEAT]\n");
		return 2;
	}
	if ((fp = fopen(argv[2], "r")) == NULL || fgets(pass, sizeof pass, fp) == NULL) {
		fprintf(stderr, "limit: cannot read %s\n", argv[2]);
		return 1;
	}
	fclose(fp);
	plen = strcspn(pass, "\n");
	t0 = now();
	if (journal_open(argv[1], pass, plen, &j) != RF_OK) {
		fprintf(stderr, "limit: cannot open %s\n", argv[1]);
		return 1;
	}
	open_s = now() - t0;
	for (int i = 0; i < repeat; i++) {
		double t;
		t0 = now();
		if (journal_read_all(j, false, &rows, &bytes_meta) != RF_OK)
			return 1;
		t = now() - t0;
		if (best_meta < 0 || t < best_meta)
			best_meta = t;
		t0 = now();
		if (journal_read_all(j, true, &rows, &bytes_all) != RF_OK)
			return 1;
		t = now() - t0;
		if (best_all < 0 || t < best_all)
			best_all = t;
	}
	journal_close(&j);
	printf("open %.3f\n", open_s);
	printf("meta %.3f %zu %.1f\n", best_meta, rows, (double)bytes_meta / 1048576.0);
	printf("all %.3f %zu %.1f\n", best_all, rows, (double)bytes_all / 1048576.0);
	return 0;
}
