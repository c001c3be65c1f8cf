/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-demo-server"

#include "config.h"

#include "tokens-demo-server-private.h"

#include <string.h>

/*
 * InfluxDB Cloud Dedicated's management API, for one account and one
 * cluster (TOKENS_DEMO_DEDICATED_BASE), as docs/influxdb3-api.md describes
 * it: a management token in `Authorization: Bearer`, database tokens by
 * UUID under .../tokens, camelCase JSON, errors as {"code": int,
 * "message": str}. A DELETE is the revoke: the token is gone from the list.
 */

void
_tokens_demo_db_token_free (DbToken *token)
{
  g_free (token->id);
  g_free (token->key);
  g_free (token->description);
  g_free (token->access_token);
  json_node_unref (token->permissions);
  g_date_time_unref (token->created_at);
  g_clear_pointer (&token->expires_at, g_date_time_unref);
  g_clear_pointer (&token->revoked_at, g_date_time_unref);
  g_free (token);
}

static char *
new_secret (void)
{
  guint8 bytes[48];
  char *b64;

  for (guint i = 0; i < G_N_ELEMENTS (bytes); i++)
    bytes[i] = (guint8)g_random_int_range (0, 256);
  b64 = g_base64_encode (bytes, sizeof bytes);
  for (char *p = b64; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }
  return b64;
}

static JsonNode *
permissions_node (const char *const *pairs)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  /* @pairs: action, resource, action, resource, …, NULL */
  json_builder_begin_array (builder);
  for (guint i = 0; pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, pairs[i]);
      json_builder_set_member_name (builder, "resource");
      json_builder_add_string_value (builder, pairs[i + 1]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

/* Takes @permissions. */
static DbToken *
add_token (TokensDemoServer *self,
           const char       *key,
           const char       *description,
           JsonNode         *permissions,
           GDateTime        *created_at,
           GDateTime        *expires_at,
           GDateTime        *revoked_at)
{
  DbToken *token = g_new0 (DbToken, 1);

  token->id = g_uuid_string_random ();
  token->key = g_strdup (key);
  token->description = g_strdup (description);
  token->access_token = new_secret ();
  token->permissions = permissions;
  token->created_at = g_date_time_to_utc (created_at);
  token->expires_at = expires_at != NULL ? g_date_time_to_utc (expires_at) : NULL;
  token->revoked_at = revoked_at != NULL ? g_date_time_to_utc (revoked_at) : NULL;
  g_ptr_array_add (self->db_tokens, token);
  return token;
}

static GDateTime *
date (const char *iso)
{
  return g_date_time_new_from_iso8601 (iso, NULL);
}

/* The cluster's databases: each one the seeded tokens name, and one that
 * none does. */
static void
add_seeded_databases (TokensDemoServer *self)
{
  Database *database;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  database = _tokens_demo_add_database (self, "sensors", FALSE);
  database->retention_period = G_GINT64_CONSTANT (30) * 24 * 3600 * G_GINT64_CONSTANT (1000000000);

  database = _tokens_demo_add_database (self, "weather", FALSE);
  database->max_tables = 100;
  database->max_columns_per_table = 50;
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "time");
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, "%Y-%m");
  json_builder_end_object (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "tag");
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, "station");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  database->partition_template = json_builder_get_root (builder);

  _tokens_demo_add_database (self, "telemetry", FALSE);
}

/**
 * _tokens_demo_dedicated_seed:
 *
 * A management token (the operator's, never listed) and database tokens:
 * write-only, read-only, read on everything, one revoked, one that expires
 * in three days, one expired.
 */
void
_tokens_demo_dedicated_seed (TokensDemoServer *self)
{
  g_autoptr(GDateTime) d1 = date ("2025-03-04T09:00:00Z");
  g_autoptr(GDateTime) d2 = date ("2025-04-18T13:37:00.5Z");
  g_autoptr(GDateTime) d3 = date ("2025-06-30T22:10:05Z");
  g_autoptr(GDateTime) d4 = date ("2025-02-01T08:00:00Z");
  g_autoptr(GDateTime) d4_revoked = date ("2025-08-12T11:00:00Z");
  g_autoptr(GDateTime) d5 = date ("2025-11-20T15:00:00Z");
  g_autoptr(GDateTime) soon = _tokens_demo_days_from_now (3);
  g_autoptr(GDateTime) d6 = date ("2025-01-10T10:00:00Z");
  g_autoptr(GDateTime) d6_end = date ("2025-02-10T10:00:00Z");

  if (self->management_token != NULL)
    return;

  add_seeded_databases (self);
  self->management_token = new_secret ();
  add_token (self, "telegraf", "Telegraf: write sensors",
             permissions_node ((const char *[]) { "write", "sensors", NULL }), d1, NULL, NULL);
  add_token (self, "grafana", "Grafana: read sensors and weather",
             permissions_node ((const char *[]) { "read", "sensors", "read", "weather", NULL }),
             d2, NULL, NULL);
  add_token (self, "analytics", "Analytics notebooks: read everything",
             permissions_node ((const char *[]) { "read", "*", NULL }), d3, NULL, NULL);
  add_token (self, "revoked", "Old ingest pipeline (revoked)",
             permissions_node ((const char *[]) { "write", "sensors", NULL }),
             d4, NULL, d4_revoked);
  add_token (self, "contractor", "Contractor: read weather (expires soon)",
             permissions_node ((const char *[]) { "read", "weather", NULL }), d5, soon, NULL);
  add_token (self, "expired", "Load test (expired)",
             permissions_node ((const char *[]) { "read", "sensors", "write", "sensors", NULL }),
             d6, d6_end, NULL);
}

void
_tokens_demo_dedicated_generate (TokensDemoServer *self,
                                 guint             n)
{
  g_autoptr(GDateTime) base = date ("2025-01-01T00:00:00Z");

  if (self->management_token == NULL)
    _tokens_demo_dedicated_seed (self);

  for (guint i = 0; i < n; i++)
    {
      guint serial = ++self->n_generated;
      g_autofree char *description = g_strdup_printf ("CI job %05u", serial);
      g_autofree char *database = g_strdup_printf ("db-%03u", serial % 200);
      g_autoptr(GDateTime) created = g_date_time_add_minutes (base, serial * 7);

      /* Its database exists too: a permission's name always resolves. */
      if (_tokens_demo_find_database (self, database) == NULL)
        _tokens_demo_add_database (self, database, FALSE);

      add_token (self, NULL, description,
                 permissions_node ((const char *[]) { serial % 3 == 0 ? "read" : "write",
                                                      database, NULL }),
                 created, NULL, NULL);
    }
}

/* A seeded token by key, or any by id. */
DbToken *
_tokens_demo_dedicated_find (TokensDemoServer *self,
                             const char       *key_or_id)
{
  if (key_or_id == NULL)
    return NULL;
  for (guint i = 0; i < self->db_tokens->len; i++)
    {
      DbToken *token = g_ptr_array_index (self->db_tokens, i);

      if (g_strcmp0 (token->key, key_or_id) == 0 || g_str_equal (token->id, key_or_id))
        return token;
    }
  return NULL;
}

char *
_tokens_demo_dedicated_add_token (TokensDemoServer *self,
                                  const char       *description,
                                  guint             n_permissions)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  DbToken *token;

  if (self->management_token == NULL)
    _tokens_demo_dedicated_seed (self);

  json_builder_begin_array (builder);
  for (guint i = 0; i < MAX (n_permissions, 1); i++)
    {
      g_autofree char *database = g_strdup_printf ("database-%04u", i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, i % 2 ? "read" : "write");
      json_builder_set_member_name (builder, "resource");
      json_builder_add_string_value (builder, database);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  token = add_token (self, NULL, description, json_builder_get_root (builder), now, NULL, NULL);
  return g_strdup (token->id);
}

static gboolean
is_expired (DbToken *token)
{
  g_autoptr(GDateTime) now = NULL;

  if (token->expires_at == NULL)
    return FALSE;
  now = g_date_time_new_now_utc ();
  return g_date_time_compare (token->expires_at, now) <= 0;
}

void
_tokens_demo_dedicated_foreach_token (TokensDemoServer    *self,
                                      TokensDemoTokenFunc  func,
                                      gpointer             user_data)
{
  if (self->management_token != NULL)
    func ("operator", "management", self->management_token, "Management token", user_data);

  for (guint i = 0; i < self->db_tokens->len; i++)
    {
      DbToken *token = g_ptr_array_index (self->db_tokens, i);
      const char *kind = token->revoked_at != NULL ? "revoked"
                         : is_expired (token) ? "expired" : "database";

      func (kind, token->id, token->access_token, token->description, user_data);
    }
}

/* ---------------------------------------------------------------------- */
/* Answers                                                                */

static void
respond_node (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize len;
  char *text;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &len);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, len);
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  respond_node (msg, status, node);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          GDateTime   *when)
{
  g_autofree char *text = NULL;

  if (when == NULL)
    return;
  text = g_date_time_format_iso8601 (when);
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

static void
add_token_object (JsonBuilder *builder,
                  DbToken     *token,
                  gboolean     with_secret)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "accountId");
  json_builder_add_string_value (builder, TOKENS_DEMO_DEDICATED_ACCOUNT);
  json_builder_set_member_name (builder, "clusterId");
  json_builder_add_string_value (builder, TOKENS_DEMO_DEDICATED_CLUSTER);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, token->id);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, token->description);
  json_builder_set_member_name (builder, "permissions");
  json_builder_add_value (builder, json_node_copy (token->permissions));
  add_time (builder, "createdAt", token->created_at);
  add_time (builder, "expiresAt", token->expires_at);
  add_time (builder, "revokedAt", token->revoked_at);
  if (with_secret)
    {
      json_builder_set_member_name (builder, "accessToken");
      json_builder_add_string_value (builder, token->access_token);
    }
  json_builder_end_object (builder);
}

static void
respond_token (SoupServerMessage *msg,
               DbToken           *token,
               gboolean           with_secret)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  add_token_object (builder, token, with_secret);
  node = json_builder_get_root (builder);
  respond_node (msg, 200, node);
}

/* ---------------------------------------------------------------------- */
/* Requests                                                               */

static gboolean
authenticate (TokensDemoServer  *self,
              SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");

  if (value != NULL)
    self->n_authenticated_requests++;
  if (value != NULL && self->management_token != NULL && g_str_has_prefix (value, "Bearer ") &&
      g_str_equal (value + strlen ("Bearer "), self->management_token))
    return TRUE;

  respond_error (msg, 401, "unauthorized");
  return FALSE;
}

static gboolean
is_uuid (const char *text)
{
  if (strlen (text) != 36)
    return FALSE;
  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (text[i]))
        return FALSE;
    }
  return TRUE;
}

/* [{"action": "read"|"write", "resource": "<database>"|"*"}, …], copied;
 * NULL when it is not that. */
static JsonNode *
read_permissions (JsonNode *node)
{
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      const char *action = _tokens_demo_json_string (object, "action");
      const char *resource = _tokens_demo_json_string (object, "resource");

      if (action == NULL || resource == NULL || *resource == '\0' ||
          (!g_str_equal (action, "read") && !g_str_equal (action, "write")))
        return NULL;
    }
  return json_node_copy (node);
}

static void
handle_list (TokensDemoServer  *self,
             SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < self->db_tokens->len; i++)
    add_token_object (builder, g_ptr_array_index (self->db_tokens, i), FALSE);
  json_builder_end_array (builder);
  node = json_builder_get_root (builder);
  respond_node (msg, 200, node);
}

/* GET …/databases: every database of the cluster, in the order they were
 * made (which order the real API lists them in is not known). */
static void
handle_databases (TokensDemoServer  *self,
                  SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < self->databases->len; i++)
    {
      Database *database = g_ptr_array_index (self->databases, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "accountId");
      json_builder_add_string_value (builder, TOKENS_DEMO_DEDICATED_ACCOUNT);
      json_builder_set_member_name (builder, "clusterId");
      json_builder_add_string_value (builder, TOKENS_DEMO_DEDICATED_CLUSTER);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, database->name);
      json_builder_set_member_name (builder, "maxTables");
      json_builder_add_int_value (builder, database->max_tables);
      json_builder_set_member_name (builder, "maxColumnsPerTable");
      json_builder_add_int_value (builder, database->max_columns_per_table);
      json_builder_set_member_name (builder, "retentionPeriod");
      json_builder_add_int_value (builder, database->retention_period);
      /* Only a database made with its own template has one. */
      if (database->partition_template != NULL)
        {
          json_builder_set_member_name (builder, "partitionTemplate");
          json_builder_add_value (builder, json_node_copy (database->partition_template));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  node = json_builder_get_root (builder);
  respond_node (msg, 200, node);
}

static void
handle_create (TokensDemoServer  *self,
               SoupServerMessage *msg)
{
  g_autoptr(JsonObject) body = _tokens_demo_read_json_object (msg);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires_at = NULL;
  const char *description = _tokens_demo_json_string (body, "description");
  const char *expires = _tokens_demo_json_string (body, "expiresAt");
  JsonNode *permissions = NULL;
  DbToken *token;

  /* Only the description is required: no permissions is a token that may
   * do nothing. A database the cluster does not have is taken as named
   * (whether the real API refuses it is not known). */
  if (body != NULL)
    {
      JsonNode *given = json_object_get_member (body, "permissions");

      if (given == NULL || JSON_NODE_HOLDS_NULL (given))
        {
          permissions = json_node_new (JSON_NODE_ARRAY);
          json_node_take_array (permissions, json_array_new ());
        }
      else
        permissions = read_permissions (given);
    }
  if (expires != NULL)
    expires_at = g_date_time_new_from_iso8601 (expires, NULL);
  if (description == NULL || *description == '\0' || permissions == NULL ||
      (expires != NULL && expires_at == NULL))
    {
      g_clear_pointer (&permissions, json_node_unref);
      respond_error (msg, 400, "invalid request: description and permissions are required");
      return;
    }

  token = add_token (self, NULL, description, permissions, now, expires_at, NULL);
  /* 200, not 201; the only answer with the token's value. */
  respond_token (msg, token, TRUE);
}

static void
handle_update (SoupServerMessage *msg,
               DbToken           *token)
{
  g_autoptr(JsonObject) body = _tokens_demo_read_json_object (msg);
  JsonNode *description_node = body != NULL ? json_object_get_member (body, "description") : NULL;
  JsonNode *permissions_node = body != NULL ? json_object_get_member (body, "permissions") : NULL;
  const char *description = _tokens_demo_json_string (body, "description");
  JsonNode *permissions = read_permissions (permissions_node);

  if (body == NULL || (description_node != NULL && description == NULL) ||
      (permissions_node != NULL && permissions == NULL))
    {
      g_clear_pointer (&permissions, json_node_unref);
      respond_error (msg, 400, "invalid request body");
      return;
    }

  if (description != NULL)
    {
      g_free (token->description);
      token->description = g_strdup (description);
    }
  /* The new set replaces the old one. */
  if (permissions != NULL)
    {
      json_node_unref (token->permissions);
      token->permissions = permissions;
    }
  respond_token (msg, token, FALSE);
}

void
_tokens_demo_dedicated_handle (TokensDemoServer  *self,
                               SoupServerMessage *msg,
                               const char        *path)
{
  const char *method = soup_server_message_get_method (msg);
  const char *rest;
  DbToken *token;

  if (!authenticate (self, msg))
    return;

  if (g_str_equal (path, TOKENS_DEMO_DEDICATED_BASE "/databases"))
    {
      if (g_str_equal (method, SOUP_METHOD_GET))
        handle_databases (self, msg);
      else
        respond_error (msg, 405, "method not allowed");
      return;
    }

  if (!g_str_has_prefix (path, TOKENS_DEMO_DEDICATED_BASE "/tokens"))
    {
      respond_error (msg, 404, "not found");
      return;
    }
  rest = path + strlen (TOKENS_DEMO_DEDICATED_BASE "/tokens");

  if (*rest == '\0')
    {
      if (g_str_equal (method, SOUP_METHOD_GET))
        handle_list (self, msg);
      else if (g_str_equal (method, SOUP_METHOD_POST))
        handle_create (self, msg);
      else
        respond_error (msg, 405, "method not allowed");
      return;
    }

  if (*rest != '/' || strchr (rest + 1, '/') != NULL)
    {
      respond_error (msg, 404, "not found");
      return;
    }
  rest++;
  if (!is_uuid (rest))
    {
      respond_error (msg, 400, "invalid token id");
      return;
    }

  token = NULL;
  for (guint i = 0; i < self->db_tokens->len && token == NULL; i++)
    if (g_ascii_strcasecmp (((DbToken *)g_ptr_array_index (self->db_tokens, i))->id, rest) == 0)
      token = g_ptr_array_index (self->db_tokens, i);
  if (token == NULL)
    {
      respond_error (msg, 404, "token not found");
      return;
    }

  if (g_str_equal (method, SOUP_METHOD_GET))
    respond_token (msg, token, FALSE);
  else if (g_str_equal (method, "PATCH"))
    handle_update (msg, token);
  else if (g_str_equal (method, SOUP_METHOD_DELETE))
    {
      g_ptr_array_remove (self->db_tokens, token);
      soup_server_message_set_status (msg, 204, NULL);
    }
  else
    respond_error (msg, 405, "method not allowed");
}
