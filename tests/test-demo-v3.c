/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-demo-server-testing.h"
#include "tokens-test-utils.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

/*
 * The fake server's InfluxDB 3 Core and Enterprise modes over real HTTP,
 * one test per row of docs/influxdb3-api.md's behaviour table for
 * InfluxDB 3, each marked "Row N". Requests go through libsoup, as a
 * client's would; the fake server runs on the main context.
 */

#define TOKENS_URL "/api/v3/query_sql?db=_internal&q=SELECT%20*%20FROM%20system.tokens&format=json"

static char *
bearer (const char *token)
{
  return g_strconcat ("Bearer ", token, NULL);
}

static TokensTestResponse *
call_at (const char *base,
         const char *method,
         const char *path,
         const char *token,
         const char *body)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  g_autofree char *authorization = token != NULL ? bearer (token) : NULL;

  return tokens_test_raw_request_full (method, url, authorization, "application/json", body);
}

static TokensTestResponse *
call (TokensDemoServer *server,
      const char       *method,
      const char       *path,
      const char       *token,
      const char       *body)
{
  return call_at (tokens_demo_server_get_url (server), method, path, token, body);
}

static const char *
header (TokensTestResponse      *reply,
        const char *name)
{
  return soup_message_headers_get_one (reply->headers, name);
}

static void
assert_plain (TokensTestResponse      *reply,
              guint       status,
              const char *text)
{
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_true (g_str_has_prefix (header (reply, "Content-Type"), "text/plain"));
  g_assert_cmpstr (reply->body, ==, text);
}

/* A JSON body {"error": @message}. */
static void
assert_json_error (TokensTestResponse      *reply,
                   guint       status,
                   const char *message)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (header (reply, "Content-Type"), ==, "application/json");
  g_assert_true (json_parser_load_from_data (parser, reply->body, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, message);
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

/* system.tokens as the operator sees it. */
static JsonNode *
list_rows (TokensDemoServer *server)
{
  g_autoptr(TokensTestResponse) reply = call (server, "GET", TOKENS_URL,
                                 tokens_demo_server_get_token (server, "operator"), NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return parse (reply->body);
}

static JsonObject *
find_row (JsonNode   *rows,
          const char *name)
{
  JsonArray *array = json_node_get_array (rows);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);
      if (g_str_equal (json_object_get_string_member (row, "name"), name))
        return row;
    }
  return NULL;
}

static TokensDemoServer *
server_new (TokensDemoMode mode,
            gboolean       without_auth)
{
  TokensDemoServer *server = tokens_demo_server_new (mode);
  g_autoptr(GError) error = NULL;

  tokens_demo_server_set_without_auth (server, without_auth);
  tokens_demo_server_seed (server);
  g_assert_true (tokens_demo_server_start (server, 0, &error));
  g_assert_no_error (error);
  return server;
}

/* Row 1: no Authorization, or a token it does not know: 401 in JSON. */
static void
test_unauthenticated (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  const char *paths[] = { TOKENS_URL, "/api/v3/configure/token?token_name=ci-deploy", "/nowhere" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(TokensTestResponse) none = call (server, "GET", paths[i], NULL, NULL);
      g_autoptr(TokensTestResponse) unknown = call (server, "DELETE", paths[i], "apiv3_not-a-token", NULL);

      assert_json_error (none, 401, "the request was not authenticated");
      assert_json_error (unknown, 401, "the request was not authenticated");
    }
  g_assert_true (tokens_demo_server_has_token_named (server, "ci-deploy"));
}

/* Row 2: the scheme word is case-sensitive; a header without one is malformed too. */
static void
test_malformed_scheme (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  const char *token = tokens_demo_server_get_token (server, "operator");
  g_autofree char *url = g_strconcat (tokens_demo_server_get_url (server), TOKENS_URL, NULL);
  g_autofree char *lower = g_strconcat ("bearer ", token, NULL);
  g_autoptr(TokensTestResponse) lower_reply = tokens_test_raw_request_full ("GET", url, lower, NULL, NULL);
  g_autoptr(TokensTestResponse) bare_reply = tokens_test_raw_request_full ("GET", url, token, NULL, NULL);
  g_autofree char *digest = g_strconcat ("Digest ", token, NULL);
  g_autoptr(TokensTestResponse) digest_reply = tokens_test_raw_request_full ("GET", url, digest, NULL, NULL);

  assert_json_error (lower_reply, 400, "Authorization header was malformed");
  assert_json_error (bare_reply, 400, "Authorization header was malformed");
  assert_json_error (digest_reply, 400, "Authorization header was malformed");
}

/* Row 3: Bearer, Token, and Basic with the token as the password. */
static void
test_schemes (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  const char *token = tokens_demo_server_get_token (server, "operator");
  g_autofree char *url = g_strconcat (tokens_demo_server_get_url (server), TOKENS_URL, NULL);
  g_autofree char *user_pass = g_strconcat ("anyone:", token, NULL);
  g_autofree char *b64 = g_base64_encode ((const guchar *)user_pass, strlen (user_pass));
  char *schemes[] = {
    g_strconcat ("Bearer ", token, NULL),
    g_strconcat ("Token ", token, NULL),
    g_strconcat ("Basic ", b64, NULL),
  };

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      g_autoptr(TokensTestResponse) reply = tokens_test_raw_request_full ("GET", url, schemes[i], NULL, NULL);

      g_assert_cmpuint (reply->status, ==, 200);
      g_free (schemes[i]);
    }
}

/* Row 4: an expired token is a 401 like an unknown one; it is still listed. */
static void
test_expired (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  g_autoptr(TokensTestResponse) reply = call (server, "GET", TOKENS_URL,
                                 tokens_demo_server_get_token (server, "migration-july"), NULL);
  g_autoptr(JsonNode) rows = list_rows (server);
  JsonObject *expired = find_row (rows, "migration-july");
  JsonObject *soon = find_row (rows, "contractor-bob");
  g_autoptr(TokensTestResponse) soon_reply = call (server, "GET", TOKENS_URL,
                                      tokens_demo_server_get_token (server, "contractor-bob"),
                                      NULL);

  assert_json_error (reply, 401, "the request was not authenticated");
  g_assert_nonnull (expired);
  g_assert_cmpstr (json_object_get_string_member (expired, "expiry"), ==, "2025-07-31T00:00:00");
  /* The one that expires in three days still works. */
  g_assert_nonnull (soon);
  g_assert_true (json_object_has_member (soon, "expiry"));
  g_assert_cmpuint (soon_reply->status, ==, 200);
}

/* Row 5: authentication before routing; with a valid token, a path that
 * does not exist is a plain 404, the v2 API's path included. */
static void
test_unknown_path (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  const char *token = tokens_demo_server_get_token (server, "operator");
  g_autoptr(TokensTestResponse) v2 = call (server, "GET", "/api/v2/authorizations", token, NULL);
  g_autoptr(TokensTestResponse) other = call (server, "GET", "/nowhere", token, NULL);
  g_autoptr(TokensTestResponse) no_token = call (server, "GET", "/api/v2/authorizations", NULL, NULL);

  assert_plain (v2, 404, "Not found");
  assert_plain (other, 404, "Not found");
  assert_json_error (no_token, 401, "the request was not authenticated");
}

/* Row 6: a cluster-uuid header on every answer, 401s and 404s included. */
static void
test_cluster_uuid (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_ENTERPRISE, FALSE);
  const char *token = tokens_demo_server_get_token (server, "operator");
  const char *uuid = tokens_demo_server_get_cluster_uuid (server);
  TokensTestResponse *replies[] = {
    call (server, "GET", "/ping", NULL, NULL),
    call (server, "GET", "/ping", token, NULL),
    call (server, "GET", TOKENS_URL, token, NULL),
    call (server, "GET", "/nowhere", token, NULL),
    call (server, "DELETE", "/api/v3/configure/token?token_name=_admin", token, NULL),
  };

  g_assert_true (g_uuid_string_is_valid (uuid));
  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      g_assert_cmpstr (header (replies[i], "cluster-uuid"), ==, uuid);
      tokens_test_response_free (replies[i]);
    }
}

/* Row 7: /ping wants a token, and says nothing of the build without one. */
static void
test_ping_without_token (void)
{
  TokensDemoMode modes[] = { TOKENS_DEMO_MODE_CORE, TOKENS_DEMO_MODE_ENTERPRISE };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(TokensDemoServer) server = server_new (modes[i], FALSE);
      g_autoptr(TokensTestResponse) reply = call (server, "GET", "/ping", NULL, NULL);

      assert_json_error (reply, 401, "the request was not authenticated");
      g_assert_nonnull (header (reply, "cluster-uuid"));
      g_assert_null (header (reply, "X-Influxdb-Build"));
      g_assert_null (header (reply, "X-Influxdb-Version"));
    }
}

/* Row 8: with a token, /ping names the product in its body and headers. */
static void
test_ping_with_token (void)
{
  struct { TokensDemoMode mode; const char *build; const char *product; } cases[] = {
    { TOKENS_DEMO_MODE_CORE, "Core", "InfluxDB 3 Core" },
    { TOKENS_DEMO_MODE_ENTERPRISE, "Enterprise", "InfluxDB 3 Enterprise" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TokensDemoServer) server = server_new (cases[i].mode, FALSE);
      g_autoptr(TokensTestResponse) reply = call (server, "GET", "/ping",
                                     tokens_demo_server_get_token (server, "operator"), NULL);
      g_autoptr(JsonNode) node = NULL;
      JsonObject *object;

      g_assert_cmpuint (reply->status, ==, 200);
      g_assert_cmpstr (header (reply, "X-Influxdb-Build"), ==, cases[i].build);
      g_assert_cmpstr (header (reply, "X-Influxdb-Version"), ==, "3.11.1");
      node = parse (reply->body);
      object = json_node_get_object (node);
      g_assert_cmpstr (json_object_get_string_member (object, "product_name"), ==,
                       cases[i].product);
      g_assert_cmpstr (json_object_get_string_member (object, "version"), ==, "3.11.1");
      g_assert_true (json_object_has_member (object, "revision"));
      g_assert_true (json_object_has_member (object, "process_id"));
    }
}

static const char * const columns[] = {
  "token_id", "name", "hash", "created_at", "description", "created_by_token_id",
  "updated_at", "updated_by_token_id", "expiry", "permissions",
};

/* The row's members are the table's columns, in order (some may be left out). */
static void
assert_columns_in_order (JsonObject *row)
{
  g_autoptr(GList) members = json_object_get_members (row);
  guint next = 0;

  for (GList *l = members; l != NULL; l = l->next)
    {
      while (next < G_N_ELEMENTS (columns) && !g_str_equal (columns[next], l->data))
        next++;
      g_assert_cmpuint (next, <, G_N_ELEMENTS (columns));
      next++;
    }
}

static void
assert_naive (const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?$",
                                         0, 0, NULL);

  g_assert_true (g_regex_match (regex, text, 0, NULL));
}

/* Row 9: SELECT * FROM system.tokens, format=json: an array of rows, the
 * columns in order, naive timestamps, the hash 9 hex digits of SHA-512. */
static void
test_list_get (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  g_autoptr(JsonNode) rows = list_rows (server);
  JsonArray *array = json_node_get_array (rows);
  JsonObject *admin;

  g_assert_cmpuint (json_array_get_length (array), ==, tokens_demo_server_get_n_tokens (server));
  g_assert_cmpuint (json_array_get_length (array), >=, 5);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);
      const char *name = json_object_get_string_member (row, "name");
      const char *token = tokens_demo_server_get_token (server, name);
      g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA512, token, -1);

      assert_columns_in_order (row);
      g_assert_cmpint (json_object_get_int_member (row, "token_id"), ==, i);
      g_assert_cmpuint (strlen (json_object_get_string_member (row, "hash")), ==, 9);
      g_assert_true (g_str_has_prefix (sha, json_object_get_string_member (row, "hash")));
      g_assert_true (g_str_has_prefix (token, "apiv3_"));
      assert_naive (json_object_get_string_member (row, "created_at"));
      if (json_object_has_member (row, "expiry"))
        assert_naive (json_object_get_string_member (row, "expiry"));
      /* Core: every token is an admin token. */
      g_assert_cmpstr (json_object_get_string_member (row, "permissions"), ==, "*:*:*");
    }

  admin = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (admin, "name"), ==, "_admin");
  g_assert_false (json_object_has_member (admin, "expiry"));
}

/* Row 10: the same query as a POST with a JSON body. */
static void
test_list_post (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  g_autoptr(TokensTestResponse) reply =
    call (server, "POST", "/api/v3/query_sql", tokens_demo_server_get_token (server, "operator"),
          "{\"db\": \"_internal\", \"q\": \"SELECT * FROM system.tokens\", \"format\": \"json\"}");
  g_autoptr(JsonNode) rows = NULL;

  g_assert_cmpuint (reply->status, ==, 200);
  rows = parse (reply->body);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (rows)), ==,
                    tokens_demo_server_get_n_tokens (server));
}

/* Row 11: any other SQL, database or format is a 400 in plain text. */
static void
test_list_other_sql (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  const char *token = tokens_demo_server_get_token (server, "operator");
  const char *paths[] = {
    "/api/v3/query_sql?db=_internal&q=SELECT%20name%20FROM%20system.tokens&format=json",
    "/api/v3/query_sql?db=sensors&q=SELECT%20*%20FROM%20system.tokens&format=json",
    "/api/v3/query_sql?db=_internal&q=SELECT%20*%20FROM%20system.tokens&format=csv",
    "/api/v3/query_sql?db=_internal",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(TokensTestResponse) reply = call (server, "GET", paths[i], token, NULL);

      g_assert_cmpuint (reply->status, ==, 400);
      g_assert_true (g_str_has_prefix (header (reply, "Content-Type"), "text/plain"));
    }
}

/* Row 12: null columns are left out, or written as null (which, real
 * servers do is unverified): both forms carry the same rows. */
static void
test_null_columns (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  g_autoptr(JsonNode) omitted = list_rows (server);
  g_autoptr(JsonNode) nulls = NULL;
  JsonObject *admin;

  admin = find_row (omitted, "_admin");
  g_assert_false (json_object_has_member (admin, "description"));
  g_assert_false (json_object_has_member (admin, "created_by_token_id"));

  tokens_demo_server_set_explicit_nulls (server, TRUE);
  nulls = list_rows (server);
  admin = find_row (nulls, "_admin");
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_assert_true (json_object_has_member (admin, columns[i]));
  g_assert_true (json_object_get_null_member (admin, "expiry"));
  assert_columns_in_order (admin);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (nulls)), ==,
                    json_array_get_length (json_node_get_array (omitted)));
}

/* Row 13: a delete by name is 200 with an empty body; the token is gone. */
static void
test_delete (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  g_autofree char *deleted = g_strdup (tokens_demo_server_get_token (server, "ci-deploy"));
  g_autoptr(TokensTestResponse) reply = call (server, "DELETE", "/api/v3/configure/token?token_name=ci-deploy",
                                 tokens_demo_server_get_token (server, "operator"), NULL);
  g_autoptr(JsonNode) rows = list_rows (server);
  g_autoptr(TokensTestResponse) after = call (server, "GET", TOKENS_URL, deleted, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (reply->body, ==, "");
  g_assert_false (tokens_demo_server_has_token_named (server, "ci-deploy"));
  g_assert_null (find_row (rows, "ci-deploy"));
  assert_json_error (after, 401, "the request was not authenticated");
}

/* Row 14: a name it does not know (or no more) is a plain 404. */
static void
test_delete_missing (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  const char *token = tokens_demo_server_get_token (server, "operator");
  g_autoptr(TokensTestResponse) first = call (server, "DELETE", "/api/v3/configure/token?token_name=ops-alice",
                                 token, NULL);
  g_autoptr(TokensTestResponse) again = call (server, "DELETE", "/api/v3/configure/token?token_name=ops-alice",
                                 token, NULL);
  g_autoptr(TokensTestResponse) never = call (server, "DELETE", "/api/v3/configure/token?token_name=nobody",
                                 token, NULL);

  g_assert_cmpuint (first->status, ==, 200);
  assert_plain (again, 404, "the requested resource was not found: ops-alice");
  assert_plain (never, 404, "the requested resource was not found: nobody");
}

/* Row 15: the operator token can never be deleted, not even by itself. */
static void
test_delete_operator (void)
{
  TokensDemoMode modes[] = { TOKENS_DEMO_MODE_CORE, TOKENS_DEMO_MODE_ENTERPRISE };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(TokensDemoServer) server = server_new (modes[i], FALSE);
      guint n = tokens_demo_server_get_n_tokens (server);
      const char *path = "/api/v3/configure/token?token_name=_admin";
      g_autoptr(TokensTestResponse) by_admin = call (server, "DELETE", path,
                                        tokens_demo_server_get_token (server, "operator"), NULL);
      g_autoptr(TokensTestResponse) by_named = call (server, "DELETE", path,
                                        tokens_demo_server_get_token (server, "ops-alice"), NULL);
      g_autoptr(TokensTestResponse) ping = call (server, "GET", "/ping",
                                    tokens_demo_server_get_token (server, "operator"), NULL);

      assert_plain (by_admin, 405, "cannot delete operator token");
      assert_plain (by_named, 405, "cannot delete operator token");
      g_assert_true (tokens_demo_server_has_token_named (server, "_admin"));
      g_assert_cmpuint (tokens_demo_server_get_n_tokens (server), ==, n);
      g_assert_cmpuint (ping->status, ==, 200);
    }
}

/* Row 16: no token_name, or an empty one, is a plain 400. */
static void
test_delete_no_name (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  const char *token = tokens_demo_server_get_token (server, "operator");
  guint n = tokens_demo_server_get_n_tokens (server);
  g_autoptr(TokensTestResponse) none = call (server, "DELETE", "/api/v3/configure/token", token, NULL);
  g_autoptr(TokensTestResponse) empty = call (server, "DELETE", "/api/v3/configure/token?token_name=", token,
                                 NULL);

  g_assert_cmpuint (none->status, ==, 400);
  g_assert_true (g_str_has_prefix (header (none, "Content-Type"), "text/plain"));
  g_assert_cmpuint (empty->status, ==, 400);
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (server), ==, n);
}

/* Row 17: a token may delete itself, and is refused from then on; its own
 * row is the one whose hash starts its SHA-512. */
static void
test_delete_self (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  g_autofree char *own = g_strdup (tokens_demo_server_get_token (server, "backup-nightly"));
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA512, own, -1);
  g_autoptr(TokensTestResponse) listed = call (server, "GET", TOKENS_URL, own, NULL);
  g_autoptr(JsonNode) rows = parse (listed->body);
  JsonArray *array = json_node_get_array (rows);
  const char *own_name = NULL;
  g_autoptr(TokensTestResponse) deleted = NULL;
  g_autoptr(TokensTestResponse) after = NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);
      if (strncmp (sha, json_object_get_string_member (row, "hash"), 9) == 0)
        own_name = json_object_get_string_member (row, "name");
    }
  g_assert_cmpstr (own_name, ==, "backup-nightly");

  deleted = call (server, "DELETE", "/api/v3/configure/token?token_name=backup-nightly", own, NULL);
  after = call (server, "GET", TOKENS_URL, own, NULL);
  g_assert_cmpuint (deleted->status, ==, 200);
  assert_json_error (after, 401, "the request was not authenticated");
}

/* Row 18: a named admin token: 201, its value shown this once, and it works. */
static void
test_create_named_admin (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  g_autoptr(TokensTestResponse) reply = call (server, "POST", "/api/v3/configure/token/named_admin",
                                 tokens_demo_server_get_token (server, "operator"),
                                 "{\"token_name\": \"grafana\", \"expiry_secs\": 3600}");
  g_autoptr(TokensTestResponse) forever = call (server, "POST", "/api/v3/configure/token/named_admin",
                                   tokens_demo_server_get_token (server, "operator"),
                                   "{\"token_name\": \"forever\", \"expiry_secs\": null}");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) forever_node = NULL;
  g_autoptr(JsonNode) rows = NULL;
  g_autoptr(TokensTestResponse) used = NULL;
  JsonObject *object, *row;
  g_autofree char *sha = NULL;

  g_assert_cmpuint (reply->status, ==, 201);
  node = parse (reply->body);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "grafana");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "token"), "apiv3_"));
  g_assert_true (json_object_has_member (object, "id"));
  g_assert_true (json_object_has_member (object, "created_at"));
  assert_naive (json_object_get_string_member (object, "expiry"));
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA512,
                                       json_object_get_string_member (object, "token"), -1);
  g_assert_true (g_str_has_prefix (sha, json_object_get_string_member (object, "hash")));

  used = call (server, "GET", TOKENS_URL, json_object_get_string_member (object, "token"), NULL);
  g_assert_cmpuint (used->status, ==, 200);
  rows = parse (used->body);
  row = find_row (rows, "grafana");
  g_assert_nonnull (row);
  g_assert_true (json_object_has_member (row, "expiry"));
  g_assert_cmpint (json_object_get_int_member (row, "created_by_token_id"), ==, 0);

  g_assert_cmpuint (forever->status, ==, 201);
  forever_node = parse (forever->body);
  g_assert_true (json_object_get_null_member (json_node_get_object (forever_node), "expiry"));
}

/* Row 19: a name that is taken is a plain 409. */
static void
test_create_conflict (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  guint n = tokens_demo_server_get_n_tokens (server);
  g_autoptr(TokensTestResponse) reply = call (server, "POST", "/api/v3/configure/token/named_admin",
                                 tokens_demo_server_get_token (server, "operator"),
                                 "{\"token_name\": \"ops-alice\"}");

  assert_plain (reply, 409, "token name already exists, ops-alice");
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (server), ==, n);
}

/* Row 20: a body that is not declared JSON is a 415; JSON without a name a 400. */
static void
test_create_not_json (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  const char *token = tokens_demo_server_get_token (server, "operator");
  g_autofree char *url = g_strconcat (tokens_demo_server_get_url (server),
                                      "/api/v3/configure/token/named_admin", NULL);
  g_autofree char *authorization = bearer (token);
  g_autoptr(TokensTestResponse) text = tokens_test_raw_request_full ("POST", url, authorization, "text/plain",
                                        "{\"token_name\": \"x\"}");
  g_autoptr(TokensTestResponse) no_name = call (server, "POST", "/api/v3/configure/token/named_admin", token,
                                   "{\"expiry_secs\": 10}");
  g_autoptr(TokensTestResponse) garbage = call (server, "POST", "/api/v3/configure/token/named_admin", token,
                                   "not json");

  g_assert_cmpuint (text->status, ==, 415);
  g_assert_cmpuint (no_name->status, ==, 400);
  g_assert_cmpuint (garbage->status, ==, 400);
  g_assert_false (tokens_demo_server_has_token_named (server, "x"));
}

/* Row 21: the operator token regenerated: a new `_admin` value, the old one
 * refused at once. */
static void
test_regenerate (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  g_autofree char *old = g_strdup (tokens_demo_server_get_token (server, "operator"));
  g_autoptr(TokensTestResponse) reply = call (server, "POST", "/api/v3/configure/token/admin/regenerate", old,
                                 NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(TokensTestResponse) with_old = NULL;
  g_autoptr(TokensTestResponse) with_new = NULL;
  const char *fresh;

  g_assert_cmpuint (reply->status, ==, 201);
  node = parse (reply->body);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "name"), ==,
                   "_admin");
  fresh = json_object_get_string_member (json_node_get_object (node), "token");
  g_assert_cmpstr (fresh, !=, old);
  g_assert_cmpstr (fresh, ==, tokens_demo_server_get_token (server, "operator"));

  with_old = call (server, "GET", "/ping", old, NULL);
  with_new = call (server, "GET", "/ping", fresh, NULL);
  assert_json_error (with_old, 401, "the request was not authenticated");
  g_assert_cmpuint (with_new->status, ==, 200);
}

/* Row 22: Enterprise's resource tokens; Core has no such endpoint. */
static void
test_resource_token (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_ENTERPRISE, FALSE);
  g_autoptr(TokensDemoServer) core = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  const char *token = tokens_demo_server_get_token (server, "operator");
  const char *body =
    "{\"token_name\": \"dashboards\", \"permissions\": ["
    "{\"resource_type\": \"db\", \"resource_names\": [\"db1\", \"db2\"], "
    "\"actions\": [\"read\", \"write\"]},"
    "{\"resource_type\": \"system\", \"resource_names\": [\"health\"], \"actions\": [\"read\"]}]}";
  g_autoptr(TokensTestResponse) reply = call (server, "POST", "/api/v3/enterprise/configure/token", token, body);
  g_autoptr(TokensTestResponse) bad = call (server, "POST", "/api/v3/enterprise/configure/token", token,
                               "{\"token_name\": \"bad\", \"permissions\": ["
                               "{\"resource_type\": \"table\", \"resource_names\": [\"x\"], "
                               "\"actions\": [\"read\"]}]}");
  g_autoptr(TokensTestResponse) again = call (server, "POST", "/api/v3/enterprise/configure/token", token, body);
  g_autoptr(TokensTestResponse) on_core = call (core, "POST", "/api/v3/enterprise/configure/token",
                                   tokens_demo_server_get_token (core, "operator"), body);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) rows = NULL;
  JsonObject *row;

  g_assert_cmpuint (reply->status, ==, 201);
  node = parse (reply->body);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_node_get_object (node),
                                                                  "token"), "apiv3_"));
  rows = list_rows (server);
  row = find_row (rows, "dashboards");
  g_assert_nonnull (row);
  g_assert_cmpstr (json_object_get_string_member (row, "permissions"), ==,
                   "db:db1,db2:read,write;system:health:read");
  g_assert_cmpstr (json_object_get_string_member (find_row (rows, "health-probe"), "permissions"),
                   ==, "system:health:read");
  g_assert_cmpuint (bad->status, ==, 400);
  assert_plain (again, 409, "token name already exists, dashboards");
  assert_plain (on_core, 404, "Not found");
  g_assert_false (tokens_demo_server_has_token_named (core, "dashboards"));
}

/* Row 23: a resource token may not make or delete tokens. */
static void
test_resource_token_not_admin (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_ENTERPRISE, FALSE);
  const char *writer = tokens_demo_server_get_token (server, "telegraf-writer");
  g_autoptr(TokensTestResponse) delete = call (server, "DELETE", "/api/v3/configure/token?token_name=ops-alice",
                                  writer, NULL);
  g_autoptr(TokensTestResponse) create = call (server, "POST", "/api/v3/configure/token/named_admin", writer,
                                  "{\"token_name\": \"escalated\"}");
  g_autoptr(TokensTestResponse) regenerate = call (server, "POST", "/api/v3/configure/token/admin/regenerate",
                                      writer, NULL);

  assert_plain (delete, 403, "Forbidden");
  assert_plain (create, 403, "Forbidden");
  assert_plain (regenerate, 403, "Forbidden");
  g_assert_true (tokens_demo_server_has_token_named (server, "ops-alice"));
  g_assert_false (tokens_demo_server_has_token_named (server, "escalated"));
}

/* Row 24: Enterprise: read on _internal may list tokens; other resource tokens may not. */
static void
test_resource_token_list (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_ENTERPRISE, FALSE);
  g_autoptr(TokensTestResponse) auditor = call (server, "GET", TOKENS_URL,
                                   tokens_demo_server_get_token (server, "token-auditor"), NULL);
  g_autoptr(TokensTestResponse) writer = call (server, "GET", TOKENS_URL,
                                  tokens_demo_server_get_token (server, "telegraf-writer"), NULL);

  g_assert_cmpuint (auditor->status, ==, 200);
  assert_plain (writer, 403, "Forbidden");
}

/* Row 25: started without auth, every token endpoint is a plain 405. */
static void
test_without_auth_endpoints (void)
{
  TokensDemoMode modes[] = { TOKENS_DEMO_MODE_CORE, TOKENS_DEMO_MODE_ENTERPRISE };
  struct { const char *method; const char *path; } requests[] = {
    { "DELETE", "/api/v3/configure/token?token_name=ci-deploy" },
    { "DELETE", "/api/v3/configure/token?token_name=_admin" },
    { "POST", "/api/v3/configure/token/named_admin" },
    { "POST", "/api/v3/configure/token/admin" },
    { "POST", "/api/v3/configure/token/admin/regenerate" },
    { "POST", "/api/v3/enterprise/configure/token" },
  };

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autoptr(TokensDemoServer) server = server_new (modes[m], TRUE);
      const char *token = tokens_demo_server_get_token (server, "operator");
      guint n = tokens_demo_server_get_n_tokens (server);

      for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
        {
          g_autoptr(TokensTestResponse) with = call (server, requests[i].method, requests[i].path, token,
                                        "{\"token_name\": \"x\"}");
          g_autoptr(TokensTestResponse) without = call (server, requests[i].method, requests[i].path, NULL,
                                           "{\"token_name\": \"x\"}");

          assert_plain (with, 405, "endpoint disabled, started without auth");
          assert_plain (without, 405, "endpoint disabled, started without auth");
          g_assert_nonnull (header (without, "cluster-uuid"));
        }
      g_assert_cmpuint (tokens_demo_server_get_n_tokens (server), ==, n);
      g_assert_true (tokens_demo_server_has_token_named (server, "ci-deploy"));
    }
}

/* Row 26: started without auth, system.tokens answers without a token,
 * and without its hash column. */
static void
test_without_auth_list (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, TRUE);
  g_autoptr(TokensTestResponse) reply = call (server, "GET", TOKENS_URL, NULL, NULL);
  g_autoptr(JsonNode) rows = NULL;
  JsonArray *array;

  g_assert_cmpuint (reply->status, ==, 200);
  rows = parse (reply->body);
  array = json_node_get_array (rows);
  g_assert_cmpuint (json_array_get_length (array), ==, tokens_demo_server_get_n_tokens (server));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);

      g_assert_false (json_object_has_member (row, "hash"));
      g_assert_true (json_object_has_member (row, "name"));
      assert_columns_in_order (row);
    }
}

/* Row 27: the bootstrap request for the operator token, once it exists: 409. */
static void
test_bootstrap_once (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  g_autofree char *old = g_strdup (tokens_demo_server_get_token (server, "operator"));
  g_autoptr(TokensTestResponse) reply = call (server, "POST", "/api/v3/configure/token/admin", NULL, NULL);

  assert_plain (reply, 409, "token name already exists, _admin");
  g_assert_cmpstr (tokens_demo_server_get_token (server, "operator"), ==, old);
}

#define DATABASES_URL "/api/v3/configure/database?format=json"

/* The names in a list of databases, joined by ",", after checking each row
 * is {"iox::database": …} and, with @deleted, has "deleted" too. */
static char *
database_names (TokensTestResponse *reply,
                gboolean            deleted)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;
  GString *names = g_string_new (NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (header (reply, "Content-Type"), ==, "application/json");
  node = parse (reply->body);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);

      g_assert_cmpuint (json_object_get_size (row), ==, deleted ? 2 : 1);
      g_assert_cmpint (json_object_has_member (row, "deleted"), ==, deleted);
      g_string_append_printf (names, "%s%s", i > 0 ? "," : "",
                              json_object_get_string_member (row, "iox::database"));
    }
  return g_string_free (names, FALSE);
}

/* Row 28: the databases, by name, _internal among them; on Enterprise,
 * every database a seeded resource token names. */
static void
test_databases (void)
{
  struct { TokensDemoMode mode; const char *names; } cases[] = {
    { TOKENS_DEMO_MODE_CORE, "_internal,sensors,telegraf" },
    { TOKENS_DEMO_MODE_ENTERPRISE, "_internal,db1,db2,db3,logs,sensors,telegraf,weather" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TokensDemoServer) server = server_new (cases[i].mode, FALSE);
      const char *token = tokens_demo_server_get_token (server, "operator");
      g_autoptr(TokensTestResponse) reply = call (server, "GET", DATABASES_URL, token, NULL);
      g_autoptr(TokensTestResponse) lines =
        call (server, "GET", "/api/v3/configure/database?format=jsonl", token, NULL);
      g_autoptr(TokensTestResponse) named = call (server, "GET", DATABASES_URL,
                                                  tokens_demo_server_get_token (server,
                                                                                "ops-alice"),
                                                  NULL);
      g_autoptr(JsonNode) rows = list_rows (server);
      JsonArray *array = json_node_get_array (rows);
      g_autofree char *names = database_names (reply, FALSE);
      g_autofree char *named_names = database_names (named, FALSE);
      g_auto(GStrv) listed = g_strsplit (names, ",", -1);
      g_auto(GStrv) jsonl = NULL;

      g_assert_cmpstr (names, ==, cases[i].names);
      /* Arrow's JSON writer: compact, the column's name as the key. */
      if (cases[i].mode == TOKENS_DEMO_MODE_ENTERPRISE)
        g_assert_cmpstr (reply->body, ==,
                         "[{\"iox::database\":\"_internal\"},{\"iox::database\":\"db1\"},"
                         "{\"iox::database\":\"db2\"},{\"iox::database\":\"db3\"},"
                         "{\"iox::database\":\"logs\"},{\"iox::database\":\"sensors\"},"
                         "{\"iox::database\":\"telegraf\"},{\"iox::database\":\"weather\"}]");
      /* Any admin token may list them. */
      g_assert_cmpstr (named_names, ==, names);

      g_assert_cmpuint (lines->status, ==, 200);
      g_assert_cmpstr (header (lines, "Content-Type"), ==, "application/jsonl");
      g_assert_true (g_str_has_prefix (lines->body, "{\"iox::database\":\"_internal\"}\n"));
      jsonl = g_strsplit (lines->body, "\n", -1);
      g_assert_cmpuint (g_strv_length (jsonl), ==, g_strv_length (listed) + 1);

      /* db:a,b:read,write;system:health:read: each database named is listed. */
      for (guint r = 0; r < json_array_get_length (array); r++)
        {
          const char *permissions =
            json_object_get_string_member (json_array_get_object_element (array, r),
                                           "permissions");
          g_auto(GStrv) entries = g_strsplit (permissions, ";", -1);

          for (guint e = 0; entries[e] != NULL; e++)
            {
              g_auto(GStrv) parts = g_strsplit (entries[e], ":", 3);
              g_auto(GStrv) databases = NULL;

              if (!g_str_equal (parts[0], "db"))
                continue;
              databases = g_strsplit (parts[1], ",", -1);
              for (guint d = 0; databases[d] != NULL; d++)
                if (!g_str_equal (databases[d], "*"))
                  g_assert_true (g_strv_contains ((const char * const *)listed, databases[d]));
            }
        }
    }
}

/* Row 29: a query serde cannot read is a plain 400; no token a 401. */
static void
test_databases_bad_query (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_CORE, FALSE);
  const char *token = tokens_demo_server_get_token (server, "operator");
  g_autoptr(TokensTestResponse) no_format = call (server, "GET", "/api/v3/configure/database",
                                                  token, NULL);
  g_autoptr(TokensTestResponse) xml = call (server, "GET",
                                            "/api/v3/configure/database?format=xml", token, NULL);
  g_autoptr(TokensTestResponse) maybe =
    call (server, "GET", "/api/v3/configure/database?format=json&show_deleted=maybe", token, NULL);
  g_autoptr(TokensTestResponse) none = call (server, "GET", DATABASES_URL, NULL, NULL);

  assert_plain (no_format, 400, "serde error: missing field `format`");
  g_assert_cmpuint (xml->status, ==, 400);
  g_assert_true (g_str_has_prefix (xml->body, "serde error: "));
  g_assert_cmpuint (maybe->status, ==, 400);
  g_assert_true (g_str_has_prefix (maybe->body, "serde error: "));
  assert_json_error (none, 401, "the request was not authenticated");
}

/* Row 30: show_deleted: the deleted ones after the others, each row saying
 * whether it is. */
static void
test_databases_deleted (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_ENTERPRISE, FALSE);
  g_autoptr(TokensTestResponse) reply =
    call (server, "GET", "/api/v3/configure/database?format=json&show_deleted=true",
          tokens_demo_server_get_token (server, "operator"), NULL);
  g_autofree char *names = database_names (reply, TRUE);
  g_autoptr(JsonNode) node = parse (reply->body);
  JsonArray *array = json_node_get_array (node);
  guint n = json_array_get_length (array);

  g_assert_cmpstr (names, ==, "_internal,db1,db2,db3,logs,sensors,telegraf,weather,"
                              "old_metrics-20250301T120000,scratch-20250815T093000");
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (json_object_get_boolean_member (json_array_get_object_element (array, i),
                                                     "deleted"), ==, i >= n - 2);
}

/* Row 31: Enterprise: a resource token may not list databases (unverified);
 * without auth, anyone may. */
static void
test_databases_who (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_ENTERPRISE, FALSE);
  g_autoptr(TokensDemoServer) open_server = server_new (TOKENS_DEMO_MODE_CORE, TRUE);
  g_autoptr(TokensTestResponse) writer =
    call (server, "GET", DATABASES_URL, tokens_demo_server_get_token (server, "telegraf-writer"),
          NULL);
  g_autoptr(TokensTestResponse) auditor =
    call (server, "GET", DATABASES_URL, tokens_demo_server_get_token (server, "token-auditor"),
          NULL);
  g_autoptr(TokensTestResponse) anyone = call (open_server, "GET", DATABASES_URL, NULL, NULL);
  g_autofree char *names = database_names (anyone, FALSE);

  assert_plain (writer, 403, "Forbidden");
  assert_plain (auditor, 403, "Forbidden");
  g_assert_cmpstr (names, ==, "_internal,sensors,telegraf");
}

/* Row 32: Enterprise's catalog refuses a resource token naming a database
 * it does not have, or a system resource it does not know. */
static void
test_resource_token_unknown_database (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_ENTERPRISE, FALSE);
  const char *token = tokens_demo_server_get_token (server, "operator");
  guint n = tokens_demo_server_get_n_tokens (server);
  g_autoptr(TokensTestResponse) missing =
    call (server, "POST", "/api/v3/enterprise/configure/token", token,
          "{\"token_name\": \"nope-reader\", \"permissions\": [{\"resource_type\": \"db\", "
          "\"resource_names\": [\"sensors\", \"nope\"], \"actions\": [\"read\"]}]}");
  g_autoptr(TokensTestResponse) deleted =
    call (server, "POST", "/api/v3/enterprise/configure/token", token,
          "{\"token_name\": \"scratch-reader\", \"permissions\": [{\"resource_type\": \"db\", "
          "\"resource_names\": [\"scratch\"], \"actions\": [\"read\"]}]}");
  g_autoptr(TokensTestResponse) system =
    call (server, "POST", "/api/v3/enterprise/configure/token", token,
          "{\"token_name\": \"disk-reader\", \"permissions\": [{\"resource_type\": \"system\", "
          "\"resource_names\": [\"disk\"], \"actions\": [\"read\"]}]}");
  g_autoptr(TokensTestResponse) known =
    call (server, "POST", "/api/v3/enterprise/configure/token", token,
          "{\"token_name\": \"weather-reader\", \"permissions\": [{\"resource_type\": \"db\", "
          "\"resource_names\": [\"weather\"], \"actions\": [\"read\"]}, "
          "{\"resource_type\": \"system\", \"resource_names\": [\"Ping\"], "
          "\"actions\": [\"read\"]}]}");

  assert_plain (missing, 400, "cannot parse token permission, invalid resource name nope");
  /* A deleted database has gone by another name. */
  assert_plain (deleted, 400, "cannot parse token permission, invalid resource name scratch");
  assert_plain (system, 400, "cannot parse token permission, invalid resource name disk");
  g_assert_cmpuint (known->status, ==, 201);
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (server), ==, n + 1);
  g_assert_false (tokens_demo_server_has_token_named (server, "nope-reader"));
}

/* Generated tokens, for the benchmarks: ten thousand list in one answer. */
static void
test_generate (void)
{
  TokensDemoMode modes[] = { TOKENS_DEMO_MODE_CORE, TOKENS_DEMO_MODE_ENTERPRISE };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(TokensDemoServer) server = server_new (modes[i], FALSE);
      guint seeded = tokens_demo_server_get_n_tokens (server);
      g_autoptr(JsonNode) rows = NULL;

      tokens_demo_server_generate (server, 10000);
      g_assert_cmpuint (tokens_demo_server_get_n_tokens (server), ==, seeded + 10000);
      rows = list_rows (server);
      g_assert_cmpuint (json_array_get_length (json_node_get_array (rows)), ==, seeded + 10000);
      g_assert_nonnull (find_row (rows, "ci-job-10000"));
    }
}

typedef struct
{
  GPtrArray *kinds;
  GPtrArray *values;
} Collected;

static void
collect (const char *kind,
         const char *id,
         const char *value,
         const char *description,
         gpointer    user_data)
{
  Collected *collected = user_data;

  g_ptr_array_add (collected->kinds, g_strdup (kind));
  g_ptr_array_add (collected->values, g_strdup (value));
}

/* The operator token comes first; every kind is one the header names. */
static void
test_foreach (void)
{
  g_autoptr(TokensDemoServer) server = server_new (TOKENS_DEMO_MODE_ENTERPRISE, FALSE);
  Collected collected = { g_ptr_array_new_with_free_func (g_free),
                          g_ptr_array_new_with_free_func (g_free) };

  tokens_demo_server_foreach_token (server, collect, &collected);
  g_assert_cmpuint (collected.kinds->len, ==, tokens_demo_server_get_n_tokens (server));
  g_assert_cmpstr (collected.kinds->pdata[0], ==, "operator");
  g_assert_cmpstr (collected.values->pdata[0], ==,
                   tokens_demo_server_get_token (server, "operator"));
  for (guint i = 1; i < collected.kinds->len; i++)
    {
      const char *kind = collected.kinds->pdata[i];

      g_assert_true (g_str_equal (kind, "admin") || g_str_equal (kind, "resource") ||
                     g_str_equal (kind, "expired"));
    }
  g_assert_true (g_ptr_array_find_with_equal_func (collected.kinds, "expired", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (collected.kinds, "resource", g_str_equal, NULL));
  g_ptr_array_unref (collected.kinds);
  g_ptr_array_unref (collected.values);
}

/* influx-tokens-demo-server --mode core|enterprise|dedicated [--without-auth]
 * prints its base URL, then the operator token, and the two work. */
static void
test_executable (void)
{
  const char *exe = g_getenv ("INFLUX_TOKENS_DEMO_SERVER");
  struct { const char *mode; gboolean without_auth; const char *path; guint status; } cases[] = {
    { "core", FALSE, "/ping", 200 },
    { "influxdb3", FALSE, "/ping", 200 },
    { "enterprise", FALSE, "/ping", 200 },
    { "core", TRUE, "/api/v3/configure/token/named_admin", 405 },
    { "enterprise", TRUE, "/api/v3/configure/token/named_admin", 405 },
    { "dedicated", FALSE, "/tokens", 200 },
  };

  if (exe == NULL)
    {
      tokens_test_skip ("INFLUX_TOKENS_DEMO_SERVER is not set");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) process =
        g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, exe, "--mode", cases[i].mode,
                          cases[i].without_auth ? "--without-auth" : NULL, NULL);
      g_autoptr(GDataInputStream) out = NULL;
      g_autofree char *url = NULL;
      g_autofree char *operator = NULL;
      g_autoptr(TokensTestResponse) reply = NULL;
      const char *prefix = "operator token: ";

      g_test_message ("--mode %s%s", cases[i].mode, cases[i].without_auth ? " --without-auth" : "");
      g_assert_no_error (error);
      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
      url = g_data_input_stream_read_line (out, NULL, NULL, &error);
      g_assert_no_error (error);
      operator = g_data_input_stream_read_line (out, NULL, NULL, &error);
      g_assert_no_error (error);

      g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
      if (g_str_equal (cases[i].mode, "dedicated"))
        g_assert_nonnull (strstr (url, "/api/v0/accounts/"));
      g_assert_true (g_str_has_prefix (operator, prefix));

      if (cases[i].status == 405)
        reply = call_at (url, "POST", cases[i].path, operator + strlen (prefix),
                         "{\"token_name\": \"x\"}");
      else
        reply = call_at (url, "GET", cases[i].path, operator + strlen (prefix), NULL);
      g_assert_cmpuint (reply->status, ==, cases[i].status);

      g_subprocess_send_signal (process, SIGTERM);
      g_assert_true (g_subprocess_wait (process, NULL, &error));
      g_assert_no_error (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/tokens/demo-v3/unauthenticated", test_unauthenticated);
  g_test_add_func ("/tokens/demo-v3/malformed-scheme", test_malformed_scheme);
  g_test_add_func ("/tokens/demo-v3/schemes", test_schemes);
  g_test_add_func ("/tokens/demo-v3/expired", test_expired);
  g_test_add_func ("/tokens/demo-v3/unknown-path", test_unknown_path);
  g_test_add_func ("/tokens/demo-v3/cluster-uuid", test_cluster_uuid);
  g_test_add_func ("/tokens/demo-v3/ping-without-token", test_ping_without_token);
  g_test_add_func ("/tokens/demo-v3/ping-with-token", test_ping_with_token);
  g_test_add_func ("/tokens/demo-v3/list-get", test_list_get);
  g_test_add_func ("/tokens/demo-v3/list-post", test_list_post);
  g_test_add_func ("/tokens/demo-v3/list-other-sql", test_list_other_sql);
  g_test_add_func ("/tokens/demo-v3/null-columns", test_null_columns);
  g_test_add_func ("/tokens/demo-v3/delete", test_delete);
  g_test_add_func ("/tokens/demo-v3/delete-missing", test_delete_missing);
  g_test_add_func ("/tokens/demo-v3/delete-operator", test_delete_operator);
  g_test_add_func ("/tokens/demo-v3/delete-no-name", test_delete_no_name);
  g_test_add_func ("/tokens/demo-v3/delete-self", test_delete_self);
  g_test_add_func ("/tokens/demo-v3/create-named-admin", test_create_named_admin);
  g_test_add_func ("/tokens/demo-v3/create-conflict", test_create_conflict);
  g_test_add_func ("/tokens/demo-v3/create-not-json", test_create_not_json);
  g_test_add_func ("/tokens/demo-v3/regenerate", test_regenerate);
  g_test_add_func ("/tokens/demo-v3/resource-token", test_resource_token);
  g_test_add_func ("/tokens/demo-v3/resource-token-not-admin", test_resource_token_not_admin);
  g_test_add_func ("/tokens/demo-v3/resource-token-list", test_resource_token_list);
  g_test_add_func ("/tokens/demo-v3/without-auth-endpoints", test_without_auth_endpoints);
  g_test_add_func ("/tokens/demo-v3/without-auth-list", test_without_auth_list);
  g_test_add_func ("/tokens/demo-v3/bootstrap-once", test_bootstrap_once);
  g_test_add_func ("/tokens/demo-v3/databases", test_databases);
  g_test_add_func ("/tokens/demo-v3/databases-bad-query", test_databases_bad_query);
  g_test_add_func ("/tokens/demo-v3/databases-deleted", test_databases_deleted);
  g_test_add_func ("/tokens/demo-v3/databases-who", test_databases_who);
  g_test_add_func ("/tokens/demo-v3/resource-token-unknown-database",
                   test_resource_token_unknown_database);
  g_test_add_func ("/tokens/demo-v3/generate", test_generate);
  g_test_add_func ("/tokens/demo-v3/foreach", test_foreach);
  g_test_add_func ("/tokens/demo-v3/executable", test_executable);

  return g_test_run ();
}
