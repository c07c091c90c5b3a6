/*
 * engine.c: the collectors, declared claims and their precedence
 * (docs/internals/assess.md).
 */
#include "util/compat.h"
#include "core/assess/assess.h"
#include "core/integrity/minisign.h"
#include "core/integrity/note.h"
#include "core/integrity/tlog.h"
#include "core/inventory/inventory.h"
#include "core/match/scan.h"
#include "core/match/vex.h"
#include "core/vulndb/db.h"
#include "util/alloc.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/json.h"

#include <dirent.h>
#include <sys/stat.h>

#include "core/disclose/securitytxt.h"
#include "core/formats/junit.h"

static const char *const status_names[] = { "unknown", "met", "not_met", "not_applicable" };

const char *assess_status_name(enum assess_status s)
{
	return status_names[s];
}

int assess_status_parse(enum assess_status *out, const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(status_names); i++)
		if (!strcmp(s, status_names[i])) {
			*out = (enum assess_status)i;
			return 0;
		}
	return ERR_PARSE;
}

/* "YYYY-MM-DD..." */
static bool parse_ymd(const char *s, int *y, int *m, int *d)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

static struct assess_result *res(struct assessment *a, const char *id)
{
	for (size_t i = 0; i < COP_NCLAIMS; i++)
		if (!strcmp(a->claims[i].claim->id, id))
			return &a->claims[i];
	return NULL;
}

static void set(struct assess_result *r, enum assess_status st, const char *fmt, ...)
        VOUCH_PRINTF(3, 4);
static void set(struct assess_result *r, enum assess_status st, const char *fmt, ...)
{
	va_list ap;

	r->status = st;
	r->source = "automated";
	if (r->argument.len)
		buf_adds(&r->argument, " ");
	va_start(ap, fmt);
	buf_vaddf(&r->argument, fmt, ap);
	va_end(ap);
}

static void gap(struct assess_result *r, const char *fmt, ...) VOUCH_PRINTF(2, 3);
static void gap(struct assess_result *r, const char *fmt, ...)
{
	va_list ap;

	if (r->gap.len)
		buf_adds(&r->gap, " ");
	va_start(ap, fmt);
	buf_vaddf(&r->gap, fmt, ap);
	va_end(ap);
}

static void warn(struct assessment *a, const char *fmt, ...) VOUCH_PRINTF(2, 3);
static void warn(struct assessment *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&a->warnings, fmt, ap);
	va_end(ap);
	buf_addch(&a->warnings, '\n');
}

/* Adds an evidence item; a regular file is hashed. Returns false when path is not there. */
static bool ev_path(struct assess_result *r, const char *path, const char *collector)
{
	struct assess_evidence *e;
	struct stat st;
	uint8_t h[SHA256_LEN];

	if (stat(path, &st) < 0)
		return false;
	r->evidence = xreallocarray(r->evidence, r->nevidence + 1, sizeof(*r->evidence));
	e = &r->evidence[r->nevidence++];
	memset(e, 0, sizeof(*e));
	e->path = xstrdup(path);
	e->collector = collector;
	if (S_ISREG(st.st_mode) && hash_sha256_file(h, path) == 0)
		hex_encode(e->sha256, h, SHA256_LEN);
	return true;
}

static void ev_uri(struct assess_result *r, const char *uri, const char *collector)
{
	struct assess_evidence *e;

	r->evidence = xreallocarray(r->evidence, r->nevidence + 1, sizeof(*r->evidence));
	e = &r->evidence[r->nevidence++];
	memset(e, 0, sizeof(*e));
	e->uri = xstrdup(uri);
	e->collector = collector;
}

static char *join(const char *dir, const char *name)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s/%s", dir, name);
	return buf_detach(&b, NULL);
}

/*
 * The .git of the work tree holding path: path itself or any folder above it
 * (a product is often a subfolder of its repository; a linked work tree has a
 * .git file, not a folder). NULL when there is none.
 */
static char *find_git(const char *path)
{
	char *dir = realpath(path, NULL);

	while (dir) {
		char *git = join(dir, ".git");
		char *slash;

		if (fs_exists(git)) {
			free(dir);
			return git;
		}
		free(git);
		slash = strrchr(dir, '/');
		if (!slash || slash == dir) {
			free(dir);
			return NULL;
		}
		*slash = '\0';
	}
	return NULL;
}

/* ---- 1.1.4, 1.2.1, 1.2.2: the inventory ---- */

static void collect_inventory(struct assessment *a, const char *path, struct inventory *inv)
{
	struct assess_result *vc = res(a, "1.1.4"), *sb = res(a, "1.2.1"), *ig = res(a, "1.2.2");
	const char *col = "inventory";
	char *git = find_git(path);
	size_t n = 0, hashed = 0;
	struct buf missing = BUF_INIT;

	if (inventory_scan(inv, path, NULL) < 0) {
		warn(a, "%s", err_msg());
		a->partial = true;
		set(sb, ST_UNKNOWN, "The product folder '%s' could not be read.", path);
		gap(sb, "Fix the path of the [[product]] in vouch.toml.");
		free(git);
		return;
	}
	inventory_sort(inv);
	for (size_t i = 0; i < inv->nfiles && i < ASSESS_MAX_LIST; i++) {
		ev_path(vc, inv->files[i].path, col);
		ev_path(sb, inv->files[i].path, col);
	}
	if (git && inv->nfiles) {
		ev_path(vc, git, "version-control");
		set(vc, ST_MET,
		    "The product is under git version control and its dependencies are pinned by "
		    "%zu lockfile or manifest file(s).",
		    inv->nfiles);
	} else if (!inv->nfiles) {
		set(vc, ST_NOT_MET, "No dependency lockfile or manifest was found under '%s'.",
		    path);
		gap(vc, "Commit the lockfile of every package manager the product uses.");
	} else {
		set(vc, ST_NOT_MET, "'%s' is not in a git work tree (no .git in it or above it).",
		    path);
		gap(vc, "Keep the product's source, build files and lockfiles in version control.");
	}
	if (!inv->nfiles) {
		set(sb, ST_NOT_MET, "No lockfile or manifest was found, so no SBOM can be built.");
		gap(sb, "Add lockfiles for every package manager; run `vouch sbom` to check.");
	} else if (inv->nerrors) {
		size_t shown = 0;

		set(sb, ST_NOT_MET,
		    "%zu of the inputs could not be read in full, so the inventory is incomplete:",
		    inv->nerrors);
		for (size_t i = 0; i < inv->ndiags && shown < 5; i++)
			if (inv->diags[i].level == INV_ERROR) {
				buf_addf(&sb->argument, "%s %s: %s", shown++ ? ";" : "",
				         inv->diags[i].path, inv->diags[i].msg);
			}
		buf_adds(&sb->argument, ".");
		gap(sb, "Fix or remove the unreadable inputs named above.");
	} else {
		set(sb, ST_MET,
		    "The inventory read %zu file(s) with no error and lists %zu package(s); "
		    "`vouch sbom` exports it as CycloneDX or SPDX.",
		    inv->nfiles, inv->npkgs);
	}
	for (size_t i = 0; i < inv->npkgs; i++) {
		const struct pkg *p = inv->pkgs[i];

		if (p->flags & (PKG_ROOT | PKG_LOCAL))
			continue;
		n++;
		if (p->nhashes)
			hashed++;
		else if (n - hashed <= 10)
			buf_addf(&missing, "%s%s", n - hashed > 1 ? ", " : "", p->purl);
	}
	for (size_t i = 0; i < sb->nevidence; i++)
		ev_path(ig, sb->evidence[i].path, col);
	if (!n) {
		set(ig, ST_UNKNOWN, "No third-party package was found to check.");
		gap(ig, "Add the lockfiles that pin the product's dependencies.");
	} else if (hashed == n) {
		set(ig, ST_MET, "All %zu third-party packages are pinned with an integrity hash.",
		    n);
	} else {
		set(ig, ST_NOT_MET,
		    "%zu of %zu third-party packages (%.0f%%) are pinned with an integrity hash; "
		    "without one: %s%s.",
		    hashed, n, 100.0 * (double)hashed / (double)n, missing.ptr,
		    n - hashed > 10 ? " and more" : "");
		gap(ig, "Use lockfiles that record hashes (package-lock.json, Cargo.lock, "
		        "pip --require-hashes, go.sum) for every dependency.");
	}
	buf_release(&missing);
	free(git);
}

/* ---- 1.3.2: test results ---- */

static void collect_tests(struct assessment *a)
{
	struct assess_result *r = res(a, "1.3.2");
	const struct assess_config *c = a->cfg;
	size_t found = 0;

	if (!c->njunit) {
		set(r, ST_NOT_MET, "No test results are configured.");
		gap(r, "Have CI write JUnit XML and list the files in [evidence] junit = [...] in "
		       "vouch.toml.");
		return;
	}
	for (size_t i = 0; i < c->njunit; i++) {
		if (ev_path(r, c->junit[i], "junit"))
			found++;
		else
			gap(r, "The test results '%s' are missing.", c->junit[i]);
	}
	if (found < c->njunit) {
		set(r, ST_NOT_MET, "%zu of %zu configured test result files are missing.",
		    c->njunit - found, c->njunit);
		return;
	}
	{
		struct junit_result jr;
		bool bad = false;

		memset(&jr, 0, sizeof(jr));
		for (size_t i = 0; i < c->njunit; i++) {
			struct buf b = BUF_INIT;

			if (buf_read_file(&b, c->junit[i]) < 0 ||
			    junit_read(&jr, b.ptr, b.len, c->junit[i]) < 0) {
				warn(a, "%s", err_msg());
				a->partial = bad = true;
			}
			buf_release(&b);
		}
		if (bad) {
			set(r, ST_UNKNOWN, "Some test results could not be read.");
			gap(r, "Fix the unreadable JUnit XML files named in the warnings.");
		} else if (!jr.tests) {
			set(r, ST_NOT_MET, "The test results contain no test.");
			gap(r, "Point [evidence] junit at the results of the real test suite.");
		} else if (jr.failures || jr.errors) {
			set(r, ST_NOT_MET, "%zu tests ran, %zu failed and %zu errored", jr.tests,
			    jr.failures, jr.errors);
			for (size_t i = 0; i < jr.nfailed && i < 10; i++)
				buf_addf(&r->argument, "%s %s", i ? "," : ":", jr.failed[i]);
			buf_adds(&r->argument, ".");
			gap(r,
			    "Fix the failing tests, or record why they are accepted, and re-run.");
		} else {
			set(r, ST_MET, "%zu automated tests ran with no failure (%zu skipped).",
			    jr.tests, jr.skipped);
		}
		junit_release(&jr);
	}
}

/* ---- 2.2.1-2.2.4: the build-environment log ---- */

static int verify_checkpoint(struct checkpoint *cp, struct tlog *log,
                             const struct tlog_checkpoint *c, const uint8_t *trusted)
{
	struct note n = NOTE_INIT;
	char *kname = NULL;
	uint32_t kid;
	uint8_t pk[32];
	struct merkle_hash root;
	int r;

	if ((r = note_parse(&n, c->note.ptr, c->note.len, "checkpoint")) < 0 ||
	    (r = checkpoint_parse(cp, n.text, n.textlen, "checkpoint")) < 0 ||
	    (r = note_vkey_parse(&kname, &kid, pk, c->vkey.ptr, c->vkey.len)) < 0 ||
	    (r = note_verify_ed25519(&n, kname, trusted ? trusted : pk)) < 0)
		goto done;
	if (cp->size > log->size)
		r = err_set(ERR_VERIFY, "checkpoint size %" PRIu64 " exceeds the log", cp->size);
	else if ((r = tlog_root(&root, log, cp->size)) == 0 && memcmp(root.b, cp->root, 32))
		r = err_set(ERR_VERIFY, "checkpoint root is not the log's");
done:
	note_release(&n);
	free(kname);
	return r;
}

static void collect_log(struct assessment *a)
{
	struct assess_result *r1 = res(a, "2.2.1"), *r2 = res(a, "2.2.2"), *r3 = res(a, "2.2.3"),
	                     *r4 = res(a, "2.2.4");
	struct assess_result *all[] = { r1, r2, r3, r4 };
	const struct assess_config *c = a->cfg;
	struct tlog log = TLOG_INIT;
	struct tlog_checkpoints cps = TLOG_CHECKPOINTS_INIT;
	struct minisign_pubkey pub;
	bool have_pub = false, tree_ok;
	uint64_t bad;

	if (!c->log_dir || tlog_open(&log, c->log_dir, 0) < 0) {
		for (size_t i = 0; i < 4; i++) {
			set(all[i], ST_NOT_MET, "No build-environment log %s%s%s.",
			    c->log_dir ? "at '" : "is configured", c->log_dir ? c->log_dir : "",
			    c->log_dir ? "' could be opened" : "");
			gap(all[i],
			    "Record build-environment changes with `vouch env diff --log DIR` or "
			    "`vouch log append`, sign checkpoints with `vouch log checkpoint`, and "
			    "set "
			    "[evidence] log = \"DIR\".");
		}
		goto done;
	}
	for (size_t i = 0; i < 4; i++)
		ev_path(all[i], c->log_dir, "tlog");
	if (log.size)
		set(r1, ST_MET, "The build-environment log holds %" PRIu64 " entries.", log.size);
	else {
		set(r1, ST_NOT_MET, "The build-environment log is empty.");
		gap(r1, "Append each build-environment change (`vouch env diff --log`).");
	}
	tree_ok = tlog_verify_tree(&bad, &log) == 0;
	if (tree_ok && log.size)
		set(r3, ST_MET,
		    "Every one of the %" PRIu64 " entries re-hashes to the stored Merkle tree, so "
		    "the log can be audited in full; it is append-only, so nothing is dropped.",
		    log.size);
	else if (!tree_ok) {
		set(r3, ST_NOT_MET, "The log does not verify: %s.", err_msg());
		gap(r3,
		    "Investigate the tampering or corruption; `vouch log verify` gives details.");
	} else {
		set(r3, ST_NOT_MET, "The log is empty, so there is nothing to audit.");
		gap(r3, "Append build-environment changes to the log.");
	}
	if (c->public_key && minisign_pubkey_load(&pub, c->public_key) == 0) {
		have_pub = true;
		ev_path(r2, c->public_key, "minisign");
		ev_path(r4, c->public_key, "minisign");
	} else if (c->public_key) {
		warn(a, "%s", err_msg());
		a->partial = true;
	}
	if (tlog_checkpoints_load(&cps, &log) < 0 || !cps.n) {
		const char *why = cps.n ? err_msg() : "the log has no signed checkpoint";

		set(r2, ST_NOT_MET, "No signed checkpoint shows who approved the log's state: %s.",
		    why);
		gap(r2, "Sign a checkpoint with the maintainers' key: `vouch log checkpoint`.");
		set(r4, ST_NOT_MET, "The log's state is not protected by a signature: %s.", why);
		gap(r4, "Sign a checkpoint after each append: `vouch log checkpoint`.");
	} else {
		struct checkpoint cp;
		const struct tlog_checkpoint *last = &cps.v[cps.n - 1];

		memset(&cp, 0, sizeof(cp));
		if (!have_pub) {
			set(r2, ST_NOT_MET,
			    "The log has signed checkpoints, but no trusted public key is "
			    "configured to "
			    "say whose signature they carry.");
			gap(r2,
			    "Set [evidence] public_key to the maintainers' minisign public key.");
		}
		if (verify_checkpoint(&cp, &log, last, have_pub ? pub.pk : NULL) < 0) {
			set(r4, ST_NOT_MET,
			    "The latest checkpoint (%" PRIu64 ") does not verify: %s.", last->seq,
			    err_msg());
			gap(r4, "Find out why; sign a new checkpoint with the trusted key.");
			if (have_pub) {
				set(r2, ST_NOT_MET,
				    "The latest checkpoint is not signed by the trusted key.");
				gap(r2, "Only the authorised key may sign checkpoints.");
			}
		} else {
			if (have_pub)
				set(r2, ST_MET,
				    "The latest checkpoint is signed by the configured "
				    "maintainers' key, "
				    "so the log's state was approved by its holder.");
			if (!tree_ok)
				set(r4, ST_NOT_MET,
				    "The checkpoint verifies, but the tree does not.");
			else if (cp.size < log.size) {
				set(r4, ST_NOT_MET,
				    "The latest checkpoint covers %" PRIu64 " of %" PRIu64
				    " entries; the rest are not yet protected by a signature.",
				    cp.size, log.size);
				gap(r4, "Sign a new checkpoint: `vouch log checkpoint`.");
			} else
				set(r4, ST_MET,
				    "The log is a hash-chained Merkle tree and its latest signed "
				    "checkpoint (%" PRIu64 ") covers all %" PRIu64 " entries.",
				    last->seq, log.size);
		}
		checkpoint_release(&cp);
	}
done:
	tlog_checkpoints_release(&cps);
	tlog_release(&log);
}

/* ---- 3.1.1: signed release artefacts ---- */

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void collect_releases(struct assessment *a)
{
	struct assess_result *r = res(a, "3.1.1");
	const struct assess_config *c = a->cfg;
	struct minisign_pubkey pub;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, good = 0;
	struct buf bad = BUF_INIT;

	if (!c->releases_dir || !(d = opendir(c->releases_dir))) {
		set(r, ST_NOT_MET, "No release folder %s.",
		    c->releases_dir ? "could be read" : "is configured");
		gap(r, "Sign every release artefact (`vouch sign`) and set [evidence] releases to "
		       "the folder and public_key to the public key.");
		return;
	}
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (de->d_name[0] == '.' || (l > 8 && !strcmp(de->d_name + l - 8, ".minisig")))
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	if (!c->public_key || minisign_pubkey_load(&pub, c->public_key) < 0) {
		set(r, ST_NOT_MET, "No public key is configured to verify the release signatures.");
		gap(r, "Set [evidence] public_key to the release signing public key.");
		goto done;
	}
	ev_path(r, c->public_key, "minisign");
	for (size_t i = 0; i < n; i++) {
		char *f = join(c->releases_dir, names[i]);
		struct minisign_sig sig = MINISIGN_SIG_INIT;
		struct buf sp = BUF_INIT;

		buf_addf(&sp, "%s.minisig", f);
		ev_path(r, f, "minisign");
		if (minisign_sig_load(&sig, sp.ptr) == 0 &&
		    minisign_sig_verify_file(&sig, &pub, f) == 0) {
			good++;
			ev_path(r, sp.ptr, "minisign");
		} else if (good + 10 > i)
			buf_addf(&bad, "%s%s", bad.len ? ", " : "", names[i]);
		minisign_sig_release(&sig);
		buf_release(&sp);
		free(f);
	}
	if (!n) {
		set(r, ST_NOT_MET, "The release folder '%s' is empty.", c->releases_dir);
		gap(r, "Put the released artefacts and their signatures there.");
	} else if (good == n) {
		set(r, ST_MET,
		    "All %zu release artefacts carry a minisign signature that verifies with the "
		    "published key, so customers can check what they receive.",
		    n);
	} else {
		set(r, ST_NOT_MET, "%zu of %zu release artefacts have no valid signature: %s.",
		    n - good, n, bad.ptr);
		gap(r,
		    "Sign them with `vouch sign --secret KEY FILE...` and publish the .minisig.");
	}
done:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	buf_release(&bad);
}

/* ---- 3.2.1, 3.2.2: security.txt ---- */

static void collect_disclosure(struct assessment *a, const char *product_path)
{
	struct assess_result *p = res(a, "3.2.1"), *q = res(a, "3.2.2");
	const struct assess_config *c = a->cfg;
	char *path = c->security_txt ? xstrdup(c->security_txt)
	                             : join(product_path, ".well-known/security.txt");

	if (c->policy_url)
		ev_uri(p, c->policy_url, "vouch.toml");
	if (!fs_exists(path)) {
		set(p, ST_NOT_MET, "No security.txt was found at '%s'.", path);
		gap(p, "Publish /.well-known/security.txt (RFC 9116) with Contact, Expires and "
		       "Policy, "
		       "and set [disclosure] security_txt to its copy in the product.");
		set(q, ST_NOT_MET, "No security.txt names a confidential reporting channel.");
		gap(q,
		    "Add Contact (an https form or mailto) and Encryption fields to security.txt.");
		goto done;
	}
	ev_path(p, path, "securitytxt");
	ev_path(q, path, "securitytxt");
	{
		struct securitytxt s;
		struct buf b = BUF_INIT;
		memset(&s, 0, sizeof(s));
		if (buf_read_file(&b, path) < 0 ||
		    securitytxt_parse(&s, b.ptr, b.len, path, a->now) < 0) {
			warn(a, "%s", err_msg());
			a->partial = true;
			set(p, ST_UNKNOWN, "The security.txt could not be read.");
			gap(p, "Fix the file named in the warnings.");
			set(q, ST_UNKNOWN, "The security.txt could not be read.");
			gap(q, "Fix the file named in the warnings.");
			buf_release(&b);
			securitytxt_release(&s);
			goto done;
		}
		if (!securitytxt_valid(&s)) {
			const char *why = "";

			for (size_t i = 0; i < s.nproblems; i++)
				if (s.problems[i].error) {
					why = s.problems[i].msg;
					break;
				}
			set(p, ST_NOT_MET, "The security.txt is not valid under RFC 9116: %s.",
			    why);
			gap(p,
			    "Fix security.txt (required: Contact, and an Expires in the future).");
			set(q, ST_NOT_MET,
			    "The security.txt is not valid, so its channel is unreliable.");
			gap(q, "Fix security.txt first.");
		} else {
			if (s.npolicy || c->policy_url) {
				set(p, ST_MET,
				    "A valid security.txt gives %zu contact(s) and links the "
				    "disclosure "
				    "policy (%s).",
				    s.ncontact, s.npolicy ? s.policy[0] : c->policy_url);
				for (size_t i = 0; i < s.npolicy; i++)
					ev_uri(p, s.policy[i], "securitytxt");
			} else {
				set(p, ST_NOT_MET,
				    "The security.txt is valid but links no policy.");
				gap(p, "Add a Policy: field pointing at the published disclosure "
				       "policy.");
			}
			if (securitytxt_confidential(&s)) {
				set(q, ST_MET, "Reporters have a confidential channel: %s.",
				    s.nencryption ? "an encryption key is published"
				                  : "an https contact form");
				for (size_t i = 0; i < s.nencryption; i++)
					ev_uri(q, s.encryption[i], "securitytxt");
			} else {
				set(q, ST_NOT_MET,
				    "The security.txt offers no encryption key and no https "
				    "contact.");
				gap(q, "Add an Encryption: field or an https:// Contact form.");
			}
		}
		buf_release(&b);
		securitytxt_release(&s);
	}
done:
	free(path);
}

/* ---- 3.3.1, 3.3.2: the vulnerability database and the scan ---- */

static void collect_vulns(struct assessment *a, const char *dbpath, const struct inventory *inv)
{
	struct assess_result *k = res(a, "3.3.1"), *m = res(a, "3.3.2");
	const struct assess_config *c = a->cfg;
	struct vulndb *db = NULL;
	struct vulndb_stats st;
	struct scan sc = SCAN_INIT;
	struct vex vex = VEX_INIT;
	size_t open = 0;
	struct buf list = BUF_INIT;
	int y, mo, d;

	memset(&st, 0, sizeof(st));
	a->db_age_days = -1;
	if (!dbpath || vulndb_open(&db, dbpath, VULNDB_READONLY | VULNDB_ADVISORIES) < 0 ||
	    vulndb_stats(&st, db) < 0) {
		/* a database without advisories is refused too: matching against it proves nothing */
		set(k, ST_NOT_MET, "No vulnerability database could be used%s%s%s.",
		    dbpath ? " (" : "", dbpath ? err_msg() : "", dbpath ? ")" : "");
		gap(k, "Run `vouch db update` (or `vouch db import`) regularly and pass --db.");
		set(m, ST_UNKNOWN, "Without a vulnerability database nothing could be matched.");
		gap(m, "Provide a current database so the components can be scanned.");
		goto done;
	}
	ev_path(k, dbpath, "vulndb");
	if (st.updated && strlen(st.updated) >= 10 && parse_ymd(st.updated, &y, &mo, &d))
		a->db_age_days = a->now / 86400 - assess_days(y, mo, d);
	if (a->db_age_days < 0) {
		set(k, ST_UNKNOWN, "The database does not say when it was last updated.");
		gap(k, "Run `vouch db update`.");
	} else if (a->db_age_days > ASSESS_DB_MAX_AGE_DAYS) {
		set(k, ST_NOT_MET,
		    "The vulnerability database (%zu advisories) was last updated %" PRId64
		    " days ago, more than %d.",
		    st.advisories, a->db_age_days, ASSESS_DB_MAX_AGE_DAYS);
		gap(k, "Update it at least weekly (`vouch db update`).");
	} else if (!inv->npkgs) {
		set(k, ST_NOT_MET, "The database is current but there are no components to match.");
		gap(k, "Add lockfiles so the components can be matched.");
	} else {
		set(k, ST_MET,
		    "The %zu components were matched against a database of %zu advisories updated "
		    "%" PRId64 " day(s) ago.",
		    inv->npkgs, st.advisories, a->db_age_days);
	}
	if (scan_add_inventory(&sc, inv) < 0 || scan_run(&sc, db) < 0) {
		warn(a, "%s", err_msg());
		set(m, ST_UNKNOWN, "The scan could not run.");
		gap(m, "See the warnings.");
		goto done;
	}
	for (size_t i = 0; i < c->nvex; i++) {
		if (vex_load(&vex, c->vex[i]) < 0) {
			warn(a, "%s", err_msg());
			a->partial = true;
		} else
			ev_path(m, c->vex[i], "vex");
	}
	scan_apply_vex(&sc, &vex);
	for (size_t i = 0; i < sc.nfindings; i++) {
		const struct finding *f = &sc.findings[i];

		if (f->vex != VEX_NONE)
			continue;
		if (open++ < 10)
			buf_addf(&list, "%s%s in %s %s", open > 1 ? ", " : "", f->id,
			         sc.pkgs[f->pkg].name, sc.pkgs[f->pkg].version);
	}
	if (!sc.nfindings && (sc.nerrors || !sc.npkgs)) {
		/* components not checked are not clean: no finding proves nothing about them */
		const char *why = "no component could be matched against the database";

		for (size_t i = 0; i < sc.nnotes; i++) {
			if (sc.notes[i].error) {
				why = sc.notes[i].msg;
				break;
			}
		}
		set(m, ST_UNKNOWN, "The scan found nothing but is incomplete: %s.", why);
		gap(m, "Cover every ecosystem of the components in the database and make each "
		       "component's version known.");
	} else if (!sc.nfindings)
		set(m, ST_MET, "The scan of %zu components found no known vulnerability.",
		    sc.npkgs);
	else if (!open)
		set(m, ST_MET,
		    "All %zu findings of the scan carry a VEX triage decision (status and "
		    "justification).",
		    sc.nfindings);
	else {
		set(m, ST_NOT_MET, "%zu of %zu findings are neither fixed nor triaged: %s%s.", open,
		    sc.nfindings, list.ptr, open > 10 ? " and more" : "");
		gap(m, "Upgrade the affected packages, or record a VEX statement for each "
		       "(OpenVEX) and "
		       "list the files in [evidence] vex.");
	}
done:
	buf_release(&list);
	vex_release(&vex);
	scan_release(&sc);
	vulndb_stats_release(&st);
	vulndb_close(db);
}

/* ---- 4.1.1, 4.2.1: the lifecycle ---- */

static void collect_lifecycle(struct assessment *a)
{
	struct assess_result *e = res(a, "4.1.1"), *n = res(a, "4.2.1");
	const struct assess_config *c = a->cfg;
	int64_t today = a->now / 86400;
	size_t total = 0, with_eos = 0, late = 0;
	struct buf noeos = BUF_INIT, bad = BUF_INIT, soon = BUF_INIT;

	for (size_t i = 0; i < c->nproducts; i++) {
		const struct assess_product *p = &c->products[i];

		for (size_t k = 0; k < p->nreleases; k++) {
			const struct assess_release *r = &p->releases[k];
			int64_t due;
			char dd[16], ed[16], nd[16];

			total++;
			if (r->notice_url)
				ev_uri(n, r->notice_url, "vouch.toml");
			if (r->end_of_support < 0) {
				buf_addf(&noeos, "%s%s %s", noeos.len ? ", " : "", p->name,
				         r->version);
				continue;
			}
			with_eos++;
			due = r->end_of_support - ASSESS_NOTICE_DAYS;
			assess_date_text(dd, due);
			assess_date_text(ed, r->end_of_support);
			if (r->notice_published >= 0 && r->notice_published <= due)
				continue;
			if (r->notice_published >= 0) {
				assess_date_text(nd, r->notice_published);
				late++;
				buf_addf(&bad,
				         "%s%s %s: notice published %s, only %" PRId64
				         " days before its end of support on %s; it was due by %s",
				         bad.len ? "; " : "", p->name, r->version, nd,
				         r->end_of_support - r->notice_published, ed, dd);
			} else if (today > due) {
				late++;
				buf_addf(&bad,
				         "%s%s %s: no notice recorded; end of support on %s, "
				         "notice was "
				         "due by %s",
				         bad.len ? "; " : "", p->name, r->version, ed, dd);
			} else if (due - today <= ASSESS_WARN_DAYS) {
				buf_addf(&soon,
				         "%s%s %s: notice due by %s (%" PRId64 " days from now)",
				         soon.len ? "; " : "", p->name, r->version, dd,
				         due - today);
			}
		}
	}
	if (c->file)
		ev_path(e, c->file, "vouch.toml"), ev_path(n, c->file, "vouch.toml");
	if (!total) {
		set(e, ST_NOT_MET, "No release is recorded in vouch.toml.");
		gap(e,
		    "Add a [[product.release]] with end_of_support for every supported release.");
		set(n, ST_UNKNOWN, "No release is recorded, so notice periods cannot be checked.");
		gap(n, "Record releases with end_of_support and notice_published dates.");
		goto done;
	}
	if (noeos.len) {
		set(e, ST_NOT_MET, "%zu of %zu releases have no end-of-support date: %s.",
		    total - with_eos, total, noeos.ptr);
		gap(e, "Publish and record end_of_support for each of them.");
	} else {
		set(e, ST_MET, "All %zu recorded releases have an end-of-support date.", total);
	}
	if (!with_eos) {
		set(n, ST_UNKNOWN,
		    "No release has an end-of-support date to check notice against.");
		gap(n, "Record end_of_support and notice_published for each release.");
	} else if (late) {
		set(n, ST_NOT_MET,
		    "%zu release(s) did not get 365 days' notice of end of support: %s.", late,
		    bad.ptr);
		gap(n, "Give customers at least a year's notice before each end of support; record "
		       "notice_published and notice_url.");
	} else {
		set(n, ST_MET,
		    "Every release with an end-of-support date had, or still has time for, at "
		    "least "
		    "365 days' notice.");
	}
	if (soon.len)
		buf_addf(&n->argument, " Warning: %s.", soon.ptr);
done:
	buf_release(&noeos);
	buf_release(&bad);
	buf_release(&soon);
}

/* ---- declared claims, roles, principles ---- */

static bool applicable(const struct assess_config *c, const char *id, struct buf *why)
{
	int theme = cop_theme_of(id);

	if (c->role == ROLE_RESELLER && theme <= 2) {
		buf_addf(why,
		         "A reseller is in scope of themes 3 and 4 only (role in vouch.toml).");
		return false;
	}
	if (c->role == ROLE_DEVELOPER && theme == 4) {
		buf_addf(why, "A developer that does not distribute is in scope of themes 1 and 2, "
		              "and theme 3 where declared (role in vouch.toml).");
		return false;
	}
	if (c->role == ROLE_DEVELOPER && theme == 3 && !c->theme3[id[2] - '0']) {
		buf_addf(why,
		         "Principle %.3s is not listed in [organisation] theme3_in_scope for this "
		         "developer.",
		         id);
		return false;
	}
	return true;
}

static void combine_declared(struct assessment *a, struct assess_result *r,
                             const struct assess_declared *d)
{
	int64_t today = a->now / 86400;
	enum assess_status auto_st = r->status;
	bool automated = r->source != NULL;
	size_t missing = 0;
	struct buf problems = BUF_INIT;
	char rd[16];

	r->declared = true;
	for (size_t i = 0; i < d->nevidence; i++) {
		char *p = d->evidence[i][0] == '/' ? xstrdup(d->evidence[i])
		                                   : join(a->cfg->base, d->evidence[i]);

		if (!ev_path(r, p, "declared")) {
			missing++;
			buf_addf(&problems, "%sthe evidence file '%s' is missing",
			         problems.len ? "; " : "", d->evidence[i]);
		}
		free(p);
	}
	if (a->cfg->file)
		ev_path(r, a->cfg->file, "declared");
	if (d->reviewed < 0)
		buf_addf(&problems, "%sno reviewed date is recorded", problems.len ? "; " : "");
	else if (today - d->reviewed > ASSESS_REVIEW_MAX_DAYS) {
		assess_date_text(rd, d->reviewed);
		buf_addf(&problems,
		         "%sthe declaration was last reviewed on %s, more than a year ago",
		         problems.len ? "; " : "", rd);
	}
	if (d->status == ST_MET && !d->nevidence)
		buf_addf(&problems, "%sno evidence file is attached", problems.len ? "; " : "");

	if (automated && auto_st == ST_NOT_MET && d->status == ST_MET) {
		/* automated evidence against the declaration wins; both are shown */
		buf_addf(&r->argument,
		         " Declared met%s%s (\"%s\"), but the automated evidence "
		         "contradicts it.",
		         d->owner ? " by " : "", d->owner ? d->owner : "",
		         d->argument ? d->argument : "");
		r->source = "automated+declared";
		goto done;
	}
	if (automated && auto_st == ST_MET) {
		if (d->argument)
			buf_addf(&r->argument, " Declared: %s", d->argument);
		r->source = "automated+declared";
		goto done;
	}
	/* no usable automated result: the declaration decides, if it stands up */
	if (automated && r->argument.len)
		buf_adds(&r->argument, " ");
	buf_adds(&r->argument, d->argument ? d->argument : "(no argument given)");
	if (d->owner)
		buf_addf(&r->argument, " (owner: %s)", d->owner);
	r->source = automated ? "automated+declared" : "declared";
	buf_reset(&r->gap);
	if (d->status == ST_MET && problems.len) {
		r->status = ST_NOT_MET;
		gap(r, "Declared met, but %s. Attach current evidence and review the claim.",
		    problems.ptr);
	} else if (d->status == ST_NA) {
		r->status = ST_NA;
	} else {
		r->status = d->status;
		if (d->status == ST_NOT_MET)
			gap(r, "Declared not met: record what will close it and when.");
		else if (d->status == ST_UNKNOWN)
			gap(r, "Declared unknown: gather the evidence and declare the outcome.");
		else if (problems.len)
			gap(r, "%s.", problems.ptr);
	}
	(void)missing;
done:
	buf_release(&problems);
}

static void derive_principles(struct assessment *a)
{
	const struct cop_principle *ps = cop_principles();

	for (size_t i = 0; i < COP_NPRINCIPLES; i++) {
		size_t n = 0, met = 0, na = 0, notmet = 0;

		for (size_t k = 0; k < COP_NCLAIMS; k++) {
			const struct assess_result *r = &a->claims[k];

			if (strcmp(r->claim->principle, ps[i].id))
				continue;
			n++;
			met += r->status == ST_MET;
			na += r->status == ST_NA;
			notmet += r->status == ST_NOT_MET;
		}
		a->principles[i].principle = &ps[i];
		a->principles[i].status = na == n         ? ST_NA
		                          : met + na == n ? ST_MET
		                          : notmet        ? ST_NOT_MET
		                                          : ST_UNKNOWN;
	}
}

int assess_run(struct assessment *out, const struct assess_config *cfg,
               const struct assess_opts *opts)
{
	const struct cop_claim *cl = cop_claims();
	struct inventory inv = INVENTORY_INIT;
	const char *product = cfg->nproducts ? cfg->products[0].path : ".";
	const char *dbpath = opts->db ? opts->db : cfg->db;
	struct buf dflt = BUF_INIT;

	out->cfg = cfg;
	out->now = opts->now;
	epoch_rfc3339(out->generated, opts->now);
	buf_init(&out->warnings, BUF_MAX_DEFAULT);
	for (size_t i = 0; i < COP_NCLAIMS; i++) {
		out->claims[i].claim = &cl[i];
		buf_init(&out->claims[i].argument, BUF_MAX_DEFAULT);
		buf_init(&out->claims[i].gap, BUF_MAX_DEFAULT);
	}
	if (!dbpath && vulndb_default_path(&dflt) == 0 && fs_exists(dflt.ptr))
		dbpath = dflt.ptr;
	collect_inventory(out, product, &inv);
	collect_tests(out);
	collect_log(out);
	collect_releases(out);
	collect_disclosure(out, product);
	collect_vulns(out, dbpath, &inv);
	collect_lifecycle(out);
	for (size_t i = 0; i < cfg->nclaims; i++)
		combine_declared(out, res(out, cfg->claims[i].id), &cfg->claims[i]);
	for (size_t i = 0; i < COP_NCLAIMS; i++) {
		struct assess_result *r = &out->claims[i];
		struct buf why = BUF_INIT;

		if (!applicable(cfg, r->claim->id, &why)) {
			r->status = ST_NA;
			r->source = "role";
			buf_reset(&r->argument);
			buf_reset(&r->gap);
			buf_adds(&r->argument, why.ptr);
		} else if (!r->source) {
			r->status = ST_UNKNOWN;
			r->source = "none";
			buf_addf(&r->argument, "No evidence: vouch cannot observe this claim (%s).",
			         cop_class_name(r->claim->cls));
			gap(r,
			    "Declare it in vouch.toml as a [[claim]] with an argument, evidence "
			    "files "
			    "(%s), an owner and a reviewed date.",
			    r->claim->evidence);
		}
		buf_release(&why);
	}
	derive_principles(out);
	inventory_release(&inv);
	buf_release(&dflt);
	return 0;
}

int assess_compare(struct assessment *a, const char *previous_json)
{
	json_t *doc = NULL, *ps;
	size_t i, k;
	int r;

	if ((r = vjson_load_file(&doc, previous_json, 0)) < 0)
		return r;
	ps = json_object_get(doc, "principles");
	a->previous_file = xstrdup(previous_json);
	if (vjson_str(doc, "generated"))
		a->previous_time = xstrdup(vjson_str(doc, "generated"));
	for (i = 0; i < json_array_size(ps); i++) {
		json_t *cs = json_object_get(json_array_get(ps, i), "claims");

		for (k = 0; k < json_array_size(cs); k++) {
			json_t *c = json_array_get(cs, k);
			const char *id = vjson_str(c, "id"), *st = vjson_str(c, "status");
			enum assess_status s;
			struct assess_result *rr = id ? res(a, id) : NULL;

			if (rr && st && assess_status_parse(&s, st) == 0)
				rr->previous = assess_status_name(s);
		}
	}
	json_decref(doc);
	return 0;
}

void assess_counts(const struct assessment *a, size_t out[4])
{
	memset(out, 0, 4 * sizeof(*out));
	for (size_t i = 0; i < COP_NCLAIMS; i++)
		out[a->claims[i].status]++;
}

void assessment_release(struct assessment *a)
{
	for (size_t i = 0; i < COP_NCLAIMS; i++) {
		struct assess_result *r = &a->claims[i];

		for (size_t k = 0; k < r->nevidence; k++) {
			free(r->evidence[k].path);
			free(r->evidence[k].uri);
		}
		free(r->evidence);
		buf_release(&r->argument);
		buf_release(&r->gap);
	}
	buf_release(&a->warnings);
	free(a->previous_file);
	free(a->previous_time);
	memset(a, 0, sizeof(*a));
}
