/*
 * main.c: start-up hygiene, global options, the command table, dispatch and
 * the final check that the output really reached its destination.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "util/err.h"
#include "util/hash.h"

#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <unistd.h>

#ifndef VOUCH_VERSION
#define VOUCH_VERSION "0.0.0-dev"
#endif

/*
 * Every command, in the order `vouch --help` lists them. A row whose fn is
 * NULL is a command of the contract that is not built yet: running it says so
 * and exits with EXIT_USAGE; `issue` names where the work is tracked.
 */
static const struct cmd_spec commands[] = {
	{ "sbom", cmd_sbom, 0,
	  "[--format cyclonedx|spdx] [--spec-version 1.6|1.7] [--output FILE] [--type KIND]\n"
	  "[--exclude PATTERN]... PATH...\n--list-types\n"
	  "diff [--db FILE] [--format table|json|markdown] [--fail-on-hash-change] OLD NEW",
	  "inventory source trees, binaries and images as CycloneDX or SPDX", 4 },
	{ "scan", cmd_scan, CMD_NEEDS_DB,
	  "[--db FILE] [--format table|json|sarif|cyclonedx] [--vex FILE]... [--fail-on LEVEL] "
	  "TARGET...",
	  "match components against the offline vulnerability database", 6 },
	{ "db", cmd_db, CMD_NEEDS_DB | CMD_WRITES | CMD_NEEDS_NET,
	  "import [--db FILE] SOURCE...\nupdate [--db FILE] [--source URL]...\n"
	  "stats [--db FILE] [--format text|json]",
	  "import, update and describe the OSV vulnerability database", 6 },
	{ "version", cmd_version, 0, "compare ECOSYSTEM [A B]\nsort ECOSYSTEM",
	  "print vouch's version; compare and sort versions with each ecosystem's rules", 3 },
	{ "cvss", cmd_cvss, 0, "[--any-order] [VECTOR...]",
	  "score CVSS v2.0, v3.0, v3.1 and v4.0 vectors", 6 },
	{ "key", cmd_key, CMD_WRITES | CMD_SECRETS,
	  "generate [--public FILE] [--secret FILE] [--no-password] [--force]",
	  "create a minisign-compatible signing key pair", 7 },
	{ "sign", cmd_sign, CMD_WRITES | CMD_SECRETS,
	  "--secret FILE [--trusted-comment TEXT] [--untrusted-comment TEXT] FILE...\n"
	  "--secret FILE [--trusted-comment TEXT] --sums DIR [--sums-file NAME]",
	  "sign files, writing FILE.minisig next to each", 7 },
	{ "verify", cmd_verify, 0, "--public FILE [--signature SIG] [--sums] FILE...",
	  "verify minisign signatures", 7 },
	{ "log", cmd_log, CMD_WRITES,
	  "append --log DIR FILE...\nroot --log DIR [--size N]\nget --log DIR --index I\n"
	  "prove --log DIR --index I [--size N]\nconsistency --log DIR --old M [--size N]\n"
	  "checkpoint --log DIR --secret FILE --origin NAME\nverify --log DIR [--public FILE]\n"
	  "verify-proof --proof FILE (--root HEX | --checkpoint NOTE --vkey KEY) ...\n"
	  "vkey --public FILE --origin NAME",
	  "keep a tamper-evident Merkle log of build-environment changes", 7 },
	{ "env", cmd_env, CMD_WRITES,
	  "snapshot [--output FILE] [--include-env NAME]... [--hash FILE]...\n"
	  "diff BASELINE [CURRENT] [--format text|json] [--log DIR]",
	  "record the build environment and list changes against a baseline", 7 },
	{ "attest", cmd_attest, CMD_SECRETS,
	  "provenance --secret FILE [--builder-id URI] [--build-type URI] [--sbom FILE] "
	  "[--output FILE] "
	  "ARTIFACT...\nverify --public FILE ENVELOPE [ARTIFACT...]",
	  "sign and verify SLSA provenance in DSSE envelopes", 7 },
	{ "init", cmd_init, CMD_WRITES, "[--output FILE] [PATH]",
	  "write a commented vouch.toml for this project", 8 },
	{ "assess", cmd_assess, CMD_NEEDS_DB | CMD_WRITES | CMD_SECRETS,
	  "[--config FILE] [--format html|json|markdown|oscal] [--output FILE [--sign KEY]]\n"
	  "[--db FILE] [--no-save] [--fail-on-gaps] [PATH]",
	  "self-assess against the Software Security Code of Practice", 8 },
	{ "release", cmd_release, CMD_NEEDS_DB | CMD_WRITES,
	  "check [--config FILE] [--db FILE] [--format table|json|junit|sarif] [--output FILE]\n"
	  "check [--log DIR] [PATH]",
	  "the release gate: tests, findings, signatures, provenance, SBOM, notices", 15 },
	{ "bundle", cmd_bundle, CMD_NEEDS_DB | CMD_SECRETS,
	  "create --sign KEY --output FILE.vouch [--config FILE] [--db FILE] [PATH]\n"
	  "verify --public KEY [--artifacts DIR] [--db FILE] [--format table|json] FILE.vouch\n"
	  "show [--markdown] FILE.vouch",
	  "make, verify and show the signed assurance pack of a release", 15 },
	{ "ci", cmd_ci, 0,
	  "check [--format table|json|sarif] [--fail-on LEVEL] [--output FILE] [PATH]",
	  "check CI pipeline definitions for supply-chain risks", 16 },
	{ "advisory", cmd_advisory, CMD_WRITES | CMD_SECRETS,
	  "new [--output FILE]\ncheck [--format table|json] FILE...\n"
	  "publish --output DIR [--config FILE] [--base-url URL] [--sign KEY] [--openpgp-key ID]\n"
	  "[--log DIR] ADVISORY...",
	  "publish advisories as CSAF 2.0, OSV and OpenVEX; check CSAF documents", 17 },
	{ "securitytxt", cmd_securitytxt, 0,
	  "generate [--config FILE] [--output FILE]\n"
	  "check [--location URL] [--timeout SECONDS] [--format text|json] FILE|URL...",
	  "write and check RFC 9116 security.txt files", 17 },
	{ "lifecycle", cmd_lifecycle, CMD_WRITES,
	  "publish [--output DIR] [--log DIR]\ncheck [--format text|json]\n"
	  "notice --release V [--date D] [--channel C] [--url URL] [--log DIR]",
	  "publish support periods, check the one-year notice rule, send notices", 17 },
	{ "incident", cmd_incident, CMD_WRITES,
	  "open --title T --severity S [--detected TIME]\n"
	  "update ID [--notice-to WHO --notice-channel C --notice-summary TEXT]\n"
	  "close ID --review-path FILE --review-summary TEXT\nreport [--format "
	  "table|json|markdown]",
	  "record incidents, the notices sent to customers and the review", 17 },
	{ "secrets", cmd_secrets, 0,
	  "[--git] [--baseline FILE]... [--write-baseline FILE] [--format table|json|sarif] "
	  "[--output FILE] [PATH...]\n--list-rules",
	  "find credentials in source trees and git histories", 16 },
	{ "harden", cmd_harden, 0, "[--format table|json|sarif] [--require LIST]... PATH...",
	  "report the exploit mitigations of executables and libraries", 16 },
	{ "serve", cmd_serve, CMD_WRITES | CMD_NEEDS_NET | CMD_SECRETS,
	  "[--listen ADDR:PORT] [--db sqlite:PATH|postgresql://...] [--tls-cert FILE --tls-key "
	  "FILE]\n"
	  "token create|list|revoke --db URL [--role viewer|uploader|admin] [--product NAME]\n"
	  "rematch --db URL --vulns FILE [--webhook URL]",
	  "serve the organisation's API and dashboard over SQLite or PostgreSQL", 18 },
	{ "push", cmd_push, CMD_NEEDS_NET | CMD_SECRETS,
	  "--server URL --token TOKEN [--product NAME] [--release VERSION] FILE...",
	  "upload assessments, SBOMs and scan results to a vouch server", 18 },
};

const struct cmd_spec *cmd_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* "'NAME' is not a vouch command", with the closest command if one is close. */
static int unknown_command(const char *name)
{
	struct opt_guess g = OPT_GUESS_INIT(name, strlen(name));

	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		opt_guess_try(&g, commands[i].name);
	opt_guess_try(&g, "help");
	if (g.best)
		ui_error("'%s' is not a vouch command; did you mean '%s'?", name, g.best);
	else
		ui_error("'%s' is not a vouch command; see 'vouch --help'", name);
	return EXIT_USAGE;
}

static void print_main_usage(FILE *f)
{
	fputs("usage: vouch [--version] [--help] [--quiet] COMMAND [ARGS...]\n\n"
	      "Evidence for the UK Software Security Code of Practice, offline.\n\n"
	      "commands:\n",
	      f);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-9s %s%s\n", commands[i].name, commands[i].summary,
		        commands[i].fn ? "" : " (not built yet)");
	fputs("\nrun 'vouch help COMMAND' or 'vouch COMMAND --help' for a command's usage\n"
	      "exit codes: 0 ok, 1 findings or failed verification, 2 usage error,\n"
	      "            3 some inputs unreadable (named on stderr), 4 could not run\n",
	      f);
}

static void print_cmd_usage(FILE *f, const struct cmd_spec *c)
{
	const char *s = c->synopsis, *nl;
	bool first = true;

	do {
		nl = strchr(s, '\n');
		fprintf(f, "%s vouch %s %.*s\n", first ? "usage:" : "   or:", c->name,
		        (int)(nl ? (size_t)(nl - s) : strlen(s)), s);
		first = false;
		s = nl ? nl + 1 : NULL;
	} while (s && *s);
	fprintf(f, "\n%s\n", c->summary);
}

static int not_built(const struct cmd_spec *c, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			print_cmd_usage(stdout, c);
			printf("\n'vouch %s' is not built yet (issue #%d)\n", c->name, c->issue);
			return EXIT_OK;
		}
	}
	ui_error("'%s' is not implemented yet (tracked in issue #%d)", c->name, c->issue);
	return EXIT_USAGE;
}

/* fds 0-2 must be open, or a file we open could become "stdout". */
static void sanitize_stdfds(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	while (fd >= 0 && fd <= 2)
		fd = open("/dev/null", O_RDWR);
	if (fd > 2)
		close(fd);
	else if (fd < 0)
		_exit(EXIT_FAIL);
}

static int finish(int code)
{
	/* A full disk or closed pipe must not look like success. */
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (errno != EPIPE)
			fprintf(stderr, "vouch: cannot write output: %s\n", strerror(errno));
		return code == EXIT_OK || code == EXIT_NEGATIVE ? EXIT_FAIL : code;
	}
	return code;
}

int main(int argc, char **argv)
{
	const struct cmd_spec *c;
	int i = 1;

	sanitize_stdfds();
	signal(SIGPIPE, SIG_IGN);
	/*
	 * Names inside archives are UTF-8 (zip's flag, pax headers): libarchive
	 * converts them to the locale's character set, which in the C locale
	 * cannot hold "résumé.txt". Only the character type is set; messages,
	 * numbers and sorting stay those of the C locale.
	 */
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "C.utf8");
	if (hash_init() < 0) {
		ui_error_last();
		return EXIT_FAIL;
	}

	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			print_main_usage(stdout);
			return finish(EXIT_OK);
		} else if (!strcmp(a, "--version")) {
			printf("vouch %s\n", VOUCH_VERSION);
			return finish(EXIT_OK);
		} else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
			vouch_quiet = true;
		} else {
			static const char *const global[] = { "help", "version", "quiet" };
			struct opt_guess g = OPT_GUESS_INIT(a + 1 + (a[1] == '-'), 0);

			g.len = strlen(g.typed);
			for (size_t k = 0; k < ARRAY_SIZE(global); k++)
				opt_guess_try(&g, global[k]);
			if (g.best && a[1] == '-')
				ui_error("unknown option '%s'; did you mean '--%s'?", a, g.best);
			else
				ui_error("unknown option '%s'", a);
			print_main_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		print_main_usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[i], "help")) {
		if (i + 1 >= argc) {
			print_main_usage(stdout);
			return finish(EXIT_OK);
		}
		c = cmd_find(argv[i + 1]);
		if (!c)
			return unknown_command(argv[i + 1]);
		if (c->fn) {
			char help[] = "--help";
			char *hargv[] = { argv[i + 1], help, NULL };

			return finish(c->fn(2, hargv));
		}
		print_cmd_usage(stdout, c);
		printf("\n'vouch %s' is not built yet (issue #%d)\n", c->name, c->issue);
		return finish(EXIT_OK);
	}
	c = cmd_find(argv[i]);
	if (!c)
		return unknown_command(argv[i]);
	if (!c->fn)
		return finish(not_built(c, argc - i, argv + i));
	return finish(c->fn(argc - i, argv + i));
}
