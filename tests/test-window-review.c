/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-demo-server-testing.h"
#include "tokens-test-gui.h"
#include "tokens-test-utils.h"
#include "tokens-token-row.h"
#include "tokens-window-private.h"

#include <adwaita.h>
#include <string.h>

/*
 * The review in the window, per product, turned on and off through the
 * Sort and Filter popover's own check and drop-down: which rows remain,
 * what each says about why, and the one line about "last used".
 */

typedef TokensWindowFixture Fixture;

static void
open_mode (Fixture        *fixture,
           TokensDemoMode  mode,
           gboolean        copies)
{
  fixture->server = tokens_test_demo_server_new (mode);
  if (copies)
    for (guint i = 0; i < 3; i++)
      g_free (tokens_demo_server_add_token (fixture->server, "Backup script", 2));
  tokens_test_window_open_sized (fixture, tokens_demo_server_get_token (fixture->server, "operator"),
                                 1100, 900);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "list") == 0);
}

static void
oss_set_up (Fixture *fixture, gconstpointer data) { open_mode (fixture, TOKENS_DEMO_MODE_OSS, TRUE); }
static void
cloud_set_up (Fixture *fixture, gconstpointer data) { open_mode (fixture, TOKENS_DEMO_MODE_CLOUD, FALSE); }
static void
core_set_up (Fixture *fixture, gconstpointer data) { open_mode (fixture, TOKENS_DEMO_MODE_CORE, FALSE); }
static void
dedicated_set_up (Fixture *fixture, gconstpointer data) { open_mode (fixture, TOKENS_DEMO_MODE_DEDICATED, FALSE); }

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  tokens_test_window_close (fixture);
}

/* The first descendant of @widget of @type whose label or model has @text. */
static GtkWidget *
find_widget (GtkWidget  *widget,
             GType       type,
             const char *text)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    {
      if (GTK_IS_CHECK_BUTTON (widget) &&
          strstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), text) != NULL)
        return widget;
      if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
        return widget;
      if (GTK_IS_DROP_DOWN (widget))
        {
          GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));

          if (GTK_IS_STRING_LIST (model) &&
              g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), text) == 0)
            return widget;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_widgets (GtkWidget  *widget,
               GType       type,
               const char *text)
{
  guint n = 0;

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && GTK_IS_LABEL (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child, type, text);
  return n;
}

static GtkWidget *
open_popover (Fixture *fixture)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (_tokens_window_get_filter_button (fixture->window));
  GtkWidget *popover;

  gtk_menu_button_popup (button);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  WAIT_UNTIL (gtk_widget_get_mapped (popover));
  return popover;
}

static void
set_review (Fixture  *fixture,
            gboolean  on)
{
  GtkWidget *popover = open_popover (fixture);
  GtkWidget *check = find_widget (popover, GTK_TYPE_CHECK_BUTTON, "review");

  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), on);
  tokens_test_iterate (50);
}

static void
set_age (Fixture *fixture,
         guint    age)
{
  GtkWidget *popover = open_popover (fixture);
  GtkWidget *dropdown = find_widget (popover, GTK_TYPE_DROP_DOWN, "90 days");

  g_assert_nonnull (dropdown);
  g_assert_true (gtk_widget_get_sensitive (dropdown));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), age);
  tokens_test_iterate (50);
}

static guint
n_shown (Fixture *fixture)
{
  return g_list_model_get_n_items (_tokens_window_get_shown_model (fixture->window));
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

/* The reasons the row of @key shows; it is on screen. */
static const char *
reasons_of (Fixture    *fixture,
            const char *id)
{
  GtkWidget *row;

  WAIT_UNTIL (tokens_test_find_row (_tokens_window_get_list_view (fixture->window), id) != NULL);
  row = tokens_test_find_row (_tokens_window_get_list_view (fixture->window), id);
  return tokens_token_row_get_review (TOKENS_TOKEN_ROW (row));
}

static const char *
id_of (Fixture    *fixture,
       const char *key)
{
  return tokens_demo_server_get_id (fixture->server, key);
}

static gboolean
created_before (Fixture    *fixture,
                const char *id,
                GDateTime  *cutoff)
{
  TokensToken *token = tokens_token_list_lookup (fixture->list, id);

  return g_date_time_compare (tokens_token_get_created_at (token), cutoff) < 0;
}

static void
assert_last_used_once (Fixture *fixture)
{
  GtkWidget *popover = open_popover (fixture);

  g_assert_cmpuint (count_widgets (popover, GTK_TYPE_LABEL, "last used"), ==, 1);
  gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
test_oss (Fixture       *fixture,
          gconstpointer  data)
{
  static const char * const listed[] = { "operator", "ada-all-access", "grace-all-access",
                                         "leaked", "inactive", NULL };
  static const char * const others[] = { "telegraf", "grafana", "undescribed", "home",
                                         "auditor", "no-rights", NULL };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) two_years = g_date_time_add_years (now, -2);
  g_autoptr(GDateTime) ninety_days = g_date_time_add_days (now, -90);
  guint n_all = n_shown (fixture);
  guint expected;
  GtkWidget *reasons_label;

  g_assert_cmpuint (n_all, ==, 14);
  assert_last_used_once (fixture);
  reasons_label = find_widget (open_popover (fixture), GTK_TYPE_LABEL, "Lists ");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (reasons_label)), "inactive tokens"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (reasons_label)), "owner is gone"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (reasons_label)), "expired"));

  /* Two years: no token is that old yet but by its access, state or copies. */
  set_review (fixture, TRUE);
  set_age (fixture, TOKENS_REVIEW_AGE_2_YEARS);
  expected = 5 + 3;
  for (guint i = 0; others[i] != NULL; i++)
    expected += created_before (fixture, id_of (fixture, others[i]), two_years);
  g_assert_cmpuint (n_shown (fixture), ==, expected);
  for (guint i = 0; listed[i] != NULL; i++)
    g_assert_true (shown (fixture, id_of (fixture, listed[i])));

  g_assert_true (g_str_has_prefix (reasons_of (fixture, id_of (fixture, "leaked")), "Writes everything"));
  g_assert_true (g_str_has_prefix (reasons_of (fixture, id_of (fixture, "inactive")), "Inactive"));
  g_assert_true (g_str_has_prefix (reasons_of (fixture, id_of (fixture, "ada-all-access")), "All access"));
  {
    GListModel *model = _tokens_window_get_shown_model (fixture->window);
    guint n_copies = 0;

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(TokensToken) token = g_list_model_get_item (model, i);

        if (g_strcmp0 (tokens_token_get_description (token), "Backup script") == 0)
          {
            g_assert_cmpstr (reasons_of (fixture, tokens_token_get_id (token)), ==,
                             "Same access as 2 other tokens");
            n_copies++;
          }
      }
    g_assert_cmpuint (n_copies, ==, 3);
  }

  /* 90 days: the older bucket tokens join, saying so. */
  set_age (fixture, TOKENS_REVIEW_AGE_90_DAYS);
  expected = 5 + 3;
  for (guint i = 0; others[i] != NULL; i++)
    expected += created_before (fixture, id_of (fixture, others[i]), ninety_days);
  g_assert_cmpuint (n_shown (fixture), ==, expected);
  g_assert_true (expected > 8);
  g_assert_cmpstr (reasons_of (fixture, id_of (fixture, "telegraf")), ==, "Older than 90 days");
  g_assert_cmpstr (reasons_of (fixture, id_of (fixture, "inactive")), ==,
                   "Inactive · Older than 90 days");

  /* Off: every token again, and no row says why. */
  set_review (fixture, FALSE);
  g_assert_cmpuint (n_shown (fixture), ==, n_all);
  g_assert_null (reasons_of (fixture, id_of (fixture, "leaked")));
  g_assert_cmpstr (_tokens_window_get_visible_page (fixture->window), ==, "list");
}

static void
test_cloud (Fixture       *fixture,
            gconstpointer  data)
{
  set_review (fixture, TRUE);
  set_age (fixture, TOKENS_REVIEW_AGE_2_YEARS);
  /* As OSS, without the copies. */
  g_assert_true (shown (fixture, id_of (fixture, "operator")));
  g_assert_true (shown (fixture, id_of (fixture, "inactive")));
  g_assert_false (shown (fixture, id_of (fixture, "home")));
  g_assert_false (shown (fixture, id_of (fixture, "no-rights")));
}

/* Core (tokens are known by their names): every token is an admin token, so every one is listed; the
 * expired and the expiring one say so. */
static void
test_core (Fixture       *fixture,
           gconstpointer  data)
{
  guint n_all = n_shown (fixture);
  GtkWidget *reasons_label;

  reasons_label = find_widget (open_popover (fixture), GTK_TYPE_LABEL, "Lists ");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (reasons_label)), "expiring within 14 days"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (reasons_label)), "inactive"));
  assert_last_used_once (fixture);

  set_review (fixture, TRUE);
  set_age (fixture, TOKENS_REVIEW_AGE_2_YEARS);
  g_assert_cmpuint (n_shown (fixture), ==, n_all);
  g_assert_cmpstr (reasons_of (fixture, "contractor-bob"), ==,
                   "All access · Expires in 3 days");
  g_assert_true (g_str_has_prefix (reasons_of (fixture, "migration-july"),
                                   "All access · Expired "));
  g_assert_cmpstr (reasons_of (fixture, "backup-nightly"), ==, "All access");
}

/* Dedicated: the expired and the expiring token, and nothing that only
 * reads or writes one database; the revoked one stays out of sight. */
static void
test_dedicated (Fixture       *fixture,
                gconstpointer  data)
{
  set_review (fixture, TRUE);
  set_age (fixture, TOKENS_REVIEW_AGE_2_YEARS);
  g_assert_cmpuint (n_shown (fixture), ==, 2);
  g_assert_cmpstr (reasons_of (fixture, id_of (fixture, "contractor")), ==, "Expires in 3 days");
  g_assert_true (g_str_has_prefix (reasons_of (fixture, id_of (fixture, "expired")), "Expired "));
  g_assert_false (shown (fixture, id_of (fixture, "revoked")));

  /* 90 days: the others are older than that. */
  set_age (fixture, TOKENS_REVIEW_AGE_90_DAYS);
  g_assert_true (shown (fixture, id_of (fixture, "telegraf")));
  g_assert_cmpstr (reasons_of (fixture, id_of (fixture, "telegraf")), ==, "Older than 90 days");
}

/* Nothing to review: its own empty state. */
static void
test_nothing (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *entry = _tokens_window_get_search_entry (fixture->window);

  set_review (fixture, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Sensor gateway");
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "no-results") == 0);
  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LABEL, "Nothing to Review"));
  set_review (fixture, FALSE);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window), "list") == 0);
}

int
main (int   argc,
      char *argv[])
{
  if (!tokens_test_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/tokens/window-review/oss", Fixture, NULL, oss_set_up, test_oss, fixture_tear_down);
  g_test_add ("/tokens/window-review/cloud", Fixture, NULL, cloud_set_up, test_cloud, fixture_tear_down);
  g_test_add ("/tokens/window-review/core", Fixture, NULL, core_set_up, test_core, fixture_tear_down);
  g_test_add ("/tokens/window-review/dedicated", Fixture, NULL, dedicated_set_up, test_dedicated,
              fixture_tear_down);
  g_test_add ("/tokens/window-review/nothing", Fixture, NULL, oss_set_up, test_nothing,
              fixture_tear_down);

  return g_test_run ();
}
