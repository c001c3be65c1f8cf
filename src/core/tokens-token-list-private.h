/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tokens-token-list.h"

G_BEGIN_DECLS

guint _tokens_token_list_get_n_live_operations (TokensTokenList *self);
guint _tokens_token_list_get_n_merge_slices    (TokensTokenList *self);
void  _tokens_token_list_set_merge_slice_us    (TokensTokenList *self,
                                                guint            us);

G_END_DECLS
