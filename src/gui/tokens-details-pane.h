/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tokens-backend.h"
#include "tokens-token.h"

G_BEGIN_DECLS

#define TOKENS_TYPE_DETAILS_PANE (tokens_details_pane_get_type ())

G_DECLARE_FINAL_TYPE (TokensDetailsPane, tokens_details_pane, TOKENS, DETAILS_PANE, GtkWidget)

TokensToken *tokens_details_pane_get_authorization (TokensDetailsPane   *self);
void                 tokens_details_pane_set_authorization (TokensDetailsPane   *self,
                                                            TokensToken *authorization);
void                 tokens_details_pane_set_features      (TokensDetailsPane     *self,
                                                            TokensBackendFeatures  features);
void                 tokens_details_pane_sync              (TokensDetailsPane   *self);

G_END_DECLS
