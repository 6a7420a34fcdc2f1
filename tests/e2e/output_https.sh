# The webhook over HTTPS, against httpsink speaking TLS with certificates
# the test makes: delivered with the right CA; refused with another CA,
# a host-name mismatch, a receiver that offers only TLS 1.0/1.1, a
# missing client certificate, or a certificate that expired while
# detectd ran; an outage (the receiver down across detectd runs) loses
# nothing; through a CONNECT proxy; a 10 MB answer is not taken; the
# token is never shown.
. "$TOP/tests/e2e-lib.sh"
confdir
C="$T/etc/detectd.conf"
S="$B/tests/tools/httpsink"
cp "$C" "$T/base.conf"
printf 'tok-https-77\n' > "$T/token"
chmod 600 "$T/token"
mode() { echo "$1" > "$T/ctl"; }
squid() { squid_lines "$2" "$3" > "$1"; }
mode ok

# Certificates for the HTTPS tests, made with the openssl CLI under $T/pki.
#   tls_ca NAME			a CA: NAME.pem, NAME.key
#   tls_cert NAME CA SAN [END]	a certificate NAME.pem/NAME.key signed by
#				CA for subjectAltName SAN, valid until END
#				(YYYYMMDDHHMMSSZ; default 30 days on)
P="$T/pki"
mkdir -p "$P"
tls_ca() {
	openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$1" \
	    -keyout "$P/$1.key" -out "$P/$1.pem" 2> "$P/$1.err" ||
	    fail "openssl: CA $1: $(cat "$P/$1.err")"
}
tls_cert() {
	openssl req -newkey rsa:2048 -nodes -subj "/CN=$1" \
	    -addext "subjectAltName=$3" -keyout "$P/$1.key" \
	    -out "$P/$1.csr" 2> "$P/$1.err" || fail "openssl: csr $1"
	mkdir -p "$P/$2.db/new"
	: > "$P/$2.db/index.txt"
	[ -f "$P/$2.db/serial" ] || echo 1000 > "$P/$2.db/serial"
	cat > "$P/$2.cnf" <<CNF
[ca]
default_ca = ca_$2
[ca_$2]
database = $P/$2.db/index.txt
new_certs_dir = $P/$2.db/new
serial = $P/$2.db/serial
default_md = sha256
default_days = 30
policy = any
copy_extensions = copy
unique_subject = no
[any]
commonName = supplied
CNF
	openssl ca -batch -notext -config "$P/$2.cnf" -cert "$P/$2.pem" \
	    -keyfile "$P/$2.key" -in "$P/$1.csr" -out "$P/$1.pem" \
	    ${4:+-enddate "$4"} 2> "$P/$1.err" ||
	    fail "openssl: cert $1: $(cat "$P/$1.err")"
}

tls_ca ca
tls_ca other
tls_cert server ca "IP:127.0.0.1,DNS:localhost"
tls_cert wrongname ca "DNS:other.example"
tls_cert client ca "DNS:detectd-client"

sink=
pid=
trap 'kill $sink $pid 2>/dev/null' EXIT
# sink CERT [ARGS...]: httpsink over TLS with CERT, on port $port if set.
sink() {
	_c=$1; shift
	[ -z "$sink" ] || { kill $sink; wait $sink 2>/dev/null; }
	rm -f "$T/port.new"
	"$S" -P "$T/port.new" -o "$T/recv.json" -c "$T/ctl" -l "$T/req.log" \
	    -a "Bearer tok-https-77" -C "$P/$_c.pem" -K "$P/$_c.key" \
	    ${port:+-p $port} "$@" 2>> "$T/sink.err" &
	sink=$!
	wait_for 5 test -s "$T/port.new" || fail "httpsink did not start"
	port=$(cat "$T/port.new")
}
# conf EXTRA-LINES: the webhook block at https://127.0.0.1:$port.
conf() {
	cp "$T/base.conf" "$C"
	cat >> "$C" <<CONF
output hook {
	type webhook
	url "https://127.0.0.1:$port/api/alert"
	token-file "$T/token"
	timeout 2s
	retry-min 50ms
	retry-max 200ms
	drain-timeout 1500ms
$1
}
CONF
	"$D" -n -f "$C" > "$T/n.out" 2>&1 || fail "config: $(cat "$T/n.out")"
}
# An empty file gives no events and exits 2; the spool drains all the same.
run() {
	: > "$T/stderr"
	"$D" -f "$C" -r "squid:$1" 2> "$T/stderr"
	_rc=$?
	[ $_rc -eq 0 ] || { [ $_rc -eq 2 ] && [ ! -s "$1" ]; } ||
	    fail "replay $1 exited $_rc"
}
nrecv() { [ -f "$T/recv.json" ] && wc -l < "$T/recv.json" || echo 0; }
# refused WHAT PATTERN: the run's alerts were not delivered, and why.
refused() {
	[ "$(nrecv)" -eq "$n0" ] || fail "$1: delivered"
	grep -q "wait in the spool for the next start" "$T/stderr" ||
	    fail "$1: not kept in the spool: $(cat "$T/stderr")"
	grep -qi "$2" "$T/stderr" ||
	    fail "$1: no message saying '$2': $(grep 'output hook' "$T/stderr")"
}

# The right CA: delivered, with the token.
sink server
conf "	ca-file \"$P/ca.pem\""
squid "$T/a.log" 1 5
run "$T/a.log"
expect_same "$T/alerts.json" "$T/recv.json"
grep -q '^200 1$' "$T/req.log" || fail "no 200: $(cat "$T/req.log")"
grep -q "tok-https" "$T/stderr" "$T/n.out" && fail "the token was shown"
n0=$(nrecv)

# Another CA: refused, the alerts stay in the spool.
conf "	ca-file \"$P/other.pem\""
squid "$T/b.log" 6 7
run "$T/b.log"
refused "wrong CA" "certificate"
# No ca-file: the system store does not know our CA either.
conf ""
run "$T/b.log"
refused "system store" "certificate"
# The right CA, the wrong name.
sink wrongname
conf "	ca-file \"$P/ca.pem\""
run "$T/b.log"
refused "host name" "subject name\|host name\|does not match"
# A receiver that offers TLS 1.1 at most, with the system's OpenSSL
# policy relaxed to allow it: detectd's own floor refuses it.
cat > "$T/lax.cnf" <<CNF
openssl_conf = lax
[lax]
ssl_conf = lax_ssl
[lax_ssl]
system_default = lax_default
[lax_default]
MinProtocol = TLSv1
CipherString = DEFAULT:@SECLEVEL=0
CNF
sink server -1
OPENSSL_CONF="$T/lax.cnf" run "$T/b.log"
refused "TLS 1.1" "ssl\|tls\|version\|protocol"

# A client certificate required: refused without, delivered with.
sink server -A "$P/ca.pem"
run "$T/b.log"
refused "no client certificate" "ssl\|tls\|alert\|certificate"
conf "	ca-file \"$P/ca.pem\"
	cert-file \"$P/client.pem\"
	key-file \"$P/client.key\""
: > "$T/empty.log"
run "$T/empty.log"
expect_same "$T/alerts.json" "$T/recv.json"
n0=$(nrecv)

# An outage: down for a run, then back; nothing lost, in order.
kill $sink; wait $sink 2>/dev/null; sink=
squid "$T/c.log" 8 12
run "$T/c.log"
[ "$(nrecv)" -eq "$n0" ] || fail "delivered while down"
sink server -A "$P/ca.pem"
run "$T/empty.log"
expect_same "$T/alerts.json" "$T/recv.json"
n0=$(nrecv)

# Through an HTTP proxy's CONNECT tunnel; http_proxy in the environment
# is not used (it points nowhere).
"$B/tests/tools/connproxy" -P "$T/pport" -l "$T/proxy.log" &
proxy=$!
trap 'kill $sink $pid $proxy 2>/dev/null' EXIT
wait_for 5 test -s "$T/pport" || fail "connproxy did not start"
conf "	ca-file \"$P/ca.pem\"
	cert-file \"$P/client.pem\"
	key-file \"$P/client.key\"
	proxy \"http://127.0.0.1:$(cat "$T/pport")\""
squid "$T/p.log" 20 22
https_proxy=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9 run "$T/p.log"
expect_same "$T/alerts.json" "$T/recv.json"
grep -q "^CONNECT 127.0.0.1:$port HTTP/1.1" "$T/proxy.log" ||
    fail "not through the proxy: $(cat "$T/proxy.log")"
n0=$(nrecv)

# A 10 MB answer: not taken as delivered, logged once, sent again later.
mode big
squid "$T/d.log" 13 13
run "$T/d.log"
[ "$(grep -c 'output hook: 127.0.0.1:[0-9]*: .*max-response-' "$T/stderr")" -eq 1 ] ||
    fail "big answer: $(grep 'output hook' "$T/stderr")"
grep -q "wait in the spool for the next start" "$T/stderr" ||
    fail "big answer taken"
mode ok
run "$T/empty.log"
tail -n 1 "$T/alerts.json" > "$T/last.want"
tail -n 1 "$T/recv.json" > "$T/last.got"
expect_same "$T/last.want" "$T/last.got"

# A certificate that expires while detectd runs: the daemon delivers,
# the certificate runs out, the next alert waits (refused, said why),
# and goes once the receiver has a valid certificate again.
end=$(date -u -d '+6 seconds' +%Y%m%d%H%M%SZ)
tls_cert shortlived ca "IP:127.0.0.1" "$end"
sink shortlived
cp "$T/base.conf" "$C"
printf 'poll-interval 50ms\nstats-interval off\n' >> "$C"
cat >> "$C" <<CONF
output hook {
	type webhook
	url "https://127.0.0.1:$port/api/alert"
	token-file "$T/token"
	ca-file "$P/ca.pem"
	retry-min 100ms
	retry-max 300ms
}
CONF
: > "$T/access.log"
: > "$T/recv.json"
"$D" -d -f "$C" 2> "$T/daemon.log" &
pid=$!
wait_for 10 grep -qs "started, following 1 inputs" "$T/daemon.log" ||
    fail "daemon did not start: $(cat "$T/daemon.log")"
squid_line 1773137001 10.40.0.1 http://qakbot-c2.example/t1 >> "$T/access.log"
wait_for 5 grep -q '"rule":{"id":"1000001"' "$T/recv.json" ||
    fail "not delivered before expiry: $(cat "$T/daemon.log")"
while [ "$(date -u +%Y%m%d%H%M%SZ)" \< "$end" ]; do sleep 0.2; done
sleep 1
squid_line 1773137002 10.40.0.2 http://qakbot-c2.example/t2 >> "$T/access.log"
wait_for 10 grep -q "certificate has expired" "$T/daemon.log" ||
    fail "expired certificate not refused: $(grep 'output hook' "$T/daemon.log")"
[ "$(grep -c '"rule":{"id":"1000001"' "$T/recv.json")" -eq 1 ] ||
    fail "delivered over an expired certificate"
sink server
wait_for 10 grep -q '/t2' "$T/recv.json" ||
    fail "not delivered after renewal: $(grep 'output hook' "$T/daemon.log")"
kill -TERM $pid
wait $pid || fail "exit status $?"
pid=
validate "$T/recv.json"
echo ok
