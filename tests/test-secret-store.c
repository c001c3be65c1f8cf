/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-secret-store.h"
#include "tokens-test-utils.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>

/*
 * The secret store against libsecret's file backend (a real libsecret code
 * path, with no D-Bus), and against the real gnome-keyring of the test
 * session over D-Bus (in subprocesses, so that the file backend the rest of
 * the process uses stays chosen). tests/test-e2e-servers.py goes through
 * gnome-keyring from the window too.
 */

#define SECRETS_BUS_NAME "org.freedesktop.secrets"
#define SECRETS_PATH "/org/freedesktop/secrets"
#define SECRETS_SERVICE "org.freedesktop.Secret.Service"
#define SECRETS_COLLECTION "org.freedesktop.Secret.Collection"
/* gnome-keyring's own way to make and unlock a keyring without a prompt,
 * as `gnome-keyring-daemon --unlock` does. */
#define KEYRING_INTERNAL "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"
#define TEST_COLLECTION_LABEL "Influx Tokens test keyring"
#define TEST_COLLECTION_PASSWORD "test-keyring-password"

static const SecretSchema app_schema = {
  .name = APPLICATION_ID,
  .flags = SECRET_SCHEMA_NONE,
  .attributes = {
    { .name = "server-id", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
    { .name = "url", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
    { .name = NULL, .type = 0 },
  },
};

static gboolean
save (const char  *id,
      const char  *token,
      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_secret_store_save_async (id, "http://localhost:8086", "Local", token, NULL,
                                  tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_secret_store_save_finish (result, error);
}

static char *
lookup (const char  *id,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_secret_store_lookup_async (id, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_secret_store_lookup_finish (result, error);
}

static gboolean
delete (const char  *id,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_secret_store_delete_async (id, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_secret_store_delete_finish (result, error);
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  char *token;

  g_assert_true (save ("server-a", "token-a-value", &error));
  g_assert_no_error (error);
  g_assert_true (save ("server-b", "token-b-value", &error));

  token = lookup ("server-a", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "token-a-value");
  tokens_secret_free (token);

  /* Saving again replaces, it does not add a second secret. */
  g_assert_true (save ("server-a", "token-a-rotated", &error));
  token = lookup ("server-a", &error);
  g_assert_cmpstr (token, ==, "token-a-rotated");
  tokens_secret_free (token);

  g_assert_true (delete ("server-a", &error));
  g_assert_no_error (error);
  token = lookup ("server-a", &error);
  g_assert_null (token);
  g_assert_error (error, TOKENS_SECRET_ERROR, TOKENS_SECRET_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The other server's token is untouched. */
  token = lookup ("server-b", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "token-b-value");
  tokens_secret_free (token);

  /* Deleting what is not there is not an error. */
  g_assert_true (delete ("never-saved", &error));
  g_assert_no_error (error);
}

static void
test_schema_attributes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) items = NULL;
  g_autofree char *label = NULL;
  const SecretSchema schema = {
    .name = APPLICATION_ID,
    .attributes = { { "server-id", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } },
  };

  g_assert_true (save ("server-c", "token-c-value", &error));

  /* Found by libsecret itself, under the app's schema, with a label a
   * person recognises. */
  g_hash_table_insert (attributes, "server-id", "server-c");
  items = secret_password_search_sync (&schema, SECRET_SEARCH_ALL, NULL, &error,
                                       "server-id", "server-c", NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  label = secret_retrievable_get_label (items->data);
  g_assert_cmpstr (label, ==, "InfluxDB API token for Local (http://localhost:8086)");
  g_list_free_full (g_steal_pointer (&items), g_object_unref);
}

/* With no Secret Service to talk to, the error says so in words. */
static void
test_unavailable (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      char *token;

      g_setenv ("SECRET_BACKEND", "service", TRUE);
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);
      g_unsetenv ("DISPLAY");
      token = lookup ("server-a", &error);
      g_assert_null (token);
      g_assert_error (error, TOKENS_SECRET_ERROR, TOKENS_SECRET_ERROR_UNAVAILABLE);
      g_assert_true (g_str_has_prefix (error->message, "Secure storage is not available"));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* ---------------------------------------------------------------------- */
/* The real gnome-keyring, over D-Bus                                     */

static GVariant *
call (GDBusConnection  *bus,
      const char       *path,
      const char       *interface,
      const char       *method,
      GVariant         *parameters,
      const char       *reply_type,
      GError          **error)
{
  return g_dbus_connection_call_sync (bus, SECRETS_BUS_NAME, path, interface, method,
                                      parameters,
                                      reply_type != NULL ? G_VARIANT_TYPE (reply_type) : NULL,
                                      G_DBUS_CALL_FLAGS_NO_AUTO_START, 10000, NULL, error);
}

static GVariant *
get_property (GDBusConnection *bus,
              const char      *path,
              const char      *interface,
              const char      *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariant *value;

  reply = call (bus, path, "org.freedesktop.DBus.Properties", "Get",
                g_variant_new ("(ss)", interface, name), "(v)", &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(v)", &value);
  return value;
}

/*
 * Whether the session bus has a Secret Service the tests may change. Never
 * the one of a person's desktop session: its bus is $XDG_RUNTIME_DIR/bus,
 * while `build-aux/dev test` runs everything on a private bus with a
 * throwaway keyring.
 */
static gboolean
have_test_keyring (void)
{
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  g_autofree char *desktop_bus = g_strdup_printf ("unix:path=%s/bus", g_get_user_runtime_dir ());
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;

  if (address == NULL)
    {
      tokens_test_skip ("No D-Bus session bus");
      return FALSE;
    }
  if (g_str_has_prefix (address, desktop_bus))
    {
      tokens_test_skip ("This is a desktop session: its keyring is left alone");
      return FALSE;
    }
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus != NULL)
    reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                         "org.freedesktop.DBus", "GetNameOwner",
                                         g_variant_new ("(s)", SECRETS_BUS_NAME),
                                         G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE,
                                         5000, NULL, NULL);
  if (reply == NULL)
    {
      tokens_test_skip ("No gnome-keyring on the session bus");
      return FALSE;
    }
  return TRUE;
}

/* A Secret struct (oayays) in a "plain" session: the bus is private. */
static GVariant *
plain_secret (GDBusConnection *bus,
              const char      *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) output = NULL;
  const char *session;

  reply = call (bus, SECRETS_PATH, SECRETS_SERVICE, "OpenSession",
                g_variant_new ("(sv)", "plain", g_variant_new_string ("")), "(vo)", &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(v&o)", &output, &session);

  return g_variant_new ("(o@ay@ays)", session,
                        g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, "", 0, 1),
                        g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, password,
                                                   strlen (password), 1),
                        "text/plain");
}

/* Deletes every keyring a test made, this run or an earlier one that died. */
static void
delete_test_collections (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) collections = NULL;
  GVariantIter iter;
  const char *path;

  if (bus == NULL)
    return;
  collections = get_property (bus, SECRETS_PATH, SECRETS_SERVICE, "Collections");
  g_variant_iter_init (&iter, collections);
  while (g_variant_iter_next (&iter, "&o", &path))
    {
      g_autoptr(GVariant) label = get_property (bus, path, SECRETS_COLLECTION, "Label");
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_str_equal (g_variant_get_string (label, NULL), TEST_COLLECTION_LABEL))
        continue;
      /* A locked keyring is deleted locked: gnome-keyring asks no password. */
      reply = call (bus, path, SECRETS_COLLECTION, "Delete", NULL, "(o)", &error);
      g_assert_no_error (error);
    }
}

static char *
create_test_collection (GDBusConnection *bus)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariantBuilder properties;
  char *path;

  g_variant_builder_init (&properties, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&properties, "{sv}", SECRETS_COLLECTION ".Label",
                         g_variant_new_string (TEST_COLLECTION_LABEL));
  reply = call (bus, SECRETS_PATH, KEYRING_INTERNAL, "CreateWithMasterPassword",
                g_variant_new ("(a{sv}@(oayays))", &properties,
                               plain_secret (bus, TEST_COLLECTION_PASSWORD)),
                "(o)", &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(o)", &path);
  return path;
}

static gboolean
collection_locked (GDBusConnection *bus,
                   const char      *path)
{
  g_autoptr(GVariant) locked = get_property (bus, path, SECRETS_COLLECTION, "Locked");

  return g_variant_get_boolean (locked);
}

/* Runs the test function in a subprocess on the session's gnome-keyring. */
static void
on_gnome_keyring (GTestFunc func)
{
  if (g_test_subprocess ())
    {
      g_setenv ("SECRET_BACKEND", "service", TRUE);
      func ();
      return;
    }

  if (!have_test_keyring ())
    return;
  delete_test_collections ();
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  delete_test_collections ();
  g_test_trap_assert_passed ();
}

static void
round_trip_on_gnome_keyring (void)
{
  g_autoptr(GError) error = NULL;

  test_round_trip ();
  /* Leaves the session's keyring as it found it, for the tests after. */
  g_assert_true (delete ("server-b", &error));
  g_assert_no_error (error);
  g_assert_null (secret_password_lookup_sync (&app_schema, NULL, &error,
                                              "server-id", "server-b", NULL));
  g_assert_no_error (error);
}

static void
test_keyring_round_trip (void)
{
  on_gnome_keyring (round_trip_on_gnome_keyring);
}

/*
 * The token is in a keyring that is locked, and the unlock prompt fails (the
 * test session has no prompter, as a session whose prompter crashed or was
 * dismissed): say the keyring is locked, not that nothing is saved, and find
 * the token once the keyring is unlocked, as "Try Again" does.
 */
static void
locked_on_gnome_keyring (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *collection = NULL;
  const char *paths[] = { NULL, NULL };
  char *token;

  g_assert_nonnull (bus);
  collection = create_test_collection (bus);
  g_assert_false (collection_locked (bus, collection));
  g_assert_true (secret_password_store_sync (&app_schema, collection, "Locked server's token",
                                             "locked-token-value", NULL, &error,
                                             "server-id", "locked-server",
                                             "url", "http://localhost:8086",
                                             NULL));
  g_assert_no_error (error);
  token = lookup ("locked-server", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "locked-token-value");
  tokens_secret_free (token);

  paths[0] = collection;
  reply = call (bus, SECRETS_PATH, SECRETS_SERVICE, "Lock",
                g_variant_new ("(^ao)", paths), "(aoo)", &error);
  g_assert_no_error (error);
  g_clear_pointer (&reply, g_variant_unref);
  g_assert_true (collection_locked (bus, collection));

  /* What libsecret 0.20 itself answers: nothing, and no error, as if no
   * token were saved. */
  token = secret_password_lookup_sync (&app_schema, NULL, &error,
                                       "server-id", "locked-server", NULL);
  g_assert_no_error (error);
  g_assert_null (token);

  token = lookup ("locked-server", &error);
  g_assert_null (token);
  g_assert_error (error, TOKENS_SECRET_ERROR, TOKENS_SECRET_ERROR_LOCKED);
  g_assert_true (g_str_has_prefix (error->message, "The keyring is locked"));
  g_clear_error (&error);
  g_assert_true (collection_locked (bus, collection));

  /* No token saved anywhere is still "not found", not "locked". */
  token = lookup ("never-saved", &error);
  g_assert_null (token);
  g_assert_error (error, TOKENS_SECRET_ERROR, TOKENS_SECRET_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The person unlocks the keyring and tries again. */
  reply = call (bus, SECRETS_PATH, KEYRING_INTERNAL, "UnlockWithMasterPassword",
                g_variant_new ("(o@(oayays))", collection,
                               plain_secret (bus, TEST_COLLECTION_PASSWORD)),
                NULL, &error);
  g_assert_no_error (error);
  g_assert_false (collection_locked (bus, collection));
  token = lookup ("locked-server", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "locked-token-value");
  tokens_secret_free (token);

  delete_test_collections ();
}

static void
test_keyring_locked (void)
{
  on_gnome_keyring (locked_on_gnome_keyring);
}

/*
 * Another program's item with the very same attributes is not our token.
 * Only the Secret Service matches the schema's name (xdg:schema); libsecret
 * 0.20's file backend keeps no schema name, so this needs gnome-keyring.
 */
static void
other_schema_on_gnome_keyring (void)
{
  const SecretSchema other_schema = {
    .name = "org.example.OtherApp",
    .flags = SECRET_SCHEMA_NONE,
    .attributes = {
      { .name = "server-id", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = "url", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = NULL, .type = 0 },
    },
  };
  g_autoptr(GError) error = NULL;
  char *token;

  g_assert_true (secret_password_store_sync (&other_schema, SECRET_COLLECTION_DEFAULT,
                                             "Another app's password", "other-app-value",
                                             NULL, &error,
                                             "server-id", "shared-id",
                                             "url", "http://localhost:8086",
                                             NULL));
  g_assert_no_error (error);

  token = lookup ("shared-id", &error);
  g_assert_null (token);
  g_assert_error (error, TOKENS_SECRET_ERROR, TOKENS_SECRET_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Ours and theirs live side by side; deleting ours leaves theirs. */
  g_assert_true (save ("shared-id", "our-token-value", &error));
  g_assert_no_error (error);
  token = lookup ("shared-id", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "our-token-value");
  tokens_secret_free (token);
  g_assert_true (delete ("shared-id", &error));
  g_assert_no_error (error);

  token = secret_password_lookup_sync (&other_schema, NULL, &error,
                                       "server-id", "shared-id", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "other-app-value");
  secret_password_free (token);
  g_assert_true (secret_password_clear_sync (&other_schema, NULL, &error,
                                             "server-id", "shared-id", NULL));
  g_assert_no_error (error);
}

static void
test_keyring_other_schema (void)
{
  on_gnome_keyring (other_schema_on_gnome_keyring);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("tokens-secret-XXXXXX", NULL);
  path = g_build_filename (dir, "keyring", NULL);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", path, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test-password", TRUE);

  g_test_add_func ("/tokens/secret-store/round-trip", test_round_trip);
  g_test_add_func ("/tokens/secret-store/schema-attributes", test_schema_attributes);
  g_test_add_func ("/tokens/secret-store/unavailable", test_unavailable);
  g_test_add_func ("/tokens/secret-store/gnome-keyring/round-trip", test_keyring_round_trip);
  g_test_add_func ("/tokens/secret-store/gnome-keyring/locked", test_keyring_locked);
  g_test_add_func ("/tokens/secret-store/gnome-keyring/other-schema", test_keyring_other_schema);

  ret = g_test_run ();
  g_unlink (path);
  g_rmdir (dir);
  return ret;
}
