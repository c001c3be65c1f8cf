/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-backend-management.h"
#include "tokens-backend-v2.h"
#include "tokens-backend-v3.h"
#include "tokens-demo-server-testing.h"
#include "tokens-draft.h"
#include "tokens-hostile-server.h"
#include "tokens-secret-store.h"
#include "tokens-test-utils.h"
#include "tokens-token-list.h"
#include "tokens-token-private.h"
#include "tokens-v3-token-reader.h"

#include <json-glib/json-glib.h>
#include <string.h>

/*
 * Making tokens, for every product: against the fake server over real
 * HTTP, through a TokensTokenList as the app makes them, and against a
 * server that answers what the test says, for the answers no real server
 * should send. What the server holds afterwards is checked with the fake
 * server's own inspection; that a draft was refused before any request,
 * with its request counter.
 */

/* The fake server's seeded v2 organizations, users and buckets
 * (src/demo/tokens-demo-data.c). */
#define MY_ORG "9a51c3d2b4e60f17"
#define ACME_ORG "3e8d0b7a1c2f4d55"
#define ADMIN_USER "0b1e2c3d4f5a6b70"
#define ADA_USER "0b1e2c3d4f5a6b71"
#define GRACE_USER "0b1e2c3d4f5a6b72"
#define TELEGRAF_BUCKET "51e2a3b4c5d6e7f0"
#define SENSORS_BUCKET "51e2a3b4c5d6e7f2"

#define UUID_A "0f6a1d2e-3b4c-4d5e-8f60-718293a4b5c6"
#define MANAGEMENT_BASE "/api/v0/accounts/11111111-2222-4333-8444-555555555555" \
                        "/clusters/66666666-7777-4888-9999-000000000000"

#define V3_TOKENS_QUERY \
  "{\"db\": \"_internal\", \"q\": \"SELECT * FROM system.tokens\", \"format\": \"json\"}"

/* ---- Helpers ------------------------------------------------------------ */

static gboolean
is_v3 (TokensDemoServer *server)
{
  TokensDemoMode mode = tokens_demo_server_get_mode (server);

  return mode == TOKENS_DEMO_MODE_CORE || mode == TOKENS_DEMO_MODE_ENTERPRISE;
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

static TokensTokenList *
operator_list_new (TokensDemoServer *server)
{
  return list_new (server, tokens_demo_server_get_token (server, "operator"));
}

static void
tear_down (TokensTokenList  *list,
           TokensDemoServer *server)
{
  if (list != NULL)
    {
      tokens_test_iterate (50);
      tokens_test_assert_finalize_soon (list);
    }
  if (server != NULL)
    tokens_test_assert_finalize_soon (server);
}

static guint
n_items (TokensTokenList *list)
{
  return g_list_model_get_n_items (G_LIST_MODEL (list));
}

static TokensToken *
list_create (TokensTokenList    *list,
             const TokensDraft  *draft,
             const char         *replaces_id,
             char              **secret,
             GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_token_list_create_async (list, draft, replaces_id, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_token_list_create_finish (list, result, secret, error);
}

static TokensToken *
backend_create (TokensBackend      *backend,
                const TokensDraft  *draft,
                char              **secret,
                GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_backend_create_async (backend, draft, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_backend_create_finish (backend, result, secret, error);
}

static GPtrArray *
backend_list_grants (TokensBackend  *backend,
                     const char     *org_id,
                     GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_backend_list_grants_async (backend, org_id, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_backend_list_grants_finish (backend, result, error);
}

static char *
list_regenerate (TokensTokenList  *list,
                 const char       *id,
                 GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_token_list_regenerate_async (list, id, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_token_list_regenerate_finish (list, result, error);
}

typedef struct
{
  const char *key;
  char *value;
} ValueSearch;

static void
find_value (const char *kind,
            const char *id,
            const char *value,
            const char *description,
            gpointer    user_data)
{
  ValueSearch *search = user_data;

  if (search->value == NULL &&
      (g_strcmp0 (id, search->key) == 0 || g_strcmp0 (description, search->key) == 0))
    search->value = g_strdup (value);
}

/* The value the server holds for the token known as @key to the app: a
 * v2 or management id, an InfluxDB 3 name. */
static char *
server_value (TokensDemoServer *server,
              const char       *key)
{
  ValueSearch search = { key, NULL };

  tokens_demo_server_foreach_token (server, find_value, &search);
  return search.value;
}

/* What the server lists to @token, as bytes: its list endpoint's answer. */
static char *
raw_list (TokensDemoServer *server,
          const char       *token)
{
  const char *base = tokens_demo_server_get_url (server);
  g_autoptr(TokensTestResponse) reply = NULL;
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;

  if (is_v3 (server))
    {
      url = g_strconcat (base, "/api/v3/query_sql", NULL);
      authorization = g_strconcat ("Bearer ", token, NULL);
      reply = tokens_test_raw_request ("POST", url, authorization, V3_TOKENS_QUERY);
    }
  else if (tokens_demo_server_get_mode (server) == TOKENS_DEMO_MODE_DEDICATED)
    {
      url = g_strconcat (base, "/tokens", NULL);
      authorization = g_strconcat ("Bearer ", token, NULL);
      reply = tokens_test_raw_request ("GET", url, authorization, NULL);
    }
  else
    {
      url = g_strconcat (base, "/api/v2/authorizations", NULL);
      authorization = g_strconcat ("Token ", token, NULL);
      reply = tokens_test_raw_request ("GET", url, authorization, NULL);
    }
  g_assert_cmpuint (reply->status, ==, 200);
  return g_steal_pointer (&reply->body);
}

/* A v2 token's "token" member as GET /api/v2/authorizations/{id} has it. */
static char *
raw_v2_token_member (TokensDemoServer *server,
                     const char       *id)
{
  g_autofree char *url = g_strconcat (tokens_demo_server_get_url (server),
                                      "/api/v2/authorizations/", id, NULL);
  g_autofree char *authorization =
    g_strconcat ("Token ", tokens_demo_server_get_token (server, "operator"), NULL);
  g_autoptr(TokensTestResponse) reply = tokens_test_raw_request ("GET", url, authorization, NULL);
  g_autoptr(JsonNode) node = NULL;

  g_assert_cmpuint (reply->status, ==, 200);
  node = json_from_string (reply->body, NULL);
  g_assert_nonnull (node);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "token"));
}

/* A raw request with the operator's token; returns the status. */
static guint
operator_request (TokensDemoServer *server,
                  const char       *method,
                  const char       *path,
                  const char       *body)
{
  g_autofree char *url = g_strconcat (tokens_demo_server_get_url (server), path, NULL);
  g_autofree char *authorization =
    g_strconcat (is_v3 (server) ? "Bearer " : "Token ",
                 tokens_demo_server_get_token (server, "operator"), NULL);
  g_autoptr(TokensTestResponse) reply = tokens_test_raw_request (method, url, authorization, body);

  return reply->status;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* A v2 token's permissions as a sorted text, one a line, without the
 * names the server may add: what they allow, whatever the order. */
static char *
permission_set (GPtrArray *permissions)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (permissions);
  for (guint i = 0; i < permissions->len; i++)
    {
      TokensPermission *p = g_ptr_array_index (permissions, i);

      g_ptr_array_add (lines, g_strdup_printf ("%s %s id=%s org=%s",
                                               p->action == TOKENS_ACTION_READ ? "read" : "write",
                                               p->resource_type,
                                               p->resource_id != NULL ? p->resource_id : "-",
                                               p->resource_org_id != NULL ? p->resource_org_id : "-"));
    }
  g_ptr_array_sort (lines, compare_strings);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **)lines->pdata);
}

static GDateTime *
utc (const char *iso)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();

  return g_date_time_new_from_iso8601 (iso, zone);
}

static gint64
seconds_between (GDateTime *from,
                 GDateTime *to)
{
  g_assert_nonnull (from);
  g_assert_nonnull (to);
  return g_date_time_difference (to, from) / G_TIME_SPAN_SECOND;
}

/* What every create leaves behind: the token in the list at once, first,
 * without its value; the value once, to the caller, and it is the one the
 * server holds. */
static void
assert_created (TokensTokenList  *list,
                TokensDemoServer *server,
                TokensToken      *token,
                const char       *secret,
                guint             n_before)
{
  g_autoptr(TokensToken) first = NULL;
  g_autofree char *held = NULL;

  g_assert_nonnull (token);
  g_assert_nonnull (secret);
  g_assert_cmpstr (secret, !=, "");
  g_assert_null (_tokens_token_get_token_value (token));
  g_assert_true (tokens_token_list_lookup (list, tokens_token_get_id (token)) == token);
  g_assert_cmpuint (n_items (list), ==, n_before + 1);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (first == token);
  held = server_value (server, tokens_token_get_id (token));
  g_assert_cmpstr (held, ==, secret);
}

/* Refused, and nothing sent, made or added. */
static void
assert_refused (TokensTokenList   *list,
                TokensDemoServer  *server,
                const char        *what,
                const TokensDraft *draft,
                GQuark             domain,
                int                code)
{
  guint requests = tokens_demo_server_get_n_requests (server);
  guint on_server = tokens_demo_server_get_n_tokens (server);
  guint n = n_items (list);
  g_autoptr(GError) error = NULL;
  g_autoptr(TokensToken) token = NULL;
  char *secret = NULL;

  g_test_message ("refused before a request: %s", what);
  token = list_create (list, draft, NULL, &secret, &error);
  g_assert_null (token);
  g_assert_null (secret);
  g_assert_error (error, domain, code);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_cmpuint (tokens_demo_server_get_n_requests (server), ==, requests);
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (server), ==, on_server);
  g_assert_cmpuint (n_items (list), ==, n);
}

/* Refused by the server (or its answer refused): an error, nothing added,
 * nothing marked. */
static GError *
create_fails (TokensTokenList   *list,
              TokensDemoServer  *server,
              const TokensDraft *draft,
              const char        *replaces_id)
{
  guint on_server = tokens_demo_server_get_n_tokens (server);
  guint n = n_items (list);
  GError *error = NULL;
  g_autoptr(TokensToken) token = NULL;
  char *secret = NULL;

  token = list_create (list, draft, replaces_id, &secret, &error);
  g_assert_null (token);
  g_assert_null (secret);
  g_assert_nonnull (error);
  g_assert_cmpuint (n_items (list), ==, n);
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (server), ==, on_server);
  if (replaces_id != NULL)
    {
      TokensToken *old = tokens_token_list_lookup (list, replaces_id);

      g_assert_nonnull (old);
      g_assert_null (tokens_token_get_replaced_by (old));
      g_assert_null (tokens_token_list_get_replacement (list, replaces_id));
    }
  return error;
}

static TokensProduct
ping_product (TokensDemoServer *server,
              const char       *token)
{
  g_autoptr(TokensClient) client = tokens_test_client_new (tokens_demo_server_get_url (server), token);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tokens_client_ping_async (client, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_client_ping_finish (client, result, NULL, &error);
}

static TokensDraft *
all_access_draft (const char *name)
{
  TokensDraft *draft = tokens_draft_new (TOKENS_DRAFT_ALL_ACCESS);

  tokens_draft_set_name (draft, name);
  return draft;
}

/* ---- Names ---------------------------------------------------------------- */

static void
test_names (void)
{
  struct { const char *name; gboolean named; const char *copy; const char *replacement; } cases[] = {
    { "ci-deploy", TRUE, "ci-deploy-copy", "ci-deploy-2" },
    { "ci-deploy-2", TRUE, "ci-deploy-2-copy", "ci-deploy-3" },
    { "ci-deploy-19", TRUE, "ci-deploy-19-copy", "ci-deploy-20" },
    { "backup-", TRUE, "backup--copy", "backup--2" },
    { "job-123456789", TRUE, "job-123456789-copy", "job-123456789-2" },
    { "job-2a", TRUE, "job-2a-copy", "job-2a-2" },
    { "Telegraf", FALSE, "Telegraf (copy)", "Telegraf (replacement)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *copy = tokens_draft_copy_name (cases[i].name, cases[i].named);
      g_autofree char *replacement = tokens_draft_replacement_name (cases[i].name, cases[i].named);

      g_assert_cmpstr (copy, ==, cases[i].copy);
      g_assert_cmpstr (replacement, ==, cases[i].replacement);
    }
}

/* ---- v2: OSS 2.7, OSS 2.9 (hashed), Cloud ----------------------------------- */

/* An all-access token for another user, as `influx auth create
 * --all-access --user ada` makes one: the same permissions as the fake
 * server's own all-access token for her. Listed afterwards without its
 * value where the product hides values; the value signs in. */
static void
check_all_access (TokensDemoMode mode)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (mode);
  TokensTokenList *list = operator_list_new (server);
  TokensToken *ada = tokens_token_list_lookup (list, tokens_demo_server_get_id (server, "ada-all-access"));
  g_autoptr(TokensDraft) draft = all_access_draft ("Ada's laptop");
  g_autoptr(TokensToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *made = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *member = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  TokensTokenList *mine = NULL;
  TokensToken *again;
  char *secret = NULL;
  guint n = n_items (list);
  guint requests;

  g_assert_cmpstr (tokens_demo_server_get_org_id (server, "operator"), ==, MY_ORG);
  g_assert_cmpstr (tokens_demo_server_get_user_id (server, "ada-all-access"), ==, ADA_USER);
  g_assert_nonnull (ada);
  g_assert_true (tokens_token_get_is_all_access (ada));
  g_assert_cmpint (tokens_token_list_get_features (list) & TOKENS_BACKEND_CREATE, ==,
                   TOKENS_BACKEND_CREATE);
  g_assert_cmpint (tokens_token_list_get_features (list) & TOKENS_BACKEND_REGENERATE, ==, 0);

  draft->org_id = g_strdup (MY_ORG);
  draft->user_id = g_strdup (ADA_USER);
  requests = tokens_demo_server_get_n_requests (server);
  token = list_create (list, draft, NULL, &secret, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tokens_demo_server_get_n_requests (server), ==, requests + 1);
  assert_created (list, server, token, secret, n);
  id = g_strdup (tokens_token_get_id (token));
  g_assert_true (tokens_demo_server_has_authorization (server, id));
  g_assert_true (tokens_demo_server_get_active (server, id));
  g_assert_cmpstr (tokens_token_get_description (token), ==, "Ada's laptop");
  g_assert_cmpstr (tokens_token_get_org_id (token), ==, MY_ORG);
  g_assert_cmpstr (tokens_token_get_user_id (token), ==, ADA_USER);
  g_assert_true (tokens_token_get_is_all_access (token));
  g_assert_false (tokens_token_get_is_operator (token));

  expected = permission_set (tokens_token_get_permissions (ada));
  made = permission_set (tokens_token_get_permissions (token));
  g_assert_cmpstr (made, ==, expected);

  /* The server lists it, as made. */
  g_assert_true (tokens_test_list_refresh (list, &error));
  g_assert_no_error (error);
  again = tokens_token_list_lookup (list, id);
  g_assert_nonnull (again);
  listed = permission_set (tokens_token_get_permissions (again));
  g_assert_cmpstr (listed, ==, expected);
  g_assert_cmpuint (n_items (list), ==, n + 1);

  /* Only OSS 2.7 lists values: hashed OSS writes "", Cloud "redacted". */
  member = raw_v2_token_member (server, id);
  body = raw_list (server, tokens_demo_server_get_token (server, "operator"));
  g_assert_nonnull (strstr (body, id));
  switch (mode)
    {
    case TOKENS_DEMO_MODE_OSS_HASHED:
      g_assert_cmpstr (member, ==, "");
      g_assert_null (strstr (body, secret));
      break;
    case TOKENS_DEMO_MODE_CLOUD:
      g_assert_cmpstr (member, ==, "redacted");
      g_assert_null (strstr (body, secret));
      break;
    case TOKENS_DEMO_MODE_OSS:
    default:
      g_assert_cmpstr (member, ==, secret);
      break;
    }

  /* The value signs in, and may read its own tokens. */
  mine = list_new (server, secret);
  g_assert_nonnull (tokens_token_list_lookup (mine, id));
  g_assert_nonnull (tokens_token_list_lookup (mine, tokens_demo_server_get_id (server, "ada-all-access")));
  g_assert_null (tokens_token_list_lookup (mine, tokens_demo_server_get_id (server, "operator")));

  tokens_secret_free (secret);
  tear_down (mine, NULL);
  tear_down (list, g_steal_pointer (&server));
}

/* All access for the app's own user, where the list cannot tell which
 * token is the app's (OSS 2.9 keeps only hashes): the server says whose
 * it is (/api/v2/me), and the new token holds that user's record by id, as
 * `influx auth create --all-access` makes it; it lists tokens at once. */
static void
test_v2_all_access_for_me (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS_HASHED);
  TokensTokenList *list = list_new (server, tokens_demo_server_get_token (server, "ada-all-access"));
  g_autoptr(TokensDraft) draft = all_access_draft ("Ada's second laptop");
  g_autoptr(TokensToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  GPtrArray *permissions;
  gboolean user_by_id = FALSE;

  draft->org_id = g_strdup (MY_ORG);
  token = list_create (list, draft, NULL, &secret, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_assert_cmpstr (tokens_token_get_user_id (token), ==, ADA_USER);
  permissions = tokens_token_get_permissions (token);
  for (guint i = 0; i < permissions->len; i++)
    {
      TokensPermission *permission = g_ptr_array_index (permissions, i);

      if (g_str_equal (permission->resource_type, "users"))
        {
          g_assert_cmpstr (permission->resource_id, ==, ADA_USER);
          user_by_id = TRUE;
        }
    }
  g_assert_true (user_by_id);
  g_assert_true (tokens_token_get_is_all_access (token));
  {
    TokensTokenList *made = list_new (server, secret);

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (made)), >, 0);
    tear_down (made, NULL);
  }
  g_clear_pointer (&secret, tokens_secret_free);
  tear_down (list, g_steal_pointer (&server));
}

static void
test_v2_all_access (void)
{
  check_all_access (TOKENS_DEMO_MODE_OSS);
  check_all_access (TOKENS_DEMO_MODE_OSS_HASHED);
  check_all_access (TOKENS_DEMO_MODE_CLOUD);
}

/* Chosen buckets read or write, a resource type, for another user: the
 * server holds exactly those permissions, for her. */
static void
check_custom (TokensDemoMode mode)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (mode);
  TokensTokenList *list = operator_list_new (server);
  g_autoptr(TokensDraft) draft = tokens_draft_new (TOKENS_DRAFT_CUSTOM);
  g_autoptr(TokensToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *id = NULL;
  TokensTokenList *mine = NULL;
  TokensGrant *grant;
  char *secret = NULL;
  guint n = n_items (list);
  const char *expected =
    "read buckets id=" TELEGRAF_BUCKET " org=" MY_ORG "\n"
    "read buckets id=" SENSORS_BUCKET " org=" MY_ORG "\n"
    "read dashboards id=- org=" MY_ORG "\n"
    "write buckets id=" TELEGRAF_BUCKET " org=" MY_ORG "\n"
    "write tasks id=- org=" MY_ORG;

  tokens_draft_set_name (draft, "Grace's Grafana");
  draft->org_id = g_strdup (MY_ORG);
  draft->user_id = g_strdup (GRACE_USER);
  /* Granted in two steps: a read and a write make a read and write. */
  tokens_draft_grant (draft, TOKENS_GRANT_BUCKET, TELEGRAF_BUCKET, "telegraf", TRUE, FALSE);
  grant = tokens_draft_grant (draft, TOKENS_GRANT_BUCKET, TELEGRAF_BUCKET, "telegraf", FALSE, TRUE);
  g_assert_true (grant->read && grant->write);
  tokens_draft_grant (draft, TOKENS_GRANT_BUCKET, SENSORS_BUCKET, "sensors", TRUE, FALSE);
  tokens_draft_grant (draft, TOKENS_GRANT_RESOURCE, "dashboards", NULL, TRUE, FALSE);
  tokens_draft_grant (draft, TOKENS_GRANT_RESOURCE, "tasks", NULL, FALSE, TRUE);
  /* A choice left unticked grants nothing. */
  tokens_draft_grant (draft, TOKENS_GRANT_RESOURCE, "variables", NULL, FALSE, FALSE);
  g_assert_cmpuint (draft->grants->len, ==, 5);

  token = list_create (list, draft, NULL, &secret, &error);
  g_assert_no_error (error);
  assert_created (list, server, token, secret, n);
  id = g_strdup (tokens_token_get_id (token));
  g_assert_cmpstr (tokens_token_get_user_id (token), ==, GRACE_USER);
  g_assert_cmpstr (tokens_token_get_org_id (token), ==, MY_ORG);
  g_assert_cmpstr (tokens_token_get_description (token), ==, "Grace's Grafana");
  g_assert_false (tokens_token_get_is_all_access (token));
  made = permission_set (tokens_token_get_permissions (token));
  g_assert_cmpstr (made, ==, expected);

  g_assert_true (tokens_test_list_refresh (list, &error));
  g_assert_no_error (error);
  g_assert_nonnull (tokens_token_list_lookup (list, id));
  listed = permission_set (tokens_token_get_permissions (tokens_token_list_lookup (list, id)));
  g_assert_cmpstr (listed, ==, expected);
  g_assert_cmpstr (tokens_token_get_user_id (tokens_token_list_lookup (list, id)), ==, GRACE_USER);

  /* The value signs in: it may read no tokens, and the list says so
   * rather than refusing it (an unknown value is a 401). */
  mine = list_new (server, secret);
  g_assert_cmpuint (n_items (mine), ==, 0);

  tokens_secret_free (secret);
  tear_down (mine, NULL);
  tear_down (list, g_steal_pointer (&server));
}

static void
test_v2_custom (void)
{
  check_custom (TOKENS_DEMO_MODE_OSS_HASHED);
  check_custom (TOKENS_DEMO_MODE_CLOUD);
}

/* What the server would refuse is refused before asking it. */
static void
test_v2_refusals (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS_HASHED);
  TokensTokenList *list = operator_list_new (server);
  struct {
    const char *what;
    TokensDraftScope scope;
    const char *org_id;
    const char *user_id;
    TokensGrantKind kind;
    const char *grant_id;
    gboolean read;
  } cases[] = {
    { "no organization", TOKENS_DRAFT_ALL_ACCESS, NULL, NULL, 0, NULL, FALSE },
    { "an organization's name", TOKENS_DRAFT_ALL_ACCESS, "my-org", NULL, 0, NULL, FALSE },
    { "a short organization id", TOKENS_DRAFT_CUSTOM, "9a51c3d2", NULL, TOKENS_GRANT_BUCKET, NULL, TRUE },
    { "the zero id", TOKENS_DRAFT_ALL_ACCESS, "0000000000000000", NULL, 0, NULL, FALSE },
    { "a user's name", TOKENS_DRAFT_ALL_ACCESS, MY_ORG, "ada", 0, NULL, FALSE },
    { "nothing granted", TOKENS_DRAFT_CUSTOM, MY_ORG, NULL, 0, NULL, FALSE },
    { "a grant neither read nor write", TOKENS_DRAFT_CUSTOM, MY_ORG, NULL, TOKENS_GRANT_BUCKET,
      TELEGRAF_BUCKET, FALSE },
    { "a bucket that is not an id", TOKENS_DRAFT_CUSTOM, MY_ORG, NULL, TOKENS_GRANT_BUCKET,
      "../../orgs", TRUE },
    { "a resource type that is not a word", TOKENS_DRAFT_CUSTOM, MY_ORG, NULL, TOKENS_GRANT_RESOURCE,
      "dash boards", TRUE },
    { "no resource type", TOKENS_DRAFT_CUSTOM, MY_ORG, NULL, TOKENS_GRANT_RESOURCE, NULL, TRUE },
    { "a database", TOKENS_DRAFT_CUSTOM, MY_ORG, NULL, TOKENS_GRANT_DATABASE, "sensors", TRUE },
    { "a system endpoint", TOKENS_DRAFT_CUSTOM, MY_ORG, NULL, TOKENS_GRANT_SYSTEM, "health", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TokensDraft) draft = tokens_draft_new (cases[i].scope);

      tokens_draft_set_name (draft, cases[i].what);
      draft->org_id = g_strdup (cases[i].org_id);
      draft->user_id = g_strdup (cases[i].user_id);
      if (cases[i].grant_id != NULL || cases[i].kind == TOKENS_GRANT_RESOURCE ||
          cases[i].read)
        tokens_draft_grant (draft, cases[i].kind, cases[i].grant_id, "x", cases[i].read, FALSE);
      assert_refused (list, server, cases[i].what, draft, TOKENS_CLIENT_ERROR,
                      TOKENS_CLIENT_ERROR_INVALID);
    }

  /* A custom token on every bucket is one. */
  {
    g_autoptr(TokensDraft) draft = tokens_draft_new (TOKENS_DRAFT_CUSTOM);
    g_autoptr(TokensToken) token = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *made = NULL;
    char *secret = NULL;

    draft->org_id = g_strdup (MY_ORG);
    tokens_draft_grant (draft, TOKENS_GRANT_BUCKET, NULL, NULL, TRUE, FALSE);
    token = list_create (list, draft, NULL, &secret, &error);
    g_assert_no_error (error);
    made = permission_set (tokens_token_get_permissions (token));
    g_assert_cmpstr (made, ==, "read buckets id=- org=" MY_ORG);
    /* No description is an empty one; the owner is the caller's user. */
    g_assert_cmpstr (tokens_token_get_description (token), ==, "");
    g_assert_cmpstr (tokens_token_get_user_id (token), ==, ADMIN_USER);
    tokens_secret_free (secret);
  }

  tear_down (list, g_steal_pointer (&server));
}

/* The server's refusals are errors, and nothing is added. */
static void
test_v2_server_refusals (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS_HASHED);
  TokensTokenList *list = operator_list_new (server);
  TokensTokenList *auditor = list_new (server, tokens_demo_server_get_token (server, "auditor"));
  g_autoptr(TokensDraft) draft = all_access_draft ("refused");
  GError *error;

  draft->org_id = g_strdup (MY_ORG);

  /* A token that may read tokens but not write them: 401 in the
   * server's words. */
  g_assert_cmpuint (n_items (auditor), >, 0);
  error = create_fails (auditor, server, draft, NULL);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "write:orgs/" MY_ORG "/authorizations is unauthorized"));
  g_clear_error (&error);

  /* An organization or a user the server does not have: 400. */
  g_free (draft->org_id);
  draft->org_id = g_strdup ("0123456789abcdef");
  error = create_fails (list, server, draft, NULL);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "unable to create token"));
  g_clear_error (&error);
  g_free (draft->org_id);
  draft->org_id = g_strdup (MY_ORG);
  draft->user_id = g_strdup ("0123456789abcdef");
  error = create_fails (list, server, draft, NULL);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID);
  g_clear_error (&error);

  /* An all-access token may make tokens for its own user, and only with
   * what it holds itself: another user is 401, another organization's
   * buckets 403. */
  {
    TokensTokenList *ada = list_new (server, tokens_demo_server_get_token (server, "ada-all-access"));
    g_autoptr(TokensDraft) beyond = tokens_draft_new (TOKENS_DRAFT_CUSTOM);

    g_free (draft->user_id);
    draft->user_id = g_strdup (GRACE_USER);
    error = create_fails (ada, server, draft, NULL);
    g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAUTHORIZED);
    g_assert_nonnull (strstr (error->message, "write:users/" GRACE_USER " is unauthorized"));
    g_clear_error (&error);

    beyond->org_id = g_strdup (MY_ORG);
    tokens_draft_grant (beyond, TOKENS_GRANT_BUCKET, SENSORS_BUCKET, "sensors", TRUE, FALSE);
    g_ptr_array_add (beyond->extra, tokens_permission_new (TOKENS_ACTION_READ, "buckets", NULL,
                                                           ACME_ORG, NULL, NULL));
    error = create_fails (ada, server, beyond, NULL);
    g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_FORBIDDEN);
    g_clear_error (&error);
    tear_down (ada, NULL);
  }

  /* A switched-off token. */
  tokens_demo_server_set_active (server, tokens_demo_server_get_id (server, "operator"), FALSE);
  g_clear_pointer (&draft->user_id, g_free);
  error = create_fails (list, server, draft, NULL);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_TOKEN_INACTIVE);
  g_clear_error (&error);

  tear_down (auditor, NULL);
  tear_down (list, g_steal_pointer (&server));
}

/* A clone has the original's permissions, all of them: those a grant says
 * and those it cannot (one dashboard, every user, another organization's
 * buckets, the organization itself). */
static void
test_v2_clone (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS_HASHED);
  TokensTokenList *list = NULL;
  TokensBackend *backend;
  TokensToken *original, *ada;
  g_autoptr(TokensDraft) draft = NULL;
  g_autoptr(TokensDraft) ada_draft = NULL;
  g_autoptr(TokensToken) clone = NULL;
  g_autoptr(TokensToken) ada_clone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy_name = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *made = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *clone_id = NULL;
  g_autofree char *original_id = NULL;
  TokensGrant *grant;
  char *secret = NULL;
  guint status;

  status = operator_request (server, "POST", "/api/v2/authorizations",
    "{\"orgID\": \"" MY_ORG "\", \"userID\": \"" GRACE_USER "\", \"description\": \"Mixed bag\","
    " \"permissions\": ["
    "{\"action\": \"read\", \"resource\": {\"type\": \"buckets\", \"id\": \"" TELEGRAF_BUCKET "\", \"orgID\": \"" MY_ORG "\"}},"
    "{\"action\": \"write\", \"resource\": {\"type\": \"buckets\", \"id\": \"" TELEGRAF_BUCKET "\", \"orgID\": \"" MY_ORG "\"}},"
    "{\"action\": \"read\", \"resource\": {\"type\": \"buckets\", \"orgID\": \"" MY_ORG "\"}},"
    "{\"action\": \"write\", \"resource\": {\"type\": \"dashboards\", \"orgID\": \"" MY_ORG "\"}},"
    "{\"action\": \"read\", \"resource\": {\"type\": \"dashboards\", \"id\": \"0d00000000000001\", \"orgID\": \"" MY_ORG "\"}},"
    "{\"action\": \"read\", \"resource\": {\"type\": \"users\"}},"
    "{\"action\": \"read\", \"resource\": {\"type\": \"buckets\", \"orgID\": \"" ACME_ORG "\"}},"
    "{\"action\": \"write\", \"resource\": {\"type\": \"orgs\", \"id\": \"" MY_ORG "\"}}]}");
  g_assert_cmpuint (status, ==, 201);

  list = operator_list_new (server);
  backend = tokens_token_list_get_backend (list);
  g_assert_true (TOKENS_IS_BACKEND_V2 (backend));
  for (guint i = 0; i < n_items (list) && original_id == NULL; i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (g_str_equal (tokens_token_get_description (token), "Mixed bag"))
        original_id = g_strdup (tokens_token_get_id (token));
    }
  g_assert_nonnull (original_id);
  original = tokens_token_list_lookup (list, original_id);

  draft = tokens_backend_draft_from_token (backend, original);
  g_assert_nonnull (draft);
  g_assert_cmpint (draft->scope, ==, TOKENS_DRAFT_CUSTOM);
  g_assert_cmpstr (draft->name, ==, "Mixed bag");
  g_assert_cmpstr (draft->org_id, ==, MY_ORG);
  g_assert_cmpstr (draft->user_id, ==, GRACE_USER);
  g_assert_cmpint (draft->expires_in, ==, 0);
  /* What a grant says is a grant, to be shown as a choice. */
  g_assert_cmpuint (draft->grants->len, ==, 3);
  grant = tokens_draft_find_grant (draft, TOKENS_GRANT_BUCKET, TELEGRAF_BUCKET);
  g_assert_nonnull (grant);
  g_assert_true (grant->read && grant->write);
  grant = tokens_draft_find_grant (draft, TOKENS_GRANT_BUCKET, NULL);
  g_assert_nonnull (grant);
  g_assert_true (grant->read && !grant->write);
  g_assert_true (tokens_grant_is_all (grant));
  grant = tokens_draft_find_grant (draft, TOKENS_GRANT_RESOURCE, "dashboards");
  g_assert_nonnull (grant);
  g_assert_true (!grant->read && grant->write);
  g_assert_cmpuint (draft->extra->len, ==, 4);

  copy_name = tokens_draft_copy_name (draft->name, FALSE);
  tokens_draft_set_name (draft, copy_name);
  clone = list_create (list, draft, NULL, &secret, &error);
  g_assert_no_error (error);
  g_assert_nonnull (clone);
  clone_id = g_strdup (tokens_token_get_id (clone));
  g_assert_cmpstr (clone_id, !=, original_id);
  g_assert_cmpstr (tokens_token_get_description (clone), ==, "Mixed bag (copy)");
  g_assert_cmpstr (tokens_token_get_user_id (clone), ==, GRACE_USER);
  expected = permission_set (tokens_token_get_permissions (original));
  made = permission_set (tokens_token_get_permissions (clone));
  g_assert_cmpstr (made, ==, expected);
  g_assert_true (tokens_test_list_refresh (list, &error));
  listed = permission_set (tokens_token_get_permissions (tokens_token_list_lookup (list, clone_id)));
  g_assert_cmpstr (listed, ==, expected);
  g_clear_pointer (&secret, tokens_secret_free);

  /* An all-access token's clone is one too, for the same user. */
  ada = tokens_token_list_lookup (list, tokens_demo_server_get_id (server, "ada-all-access"));
  ada_draft = tokens_backend_draft_from_token (backend, ada);
  g_assert_nonnull (ada_draft);
  g_assert_cmpint (ada_draft->scope, ==, TOKENS_DRAFT_ALL_ACCESS);
  g_assert_cmpstr (ada_draft->user_id, ==, ADA_USER);
  ada_clone = list_create (list, ada_draft, NULL, &secret, &error);
  g_assert_no_error (error);
  g_clear_pointer (&expected, g_free);
  g_clear_pointer (&made, g_free);
  expected = permission_set (tokens_token_get_permissions (ada));
  made = permission_set (tokens_token_get_permissions (ada_clone));
  g_assert_cmpstr (made, ==, expected);
  g_assert_true (tokens_token_get_is_all_access (ada_clone));
  g_clear_pointer (&secret, tokens_secret_free);

  /* The operator token is not copied. */
  g_assert_null (tokens_backend_draft_from_token (backend,
    tokens_token_list_lookup (list, tokens_demo_server_get_id (server, "operator"))));

  tear_down (list, g_steal_pointer (&server));
}

/* ---- InfluxDB 3 Core and Enterprise ----------------------------------------- */

static void
check_named_admin (TokensDemoMode mode)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (mode);
  TokensTokenList *list = operator_list_new (server);
  g_autoptr(TokensDraft) draft = all_access_draft ("deploy-bot");
  g_autoptr(TokensDraft) expiring = all_access_draft ("deploy-bot-hourly");
  g_autoptr(TokensToken) token = NULL;
  g_autoptr(TokensToken) hourly = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  TokensTokenList *mine = NULL;
  TokensToken *listed;
  char *secret = NULL;
  char *hourly_secret = NULL;
  guint n = n_items (list);
  guint requests = tokens_demo_server_get_n_requests (server);
  gint64 lifetime;

  g_assert_cmpint (tokens_token_list_get_features (list) & TOKENS_BACKEND_CREATE_ALL, !=, 0);
  g_assert_cmpint (tokens_token_list_get_features (list) & TOKENS_BACKEND_REGENERATE, !=, 0);
  g_assert_cmpint (!!(tokens_token_list_get_features (list) & TOKENS_BACKEND_CREATE_CUSTOM), ==,
                   mode == TOKENS_DEMO_MODE_ENTERPRISE);

  token = list_create (list, draft, NULL, &secret, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tokens_demo_server_get_n_requests (server), ==, requests + 1);
  assert_created (list, server, token, secret, n);
  g_assert_true (g_str_has_prefix (secret, "apiv3_"));
  g_assert_cmpstr (tokens_token_get_id (token), ==, "deploy-bot");
  g_assert_true (tokens_token_get_is_named (token));
  g_assert_cmpstr (tokens_token_get_raw_permissions (token), ==, "*:*:*");
  g_assert_true (tokens_token_get_is_all_access (token));
  g_assert_false (tokens_token_get_is_operator (token));
  g_assert_false (tokens_token_get_is_protected (token));
  g_assert_null (tokens_token_get_expires_at (token));
  g_assert_nonnull (tokens_token_get_hash (token));
  g_assert_true (tokens_demo_server_has_token_named (server, "deploy-bot"));
  g_assert_cmpuint (tokens_token_get_order (token), ==,
                    g_ascii_strtoull (tokens_demo_server_get_id (server, "deploy-bot"), NULL, 10));

  /* The server lists it, by its hash and never its value. */
  body = raw_list (server, tokens_demo_server_get_token (server, "operator"));
  g_assert_nonnull (strstr (body, "\"deploy-bot\""));
  g_assert_null (strstr (body, secret));
  g_assert_true (tokens_test_list_refresh (list, &error));
  g_assert_no_error (error);
  listed = tokens_token_list_lookup (list, "deploy-bot");
  g_assert_nonnull (listed);
  g_assert_cmpstr (tokens_token_get_raw_permissions (listed), ==, "*:*:*");
  g_assert_cmpstr (tokens_token_get_hash (listed), ==, tokens_token_get_hash (token));
  g_assert_null (_tokens_token_get_token_value (listed));

  /* The value signs in, and the list knows it for its own. */
  mine = list_new (server, secret);
  g_assert_true (tokens_token_get_is_current (tokens_token_list_lookup (mine, "deploy-bot")));
  g_assert_cmpint (ping_product (server, secret), ==,
                   mode == TOKENS_DEMO_MODE_ENTERPRISE ? TOKENS_PRODUCT_ENTERPRISE : TOKENS_PRODUCT_CORE);

  /* With an expiry: the server's expiry is that long after its making. */
  expiring->expires_in = 3600;
  hourly = list_create (list, expiring, NULL, &hourly_secret, &error);
  g_assert_no_error (error);
  g_assert_nonnull (hourly);
  lifetime = seconds_between (tokens_token_get_created_at (hourly), tokens_token_get_expires_at (hourly));
  g_assert_cmpint (lifetime, >=, 3599);
  g_assert_cmpint (lifetime, <=, 3601);
  g_assert_true (tokens_test_list_refresh (list, &error));
  listed = tokens_token_list_lookup (list, "deploy-bot-hourly");
  lifetime = seconds_between (tokens_token_get_created_at (listed), tokens_token_get_expires_at (listed));
  g_assert_cmpint (lifetime, >=, 3599);
  g_assert_cmpint (lifetime, <=, 3601);
  g_assert_cmpint (tokens_token_get_status (listed), ==, TOKENS_TOKEN_STATUS_ACTIVE);

  tokens_secret_free (secret);
  tokens_secret_free (hourly_secret);
  tear_down (mine, NULL);
  tear_down (list, g_steal_pointer (&server));
}

static void
test_v3_named_admin (void)
{
  check_named_admin (TOKENS_DEMO_MODE_CORE);
  check_named_admin (TOKENS_DEMO_MODE_ENTERPRISE);
}

/* Enterprise's database and system token: the permissions string the
 * backend built is what the server lists. */
static void
test_v3_resource_token (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_ENTERPRISE);
  TokensTokenList *list = operator_list_new (server);
  g_autoptr(TokensDraft) draft = tokens_draft_new (TOKENS_DRAFT_CUSTOM);
  g_autoptr(TokensDraft) everything = tokens_draft_new (TOKENS_DRAFT_CUSTOM);
  g_autoptr(TokensToken) token = NULL;
  g_autoptr(TokensToken) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  TokensToken *listed;
  char *secret = NULL;
  guint n = n_items (list);
  const char *permissions = "db:sensors,logs:read,write;db:weather:read;system:health,ping:read";

  tokens_draft_set_name (draft, "ingest");
  tokens_draft_grant (draft, TOKENS_GRANT_DATABASE, "sensors", NULL, TRUE, TRUE);
  tokens_draft_grant (draft, TOKENS_GRANT_DATABASE, "weather", NULL, TRUE, FALSE);
  tokens_draft_grant (draft, TOKENS_GRANT_SYSTEM, "health", NULL, TRUE, FALSE);
  tokens_draft_grant (draft, TOKENS_GRANT_DATABASE, "logs", NULL, FALSE, TRUE);
  tokens_draft_grant (draft, TOKENS_GRANT_DATABASE, "logs", NULL, TRUE, FALSE);
  tokens_draft_grant (draft, TOKENS_GRANT_SYSTEM, "ping", NULL, TRUE, FALSE);
  tokens_draft_grant (draft, TOKENS_GRANT_DATABASE, "unticked", NULL, FALSE, FALSE);
  draft->expires_in = 86400;

  token = list_create (list, draft, NULL, &secret, &error);
  g_assert_no_error (error);
  assert_created (list, server, token, secret, n);
  g_assert_cmpstr (tokens_token_get_id (token), ==, "ingest");
  g_assert_cmpstr (tokens_token_get_raw_permissions (token), ==, permissions);
  g_assert_false (tokens_token_get_is_all_access (token));
  g_assert_nonnull (tokens_token_get_expires_at (token));
  g_assert_cmpstr (tokens_token_get_summary (token), ==,
                   "Read and write databases sensors, logs; Read database weather; "
                   "Read health, ping");

  g_assert_true (tokens_test_list_refresh (list, &error));
  listed = tokens_token_list_lookup (list, "ingest");
  g_assert_nonnull (listed);
  g_assert_cmpstr (tokens_token_get_raw_permissions (listed), ==, permissions);
  g_assert_cmpint (seconds_between (tokens_token_get_created_at (listed),
                                    tokens_token_get_expires_at (listed)), >=, 86399);
  g_assert_cmpint (seconds_between (tokens_token_get_created_at (listed),
                                    tokens_token_get_expires_at (listed)), <=, 86401);
  body = raw_list (server, tokens_demo_server_get_token (server, "operator"));
  g_assert_null (strstr (body, secret));

  /* The value signs in: /ping, which wants a token, tells the edition. */
  g_assert_cmpint (ping_product (server, secret), ==, TOKENS_PRODUCT_ENTERPRISE);
  g_assert_cmpint (ping_product (server, "apiv3_not-a-token"), !=, TOKENS_PRODUCT_ENTERPRISE);
  g_clear_pointer (&secret, tokens_secret_free);

  /* Every database and every system endpoint. */
  tokens_draft_set_name (everything, "read-everything");
  tokens_draft_grant (everything, TOKENS_GRANT_DATABASE, "*", NULL, TRUE, FALSE);
  tokens_draft_grant (everything, TOKENS_GRANT_SYSTEM, "*", NULL, TRUE, FALSE);
  reader = list_create (list, everything, NULL, &secret, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tokens_token_get_raw_permissions (reader), ==, "db:*:read;system:*:read");
  g_assert_cmpstr (tokens_token_get_summary (reader), ==,
                   "Read all databases; Read all system information");
  g_assert_true (tokens_test_list_refresh (list, &error));
  g_assert_cmpstr (tokens_token_get_raw_permissions (tokens_token_list_lookup (list, "read-everything")),
                   ==, "db:*:read;system:*:read");
  tokens_secret_free (secret);

  tear_down (list, g_steal_pointer (&server));
}

static void
test_v3_refusals (void)
{
  g_autoptr(TokensDemoServer) core = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CORE);
  g_autoptr(TokensDemoServer) enterprise = tokens_test_demo_server_new (TOKENS_DEMO_MODE_ENTERPRISE);
  TokensTokenList *core_list = operator_list_new (core);
  TokensTokenList *list = operator_list_new (enterprise);
  g_autofree char *long_name = g_strnfill (257, 'n');
  struct {
    const char *what;
    TokensDraftScope scope;
    const char *name;
    gint64 expires_in;
    TokensGrantKind kind;
    const char *grant_id;
    gboolean read;
    int code;
  } cases[] = {
    { "no name", TOKENS_DRAFT_ALL_ACCESS, NULL, 0, 0, NULL, FALSE, TOKENS_CLIENT_ERROR_INVALID },
    { "an empty name", TOKENS_DRAFT_ALL_ACCESS, "", 0, 0, NULL, FALSE, TOKENS_CLIENT_ERROR_INVALID },
    { "a blank name", TOKENS_DRAFT_ALL_ACCESS, " \t\n", 0, 0, NULL, FALSE, TOKENS_CLIENT_ERROR_INVALID },
    { "a name too long", TOKENS_DRAFT_ALL_ACCESS, long_name, 0, 0, NULL, FALSE, TOKENS_CLIENT_ERROR_INVALID },
    { "a name that is not UTF-8", TOKENS_DRAFT_ALL_ACCESS, "caf\xe9", 0, 0, NULL, FALSE,
      TOKENS_CLIENT_ERROR_INVALID },
    { "the operator's name", TOKENS_DRAFT_ALL_ACCESS, "_admin", 0, 0, NULL, FALSE,
      TOKENS_CLIENT_ERROR_CONFLICT },
    { "an expiry in the past", TOKENS_DRAFT_ALL_ACCESS, "past", -1, 0, NULL, FALSE,
      TOKENS_CLIENT_ERROR_INVALID },
    { "nothing granted", TOKENS_DRAFT_CUSTOM, "nothing", 0, 0, NULL, FALSE, TOKENS_CLIENT_ERROR_INVALID },
    { "a grant neither read nor write", TOKENS_DRAFT_CUSTOM, "unticked", 0, TOKENS_GRANT_DATABASE,
      "sensors", FALSE, TOKENS_CLIENT_ERROR_INVALID },
    { "a bucket", TOKENS_DRAFT_CUSTOM, "bucket", 0, TOKENS_GRANT_BUCKET, TELEGRAF_BUCKET, TRUE,
      TOKENS_CLIENT_ERROR_INVALID },
    { "a v2 resource type", TOKENS_DRAFT_CUSTOM, "resource", 0, TOKENS_GRANT_RESOURCE, "dashboards",
      TRUE, TOKENS_CLIENT_ERROR_INVALID },
    { "a database name with a colon", TOKENS_DRAFT_CUSTOM, "colon", 0, TOKENS_GRANT_DATABASE, "a:b",
      TRUE, TOKENS_CLIENT_ERROR_INVALID },
    { "a database name with a comma", TOKENS_DRAFT_CUSTOM, "comma", 0, TOKENS_GRANT_DATABASE, "a,b",
      TRUE, TOKENS_CLIENT_ERROR_INVALID },
    { "a database name with a semicolon", TOKENS_DRAFT_CUSTOM, "semicolon", 0, TOKENS_GRANT_DATABASE,
      "a;b", TRUE, TOKENS_CLIENT_ERROR_INVALID },
    { "a database name with a star", TOKENS_DRAFT_CUSTOM, "star", 0, TOKENS_GRANT_DATABASE, "a*", TRUE,
      TOKENS_CLIENT_ERROR_INVALID },
    { "an empty database name", TOKENS_DRAFT_CUSTOM, "empty", 0, TOKENS_GRANT_DATABASE, "", TRUE,
      TOKENS_CLIENT_ERROR_INVALID },
    { "a database without a name", TOKENS_DRAFT_CUSTOM, "null", 0, TOKENS_GRANT_DATABASE, NULL, TRUE,
      TOKENS_CLIENT_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TokensDraft) draft = tokens_draft_new (cases[i].scope);

      tokens_draft_set_name (draft, cases[i].name);
      draft->expires_in = cases[i].expires_in;
      if (cases[i].grant_id != NULL || cases[i].read)
        tokens_draft_grant (draft, cases[i].kind, cases[i].grant_id, "x", cases[i].read, FALSE);
      assert_refused (list, enterprise, cases[i].what, draft, TOKENS_CLIENT_ERROR, cases[i].code);
      if (cases[i].scope == TOKENS_DRAFT_ALL_ACCESS)
        assert_refused (core_list, core, cases[i].what, draft, TOKENS_CLIENT_ERROR, cases[i].code);
    }

  /* Core makes admin tokens only. */
  {
    g_autoptr(TokensDraft) draft = tokens_draft_new (TOKENS_DRAFT_CUSTOM);

    tokens_draft_set_name (draft, "databases-on-core");
    tokens_draft_grant (draft, TOKENS_GRANT_DATABASE, "sensors", NULL, TRUE, FALSE);
    assert_refused (core_list, core, "a resource token on Core", draft, TOKENS_CLIENT_ERROR,
                    TOKENS_CLIENT_ERROR_INVALID);
  }
  g_assert_false (tokens_demo_server_has_token_named (enterprise, "past"));

  tear_down (core_list, g_steal_pointer (&core));
  tear_down (list, g_steal_pointer (&enterprise));
}

static void
test_v3_server_refusals (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_ENTERPRISE);
  TokensTokenList *list = operator_list_new (server);
  TokensTokenList *auditor = NULL;
  TokensTokenList *doomed = NULL;
  g_autoptr(TokensDraft) taken = all_access_draft ("ops-alice");
  g_autoptr(TokensDraft) system_write = tokens_draft_new (TOKENS_DRAFT_CUSTOM);
  g_autoptr(TokensDraft) fresh = all_access_draft ("fresh");
  g_autofree char *alice = g_strdup (tokens_demo_server_get_token (server, "ops-alice"));
  g_autofree char *doomed_secret = NULL;
  GError *error;

  /* A name that is taken: 409 in the server's words, and the token of
   * that name is left as it was. */
  error = create_fails (list, server, taken, NULL);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "token name already exists"));
  g_assert_cmpstr (tokens_demo_server_get_token (server, "ops-alice"), ==, alice);
  g_clear_error (&error);
  /* So is a resource token's. */
  taken->scope = TOKENS_DRAFT_CUSTOM;
  tokens_draft_grant (taken, TOKENS_GRANT_DATABASE, "sensors", NULL, TRUE, FALSE);
  error = create_fails (list, server, taken, NULL);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_CONFLICT);
  g_clear_error (&error);

  /* A system endpoint is only ever read: 400. */
  tokens_draft_set_name (system_write, "system-writer");
  tokens_draft_grant (system_write, TOKENS_GRANT_SYSTEM, "health", NULL, TRUE, TRUE);
  error = create_fails (list, server, system_write, NULL);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID);
  g_assert_false (tokens_demo_server_has_token_named (server, "system-writer"));
  g_clear_error (&error);

  /* A resource token that may list tokens may not make them: 403. */
  auditor = list_new (server, tokens_demo_server_get_token (server, "token-auditor"));
  error = create_fails (auditor, server, fresh, NULL);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* A token deleted since the list was loaded: 401. */
  {
    g_autofree char *url = g_strconcat (tokens_demo_server_get_url (server),
                                        "/api/v3/configure/token/named_admin", NULL);
    g_autofree char *authorization =
      g_strconcat ("Bearer ", tokens_demo_server_get_token (server, "operator"), NULL);
    g_autoptr(TokensTestResponse) reply = tokens_test_raw_request ("POST", url, authorization,
      "{\"token_name\": \"doomed\", \"expiry_secs\": null}");
    g_autoptr(JsonNode) node = json_from_string (reply->body, NULL);

    g_assert_cmpuint (reply->status, ==, 201);
    doomed_secret = g_strdup (json_object_get_string_member (json_node_get_object (node), "token"));
  }
  doomed = list_new (server, doomed_secret);
  g_assert_cmpuint (operator_request (server, "DELETE", "/api/v3/configure/token?token_name=doomed",
                                      NULL), ==, 200);
  error = create_fails (doomed, server, fresh, NULL);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_false (tokens_demo_server_has_token_named (server, "fresh"));
  g_clear_error (&error);

  tear_down (doomed, NULL);
  tear_down (auditor, NULL);
  tear_down (list, g_steal_pointer (&server));
}

/* An Enterprise resource token's clone: the same permissions string, the
 * same lifetime from its own making; an admin token's clone is one too;
 * the operator token has none. */
static void
test_v3_clone (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_ENTERPRISE);
  TokensTokenList *list = NULL;
  TokensBackend *backend;
  const char *originals[] = {
    "several", "telegraf-writer", "grafana-dashboards", "etl-all-databases", "health-probe",
    "everything", "ops-alice", "contractor-bob",
  };
  guint status;

  status = operator_request (server, "POST", "/api/v3/enterprise/configure/token",
    "{\"token_name\": \"several\", \"expiry_secs\": 86400, \"permissions\": ["
    "{\"resource_type\": \"db\", \"resource_names\": [\"db1\", \"db2\"], \"actions\": [\"read\", \"write\"]},"
    "{\"resource_type\": \"db\", \"resource_names\": [\"db3\"], \"actions\": [\"write\"]},"
    "{\"resource_type\": \"system\", \"resource_names\": [\"health\", \"metrics\"], \"actions\": [\"read\"]}]}");
  g_assert_cmpuint (status, ==, 201);
  status = operator_request (server, "POST", "/api/v3/enterprise/configure/token",
    "{\"token_name\": \"everything\", \"permissions\": ["
    "{\"resource_type\": \"db\", \"resource_names\": [\"*\"], \"actions\": [\"read\", \"write\"]},"
    "{\"resource_type\": \"system\", \"resource_names\": [\"*\"], \"actions\": [\"read\"]}]}");
  g_assert_cmpuint (status, ==, 201);

  list = operator_list_new (server);
  backend = tokens_token_list_get_backend (list);
  g_assert_true (TOKENS_IS_BACKEND_V3 (backend));
  for (guint i = 0; i < G_N_ELEMENTS (originals); i++)
    {
      TokensToken *original = tokens_token_list_lookup (list, originals[i]);
      g_autoptr(TokensDraft) draft = NULL;
      g_autoptr(TokensToken) clone = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *copy_name = NULL;
      TokensToken *listed;
      char *secret = NULL;

      g_test_message ("clone of %s", originals[i]);
      g_assert_nonnull (original);
      draft = tokens_backend_draft_from_token (backend, original);
      g_assert_nonnull (draft);
      g_assert_cmpstr (draft->name, ==, originals[i]);
      g_assert_cmpint (draft->scope, ==,
                       g_str_equal (tokens_token_get_raw_permissions (original), "*:*:*")
                       ? TOKENS_DRAFT_ALL_ACCESS : TOKENS_DRAFT_CUSTOM);
      if (tokens_token_get_expires_at (original) != NULL)
        g_assert_cmpint (draft->expires_in, ==,
                         seconds_between (tokens_token_get_created_at (original),
                                          tokens_token_get_expires_at (original)));
      else
        g_assert_cmpint (draft->expires_in, ==, 0);

      copy_name = tokens_draft_copy_name (draft->name, TRUE);
      tokens_draft_set_name (draft, copy_name);
      clone = list_create (list, draft, NULL, &secret, &error);
      g_assert_no_error (error);
      g_assert_nonnull (clone);
      g_assert_cmpstr (tokens_token_get_id (clone), ==, copy_name);
      g_assert_cmpstr (tokens_token_get_raw_permissions (clone), ==,
                       tokens_token_get_raw_permissions (original));
      g_assert_cmpint (tokens_token_get_expires_at (clone) != NULL, ==,
                       tokens_token_get_expires_at (original) != NULL);

      /* What the server holds, too. */
      g_assert_true (tokens_test_list_refresh (list, &error));
      g_assert_no_error (error);
      original = tokens_token_list_lookup (list, originals[i]);
      listed = tokens_token_list_lookup (list, copy_name);
      g_assert_nonnull (listed);
      g_assert_cmpstr (tokens_token_get_raw_permissions (listed), ==,
                       tokens_token_get_raw_permissions (original));
      g_assert_cmpstr (tokens_token_get_summary (listed), ==, tokens_token_get_summary (original));
      if (draft->expires_in > 0)
        {
          gint64 lifetime = seconds_between (tokens_token_get_created_at (listed),
                                             tokens_token_get_expires_at (listed));

          g_assert_cmpint (lifetime, >=, draft->expires_in - 1);
          g_assert_cmpint (lifetime, <=, draft->expires_in + 1);
        }
      tokens_secret_free (secret);
    }
  {
    g_autoptr(TokensDraft) several =
      tokens_backend_draft_from_token (backend, tokens_token_list_lookup (list, "several"));

    g_assert_cmpint (several->expires_in, >=, 86400);
    g_assert_cmpint (several->expires_in, <=, 86401);
  }

  g_assert_null (tokens_backend_draft_from_token (backend, tokens_token_list_lookup (list, "_admin")));

  tear_down (list, g_steal_pointer (&server));
}

/* ---- Cloud Dedicated --------------------------------------------------------- */

static void
test_dedicated_token (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  TokensTokenList *list = operator_list_new (server);
  g_autoptr(TokensDraft) draft = tokens_draft_new (TOKENS_DRAFT_CUSTOM);
  g_autoptr(TokensToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  TokensToken *listed;
  char *secret = NULL;
  guint n = n_items (list);
  const char *raw = "read:sensors, write:sensors, read:weather, write:*";

  g_assert_cmpint (tokens_token_list_get_features (list) & TOKENS_BACKEND_CREATE, ==,
                   TOKENS_BACKEND_CREATE_CUSTOM);
  tokens_draft_set_name (draft, "Edge gateway");
  tokens_draft_grant (draft, TOKENS_GRANT_DATABASE, "sensors", NULL, TRUE, TRUE);
  tokens_draft_grant (draft, TOKENS_GRANT_DATABASE, "weather", NULL, TRUE, FALSE);
  tokens_draft_grant (draft, TOKENS_GRANT_DATABASE, "*", NULL, FALSE, TRUE);
  tokens_draft_grant (draft, TOKENS_GRANT_DATABASE, "unticked", NULL, FALSE, FALSE);
  draft->expires_in = 7 * 24 * 3600;

  token = list_create (list, draft, NULL, &secret, &error);
  g_assert_no_error (error);
  assert_created (list, server, token, secret, n);
  id = g_strdup (tokens_token_get_id (token));
  g_assert_true (tokens_demo_server_has_token_id (server, id));
  /* The server's value for it: a database token signs in to the
   * databases, which the fake server does not serve. */
  g_assert_cmpstr (tokens_demo_server_get_token (server, id), ==, secret);
  g_assert_cmpstr (tokens_token_get_description (token), ==, "Edge gateway");
  g_assert_cmpstr (tokens_token_get_raw_permissions (token), ==, raw);
  g_assert_cmpint (seconds_between (tokens_token_get_created_at (token),
                                    tokens_token_get_expires_at (token)), >=, 7 * 24 * 3600 - 2);
  g_assert_cmpint (seconds_between (tokens_token_get_created_at (token),
                                    tokens_token_get_expires_at (token)), <=, 7 * 24 * 3600 + 1);

  body = raw_list (server, tokens_demo_server_get_token (server, "operator"));
  g_assert_nonnull (strstr (body, id));
  g_assert_null (strstr (body, secret));
  g_assert_true (tokens_test_list_refresh (list, &error));
  g_assert_no_error (error);
  listed = tokens_token_list_lookup (list, id);
  g_assert_nonnull (listed);
  g_assert_cmpstr (tokens_token_get_raw_permissions (listed), ==, raw);
  g_assert_cmpint (tokens_token_get_status (listed), ==, TOKENS_TOKEN_STATUS_ACTIVE);
  g_assert_cmpint (seconds_between (tokens_token_get_created_at (listed),
                                    tokens_token_get_expires_at (listed)), >=, 7 * 24 * 3600 - 2);
  g_assert_cmpint (seconds_between (tokens_token_get_created_at (listed),
                                    tokens_token_get_expires_at (listed)), <=, 7 * 24 * 3600 + 1);

  /* Without expiry, the server writes none. */
  {
    g_autoptr(TokensDraft) forever = tokens_draft_new (TOKENS_DRAFT_CUSTOM);
    g_autoptr(TokensToken) made = NULL;
    char *forever_secret = NULL;

    tokens_draft_set_name (forever, "Forever");
    tokens_draft_grant (forever, TOKENS_GRANT_DATABASE, "sensors", NULL, FALSE, TRUE);
    made = list_create (list, forever, NULL, &forever_secret, &error);
    g_assert_no_error (error);
    g_assert_null (tokens_token_get_expires_at (made));
    g_assert_cmpstr (tokens_token_get_raw_permissions (made), ==, "write:sensors");
    tokens_secret_free (forever_secret);
  }

  tokens_secret_free (secret);
  tear_down (list, g_steal_pointer (&server));
}

static void
test_dedicated_refusals (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  TokensTokenList *list = operator_list_new (server);
  struct {
    const char *what;
    TokensDraftScope scope;
    const char *name;
    gint64 expires_in;
    TokensGrantKind kind;
    const char *grant_id;
    gboolean read;
  } cases[] = {
    { "all access", TOKENS_DRAFT_ALL_ACCESS, "everything", 0, 0, NULL, FALSE },
    { "no description", TOKENS_DRAFT_CUSTOM, NULL, 0, TOKENS_GRANT_DATABASE, "sensors", TRUE },
    { "a blank description", TOKENS_DRAFT_CUSTOM, "  ", 0, TOKENS_GRANT_DATABASE, "sensors", TRUE },
    { "an expiry in the past", TOKENS_DRAFT_CUSTOM, "past", -5, TOKENS_GRANT_DATABASE, "sensors", TRUE },
    { "nothing granted", TOKENS_DRAFT_CUSTOM, "nothing", 0, 0, NULL, FALSE },
    { "a grant neither read nor write", TOKENS_DRAFT_CUSTOM, "unticked", 0, TOKENS_GRANT_DATABASE,
      "sensors", FALSE },
    { "a bucket", TOKENS_DRAFT_CUSTOM, "bucket", 0, TOKENS_GRANT_BUCKET, TELEGRAF_BUCKET, TRUE },
    { "a system endpoint", TOKENS_DRAFT_CUSTOM, "system", 0, TOKENS_GRANT_SYSTEM, "health", TRUE },
    { "an empty database name", TOKENS_DRAFT_CUSTOM, "empty", 0, TOKENS_GRANT_DATABASE, "", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TokensDraft) draft = tokens_draft_new (cases[i].scope);

      tokens_draft_set_name (draft, cases[i].name);
      draft->expires_in = cases[i].expires_in;
      if (cases[i].grant_id != NULL || cases[i].read)
        tokens_draft_grant (draft, cases[i].kind, cases[i].grant_id, "x", cases[i].read, FALSE);
      assert_refused (list, server, cases[i].what, draft, TOKENS_CLIENT_ERROR,
                      TOKENS_CLIENT_ERROR_INVALID);
    }

  tear_down (list, g_steal_pointer (&server));
}

/* A Dedicated token's clone: the same permissions, the same lifetime. */
static void
test_dedicated_clone (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  TokensTokenList *list = operator_list_new (server);
  TokensBackend *backend = tokens_token_list_get_backend (list);
  const char *keys[] = { "grafana", "telegraf", "analytics", "contractor", "expired" };

  g_assert_true (TOKENS_IS_BACKEND_MANAGEMENT (backend));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      TokensToken *original = tokens_token_list_lookup (list, tokens_demo_server_get_id (server, keys[i]));
      g_autoptr(TokensDraft) draft = NULL;
      g_autoptr(TokensToken) clone = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *clone_id = NULL;
      TokensToken *listed;
      char *secret = NULL;

      g_test_message ("clone of %s", keys[i]);
      g_assert_nonnull (original);
      draft = tokens_backend_draft_from_token (backend, original);
      g_assert_nonnull (draft);
      g_assert_cmpint (draft->scope, ==, TOKENS_DRAFT_CUSTOM);
      g_assert_cmpstr (draft->name, ==, tokens_token_get_description (original));
      if (tokens_token_get_expires_at (original) != NULL)
        g_assert_cmpint (draft->expires_in, ==,
                         seconds_between (tokens_token_get_created_at (original),
                                          tokens_token_get_expires_at (original)));
      else
        g_assert_cmpint (draft->expires_in, ==, 0);

      clone = list_create (list, draft, NULL, &secret, &error);
      g_assert_no_error (error);
      g_assert_nonnull (clone);
      clone_id = g_strdup (tokens_token_get_id (clone));
      g_assert_cmpstr (clone_id, !=, tokens_token_get_id (original));
      g_assert_cmpstr (tokens_token_get_raw_permissions (clone), ==,
                       tokens_token_get_raw_permissions (original));

      g_assert_true (tokens_test_list_refresh (list, &error));
      original = tokens_token_list_lookup (list, tokens_demo_server_get_id (server, keys[i]));
      listed = tokens_token_list_lookup (list, clone_id);
      g_assert_nonnull (listed);
      g_assert_cmpstr (tokens_token_get_raw_permissions (listed), ==,
                       tokens_token_get_raw_permissions (original));
      g_assert_cmpstr (tokens_token_get_summary (listed), ==, tokens_token_get_summary (original));
      if (draft->expires_in > 0)
        {
          gint64 lifetime = seconds_between (tokens_token_get_created_at (listed),
                                             tokens_token_get_expires_at (listed));

          g_assert_cmpint (lifetime, >=, draft->expires_in - 2);
          g_assert_cmpint (lifetime, <=, draft->expires_in + 1);
        }
      else
        g_assert_null (tokens_token_get_expires_at (listed));
      tokens_secret_free (secret);
    }

  tear_down (list, g_steal_pointer (&server));
}

/* ---- Replacing ------------------------------------------------------------------ */

/* A replacement and the token it replaces are marked, across refreshes,
 * until the old one is deleted. */
static void
test_replace_v3 (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CORE);
  TokensTokenList *list = operator_list_new (server);
  TokensBackend *backend = tokens_token_list_get_backend (list);
  g_autoptr(TokensDraft) draft =
    tokens_backend_draft_from_token (backend, tokens_token_list_lookup (list, "ci-deploy"));
  g_autoptr(TokensDraft) backup =
    tokens_backend_draft_from_token (backend, tokens_token_list_lookup (list, "backup-nightly"));
  g_autoptr(TokensToken) token = NULL;
  g_autoptr(TokensToken) backup_token = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  TokensToken *old, *made;
  char *secret = NULL;
  gboolean already = TRUE;

  name = tokens_draft_replacement_name ("ci-deploy", TRUE);
  g_assert_cmpstr (name, ==, "ci-deploy-2");
  tokens_draft_set_name (draft, name);
  token = list_create (list, draft, "ci-deploy", &secret, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  old = tokens_token_list_lookup (list, "ci-deploy");
  g_assert_cmpstr (tokens_token_get_replaces (token), ==, "ci-deploy");
  g_assert_null (tokens_token_get_replaced_by (token));
  g_assert_cmpstr (tokens_token_get_replaced_by (old), ==, "ci-deploy-2");
  g_assert_null (tokens_token_get_replaces (old));
  g_assert_cmpstr (tokens_token_list_get_replacement (list, "ci-deploy"), ==, "ci-deploy-2");
  g_assert_null (tokens_token_list_get_replacement (list, "ci-deploy-2"));
  /* Nothing is done to the old one. */
  g_assert_true (tokens_demo_server_has_token_named (server, "ci-deploy"));
  g_assert_cmpstr (tokens_token_get_raw_permissions (token), ==, "*:*:*");

  /* A refresh keeps the marks. */
  g_assert_true (tokens_test_list_refresh (list, &error));
  g_assert_no_error (error);
  old = tokens_token_list_lookup (list, "ci-deploy");
  made = tokens_token_list_lookup (list, "ci-deploy-2");
  g_assert_cmpstr (tokens_token_get_replaced_by (old), ==, "ci-deploy-2");
  g_assert_cmpstr (tokens_token_get_replaces (made), ==, "ci-deploy");
  /* Others are not marked. */
  g_assert_null (tokens_token_get_replaced_by (tokens_token_list_lookup (list, "ops-alice")));
  g_assert_null (tokens_token_get_replaces (tokens_token_list_lookup (list, "ops-alice")));

  /* The old one deleted: the pair is done with. */
  g_assert_true (tokens_test_list_delete (list, "ci-deploy", &already, &error));
  g_assert_no_error (error);
  g_assert_false (already);
  made = tokens_token_list_lookup (list, "ci-deploy-2");
  g_assert_nonnull (made);
  g_assert_null (tokens_token_get_replaces (made));
  g_assert_null (tokens_token_list_get_replacement (list, "ci-deploy"));
  g_assert_true (tokens_demo_server_has_token_named (server, "ci-deploy-2"));
  g_assert_true (tokens_test_list_refresh (list, &error));
  g_assert_null (tokens_token_get_replaces (tokens_token_list_lookup (list, "ci-deploy-2")));
  g_clear_pointer (&secret, tokens_secret_free);

  /* Deleted by someone else: the next refresh is done with it too. */
  tokens_draft_set_name (backup, "backup-nightly-2");
  backup_token = list_create (list, backup, "backup-nightly", &secret, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tokens_token_get_replaces (backup_token), ==, "backup-nightly");
  g_assert_cmpuint (operator_request (server, "DELETE",
                                      "/api/v3/configure/token?token_name=backup-nightly", NULL),
                    ==, 200);
  g_assert_true (tokens_test_list_refresh (list, &error));
  g_assert_null (tokens_token_list_lookup (list, "backup-nightly"));
  made = tokens_token_list_lookup (list, "backup-nightly-2");
  g_assert_nonnull (made);
  g_assert_null (tokens_token_get_replaces (made));
  g_assert_null (tokens_token_list_get_replacement (list, "backup-nightly"));
  g_clear_pointer (&secret, tokens_secret_free);

  tear_down (list, g_steal_pointer (&server));
}

/* v2 tokens are marked by their descriptions, or by their ids where they
 * have none. */
static void
test_replace_v2 (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS_HASHED);
  TokensTokenList *list = operator_list_new (server);
  TokensBackend *backend = tokens_token_list_get_backend (list);
  /* Copies: the server frees its own when the token is deleted. */
  g_autofree char *telegraf = g_strdup (tokens_demo_server_get_id (server, "telegraf"));
  g_autofree char *undescribed = g_strdup (tokens_demo_server_get_id (server, "undescribed"));
  g_autoptr(TokensDraft) draft =
    tokens_backend_draft_from_token (backend, tokens_token_list_lookup (list, telegraf));
  g_autoptr(TokensDraft) plain =
    tokens_backend_draft_from_token (backend, tokens_token_list_lookup (list, undescribed));
  g_autoptr(TokensToken) token = NULL;
  g_autoptr(TokensToken) plain_token = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *made = NULL;
  char *secret = NULL;

  name = tokens_draft_replacement_name (draft->name, FALSE);
  tokens_draft_set_name (draft, name);
  token = list_create (list, draft, telegraf, &secret, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tokens_token_get_replaces (token), ==, "Telegraf on web-01: write to telegraf");
  g_assert_cmpstr (tokens_token_get_replaced_by (tokens_token_list_lookup (list, telegraf)), ==,
                   "Telegraf on web-01: write to telegraf (replacement)");
  g_assert_cmpstr (tokens_token_list_get_replacement (list, telegraf), ==, tokens_token_get_id (token));
  expected = permission_set (tokens_token_get_permissions (tokens_token_list_lookup (list, telegraf)));
  made = permission_set (tokens_token_get_permissions (token));
  g_assert_cmpstr (made, ==, expected);
  g_assert_true (tokens_demo_server_has_authorization (server, telegraf));
  g_clear_pointer (&secret, tokens_secret_free);

  g_clear_pointer (&plain->name, g_free);
  plain_token = list_create (list, plain, undescribed, &secret, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tokens_token_get_replaces (plain_token), ==, undescribed);
  g_assert_cmpstr (tokens_token_get_replaced_by (tokens_token_list_lookup (list, undescribed)), ==,
                   tokens_token_get_id (plain_token));
  g_clear_pointer (&secret, tokens_secret_free);

  g_assert_true (tokens_test_list_refresh (list, &error));
  g_assert_cmpstr (tokens_token_get_replaces (tokens_token_list_lookup (list, tokens_token_get_id (token))),
                   ==, "Telegraf on web-01: write to telegraf");
  g_assert_cmpstr (tokens_token_get_replaced_by (tokens_token_list_lookup (list, undescribed)), ==,
                   tokens_token_get_id (plain_token));

  g_assert_true (tokens_test_list_delete (list, telegraf, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (tokens_token_get_replaces (token));
  g_assert_null (tokens_token_list_get_replacement (list, telegraf));
  /* The other pair is not touched. */
  g_assert_cmpstr (tokens_token_get_replaces (plain_token), ==, undescribed);

  /* The replacement deleted instead: the old token is no longer marked. */
  g_assert_true (tokens_test_list_delete (list, tokens_token_get_id (plain_token), NULL, &error));
  g_assert_no_error (error);
  g_assert_null (tokens_token_get_replaced_by (tokens_token_list_lookup (list, undescribed)));
  g_assert_null (tokens_token_list_get_replacement (list, undescribed));

  tear_down (list, g_steal_pointer (&server));
}

/* A replacement that fails marks nothing and deletes nothing. */
static void
test_replace_failed (void)
{
  g_autoptr(TokensDemoServer) core = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CORE);
  g_autoptr(TokensDemoServer) oss = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS_HASHED);
  TokensTokenList *core_list = operator_list_new (core);
  TokensTokenList *oss_list = operator_list_new (oss);
  const char *telegraf = tokens_demo_server_get_id (oss, "telegraf");
  g_autoptr(TokensDraft) taken = all_access_draft ("ops-alice");
  g_autoptr(TokensDraft) unnamed = all_access_draft ("");
  g_autoptr(TokensDraft) draft = NULL;
  GError *error;
  guint requests;

  error = create_fails (core_list, core, taken, "ci-deploy");
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (tokens_demo_server_has_token_named (core, "ci-deploy"));

  requests = tokens_demo_server_get_n_requests (core);
  error = create_fails (core_list, core, unnamed, "ci-deploy");
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID);
  g_assert_cmpuint (tokens_demo_server_get_n_requests (core), ==, requests);
  g_clear_error (&error);

  draft = tokens_backend_draft_from_token (tokens_token_list_get_backend (oss_list),
                                           tokens_token_list_lookup (oss_list, telegraf));
  tokens_demo_server_inject_fault (oss, TOKENS_DEMO_FAULT_INTERNAL_ERROR, 1, 0);
  error = create_fails (oss_list, oss, draft, telegraf);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_SERVER_ERROR);
  g_clear_error (&error);
  g_assert_true (tokens_demo_server_has_authorization (oss, telegraf));
  g_assert_true (tokens_test_list_refresh (oss_list, &error));
  g_assert_null (tokens_token_get_replaced_by (tokens_token_list_lookup (oss_list, telegraf)));

  tear_down (core_list, g_steal_pointer (&core));
  tear_down (oss_list, g_steal_pointer (&oss));
}

/* ---- Regenerating ---------------------------------------------------------------- */

static void
test_regenerate (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CORE);
  g_autofree char *old = g_strdup (tokens_demo_server_get_token (server, "operator"));
  TokensTokenList *list = list_new (server, old);
  TokensTokenList *renewed = NULL;
  TokensToken *admin = tokens_token_list_lookup (list, "_admin");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) busy = NULL;
  g_autofree char *held = NULL;
  char *secret;
  char *none;
  guint n = n_items (list);

  g_assert_true (tokens_token_get_is_operator (admin));
  tokens_token_list_regenerate_async (list, "_admin", NULL, tokens_test_store_result, &result);
  /* Under way, it is busy, and another change waits for it. */
  g_assert_true (tokens_token_get_busy (admin));
  tokens_token_list_regenerate_async (list, "_admin", NULL, tokens_test_store_result, &second);
  tokens_test_wait_result (&second);
  none = tokens_token_list_regenerate_finish (list, second, &busy);
  g_assert_null (none);
  g_assert_error (busy, G_IO_ERROR, G_IO_ERROR_BUSY);
  tokens_test_wait_result (&result);
  secret = tokens_token_list_regenerate_finish (list, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (secret);
  g_assert_false (tokens_token_get_busy (admin));
  g_assert_true (g_str_has_prefix (secret, "apiv3_"));
  g_assert_cmpstr (secret, !=, old);
  held = server_value (server, "_admin");
  g_assert_cmpstr (held, ==, secret);
  /* The same token, with a new value: nothing is added. */
  g_assert_cmpuint (n_items (list), ==, n);
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (server), ==, n);

  /* The old value is refused from then on; the new one works. */
  g_assert_false (tokens_test_list_refresh (list, &error));
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  renewed = list_new (server, secret);
  g_assert_true (tokens_token_get_is_current (tokens_token_list_lookup (renewed, "_admin")));
  g_assert_cmpint (ping_product (server, secret), ==, TOKENS_PRODUCT_CORE);

  tokens_secret_free (secret);
  /* The results hold the list. */
  g_clear_object (&result);
  g_clear_object (&second);
  tear_down (renewed, NULL);
  tear_down (list, g_steal_pointer (&server));
}

/* Only the operator token is regenerated, and a refusal asks nothing. */
static void
test_regenerate_refused (void)
{
  g_autoptr(TokensDemoServer) core = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CORE);
  g_autoptr(TokensDemoServer) oss = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_autoptr(TokensDemoServer) dedicated = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  TokensTokenList *core_list = operator_list_new (core);
  TokensTokenList *oss_list = operator_list_new (oss);
  TokensTokenList *dedicated_list = operator_list_new (dedicated);
  struct {
    TokensTokenList *list;
    TokensDemoServer *server;
    const char *id;
    GQuark domain;
    int code;
  } cases[] = {
    { core_list, core, "ops-alice", G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED },
    { core_list, core, "nope", TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_NOT_FOUND },
    { oss_list, oss, tokens_demo_server_get_id (oss, "operator"), G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED },
    { dedicated_list, dedicated, tokens_demo_server_get_id (dedicated, "telegraf"), G_IO_ERROR,
      G_IO_ERROR_NOT_SUPPORTED },
  };
  g_autofree char *alice = g_strdup (tokens_demo_server_get_token (core, "ops-alice"));

  g_assert_true (tokens_token_get_is_operator (tokens_token_list_lookup (oss_list, cases[2].id)));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint requests = tokens_demo_server_get_n_requests (cases[i].server);
      g_autoptr(GError) error = NULL;
      char *secret;

      g_test_message ("regenerate %s", cases[i].id);
      secret = list_regenerate (cases[i].list, cases[i].id, &error);
      g_assert_null (secret);
      g_assert_error (error, cases[i].domain, cases[i].code);
      g_assert_cmpuint (tokens_demo_server_get_n_requests (cases[i].server), ==, requests);
      if (tokens_token_list_lookup (cases[i].list, cases[i].id) != NULL)
        g_assert_false (tokens_token_get_busy (tokens_token_list_lookup (cases[i].list, cases[i].id)));
    }
  g_assert_cmpstr (tokens_demo_server_get_token (core, "ops-alice"), ==, alice);

  tear_down (core_list, g_steal_pointer (&core));
  tear_down (oss_list, g_steal_pointer (&oss));
  tear_down (dedicated_list, g_steal_pointer (&dedicated));
}

/* ---- Broken answers ---------------------------------------------------------------- */

/* A fault in the create's answer: an error, and nothing made or added. */
static void
test_create_faults (void)
{
  const TokensDemoMode modes[] = {
    TOKENS_DEMO_MODE_OSS_HASHED, TOKENS_DEMO_MODE_ENTERPRISE, TOKENS_DEMO_MODE_DEDICATED,
  };
  struct { TokensDemoFault fault; GQuark domain; int code; } faults[] = {
    { TOKENS_DEMO_FAULT_MALFORMED_JSON, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_DEMO_FAULT_WRONG_TYPES, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_DEMO_FAULT_INVALID_UTF8, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_DEMO_FAULT_GARBAGE, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_DEMO_FAULT_TRUNCATED_BODY, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT },
    { TOKENS_DEMO_FAULT_DROP_CONNECTION, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT },
    { TOKENS_DEMO_FAULT_INTERNAL_ERROR, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_SERVER_ERROR },
    { TOKENS_DEMO_FAULT_HTML_500, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_SERVER_ERROR },
    { TOKENS_DEMO_FAULT_BAD_GATEWAY, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_SERVER_ERROR },
    /* Asked to wait longer than the client waits. */
    { TOKENS_DEMO_FAULT_UNAVAILABLE, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAVAILABLE },
    { TOKENS_DEMO_FAULT_RATE_LIMITED, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_RATE_LIMITED },
  };

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (modes[m]);
      TokensTokenList *list = operator_list_new (server);
      g_autoptr(TokensDraft) draft = NULL;

      if (modes[m] == TOKENS_DEMO_MODE_DEDICATED)
        {
          draft = tokens_draft_new (TOKENS_DRAFT_CUSTOM);
          tokens_draft_set_name (draft, "faulty");
          tokens_draft_grant (draft, TOKENS_GRANT_DATABASE, "sensors", NULL, TRUE, FALSE);
        }
      else
        {
          draft = all_access_draft ("faulty");
          draft->org_id = g_strdup (MY_ORG);
          /* The fault is for the create itself, not for asking whose the
           * operator token is. */
          if (modes[m] != TOKENS_DEMO_MODE_CORE && modes[m] != TOKENS_DEMO_MODE_ENTERPRISE)
            draft->user_id = g_strdup (tokens_demo_server_get_user_id (server, "operator"));
        }

      for (guint f = 0; f < G_N_ELEMENTS (faults); f++)
        {
          GError *error;

          g_test_message ("mode %d, fault %d", modes[m], faults[f].fault);
          tokens_demo_server_inject_fault (server, faults[f].fault, 1, 3600);
          error = create_fails (list, server, draft, NULL);
          g_assert_error (error, faults[f].domain, faults[f].code);
          g_clear_error (&error);
        }
      g_assert_false (tokens_demo_server_has_token_named (server, "faulty"));

      /* The server itself was never the matter. */
      {
        g_autoptr(TokensToken) token = NULL;
        g_autoptr(GError) error = NULL;
        char *secret = NULL;

        token = list_create (list, draft, NULL, &secret, &error);
        g_assert_no_error (error);
        g_assert_nonnull (token);
        tokens_secret_free (secret);
      }
      tear_down (list, g_steal_pointer (&server));
    }
}

/* A server that answers what the test says. */
typedef struct
{
  GMutex lock;

  /* GET /api/v2/buckets: @n_buckets, at most @page_size a page, "next"
   * while more remain (or always); page @fail_page is a 500. */
  guint n_buckets;
  guint page_size;
  gboolean always_next;
  guint fail_page;
  const char *bad_bucket;

  const char *resources_status;
  const char *resources_body;
  const char *list_body;        /* GET /api/v2/authorizations, for a list */
  const char *get_status;       /* any other GET */
  const char *get_body;
  const char *post_status;
  const char *post_body;

  char *last_post;
} Script;

#define JSON_HEADER "Content-Type: application/json\r\n"

static void
script_clear (Script *script)
{
  g_free (script->last_post);
  g_mutex_clear (&script->lock);
}

static char *
bucket_page (const Script *script,
             guint         offset,
             guint         limit)
{
  GString *out = g_string_new ("{\"links\": {\"self\": \"/api/v2/buckets\"");
  guint end = MIN (script->n_buckets, offset + MIN (limit, script->page_size));

  if (end < script->n_buckets || script->always_next)
    g_string_append_printf (out, ", \"next\": \"/api/v2/buckets?offset=%u&limit=%u\"", end, limit);
  g_string_append (out, "}, \"buckets\": [");
  for (guint i = offset; i < end; i++)
    {
      g_autofree char *name = NULL;

      if (i > offset)
        g_string_append (out, ", ");
      if (i == 0 && script->bad_bucket != NULL)
        {
          g_string_append (out, script->bad_bucket);
          continue;
        }
      /* The system buckets first, then the others backwards. */
      if (i == 0)
        name = g_strdup ("_tasks");
      else if (i == 1)
        name = g_strdup ("_monitoring");
      else
        name = g_strdup_printf ("bucket-%05u", script->n_buckets - i);
      g_string_append_printf (out, "{\"id\": \"%016" G_GINT64_MODIFIER "x\", \"type\": \"user\", "
                              "\"name\": \"%s\", \"orgID\": \"" MY_ORG "\"}",
                              G_GUINT64_CONSTANT (0x5100000000000000) + i, name);
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

static guint
query_number (const char *path,
              const char *name)
{
  const char *query = strchr (path, '?');
  g_autoptr(GHashTable) params = NULL;
  const char *value;

  if (query == NULL)
    return 0;
  params = g_uri_parse_params (query + 1, -1, "&", G_URI_PARAMS_NONE, NULL);
  value = params != NULL ? g_hash_table_lookup (params, name) : NULL;
  return value != NULL ? (guint)g_ascii_strtoull (value, NULL, 10) : 0;
}

static gboolean
answer_script (TokensHostileServer        *server,
               const TokensHostileRequest *request,
               GOutputStream              *out,
               gpointer                    user_data)
{
  Script *script = user_data;

  if (g_str_equal (request->method, "POST"))
    {
      g_mutex_lock (&script->lock);
      g_free (script->last_post);
      script->last_post = request->body != NULL
                          ? g_strndup (g_bytes_get_data (request->body, NULL),
                                       g_bytes_get_size (request->body))
                          : NULL;
      g_mutex_unlock (&script->lock);
      return tokens_hostile_answer (out, script->post_status != NULL ? script->post_status : "201 Created",
                                    JSON_HEADER, script->post_body != NULL ? script->post_body : "", -1);
    }
  if (g_str_has_prefix (request->path, "/ping"))
    return tokens_hostile_answer (out, "204 No Content",
                                  "X-Influxdb-Build: OSS\r\nX-Influxdb-Version: v2.7.11\r\n", "", 0);
  if (g_str_has_prefix (request->path, "/api/v2/authorizations"))
    return tokens_hostile_answer (out, "200 OK", JSON_HEADER, script->list_body, -1);
  if (g_str_has_prefix (request->path, "/api/v2/buckets"))
    {
      guint offset = query_number (request->path, "offset");
      guint limit = query_number (request->path, "limit");
      g_autofree char *page = NULL;

      if (script->fail_page != 0 && limit > 0 && offset / limit + 1 == script->fail_page)
        return tokens_hostile_answer (out, "500 Internal Server Error", JSON_HEADER,
                                      "{\"code\": \"internal error\", \"message\": \"boom\"}", -1);
      page = bucket_page (script, offset, limit);
      return tokens_hostile_answer (out, "200 OK", JSON_HEADER, page, -1);
    }
  if (g_str_has_prefix (request->path, "/api/v2/resources"))
    return tokens_hostile_answer (out, script->resources_status != NULL ? script->resources_status : "200 OK",
                                  JSON_HEADER, script->resources_body != NULL ? script->resources_body : "[]",
                                  -1);
  return tokens_hostile_answer (out, script->get_status != NULL ? script->get_status : "200 OK",
                                JSON_HEADER, script->get_body != NULL ? script->get_body : "[]", -1);
}

static TokensBackend *
hostile_backend (TokensHostileServer *hostile,
                 TokensProduct        product,
                 TokensClient       **client_out)
{
  g_autofree char *url = NULL;
  TokensClient *client;
  TokensBackend *backend;

  if (product == TOKENS_PRODUCT_DEDICATED)
    url = g_strconcat (tokens_hostile_server_get_url (hostile), MANAGEMENT_BASE, NULL);
  else
    url = g_strdup (tokens_hostile_server_get_url (hostile));
  client = tokens_test_client_new (url, "hostile-test-token");
  if (product != TOKENS_PRODUCT_DEDICATED)
    tokens_client_set_product (client, product);
  g_assert_cmpint (tokens_client_get_product (client), ==, product);
  backend = tokens_backend_new_for_product (client, product);
  *client_out = client;
  return backend;
}

static void
hostile_backend_free (TokensBackend *backend,
                      TokensClient  *client)
{
  g_object_unref (backend);
  tokens_test_assert_finalize_soon (client);
}

static TokensDraft *
draft_for (TokensProduct product)
{
  TokensDraft *draft;

  if (product == TOKENS_PRODUCT_OSS)
    {
      draft = tokens_draft_new (TOKENS_DRAFT_CUSTOM);
      draft->org_id = g_strdup (MY_ORG);
      draft->user_id = g_strdup (ADA_USER);
      tokens_draft_grant (draft, TOKENS_GRANT_BUCKET, TELEGRAF_BUCKET, "telegraf", TRUE, TRUE);
      tokens_draft_grant (draft, TOKENS_GRANT_RESOURCE, "dashboards", NULL, TRUE, FALSE);
    }
  else if (product == TOKENS_PRODUCT_ENTERPRISE)
    {
      draft = tokens_draft_new (TOKENS_DRAFT_CUSTOM);
      draft->expires_in = 600;
      tokens_draft_grant (draft, TOKENS_GRANT_DATABASE, "sensors", NULL, TRUE, TRUE);
      tokens_draft_grant (draft, TOKENS_GRANT_SYSTEM, "health", NULL, TRUE, FALSE);
    }
  else
    {
      draft = tokens_draft_new (TOKENS_DRAFT_CUSTOM);
      tokens_draft_grant (draft, TOKENS_GRANT_DATABASE, "sensors", NULL, FALSE, TRUE);
    }
  tokens_draft_set_name (draft, "made");
  return draft;
}

#define V2_MADE(token_member) \
  "{\"id\": \"0a00000000000009\", " token_member "\"status\": \"active\", " \
  "\"description\": \"made\", \"orgID\": \"" MY_ORG "\", \"org\": \"my-org\", " \
  "\"userID\": \"" ADA_USER "\", \"user\": \"ada\", \"permissions\": [{\"action\": \"read\", " \
  "\"resource\": {\"type\": \"buckets\", \"orgID\": \"" MY_ORG "\"}}], " \
  "\"createdAt\": \"2025-01-01T00:00:00Z\", \"updatedAt\": \"2025-01-01T00:00:00Z\"}"

#define MANAGEMENT_MADE(id_member, secret_member) \
  "{\"accountId\": \"11111111-2222-4333-8444-555555555555\", " id_member \
  "\"description\": \"made\", \"permissions\": [{\"action\": \"write\", \"resource\": \"sensors\"}], " \
  "\"createdAt\": \"2025-01-01T00:00:00Z\"" secret_member "}"

/* What a create's answer must be, byte for byte: a value, in the member
 * the API puts it, that is not a placeholder; and what the request was. */
static void
test_hostile_create_answers (void)
{
  struct {
    TokensProduct product;
    const char *status_line;
    const char *body;
    int code;   /* -1: made, with the value "the-secret" */
  } cases[] = {
    { TOKENS_PRODUCT_OSS, "201 Created", V2_MADE ("\"token\": \"the-secret\", "), -1 },
    { TOKENS_PRODUCT_OSS, "201 Created", V2_MADE ("\"token\": \"\", "),
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_OSS, "201 Created", V2_MADE ("\"token\": \"redacted\", "),
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_OSS, "201 Created", V2_MADE (""), TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_OSS, "201 Created", V2_MADE ("\"token\": 12, "), TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_OSS, "201 Created", "{\"id\": 5, \"token\": \"the-secret\"}",
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_OSS, "201 Created", "[]", TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_OSS, "201 Created", "{\"token\": \"the-sec", TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_OSS, "201 Created", "", TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_OSS, "400 Bad Request",
      "{\"code\": \"invalid\", \"message\": \"permissions are required\"}",
      TOKENS_CLIENT_ERROR_INVALID },
    { TOKENS_PRODUCT_OSS, "401 Unauthorized",
      "{\"code\": \"unauthorized\", \"message\": \"unauthorized access\"}",
      TOKENS_CLIENT_ERROR_UNAUTHORIZED },
    { TOKENS_PRODUCT_OSS, "422 Unprocessable Entity",
      "{\"code\": \"unprocessable entity\", \"message\": \"no\"}",
      TOKENS_CLIENT_ERROR_CONFLICT },

    { TOKENS_PRODUCT_ENTERPRISE, "201 Created",
      "{\"id\": 7, \"name\": \"made\", \"token\": \"the-secret\", \"hash\": \"0a1b2c3d4\", "
      "\"created_at\": \"2025-01-01T00:00:00\", \"expiry\": \"2025-01-01T00:10:00\"}", -1 },
    { TOKENS_PRODUCT_ENTERPRISE, "201 Created", "{\"token\": \"the-secret\"}", -1 },
    { TOKENS_PRODUCT_ENTERPRISE, "201 Created", "{\"id\": 7, \"name\": \"made\"}",
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_ENTERPRISE, "201 Created", "{\"id\": 7, \"name\": \"made\", \"token\": \"\"}",
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_ENTERPRISE, "201 Created", "{\"id\": 7, \"name\": \"made\", \"token\": null}",
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_ENTERPRISE, "201 Created", "{\"id\": 7, \"name\": \"made\", \"token\": 5}",
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_ENTERPRISE, "201 Created", "{\"id\": \"seven\", \"token\": \"the-secret\"}",
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_ENTERPRISE, "201 Created",
      "{\"token\": \"the-secret\", \"created_at\": \"yesterday\"}",
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_ENTERPRISE, "201 Created", "[{\"token\": \"the-secret\"}]",
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_ENTERPRISE, "201 Created", "token: the-secret", TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_ENTERPRISE, "409 Conflict", "token name already exists, made",
      TOKENS_CLIENT_ERROR_CONFLICT },
    { TOKENS_PRODUCT_ENTERPRISE, "400 Bad Request", "{\"error\": \"invalid request body\"}",
      TOKENS_CLIENT_ERROR_INVALID },
    { TOKENS_PRODUCT_ENTERPRISE, "401 Unauthorized", "{\"error\": \"the request was not authenticated\"}",
      TOKENS_CLIENT_ERROR_UNAUTHORIZED },

    { TOKENS_PRODUCT_DEDICATED, "200 OK",
      MANAGEMENT_MADE ("\"id\": \"" UUID_A "\", ", ", \"accessToken\": \"the-secret\""), -1 },
    { TOKENS_PRODUCT_DEDICATED, "200 OK", MANAGEMENT_MADE ("\"id\": \"" UUID_A "\", ", ""),
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_DEDICATED, "200 OK", MANAGEMENT_MADE ("\"id\": \"" UUID_A "\", ",
      ", \"accessToken\": \"\""),
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_DEDICATED, "200 OK", MANAGEMENT_MADE ("\"id\": \"" UUID_A "\", ",
      ", \"accessToken\": 5"),
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_DEDICATED, "200 OK", MANAGEMENT_MADE ("\"id\": \"../../accounts\", ",
      ", \"accessToken\": \"the-secret\""),
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_DEDICATED, "200 OK", MANAGEMENT_MADE ("", ", \"accessToken\": \"the-secret\""),
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_DEDICATED, "200 OK", "[]", TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { TOKENS_PRODUCT_DEDICATED, "400 Bad Request", "{\"code\": 400, \"message\": \"invalid request\"}",
      TOKENS_CLIENT_ERROR_INVALID },
    { TOKENS_PRODUCT_DEDICATED, "401 Unauthorized", "{\"code\": 401, \"message\": \"unauthorized\"}",
      TOKENS_CLIENT_ERROR_UNAUTHORIZED },
    { TOKENS_PRODUCT_DEDICATED, "409 Conflict", "{\"code\": 409, \"message\": \"conflict\"}",
      TOKENS_CLIENT_ERROR_CONFLICT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Script script = { 0 };
      TokensHostileServer *hostile = NULL;
      TokensClient *client = NULL;
      TokensBackend *backend = NULL;
      g_autoptr(TokensDraft) draft = draft_for (cases[i].product);
      g_autoptr(TokensToken) token = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) requests = NULL;
      char *secret = NULL;

      g_test_message ("case %u: %s %s", i, cases[i].status_line, cases[i].body);
      g_mutex_init (&script.lock);
      script.post_status = cases[i].status_line;
      script.post_body = cases[i].body;
      hostile = tokens_hostile_server_new (0, answer_script, &script);
      backend = hostile_backend (hostile, cases[i].product, &client);

      token = backend_create (backend, draft, &secret, &error);
      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_nonnull (token);
          g_assert_cmpstr (secret, ==, "the-secret");
          g_assert_null (_tokens_token_get_token_value (token));
          tokens_secret_free (secret);
        }
      else
        {
          g_assert_null (token);
          g_assert_null (secret);
          g_assert_error (error, TOKENS_CLIENT_ERROR, cases[i].code);
        }

      /* One request, to the API's path. */
      requests = tokens_hostile_server_dup_requests (hostile);
      g_assert_cmpuint (g_strv_length (requests), ==, 1);
      switch (cases[i].product)
        {
        case TOKENS_PRODUCT_OSS:
          g_assert_cmpstr (requests[0], ==, "POST /api/v2/authorizations");
          break;
        case TOKENS_PRODUCT_ENTERPRISE:
          g_assert_cmpstr (requests[0], ==, "POST /api/v3/enterprise/configure/token");
          break;
        case TOKENS_PRODUCT_DEDICATED:
        default:
          g_assert_cmpstr (requests[0], ==, "POST " MANAGEMENT_BASE "/tokens");
          break;
        }

      hostile_backend_free (backend, client);
      tokens_hostile_server_free (hostile);
      script_clear (&script);
    }
}

/* The bodies the backends send, member by member. */
static JsonObject *
last_post_object (Script *script)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  g_mutex_lock (&script->lock);
  g_assert_nonnull (script->last_post);
  node = json_from_string (script->last_post, NULL);
  g_mutex_unlock (&script->lock);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  object = json_object_ref (json_node_get_object (node));
  return object;
}

static char *
to_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static void
test_request_bodies (void)
{
  Script script = { 0 };
  TokensHostileServer *hostile = NULL;

  g_mutex_init (&script.lock);
  script.post_status = "400 Bad Request";
  script.post_body = "{\"code\": \"invalid\", \"message\": \"no\"}";
  hostile = tokens_hostile_server_new (0, answer_script, &script);

  /* v2: orgID, description, userID, and permissions in the grants' order. */
  {
    TokensClient *client = NULL;
    TokensBackend *backend = hostile_backend (hostile, TOKENS_PRODUCT_OSS, &client);
    g_autoptr(TokensDraft) draft = draft_for (TOKENS_PRODUCT_OSS);
    g_autoptr(TokensToken) token = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) body = NULL;
    g_autofree char *permissions = NULL;
    char *secret = NULL;

    token = backend_create (backend, draft, &secret, &error);
    g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID);
    body = last_post_object (&script);
    g_assert_cmpstr (json_object_get_string_member (body, "orgID"), ==, MY_ORG);
    g_assert_cmpstr (json_object_get_string_member (body, "userID"), ==, ADA_USER);
    g_assert_cmpstr (json_object_get_string_member (body, "description"), ==, "made");
    g_assert_false (json_object_has_member (body, "status"));
    permissions = to_json (json_object_get_member (body, "permissions"));
    g_assert_cmpstr (permissions, ==,
                     "[{\"action\":\"read\",\"resource\":{\"type\":\"buckets\",\"id\":\"" TELEGRAF_BUCKET "\",\"orgID\":\"" MY_ORG "\"}},"
                     "{\"action\":\"write\",\"resource\":{\"type\":\"buckets\",\"id\":\"" TELEGRAF_BUCKET "\",\"orgID\":\"" MY_ORG "\"}},"
                     "{\"action\":\"read\",\"resource\":{\"type\":\"dashboards\",\"orgID\":\"" MY_ORG "\"}}]");
    hostile_backend_free (backend, client);
  }

  /* InfluxDB 3 Enterprise: the name, the expiry in seconds, the
   * permissions as resource_type, resource_names and actions. */
  {
    TokensClient *client = NULL;
    TokensBackend *backend = hostile_backend (hostile, TOKENS_PRODUCT_ENTERPRISE, &client);
    g_autoptr(TokensDraft) draft = draft_for (TOKENS_PRODUCT_ENTERPRISE);
    g_autoptr(TokensDraft) admin = all_access_draft ("forever");
    g_autoptr(TokensToken) token = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) body = NULL;
    g_autoptr(JsonObject) admin_body = NULL;
    g_auto(GStrv) requests = NULL;
    g_autofree char *permissions = NULL;
    char *secret = NULL;

    token = backend_create (backend, draft, &secret, &error);
    g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID);
    g_clear_error (&error);
    body = last_post_object (&script);
    g_assert_cmpstr (json_object_get_string_member (body, "token_name"), ==, "made");
    g_assert_cmpint (json_object_get_int_member (body, "expiry_secs"), ==, 600);
    permissions = to_json (json_object_get_member (body, "permissions"));
    g_assert_cmpstr (permissions, ==,
                     "[{\"resource_type\":\"db\",\"resource_names\":[\"sensors\"],\"actions\":[\"read\",\"write\"]},"
                     "{\"resource_type\":\"system\",\"resource_names\":[\"health\"],\"actions\":[\"read\"]}]");

    /* A named admin token: no permissions, a null expiry, its own path. */
    token = backend_create (backend, admin, &secret, &error);
    g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID);
    admin_body = last_post_object (&script);
    g_assert_cmpstr (json_object_get_string_member (admin_body, "token_name"), ==, "forever");
    g_assert_true (json_object_has_member (admin_body, "expiry_secs"));
    g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (admin_body, "expiry_secs")));
    g_assert_false (json_object_has_member (admin_body, "permissions"));
    requests = tokens_hostile_server_dup_requests (hostile);
    g_assert_cmpstr (requests[g_strv_length (requests) - 1], ==,
                     "POST /api/v3/configure/token/named_admin");
    hostile_backend_free (backend, client);
  }

  /* The management API: description, permissions as action and
   * resource, expiresAt as UTC. */
  {
    TokensClient *client = NULL;
    TokensBackend *backend = hostile_backend (hostile, TOKENS_PRODUCT_DEDICATED, &client);
    g_autoptr(TokensDraft) draft = draft_for (TOKENS_PRODUCT_DEDICATED);
    g_autoptr(TokensToken) token = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) body = NULL;
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) expires = NULL;
    g_autofree char *permissions = NULL;
    char *secret = NULL;

    tokens_draft_grant (draft, TOKENS_GRANT_DATABASE, "*", NULL, TRUE, FALSE);
    draft->expires_in = 3600;
    token = backend_create (backend, draft, &secret, &error);
    g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID);
    body = last_post_object (&script);
    g_assert_cmpstr (json_object_get_string_member (body, "description"), ==, "made");
    permissions = to_json (json_object_get_member (body, "permissions"));
    g_assert_cmpstr (permissions, ==,
                     "[{\"action\":\"write\",\"resource\":\"sensors\"},"
                     "{\"action\":\"read\",\"resource\":\"*\"}]");
    g_assert_true (g_str_has_suffix (json_object_get_string_member (body, "expiresAt"), "Z"));
    expires = utc (json_object_get_string_member (body, "expiresAt"));
    g_assert_nonnull (expires);
    g_assert_cmpint (seconds_between (now, expires), >=, 3598);
    g_assert_cmpint (seconds_between (now, expires), <=, 3601);
    hostile_backend_free (backend, client);
  }

  tokens_hostile_server_free (hostile);
  script_clear (&script);
}

/* A list over a server whose create answer has no value: nothing is
 * added to the list, and the error says why. */
static void
test_hostile_list_create (void)
{
  const char *bodies[] = {
    V2_MADE ("\"token\": \"\", "),
    V2_MADE ("\"token\": \"redacted\", "),
    V2_MADE (""),
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      Script script = { 0 };
      TokensHostileServer *hostile = NULL;
      g_autoptr(TokensClient) client = NULL;
      g_autoptr(TokensDraft) draft = draft_for (TOKENS_PRODUCT_OSS);
      g_autoptr(TokensToken) token = NULL;
      g_autoptr(GError) error = NULL;
      TokensTokenList *list;
      char *secret = NULL;

      g_mutex_init (&script.lock);
      script.list_body =
        "{\"links\": {\"self\": \"/api/v2/authorizations\"}, \"authorizations\": ["
        "{\"id\": \"0a00000000000001\", \"token\": \"\", \"status\": \"active\", \"description\": \"first\","
        " \"orgID\": \"" MY_ORG "\", \"userID\": \"" ADA_USER "\", \"permissions\": [],"
        " \"createdAt\": \"2025-01-01T00:00:00Z\", \"updatedAt\": \"2025-01-01T00:00:00Z\"}]}";
      script.post_status = "201 Created";
      script.post_body = bodies[i];
      hostile = tokens_hostile_server_new (0, answer_script, &script);
      client = tokens_test_client_new (tokens_hostile_server_get_url (hostile), "hostile-test-token");
      list = tokens_token_list_new (client);
      g_assert_true (tokens_test_list_refresh (list, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n_items (list), ==, 1);

      token = list_create (list, draft, "0a00000000000001", &secret, &error);
      g_assert_null (token);
      g_assert_null (secret);
      g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);
      g_assert_cmpuint (n_items (list), ==, 1);
      g_assert_null (tokens_token_list_lookup (list, "0a00000000000009"));
      g_assert_null (tokens_token_get_replaced_by (tokens_token_list_lookup (list, "0a00000000000001")));

      g_clear_object (&client);
      tear_down (list, NULL);
      tokens_hostile_server_free (hostile);
      script_clear (&script);
    }
}

/* A regenerate's answer must hold the new value. */
static void
test_hostile_regenerate (void)
{
  struct { const char *status_line; const char *body; int code; } cases[] = {
    { "201 Created", "{\"id\": 0, \"name\": \"_admin\", \"token\": \"apiv3_new\"}", -1 },
    { "201 Created", "{\"id\": 0, \"name\": \"_admin\"}", TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { "201 Created", "{\"id\": 0, \"name\": \"_admin\", \"token\": \"\"}",
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { "201 Created", "not json", TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { "401 Unauthorized", "{\"error\": \"the request was not authenticated\"}",
      TOKENS_CLIENT_ERROR_UNAUTHORIZED },
  };
  static const char listed[] = "[{\"token_id\": 0, \"name\": \"_admin\", \"permissions\": \"*:*:*\"},"
                               " {\"token_id\": 1, \"name\": \"ops\", \"permissions\": \"*:*:*\"}]";
  g_autoptr(GBytes) list_body = g_bytes_new_static (listed, strlen (listed));
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GPtrArray) tokens = tokens_v3_token_reader_read_list (list_body, &read_error);

  g_assert_no_error (read_error);
  g_assert_true (tokens_token_get_is_operator (g_ptr_array_index (tokens, 0)));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Script script = { 0 };
      TokensHostileServer *hostile = NULL;
      TokensClient *client = NULL;
      TokensBackend *backend = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GAsyncResult) refused = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) not_operator = NULL;
      g_auto(GStrv) requests = NULL;
      char *secret;

      g_mutex_init (&script.lock);
      script.post_status = cases[i].status_line;
      script.post_body = cases[i].body;
      hostile = tokens_hostile_server_new (0, answer_script, &script);
      backend = hostile_backend (hostile, TOKENS_PRODUCT_CORE, &client);

      tokens_backend_regenerate_async (backend, g_ptr_array_index (tokens, 0), NULL,
                                       tokens_test_store_result, &result);
      tokens_test_wait_result (&result);
      secret = tokens_backend_regenerate_finish (backend, result, &error);
      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (secret, ==, "apiv3_new");
          tokens_secret_free (secret);
        }
      else
        {
          g_assert_null (secret);
          g_assert_error (error, TOKENS_CLIENT_ERROR, cases[i].code);
        }
      requests = tokens_hostile_server_dup_requests (hostile);
      g_assert_cmpuint (g_strv_length (requests), ==, 1);
      g_assert_cmpstr (requests[0], ==, "POST /api/v3/configure/token/admin/regenerate");

      /* Not the operator's: refused, and nothing more is asked. */
      tokens_backend_regenerate_async (backend, g_ptr_array_index (tokens, 1), NULL,
                                       tokens_test_store_result, &refused);
      tokens_test_wait_result (&refused);
      g_assert_null (tokens_backend_regenerate_finish (backend, refused, &not_operator));
      g_assert_error (not_operator, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_assert_cmpuint (tokens_hostile_server_get_n_requests (hostile), ==, 1);

      g_clear_object (&result);
      g_clear_object (&refused);
      hostile_backend_free (backend, client);
      tokens_hostile_server_free (hostile);
      script_clear (&script);
    }
}

/* ---- What a custom token could be given ------------------------------------------ */

static GPtrArray *
hostile_grants (Script        *script,
                TokensProduct  product,
                char        ***requests,
                GError       **error)
{
  TokensHostileServer *hostile = tokens_hostile_server_new (0, answer_script, script);
  TokensClient *client = NULL;
  TokensBackend *backend = hostile_backend (hostile, product, &client);
  GPtrArray *grants;

  grants = backend_list_grants (backend, MY_ORG, error);
  *requests = tokens_hostile_server_dup_requests (hostile);
  hostile_backend_free (backend, client);
  tokens_hostile_server_free (hostile);
  return grants;
}

static void
assert_no_grant_yet (GPtrArray *grants)
{
  for (guint i = 0; i < grants->len; i++)
    {
      TokensGrant *grant = g_ptr_array_index (grants, i);

      g_assert_false (grant->read);
      g_assert_false (grant->write);
      g_assert_nonnull (grant->name);
    }
}

/* Buckets a page of 100 at a time, as many pages as the server says: every
 * bucket once, the person's own by name and the system's after them, then
 * the resource types. */
static void
test_grants_v2_pages (void)
{
  Script script = { 0 };
  g_autoptr(GPtrArray) grants = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) requests = NULL;
  guint n_buckets = 250;
  TokensGrant *grant;

  g_mutex_init (&script.lock);
  script.n_buckets = n_buckets;
  script.page_size = 100;
  script.resources_body = "[\"authorizations\", \"buckets\", \"dashboards\", \"tasks\", \"dashboards\"]";
  grants = hostile_grants (&script, TOKENS_PRODUCT_OSS, &requests, &error);
  g_assert_no_error (error);
  g_assert_nonnull (grants);

  g_assert_cmpuint (g_strv_length (requests), ==, 4);
  g_assert_cmpstr (requests[0], ==, "GET /api/v2/buckets?orgID=" MY_ORG "&limit=100&offset=0");
  g_assert_cmpstr (requests[1], ==, "GET /api/v2/buckets?orgID=" MY_ORG "&limit=100&offset=100");
  g_assert_cmpstr (requests[2], ==, "GET /api/v2/buckets?orgID=" MY_ORG "&limit=100&offset=200");
  g_assert_cmpstr (requests[3], ==, "GET /api/v2/resources");

  /* All buckets, 250 buckets, and the resource types but buckets, once. */
  g_assert_cmpuint (grants->len, ==, 1 + n_buckets + 3);
  assert_no_grant_yet (grants);
  grant = g_ptr_array_index (grants, 0);
  g_assert_cmpint (grant->kind, ==, TOKENS_GRANT_BUCKET);
  g_assert_null (grant->id);
  g_assert_true (tokens_grant_is_all (grant));
  for (guint i = 1; i <= n_buckets - 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("bucket-%05u", i);
      g_autofree char *id = g_strdup_printf ("%016" G_GINT64_MODIFIER "x",
                                             G_GUINT64_CONSTANT (0x5100000000000000) + n_buckets - i);

      grant = g_ptr_array_index (grants, i);
      g_assert_cmpint (grant->kind, ==, TOKENS_GRANT_BUCKET);
      g_assert_cmpstr (grant->name, ==, name);
      g_assert_cmpstr (grant->id, ==, id);
    }
  g_assert_cmpstr (((TokensGrant *)g_ptr_array_index (grants, n_buckets - 1))->name, ==, "_monitoring");
  g_assert_cmpstr (((TokensGrant *)g_ptr_array_index (grants, n_buckets))->name, ==, "_tasks");
  grant = g_ptr_array_index (grants, n_buckets + 1);
  g_assert_cmpint (grant->kind, ==, TOKENS_GRANT_RESOURCE);
  g_assert_cmpstr (grant->id, ==, "authorizations");
  g_assert_cmpstr (((TokensGrant *)g_ptr_array_index (grants, n_buckets + 2))->id, ==, "dashboards");
  g_assert_cmpstr (((TokensGrant *)g_ptr_array_index (grants, n_buckets + 3))->id, ==, "tasks");

  script_clear (&script);
}

/* Paging goes on while the server says "next", a page at a time of 100,
 * however short a page is (OSS cuts a page before it drops the buckets
 * the caller may not read), and stops at the page without "next", or after
 * 100 pages of a server that always says there is more. */
static void
test_grants_v2_paging_stops (void)
{
  struct { guint n_buckets; guint page_size; gboolean always_next; guint n_pages; guint n_listed; } cases[] = {
    { 100, 100, FALSE, 1, 100 },
    { 101, 100, FALSE, 2, 101 },
    { 250, 60, FALSE, 3, 60 + 60 + 50 },
    { 0, 100, TRUE, 100, 0 },
    { 100, 100, TRUE, 100, 100 },
    { 100 * 100 + 50, 100, TRUE, 100, 100 * 100 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Script script = { 0 };
      g_autoptr(GPtrArray) grants = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) requests = NULL;
      guint n;

      g_test_message ("%u buckets, %u a page", cases[i].n_buckets, cases[i].page_size);
      g_mutex_init (&script.lock);
      script.n_buckets = cases[i].n_buckets;
      script.page_size = cases[i].page_size;
      script.always_next = cases[i].always_next;
      script.resources_body = "[\"dashboards\"]";
      grants = hostile_grants (&script, TOKENS_PRODUCT_OSS, &requests, &error);
      g_assert_no_error (error);
      n = g_strv_length (requests);
      g_assert_cmpuint (n, ==, cases[i].n_pages + 1);
      g_assert_cmpstr (requests[n - 1], ==, "GET /api/v2/resources");
      for (guint j = 0; j + 1 < n; j++)
        {
          g_autofree char *expected = g_strdup_printf ("GET /api/v2/buckets?orgID=" MY_ORG
                                                       "&limit=100&offset=%u",
                                                       j * 100);

          g_assert_cmpstr (requests[j], ==, expected);
        }
      g_assert_cmpuint (grants->len, ==, 1 + cases[i].n_listed + 1);
      script_clear (&script);
    }
}

/* What the server lists as resource types is what an all-access token is
 * given afterwards; a server that lists none has OSS 2.7's. */
static void
test_grants_v2_resources (void)
{
  Script script = { 0 };
  TokensHostileServer *hostile = NULL;
  TokensClient *client = NULL;
  TokensBackend *backend = NULL;
  g_autoptr(TokensDraft) draft = all_access_draft ("all");
  g_autoptr(GPtrArray) grants = NULL;
  g_autoptr(TokensToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *permissions = NULL;
  char *secret = NULL;

  g_mutex_init (&script.lock);
  script.n_buckets = 3;
  script.page_size = 100;
  /* instance, the setup of a new server, is held by no token. */
  script.resources_body = "[\"buckets\", \"orgs\", \"users\", \"instance\", \"dashboards\"]";
  script.post_status = "400 Bad Request";
  script.post_body = "{\"code\": \"invalid\", \"message\": \"no\"}";
  hostile = tokens_hostile_server_new (0, answer_script, &script);
  backend = hostile_backend (hostile, TOKENS_PRODUCT_OSS, &client);
  draft->org_id = g_strdup (MY_ORG);
  draft->user_id = g_strdup (ADA_USER);

  grants = backend_list_grants (backend, MY_ORG, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (grants->len, ==, 1 + 3 + 3);
  token = backend_create (backend, draft, &secret, &error);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID);
  g_clear_error (&error);
  body = last_post_object (&script);
  permissions = to_json (json_object_get_member (body, "permissions"));
  g_assert_cmpstr (permissions, ==,
                   "[{\"action\":\"read\",\"resource\":{\"type\":\"buckets\",\"orgID\":\"" MY_ORG "\"}},"
                   "{\"action\":\"write\",\"resource\":{\"type\":\"buckets\",\"orgID\":\"" MY_ORG "\"}},"
                   "{\"action\":\"read\",\"resource\":{\"type\":\"orgs\",\"id\":\"" MY_ORG "\"}},"
                   "{\"action\":\"write\",\"resource\":{\"type\":\"orgs\",\"id\":\"" MY_ORG "\"}},"
                   "{\"action\":\"read\",\"resource\":{\"type\":\"users\",\"id\":\"" ADA_USER "\"}},"
                   "{\"action\":\"write\",\"resource\":{\"type\":\"users\",\"id\":\"" ADA_USER "\"}},"
                   "{\"action\":\"read\",\"resource\":{\"type\":\"dashboards\",\"orgID\":\"" MY_ORG "\"}},"
                   "{\"action\":\"write\",\"resource\":{\"type\":\"dashboards\",\"orgID\":\"" MY_ORG "\"}}]");
  hostile_backend_free (backend, client);
  tokens_hostile_server_free (hostile);
  script_clear (&script);

  /* No /api/v2/resources (404): OSS 2.7's types, buckets first. */
  {
    Script old = { 0 };
    g_autoptr(GPtrArray) defaults = NULL;
    g_auto(GStrv) requests = NULL;

    g_mutex_init (&old.lock);
    old.n_buckets = 2;
    old.page_size = 100;
    old.resources_status = "404 Not Found";
    old.resources_body = "{\"code\": \"not found\", \"message\": \"path not found\"}";
    defaults = hostile_grants (&old, TOKENS_PRODUCT_OSS, &requests, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (defaults->len, ==, 1 + 2 + 21);
    assert_no_grant_yet (defaults);
    g_assert_cmpstr (((TokensGrant *)g_ptr_array_index (defaults, 3))->id, ==, "authorizations");
    for (guint i = 3; i < defaults->len; i++)
      {
        g_assert_cmpint (((TokensGrant *)g_ptr_array_index (defaults, i))->kind, ==, TOKENS_GRANT_RESOURCE);
        g_assert_cmpstr (((TokensGrant *)g_ptr_array_index (defaults, i))->id, !=, "buckets");
      }
    script_clear (&old);
  }
}

/* A listing that fails fails as a whole: an error, never half the choices. */
static void
test_grants_failures (void)
{
  struct {
    const char *what;
    TokensProduct product;
    guint fail_page;
    const char *bad_bucket;
    const char *resources_status;
    const char *resources_body;
    const char *get_status;
    const char *get_body;
    int code;
  } cases[] = {
    { "page 2 of 3 fails", TOKENS_PRODUCT_OSS, 2, NULL, NULL, NULL, NULL, NULL,
      TOKENS_CLIENT_ERROR_SERVER_ERROR },
    { "page 1 fails", TOKENS_PRODUCT_OSS, 1, NULL, NULL, NULL, NULL, NULL, TOKENS_CLIENT_ERROR_SERVER_ERROR },
    { "a bucket without an id", TOKENS_PRODUCT_OSS, 0, "{\"name\": \"x\"}", NULL, NULL, NULL, NULL,
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { "a bucket whose id is a number", TOKENS_PRODUCT_OSS, 0, "{\"id\": 5, \"name\": \"x\"}", NULL,
      NULL, NULL, NULL, TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { "a bucket that is not an object", TOKENS_PRODUCT_OSS, 0, "\"telegraf\"", NULL, NULL, NULL, NULL,
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { "resources fail", TOKENS_PRODUCT_OSS, 0, NULL, "500 Internal Server Error",
      "{\"code\": \"internal error\", \"message\": \"x\"}", NULL, NULL,
      TOKENS_CLIENT_ERROR_SERVER_ERROR },
    { "resources not a list", TOKENS_PRODUCT_OSS, 0, NULL, NULL, "{\"resources\": []}", NULL, NULL,
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { "a resource type not a word", TOKENS_PRODUCT_OSS, 0, NULL, NULL, "[\"dashboards\", \"../orgs\"]",
      NULL, NULL, TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { "a resource type not a string", TOKENS_PRODUCT_OSS, 0, NULL, NULL, "[\"dashboards\", 5]", NULL,
      NULL, TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { "resources not JSON", TOKENS_PRODUCT_OSS, 0, NULL, NULL, "[\"dash", NULL, NULL,
      TOKENS_CLIENT_ERROR_INVALID_RESPONSE },

    { "databases fail", TOKENS_PRODUCT_ENTERPRISE, 0, NULL, NULL, NULL, "500 Internal Server Error",
      "boom", TOKENS_CLIENT_ERROR_SERVER_ERROR },
    { "databases refused", TOKENS_PRODUCT_ENTERPRISE, 0, NULL, NULL, NULL, "401 Unauthorized",
      "{\"error\": \"no\"}", TOKENS_CLIENT_ERROR_UNAUTHORIZED },
    { "databases not a list", TOKENS_PRODUCT_ENTERPRISE, 0, NULL, NULL, NULL, NULL,
      "{\"databases\": []}", TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { "a database without a name", TOKENS_PRODUCT_ENTERPRISE, 0, NULL, NULL, NULL, NULL,
      "[{\"iox::database\": \"a\"}, {\"name\": \"b\"}]", TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { "a database called *", TOKENS_PRODUCT_ENTERPRISE, 0, NULL, NULL, NULL, NULL,
      "[{\"iox::database\": \"*\"}]", TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { "a database name with a colon", TOKENS_PRODUCT_ENTERPRISE, 0, NULL, NULL, NULL, NULL,
      "[{\"iox::database\": \"a:b\"}]", TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { "a database name with a semicolon", TOKENS_PRODUCT_ENTERPRISE, 0, NULL, NULL, NULL, NULL,
      "[{\"iox::database\": \"a;b\"}]", TOKENS_CLIENT_ERROR_INVALID_RESPONSE },

    { "management databases fail", TOKENS_PRODUCT_DEDICATED, 0, NULL, NULL, NULL,
      "500 Internal Server Error", "{\"code\": 500, \"message\": \"x\"}",
      TOKENS_CLIENT_ERROR_SERVER_ERROR },
    { "management databases not a list", TOKENS_PRODUCT_DEDICATED, 0, NULL, NULL, NULL, NULL,
      "{\"name\": \"sensors\"}", TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { "a management database with an empty name", TOKENS_PRODUCT_DEDICATED, 0, NULL, NULL, NULL, NULL,
      "[{\"name\": \"sensors\"}, {\"name\": \"\"}]", TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { "a management database with a comma", TOKENS_PRODUCT_DEDICATED, 0, NULL, NULL, NULL, NULL,
      "[{\"name\": \"a,b\"}]", TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Script script = { 0 };
      g_autoptr(GPtrArray) grants = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) requests = NULL;

      g_test_message ("listing failure: %s", cases[i].what);
      g_mutex_init (&script.lock);
      script.n_buckets = 250;
      script.page_size = 100;
      script.fail_page = cases[i].fail_page;
      script.bad_bucket = cases[i].bad_bucket;
      script.resources_status = cases[i].resources_status;
      script.resources_body = cases[i].resources_body != NULL ? cases[i].resources_body : "[\"dashboards\"]";
      script.get_status = cases[i].get_status;
      script.get_body = cases[i].get_body;
      grants = hostile_grants (&script, cases[i].product, &requests, &error);
      g_assert_null (grants);
      g_assert_error (error, TOKENS_CLIENT_ERROR, cases[i].code);
      script_clear (&script);
    }
}

/* InfluxDB 3's databases, each once, but _internal; every database and
 * the system endpoints. Core makes no such token: nothing is asked. */
static void
test_grants_v3_databases (void)
{
  Script script = { 0 };
  g_autoptr(GPtrArray) grants = NULL;
  g_autoptr(GPtrArray) core = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) requests = NULL;
  g_auto(GStrv) core_requests = NULL;
  const struct { TokensGrantKind kind; const char *id; } expected[] = {
    { TOKENS_GRANT_DATABASE, "*" },
    { TOKENS_GRANT_DATABASE, "sensors" },
    { TOKENS_GRANT_DATABASE, "weather" },
    { TOKENS_GRANT_DATABASE, "logs" },
    { TOKENS_GRANT_SYSTEM, "*" },
    { TOKENS_GRANT_SYSTEM, "health" },
    { TOKENS_GRANT_SYSTEM, "metrics" },
    { TOKENS_GRANT_SYSTEM, "ping" },
  };

  g_mutex_init (&script.lock);
  script.get_body = "[{\"iox::database\": \"sensors\"}, {\"iox::database\": \"_internal\"},"
                    " {\"iox::database\": \"weather\"}, {\"iox::database\": \"sensors\"},"
                    " {\"iox::database\": \"sensors\"}, {\"iox::database\": \"logs\", \"deleted\": false},"
                    " {\"iox::database\": \"weather\"}]";
  grants = hostile_grants (&script, TOKENS_PRODUCT_ENTERPRISE, &requests, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (requests), ==, 1);
  g_assert_cmpstr (requests[0], ==, "GET /api/v3/configure/database?format=json");
  g_assert_cmpuint (grants->len, ==, G_N_ELEMENTS (expected));
  assert_no_grant_yet (grants);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      TokensGrant *grant = g_ptr_array_index (grants, i);

      g_assert_cmpint (grant->kind, ==, expected[i].kind);
      g_assert_cmpstr (grant->id, ==, expected[i].id);
      g_assert_cmpint (tokens_grant_is_all (grant), ==, g_str_equal (expected[i].id, "*"));
    }

  core = hostile_grants (&script, TOKENS_PRODUCT_CORE, &core_requests, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (core->len, ==, 0);
  g_assert_cmpuint (g_strv_length (core_requests), ==, 0);
  script_clear (&script);
}

static void
test_grants_management_databases (void)
{
  Script script = { 0 };
  g_autoptr(GPtrArray) grants = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) requests = NULL;
  const char *expected[] = { "*", "sensors", "weather" };

  g_mutex_init (&script.lock);
  script.get_body = "[{\"accountId\": \"a\", \"clusterId\": \"c\", \"name\": \"sensors\", \"maxTables\": 500},"
                    " {\"name\": \"weather\"}, {\"name\": \"sensors\"}]";
  grants = hostile_grants (&script, TOKENS_PRODUCT_DEDICATED, &requests, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (requests), ==, 1);
  g_assert_cmpstr (requests[0], ==, "GET " MANAGEMENT_BASE "/databases");
  g_assert_cmpuint (grants->len, ==, G_N_ELEMENTS (expected));
  assert_no_grant_yet (grants);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      TokensGrant *grant = g_ptr_array_index (grants, i);

      g_assert_cmpint (grant->kind, ==, TOKENS_GRANT_DATABASE);
      g_assert_cmpstr (grant->id, ==, expected[i]);
    }
  script_clear (&script);
}

static char *
grant_ids (GPtrArray *grants,
           guint      from,
           guint      to)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = from; i < to && i < grants->len; i++)
    {
      TokensGrant *grant = g_ptr_array_index (grants, i);

      g_string_append_printf (out, "%s%s=%s", i > from ? " " : "",
                              grant->id != NULL ? grant->id : "(all)", grant->name);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The fake server's own listings, as each product answers them. */
static void
test_grants_fake_server (void)
{
  /* v2: an organization's buckets by name, its system buckets after
   * them, then every resource type but buckets and instance. */
  {
    g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS_HASHED);
    TokensTokenList *list = operator_list_new (server);
    TokensBackend *backend = tokens_token_list_get_backend (list);
    TokensToken *ada = tokens_token_list_lookup (list, tokens_demo_server_get_id (server, "ada-all-access"));
    g_autoptr(GPtrArray) grants = NULL;
    g_autoptr(GPtrArray) acme = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(TokensDraft) draft = all_access_draft ("after listing");
    g_autoptr(TokensToken) token = NULL;
    g_autofree char *buckets = NULL;
    g_autofree char *acme_buckets = NULL;
    g_autofree char *expected = NULL;
    g_autofree char *made = NULL;
    char *secret = NULL;

    grants = backend_list_grants (backend, MY_ORG, &error);
    g_assert_no_error (error);
    assert_no_grant_yet (grants);
    buckets = grant_ids (grants, 0, 8);
    g_assert_cmpstr (buckets, ==,
                     "(all)=All buckets 51e2a3b4c5d6e7f1=ci-metrics 51e2a3b4c5d6e7f3=home "
                     "51e2a3b4c5d6e7f2=sensors 51e2a3b4c5d6e7f0=telegraf 51e2a3b4c5d6e7f6=weather "
                     "0e4a6c8d2b1f3a50=_monitoring 0e4a6c8d2b1f3a51=_tasks");
    g_assert_cmpuint (grants->len, ==, 8 + 21);
    for (guint i = 8; i < grants->len; i++)
      {
        TokensGrant *grant = g_ptr_array_index (grants, i);

        g_assert_cmpint (grant->kind, ==, TOKENS_GRANT_RESOURCE);
        g_assert_cmpstr (grant->id, !=, "buckets");
        g_assert_cmpstr (grant->id, !=, "instance");
      }
    g_assert_cmpstr (((TokensGrant *)g_ptr_array_index (grants, 8))->id, ==, "authorizations");

    acme = backend_list_grants (backend, ACME_ORG, &error);
    g_assert_no_error (error);
    acme_buckets = grant_ids (acme, 0, 5);
    g_assert_cmpstr (acme_buckets, ==,
                     "(all)=All buckets 51e2a3b4c5d6e7f4=experiments 51e2a3b4c5d6e7f5=lab-notebooks "
                     "0e4a6c8d2b1f3a52=_monitoring 0e4a6c8d2b1f3a53=_tasks");

    /* The types listed are what an all-access token is given: still as
     * the server's own all-access token, without instance. */
    draft->org_id = g_strdup (MY_ORG);
    draft->user_id = g_strdup (ADA_USER);
    token = list_create (list, draft, NULL, &secret, &error);
    g_assert_no_error (error);
    expected = permission_set (tokens_token_get_permissions (ada));
    made = permission_set (tokens_token_get_permissions (token));
    g_assert_cmpstr (made, ==, expected);
    tokens_secret_free (secret);
    tear_down (list, g_steal_pointer (&server));
  }

  /* InfluxDB 3 Enterprise: its databases but _internal, then the system
   * endpoints; Core is asked nothing. */
  {
    g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_ENTERPRISE);
    g_autoptr(TokensDemoServer) core = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CORE);
    TokensTokenList *list = operator_list_new (server);
    TokensTokenList *core_list = operator_list_new (core);
    g_autoptr(GPtrArray) grants = NULL;
    g_autoptr(GPtrArray) none = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *ids = NULL;
    guint requests = tokens_demo_server_get_n_requests (core);

    grants = backend_list_grants (tokens_token_list_get_backend (list), NULL, &error);
    g_assert_no_error (error);
    assert_no_grant_yet (grants);
    ids = grant_ids (grants, 0, grants->len);
    g_assert_cmpstr (ids, ==,
                     "*=All databases db1=db1 db2=db2 db3=db3 logs=logs sensors=sensors "
                     "telegraf=telegraf weather=weather *=All system endpoints health=health "
                     "metrics=metrics ping=ping");
    none = backend_list_grants (tokens_token_list_get_backend (core_list), NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpuint (tokens_demo_server_get_n_requests (core), ==, requests);
    tear_down (core_list, g_steal_pointer (&core));
    tear_down (list, g_steal_pointer (&server));
  }

  /* Cloud Dedicated: every database, then the cluster's. */
  {
    g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
    TokensTokenList *list = operator_list_new (server);
    g_autoptr(GPtrArray) grants = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *ids = NULL;

    grants = backend_list_grants (tokens_token_list_get_backend (list), NULL, &error);
    g_assert_no_error (error);
    assert_no_grant_yet (grants);
    ids = grant_ids (grants, 0, grants->len);
    g_assert_cmpstr (ids, ==, "*=All databases sensors=sensors weather=weather telemetry=telemetry");
    tear_down (list, g_steal_pointer (&server));
  }
}

/* A listing refused before any request: an organization that is not an id. */
static void
test_grants_refused (void)
{
  Script script = { 0 };
  TokensHostileServer *hostile = NULL;
  TokensClient *client = NULL;
  TokensBackend *backend = NULL;
  const char *orgs[] = { NULL, "", "my-org", "9a51c3d2b4e60f17&limit=1", "0000000000000000" };

  g_mutex_init (&script.lock);
  hostile = tokens_hostile_server_new (0, answer_script, &script);
  backend = hostile_backend (hostile, TOKENS_PRODUCT_OSS, &client);
  for (guint i = 0; i < G_N_ELEMENTS (orgs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) grants = backend_list_grants (backend, orgs[i], &error);

      g_assert_null (grants);
      g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_ID);
    }
  g_assert_cmpuint (tokens_hostile_server_get_n_requests (hostile), ==, 0);
  hostile_backend_free (backend, client);
  tokens_hostile_server_free (hostile);
  script_clear (&script);
}

/* The fake server's faults in a listing: an error, not a partial list. */
static void
test_grants_faults (void)
{
  const TokensDemoMode modes[] = {
    TOKENS_DEMO_MODE_OSS_HASHED, TOKENS_DEMO_MODE_ENTERPRISE, TOKENS_DEMO_MODE_DEDICATED,
  };
  const TokensDemoFault faults[] = {
    TOKENS_DEMO_FAULT_MALFORMED_JSON, TOKENS_DEMO_FAULT_WRONG_TYPES, TOKENS_DEMO_FAULT_INVALID_UTF8,
    TOKENS_DEMO_FAULT_INTERNAL_ERROR, TOKENS_DEMO_FAULT_HTML_500, TOKENS_DEMO_FAULT_TRUNCATED_BODY,
  };

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (modes[m]);
      TokensTokenList *list = operator_list_new (server);
      TokensBackend *backend = tokens_token_list_get_backend (list);

      for (guint f = 0; f < G_N_ELEMENTS (faults); f++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) grants = NULL;

          g_test_message ("mode %d, fault %d", modes[m], faults[f]);
          tokens_demo_server_inject_fault (server, faults[f], G_MAXUINT, 0);
          grants = backend_list_grants (backend, MY_ORG, &error);
          g_assert_null (grants);
          g_assert_nonnull (error);
          tokens_demo_server_inject_fault (server, TOKENS_DEMO_FAULT_NONE, 0, 0);
        }
      tear_down (list, g_steal_pointer (&server));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/tokens/create/names", test_names);
  g_test_add_func ("/tokens/create/v2/all-access", test_v2_all_access);
  g_test_add_func ("/tokens/create/v2/all-access-for-me", test_v2_all_access_for_me);
  g_test_add_func ("/tokens/create/v2/custom", test_v2_custom);
  g_test_add_func ("/tokens/create/v2/refusals", test_v2_refusals);
  g_test_add_func ("/tokens/create/v2/server-refusals", test_v2_server_refusals);
  g_test_add_func ("/tokens/create/v2/clone", test_v2_clone);
  g_test_add_func ("/tokens/create/v3/named-admin", test_v3_named_admin);
  g_test_add_func ("/tokens/create/v3/resource-token", test_v3_resource_token);
  g_test_add_func ("/tokens/create/v3/refusals", test_v3_refusals);
  g_test_add_func ("/tokens/create/v3/server-refusals", test_v3_server_refusals);
  g_test_add_func ("/tokens/create/v3/clone", test_v3_clone);
  g_test_add_func ("/tokens/create/dedicated/token", test_dedicated_token);
  g_test_add_func ("/tokens/create/dedicated/refusals", test_dedicated_refusals);
  g_test_add_func ("/tokens/create/dedicated/clone", test_dedicated_clone);
  g_test_add_func ("/tokens/create/replace/v3", test_replace_v3);
  g_test_add_func ("/tokens/create/replace/v2", test_replace_v2);
  g_test_add_func ("/tokens/create/replace/failed", test_replace_failed);
  g_test_add_func ("/tokens/create/regenerate", test_regenerate);
  g_test_add_func ("/tokens/create/regenerate-refused", test_regenerate_refused);
  g_test_add_func ("/tokens/create/faults", test_create_faults);
  g_test_add_func ("/tokens/create/hostile-answers", test_hostile_create_answers);
  g_test_add_func ("/tokens/create/request-bodies", test_request_bodies);
  g_test_add_func ("/tokens/create/hostile-list", test_hostile_list_create);
  g_test_add_func ("/tokens/create/hostile-regenerate", test_hostile_regenerate);
  g_test_add_func ("/tokens/create/grants/v2-pages", test_grants_v2_pages);
  g_test_add_func ("/tokens/create/grants/v2-paging-stops", test_grants_v2_paging_stops);
  g_test_add_func ("/tokens/create/grants/v2-resources", test_grants_v2_resources);
  g_test_add_func ("/tokens/create/grants/failures", test_grants_failures);
  g_test_add_func ("/tokens/create/grants/v3-databases", test_grants_v3_databases);
  g_test_add_func ("/tokens/create/grants/management-databases", test_grants_management_databases);
  g_test_add_func ("/tokens/create/grants/fake-server", test_grants_fake_server);
  g_test_add_func ("/tokens/create/grants/refused", test_grants_refused);
  g_test_add_func ("/tokens/create/grants/faults", test_grants_faults);

  return g_test_run ();
}
