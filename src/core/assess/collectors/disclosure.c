/*
 * disclosure.c: 3.2.1, 3.2.2: security.txt.
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "util/alloc.h"
#include "util/err.h"
#include "core/disclose/securitytxt.h"
#include "util/fs.h"

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
		ac_set(p, ST_NOT_MET, "No security.txt was found at '%s'.", path);
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
				       "A valid security.txt gives %zu contact(s) and links the "
				       "disclosure "
				       "policy (%s).",
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
			if (securitytxt_confidential(&s)) {
				ac_set(q, ST_MET, "Reporters have a confidential channel: %s.",
				       s.nencryption ? "an encryption key is published"
				                     : "an https contact form");
				for (size_t i = 0; i < s.nencryption; i++)
					ac_uri(q, s.encryption[i], "securitytxt");
			} else {
				ac_set(q, ST_NOT_MET,
				       "The security.txt offers no encryption key and no https "
				       "contact.");
				ac_gap(q, "Add an Encryption: field or an https:// Contact form.");
			}
		}
		buf_release(&b);
		securitytxt_release(&s);
	}
done:
	free(path);
}

const struct assess_collector assess_collector_disclosure = { "disclosure", "3.2.1 3.2.2",
	                                                      collect_disclosure };
