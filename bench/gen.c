/* gen.c - writes N realistic, made-up reflections as a reflect JSON document, for make bench.
 * usage: gen N > entries.json. The same N always gives the same document. Nothing here is
 * anyone's real writing: feelings, themes, visit types and life stages come from reflect's
 * own vocabularies (prompts.h), sentences from the words of the seeds (Pause, Notice,
 * Be Curious; IMH practice; trauma-informed care). Linked with build/libreflect.a. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reflect/prompts.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned below(unsigned n)
{
	return (unsigned)(next() % n);
}

/* Skewed toward the start of a list, as real words are (a rough Zipf). */
static unsigned skewed(unsigned n)
{
	unsigned a = below(n), b = below(n);
	return a < b ? a : b;
}

/* A grouped vocabulary flattened into one list (most common first, as the groups are). */
static const char **flatten(const prompts_group *g, size_t ng, unsigned *n)
{
	size_t total = 0, k = 0;
	const char **v;

	for (size_t i = 0; i < ng; i++)
		total += g[i].words.n;
	v = malloc((total ? total : 1) * sizeof(*v));
	if (v == NULL)
		exit(1);
	/* Interleave the groups so that every group has words near the front. */
	for (size_t w = 0; k < total; w++)
		for (size_t i = 0; i < ng; i++)
			if (w < g[i].words.n)
				v[k++] = g[i].words.v[w];
	*n = (unsigned)total;
	return v;
}

static const char **emotions, **themes;
static unsigned nemotions, nthemes;
static prompts_list visit_types, stages;

static const char *const subjects[] = {
	"the mother", "the father", "the baby", "the infant", "the toddler", "grandmother",
	"the parent", "the older sibling", "the family", "I", "my body", "the room",
};

static const char *const verbs[] = {
	"held", "watched", "turned away from", "reached for", "noticed", "soothed",
	"avoided", "smiled at", "cried with", "pulled back from", "rocked", "waited for",
	"followed", "spoke about", "looked toward", "fed", "named", "returned to", "laughed with",
	"listened to",
};

static const char *const objects[] = {
	"the baby", "her own mother", "the bottle", "the toy", "my voice", "the silence",
	"the window", "his face", "the blanket", "the past", "the doorway", "the rattle",
	"her phone", "the floor mat", "the car seat", "the kitchen", "the story of the birth",
	"the new routine", "the quiet moment", "the crying",
};

static const char *const adverbs[] = {
	"slowly", "gently", "quickly", "carefully", "again and again", "without words",
	"for a long while", "with some hesitation", "warmly", "stiffly", "at last",
	"in the present moment", "almost at once", "quietly",
};

static const char *const pause_lines[] = {
	"I slowed down before knocking and noticed my breathing",
	"My shoulders were tight on the drive over",
	"I arrived carrying the last visit with me",
	"I greeted myself arriving at my own door",
	"My chest felt heavy and my jaw was clenched",
	"I was tired but present, accepting where I was without judgement",
	"A knot in my stomach settled after a few breaths",
	"I felt hurried and tried to let the rush go",
};

static const char *const wonder_lines[] = {
	"I wonder what the baby was telling us",
	"I am curious about the parent's thoughts and feelings about the changing responsibilities",
	"How does her own history of loss show up in the care of the infant",
	"Listening for the past as it is expressed in the present",
	"What would it mean to let the parent take the lead next time",
	"How will this new awareness fit as I move forward",
	"What part of my reaction belongs to my own story",
	"Where do power and privilege sit in this relationship",
	"What does safety feel like for this child and this family",
	"How can I help the parent find pleasure in the relationship",
	"What capacities does this parent bring that I have not named yet",
	"Was I resisting re-traumatization or adding to it",
};

static const char *const questions[] = {
	"What was the baby telling us?",
	"How do I stay with her fear without taking it on?",
	"Whose ghost is in the nursery here?",
	"Am I holding the family's story or my own?",
	"How do I name what I saw without judgement?",
	"What am I carrying home from this family?",
	"How do I keep the baby in mind when the parent is in crisis?",
};

static const char *const adjectives[] = {
	"small", "familiar", "new", "old", "quiet", "crowded", "warm", "cold", "bright", "dim",
	"worn", "soft", "loud", "empty", "shared", "borrowed", "favourite", "broken", "clean",
	"cluttered", "tiny", "heavy", "careful", "patient", "restless", "sleepy", "hungry",
	"uncertain", "steady", "fragile",
};

static const char *const syllables[] = {
	"ma", "ri", "to", "la", "ne", "so", "ka", "vi", "de", "lo", "mi", "ta", "ru", "be", "no",
	"sa", "el", "an", "or", "is", "um", "ga", "pe", "fi",
};

/* The long tail of real writing: names of places, things and people's words, made up from
 * syllables (a few thousand distinct ones, most rare). */
static void rare_word(FILE *o)
{
	unsigned k = 2 + below(3);

	for (unsigned i = 0; i < k; i++)
		fputs(syllables[skewed(COUNT(syllables))], o);
}

/* One sentence: subject verb object adverb, and sometimes a clause. */
static void sentence(FILE *o, size_t *words)
{
	const char *obj = objects[skewed(COUNT(objects))];

	fprintf(o, "%s %s ", subjects[skewed(COUNT(subjects))], verbs[skewed(COUNT(verbs))]);
	if (below(3) == 0 && strncmp(obj, "the ", 4) == 0) {
		fprintf(o, "the %s %s", adjectives[skewed(COUNT(adjectives))], obj + 4);
		*words += 1;
	} else {
		fputs(obj, o);
	}
	fprintf(o, " %s", adverbs[skewed(COUNT(adverbs))]);
	*words += 8;
	if (below(6) == 0) {
		fputs(", thinking of ", o);
		rare_word(o);
		*words += 3;
	}
	if (below(3) == 0) {
		fprintf(o, ", while %s %s %s", subjects[skewed(COUNT(subjects))],
			verbs[skewed(COUNT(verbs))], objects[skewed(COUNT(objects))]);
		*words += 6;
	}
	fputs(". ", o);
}

static void text(FILE *o, const char *key, size_t target, bool wonder)
{
	size_t words = 0;

	fprintf(o, "\"%s\":\"", key);
	while (words < target) {
		if (wonder && below(2) == 0) {
			fprintf(o, "%s? ", wonder_lines[skewed(COUNT(wonder_lines))]);
			words += 12;
		} else {
			sentence(o, &words);
		}
	}
	fputc('"', o);
}

static void labels(FILE *o, const char *key, const char **v, unsigned n)
{
	unsigned k = 1 + below(4), picked[4];

	fprintf(o, "\"%s\":[", key);
	for (unsigned i = 0; i < k; i++) {
		unsigned x;
		bool dup;
		do {
			x = skewed(n);
			dup = false;
			for (unsigned j = 0; j < i; j++)
				dup |= picked[j] == x;
		} while (dup);
		picked[i] = x;
		fprintf(o, "%s\"%s\"", i ? "," : "", v[x]);
	}
	fputc(']', o);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
	/* Up to ten years of practice, ending on 2026-11-20; several entries on busy days. */
	const long end = 1795132800L; /* 2026-11-20T00:00:00Z */
	long days, families;
	FILE *o = stdout;

	if (n <= 0) {
		fprintf(stderr, "usage: gen N\n");
		return 2;
	}
	{
		size_t ng;
		const prompts_group *g = prompts_emotions(&ng);
		emotions = flatten(g, ng, &nemotions);
		g = prompts_themes(&ng);
		themes = flatten(g, ng, &nthemes);
		visit_types = prompts_visit_types();
		stages = prompts_life_stages();
		if (nemotions < 4 || nthemes < 4 || visit_types.n == 0 || stages.n == 0)
			return 1;
	}
	days = n / 2 < 3650 ? (n / 2 > 0 ? n / 2 : 1) : 3650;
	families = n / 25 < 400 ? (n / 25 > 5 ? n / 25 : 5) : 400;
	fputs("{\"reflect\":1,\"entries\":[\n", o);
	for (long i = 0; i < n; i++) {
		long day = (long)((double)i * days / n);
		long t = end - (days - day) * 86400L + 9 * 3600 + (long)below(9 * 3600);
		time_t tt = (time_t)t;
		struct tm tm;
		char iso[32], date[16];
		int act = (int)(below(6) + below(6)); /* 0..10, most near 5 */
		bool flagged = below(7) == 0;

		gmtime_r(&tt, &tm);
		strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
		strftime(date, sizeof(date), "%Y-%m-%d", &tm);
		fprintf(o, "%s{\"written_at\":\"%s\",\"visit_date\":\"%s\",\"family\":\"F-%ld\","
			   "\"visit_type\":\"%s\",\"life_stage\":\"%s\",",
			i ? ",\n" : "", iso, date, 1 + (long)skewed((unsigned)families),
			visit_types.v[skewed((unsigned)visit_types.n)],
			stages.v[skewed((unsigned)stages.n)]);
		fprintf(o, "\"pause\":{\"text\":\"%s.\",", pause_lines[below(COUNT(pause_lines))]);
		if (below(5) != 0)
			fprintf(o, "\"activation\":%d,", act);
		text(o, "body", 10, false);
		fputs("},\"notice\":{", o);
		text(o, "text", 60, false);
		fputc(',', o);
		text(o, "between", 30, false);
		fputc(',', o);
		text(o, "stirred", 20, false);
		fputc(',', o);
		labels(o, "emotions", emotions, nemotions);
		fputs("},\"curious\":{", o);
		text(o, "text", 40, true);
		fputc(',', o);
		text(o, "parent", 20, true);
		fputc(',', o);
		text(o, "infant", 20, true);
		if (flagged)
			fprintf(o, ",\"questions\":[\"%s\"]", questions[below(COUNT(questions))]);
		fputs("},", o);
		labels(o, "themes", themes, nthemes);
		fprintf(o, ",\"for_supervision\":%s,\"portfolio\":%s}", flagged ? "true" : "false",
			below(20) == 0 ? "true" : "false");
	}
	fputs("\n]}\n", o);
	return ferror(o) ? 1 : 0;
}
