/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-api-json.h"
#include "tokens-client-error.h"
#include "tokens-error-body-reader.h"

#include <string.h>

static GBytes *
bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static GPtrArray *
parse_list (const char  *text,
            GError     **error)
{
  g_autoptr(GBytes) body = bytes (text);
  return tokens_api_parse_authorization_list (body, error);
}

static void
test_ids (void)
{
  g_assert_true (tokens_api_id_is_valid ("0a1b2c3d4e5f6071"));
  g_assert_true (tokens_api_id_is_valid ("0A1B2C3D4E5F6071"));
  g_assert_false (tokens_api_id_is_valid (NULL));
  g_assert_false (tokens_api_id_is_valid (""));
  g_assert_false (tokens_api_id_is_valid ("abc"));
  g_assert_false (tokens_api_id_is_valid ("0a1b2c3d4e5f60712"));
  g_assert_false (tokens_api_id_is_valid ("0a1b2c3d4e5f607g"));
  g_assert_false (tokens_api_id_is_valid ("0000000000000000"));
  g_assert_false (tokens_api_id_is_valid ("../../../etc/pa"));
  g_assert_false (tokens_api_id_is_valid ("0a1b2c3d4e5f607/"));
  g_assert_false (tokens_api_id_is_valid ("0a1b2c3d 4e5f607"));
}

static void
test_full_object (void)
{
  const char *text =
    "{\"links\":{\"self\":\"/api/v2/authorizations\",\"next\":\"/never/followed\"},"
    "\"authorizations\":[{"
    "\"id\":\"0a1b2c3d4e5f6071\",\"token\":\"secret-value\",\"status\":\"inactive\","
    "\"description\":\"Telegraf\",\"orgID\":\"9a51c3d2b4e60f17\",\"org\":\"my-org\","
    "\"userID\":\"0b1e2c3d4f5a6b70\",\"user\":\"admin\","
    "\"permissions\":[{\"action\":\"write\",\"resource\":{\"type\":\"buckets\",\"id\":\"51e2a3b4c5d6e7f0\","
    "\"orgID\":\"9a51c3d2b4e60f17\",\"name\":\"telegraf\",\"org\":\"my-org\"}}],"
    "\"links\":{\"self\":\"/api/v2/authorizations/0a1b2c3d4e5f6071\",\"user\":\"/api/v2/users/0b1e2c3d4f5a6b70\"},"
    "\"createdAt\":\"2024-01-15T09:12:33.481516234Z\",\"updatedAt\":\"2024-02-01T10:00:00+02:00\","
    "\"someFutureField\":{\"nested\":[1,2,3]}}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = parse_list (text, &error);
  TokensToken *a;
  TokensPermission *p;

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  a = g_ptr_array_index (list, 0);

  g_assert_cmpstr (tokens_token_get_id (a), ==, "0a1b2c3d4e5f6071");
  g_assert_true (tokens_token_has_token_value (a));
  g_assert_false (tokens_token_get_active (a));
  g_assert_cmpstr (tokens_token_get_description (a), ==, "Telegraf");
  g_assert_cmpstr (tokens_token_get_org_id (a), ==, "9a51c3d2b4e60f17");
  g_assert_cmpstr (tokens_token_get_org (a), ==, "my-org");
  g_assert_cmpstr (tokens_token_get_user (a), ==, "admin");
  g_assert_cmpint (g_date_time_get_year (tokens_token_get_created_at (a)), ==, 2024);
  g_assert_cmpint (g_date_time_get_microsecond (tokens_token_get_created_at (a)), ==, 481516);
  g_assert_cmpint (g_date_time_get_hour (tokens_token_get_updated_at (a)), ==, 10);

  g_assert_cmpuint (tokens_token_get_permissions (a)->len, ==, 1);
  p = g_ptr_array_index (tokens_token_get_permissions (a), 0);
  g_assert_cmpint (p->action, ==, TOKENS_ACTION_WRITE);
  g_assert_cmpstr (p->resource_type, ==, "buckets");
  g_assert_cmpstr (p->resource_name, ==, "telegraf");
  g_assert_cmpstr (tokens_token_get_summary (a), ==, "Write bucket telegraf");
}

static void
test_minimal_object (void)
{
  /* Missing optional members, empty status, null values, unknown types. */
  const char *text =
    "{\"authorizations\":[{\"id\":\"0a1b2c3d4e5f6071\",\"status\":\"\",\"description\":null,"
    "\"permissions\":[{\"action\":\"read\",\"resource\":{\"type\":\"quantumFoam\",\"id\":\"\"}}]}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = parse_list (text, &error);
  TokensToken *a;

  g_assert_no_error (error);
  a = g_ptr_array_index (list, 0);
  g_assert_true (tokens_token_get_active (a));
  g_assert_cmpstr (tokens_token_get_description (a), ==, "");
  g_assert_cmpstr (tokens_token_get_display_name (a), ==, "0a1b2c3d4e5f6071");
  g_assert_null (tokens_token_get_org (a));
  g_assert_null (tokens_token_get_created_at (a));
  g_assert_false (tokens_token_has_token_value (a));
  g_assert_cmpstr (tokens_token_get_summary (a), ==, "Read all quantumFoam");
}

static void
test_token_values (void)
{
  const char *values[] = { "\"\"", "\"redacted\"", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *text =
        g_strdup_printf ("{\"authorizations\":[{\"id\":\"0a1b2c3d4e5f6071\",\"token\":%s}]}",
                         values[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) list = parse_list (text, &error);

      g_assert_no_error (error);
      g_assert_false (tokens_token_has_token_value (g_ptr_array_index (list, 0)));
    }
}

static void
test_empty_lists (void)
{
  const char *texts[] = {
    "{\"links\":{\"self\":\"/api/v2/authorizations\"},\"authorizations\":[]}",
    "{\"links\":{}}",
    "{\"authorizations\":null}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) list = parse_list (texts[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (list);
      g_assert_cmpuint (list->len, ==, 0);
    }
}

static void
test_invalid (void)
{
  const char *texts[] = {
    "",
    "   ",
    "<html><body>502 Bad Gateway</body></html>",
    "[]",
    "\"authorizations\"",
    "{\"authorizations\":{}}",
    "{\"authorizations\":[42]}",
    "{\"authorizations\":[{}]}",
    "{\"authorizations\":[{\"id\":42}]}",
    "{\"authorizations\":[{\"id\":\"0a1b2c3d4e5f6071\",\"status\":true}]}",
    "{\"authorizations\":[{\"id\":\"0a1b2c3d4e5f6071\",\"status\":\"revoked\"}]}",
    "{\"authorizations\":[{\"id\":\"0a1b2c3d4e5f6071\",\"description\":[]}]}",
    "{\"authorizations\":[{\"id\":\"0a1b2c3d4e5f6071\",\"permissions\":\"all\"}]}",
    "{\"authorizations\":[{\"id\":\"0a1b2c3d4e5f6071\",\"permissions\":[1]}]}",
    "{\"authorizations\":[{\"id\":\"0a1b2c3d4e5f6071\",\"permissions\":[{\"action\":\"delete\","
      "\"resource\":{\"type\":\"buckets\"}}]}]}",
    "{\"authorizations\":[{\"id\":\"0a1b2c3d4e5f6071\",\"permissions\":[{\"action\":\"read\"}]}]}",
    "{\"authorizations\":[{\"id\":\"0a1b2c3d4e5f6071\",\"permissions\":[{\"action\":\"read\","
      "\"resource\":{\"id\":\"x\"}}]}]}",
    "{\"authorizations\":[{\"id\":\"0a1b2c3d4e5f6071\",\"createdAt\":\"yesterday\"}]}",
    "{\"authorizations\":[{\"id\":\"0a1b2c3d4e5f6071\",\"createdAt\":1700000000}]}",
    "{\"authorizations\":[{\"id\":\"0a1b2c3d4e5f60",
    "{\"authorizations\":[{\"id\":\"\xff\xfe\"}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) list = parse_list (texts[i], &error);

      g_test_message ("case %u", i);
      g_assert_null (list);
      g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TokensToken) a = tokens_api_parse_authorization (NULL, &error);
    g_assert_null (a);
    g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);
  }
}

static void
test_deeply_nested (void)
{
  GString *text = g_string_new ("{\"authorizations\":[{\"id\":\"0a1b2c3d4e5f6071\",\"x\":");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 5000; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (text, ']');
  g_string_append (text, "}]}");

  body = g_bytes_new_take (text->str, text->len);
  g_string_free (text, FALSE);
  list = tokens_api_parse_authorization_list (body, &error);
  /* Either parsed with the member ignored or refused; never a crash. */
  g_assert_true ((list != NULL) != (error != NULL));
}

static void
test_error_bodies (void)
{
  struct { const char *text; gboolean ok; const char *code; const char *message; } cases[] = {
    { "{\n\t\"code\": \"not found\",\n\t\"message\": \"authorization not found\"\n}", TRUE,
      "not found", "authorization not found" },
    { "{\"code\":\"unauthorized\",\"message\":\"unauthorized access\"}", TRUE,
      "unauthorized", "unauthorized access" },
    { "{\"message\":\"no code\"}", TRUE, NULL, "no code" },
    { "{\"code\":\"invalid\"}", FALSE, NULL, NULL },
    { "{\"code\":\"invalid\",\"message\":\"\"}", FALSE, NULL, NULL },
    { "{\"code\":1,\"message\":\"x\"}", FALSE, NULL, NULL },
    { "<html>502</html>", FALSE, NULL, NULL },
    { "", FALSE, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = bytes (cases[i].text);
      g_autofree char *code = NULL;
      g_autofree char *message = NULL;

      g_assert_cmpint (tokens_api_parse_error_body (body, &code, &message), ==, cases[i].ok);
      g_assert_cmpstr (code, ==, cases[i].code);
      g_assert_cmpstr (message, ==, cases[i].message);
    }
}

static void
test_update_body (void)
{
  struct { int active; const char *description; const char *expected; } cases[] = {
    { 0, NULL, "{\"status\":\"inactive\"}" },
    { 1, NULL, "{\"status\":\"active\"}" },
    { -1, "Say \"hi\"", "{\"description\":\"Say \\\"hi\\\"\"}" },
    { 1, "", "{\"status\":\"active\",\"description\":\"\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = tokens_api_build_update_body (cases[i].active, cases[i].description);
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/*
 * Every token is known by its id: a delete or an update names it, and a
 * token without one could be mistaken for another. An answer about one
 * token (get, patch, create) and each token of a list must have a
 * non-empty id, or the answer is refused.
 */
static void
test_no_id (void)
{
  const char *singles[] = {
    "{\"token\":\"secret\",\"status\":\"active\",\"description\":\"x\","
      "\"orgID\":\"9a51c3d2b4e60f17\"}",
    "{\"id\":null,\"description\":\"x\"}",
    "{\"id\":\"\",\"description\":\"x\"}",
  };
  const char *lists[] = {
    "{\"authorizations\":[{\"id\":\"\",\"description\":\"x\"}]}",
    "{\"authorizations\":[{\"id\":\"0a1b2c3d4e5f6071\"},{\"id\":\"\",\"status\":\"active\"}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (singles); i++)
    {
      g_autoptr(GBytes) body = bytes (singles[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(TokensToken) a = tokens_api_parse_authorization (body, &error);

      g_test_message ("single %u", i);
      g_assert_null (a);
      g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) list = parse_list (lists[i], &error);

      g_test_message ("list %u", i);
      g_assert_null (list);
      g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);
    }

  /* The same answers with an id are read. */
  {
    g_autoptr(GBytes) body = bytes ("{\"id\":\"0a1b2c3d4e5f6071\",\"description\":\"x\"}");
    g_autoptr(GError) error = NULL;
    g_autoptr(TokensToken) a = tokens_api_parse_authorization (body, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (tokens_token_get_id (a), ==, "0a1b2c3d4e5f6071");
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) list =
      parse_list ("{\"authorizations\":[{\"id\":\"0a1b2c3d4e5f6071\",\"description\":\"x\"}]}",
                  &error);

    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 1);
  }
}

/* One token with read and write on each of @types, server-wide. */
static char *
server_wide_token (const char * const *types)
{
  GString *text = g_string_new ("{\"id\":\"0a1b2c3d4e5f6071\",\"orgID\":\"9a51c3d2b4e60f17\","
                                "\"org\":\"my-org\",\"permissions\":[");

  for (guint i = 0; types[i] != NULL; i++)
    g_string_append_printf (text, "%s{\"action\":\"read\",\"resource\":{\"type\":\"%s\"}},"
                            "{\"action\":\"write\",\"resource\":{\"type\":\"%s\"}}",
                            i > 0 ? "," : "", types[i], types[i]);
  g_string_append (text, "]}");
  return g_string_free (text, FALSE);
}

/*
 * An operator token holds read and write on tokens, users and
 * organizations, all server-wide; take any one away and it is not one.
 * Both readers classify: the one for a single token and the one for lists.
 */
static void
test_operator_classification (void)
{
  struct { const char *types[5]; gboolean operator; } cases[] = {
    { { "authorizations", "orgs", "users", "buckets", NULL }, TRUE },
    { { "authorizations", "orgs", "buckets", NULL }, FALSE },
    { { "authorizations", "users", "buckets", NULL }, FALSE },
    { { "orgs", "users", "buckets", NULL }, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *one = server_wide_token (cases[i].types);
      g_autofree char *text = g_strdup_printf ("{\"authorizations\":[%s]}", one);
      g_autoptr(GBytes) body = bytes (one);
      g_autoptr(GError) error = NULL;
      g_autoptr(TokensToken) a = tokens_api_parse_authorization (body, &error);
      g_autoptr(GPtrArray) list = NULL;

      g_test_message ("case %u", i);
      g_assert_no_error (error);
      g_assert_cmpint (tokens_token_get_is_operator (a), ==, cases[i].operator);
      /* Nor is it all-access: it has no organization-wide permissions. */
      g_assert_false (tokens_token_get_is_all_access (a));

      list = parse_list (text, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (list->len, ==, 1);
      g_assert_cmpint (tokens_token_get_is_operator (g_ptr_array_index (list, 0)), ==,
                       cases[i].operator);
    }
}

/*
 * A single token and each token of a list are read by one table: the same
 * body says the same thing both ways, even when it has several faults
 * (member types as the server sent them, then what is missing).
 */
static void
test_same_rules (void)
{
  const char *elements[] = {
    "{\"id\":\"\",\"permissions\":5}",
    "{\"status\":\"revoked\",\"createdAt\":5,\"id\":\"0a1b2c3d4e5f6071\"}",
    "{\"id\":\"0a1b2c3d4e5f6071\",\"status\":\"revoked\",\"createdAt\":\"yesterday\"}",
    "{\"id\":\"0a1b2c3d4e5f6071\",\"permissions\":[{\"resource\":{\"type\":1},"
      "\"action\":\"delete\"}]}",
    "{\"id\":\"0a1b2c3d4e5f6071\",\"permissions\":[{\"action\":\"delete\","
      "\"resource\":{}}]}",
    "{\"id\":\"0a1b2c3d4e5f6071\",\"permissions\":[{\"action\":\"read\","
      "\"resource\":{\"type\":\"\"}}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"authorizations\":[%s]}", elements[i]);
      g_autoptr(GBytes) body = bytes (elements[i]);
      g_autoptr(GError) single_error = NULL;
      g_autoptr(GError) list_error = NULL;
      g_autoptr(TokensToken) a = tokens_api_parse_authorization (body, &single_error);
      g_autoptr(GPtrArray) list = parse_list (text, &list_error);

      g_test_message ("case %u", i);
      g_assert_null (a);
      g_assert_null (list);
      g_assert_error (single_error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);
      g_assert_error (list_error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);
      g_assert_cmpstr (single_error->message, ==, list_error->message);
    }
}

/* json-glib takes GScanner's octal escapes, "\\202", and writes the byte
 * they name: a body of plain ASCII would make a string that is not UTF-8.
 * Found by tests/fuzz/fuzz-authorization.c (its seed octal-escape.json). */
static void
test_octal_escape (void)
{
  const char *single = "{\"id\":\"0a1b2c3d4e5f6071\",\"description\":\"a\\202\"}";
  g_autofree char *text = g_strdup_printf ("{\"authorizations\":[%s]}", single);
  g_autoptr(GBytes) body = bytes (single);
  g_autoptr(GError) single_error = NULL;
  g_autoptr(GError) list_error = NULL;
  g_autoptr(TokensToken) a = tokens_api_parse_authorization (body, &single_error);
  g_autoptr(GPtrArray) list = parse_list (text, &list_error);

  g_assert_null (a);
  g_assert_error (single_error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (single_error->message, "not UTF-8"));
  g_assert_null (list);
  g_assert_error (list_error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);

  /* An error body's message is shown in the window: the same rule. */
  {
    g_autoptr(GBytes) error_body = bytes ("{\"code\":\"invalid\",\"message\":\"x\\202\"}");
    g_autofree char *message = NULL;
    g_autofree char *code = NULL;

    if (tokens_error_body_reader_read (error_body, &code, &message))
      g_assert_true (message == NULL || g_utf8_validate (message, -1, NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/tokens/api-json/octal-escape", test_octal_escape);

  g_test_add_func ("/tokens/api-json/ids", test_ids);
  g_test_add_func ("/tokens/api-json/full-object", test_full_object);
  g_test_add_func ("/tokens/api-json/minimal-object", test_minimal_object);
  g_test_add_func ("/tokens/api-json/token-values", test_token_values);
  g_test_add_func ("/tokens/api-json/empty-lists", test_empty_lists);
  g_test_add_func ("/tokens/api-json/invalid", test_invalid);
  g_test_add_func ("/tokens/api-json/deeply-nested", test_deeply_nested);
  g_test_add_func ("/tokens/api-json/error-bodies", test_error_bodies);
  g_test_add_func ("/tokens/api-json/update-body", test_update_body);
  g_test_add_func ("/tokens/api-json/no-id", test_no_id);
  g_test_add_func ("/tokens/api-json/operator-classification", test_operator_classification);
  g_test_add_func ("/tokens/api-json/same-rules", test_same_rules);

  return g_test_run ();
}
