#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""
INFLUX_HOST over plain http:// to another computer: the real binary asks
before it sends the token, and sends nothing if the answer is Cancel.

0.0.0.0 is not a loopback address to the app (so it asks), but Linux
delivers a connection to it on this machine: the listener below counts what
the app would have sent, and no packet leaves the machine.
"""
import os
import socket
import sys
import threading
import time

from tokens_atspi import App, click, has_text, tap  # noqa: E402

APP = sys.argv[1]


class Listener:
    """Counts connections on a loopback port, and closes each at once."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.count = 0
        self.running = True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        end = time.time() + 120
        while self.running and time.time() < end:
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            self.count += 1
            conn.close()

    def stop(self):
        self.running = False
        self.thread.join()
        self.sock.close()


def launch(listener):
    env = dict(os.environ, INFLUX_HOST=f"http://0.0.0.0:{listener.port}",
               INFLUX_TOKEN="e2e-insecure-token", GTK_A11Y="atspi")
    env.pop("NO_AT_BRIDGE", None)
    return App(APP, env)


def main():
    print("1..10", flush=True)
    listener = Listener()
    app = None
    try:
        app = launch(listener)
        tap(has_text(app.root, "Send the Token Unencrypted?"), "the app asks before it sends the token")
        time.sleep(1.5)
        tap(listener.count == 0, "nothing was sent while it asks")
        click(app.root, "Cancel is offered", "Cancel")
        time.sleep(1.5)
        tap(listener.count == 0, "after Cancel nothing was sent")
        app.stop()

        app = launch(listener)
        click(app.root, "Connect Anyway is offered", "Connect", "Anyway")
        end = time.time() + 15
        while listener.count == 0 and time.time() < end:
            time.sleep(0.1)
        tap(listener.count > 0, "after Connect Anyway the app connects")
        app.assert_no_leaks(["e2e-insecure-token"])
    finally:
        if app is not None:
            app.stop()
        listener.stop()


if __name__ == "__main__":
    main()
