#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Make a local stand-in for the GNOME runtime and SDK out of Debian's own packages.

Where the GNOME runtime cannot be downloaded (a machine with Debian's mirror but
no Flathub), `build-aux/dev flatpak` builds the app against this instead. It is
named for what it is, io.github.influx_tokens.StandIn.{Platform,Sdk} (never
org.gnome.*), holds only what the app needs to run (Platform) and to build
(Sdk), and is made from the very packages (name and version) installed on this
machine, downloaded again with apt-get so nothing of the machine's own /usr or
/etc leaks in.

    flatpak-standin.py CACHE_DIR

installs both into the Flatpak user installation named by $FLATPAK_USER_DIR
(a scratch one: build-aux/dev sets it) and keeps the downloads, the trees and
the OSTree repository in CACHE_DIR; a second run with the same packages and
the same script installs nothing new and takes a few seconds.
"""

import glob
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile

PLATFORM = "io.github.influx_tokens.StandIn.Platform"
SDK = "io.github.influx_tokens.StandIn.Sdk"
BRANCH = "bookworm"
ARCH = "x86_64"
REMOTE = "influx-tokens-standin"

# What the app needs at run time: its libraries (the same as meson.build's),
# TLS for libsoup, and what any GTK app draws with (fonts, icons, MIME data,
# image loaders, the desktop's settings schemas).
PLATFORM_ROOTS = [
    "libc-bin",  # ldconfig, for the library cache
    "libgtk-4-1", "libadwaita-1-0", "libsoup-3.0-0", "libjson-glib-1.0-0", "libsecret-1-0",
    "libglib2.0-0", "libglib2.0-bin", "glib-networking", "gsettings-desktop-schemas",
    "adwaita-icon-theme", "hicolor-icon-theme", "librsvg2-common", "shared-mime-info",
    "fonts-cantarell", "fonts-dejavu-core", "fontconfig-config",
    # libglvnd's loaders only: with no GPU driver in the stand-in, GTK finds no
    # GL and draws with cairo, as under a GNOME runtime whose GL extension is missing.
    "libegl1", "libgl1",
]

# What building it needs, on top: the compiler and meson, the -dev packages,
# the tools data/meson.build runs, and the ones flatpak-builder itself runs in
# the SDK (appstream-compose, xmllint, eu-strip and debugedit's helpers).
SDK_ROOTS = PLATFORM_ROOTS + [
    "bash", "dash", "coreutils", "sed", "grep", "findutils", "diffutils", "tar", "gzip",
    "mawk", "file", "patch",
    "gcc", "libc6-dev", "binutils", "pkg-config", "meson", "ninja-build", "gettext",
    "libgtk-4-dev", "libadwaita-1-dev", "libsoup-3.0-dev", "libjson-glib-dev",
    "libsecret-1-dev", "libglib2.0-dev", "libglib2.0-dev-bin", "libgtk-4-bin",
    "desktop-file-utils", "appstream", "appstream-util", "libxml2-utils", "elfutils",
]

# Pulled in by dependencies but of no use inside a runtime: the package
# manager, init system and the like (their libraries stay).
EXCLUDE = {
    "debconf", "dpkg", "perl-base", "init-system-helpers", "sensible-utils", "ucf",
    "adduser", "passwd", "login", "systemd", "systemd-sysv", "dbus", "dbus-bin",
    "dbus-daemon", "dbus-session-bus-common", "dbus-system-bus-common", "dbus-user-session",
    "libpam-systemd", "libpam-modules", "libpam-modules-bin", "libpam-runtime",
    "install-info", "dconf-service", "dconf-gsettings-backend", "at-spi2-core",
    "xdg-desktop-portal", "xdg-desktop-portal-gtk",
    # Mesa's drivers (half a gigabyte with LLVM): a GNOME runtime keeps them in
    # a GL extension of their own, and nothing here has a GPU.
    "libgl1-mesa-dri", "libegl-mesa0", "libglx-mesa0", "libllvm15", "libz3-4", "libgbm1",
}

# Leaving these out keeps the trees a third smaller; nothing reads them.
SKIP_PREFIXES = ("usr/share/doc/", "usr/share/man/", "usr/share/info/", "usr/share/lintian/",
                 "usr/share/bug/")


def run(*args, **kw):
    return subprocess.run(args, check=True, **kw)


def installed_packages():
    """name → (version, arch, [dependency alternatives]) for every installed package."""
    fmt = "${Package}\t${Version}\t${Architecture}\t${Status}\t${Pre-Depends}\t${Depends}\t${Provides}\n"
    out = subprocess.run(["dpkg-query", "-W", "-f", fmt], check=True, capture_output=True,
                         text=True).stdout
    pkgs, provides = {}, {}
    for line in out.splitlines():
        name, version, arch, status, pre, deps, prov = line.split("\t")
        if not status.endswith(" installed"):
            continue
        alts = []
        for clause in filter(None, (c.strip() for c in (pre + "," + deps).split(","))):
            alts.append([re.sub(r"[ (:].*", "", a.strip()) for a in clause.split("|")])
        pkgs[name] = (version, arch, alts)
        for p in filter(None, (p.strip() for p in prov.split(","))):
            provides.setdefault(re.sub(r"[ (:].*", "", p), []).append(name)
    return pkgs, provides


def closure(roots, pkgs, provides):
    """The installed packages the roots need, each dependency met the way this machine meets it."""
    missing = [r for r in roots if r not in pkgs]
    if missing:
        sys.exit(f"flatpak-standin: not installed here: {' '.join(missing)} "
                 "(run build-aux/dev deps)")
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in seen or name in EXCLUDE:
            continue
        seen.add(name)
        for alts in pkgs[name][2]:
            met = [a for a in alts if a in pkgs] or [p for a in alts for p in provides.get(a, [])]
            if met and not any(m in EXCLUDE for m in met):
                todo.append(met[0])
    return sorted(seen)


def deb_path(debs, name, version, arch):
    """The package's .deb: this machine's version, or else the mirror's (see download)."""
    exact = os.path.join(debs, f"{name}_{version.replace(':', '%3a')}_{arch}.deb")
    if os.path.exists(exact):
        return exact
    other = sorted(glob.glob(os.path.join(glob.escape(debs), f"{glob.escape(name)}_*_{arch}.deb")))
    return other[-1] if other else None


def download(names, pkgs, debs):
    """This machine's versions where the mirror still has them; where a newer update replaced
    one (the machine is behind the mirror), the mirror's current version of the same package."""
    os.makedirs(debs, exist_ok=True)
    want = [n for n in names if not deb_path(debs, n, pkgs[n][0], pkgs[n][1])]
    if not want:
        return
    print(f"flatpak-standin: downloading {len(want)} packages", file=sys.stderr)
    got = subprocess.run(["apt-get", "download", "-q", *(f"{n}={pkgs[n][0]}" for n in want)],
                         cwd=debs, capture_output=True, text=True)
    gone = re.findall(r"Can't find a source to download version '[^']*' of '([^':]+)", got.stderr)
    if got.returncode != 0 and not gone:
        sys.exit(f"flatpak-standin: apt-get download failed:\n{got.stderr}")
    if gone:
        # apt-get stops at the first version it cannot find: the rest, by exact version again.
        rest = [n for n in want if n not in gone and not deb_path(debs, n, pkgs[n][0], pkgs[n][1])]
        again = subprocess.run(["apt-get", "download", "-q", *gone, *(f"{n}={pkgs[n][0]}" for n in rest)],
                               cwd=debs, capture_output=True, text=True)
        if again.returncode != 0:
            sys.exit(f"flatpak-standin: apt-get download failed:\n{again.stderr}")


def map_member(name):
    """A path in a .deb → its path in the runtime's files/ (which the sandbox mounts at /usr)."""
    name = name[2:] if name.startswith("./") else name
    if name.startswith(SKIP_PREFIXES) or name in ("", "."):
        return None
    for merged in ("bin/", "sbin/", "lib/", "lib64/"):
        if name.startswith(merged) or name + "/" == merged:
            name = "usr/" + name
    if name.startswith("usr/"):
        return name[len("usr/"):]
    if name.startswith("etc/"):
        return name
    return None  # var/, opt/ and the like: not part of a runtime


def unpack(deb, files):
    tar_bytes = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], check=True,
                               capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar_bytes)) as tar:
        for m in tar.getmembers():
            dest = map_member(m.name)
            if not dest:
                continue
            path = os.path.join(files, dest)
            if m.isdir():
                os.makedirs(path, exist_ok=True)
                continue
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if os.path.lexists(path):
                os.unlink(path)
            if m.issym():
                os.symlink(m.linkname, path)
            elif m.islnk():
                target = map_member(m.linkname)
                if target:
                    shutil.copy2(os.path.join(files, target), path, follow_symlinks=False)
            elif m.isfile():
                with tar.extractfile(m) as src, open(path, "wb") as out:
                    shutil.copyfileobj(src, out)
                os.chmod(path, m.mode & 0o7777)


def alternatives(files):
    """Debian's alternatives (cc, awk, …) are made by maintainer scripts, not shipped: repeat them."""
    out = subprocess.run(["update-alternatives", "--get-selections"], capture_output=True,
                         text=True).stdout
    for line in out.splitlines():
        name = line.split()[0]
        q = subprocess.run(["update-alternatives", "--query", name], capture_output=True,
                           text=True).stdout
        link = re.search(r"^Link: (.*)$", q, re.M)
        value = re.search(r"^Value: (.*)$", q, re.M)
        if not link or not value:
            continue
        dest, target = map_member("." + link.group(1)), map_member("." + value.group(1))
        if dest and target and os.path.lexists(os.path.join(files, target)) \
                and not os.path.lexists(os.path.join(files, dest)):
            os.makedirs(os.path.dirname(os.path.join(files, dest)), exist_ok=True)
            os.symlink("/usr/" + target, os.path.join(files, dest))


def in_tree(files, *cmd):
    """Runs a command of the tree's own with the tree as /usr, as the sandbox will see it."""
    run("bwrap", "--bind", files, "/usr", "--bind", os.path.join(files, "etc"), "/etc",
        "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
        "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
        "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--unshare-all",
        "--setenv", "PATH", "/usr/bin:/usr/sbin", *cmd)


def finish_tree(files):
    """What Debian's triggers would have done on install."""
    etc = os.path.join(files, "etc")
    os.makedirs(os.path.join(etc, "ssl", "certs"), exist_ok=True)
    # The machine's CA bundle (made by update-ca-certificates), for https servers.
    bundle = "/etc/ssl/certs/ca-certificates.crt"
    if os.path.exists(bundle):
        shutil.copy(bundle, os.path.join(etc, "ssl", "certs"))
    with open(os.path.join(etc, "ld.so.conf"), "w") as f:
        f.write("/app/lib\n/app/lib/x86_64-linux-gnu\ninclude /etc/ld.so.conf.d/*.conf\n")
    alternatives(files)
    triplet = "x86_64-linux-gnu"
    in_tree(files, "ldconfig")
    in_tree(files, "glib-compile-schemas", "/usr/share/glib-2.0/schemas")
    in_tree(files, f"/usr/lib/{triplet}/glib-2.0/gio-querymodules", f"/usr/lib/{triplet}/gio/modules")
    in_tree(files, f"/usr/lib/{triplet}/gdk-pixbuf-2.0/gdk-pixbuf-query-loaders", "--update-cache")
    in_tree(files, "update-mime-database", "/usr/share/mime")
    if os.path.exists(os.path.join(files, "bin", "gtk4-update-icon-cache")):
        for theme in ("hicolor", "Adwaita"):
            in_tree(files, "gtk4-update-icon-cache", "-q", "-t", "-f", f"/usr/share/icons/{theme}")


def metadata(path, name):
    with open(path, "w") as f:
        f.write(f"[Runtime]\nname={name}\nruntime={PLATFORM}/{ARCH}/{BRANCH}\n"
                f"sdk={SDK}/{ARCH}/{BRANCH}\n")


def make(kind, name, names, pkgs, cache):
    """One runtime: its tree from the packages, exported into the cache's repository."""
    stamp_text = json.dumps([[n, pkgs[n][0]] for n in names]) + open(__file__).read()
    stamp = hashlib.sha256(stamp_text.encode()).hexdigest()
    top = os.path.join(cache, kind)
    stamp_file = os.path.join(top, "stamp")
    if os.path.exists(stamp_file) and open(stamp_file).read() == stamp:
        return False
    print(f"flatpak-standin: making {name} from {len(names)} Debian packages", file=sys.stderr)
    shutil.rmtree(top, ignore_errors=True)
    files = os.path.join(top, "files")
    os.makedirs(os.path.join(files, "etc"))
    for n in names:
        unpack(deb_path(os.path.join(cache, "debs"), n, pkgs[n][0], pkgs[n][1]), files)
    finish_tree(files)
    metadata(os.path.join(top, "metadata"), name)
    run("flatpak", "build-export", "--runtime", "--files=files", "--no-update-summary", "-s",
        "Stand-in from Debian 12 packages", os.path.join(cache, "repo"), top, BRANCH,
        stdout=subprocess.DEVNULL)
    # The repository holds it now; the tree would only double the disk used.
    shutil.rmtree(files)
    with open(stamp_file, "w") as f:
        f.write(stamp)
    return True


def main():
    if len(sys.argv) != 2 or "FLATPAK_USER_DIR" not in os.environ:
        sys.exit("usage: FLATPAK_USER_DIR=… flatpak-standin.py CACHE_DIR")
    cache = os.path.abspath(sys.argv[1])
    os.makedirs(cache, exist_ok=True)
    pkgs, provides = installed_packages()
    platform = closure(PLATFORM_ROOTS, pkgs, provides)
    sdk = closure(SDK_ROOTS, pkgs, provides)
    download(sdk, pkgs, os.path.join(cache, "debs"))
    repo = os.path.join(cache, "repo")
    if not os.path.exists(os.path.join(repo, "config")):
        run("ostree", "init", "--mode=archive-z2", f"--repo={repo}")
    changed = make("platform", PLATFORM, platform, pkgs, cache)
    changed = make("sdk", SDK, sdk, pkgs, cache) or changed
    run("flatpak", "build-update-repo", repo, stdout=subprocess.DEVNULL)
    flatpak = ["flatpak", "--user"]
    run(*flatpak, "remote-add", "--if-not-exists", "--no-gpg-verify", REMOTE, repo)
    have = subprocess.run([*flatpak, "list", "--runtime", "--columns=application"],
                          capture_output=True, text=True).stdout.split()
    for name in (PLATFORM, SDK):
        if name not in have:
            run(*flatpak, "install", "--noninteractive", "-y", REMOTE, f"runtime/{name}/{ARCH}/{BRANCH}",
                stdout=subprocess.DEVNULL)
        elif changed:
            run(*flatpak, "update", "--noninteractive", "-y", f"runtime/{name}/{ARCH}/{BRANCH}",
                stdout=subprocess.DEVNULL)
    print(f"flatpak-standin: {PLATFORM} ({len(platform)} packages) and {SDK} "
          f"({len(sdk)} packages), branch {BRANCH}", file=sys.stderr)


if __name__ == "__main__":
    main()
