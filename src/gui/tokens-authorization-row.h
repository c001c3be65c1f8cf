/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tokens-authorization.h"

G_BEGIN_DECLS

#define TOKENS_TYPE_AUTHORIZATION_ROW (tokens_authorization_row_get_type ())

G_DECLARE_FINAL_TYPE (TokensAuthorizationRow, tokens_authorization_row, TOKENS, AUTHORIZATION_ROW, GtkWidget)

GtkWidget           *tokens_authorization_row_new               (void);
TokensAuthorization *tokens_authorization_row_get_authorization (TokensAuthorizationRow *self);
void                 tokens_authorization_row_set_authorization (TokensAuthorizationRow *self,
                                                                 TokensAuthorization    *authorization);
GtkWidget           *tokens_authorization_row_get_delete_button (TokensAuthorizationRow *self);
const char          *tokens_authorization_row_get_title        (TokensAuthorizationRow *self);
void                 tokens_authorization_row_set_selection_mode (TokensAuthorizationRow *self,
                                                                  gboolean                selection_mode);
void                 tokens_authorization_row_set_checked      (TokensAuthorizationRow *self,
                                                                 gboolean                checked);
GtkWidget           *tokens_authorization_row_get_check        (TokensAuthorizationRow *self);

G_END_DECLS
