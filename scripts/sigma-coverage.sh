#!/bin/sh
# make sigma-coverage SIGMA=DIR: load a SigmaHQ rules tree (or any
# folder of Sigma rules) the way detectd would, every status and level
# included, and print per group of log sources how many files load and
# why the others are skipped; then the load time and peak memory, and
# how many load with the default options (status test, level low).
#   sigma-coverage.sh DIR [BUILD_DIR]
set -eu
dir=${1:?usage: sigma-coverage.sh DIR [BUILD_DIR]}
B=${2:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
[ -d "$dir" ] || { echo "sigma-coverage: $dir: no such folder" >&2; exit 2; }
dir=$(cd "$dir" && pwd)
D="$B/detectd"
[ -x "$D" ] || { echo "sigma-coverage: build $D first" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sigma-coverage.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

conf() {	# conf FILE OPTIONS: a configuration loading dir
	printf 'sigma "%s" {\n\tlogsources "%s"\n%s}\n' "$dir" \
	    "$top/rules/sigma-logsources.conf" "$2" > "$1"
}
conf "$tmp/all.conf" "	status experimental
	level informational
	deprecated yes
	unsupported yes
"
conf "$tmp/default.conf" ""

/usr/bin/time -f "%e %U %M" -o "$tmp/time" "$D" -n -v -v -f "$tmp/all.conf" \
    > "$tmp/out" 2>&1 || { tail -n 20 "$tmp/out"; exit 1; }
"$D" -n -f "$tmp/default.conf" > "$tmp/default" 2>&1 || true

# Each file's group, from its logsource (first document).
find "$dir" -type f \( -name '*.yml' -o -name '*.yaml' \) | sort |
while IFS= read -r f; do
	awk -v f="$f" '
	/^logsource:/ { in_ls = 1; next }
	/^[^ #]/ { in_ls = 0 }
	in_ls && $1 == "product:" { p = $2 }
	in_ls && $1 == "category:" { c = $2 }
	in_ls && $1 == "service:" { s = $2 }
	END {
		g = "other"
		if (p == "windows") g = "windows"
		else if (c == "proxy") g = "proxy"
		else if (c == "dns") g = "dns"
		else if (c == "firewall") g = "firewall"
		else if (c == "webserver") g = "webserver"
		else if (p == "zeek") g = "zeek"
		else if (p != "") g = "other:" p
		else if (c != "") g = "other:" c
		print g "\t" f
	}' "$f"
done > "$tmp/groups"

# The files skipped: "FILE:LINE:COL: why" lines of -n -v -v.
sed -n 's/^detectd: \(\/[^:]*\):[0-9]*:[0-9]*: \(.*\)$/\1	\2/p' "$tmp/out" |
    sed 's/ (rule skipped)$//' | sort -u -t "$(printf '\t')" -k1,1 \
    > "$tmp/skipped"

echo "Sigma coverage of $dir (every status and level loaded)"
echo
awk -F '\t' -v S="$tmp/skipped" '
BEGIN { while ((getline l < S) > 0) { split(l, a, "\t"); skip[a[1]] = 1 } }
{
	g = $1 ~ /^other/ ? "other" : $1
	n[g]++
	if ($2 in skip) s[g]++
}
END {
	printf "%-10s %7s %7s %7s %8s\n", "group", "files", "loaded",
	    "skipped", "loaded%"
	split("windows proxy dns firewall webserver zeek other", order, " ")
	for (i = 1; i <= 7; i++) {
		g = order[i]
		if (!(g in n))
			continue
		printf "%-10s %7d %7d %7d %7.1f%%\n", g, n[g], n[g] - s[g],
		    s[g], 100 * (n[g] - s[g]) / n[g]
	}
}' "$tmp/groups"

echo
echo "Skipped in the six groups, by reason:"
awk -F '\t' -v S="$tmp/skipped" '
BEGIN { while ((getline l < S) > 0) { split(l, a, "\t"); why[a[1]] = a[2] } }
$1 !~ /^other/ && ($2 in why) {
	printf "  %s: %s\n", substr($2, length(dir) + 2), why[$2]
}' dir="$dir" "$tmp/groups"
echo
echo "Skipped elsewhere, by logsource:"
grep 'rules* of logsource .* no mapping$' "$tmp/out" |
    sed 's/^detectd: [^ ]*: sigma: /  /' || true
echo
grep '^detectd: sigma: ' "$tmp/out" | sed 's/^detectd: /  /'
read -r wall user rss < "$tmp/time"
echo
echo "load (-n, every rule): $wall s wall, $user s user, peak RSS $((rss / 1024)) MB"
echo "with the default options: $(sed -n 's/^detectd: sigma: //p' \
    "$tmp/default" | head -n 1)"
