/*
 * gitlab.c: the rules for GitLab CI files: images and services pinned by
 * digest, includes from elsewhere pinned, downloads piped into shells; and
 * the local includes, which check.c reads next.
 */
#include "util/compat.h"
#include "core/ci/rules.h"
#include "util/alloc.h"
#include "util/yaml.h"

/* Top-level keys that are not jobs. */
static bool reserved(const char *k)
{
	static const char *const keys[] = { "default",      "include", "stages",   "variables",
		                            "workflow",     "image",   "services", "before_script",
		                            "after_script", "cache",   "spec",     NULL };

	for (size_t i = 0; keys[i]; i++)
		if (!strcmp(keys[i], k))
			return true;
	return false;
}

static void check_image(struct ci_file *f, const json_t *img, size_t line, const char *what)
{
	const char *s = json_string_value(img);

	if (!s && json_is_object(img)) {
		s = json_string_value(json_object_get(img, "name"));
		line = ci_line(f, img, "name", line);
	}
	if (!s || !*s || strchr(s, '$'))
		return; /* a variable: chosen at run time */
	if (!ci_image_pinned(s))
		ci_add(f, line, CI_UNPINNED_IMAGE, NULL, "%s '%.200s' is not pinned by digest",
		       what, s);
}

/* image: and services: of a job, of default: or of the file. */
static void check_images(struct ci_file *f, const json_t *obj, size_t fallback)
{
	const json_t *svc = json_object_get(obj, "services"), *v;
	size_t i;

	if (json_object_get(obj, "image"))
		check_image(f, json_object_get(obj, "image"), ci_line(f, obj, "image", fallback),
		            "image");
	json_array_foreach(svc, i, v) check_image(
	        f, v, ci_line(f, v, NULL, ci_line(f, obj, "services", fallback)), "service image");
}

/* A script is a string or a list of strings (and nested lists, from anchors). */
static void check_script(struct ci_file *f, const json_t *s, size_t fallback, int depth)
{
	const json_t *v;
	size_t i;

	if (json_is_string(s))
		ci_check_shell(f, json_string_value(s), ci_line(f, s, NULL, fallback));
	else if (depth < 8)
		json_array_foreach(s, i, v) check_script(f, v, fallback, depth + 1);
}

static void check_scripts(struct ci_file *f, const json_t *obj, size_t fallback)
{
	static const char *const keys[] = { "before_script", "script", "after_script" };

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		check_script(f, json_object_get(obj, keys[i]), ci_line(f, obj, keys[i], fallback),
		             0);
}

static void add_local(struct ci_file *f, const char *path)
{
	if (f->nincludes >= CI_MAX_FILES)
		return;
	f->includes = xreallocarray(f->includes, f->nincludes + 1, sizeof(char *));
	f->includes[f->nincludes++] = xstrdup(path);
}

static void check_include(struct ci_file *f, const json_t *inc, size_t line)
{
	const char *s = json_string_value(inc), *ref, *remote, *comp;

	if (s) {
		if (!strncmp(s, "https://", 8) || !strncmp(s, "http://", 7))
			ci_add(f, line, CI_UNPINNED_INCLUDE, NULL,
			       "remote include '%.200s' has no 'integrity:' hash", s);
		else
			add_local(f, s);
		return;
	}
	if (!json_is_object(inc))
		return;
	line = ci_line(f, inc, NULL, line);
	if ((s = json_string_value(json_object_get(inc, "local"))))
		add_local(f, s);
	if ((remote = json_string_value(json_object_get(inc, "remote"))) &&
	    !json_object_get(inc, "integrity"))
		ci_add(f, line, CI_UNPINNED_INCLUDE, NULL,
		       "remote include '%.200s' has no 'integrity:' hash", remote);
	if ((s = json_string_value(json_object_get(inc, "project")))) {
		ref = json_string_value(json_object_get(inc, "ref"));
		if (!ref)
			ci_add(f, line, CI_UNPINNED_INCLUDE, NULL,
			       "project include '%.200s' has no 'ref': it follows the default "
			       "branch",
			       s);
		else if (!ci_is_commit(ref, strlen(ref)))
			ci_add(f, ci_line(f, inc, "ref", line), CI_UNPINNED_INCLUDE, NULL,
			       "project include '%.200s' is pinned to '%.80s', not a commit", s,
			       ref);
	}
	if ((comp = json_string_value(json_object_get(inc, "component")))) {
		const char *at = strrchr(comp, '@');

		if (!at || !ci_is_commit(at + 1, strlen(at + 1)))
			ci_add(f, line, CI_UNPINNED_INCLUDE, "note",
			       "component '%.200s' is not pinned to a commit", comp);
	}
}

void ci_check_gitlab(struct ci_file *f)
{
	const json_t *doc = f->doc, *inc = json_object_get(doc, "include"), *v,
	             *def = json_object_get(doc, "default");
	const char *k;
	size_t i;

	if (json_is_array(inc))
		json_array_foreach(inc, i, v)
		        check_include(f, v, ci_line(f, v, NULL, ci_line(f, doc, "include", 1)));
	else if (inc)
		check_include(f, inc, ci_line(f, doc, "include", 1));
	check_images(f, doc, 1);
	check_scripts(f, doc, 1);
	if (json_is_object(def)) {
		check_images(f, def, ci_line(f, doc, "default", 1));
		check_scripts(f, def, ci_line(f, doc, "default", 1));
	}
	json_object_foreach((json_t *)doc, k, v) if (!reserved(k) && json_is_object(v))
	{
		check_images(f, v, ci_line(f, doc, k, 1));
		check_scripts(f, v, ci_line(f, doc, k, 1));
	}
}
