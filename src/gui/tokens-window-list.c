/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-window"

#include "config.h"

#include "tokens-window-private.h"
#include "tokens-token-row.h"
#include "tokens-error-text.h"

#include <glib/gi18n.h>

/*
 * The window's list of tokens: the models between the token list and the
 * list view (sort, filter, paced, selection), search and Sort and Filter,
 * the row factory, and moving through the rows with the keyboard.
 */

/* ---------------------------------------------------------------------- */
/* Search, filters and sorting                                            */

static TokensReviewReasons
review_reasons (TokensWindow *self,
                TokensToken  *token)
{
  TokensReviewReasons reasons = tokens_review_check (token, self->review_now, self->review_age,
                                                     self->features);

  if (self->review_copies != NULL && g_hash_table_contains (self->review_copies, token))
    reasons |= TOKENS_REVIEW_DUPLICATE;
  return reasons;
}

/* Why the review lists @token, for its row; NULL while the review is off. */
static char *
review_text (TokensWindow *self,
             TokensToken  *token)
{
  guint n_copies;

  if (!self->review || token == NULL)
    return NULL;
  n_copies = self->review_copies != NULL
               ? GPOINTER_TO_UINT (g_hash_table_lookup (self->review_copies, token)) : 0;
  return tokens_review_describe (token, review_reasons (self, token), self->review_now,
                                 self->review_age, n_copies, " · ");
}

/* The copies need the whole list; made once per change, not per token. */
static void
update_review_state (TokensWindow *self)
{
  g_clear_pointer (&self->review_now, g_date_time_unref);
  g_clear_pointer (&self->review_copies, g_hash_table_unref);
  if (!self->review || self->token_list == NULL)
    return;
  self->review_now = g_date_time_new_now_utc ();
  self->review_copies = tokens_review_find_copies (G_LIST_MODEL (self->token_list), self->features);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  TokensWindow *self = user_data;
  TokensToken *a = item;
  TokensStatusFilter status = self->status_filter;
  const char *owner = self->owner_filter;
  const char *org = self->org_filter;

  if (status != TOKENS_STATUS_ANY && !tokens_status_filter_matches (status, tokens_token_get_status (a)))
    return FALSE;
  if (owner != NULL && g_strcmp0 (owner, tokens_token_get_user (a)) != 0)
    return FALSE;
  if (org != NULL && g_strcmp0 (org, tokens_token_get_org (a)) != 0)
    return FALSE;
  if (self->review && review_reasons (self, a) == 0)
    return FALSE;

  return tokens_token_matches (a, self->needle);
}

/*
 * Reads the search and the filters once, not once per token. With none of
 * them active the list has no filter at all, so 100,000 tokens pass
 * without a single callback; typing more of the same word only rechecks
 * what still matches.
 */
static void
refilter (TokensWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *old_needle = g_steal_pointer (&self->needle);
  g_autofree char *old_owner = g_steal_pointer (&self->owner_filter);
  g_autofree char *old_org = g_steal_pointer (&self->org_filter);
  TokensStatusFilter old_status = self->status_filter;
  gboolean old_review = self->review;
  TokensReviewAge old_age = self->review_age;
  gboolean more_strict = FALSE;
  gboolean active;

  if (self->filter_model == NULL)
    return;

  self->needle = stripped[0] != '\0' ? g_utf8_casefold (stripped, -1) : NULL;
  if (self->filter_popover != NULL)
    {
      self->status_filter = tokens_filter_popover_get_status (self->filter_popover);
      self->owner_filter = g_strdup (tokens_filter_popover_get_owner (self->filter_popover));
      self->org_filter = g_strdup (tokens_filter_popover_get_org (self->filter_popover));
      self->review = tokens_filter_popover_get_review (self->filter_popover, &self->review_age);
    }
  else
    self->status_filter = tokens_status_filter_default_for (self->features);
  update_review_state (self);
  active = self->needle != NULL || self->status_filter != TOKENS_STATUS_ANY ||
           self->owner_filter != NULL || self->org_filter != NULL || self->review;

  /* The rows say why they are listed, or stop saying it. */
  if (old_review != self->review || old_age != self->review_age)
    _tokens_window_update_review_rows (self);

  if (!active)
    {
      gtk_filter_list_model_set_filter (self->filter_model, NULL);
      return;
    }

  if (old_status == self->status_filter && old_review == self->review && old_age == self->review_age &&
      !self->review && g_strcmp0 (old_owner, self->owner_filter) == 0 &&
      g_strcmp0 (old_org, self->org_filter) == 0 && old_needle != NULL && self->needle != NULL &&
      strstr (self->needle, old_needle) != NULL)
    more_strict = TRUE;

  if (old_needle == NULL && old_status == TOKENS_STATUS_ANY && old_owner == NULL && old_org == NULL &&
      !old_review)
    gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (self->filter));
  else
    gtk_filter_changed (GTK_FILTER (self->filter),
                        more_strict ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_search_changed_cb (TokensWindow *self)
{
  refilter (self);
  _tokens_window_update_view (self);
}

static void
on_stop_search_cb (TokensWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
on_filter_changed_cb (TokensWindow *self)
{
  refilter (self);
  _tokens_window_update_view (self);
}

static void
on_sort_changed_cb (TokensWindow *self)
{
  g_autoptr(GtkSorter) sorter = NULL;

  if (self->sort_model == NULL || self->filter_popover == NULL)
    return;
  sorter = tokens_filter_popover_dup_sorter (self->filter_popover);
  gtk_sort_list_model_set_sorter (self->sort_model, sorter);
}

/* ---------------------------------------------------------------------- */
/* The token list                                                         */

static gboolean
update_choices_idle (gpointer user_data)
{
  TokensWindow *self = user_data;

  self->choices_idle = 0;
  _tokens_window_ensure_choices (self);
  return G_SOURCE_REMOVE;
}

static gboolean
choices_shown (TokensWindow *self)
{
  return self->filter_popover != NULL && gtk_widget_get_visible (GTK_WIDGET (self->filter_popover));
}

/* Brings the owner and organization choices up to date, if they lag. */
void
_tokens_window_ensure_choices (TokensWindow *self)
{
  g_clear_handle_id (&self->choices_idle, g_source_remove);
  if (!self->choices_stale || self->token_list == NULL || self->filter_popover == NULL)
    return;
  self->choices_stale = FALSE;
  tokens_filter_popover_set_choices (self->filter_popover, G_LIST_MODEL (self->token_list));
}

static void
on_filter_popover_shown (TokensWindow *self)
{
  _tokens_window_ensure_choices (self);
}

/*
 * Connected after the models' own handlers: they have the change now. The
 * owner and organization choices take a walk over every token, 20 ms at
 * 100,000, so they are only made when the popover that offers them opens.
 * While it is open, new tokens update them at once, and removals (one per
 * token of a batch of thousands) once the burst is over.
 */
static void
on_token_list_changed_after (TokensWindow *self,
                             guint         position,
                             guint         removed,
                             guint         added)
{
  self->choices_stale = TRUE;
  /* A new or a deleted token can make or end another's copies. */
  if (self->review)
    {
      update_review_state (self);
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
      _tokens_window_update_review_rows (self);
    }
  if (choices_shown (self))
    {
      if (added > 0)
        _tokens_window_ensure_choices (self);
      else if (self->choices_idle == 0)
        self->choices_idle = g_idle_add (update_choices_idle, self);
    }
  _tokens_window_update_view (self);
}

/* Above this, sorting runs in slices between frames, so the window keeps
 * drawing while 100,000 tokens are sorted. */
#define INCREMENTAL_THRESHOLD 5000

static void
on_token_list_changed (TokensWindow *self)
{
  gboolean large = g_list_model_get_n_items (G_LIST_MODEL (self->token_list)) > INCREMENTAL_THRESHOLD;

  gtk_sort_list_model_set_incremental (self->sort_model, large);
}

static void
on_token_list_notify (TokensWindow *self)
{
  _tokens_window_update_view (self);
}

/* Which API the server speaks is known once its first list came. */
static void
on_token_list_features_notify (TokensWindow *self)
{
  _tokens_window_set_features (self, tokens_token_list_get_features (self->token_list));
}

/**
 * _tokens_window_list_set_features:
 *
 * Offers in the list what the server's tokens can do and be.
 */
void
_tokens_window_list_set_features (TokensWindow *self)
{
  if (self->filter_popover != NULL)
    tokens_filter_popover_set_features (self->filter_popover, self->features);
  refilter (self);
}

static void
on_refresh_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TokensWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (tokens_token_list_refresh_finish (TOKENS_TOKEN_LIST (object), result, &error))
    {
      /* An inactive token is answered with an empty list: tokens mean
       * someone activated it again. */
      if (self->own_token == OWN_TOKEN_INACTIVE && object == G_OBJECT (self->token_list) &&
          g_list_model_get_n_items (G_LIST_MODEL (object)) > 0)
        {
          self->own_token = OWN_TOKEN_FINE;
          _tokens_window_update_view (self);
        }
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* With tokens already shown, a failed refresh keeps them and says why. */
  if (g_list_model_get_n_items (G_LIST_MODEL (object)) > 0 && !tokens_error_is_fatal (error))
    {
      /* Translators: %s is why, e.g. "The server answered 502 Bad Gateway" */
      g_autofree char *title = g_strdup_printf (_("Could not refresh: %s"), error->message);
      _tokens_window_show_toast (self, title, _("_Retry"), "win.refresh", NULL);
    }
}

void
_tokens_window_refresh (TokensWindow *self)
{
  if (self->token_list == NULL)
    return;

  tokens_token_list_refresh_async (self->token_list, self->cancellable, on_refresh_done,
                                   g_object_ref (self));
}

static void
on_item_selected_notify (GtkListItem *item)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  if (row != NULL)
    tokens_token_row_set_checked (TOKENS_TOKEN_ROW (row), gtk_list_item_get_selected (item));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  TokensWindow *self = user_data;
  g_autoptr(GtkWidget) row = NULL;

  if (self->spare_rows->len > 0)
    row = g_ptr_array_steal_index_fast (self->spare_rows, self->spare_rows->len - 1);
  else
    row = g_object_ref_sink (tokens_token_row_new ());
  gtk_list_item_set_child (item, row);
  /* Selection mode's checks follow the selection, however it changes. */
  g_signal_connect (item, "notify::selected", G_CALLBACK (on_item_selected_notify), NULL);
}

/*
 * GTK 4.8's list view throws its 200 rows away on every search and builds
 * 200 more; the rows it lets go are kept here and handed back, so a
 * keystroke rebinds rows instead of building them.
 */
#define MAX_SPARE_ROWS 600

static void
teardown_row_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  TokensWindow *self = user_data;
  GtkWidget *row = gtk_list_item_get_child (item);

  if (row == NULL || self->spare_rows == NULL || self->spare_rows->len >= MAX_SPARE_ROWS)
    return;

  g_ptr_array_add (self->spare_rows, g_object_ref (row));
  gtk_list_item_set_child (item, NULL);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  TokensWindow *self = user_data;
  TokensTokenRow *row = TOKENS_TOKEN_ROW (gtk_list_item_get_child (item));

  tokens_token_row_set_features (row, self->features);
  tokens_token_row_set_authorization (row, gtk_list_item_get_item (item));
  g_object_set_data (G_OBJECT (row), "tokens-list-item", item);
  tokens_token_row_set_selection_mode (row, self->selection_mode);
  tokens_token_row_set_checked (row, gtk_list_item_get_selected (item));
  {
    g_autofree char *review = review_text (self, gtk_list_item_get_item (item));
    tokens_token_row_set_review (row, review);
  }
}

/* The rows on screen, after the review was turned on or off or its age
 * changed; the others get theirs when they are bound. */
void
_tokens_window_update_review_rows (TokensWindow *self)
{
  GtkWidget *child;

  if (self->list_view == NULL)
    return;
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (row != NULL && TOKENS_IS_TOKEN_ROW (row))
        {
          g_autofree char *review =
            review_text (self, tokens_token_row_get_authorization (TOKENS_TOKEN_ROW (row)));
          tokens_token_row_set_review (TOKENS_TOKEN_ROW (row), review);
        }
    }
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  tokens_token_row_set_authorization (TOKENS_TOKEN_ROW (gtk_list_item_get_child (item)),
                                              NULL);
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (item)), "tokens-list-item", NULL);
}

/*
 * The Sort and Filter popover is built the first time it opens: its four
 * drop-downs, each with a list view of its own, took 4 ms of the window's
 * way to its first frame.
 */
void
_tokens_window_ensure_filter_popover (TokensWindow *self)
{
  if (self->filter_popover != NULL)
    return;

  self->filter_popover = tokens_filter_popover_new ();
  tokens_filter_popover_set_features (self->filter_popover, self->features);
  g_signal_connect_object (self->filter_popover, "sort-changed",
                           G_CALLBACK (on_sort_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_popover, "filter-changed",
                           G_CALLBACK (on_filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_popover, "show",
                           G_CALLBACK (on_filter_popover_shown), self, G_CONNECT_SWAPPED);
  self->choices_stale = TRUE;
  /* The button holds the popover. */
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->filter_button), GTK_WIDGET (self->filter_popover));
}

static void
on_create_filter_popup (GtkMenuButton *button,
                        gpointer       user_data)
{
  _tokens_window_ensure_filter_popover (TOKENS_WINDOW (user_data));
}

/* The row widget GTK made for the token at @position, if it is alive. */
static GtkWidget *
find_row_widget (GtkWidget           *widget,
                 TokensToken *authorization)
{
  if (TOKENS_IS_TOKEN_ROW (widget))
    return tokens_token_row_get_authorization (TOKENS_TOKEN_ROW (widget)) == authorization
           ? widget : NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row_widget (child, authorization);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Selects the row at @position (or the last), scrolls to it and gives it
 * the focus: what a keyboard user expects after the one they were on left. */
void
_tokens_window_focus_row (TokensWindow *self,
                          guint         position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  g_autoptr(TokensToken) a = NULL;
  GtkWidget *row;

  if (n == 0)
    return;
  position = MIN (position, n - 1);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  a = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  row = find_row_widget (GTK_WIDGET (self->list_view), a);
  /* The list item around the row is what takes the focus in a list view. */
  if (row != NULL)
    gtk_widget_grab_focus (gtk_widget_get_parent (row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* Tab leaves the list in one step, as from any other single control; the
 * arrows move within it. GTK 4.8's list view would take a Tab per row. */
static gboolean
on_list_key_pressed (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     TokensWindow          *self)
{
  GtkDirectionType direction;

  if (keyval == GDK_KEY_ISO_Left_Tab || ((keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab) &&
                                         (state & GDK_SHIFT_MASK) != 0))
    direction = GTK_DIR_TAB_BACKWARD;
  else if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    direction = GTK_DIR_TAB_FORWARD;
  else
    return GDK_EVENT_PROPAGATE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  /* Moving the focus on with the list unable to take it again skips every
   * other row: the next stop is whatever follows the list. */
  gtk_widget_set_can_focus (GTK_WIDGET (self->list_view), FALSE);
  if (!gtk_widget_child_focus (GTK_WIDGET (self), direction))
    gtk_widget_child_focus (GTK_WIDGET (self), direction);
  gtk_widget_set_can_focus (GTK_WIDGET (self->list_view), TRUE);
  return GDK_EVENT_STOP;
}

/* Down in the search goes to the results, their first one selected. */
static gboolean
on_search_key_pressed (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       TokensWindow          *self)
{
  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return GDK_EVENT_PROPAGATE;
  _tokens_window_focus_row (self, 0);
  return GDK_EVENT_STOP;
}

static void
add_keyboard_controllers (TokensWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_list_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), keys);

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_search_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
}

static void
add_delete_key (TokensWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcut *shortcut =
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                      gtk_named_action_new ("win.delete-selection"));

  /* Only while the list has the focus, so Delete still edits text elsewhere. */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), controller);
}

/* Selects the tokens of @ids that the list shows, and only those. */
void
_tokens_window_select_ids (TokensWindow *self,
                           GPtrArray    *ids)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  g_autoptr(GtkBitset) wanted = gtk_bitset_new_empty ();
  g_autoptr(GtkBitset) mask = NULL;
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (model, i);

      for (guint j = 0; j < ids->len; j++)
        if (g_strcmp0 (tokens_token_get_id (a), g_ptr_array_index (ids, j)) == 0)
          gtk_bitset_add (wanted, i);
    }

  mask = gtk_bitset_new_range (0, n);
  gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), wanted, mask);
}

/**
 * _tokens_window_list_set_model:
 * @token_list: (nullable): the tokens to show
 *
 * Puts @token_list under the list's models and follows its changes.
 */
void
_tokens_window_list_set_model (TokensWindow    *self,
                               TokensTokenList *token_list)
{
  /* Our handler first: it makes sorting incremental before the sort model
   * sees 100,000 new tokens. */
  if (token_list != NULL)
    g_signal_connect_object (token_list, "items-changed",
                             G_CALLBACK (on_token_list_changed), self, G_CONNECT_SWAPPED);
  gtk_sort_list_model_set_model (self->sort_model,
                                 token_list != NULL ? G_LIST_MODEL (token_list) : NULL);
  if (token_list == NULL)
    return;

  g_signal_connect_object (token_list, "items-changed",
                           G_CALLBACK (on_token_list_changed_after), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (token_list, "notify::state",
                           G_CALLBACK (on_token_list_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (token_list, "notify::retry-in",
                           G_CALLBACK (on_token_list_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (token_list, "notify::features",
                           G_CALLBACK (on_token_list_features_notify), self, G_CONNECT_SWAPPED);
  self->choices_stale = TRUE;
  if (choices_shown (self))
    _tokens_window_ensure_choices (self);
}

void
_tokens_window_list_init (TokensWindow *self)
{
  GtkListItemFactory *factory;

  self->sort_model = gtk_sort_list_model_new (NULL, NULL);  /* newest first, as the list is */
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (self->sort_model), NULL);
  self->paced_model = tokens_paced_model_new (G_LIST_MODEL (self->filter_model), GTK_WIDGET (self));
  g_object_unref (self->filter_model);  /* the paced model holds it */
  /* Shift and Ctrl clicks select several, as everywhere in GTK. */
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (self->paced_model));
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (_tokens_window_on_selection_changed), self, G_CONNECT_SWAPPED);
  /* Selected tokens that leave (deleted, say) change the count without a
   * "selection-changed". */
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (_tokens_window_on_selection_changed), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  self->spare_rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  add_delete_key (self);
  add_keyboard_controllers (self);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->filter_button),
                                         on_create_filter_popup, self, NULL);
}

void
_tokens_window_list_dispose (TokensWindow *self)
{
  g_clear_handle_id (&self->choices_idle, g_source_remove);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  self->sort_model = NULL;
  self->filter_model = NULL;
  self->paced_model = NULL;
  g_clear_object (&self->filter);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->review_now, g_date_time_unref);
  g_clear_pointer (&self->review_copies, g_hash_table_unref);
}

void
_tokens_window_list_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
}
