/*
 * libFuzzer target: incident records (core/disclose/incident.h). Whatever the
 * input, the parser returns 0 or an error with a message; a record it reads
 * is written back by incident_toml() into a file that reads as the same
 * record (the round trip `vouch incident update` relies on), and judging
 * it never fails.
 */
#include "util/compat.h"
#include "core/disclose/incident.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct incident a, b;
	struct buf out = BUF_INIT;
	double h;
	int r = incident_parse(&a, (const char *)data, size, "fz.toml");

	if (r < 0) {
		if (!err_msg()[0])
			__builtin_trap();
		err_clear();
		return 0;
	}
	(void)incident_judge(&h, &a, 1795737600, 24);
	incident_toml(&out, &a);
	if (incident_parse(&b, out.ptr, out.len, "back.toml") < 0)
		__builtin_trap();
	if (strcmp(a.id, b.id) || strcmp(a.title, b.title) || a.status != b.status ||
	    a.detected != b.detected || a.closed != b.closed || a.contained != b.contained ||
	    a.customers != b.customers || a.nnotices != b.nnotices ||
	    !same(a.containment, b.containment) || !same(a.review_path, b.review_path) ||
	    !same(a.review_summary, b.review_summary))
		__builtin_trap();
	for (size_t i = 0; i < a.nnotices; i++)
		if (a.notices[i].sent != b.notices[i].sent ||
		    strcmp(a.notices[i].summary, b.notices[i].summary))
			__builtin_trap();
	incident_release(&a);
	incident_release(&b);
	buf_release(&out);
	return 0;
}
