/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TOKENS_TYPE_PACED_MODEL (tokens_paced_model_get_type ())

G_DECLARE_FINAL_TYPE (TokensPacedModel, tokens_paced_model, TOKENS, PACED_MODEL, GObject)

TokensPacedModel *tokens_paced_model_new        (GListModel       *model,
                                                 GtkWidget        *widget);
gboolean          tokens_paced_model_is_pacing  (TokensPacedModel *self);
void              tokens_paced_model_rest       (TokensPacedModel *self);
void              tokens_paced_model_finish     (TokensPacedModel *self);

G_END_DECLS
