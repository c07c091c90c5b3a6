/*
 * jar_manifest.h: what a Java archive says it is when it carries no
 * META-INF/maven/.../pom.properties: the main section of its
 * META-INF/MANIFEST.MF (the JAR File Specification's manifest format), else
 * its file name.
 *
 * Manifest format as read here: "Name: value" lines ending in CRLF, LF or
 * CR; a line starting with one space continues the previous value (the
 * space dropped; writers wrap at 72 bytes); the main section ends at the
 * first empty line. Attribute names are matched case-insensitively and a
 * later duplicate replaces an earlier one (as java.util.jar.Attributes
 * does). Lines that are not of that form, values holding control bytes or
 * ill-formed UTF-8 (the format's encoding) and values longer than
 * JAR_MANIFEST_MAX_VALUE bytes are skipped, each with a warning; the rest of
 * the manifest is still read.
 *
 * The identity, first that applies:
 *   1. Bundle-SymbolicName (directives after ';' dropped) + Bundle-Version;
 *   2. Implementation-Title + Implementation-Version, with
 *      Implementation-Vendor-Id as the group;
 *   3. Automatic-Module-Name (the Java module name a jar declares for the
 *      module path, "spring.web") + Implementation-Version, else the version
 *      in the file name, and no group (a module name is not an artifactId);
 *   4. Specification-Title + Specification-Version;
 * and jar_filename_ident() splits "commons-lang3-3.12.0.jar" at the last
 * '-' followed by a digit into "commons-lang3" and "3.12.0".
 */
#ifndef VOUCH_JAR_MANIFEST_H
#define VOUCH_JAR_MANIFEST_H

#include "util/compat.h"

#define JAR_MANIFEST_MAX       ((size_t)256 << 10) /* bytes of a manifest read; the rest ignored */
#define JAR_MANIFEST_MAX_VALUE 4096                /* bytes of one attribute value */

struct jar_ident {
	char *group;      /* Implementation-Vendor-Id, or NULL: not known */
	char *name;       /* never NULL once found */
	char *version;    /* or NULL: not known */
	const char *attr; /* what named it: "Bundle-SymbolicName", ..., "file name" (static) */
};

#define JAR_IDENT_INIT                                                                             \
	{                                                                                          \
		NULL, NULL, NULL, NULL                                                             \
	}

/* Called for each line skipped: 1-based line number and a message (lower case). */
typedef void (*jar_manifest_warn_fn)(void *arg, size_t line, const char *msg);

/*
 * Reads the main section of the manifest data[0..len). truncated says that
 * data is only the first bytes of a longer manifest: a last line without
 * its end is then dropped. filename (or NULL) is the archive's, whose
 * version an Automatic-Module-Name takes when no Implementation-Version is
 * given. Returns true and fills out (to be released with jar_ident_release)
 * when one of the attributes above names the archive. warn may be NULL.
 */
bool jar_manifest_ident(struct jar_ident *out, const char *data, size_t len, bool truncated,
                        const char *filename, jar_manifest_warn_fn warn, void *arg);

/*
 * The identity from a file name (any folders before the last '/' ignored,
 * a .jar/.war/.ear suffix dropped). False when nothing is left of the name.
 */
bool jar_filename_ident(struct jar_ident *out, const char *path);

/* True for a name ending in .jar, .war or .ear (any case). */
bool jar_is_java_archive(const char *name);

void jar_ident_release(struct jar_ident *id);

#endif
