#!/bin/sh
# make install and make uninstall of the configuration in
# SYSCONFDIR/detectd, handled the way dpkg handles conffiles.  Every
# shipped file (detectd.conf, rules.d/) is also kept as shipped in
# DATADIR/shipped, the record of what the last install wrote.  On
# install, for each file:
#   not there                            installed
#   as the last install wrote it         replaced by the new version
#   changed here since                   kept, and said so; the new
#                                        version is in DATADIR/shipped
# A file no longer shipped goes if untouched.  local.d/ is made when
# missing and never written to: local rules live there.  Uninstall
# removes the files still as shipped and names those it keeps.
#
# usage: install-conf.sh install|uninstall DESTDIR SYSCONFDIR
#            LOCALSTATEDIR DATADIR
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
mode=$1 dest=$2 etc=$3 var=$4 data=$5
conf=$dest$etc/detectd
ship=$dest$data/shipped

say() {
	echo "detectd $mode: $*"
}

# The regular files under $1, relative to it, sorted.
files() {
	(cd "$1" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
}

# The shipped tree in $1: what install writes under SYSCONFDIR/detectd.
stage() {
	mkdir -p "$1/rules.d/lists"
	sed -e "s|\"/var/|\"$var/|g" "$top/etc/detectd.conf" > "$1/detectd.conf"
	cp "$top"/rules/*.rules "$top"/rules/*.conf "$1/rules.d/"
	cp "$top"/rules/lists/* "$1/rules.d/lists/"
}

# put FILE: install the staged FILE, or keep the administrator's.
put() {
	_new=$new/$1 _old=$ship/$1 _cur=$conf/$1
	if [ ! -e "$_cur" ]; then
		install -D -m 644 "$_new" "$_cur"
	elif cmp -s "$_new" "$_cur"; then
		:
	elif [ -f "$_old" ] && cmp -s "$_old" "$_cur"; then
		install -m 644 "$_new" "$_cur"
		say "updated $_cur"
	else
		say "kept $_cur: changed here; the shipped version is $_old"
	fi
}

# drop FILE: remove it from the configuration if it is as shipped.
drop() {
	_cur=$conf/$1
	[ -f "$_cur" ] || return 0
	if cmp -s "$ship/$1" "$_cur"; then
		rm -f "$_cur"
		[ "$mode" = uninstall ] || say "removed $_cur: no longer shipped"
	else
		say "kept $_cur: changed here"
	fi
}

do_install() {
	new=$(mktemp -d -t detectd-conf.XXXXXX)
	trap 'rm -rf "$new"' EXIT
	stage "$new"
	install -d "$conf/rules.d/lists" "$conf/local.d" \
	    "$dest$var/lib/detectd" "$dest$var/log/detectd"
	for f in $(files "$new"); do
		put "$f"
	done
	if [ -d "$ship" ]; then
		for f in $(files "$ship"); do
			[ -e "$new/$f" ] || drop "$f"
		done
	fi
	rm -rf "$ship"
	install -d "$ship"
	cp -R "$new/." "$ship/"
}

do_uninstall() {
	if [ -d "$ship" ]; then
		for f in $(files "$ship"); do
			drop "$f"
		done
		rm -rf "$ship"
	fi
	for d in "$conf/rules.d/lists" "$conf/rules.d" "$conf/local.d" \
	    "$conf"; do
		[ -d "$d" ] || continue
		rmdir "$d" 2> /dev/null || say "kept $d: not empty"
	done
	for d in "$dest$var/lib/detectd" "$dest$var/log/detectd"; do
		[ -d "$d" ] && say "kept $d: state and alerts are data"
	done
	return 0
}

case $mode in
install)	do_install ;;
uninstall)	do_uninstall ;;
*)		echo "usage: $0 install|uninstall DESTDIR SYSCONFDIR" \
		    "LOCALSTATEDIR DATADIR" >&2; exit 1 ;;
esac
