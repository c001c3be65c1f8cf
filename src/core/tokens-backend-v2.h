/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tokens-backend.h"

G_BEGIN_DECLS

#define TOKENS_TYPE_BACKEND_V2 (tokens_backend_v2_get_type ())
G_DECLARE_FINAL_TYPE (TokensBackendV2, tokens_backend_v2, TOKENS, BACKEND_V2, GObject)

TokensBackend *tokens_backend_v2_new                  (TokensClient             *client);
void           tokens_backend_v2_list_pinging_async   (TokensBackend            *self,
                                                       const char               *org,
                                                       TokensBackendPrepareFunc  prepare,
                                                       gpointer                  prepare_data,
                                                       GCancellable             *cancellable,
                                                       GAsyncReadyCallback       callback,
                                                       gpointer                  user_data);
GPtrArray     *tokens_backend_v2_list_pinging_finish  (TokensBackend            *self,
                                                       GAsyncResult             *result,
                                                       gboolean                 *pinged,
                                                       char                    **version,
                                                       GError                  **error);

G_END_DECLS
