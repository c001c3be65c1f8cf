/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-backend-v3"

#include "config.h"

#include "tokens-backend-v3.h"

#include <glib/gi18n-lib.h>

/* NOT YET IMPLEMENTED: lists nothing, says so. Being written. */
struct _TokensBackendV3
{
  GObject parent_instance;

  TokensClient *client;
};

static void tokens_backend_v3_iface_init (TokensBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TokensBackendV3, tokens_backend_v3, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TOKENS_TYPE_BACKEND,
                                                      tokens_backend_v3_iface_init))

static void
tokens_backend_v3_dispose (GObject *object)
{
  TokensBackendV3 *self = TOKENS_BACKEND_V3 (object);

  g_clear_object (&self->client);

  G_OBJECT_CLASS (tokens_backend_v3_parent_class)->dispose (object);
}

static void
tokens_backend_v3_class_init (TokensBackendV3Class *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tokens_backend_v3_dispose;
}

static void
tokens_backend_v3_init (TokensBackendV3 *self)
{
}

TokensBackend *
tokens_backend_v3_new (TokensClient *client)
{
  TokensBackendV3 *self;

  g_return_val_if_fail (TOKENS_IS_CLIENT (client), NULL);

  self = g_object_new (TOKENS_TYPE_BACKEND_V3, NULL);
  self->client = g_object_ref (client);
  return TOKENS_BACKEND (self);
}

static TokensClient *
get_client (TokensBackend *backend)
{
  return TOKENS_BACKEND_V3 (backend)->client;
}

static TokensBackendFeatures
get_features (TokensBackend *backend)
{
  return 0;
}

static void
list_async (TokensBackend            *backend,
            const char               *org,
            TokensBackendPrepareFunc  prepare,
            gpointer                  prepare_data,
            GCancellable             *cancellable,
            GAsyncReadyCallback       callback,
            gpointer                  user_data)
{
  g_task_report_new_error (backend, callback, user_data, list_async,
                           TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER,
                           _("Influx Tokens does not support this server’s tokens yet."));
}

static GPtrArray *
list_finish (TokensBackend  *backend,
             GAsyncResult   *result,
             GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
delete_async (TokensBackend       *backend,
              TokensToken         *token,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_task_report_new_error (backend, callback, user_data, delete_async,
                           TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER,
                           _("Influx Tokens does not support this server’s tokens yet."));
}

static gboolean
delete_finish (TokensBackend  *backend,
               GAsyncResult   *result,
               GError        **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
is_own_token (TokensBackend *backend,
              TokensToken   *token)
{
  return FALSE;
}

static void
tokens_backend_v3_iface_init (TokensBackendInterface *iface)
{
  iface->get_client = get_client;
  iface->get_features = get_features;
  iface->list_async = list_async;
  iface->list_finish = list_finish;
  iface->delete_async = delete_async;
  iface->delete_finish = delete_finish;
  iface->is_own_token = is_own_token;
}
