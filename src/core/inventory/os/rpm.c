/*
 * rpm.c: the RPM package database of a root filesystem,
 * var/lib/rpm/rpmdb.sqlite or usr/lib/sysimage/rpm/rpmdb.sqlite (rpm 4.16+).
 *
 * The database is opened from memory (sqlite3_deserialize, read-only: the
 * bytes may come from an image layer), and each row of the Packages table
 * holds one header blob: il (int32, big-endian: index entries), dl (int32:
 * data bytes), il entries of 16 bytes (tag, type, offset, count), then the
 * data store. The older BerkeleyDB "Packages" and NDB "Packages.db" stores
 * are recognised and reported as errors (not read): the run is partial,
 * because installed packages are known to be missing from the SBOM.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/os/osrelease.h"
#include "core/inventory/os/rpm.h"
#include "util/alloc.h"
#include "util/buf.h"

#include <sqlite3.h>

enum {
	TAG_NAME = 1000,
	TAG_VERSION = 1001,
	TAG_RELEASE = 1002,
	TAG_EPOCH = 1003,
	TAG_LICENSE = 1014,
	TAG_ARCH = 1022,
	TAG_SOURCERPM = 1044,
};

enum { TYPE_INT32 = 4, TYPE_STRING = 6, TYPE_I18NSTRING = 9 };

static bool ends_with(const char *rel, const char *tail)
{
	size_t n = strlen(rel), t = strlen(tail);

	return n >= t && !strcmp(rel + n - t, tail) && (n == t || rel[n - t - 1] == '/');
}

static bool rpm_match(const char *rel, const char *name)
{
	(void)name;
	return ends_with(rel, "var/lib/rpm/rpmdb.sqlite") ||
	       ends_with(rel, "usr/lib/sysimage/rpm/rpmdb.sqlite") ||
	       ends_with(rel, "var/lib/rpm/Packages") ||
	       ends_with(rel, "usr/lib/sysimage/rpm/Packages") ||
	       ends_with(rel, "var/lib/rpm/Packages.db") ||
	       ends_with(rel, "usr/lib/sysimage/rpm/Packages.db");
}

static bool rpm_sniff(const char *data, size_t len)
{
	(void)data;
	(void)len;
	return false; /* an SQLite file is not necessarily an rpmdb: named only */
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int rpm_header_parse(struct rpmhdr *out, const unsigned char *b, size_t n)
{
	uint32_t il, dl;
	const unsigned char *store;

	memset(out, 0, sizeof(*out));
	if (n < 8)
		return -1;
	il = be32(b);
	dl = be32(b + 4);
	if (il == 0 || il > RPM_MAX_INDEX || dl > RPM_MAX_DATA || (n - 8) / 16 < il ||
	    n - 8 - (size_t)il * 16 < dl)
		return -1;
	store = b + 8 + (size_t)il * 16;
	for (uint32_t i = 0; i < il; i++) {
		const unsigned char *e = b + 8 + (size_t)i * 16;
		uint32_t tag = be32(e), type = be32(e + 4), off = be32(e + 8);
		const char *s;
		size_t sl;

		if (off >= dl)
			continue;
		if (tag == TAG_EPOCH && type == TYPE_INT32) {
			if (off + 4 <= dl && !(off & 3)) {
				out->has_epoch = true;
				out->epoch = be32(store + off);
			}
			continue;
		}
		if (type != TYPE_STRING && type != TYPE_I18NSTRING)
			continue;
		s = (const char *)store + off;
		{
			const char *z = memchr(s, '\0', dl - off);

			if (!z)
				return -1;
			sl = (size_t)(z - s);
		}
		switch (tag) {
		case TAG_NAME:
			out->name = s, out->name_n = sl;
			break;
		case TAG_VERSION:
			out->version = s, out->version_n = sl;
			break;
		case TAG_RELEASE:
			out->release = s, out->release_n = sl;
			break;
		case TAG_LICENSE:
			out->license = s, out->license_n = sl;
			break;
		case TAG_ARCH:
			out->arch = s, out->arch_n = sl;
			break;
		case TAG_SOURCERPM:
			out->sourcerpm = s, out->sourcerpm_n = sl;
			break;
		default:
			break;
		}
	}
	return 0;
}

static int rpm_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct os_release os = OS_RELEASE_INIT;
	const char *rel = extract_rel(ctx);
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char *eco = NULL;
	unsigned char *copy = NULL;
	int ret = 0, r;
	size_t rows = 0;

	if (ends_with(rel, "Packages"))
		return extract_error(ctx, 0,
		                     "an RPM database in the BerkeleyDB format (rpm before 4.16): "
		                     "not read, its packages are missing from the SBOM");
	if (ends_with(rel, "Packages.db"))
		return extract_error(ctx, 0,
		                     "an RPM database in the NDB format (SUSE): not read, its "
		                     "packages are missing from the SBOM");
	if (len < 100 || memcmp(data, "SQLite format 3", 16))
		return extract_error(ctx, 0, "not an SQLite database");
	os_release_find(&os, ctx, strstr(rel, "sysimage") ? 4 : 3);
	eco = os_release_ecosystem(&os, "rpm");
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		ret = extract_error(ctx, 0, "cannot open SQLite in memory");
		goto done;
	}
	/*
	 * A copy owned by SQLite, read-only. rpm keeps the database in WAL mode
	 * (header bytes 18 and 19 = 2), which an in-memory database cannot open:
	 * the copy says rollback journal (1). Changes still in an rpmdb.sqlite-wal
	 * file (rpm checkpoints when it exits) are not seen.
	 */
	copy = sqlite3_malloc64(len);
	if (!copy) {
		ret = extract_error(ctx, 0, "out of memory for the database");
		goto done;
	}
	memcpy(copy, data, len);
	if (copy[18] == 2 && copy[19] == 2)
		copy[18] = copy[19] = 1;
	r = sqlite3_deserialize(db, "main", copy, (sqlite3_int64)len, (sqlite3_int64)len,
	                        SQLITE_DESERIALIZE_READONLY | SQLITE_DESERIALIZE_FREEONCLOSE);
	if (r != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT hnum, blob FROM Packages", -1, &st, NULL) != SQLITE_OK) {
		ret = extract_error(ctx, 0, "not an rpmdb.sqlite (no Packages table): %s",
		                    sqlite3_errmsg(db));
		goto done;
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *b = sqlite3_column_blob(st, 1);
		size_t bn = (size_t)sqlite3_column_bytes(st, 1);
		long long hnum = sqlite3_column_int64(st, 0);
		struct rpmhdr h;
		struct buf ver = BUF_INIT;
		struct pkg *p;
		char *name;

		rows++;
		if (!b || rpm_header_parse(&h, b, bn) < 0) {
			ret = extract_error(ctx, 0, "package header %lld: malformed, not read",
			                    hnum);
			continue;
		}
		if (!h.name || !h.version) {
			ret = extract_error(ctx, 0, "package header %lld: no name or version",
			                    hnum);
			continue;
		}
		/* gpg-pubkey entries are imported signing keys, not packages */
		if (h.name_n == 10 && !memcmp(h.name, "gpg-pubkey", 10))
			continue;
		buf_add(&ver, h.version, h.version_n);
		if (h.release)
			buf_addf(&ver, "-%.*s", (int)h.release_n, h.release);
		name = xmemdupz(h.name, h.name_n);
		p = extract_add(ctx, eco, "rpm", os.id ? os.id : NULL, name, ver.ptr, 0);
		free(name);
		buf_release(&ver);
		if (!p)
			break;
		if (h.arch) {
			char *s = xmemdupz(h.arch, h.arch_n);

			pkg_add_qualifier(p, "arch", s);
			free(s);
		}
		if (h.has_epoch) {
			char e[16];

			snprintf(e, sizeof(e), "%u", h.epoch);
			pkg_add_qualifier(p, "epoch", e);
		}
		if (extract_inventory(ctx)->distro)
			pkg_add_qualifier(p, "distro", extract_inventory(ctx)->distro);
		if (h.license) {
			char *s = xmemdupz(h.license, h.license_n);

			pkg_add_prop(p, "vouch:license-declared", s);
			free(s);
		}
		if (h.sourcerpm) {
			char *s = xmemdupz(h.sourcerpm, h.sourcerpm_n);

			pkg_add_prop(p, "vouch:source-rpm", s);
			free(s);
		}
	}
	if (r != SQLITE_DONE)
		ret = extract_error(ctx, 0, "reading the Packages table: %s", sqlite3_errmsg(db));
done:
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(eco);
	os_release_release(&os);
	return ret;
}

const struct extractor rpm_db_extractor = {
	.name = "rpm-db",
	.ecosystem = NULL,
	.match = rpm_match,
	.sniff = rpm_sniff,
	.extract = rpm_extract,
	.max_size = (size_t)1 << 30,
};
