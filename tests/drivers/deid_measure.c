/* deid_measure.c - measure de-identification on the probe set and the clean corpus in DIR
 * (tests/deid): recall per category (a probe is caught when its secret does not survive
 * redaction) and the share of a clean corpus's words kept. Prints the figures and every miss;
 * exits 1 below the goals: 100% of listed-name variants, 97% of everything else, 97% of clean
 * words kept. Usage: deid_measure DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/deid.h"

#define MAXCAT 16

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (b = malloc((size_t)n + 1)) == NULL) {
		fprintf(stderr, "deid_measure: cannot read %s\n", path);
		exit(2);
	}
	if (fread(b, 1, (size_t)n, f) != (size_t)n)
		exit(2);
	b[n] = '\0';
	fclose(f);
	return b;
}

/* "\n" written out in a probe is a line break */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] == 'n') {
			*o++ = '\n';
			s++;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

static size_t words(const char *s)
{
	size_t n = 0;
	int in = 0;

	for (; *s; s++) {
		int sp = *s == ' ' || *s == '\n' || *s == '\t';
		if (!sp && !in)
			n++;
		in = !sp;
	}
	return n;
}

int main(int argc, char **argv)
{
	char path[4096], *data, *line, *save = NULL;
	const char *cats[MAXCAT];
	size_t ncat = 0, total[MAXCAT] = {0}, caught[MAXCAT] = {0};
	size_t all = 0, redacted = 0;
	deid_list *l = NULL;
	int bad = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: deid_measure DIR\n");
		return 2;
	}
	if (deid_list_new(&l) != RF_OK)
		return 2;
	snprintf(path, sizeof path, "%s/identifiers.tsv", argv[1]);
	data = slurp(path);
	for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');
		if (line[0] == '#' || tab == NULL)
			continue;
		*tab = '\0';
		if (deid_list_add(l, 0, tab + 1, line) != RF_OK) {
			fprintf(stderr, "deid_measure: bad identifier %s\n", tab + 1);
			return 2;
		}
	}
	free(data);

	snprintf(path, sizeof path, "%s/probes.tsv", argv[1]);
	data = slurp(path);
	for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[4], *out = NULL;
		size_t k = 0, c;
		if (line[0] == '#')
			continue;
		f[k++] = line;
		for (char *p = line; *p && k < 4; p++)
			if (*p == '\t') {
				*p = '\0';
				f[k++] = p + 1;
			}
		if (k != 4)
			continue;
		unescape(f[2]);
		unescape(f[3]);
		for (c = 0; c < ncat && strcmp(cats[c], f[0]) != 0; c++)
			;
		if (c == ncat && ncat < MAXCAT)
			cats[ncat++] = f[0];
		if (deid_redact_text(l, f[3], &out, NULL) != RF_OK) {
			fprintf(stderr, "deid_measure: redaction failed on: %s\n", f[3]);
			return 2;
		}
		total[c]++;
		if (strstr(out, f[2]) == NULL)
			caught[c]++;
		else
			printf("missed %s/%s: %s -> %s\n", f[0], f[1], f[3], out);
		free(out);
	}

	for (const char *const *name = (const char *const[]){"clean_en.txt", "clean_es.txt", NULL};
	     *name; name++) {
		snprintf(path, sizeof path, "%s/%s", argv[1], *name);
		char *text = slurp(path);
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			deid_findings fd = {0};
			if (line[0] == '#')
				continue;
			all += words(line);
			if (deid_scan_named(l, "clean", line, &fd) != RF_OK)
				return 2;
			for (size_t i = 0; i < fd.n; i++) {
				redacted += words(fd.v[i].words);
				printf("over-redacted (%s): \"%s\" (%s)\n", *name, fd.v[i].words,
				       deid_what_name(fd.v[i].what));
			}
			deid_findings_clear(&fd);
		}
		free(text);
	}

	for (size_t c = 0; c < ncat; c++) {
		double r = total[c] ? 100.0 * (double)caught[c] / (double)total[c] : 0;
		double goal = strcmp(cats[c], "listed") == 0 ? 100.0 : 97.0;
		printf("recall %-9s %3zu/%3zu = %6.2f%% (goal %.0f%%)%s\n", cats[c], caught[c],
		       total[c], r, goal, r + 1e-9 < goal ? "  BELOW GOAL" : "");
		if (r + 1e-9 < goal)
			bad = 1;
	}
	{
		double kept = all ? 100.0 * (double)(all - redacted) / (double)all : 0;
		printf("clean words kept: %zu/%zu = %.2f%% (goal 97%%)%s\n", all - redacted, all,
		       kept, kept < 97.0 ? "  BELOW GOAL" : "");
		if (kept < 97.0 || all < 1000)
			bad = 1;
	}
	free(data);
	deid_list_free(&l);
	return bad;
}
