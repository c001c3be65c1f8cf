/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tokens-client.h"

G_BEGIN_DECLS

TokensClient *tokens_client_dup_for_thread (TokensClient  *self);
void          tokens_client_set_product    (TokensClient  *self,
                                            TokensProduct  product);

G_END_DECLS
