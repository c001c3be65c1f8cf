/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tokens-connection-store.h"
#include "tokens-window.h"

G_BEGIN_DECLS

#define TOKENS_TYPE_FIND_DIALOG (tokens_find_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TokensFindDialog, tokens_find_dialog, TOKENS, FIND_DIALOG, AdwWindow)

GtkWidget *tokens_find_dialog_new (TokensWindow          *window,
                                   TokensConnectionStore *store,
                                   const char            *current_id);

G_END_DECLS
