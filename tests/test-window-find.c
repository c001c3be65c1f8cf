/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-connection-store.h"
#include "tokens-demo-server-testing.h"
#include "tokens-secret-store.h"
#include "tokens-details-pane-private.h"
#include "tokens-find-dialog.h"
#include "tokens-test-gui.h"
#include "tokens-test-utils.h"
#include "tokens-window-private.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

/*
 * Find Leaked Token in the window, in-process, against the fake server over
 * real HTTP: a pasted string answered by the token's details (with Delete
 * and Replace), or by the answer page where the product finds several,
 * none, or cannot tell. The string is emptied from the entry once asked and
 * shown back only masked.
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
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *dialog = _tokens_window_get_find_dialog (fixture->window);

  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  tokens_test_window_close (fixture);
}

/* ---- Finding widgets as a person would see them -------------------------- */

static GtkWidget *
find_of_type (GtkWidget *widget,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A mapped button with @label (its mnemonic taken out), or a mapped label
 * with that text. */
static void
collect_labelled (GtkWidget   *widget,
                  GType        type,
                  const char  *text,
                  GPtrArray   *found)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    {
      const char *label = GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget))
                                                 : gtk_label_get_text (GTK_LABEL (widget));
      g_autofree char *plain = NULL;

      if (label != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (label, "_", -1);

          plain = g_strjoinv ("", parts);
          if (g_str_equal (plain, text))
            g_ptr_array_add (found, widget);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labelled (child, type, text, found);
}

static guint
count_labelled (GtkWidget  *root,
                GType       type,
                const char *text)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_labelled (root, type, text, found);
  return found->len;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_labelled (root, GTK_TYPE_BUTTON, label, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

/* Any label anywhere under @root whose text holds @text. */
static gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_of_type_in_toplevels (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (window))
        return window;
    }
  return NULL;
}

/* Ctrl+L's action, the string typed into the entry, Find clicked. */
static GtkWidget *
find_string (Fixture    *fixture,
             const char *secret)
{
  GtkWidget *dialog, *entry, *find;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find-leaked", NULL);
  dialog = _tokens_window_get_find_dialog (fixture->window);
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  WAIT_UNTIL (gtk_widget_get_mapped (dialog));

  entry = find_of_type (dialog, GTK_TYPE_PASSWORD_ENTRY);
  g_assert_nonnull (entry);
  /* Opened for pasting into: the field has the focus. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (dialog)) != NULL &&
                 (gtk_window_get_focus (GTK_WINDOW (dialog)) == entry ||
                  gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)), entry)));
  find = find_button (dialog, "Find");
  g_assert_nonnull (find);
  g_assert_false (gtk_widget_get_sensitive (find));
  gtk_editable_set_text (GTK_EDITABLE (entry), secret);
  g_assert_true (gtk_widget_get_sensitive (find));
  g_signal_emit_by_name (find, "clicked");

  /* Asked: the entry holds the string no more. */
  if (dialog != NULL)
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  if (dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  return _tokens_window_get_find_dialog (fixture->window);
}

static GtkWidget *
wait_for_answer (Fixture *fixture)
{
  GtkWidget *dialog = _tokens_window_get_find_dialog (fixture->window);

  g_assert_nonnull (dialog);
  WAIT_UNTIL (_tokens_window_get_find_dialog (fixture->window) == NULL ||
              find_button (dialog, "Look for Another") != NULL);
  g_assert_nonnull (_tokens_window_get_find_dialog (fixture->window));
  return dialog;
}

static TokensToken *
details_token (Fixture *fixture)
{
  GtkWidget *pane = _tokens_window_get_details_pane (fixture->window);

  if (pane == NULL || !gtk_widget_get_mapped (pane))
    return NULL;
  return tokens_details_pane_get_authorization (TOKENS_DETAILS_PANE (pane));
}

/* ---- Tests -------------------------------------------------------------- */

/* OSS 2.7 lists values: the token itself, its details with Delete and
 * Replace, even where a search hid it. */
static void
test_oss_found_shows_details (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *leaked = tokens_demo_server_get_token (fixture->server, "leaked");
  const char *id = tokens_test_window_id_of (fixture, "leaked");
  GtkWidget *search = _tokens_window_get_search_entry (fixture->window);
  TokensToken *shown;

  gtk_editable_set_text (GTK_EDITABLE (search), "grafana");
  WAIT_UNTIL (g_list_model_get_n_items (_tokens_window_get_shown_model (fixture->window)) == 1);

  find_string (fixture, leaked);
  WAIT_UNTIL (_tokens_window_get_find_dialog (fixture->window) == NULL);
  WAIT_UNTIL ((shown = details_token (fixture)) != NULL);
  g_assert_cmpstr (tokens_token_get_id (shown), ==, id);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "");
  g_assert_true (strstr (_tokens_window_get_last_toast (fixture->window),
                         "Notebook token (posted in a public gist)") != NULL);
  /* Replace is a click away in the toast too. */
  g_assert_cmpstr (_tokens_window_get_last_toast_action (fixture->window), ==, "win.replace-token");
  g_assert_cmpstr (g_variant_get_string (_tokens_window_get_last_toast_target (fixture->window), NULL),
                   ==, id);
  /* Replace and Delete are there, ready. */
  g_assert_nonnull (find_button (GTK_WIDGET (fixture->window), "Delete Token…"));
  g_assert_nonnull (find_button (GTK_WIDGET (fixture->window), "Replace Token…"));
}

static void
test_oss_not_found (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *secret = "b2Zm-not-a-token-of-this-server-at-all==";
  GtkWidget *dialog;

  find_string (fixture, secret);
  dialog = wait_for_answer (fixture);
  g_assert_true (shows_text (dialog, "No Token Found"));
  g_assert_true (shows_text (dialog, "b2Zm…"));
  g_assert_true (shows_text (dialog, "None of this server’s"));
  /* Shown back masked, never whole. */
  g_assert_false (shows_text (dialog, secret));
  g_assert_false (shows_text (dialog, secret + 4));
  g_assert_null (details_token (fixture));

  /* Look for Another: an empty entry again. */
  g_signal_emit_by_name (find_button (dialog, "Look for Another"), "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_of_type (dialog, GTK_TYPE_PASSWORD_ENTRY))),
                   ==, "");
  g_assert_false (gtk_widget_get_sensitive (find_button (dialog, "Find")));
}

/* What no token is: white space inside, or nothing left once trimmed. */
static void
test_not_a_token (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *dialog, *entry, *find;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find-leaked", NULL);
  dialog = _tokens_window_get_find_dialog (fixture->window);
  WAIT_UNTIL (gtk_widget_get_mapped (dialog));
  entry = find_of_type (dialog, GTK_TYPE_PASSWORD_ENTRY);
  find = find_button (dialog, "Find");

  gtk_editable_set_text (GTK_EDITABLE (entry), "two words");
  g_assert_false (gtk_widget_get_sensitive (find));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "  Authorization: Token abc==  ");
  g_assert_true (gtk_widget_get_sensitive (find));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
}

/* A hash prefix two tokens share: both offered, each with Show. */
static void
test_core_collision (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *secret = tokens_demo_server_get_token (fixture->server, "ci-deploy");
  GtkWidget *dialog;
  TokensToken *shown;

  find_string (fixture, secret);
  dialog = wait_for_answer (fixture);
  g_assert_true (shows_text (dialog, "Several Tokens Found"));
  g_assert_true (shows_text (dialog, "2 tokens share the first digits"));
  g_assert_cmpuint (count_labelled (dialog, GTK_TYPE_BUTTON, "Show"), ==, 2);
  g_assert_true (shows_text (dialog, "ci-deploy"));
  g_assert_true (shows_text (dialog, "backup-nightly"));

  g_signal_emit_by_name (find_button (dialog, "Show"), "clicked");
  WAIT_UNTIL (_tokens_window_get_find_dialog (fixture->window) == NULL);
  WAIT_UNTIL ((shown = details_token (fixture)) != NULL);
  g_assert_true (g_str_equal (tokens_token_get_id (shown), "ci-deploy") ||
                 g_str_equal (tokens_token_get_id (shown), "backup-nightly"));
}

/* One certain hash match still shows the answer page? No: a 9-digit match
 * on one token is as good as certain, and is shown on the answer page with
 * its Show, since InfluxDB 3 could hold a twin the app cannot read. */
static void
test_core_single_match (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *dialog;

  find_string (fixture, tokens_demo_server_get_token (fixture->server, "contractor-bob"));
  dialog = wait_for_answer (fixture);
  g_assert_true (shows_text (dialog, "Token Found"));
  g_assert_true (shows_text (dialog, "contractor-bob"));
  g_assert_cmpuint (count_labelled (dialog, GTK_TYPE_BUTTON, "Show"), ==, 1);
}

/* OSS 2.9: cannot tell; the string still works as grace, one of hers. */
static void
test_oss_hashed_cannot_tell (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkWidget *dialog;

  find_string (fixture, tokens_demo_server_get_token (fixture->server, "leaked"));
  dialog = wait_for_answer (fixture);
  g_assert_true (shows_text (dialog, "Cannot Tell Which Token"));
  g_assert_true (shows_text (dialog, "signs in as grace"));
  g_assert_cmpuint (count_labelled (dialog, GTK_TYPE_LABEL, "Possibly"), >=, 2);
  g_assert_true (shows_text (dialog, "Notebook token (posted in a public gist)"));
}

static void
test_dedicated_cannot_tell (Fixture       *fixture,
                            gconstpointer  data)
{
  guint before = tokens_demo_server_get_n_requests (fixture->server);
  GtkWidget *dialog;

  find_string (fixture, "a-database-token-string");
  dialog = wait_for_answer (fixture);
  g_assert_true (shows_text (dialog, "Cannot Tell Which Token"));
  g_assert_true (shows_text (dialog, "was not sent anywhere"));
  g_assert_cmpuint (count_labelled (dialog, GTK_TYPE_BUTTON, "Show"), ==, 0);
  g_assert_cmpuint (tokens_demo_server_get_n_requests (fixture->server), ==, before);
}

/* Cloud asked, and it failed: said, never taken for "not found". */
static void
test_cloud_server_fails (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *dialog;

  /* Every request from now on: the lookup's among them, whatever else the
   * window asks meanwhile. */
  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_BAD_GATEWAY, 100, 0);
  find_string (fixture, tokens_demo_server_get_token (fixture->server, "leaked"));
  dialog = wait_for_answer (fixture);
  g_assert_true (shows_text (dialog, "Could Not Look"));
  g_assert_true (shows_text (dialog, "The server could not be asked"));
  g_assert_false (shows_text (dialog, "No Token Found"));
}

static void
test_cloud_found (Fixture       *fixture,
                  gconstpointer  data)
{
  TokensToken *shown;

  find_string (fixture, tokens_demo_server_get_token (fixture->server, "leaked"));
  WAIT_UNTIL (_tokens_window_get_find_dialog (fixture->window) == NULL);
  WAIT_UNTIL ((shown = details_token (fixture)) != NULL);
  g_assert_cmpstr (tokens_token_get_id (shown), ==, tokens_test_window_id_of (fixture, "leaked"));
}

static void
save_secret (const char *id,
             const char *url,
             const char *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tokens_secret_store_save_async (id, url, id, token, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  g_assert_true (tokens_secret_store_save_finish (result, &error));
  g_assert_no_error (error);
}

/* Every saved server, once the person said yes to the hosts: the window's
 * OSS, a Cloud that has the token, a Core that has not. The string goes
 * to the Cloud (?token=) and nowhere else: the Core compares here. */
static void
test_every_server (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TokensDemoServer) cloud = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CLOUD);
  g_autoptr(TokensDemoServer) core = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CORE);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(TokensConnectionStore) store = NULL;
  g_autoptr(TokensConnection) cloud_saved = NULL;
  g_autoptr(TokensConnection) core_saved = NULL;
  GtkWidget *dialog, *entry, *every, *question;
  guint core_before, cloud_before;

  g_settings_reset (settings, "servers");
  store = tokens_connection_store_new (settings);
  cloud_saved = tokens_connection_store_add (store, "cloud-1", "Cloud staging",
                                             tokens_demo_server_get_url (cloud), NULL);
  core_saved = tokens_connection_store_add (store, "core-1", "Core production",
                                            tokens_demo_server_get_url (core), NULL);
  save_secret ("cloud-1", tokens_demo_server_get_url (cloud),
               tokens_demo_server_get_token (cloud, "operator"));
  save_secret ("core-1", tokens_demo_server_get_url (core),
               tokens_demo_server_get_token (core, "ops-alice"));

  dialog = tokens_find_dialog_new (fixture->window, store, NULL);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  WAIT_UNTIL (gtk_widget_get_mapped (dialog));
  g_assert_true (shows_text (dialog, "Every Saved Server"));
  g_assert_true (shows_text (dialog, "And 2 more"));

  entry = find_of_type (dialog, GTK_TYPE_PASSWORD_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), tokens_demo_server_get_token (cloud, "leaked"));
  every = find_of_type (GTK_WIDGET (find_of_type (dialog, ADW_TYPE_PREFERENCES_PAGE)),
                        GTK_TYPE_CHECK_BUTTON);
  /* The first check is This Server; the second, in its group, Every. */
  for (GtkWidget *w = every; w != NULL; w = NULL)
    {
      GtkWidget *row = gtk_widget_get_ancestor (w, ADW_TYPE_ACTION_ROW);
      GtkWidget *list = gtk_widget_get_parent (row);
      GtkWidget *second = gtk_widget_get_next_sibling (row);

      g_assert_nonnull (list);
      g_assert_nonnull (second);
      every = find_of_type (second, GTK_TYPE_CHECK_BUTTON);
    }
  gtk_check_button_set_active (GTK_CHECK_BUTTON (every), TRUE);

  core_before = tokens_demo_server_get_n_requests (core);
  cloud_before = tokens_demo_server_get_n_requests (cloud);
  g_signal_emit_by_name (find_button (dialog, "Find"), "clicked");

  /* Nothing is sent before the person agreed to the list of hosts. */
  question = NULL;
  WAIT_UNTIL ((question = find_of_type_in_toplevels (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  g_assert_cmpuint (tokens_demo_server_get_n_requests (core), ==, core_before);
  g_assert_cmpuint (tokens_demo_server_get_n_requests (cloud), ==, cloud_before);
  g_assert_true (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (question)),
                         "Cloud staging (127.0.0.1)") != NULL);
  g_assert_true (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (question)),
                         "Core production (127.0.0.1)") != NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "ask");

  WAIT_UNTIL (find_button (dialog, "Look for Another") != NULL);
  g_assert_true (shows_text (dialog, "Token Found"));
  g_assert_true (shows_text (dialog, "Cloud staging"));
  g_assert_true (shows_text (dialog, "Core production"));
  g_assert_true (shows_text (dialog, "Notebook token (posted in a public gist)"));
  g_assert_cmpuint (count_labelled (dialog, GTK_TYPE_BUTTON, "Show"), ==, 1);
  /* Cloud was asked; Core listed its tokens and was asked nothing more. */
  g_assert_cmpuint (tokens_demo_server_get_n_requests (cloud), >, cloud_before);

  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_UNTIL (dialog == NULL);
  tokens_test_iterate (50);
  g_settings_reset (settings, "servers");
}

static void
oss_set_up (Fixture *fixture, gconstpointer data)
{
  open_mode (fixture, TOKENS_DEMO_MODE_OSS, "operator");
}

static void
oss_hashed_set_up (Fixture *fixture, gconstpointer data)
{
  open_mode (fixture, TOKENS_DEMO_MODE_OSS_HASHED, "operator");
}

static void
cloud_set_up (Fixture *fixture, gconstpointer data)
{
  open_mode (fixture, TOKENS_DEMO_MODE_CLOUD, "operator");
}

static void
core_set_up (Fixture *fixture, gconstpointer data)
{
  open_mode (fixture, TOKENS_DEMO_MODE_CORE, "ops-alice");
}

/* backup-nightly listed with ci-deploy's hash prefix. */
static void
core_collision_set_up (Fixture *fixture, gconstpointer data)
{
  g_autofree char *hash = NULL;

  fixture->server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CORE);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA512,
                                        tokens_demo_server_get_token (fixture->server, "ci-deploy"), -1);
  hash[9] = '\0';
  tokens_demo_server_set_listed_hash (fixture->server, "backup-nightly", hash);
  tokens_test_window_open_sized (fixture, tokens_demo_server_get_token (fixture->server, "ops-alice"),
                                 1100, 760);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "list") == 0);
}

static void
dedicated_set_up (Fixture *fixture, gconstpointer data)
{
  open_mode (fixture, TOKENS_DEMO_MODE_DEDICATED, "operator");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *keyring = NULL;
  int ret;

  if (!tokens_test_gui_init (&argc, &argv))
    return 0;
  /* Without a window manager, a dialog over the find dialog (Every Saved
   * Server's question) takes the focus without the field's focus-out, and
   * GTK warns from the cursor's blink. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  /* libsecret's file backend: the real keyring is tested elsewhere
   * (secret-store, e2e-servers). */
  dir = g_dir_make_tmp ("tokens-find-XXXXXX", NULL);
  keyring = g_build_filename (dir, "keyring", NULL);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test-password", TRUE);

  g_test_add ("/window-find/oss/found-shows-details", Fixture, NULL, oss_set_up,
              test_oss_found_shows_details, fixture_tear_down);
  g_test_add ("/window-find/oss/not-found", Fixture, NULL, oss_set_up, test_oss_not_found,
              fixture_tear_down);
  g_test_add ("/window-find/not-a-token", Fixture, NULL, oss_set_up, test_not_a_token,
              fixture_tear_down);
  g_test_add ("/window-find/core/collision", Fixture, NULL, core_collision_set_up, test_core_collision,
              fixture_tear_down);
  g_test_add ("/window-find/core/single-match", Fixture, NULL, core_set_up, test_core_single_match,
              fixture_tear_down);
  g_test_add ("/window-find/oss-hashed/cannot-tell", Fixture, NULL, oss_hashed_set_up,
              test_oss_hashed_cannot_tell, fixture_tear_down);
  g_test_add ("/window-find/dedicated/cannot-tell", Fixture, NULL, dedicated_set_up,
              test_dedicated_cannot_tell, fixture_tear_down);
  g_test_add ("/window-find/cloud/found", Fixture, NULL, cloud_set_up, test_cloud_found,
              fixture_tear_down);
  g_test_add ("/window-find/cloud/server-fails", Fixture, NULL, cloud_set_up,
              test_cloud_server_fails, fixture_tear_down);

  g_test_add ("/window-find/every-server", Fixture, NULL, oss_set_up, test_every_server,
              fixture_tear_down);

  ret = g_test_run ();
  g_unlink (keyring);
  g_rmdir (dir);
  return ret;
}
