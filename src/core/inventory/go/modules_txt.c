/*
 * modules_txt.c: vendor/modules.txt, written by "go mod vendor".
 *
 *     # golang.org/x/net v0.5.6 => example.com/fork/net v1.4.5
 *     ## explicit; go 1.20
 *     example.com/fork/net/http2
 *
 * A "# path version [=> target [version]]" line starts a module, "##" lines
 * annotate it, the other lines name the packages copied into vendor/. A
 * module with at least one package line ships and is listed (the
 * replacement when there is one; a local path replacement as the original
 * path, no version, PKG_LOCAL, vouch:replace-path). A module with no
 * package line is in the module graph but nothing of it is vendored: a
 * note, not a package. "# path => target" without a version (replacements
 * of all versions) are listed only when packages follow.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/go/golang.h"
#include "core/inventory/langkit.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/lines.h"

struct vmod {
	const char *path, *ver, *new, *newver; /* slices into a copy of the header */
	size_t pn, vn, nn, nvn;
	size_t line;
	size_t npkgs;
	bool ok;
};

static void flush(struct extract_ctx *ctx, struct vmod *m)
{
	struct pkg *p;

	if (!m->ok)
		return;
	m->ok = false;
	if (!m->npkgs) {
		if (m->vn)
			extract_note(ctx, m->line, "'%s %s' has no vendored package: not listed",
			             langkit_quote(m->path, m->pn), langkit_quote(m->ver, m->vn));
		return;
	}
	if (m->nn && go_is_local_path(m->new, m->nn)) {
		char *lp = xstrndup(m->new, m->nn);

		p = go_add_module(ctx, m->path, m->pn, NULL, 0, m->line);
		if (p) {
			p->flags |= PKG_LOCAL;
			pkg_add_prop(p, "vouch:replace-path", lp);
		}
		free(lp);
	} else if (m->nn) {
		p = go_add_module(ctx, m->new, m->nn, m->newver, m->nvn, m->line);
		if (p && m->vn) {
			struct buf was = BUF_INIT;

			buf_addf(&was, "%.*s@%.*s", (int)m->pn, m->path, (int)m->vn, m->ver);
			pkg_add_prop(p, "vouch:replaces", was.ptr);
			buf_release(&was);
		} else if (p) {
			char *was = xstrndup(m->path, m->pn);

			pkg_add_prop(p, "vouch:replaces", was);
			free(was);
		}
	} else {
		go_add_module(ctx, m->path, m->pn, m->ver, m->vn, m->line);
	}
}

/*
 * Splits "path version [=> target [version]]": 1 when it is a module line,
 * 0 when go would ignore it (fewer than two words, or a second word that is
 * neither a version nor "=>"), -1 when it is a malformed module line.
 */
static int parse_header(struct vmod *m, const char *s, size_t n, const char **why)
{
	const char *w[6];
	size_t wn[6], k = 0, i = 0;

	while (i < n) {
		size_t j;

		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == n)
			break;
		if (k == 6) {
			*why = "too many words";
			return -1;
		}
		j = i;
		while (j < n && s[j] != ' ' && s[j] != '\t')
			j++;
		w[k] = s + i;
		wn[k++] = j - i;
		i = j;
	}
	memset(m, 0, sizeof(*m));
	if (k < 2 || (!(wn[1] == 2 && !memcmp(w[1], "=>", 2)) && !go_valid_version(w[1], wn[1]))) {
		*why = "not a module line ('# path version'): ignored, as go does";
		return 0;
	}
	m->path = w[0];
	m->pn = wn[0];
	i = 1;
	if (!(wn[1] == 2 && !memcmp(w[1], "=>", 2))) {
		m->ver = w[1];
		m->vn = wn[1];
		i = 2;
	}
	if (i < k) {
		if (!(wn[i] == 2 && !memcmp(w[i], "=>", 2)) || k - i - 1 < 1 || k - i - 1 > 2) {
			*why = "expected '=> target [version]'";
			return -1;
		}
		m->new = w[i + 1];
		m->nn = wn[i + 1];
		if (k - i - 1 == 2) {
			m->newver = w[i + 2];
			m->nvn = wn[i + 2];
		}
		if (!go_is_local_path(m->new, m->nn) && !m->nvn) {
			*why = "a replacement module needs a version (or a ./local path)";
			return -1;
		}
		if (m->nvn && !go_valid_version(m->newver, m->nvn)) {
			*why = "the replacement's version is not a module version";
			return -1;
		}
	} else if (!m->vn) {
		*why = "a module line needs a version";
		return -1;
	}
	if (!go_valid_path(m->path, m->pn) || (m->nn && !go_valid_path(m->new, m->nn))) {
		*why = "not a module path";
		return -1;
	}
	if (m->vn && !go_valid_version(m->ver, m->vn)) {
		*why = "not a module version";
		return -1;
	}
	if (!go_major_ok(m->path, m->pn, m->ver, m->vn)) {
		*why = "the version does not match the path's major version suffix";
		return -1;
	}
	m->ok = true;
	return 1;
}

static int modtxt_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct lines it = LINES_INIT(data, len);
	struct vmod m = { 0 };
	bool in_module = false;
	int nerr = 0;
	const char *s;
	size_t n;

	while (lines_next(&it, &s, &n)) {
		const char *why = NULL;
		int r;

		if (nerr > LANGKIT_MAX_ERRORS) {
			extract_error(ctx, it.lineno, "more than %d errors: the rest is not read",
			              LANGKIT_MAX_ERRORS);
			break;
		}
		if (!n)
			continue;
		if (str_starts(s, n, "## ")) {
			if (!in_module) {
				nerr++;
				extract_error(ctx, it.lineno,
				              "'##' annotation before any module line");
			}
			continue;
		}
		if (str_starts(s, n, "# ")) {
			flush(ctx, &m);
			r = parse_header(&m, s + 2, n - 2, &why);
			in_module = r > 0;
			m.line = it.lineno;
			if (r < 0) {
				nerr++;
				extract_error(ctx, it.lineno, "%s", why);
			} else if (r == 0) {
				extract_note(ctx, it.lineno, "%s", why);
			}
			continue;
		}
		if (s[0] == '#') {
			nerr++;
			extract_error(ctx, it.lineno, "not a module line");
			in_module = false;
			m.ok = false;
			continue;
		}
		if (!in_module) {
			nerr++;
			extract_error(ctx, it.lineno, "package line outside a module");
			continue;
		}
		m.npkgs++;
	}
	flush(ctx, &m);
	return 0;
}

static bool modtxt_match(const char *rel, const char *name)
{
	size_t l = strlen(rel);

	return !strcmp(name, "modules.txt") &&
	       (!strcmp(rel, "vendor/modules.txt") ||
	        (l > 19 && !strcmp(rel + l - 19, "/vendor/modules.txt")));
}

/* Content check: the first line is a module line "# path version". */
static bool modtxt_sniff(const char *data, size_t len)
{
	struct lines it = LINES_INIT(data, len < 4096 ? len : 4096);
	struct vmod m;
	const char *s, *why;
	size_t n;

	if (!lines_next(&it, &s, &n) || !str_starts(s, n, "# "))
		return false;
	return parse_header(&m, s + 2, n - 2, &why) > 0;
}

const struct extractor go_vendor_extractor = {
	"go-vendor-modules", GO_ECOSYSTEM, modtxt_match, modtxt_sniff, modtxt_extract, 0,
};
