/*
 * npm.c: helpers shared by the npm extractors.
 */
#include "util/compat.h"
#include "core/inventory/npm/npm.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/json.h"
#include "util/num.h"

const char *const npm_all_dep_sections[] = { "dependencies", "devDependencies",
	                                     "optionalDependencies", "peerDependencies", NULL };

struct pkg *npm_add(struct extract_ctx *ctx, const char *fullname, size_t namelen,
                    const char *version, size_t line)
{
	char full[NPM_MAX_NAME + 1], *slash;
	struct pkg *p;

	/* npm refuses names over 214 bytes; versions that long are not versions */
	if (namelen > NPM_MAX_NAME || (version && strlen(version) > NPM_MAX_VERSION)) {
		extract_error(ctx, line, "package %s longer than %d bytes: not an npm package",
		              namelen > NPM_MAX_NAME ? "name" : "version",
		              namelen > NPM_MAX_NAME ? NPM_MAX_NAME : NPM_MAX_VERSION);
		err_set(ERR_PARSE, "package name or version too long");
		return NULL;
	}
	memcpy(full, fullname, namelen);
	full[namelen] = '\0';
	slash = full[0] == '@' ? strchr(full, '/') : NULL;
	if (slash && slash[1]) {
		*slash = '\0';
		p = extract_add(ctx, "npm", "npm", full, slash + 1, version, line);
	} else {
		p = extract_add(ctx, "npm", "npm", NULL, full, version, line);
	}
	return p;
}

void npm_set_license(struct pkg *p, const json_t *lic)
{
	struct buf b = BUF_INIT_MAX(4096);
	const char *s;

	if ((s = vjson_strval(lic))) {
		pkg_set_license(p, s);
	} else if (json_is_object(lic) && (s = vjson_str(lic, "type"))) {
		pkg_set_license(p, s);
	} else if (json_is_array(lic)) {
		/* the old "licenses": [{"type": "MIT"}, ...] form: any of them applies */
		size_t i;
		json_t *v;

		json_array_foreach(lic, i, v)
		{
			const char *t = json_is_object(v) ? vjson_str(v, "type") : vjson_strval(v);

			if (!t || !*t)
				continue;
			if (b.len)
				buf_adds(&b, " OR ");
			buf_adds(&b, t);
		}
		if (b.len)
			pkg_set_license(p, b.ptr);
	}
	buf_release(&b);
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

const char *npm_classify_spec(struct pkg *p, const char *spec, size_t *vlen, bool *local_out)
{
	const char *hash;
	bool git;

	*local_out = false;
	if (!spec || !*spec)
		return NULL;
	if (starts(spec, "file:") || starts(spec, "link:") || starts(spec, "workspace:") ||
	    starts(spec, "portal:") || starts(spec, "./") || starts(spec, "../") ||
	    spec[0] == '/') {
		pkg_add_prop(p, "vouch:resolved", spec);
		*local_out = true;
		return NULL;
	}
	git = starts(spec, "git") || starts(spec, "github:") || starts(spec, "gitlab:") ||
	      starts(spec, "bitbucket:") || starts(spec, "gist:");
	if (git || strstr(spec, "://")) {
		pkg_add_prop(p, "vouch:resolved", spec);
		hash = strrchr(spec, '#');
		if (git && hash && hash[1]) {
			*vlen = strlen(hash + 1);
			return hash + 1;
		}
		return NULL;
	}
	*vlen = strlen(spec);
	return spec;
}

size_t json_lines_key(struct json_lines *jl, const char *key)
{
	size_t klen = strlen(key), pos = jl->pos;

	for (const char *k = key; *k; k++)
		if (*k == '"' || *k == '\\' || (unsigned char)*k < 0x20)
			return 0;
	while (pos + klen + 2 <= jl->len) {
		const char *q = memchr(jl->data + pos, '"', jl->len - pos), *after;

		if (!q)
			return 0;
		pos = (size_t)(q - jl->data) + 1;
		if (jl->len - pos < klen + 1 || memcmp(jl->data + pos, key, klen) ||
		    jl->data[pos + klen] != '"')
			continue;
		after = jl->data + pos + klen + 1;
		while (after < jl->data + jl->len &&
		       (*after == ' ' || *after == '\t' || *after == '\r' || *after == '\n'))
			after++;
		if (after >= jl->data + jl->len || *after != ':')
			continue;
		/* count the newlines between the last hit and this one */
		for (const char *c = jl->data + jl->pos; c < q;) {
			const char *nl = memchr(c, '\n', (size_t)(q - c));

			if (!nl)
				break;
			jl->line++;
			c = nl + 1;
		}
		/* past the key: the same key is not found twice */
		jl->pos = (size_t)(q - jl->data) + klen + 2;
		return jl->line;
	}
	return 0;
}

json_t *npm_sibling_manifest(struct extract_ctx *ctx)
{
	struct buf b = BUF_INIT;
	json_t *v = NULL;

	if (extract_read_relative(ctx, "package.json", &b, NULL) == 0 &&
	    vjson_parse(&v, b.ptr, b.len, "package.json") == 0 && !json_is_object(v)) {
		json_decref(v);
		v = NULL;
	}
	buf_release(&b);
	err_clear();
	return v;
}

int npm_jsonc_to_json(struct buf *out, const char *data, size_t len)
{
	size_t i = 0, last_comma = SIZE_MAX;
	int r;

	buf_reset(out);
	if ((r = buf_add(out, data, len)) < 0)
		return r;
	while (i < len) {
		char c = out->ptr[i];

		if (c == '"') {
			/* skip the string, escapes included */
			for (i++; i < len && out->ptr[i] != '"'; i++)
				if (out->ptr[i] == '\\')
					i++;
			i++;
			last_comma = SIZE_MAX;
			continue;
		}
		if (c == '/' && i + 1 < len && out->ptr[i + 1] == '/') {
			for (; i < len && out->ptr[i] != '\n'; i++)
				out->ptr[i] = ' ';
			continue;
		}
		if (c == '/' && i + 1 < len && out->ptr[i + 1] == '*') {
			size_t start = i;

			for (i += 2; i + 1 < len && !(out->ptr[i] == '*' && out->ptr[i + 1] == '/');
			     i++)
				;
			i = i + 2 <= len ? i + 2 : len;
			for (size_t k = start; k < i; k++)
				if (out->ptr[k] != '\n')
					out->ptr[k] = ' ';
			continue;
		}
		if (c == ',') {
			last_comma = i;
		} else if ((c == '}' || c == ']') && last_comma != SIZE_MAX) {
			out->ptr[last_comma] = ' ';
			last_comma = SIZE_MAX;
		} else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
			last_comma = SIZE_MAX;
		}
		i++;
	}
	return 0;
}

int npm_parse_error(struct extract_ctx *ctx, const char *what)
{
	const char *m = err_msg(), *path = extract_path(ctx), *p;
	size_t skip = strlen(path);
	uint64_t line = 0, col = 0;
	size_t n;

	/* "PATH:LINE:COLUMN: message" from util/json.h and util/yaml.h */
	if (strncmp(m, path, skip) || m[skip] != ':')
		return extract_error(ctx, 0, "invalid %s: %s", what, m);
	p = m + skip + 1;
	n = strspn(p, "0123456789");
	if (!n && err_code() == ERR_TOOBIG)
		return extract_error(ctx, 0, "%s",
		                     p + strspn(p, " ")); /* valid, but over a limit */
	if (!n || p[n] != ':' || num_parse_u64(&line, p, n, SIZE_MAX, NUM_ALLOW_LEADING_ZERO) < 0)
		return extract_error(ctx, 0, "invalid %s: %s", what, p);
	p += n + 1;
	n = strspn(p, "0123456789");
	if (n && p[n] == ':' && num_parse_u64(&col, p, n, SIZE_MAX, NUM_ALLOW_LEADING_ZERO) == 0)
		p += n + 1;
	while (*p == ' ')
		p++;
	if (col)
		return extract_error(ctx, (size_t)line, "invalid %s at column %" PRIu64 ": %s",
		                     what, col, p);
	return extract_error(ctx, (size_t)line, "invalid %s: %s", what, p);
}

void npm_set_version(struct extract_ctx *ctx, struct pkg *p, const char *v, size_t n, size_t line)
{
	if (n > NPM_MAX_VERSION) {
		extract_error(ctx, line, "version of '%s' longer than %d bytes: not recorded",
		              p->name, NPM_MAX_VERSION);
		p->flags |= PKG_UNRESOLVED;
		return;
	}
	free(p->version);
	p->version = n ? xmemdupz(v, n) : NULL;
}
