#!/bin/sh
# skipped.sh ID REASON: a test of the Makefile that cannot run here (no
# clang for check-fuzz-ubsan): say so, and fail under CI=true unless ID
# is declared in SKIP_OK (see tests/run-lib.sh).
. tests/run-lib.sh
skipped "$1" "$2"
summary "$1"
