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
 * order. What a new token can be granted (buckets, users, resource types)
 * is listed by tokens-demo-v2-listings.c; the router below calls it.
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

gboolean
_tokens_demo_v2_can (Auth         *caller,
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
  return _tokens_demo_v2_can (caller, action, "authorizations", target->org->id, target->id_str) &&
         _tokens_demo_v2_can (caller, action, "users", NULL, target->user->id);
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
  else if (!_tokens_demo_v2_can (caller, TOKENS_ACTION_WRITE, "authorizations", target->org->id,
                                 target->id_str))
    message = g_strdup_printf ("write:orgs/%s/authorizations/%s is unauthorized",
                               target->org->id, target->id_str);
  else if (!_tokens_demo_v2_can (caller, TOKENS_ACTION_WRITE, "users", NULL, target->user->id))
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

/* @code and @prefix: how the handler words a body it cannot decode. OSS's
 * PATCH handler lets the decoder's error through as an internal error; its
 * POST handler calls it "invalid json structure". */
static JsonObject *
parse_body_object (SoupServerMessage *msg,
                   JsonParser        *parser,
                   const char        *code,
                   const char        *prefix)
{
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;

  if (len == 0)
    {
      g_autofree char *text = g_strconcat (prefix, "EOF", NULL);

      _tokens_demo_respond_error (msg, code, text);
      return NULL;
    }

  /* json-glib recurses once per level, with no limit of its own, and a
   * deep enough body overflows the stack; Go's decoder stops at 10,000. */
  if (!tokens_api_json_depth_is_within (data, len, GO_JSON_MAX_DEPTH))
    {
      g_autofree char *text = g_strconcat (prefix, "exceeded max depth", NULL);

      _tokens_demo_respond_error (msg, code, text);
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
        text = g_strdup_printf ("%sinvalid character '%c' looking for beginning of value",
                                prefix, *p);
      else
        text = g_strconcat (prefix, error->message, NULL);
      _tokens_demo_respond_error (msg, code, text);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autofree char *text = g_strconcat (prefix, "request body must be a JSON object", NULL);

      _tokens_demo_respond_error (msg, "invalid", text);
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

  object = parse_body_object (msg, parser, "internal error", "");
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

/* ---------------------------------------------------------------------- */
/* Creating a token, as OSS's handler and authorizer do it                */

static const char * const cloud_only_types[] = { "flows", "functions", "subscriptions", NULL };

/* OSS knows the types GET /api/v2/resources lists; Cloud's permission
 * schema names three more. */
static gboolean
is_resource_type (TokensDemoServer *self,
                  const char       *type)
{
  if (g_strv_contains (_tokens_demo_resource_types, type))
    return TRUE;
  return self->mode == TOKENS_DEMO_MODE_CLOUD && g_strv_contains (cloud_only_types, type);
}

/* A member Go would decode into a *platform.ID: absent and null are NULL,
 * anything else must be 16 hex digits. Returns FALSE, with the decoder's
 * words, when it is not. The id comes back in lower case, as Go writes it. */
static gboolean
member_id (JsonObject  *object,
           const char  *name,
           char       **id,
           const char **message)
{
  JsonNode *node = json_object_get_member (object, name);
  guint64 parsed;

  *id = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *message = "id must have a length of 16 bytes";
      return FALSE;
    }
  if (!_tokens_demo_parse_id (json_node_get_string (node), &parsed, message))
    return FALSE;
  *id = _tokens_demo_format_id (parsed);
  return TRUE;
}

/* A member decoded into a Go string: absent and null are "". */
static gboolean
member_text (JsonObject  *object,
             const char  *name,
             const char **text)
{
  gboolean wrong = FALSE;

  *text = object != NULL ? member_string (object, name, &wrong) : NULL;
  if (*text == NULL)
    *text = "";
  return !wrong;
}

/* A member decoded into a Go struct: absent and null are its zero value. */
static gboolean
member_object (JsonObject  *object,
               const char  *name,
               JsonObject **member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  *member = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  *member = json_node_get_object (node);
  return TRUE;
}

/* What a permission says, decoded; "" for a missing action or type, as
 * Go's zero values. */
typedef struct
{
  const char *action;
  const char *type;
  char *id;
  char *org_id;
} Requested;

static void
requested_clear (Requested *requested)
{
  g_free (requested->id);
  g_free (requested->org_id);
}

/* As Go's Permission.String(): "read:orgs/<org>/buckets/<id>". */
static char *
requested_to_string (const Requested *p)
{
  if (p->org_id != NULL && p->id != NULL)
    return g_strdup_printf ("%s:orgs/%s/%s/%s", p->action, p->org_id, p->type, p->id);
  if (p->org_id != NULL)
    return g_strdup_printf ("%s:orgs/%s/%s", p->action, p->org_id, p->type);
  if (p->id != NULL)
    return g_strdup_printf ("%s:%s/%s", p->action, p->type, p->id);
  return g_strdup_printf ("%s:%s", p->action, p->type);
}

/* The "permissions" member decoded as Go would: the array's shape and ids
 * first (a failure there is the decoder's), checked later. Returns NULL
 * with @message set when it does not decode. */
static GArray *
decode_permissions (JsonObject  *object,
                    const char **message)
{
  JsonNode *node = json_object_get_member (object, "permissions");
  g_autoptr(GArray) requested = g_array_new (FALSE, TRUE, sizeof (Requested));
  JsonArray *array;

  g_array_set_clear_func (requested, (GDestroyNotify)requested_clear);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_steal_pointer (&requested);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      *message = "json: cannot unmarshal into Go value of type []influxdb.Permission";
      return NULL;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *p = NULL, *resource = NULL;
      Requested *r;

      if (!JSON_NODE_HOLDS_NULL (element) && !JSON_NODE_HOLDS_OBJECT (element))
        {
          *message = "json: cannot unmarshal into Go value of type influxdb.Permission";
          return NULL;
        }
      if (JSON_NODE_HOLDS_OBJECT (element))
        p = json_node_get_object (element);

      g_array_set_size (requested, requested->len + 1);
      r = &g_array_index (requested, Requested, requested->len - 1);
      if (!member_text (p, "action", &r->action) || !member_object (p, "resource", &resource) ||
          !member_text (resource, "type", &r->type))
        {
          *message = "json: cannot unmarshal into Go value of type string";
          return NULL;
        }
      /* A name or org given with the resource is not kept: OSS looks
       * both up when it answers. */
      if (resource != NULL &&
          (!member_id (resource, "id", &r->id, message) ||
           !member_id (resource, "orgID", &r->org_id, message)))
        return NULL;
    }

  return g_steal_pointer (&requested);
}

/* Validate(): OSS's checks after decoding, in its order, with its words. */
static const char *
check_permissions (TokensDemoServer *self,
                   GArray           *requested)
{
  if (requested->len == 0)
    return "authorization must include permissions";

  for (guint i = 0; i < requested->len; i++)
    {
      Requested *p = &g_array_index (requested, Requested, i);

      if (!is_resource_type (self, p->type))
        return "invalid resource type for permission: unknown resource type for permission";
      if (!g_str_equal (p->action, "read") && !g_str_equal (p->action, "write"))
        return "invalid action type for permission: unknown action for permission";
    }
  return NULL;
}

/* What OSS answers with for a permission's resource: the names it finds
 * now, never the ones the request gave. A missing resource has no name,
 * and then its organization's is not looked up either. */
static TokensPermission *
permission_from (TokensDemoServer *self,
                 const Requested  *p)
{
  const char *name = NULL, *org = NULL;
  gboolean found = TRUE;

  if (p->id != NULL)
    {
      const Entity *entity = NULL;
      guint64 parsed;
      const char *message;

      if (g_str_equal (p->type, "buckets") && _tokens_demo_parse_id (p->id, &parsed, &message))
        {
          Bucket *bucket = _tokens_demo_find_bucket (self, parsed);

          name = bucket != NULL ? bucket->name : NULL;
          found = bucket != NULL;
        }
      else if (g_str_equal (p->type, "orgs") || g_str_equal (p->type, "users"))
        {
          entity = _tokens_demo_find_entity_by_id (g_str_equal (p->type, "orgs") ? self->orgs
                                                                                 : self->users,
                                                   p->id);
          name = entity != NULL ? entity->name : NULL;
          found = entity != NULL;
        }
    }
  if (found && p->org_id != NULL)
    {
      const Entity *entity = _tokens_demo_find_entity_by_id (self->orgs, p->org_id);

      org = entity != NULL ? entity->name : NULL;
    }

  return tokens_permission_new (g_str_equal (p->action, "read") ? TOKENS_ACTION_READ
                                                                 : TOKENS_ACTION_WRITE,
                                p->type, p->id, p->org_id, name, org);
}

static void
handle_create (TokensDemoServer  *self,
               SoupServerMessage *msg,
               Auth              *caller)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GArray) requested = NULL;
  g_autofree char *org_id = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;
  const char *description, *status;
  const char *message = NULL;
  const Entity *org, *user;
  GPtrArray *permissions;
  Auth *created;
  GString *body;

  object = parse_body_object (msg, parser, "invalid", "invalid json structure: ");
  if (object == NULL)
    return;

  /* Decoding: a member of the wrong type, or an id that is not one. */
  if (!member_text (object, "description", &description) ||
      !member_text (object, "status", &status))
    message = "json: cannot unmarshal into Go value of type string";
  else if (member_id (object, "orgID", &org_id, &message) &&
           member_id (object, "userID", &user_id, &message))
    requested = decode_permissions (object, &message);
  if (requested == NULL)
    {
      text = g_strconcat ("invalid json structure: ", message, NULL);
      _tokens_demo_respond_error (msg, "invalid", text);
      return;
    }

  /* Validate(): the permissions, the organization, the status. */
  if ((message = check_permissions (self, requested)) != NULL)
    {
      _tokens_demo_respond_error (msg, "invalid", message);
      return;
    }
  if (org_id == NULL)
    {
      _tokens_demo_respond_error (msg, "invalid", "org id required: invalid ID");
      return;
    }
  if (*status == '\0')
    status = "active";
  if (!g_str_equal (status, "active") && !g_str_equal (status, "inactive"))
    {
      _tokens_demo_respond_error (msg, "invalid", "invalid status: must be active or inactive");
      return;
    }

  /* The authorizer: write on the org's authorizations, write on the user
   * the token is for, and every permission granted held by the caller. */
  if (user_id == NULL)
    user_id = g_strdup (caller->user->id);
  if (!caller->active)
    {
      _tokens_demo_respond_error (msg, "unauthorized", "token is inactive");
      return;
    }
  if (!_tokens_demo_v2_can (caller, TOKENS_ACTION_WRITE, "authorizations", org_id, NULL))
    {
      text = g_strdup_printf ("write:orgs/%s/authorizations is unauthorized", org_id);
      _tokens_demo_respond_error (msg, "unauthorized", text);
      return;
    }
  if (!_tokens_demo_v2_can (caller, TOKENS_ACTION_WRITE, "users", NULL, user_id))
    {
      text = g_strdup_printf ("write:users/%s is unauthorized", user_id);
      _tokens_demo_respond_error (msg, "unauthorized", text);
      return;
    }
  for (guint i = 0; i < requested->len; i++)
    {
      Requested *p = &g_array_index (requested, Requested, i);

      if (!_tokens_demo_v2_can (caller, g_str_equal (p->action, "read") ? TOKENS_ACTION_READ
                                                                        : TOKENS_ACTION_WRITE,
                                p->type, p->org_id, p->id))
        {
          g_autofree char *wanted = requested_to_string (p);

          text = g_strdup_printf ("permission %s is not allowed: %s is unauthorized",
                                  wanted, wanted);
          _tokens_demo_respond_error (msg, "forbidden", text);
          return;
        }
    }

  /* The service: a user or an org it does not know, in the same words. */
  user = _tokens_demo_find_entity_by_id (self->users, user_id);
  org = _tokens_demo_find_entity_by_id (self->orgs, org_id);
  if (user == NULL || org == NULL)
    {
      _tokens_demo_respond_error (msg, "invalid", "unable to create token");
      return;
    }

  permissions = _tokens_demo_new_permissions ();
  for (guint i = 0; i < requested->len; i++)
    g_ptr_array_add (permissions, permission_from (self, &g_array_index (requested, Requested, i)));

  created = _tokens_demo_add_auth (self, NULL, description, org, user, permissions, now,
                                   g_str_equal (status, "active"));

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

/* Whether @path is @prefix, or @prefix and a slash. */
static gboolean
is_collection (const char *path,
               const char *prefix)
{
  return g_str_has_prefix (path, prefix) &&
         (path[strlen (prefix)] == '\0' || g_str_equal (path + strlen (prefix), "/"));
}

/* Everything under /api/ that no fault answered: the authorizations, and
 * what a new token can be granted, each only to a caller with a token. */
void
_tokens_demo_v2_handle_api (TokensDemoServer  *self,
                            SoupServerMessage *msg,
                            const char        *path,
                            GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean get = g_str_equal (method, SOUP_METHOD_GET);
  const char *prefix = "/api/v2/authorizations";
  const char *resources = "/api/v2/resources";
  gboolean authorizations, buckets, users, me, listing_resources;
  Auth *caller;

  authorizations = g_str_has_prefix (path, prefix) &&
                   (path[strlen (prefix)] == '\0' || path[strlen (prefix)] == '/');
  buckets = is_collection (path, "/api/v2/buckets");
  users = is_collection (path, "/api/v2/users");
  me = g_str_equal (path, "/api/v2/me");
  /* OSS mounts one handler there, for every method and every path below. */
  listing_resources = g_str_has_prefix (path, resources) &&
                      (path[strlen (resources)] == '\0' || path[strlen (resources)] == '/');
  if (!authorizations && !buckets && !users && !me && !listing_resources)
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

  if (listing_resources)
    {
      _tokens_demo_v2_handle_resources (msg);
      return;
    }
  /* The user the caller's token belongs to, whatever it may read. */
  if (me)
    {
      GString *body = g_string_new (NULL);

      if (!get)
        {
          _tokens_demo_respond_error (msg, "method not allowed", "method not allowed");
          g_string_free (body, TRUE);
          return;
        }
      /* The user is read through the authorizing user service, which an
       * inactive token may not read: as a delete with it. */
      if (!caller->active)
        {
          _tokens_demo_respond_error (msg, "unauthorized", "token is inactive");
          g_string_free (body, TRUE);
          return;
        }
      _tokens_demo_v2_append_user (body, caller->user, 0);
      _tokens_demo_respond_json (msg, 200, body);
      return;
    }
  /* Making buckets and users is not the fake server's business. */
  if (buckets || users)
    {
      if (!get)
        _tokens_demo_respond_error (msg, "method not allowed", "method not allowed");
      else if (buckets)
        _tokens_demo_v2_handle_buckets (self, msg, caller, query);
      else
        _tokens_demo_v2_handle_users (self, msg, caller, query);
      return;
    }

  path += strlen (prefix);
  if (*path == '\0' || g_str_equal (path, "/"))
    {
      if (get)
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

  if (get)
    handle_get (self, msg, caller, path);
  else if (g_str_equal (method, SOUP_METHOD_DELETE))
    handle_delete (self, msg, caller, path);
  else if (g_str_equal (method, "PATCH"))
    handle_patch (self, msg, caller, path);
  else
    _tokens_demo_respond_error (msg, "method not allowed", "method not allowed");
}
