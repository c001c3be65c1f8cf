#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# missing-tool.sh WHAT [ARGS…]
#
# Stands in for a test whose tool meson did not find at setup (only the
# tests need these tools, so a packager's machine may well lack them): the
# test is skipped with exit status 77, meson's skip, saying that WHAT is
# missing. ARGS, the test's own, are ignored. Where every test must run
# (INFLUX_TOKENS_REQUIRE_ALL, which build-aux/dev sets), it fails instead.
set -eu

if [ -n "${INFLUX_TOKENS_REQUIRE_ALL:-}" ]; then
  echo "$1 was not found at meson setup, and INFLUX_TOKENS_REQUIRE_ALL is set: every test must run" >&2
  exit 1
fi
echo "SKIP: $1 was not found at meson setup" >&2
exit 77
