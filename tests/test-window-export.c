/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-demo-server-testing.h"
#include "tokens-test-export.h"
#include "tokens-test-gui.h"
#include "tokens-test-utils.h"
#include "tokens-window-private.h"

#include <adwaita.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/*
 * Export as CSV and as JSON from the window, the way a person does it: the
 * main menu's item, then the file chooser (GTK's own dialog here: the
 * tests run without a portal) with a folder and a name, then Export. The
 * file written is read back and compared with the rows the list shows,
 * searched so that they are fewer than the server's tokens, in their
 * order; none of the OSS 2.7 list's token values is in it. A folder that
 * cannot be written says so, and writes nothing.
 */

typedef struct
{
  TokensWindowFixture window;
  char *dir;
  gboolean immutable;
} Fixture;

static const char hostile_description[] = "=cmd|' /C calc'!A0, \"grace\"\nsecond line";

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->window.server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_free (tokens_demo_server_add_token (fixture->window.server, hostile_description, 2));
  tokens_test_window_open_sized (&fixture->window,
                                 tokens_demo_server_get_token (fixture->window.server, "operator"),
                                 1100, 760);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_visible_page (fixture->window.window), "list") == 0);
  fixture->dir = g_dir_make_tmp ("tokens-export-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
set_immutable (const char *path,
               gboolean    immutable)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY);
  int flags = 0;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ioctl (fd, FS_IOC_GETFLAGS, &flags), ==, 0);
  if (immutable)
    flags |= FS_IMMUTABLE_FL;
  else
    flags &= ~FS_IMMUTABLE_FL;
  g_assert_cmpint (ioctl (fd, FS_IOC_SETFLAGS, &flags), ==, 0);
  close (fd);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (fixture->dir);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  if (fixture->immutable)
    set_immutable (fixture->dir, FALSE);
  g_chmod (fixture->dir, 0700);
  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, NULL);
  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, g_file_info_get_name (info), NULL);

      g_unlink (path);
      g_object_unref (info);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  tokens_test_window_close (&fixture->window);
}

/* ---- What a person does --------------------------------------------------- */

static GtkWidget *
find_labelled (GtkWidget  *widget,
               const char *text)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (widget), "text");

  if (pspec != NULL && pspec->value_type == G_TYPE_STRING)
    {
      g_autofree char *label = NULL;

      g_object_get (widget, "text", &label, NULL);
      if (g_strcmp0 (label, text) == 0)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_labelled (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The main menu's item, as the menu shows it (its popover is made on first
 * use). */
static GtkWidget *
menu_item (Fixture    *fixture,
           const char *label)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (_tokens_window_get_primary_menu_button (fixture->window.window));
  GtkWidget *item;

  gtk_menu_button_popup (button);
  tokens_test_iterate (50);
  g_assert_nonnull (gtk_menu_button_get_popover (button));
  item = find_labelled (GTK_WIDGET (gtk_menu_button_get_popover (button)), label);
  g_assert_nonnull (item);
  return item;
}

static void
close_menu (Fixture *fixture)
{
  gtk_menu_button_popdown (GTK_MENU_BUTTON (_tokens_window_get_primary_menu_button (fixture->window.window)));
  tokens_test_iterate (20);
}

static GtkFileChooser *
find_chooser (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GTK_IS_FILE_CHOOSER_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return GTK_FILE_CHOOSER (l->data);
  return NULL;
}

static AdwMessageDialog *
find_message (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return ADW_MESSAGE_DIALOG (l->data);
  return NULL;
}

static void
search (Fixture    *fixture,
        const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (_tokens_window_get_search_entry (fixture->window.window)), text);
  /* GtkSearchEntry waits a moment before it says the search changed. */
  tokens_test_iterate (250);
}

/* Export from the menu into @folder as @name: the chooser's folder and
 * name set, and its Export pressed. */
static void
export_through_chooser (Fixture    *fixture,
                        const char *item_label,
                        const char *extension,
                        const char *folder,
                        const char *name)
{
  g_autoptr(GFile) dir = g_file_new_for_path (folder);
  g_autoptr(GError) error = NULL;
  GtkWidget *item = menu_item (fixture, item_label);
  GtkFileChooser *chooser;
  g_autofree char *suggested = NULL;
  g_autofree char *suffix = g_strconcat (".", extension, NULL);

  g_assert_true (gtk_widget_get_sensitive (item));
  g_signal_emit_by_name (item, "clicked");
  WAIT_UNTIL ((chooser = find_chooser ()) != NULL);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (chooser)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (chooser)) == GTK_WINDOW (fixture->window.window));
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_SAVE);

  /* "tokens-Test-Server-2024-05-01.csv" */
  suggested = gtk_file_chooser_get_current_name (chooser);
  g_assert_true (g_str_has_prefix (suggested, "tokens-Test-Server-"));
  g_assert_true (g_str_has_suffix (suggested, suffix));

  /* Once mapped, the chooser has opened its own first folder; the one
   * chosen below is not overridden by it then. */
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (chooser)));
  tokens_test_iterate (100);
  gtk_file_chooser_set_current_folder (chooser, dir, &error);
  g_assert_no_error (error);
  tokens_test_iterate (100);
  gtk_file_chooser_set_current_name (chooser, name);
  tokens_test_iterate (50);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  WAIT_UNTIL (find_chooser () == NULL);
}

static void
collect_value (const char *kind,
               const char *id,
               const char *value,
               const char *description,
               gpointer    user_data)
{
  if (value != NULL && value[0] != '\0')
    g_ptr_array_add (user_data, g_strdup (value));
}

static void
assert_no_values (Fixture *fixture,
                  GBytes  *bytes)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);
  guint carried = 0;

  tokens_demo_server_foreach_token (fixture->window.server, collect_value, values);
  g_assert_cmpuint (values->len, >, 0);
  for (guint i = 0; i < values->len; i++)
    g_assert_null (g_strstr_len (text, length, g_ptr_array_index (values, i)));

  /* The premise: OSS 2.7's list carries the values of what it shows. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->window.list)); i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (G_LIST_MODEL (fixture->window.list), i);

      carried += tokens_token_has_token_value (token);
    }
  g_assert_cmpuint (carried, >, 0);
}

static GBytes *
read_export (const char *folder,
             const char *name)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  gsize length;
  GStatBuf st;

  g_file_get_contents (path, &text, &length, &error);
  g_assert_no_error (error);
  /* Who holds which access is its owner's to read. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);
  return g_bytes_new_take (text, length);
}

/* ---- The tests ------------------------------------------------------------ */

/* The rows shown, searched to fewer than the server's, with a hostile one. */
static GListModel *
search_to_fewer (Fixture *fixture)
{
  GListModel *shown = _tokens_window_get_shown_model (fixture->window.window);
  guint all = g_list_model_get_n_items (G_LIST_MODEL (fixture->window.list));

  search (fixture, "grace");
  WAIT_UNTIL (g_list_model_get_n_items (shown) > 1 && g_list_model_get_n_items (shown) < all);
  return shown;
}

static void
test_csv (Fixture       *fixture,
          gconstpointer  data)
{
  GListModel *shown = search_to_fewer (fixture);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *toast = NULL;
  guint n = g_list_model_get_n_items (shown);
  gboolean hostile_shown = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (shown, i);

      hostile_shown |= g_strcmp0 (tokens_token_get_description (token), hostile_description) == 0;
    }
  g_assert_true (hostile_shown);

  export_through_chooser (fixture, "Export as CSV…", "csv", fixture->dir, "shown.csv");
  toast = g_strdup_printf ("Exported %u tokens", n);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_last_toast (fixture->window.window), toast) == 0);

  bytes = read_export (fixture->dir, "shown.csv");
  tokens_test_export_check_csv (bytes, shown, now);
  assert_no_values (fixture, bytes);
}

static void
test_json (Fixture       *fixture,
           gconstpointer  data)
{
  GListModel *shown = search_to_fewer (fixture);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *toast = NULL;
  guint n = g_list_model_get_n_items (shown);

  export_through_chooser (fixture, "Export as JSON…", "json", fixture->dir, "shown.json");
  toast = g_strdup_printf ("Exported %u tokens", n);
  WAIT_UNTIL (g_strcmp0 (_tokens_window_get_last_toast (fixture->window.window), toast) == 0);

  bytes = read_export (fixture->dir, "shown.json");
  tokens_test_export_check_json (bytes, shown, now, FALSE, tokens_demo_server_get_url (fixture->window.server));
  assert_no_values (fixture, bytes);
}

/* Nothing listed, nothing to export: the items say so. */
static void
test_nothing_shown (Fixture       *fixture,
                    gconstpointer  data)
{
  GListModel *shown = _tokens_window_get_shown_model (fixture->window.window);

  g_assert_true (gtk_widget_get_sensitive (menu_item (fixture, "Export as CSV…")));
  close_menu (fixture);
  search (fixture, "no token is called this");
  WAIT_UNTIL (g_list_model_get_n_items (shown) == 0);
  g_assert_false (gtk_widget_get_sensitive (menu_item (fixture, "Export as CSV…")));
  g_assert_false (gtk_widget_get_sensitive (menu_item (fixture, "Export as JSON…")));
  close_menu (fixture);
  search (fixture, "");
  WAIT_UNTIL (g_list_model_get_n_items (shown) > 0);
  g_assert_true (gtk_widget_get_sensitive (menu_item (fixture, "Export as JSON…")));
  close_menu (fixture);
}

/* A folder that cannot be written: the window says so and why, no file
 * is left behind, and the list is as it was; another folder then works. */
static void
test_unwritable (Fixture       *fixture,
                 gconstpointer  data)
{
  GListModel *shown = search_to_fewer (fixture);
  g_autofree char *probe = g_build_filename (fixture->dir, "probe", NULL);
  g_autofree char *target = g_build_filename (fixture->dir, "shown.csv", NULL);
  g_autofree char *other = g_build_filename (fixture->dir, "other", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GDateTime) now = NULL;
  AdwMessageDialog *message;
  const char *said;
  guint n = g_list_model_get_n_items (shown);
  int fd;

  g_assert_cmpint (g_mkdir (other, 0700), ==, 0);
  g_assert_cmpint (g_chmod (fixture->dir, 0500), ==, 0);
  /* Root writes through any mode: an immutable folder stops it too. */
  if (geteuid () == 0)
    {
      set_immutable (fixture->dir, TRUE);
      fixture->immutable = TRUE;
    }
  fd = open (probe, O_WRONLY | O_CREAT | O_EXCL, 0600);
  g_assert_cmpint (fd, ==, -1);

  export_through_chooser (fixture, "Export as CSV…", "csv", fixture->dir, "shown.csv");
  WAIT_UNTIL ((message = find_message ()) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (message), ==, "Could Not Export Tokens");
  said = adw_message_dialog_get_body (message);
  g_assert_nonnull (strstr (said, "You may not write"));
  g_assert_nonnull (strstr (said, target));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n);
  tokens_test_respond (message, "close");

  /* Nothing was lost: the same rows export into a folder that can be written. */
  now = g_date_time_new_now_utc ();
  export_through_chooser (fixture, "Export as CSV…", "csv", other, "shown.csv");
  WAIT_UNTIL (g_str_has_prefix (_tokens_window_get_last_toast (fixture->window.window), "Exported "));
  bytes = read_export (other, "shown.csv");
  tokens_test_export_check_csv (bytes, shown, now);

  if (fixture->immutable)
    set_immutable (fixture->dir, FALSE);
  fixture->immutable = FALSE;
  g_chmod (fixture->dir, 0700);
  {
    g_autofree char *written = g_build_filename (other, "shown.csv", NULL);

    g_unlink (written);
    g_rmdir (other);
  }
}

int
main (int   argc,
      char *argv[])
{
  if (!tokens_test_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/tokens/window-export/csv", Fixture, NULL,
              fixture_set_up, test_csv, fixture_tear_down);
  g_test_add ("/tokens/window-export/json", Fixture, NULL,
              fixture_set_up, test_json, fixture_tear_down);
  g_test_add ("/tokens/window-export/nothing-shown", Fixture, NULL,
              fixture_set_up, test_nothing_shown, fixture_tear_down);
  g_test_add ("/tokens/window-export/unwritable", Fixture, NULL,
              fixture_set_up, test_unwritable, fixture_tear_down);

  return g_test_run ();
}
