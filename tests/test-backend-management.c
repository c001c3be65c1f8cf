/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-backend-management.h"
#include "tokens-demo-server-testing.h"
#include "tokens-hostile-server.h"
#include "tokens-management-token-reader.h"
#include "tokens-test-utils.h"
#include "tokens-token-list.h"
#include "tokens-token-private.h"

#include <string.h>

/*
 * The management API backend (Cloud Dedicated, Clustered): its reader on
 * bodies written here, then against the fake Cloud Dedicated over real
 * HTTP, through a TokensTokenList made from a fresh client (so that the
 * product is found from the URL as the app finds it), and byte for byte
 * against a server that answers what the test says. What the server holds
 * is checked with the fake server's own inspection.
 */

#define ACCOUNT "11111111-2222-4333-8444-555555555555"
#define CLUSTER "66666666-7777-4888-9999-000000000000"
#define UUID_A "0f6a1d2e-3b4c-4d5e-8f60-718293a4b5c6"
#define UUID_B "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"

static TokensDemoServer *
server_new (void)
{
  TokensDemoServer *server = tokens_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  g_autoptr(GError) error = NULL;

  tokens_demo_server_seed (server);
  g_assert_true (tokens_demo_server_start (server, 0, &error));
  g_assert_no_error (error);
  return server;
}

static TokensTokenList *
list_new (TokensDemoServer *server)
{
  g_autoptr(TokensClient) client =
    tokens_test_client_new (tokens_demo_server_get_url (server), tokens_demo_server_get_token (server, "operator"));
  g_autoptr(GError) error = NULL;
  TokensTokenList *list = tokens_token_list_new (client);

  g_assert_true (tokens_test_list_refresh (list, &error));
  g_assert_no_error (error);
  return list;
}

static void
tear_down (TokensTokenList  *list,
           TokensDemoServer *server)
{
  tokens_test_iterate (50);
  tokens_test_assert_finalize_soon (list);
  if (server != NULL)
    g_object_unref (server);
}

/* ---- The reader ---------------------------------------------------------- */

static GPtrArray *
read_text (const char  *text,
           GError     **error)
{
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));

  return tokens_management_token_reader_read_list (body, error);
}

static char *
one_token (const char *permissions)
{
  return g_strdup_printf ("[{\"id\": \"" UUID_A "\", \"description\": \"d\", "
                          "\"createdAt\": \"2025-03-04T09:00:00Z\", \"permissions\": %s}]",
                          permissions);
}

/* Permissions in words, the way a person says them. */
static void
test_reader_summaries (void)
{
  struct { const char *permissions; const char *summary; gboolean all_access; const char *raw; } cases[] = {
    { "[{\"action\": \"write\", \"resource\": \"sensors\"}]", "Write database sensors", FALSE,
      "write:sensors" },
    { "[{\"action\": \"read\", \"resource\": \"sensors\"}, {\"action\": \"write\", \"resource\": \"sensors\"}]",
      "Read and write database sensors", FALSE, "read:sensors, write:sensors" },
    { "[{\"action\": \"read\", \"resource\": \"sensors\"}, {\"action\": \"read\", \"resource\": \"weather\"}]",
      "Read databases sensors, weather", FALSE, NULL },
    { "[{\"action\": \"read\", \"resource\": \"*\"}]", "Read all databases", FALSE, NULL },
    { "[{\"action\": \"read\", \"resource\": \"*\"}, {\"action\": \"write\", \"resource\": \"*\"}]",
      "Read and write all databases", TRUE, NULL },
    { "[{\"action\": \"read\", \"resource\": \"*\"}, {\"action\": \"write\", \"resource\": \"logs\"}]",
      "Read all databases; Write database logs", FALSE, NULL },
    { "[{\"action\": \"write\", \"resource\": \"*\"}, {\"action\": \"read\", \"resource\": \"a\"}]",
      "Write all databases; Read database a", FALSE, NULL },
    { "[{\"action\": \"read\", \"resource\": \"a\"}, {\"action\": \"write\", \"resource\": \"a\"},"
      " {\"action\": \"read\", \"resource\": \"b\"}, {\"action\": \"write\", \"resource\": \"c\"},"
      " {\"action\": \"read\", \"resource\": \"a\"}]",
      "Read and write database a; Read database b; Write database c", FALSE, NULL },
    { "[]", "No permissions", FALSE, "" },
    { "null", "No permissions", FALSE, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = one_token (cases[i].permissions);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) tokens = read_text (text, &error);
      TokensToken *token;

      g_assert_no_error (error);
      g_assert_cmpuint (tokens->len, ==, 1);
      token = g_ptr_array_index (tokens, 0);
      g_assert_cmpstr (tokens_token_get_summary (token), ==, cases[i].summary);
      g_assert_cmpint (tokens_token_get_is_all_access (token), ==, cases[i].all_access);
      if (cases[i].raw != NULL)
        g_assert_cmpstr (tokens_token_get_raw_permissions (token), ==, cases[i].raw);
    }
}

/* The members, and what is not read. */
static void
test_reader_members (void)
{
  const char *text =
    "[{\"accountId\": \"" ACCOUNT "\", \"clusterId\": \"" CLUSTER "\","
    "  \"id\": \"0F6A1D2E-3B4C-4D5E-8F60-718293A4B5C6\", \"description\": \"Telegraf\","
    "  \"permissions\": [{\"action\": \"write\", \"resource\": \"sensors\"}],"
    "  \"createdAt\": \"2025-03-04T09:00:00Z\", \"expiresAt\": \"2030-01-01T00:00:00+01:00\","
    "  \"accessToken\": \"the-secret\", \"somethingNew\": {\"deep\": [1, 2]}},"
    " {\"id\": \"" UUID_B "\", \"description\": \"\", \"permissions\": [],"
    "  \"createdAt\": \"2025-03-04T09:00:00Z\", \"expiresAt\": null,"
    "  \"revokedAt\": \"2025-08-12T11:00:00Z\"}]";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = read_text (text, &error);
  TokensToken *first, *second;

  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, 2);
  first = g_ptr_array_index (tokens, 0);
  second = g_ptr_array_index (tokens, 1);

  /* One form for one id, whatever case the server writes. */
  g_assert_cmpstr (tokens_token_get_id (first), ==, UUID_A);
  g_assert_cmpstr (tokens_token_get_description (first), ==, "Telegraf");
  g_assert_cmpstr (tokens_token_get_label (first), ==, "Telegraf");
  g_assert_false (tokens_token_get_is_named (first));
  g_assert_cmpint (g_date_time_to_unix (tokens_token_get_created_at (first)), ==, 1741078800);
  g_assert_cmpint (g_date_time_to_unix (tokens_token_get_expires_at (first)), ==, 1893452400);
  g_assert_null (tokens_token_get_revoked_at (first));
  g_assert_cmpint (tokens_token_get_status (first), ==, TOKENS_TOKEN_STATUS_ACTIVE);
  /* A list never carries the secret; should one, it is not kept. */
  g_assert_null (_tokens_token_get_token_value (first));
  g_assert_null (tokens_token_get_user_id (first));
  g_assert_null (tokens_token_get_org_id (first));

  g_assert_cmpstr (tokens_token_get_description (second), ==, "");
  g_assert_null (tokens_token_get_label (second));
  g_assert_null (tokens_token_get_expires_at (second));
  g_assert_cmpint (tokens_token_get_status (second), ==, TOKENS_TOKEN_STATUS_REVOKED);
  /* The server's order, for tokens made in one instant. */
  g_assert_cmpuint (tokens_token_get_order (first), <, tokens_token_get_order (second));
}

/* What is wrong fails the whole list, naming the token and why. */
static void
test_reader_faults (void)
{
  struct { const char *text; const char *words; } cases[] = {
    { "{\"tokens\": []}", "not a JSON array" },
    { "[1]", "token 1 of the list: it is not an object" },
    { "[{\"description\": \"no id\"}]", "token 1 of the list: it has no “id”" },
    { "[{\"id\": \"../../clusters\"}]", "its “id” is not a UUID" },
    { "[{\"id\": 12}]", "“id” is not a string" },
    { "[{\"id\": \"" UUID_A "\"}, {\"id\": \"" UUID_A "\"}]", "token 2 of the list: the id " UUID_A " is listed twice" },
    { "[{\"id\": \"" UUID_A "\", \"description\": 5}]", "“description” is not a string" },
    { "[{\"id\": \"" UUID_A "\", \"createdAt\": \"yesterday\"}]", "“createdAt” is not a date" },
    { "[{\"id\": \"" UUID_A "\", \"permissions\": {\"action\": \"read\"}}]", "“permissions” is not a list" },
    { "[{\"id\": \"" UUID_A "\", \"permissions\": [\"read:sensors\"]}]", "a permission is not an object" },
    { "[{\"id\": \"" UUID_A "\", \"permissions\": [{\"action\": \"read\"}]}]", "names no database" },
    { "[{\"id\": \"" UUID_A "\", \"permissions\": [{\"action\": \"admin\", \"resource\": \"*\"}]}]",
      "token 1 of the list: a permission’s action is neither read nor write" },
    { "[{\"id\": \"" UUID_A "\", \"permissions\": [{\"action\": null, \"resource\": \"*\"}]}]",
      "a permission’s action is neither read nor write" },
    { "", NULL },
    { "[", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) tokens = read_text (cases[i].text, &error);

      g_assert_null (tokens);
      g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);
      if (cases[i].words != NULL && strstr (error->message, cases[i].words) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].words);
    }

  /* Deeper than any reader goes: refused before json-glib recurses. */
  {
    g_autoptr(GString) deep = g_string_new ("[{\"id\": \"" UUID_A "\", \"x\": ");
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) tokens = NULL;

    for (guint i = 0; i < 100000; i++)
      g_string_append_c (deep, '[');
    tokens = read_text (deep->str, &error);
    g_assert_null (tokens);
    g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);
  }
}

static void
test_id_is_valid (void)
{
  g_assert_true (tokens_management_id_is_valid (UUID_A));
  g_assert_true (tokens_management_id_is_valid ("0F6A1D2E-3B4C-4D5E-8F60-718293A4B5C6"));
  g_assert_false (tokens_management_id_is_valid (NULL));
  g_assert_false (tokens_management_id_is_valid (""));
  g_assert_false (tokens_management_id_is_valid ("0f6a1d2e3b4c4d5e8f60718293a4b5c6"));
  g_assert_false (tokens_management_id_is_valid ("0f6a1d2e-3b4c-4d5e-8f60-718293a4b5c"));
  g_assert_false (tokens_management_id_is_valid ("0f6a1d2e-3b4c-4d5e-8f60-718293a4b5c6/"));
  g_assert_false (tokens_management_id_is_valid ("0f6a1d2e-3b4c-4d5e-8f60-718293a4b5cg"));
  g_assert_false (tokens_management_id_is_valid ("0f6a1d2e-3b4c-4d5e-8f60/718293a4b5c6"));
  g_assert_false (tokens_management_id_is_valid ("0f6a1d2e-3b4c-4d5e-8f6..18293a4b5c6"));
}

/* ---- Against the fake Cloud Dedicated ------------------------------------ */

/* The seeded tokens, as the list has them: found from the URL alone. */
static void
test_list (void)
{
  g_autoptr(TokensDemoServer) server = server_new ();
  TokensTokenList *list = list_new (server);
  struct { const char *key; const char *summary; TokensTokenStatus status; } cases[] = {
    { "telegraf", "Write database sensors", TOKENS_TOKEN_STATUS_ACTIVE },
    { "grafana", "Read databases sensors, weather", TOKENS_TOKEN_STATUS_ACTIVE },
    { "analytics", "Read all databases", TOKENS_TOKEN_STATUS_ACTIVE },
    { "revoked", "Write database sensors", TOKENS_TOKEN_STATUS_REVOKED },
    { "contractor", "Read database weather", TOKENS_TOKEN_STATUS_ACTIVE },
    { "expired", "Read and write database sensors", TOKENS_TOKEN_STATUS_EXPIRED },
  };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  TokensToken *contractor;

  g_assert_true (TOKENS_IS_BACKEND_MANAGEMENT (tokens_token_list_get_backend (list)));
  g_assert_cmpint (tokens_client_get_product (tokens_token_list_get_client (list)), ==,
                   TOKENS_PRODUCT_DEDICATED);
  g_assert_cmpstr (tokens_token_list_get_product_name (list), ==, "InfluxDB Cloud Dedicated");
  g_assert_cmpint (tokens_token_list_get_features (list), ==,
                   TOKENS_BACKEND_DELETE | TOKENS_BACKEND_EXPIRY | TOKENS_BACKEND_REVOKED |
                   TOKENS_BACKEND_CREATE_CUSTOM);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 6);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TokensToken *token = tokens_token_list_lookup (list,
                                                     tokens_demo_server_get_id (server, cases[i].key));

      g_assert_nonnull (token);
      g_assert_cmpstr (tokens_token_get_summary (token), ==, cases[i].summary);
      g_assert_cmpint (tokens_token_get_status (token), ==, cases[i].status);
      g_assert_nonnull (tokens_token_get_created_at (token));
      g_assert_nonnull (tokens_token_get_label (token));
      /* The management token is not a database token: none is the app's. */
      g_assert_false (tokens_token_get_is_current (token));
      g_assert_false (tokens_token_get_may_be_current (token));
      g_assert_false (tokens_token_get_is_protected (token));
    }

  contractor = tokens_token_list_lookup (list, tokens_demo_server_get_id (server, "contractor"));
  g_assert_cmpstr (tokens_token_get_label (contractor), ==, "Contractor: read weather (expires soon)");
  {
    GTimeSpan left = g_date_time_difference (tokens_token_get_expires_at (contractor), now);

    g_assert_cmpint (left, >, 2 * G_TIME_SPAN_DAY);
    g_assert_cmpint (left, <=, 3 * G_TIME_SPAN_DAY);
  }
  g_assert_nonnull (tokens_token_get_revoked_at (
    tokens_token_list_lookup (list, tokens_demo_server_get_id (server, "revoked"))));
  /* The management token is never in the list, by id or by anything. */
  g_assert_null (tokens_token_list_lookup (list, tokens_demo_server_get_token (server, "operator")));

  tear_down (list, g_steal_pointer (&server));
}

/* Revoked: gone from the server and the list; a second try, from a list
 * that still has it, is "already gone" in the API's own words. */
static void
test_revoke (void)
{
  g_autoptr(TokensDemoServer) server = server_new ();
  g_autofree char *id = g_strdup (tokens_demo_server_get_id (server, "telegraf"));
  TokensTokenList *list = list_new (server);
  TokensTokenList *other = list_new (server);
  g_autoptr(GError) error = NULL;
  gboolean already = TRUE;

  g_assert_true (tokens_test_list_delete (list, id, &already, &error));
  g_assert_no_error (error);
  g_assert_false (already);
  g_assert_false (tokens_demo_server_has_token_id (server, id));
  g_assert_null (tokens_token_list_lookup (list, id));
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (server), ==, 5);

  g_assert_true (tokens_test_list_delete (other, id, &already, &error));
  g_assert_no_error (error);
  g_assert_true (already);
  g_assert_null (tokens_token_list_lookup (other, id));

  tear_down (other, NULL);
  tear_down (list, g_steal_pointer (&server));
}

/* Many at once, through the list's bounded batch, at 20 ms a request. */
static void
test_revoke_many (void)
{
  g_autoptr(TokensDemoServer) server = server_new ();
  TokensTokenList *list = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  g_autoptr(TokensBulkResult) result = NULL;
  g_autoptr(GAsyncResult) async = NULL;

  tokens_demo_server_generate (server, 12);
  list = list_new (server);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 18);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (g_str_has_prefix (tokens_token_get_label (token), "CI job "))
        g_ptr_array_add (ids, g_strdup (tokens_token_get_id (token)));
    }
  g_assert_cmpuint (ids->len, ==, 12);

  tokens_demo_server_set_latency (server, 20);
  tokens_token_list_delete_many_async (list, (const char * const *)ids->pdata, 4, NULL,
                                       tokens_test_store_result, &async);
  tokens_test_wait_result (&async);
  result = tokens_token_list_delete_many_finish (list, async);
  g_clear_object (&async);

  g_assert_cmpuint (result->n_requested, ==, 12);
  g_assert_cmpuint (result->n_done, ==, 12);
  g_assert_cmpuint (result->failed_ids->len, ==, 0);
  g_assert_cmpuint (tokens_demo_server_get_max_in_flight (server), <=, 4);
  g_assert_cmpuint (tokens_demo_server_get_max_in_flight (server), >, 1);
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (server), ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 6);

  g_clear_pointer (&result, tokens_bulk_result_free);
  tear_down (list, g_steal_pointer (&server));
}

/* A database token, or a wrong one, is no management token: 401. The
 * product is still known from the URL. */
static void
test_refused (void)
{
  g_autoptr(TokensDemoServer) server = server_new ();
  const char *tokens[] = { "not-a-token", tokens_demo_server_get_token (server, "telegraf") };

  g_assert_nonnull (tokens[1]);
  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autoptr(TokensClient) client = tokens_test_client_new (tokens_demo_server_get_url (server), tokens[i]);
      TokensTokenList *list = tokens_token_list_new (client);
      g_autoptr(GError) error = NULL;

      g_assert_false (tokens_test_list_refresh (list, &error));
      g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAUTHORIZED);
      g_assert_cmpstr (tokens_token_list_get_product_name (list), ==, "InfluxDB Cloud Dedicated");
      g_assert_true (TOKENS_IS_BACKEND_MANAGEMENT (tokens_token_list_get_backend (list)));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
      g_clear_object (&client);
      tear_down (list, NULL);
    }
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (server), ==, 6);
}

/* ---- The backend's requests, byte for byte ------------------------------ */

typedef struct
{
  GMutex lock;
  const char *status_line;
  const char *list_body;
  char *last_request;
  char *last_authorization;
} Answers;

static gboolean
answer (TokensHostileServer        *server,
        const TokensHostileRequest *request,
        GOutputStream              *out,
        gpointer                    user_data)
{
  Answers *answers = user_data;
  const char *status_line, *list_body;

  g_mutex_lock (&answers->lock);
  g_free (answers->last_request);
  answers->last_request = g_strconcat (request->method, " ", request->path, NULL);
  g_free (answers->last_authorization);
  answers->last_authorization = g_strdup (request->authorization);
  status_line = answers->status_line;
  list_body = answers->list_body;
  g_mutex_unlock (&answers->lock);

  if (g_str_equal (request->method, "GET"))
    return tokens_hostile_answer (out, "200 OK", "Content-Type: application/json\r\n",
                                  list_body, -1);
  return tokens_hostile_answer (out, status_line, "", "", 0);
}

#define BASE_PATH "/api/v0/accounts/" ACCOUNT "/clusters/" CLUSTER

/* Only 204 is a revoke done; the list is a GET with the management token
 * as a bearer; an id that is not a UUID never makes a request. */
static void
test_requests (void)
{
  Answers answers = { 0 };
  TokensHostileServer *hostile = tokens_hostile_server_new (0, answer, &answers);
  g_autofree char *url = g_strconcat (tokens_hostile_server_get_url (hostile), BASE_PATH, NULL);
  g_autoptr(TokensClient) client = tokens_test_client_new (url, "management-value");
  g_autoptr(TokensBackend) backend = NULL;
  g_autoptr(TokensToken) bad = tokens_token_new ("../../../accounts");
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  struct { const char *status_line; gboolean done; } cases[] = {
    { "204 No Content", TRUE },
    { "200 OK", FALSE },
    { "202 Accepted", FALSE },
  };
  guint n_requests;

  g_mutex_init (&answers.lock);
  answers.list_body = "[{\"id\": \"" UUID_A "\", \"description\": \"x\", \"permissions\": []}]";
  g_assert_cmpint (tokens_client_get_product (client), ==, TOKENS_PRODUCT_DEDICATED);
  backend = tokens_backend_new_for_product (client, TOKENS_PRODUCT_DEDICATED);
  g_assert_true (TOKENS_IS_BACKEND_MANAGEMENT (backend));

  tokens = tokens_test_backend_list (backend, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, 1);
  g_assert_cmpstr (answers.last_request, ==, "GET " BASE_PATH "/tokens");
  g_assert_cmpstr (answers.last_authorization, ==, "Bearer management-value");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) delete_error = NULL;
      gboolean done;

      g_mutex_lock (&answers.lock);
      answers.status_line = cases[i].status_line;
      g_mutex_unlock (&answers.lock);

      done = tokens_test_backend_delete (backend, g_ptr_array_index (tokens, 0), &delete_error);
      g_assert_cmpint (done, ==, cases[i].done);
      if (cases[i].done)
        g_assert_no_error (delete_error);
      else
        g_assert_error (delete_error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);
      g_assert_cmpstr (answers.last_request, ==, "DELETE " BASE_PATH "/tokens/" UUID_A);
    }

  n_requests = tokens_hostile_server_get_n_requests (hostile);
  g_assert_false (tokens_test_backend_delete (backend, bad, &error));
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_ID);
  g_assert_cmpuint (tokens_hostile_server_get_n_requests (hostile), ==, n_requests);
  g_clear_error (&error);

  /* A body that is not the API's fails the list, saying why. */
  g_mutex_lock (&answers.lock);
  answers.list_body = "{\"code\": 0}";
  g_mutex_unlock (&answers.lock);
  g_clear_pointer (&tokens, g_ptr_array_unref);
  tokens = tokens_test_backend_list (backend, &error);
  g_assert_null (tokens);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);

  g_clear_object (&backend);
  tokens_test_assert_finalize_soon (g_steal_pointer (&client));
  tokens_hostile_server_free (hostile);
  g_free (answers.last_request);
  g_free (answers.last_authorization);
  g_mutex_clear (&answers.lock);
}

/* Errors in the API's JSON: a 404 in its words is "already gone"; a 404
 * that is not (a proxy's page) is not known to be anything. */
typedef struct
{
  const char *status_line;
  const char *headers;
  const char *body;
} Fixed;

static gboolean
answer_fixed (TokensHostileServer        *server,
              const TokensHostileRequest *request,
              GOutputStream              *out,
              gpointer                    user_data)
{
  const Fixed *fixed = user_data;

  return tokens_hostile_answer (out, fixed->status_line, fixed->headers, fixed->body, -1);
}

static void
test_delete_errors (void)
{
  struct { Fixed fixed; TokensClientError code; } cases[] = {
    { { "404 Not Found", "Content-Type: application/json\r\n",
        "{\"code\": 404, \"message\": \"token not found\"}" }, TOKENS_CLIENT_ERROR_NOT_FOUND },
    { { "404 Not Found", "Content-Type: text/html\r\n", "<h1>Not Found</h1>" },
      TOKENS_CLIENT_ERROR_FAILED },
    { { "403 Forbidden", "Content-Type: application/json\r\n",
        "{\"code\": 403, \"message\": \"forbidden\"}" }, TOKENS_CLIENT_ERROR_FORBIDDEN },
    { { "500 Internal Server Error", "Content-Type: application/json\r\n",
        "{\"code\": 500, \"message\": \"boom\"}" }, TOKENS_CLIENT_ERROR_SERVER_ERROR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TokensHostileServer *hostile = tokens_hostile_server_new (0, answer_fixed, &cases[i].fixed);
      g_autofree char *url = g_strconcat (tokens_hostile_server_get_url (hostile), BASE_PATH, NULL);
      g_autoptr(TokensClient) client = tokens_test_client_new (url, "management-value");
      g_autoptr(TokensBackend) backend = tokens_backend_new_for_product (client, TOKENS_PRODUCT_DEDICATED);
      g_autoptr(TokensToken) token = tokens_token_new (UUID_B);
      g_autoptr(GError) error = NULL;

      g_assert_false (tokens_test_backend_delete (backend, token, &error));
      g_assert_error (error, TOKENS_CLIENT_ERROR, (int)cases[i].code);

      g_clear_object (&backend);
      tokens_test_assert_finalize_soon (g_steal_pointer (&client));
      tokens_hostile_server_free (hostile);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/tokens/backend-management/reader-summaries", test_reader_summaries);
  g_test_add_func ("/tokens/backend-management/reader-members", test_reader_members);
  g_test_add_func ("/tokens/backend-management/reader-faults", test_reader_faults);
  g_test_add_func ("/tokens/backend-management/id-is-valid", test_id_is_valid);
  g_test_add_func ("/tokens/backend-management/list", test_list);
  g_test_add_func ("/tokens/backend-management/revoke", test_revoke);
  g_test_add_func ("/tokens/backend-management/revoke-many", test_revoke_many);
  g_test_add_func ("/tokens/backend-management/refused", test_refused);
  g_test_add_func ("/tokens/backend-management/requests", test_requests);
  g_test_add_func ("/tokens/backend-management/delete-errors", test_delete_errors);

  return g_test_run ();
}
