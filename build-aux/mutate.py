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

    build-aux/mutate.py [--list FILE] [--only NAME-PART] [--keep]

Run it through `build-aux/dev mutate`, which sets up the test session
(private D-Bus, throwaway keyring, Xvfb) around it.
"""

import argparse
import os
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", default=os.path.join(TOP, "build-aux", "mutants.txt"))
    parser.add_argument("--only", action="append",
                        help="run the mutants whose name contains this (may be repeated)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy")
    args = parser.parse_args()

    mutants = parse_mutants(args.list)
    if args.only:
        mutants = [m for m in mutants if any(part in m["name"] for part in args.only)]
    if not mutants:
        sys.exit("no mutants to run")

    scratch = tempfile.mkdtemp(prefix="influx-tokens-mutate-")
    tree = os.path.join(scratch, "tree")
    log = os.path.join(scratch, "mutate.log")
    shutil.copytree(TOP, tree, ignore=shutil.ignore_patterns("_build*", ".git"))
    build = os.path.join(tree, "_build")
    print(f"Scratch copy: {tree} (log: {log})", flush=True)
    if run(["meson", "setup", build], tree, log) != 0 or run(["ninja", "-C", build], tree, log) != 0:
        sys.exit(f"the unmutated copy does not build: see {log}")

    # Every named test must pass unmutated, or a "kill" would mean nothing.
    names = sorted({t for m in mutants for t in m["tests"]})
    if run(["meson", "test", "-C", build, "--no-rebuild", *names], tree, log, timeout=1800) != 0:
        sys.exit(f"the unmutated copy fails {' '.join(names)}: see {log}")

    killed, survived = [], []
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
                verdict = "killed"
                killed.append(m)
            else:
                verdict = "SURVIVED"
                survived.append(m)
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
            # The restored file must look new to ninja, whatever the clock did.
            now = time.time()
            os.utime(path, (now, now))
        print(f"{verdict:>24}  {m['name']}  [{' '.join(m['tests'])}, "
              f"{time.monotonic() - start:.0f} s]", flush=True)

    total = len(killed) + len(survived)
    print(f"\n{len(killed)} of {total} mutants killed ({100.0 * len(killed) / total:.0f}%)")
    for m in survived:
        print(f"  survived: {m['name']}")
    if not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0 if not survived else 1


if __name__ == "__main__":
    sys.exit(main())
