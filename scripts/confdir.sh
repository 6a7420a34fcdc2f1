#!/bin/sh
# A writable copy of the repository's etc/ in $1, for the demo, the
# tests and the benchmark, which change its paths or add rule files:
# detectd.conf, rules.d (in the checkout a link to rules/, here a copy)
# and an empty local.d.  etc/detectd.conf itself works as it is.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$1
mkdir -p "$dir"
cp "$top/etc/detectd.conf" "$dir/detectd.conf"
rm -rf "$dir/rules.d"
cp -RL "$top/etc/rules.d" "$dir/rules.d"
mkdir -p "$dir/local.d"
