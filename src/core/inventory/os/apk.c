/*
 * apk.c: the Alpine package database of a root filesystem
 * (lib/apk/db/installed): one paragraph per installed package, "X:value"
 * lines, blank lines between paragraphs (apk-tools' installed database).
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/os/osrelease.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/lines.h"

#define APK_MAX_PKGS 200000

struct span {
	const char *p;
	size_t n;
};

struct apk {
	size_t line;
	struct span name, version, arch, license, origin, checksum, depends, provides;
	struct pkg *pkg;
};

static bool apk_match(const char *rel, const char *name)
{
	size_t n = strlen(rel);
	static const char tail[] = "lib/apk/db/installed";

	return n >= sizeof(tail) - 1 && !strcmp(rel + n - (sizeof(tail) - 1), tail) &&
	       (n == sizeof(tail) - 1 || rel[n - sizeof(tail)] == '/');
}

static bool apk_sniff(const char *data, size_t len)
{
	return (len > 4 && !memcmp(data, "C:Q1", 4)) ||
	       (len > 2 && !memcmp(data, "P:", 2) && memmem(data, len, "\nV:", 3));
}

static bool provides(const struct apk *a, const char *name, size_t len)
{
	const char *p = a->provides.p, *end = p + a->provides.n;

	if (a->name.n == len && !memcmp(a->name.p, name, len))
		return true;
	while (p < end) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		const char *e = sp ? sp : end, *eq = p;

		while (eq < e && *eq != '=')
			eq++;
		if ((size_t)(eq - p) == len && !memcmp(p, name, len))
			return true;
		p = sp ? sp + 1 : end;
	}
	return false;
}

static int apk_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct os_release os = OS_RELEASE_INIT;
	struct lines it = LINES_INIT(data, len);
	struct apk *pk = NULL, cur = { 0 };
	size_t npk = 0, apk_alloc = 0;
	char *eco = NULL;
	const char *l;
	size_t n;
	bool more = true;

	os_release_find(&os, ctx, 4);
	/* "Alpine:v3.19", "Wolfi", ...; an apk database without a known os-release: Alpine */
	eco = os_release_ecosystem(&os, "apk");

	while (more) {
		more = lines_next(&it, &l, &n);
		if (more && n > 0) {
			struct span v;

			if (!cur.line)
				cur.line = it.lineno;
			if (n < 2 || l[1] != ':') {
				extract_error(ctx, it.lineno, "not an 'X:value' line");
				continue;
			}
			v.p = l + 2;
			v.n = n - 2;
			switch (l[0]) {
			case 'P':
				cur.name = v;
				break;
			case 'V':
				cur.version = v;
				break;
			case 'A':
				cur.arch = v;
				break;
			case 'L':
				cur.license = v;
				break;
			case 'o':
				cur.origin = v;
				break;
			case 'C':
				cur.checksum = v;
				break;
			case 'D':
				cur.depends = v;
				break;
			case 'p':
				cur.provides = v;
				break;
			default:
				break;
			}
			continue;
		}
		if (!cur.line)
			continue;
		if (!cur.name.n) {
			extract_error(ctx, cur.line, "package entry without a P: (name) line");
		} else if (!cur.version.n) {
			extract_error(ctx, cur.line, "package '%.*s' has no V: (version) line",
			              (int)cur.name.n, cur.name.p);
		} else if (npk >= APK_MAX_PKGS) {
			extract_error(ctx, cur.line, "more than %d packages: the rest not read",
			              APK_MAX_PKGS);
			break;
		} else {
			ALLOC_GROW(pk, npk + 1, apk_alloc);
			pk[npk++] = cur;
		}
		memset(&cur, 0, sizeof(cur));
	}

	for (size_t i = 0; i < npk; i++) {
		struct apk *a = &pk[i];
		char *name = xmemdupz(a->name.p, a->name.n),
		     *ver = xmemdupz(a->version.p, a->version.n);

		a->pkg = extract_add(ctx, eco ? eco : "Alpine", "apk", os.id ? os.id : "alpine",
		                     name, ver, a->line);
		free(name);
		free(ver);
		if (!a->pkg)
			break;
		if (a->arch.n) {
			char *s = xmemdupz(a->arch.p, a->arch.n);

			pkg_add_qualifier(a->pkg, "arch", s);
			free(s);
		}
		if (extract_inventory(ctx)->distro)
			pkg_add_qualifier(a->pkg, "distro", extract_inventory(ctx)->distro);
		if (a->license.n) {
			char *s = xmemdupz(a->license.p, a->license.n);

			/*
			 * Alpine writes SPDX expressions, but older packages list
			 * licenses separated by spaces, which is not one: keep those as
			 * declared text only.
			 */
			if (!strchr(s, ' ') || strstr(s, " AND ") || strstr(s, " OR ") ||
			    strstr(s, " WITH "))
				pkg_set_license(a->pkg, s);
			pkg_add_prop(a->pkg, "vouch:license-declared", s);
			free(s);
		}
		if (a->origin.n) {
			char *s = xmemdupz(a->origin.p, a->origin.n);

			pkg_add_prop(a->pkg, "vouch:source-package", s);
			free(s);
		}
		if (a->checksum.n) {
			char *s = xmemdupz(a->checksum.p, a->checksum.n);

			pkg_add_prop(a->pkg, "vouch:apk-checksum", s);
			free(s);
		}
	}
	/* edges: each D: entry (name, so:lib, cmd:x, with optional version) to its provider */
	for (size_t i = 0; i < npk && pk[i].pkg; i++) {
		const char *p = pk[i].depends.p, *end = p + pk[i].depends.n;

		while (p < end) {
			const char *sp = memchr(p, ' ', (size_t)(end - p));
			const char *e = sp ? sp : end, *t = p;

			while (t < e && *t != '=' && *t != '<' && *t != '>' && *t != '~')
				t++;
			if (t > p && *p != '!')
				for (size_t k = 0; k < npk && pk[k].pkg; k++)
					if (k != i && provides(&pk[k], p, (size_t)(t - p))) {
						extract_edge(ctx, pk[i].pkg, pk[k].pkg);
						break;
					}
			p = sp ? sp + 1 : end;
		}
	}
	free(pk);
	free(eco);
	os_release_release(&os);
	return 0;
}

const struct extractor apk_installed_extractor = {
	.name = "apk-installed",
	.ecosystem = "Alpine",
	.match = apk_match,
	.sniff = apk_sniff,
	.extract = apk_extract,
	.max_size = (size_t)256 << 20,
};
