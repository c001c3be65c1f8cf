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

G_END_DECLS
