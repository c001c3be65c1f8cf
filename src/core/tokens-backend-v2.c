/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-backend-v2"

#include "config.h"

#include "tokens-backend-v2.h"

/*
 * The v2 token API, /api/v2/authorizations, of InfluxDB OSS 2.x, Cloud and
 * Cloud Serverless (docs/influxdb-v2-api.md). Its requests and reader are
 * TokensClient's own endpoints, which predate the backends.
 */
struct _TokensBackendV2
{
  GObject parent_instance;

  TokensClient *client;
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
         TOKENS_BACKEND_OWNERS;
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
}
