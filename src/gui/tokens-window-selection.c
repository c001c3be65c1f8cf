/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-window"

#include "config.h"

#include "tokens-window-private.h"
#include "tokens-token-row.h"
#include "tokens-format.h"

#include <glib/gi18n.h>

/*
 * What is selected, and what the window shows for it: the details of one
 * token, a count of many, selection mode and its bar of batch actions, and
 * the header bars as the leaflet folds.
 */

guint
_tokens_window_n_selected (TokensWindow *self)
{
  g_autoptr(GtkBitset) set = NULL;

  if (self->selection == NULL)
    return 0;
  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  return (guint)MIN (gtk_bitset_get_size (set), G_MAXUINT);
}

/* The selected tokens, in the order the list shows them. */
GPtrArray *
_tokens_window_selected_authorizations (TokensWindow *self)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) set = NULL;
  GtkBitsetIter iter;
  guint position;

  if (self->selection == NULL)
    return result;

  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_iter_init_first (&iter, set, &position))
    do
      g_ptr_array_add (result, g_list_model_get_item (G_LIST_MODEL (self->selection), position));
    while (gtk_bitset_iter_next (&iter, &position));

  return result;
}

/* The one token the details pane is about: only when exactly one is selected. */
static TokensToken *
selected_authorization (TokensWindow *self)
{
  g_autoptr(GtkBitset) set = NULL;
  g_autoptr(TokensToken) item = NULL;

  if (self->selection == NULL)
    return NULL;
  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_get_size (set) != 1)
    return NULL;
  item = g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_nth (set, 0));
  /* Borrowed: the list keeps it alive. */
  return item;
}

/*
 * The details of one token are made the first time one is selected, not
 * with the window: its template is a fifth of the window's, and nothing
 * needs it on the way to the first frame of tokens.
 */
void
_tokens_window_ensure_details_pane (TokensWindow *self)
{
  if (self->details_pane != NULL)
    return;
  self->details_pane = g_object_new (TOKENS_TYPE_DETAILS_PANE, NULL);
  tokens_details_pane_set_features (self->details_pane, self->features);
  gtk_stack_add_named (self->details_stack, GTK_WIDGET (self->details_pane), "details");
}

static void
set_details_title (TokensWindow *self,
                   const char   *title,
                   const char   *subtitle)
{
  gtk_label_set_text (self->details_title, title);
  gtk_label_set_text (self->details_subtitle, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->details_subtitle), subtitle != NULL && subtitle[0] != '\0');
}

void
_tokens_window_update_details (TokensWindow *self)
{
  TokensToken *a = selected_authorization (self);

  guint n = _tokens_window_n_selected (self);

  if (a != NULL)
    _tokens_window_ensure_details_pane (self);
  if (self->details_pane != NULL)
    tokens_details_pane_set_authorization (self->details_pane, a);
  if (a == NULL && n > 1)
    {
      g_autofree char *count = tokens_format_count (n);
      g_autofree char *title = g_strdup_printf (ngettext ("%s Token Selected", "%s Tokens Selected", n),
                                                count);

      adw_status_page_set_title (self->many_page, title);
      set_details_title (self, title, NULL);
      gtk_stack_set_visible_child_name (self->details_stack, "many");
    }
  else if (a == NULL)
    {
      set_details_title (self, _("Token"), NULL);
      gtk_stack_set_visible_child_name (self->details_stack, "none");
      if (adw_leaflet_get_folded (self->leaflet))
        adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
    }
  else
    {
      set_details_title (self, tokens_token_get_display_name (a), tokens_token_get_summary (a));
      gtk_stack_set_visible_child_name (self->details_stack, "details");
    }
}

void
_tokens_window_update_selection_bar (TokensWindow *self)
{
  guint n = _tokens_window_n_selected (self);
  guint n_active = 0;
  guint n_inactive = 0;
  gboolean running = self->bulk_cancellable != NULL;
  gboolean can_deactivate = (self->features & TOKENS_BACKEND_DEACTIVATE) != 0;
  gboolean can_delete = (self->features & TOKENS_BACKEND_DELETE) != 0;
  gboolean revokes = (self->features & TOKENS_BACKEND_REVOKED) != 0;
  g_autofree char *text = NULL;
  g_autofree char *done = tokens_format_count (MIN (self->bulk_done + 1, self->bulk_total));
  g_autofree char *total = tokens_format_count (self->bulk_total);
  g_autofree char *count = tokens_format_count (n);

  if (n > 0 && !running)
    {
      g_autoptr(GPtrArray) selected = _tokens_window_selected_authorizations (self);

      for (guint i = 0; i < selected->len; i++)
        {
          if (tokens_token_get_active (g_ptr_array_index (selected, i)))
            n_active++;
          else
            n_inactive++;
        }
    }

  gtk_revealer_set_reveal_child (self->selection_revealer, self->selection_mode || n > 1 || running);
  if (running && self->bulk_stopping)
    /* Translators: a batch was stopped; requests already sent are still answered */
    text = g_strdup (_("Stopping: waiting for the server’s last answers…"));
  else if (running && self->bulk_kind == BULK_DEACTIVATE)
    /* Translators: progress of a batch, e.g. "Deactivating 120 of 1,000…" */
    text = g_strdup_printf (_("Deactivating %s of %s…"), done, total);
  else if (running && self->bulk_kind == BULK_ACTIVATE)
    /* Translators: progress of a batch, e.g. "Activating 120 of 1,000…" */
    text = g_strdup_printf (_("Activating %s of %s…"), done, total);
  else if (running && revokes)
    /* Translators: progress of a batch, e.g. "Revoking 120 of 1,000…" */
    text = g_strdup_printf (_("Revoking %s of %s…"), done, total);
  else if (running)
    /* Translators: progress of a batch, e.g. "Deleting 120 of 1,000…" */
    text = g_strdup_printf (_("Deleting %s of %s…"), done, total);
  else
    text = g_strdup_printf (ngettext ("%s selected", "%s selected", n), count);
  gtk_label_set_text (self->selection_label, text);
  /* The buttons say what they will act on, count and all; the label would
   * only repeat it, in space a narrow window does not have. */
  gtk_widget_set_visible (GTK_WIDGET (self->selection_label), running || n == 0);

  if (n > 0)
    {
      g_autofree char *active_count = tokens_format_count (n_active);
      g_autofree char *inactive_count = tokens_format_count (n_inactive);
      /* Translators: a button acting on the selected inactive tokens */
      g_autofree char *activate = g_strdup_printf (ngettext ("_Activate %s Token", "_Activate %s Tokens",
                                                             n_inactive), inactive_count);
      /* Translators: a button acting on the selected active tokens; it asks first */
      g_autofree char *deactivate = g_strdup_printf (ngettext ("De_activate %s Token…",
                                                               "De_activate %s Tokens…", n_active),
                                                     active_count);
      /* Translators: a button acting on the selected tokens; it asks first */
      g_autofree char *delete = revokes ? g_strdup_printf (ngettext ("_Revoke %s Token…",
                                                                     "_Revoke %s Tokens…", n), count)
                                        : g_strdup_printf (ngettext ("_Delete %s Token…",
                                                                     "_Delete %s Tokens…", n), count);

      GtkButton *buttons[] = { self->activate_selection_button, self->deactivate_selection_button,
                               self->delete_selection_button };
      const char *counted[] = { activate, deactivate, delete };
      /* At phone width three counted labels do not fit: the title counts
       * instead ("4 Selected"), and the buttons keep the count for screen
       * readers. */
      const char *plain[] = { _("_Activate"), _("De_activate…"), revokes ? _("_Revoke…") : _("_Delete…") };
      gboolean folded = adw_leaflet_get_folded (self->leaflet);

      for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
        {
          g_autofree char *spoken = NULL;
          GString *without = g_string_new (NULL);

          gtk_button_set_label (buttons[i], folded ? plain[i] : counted[i]);
          for (const char *p = counted[i]; *p != '\0'; p++)
            if (*p != '_')
              g_string_append_c (without, *p);
          spoken = g_string_free (without, FALSE);
          gtk_accessible_update_property (GTK_ACCESSIBLE (buttons[i]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          spoken, -1);
        }
    }
  else
    {
      gtk_button_set_label (self->deactivate_selection_button, _("De_activate…"));
      gtk_button_set_label (self->delete_selection_button, revokes ? _("_Revoke…") : _("_Delete…"));
    }
  /* Only what the selection holds: Activate for inactive ones, Deactivate
   * for active ones. */
  gtk_widget_set_visible (GTK_WIDGET (self->activate_selection_button),
                          can_deactivate && n_inactive > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->deactivate_selection_button),
                          can_deactivate && (n == 0 || n_active > 0));
  gtk_widget_set_visible (GTK_WIDGET (self->delete_selection_button), can_delete);
  gtk_stack_set_visible_child_name (self->selection_stack, running ? "progress" : "actions");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-selection",
                                 can_delete && n > 0 && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.deactivate-selection",
                                 can_deactivate && n_active > 0 && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.activate-selection",
                                 can_deactivate && n_inactive > 0 && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-bulk", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.leave-selection",
                                 (self->selection_mode || n > 1) && !running);
}

/* What the server's API can do changed: the bar offers only that. */
void
_tokens_window_selection_set_features (TokensWindow *self)
{
  _tokens_window_update_selection_bar (self);
}

void
_tokens_window_on_selection_changed (TokensWindow *self)
{
  _tokens_window_update_details (self);
  _tokens_window_update_selection_bar (self);
  _tokens_window_update_subtitle (self);
}

/* The rows the list view has made, on screen or just off it. */
static void
set_rows_selection_mode (GtkWidget *widget,
                         gboolean   mode)
{
  if (TOKENS_IS_TOKEN_ROW (widget))
    {
      GtkListItem *item = g_object_get_data (G_OBJECT (widget), "tokens-list-item");

      tokens_token_row_set_selection_mode (TOKENS_TOKEN_ROW (widget), mode);
      if (item != NULL)
        tokens_token_row_set_checked (TOKENS_TOKEN_ROW (widget),
                                              gtk_list_item_get_selected (item));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    set_rows_selection_mode (child, mode);
}

void
_tokens_window_set_selection_mode (TokensWindow *self,
                                   gboolean      mode)
{
  gboolean changed = self->selection_mode != mode;

  self->selection_mode = mode;
  if (gtk_toggle_button_get_active (self->select_button) != mode)
    gtk_toggle_button_set_active (self->select_button, mode);
  if (changed)
    {
      set_rows_selection_mode (GTK_WIDGET (self->list_view), mode);
      _tokens_window_update_title_buttons (self);
    }
  _tokens_window_update_subtitle (self);
  _tokens_window_update_selection_bar (self);
}

static void
on_select_toggled_cb (TokensWindow *self)
{
  gboolean mode = gtk_toggle_button_get_active (self->select_button);

  if (!mode && self->selection != NULL)
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  _tokens_window_set_selection_mode (self, mode);
}

static void
on_list_activate_cb (TokensWindow *self,
                     guint         position)
{
  if (self->selection_mode)
    return;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  _tokens_window_update_details (self);
  adw_leaflet_set_visible_child (self->leaflet, self->details_box);
}

static void
on_back_clicked_cb (TokensWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

void
_tokens_window_update_title_buttons (TokensWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);
  gboolean alone = folded || !gtk_widget_get_visible (self->details_box);

  /* At phone width the server's name needs the room; Refresh stays in the
   * main menu and on F5. */
  gtk_widget_set_visible (self->refresh_button, self->token_list != NULL && !folded);

  /* At phone width one tap opens a token, as in any folded list; a
   * pointer's hover then highlights. Not while selecting: a tap toggles. */
  gtk_list_view_set_single_click_activate (self->list_view, folded && !self->selection_mode);

  adw_header_bar_set_show_end_title_buttons (self->list_header_bar, alone);
  adw_header_bar_set_show_start_title_buttons (self->details_header_bar, folded);
  gtk_widget_set_visible (self->back_button, folded);
}

void
_tokens_window_on_leaflet_folded_cb (TokensWindow *self)
{
  _tokens_window_update_title_buttons (self);
  _tokens_window_update_selection_bar (self);
}

static void
on_leaflet_folded_cb (TokensWindow *self)
{
  _tokens_window_on_leaflet_folded_cb (self);
}

void
_tokens_window_selection_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_select_toggled_cb);
}
