/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-secret-clipboard"

#include "config.h"

#include "tokens-secret-clipboard.h"

/*
 * A token put on the clipboard because the person pressed Copy, taken off
 * again after 30 seconds if the clipboard still holds it: whatever the
 * person copied since is left alone. One at a time, for the whole app, so
 * that closing the dialog does not leave a token there for good.
 */

static GdkContentProvider *ours;     /* what we put there, while it may be there */
static GdkClipboard *clipboard;      /* where */
static guint clear_source;
static guint timeout_ms = TOKENS_SECRET_CLIPBOARD_SECONDS * 1000;

static void
forget (void)
{
  g_clear_handle_id (&clear_source, g_source_remove);
  g_clear_object (&ours);
  g_clear_object (&clipboard);
}

void
tokens_secret_clipboard_clear_now (void)
{
  /* Only if it is still ours: the person may have copied something else. */
  if (clipboard != NULL && ours != NULL && gdk_clipboard_get_content (clipboard) == ours)
    gdk_clipboard_set_content (clipboard, NULL);
  forget ();
}

static gboolean
on_timeout (gpointer data)
{
  clear_source = 0;
  tokens_secret_clipboard_clear_now ();
  return G_SOURCE_REMOVE;
}

/**
 * tokens_secret_clipboard_copy:
 * @widget: a widget on the display whose clipboard is meant
 *
 * Puts @secret on the clipboard, and takes it off again after
 * %TOKENS_SECRET_CLIPBOARD_SECONDS unless something else was copied since.
 */
void
tokens_secret_clipboard_copy (GtkWidget  *widget,
                              const char *secret)
{
  GValue value = G_VALUE_INIT;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (secret != NULL);

  forget ();
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, secret);
  ours = gdk_content_provider_new_for_value (&value);
  g_value_unset (&value);

  clipboard = g_object_ref (gtk_widget_get_clipboard (widget));
  gdk_clipboard_set_content (clipboard, ours);
  clear_source = g_timeout_add (timeout_ms, on_timeout, NULL);
}

/**
 * tokens_secret_clipboard_holds_ours:
 *
 * Returns: whether @display's clipboard holds a token this app put there
 */
gboolean
tokens_secret_clipboard_holds_ours (GdkDisplay *display)
{
  GdkClipboard *current = gdk_display_get_clipboard (display);

  return ours != NULL && current == clipboard && gdk_clipboard_get_content (current) == ours;
}

void
_tokens_secret_clipboard_set_timeout_ms (guint ms)
{
  timeout_ms = ms;
}
