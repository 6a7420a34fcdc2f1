# A damaged collector.state (empty, the magic line only, garbage, cut
# short) is kept aside as collector.state.corrupt-TIMESTAMP, said at
# error level, and the inputs read the files it no longer names from
# their start: the lines written while detectd was stopped are analysed
# (those before may come twice).  A directory in its place is refused
# at start, with one clear message, and said once when it appears while
# detectd runs.
COLLECTOR_LIB=1 . "$TOP/tests/e2e/collector_lib.sh"
ccfg
SF="$T/state/collector.state"
start
hits 1 100 "$L/access.log"
wait_for 10 seen_at_least 100 || fail "first lines: $(seen) of 100"
stop
asides() { ls "$T/state" | grep -c '^collector\.state\.corrupt-'; }

n=100
k=0
for damage in empty magic1 magic2 garbage cut; do
	case $damage in
	empty)	: > "$SF" ;;
	magic1)	echo "detectd-state 1" > "$SF" ;;
	magic2)	echo "detectd-state 2" > "$SF" ;;
	garbage) head -c 2000 "$D" > "$SF" ;;
	cut)	sed -i '$d' "$SF" ;;		# its end record lost
	esac
	hits $((n + 1)) $((n + 100)) "$L/access.log"	# while stopped
	n=$((n + 100))
	k=$((k + 1))
	start
	wait_for 10 seen_at_least "$n" || fail "$damage: $(seen) of $n"
	logged "collector.state is damaged" || fail "$damage: not said"
	[ "$(asides)" -eq "$k" ] || fail "$damage: $(asides) files kept aside"
	stop
	[ "$damage" = magic2 ] && cp "$SF" "$T/good.state"
done
expect_lines 1 "$n"

# A directory in its place: refused at start, said once.
rm "$SF"
mkdir "$SF"
timeout 10 "$D" -d -f "$C" 2> "$T/dir.log" &&
    fail "started with a directory"
grep -q "collector.state: not a regular file" "$T/dir.log" ||
    fail "no clear message: $(cat "$T/dir.log")"
[ "$(grep -c "not a regular file" "$T/dir.log")" -eq 1 ] ||
    fail "said more than once"
rmdir "$SF"
cp "$T/good.state" "$SF"
start
# One appearing while running: said once, not at every interval; the
# saves come back once it is gone.
k=0
until { rm -f "$SF"; mkdir "$SF" 2> /dev/null; }; do	# a save may come between
	k=$((k + 1))
	[ "$k" -lt 50 ] || fail "no directory put in its place"
done
hits $((n + 1)) $((n + 10)) "$L/access.log"	# offsets to save
wait_for 10 seen_at_least $((n + 10)) || fail "lines: $(seen)"
wait_for 10 logged "collector.state is not a regular file" ||
    fail "directory while running not said"
sleep 0.5	# a negative check: five state-intervals say nothing more
[ "$(grep -c "collector.state is not a regular file" "$T/d.log")" -eq 1 ] ||
    fail "said at every interval"
rmdir "$SF"
wait_for 10 test -f "$SF" || fail "not saved again"
stop
echo ok
