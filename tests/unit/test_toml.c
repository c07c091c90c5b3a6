#include "util/compat.h"
#include "harness.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"
#include "util/num.h"
#include "util/toml.h"
#include "util/walk.h"

#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <time.h>
#include <unistd.h>

/*
 * toml-test's expected values (tagged JSON: {"type": "integer", "value": "42"})
 * compared with a parsed tree. Test code only: vouch never writes this form.
 */

/* Components of an RFC 3339 text as toml-test writes it, read independently of toml.c. */
static bool read_expected_dt(const char *s, struct toml_datetime *dt)
{
	size_t n = strlen(s), i = 0;

	memset(dt, 0, sizeof(*dt));
#define D2(p) ((s[p] - '0') * 10 + (s[(p) + 1] - '0'))
	if (n >= 10 && s[4] == '-' && s[7] == '-') {
		dt->year = D2(0) * 100 + D2(2);
		dt->month = D2(5);
		dt->day = D2(8);
		dt->parts |= TOML_DT_DATE;
		i = 10;
		if (i == n)
			return true;
		if (s[i] != 'T' && s[i] != 't' && s[i] != ' ')
			return false;
		i++;
	}
	if (n < i + 8 || s[i + 2] != ':' || s[i + 5] != ':')
		return false;
	dt->hour = D2(i);
	dt->minute = D2(i + 3);
	dt->second = D2(i + 6);
	dt->parts |= TOML_DT_TIME;
	i += 8;
	if (i < n && s[i] == '.') {
		int k = 0;

		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, k++)
			if (k < 9)
				dt->nanosecond = dt->nanosecond * 10 + (s[i] - '0');
		for (; k < 9; k++)
			dt->nanosecond *= 10;
	}
	if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
		dt->parts |= TOML_DT_OFFSET;
		i++;
	} else if (i < n && (s[i] == '+' || s[i] == '-') && n - i == 6) {
		dt->offset_minutes = (s[i] == '-' ? -1 : 1) * (D2(i + 1) * 60 + D2(i + 4));
		dt->parts |= TOML_DT_OFFSET;
		i += 6;
	}
#undef D2
	return i == n;
}

static bool same_dt(const struct toml_datetime *a, const struct toml_datetime *b)
{
	return a->parts == b->parts && a->year == b->year && a->month == b->month &&
	       a->day == b->day && a->hour == b->hour && a->minute == b->minute &&
	       a->second == b->second && a->nanosecond == b->nanosecond &&
	       a->offset_minutes == b->offset_minutes;
}

static const char *tag_of(enum toml_kind k)
{
	switch (k) {
	case TOML_STRING:
		return "string";
	case TOML_INTEGER:
		return "integer";
	case TOML_FLOAT:
		return "float";
	case TOML_BOOLEAN:
		return "bool";
	case TOML_DATETIME:
		return "datetime";
	case TOML_DATETIME_LOCAL:
		return "datetime-local";
	case TOML_DATE_LOCAL:
		return "date-local";
	case TOML_TIME_LOCAL:
		return "time-local";
	default:
		return "?";
	}
}

/* Compares v with toml-test's j; on a difference appends "path: why" to why. */
static bool same(const struct toml_value *v, const json_t *j, const char *path, struct buf *why)
{
	struct buf sub = BUF_INIT;
	bool ok = true;

	if (v->kind == TOML_TABLE) {
		if (!json_is_object(j) || json_object_size(j) != v->u.tab.len) {
			buf_addf(why, "%s: table of %zu keys, expected %s of %zu\n", path,
			         v->u.tab.len, json_is_object(j) ? "an object" : "something else",
			         json_is_object(j) ? json_object_size(j) : 0);
			return false;
		}
		for (size_t i = 0; i < v->u.tab.len && ok; i++) {
			const struct toml_kv *kv = &v->u.tab.items[i];
			const json_t *m = json_object_getn(j, kv->key, kv->keylen);

			buf_reset(&sub);
			buf_addf(&sub, "%s.%s", path, kv->key);
			if (!m) {
				buf_addf(why, "%s: not expected\n", sub.ptr);
				ok = false;
			} else {
				ok = same(kv->value, m, sub.ptr, why);
			}
		}
		buf_release(&sub);
		return ok;
	}
	if (v->kind == TOML_ARRAY) {
		if (!json_is_array(j) || json_array_size(j) != v->u.arr.len) {
			buf_addf(why, "%s: array of %zu, expected %s\n", path, v->u.arr.len,
			         json_is_array(j) ? "another length" : "no array");
			return false;
		}
		for (size_t i = 0; i < v->u.arr.len && ok; i++) {
			buf_reset(&sub);
			buf_addf(&sub, "%s[%zu]", path, i);
			ok = same(v->u.arr.items[i], json_array_get(j, i), sub.ptr, why);
		}
		buf_release(&sub);
		return ok;
	}
	/* a scalar: {"type": T, "value": "text"} */
	const char *type = vjson_str(j, "type");
	const json_t *jv = json_object_get(j, "value");
	const char *val = json_is_string(jv) ? json_string_value(jv) : NULL;

	if (!json_is_object(j) || json_object_size(j) != 2 || !type || !val) {
		buf_addf(why, "%s: %s, expected a non-scalar\n", path, toml_kind_name(v->kind));
		return false;
	}
	if (strcmp(type, tag_of(v->kind))) {
		buf_addf(why, "%s: %s, expected %s\n", path, tag_of(v->kind), type);
		return false;
	}
	switch (v->kind) {
	case TOML_STRING:
		if (v->u.str.len != json_string_length(jv) ||
		    memcmp(v->u.str.ptr, val, v->u.str.len)) {
			buf_addf(why, "%s: string \"%s\", expected \"%s\"\n", path, v->u.str.ptr,
			         val);
			return false;
		}
		return true;
	case TOML_INTEGER: {
		int64_t want;

		if (num_parse_i64(&want, val, strlen(val), INT64_MIN, INT64_MAX, 0) < 0 ||
		    want != v->u.i) {
			buf_addf(why, "%s: integer %" PRId64 ", expected %s\n", path, v->u.i, val);
			return false;
		}
		return true;
	}
	case TOML_FLOAT: {
		double want;
		char *end;

		if (!strcmp(val, "nan") || !strcmp(val, "+nan") || !strcmp(val, "-nan"))
			want = NAN;
		else if (!strcmp(val, "inf") || !strcmp(val, "+inf"))
			want = INFINITY;
		else if (!strcmp(val, "-inf"))
			want = -INFINITY;
		else {
			want = strtod(val, &end);
			if (*end)
				want = -1.5e300; /* unreadable: cannot match */
		}
		if (isnan(want) ? !isnan(v->u.f) : want != v->u.f) {
			buf_addf(why, "%s: float %.17g, expected %s\n", path, v->u.f, val);
			return false;
		}
		return true;
	}
	case TOML_BOOLEAN:
		if (strcmp(val, v->u.b ? "true" : "false")) {
			buf_addf(why, "%s: %s, expected %s\n", path, v->u.b ? "true" : "false",
			         val);
			return false;
		}
		return true;
	default: {
		struct toml_datetime want, canon;

		if (!read_expected_dt(val, &want) || !same_dt(&want, v->u.dt)) {
			buf_addf(why, "%s: date-time %s, expected %s\n", path, v->u.dt->text, val);
			return false;
		}
		/* the canonical text must read back as the same value */
		if (!read_expected_dt(v->u.dt->text, &canon) || !same_dt(&canon, v->u.dt)) {
			buf_addf(why, "%s: canonical text %s does not read back\n", path,
			         v->u.dt->text);
			return false;
		}
		return true;
	}
	}
}

struct corpus_run {
	size_t valid, valid_extra, invalid, multi, crlf;
	struct buf bad;
	struct buf data;
};

static void run_valid(struct corpus_run *cr, const char *path, const char *rel, const char *jpath)
{
	struct toml_value *doc = NULL;
	json_t *want = NULL;
	int r;

	buf_reset(&cr->data);
	CHECK_OK(buf_read_file(&cr->data, path));
	r = toml_parse(&doc, cr->data.ptr, cr->data.len, rel);
	if (r < 0) {
		buf_addf(&cr->bad, "  valid/%s rejected: %s\n", rel, err_msg());
		return;
	}
	if (vjson_load_file(&want, jpath, 0) < 0) {
		buf_addf(&cr->bad, "  valid/%s: cannot read its JSON: %s\n", rel, err_msg());
	} else if (!same(doc, want, "", &cr->bad)) {
		buf_addf(&cr->bad, "  valid/%s differs from its JSON (above)\n", rel);
	} else {
		/* the same document with CRLF line ends must give the same values */
		struct buf crlf = BUF_INIT;
		struct toml_value *doc2 = NULL;

		for (size_t i = 0; i < cr->data.len; i++) {
			if (cr->data.ptr[i] == '\n' && (i == 0 || cr->data.ptr[i - 1] != '\r'))
				buf_addch(&crlf, '\r');
			buf_addch(&crlf, cr->data.ptr[i]);
		}
		if (toml_parse(&doc2, crlf.ptr, crlf.len, rel) < 0)
			buf_addf(&cr->bad, "  valid/%s with CRLF rejected: %s\n", rel, err_msg());
		else if (!same(doc2, want, "", &cr->bad))
			buf_addf(&cr->bad, "  valid/%s with CRLF differs from its JSON (above)\n",
			         rel);
		else
			cr->crlf++;
		toml_free(doc2);
		buf_release(&crlf);
	}
	json_decref(want);
	toml_free(doc);
}

static void run_invalid(struct corpus_run *cr, const char *path, const char *rel)
{
	struct toml_value *doc = NULL;
	struct buf prefix = BUF_INIT;
	const char *m, *p;
	int r;

	buf_reset(&cr->data);
	CHECK_OK(buf_read_file(&cr->data, path));
	r = toml_parse(&doc, cr->data.ptr, cr->data.len, rel);
	if (r == 0) {
		buf_addf(&cr->bad, "  invalid/%s accepted\n", rel);
		toml_free(doc);
		return;
	}
	/* "NAME:LINE:COLUMN: what" */
	buf_addf(&prefix, "%s:", rel);
	m = err_msg();
	p = m + prefix.len;
	if (strncmp(m, prefix.ptr, prefix.len) || !(*p >= '1' && *p <= '9') ||
	    !(p = strchr(p, ':')) || !(p[1] >= '1' && p[1] <= '9') || !(p = strchr(p + 1, ':')) ||
	    p[1] != ' ' || (r != ERR_PARSE && r != ERR_TOOBIG))
		buf_addf(&cr->bad, "  invalid/%s: error without line and column: %s\n", rel, m);
	buf_release(&prefix);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

static int corpus_entry(const struct walk_entry *e, void *payload)
{
	struct corpus_run *cr = payload;
	bool valid = !strncmp(e->rel, "valid/", 6);
	struct buf other = BUF_INIT;

	if (e->kind == WALK_ERROR)
		buf_addf(&cr->bad, "  cannot read %s: %s\n", e->rel, e->reason);
	if (e->kind != WALK_FILE)
		return 0;
	if (ends_with(e->name, ".multi")) {
		/* generator input of toml-test: each line is also present as its own file */
		cr->multi++;
		return 0;
	}
	if (valid && ends_with(e->name, ".toml")) {
		buf_add(&other, e->path, strlen(e->path) - 5);
		buf_adds(&other, ".json");
		cr->valid++;
		run_valid(cr, e->path, e->rel + 6, other.ptr);
	} else if (valid && ends_with(e->name, "-toml")) {
		/*
		 * valid/string/multiline-toml and -json: a case stored without its
		 * extensions in this corpus snapshot. Run it as a valid case too.
		 */
		buf_add(&other, e->path, strlen(e->path) - 5);
		buf_adds(&other, "-json");
		if (access(other.ptr, R_OK) == 0) {
			cr->valid_extra++;
			run_valid(cr, e->path, e->rel + 6, other.ptr);
		}
	} else if (!strncmp(e->rel, "invalid/", 8) && ends_with(e->name, ".toml")) {
		cr->invalid++;
		run_invalid(cr, e->path, e->rel + 8);
	}
	buf_release(&other);
	return 0;
}

/*
 * toml-test as stored in ../shared/corpus: a snapshot from before toml-test
 * split its cases by TOML version (no files-toml-1.0.0 list, no TOML 1.1
 * features anywhere: \e and \x escapes and newlines in inline tables are
 * invalid cases here, seconds are required), so every case is a TOML 1.0
 * case. The counts are those of the snapshot, so that a case silently not
 * run is a failure: 94 valid .toml files plus one pair stored without
 * extensions, 185 invalid .toml files, 3 .multi generator files.
 */
static void test_toml_test_corpus(void)
{
	const char *corpus = need_corpus();
	struct corpus_run cr = { 0, 0, 0, 0, 0, BUF_INIT, BUF_INIT };
	struct buf root = BUF_INIT;

	buf_addf(&root, "%s/toml-test", corpus);
	if (access(root.ptr, R_OK) != 0)
		harness_skip("no toml-test in the corpus (%s)", root.ptr);
	CHECK_OK(walk(root.ptr, NULL, corpus_entry, &cr));
	printf("# toml-test: %zu valid + %zu extension-less valid, %zu invalid, %zu .multi "
	       "skipped\n",
	       cr.valid, cr.valid_extra, cr.invalid, cr.multi);
	if (cr.bad.len)
		harness_fail(__FILE__, __LINE__, "toml-test disagreements:\n%s", cr.bad.ptr);
	CHECK_INT(cr.valid, 94);
	CHECK_INT(cr.valid_extra, 1);
	CHECK_INT(cr.invalid, 185);
	CHECK_INT(cr.crlf, cr.valid + cr.valid_extra);
	buf_release(&cr.bad);
	buf_release(&cr.data);
	buf_release(&root);
}

/* Focused tests */

static struct toml_value *parse_ok(const char *doc)
{
	struct toml_value *v = NULL;

	if (toml_parse(&v, doc, strlen(doc), "t.toml") < 0)
		harness_fail(__FILE__, __LINE__, "cannot parse \"%s\": %s", doc, err_msg());
	return v;
}

/* Parses doc expecting failure; returns the message. */
static const char *parse_bad(const char *doc, int code)
{
	struct toml_value *v = NULL;
	int r = toml_parse(&v, doc, strlen(doc), "t.toml");

	if (r == 0) {
		toml_free(v);
		harness_fail(__FILE__, __LINE__, "accepted \"%s\"", doc);
	}
	if (r != code)
		harness_fail(__FILE__, __LINE__, "\"%s\" gave %d (%s), expected %d", doc, r,
		             err_msg(), code);
	return err_msg();
}

static void test_lookups_and_order(void)
{
	const char *doc = "zeta = 1\n"
	                  "alpha = \"a\"\n"
	                  "[tool.poetry]\n"
	                  "name = \"x\"\n"
	                  "deps = [1, \"two\", 3.5, [4]]\n"
	                  "[[product]]\n"
	                  "name = \"p1\"\n"
	                  "[[product]]\n"
	                  "name = \"p2\"\n"
	                  "\"k\\u0000ey\" = \"nul\\u0000inside\"\n";
	struct toml_value *t = parse_ok(doc);
	const struct toml_value *deps, *p;
	const struct toml_kv *kv;

	CHECK_INT(toml_table_len(t), 4);
	CHECK_STR(toml_table_at(t, 0)->key, "zeta");
	CHECK_STR(toml_table_at(t, 1)->key, "alpha");
	CHECK_STR(toml_table_at(t, 2)->key, "tool");
	CHECK_STR(toml_table_at(t, 3)->key, "product");
	CHECK(toml_table_at(t, 4) == NULL);
	CHECK_STR(toml_strval(TOML_PATH(t, "tool", "poetry", "name")), "x");
	CHECK(TOML_PATH(t, "tool", "nothing", "name") == NULL);
	CHECK(toml_get(NULL, "x") == NULL);
	CHECK(toml_get(toml_get(t, "zeta"), "x") == NULL);
	deps = TOML_PATH(t, "tool", "poetry", "deps");
	CHECK_INT(toml_array_len(deps), 4);
	CHECK_INT(toml_array_at(deps, 0)->u.i, 1);
	CHECK_STR(toml_strval(toml_array_at(deps, 1)), "two");
	CHECK(toml_array_at(deps, 2)->u.f == 3.5);
	CHECK_INT(toml_array_len(toml_array_at(deps, 3)), 1);
	CHECK(toml_array_at(deps, 4) == NULL);
	CHECK_INT(toml_array_len(toml_get(t, "zeta")), 0);
	p = toml_get(t, "product");
	CHECK_INT(toml_array_len(p), 2);
	CHECK_STR(toml_str(toml_array_at(p, 1), "name"), "p2");
	kv = toml_table_at(toml_array_at(p, 1), 1);
	CHECK_INT(kv->keylen, 4);
	CHECK(!memcmp(kv->key, "k\0ey", 5));
	CHECK(toml_getn(toml_array_at(p, 1), "k\0ey", 4) == kv->value);
	CHECK_INT(kv->value->u.str.len, 10);
	CHECK(toml_strval(kv->value) == NULL); /* holds a NUL */
	toml_free(t);
}

static void test_lines_and_columns(void)
{
	const char *doc = "# comment\n"              /* 1 */
	                  "a = 1\n"                  /* 2 */
	                  "s = \"\"\"\n"             /* 3 */
	                  "two\n"                    /* 4 */
	                  "lines\"\"\"\n"            /* 5 */
	                  "  b = 'é'   ;\n";         /* 6: an error at column 14 */
	const char *doc2 = "x = 1\r\n"               /* 1 */
	                   "[srv.\"é\".z]\r\n"       /* 2 */
	                   "k = [\n"                 /* 3 */
	                   "  1,\n"                  /* 4 */
	                   "\t{ q = 'é', r = 2 },\n" /* 5 */
	                   "]\n"                     /* 6 */
	                   "d.e.f = 1979-05-27\n";   /* 7 */
	struct toml_value *t;
	const struct toml_value *k, *v;
	const char *m;

	m = parse_bad(doc, ERR_PARSE);
	CHECK(!strncmp(m, "t.toml:6:13: ", 13));
	t = parse_ok(doc2);
	CHECK_INT(toml_get(t, "x")->line, 1);
	CHECK_INT(toml_get(t, "x")->col, 5);
	v = TOML_PATH(t, "srv", "é", "z");
	CHECK_INT(v->line, 2);
	CHECK_INT(v->col, 1);
	/* an implicit table: where its key part is written */
	v = TOML_PATH(t, "srv", "é");
	CHECK_INT(v->line, 2);
	CHECK_INT(v->col, 6);
	k = TOML_PATH(t, "srv", "é", "z", "k");
	CHECK_INT(k->line, 3);
	CHECK_INT(k->col, 5);
	CHECK_INT(toml_array_at(k, 0)->line, 4);
	CHECK_INT(toml_array_at(k, 0)->col, 3);
	v = toml_array_at(k, 1);
	CHECK_INT(v->line, 5);
	CHECK_INT(v->col, 2);
	CHECK_INT(toml_get(v, "r")->line, 5);
	CHECK_INT(toml_get(v, "r")->col, 17); /* 'é' counts as one column */
	CHECK_INT(toml_table_at(v, 1)->col, 13);
	v = TOML_PATH(t, "srv", "é", "z", "d", "e", "f");
	CHECK_INT(v->line, 7);
	CHECK_INT(v->col, 9);
	CHECK_INT(TOML_PATH(t, "srv", "é", "z", "d", "e")->col, 3);
	toml_free(t);
}

static void test_typed_getters(void)
{
	const char *doc = "[organisation]\n"
	                  "name = \"Example Ltd\"\n"
	                  "role = 7\n"
	                  "bad = \"a\\u0000b\"\n"
	                  "[sro]\n"
	                  "appointed = 2025-06-01\n"
	                  "at = 2025-06-01T10:00:00Z\n"
	                  "ratio = 2\n"
	                  "ok = true\n"
	                  "list = [1]\n";
	struct toml_value *t = parse_ok(doc);
	const struct toml_value *org = toml_get(t, "organisation"), *sro = toml_get(t, "sro"), *x;
	const struct toml_datetime *dt;
	const char *s;
	size_t n;
	int64_t i;
	double d;
	bool b;

	CHECK_OK(toml_get_string(&s, org, "name"));
	CHECK_STR(s, "Example Ltd");
	CHECK_INT(toml_get_string(&s, org, "role"), ERR_PARSE);
	CHECK_STR(err_msg(), "t.toml:3: 'role' must be a string, not an integer");
	CHECK_INT(toml_get_string(&s, org, "bad"), ERR_PARSE);
	CHECK_STR(err_msg(), "t.toml:4: 'bad' must not contain U+0000");
	CHECK_OK(toml_as_stringn(&s, &n, toml_get(org, "bad"), "bad"));
	CHECK_INT(n, 3);
	CHECK_INT(toml_get_string(&s, org, "missing"), ERR_NOTFOUND);
	CHECK_STR(err_msg(), "t.toml:1: missing 'missing'");
	CHECK_INT(toml_get_table(&x, t, "nothing"), ERR_NOTFOUND);
	CHECK_STR(err_msg(), "t.toml: missing 'nothing'");
	CHECK_OK(toml_get_int(&i, org, "role"));
	CHECK_INT(i, 7);
	CHECK_OK(toml_get_datetime(&dt, sro, "appointed", TOML_KIND_BIT(TOML_DATE_LOCAL)));
	CHECK_INT(dt->year, 2025);
	CHECK_INT(dt->month, 6);
	CHECK_INT(dt->day, 1);
	CHECK_INT(dt->parts, TOML_DT_DATE);
	CHECK_STR(dt->text, "2025-06-01");
	CHECK_INT(toml_get_datetime(&dt, sro, "at", TOML_KIND_BIT(TOML_DATE_LOCAL)), ERR_PARSE);
	CHECK_STR(err_msg(), "t.toml:7: 'at' must be a local date, not an offset date-time");
	CHECK_OK(toml_get_datetime(&dt, sro, "at", 0));
	CHECK_STR(dt->text, "2025-06-01T10:00:00Z");
	CHECK_OK(toml_get_float(&d, sro, "ratio"));
	CHECK(d == 2.0);
	CHECK_OK(toml_get_bool(&b, sro, "ok"));
	CHECK(b);
	CHECK_INT(toml_get_bool(&b, sro, "ratio"), ERR_PARSE);
	CHECK_OK(toml_get_array(&x, sro, "list"));
	CHECK_INT(toml_array_len(x), 1);
	CHECK_INT(toml_as_string(&s, toml_array_at(x, 0), "list[0]"), ERR_PARSE);
	CHECK_STR(err_msg(), "t.toml:10: 'list[0]' must be a string, not an integer");
	CHECK_INT(toml_get_table(&x, sro, "list"), ERR_PARSE);
	CHECK_STR(err_msg(), "t.toml:10: 'list' must be a table, not an array");
	CHECK_OK(toml_get_table(&x, t, "sro"));
	CHECK(x == sro);
	toml_free(t);
}

static void test_scalars(void)
{
	const char *doc = "max = 9_223_372_036_854_775_807\n"
	                  "min = -9223372036854775808\n"
	                  "hex = 0x7FFF_FFFF_ffff_ffff\n"
	                  "oct = 0o755\n"
	                  "bin = 0b1101\n"
	                  "nz = -0.0\n"
	                  "ninf = -inf\n"
	                  "nan = -nan\n"
	                  "exp = 6.626e-3_4\n"
	                  "big = 1e300\n"
	                  "t1 = 07:32:00.9999999999\n"
	                  "t2 = 1979-05-27 07:32:00.5-07:30\n"
	                  "t3 = 2000-02-29t23:59:60z\n"
	                  "t4 = 1979-05-27T00:00:00-00:00\n"
	                  "s1 = '''\r\nline\r\nend'''\n"
	                  "s2 = \"\"\"a\\\r\n   \r\n  b\"\"\"\"\"\n";
	struct toml_value *t = parse_ok(doc);
	const struct toml_datetime *dt;

	CHECK(toml_get(t, "max")->u.i == INT64_MAX);
	CHECK(toml_get(t, "min")->u.i == INT64_MIN);
	CHECK(toml_get(t, "hex")->u.i == INT64_MAX);
	CHECK_INT(toml_get(t, "oct")->u.i, 0755);
	CHECK_INT(toml_get(t, "bin")->u.i, 13);
	CHECK(toml_get(t, "nz")->u.f == 0.0 && signbit(toml_get(t, "nz")->u.f));
	CHECK(isinf(toml_get(t, "ninf")->u.f) && toml_get(t, "ninf")->u.f < 0);
	CHECK(isnan(toml_get(t, "nan")->u.f));
	CHECK(toml_get(t, "exp")->u.f == 6.626e-34);
	CHECK(toml_get(t, "big")->u.f == 1e300);
	dt = toml_get(t, "t1")->u.dt;
	CHECK_INT(toml_get(t, "t1")->kind, TOML_TIME_LOCAL);
	CHECK_INT(dt->nanosecond, 999999999); /* truncated, not rounded */
	CHECK_STR(dt->text, "07:32:00.999999999");
	dt = toml_get(t, "t2")->u.dt;
	CHECK_INT(toml_get(t, "t2")->kind, TOML_DATETIME);
	CHECK_INT(dt->offset_minutes, -450);
	CHECK_INT(dt->nanosecond, 500000000);
	CHECK_STR(dt->text, "1979-05-27T07:32:00.5-07:30");
	dt = toml_get(t, "t3")->u.dt;
	CHECK_INT(dt->second, 60);
	CHECK_STR(dt->text, "2000-02-29T23:59:60Z");
	CHECK_STR(toml_get(t, "t4")->u.dt->text, "1979-05-27T00:00:00Z");
	CHECK_STR(toml_strval(toml_get(t, "s1")), "line\nend");
	CHECK_STR(toml_strval(toml_get(t, "s2")), "ab\"\"");
	toml_free(t);

	/* a byte order mark at the start only */
	t = parse_ok("\xef\xbb\xbf"
	             "a = 1\n");
	CHECK_INT(toml_get(t, "a")->u.i, 1);
	toml_free(t);
	parse_bad("a = 1\n\xef\xbb\xbf", ERR_PARSE);
	/* an empty document is an empty table */
	t = parse_ok("");
	CHECK_INT(t->kind, TOML_TABLE);
	CHECK_INT(toml_table_len(t), 0);
	toml_free(t);
}

/* Cases of the spec and of later toml-test releases, beyond the corpus snapshot. */
static void test_redefinition_rules(void)
{
	static const char *const good[] = {
		"[fruit]\napple.color = 'red'\napple.taste.sweet = true\n"
		"[fruit.apple.texture]\nsmooth = true\n",
		"[x.y.z.w]\n[x]\n",
		"[a.b.c]\n[a]\nb.d = 1\n",
		"[[a]]\n[a.b]\n[[a]]\n[a.b]\n",
		"[[fruits]]\nname='apple'\n[fruits.physical]\ncolor='red'\n[[fruits.varieties]]\n"
		"name='x'\n[[fruits]]\nname='banana'\n[[fruits.varieties]]\nname='y'\n",
		"a = { b.c = 1, b.d = 2 }\n",
		"name = { first = 'Tom', last = 'Preston-Werner' }\n",
		"arr = [ { x = 1 }, [ 1, 'mixed', 1.0 ] ]\n",
		"'quoted \"value\"' = 1\n\"\" = 2\n",
		"a.\"b.c\".'d' = 1\n",
		"3.14159 = 'pi'\n",
	};
	static const char *const bad[] = {
		"[fruit]\napple.color = 'red'\n[fruit.apple]\n",
		"[fruit]\napple.taste.sweet = true\n[fruit.apple.taste]\n",
		"[a]\n[a]\n",
		"[a.b]\n[a]\n[a.b]\n",
		"a = 1\na = 2\n",
		"a.b = 1\na.b.c = 2\n",
		"a = { b = 1 }\na.c = 2\n",
		"a = { b = 1 }\n[a]\n",
		"a = { b = 1 }\n[a.c]\n",
		"a = { b = { c = 1 }, b.d = 2 }\n",
		"a = []\n[[a]]\n",
		"[a]\n[[a]]\n",
		"[[a]]\n[a]\n",
		"[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n",
		"[a.b.c.d]\nz = 9\n[a]\nb.c.d.k.t = 1\n",
		"[product]\ntype = { name = 'Nail' }\ntype.edible = false\n",
		"[product]\ntype.name = 'Nail'\ntype = { edible = false }\n",
		"a.b = 1\n[a]\n",
		"[a]\nb.c = 1\n[a.b]\n",
		"[a.b.c]\n[a]\nb.d = 1\n[a.b]\n",
		"a = 1\n[a.b]\n",
		"a = [1]\n[a.b]\n",
		"x = 1\n[[x.y]]\n",
		"a = { x = 1 }\n[[a.b]]\n",
		"t = { f = { a.b = 1, a.c.d = 2 }, f.a.e = { g = 3 } }\n",
		"a = [{ b = 1 }]\n[a.c]\n",
		"a = 1\n\f\n",
		"a = {\n}\n",
		"a = { b = 1, }\n",
		"a = { b = 1\n}\n",
		"a = 1 b = 2\n",
		"[a]]\n",
		"[[a]\n",
		"[ [a]]\n",
		"a = \"\\e\"\n",
		"a = \"\\x41\"\n",
		"a = 12:30\n",
		"a = 1979-05-27T07:32\n",
		"a = 2001-02-29\n",
		"a = 1900-02-29\n",
		"a = 2000-13-01\n",
		"a = 2000-01-32\n",
		"a = 24:00:00\n",
		"a = 23:60:00\n",
		"a = 23:59:61\n",
		"a = 2000-01-01T00:00:00+24:00\n",
		"a = 07:32:00Z\n",
		"a = 9223372036854775808\n",
		"a = -9223372036854775809\n",
		"a = 0x8000000000000000\n",
		"a = 1e400\n",
		"a = \"\\uD800\"\n",
		"a = \"\\U00110000\"\n",
		"a = \"\"\"a\"\"\"\"\"\"\n",
		"a = '''a''''''\n",
		"\"\"\"a\"\"\" = 1\n",
		"a = 'x\ry'\n",
		"a = \"x\r\"\n",
		"# bad\rcomment\n",
		"a = .5\n",
		"a = 5.\n",
		"a = +0x1\n",
		"a = 0_1\n",
		"a = 1__0\n",
		"a = True\n",
		"a =\n",
		"= 1\n",
		"a.\n",
		"a. = 1\n",
	};
	struct toml_value *t;

	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		t = parse_ok(good[i]);
		toml_free(t);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		const char *m = parse_bad(bad[i], ERR_PARSE);

		CHECK(!strncmp(m, "t.toml:", 7));
	}
	/* the same key defined twice names the key and where */
	CHECK_STR(parse_bad("a = 1\n a = 2\n", ERR_PARSE),
	          "t.toml:2:2: key 'a' is defined twice (first on line 1)");
	CHECK_STR(parse_bad("[a]\n[b]\n[a]\n", ERR_PARSE),
	          "t.toml:3:1: cannot define table 'a': it is already defined (line 1)");
	CHECK_STR(parse_bad("a = \"\\q\"\n", ERR_PARSE), "t.toml:1:6: invalid escape '\\q'");
	CHECK_STR(parse_bad("a = \"x\n", ERR_PARSE), "t.toml:1:7: newline in a single-line string");
	CHECK_STR(parse_bad("a = [1,\n2\n", ERR_PARSE), "t.toml:1:5: unterminated array");
	CHECK_STR(parse_bad("a = \xff\n", ERR_PARSE), "t.toml:1:5: invalid UTF-8");
}

/* The example of design.md, read as the assessment will read it. */
static void test_vouch_example(void)
{
	const char *doc =
	        "[organisation]\n"
	        "name = \"Example Ltd\"\n"
	        "role = \"developer-distributor\"      # developer-distributor | reseller | "
	        "developer (filters themes)\n"
	        "\n"
	        "[sro]                               # the Senior Responsible Owner\n"
	        "name = \"A. Person\"\n"
	        "title = \"Chief Technology Officer\"\n"
	        "appointed = 2025-06-01\n"
	        "\n"
	        "[[product]]\n"
	        "name = \"example-server\"\n"
	        "path = \".\"                          # source tree for automated evidence\n"
	        "\n"
	        "[[product.release]]\n"
	        "version = \"1.x\"\n"
	        "released = 2024-01-15\n"
	        "end_of_support = 2027-06-30\n"
	        "notice_published = 2026-05-01       # when customers were told the end date\n"
	        "notice_url = \"https://example.com/lifecycle\"\n"
	        "\n"
	        "[disclosure]\n"
	        "security_txt = \".well-known/security.txt\"\n"
	        "policy_url = \"https://example.com/security/disclosure\"\n"
	        "\n"
	        "[[claim]]                           # a declared claim, for what no tool can "
	        "observe\n"
	        "id = \"1.1.2\"\n"
	        "status = \"met\"\n"
	        "argument = \"All developers complete secure coding training every year.\"\n"
	        "evidence = [\"evidence/training-2026.pdf\"]   # hashed into the report\n"
	        "owner = \"Head of Engineering\"\n"
	        "reviewed = 2026-09-01\n";
	struct toml_value *t = parse_ok(doc);
	const struct toml_value *products, *rel, *claim, *ev;
	const struct toml_datetime *eos, *notice;
	const char *s;

	CHECK_OK(toml_get_string(&s, toml_get(t, "organisation"), "role"));
	CHECK_STR(s, "developer-distributor");
	CHECK_OK(toml_get_array(&products, t, "product"));
	CHECK_INT(toml_array_len(products), 1);
	CHECK_OK(toml_get_array(&rel, toml_array_at(products, 0), "release"));
	CHECK_OK(toml_get_datetime(&eos, toml_array_at(rel, 0), "end_of_support",
	                           TOML_KIND_BIT(TOML_DATE_LOCAL)));
	CHECK_OK(toml_get_datetime(&notice, toml_array_at(rel, 0), "notice_published",
	                           TOML_KIND_BIT(TOML_DATE_LOCAL)));
	CHECK_STR(eos->text, "2027-06-30");
	CHECK_INT(notice->year * 10000 + notice->month * 100 + notice->day, 20260501);
	claim = toml_array_at(toml_get(t, "claim"), 0);
	CHECK_STR(toml_str(claim, "id"), "1.1.2");
	CHECK_OK(toml_get_array(&ev, claim, "evidence"));
	CHECK_STR(toml_strval(toml_array_at(ev, 0)), "evidence/training-2026.pdf");
	CHECK_INT(toml_get(claim, "reviewed")->kind, TOML_DATE_LOCAL);
	toml_free(t);
}

static void test_million_brackets(void)
{
	size_t n = 1000000;
	char *s = xmalloc(n + 4);
	struct toml_value *t = NULL;
	clock_t c0 = clock();

	memset(s, '[', n);
	CHECK_INT(toml_parse(&t, s, n, "deep.toml"), ERR_PARSE);
	CHECK(!strncmp(err_msg(), "deep.toml:1:3: expected a key", 29));
	memcpy(s, "a =", 3);
	CHECK_INT(toml_parse(&t, s, n, "deep.toml"), ERR_TOOBIG);
	CHECK_STR(err_msg(), "deep.toml:1:260: nesting deeper than 256 levels");
	memset(s + 3, '{', n - 3);
	CHECK_INT(toml_parse(&t, s, n, "deep.toml"), ERR_PARSE);
	for (size_t i = 3; i + 6 < n; i += 6)
		memcpy(s + i, "{a = [", 6);
	CHECK_INT(toml_parse(&t, s, n, "deep.toml"), ERR_TOOBIG);
	/* a header of many parts is nesting too */
	s[0] = '[';
	for (size_t i = 1; i + 2 < n; i += 2)
		memcpy(s + i, "a.", 2);
	memcpy(s + n - 3, "a]\n", 3);
	CHECK_INT(toml_parse(&t, s, n, "deep.toml"), ERR_TOOBIG);
	CHECK(strstr(err_msg(), "more than 256 parts") != NULL);
	/* not a timed test: a clean error must not take long in any build */
	CHECK((clock() - c0) / CLOCKS_PER_SEC < 20);
	free(s);
}

static void test_limits(void)
{
	struct toml_limits lim = { 0 };
	struct toml_value *t = NULL;
	struct buf b = BUF_INIT;
	const char *doc = "a = [1, 2, 3]\nb = 'abcdefgh'\n";

	lim.max_size = 10;
	CHECK_INT(toml_parse_limits(&t, doc, strlen(doc), "l.toml", &lim), ERR_TOOBIG);
	CHECK_STR(err_msg(), "l.toml: larger than 10 bytes");
	lim.max_size = 0;
	lim.max_values = 4;
	CHECK_INT(toml_parse_limits(&t, doc, strlen(doc), "l.toml", &lim), ERR_TOOBIG);
	CHECK_STR(err_msg(), "l.toml:1:12: more than 4 values and keys");
	lim.max_values = 0;
	lim.max_string = 4;
	CHECK_INT(toml_parse_limits(&t, doc, strlen(doc), "l.toml", &lim), ERR_TOOBIG);
	CHECK_STR(err_msg(), "l.toml:2:5: string longer than 4 bytes");
	lim.max_string = 0;
	lim.max_depth = 1;
	CHECK_INT(toml_parse_limits(&t, "a = [[1]]", 9, "l.toml", &lim), ERR_TOOBIG);
	CHECK_STR(err_msg(), "l.toml:1:6: nesting deeper than 1 levels");
	CHECK_OK(toml_parse_limits(&t, doc, strlen(doc), "l.toml", &lim));
	toml_free(t);

	/* a huge string under the default cap of 4 MiB is refused; the document cap is 16 MiB */
	buf_adds(&b, "s = \"");
	for (size_t i = 0; i < (TOML_MAX_STRING >> 4) + 1; i++)
		buf_adds(&b, "0123456789abcdef");
	buf_adds(&b, "\"\n");
	CHECK_INT(toml_parse(&t, b.ptr, b.len, "huge.toml"), ERR_TOOBIG);
	CHECK_STR(err_msg(), "huge.toml:1:5: string longer than 4194304 bytes");
	buf_release(&b);
}

/* Shapes that would be quadratic with naive lookups or column counting. */
static void test_big_documents(void)
{
	struct buf b = BUF_INIT;
	struct toml_value *t = NULL;
	const size_t n = 100000;
	const struct toml_value *a;

	/* many keys in one table, on one line of an inline table */
	buf_adds(&b, "t = {");
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%sk%zu = %zu", i ? ", " : "", i, i);
	buf_adds(&b, "}\n");
	CHECK_OK(toml_parse(&t, b.ptr, b.len, "big.toml"));
	CHECK_INT(toml_table_len(toml_get(t, "t")), n);
	CHECK_INT(toml_get(toml_get(t, "t"), "k77777")->u.i, 77777);
	CHECK_INT(toml_table_at(toml_get(t, "t"), 99999)->value->u.i, 99999);
	CHECK_INT(toml_get(toml_get(t, "t"), "k99999")->line, 1);
	toml_free(t);

	/* many dotted keys and many array-of-tables elements */
	buf_reset(&b);
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "a.b%zu.c = %zu\n", i, i);
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "[[pkg]]\nname = \"p%zu\"\n[pkg.dep]\nx = 1\n", i);
	CHECK_OK(toml_parse(&t, b.ptr, b.len, "big.toml"));
	CHECK_INT(toml_table_len(toml_get(t, "a")), n);
	CHECK_INT(TOML_PATH(t, "a", "b4242", "c")->u.i, 4242);
	a = toml_get(t, "pkg");
	CHECK_INT(toml_array_len(a), n);
	CHECK_STR(toml_str(toml_array_at(a, n - 1), "name"), "p99999");
	CHECK_INT(toml_array_at(a, n - 1)->line, n + 4 * (n - 1) + 1);
	toml_free(t);

	/* a long array on one line */
	buf_reset(&b);
	buf_adds(&b, "x = [");
	for (size_t i = 0; i < 4 * n; i++)
		buf_adds(&b, "1,");
	buf_adds(&b, "]");
	CHECK_OK(toml_parse(&t, b.ptr, b.len, "big.toml"));
	CHECK_INT(toml_array_len(toml_get(t, "x")), 4 * n);
	CHECK_INT(toml_array_at(toml_get(t, "x"), 4 * n - 1)->col, 6 + 2 * (4 * n - 1));
	toml_free(t);
	buf_release(&b);
}

static void test_load_file(void)
{
	const char *dir = harness_tmpdir();
	struct buf p = BUF_INIT;
	struct toml_value *t = NULL;
	FILE *f;

	buf_addf(&p, "%s/vouch.toml", dir);
	f = fopen(p.ptr, "w");
	CHECK(f != NULL);
	fputs("[organisation]\nname = \"Example Ltd\"\nrole = 'developer'\n", f);
	CHECK(fclose(f) == 0);
	CHECK_OK(toml_load_file(&t, p.ptr, 0));
	CHECK_STR(toml_str(toml_get(t, "organisation"), "role"), "developer");
	CHECK(toml_get(t, "organisation")->name == t->name);
	CHECK_STR(t->name, p.ptr);
	toml_free(t);
	CHECK_INT(toml_load_file(&t, p.ptr, 10), ERR_TOOBIG);
	buf_adds(&p, ".absent");
	CHECK_INT(toml_load_file(&t, p.ptr, 0), ERR_IO);
	CHECK(strstr(err_msg(), "vouch.toml.absent") != NULL);
	buf_release(&p);
	toml_free(NULL);
}

RUN_TESTS("toml", T(test_toml_test_corpus), T(test_lookups_and_order), T(test_lines_and_columns),
          T(test_typed_getters), T(test_vouch_example), T(test_scalars), T(test_redefinition_rules),
          T(test_million_brackets), T(test_limits), T(test_big_documents), T(test_load_file))
