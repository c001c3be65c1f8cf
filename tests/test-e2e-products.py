#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""
The real influx-tokens binary under Xvfb, against the real demo server
binary in each of the other token APIs' modes, clicked through over AT-SPI
as a person would.

InfluxDB 3 Core, opened as the influxdb3 CLI is (INFLUXDB3_HOST_URL and
INFLUXDB3_AUTH_TOKEN): the operator token _admin cannot be deleted (its
button is insensitive and says why); deleting a named token asks without
offering to deactivate instead, and the server's own API then lacks exactly
that name.

Cloud Dedicated's management API (INFLUX_HOST is its base URL): revoked
tokens are not listed until the filter asks for them; revoking a token asks
"Revoke Token?", and the server's own /tokens then lacks exactly that id.
"""
import json
import sys
import urllib.request

# First: it skips the test where what it needs is missing.
from tokens_atspi import (App, DemoServer, app_env, click, click_on, find, has_text,  # noqa: E402
                          named, tap, visible, wait_until)

import gi  # noqa: E402

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

APP, SERVER = sys.argv[1], sys.argv[2]
V3_TARGET = "ci-deploy"


def v3_names(url, token):
    body = json.dumps({"db": "_internal", "q": "SELECT * FROM system.tokens", "format": "json"})
    request = urllib.request.Request(url + "/api/v3/query_sql", data=body.encode(),
                                     headers={"Authorization": "Bearer " + token,
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return sorted(row["name"] for row in json.load(response))


def management_tokens(url, token):
    request = urllib.request.Request(url + "/tokens", headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=10) as response:
        return {t["id"]: t for t in json.load(response)}


def sensitive(node):
    return node.get_state_set().contains(Atspi.StateType.SENSITIVE)


def influxdb3_core():
    server = DemoServer(SERVER, ["--mode=core"], count=6)
    app = None
    try:
        operator = server.tokens["operator"]
        own = server.tokens["admin"]          # ops-alice, the first named admin token
        before = v3_names(server.url, operator)
        tap(V3_TARGET in before and "_admin" in before, f"the fake Core has _admin and {V3_TARGET}")

        app = App(APP, app_env(INFLUXDB3_HOST_URL=server.url, INFLUXDB3_AUTH_TOKEN=own))
        tap(app.root is not None, "the app appears on the accessibility bus")
        tap(has_text(app.root, "6 tokens · InfluxDB 3 Core 3.11.1"),
            "the window names the product and version: InfluxDB 3 Core 3.11.1")

        admin = find(app.root, lambda n: n.get_name() == "Delete token “_admin”" and visible(n))
        tap(admin is not None and not sensitive(admin),
            "_admin's delete button is there and insensitive")
        tap("never deletes its operator token" in (admin.get_description() or ""),
            "and it says why: " + (admin.get_description() or ""))

        button = find(app.root, lambda n: n.get_name() == f"Delete token “{V3_TARGET}”" and visible(n))
        tap(button is not None and sensitive(button), f"{V3_TARGET}'s delete button is there")
        button.get_action_iface().do_action(0)
        tap(has_text(app.root, "Delete Token?"), "the confirmation asks Delete Token?")
        tap(find(app.root, named(Atspi.Role.PUSH_BUTTON, "Deactivate", "Instead"), timeout=2) is None,
            "it offers no Deactivate Instead: InfluxDB 3 has no such thing")
        body = find(app.root, lambda n: "nothing can undo this" in (n.get_name() or "") and visible(n))
        tap(body is not None, "its body names the token and says nothing can undo it")
        tap(V3_TARGET in (body.get_name() or ""), "…naming " + V3_TARGET)
        delete = find(app.root, named(Atspi.Role.PUSH_BUTTON, "Delete", exact=True))
        tap(delete is not None and not delete.get_state_set().contains(Atspi.StateType.SENSITIVE),
            "an admin token: Delete is disabled until 'I understand' is ticked")
        click_on(app.root, "I understand the consequences can be ticked",
                 lambda n: n.get_role() == Atspi.Role.CHECK_BOX and
                 (n.get_name() or "").replace("_", "") == "I understand the consequences")
        click(app.root, "the confirmation's Delete deletes", "Delete", exact=True)

        expected = [n for n in before if n != V3_TARGET]
        tap(wait_until(lambda: v3_names(server.url, operator) == expected),
            f"the server's system.tokens lacks exactly {V3_TARGET}; {len(expected)} remain")
        tap(find(app.root, lambda n: n.get_name() == f"Delete token “{V3_TARGET}”" and visible(n),
                 timeout=3) is None, "and its row left the list")
        app.assert_no_leaks(server.all_tokens)
    finally:
        if app is not None:
            app.stop()
        server.stop()


def cloud_dedicated():
    server = DemoServer(SERVER, ["--mode=dedicated"], count=7)
    app = None
    try:
        management = server.tokens["operator"]
        before = management_tokens(server.url, management)
        revoked = [t for t in before.values() if t.get("revokedAt")]
        live = [t for t in before.values() if not t.get("revokedAt") and not t.get("expiresAt")]
        tap(len(revoked) == 1 and live, "the fake Dedicated has a revoked token and live ones")
        target = live[0]

        app = App(APP, app_env(INFLUX_HOST=server.url, INFLUX_TOKEN=management))
        tap(app.root is not None, "the app appears on the accessibility bus")
        tap(has_text(app.root, "5 of 6 tokens · InfluxDB Cloud Dedicated"),
            "the window names Cloud Dedicated; its count says one token is not shown")

        first = app.wait_for_rows("Revoke token")
        tap(first is not None, "each row's button revokes: " + (first.get_name() if first else ""))
        tap(find(app.root, lambda n: n.get_name() == f"Revoke token “{revoked[0]['description']}”"
                 and visible(n), timeout=3) is None,
            "the revoked token is not shown until the filter asks for it")

        button = find(app.root, lambda n: n.get_name() == f"Revoke token “{target['description']}”"
                      and visible(n))
        tap(button is not None, f"the row of {target['description']!r} is there")
        button.get_action_iface().do_action(0)
        tap(has_text(app.root, "Revoke Token?"), "the confirmation asks Revoke Token?")
        tap(find(app.root, lambda n: "cannot be restored" in (n.get_name() or "") and visible(n))
            is not None, "its body says a revoked token cannot be restored")
        click(app.root, "the confirmation's Revoke revokes", "Revoke", exact=True)

        tap(wait_until(lambda: target["id"] not in management_tokens(server.url, management)),
            "the server's /tokens no longer has that id")
        after = management_tokens(server.url, management)
        tap(sorted(after) == sorted(i for i in before if i != target["id"]),
            f"the other {len(after)} remain")
        app.assert_no_leaks(server.all_tokens)
    finally:
        if app is not None:
            app.stop()
        server.stop()


def main():
    print("1..34", flush=True)
    influxdb3_core()
    cloud_dedicated()


if __name__ == "__main__":
    main()
