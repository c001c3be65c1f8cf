/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-backend-management"

#include "config.h"

#include "tokens-backend-management.h"
#include "tokens-backend-private.h"
#include "tokens-management-token-reader.h"
#include "tokens-grant-reader.h"
#include "tokens-secret-store.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

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
  return TOKENS_BACKEND_DELETE | TOKENS_BACKEND_EXPIRY | TOKENS_BACKEND_REVOKED |
         TOKENS_BACKEND_CREATE_CUSTOM;
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

/* ---------------------------------------------------------------------- */
/* Making tokens                                                          */

static void
on_databases_listed (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) databases = NULL;
  GPtrArray *grants;
  GError *error = NULL;

  body = tokens_client_send_finish (TOKENS_CLIENT (object), result, NULL, &error);
  if (body != NULL)
    databases = tokens_grant_reader_read_management_databases (body, &error);
  if (databases == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  grants = g_ptr_array_new_with_free_func ((GDestroyNotify)tokens_grant_free);
  g_ptr_array_add (grants, tokens_grant_new (TOKENS_GRANT_DATABASE, "*", _("All databases"),
                                             FALSE, FALSE));
  g_ptr_array_extend_and_steal (grants, g_steal_pointer (&databases));
  g_task_return_pointer (task, grants, (GDestroyNotify)g_ptr_array_unref);
}

static void
list_grants_async (TokensBackend       *backend,
                   const char          *org_id,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  TokensBackendManagement *self = TOKENS_BACKEND_MANAGEMENT (backend);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, list_grants_async);
  tokens_client_send_async (self->client, TOKENS_API_MANAGEMENT, SOUP_METHOD_GET, "/databases",
                            NULL, NULL, TOKENS_CLIENT_SEND_NONE, cancellable,
                            on_databases_listed, task);
}

static GPtrArray *
list_grants_finish (TokensBackend  *backend,
                    GAsyncResult   *result,
                    GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* "read:sensors, write:sensors, read:*", as the reader writes a token's
 * permissions, into grants. */
static TokensDraft *
draft_from_token (TokensBackend *backend,
                  TokensToken   *token)
{
  const char *permissions = tokens_token_get_raw_permissions (token);
  GDateTime *created = tokens_token_get_created_at (token);
  GDateTime *expires = tokens_token_get_expires_at (token);
  TokensDraft *draft = tokens_draft_new (TOKENS_DRAFT_CUSTOM);
  g_auto(GStrv) parts = g_strsplit (permissions != NULL ? permissions : "", ", ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *colon = strchr (parts[i], ':');
      gboolean read;

      if (colon == NULL || colon[1] == '\0')
        continue;
      read = g_str_has_prefix (parts[i], "read:");
      if (!read && !g_str_has_prefix (parts[i], "write:"))
        continue;
      tokens_draft_grant (draft, TOKENS_GRANT_DATABASE, colon + 1,
                          g_str_equal (colon + 1, "*") ? _("All databases") : colon + 1,
                          read, !read);
    }
  tokens_draft_set_name (draft, tokens_token_get_description (token));
  if (created != NULL && expires != NULL)
    draft->expires_in = MAX (g_date_time_difference (expires, created) / G_TIME_SPAN_SECOND, 1);
  return draft;
}

static GBytes *
build_create_body (const TokensDraft *draft)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, draft->name);
  json_builder_set_member_name (builder, "permissions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < draft->grants->len; i++)
    {
      TokensGrant *grant = g_ptr_array_index (draft->grants, i);
      const char *actions[2] = { grant->read ? "read" : NULL, grant->write ? "write" : NULL };

      for (guint j = 0; j < G_N_ELEMENTS (actions); j++)
        {
          if (actions[j] == NULL)
            continue;
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "action");
          json_builder_add_string_value (builder, actions[j]);
          json_builder_set_member_name (builder, "resource");
          json_builder_add_string_value (builder, grant->id);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);
  if (draft->expires_in > 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) when = g_date_time_add_seconds (now, (double)draft->expires_in);
      g_autofree char *iso = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");

      json_builder_set_member_name (builder, "expiresAt");
      json_builder_add_string_value (builder, iso);
    }
  json_builder_end_object (builder);

  return _tokens_backend_json_body (builder);
}

/* A database by its name, or "*" for all. */
static gboolean
can_grant (const TokensGrant *grant)
{
  return grant->kind == TOKENS_GRANT_DATABASE && grant->id != NULL && grant->id[0] != '\0';
}

static gboolean
check_draft (const TokensDraft  *draft,
             GError            **error)
{
  if (tokens_draft_name_is_blank (draft->name))
    {
      /* The API refuses a token without one (400). */
      g_set_error_literal (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID,
                           _("Give the token a description."));
      return FALSE;
    }
  if (draft->scope != TOKENS_DRAFT_CUSTOM || draft->expires_in < 0)
    {
      g_set_error_literal (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID,
                           _("This server cannot make such a token."));
      return FALSE;
    }
  return tokens_draft_check_grants (draft, can_grant, error);
}

static void
on_created (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  TokensCreated *created;
  GError *error = NULL;

  body = tokens_client_send_finish (TOKENS_CLIENT (object), result, NULL, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  created = _tokens_created_new ();
  created->token = tokens_management_token_reader_read_created (body, &created->secret, &error);
  if (created->token == NULL)
    {
      _tokens_created_free (created);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, created, (GDestroyNotify)_tokens_created_free);
}

static void
create_async (TokensBackend       *backend,
              const TokensDraft   *draft,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  TokensBackendManagement *self = TOKENS_BACKEND_MANAGEMENT (backend);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, create_async);
  if (!check_draft (draft, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  body = build_create_body (draft);
  tokens_client_send_async (self->client, TOKENS_API_MANAGEMENT, SOUP_METHOD_POST, TOKENS_PATH,
                            NULL, body, TOKENS_CLIENT_SEND_NONE, cancellable, on_created, task);
}

static TokensToken *
create_finish (TokensBackend  *backend,
               GAsyncResult   *result,
               char          **secret,
               GError        **error)
{
  TokensCreated *created;

  g_return_val_if_fail (g_task_is_valid (result, backend), NULL);
  created = g_task_propagate_pointer (G_TASK (result), error);
  if (created == NULL)
    return NULL;
  return _tokens_created_take (created, secret);
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
  iface->list_grants_async = list_grants_async;
  iface->list_grants_finish = list_grants_finish;
  iface->draft_from_token = draft_from_token;
  iface->create_async = create_async;
  iface->create_finish = create_finish;
}
