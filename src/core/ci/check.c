/*
 * check.c: finding a tree's pipeline files, reading them within bounds,
 * and the report the rules fill in.
 */
#include "util/compat.h"
#include "core/ci/rules.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/walk.h"
#include "util/yaml.h"

#include <dirent.h>
#include <glob.h>
#include <sys/stat.h>

#define DOCS "https://vouch.dev/docs/cmd/ci#"

static const struct ci_rule_info rules[CI_RULE_COUNT] = {
	[CI_UNPINNED_ACTION] = { "unpinned-action", "error",
	                         "an action or reusable workflow is used by a movable reference",
	                         "pin 'uses:' to the full 40-character commit SHA of the release "
	                         "(keep the tag in a comment, '@<sha> # v4') and let Dependabot or "
	                         "Renovate propose updates",
	                         DOCS "unpinned-action" },
	[CI_UNPINNED_IMAGE] = { "unpinned-image", "warning",
	                        "a container image is used by a movable tag",
	                        "pin the image by digest ('name:tag@sha256:<64 hex>') and let "
	                        "Dependabot or Renovate propose updates",
	                        DOCS "unpinned-image" },
	[CI_UNPINNED_INCLUDE] = { "unpinned-include", "warning",
	                          "a pipeline file from elsewhere is included by a movable "
	                          "reference",
	                          "give 'ref:' a full commit SHA (project includes), an "
	                          "'integrity:' hash (remote includes) or a commit as the "
	                          "component version",
	                          DOCS "unpinned-include" },
	[CI_PERMISSIONS_MISSING] = { "permissions-missing", "warning",
	                             "a job's token permissions are not set, so the repository "
	                             "default applies",
	                             "add 'permissions: contents: read' at the top of the workflow "
	                             "and grant each job only the scopes it needs",
	                             DOCS "permissions-missing" },
	[CI_PERMISSIONS_BROAD] = { "permissions-broad", "warning",
	                           "the token is granted more than the job needs",
	                           "grant only the scopes the job uses, read where it only reads; "
	                           "move steps that need to write into a workflow that untrusted "
	                           "code cannot start",
	                           DOCS "permissions-broad" },
	[CI_UNTRUSTED_CHECKOUT] = { "untrusted-checkout", "error",
	                            "a privileged workflow checks out a pull request's code",
	                            "build pull requests under 'pull_request' (no secrets, "
	                            "read-only token); in pull_request_target and workflow_run "
	                            "only check out the base branch",
	                            DOCS "untrusted-checkout" },
	[CI_SCRIPT_INJECTION] = { "script-injection", "error",
	                          "an expression pastes outside text into a script",
	                          "pass the value through 'env:' (FOO: ${{ ... }}) and use "
	                          "\"$FOO\" "
	                          "in the script, quoted",
	                          DOCS "script-injection" },
	[CI_SECRETS_INHERIT] = { "secrets-inherit", "warning",
	                         "a reusable workflow is given every secret of the caller",
	                         "pass only the secrets the called workflow needs under 'secrets:'",
	                         DOCS "secrets-inherit" },
	[CI_SELF_HOSTED_PR] = { "self-hosted-pr", "error",
	                        "a self-hosted runner runs code from pull requests",
	                        "run pull request jobs on GitHub-hosted or ephemeral isolated "
	                        "runners; keep self-hosted runners to trusted branches",
	                        DOCS "self-hosted-pr" },
	[CI_CURL_PIPE_SHELL] = { "curl-pipe-shell", "warning",
	                         "a script downloads code and runs it unchecked",
	                         "download to a file, check its SHA-256 (or signature) against a "
	                         "pinned value, then run it; or use a pinned package or action",
	                         DOCS "curl-pipe-shell" },
	[CI_CACHE_TRUST_BOUNDARY] = { "cache-trust-boundary", "warning",
	                              "a privileged workflow shares caches or artefacts with "
	                              "untrusted runs",
	                              "do not restore caches or download artefacts in "
	                              "pull_request_target or workflow_run jobs; if you must, "
	                              "treat "
	                              "them as untrusted data (never execute them, verify a hash)",
	                              DOCS "cache-trust-boundary" },
	[CI_NO_DEPENDENCY_UPDATES] = { "no-dependency-updates", "warning",
	                               "no automated dependency updates are configured",
	                               "add .github/dependabot.yml (with the github-actions "
	                               "ecosystem) or a Renovate configuration (renovate.json)",
	                               DOCS "no-dependency-updates" },
};

const struct ci_rule_info *ci_rule_info(enum ci_rule r)
{
	return r < CI_RULE_COUNT ? &rules[r] : NULL;
}

static void add_problem(struct ci_report *rep, const char *msg)
{
	rep->problems = xreallocarray(rep->problems, rep->nproblems + 1, sizeof(char *));
	rep->problems[rep->nproblems++] = xstrdup(msg);
}

void ci_add(struct ci_file *f, size_t line, enum ci_rule rule, const char *level, const char *fmt,
            ...)
{
	struct ci_report *rep = f->rep;
	struct ci_finding *x;
	struct buf m = BUF_INIT_MAX(4096);
	va_list ap;

	if (rep->n >= CI_MAX_FINDINGS) {
		if (!rep->capped) {
			struct buf m = BUF_INIT;

			buf_addf(&m, "%s: more than %d findings: the rest are not reported",
			         f->path, CI_MAX_FINDINGS);
			add_problem(rep, m.ptr);
			buf_release(&m);
			rep->capped = true;
		}
		return;
	}
	if (rep->n == rep->alloc) {
		rep->alloc = rep->alloc ? rep->alloc * 2 : 16;
		rep->v = xreallocarray(rep->v, rep->alloc, sizeof(*rep->v));
	}
	va_start(ap, fmt);
	buf_vaddf(&m, fmt, ap);
	va_end(ap);
	x = &rep->v[rep->n++];
	x->path = xstrdup(f->path);
	x->line = line;
	x->rule = rule;
	x->level = level ? level : rules[rule].level;
	x->message = buf_detach(&m, NULL);
}

size_t ci_line(const struct ci_file *f, const json_t *obj, const char *key, size_t fallback)
{
	size_t l = 0;

	if (obj && key)
		l = vyaml_key_line(f->marks, obj, key);
	if (!l && obj && !key)
		l = vyaml_line(f->marks, obj);
	return l ? l : fallback;
}

bool ci_is_commit(const char *s, size_t n)
{
	if (n != 40)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]) || !s[i])
			return false;
	return true;
}

bool ci_image_pinned(const char *image)
{
	const char *d = strstr(image, "@sha256:");

	if (!d)
		return false;
	d += 8;
	for (size_t i = 0; i < 64; i++)
		if (!d[i] || !strchr("0123456789abcdef", d[i]))
			return false;
	return true;
}

static bool seen_file(const struct ci_report *rep, const char *rel)
{
	for (size_t i = 0; i < rep->nfiles; i++)
		if (!strcmp(rep->files[i], rel))
			return true;
	return false;
}

/* Parses and checks one file's bytes; the includes found are left in f. */
static int check_doc(struct ci_file *f, enum ci_kind kind, const char *data, size_t len)
{
	struct vyaml_marks *marks = NULL;
	json_t *doc = NULL;
	int r;

	r = vyaml_parse_marked(&doc, &marks, data, len, f->path,
	                       VYAML_ALIASES | (kind == CI_GITLAB ? VYAML_HEADER_DOC : 0));
	if (r < 0)
		return r;
	f->doc = doc;
	f->marks = marks;
	if (!json_is_object(doc) && !json_is_null(doc)) {
		r = err_set(ERR_PARSE, "%s:1: not a mapping of keys", f->path);
	} else if (json_is_object(doc)) {
		if (kind == CI_GITLAB)
			ci_check_gitlab(f);
		else
			ci_check_github(f, kind);
	}
	json_decref(doc);
	vyaml_marks_free(marks);
	f->doc = NULL;
	f->marks = NULL;
	return r;
}

static void free_includes(struct ci_file *f)
{
	for (size_t i = 0; i < f->nincludes; i++)
		free(f->includes[i]);
	free(f->includes);
	f->includes = NULL;
	f->nincludes = 0;
}

int ci_check_bytes(struct ci_report *out, enum ci_kind kind, const char *path, const char *data,
                   size_t len)
{
	struct ci_file f = { 0 };
	int r;

	f.rep = out;
	f.path = path;
	r = check_doc(&f, kind, data, len);
	free_includes(&f);
	return r;
}

/* Refuses a file that resolves outside root (itself resolved) through a link. */
static int inside(const char *root, const char *path, const char *rel)
{
	char *real = realpath(path, NULL);
	size_t n = strlen(root);
	int r = 0;

	if (!real)
		return err_set_errno(ERR_IO, "%s: cannot read", rel);
	if (strncmp(real, root, n) || (real[n] != '/' && strcmp(root, "/")))
		r = err_set(ERR_UNSUPPORTED, "%s: not read: a symbolic link out of the tree", rel);
	free(real);
	return r;
}

/* Reads and checks root/rel; a file that fails is named in the problems. */
static void check_file(struct ci_report *rep, const char *root, const char *rel, enum ci_kind kind,
                       struct ci_file *f)
{
	struct buf path = BUF_INIT, data = BUF_INIT_MAX(CI_MAX_FILE_SIZE);
	int r;

	if (seen_file(rep, rel))
		return;
	if (rep->nfiles >= CI_MAX_FILES) {
		struct buf m = BUF_INIT;

		buf_addf(&m, "%s: not checked: more than %d pipeline files", rel, CI_MAX_FILES);
		add_problem(rep, m.ptr);
		buf_release(&m);
		return;
	}
	rep->files = xreallocarray(rep->files, rep->nfiles + 1, sizeof(char *));
	rep->files[rep->nfiles++] = xstrdup(rel);
	buf_addf(&path, "%s/%s", root, rel);
	f->rep = rep;
	f->path = rel;
	r = inside(root, path.ptr, rel);
	if (r == 0)
		r = buf_read_file(&data, path.ptr);
	if (r == 0)
		r = check_doc(f, kind, data.ptr, data.len);
	if (r < 0) {
		const char *msg = err_msg();
		struct buf m = BUF_INIT;

		/* the parser names the file by its relative path already */
		if (strncmp(msg, rel, strlen(rel)))
			buf_addf(&m, "%s: %s", rel, msg);
		else
			buf_adds(&m, msg);
		add_problem(rep, m.ptr);
		buf_release(&m);
		err_clear();
	}
	buf_release(&path);
	buf_release(&data);
}

static bool has_ext(const char *name, const char *const *exts)
{
	size_t n = strlen(name);

	for (; *exts; exts++) {
		size_t e = strlen(*exts);

		if (n > e && !strcmp(name + n - e, *exts))
			return true;
	}
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The workflows: regular files of .github/workflows itself, sorted. */
static void find_workflows(struct ci_report *rep, const char *root)
{
	static const char *const exts[] = { ".yml", ".yaml", NULL };
	struct buf dir = BUF_INIT;
	char **names = NULL;
	size_t n = 0;
	DIR *d;
	struct dirent *e;

	buf_addf(&dir, "%s/.github/workflows", root);
	if (!(d = opendir(dir.ptr))) {
		buf_release(&dir);
		return;
	}
	while ((e = readdir(d)) && n < CI_MAX_FILES + 1)
		if (e->d_name[0] != '.' && has_ext(e->d_name, exts)) {
			names = xreallocarray(names, n + 1, sizeof(char *));
			names[n++] = xstrdup(e->d_name);
		}
	closedir(d);
	qsort(names, n, sizeof(char *), cmp_str);
	for (size_t i = 0; i < n; i++) {
		struct buf rel = BUF_INIT;
		struct ci_file f = { 0 };

		buf_addf(&rel, ".github/workflows/%s", names[i]);
		check_file(rep, root, rel.ptr, CI_GITHUB_WORKFLOW, &f);
		free_includes(&f);
		buf_release(&rel);
		free(names[i]);
	}
	free(names);
	buf_release(&dir);
}

struct action_walk {
	struct ci_report *rep;
	const char *root;
	const char *prefix;
};

static int on_action(const struct walk_entry *e, void *payload)
{
	struct action_walk *w = payload;

	if (e->kind == WALK_FILE &&
	    (!strcmp(e->name, "action.yml") || !strcmp(e->name, "action.yaml"))) {
		struct buf rel = BUF_INIT;
		struct ci_file f = { 0 };

		buf_addf(&rel, "%s/%s", w->prefix, e->rel);
		check_file(w->rep, w->root, rel.ptr, CI_GITHUB_ACTION, &f);
		free_includes(&f);
		buf_release(&rel);
	}
	return 0;
}

static void find_actions(struct ci_report *rep, const char *root)
{
	static const char *const names[] = { "action.yml", "action.yaml" };
	struct walk_opts o = { 0 };
	struct action_walk w = { rep, root, ".github/actions" };
	struct buf dir = BUF_INIT;
	struct stat st;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		struct ci_file f = { 0 };

		buf_reset(&dir);
		buf_addf(&dir, "%s/%s", root, names[i]);
		if (stat(dir.ptr, &st) == 0)
			check_file(rep, root, names[i], CI_GITHUB_ACTION, &f);
		free_includes(&f);
	}
	buf_reset(&dir);
	buf_addf(&dir, "%s/.github/actions", root);
	o.max_depth = 16;
	o.max_entries = 100000;
	if (stat(dir.ptr, &st) == 0 && S_ISDIR(st.st_mode))
		walk(dir.ptr, &o, on_action, &w);
	buf_release(&dir);
}

/*
 * GitLab: .gitlab-ci.yml, then the local files it includes, breadth first.
 * Includes are paths from the root; a leading '/' is allowed, '..' is not
 * (nothing is read from outside the tree); wildcards are expanded by glob(3)
 * within the root.
 */
static void find_gitlab(struct ci_report *rep, const char *root)
{
	char **queue = NULL;
	size_t nq = 0, qi = 0;
	struct buf p = BUF_INIT;
	struct stat st;

	buf_addf(&p, "%s/.gitlab-ci.yml", root);
	if (stat(p.ptr, &st) != 0) {
		buf_release(&p);
		return;
	}
	queue = xmalloc(sizeof(char *));
	queue[nq++] = xstrdup(".gitlab-ci.yml");
	while (qi < nq) {
		struct ci_file f = { 0 };
		char *rel = queue[qi++];

		check_file(rep, root, rel, CI_GITLAB, &f);
		for (size_t i = 0; i < f.nincludes; i++) {
			const char *inc = f.includes[i];
			glob_t g;

			while (*inc == '/')
				inc++;
			if (!*inc || strstr(inc, "..")) {
				struct buf m = BUF_INIT;

				buf_addf(&m, "%s: include '%.200s' not read: outside the tree", rel,
				         f.includes[i]);
				add_problem(rep, m.ptr);
				buf_release(&m);
				continue;
			}
			buf_reset(&p);
			buf_addf(&p, "%s/%s", root, inc);
			if (glob(p.ptr, 0, NULL, &g) != 0) {
				struct buf m = BUF_INIT;

				buf_addf(&m, "%s: included file '%.200s' not found", rel, inc);
				add_problem(rep, m.ptr);
				buf_release(&m);
				continue;
			}
			for (size_t k = 0; k < g.gl_pathc && nq < CI_MAX_FILES * 2; k++) {
				const char *found = g.gl_pathv[k] + strlen(root) + 1;

				queue = xreallocarray(queue, nq + 1, sizeof(char *));
				queue[nq++] = xstrdup(found);
			}
			globfree(&g);
		}
		free_includes(&f);
	}
	for (size_t i = 0; i < nq; i++)
		free(queue[i]);
	free(queue);
	buf_release(&p);
}

/* The files that configure Dependabot or Renovate. */
static void check_updates(struct ci_report *rep, const char *root)
{
	static const char *const configs[] = {
		".github/dependabot.yml",
		".github/dependabot.yaml",
		"renovate.json",
		"renovate.json5",
		".renovaterc",
		".renovaterc.json",
		".renovaterc.json5",
		".github/renovate.json",
		".github/renovate.json5",
		".gitlab/renovate.json",
		".gitlab/renovate.json5",
	};
	struct buf p = BUF_INIT;
	struct ci_file f = { 0 };
	struct stat st;

	for (size_t i = 0; i < ARRAY_SIZE(configs); i++) {
		buf_reset(&p);
		buf_addf(&p, "%s/%s", root, configs[i]);
		if (stat(p.ptr, &st) == 0 && S_ISREG(st.st_mode)) {
			buf_release(&p);
			return;
		}
	}
	buf_release(&p);
	f.rep = rep;
	f.path = ".";
	ci_add(&f, 0, CI_NO_DEPENDENCY_UPDATES, NULL,
	       "neither Dependabot nor Renovate is configured: pinned actions, images and "
	       "dependencies will not be proposed for update");
}

static int cmp_finding(const void *a, const void *b)
{
	const struct ci_finding *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (int)x->rule - (int)y->rule;
}

int ci_check(struct ci_report *out, const char *root)
{
	struct stat st;
	char *real;

	if (stat(root, &st) != 0)
		return err_set_errno(ERR_IO, "cannot read '%s'", root);
	if (!S_ISDIR(st.st_mode))
		return err_set(ERR_USAGE, "'%s' is not a folder", root);
	if (!(real = realpath(root, NULL)))
		return err_set_errno(ERR_IO, "cannot resolve '%s'", root);
	find_workflows(out, real);
	find_actions(out, real);
	find_gitlab(out, real);
	check_updates(out, real);
	free(real);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_finding);
	return 0;
}

void ci_report_release(struct ci_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].path);
		free(r->v[i].message);
	}
	for (size_t i = 0; i < r->nfiles; i++)
		free(r->files[i]);
	for (size_t i = 0; i < r->nproblems; i++)
		free(r->problems[i]);
	free(r->v);
	free(r->files);
	free(r->problems);
	*r = (struct ci_report)CI_REPORT_INIT;
}
