/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tokens-connection-store.h"

G_BEGIN_DECLS

#define TOKENS_TYPE_APPLICATION (tokens_application_get_type ())

G_DECLARE_FINAL_TYPE (TokensApplication, tokens_application, TOKENS, APPLICATION, AdwApplication)

TokensApplication *tokens_application_new              (void);
void               tokens_application_use_token_async  (TokensApplication   *self,
                                                        const char          *token,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean           tokens_application_use_token_finish (TokensApplication   *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

TokensConnectionStore *tokens_application_get_store             (TokensApplication *self);
const char            *tokens_application_get_current_server_id (TokensApplication *self);

G_END_DECLS
