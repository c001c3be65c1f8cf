/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-create-dialog"

#include "config.h"

#include "tokens-create-dialog-private.h"
#include "tokens-application.h"
#include "tokens-error-text.h"
#include "tokens-secret-clipboard.h"

#include "tokens-secret-store.h"

#include <glib/gi18n.h>
#include <string.h>

/*
 * Making a token, from nothing, from another (Clone), or to replace
 * another (Replace), in one window of three pages:
 *   form    what the token may do: a name, all access or chosen buckets,
 *           databases and resources, an owner (v2), an expiry (InfluxDB 3,
 *           management), as the server's API can make them;
 *   secret  the value, shown this once, to copy or to sign in with;
 *   retire  (Replace) the old token still works: deactivate it, delete it
 *           (both through the window's usual confirmations) or keep both.
 * The value lives only in the entry's password buffer, which is kept in
 * memory that is wiped when it is freed, and is never an accessible name.
 */

#define RESOURCE_PATH "/io/github/influx_tokens/InfluxTokens"

static const struct
{
  guint days;
  const char *label;
} expiry_choices[] = {
  { 0, N_("Never") },
  { 1, N_("In 1 day") },
  { 7, N_("In 7 days") },
  { 30, N_("In 30 days") },
  { 90, N_("In 90 days") },
  { 365, N_("In 1 year") },
};

G_DEFINE_FINAL_TYPE (TokensCreateDialog, tokens_create_dialog, ADW_TYPE_WINDOW)

static gboolean
is_named (TokensCreateDialog *self)
{
  return (self->features & TOKENS_BACKEND_NAMED) != 0;
}

static gboolean
is_custom (TokensCreateDialog *self)
{
  if (!(self->features & TOKENS_BACKEND_CREATE_CUSTOM))
    return FALSE;
  if (!(self->features & TOKENS_BACKEND_CREATE_ALL))
    return TRUE;
  return adw_combo_row_get_selected (self->scope_row) == 1;
}

static void
show_error (TokensCreateDialog *self,
            const char         *text)
{
  gtk_label_set_text (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (self->error_group, text != NULL);
}

/* ---------------------------------------------------------------------- */
/* The form                                                               */

static gboolean
form_is_complete (TokensCreateDialog *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  gboolean needs_name = is_named (self) || !(self->features & TOKENS_BACKEND_OWNERS);

  if (needs_name && tokens_draft_name_is_blank (name))
    return FALSE;
  return !is_custom (self) || _tokens_create_dialog_grants_ticked (self);
}

void
_tokens_create_dialog_update_action (TokensCreateDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->pages);

  if (g_strcmp0 (page, "form") == 0)
    gtk_widget_set_sensitive (GTK_WIDGET (self->action_button),
                              !self->creating && form_is_complete (self));
}

static void
on_form_changed_cb (TokensCreateDialog *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  _tokens_create_dialog_update_action (self);
}

static void
update_scope (TokensCreateDialog *self)
{
  gboolean custom = is_custom (self);

  if (self->grants_group == NULL)
    return;
  _tokens_create_dialog_grants_show (self, custom);
  _tokens_create_dialog_update_action (self);
}

static void
on_scope_changed_cb (TokensCreateDialog *self)
{
  update_scope (self);
}

/* The users the list shows tokens of: whom a v2 token can be for. */
static void
fill_owners (TokensCreateDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *own_user = NULL;
  guint selected = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->list)); i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (G_LIST_MODEL (self->list), i);

      if (tokens_token_get_is_current (token))
        own_user = tokens_token_get_user_id (token);
    }
  self->own_user_id = g_strdup (own_user);

  g_ptr_array_add (self->owner_ids, NULL);
  gtk_string_list_append (names, _("Me (the app’s own user)"));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->list)); i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (G_LIST_MODEL (self->list), i);
      const char *user_id = tokens_token_get_user_id (token);
      const char *user = tokens_token_get_user (token);

      if (user_id == NULL || g_strcmp0 (user_id, own_user) == 0 ||
          g_strcmp0 (tokens_token_get_org_id (token), self->draft->org_id) != 0 ||
          !g_hash_table_add (seen, (gpointer)user_id))
        continue;
      g_ptr_array_add (self->owner_ids, g_strdup (user_id));
      gtk_string_list_append (names, user != NULL ? user : user_id);
      if (g_strcmp0 (user_id, self->draft->user_id) == 0)
        selected = self->owner_ids->len - 1;
    }

  adw_combo_row_set_model (self->owner_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->owner_row, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->owner_row), self->owner_ids->len > 1);
}

static void
fill_expiry (TokensCreateDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint wanted = (guint)((self->draft->expires_in + 86399) / 86400);
  guint selected = 0;
  gboolean found = self->draft->expires_in == 0;

  for (guint i = 0; i < G_N_ELEMENTS (expiry_choices); i++)
    {
      g_array_append_val (self->expiry_days, expiry_choices[i].days);
      gtk_string_list_append (labels, _(expiry_choices[i].label));
      if (!found && expiry_choices[i].days == wanted)
        {
          selected = i;
          found = TRUE;
        }
    }
  /* A clone keeps its original's lifetime, whatever it was. */
  if (!found)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "In %u day",
                                                             "In %u days", wanted), wanted);

      g_array_append_val (self->expiry_days, wanted);
      gtk_string_list_append (labels, label);
      selected = self->expiry_days->len - 1;
    }
  adw_combo_row_set_model (self->expiry_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->expiry_row, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->expiry_row), TRUE);
}

static void
fill_scope (TokensCreateDialog *self)
{
  g_autoptr(GtkStringList) scopes = NULL;
  gboolean both = (self->features & TOKENS_BACKEND_CREATE) == TOKENS_BACKEND_CREATE;

  if (is_named (self))
    scopes = gtk_string_list_new ((const char *[]) { _("Admin: every database and every token"),
                                                     _("Chosen databases and endpoints"), NULL });
  else
    scopes = gtk_string_list_new ((const char *[]) { _("All access to the organization"),
                                                     _("Chosen buckets and resources"), NULL });
  adw_combo_row_set_model (self->scope_row, G_LIST_MODEL (scopes));
  adw_combo_row_set_selected (self->scope_row, self->draft->scope == TOKENS_DRAFT_CUSTOM ? 1 : 0);
  gtk_widget_set_visible (GTK_WIDGET (self->scope_row), both);
}

/* Where the draft starts when there is no token to copy: the app's own
 * token's organization, else the first listed. */
static TokensDraft *
default_draft (TokensCreateDialog *self)
{
  TokensDraftScope scope = (self->features & TOKENS_BACKEND_CREATE_ALL) ? TOKENS_DRAFT_ALL_ACCESS
                                                                        : TOKENS_DRAFT_CUSTOM;
  TokensDraft *draft = tokens_draft_new (scope);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (G_LIST_MODEL (self->list), i);

      if (tokens_token_get_org_id (token) == NULL)
        continue;
      if (draft->org_id == NULL || tokens_token_get_is_current (token))
        {
          g_free (draft->org_id);
          draft->org_id = g_strdup (tokens_token_get_org_id (token));
        }
      if (tokens_token_get_is_current (token))
        break;
    }
  return draft;
}

static void
setup_form (TokensCreateDialog *self)
{
  TokensBackend *backend = tokens_token_list_get_backend (self->list);
  const char *source_name = NULL;
  g_autofree char *name = NULL;

  if (self->source != NULL && backend != NULL)
    self->draft = tokens_backend_draft_from_token (backend, self->source);
  if (self->draft == NULL)
    self->draft = default_draft (self);

  if (self->source != NULL)
    source_name = tokens_token_get_label (self->source) != NULL
                    ? tokens_token_get_label (self->source)
                    : tokens_token_get_display_name (self->source);
  if (self->mode == TOKENS_CREATE_CLONE && source_name != NULL)
    name = tokens_draft_copy_name (source_name, is_named (self));
  else if (self->mode == TOKENS_CREATE_REPLACE && source_name != NULL)
    name = tokens_draft_replacement_name (source_name, is_named (self));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row),
                                 is_named (self) ? _("Name") : _("Description"));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name != NULL ? name : "");

  if (self->features & TOKENS_BACKEND_OWNERS)
    adw_preferences_group_set_description (self->token_group,
                                           _("A token’s value is shown once, when it is made."));
  else if (!(self->features & TOKENS_BACKEND_CREATE_CUSTOM))
    adw_preferences_group_set_description (self->token_group,
                                           _("InfluxDB 3 Core makes admin tokens: they read and "
                                             "write every database and manage every token."));
  else if (!(self->features & TOKENS_BACKEND_CREATE_ALL))
    adw_preferences_group_set_description (self->token_group,
                                           _("A database token reads or writes the databases "
                                             "chosen below."));

  _tokens_create_dialog_grants_build (self);

  fill_scope (self);
  if (self->features & TOKENS_BACKEND_OWNERS)
    fill_owners (self);
  if (self->features & TOKENS_BACKEND_EXPIRY)
    fill_expiry (self);

  update_scope (self);
}

/* What the form says, as a draft. */
static TokensDraft *
read_form (TokensCreateDialog *self)
{
  TokensDraft *draft = tokens_draft_new (is_custom (self) ? TOKENS_DRAFT_CUSTOM
                                                          : TOKENS_DRAFT_ALL_ACCESS);
  g_autofree char *name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));

  tokens_draft_set_name (draft, g_strstrip (name));
  draft->org_id = g_strdup (self->draft->org_id);
  if (self->features & TOKENS_BACKEND_OWNERS)
    {
      guint owner = adw_combo_row_get_selected (self->owner_row);

      if (owner != GTK_INVALID_LIST_POSITION && owner < self->owner_ids->len)
        draft->user_id = g_strdup (g_ptr_array_index (self->owner_ids, owner));
      /* An all-access token reads and writes its owner's own user record
       * by id: the app's own user, where the list tells which it is. */
      if (draft->user_id == NULL)
        draft->user_id = g_strdup (self->own_user_id);
    }
  if (self->features & TOKENS_BACKEND_EXPIRY)
    {
      guint choice = adw_combo_row_get_selected (self->expiry_row);

      if (choice != GTK_INVALID_LIST_POSITION && choice < self->expiry_days->len)
        draft->expires_in = (gint64)g_array_index (self->expiry_days, guint, choice) * 86400;
    }
  if (draft->scope == TOKENS_DRAFT_ALL_ACCESS)
    return draft;

  _tokens_create_dialog_grants_read (self, draft);
  return draft;
}

/* ---------------------------------------------------------------------- */
/* The secret                                                             */

static void
set_busy (TokensCreateDialog *self,
          gboolean            busy)
{
  self->creating = busy;
  gtk_stack_set_visible_child_name (self->action_stack, busy ? "spinner" : "button");
  gtk_spinner_set_spinning (self->spinner, busy);
  _tokens_create_dialog_update_action (self);
}

static void
on_token_switched (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TokensCreateDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tokens_application_use_token_finish (TOKENS_APPLICATION (object), result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->switch_failed = TRUE;
      text = g_strdup_printf (_("Influx Tokens could not sign in with the new token, so it still "
                                "uses the old one: %s"), error->message);
      gtk_label_set_text (self->switch_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->switch_label), "error");
      gtk_widget_set_visible (self->use_button, self->mode != TOKENS_CREATE_REPLACE);
    }
  else
    {
      self->own_switched = TRUE;
      gtk_label_set_text (self->switch_label,
                          _("Influx Tokens now signs in with the new token: it works."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->switch_label), "error");
      gtk_widget_set_visible (self->use_button, FALSE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->switch_label), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->action_button), TRUE);
}

static void
switch_token (TokensCreateDialog *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!TOKENS_IS_APPLICATION (app))
    return;
  gtk_widget_set_visible (self->use_button, FALSE);
  gtk_label_set_text (self->switch_label, _("Checking that the new token works for Influx Tokens…"));
  gtk_widget_set_visible (GTK_WIDGET (self->switch_label), TRUE);
  tokens_application_use_token_async (TOKENS_APPLICATION (app),
                                      gtk_editable_get_text (GTK_EDITABLE (self->secret_entry)),
                                      self->cancellable, on_token_switched, g_object_ref (self));
}

static void
on_use_clicked_cb (TokensCreateDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->action_button), FALSE);
  switch_token (self);
}

static void
on_copy_clicked_cb (TokensCreateDialog *self)
{
  g_autofree char *text = NULL;

  tokens_secret_clipboard_copy (GTK_WIDGET (self),
                                gtk_editable_get_text (GTK_EDITABLE (self->secret_entry)));
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Copied. The clipboard forgets it in %u second, unless "
                                       "you copy something else first.",
                                       "Copied. The clipboard forgets it in %u seconds, unless "
                                       "you copy something else first.",
                                       TOKENS_SECRET_CLIPBOARD_SECONDS),
                         TOKENS_SECRET_CLIPBOARD_SECONDS);
  gtk_label_set_text (self->copied_label, text);
}

/**
 * tokens_create_dialog_show_secret:
 * @is_own: whether the app signs in with the token whose value this is:
 *   it switches to it at once
 *
 * Shows a token's value, the one time there is to see it.
 */
void
tokens_create_dialog_show_secret (TokensCreateDialog *self,
                                  const char         *secret,
                                  gboolean            is_own)
{
  g_autofree char *copy_hint = NULL;
  gboolean can_use;

  g_return_if_fail (TOKENS_IS_CREATE_DIALOG (self));
  g_return_if_fail (secret != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->secret_entry), secret);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->secret_entry), 20);

  adw_status_page_set_title (self->secret_page, _("Copy the New Token"));
  adw_status_page_set_description (self->secret_page,
                                   _("This is the only time it is shown: the server keeps no "
                                     "copy that can be read. Store it where its users and "
                                     "integrations read their token."));
  copy_hint = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Copying keeps it on the clipboard for %u second.",
                                            "Copying keeps it on the clipboard for %u seconds.",
                                            TOKENS_SECRET_CLIPBOARD_SECONDS),
                               TOKENS_SECRET_CLIPBOARD_SECONDS);
  gtk_label_set_text (self->copied_label, copy_hint);

  can_use = TOKENS_IS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  gtk_widget_set_visible (self->use_button, can_use && !is_own);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_button_set_label (self->action_button,
                        self->mode == TOKENS_CREATE_REPLACE ? _("_Next") : _("_Done"));
  gtk_stack_set_visible_child_name (self->pages, "secret");
  gtk_widget_set_sensitive (GTK_WIDGET (self->action_button), TRUE);
  gtk_widget_grab_focus (self->copy_button);

  /* The app's own token replaced: it signs in with the new one before the
   * old one can be deleted, and only once it knows the new one works. */
  if (is_own && can_use)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->action_button), FALSE);
      switch_token (self);
    }
}

static void
on_created (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TokensCreateDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  char *secret = NULL;

  self->created = tokens_token_list_create_finish (TOKENS_TOKEN_LIST (object), result, &secret,
                                                   &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (self->created == NULL)
    {
      g_auto(TokensErrorText) text = { 0 };

      /* A name the server has already: said where the name is. */
      if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_CONFLICT))
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
          gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
        }
      tokens_error_text_for_list (&text, error, NULL, NULL);
      show_error (self, error->domain == TOKENS_CLIENT_ERROR &&
                        (error->code == TOKENS_CLIENT_ERROR_INVALID ||
                         error->code == TOKENS_CLIENT_ERROR_CONFLICT)
                          ? error->message : text.description);
      return;
    }

  show_error (self, NULL);
  tokens_create_dialog_show_secret (self, secret,
                                    self->mode == TOKENS_CREATE_REPLACE &&
                                    tokens_token_get_is_current (self->source));
  tokens_secret_free (secret);
}

static void
create (TokensCreateDialog *self)
{
  g_autoptr(TokensDraft) draft = read_form (self);

  if (!form_is_complete (self) || self->creating)
    return;
  show_error (self, NULL);
  set_busy (self, TRUE);
  tokens_token_list_create_async (self->list, draft,
                                  self->mode == TOKENS_CREATE_REPLACE
                                    ? tokens_token_get_id (self->source) : NULL,
                                  self->cancellable, on_created, g_object_ref (self));
}

/* ---------------------------------------------------------------------- */
/* Retiring the old token                                                 */

static void
show_retire (TokensCreateDialog *self)
{
  const char *old_name = tokens_token_get_display_name (self->source);
  g_autofree char *description = NULL;
  gboolean revokes = (self->features & TOKENS_BACKEND_REVOKED) != 0;
  gboolean may_delete = (self->features & TOKENS_BACKEND_DELETE) &&
                        !(tokens_token_get_is_current (self->source) && !self->own_switched);

  if (tokens_token_get_is_current (self->source) && !self->own_switched)
    description = g_strdup_printf (_("“%s” still works, and Influx Tokens still signs in with it: "
                                     "it cannot be deleted from here until the app uses the new "
                                     "token."), old_name);
  else
    description = g_strdup_printf (_("“%s” still works. Give the new token to every user and "
                                     "integration that uses the old one first. InfluxDB does not "
                                     "record where a token is used, so Influx Tokens cannot tell "
                                     "what still uses it. Both stay marked in the list until the "
                                     "old one is deleted."), old_name);
  adw_status_page_set_description (self->retire_page, description);
  gtk_button_set_label (GTK_BUTTON (self->delete_old_button),
                        revokes ? _("_Revoke Old Token…") : _("_Delete Old Token…"));
  gtk_widget_set_visible (self->delete_old_button, may_delete);
  gtk_widget_set_visible (self->deactivate_old_button,
                          (self->features & TOKENS_BACKEND_DEACTIVATE) &&
                          tokens_token_get_active (self->source) && may_delete);
  gtk_widget_set_visible (GTK_WIDGET (self->action_stack), FALSE);
  gtk_stack_set_visible_child_name (self->pages, "retire");
  adw_window_title_set_title (self->window_title, _("Replace Token"));
  adw_window_title_set_subtitle (self->window_title, _("Step 2 of 2"));
  gtk_widget_grab_focus (may_delete ? self->delete_old_button : self->keep_both_button);
}

/* The window asks its usual question; this dialog's part is done. */
static void
hand_to_window (TokensCreateDialog *self,
                const char         *action,
                GVariant           *target)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(GVariant) owned = g_variant_ref_sink (target);

  gtk_window_close (GTK_WINDOW (self));
  if (parent != NULL)
    gtk_widget_activate_action_variant (GTK_WIDGET (parent), action, owned);
}

static void
on_delete_old_clicked_cb (TokensCreateDialog *self)
{
  hand_to_window (self, "win.delete-token",
                  g_variant_new_string (tokens_token_get_id (self->source)));
}

static void
on_deactivate_old_clicked_cb (TokensCreateDialog *self)
{
  hand_to_window (self, "win.set-token-active",
                  g_variant_new ("(sb)", tokens_token_get_id (self->source), FALSE));
}

static void
on_keep_both_clicked_cb (TokensCreateDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* ---------------------------------------------------------------------- */

static void
on_action_clicked_cb (TokensCreateDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->pages);

  if (g_strcmp0 (page, "form") == 0)
    create (self);
  else if (g_strcmp0 (page, "secret") == 0 && self->mode == TOKENS_CREATE_REPLACE)
    show_retire (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
on_cancel_clicked_cb (TokensCreateDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
tokens_create_dialog_dispose (GObject *object)
{
  TokensCreateDialog *self = TOKENS_CREATE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* The password buffer wipes what it held as it goes. */
  if (self->secret_entry != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->secret_entry), "");
  g_clear_object (&self->list);
  g_clear_object (&self->source);
  g_clear_object (&self->created);
  g_clear_pointer (&self->draft, tokens_draft_free);
  g_clear_pointer (&self->grant_rows, g_ptr_array_unref);
  g_clear_pointer (&self->owner_ids, g_ptr_array_unref);
  g_clear_pointer (&self->own_user_id, g_free);
  g_clear_pointer (&self->expiry_days, g_array_unref);

  G_OBJECT_CLASS (tokens_create_dialog_parent_class)->dispose (object);
}

static void
tokens_create_dialog_class_init (TokensCreateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tokens_create_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tokens-create-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, action_stack);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, action_button);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, pages);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, form_page);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, error_group);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, token_group);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, scope_row);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, owner_row);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, secret_page);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, secret_entry);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, copy_button);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, copied_label);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, use_button);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, switch_label);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, retire_page);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, deactivate_old_button);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, delete_old_button);
  gtk_widget_class_bind_template_child (widget_class, TokensCreateDialog, keep_both_button);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_action_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_scope_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_use_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_old_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_deactivate_old_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_keep_both_clicked_cb);
  _tokens_create_dialog_grants_class_init (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tokens_create_dialog_init (TokensCreateDialog *self)
{
  g_autoptr(GtkEntryBuffer) buffer = gtk_password_entry_buffer_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  _tokens_create_dialog_grants_init (self);
  self->owner_ids = g_ptr_array_new_with_free_func (g_free);
  self->expiry_days = g_array_new (FALSE, FALSE, sizeof (guint));

  /* Secure memory, wiped when freed; shown in clear, as it must be read. */
  gtk_entry_set_buffer (self->secret_entry, buffer);
  gtk_entry_set_visibility (self->secret_entry, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->secret_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New token"), -1);
}

/**
 * tokens_create_dialog_new:
 * @source: (nullable): the token a clone or replacement copies
 */
GtkWidget *
tokens_create_dialog_new (GtkWindow        *parent,
                          TokensTokenList  *list,
                          TokensCreateMode  mode,
                          TokensToken      *source)
{
  TokensCreateDialog *self;

  g_return_val_if_fail (TOKENS_IS_TOKEN_LIST (list), NULL);
  g_return_val_if_fail (source != NULL || (mode != TOKENS_CREATE_CLONE &&
                                           mode != TOKENS_CREATE_REPLACE), NULL);

  self = g_object_new (TOKENS_TYPE_CREATE_DIALOG,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->list = g_object_ref (list);
  self->mode = mode;
  self->features = tokens_token_list_get_features (list);
  if (source != NULL)
    self->source = g_object_ref (source);

  switch (mode)
    {
    case TOKENS_CREATE_CLONE:
      adw_window_title_set_title (self->window_title, _("Clone Token"));
      adw_window_title_set_subtitle (self->window_title, tokens_token_get_display_name (source));
      gtk_button_set_label (self->action_button, _("_Create"));
      break;
    case TOKENS_CREATE_REPLACE:
      adw_window_title_set_title (self->window_title, _("Replace Token"));
      adw_window_title_set_subtitle (self->window_title, _("Step 1 of 2"));
      gtk_button_set_label (self->action_button, _("_Create Replacement"));
      break;
    case TOKENS_CREATE_REGENERATED:
      adw_window_title_set_title (self->window_title, _("Operator Token Regenerated"));
      break;
    case TOKENS_CREATE_NEW:
    default:
      adw_window_title_set_title (self->window_title, _("New Token"));
      gtk_button_set_label (self->action_button, _("_Create"));
      break;
    }

  if (mode != TOKENS_CREATE_REGENERATED)
    {
      setup_form (self);
      /* Typing names the token at once. */
      gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->name_row));
    }
  return GTK_WIDGET (self);
}

/* ---------------------------------------------------------------------- */
/* For the tests                                                          */

const char *
_tokens_create_dialog_get_page (TokensCreateDialog *self)
{
  return gtk_stack_get_visible_child_name (self->pages);
}

const char *
_tokens_create_dialog_get_error (TokensCreateDialog *self)
{
  return gtk_widget_get_visible (self->error_group) ? gtk_label_get_text (self->error_label) : NULL;
}

GtkWidget *
_tokens_create_dialog_get_name_row (TokensCreateDialog *self)
{
  return GTK_WIDGET (self->name_row);
}

GtkWidget *
_tokens_create_dialog_get_action_button (TokensCreateDialog *self)
{
  return GTK_WIDGET (self->action_button);
}

GtkWidget *
_tokens_create_dialog_get_secret_entry (TokensCreateDialog *self)
{
  return GTK_WIDGET (self->secret_entry);
}

/* "copy", "use", "deactivate", "delete", "keep" */
GtkWidget *
_tokens_create_dialog_get_button (TokensCreateDialog *self,
                                  const char         *which)
{
  if (g_str_equal (which, "copy"))
    return self->copy_button;
  if (g_str_equal (which, "use"))
    return self->use_button;
  if (g_str_equal (which, "deactivate"))
    return self->deactivate_old_button;
  if (g_str_equal (which, "delete"))
    return self->delete_old_button;
  if (g_str_equal (which, "keep"))
    return self->keep_both_button;
  return NULL;
}

void
_tokens_create_dialog_set_scope (TokensCreateDialog *self,
                                 TokensDraftScope    scope)
{
  adw_combo_row_set_selected (self->scope_row, scope == TOKENS_DRAFT_CUSTOM ? 1 : 0);
}

void
_tokens_create_dialog_set_expiry_days (TokensCreateDialog *self,
                                       guint               days)
{
  for (guint i = 0; i < self->expiry_days->len; i++)
    if (g_array_index (self->expiry_days, guint, i) == days)
      adw_combo_row_set_selected (self->expiry_row, i);
}

TokensToken *
_tokens_create_dialog_get_created (TokensCreateDialog *self)
{
  return self->created;
}
