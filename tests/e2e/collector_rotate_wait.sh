# Rotate-wait: a file that left the path is read for rotate-wait after
# it stopped growing, whatever became of it and whatever "rotated"
# says.  A writer holds the file open while it is renamed (into
# archive/, then to access.log.1), moved out of the log directory, or
# deleted, and writes more to it a second after detectd reached its
# end; those lines must be read, under the default rotated names
# (access.log.*), a glob of archive/, and "rotated none".  A file closed
# at its first end of file loses them wherever no rescan finds it again
# under a rotated name: ten of the twelve cases.
COLLECTOR_LIB=1 . "$TOP/tests/e2e/collector_lib.sh"
mkdir -p "$L/archive" "$T/away"
n=0 lost=

# case HOW TARGET: lines to access.log through a descriptor held open,
# the file renamed to TARGET (or deleted) and a new one created, then
# lines late through the old descriptor once detectd is at its end.
case_() {
	_b=$(seen)
	exec 3>> "$L/access.log"
	hits $((n + 1)) $((n + 20)) /dev/fd/3
	wait_for 10 seen_at_least $((_b + 20)) || fail "$1: before: $(seen)"
	case $1 in
	delete)	rm "$L/access.log" ;;
	*)	mv "$L/access.log" "$2" ;;
	esac
	: > "$L/access.log"
	sleep 1			# at its end, well within rotate-wait (4s)
	hits $((n + 21)) $((n + 30)) /dev/fd/3
	exec 3>&-
	wait_for 5 seen_at_least $((_b + 30)) ||
	    lost="$lost
    $setting, $1${2:+ to $2}: $((_b + 30 - $(seen))) late lines lost"
	n=$((n + 30))
}

for setting in default glob none; do
	case $setting in
	default) ROTATE_WAIT=4s ccfg ;;
	glob)	ROTATE_WAIT=4s ccfg "rotated \"$L/archive/access-*\"" ;;
	none)	ROTATE_WAIT=4s ccfg "rotated none" ;;
	esac
	rm -f "$L/access.log"* "$L/archive/"* "$T/away/"*
	start
	case_ rename "$L/archive/access-$n"
	case_ rename "$L/access.log.1"
	case_ moved "$T/away/access-$n"
	case_ delete
	stop
done
[ -z "$lost" ] || fail "$lost"
expect_lines 1 "$n"
[ "$(alerts)" -eq "$n" ] || fail "$(alerts) alerts for $n lines: repeated"
echo ok
