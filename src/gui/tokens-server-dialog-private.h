/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tokens-server-dialog.h"

G_BEGIN_DECLS

/* For the in-process tests: what a person types, clicks and reads. */
void        _tokens_server_dialog_fill          (TokensServerDialog *self,
                                                 const char         *name,
                                                 const char         *url,
                                                 const char         *org,
                                                 const char         *token);
gboolean    _tokens_server_dialog_can_connect   (TokensServerDialog *self);
void        _tokens_server_dialog_connect       (TokensServerDialog *self);
void        _tokens_server_dialog_acknowledge_insecure (TokensServerDialog *self);
const char *_tokens_server_dialog_get_error     (TokensServerDialog *self);
gboolean    _tokens_server_dialog_offers_session (TokensServerDialog *self);
/* 0: found from the address, 1: Cloud Dedicated, 2: Clustered */
void        _tokens_server_dialog_set_kind      (TokensServerDialog *self,
                                                 guint               kind);
void        _tokens_server_dialog_fill_dedicated (TokensServerDialog *self,
                                                  const char         *account,
                                                  const char         *cluster);
const char *_tokens_server_dialog_get_token_title (TokensServerDialog *self);
gboolean    _tokens_server_dialog_shows         (TokensServerDialog *self,
                                                 const char         *field);
char       *_tokens_server_dialog_dedicated_url (const char         *account,
                                                 const char         *cluster);

G_END_DECLS
