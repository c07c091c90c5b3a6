/*
 * password.h: the secret key of a command that signs: its password, loading it, writing
 * the signature.
 */
#ifndef VOUCH_PASSWORD_H
#define VOUCH_PASSWORD_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/integrity/minisign.h"

/*
 * Reads a password into out (which the caller wipes with buf_wipe()):
 *  - from the environment variable VOUCH_PASSWORD when it is set (used as is,
 *    even when empty; `confirm` does not apply);
 *  - else from the terminal /dev/tty with echo off, after printing prompt on
 *    it; with confirm, asked twice and the two must match;
 *  - else (no terminal) an error saying to set VOUCH_PASSWORD or use a key
 *    without a password.
 * The trailing newline is not part of the password. At most
 * MINISIGN_PASSWORD_MAX (1024) bytes. Returns 0 or a negative ERR_* with the
 * message set (ERR_USAGE for no terminal and no variable, or a mismatch).
 */
int cmd_read_password(struct buf *out, const char *prompt, bool confirm);

/*
 * Loads the secret key at path for a command: asks for the password with
 * cmd_read_password() only when the key is protected by one, wipes it after.
 * Returns 0 or a negative ERR_* (ERR_VERIFY for a wrong password); the
 * caller wipes the key with minisign_seckey_wipe().
 */
int cmd_load_seckey(struct minisign_seckey *out, const char *path);

/*
 * Writes the four-line .minisig text sig to PATH.minisig, atomically (sign.c;
 * shared by the commands that sign what they write). Returns 0 or a negative
 * ERR_* with the message set.
 */
int cmd_write_minisig(const char *path, const struct buf *sig);

#endif
