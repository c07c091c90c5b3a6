#include "util/compat.h"
#include "core/buildenv/buildenv.h"
#include "core/buildenv/run.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/json.h"
#include "util/lines.h"
#include "util/num.h"
#include "util/walk.h"
#include "util/fs.h"

#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const struct buildenv_tool buildenv_tools[] = {
	{ "cc", "--version" },         { "c++", "--version" },      { "gcc", "--version" },
	{ "g++", "--version" },        { "clang", "--version" },    { "clang++", "--version" },
	{ "ld", "--version" },         { "as", "--version" },       { "make", "--version" },
	{ "cmake", "--version" },      { "ninja", "--version" },    { "meson", "--version" },
	{ "pkg-config", "--version" }, { "autoconf", "--version" }, { "automake", "--version" },
	{ "go", "version" },           { "rustc", "--version" },    { "cargo", "--version" },
	{ "node", "--version" },       { "npm", "--version" },      { "python3", "--version" },
	{ "pip3", "--version" },       { "perl", "--version" },     { "ruby", "--version" },
	{ "java", "-version" },        { "javac", "-version" },     { "mvn", "--version" },
	{ "git", "--version" },        { "dpkg", "--version" },
};
const size_t buildenv_ntools = ARRAY_SIZE(buildenv_tools);

const char *const buildenv_default_env[] = {
	"PATH",
	"CC",
	"CXX",
	"CPP",
	"AR",
	"LD",
	"CFLAGS",
	"CXXFLAGS",
	"CPPFLAGS",
	"LDFLAGS",
	"LDLIBS",
	"MAKEFLAGS",
	"PKG_CONFIG_PATH",
	"SOURCE_DATE_EPOCH",
	"LANG",
	"LC_ALL",
	"TZ",
	"GOFLAGS",
	"CGO_ENABLED",
	"RUSTFLAGS",
	"NODE_ENV",
	"PYTHONPATH",
};
const size_t buildenv_ndefault_env = ARRAY_SIZE(buildenv_default_env);

/* CI configuration and build scripts looked for at the top of the folder. */
static const char *const top_files[] = {
	"Makefile",
	"GNUmakefile",
	"makefile",
	"Jenkinsfile",
	"build.sh",
	".gitlab-ci.yml",
	".travis.yml",
	"azure-pipelines.yml",
	"bitbucket-pipelines.yml",
	".drone.yml",
	"appveyor.yml",
	"Dockerfile",
	"Containerfile",
	"CMakeLists.txt",
	"meson.build",
	"configure.ac",
	"Makefile.am",
	"BUILD.bazel",
	"WORKSPACE",
	"cloudbuild.yaml",
	"buildspec.yml",
	"Earthfile",
	"Taskfile.yml",
	"justfile",
};
/* Folders whose every file is CI configuration. */
static const char *const ci_dirs[] = {
	".ci",        ".github/workflows", ".github/actions", ".circleci",
	".buildkite", ".gitlab/ci",        ".woodpecker",
};

static int set_str(json_t *obj, const char *key, const char *val, size_t len)
{
	json_t *s = json_stringn(val, len);

	/* invalid UTF-8 (a value from the environment or a tool) is kept as hex */
	if (!s) {
		struct buf h = BUF_INIT;

		buf_adds(&h, "hex:");
		buf_addhex(&h, val, len);
		s = json_string(h.ptr);
		buf_release(&h);
	}
	if (!s || json_object_set_new(obj, key, s) < 0)
		return err_set(ERR_GENERIC, "cannot record '%s'", key);
	return 0;
}

static int collected_time(char out[32])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	int64_t t;
	time_t tt;
	struct tm tm;

	if (sde && *sde) {
		if (num_parse_i64(&t, sde, strlen(sde), 0, INT64_C(253402300799), 0) < 0)
			return err_set(ERR_USAGE,
			               "SOURCE_DATE_EPOCH '%s' is not a number of seconds", sde);
		tt = (time_t)t;
	} else {
		tt = time(NULL);
	}
	if (!gmtime_r(&tt, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return err_set(ERR_GENERIC, "cannot format the time");
	return 0;
}

static void unquote(const char **s, size_t *n)
{
	if (*n >= 2 && ((*s)[0] == '"' || (*s)[0] == '\'') && (*s)[*n - 1] == (*s)[0]) {
		(*s)++;
		*n -= 2;
	}
}

static int read_os(json_t *snap, const char *path, struct buf *warnings, bool *partial)
{
	struct buf data = BUF_INIT_MAX((size_t)1 << 20);
	json_t *os = json_object();
	const char *line;
	size_t n;
	struct lines it;

	if (buf_read_file(&data, path) < 0) {
		buf_addf(warnings, "%s\n", err_msg());
		*partial = true;
	}
	it = (struct lines)LINES_INIT(data.ptr, data.len);
	while (lines_next(&it, &line, &n)) {
		static const char *const keys[][2] = { { "ID=", "id" },
			                               { "VERSION_ID=", "version_id" },
			                               { "PRETTY_NAME=", "pretty_name" } };

		for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
			if (str_starts(line, n, keys[i][0])) {
				const char *v = line + strlen(keys[i][0]);
				size_t vn = n - strlen(keys[i][0]);

				unquote(&v, &vn);
				set_str(os, keys[i][1], v, vn);
			}
		}
	}
	buf_release(&data);
	return json_object_set_new(snap, "os", os) < 0 ? ERR_GENERIC : 0;
}

static int read_tools(json_t *snap, const char *root, struct buf *warnings, bool *partial)
{
	json_t *tools = json_object();
	struct run_job *jobs = xcalloc(buildenv_ntools, sizeof(*jobs));
	const char **names = xcalloc(buildenv_ntools, sizeof(*names));
	struct buf path = BUF_INIT;
	size_t n = 0;

	for (size_t i = 0; i < buildenv_ntools; i++) {
		if (run_find_tool(&path, buildenv_tools[i].name, getenv("PATH"), root) < 0)
			continue;
		names[n] = buildenv_tools[i].name;
		jobs[n].path = xstrdup(path.ptr);
		jobs[n].arg = buildenv_tools[i].arg;
		buf_init(&jobs[n].out, 4096);
		n++;
	}
	run_jobs(jobs, n, RUN_TIMEOUT_MS);
	for (size_t i = 0; i < n; i++) {
		if (jobs[i].status == RUN_OK) {
			json_t *o = json_object();

			set_str(o, "path", jobs[i].path, strlen(jobs[i].path));
			set_str(o, "version", jobs[i].out.ptr, jobs[i].out.len);
			json_object_set_new(tools, names[i], o);
		} else {
			buf_addf(warnings, "tool %s: '%s %s' %s\n", names[i], jobs[i].path,
			         jobs[i].arg,
			         jobs[i].status == RUN_TIMEOUT
			                 ? "did not finish in time"
			                 : "could not run or printed nothing");
			*partial = true;
		}
		free((char *)jobs[i].path);
		buf_release(&jobs[i].out);
	}
	free(jobs);
	free(names);
	buf_release(&path);
	return json_object_set_new(snap, "tools", tools) < 0 ? ERR_GENERIC : 0;
}

int buildenv_parse_dpkg_status(json_t *out, const char *data, size_t len)
{
	struct buf key = BUF_INIT;
	const char *line, *pkg = NULL, *ver = NULL, *arch = NULL, *status = NULL;
	size_t n, pn = 0, vn = 0, an = 0, sn = 0;
	struct lines it = LINES_INIT(data, len);
	bool more = true;

	while (more) {
		more = lines_next(&it, &line, &n);
		if (!more || n == 0) {
			if (pkg && ver && status && str_eq(status, sn, "install ok installed")) {
				buf_reset(&key);
				buf_add(&key, pkg, pn);
				buf_addch(&key, ':');
				buf_add(&key, arch ? arch : "", arch ? an : 0);
				set_str(out, key.ptr, ver, vn);
			}
			pkg = ver = arch = status = NULL;
			continue;
		}
		if (line[0] == ' ' || line[0] == '\t')
			continue;
#define FIELD(name, var, len)                                                                      \
	if (str_starts(line, n, name ":")) {                                                       \
		var = line + strlen(name ":");                                                     \
		len = n - strlen(name ":");                                                        \
		str_trim(&var, &len);                                                              \
		continue;                                                                          \
	}
		FIELD("Package", pkg, pn)
		FIELD("Version", ver, vn)
		FIELD("Architecture", arch, an)
		FIELD("Status", status, sn)
#undef FIELD
	}
	buf_release(&key);
	return 0;
}

/* dpkg's status file: RFC 822-like stanzas; only "install ok installed" packages count. */
static int read_dpkg(json_t *snap, const char *path, struct buf *warnings, bool *partial)
{
	struct buf data = BUF_INIT;
	json_t *pkgs = json_object();

	if (buf_read_file(&data, path) < 0) {
		if (!fs_exists(path)) {
			/* not a Debian system: no section content, but say so */
			buf_addf(warnings, "no dpkg database at '%s': packages not recorded\n",
			         path);
		} else {
			buf_addf(warnings, "%s\n", err_msg());
			*partial = true;
		}
	} else {
		buildenv_parse_dpkg_status(pkgs, data.ptr, data.len);
	}
	buf_release(&data);
	return json_object_set_new(snap, "packages", pkgs) < 0 ? ERR_GENERIC : 0;
}

static int read_env(json_t *snap, const struct buildenv_opts *o)
{
	json_t *env = json_object();

	for (size_t i = 0; i < buildenv_ndefault_env + o->ninclude_env; i++) {
		const char *name = i < buildenv_ndefault_env
		                           ? buildenv_default_env[i]
		                           : o->include_env[i - buildenv_ndefault_env];
		const char *v = getenv(name);

		if (v)
			set_str(env, name, v, strlen(v));
	}
	return json_object_set_new(snap, "env", env) < 0 ? ERR_GENERIC : 0;
}

static void hash_one(json_t *files, const char *key, const char *path, struct buf *warnings,
                     bool *partial)
{
	uint8_t h[SHA256_LEN];
	char hex[SHA256_HEX_LEN + 1];

	if (hash_sha256_file(h, path) < 0) {
		buf_addf(warnings, "%s\n", err_msg());
		*partial = true;
		return;
	}
	hex_encode(hex, h, SHA256_LEN);
	set_str(files, key, hex, SHA256_HEX_LEN);
}

struct ci_walk {
	json_t *files;
	const char *prefix;
	struct buf *warnings;
	bool *partial;
};

static int ci_file(const struct walk_entry *e, void *payload)
{
	struct ci_walk *w = payload;
	struct buf key = BUF_INIT;

	if (e->kind == WALK_ERROR) {
		buf_addf(w->warnings, "'%s': %s\n", e->path, e->reason ? e->reason : "unreadable");
		*w->partial = true;
	} else if (e->kind == WALK_FILE) {
		buf_addf(&key, "%s/%s", w->prefix, e->rel);
		hash_one(w->files, key.ptr, e->path, w->warnings, w->partial);
	}
	buf_release(&key);
	return 0;
}

static int read_files(json_t *snap, const struct buildenv_opts *o, struct buf *warnings,
                      bool *partial)
{
	json_t *files = json_object();
	struct buf p = BUF_INIT;
	struct stat st;
	struct dirent **names = NULL;
	int nn;

	for (size_t i = 0; i < ARRAY_SIZE(top_files); i++) {
		buf_reset(&p);
		buf_addf(&p, "%s/%s", o->root, top_files[i]);
		if (lstat(p.ptr, &st) == 0 && S_ISREG(st.st_mode))
			hash_one(files, top_files[i], p.ptr, warnings, partial);
	}
	nn = scandir(o->root, &names, NULL, alphasort);
	for (int i = 0; i < nn; i++) {
		const char *name = names[i]->d_name;
		size_t len = strlen(name);

		buf_reset(&p);
		buf_addf(&p, "%s/%s", o->root, name);
		if (len > 3 && !strcmp(name + len - 3, ".mk") && lstat(p.ptr, &st) == 0 &&
		    S_ISREG(st.st_mode))
			hash_one(files, name, p.ptr, warnings, partial);
		free(names[i]);
	}
	free(names);
	for (size_t i = 0; i < ARRAY_SIZE(ci_dirs); i++) {
		struct ci_walk w = { files, ci_dirs[i], warnings, partial };
		struct walk_opts wo = { .max_depth = 16, .max_entries = 100000 };

		buf_reset(&p);
		buf_addf(&p, "%s/%s", o->root, ci_dirs[i]);
		if (lstat(p.ptr, &st) == 0 && S_ISDIR(st.st_mode))
			walk(p.ptr, &wo, ci_file, &w);
	}
	for (size_t i = 0; i < o->nhash_files; i++)
		hash_one(files, o->hash_files[i], o->hash_files[i], warnings, partial);
	buf_release(&p);
	return json_object_set_new(snap, "files", files) < 0 ? ERR_GENERIC : 0;
}

int buildenv_snapshot(json_t **out, const struct buildenv_opts *o, struct buf *warnings,
                      bool *out_partial)
{
	json_t *snap = json_object();
	char when[32];
	struct buildenv_opts d = *o;
	int ret;

	*out_partial = false;
	if (!d.root)
		d.root = ".";
	if (!d.dpkg_status)
		d.dpkg_status = "/var/lib/dpkg/status";
	if (!d.os_release)
		d.os_release = "/etc/os-release";
	if ((ret = collected_time(when)) < 0)
		goto done;
	set_str(snap, "schema", BUILDENV_SCHEMA, strlen(BUILDENV_SCHEMA));
	set_str(snap, "collected", when, strlen(when));
	set_str(snap, "collector", d.collector ? d.collector : "vouch",
	        strlen(d.collector ? d.collector : "vouch"));
	if ((ret = read_os(snap, d.os_release, warnings, out_partial)) < 0 ||
	    (!d.no_tools && (ret = read_tools(snap, d.root, warnings, out_partial)) < 0) ||
	    (ret = read_dpkg(snap, d.dpkg_status, warnings, out_partial)) < 0 ||
	    (ret = read_env(snap, &d)) < 0 ||
	    (ret = read_files(snap, &d, warnings, out_partial)) < 0)
		goto done;
	if (d.no_tools)
		json_object_set_new(snap, "tools", json_object());
	*out = snap;
	snap = NULL;
done:
	json_decref(snap);
	return ret;
}

int buildenv_write(struct buf *out, const json_t *snapshot)
{
	struct jw w;

	jw_init(&w, out, true);
	jw_value(&w, snapshot, true);
	return jw_finish(&w);
}

int buildenv_load(json_t **out, const char *path)
{
	json_t *v = NULL;
	const char *schema;
	int ret;

	if ((ret = vjson_load_file(&v, path, 0)) < 0)
		return ret;
	schema = vjson_str(v, "schema");
	if (!json_is_object(v) || !schema || strcmp(schema, BUILDENV_SCHEMA)) {
		json_decref(v);
		return err_set(ERR_PARSE, "'%s' is not a vouch environment snapshot (schema %s)",
		               path, BUILDENV_SCHEMA);
	}
	*out = v;
	return 0;
}
