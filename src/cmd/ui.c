#include "util/compat.h"
#include "cmd/ui.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"

#include <unistd.h>

bool vouch_quiet;
static bool progress_shown;

/* Length of the UTF-8 sequence at s (n bytes left) and its code point; 0 when not valid. */
static size_t utf8_len(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t c;

	if (!len || s[0] > 0xf4 || len > n)
		return 0;
	c = s[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* C1 controls, and the bidirectional overrides that reorder what a line shows. */
static bool unsafe_cp(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069);
}

void ui_escape(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		uint32_t cp = 0;
		size_t len;

		/* a tab moves the cursor on its line only (minisign's comments hold tabs) */
		if ((c >= 0x20 && c < 0x7f) || c == '\t') {
			buf_addch(out, c);
			i++;
		} else if (c == '\n' || c == '\r') {
			buf_adds(out, c == '\n' ? "\\n" : "\\r");
			i++;
		} else if (c >= 0x80 && (len = utf8_len(p + i, n - i, &cp)) && !unsafe_cp(cp)) {
			buf_add(out, p + i, len);
			i += len;
		} else if (c >= 0x80 && len) {
			/* a valid but unsafe character: every byte of it, in hex */
			for (size_t k = 0; k < len; k++)
				buf_addf(out, "\\x%02x", p[i + k]);
			i += len;
		} else {
			buf_addf(out, "\\x%02x", c);
			i++;
		}
	}
}

const char *ui_safe(const char *s)
{
	/* a few at a time, so that one printf can take several */
	static struct buf ring[UI_SAFE_RING];
	static size_t next;
	struct buf *b;

	if (!s)
		return s;
	b = &ring[next++ % UI_SAFE_RING];
	if (!b->max)
		buf_init(b, BUF_MAX_DEFAULT);
	buf_reset(b);
	ui_escape(b, s, strlen(s));
	return b->ptr;
}

void ui_vprint(FILE *f, const char *prefix, const char *fmt, va_list ap)
{
	struct buf msg = BUF_INIT, safe = BUF_INIT;

	if (buf_vaddf(&msg, fmt, ap) < 0) {
		buf_reset(&msg);
		buf_adds(&msg, "(message too long)");
	}
	ui_escape(&safe, msg.ptr ? msg.ptr : "", msg.len);
	fputs(prefix, f);
	if (safe.len)
		fwrite(safe.ptr, 1, safe.len, f);
	fputc('\n', f);
	buf_release(&msg);
	buf_release(&safe);
}

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
	ui_progress_done();
	ui_vprint(stderr, prefix, fmt, ap);
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
	{
		struct buf msg = BUF_INIT, safe = BUF_INIT;

		va_start(ap, fmt);
		buf_vaddf(&msg, fmt, ap);
		va_end(ap);
		ui_escape(&safe, msg.ptr ? msg.ptr : "", msg.len);
		if (safe.len)
			fwrite(safe.ptr, 1, safe.len, stderr);
		buf_release(&msg);
		buf_release(&safe);
	}
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
	{
		struct opt_guess g = OPT_GUESS_INIT(verb, strlen(verb));

		for (size_t i = 0; i < n; i++)
			opt_guess_try(&g, subs[i].name);
		if (g.best)
			ui_error("'%s' is not a verb of 'vouch %s'; did you mean '%s'?", verb,
			         parent, g.best);
		else
			ui_error("'%s' is not a verb of 'vouch %s'; run 'vouch %s --help'", verb,
			         parent, parent);
	}
	return EXIT_USAGE;
}

int ui_write_result(const char *output, const struct buf *out)
{
	if (output && strcmp(output, "-")) {
		if (fs_write_atomic(output, out->ptr, out->len, 0644, 0) < 0) {
			ui_error_last();
			return EXIT_FAIL;
		}
		return EXIT_OK;
	}
	fwrite(out->ptr, 1, out->len, stdout);
	return EXIT_OK;
}
