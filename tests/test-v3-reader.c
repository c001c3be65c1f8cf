/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-client-error.h"
#include "tokens-token-private.h"
#include "tokens-v3-token-reader.h"

#include <string.h>

/*
 * The reader of InfluxDB 3's system.tokens, on its own: bodies as a server,
 * a proxy or an attacker might send them. Every fault is an error that
 * says what was wrong, never a crash and never a list with a row left out.
 */

static GPtrArray *
read_text (const char  *text,
           gssize       len,
           GError     **error)
{
  g_autoptr(GBytes) body = g_bytes_new (text, len < 0 ? strlen (text) : (gsize)len);

  return tokens_v3_token_reader_read_list (body, error);
}

/* @text is refused, and the message says @words. */
static void
assert_refused (const char *text,
                gssize      len,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = read_text (text, len, &error);

  g_assert_null (tokens);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

static void
test_rows (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = read_text (
    "[{\"token_id\": 0, \"name\": \"_admin\", \"hash\": \"1A2b3c4d5\","
    "  \"created_at\": \"2026-05-01T10:00:00\", \"permissions\": \"*:*:*\"},"
    " {\"token_id\": 7, \"name\": \"with-fraction\", \"created_at\": \"2026-05-01T10:00:00.250\","
    "  \"expiry\": \"2026-06-01T00:00:00Z\", \"description\": \"Nightly\","
    "  \"permissions\": \"db:sensors:write\", \"some_new_column\": {\"nested\": [1, 2]}},"
    " {\"name\": \"offset\", \"created_at\": \"2026-05-01T12:00:00+02:00\","
    "  \"description\": \"\", \"hash\": \"not-hex!\", \"expiry\": null, \"token_id\": null,"
    "  \"permissions\": \"db:a,b:read\"}]", -1, &error);
  TokensToken *admin, *fraction, *offset;
  g_autoptr(GDateTime) ten = g_date_time_new_utc (2026, 5, 1, 10, 0, 0);

  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, 3);
  admin = g_ptr_array_index (tokens, 0);
  fraction = g_ptr_array_index (tokens, 1);
  offset = g_ptr_array_index (tokens, 2);

  g_assert_cmpstr (tokens_token_get_id (admin), ==, "_admin");
  g_assert_true (tokens_token_get_is_operator (admin));
  g_assert_true (tokens_token_get_is_protected (admin));
  g_assert_false (tokens_token_get_is_all_access (admin));
  g_assert_cmpstr (tokens_token_get_hash (admin), ==, "1A2b3c4d5");
  g_assert_cmpuint (tokens_token_get_order (admin), ==, 0);
  g_assert_true (g_date_time_equal (tokens_token_get_created_at (admin), ten));
  g_assert_null (tokens_token_get_expires_at (admin));
  g_assert_cmpstr (tokens_token_get_summary (admin), ==, "Full access (operator token)");

  g_assert_cmpuint (tokens_token_get_order (fraction), ==, 7);
  g_assert_cmpint (g_date_time_get_microsecond (tokens_token_get_created_at (fraction)), ==, 250000);
  g_assert_cmpint (g_date_time_to_unix (tokens_token_get_created_at (fraction)), ==,
                   g_date_time_to_unix (ten));
  g_assert_cmpint (g_date_time_to_unix (tokens_token_get_expires_at (fraction)), ==, 1780272000);
  g_assert_cmpstr (tokens_token_get_description (fraction), ==, "Nightly");
  g_assert_false (tokens_token_get_is_protected (fraction));
  g_assert_cmpstr (tokens_token_get_raw_permissions (fraction), ==, "db:sensors:write");
  g_assert_cmpstr (tokens_token_get_summary (fraction), ==, "Write database sensors");

  g_assert_true (g_date_time_equal (tokens_token_get_created_at (offset), ten));
  g_assert_null (tokens_token_get_hash (offset));
  g_assert_null (offset->description);
  g_assert_null (tokens_token_get_expires_at (offset));
  g_assert_cmpstr (tokens_token_get_summary (offset), ==, "Read databases a, b");
}

static void
test_empty_array (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = read_text ("[]", -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (tokens);
  g_assert_cmpuint (tokens->len, ==, 0);
}

static void
test_summaries (void)
{
  struct { const char *permissions; gboolean is_operator; const char *summary; gboolean all; } cases[] = {
    { "*:*:*", FALSE, "Full access (admin token)", TRUE },
    { "*:*:*", TRUE, "Full access (operator token)", TRUE },
    { "db:db1,db2:read,write", FALSE, "Read and write databases db1, db2", FALSE },
    { "db:*:read", FALSE, "Read all databases", FALSE },
    { "db:*:write", FALSE, "Write all databases", FALSE },
    { "db:*:read,write", FALSE, "Read and write all databases", FALSE },
    { "db:sensors:write", FALSE, "Write database sensors", FALSE },
    { "db:sensors:read,write", FALSE, "Read and write database sensors", FALSE },
    { "system:health:read", FALSE, "Read health", FALSE },
    { "system:*:read", FALSE, "Read all system information", FALSE },
    { "db:db1,db2:read,write;system:health:read", FALSE,
      "Read and write databases db1, db2; Read health", FALSE },
    { "db:a:read;*:*:*", FALSE, "Read database a; Full access (admin token)", TRUE },
    /* What does not parse is shown as written. */
    { "db:a:delete", FALSE, "db:a:delete", FALSE },
    { "table:a:read", FALSE, "table:a:read", FALSE },
    { "db:a", FALSE, "db:a", FALSE },
    { "db::read", FALSE, "db::read", FALSE },
    { "db:a,,b:read", FALSE, "db:a,,b:read", FALSE },
    { "db:a,*:read", FALSE, "db:a,*:read", FALSE },
    { "db:a:read:extra", FALSE, "db:a:read:extra", FALSE },
    { "db:a:read;garbage", FALSE, "Read database a; garbage", FALSE },
    { "", FALSE, "No permissions", FALSE },
    { NULL, FALSE, "No permissions", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean all = !cases[i].all;
      g_autofree char *summary = tokens_v3_token_reader_describe (cases[i].permissions,
                                                                  cases[i].is_operator, &all);

      g_assert_cmpstr (summary, ==, cases[i].summary);
      g_assert_cmpint (all, ==, cases[i].all);
    }
}

/* Every token but _admin holding *:*:* is an admin token. */
static void
test_all_access (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = read_text (
    "[{\"name\": \"ops\", \"permissions\": \"*:*:*\"},"
    " {\"name\": \"reader\", \"permissions\": \"db:*:read\"}]", -1, &error);

  g_assert_no_error (error);
  g_assert_true (tokens_token_get_is_all_access (g_ptr_array_index (tokens, 0)));
  g_assert_false (tokens_token_get_is_operator (g_ptr_array_index (tokens, 0)));
  g_assert_false (tokens_token_get_is_protected (g_ptr_array_index (tokens, 0)));
  g_assert_false (tokens_token_get_is_all_access (g_ptr_array_index (tokens, 1)));
}

/* Only what could be a SHA-512 prefix is kept as a hash. */
static void
test_hash (void)
{
  g_autofree char *long_hash = g_strnfill (129, 'a');
  g_autofree char *max_hash = g_strnfill (128, 'b');
  g_autofree char *text = g_strdup_printf ("[{\"name\": \"a\", \"hash\": \"%s\"},"
                                           " {\"name\": \"b\", \"hash\": \"%s\"},"
                                           " {\"name\": \"c\", \"hash\": \"\"},"
                                           " {\"name\": \"d\", \"hash\": \"12 34\"}]",
                                           long_hash, max_hash);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = read_text (text, -1, &error);

  g_assert_no_error (error);
  g_assert_null (tokens_token_get_hash (g_ptr_array_index (tokens, 0)));
  g_assert_cmpstr (tokens_token_get_hash (g_ptr_array_index (tokens, 1)), ==, max_hash);
  g_assert_null (tokens_token_get_hash (g_ptr_array_index (tokens, 2)));
  g_assert_null (tokens_token_get_hash (g_ptr_array_index (tokens, 3)));
}

static void
test_refused (void)
{
  g_autofree char *deep = NULL;
  g_autofree char *deep_row = NULL;

  assert_refused ("", 0, "empty");
  assert_refused ("{\"name\": \"a\"}", -1, "not a JSON array");
  assert_refused ("\"rows\"", -1, "not a JSON array");
  assert_refused ("null", -1, "not a JSON array");
  assert_refused ("[{\"name\": \"a\"", -1, "The server sent a response this app cannot read");
  assert_refused ("[{\"name\": \"a\"}, 3]", -1, "row 2 of the token list: it is not an object");
  assert_refused ("[[]]", -1, "row 1 of the token list: it is not an object");
  assert_refused ("[null]", -1, "row 1 of the token list: it is not an object");
  assert_refused ("[{\"token_id\": 1}]", -1, "row 1 of the token list: it has no name");
  assert_refused ("[{\"name\": \"\"}]", -1, "row 1 of the token list: it has no name");
  assert_refused ("[{\"name\": null}]", -1, "row 1 of the token list: it has no name");
  assert_refused ("[{\"name\": 5}]", -1, "“name” is not a string");
  assert_refused ("[{\"name\": \"a\"}, {\"name\": \"a\"}]", -1, "row 2 of the token list: the name “a” is listed twice");
  assert_refused ("[{\"name\": \"a\", \"token_id\": \"1\"}]", -1, "“token_id” is not a whole number");
  assert_refused ("[{\"name\": \"a\", \"token_id\": 1.5}]", -1, "“token_id” is not a whole number");
  assert_refused ("[{\"name\": \"a\", \"token_id\": -1}]", -1, "“token_id” is not a whole number");
  assert_refused ("[{\"name\": \"a\", \"token_id\": [1]}]", -1, "“token_id” is not a whole number");
  assert_refused ("[{\"name\": \"a\", \"hash\": 12}]", -1, "“hash” is not a string");
  assert_refused ("[{\"name\": \"a\", \"permissions\": [\"*:*:*\"]}]", -1, "“permissions” is not a string");
  assert_refused ("[{\"name\": \"a\", \"description\": true}]", -1, "“description” is not a string");
  assert_refused ("[{\"name\": \"a\", \"created_at\": 1746093600}]", -1, "“created_at” is not a string");
  assert_refused ("[{\"name\": \"a\", \"created_at\": \"yesterday\"}]", -1, "“created_at” is not a date and time");
  assert_refused ("[{\"name\": \"a\", \"created_at\": \"2026-13-01T10:00:00\"}]", -1, "“created_at” is not a date and time");
  assert_refused ("[{\"name\": \"a\"}, {\"name\": \"b\", \"expiry\": \"2026-05-01\"}]", -1,
                  "row 2 of the token list: “expiry” is not a date and time");
  assert_refused ("[{\"name\": \"a\", \"expiry\": \"2026-05-01T10:00:00+99:00\"}]", -1, "“expiry” is not a date and time");
  assert_refused ("[{\"name\": \"caf\xe9\"}]", -1, "not UTF-8");
  assert_refused ("[{\"name\": \"a\"}]\0", 16, "not UTF-8");

  /* Deeper than the limit, even in a column that is skipped; then deep
   * enough to overflow json-glib's recursion. Both refused before parsing. */
  {
    g_autofree char *open = g_strnfill (300, '[');
    g_autofree char *close = g_strnfill (300, ']');

    deep_row = g_strconcat ("[{\"name\": \"a\", \"extra\": ", open, close, "}]", NULL);
  }
  assert_refused (deep_row, -1, "nested too deeply");
  deep = g_strnfill (100000, '[');
  assert_refused (deep, -1, "nested too deeply");
}

int
main (int   argc,
      char *argv[])
{
  /* A zone five hours east of UTC, needing no time zone database: a
   * naive timestamp read as local time is five hours off. */
  g_setenv ("TZ", "XST-5", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/tokens/v3-reader/rows", test_rows);
  g_test_add_func ("/tokens/v3-reader/empty-array", test_empty_array);
  g_test_add_func ("/tokens/v3-reader/summaries", test_summaries);
  g_test_add_func ("/tokens/v3-reader/all-access", test_all_access);
  g_test_add_func ("/tokens/v3-reader/hash", test_hash);
  g_test_add_func ("/tokens/v3-reader/refused", test_refused);

  return g_test_run ();
}
