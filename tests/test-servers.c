/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-application.h"
#include "tokens-connection-store.h"
#include "tokens-demo-server-testing.h"
#include "tokens-import-dialog-private.h"
#include "tokens-secret-store.h"
#include "tokens-server-dialog-private.h"
#include "tokens-test-gui.h"
#include "tokens-test-utils.h"
#include "tokens-window.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

/*
 * The add/edit server dialog and the influx CLI import, in-process, against
 * the fake server over real HTTP, with libsecret's file backend and a
 * memory GSettings backend. tests/test-e2e-servers.py does the same through
 * the real binary and the real gnome-keyring.
 */

typedef struct
{
  TokensDemoServer *server;
  GSettings *settings;
  TokensConnectionStore *store;
  GtkWindow *parent;
  TokensConnection *opened;
  TokensTokenList *opened_list;
  gboolean opened_fired;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{

  fixture->server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);

  fixture->settings = g_settings_new (APPLICATION_ID);
  g_settings_reset (fixture->settings, "servers");
  g_settings_reset (fixture->settings, "last-server");
  g_settings_reset (fixture->settings, "server-products");
  fixture->store = tokens_connection_store_new (fixture->settings);
  fixture->parent = GTK_WINDOW (g_object_ref_sink (gtk_window_new ()));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->parent);
  g_clear_object (&fixture->parent);
  g_clear_object (&fixture->opened);
  g_clear_object (&fixture->opened_list);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->settings);
  tokens_test_assert_finalize_soon (g_steal_pointer (&fixture->server));
}

static void
on_opened (TokensServerDialog *dialog,
           const char         *name,
           TokensTokenList    *list,
           TokensConnection   *connection,
           Fixture            *fixture)
{
  fixture->opened_fired = TRUE;
  g_set_object (&fixture->opened, connection);
  g_set_object (&fixture->opened_list, list);
}

static TokensServerDialog *
new_dialog (Fixture          *fixture,
            TokensConnection *connection)
{
  TokensServerDialog *dialog = tokens_server_dialog_new (fixture->parent, fixture->store, connection);

  g_signal_connect (dialog, "opened", G_CALLBACK (on_opened), fixture);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static char *
lookup_secret (const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tokens_secret_store_lookup_async (id, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_secret_store_lookup_finish (result, &error);
}

static void
assert_settings_hold_no (Fixture    *fixture,
                         const char *token)
{
  g_autoptr(GVariant) servers = g_settings_get_value (fixture->settings, "servers");
  g_autofree char *printed = g_variant_print (servers, FALSE);
  g_autofree char *last = g_settings_get_string (fixture->settings, "last-server");

  g_assert_null (strstr (printed, token));
  g_assert_null (strstr (last, token));
}

static void
test_add_server (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *token = tokens_demo_server_get_token (fixture->server, "operator");
  TokensServerDialog *dialog = new_dialog (fixture, NULL);
  g_autofree char *saved = NULL;

  g_assert_false (_tokens_server_dialog_can_connect (dialog));
  _tokens_server_dialog_fill (dialog, "Lab", tokens_demo_server_get_url (fixture->server), "my-org", token);
  g_assert_true (_tokens_server_dialog_can_connect (dialog));
  _tokens_server_dialog_connect (dialog);
  WAIT_UNTIL (fixture->opened_fired);

  g_assert_nonnull (fixture->opened);
  g_assert_cmpstr (tokens_connection_get_name (fixture->opened), ==, "Lab");
  g_assert_cmpstr (tokens_connection_get_org (fixture->opened), ==, "my-org");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 1);
  /* The organization is applied: my-org's 9 tokens, not the server's 11. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->opened_list)), ==, 9);
  for (guint i = 0; i < 9; i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (G_LIST_MODEL (fixture->opened_list), i);

      g_assert_cmpstr (tokens_token_get_org (a), ==, "my-org");
    }

  saved = lookup_secret (tokens_connection_get_id (fixture->opened));
  g_assert_cmpstr (saved, ==, token);
  assert_settings_hold_no (fixture, token);
}

/* The keyboard alone: the dialog opens in the address field, and Enter in
 * a field connects once the form is complete. */
/* InfluxDB Clustered: its management API's address, a management token, no
 * organization; saved as Clustered, and a saved one opens as Clustered
 * again (the address alone cannot tell). Against the fake server's
 * management API over real HTTP. */
static void
test_add_clustered (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TokensDemoServer) cluster = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  const char *token = tokens_demo_server_get_token (cluster, "operator");
  TokensServerDialog *dialog = new_dialog (fixture, NULL);
  g_autoptr(TokensConnectionStore) reloaded = NULL;
  g_autoptr(TokensConnection) again = NULL;
  g_autofree char *saved = NULL;

  g_assert_true (_tokens_server_dialog_shows (dialog, "org"));
  g_assert_cmpstr (_tokens_server_dialog_get_token_title (dialog), ==, "API Token");
  _tokens_server_dialog_set_kind (dialog, 2);
  g_assert_false (_tokens_server_dialog_shows (dialog, "org"));
  g_assert_false (_tokens_server_dialog_shows (dialog, "account"));
  g_assert_true (_tokens_server_dialog_shows (dialog, "url"));
  g_assert_cmpstr (_tokens_server_dialog_get_token_title (dialog), ==, "Management Token");

  _tokens_server_dialog_fill (dialog, "Cluster", tokens_demo_server_get_url (cluster), "", token);
  _tokens_server_dialog_connect (dialog);
  WAIT_UNTIL (fixture->opened_fired);

  g_assert_nonnull (fixture->opened);
  g_assert_cmpstr (tokens_connection_get_product (fixture->opened), ==, "clustered");
  g_assert_cmpint (tokens_client_get_product (tokens_token_list_get_client (fixture->opened_list)), ==,
                   TOKENS_PRODUCT_CLUSTERED);
  g_assert_cmpstr (tokens_token_list_get_product_name (fixture->opened_list), ==, "InfluxDB Clustered");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->opened_list)), ==, 6);
  saved = lookup_secret (tokens_connection_get_id (fixture->opened));
  g_assert_cmpstr (saved, ==, token);
  assert_settings_hold_no (fixture, token);
  {
    g_autoptr(GVariant) products = g_settings_get_value (fixture->settings, "server-products");
    g_autofree char *printed = g_variant_print (products, FALSE);

    g_assert_null (strstr (printed, token));
  }

  /* As the next start reads it. */
  reloaded = tokens_connection_store_new (fixture->settings);
  again = tokens_connection_store_lookup (reloaded, tokens_connection_get_id (fixture->opened));
  g_assert_nonnull (again);
  g_assert_cmpstr (tokens_connection_get_product (again), ==, "clustered");

  /* Editing it asks in Clustered's words again. */
  dialog = new_dialog (fixture, again);
  g_assert_false (_tokens_server_dialog_shows (dialog, "org"));
  g_assert_cmpstr (_tokens_server_dialog_get_token_title (dialog), ==,
                   "Management Token (leave empty to keep the saved one)");
  gtk_window_destroy (GTK_WINDOW (dialog));

  tokens_test_assert_finalize_soon (g_steal_pointer (&cluster));
}

/* Cloud Dedicated: the account and cluster, from which the address
 * follows; nothing is sent anywhere until both are UUIDs. (No request goes
 * out here: the address is InfluxData's own console.) */
static void
test_dedicated_fields (Fixture       *fixture,
                       gconstpointer  data)
{
  TokensServerDialog *dialog = new_dialog (fixture, NULL);
  g_autofree char *url = NULL;

  _tokens_server_dialog_set_kind (dialog, 1);
  g_assert_false (_tokens_server_dialog_shows (dialog, "url"));
  g_assert_false (_tokens_server_dialog_shows (dialog, "org"));
  g_assert_true (_tokens_server_dialog_shows (dialog, "account"));
  g_assert_true (_tokens_server_dialog_shows (dialog, "cluster"));
  g_assert_cmpstr (_tokens_server_dialog_get_token_title (dialog), ==, "Management Token");

  _tokens_server_dialog_fill (dialog, "", "", "", "management-token");
  _tokens_server_dialog_fill_dedicated (dialog, "not-an-account", "66666666-7777-4888-9999-000000000000");
  g_assert_false (_tokens_server_dialog_can_connect (dialog));
  _tokens_server_dialog_fill_dedicated (dialog, "11111111-2222-4333-8444-555555555555/../x",
                                        "66666666-7777-4888-9999-000000000000");
  g_assert_false (_tokens_server_dialog_can_connect (dialog));
  _tokens_server_dialog_fill_dedicated (dialog, "11111111-2222-4333-8444-555555555555",
                                        "66666666-7777-4888-9999-000000000000");
  g_assert_true (_tokens_server_dialog_can_connect (dialog));

  url = _tokens_server_dialog_dedicated_url ("11111111-2222-4333-8444-555555555555",
                                             "66666666-7777-4888-9999-000000000000");
  g_assert_cmpstr (url, ==, "https://console.influxdata.com/api/v0/accounts/"
                            "11111111-2222-4333-8444-555555555555/clusters/"
                            "66666666-7777-4888-9999-000000000000");
  g_assert_null (_tokens_server_dialog_dedicated_url ("x", "66666666-7777-4888-9999-000000000000"));

  /* Back to "found from the address": the address field returns. */
  _tokens_server_dialog_set_kind (dialog, 0);
  g_assert_true (_tokens_server_dialog_shows (dialog, "url"));
  g_assert_true (_tokens_server_dialog_shows (dialog, "org"));
  g_assert_false (_tokens_server_dialog_can_connect (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A saved Dedicated server is edited as one. */
  {
    g_autoptr(TokensConnection) saved =
      tokens_connection_store_add (fixture->store, NULL, "Prod", url, NULL);

    dialog = new_dialog (fixture, saved);
    g_assert_true (_tokens_server_dialog_shows (dialog, "account"));
    g_assert_false (_tokens_server_dialog_shows (dialog, "url"));
    g_assert_true (_tokens_server_dialog_can_connect (dialog));
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
}

static void
test_add_server_keyboard (Fixture       *fixture,
                          gconstpointer  data)
{
  TokensServerDialog *dialog = new_dialog (fixture, NULL);
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (dialog));
  GtkWidget *row;

  g_assert_nonnull (focus);
  row = gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Server URL");

  _tokens_server_dialog_fill (dialog, "Lab", tokens_demo_server_get_url (fixture->server), "",
                              tokens_demo_server_get_token (fixture->server, "operator"));
  /* Enter, as GtkText answers it: the window's default widget, Connect. */
  g_signal_emit_by_name (focus, "activate");
  WAIT_UNTIL (fixture->opened_fired);
  g_assert_nonnull (fixture->opened);
  g_assert_cmpstr (tokens_connection_get_name (fixture->opened), ==, "Lab");
}

/* An organization the server does not have is refused with its words,
 * before anything is saved. */
static void
test_unknown_org_refused (Fixture       *fixture,
                          gconstpointer  data)
{
  TokensServerDialog *dialog = new_dialog (fixture, NULL);

  _tokens_server_dialog_fill (dialog, "Lab", tokens_demo_server_get_url (fixture->server), "nope",
                              tokens_demo_server_get_token (fixture->server, "operator"));
  _tokens_server_dialog_connect (dialog);
  WAIT_UNTIL (_tokens_server_dialog_get_error (dialog) != NULL);
  g_assert_cmpstr (_tokens_server_dialog_get_error (dialog), ==, "The server has no organization “nope”");
  g_assert_false (fixture->opened_fired);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_edit_keeps_token (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *token = tokens_demo_server_get_token (fixture->server, "operator");
  TokensServerDialog *dialog = new_dialog (fixture, NULL);
  g_autoptr(TokensConnection) first = NULL;
  g_autofree char *saved = NULL;

  _tokens_server_dialog_fill (dialog, "Lab", tokens_demo_server_get_url (fixture->server), "", token);
  _tokens_server_dialog_connect (dialog);
  WAIT_UNTIL (fixture->opened_fired);
  first = g_object_ref (fixture->opened);

  fixture->opened_fired = FALSE;
  dialog = new_dialog (fixture, first);
  _tokens_server_dialog_fill (dialog, "Lab (renamed)", tokens_demo_server_get_url (fixture->server), "", "");
  g_assert_true (_tokens_server_dialog_can_connect (dialog));
  _tokens_server_dialog_connect (dialog);
  WAIT_UNTIL (fixture->opened_fired);

  g_assert_cmpstr (tokens_connection_get_id (fixture->opened), ==, tokens_connection_get_id (first));
  g_assert_cmpstr (tokens_connection_get_name (fixture->opened), ==, "Lab (renamed)");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 1);
  saved = lookup_secret (tokens_connection_get_id (first));
  g_assert_cmpstr (saved, ==, token);
}

static void
assert_inline_failure (Fixture    *fixture,
                       const char *url,
                       const char *token,
                       const char *expected)
{
  TokensServerDialog *dialog = new_dialog (fixture, NULL);

  _tokens_server_dialog_fill (dialog, "", url, "", token);
  _tokens_server_dialog_connect (dialog);
  WAIT_UNTIL (_tokens_server_dialog_get_error (dialog) != NULL);

  g_assert_cmpstr (_tokens_server_dialog_get_error (dialog), ==, expected);
  g_assert_false (fixture->opened_fired);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_failures_inline (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TokensDemoServer) v3 = tokens_demo_server_new (TOKENS_DEMO_MODE_CORE);
  g_autoptr(TokensDemoServer) tls = tokens_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_autoptr(TokensDemoServer) gone = tokens_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "untrusted-cert.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "data", "untrusted-key.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (cert, key, NULL);
  g_autofree char *gone_url = NULL;
  const char *token = tokens_demo_server_get_token (fixture->server, "operator");

  g_assert_true (tokens_demo_server_start (v3, 0, NULL));
  g_assert_true (tokens_demo_server_start_tls (tls, certificate, NULL));
  g_assert_true (tokens_demo_server_start (gone, 0, NULL));
  gone_url = g_strdup (tokens_demo_server_get_url (gone));
  g_clear_object (&gone);

  assert_inline_failure (fixture, tokens_demo_server_get_url (fixture->server), "wrong-token",
                         "The server rejected the token");
  /* InfluxDB 3 is served now; a v2 token is simply not one of its own. */
  assert_inline_failure (fixture, tokens_demo_server_get_url (v3), token,
                         "The server rejected the token");
  assert_inline_failure (fixture, tokens_demo_server_get_url (tls), token,
                         "The server’s certificate is not trusted. The token was not sent.");
  g_assert_cmpuint (tokens_demo_server_get_n_requests (tls), ==, 0);
  assert_inline_failure (fixture, gone_url, token, "Cannot reach the server");
  assert_inline_failure (fixture, "localhost:8086", token, "This is not a server address");
}

static void
test_insecure_needs_acknowledgement (Fixture       *fixture,
                                     gconstpointer  data)
{
  TokensServerDialog *dialog = new_dialog (fixture, NULL);

  _tokens_server_dialog_fill (dialog, "", "http://influx.example.com:8086", "", "a-token");
  g_assert_false (_tokens_server_dialog_can_connect (dialog));
  _tokens_server_dialog_acknowledge_insecure (dialog);
  g_assert_true (_tokens_server_dialog_can_connect (dialog));

  /* https, or plain http on this machine, need no acknowledgement. */
  _tokens_server_dialog_fill (dialog, "", "https://influx.example.com", "", "a-token");
  g_assert_true (_tokens_server_dialog_can_connect (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
on_imported (TokensImportDialog *dialog,
             guint               count,
             TokensConnection   *to_open,
             Fixture            *fixture)
{
  fixture->opened_fired = TRUE;
  g_set_object (&fixture->opened, to_open);
  g_object_set_data (G_OBJECT (fixture->parent), "count", GUINT_TO_POINTER (count));
}

static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("tokens-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "configs", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_autofree char *after = NULL;
  g_autofree char *first_secret = NULL;
  const char *url = tokens_demo_server_get_url (fixture->server);
  const char *grace = tokens_demo_server_get_token (fixture->server, "grace-all-access");
  const char *ada = tokens_demo_server_get_token (fixture->server, "ada-all-access");
  TokensImportDialog *dialog;

  contents = g_strdup_printf ("[ada]\n  url = \"%s\"\n  token = \"%s\"\n  org = \"my-org\"\n\n"
                              "[grace]\n  url = \"%s\"\n  token = \"%s\"\n  org = \"acme-research\"\n"
                              "  active = true\n\n"
                              "[session]\n  url = \"%s\"\n  token = \"\"\n  cookie = \"YWRtaW46eA==\"\n",
                              url, ada, url, grace, url);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));

  dialog = tokens_import_dialog_new (fixture->parent, fixture->store, file);
  g_signal_connect (dialog, "imported", G_CALLBACK (on_imported), fixture);
  gtk_window_present (GTK_WINDOW (dialog));
  WAIT_UNTIL (g_strcmp0 (_tokens_import_dialog_get_page (dialog), "list") == 0);

  /* The cookie profile cannot be chosen. */
  g_assert_cmpuint (_tokens_import_dialog_get_n_chosen (dialog), ==, 2);
  _tokens_import_dialog_import (dialog);
  WAIT_UNTIL (fixture->opened_fired);

  g_assert_cmpuint (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (fixture->parent), "count")), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 2);
  /* The active profile is the one to open. */
  g_assert_cmpstr (tokens_connection_get_name (fixture->opened), ==, "grace");
  first_secret = lookup_secret (tokens_connection_get_id (fixture->opened));
  g_assert_cmpstr (first_secret, ==, grace);
  assert_settings_hold_no (fixture, grace);
  assert_settings_hold_no (fixture, ada);

  /* The CLI's file is untouched. */
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, contents);

  g_unlink (path);
  g_rmdir (dir);
}

/* A profile that would send its token unencrypted to another computer is
 * not chosen, and not imported, until the person acknowledges it. Nothing
 * is contacted: an import only saves. */
static void
test_import_insecure (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("tokens-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "configs", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  const char *url = tokens_demo_server_get_url (fixture->server);
  const char *ada = tokens_demo_server_get_token (fixture->server, "ada-all-access");
  g_autofree char *far_secret = NULL;
  TokensImportDialog *dialog;

  contents = g_strdup_printf ("[near]\n  url = \"%s\"\n  token = \"%s\"\n\n"
                              "[far]\n  url = \"http://influx.example.com:8086\"\n"
                              "  token = \"far-token-sent-in-clear\"\n",
                              url, ada);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));

  dialog = tokens_import_dialog_new (fixture->parent, fixture->store, file);
  g_signal_connect (dialog, "imported", G_CALLBACK (on_imported), fixture);
  gtk_window_present (GTK_WINDOW (dialog));
  WAIT_UNTIL (g_strcmp0 (_tokens_import_dialog_get_page (dialog), "list") == 0);

  /* Not chosen by default. */
  g_assert_cmpuint (_tokens_import_dialog_get_n_chosen (dialog), ==, 1);
  g_assert_true (_tokens_import_dialog_can_import (dialog));

  /* Chosen: Import waits for the acknowledgment. */
  _tokens_import_dialog_choose (dialog, "far");
  g_assert_cmpuint (_tokens_import_dialog_get_n_chosen (dialog), ==, 2);
  g_assert_false (_tokens_import_dialog_can_import (dialog));

  /* Even if Import is pressed regardless, the unacknowledged one is not saved. */
  _tokens_import_dialog_import (dialog);
  WAIT_UNTIL (fixture->opened_fired);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 1);
  g_assert_cmpstr (tokens_connection_get_name (fixture->opened), ==, "near");
  assert_settings_hold_no (fixture, "far-token-sent-in-clear");
  g_assert_cmpuint (tokens_demo_server_get_n_requests (fixture->server), ==, 0);

  /* Acknowledged: imported. */
  fixture->opened_fired = FALSE;
  dialog = tokens_import_dialog_new (fixture->parent, fixture->store, file);
  g_signal_connect (dialog, "imported", G_CALLBACK (on_imported), fixture);
  gtk_window_present (GTK_WINDOW (dialog));
  WAIT_UNTIL (g_strcmp0 (_tokens_import_dialog_get_page (dialog), "list") == 0);
  _tokens_import_dialog_choose (dialog, "far");
  _tokens_import_dialog_acknowledge_insecure (dialog);
  g_assert_true (_tokens_import_dialog_can_import (dialog));
  _tokens_import_dialog_import (dialog);
  WAIT_UNTIL (fixture->opened_fired);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 2);
  g_assert_cmpstr (tokens_connection_get_name (fixture->opened), ==, "far");
  far_secret = lookup_secret (tokens_connection_get_id (fixture->opened));
  g_assert_cmpstr (far_secret, ==, "far-token-sent-in-clear");
  assert_settings_hold_no (fixture, "far-token-sent-in-clear");

  /* Nothing was contacted, before the acknowledgment or after. */
  g_assert_cmpuint (tokens_demo_server_get_n_requests (fixture->server), ==, 0);

  g_unlink (path);
  g_rmdir (dir);
}

/*
 * INFLUX_HOST over plain http:// to another computer, through the
 * application itself. 0.0.0.0 is not a loopback address, so the app counts
 * it as another computer; but Linux delivers a connection to it on this
 * machine, where the fake server listens on 127.0.0.1. So the fake server
 * counts what the app would send, and no packet leaves the machine.
 */
static char *
url_via_any_address (TokensDemoServer *server)
{
  g_autoptr(GUri) uri = g_uri_parse (tokens_demo_server_get_url (server), G_URI_FLAGS_NONE, NULL);

  g_assert_cmpstr (g_uri_get_host (uri), ==, "127.0.0.1");
  return g_strdup_printf ("http://0.0.0.0:%d", g_uri_get_port (uri));
}

typedef void (*AppTestFunc) (Fixture           *fixture,
                             TokensApplication *app);

typedef struct
{
  Fixture *fixture;
  TokensApplication *app;
  AppTestFunc func;
} AppTest;

static gboolean
run_app_test_cb (gpointer user_data)
{
  AppTest *test = user_data;
  GList *windows;

  /* Taken out of the environment at startup. */
  g_assert_null (g_getenv ("INFLUX_TOKEN"));
  test->func (test->fixture, test->app);

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (test->app))) != NULL)
    gtk_window_destroy (windows->data);
  g_application_quit (G_APPLICATION (test->app));
  return G_SOURCE_REMOVE;
}

/* Runs the application itself with INFLUX_HOST and INFLUX_TOKEN set, and
 * @func once it is activated. */
static void
run_application (Fixture     *fixture,
                 const char  *host,
                 const char  *token,
                 AppTestFunc  func)
{
  char *argv[] = { (char *)"influx-tokens", NULL };
  AppTest test = { fixture, tokens_application_new (), func };

  g_setenv ("INFLUX_HOST", host, TRUE);
  g_setenv ("INFLUX_TOKEN", token, TRUE);
  /* In this process only, never handed to another instance over D-Bus. */
  g_application_set_flags (G_APPLICATION (test.app), G_APPLICATION_NON_UNIQUE);
  g_idle_add (run_app_test_cb, &test);
  g_assert_cmpint (g_application_run (G_APPLICATION (test.app), 1, argv), ==, 0);
  g_unsetenv ("INFLUX_HOST");
  tokens_test_assert_finalize_soon (test.app);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* The button a person would click: libadwaita 1.2 keeps a second, unmapped
 * set for narrow windows. */
static GtkWidget *
find_mapped_button (GtkWidget  *widget,
                    const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static TokensWindow *
find_main_window (TokensApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (TOKENS_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

/* Asks first, names the host, and Cancel is what Enter and Escape do. */
static AdwMessageDialog *
assert_asks_before_sending (Fixture           *fixture,
                            TokensApplication *app)
{
  AdwMessageDialog *dialog;

  WAIT_UNTIL (find_message_dialog () != NULL);
  dialog = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Send the Token Unencrypted?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "0.0.0.0"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  g_assert_true (adw_message_dialog_has_response (dialog, "connect"));

  /* However long it waits, nothing is sent. */
  tokens_test_iterate (500);
  g_assert_cmpuint (tokens_demo_server_get_n_requests (fixture->server), ==, 0);
  g_assert_cmpuint (tokens_demo_server_get_n_authenticated_requests (fixture->server), ==, 0);
  g_assert_nonnull (find_main_window (app));
  g_assert_null (tokens_window_get_token_list (find_main_window (app)));
  return dialog;
}

static void
environment_insecure_connect (Fixture           *fixture,
                              TokensApplication *app)
{
  AdwMessageDialog *dialog = assert_asks_before_sending (fixture, app);
  GtkWidget *button;
  TokensTokenList *list;

  button = find_mapped_button (GTK_WIDGET (dialog), "_Connect Anyway");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  WAIT_UNTIL (find_message_dialog () == NULL);
  WAIT_UNTIL (tokens_demo_server_get_n_authenticated_requests (fixture->server) > 0);
  list = tokens_window_get_token_list (find_main_window (app));
  g_assert_nonnull (list);
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (list)) == 11);
  /* An unsaved session, as ever for INFLUX_HOST. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 0);
}

static void
test_environment_insecure_connect (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *url = url_via_any_address (fixture->server);

  g_assert_true (tokens_connection_url_is_insecure (url));
  run_application (fixture, url, tokens_demo_server_get_token (fixture->server, "operator"),
                   environment_insecure_connect);
}

static void
environment_insecure_cancel (Fixture           *fixture,
                             TokensApplication *app)
{
  AdwMessageDialog *dialog = assert_asks_before_sending (fixture, app);

  /* Escape, or closing it, is Cancel. */
  gtk_window_close (GTK_WINDOW (dialog));
  tokens_test_iterate (500);
  g_assert_null (find_message_dialog ());
  /* The usual window, without that session, and nothing was ever sent. */
  g_assert_nonnull (find_main_window (app));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (find_main_window (app))));
  g_assert_null (tokens_window_get_token_list (find_main_window (app)));
  g_assert_cmpuint (tokens_demo_server_get_n_requests (fixture->server), ==, 0);
}

static void
test_environment_insecure_cancel (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *url = url_via_any_address (fixture->server);

  run_application (fixture, url, tokens_demo_server_get_token (fixture->server, "operator"),
                   environment_insecure_cancel);
}

static void
environment_loopback_no_question (Fixture           *fixture,
                                  TokensApplication *app)
{
  WAIT_UNTIL (tokens_demo_server_get_n_authenticated_requests (fixture->server) > 0);
  g_assert_null (find_message_dialog ());
  g_assert_nonnull (tokens_window_get_token_list (find_main_window (app)));
}

/* Plain http:// on this machine needs no question. */
static void
test_environment_loopback_no_question (Fixture       *fixture,
                                       gconstpointer  data)
{
  run_application (fixture, tokens_demo_server_get_url (fixture->server),
                   tokens_demo_server_get_token (fixture->server, "operator"),
                   environment_loopback_no_question);
}

static void
test_import_missing_file (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/influx/configs");
  TokensImportDialog *dialog = tokens_import_dialog_new (fixture->parent, fixture->store, file);

  gtk_window_present (GTK_WINDOW (dialog));
  WAIT_UNTIL (g_strcmp0 (_tokens_import_dialog_get_page (dialog), "problem") == 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *keyring = NULL;
  int ret;

  if (!tokens_test_gui_init (&argc, &argv))
    return 0;

  dir = g_dir_make_tmp ("tokens-servers-XXXXXX", NULL);
  keyring = g_build_filename (dir, "keyring", NULL);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test-password", TRUE);

#define ADD(path, func) \
  g_test_add ("/tokens/servers/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("add-server", test_add_server);
  ADD ("add-server-keyboard", test_add_server_keyboard);
  ADD ("add-clustered", test_add_clustered);
  ADD ("dedicated-fields", test_dedicated_fields);
  ADD ("unknown-org-refused", test_unknown_org_refused);
  ADD ("edit-keeps-token", test_edit_keeps_token);
  ADD ("failures-inline", test_failures_inline);
  ADD ("insecure-needs-acknowledgement", test_insecure_needs_acknowledgement);
  ADD ("import", test_import);
  ADD ("import-insecure", test_import_insecure);
  ADD ("import-missing-file", test_import_missing_file);
  ADD ("environment-insecure-connect", test_environment_insecure_connect);
  ADD ("environment-insecure-cancel", test_environment_insecure_cancel);
  ADD ("environment-loopback-no-question", test_environment_loopback_no_question);
#undef ADD

  ret = g_test_run ();
  g_unlink (keyring);
  g_rmdir (dir);
  return ret;
}
