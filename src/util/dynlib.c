/*
 * dynlib.c: the functions vouch calls from libcurl, libgit2, libpq, gpgme,
 * libmicrohttpd, vectorscan, libxml2 and libarchive, forwarded to the library loaded on first use
 * (see dynlib.h). Each stub is defined with the library header's prototype in
 * scope, so a stub that disagrees with the real function does not compile.
 */
#include "util/compat.h"
#include "util/dynlib.h"
#include "util/err.h"

#define CURL_DISABLE_TYPECHECK 1 /* the stubs define curl_easy_setopt itself */
#include <archive.h>
#include <archive_entry.h>
#include <curl/curl.h>
#include <dlfcn.h>
#include <git2.h>
#include <gpgme.h>
#ifndef DYNLIB_NO_HS /* the secrets matcher built on PCRE2 (Makefile SECRETS_ENGINE) */
#include <hs/hs.h>
#endif
#include <libpq-fe.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>

/* The sonames come from the Makefile (the .so pkg-config's libdir holds); Debian 12's otherwise. */
#ifndef DYNLIB_SONAME_CURL
#define DYNLIB_SONAME_CURL "libcurl.so.4"
#endif
#ifndef DYNLIB_SONAME_GIT2
#define DYNLIB_SONAME_GIT2 "libgit2.so.1.5"
#endif
#ifndef DYNLIB_SONAME_PQ
#define DYNLIB_SONAME_PQ "libpq.so.5"
#endif
#ifndef DYNLIB_SONAME_GPGME
#define DYNLIB_SONAME_GPGME "libgpgme.so.11"
#endif
#ifndef DYNLIB_SONAME_MHD
#define DYNLIB_SONAME_MHD "libmicrohttpd.so.12"
#endif
#ifndef DYNLIB_SONAME_ARCHIVE
#define DYNLIB_SONAME_ARCHIVE "libarchive.so.13"
#endif
#ifndef DYNLIB_SONAME_XML2
#define DYNLIB_SONAME_XML2 "libxml2.so.2"
#endif
#if !defined(DYNLIB_SONAME_HS) && !defined(DYNLIB_NO_HS)
#define DYNLIB_SONAME_HS "libhs.so.5"
#endif

static const struct {
	const char *soname, *what;
} libs[DYNLIB_COUNT] = {
	[DYNLIB_CURL] = { DYNLIB_SONAME_CURL, "HTTP downloads" },
	[DYNLIB_GIT2] = { DYNLIB_SONAME_GIT2, "reading git history" },
	[DYNLIB_PQ] = { DYNLIB_SONAME_PQ, "the PostgreSQL store" },
	[DYNLIB_GPGME] = { DYNLIB_SONAME_GPGME, "OpenPGP signatures" },
	[DYNLIB_MHD] = { DYNLIB_SONAME_MHD, "the HTTP server" },
#ifndef DYNLIB_NO_HS
	[DYNLIB_HS] = { DYNLIB_SONAME_HS, "secret scanning" },
#endif
	[DYNLIB_XML2] = { DYNLIB_SONAME_XML2, "reading XML files" },
	[DYNLIB_ARCHIVE] = { DYNLIB_SONAME_ARCHIVE, "reading and writing archives" },
};

static void *handles[DYNLIB_COUNT];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* dlopen under the lock; NULL with the reason in why[] when it fails. */
static void *load(enum dynlib_id lib, char *why, size_t n)
{
	void *h;

	if (!libs[lib].soname) { /* left out of this build (DYNLIB_NO_HS) */
		snprintf(why, n, "not part of this build");
		return NULL;
	}
	pthread_mutex_lock(&lock);
	h = handles[lib];
	if (!h) {
		h = dlopen(libs[lib].soname, RTLD_NOW | RTLD_LOCAL);
		if (h)
			handles[lib] = h;
		else
			snprintf(why, n, "%s", dlerror());
	}
	pthread_mutex_unlock(&lock);
	return h;
}

int dynlib_require(enum dynlib_id lib)
{
	char why[512] = "";

	if (!load(lib, why, sizeof(why)))
		return err_set(ERR_UNSUPPORTED, "cannot load '%s' (needed for %s): %s",
		               libs[lib].soname ? libs[lib].soname : "-",
		               libs[lib].what ? libs[lib].what : "-", why);
	return 0;
}

const char *dynlib_soname(enum dynlib_id lib)
{
	return libs[lib].soname;
}

int dynlib_loaded(void)
{
	int n = 0;

	pthread_mutex_lock(&lock);
	for (int i = 0; i < DYNLIB_COUNT; i++)
		n += handles[i] != NULL;
	pthread_mutex_unlock(&lock);
	return n;
}

/*
 * The address of name in lib, loading lib first. A library or function that
 * cannot be found ends the process as the dynamic loader would have at start:
 * the stub's caller has no way to receive an error it was never written for.
 */
static void *resolve(enum dynlib_id lib, const char *name)
{
	char why[512] = "";
	void *h = load(lib, why, sizeof(why)), *f = NULL;

	if (h) {
		pthread_mutex_lock(&lock);
		dlerror();
		f = dlsym(h, name);
		if (!f)
			snprintf(why, sizeof(why), "no function '%s'", name);
		pthread_mutex_unlock(&lock);
	}
	if (!f) {
		fprintf(stderr, "vouch: cannot load '%s' (needed for %s): %s\n", libs[lib].soname,
		        libs[lib].what, why);
		_exit(4);
	}
	return f;
}

/* The cached address of a stub's function, typed as FNTYPE. */
#define FN(lib, name, fntype)                                                                      \
	static __typeof__(fntype) cached_;                                                         \
	__typeof__(fntype) fn_ = __atomic_load_n(&cached_, __ATOMIC_ACQUIRE);                      \
	if (!fn_) {                                                                                \
		void *p_ = resolve(lib, name);                                                     \
		memcpy(&fn_, &p_, sizeof(fn_));                                                    \
		__atomic_store_n(&cached_, fn_, __ATOMIC_RELEASE);                                 \
	}

/* A stub returning ret: STUB(lib, ret, name, (params), (args)). */
#define STUB(lib, ret, name, params, args)                                                         \
	ret name params                                                                            \
	{                                                                                          \
		FN(lib, #name, ret(*) params)                                                      \
		return fn_ args;                                                                   \
	}
#define STUB_VOID(lib, name, params, args)                                                         \
	void name params                                                                           \
	{                                                                                          \
		FN(lib, #name, void(*) params)                                                     \
		fn_ args;                                                                          \
	}

/* libcurl */

STUB(DYNLIB_CURL, CURLcode, curl_global_init, (long flags), (flags))
STUB_VOID(DYNLIB_CURL, curl_global_cleanup, (void), ())
STUB(DYNLIB_CURL, CURL *, curl_easy_init, (void), ())
STUB(DYNLIB_CURL, CURLcode, curl_easy_perform, (CURL * c), (c))
STUB_VOID(DYNLIB_CURL, curl_easy_cleanup, (CURL * c), (c))
STUB(DYNLIB_CURL, const char *, curl_easy_strerror, (CURLcode e), (e))
STUB(DYNLIB_CURL, struct curl_slist *, curl_slist_append,
     (struct curl_slist * list, const char *data), (list, data))
STUB_VOID(DYNLIB_CURL, curl_slist_free_all, (struct curl_slist * list), (list))

/*
 * The variadic two take one argument whose type the option's number gives,
 * as libcurl itself reads it (CURLOPTTYPE_* and CURLINFO_* ranges).
 */
CURLcode curl_easy_setopt(CURL *c, CURLoption opt, ...)
{
	FN(DYNLIB_CURL, "curl_easy_setopt", CURLcode(*)(CURL *, CURLoption, ...))
	CURLcode r;
	va_list ap;

	va_start(ap, opt);
	if (opt < CURLOPTTYPE_OBJECTPOINT)
		r = fn_(c, opt, va_arg(ap, long));
	else if (opt < CURLOPTTYPE_FUNCTIONPOINT)
		r = fn_(c, opt, va_arg(ap, void *));
	else if (opt < CURLOPTTYPE_OFF_T)
		r = fn_(c, opt, va_arg(ap, void (*)(void)));
	else if (opt < CURLOPTTYPE_BLOB)
		r = fn_(c, opt, va_arg(ap, curl_off_t));
	else
		r = fn_(c, opt, va_arg(ap, void *));
	va_end(ap);
	return r;
}

CURLcode curl_easy_getinfo(CURL *c, CURLINFO info, ...)
{
	FN(DYNLIB_CURL, "curl_easy_getinfo", CURLcode(*)(CURL *, CURLINFO, ...))
	CURLcode r;
	va_list ap;

	va_start(ap, info);
	r = fn_(c, info, va_arg(ap, void *)); /* every CURLINFO takes a pointer to its result */
	va_end(ap);
	return r;
}

/* libgit2 */

STUB(DYNLIB_GIT2, int, git_libgit2_init, (void), ())
STUB(DYNLIB_GIT2, int, git_libgit2_shutdown, (void), ())
STUB_VOID(DYNLIB_GIT2, git_error_clear, (void), ())
STUB(DYNLIB_GIT2, const git_error *, git_error_last, (void), ())
STUB(DYNLIB_GIT2, int, git_repository_open_ext,
     (git_repository * *out, const char *path, unsigned int flags, const char *ceiling),
     (out, path, flags, ceiling))
STUB_VOID(DYNLIB_GIT2, git_repository_free, (git_repository * repo), (repo))
STUB(DYNLIB_GIT2, int, git_blob_lookup, (git_blob * *blob, git_repository *repo, const git_oid *id),
     (blob, repo, id))
STUB_VOID(DYNLIB_GIT2, git_blob_free, (git_blob * blob), (blob))
STUB(DYNLIB_GIT2, const void *, git_blob_rawcontent, (const git_blob *blob), (blob))
STUB(DYNLIB_GIT2, git_object_size_t, git_blob_rawsize, (const git_blob *blob), (blob))
STUB(DYNLIB_GIT2, int, git_commit_lookup,
     (git_commit * *commit, git_repository *repo, const git_oid *id), (commit, repo, id))
STUB_VOID(DYNLIB_GIT2, git_commit_free, (git_commit * commit), (commit))
STUB(DYNLIB_GIT2, const git_signature *, git_commit_author, (const git_commit *commit), (commit))
STUB(DYNLIB_GIT2, int, git_commit_tree, (git_tree * *out, const git_commit *commit), (out, commit))
STUB(DYNLIB_GIT2, char *, git_oid_tostr, (char *out, size_t n, const git_oid *id), (out, n, id))
STUB(DYNLIB_GIT2, int, git_revwalk_new, (git_revwalk * *out, git_repository *repo), (out, repo))
STUB_VOID(DYNLIB_GIT2, git_revwalk_free, (git_revwalk * walk), (walk))
STUB(DYNLIB_GIT2, int, git_revwalk_next, (git_oid * out, git_revwalk *walk), (out, walk))
STUB(DYNLIB_GIT2, int, git_revwalk_push_glob, (git_revwalk * walk, const char *glob), (walk, glob))
STUB(DYNLIB_GIT2, int, git_revwalk_push_head, (git_revwalk * walk), (walk))
STUB(DYNLIB_GIT2, int, git_revwalk_sorting, (git_revwalk * walk, unsigned int mode), (walk, mode))
STUB_VOID(DYNLIB_GIT2, git_tree_free, (git_tree * tree), (tree))
STUB(DYNLIB_GIT2, int, git_tree_walk,
     (const git_tree *tree, git_treewalk_mode mode, git_treewalk_cb cb, void *payload),
     (tree, mode, cb, payload))
STUB(DYNLIB_GIT2, git_filemode_t, git_tree_entry_filemode, (const git_tree_entry *e), (e))
STUB(DYNLIB_GIT2, const git_oid *, git_tree_entry_id, (const git_tree_entry *e), (e))
STUB(DYNLIB_GIT2, const char *, git_tree_entry_name, (const git_tree_entry *e), (e))
STUB(DYNLIB_GIT2, git_object_t, git_tree_entry_type, (const git_tree_entry *e), (e))

/* libpq */

STUB(DYNLIB_PQ, PGconn *, PQconnectdb, (const char *conninfo), (conninfo))
STUB_VOID(DYNLIB_PQ, PQfinish, (PGconn * conn), (conn))
STUB(DYNLIB_PQ, ConnStatusType, PQstatus, (const PGconn *conn), (conn))
STUB(DYNLIB_PQ, char *, PQerrorMessage, (const PGconn *conn), (conn))
STUB(DYNLIB_PQ, PQnoticeProcessor, PQsetNoticeProcessor,
     (PGconn * conn, PQnoticeProcessor proc, void *arg), (conn, proc, arg))
STUB(DYNLIB_PQ, PGresult *, PQexecParams,
     (PGconn * conn, const char *command, int n, const Oid *types, const char *const *values,
      const int *lengths, const int *formats, int result_format),
     (conn, command, n, types, values, lengths, formats, result_format))
STUB_VOID(DYNLIB_PQ, PQclear, (PGresult * res), (res))
STUB(DYNLIB_PQ, PGresult *, PQexec, (PGconn * conn, const char *command), (conn, command))
STUB(DYNLIB_PQ, PGresult *, PQprepare,
     (PGconn * conn, const char *name, const char *query, int n, const Oid *types),
     (conn, name, query, n, types))
STUB(DYNLIB_PQ, PGresult *, PQexecPrepared,
     (PGconn * conn, const char *name, int n, const char *const *values, const int *lengths,
      const int *formats, int result_format),
     (conn, name, n, values, lengths, formats, result_format))
STUB(DYNLIB_PQ, ExecStatusType, PQresultStatus, (const PGresult *res), (res))
STUB(DYNLIB_PQ, char *, PQresultErrorField, (const PGresult *res, int code), (res, code))
STUB(DYNLIB_PQ, int, PQntuples, (const PGresult *res), (res))
STUB(DYNLIB_PQ, int, PQnfields, (const PGresult *res), (res))
STUB(DYNLIB_PQ, char *, PQfname, (const PGresult *res, int field), (res, field))
STUB(DYNLIB_PQ, char *, PQgetvalue, (const PGresult *res, int row, int field), (res, row, field))
STUB(DYNLIB_PQ, int, PQgetlength, (const PGresult *res, int row, int field), (res, row, field))
STUB(DYNLIB_PQ, int, PQgetisnull, (const PGresult *res, int row, int field), (res, row, field))
/* pipeline mode: a batch of statements in one round trip (store_pg.c) */
STUB(DYNLIB_PQ, char *, PQresultErrorMessage, (const PGresult *res), (res))
STUB(DYNLIB_PQ, int, PQenterPipelineMode, (PGconn * conn), (conn))
STUB(DYNLIB_PQ, int, PQexitPipelineMode, (PGconn * conn), (conn))
STUB(DYNLIB_PQ, PGpipelineStatus, PQpipelineStatus, (const PGconn *conn), (conn))
STUB(DYNLIB_PQ, int, PQpipelineSync, (PGconn * conn), (conn))
STUB(DYNLIB_PQ, int, PQsendQueryParams,
     (PGconn * conn, const char *command, int n, const Oid *types, const char *const *values,
      const int *lengths, const int *formats, int result_format),
     (conn, command, n, types, values, lengths, formats, result_format))
STUB(DYNLIB_PQ, int, PQsendQueryPrepared,
     (PGconn * conn, const char *name, int n, const char *const *values, const int *lengths,
      const int *formats, int result_format),
     (conn, name, n, values, lengths, formats, result_format))
STUB(DYNLIB_PQ, PGresult *, PQgetResult, (PGconn * conn), (conn))

/* gpgme */

STUB(DYNLIB_GPGME, const char *, gpgme_check_version_internal, (const char *req, size_t off),
     (req, off))
STUB(DYNLIB_GPGME, gpgme_error_t, gpgme_new, (gpgme_ctx_t * ctx), (ctx))
STUB_VOID(DYNLIB_GPGME, gpgme_release, (gpgme_ctx_t ctx), (ctx))
STUB(DYNLIB_GPGME, gpgme_error_t, gpgme_set_protocol, (gpgme_ctx_t ctx, gpgme_protocol_t proto),
     (ctx, proto))
STUB_VOID(DYNLIB_GPGME, gpgme_set_armor, (gpgme_ctx_t ctx, int yes), (ctx, yes))
STUB(DYNLIB_GPGME, const char *, gpgme_strerror, (gpgme_error_t err), (err))
STUB_VOID(DYNLIB_GPGME, gpgme_free, (void *buffer), (buffer))
STUB(DYNLIB_GPGME, gpgme_error_t, gpgme_data_new, (gpgme_data_t * dh), (dh))
STUB(DYNLIB_GPGME, gpgme_error_t, gpgme_data_new_from_mem,
     (gpgme_data_t * dh, const char *buffer, size_t size, int copy), (dh, buffer, size, copy))
STUB_VOID(DYNLIB_GPGME, gpgme_data_release, (gpgme_data_t dh), (dh))
STUB(DYNLIB_GPGME, char *, gpgme_data_release_and_get_mem, (gpgme_data_t dh, size_t *len),
     (dh, len))
STUB(DYNLIB_GPGME, off_t, gpgme_data_seek, (gpgme_data_t dh, off_t offset, int whence),
     (dh, offset, whence))
STUB(DYNLIB_GPGME, gpgme_error_t, gpgme_get_key,
     (gpgme_ctx_t ctx, const char *fpr, gpgme_key_t *key, int secret), (ctx, fpr, key, secret))
STUB_VOID(DYNLIB_GPGME, gpgme_key_unref, (gpgme_key_t key), (key))
STUB(DYNLIB_GPGME, gpgme_error_t, gpgme_signers_add, (gpgme_ctx_t ctx, const gpgme_key_t key),
     (ctx, key))
STUB(DYNLIB_GPGME, gpgme_error_t, gpgme_op_export,
     (gpgme_ctx_t ctx, const char *pattern, gpgme_export_mode_t mode, gpgme_data_t keydata),
     (ctx, pattern, mode, keydata))
STUB(DYNLIB_GPGME, gpgme_error_t, gpgme_op_sign,
     (gpgme_ctx_t ctx, gpgme_data_t plain, gpgme_data_t sig, gpgme_sig_mode_t mode),
     (ctx, plain, sig, mode))
STUB(DYNLIB_GPGME, gpgme_sign_result_t, gpgme_op_sign_result, (gpgme_ctx_t ctx), (ctx))
STUB(DYNLIB_GPGME, gpgme_error_t, gpgme_op_verify,
     (gpgme_ctx_t ctx, gpgme_data_t sig, gpgme_data_t signed_text, gpgme_data_t plaintext),
     (ctx, sig, signed_text, plaintext))
STUB(DYNLIB_GPGME, gpgme_verify_result_t, gpgme_op_verify_result, (gpgme_ctx_t ctx), (ctx))

/* libmicrohttpd */

STUB(DYNLIB_MHD, enum MHD_Result, MHD_is_feature_supported, (enum MHD_FEATURE feature), (feature))
STUB_VOID(DYNLIB_MHD, MHD_stop_daemon, (struct MHD_Daemon * d), (d))
STUB(DYNLIB_MHD, struct MHD_Response *, MHD_create_response_from_buffer,
     (size_t size, void *buffer, enum MHD_ResponseMemoryMode mode), (size, buffer, mode))
STUB(DYNLIB_MHD, struct MHD_Response *, MHD_create_response_from_iovec,
     (const struct MHD_IoVec *iov, unsigned int iovcnt, MHD_ContentReaderFreeCallback free_cb,
      void *cls),
     (iov, iovcnt, free_cb, cls))
STUB_VOID(DYNLIB_MHD, MHD_destroy_response, (struct MHD_Response * r), (r))
STUB(DYNLIB_MHD, enum MHD_Result, MHD_add_response_header,
     (struct MHD_Response * r, const char *header, const char *content), (r, header, content))
STUB(DYNLIB_MHD, enum MHD_Result, MHD_queue_response,
     (struct MHD_Connection * c, unsigned int status, struct MHD_Response *r), (c, status, r))
STUB(DYNLIB_MHD, const char *, MHD_lookup_connection_value,
     (struct MHD_Connection * c, enum MHD_ValueKind kind, const char *key), (c, kind, key))

/* The options list goes through the library's own va_list entry point. */
struct MHD_Daemon *MHD_start_daemon(unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc,
                                    void *apc_cls, MHD_AccessHandlerCallback dh, void *dh_cls, ...)
{
	FN(DYNLIB_MHD, "MHD_start_daemon_va",
	   struct MHD_Daemon * (*)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *,
	                           MHD_AccessHandlerCallback, void *, va_list))
	struct MHD_Daemon *d;
	va_list ap;

	va_start(ap, dh_cls);
	d = fn_(flags, port, apc, apc_cls, dh, dh_cls, ap);
	va_end(ap);
	return d;
}

/* Only the info types that take no further argument (vouch asks for the bound port). */
const union MHD_DaemonInfo *MHD_get_daemon_info(struct MHD_Daemon *d, enum MHD_DaemonInfoType type,
                                                ...)
{
	FN(DYNLIB_MHD, "MHD_get_daemon_info",
	   const union MHD_DaemonInfo *(*)(struct MHD_Daemon *, enum MHD_DaemonInfoType, ...))
	return fn_(d, type);
}

#ifndef DYNLIB_NO_HS
/* vectorscan */

STUB(DYNLIB_HS, hs_error_t, hs_compile_multi,
     (const char *const *expressions, const unsigned int *flags, const unsigned int *ids,
      unsigned int elements, unsigned int mode, const hs_platform_info_t *platform,
      hs_database_t **db, hs_compile_error_t **error),
     (expressions, flags, ids, elements, mode, platform, db, error))
STUB(DYNLIB_HS, hs_error_t, hs_free_compile_error, (hs_compile_error_t * error), (error))
STUB(DYNLIB_HS, hs_error_t, hs_free_database, (hs_database_t * db), (db))
STUB(DYNLIB_HS, hs_error_t, hs_alloc_scratch, (const hs_database_t *db, hs_scratch_t **scratch),
     (db, scratch))
STUB(DYNLIB_HS, hs_error_t, hs_free_scratch, (hs_scratch_t * scratch), (scratch))
STUB(DYNLIB_HS, hs_error_t, hs_scan,
     (const hs_database_t *db, const char *data, unsigned int length, unsigned int flags,
      hs_scratch_t *scratch, match_event_handler on_event, void *context),
     (db, data, length, flags, scratch, on_event, context))
#endif

/* libxml2 (util/lockparse.c: Maven, NuGet, Swift... manifests in XML) */

STUB(DYNLIB_XML2, xmlParserCtxtPtr, xmlNewParserCtxt, (void), ())
STUB_VOID(DYNLIB_XML2, xmlFreeParserCtxt, (xmlParserCtxtPtr c), (c))
STUB(DYNLIB_XML2, xmlDocPtr, xmlCtxtReadMemory,
     (xmlParserCtxtPtr c, const char *buffer, int size, const char *url, const char *encoding,
      int options),
     (c, buffer, size, url, encoding, options))
STUB_VOID(DYNLIB_XML2, xmlFreeDoc, (xmlDocPtr d), (d))
STUB(DYNLIB_XML2, xmlNodePtr, xmlDocGetRootElement, (const xmlDoc *d), (d))
STUB(DYNLIB_XML2, long, xmlGetLineNo, (const xmlNode *n), (n))
STUB_VOID(DYNLIB_XML2, xmlStopParser, (xmlParserCtxtPtr c), (c))
STUB_VOID(DYNLIB_XML2, xmlSetStructuredErrorFunc, (void *ctx, xmlStructuredErrorFunc handler),
          (ctx, handler))

/* libarchive (archives, container image layers, evidence bundles) */

STUB(DYNLIB_ARCHIVE, struct archive_entry *, archive_entry_clear, (struct archive_entry * a), (a))
STUB(DYNLIB_ARCHIVE, __LA_MODE_T, archive_entry_filetype, (struct archive_entry * a), (a))
STUB_VOID(DYNLIB_ARCHIVE, archive_entry_free, (struct archive_entry * a), (a))
STUB(DYNLIB_ARCHIVE, const char *, archive_entry_hardlink, (struct archive_entry * a), (a))
STUB(DYNLIB_ARCHIVE, struct archive_entry *, archive_entry_new, (void), ())
STUB(DYNLIB_ARCHIVE, const char *, archive_entry_pathname, (struct archive_entry * a), (a))
STUB(DYNLIB_ARCHIVE, __LA_MODE_T, archive_entry_perm, (struct archive_entry * a), (a))
STUB_VOID(DYNLIB_ARCHIVE, archive_entry_set_filetype, (struct archive_entry * a, unsigned int a1),
          (a, a1))
STUB_VOID(DYNLIB_ARCHIVE, archive_entry_set_gid, (struct archive_entry * a, la_int64_t a1), (a, a1))
STUB_VOID(DYNLIB_ARCHIVE, archive_entry_set_mtime, (struct archive_entry * a, time_t a1, long a2),
          (a, a1, a2))
STUB_VOID(DYNLIB_ARCHIVE, archive_entry_set_pathname, (struct archive_entry * a, const char *a1),
          (a, a1))
STUB_VOID(DYNLIB_ARCHIVE, archive_entry_set_perm, (struct archive_entry * a, __LA_MODE_T a1),
          (a, a1))
STUB_VOID(DYNLIB_ARCHIVE, archive_entry_set_size, (struct archive_entry * a, la_int64_t a1),
          (a, a1))
STUB_VOID(DYNLIB_ARCHIVE, archive_entry_set_uid, (struct archive_entry * a, la_int64_t a1), (a, a1))
STUB(DYNLIB_ARCHIVE, la_int64_t, archive_entry_size, (struct archive_entry * a), (a))
STUB(DYNLIB_ARCHIVE, int, archive_entry_size_is_set, (struct archive_entry * a), (a))
STUB(DYNLIB_ARCHIVE, int, archive_entry_sparse_count, (struct archive_entry * a), (a))
STUB(DYNLIB_ARCHIVE, const char *, archive_entry_symlink, (struct archive_entry * a), (a))
STUB(DYNLIB_ARCHIVE, const char *, archive_error_string, (struct archive * a), (a))
STUB(DYNLIB_ARCHIVE, la_int64_t, archive_filter_bytes, (struct archive * a, int a1), (a, a1))
STUB(DYNLIB_ARCHIVE, int, archive_filter_code, (struct archive * a, int a1), (a, a1))
STUB(DYNLIB_ARCHIVE, la_ssize_t, archive_read_data, (struct archive * a, void *a1, size_t a2),
     (a, a1, a2))
STUB(DYNLIB_ARCHIVE, int, archive_read_data_skip, (struct archive * a), (a))
STUB(DYNLIB_ARCHIVE, int, archive_read_free, (struct archive * a), (a))
STUB(DYNLIB_ARCHIVE, struct archive *, archive_read_new, (void), ())
STUB(DYNLIB_ARCHIVE, int, archive_read_next_header, (struct archive * a, struct archive_entry **a1),
     (a, a1))
STUB(DYNLIB_ARCHIVE, int, archive_read_open,
     (struct archive * a, void *a1, archive_open_callback *a2, archive_read_callback *a3,
      archive_close_callback *a4),
     (a, a1, a2, a3, a4))
STUB(DYNLIB_ARCHIVE, int, archive_read_open1, (struct archive * a), (a))
STUB(DYNLIB_ARCHIVE, int, archive_read_open_fd, (struct archive * a, int a1, size_t a2),
     (a, a1, a2))
STUB(DYNLIB_ARCHIVE, int, archive_read_open_filename,
     (struct archive * a, const char *a1, size_t a2), (a, a1, a2))
STUB(DYNLIB_ARCHIVE, int, archive_read_open_memory, (struct archive * a, const void *a1, size_t a2),
     (a, a1, a2))
STUB(DYNLIB_ARCHIVE, int, archive_read_set_callback_data, (struct archive * a, void *a1), (a, a1))
STUB(DYNLIB_ARCHIVE, int, archive_read_set_read_callback,
     (struct archive * a, archive_read_callback *a1), (a, a1))
STUB(DYNLIB_ARCHIVE, int, archive_read_set_seek_callback,
     (struct archive * a, archive_seek_callback *a1), (a, a1))
STUB(DYNLIB_ARCHIVE, int, archive_read_set_skip_callback,
     (struct archive * a, archive_skip_callback *a1), (a, a1))
STUB(DYNLIB_ARCHIVE, int, archive_read_support_filter_all, (struct archive * a), (a))
STUB(DYNLIB_ARCHIVE, int, archive_read_support_format_gnutar, (struct archive * a), (a))
STUB(DYNLIB_ARCHIVE, int, archive_read_support_format_tar, (struct archive * a), (a))
STUB(DYNLIB_ARCHIVE, int, archive_read_support_format_zip, (struct archive * a), (a))
STUB(DYNLIB_ARCHIVE, int, archive_write_add_filter_none, (struct archive * a), (a))
STUB(DYNLIB_ARCHIVE, int, archive_write_close, (struct archive * a), (a))
STUB(DYNLIB_ARCHIVE, la_ssize_t, archive_write_data,
     (struct archive * a, const void *a1, size_t a2), (a, a1, a2))
STUB(DYNLIB_ARCHIVE, int, archive_write_free, (struct archive * a), (a))
STUB(DYNLIB_ARCHIVE, int, archive_write_header, (struct archive * a, struct archive_entry *a1),
     (a, a1))
STUB(DYNLIB_ARCHIVE, struct archive *, archive_write_new, (void), ())
STUB(DYNLIB_ARCHIVE, int, archive_write_open2,
     (struct archive * a, void *a1, archive_open_callback *a2, archive_write_callback *a3,
      archive_close_callback *a4, archive_free_callback *a5),
     (a, a1, a2, a3, a4, a5))
STUB(DYNLIB_ARCHIVE, int, archive_write_set_bytes_in_last_block, (struct archive * a, int a1),
     (a, a1))
STUB(DYNLIB_ARCHIVE, int, archive_write_set_format_pax_restricted, (struct archive * a), (a))

/* Variadic: formatted here and handed on whole (vouch passes "%s" and a message anyway). */
void archive_set_error(struct archive *a, int err, const char *fmt, ...)
{
	FN(DYNLIB_ARCHIVE, "archive_set_error", void (*)(struct archive *, int, const char *, ...))
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fn_(a, err, "%s", msg);
}
