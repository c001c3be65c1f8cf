/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-api-json.h"
#include "tokens-token-private.h"

#include <string.h>

static TokensToken *
parse (const char *permissions_json)
{
  g_autofree char *text =
    g_strdup_printf ("{\"id\":\"0a1b2c3d4e5f6071\",\"orgID\":\"9a51c3d2b4e60f17\",\"org\":\"my-org\","
                     "\"userID\":\"0b1e2c3d4f5a6b70\",\"user\":\"admin\",\"permissions\":%s}",
                     permissions_json);
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  TokensToken *a = tokens_api_parse_authorization (body, &error);

  g_assert_no_error (error);
  return a;
}

#define P(action, resource) "{\"action\":\"" action "\",\"resource\":{" resource "}}"
#define ORG "\"orgID\":\"9a51c3d2b4e60f17\""

static void
test_summaries (void)
{
  struct { const char *permissions; const char *summary; } cases[] = {
    { "[]", "No permissions" },
    { "[" P("write", "\"type\":\"buckets\",\"id\":\"51e2a3b4c5d6e7f0\"," ORG ",\"name\":\"telegraf\"") "]",
      "Write bucket telegraf" },
    { "[" P("read", "\"type\":\"buckets\"," ORG) "," P("write", "\"type\":\"buckets\"," ORG) "]",
      "Read and write all buckets in my-org" },
    { "[" P("read", "\"type\":\"buckets\"," ORG) "]", "Read all buckets in my-org" },
    { "[" P("read", "\"type\":\"buckets\",\"orgID\":\"1111111111111111\"") "]",
      "Read all buckets in 1111111111111111" },
    { "[" P("read", "\"type\":\"dashboards\"") "]", "Read all dashboards" },
    { "[" P("write", "\"type\":\"buckets\",\"id\":\"51e2a3b4c5d6e7f0\"") "]",
      "Write bucket 51e2a3b4c5d6e7f0" },
    { "[" P("read", "\"type\":\"buckets\"," ORG) "," P("write", "\"type\":\"tasks\"," ORG) "]",
      "Read all buckets in my-org; Write all tasks in my-org" },
    { "[" P("read", "\"type\":\"buckets\"," ORG) "," P("write", "\"type\":\"tasks\"," ORG) ","
      P("read", "\"type\":\"checks\"," ORG) "," P("read", "\"type\":\"labels\"," ORG) "]",
      "Read all buckets in my-org; Write all tasks in my-org; and 2 more" },
    { "[" P("read", "\"type\":\"buckets\"," ORG) "," P("write", "\"type\":\"tasks\"," ORG) ","
      P("write", "\"type\":\"buckets\"," ORG) "," P("read", "\"type\":\"checks\"," ORG) ","
      P("read", "\"type\":\"tasks\"," ORG) "]",
      "Read and write all buckets in my-org; Read and write all tasks in my-org; and 1 more" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TokensToken) a = parse (cases[i].permissions);

      g_assert_cmpstr (tokens_token_get_summary (a), ==, cases[i].summary);
      g_assert_false (tokens_token_get_is_operator (a));
      g_assert_false (tokens_token_get_is_all_access (a));
    }
}

static char *
every_type (gboolean with_org)
{
  const char *types[] = { "authorizations", "buckets", "orgs", "users", "tasks" };
  GString *s = g_string_new ("[");

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    for (guint rw = 0; rw < 2; rw++)
      g_string_append_printf (s, "%s{\"action\":\"%s\",\"resource\":{\"type\":\"%s\"%s}}",
                              s->len > 1 ? "," : "", rw ? "write" : "read", types[i],
                              with_org ? "," ORG : "");
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static void
test_operator_and_all_access (void)
{
  g_autofree char *operator_json = every_type (FALSE);
  g_autofree char *all_access_json = every_type (TRUE);
  g_autoptr(TokensToken) op = parse (operator_json);
  g_autoptr(TokensToken) all = parse (all_access_json);
  g_autoptr(TokensToken) almost = NULL;

  g_assert_true (tokens_token_get_is_operator (op));
  g_assert_false (tokens_token_get_is_all_access (op));
  g_assert_cmpstr (tokens_token_get_summary (op), ==,
                   "Full access to every organization (operator)");

  g_assert_false (tokens_token_get_is_operator (all));
  g_assert_true (tokens_token_get_is_all_access (all));
  g_assert_cmpstr (tokens_token_get_summary (all), ==, "Full access to my-org");

  /* Read on tokens without write is neither. */
  almost = parse ("[" P("read", "\"type\":\"authorizations\"") "," P("read", "\"type\":\"users\"") ","
                  P("read", "\"type\":\"orgs\"") "]");
  g_assert_false (tokens_token_get_is_operator (almost));
  g_assert_false (tokens_token_get_is_all_access (almost));
}

static void
test_search (void)
{
  g_autoptr(TokensToken) a =
    parse ("[" P("write", "\"type\":\"buckets\",\"id\":\"51e2a3b4c5d6e7f0\",\"name\":\"Telegraf\"") "]");
  g_autofree char *needle = g_utf8_casefold ("TELEGRAF", -1);

  g_assert_true (tokens_token_matches (a, needle));
  g_assert_true (tokens_token_matches (a, "admin"));
  g_assert_true (tokens_token_matches (a, "my-org"));
  g_assert_true (tokens_token_matches (a, "0a1b2c3d"));
  g_assert_true (tokens_token_matches (a, ""));
  g_assert_false (tokens_token_matches (a, "grafana"));
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  GPtrArray *names = user_data;
  g_ptr_array_add (names, g_strdup (pspec->name));
}

static gboolean
contains (GPtrArray  *names,
          const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      return TRUE;
  return FALSE;
}

static void
test_update_from (void)
{
  g_autoptr(TokensToken) a = parse ("[]");
  const char *newer_text =
    "{\"id\":\"0a1b2c3d4e5f6071\",\"status\":\"inactive\",\"description\":\"Renamed\","
    "\"orgID\":\"9a51c3d2b4e60f17\",\"org\":\"my-org\",\"userID\":\"0b1e2c3d4f5a6b70\",\"user\":\"admin\","
    "\"updatedAt\":\"2026-01-01T00:00:00Z\"}";
  g_autoptr(GBytes) body = g_bytes_new (newer_text, strlen (newer_text));
  g_autoptr(TokensToken) newer = tokens_api_parse_authorization (body, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (a, "notify", G_CALLBACK (on_notify), names);
  tokens_token_update_from (a, newer);

  g_assert_false (tokens_token_get_active (a));
  g_assert_cmpstr (tokens_token_get_display_name (a), ==, "Renamed");
  g_assert_true (contains (names, "active"));
  g_assert_true (contains (names, "description"));
  g_assert_true (contains (names, "display-name"));
  g_assert_true (contains (names, "updated-at"));
  g_assert_false (contains (names, "org"));

  /* Nothing changed: nothing notified. */
  g_ptr_array_set_size (names, 0);
  tokens_token_update_from (a, newer);
  g_assert_cmpuint (names->len, ==, 0);

  tokens_token_set_busy (a, TRUE);
  tokens_token_set_busy (a, TRUE);
  g_assert_cmpuint (names->len, ==, 1);
}

/* One token in a list body, with @n_buckets buckets each read (all of them
 * first) and then written: 2 × @n_buckets permissions. */
static TokensToken *
parse_many (const char *description,
            guint       n_buckets)
{
  GString *s = g_string_new (NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  g_string_append_printf (s, "{\"authorizations\":[{\"id\":\"0a1b2c3d4e5f6071\","
                          "\"description\":\"%s\",\"orgID\":\"9a51c3d2b4e60f17\","
                          "\"org\":\"my-org\",\"permissions\":[", description);
  for (guint rw = 0; rw < 2; rw++)
    for (guint i = 0; i < n_buckets; i++)
      g_string_append_printf (s, "%s{\"action\":\"%s\",\"resource\":{\"type\":\"buckets\","
                              "\"id\":\"%016x\"," ORG "}}",
                              rw == 0 && i == 0 ? "" : ",", rw ? "write" : "read", i);
  g_string_append (s, "]}]}");
  body = g_string_free_to_bytes (s);

  list = tokens_api_parse_authorization_list (body, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpuint (tokens_token_get_permissions (g_ptr_array_index (list, 0))->len,
                    ==, 2 * n_buckets);
  return g_object_ref (g_ptr_array_index (list, 0));
}

/* Grouping 100,000 permissions is one pass, not one per group. */
static void
test_summary_linear (void)
{
  g_autoptr(TokensToken) a = parse_many ("Many buckets", 50000);
  const char *summary;
  gint64 start;
  double seconds;

  start = g_get_monotonic_time ();
  summary = tokens_token_get_summary (a);
  seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  g_test_message ("summary of 100000 permissions in 50000 groups: %.3f s", seconds);

  g_assert_cmpstr (summary, ==,
                   "Read and write bucket 0000000000000000; "
                   "Read and write bucket 0000000000000001; and 49998 more");
  g_assert_cmpfloat (seconds, <, 2.0);
}

/* A refresh prepares the list in its worker thread; renaming a token must
 * not leave its summary to be built again on the main thread. */
static void
test_update_from_takes_summary (void)
{
  g_autoptr(TokensToken) a = parse_many ("Before", 20000);
  g_autoptr(TokensToken) newer = parse_many ("After", 20000);
  g_autoptr(TokensToken) unprepared = parse_many ("Unprepared", 20000);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint built;
  gint64 start;
  double seconds;

  _tokens_token_prepare_search (a);
  _tokens_token_prepare_search (newer);
  built = _tokens_token_get_n_summaries_built ();
  g_signal_connect (a, "notify", G_CALLBACK (on_notify), names);

  start = g_get_monotonic_time ();
  tokens_token_update_from (a, newer);
  g_assert_true (tokens_token_matches (a, "after"));
  g_assert_false (tokens_token_matches (a, "before"));
  g_assert_cmpstr (tokens_token_get_summary (a), ==, tokens_token_get_summary (newer));
  seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  g_test_message ("update from a renamed token of 40000 permissions, then its summary: %.4f s",
                  seconds);

  g_assert_cmpuint (_tokens_token_get_n_summaries_built (), ==, built);
  g_assert_cmpfloat (seconds, <, 0.05);
  g_assert_true (contains (names, "description"));
  /* The summary says the same as before: no one needs to show it again. */
  g_assert_false (contains (names, "summary"));

  /* From a token nobody summarised, a new description still keeps the
   * summary, which does not contain it; search sees the new one. */
  tokens_token_update_from (a, unprepared);
  g_assert_true (tokens_token_matches (a, "unprepared"));
  g_assert_cmpstr (tokens_token_get_summary (a), ==,
                   "Read and write bucket 0000000000000000; "
                   "Read and write bucket 0000000000000001; and 19998 more");
  g_assert_cmpuint (_tokens_token_get_n_summaries_built (), ==, built);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/tokens/authorization/summaries", test_summaries);
  g_test_add_func ("/tokens/authorization/operator-and-all-access", test_operator_and_all_access);
  g_test_add_func ("/tokens/authorization/search", test_search);
  g_test_add_func ("/tokens/authorization/update-from", test_update_from);
  g_test_add_func ("/tokens/authorization/summary-linear", test_summary_linear);
  g_test_add_func ("/tokens/authorization/update-from-takes-summary", test_update_from_takes_summary);

  return g_test_run ();
}
