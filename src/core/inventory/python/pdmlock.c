/*
 * pdmlock.c: PDM's pdm.lock (TOML).
 *
 * Each [[package]] is a distribution. groups says which dependency groups
 * need it: in "default" it is a runtime package; otherwise it is PKG_DEV
 * when every group it is in has a conventional development name (dev,
 * test, tests, lint, docs, doc, typing) and PKG_OPTIONAL when not (an
 * optional-dependencies group); the lock does not say which kind a group
 * is, so the groups are kept as vouch:groups. git/revision give vouch:source,
 * path/url entries too (paths PKG_LOCAL); marker is kept as vouch:marker;
 * files = [{file, hash}] give hashes; dependencies = ["name[extra] spec;
 * marker", ...] (PEP 508) become edges to the locked packages of that name.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "core/inventory/python/pypi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/toml.h"

static bool dev_group(const char *g)
{
	static const char *const names[] = {
		"dev", "test", "tests", "lint", "docs", "doc", "typing"
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(g, names[i]))
			return true;
	return false;
}

static void set_groups(struct pkg *p, const struct toml_value *groups)
{
	struct buf list = BUF_INIT;
	bool in_default = false, all_dev = true;
	size_t n = 0;

	for (size_t i = 0; i < toml_array_len(groups); i++) {
		const char *g = toml_strval(toml_array_at(groups, i));

		if (!g)
			continue;
		buf_addf(&list, "%s%s", n++ ? "," : "", g);
		in_default |= !strcmp(g, "default");
		all_dev &= dev_group(g);
	}
	if (n && !in_default)
		p->flags |= all_dev ? PKG_DEV : PKG_OPTIONAL;
	pkg_add_prop(p, "vouch:groups", list.ptr);
	buf_release(&list);
}

static int pdm_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct toml_value *doc = NULL;
	const struct toml_value *pkgs;
	struct pyidx idx = { 0 };
	struct pkg **made = NULL;
	int r;

	if ((r = langkit_toml(ctx, data, len, &doc)) < 0)
		return r;
	pkgs = toml_get(doc, "package");
	if (!pkgs && !toml_get(doc, "metadata")) {
		toml_free(doc);
		return extract_error(ctx, 0, "not a pdm.lock: no [metadata] or [[package]]");
	}
	if (pkgs && pkgs->kind != TOML_ARRAY) {
		toml_free(doc);
		return extract_error(ctx, pkgs->line, "'package' is not an array of tables");
	}
	made = xcalloc(toml_array_len(pkgs) + 1, sizeof(*made));
	for (size_t i = 0; i < toml_array_len(pkgs); i++) {
		const struct toml_value *t = toml_array_at(pkgs, i), *nv = toml_get(t, "name");
		const struct toml_value *files = toml_get(t, "files");
		const char *name = toml_str(t, "name"), *ver = toml_str(t, "version"), *s;
		struct pkg *p;

		if (t->kind != TOML_TABLE || !name || !pypi_valid_name(name, strlen(name))) {
			extract_error(ctx, t->line, "[[package]] without a valid name");
			continue;
		}
		p = extract_add(ctx, PYPI_ECOSYSTEM, "pypi", NULL, name, ver, nv->line);
		if (!p)
			break;
		made[i] = p;
		pyidx_add(&idx, name, ver, p, i);
		set_groups(p, toml_get(t, "groups"));
		pkg_add_prop(p, "vouch:marker", toml_str(t, "marker"));
		if ((s = toml_str(t, "git")) != NULL) {
			struct buf b = BUF_INIT;
			const char *rev = toml_str(t, "revision");

			buf_addf(&b, "git+%s%s%s", s, rev ? "@" : "", rev ? rev : "");
			pkg_add_prop(p, "vouch:source", b.ptr);
			buf_release(&b);
		} else if ((s = toml_str(t, "path")) != NULL) {
			p->flags |= PKG_LOCAL;
			pkg_add_prop(p, "vouch:source", s);
		} else if ((s = toml_str(t, "url")) != NULL) {
			pkg_add_prop(p, "vouch:source", s);
		}
		if (!ver && !(p->flags & PKG_LOCAL))
			p->flags |= PKG_UNRESOLVED;
		for (size_t k = 0; k < toml_array_len(files); k++) {
			const char *h = toml_str(toml_array_at(files, k), "hash");

			if (h && !pkg_add_integrity(p, h))
				extract_note(ctx, toml_array_at(files, k)->line,
				             "hash '%s' not recognised", h);
		}
	}
	for (size_t i = 0; i < toml_array_len(pkgs); i++) {
		const struct toml_value *deps = toml_get(toml_array_at(pkgs, i), "dependencies");

		if (!made[i])
			continue;
		for (size_t k = 0; k < toml_array_len(deps); k++) {
			const struct toml_value *d = toml_array_at(deps, k);
			const char *ds = toml_strval(d), *why;
			struct pyreq rq;
			size_t found = 0;
			struct buf n = BUF_INIT;

			if (!ds || pyreq_parse(&rq, ds, strlen(ds), &why) < 0) {
				extract_error(ctx, d->line,
				              "dependency '%s' of '%s' is not a requirement",
				              ds ? ds : "?", made[i]->name);
				continue;
			}
			pypi_normalize(&n, rq.name.p, rq.name.n);
			for (size_t e = lkmap_first(&idx.m, n.ptr, n.len); e != LKMAP_END;
			     e = lkmap_next(&idx.m, e)) {
				extract_edge(ctx, made[i], idx.e[idx.m.ents[e].val].pkg);
				found++;
			}
			if (!found)
				extract_note(ctx, d->line, "dependency '%s' of '%s' is not locked",
				             ds, made[i]->name);
			buf_release(&n);
		}
	}
	free(made);
	pyidx_release(&idx);
	toml_free(doc);
	return 0;
}

static bool pdm_match(const char *rel, const char *name)
{
	return !strcmp(name, "pdm.lock");
}

static bool pdm_sniff(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;

	return memmem(data, head, "@generated by PDM", 17) != NULL;
}

const struct extractor pypi_pdmlock_extractor = {
	"pypi-pdm-lock", PYPI_ECOSYSTEM, pdm_match, pdm_sniff, pdm_extract, 0,
};
