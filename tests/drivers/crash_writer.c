/* crash_writer.c - a test driver for tests/cli/crash_loop.sh: checks the journal and every save
 * acknowledged before, then adds entries and saves drafts until it is killed.
 *
 * Use: crash_writer JOURNAL PASSFILE ACKFILE [TAG]
 * On start: opens JOURNAL, runs journal_check, and verifies every line of ACKFILE ("entry ID SEQ"
 * for an add that returned, "draft SEQ" for a draft save that returned): the entry is there
 * with its text, the draft is that one or a later one. Prints "verified N" and then writes,
 * appending a line to ACKFILE after each save returns. Exit 3 when it cannot open, 4 when
 * something saved is missing or damaged. TAG (default "crash loop") is written into every text,
 * so tests/cli/leaks.sh can look for it where it must never be. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reflect/journal.h"

static const char *tag = "crash loop";

static void text_for(char *buf, size_t n, long seq)
{
	snprintf(buf, n,
		 "%.60s entry %ld: the baby looked for her mother's face, and found it. "
		 "I noticed my breath slow as they settled together.",
		 tag, seq);
}

static int verify(journal *j, const char *ackpath, long *next_seq, long *count)
{
	FILE *f = fopen(ackpath, "r");
	char line[128], want[256];
	long draft_seq = 0;
	entry *e = NULL;
	int bad = 0;

	*next_seq = 1;
	*count = 0;
	if (f == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL) {
		long long id;
		long seq;
		rf_status st;
		if (sscanf(line, "entry %lld %ld", &id, &seq) == 2) {
			text_for(want, sizeof want, seq);
			st = journal_get(j, (int64_t)id, &e);
			if (st != RF_OK || e->notice_text == NULL || strcmp(e->notice_text, want) != 0) {
				fprintf(stderr, "crash_writer: saved entry %lld (seq %ld) is %s\n", id,
					seq, st == RF_OK ? "different" : rf_status_name(st));
				bad = 1;
			}
			entry_free(&e);
			(*count)++;
		} else if (sscanf(line, "draft %ld", &seq) == 1) {
			draft_seq = seq;
		} else {
			continue; /* a line cut short by the kill */
		}
		if (seq >= *next_seq)
			*next_seq = seq + 1;
	}
	fclose(f);
	if (draft_seq > 0) {
		rf_status st = journal_draft_load(j, &e);
		long got = 0;
		if (st == RF_OK && e->pause_text != NULL)
			got = atol(e->pause_text + strlen("draft "));
		if (st != RF_OK || got < draft_seq) {
			fprintf(stderr, "crash_writer: the draft saved as %ld is %s (%ld)\n", draft_seq,
				rf_status_name(st), got);
			bad = 1;
		}
		entry_free(&e);
	}
	return bad;
}

static void ack(int fd, const char *line)
{
	size_t n = strlen(line);

	if (write(fd, line, n) != (ssize_t)n)
		exit(1);
}

int main(int argc, char **argv)
{
	char pass[256], line[128], text[256];
	journal *j = NULL;
	long seq, count;
	rf_status st;
	FILE *pf;
	int fd;

	if (argc != 4 && argc != 5)
		return 2;
	if (argc == 5)
		tag = argv[4];
	pf = fopen(argv[2], "r");
	if (pf == NULL || fgets(pass, sizeof pass, pf) == NULL)
		return 2;
	fclose(pf);
	pass[strcspn(pass, "\n")] = '\0';
	st = journal_open(argv[1], pass, strlen(pass), &j);
	if (st != RF_OK) {
		fprintf(stderr, "crash_writer: open: %s\n", rf_status_name(st));
		return 3;
	}
	st = journal_check(j);
	if (st != RF_OK) {
		size_t n = 0;
		const journal_damage *d = journal_damage_list(j, &n);
		fprintf(stderr, "crash_writer: check: %s\n", rf_status_name(st));
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "  %s %lld: %s\n", d[i].table, (long long)d[i].id, d[i].what);
		return 4;
	}
	if (verify(j, argv[3], &seq, &count) != 0)
		return 4;
	printf("verified %ld\n", count);
	fflush(stdout);
	fd = open(argv[3], O_WRONLY | O_APPEND | O_CREAT, 0600);
	if (fd < 0)
		return 1;
	for (;; seq++) {
		entry *e = entry_new();
		if (e == NULL)
			return 1;
		text_for(text, sizeof text, seq);
		entry_set(&e->notice_text, text);
		strlist_add(&e->emotions, "tenderness");
		if (seq % 3 == 0) {
			snprintf(text, sizeof text, "draft %ld %.60s", seq, tag);
			entry_set(&e->pause_text, text);
			if (journal_draft_save(j, e) == RF_OK) {
				snprintf(line, sizeof line, "draft %ld\n", seq);
				ack(fd, line);
			}
		} else if (journal_add(j, e) == RF_OK) {
			snprintf(line, sizeof line, "entry %lld %ld\n", (long long)e->id, seq);
			ack(fd, line);
		}
		entry_free(&e);
	}
}
