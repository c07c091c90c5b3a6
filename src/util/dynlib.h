/*
 * dynlib.h: heavy libraries loaded when first used.
 *
 * Most commands need none of libcurl, libgit2, libpq, gpgme, libmicrohttpd,
 * vectorscan (libhs), libarchive (with its compressors, and libxml2 for xar)
 * and libxml2 (which brings ICU's 30 MB and libstdc++), yet linking them makes the dynamic loader map about
 * 45 shared objects and resolve their symbols at every start: measured, 17 ms
 * of CPU for `vouch --version` against 5 ms without them (bench/sbom/README.md).
 * So the binary does not link them: dynlib.c defines each function vouch calls
 * from them, with the prototype of the library's own header (the compiler
 * checks that they agree), and the first call dlopen()s the library by the
 * soname found at build time (pkg-config's libdir) and forwards to it.
 * Calling code is unchanged: it calls curl_easy_init() as before.
 *
 * A library that cannot be loaded is what the dynamic loader would have
 * refused at start: the first call prints "vouch: cannot load 'SONAME'
 * (needed for WHAT): REASON" on stderr and exits 4. Commands that want to
 * report it as an ordinary error call dynlib_require() first.
 *
 * Thread-safe: loading is under a lock, resolved functions are cached with
 * atomic loads and stores (the HTTP server calls libmicrohttpd from its threads).
 */
#ifndef VOUCH_DYNLIB_H
#define VOUCH_DYNLIB_H

#include "util/compat.h"

enum dynlib_id {
	DYNLIB_CURL,
	DYNLIB_GIT2,
	DYNLIB_PQ,
	DYNLIB_GPGME,
	DYNLIB_MHD,
	DYNLIB_HS,
	DYNLIB_XML2,
	DYNLIB_ARCHIVE,
	DYNLIB_COUNT
};

/* Loads lib now: 0, or ERR_UNSUPPORTED naming the library and why it could not be loaded. */
int dynlib_require(enum dynlib_id lib);

/* The soname lib is loaded by (e.g. "libcurl.so.4"). */
const char *dynlib_soname(enum dynlib_id lib);

/* How many of the libraries are loaded now (for tests). */
int dynlib_loaded(void);

#endif
