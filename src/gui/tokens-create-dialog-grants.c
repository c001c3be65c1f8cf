/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-create-dialog"

#include "config.h"

#include "tokens-create-dialog-private.h"
#include "tokens-error-text.h"

#include <glib/gi18n.h>
#include <string.h>

/*
 * The create form's choices (tokens-create-dialog-private.h): a row per
 * bucket, database, resource type or system endpoint the server lists,
 * each with Read and Write checks, in the server's order once listed;
 * before that, and after, what the draft grants stays ticked.
 */

/* Past this many choices a search entry filters them. */
#define SEARCH_ABOVE 8

static void
grant_row_free (GrantRow *row)
{
  tokens_grant_free (row->grant);
  g_free (row);
}

static void
on_check_toggled (TokensCreateDialog *self)
{
  _tokens_create_dialog_update_action (self);
}

static GtkCheckButton *
add_check (GtkWidget  *row,
           const char *label,
           char       *accessible_owned,
           gboolean    active)
{
  GtkWidget *check = gtk_check_button_new_with_label (label);
  g_autofree char *accessible = accessible_owned;

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
  return GTK_CHECK_BUTTON (check);
}

static AdwPreferencesGroup *
ensure_group (TokensCreateDialog   *self,
              AdwPreferencesGroup **group,
              const char           *title,
              const char           *description)
{
  if (*group == NULL)
    {
      *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (*group, title);
      if (description != NULL)
        adw_preferences_group_set_description (*group, description);
      adw_preferences_page_add (self->form_page, *group);
    }
  return *group;
}

static void
add_grant_row (TokensCreateDialog *self,
               const TokensGrant  *grant,
               gboolean            read,
               gboolean            write)
{
  GrantRow *row = g_new0 (GrantRow, 1);
  AdwPreferencesGroup *group;
  gboolean can_write = grant->kind != TOKENS_GRANT_SYSTEM;

  row->grant = tokens_grant_copy (grant);
  row->row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), grant->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->row), FALSE);
  if (tokens_grant_is_all (grant))
    gtk_widget_add_css_class (row->row, "heading");
  /* Translators: the accessible name of a check; %s is a bucket's, a
   * database's or a resource type's name */
  row->read = add_check (row->row, _("Read"), g_strdup_printf (_("Read %s"), grant->name), read);
  if (can_write)
    /* Translators: the accessible name of a check; %s is a bucket's, a
     * database's or a resource type's name */
    row->write = add_check (row->row, _("Write"), g_strdup_printf (_("Write %s"), grant->name),
                            write);
  g_signal_connect_object (row->read, "toggled", G_CALLBACK (on_check_toggled), self,
                           G_CONNECT_SWAPPED);
  if (row->write != NULL)
    g_signal_connect_object (row->write, "toggled", G_CALLBACK (on_check_toggled), self,
                             G_CONNECT_SWAPPED);

  switch (grant->kind)
    {
    case TOKENS_GRANT_RESOURCE:
      group = ensure_group (self, &self->resources_group, _("Other Resources"),
                            _("Read or write every resource of a type in the organization"));
      break;
    case TOKENS_GRANT_SYSTEM:
      group = ensure_group (self, &self->system_group, _("System Endpoints"), NULL);
      break;
    case TOKENS_GRANT_BUCKET:
    case TOKENS_GRANT_DATABASE:
    default:
      group = self->grants_group;
      break;
    }
  adw_preferences_group_add (group, row->row);
  g_ptr_array_add (self->grant_rows, row);
}

static GrantRow *
find_target (TokensCreateDialog *self,
             const TokensGrant  *grant)
{
  for (guint i = 0; i < self->grant_rows->len; i++)
    {
      GrantRow *row = g_ptr_array_index (self->grant_rows, i);

      if (tokens_grant_same_target (row->grant, grant))
        return row;
    }
  return NULL;
}

static void
on_search_changed (TokensCreateDialog *self)
{
  g_autofree char *needle = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->grants_search)), -1);

  for (guint i = 0; i < self->grant_rows->len; i++)
    {
      GrantRow *row = g_ptr_array_index (self->grant_rows, i);
      g_autofree char *name = NULL;

      if (row->grant->kind != TOKENS_GRANT_BUCKET && row->grant->kind != TOKENS_GRANT_DATABASE)
        continue;
      name = g_utf8_casefold (row->grant->name, -1);
      gtk_widget_set_visible (row->row, tokens_grant_is_all (row->grant) || needle[0] == '\0' ||
                                        strstr (name, needle) != NULL);
    }
}

static void
set_grants_status (TokensCreateDialog *self,
                   const char         *title,
                   const char         *subtitle,
                   gboolean            busy,
                   gboolean            retry)
{
  gtk_widget_set_visible (self->grants_status, title != NULL);
  if (title == NULL)
    return;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->grants_status), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->grants_status), subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (self->grants_spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->grants_spinner), busy);
  gtk_widget_set_visible (self->grants_retry, retry);
}

static void
make_grants_status (TokensCreateDialog *self)
{
  self->grants_status = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->grants_status), FALSE);
  self->grants_spinner = gtk_spinner_new ();
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->grants_status), self->grants_spinner);
  self->grants_retry = gtk_button_new_with_mnemonic (_("_Try Again"));
  gtk_widget_set_valign (self->grants_retry, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->grants_retry), "create.retry-grants");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->grants_status), self->grants_retry);
  gtk_widget_set_visible (self->grants_status, FALSE);
  adw_preferences_group_add (self->grants_group, self->grants_status);
}

static void load_grants (TokensCreateDialog *self);

static void
on_grants_listed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TokensCreateDialog) self = user_data;
  g_autoptr(GPtrArray) grants = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GError) error = NULL;
  guint n_targets = 0;

  grants = tokens_backend_list_grants_finish (TOKENS_BACKEND (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->grants_loading = FALSE;
  if (grants == NULL)
    {
      g_auto(TokensErrorText) text = { 0 };

      tokens_error_text_for_list (&text, error, NULL, NULL);
      set_grants_status (self, _("The choices could not be listed"), text.description, FALSE, TRUE);
      return;
    }

  set_grants_status (self, NULL, NULL, FALSE, FALSE);
  self->grants_loaded = TRUE;

  /* The rows shown so far (the draft's) make way for the server's order,
   * keeping what is ticked; what the server does not list comes last. */
  shown = g_steal_pointer (&self->grant_rows);
  self->grant_rows = g_ptr_array_new_with_free_func ((GDestroyNotify)grant_row_free);
  for (guint i = 0; i < shown->len; i++)
    {
      GrantRow *row = g_ptr_array_index (shown, i);
      GtkWidget *group = gtk_widget_get_ancestor (row->row, ADW_TYPE_PREFERENCES_GROUP);

      row->grant->read = gtk_check_button_get_active (row->read);
      row->grant->write = row->write != NULL && gtk_check_button_get_active (row->write);
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row->row);
    }
  for (guint i = 0; i < grants->len; i++)
    {
      TokensGrant *grant = g_ptr_array_index (grants, i);
      TokensGrant *was = NULL;

      if (grant->kind == TOKENS_GRANT_BUCKET || grant->kind == TOKENS_GRANT_DATABASE)
        n_targets++;
      for (guint j = 0; j < shown->len && was == NULL; j++)
        if (tokens_grant_same_target (((GrantRow *)g_ptr_array_index (shown, j))->grant, grant))
          was = ((GrantRow *)g_ptr_array_index (shown, j))->grant;
      add_grant_row (self, grant, was != NULL && was->read, was != NULL && was->write);
    }
  for (guint j = 0; j < shown->len; j++)
    {
      TokensGrant *was = ((GrantRow *)g_ptr_array_index (shown, j))->grant;

      if (find_target (self, was) == NULL)
        add_grant_row (self, was, was->read, was->write);
    }

  if (n_targets > SEARCH_ABOVE && self->grants_search == NULL)
    {
      self->grants_search = gtk_search_entry_new ();
      g_object_set (self->grants_search, "placeholder-text",
                    (self->features & TOKENS_BACKEND_OWNERS) ? _("Search buckets")
                                                             : _("Search databases"),
                    NULL);
      gtk_widget_set_valign (self->grants_search, GTK_ALIGN_CENTER);
      adw_preferences_group_set_header_suffix (self->grants_group, self->grants_search);
      g_signal_connect_object (self->grants_search, "search-changed",
                               G_CALLBACK (on_search_changed), self, G_CONNECT_SWAPPED);
    }
  _tokens_create_dialog_update_action (self);
}

static void
load_grants (TokensCreateDialog *self)
{
  TokensBackend *backend = tokens_token_list_get_backend (self->list);

  if (self->grants_loaded || self->grants_loading || backend == NULL)
    return;
  self->grants_loading = TRUE;
  set_grants_status (self, _("Listing the choices…"), NULL, TRUE, FALSE);
  tokens_backend_list_grants_async (backend, self->draft->org_id, self->cancellable,
                                    on_grants_listed, g_object_ref (self));
}

static void
retry_grants_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  load_grants (TOKENS_CREATE_DIALOG (widget));
}

void
_tokens_create_dialog_grants_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "create.retry-grants", NULL, retry_grants_action);
}

void
_tokens_create_dialog_grants_init (TokensCreateDialog *self)
{
  self->grant_rows = g_ptr_array_new_with_free_func ((GDestroyNotify)grant_row_free);
}

/* The choices' groups, and what the draft already grants: what a clone
 * copies is shown at once, whatever the listing says, since it may hold
 * what the server no longer lists (a bucket deleted since). */
void
_tokens_create_dialog_grants_build (TokensCreateDialog *self)
{
  self->grants_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->grants_group,
                                   (self->features & TOKENS_BACKEND_OWNERS) ? _("Buckets")
                                                                            : _("Databases"));
  adw_preferences_page_add (self->form_page, self->grants_group);
  make_grants_status (self);
  for (guint i = 0; i < self->draft->grants->len; i++)
    {
      TokensGrant *grant = g_ptr_array_index (self->draft->grants, i);

      add_grant_row (self, grant, grant->read, grant->write);
    }

  /* A clone of a v2 token keeps what no check here can say. */
  if (self->draft->extra->len > 0)
    {
      g_autoptr(GString) described = g_string_new (NULL);
      g_autofree char *title = NULL;

      for (guint i = 0; i < self->draft->extra->len; i++)
        {
          g_autofree char *text = tokens_permission_describe (g_ptr_array_index (self->draft->extra, i));

          if (described->len > 0)
            g_string_append (described, "\n");
          g_string_append (described, text);
        }
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "And %u more permission, copied as it is",
                                            "And %u more permissions, copied as they are",
                                            self->draft->extra->len),
                               self->draft->extra->len);
      self->extra_row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->extra_row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->extra_row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->extra_row), described->str);
      adw_preferences_group_add (self->grants_group, self->extra_row);
    }
}

/* Shown for a custom token, and listed when first shown. */
void
_tokens_create_dialog_grants_show (TokensCreateDialog *self,
                                   gboolean            shown)
{
  gtk_widget_set_visible (GTK_WIDGET (self->grants_group), shown);
  if (self->resources_group != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->resources_group), shown);
  if (self->system_group != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->system_group), shown);
  if (shown)
    load_grants (self);
}

/* Whether a custom token made now could do anything. */
gboolean
_tokens_create_dialog_grants_ticked (TokensCreateDialog *self)
{
  if (self->draft->extra->len > 0)
    return TRUE;
  for (guint i = 0; i < self->grant_rows->len; i++)
    {
      GrantRow *row = g_ptr_array_index (self->grant_rows, i);

      if (gtk_check_button_get_active (row->read) ||
          (row->write != NULL && gtk_check_button_get_active (row->write)))
        return TRUE;
    }
  return FALSE;
}

/* What is ticked, into @draft, and what the clone copies as it was. */
void
_tokens_create_dialog_grants_read (TokensCreateDialog *self,
                                   TokensDraft        *draft)
{
  for (guint i = 0; i < self->grant_rows->len; i++)
    {
      GrantRow *row = g_ptr_array_index (self->grant_rows, i);
      gboolean read = gtk_check_button_get_active (row->read);
      gboolean write = row->write != NULL && gtk_check_button_get_active (row->write);

      if (read || write)
        tokens_draft_grant (draft, row->grant->kind, row->grant->id, row->grant->name, read, write);
    }
  for (guint i = 0; i < self->draft->extra->len; i++)
    g_ptr_array_add (draft->extra, tokens_permission_copy (g_ptr_array_index (self->draft->extra, i)));
}

/* For the tests */

static GrantRow *
find_row (TokensCreateDialog *self,
          const char         *name)
{
  for (guint i = 0; i < self->grant_rows->len; i++)
    {
      GrantRow *row = g_ptr_array_index (self->grant_rows, i);

      if (g_str_equal (row->grant->name, name))
        return row;
    }
  return NULL;
}

gboolean
_tokens_create_dialog_set_grant (TokensCreateDialog *self,
                                 const char         *name,
                                 gboolean            read,
                                 gboolean            write)
{
  GrantRow *row = find_row (self, name);

  if (row == NULL)
    return FALSE;
  gtk_check_button_set_active (row->read, read);
  if (row->write != NULL)
    gtk_check_button_set_active (row->write, write);
  return TRUE;
}

gboolean
_tokens_create_dialog_get_grant (TokensCreateDialog *self,
                                 const char         *name,
                                 gboolean           *read,
                                 gboolean           *write)
{
  GrantRow *row = find_row (self, name);

  if (row == NULL)
    return FALSE;
  *read = gtk_check_button_get_active (row->read);
  *write = row->write != NULL && gtk_check_button_get_active (row->write);
  return TRUE;
}

guint
_tokens_create_dialog_get_n_grant_rows (TokensCreateDialog *self)
{
  return self->grant_rows->len;
}
