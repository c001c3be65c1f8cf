#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every file with translatable strings is in po/POTFILES.in, and every file
# listed there exists: a string missing from the .pot is never translated.
set -euo pipefail
top="$1"
cd "$top"

listed="$(grep -v '^#' po/POTFILES.in | sed '/^$/d' | sort)"
found="$( (grep -rlE '(^|[^A-Za-z_])(_|N_|C_|NC_|ngettext|g_dngettext) ?\(' src --include='*.c';
           grep -rl 'translatable="yes"' src data --include='*.ui' --include='*.xml' --include='*.in';
           ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml) | sort -u)"

echo "1..2"
missing="$(comm -13 <(echo "$listed") <(echo "$found"))"
if [ -z "$missing" ]; then
  echo "ok 1 every file with translatable strings is in po/POTFILES.in"
else
  echo "not ok 1 missing from po/POTFILES.in:"; echo "$missing" | sed 's/^/# /'
fi
gone=""
for f in $listed; do [ -f "$f" ] || gone="$gone $f"; done
if [ -z "$gone" ]; then
  echo "ok 2 every file in po/POTFILES.in exists"
else
  echo "not ok 2 listed but missing:$gone"
fi
[ -z "$missing$gone" ]
