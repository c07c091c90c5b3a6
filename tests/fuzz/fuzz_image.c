/*
 * fuzz_image: a container image given as a tar file (OCI layout or docker
 * save) or a root file system tar, as `vouch sbom TAR` reads them. The input lives
 * in a memfd, read through /proc/self/fd: nothing touches the disk.
 */
#include "util/compat.h"
#include "core/inventory/image/image.h"
#include "core/inventory/inventory.h"
#include "util/err.h"

#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory inv = INVENTORY_INIT;
	char path[64];
	size_t done = 0;
	int fd = memfd_create("fuzz-image", MFD_CLOEXEC);

	if (fd < 0)
		return 0;
	while (done < size) {
		ssize_t n = write(fd, data + done, size - done);

		if (n <= 0)
			goto out;
		done += (size_t)n;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	/* through the inventory, which hands image/ its functions (image_host) */
	if (image_probe(path))
		inventory_scan(&inv, path, NULL);
	err_clear();
	inventory_sort(&inv);
	inventory_release(&inv);
out:
	close(fd);
	return 0;
}
