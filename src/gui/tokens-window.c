/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-window"

#include "config.h"

#include "tokens-window-private.h"
#include "tokens-error-text.h"
#include "tokens-format.h"
#include "tokens-tooltip.h"

#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (TokensWindow, tokens_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_BULK_CONCURRENCY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---------------------------------------------------------------------- */
/* Toasts                                                                 */

/* AdwStatusPage descriptions and AdwToast titles are Pango markup in
 * libadwaita 1.2; what a server or a token's description says is text. */
static void
set_description (AdwStatusPage *page,
                 const char    *text)
{
  g_autofree char *escaped = text != NULL ? g_markup_escape_text (text, -1) : NULL;

  adw_status_page_set_description (page, escaped);
}

void
_tokens_window_show_toast (TokensWindow *self,
                           const char   *title,
                           const char   *button_label,
                           const char   *action_name,
                           GVariant     *target)
{
  g_autofree char *escaped = g_markup_escape_text (title, -1);
  AdwToast *toast = adw_toast_new (escaped);

  g_free (self->last_toast);
  self->last_toast = g_strdup (title);
  g_clear_pointer (&self->last_toast_action, g_free);
  g_clear_pointer (&self->last_toast_target, g_variant_unref);

  if (button_label != NULL)
    {
      adw_toast_set_button_label (toast, button_label);
      adw_toast_set_action_name (toast, action_name);
      self->last_toast_action = g_strdup (action_name);
      if (target != NULL)
        {
          self->last_toast_target = g_variant_ref_sink (target);
          adw_toast_set_action_target_value (toast, self->last_toast_target);
        }
    }
  else if (target != NULL)
    g_variant_unref (g_variant_ref_sink (target));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_tokens_window_show_failure (TokensWindow *self,
                             const char   *heading,
                             const char   *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  g_free (self->last_toast);
  self->last_toast = g_strdup_printf ("%s: %s", heading, body);
  g_clear_pointer (&self->last_toast_action, g_free);
  g_clear_pointer (&self->last_toast_target, g_variant_unref);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---------------------------------------------------------------------- */
/* Which page is shown                                                    */

static void
on_first_list_frame (GdkFrameClock *clock,
                     TokensWindow  *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_list_frame, self);
  /* For `build-aux/dev bench`: launch to the first frame that shows tokens. */
  g_print ("first-list-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_application_quit (g_application_get_default ());
}

static void
report_first_list_frame (TokensWindow *self)
{
  static gboolean reported;
  GdkFrameClock *clock;

  if (reported || g_getenv ("INFLUX_TOKENS_BENCH_FIRST_FRAME") == NULL ||
      (clock = gtk_widget_get_frame_clock (GTK_WIDGET (self))) == NULL)
    return;
  reported = TRUE;
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_first_list_frame), self, 0);
}

static void
set_details_shown (TokensWindow *self,
                   gboolean      shown)
{
  if (gtk_widget_get_visible (self->details_box) == shown)
    return;
  gtk_widget_set_visible (self->details_box, shown);
  gtk_widget_set_visible (self->details_separator, shown);
  _tokens_window_update_title_buttons (self);
}

static void
on_list_painted (GdkFrameClock *clock,
                 TokensWindow  *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_list_painted, self);
  self->details_deferred = FALSE;
  /* The pane's first frame is enough for one frame: no new rows in it. */
  tokens_paced_model_rest (self->paced_model);
  set_details_shown (self, g_str_equal (gtk_stack_get_visible_child_name (self->stack), "list") ||
                           g_str_equal (gtk_stack_get_visible_child_name (self->stack), "no-results"));
}

/*
 * The details pane only makes sense beside a list of tokens. When a list
 * first appears, the pane follows one frame later: styling and laying out
 * its fifty widgets for the first time took 11 ms of the frame that first
 * shows the tokens.
 */
static void
show_page (TokensWindow *self,
           const char   *name)
{
  gboolean with_details = g_str_equal (name, "list") || g_str_equal (name, "no-results");
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  /* Tokens appear at once, in full: a crossfade would spend its first
   * frames showing mostly the spinner they replace. Other pages fade. */
  gtk_stack_set_transition_type (self->stack, g_str_equal (name, "list") ? GTK_STACK_TRANSITION_TYPE_NONE
                                                                         : GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_stack_set_visible_child_name (self->stack, name);
  if (g_str_equal (name, "list"))
    report_first_list_frame (self);

  if (with_details && !gtk_widget_get_visible (self->details_box) && clock != NULL &&
      gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      if (!self->details_deferred)
        {
          self->details_deferred = TRUE;
          g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_list_painted), self, 0);
        }
      return;
    }
  set_details_shown (self, with_details);
}

static void
show_error_text (TokensWindow    *self,
                 TokensErrorText *text,
                 const char      *credentials_label,
                 const char      *retry_action)
{
  gtk_button_set_label (GTK_BUTTON (self->credentials_button), credentials_label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->retry_button), retry_action);
  adw_status_page_set_icon_name (self->error_page, text->icon_name);
  adw_status_page_set_title (self->error_page, text->title);
  set_description (self->error_page, text->description);
  gtk_widget_set_visible (self->retry_button, text->offer_retry);
  gtk_widget_set_visible (self->credentials_button, text->offer_credentials);
  show_page (self, "error");
}

static void
show_error_page (TokensWindow *self,
                 const GError *error)
{
  g_auto(TokensErrorText) text = { NULL, };
  const char *url = tokens_client_get_base_url (tokens_token_list_get_client (self->token_list));

  tokens_error_text_for_list (&text, error, self->server_name, url);
  show_error_text (self, &text, _("_Use Another Token…"), "win.refresh");
}

/* What the app did to its own token, or was told: said instead of a list
 * that an inactive token gets empty, or a deleted one gets refused. */
static void
show_own_token_page (TokensWindow *self)
{
  g_auto(TokensErrorText) text = { NULL, };

  tokens_error_text_for_own_token (&text, self->own_token == OWN_TOKEN_DELETED, self->server_name);
  show_error_text (self, &text, _("_Use Another Token…"), "win.refresh");
}

static void
show_secret_problem_page (TokensWindow *self)
{
  g_auto(TokensErrorText) text = { NULL, };

  tokens_error_text_for_secret (&text, self->secret_error, self->server_name);
  show_error_text (self, &text, _("_Enter Token for This Session…"), "app.reopen");
}

void
_tokens_window_update_subtitle (TokensWindow *self)
{
  guint total = 0, shown = 0;
  g_autofree char *subtitle = NULL;

  /* A count only when there is a list to count: not while loading the
   * first time, nor when that failed. */
  /* No count while the window says the app is signed out: the list is
   * whatever the server said before. */
  if (self->token_list != NULL && self->own_token == OWN_TOKEN_FINE &&
      (tokens_token_list_get_state (self->token_list) == TOKENS_TOKEN_LIST_STATE_LOADED ||
       g_list_model_get_n_items (G_LIST_MODEL (self->token_list)) > 0))
    {
      g_autofree char *total_text = NULL;
      g_autofree char *shown_text = NULL;
      g_autofree char *counted = NULL;
      const char *product = tokens_token_list_get_product_name (self->token_list);

      total = g_list_model_get_n_items (G_LIST_MODEL (self->token_list));
      shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
      total_text = tokens_format_count (total);
      shown_text = tokens_format_count (shown);
      if (shown == total)
        counted = g_strdup_printf (ngettext ("%s token", "%s tokens", total), total_text);
      else
        /* Translators: how many tokens match the search, of how many */
        counted = g_strdup_printf (ngettext ("%s of %s token", "%s of %s tokens", total),
                                   shown_text, total_text);
      /* After a failed refresh the list is what the server said last time. */
      if (tokens_token_list_get_state (self->token_list) == TOKENS_TOKEN_LIST_STATE_FAILED)
        /* Translators: the list's count, then a warning, "11 tokens · may be out of date" */
        subtitle = g_strdup_printf (_("%s · may be out of date"), counted);
      else if (product != NULL)
        /* Translators: the list's count, then the server's product, "11 tokens · InfluxDB OSS 2.7.11" */
        subtitle = g_strdup_printf (_("%s · %s"), counted, product);
      else
        subtitle = g_steal_pointer (&counted);
    }

  /* The server is what the person is looking at: its name is the title;
   * in selection mode, what is selected, as in Files. */
  if (self->selection_mode || _tokens_window_n_selected (self) > 1)
    {
      guint n = _tokens_window_n_selected (self);
      g_autofree char *count = tokens_format_count (n);
      g_autofree char *title = n == 0 ? g_strdup (_("Select Tokens"))
                                      : g_strdup_printf (ngettext ("%s Selected", "%s Selected", n), count);

      adw_window_title_set_title (self->window_title, title);
    }
  else
    adw_window_title_set_title (self->window_title,
                                self->server_name != NULL ? self->server_name : _("Influx Tokens"));
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), self->server_name != NULL ? self->server_name
                                                                     : _("Influx Tokens"));

  g_free (self->subtitle);
  self->subtitle = g_strdup (adw_window_title_get_subtitle (self->window_title));
}

static gboolean
on_spinner_delay (gpointer user_data)
{
  TokensWindow *self = user_data;

  self->spinner_delay = 0;
  gtk_spinner_start (self->loading_spinner);
  return G_SOURCE_REMOVE;
}

/*
 * The spinner starts turning only when loading takes a while: a fast
 * server's list replaces the page before it would have shown, and a
 * spinning spinner redraws the window every frame, which the list's
 * arrival would then wait for.
 */
#define SPINNER_DELAY_MS 300

static void
set_loading (TokensWindow *self,
             gboolean      loading)
{
  if (!loading)
    {
      g_clear_handle_id (&self->spinner_delay, g_source_remove);
      gtk_spinner_stop (self->loading_spinner);
    }
  else if (!gtk_spinner_get_spinning (self->loading_spinner) && self->spinner_delay == 0)
    self->spinner_delay = g_timeout_add (SPINNER_DELAY_MS, on_spinner_delay, self);
}

void
_tokens_window_update_view (TokensWindow *self)
{
  TokensTokenListState state;
  const GError *error;
  guint n_items;

  _tokens_window_update_subtitle (self);

  if (self->token_list == NULL)
    {
      set_loading (self, FALSE);
      if (self->secret_error != NULL)
        show_secret_problem_page (self);
      else
        show_page (self, "welcome");
      return;
    }

  state = tokens_token_list_get_state (self->token_list);
  error = tokens_token_list_get_error (self->token_list);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->token_list));
  if (n_items > 0)
    self->had_tokens = TRUE;

  set_loading (self, state == TOKENS_TOKEN_LIST_STATE_LOADING);

  if (self->own_token != OWN_TOKEN_FINE && state != TOKENS_TOKEN_LIST_STATE_LOADING)
    {
      show_own_token_page (self);
      return;
    }

  if (state == TOKENS_TOKEN_LIST_STATE_NEW ||
      (state == TOKENS_TOKEN_LIST_STATE_LOADING && n_items == 0))
    {
      guint retry_in = tokens_token_list_get_retry_in (self->token_list);

      if (retry_in > 0)
        {
          g_autofree char *text =
            g_strdup_printf (ngettext ("The server asked to slow down. Trying again in %u second…",
                                       "The server asked to slow down. Trying again in %u seconds…",
                                       retry_in),
                             retry_in);
          set_description (self->loading_page, text);
        }
      else
        set_description (self->loading_page, NULL);
      show_page (self, "loading");
      return;
    }

  if (state == TOKENS_TOKEN_LIST_STATE_FAILED && error != NULL &&
      (n_items == 0 || tokens_error_is_fatal (error)))
    {
      show_error_page (self, error);
      return;
    }

  if (n_items == 0)
    {
      if (self->had_tokens)
        {
          /* Not "no tokens left": an inactive token is answered with an
           * empty list too, and one that may read only some sees only those. */
          adw_status_page_set_title (self->empty_page, _("No Tokens Listed"));
          set_description (self->empty_page,
                           _("The server now lists no token that this app’s token may read. "
                             "If this app’s token was deactivated, the server lists nothing "
                             "for it either."));
        }
      else
        {
          /* The app's own token exists, so an empty list means it may not
           * read tokens, not that there are none. */
          adw_status_page_set_title (self->empty_page, _("No Tokens Visible"));
          set_description (self->empty_page,
                                           _("This API token may not read tokens, or it is "
                                             "inactive. Sign in with an all-access or operator "
                                             "token to see and manage the tokens of an "
                                             "organization."));
        }
      show_page (self, "empty");
      return;
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0)
    {
      /* The review found nothing: good news, not a search to change. */
      if (self->review)
        {
          adw_status_page_set_title (self->no_results_page, _("Nothing to Review"));
          adw_status_page_set_description (self->no_results_page,
                                           _("No listed token matches a reason to review it."));
        }
      else
        {
          adw_status_page_set_title (self->no_results_page, _("No Matching Tokens"));
          adw_status_page_set_description (self->no_results_page,
                                           _("Try a different search, or clear the filters"));
        }
      show_page (self, "no-results");
      return;
    }

  show_page (self, "list");
}

/**
 * _tokens_window_set_features:
 *
 * Shows what the server's token API has and hides what it has not:
 * deactivating, owners, deleting at all; and says so when InfluxDB 3 runs
 * without authentication.
 */
void
_tokens_window_set_features (TokensWindow          *self,
                             TokensBackendFeatures  features)
{
  gboolean without_auth;

  self->features = features;
  without_auth = self->token_list != NULL && features != 0 && !(features & TOKENS_BACKEND_DELETE) &&
                 tokens_client_get_without_auth (tokens_token_list_get_client (self->token_list));

  if (without_auth)
    gtk_label_set_text (self->notice_label,
                        _("This InfluxDB 3 server runs without authentication: anyone who can "
                          "reach it may read and write everything, and it does not let tokens be "
                          "deleted. Its tokens are listed for reference."));
  gtk_revealer_set_reveal_child (self->notice_revealer, without_auth);
  gtk_widget_set_visible (self->new_button, (features & TOKENS_BACKEND_CREATE) != 0);

  _tokens_window_list_set_features (self);
  _tokens_window_selection_set_features (self);
  if (self->details_pane != NULL)
    tokens_details_pane_set_features (self->details_pane, features);
  _tokens_window_update_view (self);
}

/**
 * tokens_window_set_token_list:
 * @token_list: (nullable): the tokens of the server to show, or %NULL for
 *   the welcome page
 * @server_name: (nullable): what to call the server
 *
 * Shows @token_list and starts loading it.
 */
void
tokens_window_set_token_list (TokensWindow    *self,
                              TokensTokenList *token_list,
                              const char      *server_name)
{
  g_return_if_fail (TOKENS_IS_WINDOW (self));
  g_return_if_fail (token_list == NULL || TOKENS_IS_TOKEN_LIST (token_list));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->token_list != NULL)
    g_signal_handlers_disconnect_by_data (self->token_list, self);
  g_set_object (&self->token_list, token_list);
  g_free (self->server_name);
  self->server_name = g_strdup (server_name);
  g_clear_error (&self->secret_error);
  if (token_list != NULL)
    {
      g_free (self->server_url);
      self->server_url = g_strdup (tokens_client_get_base_url (tokens_token_list_get_client (token_list)));
    }
  self->had_tokens = FALSE;
  self->own_token = OWN_TOKEN_FINE;
  self->features = token_list != NULL ? tokens_token_list_get_features (token_list) : 0;

  _tokens_window_list_set_model (self, token_list);
  _tokens_window_set_features (self, self->features);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", token_list != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", token_list != NULL);
  /* Nothing to refresh, search or sort without a server. */
  gtk_widget_set_visible (self->search_button, token_list != NULL);
  gtk_widget_set_visible (self->filter_button, token_list != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->select_button), token_list != NULL);
  _tokens_window_update_title_buttons (self);
  if (token_list == NULL)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);

  _tokens_window_update_view (self);
  _tokens_window_update_details (self);

  if (token_list != NULL &&
      tokens_token_list_get_state (token_list) != TOKENS_TOKEN_LIST_STATE_LOADING)
    _tokens_window_refresh (self);
}

/**
 * tokens_window_get_server_name:
 *
 * Returns: (nullable): the name of the server whose tokens are shown
 */
const char *
tokens_window_get_server_name (TokensWindow *self)
{
  g_return_val_if_fail (TOKENS_IS_WINDOW (self), NULL);
  return self->server_name;
}

/**
 * tokens_window_show_secret_problem:
 *
 * Says that the saved server's token could not be read from the keyring,
 * and offers to use one for this session only.
 */
void
tokens_window_show_secret_problem (TokensWindow *self,
                                   const char   *server_name,
                                   const char   *url,
                                   const GError *error)
{
  g_return_if_fail (TOKENS_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  tokens_window_set_token_list (self, NULL, server_name);
  g_free (self->server_url);
  self->server_url = g_strdup (url);
  self->secret_error = g_error_copy (error);
  _tokens_window_update_view (self);
}

void
tokens_window_set_servers_menu (TokensWindow *self,
                                GMenuModel   *menu)
{
  g_return_if_fail (TOKENS_IS_WINDOW (self));

  g_set_object (&self->servers_menu, menu);
  /* Once made, the popover follows the new model; until then it waits. */
  if (gtk_menu_button_get_popover (self->servers_button) != NULL)
    gtk_menu_button_set_menu_model (self->servers_button, menu);
}

void
tokens_window_show_toast (TokensWindow *self,
                          const char   *text)
{
  g_return_if_fail (TOKENS_IS_WINDOW (self));
  _tokens_window_show_toast (self, text, NULL, NULL, NULL);
}

TokensTokenList *
tokens_window_get_token_list (TokensWindow *self)
{
  g_return_val_if_fail (TOKENS_IS_WINDOW (self), NULL);
  return self->token_list;
}

static void
tokens_window_dispose (GObject *object)
{
  TokensWindow *self = (TokensWindow *)object;

  g_clear_handle_id (&self->spinner_delay, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->bulk_cancellable != NULL)
    g_cancellable_cancel (self->bulk_cancellable);
  if (self->token_list != NULL)
    g_signal_handlers_disconnect_by_data (self->token_list, self);
  _tokens_window_list_dispose (self);
  _tokens_window_find_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TOKENS_TYPE_WINDOW);
  self->details_pane = NULL;  /* went with the details stack */
  self->filter_popover = NULL;  /* and this with the filter button */
  g_clear_pointer (&self->spare_rows, g_ptr_array_unref);
  g_clear_weak_pointer (&self->create_dialog);
  g_clear_object (&self->token_list);

  G_OBJECT_CLASS (tokens_window_parent_class)->dispose (object);
}

static void
tokens_window_finalize (GObject *object)
{
  TokensWindow *self = (TokensWindow *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->servers_menu);
  g_clear_object (&self->bulk_cancellable);
  g_free (self->server_name);
  g_free (self->server_url);
  g_clear_error (&self->secret_error);
  g_free (self->needle);
  g_free (self->owner_filter);
  g_free (self->org_filter);
  g_free (self->last_toast);
  g_free (self->last_toast_action);
  g_clear_pointer (&self->last_toast_target, g_variant_unref);
  g_free (self->subtitle);

  G_OBJECT_CLASS (tokens_window_parent_class)->finalize (object);
}

static void
tokens_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TokensWindow *self = TOKENS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BULK_CONCURRENCY:
      g_value_set_uint (value, self->bulk_concurrency);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tokens_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TokensWindow *self = TOKENS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BULK_CONCURRENCY:
      if (self->bulk_concurrency != g_value_get_uint (value))
        {
          self->bulk_concurrency = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tokens_window_class_init (TokensWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tokens_window_dispose;
  object_class->finalize = tokens_window_finalize;
  object_class->get_property = tokens_window_get_property;
  object_class->set_property = tokens_window_set_property;

  /* How many requests a batch runs at once: the "bulk-concurrency" setting. */
  properties[PROP_BULK_CONCURRENCY] =
    g_param_spec_uint ("bulk-concurrency", NULL, NULL, 1, 32, 8,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);


  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tokens-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, list_pane);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, list_header_bar);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, servers_button);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, new_button);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, select_button);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, selection_revealer);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, selection_label);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, activate_selection_button);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, deactivate_selection_button);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, delete_selection_button);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, selection_stack);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, bulk_progress);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, many_page);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, notice_label);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, credentials_button);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, details_box);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, details_separator);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, details_header_bar);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, details_title);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, details_subtitle);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, details_stack);

  _tokens_window_list_class_init (widget_class);
  _tokens_window_selection_class_init (widget_class);
  _tokens_window_actions_class_init (widget_class);
}

/*
 * The two menus' popovers (some seventy widgets between them, a fifth of
 * the window) are made when they first open, not with the window: they are
 * not in its first frame.
 */
static void
on_create_menu_popup (GtkMenuButton *button,
                      gpointer       user_data)
{
  TokensWindow *self = TOKENS_WINDOW (user_data);

  gtk_menu_button_set_menu_model (button, button == self->servers_button ? self->servers_menu
                                                                         : self->primary_menu);
}

static void
tokens_window_init (TokensWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  tokens_set_tooltip_on_demand (GTK_WIDGET (self->servers_button), _("Switch Server"));
  tokens_set_tooltip_on_demand (self->refresh_button, _("Refresh"));
  tokens_set_tooltip_on_demand (self->new_button, _("New Token"));
  tokens_set_tooltip_on_demand (self->primary_menu_button, _("Main Menu"));
  tokens_set_tooltip_on_demand (self->filter_button, _("Sort and Filter"));
  tokens_set_tooltip_on_demand (GTK_WIDGET (self->select_button), _("Select Tokens"));
  tokens_set_tooltip_on_demand (self->search_button, _("Search"));
  tokens_set_tooltip_on_demand (self->back_button, _("Back"));

  self->cancellable = g_cancellable_new ();

  self->bulk_concurrency = 8;
  _tokens_window_list_init (self);
  _tokens_window_export_init (self);
  _tokens_window_update_selection_bar (self);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->primary_menu_button),
                                         on_create_menu_popup, self, NULL);
  gtk_menu_button_set_create_popup_func (self->servers_button, on_create_menu_popup, self, NULL);

  _tokens_window_on_leaflet_folded_cb (self);
  tokens_window_set_token_list (self, NULL, NULL);
}

TokensWindow *
tokens_window_new (GtkApplication *application)
{
  return g_object_new (TOKENS_TYPE_WINDOW, "application", application, NULL);
}

/* ---------------------------------------------------------------------- */
/* For tests                                                              */

const char *
_tokens_window_get_visible_page (TokensWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
_tokens_window_get_delete_dialog (TokensWindow *self)
{
  return self->delete_dialog;
}

GtkWidget *
_tokens_window_get_create_dialog (TokensWindow *self)
{
  return self->create_dialog;
}

const char *
_tokens_window_get_last_toast (TokensWindow *self)
{
  return self->last_toast;
}

/* The last toast's button: its action, or NULL without one. */
const char *
_tokens_window_get_last_toast_action (TokensWindow *self)
{
  return self->last_toast_action;
}

GVariant *
_tokens_window_get_last_toast_target (TokensWindow *self)
{
  return self->last_toast_target;
}

GtkWidget *
_tokens_window_get_error_page (TokensWindow *self)
{
  return GTK_WIDGET (self->error_page);
}

GListModel *
_tokens_window_get_shown_model (TokensWindow *self)
{
  return G_LIST_MODEL (self->selection);
}

GtkWidget *
_tokens_window_get_details_pane (TokensWindow *self)
{
  _tokens_window_ensure_details_pane (self);
  return GTK_WIDGET (self->details_pane);
}

GtkWidget *
_tokens_window_get_search_entry (TokensWindow *self)
{
  return GTK_WIDGET (self->search_entry);
}

void
_tokens_window_set_sort (TokensWindow *self,
                         guint         sort)
{
  _tokens_window_ensure_filter_popover (self);
  tokens_filter_popover_set_sort (self->filter_popover, sort);
}

void
_tokens_window_set_review (TokensWindow *self,
                           gboolean      review,
                           guint         age)
{
  _tokens_window_ensure_filter_popover (self);
  tokens_filter_popover_set_review (self->filter_popover, review, age);
}

void
_tokens_window_set_filters (TokensWindow *self,
                            guint         status,
                            const char   *owner,
                            const char   *org)
{
  _tokens_window_ensure_filter_popover (self);
  _tokens_window_ensure_choices (self);
  tokens_filter_popover_set_filters (self->filter_popover, status, owner, org);
}

/* The notice above the list, or NULL while none is shown. */
const char *
_tokens_window_get_notice (TokensWindow *self)
{
  return gtk_revealer_get_reveal_child (self->notice_revealer) ? gtk_label_get_text (self->notice_label)
                                                                : NULL;
}

const char *
_tokens_window_get_subtitle (TokensWindow *self)
{
  return self->subtitle;
}

guint
_tokens_window_get_n_selected (TokensWindow *self)
{
  return _tokens_window_n_selected (self);
}

GtkWidget *
_tokens_window_get_filter_button (TokensWindow *self)
{
  return self->filter_button;
}

GtkWidget *
_tokens_window_get_primary_menu_button (TokensWindow *self)
{
  return self->primary_menu_button;
}

GtkWidget *
_tokens_window_get_servers_button (TokensWindow *self)
{
  return GTK_WIDGET (self->servers_button);
}

gboolean
_tokens_window_get_spinning (TokensWindow *self)
{
  return gtk_spinner_get_spinning (self->loading_spinner);
}

const char *
_tokens_window_get_selection_text (TokensWindow *self)
{
  return gtk_label_get_text (self->selection_label);
}

gboolean
_tokens_window_get_selection_bar_shown (TokensWindow *self)
{
  return gtk_revealer_get_reveal_child (self->selection_revealer);
}

guint
_tokens_window_get_pending (TokensWindow *self)
{
  return gtk_sort_list_model_get_pending (self->sort_model) +
         (tokens_paced_model_is_pacing (self->paced_model) ? 1 : 0);
}

GtkWidget *
_tokens_window_get_select_button (TokensWindow *self)
{
  return GTK_WIDGET (self->select_button);
}

/* The list's title: the server's name, or "3 Selected" in selection mode. */
const char *
_tokens_window_get_title (TokensWindow *self)
{
  return adw_window_title_get_title (self->window_title);
}

GtkWidget *
_tokens_window_get_list_view (TokensWindow *self)
{
  return GTK_WIDGET (self->list_view);
}

gboolean
_tokens_window_get_folded (TokensWindow *self)
{
  return adw_leaflet_get_folded (self->leaflet);
}
