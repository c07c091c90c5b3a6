/*
 * fuzz_cpan: the Perl readers (CPAN::Meta META.json / META.yml, cpanfile.snapshot) on
 * arbitrary bytes.
 */
#include "extract.h"

static const char *const kinds[] = { "cpan-meta", "cpanfile-snapshot" };
static const char *const rels[] = { "META.json", "cpanfile.snapshot" };
FUZZ_EXTRACT(kinds, rels)
