# A folder of 100,000 Sigma files loads in time linear in its size (the
# files are sorted, ids hashed), and one bad file among them is skipped
# with its position while the others load.
. "$TOP/tests/e2e-lib.sh"
mkdir -p "$T/many"
awk -v dir="$T/many" 'BEGIN {
	for (i = 0; i < 100; i++)
		system(sprintf("mkdir -p %s/%02d", dir, i))
	for (i = 0; i < 100000; i++) {
		f = sprintf("%s/%02d/r%06d.yml", dir, i % 100, i)
		printf "title: Rule %d\nid: many-%06d\nlogsource:\n" \
		    "    product: windows\n    service: security\n" \
		    "detection:\n    sel:\n        EventID: %d\n" \
		    "    condition: sel\nlevel: low\n", i, i, 4000 + i % 1000 > f
		close(f)
	}
}'
printf 'title: [\n' > "$T/many/00/r000000.yml"
cat > "$T/c.conf" <<CONF
sigma "$T/many" { logsources "$TOP/rules/sigma-logsources.conf" }
CONF
start=$(date +%s)
"$D" -n -f "$T/c.conf" > "$T/out" 2>&1 || fail "-n failed: $(tail "$T/out")"
secs=$(( $(date +%s) - start ))
tail -n 3 "$T/out"
echo "100000 files in $secs s"
grep -q "sigma: 99999 rules loaded from 100000 files, 1 skipped" "$T/out" ||
    fail "totals"
grep -q "many/00/r000000.yml:2:1: not YAML" "$T/out" || fail "position"
[ "$secs" -lt 120 ] || fail "$secs s for 100,000 files"
echo ok
