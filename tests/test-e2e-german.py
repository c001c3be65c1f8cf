#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""
The translation chain, end to end: the real binary with LANGUAGE=de finds
its German catalogue and speaks German in the window and the delete dialog.
"""
import os
import sys

from tokens_atspi import App, DemoServer, click, find, has_text, tap  # noqa: E402

APP, SERVER, LOCALEDIR = sys.argv[1], sys.argv[2], sys.argv[3]


def main():
    print("1..11", flush=True)
    server = DemoServer(SERVER)
    app = None
    try:
        env = dict(os.environ, INFLUX_HOST=server.url, INFLUX_TOKEN=server.tokens["operator"],
                   INFLUX_ORG="my-org", LANGUAGE="de", LC_ALL="C.UTF-8",
                   INFLUX_TOKENS_LOCALEDIR=LOCALEDIR, GTK_A11Y="atspi")
        env.pop("NO_AT_BRIDGE", None)
        app = App(APP, env)
        tap(app.root is not None, "the app appears on the accessibility bus")
        tap(has_text(app.root, "my-org auf 127.0.0.1"), "the title is German: “my-org auf 127.0.0.1”")
        tap(has_text(app.root, "9 Token · InfluxDB OSS 2.7.11"),
            "the count is German, of my-org’s tokens only: “9 Token · InfluxDB OSS 2.7.11”")
        tap(has_text(app.root, "Kein Token ausgewählt"), "the details pane is German")

        button = find(app.root, lambda n: n.get_name() == "Token „Home Assistant“ löschen")
        tap(button is not None, "the delete button's name is German: „Home Assistant“ löschen")
        button.get_action_iface().do_action(0)

        tap(has_text(app.root, "Token löschen?"), "the dialog asks “Token löschen?”")
        click(app.root, "the dialog offers “Stattdessen deaktivieren”", "Stattdessen", "deaktivieren")
        app.assert_no_leaks(server.all_tokens)
    finally:
        if app is not None:
            app.stop()
        server.stop()


if __name__ == "__main__":
    main()
