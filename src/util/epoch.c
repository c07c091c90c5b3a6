#include "util/compat.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/num.h"

#include <time.h>

#define EPOCH_MAX 253402300799LL /* 9999-12-31T23:59:59Z: four-digit years only */

int epoch_now(int64_t *out)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	uint64_t v;

	if (s) {
		if (num_parse_u64(&v, s, strlen(s), (uint64_t)EPOCH_MAX, 0) < 0)
			return err_set(
			        ERR_USAGE,
			        "SOURCE_DATE_EPOCH '%s' is not a number of seconds since 1970 "
			        "(0 to %lld)",
			        s, EPOCH_MAX);
		*out = (int64_t)v;
		return 0;
	}
	*out = (int64_t)time(NULL);
	return 0;
}

int epoch_rfc3339(char out[EPOCH_RFC3339_LEN], int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (t < 0 || t > EPOCH_MAX || !gmtime_r(&tt, &tm))
		return err_set(ERR_USAGE, "time %" PRId64 " is out of range", t);
	if (strftime(out, EPOCH_RFC3339_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) != EPOCH_RFC3339_LEN - 1)
		return err_set(ERR_USAGE, "time %" PRId64 " is out of range", t);
	return 0;
}

int epoch_parse_rfc3339(int64_t *out, const char *s)
{
	static const size_t at[6] = { 0, 5, 8, 11, 14, 17 }, len[6] = { 4, 2, 2, 2, 2, 2 };
	struct tm tm = { 0 };
	uint64_t f[6];

	if (!s || strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[19] != 'Z')
		return err_set(ERR_PARSE, "not an RFC 3339 UTC time: '%s'", s ? s : "");
	for (int i = 0; i < 6; i++)
		if (num_parse_u64(&f[i], s + at[i], len[i], 9999, NUM_ALLOW_LEADING_ZERO) < 0)
			return err_set(ERR_PARSE, "not an RFC 3339 UTC time: '%s'", s);
	tm.tm_year = (int)f[0] - 1900;
	tm.tm_mon = (int)f[1] - 1;
	tm.tm_mday = (int)f[2];
	tm.tm_hour = (int)f[3];
	tm.tm_min = (int)f[4];
	tm.tm_sec = (int)f[5];
	*out = (int64_t)timegm(&tm);
	return 0;
}
