/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-demo-server"

#include "config.h"

#include "tokens-demo-server.h"
#include "tokens-demo-server-private.h"
#include "tokens-permission.h"

#include <string.h>

/*
 * What the fake server knows: its organizations, users, buckets and tokens
 * (an "Auth" each, as InfluxDB calls them), how they are seeded and
 * generated, and the lookups the app, the demo-server executable and the
 * tests use.
 * Every v2 mode serves the same tokens in its own API. InfluxDB 3 and Cloud
 * Dedicated keep tokens of another shape (V3Token, DbToken): the public
 * functions here hand those modes to their own files.
 */

void
_tokens_demo_entity_free (Entity *entity)
{
  g_free (entity->id);
  g_free (entity->name);
  g_free (entity);
}

void
_tokens_demo_auth_free (Auth *auth)
{
  g_free (auth->id_str);
  g_free (auth->key);
  g_free (auth->token);
  g_free (auth->description);
  g_ptr_array_unref (auth->permissions);
  g_date_time_unref (auth->created_at);
  g_date_time_unref (auth->updated_at);
  g_free (auth);
}

char *
_tokens_demo_format_id (guint64 id)
{
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "x", id);
}

/* Parses an id the way OSS does: 16 characters of hexadecimal, either case. */
gboolean
_tokens_demo_parse_id (const char  *text,
                       guint64     *id,
                       const char **message)
{
  guint64 value = 0;

  if (text == NULL || strlen (text) != 16)
    {
      *message = "id must have a length of 16 bytes";
      return FALSE;
    }

  for (guint i = 0; i < 16; i++)
    {
      int digit = g_ascii_xdigit_value (text[i]);

      if (digit < 0)
        {
          *message = "invalid ID";
          return FALSE;
        }
      value = (value << 4) | (guint64)digit;
    }

  if (value == 0)
    {
      *message = "invalid ID";
      return FALSE;
    }

  *id = value;
  return TRUE;
}

void
_tokens_demo_bucket_free (Bucket *bucket)
{
  g_free (bucket->id_str);
  g_free (bucket->name);
  g_free (bucket->description);
  g_date_time_unref (bucket->created_at);
  g_date_time_unref (bucket->updated_at);
  g_free (bucket);
}

Bucket *
_tokens_demo_find_bucket (TokensDemoServer *self,
                          guint64           id)
{
  for (guint i = 0; i < self->buckets->len; i++)
    {
      Bucket *bucket = g_ptr_array_index (self->buckets, i);
      if (bucket->id == id)
        return bucket;
    }
  return NULL;
}

/* Kept in ascending id order: the order OSS lists buckets in when no
 * organization is asked for. An id already there is left as it is. */
static Bucket *
add_bucket (TokensDemoServer *self,
            const Entity     *org,
            guint64           id,
            const char       *name,
            const char       *description,
            gboolean          system,
            gint64            retention_seconds,
            GDateTime        *created_at)
{
  Bucket *bucket = _tokens_demo_find_bucket (self, id);
  guint at = 0;

  if (bucket != NULL)
    return bucket;

  bucket = g_new0 (Bucket, 1);
  bucket->id = id;
  bucket->id_str = _tokens_demo_format_id (id);
  bucket->org = org;
  bucket->name = g_strdup (name);
  bucket->description = g_strdup (description);
  bucket->system = system;
  bucket->retention_seconds = retention_seconds;
  bucket->created_at = g_date_time_ref (created_at);
  bucket->updated_at = g_date_time_ref (created_at);

  while (at < self->buckets->len &&
         ((Bucket *)g_ptr_array_index (self->buckets, at))->id < id)
    at++;
  g_ptr_array_insert (self->buckets, at, bucket);
  return bucket;
}

/* Every OSS organization has these two, made with it. */
static void
add_system_buckets (TokensDemoServer *self,
                    const Entity     *org,
                    guint64           monitoring_id,
                    guint64           tasks_id,
                    GDateTime        *created_at)
{
  add_bucket (self, org, monitoring_id, "_monitoring", "System bucket for monitoring logs",
              TRUE, 7 * 24 * 3600, created_at);
  add_bucket (self, org, tasks_id, "_tasks", "System bucket for task logs",
              TRUE, 3 * 24 * 3600, created_at);
}

void
_tokens_demo_database_free (Database *database)
{
  g_free (database->name);
  g_clear_pointer (&database->partition_template, json_node_unref);
  g_free (database);
}

/* With the management API's defaults: 500 tables, 200 columns a table,
 * kept forever. */
Database *
_tokens_demo_add_database (TokensDemoServer *self,
                           const char       *name,
                           gboolean          deleted)
{
  Database *database = g_new0 (Database, 1);

  database->name = g_strdup (name);
  database->deleted = deleted;
  database->max_tables = 500;
  database->max_columns_per_table = 200;
  g_ptr_array_add (self->databases, database);
  return database;
}

/* A database that is not deleted, by its exact name. */
Database *
_tokens_demo_find_database (TokensDemoServer *self,
                            const char       *name)
{
  for (guint i = 0; name != NULL && i < self->databases->len; i++)
    {
      Database *database = g_ptr_array_index (self->databases, i);

      if (!database->deleted && g_str_equal (database->name, name))
        return database;
    }
  return NULL;
}

static char *
new_token_value (void)
{
  guint8 bytes[64];

  /* Like InfluxDB: 64 random bytes in URL-safe base64. */
  for (guint i = 0; i < G_N_ELEMENTS (bytes); i++)
    bytes[i] = (guint8)g_random_int_range (0, 256);

  {
    char *b64 = g_base64_encode (bytes, sizeof bytes);
    for (char *p = b64; *p; p++)
      {
        if (*p == '+')
          *p = '-';
        else if (*p == '/')
          *p = '_';
      }
    return b64;
  }
}

static const Entity *
add_entity (GPtrArray  *array,
            guint64     id,
            const char *name)
{
  Entity *entity = g_new0 (Entity, 1);

  entity->id = _tokens_demo_format_id (id);
  entity->name = g_strdup (name);
  g_ptr_array_add (array, entity);

  return entity;
}

const Entity *
_tokens_demo_find_entity_by_name (GPtrArray  *array,
                                  const char *name)
{
  for (guint i = 0; i < array->len; i++)
    {
      const Entity *entity = g_ptr_array_index (array, i);
      if (g_strcmp0 (entity->name, name) == 0)
        return entity;
    }
  return NULL;
}

const Entity *
_tokens_demo_find_entity_by_id (GPtrArray  *array,
                                const char *id)
{
  for (guint i = 0; i < array->len; i++)
    {
      const Entity *entity = g_ptr_array_index (array, i);
      if (g_ascii_strcasecmp (entity->id, id) == 0)
        return entity;
    }
  return NULL;
}

Auth *
_tokens_demo_add_auth (TokensDemoServer *self,
                       const char       *key,
                       const char       *description,
                       const Entity     *org,
                       const Entity     *user,
                       GPtrArray        *permissions,
                       GDateTime        *created_at,
                       gboolean          active)
{
  Auth *auth = g_new0 (Auth, 1);

  self->next_id += 0x1000 + g_random_int_range (1, 0x400);
  auth->id = self->next_id;
  auth->id_str = _tokens_demo_format_id (auth->id);
  auth->key = g_strdup (key);
  auth->token = new_token_value ();
  auth->description = g_strdup (description);
  auth->org = org;
  auth->user = user;
  auth->permissions = permissions;
  auth->created_at = g_date_time_ref (created_at);
  auth->updated_at = g_date_time_ref (created_at);
  auth->active = active;

  g_ptr_array_add (self->auths, auth);
  g_hash_table_insert (self->by_id, &auth->id, auth);
  g_hash_table_insert (self->by_token, auth->token, auth);
  if (key != NULL)
    g_hash_table_insert (self->by_key, auth->key, auth);

  return auth;
}

GPtrArray *
_tokens_demo_new_permissions (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)tokens_permission_free);
}

static void
add_permission (GPtrArray    *permissions,
                TokensAction  action,
                const char   *type,
                const Entity *org,
                const char   *id,
                const char   *name)
{
  g_ptr_array_add (permissions,
                   tokens_permission_new (action, type, id,
                                          org != NULL ? org->id : NULL,
                                          name,
                                          org != NULL ? org->name : NULL));
}

/* OSS 2.7's AllResourceTypes, in its order: what GET /api/v2/resources
 * answers. OSS grants "instance" only to a session, never in a token's
 * permissions, so the seeded tokens leave it out. */
const char * const _tokens_demo_resource_types[] = {
  "authorizations", "buckets", "dashboards", "orgs", "sources", "tasks", "telegrafs",
  "users", "variables", "scrapers", "secrets", "labels", "views", "documents",
  "notificationRules", "notificationEndpoints", "checks", "dbrp", "notebooks",
  "annotations", "remotes", "replications", "instance", NULL,
};

/* The types a seeded token holds: all but "instance" and the NULL. */
#define N_TOKEN_TYPES (G_N_ELEMENTS (_tokens_demo_resource_types) - 2)

static GPtrArray *
operator_permissions (void)
{
  GPtrArray *permissions = _tokens_demo_new_permissions ();

  for (guint i = 0; i < N_TOKEN_TYPES; i++)
    {
      const char *type = _tokens_demo_resource_types[i];

      add_permission (permissions, TOKENS_ACTION_READ, type, NULL, NULL, NULL);
      add_permission (permissions, TOKENS_ACTION_WRITE, type, NULL, NULL, NULL);
    }

  return permissions;
}

/* As `influx auth create --all-access`: everything in the org, and the
 * owner's own user record, but no other user. */
static GPtrArray *
all_access_permissions (const Entity *org,
                        const Entity *user)
{
  GPtrArray *permissions = _tokens_demo_new_permissions ();

  for (guint i = 0; i < N_TOKEN_TYPES; i++)
    {
      const char *type = _tokens_demo_resource_types[i];

      if (g_str_equal (type, "users"))
        {
          add_permission (permissions, TOKENS_ACTION_READ, "users", NULL, user->id, user->name);
          add_permission (permissions, TOKENS_ACTION_WRITE, "users", NULL, user->id, user->name);
        }
      else if (g_str_equal (type, "orgs"))
        {
          add_permission (permissions, TOKENS_ACTION_READ, "orgs", NULL, org->id, org->name);
          add_permission (permissions, TOKENS_ACTION_WRITE, "orgs", NULL, org->id, org->name);
        }
      else
        {
          add_permission (permissions, TOKENS_ACTION_READ, type, org, NULL, NULL);
          add_permission (permissions, TOKENS_ACTION_WRITE, type, org, NULL, NULL);
        }
    }

  return permissions;
}

static GPtrArray *
bucket_permissions (const Entity *org,
                    const char   *bucket,
                    guint64       bucket_id,
                    gboolean      read,
                    gboolean      write)
{
  GPtrArray *permissions = _tokens_demo_new_permissions ();
  g_autofree char *id = bucket != NULL ? _tokens_demo_format_id (bucket_id) : NULL;

  if (read)
    add_permission (permissions, TOKENS_ACTION_READ, "buckets", org, id, bucket);
  if (write)
    add_permission (permissions, TOKENS_ACTION_WRITE, "buckets", org, id, bucket);

  return permissions;
}

static GDateTime *
date (const char *iso)
{
  return g_date_time_new_from_iso8601 (iso, NULL);
}

/* @days from now, in whole seconds, as the seeded expiries are written. */
GDateTime *
_tokens_demo_days_from_now (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, days);

  return g_date_time_add_seconds (later, -g_date_time_get_microsecond (later) / 1e6);
}

/**
 * tokens_demo_server_seed:
 *
 * Fills the server with a small organisation's tokens: an operator, two
 * all-access tokens in two orgs, bucket-scoped tokens for integrations, an
 * inactive one, one without a description, one that may read every token,
 * and one that may read none.
 */
void
tokens_demo_server_seed (TokensDemoServer *self)
{
  const Entity *my_org, *acme;
  const Entity *admin, *ada, *grace, *linus;
  GPtrArray *auditor;
  g_autoptr(GDateTime) d1 = date ("2024-01-15T09:12:33.481516234Z");
  g_autoptr(GDateTime) d2 = date ("2024-03-02T14:05:10.2Z");
  g_autoptr(GDateTime) d3 = date ("2024-05-21T07:44:02Z");
  g_autoptr(GDateTime) d4 = date ("2024-09-09T16:30:00.000000001+02:00");
  g_autoptr(GDateTime) d5 = date ("2025-01-30T11:11:11Z");
  g_autoptr(GDateTime) d6 = date ("2025-04-14T08:00:45.5Z");
  g_autoptr(GDateTime) d7 = date ("2025-06-01T12:00:00Z");
  g_autoptr(GDateTime) d8 = date ("2025-08-19T21:17:03.25-04:00");
  g_autoptr(GDateTime) d9 = date ("2026-02-03T10:20:30Z");
  g_autoptr(GDateTime) d10 = date ("2026-07-07T07:07:07Z");
  g_autoptr(GDateTime) d11 = date ("2026-10-28T15:45:00Z");

  g_return_if_fail (TOKENS_IS_DEMO_SERVER (self));

  switch (self->mode)
    {
    case TOKENS_DEMO_MODE_CORE:
    case TOKENS_DEMO_MODE_ENTERPRISE:
      _tokens_demo_v3_seed (self);
      return;
    case TOKENS_DEMO_MODE_DEDICATED:
      _tokens_demo_dedicated_seed (self);
      return;
    case TOKENS_DEMO_MODE_OSS:
    case TOKENS_DEMO_MODE_OSS_HASHED:
    case TOKENS_DEMO_MODE_CLOUD:
    default:
      break;
    }

  my_org = add_entity (self->orgs, G_GUINT64_CONSTANT (0x9a51c3d2b4e60f17), "my-org");
  acme = add_entity (self->orgs, G_GUINT64_CONSTANT (0x3e8d0b7a1c2f4d55), "acme-research");
  admin = add_entity (self->users, G_GUINT64_CONSTANT (0x0b1e2c3d4f5a6b70), "admin");
  ada = add_entity (self->users, G_GUINT64_CONSTANT (0x0b1e2c3d4f5a6b71), "ada");
  grace = add_entity (self->users, G_GUINT64_CONSTANT (0x0b1e2c3d4f5a6b72), "grace");
  linus = add_entity (self->users, G_GUINT64_CONSTANT (0x0b1e2c3d4f5a6b73), "linus");

  /* The buckets the permissions below name, with the same ids and names,
   * so that each one is found in GET /api/v2/buckets; and a few more that
   * only the org-wide tokens reach. */
  add_system_buckets (self, my_org, G_GUINT64_CONSTANT (0x0e4a6c8d2b1f3a50),
                      G_GUINT64_CONSTANT (0x0e4a6c8d2b1f3a51), d1);
  add_system_buckets (self, acme, G_GUINT64_CONSTANT (0x0e4a6c8d2b1f3a52),
                      G_GUINT64_CONSTANT (0x0e4a6c8d2b1f3a53), d7);
  add_bucket (self, my_org, G_GUINT64_CONSTANT (0x51e2a3b4c5d6e7f0), "telegraf",
              "System metrics from the Telegraf agents", FALSE, 30 * 24 * 3600, d1);
  add_bucket (self, my_org, G_GUINT64_CONSTANT (0x51e2a3b4c5d6e7f1), "ci-metrics",
              "Build and test timings", FALSE, 7 * 24 * 3600, d2);
  add_bucket (self, my_org, G_GUINT64_CONSTANT (0x51e2a3b4c5d6e7f2), "sensors",
              NULL, FALSE, 0, d3);
  add_bucket (self, my_org, G_GUINT64_CONSTANT (0x51e2a3b4c5d6e7f3), "home",
              "Home Assistant history", FALSE, 365 * 24 * 3600, d4);
  add_bucket (self, my_org, G_GUINT64_CONSTANT (0x51e2a3b4c5d6e7f6), "weather",
              "Weather station readings", FALSE, 90 * 24 * 3600, d5);
  add_bucket (self, acme, G_GUINT64_CONSTANT (0x51e2a3b4c5d6e7f4), "experiments",
              NULL, FALSE, 0, d7);
  add_bucket (self, acme, G_GUINT64_CONSTANT (0x51e2a3b4c5d6e7f5), "lab-notebooks",
              "Notebook outputs", FALSE, 180 * 24 * 3600, d8);

  _tokens_demo_add_auth (self, "operator", "admin's Token", my_org, admin,
                         operator_permissions (), d1, TRUE);
  _tokens_demo_add_auth (self, "ada-all-access", "Ada's all-access token", my_org, ada,
                         all_access_permissions (my_org, ada), d2, TRUE);
  _tokens_demo_add_auth (self, "telegraf", "Telegraf on web-01: write to telegraf", my_org, admin,
                         bucket_permissions (my_org, "telegraf", 0x51e2a3b4c5d6e7f0, FALSE, TRUE),
                         d3, TRUE);
  _tokens_demo_add_auth (self, "grafana", "Grafana dashboards", my_org, grace,
                         bucket_permissions (my_org, NULL, 0, TRUE, FALSE), d4, TRUE);
  _tokens_demo_add_auth (self, "inactive", "Old CI pipeline (retired)", my_org, ada,
                         bucket_permissions (my_org, "ci-metrics", 0x51e2a3b4c5d6e7f1, FALSE, TRUE),
                         d5, FALSE);
  _tokens_demo_add_auth (self, "undescribed", "", my_org, ada,
                         bucket_permissions (my_org, "sensors", 0x51e2a3b4c5d6e7f2, TRUE, FALSE),
                         d6, TRUE);
  _tokens_demo_add_auth (self, "grace-all-access", "Grace's all-access token", acme, grace,
                         all_access_permissions (acme, grace), d7, TRUE);
  _tokens_demo_add_auth (self, "leaked", "Notebook token (posted in a public gist)", acme, grace,
                         bucket_permissions (acme, NULL, 0, TRUE, TRUE), d8, TRUE);
  _tokens_demo_add_auth (self, "home", "Home Assistant", my_org, linus,
                         bucket_permissions (my_org, "home", 0x51e2a3b4c5d6e7f3, TRUE, TRUE),
                         d9, TRUE);

  auditor = _tokens_demo_new_permissions ();
  add_permission (auditor, TOKENS_ACTION_READ, "authorizations", my_org, NULL, NULL);
  add_permission (auditor, TOKENS_ACTION_READ, "users", NULL, NULL, NULL);
  _tokens_demo_add_auth (self, "auditor", "Security audit (read tokens only)", my_org, admin,
                         auditor, d10, TRUE);

  _tokens_demo_add_auth (self, "no-rights", "Sensor gateway: read sensors", my_org, linus,
                         bucket_permissions (my_org, "sensors", 0x51e2a3b4c5d6e7f2, TRUE, FALSE),
                         d11, TRUE);
}

/**
 * tokens_demo_server_generate:
 * @n: how many tokens to add
 *
 * Adds @n tokens of the kind scripts leave behind, for scale tests. Seeds
 * the organisation first if the server is empty.
 */
void
tokens_demo_server_generate (TokensDemoServer *self,
                             guint             n)
{
  static const char * const purposes[] = {
    "CI job", "Telegraf agent", "Grafana", "Backup script", "Jupyter notebook",
    "Edge gateway", "Load test", "Temporary",
  };
  const Entity *org, *user;
  g_autoptr(GDateTime) base = date ("2023-06-01T00:00:00Z");

  g_return_if_fail (TOKENS_IS_DEMO_SERVER (self));

  switch (self->mode)
    {
    case TOKENS_DEMO_MODE_CORE:
    case TOKENS_DEMO_MODE_ENTERPRISE:
      _tokens_demo_v3_generate (self, n);
      return;
    case TOKENS_DEMO_MODE_DEDICATED:
      _tokens_demo_dedicated_generate (self, n);
      return;
    case TOKENS_DEMO_MODE_OSS:
    case TOKENS_DEMO_MODE_OSS_HASHED:
    case TOKENS_DEMO_MODE_CLOUD:
    default:
      break;
    }

  if (self->orgs->len == 0)
    tokens_demo_server_seed (self);

  /* Scripts' tokens belong to their own user, so that the docs' pipeline
   * (list a user's tokens, delete each) can be run on them alone. */
  org = g_ptr_array_index (self->orgs, 0);
  user = _tokens_demo_find_entity_by_name (self->users, "ci-bot");
  if (user == NULL)
    user = add_entity (self->users, G_GUINT64_CONSTANT (0x0b1e2c3d4f5a6b7f), "ci-bot");

  for (guint i = 0; i < n; i++)
    {
      guint serial = ++self->n_generated;
      g_autofree char *description =
        g_strdup_printf ("%s %05u", purposes[serial % G_N_ELEMENTS (purposes)], serial);
      g_autofree char *bucket = g_strdup_printf ("bucket-%03u", serial % 200);
      g_autoptr(GDateTime) created = g_date_time_add_minutes (base, serial * 7);

      /* Its bucket exists too: a permission's id always resolves. */
      add_bucket (self, org, G_GUINT64_CONSTANT (0x5100000000000000) + serial % 200, bucket,
                  NULL, FALSE, 0, base);
      _tokens_demo_add_auth (self, NULL, description, org, user,
                             bucket_permissions (org, bucket, 0x5100000000000000 + serial % 200,
                                                 serial % 3 == 0, TRUE),
                             created, serial % 11 != 0);
    }
}

static Auth *
lookup_key (TokensDemoServer *self,
            const char       *key)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), NULL);
  return g_hash_table_lookup (self->by_key, key);
}

static gboolean
is_v3 (TokensDemoServer *self)
{
  return self->mode == TOKENS_DEMO_MODE_CORE || self->mode == TOKENS_DEMO_MODE_ENTERPRISE;
}

/* The secret value of the seeded token named @key, for tests and the demo. */
const char *
tokens_demo_server_get_token (TokensDemoServer *self,
                              const char       *key)
{
  Auth *auth;

  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), NULL);

  if (is_v3 (self))
    {
      V3Token *token = _tokens_demo_v3_find (self, key);
      return token != NULL ? token->token : NULL;
    }
  if (self->mode == TOKENS_DEMO_MODE_DEDICATED)
    {
      DbToken *token;

      if (g_strcmp0 (key, "operator") == 0)
        return self->management_token;
      token = _tokens_demo_dedicated_find (self, key);
      return token != NULL ? token->access_token : NULL;
    }

  auth = lookup_key (self, key);
  return auth != NULL ? auth->token : NULL;
}

const char *
tokens_demo_server_get_id (TokensDemoServer *self,
                           const char       *key)
{
  Auth *auth;

  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), NULL);

  if (is_v3 (self))
    {
      V3Token *token = _tokens_demo_v3_find (self, key);
      return token != NULL ? token->id_str : NULL;
    }
  if (self->mode == TOKENS_DEMO_MODE_DEDICATED)
    {
      DbToken *token = _tokens_demo_dedicated_find (self, key);
      return token != NULL ? token->id : NULL;
    }

  auth = lookup_key (self, key);
  return auth != NULL ? auth->id_str : NULL;
}

/* How many tokens the server holds, in any mode (Dedicated: not counting
 * the management token). */
guint
tokens_demo_server_get_n_tokens (TokensDemoServer *self)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), 0);

  if (is_v3 (self))
    return self->v3_tokens->len;
  if (self->mode == TOKENS_DEMO_MODE_DEDICATED)
    return self->db_tokens->len;
  return self->auths->len;
}

/* InfluxDB 3: whether a token of that name exists. */
gboolean
tokens_demo_server_has_token_named (TokensDemoServer *self,
                                    const char       *name)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), FALSE);
  return name != NULL && g_hash_table_contains (self->v3_by_name, name);
}

/* InfluxDB 3: a decimal token_id; Dedicated: a UUID. */
gboolean
tokens_demo_server_has_token_id (TokensDemoServer *self,
                                 const char       *id)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), FALSE);

  if (id == NULL)
    return FALSE;
  if (self->mode == TOKENS_DEMO_MODE_DEDICATED)
    {
      for (guint i = 0; i < self->db_tokens->len; i++)
        if (g_str_equal (((DbToken *)g_ptr_array_index (self->db_tokens, i))->id, id))
          return TRUE;
      return FALSE;
    }
  for (guint i = 0; i < self->v3_tokens->len; i++)
    if (g_str_equal (((V3Token *)g_ptr_array_index (self->v3_tokens, i))->id_str, id))
      return TRUE;
  return FALSE;
}

const char *
tokens_demo_server_get_user_id (TokensDemoServer *self,
                                const char       *key)
{
  Auth *auth = lookup_key (self, key);
  return auth != NULL ? auth->user->id : NULL;
}

const char *
tokens_demo_server_get_org_id (TokensDemoServer *self,
                               const char       *key)
{
  Auth *auth = lookup_key (self, key);
  return auth != NULL ? auth->org->id : NULL;
}

static Auth *
lookup_id (TokensDemoServer *self,
           const char       *id)
{
  const char *message;
  guint64 value;

  if (!_tokens_demo_parse_id (id, &value, &message))
    return NULL;
  return g_hash_table_lookup (self->by_id, &value);
}

gboolean
tokens_demo_server_has_authorization (TokensDemoServer *self,
                                      const char       *id)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), FALSE);
  return lookup_id (self, id) != NULL;
}

gboolean
tokens_demo_server_get_active (TokensDemoServer *self,
                               const char       *id)
{
  Auth *auth;

  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), FALSE);
  auth = lookup_id (self, id);
  return auth != NULL && auth->active;
}

guint
tokens_demo_server_get_n_authorizations (TokensDemoServer *self)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), 0);
  return self->auths->len;
}

void
_tokens_demo_remove_auth (TokensDemoServer *self,
                          Auth             *auth)
{
  g_hash_table_remove (self->by_id, &auth->id);
  g_hash_table_remove (self->by_token, auth->token);
  if (auth->key != NULL)
    g_hash_table_remove (self->by_key, auth->key);
  g_ptr_array_remove (self->auths, auth);
}

/* Deletes behind the app's back, as another administrator would. */
void
tokens_demo_server_remove_authorization (TokensDemoServer *self,
                                         const char       *id)
{
  Auth *auth;

  g_return_if_fail (TOKENS_IS_DEMO_SERVER (self));

  auth = lookup_id (self, id);
  if (auth != NULL)
    _tokens_demo_remove_auth (self, auth);
}

/* Switches a token on or off behind the app's back, as another
 * administrator would. */
void
tokens_demo_server_set_active (TokensDemoServer *self,
                               const char       *id,
                               gboolean          active)
{
  Auth *auth;

  g_return_if_fail (TOKENS_IS_DEMO_SERVER (self));

  auth = lookup_id (self, id);
  if (auth != NULL)
    auth->active = active;
}

/* Read and write on every @type: server-wide (no organization), or
 * across one organization. */
static gboolean
has_read_write (Auth       *auth,
                const char *type,
                gboolean    server_wide)
{
  gboolean read = FALSE, write = FALSE;

  for (guint i = 0; i < auth->permissions->len; i++)
    {
      TokensPermission *p = g_ptr_array_index (auth->permissions, i);

      if (!g_str_equal (p->resource_type, type) || p->resource_id != NULL)
        continue;
      if (server_wide != (p->resource_org_id == NULL))
        continue;
      if (p->action == TOKENS_ACTION_READ)
        read = TRUE;
      else
        write = TRUE;
    }

  return read && write;
}

static const char *
auth_kind (Auth *auth)
{
  if (!auth->active)
    return "inactive";
  if (has_read_write (auth, "authorizations", TRUE) && has_read_write (auth, "users", TRUE))
    return "operator";
  if (has_read_write (auth, "authorizations", FALSE) && has_read_write (auth, "buckets", FALSE))
    return "all-access";
  return "scoped";
}

/**
 * tokens_demo_server_add_token:
 * @description: any text at all: the tests use hostile ones
 * @n_permissions: how many bucket permissions it gets (at least one)
 *
 * Adds a token for the first seeded user in the first organization.
 *
 * Returns: (transfer full): its id
 */
char *
tokens_demo_server_add_token (TokensDemoServer *self,
                              const char       *description,
                              guint             n_permissions)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const Entity *org, *user;
  GPtrArray *permissions;
  Auth *auth;

  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), NULL);

  if (is_v3 (self))
    {
      /* A named admin token: InfluxDB 3 has no descriptions, only names. */
      V3Token *token;

      if (self->v3_tokens->len == 0)
        tokens_demo_server_seed (self);
      token = _tokens_demo_v3_add_token (self, description, "*:*:*", now, NULL);
      return token != NULL ? g_strdup (token->id_str) : NULL;
    }
  if (self->mode == TOKENS_DEMO_MODE_DEDICATED)
    return _tokens_demo_dedicated_add_token (self, description, n_permissions);

  if (self->orgs->len == 0)
    tokens_demo_server_seed (self);
  org = g_ptr_array_index (self->orgs, 0);
  user = g_ptr_array_index (self->users, 0);

  permissions = _tokens_demo_new_permissions ();
  for (guint i = 0; i < MAX (n_permissions, 1); i++)
    {
      g_autofree char *id = _tokens_demo_format_id (G_GUINT64_CONSTANT (0x5200000000000000) + i);
      g_autofree char *name = g_strdup_printf ("bucket-%04u", i);

      add_permission (permissions, i % 2 ? TOKENS_ACTION_READ : TOKENS_ACTION_WRITE,
                      "buckets", org, id, name);
    }

  auth = _tokens_demo_add_auth (self, NULL, description, org, user, permissions, now, TRUE);
  return g_strdup (auth->id_str);
}

/**
 * tokens_demo_server_foreach_token:
 *
 * Calls @func for every token, the operator tokens first, then the others
 * in id order (Dedicated: the management token, then the database tokens
 * in the order they were made).
 */
void
tokens_demo_server_foreach_token (TokensDemoServer    *self,
                                  TokensDemoTokenFunc  func,
                                  gpointer             user_data)
{
  g_return_if_fail (TOKENS_IS_DEMO_SERVER (self));

  if (is_v3 (self))
    {
      _tokens_demo_v3_foreach_token (self, func, user_data);
      return;
    }
  if (self->mode == TOKENS_DEMO_MODE_DEDICATED)
    {
      _tokens_demo_dedicated_foreach_token (self, func, user_data);
      return;
    }

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->auths->len; i++)
      {
        Auth *auth = g_ptr_array_index (self->auths, i);
        const char *kind = auth_kind (auth);

        if ((pass == 0) == g_str_equal (kind, "operator"))
          func (kind, auth->id_str, auth->token, auth->description, user_data);
      }
}
