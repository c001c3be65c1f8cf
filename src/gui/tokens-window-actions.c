/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-window"

#include "config.h"

#include "tokens-window-private.h"
#include "tokens-delete-dialog.h"
#include "tokens-format.h"
#include "tokens-message-dialog.h"

#include <glib/gi18n.h>

/*
 * The window's actions: what a row, a button, a menu or a key asks for
 * (win.delete-token, win.set-token-active, win.delete-selection, …), the
 * confirmations that come first, and what the window says of the results.
 */

static void
show_toast (TokensWindow *self,
            const char   *title,
            const char   *button_label,
            const char   *action_name)
{
  _tokens_window_show_toast (self, title, button_label, action_name, NULL);
}

/* A toast whose Undo runs @action_name with @target (floating, consumed). */
static void
show_undo_toast (TokensWindow *self,
                 const char   *title,
                 const char   *action_name,
                 GVariant     *target)
{
  _tokens_window_show_toast (self, title, _("_Undo"), action_name, target);
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

static Operation *
operation_new (TokensWindow        *self,
               TokensToken *authorization)
{
  Operation *op = g_new0 (Operation, 1);

  op->self = g_object_ref (self);
  op->id = g_strdup (tokens_token_get_id (authorization));
  op->name = g_strdup (tokens_token_get_display_name (authorization));
  op->old_description = g_strdup (tokens_token_get_description (authorization));
  op->was_current = tokens_token_get_is_current (authorization);
  op->position = G_MAXUINT;
  if (self->selection != NULL)
    {
      g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
      GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

      if (gtk_bitset_get_size (selected) == 1)
        {
          guint position = gtk_bitset_get_nth (selected, 0);
          g_autoptr(TokensToken) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

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
  _tokens_window_update_view (self);
  _tokens_window_update_details (self);
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
      /* Cancelled, or refused by the list as something else is under way for
       * this token: nothing was asked of the server, nothing to say. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY))
        return;
      /* Translators: %s names the token */
      text = g_strdup_printf (_("“%s” was not deleted. %s"), op->name, error->message);
      _tokens_window_show_failure (self, _("Could Not Delete Token"), text);
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
    _tokens_window_focus_row (self, op->position);

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
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY))
        {
          if (self->details_pane != NULL)
            tokens_details_pane_sync (self->details_pane);
          return;
        }
      text = g_strdup_printf (op->activate ? _("“%s” is still inactive. %s")
                                           : _("“%s” is still active. %s"),
                              op->name, error->message);
      _tokens_window_show_failure (self, op->activate ? _("Could Not Activate Token")
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
            TokensToken *authorization,
            gboolean             active)
{
  Operation *op = operation_new (self, authorization);

  op->activate = active;
  tokens_token_list_set_active_async (self->token_list, tokens_token_get_id (authorization),
                                      active, self->cancellable, on_set_active_done, op);
}

/* A question about one token, or a batch, for _tokens_window_ask () and the batches. */
static TokensWindowQuestion *
question_new (TokensWindow        *self,
              TokensToken *authorization,
              GPtrArray           *authorizations)
{
  TokensWindowQuestion *question = g_new0 (TokensWindowQuestion, 1);

  question->self = g_object_ref (self);
  if (authorization != NULL)
    question->authorization = g_object_ref (authorization);
  if (authorizations != NULL)
    question->authorizations = g_ptr_array_ref (authorizations);
  return question;
}

void
_tokens_window_question_free (TokensWindowQuestion *question)
{
  g_object_unref (question->self);
  g_clear_object (&question->authorization);
  g_clear_pointer (&question->authorizations, g_ptr_array_unref);
  g_free (question);
}

/* The confirmation on screen is gone as soon as it is answered. */
static void
forget_dialog (TokensWindow *self,
               const char   *response,
               GtkWidget    *dialog)
{
  if (self->delete_dialog == dialog)
    self->delete_dialog = NULL;
}

static void
remember_dialog (TokensWindow *self,
                 GtkWidget    *dialog)
{
  self->delete_dialog = dialog;
  g_signal_connect_object (dialog, "response", G_CALLBACK (forget_dialog), self, G_CONNECT_SWAPPED);
}

/* Asks about one token, and calls @callback with the TokensWindowQuestion. */
void
_tokens_window_ask (TokensWindow        *self,
                    GtkWidget           *dialog,
                    TokensToken         *authorization,
                    GAsyncReadyCallback  callback)
{
  remember_dialog (self, dialog);
  tokens_message_dialog_run_async (ADW_MESSAGE_DIALOG (dialog), self->cancellable, callback,
                                   question_new (self, authorization, NULL));
}

static void
on_delete_answered (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TokensWindowQuestion) question = user_data;
  g_autofree char *response = tokens_message_dialog_run_finish (result, NULL);
  TokensWindow *self = question->self;

  if (response == NULL)
    return;

  /* The list decides whether the token may still be deleted: it may have
   * gone, or something else may be under way for it. */
  if (g_str_equal (response, TOKENS_DELETE_RESPONSE_DELETE))
    tokens_token_list_delete_async (self->token_list,
                                    tokens_token_get_id (question->authorization),
                                    self->cancellable, on_delete_done,
                                    operation_new (self, question->authorization));
  else if (g_str_equal (response, TOKENS_DELETE_RESPONSE_DEACTIVATE))
    set_active (self, question->authorization, FALSE);
}

static void
delete_token_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  TokensToken *authorization;

  if (self->token_list == NULL)
    return;
  authorization = tokens_token_list_lookup (self->token_list, id);
  if (!tokens_token_list_may_change (self->token_list, authorization))
    return;

  /* The Delete key reaches here whatever the row's button shows. */
  if (!(self->features & TOKENS_BACKEND_DELETE))
    {
      _tokens_window_show_toast (self, _("This server does not let tokens be deleted"),
                                 NULL, NULL, NULL);
      return;
    }
  if (tokens_token_get_is_protected (authorization))
    {
      _tokens_window_show_toast (self, _("InfluxDB 3 never deletes its operator token"),
                                 NULL, NULL, NULL);
      return;
    }
  if (tokens_token_get_revoked_at (authorization) != NULL)
    {
      _tokens_window_show_toast (self, _("This token is revoked already"), NULL, NULL, NULL);
      return;
    }

  _tokens_window_ask (self, tokens_delete_dialog_new (GTK_WINDOW (self), authorization, self->server_name,
                                       self->features),
       authorization, on_delete_answered);
}

static void
on_deactivate_answered (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(TokensWindowQuestion) question = user_data;
  g_autofree char *response = tokens_message_dialog_run_finish (result, NULL);
  TokensWindow *self = question->self;

  if (response != NULL && g_str_equal (response, TOKENS_DELETE_RESPONSE_DEACTIVATE))
    set_active (self, question->authorization, FALSE);
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
  TokensToken *authorization;

  g_variant_get (parameter, "(&sb)", &id, &active);
  if (self->token_list == NULL ||
      !tokens_token_list_may_change (self->token_list,
                                     (authorization = tokens_token_list_lookup (self->token_list, id))) ||
      tokens_token_get_active (authorization) == active)
    {
      if (self->details_pane != NULL)
        tokens_details_pane_sync (self->details_pane);
      return;
    }

  if (active)
    set_active (self, authorization, TRUE);
  else
    _tokens_window_ask (self, tokens_deactivate_dialog_new (GTK_WINDOW (self), authorization, self->server_name),
         authorization, on_deactivate_answered);
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
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY))
        {
          if (op->self->details_pane != NULL)
            tokens_details_pane_sync (op->self->details_pane);
          return;
        }
      text = g_strdup_printf (_("“%s” keeps its description. %s"), op->name, error->message);
      _tokens_window_show_failure (op->self, _("Could Not Rename Token"), text);
      if (op->self->details_pane != NULL)
        tokens_details_pane_sync (op->self->details_pane);
      note_own_token_error (op->self, error);
      return;
    }

  show_undo_toast (op->self, _("Description saved"), "win.rename-token",
                   g_variant_new ("(ss)", op->id, op->old_description != NULL ? op->old_description : ""));
  _tokens_window_update_details (op->self);
}

static void
rename_token_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TokensWindow *self = TOKENS_WINDOW (widget);
  const char *id;
  const char *description;
  TokensToken *authorization;

  g_variant_get (parameter, "(&s&s)", &id, &description);
  if (self->token_list == NULL ||
      !tokens_token_list_may_change (self->token_list,
                                     (authorization = tokens_token_list_lookup (self->token_list, id))))
    return;

  tokens_token_list_rename_async (self->token_list, id, description, self->cancellable,
                                  on_rename_done, operation_new (self, authorization));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _tokens_window_refresh (TOKENS_WINDOW (widget));
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

typedef struct
{
  TokensWindow *self;
  GtkEditable *entry;   /* the dialog's, alive as long as the dialog */
} TokenQuestion;

static void
on_update_token_answered (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autofree TokenQuestion *question = user_data;
  g_autoptr(TokensWindow) self = question->self;
  g_autofree char *response = tokens_message_dialog_run_finish (result, NULL);
  g_autoptr(TokensClient) client = NULL;
  g_autoptr(TokensTokenList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  const char *url;

  /* Unanswered, the dialog went with its entry and what it held. */
  if (response == NULL)
    return;
  if (!g_str_equal (response, "connect") || self->server_url == NULL)
    {
      gtk_editable_set_text (question->entry, "");
      return;
    }

  url = self->server_url;
  client = tokens_client_new (url, gtk_editable_get_text (question->entry), NULL, &error);
  /* The entry held the token: clear it now that the client has its copy. */
  gtk_editable_set_text (question->entry, "");
  if (client == NULL)
    {
      _tokens_window_show_failure (self, _("Could Not Use the Token"), error->message);
      return;
    }

  name = g_strdup (self->server_name);
  /* What the person said the server is (Clustered has no /ping) holds for
   * another token too. */
  if (self->token_list != NULL &&
      tokens_client_get_product (tokens_token_list_get_client (self->token_list)) == TOKENS_PRODUCT_CLUSTERED)
    tokens_client_set_product (client, TOKENS_PRODUCT_CLUSTERED);
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
  TokenQuestion *question;
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
  question = g_new0 (TokenQuestion, 1);
  question->self = g_object_ref (self);
  question->entry = GTK_EDITABLE (entry);
  tokens_message_dialog_run_async (ADW_MESSAGE_DIALOG (dialog), NULL, on_update_token_answered,
                                   question);
}

/* ---------------------------------------------------------------------- */
/* Many at once                                                           */

static void
on_bulk_progress (TokensWindow    *self,
                  guint            done,
                  guint            total,
                  TokensTokenList *list)
{
  gtk_progress_bar_set_fraction (self->bulk_progress, total > 0 ? (double)done / total : 0);
  self->bulk_done = done;
  self->bulk_total = total;
  _tokens_window_update_selection_bar (self);
}

static void
finish_bulk (TokensWindow *self)
{
  if (self->token_list != NULL)
    g_signal_handlers_disconnect_by_func (self->token_list, on_bulk_progress, self);
  g_clear_object (&self->bulk_cancellable);
  _tokens_window_update_selection_bar (self);
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
      _tokens_window_select_ids (self, bulk->failed_ids);
      _tokens_window_show_failure (self,
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
      _tokens_window_set_selection_mode (self, FALSE);
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
      TokensToken *a = g_ptr_array_index (authorizations, i);

      g_strv_builder_add (builder, tokens_token_get_id (a));
      g_hash_table_insert (op->names, g_strdup (tokens_token_get_id (a)),
                           g_strdup (tokens_token_get_display_name (a)));
      if (tokens_token_get_is_current (a))
        {
          g_free (op->current_id);
          op->current_id = g_strdup (tokens_token_get_id (a));
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
  _tokens_window_update_selection_bar (self);
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
on_many_answered (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TokensWindowQuestion) question = user_data;
  TokensWindow *self = question->self;
  g_autofree char *response = tokens_message_dialog_run_finish (result, NULL);

  if (response == NULL || self->token_list == NULL ||
      tokens_token_list_get_batch_running (self->token_list))
    return;
  if (g_str_equal (response, TOKENS_DELETE_RESPONSE_DELETE))
    start_bulk (self, question->authorizations, BULK_DELETE);
  else if (g_str_equal (response, TOKENS_DELETE_RESPONSE_DEACTIVATE))
    start_bulk (self, question->authorizations, BULK_DEACTIVATE);
}

static void
present_many_confirmation (TokensWindow       *self,
                           GPtrArray          *authorizations,
                           TokensAccessAction  action)
{
  GtkWidget *dialog =
    tokens_delete_dialog_new_for_many (GTK_WINDOW (self), authorizations, self->server_name, action,
                                       g_list_model_get_n_items (G_LIST_MODEL (self->token_list)),
                                       self->features);

  remember_dialog (self, dialog);
  tokens_message_dialog_run_async (ADW_MESSAGE_DIALOG (dialog), self->cancellable, on_many_answered,
                                   question_new (self, NULL, authorizations));
}

/* The selected tokens nothing else is being done to, and of them, with
 * @want_active other than -1, those active (1) or inactive (0). */
static GPtrArray *
selected_idle (TokensWindow *self,
               int           want_active)
{
  g_autoptr(GPtrArray) authorizations = _tokens_window_selected_authorizations (self);
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < authorizations->len; i++)
    {
      TokensToken *a = g_ptr_array_index (authorizations, i);

      if (!tokens_token_list_may_change (self->token_list, a))
        continue;
      if (want_active != -1 && tokens_token_get_active (a) != (want_active == 1))
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
  guint n_left_out = 0;

  /* What the server will not delete is not offered: _admin, and tokens
   * revoked already. */
  for (guint i = authorizations->len; i > 0; i--)
    {
      TokensToken *a = g_ptr_array_index (authorizations, i - 1);

      if (tokens_token_get_is_protected (a) || tokens_token_get_revoked_at (a) != NULL)
        {
          g_ptr_array_remove_index (authorizations, i - 1);
          n_left_out++;
        }
    }
  if (n_left_out > 0)
    _tokens_window_show_toast (self, g_dngettext (GETTEXT_PACKAGE,
                                                  "One token is left out: the server does not delete it",
                                                  "Some tokens are left out: the server does not delete them",
                                                  n_left_out),
                               NULL, NULL, NULL);

  if (authorizations->len == 0 || tokens_token_list_get_batch_running (self->token_list))
    return;
  if (authorizations->len == 1)
    {
      gtk_widget_activate_action (widget, "win.delete-token", "s",
                                  tokens_token_get_id (g_ptr_array_index (authorizations, 0)));
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

  if (self->token_list == NULL || tokens_token_list_get_batch_running (self->token_list))
    return;

  if (active->len == 0)
    show_toast (self, _("The selected tokens are already inactive"), NULL, NULL);
  else if (active->len == 1)
    gtk_widget_activate_action (widget, "win.set-token-active", "(sb)",
                                tokens_token_get_id (g_ptr_array_index (active, 0)), FALSE);
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

  if (inactive->len == 0 || tokens_token_list_get_batch_running (self->token_list))
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

  if (self->token_list == NULL || tokens_token_list_get_batch_running (self->token_list))
    return;
  for (guint i = 0; ids[i] != NULL; i++)
    {
      TokensToken *a = tokens_token_list_lookup (self->token_list, ids[i]);

      if (tokens_token_list_may_change (self->token_list, a) && !tokens_token_get_active (a))
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
      _tokens_window_update_selection_bar (self);
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
  _tokens_window_set_selection_mode (self, TRUE);
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
  _tokens_window_set_selection_mode (self, FALSE);
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                */

void
_tokens_window_actions_class_init (GtkWidgetClass *widget_class)
{
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
  _tokens_window_create_class_init (widget_class);
  _tokens_window_find_class_init (widget_class);
  _tokens_window_export_class_init (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "win.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.leave-selection", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}
