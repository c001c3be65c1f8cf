/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-backend-management"

#include "config.h"

#include "tokens-backend-management.h"
#include "tokens-backend-private.h"
#include "tokens-management-token-reader.h"

#include <glib/gi18n-lib.h>

/*
 * The management API of InfluxDB Cloud Dedicated and Clustered
 * (docs/influxdb3-api.md): database tokens by UUID under the client's base
 * URL (account and cluster included), listed with GET …/tokens and revoked
 * with DELETE …/tokens/{id}, which answers 204 and takes the token out of
 * the list. There is no switching a token off, and the management token the
 * app signs in with is never listed, so none is the app's own. Every
 * request goes through tokens_client_send_async(), which holds it to the
 * client's rules and reads the API's {"code", "message"} errors.
 */

#define TOKENS_PATH "/tokens"

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
  return TOKENS_BACKEND_DELETE | TOKENS_BACKEND_EXPIRY | TOKENS_BACKEND_REVOKED;
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
  TokensBackendManagement *self = TOKENS_BACKEND_MANAGEMENT (backend);

  /* A cluster's tokens have no organization: @org means nothing here. */
  _tokens_backend_list_request (backend, self->client, TOKENS_API_MANAGEMENT, SOUP_METHOD_GET,
                                TOKENS_PATH, NULL, tokens_management_token_reader_read_list,
                                prepare, prepare_data, cancellable, callback, user_data);
}

static GPtrArray *
list_finish (TokensBackend  *backend,
             GAsyncResult   *result,
             GError        **error)
{
  return _tokens_backend_list_request_finish (backend, result, error);
}

static void
on_deleted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  guint status = 0;

  body = tokens_client_send_finish (TOKENS_CLIENT (object), result, &status, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* 204 is the API's one answer to a revoke. A 200 or a 202 may be a
   * proxy's, or "accepted, maybe later": the token is not taken for gone. */
  if (status == SOUP_STATUS_NO_CONTENT)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE,
                             /* Translators: %u %s is an HTTP status, e.g. 202 Accepted */
                             _("The server answered %u %s, not 204 No Content as the "
                               "management API does, so it is not known whether the token "
                               "was revoked."),
                             status, soup_status_get_phrase (status));
}

static void
delete_async (TokensBackend       *backend,
              TokensToken         *token,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  TokensBackendManagement *self = TOKENS_BACKEND_MANAGEMENT (backend);
  const char *id = tokens_token_get_id (token);
  g_autofree char *path = NULL;
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, delete_async);

  /* What goes into the path is a UUID and nothing else. */
  if (!tokens_management_id_is_valid (id))
    {
      g_task_return_new_error (task, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_ID,
                               _("This token’s id is not a UUID, so it cannot be revoked."));
      g_object_unref (task);
      return;
    }

  path = g_strconcat (TOKENS_PATH "/", id, NULL);
  tokens_client_send_async (self->client, TOKENS_API_MANAGEMENT, SOUP_METHOD_DELETE, path, NULL,
                            NULL, TOKENS_CLIENT_SEND_NONE, cancellable, on_deleted, task);
}

static gboolean
delete_finish (TokensBackend  *backend,
               GAsyncResult   *result,
               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The management token is not a database token: it is never listed. */
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
