#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""
The real binary under Xvfb against the real demo server, used as a person
would who does not reach for the mouse, or who selects with checks, or
who flips the wrong switch; every effect checked through the server's API.

1. Keyboard only: Ctrl+F, type, Down, Delete, Alt+D: that token is gone,
   and the next row is selected.
2. Selection mode: Select Tokens, tick three rows' checks, Delete 3
   Tokens…, confirm: exactly those three are gone.
3. The app's own token's Active switch: it asks; while "I understand" is
   not ticked Deactivate is disabled and the token stays active on the
   server; ticked and confirmed, the server has it inactive and the window
   says the app's token is inactive instead of listing nothing.
"""
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

# First: it skips the test where what it needs is missing.
from tokens_atspi import (App, DemoServer, click, click_on, find, has_text, named, raw_root_child,  # noqa: E402
                          require_tools, tap, visible, walk)

import gi  # noqa: E402

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

# The keyboard and the checks go through XTest (docs/testing-headless.md).
require_tools("xdotool")

APP, SERVER = sys.argv[1], sys.argv[2]


def api(url, token, path="/api/v2/authorizations"):
    request = urllib.request.Request(url + path, headers={"Authorization": "Token " + token})
    with urllib.request.urlopen(request, timeout=10) as response:
        return {a["id"]: a for a in json.load(response)["authorizations"]}


def refusal(url, token, token_id):
    """The server's message when it refuses @token to read one token, or None."""
    request = urllib.request.Request(f"{url}/api/v2/authorizations/{token_id}",
                                     headers={"Authorization": "Token " + token})
    try:
        with urllib.request.urlopen(request, timeout=10):
            return None
    except urllib.error.HTTPError as error:
        return json.load(error).get("message")


def press(keys):
    """Keys as the keyboard sends them, through the X server (XTest, by
    xdotool: AT-SPI's own key synthesis does not reach a GTK 4.8 window
    when no window manager runs)."""
    subprocess.run(["xdotool", "key", "--delay", "80", *keys.split()], check=True)
    time.sleep(0.4)


def type_text(text):
    subprocess.run(["xdotool", "type", "--delay", "40", text], check=True)
    time.sleep(0.6)


def wait_for(predicate, timeout=15):
    end = time.time() + timeout
    while time.time() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def by_description(tokens, description):
    ids = [i for i, a in tokens.items() if a.get("description") == description]
    return ids[0] if len(ids) == 1 else None


def selected_names(root):
    rows = find(root, lambda n: n.get_role() == Atspi.Role.LIST and n.get_name() == "Tokens" and visible(n))
    names = []
    selection = rows.get_selection_iface()
    for i in range(selection.get_n_selected_children()):
        child = selection.get_selected_child(i)
        if child is not None and child.get_child_count() > 0:
            names.append(child.get_child_at_index(0).get_name())
    return names


def focused(root):
    for node in walk(root):
        try:
            if node.get_state_set().contains(Atspi.StateType.FOCUSED):
                return node
        except Exception:
            continue
    return None


def in_list(node):
    while node is not None:
        try:
            if node.get_role() == Atspi.Role.LIST and node.get_name() == "Tokens":
                return True
            node = node.get_parent()
        except Exception:
            return False
    return False


def describe(node):
    try:
        return f"{node.get_role().value_nick} {node.get_name()!r}" if node is not None else "nothing"
    except Exception:
        return "?"


def main():
    print("1..39", flush=True)
    server = DemoServer(SERVER)
    app = None
    try:
        operator = server.tokens["operator"]
        before = api(server.url, operator)
        home = by_description(before, "Home Assistant")
        tap(home is not None, "the demo server has one 'Home Assistant' token")

        env = dict(os.environ, INFLUX_HOST=server.url, INFLUX_TOKEN=operator, GTK_A11Y="atspi")
        env.pop("NO_AT_BRIDGE", None)
        app = App(APP, env)
        tap(app.root is not None and app.wait_for_rows() is not None, "the app lists the server's tokens")

        # 1. The keyboard alone.
        press("ctrl+f")
        type_text("home assistant")
        tap(wait_for(lambda: find(app.root, lambda n: n.get_name() == "Delete token “Home Assistant”"
                                  and visible(n), timeout=1) is not None
                     and find(app.root, lambda n: n.get_name() == "Delete token “Grafana dashboards”"
                              and visible(n), timeout=1) is None),
            "Ctrl+F and typing narrow the list to the one token")
        press("Down")
        tap(wait_for(lambda: selected_names(app.root) == ["Home Assistant"]),
            f"Down selects the first result: {selected_names(app.root)}")
        press("Delete")
        tap(has_text(app.root, "Delete Token?"), "Delete asks first")
        tap(home in api(server.url, operator), "nothing is deleted while it asks")
        press("alt+d")
        tap(wait_for(lambda: home not in api(server.url, operator)), "Alt+D deletes it on the server")
        tap(len(api(server.url, operator)) == len(before) - 1, "and only it")

        # 2. Selection mode, by the rows' checks.
        batch = ["Sensor gateway: read sensors", "Grafana dashboards", "Telegraf on web-01: write to telegraf"]
        ids = [by_description(before, d) for d in batch]
        tap(None not in ids, "the three tokens to select exist")
        press("ctrl+f ctrl+a BackSpace Escape")
        tap(wait_for(lambda: find(app.root, lambda n: n.get_name() == "Delete token “Grafana dashboards”"
                                  and visible(n), timeout=1) is not None),
            "emptying the search brings every token back")
        # The list is one Tab stop: Tab leaves it, Shift+Tab comes back to the row.
        press("ctrl+f Down")
        tap(wait_for(lambda: selected_names(app.root) == ["Sensor gateway: read sensors"]),
            "Down from the empty search selects the first token")
        press("Tab")
        tap(wait_for(lambda: focused(app.root) is not None and not in_list(focused(app.root))),
            f"one Tab leaves the list (focus on {describe(focused(app.root))})")
        press("shift+Tab")
        tap(wait_for(lambda: focused(app.root) is not None and in_list(focused(app.root))),
            f"Shift+Tab comes back into the list (focus on {describe(focused(app.root))})")
        rows = find(app.root, lambda n: n.get_role() == Atspi.Role.LIST and n.get_name() == "Tokens"
                    and visible(n))
        rows.get_selection_iface().clear_selection()
        click(app.root, "Select Tokens turns selection mode on", "Select", "Tokens")
        for d in batch:
            click_on(app.root, f"the row '{d}' has a check, and a click ticks it",
                     lambda n, d=d: n.get_role() == Atspi.Role.CHECK_BOX and n.get_name() == f"Select token “{d}”")
        tap(has_text(app.root, "3 Selected"), "the title says 3 Selected")
        tap(find(app.root, lambda n: (n.get_name() or "").startswith("Delete token") and visible(n),
                 timeout=2) is None, "no row shows its trash button in selection mode")
        click(app.root, "Delete 3 Tokens… asks for the batch", "Delete", "3", "Tokens…")
        click(app.root, "the dialog's Delete 3 Tokens confirms", "Delete", "3", "Tokens", exact=True)
        tap(wait_for(lambda: not set(ids) & api(server.url, operator).keys()),
            "the server no longer has the three")
        tap(len(api(server.url, operator)) == len(before) - 4, "and nothing else went")

        # 3. The app's own token's switch.
        own = by_description(before, "admin's Token")
        rows = find(app.root, lambda n: n.get_role() == Atspi.Role.LIST and n.get_name() == "Tokens" and visible(n))
        for i in range(rows.get_child_count()):
            row = rows.get_child_at_index(i)
            if row.get_child_count() > 0 and row.get_child_at_index(0).get_name() == "admin's Token":
                rows.get_selection_iface().select_child(i)
        # GTK 4.8 presents a switch as a check box.
        switch = find(app.root, lambda n: n.get_role() in (Atspi.Role.CHECK_BOX, Atspi.Role.TOGGLE_BUTTON)
                      and visible(n) and n.get_name() == "Active")
        tap(switch is not None, "the details show the Active switch")
        switch.get_action_iface().do_action(0)
        tap(has_text(app.root, "Deactivate Token?"), "switching it off asks first")
        deactivate = find(app.root, named(Atspi.Role.PUSH_BUTTON, "Deactivate", exact=True))
        tap(deactivate is not None and not deactivate.get_state_set().contains(Atspi.StateType.SENSITIVE),
            "Deactivate is disabled until 'I understand' is ticked")
        time.sleep(1)
        tap(api(server.url, operator)[own]["status"] == "active", "the server still has it active")
        click_on(app.root, "I understand the consequences can be ticked",
                 lambda n: n.get_role() == Atspi.Role.CHECK_BOX and
                 (n.get_name() or "").replace("_", "") == "I understand the consequences")
        click(app.root, "Deactivate, now enabled, confirms", "Deactivate", exact=True)
        tap(wait_for(lambda: refusal(server.url, operator, own) == "token is inactive"),
            "the server has it inactive: it answers it 401 'token is inactive'")
        tap(has_text(app.root, "This App’s Token Is Inactive"),
            "the window says the app's token is inactive, not 'No Tokens'")
        # 4. GTK 4.8's AT-SPI root answers an index past its visible windows
        # with the last window, visible or not; a hidden one has no object
        # path and the app crashed. Open and close Keyboard Shortcuts (the
        # one window GTK would keep hidden), then ask as a stale reader does.
        click(app.root, "the main menu opens", "Main", "Menu")
        click(app.root, "Keyboard Shortcuts opens", "Keyboard", "Shortcuts", role=Atspi.Role.MENU_ITEM)
        shortcuts = find(app.root.get_parent(), lambda n: n.get_role() == Atspi.Role.FRAME and
                         n.get_name() == "Shortcuts" and n.get_process_id() == app.process.pid, timeout=5) \
            or (app.root.get_child_at_index(1) if app.root.get_child_count() > 1 else None)
        tap(shortcuts is not None, "the shortcuts window is shown")
        close = find(shortcuts, named(Atspi.Role.PUSH_BUTTON, "Close"))
        close.get_action_iface().do_action(0)
        time.sleep(1)
        try:
            answers = [raw_root_child(app.process.pid, i) for i in (0, 1, 2, 5)]
        except Exception as error:  # the app died answering
            answers = [("", str(error))]
        tap(all(len(path) > 1 and path.startswith("/") for _, path in answers)
            and app.process.poll() is None,
            f"a stale GetChildAtIndex gets a window with a path, and the app lives: {answers}")
        app.assert_no_leaks(server.all_tokens)
    finally:
        if app is not None:
            app.stop()
        server.stop()


if __name__ == "__main__":
    main()
