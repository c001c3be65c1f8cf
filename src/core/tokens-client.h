/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "tokens-token.h"
#include "tokens-client-error.h"

G_BEGIN_DECLS

/**
 * TokensProduct:
 * @TOKENS_PRODUCT_INFLUXDB3: InfluxDB 3 whose edition is not known (it
 *   refused the token /ping was asked with)
 * @TOKENS_PRODUCT_CLOUD3: InfluxDB 3 Cloud, Enterprise run by InfluxData
 *
 * Which InfluxDB a server is: what /ping, and the address, said.
 */
typedef enum
{
  TOKENS_PRODUCT_UNKNOWN,
  TOKENS_PRODUCT_OSS,
  TOKENS_PRODUCT_CLOUD,
  TOKENS_PRODUCT_CORE,
  TOKENS_PRODUCT_ENTERPRISE,
  TOKENS_PRODUCT_INFLUXDB3,
  TOKENS_PRODUCT_CLOUD3,
  TOKENS_PRODUCT_DEDICATED,
  TOKENS_PRODUCT_CLUSTERED,
} TokensProduct;

/**
 * TokensApi:
 * @TOKENS_API_V2: /api/v2/authorizations: OSS 2.x, Cloud, Cloud Serverless
 * @TOKENS_API_V3: /api/v3/configure/token and system.tokens: InfluxDB 3
 *   Core, Enterprise and InfluxDB 3 Cloud
 * @TOKENS_API_MANAGEMENT: the management API's /tokens: Cloud Dedicated
 *   and Clustered
 *
 * The token APIs, one backend each (tokens-backend.h).
 */
typedef enum
{
  TOKENS_API_V2,
  TOKENS_API_V3,
  TOKENS_API_MANAGEMENT,
} TokensApi;

TokensApi tokens_product_get_api (TokensProduct product);

/**
 * TokensClientSendFlags:
 * @TOKENS_CLIENT_SEND_LIST: the answer is a list of tokens: the larger
 *   limit and the longer deadline of a list apply
 * @TOKENS_CLIENT_SEND_NO_TOKEN: send no Authorization header
 */
typedef enum
{
  TOKENS_CLIENT_SEND_NONE = 0,
  TOKENS_CLIENT_SEND_LIST = 1 << 0,
  TOKENS_CLIENT_SEND_NO_TOKEN = 1 << 1,
} TokensClientSendFlags;

/**
 * TokensListFilter:
 *
 * The server-side filters of the list endpoint. Ids win over names when
 * both are given, as on the server.
 */
typedef struct
{
  const char *user_id;
  const char *user;
  const char *org_id;
  const char *org;
  gboolean own_token;  /* Cloud: only the token this client signs in with */
  const char *token;   /* Cloud: only the token with this value (tokens_client_list_async() only) */
} TokensListFilter;

/**
 * TokensClientListFlags:
 * @TOKENS_CLIENT_LIST_NONE: only list
 * @TOKENS_CLIENT_LIST_PING: ask /ping which product the server is at the
 *   same time, and list in a worker thread of the client's own
 */
typedef enum
{
  TOKENS_CLIENT_LIST_NONE = 0,
  TOKENS_CLIENT_LIST_PING = 1 << 0,
} TokensClientListFlags;

/**
 * TokensClientPrepareFunc:
 * @authorizations: (element-type TokensToken): the tokens just
 *   listed, which nothing else holds yet
 * @product: which product the server is, as far as the client knows
 * @user_data: the data passed with the function
 *
 * What a caller of tokens_client_list_all_async() does with a new list off
 * the main thread, before it is returned: sorting or indexing it.
 */
typedef void (*TokensClientPrepareFunc) (GPtrArray     *authorizations,
                                         TokensProduct  product,
                                         gpointer       user_data);

#define TOKENS_TYPE_CLIENT (tokens_client_get_type ())

G_DECLARE_FINAL_TYPE (TokensClient, tokens_client, TOKENS, CLIENT, GObject)

TokensClient        *tokens_client_new                  (const char              *base_url,
                                                         const char              *token,
                                                         SoupSession             *session,
                                                         GError                 **error);
const char          *tokens_client_get_base_url         (TokensClient            *self);
SoupSession         *tokens_client_get_session          (TokensClient            *self);
TokensClient        *tokens_client_dup_with_token       (TokensClient            *self,
                                                         const char              *token);
gboolean             tokens_client_is_own_token         (TokensClient            *self,
                                                         TokensToken     *authorization);
guint                tokens_client_get_max_retry_wait   (TokensClient            *self);
TokensProduct        tokens_client_get_product          (TokensClient            *self);
void                 tokens_client_set_product          (TokensClient            *self,
                                                         TokensProduct            product);
gboolean             tokens_client_get_without_auth     (TokensClient            *self);
const char          *tokens_client_get_token            (TokensClient            *self);
void                 tokens_client_send_async           (TokensClient            *self,
                                                         TokensApi                api,
                                                         const char              *method,
                                                         const char              *path,
                                                         const char              *query,
                                                         GBytes                  *json_body,
                                                         TokensClientSendFlags    flags,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
GBytes              *tokens_client_send_finish          (TokensClient            *self,
                                                         GAsyncResult            *result,
                                                         guint                   *status,
                                                         GError                 **error);
void                 tokens_client_set_max_retry_wait   (TokensClient            *self,
                                                         guint                    seconds);

void                 tokens_client_ping_async           (TokensClient            *self,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
TokensProduct        tokens_client_ping_finish          (TokensClient            *self,
                                                         GAsyncResult            *result,
                                                         char                   **version,
                                                         GError                 **error);
void                 tokens_client_list_async           (TokensClient            *self,
                                                         const TokensListFilter  *filter,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
GPtrArray           *tokens_client_list_finish          (TokensClient            *self,
                                                         GAsyncResult            *result,
                                                         GError                 **error);
void                 tokens_client_list_all_async       (TokensClient            *self,
                                                         const TokensListFilter  *filter,
                                                         TokensClientListFlags    flags,
                                                         TokensClientPrepareFunc  prepare,
                                                         gpointer                 prepare_data,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
GPtrArray           *tokens_client_list_all_finish      (TokensClient            *self,
                                                         GAsyncResult            *result,
                                                         gboolean                *pinged,
                                                         char                   **version,
                                                         GError                 **error);
void                 tokens_client_get_async            (TokensClient            *self,
                                                         const char              *id,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
TokensToken *tokens_client_get_finish           (TokensClient            *self,
                                                         GAsyncResult            *result,
                                                         GError                 **error);
void                 tokens_client_update_async         (TokensClient            *self,
                                                         const char              *id,
                                                         int                      active,
                                                         const char              *description,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
TokensToken *tokens_client_update_finish        (TokensClient            *self,
                                                         GAsyncResult            *result,
                                                         GError                 **error);
void                 tokens_client_delete_async         (TokensClient            *self,
                                                         const char              *id,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
gboolean             tokens_client_delete_finish        (TokensClient            *self,
                                                         GAsyncResult            *result,
                                                         GError                 **error);

G_END_DECLS
