/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-delete-dialog"

#include "config.h"

#include "tokens-delete-dialog.h"

#include <glib/gi18n.h>

/*
 * The confirmation for the one irreversible thing this app does. It names
 * the token, its owner and organization, and says what stops working. For
 * the tokens whose loss hurts most (the one this app signs in with, operator
 * and all-access tokens) it says which case it is, and Delete stays disabled
 * until the person ticks "I understand".
 */

static void
on_understand_toggled (GtkCheckButton   *check,
                       AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, TOKENS_DELETE_RESPONSE_DELETE,
                                           gtk_check_button_get_active (check));
}

static void
add_guard (GtkWidget  *dialog,
           const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *check = gtk_check_button_new_with_mnemonic (_("I _understand the consequences"));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_add_css_class (label, "warning");
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                           TOKENS_DELETE_RESPONSE_DELETE, FALSE);
  g_signal_connect_object (check, "toggled", G_CALLBACK (on_understand_toggled), dialog, 0);
  g_object_set_data (G_OBJECT (dialog), "understand-check", check);
}

static void
append_quoted (GString    *out,
               const char *name)
{
  if (out->len > 0)
    g_string_append (out, ", ");
  /* Translators: a token's name in a list of them */
  g_string_append_printf (out, _("“%s”"), name);
}

static char *
guard_text (TokensAuthorization *authorization,
            const char          *server_name)
{
  if (tokens_authorization_get_is_current (authorization))
    /* Translators: %s is the server's name */
    return g_strdup_printf (_("This is the token Influx Tokens signs in with. Deleting it signs this "
                              "app out of %s."),
                            server_name);

  if (tokens_authorization_get_is_operator (authorization))
    return g_strdup (_("This is an operator token: it has full access to every organization on "
                       "this server. If it is the last one, nobody can administer the server "
                       "any more."));

  if (tokens_authorization_get_is_all_access (authorization))
    /* Translators: %s is an organization's name */
    return g_strdup_printf (_("This is an all-access token: it has full access to %s."),
                            tokens_authorization_get_org (authorization));

  return NULL;
}

/* The server does not say which token the app signs in with (OSS 2.9 and
 * later keep only a hash of each): say so where it matters. */
static char *
maybe_own_text (const char *server_name,
                gboolean    many)
{
  if (many)
    /* Translators: %s is the server's name */
    return g_strdup_printf (_("This server does not say which token Influx Tokens signs in "
                              "with. Some of these may list tokens, so it could be among "
                              "them: if it is, deleting it signs this app out of %s."),
                            server_name);
  /* Translators: %s is the server's name */
  return g_strdup_printf (_("This server does not say which token Influx Tokens signs in "
                            "with, and this one may list tokens, so it could be the one: if "
                            "it is, deleting it signs this app out of %s."), server_name);
}

GtkWidget *
tokens_delete_dialog_new (GtkWindow           *parent,
                          TokensAuthorization *authorization,
                          const char          *server_name)
{
  g_autofree char *body = NULL;
  g_autofree char *guard = NULL;
  const char *user;
  const char *org;
  GtkWidget *dialog;

  g_return_val_if_fail (TOKENS_IS_AUTHORIZATION (authorization), NULL);

  user = tokens_authorization_get_user (authorization);
  org = tokens_authorization_get_org (authorization);

  body = g_strdup_printf (
    /* Translators: 1: the token's description or id, 2: its owner, 3: its organization */
    _("“%s”, owned by %s in %s, will be deleted. Every user and integration that uses this "
      "token loses access immediately. This cannot be undone."),
    tokens_authorization_get_display_name (authorization),
    user != NULL ? user : _("an unknown user"),
    org != NULL ? org : _("an unknown organization"));

  if (tokens_authorization_get_may_be_current (authorization))
    {
      g_autofree char *plain = g_steal_pointer (&body);
      g_autofree char *maybe = maybe_own_text (server_name, FALSE);

      body = g_strdup_printf ("%s\n\n%s", plain, maybe);
    }

  dialog = adw_message_dialog_new (parent, _("Delete Token?"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog),
                                   TOKENS_DELETE_RESPONSE_CANCEL, _("_Cancel"));

  /* Deactivating is reversible; InfluxDB itself suggests it first. */
  if (tokens_authorization_get_active (authorization))
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog),
                                     TOKENS_DELETE_RESPONSE_DEACTIVATE, _("Deactivate _Instead"));

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog),
                                   TOKENS_DELETE_RESPONSE_DELETE, _("_Delete"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                              TOKENS_DELETE_RESPONSE_DELETE,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           TOKENS_DELETE_RESPONSE_CANCEL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog),
                                         TOKENS_DELETE_RESPONSE_CANCEL);

  guard = guard_text (authorization, server_name);
  if (guard != NULL)
    add_guard (dialog, guard);

  return dialog;
}

/**
 * tokens_delete_dialog_new_for_many:
 * @authorizations: (element-type TokensAuthorization): the tokens
 *
 * One confirmation for a batch: how many, up to five of them by name, and
 * the dangerous ones (the app's own, operator and all-access tokens) listed
 * apart behind the same "I understand" guard as a single delete.
 */
GtkWidget *
tokens_delete_dialog_new_for_many (GtkWindow  *parent,
                                   GPtrArray  *authorizations,
                                   const char *server_name)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) dangerous = g_string_new (NULL);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *delete_label = NULL;
  guint n = authorizations->len;
  guint shown = MIN (n, 5);
  gboolean signs_out = FALSE;
  gboolean may_sign_out = FALSE;
  GtkWidget *dialog;

  for (guint i = 0; i < n; i++)
    {
      TokensAuthorization *a = g_ptr_array_index (authorizations, i);

      if (i < shown)
        append_quoted (names, tokens_authorization_get_display_name (a));
      if (tokens_authorization_get_is_current (a) || tokens_authorization_get_is_operator (a) ||
          tokens_authorization_get_is_all_access (a))
        append_quoted (dangerous, tokens_authorization_get_display_name (a));
      if (tokens_authorization_get_is_current (a))
        signs_out = TRUE;
      if (tokens_authorization_get_may_be_current (a))
        may_sign_out = TRUE;
    }

  heading = g_strdup_printf (ngettext ("Delete %u Token?", "Delete %u Tokens?", n), n);
  if (n > shown)
    body = g_strdup_printf (ngettext (
      /* Translators: 1: up to five names, 2: how many more */
      "%s and %u more will be deleted. Every user and integration that uses them loses access "
      "immediately. This cannot be undone.",
      "%s and %u more will be deleted. Every user and integration that uses them loses access "
      "immediately. This cannot be undone.", n - shown), names->str, n - shown);
  else
    body = g_strdup_printf (_("%s will be deleted. Every user and integration that uses them "
                              "loses access immediately. This cannot be undone."), names->str);

  if (may_sign_out)
    {
      g_autofree char *plain = g_steal_pointer (&body);
      g_autofree char *maybe = maybe_own_text (server_name, TRUE);

      body = g_strdup_printf ("%s\n\n%s", plain, maybe);
    }

  dialog = adw_message_dialog_new (parent, heading, body);
  delete_label = g_strdup_printf (ngettext ("_Delete %u Token", "_Delete %u Tokens", n), n);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    TOKENS_DELETE_RESPONSE_CANCEL, _("_Cancel"),
                                    TOKENS_DELETE_RESPONSE_DELETE, delete_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                              TOKENS_DELETE_RESPONSE_DELETE,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), TOKENS_DELETE_RESPONSE_CANCEL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), TOKENS_DELETE_RESPONSE_CANCEL);

  if (dangerous->len > 0)
    {
      g_autofree char *text = NULL;

      if (signs_out)
        /* Translators: 1: the dangerous tokens' names, 2: the server's name */
        text = g_strdup_printf (_("Among them are tokens with full access: %s. One of them is the "
                                  "token Influx Tokens signs in with: deleting it signs this app "
                                  "out of %s."), dangerous->str, server_name);
      else
        text = g_strdup_printf (_("Among them are tokens with full access: %s."), dangerous->str);
      add_guard (dialog, text);
    }

  return dialog;
}

/**
 * tokens_delete_dialog_get_understand_check:
 *
 * Returns: (transfer none) (nullable): the "I understand" check of a
 *   guarded deletion, or %NULL for an ordinary one
 */
GtkWidget *
tokens_delete_dialog_get_understand_check (GtkWidget *dialog)
{
  return g_object_get_data (G_OBJECT (dialog), "understand-check");
}
