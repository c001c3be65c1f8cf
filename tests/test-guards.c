/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-delete-dialog.h"
#include "tokens-details-pane-private.h"
#include "tokens-test-gui.h"
#include "tokens-test-utils.h"
#include "tokens-window-private.h"

#include <adwaita.h>
#include <string.h>

/*
 * Every path that takes access away, in-process against the fake server
 * over real HTTP: the details' Active switch, Deactivate Instead, bulk
 * deactivation, the typed count of a large batch, the app's own token.
 * Each test checks on the server, not in the window, that nothing was
 * changed before the confirmation, and that what was confirmed happened.
 */

typedef TokensWindowFixture Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  tokens_test_window_open_seeded (fixture, TOKENS_DEMO_MODE_OSS, "operator");
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "list") == 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  tokens_test_window_close (fixture);
}

static const char *
id_of (Fixture    *fixture,
       const char *key)
{
  return tokens_test_window_id_of (fixture, key);
}

static gboolean
server_active (Fixture    *fixture,
               const char *key)
{
  return tokens_demo_server_get_active (fixture->server, id_of (fixture, key));
}

static const char *
guard_text (AdwMessageDialog *dialog)
{
  GtkWidget *extra = adw_message_dialog_get_extra_child (dialog);

  g_assert_nonnull (extra);
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (extra)));
}

static AdwMessageDialog *
shown_dialog (Fixture *fixture)
{
  GtkWidget *dialog = _tokens_window_get_delete_dialog (fixture->window);

  g_assert_nonnull (dialog);
  return ADW_MESSAGE_DIALOG (dialog);
}

static const char *
page_title (Fixture *fixture)
{
  return adw_status_page_get_title (ADW_STATUS_PAGE (_tokens_window_get_error_page (fixture->window)));
}

static const char *
page_description (Fixture *fixture)
{
  return adw_status_page_get_description (ADW_STATUS_PAGE (_tokens_window_get_error_page (fixture->window)));
}

/* Selects one token and returns its details pane, as a click on its row does. */
static TokensDetailsPane *
open_details (Fixture    *fixture,
              const char *key)
{
  const char *keys[] = { key, NULL };
  TokensDetailsPane *pane;

  tokens_test_window_select_keys (fixture, keys);
  pane = TOKENS_DETAILS_PANE (_tokens_window_get_details_pane (fixture->window));
  g_assert_nonnull (pane);
  g_assert_cmpstr (tokens_token_get_id (tokens_details_pane_get_authorization (pane)), ==,
                   id_of (fixture, key));
  return pane;
}

/* Runs the last toast's button, as a click on Undo does. */
static void
click_toast_button (Fixture *fixture)
{
  const char *action = _tokens_window_get_last_toast_action (fixture->window);

  g_assert_nonnull (action);
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (fixture->window), action,
                                                     _tokens_window_get_last_toast_target (fixture->window)));
}

static void
wait_for_toast (Fixture    *fixture,
                const char *text)
{
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_last_toast (fixture->window), text) == 0);
}

/*
 * The Active switch asks before it deactivates; Cancel puts it back and
 * sends nothing; Deactivate does it, and the toast's Undo activates again.
 */
static void
test_switch_asks (Fixture       *fixture,
                  gconstpointer  data)
{
  TokensDetailsPane *pane = open_details (fixture, "telegraf");
  GtkSwitch *sw = GTK_SWITCH (_tokens_details_pane_get_active_switch (pane));
  guint n_requests = tokens_demo_server_get_n_requests (fixture->server);
  AdwMessageDialog *dialog;

  g_assert_true (gtk_switch_get_active (sw));
  gtk_switch_set_active (sw, FALSE);
  dialog = shown_dialog (fixture);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Deactivate Token?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "“Telegraf on web-01: write to telegraf”, owned by admin in my-org, will be deactivated. "
                            "Every user and integration that uses this token loses access"));
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  tokens_test_iterate (200);
  g_assert_cmpuint (tokens_demo_server_get_n_requests (fixture->server), ==, n_requests);
  g_assert_true (server_active (fixture, "telegraf"));

  /* Escape answers with the close response: Cancel. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  tokens_test_iterate (200);
  g_assert_true (gtk_switch_get_active (sw));
  g_assert_cmpuint (tokens_demo_server_get_n_requests (fixture->server), ==, n_requests);
  g_assert_true (server_active (fixture, "telegraf"));

  gtk_switch_set_active (sw, FALSE);
  tokens_test_respond (shown_dialog (fixture), "deactivate");
  wait_for_toast (fixture, "“Telegraf on web-01: write to telegraf” deactivated");
  g_assert_false (server_active (fixture, "telegraf"));
  g_assert_false (gtk_switch_get_active (sw));

  click_toast_button (fixture);
  wait_for_toast (fixture, "“Telegraf on web-01: write to telegraf” activated");
  g_assert_true (server_active (fixture, "telegraf"));
  g_assert_true (gtk_switch_get_active (sw));
}

/*
 * Switching off the app's own token needs "I understand", and after it the
 * window says the token is inactive, never "no tokens", even when a
 * refresh comes back empty, as it does for an inactive token.
 */
static void
test_switch_own_token (Fixture       *fixture,
                       gconstpointer  data)
{
  TokensDetailsPane *pane = open_details (fixture, "operator");
  GtkSwitch *sw = GTK_SWITCH (_tokens_details_pane_get_active_switch (pane));
  AdwMessageDialog *dialog;
  GtkWidget *check;

  gtk_switch_set_active (sw, FALSE);
  dialog = shown_dialog (fixture);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Deactivate Token?");
  check = tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog));
  g_assert_nonnull (check);
  g_assert_nonnull (strstr (guard_text (dialog), "Deactivating it signs this app out of Test Server"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "deactivate"));
  tokens_test_iterate (200);
  g_assert_true (server_active (fixture, "operator"));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "deactivate"));
  tokens_test_respond (dialog, "deactivate");
  WAIT_UNTIL (!server_active (fixture, "operator"));
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "error") == 0);
  g_assert_cmpstr (page_title (fixture), ==, "This App’s Token Is Inactive");
  g_assert_nonnull (strstr (page_description (fixture),
                            "This app’s token for Test Server is inactive: the server refuses it"));
  /* No Undo: the server would refuse it. */
  g_assert_null (_tokens_window_get_last_toast_action (fixture->window));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL);
  WAIT_UNTIL (tokens_token_list_get_state (fixture->list) == TOKENS_TOKEN_LIST_STATE_LOADED &&
              g_list_model_get_n_items (G_LIST_MODEL (fixture->list)) == 0);
  tokens_test_iterate (50);
  g_assert_cmpstr (_tokens_window_get_visible_page (fixture->window), ==, "error");
  g_assert_cmpstr (page_title (fixture), ==, "This App’s Token Is Inactive");
  g_assert_cmpstr (_tokens_window_get_subtitle (fixture->window), ==, "");

  /* Someone activates it again: Try Again lists the tokens. */
  tokens_demo_server_set_active (fixture->server, id_of (fixture, "operator"), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "list") == 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 11);
}

/* Deactivate Instead takes access away too: it waits for the same tick as Delete. */
static void
test_deactivate_instead_guarded (Fixture       *fixture,
                                 gconstpointer  data)
{
  AdwMessageDialog *dialog = tokens_test_window_click_delete (fixture, id_of (fixture, "operator"));
  GtkWidget *check = tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog));

  g_assert_true (adw_message_dialog_has_response (dialog, "deactivate"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "deactivate"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "deactivate"));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "delete"));
  tokens_test_respond (dialog, "cancel");
  g_assert_true (server_active (fixture, "operator"));

  /* An ordinary token's are enabled at once. */
  dialog = tokens_test_window_click_delete (fixture, id_of (fixture, "telegraf"));
  g_assert_null (tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog)));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "deactivate"));
  tokens_test_respond (dialog, "cancel");
}

/*
 * Bulk Deactivate asks once, lists the all-access token apart behind
 * "I understand", sends nothing before; the toast's Undo activates them all.
 */
static void
test_bulk_deactivate_asks (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *keys[] = { "leaked", "home", "ada-all-access", NULL };
  guint n_requests;
  AdwMessageDialog *dialog;
  GtkWidget *check;

  tokens_test_window_select_keys (fixture, keys);
  n_requests = tokens_demo_server_get_n_requests (fixture->server);
  dialog = tokens_test_window_ask (fixture, "win.deactivate-selection");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Deactivate 3 Tokens?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "will be deactivated. Every user and integration that uses them loses "
                            "access until they are activated again."));
  check = tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog));
  g_assert_nonnull (check);
  g_assert_nonnull (strstr (guard_text (dialog), "“Ada's all-access token”"));
  g_assert_null (strstr (guard_text (dialog), "Home Assistant"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "deactivate"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  tokens_test_iterate (200);
  g_assert_cmpuint (tokens_demo_server_get_n_requests (fixture->server), ==, n_requests);
  for (guint k = 0; keys[k] != NULL; k++)
    g_assert_true (server_active (fixture, keys[k]));

  dialog = tokens_test_window_ask (fixture, "win.deactivate-selection");
  check = tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  tokens_test_respond (dialog, "deactivate");
  wait_for_toast (fixture, "3 tokens deactivated");
  for (guint k = 0; keys[k] != NULL; k++)
    g_assert_false (server_active (fixture, keys[k]));
  g_assert_cmpstr (_tokens_window_get_last_toast_action (fixture->window), ==, "win.activate-tokens");

  click_toast_button (fixture);
  wait_for_toast (fixture, "3 tokens activated");
  for (guint k = 0; keys[k] != NULL; k++)
    g_assert_true (server_active (fixture, keys[k]));
}

/* The selection bar offers what the selection holds: Activate for the
 * inactive ones (at once: it gives access back), Deactivate for the others. */
static void
test_bulk_activate (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *keys[] = { "inactive", "home", NULL };

  g_assert_false (server_active (fixture, "inactive"));
  tokens_test_window_select_keys (fixture, keys);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.activate-selection", NULL));
  g_assert_null (_tokens_window_get_delete_dialog (fixture->window));
  wait_for_toast (fixture, "1 token activated");
  g_assert_true (server_active (fixture, "inactive"));
  g_assert_true (server_active (fixture, "home"));
}

/* Among many, the app's own token is named as such, and after the batch
 * the window says it is inactive. */
static void
test_bulk_own_token_named (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *keys[] = { "operator", "home", NULL };
  AdwMessageDialog *dialog;

  tokens_test_window_select_keys (fixture, keys);
  dialog = tokens_test_window_ask (fixture, "win.deactivate-selection");
  g_assert_nonnull (strstr (guard_text (dialog), "Including this app’s own token, “admin's Token”: "
                                                 "the app will be signed out of Test Server."));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog))),
                               TRUE);
  tokens_test_respond (dialog, "deactivate");
  WAIT_UNTIL (!server_active (fixture, "operator"));
  WAIT_UNTIL (g_strcmp0 (page_title (fixture), "This App’s Token Is Inactive") == 0);
  g_assert_cmpstr (_tokens_window_get_visible_page (fixture->window), ==, "error");
  g_assert_false (server_active (fixture, "home"));
}

/* Deleting the app's own token with others: it goes last, alone, so the
 * others are deleted before the server starts refusing the app. */
static void
test_bulk_delete_own_last (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *keys[] = { "operator", "home", "leaked", "telegraf", "auditor", "inactive", NULL };
  AdwMessageDialog *dialog;

  g_object_set (fixture->window, "bulk-concurrency", 4, NULL);
  tokens_test_window_select_keys (fixture, keys);
  dialog = tokens_test_window_ask (fixture, "win.delete-selection");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog))),
                               TRUE);
  tokens_test_respond (dialog, "delete");
  WAIT_UNTIL (g_strcmp0 (page_title (fixture), "This App’s Token Was Deleted") == 0);
  for (guint k = 0; keys[k] != NULL; k++)
    g_assert_false (tokens_demo_server_has_authorization (fixture->server, id_of (fixture, keys[k])));
  g_assert_cmpuint (tokens_demo_server_get_n_authorizations (fixture->server), ==, 5);
}

static void
set_count (AdwMessageDialog *dialog,
           const char       *text)
{
  gtk_editable_set_text (GTK_EDITABLE (tokens_delete_dialog_get_count_entry (GTK_WIDGET (dialog))), text);
}

/* Every listed token: the count must be typed, whatever else is ticked. */
static void
test_typed_count_all (Fixture       *fixture,
                      gconstpointer  data)
{
  guint n_requests = tokens_demo_server_get_n_requests (fixture->server);
  AdwMessageDialog *dialog;
  GtkWidget *check;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.select-all", NULL);
  g_assert_cmpuint (_tokens_window_get_n_selected (fixture->window), ==, 11);
  dialog = tokens_test_window_ask (fixture, "win.delete-selection");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete 11 Tokens?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "These are all the tokens listed for this server."));
  g_assert_nonnull (tokens_delete_dialog_get_count_entry (GTK_WIDGET (dialog)));
  check = tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog));
  g_assert_nonnull (check);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
  set_count (dialog, "10");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
  set_count (dialog, "11x");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
  set_count (dialog, " 11 ");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "delete"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));

  tokens_test_respond (dialog, "cancel");
  tokens_test_iterate (200);
  g_assert_cmpuint (tokens_demo_server_get_n_requests (fixture->server), ==, n_requests);
  g_assert_cmpuint (tokens_demo_server_get_n_authorizations (fixture->server), ==, 11);
}

/* Past twenty tokens, ordinary ones too: 21 asks for the count, 20 does not. */
static void
test_typed_count_threshold (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  AdwMessageDialog *dialog;

  tokens_demo_server_generate (fixture->server, 30);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL);
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)) == 41);
  for (guint i = 0; i < 41 && ids->len < TOKENS_DELETE_DIALOG_TYPE_COUNT_ABOVE + 1; i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (G_LIST_MODEL (fixture->list), i);

      if (!tokens_token_get_is_operator (a) && !tokens_token_get_is_all_access (a) &&
          !tokens_token_get_is_current (a) && tokens_token_get_active (a))
        g_ptr_array_add (ids, g_strdup (tokens_token_get_id (a)));
    }
  g_assert_cmpuint (ids->len, ==, 21);
  g_ptr_array_add (ids, NULL);

  tokens_test_window_select_ids (fixture, (const char * const *)ids->pdata);
  dialog = tokens_test_window_ask (fixture, "win.deactivate-selection");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Deactivate 21 Tokens?");
  g_assert_null (tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog)));
  g_assert_nonnull (tokens_delete_dialog_get_count_entry (GTK_WIDGET (dialog)));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "deactivate"));
  set_count (dialog, "21");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "deactivate"));
  tokens_test_respond (dialog, "cancel");

  g_free (g_ptr_array_steal_index (ids, 20));   /* the NULL's place: 20 ids, then NULL */
  ids->pdata[20] = NULL;
  tokens_test_window_select_ids (fixture, (const char * const *)ids->pdata);
  g_assert_cmpuint (_tokens_window_get_n_selected (fixture->window), ==, 20);
  dialog = tokens_test_window_ask (fixture, "win.delete-selection");
  g_assert_null (tokens_delete_dialog_get_count_entry (GTK_WIDGET (dialog)));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "delete"));
  tokens_test_respond (dialog, "cancel");
}

/* On OSS 2.9 the app's own token is unknowable: every token that may list
 * tokens is guarded in a batch too. */
static void
test_maybe_own_guarded_in_batch (void)
{
  Fixture fixture = { 0 };
  const char *keys[] = { "auditor", "telegraf", NULL };
  AdwMessageDialog *dialog;

  tokens_test_window_open_seeded (&fixture, TOKENS_DEMO_MODE_OSS_HASHED, "operator");
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture.window), "list") == 0);
  tokens_test_window_select_keys (&fixture, keys);
  dialog = tokens_test_window_ask (&fixture, "win.delete-selection");
  g_assert_nonnull (tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog)));
  g_assert_nonnull (strstr (guard_text (dialog), "does not say which token Influx Tokens signs in with"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
  tokens_test_respond (dialog, "cancel");
  tokens_test_window_close (&fixture);
}

/*
 * The app's own token switched off behind its back: the next change is
 * answered "token is inactive", and the window says exactly that.
 */
static void
test_inactive_answer (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v2/authorizations/%s",
                                          tokens_demo_server_get_url (fixture->server),
                                          id_of (fixture, "operator"));
  g_autofree char *header = g_strconcat ("Token ", tokens_demo_server_get_token (fixture->server, "operator"),
                                         NULL);
  g_autoptr(TokensTestResponse) response = tokens_test_raw_request ("PATCH", url, header,
                                                                    "{\"status\":\"inactive\"}");
  g_autoptr(GVariant) rename = NULL;

  g_assert_cmpuint (response->status, ==, 200);
  rename = g_variant_ref_sink (g_variant_new ("(ss)", id_of (fixture, "telegraf"), "Telegraf"));
  gtk_widget_activate_action_variant (GTK_WIDGET (fixture->window), "win.rename-token", rename);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "error") == 0);
  g_assert_cmpstr (page_title (fixture), ==, "This App’s Token Is Inactive");
  g_assert_nonnull (strstr (_tokens_window_get_last_toast (fixture->window), "token is inactive"));
}

/*
 * The description is edited only after Edit; an emptied one asks first
 * (Cancel keeps editing, nothing sent); a saved one offers Undo.
 */
static void
test_description_edit (Fixture       *fixture,
                       gconstpointer  data)
{
  TokensDetailsPane *pane = open_details (fixture, "telegraf");
  GtkWidget *row = _tokens_details_pane_get_description_row (pane);
  TokensToken *a = tokens_details_pane_get_authorization (pane);
  guint n_requests = tokens_demo_server_get_n_requests (fixture->server);
  GtkWidget *remove;

  /* Until Edit, the description is text: there is no field to type into. */
  g_assert_false (gtk_widget_get_visible (row));
  g_signal_emit_by_name (_tokens_details_pane_get_edit_button (pane), "clicked");
  g_assert_true (gtk_widget_get_visible (row));

  gtk_editable_set_text (GTK_EDITABLE (row), "");
  g_signal_emit_by_name (row, "apply");
  remove = _tokens_details_pane_get_remove_dialog (pane);
  g_assert_nonnull (remove);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (remove)), ==,
                   "Remove the Description?");
  g_assert_cmpstr (adw_message_dialog_get_close_response (ADW_MESSAGE_DIALOG (remove)), ==, "cancel");
  tokens_test_respond (ADW_MESSAGE_DIALOG (remove), "cancel");
  tokens_test_iterate (200);
  g_assert_true (gtk_widget_get_visible (row));
  g_assert_cmpuint (tokens_demo_server_get_n_requests (fixture->server), ==, n_requests);
  g_assert_cmpstr (tokens_token_get_description (a), ==, "Telegraf on web-01: write to telegraf");

  gtk_editable_set_text (GTK_EDITABLE (row), "Telegraf on web-02");
  g_signal_emit_by_name (row, "apply");
  wait_for_toast (fixture, "Description saved");
  g_assert_false (gtk_widget_get_visible (row));
  g_assert_cmpstr (tokens_token_get_description (a), ==, "Telegraf on web-02");

  click_toast_button (fixture);
  WAIT_UNTIL (g_strcmp0 (tokens_token_get_description (a), "Telegraf on web-01: write to telegraf") == 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Telegraf on web-01: write to telegraf");
}

int
main (int   argc,
      char *argv[])
{
  if (!tokens_test_gui_init (&argc, &argv))
    return 0;

#define ADD(name, func) g_test_add ("/tokens/guards/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("switch-asks", test_switch_asks);
  ADD ("switch-own-token", test_switch_own_token);
  ADD ("deactivate-instead-guarded", test_deactivate_instead_guarded);
  ADD ("bulk-deactivate-asks", test_bulk_deactivate_asks);
  ADD ("bulk-activate", test_bulk_activate);
  ADD ("bulk-own-token-named", test_bulk_own_token_named);
  ADD ("bulk-delete-own-last", test_bulk_delete_own_last);
  ADD ("typed-count-all", test_typed_count_all);
  ADD ("typed-count-threshold", test_typed_count_threshold);
  ADD ("inactive-answer", test_inactive_answer);
  ADD ("description-edit", test_description_edit);
#undef ADD
  g_test_add_func ("/tokens/guards/maybe-own-guarded-in-batch", test_maybe_own_guarded_in_batch);

  return g_test_run ();
}
