#!/bin/sh
# make install: configuration and rules, never overwriting what an
# administrator changed.  $1 DESTDIR, $2 SYSCONFDIR, $3 LOCALSTATEDIR.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
dest=$1 etc=$2 var=$3
install -d "$dest$etc/detectd/rules.d/lists" "$dest$var/lib/detectd" \
    "$dest$var/log/detectd"
put() {
	if [ -e "$2" ]; then
		install -m 644 "$1" "$2.dist"
	else
		install -m 644 "$1" "$2"
	fi
}
conf=$(mktemp -t detectd.conf.XXXXXX)
trap 'rm -f "$conf"' EXIT
sed -e "s|\"/var/|\"$var/|g" "$top/etc/detectd.conf" > "$conf"
put "$conf" "$dest$etc/detectd/detectd.conf"
for f in "$top"/rules/*.rules "$top"/rules/*.conf; do
	put "$f" "$dest$etc/detectd/rules.d/$(basename "$f")"
done
for f in "$top"/rules/lists/*; do
	put "$f" "$dest$etc/detectd/rules.d/lists/$(basename "$f")"
done
