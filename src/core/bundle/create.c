/*
 * create.c: gathering a release's evidence into a bundle (bundle.h). Every
 * member comes from an existing core: the assessment (assess), the SBOMs
 * (inventory and the CycloneDX and SPDX writers), the scan (match, vex), the
 * signed sums and provenance as the vendor made them, the log (tlog, merkle).
 */
#include "util/compat.h"
#include "core/bundle/bundle.h"
#include "core/assess/assess.h"
#include "core/disclose/cycles.h"
#include "core/formats/bom.h"
#include "core/formats/cyclonedx.h"
#include "core/formats/spdx.h"
#include "core/integrity/merkle.h"
#include "core/integrity/note.h"
#include "core/integrity/sums.h"
#include "core/integrity/tlog.h"
#include "core/inventory/inventory.h"
#include "core/match/report.h"
#include "core/match/scan.h"
#include "core/match/vex.h"
#include "core/vulndb/db.h"
#include "util/alloc.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/json.h"

#include <ctype.h>
#include <limits.h>
#include <unistd.h>

#define BUNDLE_LOG_MAX_SCAN 100000 /* log entries compared with the members */

/* A member the manifest lists as left out, with why. */
struct absent {
	char *path;
	char *reason;
};

struct ctx {
	const struct bundle_create_opts *o;
	const struct assess_product *p;
	struct bundle_created *out;
	struct bundle_archive ar;
	struct absent absent[16];
	size_t nabsent;
	char **roots; /* absolute folders replaced in members, longest first */
	char **repl;
	size_t nroots;
	char created[EPOCH_RFC3339_LEN];
};

static void warn(struct ctx *c, bool partial, const char *fmt, ...) VOUCH_PRINTF(3, 4);
static void warn(struct ctx *c, bool partial, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&c->out->warnings, fmt, ap);
	va_end(ap);
	buf_addch(&c->out->warnings, '\n');
	c->out->partial |= partial;
}

static void absent(struct ctx *c, const char *path, const char *fmt, ...) VOUCH_PRINTF(3, 4);
static void absent(struct ctx *c, const char *path, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (c->nabsent == ARRAY_SIZE(c->absent))
		return;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	c->absent[c->nabsent].path = xstrdup(path);
	c->absent[c->nabsent++].reason = buf_detach(&b, NULL);
}

/* ---- absolute paths ---- */

static void add_root(struct ctx *c, const char *path, const char *replacement)
{
	char real[PATH_MAX];

	if (!path || !realpath(path, real) || strlen(real) < 2)
		return;
	for (size_t i = 0; i < c->nroots; i++)
		if (!strcmp(c->roots[i], real))
			return;
	c->roots = xreallocarray(c->roots, c->nroots + 1, sizeof(*c->roots));
	c->repl = xreallocarray(c->repl, c->nroots + 1, sizeof(*c->repl));
	c->roots[c->nroots] = xstrdup(real);
	c->repl[c->nroots++] = xstrdup(replacement ? replacement : fs_basename(real));
	/* the path as given too, when it is absolute and differs (a link on the way) */
	if (path[0] == '/' && strcmp(path, real) && strlen(path) > 1) {
		size_t l = strlen(path);

		c->roots = xreallocarray(c->roots, c->nroots + 1, sizeof(*c->roots));
		c->repl = xreallocarray(c->repl, c->nroots + 1, sizeof(*c->repl));
		c->roots[c->nroots] = xstrndup(path, path[l - 1] == '/' ? l - 1 : l);
		c->repl[c->nroots] = xstrdup(c->repl[c->nroots - 1]);
		c->nroots++;
	}
}

static bool name_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~';
}

/* Where root occurs in s as a whole path prefix (not "/a/bc" for "/a/b"), or NULL. */
static const char *find_root(const char *s, size_t len, const char *root, size_t *at)
{
	size_t rl = strlen(root);

	for (size_t i = *at; i + rl <= len; i++) {
		if (memcmp(s + i, root, rl))
			continue;
		if (i + rl < len && name_char(s[i + rl]))
			continue;
		*at = i;
		return s + i;
	}
	return NULL;
}

/* Replaces every root in b by its replacement, longest roots first. */
static void scrub(struct ctx *c, struct buf *b)
{
	for (;;) {
		size_t best = SIZE_MAX, at = 0, pos = 0;

		for (size_t i = 0; i < c->nroots; i++) {
			size_t from = 0;

			if (find_root(b->ptr, b->len, c->roots[i], &from) &&
			    (best == SIZE_MAX || from < pos ||
			     (from == pos && strlen(c->roots[i]) > strlen(c->roots[best])))) {
				best = i;
				pos = from;
			}
		}
		if (best == SIZE_MAX)
			return;
		{
			struct buf n = BUF_INIT_MAX(BUNDLE_MAX_MEMBER);

			at = pos + strlen(c->roots[best]);
			buf_add(&n, b->ptr, pos);
			buf_adds(&n, c->repl[best]);
			buf_add(&n, b->ptr + at, b->len - at);
			buf_release(b);
			*b = n;
		}
	}
}

/* ---- members ---- */

static void add(struct ctx *c, const char *path, struct buf *data, const char *type, bool clean)
{
	if (clean)
		scrub(c, data);
	if (bundle_archive_add(&c->ar, path, data->ptr, data->len, type) < 0) {
		warn(c, true, "%s", err_msg());
		absent(c, path, "too large");
	}
}

/* Copies a file the vendor made (and maybe signed) verbatim. */
static int add_file(struct ctx *c, const char *member, const char *file, const char *type)
{
	struct buf b = BUF_INIT_MAX(BUNDLE_MAX_MEMBER);
	int r;

	if ((r = buf_read_file(&b, file)) < 0) {
		warn(c, true, "%s", err_msg());
		absent(c, member, "could not be read");
	} else {
		add(c, member, &b, type, false);
	}
	buf_release(&b);
	return r;
}

static void add_assessment(struct ctx *c, struct buf *html_out)
{
	const struct bundle_create_opts *o = c->o;
	struct assessment a = ASSESSMENT_INIT;
	struct assess_opts ao = { 0 };
	struct buf js = BUF_INIT, md = BUF_INIT, html = BUF_INIT;

	ao.db = o->db;
	ao.now = o->now;
	ao.fixed_time = o->fixed_time;
	a.tool_version = o->tool_version;
	a.signer_keyid = c->out->keyid;
	a.signature_file = "assessment.html.minisig";
	if (assess_run(&a, o->cfg, &ao) < 0) {
		warn(c, true, "%s", err_msg());
		absent(c, "assessment.json", "the assessment could not run");
		goto done;
	}
	for (const char *p = a.warnings.ptr, *nl; p && (nl = strchr(p, '\n')); p = nl + 1)
		warn(c, false, "%.*s", (int)(nl - p), p);
	if (a.partial)
		c->out->partial = true;
	if (assess_render_json(&js, &a) < 0 || assess_render_markdown(&md, &a) < 0 ||
	    assess_render_html(&html, &a) < 0) {
		warn(c, true, "%s", err_msg());
		absent(c, "assessment.json", "the assessment could not be rendered");
		goto done;
	}
	add(c, "assessment.json", &js, "application/json", true);
	add(c, "assessment.md", &md, "text/markdown", true);
	scrub(c, &html);
	buf_add(html_out, html.ptr, html.len); /* signed by the caller, then added */
done:
	buf_release(&js);
	buf_release(&md);
	buf_release(&html);
	assessment_release(&a);
}

static void add_sboms_and_scan(struct ctx *c)
{
	const struct bundle_create_opts *o = c->o;
	struct inventory inv = INVENTORY_INIT;
	struct bom_meta meta = { 0 };
	const char *subject = c->p->name;
	struct buf cdx = BUF_INIT_MAX(BUNDLE_MAX_MEMBER), spdx = BUF_INIT_MAX(BUNDLE_MAX_MEMBER);
	struct buf dbpath = BUF_INIT, js = BUF_INIT_MAX(BUNDLE_MAX_MEMBER);
	struct vulndb *db = NULL;
	struct vulndb_stats st = { 0 };
	struct scan sc = SCAN_INIT;
	struct vex vex = VEX_INIT;
	struct report_meta rm = { 0 };
	const char *target = "sbom.cdx.json", *scanned = c->p->path;
	char real[PATH_MAX];

	/* scanned by its real path, which the scrub turns into ".", however it was given */
	if (realpath(c->p->path, real))
		scanned = real;
	if (inventory_scan(&inv, scanned, NULL) < 0)
		inventory_diag(&inv, INV_ERROR, c->p->path, 0, "%s", err_msg());
	inventory_sort(&inv);
	for (size_t i = 0; i < inv.ndiags; i++)
		if (inv.diags[i].level == INV_ERROR)
			warn(c, true, "sbom: %s%s%s", inv.diags[i].path ? inv.diags[i].path : "",
			     inv.diags[i].path ? ": " : "", inv.diags[i].msg);
	meta.created = (time_t)o->now;
	meta.tool_version = o->tool_version;
	meta.subjects = &subject;
	meta.nsubjects = 1;
	meta.pretty = true;
	if (cyclonedx_write(&cdx, &inv, &meta) < 0 || spdx_write(&spdx, &inv, &meta) < 0) {
		warn(c, true, "%s", err_msg());
		absent(c, "sbom.cdx.json", "the SBOM could not be written");
		goto done;
	}
	add(c, "sbom.cdx.json", &cdx, "application/vnd.cyclonedx+json", true);
	add(c, "sbom.spdx.json", &spdx, "application/spdx+json", true);

	/* the scan: only against a database that holds advisories (else it would look clean) */
	if (o->db)
		buf_adds(&dbpath, o->db);
	else if (o->cfg->db)
		buf_adds(&dbpath, o->cfg->db);
	else if (vulndb_default_path(&dbpath) < 0)
		buf_reset(&dbpath);
	if (!dbpath.len || !fs_exists(dbpath.ptr)) {
		absent(c, "scan.json", "no vulnerability database (give --db or [evidence] db)");
		goto done;
	}
	if (vulndb_open(&db, dbpath.ptr, VULNDB_READONLY | VULNDB_ADVISORIES) < 0 ||
	    vulndb_stats(&st, db) < 0) {
		warn(c, true, "%s", err_msg());
		absent(c, "scan.json", "the vulnerability database could not be opened");
		goto done;
	}
	for (size_t i = 0; i < o->cfg->nvex; i++)
		if (vex_load(&vex, o->cfg->vex[i]) < 0)
			warn(c, true, "%s", err_msg());
	scan_add_inventory(&sc, &inv);
	if (scan_run(&sc, db) < 0) {
		warn(c, true, "%s", err_msg());
		absent(c, "scan.json", "the scan failed");
		goto done;
	}
	scan_apply_vex(&sc, &vex);
	rm.tool_version = o->tool_version;
	rm.db_path = fs_basename(dbpath.ptr);
	rm.db_updated = st.updated;
	rm.db_newest = st.newest_modified;
	rm.db_age_days = st.updated ? vulndb_days_since(st.updated) : -1;
	rm.now = c->created;
	rm.targets = &target;
	rm.ntargets = 1;
	if (report_json(&js, &sc, &rm) < 0) {
		warn(c, true, "%s", err_msg());
		absent(c, "scan.json", "the scan report could not be written");
		goto done;
	}
	add(c, "scan.json", &js, "application/json", true);
done:
	vex_release(&vex);
	scan_release(&sc);
	vulndb_stats_release(&st);
	vulndb_close(db);
	inventory_release(&inv);
	buf_release(&cdx);
	buf_release(&spdx);
	buf_release(&dbpath);
	buf_release(&js);
}

static void add_release(struct ctx *c, struct sums *sums)
{
	const struct assess_config *cfg = c->o->cfg;
	struct buf f = BUF_INIT;
	const struct bundle_member *m;

	if (!cfg->releases_dir) {
		absent(c, "release/SHA256SUMS", "no [evidence] releases folder in vouch.toml");
	} else {
		buf_addf(&f, "%s/SHA256SUMS", cfg->releases_dir);
		if (!fs_exists(f.ptr)) {
			absent(c, "release/SHA256SUMS", "the releases folder has no SHA256SUMS");
		} else if (add_file(c, "release/SHA256SUMS", f.ptr, "text/plain") == 0) {
			buf_adds(&f, ".minisig");
			if (fs_exists(f.ptr))
				add_file(c, "release/SHA256SUMS.minisig", f.ptr, "text/plain");
			else
				absent(c, "release/SHA256SUMS.minisig", "SHA256SUMS is not signed");
			m = bundle_archive_get(&c->ar, "release/SHA256SUMS");
			if (m && sums_parse(sums, m->data.ptr, m->data.len, "SHA256SUMS") < 0)
				warn(c, false, "%s", err_msg());
		}
	}
	for (size_t i = 0; i < cfg->nprovenance; i++) {
		buf_reset(&f);
		buf_addf(&f, "provenance/%s", fs_basename(cfg->provenance[i]));
		add_file(c, f.ptr, cfg->provenance[i], "application/vnd.dsse.envelope.v1+json");
	}
	if (!cfg->nprovenance)
		absent(c, "provenance/", "no [evidence] provenance in vouch.toml");
	buf_release(&f);
}

/* A log entry the bundle cites: a member's bytes or a released artefact's. */
struct cited {
	uint64_t index;
	const char *subject; /* member path or artefact name */
	bool artifact;
	struct merkle_hash leaf;
	struct merkle_path path;
};

static void add_log(struct ctx *c, const struct sums *sums)
{
	const struct assess_config *cfg = c->o->cfg;
	struct tlog log = TLOG_INIT;
	struct tlog_checkpoints cps = TLOG_CHECKPOINTS_INIT;
	struct note n = NOTE_INIT;
	struct checkpoint cp = CHECKPOINT_INIT;
	struct merkle_source src;
	struct buf e = BUF_INIT_MAX(TLOG_MAX_ENTRY), js = BUF_INIT;
	struct cited *cited = NULL;
	struct merkle_hash *mh = NULL; /* each member's sha256 */
	size_t ncited = 0;
	const struct tlog_checkpoint *last;
	struct jw w;
	char hex[65];

	if (!cfg->log_dir) {
		absent(c, "log/checkpoint", "no [evidence] log in vouch.toml");
		return;
	}
	if (tlog_open(&log, cfg->log_dir, 0) < 0 || tlog_checkpoints_load(&cps, &log) < 0) {
		warn(c, true, "%s", err_msg());
		absent(c, "log/checkpoint", "the log could not be read");
		goto done;
	}
	if (!cps.n) {
		absent(c, "log/checkpoint", "the log has no signed checkpoint");
		goto done;
	}
	last = &cps.v[cps.n - 1];
	if (note_parse(&n, last->note.ptr, last->note.len, "checkpoint") < 0 ||
	    checkpoint_parse(&cp, n.text, n.textlen, "checkpoint") < 0 || cp.size > log.size) {
		warn(c, true, "the log's latest checkpoint: %s", err_msg());
		absent(c, "log/checkpoint", "the log's latest checkpoint does not parse");
		goto done;
	}
	tlog_source(&src, &log);
	mh = xcalloc(c->ar.n + 1, sizeof(*mh));
	for (size_t k = 0; k < c->ar.n; k++)
		hash_sha256(mh[k].b, c->ar.v[k].data.ptr, c->ar.v[k].data.len);
	for (uint64_t i = 0; i < cp.size && i < BUNDLE_LOG_MAX_SCAN; i++) {
		uint8_t h[32];
		const char *subject = NULL;
		bool artifact = false;

		buf_reset(&e);
		if (tlog_get(&e, &log, i) < 0) {
			warn(c, true, "%s", err_msg());
			break;
		}
		hash_sha256(h, e.ptr, e.len);
		for (size_t k = 0; k < c->ar.n && !subject; k++)
			if (!memcmp(mh[k].b, h, 32))
				subject = c->ar.v[k].path;
		for (size_t k = 0; k < sums->n && !subject; k++)
			if (!memcmp(sums->v[k].sha256, h, 32)) {
				subject = sums->v[k].name;
				artifact = true;
			}
		if (!subject)
			continue;
		cited = xreallocarray(cited, ncited + 1, sizeof(*cited));
		cited[ncited].index = i;
		cited[ncited].subject = subject;
		cited[ncited].artifact = artifact;
		merkle_leaf_hash(&cited[ncited].leaf, e.ptr, e.len);
		if (merkle_inclusion_proof(&cited[ncited].path, &src, i, cp.size) < 0) {
			warn(c, true, "%s", err_msg());
			continue;
		}
		ncited++;
	}
	if (cp.size > BUNDLE_LOG_MAX_SCAN)
		warn(c, false, "the log holds %llu entries: only the first %d were compared",
		     (unsigned long long)cp.size, BUNDLE_LOG_MAX_SCAN);
	jw_init(&w, &js, true);
	jw_obj_begin(&w);
	jw_kstr(&w, "checkpoint", "log/checkpoint");
	jw_key(&w, "size");
	jw_uint(&w, cp.size);
	jw_key(&w, "proofs");
	jw_arr_begin(&w);
	for (size_t i = 0; i < ncited; i++) {
		jw_obj_begin(&w);
		jw_kstr(&w, cited[i].artifact ? "artifact" : "member", cited[i].subject);
		hex_encode(hex, cited[i].leaf.b, 32);
		jw_kstr(&w, "leaf", hex);
		jw_key(&w, "proof");
		jw_obj_begin(&w);
		jw_key(&w, "index");
		jw_uint(&w, cited[i].index);
		jw_key(&w, "size");
		jw_uint(&w, cp.size);
		hex_encode(hex, cp.root, 32);
		jw_kstr(&w, "root", hex);
		jw_key(&w, "path");
		jw_arr_begin(&w);
		for (size_t k = 0; k < cited[i].path.n; k++) {
			hex_encode(hex, cited[i].path.h[k].b, 32);
			jw_str(&w, hex);
		}
		jw_arr_end(&w);
		jw_obj_end(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	if (jw_finish(&w) < 0) {
		warn(c, true, "%s", err_msg());
		goto done;
	}
	c->out->nproofs = ncited;
	buf_reset(&e);
	buf_add(&e, last->note.ptr, last->note.len);
	add(c, "log/checkpoint", &e, "text/x.tlog.checkpoint", false);
	buf_reset(&e);
	buf_add(&e, last->vkey.ptr, last->vkey.len);
	buf_addch(&e, '\n');
	add(c, "log/checkpoint.vkey", &e, "text/plain", false);
	add(c, "log/proofs.json", &js, "application/json", false);
done:
	free(cited);
	free(mh);
	buf_release(&e);
	buf_release(&js);
	checkpoint_release(&cp);
	note_release(&n);
	tlog_checkpoints_release(&cps);
	tlog_release(&log);
}

static void add_manifest(struct ctx *c, struct buf *out)
{
	const struct bundle_create_opts *o = c->o;
	struct jw w;
	char hex[65];
	uint8_t h[32];

	jw_init(&w, out, true);
	jw_obj_begin(&w);
	jw_kstr(&w, "format", BUNDLE_FORMAT);
	jw_kint(&w, "format_version", BUNDLE_FORMAT_V);
	jw_kstr(&w, "product", c->p->name);
	if (c->p->version)
		jw_kstr(&w, "version", c->p->version);
	if (c->p->commit)
		jw_kstr(&w, "commit", c->p->commit);
	jw_kstr(&w, "created", c->created);
	jw_key(&w, "tool");
	jw_obj_begin(&w);
	jw_kstr(&w, "name", "vouch");
	jw_kstr(&w, "version", o->tool_version);
	jw_obj_end(&w);
	jw_kstr(&w, "public_key", c->out->keyid);
	jw_key(&w, "members");
	jw_arr_begin(&w);
	for (size_t i = 0; i < c->ar.n; i++) {
		const struct bundle_member *m = &c->ar.v[i];

		jw_obj_begin(&w);
		jw_kstr(&w, "path", m->path);
		jw_key(&w, "size");
		jw_uint(&w, m->data.len);
		hash_sha256(h, m->data.ptr, m->data.len);
		hex_encode(hex, h, 32);
		jw_kstr(&w, "sha256", hex);
		jw_kstr(&w, "media_type",
		        m->media_type ? m->media_type : "application/octet-stream");
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "absent");
	jw_arr_begin(&w);
	for (size_t i = 0; i < c->nabsent; i++) {
		jw_obj_begin(&w);
		jw_kstr(&w, "path", c->absent[i].path);
		jw_kstr(&w, "reason", c->absent[i].reason);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
}

static int by_member(const void *a, const void *b)
{
	return strcmp(((const struct bundle_member *)a)->path,
	              ((const struct bundle_member *)b)->path);
}

static int by_absent(const void *a, const void *b)
{
	return strcmp(((const struct absent *)a)->path, ((const struct absent *)b)->path);
}

/* The first member holding a root that was not replaced, for the error. */
static int check_leaks(struct ctx *c)
{
	for (size_t i = 0; i < c->ar.n; i++)
		for (size_t k = 0; k < c->nroots; k++) {
			size_t at = 0;

			if (find_root(c->ar.v[i].data.ptr, c->ar.v[i].data.len, c->roots[k], &at))
				return err_set(ERR_VERIFY,
				               "member '%s' holds the absolute path '%s' of this "
				               "machine; the bundle was not written",
				               c->ar.v[i].path, c->roots[k]);
		}
	return 0;
}

void bundle_created_release(struct bundle_created *c)
{
	buf_release(&c->tar);
	buf_release(&c->warnings);
}

int bundle_create(struct bundle_created *out, const struct bundle_create_opts *o)
{
	struct ctx c = { 0 };
	struct minisign_pubkey pub;
	struct sums sums = SUMS_INIT;
	struct buf html = BUF_INIT, man = BUF_INIT, sig = BUF_INIT, tc = BUF_INIT;
	char cwd[PATH_MAX];
	int r = 0;

	if (!o->cfg || !o->cfg->nproducts || !o->key)
		return err_set(ERR_USAGE, "bundle_create: no product or no key");
	c.o = o;
	c.p = &o->cfg->products[0];
	c.out = out;
	buf_init(&out->tar, BUNDLE_MAX_SIZE);
	minisign_seckey_public(&pub, o->key);
	minisign_keyid_hex(out->keyid, pub.keyid);
	if ((r = epoch_rfc3339(c.created, o->now)) < 0)
		goto done;
	/* the product folder becomes "."; other folders of this machine their last name */
	add_root(&c, c.p->path, ".");
	add_root(&c, o->cfg->base, NULL);
	for (size_t i = 0; i < o->nscrub; i++)
		add_root(&c, o->scrub[i], NULL);
	if (getcwd(cwd, sizeof(cwd)))
		add_root(&c, cwd, NULL);
	add_root(&c, getenv("HOME"), "~");

	add_assessment(&c, &html);
	if (html.len) {
		if ((r = minisign_sign_buf(&sig, o->key, html.ptr, html.len, "assessment.html",
		                           NULL, NULL)) < 0)
			goto done;
		add(&c, "assessment.html", &html, "text/html", false);
		add(&c, "assessment.html.minisig", &sig, "text/plain", false);
	}
	add_sboms_and_scan(&c);
	add_release(&c, &sums);
	for (size_t i = 0; i < o->cfg->nvex; i++) {
		struct buf m = BUF_INIT;

		buf_addf(&m, "vex/%s", fs_basename(o->cfg->vex[i]));
		add_file(&c, m.ptr, o->cfg->vex[i], "application/json");
		buf_release(&m);
	}
	if (o->cfg->security_txt && fs_exists(o->cfg->security_txt))
		add_file(&c, "security.txt", o->cfg->security_txt, "text/plain");
	else
		absent(&c, "security.txt",
		       o->cfg->security_txt ? "the [disclosure] security_txt file does not exist"
		                            : "no [disclosure] security_txt in vouch.toml");
	if (c.p->nreleases) {
		struct buf lc = BUF_INIT;

		if (lifecycle_cycles_json(&lc, c.p) == 0)
			add(&c, "lifecycle.json", &lc, "application/json", true);
		buf_release(&lc);
	} else {
		absent(&c, "lifecycle.json", "no [[product.release]] in vouch.toml");
	}
	/* the log last: its entries are compared with every other member */
	add_log(&c, &sums);

	if ((r = check_leaks(&c)) < 0)
		goto done;
	qsort(c.ar.v, c.ar.n, sizeof(*c.ar.v), by_member);
	qsort(c.absent, c.nabsent, sizeof(*c.absent), by_absent);
	add_manifest(&c, &man);
	/* the trusted comment is a function of the created time, so the bytes are too */
	buf_addf(&tc, "timestamp:%lld\tfile:%s\thashed", (long long)o->now, BUNDLE_MANIFEST);
	buf_reset(&sig);
	if ((r = minisign_sign_buf(&sig, o->key, man.ptr, man.len, BUNDLE_MANIFEST, tc.ptr, NULL)) <
	    0)
		goto done;
	out->nmembers = c.ar.n;
	if ((r = bundle_archive_add(&c.ar, BUNDLE_MANIFEST, man.ptr, man.len, "application/json")) <
	            0 ||
	    (r = bundle_archive_add(&c.ar, BUNDLE_MANIFEST_SIG, sig.ptr, sig.len, "text/plain")) <
	            0 ||
	    (r = bundle_tar_write(&out->tar, &c.ar, o->now)) < 0)
		goto done;
done:
	for (size_t i = 0; i < c.nroots; i++) {
		free(c.roots[i]);
		free(c.repl[i]);
	}
	free(c.roots);
	free(c.repl);
	for (size_t i = 0; i < c.nabsent; i++) {
		free(c.absent[i].path);
		free(c.absent[i].reason);
	}
	bundle_archive_release(&c.ar);
	sums_release(&sums);
	buf_release(&html);
	buf_release(&man);
	buf_release(&sig);
	buf_release(&tc);
	return r;
}
