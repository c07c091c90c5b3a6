/*
 * disclosure.c: 3.2.1, 3.2.2: security.txt.
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "util/alloc.h"
#include "util/err.h"
#include "core/disclose/securitytxt.h"
#include "util/fs.h"

/* The scheme-less rest of an https: URI, lower-cased up to the query, in out. */
static bool https_path(struct buf *out, const char *uri)
{
	if (strncasecmp(uri, "https://", 8))
		return false;
	buf_reset(out);
	for (const char *p = uri + 8; *p && *p != '?' && *p != '#'; p++)
		buf_addch(out, (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
	while (out->len && out->ptr[out->len - 1] == '/')
		out->ptr[--out->len] = '\0';
	return true;
}

/*
 * 3.2.2: how to report confidentially. A mailto: contact reaches the vendor
 * alone; a private advisory form (".../security/advisories/new") is private
 * by design; any other https page is taken as a form only when an Encryption
 * key is published beside it. A public issue tracker (a path with an
 * "issues" segment) never is: what is posted there is public.
 */
static void confidential(struct assess_ctx *x, struct assess_result *q, const struct securitytxt *s)
{
	struct buf path = BUF_INIT, ok = BUF_INIT, no = BUF_INIT;

	for (size_t i = 0; i < s->ncontact; i++) {
		const char *u = s->contact[i];
		const char *why = NULL;

		if (!strncasecmp(u, "mailto:", 7))
			why = "mail to the vendor";
		else if (https_path(&path, u)) {
			size_t n = path.len;

			if (strstr(path.ptr, "/issues/") ||
			    (n >= 7 && !strcmp(path.ptr + n - 7, "/issues")))
				why = NULL;
			else if (n >= 24 && !strcmp(path.ptr + n - 24, "/security/advisories/new"))
				why = "a private advisory form";
			else if (s->nencryption)
				why = "an https form, with an encryption key published";
		}
		if (why) {
			buf_addf(&ok, "%s%s (%s)", ok.len ? ", " : "", u, why);
			ac_uri(q, u, "securitytxt");
		} else
			buf_addf(&no, "%s%s", no.len ? ", " : "", u);
	}
	for (size_t i = 0; i < s->nencryption; i++)
		ac_uri(q, s->encryption[i], "securitytxt");
	if (ok.len)
		ac_set(q, ST_MET, "Reporters have a confidential channel: %s.", ok.ptr);
	else {
		ac_set(q, ST_NOT_MET,
		       "No contact in security.txt is confidential: %s (a public issue tracker, "
		       "or an https page with no encryption key, or a telephone number).",
		       no.len ? no.ptr : "none");
		ac_gap(q, "Add a mailto: Contact, a private advisory form "
		          "(https://github.com/ORG/REPO/security/advisories/new), or an https "
		          "form with an Encryption: key.");
	}
	(void)x;
	buf_release(&path);
	buf_release(&ok);
	buf_release(&no);
}

static void collect_disclosure(struct assess_ctx *x)
{
	struct assessment *a = x->a;
	const char *product_path = x->product;
	struct assess_result *p = ac_res(a, "3.2.1"), *q = ac_res(a, "3.2.2");
	const struct assess_config *c = a->cfg;
	char *path = c->security_txt ? xstrdup(c->security_txt)
	                             : ac_join(product_path, ".well-known/security.txt");

	if (c->policy_url)
		ac_uri(p, c->policy_url, "vouch.toml");
	if (!fs_exists(path)) {
		ac_set(p, ST_NOT_MET, "No security.txt was found at '%s'.", ac_show(x, path));
		ac_gap(p, "Publish /.well-known/security.txt (RFC 9116) with Contact, Expires and "
		          "Policy, "
		          "and set [disclosure] security_txt to its copy in the product.");
		ac_set(q, ST_NOT_MET, "No security.txt names a confidential reporting channel.");
		ac_gap(q, "Add Contact (an https form or mailto) and Encryption fields to "
		          "security.txt.");
		goto done;
	}
	ac_evidence(x, p, path, "securitytxt");
	ac_evidence(x, q, path, "securitytxt");
	{
		struct securitytxt s;
		struct buf b = BUF_INIT;
		memset(&s, 0, sizeof(s));
		if (buf_read_file(&b, path) < 0 ||
		    securitytxt_parse(&s, b.ptr, b.len, path, a->now) < 0) {
			ac_warn(a, "%s", err_msg());
			a->partial = true;
			ac_set(p, ST_UNKNOWN, "The security.txt could not be read.");
			ac_gap(p, "Fix the file named in the warnings.");
			ac_set(q, ST_UNKNOWN, "The security.txt could not be read.");
			ac_gap(q, "Fix the file named in the warnings.");
			buf_release(&b);
			securitytxt_release(&s);
			goto done;
		}
		if (!securitytxt_valid(&s)) {
			const char *why = "";

			for (size_t i = 0; i < s.nproblems; i++)
				if (s.problems[i].error) {
					why = s.problems[i].msg;
					break;
				}
			ac_set(p, ST_NOT_MET, "The security.txt is not valid under RFC 9116: %s.",
			       why);
			ac_gap(p, "Fix security.txt (required: Contact, and an Expires in the "
			          "future).");
			ac_set(q, ST_NOT_MET,
			       "The security.txt is not valid, so its channel is unreliable.");
			ac_gap(q, "Fix security.txt first.");
		} else {
			if (s.npolicy || c->policy_url) {
				ac_set(p, ST_MET,
				       "A valid security.txt publishes the reporting process (%zu "
				       "contact(s), an Expires date) and links the disclosure "
				       "policy "
				       "(%s).",
				       s.ncontact, s.npolicy ? s.policy[0] : c->policy_url);
				for (size_t i = 0; i < s.npolicy; i++)
					ac_uri(p, s.policy[i], "securitytxt");
			} else {
				ac_set(p, ST_NOT_MET,
				       "The security.txt is valid but links no policy.");
				ac_gap(p,
				       "Add a Policy: field pointing at the published disclosure "
				       "policy.");
			}
			confidential(x, q, &s);
		}
		buf_release(&b);
		securitytxt_release(&s);
	}
done:
	free(path);
}

const struct assess_collector assess_collector_disclosure = { "disclosure", "3.2.1 3.2.2",
	                                                      collect_disclosure };
