#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `meson install` into a staging directory puts everything where the
# freedesktop specifications expect it, and nothing that is not for users.
set -euo pipefail
build="$1"
prefix="$2"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

meson install -C "$build" --destdir "$stage" --no-rebuild --quiet >/dev/null
root="$stage$prefix"
id=io.github.influx_tokens.InfluxTokens

expected=(
  "bin/influx-tokens"
  "share/applications/$id.desktop"
  "share/metainfo/$id.metainfo.xml"
  "share/icons/hicolor/scalable/apps/$id.svg"
  "share/icons/hicolor/symbolic/apps/$id-symbolic.svg"
  "share/glib-2.0/schemas/$id.gschema.xml"
  "share/dbus-1/services/$id.service"
  "share/locale/de/LC_MESSAGES/influx-tokens.mo"
)

echo "1..$(( ${#expected[@]} + 3 ))"
n=0
status=0
for f in "${expected[@]}"; do
  n=$((n + 1))
  if [ -f "$root/$f" ]; then echo "ok $n $f"; else echo "not ok $n $f is missing"; status=1; fi
done

n=$((n + 1))
if [ -x "$root/bin/influx-tokens" ]; then echo "ok $n the binary is executable"; else echo "not ok $n the binary is not executable"; status=1; fi

n=$((n + 1))
if grep -q "^Exec=$prefix/bin/influx-tokens --gapplication-service$" "$root/share/dbus-1/services/$id.service" &&
   grep -q '^DBusActivatable=true$' "$root/share/applications/$id.desktop"; then
  echo "ok $n D-Bus activation points at the installed binary"
else
  echo "not ok $n D-Bus activation is not wired"; status=1
fi

n=$((n + 1))
extra="$(cd "$root" && find . -type f | sed 's|^\./||' | grep -v -F -x -f <(printf '%s\n' "${expected[@]}") || true)"
extra="$(echo "$extra" | grep -v '^share/locale/.*/LC_MESSAGES/influx-tokens.mo$' || true)"
if [ -z "$extra" ]; then echo "ok $n nothing else is installed"; else echo "not ok $n unexpected: $extra"; status=1; fi
exit $status
