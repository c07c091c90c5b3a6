#!/usr/bin/env bash
# vouch sbom on trees of pom.xml files: each project's dependencies as its
# effective POM gives them (parents, properties, dependencyManagement, import
# BOMs). The oracle is Maven's own model builder (Debian's maven 3.8.7 jars)
# driven offline by tests/lib/MavenEffectivePom.java, which resolves parents and
# BOMs from the scanned tree as a reactor does; `mvn help:effective-pom` itself
# cannot run here (no maven-help-plugin in /usr/share/maven-repo, no network).
# Both sides print "G:A:V g:a:type:classifier:version" lines, compared whole.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
. "$VOUCH_TOP/tests/lib/sbom-langs2.sh"
need_cmd java python3
[ -e /usr/share/maven/lib/maven-model-builder-3.x.jar ] ||
	skip_all_reason="needs Debian's maven (maven-model-builder jar), not installed"
oracle() { java -cp "/usr/share/maven/lib/*" "$VOUCH_TOP/tests/lib/MavenEffectivePom.java" "$@"; }
export -f oracle
export DEPS="python3 $VOUCH_TOP/tests/lib/bom-maven-deps.py"

# effective [--stub] DIR: Maven's lines for every pom.xml under DIR, scope dropped;
# a version Maven leaves unknown (null, ${...}) or a range prints "?", as vouch
# prints a version it does not resolve.
effective() {
	local stub=
	[ "$1" = --stub ] && stub=$1 && shift
	# shellcheck disable=SC2046,SC2086
	oracle $stub "$1" $(find "$1" -name pom.xml | sort) 2>/dev/null |
		awk '$2 == "ERROR" { print; next }
		{ n = split($2, f, ":"); v = f[5]
		  if (v == "null" || v ~ /\$\{/ || v ~ /^[[(]/ || v ~ /,/) v = "?"
		  print $1, f[1] ":" f[2] ":" f[3] ":" f[4] ":" v }' | sort -u
}
export -f effective

cat >tree.sh <<'X'
mkdir -p mm/core mm/web mm/boms/base mm/boms/extra mm/build/parent mm/tools/cli
cat >mm/build/parent/pom.xml <<'P'
<project><modelVersion>4.0.0</modelVersion>
  <groupId>org.acme</groupId><artifactId>acme-build</artifactId><version>7</version>
  <packaging>pom</packaging>
  <properties><slf4j.version>1.7.30</slf4j.version><guava.version>30.0-jre</guava.version></properties>
  <dependencyManagement><dependencies>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>${slf4j.version}</version></dependency>
    <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId><version>${guava.version}</version></dependency>
    <dependency><groupId>org.acme.boms</groupId><artifactId>base-bom</artifactId><version>3.0</version><type>pom</type><scope>import</scope></dependency>
  </dependencies></dependencyManagement>
  <dependencies>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId></dependency>
  </dependencies>
</project>
P
cat >mm/pom.xml <<'P'
<project><modelVersion>4.0.0</modelVersion>
  <parent><groupId>org.acme</groupId><artifactId>acme-build</artifactId><version>7</version>
    <relativePath>build/parent</relativePath></parent>
  <groupId>org.acme.app</groupId><artifactId>app-parent</artifactId><version>${revision}${changelist}</version>
  <packaging>pom</packaging>
  <modules><module>core</module><module>web</module><module>tools/cli</module></modules>
  <properties>
    <revision>2.3.0</revision><changelist>-SNAPSHOT</changelist>
    <guava.version>31.1-jre</guava.version>
    <jackson.major>2.15</jackson.major><jackson.version>${jackson.major}.2</jackson.version>
  </properties>
  <dependencyManagement><dependencies>
    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>${jackson.version}</version></dependency>
    <dependency><groupId>org.acme.app</groupId><artifactId>core</artifactId><version>${project.version}</version></dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version><scope>test</scope></dependency>
    <dependency><groupId>org.acme.boms</groupId><artifactId>extra-bom</artifactId><version>1.1</version><type>pom</type><scope>import</scope></dependency>
    <dependency><groupId>io.netty</groupId><artifactId>netty-codec</artifactId><version>4.1.1.Final</version><classifier>linux</classifier></dependency>
  </dependencies></dependencyManagement>
  <dependencies>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId></dependency>
  </dependencies>
</project>
P
cat >mm/core/pom.xml <<'P'
<project><modelVersion>4.0.0</modelVersion>
  <parent><groupId>org.acme.app</groupId><artifactId>app-parent</artifactId><version>${revision}${changelist}</version></parent>
  <artifactId>core</artifactId>
  <properties><jackson.major>2.16</jackson.major></properties>
  <dependencies>
    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId></dependency>
    <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId></dependency>
    <dependency><groupId>org.apache.commons</groupId><artifactId>commons-lang3</artifactId></dependency>
    <dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId></dependency>
    <dependency><groupId>io.netty</groupId><artifactId>netty-codec</artifactId><classifier>linux</classifier></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.9</version></dependency>
  </dependencies>
</project>
P
cat >mm/web/pom.xml <<'P'
<project><modelVersion>4.0.0</modelVersion>
  <parent><groupId>org.acme.app</groupId><artifactId>app-parent</artifactId><version>2.3.0-SNAPSHOT</version>
    <relativePath>../build/parent</relativePath></parent>
  <artifactId>web</artifactId>
  <dependencies>
    <dependency><groupId>org.acme.app</groupId><artifactId>core</artifactId></dependency>
    <dependency><groupId>${project.groupId}</groupId><artifactId>cli</artifactId><version>${project.parent.version}</version></dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><scope>compile</scope></dependency>
  </dependencies>
</project>
P
cat >mm/tools/cli/pom.xml <<'P'
<project><modelVersion>4.0.0</modelVersion>
  <parent><groupId>org.acme.app</groupId><artifactId>app-parent</artifactId><version>2.3.0-SNAPSHOT</version></parent>
  <artifactId>cli</artifactId>
  <dependencies>
    <dependency><groupId>org.acme.app</groupId><artifactId>core</artifactId></dependency>
    <dependency><groupId>info.picocli</groupId><artifactId>picocli</artifactId><version>4.7.5</version><optional>true</optional></dependency>
  </dependencies>
</project>
P
cat >mm/boms/base/pom.xml <<'P'
<project><modelVersion>4.0.0</modelVersion>
  <groupId>org.acme.boms</groupId><artifactId>base-bom</artifactId><version>3.0</version><packaging>pom</packaging>
  <properties><lang3.version>3.12.0</lang3.version><yaml.version>1.33</yaml.version></properties>
  <dependencyManagement><dependencies>
    <dependency><groupId>org.apache.commons</groupId><artifactId>commons-lang3</artifactId><version>${lang3.version}</version></dependency>
    <dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId><version>${yaml.version}</version><scope>runtime</scope></dependency>
  </dependencies></dependencyManagement>
</project>
P
cat >mm/boms/extra/pom.xml <<'P'
<project><modelVersion>4.0.0</modelVersion>
  <groupId>org.acme.boms</groupId><artifactId>extra-bom</artifactId><version>1.1</version><packaging>pom</packaging>
  <dependencyManagement><dependencies>
    <dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId><version>2.2</version></dependency>
    <dependency><groupId>org.apache.commons</groupId><artifactId>commons-lang3</artifactId><version>3.14.0</version></dependency>
  </dependencies></dependencyManagement>
</project>
P
X

test_case 'a multi-module project: every module as Maven builds its effective model' '
	bash tree.sh &&
	effective mm >want &&
	vouch sbom mm >s.json 2>err &&
	$DEPS s.json >got &&
	[ "$(wc -l <want)" -eq 18 ] &&
	cmp_output want got &&
	! grep -q "ERROR" want &&
	grep -qx "org.acme.app:web:2.3.0-SNAPSHOT org.acme.app:cli:jar::2.3.0-SNAPSHOT" got &&
	grep -q "mm/build/parent/pom.xml. is org.acme:acme-build:7, not the parent org.acme.app:app-parent:2.3.0-SNAPSHOT that this POM names: not used" err
'

test_case 'a multi-module project: scopes and BOMs as Maven, each module once, --exclude honoured, one index per tree' '
	bash tree.sh &&
	oracle mm mm/core/pom.xml mm/web/pom.xml 2>/dev/null >m &&
	grep -qx "org.acme.app:core:2.3.0-SNAPSHOT org.yaml:snakeyaml:jar::2.2:compile" m &&
	grep -qx "org.acme.app:web:2.3.0-SNAPSHOT junit:junit:jar::4.13.2:compile" m &&
	vouch sbom mm >s.json &&
	purls --flags s.json >f &&
	grep -qx "pkg:maven/junit/junit@4.13.2 required direct" f &&
	grep -qx "pkg:maven/info.picocli/picocli@4.7.5 optional direct,optional" f &&
	comp s.json pkg:maven/org.yaml/snakeyaml@2.2 >y &&
	! grep -q "vouch:maven-scope" y &&
	grep -q "\"vouch:maven-managed-by\", \"value\": \"org.acme.boms:extra-bom:1.1\"" y &&
	[ "$(grep -c "pkg:maven/org.acme.app/core@2.3.0-SNAPSHOT " f)" -eq 1 ] &&
	[ "$(grep -c "^pkg:maven/" f)" -eq 16 ] &&
	vouch sbom --exclude boms mm >x.json 2>err &&
	grep -q "mm/core/pom.xml: dependencyManagement imports the BOM org.acme.boms:base-bom:3.0, which is not in the scanned tree" err &&
	purls x.json >xp && grep -qx "pkg:maven/org.yaml/snakeyaml" xp &&
	mkdir two && cp -r mm two/a && cp -r mm two/b && mv two/b/boms two/b/other &&
	sed -i "s|<version>3.14.0</version>|<version>8.8</version>|" two/b/other/extra/pom.xml &&
	vouch sbom two/a two/b >two.json &&
	purls two.json >tp &&
	grep -qx "pkg:maven/org.apache.commons/commons-lang3@3.14.0" tp &&
	grep -qx "pkg:maven/org.apache.commons/commons-lang3@8.8" tp
'

repo_case() { if [ -d /usr/share/maven-repo ]; then test_case "$@"; else test_skip "$1" "no /usr/share/maven-repo (installed with Debian's maven)"; fi; }

repo_case 'real POMs: the parent chains and BOMs of Debian'"'"'s maven-repo agree with Maven' '
	(cd /usr/share/maven-repo && find . -name "*.pom") | while read -r f; do
		mkdir -p "repo/${f%.pom}" && cp -L "/usr/share/maven-repo/$f" "repo/${f%.pom}/pom.xml"
	done &&
	[ "$(find repo -name pom.xml | wc -l)" -gt 100 ] &&
	effective repo >want &&
	vouch sbom repo >s.json &&
	$DEPS s.json >got &&
	[ "$(wc -l <want)" -gt 400 ] &&
	! grep -q ERROR want &&
	cmp_output want got
'

# The corpus fixtures, each copied to NAME/pom.xml with what Maven needs and
# they lack (modelVersion; groupId, artifactId, version when nothing gives them).
cat >fixtures.py <<'X'
import os, re, sys
import xml.etree.ElementTree as ET
src_dir = sys.argv[1]
for f in sorted(os.listdir(src_dir)):
    if not f.endswith(".xml"):
        continue
    name = f[:-4]
    text = open(os.path.join(src_dir, f), encoding="utf-8").read()
    try:
        tags = {re.sub(r"^\{.*\}", "", c.tag) for c in ET.fromstring(text.encode())}
    except ET.ParseError:
        continue
    add = "" if "modelVersion" in tags else "<modelVersion>4.0.0</modelVersion>"
    if "parent" not in tags:
        add += "" if "groupId" in tags else "<groupId>fixture</groupId>"
        add += "" if "version" in tags else "<version>0</version>"
    add += "" if "artifactId" in tags else "<artifactId>%s</artifactId>" % name
    m = re.search(r"<project\b[^>]*>", text)
    os.makedirs(name)
    with open(os.path.join(name, "pom.xml"), "w", encoding="utf-8") as out:
        out.write(text[:m.end()] + add + text[m.end():])
X

corpus_case 'corpus fixtures, parents and BOMs not in the tree read as empty: Maven agrees, nothing guessed' '
	mkdir c && (cd c && python3 ../fixtures.py "$CORPUS/lockfiles/java-pomxml") &&
	mkdir c/with-parent/parent && cp "$CORPUS/lockfiles/java-pomxml/parent/pom.xml" c/with-parent/parent/ &&
	effective --stub c >want &&
	expect_code 3 vouch sbom c >s.json 2>err &&
	$DEPS s.json >got &&
	[ "$(wc -l <want)" -ge 30 ] &&
	! grep -q ERROR want &&
	# known: Maven keeps a dependency whose groupId is an undefined property (vouch
	# names it as an error) and only the last of two declarations (vouch lists both
	# with a note)
	grep -v "^fixture:interpolate-drop:0 null:drop-me:" want >w &&
	grep -v "^fixture:multi-version:0 abc:example.com:jar::1.0.0\$" got >g &&
	cmp_output w g &&
	grep -qx "com.mycompany.app:my-app:1.0 org.frank:frank:jar::?" got &&
	grep -qx "com.mycompany.app:my-app:1.0 org.dave:dave:jar::4.0.0" got &&
	grep -q "c/interpolate-drop/pom.xml:[0-9]*: dependency without groupId: not listed" err &&
	grep -q "c/multi-version/pom.xml:[0-9]*: .abc:example.com. is declared again" err &&
	grep -q "c/with-parent/pom.xml: parent POM org.upstream:parent-pom:1.0 is not in the scanned tree" err &&
	grep -q "c/with-parent/pom.xml: dependencyManagement imports the BOM org.import:import:1.2.3, which is not in the scanned tree" err &&
	grep -q "version of .org.frank:frank. is neither given nor managed in this file or its parents (not in the scanned tree: parent POM org.upstream:parent-pom:1.0, BOM org.import:import:1.2.3)" err
'

test_case 'limits: a parent cycle, a property cycle and 12 parents end with a note, the rest is read' '
	mkdir -p l/cyc/a l/cyc/b l/prop &&
	echo "<project><parent><groupId>c</groupId><artifactId>b</artifactId><version>1</version><relativePath>../b</relativePath></parent><artifactId>a</artifactId><dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>\${v}</version></dependency></dependencies></project>" >l/cyc/a/pom.xml &&
	echo "<project><parent><groupId>c</groupId><artifactId>a</artifactId><version>1</version><relativePath>../a</relativePath></parent><artifactId>b</artifactId><properties><v>2</v></properties></project>" >l/cyc/b/pom.xml &&
	echo "<project><groupId>p</groupId><artifactId>p</artifactId><version>1</version><properties><a>\${b}</a><b>x\${a}</b><e>0123456789</e><d>\${e}\${e}\${e}\${e}\${e}\${e}\${e}\${e}</d><c>\${d}\${d}\${d}\${d}\${d}\${d}\${d}\${d}</c><big>\${c}\${c}\${c}\${c}\${c}\${c}\${c}\${c}</big><huge>\${big}\${big}</huge></properties><dependencies><dependency><groupId>x</groupId><artifactId>cyc</artifactId><version>\${a}</version></dependency><dependency><groupId>x</groupId><artifactId>big</artifactId><version>\${big}</version></dependency><dependency><groupId>x</groupId><artifactId>huge</artifactId><version>\${huge}</version></dependency></dependencies></project>" >l/prop/pom.xml &&
	for i in $(seq 0 11); do
		mkdir -p l/deep/p$i &&
		par="<parent><groupId>d</groupId><artifactId>p$((i + 1))</artifactId><version>1</version><relativePath>../p$((i + 1))</relativePath></parent>" &&
		if [ $i -eq 11 ]; then par=; fi &&
		echo "<project>$par<groupId>d</groupId><artifactId>p$i</artifactId><version>1</version><dependencies><dependency><groupId>z</groupId><artifactId>z$i</artifactId><version>1</version></dependency></dependencies></project>" >l/deep/p$i/pom.xml
	done &&
	expect_code 3 timeout 20 "$VOUCH_BIN" sbom l >s.json 2>err &&
	$DEPS s.json >got &&
	grep -q "l/cyc/a/pom.xml: the parent POMs form a cycle (.l/cyc/a/pom.xml. is c:a:1 again)" err &&
	grep -qx "c:a:1 x:y:jar::2" got &&
	grep -q "l/prop/pom.xml:1: version of .x:cyc.: property .a. refers to itself through .b." err &&
	grep -q "l/prop/pom.xml:1: version of .x:huge.: .*8192" err &&
	grep -qx "p:p:1 x:big:jar::$(printf "0123456789%.0s" $(seq 512))" got &&
	grep -q "l/deep/p0/pom.xml: more than 8 parent POMs: .l/deep/p8/pom.xml. and its parents are not read" err &&
	[ "$(grep -c "^d:p0:1 " got)" -eq 9 ] &&
	[ "$(grep -c "^d:p3:1 " got)" -eq 9 ] &&
	[ "$(grep -c "^d:p8:1 " got)" -eq 4 ]
'

test_done
