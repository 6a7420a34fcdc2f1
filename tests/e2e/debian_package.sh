# The Debian package: dpkg-buildpackage -us -uc -b on a copy of the tree
# makes a .deb whose /etc/detectd files are conffiles, whose postinst
# makes the user through systemd-sysusers and enables the unit without
# starting it, which lintian passes (or each note is explained in
# debian/detectd.lintian-overrides), and whose files, unpacked into a
# root of their own, check with -n.  Skipped, and said so, without
# dpkg-dev and debhelper (apt-get install dpkg-dev debhelper lintian),
# and in make check-sanitize's pass.
. "$TOP/tests/e2e-lib.sh"
# dpkg-buildpackage compiles with the package's own flags, never the
# sanitizers': in the sanitizer pass this test would repeat the first.
if [ -n "${E2E_SAN:-}" ]; then
	echo "skipped: the package is built with its own flags, not" \
	    "the sanitizers; make check builds it"
	exit 77
fi
for c in dpkg-buildpackage dh dh_installsysusers; do
	command -v $c > /dev/null || { echo "no $c: Debian package not built"; exit 77; }
done
S="$T/detectd"
mkdir -p "$S"
tar -C "$TOP" --exclude=./build --exclude=./.git -cf - . | tar -C "$S" -xf - ||
    fail "copy of the tree"
(cd "$S" && DEB_BUILD_OPTIONS="nocheck parallel=2" \
    dpkg-buildpackage -us -uc -b) > "$T/build.log" 2>&1 ||
    { tail -n 30 "$T/build.log"; fail "dpkg-buildpackage"; }
deb=$(ls "$T"/detectd_*_*.deb) || fail "no .deb"
dpkg-deb -e "$deb" "$T/ctl" && dpkg-deb -x "$deb" "$T/root" ||
    fail "cannot unpack $deb"

for f in /etc/detectd/detectd.conf /etc/detectd/rules.d/stats.rules \
    /etc/detectd/rules.d/lists/c2-domains.txt /etc/logrotate.d/detectd; do
	grep -qx "$f" "$T/ctl/conffiles" || fail "$f is not a conffile"
done
[ -d "$T/root/etc/detectd/local.d" ] || fail "no local.d"
[ -z "$(ls -A "$T/root/etc/detectd/local.d")" ] || fail "local.d not empty"
[ -f "$T/root/usr/lib/sysusers.d/detectd.conf" ] || fail "no sysusers.d file"
# postinst: the user first, then the unit enabled; never started.
u=$(grep -n 'systemd-sysusers .*detectd.conf' "$T/ctl/postinst" | cut -d: -f1)
e=$(grep -n "deb-systemd-helper enable 'detectd.service'" "$T/ctl/postinst" |
    cut -d: -f1)
[ -n "$u" ] || fail "postinst makes no user"
[ -n "$e" ] || fail "postinst does not enable the unit"
[ "$u" -lt "$e" ] || fail "the unit is enabled before its user exists"
grep -q 'deb-systemd-invoke' "$T/ctl/postinst" &&
    fail "postinst starts the service"
R="$T/root"
"$R/usr/sbin/detectd" -n -f "$R/etc/detectd/detectd.conf" > "$T/out" \
    2> "$T/err" || { cat "$T/err"; fail "packaged configuration rejected"; }
grep -q "configuration OK" "$T/out" || fail "no configuration OK"
n=$(sed -n 's/.*: \([0-9]*\) rules, .*/\1/p' "$T/err")
[ "${n:-0}" -gt 40 ] || fail "the package loads ${n:-no} rules"
grep -q "ExecStart=/usr/sbin/detectd -d -f /etc/detectd/detectd.conf" \
    "$R/lib/systemd/system/detectd.service" || fail "unit paths"
if command -v lintian > /dev/null; then
	lintian --pedantic "$T"/detectd_*_*.changes > "$T/lintian" 2>&1
	cat "$T/lintian"
	grep -q '^[EW]: ' "$T/lintian" && fail "lintian errors or warnings"
else
	echo "no lintian: the package is not linted"
fi
echo ok
