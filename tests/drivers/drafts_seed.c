/* drafts_seed.c - a test driver for tests/cli/drafts.sh: keeps sealed drafts as the full-screen
 * journal would, one per line of standard input ("ENTRY_ID STEP FIELD TEXT": ENTRY_ID 0 for a
 * new reflection; TEXT becomes the Pause text, with \e read as ESC, \a as BEL and \t as a tab).
 *
 * Use: drafts_seed JOURNAL PASSFILE < lines. Prints each new draft's id. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/journal.h"

static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] == 'e') {
			*o++ = '\x1b';
			s++;
		} else if (s[0] == '\\' && s[1] == 'a') {
			*o++ = '\a';
			s++;
		} else if (s[0] == '\\' && s[1] == 't') {
			*o++ = '\t';
			s++;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

int main(int argc, char **argv)
{
	char pass[256], line[4096];
	FILE *pf;
	journal *j = NULL;

	if (argc != 3)
		return 2;
	pf = fopen(argv[2], "r");
	if (pf == NULL || fgets(pass, sizeof pass, pf) == NULL)
		return 2;
	fclose(pf);
	pass[strcspn(pass, "\n")] = '\0';
	if (journal_open(argv[1], pass, strlen(pass), &j) != RF_OK)
		return 3;
	while (fgets(line, sizeof line, stdin) != NULL) {
		long long eid = 0;
		int step = 0, field = 0, off = 0;
		int64_t id = 0;
		entry *e = entry_new();
		line[strcspn(line, "\n")] = '\0';
		if (e == NULL || sscanf(line, "%lld %d %d %n", &eid, &step, &field, &off) < 3)
			return 2;
		unescape(line + off);
		e->id = (int64_t)eid;
		entry_set(&e->pause_text, line + off);
		if (journal_draft_put(j, &id, e, step, field) != RF_OK)
			return 1;
		printf("%lld\n", (long long)id);
		entry_free(&e);
	}
	journal_close(&j);
	return 0;
}
