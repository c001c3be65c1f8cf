/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-management-token-reader"

#include "config.h"

#include "tokens-management-token-reader.h"
#include "tokens-json-list-reader.h"
#include "tokens-token-private.h"
#include "tokens-v3-token-reader.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * What the management API of Cloud Dedicated and Clustered answers to
 * `GET …/tokens` (docs/influxdb3-api.md): a JSON array of camelCase
 * objects, {id (a UUID), description, permissions: [{action, resource}],
 * createdAt, expiresAt?, revokedAt?}. Read in one pass by the streaming list
 * reader with a table of its members, as every list is: the body as a whole
 * first, the depth limit, the type of every member before it is used.
 * Members this reader does not know (accountId, clusterId, …) are skipped;
 * one left out and one that is null read the same. A token that is wrong
 * fails the whole list, saying which and why: a list with a token silently
 * missing would be a list the person cannot trust. The secret,
 * `accessToken`, is only ever in a create's answer; should a list carry it,
 * it is not read.
 */

#define ALL_DATABASES "*"

static void
set_item_fault (GError     **error,
                guint        n,
                const char  *fault)
{
  g_autofree char *detail =
    /* Translators: %u is a token's place in the server's list of tokens,
     * counted from 1; %s says what is wrong with it */
    g_strdup_printf (_("token %u of the list: %s"), n, fault);

  tokens_json_set_invalid (error, detail);
}

/**
 * tokens_management_id_is_valid:
 * @id: (nullable): a token's id
 *
 * Whether @id is a UUID, in either case: the only ids the management API
 * has. Anything else is refused before it goes into a request's path.
 */
gboolean
tokens_management_id_is_valid (const char *id)
{
  if (id == NULL || strlen (id) != 36)
    return FALSE;

  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (id[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (id[i]))
        return FALSE;
    }

  return TRUE;
}

/* Names in the order first seen, each once; "*" for all of them. */
typedef struct
{
  GPtrArray *read;
  GPtrArray *write;
  GString *raw;
} Access;

static void
add_name (GPtrArray  *names,
          const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      return;
  g_ptr_array_add (names, (gpointer)name);
}

static gboolean
has_name (GPtrArray  *names,
          const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      return TRUE;
  return FALSE;
}

/* @names without "*" and without what @except holds, %NULL-terminated. */
static GPtrArray *
names_but (GPtrArray *names,
           GPtrArray *except,
           gboolean   in_except)
{
  GPtrArray *out = g_ptr_array_new_null_terminated (names->len, NULL, TRUE);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (!g_str_equal (name, ALL_DATABASES) &&
          (except == NULL || has_name (except, name) == in_except))
        g_ptr_array_add (out, (gpointer)name);
    }
  return out;
}

static void
append_databases (GString   *summary,
                  gboolean   read,
                  gboolean   write,
                  GPtrArray *names)
{
  g_autofree char *words = NULL;

  if (names != NULL && names->len == 0)
    return;
  words = tokens_describe_databases (read, write,
                                     names != NULL ? (const char * const *)names->pdata
                                                   : (const char * const[]) { NULL });
  if (summary->len > 0)
    g_string_append (summary, "; ");
  g_string_append (summary, words);
}

/*
 * In words, the way a person would say it: what can be read and written,
 * then what only read, then what only written. "*" is all databases, and
 * makes every other name for that action beside the point.
 */
static char *
describe (Access   *access,
          gboolean *all_access)
{
  g_autoptr(GString) summary = g_string_new (NULL);
  gboolean read_all = has_name (access->read, ALL_DATABASES);
  gboolean write_all = has_name (access->write, ALL_DATABASES);

  *all_access = read_all && write_all;
  if (access->read->len == 0 && access->write->len == 0)
    return g_strdup (_("No permissions"));

  if (read_all && write_all)
    append_databases (summary, TRUE, TRUE, NULL);
  else if (read_all)
    {
      g_autoptr(GPtrArray) write = names_but (access->write, NULL, FALSE);

      append_databases (summary, TRUE, FALSE, NULL);
      append_databases (summary, FALSE, TRUE, write);
    }
  else if (write_all)
    {
      g_autoptr(GPtrArray) read = names_but (access->read, NULL, FALSE);

      append_databases (summary, FALSE, TRUE, NULL);
      append_databases (summary, TRUE, FALSE, read);
    }
  else
    {
      g_autoptr(GPtrArray) both = names_but (access->read, access->write, TRUE);
      g_autoptr(GPtrArray) read_only = names_but (access->read, access->write, FALSE);
      g_autoptr(GPtrArray) write_only = names_but (access->write, access->read, FALSE);

      append_databases (summary, TRUE, TRUE, both);
      append_databases (summary, TRUE, FALSE, read_only);
      append_databases (summary, FALSE, TRUE, write_only);
    }

  return g_string_free (g_steal_pointer (&summary), FALSE);
}

/* Read into and built as the same record. */
typedef struct
{
  char *action;
  char *resource;
} Permission;

static void
permission_free (gpointer data)
{
  Permission *permission = data;

  g_free (permission->action);
  g_free (permission->resource);
  g_free (permission);
}

/* An action this app does not know of could grant anything: it is not
 * guessed at, and not left out of what the token can do. */
static const char * const actions[] = { "read", "write", NULL };

static const TokensJsonField permission_fields[] = {
  { .name = "action", .kind = TOKENS_JSON_CHOICE, .required = TRUE, .choices = actions,
    .offset = G_STRUCT_OFFSET (Permission, action),
    .error = N_("a permission’s action is neither read nor write") },
  { .name = "resource", .kind = TOKENS_JSON_NONEMPTY, .required = TRUE,
    .offset = G_STRUCT_OFFSET (Permission, resource),
    .error = N_("a permission names no database") },
};

static gpointer
build_permission (gpointer data)
{
  Permission *record = data;
  Permission *permission = g_new (Permission, 1);

  permission->action = g_steal_pointer (&record->action);
  permission->resource = g_steal_pointer (&record->resource);
  return permission;
}

static const TokensJsonShape permission_shape = {
  .fields = permission_fields,
  .n_fields = G_N_ELEMENTS (permission_fields),
  .record_size = sizeof (Permission),
  .not_object = N_("a permission is not an object"),
  .build = build_permission,
  .free_built = permission_free,
};

typedef struct
{
  char *id;
  char *description;
  TokensJsonTimestamp created_at;
  TokensJsonTimestamp expires_at;
  TokensJsonTimestamp revoked_at;
  GPtrArray *permissions;
  char *access_token;      /* only in a create's answer */
} TokenRecord;

#define TOKEN_FIELDS \
  { .name = "id", .kind = TOKENS_JSON_NONEMPTY, .required = TRUE, \
    .offset = G_STRUCT_OFFSET (TokenRecord, id), .error = N_("it has no “id”") }, \
  { .name = "description", .kind = TOKENS_JSON_TEXT, \
    .offset = G_STRUCT_OFFSET (TokenRecord, description) }, \
  { .name = "createdAt", .kind = TOKENS_JSON_TIMESTAMP_UTC, \
    .offset = G_STRUCT_OFFSET (TokenRecord, created_at) }, \
  { .name = "expiresAt", .kind = TOKENS_JSON_TIMESTAMP_UTC, \
    .offset = G_STRUCT_OFFSET (TokenRecord, expires_at) }, \
  { .name = "revokedAt", .kind = TOKENS_JSON_TIMESTAMP_UTC, \
    .offset = G_STRUCT_OFFSET (TokenRecord, revoked_at) }, \
  { .name = "permissions", .kind = TOKENS_JSON_LIST, .shape = &permission_shape, \
    .offset = G_STRUCT_OFFSET (TokenRecord, permissions), \
    .error = N_("“permissions” is not a list") },

/* The API writes RFC 3339 with Z; one without an offset is taken as UTC. */
static const TokensJsonField token_fields[] = { TOKEN_FIELDS };

/* A create's answer: the token, and its value, shown this once. */
static const TokensJsonField created_fields[] = {
  TOKEN_FIELDS
  { .name = "accessToken", .kind = TOKENS_JSON_SECRET, .required = TRUE,
    .offset = G_STRUCT_OFFSET (TokenRecord, access_token),
    .error = N_("the server did not show the new token’s value") },
};

static gpointer
build_token (gpointer data)
{
  TokenRecord *record = data;
  TokensToken *token = g_object_new (TOKENS_TYPE_TOKEN, NULL);
  g_autoptr(GPtrArray) read = g_ptr_array_new ();
  g_autoptr(GPtrArray) write = g_ptr_array_new ();
  g_autoptr(GString) raw = g_string_new (NULL);
  g_autofree char *summary = NULL;
  Access access = { read, write, raw };
  gboolean all_access = FALSE;

  /* One form for one token, whatever case the server writes it in; one
   * that is not a UUID is refused with the list (read_list). */
  token->id = g_ascii_strdown (record->id, -1);
  if (record->description != NULL && record->description[0] != '\0')
    token->description = g_steal_pointer (&record->description);
  token->created_at = g_steal_pointer (&record->created_at.value);
  token->expires_at = g_steal_pointer (&record->expires_at.value);
  token->revoked_at = g_steal_pointer (&record->revoked_at.value);

  for (guint i = 0; record->permissions != NULL && i < record->permissions->len; i++)
    {
      Permission *permission = g_ptr_array_index (record->permissions, i);

      add_name (g_str_equal (permission->action, "read") ? read : write, permission->resource);
      if (raw->len > 0)
        g_string_append (raw, ", ");
      g_string_append_printf (raw, "%s:%s", permission->action, permission->resource);
    }

  token->raw_permissions = g_strdup (raw->str);
  if (record->access_token != NULL)
    _tokens_token_set_token_value (token, record->access_token);
  summary = describe (&access, &all_access);
  token->is_all_access = all_access;
  _tokens_token_set_summary (token, summary);

  return token;
}

static const TokensJsonShape token_shape = {
  .fields = token_fields,
  .n_fields = G_N_ELEMENTS (token_fields),
  .record_size = sizeof (TokenRecord),
  .not_object = N_("it is not an object"),
  .build = build_token,
  .free_built = g_object_unref,
};

static const TokensJsonShape created_shape = {
  .fields = created_fields,
  .n_fields = G_N_ELEMENTS (created_fields),
  .record_size = sizeof (TokenRecord),
  .not_object = N_("it is not an object"),
  .build = build_token,
  .free_built = g_object_unref,
};

/**
 * tokens_management_token_reader_read_created:
 * @body: the answer to `POST …/tokens`
 * @secret: (out) (transfer full): the token's value, shown only this once
 *
 * Returns: (transfer full): the new token, as the list would show it, or
 *   %NULL with %TOKENS_CLIENT_ERROR_INVALID_RESPONSE
 */
TokensToken *
tokens_management_token_reader_read_created (GBytes  *body,
                                             char   **secret,
                                             GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(TokensToken) token = NULL;

  *secret = NULL;
  root = tokens_json_parse_object (body, error);
  if (root == NULL)
    return NULL;
  token = tokens_json_reader_read_object (&created_shape, root, error);
  if (token == NULL)
    return NULL;
  if (!tokens_management_id_is_valid (token->id))
    {
      tokens_json_set_invalid (error, _("its “id” is not a UUID"));
      return NULL;
    }
  if (token->token == NULL)
    {
      tokens_json_set_invalid (error, _("the server did not show the new token’s value"));
      return NULL;
    }
  *secret = _tokens_token_steal_token_value (token);
  return g_steal_pointer (&token);
}

/**
 * tokens_management_token_reader_read_list:
 * @body: the answer to `GET …/tokens`
 *
 * Returns: (transfer full) (element-type TokensToken): the tokens in the
 *   server's order, or %NULL with %TOKENS_CLIENT_ERROR_INVALID_RESPONSE
 */
GPtrArray *
tokens_management_token_reader_read_list (GBytes  *body,
                                          GError **error)
{
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GHashTable) ids = NULL;

  tokens = tokens_json_list_reader_read_array (body, &token_shape,
                                               N_("the body is not a JSON array of tokens"),
                                               /* Translators: %u is a token's place in the
                                                * server's list of tokens, counted from 1;
                                                * %s says what is wrong with it */
                                               _("token %u of the list: %s"), error);
  if (tokens == NULL)
    return NULL;

  ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < tokens->len; i++)
    {
      TokensToken *token = g_ptr_array_index (tokens, i);

      /* Tokens made in one instant keep the server's order. */
      token->order = i;
      token->has_order = TRUE;

      /* What goes into a revoke's path is a UUID and nothing else. */
      if (!tokens_management_id_is_valid (token->id))
        {
          set_item_fault (error, i + 1, _("its “id” is not a UUID"));
          return NULL;
        }
      /* A revoke names a token: two of one id could not be told apart. */
      if (!g_hash_table_add (ids, token->id))
        {
          g_autofree char *fault =
            /* Translators: %s is a token's id, a UUID */
            g_strdup_printf (_("the id %s is listed twice"), token->id);

          set_item_fault (error, i + 1, fault);
          return NULL;
        }
    }

  return g_steal_pointer (&tokens);
}
