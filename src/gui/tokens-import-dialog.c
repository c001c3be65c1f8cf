/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-import-dialog"

#include "config.h"

#include "tokens-import-dialog-private.h"
#include "tokens-influx-config.h"
#include "tokens-secret-store.h"

#include <glib/gi18n.h>

/*
 * Shows the influx CLI's profiles and imports the chosen ones: each token
 * moves into the keyring, each server into the saved servers. The CLI's
 * file is only read. Profiles that sign in with a user and password
 * session instead of a token are shown, with the reason they cannot be
 * imported.
 *
 * Signals:
 *   imported (guint count, TokensConnection *to_open or NULL)
 */

struct _TokensImportDialog
{
  AdwWindow parent_instance;

  GtkStack *stack;
  AdwStatusPage *problem_page;
  AdwPreferencesGroup *group;
  GtkWidget *import_button;

  TokensConnectionStore *store;
  GFile *file;
  GCancellable *cancellable;
  GPtrArray *profiles;      /* of TokensInfluxProfile */
  GPtrArray *checks;        /* GtkCheckButton per profile, or NULL */
  GPtrArray *rows;
  GtkWidget *insecure_row;  /* the acknowledgment, shown when it is needed */
  GtkCheckButton *insecure_check;
  guint next;
  guint imported;
  TokensConnection *to_open;
};

G_DEFINE_FINAL_TYPE (TokensImportDialog, tokens_import_dialog, ADW_TYPE_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load (TokensImportDialog *self);

static gboolean
already_saved (TokensImportDialog  *self,
               TokensInfluxProfile *profile)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensConnection) c = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (g_strcmp0 (tokens_connection_get_url (c), profile->url) == 0 &&
          g_strcmp0 (tokens_connection_get_org (c), profile->org != NULL ? profile->org : "") == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
profile_is_insecure (TokensInfluxProfile *profile)
{
  return profile->url != NULL && tokens_connection_url_is_insecure (profile->url);
}

/* Whether profile @i may be imported: chosen, and if its token would cross
 * the network unencrypted, acknowledged as such. */
static gboolean
may_import (TokensImportDialog *self,
            guint               i)
{
  GtkCheckButton *check = g_ptr_array_index (self->checks, i);

  if (check == NULL || !gtk_check_button_get_active (check))
    return FALSE;
  return !profile_is_insecure (g_ptr_array_index (self->profiles, i)) ||
         (self->insecure_check != NULL && gtk_check_button_get_active (self->insecure_check));
}

static void
update_import_button (TokensImportDialog *self)
{
  guint n = 0;
  guint n_insecure = 0;
  gboolean blocked = FALSE;

  for (guint i = 0; self->checks != NULL && i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);

      if (check == NULL || !gtk_check_button_get_active (check))
        continue;
      n++;
      if (profile_is_insecure (g_ptr_array_index (self->profiles, i)))
        n_insecure++;
      if (!may_import (self, i))
        blocked = TRUE;
    }
  if (self->insecure_row != NULL)
    {
      /* The Add Server dialog's words, for one token or several. */
      const char *title = ngettext ("Send the token without encryption",
                                    "Send the tokens without encryption", MAX (n_insecure, 1));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->insecure_row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->insecure_row),
                                   ngettext ("A chosen server uses plain http:// to another "
                                             "computer: anyone on the network between you can "
                                             "read the token. Use https:// if the server offers "
                                             "it.",
                                             "Some chosen servers use plain http:// to another "
                                             "computer: anyone on the network between you can "
                                             "read their tokens. Use https:// if the servers "
                                             "offer it.",
                                             MAX (n_insecure, 1)));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->insecure_check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      gtk_widget_set_visible (self->insecure_row, n_insecure > 0);
    }
  gtk_widget_set_sensitive (self->import_button, n > 0 && !blocked);
}

static void
show_problem (TokensImportDialog *self,
              const char         *title,
              const char         *description)
{
  g_autofree char *escaped = g_markup_escape_text (description, -1);

  adw_status_page_set_title (self->problem_page, title);
  adw_status_page_set_description (self->problem_page, escaped);
  gtk_stack_set_visible_child_name (self->stack, "problem");
  gtk_widget_set_sensitive (self->import_button, FALSE);
}

static void
clear_rows (TokensImportDialog *self)
{
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  self->insecure_row = NULL;
  self->insecure_check = NULL;
}

static void
show_profiles (TokensImportDialog *self)
{
  g_autofree char *path = g_file_get_parse_name (self->file);

  clear_rows (self);
  self->rows = g_ptr_array_new ();
  self->checks = g_ptr_array_new ();
  adw_preferences_group_set_title (self->group, path);

  for (guint i = 0; i < self->profiles->len; i++)
    {
      TokensInfluxProfile *profile = g_ptr_array_index (self->profiles, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = NULL;
      g_autofree char *subtitle = NULL;
      const char *reason = NULL;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), profile->name);

      if (profile->url == NULL || profile->url[0] == '\0')
        reason = _("No server address: cannot be imported");
      else if (profile->has_cookie && (profile->token == NULL || profile->token[0] == '\0'))
        reason = _("Signs in with a user name and password, not a token: cannot be imported");
      else if (profile->token == NULL || profile->token[0] == '\0')
        reason = _("No token: cannot be imported");

      if (reason == NULL && profile_is_insecure (profile))
        subtitle = g_strdup_printf ("%s\n%s", profile->url,
                                    _("Plain http:// to another computer: the token would cross "
                                      "the network unencrypted"));
      else if (reason != NULL)
        subtitle = g_strdup_printf ("%s\n%s", profile->url != NULL ? profile->url : "", reason);
      else if (profile->org != NULL && profile->org[0] != '\0')
        subtitle = g_strdup_printf ("%s · %s", profile->url, profile->org);
      else
        subtitle = g_strdup (profile->url);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      if (reason == NULL)
        {
          gboolean saved = already_saved (self, profile);

          check = gtk_check_button_new ();
          gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
          /* An unencrypted one only when the person chooses it. */
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                       !saved && !profile_is_insecure (profile));
          gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, profile->name, -1);
          g_signal_connect_object (check, "toggled", G_CALLBACK (update_import_button), self,
                                   G_CONNECT_SWAPPED);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
          if (saved)
            {
              GtkWidget *label = gtk_label_new (_("Already saved"));
              gtk_widget_add_css_class (label, "dim-label");
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
            }
          if (profile_is_insecure (profile))
            {
              GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

              gtk_widget_add_css_class (icon, "warning");
              gtk_widget_set_tooltip_text (icon, _("Not encrypted"));
              gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, _("Not encrypted"),
                                              -1);
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
            }
        }
      else
        gtk_widget_set_sensitive (row, FALSE);

      if (profile->active)
        {
          GtkWidget *badge = gtk_label_new (C_("influx CLI profile", "Active"));
          gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (badge, "badge");
          gtk_widget_add_css_class (badge, "current");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
        }

      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
      g_ptr_array_add (self->checks, check);
    }

  /* The same acknowledgment as Add Server's, for every unencrypted one; its
   * words follow what is chosen (update_import_button()). */
  self->insecure_row = adw_action_row_new ();
  self->insecure_check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->insecure_check), GTK_ALIGN_CENTER);
  g_signal_connect_object (self->insecure_check, "toggled", G_CALLBACK (update_import_button), self,
                           G_CONNECT_SWAPPED);
  adw_action_row_add_prefix (ADW_ACTION_ROW (self->insecure_row), GTK_WIDGET (self->insecure_check));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self->insecure_row),
                                         GTK_WIDGET (self->insecure_check));
  adw_preferences_group_add (self->group, self->insecure_row);
  g_ptr_array_add (self->rows, self->insecure_row);

  gtk_stack_set_visible_child_name (self->stack, "list");
  update_import_button (self);
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TokensImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_parse_name (self->file);
  GPtrArray *profiles = tokens_influx_config_load_finish (result, &error);

  if (profiles == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          text = g_strdup_printf (_("There is no influx CLI profiles file at %s. Choose the "
                                    "file if it is somewhere else."), path);
          show_problem (self, _("No influx CLI Profiles Found"), text);
        }
      else
        {
          text = g_strdup_printf ("%s: %s", path, error->message);
          show_problem (self, _("Cannot Read the Profiles File"), text);
        }
      return;
    }

  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  self->profiles = profiles;
  if (profiles->len == 0)
    {
      g_autofree char *text = g_strdup_printf (_("%s has no profiles."), path);
      show_problem (self, _("No influx CLI Profiles Found"), text);
      return;
    }

  show_profiles (self);
}

static void
load (TokensImportDialog *self)
{
  gtk_stack_set_visible_child_name (self->stack, "loading");
  tokens_influx_config_load_async (self->file, self->cancellable, on_loaded, g_object_ref (self));
}

static void import_next (TokensImportDialog *self);

static void
on_secret_saved (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TokensImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TokensConnection) connection = NULL;
  TokensInfluxProfile *profile = g_ptr_array_index (self->profiles, self->next);
  const char *id = g_object_get_data (G_OBJECT (self), "server-id");

  if (!tokens_secret_store_save_finish (result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (ngettext ("%u server was imported before this happened: %s",
                                        "%u servers were imported before this happened: %s",
                                        self->imported),
                              self->imported, error->message);
      show_problem (self, _("The Keyring Did Not Take the Token"), text);
      return;
    }

  connection = tokens_connection_store_add (self->store, id, profile->name, profile->url,
                                            profile->org);
  self->imported++;
  if (self->to_open == NULL || profile->active)
    g_set_object (&self->to_open, connection);

  self->next++;
  import_next (self);
}

static void
import_next (TokensImportDialog *self)
{
  for (; self->next < self->profiles->len; self->next++)
    {
      TokensInfluxProfile *profile = g_ptr_array_index (self->profiles, self->next);
      g_autofree char *id = NULL;

      if (!may_import (self, self->next))
        continue;

      id = g_uuid_string_random ();
      g_object_set_data_full (G_OBJECT (self), "server-id", g_strdup (id), g_free);
      tokens_secret_store_save_async (id, profile->url, profile->name, profile->token,
                                      self->cancellable, on_secret_saved, g_object_ref (self));
      return;
    }

  g_signal_emit (self, signals[IMPORTED], 0, self->imported, self->to_open);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_import_clicked_cb (TokensImportDialog *self)
{
  gtk_widget_set_sensitive (self->import_button, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->group), FALSE);
  self->next = 0;
  self->imported = 0;
  import_next (self);
}

static void
on_cancel_clicked_cb (TokensImportDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_file_chosen (GtkNativeDialog    *chooser,
                int                 response,
                TokensImportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      g_set_object (&self->file, file);
      load (self);
    }
  g_object_unref (chooser);
}

static void
on_choose_clicked_cb (TokensImportDialog *self)
{
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Choose the influx CLI Profiles File"), GTK_WINDOW (self),
                                 GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
tokens_import_dialog_dispose (GObject *object)
{
  TokensImportDialog *self = (TokensImportDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), TOKENS_TYPE_IMPORT_DIALOG);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->file);
  g_clear_object (&self->to_open);

  G_OBJECT_CLASS (tokens_import_dialog_parent_class)->dispose (object);
}

static void
tokens_import_dialog_finalize (GObject *object)
{
  TokensImportDialog *self = (TokensImportDialog *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (tokens_import_dialog_parent_class)->finalize (object);
}

static void
tokens_import_dialog_class_init (TokensImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tokens_import_dialog_dispose;
  object_class->finalize = tokens_import_dialog_finalize;

  signals[IMPORTED] =
    g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, TOKENS_TYPE_CONNECTION);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tokens-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TokensImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, TokensImportDialog, problem_page);
  gtk_widget_class_bind_template_child (widget_class, TokensImportDialog, group);
  gtk_widget_class_bind_template_child (widget_class, TokensImportDialog, import_button);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tokens_import_dialog_init (TokensImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * tokens_import_dialog_new:
 * @file: (nullable): the profiles file, or %NULL for the influx CLI's own
 */
TokensImportDialog *
tokens_import_dialog_new (GtkWindow             *parent,
                          TokensConnectionStore *store,
                          GFile                 *file)
{
  TokensImportDialog *self = g_object_new (TOKENS_TYPE_IMPORT_DIALOG,
                                           "transient-for", parent,
                                           NULL);

  self->store = g_object_ref (store);
  if (file != NULL)
    self->file = g_object_ref (file);
  else
    {
      g_autofree char *path = tokens_influx_config_default_path ();
      self->file = g_file_new_for_path (path);
    }

  load (self);
  return self;
}

const char *
_tokens_import_dialog_get_page (TokensImportDialog *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

guint
_tokens_import_dialog_get_n_chosen (TokensImportDialog *self)
{
  guint n = 0;

  for (guint i = 0; self->checks != NULL && i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);
      if (check != NULL && gtk_check_button_get_active (check))
        n++;
    }
  return n;
}

void
_tokens_import_dialog_import (TokensImportDialog *self)
{
  g_signal_emit_by_name (self->import_button, "clicked");
}

gboolean
_tokens_import_dialog_can_import (TokensImportDialog *self)
{
  return gtk_widget_get_sensitive (self->import_button);
}

void
_tokens_import_dialog_choose (TokensImportDialog *self,
                              const char         *name)
{
  for (guint i = 0; i < self->profiles->len; i++)
    {
      TokensInfluxProfile *profile = g_ptr_array_index (self->profiles, i);
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);

      if (check != NULL && g_strcmp0 (profile->name, name) == 0)
        gtk_check_button_set_active (check, TRUE);
    }
}

void
_tokens_import_dialog_acknowledge_insecure (TokensImportDialog *self)
{
  gtk_check_button_set_active (self->insecure_check, TRUE);
}
