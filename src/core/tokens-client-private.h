/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tokens-client.h"

G_BEGIN_DECLS

typedef struct
{
  gsize max_body;          /* every answer but the list, decompressed */
  gsize max_list_body;     /* the list of tokens, decompressed */
  guint deadline_ms;       /* one attempt, from sending to the last byte */
  guint list_deadline_ms;
} TokensClientLimits;

void          _tokens_client_set_limits    (TokensClient             *self,
                                            const TokensClientLimits *limits);
void          _tokens_client_get_limits    (TokensClient             *self,
                                            TokensClientLimits       *limits);

TokensClient *tokens_client_dup_for_thread (TokensClient  *self);
void          tokens_client_set_product    (TokensClient  *self,
                                            TokensProduct  product);

G_END_DECLS
