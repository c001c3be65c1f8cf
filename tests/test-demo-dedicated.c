/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-demo-server-testing.h"
#include "tokens-test-utils.h"

#include <json-glib/json-glib.h>
#include <string.h>

/*
 * The fake server's Cloud Dedicated mode over real HTTP, one test per row
 * of docs/influxdb3-api.md's behaviour table for the management API, each
 * marked "Row N". Requests go through libsoup; the fake server runs on the
 * main context. Paths are added to tokens_demo_server_get_url(), which
 * holds the account and the cluster.
 */

/* @path after the management base URL, with the management token. */
static TokensTestResponse *
call (TokensDemoServer *server,
      const char       *method,
      const char       *path,
      const char       *body)
{
  g_autofree char *url = g_strconcat (tokens_demo_server_get_url (server), path, NULL);
  g_autofree char *authorization =
    g_strconcat ("Bearer ", tokens_demo_server_get_token (server, "operator"), NULL);

  return tokens_test_raw_request (method, url, authorization, body);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* {"code": @status, "message": …} */
static void
assert_error (TokensTestResponse *reply,
              guint  status)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==,
                   "application/json");
  node = parse (reply->body);
  object = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (object, "code"), ==, status);
  g_assert_nonnull (json_object_get_string_member (object, "message"));
}

static JsonObject *
find (JsonNode   *list,
      const char *id)
{
  JsonArray *array = json_node_get_array (list);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      if (g_str_equal (json_object_get_string_member (object, "id"), id))
        return object;
    }
  return NULL;
}

static JsonNode *
list (TokensDemoServer *server)
{
  g_autoptr(TokensTestResponse) reply = call (server, "GET", "/tokens", NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return parse (reply->body);
}

static const char *
id_of (TokensDemoServer *server,
       const char       *key)
{
  const char *id = tokens_demo_server_get_id (server, key);

  g_assert_nonnull (id);
  return id;
}

/* Row 1: no management token, an unknown one, or another scheme: 401. */
static void
test_unauthorized (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  g_autofree char *url = g_strconcat (tokens_demo_server_get_url (server), "/tokens", NULL);
  g_autofree char *as_token =
    g_strconcat ("Token ", tokens_demo_server_get_token (server, "operator"), NULL);
  g_autofree char *database =
    g_strconcat ("Bearer ", tokens_demo_server_get_token (server, "grafana"), NULL);
  g_autofree char *one = g_strconcat (url, "/", id_of (server, "grafana"), NULL);
  TokensTestResponse *replies[] = {
    tokens_test_raw_request ("GET", url, NULL, NULL),
    tokens_test_raw_request ("GET", url, "Bearer wrong", NULL),
    tokens_test_raw_request ("GET", url, as_token, NULL),
    tokens_test_raw_request ("GET", url, database, NULL),
    tokens_test_raw_request ("DELETE", one, NULL, NULL),
  };

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      assert_error (replies[i], 401);
      tokens_test_response_free (replies[i]);
    }
  g_assert_true (tokens_demo_server_has_token_id (server, id_of (server, "grafana")));
}

static void
assert_token_object (JsonObject *object,
                     gboolean    with_secret)
{
  JsonArray *permissions;

  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (object, "id")));
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (object, "accountId")));
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (object, "clusterId")));
  g_assert_nonnull (json_object_get_string_member (object, "description"));
  g_assert_nonnull (json_object_get_string_member (object, "createdAt"));
  g_assert_false (json_object_has_member (object, "created_at"));
  g_assert_cmpint (json_object_has_member (object, "accessToken"), ==, with_secret);
  permissions = json_object_get_array_member (object, "permissions");
  for (guint i = 0; i < json_array_get_length (permissions); i++)
    {
      JsonObject *p = json_array_get_object_element (permissions, i);
      const char *action = json_object_get_string_member (p, "action");

      g_assert_true (g_str_equal (action, "read") || g_str_equal (action, "write"));
      g_assert_nonnull (json_object_get_string_member (p, "resource"));
    }
}

/* Row 2: the list: an array of camelCase objects, of this account and
 * cluster, without their values. */
static void
test_list (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  g_autoptr(JsonNode) node = list (server);
  JsonArray *array = json_node_get_array (node);
  const char *url = tokens_demo_server_get_url (server);

  g_assert_cmpuint (json_array_get_length (array), ==, tokens_demo_server_get_n_tokens (server));
  g_assert_cmpuint (json_array_get_length (array), >=, 5);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      g_autofree char *path =
        g_strdup_printf ("/api/v0/accounts/%s/clusters/%s",
                         json_object_get_string_member (object, "accountId"),
                         json_object_get_string_member (object, "clusterId"));

      const char *id = json_object_get_string_member (object, "id");

      assert_token_object (object, FALSE);
      g_assert_true (g_str_has_suffix (url, path));
      g_assert_true (tokens_demo_server_has_token_id (server, id));
    }
}

/* Row 3: a revoked token is listed with revokedAt; one that expires, with expiresAt. */
static void
test_revoked_and_expiring (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  g_autoptr(JsonNode) node = list (server);
  JsonObject *revoked = find (node, id_of (server, "revoked"));
  JsonObject *soon = find (node, id_of (server, "contractor"));
  JsonObject *plain = find (node, id_of (server, "telegraf"));
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_assert_nonnull (revoked);
  g_assert_nonnull (json_object_get_string_member (revoked, "revokedAt"));
  when = g_date_time_new_from_iso8601 (json_object_get_string_member (soon, "expiresAt"), NULL);
  g_assert_nonnull (when);
  g_assert_cmpint (g_date_time_difference (when, now), >, 2 * G_TIME_SPAN_DAY);
  g_assert_cmpint (g_date_time_difference (when, now), <=, 3 * G_TIME_SPAN_DAY);
  g_assert_false (json_object_has_member (plain, "expiresAt"));
  g_assert_false (json_object_has_member (plain, "revokedAt"));
}

/* Row 4: one token by id, as the list shows it. */
static void
test_get_one (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  const char *id = id_of (server, "grafana");
  g_autofree char *path = g_strconcat ("/tokens/", id, NULL);
  g_autoptr(TokensTestResponse) reply = call (server, "GET", path, NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) listed = list (server);
  JsonObject *object;

  g_assert_cmpuint (reply->status, ==, 200);
  node = parse (reply->body);
  object = json_node_get_object (node);
  assert_token_object (object, FALSE);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, id);
  g_assert_true (json_object_equal (object, find (listed, id)));
}

/* Row 5: an id it does not know: 404. */
static void
test_get_missing (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  g_autoptr(TokensTestResponse) reply = call (server, "GET", "/tokens/00000000-0000-4000-8000-000000000000",
                                 NULL);

  assert_error (reply, 404);
}

/* Row 6: an id that is not a UUID: 400, for a GET, a PATCH or a DELETE. */
static void
test_malformed_id (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  const char *methods[] = { "GET", "PATCH", "DELETE" };
  guint n = tokens_demo_server_get_n_tokens (server);

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(TokensTestResponse) reply = call (server, methods[i], "/tokens/0a1b2c3d4e5f6071",
                                     g_str_equal (methods[i], "PATCH") ? "{}" : NULL);

      assert_error (reply, 400);
    }
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (server), ==, n);
}

/* Row 7: a create is 200 (not 201), with accessToken this once. */
static void
test_create (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  g_autoptr(TokensTestResponse) reply =
    call (server, "POST", "/tokens",
          "{\"description\": \"New dashboard\", \"permissions\": "
          "[{\"action\": \"read\", \"resource\": \"sensors\"}], "
          "\"expiresAt\": \"2030-01-01T00:00:00Z\"}");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) listed = NULL;
  JsonObject *object;
  const char *id;

  g_assert_cmpuint (reply->status, ==, 200);
  node = parse (reply->body);
  object = json_node_get_object (node);
  assert_token_object (object, TRUE);
  g_assert_cmpstr (json_object_get_string_member (object, "description"), ==, "New dashboard");
  g_assert_nonnull (json_object_get_string_member (object, "expiresAt"));
  id = json_object_get_string_member (object, "id");
  g_assert_true (tokens_demo_server_has_token_id (server, id));

  listed = list (server);
  g_assert_nonnull (find (listed, id));
  g_assert_false (json_object_has_member (find (listed, id), "accessToken"));
}

/* Row 8: a create without a description, or with permissions that are not
 * {action, resource}: 400, and nothing made. */
static void
test_create_invalid (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  guint n = tokens_demo_server_get_n_tokens (server);
  const char *bodies[] = {
    "{\"permissions\": [{\"action\": \"read\", \"resource\": \"sensors\"}]}",
    "{\"description\": \"x\", \"permissions\": "
    "[{\"action\": \"delete\", \"resource\": \"sensors\"}]}",
    "{\"description\": \"x\", \"permissions\": [{\"action\": \"read\"}]}",
    "{\"description\": \"x\", \"permissions\": [], \"expiresAt\": \"tomorrow\"}",
    "not json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(TokensTestResponse) reply = call (server, "POST", "/tokens", bodies[i]);

      assert_error (reply, 400);
    }
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (server), ==, n);
}

/* Row 9: PATCH changes the description, and replaces the permissions. */
static void
test_update (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  g_autofree char *path = g_strconcat ("/tokens/", id_of (server, "grafana"), NULL);
  g_autoptr(TokensTestResponse) reply =
    call (server, "PATCH", path,
          "{\"description\": \"Grafana: weather only\", \"permissions\": "
          "[{\"action\": \"read\", \"resource\": \"weather\"}]}");
  g_autoptr(TokensTestResponse) bad = call (server, "PATCH", path, "{\"description\": 7}");
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonArray *permissions;

  g_assert_cmpuint (reply->status, ==, 200);
  node = parse (reply->body);
  object = json_node_get_object (node);
  assert_token_object (object, FALSE);
  g_assert_cmpstr (json_object_get_string_member (object, "description"), ==,
                   "Grafana: weather only");
  permissions = json_object_get_array_member (object, "permissions");
  g_assert_cmpuint (json_array_get_length (permissions), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (permissions, 0),
                                                  "resource"), ==, "weather");
  assert_error (bad, 400);
}

/* Row 10: DELETE (the revoke) is 204 with no body; the token is gone. */
static void
test_delete (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  g_autofree char *id = g_strdup (id_of (server, "telegraf"));
  g_autofree char *path = g_strconcat ("/tokens/", id, NULL);
  g_autoptr(TokensTestResponse) reply = call (server, "DELETE", path, NULL);
  g_autoptr(TokensTestResponse) get = call (server, "GET", path, NULL);
  g_autoptr(TokensTestResponse) again = call (server, "DELETE", path, NULL);
  g_autoptr(JsonNode) listed = list (server);

  g_assert_cmpuint (reply->status, ==, 204);
  g_assert_cmpstr (reply->body, ==, "");
  g_assert_false (tokens_demo_server_has_token_id (server, id));
  g_assert_null (find (listed, id));
  assert_error (get, 404);
  assert_error (again, 404);
}

/* Row 11: another path, another cluster, /ping: 404 in JSON. */
static void
test_other_paths (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  g_autoptr(GUri) uri = g_uri_parse (tokens_demo_server_get_url (server), G_URI_FLAGS_NONE, NULL);
  g_autofree char *root = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));
  g_autofree char *authorization =
    g_strconcat ("Bearer ", tokens_demo_server_get_token (server, "operator"), NULL);
  const char *paths[] = {
    "/ping",
    "/api/v2/authorizations",
    "/api/v0/accounts/00000000-0000-4000-8000-000000000000/clusters/"
    "00000000-0000-4000-8000-000000000000/tokens",
  };
  g_autoptr(TokensTestResponse) under = call (server, "GET", "/ping", NULL);

  assert_error (under, 404);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *url = g_strconcat (root, paths[i], NULL);
      g_autoptr(TokensTestResponse) reply = tokens_test_raw_request ("GET", url, authorization, NULL);

      assert_error (reply, 404);
    }
}

typedef struct
{
  guint n;
  char *first_kind;
  char *first_value;
  gboolean revoked;
} Collected;

static void
collect (const char *kind,
         const char *id,
         const char *value,
         const char *description,
         gpointer    user_data)
{
  Collected *collected = user_data;

  if (collected->n++ == 0)
    {
      collected->first_kind = g_strdup (kind);
      collected->first_value = g_strdup (value);
    }
  if (g_str_equal (kind, "revoked"))
    collected->revoked = TRUE;
}

/* Row 12: the management token is not a database token: never listed, and
 * so never revoked from here. It comes first in foreach_token. */
static void
test_management_token (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  g_autoptr(JsonNode) node = list (server);
  g_autofree char *listed = json_to_string (node, FALSE);
  Collected collected = { 0 };

  tokens_demo_server_foreach_token (server, collect, &collected);
  g_assert_cmpuint (collected.n, ==, tokens_demo_server_get_n_tokens (server) + 1);
  g_assert_cmpstr (collected.first_kind, ==, "operator");
  g_assert_cmpstr (collected.first_value, ==, tokens_demo_server_get_token (server, "operator"));
  g_assert_true (collected.revoked);
  g_assert_null (strstr (listed, collected.first_value));
  g_free (collected.first_kind);
  g_free (collected.first_value);
}

/* Row 13: the cluster's databases, in the management API's shape: every
 * database a seeded token names is there. */
static void
test_databases (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  g_autoptr(TokensTestResponse) reply = call (server, "GET", "/databases", NULL);
  g_autoptr(TokensTestResponse) post = call (server, "POST", "/databases", "{\"name\": \"x\"}");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) tokens = list (server);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  JsonArray *array, *listed = json_node_get_array (tokens);
  guint n_templates = 0;

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==,
                   "application/json");
  node = parse (reply->body);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), >=, 2);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *database = json_array_get_object_element (array, i);
      const char *url = tokens_demo_server_get_url (server);
      g_autofree char *path =
        g_strdup_printf ("/api/v0/accounts/%s/clusters/%s",
                         json_object_get_string_member (database, "accountId"),
                         json_object_get_string_member (database, "clusterId"));

      g_assert_true (g_str_has_suffix (url, path));
      g_assert_cmpuint (strlen (json_object_get_string_member (database, "name")), >, 0);
      g_assert_cmpint (json_object_get_int_member (database, "maxTables"), >=, 1);
      g_assert_cmpint (json_object_get_int_member (database, "maxColumnsPerTable"), >=, 1);
      g_assert_cmpint (json_object_get_int_member (database, "retentionPeriod"), >=, 0);
      if (json_object_has_member (database, "partitionTemplate"))
        {
          JsonArray *parts = json_object_get_array_member (database, "partitionTemplate");

          g_assert_cmpuint (json_array_get_length (parts), >=, 1);
          g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (parts, 0),
                                                           "type"));
          n_templates++;
        }
      g_ptr_array_add (names, (gpointer)json_object_get_string_member (database, "name"));
    }
  g_assert_cmpuint (n_templates, ==, 1);

  for (guint i = 0; i < json_array_get_length (listed); i++)
    {
      JsonArray *permissions =
        json_object_get_array_member (json_array_get_object_element (listed, i), "permissions");

      for (guint j = 0; j < json_array_get_length (permissions); j++)
        {
          const char *resource =
            json_object_get_string_member (json_array_get_object_element (permissions, j),
                                           "resource");

          if (!g_str_equal (resource, "*"))
            g_assert_true (g_ptr_array_find_with_equal_func (names, resource, g_str_equal, NULL));
        }
    }
  assert_error (post, 405);
}

/* Row 14: a token for a database the cluster does not have is made as
 * asked (unverified); so is one without permissions, that may do nothing. */
static void
test_create_unknown_database (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  g_autoptr(TokensTestResponse) unknown =
    call (server, "POST", "/tokens",
          "{\"description\": \"Not yet\", \"permissions\": "
          "[{\"action\": \"write\", \"resource\": \"not-made-yet\"}]}");
  g_autoptr(TokensTestResponse) nothing = call (server, "POST", "/tokens",
                                                "{\"description\": \"No access\"}");
  g_autoptr(JsonNode) unknown_node = NULL;
  g_autoptr(JsonNode) nothing_node = NULL;
  JsonArray *permissions;

  g_assert_cmpuint (unknown->status, ==, 200);
  unknown_node = parse (unknown->body);
  permissions = json_object_get_array_member (json_node_get_object (unknown_node), "permissions");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (permissions, 0),
                                                  "resource"), ==, "not-made-yet");
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (unknown_node),
                                                   "accessToken"));

  g_assert_cmpuint (nothing->status, ==, 200);
  nothing_node = parse (nothing->body);
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (json_node_get_object (nothing_node),
                                                    "permissions")), ==, 0);
}

/* Generated tokens, for the benchmarks: ten thousand in one list. */
static void
test_generate (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  guint seeded = tokens_demo_server_get_n_tokens (server);
  g_autoptr(JsonNode) node = NULL;

  tokens_demo_server_generate (server, 10000);
  node = list (server);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, seeded + 10000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/tokens/demo-dedicated/unauthorized", test_unauthorized);
  g_test_add_func ("/tokens/demo-dedicated/list", test_list);
  g_test_add_func ("/tokens/demo-dedicated/revoked-and-expiring", test_revoked_and_expiring);
  g_test_add_func ("/tokens/demo-dedicated/get-one", test_get_one);
  g_test_add_func ("/tokens/demo-dedicated/get-missing", test_get_missing);
  g_test_add_func ("/tokens/demo-dedicated/malformed-id", test_malformed_id);
  g_test_add_func ("/tokens/demo-dedicated/create", test_create);
  g_test_add_func ("/tokens/demo-dedicated/create-invalid", test_create_invalid);
  g_test_add_func ("/tokens/demo-dedicated/update", test_update);
  g_test_add_func ("/tokens/demo-dedicated/delete", test_delete);
  g_test_add_func ("/tokens/demo-dedicated/other-paths", test_other_paths);
  g_test_add_func ("/tokens/demo-dedicated/management-token", test_management_token);
  g_test_add_func ("/tokens/demo-dedicated/databases", test_databases);
  g_test_add_func ("/tokens/demo-dedicated/create-unknown-database", test_create_unknown_database);
  g_test_add_func ("/tokens/demo-dedicated/generate", test_generate);

  return g_test_run ();
}
