/*
 * num.h: bounded number parsing, in place of atoi/strtol.
 *
 * Each parser takes (s, len), accepts only decimal digits (an optional '-'
 * for the signed one), no white space, no '+', no leading zeros beyond a
 * lone "0" unless NUM_ALLOW_LEADING_ZERO is given, and fails with ERR_PARSE
 * on anything else or ERR_TOOBIG when the value is above max (or below min).
 */
#ifndef VOUCH_NUM_H
#define VOUCH_NUM_H

#include "util/compat.h"

enum num_flags {
	NUM_ALLOW_LEADING_ZERO = 1 << 0,
};

int num_parse_u64(uint64_t *out, const char *s, size_t len, uint64_t max, unsigned flags);
int num_parse_i64(int64_t *out, const char *s, size_t len, int64_t min, int64_t max,
                  unsigned flags);
/* A C-string convenience for option values. */
int num_parse_size(size_t *out, const char *s, size_t max);

#endif
