/*
 * hackage.h: what the Haskell readers (stack.yaml.lock, cabal.project.freeze)
 * share: Hackage's package names and versions.
 */
#ifndef VOUCH_INVENTORY_HACKAGE_H
#define VOUCH_INVENTORY_HACKAGE_H

#include "util/compat.h"

#define HACKAGE_ECOSYSTEM "Hackage"

/* A Hackage package name: words of letters and digits joined by '-', each with a letter. */
bool hackage_name_ok(const char *s, size_t n);
/* A package version: numbers separated by single dots. */
bool hackage_version_ok(const char *s, size_t n);

#endif
