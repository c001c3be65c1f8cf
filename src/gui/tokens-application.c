/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-application"

#include "config.h"

#include "tokens-application.h"
#include "tokens-connection-store.h"
#include "tokens-demo-server.h"
#include "tokens-import-dialog.h"
#include "tokens-message-dialog.h"
#include "tokens-secret-store.h"
#include "tokens-server-dialog.h"
#include "tokens-window.h"

#include <glib/gi18n.h>
#include <string.h>

/*
 * Which server is open, and where servers come from: saved ones (GSettings
 * and the keyring), the built-in demo, an unsaved INFLUX_HOST/INFLUX_TOKEN
 * session, or a token entered for this session only.
 */
struct _TokensApplication
{
  AdwApplication parent_instance;

  /* owned */
  GSettings *settings;
  TokensConnectionStore *store;
  GMenu *servers_menu;
  TokensDemoServer *demo_servers[TOKENS_DEMO_MODE_DEDICATED + 1];  /* one per product, when opened */
  TokensTokenList *env_list;
  char *env_name;
  char *env_host;         /* INFLUX_HOST's host, if it is reached unencrypted */
  char *current_id;       /* the saved server shown, or NULL */
  GCancellable *cancellable;
  gboolean open_demo;
  TokensDemoMode demo_mode;
};

G_DEFINE_FINAL_TYPE (TokensApplication, tokens_application, ADW_TYPE_APPLICATION)

static void update_actions (TokensApplication *self);

static TokensWindow *
get_window (TokensApplication *self)
{
  GtkWindow *window = NULL;

  /* The main window, not whichever dialog is in front of it. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL && window == NULL;
       l = l->next)
    if (TOKENS_IS_WINDOW (l->data))
      window = l->data;

  if (window == NULL)
    {
      window = GTK_WINDOW (tokens_window_new (GTK_APPLICATION (self)));
      tokens_window_set_servers_menu (TOKENS_WINDOW (window), G_MENU_MODEL (self->servers_menu));
      g_settings_bind (self->settings, "bulk-concurrency", window, "bulk-concurrency",
                       G_SETTINGS_BIND_GET);
      gtk_window_set_default_size (window,
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (window);
    }
  return TOKENS_WINDOW (window);
}

static void
show_list (TokensApplication *self,
           TokensTokenList   *list,
           const char        *name,
           const char        *saved_id)
{
  TokensWindow *window = get_window (self);

  g_free (self->current_id);
  self->current_id = g_strdup (saved_id);
  if (saved_id != NULL)
    tokens_connection_store_set_last (self->store, saved_id);

  tokens_window_set_token_list (window, list, name);
  update_actions (self);
  gtk_window_present (GTK_WINDOW (window));
}

/**
 * tokens_application_get_store:
 *
 * Returns: (transfer none): the saved servers
 */
TokensConnectionStore *
tokens_application_get_store (TokensApplication *self)
{
  g_return_val_if_fail (TOKENS_IS_APPLICATION (self), NULL);
  return self->store;
}

/**
 * tokens_application_get_current_server_id:
 *
 * Returns: (nullable): the saved server the window shows; %NULL for the
 *   demo or a session that is not saved
 */
const char *
tokens_application_get_current_server_id (TokensApplication *self)
{
  g_return_val_if_fail (TOKENS_IS_APPLICATION (self), NULL);
  return self->current_id;
}

/* ---------------------------------------------------------------------- */
/* Signing in with another token                                          */

typedef struct
{
  TokensTokenList *old_list;
  TokensTokenList *new_list;
  char *token;
  char *saved_id;
  char *name;
} UseData;

static void
use_data_free (UseData *data)
{
  g_clear_object (&data->old_list);
  g_clear_object (&data->new_list);
  tokens_secret_free (data->token);
  g_free (data->saved_id);
  g_free (data->name);
  g_free (data);
}

/* The pairs a replacement made stay marked in the new list. */
static void
carry_replacements (TokensTokenList *from,
                    TokensTokenList *to)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (from)); i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (G_LIST_MODEL (from), i);
      const char *replacement = tokens_token_list_get_replacement (from, tokens_token_get_id (token));

      if (replacement != NULL)
        tokens_token_list_mark_replacement (to, tokens_token_get_id (token), replacement);
    }
}

static void
finish_use (GTask *task)
{
  TokensApplication *self = g_task_get_source_object (task);
  UseData *data = g_task_get_task_data (task);

  carry_replacements (data->old_list, data->new_list);
  /* Only if the person has not moved on to another server meanwhile. */
  if (tokens_window_get_token_list (get_window (self)) == data->old_list)
    show_list (self, data->new_list, data->name, data->saved_id);
  g_task_return_boolean (task, TRUE);
}

static void
on_use_saved (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!tokens_secret_store_save_finish (result, &error))
    g_task_return_error (task, error);
  else
    finish_use (task);
}

static void
on_use_checked (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TokensApplication *self = g_task_get_source_object (task);
  UseData *data = g_task_get_task_data (task);
  g_autoptr(TokensConnection) connection = NULL;
  GError *error = NULL;

  /* The new token lists the tokens: it works, and only now is it kept. */
  if (!tokens_token_list_refresh_finish (TOKENS_TOKEN_LIST (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (data->saved_id != NULL)
    connection = tokens_connection_store_lookup (self->store, data->saved_id);
  if (connection == NULL)
    {
      /* A demo or a server from the environment: for this session only. */
      finish_use (g_steal_pointer (&task));
      return;
    }
  tokens_secret_store_save_async (data->saved_id, tokens_connection_get_url (connection),
                                  tokens_connection_get_name (connection), data->token,
                                  g_task_get_cancellable (task), on_use_saved,
                                  g_steal_pointer (&task));
}

/**
 * tokens_application_use_token_async:
 * @token: the token the app is to sign in with from now on, for the
 *   server shown
 *
 * Checks that @token works for the server shown (it lists the tokens),
 * keeps it in the keyring in place of the old one for a saved server, and
 * shows the server's tokens as the new token sees them. Nothing changes
 * if it does not work.
 */
void
tokens_application_use_token_async (TokensApplication   *self,
                                    const char          *token,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  TokensWindow *window = get_window (self);
  TokensTokenList *list = tokens_window_get_token_list (window);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(TokensClient) client = NULL;
  TokensClient *old_client;
  UseData *data;
  GError *error = NULL;

  g_task_set_source_tag (task, tokens_application_use_token_async);
  if (list == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                               _("No server is open."));
      return;
    }

  old_client = tokens_token_list_get_client (list);
  client = tokens_client_new (tokens_client_get_base_url (old_client), token, NULL, &error);
  if (client == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  tokens_client_set_product (client, tokens_client_get_product (old_client));

  data = g_new0 (UseData, 1);
  data->old_list = g_object_ref (list);
  data->new_list = tokens_token_list_new (client);
  tokens_token_list_set_org (data->new_list, tokens_token_list_get_org (list));
  data->token = g_strdup (token);
  data->saved_id = g_strdup (self->current_id);
  data->name = g_strdup (tokens_window_get_server_name (window));
  g_task_set_task_data (task, data, (GDestroyNotify)use_data_free);

  tokens_token_list_refresh_async (data->new_list, cancellable, on_use_checked,
                                   g_steal_pointer (&task));
}

gboolean
tokens_application_use_token_finish (TokensApplication  *self,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* Opening a saved server                                                 */

typedef struct
{
  TokensApplication *self;
  TokensConnection *connection;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->connection);
  g_free (data);
}

/* The saved server's token could not be had: the window says why. */
static void
show_secret_problem (TokensApplication *self,
                     TokensConnection  *connection,
                     const GError      *error)
{
  g_free (self->current_id);
  self->current_id = g_strdup (tokens_connection_get_id (connection));
  tokens_window_show_secret_problem (get_window (self),
                                     tokens_connection_get_name (connection),
                                     tokens_connection_get_url (connection),
                                     error);
  update_actions (self);
  gtk_window_present (GTK_WINDOW (get_window (self)));
}

static void
on_secret_found (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  OpenData *data = user_data;
  TokensApplication *self = data->self;
  TokensConnection *connection = data->connection;
  g_autoptr(GError) error = NULL;
  g_autoptr(TokensClient) client = NULL;
  g_autoptr(TokensTokenList) list = NULL;
  char *token;

  token = tokens_secret_store_lookup_finish (result, &error);
  if (token == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_secret_problem (self, connection, error);
      open_data_free (data);
      return;
    }

  client = tokens_connection_new_client (connection, token, &error);
  tokens_secret_free (token);
  if (client == NULL)
    {
      show_secret_problem (self, connection, error);
      open_data_free (data);
      return;
    }

  list = tokens_token_list_new (client);
  tokens_token_list_set_org (list, tokens_connection_get_org (connection));
  show_list (self, list, tokens_connection_get_name (connection), tokens_connection_get_id (connection));
  open_data_free (data);
}

static void
open_saved (TokensApplication *self,
            TokensConnection  *connection)
{
  OpenData *data = g_new0 (OpenData, 1);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  data->self = g_object_ref (self);
  data->connection = g_object_ref (connection);
  tokens_secret_store_lookup_async (tokens_connection_get_id (connection), self->cancellable,
                                    on_secret_found, data);
}

static void
open_server_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  TokensApplication *self = user_data;
  g_autoptr(TokensConnection) connection =
    tokens_connection_store_lookup (self->store, g_variant_get_string (parameter, NULL));

  if (connection != NULL)
    open_saved (self, connection);
}

static void
reopen_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  TokensApplication *self = user_data;
  g_autoptr(TokensConnection) connection = tokens_connection_store_lookup (self->store,
                                                                           self->current_id);

  if (connection != NULL)
    open_saved (self, connection);
}

/* ---------------------------------------------------------------------- */
/* The demo                                                               */

/* The demo of each product signs in as a person would: InfluxDB 3's with
 * a named admin token, so that `_admin` shows as the operator's; the
 * management API's with its management token. */
static const struct
{
  const char *name;
  TokensDemoMode mode;
  const char *token;
} demos[] = {
  { "oss", TOKENS_DEMO_MODE_OSS, "operator" },
  { "core", TOKENS_DEMO_MODE_CORE, "ops-alice" },
  { "enterprise", TOKENS_DEMO_MODE_ENTERPRISE, "ops-alice" },
  { "dedicated", TOKENS_DEMO_MODE_DEDICATED, "operator" },
};

static const char *
demo_title (TokensDemoMode mode)
{
  switch (mode)
    {
    case TOKENS_DEMO_MODE_CORE:
      return _("Demo Server (InfluxDB 3 Core)");
    case TOKENS_DEMO_MODE_ENTERPRISE:
      return _("Demo Server (InfluxDB 3 Enterprise)");
    case TOKENS_DEMO_MODE_DEDICATED:
      return _("Demo Server (Cloud Dedicated)");
    case TOKENS_DEMO_MODE_OSS:
    case TOKENS_DEMO_MODE_OSS_HASHED:
    case TOKENS_DEMO_MODE_CLOUD:
    default:
      return _("Demo Server");
    }
}

static void
open_demo (TokensApplication *self,
           TokensDemoMode     mode)
{
  g_autoptr(TokensClient) client = NULL;
  g_autoptr(TokensTokenList) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *token_key = "operator";
  TokensDemoServer **server = &self->demo_servers[mode];

  for (guint i = 0; i < G_N_ELEMENTS (demos); i++)
    if (demos[i].mode == mode)
      token_key = demos[i].token;

  if (*server == NULL)
    {
      *server = tokens_demo_server_new (mode);
      tokens_demo_server_seed (*server);
      if (!tokens_demo_server_start (*server, 0, &error))
        {
          g_warning ("Cannot start the demo server: %s", error->message);
          g_clear_object (server);
          return;
        }
    }

  client = tokens_client_new (tokens_demo_server_get_url (*server),
                              tokens_demo_server_get_token (*server, token_key),
                              NULL, &error);
  g_assert_no_error (error);
  list = tokens_token_list_new (client);
  show_list (self, list, demo_title (mode), NULL);
}

static gboolean
demo_mode_from_name (const char     *name,
                     TokensDemoMode *mode)
{
  for (guint i = 0; i < G_N_ELEMENTS (demos); i++)
    if (g_strcmp0 (demos[i].name, name) == 0)
      {
        *mode = demos[i].mode;
        return TRUE;
      }
  return FALSE;
}

static void
demo_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  open_demo (TOKENS_APPLICATION (user_data), TOKENS_DEMO_MODE_OSS);
}

static void
demo_product_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  TokensDemoMode mode;

  if (demo_mode_from_name (g_variant_get_string (parameter, NULL), &mode))
    open_demo (TOKENS_APPLICATION (user_data), mode);
}

/* ---------------------------------------------------------------------- */
/* Adding, editing, removing, importing                                   */

static void
on_server_opened (TokensServerDialog *dialog,
                  const char         *name,
                  TokensTokenList    *list,
                  TokensConnection   *connection,
                  TokensApplication  *self)
{
  show_list (self, list, name, connection != NULL ? tokens_connection_get_id (connection) : NULL);
}

static void
show_server_dialog (TokensApplication *self,
                    TokensConnection  *connection)
{
  TokensServerDialog *dialog =
    tokens_server_dialog_new (GTK_WINDOW (get_window (self)), self->store, connection);

  g_signal_connect_object (dialog, "opened", G_CALLBACK (on_server_opened), self, 0);
  gtk_window_present (GTK_WINDOW (get_window (self)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_server_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  show_server_dialog (TOKENS_APPLICATION (user_data), NULL);
}

static void
edit_server_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  TokensApplication *self = user_data;
  g_autoptr(TokensConnection) connection = tokens_connection_store_lookup (self->store,
                                                                           self->current_id);

  if (connection != NULL)
    show_server_dialog (self, connection);
}

static void
open_first_or_welcome (TokensApplication *self)
{
  g_autoptr(TokensConnection) first = g_list_model_get_item (G_LIST_MODEL (self->store), 0);

  if (first != NULL)
    open_saved (self, first);
  else
    show_list (self, NULL, NULL, NULL);
}

static void
on_secret_deleted (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  OpenData *data = user_data;
  TokensApplication *self = data->self;
  const char *id = tokens_connection_get_id (data->connection);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!tokens_secret_store_delete_finish (result, &error))
    {
      /* Keep the server: removing it would leave its token behind unseen. */
      text = g_strdup_printf (_("“%s” was not removed: %s"),
                              tokens_connection_get_name (data->connection), error->message);
      tokens_window_show_toast (get_window (self), text);
      open_data_free (data);
      return;
    }

  tokens_connection_store_remove (self->store, id);
  text = g_strdup_printf (_("“%s” removed"), tokens_connection_get_name (data->connection));
  tokens_window_show_toast (get_window (self), text);

  if (g_strcmp0 (self->current_id, id) == 0)
    open_first_or_welcome (self);
  open_data_free (data);
}

typedef struct
{
  TokensApplication *self;
  char *id;
} RemoveQuestion;

static void
on_remove_answered (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RemoveQuestion *question = user_data;
  g_autoptr(TokensApplication) self = question->self;
  g_autofree char *id = question->id;
  g_autofree char *response = tokens_message_dialog_run_finish (result, NULL);
  g_autoptr(TokensConnection) connection = NULL;
  OpenData *data;

  g_free (question);
  if (response == NULL || !g_str_equal (response, "remove"))
    return;

  connection = tokens_connection_store_lookup (self->store, id);
  if (connection == NULL)
    return;

  data = g_new0 (OpenData, 1);
  data->self = g_object_ref (self);
  data->connection = g_object_ref (connection);
  tokens_secret_store_delete_async (tokens_connection_get_id (connection), NULL,
                                    on_secret_deleted, data);
}

static void
remove_server_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  TokensApplication *self = user_data;
  g_autoptr(TokensConnection) connection = tokens_connection_store_lookup (self->store,
                                                                           self->current_id);
  g_autofree char *body = NULL;
  RemoveQuestion *question;
  GtkWidget *dialog;

  if (connection == NULL)
    return;

  body = g_strdup_printf (_("“%s” and its saved token will be removed from this computer. "
                            "Nothing changes on the server, and the token keeps working."),
                          tokens_connection_get_name (connection));
  dialog = adw_message_dialog_new (GTK_WINDOW (get_window (self)), _("Remove Server?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  question = g_new0 (RemoveQuestion, 1);
  question->self = g_object_ref (self);
  question->id = g_strdup (tokens_connection_get_id (connection));
  tokens_message_dialog_run_async (ADW_MESSAGE_DIALOG (dialog), NULL, on_remove_answered, question);
}

static void
on_imported (TokensImportDialog *dialog,
             guint               count,
             TokensConnection   *to_open,
             TokensApplication  *self)
{
  g_autofree char *text =
    g_strdup_printf (ngettext ("%u server imported", "%u servers imported", count), count);

  if (to_open != NULL)
    open_saved (self, to_open);
  tokens_window_show_toast (get_window (self), text);
}

static void
import_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  TokensApplication *self = user_data;
  TokensImportDialog *dialog =
    tokens_import_dialog_new (GTK_WINDOW (get_window (self)), self->store, NULL);

  g_signal_connect_object (dialog, "imported", G_CALLBACK (on_imported), self, 0);
  gtk_window_present (GTK_WINDOW (get_window (self)));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---------------------------------------------------------------------- */
/* The rest                                                               */

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  TokensApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Destroying each window removes it from the app, which saves its size. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_application_quit (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  TokensApplication *self = user_data;
  const char *developers[] = { "The Influx Tokens developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Influx Tokens"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Influx Tokens developers"),
                         "developers", developers,
                         "comments", _("See, find and delete InfluxDB API tokens safely"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", "https://github.com/influx-tokens/influx-tokens",
                         "issue-url", "https://github.com/influx-tokens/influx-tokens/issues",
                         "copyright", "© 2026 The Influx Tokens developers",
                         NULL);
}

/* One setting so far: how many requests a batch runs at once. */
static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  TokensApplication *self = user_data;
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (1, 32, 1);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Deleting Many Tokens"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Requests at once"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("More is faster. A server that says it is overloaded slows the "
                                 "whole batch down whatever this is."));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Requests at once"), -1);
  g_settings_bind (self->settings, "bulk-concurrency", spin, "value", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (window), FALSE);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (get_window (self)));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { .name = "preferences", .activate = preferences_action },
  { .name = "demo", .activate = demo_action },
  { .name = "demo-product", .activate = demo_product_action, .parameter_type = "s" },
  { .name = "add-server", .activate = add_server_action },
  { .name = "edit-server", .activate = edit_server_action },
  { .name = "remove-server", .activate = remove_server_action },
  { .name = "import", .activate = import_action },
  { .name = "open-server", .activate = open_server_action, .parameter_type = "s" },
  { .name = "reopen", .activate = reopen_action },
  { .name = "quit", .activate = quit_action },
  { .name = "about", .activate = about_action },
};

static void
update_actions (TokensApplication *self)
{
  g_autoptr(TokensConnection) current = tokens_connection_store_lookup (self->store, self->current_id);
  GAction *action;

  action = g_action_map_lookup_action (G_ACTION_MAP (self), "edit-server");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), current != NULL);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "remove-server");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), current != NULL);
}

static void
rebuild_servers_menu (TokensApplication *self)
{
  g_autoptr(GMenu) servers = g_menu_new ();
  g_autoptr(GMenu) manage = g_menu_new ();
  g_autoptr(GMenu) current = g_menu_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensConnection) c = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      g_autoptr(GMenuItem) item = g_menu_item_new (tokens_connection_get_name (c), NULL);

      g_menu_item_set_action_and_target (item, "app.open-server", "s", tokens_connection_get_id (c));
      g_menu_append_item (servers, item);
    }
  g_menu_append (servers, _("Demo Server"), "app.demo");
  {
    g_autoptr(GMenu) demos_menu = g_menu_new ();

    g_menu_append (demos_menu, _("InfluxDB 3 Core"), "app.demo-product::core");
    g_menu_append (demos_menu, _("InfluxDB 3 Enterprise"), "app.demo-product::enterprise");
    g_menu_append (demos_menu, _("InfluxDB Cloud Dedicated"), "app.demo-product::dedicated");
    g_menu_append_submenu (servers, _("Demo of Another Product"), G_MENU_MODEL (demos_menu));
  }

  g_menu_append (manage, _("_Add Server…"), "app.add-server");
  g_menu_append (manage, _("_Import from the influx CLI…"), "app.import");
  g_menu_append (current, _("_Edit This Server…"), "app.edit-server");
  g_menu_append (current, _("_Remove This Server…"), "app.remove-server");

  g_menu_remove_all (self->servers_menu);
  g_menu_append_section (self->servers_menu, _("Servers"), G_MENU_MODEL (servers));
  g_menu_append_section (self->servers_menu, NULL, G_MENU_MODEL (manage));
  g_menu_append_section (self->servers_menu, NULL, G_MENU_MODEL (current));
}

static void
on_store_changed (TokensApplication *self)
{
  rebuild_servers_menu (self);
  update_actions (self);
}

/*
 * Like the influx CLI, honour INFLUX_HOST, INFLUX_TOKEN and INFLUX_ORG: that server
 * opens as a session that is never saved. The token is taken out of the
 * environment at once, so no process this app starts inherits it.
 */
static void
take_environment (TokensApplication *self)
{
  const char *host = g_getenv ("INFLUX_HOST");
  g_autofree char *token = g_strdup (g_getenv ("INFLUX_TOKEN"));
  g_autofree char *v3_token = g_strdup (g_getenv ("INFLUXDB3_AUTH_TOKEN"));
  g_autoptr(TokensClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  g_unsetenv ("INFLUX_TOKEN");
  g_unsetenv ("INFLUXDB3_AUTH_TOKEN");

  /* The influxdb3 CLI's: its host defaults to the local server's port. */
  if ((host == NULL || host[0] == '\0' || token == NULL || token[0] == '\0') &&
      v3_token != NULL && v3_token[0] != '\0')
    {
      host = g_getenv ("INFLUXDB3_HOST_URL");
      if (host == NULL || host[0] == '\0')
        host = "http://127.0.0.1:8181";
      if (token != NULL)
        memset (token, 0, strlen (token));
      g_free (token);
      token = g_steal_pointer (&v3_token);
    }

  if (host == NULL || host[0] == '\0' || token == NULL || token[0] == '\0')
    goto out;

  client = tokens_client_new (host, token, NULL, &error);
  if (client == NULL)
    {
      g_printerr ("%s: %s\n", g_strcmp0 (host, g_getenv ("INFLUX_HOST")) == 0 ? "INFLUX_HOST"
                                                                              : "INFLUXDB3_HOST_URL",
                  error->message);
      goto out;
    }

  uri = g_uri_parse (host, G_URI_FLAGS_NONE, NULL);
  if (g_getenv ("INFLUX_ORG") != NULL && g_getenv ("INFLUX_ORG")[0] != '\0' &&
      g_strcmp0 (host, g_getenv ("INFLUX_HOST")) == 0)
    /* Translators: an organization on a server, e.g. "my-org on localhost" */
    self->env_name = g_strdup_printf (_("%s on %s"), g_getenv ("INFLUX_ORG"),
                                      uri != NULL ? g_uri_get_host (uri) : host);
  else
    self->env_name = g_strdup (uri != NULL ? g_uri_get_host (uri) : host);
  self->env_list = tokens_token_list_new (client);
  /* The title names the organization: the list holds only its tokens. */
  if (g_strcmp0 (host, g_getenv ("INFLUX_HOST")) == 0)
    tokens_token_list_set_org (self->env_list, g_getenv ("INFLUX_ORG"));
  /* Plain http:// to another computer: asked about before anything is sent. */
  if (tokens_connection_url_is_insecure (host))
    self->env_host = g_strdup (uri != NULL ? g_uri_get_host (uri) : host);

out:
  if (token != NULL)
    memset (token, 0, strlen (token));
  if (v3_token != NULL)
    memset (v3_token, 0, strlen (v3_token));
}

static void
on_insecure_environment_response (AdwMessageDialog  *dialog,
                                  const char        *response,
                                  TokensApplication *self)
{
  g_clear_pointer (&self->env_host, g_free);
  if (g_strcmp0 (response, "connect") == 0)
    show_list (self, self->env_list, self->env_name, NULL);
  else
    {
      /* As if INFLUX_HOST had not been set: the token is never sent. */
      g_autoptr(TokensConnection) last = tokens_connection_store_get_last (self->store);

      g_clear_object (&self->env_list);
      g_clear_pointer (&self->env_name, g_free);
      if (last != NULL)
        open_saved (self, last);
      else
        open_first_or_welcome (self);
    }
}

/*
 * INFLUX_HOST names another computer over plain http://: the token would
 * cross the network in clear text. Nothing is sent until the person says
 * so, as the Add Server dialog asks for the same address.
 */
static void
ask_about_insecure_environment (TokensApplication *self)
{
  GtkWindow *window = GTK_WINDOW (get_window (self));
  AdwMessageDialog *dialog;

  gtk_window_present (window);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Send the Token Unencrypted?"),
                                                       NULL));
  adw_message_dialog_format_body (dialog,
                                  /* Translators: %s is a host name, e.g. influx.example.com */
                                  _("INFLUX_HOST uses plain http:// to %s, another computer: "
                                    "anyone on the network between you can read the token. "
                                    "Use https:// if the server offers it."),
                                  self->env_host);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "connect", _("_Connect Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "connect", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_insecure_environment_response),
                           self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
tokens_application_activate (GApplication *application)
{
  TokensApplication *self = TOKENS_APPLICATION (application);
  GtkWindow *existing = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(TokensConnection) last = NULL;

  if (self->open_demo)
    {
      self->open_demo = FALSE;
      open_demo (self, self->demo_mode);
      return;
    }

  if (existing != NULL)
    {
      gtk_window_present (existing);
      return;
    }

  if (self->env_list != NULL && self->env_host != NULL)
    {
      ask_about_insecure_environment (self);
      return;
    }

  if (self->env_list != NULL)
    {
      show_list (self, self->env_list, self->env_name, NULL);
      return;
    }

  last = tokens_connection_store_get_last (self->store);
  if (last != NULL)
    {
      /* The window appears at once; the list follows the keyring. */
      gtk_window_present (GTK_WINDOW (get_window (self)));
      open_saved (self, last);
      return;
    }

  open_first_or_welcome (self);
}

static int
tokens_application_handle_local_options (GApplication *application,
                                         GVariantDict *options)
{
  TokensApplication *self = TOKENS_APPLICATION (application);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("influx-tokens %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "demo"))
    self->open_demo = TRUE;

  {
    const char *product = NULL;

    if (g_variant_dict_lookup (options, "demo-product", "&s", &product))
      {
        if (!demo_mode_from_name (product, &self->demo_mode))
          {
            g_printerr (_("Unknown demo product “%s”: oss, core, enterprise or dedicated\n"), product);
            return 2;
          }
        self->open_demo = TRUE;
      }
  }

  return -1;
}

static void
on_window_removed (GtkApplication *application,
                   GtkWindow      *window)
{
  TokensApplication *self = TOKENS_APPLICATION (application);
  int width, height;

  /* Dialogs come and go too: only the main window's size is kept. */
  if (!TOKENS_IS_WINDOW (window))
    return;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static void
tokens_application_startup (GApplication *application)
{
  TokensApplication *self = TOKENS_APPLICATION (application);
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *shortcuts_accels[] = { "<Control>question", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (tokens_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);

  self->settings = g_settings_new (APPLICATION_ID);
  self->store = tokens_connection_store_new (self->settings);
  self->servers_menu = g_menu_new ();
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "window-removed", G_CALLBACK (on_window_removed), NULL);
  rebuild_servers_menu (self);
  update_actions (self);

  take_environment (self);
}

static void
tokens_application_shutdown (GApplication *application)
{
  TokensApplication *self = TOKENS_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);
  /* Write settings out before the process goes. */
  g_settings_sync ();

  G_APPLICATION_CLASS (tokens_application_parent_class)->shutdown (application);
}

static void
tokens_application_dispose (GObject *object)
{
  TokensApplication *self = (TokensApplication *)object;

  g_clear_object (&self->env_list);
  for (guint i = 0; i < G_N_ELEMENTS (self->demo_servers); i++)
    g_clear_object (&self->demo_servers[i]);
  g_clear_object (&self->store);
  g_clear_object (&self->servers_menu);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->env_name, g_free);
  g_clear_pointer (&self->env_host, g_free);
  g_clear_pointer (&self->current_id, g_free);

  G_OBJECT_CLASS (tokens_application_parent_class)->dispose (object);
}

static void
tokens_application_class_init (TokensApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = tokens_application_dispose;
  app_class->activate = tokens_application_activate;
  app_class->startup = tokens_application_startup;
  app_class->shutdown = tokens_application_shutdown;
  app_class->handle_local_options = tokens_application_handle_local_options;
}

static void
tokens_application_init (TokensApplication *self)
{
  const GOptionEntry options[] = {
    { .long_name = "demo", .arg = G_OPTION_ARG_NONE,
      .description = N_("Open the built-in demo server") },
    { .long_name = "demo-product", .arg = G_OPTION_ARG_STRING,
      .description = N_("Open the built-in demo server of another product"),
      .arg_description = "oss|core|enterprise|dedicated" },
    { .long_name = "version", .arg = G_OPTION_ARG_NONE,
      .description = N_("Show the version and quit") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

TokensApplication *
tokens_application_new (void)
{
  return g_object_new (TOKENS_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}
