# The installed unit passes `systemd-analyze verify`, and keeps the
# hardening detectd(8) documents.  systemd-analyze checks that the
# binaries the unit runs exist: install under $T with PREFIX, not
# DESTDIR, so that the paths in the unit are real.
. "$TOP/tests/e2e-lib.sh"
U="$T/unit/detectd.service"
make -s -C "$TOP" B="$B" PREFIX="$T/usr" SYSCONFDIR="$T/etc" \
    LOCALSTATEDIR="$T/var" UNITDIR="$T/unit" install > "$T/out" 2>&1 ||
    { cat "$T/out"; fail "make install"; }
for d in 'Type=notify' "ExecStartPre=$T/usr/sbin/detectd -n" \
    'ExecReload=/bin/kill -HUP $MAINPID' 'User=detectd' 'Group=adm' \
    'StateDirectory=detectd' 'LogsDirectory=detectd' \
    'ConfigurationDirectory=detectd' 'ProtectSystem=strict' \
    'ProtectHome=yes' 'PrivateTmp=yes' 'NoNewPrivileges=yes' \
    'CapabilityBoundingSet=' 'WatchdogSec=' \
    'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6' \
    'SystemCallFilter=@system-service'; do
	grep -q "^$d" "$U" || fail "unit lacks $d"
done
grep -q '^MemoryDenyWriteExecute' "$U" && fail "MemoryDenyWriteExecute breaks PCRE2 JIT"
grep -q '^CapabilityBoundingSet=$' "$U" || fail "capabilities not empty"
# The template of instances behind Kafka: the same hardening, its own
# configuration, state and log directory per instance.
I="$T/unit/detectd@.service"
grep -v -e '^ExecStart' -e '^StateDirectory=' -e '^LogsDirectory=' \
    -e '^Description' -e '^After' -e '^Wants' -e '^#' "$U" > "$T/plain"
grep -v -e '^ExecStart' -e '^StateDirectory=' -e '^LogsDirectory=' \
    -e '^Description' -e '^After' -e '^Wants' -e '^#' "$I" > "$T/tmpl" ||
    fail "no detectd@.service installed"
cmp -s "$T/plain" "$T/tmpl" || { diff "$T/plain" "$T/tmpl"; fail "the template's hardening differs"; }
for d in "ExecStart=$T/usr/sbin/detectd -d -f $T/etc/detectd/%i.conf" \
    'StateDirectory=detectd/%i' 'LogsDirectory=detectd/%i'; do
	grep -q "^$d\$" "$I" || fail "template lacks $d"
done
if ! command -v systemd-analyze > /dev/null 2>&1; then
	echo "skipped: the unit's lines checked, not systemd-analyze verify (no systemd-analyze, Debian package systemd)"
	exit 77
fi
systemd-analyze verify --man=no "$U" > "$T/verify" 2>&1 ||
    { cat "$T/verify"; fail "systemd-analyze verify"; }
# verify exits 0 on some warnings: none is wanted.
[ -s "$T/verify" ] && { cat "$T/verify"; fail "systemd-analyze warnings"; }
# A template is verified as one of its instances.
cp "$I" "$T/unit/detectd@a.service"
systemd-analyze verify --man=no "$T/unit/detectd@a.service" > "$T/verify" 2>&1 ||
    { cat "$T/verify"; fail "systemd-analyze verify detectd@a"; }
[ -s "$T/verify" ] && { cat "$T/verify"; fail "systemd-analyze warnings (detectd@a)"; }
echo ok
