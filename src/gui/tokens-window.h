/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tokens-token-list.h"

G_BEGIN_DECLS

#define TOKENS_TYPE_WINDOW (tokens_window_get_type ())

G_DECLARE_FINAL_TYPE (TokensWindow, tokens_window, TOKENS, WINDOW, AdwApplicationWindow)

TokensWindow    *tokens_window_new            (GtkApplication  *application);
void             tokens_window_set_token_list (TokensWindow    *self,
                                               TokensTokenList *token_list,
                                               const char      *server_name);
TokensTokenList *tokens_window_get_token_list (TokensWindow    *self);
const char      *tokens_window_get_server_name (TokensWindow   *self);
void             tokens_window_show_secret_problem (TokensWindow *self,
                                                    const char   *server_name,
                                                    const char   *url,
                                                    const GError *error);
void             tokens_window_set_servers_menu (TokensWindow   *self,
                                                 GMenuModel     *menu);
void             tokens_window_show_token     (TokensWindow    *self,
                                               const char      *id);
void             tokens_window_show_toast     (TokensWindow    *self,
                                               const char      *text);

G_END_DECLS
