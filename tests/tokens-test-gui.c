/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "tokens-test-gui.h"

#include "tokens-token-row.h"
#include "tokens-test-utils.h"
#include "tokens-window-private.h"

#include <stdlib.h>

/* The row the list view made for the token with @id, if it is on screen. */
GtkWidget *
tokens_test_find_row (GtkWidget  *widget,
                      const char *id)
{
  if (TOKENS_IS_TOKEN_ROW (widget))
    {
      TokensToken *a = tokens_token_row_get_authorization (TOKENS_TOKEN_ROW (widget));
      if (a != NULL && g_strcmp0 (tokens_token_get_id (a), id) == 0)
        return widget;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = tokens_test_find_row (child, id);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* ---- The window fixture ---- */

/* Opens a window listing what @client lists, under @server_name, @width by
 * @height (or GTK's default for -1): sized before it is shown, as a window
 * without a window manager does not resize once mapped. */
void
tokens_test_window_open_client (TokensWindowFixture *fixture,
                                TokensClient        *client,
                                const char          *server_name,
                                int                  width,
                                int                  height)
{
  fixture->list = tokens_token_list_new (client);
  fixture->window = g_object_ref_sink (g_object_new (TOKENS_TYPE_WINDOW, NULL));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  tokens_window_set_token_list (fixture->window, fixture->list, server_name);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

/* Opens a window on the fixture's server, signed in with @token, @width
 * by @height (or GTK's default for -1). */
void
tokens_test_window_open_sized (TokensWindowFixture *fixture,
                               const char          *token,
                               int                  width,
                               int                  height)
{
  g_autoptr(TokensClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = tokens_client_new (tokens_demo_server_get_url (fixture->server), token, NULL, &error);
  g_assert_no_error (error);
  tokens_test_window_open_client (fixture, client, "Test Server", width, height);
}

/* Opens a window on the fixture's server, signed in with @token. */
void
tokens_test_window_open (TokensWindowFixture *fixture,
                         const char          *token)
{
  tokens_test_window_open_sized (fixture, token, -1, -1);
}

/* A seeded fake server in @mode, and a window signed in with its @key token. */
void
tokens_test_window_open_seeded (TokensWindowFixture *fixture,
                                TokensDemoMode       mode,
                                const char          *key)
{
  fixture->server = tokens_test_demo_server_new (mode);
  tokens_test_window_open (fixture, tokens_demo_server_get_token (fixture->server, key));
}

/* Closes the window; it and its list are finalized. The server stays. */
void
tokens_test_window_close_window (TokensWindowFixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  tokens_test_assert_finalize_soon (g_steal_pointer (&fixture->window));
  tokens_test_assert_finalize_soon (g_steal_pointer (&fixture->list));
}

/* Closes the window; it, its list and the server are finalized. */
void
tokens_test_window_close (TokensWindowFixture *fixture)
{
  tokens_test_window_close_window (fixture);
  tokens_test_assert_finalize_soon (g_steal_pointer (&fixture->server));
}

const char *
tokens_test_window_id_of (TokensWindowFixture *fixture,
                          const char          *key)
{
  return tokens_demo_server_get_id (fixture->server, key);
}

gboolean
tokens_test_window_in_list (TokensWindowFixture *fixture,
                            const char          *id)
{
  return tokens_token_list_lookup (fixture->list, id) != NULL;
}

/* Opens the delete dialog the way a person does: the row's own button. */
AdwMessageDialog *
tokens_test_window_click_delete (TokensWindowFixture *fixture,
                                 const char          *id)
{
  GtkWidget *row = NULL;
  GtkWidget *button;
  AdwMessageDialog *dialog;

  WAIT_UNTIL ((row = tokens_test_find_row (GTK_WIDGET (fixture->window), id)) != NULL);
  button = tokens_token_row_get_delete_button (TOKENS_TOKEN_ROW (row));
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");

  dialog = ADW_MESSAGE_DIALOG (_tokens_window_get_delete_dialog (fixture->window));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete Token?");
  return dialog;
}

void
tokens_test_window_select_ids (TokensWindowFixture *fixture,
                               const char * const  *ids)
{
  GListModel *shown = _tokens_window_get_shown_model (fixture->window);

  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (shown));
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (shown, i);

      if (g_strv_contains (ids, tokens_token_get_id (a)))
        gtk_selection_model_select_item (GTK_SELECTION_MODEL (shown), i, FALSE);
    }
}

/* Selects the seeded tokens named by @keys, and only those. */
void
tokens_test_window_select_keys (TokensWindowFixture *fixture,
                                const char * const  *keys)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  for (guint k = 0; keys[k] != NULL; k++)
    g_strv_builder_add (builder, tokens_demo_server_get_id (fixture->server, keys[k]));
  ids = g_strv_builder_end (builder);
  tokens_test_window_select_ids (fixture, (const char * const *)ids);
}

/* Runs the window's @action and returns the confirmation it opened, if any. */
AdwMessageDialog *
tokens_test_window_ask (TokensWindowFixture *fixture,
                        const char          *action)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), action, NULL);
  return (AdwMessageDialog *)_tokens_window_get_delete_dialog (fixture->window);
}

/*
 * GLib's test framework, GTK and libadwaita, light style. Not
 * G_TEST_OPTION_ISOLATE_DIRS: it hides the icon theme, and GTK's fallback
 * icons then fail to load; build-aux/dev test already runs the suites with
 * scratch XDG directories.
 *
 * Returns: FALSE with no display (a packager's plain `meson test`), after
 *   printing the TAP plan that says the test is skipped. Where every test
 *   must run (`build-aux/dev test` always runs under Xvfb), it fails then.
 */
gboolean
tokens_test_gui_init (int    *argc,
                      char ***argv)
{
  g_test_init (argc, argv, NULL);

  if (!gtk_init_check ())
    {
      if (tokens_test_require_all ())
        {
          g_print ("1..1\nnot ok 1 no display, and INFLUX_TOKENS_REQUIRE_ALL is set: every test must run\n");
          exit (1);
        }
      g_print ("1..0 # SKIP no display\n");
      return FALSE;
    }
  adw_init ();
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  return TRUE;
}

static gboolean
set_true (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/*
 * Answers @dialog as a click on @response would. A dialog's answer reaches
 * the window as an async result (tokens_message_dialog_run_async); a click
 * delivers it from GTK's event source at once, a test outside any source
 * in the main loop's next turn, which this takes.
 */
void
tokens_test_respond (AdwMessageDialog *dialog,
                     const char       *response)
{
  gboolean turned = FALSE;

  adw_message_dialog_response (dialog, response);
  g_idle_add (set_true, &turned);
  while (!turned)
    g_main_context_iteration (NULL, TRUE);
}
