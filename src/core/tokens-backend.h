/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tokens-client.h"
#include "tokens-draft.h"
#include "tokens-lookup.h"
#include "tokens-token.h"

G_BEGIN_DECLS

/**
 * TokensBackendFeatures:
 * @TOKENS_BACKEND_DELETE: tokens can be deleted (or revoked); not on
 *   InfluxDB 3 started without authentication
 * @TOKENS_BACKEND_DEACTIVATE: tokens can be switched off and on again (v2)
 * @TOKENS_BACKEND_DESCRIBE: a token's description can be changed (v2)
 * @TOKENS_BACKEND_OWNERS: tokens belong to organizations and users (v2)
 * @TOKENS_BACKEND_EXPIRY: tokens can expire (InfluxDB 3, management)
 * @TOKENS_BACKEND_REVOKED: revoked tokens are listed (management)
 * @TOKENS_BACKEND_NAMED: a token is known by a name the person gave it,
 *   not by an id (InfluxDB 3)
 * @TOKENS_BACKEND_CREATE_ALL: tokens with all access can be made: a v2
 *   all-access token, an InfluxDB 3 named admin token
 * @TOKENS_BACKEND_CREATE_CUSTOM: tokens limited to chosen buckets,
 *   databases or resources can be made (#TokensGrant)
 * @TOKENS_BACKEND_REGENERATE: the operator token can be given a new value
 *   in place (InfluxDB 3)
 *
 * What a token API can do, so that the window offers only that.
 */
typedef enum
{
  TOKENS_BACKEND_DELETE     = 1 << 0,
  TOKENS_BACKEND_DEACTIVATE = 1 << 1,
  TOKENS_BACKEND_DESCRIBE   = 1 << 2,
  TOKENS_BACKEND_OWNERS     = 1 << 3,
  TOKENS_BACKEND_EXPIRY     = 1 << 4,
  TOKENS_BACKEND_REVOKED    = 1 << 5,
  TOKENS_BACKEND_NAMED      = 1 << 6,
  TOKENS_BACKEND_CREATE_ALL = 1 << 7,
  TOKENS_BACKEND_CREATE_CUSTOM = 1 << 8,
  TOKENS_BACKEND_REGENERATE = 1 << 9,
} TokensBackendFeatures;

#define TOKENS_BACKEND_CREATE (TOKENS_BACKEND_CREATE_ALL | TOKENS_BACKEND_CREATE_CUSTOM)

#define TOKENS_TYPE_BACKEND (tokens_backend_get_type ())
G_DECLARE_INTERFACE (TokensBackend, tokens_backend, TOKENS, BACKEND, GObject)

/**
 * TokensBackendPrepareFunc:
 * @tokens: (element-type TokensToken): the tokens just listed, which
 *   nothing else holds yet
 * @backend: the backend that listed them
 * @product: which product the server is, as far as the backend knows
 * @user_data: the data passed with the function
 *
 * What the caller of a list does with it off the main thread, before it is
 * returned: sorting or indexing it, and telling its own token
 * (tokens_backend_is_own_token() may be called there).
 */
typedef void (*TokensBackendPrepareFunc) (GPtrArray     *tokens,
                                          TokensBackend *backend,
                                          TokensProduct  product,
                                          gpointer       user_data);

/**
 * TokensBackendInterface:
 * @get_client: the client it sends its requests with
 * @get_features: what this API can do
 * @list_async: lists every token the client may read, runs @prepare on
 *   them off the main thread, and returns them
 * @delete_async: deletes (revokes) one token: done only when the server
 *   confirmed it; %TOKENS_CLIENT_ERROR_NOT_FOUND only when the server said,
 *   in its own words, that it is not there
 * @update_async: (nullable): changes a token's status or description, for
 *   an API with %TOKENS_BACKEND_DEACTIVATE or %TOKENS_BACKEND_DESCRIBE
 * @is_own_token: whether a listed token is the one the client signs in
 *   with; called from the list's worker thread, so it only reads
 * @find_own_async: (nullable): asks the server which token is the
 *   client's, where the list cannot tell (Cloud)
 * @list_grants_async: (nullable): what a custom token could be given
 *   access to (buckets and resource types, databases), each granting
 *   nothing yet
 * @draft_from_token: (nullable): a draft that would make a token with the
 *   same access as @token: what a clone and a replacement start from
 * @create_async: (nullable): makes a token from a draft; done only when
 *   the server made it, with the one time the server shows its value
 * @regenerate_async: (nullable): gives the operator token a new value
 * @find_secret_async: (nullable): which of @tokens (the ones just listed)
 *   a token string is, the way the product allows: a #TokensLookup; the
 *   string goes to this server or nowhere. Without it, the product cannot
 *   tell.
 *
 * One token API. The token list talks to a backend, never to the client:
 * a product is added by adding a backend.
 */
struct _TokensBackendInterface
{
  GTypeInterface parent_iface;

  TokensClient         *(*get_client)     (TokensBackend           *self);
  TokensBackendFeatures (*get_features)   (TokensBackend           *self);
  void                  (*list_async)     (TokensBackend           *self,
                                           const char              *org,
                                           TokensBackendPrepareFunc prepare,
                                           gpointer                 prepare_data,
                                           GCancellable            *cancellable,
                                           GAsyncReadyCallback      callback,
                                           gpointer                 user_data);
  GPtrArray            *(*list_finish)    (TokensBackend           *self,
                                           GAsyncResult            *result,
                                           GError                 **error);
  void                  (*delete_async)   (TokensBackend           *self,
                                           TokensToken             *token,
                                           GCancellable            *cancellable,
                                           GAsyncReadyCallback      callback,
                                           gpointer                 user_data);
  gboolean              (*delete_finish)  (TokensBackend           *self,
                                           GAsyncResult            *result,
                                           GError                 **error);
  void                  (*update_async)   (TokensBackend           *self,
                                           TokensToken             *token,
                                           int                      active,
                                           const char              *description,
                                           GCancellable            *cancellable,
                                           GAsyncReadyCallback      callback,
                                           gpointer                 user_data);
  TokensToken          *(*update_finish)  (TokensBackend           *self,
                                           GAsyncResult            *result,
                                           GError                 **error);
  gboolean              (*is_own_token)   (TokensBackend           *self,
                                           TokensToken             *token);
  void                  (*find_own_async) (TokensBackend           *self,
                                           GCancellable            *cancellable,
                                           GAsyncReadyCallback      callback,
                                           gpointer                 user_data);
  char                 *(*find_own_finish) (TokensBackend          *self,
                                           GAsyncResult            *result,
                                           GError                 **error);
  void                  (*list_grants_async) (TokensBackend        *self,
                                           const char              *org_id,
                                           GCancellable            *cancellable,
                                           GAsyncReadyCallback      callback,
                                           gpointer                 user_data);
  GPtrArray            *(*list_grants_finish) (TokensBackend       *self,
                                           GAsyncResult            *result,
                                           GError                 **error);
  TokensDraft          *(*draft_from_token) (TokensBackend         *self,
                                           TokensToken             *token);
  void                  (*create_async)   (TokensBackend           *self,
                                           const TokensDraft       *draft,
                                           GCancellable            *cancellable,
                                           GAsyncReadyCallback      callback,
                                           gpointer                 user_data);
  TokensToken          *(*create_finish)  (TokensBackend           *self,
                                           GAsyncResult            *result,
                                           char                   **secret,
                                           GError                 **error);
  void                  (*regenerate_async) (TokensBackend         *self,
                                           TokensToken             *token,
                                           GCancellable            *cancellable,
                                           GAsyncReadyCallback      callback,
                                           gpointer                 user_data);
  char                 *(*regenerate_finish) (TokensBackend        *self,
                                           GAsyncResult            *result,
                                           GError                 **error);
  void                  (*find_secret_async) (TokensBackend        *self,
                                           const char              *secret,
                                           GPtrArray               *tokens,
                                           GCancellable            *cancellable,
                                           GAsyncReadyCallback      callback,
                                           gpointer                 user_data);
  TokensLookup         *(*find_secret_finish) (TokensBackend       *self,
                                           GAsyncResult            *result,
                                           GError                 **error);
};

TokensBackend         *tokens_backend_new_for_product (TokensClient            *client,
                                                       TokensProduct            product);
TokensClient          *tokens_backend_get_client      (TokensBackend           *self);
TokensBackendFeatures  tokens_backend_get_features    (TokensBackend           *self);
void                   tokens_backend_list_async      (TokensBackend           *self,
                                                       const char              *org,
                                                       TokensBackendPrepareFunc prepare,
                                                       gpointer                 prepare_data,
                                                       GCancellable            *cancellable,
                                                       GAsyncReadyCallback      callback,
                                                       gpointer                 user_data);
GPtrArray             *tokens_backend_list_finish     (TokensBackend           *self,
                                                       GAsyncResult            *result,
                                                       GError                 **error);
void                   tokens_backend_delete_async    (TokensBackend           *self,
                                                       TokensToken             *token,
                                                       GCancellable            *cancellable,
                                                       GAsyncReadyCallback      callback,
                                                       gpointer                 user_data);
gboolean               tokens_backend_delete_finish   (TokensBackend           *self,
                                                       GAsyncResult            *result,
                                                       GError                 **error);
void                   tokens_backend_update_async    (TokensBackend           *self,
                                                       TokensToken             *token,
                                                       int                      active,
                                                       const char              *description,
                                                       GCancellable            *cancellable,
                                                       GAsyncReadyCallback      callback,
                                                       gpointer                 user_data);
TokensToken           *tokens_backend_update_finish   (TokensBackend           *self,
                                                       GAsyncResult            *result,
                                                       GError                 **error);
gboolean               tokens_backend_is_own_token    (TokensBackend           *self,
                                                       TokensToken             *token);
void                   tokens_backend_find_own_async  (TokensBackend           *self,
                                                       GCancellable            *cancellable,
                                                       GAsyncReadyCallback      callback,
                                                       gpointer                 user_data);
char                  *tokens_backend_find_own_finish (TokensBackend           *self,
                                                       GAsyncResult            *result,
                                                       GError                 **error);

void                   tokens_backend_list_grants_async  (TokensBackend       *self,
                                                          const char          *org_id,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
GPtrArray             *tokens_backend_list_grants_finish (TokensBackend       *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
TokensDraft           *tokens_backend_draft_from_token   (TokensBackend       *self,
                                                          TokensToken         *token);
void                   tokens_backend_create_async       (TokensBackend       *self,
                                                          const TokensDraft   *draft,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
TokensToken           *tokens_backend_create_finish      (TokensBackend       *self,
                                                          GAsyncResult        *result,
                                                          char               **secret,
                                                          GError             **error);
void                   tokens_backend_regenerate_async   (TokensBackend       *self,
                                                          TokensToken         *token,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
char                  *tokens_backend_regenerate_finish  (TokensBackend       *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void                   tokens_backend_find_secret_async  (TokensBackend       *self,
                                                          const char          *secret,
                                                          GPtrArray           *tokens,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
TokensLookup          *tokens_backend_find_secret_finish (TokensBackend       *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

void                   tokens_backend_open_async      (TokensClient            *client,
                                                       const char              *org,
                                                       TokensBackendPrepareFunc prepare,
                                                       gpointer                 prepare_data,
                                                       GCancellable            *cancellable,
                                                       GAsyncReadyCallback      callback,
                                                       gpointer                 user_data);
TokensBackend         *tokens_backend_open_finish     (GAsyncResult            *result,
                                                       GPtrArray              **tokens,
                                                       char                   **version,
                                                       GError                 **error);

G_END_DECLS
