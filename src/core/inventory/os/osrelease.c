#include "util/compat.h"
#include "core/inventory/os/osrelease.h"
#include "core/version/version.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/lines.h"

#include <ctype.h>

static char *unquote(const char *s, size_t n)
{
	struct buf b = BUF_INIT_MAX(4096);

	if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
		s++;
		n -= 2;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		if (buf_addch(&b, s[i]) < 0)
			break;
	}
	return buf_detach(&b, NULL);
}

void os_release_parse(struct os_release *out, const char *data, size_t len)
{
	struct lines it = LINES_INIT(data, len);
	const char *l;
	size_t n;

	while (lines_next(&it, &l, &n)) {
		const char *eq = memchr(l, '=', n);
		char **slot = NULL;

		str_trim(&l, &n);
		if (!n || l[0] == '#' || !eq)
			continue;
		if (str_starts(l, n, "ID="))
			slot = &out->id;
		else if (str_starts(l, n, "VERSION_ID="))
			slot = &out->version_id;
		else if (str_starts(l, n, "VERSION_CODENAME="))
			slot = &out->codename;
		else if (str_starts(l, n, "VERSION="))
			slot = &out->version;
		if (!slot)
			continue;
		free(*slot);
		*slot = unquote(eq + 1, n - (size_t)(eq + 1 - l));
		if (slot == &out->id)
			for (char *c = *slot; *c; c++)
				*c = (char)tolower((unsigned char)*c);
		if (!**slot) {
			free(*slot);
			*slot = NULL;
		}
	}
}

int os_release_find(struct os_release *out, struct extract_ctx *ctx, int depth)
{
	static const char *const where[] = { "etc/os-release", "usr/lib/os-release" };
	struct inventory *inv = extract_inventory(ctx);

	/* a container image's own, found in its layers (image/layers.c) */
	if (inv->os_release_text) {
		os_release_parse(out, inv->os_release_text, strlen(inv->os_release_text));
	}
	for (size_t i = 0; i < ARRAY_SIZE(where) && !inv->os_release_text; i++) {
		struct buf rel = BUF_INIT, data = BUF_INIT_MAX(65536);
		int r;

		for (int d = 0; d < depth; d++)
			buf_adds(&rel, "../");
		buf_adds(&rel, where[i]);
		r = extract_read_relative(ctx, rel.ptr, &data, NULL);
		if (r == 0)
			os_release_parse(out, data.ptr, data.len);
		buf_release(&rel);
		buf_release(&data);
		if (r == 0)
			break;
	}
	err_clear();
	if (out->id && !inv->distro_id)
		inv->distro_id = xstrdup(out->id);
	if (out->id && out->version_id && !inv->distro) {
		struct buf d = BUF_INIT;

		buf_addf(&d, "%s-%s", out->id, out->version_id);
		inv->distro = buf_detach(&d, NULL);
	}
	return 0;
}

char *os_release_ecosystem(const struct os_release *os, const char *scheme)
{
	char *eco = osv_distro_ecosystem(os->id, os->version_id, os->version);
	const struct ecosystem *e = eco ? ecosystem_find(eco) : NULL;

	if (e && !strcmp(e->scheme->name, scheme))
		return eco;
	free(eco);
	return NULL;
}

void os_release_release(struct os_release *r)
{
	free(r->id);
	free(r->version_id);
	free(r->codename);
	free(r->version);
	memset(r, 0, sizeof(*r));
}
