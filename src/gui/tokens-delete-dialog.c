/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-delete-dialog"

#include "config.h"

#include "tokens-delete-dialog.h"

#include <glib/gi18n.h>

#include "tokens-format.h"

/*
 * The confirmations for what takes access away: deleting (for good) and
 * deactivating (until activated again). Each names the token, its owner
 * and organization, and says what stops working. For the tokens whose loss
 * hurts most (the one this app signs in with, or on a server that does not
 * say which that is, any that could be; operator and all-access tokens)
 * it says which case it is, and every response that takes access away
 * stays disabled until the person ticks "I understand". A batch past
 * TOKENS_DELETE_DIALOG_TYPE_COUNT_ABOVE tokens, or one holding every
 * listed token, also asks for its count to be typed.
 */

#define GUARDED_KEY "tokens-guarded-responses"
#define CHECK_KEY "understand-check"
#define ENTRY_KEY "count-entry"
#define COUNT_KEY "tokens-count"

/* Whether @text is @count, typed with or without thousands separators. */
static gboolean
is_count (const char *text,
          guint       count)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autofree char *wanted = g_strdup_printf ("%u", count);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= '0' && c <= '9')
        g_string_append_c (digits, (char)c);
      else if (!g_unichar_isspace (c) && c != ',' && c != '.' && c != '\'' &&
               c != 0x00A0 && c != 0x202F)
        return FALSE;
    }
  return g_str_equal (digits->str, wanted);
}

static void
update_guarded (AdwMessageDialog *dialog)
{
  GtkWidget *check = g_object_get_data (G_OBJECT (dialog), CHECK_KEY);
  GtkWidget *entry = g_object_get_data (G_OBJECT (dialog), ENTRY_KEY);
  GPtrArray *responses = g_object_get_data (G_OBJECT (dialog), GUARDED_KEY);
  gboolean enabled = TRUE;

  if (check != NULL && !gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
    enabled = FALSE;
  if (entry != NULL &&
      !is_count (gtk_editable_get_text (GTK_EDITABLE (entry)),
                 GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), COUNT_KEY))))
    enabled = FALSE;

  for (guint i = 0; responses != NULL && i < responses->len; i++)
    adw_message_dialog_set_response_enabled (dialog, g_ptr_array_index (responses, i), enabled);
}

/* @response takes access away: it waits for every guard the dialog has. */
static void
guard_response (GtkWidget  *dialog,
                const char *response)
{
  GPtrArray *responses = g_object_get_data (G_OBJECT (dialog), GUARDED_KEY);

  if (responses == NULL)
    {
      responses = g_ptr_array_new_with_free_func (g_free);
      g_object_set_data_full (G_OBJECT (dialog), GUARDED_KEY, responses,
                              (GDestroyNotify)g_ptr_array_unref);
    }
  g_ptr_array_add (responses, g_strdup (response));
}

static GtkWidget *
ensure_extra_box (GtkWidget *dialog)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));

  if (box == NULL)
    {
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
    }
  return box;
}

static void
add_guard (GtkWidget  *dialog,
           const char *text)
{
  GtkWidget *box = ensure_extra_box (dialog);
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

  g_signal_connect_object (check, "toggled", G_CALLBACK (update_guarded), dialog, G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (dialog), CHECK_KEY, check);
  update_guarded (ADW_MESSAGE_DIALOG (dialog));
}

/* The typed count, as GitHub asks for a repository's name. */
static void
add_count_entry (GtkWidget *dialog,
                 guint      count)
{
  GtkWidget *box = ensure_extra_box (dialog);
  g_autofree char *formatted = tokens_format_count (count);
  /* Translators: %s is a number of tokens, "10,011" */
  g_autofree char *text = g_strdup_printf (_("To confirm, type the number of tokens, %s"), formatted);
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Number of tokens"), -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);

  g_object_set_data (G_OBJECT (dialog), COUNT_KEY, GUINT_TO_POINTER (count));
  g_object_set_data (G_OBJECT (dialog), ENTRY_KEY, entry);
  g_signal_connect_object (entry, "changed", G_CALLBACK (update_guarded), dialog, G_CONNECT_SWAPPED);
  update_guarded (ADW_MESSAGE_DIALOG (dialog));
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
guard_text (TokensToken           *authorization,
            const char            *server_name,
            TokensAccessAction     action,
            TokensBackendFeatures  features)
{
  if (tokens_token_get_is_current (authorization))
    {
      if (action == TOKENS_ACCESS_DEACTIVATE)
        /* Translators: %s is the server's name */
        return g_strdup_printf (_("This is the token Influx Tokens signs in with. Deactivating it "
                                  "signs this app out of %s, and the app cannot activate it again: "
                                  "that takes another token."), server_name);
      /* Translators: %s is the server's name */
      return g_strdup_printf (_("This is the token Influx Tokens signs in with. Deleting it signs this "
                                "app out of %s."),
                              server_name);
    }

  if (tokens_token_get_is_operator (authorization))
    return g_strdup (_("This is an operator token: it has full access to every organization on "
                       "this server. If it is the last one, nobody can administer the server "
                       "any more."));

  if (tokens_token_get_is_all_access (authorization) && tokens_token_get_org (authorization) == NULL)
    return g_strdup (features & TOKENS_BACKEND_NAMED
                     ? _("This is an admin token: it may read and write every database and "
                         "manage every token on this server.")
                     : _("This token may read and write every database on this server."));

  if (tokens_token_get_is_all_access (authorization))
    /* Translators: %s is an organization's name */
    return g_strdup_printf (_("This is an all-access token: it has full access to %s."),
                            tokens_token_get_org (authorization));

  return NULL;
}

/* The server does not say which token the app signs in with (OSS 2.9 and
 * later keep only a hash of each): every token that could be it is guarded
 * as if it were. */
static char *
maybe_own_text (const char         *server_name,
                gboolean            many,
                TokensAccessAction  action)
{
  if (action == TOKENS_ACCESS_DEACTIVATE)
    {
      if (many)
        /* Translators: %s is the server's name */
        return g_strdup_printf (_("This server does not say which token Influx Tokens signs in "
                                  "with. Some of these may list tokens, so it could be among "
                                  "them: if it is, deactivating it signs this app out of %s."),
                                server_name);
      /* Translators: %s is the server's name */
      return g_strdup_printf (_("This server does not say which token Influx Tokens signs in "
                                "with, and this one may list tokens, so it could be the one: if "
                                "it is, deactivating it signs this app out of %s."), server_name);
    }
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

/* The guard of one token: why it is dangerous, or NULL when it is not. */
static char *
single_guard_text (TokensToken           *authorization,
                   const char            *server_name,
                   TokensAccessAction     action,
                   TokensBackendFeatures  features)
{
  g_autofree char *guard = guard_text (authorization, server_name, action, features);
  g_autofree char *maybe = NULL;

  if (!tokens_token_get_may_be_current (authorization))
    return g_steal_pointer (&guard);
  maybe = maybe_own_text (server_name, FALSE, action);
  if (guard == NULL)
    return g_steal_pointer (&maybe);
  return g_strdup_printf ("%s\n\n%s", guard, maybe);
}

static const char *
owner_of (TokensToken *authorization)
{
  const char *user = tokens_token_get_user (authorization);

  return user != NULL ? user : _("an unknown user");
}

static const char *
org_of (TokensToken *authorization)
{
  const char *org = tokens_token_get_org (authorization);

  return org != NULL ? org : _("an unknown organization");
}

/* What deleting one token takes away, in the words of its API. */
static char *
single_body (TokensToken           *authorization,
             TokensBackendFeatures  features)
{
  const char *name = tokens_token_get_display_name (authorization);
  g_autofree char *body = NULL;

  if (features & TOKENS_BACKEND_REVOKED)
    /* Translators: %s is the token's description or id */
    body = g_strdup_printf (_("“%s” will be revoked. Every user and integration that uses this "
                              "token loses access to its databases immediately. A revoked token "
                              "cannot be restored."), name);
  else if (!(features & TOKENS_BACKEND_DEACTIVATE) && features != 0)
    /* Translators: %s is the token's name */
    body = g_strdup_printf (_("“%s” will be deleted. Every user and integration that uses this "
                              "token loses access immediately. This server cannot deactivate a "
                              "token instead, and nothing can undo this."), name);
  else
    body = g_strdup_printf (
      /* Translators: 1: the token's description or id, 2: its owner, 3: its organization */
      _("“%s”, owned by %s in %s, will be deleted. Every user and integration that uses this "
        "token loses access immediately. This cannot be undone."),
      name, owner_of (authorization), org_of (authorization));

  if (tokens_token_get_status (authorization) == TOKENS_TOKEN_STATUS_EXPIRED)
    {
      g_autofree char *plain = g_steal_pointer (&body);

      body = g_strdup_printf ("%s %s", plain,
                              _("It has expired already: nothing that uses it works now."));
    }
  return g_steal_pointer (&body);
}

GtkWidget *
tokens_delete_dialog_new (GtkWindow             *parent,
                          TokensToken           *authorization,
                          const char            *server_name,
                          TokensBackendFeatures  features)
{
  g_autofree char *body = NULL;
  g_autofree char *guard = NULL;
  gboolean revoke = (features & TOKENS_BACKEND_REVOKED) != 0;
  GtkWidget *dialog;

  g_return_val_if_fail (TOKENS_IS_TOKEN (authorization), NULL);

  body = single_body (authorization, features);
  dialog = adw_message_dialog_new (parent, revoke ? _("Revoke Token?") : _("Delete Token?"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog),
                                   TOKENS_DELETE_RESPONSE_CANCEL, _("_Cancel"));

  /* Deactivating is reversible; InfluxDB itself suggests it first. It
   * still takes access away, so it waits for the same guard as Delete. */
  if (tokens_token_get_active (authorization) && (features & TOKENS_BACKEND_DEACTIVATE))
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog),
                                       TOKENS_DELETE_RESPONSE_DEACTIVATE, _("Deactivate _Instead"));
      guard_response (dialog, TOKENS_DELETE_RESPONSE_DEACTIVATE);
    }

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog),
                                   TOKENS_DELETE_RESPONSE_DELETE,
                                   revoke ? _("_Revoke") : _("_Delete"));
  guard_response (dialog, TOKENS_DELETE_RESPONSE_DELETE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                              TOKENS_DELETE_RESPONSE_DELETE,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           TOKENS_DELETE_RESPONSE_CANCEL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog),
                                         TOKENS_DELETE_RESPONSE_CANCEL);

  guard = single_guard_text (authorization, server_name, TOKENS_ACCESS_DELETE, features);
  if (guard != NULL)
    add_guard (dialog, guard);

  return dialog;
}

/**
 * tokens_deactivate_dialog_new:
 *
 * The confirmation for deactivating one token, from the details' Active
 * switch: what delete's confirmation says, for "until activated again".
 * Its responses are TOKENS_DELETE_RESPONSE_CANCEL and _DEACTIVATE.
 */
GtkWidget *
tokens_deactivate_dialog_new (GtkWindow           *parent,
                              TokensToken *authorization,
                              const char          *server_name)
{
  g_autofree char *body = NULL;
  g_autofree char *guard = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (TOKENS_IS_TOKEN (authorization), NULL);

  body = g_strdup_printf (
    /* Translators: 1: the token's description or id, 2: its owner, 3: its organization */
    _("“%s”, owned by %s in %s, will be deactivated. Every user and integration that uses this "
      "token loses access until it is activated again."),
    tokens_token_get_display_name (authorization), owner_of (authorization),
    org_of (authorization));

  dialog = adw_message_dialog_new (parent, _("Deactivate Token?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    TOKENS_DELETE_RESPONSE_CANCEL, _("_Cancel"),
                                    TOKENS_DELETE_RESPONSE_DEACTIVATE, _("_Deactivate"),
                                    NULL);
  guard_response (dialog, TOKENS_DELETE_RESPONSE_DEACTIVATE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                              TOKENS_DELETE_RESPONSE_DEACTIVATE,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           TOKENS_DELETE_RESPONSE_CANCEL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog),
                                         TOKENS_DELETE_RESPONSE_CANCEL);

  guard = single_guard_text (authorization, server_name, TOKENS_ACCESS_DEACTIVATE,
                             TOKENS_BACKEND_DEACTIVATE | TOKENS_BACKEND_OWNERS);
  if (guard != NULL)
    add_guard (dialog, guard);

  return dialog;
}

/**
 * tokens_regenerate_dialog_new:
 *
 * Asks before InfluxDB 3's operator token is given a new value: the old
 * one stops working at once, everywhere, and nothing brings it back.
 */
GtkWidget *
tokens_regenerate_dialog_new (GtkWindow   *parent,
                              TokensToken *token,
                              const char  *server_name)
{
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;

  g_return_val_if_fail (TOKENS_IS_TOKEN (token), NULL);

  if (tokens_token_get_is_current (token))
    g_string_append_printf (body,
                            /* Translators: 1: the operator token's name, _admin; 2: the server's name */
                            _("“%s” on %s gets a new value. The old value stops working the "
                              "moment the server makes the new one: every user, script and "
                              "integration that signs in with it loses all access until it is "
                              "given the new value, which is shown once. Influx Tokens signs in "
                              "with it, and switches to the new value itself."),
                            tokens_token_get_display_name (token),
                            server_name != NULL ? server_name : "InfluxDB");
  else
    g_string_append_printf (body,
                            /* Translators: 1: the operator token's name, _admin; 2: the server's name */
                            _("“%s” on %s gets a new value. The old value stops working the "
                              "moment the server makes the new one: every user, script and "
                              "integration that signs in with it loses all access until it is "
                              "given the new value, which is shown once."),
                            tokens_token_get_display_name (token),
                            server_name != NULL ? server_name : "InfluxDB");

  dialog = adw_message_dialog_new (parent, _("Regenerate Operator Token?"), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    TOKENS_DELETE_RESPONSE_CANCEL, _("_Cancel"),
                                    TOKENS_REGENERATE_RESPONSE, _("_Regenerate"),
                                    NULL);
  guard_response (dialog, TOKENS_REGENERATE_RESPONSE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                              TOKENS_REGENERATE_RESPONSE,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           TOKENS_DELETE_RESPONSE_CANCEL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog),
                                         TOKENS_DELETE_RESPONSE_CANCEL);
  add_guard (dialog, _("Nothing can undo this: the old value never works again."));
  return dialog;
}

/**
 * tokens_delete_dialog_new_for_many:
 * @authorizations: (element-type TokensToken): the tokens
 * @action: delete or deactivate them
 * @n_listed: how many tokens the server listed, to tell "every one of them"
 *
 * One confirmation for a batch: how many, up to five of them by name, and
 * the dangerous ones (the app's own, named as such; operator and
 * all-access tokens; on a server that does not say which is the app's own,
 * every one that could be) listed apart behind the same "I understand"
 * guard as a single token. Past TOKENS_DELETE_DIALOG_TYPE_COUNT_ABOVE
 * tokens, or for every listed token, the count must also be typed. Its
 * responses are TOKENS_DELETE_RESPONSE_CANCEL and _DELETE or _DEACTIVATE.
 */
GtkWidget *
tokens_delete_dialog_new_for_many (GtkWindow             *parent,
                                   GPtrArray             *authorizations,
                                   const char            *server_name,
                                   TokensAccessAction     action,
                                   guint                  n_listed,
                                   TokensBackendFeatures  features)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) dangerous = g_string_new (NULL);
  g_autoptr(GString) guard = g_string_new (NULL);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *response_label = NULL;
  g_autofree char *count = NULL;
  g_autofree char *more = NULL;
  const char *own_name = NULL;
  const char *response;
  guint n = authorizations->len;
  guint shown = MIN (n, 5);
  gboolean may_sign_out = FALSE;
  GtkWidget *dialog;

  g_return_val_if_fail (authorizations->len > 0, NULL);

  for (guint i = 0; i < n; i++)
    {
      TokensToken *a = g_ptr_array_index (authorizations, i);

      if (i < shown)
        append_quoted (names, tokens_token_get_display_name (a));
      if (tokens_token_get_is_current (a))
        own_name = tokens_token_get_display_name (a);
      else if (tokens_token_get_is_operator (a) || tokens_token_get_is_all_access (a))
        append_quoted (dangerous, tokens_token_get_display_name (a));
      if (tokens_token_get_may_be_current (a))
        may_sign_out = TRUE;
    }

  count = tokens_format_count (n);
  more = tokens_format_count (n - shown);
  if (action == TOKENS_ACCESS_DEACTIVATE)
    {
      /* Translators: %s is a number, "10,011" */
      heading = g_strdup_printf (ngettext ("Deactivate %s Token?", "Deactivate %s Tokens?", n), count);
      response_label = g_strdup_printf (ngettext ("_Deactivate %s Token", "_Deactivate %s Tokens", n),
                                        count);
      response = TOKENS_DELETE_RESPONSE_DEACTIVATE;
      if (n > shown)
        body = g_strdup_printf (ngettext (
          /* Translators: 1: up to five names, 2: how many more, "10,006" */
          "%s and %s more will be deactivated. Every user and integration that uses them loses "
          "access until they are activated again.",
          "%s and %s more will be deactivated. Every user and integration that uses them loses "
          "access until they are activated again.", n - shown), names->str, more);
      else
        body = g_strdup_printf (_("%s will be deactivated. Every user and integration that uses "
                                  "them loses access until they are activated again."), names->str);
    }
  else if (features & TOKENS_BACKEND_REVOKED)
    {
      /* Translators: %s is a number, "10,011" */
      heading = g_strdup_printf (ngettext ("Revoke %s Token?", "Revoke %s Tokens?", n), count);
      response_label = g_strdup_printf (ngettext ("_Revoke %s Token", "_Revoke %s Tokens", n), count);
      response = TOKENS_DELETE_RESPONSE_DELETE;
      if (n > shown)
        body = g_strdup_printf (ngettext (
          /* Translators: 1: up to five names, 2: how many more, "10,006" */
          "%s and %s more will be revoked. Every user and integration that uses them loses access "
          "immediately. A revoked token cannot be restored.",
          "%s and %s more will be revoked. Every user and integration that uses them loses access "
          "immediately. A revoked token cannot be restored.", n - shown), names->str, more);
      else
        body = g_strdup_printf (_("%s will be revoked. Every user and integration that uses them "
                                  "loses access immediately. A revoked token cannot be restored."),
                                names->str);
    }
  else
    {
      /* Translators: %s is a number, "10,011" */
      heading = g_strdup_printf (ngettext ("Delete %s Token?", "Delete %s Tokens?", n), count);
      response_label = g_strdup_printf (ngettext ("_Delete %s Token", "_Delete %s Tokens", n), count);
      response = TOKENS_DELETE_RESPONSE_DELETE;
      if (n > shown)
        body = g_strdup_printf (ngettext (
          /* Translators: 1: up to five names, 2: how many more, "10,006" */
          "%s and %s more will be deleted. Every user and integration that uses them loses access "
          "immediately. This cannot be undone.",
          "%s and %s more will be deleted. Every user and integration that uses them loses access "
          "immediately. This cannot be undone.", n - shown), names->str, more);
      else
        body = g_strdup_printf (_("%s will be deleted. Every user and integration that uses them "
                                  "loses access immediately. This cannot be undone."), names->str);
    }

  if (n > 1 && n >= n_listed)
    {
      g_autofree char *plain = g_steal_pointer (&body);

      body = g_strdup_printf ("%s\n\n%s", plain,
                              _("These are all the tokens listed for this server."));
    }

  dialog = adw_message_dialog_new (parent, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    TOKENS_DELETE_RESPONSE_CANCEL, _("_Cancel"),
                                    response, response_label,
                                    NULL);
  guard_response (dialog, response);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), TOKENS_DELETE_RESPONSE_CANCEL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), TOKENS_DELETE_RESPONSE_CANCEL);

  if (own_name != NULL)
    /* Translators: 1: the app's own token's name, 2: the server's name */
    g_string_append_printf (guard, _("Including this app’s own token, “%s”: the app will be signed "
                                     "out of %s."), own_name, server_name);
  if (dangerous->len > 0)
    {
      if (guard->len > 0)
        g_string_append (guard, "\n\n");
      /* Translators: %s lists tokens' names */
      g_string_append_printf (guard, _("Among them are tokens with full access: %s."), dangerous->str);
    }
  if (may_sign_out)
    {
      g_autofree char *maybe = maybe_own_text (server_name, TRUE, action);

      if (guard->len > 0)
        g_string_append (guard, "\n\n");
      g_string_append (guard, maybe);
    }
  if (guard->len > 0)
    add_guard (dialog, guard->str);

  if (n > TOKENS_DELETE_DIALOG_TYPE_COUNT_ABOVE || (n > 1 && n >= n_listed))
    add_count_entry (dialog, n);

  return dialog;
}

/**
 * tokens_delete_dialog_get_understand_check:
 *
 * Returns: (transfer none) (nullable): the "I understand" check of a
 *   guarded confirmation, or %NULL for an ordinary one
 */
GtkWidget *
tokens_delete_dialog_get_understand_check (GtkWidget *dialog)
{
  return g_object_get_data (G_OBJECT (dialog), CHECK_KEY);
}

/**
 * tokens_delete_dialog_get_count_entry:
 *
 * Returns: (transfer none) (nullable): the entry where a large batch's
 *   count is typed, or %NULL when none is asked for
 */
GtkWidget *
tokens_delete_dialog_get_count_entry (GtkWidget *dialog)
{
  return g_object_get_data (G_OBJECT (dialog), ENTRY_KEY);
}
