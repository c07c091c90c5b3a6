#!/usr/bin/env bash
# vouch sbom on Maven pom.xml, gradle.lockfile and gradle/verification-metadata.xml.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
. "$VOUCH_TOP/tests/lib/sbom-langs2.sh"
export L="$CORPUS/lockfiles"

corpus_case 'pom.xml: every fixture read, the malformed ones named, exit 3' '
	corpus_folder java-pomxml pom.xml 20 interpolate-drop.xml invalid-syntax.xml not-pom.txt
'

corpus_case 'pom.xml: the package set of transitive.xml (managed-only frank is not a dependency)' '
	expect_purls --type maven-pom "$L/java-pomxml/transitive.xml" <<-X
	pkg:maven/com.mycompany.app/my-app@1.0
	pkg:maven/org.direct/alice@1.0.0
	pkg:maven/org.direct/bob@2.0.0
	pkg:maven/org.direct/chris@3.0.0
	X
'

corpus_case 'pom.xml: the project is the BOM subject, test scope is flagged, lines kept' '
	vouch sbom --type maven-pom "$L/java-pomxml/with-scope.xml" >s.json &&
	purls --flags s.json >s &&
	grep -qx "pkg:maven/junit/junit@4.12 excluded dev,direct" s &&
	grep -qx "pkg:maven/abc/xyz@1.2.3 required direct" s &&
	vouch sbom --type maven-pom "$L/java-pomxml/transitive.xml" >t.json &&
	comp t.json pkg:maven/com.mycompany.app/my-app@1.0 | grep -q "\"type\": \"application\"" &&
	comp t.json pkg:maven/org.direct/bob@2.0.0 | grep -q "\"line\": 22"
'

cat >props.xml <<'X'
<project>
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.example</groupId>
  <artifactId>app</artifactId>
  <version>3.1</version>
  <properties>
    <major>2</major>
    <lib.version>${major}.5</lib.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.lib</groupId><artifactId>core</artifactId><version>${lib.version}</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency><groupId>org.lib</groupId><artifactId>core</artifactId></dependency>
    <dependency>
      <groupId>${project.groupId}</groupId><artifactId>api</artifactId>
      <version>${project.version}</version>
    </dependency>
  </dependencies>
</project>
X

test_case 'pom.xml: versions from nested properties, project.version and dependencyManagement' '
	mkdir -p p && cp props.xml p/pom.xml &&
	expect_purls p <<-X
	pkg:maven/org.example/api@3.1
	pkg:maven/org.example/app@3.1
	pkg:maven/org.lib/core@2.5
	X
	vouch sbom p >p.json 2>err && ! grep -q . err
'

cat >unres.xml <<'X'
<project>
  <parent>
    <groupId>org.corp</groupId><artifactId>corp-parent</artifactId><version>9</version>
  </parent>
  <artifactId>svc</artifactId>
  <dependencies>
    <dependency>
      <groupId>org.a</groupId><artifactId>a</artifactId><version>${a.version}</version>
    </dependency>
  </dependencies>
</project>
X

test_case 'pom.xml: a property only the remote parent defines: noted, flagged, no version guessed' '
	mkdir -p u && cp unres.xml u/pom.xml &&
	vouch sbom u >u.json 2>err &&
	grep -qx "vouch: note: u/pom.xml:7: version of .org.a:a. is .\${a.version}.: property .a.version. is not defined in this file: not resolved offline" err &&
	grep -q "parent POM org.corp:corp-parent:9 is not in the scanned tree" err &&
	purls --flags u.json >f &&
	grep -qx "pkg:maven/org.a/a required direct,unresolved" f &&
	comp u.json pkg:maven/org.a/a >c &&
	grep -q "\"name\": \"vouch:maven-version\", \"value\": \"\${a.version}\"" c &&
	! grep -q "\"version\"" c
'

test_case 'pom.xml: a parent in the tree supplies properties' '
	mkdir -p q/parent q/app &&
	printf "%s\n" "<project><groupId>org.q</groupId><artifactId>base</artifactId><version>1</version>" \
		"<packaging>pom</packaging><properties><v>4.2</v></properties></project>" >q/parent/pom.xml &&
	printf "%s\n" "<project><parent><groupId>org.q</groupId><artifactId>base</artifactId>" \
		"<version>1</version><relativePath>../parent/pom.xml</relativePath></parent>" \
		"<artifactId>app</artifactId><dependencies><dependency><groupId>x</groupId>" \
		"<artifactId>y</artifactId><version>\${v}</version></dependency></dependencies></project>" \
		>q/app/pom.xml &&
	expect_purls q <<-X
	pkg:maven/org.q/app@1
	pkg:maven/org.q/base@1?type=pom
	pkg:maven/x/y@4.2
	X
'

corpus_case 'gradle.lockfile: every fixture read, the malformed one named, exit 3' '
	corpus_folder java-gradlelockfile gradle.lockfile 5 with-bad-pkg
'

corpus_case 'gradle.lockfile: the package set of 5-pkg' '
	expect_purls --type gradle-lockfile "$L/java-gradlelockfile/5-pkg" <<-X
	pkg:maven/org.springframework.boot/spring-boot-autoconfigure@2.7.4
	pkg:maven/org.springframework.boot/spring-boot-configuration-processor@2.7.5
	pkg:maven/org.springframework.boot/spring-boot-devtools@2.7.6
	pkg:maven/org.springframework.boot/spring-boot-starter-aop@2.7.7
	pkg:maven/org.springframework.boot/spring-boot-starter-data-jpa@2.7.8
	X
'

corpus_case 'verification-metadata.xml: every fixture read, the malformed ones named, exit 3' '
	corpus_folder java-gradleverificationmetadataxml gradle/verification-metadata.xml 11 \
		missing-attribute.xml not-xml.txt
'

corpus_case 'verification-metadata.xml: the package set and hash of one-package.xml' '
	expect_purls --type gradle-verification-metadata \
		"$L/java-gradleverificationmetadataxml/one-package.xml" <<-X
	pkg:maven/org.apache.pdfbox/pdfbox@2.0.17
	X
	vouch sbom --type gradle-verification-metadata \
		"$L/java-gradleverificationmetadataxml/one-package.xml" >v.json &&
	comp v.json pkg:maven/org.apache.pdfbox/pdfbox@2.0.17 |
		grep -q "\"alg\": \"SHA-512\", \"content\": \"7e11e54a21c395d4"
'

test_done
