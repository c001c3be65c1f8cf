/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "influx-tokens"

#include "config.h"

#include "tokens-find-dialog-private.h"

#include <glib/gi18n.h>

#include "tokens-backend.h"
#include "tokens-message-dialog.h"
#include "tokens-secret-store.h"
#include "tokens-window-private.h"

/*
 * "Which token is this?": a pasted token string looked up on the window's
 * server, or on every saved server once the person said so. The string is
 * in the entry's GtkPasswordEntryBuffer (non-swappable memory, wiped when
 * freed), is emptied from it as soon as the servers are asked, and is only
 * ever shown back masked (tokens_lookup_mask_secret()). One certain answer
 * on the window's server shows that token's details; anything else is
 * said on the answer page, each token with a button that shows it.
 */

typedef struct
{
  char *server_name;
  char *saved_id;            /* NULL: the window's own list */
  gboolean current;
  TokensBackendFeatures features;
  TokensLookup *lookup;
  GError *error;
} Answer;

struct _TokensFindDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkButton *close_button;
  GtkStack *action_stack;
  GtkButton *find_button;
  GtkButton *again_button;
  GtkSpinner *spinner;
  GtkStack *pages;
  GtkPasswordEntry *entry;
  AdwPreferencesGroup *scope_group;
  AdwActionRow *this_server_row;
  AdwActionRow *every_server_row;
  GtkCheckButton *every_server_check;
  GtkImage *answer_icon;
  GtkLabel *answer_title;
  GtkLabel *answer_description;
  GtkBox *results_box;

  TokensWindow *window;              /* weak: the dialog is its transient */
  TokensTokenList *list;
  TokensConnectionStore *store;      /* nullable */
  char *current_id;                  /* the saved server the window shows, or NULL */
  GCancellable *cancellable;
  GPtrArray *answers;                /* Answer */
  guint waiting;
  char *masked;
  GtkWidget *first_show;             /* the answer page's first Show button */
};

G_DEFINE_FINAL_TYPE (TokensFindDialog, tokens_find_dialog, ADW_TYPE_WINDOW)

static void
answer_free (Answer *answer)
{
  g_free (answer->server_name);
  g_free (answer->saved_id);
  g_clear_object (&answer->lookup);
  g_clear_error (&answer->error);
  g_free (answer);
}

static Answer *
add_answer (TokensFindDialog *self,
            const char       *server_name,
            const char       *saved_id,
            gboolean          current)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->server_name = g_strdup (server_name);
  answer->saved_id = g_strdup (saved_id);
  answer->current = current;
  g_ptr_array_add (self->answers, answer);
  return answer;
}

/* The saved servers other than the window's. */
static GPtrArray *
other_servers (TokensFindDialog *self)
{
  GPtrArray *others = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->store == NULL)
    return others;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->store)); i++)
    {
      g_autoptr(TokensConnection) connection = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (g_strcmp0 (tokens_connection_get_id (connection), self->current_id) != 0)
        g_ptr_array_add (others, g_steal_pointer (&connection));
    }
  return others;
}

/* ---------------------------------------------------------------------- */
/* The answer page                                                        */

static void
on_show_clicked (GtkButton *button,
                 gpointer   user_data)
{
  TokensFindDialog *self = user_data;
  const char *id = g_object_get_data (G_OBJECT (button), "token-id");
  Answer *answer = g_object_get_data (G_OBJECT (button), "answer");
  TokensWindow *window = self->window;
  g_autofree char *token_id = g_strdup (id);

  if (window == NULL)
    return;
  if (!answer->current && answer->saved_id != NULL)
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));

      if (app == NULL)
        return;
      g_action_group_activate_action (G_ACTION_GROUP (app), "open-server",
                                      g_variant_new_string (answer->saved_id));
    }
  gtk_window_destroy (GTK_WINDOW (self));
  tokens_window_show_token (window, token_id);
}

static GtkWidget *
token_row (TokensFindDialog *self,
           Answer           *answer,
           TokensToken      *token,
           gboolean          possible)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Show"));
  g_autofree char *label = g_strdup_printf (_("Show “%s”"), tokens_token_get_display_name (token));
  g_autofree char *subtitle = NULL;
  const char *owner = tokens_token_get_user (token);

  if (owner != NULL && owner[0] != '\0')
    subtitle = g_strdup_printf ("%s · %s", owner, tokens_token_get_summary (token));
  else
    subtitle = g_strdup (tokens_token_get_summary (token));

  /* A server's text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tokens_token_get_display_name (token));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  if (possible)
    {
      GtkWidget *tag = gtk_label_new (_("Possibly"));

      gtk_widget_add_css_class (tag, "dim-label");
      gtk_widget_add_css_class (tag, "caption");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
    }
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "token-id", g_strdup (tokens_token_get_id (token)), g_free);
  g_object_set_data (G_OBJECT (button), "answer", answer);
  g_signal_connect (button, "clicked", G_CALLBACK (on_show_clicked), self);
  if (self->first_show == NULL)
    self->first_show = button;
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  return row;
}

/* What the answer from one server says, in words. */
static char *
describe_answer (Answer *answer)
{
  TokensLookup *lookup = answer->lookup;
  guint n_matches, n_candidates;

  if (answer->error != NULL)
    return g_strdup_printf (_("The server could not be asked: %s"), answer->error->message);

  n_matches = tokens_lookup_get_matches (lookup)->len;
  n_candidates = tokens_lookup_get_candidates (lookup)->len;
  switch (tokens_lookup_get_answer (lookup))
    {
    case TOKENS_LOOKUP_FOUND:
      if (tokens_lookup_get_method (lookup) != TOKENS_LOOKUP_BY_HASH)
        return g_strdup (_("The string is this token."));
      if (n_matches == 1)
        return g_strdup (_("The string’s hash begins as this token’s does, as InfluxDB 3 lists it: "
                           "it is this token."));
      return g_strdup_printf (ngettext ("%u token shares the first digits of the string’s hash, "
                                        "all that InfluxDB 3 lists: it is one of them. Replacing "
                                        "each is the safe way.",
                                        "%u tokens share the first digits of the string’s hash, "
                                        "all that InfluxDB 3 lists: it is one of them. Replacing "
                                        "each is the safe way.",
                                        n_matches), n_matches);

    case TOKENS_LOOKUP_NOT_FOUND:
      if (tokens_lookup_get_method (lookup) == TOKENS_LOOKUP_BY_SERVER)
        return g_strdup (_("None of the tokens the app may read there is this string."));
      return g_strdup_printf (ngettext ("This server’s %u token is not this string.",
                                        "None of this server’s %u tokens is this string.",
                                        tokens_lookup_get_n_searched (lookup)),
                              tokens_lookup_get_n_searched (lookup));

    case TOKENS_LOOKUP_CANNOT_TELL:
    default:
      break;
    }

  if (answer->features & TOKENS_BACKEND_REVOKED)
    return g_strdup (_("Cloud Dedicated and Clustered do not say which database token a string is, "
                       "and their management API does not take database tokens, so the string was "
                       "not sent anywhere. The tokens’ descriptions and databases may tell."));
  if (answer->features & TOKENS_BACKEND_NAMED)
    return g_strdup (_("The server was started without authentication: it needs no token, and "
                       "lists no hashes to compare the string with."));

  switch (tokens_lookup_get_validity (lookup))
    {
    case TOKENS_LOOKUP_WORKS:
      {
        const char *user = tokens_lookup_get_user (lookup);

        return g_strdup_printf (ngettext ("InfluxDB OSS 2.9 and newer keep only a hash of each "
                                          "token, which the API does not show, so the app cannot "
                                          "tell which token this is. The string still works here: "
                                          "it signs in as %s, whose %u active token is below.",
                                          "InfluxDB OSS 2.9 and newer keep only a hash of each "
                                          "token, which the API does not show, so the app cannot "
                                          "tell which token this is. The string still works here: "
                                          "it signs in as %s, and is one of that user’s %u active "
                                          "tokens below.",
                                          n_candidates),
                                user != NULL ? user : tokens_lookup_get_user_id (lookup),
                                n_candidates);
      }
    case TOKENS_LOOKUP_INACTIVE:
      return g_strdup (_("InfluxDB OSS 2.9 and newer keep only a hash of each token, so the app "
                         "cannot tell which token this is. The server knows the string as a token "
                         "that is switched off: it is one of the inactive tokens below."));
    case TOKENS_LOOKUP_REFUSED:
      return g_strdup (_("InfluxDB OSS 2.9 and newer keep only a hash of each token, so the app "
                         "cannot tell which token this is. The server refuses the string: it was "
                         "deleted already, has expired, or was never this server’s."));
    case TOKENS_LOOKUP_NOT_TRIED:
    default:
      return g_strdup (_("This server’s API does not say which token a string is."));
    }
}

static void
add_answer_section (TokensFindDialog *self,
                    Answer           *answer)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *text = describe_answer (answer);
  GtkWidget *description = gtk_label_new (text);
  GPtrArray *tokens = NULL;
  gboolean possible = FALSE;

  if (answer->server_name != NULL)
    {
      GtkWidget *heading = gtk_label_new (answer->server_name);

      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_label_set_ellipsize (GTK_LABEL (heading), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (heading, "heading");
      gtk_box_append (GTK_BOX (box), heading);
    }
  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_widget_add_css_class (description, "dim-label");
  gtk_box_append (GTK_BOX (box), description);

  if (answer->lookup != NULL)
    {
      tokens = tokens_lookup_get_matches (answer->lookup);
      if (tokens->len == 0)
        {
          tokens = tokens_lookup_get_candidates (answer->lookup);
          possible = TRUE;
        }
    }
  if (tokens != NULL && tokens->len > 0)
    {
      GtkWidget *list = gtk_list_box_new ();

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_widget_set_margin_top (list, 6);
      for (guint i = 0; i < tokens->len; i++)
        gtk_list_box_append (GTK_LIST_BOX (list),
                             token_row (self, answer, g_ptr_array_index (tokens, i),
                                        possible || tokens->len > 1));
      gtk_box_append (GTK_BOX (box), list);
    }
  gtk_box_append (self->results_box, box);
}

static void
show_answers (TokensFindDialog *self)
{
  guint n_matches = 0, n_cannot = 0, n_errors = 0;
  Answer *only = NULL;
  GtkWidget *child;
  g_autofree char *pasted = NULL;

  gtk_spinner_stop (self->spinner);
  for (guint i = 0; i < self->answers->len; i++)
    {
      Answer *answer = g_ptr_array_index (self->answers, i);

      if (answer->error != NULL)
        n_errors++;
      else if (tokens_lookup_get_answer (answer->lookup) == TOKENS_LOOKUP_FOUND)
        {
          n_matches += tokens_lookup_get_matches (answer->lookup)->len;
          only = answer;
        }
      else if (tokens_lookup_get_answer (answer->lookup) == TOKENS_LOOKUP_CANNOT_TELL)
        n_cannot++;
    }

  /* One certain answer on the window's own server: its details, with
   * Replace and Delete, are the answer. */
  if (self->answers->len == 1 && n_matches == 1 && only->current &&
      tokens_lookup_get_method (only->lookup) != TOKENS_LOOKUP_BY_HASH &&
      self->window != NULL)
    {
      TokensToken *token = g_ptr_array_index (tokens_lookup_get_matches (only->lookup), 0);
      g_autofree char *id = g_strdup (tokens_token_get_id (token));
      g_autofree char *toast = g_strdup_printf (_("The string is the token “%s”"),
                                                tokens_token_get_display_name (token));
      TokensWindow *window = self->window;

      gtk_window_destroy (GTK_WINDOW (self));
      tokens_window_show_token (window, id);
      _tokens_window_show_toast (window, toast, _("_Replace…"), "win.replace-token",
                                 g_variant_new_string (id));
      return;
    }

  self->first_show = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_box))) != NULL)
    gtk_box_remove (self->results_box, child);

  if (n_matches > 0)
    {
      gtk_image_set_from_icon_name (self->answer_icon, "edit-find-symbolic");
      gtk_label_set_text (self->answer_title,
                          n_matches == 1 ? _("Token Found") : _("Several Tokens Found"));
    }
  else if (n_cannot > 0)
    {
      gtk_image_set_from_icon_name (self->answer_icon, "dialog-question-symbolic");
      gtk_label_set_text (self->answer_title, _("Cannot Tell Which Token"));
    }
  else if (n_errors == self->answers->len)
    {
      gtk_image_set_from_icon_name (self->answer_icon, "network-error-symbolic");
      gtk_label_set_text (self->answer_title, _("Could Not Look"));
    }
  else
    {
      gtk_image_set_from_icon_name (self->answer_icon, "emblem-ok-symbolic");
      gtk_label_set_text (self->answer_title, _("No Token Found"));
    }

  if (n_matches == 0 && n_cannot == 0 && n_errors < self->answers->len)
    pasted = g_strdup_printf (_("“%s” is none of the tokens on the servers asked. It may have been "
                                "deleted already — good — or belong to a server not saved here."),
                              self->masked);
  else
    pasted = g_strdup_printf (_("The string you pasted: “%s”"), self->masked);
  gtk_label_set_text (self->answer_description, pasted);

  for (guint i = 0; i < self->answers->len; i++)
    add_answer_section (self, g_ptr_array_index (self->answers, i));

  gtk_button_set_label (self->close_button, _("_Close"));
  gtk_stack_set_visible_child_name (self->action_stack, "none");
  gtk_stack_set_visible_child_name (self->pages, "answer");
  if (self->first_show != NULL)
    gtk_widget_grab_focus (self->first_show);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->again_button));
}

static void
answered (TokensFindDialog *self)
{
  if (--self->waiting == 0)
    show_answers (self);
}

/* ---------------------------------------------------------------------- */
/* Asking                                                                 */

typedef struct
{
  TokensFindDialog *self;
  Answer *answer;
  GCancellable *cancellable;   /* the ask's: a later ask or closing cancels it */
} Current;

static void
on_current_found (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Current *current = user_data;
  g_autoptr(GError) error = NULL;
  TokensLookup *lookup;

  lookup = tokens_token_list_find_secret_finish (TOKENS_TOKEN_LIST (object), result, &error);
  /* Asked again or closed meanwhile: its answer is gone. */
  if (g_cancellable_is_cancelled (current->cancellable))
    g_clear_object (&lookup);
  else
    {
      current->answer->lookup = lookup;
      current->answer->error = g_steal_pointer (&error);
      answered (current->self);
    }
  g_object_unref (current->self);
  g_object_unref (current->cancellable);
  g_free (current);
}

typedef struct
{
  TokensFindDialog *self;
  Answer *answer;
  TokensConnection *connection;
  char *secret;
  TokensBackend *backend;
  GCancellable *cancellable;   /* the ask's: a later ask or closing cancels it */
} Other;

static void
other_free (Other *other)
{
  g_object_unref (other->self);
  g_object_unref (other->connection);
  tokens_secret_free (other->secret);
  g_clear_object (&other->backend);
  g_object_unref (other->cancellable);
  g_free (other);
}

static void
other_done (Other        *other,
            TokensLookup *lookup,
            GError       *error)
{
  /* Asked again or closed meanwhile: its answer is gone. */
  if (g_cancellable_is_cancelled (other->cancellable))
    {
      g_clear_error (&error);
      g_clear_object (&lookup);
      other_free (other);
      return;
    }
  other->answer->lookup = lookup;
  other->answer->error = error;
  answered (other->self);
  other_free (other);
}

static void
on_other_found (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Other *other = user_data;
  GError *error = NULL;
  TokensLookup *lookup = tokens_backend_find_secret_finish (TOKENS_BACKEND (object), result, &error);

  other_done (other, lookup, error);
}

static void
on_other_opened (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Other *other = user_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) tokens = NULL;

  other->backend = tokens_backend_open_finish (result, &tokens, NULL, &error);
  if (other->backend == NULL)
    {
      other_done (other, NULL, error);
      return;
    }
  other->answer->features = tokens_backend_get_features (other->backend);
  tokens_backend_find_secret_async (other->backend, other->secret, tokens,
                                    other->cancellable, on_other_found, other);
  /* Sent, or compared: not needed again. */
  g_clear_pointer (&other->secret, tokens_secret_free);
}

static void
on_other_token (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Other *other = user_data;
  GError *error = NULL;
  g_autoptr(TokensClient) client = NULL;
  char *token;

  token = tokens_secret_store_lookup_finish (result, &error);
  if (token == NULL)
    {
      other_done (other, NULL, error);
      return;
    }
  client = tokens_connection_new_client (other->connection, token, &error);
  tokens_secret_free (token);
  if (client == NULL)
    {
      other_done (other, NULL, error);
      return;
    }
  tokens_backend_open_async (client, tokens_connection_get_org (other->connection), NULL, NULL,
                             other->cancellable, on_other_opened, other);
}

static void
ask (TokensFindDialog *self,
     gboolean          every_server)
{
  char *secret = tokens_lookup_clean_secret (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  Answer *current;

  if (secret == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_ptr_array_set_size (self->answers, 0);
  g_free (self->masked);
  self->masked = tokens_lookup_mask_secret (secret);

  current = add_answer (self, tokens_window_get_server_name (self->window), self->current_id, TRUE);
  current->features = tokens_token_list_get_features (self->list);
  self->waiting = 1;
  if (every_server)
    {
      g_autoptr(GPtrArray) others = other_servers (self);

      for (guint i = 0; i < others->len; i++)
        {
          TokensConnection *connection = g_ptr_array_index (others, i);
          Other *other = g_new0 (Other, 1);

          other->self = g_object_ref (self);
          other->connection = g_object_ref (connection);
          other->answer = add_answer (self, tokens_connection_get_name (connection),
                                      tokens_connection_get_id (connection), FALSE);
          other->secret = g_strdup (secret);
          other->cancellable = g_object_ref (self->cancellable);
          self->waiting++;
          tokens_secret_store_lookup_async (tokens_connection_get_id (connection), self->cancellable,
                                            on_other_token, other);
        }
    }
  {
    Current *asking = g_new0 (Current, 1);

    asking->self = g_object_ref (self);
    asking->answer = current;
    asking->cancellable = g_object_ref (self->cancellable);
    tokens_token_list_find_secret_async (self->list, secret, self->cancellable, on_current_found,
                                         asking);
  }
  tokens_secret_free (secret);

  /* Asked: the dialog keeps no copy. */
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  gtk_stack_set_visible_child_name (self->action_stack, "spinner");
  gtk_spinner_start (self->spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->entry), FALSE);
}

static void
on_every_server_answered (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(TokensFindDialog) self = user_data;
  g_autofree char *response = tokens_message_dialog_run_finish (result, NULL);

  if (g_strcmp0 (response, "ask") == 0)
    ask (self, TRUE);
}

static void
on_find_clicked_cb (TokensFindDialog *self)
{
  g_autoptr(GPtrArray) others = NULL;
  g_autoptr(GString) hosts = NULL;
  AdwMessageDialog *dialog;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->find_button)))
    return;
  if (!gtk_check_button_get_active (self->every_server_check))
    {
      ask (self, FALSE);
      return;
    }

  /* The string goes to servers the person did not pick one by one: they
   * say yes to the list first. */
  others = other_servers (self);
  hosts = g_string_new (NULL);
  for (guint i = 0; i < others->len; i++)
    {
      g_autoptr(GUri) uri = g_uri_parse (tokens_connection_get_url (g_ptr_array_index (others, i)),
                                         G_URI_FLAGS_NONE, NULL);

      g_string_append_printf (hosts, "\n• %s (%s)",
                              tokens_connection_get_name (g_ptr_array_index (others, i)),
                              uri != NULL ? g_uri_get_host (uri) : "?");
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Ask Every Saved Server?"), NULL));
  adw_message_dialog_format_body (dialog,
                                  ngettext ("Besides this server, the app lists the tokens of %u more "
                                            "server, and compares the string with them. Cloud and "
                                            "InfluxDB OSS 2.9 and newer are sent the string itself "
                                            "to compare. It goes to no other host.%s",
                                            "Besides this server, the app lists the tokens of %u more "
                                            "servers, and compares the string with them. Cloud and "
                                            "InfluxDB OSS 2.9 and newer are sent the string itself "
                                            "to compare. It goes to no other host.%s",
                                            others->len),
                                  others->len, hosts->str);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "ask", _("_Ask Every Server"), NULL);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_response_appearance (dialog, "ask", ADW_RESPONSE_SUGGESTED);
  tokens_message_dialog_run_async (dialog, NULL, on_every_server_answered, g_object_ref (self));
}

static void
on_again_clicked_cb (TokensFindDialog *self)
{
  GtkWidget *child;

  self->first_show = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_box))) != NULL)
    gtk_box_remove (self->results_box, child);
  g_ptr_array_set_size (self->answers, 0);
  gtk_button_set_label (self->close_button, _("_Cancel"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->entry), TRUE);
  gtk_stack_set_visible_child_name (self->action_stack, "find");
  gtk_stack_set_visible_child_name (self->pages, "ask");
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
on_entry_changed_cb (TokensFindDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  char *secret = tokens_lookup_clean_secret (text);

  gtk_widget_set_sensitive (GTK_WIDGET (self->find_button), secret != NULL);
  if (secret == NULL && text[0] != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  tokens_secret_free (secret);
}

static void
on_close_clicked_cb (TokensFindDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                */

static void
tokens_find_dialog_dispose (GObject *object)
{
  TokensFindDialog *self = TOKENS_FIND_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->list);
  g_clear_object (&self->store);
  g_clear_pointer (&self->current_id, g_free);
  g_clear_pointer (&self->masked, g_free);
  if (self->answers != NULL)
    g_ptr_array_set_size (self->answers, 0);

  G_OBJECT_CLASS (tokens_find_dialog_parent_class)->dispose (object);
}

static void
tokens_find_dialog_finalize (GObject *object)
{
  TokensFindDialog *self = TOKENS_FIND_DIALOG (object);

  g_ptr_array_unref (self->answers);

  G_OBJECT_CLASS (tokens_find_dialog_parent_class)->finalize (object);
}

static void
tokens_find_dialog_class_init (TokensFindDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tokens_find_dialog_dispose;
  object_class->finalize = tokens_find_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/influx_tokens/InfluxTokens/tokens-find-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TokensFindDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, TokensFindDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, TokensFindDialog, action_stack);
  gtk_widget_class_bind_template_child (widget_class, TokensFindDialog, find_button);
  gtk_widget_class_bind_template_child (widget_class, TokensFindDialog, again_button);
  gtk_widget_class_bind_template_child (widget_class, TokensFindDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, TokensFindDialog, pages);
  gtk_widget_class_bind_template_child (widget_class, TokensFindDialog, entry);
  gtk_widget_class_bind_template_child (widget_class, TokensFindDialog, scope_group);
  gtk_widget_class_bind_template_child (widget_class, TokensFindDialog, this_server_row);
  gtk_widget_class_bind_template_child (widget_class, TokensFindDialog, every_server_row);
  gtk_widget_class_bind_template_child (widget_class, TokensFindDialog, every_server_check);
  gtk_widget_class_bind_template_child (widget_class, TokensFindDialog, answer_icon);
  gtk_widget_class_bind_template_child (widget_class, TokensFindDialog, answer_title);
  gtk_widget_class_bind_template_child (widget_class, TokensFindDialog, answer_description);
  gtk_widget_class_bind_template_child (widget_class, TokensFindDialog, results_box);
  gtk_widget_class_bind_template_callback (widget_class, on_find_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_again_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_close_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tokens_find_dialog_init (TokensFindDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->answers = g_ptr_array_new_with_free_func ((GDestroyNotify)answer_free);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->find_button));
  /* Ctrl+L, Ctrl+V: the string goes straight into the field. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->entry));
}

/**
 * tokens_find_dialog_new:
 * @window: the window whose server is asked, and which shows the answer
 * @store: (nullable): the saved servers, to offer asking every one
 * @current_id: (nullable): the saved server @window shows
 */
GtkWidget *
tokens_find_dialog_new (TokensWindow          *window,
                        TokensConnectionStore *store,
                        const char            *current_id)
{
  TokensFindDialog *self;
  g_autoptr(GPtrArray) others = NULL;

  g_return_val_if_fail (TOKENS_IS_WINDOW (window), NULL);
  g_return_val_if_fail (tokens_window_get_token_list (window) != NULL, NULL);

  self = g_object_new (TOKENS_TYPE_FIND_DIALOG,
                       "transient-for", window,
                       "application", gtk_window_get_application (GTK_WINDOW (window)),
                       NULL);
  g_set_weak_pointer (&self->window, window);
  self->list = g_object_ref (tokens_window_get_token_list (window));
  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->current_id = g_strdup (current_id);

  adw_window_title_set_subtitle (self->window_title, tokens_window_get_server_name (window));
  adw_action_row_set_subtitle (self->this_server_row, tokens_window_get_server_name (window));
  others = other_servers (self);
  if (others->len > 0)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("And %u more", "And %u more", others->len),
                                               others->len);

      adw_action_row_set_subtitle (self->every_server_row, more);
      gtk_widget_set_visible (GTK_WIDGET (self->scope_group), TRUE);
    }
  return GTK_WIDGET (self);
}

GtkWidget *
_tokens_find_dialog_get_entry (TokensFindDialog *self)
{
  return GTK_WIDGET (self->entry);
}

GtkWidget *
_tokens_find_dialog_get_find_button (TokensFindDialog *self)
{
  return GTK_WIDGET (self->find_button);
}
