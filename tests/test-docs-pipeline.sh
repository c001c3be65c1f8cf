#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The InfluxDB documentation's own pipeline ("Delete a token using the
# InfluxDB API": list a user's tokens with curl, pick the first id with jq,
# delete it with xargs curl), run exactly as written against the built-in
# fake server; only the host and the user name are this server's. The token
# on these command lines is the fake server's own throwaway operator token.
set -euo pipefail

server_bin="$1"
out="$(mktemp)"
trap 'kill "$pid" 2>/dev/null || true; rm -f "$out"' EXIT

echo "1..3"

"$server_bin" > "$out" &
pid=$!
for _ in $(seq 1 100); do
  [ "$(wc -l < "$out")" -ge 2 ] && break
  sleep 0.05
done
url="$(sed -n 1p "$out")"
INFLUX_OP_TOKEN="$(sed -n 's/^operator token: //p' "$out")"
[ -n "$url" ] && [ -n "$INFLUX_OP_TOKEN" ] && echo "ok 1 demo server printed its URL and operator token" \
  || { echo "not ok 1 demo server did not start"; exit 1; }

list_ids() {
  curl -s "$url/api/v2/authorizations?user=ada" \
    --header "Authorization: Token ${INFLUX_OP_TOKEN}" | jq -r '.authorizations[].id'
}
before="$(list_ids)"
first="$(printf '%s\n' "$before" | head -n1)"

# Delete the first authorization listed for the user.
curl --request GET \
  "$url/api/v2/authorizations?user=ada" \
  --header "Authorization: Token ${INFLUX_OP_TOKEN}" \
  --header 'Content-type: application/json' \
| jq .authorizations[0].id \
| xargs -I authid curl --request DELETE \
  $url/api/v2/authorizations/authid \
  --header "Authorization: Token ${INFLUX_OP_TOKEN}" \
  --header 'Content-type: application/json'

after="$(list_ids)"
if ! printf '%s\n' "$after" | grep -qx "$first"; then
  echo "ok 2 the first token of user ada ($first) is gone"
else
  echo "not ok 2 token $first is still listed"; exit 1
fi

expected="$(printf '%s\n' "$before" | tail -n +2)"
if [ "$after" = "$expected" ]; then
  echo "ok 3 every other token of user ada remains"
else
  echo "not ok 3 other tokens changed: before=[$before] after=[$after]"; exit 1
fi
