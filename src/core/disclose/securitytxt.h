/*
 * securitytxt.h: reading a security.txt file (RFC 9116) and judging it.
 *
 * The parser never stops at the first fault: every problem is recorded with
 * its line (0 when it concerns the whole file, e.g. a missing field) and a
 * level: error (the file does not meet RFC 9116's MUSTs) or not (a warning or
 * an information note, e.g. that an OpenPGP signature was not verified).
 *
 * What is checked:
 *   - lines "Name: value", names case-insensitive, "#" comments, blank lines,
 *     LF or CRLF; a line that is neither is an error;
 *   - Contact: at least one; each a URI with scheme mailto:, https: or tel:
 *     (http: is an error: web URIs must be https; other schemes a warning);
 *   - Expires: exactly once, an RFC 3339 date-time (e.g. 2027-06-30T23:59:59Z);
 *     in the past (before now) is an error; more than 366 days after now is a
 *     warning (the RFC recommends less than a year);
 *   - Encryption, Policy, Acknowledgments, Canonical, Hiring: URIs, https when
 *     they are web URIs (http: is an error);
 *   - Preferred-Languages: at most once, comma-separated RFC 5646 tags; unknown
 *     fields are allowed;
 *   - an OpenPGP cleartext-signed file (RFC 4880 section 7) is recognised: the
 *     fields are read from the signed part (dash-escaping undone) and an info
 *     problem says the signature was not verified.
 * Limits: SECURITYTXT_MAX_SIZE bytes (larger: ERR_TOOBIG, nothing read),
 * SECURITYTXT_MAX_LINE bytes a line (longer lines are an error and skipped),
 * SECURITYTXT_MAX_VALUES values kept per field, SECURITYTXT_MAX_PROBLEMS
 * problems kept (the last one says that more were dropped).
 */
#ifndef VOUCH_SECURITYTXT_H
#define VOUCH_SECURITYTXT_H

#include "util/compat.h"

#define SECURITYTXT_MAX_SIZE     ((size_t)64 << 10)
#define SECURITYTXT_MAX_LINE     2048
#define SECURITYTXT_MAX_VALUES   64
#define SECURITYTXT_MAX_PROBLEMS 100

struct securitytxt_problem {
	size_t line; /* 1-based; 0 for the file as a whole */
	bool error;  /* false: a warning or an information note */
	char *msg;   /* lower case, no file name (the caller knows it) */
};

struct securitytxt {
	char **contact;
	size_t ncontact;
	char **policy;
	size_t npolicy;
	char **encryption;
	size_t nencryption;
	char **canonical;
	size_t ncanonical;
	char *expires_text; /* the first Expires value as written, NULL when none */
	int64_t expires;    /* seconds since the epoch, when has_expires */
	bool has_expires;   /* an Expires field that parsed */
	bool signed_pgp;    /* OpenPGP cleartext signature framing seen (not verified) */
	size_t pgp_note;    /* 1 + the index of the "not verified" note, 0 when none */
	struct securitytxt_problem *problems;
	size_t nproblems;
};

#define SECURITYTXT_INIT                                                                           \
	{                                                                                          \
		0                                                                                  \
	}

/*
 * Parses (data, len) into *out (initialised here; release with
 * securitytxt_release(), also after an error). name is for messages. now is
 * the time (seconds since the epoch) that Expires is judged against.
 * Returns 0 whenever the file could be read at all, with its faults in
 * out->problems; ERR_TOOBIG when larger than SECURITYTXT_MAX_SIZE.
 */
int securitytxt_parse(struct securitytxt *out, const char *data, size_t len, const char *name,
                      int64_t now);
/*
 * The location rules of RFC 9116 for a file read from url: served over https, at
 * /.well-known/security.txt (the legacy /security.txt is a warning), and when the
 * file has Canonical fields, one of them is url (scheme and host compared without
 * case). Adds the problems found to s.
 */
void securitytxt_check_location(struct securitytxt *s, const char *url);
/* Adds a whole-file problem. */
void securitytxt_note(struct securitytxt *s, bool error, const char *msg);
/* Replaces the parser's "not verified" note with the caller's verdict on the signature. */
void securitytxt_pgp_verdict(struct securitytxt *s, bool error, const char *msg);
/* True when no problem is at error level. */
bool securitytxt_valid(const struct securitytxt *s);
/*
 * True when the file offers a confidential channel for reports (Code of
 * Practice claim 3.2.2): an Encryption field (a key to encrypt reports to),
 * or a Contact that is an https: URI (a web form served over TLS). A mailto:
 * contact alone is not confidential (mail is not end-to-end encrypted); with
 * an Encryption field it is, which the first rule already covers; tel: is not.
 */
bool securitytxt_confidential(const struct securitytxt *s);
/* Frees everything s owns and leaves it empty. Takes NULL. */
void securitytxt_release(struct securitytxt *s);

/*
 * Parses an RFC 3339 date-time (YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM),
 * "T" and "Z" in either case) into seconds since the epoch. 0 or ERR_PARSE.
 */
int securitytxt_parse_time(int64_t *out, const char *s, size_t len);

#endif
