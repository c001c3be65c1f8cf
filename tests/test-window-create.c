/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-create-dialog.h"
#include "tokens-delete-dialog.h"
#include "tokens-demo-server-testing.h"
#include "tokens-details-pane-private.h"
#include "tokens-secret-clipboard.h"
#include "tokens-test-gui.h"
#include "tokens-test-utils.h"
#include "tokens-token-row.h"
#include "tokens-window-private.h"

#include <adwaita.h>
#include <string.h>

/*
 * New Token, Clone and Replace in the window, in-process, against the fake
 * server over real HTTP, on v2, InfluxDB 3 Core and Cloud Dedicated: what
 * the dialogs show and do, and what the server has after. The value of a
 * new token is shown once, in a field whose accessible name is not it, and
 * leaves the clipboard again; nothing is deleted unless the person
 * confirmed it in the window's usual question.
 */

typedef TokensWindowFixture Fixture;

static void
open_mode (Fixture        *fixture,
           TokensDemoMode  mode,
           const char     *key)
{
  fixture->server = tokens_test_demo_server_new (mode);
  tokens_test_window_open_sized (fixture, tokens_demo_server_get_token (fixture->server, key),
                                 1100, 760);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "list") == 0);
}

static void
v2_set_up (Fixture       *fixture,
           gconstpointer  data)
{
  open_mode (fixture, TOKENS_DEMO_MODE_OSS, "operator");
}

static void
core_set_up (Fixture       *fixture,
             gconstpointer  data)
{
  open_mode (fixture, TOKENS_DEMO_MODE_CORE, "ops-alice");
}

static void
dedicated_set_up (Fixture       *fixture,
                  gconstpointer  data)
{
  open_mode (fixture, TOKENS_DEMO_MODE_DEDICATED, "operator");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *dialog = _tokens_window_get_create_dialog (fixture->window);

  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  tokens_test_window_close (fixture);
}

static TokensCreateDialog *
open_dialog (Fixture    *fixture,
             const char *action,
             const char *id)
{
  GtkWidget *dialog;

  if (id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (fixture->window), action, "s", id);
  else
    gtk_widget_activate_action (GTK_WIDGET (fixture->window), action, NULL);
  dialog = _tokens_window_get_create_dialog (fixture->window);
  g_assert_nonnull (dialog);
  tokens_test_iterate (100);
  return TOKENS_CREATE_DIALOG (dialog);
}

static void
press (GtkWidget *button)
{
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
label_shown (GtkWidget  *widget,
             const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child) &&
          g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        return TRUE;
      if (label_shown (child, text))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_badge (Fixture    *fixture,
           const char *id,
           const char *badge)
{
  GtkWidget *row = tokens_test_find_row (GTK_WIDGET (fixture->window), id);

  return row != NULL && label_shown (row, badge);
}

/* Presses the dialog's Create and waits for the value to be shown. */
static const char *
create_and_wait (TokensCreateDialog *dialog)
{
  press (_tokens_create_dialog_get_action_button (dialog));
  WAIT_UNTIL (g_strcmp0 (_tokens_create_dialog_get_page (dialog), "secret") == 0);
  return gtk_editable_get_text (GTK_EDITABLE (_tokens_create_dialog_get_secret_entry (dialog)));
}

/* The value works: a client that signs in with it lists the tokens. */
static gboolean
value_works (Fixture    *fixture,
             const char *secret)
{
  g_autoptr(TokensClient) client = tokens_test_client_new (tokens_demo_server_get_url (fixture->server),
                                                           secret);
  g_autoptr(TokensTokenList) list = tokens_token_list_new (client);

  return tokens_test_list_refresh (list, NULL);
}

/* v2: the all-access token of the app's own organization, its value
 * shown once and working, the token first in the list at once. */
static void
test_v2_new_all_access (Fixture       *fixture,
                        gconstpointer  data)
{
  guint before = tokens_demo_server_get_n_authorizations (fixture->server);
  TokensCreateDialog *dialog = open_dialog (fixture, "win.new-token", NULL);
  g_autofree char *secret = NULL;
  g_autoptr(TokensToken) first = NULL;
  GtkWidget *entry;

  g_assert_cmpstr (_tokens_create_dialog_get_page (dialog), ==, "form");
  gtk_editable_set_text (GTK_EDITABLE (_tokens_create_dialog_get_name_row (dialog)), "CI for web");
  secret = g_strdup (create_and_wait (dialog));

  g_assert_cmpuint (strlen (secret), >=, 20);
  g_assert_cmpuint (tokens_demo_server_get_n_authorizations (fixture->server), ==, before + 1);
  g_assert_true (value_works (fixture, secret));
  first = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
  g_assert_cmpstr (tokens_token_get_description (first), ==, "CI for web");
  g_assert_true (tokens_token_get_is_all_access (first));
  g_assert_false (tokens_token_has_token_value (first));

  /* A field the person can select and read, named for what it is. */
  entry = _tokens_create_dialog_get_secret_entry (dialog);
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (entry)));
  g_assert_true (gtk_entry_get_visibility (GTK_ENTRY (entry)));
  g_assert_true (GTK_IS_PASSWORD_ENTRY_BUFFER (gtk_entry_get_buffer (GTK_ENTRY (entry))));

  /* Done closes it, and nothing else changes. */
  press (_tokens_create_dialog_get_action_button (dialog));
  WAIT_UNTIL (_tokens_window_get_create_dialog (fixture->window) == NULL);
  g_assert_cmpuint (tokens_demo_server_get_n_authorizations (fixture->server), ==, before + 1);
}

/* Copy puts the value on the clipboard and takes it off again, unless
 * something else was copied meanwhile. */
static void
test_v2_copy_clears (Fixture       *fixture,
                     gconstpointer  data)
{
  TokensCreateDialog *dialog = open_dialog (fixture, "win.new-token", NULL);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (dialog));
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (dialog));

  create_and_wait (dialog);
  _tokens_secret_clipboard_set_timeout_ms (300);
  press (_tokens_create_dialog_get_button (dialog, "copy"));
  g_assert_true (tokens_secret_clipboard_holds_ours (display));
  g_assert_nonnull (gdk_clipboard_get_content (clipboard));
  tokens_test_iterate (100);
  g_assert_true (tokens_secret_clipboard_holds_ours (display));
  WAIT_UNTIL (gdk_clipboard_get_content (clipboard) == NULL);
  g_assert_false (tokens_secret_clipboard_holds_ours (display));

  /* Something else copied after the token stays. */
  press (_tokens_create_dialog_get_button (dialog, "copy"));
  tokens_test_iterate (50);
  gdk_clipboard_set_text (clipboard, "the person's own text");
  tokens_test_iterate (50);
  {
    GdkContentProvider *theirs = gdk_clipboard_get_content (clipboard);

    g_assert_nonnull (theirs);
    g_assert_false (tokens_secret_clipboard_holds_ours (display));
    tokens_test_iterate (600);
    g_assert_true (gdk_clipboard_get_content (clipboard) == theirs);
  }
  _tokens_secret_clipboard_set_timeout_ms (TOKENS_SECRET_CLIPBOARD_SECONDS * 1000);
}

/* Clone: the original's access, checked in the form, a "(copy)" name; the
 * server's new token has exactly the original's permissions. */
static void
test_v2_clone (Fixture       *fixture,
               gconstpointer  data)
{
  const char *id = tokens_test_window_id_of (fixture, "home");
  TokensToken *original = tokens_token_list_lookup (fixture->list, id);
  TokensCreateDialog *dialog = open_dialog (fixture, "win.clone-token", id);
  const char *name;
  gboolean read = FALSE, write = FALSE;
  g_autoptr(TokensToken) copy = NULL;
  GPtrArray *a, *b;

  name = gtk_editable_get_text (GTK_EDITABLE (_tokens_create_dialog_get_name_row (dialog)));
  g_assert_cmpstr (name, ==, "Home Assistant (copy)");
  g_assert_true (_tokens_create_dialog_get_grant (dialog, "home", &read, &write));
  g_assert_true (read && write);

  create_and_wait (dialog);
  copy = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
  g_assert_cmpstr (tokens_token_get_description (copy), ==, "Home Assistant (copy)");
  g_assert_cmpstr (tokens_token_get_user_id (copy), ==, tokens_token_get_user_id (original));
  a = tokens_token_get_permissions (original);
  b = tokens_token_get_permissions (copy);
  g_assert_cmpuint (a->len, ==, b->len);
  g_assert_cmpstr (tokens_token_get_summary (copy), ==, tokens_token_get_summary (original));
  /* The original is untouched. */
  g_assert_true (tokens_demo_server_has_authorization (fixture->server, id));
}

/* Replace: step 1 makes the new one, step 2 hands the old one to the
 * window's usual question; cancelled, both stay and are marked. */
static void
test_v2_replace (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *id = g_strdup (tokens_test_window_id_of (fixture, "grafana"));
  TokensToken *old = tokens_token_list_lookup (fixture->list, id);
  TokensCreateDialog *dialog = open_dialog (fixture, "win.replace-token", id);
  g_autoptr(TokensToken) replacement = NULL;
  AdwMessageDialog *question;
  TokensDetailsPane *details;

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (_tokens_create_dialog_get_name_row (dialog))),
                   ==, "Grafana dashboards (replacement)");
  create_and_wait (dialog);
  replacement = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
  g_assert_cmpstr (tokens_token_get_replaces (replacement), ==, "Grafana dashboards");
  g_assert_cmpstr (tokens_token_get_replaced_by (old), ==, "Grafana dashboards (replacement)");
  /* Both rows say so. */
  WAIT_UNTIL (has_badge (fixture, tokens_token_get_id (replacement), "Replacement"));
  WAIT_UNTIL (has_badge (fixture, id, "Being Replaced"));

  press (_tokens_create_dialog_get_action_button (dialog));
  g_assert_cmpstr (_tokens_create_dialog_get_page (dialog), ==, "retire");
  g_assert_true (gtk_widget_get_visible (_tokens_create_dialog_get_button (dialog, "deactivate")));
  g_assert_true (gtk_widget_get_visible (_tokens_create_dialog_get_button (dialog, "keep")));
  press (_tokens_create_dialog_get_button (dialog, "delete"));
  WAIT_UNTIL (_tokens_window_get_create_dialog (fixture->window) == NULL);

  question = ADW_MESSAGE_DIALOG (_tokens_window_get_delete_dialog (fixture->window));
  g_assert_nonnull (question);
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Delete Token?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "Grafana dashboards"));
  tokens_test_respond (question, "cancel");
  tokens_test_iterate (200);
  g_assert_true (tokens_demo_server_has_authorization (fixture->server, id));

  /* Left half-way: the pair is marked, in the details too. */
  tokens_test_window_select_ids (fixture, (const char *[]) { id, NULL });
  details = TOKENS_DETAILS_PANE (_tokens_window_get_details_pane (fixture->window));
  WAIT_UNTIL (_tokens_details_pane_shows (details, "pairing"));
  g_assert_true (_tokens_details_pane_shows (details, "replace"));

  /* Deleted, the mark goes with it. */
  question = tokens_test_window_click_delete (fixture, id);
  tokens_test_respond (question, "delete");
  WAIT_UNTIL (!tokens_test_window_in_list (fixture, id));
  g_assert_false (tokens_demo_server_has_authorization (fixture->server, id));
  g_assert_null (tokens_token_get_replaces (replacement));
}

/* A create the server refuses: said in the form, nothing made or deleted. */
static void
test_v2_replace_fails (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *id = tokens_test_window_id_of (fixture, "grafana");
  guint before = tokens_demo_server_get_n_authorizations (fixture->server);
  TokensCreateDialog *dialog = open_dialog (fixture, "win.replace-token", id);

  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_INTERNAL_ERROR, 1, 0);
  press (_tokens_create_dialog_get_action_button (dialog));
  WAIT_UNTIL (_tokens_create_dialog_get_error (dialog) != NULL);
  g_assert_cmpstr (_tokens_create_dialog_get_page (dialog), ==, "form");
  g_assert_cmpuint (tokens_demo_server_get_n_authorizations (fixture->server), ==, before);
  g_assert_true (tokens_demo_server_has_authorization (fixture->server, id));
  g_assert_null (tokens_token_get_replaced_by (tokens_token_list_lookup (fixture->list, id)));
  g_assert_true (gtk_widget_get_sensitive (_tokens_create_dialog_get_action_button (dialog)));
}

/* The operator token cannot be copied; the actions say so. */
static void
test_core_operator_not_copied (Fixture       *fixture,
                               gconstpointer  data)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.replace-token", "s", "_admin");
  tokens_test_iterate (100);
  g_assert_null (_tokens_window_get_create_dialog (fixture->window));
  g_assert_nonnull (strstr (_tokens_window_get_last_toast (fixture->window), "regenerate"));
}

/* Core: a named admin token; a name the server has is said on the field. */
static void
test_core_new_named (Fixture       *fixture,
                     gconstpointer  data)
{
  TokensCreateDialog *dialog = open_dialog (fixture, "win.new-token", NULL);
  GtkWidget *name = _tokens_create_dialog_get_name_row (dialog);
  GtkWidget *create = _tokens_create_dialog_get_action_button (dialog);
  guint before = tokens_demo_server_get_n_tokens (fixture->server);
  const char *secret;

  /* A name is what InfluxDB 3 knows a token by: none, no Create. */
  g_assert_false (gtk_widget_get_sensitive (create));
  gtk_editable_set_text (GTK_EDITABLE (name), "ci-deploy");
  g_assert_true (gtk_widget_get_sensitive (create));
  press (create);
  WAIT_UNTIL (_tokens_create_dialog_get_error (dialog) != NULL);
  g_assert_nonnull (strstr (_tokens_create_dialog_get_error (dialog), "already exists"));
  g_assert_true (gtk_widget_has_css_class (name, "error"));
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (fixture->server), ==, before);

  gtk_editable_set_text (GTK_EDITABLE (name), "grafana-reader");
  g_assert_false (gtk_widget_has_css_class (name, "error"));
  _tokens_create_dialog_set_expiry_days (dialog, 30);
  secret = create_and_wait (dialog);
  g_assert_true (g_str_has_prefix (secret, "apiv3_"));
  g_assert_true (tokens_demo_server_has_token_named (fixture->server, "grafana-reader"));
  g_assert_true (value_works (fixture, secret));
  {
    TokensToken *made = tokens_token_list_lookup (fixture->list, "grafana-reader");

    g_assert_nonnull (made);
    g_assert_nonnull (tokens_token_get_expires_at (made));
  }
}

/* Regenerate: guarded by "I understand"; the new value is shown once and
 * the old one no longer works. */
static void
test_core_regenerate (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *old_value = g_strdup (tokens_demo_server_get_token (fixture->server, "operator"));
  AdwMessageDialog *question;
  GtkWidget *check;
  TokensCreateDialog *dialog;
  const char *secret;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.regenerate-token", "s", "_admin");
  question = ADW_MESSAGE_DIALOG (_tokens_window_get_delete_dialog (fixture->window));
  g_assert_nonnull (question);
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Regenerate Operator Token?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "stops working"));
  g_assert_false (adw_message_dialog_get_response_enabled (question, TOKENS_REGENERATE_RESPONSE));
  check = tokens_delete_dialog_get_understand_check (GTK_WIDGET (question));
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (question, TOKENS_REGENERATE_RESPONSE));
  tokens_test_respond (question, TOKENS_REGENERATE_RESPONSE);

  WAIT_UNTIL ((dialog = TOKENS_CREATE_DIALOG (_tokens_window_get_create_dialog (fixture->window))) != NULL);
  g_assert_cmpstr (_tokens_create_dialog_get_page (dialog), ==, "secret");
  secret = gtk_editable_get_text (GTK_EDITABLE (_tokens_create_dialog_get_secret_entry (dialog)));
  g_assert_true (g_str_has_prefix (secret, "apiv3_"));
  g_assert_cmpstr (secret, !=, old_value);
  g_assert_true (value_works (fixture, secret));
  g_assert_false (value_works (fixture, old_value));
}

/* Dedicated: database tokens only, a description required, databases
 * chosen; a clone keeps its expiry rule. */
static void
test_dedicated_new (Fixture       *fixture,
                    gconstpointer  data)
{
  TokensCreateDialog *dialog = open_dialog (fixture, "win.new-token", NULL);
  GtkWidget *create = _tokens_create_dialog_get_action_button (dialog);
  guint before = tokens_demo_server_get_n_tokens (fixture->server);

  g_assert_false (gtk_widget_get_sensitive (create));
  gtk_editable_set_text (GTK_EDITABLE (_tokens_create_dialog_get_name_row (dialog)), "Grafana: read");
  /* Nothing granted yet: nothing to make. */
  g_assert_false (gtk_widget_get_sensitive (create));
  WAIT_UNTIL (_tokens_create_dialog_get_n_grant_rows (dialog) > 1);
  g_assert_true (_tokens_create_dialog_set_grant (dialog, "All databases", TRUE, FALSE));
  g_assert_true (gtk_widget_get_sensitive (create));
  create_and_wait (dialog);
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (fixture->server), ==, before + 1);
  {
    g_autoptr(TokensToken) made = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);

    g_assert_cmpstr (tokens_token_get_description (made), ==, "Grafana: read");
    g_assert_cmpstr (tokens_token_get_raw_permissions (made), ==, "read:*");
  }
}

/* The row's menu (secondary click, Shift+F10, Menu) offers what the
 * details do, for that row's token, and its Replace opens the dialog. */
static void
test_v2_row_menu (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *id = tokens_test_window_id_of (fixture, "grafana");
  GtkWidget *row = NULL;
  GtkWidget *popover = NULL;
  GMenuModel *model;
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);

  WAIT_UNTIL ((row = tokens_test_find_row (GTK_WIDGET (fixture->window), id)) != NULL);
  tokens_token_row_popup_menu (TOKENS_TOKEN_ROW (row), 10, 10);
  for (GtkWidget *child = gtk_widget_get_first_child (row); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER_MENU (child))
      popover = child;
  g_assert_nonnull (popover);
  model = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover));
  for (int s = 0; s < g_menu_model_get_n_items (model); s++)
    {
      GMenuModel *section = g_menu_model_get_item_link (model, s, G_MENU_LINK_SECTION);

      for (int i = 0; i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *action = NULL;
          g_autofree char *target = NULL;

          g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION,
                                                          "s", &action));
          g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_TARGET,
                                                          "s", &target));
          g_assert_cmpstr (target, ==, id);
          g_ptr_array_add (actions, g_steal_pointer (&action));
        }
      g_object_unref (section);
    }
  g_assert_cmpuint (actions->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (actions, 0), ==, "win.replace-token");
  g_assert_cmpstr (g_ptr_array_index (actions, 1), ==, "win.clone-token");
  g_assert_cmpstr (g_ptr_array_index (actions, 2), ==, "win.delete-token");
  gtk_popover_popdown (GTK_POPOVER (popover));

  gtk_widget_activate_action (row, "win.replace-token", "s", id);
  g_assert_nonnull (_tokens_window_get_create_dialog (fixture->window));
}

int
main (int   argc,
      char *argv[])
{
  if (!tokens_test_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/tokens/window-create/v2-new-all-access", Fixture, NULL,
              v2_set_up, test_v2_new_all_access, fixture_tear_down);
  g_test_add ("/tokens/window-create/v2-copy-clears", Fixture, NULL,
              v2_set_up, test_v2_copy_clears, fixture_tear_down);
  g_test_add ("/tokens/window-create/v2-clone", Fixture, NULL,
              v2_set_up, test_v2_clone, fixture_tear_down);
  g_test_add ("/tokens/window-create/v2-replace", Fixture, NULL,
              v2_set_up, test_v2_replace, fixture_tear_down);
  g_test_add ("/tokens/window-create/v2-row-menu", Fixture, NULL,
              v2_set_up, test_v2_row_menu, fixture_tear_down);
  g_test_add ("/tokens/window-create/v2-replace-fails", Fixture, NULL,
              v2_set_up, test_v2_replace_fails, fixture_tear_down);
  g_test_add ("/tokens/window-create/core-operator-not-copied", Fixture, NULL,
              core_set_up, test_core_operator_not_copied, fixture_tear_down);
  g_test_add ("/tokens/window-create/core-new-named", Fixture, NULL,
              core_set_up, test_core_new_named, fixture_tear_down);
  g_test_add ("/tokens/window-create/core-regenerate", Fixture, NULL,
              core_set_up, test_core_regenerate, fixture_tear_down);
  g_test_add ("/tokens/window-create/dedicated-new", Fixture, NULL,
              dedicated_set_up, test_dedicated_new, fixture_tear_down);

  return g_test_run ();
}
