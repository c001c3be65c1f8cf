/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-window"

#include "config.h"

#include "tokens-window-private.h"
#include "tokens-create-dialog.h"
#include "tokens-delete-dialog.h"
#include "tokens-message-dialog.h"
#include "tokens-secret-store.h"
#include "tokens-token-row.h"

#include <glib/gi18n.h>

/*
 * The window's actions that make tokens: win.new-token, win.clone-token,
 * win.replace-token (tokens-create-dialog.c does the rest of the flow, and
 * hands the old token back to win.delete-token and win.set-token-active),
 * win.regenerate-token behind its guarded question, and win.token-menu,
 * the focused row's menu.
 */

static void
present_create_dialog (TokensWindow     *self,
                       TokensCreateMode  mode,
                       TokensToken      *source)
{
  GtkWidget *dialog = tokens_create_dialog_new (GTK_WINDOW (self), self->token_list, mode, source);

  g_set_weak_pointer (&self->create_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
can_create (TokensWindow *self)
{
  if (self->token_list == NULL ||
      tokens_token_list_get_state (self->token_list) != TOKENS_TOKEN_LIST_STATE_LOADED)
    return FALSE;
  if (!(self->features & TOKENS_BACKEND_CREATE))
    {
      _tokens_window_show_toast (self, _("This server does not let tokens be made here"),
                                 NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

static void
new_token_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);

  if (can_create (self))
    present_create_dialog (self, TOKENS_CREATE_NEW, NULL);
}

/* The token a clone or a replacement copies, if it can be copied. */
static TokensToken *
copyable (TokensWindow *self,
          GVariant     *parameter)
{
  TokensToken *token;

  if (!can_create (self))
    return NULL;
  token = tokens_token_list_lookup (self->token_list, g_variant_get_string (parameter, NULL));
  if (token == NULL)
    return NULL;
  if (tokens_token_get_is_operator (token))
    {
      _tokens_window_show_toast (self, _("The operator token cannot be copied: regenerate it "
                                         "instead"), NULL, NULL, NULL);
      return NULL;
    }
  return token;
}

static void
clone_token_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);
  TokensToken *token = copyable (self, parameter);

  if (token != NULL)
    present_create_dialog (self, TOKENS_CREATE_CLONE, token);
}

static void
replace_token_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);
  TokensToken *token = copyable (self, parameter);

  if (token == NULL)
    return;
  if (tokens_token_get_revoked_at (token) != NULL)
    {
      _tokens_window_show_toast (self, _("This token is revoked already: clone it instead"),
                                 NULL, NULL, NULL);
      return;
    }
  present_create_dialog (self, TOKENS_CREATE_REPLACE, token);
}

/* What a regenerate's answer is for. */
typedef struct
{
  TokensWindow *self;
  gboolean was_current;
} Regenerate;

static void
regenerate_free (Regenerate *regenerate)
{
  g_object_unref (regenerate->self);
  g_free (regenerate);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Regenerate, regenerate_free)

static void
on_regenerated (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Regenerate) op = user_data;
  TokensWindow *self = op->self;
  g_autoptr(GError) error = NULL;
  char *secret;
  GtkWidget *dialog;

  secret = tokens_token_list_regenerate_finish (TOKENS_TOKEN_LIST (object), result, &error);
  if (secret == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _tokens_window_show_failure (self, _("The Operator Token Was Not Regenerated"),
                                     error->message);
      return;
    }

  dialog = tokens_create_dialog_new (GTK_WINDOW (self), self->token_list,
                                     TOKENS_CREATE_REGENERATED, NULL);
  g_set_weak_pointer (&self->create_dialog, dialog);
  tokens_create_dialog_show_secret (TOKENS_CREATE_DIALOG (dialog), secret,
                                    op->was_current);
  tokens_secret_free (secret);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_regenerate_answered (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(TokensWindowQuestion) question = user_data;
  g_autofree char *response = tokens_message_dialog_run_finish (result, NULL);
  TokensWindow *self = question->self;
  Regenerate *regenerate;

  if (g_strcmp0 (response, TOKENS_REGENERATE_RESPONSE) != 0)
    return;
  regenerate = g_new0 (Regenerate, 1);
  regenerate->self = g_object_ref (self);
  regenerate->was_current = tokens_token_get_is_current (question->authorization);
  tokens_token_list_regenerate_async (self->token_list,
                                      tokens_token_get_id (question->authorization),
                                      self->cancellable, on_regenerated, regenerate);
}

/* Shift+F10 and the Menu key: the focused row's menu. */
static void
token_menu_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (widget));

  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    if (TOKENS_IS_TOKEN_ROW (w))
      {
        tokens_token_row_popup_menu (TOKENS_TOKEN_ROW (w), -1, -1);
        return;
      }
  if (focus != NULL && TOKENS_IS_TOKEN_ROW (gtk_widget_get_first_child (focus)))
    tokens_token_row_popup_menu (TOKENS_TOKEN_ROW (gtk_widget_get_first_child (focus)), -1, -1);
}

static void
regenerate_token_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);
  TokensToken *token;

  if (self->token_list == NULL || !(self->features & TOKENS_BACKEND_REGENERATE))
    return;
  token = tokens_token_list_lookup (self->token_list, g_variant_get_string (parameter, NULL));
  if (token == NULL || !tokens_token_get_is_operator (token) ||
      !tokens_token_list_may_change (self->token_list, token))
    return;

  _tokens_window_ask (self, tokens_regenerate_dialog_new (GTK_WINDOW (self), token, self->server_name),
       token, on_regenerate_answered);
}

void
_tokens_window_create_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-token", NULL, new_token_action);
  gtk_widget_class_install_action (widget_class, "win.clone-token", "s", clone_token_action);
  gtk_widget_class_install_action (widget_class, "win.replace-token", "s", replace_token_action);
  gtk_widget_class_install_action (widget_class, "win.regenerate-token", "s", regenerate_token_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-token", NULL);
  gtk_widget_class_install_action (widget_class, "win.token-menu", NULL, token_menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "win.token-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "win.token-menu", NULL);
}
