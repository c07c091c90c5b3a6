#!/usr/bin/env bash
# make install: the binary, man pages made from docs/cmd and bash/zsh
# completions made from the binary's own --help, under DESTDIR and PREFIX.
# tests/run: alone
. "$(dirname "$0")/lib.sh"

need_cmd make man bash

# the build directory the tests run against, installed as it is
install_to() {
	make -s -C "$VOUCH_TOP" BUILD="$VOUCH_BUILD" install DESTDIR="$1" "${@:2}"
}
export -f install_to

test_case 'make install DESTDIR PREFIX=/usr puts every file in place' '
	install_to "$PWD/root" PREFIX=/usr >/dev/null &&
	test -x root/usr/bin/vouch &&
	echo "vouch $(cat "$VOUCH_TOP/VERSION")" >want && root/usr/bin/vouch --version >got &&
	cmp_output want got &&
	test -s root/usr/share/man/man1/vouch.1 &&
	for f in "$VOUCH_TOP"/docs/cmd/*.md; do
		test -s "root/usr/share/man/man1/vouch-$(basename "$f" .md).1" || { echo "no page for $f"; exit 1; }
	done &&
	test -s root/usr/share/bash-completion/completions/vouch &&
	test -s root/usr/share/zsh/vendor-completions/_vouch
'

test_case 'PREFIX defaults to /usr/local' '
	install_to "$PWD/local" >/dev/null && test -x local/usr/local/bin/vouch &&
	test -s local/usr/local/share/man/man1/vouch-sbom.1
'

test_case 'man -l renders every page without a warning' '
	for p in root/usr/share/man/man1/*.1; do
		MANWIDTH=80 man --warnings=all -l "$p" >page 2>err || exit 1
		if [ -s err ]; then echo "$p:"; cat err; exit 1; fi
		grep -q "^NAME" page && grep -q "^SEE ALSO" page || { echo "$p: no NAME or SEE ALSO"; exit 1; }
	done &&
	MANWIDTH=80 man -l root/usr/share/man/man1/vouch-sbom.1 >page &&
	grep -q "^SYNOPSIS" page && grep -q "vouch sbom \[--format" page &&
	MANWIDTH=80 man -l root/usr/share/man/man1/vouch.1 >page &&
	for c in $(vouch --help | sed -n "s/^  \([a-z]*\)  .*/\1/p"); do
		grep -q "vouch-$c(1)" page || { echo "vouch.1 lacks $c"; exit 1; }
	done
'

test_case 'the bash completion registers and completes commands, verbs, options and values' '
	bash -c "source root/usr/share/bash-completion/completions/vouch && complete -p vouch" >c &&
	grep -q "_vouch vouch" c &&
	cat >q.sh <<-"EOF" &&
	source root/usr/share/bash-completion/completions/vouch
	q() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _vouch; echo "${COMPREPLY[*]}"; }
	q vouch sb; q vouch db ""; q vouch sbom --format ""; q vouch sbom --; q vouch scan --fail-on h
	EOF
	bash q.sh >got &&
	sed -n 1p got | grep -qx sbom &&
	sed -n 2p got | grep -qx "import update stats" &&
	sed -n 3p got | grep -q "spdx-json" &&
	for o in $(vouch sbom --help | grep -o -- "--[a-z][a-z-]*" | sort -u); do
		sed -n 4p got | tr " " "\n" | grep -qx -- "$o" || { echo "missing $o"; exit 1; }
	done &&
	sed -n 5p got | grep -qx high
'

if command -v zsh >/dev/null 2>&1; then
	test_case 'the zsh completion parses and completes commands, verbs, options and values' '
		z=root/usr/share/zsh/vendor-completions/_vouch &&
		zsh -n $z && head -1 $z | grep -qx "#compdef vouch" &&
		# compadd and _files stand in for the completion system: they print what is offered
		zsh -f -c "
			compadd() { [[ \$1 == -- ]] && shift; print -r -- \"\$*\"; }
			_files() { print FILES; }
			words=(vouch); CURRENT=2; source $z >/dev/null
			q() { words=(\"\$@\"); CURRENT=\$#; _vouch; }
			q vouch s; q vouch db \"\"; q vouch sbom --format \"\"; q vouch sbom x
		" >got &&
		sed -n 1p got | tr " " "\n" | grep -qx scan &&
		sed -n 2p got | grep -qx "import update stats" &&
		sed -n 3p got | grep -q "cyclonedx-json" && sed -n 4p got | grep -qx FILES
	'
else
	test_skip 'the zsh completion parses' "needs 'zsh', not installed"
fi

test_done
