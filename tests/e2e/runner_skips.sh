# The e2e runner itself, on a tree of three tests of its own: one that
# passes, one that skips (exit 77) with its reason, one that leaves an
# alert the schema refuses.  Skips are counted apart with their reason,
# and fail the run under CI=true unless SKIP_OK declares them; an
# invalid alert fails the test that left it even though it exited 0.
. "$TOP/tests/e2e-lib.sh"
mkdir -p "$T/tree/tests/e2e"
cp "$TOP/tests/run-e2e.sh" "$TOP/tests/run-lib.sh" "$T/tree/tests/"
printf 'echo ok\n' > "$T/tree/tests/e2e/plain.sh"
printf 'echo "skipped: needs a unicorn"\nexit 77\n' \
    > "$T/tree/tests/e2e/unicorn.sh"
mkdir -p "$T/tree/schema"
cp "$SCHEMA" "$T/tree/schema/"
# runner OUT [VAR=VALUE...]: the runner in the tree, its times kept
# apart from the real tree's; its status.
runner() {
	_out=$1; shift
	(cd "$T/tree" && env E2E_TIMES="$T/times" "$@" \
	    sh tests/run-e2e.sh "$B") > "$T/$_out" 2>&1
}
runner out1 CI=
grep -q "^e2e tests: 1 passed, 0 failed, 1 skipped$" "$T/out1" ||
    { cat "$T/out1"; fail "counts"; }
grep -q "^    e2e:unicorn: needs a unicorn$" "$T/out1" || fail "reason"
runner out2 CI=true && { cat "$T/out2"; fail "an undeclared skip under CI"; }
grep -q "e2e:unicorn FAILED: skipped (needs a unicorn) under CI=true" \
    "$T/out2" || { cat "$T/out2"; fail "the CI failure"; }
runner out3 CI=true "SKIP_OK=e2e:x e2e:uni*" ||
    { cat "$T/out3"; fail "a declared skip under CI"; }

# A test that exits 0 but leaves a record that is no alert.
squid_line 1773136000 10.1.1.1 http://qakbot-c2.example/x > "$T/in.log"
confdir
"$D" -f "$T/etc/detectd.conf" -r "squid:$T/in.log" -o "$T/good.json" \
    2>/dev/null || fail "replay"
# (A line before it, so that this test's own runner does not judge it.)
{ echo "a fixture"; sed 's/"kind":"alert"/"kind":"alrt"/' "$T/good.json"; } \
    > "$T/bad.fixture"
rm "$T/tree/tests/e2e/unicorn.sh"
printf 'sed 1d "%s" > "$T/a.json"\necho ok\n' "$T/bad.fixture" \
    > "$T/tree/tests/e2e/badalert.sh"
runner out4 CI= && { cat "$T/out4"; fail "an invalid alert passed"; }
grep -q "records in a.json not valid" "$T/out4" ||
    { cat "$T/out4"; fail "the invalid alert not named"; }
# The same alert cut short by a kill (no newline) is not judged.
printf 'cp "%s" "$T/a.json"\nprintf "{\\"event\\":{\\"kind\\":\\"al" >> "$T/a.json"\necho ok\n' \
    "$T/good.json" > "$T/tree/tests/e2e/badalert.sh"
runner out5 CI= || { cat "$T/out5"; fail "a cut last record judged"; }
grep -q "^e2e: 1 records left by the tests, every one valid$" "$T/out5" ||
    { cat "$T/out5"; fail "alert count"; }

# Tests run at the same time: a waits for what c does (so run one at a
# time it would fail), b fails and d skips.  The results come in the
# order of the names, each whole, counted as one at a time, timed.
rm "$T/tree/tests/e2e/"*.sh
cat > "$T/tree/tests/e2e/a.sh" <<'EOF'
i=0
until [ -f "$TOP/c.ran" ]; do
	[ $i -lt 100 ] || exit 1
	i=$((i + 1))
	sleep 0.1
done
echo ok
EOF
printf 'echo "b broke"\nexit 1\n' > "$T/tree/tests/e2e/b.sh"
printf 'touch "$TOP/c.ran"\necho ok\n' > "$T/tree/tests/e2e/c.sh"
printf 'echo "skipped: needs a unicorn"\nexit 77\n' > "$T/tree/tests/e2e/d.sh"
runner out6 CI= E2E_JOBS=3 && { cat "$T/out6"; fail "b's failure passed"; }
grep '^e2e' "$T/out6" > "$T/heads"
printf '%s\n' "e2e: a ok" "e2e: b failed; its output:" "e2e:b FAILED" \
    "e2e: c ok" "e2e: d skipped (needs a unicorn)" \
    "e2e tests: 2 passed, 1 failed, 1 skipped" > "$T/heads.want"
grep -v '^e2e tests: the slowest' "$T/heads" | diff "$T/heads.want" - ||
    { cat "$T/out6"; fail "results out of order or miscounted"; }
sed -n '/^e2e: b failed/,/^e2e: c ok/p' "$T/out6" | grep -q '^    b broke$' ||
    { cat "$T/out6"; fail "b's output not under its name"; }
for t in a b c d; do
	grep -q "^time: e2e:$t [0-9]*\.[0-9]s$" "$T/out6" ||
	    { cat "$T/out6"; fail "no time for $t"; }
done
echo ok
