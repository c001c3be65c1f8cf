/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-message-dialog"

#include "config.h"

#include "tokens-message-dialog.h"

/*
 * A message dialog's answer as an async call, as gnome-text-editor's
 * _editor_save_changes_dialog_run_async gives its own: the caller keeps
 * what it needs in its callback's data, not on the dialog, and learns
 * nothing once its cancellable is cancelled (the window moved on to
 * another server, say). The call does not keep the dialog alive: a dialog
 * must not outlive the window it belongs to.
 */

typedef struct
{
  AdwMessageDialog *dialog;     /* weak */
  GCancellable *cancellable;
  gulong cancelled_id;
} Run;

static void
run_free (Run *run)
{
  if (run->cancellable != NULL)
    g_cancellable_disconnect (run->cancellable, run->cancelled_id);
  g_clear_object (&run->cancellable);
  g_clear_weak_pointer (&run->dialog);
  g_free (run);
}

static void
complete (GTask      *task,
          const char *response)
{
  Run *run = g_task_get_task_data (task);

  if (run->dialog != NULL)
    g_signal_handlers_disconnect_by_data (run->dialog, task);
  g_clear_weak_pointer (&run->dialog);
  if (response != NULL)
    g_task_return_pointer (task, g_strdup (response), g_free);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The dialog was closed");
  g_object_unref (task);
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             GTask            *task)
{
  complete (task, response);
}

/* Destroyed unanswered, with its window say: nothing was chosen. */
static void
on_destroy (AdwMessageDialog *dialog,
            GTask            *task)
{
  complete (task, NULL);
}

static gboolean
close_idle (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  if (!g_task_get_completed (task) && run->dialog != NULL)
    gtk_window_close (GTK_WINDOW (run->dialog));
  return G_SOURCE_REMOVE;
}

/* The question no longer stands: the dialog goes, as if closed. From an
 * idle: closing completes the task, which disconnects from the
 * cancellable, which must not happen inside its own signal. */
static void
on_cancelled (GCancellable *cancellable,
              GTask        *task)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, close_idle, g_object_ref (task), g_object_unref);
}

/**
 * tokens_message_dialog_run_async:
 *
 * Presents @dialog and completes with the response the person chose.
 */
void
tokens_message_dialog_run_async (AdwMessageDialog    *dialog,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;
  Run *run;

  g_return_if_fail (ADW_IS_MESSAGE_DIALOG (dialog));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tokens_message_dialog_run_async);
  run = g_new0 (Run, 1);
  g_set_weak_pointer (&run->dialog, dialog);
  g_task_set_task_data (task, run, (GDestroyNotify)run_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), task);
  g_signal_connect (dialog, "destroy", G_CALLBACK (on_destroy), task);
  if (cancellable != NULL)
    {
      run->cancellable = g_object_ref (cancellable);
      run->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), task, NULL);
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * tokens_message_dialog_run_finish:
 *
 * Returns: (transfer full): the id of the response chosen, or %NULL with
 *   @error set when the question went unanswered or was cancelled
 */
char *
tokens_message_dialog_run_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tokens_message_dialog_run_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
