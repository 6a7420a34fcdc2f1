# make demo hides the compiler lines (in demo-build.log; V=1 shows them)
# and prints the demo.  A copy of the build directory with one object
# made stale, so that there is something to compile.
. "$TOP/tests/e2e-lib.sh"
command -v make > /dev/null || { echo "no make"; exit 77; }
cp -R "$B" "$T/b"
# Not what other targets left there (make eval's and make bench's runs).
rm -rf "$T/b/demo-build.log" "$T/b/eval" "$T/b/bench" "$T/b/report-shot"
touch -d '2000-01-01' "$T/b/src/util/hex.o"
(cd "$TOP" && make --no-print-directory demo B="$T/b") > "$T/out" 2>&1 ||
    fail "make demo exited $?: $(tail -n 20 "$T/out")"
grep -q "src/util/hex.c" "$T/out" && fail "compiler lines shown: $(head "$T/out")"
grep -q "src/util/hex.c" "$T/b/demo-build.log" || fail "hex.c not rebuilt"
grep -q "^== building detectd (V=1 shows the compiler lines)$" "$T/out" ||
    fail "no building line"
grep -q "every alert validates" "$T/out" || fail "no demo: $(tail "$T/out")"
touch -d '2000-01-01' "$T/b/src/util/hex.o"
(cd "$TOP" && make --no-print-directory demo B="$T/b" V=1) > "$T/out" 2>&1 ||
    fail "make demo V=1 exited $?"
grep -q "src/util/hex.c" "$T/out" || fail "V=1: no compiler lines"
echo ok
