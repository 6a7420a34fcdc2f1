#!/bin/sh
# make bench-peer (issue 17): Debian's sagan and detectd on the same
# generated Squid file, in the same run, with equivalent rules: a domain
# blacklist of 1k, 100k and 1M entries, and 10 regular expressions on
# the URL.  Prints events per CPU-second of each and their ratio.
# $1 is the build directory.
#
# detectd replays the file (-r); its CPU time comes from tools/bench_run.
# sagan reads only its FIFO, and drops the lines that arrive while all
# its worker threads are busy, so it is fed by tools/bench_pace at a
# fixed rate: a rate is sustained when sagan wrote every alert the lines
# fed call for (every line with a listed domain or a signature, counted
# beforehand).  Its CPU time is read from /proc while it works.  The
# blacklist is a Zeek Intel file of Intel::DOMAIN entries for sagan's
# bro-intel processor and the same domains, one per line, for detectd;
# the signatures are the same PCRE patterns in both.
#   PEER_LINES  lines in the file (default 200000); detectd reads them all
#   PEER_SIZES  blacklist sizes (default "1000 100000 1000000")
#   PEER_SECS   seconds of feeding per sagan rate tried (default 4)
#   PEER_LOAD   seconds sagan may take to load its list (default 300);
#               past that the size's row says so and has no sagan rate
#   RUNS        detectd runs per figure, the best kept (default 3)
set -e
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
N=${PEER_LINES:-200000}
SIZES=${PEER_SIZES:-1000 100000 1000000}
SECS=${PEER_SECS:-4}
LOAD=${PEER_LOAD:-300}
RUNS=${RUNS:-3}
dir="$B/bench/peer"
D="$B/detectd"

if ! command -v sagan > /dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null 2>&1; then
		echo "bench-peer: installing sagan with apt-get"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q sagan \
		    > /dev/null 2>&1 || true
	fi
	if ! command -v sagan > /dev/null 2>&1; then
		echo "bench-peer: skipped: sagan is not installed and cannot" \
		    "be (apt-get install sagan, as root)"
		exit 0
	fi
fi
if [ "$(id -u)" != 0 ]; then
	echo "bench-peer: skipped: sagan needs root here (its IPC files and" \
	    "its user switch)"
	exit 0
fi
SG=$(command -v sagan)

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
log="$dir/squid-$N.log"
# One line in 25 is a hit, in turn each of three listed domains and
# five URLs that one signature each matches, so that every rate tried
# has alerts to miss.
if [ ! -s "$log" ]; then
	"$B/tools/gen_squid" -n "$N" -e 5000 -d 5000 -s 7 | awk '
	BEGIN {
		n = split("CONNECT c2-a.peer.example:443|" \
		    "CONNECT c2-b.peer.example:443|" \
		    "GET http://drop.peer.example/a.zip|" \
		    "GET http://cdn.peer.test/wp-admin/upd.php?cmd=id|" \
		    "GET http://cdn.peer.test/cgi-bin/status.sh?x=1|" \
		    "GET http://app.peer.test/shell.jsp|" \
		    "GET http://app.peer.test/q?s=1+union+select+pass|" \
		    "GET http://app.peer.test/files/../../backup.tgz", hit, "|")
	}
	NR % 25 == 0 {
		split(hit[k % n + 1], m, " ")
		$4 = m[1] == "CONNECT" ? "TCP_TUNNEL/200" : "TCP_MISS/200"
		$6 = m[1]; $7 = m[2]; k++
	}
	{ print }' > "$log"
fi
# sagan's input: host|facility|priority|level|tag|date|time|program|msg
sed 's/^/10.0.0.1|local0|info|info|squid|2026-03-10|09:00:00|squid|/' \
    "$log" > "$log.sagan"

# The ten signatures, each as a PCRE both engines take.
sigs='/wp-admin/[a-z]+\.php\?cmd=
/cgi-bin/[a-z0-9_]+\.(sh|pl|cgi)\?
/shell\.(php|jsp|aspx?)
(?i)union(\s|%20|\+)+select
\.\./\.\./
/etc/(passwd|shadow)
(?i)cmd\.exe
(?i)%3cscript
/actuator/(env|heapdump)
\.(hta|scr)\?id=[0-9]+'
# What both must find in a prefix of the file: the lines with a listed
# domain or a signature hit (none has both).
expect() {	# expect LINES
	head -n "$1" "$log" | grep -c -F -e ".peer.example" \
	    -e ".peer.test/" || true
}

# bl SIZE: the list of SIZE domains, the three hit domains among them.
bl() {
	awk -v n="$1" 'BEGIN {
		print "c2-a.peer.example"; print "c2-b.peer.example"
		print "drop.peer.example"
		for (i = 3; i < n; i++) printf "host%07d.bl-%d.example\n", i, i % 97
	}'
}

detectd_conf() {	# detectd_conf DIR
	# One alert per hit line, as sagan writes: no aggregation.
	printf 'ruleset "bench-peer"\naggregate-window off\n' > "$1/detectd.conf"
	printf 'include "detectd.rules"\n' >> "$1/detectd.conf"
	{
		printf 'list peer-bl {\n\tfile "bl.txt"\n\tformat plain\n'
		printf '\ttype domain\n}\n'
		printf 'rule 9100000 {\n\tname "Listed domain"\n'
		printf '\tanalyzer match\n\tviewpoint known-attack\n'
		printf '\tsources proxy\n\tstage c2\n\timportance high\n'
		printf '\tpriority high\n'
		printf '\tcondition destination.domain in list peer-bl\n}\n'
		echo "$sigs" | awk '{
			gsub(/\\/, "\\\\"); n++
			printf "rule %d {\n\tname \"URL signature %d\"\n", \
			    9100000 + n, n
			printf "\tanalyzer match\n\tviewpoint known-attack\n"
			printf "\tsources proxy\n\tstage intrusion\n"
			printf "\timportance high\n\tpriority high\n"
			printf "\tcondition url.original ~ \"%s\"\n}\n", $0
		}'
	} > "$1/detectd.rules"
}

sagan_conf() {	# sagan_conf DIR
	printf 'config classification: exploit-attempt,Exploit Attempt,1\n' \
	    > "$1/classification.config"
	: > "$1/reference.config"
	: > "$1/gen-msg.map"
	: > "$1/protocol.map"
	: > "$1/normalization.rulebase"
	{
		printf 'alert syslog $EXTERNAL_NET any -> $HOME_NET any '
		printf '(msg: "Listed domain"; bro-intel: domain; '
		printf 'classtype: exploit-attempt; sid: 9100000; rev: 1;)\n'
		echo "$sigs" | awk '{
			i = 0; p = $0
			if (sub(/^\(\?i\)/, "", p)) i = 1
			gsub(/\//, "\\/", p); n++
			printf "alert syslog $EXTERNAL_NET any -> $HOME_NET any "
			printf "(msg: \"URL signature %d\"; pcre: \"/%s/%s\"; ", \
			    n, p, i ? "i" : ""
			printf "classtype: exploit-attempt; sid: %d; rev: 1;)\n", \
			    9100000 + n
		}'
	} > "$1/peer.rules"
	sed -e "s|@DIR@|$1|g" > "$1/sagan.yaml" <<'EOF'
%YAML 1.1
---
vars:
  sagan-groups:
    FIFO: "@DIR@/sagan.fifo"
    RULE_PATH: "@DIR@"
    LOCKFILE: "@DIR@/sagan.pid"
    LOG_PATH: "@DIR@/log"
  address-groups:
    HOME_NET: "any"
    EXTERNAL_NET: "any"
  mmap-groups:
    MMAP_DEFAULT: 10000
sagan-core:
  core:
    sensor-name: "bench-peer"
    default-host: 127.0.0.1
    default-port: 514
    default-proto: udp
    dns-warnings: disabled
    source-lookup: disabled
    fifo-size: 1048576
    max-threads: 100
    classification: "$RULE_PATH/classification.config"
    reference: "$RULE_PATH/reference.config"
    gen-msg-map: "$RULE_PATH/gen-msg.map"
    protocol-map: "$RULE_PATH/protocol.map"
    xbit-storage: mmap
  mmap-ipc:
    ipc-directory: @DIR@/ipc
    xbit: $MMAP_DEFAULT
    threshold-by-src: $MMAP_DEFAULT
    threshold-by-dst: $MMAP_DEFAULT
    threshold-by-username: $MMAP_DEFAULT
    after-by-src: $MMAP_DEFAULT
    after-by-dst: $MMAP_DEFAULT
    after-by-username: $MMAP_DEFAULT
    track-clients: $MMAP_DEFAULT
  liblognorm:
    enabled: yes
    normalize_rulebase: "$RULE_PATH/normalization.rulebase"
processors:
  - bro-intel:
      enabled: yes
      filename: "@DIR@/intel.dat"
outputs:
  - alert:
      enabled: yes
      filename: "$LOG_PATH/alert.log"
rules-files:
  - $RULE_PATH/peer.rules
EOF
}

# CPU ticks (user + system) of a process, all its threads.
ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}
alerts() {
	grep -c '^\[\*\*\] \[1:' "$1/log/alert.log" 2>/dev/null || true
}

# sagan_try DIR PID RATE: feed at RATE; prints "ok|drop LINES TICKS".
sagan_try() {
	_n=$(awk -v r="$3" -v s="$SECS" -v n="$N" 'BEGIN {
		x = int(r * s); if (x < 100) x = 100; if (x > n) x = n; print x }')
	_want=$(expect "$_n")
	_a0=$(alerts "$1")
	_c0=$(ticks "$2")
	"$B/tools/bench_pace" -r "$3" -n "$_n" "$log.sagan" \
	    "$1/sagan.fifo" > /dev/null
	# Done when its CPU time stops moving (or every alert is in).
	_last=-1
	_now=$(ticks "$2")
	while [ "$_now" != "$_last" ] && \
	    [ $(( $(alerts "$1") - _a0 )) -lt "$_want" ]; do
		sleep 0.5
		_last=$_now
		_now=$(ticks "$2")
	done
	_got=$(( $(alerts "$1") - _a0 ))
	if [ "$_got" -ge "$_want" ]; then _ok=ok; else _ok=drop; fi
	echo "$_ok $_n $(( _now - _c0 ))"
}

# sagan_rate DIR: the best sustained rate; prints "RATE LINES TICKS LOAD",
# LOAD being the seconds its list took to load, ">N" when it had not
# loaded in N seconds (and was killed) or "failed" when sagan died.
# A first slow run gives the cost of a line, then rates around what the
# cores would allow are tried, down until one holds, then up.
sagan_rate() {
	rm -rf "$1/log" "$1/ipc" "$1/sagan.fifo" "$1/sagan.pid"
	mkdir -p "$1/log" "$1/ipc"
	mkfifo "$1/sagan.fifo"
	# Held open for writing throughout: sagan closes and reopens its
	# FIFO when the last writer goes, and a feed could then wait on
	# open(2) forever.
	exec 3<> "$1/sagan.fifo"
	"$SG" -u root -Q -f "$1/sagan.yaml" -l "$1/log/sagan.log" \
	    > /dev/null 2>&1 &
	_pid=$!
	# Its list loads before it opens the FIFO: how long that takes is
	# a figure of its own, and past LOAD seconds the size is given up.
	_t0=$(date +%s)
	while ! grep -q "open syslog FIFO" "$1/log/sagan.log" 2>/dev/null; do
		if ! kill -0 "$_pid" 2>/dev/null; then
			exec 3>&-
			echo "0 0 0 failed"
			return
		fi
		if [ $(( $(date +%s) - _t0 )) -ge "$LOAD" ]; then
			kill -KILL "$_pid" 2>/dev/null || true
			wait "$_pid" 2>/dev/null || true
			exec 3>&-
			echo "0 0 0 >$LOAD"
			return
		fi
		sleep 0.2
	done
	_load=$(( $(date +%s) - _t0 ))
	_hz=$(getconf CLK_TCK)
	_cores=$(getconf _NPROCESSORS_ONLN)
	set -- "$1" $(sagan_try "$1" "$_pid" 10)
	_best="0 0 0"
	[ "$2" = ok ] && _best="10 $3 $4"
	# Lines per second the cores allow at this cost, then 0.8 of it.
	_r=$(awk -v n="$3" -v t="$4" -v hz="$_hz" -v c="$_cores" 'BEGIN {
		if (t < 1) t = 1; r = 0.8 * c * n * hz / t
		if (r < 5) r = 5; printf "%d\n", r }')
	_up=0
	for _i in 1 2 3 4 5 6; do
		set -- "$1" $(sagan_try "$1" "$_pid" "$_r")
		if [ "$2" = ok ]; then
			_best="$_r $3 $4"
			_up=1
			_r=$(( _r * 3 / 2 ))
		else
			[ "$_up" = 1 ] && break
			_r=$(( _r * 2 / 3 ))
			[ "$_r" -lt 5 ] && break
		fi
	done
	kill -INT "$_pid" 2>/dev/null || true
	wait "$_pid" 2>/dev/null || true
	exec 3>&-
	echo "$_best $_load"
}

echo "bench-peer: $N Squid lines, a domain blacklist and 10 URL" \
    "signatures; sagan $(dpkg-query -W -f '${Version}' sagan 2>/dev/null)"
printf '  %-9s %14s %12s %14s %12s %8s %8s\n' entries "detectd ev/s" \
    "ev/CPU-s" "sagan ev/s" "ev/CPU-s" ratio "load s"
for size in $SIZES; do
	d="$dir/$size"
	mkdir -p "$d"
	bl "$size" > "$d/bl.txt"
	{
		printf '#fields\tindicator\tindicator_type\tmeta.source\n'
		awk '{ printf "%s\tIntel::DOMAIN\tbench\n", $0 }' "$d/bl.txt"
	} > "$d/intel.dat"
	detectd_conf "$d"
	sagan_conf "$d"
	# The same alerts from detectd, or the comparison means nothing.
	rm -f "$d/alerts.json"
	"$D" -f "$d/detectd.conf" -r "squid:$log" -o "$d/alerts.json" \
	    2> /dev/null
	if [ "$(wc -l < "$d/alerts.json")" -ne "$(expect "$N")" ]; then
		echo "bench-peer: detectd found $(wc -l < "$d/alerts.json")" \
		    "alerts, $(expect "$N") expected" >&2
		exit 1
	fi
	set -- $("$B/tools/bench_run" -r "$RUNS" "$D" -f "$d/detectd.conf" \
	    -r "squid:$log" -o /dev/null)
	dcpu=$3
	dwall=$4
	set -- $(sagan_rate "$d")
	srate=$1
	slines=$2
	sticks=$3
	sload=$4
	awk -v n="$N" -v dc="$dcpu" -v dw="$dwall" -v sr="$srate" \
	    -v sl="$slines" -v st="$sticks" -v hz="$(getconf CLK_TCK)" \
	    -v e="$size" -v ld="$sload" 'BEGIN {
		d = n * 1e6 / (dc > 0 ? dc : 1)
		s = st > 0 ? sl * hz / st : 0
		r = (s > 0) ? sprintf("%.0fx", d / s) : "-"
		w = n * 1e6 / ((dw > 0) ? dw : 1)
		if (ld ~ /^[0-9]+$/)
			printf "  %-9s %14d %12d %14d %12d %8s %8s\n", e, w, \
			    d, sr, s, r, ld
		else
			printf "  %-9s %14d %12d %14s %12s %8s %8s\n", e, w, \
			    d, "-", "-", "-", ld
	}'
	case $sload in
	">"*)	echo "  ($size entries: sagan had not loaded its list after" \
		    "$LOAD s and was stopped; PEER_LOAD gives it longer)" ;;
	failed)	echo "  ($size entries: sagan stopped before it opened its" \
		    "FIFO; see $d/log/sagan.log)" ;;
	esac
done
echo "  (detectd: replay, best of $RUNS; sagan: the highest paced rate" \
    "with every alert written, and its CPU-seconds at that rate;" \
    "load s: seconds sagan took to load the list)"
