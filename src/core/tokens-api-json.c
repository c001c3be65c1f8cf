/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-api-json"

#include "config.h"

#include "tokens-api-json.h"
#include "tokens-api-list-parser.h"
#include "tokens-authorization-private.h"
#include "tokens-client-error.h"
#include "tokens-error-body-reader.h"
#include "tokens-json-reader.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

/*
 * Pure functions from bytes to objects. Every node's type is checked before
 * it is used; unknown members are ignored; a member of the wrong type makes
 * the whole response invalid rather than half-read.
 */

/**
 * tokens_api_id_is_valid:
 *
 * Whether @id is an InfluxDB id: 16 hexadecimal characters, not all zero.
 * Only such ids are ever put into a URL.
 */
gboolean
tokens_api_id_is_valid (const char *id)
{
  gboolean nonzero = FALSE;

  if (id == NULL)
    return FALSE;

  for (guint i = 0; i < 16; i++)
    {
      if (!g_ascii_isxdigit (id[i]))
        return FALSE;
      if (id[i] != '0')
        nonzero = TRUE;
    }

  return id[16] == '\0' && nonzero;
}

static gboolean
get_timestamp (JsonObject  *object,
               const char  *member,
               GDateTime  **out,
               GError     **error)
{
  const char *text;

  *out = NULL;

  if (!tokens_json_get_string (object, member, &text, error))
    return FALSE;
  if (text == NULL || text[0] == '\0')
    return TRUE;

  *out = g_date_time_new_from_iso8601 (text, NULL);
  if (*out == NULL)
    {
      g_autofree char *detail =
        g_strdup_printf (_("“%s” is not a date and time"), member);
      tokens_json_set_invalid (error, detail);
      return FALSE;
    }

  return TRUE;
}

static TokensPermission *
permission_from_node (JsonNode  *node,
                      GError   **error)
{
  JsonObject *object;
  JsonNode *resource_node;
  JsonObject *resource;
  const char *action;
  const char *type, *id, *org_id, *name, *org;
  TokensAction parsed_action;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      tokens_json_set_invalid (error, _("a permission is not an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!tokens_json_get_string (object, "action", &action, error))
    return NULL;
  if (g_strcmp0 (action, "read") == 0)
    parsed_action = TOKENS_ACTION_READ;
  else if (g_strcmp0 (action, "write") == 0)
    parsed_action = TOKENS_ACTION_WRITE;
  else
    {
      tokens_json_set_invalid (error, _("a permission’s action is neither read nor write"));
      return NULL;
    }

  resource_node = json_object_get_member (object, "resource");
  if (resource_node == NULL || !JSON_NODE_HOLDS_OBJECT (resource_node))
    {
      tokens_json_set_invalid (error, _("a permission has no resource"));
      return NULL;
    }
  resource = json_node_get_object (resource_node);

  if (!tokens_json_get_string (resource, "type", &type, error) ||
      !tokens_json_get_string (resource, "id", &id, error) ||
      !tokens_json_get_string (resource, "orgID", &org_id, error) ||
      !tokens_json_get_string (resource, "name", &name, error) ||
      !tokens_json_get_string (resource, "org", &org, error))
    return NULL;

  if (type == NULL || type[0] == '\0')
    {
      tokens_json_set_invalid (error, _("a permission’s resource has no type"));
      return NULL;
    }

  /* The API sends "" for absent optional members as often as it omits them. */
  return tokens_permission_new (parsed_action, type,
                                id != NULL && id[0] != '\0' ? id : NULL,
                                org_id != NULL && org_id[0] != '\0' ? org_id : NULL,
                                name != NULL && name[0] != '\0' ? name : NULL,
                                org != NULL && org[0] != '\0' ? org : NULL);
}

static char *
dup_nonempty (const char *s)
{
  return s != NULL && s[0] != '\0' ? g_strdup (s) : NULL;
}

static TokensAuthorization *
authorization_from_node (JsonNode  *node,
                         GError   **error)
{
  g_autoptr(TokensAuthorization) self = NULL;
  JsonObject *object;
  JsonNode *permissions;
  const char *id, *token, *status, *description, *org_id, *org, *user_id, *user;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      tokens_json_set_invalid (error, _("an authorization is not an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!tokens_json_get_string (object, "id", &id, error) ||
      !tokens_json_get_string (object, "token", &token, error) ||
      !tokens_json_get_string (object, "status", &status, error) ||
      !tokens_json_get_string (object, "description", &description, error) ||
      !tokens_json_get_string (object, "orgID", &org_id, error) ||
      !tokens_json_get_string (object, "org", &org, error) ||
      !tokens_json_get_string (object, "userID", &user_id, error) ||
      !tokens_json_get_string (object, "user", &user, error))
    return NULL;

  if (id == NULL || id[0] == '\0')
    {
      tokens_json_set_invalid (error, _("an authorization has no id"));
      return NULL;
    }

  self = tokens_authorization_new (id);
  _tokens_authorization_set_token_value (self, token);

  /* An empty or missing status means active. */
  if (status == NULL || status[0] == '\0' || g_strcmp0 (status, "active") == 0)
    self->active = TRUE;
  else if (g_strcmp0 (status, "inactive") == 0)
    self->active = FALSE;
  else
    {
      tokens_json_set_invalid (error, _("an authorization’s status is neither active nor inactive"));
      return NULL;
    }

  self->description = g_strdup (description);
  self->org_id = dup_nonempty (org_id);
  self->org = dup_nonempty (org);
  self->user_id = dup_nonempty (user_id);
  self->user = dup_nonempty (user);

  if (!get_timestamp (object, "createdAt", &self->created_at, error) ||
      !get_timestamp (object, "updatedAt", &self->updated_at, error))
    return NULL;

  permissions = json_object_get_member (object, "permissions");
  if (permissions != NULL && !JSON_NODE_HOLDS_NULL (permissions))
    {
      JsonArray *array;
      guint len;

      if (!JSON_NODE_HOLDS_ARRAY (permissions))
        {
          tokens_json_set_invalid (error, _("“permissions” is not a list"));
          return NULL;
        }

      array = json_node_get_array (permissions);
      len = json_array_get_length (array);
      g_ptr_array_set_size (self->permissions, 0);
      for (guint i = 0; i < len; i++)
        {
          TokensPermission *permission =
            permission_from_node (json_array_get_element (array, i), error);

          if (permission == NULL)
            return NULL;
          g_ptr_array_add (self->permissions, permission);
        }
    }

  _tokens_authorization_classify (self);

  return g_steal_pointer (&self);
}

/**
 * tokens_api_parse_authorization_list:
 * @body: the body of `GET /api/v2/authorizations`
 *
 * Returns: (transfer full) (element-type TokensAuthorization): the
 *   authorizations in the server's order, or %NULL with
 *   %TOKENS_CLIENT_ERROR_INVALID_RESPONSE
 */
GPtrArray *
tokens_api_parse_authorization_list (GBytes  *body,
                                     GError **error)
{
  gsize len;
  const char *data;

  if (!tokens_json_check_body (body, &data, &len, error))
    return NULL;

  /* Lists can be huge: read them without building a document tree. */
  return tokens_api_list_parser_parse (data, len, error);
}

/**
 * tokens_api_parse_authorization:
 * @body: the body of a get, patch or create
 *
 * Returns: (transfer full): the authorization, or %NULL with
 *   %TOKENS_CLIENT_ERROR_INVALID_RESPONSE
 */
TokensAuthorization *
tokens_api_parse_authorization (GBytes  *body,
                                GError **error)
{
  g_autoptr(JsonNode) root = tokens_json_parse_object (body, error);

  if (root == NULL)
    return NULL;

  return authorization_from_node (root, error);
}

/**
 * tokens_api_parse_error_body:
 *
 * See tokens_error_body_reader_read().
 */
gboolean
tokens_api_parse_error_body (GBytes  *body,
                             char   **code,
                             char   **message)
{
  return tokens_error_body_reader_read (body, code, message);
}

/**
 * tokens_api_build_update_body:
 * @active: 1 to activate, 0 to deactivate, -1 to leave the status alone
 * @description: (nullable): the new description, or %NULL to leave it alone
 *
 * Returns: (transfer full): the JSON body of a PATCH
 */
GBytes *
tokens_api_build_update_body (int         active,
                              const char *description)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;
  gsize len;

  json_builder_begin_object (builder);
  if (active >= 0)
    {
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, active ? "active" : "inactive");
    }
  if (description != NULL)
    {
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, description);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);

  return g_bytes_new_take (text, len);
}
