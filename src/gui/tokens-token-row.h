/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tokens-backend.h"
#include "tokens-token.h"

G_BEGIN_DECLS

#define TOKENS_TYPE_TOKEN_ROW (tokens_token_row_get_type ())

G_DECLARE_FINAL_TYPE (TokensTokenRow, tokens_token_row, TOKENS, TOKEN_ROW, GtkWidget)

GtkWidget           *tokens_token_row_new               (void);
TokensToken *tokens_token_row_get_authorization (TokensTokenRow *self);
void                 tokens_token_row_set_authorization (TokensTokenRow *self,
                                                                 TokensToken    *authorization);
GtkWidget           *tokens_token_row_get_delete_button (TokensTokenRow *self);
const char          *tokens_token_row_get_meta         (TokensTokenRow *self);
const char          *tokens_token_row_get_title        (TokensTokenRow *self);
void                 tokens_token_row_set_selection_mode (TokensTokenRow *self,
                                                                  gboolean                selection_mode);
void                 tokens_token_row_set_checked      (TokensTokenRow *self,
                                                                 gboolean                checked);
void                 tokens_token_row_set_features     (TokensTokenRow        *self,
                                                        TokensBackendFeatures  features);
void                 tokens_token_row_popup_menu       (TokensTokenRow *self,
                                                        double          x,
                                                        double          y);
GtkWidget           *tokens_token_row_get_check        (TokensTokenRow *self);
void                 tokens_token_row_set_review       (TokensTokenRow *self,
                                                        const char     *reasons);
const char          *tokens_token_row_get_review       (TokensTokenRow *self);

G_END_DECLS
