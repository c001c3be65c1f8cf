/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-backend"

#include "config.h"

#include "tokens-backend-private.h"
#include "tokens-backend-management.h"
#include "tokens-backend-v2.h"
#include "tokens-backend-v3.h"
#include "tokens-token-private.h"
#include "tokens-secret-store.h"

#include <string.h>

G_DEFINE_INTERFACE (TokensBackend, tokens_backend, G_TYPE_OBJECT)

static void
tokens_backend_default_init (TokensBackendInterface *iface)
{
}

/**
 * tokens_backend_new_for_product:
 *
 * Returns: (transfer full): the backend of @product's token API
 */
TokensBackend *
tokens_backend_new_for_product (TokensClient  *client,
                                TokensProduct  product)
{
  g_return_val_if_fail (TOKENS_IS_CLIENT (client), NULL);

  switch (tokens_product_get_api (product))
    {
    case TOKENS_API_V3:
      return tokens_backend_v3_new (client);
    case TOKENS_API_MANAGEMENT:
      return tokens_backend_management_new (client);
    case TOKENS_API_V2:
    default:
      return tokens_backend_v2_new (client);
    }
}

/**
 * tokens_backend_get_client:
 *
 * Returns: (transfer none): the client the backend sends its requests with
 */
TokensClient *
tokens_backend_get_client (TokensBackend *self)
{
  g_return_val_if_fail (TOKENS_IS_BACKEND (self), NULL);
  return TOKENS_BACKEND_GET_IFACE (self)->get_client (self);
}

TokensBackendFeatures
tokens_backend_get_features (TokensBackend *self)
{
  g_return_val_if_fail (TOKENS_IS_BACKEND (self), 0);
  return TOKENS_BACKEND_GET_IFACE (self)->get_features (self);
}

/**
 * tokens_backend_list_async:
 * @org: (nullable): list only this organization's tokens, where tokens
 *   have organizations
 * @prepare: (nullable) (scope async): run on the new list off the main
 *   thread; not run when the list failed
 * @prepare_data: for @prepare; it must live until @callback is called
 */
void
tokens_backend_list_async (TokensBackend            *self,
                           const char               *org,
                           TokensBackendPrepareFunc  prepare,
                           gpointer                  prepare_data,
                           GCancellable             *cancellable,
                           GAsyncReadyCallback       callback,
                           gpointer                  user_data)
{
  g_return_if_fail (TOKENS_IS_BACKEND (self));
  TOKENS_BACKEND_GET_IFACE (self)->list_async (self, org, prepare, prepare_data, cancellable,
                                               callback, user_data);
}

/**
 * tokens_backend_list_finish:
 *
 * Returns: (transfer full) (element-type TokensToken): the tokens, as
 *   the prepare function left them
 */
GPtrArray *
tokens_backend_list_finish (TokensBackend  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (TOKENS_IS_BACKEND (self), NULL);
  return TOKENS_BACKEND_GET_IFACE (self)->list_finish (self, result, error);
}

void
tokens_backend_delete_async (TokensBackend       *self,
                             TokensToken         *token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (TOKENS_IS_BACKEND (self));
  g_return_if_fail (TOKENS_IS_TOKEN (token));
  TOKENS_BACKEND_GET_IFACE (self)->delete_async (self, token, cancellable, callback, user_data);
}

gboolean
tokens_backend_delete_finish (TokensBackend  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (TOKENS_IS_BACKEND (self), FALSE);
  return TOKENS_BACKEND_GET_IFACE (self)->delete_finish (self, result, error);
}

/**
 * tokens_backend_update_async:
 * @active: 1 to activate, 0 to deactivate, -1 to leave the status as it is
 * @description: (nullable): a new description, or %NULL to leave it
 *
 * An API that cannot change tokens answers %G_IO_ERROR_NOT_SUPPORTED,
 * without a request.
 */
void
tokens_backend_update_async (TokensBackend       *self,
                             TokensToken         *token,
                             int                  active,
                             const char          *description,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  TokensBackendInterface *iface;

  g_return_if_fail (TOKENS_IS_BACKEND (self));
  g_return_if_fail (TOKENS_IS_TOKEN (token));

  iface = TOKENS_BACKEND_GET_IFACE (self);
  if (iface->update_async == NULL)
    {
      g_task_report_new_error (self, callback, user_data, tokens_backend_update_async,
                               G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "This server's tokens cannot be changed");
      return;
    }
  iface->update_async (self, token, active, description, cancellable, callback, user_data);
}

/**
 * tokens_backend_update_finish:
 *
 * Returns: (transfer full): the token as the server now has it
 */
TokensToken *
tokens_backend_update_finish (TokensBackend  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (TOKENS_IS_BACKEND (self), NULL);

  if (g_async_result_is_tagged (result, tokens_backend_update_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return TOKENS_BACKEND_GET_IFACE (self)->update_finish (self, result, error);
}

/**
 * tokens_backend_is_own_token:
 *
 * Whether @token is the one the backend's client signs in with, as far as
 * the listed token shows. Safe in the list's worker thread.
 */
gboolean
tokens_backend_is_own_token (TokensBackend *self,
                             TokensToken   *token)
{
  g_return_val_if_fail (TOKENS_IS_BACKEND (self), FALSE);
  return TOKENS_BACKEND_GET_IFACE (self)->is_own_token (self, token);
}

/**
 * tokens_backend_find_own_async:
 *
 * Asks the server which token is the client's own, where a backend can
 * (Cloud); elsewhere finishes at once with %NULL.
 */
void
tokens_backend_find_own_async (TokensBackend       *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  TokensBackendInterface *iface;

  g_return_if_fail (TOKENS_IS_BACKEND (self));

  iface = TOKENS_BACKEND_GET_IFACE (self);
  if (iface->find_own_async == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, tokens_backend_find_own_async);
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  iface->find_own_async (self, cancellable, callback, user_data);
}

/**
 * tokens_backend_find_own_finish:
 *
 * Returns: (transfer full) (nullable): the key of the client's own token,
 *   or %NULL when the server did not say
 */
char *
tokens_backend_find_own_finish (TokensBackend  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (TOKENS_IS_BACKEND (self), NULL);

  if (g_async_result_is_tagged (result, tokens_backend_find_own_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return TOKENS_BACKEND_GET_IFACE (self)->find_own_finish (self, result, error);
}

TokensCreated *
_tokens_created_new (void)
{
  return g_new0 (TokensCreated, 1);
}

void
_tokens_created_free (TokensCreated *created)
{
  g_clear_object (&created->token);
  tokens_secret_free (created->secret);
  g_free (created);
}

/* Frees @created, handing on what it held. */
TokensToken *
_tokens_created_take (TokensCreated  *created,
                      char          **secret)
{
  TokensToken *token = g_steal_pointer (&created->token);

  *secret = g_steal_pointer (&created->secret);
  _tokens_created_free (created);
  return token;
}

GBytes *
_tokens_backend_json_body (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  char *text;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return g_bytes_new_take (text, strlen (text));
}

/**
 * tokens_backend_list_grants_async:
 * @org_id: (nullable): v2: the organization whose buckets are listed
 *
 * Lists what a custom token could be given access to. An API that cannot
 * make custom tokens answers an empty list, without a request.
 */
void
tokens_backend_list_grants_async (TokensBackend       *self,
                                  const char          *org_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  TokensBackendInterface *iface;

  g_return_if_fail (TOKENS_IS_BACKEND (self));

  iface = TOKENS_BACKEND_GET_IFACE (self);
  if (iface->list_grants_async == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, tokens_backend_list_grants_async);
      g_task_return_pointer (task,
                             g_ptr_array_new_with_free_func ((GDestroyNotify)tokens_grant_free),
                             (GDestroyNotify)g_ptr_array_unref);
      return;
    }
  iface->list_grants_async (self, org_id, cancellable, callback, user_data);
}

/**
 * tokens_backend_list_grants_finish:
 *
 * Returns: (transfer full) (element-type TokensGrant): the choices, in the
 *   order they are best offered, each granting nothing yet
 */
GPtrArray *
tokens_backend_list_grants_finish (TokensBackend  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (TOKENS_IS_BACKEND (self), NULL);

  if (g_async_result_is_tagged (result, tokens_backend_list_grants_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return TOKENS_BACKEND_GET_IFACE (self)->list_grants_finish (self, result, error);
}

/**
 * tokens_backend_draft_from_token:
 *
 * Returns: (transfer full) (nullable): a draft for a token with the same
 *   access as @token, named after it, or %NULL where tokens cannot be made
 *   or @token cannot be copied (InfluxDB 3's operator token)
 */
TokensDraft *
tokens_backend_draft_from_token (TokensBackend *self,
                                 TokensToken   *token)
{
  TokensBackendInterface *iface;

  g_return_val_if_fail (TOKENS_IS_BACKEND (self), NULL);
  g_return_val_if_fail (TOKENS_IS_TOKEN (token), NULL);

  iface = TOKENS_BACKEND_GET_IFACE (self);
  if (iface->draft_from_token == NULL || tokens_token_get_is_operator (token))
    return NULL;
  return iface->draft_from_token (self, token);
}

/**
 * tokens_backend_create_async:
 *
 * Makes a token. A draft the API cannot make is refused before any
 * request, with %TOKENS_CLIENT_ERROR_INVALID saying why.
 */
void
tokens_backend_create_async (TokensBackend       *self,
                             const TokensDraft   *draft,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  TokensBackendInterface *iface;

  g_return_if_fail (TOKENS_IS_BACKEND (self));
  g_return_if_fail (draft != NULL);

  iface = TOKENS_BACKEND_GET_IFACE (self);
  if (iface->create_async == NULL)
    {
      g_task_report_new_error (self, callback, user_data, tokens_backend_create_async,
                               G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "This server's tokens cannot be made here");
      return;
    }
  iface->create_async (self, draft, cancellable, callback, user_data);
}

/**
 * tokens_backend_create_finish:
 * @secret: (out) (transfer full): the new token's value, which the server
 *   shows only this once; free it with tokens_secret_free()
 *
 * Returns: (transfer full): the new token, as a list would show it
 */
TokensToken *
tokens_backend_create_finish (TokensBackend  *self,
                              GAsyncResult   *result,
                              char          **secret,
                              GError        **error)
{
  g_return_val_if_fail (TOKENS_IS_BACKEND (self), NULL);
  g_return_val_if_fail (secret != NULL, NULL);

  *secret = NULL;
  if (g_async_result_is_tagged (result, tokens_backend_create_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return TOKENS_BACKEND_GET_IFACE (self)->create_finish (self, result, secret, error);
}

/**
 * tokens_backend_regenerate_async:
 *
 * Gives the operator token a new value; the old one stops working at once.
 */
void
tokens_backend_regenerate_async (TokensBackend       *self,
                                 TokensToken         *token,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  TokensBackendInterface *iface;

  g_return_if_fail (TOKENS_IS_BACKEND (self));
  g_return_if_fail (TOKENS_IS_TOKEN (token));

  iface = TOKENS_BACKEND_GET_IFACE (self);
  if (iface->regenerate_async == NULL || !tokens_token_get_is_operator (token))
    {
      g_task_report_new_error (self, callback, user_data, tokens_backend_regenerate_async,
                               G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "Only InfluxDB 3's operator token can be regenerated");
      return;
    }
  iface->regenerate_async (self, token, cancellable, callback, user_data);
}

/**
 * tokens_backend_regenerate_finish:
 *
 * Returns: (transfer full): the operator token's new value; free it with
 *   tokens_secret_free()
 */
char *
tokens_backend_regenerate_finish (TokensBackend  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (TOKENS_IS_BACKEND (self), NULL);

  if (g_async_result_is_tagged (result, tokens_backend_regenerate_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return TOKENS_BACKEND_GET_IFACE (self)->regenerate_finish (self, result, error);
}

/**
 * tokens_backend_find_secret_async:
 * @secret: a token string, as tokens_lookup_clean_secret() leaves it
 * @tokens: (element-type TokensToken): the tokens the app lists for this
 *   server: what the string is compared with where the product allows
 *
 * Which token @secret is (#TokensLookup). The string is sent only to this
 * backend's server, and only by a product that answers that question
 * (Cloud) or says whether it still works (OSS 2.9 and newer); a product
 * whose API cannot tell answers %TOKENS_LOOKUP_CANNOT_TELL.
 */
void
tokens_backend_find_secret_async (TokensBackend       *self,
                                  const char          *secret,
                                  GPtrArray           *tokens,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  TokensBackendInterface *iface;

  g_return_if_fail (TOKENS_IS_BACKEND (self));
  g_return_if_fail (secret != NULL && secret[0] != '\0');
  g_return_if_fail (tokens != NULL);

  iface = TOKENS_BACKEND_GET_IFACE (self);
  if (iface->find_secret_async == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, tokens_backend_find_secret_async);
      g_task_return_pointer (task, _tokens_lookup_new (TOKENS_LOOKUP_CANNOT_TELL,
                                                       TOKENS_LOOKUP_BY_NOTHING, 0),
                             g_object_unref);
      return;
    }
  iface->find_secret_async (self, secret, tokens, cancellable, callback, user_data);
}

/**
 * tokens_backend_find_secret_finish:
 *
 * Returns: (transfer full): what the server could say, or %NULL with
 *   @error set when it could not be asked (unreachable, refused the app)
 */
TokensLookup *
tokens_backend_find_secret_finish (TokensBackend  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (TOKENS_IS_BACKEND (self), NULL);

  if (g_async_result_is_tagged (result, tokens_backend_find_secret_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return TOKENS_BACKEND_GET_IFACE (self)->find_secret_finish (self, result, error);
}

/*
 * Opening a server: which backend, and its first list.
 *
 * What the address says (a Dedicated management API), or what the person
 * said (Clustered), is taken as it is. Otherwise the server is taken for
 * v2 until /ping says more: v2's list and /ping go out together, and only
 * when /ping says InfluxDB 3 is the list asked again, of the v3 backend.
 */
typedef struct
{
  TokensClient *client;
  char *org;
  TokensBackendPrepareFunc prepare;
  gpointer prepare_data;

  TokensBackend *backend;
  GPtrArray *tokens;
  char *version;
} Open;

static void
open_free (gpointer data)
{
  Open *open = data;

  g_clear_object (&open->client);
  g_free (open->org);
  g_clear_object (&open->backend);
  g_clear_pointer (&open->tokens, g_ptr_array_unref);
  g_free (open->version);
  g_free (open);
}

static void
on_open_listed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Open *open = g_task_get_task_data (task);
  GError *error = NULL;

  open->tokens = tokens_backend_list_finish (TOKENS_BACKEND (object), result, &error);
  if (open->tokens == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_open_v2_listed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Open *open = g_task_get_task_data (task);
  TokensBackend *v2 = TOKENS_BACKEND (object);
  g_autoptr(GError) error = NULL;
  gboolean pinged = FALSE;
  TokensProduct product;

  open->tokens = tokens_backend_v2_list_pinging_finish (v2, result, &pinged, &open->version,
                                                        &error);
  product = tokens_client_get_product (open->client);

  if (pinged && tokens_product_get_api (product) != TOKENS_API_V2)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      g_clear_pointer (&open->tokens, g_ptr_array_unref);
      open->backend = tokens_backend_new_for_product (open->client, product);
      tokens_backend_list_async (open->backend, open->org, open->prepare, open->prepare_data,
                                 cancellable, on_open_listed, g_steal_pointer (&task));
      return;
    }

  if (pinged)
    open->backend = g_object_ref (v2);

  if (open->tokens == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * tokens_backend_open_async:
 * @org: (nullable): as for tokens_backend_list_async()
 * @prepare: (nullable) (scope async): as for tokens_backend_list_async()
 *
 * Finds out which token API the client's server speaks, and lists its
 * tokens with that API's backend.
 */
void
tokens_backend_open_async (TokensClient             *client,
                           const char               *org,
                           TokensBackendPrepareFunc  prepare,
                           gpointer                  prepare_data,
                           GCancellable             *cancellable,
                           GAsyncReadyCallback       callback,
                           gpointer                  user_data)
{
  TokensProduct product;
  GTask *task;
  Open *open;

  g_return_if_fail (TOKENS_IS_CLIENT (client));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tokens_backend_open_async);
  /* As for a list: what the requests met is what is returned. */
  g_task_set_check_cancellable (task, FALSE);

  open = g_new0 (Open, 1);
  open->client = g_object_ref (client);
  open->org = g_strdup (org);
  open->prepare = prepare;
  open->prepare_data = prepare_data;
  g_task_set_task_data (task, open, open_free);

  product = tokens_client_get_product (client);
  if (tokens_product_get_api (product) != TOKENS_API_V2)
    {
      open->backend = tokens_backend_new_for_product (client, product);
      tokens_backend_list_async (open->backend, org, prepare, prepare_data, cancellable,
                                 on_open_listed, task);
    }
  else
    {
      g_autoptr(TokensBackend) v2 = tokens_backend_v2_new (client);

      tokens_backend_v2_list_pinging_async (v2, org, prepare, prepare_data, cancellable,
                                            on_open_v2_listed, task);
    }
}

/**
 * tokens_backend_open_finish:
 * @tokens: (out) (transfer full) (optional): the tokens, or %NULL when
 *   the list failed
 * @version: (out) (transfer full) (optional): the server's version, when
 *   /ping said it
 *
 * Returns: (transfer full) (nullable): the backend of the server's token
 *   API once it is known, even when the list failed with @error; %NULL
 *   while it is not
 */
TokensBackend *
tokens_backend_open_finish (GAsyncResult  *result,
                            GPtrArray    **tokens,
                            char         **version,
                            GError       **error)
{
  Open *open;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tokens_backend_open_async,
                        NULL);

  open = g_task_get_task_data (G_TASK (result));
  g_task_propagate_boolean (G_TASK (result), error);
  if (tokens != NULL)
    *tokens = g_steal_pointer (&open->tokens);
  if (version != NULL)
    *version = g_steal_pointer (&open->version);

  return g_steal_pointer (&open->backend);
}

/* ---- One request for a whole list, read in a worker thread ------------ */

typedef struct
{
  TokensBackendReadFunc read;
  TokensBackendPrepareFunc prepare;
  gpointer prepare_data;
  TokensProduct product;
  GBytes *body;
} ListRequest;

static void
list_request_free (gpointer data)
{
  ListRequest *list = data;

  g_clear_pointer (&list->body, g_bytes_unref);
  g_free (list);
}

static void
read_list_in_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  ListRequest *list = task_data;
  GError *error = NULL;
  GPtrArray *tokens;

  tokens = list->read (list->body, &error);
  /* The body is not needed any more: give its memory back now. */
  g_clear_pointer (&list->body, g_bytes_unref);
  if (tokens == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Search is prepared here, as for every list, so that the first
   * keystroke does not build it for every token on the main thread. */
  for (guint i = 0; i < tokens->len; i++)
    _tokens_token_prepare_search (g_ptr_array_index (tokens, i));
  if (list->prepare != NULL)
    list->prepare (tokens, TOKENS_BACKEND (source_object), list->product, list->prepare_data);

  g_task_return_pointer (task, tokens, (GDestroyNotify)g_ptr_array_unref);
}

static void
on_list_request_answered (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListRequest *list = g_task_get_task_data (task);
  GError *error = NULL;

  list->body = tokens_client_send_finish (TOKENS_CLIENT (object), result, NULL, &error);
  if (list->body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Which product it is, as the client knows it now: read here, on the
   * main thread, not in the worker. */
  list->product = tokens_client_get_product (TOKENS_CLIENT (object));
  g_task_run_in_thread (task, read_list_in_thread);
}

void
_tokens_backend_list_request (TokensBackend            *backend,
                              TokensClient             *client,
                              TokensApi                 api,
                              const char               *method,
                              const char               *path,
                              GBytes                   *body,
                              TokensBackendReadFunc     read,
                              TokensBackendPrepareFunc  prepare,
                              gpointer                  prepare_data,
                              GCancellable             *cancellable,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data)
{
  ListRequest *list = g_new0 (ListRequest, 1);
  GTask *task;

  task = g_task_new (backend, cancellable, callback, user_data);
  g_task_set_source_tag (task, _tokens_backend_list_request);
  /* As for v2's list: what the request met is what is returned. */
  g_task_set_check_cancellable (task, FALSE);

  list->read = read;
  list->prepare = prepare;
  list->prepare_data = prepare_data;
  g_task_set_task_data (task, list, list_request_free);

  tokens_client_send_async (client, api, method, path, NULL, body, TOKENS_CLIENT_SEND_LIST,
                            cancellable, on_list_request_answered, task);
}

GPtrArray *
_tokens_backend_list_request_finish (TokensBackend  *backend,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == _tokens_backend_list_request, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
