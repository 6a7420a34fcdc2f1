#!/bin/sh
# make mutate: plant each bug of a list (scripts/mutate.list) in a copy
# of the tree, one at a time, and run the tests that should catch it.
# A mutant whose tests still pass survived: a bug the suite cannot see.
# The working tree is never touched: the copy (with uncommitted changes)
# lives in a temporary directory, built once, each mutant rebuilt
# incrementally and then undone.
#
#   sh scripts/mutate.sh [LIST [NUMBER...]]
#
# Each line of LIST (blank lines and # comments aside) is
#   FILE @@ TESTS @@ ORIGINAL @@ REPLACEMENT
# FILE a source file of the tree; ORIGINAL text that occurs exactly once
# in it (\n a newline, \t a tab, \\ a backslash), replaced by
# REPLACEMENT; TESTS what must catch it, separated by spaces:
# unit:NAME (build/tests/check_NAME), fuzz:NAME (the corpus replay of
# tests/fuzz/fuzz_NAME.c) or e2e:NAME (tests/e2e/NAME.sh).
# NUMBERs pick mutants by their place in the list (from 1).
# Exit status: 0 when every mutant was caught; 1 when one survived, was
# not found in its file, or did not build.
set -u
list=${1:-scripts/mutate.list}
[ $# -gt 0 ] && shift
top=$(pwd)
[ -f "$list" ] || { echo "mutate: no list $list"; exit 1; }
case $list in /*) ;; *) list=$top/$list ;; esac
TIMEOUT=${MUTATE_TIMEOUT:-300}

work=$(mktemp -d -t detectd-mutate.XXXXXX)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# field N LINE: the Nth field of a list line, blanks around it trimmed.
field() {
	printf '%s\n' "$2" | awk -F ' @@ ' -v n="$1" '{
		v = $n; sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v); print v
	}'
}

# mutants: the list's lines, numbered, without comments and blanks.
mutants() {
	awk '!/^[ \t]*(#|$)/ { print ++n "\t" $0 }' "$list"
}

# apply FILE ORIGINAL REPLACEMENT: the text replaced once in FILE;
# status 3 when ORIGINAL is not there exactly once.
apply() {
	M_ORIG=$2 M_REPL=$3 awk '
	function unesc(s,   o, i, c) {
		o = ""
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c == "\\" && i < length(s)) {
				c = substr(s, ++i, 1)
				if (c == "n") c = "\n"
				else if (c == "t") c = "\t"
			}
			o = o c
		}
		return o
	}
	BEGIN { o = unesc(ENVIRON["M_ORIG"]); r = unesc(ENVIRON["M_REPL"]) }
	{ text = text $0 "\n" }
	END {
		n = 0; s = text
		while ((i = index(s, o)) > 0) { n++; s = substr(s, i + length(o)) }
		if (n != 1) exit 3
		i = index(text, o)
		printf "%s%s%s", substr(text, 1, i - 1), r,
		    substr(text, i + length(o))
	}' "$1" > "$1.mutant" || { rm -f "$1.mutant"; return 3; }
	mv "$1.mutant" "$1"
}

# targets TESTS: the make targets those tests need.
targets() {
	for _t in $1; do
		case $_t in
		unit:*)	echo "build/tests/check_${_t#unit:}" ;;
		fuzz:*)	echo "build/fuzz-replay/fuzz_${_t#fuzz:}" ;;
		e2e:*)	echo "build/detectd tools" ;;
		esac
	done
}

# run TESTS: run them; 0 when all pass.
run() {
	for _t in $1; do
		case $_t in
		unit:*)	TMPDIR=$work/tmp CK_VERBOSITY=silent timeout "$TIMEOUT" \
			    "build/tests/check_${_t#unit:}" || return 1 ;;
		fuzz:*)	timeout "$TIMEOUT" sh tests/run-fuzz-corpora.sh build \
			    "build/fuzz-replay/fuzz_${_t#fuzz:}" || return 1 ;;
		e2e:*)	timeout "$TIMEOUT" sh tests/run-e2e.sh build \
			    "${_t#e2e:}" || return 1 ;;
		*)	echo "mutate: unknown test $_t"; return 2 ;;
		esac
	done
	return 0
}

picked() {
	[ $# -eq 1 ] && return 0
	_n=$1; shift
	for _p in "$@"; do [ "$_p" = "$_n" ] && return 0; done
	return 1
}

echo "mutate: copying the tree to $work"
(cd "$top" && tar --exclude=./build --exclude=./.git -cf - .) |
    (cd "$work" && tar -xf -) || exit 1
mkdir -p "$work/tmp"
cd "$work" || exit 1
all_tests=$(mutants | while IFS= read -r l; do
	field 2 "${l#*	}"; done | tr ' ' '\n' | sort -u | tr '\n' ' ')
echo "mutate: building the copy, then the tests unmutated: $all_tests"
# shellcheck disable=SC2046
if ! make -j2 CI=no all $(targets "$all_tests") > build.log 2>&1; then
	tail -n 20 build.log
	echo "mutate: the tree does not build unmutated"
	exit 1
fi
run "$all_tests" > run.log 2>&1 || {
	tail -n 30 run.log
	echo "mutate: the tests fail unmutated"
	exit 1
}

killed=0 survived=0 broken=0
mutants > mutants.txt
while IFS='	' read -r n line; do
	picked "$n" "$@" || continue
	f=$(field 1 "$line"); tests=$(field 2 "$line")
	orig=$(field 3 "$line"); repl=$(field 4 "$line")
	what="#$n $f: '$orig' -> '$repl'"
	cp -p "$f" "$f.orig" || exit 1
	if ! apply "$f" "$orig" "$repl"; then
		printf "mutate: %s: not found once in %s\n" "$what" "$f"
		broken=$((broken + 1))
	# shellcheck disable=SC2046
	elif ! make -j2 CI=no $(targets "$tests") > "build-$n.log" 2>&1 \
	    < /dev/null; then
		printf "mutate: %s: does not build\n" "$what"
		tail -n 5 "build-$n.log" | sed 's/^/    /'
		broken=$((broken + 1))
	elif run "$tests" > "run-$n.log" 2>&1 < /dev/null; then
		printf "mutate: %s: SURVIVED %s\n" "$what" "$tests"
		survived=$((survived + 1))
	else
		printf "mutate: %s: caught by %s\n" "$what" "$tests"
		killed=$((killed + 1))
	fi
	mv "$f.orig" "$f"
	touch "$f"		# newer than its object: rebuilt next
done < mutants.txt
echo "mutate: $killed caught, $survived survived, $broken broken"
[ "$survived" -eq 0 ] && [ "$broken" -eq 0 ]
