/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-demo-server"

#include "config.h"

#include "tokens-demo-server.h"
#include "tokens-api-json.h"
#include "tokens-permission.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

/*
 * A fake InfluxDB OSS 2.x for the demo mode, the tests and the benchmarks.
 * It follows docs/influxdb-v2-api.md: the same status codes, the same error
 * bodies (tab-indented from handlers, compact from the authentication
 * middleware), the same permission model and ascending id order.
 */

#define GO_JSON_MAX_DEPTH 10000

typedef struct
{
  char *id;
  char *name;
} Entity;

typedef struct
{
  guint64 id;
  char *id_str;
  char *key;
  char *token;
  char *description;
  const Entity *org;
  const Entity *user;
  GPtrArray *permissions;  /* of TokensPermission */
  GDateTime *created_at;
  GDateTime *updated_at;
  gboolean active;
} Auth;

struct _TokensDemoServer
{
  GObject parent_instance;

  SoupServer *server;
  char *url;
  TokensDemoMode mode;

  GPtrArray *orgs;        /* of Entity */
  GPtrArray *users;       /* of Entity */
  GPtrArray *auths;       /* of Auth, ascending id */
  GHashTable *by_id;      /* guint64* -> Auth */
  GHashTable *by_token;   /* char* -> Auth */
  GHashTable *by_key;     /* char* -> Auth */
  guint64 next_id;
  guint n_generated;

  guint latency_ms;
  TokensDemoFault fault;
  guint fault_count;
  guint fault_retry_after;
  char *redirect_location;

  GHashTable *delayed;     /* Delayed* set: answers waiting out the latency */
  GPtrArray *hung;         /* SoupServerMessage never answered */

  guint n_requests;
  guint max_in_flight;          /* answers waiting out the latency at once */
  gint64 rate_limited_at;       /* monotonic: the last 429 or 503 with Retry-After */
  guint rate_limited_for_ms;
  guint n_requests_while_paused;
  guint n_authenticated_requests;
  char *last_user_agent;
};

G_DEFINE_FINAL_TYPE (TokensDemoServer, tokens_demo_server, G_TYPE_OBJECT)

typedef struct _Delayed Delayed;
static void delayed_free (Delayed *delayed);

#define JSON_CONTENT_TYPE "application/json; charset=utf-8"

static void
entity_free (Entity *entity)
{
  g_free (entity->id);
  g_free (entity->name);
  g_free (entity);
}

static void
auth_free (Auth *auth)
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

static void
tokens_demo_server_dispose (GObject *object)
{
  TokensDemoServer *self = (TokensDemoServer *)object;

  /* Drops the answers still waiting out their latency, and the hung ones. */
  g_clear_pointer (&self->delayed, g_hash_table_unref);
  g_clear_pointer (&self->hung, g_ptr_array_unref);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (tokens_demo_server_parent_class)->dispose (object);
}

static void
tokens_demo_server_finalize (GObject *object)
{
  TokensDemoServer *self = (TokensDemoServer *)object;

  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->by_token);
  g_hash_table_unref (self->by_key);
  g_ptr_array_unref (self->auths);
  g_ptr_array_unref (self->users);
  g_ptr_array_unref (self->orgs);
  g_free (self->url);
  g_free (self->redirect_location);
  g_free (self->last_user_agent);

  G_OBJECT_CLASS (tokens_demo_server_parent_class)->finalize (object);
}

static void
tokens_demo_server_class_init (TokensDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tokens_demo_server_dispose;
  object_class->finalize = tokens_demo_server_finalize;
}

static void
tokens_demo_server_init (TokensDemoServer *self)
{
  self->orgs = g_ptr_array_new_with_free_func ((GDestroyNotify)entity_free);
  self->users = g_ptr_array_new_with_free_func ((GDestroyNotify)entity_free);
  self->auths = g_ptr_array_new_with_free_func ((GDestroyNotify)auth_free);
  self->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->by_token = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  self->delayed = g_hash_table_new_full (NULL, NULL, (GDestroyNotify)delayed_free, NULL);
  self->hung = g_ptr_array_new_with_free_func (g_object_unref);
  /* Real ids look like 0a1b2c3d4e5f6071; start high enough to have 16 digits. */
  self->next_id = G_GUINT64_CONSTANT (0x0a5f3c2e91b04000);
}

TokensDemoServer *
tokens_demo_server_new (TokensDemoMode mode)
{
  TokensDemoServer *self = g_object_new (TOKENS_TYPE_DEMO_SERVER, NULL);

  self->mode = mode;
  return self;
}

TokensDemoMode
tokens_demo_server_get_mode (TokensDemoServer *self)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), TOKENS_DEMO_MODE_OSS);
  return self->mode;
}

/* ---------------------------------------------------------------------- */
/* Data                                                                   */

static char *
format_id (guint64 id)
{
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "x", id);
}

/* Parses an id the way OSS does: 16 characters of hexadecimal, either case. */
static gboolean
parse_id (const char  *text,
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

  entity->id = format_id (id);
  entity->name = g_strdup (name);
  g_ptr_array_add (array, entity);

  return entity;
}

static const Entity *
find_entity_by_name (GPtrArray  *array,
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

static const Entity *
find_entity_by_id (GPtrArray  *array,
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

static Auth *
add_auth (TokensDemoServer *self,
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
  auth->id_str = format_id (auth->id);
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

static GPtrArray *
new_permissions (void)
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

static const char * const all_types[] = {
  "authorizations", "buckets", "dashboards", "orgs", "sources", "tasks", "telegrafs",
  "users", "variables", "scrapers", "secrets", "labels", "views", "documents",
  "notificationRules", "notificationEndpoints", "checks", "dbrp", "notebooks",
  "annotations", "remotes", "replications",
};

static GPtrArray *
operator_permissions (void)
{
  GPtrArray *permissions = new_permissions ();

  for (guint i = 0; i < G_N_ELEMENTS (all_types); i++)
    {
      add_permission (permissions, TOKENS_ACTION_READ, all_types[i], NULL, NULL, NULL);
      add_permission (permissions, TOKENS_ACTION_WRITE, all_types[i], NULL, NULL, NULL);
    }

  return permissions;
}

/* As `influx auth create --all-access`: everything in the org, and the
 * owner's own user record, but no other user. */
static GPtrArray *
all_access_permissions (const Entity *org,
                        const Entity *user)
{
  GPtrArray *permissions = new_permissions ();

  for (guint i = 0; i < G_N_ELEMENTS (all_types); i++)
    {
      if (g_str_equal (all_types[i], "users"))
        {
          add_permission (permissions, TOKENS_ACTION_READ, "users", NULL, user->id, user->name);
          add_permission (permissions, TOKENS_ACTION_WRITE, "users", NULL, user->id, user->name);
        }
      else if (g_str_equal (all_types[i], "orgs"))
        {
          add_permission (permissions, TOKENS_ACTION_READ, "orgs", NULL, org->id, org->name);
          add_permission (permissions, TOKENS_ACTION_WRITE, "orgs", NULL, org->id, org->name);
        }
      else
        {
          add_permission (permissions, TOKENS_ACTION_READ, all_types[i], org, NULL, NULL);
          add_permission (permissions, TOKENS_ACTION_WRITE, all_types[i], org, NULL, NULL);
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
  GPtrArray *permissions = new_permissions ();
  g_autofree char *id = bucket != NULL ? format_id (bucket_id) : NULL;

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

  my_org = add_entity (self->orgs, G_GUINT64_CONSTANT (0x9a51c3d2b4e60f17), "my-org");
  acme = add_entity (self->orgs, G_GUINT64_CONSTANT (0x3e8d0b7a1c2f4d55), "acme-research");
  admin = add_entity (self->users, G_GUINT64_CONSTANT (0x0b1e2c3d4f5a6b70), "admin");
  ada = add_entity (self->users, G_GUINT64_CONSTANT (0x0b1e2c3d4f5a6b71), "ada");
  grace = add_entity (self->users, G_GUINT64_CONSTANT (0x0b1e2c3d4f5a6b72), "grace");
  linus = add_entity (self->users, G_GUINT64_CONSTANT (0x0b1e2c3d4f5a6b73), "linus");

  add_auth (self, "operator", "admin's Token", my_org, admin, operator_permissions (), d1, TRUE);
  add_auth (self, "ada-all-access", "Ada's all-access token", my_org, ada,
            all_access_permissions (my_org, ada), d2, TRUE);
  add_auth (self, "telegraf", "Telegraf on web-01: write to telegraf", my_org, admin,
            bucket_permissions (my_org, "telegraf", 0x51e2a3b4c5d6e7f0, FALSE, TRUE), d3, TRUE);
  add_auth (self, "grafana", "Grafana dashboards", my_org, grace,
            bucket_permissions (my_org, NULL, 0, TRUE, FALSE), d4, TRUE);
  add_auth (self, "inactive", "Old CI pipeline (retired)", my_org, ada,
            bucket_permissions (my_org, "ci-metrics", 0x51e2a3b4c5d6e7f1, FALSE, TRUE), d5, FALSE);
  add_auth (self, "undescribed", "", my_org, ada,
            bucket_permissions (my_org, "sensors", 0x51e2a3b4c5d6e7f2, TRUE, FALSE), d6, TRUE);
  add_auth (self, "grace-all-access", "Grace's all-access token", acme, grace,
            all_access_permissions (acme, grace), d7, TRUE);
  add_auth (self, "leaked", "Notebook token (posted in a public gist)", acme, grace,
            bucket_permissions (acme, NULL, 0, TRUE, TRUE), d8, TRUE);
  add_auth (self, "home", "Home Assistant", my_org, linus,
            bucket_permissions (my_org, "home", 0x51e2a3b4c5d6e7f3, TRUE, TRUE), d9, TRUE);

  auditor = new_permissions ();
  add_permission (auditor, TOKENS_ACTION_READ, "authorizations", my_org, NULL, NULL);
  add_permission (auditor, TOKENS_ACTION_READ, "users", NULL, NULL, NULL);
  add_auth (self, "auditor", "Security audit (read tokens only)", my_org, admin, auditor, d10, TRUE);

  add_auth (self, "no-rights", "Sensor gateway: read sensors", my_org, linus,
            bucket_permissions (my_org, "sensors", 0x51e2a3b4c5d6e7f2, TRUE, FALSE), d11, TRUE);
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

  if (self->orgs->len == 0)
    tokens_demo_server_seed (self);

  /* Scripts' tokens belong to their own user, so that the docs' pipeline
   * (list a user's tokens, delete each) can be run on them alone. */
  org = g_ptr_array_index (self->orgs, 0);
  user = find_entity_by_name (self->users, "ci-bot");
  if (user == NULL)
    user = add_entity (self->users, G_GUINT64_CONSTANT (0x0b1e2c3d4f5a6b7f), "ci-bot");

  for (guint i = 0; i < n; i++)
    {
      guint serial = ++self->n_generated;
      g_autofree char *description =
        g_strdup_printf ("%s %05u", purposes[serial % G_N_ELEMENTS (purposes)], serial);
      g_autofree char *bucket = g_strdup_printf ("bucket-%03u", serial % 200);
      g_autoptr(GDateTime) created = g_date_time_add_minutes (base, serial * 7);

      add_auth (self, NULL, description, org, user,
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

/* The secret value of the seeded token named @key, for tests and the demo. */
const char *
tokens_demo_server_get_token (TokensDemoServer *self,
                              const char       *key)
{
  Auth *auth = lookup_key (self, key);
  return auth != NULL ? auth->token : NULL;
}

const char *
tokens_demo_server_get_id (TokensDemoServer *self,
                           const char       *key)
{
  Auth *auth = lookup_key (self, key);
  return auth != NULL ? auth->id_str : NULL;
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

  if (!parse_id (id, &value, &message))
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

static void
remove_auth (TokensDemoServer *self,
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
    remove_auth (self, auth);
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

  if (self->orgs->len == 0)
    tokens_demo_server_seed (self);
  org = g_ptr_array_index (self->orgs, 0);
  user = g_ptr_array_index (self->users, 0);

  permissions = new_permissions ();
  for (guint i = 0; i < MAX (n_permissions, 1); i++)
    {
      g_autofree char *id = format_id (G_GUINT64_CONSTANT (0x5200000000000000) + i);
      g_autofree char *name = g_strdup_printf ("bucket-%04u", i);

      add_permission (permissions, i % 2 ? TOKENS_ACTION_READ : TOKENS_ACTION_WRITE,
                      "buckets", org, id, name);
    }

  auth = add_auth (self, NULL, description, org, user, permissions, now, TRUE);
  return g_strdup (auth->id_str);
}

/**
 * tokens_demo_server_foreach_token:
 *
 * Calls @func for every token, the operator tokens first, then the others
 * in id order.
 */
void
tokens_demo_server_foreach_token (TokensDemoServer    *self,
                                  TokensDemoTokenFunc  func,
                                  gpointer             user_data)
{
  g_return_if_fail (TOKENS_IS_DEMO_SERVER (self));

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->auths->len; i++)
      {
        Auth *auth = g_ptr_array_index (self->auths, i);
        const char *kind = auth_kind (auth);

        if ((pass == 0) == g_str_equal (kind, "operator"))
          func (kind, auth->id_str, auth->token, auth->description, user_data);
      }
}

void
tokens_demo_server_set_latency (TokensDemoServer *self,
                                guint             milliseconds)
{
  g_return_if_fail (TOKENS_IS_DEMO_SERVER (self));
  self->latency_ms = milliseconds;
}

/**
 * tokens_demo_server_inject_fault:
 * @count: how many requests to /api/v2 get the fault, or %G_MAXUINT for all
 * @retry_after: the Retry-After seconds of 429 and 503 faults
 */
void
tokens_demo_server_inject_fault (TokensDemoServer *self,
                                 TokensDemoFault   fault,
                                 guint             count,
                                 guint             retry_after)
{
  g_return_if_fail (TOKENS_IS_DEMO_SERVER (self));

  self->fault = fault;
  self->fault_count = fault == TOKENS_DEMO_FAULT_NONE ? 0 : count;
  self->fault_retry_after = retry_after;
}

void
tokens_demo_server_set_redirect (TokensDemoServer *self,
                                 const char       *location,
                                 guint             count)
{
  g_return_if_fail (TOKENS_IS_DEMO_SERVER (self));

  g_free (self->redirect_location);
  self->redirect_location = g_strdup (location);
  tokens_demo_server_inject_fault (self, TOKENS_DEMO_FAULT_REDIRECT, count, 0);
}

guint
tokens_demo_server_get_n_requests (TokensDemoServer *self)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), 0);
  return self->n_requests;
}

/* For tests: the most requests answered at once (with latency set only). */
guint
tokens_demo_server_get_max_in_flight (TokensDemoServer *self)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), 0);
  return self->max_in_flight;
}

/* For tests: requests that came while the client should have waited out
 * the last Retry-After. */
guint
tokens_demo_server_get_n_requests_while_paused (TokensDemoServer *self)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), 0);
  return self->n_requests_while_paused;
}

guint
tokens_demo_server_get_n_authenticated_requests (TokensDemoServer *self)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), 0);
  return self->n_authenticated_requests;
}

const char *
tokens_demo_server_get_last_user_agent (TokensDemoServer *self)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), NULL);
  return self->last_user_agent;
}

/* ---------------------------------------------------------------------- */
/* JSON output, written by hand for OSS's field order and indentation.    */

static void
append_json_string (GString    *out,
                    const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      guchar c = (guchar)*p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '<':
        case '>':
        case '&':
          /* Go's encoder escapes these for HTML safety. */
          g_string_append_printf (out, "\\u%04x", c);
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char)c);
        }
    }
  g_string_append_c (out, '"');
}

static void
indent (GString *out,
        guint    depth)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (out, '\t');
}

static void
append_member (GString    *out,
               guint       depth,
               const char *name,
               const char *value,
               gboolean    last)
{
  indent (out, depth);
  append_json_string (out, name);
  g_string_append (out, ": ");
  append_json_string (out, value);
  if (!last)
    g_string_append_c (out, ',');
}

static void
append_time (GString    *out,
             guint       depth,
             const char *name,
             GDateTime  *when,
             gboolean    last)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);
  g_autofree char *text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
  int usec = g_date_time_get_microsecond (utc);
  g_autofree char *full = NULL;

  if (usec != 0)
    full = g_strdup_printf ("%s.%06dZ", text, usec);
  else
    full = g_strdup_printf ("%sZ", text);
  append_member (out, depth, name, full, last);
}

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
    case TOKENS_DEMO_MODE_INFLUXDB3:
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
  append_member (out, depth + 1, "id", auth->id_str, FALSE);
  append_member (out, depth + 1, "token", clear_token ? auth->token : token_as_listed (self, auth),
                 FALSE);
  append_member (out, depth + 1, "status", auth->active ? "active" : "inactive", FALSE);
  append_member (out, depth + 1, "description", auth->description, FALSE);
  append_member (out, depth + 1, "orgID", auth->org->id, FALSE);
  append_member (out, depth + 1, "org", auth->org->name, FALSE);
  append_member (out, depth + 1, "userID", auth->user->id, FALSE);
  append_member (out, depth + 1, "user", auth->user->name, FALSE);

  indent (out, depth + 1);
  g_string_append (out, "\"permissions\": [");
  for (guint i = 0; i < auth->permissions->len; i++)
    {
      TokensPermission *p = g_ptr_array_index (auth->permissions, i);
      gboolean more;

      indent (out, depth + 2);
      g_string_append_c (out, '{');
      append_member (out, depth + 3, "action",
                     p->action == TOKENS_ACTION_READ ? "read" : "write", FALSE);
      indent (out, depth + 3);
      g_string_append (out, "\"resource\": {");
      more = p->resource_id != NULL || p->resource_org_id != NULL || p->resource_name != NULL ||
             p->resource_org != NULL;
      append_member (out, depth + 4, "type", p->resource_type, !more);
      if (p->resource_id != NULL)
        {
          more = p->resource_org_id != NULL || p->resource_name != NULL || p->resource_org != NULL;
          append_member (out, depth + 4, "id", p->resource_id, !more);
        }
      if (p->resource_org_id != NULL)
        {
          more = p->resource_name != NULL || p->resource_org != NULL;
          append_member (out, depth + 4, "orgID", p->resource_org_id, !more);
        }
      if (p->resource_name != NULL)
        append_member (out, depth + 4, "name", p->resource_name, p->resource_org == NULL);
      if (p->resource_org != NULL)
        append_member (out, depth + 4, "org", p->resource_org, TRUE);
      indent (out, depth + 3);
      g_string_append_c (out, '}');
      indent (out, depth + 2);
      g_string_append_c (out, '}');
      if (i + 1 < auth->permissions->len)
        g_string_append_c (out, ',');
    }
  if (auth->permissions->len > 0)
    indent (out, depth + 1);
  g_string_append (out, "],");

  indent (out, depth + 1);
  g_string_append (out, "\"links\": {");
  append_member (out, depth + 2, "self", self_link, FALSE);
  append_member (out, depth + 2, "user", user_link, TRUE);
  indent (out, depth + 1);
  g_string_append (out, "},");

  append_time (out, depth + 1, "createdAt", auth->created_at, FALSE);
  append_time (out, depth + 1, "updatedAt", auth->updated_at, TRUE);
  indent (out, depth);
  g_string_append_c (out, '}');
}

/* ---------------------------------------------------------------------- */
/* Responses                                                              */

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              GString           *body)
{
  gsize len = body->len;

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, JSON_CONTENT_TYPE, SOUP_MEMORY_TAKE,
                                    g_string_free (body, FALSE), len);
}

static guint
status_for_code (const char *code)
{
  static const struct { const char *code; guint status; } map[] = {
    { "invalid", 400 }, { "empty value", 400 }, { "unauthorized", 401 },
    { "forbidden", 403 }, { "not found", 404 }, { "method not allowed", 405 },
    { "conflict", 422 }, { "unprocessable entity", 422 }, { "request too large", 413 },
    { "too many requests", 429 }, { "unavailable", 503 }, { "not implemented", 501 },
    { "unsupported media type", 415 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (map[i].code, code))
      return map[i].status;
  return 500;
}

/* An error from a handler: tab-indented, no trailing newline. */
static void
respond_error (SoupServerMessage *msg,
               const char        *code,
               const char        *message)
{
  GString *body = g_string_new ("{");

  append_member (body, 1, "code", code, FALSE);
  append_member (body, 1, "message", message, TRUE);
  g_string_append (body, "\n}");

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Platform-Error-Code", code);
  respond_json (msg, status_for_code (code), body);
}

/* An error from the authentication middleware: compact. */
static void
respond_unauthorized_compact (SoupServerMessage *msg)
{
  GString *body = g_string_new ("{\"code\":\"unauthorized\",\"message\":\"unauthorized access\"}");

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Platform-Error-Code", "unauthorized");
  respond_json (msg, 401, body);
}

static void
respond_html (SoupServerMessage *msg,
              guint              status,
              const char        *title)
{
  g_autofree char *html =
    g_strdup_printf ("<html>\r\n<head><title>%u %s</title></head>\r\n<body>\r\n"
                     "<center><h1>%u %s</h1></center>\r\n<hr><center>nginx</center>\r\n"
                     "</body>\r\n</html>\r\n",
                     status, title, status, title);
  gsize len = strlen (html);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&html), len);
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

  respond_error (msg, "unauthorized", message);
  return FALSE;
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
      if (!parse_id (user_id, &parsed, &message))
        {
          respond_error (msg, "invalid", message);
          return;
        }
      want_user = find_entity_by_id (self->users, user_id);
      if (want_user == NULL)
        {
          respond_error (msg, "not found", "user not found");
          return;
        }
    }
  else if (user != NULL)
    {
      want_user = find_entity_by_name (self->users, user);
      if (want_user == NULL)
        {
          respond_error (msg, "not found", "user not found");
          return;
        }
    }

  if (org_id != NULL)
    {
      if (!parse_id (org_id, &parsed, &message))
        {
          respond_error (msg, "invalid", message);
          return;
        }
      want_org = find_entity_by_id (self->orgs, org_id);
      if (want_org == NULL)
        {
          respond_error (msg, "not found", "organization not found");
          return;
        }
    }
  else if (org != NULL)
    {
      want_org = find_entity_by_name (self->orgs, org);
      if (want_org == NULL)
        {
          g_autofree char *text = g_strdup_printf ("organization name \"%s\" not found", org);
          respond_error (msg, "not found", text);
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
      indent (body, 2);
      append_auth (self, body, auth, 2, FALSE);
    }

  if (!first)
    indent (body, 1);
  g_string_append (body, "]\n}");

  respond_json (msg, 200, body);
}

static Auth *
find_target (TokensDemoServer  *self,
             SoupServerMessage *msg,
             const char        *id)
{
  const char *message;
  guint64 parsed;
  Auth *target;

  if (!parse_id (id, &parsed, &message))
    {
      respond_error (msg, "invalid", message);
      return NULL;
    }

  target = g_hash_table_lookup (self->by_id, &parsed);
  if (target == NULL)
    respond_error (msg, "not found", "authorization not found");

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
      respond_error (msg, "unauthorized", caller->active ? text : "token is inactive");
      return;
    }

  body = g_string_new (NULL);
  append_auth (self, body, target, 0, FALSE);
  respond_json (msg, 200, body);
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

  remove_auth (self, target);
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
      respond_error (msg, "internal error", "EOF");
      return NULL;
    }

  /* json-glib recurses once per level, with no limit of its own, and a
   * deep enough body overflows the stack; Go's decoder stops at 10,000. */
  if (!tokens_api_json_depth_is_within (data, len, GO_JSON_MAX_DEPTH))
    {
      respond_error (msg, "internal error", "exceeded max depth");
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
      respond_error (msg, "internal error", text);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      respond_error (msg, "invalid", "request body must be a JSON object");
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
      respond_error (msg, "invalid", "json: cannot unmarshal into Go value of type string");
      return;
    }
  if (status != NULL && !g_str_equal (status, "active") && !g_str_equal (status, "inactive"))
    {
      respond_error (msg, "invalid", "unknown authorization status");
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
  respond_json (msg, 200, body);
}

static GPtrArray *
parse_permissions (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "permissions");
  g_autoptr(GPtrArray) permissions = new_permissions ();
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
      respond_error (msg, "invalid", "json: cannot unmarshal into Go value of type string");
      return;
    }

  if (!parse_id (org_id, &parsed, &message))
    {
      respond_error (msg, "invalid", message);
      return;
    }
  org = find_entity_by_id (self->orgs, org_id);
  if (org == NULL)
    {
      respond_error (msg, "not found", "organization not found");
      return;
    }

  user = caller->user;
  if (user_id != NULL && (user = find_entity_by_id (self->users, user_id)) == NULL)
    {
      respond_error (msg, "not found", "user not found");
      return;
    }

  if (!can (caller, TOKENS_ACTION_WRITE, "authorizations", org->id, NULL))
    {
      g_autofree char *text = g_strdup_printf ("write:orgs/%s/authorizations is unauthorized",
                                               org->id);
      respond_error (msg, "unauthorized", caller->active ? text : "token is inactive");
      return;
    }

  permissions = parse_permissions (object);
  if (permissions == NULL)
    {
      respond_error (msg, "invalid", "permissions are required");
      return;
    }

  created = add_auth (self, NULL, description != NULL ? description : "", org, user,
                      permissions, now, g_strcmp0 (status, "inactive") != 0);

  body = g_string_new (NULL);
  append_auth (self, body, created, 0, TRUE);
  respond_json (msg, 201, body);
}

static void
handle_ping (TokensDemoServer  *self,
             SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *build, *version;

  switch (self->mode)
    {
    case TOKENS_DEMO_MODE_OSS:
      build = "OSS";
      version = "v2.7.11";
      break;
    case TOKENS_DEMO_MODE_OSS_HASHED:
      build = "OSS";
      version = "v2.9.0";
      break;
    case TOKENS_DEMO_MODE_CLOUD:
      build = "Cloud";
      version = "cloud2";
      break;
    case TOKENS_DEMO_MODE_INFLUXDB3:
    default:
      build = "Core";
      version = "3.0.0";
      break;
    }

  soup_message_headers_replace (headers, "X-Influxdb-Build", build);
  soup_message_headers_replace (headers, "X-Influxdb-Version", version);
  soup_server_message_set_status (msg, 204, NULL);
}

static gboolean
apply_fault (TokensDemoServer  *self,
             SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  TokensDemoFault fault = self->fault;

  if (fault == TOKENS_DEMO_FAULT_NONE || self->fault_count == 0)
    return FALSE;

  if (self->fault_count != G_MAXUINT)
    self->fault_count--;

  switch (fault)
    {
    case TOKENS_DEMO_FAULT_RATE_LIMITED:
    case TOKENS_DEMO_FAULT_UNAVAILABLE:
      {
        g_autofree char *seconds = g_strdup_printf ("%u", self->fault_retry_after);

        soup_message_headers_replace (headers, "Retry-After", seconds);
        self->rate_limited_at = g_get_monotonic_time ();
        self->rate_limited_for_ms = self->fault_retry_after * 1000;
        if (fault == TOKENS_DEMO_FAULT_RATE_LIMITED)
          respond_error (msg, "too many requests",
                         "org 9a51c3d2b4e60f17 has exceeded limited_query plan limit");
        else
          respond_error (msg, "unavailable", "service temporarily unavailable");
      }
      break;

    case TOKENS_DEMO_FAULT_INTERNAL_ERROR:
      respond_error (msg, "internal error", "an internal error has occurred");
      break;

    case TOKENS_DEMO_FAULT_HTML_500:
      respond_html (msg, 500, "Internal Server Error");
      break;

    case TOKENS_DEMO_FAULT_BAD_GATEWAY:
      respond_html (msg, 502, "Bad Gateway");
      break;

    case TOKENS_DEMO_FAULT_MALFORMED_JSON:
      respond_json (msg, 200, g_string_new ("{\n\t\"links\": {\n\t\t\"self\": \"/api/v2/"
                                            "authorizations\"\n\t},\n\t\"authorizations\": [\n"
                                            "\t\t{\n\t\t\t\"id\": \"0a5f3c"));
      break;

    case TOKENS_DEMO_FAULT_WRONG_TYPES:
      respond_json (msg, 200, g_string_new ("{\"authorizations\": [{\"id\": 42, "
                                            "\"status\": true, \"permissions\": \"all\"}]}"));
      break;

    case TOKENS_DEMO_FAULT_DROP_CONNECTION:
      {
        GIOStream *stream = soup_server_message_steal_connection (msg);

        g_object_set_data (G_OBJECT (msg), "tokens-detached", GINT_TO_POINTER (TRUE));
        g_io_stream_close (stream, NULL, NULL);
        g_object_unref (stream);
      }
      break;

    case TOKENS_DEMO_FAULT_REDIRECT:
      soup_message_headers_replace (headers, "Location", self->redirect_location);
      soup_server_message_set_status (msg, 307, NULL);
      break;

    case TOKENS_DEMO_FAULT_TRUNCATED_BODY:
      {
        static const char partial[] =
          "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
          "Content-Length: 4096\r\n\r\n{\n\t\"links\": {\n\t\t\"self\": \"/api/v2/auth";
        GIOStream *stream = soup_server_message_steal_connection (msg);

        g_object_set_data (G_OBJECT (msg), "tokens-detached", GINT_TO_POINTER (TRUE));
        g_output_stream_write_all (g_io_stream_get_output_stream (stream), partial,
                                   sizeof partial - 1, NULL, NULL, NULL);
        g_io_stream_close (stream, NULL, NULL);
        g_object_unref (stream);
      }
      break;

    case TOKENS_DEMO_FAULT_HANG:
      g_object_set_data (G_OBJECT (msg), "tokens-detached", GINT_TO_POINTER (TRUE));
      soup_server_message_pause (msg);
      g_ptr_array_add (self->hung, g_object_ref (msg));
      break;

    case TOKENS_DEMO_FAULT_GARBAGE:
      {
        GString *garbage = g_string_sized_new (10 * 1024 * 1024);

        for (guint i = 0; i < 10 * 1024 * 1024 / 4; i++)
          {
            guint32 r = g_random_int ();
            g_string_append_len (garbage, (const char *)&r, 4);
          }
        respond_json (msg, 200, garbage);
      }
      break;

    case TOKENS_DEMO_FAULT_INVALID_UTF8:
      respond_json (msg, 200, g_string_new ("{\"authorizations\": [{\"id\": \"0a5f3c2e91b05000\", "
                                            "\"description\": \"caf\xe9 \xff\xfe\"}]}"));
      break;

    case TOKENS_DEMO_FAULT_NONE:
    default:
      return FALSE;
    }

  return TRUE;
}

static void
handle_request (TokensDemoServer  *self,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  const char *prefix = "/api/v2/authorizations";
  Auth *caller;

  if (g_str_equal (path, "/ping") || g_str_equal (path, "/health"))
    {
      handle_ping (self, msg);
      return;
    }

  if (!g_str_has_prefix (path, "/api/"))
    {
      respond_error (msg, "not found", "path not found");
      return;
    }

  if (apply_fault (self, msg))
    return;

  if (self->mode == TOKENS_DEMO_MODE_INFLUXDB3)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "X-Influxdb-Build", "Core");
      respond_error (msg, "not found", "path not found");
      return;
    }

  if (!g_str_has_prefix (path, prefix) ||
      (path[strlen (prefix)] != '\0' && path[strlen (prefix)] != '/'))
    {
      respond_error (msg, "not found", "path not found");
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
        respond_error (msg, "method not allowed", "method not allowed");
      return;
    }

  path++;
  if (strchr (path, '/') != NULL)
    {
      respond_error (msg, "not found", "path not found");
      return;
    }

  if (g_str_equal (method, SOUP_METHOD_GET))
    handle_get (self, msg, caller, path);
  else if (g_str_equal (method, SOUP_METHOD_DELETE))
    handle_delete (self, msg, caller, path);
  else if (g_str_equal (method, "PATCH"))
    handle_patch (self, msg, caller, path);
  else
    respond_error (msg, "method not allowed", "method not allowed");
}

struct _Delayed
{
  TokensDemoServer *self;    /* borrowed: dispose drops every Delayed */
  SoupServerMessage *msg;
  char *path;
  GHashTable *query;
  GSource *source;
};

static void
delayed_free (Delayed *delayed)
{
  if (delayed->source != NULL)
    {
      g_source_destroy (delayed->source);
      g_source_unref (delayed->source);
    }
  g_object_unref (delayed->msg);
  g_free (delayed->path);
  g_clear_pointer (&delayed->query, g_hash_table_unref);
  g_free (delayed);
}

static gboolean
on_delay_elapsed (gpointer user_data)
{
  Delayed *delayed = user_data;
  TokensDemoServer *self = delayed->self;

  g_clear_pointer (&delayed->source, g_source_unref);
  handle_request (self, delayed->msg, delayed->path, delayed->query);
  /* A message whose connection was taken, or that hangs on purpose, stays. */
  if (g_object_get_data (G_OBJECT (delayed->msg), "tokens-detached") == NULL)
    soup_server_message_unpause (delayed->msg);
  g_hash_table_remove (self->delayed, delayed);

  return G_SOURCE_REMOVE;
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  TokensDemoServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  self->n_requests++;
  /* A client that honours Retry-After sends nothing in the pause: leave a
   * margin at each end for requests already on their way. */
  if (self->rate_limited_at > 0)
    {
      gint64 since_ms = (g_get_monotonic_time () - self->rate_limited_at) / 1000;

      if (since_ms > 150 && since_ms + 150 < self->rate_limited_for_ms)
        self->n_requests_while_paused++;
    }
  g_free (self->last_user_agent);
  self->last_user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));

  if (self->latency_ms > 0)
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      delayed->self = self;
      delayed->msg = g_object_ref (msg);
      delayed->path = g_strdup (path);
      delayed->query = query != NULL ? g_hash_table_ref (query) : NULL;
      soup_server_message_pause (msg);
      /* Where the server runs: its thread's context, as its sockets. */
      delayed->source = g_timeout_source_new (self->latency_ms);
      g_source_set_callback (delayed->source, on_delay_elapsed, delayed, NULL);
      g_source_attach (delayed->source, g_main_context_get_thread_default ());
      g_hash_table_add (self->delayed, delayed);
      self->max_in_flight = MAX (self->max_in_flight, g_hash_table_size (self->delayed));
      return;
    }

  handle_request (self, msg, path, query);
}

/*
 * InfluxDB keeps HTTP/1.1 connections open after every answer, and clients
 * that reuse them (Go's http.Client, Node's agent, Telegraf) count on it.
 * libsoup 3.2 drops Content-Length from a 204, as RFC 9110 asks, and then
 * reads the headers as declaring a body that ends with the connection, so
 * it closes the connection after every 204 (soup_server_message_is_keepalive).
 * Once the headers are on the wire, say what a 204 has: no body at all.
 */
static void
on_wrote_headers (SoupServerMessage *msg,
                  gpointer           user_data)
{
  if (soup_server_message_get_status (msg) == SOUP_STATUS_NO_CONTENT)
    soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                       SOUP_ENCODING_NONE);
}

static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (on_wrote_headers), NULL);
}

static gboolean
start (TokensDemoServer  *self,
       guint              port,
       GTlsCertificate   *certificate,
       GError           **error)
{
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  GSList *listeners;
  g_autofree char *text = NULL;

  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);

  self->server = soup_server_new ("server-header", "influxdb-demo",
                                  "tls-certificate", certificate,
                                  NULL);
  soup_server_add_handler (self->server, NULL, server_callback, self, NULL);
  g_signal_connect (self->server, "request-started", G_CALLBACK (on_request_started), NULL);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  if (!soup_server_listen (self->server, address,
                           certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    {
      g_clear_object (&self->server);
      return FALSE;
    }

  /* Not soup_server_get_uris(): in libsoup 3.2 it leaks the address it
   * looks up. The listening socket says which port it got. */
  listeners = soup_server_get_listeners (self->server);
  bound = g_socket_get_local_address (listeners->data, error);
  g_slist_free (listeners);
  if (bound == NULL)
    {
      g_clear_object (&self->server);
      return FALSE;
    }
  text = g_strdup_printf ("%s://127.0.0.1:%u", certificate != NULL ? "https" : "http",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  self->url = g_steal_pointer (&text);

  return TRUE;
}

/**
 * tokens_demo_server_start:
 * @port: a port on 127.0.0.1, or 0 for any free one
 *
 * Listens on the loopback interface only.
 */
gboolean
tokens_demo_server_start (TokensDemoServer  *self,
                          guint              port,
                          GError           **error)
{
  return start (self, port, NULL, error);
}

/**
 * tokens_demo_server_start_tls:
 *
 * Listens with HTTPS on a free loopback port, with @certificate: the
 * tests use an untrusted one to check that no token crosses such a link.
 */
gboolean
tokens_demo_server_start_tls (TokensDemoServer  *self,
                              GTlsCertificate   *certificate,
                              GError           **error)
{
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), FALSE);
  return start (self, 0, certificate, error);
}

const char *
tokens_demo_server_get_url (TokensDemoServer *self)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), NULL);
  return self->url;
}
