/*
 * fuzz_secrets: the secret matcher and every confirmer (checksums, PEM
 * bodies, JWT decoding, URL and assignment parsing) on one file's bytes. The
 * first byte picks where the file lies: a plain file, a test fixture folder
 * (heuristic rules off) or a lockfile. Checks that a finding never shows more
 * than 8 characters of its secret and that lines and columns are in range.
 */
#include "util/compat.h"
#include "core/secrets/secrets.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct secrets s;
	static bool ready;
	static const char *const names[] = { "src/app.py", "testdata/app.py", "yarn.lock" };
	const char *name;
	size_t lines = 1;

	if (!ready) {
		if (secrets_init(&s) < 0)
			abort();
		ready = true;
	}
	if (!size)
		return 0;
	name = names[data[0] % 3];
	data++;
	size--;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (secrets_scan_mem(&s, name, name, (const char *)data, size, NULL, NULL, NULL) < 0)
		abort();
	for (size_t i = 0; i < s.nfindings; i++) {
		const struct secrets_finding *f = &s.findings[i];

		/* 4 + "…" (3 bytes) + 4 at most */
		if (strlen(f->redacted) > 11 || f->line < 1 || f->line > lines || f->column < 1 ||
		    f->column > size || strlen(f->fingerprint) != 64)
			abort();
	}
	secrets_reset(&s);
	return 0;
}
