/*
 * source.h: the files of a container image, from a folder or a tar file.
 * Internal to src/core/inventory/image/.
 */
#ifndef VOUCH_IMAGE_SOURCE_H
#define VOUCH_IMAGE_SOURCE_H

#include "util/compat.h"
#include "core/inventory/image/image.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/strmap.h"

struct archive;

struct img_member {
	char *name;
	char *data;
	size_t len;
};

struct img_src {
	const char *path; /* as given */
	bool dir;
	bool single; /* path is the one layer itself (a root file system tar) */
	/* tar: the JSON members of at most IMAGE_MAX_JSON bytes, and every member's name */
	struct img_member *small;
	size_t nsmall, asmall;
	struct strmap names;
};

/*
 * Opens the image at path (a folder or a tar file, read once here for its
 * JSON members). Fails when it is neither, on a broken tar, or when the
 * names of its members (64 bytes more each) and the JSON members it keeps
 * take more than max_names bytes.
 */
int img_src_open(struct img_src *s, const char *path, size_t max_names);
void img_src_release(struct img_src *s);

/*
 * Opens the tar file path for reading with libarchive (any compression),
 * through fs_open_regular(): a FIFO or device is refused, never waited on.
 * *fd_out is the descriptor to close after archive_read_free(). NULL with
 * err_set() on failure.
 */
struct archive *img_tar_open(const char *path, int *fd_out);

/* True when the image holds the file name ("blobs/sha256/HEX", "manifest.json"). */
bool img_src_has(const struct img_src *s, const char *name);

/*
 * Reads the JSON file name (at most IMAGE_MAX_JSON bytes) into out.
 * ERR_NOTFOUND when absent; ERR_PARSE for names that leave the image.
 */
int img_src_read(const struct img_src *s, const char *name, struct buf *out);

/* A file of the image read as a stream; every byte read is hashed. */
struct img_stream {
	struct archive *outer; /* tar images: positioned at the member */
	int fd;                /* folder images */
	struct sha256 hash;
	uint64_t nread;
	uint64_t size; /* of the file as stored (on disk, or the tar member's size) */
	char buf[65536];
};

int img_stream_open(struct img_stream *st, const struct img_src *s, const char *name);
/* Returns bytes read (0 at the end, -1 with err_set); *out points into st->buf. */
ssize_t img_stream_read(struct img_stream *st, const void **out);
/* Reads to the end, so that the hash covers the whole file. */
int img_stream_drain(struct img_stream *st);
void img_stream_close(struct img_stream *st);

/* "./a//b/" -> "a/b" into out; false when a part is "..". */
bool img_name_normalize(struct buf *out, const char *raw);

#endif
