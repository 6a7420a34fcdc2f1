# make install into a temporary DESTDIR puts everything in place, and the
# installed binary accepts the installed configuration; a second install
# keeps the administrator's files and writes .dist copies beside them.
. "$TOP/tests/e2e-lib.sh"
R="$T/root"
make -s -C "$TOP" B="$B" DESTDIR="$R" PREFIX=/usr install > "$T/out" 2>&1 ||
    { cat "$T/out"; fail "make install"; }
for f in usr/sbin/detectd etc/detectd/detectd.conf \
    etc/detectd/rules.d/proxy-blacklist.rules \
    etc/detectd/rules.d/lists/c2-domains.txt \
    usr/share/man/man8/detectd.8 usr/share/man/man5/detectd.conf.5 \
    usr/share/man/man5/detectd.rules.5 usr/share/man/man5/detectd.alerts.5 \
    usr/share/man/man7/detectd.sigma.7 \
    etc/detectd/rules.d/sigma-logsources.conf \
    usr/share/detectd/alert.schema.json lib/systemd/system/detectd.service \
    etc/logrotate.d/detectd; do
	[ -f "$R/$f" ] || fail "not installed: $f"
done
[ -d "$R/var/lib/detectd" ] || fail "no state directory"
"$R/usr/sbin/detectd" -n -f "$R/etc/detectd/detectd.conf" | grep -q "configuration OK" ||
    fail "installed configuration rejected"
grep -q "ExecStart=/usr/sbin/detectd" "$R/lib/systemd/system/detectd.service" ||
    fail "unit names the wrong binary"
echo "# changed by the administrator" >> "$R/etc/detectd/detectd.conf"
make -s -C "$TOP" B="$B" DESTDIR="$R" PREFIX=/usr install > "$T/out" 2>&1 ||
    fail "second make install"
grep -q "changed by the administrator" "$R/etc/detectd/detectd.conf" ||
    fail "install overwrote the configuration"
[ -f "$R/etc/detectd/detectd.conf.dist" ] || fail "no .dist copy"
echo ok
