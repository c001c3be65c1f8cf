#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""
The real influx-tokens binary under Xvfb, against the real demo server
binary, clicked through over AT-SPI as a person would: find a row's delete
button by its accessible name, click it, confirm in the dialog, and check
through the server's own API that exactly that token is gone.
"""
import json
import os
import subprocess
import sys
import time
import urllib.request

import gi

gi.require_version("Atspi", "2.0")
gi.require_version("Secret", "1")
from gi.repository import Atspi, Secret  # noqa: E402

APP, SERVER = sys.argv[1], sys.argv[2]
TARGET = "Home Assistant"
step = 0


def tap(ok, text):
    global step
    step += 1
    print(f"{'ok' if ok else 'not ok'} {step} {text}", flush=True)
    if not ok:
        raise SystemExit(1)


def list_tokens(url, token):
    request = urllib.request.Request(url + "/api/v2/authorizations",
                                     headers={"Authorization": "Token " + token})
    with urllib.request.urlopen(request, timeout=10) as response:
        return {a["id"]: a["description"] for a in json.load(response)["authorizations"]}


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    try:
        count = node.get_child_count()
    except Exception:
        return
    for i in range(count):
        try:
            child = node.get_child_at_index(i)
        except Exception:
            continue
        yield from walk(child, depth + 1)


def visible(node):
    try:
        extents = node.get_extents(Atspi.CoordType.WINDOW)
        return extents.width > 0 and extents.height > 0
    except Exception:
        return False


def find(root, predicate, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        try:
            for node in walk(root):
                try:
                    if predicate(node):
                        return node
                except Exception:
                    continue
        except Exception:
            pass  # the tree changes under us: look again
        time.sleep(0.2)
    return None


def find_app(timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            child = desktop.get_child_at_index(i)
            if child is not None and child.get_name() == "influx-tokens":
                return child
        time.sleep(0.2)
    return None


def push_button(name_test):
    def predicate(node):
        return (node.get_role() == Atspi.Role.PUSH_BUTTON
                and name_test(node.get_name() or "") and visible(node))
    return predicate


def main():
    print("1..8", flush=True)
    server = subprocess.Popen([SERVER], stdout=subprocess.PIPE, text=True)
    app = None
    try:
        url = server.stdout.readline().strip()
        operator = server.stdout.readline().split(": ", 1)[1].strip()
        before = list_tokens(url, operator)
        target_ids = [i for i, d in before.items() if d == TARGET]
        tap(len(target_ids) == 1, f"the demo server has one token named {TARGET!r}")
        target_id = target_ids[0]

        env = dict(os.environ, INFLUX_HOST=url, INFLUX_TOKEN=operator, INFLUX_ORG="my-org",
                   GTK_A11Y="atspi")
        env.pop("NO_AT_BRIDGE", None)
        app = subprocess.Popen([APP], env=env)

        root = find_app()
        tap(root is not None, "the app appears on the accessibility bus")
        title = find(root, lambda n: n.get_name() == "my-org on 127.0.0.1")
        tap(title is not None, "INFLUX_ORG and INFLUX_HOST name the session")

        button = find(root, push_button(lambda n: n == f"Delete token “{TARGET}”"))
        tap(button is not None, f"the row's delete button is named 'Delete token “{TARGET}”'")
        button.get_action_iface().do_action(0)

        # The dialog's Delete: a mnemonic button's name is "_Delete Delete" in GTK 4.8.
        confirm = find(root, push_button(
            lambda n: "Delete" in n.replace("_", " ").split() and "token" not in n))
        tap(confirm is not None, "the confirmation dialog offers Delete")
        confirm.get_action_iface().do_action(0)

        end = time.time() + 15
        after = list_tokens(url, operator)
        while target_id in after and time.time() < end:
            time.sleep(0.2)
            after = list_tokens(url, operator)
        tap(target_id not in after, "the server no longer has that token")

        expected = {i: d for i, d in before.items() if i != target_id}
        tap(after == expected, f"the other {len(expected)} tokens remain")

        schema = Secret.Schema.new("io.github.influx_tokens.InfluxTokens", Secret.SchemaFlags.NONE,
                                   {"server-id": Secret.SchemaAttributeType.STRING})
        items = Secret.password_search_sync(schema, {}, Secret.SearchFlags.ALL, None)
        tap(items == [], "an INFLUX_TOKEN session saves nothing in the keyring")
    finally:
        if app is not None:
            app.terminate()
            try:
                app.wait(10)
            except subprocess.TimeoutExpired:
                app.kill()
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
