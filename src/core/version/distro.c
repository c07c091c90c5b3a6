/*
 * distro.c: which OSV ecosystem an operating system's packages belong to,
 * and which advisory entries apply to a release.
 *
 * OSV qualifies OS ecosystems by release, each distribution its own way
 * (from the OSV data itself): "Debian:12", "Ubuntu:22.04:LTS",
 * "Alpine:v3.19", "Rocky Linux:9", "AlmaLinux:9", "Red Hat:enterprise_linux:9::appstream"
 * (and "Red Hat:rhel_eus:9.2::baseos"), "openSUSE:Leap 15.5",
 * "openSUSE:Tumbleweed", "SUSE:Linux Enterprise Server 15 SP5" (and every
 * module, "SUSE:Linux Enterprise Module for Basesystem 15 SP5", and
 * "...15 SP5-LTSS"), "Mageia:9", "openEuler:22.03-LTS-SP3", "Photon OS:5.0",
 * "Azure Linux:3"; Wolfi, Chainguard and MinimOS are rolling and unqualified.
 */
#include "util/compat.h"
#include "core/version/version.h"
#include "util/alloc.h"
#include "util/buf.h"

/* "9.4" -> "9" (the whole string when it has no dot). */
static void add_major(struct buf *b, const char *v)
{
	buf_add(b, v, strcspn(v, "."));
}

char *osv_distro_ecosystem(const char *id, const char *version_id, const char *version)
{
	static const struct {
		const char *id, *eco;
		enum {
			REL_NONE,
			REL_FULL,
			REL_MAJOR,
			REL_ALPINE,
			REL_LEAP,
			REL_SLES,
			REL_EULER
		} rel;
	} map[] = {
		{ "debian", "Debian", REL_FULL },
		{ "ubuntu", "Ubuntu", REL_FULL },
		{ "alpine", "Alpine", REL_ALPINE },
		{ "wolfi", "Wolfi", REL_NONE },
		{ "chainguard", "Chainguard", REL_NONE },
		{ "minimos", "MinimOS", REL_NONE },
		{ "alpaquita", "Alpaquita", REL_NONE },
		{ "rhel", "Red Hat", REL_FULL },
		{ "rocky", "Rocky Linux", REL_MAJOR },
		{ "almalinux", "AlmaLinux", REL_MAJOR },
		{ "opensuse-leap", "openSUSE", REL_LEAP },
		{ "opensuse-leap-micro", "openSUSE", REL_LEAP },
		{ "opensuse-tumbleweed", "openSUSE", REL_NONE },
		{ "sles", "SUSE", REL_SLES },
		{ "mageia", "Mageia", REL_FULL },
		{ "openeuler", "openEuler", REL_EULER },
		{ "photon", "Photon OS", REL_FULL },
		{ "azurelinux", "Azure Linux", REL_MAJOR },
		{ "mariner", "Azure Linux", REL_MAJOR },
	};
	struct buf b = BUF_INIT;
	const char *v = version_id && *version_id ? version_id : NULL;

	if (!id)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(map); i++) {
		if (strcmp(id, map[i].id))
			continue;
		buf_adds(&b, map[i].eco);
		if (!strcmp(id, "opensuse-tumbleweed")) {
			buf_adds(&b, ":Tumbleweed");
			return buf_detach(&b, NULL);
		}
		if (!v || map[i].rel == REL_NONE)
			return buf_detach(&b, NULL);
		buf_addch(&b, ':');
		switch (map[i].rel) {
		case REL_FULL:
			buf_adds(&b, v);
			break;
		case REL_MAJOR:
			add_major(&b, v);
			break;
		case REL_ALPINE: { /* major.minor of 3.19.1, with a v */
			const char *dot = strchr(v, '.'), *dot2 = dot ? strchr(dot + 1, '.') : NULL;

			buf_addf(&b, "v%.*s", (int)(dot2 ? (size_t)(dot2 - v) : strlen(v)), v);
			break;
		}
		case REL_LEAP:
			buf_addf(&b, "%s %s", strstr(id, "micro") ? "Leap Micro" : "Leap", v);
			break;
		case REL_SLES: { /* 15.5 -> "15 SP5", 15 and 15.0 -> "15" */
			const char *dot = strchr(v, '.');

			if (dot && strcmp(dot + 1, "0"))
				buf_addf(&b, "%.*s SP%s", (int)(dot - v), v, dot + 1);
			else
				add_major(&b, v);
			break;
		}
		case REL_EULER: { /* VERSION "22.03 (LTS-SP3)" -> "22.03-LTS-SP3" */
			const char *open = version ? strchr(version, '(') : NULL;
			const char *close = open ? strchr(open, ')') : NULL;

			buf_adds(&b, v);
			if (close && close > open + 1)
				buf_addf(&b, "-%.*s", (int)(close - open - 1), open + 1);
			break;
		}
		case REL_NONE:
			break;
		}
		return buf_detach(&b, NULL);
	}
	return NULL;
}

/* The n-th ':'-separated field of s (0-based), as a pointer and length; false when absent. */
static bool field(const char *s, int n, const char **out, size_t *len)
{
	for (; n > 0; n--) {
		s = strchr(s, ':');
		if (!s)
			return false;
		s++;
	}
	*out = s;
	*len = strcspn(s, ":");
	return true;
}

/* Red Hat: "enterprise_linux:9::appstream" applies to 9.x, "rhel_eus:9.2::baseos" to 9.2. */
static bool redhat_applies(const char *er, const char *pr)
{
	const char *v;
	size_t vn, major = strcspn(pr, ".");

	if (!field(er, 1, &v, &vn) || !vn)
		return true; /* "Red Hat:enterprise_linux": every release */
	if (vn == strlen(pr) && !memcmp(v, pr, vn))
		return true;
	return !memchr(v, '.', vn) && vn == major && !memcmp(v, pr, vn);
}

/* SUSE: any product or module of the release, "... 15 SP5" or "... 15 SP5-LTSS", applies to "15 SP5". */
static bool suse_applies(const char *er, const char *pr)
{
	size_t pn = strlen(pr), en = strcspn(er, ":");
	const char *at;

	for (at = er; (at = strstr(at, pr)) != NULL && at < er + en; at++) {
		char after = at + pn < er + en ? at[pn] : 0;

		if ((at == er || at[-1] == ' ') && (after == 0 || after == '-'))
			return true;
	}
	return false;
}

bool osv_release_applies(const char *entry, const char *pkg)
{
	const char *er = strchr(entry, ':'), *pr = strchr(pkg, ':');
	size_t n;

	if (!er || !pr)
		return true; /* either names no release: the release cannot rule it out */
	er++;
	pr++;
	if (!strncmp(entry, "Red Hat:", 8))
		return redhat_applies(er, pr);
	if (!strncmp(entry, "SUSE:", 5))
		return suse_applies(er, pr);
	/* "22.04" names "22.04:LTS"; "Leap 15.5" names "Leap 15.5 NonFree" */
	n = strlen(pr);
	if (strncmp(er, pr, n))
		return false;
	if (er[n] == 0 || er[n] == ':' || er[n] == ' ')
		return true;
	/*
	 * openEuler "22.03" (a purl's distro=openeuler-22.03 says no more) names
	 * every "22.03-LTS-SPn": which service pack is not known
	 */
	return !strncmp(entry, "openEuler:", 10) && er[n] == '-' && !strchr(pr, '-');
}
