#include "util/compat.h"
#include "harness.h"
#include "inv_helper.h"
#include "core/binfmt/binfmt.h"

/* Little-endian store of size bytes. */
static void put(unsigned char *p, uint64_t v, unsigned size)
{
	for (unsigned i = 0; i < size; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

#define SENT_START                                                                                 \
	"0w\xaf\x0c\x92t\b\x02"                                                                    \
	"A\xe1\xc1\a\xe6\xd6\x18\xe6"
#define SENT_END                                                                                   \
	"\xf9"                                                                                     \
	"2C1\x86\x18 r\x00\x82"                                                                    \
	"B\x10"                                                                                    \
	"A\x16\xd8\xf2"

/*
 * A minimal ELF64 with one PT_LOAD mapping the whole file at 0x400000 and a
 * pre-Go-1.18 build information header (pointers to string headers).
 */
static size_t make_old_elf(unsigned char *f, size_t cap, const char *mod)
{
	const uint64_t base = 0x400000;
	size_t ml = strlen(mod);
	size_t total = 0x300 + 32 + ml;

	CHECK(total <= cap);
	memset(f, 0, cap);
	memcpy(f,
	       "\x7f"
	       "ELF",
	       4);
	f[4] = 2; /* 64-bit */
	f[5] = 1; /* little-endian */
	f[6] = 1;
	put(f + 16, 2, 2);     /* ET_EXEC */
	put(f + 32, 64, 8);    /* e_phoff */
	put(f + 54, 56, 2);    /* e_phentsize */
	put(f + 56, 1, 2);     /* e_phnum */
	put(f + 64, 1, 4);     /* PT_LOAD */
	put(f + 64 + 8, 0, 8); /* p_offset */
	put(f + 64 + 16, base, 8);
	put(f + 64 + 32, total, 8);
	put(f + 64 + 40, total, 8);
	memcpy(f + 0x100, "\xff Go buildinf:", 14);
	f[0x100 + 14] = 8;
	f[0x100 + 15] = 0; /* pointers, little-endian */
	put(f + 0x110, base + 0x140, 8);
	put(f + 0x118, base + 0x150, 8);
	put(f + 0x140, base + 0x200, 8);
	put(f + 0x148, 8, 8);
	put(f + 0x150, base + 0x300, 8);
	put(f + 0x158, 32 + ml, 8);
	memcpy(f + 0x200, "go1.17.5", 8);
	memcpy(f + 0x300, SENT_START, 16);
	memcpy(f + 0x300 + 16, mod, ml);
	memcpy(f + 0x300 + 16 + ml, SENT_END, 16);
	return total;
}

static void test_pre118_pointer_form(void)
{
	static unsigned char f[4096];
	struct inventory inv = INVENTORY_INIT;
	const char *mod = "path\texample.com/old\n"
	                  "mod\texample.com/old\tv0.3.0\th1:abc=\n"
	                  "dep\tgithub.com/x/y\tv1.0.0\th1:def=\n"
	                  "dep\tgithub.com/p/q\tv1.1.0\n"
	                  "=>\tgithub.com/fork/q\tv1.1.1\th1:ghi=\n"
	                  "build\tGOOS=linux\n";
	size_t n = make_old_elf(f, sizeof(f), mod);
	const struct pkg *p;

	CHECK_OK(inventory_read_as(&inv, extractor_find("go-binary"), "old", "old", (const char *)f,
	                           n, NULL));
	inventory_sort(&inv);
	CHECK_INT(inv.nerrors, 0);
	CHECK_INT(inv.npkgs, 4);
	p = find_pkg(&inv, "pkg:golang/example.com/old@v0.3.0");
	CHECK(p && (p->flags & PKG_ROOT));
	CHECK_STR(p ? pkg_prop(p, "vouch:go-build:GOOS") : "", "linux");
	CHECK(find_pkg(&inv, "pkg:golang/stdlib@1.17.5") != NULL);
	CHECK(find_pkg(&inv, "pkg:golang/github.com/x/y@v1.0.0") != NULL);
	p = find_pkg(&inv, "pkg:golang/github.com/p/q@v1.1.0");
	CHECK(p != NULL);
	CHECK_STR(p ? pkg_prop(p, "vouch:go-replaced-by") : "", "github.com/fork/q");
	CHECK_STR(p ? pkg_prop(p, "vouch:go-replaced-by-version") : "", "v1.1.1");
	inventory_release(&inv);

	/* a string pointer out of every segment: named, no crash */
	put(f + 0x150, 0x7fff0000, 8);
	CHECK_OK(inventory_read_as(&inv, extractor_find("go-binary"), "old", "old", (const char *)f,
	                           n, NULL));
	CHECK_INT(inv.nerrors, 1);
	CHECK(strstr(inv.diags[0].msg, "before Go 1.18") != NULL);
	inventory_release(&inv);
}

static void test_inline_truncated(void)
{
	static unsigned char f[256];
	struct inventory inv = INVENTORY_INIT;

	memcpy(f,
	       "\x7f"
	       "ELF",
	       4);
	f[4] = 2;
	f[5] = 1;
	memcpy(f + 0x40, "\xff Go buildinf:", 14);
	f[0x40 + 14] = 8;
	f[0x40 + 15] = 2;
	f[0x60] = 8;
	memcpy(f + 0x61, "go1.21.0", 8);
	f[0x69] = 0xff; /* a length running past the end */
	f[0x6a] = 0x7f;
	CHECK_OK(inventory_read_as(&inv, extractor_find("go-binary"), "t", "t", (const char *)f,
	                           0x70, NULL));
	CHECK_INT(inv.nerrors, 1);
	CHECK(strstr(inv.diags[0].msg, "truncated module information") != NULL);
	inventory_release(&inv);
}

static void test_kinds(void)
{
	CHECK_INT(binfmt_kind("\x7f"
	                      "ELF\2\1\1\0\0\0\0\0\0\0\0\0",
	                      16),
	          BINFMT_ELF);
	CHECK_INT(binfmt_kind("\xcf\xfa\xed\xfe", 4), BINFMT_MACHO);
	CHECK_INT(binfmt_kind("#!/bin/sh\n", 10), BINFMT_NONE);
	CHECK(extractor_claim_head("\x7f"
	                           "ELF\2\1\1\0\0\0\0\0\0\0\0\0",
	                           16) == extractor_find("executable"));
	CHECK(extractor_claim_head("hello", 5) == NULL);
}

/* A PE32+ header with one section table entry at 0x40+24+240 naming name, data at 0x200. */
static size_t make_pe(unsigned char *f, const char *name, uint32_t vsize, uint32_t rsize)
{
	size_t sect = 0x40 + 24 + 240;

	memset(f, 0, 0x400);
	f[0] = 'M';
	f[1] = 'Z';
	put(f + 0x3c, 0x40, 4);
	memcpy(f + 0x40, "PE\0\0", 4);
	put(f + 0x40 + 6, 1, 2);
	put(f + 0x40 + 20, 240, 2);
	put(f + 0x40 + 24, 0x20b, 2);
	memcpy(f + sect, name, strlen(name) > 8 ? 8 : strlen(name));
	put(f + sect + 8, vsize, 4);
	put(f + sect + 16, rsize, 4);
	put(f + sect + 20, 0x200, 4);
	return 0x400;
}

static void test_pe_section(void)
{
	unsigned char f[0x400];
	uint64_t off = 0, n = 0;
	size_t len = make_pe(f, ".dep-v0", 5, 0x200);

	CHECK_INT(binfmt_pe_section(f, len, ".dep-v0", &off, &n), BINFMT_SECT_FOUND);
	CHECK_INT(off, 0x200);
	CHECK_INT(n, 5); /* VirtualSize: the rest is padding */
	CHECK_INT(binfmt_pe_section(f, len, ".dep-v", &off, &n),
	          BINFMT_SECT_ABSENT); /* a prefix is not the name */
	CHECK_INT(binfmt_pe_section(f, len, ".dep-v00", &off, &n), BINFMT_SECT_ABSENT);
	CHECK_INT(binfmt_pe_section(f, 0x202, ".dep-v0", &off, &n),
	          BINFMT_SECT_OUTSIDE);        /* data past the end */
	len = make_pe(f, ".longer8", 0, 0x10); /* 8 bytes, no NUL */
	CHECK_INT(binfmt_pe_section(f, len, ".longer8", &off, &n), BINFMT_SECT_FOUND);
	CHECK_INT(n, 0x10);
	put(f + 0x40 + 6, 0xffff, 2); /* more sections than the file holds */
	CHECK_INT(binfmt_pe_section(f, len, ".dep-v0", &off, &n), BINFMT_SECT_ABSENT);
	put(f + 0x3c, 0xfffffff0u, 4); /* e_lfanew past the end */
	CHECK_INT(binfmt_pe_section(f, len, ".longer8", &off, &n), BINFMT_SECT_ABSENT);
}

/* A 64-bit little-endian Mach-O with one LC_SEGMENT_64 holding one section. */
static size_t make_macho(unsigned char *f, const char *seg, const char *sect, uint32_t flags)
{
	memset(f, 0, 0x400);
	put(f, 0xfeedfacf, 4);
	put(f + 16, 1, 4);       /* ncmds */
	put(f + 20, 72 + 80, 4); /* sizeofcmds */
	put(f + 32, 0x19, 4);    /* LC_SEGMENT_64 */
	put(f + 36, 72 + 80, 4); /* cmdsize */
	memcpy(f + 40, seg, strlen(seg));
	put(f + 32 + 64, 1, 4); /* nsects */
	memcpy(f + 32 + 72, sect, strlen(sect));
	memcpy(f + 32 + 72 + 16, seg, strlen(seg));
	put(f + 32 + 72 + 40, 7, 8);     /* size */
	put(f + 32 + 72 + 48, 0x300, 4); /* offset */
	put(f + 32 + 72 + 64, flags, 4);
	return 0x400;
}

static void test_macho_section(void)
{
	unsigned char f[0x400];
	uint64_t off = 0, n = 0;
	size_t len = make_macho(f, "__DATA", ".dep-v0", 0);

	CHECK_INT(binfmt_macho_section(f, len, "__DATA", ".dep-v0", &off, &n), BINFMT_SECT_FOUND);
	CHECK_INT(off, 0x300);
	CHECK_INT(n, 7);
	CHECK_INT(binfmt_macho_section(f, len, "__TEXT", ".dep-v0", &off, &n), BINFMT_SECT_ABSENT);
	CHECK_INT(binfmt_macho_section(f, 0x302, "__DATA", ".dep-v0", &off, &n),
	          BINFMT_SECT_OUTSIDE);              /* past the end */
	len = make_macho(f, "__DATA", ".dep-v0", 1); /* S_ZEROFILL: nothing in the file */
	CHECK_INT(binfmt_macho_section(f, len, "__DATA", ".dep-v0", &off, &n), BINFMT_SECT_OUTSIDE);
	len = make_macho(f, "__DATA", "0123456789abcdef", 0); /* 16 bytes, no NUL */
	CHECK_INT(binfmt_macho_section(f, len, "__DATA", "0123456789abcdef", &off, &n),
	          BINFMT_SECT_FOUND);
	put(f + 32 + 64, 1000, 4); /* more sections than the command holds */
	CHECK_INT(binfmt_macho_section(f, len, "__DATA", "0123456789abcdef", &off, &n),
	          BINFMT_SECT_ABSENT);
	len = make_macho(f, "__DATA", ".dep-v0", 0);
	put(f + 36, 4, 4); /* a command shorter than its header */
	CHECK_INT(binfmt_macho_section(f, len, "__DATA", ".dep-v0", &off, &n), BINFMT_SECT_ABSENT);
}

RUN_TESTS("binary", T(test_pre118_pointer_form), T(test_inline_truncated), T(test_kinds),
          T(test_pe_section), T(test_macho_section))
