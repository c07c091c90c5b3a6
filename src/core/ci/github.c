/*
 * github.c: the rules for GitHub Actions workflows and composite actions.
 *
 * What makes a workflow dangerous is who can start it. Triggers that run
 * with the base repository's secrets and a write token while reacting to
 * outsiders (pull_request_target, workflow_run, issue_comment) must never
 * run, cache or trust what a pull request brought; pull_request runs fork
 * code but without secrets, so its danger is the machine it runs on.
 */
#include "util/compat.h"
#include "core/ci/rules.h"
#include "util/yaml.h"

#include <ctype.h>
#include <strings.h>

enum {
	T_PULL_REQUEST = 1 << 0,
	T_PULL_REQUEST_TARGET = 1 << 1,
	T_WORKFLOW_RUN = 1 << 2,
	T_ISSUE_COMMENT = 1 << 3,
	T_REVIEW = 1 << 4, /* pull_request_review, pull_request_review_comment */
	T_WORKFLOW_CALL = 1 << 5,
	T_OTHER = 1 << 6,
};
/* started by outsiders, with secrets and the base repository's token */
#define T_PRIVILEGED (T_PULL_REQUEST_TARGET | T_WORKFLOW_RUN | T_ISSUE_COMMENT)
/* running for pull requests at all */
#define T_PR_ANY (T_PULL_REQUEST | T_PULL_REQUEST_TARGET | T_REVIEW)

struct wf {
	struct ci_file *f;
	unsigned triggers;
	const char *trigger_name; /* a privileged trigger, for messages */
};

static unsigned trigger_bit(const char *name)
{
	static const struct {
		const char *name;
		unsigned bit;
	} map[] = {
		{ "pull_request", T_PULL_REQUEST },
		{ "pull_request_target", T_PULL_REQUEST_TARGET },
		{ "workflow_run", T_WORKFLOW_RUN },
		{ "issue_comment", T_ISSUE_COMMENT },
		{ "pull_request_review", T_REVIEW },
		{ "pull_request_review_comment", T_REVIEW },
		{ "workflow_call", T_WORKFLOW_CALL },
	};

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(map[i].name, name))
			return map[i].bit;
	return T_OTHER;
}

static void read_triggers(struct wf *w, const json_t *on)
{
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_string(on)) {
		w->triggers |= trigger_bit(json_string_value(on));
	} else if (json_is_array(on)) {
		json_array_foreach(on, i, v) if (json_is_string(v)) w->triggers |=
		        trigger_bit(json_string_value(v));
	} else if (json_is_object(on)) {
		json_object_foreach((json_t *)on, k, v) w->triggers |= trigger_bit(k);
	}
	if (w->triggers & T_PULL_REQUEST_TARGET)
		w->trigger_name = "pull_request_target";
	else if (w->triggers & T_WORKFLOW_RUN)
		w->trigger_name = "workflow_run";
	else if (w->triggers & T_ISSUE_COMMENT)
		w->trigger_name = "issue_comment";
}

static const char *str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* `uses: owner/repo[/path]@ref` without its ref, into out (at most n bytes). */
static void action_name(char *out, size_t n, const char *uses)
{
	size_t i = 0;

	for (; uses[i] && uses[i] != '@' && i + 1 < n; i++)
		out[i] = (char)tolower((unsigned char)uses[i]);
	out[i] = 0;
}

static bool action_is(const char *uses, const char *name)
{
	char a[256];

	action_name(a, sizeof(a), uses);
	return !strcmp(a, name);
}

static bool action_starts(const char *uses, const char *prefix)
{
	char a[256];

	action_name(a, sizeof(a), uses);
	return !strncmp(a, prefix, strlen(prefix));
}

static void check_uses(struct ci_file *f, const char *uses, size_t line)
{
	const char *at;

	if (uses[0] == '.' || !*uses)
		return; /* a local action: the same commit as the workflow */
	if (!strncmp(uses, "docker://", 9)) {
		if (!ci_image_pinned(uses + 9))
			ci_add(f, line, CI_UNPINNED_IMAGE, NULL,
			       "'%.200s' is a container image not pinned by digest", uses);
		return;
	}
	at = strrchr(uses, '@');
	if (!at) {
		ci_add(f, line, CI_UNPINNED_ACTION, NULL, "'%.200s' names no version at all", uses);
		return;
	}
	if (ci_is_commit(at + 1, strlen(at + 1)))
		return;
	/*
	 * The SLSA generator's reusable workflows must be called by tag: they
	 * verify their own release by that tag, and a commit breaks them.
	 */
	if (!strncasecmp(uses, "slsa-framework/slsa-github-generator/", 37))
		return;
	/* GitHub's own actions are one trust decision fewer, but still movable */
	ci_add(f, line, CI_UNPINNED_ACTION,
	       (!strncasecmp(uses, "actions/", 8) || !strncasecmp(uses, "github/", 7)) ? "warning"
	                                                                               : NULL,
	       "'%.200s' is pinned to '%.80s', a tag or branch that can be moved, not a commit",
	       uses, at + 1);
}

static bool check_permission_scopes(struct wf *w, const json_t *perms, const char *where,
                                    size_t line)
{
	/* scopes that let a job change code, releases, packages or deployments */
	static const char *const risky[] = { "contents",
		                             "actions",
		                             "packages",
		                             "id-token",
		                             "pages",
		                             "deployments",
		                             "repository-projects",
		                             NULL };
	const char *k;
	json_t *v;
	bool any = false;

	if (json_is_string(perms)) {
		if (!strcmp(json_string_value(perms), "write-all"))
			ci_add(w->f, line, CI_PERMISSIONS_BROAD, "error",
			       "%s grants 'write-all': every scope of the token can write", where);
		return true;
	}
	if (!json_is_object(perms) || !(w->triggers & (T_PRIVILEGED | T_PR_ANY)))
		return false;
	json_object_foreach((json_t *)perms, k, v)
	{
		const char *s = json_string_value(v);

		if (!s || strcmp(s, "write"))
			continue;
		for (size_t i = 0; risky[i]; i++)
			if (!strcmp(k, risky[i])) {
				ci_add(w->f, ci_line(w->f, perms, k, line), CI_PERMISSIONS_BROAD,
				       NULL,
				       "%s grants '%s: write' in a workflow that pull requests "
				       "start "
				       "(%s)",
				       where, k,
				       w->trigger_name ? w->trigger_name : "pull_request");
				any = true;
			}
	}
	return any;
}

static bool runs_on_self_hosted(const json_t *r)
{
	const json_t *v;
	size_t i;

	if (json_is_object(r))
		r = json_object_get(r, "labels");
	if (json_is_string(r))
		return !strcasecmp(json_string_value(r), "self-hosted");
	json_array_foreach(r, i,
	                   v) if (json_is_string(v) &&
	                          !strcasecmp(json_string_value(v), "self-hosted")) return true;
	return false;
}

static void check_image(struct ci_file *f, const json_t *img, size_t line, const char *what)
{
	const char *s = json_string_value(img);

	if (!s && json_is_object(img)) {
		s = str(img, "image");
		line = ci_line(f, img, "image", line);
	}
	if (!s || !*s || strstr(s, "${{") || s[0] == '$')
		return; /* chosen at run time: nothing to judge here */
	if (!strncmp(s, "docker://", 9))
		s += 9;
	if (!ci_image_pinned(s))
		ci_add(f, line, CI_UNPINNED_IMAGE, NULL,
		       "%s image '%.200s' is not pinned by digest", what, s);
}

/* ref values that name the pull request's code rather than the base branch */
static bool names_pr_code(const char *s)
{
	static const char *const refs[] = {
		"github.event.pull_request.head.sha",
		"github.event.pull_request.head.ref",
		"github.event.pull_request.merge_commit_sha",
		"github.event.pull_request.head.repo.full_name",
		"github.head_ref",
		"github.event.workflow_run.head_sha",
		"github.event.workflow_run.head_branch",
		"github.event.workflow_run.head_repository.full_name",
		"refs/pull/",
		NULL,
	};

	for (size_t i = 0; refs[i]; i++)
		if (strcasestr(s, refs[i]))
			return true;
	return false;
}

/* Whether a setup action is asked to restore a cache (`cache: npm`, `cache: true`). */
static bool cache_input(const json_t *with)
{
	const json_t *c = json_object_get(with, "cache");
	const char *s = json_string_value(c);

	if (!c || json_is_false(c) || json_is_null(c))
		return false;
	return !s || (*s && strcmp(s, "false"));
}

static void check_step(struct wf *w, const json_t *step, size_t fallback)
{
	struct ci_file *f = w->f;
	const char *uses = str(step, "uses"), *run = str(step, "run");
	const json_t *with = json_object_get(step, "with");
	size_t line = ci_line(f, step, "uses", ci_line(f, step, NULL, fallback));

	if (uses) {
		check_uses(f, uses, line);
		if (action_is(uses, "actions/github-script") && str(with, "script"))
			ci_check_expressions(
			        f, str(with, "script"),
			        ci_line(f, json_object_get(with, "script"), NULL, line),
			        "github-script");
	}
	if (run) {
		size_t first = ci_line(f, json_object_get(step, "run"), NULL,
		                       ci_line(f, step, "run", fallback));

		ci_check_expressions(f, run, first, "run");
		ci_check_shell(f, run, first);
		if (w->triggers & T_PRIVILEGED) {
			const char *at = strstr(run, "gh pr checkout");

			if (!at && names_pr_code(run))
				at = strstr(run, "git fetch") ? strstr(run, "git fetch")
				                              : strstr(run, "git checkout");
			if (at)
				ci_add(f, ci_script_line(run, (size_t)(at - run), first),
				       CI_UNTRUSTED_CHECKOUT, NULL,
				       "the script fetches the pull request's code in a workflow "
				       "started by %s, which runs with secrets and a write token",
				       w->trigger_name);
		}
	}
	if (!uses || !(w->triggers & T_PRIVILEGED))
		return;
	if (action_starts(uses, "actions/checkout")) {
		const char *ref = str(with, "ref"), *repo = str(with, "repository");

		if ((ref && names_pr_code(ref)) || (repo && names_pr_code(repo)))
			ci_add(f, ci_line(f, with, ref ? "ref" : "repository", line),
			       CI_UNTRUSTED_CHECKOUT, NULL,
			       "'%s' checks out the pull request's code ('%.120s') in a workflow "
			       "started by %s, which runs with secrets and a write token",
			       uses, ref ? ref : repo, w->trigger_name);
	}
	if (action_starts(uses, "actions/cache") || action_is(uses, "actions/upload-artifact")) {
		ci_add(f, line, CI_CACHE_TRUST_BOUNDARY, NULL,
		       "'%s' in a workflow started by %s shares state with runs that untrusted "
		       "code can write",
		       uses, w->trigger_name);
	} else if (action_is(uses, "actions/download-artifact")) {
		ci_add(f, line, CI_CACHE_TRUST_BOUNDARY, "error",
		       "'%s' in a workflow started by %s takes in artefacts that a pull "
		       "request's run can have written",
		       uses, w->trigger_name);
	} else if (cache_input(with)) {
		ci_add(f, ci_line(f, with, "cache", line), CI_CACHE_TRUST_BOUNDARY, NULL,
		       "'%s' restores a cache in a workflow started by %s, where a pull "
		       "request's run can have poisoned it",
		       uses, w->trigger_name);
	}
}

static void check_steps(struct wf *w, const json_t *steps, size_t fallback)
{
	const json_t *step;
	size_t i;

	json_array_foreach(steps, i, step) if (json_is_object(step)) check_step(w, step, fallback);
}

static void check_job(struct wf *w, const char *name, const json_t *job, bool top_perms)
{
	struct ci_file *f = w->f;
	size_t line = ci_line(f, json_object_get(f->doc, "jobs"), name, 0);
	const json_t *perms = json_object_get(job, "permissions"), *v;
	const char *uses = str(job, "uses"), *k;
	char where[160];

	snprintf(where, sizeof(where), "job '%.100s'", name);
	if (perms)
		check_permission_scopes(w, perms, where, ci_line(f, job, "permissions", line));
	else if (!top_perms && w->triggers != T_WORKFLOW_CALL)
		ci_add(f, line, CI_PERMISSIONS_MISSING, NULL,
		       "job '%.100s' sets no 'permissions' and neither does the workflow: its "
		       "token "
		       "gets the repository default, which can be write to everything",
		       name);
	if ((w->triggers & T_PR_ANY) && runs_on_self_hosted(json_object_get(job, "runs-on")))
		ci_add(f, ci_line(f, job, "runs-on", line), CI_SELF_HOSTED_PR, NULL,
		       "job '%.100s' runs on a self-hosted runner in a workflow that pull requests "
		       "start: a fork's code would run on that machine",
		       name);
	if (uses) {
		check_uses(f, uses, ci_line(f, job, "uses", line));
		if (str(job, "secrets") && !strcmp(str(job, "secrets"), "inherit"))
			ci_add(f, ci_line(f, job, "secrets", line), CI_SECRETS_INHERIT, NULL,
			       "job '%.100s' passes every secret to '%.200s'", name, uses);
	}
	if ((v = json_object_get(job, "container")))
		check_image(f, v, ci_line(f, job, "container", line), "the container");
	json_object_foreach((json_t *)json_object_get(job, "services"), k, v)
	        check_image(f, v, ci_line(f, json_object_get(job, "services"), k, line), "service");
	check_steps(w, json_object_get(job, "steps"), line);
}

static void check_workflow(struct ci_file *f)
{
	struct wf w = { f, 0, NULL };
	const json_t *perms = json_object_get(f->doc, "permissions"), *job;
	const char *name;

	read_triggers(&w, json_object_get(f->doc, "on"));
	if (perms)
		check_permission_scopes(&w, perms, "the workflow",
		                        ci_line(f, f->doc, "permissions", 1));
	json_object_foreach(json_object_get(f->doc, "jobs"), name, job) if (json_is_object(job))
	        check_job(&w, name, job, perms != NULL);
}

/* A composite action runs in its caller's workflow, whatever started it. */
static void check_action(struct ci_file *f)
{
	struct wf w = { f, 0, NULL };
	const json_t *runs = json_object_get(f->doc, "runs");
	const char *using = str(runs, "using"), *image = str(runs, "image");

	if (using && !strcmp(using, "composite"))
		check_steps(&w, json_object_get(runs, "steps"), ci_line(f, f->doc, "runs", 1));
	if (using && !strcmp(using, "docker") && image && !strncmp(image, "docker://", 9))
		check_image(f, json_object_get(runs, "image"), ci_line(f, runs, "image", 1),
		            "the action's");
}

void ci_check_github(struct ci_file *f, enum ci_kind kind)
{
	if (kind == CI_GITHUB_ACTION)
		check_action(f);
	else
		check_workflow(f);
}
