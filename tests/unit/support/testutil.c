/* testutil.c - temporary directories and journals for the Check suites. */
#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

static char dir[256];

const char *tu_dir(void)
{
	if (dir[0] == '\0') {
		const char *base = getenv("TMPDIR");
		snprintf(dir, sizeof dir, "%s/reflect-unit.XXXXXX",
			 base != NULL && *base == '/' && strlen(base) < 200 ? base : "/tmp");
		ck_assert_ptr_nonnull(mkdtemp(dir));
	}
	return dir;
}

const char *tu_path(const char *name)
{
	static char slots[4][512];
	static int next;
	char *p = slots[next++ % 4];

	snprintf(p, 512, "%s/%s", tu_dir(), name);
	return p;
}

journal *tu_journal(const char *name)
{
	journal *j = NULL;
	rf_status st = journal_create(tu_path(name), TU_PASS, strlen(TU_PASS), RCRYPTO_INTERACTIVE, &j);

	ck_assert_msg(st == RF_OK, "journal_create: %s", rf_status_name(st));
	return j;
}

void tu_cleanup(void)
{
	char cmd[300];

	if (dir[0] == '\0')
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	dir[0] = '\0';
}

bool tu_file_contains(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	size_t n = strlen(needle), len = 0;
	char *buf = NULL;
	bool found = false;

	if (f == NULL)
		return false;
	fseek(f, 0, SEEK_END);
	len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(len + 1);
	if (buf != NULL && fread(buf, 1, len, f) == len)
		for (size_t i = 0; i + n <= len && !found; i++)
			found = memcmp(buf + i, needle, n) == 0;
	free(buf);
	fclose(f);
	return found;
}

void tu_sql(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *err = NULL;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &err) == SQLITE_OK, "%s: %s", sql,
		      err ? err : "");
	sqlite3_close(db);
}

long long tu_sql_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	long long v = -1;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}
