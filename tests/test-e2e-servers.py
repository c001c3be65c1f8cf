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
5. Along the way: open the demo server, delete a token.
6. With G_MESSAGES_DEBUG=all throughout, no token string is in the app's
   stdout or stderr, any file under the config, data, cache and runtime
   directories (the keyring's own files excepted), GSettings, or the
   process's command line.
"""
import os
import shutil
import sys
import tempfile
import time

# First: it skips the test where what it needs is missing.
from tokens_atspi import (App as BaseApp, DemoServer, click, find, has_text, keyring_hits,  # noqa: E402
                          list_ids, scan_for, show_logs, tap, type_into)

import gi  # noqa: E402

gi.require_version("Atspi", "2.0")
gi.require_version("Secret", "1")
from gi.repository import Atspi, Secret  # noqa: E402

APP, SERVER = sys.argv[1], sys.argv[2]
APP_ID = "io.github.influx_tokens.InfluxTokens"
SCHEMA = Secret.Schema.new(APP_ID, Secret.SchemaFlags.NONE,
                           {"server-id": Secret.SchemaAttributeType.STRING,
                            "url": Secret.SchemaAttributeType.STRING})


def saved_secrets():
    flags = Secret.SearchFlags.ALL | Secret.SearchFlags.UNLOCK | Secret.SearchFlags.LOAD_SECRETS
    items = Secret.password_search_sync(SCHEMA, {}, flags, None)
    return sorted(item.retrieve_secret_sync(None).get_text() for item in items)


LOGS = []


def App(env):
    log = open(os.path.join(env["INFLUX_TOKENS_TEST_LOGS"], f"app-{len(LOGS)}.log"), "wb")
    LOGS.append(log.name)
    return BaseApp(APP, env, log=log)


def main():
    print("1..38", flush=True)
    scratch = tempfile.mkdtemp(prefix="tokens-e2e-servers-")
    server = DemoServer(SERVER)
    apps = []
    try:
        url = server.url
        operator = server.tokens["operator"]
        all_access = server.tokens["all-access"]

        home = os.path.join(scratch, "home")
        dirs = {name: os.path.join(scratch, name) for name in ("config", "data", "cache", "runtime")}
        logs = os.path.join(scratch, "logs")
        for d in list(dirs.values()) + [home, logs]:
            os.makedirs(d)
        os.chmod(dirs["runtime"], 0o700)
        os.makedirs(os.path.join(home, ".influxdbv2"))
        configs = os.path.join(home, ".influxdbv2", "configs")
        with open(configs, "w") as f:
            f.write(f'[imported-lab]\n  url = "{url}"\n  token = "{all_access}"\n'
                    f'  org = "my-org"\n  active = true\n')
        os.chmod(configs, 0o600)

        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=dirs["config"],
                   XDG_DATA_HOME=dirs["data"], XDG_CACHE_HOME=dirs["cache"],
                   XDG_RUNTIME_DIR=dirs["runtime"], GSETTINGS_BACKEND="keyfile",
                   GTK_A11Y="atspi", G_MESSAGES_DEBUG="all", INFLUX_TOKENS_TEST_LOGS=logs)
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
        cmdline = app.cmdline()
        tap(operator.encode() not in cmdline and all_access.encode() not in cmdline,
            "no token on the process's command line")

        # Delete a token on it, and check with the server rather than by
        # walking the tree: GTK 4.8 can crash when an AT-SPI client asks for
        # a child while the list and the toast overlay are changing (its
        # GetChildAtIndex answers with a child that has no object path yet).
        before = len(list_ids(url, operator))
        click(app.root, "Home Assistant's delete button", "Delete", "token", "“Home", "Assistant”")
        click(app.root, "the confirmation offers Delete", "Delete", exact=True)
        end = time.time() + 15
        while len(list_ids(url, operator)) == before and time.time() < end:
            time.sleep(0.2)
        tap(len(list_ids(url, operator)) == before - 1, "the server no longer has the deleted token")
        # Let the dialog close and the toast come and go before walking again.
        time.sleep(6)
        tap(app.process.poll() is None, "the app is still running")

        # The demo server, one click from the switcher.
        click(app.root, "the title is the server switcher", "Switch", "Server")
        click(app.root, "the switcher offers the demo", "Demo", "Server", role=Atspi.Role.MENU_ITEM)
        tap(has_text(app.root, "Demo Server"), "the demo server opens")
        tap(app.wait_for_rows() is not None, "the demo's tokens are listed")
        click(app.root, "the title is the server switcher", "Switch", "Server")
        click(app.root, "the switcher offers the saved server", "Lab", role=Atspi.Role.MENU_ITEM, exact=True)
        tap(app.wait_for_rows() is not None, "back on the saved server")

        # 3. Remove it.
        click(app.root, "the title is the server switcher", "Switch", "Server")
        click(app.root, "the switcher offers Remove This Server", "Remove", "This", "Server…",
              role=Atspi.Role.MENU_ITEM)
        click(app.root, "the confirmation offers Remove", "Remove", exact=True)
        end = time.time() + 15
        while saved_secrets() and time.time() < end:
            time.sleep(0.2)
        tap(saved_secrets() == [], "libsecret no longer finds the token")
        tap(has_text(app.root, "Welcome to Influx Tokens"), "with no server left, the welcome page is back")

        # 4. Import the influx CLI's profile.
        click(app.root, "the welcome page offers the import", "Import", "from", "influx", "CLI…")
        click(app.root, "the import dialog offers Import", "Import", exact=True)
        tap(app.wait_for_rows() is not None, "the imported server opens")
        tap(saved_secrets() == [all_access], "the imported token is in the keyring")
        tap(app.quit(), "the app quits")

        # 6. No token anywhere else.
        outer = [os.environ.get(v) for v in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                                             "XDG_RUNTIME_DIR")]
        hits = scan_for([operator, all_access], list(dirs.values()) + [d for d in outer if d])
        tap(hits == [], f"no token in any file under config, data, cache or runtime: {hits}")
        debug_lines = 0
        for name in LOGS:
            with open(name, "rb") as f:
                debug_lines += f.read().count(b"DEBUG")
        hits = scan_for([operator, all_access], [logs])
        tap(debug_lines > 0 and hits == [],
            f"no token in stdout or stderr ({debug_lines} debug lines read): {hits}")
        keyfile = os.path.join(dirs["config"], "glib-2.0", "settings", "keyfile")
        with open(keyfile) as f:
            settings = f.read()
        tap("imported-lab" in settings and operator not in settings and all_access not in settings,
            "GSettings holds the server, not its token")
        hits, n_items = keyring_hits(server.all_tokens, saved=[all_access])
        tap(hits == [], f"no token in the keyring ({n_items} items read) but the imported "
                        f"server's own item: {hits}")
    except SystemExit:
        # A failed step: show what the app said, for the person reading the log.
        show_logs(LOGS)
        raise
    finally:
        for app in apps:
            app.stop()
        server.stop()
        # Leave the session's keyring as it was found, for the tests after this one.
        Secret.password_clear_sync(SCHEMA, {}, None)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
