#include "util/compat.h"
#include "cmd/opt.h"
#include "cmd/cmd.h"
#include "cmd/ui.h"
#include "util/alloc.h"
#include "util/num.h"
#include "util/err.h"

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
		fputs(" (", f);
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

			o = find_long(opts, name, eq ? (size_t)(eq - name) : strlen(name));
			if (!o)
				return opt_usage_error(u, "unknown option '%.*s'",
				                       (int)(eq ? (size_t)(eq - arg) : strlen(arg)),
				                       arg);
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
