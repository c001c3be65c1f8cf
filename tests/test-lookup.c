/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-demo-server-testing.h"
#include "tokens-lookup.h"
#include "tokens-secret-store.h"
#include "tokens-test-utils.h"
#include "tokens-token-list.h"

#include <string.h>

/*
 * "Which token is this?" for every product, against the fake server over
 * real HTTP, through a TokensTokenList as the window asks: found, several
 * matches on an InfluxDB 3 hash prefix, not found, and the products that
 * cannot tell (with whether the string still works, where that can be
 * learnt). Where the product lets the app compare on its own, the string
 * must not be sent at all: the fake server's request counter says so.
 */

static TokensTokenList *
list_new (TokensDemoServer *server,
          const char       *key)
{
  g_autoptr(TokensClient) client =
    tokens_test_client_new (tokens_demo_server_get_url (server),
                            tokens_demo_server_get_token (server, key));
  g_autoptr(GError) error = NULL;
  TokensTokenList *list = tokens_token_list_new (client);

  g_assert_true (tokens_test_list_refresh (list, &error));
  g_assert_no_error (error);
  return list;
}

static TokensLookup *
find (TokensTokenList *list,
      const char      *secret,
      GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_token_list_find_secret_async (list, secret, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_token_list_find_secret_finish (list, result, error);
}

static void
tear_down (TokensTokenList  *list,
           TokensDemoServer *server)
{
  tokens_test_iterate (50);
  tokens_test_assert_finalize_soon (list);
  tokens_test_assert_finalize_soon (server);
}

/* The key a seeded token is listed by: InfluxDB 3 lists tokens by name. */
static const char *
listed_id (TokensDemoServer *server,
           const char       *key)
{
  switch (tokens_demo_server_get_mode (server))
    {
    case TOKENS_DEMO_MODE_CORE:
    case TOKENS_DEMO_MODE_ENTERPRISE:
      return g_str_equal (key, "operator") ? "_admin" : key;
    default:
      return tokens_demo_server_get_id (server, key);
    }
}

/* The one match, and that it is the list's own object for the seeded token. */
static void
assert_found (TokensLookup     *lookup,
              TokensTokenList  *list,
              TokensDemoServer *server,
              const char       *key)
{
  GPtrArray *matches = tokens_lookup_get_matches (lookup);
  const char *id = listed_id (server, key);

  g_assert_cmpint (tokens_lookup_get_answer (lookup), ==, TOKENS_LOOKUP_FOUND);
  g_assert_cmpuint (matches->len, ==, 1);
  g_assert_nonnull (id);
  g_assert_cmpstr (tokens_token_get_id (g_ptr_array_index (matches, 0)), ==, id);
  g_assert_true (g_ptr_array_index (matches, 0) == tokens_token_list_lookup (list, id));
}

/* ---- OSS 2.8 and older: the list's own values ---------------------------- */

static void
test_oss_found_by_value (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_autoptr(TokensTokenList) list = list_new (server, "operator");
  g_autoptr(TokensLookup) lookup = NULL;
  g_autoptr(GError) error = NULL;
  guint before = tokens_demo_server_get_n_requests (server);

  lookup = find (list, tokens_demo_server_get_token (server, "leaked"), &error);
  g_assert_no_error (error);
  assert_found (lookup, list, server, "leaked");
  g_assert_cmpint (tokens_lookup_get_method (lookup), ==, TOKENS_LOOKUP_BY_VALUE);
  g_assert_cmpuint (tokens_lookup_get_n_searched (lookup), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (list)));
  /* Compared here: the string went nowhere. */
  g_assert_cmpuint (tokens_demo_server_get_n_requests (server), ==, before);

  tear_down (g_steal_pointer (&list), g_steal_pointer (&server));
}

static void
test_oss_not_found (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_autoptr(TokensTokenList) list = list_new (server, "operator");
  g_autoptr(TokensLookup) lookup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *near = g_strdup (tokens_demo_server_get_token (server, "leaked"));
  guint before = tokens_demo_server_get_n_requests (server);

  /* One character off, and one longer: neither is the token. */
  near[strlen (near) - 1] ^= 1;
  lookup = find (list, near, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tokens_lookup_get_answer (lookup), ==, TOKENS_LOOKUP_NOT_FOUND);
  g_assert_cmpuint (tokens_lookup_get_matches (lookup)->len, ==, 0);
  g_clear_object (&lookup);

  g_free (near);
  near = g_strconcat (tokens_demo_server_get_token (server, "leaked"), "x", NULL);
  lookup = find (list, near, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tokens_lookup_get_answer (lookup), ==, TOKENS_LOOKUP_NOT_FOUND);
  g_assert_cmpuint (tokens_demo_server_get_n_requests (server), ==, before);

  tear_down (g_steal_pointer (&list), g_steal_pointer (&server));
}

/* ---- OSS 2.9 and newer: cannot tell; whether it works, and whose -------- */

static void
test_oss_hashed_cannot_tell_works (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS_HASHED);
  g_autoptr(TokensTokenList) list = list_new (server, "operator");
  g_autoptr(TokensLookup) lookup = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *candidates;
  guint n_grace = 0;

  lookup = find (list, tokens_demo_server_get_token (server, "leaked"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (tokens_lookup_get_answer (lookup), ==, TOKENS_LOOKUP_CANNOT_TELL);
  g_assert_cmpuint (tokens_lookup_get_matches (lookup)->len, ==, 0);
  g_assert_cmpint (tokens_lookup_get_validity (lookup), ==, TOKENS_LOOKUP_WORKS);
  g_assert_cmpstr (tokens_lookup_get_user_id (lookup), ==,
                   tokens_demo_server_get_user_id (server, "leaked"));
  g_assert_cmpstr (tokens_lookup_get_user (lookup), ==, "grace");

  /* It is one of grace's active tokens, each the list's own object. */
  candidates = tokens_lookup_get_candidates (lookup);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (g_strcmp0 (tokens_token_get_user (token), "grace") == 0 &&
          tokens_token_get_active (token))
        {
          n_grace++;
          g_assert_true (g_ptr_array_find (candidates, token, NULL));
        }
    }
  g_assert_cmpuint (n_grace, >=, 2);
  g_assert_cmpuint (candidates->len, ==, n_grace);
  g_assert_true (g_ptr_array_find_with_equal_func (candidates,
                                                   tokens_token_list_lookup (list,
                                                     tokens_demo_server_get_id (server, "leaked")),
                                                   NULL, NULL));

  tear_down (g_steal_pointer (&list), g_steal_pointer (&server));
}

static void
test_oss_hashed_refused (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS_HASHED);
  g_autoptr(TokensTokenList) list = list_new (server, "operator");
  g_autoptr(TokensLookup) lookup = NULL;
  g_autoptr(GError) error = NULL;

  GPtrArray *candidates;

  /* An inactive token's string gets 401 "token is inactive": it is one of
   * the inactive tokens. */
  lookup = find (list, tokens_demo_server_get_token (server, "inactive"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (tokens_lookup_get_answer (lookup), ==, TOKENS_LOOKUP_CANNOT_TELL);
  g_assert_cmpint (tokens_lookup_get_validity (lookup), ==, TOKENS_LOOKUP_INACTIVE);
  g_assert_null (tokens_lookup_get_user_id (lookup));
  candidates = tokens_lookup_get_candidates (lookup);
  g_assert_cmpuint (candidates->len, >=, 1);
  for (guint i = 0; i < candidates->len; i++)
    g_assert_false (tokens_token_get_active (g_ptr_array_index (candidates, i)));
  g_assert_true (g_ptr_array_find (candidates,
                                   tokens_token_list_lookup (list,
                                     tokens_demo_server_get_id (server, "inactive")), NULL));
  g_clear_object (&lookup);

  /* One the server does not know: deleted, or never its own. */
  lookup = find (list, "not-a-token-of-this-server", &error);
  g_assert_no_error (error);
  g_assert_cmpint (tokens_lookup_get_answer (lookup), ==, TOKENS_LOOKUP_CANNOT_TELL);
  g_assert_cmpint (tokens_lookup_get_validity (lookup), ==, TOKENS_LOOKUP_REFUSED);
  g_assert_cmpuint (tokens_lookup_get_candidates (lookup)->len, ==, 0);

  tear_down (g_steal_pointer (&list), g_steal_pointer (&server));
}

/* The string could not be tried: an error, never "it does not work". */
static void
test_oss_hashed_server_fails (void)
{
  const TokensDemoFault faults[] = {
    TOKENS_DEMO_FAULT_INTERNAL_ERROR, TOKENS_DEMO_FAULT_HTML_500, TOKENS_DEMO_FAULT_MALFORMED_JSON,
    TOKENS_DEMO_FAULT_WRONG_TYPES, TOKENS_DEMO_FAULT_DROP_CONNECTION,
  };

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS_HASHED);
      g_autoptr(TokensTokenList) list = list_new (server, "operator");
      g_autoptr(TokensLookup) lookup = NULL;
      g_autoptr(GError) error = NULL;

      tokens_demo_server_inject_fault (server, faults[i], 1, 0);
      lookup = find (list, tokens_demo_server_get_token (server, "leaked"), &error);
      g_assert_null (lookup);
      g_assert_nonnull (error);
          g_assert_false (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAUTHORIZED));
      tear_down (g_steal_pointer (&list), g_steal_pointer (&server));
    }
}

/* ---- Cloud: ?token= ----------------------------------------------------- */

static void
test_cloud_found_by_server (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CLOUD);
  g_autoptr(TokensTokenList) list = list_new (server, "operator");
  g_autoptr(TokensLookup) lookup = NULL;
  g_autoptr(GError) error = NULL;

  lookup = find (list, tokens_demo_server_get_token (server, "leaked"), &error);
  g_assert_no_error (error);
  assert_found (lookup, list, server, "leaked");
  g_assert_cmpint (tokens_lookup_get_method (lookup), ==, TOKENS_LOOKUP_BY_SERVER);
  g_clear_object (&lookup);

  lookup = find (list, "x9Q-not-a-token-of-this-server==", &error);
  g_assert_no_error (error);
  g_assert_cmpint (tokens_lookup_get_answer (lookup), ==, TOKENS_LOOKUP_NOT_FOUND);
  g_assert_cmpuint (tokens_lookup_get_matches (lookup)->len, ==, 0);

  tear_down (g_steal_pointer (&list), g_steal_pointer (&server));
}

static void
test_cloud_server_fails (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CLOUD);
  g_autoptr(TokensTokenList) list = list_new (server, "operator");
  g_autoptr(TokensLookup) lookup = NULL;
  g_autoptr(GError) error = NULL;

  tokens_demo_server_inject_fault (server, TOKENS_DEMO_FAULT_BAD_GATEWAY, 1, 0);
  lookup = find (list, tokens_demo_server_get_token (server, "leaked"), &error);
  g_assert_null (lookup);
  g_assert_nonnull (error);

  tear_down (g_steal_pointer (&list), g_steal_pointer (&server));
}

/* ---- InfluxDB 3: the hash prefix ---------------------------------------- */

static void
test_v3_found_by_hash (gconstpointer data)
{
  TokensDemoMode mode = GPOINTER_TO_INT (data);
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (mode);
  g_autoptr(TokensTokenList) list = list_new (server, "ops-alice");
  g_autoptr(TokensLookup) lookup = NULL;
  g_autoptr(GError) error = NULL;
  guint before = tokens_demo_server_get_n_requests (server);

  lookup = find (list, tokens_demo_server_get_token (server, "ci-deploy"), &error);
  g_assert_no_error (error);
  assert_found (lookup, list, server, "ci-deploy");
  g_assert_cmpint (tokens_lookup_get_method (lookup), ==, TOKENS_LOOKUP_BY_HASH);
  g_assert_cmpuint (tokens_lookup_get_n_searched (lookup), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (list)));
  g_clear_object (&lookup);

  /* The operator token too, though it can never be deleted. */
  lookup = find (list, tokens_demo_server_get_token (server, "operator"), &error);
  g_assert_no_error (error);
  assert_found (lookup, list, server, "operator");
  g_clear_object (&lookup);

  lookup = find (list, "apiv3_not-a-token-of-this-server", &error);
  g_assert_no_error (error);
  g_assert_cmpint (tokens_lookup_get_answer (lookup), ==, TOKENS_LOOKUP_NOT_FOUND);
  g_assert_cmpuint (tokens_lookup_get_matches (lookup)->len, ==, 0);

  /* Hashed here: the string went nowhere. */
  g_assert_cmpuint (tokens_demo_server_get_n_requests (server), ==, before);

  tear_down (g_steal_pointer (&list), g_steal_pointer (&server));
}

static void
test_v3_prefix_collision (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CORE);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA512,
    tokens_demo_server_get_token (server, "ci-deploy"), -1);
  g_autoptr(TokensTokenList) list = NULL;
  g_autoptr(TokensLookup) lookup = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *matches;
  gboolean ci = FALSE, backup = FALSE;

  /* backup-nightly's listed prefix is now ci-deploy's, in capitals. */
  hash[9] = '\0';
  tokens_demo_server_set_listed_hash (server, "backup-nightly", g_ascii_strup (hash, -1));
  list = list_new (server, "ops-alice");

  lookup = find (list, tokens_demo_server_get_token (server, "ci-deploy"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (tokens_lookup_get_answer (lookup), ==, TOKENS_LOOKUP_FOUND);
  matches = tokens_lookup_get_matches (lookup);
  g_assert_cmpuint (matches->len, ==, 2);
  for (guint i = 0; i < matches->len; i++)
    {
      const char *id = tokens_token_get_id (g_ptr_array_index (matches, i));

      ci |= g_strcmp0 (id, "ci-deploy") == 0;
      backup |= g_strcmp0 (id, "backup-nightly") == 0;
    }
  g_assert_true (ci && backup);

  tear_down (g_steal_pointer (&list), g_steal_pointer (&server));
}

/* A listed hash shorter than nine digits says too little to match on. */
static void
test_v3_short_hash_ignored (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CORE);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA512,
    tokens_demo_server_get_token (server, "ci-deploy"), -1);
  g_autoptr(TokensTokenList) list = NULL;
  g_autoptr(TokensLookup) lookup = NULL;
  g_autoptr(GError) error = NULL;

  hash[8] = '\0';
  tokens_demo_server_set_listed_hash (server, "ci-deploy", hash);
  list = list_new (server, "ops-alice");
  lookup = find (list, tokens_demo_server_get_token (server, "ci-deploy"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (tokens_lookup_get_answer (lookup), ==, TOKENS_LOOKUP_NOT_FOUND);

  tear_down (g_steal_pointer (&list), g_steal_pointer (&server));
}

/* ---- Products that cannot tell ------------------------------------------ */

static void
test_dedicated_cannot_tell (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  g_autoptr(TokensTokenList) list = list_new (server, "operator");
  g_autoptr(TokensLookup) lookup = NULL;
  g_autoptr(GError) error = NULL;
  guint before = tokens_demo_server_get_n_requests (server);

  lookup = find (list, "a-database-token-string", &error);
  g_assert_no_error (error);
  g_assert_cmpint (tokens_lookup_get_answer (lookup), ==, TOKENS_LOOKUP_CANNOT_TELL);
  g_assert_cmpint (tokens_lookup_get_method (lookup), ==, TOKENS_LOOKUP_BY_NOTHING);
  g_assert_cmpint (tokens_lookup_get_validity (lookup), ==, TOKENS_LOOKUP_NOT_TRIED);
  g_assert_cmpuint (tokens_lookup_get_matches (lookup)->len, ==, 0);
  /* The management API takes no database token: it is not sent there. */
  g_assert_cmpuint (tokens_demo_server_get_n_requests (server), ==, before);

  tear_down (g_steal_pointer (&list), g_steal_pointer (&server));
}

static void
test_list_not_loaded (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_autoptr(TokensClient) client =
    tokens_test_client_new (tokens_demo_server_get_url (server),
                            tokens_demo_server_get_token (server, "operator"));
  g_autoptr(TokensTokenList) list = tokens_token_list_new (client);
  g_autoptr(TokensLookup) lookup = NULL;
  g_autoptr(GError) error = NULL;

  lookup = find (list, "anything", &error);
  g_assert_null (lookup);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);

  g_assert_true (tokens_test_list_refresh (list, &error));
  lookup = find (list, "", &error);
  g_assert_null (lookup);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  tear_down (g_steal_pointer (&list), g_steal_pointer (&server));
}

/* ---- What was pasted, and how it is shown back ---------------------------- */

static void
test_clean_secret (void)
{
  const struct
  {
    const char *pasted;
    const char *secret;
  } cases[] = {
    { "abc123==", "abc123==" },
    { "  abc123==\n", "abc123==" },
    { "Token abc123==", "abc123==" },
    { "Authorization: Token abc123==", "abc123==" },
    { "authorization:bearer   apiv3_xyz", "apiv3_xyz" },
    { "Bearer apiv3_xyz\r\n", "apiv3_xyz" },
    { "\"abc123==\"", "abc123==" },
    { "'apiv3_xyz'", "apiv3_xyz" },
    { "\"abc", "\"abc" },
    { "Tokenabc", "Tokenabc" },
    { "", NULL },
    { "   \t\n", NULL },
    { "Token ", NULL },
    { "\"\"", NULL },
    { "two words", NULL },
    { "tab\tinside", NULL },
    { "bell\ainside", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char *secret = tokens_lookup_clean_secret (cases[i].pasted);

      g_assert_cmpstr (secret, ==, cases[i].secret);
      tokens_secret_free (secret);
    }
}

static void
test_mask_secret (void)
{
  const struct
  {
    const char *secret;
    const char *masked;
  } cases[] = {
    { "apiv3_abcdefghijklmnopqrstuvwxyz", "apiv3_abcd…" },
    { "apiv3_abcdefgh", "apiv3_ab…" },
    { "apiv3_", "apiv3_…" },
    { "0123456789abcdef0123456789abcdef", "0123…" },
    { "0123456", "0…" },
    { "abc", "…" },
    { "", "…" },
    /* Not cut inside a character. */
    { "é€abcdefghij", "é…" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = tokens_lookup_mask_secret (cases[i].secret);

      g_assert_cmpstr (masked, ==, cases[i].masked);
      g_assert_true (g_utf8_validate (masked, -1, NULL));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/lookup/oss/found-by-value", test_oss_found_by_value);
  g_test_add_func ("/lookup/oss/not-found", test_oss_not_found);
  g_test_add_func ("/lookup/oss-hashed/cannot-tell-works", test_oss_hashed_cannot_tell_works);
  g_test_add_func ("/lookup/oss-hashed/refused", test_oss_hashed_refused);
  g_test_add_func ("/lookup/oss-hashed/server-fails", test_oss_hashed_server_fails);
  g_test_add_func ("/lookup/cloud/found-by-server", test_cloud_found_by_server);
  g_test_add_func ("/lookup/cloud/server-fails", test_cloud_server_fails);
  g_test_add_data_func ("/lookup/core/found-by-hash", GINT_TO_POINTER (TOKENS_DEMO_MODE_CORE),
                        test_v3_found_by_hash);
  g_test_add_data_func ("/lookup/enterprise/found-by-hash",
                        GINT_TO_POINTER (TOKENS_DEMO_MODE_ENTERPRISE), test_v3_found_by_hash);
  g_test_add_func ("/lookup/core/prefix-collision", test_v3_prefix_collision);
  g_test_add_func ("/lookup/core/short-hash-ignored", test_v3_short_hash_ignored);
  g_test_add_func ("/lookup/dedicated/cannot-tell", test_dedicated_cannot_tell);
  g_test_add_func ("/lookup/list-not-loaded", test_list_not_loaded);
  g_test_add_func ("/lookup/clean-secret", test_clean_secret);
  g_test_add_func ("/lookup/mask-secret", test_mask_secret);

  return g_test_run ();
}
