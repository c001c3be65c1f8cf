/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-v3-token-reader"

#include "config.h"

#include "tokens-v3-token-reader.h"
#include "tokens-token-private.h"
#include "tokens-json-list-reader.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * What InfluxDB 3 Core and Enterprise answer to `SELECT * FROM
 * system.tokens` in JSON (docs/influxdb3-api.md): an array with one object
 * per row, read in one pass by the streaming list reader with a table of
 * its columns (row_fields), as v2's authorizations are: token_id is a
 * number, the timestamps are naive and mean UTC. Columns this reader does
 * not know are skipped; a column left out and a column that is null read
 * the same. A row that is wrong fails the whole list, saying which row and
 * why: a list with a token silently missing would be a list the person
 * cannot trust.
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

typedef struct
{
  char *name;
  char *token_id;
  char *hash;
  char *description;
  char *permissions;
  TokensJsonTimestamp created_at;
  TokensJsonTimestamp expiry;
} Row;

/* A column left out and a column that is null read the same; columns not
 * named here are skipped, whatever they hold. */
static const TokensJsonField row_fields[] = {
  { .name = "name", .kind = TOKENS_JSON_NONEMPTY, .required = TRUE,
    .offset = G_STRUCT_OFFSET (Row, name), .error = N_("it has no name") },
  { .name = "token_id", .kind = TOKENS_JSON_WHOLE_NUMBER,
    .offset = G_STRUCT_OFFSET (Row, token_id), .error = N_("“token_id” is not a whole number") },
  { .name = "hash", .kind = TOKENS_JSON_TEXT, .offset = G_STRUCT_OFFSET (Row, hash) },
  { .name = "description", .kind = TOKENS_JSON_TEXT, .offset = G_STRUCT_OFFSET (Row, description) },
  { .name = "permissions", .kind = TOKENS_JSON_TEXT, .offset = G_STRUCT_OFFSET (Row, permissions) },
  /* system.tokens writes its timestamps naive, without an offset, and
   * means UTC; an offset or Z, should a version write one, is taken as
   * written. */
  { .name = "created_at", .kind = TOKENS_JSON_TIMESTAMP_UTC,
    .offset = G_STRUCT_OFFSET (Row, created_at) },
  { .name = "expiry", .kind = TOKENS_JSON_TIMESTAMP_UTC, .offset = G_STRUCT_OFFSET (Row, expiry) },
};

static gpointer
build_row (gpointer data)
{
  Row *row = data;
  TokensToken *token = g_object_new (TOKENS_TYPE_TOKEN, NULL);
  g_autofree char *summary = NULL;
  gboolean all_access = FALSE;

  token->id = g_steal_pointer (&row->name);
  /* The name is what a person gave it: the row is titled with it. */
  token->is_named = TRUE;
  if (row->token_id != NULL)
    {
      token->order = g_ascii_strtoull (row->token_id, NULL, 10);
      token->has_order = TRUE;
    }

  /* Only what can be a prefix of a SHA-512 in hexadecimal is compared with
   * one; anything else says nothing about which token is whose. */
  if (row->hash != NULL && row->hash[0] != '\0' && strlen (row->hash) <= MAX_HASH_LEN &&
      is_hex (row->hash))
    token->hash = g_steal_pointer (&row->hash);
  if (row->description != NULL && row->description[0] != '\0')
    token->description = g_steal_pointer (&row->description);
  token->created_at = g_steal_pointer (&row->created_at.value);
  token->expires_at = g_steal_pointer (&row->expiry.value);

  /* The operator token can be regenerated, never deleted (a 405). */
  token->is_operator = g_str_equal (token->id, OPERATOR_NAME);
  token->is_protected = token->is_operator;
  summary = tokens_v3_token_reader_describe (row->permissions, token->is_operator, &all_access);
  token->raw_permissions = g_steal_pointer (&row->permissions);
  token->is_all_access = all_access && !token->is_operator;
  _tokens_token_set_summary (token, summary);

  return token;
}

static const TokensJsonShape row_shape = {
  .fields = row_fields,
  .n_fields = G_N_ELEMENTS (row_fields),
  .record_size = sizeof (Row),
  .not_object = N_("it is not an object"),
  .build = build_row,
  .free_built = g_object_unref,
};

/**
 * tokens_v3_token_reader_read_list:
 * @body: the answer to `SELECT * FROM system.tokens` with `format` json
 *
 * Read in one pass, with no tree (tokens-json-list-reader.c), by the rules
 * every reader shares: the body as a whole first, the depth limit, the type
 * of every member before it is used. A row that is wrong fails the whole
 * list, saying which row and why: a list with a token silently missing
 * would be a list the person cannot trust.
 *
 * Returns: (transfer full) (element-type TokensToken): the tokens in the
 *   server's order, or %NULL with %TOKENS_CLIENT_ERROR_INVALID_RESPONSE
 */
GPtrArray *
tokens_v3_token_reader_read_list (GBytes  *body,
                                  GError **error)
{
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GHashTable) names = NULL;

  tokens = tokens_json_list_reader_read_array (body, &row_shape,
                                               N_("the body is not a JSON array of tokens"),
                                               /* Translators: %u is a row's number in the
                                                * server's list of tokens, counted from 1;
                                                * %s says what is wrong with it */
                                               _("row %u of the token list: %s"), error);
  if (tokens == NULL)
    return NULL;

  /* A delete names a token: two of one name could not be told apart. */
  names = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < tokens->len; i++)
    {
      TokensToken *token = g_ptr_array_index (tokens, i);

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

typedef struct
{
  char *id;
  char *name;
  char *token;
  char *hash;
  TokensJsonTimestamp created_at;
  TokensJsonTimestamp expiry;
} CreatedRecord;

static const TokensJsonField created_fields[] = {
  { .name = "id", .kind = TOKENS_JSON_WHOLE_NUMBER,
    .offset = G_STRUCT_OFFSET (CreatedRecord, id), .error = N_("“id” is not a whole number") },
  { .name = "name", .kind = TOKENS_JSON_NONEMPTY, .offset = G_STRUCT_OFFSET (CreatedRecord, name) },
  { .name = "token", .kind = TOKENS_JSON_SECRET, .required = TRUE,
    .offset = G_STRUCT_OFFSET (CreatedRecord, token),
    .error = N_("the server did not show the new token’s value") },
  { .name = "hash", .kind = TOKENS_JSON_TEXT, .offset = G_STRUCT_OFFSET (CreatedRecord, hash) },
  { .name = "created_at", .offset = G_STRUCT_OFFSET (CreatedRecord, created_at),
    .kind = TOKENS_JSON_TIMESTAMP_UTC },
  { .name = "expiry", .kind = TOKENS_JSON_TIMESTAMP_UTC,
    .offset = G_STRUCT_OFFSET (CreatedRecord, expiry) },
};

static gpointer
build_created (gpointer data)
{
  CreatedRecord *record = data;
  CreatedRecord *built = g_new0 (CreatedRecord, 1);

  *built = *record;
  memset (record, 0, sizeof *record);
  return built;
}

static void
created_free (gpointer data)
{
  CreatedRecord *record = data;

  g_free (record->id);
  g_free (record->name);
  if (record->token != NULL)
    memset (record->token, 0, strlen (record->token));
  g_free (record->token);
  g_free (record->hash);
  g_clear_pointer (&record->created_at.value, g_date_time_unref);
  g_clear_pointer (&record->expiry.value, g_date_time_unref);
  g_free (record);
}

static const TokensJsonShape created_shape = {
  .fields = created_fields,
  .n_fields = G_N_ELEMENTS (created_fields),
  .record_size = sizeof (CreatedRecord),
  .not_object = N_("the body is not an object"),
  .build = build_created,
  .free_built = created_free,
};

/**
 * tokens_v3_token_reader_read_created:
 * @body: the answer to a create or a regenerate
 * @name: the name the token was asked for, should the answer not say it
 * @permissions: the permissions it was asked for, as system.tokens writes
 *   them ("*:*:*" for an admin token)
 * @secret: (out) (transfer full): the token's value, shown only this once
 *
 * Returns: (transfer full): the token, as the list would show it, or %NULL
 *   with %TOKENS_CLIENT_ERROR_INVALID_RESPONSE
 */
TokensToken *
tokens_v3_token_reader_read_created (GBytes      *body,
                                     const char  *name,
                                     const char  *permissions,
                                     char       **secret,
                                     GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  CreatedRecord *record;
  TokensToken *token;
  g_autofree char *summary = NULL;
  gboolean all_access = FALSE;

  *secret = NULL;
  root = tokens_json_parse_object (body, error);
  if (root == NULL)
    return NULL;
  record = tokens_json_reader_read_object (&created_shape, root, error);
  if (record == NULL)
    return NULL;
  if (record->token[0] == '\0')
    {
      tokens_json_set_invalid (error, _("the server did not show the new token’s value"));
      created_free (record);
      return NULL;
    }

  token = g_object_new (TOKENS_TYPE_TOKEN, NULL);
  token->id = g_strdup (record->name != NULL ? record->name : name);
  token->is_named = TRUE;
  if (record->id != NULL)
    {
      token->order = g_ascii_strtoull (record->id, NULL, 10);
      token->has_order = TRUE;
    }
  if (record->hash != NULL && record->hash[0] != '\0' && strlen (record->hash) <= MAX_HASH_LEN &&
      is_hex (record->hash))
    token->hash = g_strdup (record->hash);
  token->created_at = record->created_at.value != NULL
                        ? g_date_time_ref (record->created_at.value)
                        : g_date_time_new_now_utc ();
  token->expires_at = record->expiry.value != NULL ? g_date_time_ref (record->expiry.value) : NULL;
  token->is_operator = g_str_equal (token->id, OPERATOR_NAME);
  token->is_protected = token->is_operator;
  summary = tokens_v3_token_reader_describe (permissions, token->is_operator, &all_access);
  token->raw_permissions = g_strdup (permissions);
  token->is_all_access = all_access && !token->is_operator;
  _tokens_token_set_summary (token, summary);

  *secret = g_steal_pointer (&record->token);
  created_free (record);
  return token;
}
