/*
 * libFuzzer target: end-of-support notice files (core/disclose/lifecycle.h).
 * A notice read is written back by lifecycle_notice_toml() and reads as the
 * same notice; the Atom feed and page made from it are produced without
 * fault (the escaping is exercised with whatever the fields hold).
 */
#include "util/compat.h"
#include "core/disclose/lifecycle.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lifecycle_notice a, b;
	struct lifecycle_notices l = LIFECYCLE_NOTICES_INIT;
	struct assess_config cfg = ASSESS_CONFIG_INIT;
	struct buf out = BUF_INIT;
	int r = lifecycle_notice_parse(&a, (const char *)data, size, "fz.toml");

	if (r < 0) {
		if (!err_msg()[0])
			__builtin_trap();
		err_clear();
		return 0;
	}
	lifecycle_notice_toml(&out, &a);
	if (lifecycle_notice_parse(&b, out.ptr, out.len, "back.toml") < 0)
		__builtin_trap();
	if (strcmp(a.id, b.id) || strcmp(a.text, b.text) || strcmp(a.title, b.title) ||
	    a.published != b.published || a.end_of_support != b.end_of_support)
		__builtin_trap();
	lifecycle_notice_release(&b);
	a.path = NULL;
	l.v = &a;
	l.n = 1;
	buf_reset(&out);
	lifecycle_render_atom(&out, &cfg, &l, "2026-01-01T00:00:00Z");
	buf_reset(&out);
	lifecycle_render_html(&out, &cfg, &l, 20000);
	lifecycle_notice_release(&a);
	buf_release(&out);
	return 0;
}
