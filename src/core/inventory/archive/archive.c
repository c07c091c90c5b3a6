/*
 * archive.c: packages inside archives, read with libarchive from memory,
 * nothing ever written to disk.
 *
 * - Java archives (.jar, .war, .ear): every META-INF/maven/G/A/pom.properties
 *   is a Maven package pkg:maven/G/A@V. One with none of its own is named,
 *   at its end, by its META-INF/MANIFEST.MF (kept while reading, capped),
 *   else by its file name (jar_manifest.h).
 * - Every other member is offered to the extractors by its name
 *   (inventory_read_data), shown as "ARCHIVE!/MEMBER": a wheel's
 *   .dist-info/METADATA, an npm tarball's package/package.json, a
 *   var/lib/dpkg/status inside a tar, ...
 * - Executable members (an x bit in their mode, or a .exe/.dll name) are offered
 *   to the binary readers by their first bytes, as a walk does: a release
 *   tarball's Go or cargo-auditable programs, capped by those readers' limit.
 * - Archives inside archives are read in turn, to ARCHIVE_MAX_DEPTH.
 *
 * Limits (each an error naming the archive, the rest of the run goes on):
 * ARCHIVE_MAX_MEMBERS members, ARCHIVE_MAX_MEMBER bytes for a member that is
 * read, ARCHIVE_MAX_TOTAL bytes inflated in all, and an inflation ratio
 * above ARCHIVE_MAX_RATIO once past ARCHIVE_RATIO_FLOOR bytes (bombs).
 * Members named with "..", an absolute path, or that are devices, FIFOs or
 * links are not read (a note each).
 */
#include "util/arc.h"
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/archive/jar_manifest.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/lines.h"
#include "util/sha1.h"

#include <archive.h>
#include <archive_entry.h>

#define ARCHIVE_MAX_DEPTH   4
#define ARCHIVE_MAX_MEMBERS 200000
#define ARCHIVE_MAX_MEMBER  ((size_t)64 << 20)
#define ARCHIVE_MAX_TOTAL   ((uint64_t)2 << 30)
#define ARCHIVE_MAX_RATIO   200
#define ARCHIVE_RATIO_FLOOR ((uint64_t)16 << 20)

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return n > k && !strcasecmp(s + n - k, suf);
}

static bool is_archive_name(const char *name)
{
	static const char *const sufs[] = { ".jar", ".war",     ".ear",    ".whl",    ".egg",
		                            ".zip", ".tar",     ".tar.gz", ".tgz",    ".tar.xz",
		                            ".txz", ".tar.zst", ".tzst",   ".tar.bz2" };

	for (size_t i = 0; i < ARRAY_SIZE(sufs); i++)
		if (has_suffix(name, sufs[i]))
			return true;
	return false;
}

static bool archive_match(const char *rel, const char *name)
{
	(void)rel;
	return is_archive_name(name);
}

struct walkstate {
	struct extract_ctx *ctx;
	uint64_t total; /* bytes inflated across nested archives */
	size_t members; /* across nested archives */
	bool stopped;   /* a limit was hit */
};

/* The digests of a Java archive's own bytes, taken as they stream past. */
struct jardigest {
	struct sha1 sha1;
	struct sha256 sha256;
};

/* One Java archive being read: its identity is decided at its end. */
struct jarstate {
	bool java;         /* a .jar, .war or .ear */
	size_t npoms;      /* packages from its own pom.properties */
	struct pkg **poms; /* those packages (npoms of them) */
	size_t apoms;
	bool have_mf;      /* META-INF/MANIFEST.MF seen */
	bool mf_truncated; /* longer than JAR_MANIFEST_MAX: only its start kept */
	struct buf mf;
};

/* key=value lines of a pom.properties (Java properties, the simple form Maven writes) */
static struct pkg *pom_properties(struct walkstate *w, const char *member, const char *data,
                                  size_t len)
{
	struct lines it = LINES_INIT(data, len);
	const char *l;
	size_t n;
	char *g = NULL, *a = NULL, *v = NULL;
	struct pkg *p = NULL;

	while (lines_next(&it, &l, &n)) {
		const char *eq = memchr(l, '=', n);
		char **slot = NULL;
		size_t kn;

		if (!n || l[0] == '#' || l[0] == '!' || !eq)
			continue;
		kn = (size_t)(eq - l);
		while (kn && (l[kn - 1] == ' ' || l[kn - 1] == '\t'))
			kn--;
		if (kn == 7 && !memcmp(l, "groupId", 7))
			slot = &g;
		else if (kn == 10 && !memcmp(l, "artifactId", 10))
			slot = &a;
		else if (kn == 7 && !memcmp(l, "version", 7))
			slot = &v;
		if (slot) {
			const char *s = eq + 1, *e = l + n;

			while (s < e && (*s == ' ' || *s == '\t'))
				s++;
			while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
				e--;
			free(*slot);
			*slot = xmemdupz(s, (size_t)(e - s));
		}
	}
	if (!g || !a || !*g || !*a) {
		extract_error(w->ctx, 0, "'%s': no groupId or artifactId", member);
	} else if ((p = extract_add(w->ctx, "Maven", "maven", g, a, v, 0)) != NULL) {
		pkg_add_prop(p, "vouch:archive-member", member);
		pkg_add_prop(p, "vouch:evidence", "pom.properties");
	}
	free(g);
	free(a);
	free(v);
	return p;
}

struct mfwarn {
	struct walkstate *w;
	const char *display;
};

static void manifest_warn(void *arg, size_t line, const char *msg)
{
	struct mfwarn *mw = arg;

	extract_note(mw->w->ctx, 0, "'%s!/META-INF/MANIFEST.MF:%zu': %s", mw->display, line, msg);
}

static bool has_space(const char *s)
{
	for (; s && *s; s++)
		if (*s == ' ' || *s == '\t')
			return true;
	return false;
}

/*
 * A Java archive without pom.properties of its own: what its manifest, else
 * its file name, says it is. The groupId is not guessed: with no
 * Implementation-Vendor-Id the package is pkg:generic (a maven purl needs
 * a namespace), so that it is never matched to another project's
 * advisories; vouch:evidence tells a manifest or file name from a
 * pom.properties.
 */
static struct pkg *jar_fallback(struct walkstate *w, struct jarstate *js, const char *display,
                                const char *filename)
{
	struct jar_ident id = JAR_IDENT_INIT;
	struct mfwarn mw = { w, display };
	bool from_mf = false;
	struct pkg *p;

	if (js->have_mf)
		from_mf = jar_manifest_ident(&id, js->mf.ptr ? js->mf.ptr : "", js->mf.len,
		                             js->mf_truncated, filename, manifest_warn, &mw);
	if (!from_mf && !jar_filename_ident(&id, filename))
		return NULL;
	if (id.group && !has_space(id.group) && !has_space(id.name))
		p = extract_add(w->ctx, "Maven", "maven", id.group, id.name, id.version, 0);
	else
		p = extract_add(w->ctx, NULL, "generic", NULL, id.name, id.version, 0);
	if (p) {
		struct buf member = BUF_INIT;

		pkg_add_prop(p, "vouch:evidence", from_mf ? "MANIFEST.MF" : "file-name");
		pkg_add_prop(p, "vouch:identified-by", id.attr);
		if (from_mf) {
			buf_addf(&member, "%s!/META-INF/MANIFEST.MF", display);
			pkg_add_prop(p, "vouch:archive-member", member.ptr);
		} else {
			pkg_add_prop(p, "vouch:archive", display);
		}
		if (id.group && p->purl_type && strcmp(p->purl_type, "maven"))
			pkg_add_prop(p, "vouch:implementation-vendor-id", id.group);
		buf_release(&member);
	}
	jar_ident_release(&id);
	return p;
}

/*
 * The package a Java archive's digests belong to: the one named by its
 * manifest or file name, else its only pom.properties, else (a fat jar
 * shading others) the pom.properties whose artifactId its file name starts
 * with, followed by '-', '.' or nothing ("guava-31.1-jre.jar": guava).
 * NULL when none is: the digests of a fat jar are not a shaded library's.
 */
static struct pkg *jar_main(struct jarstate *js, const char *filename)
{
	const char *base = strrchr(filename, '/');

	base = base ? base + 1 : filename;
	if (js->npoms == 1)
		return js->poms[0];
	for (size_t i = 0; i < js->npoms; i++) {
		const char *a = js->poms[i]->name;
		size_t n = strlen(a);

		if (n && !strncmp(base, a, n) &&
		    (base[n] == '-' || base[n] == '.' || base[n] == '\0'))
			return js->poms[i];
	}
	return NULL;
}

static void jar_add_digests(struct pkg *p, struct jardigest *d)
{
	uint8_t s1[SHA1_LEN], s256[SHA256_LEN];
	char hex[2 * SHA256_LEN + 1];

	sha1_final(&d->sha1, s1);
	sha256_final(&d->sha256, s256);
	hex_encode(hex, s1, sizeof(s1));
	pkg_add_hash(p, "SHA-1", hex);
	if (p->purl_type && !strcmp(p->purl_type, "generic")) {
		struct buf q = BUF_INIT;

		/*
		 * A generic purl names no registry: the purl spec's checksum
		 * qualifier makes it the file's, so that two different jars that
		 * call themselves the same (guice and guice-no-aop) stay two
		 * packages, and copies or links of one jar are one.
		 */
		buf_addf(&q, "sha1:%s", hex);
		pkg_add_qualifier(p, "checksum", q.ptr);
		buf_release(&q);
	}
	hex_encode(hex, s256, sizeof(s256));
	pkg_add_hash(p, "SHA-256", hex);
}

static bool unsafe_name(const char *name)
{
	const char *p = name;

	if (name[0] == '/' || name[0] == '\\' || (name[0] && name[1] == ':'))
		return true;
	while (*p) {
		const char *e = p + strcspn(p, "/\\");

		if (e - p == 2 && p[0] == '.' && p[1] == '.')
			return true;
		p = *e ? e + 1 : e;
	}
	return false;
}

/* Where an archive's bytes come from: memory, or a stream (a file, a member of another archive). */
struct source {
	const char *data; /* with len, when in memory */
	size_t len;
	struct inv_stream *in; /* else this */
	uint64_t consumed;     /* bytes taken from in so far */
	bool hashing;          /* every byte read from in is hashed into dig */
	struct jardigest dig;
	char chunk[65536];
};

static void walk_archive(struct walkstate *w, const char *display, struct source *src, int depth);

/* The archive's own size for the inflation ratio: known, else what was read of it so far. */
static uint64_t source_size(const struct source *src)
{
	if (!src->in)
		return src->len;
	return src->in->size >= 0 ? (uint64_t)src->in->size : src->consumed;
}

static la_ssize_t source_read(struct archive *ar, void *arg, const void **out)
{
	struct source *src = arg;
	ssize_t got = src->in->read(src->in->arg, src->chunk, sizeof(src->chunk));

	if (got < 0) {
		archive_set_error(ar, EIO, "%s", err_msg());
		return -1;
	}
	src->consumed += (uint64_t)got;
	if (src->hashing) {
		sha1_update(&src->dig.sha1, src->chunk, (size_t)got);
		sha256_update(&src->dig.sha256, src->chunk, (size_t)got);
	}
	*out = src->chunk;
	return got;
}

static la_int64_t source_seek(struct archive *ar, void *arg, la_int64_t off, int whence)
{
	struct source *src = arg;
	int64_t r = src->in->seek(src->in->arg, off, whence);

	if (r < 0)
		archive_set_error(ar, EIO, "%s", err_msg());
	return r < 0 ? ARCHIVE_FATAL : r;
}

/* Skips forward by seeking: libarchive then need not read what it skips. */
static la_int64_t source_skip(struct archive *ar, void *arg, la_int64_t n)
{
	struct source *src = arg;
	int64_t here = src->in->seek(src->in->arg, 0, SEEK_CUR);

	(void)ar;
	/* never past the end: what is missing must show as a truncated archive */
	if (here < 0 || (src->in->size >= 0 && n > src->in->size - here))
		return 0; /* libarchive reads up to the end instead, and sees it */
	if (src->in->seek(src->in->arg, n, SEEK_CUR) < 0)
		return 0;
	return n;
}

static int source_open(struct archive *ar, struct source *src)
{
	if (!src->in)
		return archive_read_open_memory(ar, src->data, src->len);
	archive_read_set_callback_data(ar, src);
	archive_read_set_read_callback(ar, source_read);
	if (src->in->seek) {
		/* a file on disk: a zip is read by its central directory, as from memory */
		archive_read_set_seek_callback(ar, source_seek);
		archive_read_set_skip_callback(ar, source_skip);
	}
	return archive_read_open1(ar);
}

/* A member of an archive read as a stream: what an archive nested in it is read from. */
struct member_stream {
	struct walkstate *w;
	struct archive *ar;
	const char *shown;
	size_t outer; /* the size of the archive holding it */
};

static bool over_limits(struct walkstate *w, const char *shown, uint64_t base);

static ssize_t member_read(void *arg, void *buf, size_t n)
{
	struct member_stream *ms = arg;
	la_ssize_t got = archive_read_data(ms->ar, buf, n);

	if (got < 0)
		return err_set(ERR_PARSE, "'%s': %s", ms->shown, arc_error(ms->ar));
	ms->w->total += (uint64_t)got;
	if (over_limits(ms->w, ms->shown, ms->outer))
		return err_set(ERR_TOOBIG, "'%s': the limits on archives were reached", ms->shown);
	return got;
}

/*
 * Reads the first bytes of the current member into out: the extractor that
 * claims them as an executable, or NULL (out then holds them, to be dropped).
 */
static const struct extractor *peek_executable(struct walkstate *w, struct archive *ar,
                                               struct buf *out)
{
	char head[INVENTORY_HEAD_LEN];
	size_t n = 0;
	la_ssize_t got;

	while (n < sizeof(head) && (got = archive_read_data(ar, head + n, sizeof(head) - n)) > 0)
		n += (size_t)got;
	w->total += n;
	buf_add(out, head, n);
	return extractor_claim_head(head, n);
}

static void read_member(struct walkstate *w, struct jarstate *js, struct archive *ar,
                        struct archive_entry *en, const char *display, size_t len, int depth)
{
	const char *name = archive_entry_pathname(en);
	const char *base = strrchr(name, '/');
	la_int64_t size = archive_entry_size_is_set(en) ? archive_entry_size(en) : -1;
	struct buf data = BUF_INIT_MAX(ARCHIVE_MAX_MEMBER);
	struct buf shown = BUF_INIT;
	const struct extractor *bin = NULL; /* an executable's reader, by its first bytes */
	size_t cap = ARCHIVE_MAX_MEMBER;
	bool pomprops, nested, manifest;
	char chunk[65536];
	la_ssize_t got;

	base = base ? base + 1 : name;
	pomprops = !strcmp(base, "pom.properties") && !strncmp(name, "META-INF/maven/", 15);
	nested = is_archive_name(base);
	/* the first manifest only: a zip can name a member twice */
	manifest = js->java && !js->have_mf && !strcasecmp(name, "META-INF/MANIFEST.MF");
	buf_addf(&shown, "%s!/%s", display, name);
	/*
	 * Only members something reads are inflated: the rest are skipped
	 * unread. The pom.xml Maven copies beside pom.properties lists what the
	 * project depended on to build (tests included), not what the jar holds.
	 */
	if (!pomprops && !nested && !manifest &&
	    (!inventory_claims(name) || !strncmp(name, "META-INF/maven/", 15))) {
		/*
		 * A release tarball's programs: an executable member (or a .exe/.dll)
		 * is offered to the binary readers by its first bytes, as in a walk.
		 */
		if (size >= 16 &&
		    ((archive_entry_perm(en) & 0111) || inventory_windows_program(base)))
			bin = peek_executable(w, ar, &data);
		if (!bin) {
			buf_release(&data);
			buf_release(&shown);
			return;
		}
		cap = bin->max_size ? bin->max_size : ARCHIVE_MAX_MEMBER;
		if (cap > INVENTORY_MAX_NESTED_FILE)
			cap = INVENTORY_MAX_NESTED_FILE;
		data.max = cap;
	}
	if (size > (la_int64_t)cap && !manifest && !nested) {
		extract_error(w->ctx, 0, "'%s': %lld bytes, over the %zu-byte limit: not read",
		              shown.ptr, (long long)size, cap);
		buf_release(&data);
		buf_release(&shown);
		return;
	}
	if (nested) {
		/* streamed: a nested archive is never held whole */
		struct member_stream ms = { w, ar, shown.ptr, len };
		struct inv_stream in = { .read = member_read, .arg = &ms, .size = size };
		struct source *sub = xcalloc(1, sizeof(*sub));

		sub->in = &in;
		walk_archive(w, shown.ptr, sub, depth + 1);
		free(sub);
		goto done;
	}
	while ((got = archive_read_data(ar, chunk, sizeof(chunk))) > 0) {
		w->total += (uint64_t)got;
		if (over_limits(w, shown.ptr, len))
			goto done;
		if (manifest) {
			/* only the start is kept: the main section comes first */
			size_t room = JAR_MANIFEST_MAX - js->mf.len, k = (size_t)got;

			if (k > room) {
				k = room;
				js->mf_truncated = true;
			}
			buf_add(&js->mf, chunk, k);
			continue;
		}
		if (buf_add(&data, chunk, (size_t)got) < 0) {
			extract_error(w->ctx, 0, "'%s': over the %zu-byte limit: not read",
			              shown.ptr, cap);
			goto done;
		}
	}
	if (got < 0) {
		extract_error(w->ctx, 0, "'%s': %s", shown.ptr, arc_error(ar));
		w->stopped = true;
		goto done;
	}
	if (manifest) {
		js->have_mf = true;
	} else if (pomprops) {
		struct pkg *p = pom_properties(w, shown.ptr, data.ptr ? data.ptr : "", data.len);

		if (p) {
			ALLOC_GROW(js->poms, js->npoms + 1, js->apoms);
			js->poms[js->npoms++] = p;
		}
	} else if (bin)
		inventory_read_as(extract_inventory(w->ctx), bin, shown.ptr, name,
		                  data.ptr ? data.ptr : "", data.len, extract_layer(w->ctx));
	else
		inventory_read_data(extract_inventory(w->ctx), shown.ptr, name,
		                    data.ptr ? data.ptr : "", data.len, extract_layer(w->ctx));
done:
	buf_release(&data);
	buf_release(&shown);
}

static bool over_limits(struct walkstate *w, const char *shown, uint64_t base)
{
	if (w->total > ARCHIVE_MAX_TOTAL ||
	    (w->total > ARCHIVE_RATIO_FLOOR && w->total / ARCHIVE_MAX_RATIO > base)) {
		extract_error(w->ctx, 0,
		              "'%s': inflates to over %llu bytes from %llu: an archive bomb? "
		              "The rest is not read",
		              shown, (unsigned long long)w->total, (unsigned long long)base);
		w->stopped = true;
		return true;
	}
	return false;
}

/*
 * Starts the digests of a Java archive: data in memory is hashed at once, a
 * file on disk (which libarchive reads by seeking, skipping what it does not
 * need) in one pass before it is read, any other stream as libarchive reads
 * it (source_read), finished by jar_drain(). False when the digests cannot
 * be had; an error was then reported when the archive cannot be read either.
 */
static bool jar_digest_start(struct walkstate *w, const char *display, struct source *src)
{
	struct jardigest *d = &src->dig;
	ssize_t got;

	sha1_init(&d->sha1);
	sha256_init(&d->sha256);
	if (!src->in) {
		sha1_update(&d->sha1, src->data, src->len);
		sha256_update(&d->sha256, src->data, src->len);
		return true;
	}
	if (!src->in->seek) {
		src->hashing = true;
		return true;
	}
	while ((got = src->in->read(src->in->arg, src->chunk, sizeof(src->chunk))) > 0) {
		sha1_update(&d->sha1, src->chunk, (size_t)got);
		sha256_update(&d->sha256, src->chunk, (size_t)got);
	}
	if (src->in->seek(src->in->arg, 0, SEEK_SET) < 0) {
		extract_error(w->ctx, 0, "'%s': %s", display, err_msg());
		w->stopped = true;
		return false;
	}
	return got == 0;
}

/* The bytes of a streamed archive after what libarchive needed (a zip's central directory). */
static bool jar_drain(struct source *src)
{
	ssize_t got;

	if (!src->hashing)
		return true;
	while ((got = src->in->read(src->in->arg, src->chunk, sizeof(src->chunk))) > 0) {
		sha1_update(&src->dig.sha1, src->chunk, (size_t)got);
		sha256_update(&src->dig.sha256, src->chunk, (size_t)got);
	}
	src->hashing = false;
	return got == 0;
}

static void walk_archive(struct walkstate *w, const char *display, struct source *src, int depth)
{
	struct archive *ar;
	struct archive_entry *en;
	struct jarstate js = { .mf = BUF_INIT };
	const char *base = strrchr(display, '/');
	/*
	 * The name the file-name fallback reads: a link's target's, so that
	 * "a.jar -> a-1.0.jar" and its target are one package (two locations).
	 */
	const char *filename = display;
	bool hashed = false;
	int r = ARCHIVE_OK;

	if (depth > ARCHIVE_MAX_DEPTH) {
		extract_error(w->ctx, 0, "'%s': archives nested deeper than %d: not read", display,
		              ARCHIVE_MAX_DEPTH);
		return;
	}
	js.java = jar_is_java_archive(base ? base + 1 : display);
	if (depth == 1 && extract_fs_path(w->ctx) && jar_is_java_archive(extract_fs_path(w->ctx)))
		filename = extract_fs_path(w->ctx);
	if (js.java && !(hashed = jar_digest_start(w, display, src)) && w->stopped)
		return;
	ar = archive_read_new();
	archive_read_support_filter_all(ar);
	archive_read_support_format_zip(ar);
	archive_read_support_format_tar(ar);
	archive_read_support_format_gnutar(ar);
	if (source_open(ar, src) != ARCHIVE_OK) {
		extract_error(w->ctx, 0, "'%s': not an archive vouch reads: %s", display,
		              arc_error(ar));
		archive_read_free(ar);
		return;
	}
	while (!w->stopped && arc_header_ok(r = archive_read_next_header(ar, &en))) {
		const char *name = archive_entry_pathname(en);
		mode_t type = archive_entry_filetype(en);

		if (++w->members > ARCHIVE_MAX_MEMBERS) {
			extract_error(w->ctx, 0, "'%s': more than %d members: the rest not read",
			              display, ARCHIVE_MAX_MEMBERS);
			w->stopped = true;
			break;
		}
		if (!name || type == AE_IFDIR)
			continue;
		if (unsafe_name(name)) {
			extract_note(w->ctx, 0,
			             "'%s!/%s': a member named outside the archive: not read",
			             display, name);
			continue;
		}
		if (type != AE_IFREG) {
			if (type == AE_IFCHR || type == AE_IFBLK || type == AE_IFIFO)
				extract_note(w->ctx, 0, "'%s!/%s': a device or FIFO: not read",
				             display, name);
			continue;
		}
		read_member(w, &js, ar, en, display, source_size(src), depth);
	}
	if (!w->stopped && r != ARCHIVE_EOF && r != ARCHIVE_OK)
		extract_error(w->ctx, 0, "'%s': %s", display, arc_error(ar));
	else if (!w->stopped && js.java) {
		struct pkg *p = js.npoms ? jar_main(&js, filename)
		                         : jar_fallback(w, &js, display, filename);

		if (p && hashed && jar_drain(src))
			jar_add_digests(p, &src->dig);
	}
	archive_read_free(ar);
	buf_release(&js.mf);
	free(js.poms);
}

static int archive_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct walkstate w = { ctx, 0, 0, false };
	struct source src = { .data = data, .len = len };

	walk_archive(&w, extract_path(ctx), &src, 1);
	return 0;
}

int archive_extract_stream(struct extract_ctx *ctx, struct inv_stream *in);
int archive_extract_stream(struct extract_ctx *ctx, struct inv_stream *in)
{
	struct walkstate w = { ctx, 0, 0, false };
	struct source *src = xcalloc(1, sizeof(*src));

	src->in = in;
	walk_archive(&w, extract_path(ctx), src, 1);
	free(src);
	return 0;
}

const struct extractor archive_extractor = {
	.name = "archive",
	.ecosystem = NULL,
	.match = archive_match,
	.extract = archive_extract,
	.max_size = (size_t)1 << 30,
};
