/*
 * cmd.h: what every command file shares.
 *
 * Adding a command:
 *  1. write src/cmd/NAME.c exporting `int cmd_NAME(int argc, char **argv)`;
 *     argv[0] is the command's name, the rest its arguments;
 *  2. declare its options as a `static const struct opt_spec[]` table and
 *     call opt_parse() (opt.h), which gives --help and usage errors for free;
 *  3. declare cmd_NAME below and fill in its row of the table in main.c;
 *  4. add docs/cmd/NAME.md and end-to-end tests tests/cli/tNNNN-NAME-*.sh.
 *
 * A command returns one of the exit codes below. Only code in src/cmd/ and
 * main.c prints or chooses exit codes; the core returns errors (util/err.h).
 */
#ifndef VOUCH_CMD_H
#define VOUCH_CMD_H

#include "util/compat.h"

/* Exit codes, the same for every command (design.md). */
enum {
	EXIT_OK = 0,       /* success, nothing to report */
	EXIT_NEGATIVE = 1, /* findings, a failed verification, a policy not met */
	EXIT_USAGE = 2,    /* bad option or argument, or a command not built yet */
	EXIT_PARTIAL = 3,  /* completed, but some inputs could not be read */
	EXIT_FAIL = 4,     /* could not run: I/O error, database, out of memory */
};

/* What a command needs set up; shown by `vouch help` and used by main.c. */
enum cmd_flags {
	CMD_NEEDS_DB = 1 << 0,  /* opens the vulnerability database */
	CMD_NEEDS_NET = 1 << 1, /* the only commands allowed on the network */
	CMD_WRITES = 1 << 2,    /* writes files other than its --output */
	CMD_SECRETS = 1 << 3,   /* handles secret keys or passwords */
};

struct cmd_spec {
	const char *name;
	int (*fn)(int argc, char **argv);
	unsigned flags;
	const char *synopsis; /* the usage line(s) after "vouch ", '\n' between lines */
	const char *summary;  /* one line for `vouch --help` */
	int issue;            /* for commands not built yet: where the work is tracked */
};

/* The table, in main.c. */
const struct cmd_spec *cmd_find(const char *name);

/* Global state set from the command line. */
extern bool vouch_quiet;

/*
 * Subcommands (`vouch log prove`): each command with verbs has a table of
 * these and calls cmd_run_sub(), which prints the verb list for --help, a
 * usage error for an unknown verb, and otherwise calls the verb with argv
 * starting at the verb.
 */
struct subcmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *synopsis;
	const char *summary;
};

int cmd_run_sub(int argc, char **argv, const char *parent, const struct subcmd *subs, size_t n);

int cmd_db(int argc, char **argv);
int cmd_sbom(int argc, char **argv);
int cmd_sbom_diff(int argc, char **argv); /* `vouch sbom diff`, sbom_diff.c */
int cmd_scan(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_cvss(int argc, char **argv);
int cmd_key(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_env(int argc, char **argv);
int cmd_attest(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_assess(int argc, char **argv);
int cmd_release(int argc, char **argv);
int cmd_bundle(int argc, char **argv);

/*
 * Loads the vouch.toml of assess-like commands: config when given, else
 * PATH/vouch.toml when it exists, else the defaults for PATH (with a warning).
 * Returns EXIT_OK, or EXIT_FAIL after printing why it could not be read.
 */
struct assess_config;
int cmd_load_config(struct assess_config *out, const char *config, const char *path);
int cmd_ci(int argc, char **argv);
int cmd_advisory(int argc, char **argv);
int cmd_securitytxt(int argc, char **argv);
int cmd_lifecycle(int argc, char **argv);
int cmd_incident(int argc, char **argv);
int cmd_secrets(int argc, char **argv);
int cmd_harden(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_push(int argc, char **argv);

#endif
