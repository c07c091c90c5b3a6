/*
 * table.c: the collectors of evidence, in the order they run.
 *
 * Each source of evidence is one file in this folder that defines one
 * struct assess_collector; add a source by writing its file and listing it
 * here. The inventory comes first: later collectors read it from the context.
 */
#include "util/compat.h"
#include "core/assess/collect.h"

extern const struct assess_collector assess_collector_inventory;
extern const struct assess_collector assess_collector_tests;
extern const struct assess_collector assess_collector_tlog;
extern const struct assess_collector assess_collector_releases;
extern const struct assess_collector assess_collector_disclosure;
extern const struct assess_collector assess_collector_vulns;
extern const struct assess_collector assess_collector_lifecycle;
extern const struct assess_collector assess_collector_changes;
extern const struct assess_collector assess_collector_sarif;
extern const struct assess_collector assess_collector_ci;
extern const struct assess_collector assess_collector_advisories;
extern const struct assess_collector assess_collector_incidents;
extern const struct assess_collector assess_collector_secrets;
extern const struct assess_collector assess_collector_harden;

/* one a line, so that adding a source is a one-line change */
/* clang-format off */
const struct assess_collector *const assess_collectors[] = {
	&assess_collector_inventory,
	&assess_collector_tests,
	&assess_collector_tlog,
	&assess_collector_releases,
	&assess_collector_disclosure,
	&assess_collector_vulns,
	&assess_collector_lifecycle,
	&assess_collector_changes,
	&assess_collector_sarif,
	&assess_collector_ci,
	&assess_collector_advisories,
	&assess_collector_incidents,
	&assess_collector_secrets, /* credentials in the tree (issue 16) */
	&assess_collector_harden,
	NULL,
};
/* clang-format on */
