/*
 * image.h: container images as inventory inputs.
 *
 * Two layouts are read, each as a folder or as a tar file (optionally
 * compressed): an OCI image layout (`oci-layout`, `index.json`, `blobs/`)
 * and what `docker save` writes (`manifest.json` naming a config and the
 * layer tars; Docker 25 and later write both in one tar, and the OCI side is
 * preferred because it names the manifest digest).
 *
 * The layers are applied as a container runtime would (OCI image spec,
 * "Applying changesets"): a later layer's file replaces an earlier one,
 * `.wh.NAME` deletes NAME, `.wh..wh..opq` empties the folder it is in. They
 * are read from the top one down, so that a file is read once, from the
 * layer that holds its final content, and never if a later layer deletes
 * it. Each package is attributed to the layer that added it: for a package
 * database kept in one file (var/lib/dpkg/status, lib/apk/db/installed,
 * rpmdb.sqlite), the lowest layer from which that package is present in
 * every version of the file up to the final one.
 *
 * Nothing is unpacked to disk and no layer is held in memory: layers are
 * streamed, and memory is bounded by the largest single file read (and the
 * list of paths seen in the layers). Package databases wait in one unlinked
 * temporary file until the image's own os-release is known. Every blob
 * whose digest is known is checked against it as it streams past.
 */
#ifndef VOUCH_IMAGE_H
#define VOUCH_IMAGE_H

#include "util/compat.h"
#include "core/inventory/inventory.h"

#define IMAGE_MAX_JSON        ((size_t)4 << 20) /* index, manifest, config */
#define IMAGE_MAX_LAYERS      512
#define IMAGE_MAX_MEMBERS     1000000 /* of the image tar, and of each layer */
#define IMAGE_MAX_INDEX_DEPTH 4
#define IMAGE_MAX_MANIFESTS   1024
#define IMAGE_MAX_SPOOL       ((uint64_t)4 << 30)
/*
 * Bytes of file names remembered while the layers are read (every path of
 * a layer waits until the layer is done, then those that hide lower layers'
 * files are kept to the end), each name counted with 64 bytes of overhead;
 * and the same, apart, for the member names and small JSON files (index,
 * manifests, configs) that an image tar's first pass keeps. Past it the image
 * is named as partial and the rest is not read, so that names cannot take
 * memory without bound (700,000 names of 2,000 bytes in one layer took
 * 1.4 GB). image_opts.max_names (sbom --image-name-budget) lowers it.
 */
#define IMAGE_MAX_NAME_BYTES ((size_t)256 << 20)

/*
 * What the image reader needs of the inventory, passed in by its caller
 * (inventory.c fills it with its own functions): image/ calls nothing in
 * inventory.c, so the dependency goes one way, inventory.c -> image/.
 * image/ uses only the types of inventory.h and writes the image fields of
 * struct inventory (image_digest, image_layers, os_release_text, ...).
 */
struct image_host {
	/* the extractor that claims the path rel by its name, or NULL */
	const struct extractor *(*claim)(const char *rel);
	/* the extractor that claims a file by its first bytes (executables), or NULL */
	const struct extractor *(*claim_head)(const char *head, size_t len);
	/* the extractor's reader of streams, or NULL (inventory.h: extractor_stream) */
	extract_stream_fn (*stream)(const struct extractor *ex);
	/* true for a .exe or .dll name: read as an executable without an x bit */
	bool (*windows_program)(const char *name);
	/* reads data as the file rel with ex into inv (packages attributed to layer) */
	int (*read_as)(struct inventory *inv, const struct extractor *ex, const char *display,
	               const char *rel, const char *data, size_t len, const char *layer);
	/* the same from a stream, for an extractor with a stream reader */
	int (*read_stream)(struct inventory *inv, const struct extractor *ex, const char *display,
	                   const char *rel, struct inv_stream *in, const char *layer);
	/* a note or an error about path */
	int (*diag)(struct inventory *inv, enum inv_diag_level level, const char *path, size_t line,
	            const char *fmt, ...) VOUCH_PRINTF(5, 6);
	/* frees a scratch inventory (older versions of a file are read into one) */
	void (*release)(struct inventory *inv);
	/* the inventory's one copy of s (a location's layer) */
	const char *(*intern)(struct inventory *inv, const char *s);
};

struct image_opts {
	const struct image_host *host; /* required */
	const char *platform; /* "linux/arm64[/v8]" to pick one image of several, or NULL */
	size_t max_file;      /* cap on one file read from a layer (0: INVENTORY_MAX_FILE) */
	size_t max_names;     /* cap on names held (0: IMAGE_MAX_NAME_BYTES, and at most it) */
};

/*
 * IMAGE_PROBE_IMAGE when path is a container image vouch reads: a folder
 * holding `oci-layout`, or a docker-save `manifest.json`; a tar file holding
 * either at its top. IMAGE_PROBE_ROOTFS for a tar holding a root file system
 * (etc/os-release, a package database at its top: what `docker export`
 * writes). 0 otherwise (and for anything unreadable: the caller reports).
 */
#define IMAGE_PROBE_IMAGE  1
#define IMAGE_PROBE_ROOTFS 2
int image_probe(const char *path);

/*
 * Inventories the image at path into inv: packages from every file of the
 * final file system that an extractor claims, attributed to layers
 * (pkg_loc.layer: the layer's diff_id), and the image's digest, name, OS and
 * layers on the inventory. Problems with parts of the image become INV_ERROR
 * diags naming the image and the layer; the call fails (negative ERR_*)
 * only when nothing of the image can be read.
 */
int image_scan(struct inventory *inv, const char *path, const struct image_opts *opts);

/*
 * Reads a root file system tar as an image of one layer: every file an
 * extractor claims, package databases with the tar's own os-release
 * (whatever the order of its members). No layer ids, no image metadata.
 */
int image_scan_rootfs(struct inventory *inv, const char *path, const struct image_opts *opts);

#endif
