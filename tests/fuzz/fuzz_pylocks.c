/*
 * fuzz_pylocks: the PyPI TOML lockfile readers (poetry.lock, uv.lock, pdm.lock, pylock.toml), through the inventory as a scan
 * would run them (content sniffing included).
 */
#include "extract.h"

static const char *const kinds[] = { "pypi-poetry-lock", "pypi-uv-lock", "pypi-pdm-lock",
	                             "pypi-pylock" };
static const char *const rels[] = { "poetry.lock", "uv.lock", "pdm.lock", "pylock.toml" };
FUZZ_EXTRACT(kinds, rels)
