/*
 * provider.h: a CSAF provider folder (CSAF 2.0 section 7: requirements 8-14 of
 * the directory-based distribution and 15-17 of the ROLIE feed).
 *
 * The folder DIR is served at base_url (https://DOMAIN/.well-known/csaf):
 *     DIR/provider-metadata.json       the provider metadata (7.1.7)
 *     DIR/YEAR/NAME.json               the CSAF documents, in folders by year (7.1.11)
 *     DIR/index.txt                    every document's path, one a line (7.1.12)
 *     DIR/changes.csv                  "path","current_release_date", newest first (7.1.13)
 *     DIR/feed-tlp-white.json          the ROLIE feed of the TLP:WHITE documents (7.1.15)
 * provider_write_index() rebuilds the last three and the metadata from the
 * documents present in the year folders, so publishing one more advisory
 * keeps the earlier ones listed. Documents that cannot be read are skipped
 * and counted in *out_skipped (the message of the last one stays in err_msg()).
 * Limits: PROVIDER_MAX_DOCS documents, each up to 64 MiB.
 */
#ifndef VOUCH_PROVIDER_H
#define VOUCH_PROVIDER_H

#include "util/compat.h"

#define PROVIDER_MAX_DOCS 100000

struct provider_info {
	const char *base_url;       /* no trailing '/' */
	const char *publisher_name; /* the publisher object of the metadata */
	const char *publisher_namespace;
	const char *publisher_category;
	const char *openpgp_fpr; /* the signing key's fingerprint, or NULL */
	const char *openpgp_url; /* where its public key is served, or NULL */
	int64_t now;             /* last_updated */
};

int provider_write_index(size_t *out_skipped, const char *dir, const struct provider_info *info);

#endif
