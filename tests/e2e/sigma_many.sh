# A folder of 100,000 Sigma files loads in time linear in its size (the
# files are sorted, ids hashed): ten times the files take less than 25
# times as long (quadratic would be a hundred), whatever the machine's
# speed and the build's sanitizers.  One bad file among them is skipped
# with its position while the others load.
. "$TOP/tests/e2e-lib.sh"
# tree DIR N: N rule files in 100 folders of DIR.
tree() {
	awk -v dir="$1" -v n="$2" 'BEGIN {
		for (i = 0; i < 100; i++)
			system(sprintf("mkdir -p %s/%02d", dir, i))
		for (i = 0; i < n; i++) {
			f = sprintf("%s/%02d/r%06d.yml", dir, i % 100, i)
			printf "title: Rule %d\nid: many-%06d\nlogsource:\n" \
			    "    product: windows\n    service: security\n" \
			    "detection:\n    sel:\n        EventID: %d\n" \
			    "    condition: sel\nlevel: low\n", i, i,
			    4000 + i % 1000 > f
			close(f)
		}
	}'
}
# load DIR: the milliseconds detectd -n takes to load DIR, output in
# $T/out.
load() {
	cat > "$T/c.conf" <<CONF
sigma "$1" { logsources "$TOP/rules/sigma-logsources.conf" }
CONF
	_t0=$(date +%s%N)
	"$D" -n -f "$T/c.conf" > "$T/out" 2>&1 ||
	    fail "-n failed: $(tail "$T/out")"
	echo $(( ($(date +%s%N) - _t0) / 1000000 ))
}
tree "$T/some" 10000
tree "$T/many" 100000
printf 'title: [\n' > "$T/many/00/r000000.yml"
some=$(load "$T/some")
grep -q "sigma: 10000 rules loaded from 10000 files" "$T/out" ||
    fail "totals of 10,000: $(tail -n 3 "$T/out")"
many=$(load "$T/many")
tail -n 3 "$T/out"
echo "10000 files in $some ms, 100000 files in $many ms"
grep -q "sigma: 99999 rules loaded from 100000 files, 1 skipped" "$T/out" ||
    fail "totals"
grep -q "many/00/r000000.yml:2:1: not YAML" "$T/out" || fail "position"
[ "$many" -lt $(( 25 * (some > 0 ? some : 1) )) ] ||
    fail "100,000 files in $many ms, 10,000 in $some ms: not linear"
echo ok
