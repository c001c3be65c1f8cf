/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-connection-store.h"

static GSettings *
new_settings (void)
{
  return g_settings_new (APPLICATION_ID);
}

static void
test_add_update_remove (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(TokensConnectionStore) store = tokens_connection_store_new (settings);
  g_autoptr(TokensConnectionStore) other = tokens_connection_store_new (settings);
  g_autoptr(TokensConnection) a = NULL;
  g_autoptr(TokensConnection) b = NULL;
  g_autoptr(TokensConnection) updated = NULL;
  g_autoptr(TokensConnection) last = NULL;
  g_autoptr(GVariant) stored = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  a = tokens_connection_store_add (store, NULL, "Local", "http://localhost:8086", "my-org");
  b = tokens_connection_store_add (store, "fixed-id", "Cloud", "https://eu-central-1-1.aws.cloud2.influxdata.com", NULL);
  g_assert_cmpstr (tokens_connection_get_id (a), !=, tokens_connection_get_id (b));
  g_assert_cmpstr (tokens_connection_get_id (b), ==, "fixed-id");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);

  /* Saved as (id, name, url, org): nothing else, nothing secret. */
  stored = g_settings_get_value (settings, "servers");
  g_assert_cmpuint (g_variant_n_children (stored), ==, 2);
  g_assert_true (g_variant_is_of_type (stored, G_VARIANT_TYPE ("a(ssss)")));

  /* Another store on the same settings follows. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other)), ==, 2);

  updated = tokens_connection_store_update (store, tokens_connection_get_id (a), "Local OSS",
                                            "http://127.0.0.1:8086", "");
  g_assert_cmpstr (tokens_connection_get_name (updated), ==, "Local OSS");
  {
    g_autoptr(TokensConnection) found = tokens_connection_store_lookup (other, tokens_connection_get_id (a));
    g_assert_cmpstr (tokens_connection_get_url (found), ==, "http://127.0.0.1:8086");
  }

  tokens_connection_store_set_last (store, tokens_connection_get_id (b));
  last = tokens_connection_store_get_last (store);
  g_assert_cmpstr (tokens_connection_get_id (last), ==, tokens_connection_get_id (b));

  tokens_connection_store_remove (store, tokens_connection_get_id (b));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_null (tokens_connection_store_get_last (store));
  g_assert_null (tokens_connection_store_lookup (store, tokens_connection_get_id (b)));
}

static void
test_insecure_urls (void)
{
  g_assert_false (tokens_connection_url_is_insecure ("https://example.com"));
  g_assert_false (tokens_connection_url_is_insecure ("http://localhost:8086"));
  g_assert_false (tokens_connection_url_is_insecure ("http://127.0.0.1:8086"));
  g_assert_false (tokens_connection_url_is_insecure ("http://127.1.2.3"));
  g_assert_false (tokens_connection_url_is_insecure ("http://[::1]:8086"));
  g_assert_true (tokens_connection_url_is_insecure ("http://influx.example.com:8086"));
  g_assert_true (tokens_connection_url_is_insecure ("http://192.168.1.10:8086"));
  g_assert_true (tokens_connection_url_is_insecure ("HTTP://example.com"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/tokens/connection-store/add-update-remove", test_add_update_remove);
  g_test_add_func ("/tokens/connection-store/insecure-urls", test_insecure_urls);

  return g_test_run ();
}
