#!/bin/sh
# Lay out a configuration directory the way make install does, in $1:
# detectd.conf from etc/, the rule files of rules/ under rules.d/.
# Used by the demo, the tests and the benchmark.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$1
mkdir -p "$dir"
cp "$top/etc/detectd.conf" "$dir/detectd.conf"
rm -rf "$dir/rules.d"
cp -R "$top/rules" "$dir/rules.d"
