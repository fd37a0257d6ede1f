/* config.c - reading the settings file: plain "key = value" lines, checked, with origins. */
#include "reflect/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/i18n.h"
#include "reflect/text.h"

char *config_default_path(void)
{
	const char *base = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	const char *tail = "/reflect/config";
	char *out;
	size_t n;

	if (base == NULL || *base != '/') {
		base = home && *home ? home : ".";
		tail = "/.config/reflect/config";
	}
	n = strlen(base) + strlen(tail) + 1;
	out = malloc(n);
	if (out != NULL)
		snprintf(out, n, "%s%s", base, tail);
	return out;
}

static void defaults(config *c)
{
	memset(c, 0, sizeof *c);
	c->lock_after = 600;
	c->kdf = RCRYPTO_MODERATE;
	strcpy(c->layout, "pnc");
	c->colour = true;
}

static rf_status set(config *c, const char *key, const char *val, int line, rf_detail *d)
{
	if (strcmp(key, "lock_after") == 0) {
		char *end = NULL;
		long v = strtol(val, &end, 10);
		if (*val == '\0' || *end != '\0' || v < 0 || v > 86400)
			return rf_fail(d, RF_ERR_PARSE, line, 0,
				       "%s", _("lock_after is a number of seconds from 0 (never) to 86400"));
		c->lock_after = v;
		c->lock_after_from = CONFIG_FILE;
	} else if (strcmp(key, "kdf") == 0) {
		if (rcrypto_level_parse(val, &c->kdf) != RF_OK)
			return rf_fail(d, RF_ERR_PARSE, line, 0,
				       "%s", _("kdf is interactive, moderate or sensitive"));
		c->kdf_from = CONFIG_FILE;
	} else if (strcmp(key, "layout") == 0) {
		if (strcmp(val, "pnc") != 0 && strcmp(val, "gibbs") != 0 && strcmp(val, "nmc") != 0)
			return rf_fail(d, RF_ERR_PARSE, line, 0, "%s", _("layout is pnc, gibbs or nmc"));
		snprintf(c->layout, sizeof c->layout, "%s", val);
		c->layout_from = CONFIG_FILE;
	} else if (strcmp(key, "prompts") == 0) {
		char *p = strdup(val);
		if (p == NULL)
			return RF_ERR_NOMEM;
		free(c->prompts);
		c->prompts = p;
		c->prompts_from = CONFIG_FILE;
	} else if (strcmp(key, "exchange") == 0) {
		char *p = strdup(val);
		if (p == NULL)
			return RF_ERR_NOMEM;
		free(c->exchange);
		c->exchange = p;
		c->exchange_from = CONFIG_FILE;
	} else if (strcmp(key, "colour") == 0 || strcmp(key, "color") == 0) {
		if (strcmp(val, "calm") == 0 || strcmp(val, "on") == 0 || strcmp(val, "yes") == 0)
			c->colour = true;
		else if (strcmp(val, "none") == 0 || strcmp(val, "off") == 0 || strcmp(val, "no") == 0)
			c->colour = false;
		else
			return rf_fail(d, RF_ERR_PARSE, line, 0, "%s", _("colour is calm or none"));
		c->colour_from = CONFIG_FILE;
	} else {
		return rf_fail(d, RF_ERR_PARSE, line, 0,
			       _("unknown setting '%.60s' (known: lock_after, kdf, layout, prompts, colour, exchange)"),
			       key);
	}
	return RF_OK;
}

/* A prompt set named in the file: "~/x" is under $HOME, a relative name is beside the file. */
static rf_status resolve_prompts(config *c, const char *path)
{
	const char *home = getenv("HOME"), *slash = strrchr(path, '/');
	const char *p = c->prompts;
	char *full;
	size_t n;

	if (p[0] == '/')
		return RF_OK;
	if (p[0] == '~' && p[1] == '/' && home != NULL && *home != '\0') {
		n = strlen(home) + strlen(p);
		full = malloc(n);
		if (full == NULL)
			return RF_ERR_NOMEM;
		snprintf(full, n, "%s%s", home, p + 1);
	} else if (slash != NULL) {
		size_t dl = (size_t)(slash - path);
		n = dl + 1 + strlen(p) + 1;
		full = malloc(n);
		if (full == NULL)
			return RF_ERR_NOMEM;
		snprintf(full, n, "%.*s/%s", (int)dl, path, p);
	} else {
		return RF_OK;
	}
	free(c->prompts);
	c->prompts = full;
	return RF_OK;
}

rf_status config_load(const char *path, config *out, rf_detail *d)
{
	FILE *f;
	char buf[1024];
	int line = 0;
	rf_status st = RF_OK;

	defaults(out);
	out->path = strdup(path ? path : "");
	if (out->path == NULL)
		return RF_ERR_NOMEM;
	if (path == NULL)
		return RF_OK;
	f = fopen(path, "r");
	if (f == NULL)
		return errno == ENOENT ? RF_OK : RF_ERR_IO;
	out->found = true;
	while (fgets(buf, sizeof buf, f) != NULL) {
		char *hash = strchr(buf, '#'), *eq, *key, *val;
		line++;
		if (hash != NULL)
			*hash = '\0';
		key = text_trim(buf);
		if (*key == '\0')
			continue;
		eq = strchr(key, '=');
		if (eq == NULL) {
			if (st == RF_OK)
				st = rf_fail(d, RF_ERR_PARSE, line, 0, "%s", _("expected 'key = value'"));
			continue;
		}
		*eq = '\0';
		val = text_trim(eq + 1);
		text_trim(key);
		if (st == RF_OK)
			st = set(out, key, val, line, d);
		else
			set(out, key, val, line, NULL);
	}
	fclose(f);
	if (out->exchange != NULL && out->exchange[0] == '~' && out->exchange[1] == '/' &&
	    getenv("HOME") != NULL) { /* "~/Nextcloud/supervision" */
		size_t n = strlen(getenv("HOME")) + strlen(out->exchange);
		char *full = malloc(n);
		if (full == NULL)
			return RF_ERR_NOMEM;
		snprintf(full, n, "%s%s", getenv("HOME"), out->exchange + 1);
		free(out->exchange);
		out->exchange = full;
	}
	if (out->prompts != NULL && out->prompts_from == CONFIG_FILE) {
		rf_status rs = resolve_prompts(out, path);
		if (rs != RF_OK && st == RF_OK)
			st = rs;
	}
	return st;
}

void config_free(config *c)
{
	free(c->exchange);
	c->exchange = NULL;
	free(c->prompts);
	free(c->path);
	c->prompts = NULL;
	c->path = NULL;
}

const char *config_origin_name(config_origin o)
{
	switch (o) {
	case CONFIG_FILE:
		return N_("config file");
	case CONFIG_COMMAND_LINE:
		return N_("command line");
	default:
		return N_("default");
	}
}
