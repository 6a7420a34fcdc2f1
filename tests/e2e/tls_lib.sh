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
