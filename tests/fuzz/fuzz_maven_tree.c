/*
 * fuzz_maven_tree: a folder of pom.xml files read by the maven-pom extractor,
 * so that parents, the tree's index by coordinates and import BOMs are
 * exercised. The input holds up to five POMs separated by NUL bytes, written
 * to pom.xml, a/pom.xml, a/b/pom.xml, c/pom.xml and c/d/pom.xml of a
 * temporary folder (tree.h), then scanned as `vouch sbom DIR` does.
 */
#include "tree.h"

static const char *const files[] = { "pom.xml", "a/pom.xml", "a/b/pom.xml", "c/pom.xml",
	                             "c/d/pom.xml" };
static const char *const dirs[] = { "a/b", "a", "c/d", "c" };
FUZZ_TREE("fuzz-maven", files, dirs)
