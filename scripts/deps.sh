#!/bin/sh
# Install the Debian packages detectd needs to build and test, when any is
# missing.  As root: apt-get update, then install.  Otherwise print the
# exact command and fail.  Skips both when everything is there.
#
# With the argument "test" (make check), EXTRA too: what some tests need
# beyond the build (clang for the UBSan corpus replay, chromium for the
# report, the Debian packaging tools for the .deb).  Root installs them;
# another user is told, and those tests skip and say so (under CI=true
# a skip fails, unless declared in SKIP_OK).
PKGS="make gcc pkg-config libevent-dev libpcre2-dev libjansson-dev zlib1g-dev libmaxminddb-dev libyaml-dev libcurl4-openssl-dev libssl-dev librdkafka-dev openssl check jq"
EXTRA="clang chromium dpkg-dev debhelper lintian fakeroot"
absent() {	# absent PKG...: those not installed
	for _p in "$@"; do
		dpkg-query -W -f='${Status}' "$_p" 2>/dev/null |
		    grep -q 'install ok installed' || printf ' %s' "$_p"
	done
}
missing=$(absent $PKGS)
extra=""
[ "${1:-}" = test ] && extra=$(absent $EXTRA)
if [ "$(id -u)" -ne 0 ] && [ -z "$missing" ] && [ -n "$extra" ]; then
	echo "deps: for every test, as root: apt-get install -y$extra" >&2
	exit 0
fi
missing="$missing$extra"
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
