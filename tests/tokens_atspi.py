# SPDX-License-Identifier: GPL-3.0-or-later
"""Driving the real app over AT-SPI as a person would, for the e2e tests.

GTK 4.8 quirks handled here (see docs/testing-headless.md): a mnemonic button is
named "_Delete Delete", so names are matched on their words; hidden widgets
report no extents, so only nodes with a size count; the tree changes under
a walk, so every lookup retries until its timeout.

Imported first, it checks that the test can run here: PyGObject with the
Atspi and Secret typelibs, an X display, and a session bus with the
accessibility bus and a Secret Service on it. Where one is missing (a
packager's plain `meson test`), the test is skipped, saying what is
missing; where every test must run (INFLUX_TOKENS_REQUIRE_ALL, which
build-aux/dev sets), it fails instead.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request


def skip_unless_present(missing):
    """Ends the test as skipped (or, with INFLUX_TOKENS_REQUIRE_ALL, failed)
    when @missing names what it needs and this machine lacks."""
    if not missing:
        return
    if os.environ.get("INFLUX_TOKENS_REQUIRE_ALL"):
        print(f"1..1\nnot ok 1 no {missing}, and INFLUX_TOKENS_REQUIRE_ALL is set: every test must run",
              flush=True)
        sys.exit(1)
    print(f"1..0 # SKIP no {missing}", flush=True)
    sys.exit(0)


def require_tools(*names):
    """Skips the test unless every program in @names is on PATH."""
    skip_unless_present(" or ".join(n for n in names if shutil.which(n) is None))


def _missing_for_session():
    try:
        import gi
        gi.require_version("Atspi", "2.0")
        gi.require_version("Secret", "1")
        from gi.repository import Atspi, Gio, GLib, Secret  # noqa: F401
    except (ImportError, ValueError) as e:
        return f"PyGObject with the Atspi 2.0 and Secret 1 typelibs ({e})"
    if not os.environ.get("DISPLAY"):
        return "X display (build-aux/dev test runs the suite under Xvfb)"
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return "D-Bus session bus (build-aux/dev test starts a private one)"
    try:
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        dbus = ("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus")
        names = bus.call_sync(*dbus, "ListNames", None, None, 0, 5000, None).unpack()[0]
        names += bus.call_sync(*dbus, "ListActivatableNames", None, None, 0, 5000, None).unpack()[0]
    except GLib.Error as e:
        return f"usable D-Bus session bus ({e.message})"
    for name, package in (("org.a11y.Bus", "at-spi2-core"), ("org.freedesktop.secrets", "gnome-keyring")):
        if name not in names:
            return f"{name} on the session bus ({package})"
    return None


skip_unless_present(_missing_for_session())

import gi  # noqa: E402

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

_step = 0


def tap(ok, text):
    """One TAP line; a failure ends the test at once."""
    global _step
    _step += 1
    print(f"{'ok' if ok else 'not ok'} {_step} {text}", flush=True)
    if not ok:
        raise SystemExit(1)


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
    def predicate(node):
        if node.get_role() != role or not visible(node):
            return False
        have = words(node.get_name())
        if exact:
            return sorted(set(have)) == sorted(set(wanted))
        return all(w in have for w in wanted)
    return predicate


def click(root, text, *wanted, role=Atspi.Role.PUSH_BUTTON, timeout=20, exact=False):
    """Clicks the first matching node that takes a click: a popover's items
    only do once it has finished opening."""
    def clickable(node):
        if not named(role, *wanted, exact=exact)(node):
            return False
        try:
            return node.get_action_iface().do_action(0)
        except Exception:
            return False
    tap(find(root, clickable, timeout) is not None, text)


def click_on(root, text, predicate):
    """A real click of the pointer on the middle of what @predicate finds:
    GTK 4.8 gives check buttons no AT-SPI action to call."""
    node = find(root, lambda n: predicate(n) and visible(n))
    tap(node is not None, text)
    extents = node.get_extents(Atspi.CoordType.SCREEN)
    subprocess.run(["xdotool", "mousemove", str(extents.x + extents.width // 2),
                    str(extents.y + extents.height // 2), "click", "1"], check=True)
    time.sleep(0.4)


def type_into(root, name, value):
    node = find(root, lambda n: n.get_role() == Atspi.Role.TEXT and n.get_name() == name and visible(n))
    tap(node is not None, f"the {name!r} field is there")
    node.get_editable_text_iface().set_text_contents(value)


def has_text(root, text, timeout=20):
    return find(root, lambda n: n.get_name() == text and visible(n), timeout) is not None


def scan_for(tokens, directories):
    """The files under @directories that hold any of @tokens, the keyring's
    own files (which hold secrets by design, encrypted) left out."""
    hits = []
    for directory in directories:
        for dirpath, dirnames, filenames in os.walk(directory):
            dirnames[:] = [d for d in dirnames if d != "keyrings"]
            for filename in filenames:
                path = os.path.join(dirpath, filename)
                try:
                    with open(path, "rb") as f:
                        data = f.read()
                except OSError:
                    continue
                if any(token.encode() in data for token in tokens):
                    hits.append(path)
    return hits


APP_ID = "io.github.influx_tokens.InfluxTokens"


def list_ids(url, token):
    """The ids of the tokens the server at @url lists to @token: the server's word, not the window's."""
    request = urllib.request.Request(url + "/api/v2/authorizations",
                                     headers={"Authorization": "Token " + token})
    with urllib.request.urlopen(request, timeout=10) as response:
        return [a["id"] for a in json.load(response)["authorizations"]]


def show_logs(paths):
    """After a failed step: the end of what the app printed (debug lines apart), as TAP comments."""
    for name in paths:
        with open(name, "rb") as f:
            tail = f.read()[-3000:].decode("utf-8", "replace")
        for line in tail.splitlines():
            if "DEBUG" not in line:
                print("# " + line, flush=True)


def raw_root_child(pid, index):
    """GetChildAtIndex on the app's AT-SPI root, sent as a raw D-Bus call
    to the process @pid, as a screen reader with a stale count sends it
    (libatspi's own call may answer from its cache without asking).
    Returns the (bus name, object path) answered, or raises GLib.Error."""
    from gi.repository import Gio, GLib
    session = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    address = session.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress", None,
                                GLib.VariantType("(s)"), 0, -1, None).unpack()[0]
    flags = Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION
    bus = Gio.DBusConnection.new_for_address_sync(address, flags, None, None)
    names = bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                          "ListNames", None, None, 0, -1, None).unpack()[0]
    for name in (n for n in names if n.startswith(":")):
        try:
            owner = bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                  "GetConnectionUnixProcessID", GLib.Variant("(s)", (name,)), None, 0, -1,
                                  None).unpack()[0]
        except GLib.Error:
            continue
        if owner == pid:
            reply = bus.call_sync(name, "/org/a11y/atspi/accessible/root", "org.a11y.atspi.Accessible",
                                  "GetChildAtIndex", GLib.Variant("(i)", (index,)), None, 0, 5000, None)
            return reply.unpack()[0]
    raise RuntimeError(f"no accessibility bus name for process {pid}")


def keyring_hits(tokens, saved=()):
    """Where the session's keyring holds any of @tokens other than in the
    secret of the app's own item (attribute xdg:schema = APP_ID), whose
    secret may only be one of @saved. Every collection is read through the
    Secret Service itself, unlocked, so an item saved under another schema,
    in another collection, or with a token in its label or attributes,
    shows up here."""
    gi.require_version("Secret", "1")
    from gi.repository import Secret
    flags = Secret.ServiceFlags.OPEN_SESSION | Secret.ServiceFlags.LOAD_COLLECTIONS
    service = Secret.Service.get_sync(flags, None)
    hits, items = [], []
    for collection in service.get_collections() or []:
        if collection.get_locked():
            service.unlock_sync([collection], None)
        collection.load_items_sync(None)
        items += collection.get_items() or []
    for item in items:
        item.load_secret_sync(None)
        secret = item.get_secret()
        # As bytes: an item of another program's (the Secret portal's key
        # for a sandboxed app, say) may hold a secret that is not text.
        value = bytes(secret.get()) if secret is not None else b""
        text = value.decode("utf-8", "replace")
        attributes = item.get_attributes()
        visible_part = (item.get_label() or "") + "".join(k + v for k, v in attributes.items())
        own = attributes.get("xdg:schema") == APP_ID
        where = f"{item.get_label()!r} ({attributes.get('xdg:schema', 'no schema')})"
        if any(t in visible_part for t in tokens):
            hits.append(where + ": label or attributes")
        if any(t.encode() in value for t in tokens) and not (own and text in saved):
            hits.append(where + ": secret")
    return hits, len(items)


def app_env(**extra):
    """The test's environment for the app: on the accessibility bus, with
    only the InfluxDB variables in @extra (the session's own left out)."""
    env = dict(os.environ, GTK_A11Y="atspi", **extra)
    env.pop("NO_AT_BRIDGE", None)
    for name in ("INFLUX_HOST", "INFLUX_TOKEN", "INFLUX_ORG", "INFLUXDB3_HOST_URL",
                 "INFLUXDB3_AUTH_TOKEN"):
        if name not in extra:
            env.pop(name, None)
    return env


def wait_until(check, timeout=15):
    end = time.time() + timeout
    while not check() and time.time() < end:
        time.sleep(0.2)
    return check()


class App:
    """The real binary, found on the accessibility bus by its process id.
    Its stdout and stderr go to @log, or to a file of its own that
    assert_no_leaks() reads."""

    def __init__(self, binary, env, log=None, argv=None, accessible_name=None):
        """@argv, when given, starts the app instead of @binary alone; a
        sandboxed app is found by @accessible_name, as its own process id
        is not the one the accessibility bus sees (it talks through
        Flatpak's D-Bus proxy)."""
        # Debug messages too: a token must not reach any of them.
        env = dict(env)
        env.setdefault("G_MESSAGES_DEBUG", "all")
        self.env = env
        self.own_log = None
        if log is None:
            self.own_log = tempfile.NamedTemporaryFile(prefix="influx-tokens-e2e-", suffix=".log",
                                                       delete=False)
            log = self.own_log
        self.log_path = log.name if hasattr(log, "name") else None
        self._cmdline = b""
        self.process = subprocess.Popen(argv or [binary], env=env, stdout=log, stderr=log)
        self.root = None
        end = time.time() + 30
        while self.root is None and time.time() < end:
            desktop = Atspi.get_desktop(0)
            for i in range(desktop.get_child_count()):
                child = desktop.get_child_at_index(i)
                try:
                    if child is None:
                        continue
                    if accessible_name is not None:
                        if child.get_name() == accessible_name and child.get_child_count() > 0:
                            self.root = child
                    elif child.get_process_id() == self.process.pid:
                        self.root = child
                except Exception:
                    pass
            time.sleep(0.2)

    def cmdline(self):
        with open(f"/proc/{self.process.pid}/cmdline", "rb") as f:
            self._cmdline = f.read()
            return self._cmdline

    def assert_no_leaks(self, tokens, saved=()):
        """Last step of an end-to-end test: no token the test used is on
        the command line, in what the app printed, in any file under the
        XDG directories it could write to, or in the keyring but as the
        secret of the app's own item for a token in @saved."""
        if self.process.poll() is None:
            self.cmdline()
        tap(not any(t.encode() in self._cmdline for t in tokens),
            "no token on the process's command line")
        printed = b""
        if self.log_path is not None:
            with open(self.log_path, "rb") as f:
                printed = f.read()
        tap(not any(t.encode() in printed for t in tokens),
            f"no token in stdout or stderr ({len(printed)} bytes read)")
        # The XDG directories are the test session's own; HOME may be the
        # machine's, whose files this app never writes outside them.
        dirs = [self.env.get(v) for v in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                                          "XDG_STATE_HOME", "XDG_RUNTIME_DIR")]
        hits = scan_for(tokens, [d for d in dirs if d and os.path.isdir(d)])
        tap(hits == [], f"no token in any file the app could write (GSettings' keyfile "
                        f"included): {hits}")
        hits, n_items = keyring_hits(tokens, saved)
        tap(hits == [], f"no token in the keyring ({n_items} items read) but as its own "
                        f"item's secret: {hits}")

    def wait_for_rows(self, prefix="Delete token"):
        return find(self.root, lambda n: n.get_role() == Atspi.Role.PUSH_BUTTON
                    and (n.get_name() or "").startswith(prefix) and visible(n), timeout=30)

    def quit(self):
        close = find(self.root, named(Atspi.Role.PUSH_BUTTON, "Close"))
        close.get_action_iface().do_action(0)
        try:
            return self.process.wait(15) == 0
        except subprocess.TimeoutExpired:
            self.process.kill()
            return False

    def stop(self):
        if self.own_log is not None:
            self.own_log.close()
            os.unlink(self.own_log.name)
            self.own_log = None
            self.log_path = None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class DemoServer:
    """The demo server binary: its URL, then "<kind> token: <value>" lines."""

    def __init__(self, binary, args=(), count=11):
        """@args: e.g. ["--mode=core"]; @count: how many token lines that
        mode prints (the v2 seed's 11 by default)."""
        self.process = subprocess.Popen([binary, *args], stdout=subprocess.PIPE, text=True)
        self.url = self.process.stdout.readline().strip()
        self.tokens = {}
        self.all_tokens = []
        for _ in range(count):
            kind, value = self.process.stdout.readline().strip().split(" token: ", 1)
            self.tokens.setdefault(kind, value)
            self.all_tokens.append(value)

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
