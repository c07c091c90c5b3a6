/*
 * code.c: the Code of Practice tables (code.h). Paraphrased from the
 * research note docs/research/code-of-practice.md; no official prose.
 */
#include "util/compat.h"
#include "core/assess/code.h"

static const struct cop_theme themes[COP_NTHEMES] = {
	{ 1, "Secure design and development" },
	{ 2, "Build environment security" },
	{ 3, "Secure deployment and maintenance" },
	{ 4, "Communication with customers" },
};

static const struct cop_principle principles[COP_NPRINCIPLES] = {
	{ "1.1", 1, "Use an established secure development framework" },
	{ "1.2", 1, "Know and manage third-party components" },
	{ "1.3", 1, "Test software and updates before distribution" },
	{ "1.4", 1, "Secure by design and by default" },
	{ "2.1", 2, "Protect the build environment from unauthorised access" },
	{ "2.2", 2, "Control and log changes to the build environment" },
	{ "3.1", 3, "Distribute software securely" },
	{ "3.2", 3, "Publish an effective vulnerability disclosure process" },
	{ "3.3", 3, "Detect, prioritise and manage vulnerabilities" },
	{ "3.4", 3, "Report vulnerabilities to those who need to act" },
	{ "3.5", 3, "Ship timely security updates and tell customers" },
	{ "4.1", 4, "Tell customers the level of support and maintenance" },
	{ "4.2", 4, "Give at least a year's notice of end of support" },
	{ "4.3", 4, "Inform customers of notable incidents" },
};

#define A COP_AUTOMATED
#define S COP_SEMI
#define D COP_DECLARED

static const struct cop_claim claims[COP_NCLAIMS] = {
	{ "1.1.1", "1.1", "The chosen secure development framework is written down",
	  "Name the framework followed (SSDF, SDL, OWASP SAMM, SLSA...) and show it covers threat "
	  "modelling, requirements, roles, secure coding, testing, data and configuration "
	  "management.",
	  "framework or SDLC policy document", D, "PO.1.2", "DO-02",
	  "Annex I Part I(1); Art 13(1)-(3); Annex VII(2)" },
	{ "1.1.2", "1.1", "Developers are trained in the framework and its tooling",
	  "Keep a record of who was trained, in what, and when the training is due again.",
	  "training records", D, "PO.2.2", "", "" },
	{ "1.1.3", "1.1", "Development tools are kept maintained and current",
	  "List the toolchain with versions and show none is past its own end of life.",
	  "toolchain inventory with versions", S, "PO.3.1, PO.3.2", "", "Annex I Part I(1)" },
	{ "1.1.4", "1.1",
	  "Items needing configuration control are identified and version control is used",
	  "Source, build definitions and dependency lockfiles are tracked in version control.",
	  "version control repository; dependency lockfiles", A, "PO.3.2, PO.3.3, PW.1.2",
	  "AC-03, BR-02, BR-04", "Annex I Part I(1)" },
	{ "1.1.5", "1.1", "Requirements are captured and recorded",
	  "Requirements, security ones included, live in a tracker or documents that are kept.",
	  "requirements or issue tracker export", D, "PO.4.1, PO.4.2, PW.1.2", "SA-01, SA-02",
	  "Art 13(2)-(3); Annex I Part I(1)" },
	{ "1.1.6", "1.1", "The software is designed around user need",
	  "Design records show which user needs shaped the product.", "design records", D,
	  "PW.1.1, PW.1.2, PW.1.3", "", "Annex I Part I(1)" },
	{ "1.2.1", "1.2", "All third-party components are identified and documented",
	  "A complete, current inventory (an SBOM) of every component, readable in full.",
	  "SBOM built from every lockfile and manifest", A, "PW.4.1", "BR-05, DO-06, QA-02",
	  "Annex I Part II(1)" },
	{ "1.2.2", "1.2", "The integrity of components and their updates is verified",
	  "Every fetched dependency is pinned with an integrity hash that the build checks.",
	  "lockfiles carrying integrity hashes", A, "PW.4.1", "BR-06, DO-06, QA-02", "Art 13(5)" },
	{ "1.2.3", "1.2", "Each component is tested before its first deployment",
	  "A new dependency goes through the test suite before it ships.",
	  "CI runs linked to dependency additions", S, "PO.1.3, PW.4.1", "",
	  "Art 13(5); Annex I Part II(3)" },
	{ "1.2.4", "1.2", "Component updates are tested",
	  "Dependency updates are merged only after the tests pass.",
	  "dependency-update changes with CI results", S, "PO.1.3, PW.4.1", "",
	  "Annex I Part II(3)" },
	{ "1.2.5", "1.2", "There are processes to manage and roll out component updates",
	  "A written process says how updates are watched for, chosen and shipped.",
	  "dependency update policy; update metrics", D, "PO.1.3, PW.4.1, RV", "BR-05, VM-05",
	  "Annex I Part I(2)(a),(c); Part II(2)" },
	{ "1.3.1", "1.3", "A test plan covers all requirements and third-party components",
	  "A documented plan says what is tested, how and when, components included.", "test plan",
	  D, "PW.8.1, PW.8.2", "VM-06", "Annex I Part II(3)" },
	{ "1.3.2", "1.3", "The test plan runs automatically and repeatably where possible",
	  "The test suite runs in CI and its results are kept (JUnit XML, SARIF).",
	  "CI test results (JUnit XML)", A, "PW.8.2", "QA-03", "Annex I Part II(3)" },
	{ "1.3.3", "1.3", "Defects found in testing are addressed",
	  "Failures and findings are tracked to a fix or a recorded decision.",
	  "defect tracker; findings open and closed at release", D, "PW.8.2", "QA-03",
	  "Annex I Part I(2)(a)" },
	{ "1.4.1", "1.4", "Threat modelling (or similar) was used in design",
	  "A dated threat model exists for the current release or major change.", "threat model", D,
	  "PW.1.1", "SA-03", "Art 13(2); Annex I Part I(1)" },
	{ "1.4.2", "1.4", "MFA is enforced for privileged users of the product",
	  "Administrators authenticate with more than one factor, on by default.",
	  "product configuration defaults; design statement", D, "PW.1.1, PW.9.1, PW.9.2", "AC-01",
	  "Annex I Part I(2)(d)" },
	{ "1.4.3", "1.4", "No default or persistent passwords",
	  "Administrators set their own credentials at install; none is hard-coded.",
	  "secret scan results; install procedure", D, "PW.9.1, PW.9.2", "BR-07",
	  "Annex I Part I(2)(b),(d)" },
	{ "1.4.4", "1.4", "Input data is validated",
	  "Inputs are checked early, syntactically and semantically; queries are parameterised.",
	  "SAST results; design statement", D, "PW.5.1", "", "Annex I Part I(2)(f),(h),(k)" },
	{ "1.4.5", "1.4", "Credentials and sensitive data are stored securely",
	  "Secrets and sensitive data are encrypted at rest and in transit with standard "
	  "cryptography.",
	  "secret scan results; data protection design", D, "PW.1.1, PW.2.1, PW.9.1, PW.9.2",
	  "BR-07", "Annex I Part I(2)(d),(e)" },
	{ "2.1.1", "2.1", "Roles define which data and functions each role may use",
	  "Build and CI roles are written down with the data and functions each may use.",
	  "CI/VCS role export", D, "PO.5.1, PS.1.1", "AC-04, GV-01, GV-03", "" },
	{ "2.1.2", "2.1", "Build-environment users re-authenticate regularly",
	  "Sessions to build systems expire and require signing in again.",
	  "identity provider session settings", D, "PO.5.1, PO.5.2", "BR-01", "" },
	{ "2.1.3", "2.1", "Credentials are tied to the user's role",
	  "Each credential grants only what its holder's role needs.", "CI/VCS permission export",
	  D, "PO.5.1, PO.5.2, PS.1.1", "AC-04", "" },
	{ "2.1.4", "2.1", "Credentials are managed and stored securely",
	  "Secrets for the build live in a secrets manager, never in the repository.",
	  "secrets manager configuration", D, "PO.5.1", "", "" },
	{ "2.1.5", "2.1", "Credentials are multi-factor",
	  "Everyone with build access signs in with MFA; recovery cannot bypass it.",
	  "MFA enforcement setting", D, "PO.5.1, PO.5.2", "AC-01", "" },
	{ "2.1.6", "2.1", "Access is reviewed regularly for continued need",
	  "Access is reviewed on a schedule and removed when no longer needed.",
	  "access review records", D, "PO.5.1, PS.1.1", "", "" },
	{ "2.2.1", "2.2", "Access and changes are logged",
	  "Access to the build environment and every change to it are logged as they happen.",
	  "the build-environment log (vouch env snapshots); an access audit log", S,
	  "PO.5.1, PS.3.2", "", "Annex VII" },
	{ "2.2.2", "2.2", "Only authorised personnel can make changes",
	  "The log state is signed by a key only the authorised maintainers hold.",
	  "signed log checkpoints; change approvals", A, "PO.5.1, PO.5.2, PS.1.1",
	  "AC-01, AC-02, AC-03, AC-04, BR-01", "" },
	{ "2.2.3", "2.2", "Logs are auditable and kept for an agreed period",
	  "Anyone can re-check every log entry; the log is kept for a retention period agreed in "
	  "advance.",
	  "log that verifies in full", S, "PS.3.1", "BR-04, QA-01", "" },
	{ "2.2.4", "2.2", "The confidentiality and integrity of the logs are protected",
	  "The log is hash-chained and its latest state signed, so tampering shows; only those who "
	  "need it can read it.",
	  "Merkle log with a signed checkpoint covering it; storage access settings", S, "PS.3.1",
	  "", "" },
	{ "3.1.1", "3.1", "Customers can verify the integrity of software and updates",
	  "Every release artefact carries a signature (and provenance) customers can check.",
	  "signatures and provenance of release artefacts", A, "PS.2.1",
	  "BR-02, BR-04, BR-06, QA-02, DO-03", "Annex I Part I(2)(f); Part II(7)" },
	{ "3.1.2", "3.1", "Software and updates are delivered over trusted channels",
	  "Downloads and updates use authenticated channels such as HTTPS.",
	  "download and update URLs", D, "PS.2.1, PS.3.2", "BR-03", "Annex I Part II(7)" },
	{ "3.2.1", "3.2", "A vulnerability disclosure policy and process are published",
	  "A public policy, and the process it sets, say how outsiders report vulnerabilities and "
	  "what happens next.",
	  "security.txt (RFC 9116) with a Policy; the policy page", A, "RV.1.1", "VM-02, VM-03",
	  "Annex I Part II(5); Annex II(2)" },
	{ "3.2.2", "3.2", "The process explains how to report confidentially",
	  "The process offers a confidential channel: mail to the vendor, a private advisory form, "
	  "or a form with an encryption key; never a public issue tracker.",
	  "security.txt Contact and Encryption fields", A, "RV.1.1", "VM-03",
	  "Annex I Part II(5),(6)" },
	{ "3.3.1", "3.3", "Knowledge of public vulnerabilities is kept current",
	  "Components are matched against a recent vulnerability database.",
	  "vulnerability database age; scan of the SBOM", A, "RV.1.1", "VM-05",
	  "Annex I Part II(1); Part I(2)(a)" },
	{ "3.3.2", "3.3", "A vulnerability management plan assesses and prioritises responses",
	  "Every known vulnerability is fixed or triaged (VEX) under a written plan.",
	  "scan findings triaged by VEX; the plan", S, "RV.1.1, RV.1.3", "VM-05",
	  "Annex I Part II(2)" },
	{ "3.4.1", "3.4", "Internal security teams are informed",
	  "Reported vulnerabilities reach the internal team that must act.",
	  "internal notification records", D, "RV.1.1, RV.1.3, RV.2.1", "VM-01", "" },
	{ "3.4.2", "3.4", "Affected customers are informed",
	  "Customers get advisories (CSAF, OSV, CVE) about vulnerabilities that affect them.",
	  "published advisories; notice log", D, "RV.2.2", "BR-02, VM-04",
	  "Annex I Part II(4),(8); Art 13(6); Art 14" },
	{ "3.5.1", "3.5", "Security updates go out as soon as practicable",
	  "Time from triage to fixed release is measured and kept short; critical fixes go "
	  "out-of-band.",
	  "release records; time-to-fix", D, "RV.2.2", "VM-01",
	  "Annex I Part I(2)(c); Part II(2),(7),(8)" },
	{ "3.5.2", "3.5", "Security updates are tested and secure by default",
	  "Patch releases pass the same tests and keep secure defaults.",
	  "CI results of patch releases", D, "PW.9.1, RV.2.2", "",
	  "Annex I Part I(2)(b); Part II(3)" },
	{ "4.1.1", "4.1", "End-of-support dates are published for all software components",
	  "Every release, and every third-party component it ships, has a published end-of-support "
	  "date.",
	  "lifecycle data per release and component", S, "RV.1.1, RV.1.3", "DO-04, DO-05",
	  "Art 13(8), 13(19); Annex II(7)" },
	{ "4.1.2", "4.1", "The update-frequency policy and update process are published",
	  "Customers can read how often updates come and how to apply them.", "update policy page",
	  D, "RV.1.1, RV.1.3", "DO-04, VM-01", "Annex II(8); Annex I Part II(7)-(8)" },
	{ "4.1.3", "4.1", "User documentation explains updating and secure use",
	  "Documentation explains updating promptly, MFA, backups, least access and exposed ports.",
	  "user or admin security guide", D, "PW.9.1, RV.2.2", "DO-01",
	  "Annex II(8); Annex I Part I(2)(b)" },
	{ "4.2.1", "4.2", "At least one year's notice of end of support",
	  "Customers are told of each end of support at least a calendar year before it, with "
	  "advice on the risks of staying.",
	  "dated end-of-support notices", S, "RV.1.1", "DO-04, DO-05", "Art 13(19); Annex II(7)" },
	{ "4.3.1", "4.3", "An incident support plan is published",
	  "A plan agreed in advance says how customers are supported during an incident.",
	  "published incident plan", D, "RV.1.1, RV.1.3", "", "Art 14(8)" },
	{ "4.3.2", "4.3", "Customers are told about relevant incidents in a timely way",
	  "Incident notices are timely, updated until resolved, and followed by a report.",
	  "incident notice log", D, "RV.1.1, RV.1.3, RV.2.2", "VM-04", "Art 14(3), 14(8)" },
};

#undef A
#undef S
#undef D

const struct cop_theme *cop_themes(void)
{
	return themes;
}

const struct cop_principle *cop_principles(void)
{
	return principles;
}

const struct cop_claim *cop_claims(void)
{
	return claims;
}

const struct cop_claim *cop_claim_find(const char *id)
{
	for (size_t i = 0; i < COP_NCLAIMS; i++)
		if (!strcmp(claims[i].id, id))
			return &claims[i];
	return NULL;
}

const struct cop_principle *cop_principle_find(const char *id)
{
	for (size_t i = 0; i < COP_NPRINCIPLES; i++)
		if (!strcmp(principles[i].id, id))
			return &principles[i];
	return NULL;
}

const char *cop_class_name(enum cop_class c)
{
	return c == COP_AUTOMATED ? "automated" : c == COP_SEMI ? "semi-automated" : "declared";
}

int cop_theme_of(const char *id)
{
	return id[0] >= '1' && id[0] <= '4' ? id[0] - '0' : 0;
}
