/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-token-row.h"
#include "tokens-delete-dialog.h"
#include "tokens-demo-server-testing.h"
#include "tokens-hostile-server.h"
#include "tokens-secret-store.h"
#include "tokens-test-gui.h"
#include "tokens-test-utils.h"
#include "tokens-window-private.h"

#include <adwaita.h>
#include <string.h>

/*
 * The window in-process, against the fake server over real HTTP: what a
 * person sees after each thing they do.
 */

typedef TokensWindowFixture Fixture;

#define open_window(f, token) tokens_test_window_open ((f), (token))
#define id_of(f, key) tokens_test_window_id_of ((f), (key))
#define in_list(f, id) tokens_test_window_in_list ((f), (id))
#define click_delete(f, id) tokens_test_window_click_delete ((f), (id))
#define select_keys(f, keys) tokens_test_window_select_keys ((f), (keys))
#define select_ids(f, ids) tokens_test_window_select_ids ((f), (ids))
#define delete_selection(f) tokens_test_window_ask ((f), "win.delete-selection")

static void
fixture_set_up_mode (Fixture        *fixture,
                     TokensDemoMode  mode,
                     const char     *key)
{
  tokens_test_window_open_seeded (fixture, mode, key);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture_set_up_mode (fixture, TOKENS_DEMO_MODE_OSS, "operator");
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "list") == 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  tokens_test_window_close (fixture);
}

static void
test_confirm_deletes (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *id = g_strdup (id_of (fixture, "leaked"));
  AdwMessageDialog *dialog = click_delete (fixture, id);
  const char *body = adw_message_dialog_get_body (dialog);
  GtkWidget *row = tokens_test_find_row (GTK_WIDGET (fixture->window), id);
  GtkWidget *button = tokens_token_row_get_delete_button (TOKENS_TOKEN_ROW (row));

  /* It names the token, its owner and org, and says what stops working. */
  g_assert_nonnull (strstr (body, "“Notebook token (posted in a public gist)”"));
  g_assert_nonnull (strstr (body, "grace"));
  g_assert_nonnull (strstr (body, "acme-research"));
  g_assert_nonnull (strstr (body, "loses access immediately"));
  g_assert_nonnull (strstr (body, "cannot be undone"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  g_assert_true (adw_message_dialog_has_response (dialog, "deactivate"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_null (tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog)));

  /* While the request runs, the row is busy and the window usable. */
  tokens_demo_server_set_latency (fixture->server, 300);
  tokens_test_respond (dialog, "delete");
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (_tokens_window_get_visible_page (fixture->window), ==, "list");
  g_assert_true (in_list (fixture, id));

  WAIT_UNTIL (!in_list (fixture, id));
  g_assert_false (tokens_demo_server_has_authorization (fixture->server, id));
  g_assert_cmpuint (tokens_demo_server_get_n_authorizations (fixture->server), ==, 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 10);
  g_assert_cmpstr (_tokens_window_get_last_toast (fixture->window), ==,
                   "“Notebook token (posted in a public gist)” deleted");
  g_assert_cmpstr (_tokens_window_get_subtitle (fixture->window), ==, "10 tokens · InfluxDB OSS 2.7.11");
}

static void
test_cancel_keeps (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *id = id_of (fixture, "leaked");
  AdwMessageDialog *dialog = click_delete (fixture, id);

  tokens_test_respond (dialog, "cancel");
  tokens_test_iterate (200);
  g_assert_true (in_list (fixture, id));
  g_assert_true (tokens_demo_server_has_authorization (fixture->server, id));
  g_assert_cmpuint (tokens_demo_server_get_n_authorizations (fixture->server), ==, 11);
}

/*
 * A confirmation is about a token of the server shown when it was asked.
 * Showing another server (or another token for this one) withdraws it: the
 * dialog closes, and no answer given to it could reach the new list.
 */
static void
test_switch_withdraws_confirmation (Fixture       *fixture,
                                    gconstpointer  data)
{
  const char *id = id_of (fixture, "leaked");
  g_autoptr(TokensClient) client = NULL;
  g_autoptr(TokensTokenList) other = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog = click_delete (fixture, id);
  GtkWidget *watched = GTK_WIDGET (dialog);
  guint n_requests;

  g_object_add_weak_pointer (G_OBJECT (watched), (gpointer *)&watched);
  g_assert_true (gtk_widget_get_visible (watched));
  client = tokens_client_new (tokens_demo_server_get_url (fixture->server),
                              tokens_demo_server_get_token (fixture->server, "operator"), NULL, &error);
  g_assert_no_error (error);
  other = tokens_token_list_new (client);
  tokens_window_set_token_list (fixture->window, other, "Another Server");
  WAIT_UNTIL (watched == NULL || !gtk_widget_get_visible (watched));
  g_assert_null (_tokens_window_get_delete_dialog (fixture->window));

  n_requests = tokens_demo_server_get_n_requests (fixture->server);
  tokens_test_iterate (300);
  g_assert_true (tokens_demo_server_has_authorization (fixture->server, id));
  /* Only the new list's own refresh went to the server, no delete. */
  g_assert_cmpuint (tokens_demo_server_get_n_requests (fixture->server), <=, n_requests + 2);
  if (watched != NULL)
    g_object_remove_weak_pointer (G_OBJECT (watched), (gpointer *)&watched);
}

static void
test_deactivate_instead (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *id = id_of (fixture, "leaked");
  AdwMessageDialog *dialog = click_delete (fixture, id);
  TokensToken *a = tokens_token_list_lookup (fixture->list, id);

  tokens_test_respond (dialog, "deactivate");
  WAIT_UNTIL (!tokens_token_get_active (a));
  g_assert_false (tokens_demo_server_get_active (fixture->server, id));
  g_assert_true (tokens_demo_server_has_authorization (fixture->server, id));
  g_assert_true (in_list (fixture, id));
  g_assert_cmpstr (_tokens_window_get_last_toast (fixture->window), ==,
                   "“Notebook token (posted in a public gist)” deactivated");

  /* An inactive token offers no "Deactivate Instead". */
  dialog = click_delete (fixture, id);
  g_assert_false (adw_message_dialog_has_response (dialog, "deactivate"));
  tokens_test_respond (dialog, "cancel");
}

static void
test_already_deleted (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *id = g_strdup (id_of (fixture, "home"));
  AdwMessageDialog *dialog = click_delete (fixture, id);

  /* Someone else deletes it while the dialog is open. */
  tokens_demo_server_remove_authorization (fixture->server, id);
  tokens_test_respond (dialog, "delete");
  WAIT_UNTIL (!in_list (fixture, id));
  g_assert_cmpstr (_tokens_window_get_last_toast (fixture->window), ==,
                   "“Home Assistant” had already been deleted");
}

static void
test_server_error_keeps_row (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *id = id_of (fixture, "home");
  AdwMessageDialog *dialog = click_delete (fixture, id);
  TokensToken *a = tokens_token_list_lookup (fixture->list, id);

  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_INTERNAL_ERROR, 1, 0);
  tokens_test_respond (dialog, "delete");
  WAIT_UNTIL (_tokens_window_get_last_toast (fixture->window) != NULL);

  g_assert_nonnull (strstr (_tokens_window_get_last_toast (fixture->window),
                            "“Home Assistant” was not deleted. an internal error has occurred"));
  g_assert_true (in_list (fixture, id));
  g_assert_false (tokens_token_get_busy (a));
  g_assert_true (tokens_demo_server_has_authorization (fixture->server, id));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 11);
}

static void
test_unauthorized_delete_keeps_row (Fixture       *fixture,
                                    gconstpointer  data)
{
  /* ada's all-access token may not delete admin's Telegraf token. */
  Fixture ada = { 0 };
  const char *id;
  AdwMessageDialog *dialog;

  ada.server = g_object_ref (fixture->server);
  open_window (&ada, tokens_demo_server_get_token (fixture->server, "ada-all-access"));
  /* ada sees only her own tokens: try deleting the inactive one after
   * taking away her rights by deactivating her token on the server. */
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (ada.window), "list") == 0);
  id = id_of (fixture, "undescribed");
  dialog = click_delete (&ada, id);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“" ));
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(TokensClient) op = tokens_client_new (tokens_demo_server_get_url (fixture->server),
                                                    tokens_demo_server_get_token (fixture->server, "operator"),
                                                    NULL, NULL);
    tokens_client_update_async (op, id_of (fixture, "ada-all-access"), 0, NULL, NULL,
                                tokens_test_store_result, &result);
    tokens_test_wait_result (&result);
    g_clear_object (&result);
  }
  tokens_test_respond (dialog, "delete");
  WAIT_UNTIL (_tokens_window_get_last_toast (ada.window) != NULL);
  g_assert_nonnull (strstr (_tokens_window_get_last_toast (ada.window), "token is inactive"));
  g_assert_true (in_list (&ada, id));
  g_assert_true (tokens_demo_server_has_authorization (fixture->server, id));

  tokens_test_window_close_window (&ada);
  g_object_unref (ada.server);
}

static void
test_strong_guard (Fixture       *fixture,
                   gconstpointer  data)
{
  struct { const char *key; const char *phrase; } cases[] = {
    { "operator", "signs this app out of Test Server" },
    { "ada-all-access", "all-access token: it has full access to my-org" },
    { "grace-all-access", "full access to acme-research" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      AdwMessageDialog *dialog = click_delete (fixture, id_of (fixture, cases[i].key));
      GtkWidget *check = tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog));
      GtkWidget *extra = adw_message_dialog_get_extra_child (dialog);
      GtkWidget *label = gtk_widget_get_first_child (extra);

      g_assert_nonnull (check);
      g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), cases[i].phrase));
      g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_assert_true (adw_message_dialog_get_response_enabled (dialog, "delete"));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
      g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
      tokens_test_respond (dialog, "cancel");
    }

  /* The operator token is also the one this app signs in with: the
   * sign-in case is named first. */
  g_assert_true (tokens_token_get_is_current (tokens_token_list_lookup (fixture->list,
                                                                              id_of (fixture, "operator"))));
  g_assert_cmpuint (tokens_demo_server_get_n_authorizations (fixture->server), ==, 11);
}

static void
test_delete_own_token_signs_out (Fixture       *fixture,
                                 gconstpointer  data)
{
  AdwMessageDialog *dialog = click_delete (fixture, id_of (fixture, "operator"));
  GtkWidget *check = tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  tokens_test_respond (dialog, "delete");
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "error") == 0);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (_tokens_window_get_error_page (fixture->window))),
                   ==, "This App’s Token Was Deleted");
  g_assert_nonnull (strstr (adw_status_page_get_description (
                              ADW_STATUS_PAGE (_tokens_window_get_error_page (fixture->window))),
                            "This app’s token for Test Server was deleted"));
  /* And a refresh, refused, does not make it "Token Rejected" or "No Tokens". */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL);
  WAIT_UNTIL (tokens_token_list_get_state (fixture->list) == TOKENS_TOKEN_LIST_STATE_FAILED);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (_tokens_window_get_error_page (fixture->window))),
                   ==, "This App’s Token Was Deleted");
}

static void
test_delete_selected (Fixture       *fixture,
                      gconstpointer  data)
{
  GListModel *shown = _tokens_window_get_shown_model (fixture->window);
  g_autoptr(TokensToken) first = g_list_model_get_item (shown, 0);
  GtkWidget *dialog;

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (shown), 0, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-selection", NULL);
  dialog = _tokens_window_get_delete_dialog (fixture->window);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            tokens_token_get_display_name (first)));
  tokens_test_respond (ADW_MESSAGE_DIALOG (dialog), "cancel");
}

/*
 * Select Tokens: every row shows a check where its trash button was; the
 * check toggles the row's selection (as a click on the row does), the
 * title counts what is selected, and leaving puts the trash buttons back.
 */
static void
test_selection_mode (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *keys[] = { "leaked", "home", "telegraf", NULL };
  GtkWidget *rows[3];

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (_tokens_window_get_select_button (fixture->window)), TRUE);
  g_assert_cmpstr (_tokens_window_get_title (fixture->window), ==, "Select Tokens");
  for (guint k = 0; keys[k] != NULL; k++)
    {
      TokensTokenRow *row;

      WAIT_UNTIL ((rows[k] = tokens_test_find_row (GTK_WIDGET (fixture->window), id_of (fixture, keys[k]))) != NULL);
      row = TOKENS_TOKEN_ROW (rows[k]);
      g_assert_nonnull (tokens_token_row_get_check (row));
      g_assert_true (gtk_widget_get_visible (tokens_token_row_get_check (row)));
      g_assert_false (gtk_widget_get_visible (tokens_token_row_get_delete_button (row)));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (tokens_token_row_get_check (row)), TRUE);
    }
  g_assert_cmpuint (_tokens_window_get_n_selected (fixture->window), ==, 3);
  g_assert_cmpstr (_tokens_window_get_title (fixture->window), ==, "3 Selected");

  /* Unticking one deselects it; the others stay. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (tokens_token_row_get_check (TOKENS_TOKEN_ROW (rows[1]))),
                               FALSE);
  g_assert_cmpuint (_tokens_window_get_n_selected (fixture->window), ==, 2);
  g_assert_cmpstr (_tokens_window_get_title (fixture->window), ==, "2 Selected");

  /* Escape leaves. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.leave-selection", NULL);
  g_assert_cmpuint (_tokens_window_get_n_selected (fixture->window), ==, 0);
  g_assert_cmpstr (_tokens_window_get_title (fixture->window), ==, "Test Server");
  g_assert_false (gtk_widget_get_visible (tokens_token_row_get_check (TOKENS_TOKEN_ROW (rows[0]))));
  g_assert_true (gtk_widget_get_visible (tokens_token_row_get_delete_button (TOKENS_TOKEN_ROW (rows[0]))));
}

/* After a delete from the list, the keyboard goes on from the next row:
 * selected, with the focus. */
static void
test_delete_moves_to_next (Fixture       *fixture,
                           gconstpointer  data)
{
  GListModel *shown = _tokens_window_get_shown_model (fixture->window);
  g_autoptr(TokensToken) doomed = g_list_model_get_item (shown, 2);
  g_autoptr(TokensToken) next = g_list_model_get_item (shown, 3);
  GtkWidget *row = NULL;
  GtkWidget *focus;
  AdwMessageDialog *dialog;

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (shown), 2, TRUE);
  WAIT_UNTIL ((row = tokens_test_find_row (GTK_WIDGET (fixture->window),
                                           tokens_token_get_id (doomed))) != NULL);
  gtk_widget_grab_focus (gtk_widget_get_parent (row));
  dialog = delete_selection (fixture);
  g_assert_nonnull (dialog);
  tokens_test_respond (dialog, "delete");
  WAIT_UNTIL (!in_list (fixture, tokens_token_get_id (doomed)));
  tokens_test_iterate (100);

  g_assert_cmpuint (_tokens_window_get_n_selected (fixture->window), ==, 1);
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (shown), 2));
  {
    g_autoptr(TokensToken) selected = g_list_model_get_item (shown, 2);

    g_assert_true (selected == next);
  }
  focus = gtk_window_get_focus (GTK_WINDOW (fixture->window));
  row = tokens_test_find_row (GTK_WIDGET (fixture->window), tokens_token_get_id (next));
  g_assert_nonnull (focus);
  g_assert_nonnull (row);
  g_assert_true (focus == gtk_widget_get_parent (row) || gtk_widget_is_ancestor (focus, gtk_widget_get_parent (row)));
}

/* At phone width one tap opens a token; wide, a click selects and the
 * details are beside the list anyway. */
static void
test_narrow_single_tap (void)
{
  Fixture fixture = { 0 };
  GtkListView *view;

  fixture.server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  tokens_test_window_open_sized (&fixture, tokens_demo_server_get_token (fixture.server, "operator"),
                                 360, 640);
  view = GTK_LIST_VIEW (_tokens_window_get_list_view (fixture.window));
  WAIT_UNTIL (_tokens_window_get_folded (fixture.window));
  g_assert_true (gtk_list_view_get_single_click_activate (view));

  /* Not while selecting: a tap toggles a check then. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (_tokens_window_get_select_button (fixture.window)), TRUE);
  g_assert_false (gtk_list_view_get_single_click_activate (view));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (_tokens_window_get_select_button (fixture.window)), FALSE);
  g_assert_true (gtk_list_view_get_single_click_activate (view));
  tokens_test_window_close (&fixture);

  /* Wide, a click selects. */
  fixture.server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  tokens_test_window_open_sized (&fixture, tokens_demo_server_get_token (fixture.server, "operator"),
                                 1100, 640);
  view = GTK_LIST_VIEW (_tokens_window_get_list_view (fixture.window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (view)));
  tokens_test_iterate (100);
  g_assert_false (_tokens_window_get_folded (fixture.window));
  g_assert_false (gtk_list_view_get_single_click_activate (view));
  tokens_test_window_close (&fixture);
}

static GtkAdjustment *
details_adjustment (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkAdjustment *found = details_adjustment (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/*
 * The details keep one width from token to token (so the divider does not
 * jump), and a newly chosen token is read from its top.
 */
static void
test_details_steady (void)
{
  const char *keys[] = { "leaked", "undescribed", "operator", "inactive", "grafana", "home", "telegraf" };
  Fixture storage = { 0 };
  Fixture *fixture = &storage;
  int first = -1;

  /* Low enough that every token's details scroll. */
  fixture->server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  tokens_test_window_open_sized (fixture, tokens_demo_server_get_token (fixture->server, "operator"),
                                 1100, 420);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "list") == 0);
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      const char *one[] = { keys[k], NULL };
      GtkWidget *pane;
      GtkAdjustment *adjustment;
      int width;

      tokens_test_window_select_keys (fixture, one);
      g_assert_cmpuint (_tokens_window_get_n_selected (fixture->window), ==, 1);
      tokens_test_iterate (100);
      pane = _tokens_window_get_details_pane (fixture->window);
      /* What the person sees: where the pane is and how wide, once laid out. */
      tokens_test_iterate (200);
      width = gtk_widget_get_width (pane);
      if (first < 0)
        first = width;
      g_test_message ("%s: %d px wide", keys[k], width);
      g_assert_cmpint (width, ==, first);

      adjustment = details_adjustment (pane);
      g_assert_nonnull (adjustment);
      g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, gtk_adjustment_get_lower (adjustment));
      /* Read down to the bottom before the next token. */
      g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment),
                         >, 50);
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 50);
    }
  tokens_test_window_close (fixture);
}

static guint
n_shown (Fixture *fixture)
{
  return g_list_model_get_n_items (_tokens_window_get_shown_model (fixture->window));
}

static void
search (Fixture    *fixture,
        const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (_tokens_window_get_search_entry (fixture->window)), text);
  /* GtkSearchEntry waits a moment before it says the search changed. */
  tokens_test_iterate (250);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_assert_cmpuint (n_shown (fixture), ==, 11);

  search (fixture, "GRAFANA");
  g_assert_cmpuint (n_shown (fixture), ==, 1);
  g_assert_cmpstr (_tokens_window_get_subtitle (fixture->window), ==, "1 of 11 tokens · InfluxDB OSS 2.7.11");

  search (fixture, "linus");                       /* owner */
  g_assert_cmpuint (n_shown (fixture), ==, 2);

  search (fixture, "acme-research");               /* org */
  g_assert_cmpuint (n_shown (fixture), ==, 2);

  search (fixture, id_of (fixture, "home"));       /* id */
  g_assert_cmpuint (n_shown (fixture), ==, 1);

  search (fixture, "bucket telegraf");             /* permissions */
  g_assert_cmpuint (n_shown (fixture), ==, 1);

  search (fixture, "no such token anywhere");
  g_assert_cmpuint (n_shown (fixture), ==, 0);
  g_assert_cmpstr (_tokens_window_get_visible_page (fixture->window), ==, "no-results");

  search (fixture, "");
  g_assert_cmpuint (n_shown (fixture), ==, 11);
  g_assert_cmpstr (_tokens_window_get_visible_page (fixture->window), ==, "list");
}

static void
test_sort (Fixture       *fixture,
           gconstpointer  data)
{
  GListModel *shown = _tokens_window_get_shown_model (fixture->window);
  guint n = g_list_model_get_n_items (shown);

  /* Newest first is the default. */
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (shown, i - 1);
      g_autoptr(TokensToken) b = g_list_model_get_item (shown, i);
      g_assert_cmpint (g_date_time_compare (tokens_token_get_created_at (a),
                                            tokens_token_get_created_at (b)), >=, 0);
    }

  _tokens_window_set_sort (fixture->window, 1);
  {
    g_autoptr(TokensToken) first = g_list_model_get_item (shown, 0);
    g_assert_cmpstr (tokens_token_get_id (first), ==, id_of (fixture, "operator"));
  }

  _tokens_window_set_sort (fixture->window, 2);
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (shown, i - 1);
      g_autoptr(TokensToken) b = g_list_model_get_item (shown, i);
      const char *da = tokens_token_get_description (a);
      const char *db = tokens_token_get_description (b);

      /* Case does not matter, as in GtkStringSorter. */
      if (db[0] != '\0')
        {
          g_autofree char *fa = g_utf8_casefold (da, -1);
          g_autofree char *fb = g_utf8_casefold (db, -1);
          g_assert_cmpint (g_utf8_collate (fa, fb), <=, 0);
        }
    }
  {
    g_autoptr(TokensToken) last = g_list_model_get_item (shown, n - 1);
    g_assert_cmpstr (tokens_token_get_description (last), ==, "");
  }

  _tokens_window_set_sort (fixture->window, 3);
  {
    g_autoptr(TokensToken) last = g_list_model_get_item (shown, n - 1);
    g_assert_false (tokens_token_get_active (last));
    for (guint i = 0; i < n - 1; i++)
      {
        g_autoptr(TokensToken) a = g_list_model_get_item (shown, i);
        g_assert_true (tokens_token_get_active (a));
      }
  }
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (_tokens_window_get_filter_button (fixture->window));

  /* The popover is made when it first opens, with every owner offered. */
  g_assert_null (gtk_menu_button_get_popover (button));
  gtk_menu_button_popup (button);
  g_assert_nonnull (gtk_menu_button_get_popover (button));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (gtk_menu_button_get_popover (button))));
  gtk_menu_button_popdown (button);

  _tokens_window_set_filters (fixture->window, 2, NULL, NULL);
  g_assert_cmpuint (n_shown (fixture), ==, 1);

  _tokens_window_set_filters (fixture->window, 1, NULL, NULL);
  g_assert_cmpuint (n_shown (fixture), ==, 10);

  _tokens_window_set_filters (fixture->window, 0, "grace", NULL);
  g_assert_cmpuint (n_shown (fixture), ==, 3);

  _tokens_window_set_filters (fixture->window, 0, NULL, "acme-research");
  g_assert_cmpuint (n_shown (fixture), ==, 2);

  _tokens_window_set_filters (fixture->window, 0, "grace", "my-org");
  g_assert_cmpuint (n_shown (fixture), ==, 1);
  g_assert_cmpstr (_tokens_window_get_subtitle (fixture->window), ==, "1 of 11 tokens · InfluxDB OSS 2.7.11");

  /* Filters and search combine. */
  search (fixture, "dashboards");
  g_assert_cmpuint (n_shown (fixture), ==, 1);
  search (fixture, "notebook");
  g_assert_cmpuint (n_shown (fixture), ==, 0);

  search (fixture, "");
  _tokens_window_set_filters (fixture->window, 0, NULL, NULL);
  g_assert_cmpuint (n_shown (fixture), ==, 11);
}

static void
test_details_switch_and_rename (Fixture       *fixture,
                                gconstpointer  data)
{
  const char *id = id_of (fixture, "telegraf");
  TokensToken *a = tokens_token_list_lookup (fixture->list, id);
  g_autoptr(GVariant) to_inactive = g_variant_ref_sink (g_variant_new ("(sb)", id, FALSE));
  g_autoptr(GVariant) rename = g_variant_ref_sink (g_variant_new ("(ss)", id, "Telegraf on web-02"));

  gtk_widget_activate_action_variant (GTK_WIDGET (fixture->window), "win.set-token-active", to_inactive);
  tokens_test_respond (ADW_MESSAGE_DIALOG (_tokens_window_get_delete_dialog (fixture->window)),
                               "deactivate");
  WAIT_UNTIL (!tokens_token_get_active (a));
  g_assert_false (tokens_demo_server_get_active (fixture->server, id));

  gtk_widget_activate_action_variant (GTK_WIDGET (fixture->window), "win.rename-token", rename);
  WAIT_UNTIL (g_strcmp0 (tokens_token_get_description (a), "Telegraf on web-02") == 0);
  g_assert_cmpstr (_tokens_window_get_last_toast (fixture->window), ==, "Description saved");
}

/* ---- Many at once ---- */

static void
test_bulk_delete (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *keys[] = { "leaked", "home", "telegraf", NULL };
  g_autofree char *ids[3] = { 0 };
  AdwMessageDialog *dialog;

  for (guint i = 0; i < 3; i++)
    ids[i] = g_strdup (id_of (fixture, keys[i]));

  select_keys (fixture, keys);
  g_assert_cmpuint (_tokens_window_get_n_selected (fixture->window), ==, 3);
  g_assert_true (_tokens_window_get_selection_bar_shown (fixture->window));

  dialog = delete_selection (fixture);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete 3 Tokens?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“Home Assistant”"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "loses access immediately"));
  g_assert_null (tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog)));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");

  tokens_test_respond (dialog, "delete");
  WAIT_UNTIL (_tokens_window_get_last_toast (fixture->window) != NULL);
  g_assert_cmpstr (_tokens_window_get_last_toast (fixture->window), ==, "3 tokens deleted");
  for (guint i = 0; i < 3; i++)
    {
      g_assert_false (in_list (fixture, ids[i]));
      g_assert_false (tokens_demo_server_has_authorization (fixture->server, ids[i]));
    }
  g_assert_cmpuint (tokens_demo_server_get_n_authorizations (fixture->server), ==, 8);
}

static void
test_bulk_guard (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *keys[] = { "operator", "home", NULL };
  AdwMessageDialog *dialog;
  GtkWidget *check;

  select_keys (fixture, keys);
  dialog = delete_selection (fixture);
  check = tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog));
  g_assert_nonnull (check);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (
                              adw_message_dialog_get_extra_child (dialog)))),
                            "Including this app’s own token, “admin's Token”: the app will be "
                            "signed out of Test Server."));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "delete"));
  tokens_test_respond (dialog, "cancel");
  g_assert_cmpuint (tokens_demo_server_get_n_authorizations (fixture->server), ==, 11);
}

static void
test_bulk_partial_failure (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *keys[] = { "leaked", "home", "telegraf", "grafana", NULL };
  AdwMessageDialog *dialog;
  guint still_listed = 0;

  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_INTERNAL_ERROR, 1, 0);
  select_keys (fixture, keys);
  dialog = delete_selection (fixture);
  tokens_test_respond (dialog, "delete");
  WAIT_UNTIL (_tokens_window_get_last_toast (fixture->window) != NULL);

  g_assert_true (g_str_has_prefix (_tokens_window_get_last_toast (fixture->window),
                                   "Some Tokens Were Not Deleted: 3 of 4 tokens were deleted."));
  g_assert_nonnull (strstr (_tokens_window_get_last_toast (fixture->window), "an internal error has occurred"));
  /* The failed one stays listed and selected, ready for a retry. */
  g_assert_cmpuint (_tokens_window_get_n_selected (fixture->window), ==, 1);
  for (guint k = 0; keys[k] != NULL; k++)
    {
      const char *id = id_of (fixture, keys[k]);

      if (id != NULL && in_list (fixture, id))
        {
          still_listed++;
          g_assert_true (tokens_demo_server_has_authorization (fixture->server, id));
        }
    }
  g_assert_cmpuint (still_listed, ==, 1);
  g_assert_cmpuint (tokens_demo_server_get_n_authorizations (fixture->server), ==, 8);
}

/*
 * 2,000 tokens arriving in a shown window come into the list view a
 * screenful per frame, so no frame builds 200 rows; the whole list is there
 * once the window has settled, and Ctrl+A in between still takes them all.
 */
static void
test_paced_rows (Fixture       *fixture,
                 gconstpointer  data)
{
  GListModel *shown = _tokens_window_get_shown_model (fixture->window);
  guint most_in_one_step = 0, before;

  tokens_demo_server_generate (fixture->server, 2000);
  before = g_list_model_get_n_items (shown);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL);
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)) == 2011);

  /* Right after the tokens arrived, only a screenful is in the view's model. */
  g_assert_cmpuint (g_list_model_get_n_items (shown), <, 64);
  g_assert_cmpuint (_tokens_window_get_pending (fixture->window), >, 0);
  while (_tokens_window_get_pending (fixture->window) > 0 && g_list_model_get_n_items (shown) < 200)
    {
      before = g_list_model_get_n_items (shown);
      g_main_context_iteration (NULL, TRUE);
      if (g_list_model_get_n_items (shown) < 240)
        most_in_one_step = MAX (most_in_one_step, g_list_model_get_n_items (shown) - before);
    }
  g_assert_cmpuint (most_in_one_step, <=, 24);
  WAIT_UNTIL (_tokens_window_get_pending (fixture->window) == 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2011);

  /* A search matching many shows its first rows at once, the rest after. */
  search (fixture, "bucket-");
  WAIT_UNTIL (_tokens_window_get_pending (fixture->window) == 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2000);

  /* Clearing it paces again; Ctrl+A meanwhile selects every token shown. */
  gtk_editable_set_text (GTK_EDITABLE (_tokens_window_get_search_entry (fixture->window)), "");
  g_signal_emit_by_name (_tokens_window_get_search_entry (fixture->window), "search-changed");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.select-all", NULL);
  g_assert_cmpuint (_tokens_window_get_n_selected (fixture->window), ==, 2011);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2011);
}

static void
test_bulk_cancel (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GListModel *shown;

  tokens_demo_server_generate (fixture->server, 30);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL);
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)) == 41);

  /* Select the thirty generated ones: search, then Ctrl+A takes what is shown. */
  search (fixture, "bucket-");
  shown = _tokens_window_get_shown_model (fixture->window);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.select-all", NULL);
  g_assert_cmpuint (_tokens_window_get_n_selected (fixture->window), ==, g_list_model_get_n_items (shown));
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (shown, i);
      g_ptr_array_add (ids, g_strdup (tokens_token_get_id (a)));
    }
  g_assert_cmpuint (ids->len, ==, 30);

  g_object_set (fixture->window, "bulk-concurrency", 2, NULL);
  tokens_demo_server_set_latency (fixture->server, 100);
  tokens_test_respond (delete_selection (fixture), "delete");
  g_assert_cmpstr (_tokens_window_get_selection_text (fixture->window), ==, "Deleting 1 of 30…");
  tokens_test_iterate (350);
  /* Two at a time, 100 ms each: a few are done, the bar counts on. */
  g_assert_true (g_str_has_prefix (_tokens_window_get_selection_text (fixture->window), "Deleting "));
  g_assert_cmpstr (_tokens_window_get_selection_text (fixture->window), !=, "Deleting 1 of 30…");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.cancel-bulk", NULL);
  WAIT_UNTIL (_tokens_window_get_last_toast (fixture->window) != NULL);
  g_assert_true (g_str_has_prefix (_tokens_window_get_last_toast (fixture->window), "Stopped after deleting"));

  /* Nothing left the list that the server still has. */
  tokens_test_iterate (300);
  for (guint i = 0; i < ids->len; i++)
    if (!in_list (fixture, g_ptr_array_index (ids, i)))
      g_assert_false (tokens_demo_server_has_authorization (fixture->server, g_ptr_array_index (ids, i)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), >, 11);
}

static void
test_bulk_deactivate_and_leave (Fixture       *fixture,
                                gconstpointer  data)
{
  const char *keys[] = { "leaked", "home", NULL };

  select_keys (fixture, keys);
  tokens_test_respond (tokens_test_window_ask (fixture, "win.deactivate-selection"), "deactivate");
  WAIT_UNTIL (_tokens_window_get_last_toast (fixture->window) != NULL);
  g_assert_cmpstr (_tokens_window_get_last_toast (fixture->window), ==, "2 tokens deactivated");
  g_assert_false (tokens_demo_server_get_active (fixture->server, id_of (fixture, "leaked")));
  g_assert_false (tokens_demo_server_get_active (fixture->server, id_of (fixture, "home")));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.leave-selection", NULL);
  g_assert_cmpuint (_tokens_window_get_n_selected (fixture->window), ==, 0);
  g_assert_false (_tokens_window_get_selection_bar_shown (fixture->window));
}

/* A deactivation the server refuses is reported like a failed delete:
 * summary with the reason, the token still active and still selected. */
static void
test_bulk_deactivate_failure (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *keys[] = { "leaked", "home", "telegraf", NULL };
  guint still_active = 0;

  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_INTERNAL_ERROR, 1, 0);
  select_keys (fixture, keys);
  tokens_test_respond (tokens_test_window_ask (fixture, "win.deactivate-selection"), "deactivate");
  WAIT_UNTIL (_tokens_window_get_last_toast (fixture->window) != NULL);

  g_assert_true (g_str_has_prefix (_tokens_window_get_last_toast (fixture->window),
                                   "Some Tokens Were Not Deactivated: 2 of 3 tokens were deactivated."));
  g_assert_nonnull (strstr (_tokens_window_get_last_toast (fixture->window), "an internal error has occurred"));
  g_assert_cmpuint (_tokens_window_get_n_selected (fixture->window), ==, 1);
  for (guint k = 0; keys[k] != NULL; k++)
    {
      g_assert_true (in_list (fixture, id_of (fixture, keys[k])));
      still_active += tokens_demo_server_get_active (fixture->server, id_of (fixture, keys[k]));
    }
  g_assert_cmpuint (still_active, ==, 1);
}

static gboolean
hidden_toplevel (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  gboolean hidden = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      hidden = hidden || !gtk_widget_get_visible (window);
    }
  return hidden;
}

/* The shortcuts window is made when asked for, and destroyed when closed:
 * no hidden window stays among the toplevels, where GTK 4.8's AT-SPI root
 * can hand it to a screen reader without an object path, and crash. */
static void
test_shortcuts_window (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkShortcutsWindow *overlay;
  GtkShortcutsWindow *again;

  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture->window)));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-help-overlay", NULL);
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture->window));
  g_assert_nonnull (overlay);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (overlay)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (fixture->window));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-help-overlay", NULL);
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture->window)) == overlay);

  gtk_window_close (GTK_WINDOW (overlay));
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture->window)));
  g_assert_false (hidden_toplevel ());

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-help-overlay", NULL);
  again = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture->window));
  g_assert_nonnull (again);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (again)));
  gtk_window_close (GTK_WINDOW (again));
  g_assert_false (hidden_toplevel ());
}

/* The menus' popovers are made when they first open, each with its menu;
 * a servers menu given later reaches an open one. */
static void
test_menus_made_on_first_open (Fixture       *fixture,
                               gconstpointer  data)
{
  GtkMenuButton *primary = GTK_MENU_BUTTON (_tokens_window_get_primary_menu_button (fixture->window));
  GtkMenuButton *servers = GTK_MENU_BUTTON (_tokens_window_get_servers_button (fixture->window));
  g_autoptr(GMenu) first = g_menu_new ();
  g_autoptr(GMenu) second = g_menu_new ();
  GMenuModel *model;

  g_menu_append (first, "Production", "app.demo");
  g_menu_append (second, "Staging", "app.demo");
  tokens_window_set_servers_menu (fixture->window, G_MENU_MODEL (first));
  g_assert_null (gtk_menu_button_get_popover (primary));
  g_assert_null (gtk_menu_button_get_popover (servers));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (primary)));

  gtk_menu_button_popup (primary);
  g_assert_true (GTK_IS_POPOVER_MENU (gtk_menu_button_get_popover (primary)));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (gtk_menu_button_get_popover (primary))));
  model = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (gtk_menu_button_get_popover (primary)));
  g_assert_cmpuint (g_menu_model_get_n_items (model), ==, 3);  /* refresh and find, export, the app's */
  gtk_menu_button_popdown (primary);

  gtk_menu_button_popup (servers);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (gtk_menu_button_get_popover (servers))));
  g_assert_true (gtk_menu_button_get_menu_model (servers) == G_MENU_MODEL (first));
  gtk_menu_button_popdown (servers);
  tokens_window_set_servers_menu (fixture->window, G_MENU_MODEL (second));
  g_assert_true (gtk_menu_button_get_menu_model (servers) == G_MENU_MODEL (second));
}

/* ---- Guards that must hold whatever else is selected ---- */

/*
 * Escape on the batch confirmation closes it, and a message dialog that is
 * closed answers with its close response: that must be Cancel, so nothing
 * is sent to the server and every token stays where it was.
 */
static void
test_bulk_escape_keeps (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *keys[] = { "leaked", "home", "telegraf", NULL };
  g_autofree char *close_response = NULL;
  AdwMessageDialog *dialog;
  guint n_requests;

  select_keys (fixture, keys);
  dialog = delete_selection (fixture);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete 3 Tokens?");
  close_response = g_strdup (adw_message_dialog_get_close_response (dialog));
  n_requests = tokens_demo_server_get_n_requests (fixture->server);

  /* libadwaita binds Escape to window.close, which makes the dialog answer. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  g_assert_null (_tokens_window_get_delete_dialog (fixture->window));

  /* A batch would have started at once, its requests right after. */
  g_assert_cmpstr (_tokens_window_get_selection_text (fixture->window), ==, "3 selected");
  tokens_test_iterate (300);
  g_assert_cmpuint (tokens_demo_server_get_n_requests (fixture->server), ==, n_requests);
  for (guint k = 0; keys[k] != NULL; k++)
    {
      const char *id = id_of (fixture, keys[k]);

      g_assert_nonnull (id);
      g_assert_true (tokens_demo_server_has_authorization (fixture->server, id));
      g_assert_true (tokens_demo_server_get_active (fixture->server, id));
      g_assert_true (in_list (fixture, id));
    }
  g_assert_cmpuint (tokens_demo_server_get_n_authorizations (fixture->server), ==, 11);
  g_assert_cmpuint (_tokens_window_get_n_selected (fixture->window), ==, 3);
  g_assert_cmpstr (close_response, ==, "cancel");
}

/*
 * A second operator token, as `influx auth create --operator` makes one,
 * through the fake server's own API with the app's token; then a refresh
 * lists it. The seeded operator is also the app's own token, so without
 * this one no test shows an operator token that is only that.
 *
 * Returns: (transfer full): its id
 */
static char *
add_other_operator (Fixture *fixture)
{
  static const char * const types[] = { "authorizations", "buckets", "orgs", "users" };
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *url = g_strconcat (tokens_demo_server_get_url (fixture->server),
                                      "/api/v2/authorizations", NULL);
  g_autofree char *header = g_strconcat ("Token ",
                                         tokens_demo_server_get_token (fixture->server, "operator"),
                                         NULL);
  g_autoptr(TokensTestResponse) response = NULL;
  g_autofree char *id = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fixture->list));

  g_string_append_printf (body, "{\"orgID\":\"%s\",\"description\":\"Backup operator\","
                          "\"permissions\":[",
                          tokens_demo_server_get_org_id (fixture->server, "operator"));
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    g_string_append_printf (body, "%s{\"action\":\"read\",\"resource\":{\"type\":\"%s\"}},"
                            "{\"action\":\"write\",\"resource\":{\"type\":\"%s\"}}",
                            i > 0 ? "," : "", types[i], types[i]);
  g_string_append (body, "]}");
  response = tokens_test_raw_request ("POST", url, header, body->str);
  g_assert_cmpuint (response->status, ==, 201);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL);
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)) == n + 1);
  for (guint i = 0; i < n + 1; i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (G_LIST_MODEL (fixture->list), i);

      if (g_strcmp0 (tokens_token_get_description (a), "Backup operator") != 0)
        continue;
      g_assert_true (tokens_token_get_is_operator (a));
      g_assert_false (tokens_token_get_is_all_access (a));
      g_assert_false (tokens_token_get_is_current (a));
      g_assert_false (tokens_token_get_may_be_current (a));
      id = g_strdup (tokens_token_get_id (a));
    }
  g_assert_nonnull (id);
  return g_steal_pointer (&id);
}

static const char *
guard_text (AdwMessageDialog *dialog)
{
  GtkWidget *extra = adw_message_dialog_get_extra_child (dialog);

  g_assert_nonnull (extra);
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (extra)));
}

/* An operator token that is not the app's own still needs "I understand". */
static void
test_guard_other_operator (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *id = add_other_operator (fixture);
  AdwMessageDialog *dialog = click_delete (fixture, id);
  GtkWidget *check = tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog));

  g_assert_nonnull (check);
  g_assert_nonnull (strstr (guard_text (dialog), "This is an operator token"));
  g_assert_null (strstr (guard_text (dialog), "signs this app out"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "delete"));
  tokens_test_respond (dialog, "cancel");
  g_assert_true (tokens_demo_server_has_authorization (fixture->server, id));
}

/*
 * The batch guard for operator and all-access tokens that are not the
 * app's own, each selected with an ordinary token.
 */
static void
test_bulk_guard_not_own (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *other = add_other_operator (fixture);
  struct { const char *id; const char *name; } cases[] = {
    { other, "“Backup operator”" },
    { id_of (fixture, "ada-all-access"), "“Ada's all-access token”" },
    { id_of (fixture, "grace-all-access"), "“Grace's all-access token”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *ids[] = { cases[i].id, id_of (fixture, "home"), NULL };
      AdwMessageDialog *dialog;
      GtkWidget *check;

      g_test_message ("case %u", i);
      g_assert_false (tokens_token_get_is_current (tokens_token_list_lookup (fixture->list,
                                                                                   cases[i].id)));
      select_ids (fixture, ids);
      g_assert_cmpuint (_tokens_window_get_n_selected (fixture->window), ==, 2);
      dialog = delete_selection (fixture);
      g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete 2 Tokens?");
      check = tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog));
      g_assert_nonnull (check);
      g_assert_nonnull (strstr (guard_text (dialog), cases[i].name));
      g_assert_null (strstr (guard_text (dialog), "“Home Assistant”"));
      g_assert_null (strstr (guard_text (dialog), "signs this app out"));
      g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_assert_true (adw_message_dialog_get_response_enabled (dialog, "delete"));
      tokens_test_respond (dialog, "cancel");
    }
  g_assert_cmpuint (tokens_demo_server_get_n_authorizations (fixture->server), ==, 12);
}

/* ---- Searching as people type ---- */

static void
on_search_changed_set_flag (GtkSearchEntry *entry,
                            gboolean       *changed)
{
  *changed = TRUE;
}

/*
 * Types @typed at the end of the search, or with %NULL deletes its last
 * character as Backspace does, then waits until the entry reports the
 * change. Unlike gtk_editable_set_text (), this never empties the entry on
 * the way: an empty search drops the filter, which would hide how the
 * filter was told of the change.
 */
static void
edit_search (Fixture    *fixture,
             const char *typed)
{
  GtkEditable *entry = GTK_EDITABLE (_tokens_window_get_search_entry (fixture->window));
  int end = g_utf8_strlen (gtk_editable_get_text (entry), -1);
  gboolean changed = FALSE;
  gulong handler = g_signal_connect (entry, "search-changed",
                                     G_CALLBACK (on_search_changed_set_flag), &changed);

  if (typed != NULL)
    gtk_editable_insert_text (entry, typed, -1, &end);
  else
    gtk_editable_delete_text (entry, end - 1, end);
  g_assert_cmpstr (gtk_editable_get_text (entry), !=, "");
  tokens_test_wait_until (&changed, 2000);
  g_assert_true (changed);
  g_signal_handler_disconnect (entry, handler);
}

static gboolean
is_shown (Fixture    *fixture,
          const char *id)
{
  GListModel *shown = _tokens_window_get_shown_model (fixture->window);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (shown, i);

      if (g_strcmp0 (tokens_token_get_id (a), id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Backspace widens the search: what matches the shorter text comes back. */
static void
test_search_widens (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkEditable *entry = GTK_EDITABLE (_tokens_window_get_search_entry (fixture->window));

  edit_search (fixture, "linus");                  /* linus's two tokens */
  g_assert_cmpuint (n_shown (fixture), ==, 2);

  edit_search (fixture, "x");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "linusx");
  g_assert_cmpuint (n_shown (fixture), ==, 0);
  g_assert_cmpstr (_tokens_window_get_visible_page (fixture->window), ==, "no-results");

  edit_search (fixture, NULL);                     /* "linus" again */
  g_assert_cmpuint (n_shown (fixture), ==, 2);
  g_assert_cmpstr (_tokens_window_get_visible_page (fixture->window), ==, "list");

  edit_search (fixture, NULL);                     /* "linu" */
  g_assert_cmpuint (n_shown (fixture), ==, 2);
  edit_search (fixture, NULL);                     /* "lin": and "Old CI pipeline" */
  g_assert_cmpuint (n_shown (fixture), ==, 3);
  g_assert_true (is_shown (fixture, id_of (fixture, "inactive")));
}

/* ---- Ties ---- */

/* Four tokens made in the same instant, sent out of order, and a newer one. */
static const char tie_list[] =
  "{\"authorizations\":["
  "{\"id\":\"0a00000000000003\",\"description\":\"c\",\"createdAt\":\"2025-01-01T00:00:00Z\"},"
  "{\"id\":\"0a00000000000005\",\"description\":\"e\",\"createdAt\":\"2025-06-01T00:00:00Z\"},"
  "{\"id\":\"0a00000000000001\",\"description\":\"a\",\"createdAt\":\"2025-01-01T00:00:00Z\"},"
  "{\"id\":\"0a00000000000004\",\"description\":\"d\",\"createdAt\":\"2025-01-01T00:00:00Z\"},"
  "{\"id\":\"0a00000000000002\",\"description\":\"b\",\"createdAt\":\"2025-01-01T00:00:00Z\"}"
  "]}";

static gboolean
respond_ties (TokensHostileServer        *server,
              const TokensHostileRequest *request,
              GOutputStream              *out,
              gpointer                    user_data)
{
  if (g_str_has_prefix (request->path, "/ping"))
    return tokens_hostile_answer (out, "204 No Content",
                                  "X-Influxdb-Build: OSS\r\n"
                                  "X-Influxdb-Version: v2.7.11\r\n", "", 0);
  return tokens_hostile_answer (out, "200 OK", "Content-Type: application/json\r\n", tie_list, -1);
}

static void
assert_shown_ids (TokensWindow       *window,
                  const char * const *ids)
{
  GListModel *shown = _tokens_window_get_shown_model (window);

  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, g_strv_length ((char **)ids));
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (shown, i);

      g_assert_cmpstr (tokens_token_get_id (a), ==, ids[i]);
    }
}

/*
 * Tokens made in the same instant are in one order whatever order the
 * server sends them in: by id, smallest first ("Newest first, then by id"
 * in tokens-token-list.c, for the order the list opens with; "Ties are
 * broken by id" in tokens-filter-popover.c, for the other sorts).
 */
static void
test_sort_ties_by_id (void)
{
  const char * const newest[] = {
    "0a00000000000005", "0a00000000000001", "0a00000000000002", "0a00000000000003",
    "0a00000000000004", NULL,
  };
  const char * const oldest[] = {
    "0a00000000000001", "0a00000000000002", "0a00000000000003", "0a00000000000004",
    "0a00000000000005", NULL,
  };
  TokensHostileServer *server = tokens_hostile_server_new (0, respond_ties, NULL);
  g_autoptr(GError) error = NULL;
  TokensClient *client;
  TokensTokenList *list;
  TokensWindow *window;

  client = tokens_client_new (tokens_hostile_server_get_url (server), "a-token", NULL, &error);
  g_assert_no_error (error);
  list = tokens_token_list_new (client);
  window = g_object_ref_sink (g_object_new (TOKENS_TYPE_WINDOW, NULL));
  tokens_window_set_token_list (window, list, "Ties");
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (window), "list") == 0);

  assert_shown_ids (window, newest);
  _tokens_window_set_sort (window, 1);    /* oldest first */
  assert_shown_ids (window, oldest);
  _tokens_window_set_sort (window, 3);    /* by status: all are active */
  assert_shown_ids (window, oldest);
  _tokens_window_set_sort (window, 0);    /* newest first again */
  assert_shown_ids (window, newest);

  gtk_window_destroy (GTK_WINDOW (window));
  tokens_test_assert_finalize_soon (window);
  tokens_test_assert_finalize_soon (list);
  g_object_unref (client);
  tokens_hostile_server_free (server);
}

/* ---- Every state, shown plainly ---- */

static void
assert_error_page (Fixture    *fixture,
                   const char *title,
                   const char *description_part)
{
  AdwStatusPage *page = ADW_STATUS_PAGE (_tokens_window_get_error_page (fixture->window));

  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "error") == 0);
  g_assert_cmpstr (adw_status_page_get_title (page), ==, title);
  if (description_part != NULL)
    g_assert_nonnull (strstr (adw_status_page_get_description (page), description_part));
}

static void
test_state_unauthorized (void)
{
  Fixture fixture = { 0 };

  fixture.server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  open_window (&fixture, "a-token-the-server-never-issued");
  assert_error_page (&fixture, "Token Rejected", "unauthorized access");
  fixture_tear_down (&fixture, NULL);
}

static void
test_state_unreachable (void)
{
  Fixture fixture = { 0 };
  g_autoptr(TokensDemoServer) gone = tokens_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  tokens_demo_server_start (gone, 0, &error);
  url = g_strdup (tokens_demo_server_get_url (gone));
  g_clear_object (&gone);

  /* A server object only to satisfy the fixture; the client points at the closed port. */
  fixture.server = tokens_demo_server_new (TOKENS_DEMO_MODE_OSS);
  {
    g_autoptr(TokensClient) client = tokens_client_new (url, "t", NULL, &error);
    tokens_test_window_open_client (&fixture, client, "Gone", -1, -1);
  }
  assert_error_page (&fixture, "Cannot Reach the Server", "Connection refused");
  fixture_tear_down (&fixture, NULL);
}

/* OSS 2.9 and later keep only a hash of each token: the app cannot know
 * its own, and the delete dialog says so for every token that could be it. */
static void
test_own_token_unknowable (void)
{
  Fixture fixture = { 0 };
  struct { const char *key; gboolean maybe; } cases[] = {
    { "auditor", TRUE },      /* reads tokens */
    { "telegraf", FALSE },    /* writes one bucket */
  };

  fixture_set_up_mode (&fixture, TOKENS_DEMO_MODE_OSS_HASHED, "operator");
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture.window), "list") == 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      AdwMessageDialog *dialog;

      gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.delete-token", "s",
                                  id_of (&fixture, cases[i].key));
      dialog = ADW_MESSAGE_DIALOG (_tokens_window_get_delete_dialog (fixture.window));
      /* Every token that could be the app's own is guarded as if it were. */
      if (cases[i].maybe)
        {
          g_assert_nonnull (tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog)));
          g_assert_nonnull (strstr (guard_text (dialog),
                                    "does not say which token Influx Tokens signs in with"));
          g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
          g_assert_false (adw_message_dialog_get_response_enabled (dialog, "deactivate"));
        }
      else
        {
          g_assert_null (tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog)));
          g_assert_true (adw_message_dialog_get_response_enabled (dialog, "delete"));
        }
      tokens_test_respond (dialog, "cancel");
      tokens_test_iterate (50);
    }
  fixture_tear_down (&fixture, NULL);
}

/* A slow server gets a spinner after a moment; a fast one never shows it. */
static void
test_spinner_waits (void)
{
  Fixture fixture = { 0 };
  gint64 start;

  fixture.server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  tokens_demo_server_set_latency (fixture.server, 800);
  start = g_get_monotonic_time ();
  open_window (&fixture, tokens_demo_server_get_token (fixture.server, "operator"));

  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture.window), "loading") == 0);
  g_assert_false (_tokens_window_get_spinning (fixture.window));
  WAIT_UNTIL (_tokens_window_get_spinning (fixture.window));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 250 * 1000);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture.window), "list") == 0);
  g_assert_false (_tokens_window_get_spinning (fixture.window));

  /* Fast: loaded before the spinner's moment, so it never turned. */
  tokens_demo_server_set_latency (fixture.server, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.refresh", NULL);
  WAIT_UNTIL (tokens_token_list_get_state (fixture.list) == TOKENS_TOKEN_LIST_STATE_LOADED);
  g_assert_false (_tokens_window_get_spinning (fixture.window));
  tokens_test_iterate (400);
  g_assert_false (_tokens_window_get_spinning (fixture.window));
  fixture_tear_down (&fixture, NULL);
}

static void
test_state_no_rights (void)
{
  Fixture fixture = { 0 };

  fixture_set_up_mode (&fixture, TOKENS_DEMO_MODE_OSS, "no-rights");
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture.window), "empty") == 0);
  fixture_tear_down (&fixture, NULL);
}

static void
test_state_malformed (void)
{
  Fixture fixture = { 0 };

  fixture.server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  tokens_demo_server_inject_fault (fixture.server, TOKENS_DEMO_FAULT_MALFORMED_JSON, 1, 0);
  open_window (&fixture, tokens_demo_server_get_token (fixture.server, "operator"));
  assert_error_page (&fixture, "Unexpected Answer", "cannot read");

  /* Try Again recovers. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.refresh", NULL);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture.window), "list") == 0);
  fixture_tear_down (&fixture, NULL);
}

static void
test_state_server_error_html (void)
{
  Fixture fixture = { 0 };

  fixture.server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  tokens_demo_server_inject_fault (fixture.server, TOKENS_DEMO_FAULT_BAD_GATEWAY, 1, 0);
  open_window (&fixture, tokens_demo_server_get_token (fixture.server, "operator"));
  assert_error_page (&fixture, "The Server Had a Problem", "502 Bad Gateway");
  fixture_tear_down (&fixture, NULL);
}

static void
test_state_rate_limited (void)
{
  Fixture fixture = { 0 };
  GtkWidget *page;

  fixture.server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  tokens_demo_server_inject_fault (fixture.server, TOKENS_DEMO_FAULT_RATE_LIMITED, 1, 2);
  open_window (&fixture, tokens_demo_server_get_token (fixture.server, "operator"));

  WAIT_UNTIL (tokens_token_list_get_retry_in (fixture.list) == 2);
  g_assert_cmpstr (_tokens_window_get_visible_page (fixture.window), ==, "loading");
  page = gtk_stack_get_visible_child (GTK_STACK (gtk_widget_get_parent (_tokens_window_get_error_page (fixture.window))));
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)),
                            "Trying again in 2 seconds"));

  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture.window), "list") == 0);
  fixture_tear_down (&fixture, NULL);
}

static void
test_refresh_failure_keeps_list (Fixture       *fixture,
                                 gconstpointer  data)
{
  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_BAD_GATEWAY, 1, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL);
  WAIT_UNTIL (_tokens_window_get_last_toast (fixture->window) != NULL);
  g_assert_cmpstr (_tokens_window_get_last_toast (fixture->window), ==,
                   "Could not refresh: The server answered 502 Bad Gateway");
  g_assert_cmpstr (_tokens_window_get_visible_page (fixture->window), ==, "list");
  g_assert_cmpuint (n_shown (fixture), ==, 11);
  /* The list is what the server said last time, and says so until a refresh works. */
  g_assert_cmpstr (_tokens_window_get_subtitle (fixture->window), ==, "11 tokens · may be out of date");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL);
  WAIT_UNTIL (tokens_token_list_get_state (fixture->list) == TOKENS_TOKEN_LIST_STATE_LOADED);
  g_assert_cmpstr (_tokens_window_get_subtitle (fixture->window), ==, "11 tokens · InfluxDB OSS 2.7.11");
}

/* The saved server's token cannot be read: say why, offer a session token. */
static void
test_state_keyring (void)
{
  struct { int code; const char *title; } cases[] = {
    { TOKENS_SECRET_ERROR_LOCKED, "The Keyring Is Locked" },
    { TOKENS_SECRET_ERROR_UNAVAILABLE, "Secure Storage Unavailable" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TokensWindow *window = g_object_ref_sink (g_object_new (TOKENS_TYPE_WINDOW, NULL));
      g_autoptr(GError) error = g_error_new (TOKENS_SECRET_ERROR, cases[i].code, "<b>details</b>");
      AdwStatusPage *page = ADW_STATUS_PAGE (_tokens_window_get_error_page (window));

      gtk_window_present (GTK_WINDOW (window));
      tokens_window_show_secret_problem (window, "Lab", "http://127.0.0.1:9", error);
      g_assert_cmpstr (_tokens_window_get_visible_page (window), ==, "error");
      g_assert_cmpstr (adw_status_page_get_title (page), ==, cases[i].title);
      g_assert_nonnull (strstr (adw_status_page_get_description (page), "&lt;b&gt;details&lt;/b&gt;"));
      g_assert_nonnull (strstr (adw_status_page_get_description (page), "this session only"));
      gtk_window_destroy (GTK_WINDOW (window));
      tokens_test_assert_finalize_soon (window);
    }
}

static void
test_welcome (void)
{
  TokensWindow *window = g_object_ref_sink (g_object_new (TOKENS_TYPE_WINDOW, NULL));

  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (_tokens_window_get_visible_page (window), ==, "welcome");
  gtk_window_destroy (GTK_WINDOW (window));
  tokens_test_assert_finalize_soon (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!tokens_test_gui_init (&argc, &argv))
    return 0;

#define ADD(path, func) \
  g_test_add ("/tokens/window/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("confirm-deletes", test_confirm_deletes);
  ADD ("switch-withdraws-confirmation", test_switch_withdraws_confirmation);
  ADD ("cancel-keeps", test_cancel_keeps);
  ADD ("deactivate-instead", test_deactivate_instead);
  ADD ("already-deleted", test_already_deleted);
  ADD ("server-error-keeps-row", test_server_error_keeps_row);
  ADD ("unauthorized-delete-keeps-row", test_unauthorized_delete_keeps_row);
  ADD ("strong-guard", test_strong_guard);
  ADD ("delete-own-token-signs-out", test_delete_own_token_signs_out);
  ADD ("delete-selected", test_delete_selected);
  ADD ("search", test_search);
  ADD ("selection-mode", test_selection_mode);
  ADD ("delete-moves-to-next", test_delete_moves_to_next);
  ADD ("sort", test_sort);
  ADD ("filters", test_filters);
  ADD ("details-switch-and-rename", test_details_switch_and_rename);
  ADD ("refresh-failure-keeps-list", test_refresh_failure_keeps_list);
  ADD ("bulk-delete", test_bulk_delete);
  ADD ("bulk-guard", test_bulk_guard);
  ADD ("bulk-partial-failure", test_bulk_partial_failure);
  ADD ("bulk-cancel", test_bulk_cancel);
  ADD ("paced-rows", test_paced_rows);
  ADD ("shortcuts-window", test_shortcuts_window);
  ADD ("menus-made-on-first-open", test_menus_made_on_first_open);
  ADD ("bulk-deactivate-and-leave", test_bulk_deactivate_and_leave);
  ADD ("bulk-deactivate-failure", test_bulk_deactivate_failure);
  ADD ("bulk-escape-keeps", test_bulk_escape_keeps);
  ADD ("guard-other-operator", test_guard_other_operator);
  ADD ("bulk-guard-not-own", test_bulk_guard_not_own);
  ADD ("search-widens", test_search_widens);
#undef ADD

  g_test_add_func ("/tokens/window/state-unauthorized", test_state_unauthorized);
  g_test_add_func ("/tokens/window/state-unreachable", test_state_unreachable);
  g_test_add_func ("/tokens/window/state-no-rights", test_state_no_rights);
  g_test_add_func ("/tokens/window/spinner-waits", test_spinner_waits);
  g_test_add_func ("/tokens/window/own-token-unknowable", test_own_token_unknowable);
  g_test_add_func ("/tokens/window/state-malformed", test_state_malformed);
  g_test_add_func ("/tokens/window/state-server-error-html", test_state_server_error_html);
  g_test_add_func ("/tokens/window/state-rate-limited", test_state_rate_limited);
  g_test_add_func ("/tokens/window/welcome", test_welcome);
  g_test_add_func ("/tokens/window/state-keyring", test_state_keyring);
  g_test_add_func ("/tokens/window/sort-ties-by-id", test_sort_ties_by_id);
  g_test_add_func ("/tokens/window/narrow-single-tap", test_narrow_single_tap);
  g_test_add_func ("/tokens/window/details-steady", test_details_steady);

  return g_test_run ();
}
