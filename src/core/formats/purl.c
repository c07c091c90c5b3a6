#include "util/compat.h"
#include "core/formats/purl.h"
#include "core/version/version.h"
#include "util/alloc.h"
#include "util/err.h"

#include <ctype.h>

/*
 * ASCII only, as isalnum() and tolower() are in the C and C.UTF-8 locales
 * vouch runs in (bytes from 0x80 are no characters there): inline, not a
 * locale table lookup per byte.
 */
static inline bool unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~' || c == ':';
}

static inline unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

enum {
	ENC_KEEP_SLASH = 1 << 0, /* '/' is kept (subpaths) */
	ENC_LOWER = 1 << 1,      /* lower-cased first (names and namespaces of some types) */
	ENC_DASH = 1 << 2,       /* '_' becomes '-' after that (PyPI names) */
};

/*
 * Appends n bytes of s percent-encoded, transformed as how says, written in
 * place after one reservation (each byte takes at most three).
 */
static int add_encoded_n(struct buf *out, const char *s, size_t n, unsigned how)
{
	static const char hex[] = "0123456789ABCDEF";
	int r;

	/* near out's cap the worst case may not fit where the result does: a byte at a time */
	bool room = n <= SIZE_MAX / 3 && buf_grow(out, 3 * n) == 0;
	size_t start = out->len;
	char *d;

	if (!room)
		err_clear();
	d = out->ptr + out->len;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char e[3];

		if (how & ENC_LOWER)
			c = ascii_lower(c);
		if ((how & ENC_DASH) && c == '_')
			c = '-';
		e[0] = (char)c;
		if (!unreserved(c) && !((how & ENC_KEEP_SLASH) && c == '/')) {
			e[0] = '%';
			e[1] = hex[c >> 4];
			e[2] = hex[c & 15];
		}
		if (room) {
			*d++ = e[0];
			if (e[0] == '%') {
				*d++ = e[1];
				*d++ = e[2];
			}
		} else if ((r = buf_add(out, e, e[0] == '%' ? 3 : 1)) < 0) {
			buf_truncate(out, start);
			return r;
		}
	}
	if (room) {
		*d = '\0';
		out->len = (size_t)(d - out->ptr);
	}
	return 0;
}

static int add_encoded(struct buf *out, const char *s, bool keep_slash)
{
	return add_encoded_n(out, s, strlen(s), keep_slash ? ENC_KEEP_SLASH : 0);
}

/* Per-type rules of the purl spec: which parts are case-insensitive. */
static bool lower_name(const char *type)
{
	static const char *const t[] = { "npm",    "pypi", "composer",    "pub",
		                         "hex",    "deb",  "apk",         "bitbucket",
		                         "github", "alpm", "huggingface", NULL };

	for (size_t i = 0; t[i]; i++)
		if (!strcmp(type, t[i]))
			return true;
	return false;
}

static bool lower_namespace(const char *type)
{
	static const char *const t[] = { "npm", "composer",      "deb",       "apk",
		                         "rpm", "alpm",          "bitbucket", "github",
		                         "hex", "githubactions", NULL };

	for (size_t i = 0; t[i]; i++)
		if (!strcmp(type, t[i]))
			return true;
	return false;
}

static char *lowered(const char *s)
{
	char *c = xstrdup(s);

	for (char *p = c; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return c;
}

static int qcmp(const void *a, const void *b)
{
	return strcmp(((const struct purl_qualifier *)a)->key,
	              ((const struct purl_qualifier *)b)->key);
}

int purl_build(struct buf *out, const char *type, const char *namespace, const char *name,
               const char *version, const struct purl_qualifier *q, size_t nq, const char *subpath)
{
	struct purl_qualifier *sorted = NULL;
	char tbuf[32], *t = NULL;
	size_t start = out->len, tn;
	unsigned how;
	int r;

	if (!type || !*type || !name || !*name)
		return err_set(ERR_USAGE, "a purl needs a type and a name");
	/* the type lower-cased: on the stack, it is a short word */
	tn = strlen(type);
	if (tn < sizeof(tbuf)) {
		for (size_t i = 0; i <= tn; i++)
			tbuf[i] = (char)tolower((unsigned char)type[i]);
		t = tbuf;
	} else {
		t = lowered(type);
	}

	r = buf_adds(out, "pkg:");
	if (r == 0)
		r = buf_adds(out, t);
	if (r == 0)
		r = buf_addch(out, '/');
	if (r == 0 && namespace && *namespace) {
		/* each namespace segment encoded on its own; empty segments dropped */
		const char *s = namespace;

		how = lower_namespace(t) ? ENC_LOWER : 0;
		while (r == 0 && *s) {
			const char *e = strchr(s, '/');
			size_t n = e ? (size_t)(e - s) : strlen(s);

			if (n) {
				r = add_encoded_n(out, s, n, how);
				if (r == 0)
					r = buf_addch(out, '/');
			}
			s += n + (e ? 1 : 0);
		}
	}
	how = (lower_name(t) ? ENC_LOWER : 0) | (!strcmp(t, "pypi") ? ENC_DASH : 0);
	if (r == 0)
		r = add_encoded_n(out, name, strlen(name), how);
	if (r == 0 && version && *version) {
		r = buf_addch(out, '@');
		if (r == 0)
			r = add_encoded(out, version, false);
	}
	if (r == 0 && nq) {
		bool first = true;

		sorted = xreallocarray(NULL, nq, sizeof(*sorted));
		for (size_t i = 0; i < nq; i++) {
			sorted[i].key = lowered(q[i].key);
			sorted[i].value = q[i].value;
		}
		QSORT(sorted, nq, qcmp);
		for (size_t i = 0; r == 0 && i < nq; i++) {
			if (!sorted[i].value || !*sorted[i].value)
				continue;
			r = buf_addf(out, "%c%s=", first ? '?' : '&', sorted[i].key);
			if (r == 0)
				r = add_encoded(out, sorted[i].value, false);
			first = false;
		}
		for (size_t i = 0; i < nq; i++)
			free(sorted[i].key);
	}
	if (r == 0 && subpath && *subpath) {
		r = buf_addch(out, '#');
		if (r == 0)
			r = add_encoded(out, subpath, true);
	}
	if (r < 0)
		buf_truncate(out, start);
	free(sorted);
	if (t != tbuf)
		free(t);
	return r;
}

static int hexv(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes (s, n) into a new string; NULL (and an error) on a bad escape or NUL. */
static char *decode(const char *s, size_t n, const char *whole, size_t wlen)
{
	char *d = xmalloc(n + 1);
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] != '%') {
			d[j++] = s[i];
			continue;
		}
		hi = i + 2 < n ? hexv((unsigned char)s[i + 1]) : -1;
		lo = i + 2 < n ? hexv((unsigned char)s[i + 2]) : -1;
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
			free(d);
			err_set(ERR_PARSE, "'%.*s' is not a valid purl: bad percent-encoding",
			        (int)(wlen > 200 ? 200 : wlen), whole);
			return NULL;
		}
		d[j++] = (char)(hi << 4 | lo);
		i += 2;
	}
	d[j] = '\0';
	return d;
}

static int bad(const char *s, size_t len, const char *why)
{
	return err_set(ERR_PARSE, "'%.*s' is not a valid purl: %s", (int)(len > 200 ? 200 : len), s,
	               why);
}

static const char *rchr(const char *s, const char *end, char c)
{
	while (end > s) {
		end--;
		if (*end == c)
			return end;
	}
	return NULL;
}

int purl_parse(struct purl *out, const char *s, size_t len)
{
	const char *p, *end = s + len, *hash, *q, *slash, *at;
	struct purl r = PURL_INIT;

	if (len > PURL_MAX_LEN)
		return err_set(ERR_TOOBIG, "purl longer than %d bytes", PURL_MAX_LEN);
	if (memchr(s, '\0', len))
		return bad(s, len, "NUL byte");
	if (len < 4 || strncasecmp(s, "pkg:", 4))
		return bad(s, len, "does not start with 'pkg:'");
	p = s + 4;
	while (p < end && *p == '/')
		p++;

	hash = memchr(p, '#', (size_t)(end - p));
	if (hash) {
		const char *a = hash + 1, *b = end;

		while (a < b && *a == '/')
			a++;
		while (b > a && b[-1] == '/')
			b--;
		if (b > a && !(r.subpath = decode(a, (size_t)(b - a), s, len)))
			goto fail;
		end = hash;
	}
	q = memchr(p, '?', (size_t)(end - p));
	if (q) {
		const char *a = q + 1;

		while (a < end) {
			const char *amp = memchr(a, '&', (size_t)(end - a));
			const char *e = amp ? amp : end, *eq = memchr(a, '=', (size_t)(e - a));

			if (e > a) {
				char *k, *v;

				if (!eq || eq == a) {
					bad(s, len, "qualifier without '='");
					goto fail;
				}
				if (r.nqualifiers >= PURL_MAX_QUALIFIERS) {
					err_set(ERR_TOOBIG, "purl with more than %d qualifiers",
					        PURL_MAX_QUALIFIERS);
					goto fail;
				}
				k = xmemdupz(a, (size_t)(eq - a));
				for (char *c = k; *c; c++)
					*c = (char)tolower((unsigned char)*c);
				v = decode(eq + 1, (size_t)(e - eq - 1), s, len);
				if (!v) {
					free(k);
					goto fail;
				}
				if (!*v) {
					free(k);
					free(v);
				} else {
					r.qualifiers =
					        xreallocarray(r.qualifiers, r.nqualifiers + 1,
					                      sizeof(*r.qualifiers));
					r.qualifiers[r.nqualifiers].key = k;
					r.qualifiers[r.nqualifiers++].value = v;
				}
			}
			a = amp ? amp + 1 : end;
		}
		end = q;
	}
	slash = memchr(p, '/', (size_t)(end - p));
	if (!slash || slash == p) {
		bad(s, len, "no type");
		goto fail;
	}
	r.type = xmemdupz(p, (size_t)(slash - p));
	for (char *c = r.type; *c; c++) {
		*c = (char)tolower((unsigned char)*c);
		if (!isalnum((unsigned char)*c) && *c != '.' && *c != '+' && *c != '-') {
			bad(s, len, "invalid character in type");
			goto fail;
		}
	}
	p = slash + 1;
	while (end > p && end[-1] == '/')
		end--;
	/* version: after the last '@' that follows the last '/' */
	slash = rchr(p, end, '/');
	at = rchr(slash ? slash : p, end, '@');
	if (at) {
		if (at + 1 < end && !(r.version = decode(at + 1, (size_t)(end - at - 1), s, len)))
			goto fail;
		end = at;
	}
	slash = rchr(p, end, '/');
	if (!(r.name = decode(slash ? slash + 1 : p, (size_t)(end - (slash ? slash + 1 : p)), s,
	                      len)))
		goto fail;
	if (!*r.name) {
		bad(s, len, "no name");
		goto fail;
	}
	if (slash && slash > p) {
		/* namespace segments are decoded one by one; empty ones dropped */
		struct buf ns = BUF_INIT;
		const char *a = p;

		while (a < slash) {
			const char *e = memchr(a, '/', (size_t)(slash - a));
			char *seg;

			if (!e)
				e = slash;
			if (e > a) {
				seg = decode(a, (size_t)(e - a), s, len);
				if (!seg) {
					buf_release(&ns);
					goto fail;
				}
				if (ns.len)
					buf_addch(&ns, '/');
				buf_adds(&ns, seg);
				free(seg);
			}
			a = e + 1;
		}
		if (ns.len)
			r.namespace = buf_detach(&ns, NULL);
		buf_release(&ns);
	}
	*out = r;
	return 0;
fail:
	purl_release(&r);
	return err_code();
}

const char *purl_qualifier(const struct purl *p, const char *key)
{
	for (size_t i = 0; i < p->nqualifiers; i++)
		if (!strcmp(p->qualifiers[i].key, key))
			return p->qualifiers[i].value;
	return NULL;
}

void purl_release(struct purl *p)
{
	free(p->type);
	free(p->namespace);
	free(p->name);
	free(p->version);
	for (size_t i = 0; i < p->nqualifiers; i++) {
		free(p->qualifiers[i].key);
		free(p->qualifiers[i].value);
	}
	free(p->qualifiers);
	free(p->subpath);
	memset(p, 0, sizeof(*p));
}

/* purl type -> OSV ecosystem, for the types whose name maps directly. */
static const struct {
	const char *type, *eco;
	char join; /* how namespace and name form the OSV name: 0 name only, '/' or ':' */
} purl_types[] = {
	{ "npm", "npm", '/' },
	{ "pypi", "PyPI", 0 },
	{ "golang", "Go", '/' },
	{ "cargo", "crates.io", 0 },
	{ "maven", "Maven", ':' },
	{ "nuget", "NuGet", 0 },
	{ "gem", "RubyGems", 0 },
	{ "composer", "Packagist", '/' },
	{ "pub", "Pub", 0 },
	{ "hex", "Hex", 0 },
	{ "cran", "CRAN", 0 },
	{ "hackage", "Hackage", 0 },
	{ "swift", "SwiftURL", '/' },
	{ "conan", "ConanCenter", 0 },
	{ "bitnami", "Bitnami", 0 },
	{ "github", "GitHub Actions", '/' },
	{ "julia", "Julia", 0 },
	{ "opam", "opam", 0 },
	{ "githubactions", "GitHub Actions", '/' },
};

/*
 * The OSV ecosystem of an OS package's purl: the distribution from the
 * distro qualifier ("rocky-9.3", "opensuse-leap-15.5", "alpine-3.19.1": ID
 * and VERSION_ID, as syft and vouch write it) or else the namespace, through
 * osv_distro_ecosystem(). Red Hat's own purls say "redhat", SUSE's "suse".
 * An apk or deb purl of an unknown distribution stays Alpine's or Debian's,
 * without a release; an rpm one has no ecosystem.
 */
static char *os_purl_ecosystem(const struct purl *p)
{
	static const struct {
		const char *ns, *id;
	} alias[] = {
		{ "redhat", "rhel" },
		{ "suse", "sles" },
		{ "opensuse", "opensuse-leap" },
	};
	const char *distro = purl_qualifier(p, "distro"), *ns = p->namespace, *ver = NULL;
	char *id = NULL, *eco;

	if (distro && *distro) {
		/* the last '-' followed by a digit starts VERSION_ID */
		const char *cut = NULL;

		for (const char *d = strchr(distro, '-'); d; d = strchr(d + 1, '-'))
			if (d[1] >= '0' && d[1] <= '9')
				cut = d;
		id = cut ? xstrndup(distro, (size_t)(cut - distro)) : xstrdup(distro);
		ver = cut ? cut + 1 : NULL;
	} else if (ns && *ns) {
		id = xstrdup(ns);
	}
	for (size_t i = 0; id && i < ARRAY_SIZE(alias); i++)
		if (!strcmp(id, alias[i].ns)) {
			free(id);
			id = xstrdup(alias[i].id);
			break;
		}
	if (id)
		for (char *c = id; *c; c++)
			*c = (char)tolower((unsigned char)*c);
	eco = osv_distro_ecosystem(id, ver, NULL);
	free(id);
	if (!eco && !strcmp(p->type, "apk"))
		eco = xstrdup("Alpine");
	if (!eco && !strcmp(p->type, "deb"))
		eco = xstrdup(ns && !strcmp(ns, "ubuntu") ? "Ubuntu" : "Debian");
	return eco;
}

int purl_osv_package(char **eco, char **name, const struct purl *p)
{
	struct buf b = BUF_INIT;
	int r = ERR_UNSUPPORTED;

	*eco = *name = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(purl_types); i++) {
		if (strcmp(p->type, purl_types[i].type))
			continue;
		*eco = xstrdup(purl_types[i].eco);
		if (!strcmp(p->type, "githubactions") && p->namespace) {
			/* the name is REPO/PATH (an action in a folder): OSV names OWNER/REPO */
			buf_addf(&b, "%s/%.*s", p->namespace, (int)strcspn(p->name, "/"), p->name);
		} else if (p->namespace && purl_types[i].join) {
			buf_addf(&b, "%s%c%s", p->namespace, purl_types[i].join, p->name);
		} else {
			buf_adds(&b, p->name);
		}
		r = 0;
		break;
	}
	if (r < 0 &&
	    (!strcmp(p->type, "deb") || !strcmp(p->type, "apk") || !strcmp(p->type, "rpm"))) {
		/*
		 * Debian's and Alpine's advisories name source packages, which purls of
		 * binary packages carry as upstream; RPM distributions' name binary
		 * packages (upstream is then the source RPM's file name).
		 */
		const char *src = strcmp(p->type, "rpm") ? purl_qualifier(p, "upstream") : NULL;

		*eco = os_purl_ecosystem(p);
		if (*eco) {
			if (src) {
				const char *sp = strchr(src, ' ');

				buf_add(&b, src, sp ? (size_t)(sp - src) : strlen(src));
			} else {
				buf_adds(&b, p->name);
			}
			r = 0;
		}
	}
	if (r == 0)
		*name = buf_detach(&b, NULL);
	else
		r = err_set(ERR_UNSUPPORTED, "purl type '%s' has no OSV ecosystem", p->type);
	buf_release(&b);
	return r;
}
