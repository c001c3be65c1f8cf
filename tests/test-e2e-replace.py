#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""
Replace Token… on the real influx-tokens binary under Xvfb, against the
real demo server binary, clicked through over AT-SPI as a person would:
on a v2 token (InfluxDB OSS) and on an InfluxDB 3 Core named admin token.

Each time: select the token, Replace Token…, create the replacement, copy
its value with Copy (read back from the X clipboard), Next, Delete Old
Token…, confirm. Then the server's own API shows the new token with the old
one's permissions and the old one gone, and the copied value works for a
request. On Core the app's own token is replaced too: the app signs in
with the new one, checks it, and only then may the old one be deleted.
The new value is never an accessible name or description, and,
like every token, never on the command line, in the app's output, in a
file or in the keyring.
"""
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

# First: it skips the test where what it needs is missing.
from tokens_atspi import (App, DemoServer, app_env, click, click_on, find, has_text,  # noqa: E402
                          named, tap, visible, wait_until, walk)

import gi  # noqa: E402

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

APP, SERVER = sys.argv[1], sys.argv[2]

# Reads the clipboard the way another program would: a separate GTK process.
CLIPBOARD_READER = """
import sys
import gi
gi.require_version("Gdk", "4.0")
gi.require_version("Gtk", "4.0")
from gi.repository import Gdk, GLib, Gtk
Gtk.init()
loop = GLib.MainLoop()
result = []
def done(clipboard, res):
    try:
        result.append(clipboard.read_text_finish(res) or "")
    except GLib.Error:
        result.append("")
    loop.quit()
Gdk.Display.get_default().get_clipboard().read_text_async(None, done)
GLib.timeout_add_seconds(10, loop.quit)
loop.run()
sys.stdout.write(result[0] if result else "")
"""


def read_clipboard():
    env = dict(os.environ, GDK_BACKEND="x11", GTK_A11Y="none")
    done = subprocess.run(["/usr/bin/python3", "-c", CLIPBOARD_READER], env=env,
                          capture_output=True, text=True, timeout=30)
    return done.stdout


def request(url, token, scheme="Token", data=None):
    headers = {"Authorization": f"{scheme} {token}"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, None


def v2_tokens(url, token):
    status, body = request(url + "/api/v2/authorizations", token)
    return {a["id"]: a for a in body["authorizations"]} if status == 200 else None


def v3_tokens(url, token):
    body = json.dumps({"db": "_internal", "q": "SELECT * FROM system.tokens", "format": "json"})
    status, rows = request(url + "/api/v3/query_sql", token, "Bearer", body.encode())
    return ({row["name"]: row for row in rows} if status == 200 else None), status


def permission_set(auth):
    return sorted((p["action"], p["resource"]["type"], p["resource"].get("id") or "",
                   p["resource"].get("orgID") or "") for p in auth["permissions"])


def select_row(root, title):
    rows = find(root, lambda n: n.get_role() == Atspi.Role.LIST and n.get_name() == "Tokens"
                and visible(n))
    for i in range(rows.get_child_count()):
        row = rows.get_child_at_index(i)
        if row.get_child_count() > 0 and row.get_child_at_index(0).get_name() == title:
            return rows.get_selection_iface().select_child(i)
    return False


def sensitive_button(root, *words, timeout=20):
    return find(root, lambda n: named(Atspi.Role.PUSH_BUTTON, *words)(n) and
                n.get_state_set().contains(Atspi.StateType.SENSITIVE), timeout)


def accessible_mentions(root, secret):
    hits = []
    for node in walk(root):
        try:
            for text in (node.get_name() or "", node.get_description() or ""):
                if secret in text:
                    hits.append(f"{node.get_role_name()} {text[:20]!r}…")
        except Exception:
            continue
    return hits


def replace_in_window(app, title, confirm_admin):
    """Replace Token… on the row titled @title, through to the deletion of
    the old token. Returns the value the Copy button put on the clipboard."""
    tap(select_row(app.root, title), f"the row {title!r} can be selected")
    shown_details = find(app.root, lambda n: n.get_name() == "Command Line" and visible(n))
    tap(shown_details is not None, "its details are shown")
    click(app.root, "its details offer Replace Token…", "Replace", "Token…")
    tap(has_text(app.root, "Step 1 of 2"), "the replacement dialog opens at step 1 of 2")
    create = sensitive_button(app.root, "Create", "Replacement")
    tap(create is not None, "Create Replacement can be pressed: the old token's access is filled in")
    create.get_action_iface().do_action(0)

    entry = find(app.root, lambda n: n.get_role() == Atspi.Role.TEXT and
                 n.get_name() == "New token" and visible(n))
    tap(entry is not None, "the new token's value is shown, in a field named New token")
    shown = ""
    for node in walk(entry) if entry is not None else []:
        try:
            text = node.get_text_iface()
            if text is not None and not shown:
                shown = text.get_text(0, text.get_character_count())
        except Exception:
            continue
    tap(len(shown) >= 20, f"the field holds the value ({len(shown)} characters)")
    tap(has_text(app.root, "Copy the New Token"), "the page says to copy it now")
    click(app.root, "Copy copies it", "Copy", exact=True)
    copied = ""
    end = time.time() + 10
    while copied != shown and time.time() < end:
        copied = read_clipboard()
    tap(copied == shown, "the clipboard holds exactly the value shown")
    hits = accessible_mentions(app.root, copied)
    tap(hits == [], f"the value is no accessible name or description: {hits}")

    click(app.root, "Next goes on to the old token", "Next", exact=True)
    tap(find(app.root, lambda n: "still works" in (n.get_name() or "") and visible(n)) is not None,
        "step 2 says the old token still works")
    click(app.root, "Delete Old Token… asks the usual question", "Delete", "Old", "Token…")
    tap(has_text(app.root, "Delete Token?"), "the confirmation asks Delete Token?")
    if confirm_admin:
        click_on(app.root, "an admin token: I understand the consequences is ticked",
                 lambda n: n.get_role() == Atspi.Role.CHECK_BOX and
                 (n.get_name() or "").replace("_", "") == "I understand the consequences")
    click(app.root, "the confirmation's Delete deletes", "Delete", exact=True)
    return copied


def oss_v2():
    server = DemoServer(SERVER, [])
    app = None
    try:
        operator = server.tokens["operator"]
        before = v2_tokens(server.url, operator)
        olds = [i for i, a in before.items()
                if a["description"] == "Security audit (read tokens only)"]
        tap(len(olds) == 1, "the fake OSS has the auditor's token, which reads tokens")
        old = before[olds[0]]

        app = App(APP, app_env(INFLUX_HOST=server.url, INFLUX_TOKEN=operator))
        tap(app.root is not None, "the app appears on the accessibility bus")
        tap(app.wait_for_rows() is not None, "the tokens are listed")
        secret = replace_in_window(app, old["description"], confirm_admin=False)

        tap(wait_until(lambda: old["id"] not in v2_tokens(server.url, operator)),
            "the server no longer has the old token")
        after = v2_tokens(server.url, operator)
        new = [a for i, a in after.items() if i not in before]
        tap(len(new) == 1 and len(after) == len(before),
            "the server has exactly one new token in its place")
        tap(new[0]["description"] == old["description"] + " (replacement)",
            f"named after the old one: {new[0]['description']!r}")
        tap(permission_set(new[0]) == permission_set(old),
            f"with the old token's permissions: {permission_set(new[0])}")
        tap(new[0]["userID"] == old["userID"] and new[0]["orgID"] == old["orgID"],
            "for the same user and organization")
        status, body = request(server.url + "/api/v2/authorizations", secret)
        tap(status == 200, f"the copied value works: it lists tokens (HTTP {status})")
        tap(find(app.root, lambda n: n.get_name() == f"Delete token “{old['description']}”"
                 and visible(n), timeout=3) is None, "the old row left the list")
        app.assert_no_leaks(server.all_tokens + [secret])
    finally:
        if app is not None:
            app.stop()
        server.stop()


def influxdb3_core():
    server = DemoServer(SERVER, ["--mode=core"], count=6)
    app = None
    try:
        operator = server.tokens["operator"]
        own = server.tokens["admin"]
        before, _ = v3_tokens(server.url, operator)
        tap("ci-deploy" in before and "ci-deploy-2" not in before,
            "the fake Core has ci-deploy and no ci-deploy-2")

        app = App(APP, app_env(INFLUXDB3_HOST_URL=server.url, INFLUXDB3_AUTH_TOKEN=own))
        tap(app.root is not None, "the app appears on the accessibility bus")
        tap(app.wait_for_rows() is not None, "the tokens are listed")
        secret = replace_in_window(app, "ci-deploy", confirm_admin=True)

        tap(wait_until(lambda: "ci-deploy" not in v3_tokens(server.url, operator)[0]),
            "system.tokens no longer has ci-deploy")
        after, _ = v3_tokens(server.url, operator)
        tap(sorted(after) == sorted([n for n in before if n != "ci-deploy"] + ["ci-deploy-2"]),
            f"it has ci-deploy-2 in its place: {sorted(after)}")
        tap(after["ci-deploy-2"]["permissions"] == before["ci-deploy"]["permissions"],
            f"with the old token's permissions: {after['ci-deploy-2']['permissions']}")
        rows, status = v3_tokens(server.url, secret)
        tap(status == 200, f"the copied value works: it queries system.tokens (HTTP {status})")

        # The app's own token: the app signs in with the replacement, and
        # checks it works, before the old one may be deleted.
        tap(select_row(app.root, "ops-alice"), "the app's own token, ops-alice, can be selected")
        tap(find(app.root, lambda n: n.get_name() == "Command Line" and visible(n)) is not None,
            "its details are shown")
        click(app.root, "Replace Token… on it", "Replace", "Token…")
        create = sensitive_button(app.root, "Create", "Replacement")
        tap(create is not None, "Create Replacement can be pressed")
        create.get_action_iface().do_action(0)
        switched = find(app.root, lambda n: "now signs in with the new token" in (n.get_name() or "")
                        and visible(n), timeout=30)
        tap(switched is not None, "the app says it now signs in with the new token, which works")
        entry = find(app.root, lambda n: n.get_role() == Atspi.Role.TEXT and
                     n.get_name() == "New token" and visible(n))
        own_secret = ""
        for node in walk(entry) if entry is not None else []:
            try:
                text = node.get_text_iface()
                if text is not None and not own_secret:
                    own_secret = text.get_text(0, text.get_character_count())
            except Exception:
                continue
        tap(own_secret.startswith("apiv3_"), "its value is shown")
        click(app.root, "Next goes on to the old token", "Next", exact=True)
        click(app.root, "Delete Old Token… is offered now", "Delete", "Old", "Token…")
        tap(has_text(app.root, "Delete Token?"), "the confirmation asks Delete Token?")
        click_on(app.root, "I understand the consequences is ticked",
                 lambda n: n.get_role() == Atspi.Role.CHECK_BOX and
                 (n.get_name() or "").replace("_", "") == "I understand the consequences")
        click(app.root, "the confirmation's Delete deletes", "Delete", exact=True)
        tap(wait_until(lambda: "ops-alice" not in v3_tokens(server.url, operator)[0]),
            "system.tokens no longer has ops-alice")
        tap("ops-alice-2" in v3_tokens(server.url, operator)[0], "and has ops-alice-2")
        tap(find(app.root, lambda n: n.get_name() == "This App" and visible(n)) is not None,
            "the list still loads, with the new token marked This App")
        tap(find(app.root, lambda n: n.get_name() == "Delete token “ops-alice”" and visible(n),
                 timeout=3) is None, "ops-alice's row left the list")
        app.assert_no_leaks(server.all_tokens + [secret, own_secret])
    finally:
        if app is not None:
            app.stop()
        server.stop()


def main():
    print("1..73", flush=True)
    oss_v2()
    influxdb3_core()


if __name__ == "__main__":
    main()
