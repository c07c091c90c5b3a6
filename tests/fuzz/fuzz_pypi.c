/*
 * fuzz_pypi: the PyPI readers (requirements files, Pipfile.lock, METADATA/PKG-INFO), through the inventory as a scan
 * would run them (content sniffing included).
 */
#include "extract.h"

static const char *const kinds[] = { "pypi-requirements", "pypi-pipfile-lock", "pypi-installed" };
static const char *const rels[] = { "requirements.txt", "Pipfile.lock",
	                            "x-1.0.dist-info/METADATA" };
FUZZ_EXTRACT(kinds, rels)
