#include "util/compat.h"
#include "core/version/scheme.h"
#define STUB(n) static int n##_v(const char *s, size_t l) { (void)s; (void)l; return version_reject("todo"); } \
static int n##_c(const char *a, size_t al, const char *b, size_t bl, int *o) { (void)a;(void)al;(void)b;(void)bl;(void)o; return version_reject("todo"); } \
const struct version_scheme version_scheme_##n = { #n, n##_c, n##_v };
STUB(apk) 
