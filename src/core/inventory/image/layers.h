/*
 * layers.h: one container image as image.c resolved it, and the reading of
 * its layers (layers.c). Internal to src/core/inventory/image/.
 */
#ifndef VOUCH_IMAGE_LAYERS_H
#define VOUCH_IMAGE_LAYERS_H

#include "util/compat.h"
#include "core/inventory/image/source.h"

struct img_layer {
	char *blob;       /* the file in the image: "blobs/sha256/HEX", "ID/layer.tar" */
	char *digest;     /* the blob's digest when known ("sha256:HEX"): checked */
	char *diff_id;    /* the config's id for the uncompressed layer, or NULL */
	char *media_type; /* OCI/Docker media type, or NULL */
	bool skip;        /* not a readable file system layer (reported) */
};

struct image {
	struct inventory *inv;
	const struct image_host *host; /* the inventory's functions (image.h) */
	struct img_src *src;
	const char *path;         /* as given */
	char *digest;             /* the manifest's, or NULL (docker save before 25) */
	char *config_digest;      /* the image id */
	char *name;               /* "docker.io/library/debian:12" or NULL */
	char *os;                 /* "linux/amd64" or NULL */
	struct img_layer *layers; /* bottom first */
	size_t nlayers;
	bool rootfs;          /* a root file system tar: one layer, not named in the BOM */
	uint64_t rootfs_size; /* its size on disk, against which inflation is judged */
};

/* How a layer is named in the BOM: its diff_id, else its blob digest, else its file. */
const char *image_layer_id(const struct img_layer *l);

/* 1 same, 0 not checked (not sha256 or no digest), -1 differs. */
int image_digest_check(const char *digest, const uint8_t sum[SHA256_LEN]);

/*
 * Reads the layers into im->inv (see image.h), holding at most max_names
 * bytes of names (0: IMAGE_MAX_NAME_BYTES). Returns 0; errors become diags.
 */
int image_read_layers(struct image *im, size_t max_file, size_t max_names);

#endif
