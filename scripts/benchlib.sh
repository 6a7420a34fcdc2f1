# Shared by the bench scripts (sourced): the time now in ns, the
# shortest of RUNS runs of a command in ns, and the same by CPU time.
now() { date +%s%N; }
# best COMMAND...: run RUNS times, print the shortest time in ns.
best() {
	_best=0
	_i=0
	while [ $_i -lt "$RUNS" ]; do
		_t0=$(now)
		"$@" > /dev/null 2>&1
		_t=$(( $(now) - _t0 ))
		if [ $_best -eq 0 ] || [ $_t -lt $_best ]; then _best=$_t; fi
		_i=$((_i + 1))
	done
	echo $_best
}
# cpurun COMMAND...: tools/bench_run (of the build $B) over RUNS runs:
# "user_us sys_us cpu_us wall_us maxrss_kib", the least CPU and wall.
cpurun() { "$B/tools/bench_run" -r "$RUNS" "$@"; }
