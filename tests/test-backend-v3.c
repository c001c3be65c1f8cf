/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-backend-v3.h"
#include "tokens-demo-server-testing.h"
#include "tokens-hostile-server.h"
#include "tokens-test-utils.h"
#include "tokens-token-list.h"
#include "tokens-token-private.h"
#include "tokens-v3-token-reader.h"

#include <json-glib/json-glib.h>
#include <string.h>

/*
 * The InfluxDB 3 backend against the fake InfluxDB 3 Core and Enterprise
 * over real HTTP: through a TokensTokenList made from a fresh client, so
 * that the product is found as the app finds it, and through the backend
 * itself. What the server holds is checked with the fake server's own
 * inspection, not only with what the list says.
 */

static TokensDemoServer *
server_new (TokensDemoMode mode,
            gboolean       without_auth,
            gboolean       explicit_nulls)
{
  TokensDemoServer *server = tokens_demo_server_new (mode);
  g_autoptr(GError) error = NULL;

  tokens_demo_server_set_without_auth (server, without_auth);
  tokens_demo_server_set_explicit_nulls (server, explicit_nulls);
  tokens_demo_server_seed (server);
  g_assert_true (tokens_demo_server_start (server, 0, &error));
  g_assert_no_error (error);
  return server;
}

/* A list of @server's tokens, loaded once, signed in with @token. */
static TokensTokenList *
list_new (TokensDemoServer *server,
          const char       *token)
{
  g_autoptr(TokensClient) client = tokens_test_client_new (tokens_demo_server_get_url (server), token);
  g_autoptr(GError) error = NULL;
  TokensTokenList *list = tokens_token_list_new (client);

  g_assert_true (tokens_test_list_refresh (list, &error));
  g_assert_no_error (error);
  return list;
}

/* A named admin token made through the fake server's API, as the
 * `influxdb3` CLI makes one. Returns its value. */
static char *
create_named_admin (TokensDemoServer *server,
                    const char       *name)
{
  g_autofree char *url = g_strconcat (tokens_demo_server_get_url (server),
                                      "/api/v3/configure/token/named_admin", NULL);
  g_autofree char *authorization =
    g_strconcat ("Bearer ", tokens_demo_server_get_token (server, "operator"), NULL);
  g_autofree char *body = g_strdup_printf ("{\"token_name\": \"%s\", \"expiry_secs\": null}", name);
  g_autoptr(TokensTestResponse) reply = tokens_test_raw_request ("POST", url, authorization, body);
  g_autoptr(JsonNode) node = NULL;

  g_assert_cmpuint (reply->status, ==, 201);
  node = json_from_string (reply->body, NULL);
  g_assert_nonnull (node);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "token"));
}

typedef struct
{
  GPtrArray *names;
  GPtrArray *ids;
} ServerRows;

static void
collect_row (const char *kind,
             const char *id,
             const char *value,
             const char *name,
             gpointer    user_data)
{
  ServerRows *rows = user_data;

  g_ptr_array_add (rows->names, g_strdup (name));
  g_ptr_array_add (rows->ids, g_strdup (id));
}

/* The names the server holds, in its own order (token_id ascending). */
static GPtrArray *
server_names (TokensDemoServer *server)
{
  ServerRows rows = { g_ptr_array_new_with_free_func (g_free),
                      g_ptr_array_new_with_free_func (g_free) };

  tokens_demo_server_foreach_token (server, collect_row, &rows);
  g_ptr_array_unref (rows.ids);
  return rows.names;
}

static GDateTime *
utc (const char *iso)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();

  return g_date_time_new_from_iso8601 (iso, zone);
}

static void
assert_time (GDateTime  *when,
             const char *iso_utc)
{
  g_autoptr(GDateTime) expected = utc (iso_utc);

  g_assert_nonnull (when);
  g_assert_cmpint (g_date_time_to_unix (when), ==, g_date_time_to_unix (expected));
}

static guint
count_current (TokensTokenList *list)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (G_LIST_MODEL (list), i);

      n += tokens_token_get_is_current (token);
    }
  return n;
}

static void
tear_down (gpointer list,
           gpointer server)
{
  if (list != NULL)
    {
      tokens_test_iterate (50);
      tokens_test_assert_finalize_soon (list);
    }
  if (server != NULL)
    tokens_test_assert_finalize_soon (server);
}

/* Everything the server lists, as the app first opens it. */
static void
test_list (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE, FALSE);
  TokensTokenList *list = list_new (server, tokens_demo_server_get_token (server, "operator"));
  g_autoptr(GPtrArray) names = server_names (server);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) in_two_days = g_date_time_add_days (now, 2);
  g_autoptr(GDateTime) in_four_days = g_date_time_add_days (now, 4);
  TokensToken *admin, *alice, *expired, *soon;
  guint n;

  g_assert_cmpstr (tokens_token_list_get_product_name (list), ==, "InfluxDB 3 Core 3.11.1");
  g_assert_true (TOKENS_IS_BACKEND_V3 (tokens_token_list_get_backend (list)));
  /* Core makes admin tokens only, and regenerates _admin. */
  g_assert_cmpint (tokens_token_list_get_features (list), ==,
                   TOKENS_BACKEND_DELETE | TOKENS_BACKEND_EXPIRY | TOKENS_BACKEND_NAMED |
                   TOKENS_BACKEND_CREATE_ALL | TOKENS_BACKEND_REGENERATE);

  /* Every row, and nothing else. */
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, tokens_demo_server_get_n_tokens (server));
  g_assert_cmpuint (n, ==, names->len);
  g_assert_cmpuint (n, ==, 6);
  for (guint i = 0; i < names->len; i++)
    g_assert_nonnull (tokens_token_list_lookup (list, g_ptr_array_index (names, i)));

  /* Newest first in the list, whatever the server's order. */
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(TokensToken) newer = g_list_model_get_item (G_LIST_MODEL (list), i - 1);
      g_autoptr(TokensToken) older = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpint (g_date_time_compare (tokens_token_get_created_at (newer),
                                            tokens_token_get_created_at (older)), >, 0);
    }

  admin = tokens_token_list_lookup (list, "_admin");
  g_assert_true (tokens_token_get_is_operator (admin));
  g_assert_true (tokens_token_get_is_protected (admin));
  g_assert_false (tokens_token_get_is_all_access (admin));
  g_assert_true (tokens_token_get_is_current (admin));
  g_assert_cmpuint (tokens_token_get_order (admin), ==, 0);
  g_assert_cmpstr (tokens_token_get_summary (admin), ==, "Full access (operator token)");
  g_assert_cmpstr (tokens_token_get_raw_permissions (admin), ==, "*:*:*");
  g_assert_cmpuint (strlen (tokens_token_get_hash (admin)), ==, 9);
  g_assert_cmpuint (count_current (list), ==, 1);

  /* Naive timestamps are UTC, whatever the local time zone. */
  alice = tokens_token_list_lookup (list, "ops-alice");
  g_assert_false (tokens_token_get_is_operator (alice));
  g_assert_false (tokens_token_get_is_protected (alice));
  g_assert_true (tokens_token_get_is_all_access (alice));
  g_assert_cmpstr (tokens_token_get_summary (alice), ==, "Full access (admin token)");
  g_assert_cmpuint (tokens_token_get_order (alice), ==, 1);
  assert_time (tokens_token_get_created_at (alice), "2025-05-02T08:15:30Z");
  g_assert_null (tokens_token_get_expires_at (alice));
  g_assert_null (alice->description);
  g_assert_cmpint (tokens_token_get_status (alice), ==, TOKENS_TOKEN_STATUS_ACTIVE);

  expired = tokens_token_list_lookup (list, "migration-july");
  g_assert_cmpint (tokens_token_get_status (expired), ==, TOKENS_TOKEN_STATUS_EXPIRED);
  assert_time (tokens_token_get_expires_at (expired), "2025-07-31T00:00:00Z");

  soon = tokens_token_list_lookup (list, "contractor-bob");
  g_assert_cmpint (tokens_token_get_status (soon), ==, TOKENS_TOKEN_STATUS_ACTIVE);
  g_assert_nonnull (tokens_token_get_expires_at (soon));
  g_assert_cmpint (g_date_time_compare (tokens_token_get_expires_at (soon), in_two_days), >, 0);
  g_assert_cmpint (g_date_time_compare (tokens_token_get_expires_at (soon), in_four_days), <, 0);

  /* Search was prepared with the list, off the main thread; it finds a
   * token by its name and by its summary. */
  g_assert_nonnull (soon->search_text);
  g_assert_nonnull (alice->search_text);
  g_assert_true (tokens_token_matches (soon, "contractor"));
  g_assert_true (tokens_token_matches (alice, "admin token"));

  tear_down (list, g_steal_pointer (&server));
}

typedef struct
{
  guint calls;
  gboolean off_main_thread;
  TokensBackend *backend;
  TokensProduct product;
  GPtrArray *tokens;
} Prepared;

static void
record_prepare (GPtrArray     *tokens,
                TokensBackend *backend,
                TokensProduct  product,
                gpointer       user_data)
{
  Prepared *prepared = user_data;

  prepared->calls++;
  prepared->off_main_thread = !g_main_context_is_owner (g_main_context_default ());
  prepared->backend = backend;
  prepared->product = product;
  prepared->tokens = tokens;
}

/* The backend itself gives the rows in the server's order: token_id
 * ascending, _admin first. */
static void
test_backend_order (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE, FALSE);
  g_autoptr(TokensClient) client = tokens_test_client_new (tokens_demo_server_get_url (server),
                                               tokens_demo_server_get_token (server, "operator"));
  g_autoptr(TokensBackend) backend = NULL;
  g_autoptr(GPtrArray) names = server_names (server);
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens_client_set_product (client, TOKENS_PRODUCT_CORE);
  backend = tokens_backend_new_for_product (client, TOKENS_PRODUCT_CORE);
  g_assert_true (TOKENS_IS_BACKEND_V3 (backend));
  g_assert_true (tokens_backend_get_client (backend) == client);

  {
    g_autoptr(GAsyncResult) result = NULL;
    Prepared prepared = { 0 };

    tokens_backend_list_async (backend, NULL, record_prepare, &prepared, NULL,
                               tokens_test_store_result, &result);
    tokens_test_wait_result (&result);
    tokens = tokens_backend_list_finish (backend, result, &error);
    g_assert_no_error (error);
    /* Prepared once, in a worker thread, with the backend and the product. */
    g_assert_cmpuint (prepared.calls, ==, 1);
    g_assert_true (prepared.off_main_thread);
    g_assert_true (prepared.backend == backend);
    g_assert_cmpint (prepared.product, ==, TOKENS_PRODUCT_CORE);
    g_assert_true (prepared.tokens == tokens);
  }
  g_assert_cmpuint (tokens->len, ==, names->len);
  for (guint i = 0; i < tokens->len; i++)
    {
      TokensToken *token = g_ptr_array_index (tokens, i);

      g_assert_cmpstr (tokens_token_get_id (token), ==, g_ptr_array_index (names, i));
      if (i > 0)
        g_assert_cmpuint (tokens_token_get_order (token), >,
                          tokens_token_get_order (g_ptr_array_index (tokens, i - 1)));
    }
  g_assert_cmpstr (tokens_token_get_id (g_ptr_array_index (tokens, 0)), ==, "_admin");
  g_assert_true (tokens_backend_is_own_token (backend, g_ptr_array_index (tokens, 0)));
  g_assert_false (tokens_backend_is_own_token (backend, g_ptr_array_index (tokens, 1)));

  g_clear_pointer (&tokens, g_ptr_array_unref);
  g_clear_object (&backend);
  tokens_test_assert_finalize_soon (g_steal_pointer (&client));
  tokens_test_assert_finalize_soon (g_steal_pointer (&server));
}

/* Null columns written out read the same as null columns left out. */
static void
test_explicit_nulls (void)
{
  g_autoptr(TokensDemoServer) plain = server_new (TOKENS_DEMO_MODE_ENTERPRISE, FALSE, FALSE);
  g_autoptr(TokensDemoServer) nulls = server_new (TOKENS_DEMO_MODE_ENTERPRISE, FALSE, TRUE);
  TokensTokenList *a = list_new (plain, tokens_demo_server_get_token (plain, "operator"));
  TokensTokenList *b = list_new (nulls, tokens_demo_server_get_token (nulls, "operator"));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (a));

  g_assert_cmpuint (n, ==, 11);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (b)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensToken) x = g_list_model_get_item (G_LIST_MODEL (a), i);
      g_autoptr(TokensToken) y = g_list_model_get_item (G_LIST_MODEL (b), i);

      g_assert_cmpstr (tokens_token_get_id (x), ==, tokens_token_get_id (y));
      g_assert_cmpuint (tokens_token_get_order (x), ==, tokens_token_get_order (y));
      g_assert_true (g_date_time_equal (tokens_token_get_created_at (x),
                                        tokens_token_get_created_at (y)));
      g_assert_cmpint (tokens_token_get_expires_at (x) != NULL, ==,
                       tokens_token_get_expires_at (y) != NULL);
      if (tokens_token_get_expires_at (x) != NULL &&
          !g_str_equal (tokens_token_get_id (x), "contractor-bob"))
        g_assert_true (g_date_time_equal (tokens_token_get_expires_at (x),
                                          tokens_token_get_expires_at (y)));
      g_assert_null (y->description);
      g_assert_cmpstr (tokens_token_get_raw_permissions (x), ==,
                       tokens_token_get_raw_permissions (y));
      g_assert_cmpstr (tokens_token_get_summary (x), ==, tokens_token_get_summary (y));
      g_assert_cmpint (tokens_token_get_status (x), ==, tokens_token_get_status (y));
    }
  g_assert_cmpuint (count_current (b), ==, 1);
  g_assert_true (tokens_token_get_is_current (tokens_token_list_lookup (b, "_admin")));

  tear_down (a, g_steal_pointer (&plain));
  tear_down (b, g_steal_pointer (&nulls));
}

/* Signed in with a named admin token, that one is the app's own, found by
 * its hash; _admin is not. */
static void
test_own_token_named_admin (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE, FALSE);
  g_autofree char *value = create_named_admin (server, "helper-admin");
  TokensTokenList *list = list_new (server, value);
  TokensToken *mine = tokens_token_list_lookup (list, "helper-admin");

  g_assert_nonnull (mine);
  g_assert_true (tokens_token_get_is_current (mine));
  g_assert_false (tokens_token_get_is_current (tokens_token_list_lookup (list, "_admin")));
  g_assert_cmpuint (count_current (list), ==, 1);

  tear_down (list, g_steal_pointer (&server));
}

/* Own-token detection by the hash's prefix: nine digits or more, in
 * either case; fewer never. */
static void
test_own_token_hash_length (void)
{
  const char *value = "apiv3_some-token-value";
  g_autoptr(TokensClient) client = tokens_test_client_new ("http://127.0.0.1:1", value);
  g_autoptr(TokensBackend) backend = tokens_backend_v3_new (client);
  g_autofree char *hex = g_compute_checksum_for_string (G_CHECKSUM_SHA512, value, -1);
  g_autofree char *upper = g_ascii_strup (hex, 9);
  g_autofree char *eight = g_strndup (hex, 8);
  g_autofree char *nine = g_strndup (hex, 9);
  g_autofree char *other = g_strdup (nine);
  g_autofree char *json = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;

  other[8] = other[8] == '0' ? '1' : '0';
  json = g_strdup_printf ("[{\"name\": \"full\", \"hash\": \"%s\"},"
                          " {\"name\": \"nine\", \"hash\": \"%s\"},"
                          " {\"name\": \"upper\", \"hash\": \"%s\"},"
                          " {\"name\": \"eight\", \"hash\": \"%s\"},"
                          " {\"name\": \"other\", \"hash\": \"%s\"},"
                          " {\"name\": \"none\"}]",
                          hex, nine, upper, eight, other);
  {
    g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
    tokens = tokens_v3_token_reader_read_list (body, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, 6);

  g_assert_true (tokens_backend_is_own_token (backend, g_ptr_array_index (tokens, 0)));
  g_assert_true (tokens_backend_is_own_token (backend, g_ptr_array_index (tokens, 1)));
  g_assert_true (tokens_backend_is_own_token (backend, g_ptr_array_index (tokens, 2)));
  g_assert_false (tokens_backend_is_own_token (backend, g_ptr_array_index (tokens, 3)));
  g_assert_false (tokens_backend_is_own_token (backend, g_ptr_array_index (tokens, 4)));
  g_assert_false (tokens_backend_is_own_token (backend, g_ptr_array_index (tokens, 5)));

  g_clear_object (&backend);
  tokens_test_assert_finalize_soon (g_steal_pointer (&client));
}

/* A delete takes the token off the server and out of the list; deleting
 * it again (from a list that still shows it) is "already deleted". */
static void
test_delete (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE, FALSE);
  const char *operator = tokens_demo_server_get_token (server, "operator");
  TokensTokenList *list = list_new (server, operator);
  TokensTokenList *stale = list_new (server, operator);
  g_autoptr(GError) error = NULL;
  gboolean already = TRUE;
  guint n = tokens_demo_server_get_n_tokens (server);

  g_assert_true (tokens_demo_server_has_token_named (server, "ci-deploy"));
  g_assert_true (tokens_test_list_delete (list, "ci-deploy", &already, &error));
  g_assert_no_error (error);
  g_assert_false (already);
  g_assert_false (tokens_demo_server_has_token_named (server, "ci-deploy"));
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (server), ==, n - 1);
  g_assert_null (tokens_token_list_lookup (list, "ci-deploy"));

  /* The server's own words, "not found", make it gone, not a failure. */
  g_assert_nonnull (tokens_token_list_lookup (stale, "ci-deploy"));
  g_assert_true (tokens_test_list_delete (stale, "ci-deploy", &already, &error));
  g_assert_no_error (error);
  g_assert_true (already);
  g_assert_null (tokens_token_list_lookup (stale, "ci-deploy"));
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (server), ==, n - 1);

  /* A refresh agrees with the server. */
  g_assert_true (tokens_test_list_refresh (list, &error));
  g_assert_null (tokens_token_list_lookup (list, "ci-deploy"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n - 1);

  tear_down (list, NULL);
  tear_down (stale, g_steal_pointer (&server));
}

/* _admin is never deleted: the list refuses it before any request, and
 * the server's own 405 says the same when asked anyway. */
static void
test_delete_operator (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE, FALSE);
  TokensTokenList *list = list_new (server, tokens_demo_server_get_token (server, "operator"));
  TokensBackend *backend = tokens_token_list_get_backend (list);
  g_autoptr(TokensToken) unprotected = tokens_token_new ("_admin");
  g_autoptr(GError) error = NULL;
  guint requests = tokens_demo_server_get_n_requests (server);

  g_assert_false (tokens_test_list_delete (list, "_admin", NULL, &error));
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_NOT_ALLOWED);
  g_assert_cmpstr (error->message, ==,
                   "InfluxDB 3 never deletes its operator token, _admin. It can only be "
                   "regenerated.");
  g_assert_cmpuint (tokens_demo_server_get_n_requests (server), ==, requests);
  g_assert_true (tokens_demo_server_has_token_named (server, "_admin"));
  g_assert_nonnull (tokens_token_list_lookup (list, "_admin"));
  g_clear_error (&error);

  /* A token not marked protected goes to the server, which refuses it. */
  g_assert_false (tokens_token_get_is_protected (unprotected));
  g_assert_false (tokens_test_backend_delete (backend, unprotected, &error));
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_NOT_ALLOWED);
  g_assert_cmpstr (error->message, ==,
                   "InfluxDB 3 never deletes its operator token, _admin. It can only be "
                   "regenerated.");
  g_assert_cmpuint (tokens_demo_server_get_n_requests (server), ==, requests + 1);
  g_assert_true (tokens_demo_server_has_token_named (server, "_admin"));
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (server), ==, 6);

  tear_down (list, g_steal_pointer (&server));
}

/* A token may delete itself; the server refuses it from then on. */
static void
test_delete_self (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE, FALSE);
  g_autofree char *value = create_named_admin (server, "self-destruct");
  TokensTokenList *list = list_new (server, value);
  g_autoptr(GError) error = NULL;
  gboolean already = TRUE;

  g_assert_true (tokens_token_get_is_current (tokens_token_list_lookup (list, "self-destruct")));
  g_assert_true (tokens_test_list_delete (list, "self-destruct", &already, &error));
  g_assert_no_error (error);
  g_assert_false (already);
  g_assert_false (tokens_demo_server_has_token_named (server, "self-destruct"));
  g_assert_null (tokens_token_list_lookup (list, "self-destruct"));

  g_assert_false (tokens_test_list_refresh (list, &error));
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAUTHORIZED);

  tear_down (list, g_steal_pointer (&server));
}

/* Many at once, through the token list's bounded batch: one already gone,
 * _admin refused, the rest deleted on the server. */
static void
test_delete_many (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE, FALSE);
  const char *operator = tokens_demo_server_get_token (server, "operator");
  TokensTokenList *list = NULL;
  TokensTokenList *other = NULL;
  const char *ids[] = { "ci-job-00001", "ci-job-00002", "ci-job-00003", "ci-job-00004",
                        "ci-job-00005", "_admin", "ops-alice", NULL };
  g_autoptr(TokensBulkResult) result = NULL;
  g_autoptr(GAsyncResult) async = NULL;
  g_autoptr(GError) error = NULL;

  tokens_demo_server_generate (server, 8);
  list = list_new (server, operator);
  other = list_new (server, operator);
  g_assert_true (tokens_test_list_delete (other, "ops-alice", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (server), ==, 13);

  tokens_demo_server_set_latency (server, 20);
  tokens_token_list_delete_many_async (list, ids, 3, NULL, tokens_test_store_result, &async);
  tokens_test_wait_result (&async);
  result = tokens_token_list_delete_many_finish (list, async);
  /* The result holds the list. */
  g_clear_object (&async);

  g_assert_cmpuint (result->n_requested, ==, 7);
  g_assert_cmpuint (result->n_done, ==, 5);
  g_assert_cmpuint (result->n_already_gone, ==, 1);
  g_assert_cmpuint (result->n_not_attempted, ==, 0);
  g_assert_false (result->cancelled);
  g_assert_cmpuint (result->failed_ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (result->failed_ids, 0), ==, "_admin");
  g_assert_error ((GError *)g_ptr_array_index (result->failures, 0),
                  TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_NOT_ALLOWED);
  /* Never more in flight than asked for. */
  g_assert_cmpuint (tokens_demo_server_get_max_in_flight (server), <=, 3);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      gboolean on_server = tokens_demo_server_has_token_named (server, ids[i]);

      g_assert_cmpint (on_server, ==, g_str_equal (ids[i], "_admin"));
      g_assert_cmpint (tokens_token_list_lookup (list, ids[i]) != NULL, ==, on_server);
    }
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (server), ==, 8);

  tear_down (other, NULL);
  tear_down (list, g_steal_pointer (&server));
}

/* Started without authentication: the list still works, without hashes and
 * so without an own token, and nothing can be deleted. */
static void
test_without_auth (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, TRUE, FALSE);
  TokensTokenList *list = list_new (server, "apiv3_anything");
  TokensBackend *backend = tokens_token_list_get_backend (list);
  g_autoptr(GError) error = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  g_assert_true (tokens_client_get_without_auth (tokens_token_list_get_client (list)));
  g_assert_true (TOKENS_IS_BACKEND_V3 (backend));
  g_assert_cmpuint (n, ==, 6);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_null (tokens_token_get_hash (token));
      g_assert_false (tokens_token_get_is_current (token));
    }
  /* Without authentication nothing can be made or regenerated either. */
  g_assert_cmpint (tokens_token_list_get_features (list), ==,
                   TOKENS_BACKEND_EXPIRY | TOKENS_BACKEND_NAMED);
  g_assert_cmpint (tokens_backend_get_features (backend) & TOKENS_BACKEND_DELETE, ==, 0);

  g_assert_false (tokens_test_backend_delete (backend, tokens_token_list_lookup (list, "ci-deploy"), &error));
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_AUTH_DISABLED);
  g_assert_true (tokens_demo_server_has_token_named (server, "ci-deploy"));

  tear_down (list, g_steal_pointer (&server));
}

/* A token the server refuses: the list fails as unauthorized, and all
 * that is known of the product is that it is InfluxDB 3. */
static void
test_token_refused (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE, FALSE);
  g_autoptr(TokensClient) client = tokens_test_client_new (tokens_demo_server_get_url (server),
                                               "apiv3_not-a-token");
  TokensTokenList *list = tokens_token_list_new (client);
  g_autoptr(GError) error = NULL;

  g_assert_false (tokens_test_list_refresh (list, &error));
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpint (tokens_token_list_get_state (list), ==, TOKENS_TOKEN_LIST_STATE_FAILED);
  g_assert_cmpstr (tokens_token_list_get_product_name (list), ==, "InfluxDB 3");
  g_assert_true (TOKENS_IS_BACKEND_V3 (tokens_token_list_get_backend (list)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  g_clear_object (&client);
  tear_down (list, g_steal_pointer (&server));
}

/* Enterprise's resource tokens, in words. */
static void
test_enterprise_summaries (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_ENTERPRISE, FALSE, FALSE);
  const char *operator = tokens_demo_server_get_token (server, "operator");
  g_autofree char *url = g_strconcat (tokens_demo_server_get_url (server),
                                      "/api/v3/enterprise/configure/token", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", operator, NULL);
  TokensTokenList *list = NULL;
  struct { const char *name; const char *summary; } cases[] = {
    { "telegraf-writer", "Write database telegraf" },
    { "grafana-dashboards", "Read databases sensors, weather" },
    { "health-probe", "Read health" },
    { "token-auditor", "Read database _internal" },
    { "etl-all-databases", "Read and write all databases" },
    { "several", "Read and write databases db1, db2; Read health" },
    { "everything-read", "Read all databases; Read all system information" },
    { "ops-alice", "Full access (admin token)" },
    { "_admin", "Full access (operator token)" },
  };

  {
    g_autoptr(TokensTestResponse) reply = tokens_test_raw_request ("POST", url, authorization,
      "{\"token_name\": \"several\", \"permissions\": ["
      "{\"resource_type\": \"db\", \"resource_names\": [\"db1\", \"db2\"], \"actions\": [\"read\", \"write\"]},"
      "{\"resource_type\": \"system\", \"resource_names\": [\"health\"], \"actions\": [\"read\"]}]}");
    g_assert_cmpuint (reply->status, ==, 201);
  }
  {
    g_autoptr(TokensTestResponse) reply = tokens_test_raw_request ("POST", url, authorization,
      "{\"token_name\": \"everything-read\", \"permissions\": ["
      "{\"resource_type\": \"db\", \"resource_names\": [\"*\"], \"actions\": [\"read\"]},"
      "{\"resource_type\": \"system\", \"resource_names\": [\"*\"], \"actions\": [\"read\"]}]}");
    g_assert_cmpuint (reply->status, ==, 201);
  }

  list = list_new (server, operator);
  g_assert_cmpstr (tokens_token_list_get_product_name (list), ==, "InfluxDB 3 Enterprise 3.11.1");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TokensToken *token = tokens_token_list_lookup (list, cases[i].name);

      g_assert_nonnull (token);
      g_assert_cmpstr (tokens_token_get_summary (token), ==, cases[i].summary);
      g_assert_cmpint (tokens_token_get_is_all_access (token), ==,
                       g_str_equal (cases[i].name, "ops-alice"));
    }
  g_assert_cmpstr (tokens_token_get_raw_permissions (tokens_token_list_lookup (list, "several")),
                   ==, "db:db1,db2:read,write;system:health:read");

  tear_down (list, g_steal_pointer (&server));
}

/* ---- The backend's requests, byte for byte ------------------------------ */

typedef struct
{
  GMutex lock;
  const char *status_line;
  char *last_request;
  char *last_body;
} Answers;

static gboolean
answer (TokensHostileServer        *server,
        const TokensHostileRequest *request,
        GOutputStream              *out,
        gpointer                    user_data)
{
  Answers *answers = user_data;
  const char *status_line;

  g_mutex_lock (&answers->lock);
  g_free (answers->last_request);
  answers->last_request = g_strconcat (request->method, " ", request->path, NULL);
  g_free (answers->last_body);
  answers->last_body = request->body != NULL
                       ? g_strndup (g_bytes_get_data (request->body, NULL),
                                    g_bytes_get_size (request->body))
                       : NULL;
  status_line = answers->status_line;
  g_mutex_unlock (&answers->lock);

  if (g_str_equal (request->method, "POST"))
    return tokens_hostile_answer (out, "200 OK", "Content-Type: application/json\r\n",
                                  "[{\"token_id\": 0, \"name\": \"_admin\"}]", -1);
  return tokens_hostile_answer (out, status_line, "", "", 0);
}

/* Only 200 and 204 are a delete done; any other success is not known to
 * be one. The list is a POST of the query as JSON. */
static void
test_delete_statuses (void)
{
  Answers answers = { 0 };
  TokensHostileServer *hostile = tokens_hostile_server_new (0, answer, &answers);
  g_autoptr(TokensClient) client = tokens_test_client_new (tokens_hostile_server_get_url (hostile),
                                               "apiv3_value");
  g_autoptr(TokensBackend) backend = NULL;
  g_autoptr(TokensToken) token = tokens_token_new ("a b/c&d");
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  struct { const char *status_line; gboolean done; } cases[] = {
    { "200 OK", TRUE },
    { "204 No Content", TRUE },
    { "202 Accepted", FALSE },
    { "201 Created", FALSE },
  };

  g_mutex_init (&answers.lock);
  tokens_client_set_product (client, TOKENS_PRODUCT_CORE);
  backend = tokens_backend_v3_new (client);

  tokens = tokens_test_backend_list (backend, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, 1);
  g_assert_cmpstr (answers.last_request, ==, "POST /api/v3/query_sql");
  {
    g_autoptr(JsonNode) node = json_from_string (answers.last_body, NULL);
    JsonObject *object;

    g_assert_nonnull (node);
    object = json_node_get_object (node);
    g_assert_cmpstr (json_object_get_string_member (object, "db"), ==, "_internal");
    g_assert_cmpstr (json_object_get_string_member (object, "q"), ==, "SELECT * FROM system.tokens");
    g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "json");
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) delete_error = NULL;
      gboolean done;

      g_mutex_lock (&answers.lock);
      answers.status_line = cases[i].status_line;
      g_mutex_unlock (&answers.lock);

      done = tokens_test_backend_delete (backend, token, &delete_error);
      g_assert_cmpint (done, ==, cases[i].done);
      if (cases[i].done)
        g_assert_no_error (delete_error);
      else
        g_assert_error (delete_error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);
      g_assert_cmpstr (answers.last_request, ==,
                       "DELETE /api/v3/configure/token?token_name=a%20b%2Fc%26d");
    }

  g_clear_object (&backend);
  tokens_test_assert_finalize_soon (g_steal_pointer (&client));
  tokens_hostile_server_free (hostile);
  g_free (answers.last_request);
  g_free (answers.last_body);
  g_mutex_clear (&answers.lock);
}

int
main (int   argc,
      char *argv[])
{
  /* A zone five hours east of UTC, needing no time zone database: a
   * naive timestamp read as local time is five hours off. */
  g_setenv ("TZ", "XST-5", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/tokens/backend-v3/list", test_list);
  g_test_add_func ("/tokens/backend-v3/backend-order", test_backend_order);
  g_test_add_func ("/tokens/backend-v3/explicit-nulls", test_explicit_nulls);
  g_test_add_func ("/tokens/backend-v3/own-token-named-admin", test_own_token_named_admin);
  g_test_add_func ("/tokens/backend-v3/own-token-hash-length", test_own_token_hash_length);
  g_test_add_func ("/tokens/backend-v3/delete", test_delete);
  g_test_add_func ("/tokens/backend-v3/delete-operator", test_delete_operator);
  g_test_add_func ("/tokens/backend-v3/delete-self", test_delete_self);
  g_test_add_func ("/tokens/backend-v3/delete-many", test_delete_many);
  g_test_add_func ("/tokens/backend-v3/delete-statuses", test_delete_statuses);
  g_test_add_func ("/tokens/backend-v3/without-auth", test_without_auth);
  g_test_add_func ("/tokens/backend-v3/token-refused", test_token_refused);
  g_test_add_func ("/tokens/backend-v3/enterprise-summaries", test_enterprise_summaries);

  return g_test_run ();
}
