/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-backend-v2"

#include "config.h"

#include "tokens-backend-v2.h"
#include "tokens-secret-store.h"
#include "tokens-backend-private.h"
#include "tokens-api-json.h"
#include "tokens-authorization-reader.h"
#include "tokens-grant-reader.h"
#include "tokens-token-private.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

/*
 * The v2 token API, /api/v2/authorizations, of InfluxDB OSS 2.x, Cloud and
 * Cloud Serverless (docs/influxdb-v2-api.md). Its requests and reader are
 * TokensClient's own endpoints, which predate the backends.
 */
struct _TokensBackendV2
{
  GObject parent_instance;

  TokensClient *client;
  /* The resource types the server last listed (GET /api/v2/resources):
   * what an all-access token is given. */
  GStrv resource_types;
};

static void tokens_backend_v2_iface_init (TokensBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TokensBackendV2, tokens_backend_v2, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TOKENS_TYPE_BACKEND,
                                                      tokens_backend_v2_iface_init))

static void
tokens_backend_v2_dispose (GObject *object)
{
  TokensBackendV2 *self = TOKENS_BACKEND_V2 (object);

  g_clear_object (&self->client);
  g_clear_pointer (&self->resource_types, g_strfreev);

  G_OBJECT_CLASS (tokens_backend_v2_parent_class)->dispose (object);
}

static void
tokens_backend_v2_class_init (TokensBackendV2Class *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tokens_backend_v2_dispose;
}

static void
tokens_backend_v2_init (TokensBackendV2 *self)
{
}

TokensBackend *
tokens_backend_v2_new (TokensClient *client)
{
  TokensBackendV2 *self;

  g_return_val_if_fail (TOKENS_IS_CLIENT (client), NULL);

  self = g_object_new (TOKENS_TYPE_BACKEND_V2, NULL);
  self->client = g_object_ref (client);
  return TOKENS_BACKEND (self);
}

static TokensClient *
v2_get_client (TokensBackend *backend)
{
  return TOKENS_BACKEND_V2 (backend)->client;
}

static TokensBackendFeatures
v2_get_features (TokensBackend *backend)
{
  return TOKENS_BACKEND_DELETE | TOKENS_BACKEND_DEACTIVATE | TOKENS_BACKEND_DESCRIBE |
         TOKENS_BACKEND_OWNERS | TOKENS_BACKEND_CREATE_ALL | TOKENS_BACKEND_CREATE_CUSTOM;
}

/* The client's prepare function, handing the backend on. */
typedef struct
{
  TokensBackend *backend;
  TokensBackendPrepareFunc prepare;
  gpointer prepare_data;
} Prepare;

static void
prepare_in_worker (GPtrArray     *tokens,
                   TokensProduct  product,
                   gpointer       data)
{
  Prepare *prepare = data;

  prepare->prepare (tokens, prepare->backend, product, prepare->prepare_data);
}

static void
on_listed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean pinged = FALSE;
  char *version = NULL;
  GPtrArray *tokens;

  tokens = tokens_client_list_all_finish (TOKENS_CLIENT (object), result, &pinged, &version,
                                          &error);
  g_object_set_data_full (G_OBJECT (task), "version", version, g_free);
  g_object_set_data (G_OBJECT (task), "pinged", GINT_TO_POINTER (pinged));
  if (tokens == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, tokens, (GDestroyNotify)g_ptr_array_unref);
}

static void
list (TokensBackend            *backend,
      const char               *org,
      TokensClientListFlags     flags,
      TokensBackendPrepareFunc  prepare_func,
      gpointer                  prepare_data,
      GCancellable             *cancellable,
      gpointer                  source_tag,
      GAsyncReadyCallback       callback,
      gpointer                  user_data)
{
  TokensBackendV2 *self = TOKENS_BACKEND_V2 (backend);
  TokensListFilter filter = { .org = org };
  Prepare *prepare = g_new0 (Prepare, 1);
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);

  prepare->backend = backend;
  prepare->prepare = prepare_func;
  prepare->prepare_data = prepare_data;
  g_task_set_task_data (task, prepare, g_free);

  tokens_client_list_all_async (self->client, org != NULL ? &filter : NULL, flags,
                                prepare_func != NULL ? prepare_in_worker : NULL, prepare,
                                cancellable, on_listed, task);
}

static void
v2_list_async (TokensBackend            *backend,
               const char               *org,
               TokensBackendPrepareFunc  prepare,
               gpointer                  prepare_data,
               GCancellable             *cancellable,
               GAsyncReadyCallback       callback,
               gpointer                  user_data)
{
  list (backend, org, TOKENS_CLIENT_LIST_NONE, prepare, prepare_data, cancellable,
        v2_list_async, callback, user_data);
}

static GPtrArray *
v2_list_finish (TokensBackend  *backend,
                GAsyncResult   *result,
                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * tokens_backend_v2_list_pinging_async:
 *
 * Lists as tokens_backend_list_async() does and asks /ping which product
 * the server is at the same time (tokens_client_list_all_async()). The
 * client records what /ping said; for InfluxDB 3 the list fails.
 */
void
tokens_backend_v2_list_pinging_async (TokensBackend            *self,
                                      const char               *org,
                                      TokensBackendPrepareFunc  prepare,
                                      gpointer                  prepare_data,
                                      GCancellable             *cancellable,
                                      GAsyncReadyCallback       callback,
                                      gpointer                  user_data)
{
  g_return_if_fail (TOKENS_IS_BACKEND_V2 (self));

  list (self, org, TOKENS_CLIENT_LIST_PING, prepare, prepare_data, cancellable,
        tokens_backend_v2_list_pinging_async, callback, user_data);
}

/**
 * tokens_backend_v2_list_pinging_finish:
 * @pinged: (out): whether /ping answered, the list or not
 * @version: (out) (transfer full): the version /ping gave, or %NULL
 */
GPtrArray *
tokens_backend_v2_list_pinging_finish (TokensBackend  *self,
                                       GAsyncResult   *result,
                                       gboolean       *pinged,
                                       char          **version,
                                       GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  *pinged = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "pinged"));
  *version = g_strdup (g_object_get_data (G_OBJECT (result), "version"));
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_deleted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (tokens_client_delete_finish (TOKENS_CLIENT (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
v2_delete_async (TokensBackend       *backend,
                 TokensToken         *token,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  TokensBackendV2 *self = TOKENS_BACKEND_V2 (backend);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, v2_delete_async);
  tokens_client_delete_async (self->client, tokens_token_get_id (token), cancellable,
                              on_deleted, task);
}

static gboolean
v2_delete_finish (TokensBackend  *backend,
                  GAsyncResult   *result,
                  GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_updated (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  TokensToken *token = tokens_client_update_finish (TOKENS_CLIENT (object), result, &error);

  if (token == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, g_object_unref);
}

static void
v2_update_async (TokensBackend       *backend,
                 TokensToken         *token,
                 int                  active,
                 const char          *description,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  TokensBackendV2 *self = TOKENS_BACKEND_V2 (backend);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, v2_update_async);
  tokens_client_update_async (self->client, tokens_token_get_id (token), active, description,
                              cancellable, on_updated, task);
}

static TokensToken *
v2_update_finish (TokensBackend  *backend,
                  GAsyncResult   *result,
                  GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
v2_is_own_token (TokensBackend *backend,
                 TokensToken   *token)
{
  return tokens_client_is_own_token (TOKENS_BACKEND_V2 (backend)->client, token);
}

/* Cloud answers ?token= with the token this client signs in with. */
static void
on_own_listed (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) own = tokens_client_list_finish (TOKENS_CLIENT (object), result, &error);

  if (own == NULL)
    g_task_return_error (task, error);
  else if (own->len == 1)
    g_task_return_pointer (task, g_strdup (tokens_token_get_id (g_ptr_array_index (own, 0))),
                           g_free);
  else
    g_task_return_pointer (task, NULL, NULL);
}

static void
v2_find_own_async (TokensBackend       *backend,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  TokensBackendV2 *self = TOKENS_BACKEND_V2 (backend);
  TokensListFilter filter = { .own_token = TRUE };
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, v2_find_own_async);
  if (tokens_client_get_product (self->client) != TOKENS_PRODUCT_CLOUD)
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }
  tokens_client_list_async (self->client, &filter, cancellable, on_own_listed, task);
}

static char *
v2_find_own_finish (TokensBackend  *backend,
                    GAsyncResult   *result,
                    GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* Which token is this?                                                   */

typedef struct
{
  GPtrArray *tokens;        /* the listed ones */
  TokensClient *probe;      /* signs in with the string (OSS 2.9 and newer) */
} FindData;

static void
find_data_free (FindData *data)
{
  g_ptr_array_unref (data->tokens);
  g_clear_object (&data->probe);
  g_free (data);
}

static TokensToken *
find_listed (gpointer    data,
             const char *id)
{
  GPtrArray *tokens = data;

  for (guint i = 0; i < tokens->len; i++)
    if (g_strcmp0 (tokens_token_get_id (g_ptr_array_index (tokens, i)), id) == 0)
      return g_ptr_array_index (tokens, i);
  return NULL;
}

static void
on_secret_listed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FindData *data = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GPtrArray) found = tokens_client_list_finish (TOKENS_CLIENT (object), result, &error);
  TokensLookup *lookup;

  if (found == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  lookup = _tokens_lookup_new (TOKENS_LOOKUP_NOT_FOUND, TOKENS_LOOKUP_BY_SERVER, 0);
  for (guint i = 0; i < found->len; i++)
    _tokens_lookup_add_match (lookup, g_ptr_array_index (found, i));
  _tokens_lookup_map_tokens (lookup, find_listed, data->tokens);
  g_task_return_pointer (task, lookup, g_object_unref);
}

static void
on_secret_tried (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FindData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *user = NULL;
  TokensLookup *lookup;

  body = tokens_client_send_finish (TOKENS_CLIENT (object), result, NULL, &error);
  lookup = _tokens_lookup_new (TOKENS_LOOKUP_CANNOT_TELL, TOKENS_LOOKUP_BY_NOTHING, 0);
  if (body != NULL)
    user_id = tokens_grant_reader_read_me (body, &user, &error);

  if (user_id != NULL)
    {
      _tokens_lookup_set_validity (lookup, TOKENS_LOOKUP_WORKS, user_id, user);
      /* The string is one of that user's tokens: the ones the app lists. */
      for (guint i = 0; i < data->tokens->len; i++)
        {
          TokensToken *token = g_ptr_array_index (data->tokens, i);

          if (g_strcmp0 (tokens_token_get_user_id (token), user_id) == 0 &&
              tokens_token_get_status (token) == TOKENS_TOKEN_STATUS_ACTIVE)
            _tokens_lookup_add_candidate (lookup, token);
        }
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_TOKEN_INACTIVE))
    {
      /* A token the server has, switched off: one of the inactive ones. */
      _tokens_lookup_set_validity (lookup, TOKENS_LOOKUP_INACTIVE, NULL, NULL);
      for (guint i = 0; i < data->tokens->len; i++)
        {
          TokensToken *token = g_ptr_array_index (data->tokens, i);

          if (tokens_token_get_status (token) == TOKENS_TOKEN_STATUS_INACTIVE)
            _tokens_lookup_add_candidate (lookup, token);
        }
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAUTHORIZED))
    _tokens_lookup_set_validity (lookup, TOKENS_LOOKUP_REFUSED, NULL, NULL);
  else
    {
      /* Not an answer about the string: the server could not be asked. */
      g_object_unref (lookup);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, lookup, g_object_unref);
}

/*
 * OSS 2.8 and older list each token's value; Cloud looks one up by value
 * (?token=); OSS 2.9 and newer keep only a hash it does not show, so the
 * most the app can learn is whether the string still works, and as whom
 * (GET /api/v2/me signed in with it).
 */
static void
v2_find_secret_async (TokensBackend       *backend,
                      const char          *secret,
                      GPtrArray           *tokens,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  TokensBackendV2 *self = TOKENS_BACKEND_V2 (backend);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  FindData *data = g_new0 (FindData, 1);
  guint with_value = 0;

  g_task_set_source_tag (task, v2_find_secret_async);
  data->tokens = g_ptr_array_ref (tokens);
  g_task_set_task_data (task, data, (GDestroyNotify)find_data_free);

  for (guint i = 0; i < tokens->len; i++)
    if (tokens_token_has_token_value (g_ptr_array_index (tokens, i)))
      with_value++;

  if (with_value > 0)
    {
      TokensLookup *lookup = _tokens_lookup_new (TOKENS_LOOKUP_NOT_FOUND, TOKENS_LOOKUP_BY_VALUE,
                                                 with_value);

      for (guint i = 0; i < tokens->len; i++)
        {
          TokensToken *token = g_ptr_array_index (tokens, i);
          const char *value = _tokens_token_get_token_value (token);

          if (value != NULL && tokens_secret_equal (value, secret))
            _tokens_lookup_add_match (lookup, token);
        }
      g_task_return_pointer (task, lookup, g_object_unref);
      return;
    }

  if (tokens_client_get_product (self->client) == TOKENS_PRODUCT_CLOUD)
    {
      TokensListFilter filter = { .token = secret };

      tokens_client_list_async (self->client, &filter, cancellable, on_secret_listed,
                                g_steal_pointer (&task));
      return;
    }

  data->probe = tokens_client_dup_with_token (self->client, secret);
  tokens_client_send_async (data->probe, TOKENS_API_V2, SOUP_METHOD_GET, "/api/v2/me",
                            NULL, NULL, TOKENS_CLIENT_SEND_NONE, cancellable,
                            on_secret_tried, g_steal_pointer (&task));
}

static TokensLookup *
v2_find_secret_finish (TokensBackend  *backend,
                       GAsyncResult   *result,
                       GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* Making tokens                                                          */

/* The resource types of InfluxDB OSS 2.7, for a server that does not list
 * its own (GET /api/v2/resources answered 404). */
static const char * const default_resource_types[] = {
  "authorizations", "buckets", "dashboards", "orgs", "sources", "tasks", "telegrafs",
  "users", "variables", "scrapers", "secrets", "labels", "views", "documents",
  "notificationRules", "notificationEndpoints", "checks", "dbrp", "notebooks",
  "annotations", "remotes", "replications", NULL,
};

/* Buckets are asked for 100 at a time, the most the API gives, and no more
 * than this many pages: a server with more buckets than that is offered
 * the first ones and "all buckets". */
#define BUCKETS_PAGE 100
#define MAX_BUCKET_PAGES 100

typedef struct
{
  char *org_id;
  GPtrArray *buckets;   /* of TokensGrant */
  guint offset;
  guint pages;
} GrantsData;

static void
grants_data_free (GrantsData *data)
{
  g_free (data->org_id);
  g_ptr_array_unref (data->buckets);
  g_free (data);
}

static int
compare_grant_names (gconstpointer a,
                     gconstpointer b)
{
  const TokensGrant *x = *(TokensGrant **)a;
  const TokensGrant *y = *(TokensGrant **)b;
  /* The system buckets, _monitoring and _tasks, after the person's own. */
  gboolean x_system = x->name[0] == '_', y_system = y->name[0] == '_';

  if (x_system != y_system)
    return x_system - y_system;
  return g_utf8_collate (x->name, y->name);
}

static void request_buckets (GTask *task);

static void
on_resources_listed (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TokensBackendV2 *self = g_task_get_source_object (task);
  GrantsData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) resources = NULL;
  g_autoptr(GPtrArray) grants = NULL;
  g_autoptr(GStrvBuilder) types = g_strv_builder_new ();
  GError *error = NULL;

  body = tokens_client_send_finish (TOKENS_CLIENT (object), result, NULL, &error);
  if (body == NULL && g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_NOT_FOUND))
    {
      /* An older server, or a proxy that passes only some paths. */
      g_clear_error (&error);
      resources = g_ptr_array_new_with_free_func ((GDestroyNotify)tokens_grant_free);
      for (guint i = 0; default_resource_types[i] != NULL; i++)
        if (!g_str_equal (default_resource_types[i], "buckets"))
          g_ptr_array_add (resources, tokens_grant_new (TOKENS_GRANT_RESOURCE,
                                                        default_resource_types[i],
                                                        default_resource_types[i],
                                                        FALSE, FALSE));
    }
  else if (body != NULL)
    resources = tokens_grant_reader_read_resources (body, &error);

  if (resources == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_strv_builder_add (types, "buckets");
  for (guint i = 0; i < resources->len; i++)
    g_strv_builder_add (types, ((TokensGrant *)g_ptr_array_index (resources, i))->id);
  g_clear_pointer (&self->resource_types, g_strfreev);
  self->resource_types = g_strv_builder_end (types);

  grants = g_ptr_array_new_with_free_func ((GDestroyNotify)tokens_grant_free);
  g_ptr_array_add (grants, tokens_grant_new (TOKENS_GRANT_BUCKET, NULL, _("All buckets"),
                                             FALSE, FALSE));
  g_ptr_array_sort (data->buckets, compare_grant_names);
  g_ptr_array_extend_and_steal (grants, g_steal_pointer (&data->buckets));
  data->buckets = g_ptr_array_new ();
  g_ptr_array_extend_and_steal (grants, g_steal_pointer (&resources));
  g_task_return_pointer (task, g_steal_pointer (&grants), (GDestroyNotify)g_ptr_array_unref);
}

static void
on_buckets_listed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TokensBackendV2 *self = g_task_get_source_object (task);
  GrantsData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) page = NULL;
  GCancellable *cancellable;
  GError *error = NULL;
  gboolean more = FALSE;

  body = tokens_client_send_finish (TOKENS_CLIENT (object), result, NULL, &error);
  if (body != NULL)
    page = tokens_grant_reader_read_buckets (body, &more, &error);
  if (page == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* OSS cuts a page before it drops the buckets the caller may not read:
   * a short page is not the last one, a page without "next" is. */
  data->offset += BUCKETS_PAGE;
  data->pages++;
  g_ptr_array_extend_and_steal (data->buckets, g_steal_pointer (&page));

  if (more && data->pages < MAX_BUCKET_PAGES)
    {
      request_buckets (g_steal_pointer (&task));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  tokens_client_send_async (self->client, TOKENS_API_V2, SOUP_METHOD_GET, "/api/v2/resources",
                            NULL, NULL, TOKENS_CLIENT_SEND_NONE, cancellable,
                            on_resources_listed, g_steal_pointer (&task));
}

static void
request_buckets (GTask *task)
{
  TokensBackendV2 *self = g_task_get_source_object (task);
  GrantsData *data = g_task_get_task_data (task);
  g_autofree char *query = NULL;

  query = g_strdup_printf ("orgID=%s&limit=%u&offset=%u", data->org_id, BUCKETS_PAGE,
                           data->offset);
  tokens_client_send_async (self->client, TOKENS_API_V2, SOUP_METHOD_GET, "/api/v2/buckets",
                            query, NULL, TOKENS_CLIENT_SEND_NONE, g_task_get_cancellable (task),
                            on_buckets_listed, task);
}

static void
v2_list_grants_async (TokensBackend       *backend,
                      const char          *org_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (backend, cancellable, callback, user_data);
  GrantsData *data;

  g_task_set_source_tag (task, v2_list_grants_async);
  /* It goes into a query: nothing but an id does. */
  if (!tokens_api_id_is_valid (org_id))
    {
      g_task_return_new_error (task, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_ID,
                               "%s", _("The organization is not known, so its buckets cannot "
                                       "be listed."));
      g_object_unref (task);
      return;
    }

  data = g_new0 (GrantsData, 1);
  data->org_id = g_strdup (org_id);
  data->buckets = g_ptr_array_new_with_free_func ((GDestroyNotify)tokens_grant_free);
  g_task_set_task_data (task, data, (GDestroyNotify)grants_data_free);
  request_buckets (task);
}

static GPtrArray *
v2_list_grants_finish (TokensBackend  *backend,
                       GAsyncResult   *result,
                       GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static TokensDraft *
v2_draft_from_token (TokensBackend *backend,
                     TokensToken   *token)
{
  GPtrArray *permissions = tokens_token_get_permissions (token);
  TokensDraft *draft;

  draft = tokens_draft_new (tokens_token_get_is_all_access (token) ? TOKENS_DRAFT_ALL_ACCESS
                                                                   : TOKENS_DRAFT_CUSTOM);
  tokens_draft_set_name (draft, tokens_token_get_description (token));
  draft->org_id = g_strdup (tokens_token_get_org_id (token));
  draft->user_id = g_strdup (tokens_token_get_user_id (token));
  if (draft->scope == TOKENS_DRAFT_ALL_ACCESS)
    return draft;

  for (guint i = 0; permissions != NULL && i < permissions->len; i++)
    {
      TokensPermission *permission = g_ptr_array_index (permissions, i);
      gboolean read = permission->action == TOKENS_ACTION_READ;
      gboolean in_org = g_strcmp0 (permission->resource_org_id, draft->org_id) == 0;

      if (g_str_equal (permission->resource_type, "buckets") && in_org)
        tokens_draft_grant (draft, TOKENS_GRANT_BUCKET, permission->resource_id,
                            permission->resource_id != NULL ? permission->resource_name
                                                            : _("All buckets"),
                            read, !read);
      else if (permission->resource_id == NULL && in_org &&
               tokens_grant_resource_type_is_valid (permission->resource_type))
        tokens_draft_grant (draft, TOKENS_GRANT_RESOURCE, permission->resource_type,
                            permission->resource_type, read, !read);
      else
        g_ptr_array_add (draft->extra, tokens_permission_copy (permission));
    }
  return draft;
}

static void
add_permission (JsonBuilder *builder,
                const char  *action,
                const char  *type,
                const char  *id,
                const char  *org_id)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, action);
  json_builder_set_member_name (builder, "resource");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  if (id != NULL)
    {
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
    }
  if (org_id != NULL)
    {
      json_builder_set_member_name (builder, "orgID");
      json_builder_add_string_value (builder, org_id);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
add_read_write (JsonBuilder *builder,
                gboolean     read,
                gboolean     write,
                const char  *type,
                const char  *id,
                const char  *org_id)
{
  if (read)
    add_permission (builder, "read", type, id, org_id);
  if (write)
    add_permission (builder, "write", type, id, org_id);
}

/* As the web UI and `influx auth create --all-access` build it: every
 * resource type in the organization, the organization itself by its id,
 * and the owner's own user record, but no other user. */
static void
add_all_access (TokensBackendV2   *self,
                JsonBuilder       *builder,
                const TokensDraft *draft)
{
  const char * const *types = self->resource_types != NULL
                                ? (const char * const *)self->resource_types
                                : default_resource_types;

  for (guint i = 0; types[i] != NULL; i++)
    {
      if (g_str_equal (types[i], "orgs"))
        add_read_write (builder, TRUE, TRUE, "orgs", draft->org_id, NULL);
      else if (g_str_equal (types[i], "users") && draft->user_id != NULL)
        add_read_write (builder, TRUE, TRUE, "users", draft->user_id, NULL);
      else
        add_read_write (builder, TRUE, TRUE, types[i], NULL, draft->org_id);
    }
}

static GBytes *
build_create_body (TokensBackendV2   *self,
                   const TokensDraft *draft)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "orgID");
  json_builder_add_string_value (builder, draft->org_id);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, draft->name != NULL ? draft->name : "");
  if (draft->user_id != NULL)
    {
      json_builder_set_member_name (builder, "userID");
      json_builder_add_string_value (builder, draft->user_id);
    }
  json_builder_set_member_name (builder, "permissions");
  json_builder_begin_array (builder);
  if (draft->scope == TOKENS_DRAFT_ALL_ACCESS)
    add_all_access (self, builder, draft);
  else
    {
      for (guint i = 0; i < draft->grants->len; i++)
        {
          TokensGrant *grant = g_ptr_array_index (draft->grants, i);

          if (grant->kind == TOKENS_GRANT_BUCKET)
            add_read_write (builder, grant->read, grant->write, "buckets", grant->id,
                            draft->org_id);
          else if (grant->kind == TOKENS_GRANT_RESOURCE)
            add_read_write (builder, grant->read, grant->write, grant->id, NULL, draft->org_id);
        }
      for (guint i = 0; i < draft->extra->len; i++)
        {
          TokensPermission *permission = g_ptr_array_index (draft->extra, i);

          add_permission (builder, permission->action == TOKENS_ACTION_READ ? "read" : "write",
                          permission->resource_type, permission->resource_id,
                          permission->resource_org_id);
        }
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return _tokens_backend_json_body (builder);
}

/* A bucket by its id (or all of them), or a resource type. */
static gboolean
can_grant (const TokensGrant *grant)
{
  if (grant->kind == TOKENS_GRANT_BUCKET)
    return grant->id == NULL || tokens_api_id_is_valid (grant->id);
  return grant->kind == TOKENS_GRANT_RESOURCE && tokens_grant_resource_type_is_valid (grant->id);
}

/* What the server would refuse, refused before asking it. */
static gboolean
check_draft (const TokensDraft  *draft,
             GError            **error)
{
  if (!tokens_api_id_is_valid (draft->org_id))
    {
      g_set_error_literal (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID,
                           _("Choose the organization the token is for."));
      return FALSE;
    }
  if (draft->user_id != NULL && !tokens_api_id_is_valid (draft->user_id))
    {
      g_set_error_literal (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID,
                           _("The user the token is for is not known."));
      return FALSE;
    }
  return tokens_draft_check_grants (draft, can_grant, error);
}

static void
name_buckets (TokensToken       *token,
              const TokensDraft *draft)
{
  gboolean renamed = FALSE;

  for (guint i = 0; token->permissions != NULL && i < token->permissions->len; i++)
    {
      TokensPermission *permission = g_ptr_array_index (token->permissions, i);
      TokensGrant *grant;

      if (permission->resource_name != NULL || permission->resource_id == NULL ||
          !g_str_equal (permission->resource_type, "buckets"))
        continue;
      grant = tokens_draft_find_grant (draft, TOKENS_GRANT_BUCKET, permission->resource_id);
      if (grant == NULL || grant->name == NULL)
        continue;
      g_ptr_array_index (token->permissions, i) =
        tokens_permission_new (permission->action, permission->resource_type,
                               permission->resource_id, permission->resource_org_id,
                               grant->name, permission->resource_org);
      tokens_permission_free (permission);
      renamed = TRUE;
    }
  if (renamed)
    {
      /* Both are made again from the permissions when next asked for. */
      g_clear_pointer (&token->summary, g_free);
      g_clear_pointer (&token->search_text, g_free);
    }
}

static void
on_created (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(TokensToken) token = NULL;
  GError *error = NULL;
  guint status = 0;

  body = tokens_client_send_finish (TOKENS_CLIENT (object), result, &status, &error);
  if (body != NULL)
    token = tokens_authorization_reader_read (body, &error);
  if (token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* A server that names no bucket in its answer: the names the draft was
   * made with, so the new row reads as its original does. */
  name_buckets (token, g_task_get_task_data (task));

  /* The server shows the value once, in this answer; without it the token
   * is made but of no use to anyone, and the person must know. */
  if (_tokens_token_get_token_value (token) == NULL)
    {
      g_task_return_new_error (task, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE,
                               "%s", _("The server made the token but did not show its value. "
                                       "Delete it and make another."));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&token), g_object_unref);
}

static void
send_create (GTask *task)
{
  TokensBackendV2 *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GBytes) body = build_create_body (self, g_task_get_task_data (task));

  tokens_client_send_async (self->client, TOKENS_API_V2, SOUP_METHOD_POST,
                            "/api/v2/authorizations", NULL, body, TOKENS_CLIENT_SEND_NONE,
                            cancellable, on_created, task);
}

static void
on_me (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  GTask *task = user_data;
  TokensDraft *draft = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = tokens_client_send_finish (TOKENS_CLIENT (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  /* A server without /me (or a proxy in the way): the token is made
   * without its owner's user record, rather than not at all. */
  if (body != NULL)
    draft->user_id = tokens_grant_reader_read_me (body, NULL, NULL);
  send_create (task);
}

static void
v2_create_async (TokensBackend       *backend,
                 const TokensDraft   *draft,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  TokensBackendV2 *self = TOKENS_BACKEND_V2 (backend);
  GError *error = NULL;
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, v2_create_async);
  if (!check_draft (draft, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_task_set_task_data (task, tokens_draft_copy (draft), (GDestroyNotify)tokens_draft_free);

  /* An all-access token reads and writes its owner's user record, by id:
   * the server says whose the app's token is. */
  if (draft->scope == TOKENS_DRAFT_ALL_ACCESS && draft->user_id == NULL)
    {
      tokens_client_send_async (self->client, TOKENS_API_V2, SOUP_METHOD_GET, "/api/v2/me",
                                NULL, NULL, TOKENS_CLIENT_SEND_NONE, cancellable, on_me, task);
      return;
    }
  send_create (task);
}

static TokensToken *
v2_create_finish (TokensBackend  *backend,
                  GAsyncResult   *result,
                  char          **secret,
                  GError        **error)
{
  TokensToken *token;

  g_return_val_if_fail (g_task_is_valid (result, backend), NULL);
  token = g_task_propagate_pointer (G_TASK (result), error);
  if (token != NULL)
    {
      /* The value goes to the caller, once; the token in the list does not
       * keep it. */
      *secret = _tokens_token_steal_token_value (token);
    }
  return token;
}

static void
tokens_backend_v2_iface_init (TokensBackendInterface *iface)
{
  iface->get_client = v2_get_client;
  iface->get_features = v2_get_features;
  iface->list_async = v2_list_async;
  iface->list_finish = v2_list_finish;
  iface->delete_async = v2_delete_async;
  iface->delete_finish = v2_delete_finish;
  iface->update_async = v2_update_async;
  iface->update_finish = v2_update_finish;
  iface->is_own_token = v2_is_own_token;
  iface->find_own_async = v2_find_own_async;
  iface->find_own_finish = v2_find_own_finish;
  iface->find_secret_async = v2_find_secret_async;
  iface->find_secret_finish = v2_find_secret_finish;
  iface->list_grants_async = v2_list_grants_async;
  iface->list_grants_finish = v2_list_grants_finish;
  iface->draft_from_token = v2_draft_from_token;
  iface->create_async = v2_create_async;
  iface->create_finish = v2_create_finish;
}
