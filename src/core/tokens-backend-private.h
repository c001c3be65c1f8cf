/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tokens-backend.h"

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

G_END_DECLS
