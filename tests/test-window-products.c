/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-delete-dialog.h"
#include "tokens-demo-server-testing.h"
#include "tokens-details-pane-private.h"
#include "tokens-test-gui.h"
#include "tokens-test-utils.h"
#include "tokens-token-row.h"
#include "tokens-window-private.h"

#include <adwaita.h>
#include <string.h>

/*
 * The window in-process for each token API that is not v2, against the
 * fake server over real HTTP: InfluxDB 3 Core (tokens by name, _admin that
 * cannot go, no deactivating, expiry, running without authentication) and
 * Cloud Dedicated's management API (revoking, revoked tokens kept out of
 * sight until asked for). What a person sees, and what the server has after.
 */

typedef TokensWindowFixture Fixture;

static void
open_core (Fixture  *fixture,
           gboolean  without_auth)
{
  fixture->server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CORE);
  tokens_demo_server_set_without_auth (fixture->server, without_auth);
  /* As a person signs in: with a named admin token, not _admin. */
  tokens_test_window_open (fixture, tokens_demo_server_get_token (fixture->server, "ops-alice"));
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "list") == 0);
}

static void
core_set_up (Fixture       *fixture,
             gconstpointer  data)
{
  open_core (fixture, FALSE);
}

static void
core_without_auth_set_up (Fixture       *fixture,
                          gconstpointer  data)
{
  open_core (fixture, TRUE);
}

static void
dedicated_set_up (Fixture       *fixture,
                  gconstpointer  data)
{
  fixture->server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  tokens_test_window_open (fixture, tokens_demo_server_get_token (fixture->server, "operator"));
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "list") == 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  tokens_test_window_close (fixture);
}

static TokensTokenRow *
row_of (Fixture    *fixture,
        const char *id)
{
  GtkWidget *row = NULL;

  WAIT_UNTIL ((row = tokens_test_find_row (GTK_WIDGET (fixture->window), id)) != NULL);
  return TOKENS_TOKEN_ROW (row);
}

static gboolean
shown (Fixture    *fixture,
       const char *id)
{
  GListModel *model = _tokens_window_get_shown_model (fixture->window);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (model, i);

      if (g_strcmp0 (tokens_token_get_id (token), id) == 0)
        return TRUE;
    }
  return FALSE;
}

static int
position_of (Fixture    *fixture,
             const char *id)
{
  GListModel *model = _tokens_window_get_shown_model (fixture->window);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (model, i);

      if (g_strcmp0 (tokens_token_get_id (token), id) == 0)
        return (int)i;
    }
  return -1;
}

static TokensDetailsPane *
details_of (Fixture    *fixture,
            const char *id)
{
  const char *ids[] = { id, NULL };

  tokens_test_window_select_ids (fixture, ids);
  tokens_test_iterate (100);
  return TOKENS_DETAILS_PANE (_tokens_window_get_details_pane (fixture->window));
}

static AdwMessageDialog *
ask_delete (Fixture    *fixture,
            const char *id)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-token", "s", id);
  return ADW_MESSAGE_DIALOG (_tokens_window_get_delete_dialog (fixture->window));
}

/* Each row as InfluxDB 3 lists it: by name, its permissions in words, its
 * expiry, with no owner or organization; the details likewise. */
static void
test_core_rows (Fixture       *fixture,
                gconstpointer  data)
{
  TokensDetailsPane *details;
  TokensTokenRow *row;

  g_assert_cmpstr (_tokens_window_get_subtitle (fixture->window), ==,
                   "6 tokens · InfluxDB 3 Core 3.11.1");
  g_assert_null (_tokens_window_get_notice (fixture->window));

  row = row_of (fixture, "contractor-bob");
  g_assert_cmpstr (tokens_token_row_get_title (row), ==, "contractor-bob");
  g_assert_cmpstr (tokens_token_row_get_meta (row), ==, "created 1 year ago · expires in 3 days");
  row = row_of (fixture, "migration-july");
  g_assert_cmpstr (tokens_token_row_get_meta (row), ==, "created 1 year ago · expired 1 year ago");
  g_assert_cmpint (tokens_token_get_status (tokens_token_row_get_authorization (row)), ==,
                   TOKENS_TOKEN_STATUS_EXPIRED);
  g_assert_true (tokens_token_get_is_current (tokens_token_row_get_authorization (row_of (fixture, "ops-alice"))));

  /* _admin stays: its button is there, insensitive. */
  row = row_of (fixture, "_admin");
  g_assert_true (gtk_widget_get_visible (tokens_token_row_get_delete_button (row)));
  g_assert_false (gtk_widget_get_sensitive (tokens_token_row_get_delete_button (row)));
  g_assert_true (gtk_widget_get_sensitive (tokens_token_row_get_delete_button (row_of (fixture, "ci-deploy"))));

  details = details_of (fixture, "contractor-bob");
  g_assert_false (_tokens_details_pane_shows (details, "active"));
  g_assert_false (_tokens_details_pane_shows (details, "owner"));
  g_assert_false (_tokens_details_pane_shows (details, "org"));
  g_assert_false (_tokens_details_pane_shows (details, "edit"));
  g_assert_false (_tokens_details_pane_shows (details, "description"));
  g_assert_true (_tokens_details_pane_shows (details, "expires"));
  g_assert_true (_tokens_details_pane_shows (details, "delete"));
  g_assert_nonnull (strstr (_tokens_details_pane_get_subtitle (details, "expires"), "in 3 days ("));
  g_assert_cmpstr (_tokens_details_pane_get_subtitle (details, "id"), ==, "contractor-bob");
  g_assert_cmpstr (_tokens_details_pane_get_subtitle (details, "command"), ==,
                   "influxdb3 delete token --token-name contractor-bob");

  details = details_of (fixture, "_admin");
  g_assert_false (gtk_widget_get_sensitive (_tokens_details_pane_get_delete_button (details)));

  /* Sorted by Description, InfluxDB 3's tokens go by name. */
  _tokens_window_set_sort (fixture->window, TOKENS_SORT_DESCRIPTION);
  tokens_test_iterate (100);
  g_assert_cmpint (position_of (fixture, "backup-nightly"), <, position_of (fixture, "ci-deploy"));
  g_assert_cmpint (position_of (fixture, "ci-deploy"), <, position_of (fixture, "contractor-bob"));
  g_assert_cmpint (position_of (fixture, "contractor-bob"), <, position_of (fixture, "migration-july"));
  g_assert_cmpint (position_of (fixture, "migration-july"), <, position_of (fixture, "ops-alice"));
}

/* Deleting a named token: the confirmation offers no deactivating and says
 * nothing undoes it; the server then lacks exactly that name. */
static void
test_core_delete (Fixture       *fixture,
                  gconstpointer  data)
{
  AdwMessageDialog *dialog = ask_delete (fixture, "ci-deploy");
  const char *body;

  g_assert_nonnull (dialog);
  body = adw_message_dialog_get_body (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete Token?");
  g_assert_nonnull (strstr (body, "“ci-deploy”"));
  g_assert_nonnull (strstr (body, "nothing can undo this"));
  g_assert_null (strstr (body, "owned by"));
  g_assert_false (adw_message_dialog_has_response (dialog, "deactivate"));
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  /* An admin token: the guard names what it may do. */
  g_assert_nonnull (tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog)));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog))),
                               TRUE);
  tokens_test_respond (dialog, "delete");
  WAIT_UNTIL (!tokens_test_window_in_list (fixture, "ci-deploy"));
  g_assert_false (tokens_demo_server_has_token_named (fixture->server, "ci-deploy"));
  g_assert_true (tokens_demo_server_has_token_named (fixture->server, "backup-nightly"));
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (fixture->server), ==, 5);
  g_assert_cmpstr (_tokens_window_get_last_toast (fixture->window), ==, "“ci-deploy” deleted");
}

/* _admin is never offered for deletion: Delete on its row says why, and a
 * batch leaves it out and says so. Nothing reaches the server for it. */
static void
test_core_admin_kept (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *batch[] = { "_admin", "backup-nightly", "migration-july", NULL };
  AdwMessageDialog *dialog;
  guint requests;

  requests = tokens_demo_server_get_n_requests (fixture->server);
  dialog = ask_delete (fixture, "_admin");
  g_assert_null (dialog);
  g_assert_cmpstr (_tokens_window_get_last_toast (fixture->window), ==,
                   "InfluxDB 3 never deletes its operator token");
  g_assert_cmpuint (tokens_demo_server_get_n_requests (fixture->server), ==, requests);

  tokens_test_window_select_ids (fixture, batch);
  dialog = tokens_test_window_ask (fixture, "win.delete-selection");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (_tokens_window_get_last_toast (fixture->window), ==,
                   "One token is left out: the server does not delete it");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete 2 Tokens?");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (tokens_delete_dialog_get_understand_check (GTK_WIDGET (dialog))),
                               TRUE);
  tokens_test_respond (dialog, "delete");
  WAIT_UNTIL (!tokens_demo_server_has_token_named (fixture->server, "backup-nightly") &&
              !tokens_demo_server_has_token_named (fixture->server, "migration-july"));
  g_assert_true (tokens_demo_server_has_token_named (fixture->server, "_admin"));
  WAIT_UNTIL (!tokens_test_window_in_list (fixture, "backup-nightly"));
  g_assert_true (tokens_test_window_in_list (fixture, "_admin"));
}

/* Started --without-auth: said plainly above the list; no row offers a
 * delete, and Delete says why instead of asking. */
static void
test_core_without_auth (Fixture       *fixture,
                        gconstpointer  data)
{
  TokensTokenRow *row = row_of (fixture, "ci-deploy");
  guint requests = tokens_demo_server_get_n_requests (fixture->server);

  g_assert_nonnull (_tokens_window_get_notice (fixture->window));
  g_assert_nonnull (strstr (_tokens_window_get_notice (fixture->window), "without authentication"));
  g_assert_false (gtk_widget_get_visible (tokens_token_row_get_delete_button (row)));
  g_assert_false (tokens_token_get_is_current (tokens_token_row_get_authorization (row)));

  g_assert_null (ask_delete (fixture, "ci-deploy"));
  g_assert_cmpstr (_tokens_window_get_last_toast (fixture->window), ==,
                   "This server does not let tokens be deleted");
  g_assert_cmpuint (tokens_demo_server_get_n_requests (fixture->server), ==, requests);
  g_assert_false (_tokens_details_pane_shows (details_of (fixture, "ci-deploy"), "delete"));
}

/* The management API's tokens: revoked ones are out of sight until the
 * filter asks for them; rows revoke. */
static void
test_dedicated_rows (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *revoked = tokens_test_window_id_of (fixture, "revoked");
  const char *contractor = tokens_test_window_id_of (fixture, "contractor");
  TokensDetailsPane *details;
  TokensTokenRow *row;

  g_assert_cmpstr (_tokens_window_get_subtitle (fixture->window), ==,
                   "5 of 6 tokens · InfluxDB Cloud Dedicated");
  g_assert_true (tokens_test_window_in_list (fixture, revoked));
  g_assert_false (shown (fixture, revoked));

  _tokens_window_set_filters (fixture->window, TOKENS_STATUS_REVOKED, NULL, NULL);
  tokens_test_iterate (100);
  g_assert_true (shown (fixture, revoked));
  g_assert_false (shown (fixture, contractor));
  row = row_of (fixture, revoked);
  g_assert_nonnull (strstr (tokens_token_row_get_meta (row), "revoked "));

  _tokens_window_set_filters (fixture->window, TOKENS_STATUS_ANY, NULL, NULL);
  tokens_test_iterate (100);
  g_assert_true (shown (fixture, revoked));
  g_assert_true (shown (fixture, contractor));

  row = row_of (fixture, contractor);
  g_assert_cmpstr (tokens_token_row_get_title (row), ==, "Contractor: read weather (expires soon)");
  g_assert_nonnull (strstr (tokens_token_row_get_meta (row), "· expires in "));
  g_assert_null (strstr (tokens_token_row_get_meta (row), "unknown owner"));

  details = details_of (fixture, contractor);
  g_assert_false (_tokens_details_pane_shows (details, "active"));
  g_assert_false (_tokens_details_pane_shows (details, "owner"));
  g_assert_true (_tokens_details_pane_shows (details, "expires"));
  g_assert_false (_tokens_details_pane_shows (details, "revoked"));
  {
    g_autofree char *command = g_strconcat ("influxctl token revoke ", contractor, NULL);

    g_assert_cmpstr (_tokens_details_pane_get_subtitle (details, "command"), ==, command);
  }
  details = details_of (fixture, revoked);
  g_assert_true (_tokens_details_pane_shows (details, "revoked"));
  g_assert_false (gtk_widget_get_sensitive (_tokens_details_pane_get_delete_button (details)));
}

/* Revoking: asked as such, no deactivating; the server then lacks it. */
static void
test_dedicated_revoke (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *id = g_strdup (tokens_test_window_id_of (fixture, "telegraf"));
  AdwMessageDialog *dialog = ask_delete (fixture, id);

  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Revoke Token?");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "delete"), ==, "_Revoke");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“Telegraf: write sensors”"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "cannot be restored"));
  g_assert_false (adw_message_dialog_has_response (dialog, "deactivate"));

  tokens_test_respond (dialog, "cancel");
  tokens_test_iterate (200);
  g_assert_true (tokens_demo_server_has_token_id (fixture->server, id));

  dialog = ask_delete (fixture, id);
  tokens_test_respond (dialog, "delete");
  WAIT_UNTIL (!tokens_test_window_in_list (fixture, id));
  g_assert_false (tokens_demo_server_has_token_id (fixture->server, id));
  g_assert_cmpuint (tokens_demo_server_get_n_tokens (fixture->server), ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  if (!tokens_test_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/tokens/window-products/core-rows", Fixture, NULL,
              core_set_up, test_core_rows, fixture_tear_down);
  g_test_add ("/tokens/window-products/core-delete", Fixture, NULL,
              core_set_up, test_core_delete, fixture_tear_down);
  g_test_add ("/tokens/window-products/core-admin-kept", Fixture, NULL,
              core_set_up, test_core_admin_kept, fixture_tear_down);
  g_test_add ("/tokens/window-products/core-without-auth", Fixture, NULL,
              core_without_auth_set_up, test_core_without_auth, fixture_tear_down);
  g_test_add ("/tokens/window-products/dedicated-rows", Fixture, NULL,
              dedicated_set_up, test_dedicated_rows, fixture_tear_down);
  g_test_add ("/tokens/window-products/dedicated-revoke", Fixture, NULL,
              dedicated_set_up, test_dedicated_revoke, fixture_tear_down);

  return g_test_run ();
}
