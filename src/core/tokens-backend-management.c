/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-backend-management"

#include "config.h"

#include "tokens-backend-management.h"

#include <glib/gi18n-lib.h>

/* NOT YET IMPLEMENTED: lists nothing, says so. Being written. */
struct _TokensBackendManagement
{
  GObject parent_instance;

  TokensClient *client;
};

static void tokens_backend_management_iface_init (TokensBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TokensBackendManagement, tokens_backend_management, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TOKENS_TYPE_BACKEND,
                                                      tokens_backend_management_iface_init))

static void
tokens_backend_management_dispose (GObject *object)
{
  TokensBackendManagement *self = TOKENS_BACKEND_MANAGEMENT (object);

  g_clear_object (&self->client);

  G_OBJECT_CLASS (tokens_backend_management_parent_class)->dispose (object);
}

static void
tokens_backend_management_class_init (TokensBackendManagementClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tokens_backend_management_dispose;
}

static void
tokens_backend_management_init (TokensBackendManagement *self)
{
}

TokensBackend *
tokens_backend_management_new (TokensClient *client)
{
  TokensBackendManagement *self;

  g_return_val_if_fail (TOKENS_IS_CLIENT (client), NULL);

  self = g_object_new (TOKENS_TYPE_BACKEND_MANAGEMENT, NULL);
  self->client = g_object_ref (client);
  return TOKENS_BACKEND (self);
}

static TokensClient *
get_client (TokensBackend *backend)
{
  return TOKENS_BACKEND_MANAGEMENT (backend)->client;
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
tokens_backend_management_iface_init (TokensBackendInterface *iface)
{
  iface->get_client = get_client;
  iface->get_features = get_features;
  iface->list_async = list_async;
  iface->list_finish = list_finish;
  iface->delete_async = delete_async;
  iface->delete_finish = delete_finish;
  iface->is_own_token = is_own_token;
}
