/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-export"

#include "config.h"

#include "tokens-export.h"

#include <json-glib/json-glib.h>
#include <string.h>

/*
 * A list of tokens as a file a person keeps: CSV for a spreadsheet, JSON
 * for a script. Both hold the same columns, in the order of the table
 * below, and neither ever holds a token's value: nothing here reads it
 * (tokens-token-private.h is not included), so no column can.
 *
 * Every text comes from the server, which may be hostile: in CSV, a cell
 * that a spreadsheet would run as a formula (one beginning with = + - @,
 * a tab or a carriage return) gets a leading apostrophe, as OWASP
 * recommends, and is quoted when it needs to be. JSON is data for
 * programs and is written as the server said it. docs/exporting.md
 * describes both for the people who read the files.
 */

/* ---------------------------------------------------------------------- */
/* What each column holds                                                 */

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    return NULL;
  utc = g_date_time_to_utc (time);
  return g_date_time_format_iso8601 (utc);
}

static const char *
status_word (TokensTokenStatus status)
{
  /* Words for programs and spreadsheets, the same in every language. */
  switch (status)
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

/**
 * tokens_export_raw_permission:
 *
 * Returns: (transfer full): a v2 permission as InfluxDB itself prints it
 *   (`influx auth list`): "read:orgs/{org}/buckets/{id}", "write:users"
 */
char *
tokens_export_raw_permission (const TokensPermission *permission)
{
  GString *raw = g_string_new (permission->action == TOKENS_ACTION_READ ? "read:" : "write:");

  if (permission->resource_org_id != NULL)
    g_string_append_printf (raw, "orgs/%s/", permission->resource_org_id);
  g_string_append (raw, permission->resource_type);
  if (permission->resource_id != NULL)
    g_string_append_printf (raw, "/%s", permission->resource_id);
  return g_string_free (raw, FALSE);
}

typedef struct
{
  char *words;
  char *raw;
} ExportPermission;

static void
export_permission_clear (gpointer data)
{
  ExportPermission *permission = data;

  g_free (permission->words);
  g_free (permission->raw);
}

/* v2's permissions one by one; InfluxDB 3's and the management API's as
 * one entry, their summary and what the server wrote, since the server
 * wrote them as one. */
static GArray *
export_permissions (TokensToken *token)
{
  GArray *permissions = g_array_new (FALSE, TRUE, sizeof (ExportPermission));
  const char *raw = tokens_token_get_raw_permissions (token);
  GPtrArray *v2 = tokens_token_get_permissions (token);

  g_array_set_clear_func (permissions, export_permission_clear);
  if (raw != NULL)
    {
      ExportPermission entry = { g_strdup (tokens_token_get_summary (token)), g_strdup (raw) };

      g_array_append_val (permissions, entry);
      return permissions;
    }

  for (guint i = 0; v2 != NULL && i < v2->len; i++)
    {
      const TokensPermission *p = g_ptr_array_index (v2, i);
      ExportPermission entry = { tokens_permission_describe (p), tokens_export_raw_permission (p) };

      g_array_append_val (permissions, entry);
    }
  return permissions;
}

typedef enum
{
  KIND_TEXT,
  KIND_BOOLEAN,
  KIND_PERMISSIONS,
} ColumnKind;

typedef struct
{
  const char *name;
  ColumnKind kind;
  /* KIND_TEXT: (transfer full) (nullable); KIND_BOOLEAN: "true" or %NULL */
  char *(*get) (TokensToken *token, GDateTime *now);
} Column;

static char *
get_id (TokensToken *token, GDateTime *now)
{
  return g_strdup (tokens_token_get_id (token));
}

static char *
get_name (TokensToken *token, GDateTime *now)
{
  return tokens_token_get_is_named (token) ? g_strdup (tokens_token_get_id (token)) : NULL;
}

static char *
get_description (TokensToken *token, GDateTime *now)
{
  return g_strdup (tokens_token_get_description (token));
}

static char *
get_owner (TokensToken *token, GDateTime *now)
{
  return g_strdup (tokens_token_get_user (token));
}

static char *
get_owner_id (TokensToken *token, GDateTime *now)
{
  return g_strdup (tokens_token_get_user_id (token));
}

static char *
get_org (TokensToken *token, GDateTime *now)
{
  return g_strdup (tokens_token_get_org (token));
}

static char *
get_org_id (TokensToken *token, GDateTime *now)
{
  return g_strdup (tokens_token_get_org_id (token));
}

static char *
get_status (TokensToken *token, GDateTime *now)
{
  return g_strdup (status_word (tokens_token_get_status_at (token, now)));
}

static char *
get_created (TokensToken *token, GDateTime *now)
{
  return format_time (tokens_token_get_created_at (token));
}

static char *
get_expires (TokensToken *token, GDateTime *now)
{
  return format_time (tokens_token_get_expires_at (token));
}

static char *
get_revoked (TokensToken *token, GDateTime *now)
{
  return format_time (tokens_token_get_revoked_at (token));
}

static char *
get_summary (TokensToken *token, GDateTime *now)
{
  return g_strdup (tokens_token_get_summary (token));
}

static char *
get_operator (TokensToken *token, GDateTime *now)
{
  return tokens_token_get_is_operator (token) ? g_strdup ("true") : NULL;
}

static char *
get_all_access (TokensToken *token, GDateTime *now)
{
  return tokens_token_get_is_all_access (token) ? g_strdup ("true") : NULL;
}

/* The columns, in their order; JSON's keys are the same names. */
static const Column columns[] = {
  { "id", KIND_TEXT, get_id },
  { "name", KIND_TEXT, get_name },
  { "description", KIND_TEXT, get_description },
  { "owner", KIND_TEXT, get_owner },
  { "owner_id", KIND_TEXT, get_owner_id },
  { "org", KIND_TEXT, get_org },
  { "org_id", KIND_TEXT, get_org_id },
  { "status", KIND_TEXT, get_status },
  { "created", KIND_TEXT, get_created },
  { "expires", KIND_TEXT, get_expires },
  { "revoked", KIND_TEXT, get_revoked },
  { "operator", KIND_BOOLEAN, get_operator },
  { "all_access", KIND_BOOLEAN, get_all_access },
  { "summary", KIND_TEXT, get_summary },
  { "permissions", KIND_PERMISSIONS, NULL },
};

/* ---------------------------------------------------------------------- */
/* CSV                                                                    */

/**
 * tokens_export_csv_cell:
 * @text: (nullable): what the cell holds; %NULL is an empty cell
 *
 * One cell as RFC 4180 writes it: quoted, its quotes doubled, when it
 * holds a comma, a quote, a CR or an LF. A cell a spreadsheet would take
 * for a formula (= + - @ tab CR first) gets a leading apostrophe first,
 * which spreadsheets show as text and do not run.
 *
 * Returns: (transfer full): the cell
 */
char *
tokens_export_csv_cell (const char *text)
{
  GString *cell;
  gboolean guard, quote;

  if (text == NULL)
    return g_strdup ("");

  guard = text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
  quote = strpbrk (text, ",\"\r\n") != NULL;
  cell = g_string_sized_new (strlen (text) + 3);
  if (quote)
    g_string_append_c (cell, '"');
  if (guard)
    g_string_append_c (cell, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (cell, '"');
      g_string_append_c (cell, *p);
    }
  if (quote)
    g_string_append_c (cell, '"');
  return g_string_free (cell, FALSE);
}

static void
append_cell (GString    *csv,
             const char *text,
             gboolean    first)
{
  g_autofree char *cell = tokens_export_csv_cell (text);

  if (!first)
    g_string_append_c (csv, ',');
  g_string_append (csv, cell);
}

static GBytes *
export_csv (GListModel *tokens,
            GDateTime  *now)
{
  GString *csv = g_string_new (NULL);
  guint n = g_list_model_get_n_items (tokens);

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      if (columns[c].kind == KIND_PERMISSIONS)
        {
          append_cell (csv, "permissions", c == 0);
          append_cell (csv, "permissions_raw", FALSE);
        }
      else
        append_cell (csv, columns[c].name, c == 0);
    }
  g_string_append (csv, "\r\n");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (tokens, i);

      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          if (columns[c].kind == KIND_PERMISSIONS)
            {
              g_autoptr(GArray) permissions = export_permissions (token);
              g_autoptr(GString) words = g_string_new (NULL);
              g_autoptr(GString) raw = g_string_new (NULL);

              /* One line each, in one cell: a spreadsheet shows them so. */
              for (guint p = 0; p < permissions->len; p++)
                {
                  ExportPermission *entry = &g_array_index (permissions, ExportPermission, p);

                  if (p > 0)
                    {
                      g_string_append (words, "\n");
                      g_string_append (raw, "\n");
                    }
                  g_string_append (words, entry->words);
                  g_string_append (raw, entry->raw);
                }
              append_cell (csv, words->str, c == 0);
              append_cell (csv, raw->str, FALSE);
            }
          else if (columns[c].kind == KIND_BOOLEAN)
            {
              g_autofree char *value = columns[c].get (token, now);

              append_cell (csv, value != NULL ? "true" : "false", c == 0);
            }
          else
            {
              g_autofree char *value = columns[c].get (token, now);

              append_cell (csv, value, c == 0);
            }
        }
      g_string_append (csv, "\r\n");
    }

  return g_string_free_to_bytes (csv);
}

/* ---------------------------------------------------------------------- */
/* JSON                                                                   */

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *value)
{
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* The server's address as the window shows it, never with a user or a
 * password in it. */
static char *
public_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL)
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;
  return g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO);
}

static GBytes *
export_json (GListModel *tokens,
             const char *server_url,
             GDateTime  *now)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *exported_at = format_time (now);
  g_autofree char *url = public_url (server_url);
  guint n = g_list_model_get_n_items (tokens);
  gsize length;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "server");
  add_string_or_null (builder, url);
  json_builder_set_member_name (builder, "exported_at");
  json_builder_add_string_value (builder, exported_at);
  json_builder_set_member_name (builder, "tokens");
  json_builder_begin_array (builder);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (tokens, i);

      json_builder_begin_object (builder);
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          json_builder_set_member_name (builder, columns[c].name);
          if (columns[c].kind == KIND_PERMISSIONS)
            {
              g_autoptr(GArray) permissions = export_permissions (token);

              json_builder_begin_array (builder);
              for (guint p = 0; p < permissions->len; p++)
                {
                  ExportPermission *entry = &g_array_index (permissions, ExportPermission, p);

                  json_builder_begin_object (builder);
                  json_builder_set_member_name (builder, "words");
                  json_builder_add_string_value (builder, entry->words);
                  json_builder_set_member_name (builder, "raw");
                  json_builder_add_string_value (builder, entry->raw);
                  json_builder_end_object (builder);
                }
              json_builder_end_array (builder);
            }
          else
            {
              g_autofree char *value = columns[c].get (token, now);

              if (columns[c].kind == KIND_BOOLEAN)
                json_builder_add_boolean_value (builder, value != NULL);
              else
                add_string_or_null (builder, value);
            }
        }
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  /* A text file ends with a newline. */
  text = g_realloc (text, length + 2);
  text[length] = '\n';
  text[length + 1] = '\0';
  return g_bytes_new_take (text, length + 1);
}

/* ---------------------------------------------------------------------- */

/**
 * tokens_export_tokens:
 * @tokens: a #GListModel of #TokensToken, in the order they are written
 * @server_url: (nullable): the server they are listed by, for JSON's "server"
 * @now: (nullable): when they are exported: what "expired" is measured
 *   against, and JSON's "exported_at"; %NULL for now
 *
 * Returns: (transfer full): the file, UTF-8, never a token's value
 */
GBytes *
tokens_export_tokens (GListModel         *tokens,
                      TokensExportFormat  format,
                      const char         *server_url,
                      GDateTime          *now)
{
  g_autoptr(GDateTime) current = NULL;

  g_return_val_if_fail (G_IS_LIST_MODEL (tokens), NULL);

  if (now == NULL)
    now = current = g_date_time_new_now_utc ();

  if (format == TOKENS_EXPORT_CSV)
    return export_csv (tokens, now);
  return export_json (tokens, server_url, now);
}

const char *
tokens_export_format_get_extension (TokensExportFormat format)
{
  return format == TOKENS_EXPORT_CSV ? "csv" : "json";
}

const char *
tokens_export_format_get_mime_type (TokensExportFormat format)
{
  return format == TOKENS_EXPORT_CSV ? "text/csv" : "application/json";
}
