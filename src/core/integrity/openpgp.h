/*
 * openpgp.h: OpenPGP signatures through GPGME (the user's GnuPG keyring).
 *
 * The keyring is GnuPG's: $GNUPGHOME or ~/.gnupg. A key protected by a
 * passphrase is unlocked by gpg-agent (its pinentry); vouch never sees it.
 */
#ifndef VOUCH_OPENPGP_H
#define VOUCH_OPENPGP_H

#include "util/compat.h"
#include "util/buf.h"

/*
 * Appends an ASCII-armoured detached signature of (data, len) made with the
 * secret key key_id (a fingerprint, key id or user id GnuPG can find) to out,
 * and the signing key's fingerprint (40 or 64 hex digits, NUL-terminated) to
 * fpr when not NULL. 0, or ERR_NOTFOUND (no such secret key), ERR_GENERIC
 * with GPGME's reason.
 */
int openpgp_sign_detached(struct buf *out, struct buf *fpr, const char *key_id, const void *data,
                          size_t len);

/* Appends the ASCII-armoured public key key_id to out. 0 or a negative ERR_*. */
int openpgp_export_public(struct buf *out, const char *key_id);

/*
 * Verifies an OpenPGP cleartext-signed message (RFC 4880 section 7) against the
 * public keys of the keyring. 0 for a good signature, with "FINGERPRINT (user id)"
 * appended to signer; ERR_NOTFOUND when the signing key is not in the keyring (the
 * message names its key id), ERR_VERIFY for a bad or unusable signature, ERR_PARSE
 * when there is no signature. The key's trust (web of trust) is not judged.
 */
int openpgp_verify_cleartext(struct buf *signer, const void *data, size_t len);

#endif
