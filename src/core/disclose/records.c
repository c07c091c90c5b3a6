/*
 * records.c: record files in a folder (see records.h).
 */
#include "util/compat.h"
#include "core/disclose/records.h"
#include "core/integrity/tlog.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/json.h"
#include "util/toml.h"

#include <dirent.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int records_list(char ***out, size_t *n, const char *dir, size_t max, const char *what,
                 struct buf *warnings)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	*out = NULL;
	*n = 0;
	/* no folder, or a product that is a file (an image tar): no records */
	if (!d)
		return errno == ENOENT || errno == ENOTDIR
		               ? 0
		               : err_set(ERR_IO, "cannot open '%s': %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".toml"))
			continue;
		if (*n == max) {
			buf_addf(warnings, "%s: more than %zu %s files; the rest are not read\n",
			         dir, max, what);
			break;
		}
		*out = xreallocarray(*out, *n + 1, sizeof(**out));
		(*out)[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(*out, *n, sizeof(**out), cmp_str);
	return 0;
}

void records_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

char *records_str(const struct toml_value *t, const char *key, bool need, int *r)
{
	const struct toml_value *v = toml_get(t, key);
	const char *s;

	if (*r < 0)
		return NULL;
	if (!v) {
		if (need)
			*r = t->line ? err_set(ERR_PARSE, "%s:%u: missing '%s'", t->name, t->line,
			                       key)
			             : err_set(ERR_PARSE, "%s: missing '%s'", t->name, key);
		return NULL;
	}
	if ((*r = toml_as_string(&s, v, key)) < 0)
		return NULL;
	if (need && !s[0]) {
		*r = err_set(ERR_PARSE, "%s:%u: '%s' is empty", v->name, v->line, key);
		return NULL;
	}
	return xstrdup(s);
}

void records_kstr(struct buf *out, const char *key, const char *value)
{
	buf_addf(out, "%s = ", key);
	json_quote(out, value, strlen(value));
	buf_addch(out, '\n');
}

char *records_dir(const char *configured, const char *base, const char *fallback)
{
	struct buf b = BUF_INIT;

	if (configured)
		return xstrdup(configured);
	if (base && strcmp(base, "."))
		buf_addf(&b, "%s/", base);
	buf_adds(&b, fallback);
	return buf_detach(&b, NULL);
}

const char *records_in_repo(const char *path, const char *base)
{
	size_t bl = base ? strlen(base) : 0;

	if (bl && strcmp(base, ".") && !strncmp(path, base, bl) && path[bl] == '/')
		return path + bl + 1;
	return path;
}

int records_log(uint64_t *out_index, const char *dir, const char *data, size_t len)
{
	struct tlog log = TLOG_INIT;
	int r;

	if ((r = tlog_open(&log, dir, TLOG_CREATE)) == 0 &&
	    (r = tlog_add(out_index, &log, data, len)) == 0)
		r = tlog_commit(&log);
	tlog_release(&log);
	return r;
}
