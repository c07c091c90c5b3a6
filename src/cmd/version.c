/*
 * version.c: `vouch version` (vouch's own version), `vouch version compare`
 * and `vouch version sort`.
 *
 * (no verb)                prints "vouch X.Y.Z", as `vouch --version` does
 * compare ECOSYSTEM A B    prints "<", "=" or ">"
 * compare ECOSYSTEM        reads "A B" lines from stdin, one result a line
 * sort ECOSYSTEM           sorts stdin lines oldest first, stable
 *
 * Every stdin line of compare gets exactly one output line, so results stay
 * aligned with their input: a line that is not two versions gets "?" and is
 * named on stderr. sort writes the valid versions in order, then the lines
 * that are not versions, in input order; both exit 3 when a line was bad.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/version/version.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/lines.h"

static void usage_ecosystems(const char *given)
{
	size_t n;
	const struct ecosystem *e = ecosystem_list(&n);
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", e[i].name);
	if (given)
		ui_error("unknown ecosystem '%s'; known: %s", given, b.ptr);
	else
		ui_error("an ecosystem is required; known: %s", b.ptr);
	buf_release(&b);
}

static const struct ecosystem *take_ecosystem(int argc, char **argv, const struct opt_usage *u)
{
	const struct ecosystem *e;

	if (argc < 1) {
		usage_ecosystems(NULL);
		opt_usage_error(u, "missing ECOSYSTEM");
		return NULL;
	}
	e = ecosystem_find(argv[0]);
	if (!e)
		usage_ecosystems(argv[0]);
	return e;
}

static const char *result_sign(int c)
{
	return c < 0 ? "<" : c > 0 ? ">" : "=";
}

/* Splits a line into exactly two white-space separated fields. */
static bool two_fields(const char *s, size_t n, const char **a, size_t *al, const char **b,
                       size_t *bl)
{
	size_t i = 0, st;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	st = i;
	while (i < n && s[i] != ' ' && s[i] != '\t')
		i++;
	*a = s + st;
	*al = i - st;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	st = i;
	while (i < n && s[i] != ' ' && s[i] != '\t')
		i++;
	*b = s + st;
	*bl = i - st;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return *al && *bl && i == n;
}

static int compare_stdin(const struct ecosystem *e)
{
	struct buf in = BUF_INIT;
	struct lines it;
	const char *s;
	size_t n;
	int rc = EXIT_OK;

	if (buf_read_fd(&in, 0, "<stdin>") < 0) {
		rc = ui_error_last();
		goto done;
	}
	it = (struct lines)LINES_INIT(in.ptr, in.len);
	while (lines_next(&it, &s, &n)) {
		const char *a, *b;
		size_t al, bl;
		int c;

		if (!two_fields(s, n, &a, &al, &b, &bl)) {
			ui_error("<stdin>:%zu: expected two versions separated by white space",
			         it.lineno);
			puts("?");
			rc = EXIT_PARTIAL;
			continue;
		}
		if (version_compare(e, a, al, b, bl, &c) < 0) {
			ui_error("<stdin>:%zu: %s", it.lineno, err_msg());
			puts("?");
			rc = EXIT_PARTIAL;
			continue;
		}
		puts(result_sign(c));
	}
done:
	buf_release(&in);
	return rc;
}

static int cmd_version_compare(int argc, char **argv)
{
	static const struct opt_spec opts[] = { OPT_END() };
	static const struct opt_usage u = {
		"vouch version compare", "ECOSYSTEM [A B]",
		"Compares two versions with the ecosystem's own rules and prints '<', '=' or "
		"'>'. Without A and B, reads \"A B\" lines from stdin and prints one result a "
		"line ('?' for a line that is not two versions). Put '--' before versions "
		"that start with '-'."
	};
	const struct ecosystem *e;
	int r, c;

	r = opt_parse(&argc, &argv, opts, &u);
	if (r != OPT_OK)
		return r == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (!(e = take_ecosystem(argc, argv, &u)))
		return EXIT_USAGE;
	if (argc == 1)
		return compare_stdin(e);
	if (argc != 3) {
		opt_usage_error(&u, "expected ECOSYSTEM and either no version or two");
		return EXIT_USAGE;
	}
	if (version_compare(e, argv[1], strlen(argv[1]), argv[2], strlen(argv[2]), &c) < 0)
		return ui_error_last();
	puts(result_sign(c));
	return EXIT_OK;
}

struct sort_item {
	const char *s;
	size_t len, index;
};

/* -1, 0 or 1; both were validated, so the comparison cannot fail. */
static int item_cmp(const struct ecosystem *e, const struct sort_item *a, const struct sort_item *b)
{
	int c = 0;

	if (version_compare(e, a->s, a->len, b->s, b->len, &c) < 0)
		BUG("version_compare failed on validated versions: %s", err_msg());
	return c;
}

/*
 * A stable merge sort (equal versions keep their input order). Not qsort():
 * the orders of Maven's ComparableVersion and PHP's version_compare are not
 * transitive on some malformed strings, and a merge sort stays safe and
 * deterministic whatever the comparison says.
 */
static void merge_sort(const struct ecosystem *e, struct sort_item *v, struct sort_item *tmp,
                       size_t n)
{
	size_t mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	merge_sort(e, v, tmp, mid);
	merge_sort(e, v + mid, tmp, n - mid);
	while (i < mid && j < n)
		tmp[k++] = item_cmp(e, &v[j], &v[i]) < 0 ? v[j++] : v[i++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

static int cmd_version_sort(int argc, char **argv)
{
	static const struct opt_spec opts[] = { OPT_END() };
	static const struct opt_usage u = {
		"vouch version sort", "ECOSYSTEM",
		"Sorts the versions on stdin, one a line, oldest first with the ecosystem's own "
		"rules; equal versions keep their input order. Blank lines are ignored; lines "
		"that are not versions are named on stderr and written last, in input order."
	};
	const struct ecosystem *e;
	struct buf in = BUF_INIT;
	struct sort_item *good = NULL, *bad = NULL;
	size_t ngood = 0, nbad = 0, agood = 0, abad = 0;
	struct lines it;
	const char *s;
	size_t n;
	int r, rc = EXIT_OK;

	r = opt_parse(&argc, &argv, opts, &u);
	if (r != OPT_OK)
		return r == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (!(e = take_ecosystem(argc, argv, &u)))
		return EXIT_USAGE;
	if (argc != 1) {
		opt_usage_error(&u, "sort takes only ECOSYSTEM; the versions come from stdin");
		return EXIT_USAGE;
	}
	if (buf_read_fd(&in, 0, "<stdin>") < 0) {
		rc = ui_error_last();
		goto done;
	}
	it = (struct lines)LINES_INIT(in.ptr, in.len);
	while (lines_next(&it, &s, &n)) {
		str_trim(&s, &n);
		if (!n)
			continue;
		if (version_validate(e, s, n) < 0) {
			ui_error("<stdin>:%zu: %s", it.lineno, err_msg());
			ALLOC_GROW(bad, nbad + 1, abad);
			bad[nbad++] = (struct sort_item){ s, n, it.lineno };
			rc = EXIT_PARTIAL;
			continue;
		}
		ALLOC_GROW(good, ngood + 1, agood);
		good[ngood] = (struct sort_item){ s, n, ngood };
		ngood++;
	}
	if (ngood) {
		struct sort_item *tmp = xcalloc(ngood, sizeof(*tmp));
		merge_sort(e, good, tmp, ngood);
		free(tmp);
	}
	for (size_t i = 0; i < ngood; i++)
		printf("%.*s\n", (int)good[i].len, good[i].s);
	for (size_t i = 0; i < nbad; i++)
		printf("%.*s\n", (int)bad[i].len, bad[i].s);
done:
	free(good);
	free(bad);
	buf_release(&in);
	return rc;
}

static const struct subcmd subs[] = {
	{ "compare", cmd_version_compare, "ECOSYSTEM [A B]",
	  "compare two versions, or \"A B\" lines from stdin" },
	{ "sort", cmd_version_sort, "ECOSYSTEM", "sort versions from stdin, oldest first" },
};

#ifndef VOUCH_VERSION
#define VOUCH_VERSION "0.0.0-dev"
#endif

int cmd_version(int argc, char **argv)
{
	/* syft, grype and trivy users expect the bare command to name the tool's version */
	if (argc < 2) {
		printf("vouch %s\n", VOUCH_VERSION);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
		puts("usage: vouch version\n\nwithout a verb, prints vouch's version\n");
	return cmd_run_sub(argc, argv, "version", subs, ARRAY_SIZE(subs));
}
