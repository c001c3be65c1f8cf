#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""
Servers and credentials end to end: the real influx-tokens binary under
Xvfb, the real gnome-keyring on the private D-Bus session that
build-aux/dev test starts, the real demo server binary; driven over AT-SPI
as a person would, and checked with libsecret itself, not the app's word.

1. Add a server through the dialog; its token is in the keyring.
2. Quit and start again: the server opens with its token from the keyring.
3. Remove it: the secret is gone.
4. Import an influx CLI profile: its token moves into the keyring.
5. No token string is in any file under the config, data and cache
   directories (the keyring's own files excepted) nor in GSettings.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import gi

gi.require_version("Atspi", "2.0")
gi.require_version("Secret", "1")
from gi.repository import Atspi, Secret  # noqa: E402

APP, SERVER = sys.argv[1], sys.argv[2]
APP_ID = "io.github.influx_tokens.InfluxTokens"
SCHEMA = Secret.Schema.new(APP_ID, Secret.SchemaFlags.NONE,
                           {"server-id": Secret.SchemaAttributeType.STRING,
                            "url": Secret.SchemaAttributeType.STRING})
step = 0


def tap(ok, text):
    global step
    step += 1
    print(f"{'ok' if ok else 'not ok'} {step} {text}", flush=True)
    if not ok:
        raise SystemExit(1)


def saved_secrets():
    flags = Secret.SearchFlags.ALL | Secret.SearchFlags.UNLOCK | Secret.SearchFlags.LOAD_SECRETS
    items = Secret.password_search_sync(SCHEMA, {}, flags, None)
    return sorted(item.retrieve_secret_sync(None).get_text() for item in items)


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
            pass
        time.sleep(0.2)
    return None


def words(name):
    return (name or "").replace("_", "").split()


def named(role, *wanted, exact=False):
    """GTK 4.8 names a mnemonic button "_Import Import": match on its words."""
    def predicate(node):
        if node.get_role() != role or not visible(node):
            return False
        have = words(node.get_name())
        if exact:
            return sorted(set(have)) == sorted(set(wanted))
        return all(w in have for w in wanted)
    return predicate


def click(root, text, *wanted, role=Atspi.Role.PUSH_BUTTON, timeout=20, exact=False):
    """Clicks the first matching node that takes a click: a popover's
    items only do once it has finished opening."""
    def clickable(node):
        if not named(role, *wanted, exact=exact)(node):
            return False
        try:
            return node.get_action_iface().do_action(0)
        except Exception:
            return False
    tap(find(root, clickable, timeout) is not None, text)


def type_into(root, name, value):
    node = find(root, lambda n: n.get_role() == Atspi.Role.TEXT and n.get_name() == name and visible(n))
    tap(node is not None, f"the {name!r} field is there")
    node.get_editable_text_iface().set_text_contents(value)


class App:
    def __init__(self, env):
        self.process = subprocess.Popen([APP], env=env)
        self.root = None
        end = time.time() + 30
        while self.root is None and time.time() < end:
            desktop = Atspi.get_desktop(0)
            for i in range(desktop.get_child_count()):
                child = desktop.get_child_at_index(i)
                if child is not None and child.get_name() == "influx-tokens":
                    try:
                        if child.get_process_id() == self.process.pid:
                            self.root = child
                    except Exception:
                        pass
            time.sleep(0.2)

    def wait_for_rows(self):
        return find(self.root, lambda n: n.get_role() == Atspi.Role.PUSH_BUTTON
                    and (n.get_name() or "").startswith("Delete token") and visible(n), timeout=30)

    def quit(self):
        close = find(self.root, named(Atspi.Role.PUSH_BUTTON, "Close"))
        close.get_action_iface().do_action(0)
        try:
            return self.process.wait(15) == 0
        except subprocess.TimeoutExpired:
            self.process.kill()
            return False

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def scan_for(tokens, directories):
    hits = []
    for directory in directories:
        for dirpath, dirnames, filenames in os.walk(directory):
            # The keyring's own files hold the secrets by design.
            dirnames[:] = [d for d in dirnames if d != "keyrings"]
            for filename in filenames:
                path = os.path.join(dirpath, filename)
                try:
                    with open(path, "rb") as f:
                        data = f.read()
                except OSError:
                    continue
                for token in tokens:
                    if token.encode() in data:
                        hits.append(path)
    return hits


def main():
    print("1..24", flush=True)
    scratch = tempfile.mkdtemp(prefix="tokens-e2e-servers-")
    server = subprocess.Popen([SERVER], stdout=subprocess.PIPE, text=True)
    apps = []
    try:
        url = server.stdout.readline().strip()
        tokens = {}
        for _ in range(11):
            kind, value = server.stdout.readline().strip().split(" token: ", 1)
            tokens.setdefault(kind, value)
        operator = tokens["operator"]
        all_access = tokens["all-access"]

        home = os.path.join(scratch, "home")
        dirs = {name: os.path.join(scratch, name) for name in ("config", "data", "cache")}
        for d in list(dirs.values()) + [home]:
            os.makedirs(d)
        os.makedirs(os.path.join(home, ".influxdbv2"))
        configs = os.path.join(home, ".influxdbv2", "configs")
        with open(configs, "w") as f:
            f.write(f'[imported-lab]\n  url = "{url}"\n  token = "{all_access}"\n'
                    f'  org = "my-org"\n  active = true\n')
        os.chmod(configs, 0o600)

        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=dirs["config"],
                   XDG_DATA_HOME=dirs["data"], XDG_CACHE_HOME=dirs["cache"],
                   GSETTINGS_BACKEND="keyfile", GTK_A11Y="atspi")
        for name in ("INFLUX_HOST", "INFLUX_TOKEN", "INFLUX_CONFIGS_PATH", "NO_AT_BRIDGE"):
            env.pop(name, None)

        tap(saved_secrets() == [], "the keyring starts with no Influx Tokens secrets")

        # 1. Add a server through the dialog.
        app = App(env)
        apps.append(app)
        tap(app.root is not None, "the app appears on the accessibility bus")
        click(app.root, "the welcome page offers Add Server", "Add", "Server…")
        type_into(app.root, "Name", "Lab")
        type_into(app.root, "Server URL", url)
        type_into(app.root, "API Token", operator)
        click(app.root, "the dialog offers Connect", "Connect", exact=True)
        tap(app.wait_for_rows() is not None, "the server's tokens are listed")
        tap(saved_secrets() == [operator], "libsecret finds exactly that token in the keyring")

        # 2. Quit and start again.
        tap(app.quit(), "the app quits when its window is closed")
        app = App(env)
        apps.append(app)
        tap(app.root is not None, "the app starts again")
        tap(app.wait_for_rows() is not None, "the saved server opens with its token from the keyring")

        # 3. Remove it.
        click(app.root, "the title is the server switcher", "Switch", "Server")
        click(app.root, "the switcher offers Remove This Server", "Remove", "This", "Server…",
              role=Atspi.Role.MENU_ITEM)
        click(app.root, "the confirmation offers Remove", "Remove", exact=True)
        end = time.time() + 15
        while saved_secrets() and time.time() < end:
            time.sleep(0.2)
        tap(saved_secrets() == [], "libsecret no longer finds the token")
        welcome = find(app.root, lambda n: n.get_name() == "Welcome to Influx Tokens" and visible(n))
        tap(welcome is not None, "with no server left, the welcome page is back")

        # 4. Import the influx CLI's profile.
        click(app.root, "the welcome page offers the import", "Import", "from", "influx", "CLI…")
        click(app.root, "the import dialog offers Import", "Import", exact=True)
        tap(app.wait_for_rows() is not None, "the imported server opens")
        tap(saved_secrets() == [all_access], "the imported token is in the keyring")
        tap(app.quit(), "the app quits")

        # 5. No token anywhere else.
        outer = [os.environ.get(v) for v in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")]
        hits = scan_for([operator, all_access], list(dirs.values()) + [d for d in outer if d])
        tap(hits == [], f"no token in any file under config, data or cache: {hits}")
        keyfile = os.path.join(dirs["config"], "glib-2.0", "settings", "keyfile")
        with open(keyfile) as f:
            settings = f.read()
        tap("imported-lab" in settings and operator not in settings and all_access not in settings,
            "GSettings holds the server, not its token")
    finally:
        for app in apps:
            app.kill()
        server.terminate()
        server.wait(10)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
