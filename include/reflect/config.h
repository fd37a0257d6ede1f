/* config.h - the settings file ($XDG_CONFIG_HOME/reflect/config): what is in force and why. */
#ifndef REFLECT_CONFIG_H
#define REFLECT_CONFIG_H

#include <stdbool.h>

#include "reflect/crypto.h"
#include "reflect/status.h"

/* Where a setting's value came from. */
typedef enum config_origin {
	CONFIG_DEFAULT,
	CONFIG_FILE,
	CONFIG_COMMAND_LINE,
} config_origin;

typedef struct config {
	long lock_after;     /* seconds of idle time before the screen locks; 0 never */
	rcrypto_level kdf;   /* for new journals and new passphrases */
	char layout[8];      /* default export layout: "pnc", "gibbs" or "nmc" */
	char *prompts;       /* a prompt set file, or NULL for the built-in prompts */
	bool colour;         /* calm colours (false: monochrome; NO_COLOR also turns them off) */
	char *exchange;      /* the exchange folder 'reflect sync' uses, or NULL */
	config_origin lock_after_from, kdf_from, layout_from, prompts_from, colour_from, exchange_from;
	char *path;          /* the file read, or that would be read */
	bool found;          /* the file exists */
} config;

/* The default path: $XDG_CONFIG_HOME/reflect/config, else ~/.config/reflect/config.
 * The caller frees it with free(). */
char *config_default_path(void);

/* Defaults, then the settings in the file at path (a missing file is fine). Lines are
 * "key = value"; '#' starts a comment. An unknown key or a bad value is RF_ERR_PARSE with the
 * line in d, and *out still holds the defaults and every good line. Free with config_free. */
rf_status config_load(const char *path, config *out, rf_detail *d);

/* Free what config_load allocated. */
void config_free(config *c);

/* The name of an origin, for 'reflect config'. */
const char *config_origin_name(config_origin o);

#endif
