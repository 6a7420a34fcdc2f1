# What the test runners (run-unit.sh, run-fuzz-corpora.sh, run-e2e.sh)
# share: each runs its tests through tally, one at a time, or pool, a
# few at a time, and ends with summary, which names the slowest.  A
# test that exits 77 was skipped (it needs what this machine or user has
# not, root for instance): counted apart, never as passed, and named in
# the summary with its reason.
#
# Under CI=true a skip fails the run unless it is declared expected:
# SKIP_OK holds the ids of the tests that may skip there, separated by
# blanks, shell patterns allowed (SKIP_OK="e2e:service_privdrop*
# fuzz-ubsan" for a CI job that is not root and has no clang).  Ids are
# unit:NAME, fuzz:NAME, e2e:NAME and fuzz-ubsan.
pass=0 fail=0 skip=0 skipped=
times=$(mktemp -t detectd-times.XXXXXX)

# now_ms: the wall clock in milliseconds (whole seconds where date has
# no %N).
now_ms() {
	_ns=$(date +%s%N)
	case $_ns in
	*N)	echo $(($(date +%s) * 1000)) ;;
	*)	echo $((_ns / 1000000)) ;;
	esac
}

# secs MS: milliseconds as seconds with one decimal.
secs() {
	echo "$(($1 / 1000)).$(($1 % 1000 / 100))s"
}

# skip_ok ID: whether ID may skip here (always, but under CI=true).
skip_ok() {
	[ "${CI:-}" = true ] || return 0
	for _p in ${SKIP_OK:-}; do
		# shellcheck disable=SC2254
		case $1 in $_p) return 0 ;; esac
	done
	return 1
}

# skipped ID REASON: count a skip, and fail it when not allowed here.
skipped() {
	if skip_ok "$1"; then
		skip=$((skip + 1))
		skipped="$skipped
    $1: $2"
	else
		echo "$1 FAILED: skipped ($2) under CI=true, not in SKIP_OK"
		fail=$((fail + 1))
	fi
}

# tally ID COMMAND...: run one test, count it passed, failed or skipped
# (with the reason in $skip_reason if the command set it).
tally() {
	_name=$1; shift
	skip_reason="exit status 77"
	_t0=$(now_ms)
	"$@"
	_rc=$?
	counted "$_name" $_rc $(($(now_ms) - _t0))
}

# counted ID STATUS MS: count one test that ended with STATUS after MS
# milliseconds, as tally does (for a test run elsewhere, in a job).
counted() {
	echo "$3 $1" >> "$times"
	echo "time: $1 $(secs "$3")"
	case $2 in
	0)	pass=$((pass + 1)) ;;
	77)	skipped "$1" "$skip_reason" ;;
	*)	echo "$1 FAILED"
		fail=$((fail + 1)) ;;
	esac
}

# pool DIR TIMES JOBS PREFIX RUN NAME...: RUN NAME for each NAME in the
# background, JOBS at a time, the longest first by the times of the last
# run (kept in the file TIMES; one not timed yet counts as long), and
# count each as tally does under the id PREFIX:NAME.  RUN
# prints the test's output, returns its status and may set skip_reason;
# its output, time, skip reason and, last, status are kept in DIR under
# the name, and printed whole in the order of the NAMEs, each as soon as
# those before it are in.  The slots are lines in a FIFO, fd 3, closed
# for the tests themselves.
pool() {
	_pd=$1 _pt=$2 _pj=$3 _pp=$4 _pr=$5; shift 5
	_order="$*"
	cp "$_pt" "$_pd/.last" 2>/dev/null || : > "$_pd/.last"
	mkfifo "$_pd/.slots" && exec 3<> "$_pd/.slots" || return 1
	_i=0
	while [ $_i -lt "$_pj" ]; do echo >&3; _i=$((_i + 1)); done
	for _pl in $(longest_first "$_pd/.last" "$@"); do
		read -r _ <&3
		pool_report
		{ pool_job "$_pl" 3>&-; echo >&3; } &
	done
	wait
	pool_report
	exec 3>&-
	pool_keep
}

# pool_job NAME: run one test of the pool, its results in $_pd.
pool_job() {
	skip_reason="exit status 77"
	_t0=$(now_ms)
	"$_pr" "$1" > "$_pd/$1.out" 2>&1
	_rc=$?
	echo $(($(now_ms) - _t0)) > "$_pd/$1.ms"
	echo "$skip_reason" > "$_pd/$1.why"
	echo "$_rc" > "$_pd/$1.tmp" && mv "$_pd/$1.tmp" "$_pd/$1.rc"
}

# pool_report: print and count the results at the head of $_order that
# are in.
pool_report() {
	while [ -n "$_order" ]; do
		_pn=${_order%% *}
		[ -f "$_pd/$_pn.rc" ] || return 0
		_order=${_order#"$_pn"}; _order=${_order# }
		cat "$_pd/$_pn.out"
		skip_reason=$(cat "$_pd/$_pn.why")
		counted "$_pp:$_pn" "$(cat "$_pd/$_pn.rc")" "$(cat "$_pd/$_pn.ms")"
	done
}

# longest_first TIMES NAME...: the NAMEs by their time in TIMES (lines
# "MS NAME"), the longest first, those it has not before all, and those
# named in POOL_FIRST before them (by name).
longest_first() {
	_lf=$1; shift
	for _n in "$@"; do
		_ms=$(awk -v n="$_n" '$2 == n { print $1 }' "$_lf" 2>/dev/null)
		case " ${POOL_FIRST:-} " in *" $_n "*) _ms=1000000000 ;; esac
		echo "${_ms:-999999999} $_n"
	done | sort -k1,1rn -k2 | cut -d ' ' -f 2
}

# pool_keep: keep in the pool's TIMES the times of this run, and those
# of the last run of the tests not run now.
pool_keep() {
	sed -n "s/^\\([0-9]*\\) $_pp:/\\1 /p" "$times" > "$_pd/.now"
	awk 'NR == FNR { run[$2] = 1; print; next } !($2 in run)' \
	    "$_pd/.now" "$_pd/.last" > "$_pd/.keep" &&
	    cp "$_pd/.keep" "$_pt.$$" && mv "$_pt.$$" "$_pt" || :
}

# summary WHAT: the closing line with the totals, then what skipped and
# why; fails if one failed.
summary() {
	if [ -s "$times" ]; then
		_sum=$(awk '{ s += $1 } END { print s + 0 }' "$times")
		echo "$1: the slowest of $(wc -l < "$times")" \
		    "(wall time of all: $(secs "$_sum")):"
		sort -rn "$times" | head -n 8 | while read -r _ms _id; do
			echo "    $(secs "$_ms") $_id"
		done
	fi
	rm -f "$times"
	echo "$1: $pass passed, $fail failed, $skip skipped"
	[ -z "$skipped" ] || echo "skipped:$skipped"
	[ "$fail" -eq 0 ]
}
