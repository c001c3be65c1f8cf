#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""
The Flatpak, end to end: the app as `build-aux/dev flatpak` installed it,
started with `flatpak run` inside tests/flatpak-session.sh (a private
D-Bus with xdg-desktop-portal, its GTK file chooser and gnome-keyring's
Secret portal backend, and nothing else of the host's), driven over
AT-SPI and the X keyboard as a person would.

1. The sandbox has no host files: the influx CLI's profiles file in the
   host's home is not seen, and importing it goes through the file chooser
   portal (the GTK dialog, typed into with the keyboard).
2. The imported server lists its tokens over the network; a single delete
   works, and the server confirms it.
3. The built-in demo server works; a server added through Add Server lists.
4. Tokens are kept through the Secret portal: in the app's own keyring
   under ~/.var/app/<id>/ (decrypted here with the key the portal keeps in
   gnome-keyring), not in the host's Secret Service collections, and in no
   other file; after the app is closed and started again, the saved server
   opens with its token.

    test-flatpak.py DEMO-SERVER-BINARY
with INFLUX_TOKENS_FLATPAK_DIR naming what `build-aux/dev flatpak` made
(_flatpak/: the installation and the unpacked portals). Without it the test
is skipped with a message, as on a packager's machine; build-aux/dev test
sets INFLUX_TOKENS_REQUIRE_FLATPAK, which makes that a failure instead.
"""
import csv
import hashlib
import hmac
import io
import os
import subprocess
import sys
import time

SERVER = sys.argv[1]
APP_ID = "io.github.influx_tokens.InfluxTokens"


def enter_session():
    """Runs this script again inside tests/flatpak-session.sh, unless it is there."""
    if os.environ.get("TOKENS_FLATPAK_NS"):
        return
    built = os.environ.get("INFLUX_TOKENS_FLATPAK_DIR", "")
    app = os.path.join(built, "installation", "app", APP_ID)
    portals = os.path.join(built, "portals", "root")
    why = None
    if os.geteuid() != 0:
        why = "its session needs root, for a private mount namespace (run the suite with sudo)"
    elif not built or not os.path.isdir(app) or not os.path.isdir(portals):
        why = "the Flatpak is not built (build-aux/dev flatpak builds it)"
    if why:
        if os.environ.get("INFLUX_TOKENS_REQUIRE_FLATPAK"):
            print(f"1..1\nnot ok 1 {why}: {built or 'INFLUX_TOKENS_FLATPAK_DIR unset'}", flush=True)
            sys.exit(1)
        print(f"1..0 # SKIP {why}", flush=True)
        sys.exit(0)
    env = dict(os.environ, FLATPAK_USER_DIR=os.path.join(built, "installation"),
               PYTHONPATH=os.path.dirname(os.path.abspath(__file__)))
    session = os.path.join(os.path.dirname(os.path.abspath(__file__)), "flatpak-session.sh")
    os.execve(session, [session, portals, sys.executable, os.path.abspath(__file__),
                        *sys.argv[1:]], env)


enter_session()

# In the session: tokens_atspi first, which skips the test where what it needs is missing.
from tokens_atspi import (App, DemoServer, click, find, has_text, list_ids, require_tools,  # noqa: E402
                          scan_for, show_logs, tap, type_into, visible)

import gi  # noqa: E402

gi.require_version("Atspi", "2.0")
gi.require_version("Secret", "1")
from gi.repository import Atspi, GLib, Secret  # noqa: E402

require_tools("xdotool")
HOME = os.environ["HOME"]
KEYRING = os.path.join(HOME, ".var", "app", APP_ID, "data", "keyrings", "default.keyring")
LOGS = []


def flatpak_env():
    """What flatpak run is given: the session's essentials, nothing of the test's own."""
    keep = ("PATH", "HOME", "XDG_RUNTIME_DIR", "DISPLAY", "DBUS_SESSION_BUS_ADDRESS",
            "FLATPAK_USER_DIR", "XDG_CURRENT_DESKTOP", "XAUTHORITY")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env["LANG"] = "C.UTF-8"
    return env


def start():
    log = open(os.path.join(HOME, f"app-{len(LOGS)}.log"), "wb")
    LOGS.append(log.name)
    argv = ["flatpak", "run", "--env=GSK_RENDERER=cairo", "--env=G_MESSAGES_DEBUG=all",
            "--env=GTK_A11Y=atspi", APP_ID]
    return App(None, flatpak_env(), log=log, argv=argv, accessible_name="influx-tokens")


def shot(name):
    """With INFLUX_TOKENS_FLATPAK_SHOTS=DIR, the whole screen as DIR/NAME.png, to look at."""
    where = os.environ.get("INFLUX_TOKENS_FLATPAK_SHOTS")
    if where:
        subprocess.run(["import", "-window", "root", os.path.join(where, name + ".png")], check=False)


def keys(*names):
    subprocess.run(["xdotool", "key", "--delay", "80", *names], check=True)


BUS = []  # held: a Secret Service session lives as long as its connection


def secrets_call(path, interface, method, args, reply):
    from gi.repository import Gio
    if not BUS:
        BUS.append(Gio.bus_get_sync(Gio.BusType.SESSION, None))
    return BUS[0].call_sync("org.freedesktop.secrets", path, interface, method, args,
                         GLib.VariantType(reply), 0, 10000, None).unpack()


def host_keyring():
    """Every item of every collection of the host's gnome-keyring, as
    {path: (label, attributes, secret bytes)}, read with the Secret Service's
    own D-Bus calls in a plain session: libsecret's SecretService cannot load
    a collection holding the Secret portal's item (gnome-keyring 42 lists it
    but answers "No such secret item" for its properties)."""
    service = "/org/freedesktop/secrets"
    props = "org.freedesktop.DBus.Properties"
    collections = secrets_call(service, props, "Get", GLib.Variant(
        "(ss)", ("org.freedesktop.Secret.Service", "Collections")), "(v)")[0]
    _output, session = secrets_call(service, "org.freedesktop.Secret.Service", "OpenSession",
                                    GLib.Variant("(sv)", ("plain", GLib.Variant("s", ""))), "(vo)")
    items = {}
    for collection in collections:
        paths = secrets_call(collection, props, "Get", GLib.Variant(
            "(ss)", ("org.freedesktop.Secret.Collection", "Items")), "(v)")[0]
        if not paths:
            continue
        for path in paths:
            secret = secrets_call(service, "org.freedesktop.Secret.Service", "GetSecrets",
                                  GLib.Variant("(aoo)", ([path], session)), "(a{o(oayays)})")[0]
            attributes = {}
            label = ""
            try:
                attributes = secrets_call(path, props, "Get", GLib.Variant(
                    "(ss)", ("org.freedesktop.Secret.Item", "Attributes")), "(v)")[0]
                label = secrets_call(path, props, "Get", GLib.Variant(
                    "(ss)", ("org.freedesktop.Secret.Item", "Label")), "(v)")[0]
            except GLib.Error:
                pass
            items[path] = (label, attributes, bytes(secret[path][2]) if path in secret else b"")
    return items


def portal_key():
    """The key the Secret portal keeps for the app in gnome-keyring (gnome-keyring
    42: an item whose only attribute is app_id)."""
    unlocked, _locked = secrets_call("/org/freedesktop/secrets", "org.freedesktop.Secret.Service",
                                     "SearchItems", GLib.Variant("(a{ss})", ({"app_id": APP_ID},)),
                                     "(aoao)")
    if len(unlocked) != 1:
        return None
    return host_keyring()[unlocked[0]][2]


def decrypt_keyring(path, key_material):
    """libsecret's file keyring, read as libsecret 0.20 writes it
    (secret-file-collection.c): a header and two version bytes, then a
    GVariant (salt size, salt, iterations, modified, usage count, items). The
    key is 16 bytes of PBKDF2-SHA256 over the portal's secret (so the cipher,
    named AES256 there, runs as AES-128); each item is its AES-CBC
    ciphertext ‖ IV ‖ HMAC-SHA256(ciphertext ‖ IV) under that key. Returns the
    items' plaintexts, or raises if a MAC does not match."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    with open(path, "rb") as f:
        data = f.read()
    header = b"GnomeKeyring\n\r\0\n"
    assert data.startswith(header) and data[16:18] == b"\x01\x00", "not a libsecret keyring file"
    variant = GLib.Variant.new_from_bytes(GLib.VariantType("(uayutua(a{say}ay))"),
                                          GLib.Bytes.new(data[18:]), False)
    _salt_size, salt, iterations, _modified, _usage, items = variant.unpack()
    key = hashlib.pbkdf2_hmac("sha256", key_material, bytes(salt), iterations, 16)
    plaintexts = []
    for _attributes, blob in items:
        blob = bytes(blob)
        ciphertext, iv, mac = blob[:-48], blob[-48:-32], blob[-32:]
        expected = hmac.new(key, ciphertext + iv, hashlib.sha256).digest()
        if not hmac.compare_digest(mac, expected):
            raise ValueError("an item's MAC does not match: wrong key or not libsecret's format")
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        plaintexts.append(decryptor.update(ciphertext) + decryptor.finalize())
    return plaintexts


def choose_in_portal_dialog(path, title="Choose the influx CLI Profiles File", save=False):
    """The portal's file chooser is a window of xdg-desktop-portal-gtk's, not the
    app's: found by its title on the X display, given the keyboard focus (there
    is no window manager), and typed into as a person would: Ctrl+L, the path,
    Enter. A save dialog's name field has the focus already: its suggested
    name is replaced by the whole path."""
    end = time.time() + 20
    wid = ""
    while not wid and time.time() < end:
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title],
                               capture_output=True, text=True)
        wid = found.stdout.split()[0] if found.stdout.split() else ""
        time.sleep(0.3)
    tap(bool(wid), "the file chooser portal shows its dialog (a window of the portal's, "
                   "not the app's)")
    subprocess.run(["xdotool", "windowfocus", "--sync", wid], check=True)
    time.sleep(0.5)
    keys("ctrl+a" if save else "ctrl+l")
    subprocess.run(["xdotool", "type", "--delay", "30", path], check=True)
    time.sleep(0.3)
    shot("file-chooser-portal-save" if save else "file-chooser-portal")
    keys("Return")


def main():
    print("1..42", flush=True)
    server = DemoServer(SERVER)
    apps = []
    try:
        url, operator, all_access = server.url, server.tokens["operator"], server.tokens["all-access"]
        tap(os.environ.get("XDG_RUNTIME_DIR", "").startswith("/run/user/"),
            "the session's runtime directory is /run/user/UID, as the sandbox expects")

        # The influx CLI's profiles, where the CLI keeps them on the host.
        configs = os.path.join(HOME, ".influxdbv2", "configs")
        os.makedirs(os.path.dirname(configs))
        with open(configs, "w") as f:
            f.write(f'[imported-lab]\n  url = "{url}"\n  token = "{all_access}"\n'
                    f'  org = "my-org"\n  active = true\n')
        os.chmod(configs, 0o600)

        perms = subprocess.run(["flatpak", "info", "--show-permissions", APP_ID], env=flatpak_env(),
                               capture_output=True, text=True, check=True).stdout
        tap("filesystems=" not in perms and "devices=" not in perms
            and "org.freedesktop.secrets" not in perms,
            "the app has no host files, no devices and no direct line to the Secret Service")

        # 1. Import through the file chooser portal.
        app = start()
        apps.append(app)
        tap(app.root is not None, "the sandboxed app appears on the accessibility bus")
        click(app.root, "the welcome page offers the import", "Import", "from", "influx", "CLI…")
        tap(has_text(app.root, "No influx CLI Profiles Found"),
            "the sandbox does not see the host's ~/.influxdbv2/configs")
        click(app.root, "the import dialog offers Choose File", "Choose", "File…")
        choose_in_portal_dialog(configs)
        row = find(app.root, lambda n: (n.get_name() or "").startswith("imported-lab") and visible(n))
        tap(row is not None, "the chosen file's profile is listed (read through the document portal)")
        click(app.root, "the import dialog offers Import", "Import", exact=True)
        tap(app.wait_for_rows() is not None, "the imported server lists its tokens over the network")
        time.sleep(1)
        shot("sandboxed-list")

        # 2. A single delete, confirmed by the server.
        before = len(list_ids(url, operator))
        button = app.wait_for_rows()
        name = button.get_name() if button is not None else ""
        click(app.root, f"the first row's delete button ({name})", *name.split(), exact=True)
        click(app.root, "the confirmation offers Delete", "Delete", exact=True)
        end = time.time() + 15
        while len(list_ids(url, operator)) == before and time.time() < end:
            time.sleep(0.2)
        tap(len(list_ids(url, operator)) == before - 1, "the server no longer has the deleted token")
        time.sleep(6)  # the dialog closes and the toast comes and goes

        # Export: the list written to a host file the app may not see, through
        # the file chooser portal's save dialog.
        exported = os.path.join(HOME, "Documents", "exported-tokens.csv")
        os.makedirs(os.path.dirname(exported), exist_ok=True)
        click(app.root, "the main menu opens", "Main", "Menu")
        click(app.root, "the main menu offers Export as CSV…", "Export", "as", "CSV…",
              role=Atspi.Role.MENU_ITEM)
        choose_in_portal_dialog(exported, title="Export as CSV", save=True)
        end = time.time() + 15
        while not os.path.exists(exported) and time.time() < end:
            time.sleep(0.2)
        text = open(exported, encoding="utf-8", newline="").read() if os.path.exists(exported) else ""
        rows = list(csv.reader(io.StringIO(text)))
        # The app signs in with the imported all-access token: it lists what that one may read.
        tap(len(rows) == len(list_ids(url, all_access)) + 1 and rows[0][:1] == ["id"],
            f"the export reached the host file through the portal: a header and one row per "
            f"token ({len(rows)} rows)")
        tap(text != "" and not any(t in text for t in server.all_tokens),
            "the exported file holds no token's value")
        time.sleep(5)  # the toast comes and goes

        # 3. The demo server, and Add Server.
        click(app.root, "the title is the server switcher", "Switch", "Server")
        click(app.root, "the switcher offers the demo", "Demo", "Server", role=Atspi.Role.MENU_ITEM)
        tap(has_text(app.root, "Demo Server"), "the built-in demo server opens in the sandbox")
        tap(app.wait_for_rows() is not None, "the demo's tokens are listed")
        click(app.root, "the title is the server switcher", "Switch", "Server")
        click(app.root, "the switcher offers Add Server", "Add", "Server…", role=Atspi.Role.MENU_ITEM)
        type_into(app.root, "Name", "Lab")
        type_into(app.root, "Server URL", url)
        type_into(app.root, "API Token", operator)
        click(app.root, "the dialog offers Connect", "Connect", exact=True)
        tap(app.wait_for_rows() is not None, "the added server's tokens are listed")
        tap(app.quit(), "the app quits when its window is closed")

        # 4. Where the tokens are.
        tap(os.path.exists(KEYRING), f"the app's own keyring is at ~/.var/app/{APP_ID}/data/keyrings/")
        key = portal_key()
        tap(key is not None and len(key) >= 32,
            "gnome-keyring holds the Secret portal's key for the app (one item, app_id only)")
        plaintexts = decrypt_keyring(KEYRING, key)
        both = [t for t in (operator, all_access) if any(t.encode() in p for p in plaintexts)]
        tap(len(plaintexts) == 2 and len(both) == 2,
            f"decrypted with that key, the app's keyring holds both tokens ({len(plaintexts)} items)")
        service_items = Secret.password_search_sync(
            Secret.Schema.new(APP_ID, Secret.SchemaFlags.NONE, {}), {},
            Secret.SearchFlags.ALL, None)
        tap(service_items == [], "the host's Secret Service has no item of the app's schema")
        items = host_keyring()
        hits = [path for path, (label, attributes, secret) in items.items()
                if any(t.encode() in secret or t in label + "".join(attributes.values())
                       for t in server.all_tokens)]
        tap(hits == [], f"no token in any of the host keyring's {len(items)} items: {hits}")

        # Closed and started again: the token comes back through the portal.
        app = start()
        apps.append(app)
        tap(app.root is not None, "the app starts again")
        tap(app.wait_for_rows() is not None, "the saved server opens with its token from the portal keyring")
        tap(has_text(app.root, "Lab"), "it is the server saved last")
        tap(app.quit(), "the app quits again")

        # The profiles file itself is there twice more: the document portal's
        # views of it (the one file the app was given), under /run/user/UID/doc.
        doc = os.path.join(os.environ["XDG_RUNTIME_DIR"], "doc") + os.sep
        hits = scan_for(server.all_tokens, [HOME, os.environ["XDG_RUNTIME_DIR"]])
        hits = [h for h in hits if h != configs and not h.startswith(doc)]
        tap(hits == [], f"no token in any other file under the home or the runtime directory "
                        f"(keyrings apart): {hits}")
        keyrings = []
        for dirpath, _dirs, files in os.walk(HOME):
            if os.path.basename(dirpath) == "keyrings":
                keyrings += [os.path.join(dirpath, f) for f in files]
        plain = [k for k in keyrings if any(t.encode() in open(k, "rb").read() for t in server.all_tokens)]
        tap(plain == [], f"no keyring file holds a token in the clear ({len(keyrings)} files): {plain}")
        printed = b"".join(open(name, "rb").read() for name in LOGS)
        print(f"# the Secret portal was asked again {printed.count(b'asking again')} times "
              f"(libsecret 0.20's missed answer)", flush=True)
        tap(printed.count(b"DEBUG") > 0 and not any(t.encode() in printed for t in server.all_tokens),
            f"no token in what the app printed ({printed.count(b'DEBUG')} debug lines)")
    except SystemExit:
        show_logs(LOGS)
        raise
    finally:
        for app in apps:
            app.stop()
        server.stop()


if __name__ == "__main__":
    main()
