/*
 * fuzz_portage: the Gentoo vdb reader on a folder, so that the files read
 * beside PF (CATEGORY, LICENSE, RDEPEND) and the vdb's index are exercised:
 * the parts of the input are var/db/pkg/dev-libs/a-1/PF, its RDEPEND and
 * CATEGORY, and var/db/pkg/sys-libs/b-2.0-r1/PF (tree.h).
 */
#include "tree.h"

static const char *const files[] = { "var/db/pkg/dev-libs/a-1/PF",
	                             "var/db/pkg/dev-libs/a-1/RDEPEND",
	                             "var/db/pkg/dev-libs/a-1/CATEGORY",
	                             "var/db/pkg/sys-libs/b-2.0-r1/PF" };
static const char *const dirs[] = { "var/db/pkg/dev-libs/a-1",
	                            "var/db/pkg/sys-libs/b-2.0-r1",
	                            "var/db/pkg/dev-libs",
	                            "var/db/pkg/sys-libs",
	                            "var/db/pkg",
	                            "var/db",
	                            "var" };
FUZZ_TREE("fuzz-portage", files, dirs)
