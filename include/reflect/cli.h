/* cli.h - the command line: global options, the command table, shared helpers for commands. */
#ifndef REFLECT_CLI_H
#define REFLECT_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "reflect/config.h"
#include "reflect/entry.h"
#include "reflect/journal.h"
#include "reflect/status.h"

/* Exit statuses (INTERFACE.md). */
enum {
	EXIT_DONE = 0,
	EXIT_FAILED = 1,
	EXIT_USAGE = 2,
	EXIT_PASSPHRASE = 3,
	EXIT_DAMAGED = 4,
};

/* Options that any command accepts, anywhere on the line. */
typedef struct cli_global {
	const char *journal_path;        /* --journal, REFLECT_JOURNAL, or the default */
	const char *passphrase_file;     /* --passphrase-file, REFLECT_PASSPHRASE_FILE */
	const char *new_passphrase_file; /* --new-passphrase-file */
	long lock_after;                 /* --lock-after SECONDS (TUI), default 600 */
	bool plain;                      /* --plain */
	bool interactive;                /* standard input is a terminal */
	const config *cfg;               /* the settings in force (never NULL) */
} cli_global;

/* A subcommand: parses its own arguments (argv[0] is the command name) and returns an exit
 * status. */
typedef int (*cli_fn)(int argc, char **argv, const cli_global *g);

typedef struct cli_command {
	const char *name;
	cli_fn fn;
	const char *usage;   /* "reflect list [filters]" */
	const char *summary; /* one line */
	const char *help;    /* a paragraph for 'reflect help COMMAND' (may be NULL) */
} cli_command;

/* The table of commands, ended by a NULL name. */
extern const cli_command cli_commands[];

/* Look a command up by name; NULL when unknown. */
const cli_command *cli_find(const char *name);

/* Print "reflect: MESSAGE" and the status's own message to stderr; returns the exit status
 * that fits st (3 wrong passphrase, 4 damage, 1 otherwise). fmt may be NULL. */
int cli_fail(rf_status st, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Print a usage error for cmd and return EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* The exit status for a core status. */
int cli_exit_for(rf_status st);

/* Read a passphrase: from the file given (first line), else from the terminal with prompt
 * (echo off). Returns guarded memory (free with rcrypto_secret_free); NULL with a message
 * printed when none could be read. confirm asks twice (for a new passphrase). */
char *cli_read_passphrase(const char *file, const char *prompt, bool confirm);

/* Unlock the journal named by g (asking for the passphrase as g says). On failure prints a
 * kind message and returns the exit status; on success returns EXIT_DONE with *out open. */
int cli_unlock(const cli_global *g, journal **out);

/* After reading entries: if any were skipped as damaged, say so on stderr (what and how many,
 * and to run 'reflect check'). Returns true when something was skipped. */
bool cli_report_damage(journal *j);

/* True when the damage found so far means records may be missing or hidden (rows deleted,
 * kinds changed, items that do not open): what relies on a whole list (the identifiers for a
 * redacting export, the identity) must not go on. */
bool cli_records_may_be_hidden(journal *j);

/* A contact's name that could deceive (bidirectional overrides, zero-width characters,
 * look-alike letters of mixed scripts): prints why as a usage error and returns true. */
bool cli_name_refused(const char *cmd, const char *name);

/* Filter options shared by list, export and review. Call from a getopt_long loop: returns
 * true when opt was a filter option (and fills f), false otherwise. */
bool cli_filter_option(int opt, const char *arg, entry_filter *f);

/* getopt_long option entries for the filters; ids are CLI_OPT_* below. Terminated by a zero
 * entry; copy into a command's own table with cli_options_merge. */
enum {
	CLI_OPT_SINCE = 1000,
	CLI_OPT_UNTIL,
	CLI_OPT_THEME,
	CLI_OPT_EMOTION,
	CLI_OPT_FAMILY,
	CLI_OPT_VISIT_TYPE,
	CLI_OPT_SEARCH,
	CLI_OPT_FLAGGED,
	CLI_OPT_PORTFOLIO,
	CLI_OPT_SHARED,
	CLI_OPT_FROM,
	CLI_OPT_FIRST_FREE = 1100, /* commands number their own options from here */
};
#include <getopt.h>
extern const struct option cli_filter_options[];

/* Check the dates in a filter; prints a usage message and returns false when one is bad. */
bool cli_filter_valid(const char *cmd, const entry_filter *f);

/* Read all of a file (or stdin for "-" or NULL) into memory, at most max bytes. The caller
 * wipes and frees *out with rcrypto_plain_free(out, *len). */
rf_status cli_read_all(const char *path, size_t max, unsigned char **out, size_t *len);

/* Parse an entry id (a positive decimal number); false when s is not one. */
/* Take a flag without a value (--force) from wherever it stands in argv (before or after the
 * operands, as GNU tools allow; not after "--"), closing the gap; *argc shrinks. True when it
 * was there. argv[0] is the command's name. */
bool cli_take_flag(int *argc, char **argv, const char *flag);

bool cli_parse_id(const char *s, int64_t *id);

/* Ask a yes/no question on the terminal; false when stdin is not a terminal. */
bool cli_confirm(const char *question);

/* An answer to a yes/no question in English or the language in force: 1 yes, 0 no, -1
 * neither (or empty). */
int cli_yes_no(const char *line);

/* `reflect` with no command: the full-screen journal, or plain mode when --plain is given,
 * TERM is dumb or there is no terminal. Returns an exit status. */
int cli_open_journal_ui(const cli_global *g);

/* Plain mode (src/cli/plain.c): the guided reflection as plain lines, for screen readers and
 * bare terminals; with input that is not a terminal it reads the answers in the order of
 * INTERFACE.md. Returns an exit status. */
int cli_plain_run(const cli_global *g);

/* Print an entry for people to read (show, plain mode). */
void cli_print_entry(FILE *out, const entry *e);

/* Print the one-line summary of an entry that list uses. */
void cli_print_line(FILE *out, const entry *e);

/* Terminal safety: a copy of s with every control, bidi and non-UTF-8 byte shown visibly
 * (text_safe). cli_safe for one-line fields (tabs and newlines shown too), cli_safe_text for
 * texts that keep their lines. The caller frees the result. */
char *cli_safe(const char *s);
char *cli_safe_text(const char *s);
/* Write s to out made safe (one_line: as cli_safe). */
void cli_put(FILE *out, const char *s, bool one_line);

/* From here on, what is printed on standard output (out) and standard error (err) goes
 * through text_safe_n on its way: no raw control character, ESC, C1 or bidirectional control
 * from anything a person wrote or a file held reaches the terminal, whichever command prints
 * it. Newlines and tabs pass (one-line fields use cli_safe so that they cannot forge rows). */
void cli_guard_output(bool out, bool err);

/* Drafts: when one was started (local time), the name of a step, and its first words made
 * safe (the caller frees them). */
void cli_draft_when(int64_t t, char *out, size_t cap);
const char *cli_draft_step(int step);
char *cli_draft_words(const entry *e, int cols);

/* The commands (each in src/cli/cmd_*.c). */
int cmd_init(int argc, char **argv, const cli_global *g);
int cmd_add(int argc, char **argv, const cli_global *g);
int cmd_list(int argc, char **argv, const cli_global *g);
int cmd_show(int argc, char **argv, const cli_global *g);
int cmd_delete(int argc, char **argv, const cli_global *g);
int cmd_export(int argc, char **argv, const cli_global *g);
int cmd_import(int argc, char **argv, const cli_global *g);
int cmd_identifiers(int argc, char **argv, const cli_global *g);
int cmd_passwd(int argc, char **argv, const cli_global *g);
int cmd_check(int argc, char **argv, const cli_global *g);
int cmd_drafts(int argc, char **argv, const cli_global *g);
int cmd_backup(int argc, char **argv, const cli_global *g);
int cmd_help(int argc, char **argv, const cli_global *g);
int cmd_config(int argc, char **argv, const cli_global *g);
int cmd_review(int argc, char **argv, const cli_global *g);
int cmd_practice(int argc, char **argv, const cli_global *g);

/* Sharing for supervision (src/cli/cmd_share.c, src/cli/cmd_supervision.c). */
int cmd_id(int argc, char **argv, const cli_global *g);
int cmd_contact(int argc, char **argv, const cli_global *g);
int cmd_share(int argc, char **argv, const cli_global *g);
int cmd_receive(int argc, char **argv, const cli_global *g);
int cmd_verify(int argc, char **argv, const cli_global *g);
/* 'reflect supervision confirm' (cmd_attest.c); argv[0] is "confirm". */
int cli_supervision_confirm(int argc, char **argv, const cli_global *g);
int cmd_respond(int argc, char **argv, const cli_global *g);
int cmd_supervision(int argc, char **argv, const cli_global *g);
int cmd_group(int argc, char **argv, const cli_global *g);
int cmd_sync(int argc, char **argv, const cli_global *g);

/* A time as people read it, in local time: "2 Dec 2026, 09:30". */
void cli_local_time(int64_t t, char out[40]);
/* The same for an ISO 8601 UTC time as responses keep it ("2026-11-20T16:05:00Z"); anything
 * else is given back as it is. */
void cli_iso_local_time(const char *iso, char out[40]);

/* When the journal holds a shared entry with number id, say on stderr how to show it and
 * return true. */
bool cli_hint_shared(journal *j, int64_t id);

/* 'reflect list --shared [--from NAME]': the entries supervisees shared, filtered by f, at most
 * limit lines (0 for all). Returns an exit status. */
int cli_list_shared(const cli_global *g, const entry_filter *f, const char *from, long limit);

/* 'reflect show --shared ID' (argv as show got it). Returns an exit status. */
int cli_show_shared(int argc, char **argv, const cli_global *g);

/* List what the de-identification scan found, where (entry and field, or "title"), on stderr
 * (the first 50, then how many more). */
struct deid_findings;
void cli_show_findings(const struct deid_findings *f);

#endif
