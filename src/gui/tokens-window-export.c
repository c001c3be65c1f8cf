/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-window"

#include "config.h"

#include "tokens-window-private.h"
#include "tokens-export.h"
#include "tokens-format.h"

#include <glib/gi18n.h>

/*
 * win.export-tokens ("csv" or "json"): the list as it is shown, searched,
 * filtered and sorted, every row of it and not only those on screen, into
 * a file the person picks. GtkFileChooserNative goes through the
 * xdg-desktop-portal inside the Flatpak, and is GTK's own dialog outside
 * it. tokens-export.c writes the file, never with a token's value;
 * docs/exporting.md says what it holds.
 */

typedef struct
{
  TokensWindow *self;
  TokensExportFormat format;
  GtkFileChooserNative *chooser;
  GFile *file;
  guint n_tokens;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->chooser);
  g_clear_object (&job->file);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportJob, export_job_free)

/* What the file is called unless the person says otherwise:
 * "tokens-localhost-8086-2024-05-01.csv". Only letters, digits, dots and
 * dashes from the server's name, which a server's address may make odd. */
static char *
suggested_name (TokensWindow       *self,
                TokensExportFormat  format)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (today, "%Y-%m-%d");
  g_autoptr(GString) server = g_string_new (NULL);
  const char *name = self->server_name;

  for (const char *p = name; p != NULL && *p != '\0' && server->len < 64; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '.' || *p == '-' || *p == '_')
        g_string_append_c (server, *p);
      else if (server->len > 0 && server->str[server->len - 1] != '-')
        g_string_append_c (server, '-');
    }
  while (server->len > 0 && (server->str[server->len - 1] == '-' || server->str[server->len - 1] == '.'))
    g_string_truncate (server, server->len - 1);
  while (server->len > 0 && server->str[0] == '.')
    g_string_erase (server, 0, 1);

  if (server->len == 0)
    return g_strdup_printf ("tokens-%s.%s", date, tokens_export_format_get_extension (format));
  return g_strdup_printf ("tokens-%s-%s.%s", server->str, date,
                          tokens_export_format_get_extension (format));
}

/* What went wrong, in words a person can act on. */
static char *
describe_write_error (const GError *error,
                      GFile        *file)
{
  g_autofree char *name = g_file_get_parse_name (file);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
    /* Translators: %s is the file's name, with its folder */
    return g_strdup_printf (_("You may not write “%s”. Choose another folder."), name);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    /* Translators: %s is the file's name, with its folder */
    return g_strdup_printf (_("There is not enough space on the disk for “%s”. Free some space, or choose another disk."),
                            name);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    /* Translators: %s is the file's name, with its folder */
    return g_strdup_printf (_("“%s” is a folder. Choose another name."), name);
  /* Translators: %s is the file's name, with its folder; %s what the system said */
  return g_strdup_printf (_("“%s” could not be written: %s"), name, error->message);
}

static void
on_written (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ExportJob) job = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_autofree char *body = describe_write_error (error, job->file);

      g_debug ("Export failed: %s", error->message);
      _tokens_window_show_failure (job->self, _("Could Not Export Tokens"), body);
      return;
    }

  {
    g_autofree char *count = tokens_format_count (job->n_tokens);
    g_autofree char *title = g_strdup_printf (ngettext ("Exported %s token", "Exported %s tokens",
                                                        job->n_tokens),
                                              count);

    _tokens_window_show_toast (job->self, title, NULL, NULL, NULL);
  }
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(ExportJob) job = user_data;
  TokensWindow *self = job->self;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GDateTime) now = NULL;

  GFile *file;

  if (response == GTK_RESPONSE_ACCEPT)
    job->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  if (job->file == NULL || self->filter_model == NULL)
    return;

  /* What is shown when the person says Export: a refresh meanwhile counts. */
  now = g_date_time_new_now_utc ();
  job->n_tokens = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  bytes = tokens_export_tokens (G_LIST_MODEL (self->filter_model), job->format, self->server_url, now);

  /* Private: a list of who holds which access is for its owner's eyes.
   * No backup, and the old file stays whole until the new one is. */
  file = job->file;
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, on_written, g_steal_pointer (&job));
}

static void
export_tokens_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  ExportJob *job;

  if (self->filter_model == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0)
    return;

  job = g_new0 (ExportJob, 1);
  job->self = g_object_ref (self);
  job->format = g_str_equal (format, "json") ? TOKENS_EXPORT_JSON : TOKENS_EXPORT_CSV;
  job->chooser = gtk_file_chooser_native_new (job->format == TOKENS_EXPORT_JSON ? _("Export as JSON")
                                                                                : _("Export as CSV"),
                                              GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                              _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (job->chooser), TRUE);

  gtk_file_filter_set_name (filter, job->format == TOKENS_EXPORT_JSON ? _("JSON files") : _("CSV files"));
  gtk_file_filter_add_mime_type (filter, tokens_export_format_get_mime_type (job->format));
  gtk_file_filter_add_suffix (filter, tokens_export_format_get_extension (job->format));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (job->chooser), filter);
  name = suggested_name (self, job->format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (job->chooser), name);

  g_signal_connect (job->chooser, "response", G_CALLBACK (on_chooser_response), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (job->chooser));
}

static void
update_export_action (TokensWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-tokens",
                                 self->filter_model != NULL &&
                                 g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) > 0);
}

void
_tokens_window_export_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-tokens", "s", export_tokens_action);
}

/* After _tokens_window_list_init: nothing to export while nothing is listed. */
void
_tokens_window_export_init (TokensWindow *self)
{
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (update_export_action), self, G_CONNECT_SWAPPED);
  update_export_action (self);
}
