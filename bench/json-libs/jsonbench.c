/*
 * jsonbench: how the three JSON libraries packaged in Debian 12 (jansson,
 * json-c, cJSON) fare on vouch's inputs: conformance on JSONTestSuite
 * (y_ accepted, n_ rejected) and parse time over a set of files.
 *
 *     jsonbench SUITE_DIR FILE...
 *
 * Built once per library (-DUSE_JANSSON, -DUSE_JSONC, -DUSE_CJSON: jansson and
 * json-c export clashing symbols) and run by bench/json-libs/run; not part of vouch.
 */
#define _GNU_SOURCE
#include <dirent.h>
#if defined(USE_JANSSON)
#include <jansson.h>
#elif defined(USE_JSONC)
#include <json-c/json.h>
#else
#include <cjson/cJSON.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct file {
	char *name, *data;
	size_t len;
};

static int read_file(const char *path, struct file *f)
{
	FILE *fp = fopen(path, "rb");
	long n;

	if (!fp)
		return -1;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	f->data = malloc((size_t)n + 1);
	f->len = fread(f->data, 1, (size_t)n, fp);
	f->data[f->len] = 0;
	f->name = strdup(path);
	fclose(fp);
	return 0;
}

#if defined(USE_JANSSON)
static int p_jansson(const struct file *f)
{
	json_t *v = json_loadb(f->data, f->len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);

	if (!v)
		return -1;
	json_decref(v);
	return 0;
}

#elif defined(USE_JSONC)
static int p_jsonc(const struct file *f)
{
	struct json_tokener *tok = json_tokener_new_ex(2048);
	struct json_object *o;
	int ok;

	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, f->data, (int)f->len);
	ok = o && json_tokener_get_error(tok) == json_tokener_success &&
	     json_tokener_get_parse_end(tok) == f->len;
	/* trailing white space is allowed */
	if (o && !ok && json_tokener_get_error(tok) == json_tokener_success) {
		size_t e = json_tokener_get_parse_end(tok);

		while (e < f->len && strchr(" \t\r\n", f->data[e]))
			e++;
		ok = e == f->len;
	}
	json_object_put(o);
	json_tokener_free(tok);
	return ok ? 0 : -1;
}

#else
static int p_cjson(const struct file *f)
{
	const char *end = NULL;
	cJSON *v = cJSON_ParseWithLengthOpts(f->data, f->len, &end, 0);

	if (!v)
		return -1;
	cJSON_Delete(v);
	/* trailing white space is allowed, anything else is not */
	while (end && end < f->data + f->len && strchr(" \t\r\n", *end) && *end)
		end++;
	return end == f->data + f->len ? 0 : -1;
}

#endif

static const struct lib {
	const char *name;
	int (*parse)(const struct file *);
} libs[] = {
#if defined(USE_JANSSON)
	{ "jansson", p_jansson },
#elif defined(USE_JSONC)
	{ "json-c", p_jsonc },
#else
	{ "cJSON", p_cjson },
#endif
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct file *suite = NULL, *files = NULL;
	size_t nsuite = 0, nfiles = 0, bytes = 0;
	DIR *d;
	struct dirent *de;

	if (argc < 2) {
		fprintf(stderr, "usage: jsonbench SUITE_DIR FILE...\n");
		return 2;
	}
	d = opendir(argv[1]);
	while (d && (de = readdir(d))) {
		char path[4096];

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[1], de->d_name);
		suite = realloc(suite, (nsuite + 1) * sizeof(*suite));
		if (read_file(path, &suite[nsuite]) == 0)
			suite[nsuite++].name = strdup(de->d_name);
	}
	if (d)
		closedir(d);
	for (int i = 2; i < argc; i++) {
		files = realloc(files, (nfiles + 1) * sizeof(*files));
		if (read_file(argv[i], &files[nfiles]) == 0)
			bytes += files[nfiles++].len;
	}

	for (size_t l = 0; l < sizeof(libs) / sizeof(libs[0]); l++) {
		size_t yok = 0, ny = 0, nok = 0, nn = 0;
		double best = 1e9;

		for (size_t i = 0; i < nsuite; i++) {
			int r;

			r = libs[l].parse(&suite[i]);
			if (suite[i].name[0] == 'y') {
				ny++;
				yok += r == 0;
			} else if (suite[i].name[0] == 'n') {
				nn++;
				nok += r != 0;
			}
		}
		for (int rep = 0; rep < 5; rep++) {
			double t0 = now();

			for (size_t i = 0; i < nfiles; i++)
				libs[l].parse(&files[i]);
			if (now() - t0 < best)
				best = now() - t0;
		}
		printf("%-8s  y_ accepted %zu/%zu  n_ rejected %zu/%zu  %.1f ms per pass  %.0f MB/s\n",
		       libs[l].name, yok, ny, nok, nn, best * 1000, bytes / best / 1e6);
	}
	fprintf(stderr, "input: %zu files, %.1f MB\n", nfiles, bytes / 1e6);
	return 0;
}
