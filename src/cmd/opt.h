/*
 * opt.h: options declared as data.
 *
 * Each command declares its options in a table; opt_parse() reads argv with
 * it and builds --help and usage errors from the same rows, so the two never
 * disagree.
 *
 *     const char *out = NULL;
 *     struct strlist vex = STRLIST_INIT;
 *     const struct opt_spec opts[] = {
 *             OPT_STRING('o', "output", &out, "FILE", "write the result to FILE"),
 *             OPT_LIST(0, "vex", &vex, "FILE", "apply a VEX document (repeatable)"),
 *             OPT_END(),
 *     };
 *     r = opt_parse(&argc, &argv, opts, &usage);
 *     if (r != OPT_OK) return r == OPT_HELP ? EXIT_OK : EXIT_USAGE;
 *
 * After a successful parse argc/argv hold the operands (argv[0] is the first
 * one, no longer the command name). "--" ends the options; "-" is an operand.
 * Long options take "--name VALUE" or "--name=VALUE"; short ones "-o VALUE".
 * --help / -h and --quiet / -q are understood by every command.
 */
#ifndef VOUCH_OPT_H
#define VOUCH_OPT_H

#include "util/compat.h"

/* A growable list of strings (pointers into argv, not copied). */
struct strlist {
	const char **v;
	size_t n, alloc;
};
#define STRLIST_INIT                                                                               \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}
void strlist_push(struct strlist *l, const char *s);
void strlist_release(struct strlist *l);

enum opt_type {
	OPT__END,
	OPT__BOOL,   /* bool *: set to true */
	OPT__STRING, /* const char **: the last one given wins */
	OPT__LIST,   /* struct strlist *: every one given, in order */
	OPT__SIZE,   /* size_t *: a bounded decimal number */
	OPT__CHOICE, /* const char **: one of a NULL-terminated list */
};

enum opt_flags {
	OPT_SECRET = 1 << 0, /* the value is wiped from argv after reading (ps shows no secret) */
};

struct opt_spec {
	enum opt_type type;
	char short_name;
	const char *long_name;
	void *value;
	const char *argname;
	const char *help;
	const char *const *choices;
	size_t max;
	unsigned flags;
};

#define OPT_BOOL(s, l, v, h)                                                                       \
	{                                                                                          \
		OPT__BOOL, (s), (l), (v), NULL, (h), NULL, 0, 0                                    \
	}
#define OPT_STRING(s, l, v, a, h)                                                                  \
	{                                                                                          \
		OPT__STRING, (s), (l), (v), (a), (h), NULL, 0, 0                                   \
	}
#define OPT_LIST(s, l, v, a, h)                                                                    \
	{                                                                                          \
		OPT__LIST, (s), (l), (v), (a), (h), NULL, 0, 0                                     \
	}
#define OPT_SIZE(s, l, v, a, max, h)                                                               \
	{                                                                                          \
		OPT__SIZE, (s), (l), (v), (a), (h), NULL, (max), 0                                 \
	}
#define OPT_CHOICE(s, l, v, a, ch, h)                                                              \
	{                                                                                          \
		OPT__CHOICE, (s), (l), (v), (a), (h), (ch), 0, 0                                   \
	}
#define OPT_END()                                                                                  \
	{                                                                                          \
		OPT__END, 0, NULL, NULL, NULL, NULL, NULL, 0, 0                                    \
	}

struct opt_usage {
	const char *name;     /* "vouch sbom" */
	const char *synopsis; /* usage line(s) without the name, '\n' between lines */
	const char *summary;  /* one paragraph on what the command does */
};

enum {
	OPT_OK = 0,
	OPT_HELP = 1,   /* --help was printed to stdout */
	OPT_ERROR = -1, /* a usage error was printed to stderr */
};

int opt_parse(int *argc, char ***argv, const struct opt_spec *opts, const struct opt_usage *u);

/* Prints the usage (and option list) to f. */
void opt_print_usage(FILE *f, const struct opt_spec *opts, const struct opt_usage *u);

/* Prints "vouch: MESSAGE" and a hint to run --help; returns OPT_ERROR. */
int opt_usage_error(const struct opt_usage *u, const char *fmt, ...) VOUCH_PRINTF(2, 3);

/*
 * "Did you mean": the candidate closest to what was typed, by edit distance
 * (insertions, deletions, substitutions and swaps of two neighbours, as git's
 * help.c weighs them alike), or a candidate the typed word begins. Feed every
 * candidate to opt_guess_try(); guess.best is then NULL when none is close
 * enough to be worth naming (more than a third of the word wrong, or more
 * than 3 edits).
 */
struct opt_guess {
	const char *typed;
	size_t len;       /* of typed */
	const char *best; /* NULL, or the closest candidate so far */
	size_t dist;
};
#define OPT_GUESS_INIT(word, n)                                                                    \
	{                                                                                          \
		(word), (n), NULL, (size_t)-1                                                      \
	}
void opt_guess_try(struct opt_guess *g, const char *candidate);

/*
 * The destinations of a command's output, from its --output values, syft's
 * way: "FILE" (the document in --format), "FORMAT" alone (that format on
 * stdout), "FORMAT=FILE", with "FORMAT@VERSION" for a format version. FORMAT
 * must be one of `formats`; a value with '=' whose left side is no format is
 * refused, so no file is ever named "cyclonedx-json=x.json" by mistake (write
 * "./NAME" for a file whose name has '='). With no value, one destination:
 * stdout in `default_format`. At most one destination is stdout and no file
 * is named twice. Returns the number of destinations in *out (free() it), or
 * OPT_ERROR after printing a usage error.
 */
struct opt_output {
	const char *format;  /* one of formats[] */
	const char *version; /* after '@', or NULL */
	size_t version_len;
	const char *path; /* NULL: stdout */
};
int opt_outputs(struct opt_output **out, const struct strlist *values, const char *default_format,
                const char *const *formats, const struct opt_usage *u);

/*
 * Checks that every operand names something that exists ("-" excepted), so
 * a command refuses a mistyped path before it writes anything. Prints each
 * missing one and returns OPT_ERROR (exit 2), else OPT_OK.
 */
int opt_check_paths(const struct opt_usage *u, int argc, char **argv);

#endif
