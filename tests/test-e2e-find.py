#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""
Find Leaked Token… (issue #17) on the real influx-tokens binary under Xvfb,
against the real demo server binary run as a process of its own, used as a
person would who found a token string in a public gist.

InfluxDB OSS 2.7 (which lists token values): the string of the token
described "Notebook token (posted in a public gist)" (found by asking the
server's own API which printed line it is) goes on the X clipboard from a
separate process; Ctrl+L opens the dialog, Ctrl+V pastes it, Enter finds
it. The window selects that token and shows its details, with a toast;
Delete Token… asks the usual question, which names the token and says what
stops working; Delete, and the server's API no longer has that id.

InfluxDB 3 Core (which keeps only hashes): ci-deploy's string pasted the
same way gives the answer page "Token Found", whose Show “ci-deploy” shows
its details; deleted from there too, and system.tokens no longer has it.

Each time, after the full run: no pasted string (nor any of the server's
tokens) in the app's stdout and stderr, the server's stderr, any file under
the test's HOME and XDG directories (GSettings' keyfile included, and the
values GSettings reads back from it), the app's command line, the keyring
but as the app's own item, or any accessible name or description in the
app's AT-SPI tree, walked while the dialog holds the string, on the answer
page and at the end. The fake server's stdout is the one stream left out:
printing its throwaway tokens there is how a test learns them.

GTK 4.8's AT-SPI Text interface gives a password field's text in the
clear, as it gives any entry's: while the string is in the field, a
program on the session's accessibility bus could read it, as it could
read the clipboard it was pasted from. So the field is emptied as soon as
Find is pressed, and from then on no node's text holds it either: the
answer page, the token shown and the end are walked for names,
descriptions and text.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

# First: it skips the test where what it needs is missing.
from tokens_atspi import (App, DemoServer, app_env, click, click_on, find, has_text,  # noqa: E402
                          list_ids, named, require_tools, scan_for, tap, visible, wait_until,
                          walk)

import tokens_atspi  # noqa: E402
import gi  # noqa: E402

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

# The keys go through XTest (docs/testing-headless.md).
require_tools("xdotool", "gsettings")

APP, SERVER = sys.argv[1], sys.argv[2]
SCHEMA = "io.github.influx_tokens.InfluxTokens"
LEAKED = "Notebook token (posted in a public gist)"

# Owns the X clipboard with the text it reads from stdin (never from argv),
# as the program a person copied the string from would, until it is ended.
CLIPBOARD_OWNER = """
import sys
import gi
gi.require_version("Gdk", "4.0")
gi.require_version("Gtk", "4.0")
from gi.repository import Gdk, GLib, Gtk
Gtk.init()
text = sys.stdin.readline().rstrip("\\n")
clipboard = Gdk.Display.get_default().get_clipboard()
clipboard.set_content(Gdk.ContentProvider.new_for_value(text))
def ready():
    sys.stdout.write("ready\\n")
    sys.stdout.flush()
    return False
GLib.timeout_add(300, ready)
GLib.timeout_add_seconds(90, lambda: sys.exit(0))
GLib.MainLoop().run()
"""


def press(keys):
    """Keys as the keyboard sends them, through the X server (XTest)."""
    subprocess.run(["xdotool", "key", "--delay", "80", *keys.split()], check=True)
    time.sleep(0.4)


def paste(secret, do_paste):
    """@secret on the X clipboard, owned by a separate GTK process, while
    do_paste() presses Ctrl+V; the owner ends afterwards, so the clipboard
    holds nothing of it."""
    env = dict(os.environ, GDK_BACKEND="x11", GTK_A11Y="none")
    owner = subprocess.Popen(["/usr/bin/python3", "-c", CLIPBOARD_OWNER], env=env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    try:
        owner.stdin.write(secret + "\n")
        owner.stdin.close()
        tap(owner.stdout.readline().strip() == "ready",
            "a separate process owns the X clipboard with the string")
        do_paste()
    finally:
        owner.terminate()
        owner.wait(10)


def start_server(args, count, stderr_path):
    """The demo server as DemoServer starts it, its stderr, debug messages
    on, into @stderr_path (DemoServer leaves it on the test's own, unread):
    the child inherits file descriptor 2 and the environment as they are
    while it starts."""
    saved = os.dup(2)
    debug = os.environ.get("G_MESSAGES_DEBUG")
    # Its debug messages too: a token must not reach any of them.
    os.environ["G_MESSAGES_DEBUG"] = "all"
    with open(stderr_path, "wb") as f:
        os.dup2(f.fileno(), 2)
        try:
            return DemoServer(SERVER, args, count)
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            if debug is None:
                del os.environ["G_MESSAGES_DEBUG"]
            else:
                os.environ["G_MESSAGES_DEBUG"] = debug


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


def v3_tokens(url, token):
    """system.tokens, by name, as the server answers it."""
    body = json.dumps({"db": "_internal", "q": "SELECT * FROM system.tokens", "format": "json"})
    status, rows = request(url + "/api/v3/query_sql", token, "Bearer", body.encode())
    return {row["name"]: row for row in rows} if status == 200 else {}


def scratch_session():
    """A HOME and XDG directories of the test's own, so that every file the
    app writes is one the scan reads; GSettings in a keyfile there."""
    top = tempfile.mkdtemp(prefix="influx-tokens-e2e-find-")
    dirs = {name: os.path.join(top, name) for name in ("home", "config", "data", "cache", "state",
                                                        "runtime")}
    for d in dirs.values():
        os.makedirs(d)
    os.chmod(dirs["runtime"], 0o700)
    env = dict(HOME=dirs["home"], XDG_CONFIG_HOME=dirs["config"], XDG_DATA_HOME=dirs["data"],
               XDG_CACHE_HOME=dirs["cache"], XDG_STATE_HOME=dirs["state"],
               XDG_RUNTIME_DIR=dirs["runtime"], GSETTINGS_BACKEND="keyfile")
    return top, env


def accessible_mentions(root, secrets, texts=False):
    """Every accessible name or description (and with @texts, text) in
    @root's tree that holds one of @secrets, said by role only, and how many
    nodes were read."""
    hits, n = [], 0
    for node in walk(root):
        try:
            n += 1
            seen = [node.get_name() or "", node.get_description() or ""]
            if texts:
                iface = node.get_text_iface()
                if iface is not None:
                    seen.append(iface.get_text(0, iface.get_character_count()) or "")
            for text in seen:
                if any(s in text for s in secrets):
                    hits.append(node.get_role_name())
        except Exception:
            continue
    return hits, n


def check_accessible(root, secrets, when, texts=True):
    hits, n = accessible_mentions(root, secrets, texts)
    what = "name, description or text" if texts else "name or description"
    tap(n > 20 and hits == [], f"{when}: no accessible {what} holds a token ({n} nodes read): {hits}")


def focused_within(node):
    try:
        return any(n.get_state_set().contains(Atspi.StateType.FOCUSED) for n in walk(node))
    except Exception:
        return False


def entry_text(entry):
    for node in walk(entry):
        try:
            text = node.get_text_iface()
            if text is not None:
                return text.get_text(0, text.get_character_count())
        except Exception:
            continue
    return None


def open_and_paste(app, secret, secrets):
    """Ctrl+L, Ctrl+V with @secret on the clipboard, Enter."""
    press("ctrl+l")
    entry = find(app.root, lambda n: n.get_role() in (Atspi.Role.PASSWORD_TEXT, Atspi.Role.TEXT)
                 and n.get_name() == "Token string" and visible(n))
    tap(entry is not None, "Ctrl+L opens Find Leaked Token, with a password field named Token string")
    tap(has_text(app.root, "Find Leaked Token"), "the dialog is titled Find Leaked Token")
    tap(wait_until(lambda: focused_within(entry), 5),
        "the field has the keyboard focus as the dialog opens")
    paste(secret, lambda: press("ctrl+v"))
    find_button = find(app.root, lambda n: named(Atspi.Role.PUSH_BUTTON, "Find", exact=True)(n)
                       and n.get_state_set().contains(Atspi.StateType.SENSITIVE), timeout=10)
    tap(find_button is not None, "Ctrl+V pastes it: Find can be pressed")
    shown = entry_text(entry) or ""
    tap(len(shown) == len(secret), f"the field holds the whole string ({len(shown)} of {len(secret)} "
                                   f"characters)")
    # GTK 4.8 gives the field's text over AT-SPI as it is (see the top):
    # names and descriptions only, until Find empties it.
    check_accessible(app.root, secrets, "with the string in the field", texts=False)
    press("Return")


def details_show(root, title, key):
    """The details pane shows @title (the description row, or the name on
    InfluxDB 3) and @key (its ID or Name row), and offers Delete Token…."""
    return (find(root, lambda n: n.get_name() == "Command Line" and visible(n)) is not None
            and find(root, lambda n: n.get_role() == Atspi.Role.LABEL and n.get_name() == key
                     and visible(n)) is not None
            and find(root, lambda n: n.get_role() == Atspi.Role.LABEL and n.get_name() == title
                     and visible(n)) is not None
            and find(root, named(Atspi.Role.PUSH_BUTTON, "Delete", "Token…")) is not None)


def selected_names(root):
    rows = find(root, lambda n: n.get_role() == Atspi.Role.LIST and n.get_name() == "Tokens"
                and visible(n))
    names = []
    selection = rows.get_selection_iface() if rows is not None else None
    for i in range(selection.get_n_selected_children() if selection is not None else 0):
        child = selection.get_selected_child(i)
        if child is not None and child.get_child_count() > 0:
            names.append(child.get_child_at_index(0).get_name())
    return names


def confirm_delete(root, title, admin):
    click(root, "the details pane's Delete Token… asks the usual question", "Delete", "Token…")
    tap(has_text(root, "Delete Token?"), "the confirmation asks Delete Token?")
    body = find(root, lambda n: f"“{title}”" in (n.get_name() or "") and visible(n)
                and "loses access immediately" in (n.get_name() or ""))
    tap(body is not None, f"it names “{title}” and says that whatever uses it loses access")
    if admin:
        click_on(root, "an admin token: I understand the consequences is ticked",
                 lambda n: n.get_role() == Atspi.Role.CHECK_BOX and
                 (n.get_name() or "").replace("_", "") == "I understand the consequences")
    click(root, "the confirmation's Delete deletes", "Delete", exact=True)


def finish(app, server_log, top, env, secrets):
    """The leak scan after the full run: quits the app, then reads what it
    and the server left."""
    check_accessible(app.root, secrets, "at the end")
    app.cmdline()  # read while it runs; assert_no_leaks() checks it
    tap(app.quit(), "the app quits when its window is closed")
    keyfile = os.path.join(env["XDG_CONFIG_HOME"], "glib-2.0", "settings", "keyfile")
    tap(os.path.isfile(keyfile), "GSettings wrote its keyfile in the test's config directory")
    values = subprocess.run(["gsettings", "list-recursively", SCHEMA], env=dict(os.environ, **env),
                            capture_output=True, text=True, timeout=30)
    tap(values.returncode == 0 and "window-width" in values.stdout
        and not any(s in values.stdout + values.stderr for s in secrets),
        f"no token in any GSettings value the app wrote ({len(values.stdout.splitlines())} keys read)")
    hits = scan_for(secrets, [top])
    tap(hits == [], f"no token in any file under the test's HOME and XDG directories: {hits}")
    with open(server_log, "rb") as f:
        printed = f.read()
    tap(not any(s.encode() in printed for s in secrets),
        f"no token in the server's stderr ({len(printed)} bytes read; its stdout prints them by design)")
    app.assert_no_leaks(secrets)


def oss_v2(scratch):
    server_log = os.path.join(scratch, "oss-server.log")
    server = start_server([], 11, server_log)
    top, env = scratch_session()
    app = None
    try:
        operator = server.tokens["operator"]
        _, body = request(server.url + "/api/v2/authorizations", operator)
        leaked = [a for a in body["authorizations"] if a["description"] == LEAKED]
        tap(len(leaked) == 1, f"the fake OSS lists one token described “{LEAKED}”")
        target = leaked[0]
        secret = target.get("token") or ""
        # The server printed it; which line is the API's word, not an order assumed.
        tap(secret in server.all_tokens and secret != operator,
            "its value is one of the lines the server printed, not the operator's")

        app = App(APP, app_env(INFLUX_HOST=server.url, INFLUX_TOKEN=operator, **env))
        tap(app.root is not None, "the app appears on the accessibility bus")
        tap(app.wait_for_rows() is not None, "the tokens are listed")

        open_and_paste(app, secret, server.all_tokens)
        tap(has_text(app.root, f"The string is the token “{LEAKED}”"),
            "a toast says which token the string is")
        tap(wait_until(lambda: find(app.root, lambda n: n.get_name() == "Token string"
                                    and visible(n), timeout=0.5) is None),
            "the dialog closed")
        tap(details_show(app.root, LEAKED, target["id"]),
            "the details pane shows that token: its description and id, with Delete Token…")
        tap(wait_until(lambda: selected_names(app.root) == [LEAKED], 5),
            f"its row is the one selected: {selected_names(app.root)}")
        check_accessible(app.root, server.all_tokens, "with the token shown")

        confirm_delete(app.root, LEAKED, admin=False)
        tap(wait_until(lambda: target["id"] not in list_ids(server.url, operator)),
            "the server's API no longer has that token's id")
        tap(len(list_ids(server.url, operator)) == len(body["authorizations"]) - 1, "and only it went")
        tap(wait_until(lambda: find(app.root, lambda n: n.get_name() == f"Delete token “{LEAKED}”"
                                    and visible(n), timeout=0.5) is None),
            "its row left the list")
        finish(app, server_log, top, env, server.all_tokens)
    finally:
        if app is not None:
            app.stop()
        server.stop()
        shutil.rmtree(top, ignore_errors=True)


def influxdb3_core(scratch):
    server_log = os.path.join(scratch, "core-server.log")
    server = start_server(["--mode=core"], 6, server_log)
    top, env = scratch_session()
    app = None
    try:
        operator = server.tokens["operator"]
        own = server.tokens["admin"]
        before = v3_tokens(server.url, operator)
        tap("ci-deploy" in before, "the fake Core has ci-deploy")
        # Core lists only the beginning of each token's SHA-512: which printed
        # line is ci-deploy's is the server's word through that.
        wanted = before["ci-deploy"]["hash"]
        matches = [t for t in server.all_tokens
                   if hashlib.sha512(t.encode()).hexdigest().startswith(wanted)]
        tap(len(matches) == 1 and matches[0] not in (operator, own),
            "exactly one printed line is ci-deploy's, neither the operator's nor the app's")
        secret = matches[0]

        app = App(APP, app_env(INFLUXDB3_HOST_URL=server.url, INFLUXDB3_AUTH_TOKEN=own, **env))
        tap(app.root is not None, "the app appears on the accessibility bus")
        tap(app.wait_for_rows() is not None, "the tokens are listed")

        open_and_paste(app, secret, server.all_tokens)
        tap(has_text(app.root, "Token Found"), "a hash match gives the answer page Token Found")
        check_accessible(app.root, server.all_tokens, "on the answer page")
        # GTK 4.8 adds the row's title to its activatable button's name:
        # "Show “ci-deploy” ci-deploy".
        click(app.root, "it offers Show “ci-deploy”, which shows it", "Show", "“ci-deploy”")
        tap(wait_until(lambda: not has_text(app.root, "Token Found", timeout=0.5)), "the dialog closed")
        tap(details_show(app.root, "ci-deploy", "ci-deploy"),
            "the details pane shows ci-deploy, with Delete Token…")
        tap(wait_until(lambda: selected_names(app.root) == ["ci-deploy"], 5),
            f"its row is the one selected: {selected_names(app.root)}")

        confirm_delete(app.root, "ci-deploy", admin=True)
        tap(wait_until(lambda: "ci-deploy" not in v3_tokens(server.url, operator)),
            "system.tokens no longer has ci-deploy")
        tap(sorted(v3_tokens(server.url, operator)) == sorted(n for n in before if n != "ci-deploy"),
            "and only it went")
        finish(app, server_log, top, env, server.all_tokens)
    finally:
        if app is not None:
            app.stop()
        server.stop()
        shutil.rmtree(top, ignore_errors=True)


def main():
    print("1..67", flush=True)
    scratch = tempfile.mkdtemp(prefix="influx-tokens-e2e-find-logs-")
    try:
        oss_v2(scratch)
        influxdb3_core(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
