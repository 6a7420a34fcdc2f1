# make install into a temporary DESTDIR puts everything in place, the
# sysusers.d file included, and the installed binary accepts the
# installed configuration.  An upgrade (a newer tree's install) replaces
# the shipped files the administrator left alone, keeps and names the
# one changed, removes the one no longer shipped, never touches local.d,
# and writes no .dist file.  make uninstall removes all the rest.
. "$TOP/tests/e2e-lib.sh"
R="$T/root"
mk() {
	make -s -C "$TOP" B="$B" DESTDIR="$R" PREFIX=/usr "$@" > "$T/out" 2>&1 ||
	    { cat "$T/out"; fail "make $*"; }
}
mk install
E="$R/etc/detectd"
for f in usr/sbin/detectd etc/detectd/detectd.conf \
    etc/detectd/rules.d/proxy-blacklist.rules \
    etc/detectd/rules.d/lists/c2-domains.txt \
    usr/share/man/man8/detectd.8 usr/share/man/man5/detectd.conf.5 \
    usr/share/man/man5/detectd.rules.5 usr/share/man/man5/detectd.alerts.5 \
    usr/share/man/man7/detectd.sigma.7 usr/share/man/man1/detectd-report.1 \
    etc/detectd/rules.d/sigma-logsources.conf \
    usr/share/detectd/alert.schema.json lib/systemd/system/detectd.service \
    usr/lib/sysusers.d/detectd.conf usr/share/detectd/shipped/detectd.conf \
    etc/logrotate.d/detectd; do
	[ -f "$R/$f" ] || fail "not installed: $f"
done
for d in var/lib/detectd var/log/detectd etc/detectd/local.d; do
	[ -d "$R/$d" ] || fail "no directory $d"
done
grep -q '^u detectd ' "$R/usr/lib/sysusers.d/detectd.conf" ||
    fail "sysusers.d makes no user detectd"
grep -q '^m detectd adm' "$R/usr/lib/sysusers.d/detectd.conf" ||
    fail "detectd is not put in adm"
# What systemd-sysusers makes of it, in a root of its own, not here.
if command -v systemd-sysusers > /dev/null; then
	U="$T/sys"
	mkdir -p "$U/etc"
	printf 'root:x:0:\nadm:x:4:\n' > "$U/etc/group"
	printf 'root:x:0:0:root:/root:/bin/sh\n' > "$U/etc/passwd"
	systemd-sysusers --root="$U" "$R/usr/lib/sysusers.d/detectd.conf" \
	    > /dev/null 2>&1 || fail "systemd-sysusers refused the file"
	grep -q '^detectd:x:[0-9]*:[0-9]*:.*:/var/lib/detectd:' "$U/etc/passwd" ||
	    fail "no user detectd made"
	grep -q '^adm:x:4:detectd$' "$U/etc/group" || fail "detectd not in adm"
else
	echo "no systemd-sysusers: the user it makes is not checked"
fi
# Without DESTDIR, make install runs systemd-sysusers on its file: a
# stand-in on PATH records the call, every directory under $T.
mkdir -p "$T/bin"
printf '#!/bin/sh\necho "$@" > "%s/sysusers-called"\n' "$T" > "$T/bin/systemd-sysusers"
chmod +x "$T/bin/systemd-sysusers"
P="$T/plain"
PATH="$T/bin:$PATH" make -s -C "$TOP" B="$B" PREFIX="$P/usr" \
    SYSCONFDIR="$P/etc" LOCALSTATEDIR="$P/var" UNITDIR="$P/unit" \
    SYSUSERSDIR="$P/sysusers.d" install > "$T/out" 2>&1 ||
    { cat "$T/out"; fail "make install without DESTDIR"; }
[ "$(cat "$T/sysusers-called" 2>/dev/null)" = "$P/sysusers.d/detectd.conf" ] ||
    fail "make install did not run systemd-sysusers on its file"
rm -rf "$P"
grep -q '^User=detectd' "$R/lib/systemd/system/detectd.service" ||
    fail "the unit runs as another user than sysusers.d makes"
"$R/usr/sbin/detectd" -n -f "$E/detectd.conf" > "$T/out" 2> "$T/err" ||
    { cat "$T/err"; fail "installed configuration rejected"; }
grep -q "configuration OK" "$T/out" || fail "no configuration OK"
shipped=$(sed -n 's/.*: \([0-9]*\) rules, .*/\1/p' "$T/err")
grep -q "ExecStart=/usr/sbin/detectd" "$R/lib/systemd/system/detectd.service" ||
    fail "unit names the wrong binary"

# The administrator: a local rule, a changed profile, a changed conf.
cat > "$T/mine.rules" <<'RULE'
rule 9000001 {
	name "Local: the intranet wiki from outside the office"
	viewpoint not-normal-business
	stage intrusion
	condition destination.domain == "wiki.corp.example"
}
RULE
cp "$T/mine.rules" "$E/local.d/mine.rules"
echo "# changed by the administrator" >> "$E/detectd.conf"
echo "# ours" >> "$E/rules.d/normal-business.rules"
"$R/usr/sbin/detectd" -n -f "$E/detectd.conf" 2> "$T/err" > /dev/null ||
    { cat "$T/err"; fail "local rule rejected"; }
grep -q ": $((shipped + 1)) rules," "$T/err" || fail "local.d not read"

# A newer tree: two rule files changed, one list new.
S="$T/src"
mkdir -p "$S/scripts"
cp -R "$TOP/etc" "$TOP/rules" "$S/"
rm "$S/etc/rules.d"
cp "$TOP/scripts/install-conf.sh" "$S/scripts/"
echo "# a newer stats.rules" >> "$S/rules/stats.rules"
echo "# a newer normal-business.rules" >> "$S/rules/normal-business.rules"
echo "# a newer detectd.conf" >> "$S/etc/detectd.conf"
echo "new" > "$S/rules/lists/new.txt"
sh "$S/scripts/install-conf.sh" install "$R" /etc /var /usr/share/detectd \
    > "$T/up" 2>&1 || { cat "$T/up"; fail "upgrade"; }
cat "$T/up"
grep -q "a newer stats.rules" "$E/rules.d/stats.rules" ||
    fail "untouched shipped rule not updated"
grep -q "updated $E/rules.d/stats.rules" "$T/up" || fail "update not said"
grep -q "# ours" "$E/rules.d/normal-business.rules" ||
    fail "the administrator's change was overwritten"
grep -q "kept $E/rules.d/normal-business.rules: changed here; the shipped version is $R/usr/share/detectd/shipped/rules.d/normal-business.rules" "$T/up" ||
    fail "keeping a changed file not said"
grep -q "a newer normal-business.rules" \
    "$R/usr/share/detectd/shipped/rules.d/normal-business.rules" ||
    fail "the new version is not beside"
grep -q "changed by the administrator" "$E/detectd.conf" ||
    fail "install overwrote the configuration"
[ -f "$E/rules.d/lists/new.txt" ] || fail "new list not installed"
cmp -s "$E/local.d/mine.rules" "$T/mine.rules" || fail "local.d touched"
[ -z "$(find "$R" -name '*.dist')" ] || fail ".dist files written"
"$R/usr/sbin/detectd" -n -f "$E/detectd.conf" > /dev/null 2> "$T/err" ||
    { cat "$T/err"; fail "upgraded configuration rejected"; }
# The next tree ships the list no more: it goes, and nothing else moves.
rm "$S/rules/lists/new.txt"
sh "$S/scripts/install-conf.sh" install "$R" /etc /var /usr/share/detectd \
    > "$T/up2" 2>&1 || fail "second upgrade"
[ ! -e "$E/rules.d/lists/new.txt" ] || fail "a list no longer shipped left"
grep -q "removed $E/rules.d/lists/new.txt: no longer shipped" "$T/up2" ||
    fail "removal not said"
grep -q "updated" "$T/up2" && fail "a second install updated files again"

# Uninstall: what is left is the administrator's, and the data.
mk uninstall
(cd "$R" && find . -type f | LC_ALL=C sort) > "$T/left"
cat > "$T/want" <<'LEFT'
./etc/detectd/detectd.conf
./etc/detectd/local.d/mine.rules
./etc/detectd/rules.d/normal-business.rules
LEFT
expect_same "$T/want" "$T/left"
grep -q "kept $E/detectd.conf: changed here" "$T/out" ||
    fail "uninstall did not name what it kept"
echo ok
