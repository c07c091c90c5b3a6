#include "util/compat.h"
#include "core/integrity/proofdoc.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/json.h"

static int get_u64(uint64_t *out, const json_t *v, const char *key, const char *name)
{
	const json_t *x = json_object_get(v, key);

	if (!json_is_integer(x) || json_integer_value(x) < 0 ||
	    (uint64_t)json_integer_value(x) > MERKLE_MAX_SIZE)
		return err_set(ERR_PARSE, "%s: \"%s\" is not an integer in 0..2^62", name, key);
	*out = (uint64_t)json_integer_value(x);
	return 0;
}

static int get_hash(struct merkle_hash *out, const json_t *v, const char *what, const char *name)
{
	const char *s = json_string_value(v);

	if (!s || hex_decode(out->b, MERKLE_HASH_LEN, s, json_string_length(v)) < 0)
		return err_set(ERR_PARSE, "%s: %s is not 64 hex digits", name, what);
	return 0;
}

int proofdoc_parse(struct proofdoc *out, const char *data, size_t len, const char *name)
{
	json_t *v = NULL;
	const json_t *arr;
	int ret;

	memset(out, 0, sizeof(*out));
	if (len > PROOFDOC_MAX_SIZE)
		return err_set(ERR_TOOBIG, "%s: a proof is limited to %zu bytes", name,
		               PROOFDOC_MAX_SIZE);
	if ((ret = vjson_parse(&v, data, len, name)) < 0)
		return ret;
	if (!json_is_object(v)) {
		ret = err_set(ERR_PARSE, "%s: a proof is a JSON object", name);
		goto done;
	}
	out->inclusion = json_object_get(v, "index") != NULL;
	if (out->inclusion) {
		if ((ret = get_u64(&out->index, v, "index", name)) < 0)
			goto done;
		if (json_object_get(v, "root")) {
			if ((ret = get_hash(&out->root, json_object_get(v, "root"), "\"root\"",
			                    name)) < 0)
				goto done;
			out->has_root = true;
		}
	} else if ((ret = get_u64(&out->old, v, "old", name)) < 0) {
		ret = err_set(ERR_PARSE,
		              "%s: a proof has \"index\" (inclusion) or \"old\" "
		              "(consistency)",
		              name);
		goto done;
	}
	if ((ret = get_u64(&out->size, v, "size", name)) < 0)
		goto done;
	arr = json_object_get(v, "path");
	if (!json_is_array(arr) || json_array_size(arr) > MERKLE_MAX_PATH) {
		ret = err_set(ERR_PARSE, "%s: \"path\" is not an array of at most %d hashes", name,
		              MERKLE_MAX_PATH);
		goto done;
	}
	for (size_t i = 0; i < json_array_size(arr); i++) {
		char what[32];

		snprintf(what, sizeof(what), "path[%zu]", i);
		if ((ret = get_hash(&out->path.h[i], json_array_get(arr, i), what, name)) < 0)
			goto done;
		out->path.n++;
	}
done:
	json_decref(v);
	return ret;
}
