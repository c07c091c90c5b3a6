/*
 * cvss.c: `vouch cvss VECTOR...`, one "SCORE SEVERITY" line per vector.
 *
 * Each invalid vector is named on stderr with the reason and gives exit 3;
 * the valid ones are still scored, in order. With no operand, vectors are read
 * from stdin, one a line (blank lines skipped), so that large batches need no
 * argument list.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/vulndb/cvss.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/lines.h"

#include <unistd.h>

static int score_one(const char *s, size_t n, bool any_order)
{
	struct cvss c;

	if (cvss_parse(&c, s, n, any_order ? CVSS_ANY_ORDER : 0) < 0) {
		ui_error("invalid CVSS vector: %s", err_msg());
		return -1;
	}
	printf("%d.%d %s\n", c.score10 / 10, c.score10 % 10, cvss_severity_name(c.severity));
	return 0;
}

int cmd_cvss(int argc, char **argv)
{
	bool any_order = false;
	const struct opt_spec opts[] = {
		OPT_BOOL(0, "any-order", &any_order,
		         "accept metrics in any order (duplicates are still refused)"),
		OPT_END(),
	};
	const struct opt_usage usage = {
		"vouch cvss",
		"[--any-order] [VECTOR...]",
		"Prints the score and qualitative severity of each CVSS vector: the base score\n"
		"of v2.0, v3.0 and v3.1 vectors and the CVSS-B/BT/BE/BTE score of v4.0 vectors.\n"
		"Without VECTOR, reads one vector a line from stdin.",
	};
	int r, bad = 0;

	r = opt_parse(&argc, &argv, opts, &usage);
	if (r != OPT_OK)
		return r == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc > 0) {
		for (int i = 0; i < argc; i++)
			if (score_one(argv[i], strlen(argv[i]), any_order) < 0)
				bad++;
	} else {
		struct buf in = BUF_INIT_MAX((size_t)64 << 20);
		struct lines it;
		const char *s;
		size_t n;

		if (buf_read_fd(&in, 0, "stdin") < 0) {
			buf_release(&in);
			return ui_error_last();
		}
		it = (struct lines)LINES_INIT(in.ptr, in.len);
		while (lines_next(&it, &s, &n)) {
			str_trim(&s, &n);
			if (!n)
				continue;
			if (score_one(s, n, any_order) < 0)
				bad++;
		}
		buf_release(&in);
	}
	return bad ? EXIT_PARTIAL : EXIT_OK;
}
