#include "util/compat.h"
#include "harness.h"
#include "core/harden/harden.h"
#include "core/harden/internal.h"
#include "util/err.h"

static void put(unsigned char *p, uint64_t v, unsigned size, bool big)
{
	for (unsigned i = 0; i < size; i++)
		p[big ? size - 1 - i : i] = (unsigned char)(v >> (8 * i));
}

static void test_fortify_list(void)
{
	size_t n = harden_fortifiable_count();

	CHECK(n > 70 && n <= HARDEN_MAX_FORTIFIABLE);
	for (size_t i = 0; i < n; i++) {
		const char *s = harden_fortifiable_name(i);

		CHECK(i == 0 || strcmp(harden_fortifiable_name(i - 1), s) < 0);
		CHECK_INT(harden_fortifiable_find(s, strlen(s)), (long long)i);
	}
	CHECK_INT(harden_fortifiable_find("memcp", 5), -1);        /* a prefix of memcpy */
	CHECK_INT(harden_fortifiable_find("memcpyx", 7), -1);      /* longer than memcpy */
	CHECK_INT(harden_fortifiable_find("strcpy@GLIBC", 6), 46); /* the length decides */
	CHECK(!strcmp(harden_fortifiable_name(46), "strcpy"));
	CHECK(harden_fortifiable_name(n) == NULL);
}

static void test_policy(void)
{
	struct harden_policy p = HARDEN_POLICY_INIT, q = HARDEN_POLICY_INIT;

	CHECK_OK(harden_policy_add(&p, "pie, nx,,relro=partial"));
	CHECK_OK(harden_policy_add(&q, "nx,relro,pie"));
	CHECK(p.bits == q.bits && p.bits);
	CHECK_INT(harden_policy_add(&p, "pie,relro=ful"), ERR_USAGE);
	CHECK(strstr(err_msg(), "'relro=ful'"));
	CHECK_OK(harden_policy_add(&p, HARDEN_RECOMMENDED));
	for (size_t i = 0; harden_requirement_names[i]; i++) {
		CHECK(harden_requirement_what(harden_requirement_names[i]));
		CHECK(harden_requirement_fix(harden_requirement_names[i]));
	}
	CHECK(!harden_requirement_what("nope"));
}

/*
 * A big-endian ELF32 program (PowerPC) without section headers: PT_INTERP,
 * PT_GNU_STACK (RW), PT_GNU_RELRO, PT_DYNAMIC and one PT_LOAD over the file;
 * the dynamic section has two DT_RPATH, DT_FLAGS_1 = NOW|PIE and its string
 * table found through DT_STRTAB.
 */
static size_t make_elf_be32(unsigned char *f, size_t cap)
{
	const bool B = true;
	const uint32_t base = 0x10000000, ph = 52, dyn = 0x200, str = 0x300;
	uint32_t types[] = { 3, 0x6474e551, 0x6474e552, 2, 1 };
	size_t total = 0x340;

	CHECK(total <= cap);
	memset(f, 0, cap);
	memcpy(f,
	       "\x7f"
	       "ELF",
	       4);
	f[4] = 1; /* 32-bit */
	f[5] = 2; /* big-endian */
	f[6] = 1;
	put(f + 16, 3, 2, B);  /* ET_DYN */
	put(f + 18, 20, 2, B); /* EM_PPC */
	put(f + 28, ph, 4, B);
	put(f + 42, 32, 2, B);
	put(f + 44, 5, 2, B);
	for (unsigned i = 0; i < 5; i++) {
		unsigned char *p = f + ph + 32 * i;

		put(p, types[i], 4, B);
		put(p + 24, types[i] == 0x6474e551 ? 6 : 5, 4, B); /* RW stack, else R+X */
		if (types[i] == 2) {
			put(p + 4, dyn, 4, B);
			put(p + 16, 6 * 8, 4, B);
		} else if (types[i] == 1) {
			put(p + 8, base, 4, B);
			put(p + 16, total, 4, B);
			put(p + 20, total, 4, B);
		}
	}
	{
		static const uint32_t d[][2] = {
			{ 5, 0x10000000 + 0x300 },  { 10, 0x20 }, { 15, 1 }, { 15, 3 },
			{ 0x6ffffffb, 0x08000001 }, { 0, 0 },
		};

		for (unsigned i = 0; i < 6; i++) {
			put(f + dyn + 8 * i, d[i][0], 4, B);
			put(f + dyn + 8 * i + 4, d[i][1], 4, B);
		}
	}
	memcpy(f + str, "\0a\0b", 4);
	return total;
}

static void test_elf_be32(void)
{
	static unsigned char f[0x400];
	struct harden_set s = HARDEN_SET_INIT;
	size_t len = make_elf_be32(f, sizeof(f));
	const struct harden_file *h;

	CHECK_INT(harden_read_buf(&s, "be32", f, len), 1);
	CHECK_INT(s.n, 1);
	h = &s.v[0];
	CHECK(!strcmp(h->type, "pie") && h->pie);
	CHECK(!strcmp(harden_file_arch(h), "ppc"));
	CHECK_INT(h->relro, HARDEN_RELRO_FULL); /* DF_1_NOW alone binds now */
	CHECK(h->bindnow && h->nx && !h->execstack && !h->rwx_segment);
	CHECK(h->rpath && !strcmp(h->rpath, "a:b") && !h->runpath);
	CHECK(h->stripped);
	CHECK_INT(h->canary, HARDEN_UNKNOWN); /* no symbol tables at all */
	CHECK_INT(h->fortify, HARDEN_FORTIFY_UNKNOWN);
	harden_set_release(&s);

	/* no PT_GNU_STACK: the loader's default, an executable stack */
	put(f + 52 + 32, 0x6474e550, 4, true);
	CHECK_INT(harden_read_buf(&s, "be32", f, len), 1);
	CHECK(s.v[0].execstack && !s.v[0].nx);
	harden_set_release(&s);

	/* every prefix is read or refused, never read past */
	make_elf_be32(f, sizeof(f));
	for (size_t n = 0; n < len; n++) {
		unsigned char *copy = malloc(n ? n : 1);

		memcpy(copy, f, n);
		CHECK(harden_read_buf(&s, "cut", copy, n) <= 1);
		harden_set_release(&s);
		free(copy);
	}
}

/* A PE32 i386 image with one section holding a load configuration. */
static size_t make_pe32(unsigned char *f, size_t cap, unsigned dllchar, uint32_t seh_count)
{
	const uint32_t pe = 0x80, opt = pe + 24, optsize = 96 + 16 * 8, sect = opt + optsize;
	const uint32_t raw = 0x200, rva = 0x1000;
	size_t total = raw + 0x100;

	CHECK(total <= cap);
	memset(f, 0, cap);
	f[0] = 'M';
	f[1] = 'Z';
	put(f + 0x3c, pe, 4, false);
	memcpy(f + pe, "PE\0\0", 4);
	put(f + pe + 4, 0x14c, 2, false); /* i386 */
	put(f + pe + 6, 1, 2, false);
	put(f + pe + 20, optsize, 2, false);
	put(f + pe + 22, 0x102, 2, false); /* executable, 32-bit machine */
	put(f + opt, 0x10b, 2, false);
	put(f + opt + 28, 0x400000, 4, false);
	put(f + opt + 70, dllchar, 2, false);
	put(f + opt + 92, 16, 4, false);
	put(f + opt + 96 + 10 * 8, rva, 4, false); /* load configuration */
	put(f + opt + 96 + 10 * 8 + 4, 72, 4, false);
	memcpy(f + sect, ".rdata", 6);
	put(f + sect + 8, 0x100, 4, false);
	put(f + sect + 12, rva, 4, false);
	put(f + sect + 16, 0x100, 4, false);
	put(f + sect + 20, raw, 4, false);
	put(f + raw, 72, 4, false);
	put(f + raw + 64, 0x401080, 4, false); /* SEHandlerTable */
	put(f + raw + 68, seh_count, 4, false);
	return total;
}

static void test_pe32_safeseh(void)
{
	static unsigned char f[0x400];
	struct harden_set s = HARDEN_SET_INIT;
	size_t len = make_pe32(f, sizeof(f), 0x140, 2);

	CHECK_INT(harden_read_buf(&s, "pe", f, len), 1);
	CHECK(!strcmp(s.v[0].type, "exe") && !strcmp(harden_file_arch(&s.v[0]), "i386"));
	CHECK(s.v[0].aslr && s.v[0].nx && !s.v[0].cfg && !s.v[0].authenticode);
	CHECK_INT(s.v[0].safeseh, HARDEN_YES);
	CHECK_INT(s.v[0].high_entropy_va, HARDEN_NA);
	harden_set_release(&s);
	len = make_pe32(f, sizeof(f), 0x140, 0); /* a table with no handler */
	CHECK_INT(harden_read_buf(&s, "pe", f, len), 1);
	CHECK_INT(s.v[0].safeseh, HARDEN_NO);
	harden_set_release(&s);
	len = make_pe32(f, sizeof(f), 0x540, 0); /* NO_SEH: nothing to register */
	CHECK_INT(harden_read_buf(&s, "pe", f, len), 1);
	CHECK_INT(s.v[0].safeseh, HARDEN_YES);
	harden_set_release(&s);
	/* an MS-DOS program: "MZ" without a PE header is no image, not an error */
	put(f + 0x3c, 0x300, 4, false);
	CHECK_INT(harden_read_buf(&s, "dos", f, len), 0);
	CHECK_INT(s.n, 0);
	harden_set_release(&s);
}

RUN_TESTS("harden", T(test_fortify_list), T(test_policy), T(test_elf_be32), T(test_pe32_safeseh))
