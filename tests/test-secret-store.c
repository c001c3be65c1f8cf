/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-secret-store.h"
#include "tokens-test-utils.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>

/*
 * The secret store against libsecret's file backend (a real libsecret code
 * path, with no D-Bus). The real gnome-keyring over D-Bus is exercised by
 * tests/test-e2e-servers.py.
 */

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

  ret = g_test_run ();
  g_unlink (path);
  g_rmdir (dir);
  return ret;
}
