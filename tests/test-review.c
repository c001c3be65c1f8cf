/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-api-json.h"
#include "tokens-demo-server-testing.h"
#include "tokens-review.h"
#include "tokens-test-utils.h"
#include "tokens-token-list.h"

#include <string.h>

/* The review's rules, on tokens the fake server lists over HTTP where its
 * seeded data has them, and on v2 authorizations read from JSON where no
 * real server would list them (an owner that is gone). */

typedef struct
{
  TokensDemoServer *server;
  TokensClient *client;
  TokensTokenList *list;
} Listed;

static void
listed_open (Listed         *listed,
             TokensDemoMode  mode,
             const char     *add_copies)
{
  g_autoptr(GError) error = NULL;

  listed->server = tokens_test_demo_server_new (mode);
  /* Three copies of one token, the way a script that ran three times
   * leaves them; and one more with another description. */
  if (add_copies != NULL)
    {
      for (guint i = 0; i < 3; i++)
        g_free (tokens_demo_server_add_token (listed->server, add_copies, 2));
      g_free (tokens_demo_server_add_token (listed->server, "Something else", 2));
    }
  listed->client = tokens_test_client_new (tokens_demo_server_get_url (listed->server),
                                           tokens_demo_server_get_token (listed->server, "operator"));
  listed->list = tokens_token_list_new (listed->client);
  g_assert_true (tokens_test_list_refresh (listed->list, &error));
  g_assert_no_error (error);
}

static void
listed_close (Listed *listed)
{
  tokens_test_assert_finalize_soon (listed->list);
  tokens_test_assert_finalize_soon (listed->client);
  tokens_test_assert_finalize_soon (listed->server);
}

static TokensToken *
find (Listed     *listed,
      const char *key)
{
  TokensToken *token = tokens_token_list_lookup (listed->list,
                                                 tokens_demo_server_get_id (listed->server, key));

  g_assert_nonnull (token);
  return token;
}

static TokensToken *
find_labelled (Listed     *listed,
               const char *label)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (listed->list));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (G_LIST_MODEL (listed->list), i);

      if (g_strcmp0 (tokens_token_get_label (token), label) == 0)
        return token;
    }
  g_assert_not_reached ();
}

static TokensReviewReasons
check_now (Listed      *listed,
           TokensToken *token)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return tokens_review_check (token, now, TOKENS_REVIEW_AGE_1_YEAR,
                              tokens_token_list_get_features (listed->list));
}

static char *
describe_now (Listed      *listed,
              TokensToken *token)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  TokensReviewReasons reasons = check_now (listed, token);

  return tokens_review_describe (token, reasons & ~TOKENS_REVIEW_OLD, now, TOKENS_REVIEW_AGE_1_YEAR,
                                 0, ", ");
}

static void
test_possible (void)
{
  TokensBackendFeatures v2 = TOKENS_BACKEND_DELETE | TOKENS_BACKEND_DEACTIVATE |
                             TOKENS_BACKEND_DESCRIBE | TOKENS_BACKEND_OWNERS;
  TokensBackendFeatures v3 = TOKENS_BACKEND_DELETE | TOKENS_BACKEND_EXPIRY | TOKENS_BACKEND_NAMED;
  TokensBackendFeatures dedicated = TOKENS_BACKEND_DELETE | TOKENS_BACKEND_EXPIRY |
                                    TOKENS_BACKEND_REVOKED;
  TokensReviewReasons common = TOKENS_REVIEW_ALL_ACCESS | TOKENS_REVIEW_WRITE_EVERYTHING |
                               TOKENS_REVIEW_OLD | TOKENS_REVIEW_DUPLICATE;

  g_assert_cmphex (tokens_review_possible (v2), ==,
                   common | TOKENS_REVIEW_INACTIVE | TOKENS_REVIEW_OWNER_GONE);
  g_assert_cmphex (tokens_review_possible (v3), ==,
                   common | TOKENS_REVIEW_EXPIRED | TOKENS_REVIEW_EXPIRING_SOON);
  g_assert_cmphex (tokens_review_possible (dedicated), ==,
                   common | TOKENS_REVIEW_EXPIRED | TOKENS_REVIEW_EXPIRING_SOON);
}

/* OSS: the operator and the all-access tokens, the one that writes every
 * bucket of its org, the inactive one; the bucket tokens have none. */
static void
test_oss (void)
{
  Listed listed = { 0 };
  TokensBackendFeatures features;
  g_autofree char *words = NULL;

  listed_open (&listed, TOKENS_DEMO_MODE_OSS, NULL);
  features = tokens_token_list_get_features (listed.list);

  g_assert_cmphex (check_now (&listed, find (&listed, "operator")) & ~TOKENS_REVIEW_OLD, ==,
                   TOKENS_REVIEW_ALL_ACCESS);
  g_assert_cmphex (check_now (&listed, find (&listed, "ada-all-access")) & ~TOKENS_REVIEW_OLD, ==,
                   TOKENS_REVIEW_ALL_ACCESS);
  g_assert_cmphex (check_now (&listed, find (&listed, "grace-all-access")) & ~TOKENS_REVIEW_OLD, ==,
                   TOKENS_REVIEW_ALL_ACCESS);
  g_assert_cmphex (check_now (&listed, find (&listed, "leaked")) & ~TOKENS_REVIEW_OLD, ==,
                   TOKENS_REVIEW_WRITE_EVERYTHING);
  g_assert_cmphex (check_now (&listed, find (&listed, "inactive")) & ~TOKENS_REVIEW_OLD, ==,
                   TOKENS_REVIEW_INACTIVE);
  g_assert_cmphex (check_now (&listed, find (&listed, "telegraf")) & ~TOKENS_REVIEW_OLD, ==, 0);
  g_assert_cmphex (check_now (&listed, find (&listed, "grafana")) & ~TOKENS_REVIEW_OLD, ==, 0);
  g_assert_cmphex (check_now (&listed, find (&listed, "home")) & ~TOKENS_REVIEW_OLD, ==, 0);
  g_assert_cmphex (check_now (&listed, find (&listed, "no-rights")) & ~TOKENS_REVIEW_OLD, ==, 0);

  words = describe_now (&listed, find (&listed, "leaked"));
  g_assert_cmpstr (words, ==, "Writes everything");
  g_clear_pointer (&words, g_free);
  words = describe_now (&listed, find (&listed, "operator"));
  g_assert_cmpstr (words, ==, "All access");

  /* The seeded owners all exist, and nobody's token is a copy. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (listed.list)); i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (G_LIST_MODEL (listed.list), i);
      g_assert_false (check_now (&listed, token) & TOKENS_REVIEW_OWNER_GONE);
    }
  {
    g_autoptr(GHashTable) copies = tokens_review_find_copies (G_LIST_MODEL (listed.list), features);
    g_assert_cmpuint (g_hash_table_size (copies), ==, 0);
  }

  listed_close (&listed);
}

/* Age: older than, by the calendar, not on the day itself. */
static void
test_age_boundary (void)
{
  Listed listed = { 0 };
  TokensBackendFeatures features;
  TokensToken *operator;
  GDateTime *created;
  g_autoptr(GDateTime) year_on = NULL;
  g_autoptr(GDateTime) year_and_a_second = NULL;
  g_autoptr(GDateTime) just_under = NULL;
  g_autofree char *words = NULL;

  listed_open (&listed, TOKENS_DEMO_MODE_OSS, NULL);
  features = tokens_token_list_get_features (listed.list);
  operator = find (&listed, "operator");
  created = tokens_token_get_created_at (operator);

  year_on = g_date_time_add_years (created, 1);
  year_and_a_second = g_date_time_add_seconds (year_on, 1);
  just_under = g_date_time_add_seconds (year_on, -1);

  g_assert_false (tokens_review_check (operator, just_under, TOKENS_REVIEW_AGE_1_YEAR, features) &
                  TOKENS_REVIEW_OLD);
  g_assert_false (tokens_review_check (operator, year_on, TOKENS_REVIEW_AGE_1_YEAR, features) &
                  TOKENS_REVIEW_OLD);
  g_assert_true (tokens_review_check (operator, year_and_a_second, TOKENS_REVIEW_AGE_1_YEAR, features) &
                 TOKENS_REVIEW_OLD);
  /* The same moment is older than 90 days and 6 months, not 2 years. */
  g_assert_true (tokens_review_check (operator, year_on, TOKENS_REVIEW_AGE_90_DAYS, features) &
                 TOKENS_REVIEW_OLD);
  g_assert_true (tokens_review_check (operator, year_on, TOKENS_REVIEW_AGE_6_MONTHS, features) &
                 TOKENS_REVIEW_OLD);
  g_assert_false (tokens_review_check (operator, year_on, TOKENS_REVIEW_AGE_2_YEARS, features) &
                  TOKENS_REVIEW_OLD);

  words = tokens_review_describe_reason (operator, TOKENS_REVIEW_OLD, year_and_a_second,
                                         TOKENS_REVIEW_AGE_1_YEAR, 0);
  g_assert_cmpstr (words, ==, "Older than 1 year");
  g_clear_pointer (&words, g_free);
  words = tokens_review_describe_reason (operator, TOKENS_REVIEW_OLD, year_and_a_second,
                                         TOKENS_REVIEW_AGE_90_DAYS, 0);
  g_assert_cmpstr (words, ==, "Older than 90 days");

  listed_close (&listed);
}

/* InfluxDB 3 Core: every token is an admin token; one expired, one expires
 * in three days; no inactive or owner reason is possible. */
static void
test_core (void)
{
  Listed listed = { 0 };
  TokensBackendFeatures features;
  TokensToken *soon, *expired;
  GDateTime *expires;
  g_autoptr(GDateTime) at_threshold = NULL;
  g_autoptr(GDateTime) before_threshold = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *words = NULL;

  listed_open (&listed, TOKENS_DEMO_MODE_CORE, NULL);
  features = tokens_token_list_get_features (listed.list);
  soon = find_labelled (&listed, "contractor-bob");
  expired = find_labelled (&listed, "migration-july");

  g_assert_cmphex (check_now (&listed, soon) & ~TOKENS_REVIEW_OLD, ==,
                   TOKENS_REVIEW_ALL_ACCESS | TOKENS_REVIEW_EXPIRING_SOON);
  g_assert_cmphex (check_now (&listed, expired) & ~TOKENS_REVIEW_OLD, ==,
                   TOKENS_REVIEW_ALL_ACCESS | TOKENS_REVIEW_EXPIRED);
  g_assert_cmphex (check_now (&listed, find_labelled (&listed, "_admin")) & ~TOKENS_REVIEW_OLD, ==,
                   TOKENS_REVIEW_ALL_ACCESS);
  g_assert_cmphex (check_now (&listed, find_labelled (&listed, "backup-nightly")) &
                   (TOKENS_REVIEW_EXPIRED | TOKENS_REVIEW_EXPIRING_SOON), ==, 0);

  words = describe_now (&listed, soon);
  g_assert_cmpstr (words, ==, "All access, Expires in 3 days");
  g_clear_pointer (&words, g_free);
  words = tokens_review_describe_reason (expired, TOKENS_REVIEW_EXPIRED, now,
                                         TOKENS_REVIEW_AGE_1_YEAR, 0);
  g_assert_true (g_str_has_prefix (words, "Expired ") && g_str_has_suffix (words, " days ago"));

  /* Expiring exactly TOKENS_REVIEW_EXPIRING_DAYS days away is soon; a
   * second more is not. At its expiry it is expired, not expiring. */
  expires = tokens_token_get_expires_at (soon);
  at_threshold = g_date_time_add_days (expires, -TOKENS_REVIEW_EXPIRING_DAYS);
  before_threshold = g_date_time_add_seconds (at_threshold, -1);
  g_assert_true (tokens_review_check (soon, at_threshold, TOKENS_REVIEW_AGE_1_YEAR, features) &
                 TOKENS_REVIEW_EXPIRING_SOON);
  g_assert_false (tokens_review_check (soon, before_threshold, TOKENS_REVIEW_AGE_1_YEAR, features) &
                  TOKENS_REVIEW_EXPIRING_SOON);
  g_assert_cmphex (tokens_review_check (soon, expires, TOKENS_REVIEW_AGE_1_YEAR, features) &
                   (TOKENS_REVIEW_EXPIRED | TOKENS_REVIEW_EXPIRING_SOON), ==, TOKENS_REVIEW_EXPIRED);
  g_clear_pointer (&words, g_free);
  words = tokens_review_describe_reason (soon, TOKENS_REVIEW_EXPIRING_SOON, at_threshold,
                                         TOKENS_REVIEW_AGE_1_YEAR, 0);
  g_assert_cmpstr (words, ==, "Expires in 14 days");
  g_clear_pointer (&words, g_free);
  words = tokens_review_describe_reason (soon, TOKENS_REVIEW_EXPIRED, expires,
                                         TOKENS_REVIEW_AGE_1_YEAR, 0);
  g_assert_cmpstr (words, ==, "Expired today");

  /* Every admin token is "*:*:*" without a description: not copies. */
  {
    g_autoptr(GHashTable) copies = tokens_review_find_copies (G_LIST_MODEL (listed.list), features);
    g_assert_cmpuint (g_hash_table_size (copies), ==, 0);
  }

  listed_close (&listed);
}

/* Enterprise: a resource token that writes every database. */
static void
test_enterprise (void)
{
  Listed listed = { 0 };
  guint n, n_write = 0;

  listed_open (&listed, TOKENS_DEMO_MODE_ENTERPRISE, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (listed.list));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (G_LIST_MODEL (listed.list), i);
      TokensReviewReasons reasons = check_now (&listed, token);
      const char *raw = tokens_token_get_raw_permissions (token);
      gboolean writes_all = raw != NULL && (strstr (raw, "db:*:write") != NULL ||
                                            strstr (raw, "db:*:read,write") != NULL);

      g_assert_false (reasons & (TOKENS_REVIEW_INACTIVE | TOKENS_REVIEW_OWNER_GONE));
      if (g_strcmp0 (raw, "*:*:*") == 0)
        g_assert_true (reasons & TOKENS_REVIEW_ALL_ACCESS);
      else
        g_assert_cmpint (!!(reasons & TOKENS_REVIEW_WRITE_EVERYTHING), ==, writes_all);
      n_write += writes_all;
    }
  (void)n_write;
  listed_close (&listed);
}

/* Cloud Dedicated: read and write on every database is all access; the
 * expired and the expiring token; the revoked one is gone for good. */
static void
test_dedicated (void)
{
  Listed listed = { 0 };
  TokensBackendFeatures features;
  g_autoptr(GHashTable) copies = NULL;
  g_autofree char *words = NULL;
  TokensToken *copy;

  listed_open (&listed, TOKENS_DEMO_MODE_DEDICATED, "Ingest script");
  features = tokens_token_list_get_features (listed.list);

  g_assert_cmphex (check_now (&listed, find (&listed, "contractor")) & ~TOKENS_REVIEW_OLD, ==,
                   TOKENS_REVIEW_EXPIRING_SOON);
  g_assert_cmphex (check_now (&listed, find (&listed, "expired")) & ~TOKENS_REVIEW_OLD, ==,
                   TOKENS_REVIEW_EXPIRED);
  g_assert_cmphex (check_now (&listed, find (&listed, "revoked")), ==, 0);
  g_assert_cmphex (check_now (&listed, find (&listed, "telegraf")) & ~TOKENS_REVIEW_OLD, ==, 0);
  g_assert_cmphex (check_now (&listed, find (&listed, "analytics")) & ~TOKENS_REVIEW_OLD, ==, 0);

  /* The three copies each have two others; the fourth token differs by
   * its description alone, and is nobody's copy. */
  copies = tokens_review_find_copies (G_LIST_MODEL (listed.list), features);
  g_assert_cmpuint (g_hash_table_size (copies), ==, 3);
  copy = find_labelled (&listed, "Ingest script");
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (copies, copy)), ==, 2);
  g_assert_false (g_hash_table_contains (copies, find_labelled (&listed, "Something else")));
  words = tokens_review_describe_reason (copy, TOKENS_REVIEW_DUPLICATE, NULL, 0, 2);
  g_assert_cmpstr (words, ==, "Same access as 2 other tokens");

  listed_close (&listed);
}

/* OSS: three copies over HTTP, made by the same script. */
static void
test_oss_copies (void)
{
  Listed listed = { 0 };
  g_autoptr(GHashTable) copies = NULL;
  guint n, n_copies = 0;

  listed_open (&listed, TOKENS_DEMO_MODE_OSS, "Backup script");
  copies = tokens_review_find_copies (G_LIST_MODEL (listed.list),
                                      tokens_token_list_get_features (listed.list));
  n = g_list_model_get_n_items (G_LIST_MODEL (listed.list));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (G_LIST_MODEL (listed.list), i);
      gboolean copy = g_strcmp0 (tokens_token_get_description (token), "Backup script") == 0;

      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (copies, token)), ==, copy ? 2 : 0);
      n_copies += copy;
    }
  g_assert_cmpuint (n_copies, ==, 3);
  listed_close (&listed);
}

static TokensToken *
parse (const char *json)
{
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  TokensToken *token = tokens_api_parse_authorization (body, &error);

  g_assert_no_error (error);
  return token;
}

#define AUTH(id, desc, user, perms) \
  "{\"id\":\"" id "\",\"status\":\"active\",\"description\":\"" desc "\"," \
  "\"orgID\":\"9a51c3d2b4e60f17\",\"org\":\"my-org\",\"userID\":\"0b1e2c3d4f5a6b71\"" user "," \
  "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-11-01T00:00:00Z\"," \
  "\"permissions\":[" perms "]}"
#define READ_SENSORS "{\"action\":\"read\",\"resource\":{\"type\":\"buckets\",\"id\":\"51e2a3b4c5d6e7f2\",\"orgID\":\"9a51c3d2b4e60f17\"}}"
#define WRITE_HOME "{\"action\":\"write\",\"resource\":{\"type\":\"buckets\",\"id\":\"51e2a3b4c5d6e7f3\",\"orgID\":\"9a51c3d2b4e60f17\"}}"

/* Permissions in any order, descriptions in any case and with any space
 * around them; one token alone is nobody's copy. */
static void
test_copies_order (void)
{
  TokensBackendFeatures v2 = TOKENS_BACKEND_DEACTIVATE | TOKENS_BACKEND_OWNERS;
  g_autoptr(GListStore) store = g_list_store_new (TOKENS_TYPE_TOKEN);
  g_autoptr(TokensToken) a = parse (AUTH ("0000000000001001", "Home sync", ",\"user\":\"ada\"",
                                          READ_SENSORS "," WRITE_HOME));
  g_autoptr(TokensToken) b = parse (AUTH ("0000000000001002", "  home SYNC ", ",\"user\":\"ada\"",
                                          WRITE_HOME "," READ_SENSORS));
  g_autoptr(TokensToken) c = parse (AUTH ("0000000000001003", "Home sync", ",\"user\":\"ada\"",
                                          READ_SENSORS));
  g_autoptr(GHashTable) copies = NULL;

  g_list_store_append (store, a);
  copies = tokens_review_find_copies (G_LIST_MODEL (store), v2);
  g_assert_cmpuint (g_hash_table_size (copies), ==, 0);
  g_clear_pointer (&copies, g_hash_table_unref);

  g_list_store_append (store, b);
  g_list_store_append (store, c);
  copies = tokens_review_find_copies (G_LIST_MODEL (store), v2);
  g_assert_cmpuint (g_hash_table_size (copies), ==, 2);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (copies, a)), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (copies, b)), ==, 1);
  g_assert_false (g_hash_table_contains (copies, c));
  g_clear_pointer (&copies, g_hash_table_unref);

  /* InfluxDB 3 compares only tokens with a description; these have one. */
  copies = tokens_review_find_copies (G_LIST_MODEL (store), TOKENS_BACKEND_NAMED);
  g_assert_cmpuint (g_hash_table_size (copies), ==, 2);
}

/* A v2 token listed with a userID but no user name: its user is gone.
 * Only where tokens have owners. */
static void
test_owner_gone (void)
{
  TokensBackendFeatures v2 = TOKENS_BACKEND_DEACTIVATE | TOKENS_BACKEND_OWNERS;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-12-01T00:00:00Z", NULL);
  g_autoptr(TokensToken) gone = parse (AUTH ("0000000000001001", "Orphan", "", READ_SENSORS));
  g_autoptr(TokensToken) empty = parse (AUTH ("0000000000001002", "Orphan", ",\"user\":\"\"",
                                              READ_SENSORS));
  g_autoptr(TokensToken) owned = parse (AUTH ("0000000000001003", "Owned", ",\"user\":\"ada\"",
                                              READ_SENSORS));
  g_autofree char *words = NULL;

  g_assert_cmphex (tokens_review_check (gone, now, TOKENS_REVIEW_AGE_1_YEAR, v2), ==,
                   TOKENS_REVIEW_OWNER_GONE);
  g_assert_cmphex (tokens_review_check (empty, now, TOKENS_REVIEW_AGE_1_YEAR, v2), ==,
                   TOKENS_REVIEW_OWNER_GONE);
  g_assert_cmphex (tokens_review_check (owned, now, TOKENS_REVIEW_AGE_1_YEAR, v2), ==, 0);
  g_assert_cmphex (tokens_review_check (gone, now, TOKENS_REVIEW_AGE_1_YEAR, TOKENS_BACKEND_EXPIRY),
                   ==, 0);
  /* Modified last month is not "used": nothing here reads updatedAt. */
  g_assert_cmphex (tokens_review_check (owned, now, TOKENS_REVIEW_AGE_90_DAYS, v2), ==,
                   TOKENS_REVIEW_OLD);

  words = tokens_review_describe (gone, TOKENS_REVIEW_OWNER_GONE | TOKENS_REVIEW_INACTIVE, now,
                                  TOKENS_REVIEW_AGE_1_YEAR, 0, " · ");
  g_assert_cmpstr (words, ==, "Inactive · Owner no longer exists");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/review/possible", test_possible);
  g_test_add_func ("/review/oss", test_oss);
  g_test_add_func ("/review/age-boundary", test_age_boundary);
  g_test_add_func ("/review/core", test_core);
  g_test_add_func ("/review/enterprise", test_enterprise);
  g_test_add_func ("/review/dedicated", test_dedicated);
  g_test_add_func ("/review/oss-copies", test_oss_copies);
  g_test_add_func ("/review/copies-order", test_copies_order);
  g_test_add_func ("/review/owner-gone", test_owner_gone);

  return g_test_run ();
}
