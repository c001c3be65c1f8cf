/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Renders the main screens into PNG files, in light and dark: the token
 * list with a token's details, the guarded delete dialog, an error state,
 * and the narrow (phone) layout. Run by `build-aux/dev screenshots` under
 * Xvfb; the output is what data/screenshots/ and the AppStream metainfo
 * show.
 */
#include "config.h"

#include "tokens-connection-store.h"
#include "tokens-create-dialog.h"
#include "tokens-delete-dialog.h"
#include "tokens-find-dialog-private.h"
#include "tokens-import-dialog.h"
#include "tokens-import-dialog-private.h"
#include "tokens-server-dialog-private.h"
#include "tokens-demo-server-testing.h"
#include "tokens-test-utils.h"
#include "tokens-window-private.h"

#include <adwaita.h>
#include <glib/gstdio.h>

static const char *out_dir;

static void
wait_ms (guint ms)
{
  tokens_test_iterate (ms);
}

static void
save (GtkWidget  *widget,
      const char *name,
      const char *variant)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strdup_printf ("%s-%s.png", name, variant);
  g_autofree char *path = g_build_filename (out_dir, file, NULL);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("Cannot write %s", path);
  g_print ("%s\n", path);
}

static TokensWindow *
open_named_window (TokensDemoServer *server,
                   const char       *token,
                   const char       *name,
                   int               width,
                   int               height);

static TokensWindow *
open_window (TokensDemoServer *server,
             const char       *token,
             int               width,
             int               height)
{
  return open_named_window (server, token, "my-org on eu-central-1", width, height);
}

static TokensWindow *
open_named_window (TokensDemoServer *server,
                   const char       *token,
                   const char       *name,
                   int               width,
                   int               height)
{
  g_autoptr(TokensClient) client = tokens_client_new (tokens_demo_server_get_url (server), token,
                                                      NULL, NULL);
  g_autoptr(TokensTokenList) list = tokens_token_list_new (client);
  TokensWindow *window = g_object_new (TOKENS_TYPE_WINDOW, NULL);
  g_autoptr(GMenu) servers = g_menu_new ();

  /* As in the app, the title is the server switcher and has a menu. */
  g_menu_append (servers, name, "win.refresh");
  tokens_window_set_servers_menu (window, G_MENU_MODEL (servers));
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  tokens_window_set_token_list (window, list, name);
  gtk_window_present (GTK_WINDOW (window));
  wait_ms (800);
  return window;
}

/* Adds the token with @id to the selection. */
static void
select_also (TokensWindow *window,
             const char   *id)
{
  GListModel *shown = _tokens_window_get_shown_model (window);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (shown, i);

      if (g_strcmp0 (tokens_token_get_id (a), id) == 0)
        gtk_selection_model_select_item (GTK_SELECTION_MODEL (shown), i, FALSE);
    }
}

/* Selects the token with @id alone, and lets the details show. */
static void
select_token (TokensWindow *window,
              const char   *id)
{
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (_tokens_window_get_shown_model (window)));
  select_also (window, id);
  wait_ms (300);
}

static GtkWidget *
find_by_type (GtkWidget *widget,
              GType      type,
              guint      skip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        {
          if (skip == 0)
            return child;
          skip--;
        }
      found = find_by_type (child, type, skip);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
render_servers (TokensDemoServer *server,
                const char       *variant)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(TokensConnectionStore) store = tokens_connection_store_new (settings);
  TokensWindow *window = g_object_new (TOKENS_TYPE_WINDOW, NULL);
  TokensServerDialog *dialog;
  TokensImportDialog *import;
  g_autofree char *configs = g_build_filename (g_get_tmp_dir (), "tokens-screenshot-configs", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (configs);

  /* Stand-ins for the application's actions, so its buttons look as they do in the app. */
  {
    g_autoptr(GSimpleActionGroup) app = g_simple_action_group_new ();
    const GActionEntry entries[] = { { .name = "add-server" }, { .name = "import" }, { .name = "demo" } };

    g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), NULL);
    gtk_widget_insert_action_group (GTK_WIDGET (window), "app", G_ACTION_GROUP (app));
  }
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 640);
  gtk_window_present (GTK_WINDOW (window));
  wait_ms (500);
  save (GTK_WIDGET (window), "welcome", variant);

  dialog = tokens_server_dialog_new (GTK_WINDOW (window), store, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  _tokens_server_dialog_fill (dialog, "Sensors lab", "http://influx.lab.example:8086", "",
                              "not-a-real-token");
  wait_ms (600);
  save (GTK_WIDGET (dialog), "add-server", variant);
  gtk_window_destroy (GTK_WINDOW (dialog));

  dialog = tokens_server_dialog_new (GTK_WINDOW (window), store, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  _tokens_server_dialog_set_kind (dialog, 1);
  _tokens_server_dialog_fill (dialog, "Production cluster", "", "", "not-a-real-token");
  _tokens_server_dialog_fill_dedicated (dialog, "11111111-2222-4333-8444-555555555555", "6666");
  wait_ms (600);
  save (GTK_WIDGET (dialog), "add-server-dedicated", variant);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* As narrow as the dialog goes: a phone, or half a small screen. */
  dialog = tokens_server_dialog_new (GTK_WINDOW (window), store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 600);
  gtk_window_present (GTK_WINDOW (dialog));
  _tokens_server_dialog_set_kind (dialog, 2);
  _tokens_server_dialog_fill (dialog, "On-premises cluster", "https://cluster.example.com", "",
                              "not-a-real-token");
  wait_ms (600);
  save (GTK_WIDGET (dialog), "add-server-narrow", variant);
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_file_set_contents (configs,
                       "[default]\n  url = \"http://localhost:8086\"\n  token = \"t1\"\n  org = \"my-org\"\n  active = true\n\n"
                       "[cloud-eu]\n  url = \"https://eu-central-1-1.aws.cloud2.influxdata.com\"\n  token = \"t2\"\n  org = \"acme-research\"\n\n"
                       "[lab]\n  url = \"http://influx.lab.example:8086\"\n  token = \"t3\"\n\n"
                       "[old-session]\n  url = \"http://influx.internal:8086\"\n  token = \"\"\n  cookie = \"YWRtaW46eA==\"\n",
                       -1, NULL);
  import = tokens_import_dialog_new (GTK_WINDOW (window), store, file);
  gtk_window_present (GTK_WINDOW (import));
  wait_ms (600);
  /* An unencrypted profile chosen: the acknowledgment shows. */
  _tokens_import_dialog_choose (import, "lab");
  wait_ms (200);
  save (GTK_WIDGET (import), "import", variant);
  gtk_window_destroy (GTK_WINDOW (import));
  g_unlink (configs);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A batch under way: 60 tokens a script left behind, being deleted two at
 * a time against a slow server, on a server of its own so the others'
 * screenshots stay as they are. */
static void
render_bulk (const char *variant)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  TokensWindow *window;
  GtkWidget *dialog;

  tokens_demo_server_generate (server, 60);

  window = open_window (server, tokens_demo_server_get_token (server, "operator"), 1100, 720);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  gtk_editable_set_text (GTK_EDITABLE (_tokens_window_get_search_entry (window)), "ci-bot");
  wait_ms (600);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-all", NULL);
  g_object_set (window, "bulk-concurrency", 2, NULL);
  tokens_demo_server_set_latency (server, 400);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-selection", NULL);
  dialog = _tokens_window_get_delete_dialog (window);
  wait_ms (400);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  wait_ms (5000);
  save (GTK_WIDGET (window), "bulk-progress", variant);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-bulk", NULL);
  wait_ms (1000);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The review: Sort and Filter with it on, and the rows saying why they
 * are listed, wide and at 360 px. Three copies of a script's token join
 * the seeded ones. */
static void
render_review (const char *variant)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  TokensWindow *window;
  GtkMenuButton *button;

  for (guint i = 0; i < 3; i++)
    g_free (tokens_demo_server_add_token (server, "Backup script", 2));

  window = open_window (server, tokens_demo_server_get_token (server, "operator"), 1100, 720);
  button = GTK_MENU_BUTTON (_tokens_window_get_filter_button (window));
  gtk_menu_button_popup (button);
  wait_ms (300);
  _tokens_window_set_review (window, TRUE, TOKENS_REVIEW_AGE_1_YEAR);
  wait_ms (500);
  save (GTK_WIDGET (gtk_menu_button_get_popover (button)), "review-filter", variant);
  gtk_menu_button_popdown (button);
  wait_ms (300);
  save (GTK_WIDGET (window), "review-list", variant);
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_window (server, tokens_demo_server_get_token (server, "operator"), 360, 720);
  _tokens_window_set_review (window, TRUE, TOKENS_REVIEW_AGE_1_YEAR);
  wait_ms (500);
  save (GTK_WIDGET (window), "review-list-narrow", variant);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
render_all (TokensDemoServer *server,
            const char       *variant)
{
  TokensWindow *window;
  GtkWidget *dialog;

  window = open_window (server, tokens_demo_server_get_token (server, "operator"), 1100, 720);
  select_token (window, tokens_demo_server_get_id (server, "telegraf"));
  save (GTK_WIDGET (window), "list", variant);

  /* Sort and Filter, open, with a status chosen. */
  {
    GtkMenuButton *button = GTK_MENU_BUTTON (_tokens_window_get_filter_button (window));

    gtk_menu_button_popup (button);
    wait_ms (300);
    _tokens_window_set_sort (window, TOKENS_SORT_DESCRIPTION);
    _tokens_window_set_filters (window, TOKENS_STATUS_ACTIVE, NULL, NULL);
    wait_ms (500);
    save (GTK_WIDGET (gtk_menu_button_get_popover (button)), "filter", variant);
    save (GTK_WIDGET (window), "list-filtered", variant);
    gtk_menu_button_popdown (button);
    _tokens_window_set_sort (window, TOKENS_SORT_NEWEST);
    _tokens_window_set_filters (window, TOKENS_STATUS_ANY, NULL, NULL);
    wait_ms (300);
  }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-token", "s",
                              tokens_demo_server_get_id (server, "grace-all-access"));
  dialog = _tokens_window_get_delete_dialog (window);
  wait_ms (600);
  save (dialog, "delete-dialog", variant);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  wait_ms (300);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-token", "s",
                              tokens_demo_server_get_id (server, "telegraf"));
  dialog = _tokens_window_get_delete_dialog (window);
  wait_ms (600);
  save (dialog, "delete-dialog-plain", variant);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  wait_ms (300);
  gtk_window_destroy (GTK_WINDOW (window));

  /* Several selected, and the one confirmation for them. */
  window = open_window (server, tokens_demo_server_get_token (server, "operator"), 1100, 720);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-all", NULL);
  {
    GListModel *shown = _tokens_window_get_shown_model (window);
    GtkSelectionModel *selection = GTK_SELECTION_MODEL (shown);

    gtk_selection_model_unselect_all (selection);
    for (guint i = 1; i < 9; i += 2)
      gtk_selection_model_select_item (selection, i, FALSE);
    gtk_selection_model_select_item (selection, g_list_model_get_n_items (shown) - 1, FALSE);
  }
  wait_ms (500);
  save (GTK_WIDGET (window), "selection", variant);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-selection", NULL);
  dialog = _tokens_window_get_delete_dialog (window);
  wait_ms (600);
  save (dialog, "delete-many-dialog", variant);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  wait_ms (300);
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_window (server, tokens_demo_server_get_token (server, "operator"), 400, 760);
  save (GTK_WIDGET (window), "narrow", variant);
  gtk_window_destroy (GTK_WINDOW (window));

  /* The narrowest window in selection mode, an inactive token among the
   * selected: checks on the rows, and the bar's three buttons still fit. */
  window = open_window (server, tokens_demo_server_get_token (server, "operator"), 360, 640);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (_tokens_window_get_select_button (window)), TRUE);
  {
    GtkSelectionModel *selection = GTK_SELECTION_MODEL (_tokens_window_get_shown_model (window));

    gtk_selection_model_unselect_all (selection);
    for (guint i = 0; i < 3; i++)
      gtk_selection_model_select_item (selection, i * 2, FALSE);
  }
  select_also (window, tokens_demo_server_get_id (server, "inactive"));
  wait_ms (500);
  save (GTK_WIDGET (window), "narrow-selection", variant);

  /* Every token selected: the count must be typed. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (_tokens_window_get_select_button (window)), FALSE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-all", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-selection", NULL);
  dialog = _tokens_window_get_delete_dialog (window);
  wait_ms (600);
  save (dialog, "delete-all-dialog", variant);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  wait_ms (300);
  gtk_window_destroy (GTK_WINDOW (window));

  /* At phone width, one token opened: the details fit in 360 px. */
  window = open_window (server, tokens_demo_server_get_token (server, "operator"), 360, 640);
  gtk_widget_activate_action (find_by_type (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW, 0),
                              "list.activate-item", "u", 8);
  wait_ms (800);
  save (GTK_WIDGET (window), "narrow-details", variant);
  gtk_window_destroy (GTK_WINDOW (window));

  /* The app's own token switched off: it asks, guarded. */
  window = open_window (server, tokens_demo_server_get_token (server, "operator"), 1100, 720);
  select_token (window, tokens_demo_server_get_id (server, "operator"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.set-token-active", "(sb)",
                              tokens_demo_server_get_id (server, "operator"), FALSE);
  dialog = _tokens_window_get_delete_dialog (window);
  wait_ms (600);
  save (dialog, "deactivate-dialog", variant);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  wait_ms (300);
  gtk_window_destroy (GTK_WINDOW (window));

  /* And what the window says once it is inactive, on a server of its own. */
  {
    g_autoptr(TokensDemoServer) own = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
    GtkWidget *check;

    window = open_window (own, tokens_demo_server_get_token (own, "operator"), 800, 600);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.set-token-active", "(sb)",
                                tokens_demo_server_get_id (own, "operator"), FALSE);
    dialog = _tokens_window_get_delete_dialog (window);
    check = tokens_delete_dialog_get_understand_check (dialog);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "deactivate");
    wait_ms (1500);
    save (GTK_WIDGET (window), "own-token-inactive", variant);
    gtk_window_destroy (GTK_WINDOW (window));
  }

  window = open_window (server, "a-token-that-was-deleted", 800, 600);
  save (GTK_WIDGET (window), "error", variant);
  gtk_window_destroy (GTK_WINDOW (window));

  render_servers (server, variant);
}

/* The delete (or revoke) confirmation of @id, saved as @name, then cancelled. */
static void
render_delete_dialog (TokensWindow *window,
                      const char   *id,
                      const char   *name,
                      const char   *variant)
{
  GtkWidget *dialog;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-token", "s", id);
  dialog = _tokens_window_get_delete_dialog (window);
  g_assert_nonnull (dialog);
  wait_ms (600);
  save (dialog, name, variant);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  wait_ms (300);
}

/* InfluxDB 3 Core and Enterprise, and Cloud Dedicated: each product's
 * list with a token's details, its delete confirmation, and the same list
 * at phone width. */
static void
render_products (const char *variant)
{
  g_autoptr(TokensDemoServer) core = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CORE);
  g_autoptr(TokensDemoServer) enterprise = tokens_test_demo_server_new (TOKENS_DEMO_MODE_ENTERPRISE);
  g_autoptr(TokensDemoServer) dedicated = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  g_autoptr(TokensDemoServer) open = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CORE);
  TokensWindow *window;

  window = open_named_window (core, tokens_demo_server_get_token (core, "ops-alice"),
                              "Core on localhost", 1100, 720);
  select_token (window, "contractor-bob");
  save (GTK_WIDGET (window), "v3-list", variant);
  render_delete_dialog (window, "ci-deploy", "v3-delete-dialog", variant);
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_named_window (core, tokens_demo_server_get_token (core, "ops-alice"),
                              "Core on localhost", 360, 720);
  save (GTK_WIDGET (window), "v3-list-narrow", variant);
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_named_window (enterprise, tokens_demo_server_get_token (enterprise, "ops-alice"),
                              "Enterprise on db1", 1100, 720);
  save (GTK_WIDGET (window), "enterprise-list", variant);
  gtk_window_destroy (GTK_WINDOW (window));

  tokens_demo_server_set_without_auth (open, TRUE);
  window = open_named_window (open, "apiv3_unused", "Core without authentication", 1100, 720);
  save (GTK_WIDGET (window), "v3-without-auth", variant);
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_named_window (dedicated, tokens_demo_server_get_token (dedicated, "operator"),
                              "Cloud Dedicated: sensors", 1100, 720);
  select_token (window, tokens_demo_server_get_id (dedicated, "contractor"));
  save (GTK_WIDGET (window), "dedicated-list", variant);
  render_delete_dialog (window, tokens_demo_server_get_id (dedicated, "telegraf"),
                        "dedicated-revoke-dialog", variant);
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_named_window (dedicated, tokens_demo_server_get_token (dedicated, "operator"),
                              "Cloud Dedicated: sensors", 360, 720);
  save (GTK_WIDGET (window), "dedicated-list-narrow", variant);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The create dialog on screen, once its listings have come. */
static TokensCreateDialog *
open_create (TokensWindow *window,
             const char   *action,
             const char   *id,
             int           width)
{
  GtkWidget *dialog;

  if (id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), action, "s", id);
  else
    gtk_widget_activate_action (GTK_WIDGET (window), action, NULL);
  dialog = _tokens_window_get_create_dialog (window);
  g_assert_nonnull (dialog);
  gtk_window_set_default_size (GTK_WINDOW (dialog), width, 680);
  wait_ms (900);
  return TOKENS_CREATE_DIALOG (dialog);
}

static void
press (GtkWidget *button)
{
  g_signal_emit_by_name (button, "clicked");
  wait_ms (700);
}

/* New, clone and replace on each product, at desktop and phone width. */
static void
render_create (TokensDemoServer *shared,
               const char       *variant)
{
  /* Its own server: the tokens it makes must not show in the next
   * variant's list. */
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_autoptr(TokensDemoServer) core = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CORE);
  g_autoptr(TokensDemoServer) enterprise = tokens_test_demo_server_new (TOKENS_DEMO_MODE_ENTERPRISE);
  g_autoptr(TokensDemoServer) dedicated = tokens_test_demo_server_new (TOKENS_DEMO_MODE_DEDICATED);
  TokensWindow *window;
  TokensCreateDialog *dialog;

  window = open_window (server, tokens_demo_server_get_token (server, "operator"), 1100, 760);
  dialog = open_create (window, "win.new-token", NULL, 560);
  save (GTK_WIDGET (dialog), "create-v2", variant);
  _tokens_create_dialog_set_scope (dialog, TOKENS_DRAFT_CUSTOM);
  wait_ms (900);
  save (GTK_WIDGET (dialog), "create-v2-custom", variant);
  gtk_window_destroy (GTK_WINDOW (dialog));

  dialog = open_create (window, "win.clone-token", tokens_demo_server_get_id (server, "telegraf"), 560);
  save (GTK_WIDGET (dialog), "clone-v2", variant);
  gtk_window_destroy (GTK_WINDOW (dialog));

  dialog = open_create (window, "win.replace-token", tokens_demo_server_get_id (server, "leaked"), 560);
  save (GTK_WIDGET (dialog), "replace-step1", variant);
  press (_tokens_create_dialog_get_action_button (dialog));
  save (GTK_WIDGET (dialog), "replace-secret", variant);
  press (_tokens_create_dialog_get_action_button (dialog));
  save (GTK_WIDGET (dialog), "replace-retire", variant);
  gtk_window_destroy (GTK_WINDOW (dialog));
  select_token (window, tokens_demo_server_get_id (server, "leaked"));
  save (GTK_WIDGET (window), "replace-marked", variant);
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_window (server, tokens_demo_server_get_token (server, "operator"), 360, 720);
  dialog = open_create (window, "win.replace-token", tokens_demo_server_get_id (server, "grafana"), 360);
  save (GTK_WIDGET (dialog), "replace-step1-narrow", variant);
  press (_tokens_create_dialog_get_action_button (dialog));
  save (GTK_WIDGET (dialog), "replace-secret-narrow", variant);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_named_window (core, tokens_demo_server_get_token (core, "ops-alice"),
                              "Core on localhost", 1100, 720);
  dialog = open_create (window, "win.new-token", NULL, 560);
  save (GTK_WIDGET (dialog), "create-core", variant);
  gtk_window_destroy (GTK_WINDOW (dialog));
  select_token (window, "ci-deploy");
  save (GTK_WIDGET (window), "core-details", variant);
  select_token (window, "_admin");
  save (GTK_WIDGET (window), "core-operator-details", variant);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.regenerate-token", "s", "_admin");
  wait_ms (600);
  save (_tokens_window_get_delete_dialog (window), "regenerate-dialog", variant);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (_tokens_window_get_delete_dialog (window)),
                               "cancel");
  wait_ms (300);
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_named_window (enterprise, tokens_demo_server_get_token (enterprise, "ops-alice"),
                              "Enterprise on db1", 1100, 720);
  dialog = open_create (window, "win.new-token", NULL, 560);
  _tokens_create_dialog_set_scope (dialog, TOKENS_DRAFT_CUSTOM);
  wait_ms (900);
  save (GTK_WIDGET (dialog), "create-enterprise", variant);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_named_window (dedicated, tokens_demo_server_get_token (dedicated, "operator"),
                              "Cloud Dedicated: sensors", 1100, 720);
  dialog = open_create (window, "win.clone-token", tokens_demo_server_get_id (dedicated, "contractor"), 560);
  save (GTK_WIDGET (dialog), "clone-dedicated", variant);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Find Leaked Token: the dialog, and what it answers. */
static GtkWidget *
open_find (TokensWindow *window,
           const char   *secret,
           int           width,
           gboolean      press_find)
{
  GtkWidget *dialog;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.find-leaked", NULL);
  dialog = _tokens_window_get_find_dialog (window);
  g_assert_nonnull (dialog);
  gtk_window_set_default_size (GTK_WINDOW (dialog), width, 560);
  wait_ms (400);
  gtk_editable_set_text (GTK_EDITABLE (_tokens_find_dialog_get_entry (TOKENS_FIND_DIALOG (dialog))),
                         secret);
  if (press_find)
    press (_tokens_find_dialog_get_find_button (TOKENS_FIND_DIALOG (dialog)));
  else
    wait_ms (200);
  return dialog;
}

static void
render_find (TokensDemoServer *server,
             const char       *variant)
{
  g_autoptr(TokensDemoServer) hashed = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS_HASHED);
  g_autoptr(TokensDemoServer) core = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CORE);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA512,
    tokens_demo_server_get_token (core, "ci-deploy"), -1);
  TokensWindow *window;
  GtkWidget *dialog;

  window = open_window (server, tokens_demo_server_get_token (server, "operator"), 1100, 760);
  dialog = open_find (window, tokens_demo_server_get_token (server, "leaked"), 520, FALSE);
  save (dialog, "find-dialog", variant);
  press (_tokens_find_dialog_get_find_button (TOKENS_FIND_DIALOG (dialog)));
  wait_ms (600);
  save (GTK_WIDGET (window), "find-found", variant);
  dialog = open_find (window, "b2Zm-not-a-token-of-this-server-at-all==", 520, TRUE);
  save (dialog, "find-none", variant);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_named_window (hashed, tokens_demo_server_get_token (hashed, "operator"),
                              "OSS 2.9 on localhost", 1100, 760);
  dialog = open_find (window, tokens_demo_server_get_token (hashed, "leaked"), 520, TRUE);
  save (dialog, "find-cannot-tell", variant);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));

  /* Two tokens listed with the same 9-digit hash prefix. */
  hash[9] = '\0';
  tokens_demo_server_set_listed_hash (core, "backup-nightly", hash);
  window = open_named_window (core, tokens_demo_server_get_token (core, "ops-alice"),
                              "Core on localhost", 360, 720);
  dialog = open_find (window, tokens_demo_server_get_token (core, "ci-deploy"), 360, TRUE);
  save (dialog, "find-several-narrow", variant);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TokensDemoServer) server = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    {
      g_printerr ("Usage: %s OUTPUT-DIRECTORY\n", argv[0]);
      return 2;
    }
  out_dir = argv[1];
  g_mkdir_with_parents (out_dir, 0755);

  gtk_init ();
  adw_init ();
  /* Without an AdwApplication nothing loads the app's style sheet. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (css, RESOURCE_PATH "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  /* Xvfb has no desktop settings: use GNOME's own font, as a person sees. */
  g_object_set (gtk_settings_get_default (),
                "gtk-font-name", "Cantarell 11",
                "gtk-decoration-layout", "appmenu:close",
                NULL);

  server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);

  /* TOKENS_SHOTS_ONLY=review draws only the review, light and dark. */
  if (g_strcmp0 (g_getenv ("TOKENS_SHOTS_ONLY"), "review") == 0)
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          ADW_COLOR_SCHEME_FORCE_LIGHT);
      render_review ("light");
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          ADW_COLOR_SCHEME_FORCE_DARK);
      render_review ("dark");
      return 0;
    }

  /* TOKENS_SHOTS_ONLY=find draws only Find Leaked Token, light and dark. */
  if (g_strcmp0 (g_getenv ("TOKENS_SHOTS_ONLY"), "find") == 0)
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          ADW_COLOR_SCHEME_FORCE_LIGHT);
      render_find (server, "light");
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          ADW_COLOR_SCHEME_FORCE_DARK);
      render_find (server, "dark");
      return 0;
    }

  /* TOKENS_SHOTS_ONLY=create draws only the create dialogs, while they
   * are worked on. */
  if (g_strcmp0 (g_getenv ("TOKENS_SHOTS_ONLY"), "create") == 0)
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          ADW_COLOR_SCHEME_FORCE_LIGHT);
      render_create (server, "light");
      return 0;
    }

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  render_all (server, "light");
  render_bulk ("light");
  render_products ("light");
  render_create (server, "light");
  render_review ("light");
  render_find (server, "light");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  render_all (server, "dark");
  render_bulk ("dark");
  render_products ("dark");
  render_create (server, "dark");
  render_review ("dark");
  render_find (server, "dark");

  return 0;
}
