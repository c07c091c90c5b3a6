#include "util/compat.h"
#include "util/num.h"
#include "util/err.h"

int num_parse_u64(uint64_t *out, const char *s, size_t len, uint64_t max, unsigned flags)
{
	uint64_t v = 0;

	if (!len)
		return err_set(ERR_PARSE, "empty number");
	if (len > 1 && s[0] == '0' && !(flags & NUM_ALLOW_LEADING_ZERO))
		return err_set(ERR_PARSE, "'%.*s': leading zero", (int)(len > 40 ? 40 : len), s);
	for (size_t i = 0; i < len; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9)
			return err_set(ERR_PARSE, "'%.*s' is not a number",
			               (int)(len > 40 ? 40 : len), s);
		if (v > (UINT64_MAX - d) / 10 || v * 10 + d > max)
			return err_set(ERR_TOOBIG, "'%.*s' is larger than %" PRIu64,
			               (int)(len > 40 ? 40 : len), s, max);
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int num_parse_i64(int64_t *out, const char *s, size_t len, int64_t min, int64_t max, unsigned flags)
{
	uint64_t mag;
	int r;

	if (len && s[0] == '-') {
		uint64_t lim = min < 0 ? (uint64_t)(-(min + 1)) + 1 : 0;

		if (len == 1)
			return err_set(ERR_PARSE, "'-' is not a number");
		r = num_parse_u64(&mag, s + 1, len - 1, lim, flags);
		if (r < 0)
			return r;
		if (mag == 0) {
			*out = 0;
			return 0;
		}
		*out = -(int64_t)(mag - 1) - 1;
		return 0;
	}
	if (max < 0)
		return err_set(ERR_TOOBIG, "'%.*s' is out of range", (int)(len > 40 ? 40 : len), s);
	r = num_parse_u64(&mag, s, len, (uint64_t)max, flags);
	if (r < 0)
		return r;
	if ((int64_t)mag < min)
		return err_set(ERR_TOOBIG, "'%.*s' is out of range", (int)(len > 40 ? 40 : len), s);
	*out = (int64_t)mag;
	return 0;
}

int num_parse_size(size_t *out, const char *s, size_t max)
{
	uint64_t v;
	int r = num_parse_u64(&v, s, strlen(s), max, 0);

	if (r == 0)
		*out = (size_t)v;
	return r;
}
