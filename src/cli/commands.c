/* commands.c - the table of subcommands, and 'reflect help'. */
#include <stdio.h>
#include <string.h>

#include "reflect/cli.h"
#include "reflect/i18n.h"

#define FILTERS "[--since DATE] [--until DATE] [--theme T] [--emotion E] [--family F] [--search TEXT] [--flagged] [--portfolio]"

const cli_command cli_commands[] = {
	{"init", cmd_init, "reflect init [--kdf interactive|moderate|sensitive]",
	 N_("create a new journal, sealed under a passphrase"),
	 N_("Creates the journal file (by default ~/.local/share/reflect/journal.db) and asks for a\n"
	 "passphrase twice. The passphrase cannot be recovered: without it, nobody (you included)\n"
	 "can read the journal. --kdf sets how costly each guess is (default moderate).")},
	{"add", cmd_add, "reflect add [FILE]", N_("add one entry from a JSON object (FILE or stdin)"),
	 N_("Reads one entry as JSON (the form in reflect(1)) and prints the new entry's id.\n"
	 "Every field is optional.")},
	{"list", cmd_list, "reflect list " FILTERS " [--limit N]",
	 N_("one line per entry, newest first"),
	 N_("Each line starts with the entry's id, then its date, family code, first words and themes.")},
	{"show", cmd_show, "reflect show ID", N_("the whole entry, with any supervisor responses"), NULL},
	{"delete", cmd_delete, "reflect delete ID [--force]", N_("delete an entry for good"),
	 N_("Asks first on a terminal; from a script it needs --force.")},
	{"export", cmd_export, "reflect export --format json [" FILTERS "] [-o FILE] [--force]",
	 N_("write entries out (readable by anyone who has the file)"), NULL},
	{"import", cmd_import, "reflect import --format json FILE",
	 N_("add entries from a file; entries already there are skipped"),
	 N_("Reads an export document {\"reflect\":1,\"entries\":[...]} or a bare array of entries,\n"
	 "all in one go: if any entry is malformed, nothing is added.")},
	{"passwd", cmd_passwd, "reflect passwd [--kdf LEVEL]", N_("change the passphrase"),
	 N_("Asks for the current passphrase, then the new one twice (or reads it from\n"
	 "--new-passphrase-file). Either the old or the new passphrase opens the journal at every\n"
	 "moment, even if the change is interrupted.")},
	{"check", cmd_check, "reflect check", N_("verify every record in the journal"),
	 N_("Exit status 4 and a list of what is damaged when anything does not authenticate.")},
	{"backup", cmd_backup, "reflect backup FILE [--force]",
	 N_("write a sealed copy of the journal to FILE"),
	 N_("The copy is as sealed as the journal and opens with the same passphrase:\n"
	 "reflect --journal FILE list.")},
	{"config", cmd_config, "reflect config", N_("show the settings in force and where they come from"),
	 N_("Settings are read from $XDG_CONFIG_HOME/reflect/config (~/.config/reflect/config), one\n"
	 "'key = value' a line: lock_after (seconds), kdf (interactive|moderate|sensitive),\n"
	 "layout (pnc|gibbs|nmc), prompts (a prompt set file), colour (calm|none).\n"
	 "The prompt set is checked too: a line it cannot read is named here.")},
	{"help", cmd_help, "reflect help [COMMAND]", N_("help on the commands"), NULL},
	{NULL, NULL, NULL, NULL, NULL},
};

const cli_command *cli_find(const char *name)
{
	for (const cli_command *c = cli_commands; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int cmd_help(int argc, char **argv, const cli_global *g)
{
	(void)g;
	if (argc > 1 && strcmp(argv[1], "--list") == 0) {
		for (const cli_command *c = cli_commands; c->name != NULL; c++)
			puts(c->name);
		return EXIT_DONE;
	}
	if (argc > 1) {
		const cli_command *c = cli_find(argv[1]);
		if (c == NULL)
			return cli_usage("help", _("there is no command '%s'"), argv[1]);
		printf(_("usage: %s\n"), c->usage);
		printf("\n%s.\n", _(c->summary));
		if (c->help != NULL)
			printf("\n%s\n", _(c->help));
		return EXIT_DONE;
	}
	puts(_("reflect - a sealed journal for reflective practice (Pause, Notice, Be Curious)\n\n"
	       "usage: reflect [OPTIONS]             open the journal (guided reflection)\n"
	       "       reflect [OPTIONS] COMMAND ...\n\n"
	       "Commands:"));
	for (const cli_command *c = cli_commands; c->name != NULL; c++)
		printf("  %-12s %s\n", c->name, _(c->summary));
	puts(_("\nOptions:\n"
	       "  --journal PATH            the journal file (or REFLECT_JOURNAL)\n"
	       "  --passphrase-file FILE    read the passphrase from FILE's first line\n"
	       "                            (or REFLECT_PASSPHRASE_FILE); never on the command line\n"
	       "  --new-passphrase-file F   the new passphrase, for passwd\n"
	       "  --lock-after SECONDS      lock the screen after this much idle time (600)\n"
	       "  --plain                   plain questions and answers, for screen readers\n"
	       "  --prompts FILE            an organisation's own prompt set (see reflect(1))\n"
	       "  --version, --help\n\n"
	       "The language follows LANGUAGE, LC_ALL, LC_MESSAGES and LANG.\n"
	       "Exit status: 0 done, 1 failed, 2 usage, 3 wrong passphrase, 4 damage detected.\n"
	       "'reflect help COMMAND' and reflect(1) say more."));
	return EXIT_DONE;
}
