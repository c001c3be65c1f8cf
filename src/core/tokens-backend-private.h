/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tokens-backend.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Reads a whole list answer: in a worker thread, asking nothing of the client. */
typedef GPtrArray *(*TokensBackendReadFunc) (GBytes  *body,
                                             GError **error);

/* What the InfluxDB 3 and management backends' lists share: one request
 * for the whole list, its answer read in a worker thread by @read, search
 * prepared there and @prepare called there (tokens_backend_list_async()). */
void       _tokens_backend_list_request        (TokensBackend            *backend,
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
                                                gpointer                  user_data);
GPtrArray *_tokens_backend_list_request_finish (TokensBackend            *backend,
                                                GAsyncResult             *result,
                                                GError                  **error);

/* A token just made, and its value, shown this once: what a create's task
 * carries from the answer to its _finish. */
typedef struct
{
  TokensToken *token;
  char *secret;
} TokensCreated;

TokensCreated *_tokens_created_new   (void);
void           _tokens_created_free  (TokensCreated *created);
TokensToken   *_tokens_created_take  (TokensCreated *created,
                                      char         **secret);

/* A create's JSON body, ended: the builder's root, as bytes. */
GBytes        *_tokens_backend_json_body (JsonBuilder *builder);

G_END_DECLS
