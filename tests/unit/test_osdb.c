#include "util/compat.h"
#include "harness.h"
#include "core/inventory/inventory.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"

#include <sys/stat.h>

/* Scans a corpus file as the given extractor would see it; returns "name@version ..." sorted. */
static void scan_fixture(struct inventory *inv, const char *kind, const char *rel)
{
	struct buf path = BUF_INIT, data = BUF_INIT;
	const struct extractor *ex = extractor_find(kind);

	CHECK(ex != NULL);
	buf_addf(&path, "%s/lockfiles/%s", need_corpus(), rel);
	CHECK_OK(buf_read_file(&data, path.ptr));
	CHECK_OK(inventory_read_as(inv, ex, path.ptr, rel, data.ptr, data.len, NULL));
	inventory_sort(inv);
	buf_release(&path);
	buf_release(&data);
}

static void names(struct buf *out, const struct inventory *inv)
{
	for (size_t i = 0; i < inv->npkgs; i++)
		buf_addf(out, "%s%s@%s", i ? " " : "", inv->pkgs[i]->name,
		         inv->pkgs[i]->version ? inv->pkgs[i]->version : "");
}

static void test_dpkg_status_states(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct buf got = BUF_INIT;

	scan_fixture(&inv, "dpkg-status", "os-dpkg/dpkg/statusfield");
	names(&got, &inv);
	/* config-files and a missing Status field are not installed */
	CHECK_STR(got.ptr, "wantdeinstall_installed@1.0 wantinstall_halfinstalled@1.0 "
	                   "wantinstall_installed@1.0 wantinstall_unpacked@1.0 "
	                   "wantpurge_installed@1.0");
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
	buf_release(&got);
}

static void test_dpkg_bad_paragraphs_named_rest_read(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct buf got = BUF_INIT;

	scan_fixture(&inv, "dpkg-status", "os-dpkg/dpkg/nopackage");
	names(&got, &inv);
	CHECK_STR(got.ptr, "bar@2.0 foo@1.0");
	CHECK_INT(inv.nerrors, 1);
	CHECK_INT(inv.diags[0].line, 5);
	CHECK(strstr(inv.diags[0].msg, "without a Package") != NULL);
	inventory_release(&inv);
	buf_reset(&got);

	scan_fixture(&inv, "dpkg-status", "os-dpkg/dpkg/noversion");
	names(&got, &inv);
	CHECK_STR(got.ptr, "bar@2.0 foo@1.0");
	CHECK_INT(inv.nerrors, 1);
	CHECK(strstr(inv.diags[0].msg, "'acl' has no Version") != NULL);
	inventory_release(&inv);
	buf_reset(&got);

	scan_fixture(&inv, "dpkg-status", "os-dpkg/dpkg/invalid");
	CHECK_INT(inv.npkgs, 0);
	CHECK_INT(inv.nerrors, 4); /* two bad lines, two paragraphs without Package */
	inventory_release(&inv);
	buf_release(&got);
}

static void test_dpkg_purl_epoch_source(void)
{
	struct inventory inv = INVENTORY_INIT;

	scan_fixture(&inv, "dpkg-status", "os-dpkg/dpkg/transitional_dummy");
	CHECK_INT(inv.npkgs, 1);
	/* no os-release beside a bare file: no distro qualifier, plain Debian ecosystem */
	CHECK_STR(inv.pkgs[0]->purl, "pkg:deb/debian/git-core@1:2.14.2-1?arch=all");
	CHECK_STR(inv.pkgs[0]->version, "1:2.14.2-1");
	CHECK_STR(inv.pkgs[0]->ecosystem, "Debian");
	CHECK_STR(inv.pkgs[0]->props[0].key, "vouch:dpkg-status");
	CHECK_STR(inv.pkgs[0]->props[1].value, "git");
	inventory_release(&inv);
}

static void test_dpkg_status_d(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct buf got = BUF_INIT;

	scan_fixture(&inv, "dpkg-status", "os-dpkg/dpkg/status.d/foo");
	names(&got, &inv);
	CHECK_STR(got.ptr, "foo@1.2.3"); /* no Status in status.d means installed */
	inventory_release(&inv);
	buf_release(&got);
}

static void write_file(const char *dir, const char *rel, const char *data, size_t len)
{
	struct buf p = BUF_INIT;
	char *slash;

	buf_addf(&p, "%s/%s", dir, rel);
	slash = strrchr(p.ptr, '/');
	*slash = '\0';
	CHECK_OK(fs_mkdirs(p.ptr, 0755));
	*slash = '/';
	CHECK_OK(fs_write_atomic(p.ptr, data, len, 0644, 0));
	buf_release(&p);
}

/* A root filesystem holding this machine's own dpkg database and os-release. */
static void test_dpkg_rootfs_from_this_machine(void)
{
	const char *root = harness_tmpdir();
	struct buf status = BUF_INIT, osr = BUF_INIT;
	struct inventory inv = INVENTORY_INIT;
	size_t installed = 0;

	if (buf_read_file(&status, "/var/lib/dpkg/status") < 0 ||
	    buf_read_file(&osr, "/etc/os-release") < 0)
		harness_skip("this machine has no dpkg database");
	write_file(root, "var/lib/dpkg/status", status.ptr, status.len);
	write_file(root, "etc/os-release", osr.ptr, osr.len);
	CHECK_OK(inventory_scan(&inv, root, NULL));
	inventory_sort(&inv);
	for (const char *p = status.ptr; (p = strstr(p, "\nStatus: install ok installed")); p++)
		installed++;
	if (!strncmp(status.ptr, "Status: install ok installed", 28))
		installed++;
	/* every package of a Debian machine is "ii": the counts must match */
	CHECK_INT(inv.npkgs, installed);
	CHECK_INT(inv.nerrors, 0);
	CHECK(inv.distro != NULL);
	for (size_t i = 0; i < inv.npkgs; i++) {
		CHECK(strstr(inv.pkgs[i]->purl, "distro=") != NULL);
		CHECK(!strncmp(inv.pkgs[i]->ecosystem, "Debian:", 7) ||
		      !strncmp(inv.pkgs[i]->ecosystem, "Ubuntu:", 7));
	}
	inventory_release(&inv);
	buf_release(&status);
	buf_release(&osr);
}

static void test_apk_installed(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct buf got = BUF_INIT;

	scan_fixture(&inv, "apk-installed", "os-apk/single");
	names(&got, &inv);
	CHECK_INT(inv.npkgs, 1);
	CHECK_INT(inv.nerrors, 0);
	CHECK(!strncmp(inv.pkgs[0]->purl, "pkg:apk/alpine/", 15));
	CHECK(strstr(inv.pkgs[0]->purl, "?arch=") != NULL);
	inventory_release(&inv);
	buf_reset(&got);

	scan_fixture(&inv, "apk-installed", "os-apk/installed");
	CHECK(inv.npkgs > 10);
	CHECK_INT(inv.nerrors, 0);
	/* musl is depended on by nearly everything through so: names */
	for (size_t i = 0; i < inv.npkgs; i++)
		if (!strcmp(inv.pkgs[i]->name, "busybox"))
			CHECK(inv.pkgs[i]->ndeps > 0);
	inventory_release(&inv);

	scan_fixture(&inv, "apk-installed", "os-apk/invalid");
	CHECK(inv.nerrors > 0);
	inventory_release(&inv);
	buf_release(&got);
}

RUN_TESTS("osdb", T(test_dpkg_status_states), T(test_dpkg_bad_paragraphs_named_rest_read),
          T(test_dpkg_purl_epoch_source), T(test_dpkg_status_d),
          T(test_dpkg_rootfs_from_this_machine), T(test_apk_installed))
