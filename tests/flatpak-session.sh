#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# flatpak-session.sh PORTALS_ROOT COMMAND [ARGS…]
#
# Runs COMMAND in a desktop session of its own for the sandboxed app, made
# of nothing of the host's but the X display it is given:
# - a private mount namespace with a fresh tmpfs on /run/user/$UID, which
#   Flatpak's sandbox and the document portal both expect as the runtime
#   directory (the document portal hands the app paths under it);
# - a scratch HOME (the app's ~/.var/app/<id>/ is made there);
# - a private D-Bus session whose only services are the ones named below:
#   xdg-desktop-portal with its document portal and permission store and
#   xdg-desktop-portal-gtk (its file chooser) from PORTALS_ROOT (Debian's
#   packages unpacked, not installed: on the machine's buses they would add
#   log noise to every other GTK test), Flatpak's session helper, the
#   accessibility bus, and gnome-keyring (with its Secret portal backend),
#   unlocked with a throwaway password.
# The scratch HOME is printed first, as a TAP comment ("# home: PATH"); it
# is removed when COMMAND ends.
set -eu

portals="$(cd "$1" && pwd)"
shift

if [ -z "${TOKENS_FLATPAK_NS:-}" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "flatpak-session.sh: a private mount namespace needs root (run it with sudo)" >&2
    exit 1
  fi
  export TOKENS_FLATPAK_NS=1
  exec unshare --mount --propagation private "$0" "$portals" "$@"
fi

uid="$(id -u)"
mkdir -p "/run/user/$uid"
mount -t tmpfs -o mode=700 tmpfs "/run/user/$uid"

scratch="$(mktemp -d /tmp/influx-tokens-flatpak-XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home" "$scratch/services" "$scratch/portals"

# Only these services can be started on the bus.
service() {  # NAME EXEC…
  name="$1"
  shift
  printf '[D-BUS Service]\nName=%s\nExec=%s\n' "$name" "$*" >"$scratch/services/$name.service"
}
service org.freedesktop.portal.Desktop "$portals/usr/libexec/xdg-desktop-portal"
service org.freedesktop.portal.Documents "$portals/usr/libexec/xdg-document-portal"
service org.freedesktop.impl.portal.PermissionStore "$portals/usr/libexec/xdg-permission-store"
# The file chooser's own settings stay in memory (no dconf on this bus).
service org.freedesktop.impl.portal.desktop.gtk \
  /usr/bin/env GSETTINGS_BACKEND=memory GTK_A11Y=none "$portals/usr/libexec/xdg-desktop-portal-gtk"
service org.freedesktop.Flatpak /usr/libexec/flatpak-session-helper
service org.a11y.Bus /usr/libexec/at-spi-bus-launcher

# xdg-desktop-portal reads its backends from here: the GTK one (file chooser)
# and gnome-keyring's (Secret), both for XDG_CURRENT_DESKTOP=GNOME.
cp "$portals/usr/share/xdg-desktop-portal/portals/gtk.portal" "$scratch/portals/"
cp /usr/share/xdg-desktop-portal/portals/gnome-keyring.portal "$scratch/portals/"

cat >"$scratch/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:tmpdir=$scratch</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$scratch/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF

export HOME="$scratch/home" XDG_RUNTIME_DIR="/run/user/$uid"
export XDG_CURRENT_DESKTOP=GNOME XDG_DESKTOP_PORTAL_DIR="$scratch/portals"
unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_STATE_HOME DBUS_SESSION_BUS_ADDRESS
echo "# home: $HOME"
status=0
dbus-run-session --config-file="$scratch/bus.conf" -- sh -c '
  echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' sh "$@" || status=$?
exit $status
