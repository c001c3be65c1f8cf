/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tokens-connection.h"

G_BEGIN_DECLS

#define TOKENS_TYPE_CONNECTION_STORE (tokens_connection_store_get_type ())

G_DECLARE_FINAL_TYPE (TokensConnectionStore, tokens_connection_store, TOKENS, CONNECTION_STORE, GObject)

TokensConnectionStore *tokens_connection_store_new         (GSettings             *settings);
TokensConnection      *tokens_connection_store_lookup      (TokensConnectionStore *self,
                                                            const char            *id);
TokensConnection      *tokens_connection_store_add         (TokensConnectionStore *self,
                                                            const char            *id,
                                                            const char            *name,
                                                            const char            *url,
                                                            const char            *org);
TokensConnection      *tokens_connection_store_update      (TokensConnectionStore *self,
                                                            const char            *id,
                                                            const char            *name,
                                                            const char            *url,
                                                            const char            *org);
void                   tokens_connection_store_set_product (TokensConnectionStore *self,
                                                            const char            *id,
                                                            const char            *product);
void                   tokens_connection_store_remove      (TokensConnectionStore *self,
                                                            const char            *id);
TokensConnection      *tokens_connection_store_get_last    (TokensConnectionStore *self);
void                   tokens_connection_store_set_last    (TokensConnectionStore *self,
                                                            const char            *id);

G_END_DECLS
