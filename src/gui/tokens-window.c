/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-window"

#include "config.h"

#include "tokens-window-private.h"
#include "tokens-authorization-row.h"
#include "tokens-delete-dialog.h"
#include "tokens-format.h"
#include "tokens-details-pane.h"
#include "tokens-paced-model.h"
#include "tokens-tooltip.h"
#include "tokens-secret-store.h"

#include <glib/gi18n.h>

typedef enum
{
  SORT_NEWEST,
  SORT_OLDEST,
  SORT_DESCRIPTION,
  SORT_STATUS,
} SortOrder;

typedef enum
{
  STATUS_ANY,
  STATUS_ACTIVE,
  STATUS_INACTIVE,
} StatusFilter;

typedef enum
{
  BULK_DELETE,
  BULK_DEACTIVATE,
  BULK_ACTIVATE,
} BulkKind;

/* The app's own token, as far as the app can know: it switched it off or
 * deleted it itself, or the server said "token is inactive". A list then
 * comes back empty or refused, and the window says why instead. */
typedef enum
{
  OWN_TOKEN_FINE,
  OWN_TOKEN_INACTIVE,
  OWN_TOKEN_DELETED,
} OwnToken;

struct _TokensWindow
{
  AdwApplicationWindow parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  AdwLeaflet *leaflet;
  GtkWidget *list_pane;
  AdwHeaderBar *list_header_bar;
  AdwWindowTitle *window_title;
  GtkMenuButton *servers_button;
  GtkWidget *primary_menu_button;
  GMenuModel *primary_menu;      /* from the template; the popover is made on first use */
  GMenuModel *servers_menu;      /* the application's */
  GtkWidget *refresh_button;
  GtkWidget *search_button;
  GtkWidget *filter_button;
  GtkToggleButton *select_button;
  GtkRevealer *selection_revealer;
  GtkLabel *selection_label;
  GtkButton *activate_selection_button;
  GtkButton *deactivate_selection_button;
  GtkButton *delete_selection_button;
  GtkStack *selection_stack;
  GtkProgressBar *bulk_progress;
  AdwStatusPage *many_page;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  GtkStack *stack;
  AdwStatusPage *loading_page;
  GtkSpinner *loading_spinner;
  guint spinner_delay;
  AdwStatusPage *error_page;
  GtkWidget *retry_button;
  GtkWidget *credentials_button;
  AdwStatusPage *empty_page;
  GtkListView *list_view;
  GtkWidget *details_box;
  GtkWidget *details_separator;
  AdwHeaderBar *details_header_bar;
  GtkLabel *details_title;
  GtkLabel *details_subtitle;
  GtkWidget *back_button;
  GtkStack *details_stack;
  TokensDetailsPane *details_pane;  /* made when first needed; the details stack holds it */
  /* The Sort and Filter popover's, NULL until it first opens */
  GtkDropDown *sort_dropdown;
  GtkDropDown *status_dropdown;
  GtkDropDown *owner_dropdown;
  GtkDropDown *org_dropdown;
  GtkStringList *owner_model;
  GtkStringList *org_model;

  /* owned */
  TokensTokenList *token_list;
  GtkMultiSelection *selection;    /* owns the models and filters below */
  GCancellable *bulk_cancellable;  /* while a batch runs */
  GCancellable *cancellable;
  char *server_name;
  char *server_url;
  GError *secret_error;
  char *needle;
  char *last_toast;
  char *last_toast_action;          /* the last toast's button, for the tests */
  GVariant *last_toast_target;
  char *subtitle;
  gboolean had_tokens;
  gboolean selection_mode;
  guint bulk_concurrency;
  guint choices_idle;
  gboolean choices_stale;        /* the owner and org choices lag the tokens */
  StatusFilter status_filter;   /* the filter's criteria, read once per change */
  char *owner_filter;
  char *org_filter;

  /* borrowed */
  GtkFilterListModel *filter_model;
  GtkCustomFilter *filter;          /* owned: on the model only while a criterion is set */
  TokensPacedModel *paced_model;
  GtkSortListModel *sort_model;
  GPtrArray *spare_rows;            /* rows the list view let go, for its next ones */
  gboolean details_deferred;        /* the details pane follows the list's first frame */
  guint bulk_done;                  /* of bulk_total, while a batch runs */
  guint bulk_total;
  BulkKind bulk_kind;
  gboolean bulk_stopping;          /* Stop was pressed; answers still come */
  OwnToken own_token;               /* what the app knows of its own token */
  GtkWidget *delete_dialog;
};

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

static void
show_toast_full (TokensWindow *self,
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

static void
show_toast (TokensWindow *self,
            const char   *title,
            const char   *button_label,
            const char   *action_name)
{
  show_toast_full (self, title, button_label, action_name, NULL);
}

/* A toast whose Undo runs @action_name with @target (floating, consumed). */
static void
show_undo_toast (TokensWindow *self,
                 const char   *title,
                 const char   *action_name,
                 GVariant     *target)
{
  show_toast_full (self, title, _("_Undo"), action_name, target);
}

static void
show_failure (TokensWindow *self,
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

static void update_title_buttons (TokensWindow *self);

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
  update_title_buttons (self);
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

static gboolean
is_network_error (const GError *error)
{
  return error->domain == G_IO_ERROR ||
         error->domain == G_RESOLVER_ERROR ||
         error->domain == G_TLS_ERROR;
}

static gboolean
is_fatal_error (const GError *error)
{
  return g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAUTHORIZED) ||
         g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_TOKEN_INACTIVE) ||
         g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_FORBIDDEN) ||
         g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER);
}

static void
show_error_page (TokensWindow *self,
                 const GError *error)
{
  const char *icon = "dialog-error-symbolic";
  const char *title;
  g_autofree char *description = NULL;
  gboolean credentials = FALSE;
  gboolean retry = TRUE;
  const char *url = tokens_client_get_base_url (tokens_token_list_get_client (self->token_list));

  if (error->domain == G_TLS_ERROR)
    {
      icon = "channel-insecure-symbolic";
      title = _("The Server’s Certificate Is Not Trusted");
      description = g_strdup_printf (_("The connection to %s was refused because its TLS "
                                       "certificate could not be verified (%s). The token was "
                                       "not sent. Check the address, or ask the server’s "
                                       "administrator for a valid certificate."),
                                     url, error->message);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      icon = "network-offline-symbolic";
      title = _("The Server Did Not Answer");
      description = g_strdup_printf (_("%s accepted the connection but did not answer in time. "
                                       "It may be overloaded; try again in a moment."), url);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    {
      icon = "network-offline-symbolic";
      title = _("The Connection Was Lost");
      description = g_strdup_printf (_("The connection to %s closed before the answer was "
                                       "complete (%s). Nothing was changed."), url, error->message);
    }
  else if (is_network_error (error))
    {
      icon = "network-offline-symbolic";
      title = _("Cannot Reach the Server");
      description = g_strdup_printf (_("%s did not answer: %s. Check the address and your "
                                       "network connection."),
                                     url, error->message);
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_TOKEN_INACTIVE))
    {
      icon = "dialog-password-symbolic";
      title = _("This App’s Token Is Inactive");
      /* Translators: %s is the server's name */
      description = g_strdup_printf (_("This app’s token for %s is inactive: the server refuses "
                                       "it. Use another token, or have someone with an operator "
                                       "token activate it again."), self->server_name);
      credentials = TRUE;
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAUTHORIZED))
    {
      icon = "dialog-password-symbolic";
      title = _("Token Rejected");
      description = g_strdup_printf (_("%s did not accept the API token (“%s”). It may have "
                                       "been deleted or deactivated."),
                                     self->server_name, error->message);
      credentials = TRUE;
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_FORBIDDEN))
    {
      icon = "action-unavailable-symbolic";
      title = _("Access Denied");
      description = g_strdup_printf (_("The server refused: %s"), error->message);
      credentials = TRUE;
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER))
    {
      icon = "dialog-information-symbolic";
      title = _("This Server Is Not Supported Yet");
      description = g_strdup (error->message);
      retry = FALSE;
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_RATE_LIMITED) ||
           g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAVAILABLE))
    {
      icon = "preferences-system-time-symbolic";
      title = _("The Server Is Busy");
      description = g_strdup (error->message);
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_REDIRECT_REFUSED))
    {
      icon = "channel-insecure-symbolic";
      title = _("Redirected to Another Server");
      description = g_strdup (error->message);
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_TOO_SLOW))
    {
      icon = "network-offline-symbolic";
      title = _("The Server Is Too Slow");
      description = g_strdup_printf (_("%s\n\n%s kept the connection open but sent its answer "
                                       "too slowly. Nothing was changed."),
                                     error->message, url);
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_TOO_LARGE))
    {
      title = _("The Answer Is Too Large");
      description = g_strdup_printf (_("%s\n\nIs %s really an InfluxDB 2 server?"),
                                     error->message, url);
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE))
    {
      title = _("Unexpected Answer");
      description = g_strdup_printf (_("%s\n\nIs %s really an InfluxDB 2 server?"),
                                     error->message, url);
    }
  else
    {
      title = _("The Server Had a Problem");
      description = g_strdup (error->message);
    }

  gtk_button_set_label (GTK_BUTTON (self->credentials_button), _("_Use Another Token…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->retry_button), "win.refresh");
  adw_status_page_set_icon_name (self->error_page, icon);
  adw_status_page_set_title (self->error_page, title);
  set_description (self->error_page, description);
  gtk_widget_set_visible (self->retry_button, retry);
  gtk_widget_set_visible (self->credentials_button, credentials);
  show_page (self, "error");
}

/* What the app did to its own token, or was told: said instead of a list
 * that an inactive token gets empty, or a deleted one gets refused. */
static void
show_own_token_page (TokensWindow *self)
{
  g_autofree char *description = NULL;

  if (self->own_token == OWN_TOKEN_DELETED)
    {
      adw_status_page_set_title (self->error_page, _("This App’s Token Was Deleted"));
      /* Translators: %s is the server's name */
      description = g_strdup_printf (_("This app’s token for %s was deleted: the server no "
                                       "longer accepts it. Use another token for this server."),
                                     self->server_name);
    }
  else
    {
      adw_status_page_set_title (self->error_page, _("This App’s Token Is Inactive"));
      /* Translators: %s is the server's name */
      description = g_strdup_printf (_("This app’s token for %s is inactive: the server refuses "
                                       "it. Use another token, or have someone with an operator "
                                       "token activate it again."), self->server_name);
    }
  adw_status_page_set_icon_name (self->error_page, "dialog-password-symbolic");
  set_description (self->error_page, description);
  gtk_button_set_label (GTK_BUTTON (self->credentials_button), _("_Use Another Token…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->retry_button), "win.refresh");
  gtk_widget_set_visible (self->retry_button, self->own_token == OWN_TOKEN_INACTIVE);
  gtk_widget_set_visible (self->credentials_button, TRUE);
  show_page (self, "error");
}

static void
show_secret_problem_page (TokensWindow *self)
{
  g_autofree char *description = NULL;
  const char *title;

  if (g_error_matches (self->secret_error, TOKENS_SECRET_ERROR, TOKENS_SECRET_ERROR_LOCKED))
    {
      title = _("The Keyring Is Locked");
      /* Translators: 1: the server's name, 2: what the keyring said */
      description = g_strdup_printf (_("The token for %s is kept in your keyring, and the "
                                       "keyring stayed locked (%s). Try again to unlock it, or "
                                       "enter the token to use it for this session only; it "
                                       "will not be saved."),
                                     self->server_name, self->secret_error->message);
    }
  else if (g_error_matches (self->secret_error, TOKENS_SECRET_ERROR,
                            TOKENS_SECRET_ERROR_NOT_FOUND))
    {
      title = _("No Saved Token");
      /* Translators: %s is the server's name */
      description = g_strdup_printf (_("Your keyring has no token for %s. You can enter the "
                                       "token to use it for this session only; it will not "
                                       "be saved."),
                                     self->server_name);
    }
  else
    {
      title = _("Secure Storage Unavailable");
      /* Translators: 1: the server's name, 2: what went wrong */
      description = g_strdup_printf (_("The token for %s is kept in your keyring, and Influx "
                                       "Tokens could not read it: %s. You can enter the token "
                                       "to use it for this session only; it will not be saved."),
                                     self->server_name, self->secret_error->message);
    }
  adw_status_page_set_icon_name (self->error_page, "dialog-password-symbolic");
  adw_status_page_set_title (self->error_page, title);
  set_description (self->error_page, description);
  gtk_button_set_label (GTK_BUTTON (self->credentials_button), _("_Enter Token for This Session…"));
  gtk_widget_set_visible (self->retry_button, TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->retry_button), "app.reopen");
  gtk_widget_set_visible (self->credentials_button, TRUE);
  show_page (self, "error");
}

static guint n_selected (TokensWindow *self);

static void
update_subtitle (TokensWindow *self)
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
  if (self->selection_mode || n_selected (self) > 1)
    {
      guint n = n_selected (self);
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

static void
update_view (TokensWindow *self)
{
  TokensTokenListState state;
  const GError *error;
  guint n_items;

  update_subtitle (self);

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
      (n_items == 0 || is_fatal_error (error)))
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
      show_page (self, "no-results");
      return;
    }

  show_page (self, "list");
}

/* ---------------------------------------------------------------------- */
/* Search, filters and sorting                                            */

static const char *
selected_string (GtkDropDown *dropdown)
{
  GObject *item;

  if (dropdown == NULL)
    return NULL;
  item = gtk_drop_down_get_selected_item (dropdown);

  /* The first entry of the owner and organization lists means "any". */
  if (item == NULL || gtk_drop_down_get_selected (dropdown) == 0)
    return NULL;
  return gtk_string_object_get_string (GTK_STRING_OBJECT (item));
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  TokensWindow *self = user_data;
  TokensAuthorization *a = item;
  StatusFilter status = self->status_filter;
  const char *owner = self->owner_filter;
  const char *org = self->org_filter;

  if (status == STATUS_ACTIVE && !tokens_authorization_get_active (a))
    return FALSE;
  if (status == STATUS_INACTIVE && tokens_authorization_get_active (a))
    return FALSE;
  if (owner != NULL && g_strcmp0 (owner, tokens_authorization_get_user (a)) != 0)
    return FALSE;
  if (org != NULL && g_strcmp0 (org, tokens_authorization_get_org (a)) != 0)
    return FALSE;

  return tokens_authorization_matches (a, self->needle);
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
  StatusFilter old_status = self->status_filter;
  gboolean more_strict = FALSE;
  gboolean active;

  if (self->filter_model == NULL)
    return;

  self->needle = stripped[0] != '\0' ? g_utf8_casefold (stripped, -1) : NULL;
  self->status_filter = self->status_dropdown != NULL ? gtk_drop_down_get_selected (self->status_dropdown)
                                                      : STATUS_ANY;
  self->owner_filter = g_strdup (selected_string (self->owner_dropdown));
  self->org_filter = g_strdup (selected_string (self->org_dropdown));
  active = self->needle != NULL || self->status_filter != STATUS_ANY ||
           self->owner_filter != NULL || self->org_filter != NULL;

  if (!active)
    {
      gtk_filter_list_model_set_filter (self->filter_model, NULL);
      return;
    }

  if (old_status == self->status_filter && g_strcmp0 (old_owner, self->owner_filter) == 0 &&
      g_strcmp0 (old_org, self->org_filter) == 0 && old_needle != NULL && self->needle != NULL &&
      strstr (self->needle, old_needle) != NULL)
    more_strict = TRUE;

  if (old_needle == NULL && old_status == STATUS_ANY && old_owner == NULL && old_org == NULL)
    gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (self->filter));
  else
    gtk_filter_changed (GTK_FILTER (self->filter),
                        more_strict ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_search_changed_cb (TokensWindow *self)
{
  refilter (self);
  update_view (self);
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
  update_view (self);
}

static GtkSorter *
property_sorter (const char *property,
                 gboolean    numeric,
                 GtkSortType order)
{
  GtkExpression *expression = gtk_property_expression_new (TOKENS_TYPE_AUTHORIZATION, NULL, property);

  if (numeric)
    {
      GtkNumericSorter *sorter = gtk_numeric_sorter_new (expression);
      gtk_numeric_sorter_set_sort_order (sorter, order);
      return GTK_SORTER (sorter);
    }
  return GTK_SORTER (gtk_string_sorter_new (expression));
}

/*
 * Sorting 100,000 tokens with a callback costs millions of calls; GTK's
 * numeric and string sorters compare precomputed keys instead. Ties are
 * broken by id, so the order never shuffles.
 */
static GtkSorter *
build_sorter (SortOrder order)
{
  GtkMultiSorter *sorter = gtk_multi_sorter_new ();

  switch (order)
    {
    case SORT_OLDEST:
      gtk_multi_sorter_append (sorter, property_sorter ("created-unix", TRUE, GTK_SORT_ASCENDING));
      break;
    case SORT_DESCRIPTION:
      /* Tokens without a description go last. */
      gtk_multi_sorter_append (sorter, property_sorter ("has-description", TRUE, GTK_SORT_DESCENDING));
      gtk_multi_sorter_append (sorter, property_sorter ("description", FALSE, GTK_SORT_ASCENDING));
      break;
    case SORT_STATUS:
      gtk_multi_sorter_append (sorter, property_sorter ("active", TRUE, GTK_SORT_DESCENDING));
      break;
    case SORT_NEWEST:
    default:
      gtk_multi_sorter_append (sorter, property_sorter ("created-unix", TRUE, GTK_SORT_DESCENDING));
      break;
    }
  gtk_multi_sorter_append (sorter, property_sorter ("id-number", TRUE, GTK_SORT_ASCENDING));
  return GTK_SORTER (sorter);
}

static void
on_sort_changed_cb (TokensWindow *self)
{
  g_autoptr(GtkSorter) sorter = NULL;
  SortOrder order;

  if (self->sort_model == NULL || self->sort_dropdown == NULL)
    return;

  /* The token list keeps its tokens newest first already (see
   * tokens-token-list.c), so that order needs no sorter: 100,000 tokens
   * arrive without a sort key being made for any of them. */
  order = gtk_drop_down_get_selected (self->sort_dropdown);
  sorter = order != SORT_NEWEST ? build_sorter (order) : NULL;
  gtk_sort_list_model_set_sorter (self->sort_model, sorter);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* Rebuilds the owner and organization choices from the tokens, keeping
 * what was chosen when it is still there. */
static void
refill_choices (GtkDropDown   *dropdown,
                GtkStringList *model,
                const char    *any_label,
                GHashTable    *values)
{
  g_autofree char *previous = g_strdup (selected_string (dropdown));
  g_autofree gpointer *keys = NULL;
  g_autoptr(GPtrArray) strings = g_ptr_array_new ();
  guint n_keys = 0;
  guint selected = 0;

  keys = g_hash_table_get_keys_as_array (values, &n_keys);
  qsort (keys, n_keys, sizeof (gpointer), compare_strings);

  g_ptr_array_add (strings, (gpointer)any_label);
  for (guint i = 0; i < n_keys; i++)
    {
      if (g_strcmp0 (keys[i], previous) == 0)
        selected = i + 1;
      g_ptr_array_add (strings, keys[i]);
    }
  g_ptr_array_add (strings, NULL);

  gtk_string_list_splice (model, 0, g_list_model_get_n_items (G_LIST_MODEL (model)),
                          (const char * const *)strings->pdata);
  gtk_drop_down_set_selected (dropdown, selected);
}

static void
update_choices (TokensWindow *self)
{
  g_autoptr(GHashTable) owners = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) orgs = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->token_list));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensAuthorization) a = g_list_model_get_item (G_LIST_MODEL (self->token_list), i);
      const char *user = tokens_authorization_get_user (a);
      const char *org = tokens_authorization_get_org (a);

      if (user != NULL)
        g_hash_table_add (owners, (gpointer)user);
      if (org != NULL)
        g_hash_table_add (orgs, (gpointer)org);
    }

  if (self->owner_model == NULL)
    return;
  refill_choices (self->owner_dropdown, self->owner_model, _("Any Owner"), owners);
  refill_choices (self->org_dropdown, self->org_model, _("Any Organization"), orgs);
}

/* ---------------------------------------------------------------------- */
/* Details                                                                */

static guint
n_selected (TokensWindow *self)
{
  g_autoptr(GtkBitset) set = NULL;

  if (self->selection == NULL)
    return 0;
  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  return (guint)MIN (gtk_bitset_get_size (set), G_MAXUINT);
}

/* The selected tokens, in the order the list shows them. */
static GPtrArray *
selected_authorizations (TokensWindow *self)
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
static TokensAuthorization *
selected_authorization (TokensWindow *self)
{
  g_autoptr(GtkBitset) set = NULL;
  g_autoptr(TokensAuthorization) item = NULL;

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
static void
ensure_details_pane (TokensWindow *self)
{
  if (self->details_pane != NULL)
    return;
  self->details_pane = g_object_new (TOKENS_TYPE_DETAILS_PANE, NULL);
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

static void
update_details (TokensWindow *self)
{
  TokensAuthorization *a = selected_authorization (self);

  guint n = n_selected (self);

  if (a != NULL)
    ensure_details_pane (self);
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
      set_details_title (self, tokens_authorization_get_display_name (a), tokens_authorization_get_summary (a));
      gtk_stack_set_visible_child_name (self->details_stack, "details");
    }
}

static void
update_selection_bar (TokensWindow *self)
{
  guint n = n_selected (self);
  guint n_active = 0;
  guint n_inactive = 0;
  gboolean running = self->bulk_cancellable != NULL;
  g_autofree char *text = NULL;
  g_autofree char *done = tokens_format_count (MIN (self->bulk_done + 1, self->bulk_total));
  g_autofree char *total = tokens_format_count (self->bulk_total);
  g_autofree char *count = tokens_format_count (n);

  if (n > 0 && !running)
    {
      g_autoptr(GPtrArray) selected = selected_authorizations (self);

      for (guint i = 0; i < selected->len; i++)
        {
          if (tokens_authorization_get_active (g_ptr_array_index (selected, i)))
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
      g_autofree char *delete = g_strdup_printf (ngettext ("_Delete %s Token…", "_Delete %s Tokens…", n),
                                                 count);

      GtkButton *buttons[] = { self->activate_selection_button, self->deactivate_selection_button,
                               self->delete_selection_button };
      const char *counted[] = { activate, deactivate, delete };
      /* At phone width three counted labels do not fit: the title counts
       * instead ("4 Selected"), and the buttons keep the count for screen
       * readers. */
      const char *plain[] = { _("_Activate"), _("De_activate…"), _("_Delete…") };
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
      gtk_button_set_label (self->delete_selection_button, _("_Delete…"));
    }
  /* Only what the selection holds: Activate for inactive ones, Deactivate
   * for active ones. */
  gtk_widget_set_visible (GTK_WIDGET (self->activate_selection_button), n_inactive > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->deactivate_selection_button), n == 0 || n_active > 0);
  gtk_stack_set_visible_child_name (self->selection_stack, running ? "progress" : "actions");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-selection", n > 0 && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.deactivate-selection", n_active > 0 && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.activate-selection", n_inactive > 0 && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-bulk", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.leave-selection",
                                 (self->selection_mode || n > 1) && !running);
}

static void
on_selection_changed (TokensWindow *self)
{
  update_details (self);
  update_selection_bar (self);
  update_subtitle (self);
}

/* The rows the list view has made, on screen or just off it. */
static void
set_rows_selection_mode (GtkWidget *widget,
                         gboolean   mode)
{
  if (TOKENS_IS_AUTHORIZATION_ROW (widget))
    {
      GtkListItem *item = g_object_get_data (G_OBJECT (widget), "tokens-list-item");

      tokens_authorization_row_set_selection_mode (TOKENS_AUTHORIZATION_ROW (widget), mode);
      if (item != NULL)
        tokens_authorization_row_set_checked (TOKENS_AUTHORIZATION_ROW (widget),
                                              gtk_list_item_get_selected (item));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    set_rows_selection_mode (child, mode);
}

static void
set_selection_mode (TokensWindow *self,
                    gboolean      mode)
{
  gboolean changed = self->selection_mode != mode;

  self->selection_mode = mode;
  if (gtk_toggle_button_get_active (self->select_button) != mode)
    gtk_toggle_button_set_active (self->select_button, mode);
  if (changed)
    {
      set_rows_selection_mode (GTK_WIDGET (self->list_view), mode);
      update_title_buttons (self);
    }
  update_subtitle (self);
  update_selection_bar (self);
}

static void
on_select_toggled_cb (TokensWindow *self)
{
  gboolean mode = gtk_toggle_button_get_active (self->select_button);

  if (!mode && self->selection != NULL)
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  set_selection_mode (self, mode);
}

static void
on_list_activate_cb (TokensWindow *self,
                     guint         position)
{
  if (self->selection_mode)
    return;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  update_details (self);
  adw_leaflet_set_visible_child (self->leaflet, self->details_box);
}

static void
on_back_clicked_cb (TokensWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
update_title_buttons (TokensWindow *self)
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

static void
on_leaflet_folded_cb (TokensWindow *self)
{
  update_title_buttons (self);
  update_selection_bar (self);
}

/* ---------------------------------------------------------------------- */
/* The token list                                                         */

static void ensure_choices (TokensWindow *self);

static gboolean
update_choices_idle (gpointer user_data)
{
  TokensWindow *self = user_data;

  self->choices_idle = 0;
  ensure_choices (self);
  return G_SOURCE_REMOVE;
}

static gboolean
choices_shown (TokensWindow *self)
{
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->filter_button));

  return popover != NULL && gtk_widget_get_visible (GTK_WIDGET (popover));
}

/* Brings the owner and organization choices up to date, if they lag. */
static void
ensure_choices (TokensWindow *self)
{
  g_clear_handle_id (&self->choices_idle, g_source_remove);
  if (!self->choices_stale || self->token_list == NULL)
    return;
  self->choices_stale = FALSE;
  update_choices (self);
}

static void
on_filter_popover_shown (TokensWindow *self)
{
  ensure_choices (self);
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
  if (choices_shown (self))
    {
      if (added > 0)
        ensure_choices (self);
      else if (self->choices_idle == 0)
        self->choices_idle = g_idle_add (update_choices_idle, self);
    }
  update_view (self);
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
  update_view (self);
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
          update_view (self);
        }
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* With tokens already shown, a failed refresh keeps them and says why. */
  if (g_list_model_get_n_items (G_LIST_MODEL (object)) > 0 && !is_fatal_error (error))
    {
      /* Translators: %s is why, e.g. "The server answered 502 Bad Gateway" */
      g_autofree char *title = g_strdup_printf (_("Could not refresh: %s"), error->message);
      show_toast (self, title, _("_Retry"), "win.refresh");
    }
}

static void
refresh (TokensWindow *self)
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
    tokens_authorization_row_set_checked (TOKENS_AUTHORIZATION_ROW (row), gtk_list_item_get_selected (item));
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
    row = g_object_ref_sink (tokens_authorization_row_new ());
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
  TokensAuthorizationRow *row = TOKENS_AUTHORIZATION_ROW (gtk_list_item_get_child (item));

  tokens_authorization_row_set_authorization (row, gtk_list_item_get_item (item));
  g_object_set_data (G_OBJECT (row), "tokens-list-item", item);
  tokens_authorization_row_set_selection_mode (row, self->selection_mode);
  tokens_authorization_row_set_checked (row, gtk_list_item_get_selected (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  tokens_authorization_row_set_authorization (TOKENS_AUTHORIZATION_ROW (gtk_list_item_get_child (item)),
                                              NULL);
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (item)), "tokens-list-item", NULL);
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

  /* Our handler first: it makes sorting incremental before the sort model
   * sees 100,000 new tokens. */
  if (token_list != NULL)
    g_signal_connect_object (token_list, "items-changed",
                             G_CALLBACK (on_token_list_changed), self, G_CONNECT_SWAPPED);
  gtk_sort_list_model_set_model (self->sort_model,
                                 token_list != NULL ? G_LIST_MODEL (token_list) : NULL);
  if (token_list != NULL)
    g_signal_connect_object (token_list, "items-changed",
                             G_CALLBACK (on_token_list_changed_after), self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", token_list != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", token_list != NULL);
  /* Nothing to refresh, search or sort without a server. */
  gtk_widget_set_visible (self->search_button, token_list != NULL);
  gtk_widget_set_visible (self->filter_button, token_list != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->select_button), token_list != NULL);
  update_title_buttons (self);
  if (token_list == NULL)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);

  if (token_list != NULL)
    {
      g_signal_connect_object (token_list, "notify::state",
                               G_CALLBACK (on_token_list_notify), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (token_list, "notify::retry-in",
                               G_CALLBACK (on_token_list_notify), self, G_CONNECT_SWAPPED);
      self->choices_stale = TRUE;
      if (choices_shown (self))
        ensure_choices (self);
    }

  update_view (self);
  update_details (self);

  if (token_list != NULL &&
      tokens_token_list_get_state (token_list) != TOKENS_TOKEN_LIST_STATE_LOADING)
    refresh (self);
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
  update_view (self);
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
  show_toast (self, text, NULL, NULL);
}

TokensTokenList *
tokens_window_get_token_list (TokensWindow *self)
{
  g_return_val_if_fail (TOKENS_IS_WINDOW (self), NULL);
  return self->token_list;
}

/* ---------------------------------------------------------------------- */
/* Operations                                                             */

typedef struct
{
  TokensWindow *self;
  char *id;
  char *name;
  char *old_description;
  gboolean was_current;
  gboolean activate;
  guint position;          /* in the list as shown, while it was the one selected */
  gboolean focus_in_list;  /* the list had the focus when it was asked for */
} Operation;

static void focus_row (TokensWindow *self,
                       guint         position);

static Operation *
operation_new (TokensWindow        *self,
               TokensAuthorization *authorization)
{
  Operation *op = g_new0 (Operation, 1);

  op->self = g_object_ref (self);
  op->id = g_strdup (tokens_authorization_get_id (authorization));
  op->name = g_strdup (tokens_authorization_get_display_name (authorization));
  op->old_description = g_strdup (tokens_authorization_get_description (authorization));
  op->was_current = tokens_authorization_get_is_current (authorization);
  op->position = G_MAXUINT;
  if (self->selection != NULL)
    {
      g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
      GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

      if (gtk_bitset_get_size (selected) == 1)
        {
          guint position = gtk_bitset_get_nth (selected, 0);
          g_autoptr(TokensAuthorization) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

          if (item == authorization)
            op->position = position;
        }
      op->focus_in_list = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view));
    }
  return op;
}

static void
operation_free (Operation *op)
{
  g_object_unref (op->self);
  g_free (op->id);
  g_free (op->name);
  g_free (op->old_description);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Operation, operation_free)

/* The app's own token was switched off or deleted (by the app, or so the
 * server says): the window says so instead of listing. */
static void
set_own_token (TokensWindow *self,
               OwnToken      own_token)
{
  if (self->own_token == OWN_TOKEN_DELETED)
    return;
  self->own_token = own_token;
  update_view (self);
  update_details (self);
}

/* Any answer "token is inactive" is about the app's own token. */
static void
note_own_token_error (TokensWindow *self,
                      const GError *error)
{
  if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_TOKEN_INACTIVE))
    set_own_token (self, OWN_TOKEN_INACTIVE);
}

static void
on_delete_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  TokensWindow *self = op->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean already = FALSE;

  if (!tokens_token_list_delete_finish (TOKENS_TOKEN_LIST (object), result, &already, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s names the token */
      text = g_strdup_printf (_("“%s” was not deleted. %s"), op->name, error->message);
      show_failure (self, _("Could Not Delete Token"), text);
      note_own_token_error (self, error);
      return;
    }

  if (already)
    /* Translators: %s names the token */
    text = g_strdup_printf (_("“%s” had already been deleted"), op->name);
  else
    text = g_strdup_printf (_("“%s” deleted"), op->name);
  show_toast (self, text, NULL, NULL);

  /* The keyboard goes on from the next row, as in Files. */
  if (op->focus_in_list && op->position != G_MAXUINT && !op->was_current)
    focus_row (self, op->position);

  /* Without its own token the app is signed out: say so plainly. */
  if (op->was_current)
    set_own_token (self, OWN_TOKEN_DELETED);
}

static void
on_set_active_done (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  TokensWindow *self = op->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!tokens_token_list_set_active_finish (TOKENS_TOKEN_LIST (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (op->activate ? _("“%s” is still inactive. %s")
                                           : _("“%s” is still active. %s"),
                              op->name, error->message);
      show_failure (self, op->activate ? _("Could Not Activate Token")
                                       : _("Could Not Deactivate Token"), text);
      /* Put the switch back where the server says it is. */
      if (self->details_pane != NULL)
        tokens_details_pane_sync (self->details_pane);
      note_own_token_error (self, error);
      return;
    }

  text = g_strdup_printf (op->activate ? _("“%s” activated") : _("“%s” deactivated"), op->name);
  if (!op->activate && op->was_current)
    {
      /* No Undo: the server refuses an inactive token, even to activate itself. */
      show_toast (self, text, NULL, NULL);
      set_own_token (self, OWN_TOKEN_INACTIVE);
    }
  else if (!op->activate)
    show_undo_toast (self, text, "win.set-token-active", g_variant_new ("(sb)", op->id, TRUE));
  else
    show_toast (self, text, NULL, NULL);
}

static void
set_active (TokensWindow        *self,
            TokensAuthorization *authorization,
            gboolean             active)
{
  Operation *op = operation_new (self, authorization);

  op->activate = active;
  tokens_token_list_set_active_async (self->token_list, tokens_authorization_get_id (authorization),
                                      active, self->cancellable, on_set_active_done, op);
}

/* The token a confirmation is about, if the list still has it and nothing
 * else is being done to it. */
static TokensAuthorization *
confirmed_authorization (TokensWindow *self,
                         GtkWidget    *dialog)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "token-id");
  TokensAuthorization *authorization;

  if (self->delete_dialog == dialog)
    self->delete_dialog = NULL;
  if (self->token_list == NULL)
    return NULL;
  authorization = tokens_token_list_lookup (self->token_list, id);
  if (authorization == NULL || tokens_authorization_get_busy (authorization))
    return NULL;
  return authorization;
}

static void
on_delete_response (GtkWidget  *dialog,
                    const char *response,
                    gpointer    user_data)
{
  TokensWindow *self = TOKENS_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  TokensAuthorization *authorization = confirmed_authorization (self, dialog);

  if (authorization == NULL)
    return;

  if (g_str_equal (response, TOKENS_DELETE_RESPONSE_DELETE))
    tokens_token_list_delete_async (self->token_list, tokens_authorization_get_id (authorization),
                                    self->cancellable, on_delete_done,
                                    operation_new (self, authorization));
  else if (g_str_equal (response, TOKENS_DELETE_RESPONSE_DEACTIVATE))
    set_active (self, authorization, FALSE);
}

static void
present_confirmation (TokensWindow *self,
                      GtkWidget    *dialog,
                      const char   *id,
                      GCallback     on_response)
{
  g_object_set_data_full (G_OBJECT (dialog), "token-id", g_strdup (id), g_free);
  g_signal_connect (dialog, "response", on_response, NULL);
  self->delete_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_token_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  TokensAuthorization *authorization;

  if (self->token_list == NULL)
    return;
  authorization = tokens_token_list_lookup (self->token_list, id);
  if (authorization == NULL || tokens_authorization_get_busy (authorization))
    return;

  present_confirmation (self, tokens_delete_dialog_new (GTK_WINDOW (self), authorization,
                                                        self->server_name),
                        id, G_CALLBACK (on_delete_response));
}

static void
on_deactivate_response (GtkWidget  *dialog,
                        const char *response,
                        gpointer    user_data)
{
  TokensWindow *self = TOKENS_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  TokensAuthorization *authorization = confirmed_authorization (self, dialog);

  if (authorization != NULL && g_str_equal (response, TOKENS_DELETE_RESPONSE_DEACTIVATE))
    set_active (self, authorization, FALSE);
  else if (self->details_pane != NULL)
    /* Cancelled: the switch goes back to what the server has. */
    tokens_details_pane_sync (self->details_pane);
}

/* Activating gives access back and runs at once; deactivating takes it
 * away, so it asks first, as deleting does. */
static void
set_token_active_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);
  const char *id;
  gboolean active;
  TokensAuthorization *authorization;

  g_variant_get (parameter, "(&sb)", &id, &active);
  if (self->token_list == NULL ||
      (authorization = tokens_token_list_lookup (self->token_list, id)) == NULL ||
      tokens_authorization_get_busy (authorization) ||
      tokens_authorization_get_active (authorization) == active)
    {
      if (self->details_pane != NULL)
        tokens_details_pane_sync (self->details_pane);
      return;
    }

  if (active)
    set_active (self, authorization, TRUE);
  else
    present_confirmation (self, tokens_deactivate_dialog_new (GTK_WINDOW (self), authorization,
                                                              self->server_name),
                          id, G_CALLBACK (on_deactivate_response));
}

static void
on_rename_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!tokens_token_list_rename_finish (TOKENS_TOKEN_LIST (object), result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("“%s” keeps its description. %s"), op->name, error->message);
      show_failure (op->self, _("Could Not Rename Token"), text);
      if (op->self->details_pane != NULL)
        tokens_details_pane_sync (op->self->details_pane);
      note_own_token_error (op->self, error);
      return;
    }

  show_undo_toast (op->self, _("Description saved"), "win.rename-token",
                   g_variant_new ("(ss)", op->id, op->old_description != NULL ? op->old_description : ""));
  update_details (op->self);
}

static void
rename_token_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);
  const char *id;
  const char *description;
  TokensAuthorization *authorization;

  g_variant_get (parameter, "(&s&s)", &id, &description);
  if (self->token_list == NULL ||
      (authorization = tokens_token_list_lookup (self->token_list, id)) == NULL ||
      tokens_authorization_get_busy (authorization))
    return;

  tokens_token_list_rename_async (self->token_list, id, description, self->cancellable,
                                  on_rename_done, operation_new (self, authorization));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (TOKENS_WINDOW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
show_toast_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  show_toast (TOKENS_WINDOW (widget), g_variant_get_string (parameter, NULL), NULL, NULL);
}

static void
on_update_token_response (GtkWidget  *dialog,
                          const char *response,
                          gpointer    user_data)
{
  TokensWindow *self = TOKENS_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autoptr(TokensClient) client = NULL;
  g_autoptr(TokensTokenList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  const char *url;

  if (!g_str_equal (response, "connect") || self->server_url == NULL)
    return;

  url = self->server_url;
  client = tokens_client_new (url, gtk_editable_get_text (entry), NULL, &error);
  /* The entry held the token: clear it now that the client has its copy. */
  gtk_editable_set_text (entry, "");
  if (client == NULL)
    {
      show_failure (self, _("Could Not Use the Token"), error->message);
      return;
    }

  name = g_strdup (self->server_name);
  list = tokens_token_list_new (client);
  if (self->token_list != NULL)
    tokens_token_list_set_org (list, tokens_token_list_get_org (self->token_list));
  tokens_window_set_token_list (self, list, name);
}

static void
update_token_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (self->server_url == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Use Another Token"),
                                   _("Paste an API token for this server. It is used for this "
                                     "session only and never written to disk."));
  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("API token"), -1);
  g_object_set (entry, "activates-default", TRUE, NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "connect", _("C_onnect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "connect",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (dialog, "response", G_CALLBACK (on_update_token_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---------------------------------------------------------------------- */
/* Many at once                                                           */

static void
select_ids (TokensWindow *self,
            GPtrArray    *ids)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  g_autoptr(GtkBitset) wanted = gtk_bitset_new_empty ();
  g_autoptr(GtkBitset) mask = NULL;
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensAuthorization) a = g_list_model_get_item (model, i);

      for (guint j = 0; j < ids->len; j++)
        if (g_strcmp0 (tokens_authorization_get_id (a), g_ptr_array_index (ids, j)) == 0)
          gtk_bitset_add (wanted, i);
    }

  mask = gtk_bitset_new_range (0, n);
  gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), wanted, mask);
}

static void
on_bulk_progress (TokensWindow    *self,
                  guint            done,
                  guint            total,
                  TokensTokenList *list)
{
  gtk_progress_bar_set_fraction (self->bulk_progress, total > 0 ? (double)done / total : 0);
  self->bulk_done = done;
  self->bulk_total = total;
  update_selection_bar (self);
}

static void
finish_bulk (TokensWindow *self)
{
  if (self->token_list != NULL)
    g_signal_handlers_disconnect_by_func (self->token_list, on_bulk_progress, self);
  g_clear_object (&self->bulk_cancellable);
  update_selection_bar (self);
}

typedef struct
{
  TokensWindow *self;
  GHashTable *names;       /* id -> display name, for the summary */
  char *current_id;        /* the app's own token, when it is in the batch */
  BulkKind kind;
  GStrv ids;
} BulkOp;

static void
bulk_op_free (BulkOp *op)
{
  g_object_unref (op->self);
  g_hash_table_unref (op->names);
  g_free (op->current_id);
  g_strfreev (op->ids);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BulkOp, bulk_op_free)

static gboolean
is_among (GPtrArray  *ids,
          const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i), id) == 0)
      return TRUE;
  return FALSE;
}

/* "3 of 10,011 tokens were deleted." */
static void
append_bulk_count (GString  *body,
                   BulkKind  kind,
                   guint     done,
                   guint     requested)
{
  g_autofree char *done_text = tokens_format_count (done);
  g_autofree char *requested_text = tokens_format_count (requested);

  if (kind == BULK_DEACTIVATE)
    g_string_append_printf (body, ngettext ("%s of %s token was deactivated.",
                                            "%s of %s tokens were deactivated.", requested),
                            done_text, requested_text);
  else if (kind == BULK_ACTIVATE)
    g_string_append_printf (body, ngettext ("%s of %s token was activated.",
                                            "%s of %s tokens were activated.", requested),
                            done_text, requested_text);
  else
    g_string_append_printf (body, ngettext ("%s of %s token was deleted.",
                                            "%s of %s tokens were deleted.", requested),
                            done_text, requested_text);
}

static void
on_bulk_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BulkOp) op = user_data;
  TokensWindow *self = op->self;
  TokensTokenList *list = TOKENS_TOKEN_LIST (object);
  g_autoptr(TokensBulkResult) bulk =
    op->kind == BULK_DEACTIVATE ? tokens_token_list_deactivate_many_finish (list, result) :
    op->kind == BULK_ACTIVATE ? tokens_token_list_activate_many_finish (list, result) :
    tokens_token_list_delete_many_finish (list, result);
  guint changed = bulk->n_done + bulk->n_already_gone;
  g_autofree char *count = tokens_format_count (changed);
  g_autofree char *text = NULL;
  gboolean own_changed = op->current_id != NULL && !is_among (bulk->failed_ids, op->current_id) &&
                         !bulk->cancelled;
  gboolean inactive_seen = FALSE;

  finish_bulk (self);

  for (guint i = 0; i < bulk->failures->len; i++)
    inactive_seen |= g_error_matches (g_ptr_array_index (bulk->failures, i), TOKENS_CLIENT_ERROR,
                                      TOKENS_CLIENT_ERROR_TOKEN_INACTIVE);

  if (bulk->failed_ids->len > 0)
    {
      g_autoptr(GString) body = g_string_new (NULL);

      append_bulk_count (body, op->kind, changed, bulk->n_requested);
      g_string_append_c (body, ' ');
      g_string_append (body, ngettext ("This one was not, and stays selected:",
                                       "These were not, and stay selected:", bulk->failed_ids->len));
      for (guint i = 0; i < bulk->failed_ids->len && i < 10; i++)
        {
          const char *id = g_ptr_array_index (bulk->failed_ids, i);
          const GError *error = g_ptr_array_index (bulk->failures, i);

          g_string_append_printf (body, "\n• “%s”: %s", (const char *)g_hash_table_lookup (op->names, id),
                                  error->message);
        }
      if (bulk->failed_ids->len > 10)
        {
          g_autofree char *more = tokens_format_count (bulk->failed_ids->len - 10);

          g_string_append_printf (body, ngettext ("\n… and %s more", "\n… and %s more",
                                                  bulk->failed_ids->len - 10), more);
        }
      select_ids (self, bulk->failed_ids);
      show_failure (self,
                    op->kind == BULK_DEACTIVATE ? _("Some Tokens Were Not Deactivated") :
                    op->kind == BULK_ACTIVATE ? _("Some Tokens Were Not Activated") :
                    _("Some Tokens Were Not Deleted"),
                    body->str);
    }
  else if (bulk->cancelled)
    {
      if (op->kind == BULK_DEACTIVATE)
        text = g_strdup_printf (ngettext ("Stopped after deactivating %s token",
                                          "Stopped after deactivating %s tokens", changed), count);
      else if (op->kind == BULK_ACTIVATE)
        text = g_strdup_printf (ngettext ("Stopped after activating %s token",
                                          "Stopped after activating %s tokens", changed), count);
      else
        text = g_strdup_printf (ngettext ("Stopped after deleting %s token",
                                          "Stopped after deleting %s tokens", changed), count);
      show_toast (self, text, NULL, NULL);
    }
  else if (op->kind == BULK_DEACTIVATE)
    {
      /* Reversible, so the selection stays for what comes next, and Undo
       * activates them again: not when the app's own token was among them,
       * as the server refuses an inactive token everything. */
      text = g_strdup_printf (ngettext ("%s token deactivated", "%s tokens deactivated", changed), count);
      if (op->current_id == NULL)
        show_undo_toast (self, text, "win.activate-tokens",
                         g_variant_new_strv ((const char * const *)op->ids, -1));
      else
        show_toast (self, text, NULL, NULL);
    }
  else if (op->kind == BULK_ACTIVATE)
    {
      text = g_strdup_printf (ngettext ("%s token activated", "%s tokens activated", changed), count);
      show_toast (self, text, NULL, NULL);
    }
  else
    {
      text = g_strdup_printf (ngettext ("%s token deleted", "%s tokens deleted", changed), count);
      show_toast (self, text, NULL, NULL);
      set_selection_mode (self, FALSE);
    }

  if (own_changed && op->kind == BULK_DELETE)
    set_own_token (self, OWN_TOKEN_DELETED);
  else if ((own_changed && op->kind == BULK_DEACTIVATE) || inactive_seen)
    set_own_token (self, OWN_TOKEN_INACTIVE);
}

/* Deletes, deactivates or activates @authorizations a few at a time, with
 * progress and Stop in the selection bar. */
static void
start_bulk (TokensWindow *self,
            GPtrArray    *authorizations,
            BulkKind      kind)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  BulkOp *op = g_new0 (BulkOp, 1);

  op->self = g_object_ref (self);
  op->kind = kind;
  op->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < authorizations->len; i++)
    {
      TokensAuthorization *a = g_ptr_array_index (authorizations, i);

      g_strv_builder_add (builder, tokens_authorization_get_id (a));
      g_hash_table_insert (op->names, g_strdup (tokens_authorization_get_id (a)),
                           g_strdup (tokens_authorization_get_display_name (a)));
      if (tokens_authorization_get_is_current (a))
        {
          g_free (op->current_id);
          op->current_id = g_strdup (tokens_authorization_get_id (a));
        }
    }
  op->ids = g_strv_builder_end (builder);

  self->bulk_cancellable = g_cancellable_new ();
  self->bulk_done = 0;
  self->bulk_total = g_strv_length (op->ids);
  self->bulk_kind = kind;
  self->bulk_stopping = FALSE;
  gtk_progress_bar_set_fraction (self->bulk_progress, 0);
  g_signal_connect_object (self->token_list, "bulk-progress", G_CALLBACK (on_bulk_progress), self,
                           G_CONNECT_SWAPPED);
  update_selection_bar (self);
  if (kind == BULK_DEACTIVATE)
    tokens_token_list_deactivate_many_async (self->token_list, (const char * const *)op->ids,
                                             self->bulk_concurrency, self->bulk_cancellable,
                                             on_bulk_done, op);
  else if (kind == BULK_ACTIVATE)
    tokens_token_list_activate_many_async (self->token_list, (const char * const *)op->ids,
                                           self->bulk_concurrency, self->bulk_cancellable,
                                           on_bulk_done, op);
  else
    tokens_token_list_delete_many_async (self->token_list, (const char * const *)op->ids,
                                         self->bulk_concurrency, self->bulk_cancellable,
                                         on_bulk_done, op);
}

static void
on_many_response (GtkWidget  *dialog,
                  const char *response,
                  gpointer    user_data)
{
  TokensWindow *self = TOKENS_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  GPtrArray *authorizations = g_object_get_data (G_OBJECT (dialog), "authorizations");

  if (self->delete_dialog == dialog)
    self->delete_dialog = NULL;
  if (self->token_list == NULL || self->bulk_cancellable != NULL)
    return;
  if (g_str_equal (response, TOKENS_DELETE_RESPONSE_DELETE))
    start_bulk (self, authorizations, BULK_DELETE);
  else if (g_str_equal (response, TOKENS_DELETE_RESPONSE_DEACTIVATE))
    start_bulk (self, authorizations, BULK_DEACTIVATE);
}

static void
present_many_confirmation (TokensWindow       *self,
                           GPtrArray          *authorizations,
                           TokensAccessAction  action)
{
  GtkWidget *dialog =
    tokens_delete_dialog_new_for_many (GTK_WINDOW (self), authorizations, self->server_name, action,
                                       g_list_model_get_n_items (G_LIST_MODEL (self->token_list)));

  g_object_set_data_full (G_OBJECT (dialog), "authorizations", g_ptr_array_ref (authorizations),
                          (GDestroyNotify)g_ptr_array_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_many_response), NULL);
  self->delete_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The selected tokens nothing else is being done to, and of them, with
 * @want_active other than -1, those active (1) or inactive (0). */
static GPtrArray *
selected_idle (TokensWindow *self,
               int           want_active)
{
  g_autoptr(GPtrArray) authorizations = selected_authorizations (self);
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < authorizations->len; i++)
    {
      TokensAuthorization *a = g_ptr_array_index (authorizations, i);

      if (tokens_authorization_get_busy (a))
        continue;
      if (want_active != -1 && tokens_authorization_get_active (a) != (want_active == 1))
        continue;
      g_ptr_array_add (result, g_object_ref (a));
    }
  return result;
}

static void
delete_selection_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);
  g_autoptr(GPtrArray) authorizations = selected_idle (self, -1);

  if (authorizations->len == 0 || self->bulk_cancellable != NULL)
    return;
  if (authorizations->len == 1)
    {
      gtk_widget_activate_action (widget, "win.delete-token", "s",
                                  tokens_authorization_get_id (g_ptr_array_index (authorizations, 0)));
      return;
    }
  present_many_confirmation (self, authorizations, TOKENS_ACCESS_DELETE);
}

/* Deactivating takes access away: one confirmation for the batch, with the
 * dangerous ones listed apart, as for deleting. It goes through the same
 * bounded, cancellable batch, as there may be thousands. */
static void
deactivate_selection_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);
  g_autoptr(GPtrArray) active = selected_idle (self, 1);

  if (self->bulk_cancellable != NULL)
    return;

  if (active->len == 0)
    show_toast (self, _("The selected tokens are already inactive"), NULL, NULL);
  else if (active->len == 1)
    gtk_widget_activate_action (widget, "win.set-token-active", "(sb)",
                                tokens_authorization_get_id (g_ptr_array_index (active, 0)), FALSE);
  else
    present_many_confirmation (self, active, TOKENS_ACCESS_DEACTIVATE);
}

/* Activating gives access back: it runs at once. */
static void
activate_selection_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);
  g_autoptr(GPtrArray) inactive = selected_idle (self, 0);

  if (self->bulk_cancellable != NULL || inactive->len == 0)
    return;
  start_bulk (self, inactive, BULK_ACTIVATE);
}

/* The Undo of a bulk deactivation: these tokens, active again. */
static void
activate_tokens_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);
  g_autofree const char **ids = g_variant_get_strv (parameter, NULL);
  g_autoptr(GPtrArray) inactive = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->token_list == NULL || self->bulk_cancellable != NULL)
    return;
  for (guint i = 0; ids[i] != NULL; i++)
    {
      TokensAuthorization *a = tokens_token_list_lookup (self->token_list, ids[i]);

      if (a != NULL && !tokens_authorization_get_active (a) && !tokens_authorization_get_busy (a))
        g_ptr_array_add (inactive, g_object_ref (a));
    }
  if (inactive->len > 0)
    start_bulk (self, inactive, BULK_ACTIVATE);
}

static void
cancel_bulk_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);

  if (self->bulk_cancellable != NULL)
    {
      g_cancellable_cancel (self->bulk_cancellable);
      self->bulk_stopping = TRUE;
      update_selection_bar (self);
    }
}

/*
 * Closing the shortcuts window destroys it rather than hiding it (which
 * gtk_application_window_set_help_overlay() asks for): no hidden window may
 * stay among the toplevels. GTK 4.8's AT-SPI root answers GetChildAtIndex
 * with an index past its visible windows (a screen reader's count gone
 * stale as a dialog closes) with the last toplevel, visible or not, and a
 * hidden window has no object path, on which the app crashes.
 */
static gboolean
help_overlay_close_request (GtkWindow            *overlay,
                            GtkApplicationWindow *window)
{
  if (gtk_application_window_get_help_overlay (window) == GTK_SHORTCUTS_WINDOW (overlay))
    gtk_application_window_set_help_overlay (window, NULL);
  else
    gtk_window_destroy (overlay);
  return TRUE;
}

/*
 * The shortcuts window is built the first time it is asked for, not with
 * every main window: GTK builds a help overlay found at the conventional
 * resource path for each window as it opens, on the way to the first frame.
 */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource (RESOURCE_PATH "/tokens-shortcuts-window.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
      g_signal_connect_object (overlay, "close-request",
                               G_CALLBACK (help_overlay_close_request), window, 0);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);

  if (self->token_list == NULL)
    return;
  set_selection_mode (self, TRUE);
  /* What the search and filters show, not what they hide. */
  tokens_paced_model_finish (self->paced_model);
  gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
}

static void
leave_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);

  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  set_selection_mode (self, FALSE);
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                */

static void
tokens_window_dispose (GObject *object)
{
  TokensWindow *self = (TokensWindow *)object;

  g_clear_handle_id (&self->choices_idle, g_source_remove);
  g_clear_handle_id (&self->spinner_delay, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->bulk_cancellable != NULL)
    g_cancellable_cancel (self->bulk_cancellable);
  if (self->token_list != NULL)
    g_signal_handlers_disconnect_by_data (self->token_list, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  self->sort_model = NULL;
  self->filter_model = NULL;
  self->paced_model = NULL;
  g_clear_object (&self->filter);
  g_clear_object (&self->selection);
  gtk_widget_dispose_template (GTK_WIDGET (self), TOKENS_TYPE_WINDOW);
  self->details_pane = NULL;  /* went with the details stack */
  /* and these with the Sort and Filter popover */
  self->sort_dropdown = self->status_dropdown = self->owner_dropdown = self->org_dropdown = NULL;
  self->owner_model = self->org_model = NULL;
  g_clear_pointer (&self->spare_rows, g_ptr_array_unref);
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
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, credentials_button);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, details_box);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, details_separator);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, details_header_bar);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, details_title);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, details_subtitle);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, TokensWindow, details_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_select_toggled_cb);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.delete-token", "s", delete_token_action);
  gtk_widget_class_install_action (widget_class, "win.set-token-active", "(sb)", set_token_active_action);
  gtk_widget_class_install_action (widget_class, "win.rename-token", "(ss)", rename_token_action);
  gtk_widget_class_install_action (widget_class, "win.show-toast", "s", show_toast_action);
  gtk_widget_class_install_action (widget_class, "win.update-token", NULL, update_token_action);
  gtk_widget_class_install_action (widget_class, "win.delete-selection", NULL, delete_selection_action);
  gtk_widget_class_install_action (widget_class, "win.deactivate-selection", NULL, deactivate_selection_action);
  gtk_widget_class_install_action (widget_class, "win.activate-selection", NULL, activate_selection_action);
  gtk_widget_class_install_action (widget_class, "win.activate-tokens", "as", activate_tokens_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-bulk", NULL, cancel_bulk_action);
  gtk_widget_class_install_action (widget_class, "win.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);
  gtk_widget_class_install_action (widget_class, "win.leave-selection", NULL, leave_selection_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "win.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.leave-selection", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

/*
 * The Sort and Filter popover is built the first time it opens: its four
 * drop-downs, each with a list view of its own, took 4 ms of the window's
 * way to its first frame.
 */
static void
ensure_filter_popover (TokensWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GtkBuilderScope) scope = NULL;
  g_autoptr(GHashTable) none = NULL;
  GtkWidget *popover;

  if (self->sort_dropdown != NULL)
    return;

  scope = gtk_builder_cscope_new ();
  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (scope),
                                           "on_filter_changed_cb", G_CALLBACK (on_filter_changed_cb),
                                           "on_sort_changed_cb", G_CALLBACK (on_sort_changed_cb),
                                           "on_filter_popover_shown", G_CALLBACK (on_filter_popover_shown),
                                           NULL);
  builder = gtk_builder_new ();
  gtk_builder_set_scope (builder, scope);
  gtk_builder_set_current_object (builder, G_OBJECT (self));
  gtk_builder_set_translation_domain (builder, GETTEXT_PACKAGE);
  {
    g_autoptr(GError) error = NULL;

    if (!gtk_builder_add_from_resource (builder, RESOURCE_PATH "/tokens-filter-popover.ui", &error))
      g_error ("%s", error->message);
  }

  self->sort_dropdown = GTK_DROP_DOWN (gtk_builder_get_object (builder, "sort_dropdown"));
  self->status_dropdown = GTK_DROP_DOWN (gtk_builder_get_object (builder, "status_dropdown"));
  self->owner_dropdown = GTK_DROP_DOWN (gtk_builder_get_object (builder, "owner_dropdown"));
  self->org_dropdown = GTK_DROP_DOWN (gtk_builder_get_object (builder, "org_dropdown"));
  self->owner_model = GTK_STRING_LIST (gtk_builder_get_object (builder, "owner_model"));
  self->org_model = GTK_STRING_LIST (gtk_builder_get_object (builder, "org_model"));
  popover = GTK_WIDGET (gtk_builder_get_object (builder, "filter_popover"));

  none = g_hash_table_new (g_str_hash, g_str_equal);
  refill_choices (self->owner_dropdown, self->owner_model, _("Any Owner"), none);
  refill_choices (self->org_dropdown, self->org_model, _("Any Organization"), none);
  self->choices_stale = TRUE;

  /* The button holds the popover, which holds the drop-downs and their
   * models. */
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->filter_button), popover);
}

static void
on_create_filter_popup (GtkMenuButton *button,
                        gpointer       user_data)
{
  ensure_filter_popover (TOKENS_WINDOW (user_data));
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

/* The row widget GTK made for the token at @position, if it is alive. */
static GtkWidget *
find_row_widget (GtkWidget           *widget,
                 TokensAuthorization *authorization)
{
  if (TOKENS_IS_AUTHORIZATION_ROW (widget))
    return tokens_authorization_row_get_authorization (TOKENS_AUTHORIZATION_ROW (widget)) == authorization
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
static void
focus_row (TokensWindow *self,
           guint         position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  g_autoptr(TokensAuthorization) a = NULL;
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
  focus_row (self, 0);
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

static void
tokens_window_init (TokensWindow *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));
  tokens_set_tooltip_on_demand (GTK_WIDGET (self->servers_button), _("Switch Server"));
  tokens_set_tooltip_on_demand (self->refresh_button, _("Refresh"));
  tokens_set_tooltip_on_demand (self->primary_menu_button, _("Main Menu"));
  tokens_set_tooltip_on_demand (self->filter_button, _("Sort and Filter"));
  tokens_set_tooltip_on_demand (GTK_WIDGET (self->select_button), _("Select Tokens"));
  tokens_set_tooltip_on_demand (self->search_button, _("Search"));
  tokens_set_tooltip_on_demand (self->back_button, _("Back"));

  self->cancellable = g_cancellable_new ();

  self->sort_model = gtk_sort_list_model_new (NULL, NULL);  /* newest first, as the list is */
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (self->sort_model), NULL);
  self->paced_model = tokens_paced_model_new (G_LIST_MODEL (self->filter_model), GTK_WIDGET (self));
  g_object_unref (self->filter_model);  /* the paced model holds it */
  /* Shift and Ctrl clicks select several, as everywhere in GTK. */
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (self->paced_model));
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  /* Selected tokens that leave (deleted, say) change the count without a
   * "selection-changed". */
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  self->bulk_concurrency = 8;

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
  update_selection_bar (self);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->filter_button),
                                         on_create_filter_popup, self, NULL);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->primary_menu_button),
                                         on_create_menu_popup, self, NULL);
  gtk_menu_button_set_create_popup_func (self->servers_button, on_create_menu_popup, self, NULL);

  on_leaflet_folded_cb (self);
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
  ensure_details_pane (self);
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
  ensure_filter_popover (self);
  gtk_drop_down_set_selected (self->sort_dropdown, sort);
}

static guint
find_choice (GtkStringList *model,
             const char    *value)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  if (value == NULL)
    return 0;
  for (guint i = 1; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (model, i), value) == 0)
      return i;
  g_return_val_if_reached (0);
}

void
_tokens_window_set_filters (TokensWindow *self,
                            guint         status,
                            const char   *owner,
                            const char   *org)
{
  ensure_filter_popover (self);
  ensure_choices (self);
  gtk_drop_down_set_selected (self->status_dropdown, status);
  gtk_drop_down_set_selected (self->owner_dropdown, find_choice (self->owner_model, owner));
  gtk_drop_down_set_selected (self->org_dropdown, find_choice (self->org_model, org));
}

const char *
_tokens_window_get_subtitle (TokensWindow *self)
{
  return self->subtitle;
}

guint
_tokens_window_get_n_selected (TokensWindow *self)
{
  return n_selected (self);
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
