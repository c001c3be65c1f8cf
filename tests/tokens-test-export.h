/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What test-export and test-window-export share: a strict RFC 4180 reader,
 * and what each column of an export should hold for a token, worked out
 * here from the token's getters rather than by the code under test.
 * Included once per test executable, so its functions are static.
 */

#include <json-glib/json-glib.h>
#include <string.h>

#include "tokens-token.h"

/* Reads @text as RFC 4180 with CRLF line ends: each record a GPtrArray of
 * cells. Anything RFC 4180 does not allow (a quote inside an unquoted
 * cell, text after a closing quote, a bare LF between records, a last
 * record without its CRLF) fails the test. */
static G_GNUC_UNUSED GPtrArray *
tokens_test_csv_parse (const char *text,
                       gsize       length)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  const char *p = text;
  const char *end = text + length;

  g_assert_true (g_utf8_validate (text, length, NULL));
  while (p < end)
    {
      GPtrArray *record = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (records, record);
      for (;;)
        {
          GString *cell = g_string_new (NULL);

          if (p < end && *p == '"')
            {
              p++;
              for (;;)
                {
                  g_assert_true (p < end);   /* a quoted cell is closed */
                  if (*p == '"')
                    {
                      if (p + 1 < end && p[1] == '"')
                        {
                          g_string_append_c (cell, '"');
                          p += 2;
                          continue;
                        }
                      p++;
                      break;
                    }
                  g_string_append_c (cell, *p++);
                }
            }
          else
            {
              while (p < end && *p != ',' && *p != '\r' && *p != '\n')
                {
                  g_assert_cmpint (*p, !=, '"');
                  g_string_append_c (cell, *p++);
                }
            }
          g_ptr_array_add (record, g_string_free (cell, FALSE));

          g_assert_true (p < end);   /* every record ends with CRLF */
          if (*p == ',')
            {
              p++;
              continue;
            }
          g_assert_cmpint (*p, ==, '\r');
          g_assert_true (p + 1 < end && p[1] == '\n');
          p += 2;
          break;
        }
    }
  return records;
}

/* What a spreadsheet sees of @value once the formula guard did its work. */
static G_GNUC_UNUSED char *
tokens_test_csv_guarded (const char *value)
{
  if (value == NULL)
    return g_strdup ("");
  if (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
      value[0] == '\t' || value[0] == '\r')
    return g_strconcat ("'", value, NULL);
  return g_strdup (value);
}

static G_GNUC_UNUSED char *
tokens_test_iso (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    return NULL;
  utc = g_date_time_to_utc (time);
  return g_date_time_format_iso8601 (utc);
}

/* The CSV's columns, in order; JSON's keys are the same but for the two
 * permission columns, which are one array there. */
static const char * const tokens_test_export_columns[] = {
  "id", "name", "description", "owner", "owner_id", "org", "org_id", "status",
  "created", "expires", "revoked", "operator", "all_access", "summary",
  "permissions", "permissions_raw", NULL
};

#define TOKENS_TEST_EXPORT_N_COLUMNS 16

/* Each permission of @token as {words, raw}: v2's one by one; the other
 * APIs' as the one string their server wrote. */
static G_GNUC_UNUSED GPtrArray *
tokens_test_export_permissions (TokensToken *token)
{
  GPtrArray *pairs = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  GPtrArray *v2 = tokens_token_get_permissions (token);

  if (tokens_token_get_raw_permissions (token) != NULL)
    {
      char *pair[] = { g_strdup (tokens_token_get_summary (token)),
                       g_strdup (tokens_token_get_raw_permissions (token)), NULL };

      g_ptr_array_add (pairs, g_strdupv (pair));
      g_free (pair[0]);
      g_free (pair[1]);
      return pairs;
    }
  for (guint i = 0; v2 != NULL && i < v2->len; i++)
    {
      const TokensPermission *p = g_ptr_array_index (v2, i);
      g_autofree char *words = tokens_permission_describe (p);
      g_autoptr(GString) raw = g_string_new (p->action == TOKENS_ACTION_READ ? "read:" : "write:");
      char *pair[3];

      if (p->resource_org_id != NULL)
        g_string_append_printf (raw, "orgs/%s/", p->resource_org_id);
      g_string_append (raw, p->resource_type);
      if (p->resource_id != NULL)
        g_string_append_printf (raw, "/%s", p->resource_id);
      pair[0] = words;
      pair[1] = raw->str;
      pair[2] = NULL;
      g_ptr_array_add (pairs, g_strdupv (pair));
    }
  return pairs;
}

static G_GNUC_UNUSED const char *
tokens_test_status_word (TokensToken *token,
                         GDateTime   *now)
{
  switch (tokens_token_get_status_at (token, now))
    {
    case TOKENS_TOKEN_STATUS_INACTIVE:
      return "inactive";
    case TOKENS_TOKEN_STATUS_EXPIRED:
      return "expired";
    case TOKENS_TOKEN_STATUS_REVOKED:
      return "revoked";
    case TOKENS_TOKEN_STATUS_ACTIVE:
    default:
      return "active";
    }
}

/* What each column should hold for @token: TOKENS_TEST_EXPORT_N_COLUMNS
 * values, %NULL where there is nothing; the booleans "true" or "false". */
static G_GNUC_UNUSED GPtrArray *
tokens_test_export_expected (TokensToken *token,
                             GDateTime   *now)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) permissions = tokens_test_export_permissions (token);
  g_autoptr(GString) words = g_string_new (NULL);
  g_autoptr(GString) raw = g_string_new (NULL);

  g_ptr_array_add (values, g_strdup (tokens_token_get_id (token)));
  g_ptr_array_add (values, tokens_token_get_is_named (token) ? g_strdup (tokens_token_get_id (token)) : NULL);
  g_ptr_array_add (values, g_strdup (tokens_token_get_description (token)));
  g_ptr_array_add (values, g_strdup (tokens_token_get_user (token)));
  g_ptr_array_add (values, g_strdup (tokens_token_get_user_id (token)));
  g_ptr_array_add (values, g_strdup (tokens_token_get_org (token)));
  g_ptr_array_add (values, g_strdup (tokens_token_get_org_id (token)));
  g_ptr_array_add (values, g_strdup (tokens_test_status_word (token, now)));
  g_ptr_array_add (values, tokens_test_iso (tokens_token_get_created_at (token)));
  g_ptr_array_add (values, tokens_test_iso (tokens_token_get_expires_at (token)));
  g_ptr_array_add (values, tokens_test_iso (tokens_token_get_revoked_at (token)));
  g_ptr_array_add (values, g_strdup (tokens_token_get_is_operator (token) ? "true" : "false"));
  g_ptr_array_add (values, g_strdup (tokens_token_get_is_all_access (token) ? "true" : "false"));
  g_ptr_array_add (values, g_strdup (tokens_token_get_summary (token)));
  for (guint i = 0; i < permissions->len; i++)
    {
      char **pair = g_ptr_array_index (permissions, i);

      g_string_append_printf (words, "%s%s", i > 0 ? "\n" : "", pair[0]);
      g_string_append_printf (raw, "%s%s", i > 0 ? "\n" : "", pair[1]);
    }
  g_ptr_array_add (values, g_strdup (words->str));
  g_ptr_array_add (values, g_strdup (raw->str));
  g_assert_cmpuint (values->len, ==, TOKENS_TEST_EXPORT_N_COLUMNS);
  return values;
}

/* Checks one CSV export against @tokens, row by row and cell by cell. */
static G_GNUC_UNUSED void
tokens_test_export_check_csv (GBytes     *bytes,
                              GListModel *tokens,
                              GDateTime  *now)
{
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);
  g_autoptr(GPtrArray) records = tokens_test_csv_parse (text, length);
  GPtrArray *header;

  g_assert_cmpuint (records->len, ==, g_list_model_get_n_items (tokens) + 1);
  header = g_ptr_array_index (records, 0);
  g_assert_cmpuint (header->len, ==, TOKENS_TEST_EXPORT_N_COLUMNS);
  for (guint c = 0; c < TOKENS_TEST_EXPORT_N_COLUMNS; c++)
    g_assert_cmpstr (g_ptr_array_index (header, c), ==, tokens_test_export_columns[c]);

  for (guint i = 0; i < g_list_model_get_n_items (tokens); i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (tokens, i);
      g_autoptr(GPtrArray) expected = tokens_test_export_expected (token, now);
      GPtrArray *record = g_ptr_array_index (records, i + 1);

      g_assert_cmpuint (record->len, ==, TOKENS_TEST_EXPORT_N_COLUMNS);
      for (guint c = 0; c < TOKENS_TEST_EXPORT_N_COLUMNS; c++)
        {
          g_autofree char *cell = tokens_test_csv_guarded (g_ptr_array_index (expected, c));

          g_assert_cmpstr (g_ptr_array_index (record, c), ==, cell);
        }
    }
}

static G_GNUC_UNUSED const char *
tokens_test_json_string (JsonObject *object,
                         const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);   /* every key is there, null or not */
  if (JSON_NODE_HOLDS_NULL (node))
    return NULL;
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  return json_node_get_string (node);
}

/* Checks one JSON export against @tokens, token by token and key by key. */
static G_GNUC_UNUSED void
tokens_test_export_check_json (GBytes     *bytes,
                               GListModel *tokens,
                               GDateTime  *now,
                               gboolean    exact_time,
                               const char *server_url)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);
  JsonObject *root;
  JsonArray *array;

  json_parser_load_from_data (parser, text, length, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_nonnull (root);
  g_assert_cmpstr (tokens_test_json_string (root, "server"), ==, server_url);
  if (now != NULL)
    {
      g_autofree char *iso = tokens_test_iso (now);
      g_autoptr(GDateTime) exported = g_date_time_new_from_iso8601 (tokens_test_json_string (root, "exported_at"),
                                                                   NULL);

      /* Exactly @now when it was given to the export, or else soon after. */
      g_assert_nonnull (exported);
      g_assert_true (g_str_has_suffix (tokens_test_json_string (root, "exported_at"), "Z"));
      if (exact_time)
        g_assert_cmpstr (tokens_test_json_string (root, "exported_at"), ==, iso);
      else
        g_assert_cmpint (g_date_time_difference (exported, now), <, 60 * G_USEC_PER_SEC);
    }
  array = json_object_get_array_member (root, "tokens");
  g_assert_cmpuint (json_array_get_length (array), ==, g_list_model_get_n_items (tokens));

  for (guint i = 0; i < g_list_model_get_n_items (tokens); i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (tokens, i);
      g_autoptr(GPtrArray) expected = tokens_test_export_expected (token, now);
      g_autoptr(GPtrArray) permissions = tokens_test_export_permissions (token);
      JsonObject *object = json_array_get_object_element (array, i);
      JsonArray *listed;

      g_assert_cmpuint (json_object_get_size (object), ==, TOKENS_TEST_EXPORT_N_COLUMNS - 1);
      for (guint c = 0; c < TOKENS_TEST_EXPORT_N_COLUMNS - 2; c++)
        {
          const char *key = tokens_test_export_columns[c];

          if (g_str_equal (key, "operator") || g_str_equal (key, "all_access"))
            g_assert_cmpstr (json_object_get_boolean_member (object, key) ? "true" : "false", ==,
                             g_ptr_array_index (expected, c));
          else
            g_assert_cmpstr (tokens_test_json_string (object, key), ==, g_ptr_array_index (expected, c));
        }

      listed = json_object_get_array_member (object, "permissions");
      g_assert_cmpuint (json_array_get_length (listed), ==, permissions->len);
      for (guint p = 0; p < permissions->len; p++)
        {
          JsonObject *permission = json_array_get_object_element (listed, p);
          char **pair = g_ptr_array_index (permissions, p);

          g_assert_cmpuint (json_object_get_size (permission), ==, 2);
          g_assert_cmpstr (json_object_get_string_member (permission, "words"), ==, pair[0]);
          g_assert_cmpstr (json_object_get_string_member (permission, "raw"), ==, pair[1]);
        }
    }
}
