/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "influx-tokens"

#include "config.h"

#include <glib/gi18n.h>

#include "tokens-application.h"
#include "tokens-find-dialog.h"
#include "tokens-window-private.h"

/*
 * "Which token is this?" in the window: win.find-leaked (Ctrl+L) opens the
 * find dialog, and tokens_window_show_token() is how its answer is shown:
 * that token's row selected and its details open, with Replace and Delete.
 */

/* How long a token to be shown is waited for: the list of another server
 * the app switches to, or rows the paced model has not handed over yet. */
#define SHOW_TRIES 400
#define SHOW_INTERVAL_MS 50

static gboolean
try_show (TokensWindow *self)
{
  TokensToken *token;
  guint n;

  if (self->token_list == NULL || self->pending_show_id == NULL)
    return FALSE;
  token = tokens_token_list_lookup (self->token_list, self->pending_show_id);
  if (token == NULL)
    return FALSE;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensToken) item = g_list_model_get_item (G_LIST_MODEL (self->selection), i);

      if (item == token)
        {
          if (self->selection_mode)
            _tokens_window_set_selection_mode (self, FALSE);
          _tokens_window_focus_row (self, i);
          _tokens_window_update_details (self);
          adw_leaflet_set_visible_child (self->leaflet, self->details_box);
          g_clear_pointer (&self->pending_show_id, g_free);
          return TRUE;
        }
    }

  /* Listed, but a search or a filter hides it: shown all, once. */
  if (!self->pending_show_cleared)
    {
      self->pending_show_cleared = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      _tokens_window_set_review (self, FALSE, self->review_age);
      _tokens_window_set_filters (self, tokens_status_filter_default_for (self->features), NULL, NULL);
    }
  return FALSE;
}

static gboolean
on_show_retry (gpointer user_data)
{
  TokensWindow *self = user_data;

  if (try_show (self) || ++self->pending_show_tries >= SHOW_TRIES)
    {
      self->pending_show_source = 0;
      g_clear_pointer (&self->pending_show_id, g_free);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/**
 * tokens_window_show_token:
 * @id: the token's id (its name on InfluxDB 3)
 *
 * Selects the token and opens its details, as soon as the window lists
 * it: now, or once the list of the server the app is switching to came.
 * A search or filter that hides it is cleared.
 */
void
tokens_window_show_token (TokensWindow *self,
                          const char   *id)
{
  g_return_if_fail (TOKENS_IS_WINDOW (self));
  g_return_if_fail (id != NULL);

  g_free (self->pending_show_id);
  self->pending_show_id = g_strdup (id);
  self->pending_show_tries = 0;
  self->pending_show_cleared = FALSE;
  if (try_show (self))
    {
      g_clear_handle_id (&self->pending_show_source, g_source_remove);
      return;
    }
  if (self->pending_show_source == 0)
    self->pending_show_source = g_timeout_add (SHOW_INTERVAL_MS, on_show_retry, self);
}

void
_tokens_window_find_dispose (TokensWindow *self)
{
  g_clear_handle_id (&self->pending_show_source, g_source_remove);
  g_clear_pointer (&self->pending_show_id, g_free);
  g_clear_weak_pointer (&self->find_dialog);
}

static void
find_leaked_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  TokensConnectionStore *store = NULL;
  const char *current_id = NULL;
  GtkWidget *dialog;

  if (self->find_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->find_dialog));
      return;
    }
  /* Listed once: a refresh under way does not change what can be compared. */
  if (self->token_list == NULL || tokens_token_list_get_backend (self->token_list) == NULL)
    {
      /* Said, not silently ignored: a key press that does nothing looks broken. */
      _tokens_window_show_toast (self, _("The tokens are still being listed"), NULL, NULL, NULL);
      return;
    }

  if (TOKENS_IS_APPLICATION (app))
    {
      store = tokens_application_get_store (TOKENS_APPLICATION (app));
      current_id = tokens_application_get_current_server_id (TOKENS_APPLICATION (app));
    }
  dialog = tokens_find_dialog_new (self, store, current_id);
  g_set_weak_pointer (&self->find_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_tokens_window_find_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.find-leaked", NULL, find_leaked_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.find-leaked", NULL);
}

/* For the in-process widget tests. */
GtkWidget *
_tokens_window_get_find_dialog (TokensWindow *self)
{
  return self->find_dialog;
}
