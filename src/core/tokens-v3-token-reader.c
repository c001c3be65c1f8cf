/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-v3-token-reader"

#include "config.h"

#include "tokens-v3-token-reader.h"
#include "tokens-token-private.h"
#include "tokens-json-reader.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * What InfluxDB 3 Core and Enterprise answer to `SELECT * FROM
 * system.tokens` in JSON (docs/influxdb3-api.md): an array with one object
 * per row. A row's columns are not the v2 shape's strings (token_id is a
 * number), so the rows are read here member by member, with the checks
 * every reader shares: the body as a whole first, the depth limit before
 * json-glib, the type of every member before it is used. Columns this
 * reader does not know are skipped; a column left out and a column that is
 * null read the same. A row that is wrong fails the whole list, saying
 * which row and why: a list with a token silently missing would be a list
 * the person cannot trust.
 */

#define OPERATOR_NAME "_admin"
#define ALL_PERMISSIONS "*:*:*"
/* SHA-512 is 128 hexadecimal digits: a longer "prefix" is not one. */
#define MAX_HASH_LEN 128

enum
{
  ACTION_READ = 1 << 0,
  ACTION_WRITE = 1 << 1,
};

static void
set_row_fault (GError     **error,
               guint        row,
               const char  *fault)
{
  g_autofree char *detail =
    /* Translators: %u is a row's number in the server's list of tokens,
     * counted from 1; %s says what is wrong with it */
    g_strdup_printf (_("row %u of the token list: %s"), row, fault);

  tokens_json_set_invalid (error, detail);
}

static void
set_row_not_a_string (GError     **error,
                      guint        row,
                      const char  *member)
{
  g_autofree char *fault =
    /* Translators: %s is a JSON member name such as “id” */
    g_strdup_printf (_("“%s” is not a string"), member);

  set_row_fault (error, row, fault);
}

/* A string column, or %NULL when it is missing or null. */
static gboolean
get_string (JsonObject  *row,
            guint        n,
            const char  *member,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (row, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_row_not_a_string (error, n, member);
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

/*
 * system.tokens writes its timestamps naive, without an offset, and means
 * UTC; an offset or Z, should a version write one, is taken as written.
 * "" reads as no time at all, as in every other reader.
 */
static gboolean
get_timestamp (JsonObject  *row,
               guint        n,
               const char  *member,
               GDateTime  **out,
               GError     **error)
{
  g_autoptr(GTimeZone) utc = NULL;
  const char *text;

  *out = NULL;
  if (!get_string (row, n, member, &text, error))
    return FALSE;
  if (text == NULL || text[0] == '\0')
    return TRUE;

  utc = g_time_zone_new_utc ();
  *out = g_date_time_new_from_iso8601 (text, utc);
  if (*out == NULL)
    {
      g_autofree char *fault =
        /* Translators: %s is a JSON member name such as “created_at” */
        g_strdup_printf (_("“%s” is not a date and time"), member);

      set_row_fault (error, n, fault);
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_hex (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

/* "read,write" as ACTION_ bits; 0 when any of them is not an action. */
static guint
parse_actions (const char *text)
{
  g_auto(GStrv) actions = g_strsplit (text, ",", -1);
  guint bits = 0;

  for (guint i = 0; actions[i] != NULL; i++)
    {
      if (g_str_equal (actions[i], "read"))
        bits |= ACTION_READ;
      else if (g_str_equal (actions[i], "write"))
        bits |= ACTION_WRITE;
      else if (g_str_equal (actions[i], "*"))
        bits |= ACTION_READ | ACTION_WRITE;
      else
        return 0;
    }

  return bits;
}

/* "db1,db2" as a list of names, "*" as an empty one; %NULL when a name
 * is empty, or "*" is one name among others. */
static GStrv
parse_names (const char *text)
{
  g_auto(GStrv) names = NULL;

  if (g_str_equal (text, "*"))
    return g_new0 (char *, 1);

  names = g_strsplit (text, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    if (names[i][0] == '\0' || g_str_equal (names[i], "*"))
      return NULL;

  return g_steal_pointer (&names);
}

/**
 * tokens_describe_databases:
 * @read: whether the access includes reading
 * @write: whether it includes writing
 * @names: the databases, %NULL-terminated; none for all databases
 *
 * Database access in words, as InfluxDB 3 and the management API both
 * grant it: "Read and write database sensors", "Read all databases".
 *
 * Returns: (transfer full): the words
 */
char *
tokens_describe_databases (gboolean            read,
                           gboolean            write,
                           const char * const *names)
{
  guint actions = (read ? ACTION_READ : 0) | (write ? ACTION_WRITE : 0);
  guint n = g_strv_length ((GStrv)names);
  g_autofree char *list = NULL;

  if (n == 0)
    {
      if (actions == (ACTION_READ | ACTION_WRITE))
        return g_strdup (_("Read and write all databases"));
      if (actions == ACTION_WRITE)
        return g_strdup (_("Write all databases"));
      return g_strdup (_("Read all databases"));
    }

  list = g_strjoinv (", ", (GStrv)names);
  if (actions == (ACTION_READ | ACTION_WRITE))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: %s is a database's name, or
                                          * several joined with commas */
                                         "Read and write database %s",
                                         "Read and write databases %s", n),
                            list);
  if (actions == ACTION_WRITE)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: %s is a database's name, or
                                          * several joined with commas */
                                         "Write database %s",
                                         "Write databases %s", n),
                            list);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: %s is a database's name, or
                                        * several joined with commas */
                                       "Read database %s",
                                       "Read databases %s", n),
                          list);
}

static char *
describe_system (guint               actions,
                 const char * const *names)
{
  g_autofree char *list = NULL;

  if (names[0] == NULL)
    {
      if (actions == (ACTION_READ | ACTION_WRITE))
        return g_strdup (_("Read and write all system information"));
      if (actions == ACTION_WRITE)
        return g_strdup (_("Write all system information"));
      return g_strdup (_("Read all system information"));
    }

  list = g_strjoinv (", ", (GStrv)names);
  if (actions == (ACTION_READ | ACTION_WRITE))
    /* Translators: %s is one or more of InfluxDB 3's system resources, such as
     * “health” or “health, metrics”: they are the server's own words */
    return g_strdup_printf (_("Read and write %s"), list);
  if (actions == ACTION_WRITE)
    /* Translators: %s is one or more of InfluxDB 3's system resources, such as
     * “health” or “health, metrics”: they are the server's own words */
    return g_strdup_printf (_("Write %s"), list);
  /* Translators: %s is one or more of InfluxDB 3's system resources, such as
   * “health” or “health, metrics”: they are the server's own words */
  return g_strdup_printf (_("Read %s"), list);
}

/* One permission, "type:names:actions", in words; %NULL when it does not
 * read as one. */
static char *
describe_permission (const char *text,
                     gboolean    is_operator,
                     gboolean   *all_access)
{
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) names = NULL;
  guint actions;

  if (g_str_equal (text, ALL_PERMISSIONS))
    {
      *all_access = TRUE;
      return g_strdup (is_operator ? _("Full access (operator token)")
                                   : _("Full access (admin token)"));
    }

  parts = g_strsplit (text, ":", -1);
  if (g_strv_length (parts) != 3 || parts[1][0] == '\0' || parts[2][0] == '\0')
    return NULL;

  actions = parse_actions (parts[2]);
  names = parse_names (parts[1]);
  if (actions == 0 || names == NULL)
    return NULL;

  if (g_str_equal (parts[0], "db"))
    return tokens_describe_databases ((actions & ACTION_READ) != 0, (actions & ACTION_WRITE) != 0,
                                      (const char * const *)names);
  if (g_str_equal (parts[0], "system"))
    return describe_system (actions, (const char * const *)names);
  return NULL;
}

/**
 * tokens_v3_token_reader_describe:
 * @permissions: (nullable): the `permissions` column
 * @is_operator: whether the token is the operator's, `_admin`
 * @all_access: (out) (optional): whether it holds `*:*:*`
 *
 * What the column says, in words: "Read and write databases db1, db2".
 * Several permissions joined by `;` are described one by one. What does
 * not read as a permission is shown as the server wrote it, rather than
 * guessed at.
 *
 * Returns: (transfer full): the summary
 */
char *
tokens_v3_token_reader_describe (const char *permissions,
                                 gboolean    is_operator,
                                 gboolean   *all_access)
{
  g_autoptr(GString) summary = g_string_new (NULL);
  g_auto(GStrv) parts = NULL;
  gboolean any_all = FALSE;

  if (permissions == NULL || permissions[0] == '\0')
    {
      if (all_access != NULL)
        *all_access = FALSE;
      return g_strdup (_("No permissions"));
    }

  parts = g_strsplit (permissions, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *words = describe_permission (parts[i], is_operator, &any_all);

      if (summary->len > 0)
        g_string_append (summary, "; ");
      g_string_append (summary, words != NULL ? words : parts[i]);
    }

  if (all_access != NULL)
    *all_access = any_all;
  return g_string_free (g_steal_pointer (&summary), FALSE);
}

static TokensToken *
read_row (JsonNode  *node,
          guint      n,
          GError   **error)
{
  g_autoptr(TokensToken) token = NULL;
  g_autofree char *summary = NULL;
  JsonObject *row;
  JsonNode *token_id;
  const char *name, *hash, *description, *permissions;
  gboolean all_access = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_row_fault (error, n, _("it is not an object"));
      return NULL;
    }
  row = json_node_get_object (node);

  if (!get_string (row, n, "name", &name, error))
    return NULL;
  if (name == NULL || name[0] == '\0')
    {
      set_row_fault (error, n, _("it has no name"));
      return NULL;
    }

  token = g_object_new (TOKENS_TYPE_TOKEN, NULL);
  token->id = g_strdup (name);
  /* The name is what a person gave it: the row is titled with it. */
  token->is_named = TRUE;

  token_id = json_object_get_member (row, "token_id");
  if (token_id != NULL && !JSON_NODE_HOLDS_NULL (token_id))
    {
      if (!JSON_NODE_HOLDS_VALUE (token_id) || json_node_get_value_type (token_id) != G_TYPE_INT64 ||
          json_node_get_int (token_id) < 0)
        {
          set_row_fault (error, n, _("“token_id” is not a whole number"));
          return NULL;
        }
      token->order = (guint64)json_node_get_int (token_id);
      token->has_order = TRUE;
    }

  if (!get_string (row, n, "hash", &hash, error) ||
      !get_string (row, n, "description", &description, error) ||
      !get_string (row, n, "permissions", &permissions, error) ||
      !get_timestamp (row, n, "created_at", &token->created_at, error) ||
      !get_timestamp (row, n, "expiry", &token->expires_at, error))
    return NULL;

  /* Only what can be a prefix of a SHA-512 in hexadecimal is compared with
   * one; anything else says nothing about which token is whose. */
  if (hash != NULL && hash[0] != '\0' && strlen (hash) <= MAX_HASH_LEN && is_hex (hash))
    token->hash = g_strdup (hash);
  if (description != NULL && description[0] != '\0')
    token->description = g_strdup (description);
  token->raw_permissions = g_strdup (permissions);

  /* The operator token can be regenerated, never deleted (a 405). */
  token->is_operator = g_str_equal (name, OPERATOR_NAME);
  token->is_protected = token->is_operator;
  summary = tokens_v3_token_reader_describe (permissions, token->is_operator, &all_access);
  token->is_all_access = all_access && !token->is_operator;
  _tokens_token_set_summary (token, summary);

  return g_steal_pointer (&token);
}

/**
 * tokens_v3_token_reader_read_list:
 * @body: the answer to `SELECT * FROM system.tokens` with `format` json
 *
 * Returns: (transfer full) (element-type TokensToken): the tokens in the
 *   server's order, or %NULL with %TOKENS_CLIENT_ERROR_INVALID_RESPONSE
 */
GPtrArray *
tokens_v3_token_reader_read_list (GBytes  *body,
                                  GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize len;
  JsonNode *root;
  JsonArray *rows;
  guint n_rows;

  if (!tokens_json_check_body (body, &data, &len, error))
    return NULL;

  /* json-glib recurses once per level: the depth is checked first. */
  if (!tokens_api_json_depth_is_within (data, len, TOKENS_API_MAX_DEPTH))
    {
      tokens_json_set_invalid (error, tokens_json_fault_describe (TOKENS_JSON_FAULT_TOO_DEEP));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      tokens_json_set_invalid (error, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      tokens_json_set_invalid (error, _("the body is not a JSON array of tokens"));
      return NULL;
    }

  rows = json_node_get_array (root);
  n_rows = json_array_get_length (rows);
  tokens = g_ptr_array_new_full (n_rows, g_object_unref);
  names = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n_rows; i++)
    {
      TokensToken *token = read_row (json_array_get_element (rows, i), i + 1, error);

      if (token == NULL)
        return NULL;
      g_ptr_array_add (tokens, token);

      /* A delete names a token: two of one name could not be told apart. */
      if (!g_hash_table_add (names, token->id))
        {
          g_autofree char *fault =
            /* Translators: %s is a token's name */
            g_strdup_printf (_("the name “%s” is listed twice"), token->id);

          set_row_fault (error, i + 1, fault);
          return NULL;
        }
    }

  return g_steal_pointer (&tokens);
}
