/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-export.h"
#include "tokens-test-utils.h"
#include "tokens-test-export.h"

/*
 * The export of a token list, CSV and JSON, from tokens the fake server
 * lists over HTTP as each product does: each file is read back (CSV by a
 * strict RFC 4180 reader, JSON by json-glib) and compared cell by cell
 * with the tokens, and no token's value is in either.
 */

static TokensTokenList *
list_new (TokensDemoServer *server)
{
  g_autoptr(TokensClient) client =
    tokens_test_client_new (tokens_demo_server_get_url (server),
                            tokens_demo_server_get_token (server, "operator"));
  g_autoptr(GError) error = NULL;
  TokensTokenList *list = tokens_token_list_new (client);

  g_assert_true (tokens_test_list_refresh (list, &error));
  g_assert_no_error (error);
  return list;
}

static void
collect_value (const char *kind,
               const char *id,
               const char *value,
               const char *description,
               gpointer    user_data)
{
  if (value != NULL && value[0] != '\0')
    g_ptr_array_add (user_data, g_strdup (value));
}

/* Every value the server holds, none of which may be in an export. */
static GPtrArray *
server_values (TokensDemoServer *server)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  tokens_demo_server_foreach_token (server, collect_value, values);
  g_assert_cmpuint (values->len, >, 0);
  return values;
}

static void
assert_no_values (GBytes    *bytes,
                  GPtrArray *values)
{
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);

  for (guint i = 0; i < values->len; i++)
    g_assert_null (g_strstr_len (text, length, g_ptr_array_index (values, i)));
}

/* ---- The cell, on its own ------------------------------------------------ */

static void
test_csv_cell (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { NULL, "" },
    { "", "" },
    { "plain", "plain" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "two\r\nlines", "\"two\r\nlines\"" },
    { "=1+1", "'=1+1" },
    { "+1", "'+1" },
    { "-1", "'-1" },
    { "@SUM(A1)", "'@SUM(A1)" },
    { "\tx", "'\tx" },
    { "\rx", "\"'\rx\"" },
    { "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
    { "a=b", "a=b" },
    { "'quoted", "'quoted" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *cell = tokens_export_csv_cell (cases[i].in);

      g_assert_cmpstr (cell, ==, cases[i].out);
    }
}

static void
test_raw_permission (void)
{
  g_autoptr(TokensPermission) scoped =
    tokens_permission_new (TOKENS_ACTION_READ, "buckets", "0000000000000002", "0000000000000001", "b", "o");
  g_autoptr(TokensPermission) org_wide =
    tokens_permission_new (TOKENS_ACTION_WRITE, "buckets", NULL, "0000000000000001", NULL, NULL);
  g_autoptr(TokensPermission) global =
    tokens_permission_new (TOKENS_ACTION_WRITE, "users", NULL, NULL, NULL, NULL);
  g_autofree char *a = tokens_export_raw_permission (scoped);
  g_autofree char *b = tokens_export_raw_permission (org_wide);
  g_autofree char *c = tokens_export_raw_permission (global);

  g_assert_cmpstr (a, ==, "read:orgs/0000000000000001/buckets/0000000000000002");
  g_assert_cmpstr (b, ==, "write:orgs/0000000000000001/buckets");
  g_assert_cmpstr (c, ==, "write:users");
}

/* ---- Each product's list --------------------------------------------------- */

static void
test_product (gconstpointer data)
{
  TokensDemoMode mode = GPOINTER_TO_INT (data);
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (mode);
  g_autoptr(TokensTokenList) list = list_new (server);
  g_autoptr(GPtrArray) values = server_values (server);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) json = NULL;
  const char *url = tokens_demo_server_get_url (server);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  gboolean any_value = FALSE, any_owner = FALSE, any_expiry = FALSE, any_raw = FALSE;

  g_assert_cmpuint (n, >, 1);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (G_LIST_MODEL (list), i);

      any_value |= tokens_token_has_token_value (token);
      any_owner |= tokens_token_get_user_id (token) != NULL;
      any_expiry |= tokens_token_get_expires_at (token) != NULL;
      any_raw |= tokens_token_get_raw_permissions (token) != NULL;
    }
  /* The lists are what each product lists: OSS 2.7 carries the values,
   * v2 the owners, the others their expiry and raw permissions. */
  if (mode == TOKENS_DEMO_MODE_OSS)
    g_assert_true (any_value);
  if (mode == TOKENS_DEMO_MODE_OSS || mode == TOKENS_DEMO_MODE_OSS_HASHED ||
      mode == TOKENS_DEMO_MODE_CLOUD)
    g_assert_true (any_owner);
  else
    g_assert_true (any_expiry && any_raw);

  csv = tokens_export_tokens (G_LIST_MODEL (list), TOKENS_EXPORT_CSV, url, now);
  json = tokens_export_tokens (G_LIST_MODEL (list), TOKENS_EXPORT_JSON, url, now);
  tokens_test_export_check_csv (csv, G_LIST_MODEL (list), now);
  tokens_test_export_check_json (json, G_LIST_MODEL (list), now, TRUE, url);
  assert_no_values (csv, values);
  assert_no_values (json, values);

  tokens_test_assert_finalize_soon (g_steal_pointer (&list));
  tokens_test_assert_finalize_soon (g_steal_pointer (&server));
}

/* "Expired" is measured against the export's own time. */
static void
test_expired_at_now (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CORE);
  g_autoptr(TokensTokenList) list = list_new (server);
  g_autoptr(GDateTime) later = g_date_time_new_utc (9000, 1, 1, 0, 0, 0);
  g_autoptr(GBytes) json = tokens_export_tokens (G_LIST_MODEL (list), TOKENS_EXPORT_JSON, NULL, later);
  g_autoptr(GBytes) csv = tokens_export_tokens (G_LIST_MODEL (list), TOKENS_EXPORT_CSV, NULL, later);
  guint expiring = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (tokens_token_get_expires_at (token) != NULL)
        {
          g_assert_cmpint (tokens_token_get_status_at (token, later), ==, TOKENS_TOKEN_STATUS_EXPIRED);
          expiring++;
        }
    }
  g_assert_cmpuint (expiring, >, 0);
  tokens_test_export_check_json (json, G_LIST_MODEL (list), later, TRUE, NULL);
  tokens_test_export_check_csv (csv, G_LIST_MODEL (list), later);

  tokens_test_assert_finalize_soon (g_steal_pointer (&list));
  tokens_test_assert_finalize_soon (g_steal_pointer (&server));
}

/* ---- What a hostile server may call its tokens ---------------------------- */

static char *
long_description (void)
{
  GString *text = g_string_new ("=");

  while (text->len < 10000)
    g_string_append (text, "a,\"b\"\r\n");
  g_string_truncate (text, 10000);
  return g_string_free (text, FALSE);
}

static void
test_hostile_descriptions (gconstpointer data)
{
  TokensDemoMode mode = GPOINTER_TO_INT (data);
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (mode);
  g_autofree char *long_text = long_description ();
  const char *descriptions[] = {
    "comma, separated",
    "\"quoted\" and \"\"doubled\"\"",
    "two\nlines",
    "crlf\r\ninside",
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTab first",
    "\u202Eevil\u202C right-to-left \u200F mark",
    "trailing comma,",
    "'already quoted",
    long_text,
  };
  g_autoptr(TokensTokenList) list = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GPtrArray) values = NULL;
  guint found = 0;

  for (guint i = 0; i < G_N_ELEMENTS (descriptions); i++)
    g_free (tokens_demo_server_add_token (server, descriptions[i], 3));
  list = list_new (server);
  values = server_values (server);

  csv = tokens_export_tokens (G_LIST_MODEL (list), TOKENS_EXPORT_CSV, NULL, now);
  json = tokens_export_tokens (G_LIST_MODEL (list), TOKENS_EXPORT_JSON, NULL, now);
  tokens_test_export_check_csv (csv, G_LIST_MODEL (list), now);
  tokens_test_export_check_json (json, G_LIST_MODEL (list), now, TRUE, NULL);
  assert_no_values (csv, values);
  assert_no_values (json, values);

  /* Each of them is listed, and so checked above, as it was given. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (G_LIST_MODEL (list), i);

      for (guint d = 0; d < G_N_ELEMENTS (descriptions); d++)
        if (g_strcmp0 (tokens_token_get_description (token), descriptions[d]) == 0)
          found++;
    }
  g_assert_cmpuint (found, ==, G_N_ELEMENTS (descriptions));

  /* No cell of the CSV starts a formula, wherever it is. */
  {
    gsize length;
    const char *text = g_bytes_get_data (csv, &length);
    g_autoptr(GPtrArray) records = tokens_test_csv_parse (text, length);

    for (guint r = 0; r < records->len; r++)
      {
        GPtrArray *record = g_ptr_array_index (records, r);

        for (guint c = 0; c < record->len; c++)
          {
            const char *cell = g_ptr_array_index (record, c);

            g_assert_null (strchr ("=+-@\t\r", cell[0]) != NULL && cell[0] != '\0' ? cell : NULL);
          }
      }
  }

  tokens_test_assert_finalize_soon (g_steal_pointer (&list));
  tokens_test_assert_finalize_soon (g_steal_pointer (&server));
}

static void
test_empty (void)
{
  g_autoptr(GListStore) store = g_list_store_new (TOKENS_TYPE_TOKEN);
  g_autoptr(GBytes) csv = tokens_export_tokens (G_LIST_MODEL (store), TOKENS_EXPORT_CSV, NULL, NULL);
  g_autoptr(GBytes) json = tokens_export_tokens (G_LIST_MODEL (store), TOKENS_EXPORT_JSON,
                                                 "http://user:secret@localhost:8086/", NULL);

  tokens_test_export_check_csv (csv, G_LIST_MODEL (store), NULL);
  /* A user and a password in the address are not written out. */
  tokens_test_export_check_json (json, G_LIST_MODEL (store), NULL, FALSE, "http://localhost:8086/");
  g_assert_cmpstr (tokens_export_format_get_extension (TOKENS_EXPORT_CSV), ==, "csv");
  g_assert_cmpstr (tokens_export_format_get_extension (TOKENS_EXPORT_JSON), ==, "json");
}

int
main (int   argc,
      char *argv[])
{
  static const struct { const char *name; TokensDemoMode mode; } products[] = {
    { "oss", TOKENS_DEMO_MODE_OSS },
    { "oss-hashed", TOKENS_DEMO_MODE_OSS_HASHED },
    { "cloud", TOKENS_DEMO_MODE_CLOUD },
    { "core", TOKENS_DEMO_MODE_CORE },
    { "enterprise", TOKENS_DEMO_MODE_ENTERPRISE },
    { "dedicated", TOKENS_DEMO_MODE_DEDICATED },
  };

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/tokens/export/csv-cell", test_csv_cell);
  g_test_add_func ("/tokens/export/raw-permission", test_raw_permission);
  for (guint i = 0; i < G_N_ELEMENTS (products); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tokens/export/product/%s", products[i].name);

      g_test_add_data_func (path, GINT_TO_POINTER (products[i].mode), test_product);
    }
  g_test_add_func ("/tokens/export/expired-at-now", test_expired_at_now);
  g_test_add_data_func ("/tokens/export/hostile/oss", GINT_TO_POINTER (TOKENS_DEMO_MODE_OSS),
                        test_hostile_descriptions);
  g_test_add_data_func ("/tokens/export/hostile/dedicated", GINT_TO_POINTER (TOKENS_DEMO_MODE_DEDICATED),
                        test_hostile_descriptions);
  g_test_add_func ("/tokens/export/empty", test_empty);

  return g_test_run ();
}
