#!/bin/sh
# Install the Debian packages detectd needs to build and test, when any is
# missing.  As root: apt-get update, then install.  Otherwise print the
# exact command and fail.  Skips both when everything is there.
PKGS="make gcc pkg-config libevent-dev libpcre2-dev libjansson-dev zlib1g-dev libmaxminddb-dev libyaml-dev libcurl4-openssl-dev libssl-dev openssl check jq"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
	    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
	echo "deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing ||
	    { echo "deps: apt-get failed" >&2; exit 1; }
else
	echo "deps: missing packages:$missing" >&2
	echo "deps: run as root: apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
