/*
 * libFuzzer target: the pipeline checks (core/ci/ci.h) on one file, and the
 * JSON and SARIF reports of what they found. The first byte chooses the
 * kind of file ('w' workflow, 'a' action, else GitLab); the rest is the file.
 */
#include "util/compat.h"
#include "core/ci/ci.h"
#include "util/buf.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ci_report rep = CI_REPORT_INIT;
	struct buf out = BUF_INIT;
	enum ci_kind kind;

	if (size < 1 || size > CI_MAX_FILE_SIZE)
		return 0;
	kind = data[0] == 'w' ? CI_GITHUB_WORKFLOW : data[0] == 'a' ? CI_GITHUB_ACTION : CI_GITLAB;
	ci_check_bytes(&rep, kind, "fuzz.yml", (const char *)data + 1, size - 1);
	ci_report_json(&out, &rep);
	buf_reset(&out);
	ci_report_sarif(&out, &rep, "fuzz");
	buf_release(&out);
	ci_report_release(&rep);
	err_clear();
	return 0;
}
