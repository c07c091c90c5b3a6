/*
 * golang.c: module paths and versions.
 */
#include "util/compat.h"
#include "core/inventory/go/golang.h"
#include "util/alloc.h"

#include <ctype.h>

struct pkg *go_add_module(struct extract_ctx *ctx, const char *path, size_t pathlen,
                          const char *version, size_t vlen, size_t line)
{
	const char *slash = memrchr(path, '/', pathlen);
	char *ns = slash ? xstrndup(path, (size_t)(slash - path)) : NULL;
	char *name = slash ? xstrndup(slash + 1, pathlen - (size_t)(slash - path) - 1)
	                   : xstrndup(path, pathlen);
	char *ver = version && vlen ? xstrndup(version, vlen) : NULL;
	struct pkg *p = extract_add(ctx, GO_ECOSYSTEM, "golang", ns, name, ver, line);

	free(ns);
	free(name);
	free(ver);
	return p;
}

bool go_valid_path(const char *s, size_t n)
{
	if (!n || n > 1024 || s[0] == '/' || s[n - 1] == '/')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == '"' || c == '`' || c == '\\' || c >= 0x7f)
			return false;
	}
	return true;
}

bool go_valid_version(const char *s, size_t n)
{
	size_t i = 1, parts = 0;

	if (n < 2 || s[0] != 'v' || !isdigit((unsigned char)s[1]))
		return false;
	/* vMAJOR[.MINOR[.PATCH]] then -prerelease and/or +build */
	while (i < n && parts < 3) {
		size_t d = i;

		while (i < n && isdigit((unsigned char)s[i]))
			i++;
		if (i == d)
			return false;
		parts++;
		if (i < n && s[i] == '.')
			i++;
		else
			break;
	}
	if (parts != 3)
		return false;
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!(isalnum(c) || c == '-' || c == '.' || c == '+'))
			return false;
	}
	return true;
}

bool go_is_local_path(const char *s, size_t n)
{
	return (n >= 1 && s[0] == '/') || (n >= 2 && s[0] == '.' && s[1] == '/') ||
	       (n >= 3 && s[0] == '.' && s[1] == '.' && s[2] == '/') || (n == 1 && s[0] == '.') ||
	       (n == 2 && s[0] == '.' && s[1] == '.');
}

bool go_major_ok(const char *path, size_t pn, const char *ver, size_t vn)
{
	const char *slash = memrchr(path, '/', pn);
	size_t l, maj = 0;

	if (!slash || !vn)
		return true;
	slash++;
	l = pn - (size_t)(slash - path);
	if (l < 2 || slash[0] != 'v' || !isdigit((unsigned char)slash[1]) || slash[1] == '0')
		return true;
	for (size_t i = 1; i < l; i++) {
		if (!isdigit((unsigned char)slash[i]))
			return true;
		if (maj < 100000)
			maj = maj * 10 + (size_t)(slash[i] - '0');
	}
	if (maj < 2)
		return true;
	/* the version must be vN. with the same N */
	return vn > l && !memcmp(ver, slash, l) && ver[l] == '.';
}
