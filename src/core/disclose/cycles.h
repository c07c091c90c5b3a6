/*
 * cycles.h: a product's releases as endoflife.date release cycles (JSON).
 *
 * The shape is the one endoflife.date publishes for each product: an array
 * of objects, newest release first, with "cycle", "releaseDate", "eol" (a
 * date, or false while the end of support is not set) and, when known,
 * "eoas", "lts" and "latest". `vouch lifecycle publish` writes it for
 * customers and `vouch bundle create` carries it in the assurance pack.
 */
#ifndef VOUCH_CYCLES_H
#define VOUCH_CYCLES_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/assess/assess.h"

/* Appends the JSON array (pretty, ends with a newline). Returns 0 or ERR_NOMEM. */
int lifecycle_cycles_json(struct buf *out, const struct assess_product *p);

#endif
