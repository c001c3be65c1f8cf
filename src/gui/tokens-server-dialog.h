/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tokens-connection-store.h"
#include "tokens-token-list.h"

G_BEGIN_DECLS

#define TOKENS_TYPE_SERVER_DIALOG (tokens_server_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TokensServerDialog, tokens_server_dialog, TOKENS, SERVER_DIALOG, AdwWindow)

TokensServerDialog *tokens_server_dialog_new (GtkWindow             *parent,
                                              TokensConnectionStore *store,
                                              TokensConnection      *connection);

G_END_DECLS
