/* dates.c - natural dates in filters and human, local times for people to read. */
#include "reflect/dates.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reflect/entry.h"
#include "reflect/i18n.h"
#include "reflect/text.h"

/* The words of natural dates, listed so that the catalogue holds them. */
/* TRANSLATORS: words for dates in search filters (since:yesterday); lower case. English
 * always works too. */
static const char *const date_words[] __attribute__((unused)) = {
	N_("today"), N_("yesterday"), N_("last week"), N_("last month"), N_("last year"),
	N_("ago"), N_("day"), N_("days"), N_("week"), N_("weeks"), N_("month"), N_("months"),
	N_("year"), N_("years"),
};

/* s (folded) is name in English or in the language in force. */
static bool word_is(const char *s, size_t n, const char *name)
{
	char *tr = text_fold(_(name));
	bool same = (strlen(name) == n && strncmp(s, name, n) == 0) ||
		    (tr != NULL && strlen(tr) == n && strncmp(s, tr, n) == 0);

	free(tr);
	return same;
}

/* The unit a word names: 'd', 'w', 'm', 'y', or 0. */
static char unit_of(const char *s, size_t n)
{
	if (n == 1 && strchr("dwmy", *s))
		return *s;
	if (word_is(s, n, "day") || word_is(s, n, "days"))
		return 'd';
	if (word_is(s, n, "week") || word_is(s, n, "weeks"))
		return 'w';
	if (word_is(s, n, "month") || word_is(s, n, "months"))
		return 'm';
	if (word_is(s, n, "year") || word_is(s, n, "years"))
		return 'y';
	return 0;
}

/* now moved back by n units, into out. */
static bool back(time_t now, long n, char unit, char out[11])
{
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL || n < 0 || n > 100000)
		return false;
	tm.tm_hour = 12; /* midday: a change of clocks cannot move the day */
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	if (unit == 'd')
		tm.tm_mday -= (int)n;
	else if (unit == 'w')
		tm.tm_mday -= (int)(7 * n);
	else if (unit == 'm')
		tm.tm_mon -= (int)n;
	else if (unit == 'y')
		tm.tm_year -= (int)n;
	else
		return false;
	if (mktime(&tm) == (time_t)-1)
		return false;
	return strftime(out, 11, "%Y-%m-%d", &tm) == 10;
}

bool dates_parse_day(const char *s, time_t now, char out[11])
{
	char *f;
	bool ok = false;
	size_t n;

	out[0] = '\0';
	if (s == NULL)
		return false;
	if (strlen(s) == 10 && entry_valid_date(s)) {
		memcpy(out, s, 11);
		return true;
	}
	f = text_fold(s);
	if (f == NULL)
		return false;
	text_trim(f);
	n = strlen(f);
	if (word_is(f, n, "today"))
		ok = back(now, 0, 'd', out);
	else if (word_is(f, n, "yesterday"))
		ok = back(now, 1, 'd', out);
	else if (word_is(f, n, "last week"))
		ok = back(now, 1, 'w', out);
	else if (word_is(f, n, "last month"))
		ok = back(now, 1, 'm', out);
	else if (word_is(f, n, "last year"))
		ok = back(now, 1, 'y', out);
	else if (isdigit((unsigned char)f[0])) {
		/* "2w", "2 w", "3 days", "3 days ago" */
		char *p = NULL;
		long v = strtol(f, &p, 10);
		while (*p == ' ')
			p++;
		const char *u = p;
		while (*p && *p != ' ')
			p++;
		char unit = unit_of(u, (size_t)(p - u));
		while (*p == ' ')
			p++;
		if (unit && (*p == '\0' || word_is(p, strlen(p), "ago")))
			ok = back(now, v, unit, out);
	}
	free(f);
	if (!ok)
		out[0] = '\0';
	return ok;
}

void dates_human_time(int64_t t, char *out, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (cap == 0)
		return;
	out[0] = '\0';
	/* TRANSLATORS: a date and time as people read them (strftime; %-d is the day without a
	 * leading zero); "Wed 2 Dec 2026, 05:46". */
	const char *fmt = _("%a %-d %b %Y, %H:%M");

	if (localtime_r(&tt, &tm) == NULL || strftime(out, cap, fmt, &tm) == 0)
		out[0] = '\0';
}

void dates_human_iso(const char *iso, char *out, size_t cap)
{
	int64_t t;

	if (cap == 0)
		return;
	if (iso != NULL && strlen(iso) > 10 && entry_parse_time(iso, &t) == RF_OK)
		dates_human_time(t, out, cap);
	else
		snprintf(out, cap, "%s", iso ? iso : "");
}

void dates_human_day(const char *day, char *out, size_t cap)
{
	struct tm tm = {0};

	if (cap == 0)
		return;
	if (day == NULL || strlen(day) != 10 || !entry_valid_date(day)) {
		snprintf(out, cap, "%s", day ? day : "");
		return;
	}
	tm.tm_year = atoi(day) - 1900;
	tm.tm_mon = atoi(day + 5) - 1;
	tm.tm_mday = atoi(day + 8);
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	mktime(&tm);
	/* TRANSLATORS: a day as people read it (strftime); "Wed 2 Dec 2026". */
	const char *fmt = _("%a %-d %b %Y");

	if (strftime(out, cap, fmt, &tm) == 0)
		snprintf(out, cap, "%s", day);
}

void dates_human_day_short(const char *day, time_t now, char *out, size_t cap)
{
	struct tm tm = {0}, tn;

	if (cap == 0)
		return;
	if (day == NULL || strlen(day) != 10 || !entry_valid_date(day) ||
	    localtime_r(&now, &tn) == NULL) {
		snprintf(out, cap, "%s", day ? day : "");
		return;
	}
	tm.tm_year = atoi(day) - 1900;
	tm.tm_mon = atoi(day + 5) - 1;
	tm.tm_mday = atoi(day + 8);
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	mktime(&tm);
	/* TRANSLATORS: a day of this year in a narrow list column (strftime, at most 11
	 * columns); "Wed 2 Dec". */
	const char *fmt = tm.tm_year == tn.tm_year ? _("%a %-d %b")
	/* TRANSLATORS: a day of another year in a narrow list column (strftime, at most 11
	 * columns); "2 Dec 2025". */
						   : _("%-d %b %Y");

	if (strftime(out, cap, fmt, &tm) == 0)
		snprintf(out, cap, "%s", day);
}

void dates_human_day_of(int64_t t, char *out, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char day[11];

	if (cap == 0)
		return;
	if (localtime_r(&tt, &tm) == NULL || strftime(day, sizeof day, "%Y-%m-%d", &tm) != 10) {
		snprintf(out, cap, "-");
		return;
	}
	dates_human_day(day, out, cap);
}
