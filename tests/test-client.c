/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-client.h"
#include "tokens-demo-server-testing.h"
#include "tokens-test-utils.h"

#include <string.h>

/*
 * Every row of the behaviour table in docs/influxdb-v2-api.md, through
 * TokensClient to the fake server over real HTTP on loopback. Where the
 * client refuses a request before sending it (ids that are not 16 hex
 * digits), the test proves that, and checks the server's own answer with a
 * raw request.
 */

typedef struct
{
  TokensDemoServer *server;
  TokensClient *client;
} Fixture;

static TokensClient *
client_for (Fixture    *fixture,
            const char *key)
{
  g_autoptr(GError) error = NULL;
  const char *token = tokens_demo_server_get_token (fixture->server, key);
  TokensClient *client;

  g_assert_nonnull (token);
  client = tokens_client_new (tokens_demo_server_get_url (fixture->server), token, NULL, &error);
  g_assert_no_error (error);
  return client;
}

static void
fixture_set_up_mode (Fixture        *fixture,
                     TokensDemoMode  mode)
{

  fixture->server = tokens_test_demo_server_new (mode);
  fixture->client = client_for (fixture, "operator");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture_set_up_mode (fixture, TOKENS_DEMO_MODE_OSS);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  tokens_test_assert_finalize_soon (g_steal_pointer (&fixture->client));
  tokens_test_assert_finalize_soon (g_steal_pointer (&fixture->server));
}

static GPtrArray *
list (TokensClient           *client,
      const TokensListFilter *filter,
      GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_client_list_async (client, filter, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_client_list_finish (client, result, error);
}

static gboolean
delete (TokensClient  *client,
        const char    *id,
        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_client_delete_async (client, id, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_client_delete_finish (client, result, error);
}

static TokensToken *
update (TokensClient  *client,
        const char    *id,
        int            active,
        const char    *description,
        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_client_update_async (client, id, active, description, NULL,
                              tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_client_update_finish (client, result, error);
}

static char *
url_for (Fixture    *fixture,
         const char *path)
{
  return g_strconcat (tokens_demo_server_get_url (fixture->server), path, NULL);
}

static char *
auth_header (Fixture    *fixture,
             const char *key)
{
  return g_strconcat ("Token ", tokens_demo_server_get_token (fixture->server, key), NULL);
}

/* Row 1 */
static void
test_list_operator (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = list (fixture->client, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, tokens_demo_server_get_n_authorizations (fixture->server));
  g_assert_cmpuint (tokens->len, ==, 11);

  for (guint i = 1; i < tokens->len; i++)
    g_assert_cmpstr (tokens_token_get_id (g_ptr_array_index (tokens, i - 1)), <,
                     tokens_token_get_id (g_ptr_array_index (tokens, i)));

  /* OSS 2.7 returns clear values: the client recognises its own token. */
  {
    guint own = 0;
    for (guint i = 0; i < tokens->len; i++)
      if (tokens_client_is_own_token (fixture->client, g_ptr_array_index (tokens, i)))
        {
          own++;
          g_assert_cmpstr (tokens_token_get_id (g_ptr_array_index (tokens, i)), ==,
                           tokens_demo_server_get_id (fixture->server, "operator"));
        }
    g_assert_cmpuint (own, ==, 1);
  }
}

/* Row 1 with an org's all-access token: only what it may read. */
static void
test_list_all_access (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TokensClient) ada = client_for (fixture, "ada-all-access");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = list (ada, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, 3);
  for (guint i = 0; i < tokens->len; i++)
    g_assert_cmpstr (tokens_token_get_user (g_ptr_array_index (tokens, i)), ==, "ada");
}

static void
assert_compact_unauthorized (TokensTestResponse *response)
{
  g_assert_cmpuint (response->status, ==, 401);
  g_assert_cmpstr (response->body, ==, "{\"code\":\"unauthorized\",\"message\":\"unauthorized access\"}");
  g_assert_cmpstr (response->content_type, ==, "application/json; charset=utf-8");
  g_assert_cmpstr (response->error_code, ==, "unauthorized");
}

/* Row 2 */
static void
test_list_unauthorized (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *url = url_for (fixture, "/api/v2/authorizations");
  g_autoptr(TokensClient) stranger = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *basic = NULL;

  stranger = tokens_client_new (tokens_demo_server_get_url (fixture->server),
                                "not-a-token-this-server-knows", NULL, &error);
  g_assert_no_error (error);
  tokens = list (stranger, NULL, &error);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "unauthorized access");
  g_assert_null (tokens);

  {
    g_autoptr(TokensTestResponse) response = tokens_test_raw_request ("GET", url, NULL, NULL);
    assert_compact_unauthorized (response);
  }

  basic = g_strconcat ("Basic ", tokens_demo_server_get_token (fixture->server, "operator"), NULL);
  {
    g_autoptr(TokensTestResponse) response = tokens_test_raw_request ("GET", url, basic, NULL);
    assert_compact_unauthorized (response);
  }

  /* Bearer works, and the scheme word is matched case-insensitively. */
  {
    g_autofree char *bearer =
      g_strconcat ("bEaReR ", tokens_demo_server_get_token (fixture->server, "operator"), NULL);
    g_autoptr(TokensTestResponse) response = tokens_test_raw_request ("GET", url, bearer, NULL);
    g_assert_cmpuint (response->status, ==, 200);
  }
}

/* Row 3 */
static void
test_list_no_rights (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *keys[] = { "no-rights", "inactive" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(TokensClient) client = client_for (fixture, keys[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) tokens = list (client, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (tokens);
      g_assert_cmpuint (tokens->len, ==, 0);
    }
}

/* Row 4 */
static void
test_list_bad_org_id (Fixture       *fixture,
                      gconstpointer  data)
{
  TokensListFilter filter = { .org_id = "abc" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = list (fixture->client, &filter, &error);
  g_autofree char *url = url_for (fixture, "/api/v2/authorizations?orgID=abc");
  g_autofree char *header = auth_header (fixture, "operator");
  g_autoptr(TokensTestResponse) response = tokens_test_raw_request ("GET", url, header, NULL);

  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "id must have a length of 16 bytes");

  /* Handler errors are tab-indented, with no trailing newline. */
  g_assert_cmpuint (response->status, ==, 400);
  g_assert_cmpstr (response->body, ==,
                   "{\n\t\"code\": \"invalid\",\n\t\"message\": \"id must have a length of 16 bytes\"\n}");
  g_assert_cmpstr (response->error_code, ==, "invalid");
}

/* Row 5 */
static void
test_list_unknown_org (Fixture       *fixture,
                       gconstpointer  data)
{
  TokensListFilter filter = { .org = "nope" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = list (fixture->client, &filter, &error);

  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "organization name \"nope\" not found");
}

/* Filters: ?user= (the docs' case), ids winning over names. */
static void
test_list_filters (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  {
    TokensListFilter filter = { .user = "grace" };
    g_autoptr(GPtrArray) tokens = list (fixture->client, &filter, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (tokens->len, ==, 3);
    for (guint i = 0; i < tokens->len; i++)
      g_assert_cmpstr (tokens_token_get_user (g_ptr_array_index (tokens, i)), ==, "grace");
  }
  {
    TokensListFilter filter = { .org = "acme-research" };
    g_autoptr(GPtrArray) tokens = list (fixture->client, &filter, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (tokens->len, ==, 2);
  }
  {
    TokensListFilter filter = {
      .user = "grace",
      .user_id = tokens_demo_server_get_user_id (fixture->server, "ada-all-access"),
    };
    g_autoptr(GPtrArray) tokens = list (fixture->client, &filter, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (tokens->len, ==, 3);
    for (guint i = 0; i < tokens->len; i++)
      g_assert_cmpstr (tokens_token_get_user (g_ptr_array_index (tokens, i)), ==, "ada");
  }
}

/* Rows 6 and 7 */
static void
test_delete_twice (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *id = tokens_demo_server_get_id (fixture->server, "leaked");
  g_autofree char *copy = g_strdup (id);
  g_autoptr(GError) error = NULL;
  guint before = tokens_demo_server_get_n_authorizations (fixture->server);

  g_assert_true (delete (fixture->client, copy, &error));
  g_assert_no_error (error);
  g_assert_false (tokens_demo_server_has_authorization (fixture->server, copy));
  g_assert_cmpuint (tokens_demo_server_get_n_authorizations (fixture->server), ==, before - 1);

  g_assert_false (delete (fixture->client, copy, &error));
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "authorization not found");
}

/* 204 has an empty body and no Content-Type. */
static void
test_delete_204_bytes (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = g_strconcat ("/api/v2/authorizations/",
                                       tokens_demo_server_get_id (fixture->server, "home"), NULL);
  g_autofree char *url = url_for (fixture, path);
  g_autofree char *header = auth_header (fixture, "operator");
  g_autoptr(TokensTestResponse) response = tokens_test_raw_request ("DELETE", url, header, NULL);

  g_assert_cmpuint (response->status, ==, 204);
  g_assert_cmpstr (response->body, ==, "");
  g_assert_null (response->content_type);
}

/* Rows 8 and 9: the client sends no such request; the server answers it. */
static void
test_delete_bad_ids (Fixture       *fixture,
                     gconstpointer  data)
{
  struct { const char *id; const char *message; } cases[] = {
    { "abc", "id must have a length of 16 bytes" },
    { "zzzzzzzzzzzzzzzz", "invalid ID" },
    { "0000000000000000", "invalid ID" },
  };
  g_autofree char *header = auth_header (fixture, "operator");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_strconcat ("/api/v2/authorizations/", cases[i].id, NULL);
      g_autofree char *url = url_for (fixture, path);
      guint requests = tokens_demo_server_get_n_requests (fixture->server);
      g_autoptr(TokensTestResponse) response = NULL;
      g_autofree char *expected = NULL;

      g_assert_false (delete (fixture->client, cases[i].id, &error));
      g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_ID);
      g_assert_cmpuint (tokens_demo_server_get_n_requests (fixture->server), ==, requests);

      response = tokens_test_raw_request ("DELETE", url, header, NULL);
      expected = g_strdup_printf ("{\n\t\"code\": \"invalid\",\n\t\"message\": \"%s\"\n}",
                                  cases[i].message);
      g_assert_cmpuint (response->status, ==, 400);
      g_assert_cmpstr (response->body, ==, expected);
    }
  g_assert_cmpuint (tokens_demo_server_get_n_authorizations (fixture->server), ==, 11);
}

/* Row 10 */
static void
test_delete_upper_case (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *id = g_strdup (tokens_demo_server_get_id (fixture->server, "grafana"));
  g_autofree char *upper = g_ascii_strup (id, -1);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (id, !=, upper);
  g_assert_true (delete (fixture->client, upper, &error));
  g_assert_no_error (error);
  g_assert_false (tokens_demo_server_has_authorization (fixture->server, id));
}

/* Row 11 */
static void
test_delete_missing_without_rights (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(TokensClient) client = client_for (fixture, "no-rights");
  g_autoptr(GError) error = NULL;

  g_assert_false (delete (client, "0fffffffffffffff", &error));
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "authorization not found");
}

/* Row 12 */
static void
test_delete_other_users_token (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(TokensClient) ada = client_for (fixture, "ada-all-access");
  g_autoptr(GError) error = NULL;
  const char *id = tokens_demo_server_get_id (fixture->server, "telegraf");
  g_autofree char *expected =
    g_strdup_printf ("write:users/%s is unauthorized",
                     tokens_demo_server_get_user_id (fixture->server, "telegraf"));

  g_assert_false (delete (ada, id, &error));
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_true (tokens_demo_server_has_authorization (fixture->server, id));
}

/* Row 13 */
static void
test_delete_without_write (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TokensClient) auditor = client_for (fixture, "auditor");
  g_autoptr(GError) error = NULL;
  const char *id = tokens_demo_server_get_id (fixture->server, "telegraf");
  g_autofree char *expected =
    g_strdup_printf ("write:orgs/%s/authorizations/%s is unauthorized",
                     tokens_demo_server_get_org_id (fixture->server, "telegraf"), id);

  g_assert_false (delete (auditor, id, &error));
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_true (tokens_demo_server_has_authorization (fixture->server, id));
}

/* Row 14 */
static void
test_delete_with_inactive_token (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(TokensClient) inactive = client_for (fixture, "inactive");
  g_autoptr(GError) error = NULL;
  const char *id = tokens_demo_server_get_id (fixture->server, "telegraf");

  g_assert_false (delete (inactive, id, &error));
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_TOKEN_INACTIVE);
  g_assert_cmpstr (error->message, ==, "token is inactive");
}

/* Row 15 */
static void
test_delete_self (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TokensClient) ada = client_for (fixture, "ada-all-access");
  g_autofree char *id = g_strdup (tokens_demo_server_get_id (fixture->server, "ada-all-access"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = NULL;

  g_assert_true (delete (ada, id, &error));
  g_assert_no_error (error);

  tokens = list (ada, NULL, &error);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "unauthorized access");
}

/* Row 16, and renaming */
static void
test_patch_status (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *id = tokens_demo_server_get_id (fixture->server, "telegraf");
  g_autoptr(TokensToken) before = NULL;
  g_autoptr(TokensToken) after = NULL;
  g_autoptr(TokensToken) renamed = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tokens_client_get_async (fixture->client, id, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  before = tokens_client_get_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  g_assert_true (tokens_token_get_active (before));

  after = update (fixture->client, id, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (tokens_token_get_active (after));
  g_assert_false (tokens_demo_server_get_active (fixture->server, id));
  g_assert_cmpstr (tokens_token_get_description (after), ==,
                   tokens_token_get_description (before));
  g_assert_false (g_date_time_equal (tokens_token_get_updated_at (before),
                                     tokens_token_get_updated_at (after)));
  g_assert_cmpuint (tokens_token_get_permissions (after)->len, ==,
                    tokens_token_get_permissions (before)->len);

  renamed = update (fixture->client, id, -1, "Telegraf on web-02", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tokens_token_get_description (renamed), ==, "Telegraf on web-02");
  g_assert_false (tokens_token_get_active (renamed));
}

/* Row 17 */
static void
test_patch_not_json (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = g_strconcat ("/api/v2/authorizations/",
                                       tokens_demo_server_get_id (fixture->server, "telegraf"), NULL);
  g_autofree char *url = url_for (fixture, path);
  g_autofree char *header = auth_header (fixture, "operator");
  g_autoptr(TokensTestResponse) response =
    tokens_test_raw_request ("PATCH", url, header, "status=inactive");

  g_assert_cmpuint (response->status, ==, 500);
  g_assert_cmpstr (response->error_code, ==, "internal error");
  g_assert_cmpstr (response->body, ==,
                   "{\n\t\"code\": \"internal error\",\n\t\"message\": "
                   "\"invalid character 's' looking for beginning of value\"\n}");
}

/* Row 18: a 429 with Retry-After is waited out and retried. */
static void
on_retry_scheduled (TokensClient *client,
                    guint         seconds,
                    gpointer      user_data)
{
  guint *out = user_data;
  *out = seconds;
}

static void
test_rate_limited_retries (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  guint scheduled = 0;
  gint64 start;

  g_signal_connect (fixture->client, "retry-scheduled", G_CALLBACK (on_retry_scheduled), &scheduled);
  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_RATE_LIMITED, 1, 1);

  start = g_get_monotonic_time ();
  tokens = list (fixture->client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, 11);
  g_assert_cmpuint (scheduled, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);

  /* 503 with Retry-After is honoured the same way, for a delete. */
  scheduled = 0;
  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_UNAVAILABLE, 1, 1);
  g_assert_true (delete (fixture->client, tokens_demo_server_get_id (fixture->server, "home"), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (scheduled, ==, 1);
}

/* A wait longer than the bound is not made: the person is told when to retry. */
static void
test_rate_limited_bounded (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  tokens_client_set_max_retry_wait (fixture->client, 30);
  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_RATE_LIMITED, 1, 3600);
  tokens = list (fixture->client, NULL, &error);

  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (error->message, "exceeded limited_query plan limit"));
  g_assert_nonnull (strstr (error->message, "3600"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  /* A storm: the client gives up after a few attempts. */
  g_clear_error (&error);
  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_RATE_LIMITED, G_MAXUINT, 1);
  g_clear_pointer (&tokens, g_ptr_array_unref);
  tokens = list (fixture->client, NULL, &error);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_RATE_LIMITED);
}

static void
cancel_soon (GCancellable *cancellable)
{
  g_timeout_add_once (200, (GSourceOnceFunc)g_cancellable_cancel, cancellable);
}

static void
test_cancel_request (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens_demo_server_set_latency (fixture->server, 2000);
  tokens_client_list_async (fixture->client, NULL, cancellable, tokens_test_store_result, &result);
  cancel_soon (cancellable);
  tokens_test_wait_result (&result);
  tokens = tokens_client_list_finish (fixture->client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_cancel_retry_wait (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = tokens_demo_server_get_id (fixture->server, "home");
  gint64 start = g_get_monotonic_time ();

  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_RATE_LIMITED, 1, 20);
  tokens_client_delete_async (fixture->client, id, cancellable, tokens_test_store_result, &result);
  cancel_soon (cancellable);
  tokens_test_wait_result (&result);
  g_assert_false (tokens_client_delete_finish (fixture->client, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_true (tokens_demo_server_has_authorization (fixture->server, id));
}

/* The token never follows a redirect to another origin. */
static void
test_redirect_other_host (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(TokensDemoServer) elsewhere = tokens_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_autofree char *location = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens_demo_server_seed (elsewhere);
  tokens_demo_server_start (elsewhere, 0, &error);
  g_assert_no_error (error);

  location = g_strconcat (tokens_demo_server_get_url (elsewhere), "/api/v2/authorizations", NULL);
  tokens_demo_server_set_redirect (fixture->server, location, G_MAXUINT);

  tokens = list (fixture->client, NULL, &error);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_REDIRECT_REFUSED);
  g_assert_cmpuint (tokens_demo_server_get_n_requests (elsewhere), ==, 0);

  g_clear_error (&error);
  g_assert_false (delete (fixture->client, tokens_demo_server_get_id (fixture->server, "home"), &error));
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_REDIRECT_REFUSED);
  g_assert_cmpuint (tokens_demo_server_get_n_requests (elsewhere), ==, 0);
  g_assert_cmpuint (tokens_demo_server_get_n_authenticated_requests (elsewhere), ==, 0);
}

/* A redirect within the same server is followed, token and all. */
static void
test_redirect_same_host (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens_demo_server_set_redirect (fixture->server, "/api/v2/authorizations/", 1);
  tokens = list (fixture->client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, 11);
  g_assert_cmpuint (tokens_demo_server_get_n_requests (fixture->server), ==, 2);
}

static void
test_user_agent (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = list (fixture->client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tokens_demo_server_get_last_user_agent (fixture->server), ==,
                   "influx-tokens/" PACKAGE_VERSION);
}

static TokensProduct
ping (TokensClient  *client,
      char         **version,
      GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_client_ping_async (client, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_client_ping_finish (client, result, version, error);
}

static void
test_ping_products (void)
{
  struct { TokensDemoMode mode; TokensProduct product; const char *version; } cases[] = {
    { TOKENS_DEMO_MODE_OSS, TOKENS_PRODUCT_OSS, "v2.7.11" },
    { TOKENS_DEMO_MODE_OSS_HASHED, TOKENS_PRODUCT_OSS, "v2.9.0" },
    { TOKENS_DEMO_MODE_CLOUD, TOKENS_PRODUCT_CLOUD, "cloud2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture fixture = { 0 };
      g_autoptr(GError) error = NULL;
      g_autofree char *version = NULL;

      fixture_set_up_mode (&fixture, cases[i].mode);
      g_assert_cmpint (ping (fixture.client, &version, &error), ==, cases[i].product);
      g_assert_no_error (error);
      g_assert_cmpstr (version, ==, cases[i].version);
      /* /ping needs no token, so the client sends none. */
      g_assert_cmpuint (tokens_demo_server_get_n_authenticated_requests (fixture.server), ==, 0);
      fixture_tear_down (&fixture, NULL);
    }
}

/* InfluxDB 3 answers /ping only to a token: the client asks again with it,
 * once, and learns the edition and version (docs/influxdb3-api.md). A v2
 * request meets a plain 404 with a cluster-uuid, which says "not v2". */
static void
test_influxdb3_names_version (void)
{
  struct { TokensDemoMode mode; TokensProduct product; } cases[] = {
    { TOKENS_DEMO_MODE_CORE, TOKENS_PRODUCT_CORE },
    { TOKENS_DEMO_MODE_ENTERPRISE, TOKENS_PRODUCT_ENTERPRISE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture fixture = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) tokens = NULL;
      g_autofree char *version = NULL;

      fixture_set_up_mode (&fixture, cases[i].mode);
      g_assert_cmpint (ping (fixture.client, &version, &error), ==, cases[i].product);
      g_assert_no_error (error);
      g_assert_cmpstr (version, ==, "3.11.1");
      g_assert_false (tokens_client_get_without_auth (fixture.client));
      g_assert_cmpuint (tokens_demo_server_get_n_authenticated_requests (fixture.server), ==, 1);

      tokens = list (fixture.client, NULL, &error);
      g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER);
      fixture_tear_down (&fixture, NULL);
    }
}

/* A token InfluxDB 3 refuses: still InfluxDB 3, the edition unknown. */
static void
test_influxdb3_token_refused (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CORE);
  g_autoptr(GError) error = NULL;
  g_autoptr(TokensClient) client = tokens_client_new (tokens_demo_server_get_url (server),
                                                      "apiv3_not-a-token", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (ping (client, NULL, &error), ==, TOKENS_PRODUCT_INFLUXDB3);
  g_assert_no_error (error);
  /* Asked once with the token, never again. */
  g_assert_cmpuint (tokens_demo_server_get_n_authenticated_requests (server), ==, 1);
  tokens_test_assert_finalize_soon (g_steal_pointer (&client));
}

/* Cloud Dedicated's management API is known by its address; a v2 request
 * to it says, in words, that it is not v2. */
static void
test_dedicated_unsupported (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = NULL;

  fixture_set_up_mode (&fixture, TOKENS_DEMO_MODE_DEDICATED);
  g_assert_cmpint (tokens_client_get_product (fixture.client), ==, TOKENS_PRODUCT_DEDICATED);
  ping (fixture.client, NULL, &error);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER);
  g_assert_nonnull (strstr (error->message, "Cloud Dedicated"));

  g_clear_error (&error);
  tokens = list (fixture.client, NULL, &error);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER);
  g_assert_nonnull (strstr (error->message, "Cloud Dedicated"));
  fixture_tear_down (&fixture, NULL);
}

/* Hashed (OSS 2.9) and redacted (Cloud) values are never taken for tokens. */
static void
test_token_values_by_product (void)
{
  TokensDemoMode modes[] = { TOKENS_DEMO_MODE_OSS_HASHED, TOKENS_DEMO_MODE_CLOUD };

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      Fixture fixture = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) tokens = NULL;

      fixture_set_up_mode (&fixture, modes[m]);
      tokens = list (fixture.client, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (tokens->len, ==, 11);
      for (guint i = 0; i < tokens->len; i++)
        {
          g_assert_false (tokens_token_has_token_value (g_ptr_array_index (tokens, i)));
          g_assert_false (tokens_client_is_own_token (fixture.client, g_ptr_array_index (tokens, i)));
        }
      fixture_tear_down (&fixture, NULL);
    }
}

/* Faults a proxy or a broken server produces, each a clear error. */
static void
test_faults (Fixture       *fixture,
             gconstpointer  data)
{
  struct {
    TokensDemoFault fault;
    GQuark domain;
    int code;
    const char *message_part;
  } cases[] = {
    { TOKENS_DEMO_FAULT_INTERNAL_ERROR, 0, TOKENS_CLIENT_ERROR_SERVER_ERROR, "an internal error has occurred" },
    { TOKENS_DEMO_FAULT_HTML_500, 0, TOKENS_CLIENT_ERROR_SERVER_ERROR, "500 Internal Server Error" },
    { TOKENS_DEMO_FAULT_BAD_GATEWAY, 0, TOKENS_CLIENT_ERROR_SERVER_ERROR, "502 Bad Gateway" },
    { TOKENS_DEMO_FAULT_MALFORMED_JSON, 0, TOKENS_CLIENT_ERROR_INVALID_RESPONSE, NULL },
    { TOKENS_DEMO_FAULT_WRONG_TYPES, 0, TOKENS_CLIENT_ERROR_INVALID_RESPONSE, "“id” is not a string" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) tokens = NULL;
      g_autoptr(GError) error = NULL;

      tokens_demo_server_inject_fault (fixture->server, cases[i].fault, 1, 0);
      tokens = list (fixture->client, NULL, &error);
      g_assert_error (error, TOKENS_CLIENT_ERROR, cases[i].code);
      if (cases[i].message_part != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].message_part));
    }

  /* A dropped connection stays a network error. */
  {
    g_autoptr(GPtrArray) tokens = NULL;
    g_autoptr(GError) error = NULL;

    tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_DROP_CONNECTION, G_MAXUINT, 0);
    tokens = list (fixture->client, NULL, &error);
    g_assert_nonnull (error);
    g_assert_true (error->domain == G_IO_ERROR);
    tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_NONE, 0, 0);
  }

  /* And the server still works afterwards. */
  {
    g_autoptr(GPtrArray) tokens = NULL;
    g_autoptr(GError) error = NULL;

    tokens = list (fixture->client, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (tokens->len, ==, 11);
  }
}

static void
test_connection_refused (void)
{
  g_autoptr(TokensDemoServer) server = tokens_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_autoptr(TokensClient) client = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  /* Take a free port, then close it again. */
  tokens_demo_server_start (server, 0, &error);
  g_assert_no_error (error);
  url = g_strdup (tokens_demo_server_get_url (server));
  g_clear_object (&server);

  client = tokens_client_new (url, "some-token", NULL, &error);
  g_assert_no_error (error);
  tokens = list (client, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 1, NULL);
  g_autoptr(TokensClient) client = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;

  client = tokens_client_new (tokens_demo_server_get_url (fixture->server),
                              tokens_demo_server_get_token (fixture->server, "operator"),
                              session, &error);
  g_assert_no_error (error);
  tokens_demo_server_set_latency (fixture->server, 3000);
  tokens = list (client, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

/* An untrusted certificate for another host: refused, and no token sent. */
static void
test_untrusted_tls (void)
{
  g_autofree char *cert_path = g_test_build_filename (G_TEST_DIST, "data", "untrusted-cert.pem", NULL);
  g_autofree char *key_path = g_test_build_filename (G_TEST_DIST, "data", "untrusted-key.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(TokensDemoServer) server = tokens_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_autoptr(TokensClient) client = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;

  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  tokens_demo_server_seed (server);
  tokens_demo_server_start_tls (server, certificate, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (tokens_demo_server_get_url (server), "https://"));

  client = tokens_client_new (tokens_demo_server_get_url (server),
                              tokens_demo_server_get_token (server, "operator"), NULL, &error);
  g_assert_no_error (error);
  tokens = list (client, NULL, &error);
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_TLS_ERROR);
  g_assert_cmpuint (tokens_demo_server_get_n_requests (server), ==, 0);
}

static void
test_bad_base_urls (void)
{
  const char *urls[] = { "localhost:8086", "ftp://example.com", "http://", "not a url",
                         "http://user:pass@example.com", "http://example.com/?q=1" };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TokensClient) client = tokens_client_new (urls[i], "t", NULL, &error);

      g_assert_null (client);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

/* A base URL with a path keeps it as a prefix (InfluxDB behind a proxy). */
static void
test_base_url_prefix (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *url = g_strconcat (tokens_demo_server_get_url (fixture->server), "/influx/", NULL);
  g_autoptr(TokensClient) client = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;

  client = tokens_client_new (url, tokens_demo_server_get_token (fixture->server, "operator"),
                              NULL, &error);
  g_assert_no_error (error);
  tokens = list (client, NULL, &error);
  /* The fake server has no /influx prefix, so this is its 404 for the path. */
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "path not found");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/tokens/client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("list-operator", test_list_operator);
  ADD ("list-all-access", test_list_all_access);
  ADD ("list-unauthorized", test_list_unauthorized);
  ADD ("list-no-rights", test_list_no_rights);
  ADD ("list-bad-org-id", test_list_bad_org_id);
  ADD ("list-unknown-org", test_list_unknown_org);
  ADD ("list-filters", test_list_filters);
  ADD ("delete-twice", test_delete_twice);
  ADD ("delete-204-bytes", test_delete_204_bytes);
  ADD ("delete-bad-ids", test_delete_bad_ids);
  ADD ("delete-upper-case", test_delete_upper_case);
  ADD ("delete-missing-without-rights", test_delete_missing_without_rights);
  ADD ("delete-other-users-token", test_delete_other_users_token);
  ADD ("delete-without-write", test_delete_without_write);
  ADD ("delete-with-inactive-token", test_delete_with_inactive_token);
  ADD ("delete-self", test_delete_self);
  ADD ("patch-status", test_patch_status);
  ADD ("patch-not-json", test_patch_not_json);
  ADD ("rate-limited-retries", test_rate_limited_retries);
  ADD ("rate-limited-bounded", test_rate_limited_bounded);
  ADD ("cancel-request", test_cancel_request);
  ADD ("cancel-retry-wait", test_cancel_retry_wait);
  ADD ("redirect-other-host", test_redirect_other_host);
  ADD ("redirect-same-host", test_redirect_same_host);
  ADD ("user-agent", test_user_agent);
  ADD ("faults", test_faults);
  ADD ("timeout", test_timeout);
  ADD ("base-url-prefix", test_base_url_prefix);
#undef ADD

  g_test_add_func ("/tokens/client/ping-products", test_ping_products);
  g_test_add_func ("/tokens/client/influxdb3-names-version", test_influxdb3_names_version);
  g_test_add_func ("/tokens/client/influxdb3-token-refused", test_influxdb3_token_refused);
  g_test_add_func ("/tokens/client/dedicated-by-address", test_dedicated_unsupported);
  g_test_add_func ("/tokens/client/token-values-by-product", test_token_values_by_product);
  g_test_add_func ("/tokens/client/connection-refused", test_connection_refused);
  g_test_add_func ("/tokens/client/bad-base-urls", test_bad_base_urls);
  g_test_add_func ("/tokens/client/untrusted-tls", test_untrusted_tls);

  return g_test_run ();
}
