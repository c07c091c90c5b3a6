/*
 * verify.c: checking a bundle offline (bundle.h). Every check runs, whatever
 * failed before it, so that a customer sees each problem at once; a check
 * that cannot run because its member is missing is itself a failure.
 */
#include "util/compat.h"
#include "core/bundle/bundle.h"
#include "core/integrity/dsse.h"
#include "core/integrity/merkle.h"
#include "core/integrity/note.h"
#include "core/integrity/proofdoc.h"
#include "core/integrity/provenance.h"
#include "core/integrity/sums.h"
#include "core/inventory/inventory.h"
#include "core/match/scan.h"
#include "core/vulndb/cvss.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/fs.h"
#include "util/json.h"

#include <sodium.h>
#include <unistd.h>

static void check(struct bundle_result *r, const char *member, const char *what, bool ok,
                  const char *fmt, ...) VOUCH_PRINTF(5, 6);
static void check(struct bundle_result *r, const char *member, const char *what, bool ok,
                  const char *fmt, ...)
{
	struct bundle_check *c;
	struct buf b = BUF_INIT;
	va_list ap;

	if (r->n == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 32;
		r->v = xreallocarray(r->v, r->alloc, sizeof(*r->v));
	}
	c = &r->v[r->n++];
	c->member = xstrdup(member);
	c->check = xstrdup(what);
	c->ok = ok;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	c->detail = buf_detach(&b, NULL);
	r->nfailed += !ok;
}

void bundle_result_release(struct bundle_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].member);
		free(r->v[i].check);
		free(r->v[i].detail);
	}
	for (size_t i = 0; i < r->nnewvulns; i++) {
		free(r->newvulns[i].id);
		free(r->newvulns[i].purl);
		free(r->newvulns[i].severity);
	}
	free(r->newvulns);
	free(r->v);
	free(r->product);
	free(r->version);
	free(r->commit);
	free(r->created);
	free(r->keyid);
	memset(r, 0, sizeof(*r));
}

int bundle_read_file(struct buf *out, const char *path)
{
	buf_init(out, BUNDLE_MAX_SIZE);
	return buf_read_file(out, path);
}

/* A minisign signature member over another member's bytes. */
static bool check_minisig(struct bundle_result *r, const struct bundle_archive *ar,
                          const char *what, const char *sigpath, const struct minisign_pubkey *pk,
                          unsigned flags)
{
	const struct bundle_member *m = bundle_archive_get(ar, what);
	const struct bundle_member *s = bundle_archive_get(ar, sigpath);
	struct minisign_sig sig = MINISIGN_SIG_INIT;
	bool ok = false;

	if (!m)
		return false;
	if (!s) {
		check(r, sigpath, "signature", false, "'%s' has no signature '%s'", what, sigpath);
		return false;
	}
	if (minisign_sig_parse(&sig, s->data.ptr, s->data.len, sigpath) < 0 ||
	    minisign_sig_verify_buf(&sig, pk, m->data.ptr, m->data.len, flags) < 0)
		check(r, sigpath, "signature", false, "%s", err_msg());
	else
		ok = true, check(r, sigpath, "signature", true, "'%s' signed by the key", what);
	minisign_sig_release(&sig);
	return ok;
}

/* The manifest's members: each listed entry against the archive, and the other way. */
static void check_manifest(struct bundle_result *r, const struct bundle_archive *ar,
                           const json_t *man)
{
	const json_t *members = json_object_get(man, "members"), *e;
	const char *s;
	size_t i;

	if ((s = vjson_str(man, "format")) == NULL || strcmp(s, BUNDLE_FORMAT) ||
	    json_integer_value(json_object_get(man, "format_version")) != BUNDLE_FORMAT_V) {
		check(r, BUNDLE_MANIFEST, "format", false, "not a %s version %d manifest",
		      BUNDLE_FORMAT, BUNDLE_FORMAT_V);
		return;
	}
	r->product = (s = vjson_str(man, "product")) ? xstrdup(s) : NULL;
	r->version = (s = vjson_str(man, "version")) ? xstrdup(s) : NULL;
	r->commit = (s = vjson_str(man, "commit")) ? xstrdup(s) : NULL;
	r->created = (s = vjson_str(man, "created")) ? xstrdup(s) : NULL;
	r->keyid = (s = vjson_str(man, "public_key")) ? xstrdup(s) : NULL;
	if (!json_is_array(members) || json_array_size(members) > BUNDLE_MAX_MEMBERS) {
		check(r, BUNDLE_MANIFEST, "format", false, "no \"members\" list of at most %d",
		      BUNDLE_MAX_MEMBERS);
		return;
	}
	json_array_foreach(members, i, e)
	{
		const char *path = vjson_str(e, "path"), *hex = vjson_str(e, "sha256");
		const json_t *size = json_object_get(e, "size");
		const struct bundle_member *m;
		uint8_t want[32], got[32];
		bool dup = false;

		if (!path || !hex || !json_is_integer(size) ||
		    hex_decode(want, 32, hex, strlen(hex)) < 0) {
			check(r, BUNDLE_MANIFEST, "format", false,
			      "member %zu has no path, size or sha256", i);
			continue;
		}
		for (size_t k = 0; k < i && !dup; k++) {
			const char *o = vjson_str(json_array_get(members, k), "path");

			dup = o && !strcmp(o, path);
		}
		if (dup) {
			check(r, path, "listed", false, "listed twice in the manifest");
			continue;
		}
		if (!strcmp(path, BUNDLE_MANIFEST) || !strcmp(path, BUNDLE_MANIFEST_SIG)) {
			check(r, path, "listed", false, "the manifest cannot list itself");
			continue;
		}
		if (!(m = bundle_archive_get(ar, path))) {
			bool refused = false;

			for (size_t k = 0; k < ar->n; k++)
				refused |= !strcmp(ar->v[k].path, path);
			if (!refused)
				check(r, path, "present", false,
				      "listed in the manifest, missing from the bundle");
			continue;
		}
		if ((json_int_t)m->data.len != json_integer_value(size))
			check(r, path, "size", false, "%zu bytes, the manifest says %lld",
			      m->data.len, (long long)json_integer_value(size));
		else
			check(r, path, "size", true, "%zu bytes", m->data.len);
		hash_sha256(got, m->data.ptr, m->data.len);
		if (sodium_memcmp(got, want, 32))
			check(r, path, "sha256", false,
			      "the content differs from the manifest's hash");
		else
			check(r, path, "sha256", true, "%.16s...", hex);
	}
	for (i = 0; i < ar->n; i++) {
		const char *path = ar->v[i].path;
		bool listed = false;
		size_t k;

		if (ar->v[i].problem || !strcmp(path, BUNDLE_MANIFEST) ||
		    !strcmp(path, BUNDLE_MANIFEST_SIG))
			continue;
		json_array_foreach(members, k, e)
		{
			const char *p = vjson_str(e, "path");

			listed |= p && !strcmp(p, path);
		}
		if (!listed)
			check(r, path, "listed", false, "in the bundle, not in the manifest");
	}
}

static void check_sums(struct bundle_result *r, const struct bundle_archive *ar,
                       const struct minisign_pubkey *pk, const struct bundle_verify_opts *o,
                       struct sums *sums)
{
	const struct bundle_member *m = bundle_archive_get(ar, "release/SHA256SUMS");

	if (!m)
		return;
	check_minisig(r, ar, "release/SHA256SUMS", "release/SHA256SUMS.minisig", pk,
	              o->minisign_flags);
	if (sums_parse(sums, m->data.ptr, m->data.len, "release/SHA256SUMS") < 0) {
		check(r, "release/SHA256SUMS", "parse", false, "%s", err_msg());
		return;
	}
	for (size_t i = 0; o->artifacts && i < sums->n; i++) {
		struct buf f = BUF_INIT, label = BUF_INIT;
		uint8_t h[32];

		buf_addf(&f, "%s/%s", o->artifacts, sums->v[i].name);
		buf_addf(&label, "artifacts/%s", sums->v[i].name);
		if (hash_sha256_file(h, f.ptr) < 0)
			check(r, label.ptr, "sha256", false, "%s", err_msg());
		else if (sodium_memcmp(h, sums->v[i].sha256, 32))
			check(r, label.ptr, "sha256", false, "differs from the signed SHA256SUMS");
		else
			check(r, label.ptr, "sha256", true, "matches the signed SHA256SUMS");
		buf_release(&f);
		buf_release(&label);
	}
}

/* A provenance subject named like an entry of the signed sums must have its digest. */
static void subject_in_sums(struct bundle_result *r, const char *member, const char *name,
                            const char *hex, const struct sums *sums)
{
	uint8_t want[32];

	for (size_t i = 0; i < sums->n; i++) {
		const char *base = strrchr(sums->v[i].name, '/');

		base = base ? base + 1 : sums->v[i].name;
		if (strcmp(base, name))
			continue;
		if (hex_decode(want, 32, hex, strlen(hex)) < 0 ||
		    sodium_memcmp(want, sums->v[i].sha256, 32))
			check(r, member, "sums", false,
			      "subject '%s' has another digest than the signed SHA256SUMS", name);
		else
			check(r, member, "sums", true, "subject '%s' as in the signed SHA256SUMS",
			      name);
	}
}

static void check_provenance(struct bundle_result *r, const struct bundle_archive *ar,
                             const struct minisign_pubkey *pk, const struct bundle_verify_opts *o,
                             const struct sums *sums)
{
	for (size_t i = 0; i < ar->n; i++) {
		const struct bundle_member *m = &ar->v[i];
		struct dsse_envelope env = DSSE_ENVELOPE_INIT;
		json_t *st = NULL, *subj, *e;
		size_t k;

		if (m->problem || strncmp(m->path, "provenance/", 11))
			continue;
		if (dsse_parse(&env, m->data.ptr, m->data.len, m->path) < 0 ||
		    dsse_verify(&env, pk) < 0) {
			check(r, m->path, "signature", false, "%s", err_msg());
			goto next;
		}
		check(r, m->path, "signature", true, "DSSE envelope signed by the key");
		if (strcmp(env.payload_type, INTOTO_PAYLOAD_TYPE) ||
		    statement_check(&st, (const char *)env.payload, env.payload_len, m->path) < 0) {
			check(r, m->path, "statement", false, "%s",
			      st ? err_msg() : "not an in-toto statement");
			goto next;
		}
		check(r, m->path, "statement", true, "in-toto Statement with SLSA provenance");
		subj = json_object_get(st, "subject");
		json_array_foreach(subj, k, e)
		{
			const char *name = vjson_str(e, "name");
			const char *hex = vjson_str(json_object_get(e, "digest"), "sha256");
			struct buf f = BUF_INIT, label = BUF_INIT;
			uint8_t want[32], got[32];

			if (!name || !hex)
				continue;
			/* a subject named with its folder is looked for by its file name */
			if (strrchr(name, '/'))
				name = strrchr(name, '/') + 1;
			subject_in_sums(r, m->path, name, hex, sums);
			if (!o->artifacts)
				continue;
			buf_addf(&label, "artifacts/%s", name);
			if (!*name || !strcmp(name, "..") || !strcmp(name, "."))
				check(r, label.ptr, "provenance", false,
				      "subject name is not a plain file name");
			else if (buf_addf(&f, "%s/%s", o->artifacts, name),
			         hash_sha256_file(got, f.ptr) < 0)
				check(r, label.ptr, "provenance", false, "%s", err_msg());
			else if (hex_decode(want, 32, hex, strlen(hex)) < 0 ||
			         sodium_memcmp(got, want, 32))
				check(r, label.ptr, "provenance", false,
				      "differs from the subject of '%s'", m->path);
			else
				check(r, label.ptr, "provenance", true, "a subject of '%s'",
				      m->path);
			buf_release(&f);
			buf_release(&label);
		}
	next:
		if (st)
			json_decref(st);
		dsse_envelope_release(&env);
	}
}

/*
 * The leaf hashes of the artefacts in DIR that the signed sums name, each file
 * read once (streamed) however many proofs name it: a hostile proofs.json
 * must not make the verifier read a large file over and over.
 */
struct leaf_cache {
	const struct sums_entry **byname; /* sums entries sorted by name */
	struct merkle_hash *leaf;         /* by sums index */
	signed char *state;               /* 0 not read, 1 read, -1 unreadable */
};

static int by_entry_name(const void *a, const void *b)
{
	return strcmp((*(const struct sums_entry *const *)a)->name,
	              (*(const struct sums_entry *const *)b)->name);
}

static int artifact_leaf(struct merkle_hash *out, struct leaf_cache *c, const struct sums *sums,
                         const char *dir, const char *name)
{
	struct sums_entry key = { { 0 }, (char *)name, 0 };
	const struct sums_entry *kp = &key, **hit;
	struct buf path = BUF_INIT;
	struct sha256 h;
	char chunk[65536];
	ssize_t n;
	size_t i;
	int fd;

	if (!c->byname) {
		c->byname = xcalloc(sums->n + 1, sizeof(*c->byname));
		c->leaf = xcalloc(sums->n + 1, sizeof(*c->leaf));
		c->state = xcalloc(sums->n + 1, 1);
		for (i = 0; i < sums->n; i++)
			c->byname[i] = &sums->v[i];
		qsort(c->byname, sums->n, sizeof(*c->byname), by_entry_name);
	}
	hit = bsearch(&kp, c->byname, sums->n, sizeof(*c->byname), by_entry_name);
	if (!hit)
		return -1;
	i = (size_t)(*hit - sums->v);
	if (!c->state[i]) {
		c->state[i] = -1;
		buf_addf(&path, "%s/%s", dir, name);
		if ((fd = fs_open_regular(path.ptr)) >= 0) {
			static const uint8_t zero = 0;

			sha256_init(&h);
			sha256_update(&h, &zero, 1); /* RFC 9162 leaf: SHA-256(0x00 || entry) */
			while ((n = read(fd, chunk, sizeof(chunk))) > 0)
				sha256_update(&h, chunk, (size_t)n);
			if (n == 0) {
				sha256_final(&h, c->leaf[i].b);
				c->state[i] = 1;
			}
			close(fd);
		}
		buf_release(&path);
	}
	if (c->state[i] < 0)
		return -1;
	*out = c->leaf[i];
	return 0;
}

static void check_log(struct bundle_result *r, const struct bundle_archive *ar,
                      const struct bundle_verify_opts *o, const struct sums *sums)
{
	const struct bundle_member *cpm = bundle_archive_get(ar, "log/checkpoint");
	const struct bundle_member *vk = bundle_archive_get(ar, "log/checkpoint.vkey");
	const struct bundle_member *pm = bundle_archive_get(ar, "log/proofs.json");
	struct note n = NOTE_INIT;
	struct checkpoint cp = CHECKPOINT_INIT;
	struct proofdoc *doc = NULL;
	json_t *proofs = NULL, *e;
	char *kname = NULL;
	struct leaf_cache cache = { NULL, NULL, NULL };
	uint32_t kid;
	uint8_t vpk[32];
	size_t i, len;

	if (!cpm && !vk && !pm)
		return;
	if (!cpm || !vk || !pm) {
		check(r, "log/", "present", false,
		      "the checkpoint, its key and the proofs go together; one is missing");
		return;
	}
	len = vk->data.len;
	while (len && (vk->data.ptr[len - 1] == '\n' || vk->data.ptr[len - 1] == '\r'))
		len--;
	if (note_vkey_parse(&kname, &kid, vpk, vk->data.ptr, len) < 0 ||
	    note_parse(&n, cpm->data.ptr, cpm->data.len, "log/checkpoint") < 0 ||
	    checkpoint_verify(&cp, &n, kname, vpk, "log/checkpoint") < 0) {
		check(r, "log/checkpoint", "signature", false, "%s", err_msg());
		goto done;
	}
	check(r, "log/checkpoint", "signature", true, "checkpoint of '%s' at size %llu", kname,
	      (unsigned long long)cp.size);
	if (vjson_parse(&proofs, pm->data.ptr, pm->data.len, "log/proofs.json") < 0 ||
	    !json_is_array(json_object_get(proofs, "proofs")) ||
	    json_array_size(json_object_get(proofs, "proofs")) > BUNDLE_MAX_PROOFS) {
		check(r, "log/proofs.json", "parse", false, "%s",
		      proofs ? "no \"proofs\" list of at most " BUNDLE_MAX_PROOFS_TEXT : err_msg());
		goto done;
	}
	doc = xmalloc(sizeof(*doc));
	json_array_foreach(json_object_get(proofs, "proofs"), i, e)
	{
		const char *member = vjson_str(e, "member"), *art = vjson_str(e, "artifact");
		const char *leafhex = vjson_str(e, "leaf");
		const char *subject = member ? member : art;
		struct merkle_hash leaf;
		char *text = json_dumps(json_object_get(e, "proof"), JSON_COMPACT);
		struct buf label = BUF_INIT;

		buf_addf(&label, "log/proofs.json[%zu]", i);
		if (!subject || !leafhex || hex_decode(leaf.b, 32, leafhex, strlen(leafhex)) < 0 ||
		    !text || proofdoc_parse(doc, text, strlen(text), label.ptr) < 0 ||
		    !doc->inclusion) {
			check(r, label.ptr, "inclusion", false, "%s",
			      text ? err_msg() : "not a proof of a member or artefact");
		} else if (doc->size != cp.size || !doc->has_root ||
		           sodium_memcmp(doc->root.b, cp.root, 32)) {
			check(r, subject, "inclusion", false,
			      "the proof is not against the signed checkpoint");
		} else if (merkle_verify_inclusion(doc->index, doc->size, &leaf, doc->path.h,
		                                   doc->path.n, cp.root, 32) < 0) {
			check(r, subject, "inclusion", false, "%s", err_msg());
		} else {
			/* the proven leaf must be what the bundle or the release holds */
			const struct bundle_member *m =
			        member ? bundle_archive_get(ar, member) : NULL;
			struct merkle_hash mine;
			bool have = false;

			if (m) {
				merkle_leaf_hash(&mine, m->data.ptr, m->data.len);
				have = true;
			} else if (art && o->artifacts) {
				have = artifact_leaf(&mine, &cache, sums, o->artifacts, art) == 0;
			}
			if (member && !m)
				check(r, member, "inclusion", false,
				      "the proof names a member the bundle lacks");
			else if (have && sodium_memcmp(mine.b, leaf.b, 32))
				check(r, member ? member : label.ptr, "inclusion", false,
				      "entry %llu of the log is not these bytes",
				      (unsigned long long)doc->index);
			else
				check(r, member ? member : art, "inclusion", true,
				      "entry %llu of the log%s", (unsigned long long)doc->index,
				      have ? "" : " (artefact not checked: no --artifacts)");
		}
		free(text);
		buf_release(&label);
	}
done:
	free(cache.byname);
	free(cache.leaf);
	free(cache.state);
	free(doc);
	if (proofs)
		json_decref(proofs);
	free(kname);
	checkpoint_release(&cp);
	note_release(&n);
}

/* Whether the bundle's own scan listed id (as an id or an alias). */
static bool scanned_before(const json_t *scan, const struct finding *f)
{
	const json_t *e, *a;
	size_t i, k;

	json_array_foreach(json_object_get(scan, "findings"), i, e)
	{
		const char *id = vjson_str(e, "id");

		if (id && finding_has_id(f, id))
			return true;
		json_array_foreach(json_object_get(e, "aliases"), k,
		                   a) if (json_is_string(a) &&
		                          finding_has_id(f, json_string_value(a))) return true;
	}
	return false;
}

static void rescan(struct bundle_result *r, const struct bundle_archive *ar, struct vulndb *db)
{
	const struct bundle_member *sbom = bundle_archive_get(ar, "sbom.cdx.json");
	const struct bundle_member *old = bundle_archive_get(ar, "scan.json");
	struct inventory inv = INVENTORY_INIT;
	struct scan sc = SCAN_INIT;
	json_t *prev = NULL;

	if (!sbom) {
		check(r, "sbom.cdx.json", "rescan", false, "no SBOM to rescan");
		return;
	}
	if (old && vjson_parse(&prev, old->data.ptr, old->data.len, "scan.json") < 0)
		prev = NULL;
	inv.bom_occurrences = true;
	if (!extractor_find("cyclonedx") ||
	    inventory_read_as(&inv, extractor_find("cyclonedx"), "sbom.cdx.json", "sbom.cdx.json",
	                      sbom->data.ptr, sbom->data.len, NULL) < 0 ||
	    inv.nerrors) {
		check(r, "sbom.cdx.json", "rescan", false, "the SBOM could not be read");
		goto done;
	}
	inventory_sort(&inv);
	scan_add_inventory(&sc, &inv);
	if (scan_run(&sc, db) < 0) {
		check(r, "sbom.cdx.json", "rescan", false, "%s", err_msg());
		goto done;
	}
	r->rescanned = true;
	for (size_t i = 0; i < sc.nfindings; i++) {
		const struct finding *f = &sc.findings[i];
		struct bundle_newvuln *v;

		if (prev && scanned_before(prev, f))
			continue;
		r->newvulns = xreallocarray(r->newvulns, r->nnewvulns + 1, sizeof(*r->newvulns));
		v = &r->newvulns[r->nnewvulns++];
		v->id = xstrdup(f->id);
		v->purl = xstrdup(sc.pkgs[f->pkg].purl ? sc.pkgs[f->pkg].purl : "");
		v->severity = xstrdup(cvss_severity_name(f->level));
	}
	check(r, "sbom.cdx.json", "rescan", true, "%zu vulnerabilit%s not in the bundle's scan",
	      r->nnewvulns, r->nnewvulns == 1 ? "y" : "ies");
done:
	if (prev)
		json_decref(prev);
	scan_release(&sc);
	inventory_release(&inv);
}

int bundle_verify(struct bundle_result *out, const char *path, const void *data, size_t len,
                  const struct minisign_pubkey *pk, const struct bundle_verify_opts *o)
{
	static const struct bundle_verify_opts none = { 0 };
	struct bundle_archive ar = BUNDLE_ARCHIVE_INIT;
	struct buf file = BUF_INIT;
	struct sums sums = SUMS_INIT;
	const struct bundle_member *man;
	json_t *mj = NULL;
	int r;

	if (!o)
		o = &none;
	if (path) {
		if ((r = bundle_read_file(&file, path)) < 0)
			goto done;
		data = file.ptr;
		len = file.len;
	}
	if ((r = bundle_tar_read(&ar, data, len)) < 0)
		goto done;
	if (ar.damage)
		check(out, "bundle", "archive", false, "%s", ar.damage);
	for (size_t i = 0; i < ar.n; i++)
		if (ar.v[i].problem)
			check(out, ar.v[i].path, ar.v[i].check, false, "%s", ar.v[i].problem);
	if (!(man = bundle_archive_get(&ar, BUNDLE_MANIFEST))) {
		check(out, BUNDLE_MANIFEST, "present", false, "the bundle has no manifest");
	} else {
		out->manifest_verified = check_minisig(out, &ar, BUNDLE_MANIFEST,
		                                       BUNDLE_MANIFEST_SIG, pk, o->minisign_flags);
		if (vjson_parse(&mj, man->data.ptr, man->data.len, BUNDLE_MANIFEST) < 0 ||
		    !json_is_object(mj))
			check(out, BUNDLE_MANIFEST, "parse", false, "%s",
			      mj ? "not a JSON object" : err_msg());
		else
			check_manifest(out, &ar, mj);
	}
	if (bundle_archive_get(&ar, "assessment.html"))
		check_minisig(out, &ar, "assessment.html", "assessment.html.minisig", pk,
		              o->minisign_flags);
	check_sums(out, &ar, pk, o, &sums);
	check_provenance(out, &ar, pk, o, &sums);
	check_log(out, &ar, o, &sums);
	if (o->db)
		rescan(out, &ar, o->db);
	r = 0;
done:
	if (mj)
		json_decref(mj);
	sums_release(&sums);
	bundle_archive_release(&ar);
	buf_release(&file);
	return r;
}
