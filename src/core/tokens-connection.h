/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "tokens-client.h"

G_BEGIN_DECLS

#define TOKENS_TYPE_CONNECTION (tokens_connection_get_type ())

G_DECLARE_FINAL_TYPE (TokensConnection, tokens_connection, TOKENS, CONNECTION, GObject)

TokensConnection *tokens_connection_new      (const char       *id,
                                              const char       *name,
                                              const char       *url,
                                              const char       *org);
const char       *tokens_connection_get_id   (TokensConnection *self);
const char       *tokens_connection_get_name (TokensConnection *self);
const char       *tokens_connection_get_url  (TokensConnection *self);
const char       *tokens_connection_get_org  (TokensConnection *self);
const char       *tokens_connection_get_product (TokensConnection *self);
void              tokens_connection_set_product (TokensConnection *self,
                                                 const char       *product);
gboolean          tokens_connection_url_is_insecure (const char *url);
TokensClient     *tokens_connection_new_client (TokensConnection *self,
                                                const char       *token,
                                                GError          **error);

G_END_DECLS
