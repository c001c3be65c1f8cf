/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tokens-window.h"

G_BEGIN_DECLS

/* For the in-process widget tests: what a person would see. */
const char *_tokens_window_get_visible_page (TokensWindow *self);
GtkWidget  *_tokens_window_get_delete_dialog (TokensWindow *self);
const char *_tokens_window_get_last_toast   (TokensWindow *self);
const char *_tokens_window_get_last_toast_action (TokensWindow *self);
GVariant   *_tokens_window_get_last_toast_target (TokensWindow *self);
GtkWidget  *_tokens_window_get_error_page   (TokensWindow *self);
GListModel *_tokens_window_get_shown_model  (TokensWindow *self);
GtkWidget  *_tokens_window_get_details_pane (TokensWindow *self);
GtkWidget  *_tokens_window_get_search_entry (TokensWindow *self);
void        _tokens_window_set_sort         (TokensWindow *self,
                                             guint         sort);
void        _tokens_window_set_filters      (TokensWindow *self,
                                             guint         status,
                                             const char   *owner,
                                             const char   *org);
const char *_tokens_window_get_subtitle     (TokensWindow *self);
guint       _tokens_window_get_n_selected   (TokensWindow *self);
guint       _tokens_window_get_pending      (TokensWindow *self);
const char *_tokens_window_get_selection_text (TokensWindow *self);
gboolean    _tokens_window_get_spinning (TokensWindow *self);
GtkWidget  *_tokens_window_get_filter_button (TokensWindow *self);
GtkWidget  *_tokens_window_get_primary_menu_button (TokensWindow *self);
GtkWidget  *_tokens_window_get_servers_button (TokensWindow *self);
gboolean    _tokens_window_get_selection_bar_shown (TokensWindow *self);
GtkWidget  *_tokens_window_get_select_button (TokensWindow *self);
const char *_tokens_window_get_title (TokensWindow *self);
GtkWidget  *_tokens_window_get_list_view (TokensWindow *self);
gboolean    _tokens_window_get_folded (TokensWindow *self);

G_END_DECLS
