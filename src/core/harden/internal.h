/*
 * internal.h: what the per-format readers of the harden module share.
 * Each fills f (zeroed, path and slice set by the caller) from one thin
 * binary: 0, or ERR_PARSE with a message (without the path).
 */
#ifndef VOUCH_HARDEN_INTERNAL_H
#define VOUCH_HARDEN_INTERNAL_H

#include "core/harden/harden.h"

int harden_elf(struct harden_file *f, const unsigned char *d, size_t len);
int harden_pe(struct harden_file *f, const unsigned char *d, size_t len);
int harden_macho(struct harden_file *f, const unsigned char *d, size_t len);

/* The index of name (len bytes) in the fortifiable list, or -1. */
int harden_fortifiable_find(const char *name, size_t len);

/* Sets f->arch to name, or to "machine-N" / "cpu-N" when name is NULL. */
void harden_set_arch(struct harden_file *f, const char *name, const char *prefix, unsigned long n);

#endif
