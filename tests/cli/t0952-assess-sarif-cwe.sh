#!/usr/bin/env bash
# vouch assess: open SARIF results placed by CWE against the claims on specific weaknesses
# (1.4.4 input validation, 1.4.3 hard-coded or default credentials, 1.4.5 protection of
# credentials and data), besides 1.3.3. The logs are written here as CodeQL (rule tags
# external/cwe/cwe-NNN), semgrep (tags "CWE-NN: name") and a taxonomy-based analyser (SARIF
# 2.1.0 taxa and relationships into a CWE taxonomy) write them.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1795737600 # 2026-11-27T00:00:00Z
. "$VOUCH_TOP/tests/lib/assess.sh" # claim FILE ID KEY

# codeql FILE: CodeQL-style results: SQL injection and XSS (CWE-89/90/943, 79/116), a
# hard-coded credential (CWE-798), cleartext logging (CWE-312/359/532), an unused variable
# (no CWE)
codeql() {
	cat >"$1" <<-'EOF'
	{"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
	 "runs": [{"tool": {"driver": {"name": "CodeQL", "semanticVersion": "2.15.0", "rules": [
	   {"id": "js/sql-injection", "properties": {"tags": ["security", "external/cwe/cwe-089",
	     "external/cwe/cwe-090", "external/cwe/cwe-943"], "security-severity": "8.8"}},
	   {"id": "js/reflected-xss", "properties": {"tags": ["security", "external/cwe/cwe-079",
	     "external/cwe/cwe-116"]}},
	   {"id": "js/hardcoded-credentials", "properties": {"tags": ["security",
	     "external/cwe/cwe-259", "external/cwe/cwe-321", "external/cwe/cwe-798"]}},
	   {"id": "js/clear-text-logging", "properties": {"tags": ["security",
	     "external/cwe/cwe-312", "external/cwe/cwe-359", "external/cwe/cwe-532"]}},
	   {"id": "js/unused-local-variable", "properties": {"tags": ["maintainability"]}}]}},
	  "results": [
	   {"ruleId": "js/sql-injection", "ruleIndex": 0, "level": "error",
	    "message": {"text": "This query depends on a user-provided value."},
	    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/db.js"},
	      "region": {"startLine": 12}}}]},
	   {"ruleId": "js/reflected-xss", "ruleIndex": 1, "level": "error",
	    "message": {"text": "Cross-site scripting."},
	    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/page.js"},
	      "region": {"startLine": 40}}}]},
	   {"ruleId": "js/hardcoded-credentials", "ruleIndex": 2, "level": "warning",
	    "message": {"text": "The hard-coded value flows to a password."},
	    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/conf.js"},
	      "region": {"startLine": 3}}}]},
	   {"ruleId": "js/clear-text-logging", "ruleIndex": 3, "level": "error",
	    "message": {"text": "Sensitive data logged."},
	    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/log.js"},
	      "region": {"startLine": 7}}}]},
	   {"ruleId": "js/unused-local-variable", "ruleIndex": 4, "level": "note",
	    "message": {"text": "Unused variable x."}}]}]}
	EOF
}

# semgrep FILE: semgrep-style results: a SQL injection (tags "CWE-89: ...") suppressed with an
# accepted decision, an OS command injection open, a NULL dereference (CWE-476: no claim here)
semgrep() {
	cat >"$1" <<-'EOF'
	{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Semgrep OSS",
	   "semanticVersion": "1.50.0", "rules": [
	   {"id": "python.lang.security.sqli", "defaultConfiguration": {"level": "error"},
	    "properties": {"tags": ["CWE-89: Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')",
	      "OWASP-A03:2021 - Injection", "security"]}},
	   {"id": "python.lang.security.subprocess-shell-true",
	    "defaultConfiguration": {"level": "error"},
	    "properties": {"tags": ["CWE-78: Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')"]}},
	   {"id": "c.null-deref", "defaultConfiguration": {"level": "warning"},
	    "properties": {"tags": ["CWE-476: NULL Pointer Dereference"]}}]}},
	  "results": [
	   {"ruleId": "python.lang.security.sqli", "message": {"text": "sqli"},
	    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/db.py"},
	      "region": {"startLine": 5}}}],
	    "suppressions": [{"kind": "external", "status": "accepted",
	      "justification": "the value is an integer checked above"}]},
	   {"ruleId": "python.lang.security.subprocess-shell-true", "message": {"text": "shell"},
	    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/run.py"},
	      "region": {"startLine": 9}}}]},
	   {"ruleId": "c.null-deref", "message": {"text": "null"},
	    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "ext/a.c"},
	      "region": {"startLine": 2}}}]}]}]}
	EOF
}

# taxa FILE: CWE by SARIF 2.1.0 taxonomies: a rule related (kind superset) to CWE-22, a result
# naming taxon CWE-327 by index; a relationship of kind relevant (CWE-20) does not count
taxa() {
	cat >"$1" <<-'EOF'
	{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "analyser", "rules": [
	   {"id": "PATH001", "relationships": [
	     {"target": {"id": "22", "toolComponent": {"name": "CWE"}}, "kinds": ["superset"]},
	     {"target": {"id": "20", "toolComponent": {"name": "CWE"}}, "kinds": ["relevant"]}]},
	   {"id": "CRYPTO9"}]}},
	  "taxonomies": [{"name": "CWE", "version": "4.13",
	    "taxa": [{"id": "22"}, {"id": "327"}]}],
	  "results": [
	   {"ruleId": "PATH001", "level": "error", "message": {"text": "path"},
	    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "srv/files.go"},
	      "region": {"startLine": 30}}}]},
	   {"ruleId": "CRYPTO9", "level": "warning", "message": {"text": "md5"},
	    "taxa": [{"index": 1, "toolComponent": {"index": 0}}],
	    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "srv/hash.go"},
	      "region": {"startLine": 8}}}]}]}]}
	EOF
}

# product DIR KIND... [-- vouch.toml lines]: DIR/results/KIND.sarif for each KIND
product() {
	local d=$1
	shift
	mkdir -p "$d/results"
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		"$1" "$d/results/$1.sarif"
		shift
	done
	[ "${1:-}" != -- ] || shift
	printf '[evidence]\nsarif = ["results/*.sarif"]\n%s' "${1:-}" >"$d/vouch.toml"
}
run() { vouch assess --no-save --format json "$1" >"$1.json" 2>"$1.err"; }
export -f codeql semgrep taxa product run

test_case 'CodeQL tags: injection against 1.4.4, the credential against 1.4.3 and 1.4.5, logging against 1.4.5' '
	product p codeql && { run p || true; } &&
	test "$(claim p.json 1.4.4 status)" = not_met &&
	test "$(claim p.json 1.4.4 basis)" = observed &&
	claim p.json 1.4.4 argument >a &&
	grep -q "^2 open static analysis results at or above level warning are in the weakness classes of input validation and injection" a &&
	grep -q "js/sql-injection in src/db.js:12 (CWE-89 SQL injection, CWE-90 LDAP injection, CWE-943 injection into a data query)" a &&
	grep -q "js/reflected-xss in src/page.js:40 (CWE-79 cross-site scripting, CWE-116 improper encoding or escaping of output)" a &&
	grep -q "Each lets input reach a query" a &&
	! grep -q "hardcoded\|clear-text" a &&
	test "$(claim p.json 1.4.3 status)" = not_met &&
	claim p.json 1.4.3 argument >b &&
	grep -q "^1 open static analysis result at or above level warning is in the weakness classes of hard-coded and default credentials: js/hardcoded-credentials in src/conf.js:3 (CWE-259 hard-coded password, CWE-321 hard-coded cryptographic key, CWE-798 hard-coded credentials)" b &&
	test "$(claim p.json 1.4.5 status)" = not_met &&
	claim p.json 1.4.5 argument >c &&
	grep -q "^2 open .* protection of credentials and sensitive data: js/hardcoded-credentials in src/conf.js:3 (CWE-259.*); js/clear-text-logging in src/log.js:7 (CWE-312 cleartext storage of sensitive information, CWE-532 sensitive information in a log file)" c &&
	claim p.json 1.4.4 gap | grep -q "suppression with a justification" &&
	claim p.json 1.3.3 argument | grep -q "^4 of 5 static analysis results are open"
'

test_case 'semgrep tags: an accepted suppression does not count, CWE-476 is no claim of these' '
	product s semgrep && { run s || true; } &&
	test "$(claim s.json 1.4.4 status)" = not_met &&
	claim s.json 1.4.4 argument >a &&
	grep -q "^1 open static analysis result at or above level warning is in the weakness classes of input validation and injection: python.lang.security.subprocess-shell-true in app/run.py:9 (CWE-78 OS command injection)" a &&
	! grep -q "sqli\|null-deref" a &&
	test "$(claim s.json 1.4.3 status)" = unknown &&
	claim s.json 1.4.3 argument | grep -q "No open static analysis result at or above level warning is in the weakness classes of hard-coded and default credentials (by CWE; 2 of the 2 open results name a CWE); that alone does not show the claim" &&
	test "$(claim s.json 1.3.3 status)" = not_met
'

test_case 'SARIF taxonomies: a superset relationship and a result taxon count, a relevant one does not' '
	product t taxa && { run t || true; } &&
	test "$(claim t.json 1.4.4 status)" = not_met &&
	claim t.json 1.4.4 argument | grep -q "PATH001 in srv/files.go:30 (CWE-22 path traversal)\." &&
	! claim t.json 1.4.4 argument | grep -q "CWE-20 " &&
	test "$(claim t.json 1.4.5 status)" = not_met &&
	claim t.json 1.4.5 argument | grep -q "CRYPTO9 in srv/hash.go:8 (CWE-327 broken or risky cryptographic algorithm)"
'

test_case 'sarif_level = "error": the warning-level results are below it and count nowhere' '
	product e codeql semgrep taxa -- "sarif_level = \"error\"
" && { run e || true; } &&
	claim e.json 1.4.3 argument | grep -q "^No open static analysis result at or above level error" &&
	test "$(claim e.json 1.4.3 status)" = unknown &&
	claim e.json 1.4.5 argument | grep -q "js/clear-text-logging" &&
	! claim e.json 1.4.5 argument | grep -q "hardcoded\|CRYPTO9" &&
	claim e.json 1.4.4 argument | grep -q "^4 open .*subprocess-shell-true in app/run.py:9 (CWE-78 OS command injection); PATH001 in srv/files.go:30 (CWE-22 path traversal)\. Each"
'

test_case 'results without a CWE place nothing: the note says how many name one' '
	mkdir -p n/results && printf "int f(void) { int *p = 0; return *p; }\n" >n/a.c &&
	/usr/bin/python3 - n/results/x.sarif <<-"PY" &&
	import json, sys
	json.dump({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "cppcheck"}},
	    "results": [{"ruleId": "nullPointer", "level": "error", "message": {"text": "null"}}]}]},
	    open(sys.argv[1], "w"))
	PY
	printf "[evidence]\nsarif = [\"results/*.sarif\"]\n" >n/vouch.toml &&
	{ run n || true; } &&
	test "$(claim n.json 1.3.3 status)" = not_met &&
	for id in 1.4.3 1.4.4 1.4.5; do
		test "$(claim n.json $id status)" = unknown &&
		claim n.json $id argument | grep -q "(by CWE; 0 of the 1 open results name a CWE)" || exit 1
	done
'

test_case 'a declaration of 1.4.4 met does not override an open injection result' '
	product d codeql -- "
[[claim]]
id = \"1.4.4\"
status = \"met\"
argument = \"All input goes through the validator.\"
evidence = [\"vouch.toml\"]
owner = \"CTO\"
reviewed = 2026-10-01
" && { run d || true; } &&
	test "$(claim d.json 1.4.4 status)" = not_met &&
	claim d.json 1.4.4 argument | grep -q "but a declaration does not override what vouch observed"
'

test_case 'vouch secrets SARIF carries CWE-798: its open findings count against 1.4.3 and 1.4.5' '
	python3 "$VOUCH_TOP/tests/cli/helpers/secret_tokens.py" planted tok >/dev/null &&
	mkdir -p k/results &&
	{ vouch secrets --format sarif tok/.npmrc >k/results/secrets.sarif 2>/dev/null || [ $? = 1 ]; } &&
	grep -q "external/cwe/cwe-798" k/results/secrets.sarif &&
	printf "[evidence]\nsarif = [\"results/*.sarif\"]\n" >k/vouch.toml &&
	{ run k || true; } &&
	test "$(claim k.json 1.4.3 status)" = not_met &&
	claim k.json 1.4.3 argument | grep -q "npm-token in .*npmrc:1 (CWE-798 hard-coded credentials)" &&
	test "$(claim k.json 1.4.5 status)" = not_met
'

test_case 'an unreadable log leaves the claims on weaknesses without a note' '
	product u codeql && echo "{" >u/results/broken.sarif &&
	expect_code 3 run u &&
	test "$(claim u.json 1.4.4 status)" = not_met &&
	test "$(claim u.json 1.4.3 status)" = not_met &&
	mkdir -p v/results && echo "{" >v/results/broken.sarif &&
	printf "[evidence]\nsarif = [\"results/*.sarif\"]\n" >v/vouch.toml &&
	expect_code 3 run v &&
	! claim v.json 1.4.4 argument | grep -q "static analysis"
'

test_done
