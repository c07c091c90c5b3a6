#!/usr/bin/env bash
# vouch sbom on Dart/Flutter pubspec.lock and Elixir/Erlang mix.lock.
. "$(dirname "$0")/lib.sh"
need_corpus
. "$VOUCH_TOP/tests/lib/sbom.sh"
. "$VOUCH_TOP/tests/lib/sbom-langs2.sh"
export L="$CORPUS/lockfiles"

test_case 'pubspec.lock: every fixture read, the malformed one named, exit 3' '
	corpus_folder dart-pubspec pubspec.lock 10 not-yaml.txt
'

test_case 'pubspec.lock: the package set of mixed-packages.lock, dev and transitive flags' '
	expect_purls "$L/dart-pubspec/mixed-packages.lock" --type pub-lock <<-X
	pkg:pub/back_button_interceptor@6.0.1
	pkg:pub/build_runner@2.2.1
	pkg:pub/shelf@1.3.2
	pkg:pub/shelf_web_socket@1.0.2
	X
	vouch sbom --type pub-lock "$L/dart-pubspec/mixed-packages.lock" >p.json &&
	purls --flags p.json >f &&
	grep -qx "pkg:pub/build_runner@2.2.1 excluded dev,direct" f &&
	grep -qx "pkg:pub/shelf@1.3.2 required transitive" f
'

test_case 'mix.lock (Elixir): every fixture read, the malformed one named, exit 3' '
	corpus_folder elixir-mixlock mix.lock 3 invalid
'

test_case 'mix.lock (Erlang): every fixture read, exit 0' '
	corpus_folder erlang-mixlock mix.lock 5
'

test_case 'mix.lock: the package set of two-packages.lock, outer checksum as SHA-256, edge' '
	expect_purls --type mix-lock "$L/erlang-mixlock/two-packages.lock" <<-X
	pkg:hex/plug@1.11.1
	pkg:hex/plug_crypto@1.2.2
	X
	vouch sbom --type mix-lock "$L/erlang-mixlock/two-packages.lock" >m.json &&
	comp m.json pkg:hex/plug@1.11.1 >c &&
	grep -q "\"alg\": \"SHA-256\", \"content\": \"23524e4fefbb587c" c &&
	python3 -c "
import json; d=json.load(open(\"m.json\"))
deps={x[\"ref\"]: x[\"dependsOn\"] for x in d[\"dependencies\"]}
assert deps[\"pkg:hex/plug@1.11.1\"] == [\"pkg:hex/plug_crypto@1.2.2\"], deps"
'

test_case 'mix.lock: git dependencies are not Hex packages' '
	expect_purls --type mix-lock "$L/erlang-mixlock/git.lock" <<-X
	pkg:github/my-org/bar@bef3ee1d3618017061498b96c75043e8449ef9b5
	pkg:github/my-org/foe@a9574ab75d6ed01e1288c453ae1d943d7a964595
	pkg:github/my-org/foo@fc94cce7830fa4dc455024bc2a83720afe244531
	X
'

test_done
