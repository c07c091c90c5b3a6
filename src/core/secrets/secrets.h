/*
 * secrets.h: credentials in source trees and git histories.
 *
 * The rules are data (rules.def): each has a pattern that finds candidates
 * and a confirmer that decides (checksums, decoding, context, entropy). All
 * patterns are compiled once (match.h: vectorscan, or PCRE2 where vectorscan
 * is not available), and each file is matched in one pass, in windows of SECRETS_WINDOW bytes that overlap by
 * SECRETS_OVERLAP, so memory stays constant whatever the size of a file.
 *
 *     struct secrets s = SECRETS_INIT;
 *     if (secrets_init(&s) < 0) ... err_msg() ...
 *     secrets_scan_path(&s, "src");          files, or folders walked (.git skipped)
 *     secrets_scan_git(&s, ".");             every blob of every commit, once
 *     ... s.findings[0 .. s.nfindings), s.unread[0 .. s.nunread) ...
 *     secrets_release(&s);
 *
 * Not findings: placeholders (EXAMPLE, xxxx, 000000, <...>, ${...}), a line
 * carrying the comment "vouch:allow", heuristic rules (secret-generic,
 * url-password) in lockfiles and in test fixture folders (a path component
 * named testdata, fixtures, __fixtures__ or test-fixtures). A token of a
 * provider format in a fixture folder is still reported: a real token leaked
 * in a test is real. Files with a NUL byte in their first 8000 bytes are
 * binary and skipped (counted in files_binary).
 *
 * A secret is never kept whole in a finding: only its redaction (first and
 * last characters) and its SHA-256 (in the fingerprint) leave the scanner;
 * the bytes read are wiped before their buffer is freed.
 */
#ifndef VOUCH_SECRETS_H
#define VOUCH_SECRETS_H

#include "util/compat.h"

struct buf;
struct strmap;

#define SECRETS_WINDOW       ((size_t)1 << 20)  /* bytes matched at once */
#define SECRETS_OVERLAP      ((size_t)64 << 10) /* longest candidate a window boundary may cut */
#define SECRETS_MAX_BLOB     ((size_t)64 << 20) /* git blobs above this are named, not read */
#define SECRETS_MAX_FINDINGS 100000             /* then the scan stops with ERR_TOOBIG */

struct secrets_rule {
	const char *id;
	const char *title;
	const char *source;
};

/* The rules, in the order of rules.def; *n receives their number. */
const struct secrets_rule *secrets_rules(size_t *n);

/* True for a heuristic rule (secret-generic, url-password). */
bool secrets_rule_heuristic(const char *id);

struct secrets_finding {
	char *path; /* as shown: the operand joined with the path in the tree */
	char *rel;  /* relative to the scanned root or the repository: in the fingerprint */
	size_t line, column;  /* 1-based; column in bytes */
	const char *rule;     /* a secrets_rule id (static) */
	char *redacted;       /* first and last characters, "…" between */
	char fingerprint[65]; /* hex SHA-256 of rule, rel and the secret's SHA-256 */
	char *commit;         /* --git: hex id of the first commit that holds it, else NULL */
	char *author;         /* --git: "Name <email>" */
	char *date;           /* --git: author date, UTC, RFC 3339 */
	char *note;           /* extra context (e.g. where an AWS secret key was found), or NULL */
	bool baselined;       /* its fingerprint is in the baseline */
};

struct secrets_unread {
	char *path;
	char *reason;
};

struct secrets {
	struct secrets_finding *findings;
	size_t nfindings, alloc;
	struct secrets_unread *unread; /* inputs that could not be read: exit 3 */
	size_t nunread, unread_alloc;
	uint64_t files_scanned, bytes_scanned, files_binary;
	struct strmap *baseline; /* fingerprints accepted, or NULL */
	void *matcher;           /* match.h */
	void *cands;             /* candidates of the current window (scan.c) */
};
#define SECRETS_INIT                                                                               \
	{                                                                                          \
		0                                                                                  \
	}

/* Compiles the rules. ERR_GENERIC with the matcher's message when it fails. */
int secrets_init(struct secrets *s);
/* Forgets the findings, unread inputs and counts; keeps the rules and the baseline. */
void secrets_reset(struct secrets *s);
void secrets_release(struct secrets *s);

/*
 * Reads a baseline: one fingerprint (64 hex digits) at the start of each line,
 * anything after it ignored, '#' lines and blank lines skipped. ERR_PARSE with
 * "FILE:LINE: ..." on a bad line; ERR_IO when it cannot be read.
 */
int secrets_load_baseline(struct secrets *s, const char *path);
/* The baseline text for the findings: "FINGERPRINT RULE PATH:LINE" lines, sorted, no repeats. */
int secrets_format_baseline(struct buf *out, const struct secrets *s);

/*
 * Scans a file or a folder (walked with util/walk.h, ".git" excluded, links
 * out of the tree not followed); "-" is standard input. Unreadable entries go to s->unread; the
 * return is negative only when the scan cannot go on (ERR_TOOBIG past
 * SECRETS_MAX_FINDINGS).
 */
int secrets_scan_path(struct secrets *s, const char *path);

/*
 * Scans every blob reachable from any reference and HEAD of the repository at
 * or above path, each blob once (by object id), commits oldest first, so each
 * finding names the first commit that brought the blob in. Returns ERR_IO
 * (with libgit2's message) when there is no repository there.
 */
int secrets_scan_git(struct secrets *s, const char *path);

/*
 * Scans len bytes of one file. shown, rel: as in struct secrets_finding.
 * commit, author, date: NULL outside --git. For callers with the bytes in
 * memory (git blobs, fuzzing).
 */
int secrets_scan_mem(struct secrets *s, const char *shown, const char *rel, const char *data,
                     size_t len, const char *commit, const char *author, const char *date);

/* Sorts findings by path, line, column, rule (the output order). */
void secrets_sort(struct secrets *s);

/*
 * Confirmer helpers, exposed for the unit tests: CRC32 (IEEE) of len bytes; the
 * 6-character base62 form GitHub and npm append; Shannon entropy in bits per
 * byte; the redaction of a secret (first and last characters, never more than
 * a fifth of it at each end; xfree() the result).
 */
uint32_t secrets_crc32(const void *p, size_t len);
void secrets_base62_6(char out[7], uint32_t v);
double secrets_entropy(const char *s, size_t n);
char *secrets_redact(const char *s, size_t n);
bool secrets_placeholder(const char *s, size_t n);

#endif
