/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-demo-server"

#include "config.h"

#include "tokens-demo-server-private.h"
#include "tokens-api-json.h"
#include "tokens-permission.h"

#include <json-glib/json-glib.h>
#include <string.h>

/*
 * The product modes with InfluxDB's v2 token API: OSS 2.x (clear or hashed
 * tokens) and Cloud. It follows docs/influxdb-v2-api.md: the same status
 * codes, the same error bodies (tab-indented from handlers, compact from the
 * authentication middleware), the same permission model and ascending id
 * order.
 */

#define GO_JSON_MAX_DEPTH 10000

/* ---------------------------------------------------------------------- */
/* An authorization as JSON, in OSS's field order and indentation.        */

static const char *
token_as_listed (TokensDemoServer *self,
                 Auth             *auth)
{
  switch (self->mode)
    {
    case TOKENS_DEMO_MODE_OSS:
      return auth->token;
    case TOKENS_DEMO_MODE_OSS_HASHED:
      return "";
    case TOKENS_DEMO_MODE_CLOUD:
    default:
      return "redacted";
    }
}

static void
append_auth (TokensDemoServer *self,
             GString          *out,
             Auth             *auth,
             guint             depth,
             gboolean          clear_token)
{
  g_autofree char *self_link = g_strdup_printf ("/api/v2/authorizations/%s", auth->id_str);
  g_autofree char *user_link = g_strdup_printf ("/api/v2/users/%s", auth->user->id);

  g_string_append_c (out, '{');
  _tokens_demo_json_append_member (out, depth + 1, "id", auth->id_str, FALSE);
  _tokens_demo_json_append_member (out, depth + 1, "token",
                                   clear_token ? auth->token : token_as_listed (self, auth), FALSE);
  _tokens_demo_json_append_member (out, depth + 1, "status",
                                   auth->active ? "active" : "inactive", FALSE);
  _tokens_demo_json_append_member (out, depth + 1, "description", auth->description, FALSE);
  _tokens_demo_json_append_member (out, depth + 1, "orgID", auth->org->id, FALSE);
  _tokens_demo_json_append_member (out, depth + 1, "org", auth->org->name, FALSE);
  _tokens_demo_json_append_member (out, depth + 1, "userID", auth->user->id, FALSE);
  _tokens_demo_json_append_member (out, depth + 1, "user", auth->user->name, FALSE);

  _tokens_demo_json_indent (out, depth + 1);
  g_string_append (out, "\"permissions\": [");
  for (guint i = 0; i < auth->permissions->len; i++)
    {
      TokensPermission *p = g_ptr_array_index (auth->permissions, i);
      gboolean more;

      _tokens_demo_json_indent (out, depth + 2);
      g_string_append_c (out, '{');
      _tokens_demo_json_append_member (out, depth + 3, "action",
                                       p->action == TOKENS_ACTION_READ ? "read" : "write", FALSE);
      _tokens_demo_json_indent (out, depth + 3);
      g_string_append (out, "\"resource\": {");
      more = p->resource_id != NULL || p->resource_org_id != NULL || p->resource_name != NULL ||
             p->resource_org != NULL;
      _tokens_demo_json_append_member (out, depth + 4, "type", p->resource_type, !more);
      if (p->resource_id != NULL)
        {
          more = p->resource_org_id != NULL || p->resource_name != NULL || p->resource_org != NULL;
          _tokens_demo_json_append_member (out, depth + 4, "id", p->resource_id, !more);
        }
      if (p->resource_org_id != NULL)
        {
          more = p->resource_name != NULL || p->resource_org != NULL;
          _tokens_demo_json_append_member (out, depth + 4, "orgID", p->resource_org_id, !more);
        }
      if (p->resource_name != NULL)
        _tokens_demo_json_append_member (out, depth + 4, "name", p->resource_name,
                                         p->resource_org == NULL);
      if (p->resource_org != NULL)
        _tokens_demo_json_append_member (out, depth + 4, "org", p->resource_org, TRUE);
      _tokens_demo_json_indent (out, depth + 3);
      g_string_append_c (out, '}');
      _tokens_demo_json_indent (out, depth + 2);
      g_string_append_c (out, '}');
      if (i + 1 < auth->permissions->len)
        g_string_append_c (out, ',');
    }
  if (auth->permissions->len > 0)
    _tokens_demo_json_indent (out, depth + 1);
  g_string_append (out, "],");

  _tokens_demo_json_indent (out, depth + 1);
  g_string_append (out, "\"links\": {");
  _tokens_demo_json_append_member (out, depth + 2, "self", self_link, FALSE);
  _tokens_demo_json_append_member (out, depth + 2, "user", user_link, TRUE);
  _tokens_demo_json_indent (out, depth + 1);
  g_string_append (out, "},");

  _tokens_demo_json_append_time (out, depth + 1, "createdAt", auth->created_at, FALSE);
  _tokens_demo_json_append_time (out, depth + 1, "updatedAt", auth->updated_at, TRUE);
  _tokens_demo_json_indent (out, depth);
  g_string_append_c (out, '}');
}

/* ---------------------------------------------------------------------- */
/* Permission model                                                       */

static gboolean
can (Auth         *caller,
     TokensAction  action,
     const char   *type,
     const char   *org_id,
     const char   *id)
{
  if (!caller->active)
    return FALSE;

  for (guint i = 0; i < caller->permissions->len; i++)
    if (tokens_permission_covers (g_ptr_array_index (caller->permissions, i),
                                  action, type, org_id, id))
      return TRUE;

  return FALSE;
}

static gboolean
can_access (Auth         *caller,
            Auth         *target,
            TokensAction  action)
{
  return can (caller, action, "authorizations", target->org->id, target->id_str) &&
         can (caller, action, "users", NULL, target->user->id);
}

/* Returns FALSE after answering when @caller may not change @target. */
static gboolean
check_write (SoupServerMessage *msg,
             Auth              *caller,
             Auth              *target)
{
  g_autofree char *message = NULL;

  if (!caller->active)
    message = g_strdup ("token is inactive");
  else if (!can (caller, TOKENS_ACTION_WRITE, "authorizations", target->org->id, target->id_str))
    message = g_strdup_printf ("write:orgs/%s/authorizations/%s is unauthorized",
                               target->org->id, target->id_str);
  else if (!can (caller, TOKENS_ACTION_WRITE, "users", NULL, target->user->id))
    message = g_strdup_printf ("write:users/%s is unauthorized", target->user->id);

  if (message == NULL)
    return TRUE;

  _tokens_demo_respond_error (msg, "unauthorized", message);
  return FALSE;
}

/* An error from the authentication middleware: compact. */
static void
respond_unauthorized_compact (SoupServerMessage *msg)
{
  GString *body = g_string_new ("{\"code\":\"unauthorized\",\"message\":\"unauthorized access\"}");

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Platform-Error-Code", "unauthorized");
  _tokens_demo_respond_json (msg, 401, body);
}

static Auth *
authenticate (TokensDemoServer  *self,
              SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");
  const char *space;
  g_autofree char *scheme = NULL;

  if (value == NULL)
    return NULL;

  self->n_authenticated_requests++;

  space = strchr (value, ' ');
  if (space == NULL)
    return NULL;

  scheme = g_strndup (value, space - value);
  if (g_ascii_strcasecmp (scheme, "Token") != 0 && g_ascii_strcasecmp (scheme, "Bearer") != 0)
    return NULL;

  while (*space == ' ')
    space++;

  return g_hash_table_lookup (self->by_token, space);
}

/* ---------------------------------------------------------------------- */
/* Handlers                                                               */

static void
handle_list (TokensDemoServer  *self,
             SoupServerMessage *msg,
             Auth              *caller,
             GHashTable        *query)
{
  const char *user_id = query != NULL ? g_hash_table_lookup (query, "userID") : NULL;
  const char *user = query != NULL ? g_hash_table_lookup (query, "user") : NULL;
  const char *org_id = query != NULL ? g_hash_table_lookup (query, "orgID") : NULL;
  const char *org = query != NULL ? g_hash_table_lookup (query, "org") : NULL;
  const char *token = query != NULL ? g_hash_table_lookup (query, "token") : NULL;
  const Entity *want_user = NULL, *want_org = NULL;
  const char *message;
  guint64 parsed;
  GString *body;
  gboolean first = TRUE;

  if (user_id != NULL)
    {
      if (!_tokens_demo_parse_id (user_id, &parsed, &message))
        {
          _tokens_demo_respond_error (msg, "invalid", message);
          return;
        }
      want_user = _tokens_demo_find_entity_by_id (self->users, user_id);
      if (want_user == NULL)
        {
          _tokens_demo_respond_error (msg, "not found", "user not found");
          return;
        }
    }
  else if (user != NULL)
    {
      want_user = _tokens_demo_find_entity_by_name (self->users, user);
      if (want_user == NULL)
        {
          _tokens_demo_respond_error (msg, "not found", "user not found");
          return;
        }
    }

  if (org_id != NULL)
    {
      if (!_tokens_demo_parse_id (org_id, &parsed, &message))
        {
          _tokens_demo_respond_error (msg, "invalid", message);
          return;
        }
      want_org = _tokens_demo_find_entity_by_id (self->orgs, org_id);
      if (want_org == NULL)
        {
          _tokens_demo_respond_error (msg, "not found", "organization not found");
          return;
        }
    }
  else if (org != NULL)
    {
      want_org = _tokens_demo_find_entity_by_name (self->orgs, org);
      if (want_org == NULL)
        {
          g_autofree char *text = g_strdup_printf ("organization name \"%s\" not found", org);
          _tokens_demo_respond_error (msg, "not found", text);
          return;
        }
    }

  body = g_string_sized_new (1024 + self->auths->len * 1400);
  g_string_append (body, "{\n\t\"links\": {\n\t\t\"self\": \"/api/v2/authorizations\"\n\t},"
                         "\n\t\"authorizations\": [");

  for (guint i = 0; i < self->auths->len; i++)
    {
      Auth *auth = g_ptr_array_index (self->auths, i);

      if (want_user != NULL && auth->user != want_user)
        continue;
      if (want_org != NULL && auth->org != want_org)
        continue;
      /* Only Cloud understands ?token=; OSS ignores it. */
      if (token != NULL && self->mode == TOKENS_DEMO_MODE_CLOUD && !g_str_equal (token, auth->token))
        continue;
      if (!can_access (caller, auth, TOKENS_ACTION_READ))
        continue;

      if (!first)
        g_string_append_c (body, ',');
      first = FALSE;
      _tokens_demo_json_indent (body, 2);
      append_auth (self, body, auth, 2, FALSE);
    }

  if (!first)
    _tokens_demo_json_indent (body, 1);
  g_string_append (body, "]\n}");

  _tokens_demo_respond_json (msg, 200, body);
}

static Auth *
find_target (TokensDemoServer  *self,
             SoupServerMessage *msg,
             const char        *id)
{
  const char *message;
  guint64 parsed;
  Auth *target;

  if (!_tokens_demo_parse_id (id, &parsed, &message))
    {
      _tokens_demo_respond_error (msg, "invalid", message);
      return NULL;
    }

  target = g_hash_table_lookup (self->by_id, &parsed);
  if (target == NULL)
    _tokens_demo_respond_error (msg, "not found", "authorization not found");

  return target;
}

static void
handle_get (TokensDemoServer  *self,
            SoupServerMessage *msg,
            Auth              *caller,
            const char        *id)
{
  Auth *target = find_target (self, msg, id);
  GString *body;

  if (target == NULL)
    return;

  if (!can_access (caller, target, TOKENS_ACTION_READ))
    {
      g_autofree char *text = g_strdup_printf ("read:orgs/%s/authorizations/%s is unauthorized",
                                               target->org->id, target->id_str);
      _tokens_demo_respond_error (msg, "unauthorized", caller->active ? text : "token is inactive");
      return;
    }

  body = g_string_new (NULL);
  append_auth (self, body, target, 0, FALSE);
  _tokens_demo_respond_json (msg, 200, body);
}

static void
handle_delete (TokensDemoServer  *self,
               SoupServerMessage *msg,
               Auth              *caller,
               const char        *id)
{
  Auth *target = find_target (self, msg, id);

  /* Existence is checked before permission, as in OSS. */
  if (target == NULL || !check_write (msg, caller, target))
    return;

  _tokens_demo_remove_auth (self, target);
  soup_server_message_set_status (msg, 204, NULL);
}

static JsonObject *
parse_body_object (SoupServerMessage *msg,
                   JsonParser        *parser)
{
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;

  if (len == 0)
    {
      _tokens_demo_respond_error (msg, "internal error", "EOF");
      return NULL;
    }

  /* json-glib recurses once per level, with no limit of its own, and a
   * deep enough body overflows the stack; Go's decoder stops at 10,000. */
  if (!tokens_api_json_depth_is_within (data, len, GO_JSON_MAX_DEPTH))
    {
      _tokens_demo_respond_error (msg, "internal error", "exceeded max depth");
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, len, &error))
    {
      g_autofree char *text = NULL;
      const char *p = data;

      while (p < data + len && g_ascii_isspace (*p))
        p++;
      /* Word the error the way Go's decoder does for the common case. */
      if (p < data + len && strchr ("{[\"-0123456789tfn", *p) == NULL)
        text = g_strdup_printf ("invalid character '%c' looking for beginning of value", *p);
      else
        text = g_strdup (error->message);
      _tokens_demo_respond_error (msg, "internal error", text);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      _tokens_demo_respond_error (msg, "invalid", "request body must be a JSON object");
      return NULL;
    }

  return json_node_get_object (root);
}

static const char *
member_string (JsonObject *object,
               const char *name,
               gboolean   *wrong_type)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *wrong_type = TRUE;
      return NULL;
    }
  return json_node_get_string (node);
}

static void
handle_patch (TokensDemoServer  *self,
              SoupServerMessage *msg,
              Auth              *caller,
              const char        *id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *status, *description;
  gboolean wrong_type = FALSE;
  Auth *target;
  GString *body;

  target = find_target (self, msg, id);
  if (target == NULL)
    return;

  object = parse_body_object (msg, parser);
  if (object == NULL)
    return;

  status = member_string (object, "status", &wrong_type);
  description = member_string (object, "description", &wrong_type);
  if (wrong_type)
    {
      _tokens_demo_respond_error (msg, "invalid",
                                  "json: cannot unmarshal into Go value of type string");
      return;
    }
  if (status != NULL && !g_str_equal (status, "active") && !g_str_equal (status, "inactive"))
    {
      _tokens_demo_respond_error (msg, "invalid", "unknown authorization status");
      return;
    }

  if (!check_write (msg, caller, target))
    return;

  if (status != NULL)
    target->active = g_str_equal (status, "active");
  if (description != NULL)
    {
      g_free (target->description);
      target->description = g_strdup (description);
    }
  g_date_time_unref (target->updated_at);
  target->updated_at = g_date_time_new_now_utc ();

  body = g_string_new (NULL);
  append_auth (self, body, target, 0, FALSE);
  _tokens_demo_respond_json (msg, 200, body);
}

static GPtrArray *
parse_permissions (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "permissions");
  g_autoptr(GPtrArray) permissions = _tokens_demo_new_permissions ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *p, *resource;
      const char *action, *type;
      gboolean wrong = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return NULL;
      p = json_node_get_object (element);
      action = member_string (p, "action", &wrong);
      if (!json_object_has_member (p, "resource") ||
          !JSON_NODE_HOLDS_OBJECT (json_object_get_member (p, "resource")))
        return NULL;
      resource = json_object_get_object_member (p, "resource");
      type = member_string (resource, "type", &wrong);
      if (wrong || type == NULL ||
          (g_strcmp0 (action, "read") != 0 && g_strcmp0 (action, "write") != 0))
        return NULL;

      g_ptr_array_add (permissions,
                       tokens_permission_new (g_str_equal (action, "read") ? TOKENS_ACTION_READ
                                                                           : TOKENS_ACTION_WRITE,
                                              type,
                                              member_string (resource, "id", &wrong),
                                              member_string (resource, "orgID", &wrong),
                                              member_string (resource, "name", &wrong),
                                              member_string (resource, "org", &wrong)));
      if (wrong)
        return NULL;
    }

  if (permissions->len == 0)
    return NULL;

  return g_steal_pointer (&permissions);
}

static void
handle_create (TokensDemoServer  *self,
               SoupServerMessage *msg,
               Auth              *caller)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  JsonObject *object;
  const char *org_id, *user_id, *description, *status;
  const char *message;
  const Entity *org, *user;
  gboolean wrong_type = FALSE;
  GPtrArray *permissions;
  guint64 parsed;
  Auth *created;
  GString *body;

  object = parse_body_object (msg, parser);
  if (object == NULL)
    return;

  org_id = member_string (object, "orgID", &wrong_type);
  user_id = member_string (object, "userID", &wrong_type);
  description = member_string (object, "description", &wrong_type);
  status = member_string (object, "status", &wrong_type);
  if (wrong_type)
    {
      _tokens_demo_respond_error (msg, "invalid",
                                  "json: cannot unmarshal into Go value of type string");
      return;
    }

  if (!_tokens_demo_parse_id (org_id, &parsed, &message))
    {
      _tokens_demo_respond_error (msg, "invalid", message);
      return;
    }
  org = _tokens_demo_find_entity_by_id (self->orgs, org_id);
  if (org == NULL)
    {
      _tokens_demo_respond_error (msg, "not found", "organization not found");
      return;
    }

  user = caller->user;
  if (user_id != NULL && (user = _tokens_demo_find_entity_by_id (self->users, user_id)) == NULL)
    {
      _tokens_demo_respond_error (msg, "not found", "user not found");
      return;
    }

  if (!can (caller, TOKENS_ACTION_WRITE, "authorizations", org->id, NULL))
    {
      g_autofree char *text = g_strdup_printf ("write:orgs/%s/authorizations is unauthorized",
                                               org->id);
      _tokens_demo_respond_error (msg, "unauthorized", caller->active ? text : "token is inactive");
      return;
    }

  permissions = parse_permissions (object);
  if (permissions == NULL)
    {
      _tokens_demo_respond_error (msg, "invalid", "permissions are required");
      return;
    }

  created = _tokens_demo_add_auth (self, NULL, description != NULL ? description : "", org, user,
                                   permissions, now, g_strcmp0 (status, "inactive") != 0);

  body = g_string_new (NULL);
  append_auth (self, body, created, 0, TRUE);
  _tokens_demo_respond_json (msg, 201, body);
}

/* ---------------------------------------------------------------------- */
/* Ping and routing                                                       */

void
_tokens_demo_v2_handle_ping (TokensDemoServer  *self,
                             SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *build, *version;

  switch (self->mode)
    {
    case TOKENS_DEMO_MODE_OSS_HASHED:
      build = "OSS";
      version = "v2.9.0";
      break;
    case TOKENS_DEMO_MODE_CLOUD:
      build = "Cloud";
      version = "cloud2";
      break;
    case TOKENS_DEMO_MODE_OSS:
    default:
      build = "OSS";
      version = "v2.7.11";
      break;
    }

  soup_message_headers_replace (headers, "X-Influxdb-Build", build);
  soup_message_headers_replace (headers, "X-Influxdb-Version", version);
  soup_server_message_set_status (msg, 204, NULL);
}

/* Everything under /api/ that no fault answered: only the authorizations
 * are served, and only to a caller with a token. */
void
_tokens_demo_v2_handle_api (TokensDemoServer  *self,
                            SoupServerMessage *msg,
                            const char        *path,
                            GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  const char *prefix = "/api/v2/authorizations";
  Auth *caller;

  if (!g_str_has_prefix (path, prefix) ||
      (path[strlen (prefix)] != '\0' && path[strlen (prefix)] != '/'))
    {
      _tokens_demo_respond_error (msg, "not found", "path not found");
      return;
    }

  caller = authenticate (self, msg);
  if (caller == NULL)
    {
      respond_unauthorized_compact (msg);
      return;
    }

  path += strlen (prefix);
  if (*path == '\0' || g_str_equal (path, "/"))
    {
      if (g_str_equal (method, SOUP_METHOD_GET))
        handle_list (self, msg, caller, query);
      else if (g_str_equal (method, SOUP_METHOD_POST))
        handle_create (self, msg, caller);
      else
        _tokens_demo_respond_error (msg, "method not allowed", "method not allowed");
      return;
    }

  path++;
  if (strchr (path, '/') != NULL)
    {
      _tokens_demo_respond_error (msg, "not found", "path not found");
      return;
    }

  if (g_str_equal (method, SOUP_METHOD_GET))
    handle_get (self, msg, caller, path);
  else if (g_str_equal (method, SOUP_METHOD_DELETE))
    handle_delete (self, msg, caller, path);
  else if (g_str_equal (method, "PATCH"))
    handle_patch (self, msg, caller, path);
  else
    _tokens_demo_respond_error (msg, "method not allowed", "method not allowed");
}
