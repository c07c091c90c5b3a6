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
