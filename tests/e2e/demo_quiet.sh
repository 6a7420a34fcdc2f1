# make demo hides the compiler lines (in demo-build.log; V=1 shows them)
# and prints the demo.  A copy of what make all builds, times kept, with
# one tool removed, so that there is one thing to compile (not the
# library: then every tool would be linked again, twice).
. "$TOP/tests/e2e-lib.sh"
command -v make > /dev/null || { echo "no make"; exit 77; }
mkdir -p "$T/b/tests"
cp -pR "$B/src" "$B/tools" "$B/libdetectd.a" "$B/detectd" "$T/b/" &&
    cp -pR "$B/tests/tools" "$T/b/tests/" || fail "copy of the build"
rm "$T/b/tools/gen_squid"
(cd "$TOP" && make --no-print-directory demo B="$T/b") > "$T/out" 2>&1 ||
    fail "make demo exited $?: $(tail -n 20 "$T/out")"
grep -q "tools/gen_squid.c" "$T/out" && fail "compiler lines shown: $(head "$T/out")"
grep -q "tools/gen_squid.c" "$T/b/demo-build.log" ||
    fail "gen_squid.c not rebuilt"
grep -q "^== building detectd (V=1 shows the compiler lines)$" "$T/out" ||
    fail "no building line"
grep -q "every alert validates" "$T/out" || fail "no demo: $(tail "$T/out")"
rm "$T/b/tools/gen_squid"
(cd "$TOP" && make --no-print-directory demo B="$T/b" V=1) > "$T/out" 2>&1 ||
    fail "make demo V=1 exited $?"
grep -q "tools/gen_squid.c" "$T/out" || fail "V=1: no compiler lines"
echo ok
