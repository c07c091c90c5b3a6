#include "util/compat.h"
#include "harness.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/hash.h"

#include <ftw.h>
#include <setjmp.h>
#include <sys/stat.h>
#include <unistd.h>

static jmp_buf case_jmp;
static struct buf case_msg = BUF_INIT;
static char *case_tmp;
static enum { CASE_OK, CASE_FAIL, CASE_SKIP } case_state;

void harness_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&case_msg);
	buf_addf(&case_msg, "%s:%d: ", file, line);
	va_start(ap, fmt);
	buf_vaddf(&case_msg, fmt, ap);
	va_end(ap);
	case_state = CASE_FAIL;
	longjmp(case_jmp, 1);
}

void harness_skip(const char *fmt, ...)
{
	va_list ap;

	buf_reset(&case_msg);
	va_start(ap, fmt);
	buf_vaddf(&case_msg, fmt, ap);
	va_end(ap);
	case_state = CASE_SKIP;
	longjmp(case_jmp, 1);
}

const char *harness_corpus(void)
{
	const char *c = getenv("VOUCH_CORPUS");
	struct stat st;

	if (!c || !*c || stat(c, &st) < 0 || !S_ISDIR(st.st_mode))
		return NULL;
	return c;
}

const char *need_corpus(void)
{
	const char *c = harness_corpus();

	if (!c)
		harness_skip("the shared corpus is absent (set VOUCH_CORPUS to ../shared/corpus)");
	return c;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

const char *harness_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	struct buf b = BUF_INIT;

	if (case_tmp)
		return case_tmp;
	buf_addf(&b, "%s/vouch-unit-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(b.ptr))
		harness_fail(__FILE__, __LINE__, "cannot create a temporary folder");
	case_tmp = buf_detach(&b, NULL);
	return case_tmp;
}

/* File scope: setjmp/longjmp must not clobber them. */
static size_t passed, failed, skipped;

int harness_main(const char *suite, const struct test_case *cases, size_t n)
{

	if (hash_init() < 0) {
		printf("FAIL - %s: cannot initialise libsodium\n", suite);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		case_state = CASE_OK;
		err_clear();
		if (setjmp(case_jmp) == 0)
			cases[i].fn();
		if (case_tmp) {
			nftw(case_tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
			free(case_tmp);
			case_tmp = NULL;
		}
		switch (case_state) {
		case CASE_OK:
			printf("ok - %s.%s\n", suite, cases[i].name);
			passed++;
			break;
		case CASE_FAIL:
			printf("FAIL - %s.%s: %s\n", suite, cases[i].name, case_msg.ptr);
			failed++;
			break;
		case CASE_SKIP:
			printf("skip - %s.%s: %s\n", suite, cases[i].name, case_msg.ptr);
			skipped++;
			break;
		}
		fflush(stdout);
	}
	buf_release(&case_msg);
	printf("%s: %zu passed, %zu failed, %zu skipped\n", suite, passed, failed, skipped);
	return failed ? 1 : 0;
}
