/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TOKENS_TYPE_FILTER_MODEL (tokens_filter_model_get_type ())

G_DECLARE_FINAL_TYPE (TokensFilterModel, tokens_filter_model, TOKENS, FILTER_MODEL, GObject)

/**
 * TokensFilterModelFunc:
 * @item: an item of the model being filtered
 * @user_data: what was given with the function
 *
 * Returns: whether @item is shown
 */
typedef gboolean (*TokensFilterModelFunc) (gpointer item,
                                           gpointer user_data);

TokensFilterModel *tokens_filter_model_new       (GListModel            *model);
GListModel        *tokens_filter_model_get_model (TokensFilterModel     *self);
void               tokens_filter_model_set_model (TokensFilterModel     *self,
                                                  GListModel            *model);
void               tokens_filter_model_set_func  (TokensFilterModel     *self,
                                                  TokensFilterModelFunc  func,
                                                  gpointer               user_data);
void               tokens_filter_model_refilter  (TokensFilterModel     *self,
                                                  gboolean               more_strict);

G_END_DECLS
