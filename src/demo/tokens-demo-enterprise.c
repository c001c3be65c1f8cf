/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-demo-server"

#include "config.h"

#include "tokens-demo-server-private.h"

#include <string.h>

/*
 * What InfluxDB 3 Enterprise adds to Core (tokens-demo-v3.c): resource
 * tokens, limited to databases or to system endpoints, made with
 * POST /api/v3/enterprise/configure/token and shown in system.tokens as
 * "db:db1,db2:read,write" or "system:health:read".
 */

/* Joined with ";" when a token has several: how real servers join them is
 * not known (docs/influxdb3-api.md). */
#define PERMISSION_SEPARATOR ";"

static const char * const generated[] = {
  "db:telegraf:write",
  "db:sensors:read",
  "db:sensors,weather:read,write",
  "system:health:read",
};

const char *
_tokens_demo_enterprise_generated_permissions (guint serial)
{
  return generated[serial % G_N_ELEMENTS (generated)];
}

void
_tokens_demo_enterprise_seed (TokensDemoServer *self)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) d1 = g_date_time_new_from_iso8601 ("2025-10-20T12:00:00", utc);
  g_autoptr(GDateTime) d2 = g_date_time_new_from_iso8601 ("2025-11-02T07:30:45", utc);
  g_autoptr(GDateTime) d3 = g_date_time_new_from_iso8601 ("2025-11-15T19:05:00", utc);
  g_autoptr(GDateTime) d4 = g_date_time_new_from_iso8601 ("2025-12-01T10:10:10", utc);
  g_autoptr(GDateTime) d5 = g_date_time_new_from_iso8601 ("2026-01-08T16:20:00", utc);

  _tokens_demo_v3_add_token (self, "telegraf-writer", "db:telegraf:write", d1, NULL);
  _tokens_demo_v3_add_token (self, "grafana-dashboards", "db:sensors,weather:read", d2, NULL);
  _tokens_demo_v3_add_token (self, "health-probe", "system:health:read", d3, NULL);
  _tokens_demo_v3_add_token (self, "token-auditor", "db:_internal:read", d4, NULL);
  _tokens_demo_v3_add_token (self, "etl-all-databases", "db:*:read,write", d5, NULL);

  /* Core's, what these tokens and the docs' examples name, and one that no
   * token names yet. */
  _tokens_demo_add_database (self, "weather", FALSE);
  _tokens_demo_add_database (self, "db1", FALSE);
  _tokens_demo_add_database (self, "db2", FALSE);
  _tokens_demo_add_database (self, "db3", FALSE);
  _tokens_demo_add_database (self, "logs", FALSE);
  _tokens_demo_add_database (self, "old_metrics-20250301T120000", TRUE);
}

static gboolean
list_has (const char *list,
          const char *item)
{
  g_auto(GStrv) items = g_strsplit (list, ",", -1);

  return g_strv_contains ((const char * const *)items, item);
}

/* Enterprise lets a resource token with read on _internal list tokens. */
gboolean
_tokens_demo_enterprise_may_read_tokens (V3Token *caller)
{
  g_auto(GStrv) entries = g_strsplit (caller->permissions, PERMISSION_SEPARATOR, -1);

  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (entries[i], ":", 3);

      if (g_strv_length (parts) == 3 && g_str_equal (parts[0], "db") &&
          (list_has (parts[1], "_internal") || list_has (parts[1], "*")) &&
          list_has (parts[2], "read"))
        return TRUE;
    }
  return FALSE;
}

/* A JSON array of strings joined with ",", each one allowed by @check. */
static char *
join_strings (JsonNode   *node,
              gboolean  (*check) (const char *),
              gboolean    star_alone)
{
  g_autoptr(GString) out = g_string_new (NULL);
  JsonArray *array;
  guint len;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  len = json_array_get_length (array);
  if (len == 0)
    return NULL;

  for (guint i = 0; i < len; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *text;

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        return NULL;
      text = json_node_get_string (item);
      if (!check (text) || (star_alone && g_str_equal (text, "*") && len > 1))
        return NULL;
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, text);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
is_name (const char *text)
{
  return *text != '\0' && strpbrk (text, ",:;") == NULL;
}

static gboolean
is_action (const char *text)
{
  return g_str_equal (text, "read") || g_str_equal (text, "write");
}

static const char * const system_names[] = { "health", "metrics", "ping", "ready", NULL };

/* The catalog's check of a permission's names: each database must be one
 * it has (a deleted one goes by its new name), each system resource one it
 * knows. Returns the first that is not, or NULL. */
static const char *
unknown_name (TokensDemoServer *self,
              const char       *type,
              JsonArray        *names)
{
  for (guint i = 0; i < json_array_get_length (names); i++)
    {
      const char *name = json_array_get_string_element (names, i);
      gboolean known = g_str_equal (name, "*");

      if (g_str_equal (type, "system"))
        {
          g_autofree char *lower = g_ascii_strdown (name, -1);

          known = known || g_strv_contains (system_names, g_strstrip (lower));
        }
      else
        for (guint j = 0; !known && j < self->databases->len; j++)
          known = g_str_equal (((Database *)g_ptr_array_index (self->databases, j))->name, name);
      if (!known)
        return name;
    }
  return NULL;
}

/* "db:db1,db2:read,write;system:health:read", or NULL with @message when
 * the request's permissions are not valid: the body's words for a shape
 * that is wrong, the catalog's for a name it does not know. */
static char *
permissions_from (TokensDemoServer  *self,
                  JsonNode          *node,
                  char             **message)
{
  g_autoptr(GString) out = g_string_new (NULL);
  JsonArray *array;

  *message = NULL;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      const char *type = _tokens_demo_json_string (object, "resource_type");
      JsonNode *names_node = object != NULL ? json_object_get_member (object, "resource_names")
                                            : NULL;
      g_autofree char *names = NULL;
      g_autofree char *actions = NULL;
      const char *unknown;

      if (type == NULL || (!g_str_equal (type, "db") && !g_str_equal (type, "system")))
        return NULL;
      names = join_strings (names_node, is_name, TRUE);
      actions = join_strings (json_object_get_member (object, "actions"), is_action, FALSE);
      if (names == NULL || actions == NULL)
        return NULL;
      /* System endpoints are only ever read. */
      if (g_str_equal (type, "system") && !g_str_equal (actions, "read"))
        return NULL;
      unknown = unknown_name (self, type, json_node_get_array (names_node));
      if (unknown != NULL)
        {
          *message = g_strdup_printf ("cannot parse token permission, invalid resource name %s",
                                      unknown);
          return NULL;
        }

      if (i > 0)
        g_string_append (out, PERMISSION_SEPARATOR);
      g_string_append_printf (out, "%s:%s:%s", type, names, actions);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
_tokens_demo_enterprise_create (TokensDemoServer  *self,
                                SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GDateTime) created = _tokens_demo_v3_now ();
  g_autoptr(GDateTime) expiry = NULL;
  g_autofree char *permissions = NULL;
  g_autofree char *message = NULL;
  g_autofree char *refused = NULL;
  const char *name;
  gboolean valid = FALSE;
  V3Token *token;

  if (g_strcmp0 (soup_message_headers_get_content_type (headers, NULL), "application/json") != 0)
    {
      _tokens_demo_v3_respond_text (msg, 415, "Content-Type must be application/json");
      return;
    }
  body = _tokens_demo_read_json_object (msg);
  name = _tokens_demo_json_string (body, "token_name");
  if (body != NULL)
    {
      expiry = _tokens_demo_v3_expiry_in (body, &valid);
      permissions = permissions_from (self, json_object_get_member (body, "permissions"),
                                      &refused);
    }
  /* The catalog refuses a database it does not have. What status the
   * server gives that is not known: Core's catalog errors of that kind
   * are 500s; the fake server says 400, as for any bad permission. */
  if (refused != NULL && name != NULL && *name != '\0' && valid)
    {
      _tokens_demo_v3_respond_text (msg, 400, refused);
      return;
    }
  if (name == NULL || *name == '\0' || !valid || permissions == NULL)
    {
      _tokens_demo_v3_respond_text (msg, 400, "invalid request body: token_name and "
                                    "permissions are required");
      return;
    }

  token = _tokens_demo_v3_add_token (self, name, permissions, created, expiry);
  if (token == NULL)
    {
      message = g_strdup_printf ("token name already exists, %s", name);
      _tokens_demo_v3_respond_text (msg, 409, message);
      return;
    }
  _tokens_demo_v3_respond_created (msg, token);
}
