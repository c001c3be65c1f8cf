/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tokens-details-pane.h"

G_BEGIN_DECLS

guint      _tokens_details_pane_get_n_permission_rows (TokensDetailsPane *self);
GtkWidget *_tokens_details_pane_get_more_row          (TokensDetailsPane *self);
GtkWidget *_tokens_details_pane_get_active_switch     (TokensDetailsPane *self);
GtkWidget *_tokens_details_pane_get_description_row   (TokensDetailsPane *self);
GtkWidget *_tokens_details_pane_get_edit_button       (TokensDetailsPane *self);
GtkWidget *_tokens_details_pane_get_remove_dialog     (TokensDetailsPane *self);

gboolean    _tokens_details_pane_shows                (TokensDetailsPane *self,
                                                       const char        *which);
const char *_tokens_details_pane_get_subtitle         (TokensDetailsPane *self,
                                                       const char        *which);
GtkWidget  *_tokens_details_pane_get_delete_button    (TokensDetailsPane *self);

G_END_DECLS
