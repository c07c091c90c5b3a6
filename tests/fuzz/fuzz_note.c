/*
 * fuzz_note: C2SP signed notes, checkpoints and verifier keys
 * (core/integrity/note.h): parse, parse the text as a checkpoint, try to
 * verify with a fixed key, and parse the input as a vkey.
 */
#include "util/compat.h"
#include "core/integrity/note.h"
#include "util/buf.h"

#include <sodium.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t pk[32] = { 1 };
	struct note n = NOTE_INIT;
	struct checkpoint c = CHECKPOINT_INIT;
	char *name = NULL;
	uint32_t id;
	uint8_t vpk[32];

	if (sodium_init() < 0)
		abort();
	if (note_parse(&n, (const char *)data, size, "fuzz") == 0) {
		if (!n.text || n.textlen == 0 || n.text[n.textlen - 1] != '\n' || n.nsigs == 0)
			abort();
		if (checkpoint_parse(&c, n.text, n.textlen, "fuzz") == 0) {
			struct buf again = BUF_INIT;

			/* a parsed checkpoint formats back to its first three lines */
			if (checkpoint_format(&again, c.origin, c.size, c.root) == 0 &&
			    (again.len > n.textlen || memcmp(again.ptr, n.text, again.len)))
				abort();
			buf_release(&again);
			checkpoint_release(&c);
		}
		for (size_t i = 0; i < n.nsigs; i++) {
			(void)note_verify_ed25519(&n, n.sigs[i].name, pk);
			if (checkpoint_verify(&c, &n, n.sigs[i].name, pk, "fuzz") == 0 &&
			    strcmp(c.origin, n.sigs[i].name))
				abort();
			checkpoint_release(&c);
		}
		note_release(&n);
	}
	if (note_vkey_parse(&name, &id, vpk, (const char *)data, size) == 0) {
		struct buf again = BUF_INIT;

		/* a parsed key formats back to the same text */
		if (note_vkey_format(&again, name, vpk) < 0 || again.len != size ||
		    memcmp(again.ptr, data, size))
			abort();
		buf_release(&again);
		free(name);
	}
	return 0;
}
