#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""
The real influx-tokens binary under Xvfb, against the real demo server
binary, clicked through over AT-SPI as a person would: find a row's delete
button by its accessible name, click it, confirm in the dialog, and check
through the server's own API that exactly that token is gone. Then a batch:
Select Tokens, pick three rows as a screen reader user would (the list's
AT-SPI Selection), Delete…, confirm the count, and check the server again.
"""
import json
import os
import sys
import time
import urllib.request

# First: it skips the test where what it needs is missing.
from tokens_atspi import App, DemoServer, click, find, has_text, named, tap, visible  # noqa: E402

import gi  # noqa: E402

gi.require_version("Secret", "1")
from gi.repository import Secret  # noqa: E402

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

APP, SERVER = sys.argv[1], sys.argv[2]
TARGET = "Home Assistant"
BATCH = ["Sensor gateway: read sensors", "No description", "Grafana dashboards"]


def list_tokens(url, token):
    request = urllib.request.Request(url + "/api/v2/authorizations",
                                     headers={"Authorization": "Token " + token})
    with urllib.request.urlopen(request, timeout=10) as response:
        return {a["id"]: a["description"] for a in json.load(response)["authorizations"]}


def main():
    print("1..22", flush=True)
    server = DemoServer(SERVER)
    app = None
    try:
        operator = server.tokens["operator"]
        before = list_tokens(server.url, operator)
        target_ids = [i for i, d in before.items() if d == TARGET]
        tap(len(target_ids) == 1, f"the demo server has one token named {TARGET!r}")
        target_id = target_ids[0]

        env = dict(os.environ, INFLUX_HOST=server.url, INFLUX_TOKEN=operator, INFLUX_ORG="my-org",
                   GTK_A11Y="atspi")
        env.pop("NO_AT_BRIDGE", None)
        app = App(APP, env)
        tap(app.root is not None, "the app appears on the accessibility bus")
        tap(has_text(app.root, "my-org on 127.0.0.1"), "INFLUX_ORG and INFLUX_HOST name the session")

        # Every icon-only button in the header bar says what it is.
        names = ["Switch Server", "Refresh", "Main Menu", "Sort and Filter", "Select Tokens", "Search"]
        missing = [n for n in names if find(app.root, lambda node, n=n: node.get_name() == n, timeout=5) is None]
        tap(not missing, "the header bar's buttons are named " + ", ".join(names) +
            (f" (missing: {missing})" if missing else ""))

        button = find(app.root, lambda n: n.get_name() == f"Delete token “{TARGET}”")
        tap(button is not None, f"the row's delete button is named 'Delete token “{TARGET}”'")
        button.get_action_iface().do_action(0)

        click(app.root, "the confirmation dialog offers Delete", "Delete", exact=True)

        end = time.time() + 15
        after = list_tokens(server.url, operator)
        while target_id in after and time.time() < end:
            time.sleep(0.2)
            after = list_tokens(server.url, operator)
        tap(target_id not in after, "the server no longer has that token")

        expected = {i: d for i, d in before.items() if i != target_id}
        tap(after == expected, f"the other {len(expected)} tokens remain")

        # A batch, as a person who uses a screen reader would make it.
        rows = find(app.root, lambda n: n.get_role() == Atspi.Role.LIST and n.get_name() == "Tokens"
                    and visible(n))
        tap(rows is not None, "the token list is named 'Tokens'")
        click(app.root, "Select Tokens turns on selection mode", "Select", "Tokens")
        picked = []
        selection = rows.get_selection_iface()
        for i in range(rows.get_child_count()):
            row = rows.get_child_at_index(i)
            name = row.get_child_at_index(0).get_name() if row.get_child_count() > 0 else None
            if name in BATCH and selection.select_child(i):
                picked.append(name)
        tap(sorted(picked) == sorted(BATCH), "each row is named after its token: " + ", ".join(picked))
        tap(find(app.root, named(Atspi.Role.PUSH_BUTTON, "Deactivate", "3", "Tokens…", exact=True)) is not None,
            "the selection bar's buttons count 3: Deactivate 3 Tokens…")
        click(app.root, "Delete 3 Tokens… opens one confirmation for the batch", "Delete", "3", "Tokens…")
        tap(has_text(app.root, "Delete 3 Tokens?"), "the dialog states the count")
        click(app.root, "the dialog's Delete 3 Tokens confirms it", "Delete", "3", "Tokens", exact=True)

        batch_ids = {i for i, d in expected.items() if d in BATCH or (d == "" and "No description" in BATCH)}
        end = time.time() + 15
        after = list_tokens(server.url, operator)
        while batch_ids & after.keys() and time.time() < end:
            time.sleep(0.2)
            after = list_tokens(server.url, operator)
        remaining = {i: d for i, d in expected.items() if i not in batch_ids}
        tap(len(batch_ids) == 3 and after == remaining,
            f"the server lost exactly those 3; {len(remaining)} remain")
        tap(has_text(app.root, "3 tokens deleted"), "one summary says 3 tokens deleted")

        schema = Secret.Schema.new("io.github.influx_tokens.InfluxTokens", Secret.SchemaFlags.NONE,
                                   {"server-id": Secret.SchemaAttributeType.STRING})
        items = Secret.password_search_sync(schema, {}, Secret.SearchFlags.ALL, None)
        tap(items == [], "an INFLUX_TOKEN session saves nothing in the keyring")
        app.assert_no_leaks(server.all_tokens)
    finally:
        if app is not None:
            app.stop()
        server.stop()


if __name__ == "__main__":
    main()
