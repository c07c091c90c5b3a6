/*
 * jar_manifest.c: see jar_manifest.h. Format facts from the JAR File
 * Specification (section "JAR Manifest": header := name ":" SPACE value,
 * continuation := SPACE *otherchar newline, newline := CR LF | LF | CR,
 * name := alphanum *headerchar, at most 70 bytes; the main section ends at
 * the first empty line) and the OSGi core specification for
 * Bundle-SymbolicName ("name;directive:=value;...").
 */
#include "util/compat.h"
#include "core/inventory/archive/jar_manifest.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/json.h"

enum {
	A_BSN,
	A_BVER,
	A_ITITLE,
	A_IVER,
	A_IVENDOR,
	A_STITLE,
	A_SVER,
	A_AMN,
	A_N,
};

static const char *const attr_names[A_N] = {
	"Bundle-SymbolicName",    "Bundle-Version",           "Implementation-Title",
	"Implementation-Version", "Implementation-Vendor-Id", "Specification-Title",
	"Specification-Version",  "Automatic-Module-Name",
};

struct mf {
	char *val[A_N];
	jar_manifest_warn_fn warn;
	void *arg;
	/* the header being read */
	int cur;     /* index into attr_names, -1 for one not kept */
	size_t line; /* where it started */
	bool bad;    /* a control byte or too long: dropped */
	struct buf value;
};

static void warn(struct mf *m, size_t line, const char *msg)
{
	if (m->warn)
		m->warn(m->arg, line, msg);
}

/* Ends the header being read: keeps its value when wanted and sound. */
static void commit(struct mf *m)
{
	const char *s = m->value.ptr;
	size_t n = m->value.len;

	if (m->cur >= 0 && !m->bad && !json_utf8_valid(s ? s : "", n)) {
		warn(m, m->line, "a value that is not UTF-8: attribute skipped");
	} else if (m->cur >= 0 && !m->bad) {
		while (n && (s[0] == ' ' || s[0] == '\t')) {
			s++;
			n--;
		}
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n) {
			free(m->val[m->cur]);
			m->val[m->cur] = xmemdupz(s, n);
		}
	}
	m->cur = -1;
	m->bad = false;
	buf_reset(&m->value);
}

/* Adds a piece of value (a header's or a continuation's), checking its bytes. */
static void add_value(struct mf *m, const char *s, size_t n, size_t line)
{
	if (m->cur < 0 || m->bad)
		return;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			warn(m, line, "a control byte in the value: attribute skipped");
			m->bad = true;
			return;
		}
	}
	if (m->value.len + n > JAR_MANIFEST_MAX_VALUE) {
		warn(m, m->line, "a value longer than the limit: attribute skipped");
		m->bad = true;
		return;
	}
	buf_add(&m->value, s, n);
}

static bool header_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

static void header(struct mf *m, const char *s, size_t n, size_t line)
{
	const char *colon = memchr(s, ':', n);
	size_t kn = colon ? (size_t)(colon - s) : 0;

	commit(m);
	if (!colon || kn == 0 || kn > 70) {
		warn(m, line, "not a 'Name: value' line: skipped");
		return;
	}
	for (size_t i = 0; i < kn; i++)
		if (!header_char((unsigned char)s[i])) {
			warn(m, line, "not a 'Name: value' line: skipped");
			return;
		}
	for (int i = 0; i < A_N; i++)
		if (strlen(attr_names[i]) == kn && !strncasecmp(s, attr_names[i], kn)) {
			m->cur = i;
			break;
		}
	m->line = line;
	add_value(m, colon + 1, n - kn - 1, line);
}

/* The main section into m->val. */
static void parse_main(struct mf *m, const char *data, size_t len, bool truncated)
{
	const char *p = data, *end = data + len;
	size_t line = 0;
	bool ended = false;

	while (p < end) {
		const char *e = p;
		bool terminated;
		size_t n;

		while (e < end && *e != '\r' && *e != '\n')
			e++;
		n = (size_t)(e - p);
		terminated = e < end;
		line++;
		if (!terminated && truncated) {
			/*
			 * The rest of this line was not read: it is dropped, and so is
			 * the header before it when this line may continue it.
			 */
			if (n && p[0] != ' ')
				commit(m);
			m->cur = -1;
			break;
		}
		if (n == 0) {
			ended = true;
			break;
		}
		if (p[0] == ' ') {
			if (line == 1)
				warn(m, line,
				     "a continuation line with no header before it: skipped");
			add_value(m, p + 1, n - 1, line);
		} else {
			header(m, p, n, line);
		}
		if (!terminated)
			break;
		p = e + 1;
		if (*e == '\r' && p < end && *p == '\n')
			p++;
	}
	if (!ended && truncated) {
		warn(m, line,
		     "the main section runs past the bytes read: its last line is not read");
		m->cur = -1;
	}
	commit(m);
}

/* Bundle-SymbolicName without its directives and attributes (";singleton:=true"). */
static char *symbolic_name(const char *v)
{
	size_t n = strcspn(v, ";");

	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	return n ? xmemdupz(v, n) : NULL;
}

bool jar_manifest_ident(struct jar_ident *out, const char *data, size_t len, bool truncated,
                        const char *filename, jar_manifest_warn_fn warnfn, void *arg)
{
	struct mf m = { .warn = warnfn, .arg = arg, .cur = -1, .value = BUF_INIT };
	char *bsn = NULL;
	bool found = true;

	parse_main(&m, data, len, truncated);
	if (m.val[A_BSN] && (bsn = symbolic_name(m.val[A_BSN])) != NULL) {
		out->name = bsn;
		out->version = m.val[A_BVER] ? xstrdup(m.val[A_BVER]) : NULL;
		out->attr = "Bundle-SymbolicName";
	} else if (m.val[A_ITITLE]) {
		out->name = xstrdup(m.val[A_ITITLE]);
		out->version = m.val[A_IVER] ? xstrdup(m.val[A_IVER]) : NULL;
		out->group = m.val[A_IVENDOR] ? xstrdup(m.val[A_IVENDOR]) : NULL;
		out->attr = "Implementation-Title";
	} else if (m.val[A_AMN]) {
		/* a module name has no version: the implementation's, else the file name's */
		struct jar_ident fn = JAR_IDENT_INIT;

		out->name = xstrdup(m.val[A_AMN]);
		if (m.val[A_IVER]) {
			out->version = xstrdup(m.val[A_IVER]);
		} else if (filename && jar_filename_ident(&fn, filename)) {
			out->version = fn.version;
			fn.version = NULL;
		}
		/* no group: a module name is not a Maven artifactId */
		out->attr = "Automatic-Module-Name";
		jar_ident_release(&fn);
	} else if (m.val[A_STITLE]) {
		out->name = xstrdup(m.val[A_STITLE]);
		out->version = m.val[A_SVER] ? xstrdup(m.val[A_SVER]) : NULL;
		out->attr = "Specification-Title";
	} else {
		found = false;
	}
	for (int i = 0; i < A_N; i++)
		free(m.val[i]);
	buf_release(&m.value);
	return found;
}

bool jar_is_java_archive(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && (!strcasecmp(name + n - 4, ".jar") || !strcasecmp(name + n - 4, ".war") ||
	                 !strcasecmp(name + n - 4, ".ear"));
}

bool jar_filename_ident(struct jar_ident *out, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n, split = 0;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (jar_is_java_archive(base))
		n -= 4;
	if (!n)
		return false;
	for (size_t i = n - 1; i > 0; i--)
		if (base[i - 1] == '-' && base[i] >= '0' && base[i] <= '9' && i - 1 > 0) {
			split = i;
			break;
		}
	if (split) {
		out->name = xmemdupz(base, split - 1);
		out->version = xmemdupz(base + split, n - split);
	} else {
		out->name = xmemdupz(base, n);
	}
	out->attr = "file name";
	return true;
}

void jar_ident_release(struct jar_ident *id)
{
	if (!id)
		return;
	free(id->group);
	free(id->name);
	free(id->version);
	*id = (struct jar_ident)JAR_IDENT_INIT;
}
