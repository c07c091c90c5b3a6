#include "util/compat.h"
#include "cmd/opt.h"
#include "cmd/cmd.h"
#include "cmd/ui.h"
#include "util/alloc.h"
#include "util/num.h"
#include "util/err.h"

#include <sys/stat.h>

void strlist_push(struct strlist *l, const char *s)
{
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n++] = s;
}

void strlist_release(struct strlist *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}

static const struct opt_spec common_opts[] = {
	OPT_BOOL('h', "help", NULL, "show this help and exit"),
	OPT_BOOL('q', "quiet", NULL, "print only results and errors"),
	OPT_END(),
};

static void print_opt(FILE *f, const struct opt_spec *o)
{
	char left[64];
	int n;

	if (o->short_name)
		n = snprintf(left, sizeof(left), "-%c, --%s", o->short_name, o->long_name);
	else
		n = snprintf(left, sizeof(left), "    --%s", o->long_name);
	if (o->argname && n >= 0 && (size_t)n < sizeof(left))
		snprintf(left + n, sizeof(left) - (size_t)n, " %s", o->argname);
	fprintf(f, "  %-28s %s", left, o->help ? o->help : "");
	if (o->type == OPT__CHOICE && o->choices) {
		fputs(" (one of ", f);
		for (size_t i = 0; o->choices[i]; i++)
			fprintf(f, "%s%s", i ? ", " : "", o->choices[i]);
		fputc(')', f);
	}
	fputc('\n', f);
}

void opt_print_usage(FILE *f, const struct opt_spec *opts, const struct opt_usage *u)
{
	const char *s = u->synopsis, *nl;
	bool first = true;

	do {
		nl = strchr(s, '\n');
		fprintf(f, "%s %s %.*s\n", first ? "usage:" : "   or:", u->name,
		        (int)(nl ? (size_t)(nl - s) : strlen(s)), s);
		first = false;
		s = nl ? nl + 1 : NULL;
	} while (s && *s);
	if (u->summary && *u->summary)
		fprintf(f, "\n%s\n", u->summary);
	fputs("\noptions:\n", f);
	for (const struct opt_spec *o = opts; o && o->type != OPT__END; o++)
		print_opt(f, o);
	for (const struct opt_spec *o = common_opts; o->type != OPT__END; o++)
		print_opt(f, o);
}

int opt_usage_error(const struct opt_usage *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ui_vprint(stderr, "vouch: ", fmt, ap);
	va_end(ap);
	fprintf(stderr, "run '%s --help' for usage\n", u->name);
	return OPT_ERROR;
}

/* Longer words are not guessed at: nobody mistypes a 64-letter option. */
#define GUESS_MAX 64

/* Optimal string alignment distance: Levenshtein plus swaps of two neighbours. */
static size_t edit_distance(const char *a, size_t n, const char *b, size_t m)
{
	size_t d[GUESS_MAX + 1][GUESS_MAX + 1];

	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			size_t c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < c)
				c = d[i - 2][j - 2] + 1;
			d[i][j] = c;
		}
	}
	return d[n][m];
}

void opt_guess_try(struct opt_guess *g, const char *candidate)
{
	size_t m = strlen(candidate), dist;

	if (!g->len || g->len > GUESS_MAX || m > GUESS_MAX)
		return;
	/* a beginning of at least 3 letters ("--form") is as good as one edit */
	if (g->len >= 3 && g->len < m && !strncmp(candidate, g->typed, g->len))
		dist = 1;
	else
		dist = edit_distance(g->typed, g->len, candidate, m);
	if (!dist || dist > 3 || dist * 3 > g->len + 1)
		return;
	if (dist < g->dist) {
		g->best = candidate;
		g->dist = dist;
	}
}

static const struct opt_spec *find_long(const struct opt_spec *opts, const char *name, size_t n)
{
	for (const struct opt_spec *o = opts; o && o->type != OPT__END; o++)
		if (o->long_name && strlen(o->long_name) == n && !strncmp(o->long_name, name, n))
			return o;
	for (const struct opt_spec *o = common_opts; o->type != OPT__END; o++)
		if (strlen(o->long_name) == n && !strncmp(o->long_name, name, n))
			return o;
	return NULL;
}

static const struct opt_spec *find_short(const struct opt_spec *opts, char c)
{
	for (const struct opt_spec *o = opts; o && o->type != OPT__END; o++)
		if (o->short_name == c)
			return o;
	for (const struct opt_spec *o = common_opts; o->type != OPT__END; o++)
		if (o->short_name == c)
			return o;
	return NULL;
}

static int set_value(const struct opt_spec *o, char *val, const struct opt_usage *u)
{
	switch (o->type) {
	case OPT__STRING:
		*(const char **)o->value = val;
		break;
	case OPT__LIST:
		strlist_push(o->value, val);
		break;
	case OPT__SIZE:
		if (num_parse_size(o->value, val, o->max) < 0)
			return opt_usage_error(u, "--%s: %s", o->long_name, err_msg());
		break;
	case OPT__CHOICE:
		for (size_t i = 0; o->choices[i]; i++) {
			if (!strcmp(o->choices[i], val)) {
				*(const char **)o->value = o->choices[i];
				return OPT_OK;
			}
		}
		fprintf(stderr, "vouch: --%s: unknown value '%s'; choose one of:", o->long_name,
		        ui_safe(val));
		for (size_t i = 0; o->choices[i]; i++)
			fprintf(stderr, " %s", o->choices[i]);
		fputc('\n', stderr);
		return OPT_ERROR;
	default:
		break;
	}
	return OPT_OK;
}

int opt_parse(int *argc, char ***argv, const struct opt_spec *opts, const struct opt_usage *u)
{
	int ac = *argc;
	char **av = *argv;
	char **rest = av; /* operands are compacted in place, after argv[0] */
	int nrest = 0;
	bool only_operands = false;

	for (int i = 1; i < ac; i++) {
		char *arg = av[i];
		const struct opt_spec *o;
		char *val = NULL;

		if (only_operands || arg[0] != '-' || !strcmp(arg, "-")) {
			rest[nrest++] = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			only_operands = true;
			continue;
		}
		if (arg[1] == '-') {
			const char *name = arg + 2;
			char *eq = strchr(name, '=');

			size_t len = eq ? (size_t)(eq - name) : strlen(name);

			o = find_long(opts, name, len);
			if (!o) {
				struct opt_guess g = OPT_GUESS_INIT(name, len);

				for (const struct opt_spec *p = opts; p && p->type != OPT__END; p++)
					if (p->long_name)
						opt_guess_try(&g, p->long_name);
				for (const struct opt_spec *p = common_opts; p->type != OPT__END;
				     p++)
					opt_guess_try(&g, p->long_name);
				if (g.best)
					return opt_usage_error(
					        u, "unknown option '--%.*s'; did you mean '--%s'?",
					        (int)len, name, g.best);
				return opt_usage_error(u, "unknown option '--%.*s'", (int)len,
				                       name);
			}
			if (eq) {
				if (o->type == OPT__BOOL)
					return opt_usage_error(u, "--%s takes no value",
					                       o->long_name);
				val = eq + 1;
			}
		} else {
			o = find_short(opts, arg[1]);
			if (!o || arg[2] != '\0')
				return opt_usage_error(u, "unknown option '%s'", arg);
		}
		if (!strcmp(o->long_name, "help")) {
			opt_print_usage(stdout, opts, u);
			return OPT_HELP;
		}
		if (!strcmp(o->long_name, "quiet")) {
			vouch_quiet = true;
			continue;
		}
		if (o->type == OPT__BOOL) {
			*(bool *)o->value = true;
			continue;
		}
		if (!val) {
			if (i + 1 >= ac)
				return opt_usage_error(u, "--%s needs a value (%s)", o->long_name,
				                       o->argname ? o->argname : "VALUE");
			val = av[++i];
		}
		if (set_value(o, val, u) != OPT_OK)
			return OPT_ERROR;
		if (o->flags & OPT_SECRET) {
			/* Keep the value, hide it from ps: copy, then wipe argv's bytes. */
			char *copy = xstrdup(val);

			explicit_bzero(val, strlen(val));
			*(const char **)o->value = copy;
		}
	}
	*argc = nrest;
	*argv = rest;
	return OPT_OK;
}

static const char *find_format(const char *const *formats, const char *s, size_t n)
{
	for (size_t i = 0; formats[i]; i++)
		if (strlen(formats[i]) == n && !strncmp(formats[i], s, n))
			return formats[i];
	return NULL;
}

static void print_formats(const char *const *formats)
{
	fputs("vouch: output formats:", stderr);
	for (size_t i = 0; formats[i]; i++)
		fprintf(stderr, " %s", formats[i]);
	fputc('\n', stderr);
}

int opt_outputs(struct opt_output **out, const struct strlist *values, const char *default_format,
                const char *const *formats, const struct opt_usage *u)
{
	struct opt_output *v = xcalloc(values->n ? values->n : 1, sizeof(*v));
	size_t n = 0;
	int r = OPT_ERROR;

	if (!values->n)
		v[n++] = (struct opt_output){ default_format, NULL, 0, NULL };
	for (size_t i = 0; i < values->n; i++) {
		const char *val = values->v[i], *eq = strchr(val, '=');
		size_t flen = eq ? (size_t)(eq - val) : strlen(val);
		const char *at = memchr(val, '@', flen);
		size_t nlen = at ? (size_t)(at - val) : flen;
		const char *fmt = find_format(formats, val, nlen);
		struct opt_output o = { default_format, NULL, 0, val };

		if (fmt) {
			/* "FORMAT", "FORMAT@V" or "FORMAT[@V]=FILE" */
			o.format = fmt;
			if (at) {
				o.version = at + 1;
				o.version_len = flen - nlen - 1;
			}
			o.path = eq ? eq + 1 : NULL;
			if (eq && !*o.path) {
				opt_usage_error(u, "--output '%s' names no file after '='", val);
				goto done;
			}
		} else if (eq && !memchr(val, '/', flen)) {
			print_formats(formats);
			opt_usage_error(u,
			                "--output '%s': no output format is called '%.*s' (write "
			                "'./%s' for a file of that name)",
			                val, (int)nlen, val, val);
			goto done;
		}
		for (size_t k = 0; k < n; k++) {
			if (!o.path != !v[k].path || (o.path && strcmp(o.path, v[k].path)))
				continue;
			if (o.path)
				opt_usage_error(u, "--output names '%s' twice", o.path);
			else
				opt_usage_error(u, "only one --output can go to stdout");
			goto done;
		}
		v[n++] = o;
	}
	r = (int)n;
done:
	if (r < 0) {
		free(v);
		v = NULL;
	}
	*out = v;
	return r;
}

int opt_check_paths(const struct opt_usage *u, int argc, char **argv)
{
	struct stat st;
	int r = OPT_OK;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-") || stat(argv[i], &st) == 0)
			continue;
		if (errno != ENOENT && errno != ENOTDIR && errno != ELOOP)
			continue; /* exists but unreadable: the command names it as a partial run */
		if (errno == ELOOP)
			ui_error("'%s' is a loop of symbolic links", argv[i]);
		else
			ui_error("'%s' does not exist", argv[i]);
		r = OPT_ERROR;
	}
	if (r != OPT_OK)
		fprintf(stderr, "run '%s --help' for usage\n", u->name);
	return r;
}
