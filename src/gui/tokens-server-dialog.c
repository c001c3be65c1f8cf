/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-server-dialog"

#include "config.h"

#include "tokens-server-dialog-private.h"
#include "tokens-error-text.h"
#include "tokens-management-token-reader.h"
#include "tokens-secret-store.h"

#include <glib/gi18n.h>
#include <string.h>

/*
 * Adds a server, or edits a saved one. Connect checks everything before
 * anything is saved: the address, the product and version (/ping), and the
 * token (by listing tokens). Failures are shown in the dialog, in words.
 * Then the token goes into the keyring and the rest into GSettings; if the
 * keyring cannot take it, the person may use it for this session only.
 *
 * Signals:
 *   opened (name, TokensTokenList, TokensConnection or NULL): the server
 *   is ready; NULL when it is a session that was not saved.
 *
 * What the server is comes from its address and its answers, except for
 * the two products whose management API the address alone does not name
 * as such: Cloud Dedicated is asked for as its account and cluster (the
 * address follows from them), InfluxDB Clustered as its management API's
 * address, and both sign in with a management token.
 */

/* The choices of kind_row, in the order of the .ui file. */
typedef enum
{
  KIND_FOUND,
  KIND_DEDICATED,
  KIND_CLUSTERED,
} Kind;

#define DEDICATED_CONSOLE "https://console.influxdata.com"
#define CLUSTERED_PRODUCT "clustered"

struct _TokensServerDialog
{
  AdwWindow parent_instance;

  /* template widgets */
  AdwPreferencesGroup *form_group;
  AdwComboRow *kind_row;
  AdwEntryRow *account_row;
  AdwEntryRow *cluster_row;
  AdwEntryRow *name_row;
  AdwEntryRow *url_row;
  AdwEntryRow *org_row;
  AdwEntryRow *token_row;
  GtkWidget *insecure_group;
  GtkCheckButton *insecure_check;
  GtkStack *connect_stack;
  GtkWidget *connect_button;
  GtkWidget *cancel_button;
  GtkSpinner *spinner;
  GtkRevealer *error_revealer;
  GtkLabel *error_title;
  GtkLabel *error_label;
  GtkWidget *session_button;

  /* owned */
  TokensConnectionStore *store;
  TokensConnection *connection;
  GCancellable *cancellable;
  TokensTokenList *list;
  char *server_id;
};

G_DEFINE_FINAL_TYPE (TokensServerDialog, tokens_server_dialog, ADW_TYPE_WINDOW)

enum {
  OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static Kind
kind_of (TokensServerDialog *self)
{
  return (Kind)adw_combo_row_get_selected (self->kind_row);
}

static char *
stripped (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (text_of (row)));
}

/**
 * _tokens_server_dialog_dedicated_url:
 *
 * Cloud Dedicated's management API for one account and cluster, or %NULL
 * when either is not a UUID (nothing else may go into the path).
 */
char *
_tokens_server_dialog_dedicated_url (const char *account,
                                     const char *cluster)
{
  if (!tokens_management_id_is_valid (account) || !tokens_management_id_is_valid (cluster))
    return NULL;
  return g_strconcat (DEDICATED_CONSOLE "/api/v0/accounts/", account, "/clusters/", cluster, NULL);
}

/* The account and cluster of a Dedicated management URL, if it is one. */
static gboolean
parse_dedicated_url (const char  *url,
                     char       **account,
                     char       **cluster)
{
  g_auto(GStrv) parts = NULL;

  if (!g_str_has_prefix (url, DEDICATED_CONSOLE "/api/v0/accounts/"))
    return FALSE;
  parts = g_strsplit (url + strlen (DEDICATED_CONSOLE "/api/v0/accounts/"), "/", -1);
  if (g_strv_length (parts) != 3 || !g_str_equal (parts[1], "clusters") ||
      !tokens_management_id_is_valid (parts[0]) || !tokens_management_id_is_valid (parts[2]))
    return FALSE;
  *account = g_strdup (parts[0]);
  *cluster = g_strdup (parts[2]);
  return TRUE;
}

/* The address to connect to: typed, or made from the account and cluster;
 * "" when there is none yet. */
static char *
url_text (TokensServerDialog *self)
{
  if (kind_of (self) == KIND_DEDICATED)
    {
      g_autofree char *account = stripped (self->account_row);
      g_autofree char *cluster = stripped (self->cluster_row);
      char *url = _tokens_server_dialog_dedicated_url (account, cluster);

      return url != NULL ? url : g_strdup ("");
    }
  return stripped (self->url_row);
}

static char *
display_name (TokensServerDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (text_of (self->name_row)));
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;

  if (name[0] != '\0')
    return g_steal_pointer (&name);

  if (kind_of (self) == KIND_DEDICATED)
    return g_strdup (_("Cloud Dedicated"));
  url = url_text (self);
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  return g_strdup (uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : url);
}

static void
set_busy (TokensServerDialog *self,
          gboolean            busy)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));
  GtkWidget *form = gtk_widget_get_parent (GTK_WIDGET (self->name_row));

  /* A field about to turn insensitive hands the focus on first: GTK 4.8
   * warns when a focused text loses its sensitivity (GTK issue 5845), and
   * the keyboard would be left nowhere. Cancel is what one may do now. */
  if (busy && focus != NULL && gtk_widget_is_ancestor (focus, form))
    gtk_widget_grab_focus (self->cancel_button);

  gtk_stack_set_visible_child_name (self->connect_stack, busy ? "spinner" : "button");
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->account_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cluster_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->org_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->token_row), !busy);
}

static void
show_error (TokensServerDialog *self,
            const char         *title,
            const char         *message,
            gboolean            offer_session)
{
  set_busy (self, FALSE);
  gtk_label_set_text (self->error_title, title);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (self->session_button, offer_session);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
show_connect_error (TokensServerDialog *self,
                    const GError       *error)
{
  show_error (self, tokens_error_text_for_connect (error), error->message, FALSE);
}

static void
update_sensitivity (TokensServerDialog *self)
{
  g_autofree char *url = url_text (self);
  gboolean insecure = tokens_connection_url_is_insecure (url);
  gboolean has_token = text_of (self->token_row)[0] != '\0' || self->connection != NULL;

  /* A Dedicated ID that is not a UUID is marked where it was typed. */
  for (guint i = 0; i < 2; i++)
    {
      AdwEntryRow *row = i == 0 ? self->account_row : self->cluster_row;
      g_autofree char *id = stripped (row);

      if (id[0] != '\0' && !tokens_management_id_is_valid (id))
        gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
    }

  gtk_widget_set_visible (self->insecure_group, insecure);
  gtk_widget_set_sensitive (self->connect_button,
                            url[0] != '\0' && has_token &&
                            (!insecure || gtk_check_button_get_active (self->insecure_check)));
}

/* Each product asks for what its token API needs, in its own words. */
static void
update_kind (TokensServerDialog *self)
{
  Kind kind = kind_of (self);
  gboolean editing = self->connection != NULL;
  const char *token_title;
  const char *description;

  gtk_widget_set_visible (GTK_WIDGET (self->account_row), kind == KIND_DEDICATED);
  gtk_widget_set_visible (GTK_WIDGET (self->cluster_row), kind == KIND_DEDICATED);
  gtk_widget_set_visible (GTK_WIDGET (self->url_row), kind != KIND_DEDICATED);
  /* Only v2 has organizations. */
  gtk_widget_set_visible (GTK_WIDGET (self->org_row), kind == KIND_FOUND);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row),
                                 kind == KIND_CLUSTERED ? _("Management API URL") : _("Server URL"));

  switch (kind)
    {
    case KIND_DEDICATED:
      token_title = editing ? _("Management Token (leave empty to keep the saved one)")
                            : _("Management Token");
      description = _("The account and cluster IDs are in the Cloud Dedicated admin console. "
                      "A management token comes from “influxctl management create”; it "
                      "goes into your keyring, never into a file.");
      break;
    case KIND_CLUSTERED:
      token_title = editing ? _("Management Token (leave empty to keep the saved one)")
                            : _("Management Token");
      description = _("The cluster’s management API, and a management token from "
                      "“influxctl management create”. Influx Tokens checks both before it "
                      "saves them; the token goes into your keyring, never into a file.");
      break;
    case KIND_FOUND:
    default:
      token_title = editing ? _("API Token (leave empty to keep the saved one)") : _("API Token");
      description = _("Influx Tokens checks the server and the token before it saves them. "
                      "The token goes into your keyring, never into a file.");
      break;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_row), token_title);
  adw_preferences_group_set_description (self->form_group, description);
}

static void
on_changed_cb (TokensServerDialog *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  update_sensitivity (self);
}

static void
on_kind_changed_cb (TokensServerDialog *self)
{
  update_kind (self);
  on_changed_cb (self);
}

static void
open_and_close (TokensServerDialog *self,
                TokensConnection   *connection)
{
  g_autofree char *name = display_name (self);

  g_signal_emit (self, signals[OPENED], 0, name, self->list, connection);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_secret_saved (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TokensServerDialog) self = user_data;
  g_autoptr(TokensConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;
  g_autofree char *org = NULL;

  if (!tokens_secret_store_save_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error (self, _("The token could not be saved in the keyring"), error->message, TRUE);
      return;
    }

  name = display_name (self);
  url = url_text (self);
  org = kind_of (self) == KIND_FOUND ? stripped (self->org_row) : g_strdup ("");

  if (self->connection != NULL)
    connection = tokens_connection_store_update (self->store, self->server_id, name, url, org);
  else
    connection = tokens_connection_store_add (self->store, self->server_id, name, url, org);
  if (connection != NULL)
    tokens_connection_store_set_product (self->store, self->server_id,
                                         kind_of (self) == KIND_CLUSTERED ? CLUSTERED_PRODUCT : "");

  open_and_close (self, connection);
}

static void
save_secret (TokensServerDialog *self,
             const char         *token)
{
  g_autofree char *name = display_name (self);
  g_autofree char *url = url_text (self);

  tokens_secret_store_save_async (self->server_id, url, name, token, self->cancellable,
                                  on_secret_saved, g_object_ref (self));
}

static void
on_listed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TokensServerDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  const char *token;

  if (!tokens_token_list_refresh_finish (TOKENS_TOKEN_LIST (object), result, &error))
    {
      const char *org = tokens_token_list_get_org (TOKENS_TOKEN_LIST (object));

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (org != NULL && g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_NOT_FOUND))
        {
          /* Translators: %s is what the person typed as the organization */
          g_autofree char *title = g_strdup_printf (_("The server has no organization “%s”"), org);

          show_error (self, title, error->message, FALSE);
          gtk_widget_grab_focus (GTK_WIDGET (self->org_row));
          return;
        }
      show_connect_error (self, error);
      return;
    }

  token = g_object_get_data (G_OBJECT (self), "token");
  save_secret (self, token);
}

static void
list_tokens (TokensServerDialog *self,
             TokensClient       *client)
{
  g_autofree char *org = NULL;

  g_clear_object (&self->list);
  self->list = tokens_token_list_new (client);
  /* The organization is checked by the server itself: it lists its
   * tokens, or answers that it has no such organization. */
  if (kind_of (self) == KIND_FOUND)
    {
      org = stripped (self->org_row);
      tokens_token_list_set_org (self->list, org);
    }
  tokens_token_list_refresh_async (self->list, self->cancellable, on_listed, g_object_ref (self));
}

static void
on_pinged (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TokensServerDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  tokens_client_ping_finish (TOKENS_CLIENT (object), result, &version, &error);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_connect_error (self, error);
      return;
    }

  list_tokens (self, TOKENS_CLIENT (object));
}

static void
connect_with_token (TokensServerDialog *self,
                    const char         *token)
{
  g_autoptr(TokensClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = url_text (self);

  client = tokens_client_new (url, token, NULL, &error);
  if (client == NULL)
    {
      show_error (self, _("This is not a server address"), error->message, FALSE);
      return;
    }

  if (kind_of (self) == KIND_CLUSTERED)
    tokens_client_set_product (client, TOKENS_PRODUCT_CLUSTERED);
  else if (kind_of (self) == KIND_DEDICATED &&
           tokens_client_get_product (client) != TOKENS_PRODUCT_DEDICATED)
    {
      show_error (self, _("This is not a server address"), url, FALSE);
      return;
    }

  /* Kept only until it is in the keyring or the dialog goes away. */
  g_object_set_data_full (G_OBJECT (self), "token", g_strdup (token),
                          (GDestroyNotify)tokens_secret_free);
  /* A management API has no /ping: its token list says it all. */
  if (tokens_product_get_api (tokens_client_get_product (client)) == TOKENS_API_MANAGEMENT)
    {
      list_tokens (self, client);
      return;
    }
  tokens_client_ping_async (client, self->cancellable, on_pinged, g_object_ref (self));
}

static void
on_saved_token_found (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(TokensServerDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  char *token = tokens_secret_store_lookup_finish (result, &error);

  if (token == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("The saved token could not be read. Enter it again."),
                    error->message, FALSE);
      return;
    }

  connect_with_token (self, token);
  tokens_secret_free (token);
}

static void
on_connect_clicked_cb (TokensServerDialog *self)
{
  const char *token = text_of (self->token_row);

  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  set_busy (self, TRUE);

  /* Editing without a new token keeps the saved one. */
  if (token[0] == '\0' && self->connection != NULL)
    tokens_secret_store_lookup_async (self->server_id, self->cancellable,
                                      on_saved_token_found, g_object_ref (self));
  else
    connect_with_token (self, token);
}

static void
on_session_clicked_cb (TokensServerDialog *self)
{
  if (self->list != NULL)
    open_and_close (self, NULL);
}

static void
on_cancel_clicked_cb (TokensServerDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
preset_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TokensServerDialog *self = TOKENS_SERVER_DIALOG (widget);

  adw_combo_row_set_selected (self->kind_row, KIND_FOUND);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), g_variant_get_string (parameter, NULL));
}

static void
tokens_server_dialog_dispose (GObject *object)
{
  TokensServerDialog *self = (TokensServerDialog *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->token_row != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  gtk_widget_dispose_template (GTK_WIDGET (self), TOKENS_TYPE_SERVER_DIALOG);
  g_clear_object (&self->list);
  g_clear_object (&self->store);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (tokens_server_dialog_parent_class)->dispose (object);
}

static void
tokens_server_dialog_finalize (GObject *object)
{
  TokensServerDialog *self = (TokensServerDialog *)object;

  g_clear_object (&self->cancellable);
  g_free (self->server_id);

  G_OBJECT_CLASS (tokens_server_dialog_parent_class)->finalize (object);
}

static void
tokens_server_dialog_class_init (TokensServerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tokens_server_dialog_dispose;
  object_class->finalize = tokens_server_dialog_finalize;

  signals[OPENED] =
    g_signal_new ("opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, TOKENS_TYPE_TOKEN_LIST, TOKENS_TYPE_CONNECTION);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tokens-server-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TokensServerDialog, form_group);
  gtk_widget_class_bind_template_child (widget_class, TokensServerDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, TokensServerDialog, account_row);
  gtk_widget_class_bind_template_child (widget_class, TokensServerDialog, cluster_row);
  gtk_widget_class_bind_template_child (widget_class, TokensServerDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, TokensServerDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, TokensServerDialog, org_row);
  gtk_widget_class_bind_template_child (widget_class, TokensServerDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, TokensServerDialog, insecure_group);
  gtk_widget_class_bind_template_child (widget_class, TokensServerDialog, insecure_check);
  gtk_widget_class_bind_template_child (widget_class, TokensServerDialog, connect_stack);
  gtk_widget_class_bind_template_child (widget_class, TokensServerDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, TokensServerDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TokensServerDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, TokensServerDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, TokensServerDialog, error_title);
  gtk_widget_class_bind_template_child (widget_class, TokensServerDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, TokensServerDialog, session_button);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_session_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);

  gtk_widget_class_install_action (widget_class, "server.preset", "s", preset_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tokens_server_dialog_init (TokensServerDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * tokens_server_dialog_new:
 * @connection: (nullable): the saved server to edit, or %NULL to add one
 */
TokensServerDialog *
tokens_server_dialog_new (GtkWindow             *parent,
                          TokensConnectionStore *store,
                          TokensConnection      *connection)
{
  TokensServerDialog *self = g_object_new (TOKENS_TYPE_SERVER_DIALOG,
                                           "transient-for", parent,
                                           NULL);

  self->store = g_object_ref (store);
  if (connection != NULL)
    {
      g_autofree char *account = NULL;
      g_autofree char *cluster = NULL;

      self->connection = g_object_ref (connection);
      self->server_id = g_strdup (tokens_connection_get_id (connection));
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Server"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), tokens_connection_get_name (connection));
      gtk_editable_set_text (GTK_EDITABLE (self->url_row), tokens_connection_get_url (connection));
      gtk_editable_set_text (GTK_EDITABLE (self->org_row), tokens_connection_get_org (connection));
      if (g_str_equal (tokens_connection_get_product (connection), CLUSTERED_PRODUCT))
        adw_combo_row_set_selected (self->kind_row, KIND_CLUSTERED);
      else if (parse_dedicated_url (tokens_connection_get_url (connection), &account, &cluster))
        {
          adw_combo_row_set_selected (self->kind_row, KIND_DEDICATED);
          gtk_editable_set_text (GTK_EDITABLE (self->account_row), account);
          gtk_editable_set_text (GTK_EDITABLE (self->cluster_row), cluster);
        }
    }
  else
    self->server_id = g_uuid_string_random ();

  /* The address is what a person comes to type (the name follows from
   * it); Enter in any field connects, once the form is complete. */
  gtk_window_set_default_widget (GTK_WINDOW (self), self->connect_button);
  gtk_window_set_focus (GTK_WINDOW (self),
                        GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self->url_row))));

  update_kind (self);
  update_sensitivity (self);
  return self;
}

void
_tokens_server_dialog_set_kind (TokensServerDialog *self,
                                guint               kind)
{
  adw_combo_row_set_selected (self->kind_row, kind);
}

void
_tokens_server_dialog_fill_dedicated (TokensServerDialog *self,
                                      const char         *account,
                                      const char         *cluster)
{
  gtk_editable_set_text (GTK_EDITABLE (self->account_row), account);
  gtk_editable_set_text (GTK_EDITABLE (self->cluster_row), cluster);
}

const char *
_tokens_server_dialog_get_token_title (TokensServerDialog *self)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->token_row));
}

gboolean
_tokens_server_dialog_shows (TokensServerDialog *self,
                             const char         *field)
{
  GtkWidget *row = g_str_equal (field, "url") ? GTK_WIDGET (self->url_row)
                   : g_str_equal (field, "org") ? GTK_WIDGET (self->org_row)
                   : g_str_equal (field, "account") ? GTK_WIDGET (self->account_row)
                   : GTK_WIDGET (self->cluster_row);

  return gtk_widget_get_visible (row);
}

void
_tokens_server_dialog_fill (TokensServerDialog *self,
                            const char         *name,
                            const char         *url,
                            const char         *org,
                            const char         *token)
{
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->org_row), org);
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), token);
}

gboolean
_tokens_server_dialog_can_connect (TokensServerDialog *self)
{
  return gtk_widget_get_sensitive (self->connect_button);
}

void
_tokens_server_dialog_connect (TokensServerDialog *self)
{
  g_signal_emit_by_name (self->connect_button, "clicked");
}

void
_tokens_server_dialog_acknowledge_insecure (TokensServerDialog *self)
{
  gtk_check_button_set_active (self->insecure_check, TRUE);
}

const char *
_tokens_server_dialog_get_error (TokensServerDialog *self)
{
  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return NULL;
  return gtk_label_get_text (self->error_title);
}

gboolean
_tokens_server_dialog_offers_session (TokensServerDialog *self)
{
  return gtk_widget_get_visible (self->session_button);
}
