/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-secret-portal"

/*
 * The secret store where libsecret talks to the Secret portal (in a
 * sandbox), against a MOCK portal on a private bus: a stand-in for
 * xdg-desktop-portal that misbehaves on purpose, the same way every time.
 * The real portal (xdg-desktop-portal with gnome-keyring's backend, in a
 * real Flatpak sandbox) is the flatpak suite's; there the missed answer
 * this test forces happens only most of the time.
 *
 * libsecret takes the portal path where SNAP_NAME is set as well as inside
 * Flatpak, which lets a test on the host get there.
 */

#include "config.h"

#include <gio/gio.h>
#include <gio/gunixfdlist.h>
#include <libsecret/secret.h>
#include <string.h>
#include <unistd.h>

#include "tokens-secret-store.h"
#include "tokens-test-utils.h"

typedef enum
{
  MOCK_LOSES_FIRST,  /* the first Response goes out before the reply: lost to libsecret 0.20 */
  MOCK_SILENT,       /* replies, and never sends a Response */
} MockMode;

static struct
{
  MockMode         mode;
  GMainContext    *context;
  GDBusConnection *connection;
  guint            calls;   /* RetrieveSecret calls, counted on the mock's thread */
  gboolean         ready;
  GMutex           lock;
  GCond            cond;
} mock;

static const char portal_xml[] =
  "<node><interface name='org.freedesktop.portal.Secret'>"
  "  <method name='RetrieveSecret'>"
  "    <arg type='h' direction='in'/><arg type='a{sv}' direction='in'/>"
  "    <arg type='o' direction='out'/>"
  "  </method>"
  "  <property name='version' type='u' access='read'/>"
  "</interface></node>";

typedef struct
{
  char *sender;
  char *path;
} Response;

static gboolean
send_response (gpointer user_data)
{
  Response *r = user_data;

  g_dbus_connection_emit_signal (mock.connection, r->sender, r->path,
                                 "org.freedesktop.portal.Request", "Response",
                                 g_variant_new ("(u@a{sv})", 0,
                                                g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
                                 NULL);
  g_dbus_connection_flush_sync (mock.connection, NULL, NULL);
  g_free (r->sender);
  g_free (r->path);
  g_free (r);
  return G_SOURCE_REMOVE;
}

static void
on_method_call (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  GUnixFDList *fds = g_dbus_message_get_unix_fd_list (g_dbus_method_invocation_get_message (invocation));
  g_autoptr(GVariant) options = NULL;
  g_autofree char *mangled = g_strdelimit (g_strdup (sender + 1), ".", '_');
  const char *token = "t";
  char key[64];
  gint32 index;
  Response *r;
  int fd;

  g_variant_get (parameters, "(h@a{sv})", &index, &options);
  g_variant_lookup (options, "handle_token", "&s", &token);
  /* The app's key, as the portal hands it over: written to the fd and closed. */
  for (guint i = 0; i < sizeof key; i++)
    key[i] = (char)('a' + i % 26);
  fd = g_unix_fd_list_get (fds, index, NULL);
  g_assert_cmpint (write (fd, key, sizeof key), ==, sizeof key);
  close (fd);

  r = g_new0 (Response, 1);
  r->sender = g_strdup (sender);
  r->path = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", mangled, token);
  g_atomic_int_inc (&mock.calls);

  if (mock.mode == MOCK_SILENT)
    {
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", r->path));
      g_free (r->sender);
      g_free (r->path);
      g_free (r);
    }
  else if (g_atomic_int_get (&mock.calls) == 1)
    {
      /* What a fast portal does to libsecret 0.20, every time here. */
      char *path = g_strdup (r->path);

      send_response (r);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", path));
      g_free (path);
    }
  else
    {
      GSource *later = g_timeout_source_new (100);

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", r->path));
      g_source_set_callback (later, send_response, r, NULL);
      g_source_attach (later, mock.context);
      g_source_unref (later);
    }
}

static GVariant *
on_get_property (GDBusConnection  *connection,
                 const char       *sender,
                 const char       *object_path,
                 const char       *interface_name,
                 const char       *property_name,
                 GError          **error,
                 gpointer          user_data)
{
  return g_variant_new_uint32 (1);
}

static const GDBusInterfaceVTable vtable = { on_method_call, on_get_property, NULL, { 0 } };

/* The mock serves from a thread of its own: libsecret asks for the
 * portal's version with a synchronous call on the test's thread. */
static gpointer
mock_thread (gpointer address)
{
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (portal_xml, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GMainLoop) loop = NULL;

  mock.context = g_main_context_new ();
  g_main_context_push_thread_default (mock.context);
  mock.connection = g_dbus_connection_new_for_address_sync (address,
                                                            G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                            G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                            NULL, NULL, NULL);
  g_assert_nonnull (mock.connection);
  g_dbus_connection_register_object (mock.connection, "/org/freedesktop/portal/desktop",
                                     info->interfaces[0], &vtable, NULL, NULL, NULL);
  reply = g_dbus_connection_call_sync (mock.connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.portal.Desktop", 0),
                                       NULL, 0, -1, NULL, NULL);
  g_assert_nonnull (reply);

  g_mutex_lock (&mock.lock);
  mock.ready = TRUE;
  g_cond_signal (&mock.cond);
  g_mutex_unlock (&mock.lock);

  loop = g_main_loop_new (mock.context, FALSE);
  g_main_loop_run (loop);
  return NULL;
}

/* A private bus with the mock portal on it, and libsecret sent its way. */
static GTestDBus *
start_mock (MockMode mode)
{
  GTestDBus *bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autofree char *dir = g_dir_make_tmp ("test-secret-portal-XXXXXX", NULL);
  g_autofree char *keyring = g_build_filename (dir, "default.keyring", NULL);

  g_test_dbus_up (bus);
  g_setenv ("SNAP_NAME", "influx-tokens-test", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_unsetenv ("SECRET_FILE_TEST_PASSWORD");

  mock.mode = mode;
  g_thread_unref (g_thread_new ("mock-portal", mock_thread, (gpointer)g_test_dbus_get_bus_address (bus)));
  g_mutex_lock (&mock.lock);
  while (!mock.ready)
    g_cond_wait (&mock.cond, &mock.lock);
  g_mutex_unlock (&mock.lock);
  return bus;
}

static void
child_missed_answer (void)
{
  GTestDBus *bus = start_mock (MOCK_LOSES_FIRST);
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GAsyncResult) looked_up = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  gint64 start = g_get_monotonic_time ();

  tokens_secret_store_save_async ("server-1", "http://127.0.0.1:8086", "Lab", "portal-token-1",
                                  NULL, tokens_test_store_result, &saved);
  WAIT_UNTIL (saved != NULL);
  g_assert_true (tokens_secret_store_save_finish (saved, &error));
  g_assert_no_error (error);

  tokens_secret_store_lookup_async ("server-1", NULL, tokens_test_store_result, &looked_up);
  WAIT_UNTIL (looked_up != NULL);
  token = tokens_secret_store_lookup_finish (looked_up, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "portal-token-1");

#if !SECRET_CHECK_VERSION (0, 21, 4)
  /* The lost answer was asked for again, a second later. */
  g_assert_cmpuint (g_atomic_int_get (&mock.calls), >=, 2);
#endif
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  /* Not _down: that waits for libsecret to let go of the bus connection. */
  g_test_dbus_stop (bus);
}

static void
child_silent_portal (void)
{
  GTestDBus *bus = start_mock (MOCK_SILENT);
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  tokens_secret_store_save_async ("server-1", "http://127.0.0.1:8086", "Lab", "portal-token-1",
                                  NULL, tokens_test_store_result, &saved);
  tokens_test_wait_result (&saved);
  g_assert_false (tokens_secret_store_save_finish (saved, &error));
  g_assert_error (error, TOKENS_SECRET_ERROR, TOKENS_SECRET_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "did not answer"));
  /* Asked once a second, for ten seconds, then said so. */
  g_assert_cmpuint (g_atomic_int_get (&mock.calls), >=, 5);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);
  /* Not _down: that waits for libsecret to let go of the bus connection. */
  g_test_dbus_stop (bus);
}

/* Each case in a process of its own: once libsecret has its backend it keeps it. */
static void
in_subprocess (gconstpointer child)
{
  if (g_test_subprocess ())
    {
      ((void (*) (void))child) ();
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, 0);
  g_test_trap_assert_passed ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/secret-portal/missed-answer", child_missed_answer, in_subprocess);
  g_test_add_data_func ("/secret-portal/silent", child_silent_portal, in_subprocess);

  return g_test_run ();
}
