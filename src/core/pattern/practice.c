/* practice.c - the practice check-in: "To what extent are ACEs, trauma-informed care or
 * resilience used as part of your practice?" (0 to 10), the seeds' programme measure, offered
 * at most once a month and sealed as an item; its course by month goes into the review. */
#include "internal.h"

#include "reflect/entry.h"

#define MONTH_SECONDS (30 * 86400)

typedef struct practice_read {
	pattern *p;
	int64_t last;     /* the newest answer or skip */
	int64_t last_ans; /* the newest answer */
	int answer;       /* its value */
	rf_status st;
} practice_read;

/* One item: {"at": "...Z", "answer": N} or {"at": "...Z", "answer": null} for a skip. */
static int practice_visit(int64_t id, const char *data, size_t len, void *ctx)
{
	practice_read *c = ctx;
	json_t *o = json_loadb(data, len, 0, NULL);
	json_t *ans;
	const char *at;
	int64_t t;

	(void)id;
	if (o == NULL)
		return 0; /* not ours to judge: skipped */
	at = json_string_value(json_object_get(o, "at"));
	ans = json_object_get(o, "answer");
	if (at != NULL && entry_parse_time(at, &t) == RF_OK) {
		if (t > c->last)
			c->last = t;
		if (json_is_integer(ans) && json_integer_value(ans) >= 0 &&
		    json_integer_value(ans) <= 10) {
			if (t >= c->last_ans) {
				c->last_ans = t;
				c->answer = (int)json_integer_value(ans);
			}
			if (c->p != NULL && c->st == RF_OK)
				c->st = pattern_add_practice(c->p, t, (int)json_integer_value(ans));
		}
	}
	json_decref(o);
	return c->st != RF_OK;
}

rf_status pattern_practice_load(journal *j, pattern *p)
{
	practice_read c = {p, 0, 0, -1, RF_OK};
	rf_status st = journal_item_each(j, PATTERN_PRACTICE_KIND, practice_visit, &c);

	return st != RF_OK ? st : c.st;
}

rf_status pattern_practice_record(journal *j, int answer, int64_t at)
{
	json_t *o;
	char when[32], *s;
	int64_t id = 0;
	time_t t = (time_t)at;
	struct tm tm;
	rf_status st;

	if (answer < -1 || answer > 10)
		return RF_ERR_INVALID;
	if (gmtime_r(&t, &tm) == NULL)
		return RF_ERR_INVALID;
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	o = json_pack("{s:s, s:o}", "at", when, "answer",
		      answer >= 0 ? json_integer(answer) : json_null());
	if (o == NULL)
		return RF_ERR_NOMEM;
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (s == NULL)
		return RF_ERR_NOMEM;
	st = journal_item_put(j, PATTERN_PRACTICE_KIND, &id, s, strlen(s));
	free(s);
	return st;
}

rf_status pattern_practice_due(journal *j, int64_t now, bool *due)
{
	practice_read c = {NULL, 0, 0, -1, RF_OK};
	rf_status st = journal_item_each(j, PATTERN_PRACTICE_KIND, practice_visit, &c);

	*due = false;
	if (st != RF_OK)
		return st;
	/* Never more than once a month, answered or let be. */
	*due = c.last == 0 || now - c.last >= MONTH_SECONDS;
	return RF_OK;
}
