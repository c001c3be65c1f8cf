#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The project's own mutation run.

Each mutant in build-aux/mutants.txt is a deliberate bug in the code that
keeps tokens safe: one exact piece of text in one file, replaced by another.
For each, this script applies it in a scratch copy of the tree, builds, runs
the tests the mutant names, and reports whether they caught it (killed) or
not (survived). The copy is built once; each mutant costs an incremental
build and its tests. No mutation tool for C is packaged in Debian 12, so
this is small and our own.

    build-aux/mutate.py [--list FILE] [--only NAME-PART] [--fast] [--in-place BUILD-DIR] [--keep]

--fast runs the mutants marked "## fast:" (the subset `build-aux/dev test`
runs on every CI run); --in-place mutates this tree itself and uses its
existing build directory, restoring each file after its mutant, so the
subset costs no second full build.

A kill is reported with how it happened: "assertion" when a test said
what was wrong (a failed TAP step or g_assert), "critical", "crash" or
"timeout" otherwise. Only assertions are what the issue asks for; the
others are counted and named, so a lucky kill is never mistaken for a
test that catches.

Run it through `build-aux/dev mutate`, which sets up the test session
(private D-Bus, throwaway keyring, Xvfb) around it.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse_mutants(path):
    """Mutants are blocks: '## name:', '## file:', '## tests:', then lines
    starting '- ' (the text to find, exactly once) and '+ ' (its
    replacement). Several '-'/'+' lines join with newlines; '## and:'
    starts another replacement in the same file."""
    mutants, current = [], None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.startswith("## name:"):
                current = {"name": line[8:].strip(), "old": [], "new": [], "more": []}
                mutants.append(current)
            elif line.startswith("## and:") and current is not None:
                # One more replacement in the same file, for a bug in two places.
                current["more"].append((current["old"], current["new"]))
                current["old"], current["new"] = [], []
            elif current is None or not line.strip() or line.startswith("#") and not line.startswith("##"):
                continue
            elif line.startswith("## fast:"):
                current["fast"] = True
            elif line.startswith("## file:"):
                current["file"] = line[8:].strip()
            elif line.startswith("## tests:"):
                current["tests"] = line[9:].split()
            elif line.startswith("- ") or line == "-":
                current["old"].append(line[2:])
            elif line.startswith("+ ") or line == "+":
                current["new"].append(line[2:])
    for m in mutants:
        m["edits"] = [("\n".join(o), "\n".join(n)) for o, n in m.pop("more") + [(m["old"], m["new"])]]
        for key in ("file", "tests"):
            if key not in m:
                sys.exit(f"mutant {m['name']!r} has no '## {key}:' line")
    return mutants


def run(cmd, cwd, log, timeout=None):
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"\n$ {' '.join(cmd)}\n")
        out.flush()
        try:
            return subprocess.run(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                  timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            out.write("(timed out: counted as caught)\n")
            return -1


def how_caught(build):
    """How the failing tests failed, from meson's own log of the last run."""
    kinds = set()
    try:
        with open(os.path.join(build, "meson-logs", "testlog.json"), encoding="utf-8") as f:
            results = [json.loads(line) for line in f if line.strip()]
    except (OSError, ValueError):
        return "unknown"
    for r in results:
        if r.get("result") in ("OK", "SKIP", "EXPECTEDFAIL"):
            continue
        out = (r.get("stdout") or "") + (r.get("stderr") or "")
        if r.get("result") == "TIMEOUT":
            kinds.add("timeout")
        # A failed TAP step of the Python tests, or any g_assert*() of GLib's
        # ("ERROR:file.c:12:func: assertion failed …", "… should be NULL").
        elif re.search(r"^not ok |ERROR:[^:\s]+:\d+:[^:\s]+: ", out, re.M):
            kinds.add("assertion")
        elif "-CRITICAL **" in out:
            kinds.add("critical")
        else:
            kinds.add("crash")
    # One assertion is enough: a test said what was wrong.
    return "assertion" if "assertion" in kinds else "+".join(sorted(kinds)) or "unknown"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", default=os.path.join(TOP, "build-aux", "mutants.txt"))
    parser.add_argument("--only", action="append",
                        help="run the mutants whose name contains this (may be repeated)")
    parser.add_argument("--fast", action="store_true", help="only the mutants marked '## fast:'")
    parser.add_argument("--in-place", metavar="BUILD-DIR",
                        help="mutate this tree and use its existing build directory")
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy")
    args = parser.parse_args()

    mutants = parse_mutants(args.list)
    if args.only:
        mutants = [m for m in mutants if any(part in m["name"] for part in args.only)]
    if args.fast:
        mutants = [m for m in mutants if m.get("fast")]
    if not mutants:
        sys.exit("no mutants to run")

    scratch = tempfile.mkdtemp(prefix="influx-tokens-mutate-")
    log = os.path.join(scratch, "mutate.log")
    if args.in_place:
        tree, build = TOP, os.path.abspath(args.in_place)
        print(f"In place, build directory {build} (log: {log})", flush=True)
    else:
        tree = os.path.join(scratch, "tree")
        shutil.copytree(TOP, tree, ignore=shutil.ignore_patterns("_build*", "_flatpak", ".git"))
        build = os.path.join(tree, "_build")
        print(f"Scratch copy: {tree} (log: {log})", flush=True)
        if run(["meson", "setup", build], tree, log) != 0:
            sys.exit(f"the unmutated copy does not configure: see {log}")
    if run(["ninja", "-C", build], tree, log) != 0:
        sys.exit(f"the unmutated tree does not build: see {log}")

    # Every named test must pass unmutated, or a "kill" would mean nothing.
    names = sorted({t for m in mutants for t in m["tests"]})
    if run(["meson", "test", "-C", build, "--no-rebuild", *names], tree, log, timeout=1800) != 0:
        sys.exit(f"the unmutated copy fails {' '.join(names)}: see {log}")

    killed, survived, lucky = [], [], []
    for m in mutants:
        path = os.path.join(tree, m["file"])
        with open(path, encoding="utf-8") as f:
            original = f.read()
        mutated = original
        for old, new in m["edits"]:
            count = mutated.count(old)
            if count != 1:
                sys.exit(f"mutant {m['name']!r}: its text occurs {count} times in {m['file']} "
                         "(the list is out of date)")
            mutated = mutated.replace(old, new)
        with open(path, "w", encoding="utf-8") as f:
            f.write(mutated)
        start = time.monotonic()
        try:
            if run(["ninja", "-C", build], tree, log) != 0:
                verdict = "killed (does not build)"
                killed.append(m)
            elif run(["meson", "test", "-C", build, "--no-rebuild", *m["tests"]], tree, log,
                     timeout=900) != 0:
                how = how_caught(build)
                verdict = f"killed ({how})"
                killed.append(m)
                if how != "assertion":
                    lucky.append((m, how))
            else:
                verdict = "SURVIVED"
                survived.append(m)
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
            # The restored file must look new to ninja, whatever the clock did.
            now = time.time()
            os.utime(path, (now, now))
        print(f"{verdict:>28}  {m['name']}  [{' '.join(m['tests'])}, "
              f"{time.monotonic() - start:.0f} s]", flush=True)
    if args.in_place:
        # Leave the build directory built from the tree as it is.
        run(["ninja", "-C", build], tree, log)

    total = len(killed) + len(survived)
    print(f"\n{len(killed)} of {total} mutants killed ({100.0 * len(killed) / total:.0f}%)")
    for m in survived:
        print(f"  survived: {m['name']}")
    for m, how in lucky:
        print(f"  killed without an assertion ({how}): {m['name']}")
    if not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0 if not survived else 1


if __name__ == "__main__":
    sys.exit(main())
