/* check_export.c - the export writers: names, domains, cover statistics, each format's shape,
 * Markdown through cmark, the last check, and atomic 0600 files. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reflect/export.h"
#include "support/testutil.h"

static entry *sample(void)
{
	entry *e = entry_new();

	e->id = 4;
	e->written = 1795190700; /* 2026-11-20T16:05:00Z */
	entry_set(&e->visit_date, "2026-11-20");
	entry_set(&e->family, "F-12");
	entry_set(&e->visit_type, "home visit");
	entry_set(&e->pause_text,
		  "I arrived *rushed*.\n\n# A heading of mine\n\n<script>alert(1)</script>");
	entry_set(&e->notice_text, "The baby & the mother <together>.");
	entry_set(&e->curious_text, "What next?");
	e->activation = 6;
	strlist_add(&e->emotions, "fear");
	strlist_add(&e->competencies, "Reflection");
	strlist_add(&e->competencies, "law, regulation and agency policy");
	strlist_add(&e->competencies, "Cooking");
	return e;
}

/* Write entries into memory with o; the caller frees the result. */
static char *render(export_options *o, entry *const *v, size_t n)
{
	export_writer *w = NULL;
	const char *buf;
	size_t len;
	char *copy;

	ck_assert_int_eq(export_begin(o, NULL, &w), RF_OK);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(export_entry(w, v[i]), RF_OK);
	ck_assert_int_eq(export_finish(w), RF_OK);
	buf = export_buffer(w, &len);
	ck_assert_uint_eq(strlen(buf), len);
	copy = strdup(buf);
	export_writer_free(&w);
	ck_assert_ptr_null(w);
	return copy;
}

START_TEST(formats_and_layouts_parse_by_name)
{
	export_format f;
	export_layout l;

	ck_assert_int_eq(export_format_parse("markdown", &f), RF_OK);
	ck_assert_int_eq(f, EXPORT_MD);
	ck_assert_int_eq(export_format_parse("html", &f), RF_OK);
	ck_assert_int_eq(export_format_parse("pdf", &f), RF_OK);
	ck_assert_int_eq(f, EXPORT_PDF);
	ck_assert_int_eq(export_format_parse("docx", &f), RF_ERR_INVALID);
	ck_assert_int_eq(export_layout_parse("gibbs", &l), RF_OK);
	ck_assert_int_eq(l, EXPORT_GIBBS);
	ck_assert_int_eq(export_layout_parse("star", &l), RF_ERR_INVALID);
	ck_assert_str_eq(export_format_name(EXPORT_TXT), "txt");
	ck_assert_str_eq(export_layout_name(EXPORT_NMC), "nmc");
}
END_TEST

START_TEST(competencies_map_to_the_eight_domains_loosely)
{
	ck_assert_int_eq(export_domain_of("Reflection"), 7);
	ck_assert_int_eq(export_domain_of("law, regulation and agency policy"), 1);
	ck_assert_int_eq(export_domain_of("LAW REGULATION & AGENCY POLICY"), 1);
	ck_assert_int_eq(export_domain_of("working with others"), 4);
	ck_assert_int_eq(export_domain_of("Cooking"), -1);
}
END_TEST

START_TEST(stats_count_range_domains_and_others)
{
	export_stats s = {0};
	entry *a = sample(), *b = sample();

	entry_set(&b->visit_date, "2026-10-01");
	b->for_supervision = true;
	export_stats_add(&s, a);
	export_stats_add(&s, b);
	ck_assert_uint_eq(s.entries, 2);
	ck_assert_str_eq(s.first, "2026-10-01");
	ck_assert_str_eq(s.last, "2026-11-20");
	ck_assert_uint_eq(s.for_supervision, 1);
	ck_assert_uint_eq(s.domains[7], 2);
	ck_assert_uint_eq(s.domains[1], 2);
	ck_assert_uint_eq(s.domains[0], 0);
	ck_assert_uint_eq(s.other_competencies, 2);
	entry_free(&a);
	entry_free(&b);
}
END_TEST

START_TEST(html_is_self_contained_safe_and_breaks_pages)
{
	entry *e = sample();
	entry *v[2] = {e, e};
	export_options o = {.format = EXPORT_HTML};
	char *out = render(&o, v, 2);

	ck_assert_ptr_nonnull(strstr(out, "<!DOCTYPE html>"));
	ck_assert_ptr_nonnull(strstr(out, "default-src 'none'"));
	ck_assert_ptr_nonnull(strstr(out, "break-before:page"));
	ck_assert_ptr_nonnull(strstr(out, "<em>rushed</em>"));
	ck_assert_ptr_null(strstr(out, "<script>"));
	ck_assert_ptr_null(strstr(out, "http://"));
	ck_assert_ptr_null(strstr(out, "https://"));
	ck_assert_ptr_nonnull(strstr(out, "<h5>A heading of mine</h5>"));
	ck_assert_ptr_nonnull(strstr(out, "The baby &amp; the mother &lt;together&gt;."));
	ck_assert_ptr_nonnull(strstr(out, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	ck_assert_ptr_nonnull(strstr(out, "</html>\n"));
	free(out);
	entry_free(&e);
}
END_TEST

START_TEST(markdown_keeps_the_documents_headings_above_the_entries)
{
	entry *e = sample();
	export_options o = {.format = EXPORT_MD, .layout = EXPORT_GIBBS};
	char *out = render(&o, &e, 1);

	ck_assert_ptr_nonnull(strstr(out, "# Reflections\n"));
	ck_assert_ptr_nonnull(strstr(out, "## Fri 20 Nov 2026 \xe2\x80\x94 home visit\n"));
	ck_assert_ptr_nonnull(strstr(out, "### Description\n"));
	ck_assert_ptr_nonnull(strstr(out, "### Analysis\n"));
	/* Nothing answers the action plan (no questions for supervision): left out. */
	ck_assert_ptr_null(strstr(out, "### Action plan\n"));
	ck_assert_ptr_nonnull(strstr(out, "Evaluation and Conclusion were not asked."));
	ck_assert_ptr_nonnull(strstr(out, "##### A heading of mine"));
	/* A part with nothing in it is left out, never "Nothing written". */
	ck_assert_ptr_null(strstr(out, "Nothing written"));
	free(out);
	entry_free(&e);
}
END_TEST

START_TEST(answers_to_the_gibbs_questions_print_what_was_asked)
{
	entry *e = entry_new();
	export_options o = {.format = EXPORT_MD, .layout = EXPORT_PNC};
	char *out;

	entry_set(&e->visit_date, "2026-11-02");
	entry_set(&e->answers[ENTRY_GIBBS_FEELINGS], "Shut out, then curious.");
	entry_set(&e->answers[ENTRY_GIBBS_CONCLUSION], "I could have slowed down.");
	out = render(&o, &e, 1);
	ck_assert_ptr_nonnull(strstr(out, "### Feelings\n\n*What were you thinking and feeling?*\n\n"
					  "Shut out, then curious."));
	ck_assert_ptr_nonnull(strstr(out, "### Conclusion\n\n*What else could you have done?*"));
	ck_assert_ptr_nonnull(strstr(out, "Written with the Gibbs reflective cycle"));
	ck_assert_ptr_null(strstr(out, "### Evaluation"));
	ck_assert_ptr_null(strstr(out, "### Pause"));
	free(out);
	entry_free(&e);
}
END_TEST

START_TEST(every_field_appears_in_every_layout)
{
	entry *e = entry_new();
	const char *words[] = {"pausetext",   "bodytext",     "noticetext",  "betweentext",
			       "stirredtext", "emotionword",  "curioustext", "parenttext",
			       "infanttext",  "questiontext", "themeword",   "competencyword",
			       "responsetext"};

	entry_set(&e->pause_text, "pausetext");
	entry_set(&e->pause_body, "bodytext");
	entry_set(&e->notice_text, "noticetext");
	entry_set(&e->notice_between, "betweentext");
	entry_set(&e->notice_stirred, "stirredtext");
	strlist_add(&e->emotions, "emotionword");
	entry_set(&e->curious_text, "curioustext");
	entry_set(&e->curious_parent, "parenttext");
	entry_set(&e->curious_infant, "infanttext");
	strlist_add(&e->questions, "questiontext");
	strlist_add(&e->themes, "themeword");
	strlist_add(&e->competencies, "competencyword");
	entry_add_response(e, "Ana", "2026-11-21T10:00:00Z", "responsetext");
	e->activation = 3;
	for (int f = EXPORT_MD; f <= EXPORT_TXT; f++) {
		for (int l = EXPORT_PNC; l <= EXPORT_NMC; l++) {
			export_options o = {.format = (export_format)f, .layout = (export_layout)l};
			char *out = render(&o, &e, 1);
			for (size_t i = 0; i < sizeof words / sizeof *words; i++)
				ck_assert_msg(strstr(out, words[i]) != NULL,
					      "%s missing from %s/%s", words[i],
					      export_format_name((export_format)f),
					      export_layout_name((export_layout)l));
			ck_assert_ptr_nonnull(strstr(out, "3 of 10"));
			free(out);
		}
	}
	entry_free(&e);
}
END_TEST

START_TEST(json_is_the_reflect_document_and_reads_back)
{
	entry *e = sample();
	entry *v[2] = {e, e};
	export_options o = {.format = EXPORT_JSON};
	char *out = render(&o, v, 2);
	entry **back = NULL;
	size_t n = 0;

	ck_assert_int_eq(entry_list_from_json(out, strlen(out), &back, &n, NULL), RF_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(back[1]->notice_text, e->notice_text);
	ck_assert_ptr_nonnull(strstr(out, "\"reflect\": 1"));
	entry_list_free(&back, n);
	free(out);
	entry_free(&e);
}
END_TEST

START_TEST(a_portfolio_cover_shows_period_domains_and_hours)
{
	entry *e = sample();
	export_stats s = {0};
	export_hours h = {.from = "2026-10-01",
			  .to = "2026-11-30",
			  .hours = 12.5,
			  .sessions = 9,
			  .individual = 10.5,
			  .group = 2,
			  .individual_sessions = 7,
			  .group_sessions = 2};
	export_options o = {.format = EXPORT_TXT,
			    .portfolio = true,
			    .stats = &s,
			    .hours = &h,
			    .name = "Sam",
			    .prepared = "2026-11-23",
			    .deidentified = true};
	char *out;

	export_stats_add(&s, e);
	out = render(&o, &e, 1);
	ck_assert_ptr_nonnull(
	    strstr(out, "Reflective practice portfolio\n============================="));
	ck_assert_ptr_nonnull(strstr(out, "Practitioner: Sam"));
	ck_assert_ptr_nonnull(strstr(out, "Period: Fri 20 Nov 2026\n"));
	ck_assert_ptr_nonnull(strstr(out, "2 of the 8"));
	ck_assert_ptr_nonnull(strstr(out, "- Theoretical Foundations: not yet evidenced"));
	ck_assert_ptr_nonnull(strstr(out, "- Reflection: 1 reflection\n"));
	ck_assert_ptr_nonnull(
	    strstr(out, "From Thu 1 Oct 2026 to Mon 30 Nov 2026: 12.5 hours over 9 sessions: 7 one-to-one "
			"sessions (10.5 h), 2 group sessions (2 h). Peer supervision is not counted."));
	free(out);
	entry_free(&e);
}
END_TEST

static int refuse_rushed(const char *text, size_t len, void *ctx)
{
	(void)ctx;
	(void)len;
	return strstr(text, "rushed") != NULL;
}

START_TEST(the_last_check_keeps_an_entry_out)
{
	entry *e = sample();
	export_options o = {.format = EXPORT_MD, .check = refuse_rushed};
	export_writer *w = NULL;
	const char *buf;

	ck_assert_int_eq(export_begin(&o, NULL, &w), RF_OK);
	ck_assert_int_eq(export_entry(w, e), RF_ERR_REJECTED);
	buf = export_buffer(w, NULL);
	ck_assert_ptr_null(strstr(buf, "rushed"));
	export_writer_free(&w);
	entry_free(&e);
}
END_TEST

START_TEST(files_are_written_whole_0600_and_never_overwritten_unasked)
{
	const char *path = tu_path("out.md");
	export_file *f = NULL;
	struct stat sb;
	FILE *fp;
	char buf[64] = {0};

	ck_assert_int_eq(export_file_open(path, false, &f), RF_OK);
	fputs("first", export_file_stream(f));
	ck_assert_int_ne(access(path, F_OK), 0); /* not there until committed */
	ck_assert_int_eq(export_file_commit(&f), RF_OK);
	ck_assert_ptr_null(f);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	ck_assert_int_eq(export_file_open(path, false, &f), RF_ERR_EXISTS);
	/* A file that appears while writing is not replaced either. */
	ck_assert_int_eq(export_file_open(tu_path("race.md"), false, &f), RF_OK);
	fp = fopen(tu_path("race.md"), "w");
	fputs("theirs", fp);
	fclose(fp);
	fputs("mine", export_file_stream(f));
	ck_assert_int_eq(export_file_commit(&f), RF_ERR_EXISTS);
	ck_assert(tu_file_contains(tu_path("race.md"), "theirs"));
	/* With overwrite it replaces; an aborted one leaves nothing behind. */
	ck_assert_int_eq(export_file_open(path, true, &f), RF_OK);
	fputs("second", export_file_stream(f));
	ck_assert_int_eq(export_file_commit(&f), RF_OK);
	fp = fopen(path, "r");
	ck_assert_ptr_nonnull(fgets(buf, sizeof buf, fp));
	fclose(fp);
	ck_assert_str_eq(buf, "second");
	ck_assert_int_eq(export_file_open(tu_path("gone.md"), false, &f), RF_OK);
	fputs("secret", export_file_stream(f));
	export_file_abort(&f);
	ck_assert_ptr_null(f);
	ck_assert_int_ne(access(tu_path("gone.md"), F_OK), 0);
	{
		/* No temporary file is left in the directory. */
		char cmd[600];
		snprintf(cmd, sizeof cmd, "ls -a '%s' | grep -q reflect-export", tu_dir());
		ck_assert_int_ne(system(cmd), 0);
	}
	tu_cleanup();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("export");
	TCase *tc = tcase_create("export");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, formats_and_layouts_parse_by_name);
	tcase_add_test(tc, competencies_map_to_the_eight_domains_loosely);
	tcase_add_test(tc, stats_count_range_domains_and_others);
	tcase_add_test(tc, html_is_self_contained_safe_and_breaks_pages);
	tcase_add_test(tc, markdown_keeps_the_documents_headings_above_the_entries);
	tcase_add_test(tc, every_field_appears_in_every_layout);
	tcase_add_test(tc, answers_to_the_gibbs_questions_print_what_was_asked);
	tcase_add_test(tc, json_is_the_reflect_document_and_reads_back);
	tcase_add_test(tc, a_portfolio_cover_shows_period_domains_and_hours);
	tcase_add_test(tc, the_last_check_keeps_an_entry_out);
	tcase_add_test(tc, files_are_written_whole_0600_and_never_overwritten_unasked);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
