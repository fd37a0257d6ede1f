/* i18n.c - finding and binding the message catalogues (gettext). */
#include "reflect/i18n.h"

#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef REFLECT_LOCALEDIR_DEFAULT
#define REFLECT_LOCALEDIR_DEFAULT "/usr/local/share/locale"
#endif

static char bound[PATH_MAX];

/* The translations looked up so far, by the address of their message (a copy of it kept to
 * make sure): an export of many entries asks for the same few labels for each, and each
 * look-up in the catalogue reads the environment again. The language is fixed once
 * i18n_init has run; it empties this. Messages are the program's own, never a person's. */
#define MEMO 512
static _Thread_local struct {
	const char *id, *tr;
	char *copy;
} memo[MEMO]; /* each thread its own (an export writes on several) */

static void memo_clear(void)
{
	for (size_t i = 0; i < MEMO; i++)
		free(memo[i].copy);
	memset(memo, 0, sizeof memo);
}

void i18n_thread_done(void)
{
	memo_clear();
}

const char *i18n_text(const char *msgid)
{
	size_t h;
	const char *tr;
	char *copy;

	if (msgid == NULL)
		return "";
	if (*msgid == '\0')
		return msgid;
	h = ((uintptr_t)msgid >> 3) % MEMO;
	if (memo[h].id == msgid && strcmp(memo[h].copy, msgid) == 0)
		return memo[h].tr != NULL ? memo[h].tr : msgid;
	tr = dgettext(REFLECT_TEXTDOMAIN, msgid);
	if ((copy = strdup(msgid)) != NULL) {
		free(memo[h].copy);
		memo[h].id = msgid;
		/* an untranslated message is its own translation: msgid itself is given back */
		memo[h].tr = tr == msgid ? NULL : tr;
		memo[h].copy = copy;
	}
	return tr;
}

/* True when dir holds <lang>/LC_MESSAGES/reflect.mo for some language. */
static bool has_catalogue(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool found = false;

	if (d == NULL)
		return false;
	while (!found && (de = readdir(d)) != NULL) {
		char p[PATH_MAX];
		struct stat sb;
		if (de->d_name[0] == '.')
			continue;
		if (snprintf(p, sizeof p, "%s/%s/LC_MESSAGES/" REFLECT_TEXTDOMAIN ".mo", dir,
			     de->d_name) >= (int)sizeof p)
			continue;
		found = stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
	}
	closedir(d);
	return found;
}

/* The directory of the running binary into out (no trailing slash); false when unknown. */
static bool exe_dir(const char *argv0, char *out, size_t cap)
{
	char p[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", p, sizeof p - 1);
	char *slash;

	if (n > 0) {
		p[n] = '\0';
	} else if (argv0 != NULL && strchr(argv0, '/') != NULL && realpath(argv0, p) != NULL) {
		/* p holds the resolved path */
	} else {
		return false;
	}
	slash = strrchr(p, '/');
	if (slash == NULL)
		return false;
	*slash = '\0';
	return snprintf(out, cap, "%s", *p ? p : "/") < (int)cap;
}

void i18n_init(const char *argv0)
{
	const char *env = getenv("REFLECT_LOCALEDIR");
	char dir[PATH_MAX], cand[PATH_MAX];

	bound[0] = '\0';
	memo_clear();
	if (env != NULL && *env != '\0') {
		snprintf(bound, sizeof bound, "%s", env);
	} else {
		bool have = exe_dir(argv0, dir, sizeof dir);
		if (have && snprintf(cand, sizeof cand, "%s/locale", dir) < (int)sizeof cand &&
		    has_catalogue(cand))
			snprintf(bound, sizeof bound, "%s", cand);
		else if (have &&
			 snprintf(cand, sizeof cand, "%s/../share/locale", dir) <
			     (int)sizeof cand &&
			 has_catalogue(cand))
			snprintf(bound, sizeof bound, "%s", cand);
		else if (has_catalogue(REFLECT_LOCALEDIR_DEFAULT))
			snprintf(bound, sizeof bound, "%s", REFLECT_LOCALEDIR_DEFAULT);
	}
	if (bound[0] != '\0') {
		char *real = realpath(bound, NULL);
		if (real != NULL) {
			snprintf(bound, sizeof bound, "%s", real);
			free(real);
		}
		bindtextdomain(REFLECT_TEXTDOMAIN, bound);
	}
	bind_textdomain_codeset(REFLECT_TEXTDOMAIN, "UTF-8");
	textdomain(REFLECT_TEXTDOMAIN);
}

const char *i18n_localedir(void)
{
	return bound;
}

const char *i18n_language(void)
{
	/* TRANSLATORS: the name of your language in your language, and its code as in po/LINGUAS,
	 * e.g. "español (es)"; 'reflect config' shows it. */
	return _("English");
}
