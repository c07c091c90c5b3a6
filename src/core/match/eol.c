/*
 * eol.c: components past their end of life, or ending within a year
 * (scan.h). The cycles come from endoflife.date data in the database.
 */
#include "util/compat.h"
#include "core/match/scan.h"
#include "util/alloc.h"
#include "util/err.h"

/* Days since 1970 of "YYYY-MM-DD", or false. */
static bool ymd_days(int64_t *out, const char *s)
{
	int v[3] = { 0 };
	int64_t y, m, d, era, yoe, doy, doe;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0, k = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			k++;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return false;
		v[k] = v[k] * 10 + (s[i] - '0');
	}
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
		return false;
	/* days from civil (proleptic Gregorian) */
	y = v[0] - (v[1] <= 2), m = v[1], d = v[2];
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*out = era * 146097 + doe - 719468;
	return true;
}

int scan_run_eol(struct scan *sc, struct vulndb *db, int64_t today)
{
	if (!vulndb_has_eol(db))
		return 0;
	for (size_t i = 0; i < sc->npkgs; i++) {
		const struct scan_pkg *p = &sc->pkgs[i];
		struct vulndb_eol e;
		struct scan_eol *o;
		int64_t day = 0;
		bool dated, ended;
		int r = vulndb_eol_find(&e, db, p->purl, p->version);

		if (r < 0)
			return r;
		if (!r)
			continue;
		dated = ymd_days(&day, e.eol);
		ended = dated ? day < today : (e.eol && !strcmp(e.eol, "true"));
		if (!ended && !(dated && day - today <= SCAN_EOL_WARN_DAYS)) {
			vulndb_eol_release(&e);
			continue;
		}
		sc->eol = xreallocarray(sc->eol, sc->neol + 1, sizeof(*sc->eol));
		o = &sc->eol[sc->neol++];
		o->pkg = i;
		o->product = e.product;
		o->cycle = e.cycle;
		o->eol = dated ? e.eol : NULL;
		o->latest = e.latest;
		o->ended = ended;
		o->days = dated ? day - today : 0;
		if (!dated)
			free(e.eol);
		free(e.eoas);
	}
	return 0;
}
