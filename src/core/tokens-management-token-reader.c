/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-management-token-reader"

#include "config.h"

#include "tokens-management-token-reader.h"
#include "tokens-json-reader.h"
#include "tokens-token-private.h"
#include "tokens-v3-token-reader.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * What the management API of Cloud Dedicated and Clustered answers to
 * `GET …/tokens` (docs/influxdb3-api.md): a JSON array of camelCase
 * objects, {id (a UUID), description, permissions: [{action, resource}],
 * createdAt, expiresAt?, revokedAt?}. Read member by member with the checks
 * every reader shares: the body as a whole first, the depth limit before
 * json-glib, the type of every member before it is used. Members this
 * reader does not know (accountId, clusterId, …) are skipped; one left out
 * and one that is null read the same. A token that is wrong fails the whole
 * list, saying which and why: a list with a token silently missing would
 * be a list the person cannot trust. The secret, `accessToken`, is only
 * ever in a create's answer; should a list carry it, it is not read.
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

static gboolean
get_string (JsonObject  *object,
            guint        n,
            const char  *member,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *fault =
        /* Translators: %s is a JSON member name such as “id” */
        g_strdup_printf (_("“%s” is not a string"), member);

      set_item_fault (error, n, fault);
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

/* RFC 3339 with an offset or Z, as the API writes it; "" is no time. */
static gboolean
get_timestamp (JsonObject  *object,
               guint        n,
               const char  *member,
               GDateTime  **out,
               GError     **error)
{
  const char *text;

  *out = NULL;
  if (!get_string (object, n, member, &text, error))
    return FALSE;
  if (text == NULL || text[0] == '\0')
    return TRUE;

  *out = g_date_time_new_from_iso8601 (text, NULL);
  if (*out == NULL)
    {
      g_autofree char *fault =
        /* Translators: %s is a JSON member name such as “createdAt” */
        g_strdup_printf (_("“%s” is not a date and time with its time zone"), member);

      set_item_fault (error, n, fault);
      return FALSE;
    }

  return TRUE;
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

static gboolean
read_permissions (JsonObject  *object,
                  guint        n,
                  Access      *access,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, "permissions");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_item_fault (error, n, _("“permissions” is not a list"));
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *permission;
      const char *action, *resource;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          set_item_fault (error, n, _("a permission is not an object"));
          return FALSE;
        }
      permission = json_node_get_object (item);
      if (!get_string (permission, n, "action", &action, error) ||
          !get_string (permission, n, "resource", &resource, error))
        return FALSE;
      if (resource == NULL || resource[0] == '\0')
        {
          set_item_fault (error, n, _("a permission names no database"));
          return FALSE;
        }

      if (g_strcmp0 (action, "read") == 0)
        add_name (access->read, resource);
      else if (g_strcmp0 (action, "write") == 0)
        add_name (access->write, resource);
      else
        {
          /* An action this app does not know of could grant anything: it
           * is not guessed at, and not left out of what the token can do. */
          g_autofree char *fault =
            /* Translators: %s is what the server wrote as a permission's action */
            g_strdup_printf (_("“%s” is not an action a token can have"),
                             action != NULL ? action : "null");

          set_item_fault (error, n, fault);
          return FALSE;
        }

      if (access->raw->len > 0)
        g_string_append (access->raw, ", ");
      g_string_append_printf (access->raw, "%s:%s", action, resource);
    }

  return TRUE;
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

static TokensToken *
read_token (JsonNode  *node,
            guint      n,
            GError   **error)
{
  g_autoptr(TokensToken) token = NULL;
  g_autoptr(GPtrArray) read = g_ptr_array_new ();
  g_autoptr(GPtrArray) write = g_ptr_array_new ();
  g_autoptr(GString) raw = g_string_new (NULL);
  g_autofree char *summary = NULL;
  Access access = { read, write, raw };
  gboolean all_access = FALSE;
  const char *id, *description;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_item_fault (error, n, _("it is not an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_string (object, n, "id", &id, error))
    return NULL;
  if (!tokens_management_id_is_valid (id))
    {
      set_item_fault (error, n, _("its “id” is not a UUID"));
      return NULL;
    }

  token = g_object_new (TOKENS_TYPE_TOKEN, NULL);
  /* One form for one token, whatever case the server writes it in. */
  token->id = g_ascii_strdown (id, -1);

  if (!get_string (object, n, "description", &description, error) ||
      !get_timestamp (object, n, "createdAt", &token->created_at, error) ||
      !get_timestamp (object, n, "expiresAt", &token->expires_at, error) ||
      !get_timestamp (object, n, "revokedAt", &token->revoked_at, error) ||
      !read_permissions (object, n, &access, error))
    return NULL;

  if (description != NULL && description[0] != '\0')
    token->description = g_strdup (description);
  token->raw_permissions = g_strdup (raw->str);
  summary = describe (&access, &all_access);
  token->is_all_access = all_access;
  _tokens_token_set_summary (token, summary);

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
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize len;
  JsonNode *root;
  JsonArray *items;
  guint n_items;

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

  items = json_node_get_array (root);
  n_items = json_array_get_length (items);
  tokens = g_ptr_array_new_full (n_items, g_object_unref);
  ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n_items; i++)
    {
      TokensToken *token = read_token (json_array_get_element (items, i), i + 1, error);

      if (token == NULL)
        return NULL;
      /* Tokens made in one instant keep the server's order. */
      token->order = i;
      token->has_order = TRUE;
      g_ptr_array_add (tokens, token);

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
