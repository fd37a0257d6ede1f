/* dates.h - dates as people write and read them: natural dates in filters ("yesterday",
 * "last week", "2w") and local, human times for every screen, listing and export (ISO forms
 * stay for JSON only). */
#ifndef REFLECT_DATES_H
#define REFLECT_DATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* The local day that s names, relative to now, as "YYYY-MM-DD" in out: a date YYYY-MM-DD
 * itself; today, yesterday; N days/weeks/months/years ago (also written Nd, Nw, Nm, Ny, and
 * "N days"); last week, last month, last year (a week, month or year before today); the words
 * in English or the language in force, in any case. False (out empty) when s is none of them. */
bool dates_parse_day(const char *s, time_t now, char out[11]);

/* Unix time t as a person reads it, in local time and the language in force ("Wed 2 Dec
 * 2026, 05:46"), into out (cap bytes). */
void dates_human_time(int64_t t, char *out, size_t cap);

/* A stored time (ISO 8601, as in JSON) as dates_human_time shows it; a text that is not one is
 * copied as it is. */
void dates_human_iso(const char *iso, char *out, size_t cap);

/* A day "YYYY-MM-DD" as a person reads it ("Wed 2 Dec 2026"); anything else copied as it is. */
void dates_human_day(const char *day, char *out, size_t cap);

/* A day "YYYY-MM-DD" for a narrow list column, at most 11 columns in English: "Wed 2 Dec"
 * in the year of now, "2 Dec 2025" in any other; anything else copied as it is. */
void dates_human_day_short(const char *day, time_t now, char *out, size_t cap);

/* The local day of Unix time t as dates_human_day shows it ("Wed 2 Dec 2026"). */
void dates_human_day_of(int64_t t, char *out, size_t cap);

#endif
