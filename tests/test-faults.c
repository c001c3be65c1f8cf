/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-token-row.h"
#include "tokens-delete-dialog.h"
#include "tokens-demo-server-testing.h"
#include "tokens-details-pane.h"
#include "tokens-client-private.h"
#include "tokens-hostile-server.h"
#include "tokens-test-gui.h"
#include "tokens-test-utils.h"
#include "tokens-window-private.h"
#include "tokens-details-pane-private.h"
#include "tokens-demo-testing-enums.h"

#include <adwaita.h>
#include <string.h>

/*
 * Hostile servers and hostile data, through the real window over real
 * HTTP. For every fault: what the person sees, and that once the server
 * behaves again the list matches the server exactly.
 */

typedef TokensWindowFixture Fixture;

static void
open_window (Fixture     *fixture,
             const char  *url,
             SoupSession *session)
{
  g_autoptr(TokensClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = tokens_client_new (url, tokens_demo_server_get_token (fixture->server, "operator"),
                              session, &error);
  g_assert_no_error (error);
  tokens_client_set_max_retry_wait (client, 2);
  tokens_test_window_open_client (fixture, client, "Hostile", -1, -1);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* The hostile-server tests close their window themselves. */
  if (fixture->window != NULL)
    tokens_test_window_close (fixture);
  else
    tokens_test_assert_finalize_soon (g_steal_pointer (&fixture->server));
}

static const char *
error_title (Fixture *fixture)
{
  return adw_status_page_get_title (ADW_STATUS_PAGE (_tokens_window_get_error_page (fixture->window)));
}

static const char *
error_description (Fixture *fixture)
{
  return adw_status_page_get_description (ADW_STATUS_PAGE (_tokens_window_get_error_page (fixture->window)));
}

/* Once the server behaves, Try Again shows exactly what the server has. */
static void
assert_recovers (Fixture *fixture)
{
  GListModel *model = G_LIST_MODEL (fixture->list);

  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_NONE, 0, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "list") == 0);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==,
                    tokens_demo_server_get_n_authorizations (fixture->server));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (model, i);
      g_assert_true (tokens_demo_server_has_authorization (fixture->server,
                                                           tokens_token_get_id (a)));
    }
}

typedef struct
{
  TokensDemoFault fault;
  const char *title;
  const char *description_part;
} FaultCase;

static void
test_fault (Fixture       *fixture,
            gconstpointer  data)
{
  const FaultCase *c = data;

  tokens_demo_server_inject_fault (fixture->server, c->fault, G_MAXUINT, 1);
  open_window (fixture, tokens_demo_server_get_url (fixture->server), NULL);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "error") == 0);

  g_test_message ("%s: %s", error_title (fixture), error_description (fixture));
  g_assert_cmpstr (error_title (fixture), ==, c->title);
  if (c->description_part != NULL)
    g_assert_nonnull (strstr (error_description (fixture), c->description_part));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 0);

  assert_recovers (fixture);
}

static const FaultCase faults[] = {
  { TOKENS_DEMO_FAULT_DROP_CONNECTION, "The Connection Was Lost", NULL },
  { TOKENS_DEMO_FAULT_TRUNCATED_BODY, "The Connection Was Lost", "Nothing was changed" },
  { TOKENS_DEMO_FAULT_BAD_GATEWAY, "The Server Had a Problem", "502 Bad Gateway" },
  { TOKENS_DEMO_FAULT_GARBAGE, "Unexpected Answer", "not UTF-8" },
  { TOKENS_DEMO_FAULT_INVALID_UTF8, "Unexpected Answer", "not UTF-8" },
  { TOKENS_DEMO_FAULT_WRONG_TYPES, "Unexpected Answer", "“id” is not a string" },
  { TOKENS_DEMO_FAULT_RATE_LIMITED, "The Server Is Busy", "plan limit" },
};

static void
test_hang_times_out (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 1, NULL);

  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_HANG, 1, 0);
  open_window (fixture, tokens_demo_server_get_url (fixture->server), session);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "error") == 0);
  g_assert_cmpstr (error_title (fixture), ==, "The Server Did Not Answer");
  assert_recovers (fixture);
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(TokensDemoServer) gone = tokens_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_autofree char *url = NULL;

  g_assert_true (tokens_demo_server_start (gone, 0, NULL));
  url = g_strdup (tokens_demo_server_get_url (gone));
  g_clear_object (&gone);

  open_window (fixture, url, NULL);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "error") == 0);
  g_assert_cmpstr (error_title (fixture), ==, "Cannot Reach the Server");
}

static void
test_redirect_elsewhere (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(TokensDemoServer) elsewhere = tokens_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_autofree char *location = NULL;

  g_assert_true (tokens_demo_server_start (elsewhere, 0, NULL));
  location = g_strconcat (tokens_demo_server_get_url (elsewhere), "/api/v2/authorizations", NULL);
  tokens_demo_server_set_redirect (fixture->server, location, G_MAXUINT);

  open_window (fixture, tokens_demo_server_get_url (fixture->server), NULL);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "error") == 0);
  g_assert_cmpstr (error_title (fixture), ==, "Redirected to Another Server");
  g_assert_cmpuint (tokens_demo_server_get_n_requests (elsewhere), ==, 0);
  assert_recovers (fixture);
}

static void
test_untrusted_certificate (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "untrusted-cert.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "data", "untrusted-key.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (cert, key, NULL);
  g_autoptr(TokensDemoServer) tls = tokens_demo_server_new (TOKENS_DEMO_MODE_OSS);

  g_assert_true (tokens_demo_server_start_tls (tls, certificate, NULL));
  open_window (fixture, tokens_demo_server_get_url (tls), NULL);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "error") == 0);
  g_assert_cmpstr (error_title (fixture), ==, "The Server’s Certificate Is Not Trusted");
  g_assert_nonnull (strstr (error_description (fixture), "The token was not sent"));
  g_assert_cmpuint (tokens_demo_server_get_n_requests (tls), ==, 0);
}

/* A failure while a list is shown keeps the list and says why. */
static void
test_fault_after_load (Fixture       *fixture,
                       gconstpointer  data)
{
  open_window (fixture, tokens_demo_server_get_url (fixture->server), NULL);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "list") == 0);

  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_GARBAGE, 1, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL);
  WAIT_UNTIL (_tokens_window_get_last_toast (fixture->window) != NULL);
  g_assert_true (g_str_has_prefix (_tokens_window_get_last_toast (fixture->window), "Could not refresh:"));
  g_assert_cmpstr (_tokens_window_get_visible_page (fixture->window), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 11);
}

/* ---- Hostile data: shown literally, laid out sanely, no warnings ---- */

static const char *hostile[] = {
  "<b>bold</b> &amp; <span foreground=\"red\">red</span> </span> <i",
  "توكن الإنتاج للقراءة فقط (Production, read-only)",
  "zero\u200Bwidth\u200Fmark \x01\x07\x1b[31mescape\x7f tab\tnew\nline",
  NULL, /* 10,000 characters, filled in below */
};

static void
test_hostile_data (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *long_text = g_strnfill (10000, 'W');
  g_autofree char *many_id = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *row;
  AdwMessageDialog *dialog;

  hostile[3] = long_text;
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    g_ptr_array_add (ids, tokens_demo_server_add_token (fixture->server, hostile[i], 1));
  many_id = tokens_demo_server_add_token (fixture->server, "Five hundred permissions", 500);

  open_window (fixture, tokens_demo_server_get_url (fixture->server), NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 700);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "list") == 0);
  _tokens_window_set_sort (fixture->window, 0);

  /* Every description is shown as the very text the server sent. */
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      TokensToken *a = tokens_token_list_lookup (fixture->list, id);

      g_assert_nonnull (a);
      g_assert_cmpstr (tokens_token_get_description (a), ==, hostile[i]);
      WAIT_UNTIL ((row = tokens_test_find_row (GTK_WIDGET (fixture->window), id)) != NULL);
      g_assert_cmpstr (tokens_token_row_get_title (TOKENS_TOKEN_ROW (row)), ==, hostile[i]);
      /* A 10,000-character title does not widen the window. */
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, 900);
    }

  /* The delete dialog names it literally too. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-token", "s",
                              g_ptr_array_index (ids, 0));
  dialog = ADW_MESSAGE_DIALOG (_tokens_window_get_delete_dialog (fixture->window));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), hostile[0]));
  tokens_test_respond (dialog, "delete");
  WAIT_UNTIL (tokens_token_list_lookup (fixture->list, g_ptr_array_index (ids, 0)) == NULL);
  g_assert_nonnull (strstr (_tokens_window_get_last_toast (fixture->window), "<b>bold</b>"));

  /* 500 permissions in the details pane. */
  {
    GListModel *shown = _tokens_window_get_shown_model (fixture->window);
    gint64 start;

    for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
      {
        g_autoptr(TokensToken) a = g_list_model_get_item (shown, i);
        if (g_strcmp0 (tokens_token_get_id (a), many_id) == 0)
          {
            TokensDetailsPane *pane = TOKENS_DETAILS_PANE (_tokens_window_get_details_pane (fixture->window));
            gint64 took;

            /* The first twenty at once, and a row that offers the rest. */
            start = g_get_monotonic_time ();
            gtk_selection_model_select_item (GTK_SELECTION_MODEL (shown), i, TRUE);
            took = g_get_monotonic_time () - start;
            g_test_message ("a token with 500 permissions selected in %" G_GINT64_FORMAT " ms", took / 1000);
            g_assert_cmpuint (tokens_token_get_permissions (a)->len, ==, 500);
            g_assert_nonnull (strstr (tokens_token_get_summary (a), "and 498 more"));
            g_assert_cmpuint (_tokens_details_pane_get_n_permission_rows (pane), ==, 21);
            g_assert_nonnull (_tokens_details_pane_get_more_row (pane));
            g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (_tokens_details_pane_get_more_row (pane))),
                             ==, "Show 480 More Permissions");

            /* Asked for, the rest arrive over a few frames. */
            WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (pane)));
            g_signal_emit_by_name (_tokens_details_pane_get_more_row (pane), "activated");
            g_assert_null (_tokens_details_pane_get_more_row (pane));
            g_assert_cmpuint (_tokens_details_pane_get_n_permission_rows (pane), <, 500);
            WAIT_UNTIL (_tokens_details_pane_get_n_permission_rows (pane) == 500);
          }
      }
  }
}

/* ---------------------------------------------------------------------- */
/* A server that answers as no InfluxDB does (tests/tokens-hostile-server.c) */

static const char hostile_list[] =
  "{\"links\":{\"self\":\"/api/v2/authorizations\"},\"authorizations\":["
  "{\"id\":\"0a00000000000001\",\"token\":\"\",\"status\":\"active\",\"description\":\"Telegraf\","
  "\"orgID\":\"0b00000000000001\",\"org\":\"acme\",\"userID\":\"0c00000000000001\",\"user\":\"ada\","
  "\"permissions\":[],\"createdAt\":\"2025-01-01T00:00:00Z\",\"updatedAt\":\"2025-01-01T00:00:00Z\"}]}";

static gboolean
respond_hostile (TokensHostileServer        *server,
                 const TokensHostileRequest *request,
                 GOutputStream              *out,
                 gpointer                    user_data)
{
  const char *what = user_data;

  if (g_strcmp0 (what, "endless") == 0)
    {
      tokens_hostile_write (out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                 "Transfer-Encoding: chunked\r\n\r\n", -1);
      tokens_hostile_stream (server, out, ' ', 0, 64 * 1024, 0, TRUE);
      return FALSE;
    }
  if (g_strcmp0 (what, "slow") == 0)
    {
      tokens_hostile_write (out, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n", -1);
      tokens_hostile_stream (server, out, ' ', 100000, 1, 200, FALSE);
      return FALSE;
    }
  if (g_strcmp0 (request->method, "GET") == 0)
    return tokens_hostile_answer (out, "200 OK", "Content-Type: application/json\r\n",
                                  hostile_list, -1);
  /* what == "html-404": a proxy's page for the delete. */
  return tokens_hostile_answer (out, "404 Not Found", "Content-Type: text/html\r\n",
                                "<html><body><h1>404 Not Found</h1>nginx</body></html>", -1);
}

static TokensHostileServer *
open_hostile_window (Fixture    *fixture,
                     const char *what)
{
  TokensHostileServer *server = tokens_hostile_server_new (0, respond_hostile, (gpointer)what);
  g_autoptr(TokensClient) client = NULL;
  g_autoptr(GError) error = NULL;
  TokensClientLimits limits;

  client = tokens_client_new (tokens_hostile_server_get_url (server), "hostile-test-token",
                              NULL, &error);
  g_assert_no_error (error);
  _tokens_client_get_limits (client, &limits);
  limits.max_list_body = 4 * 1024 * 1024;
  limits.deadline_ms = limits.list_deadline_ms = 1500;
  _tokens_client_set_limits (client, &limits);
  tokens_test_window_open_client (fixture, client, "Hostile", -1, -1);
  return server;
}

static void
close_hostile_window (Fixture             *fixture,
                      TokensHostileServer *bad)
{
  tokens_test_window_close_window (fixture);
  tokens_hostile_server_free (bad);
}

static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  TokensHostileServer *bad = open_hostile_window (fixture, "endless");

  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "error") == 0);
  g_test_message ("%s: %s", error_title (fixture), error_description (fixture));
  g_assert_cmpstr (error_title (fixture), ==, "The Answer Is Too Large");
  g_assert_nonnull (strstr (error_description (fixture), "The server sent more than 4.2"));
  close_hostile_window (fixture, bad);
}

static void
test_too_slow (Fixture       *fixture,
               gconstpointer  data)
{
  TokensHostileServer *bad = open_hostile_window (fixture, "slow");

  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "error") == 0);
  g_test_message ("%s: %s", error_title (fixture), error_description (fixture));
  g_assert_cmpstr (error_title (fixture), ==, "The Server Is Too Slow");
  g_assert_nonnull (strstr (error_description (fixture), "Nothing was changed"));
  close_hostile_window (fixture, bad);
}

/* A proxy's 404 page is not "already deleted": the row stays, and the
 * toast says what came back. */
static void
test_delete_html_404 (Fixture       *fixture,
                      gconstpointer  data)
{
  TokensHostileServer *bad = open_hostile_window (fixture, "html-404");
  GtkWidget *row = NULL;
  AdwMessageDialog *dialog;

  WAIT_UNTIL ((row = tokens_test_find_row (GTK_WIDGET (fixture->window), "0a00000000000001")) != NULL);
  g_signal_emit_by_name (tokens_token_row_get_delete_button (TOKENS_TOKEN_ROW (row)),
                         "clicked");
  dialog = ADW_MESSAGE_DIALOG (_tokens_window_get_delete_dialog (fixture->window));
  g_assert_nonnull (dialog);
  tokens_test_respond (dialog, "delete");
  WAIT_UNTIL (_tokens_window_get_last_toast (fixture->window) != NULL);

  g_test_message ("%s", _tokens_window_get_last_toast (fixture->window));
  g_assert_nonnull (strstr (_tokens_window_get_last_toast (fixture->window), "was not deleted"));
  g_assert_nonnull (strstr (_tokens_window_get_last_toast (fixture->window), "404 Not Found"));
  g_assert_nonnull (tokens_token_list_lookup (fixture->list, "0a00000000000001"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);
  close_hostile_window (fixture, bad);
}

int
main (int   argc,
      char *argv[])
{
  if (!tokens_test_gui_init (&argc, &argv))
    return 0;

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (TOKENS_TYPE_DEMO_FAULT);
      g_autofree char *path = g_strdup_printf ("/tokens/faults/%s",
                                               g_enum_get_value (klass, faults[i].fault)->value_nick);
      g_test_add (path, Fixture, &faults[i], fixture_set_up, test_fault, fixture_tear_down);
    }

#define ADD(path, func) \
  g_test_add ("/tokens/faults/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("hang-times-out", test_hang_times_out);
  ADD ("refused", test_refused);
  ADD ("redirect-elsewhere", test_redirect_elsewhere);
  ADD ("untrusted-certificate", test_untrusted_certificate);
  ADD ("fault-after-load", test_fault_after_load);
  ADD ("hostile-data", test_hostile_data);
  ADD ("too-large", test_too_large);
  ADD ("too-slow", test_too_slow);
  ADD ("delete-html-404", test_delete_html_404);
#undef ADD

  return g_test_run ();
}
