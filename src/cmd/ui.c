#include "util/compat.h"
#include "cmd/ui.h"
#include "cmd/cmd.h"
#include "util/err.h"

#include <unistd.h>

bool vouch_quiet;
static bool progress_shown;

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
	ui_progress_done();
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void ui_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("vouch: ", fmt, ap);
	va_end(ap);
}

int ui_exit_code(int err)
{
	switch (err) {
	case ERR_OK:
		return EXIT_OK;
	case ERR_USAGE:
		return EXIT_USAGE;
	case ERR_VERIFY:
		return EXIT_NEGATIVE;
	case ERR_PARSE:
	case ERR_TOOBIG:
	case ERR_UNSUPPORTED:
		return EXIT_PARTIAL;
	default:
		return EXIT_FAIL;
	}
}

int ui_error_last(void)
{
	ui_error("%s", err_msg()[0] ? err_msg() : err_name(err_code()));
	return ui_exit_code(err_code());
}

void ui_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("vouch: warning: ", fmt, ap);
	va_end(ap);
}

void ui_info(const char *fmt, ...)
{
	va_list ap;

	if (vouch_quiet)
		return;
	va_start(ap, fmt);
	vmsg("vouch: ", fmt, ap);
	va_end(ap);
}

void ui_progress(const char *fmt, ...)
{
	va_list ap;

	if (vouch_quiet || !isatty(2))
		return;
	fputs("\r\033[K", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	progress_shown = true;
}

void ui_progress_done(void)
{
	if (progress_shown) {
		fputs("\r\033[K", stderr);
		progress_shown = false;
	}
}

bool ui_color(void)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (nc && *nc)
		return false;
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(1);
}

int cmd_run_sub(int argc, char **argv, const char *parent, const struct subcmd *subs, size_t n)
{
	const char *verb = argc > 1 ? argv[1] : NULL;

	if (!verb || !strcmp(verb, "--help") || !strcmp(verb, "-h") || !strcmp(verb, "help")) {
		FILE *f = verb ? stdout : stderr;

		fprintf(f, "usage: vouch %s VERB [OPTIONS] ...\n\nverbs:\n", parent);
		for (size_t i = 0; i < n; i++)
			fprintf(f, "  %-14s %s\n", subs[i].name, subs[i].summary);
		fprintf(f, "\nrun 'vouch %s VERB --help' for a verb's options\n", parent);
		return verb ? EXIT_OK : EXIT_USAGE;
	}
	for (size_t i = 0; i < n; i++)
		if (!strcmp(subs[i].name, verb))
			return subs[i].fn(argc - 1, argv + 1);
	ui_error("'%s' is not a verb of 'vouch %s'; run 'vouch %s --help'", verb, parent, parent);
	return EXIT_USAGE;
}
