/*
 * fuzz_archive: the archive walker (zip, tar and their compressions through
 * libarchive, nested archives, pom.properties, members handed on), read
 * from memory and, as files on disk and layers are, from a stream: with a
 * seek (a file) or without (a layer's member), in reads of odd sizes.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct mem_stream {
	const char *p;
	size_t len, off, step;
};

static ssize_t mem_read(void *arg, void *buf, size_t n)
{
	struct mem_stream *m = arg;
	size_t k = m->len - m->off;

	if (k > n)
		k = n;
	if (k > m->step)
		k = m->step;
	memcpy(buf, m->p + m->off, k);
	m->off += k;
	return (ssize_t)k;
}

static int64_t mem_seek(void *arg, int64_t off, int whence)
{
	struct mem_stream *m = arg;
	int64_t base = whence == SEEK_SET   ? 0
	               : whence == SEEK_CUR ? (int64_t)m->off
	                                    : (int64_t)m->len;

	if (base + off < 0)
		return -1;
	m->off = (size_t)(base + off) > m->len ? m->len : (size_t)(base + off);
	return base + off;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory inv = INVENTORY_INIT;
	const struct extractor *ex = extractor_find("archive");
	/* the bytes are the archive whole in every mode: seeds stay archives */
	unsigned mode = (unsigned)(size % 3);

	if (mode == 0) {
		char *copy = xmemdupz(data, size);

		inventory_read_as(&inv, ex, "fuzz.zip", "fuzz.zip", copy, size, NULL);
		free(copy);
	} else {
		struct mem_stream m = { (const char *)data, size, 0, 1 + (size * 7919u) % 70000u };
		struct inv_stream in = { .read = mem_read, .arg = &m, .size = (int64_t)size };

		if (mode == 2)
			in.seek = mem_seek;
		else
			in.size = -1;
		inventory_read_stream(&inv, ex, "fuzz.zip", "fuzz.zip", &in, NULL);
	}
	inventory_sort(&inv);
	inventory_release(&inv);
	return 0;
}
