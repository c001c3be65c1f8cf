/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-details-pane"

#include "config.h"

#include "tokens-details-pane-private.h"
#include "tokens-format.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

struct _TokensDetailsPane
{
  GtkWidget parent_instance;

  /* template widgets */
  AdwPreferencesPage *page;
  GtkWidget *description_group;
  AdwActionRow *description_view_row;
  AdwEntryRow *description_row;
  GtkWidget *edit_button;
  AdwActionRow *active_row;
  GtkSwitch *active_switch;
  AdwActionRow *id_row;
  AdwActionRow *owner_row;
  AdwActionRow *org_row;
  AdwActionRow *created_row;
  AdwActionRow *modified_row;
  AdwActionRow *expires_row;
  AdwActionRow *revoked_row;
  AdwPreferencesGroup *permissions_group;
  AdwActionRow *command_row;
  GtkWidget *delete_button;
  GtkWidget *replace_button;
  GtkWidget *clone_button;
  GtkWidget *regenerate_button;
  GtkLabel *pairing_label;

  /* owned */
  TokensToken *authorization;
  TokensBackendFeatures features;
  GPtrArray *permission_rows;
  guint n_permissions_shown;
  GtkWidget *more_row;            /* "Show All N Permissions", while some are held back */
  guint more_tick;
  gulong notify_handler;
  gboolean updating;
  gboolean editing;               /* the description, after an explicit Edit */
  GtkWidget *remove_dialog;       /* weak: "Remove the Description?" while it asks */
};

G_DEFINE_FINAL_TYPE (TokensDetailsPane, tokens_details_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_AUTHORIZATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the product's own CLI calls the same delete. A name may hold a
 * space or a quote: it is quoted for a POSIX shell. */
static char *
influx_command (TokensDetailsPane *self,
                TokensToken       *authorization)
{
  const char *id = tokens_token_get_id (authorization);

  if (self->features & TOKENS_BACKEND_NAMED)
    {
      g_autofree char *quoted = NULL;
      gboolean plain = id[0] != '\0';

      for (const char *p = id; *p != '\0'; p++)
        plain = plain && (g_ascii_isalnum (*p) || strchr ("_.-", *p) != NULL);
      quoted = plain ? g_strdup (id) : g_shell_quote (id);
      return g_strdup_printf ("influxdb3 delete token --token-name %s", quoted);
    }
  if (self->features & TOKENS_BACKEND_REVOKED)
    return g_strdup_printf ("influxctl token revoke %s", id);
  return g_strdup_printf ("influx auth delete --id %s", id);
}

static void
set_subtitle_time (AdwActionRow *row,
                   GDateTime    *when)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *exact = tokens_format_exact_time (when);
  g_autofree char *relative = tokens_format_relative_time (when, now);
  g_autofree char *text = when != NULL ? g_strdup_printf ("%s (%s)", exact, relative)
                                       : g_strdup (exact);

  adw_action_row_set_subtitle (row, text);
}

/*
 * A token may carry hundreds of permissions (a script that granted every
 * bucket one by one). The pane shows the first few at once; the rest come
 * when asked for, a few dozen a frame, so neither selecting such a token
 * nor showing all of it holds the window up (500 rows at once took half a
 * second).
 */
#define PERMISSIONS_FIRST 20
#define PERMISSIONS_A_FRAME 25

static void
add_permission_row (TokensDetailsPane      *self,
                    const TokensPermission *permission)
{
  g_autofree char *text = tokens_permission_describe (permission);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  GtkWidget *icon = gtk_image_new_from_icon_name (permission->action == TOKENS_ACTION_WRITE
                                                  ? "document-edit-symbolic"
                                                  : "view-reveal-symbolic");

  /* Read as what it means, not as "GtkImage". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  permission->action == TOKENS_ACTION_WRITE ? _("Write") : _("Read"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_preferences_group_add (self->permissions_group, row);
  g_ptr_array_add (self->permission_rows, row);
}

/* Adds up to @count more of the token's permissions. */
static void
show_more_permissions (TokensDetailsPane *self,
                       guint              count)
{
  GPtrArray *permissions = tokens_token_get_permissions (self->authorization);

  while (count-- > 0 && self->n_permissions_shown < permissions->len)
    add_permission_row (self, g_ptr_array_index (permissions, self->n_permissions_shown++));
}

static void
stop_showing_more (TokensDetailsPane *self)
{
  if (self->more_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->more_tick);
  self->more_tick = 0;
}

static gboolean
on_more_tick (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  TokensDetailsPane *self = TOKENS_DETAILS_PANE (widget);

  show_more_permissions (self, PERMISSIONS_A_FRAME);
  if (self->n_permissions_shown < tokens_token_get_permissions (self->authorization)->len)
    return G_SOURCE_CONTINUE;
  self->more_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
on_more_activated (TokensDetailsPane *self)
{
  GtkWidget *row = g_steal_pointer (&self->more_row);

  if (row == NULL || self->authorization == NULL)
    return;
  g_ptr_array_remove (self->permission_rows, row);
  adw_preferences_group_remove (self->permissions_group, row);

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->more_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_more_tick, NULL, NULL);
  else
    show_more_permissions (self, G_MAXUINT);
}

static void
rebuild_permissions (TokensDetailsPane *self)
{
  GPtrArray *permissions = tokens_token_get_permissions (self->authorization);

  stop_showing_more (self);
  for (guint i = 0; i < self->permission_rows->len; i++)
    adw_preferences_group_remove (self->permissions_group,
                                  g_ptr_array_index (self->permission_rows, i));
  g_ptr_array_set_size (self->permission_rows, 0);
  self->n_permissions_shown = 0;
  self->more_row = NULL;

  adw_preferences_group_set_description (self->permissions_group,
                                         tokens_token_get_summary (self->authorization));

  /* Twenty-one would not be worth a button. */
  show_more_permissions (self, permissions->len <= PERMISSIONS_FIRST + 1 ? permissions->len : PERMISSIONS_FIRST);

  if (self->n_permissions_shown < permissions->len)
    {
      guint rest = permissions->len - self->n_permissions_shown;
      g_autofree char *count = tokens_format_count (rest);
      /* Translators: a button at the end of a token's first twenty permissions; %s is a number, "99,980" */
      g_autofree char *title = g_strdup_printf (ngettext ("Show %s More Permission",
                                                          "Show %s More Permissions", rest), count);

      self->more_row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->more_row), title);
      adw_action_row_add_suffix (ADW_ACTION_ROW (self->more_row),
                                 gtk_image_new_from_icon_name ("go-down-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->more_row), TRUE);
      g_signal_connect_object (self->more_row, "activated", G_CALLBACK (on_more_activated), self,
                               G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->permissions_group, self->more_row);
      g_ptr_array_add (self->permission_rows, self->more_row);
    }

  if (permissions->len == 0 && tokens_token_get_raw_permissions (self->authorization) != NULL)
    {
      /* InfluxDB 3 and the management API: the summary says it in words;
       * here is what the server wrote. */
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("As the server lists them"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   tokens_token_get_raw_permissions (self->authorization));
      gtk_widget_add_css_class (row, "property");
      gtk_widget_add_css_class (row, "monospace-row");
      adw_preferences_group_add (self->permissions_group, row);
      g_ptr_array_add (self->permission_rows, row);
    }
  else if (permissions->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("This token may do nothing"));
      adw_preferences_group_add (self->permissions_group, row);
      g_ptr_array_add (self->permission_rows, row);
    }
}

static void
update (TokensDetailsPane *self)
{
  TokensToken *a = self->authorization;
  g_autofree char *command = NULL;
  const char *value;
  GDateTime *expires;

  if (a == NULL)
    return;

  self->updating = TRUE;

  /* Keep what the person is typing: the text is replaced only when it is
   * not being edited. */
  if (!self->editing)
    gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                           tokens_token_get_description (a));
  value = tokens_token_get_description (a);
  adw_action_row_set_subtitle (self->description_view_row,
                               value[0] != '\0' ? value : _("No description"));

  gtk_switch_set_active (self->active_switch, tokens_token_get_active (a));
  gtk_switch_set_state (self->active_switch, tokens_token_get_active (a));

  adw_action_row_set_subtitle (self->id_row, tokens_token_get_id (a));
  value = tokens_token_get_user (a);
  adw_action_row_set_subtitle (self->owner_row, value != NULL ? value : _("Unknown"));
  value = tokens_token_get_org (a);
  adw_action_row_set_subtitle (self->org_row, value != NULL ? value : _("Unknown"));
  set_subtitle_time (self->created_row, tokens_token_get_created_at (a));
  set_subtitle_time (self->modified_row, tokens_token_get_updated_at (a));
  gtk_widget_set_visible (GTK_WIDGET (self->modified_row), tokens_token_get_updated_at (a) != NULL);

  expires = tokens_token_get_expires_at (a);
  if (expires != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *exact = tokens_format_exact_time (expires);
      g_autofree char *when = g_date_time_compare (expires, now) <= 0
                              ? tokens_format_relative_time (expires, now)
                              : tokens_format_time_until (expires, now);
      /* Translators: 1: "in 3 days" or "2 days ago", 2: the exact date and time */
      g_autofree char *text = g_strdup_printf (_("%s (%s)"), when, exact);

      adw_action_row_set_subtitle (self->expires_row, text);
    }
  else
    adw_action_row_set_subtitle (self->expires_row, _("Never"));
  gtk_widget_set_visible (GTK_WIDGET (self->expires_row),
                          (self->features & TOKENS_BACKEND_EXPIRY) != 0);
  if (tokens_token_get_revoked_at (a) != NULL)
    set_subtitle_time (self->revoked_row, tokens_token_get_revoked_at (a));
  gtk_widget_set_visible (GTK_WIDGET (self->revoked_row), tokens_token_get_revoked_at (a) != NULL);

  {
    const char *replaces = tokens_token_get_replaces (a);
    const char *replaced_by = tokens_token_get_replaced_by (a);
    g_autofree char *pairing = NULL;
    gboolean copyable = (self->features & TOKENS_BACKEND_CREATE) && !tokens_token_get_is_operator (a);

    if (replaced_by != NULL)
      /* Translators: %s is the new token's name */
      pairing = g_strdup_printf (_("Being replaced by “%s”: delete this one once nothing uses "
                                   "it any more."), replaced_by);
    else if (replaces != NULL)
      /* Translators: %s is the old token's name */
      pairing = g_strdup_printf (_("Made to replace “%s”, which still works."), replaces);
    gtk_label_set_text (self->pairing_label, pairing != NULL ? pairing : "");
    gtk_widget_set_visible (GTK_WIDGET (self->pairing_label), pairing != NULL);

    gtk_widget_set_visible (self->clone_button, copyable);
    gtk_widget_set_visible (self->replace_button,
                            copyable && tokens_token_get_revoked_at (a) == NULL);
    gtk_widget_set_visible (self->regenerate_button,
                            (self->features & TOKENS_BACKEND_REGENERATE) &&
                            tokens_token_get_is_operator (a));
  }

  /* A token already revoked takes no more revoking; _admin none at all. */
  gtk_widget_set_sensitive (self->delete_button,
                            !tokens_token_get_is_protected (a) &&
                            tokens_token_get_revoked_at (a) == NULL);

  command = influx_command (self, a);
  adw_action_row_set_subtitle (self->command_row, command);

  gtk_widget_set_sensitive (GTK_WIDGET (self->page), !tokens_token_get_busy (a));

  self->updating = FALSE;
}

static gboolean
on_delete_query_tooltip_cb (GtkWidget         *button,
                            int                x,
                            int                y,
                            gboolean           keyboard,
                            GtkTooltip        *tooltip,
                            TokensDetailsPane *self)
{
  TokensToken *a = self->authorization;

  if (a == NULL)
    return FALSE;
  if (tokens_token_get_is_protected (a))
    gtk_tooltip_set_text (tooltip, _("InfluxDB 3 never deletes its operator token. It can "
                                     "only be regenerated."));
  else if (tokens_token_get_revoked_at (a) != NULL)
    gtk_tooltip_set_text (tooltip, _("This token is revoked already"));
  else
    return FALSE;
  return TRUE;
}

/**
 * tokens_details_pane_set_features:
 *
 * Shows what the server's tokens have and can do: owners and an Active
 * switch on v2, expiry on InfluxDB 3 and the management API, a name
 * instead of a description on InfluxDB 3, Revoke on the management API.
 */
void
tokens_details_pane_set_features (TokensDetailsPane     *self,
                                  TokensBackendFeatures  features)
{
  gboolean named = (features & TOKENS_BACKEND_NAMED) != 0;

  g_return_if_fail (TOKENS_IS_DETAILS_PANE (self));

  self->features = features;
  gtk_widget_set_visible (GTK_WIDGET (self->active_row), (features & TOKENS_BACKEND_DEACTIVATE) != 0);
  gtk_widget_set_visible (self->edit_button, (features & TOKENS_BACKEND_DESCRIBE) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->description_view_row), !named);
  /* Neither a description nor a switch: not even an empty box. */
  gtk_widget_set_visible (self->description_group, !named || (features & TOKENS_BACKEND_DEACTIVATE));
  gtk_widget_set_visible (GTK_WIDGET (self->owner_row), (features & TOKENS_BACKEND_OWNERS) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->org_row), (features & TOKENS_BACKEND_OWNERS) != 0);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->id_row), named ? _("Name") : _("ID"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->command_row),
                                 named ? _("Delete with the influxdb3 CLI")
                                 : (features & TOKENS_BACKEND_REVOKED) ? _("Revoke with influxctl")
                                 : _("Delete with the influx CLI"));
  gtk_widget_set_visible (self->delete_button, (features & TOKENS_BACKEND_DELETE) != 0);
  gtk_button_set_label (GTK_BUTTON (self->delete_button),
                        (features & TOKENS_BACKEND_REVOKED) ? _("_Revoke Token…")
                                                            : _("_Delete Token…"));
  update (self);
}

static void
on_authorization_notify (TokensDetailsPane *self,
                         GParamSpec        *pspec)
{
  if (g_str_equal (pspec->name, "summary"))
    rebuild_permissions (self);
  update (self);
}

/*
 * The description is edited only after an explicit Edit (the pencil, or
 * F2): a stray Enter on a row or a Delete key cannot erase it. Escape puts
 * the saved text back; emptying it asks first; the saved change's toast
 * offers Undo.
 */
static void
set_editing (TokensDetailsPane *self,
             gboolean           editing)
{
  self->editing = editing;
  gtk_widget_set_visible (GTK_WIDGET (self->description_row), editing);
  /* InfluxDB 3's tokens have a name, not a description to edit. */
  gtk_widget_set_visible (GTK_WIDGET (self->description_view_row),
                          !editing && !(self->features & TOKENS_BACKEND_NAMED));
  if (editing)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->description_row));
      gtk_editable_set_position (GTK_EDITABLE (self->description_row), -1);
    }
}

static void
stop_editing (TokensDetailsPane *self)
{
  gboolean had_focus = (gtk_widget_get_state_flags (GTK_WIDGET (self->description_row)) &
                        GTK_STATE_FLAG_FOCUS_WITHIN) != 0;

  if (!self->editing)
    return;
  set_editing (self, FALSE);
  if (self->authorization != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                           tokens_token_get_description (self->authorization));
  if (had_focus)
    gtk_widget_grab_focus (self->edit_button);
}

static void
on_edit_clicked_cb (TokensDetailsPane *self)
{
  if (self->authorization != NULL && !tokens_token_get_busy (self->authorization))
    set_editing (self, TRUE);
}

static void
save_description (TokensDetailsPane *self,
                  const char        *text)
{
  g_autofree char *id = g_strdup (tokens_token_get_id (self->authorization));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.rename-token", "(ss)", id, text);
  stop_editing (self);
}

static void
on_remove_description_response (AdwMessageDialog  *dialog,
                                const char        *response,
                                TokensDetailsPane *self)
{
  if (self->authorization == NULL || !self->editing)
    return;
  if (g_str_equal (response, "remove"))
    save_description (self, "");
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->description_row));
}

static void
on_description_apply_cb (TokensDetailsPane *self)
{
  g_autofree char *text = NULL;
  const char *saved;

  if (self->authorization == NULL || !self->editing)
    return;

  text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->description_row)));
  saved = tokens_token_get_description (self->authorization);
  if (g_strcmp0 (text, saved != NULL ? saved : "") == 0)
    {
      stop_editing (self);
      return;
    }

  if (text[0] == '\0')
    {
      GtkWidget *dialog;
      g_autofree char *body =
        /* Translators: %s is the token's description */
        g_strdup_printf (_("“%s” will have no description: the list shows its ID instead."), saved);

      dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                       _("Remove the Description?"), body);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "remove", _("_Remove"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_description_response),
                               self, 0);
      self->remove_dialog = dialog;
      g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&self->remove_dialog);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  save_description (self, text);
}

static gboolean
on_description_key_pressed (GtkEventControllerKey *controller,
                            guint                  keyval,
                            guint                  keycode,
                            GdkModifierType        state,
                            TokensDetailsPane     *self)
{
  if (keyval == GDK_KEY_Escape && self->editing)
    {
      stop_editing (self);
      return GDK_EVENT_STOP;
    }
  if (keyval == GDK_KEY_F2 && !self->editing)
    {
      on_edit_clicked_cb (self);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
on_active_switch_notify_cb (TokensDetailsPane *self)
{
  gboolean active = gtk_switch_get_active (self->active_switch);

  if (self->updating || self->authorization == NULL ||
      active == tokens_token_get_active (self->authorization))
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.set-token-active", "(sb)",
                              tokens_token_get_id (self->authorization), active);
}

static void
copy_text (TokensDetailsPane *self,
           const char        *text,
           const char        *what)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", what);
}

static void
on_copy_id_clicked_cb (TokensDetailsPane *self)
{
  if (self->authorization != NULL)
    copy_text (self, tokens_token_get_id (self->authorization), _("ID copied"));
}

static void
on_copy_command_clicked_cb (TokensDetailsPane *self)
{
  g_autofree char *command = NULL;

  if (self->authorization == NULL)
    return;

  command = influx_command (self, self->authorization);
  copy_text (self, command, _("Command copied"));
}

static void
activate_on_token (TokensDetailsPane *self,
                   const char        *action)
{
  if (self->authorization != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), action, "s",
                                tokens_token_get_id (self->authorization));
}

static void
on_replace_clicked_cb (TokensDetailsPane *self)
{
  activate_on_token (self, "win.replace-token");
}

static void
on_clone_clicked_cb (TokensDetailsPane *self)
{
  activate_on_token (self, "win.clone-token");
}

static void
on_regenerate_clicked_cb (TokensDetailsPane *self)
{
  activate_on_token (self, "win.regenerate-token");
}

static void
on_delete_clicked_cb (TokensDetailsPane *self)
{
  if (self->authorization != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.delete-token", "s",
                                tokens_token_get_id (self->authorization));
}

static void
tokens_details_pane_dispose (GObject *object)
{
  TokensDetailsPane *self = (TokensDetailsPane *)object;

  stop_showing_more (self);
  if (self->remove_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->remove_dialog));
  tokens_details_pane_set_authorization (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TOKENS_TYPE_DETAILS_PANE);
  g_clear_pointer (&self->permission_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (tokens_details_pane_parent_class)->dispose (object);
}

static void
tokens_details_pane_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TokensDetailsPane *self = TOKENS_DETAILS_PANE (object);

  switch (prop_id)
    {
    case PROP_AUTHORIZATION:
      g_value_set_object (value, self->authorization);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tokens_details_pane_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TokensDetailsPane *self = TOKENS_DETAILS_PANE (object);

  switch (prop_id)
    {
    case PROP_AUTHORIZATION:
      tokens_details_pane_set_authorization (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/*
 * One natural width whatever the token says: the pane beside the list
 * would otherwise widen and narrow from token to token (a long permission,
 * a short description), and the divider would jump under the pointer.
 */
#define NATURAL_WIDTH 500

static void
tokens_details_pane_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  TokensDetailsPane *self = TOKENS_DETAILS_PANE (widget);

  gtk_widget_measure (GTK_WIDGET (self->page), orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, NATURAL_WIDTH);
}

static void
tokens_details_pane_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  TokensDetailsPane *self = TOKENS_DETAILS_PANE (widget);

  gtk_widget_allocate (GTK_WIDGET (self->page), width, height, baseline, NULL);
}

static void
tokens_details_pane_class_init (TokensDetailsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tokens_details_pane_dispose;
  object_class->get_property = tokens_details_pane_get_property;
  object_class->set_property = tokens_details_pane_set_property;

  properties[PROP_AUTHORIZATION] =
    g_param_spec_object ("authorization", NULL, NULL, TOKENS_TYPE_TOKEN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tokens-details-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, page);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, description_row);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, active_row);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, active_switch);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, id_row);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, owner_row);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, org_row);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, created_row);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, modified_row);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, expires_row);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, description_group);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, revoked_row);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_query_tooltip_cb);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, permissions_group);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, command_row);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, delete_button);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, replace_button);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, clone_button);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, regenerate_button);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, pairing_label);
  gtk_widget_class_bind_template_callback (widget_class, on_description_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_edit_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, edit_button);
  gtk_widget_class_bind_template_child (widget_class, TokensDetailsPane, description_view_row);
  gtk_widget_class_bind_template_callback (widget_class, on_active_switch_notify_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_id_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_command_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_replace_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_clone_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_regenerate_clicked_cb);

  widget_class->measure = tokens_details_pane_measure;
  widget_class->size_allocate = tokens_details_pane_size_allocate;
}

static void
tokens_details_pane_init (TokensDetailsPane *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->permission_rows = g_ptr_array_new ();

  /* Before the entry's own handling, so Escape restores rather than
   * leaving the text as typed. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_description_key_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->description_row), keys);
}

TokensToken *
tokens_details_pane_get_authorization (TokensDetailsPane *self)
{
  g_return_val_if_fail (TOKENS_IS_DETAILS_PANE (self), NULL);
  return self->authorization;
}

/* A new token is read from its top. AdwPreferencesPage 1.2 has no call
 * for it: its scrolled window is found inside. */
static void
scroll_to_top (TokensDetailsPane *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->page)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_SCROLLED_WINDOW (child))
      {
        GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child));

        gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
      }
}

void
tokens_details_pane_set_authorization (TokensDetailsPane   *self,
                                       TokensToken *authorization)
{
  g_return_if_fail (TOKENS_IS_DETAILS_PANE (self));
  g_return_if_fail (authorization == NULL || TOKENS_IS_TOKEN (authorization));

  if (self->authorization == authorization)
    return;

  if (self->authorization != NULL)
    g_clear_signal_handler (&self->notify_handler, self->authorization);
  stop_showing_more (self);
  if (self->remove_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->remove_dialog));
  set_editing (self, FALSE);
  g_set_object (&self->authorization, authorization);
  scroll_to_top (self);
  if (authorization != NULL)
    {
      self->notify_handler = g_signal_connect_object (authorization, "notify",
                                                      G_CALLBACK (on_authorization_notify), self,
                                                      G_CONNECT_SWAPPED);
      rebuild_permissions (self);
      update (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTHORIZATION]);
}

/**
 * tokens_details_pane_sync:
 *
 * Shows the token as the list has it again, the Active switch and the
 * description included: after a confirmation was cancelled, or a change
 * failed.
 */
void
tokens_details_pane_sync (TokensDetailsPane *self)
{
  g_return_if_fail (TOKENS_IS_DETAILS_PANE (self));
  stop_editing (self);
  update (self);
}

/* For tests: the rows of the permissions group, the "show more" one included. */
guint
_tokens_details_pane_get_n_permission_rows (TokensDetailsPane *self)
{
  return self->permission_rows->len;
}

/* For tests: the "Show N More Permissions" row, or NULL. */
GtkWidget *
_tokens_details_pane_get_more_row (TokensDetailsPane *self)
{
  return self->more_row;
}

GtkWidget *
_tokens_details_pane_get_active_switch (TokensDetailsPane *self)
{
  return GTK_WIDGET (self->active_switch);
}

GtkWidget *
_tokens_details_pane_get_description_row (TokensDetailsPane *self)
{
  return GTK_WIDGET (self->description_row);
}

GtkWidget *
_tokens_details_pane_get_edit_button (TokensDetailsPane *self)
{
  return self->edit_button;
}

/* "Remove the Description?" while it asks, or NULL. */
GtkWidget *
_tokens_details_pane_get_remove_dialog (TokensDetailsPane *self)
{
  return self->remove_dialog;
}

/* For the tests: whether the part named @which is shown ("active",
 * "owner", "org", "expires", "revoked", "edit", "delete", "description"). */
gboolean
_tokens_details_pane_shows (TokensDetailsPane *self,
                            const char        *which)
{
  struct { const char *name; GtkWidget *widget; } parts[] = {
    { "active", GTK_WIDGET (self->active_row) },
    { "owner", GTK_WIDGET (self->owner_row) },
    { "org", GTK_WIDGET (self->org_row) },
    { "expires", GTK_WIDGET (self->expires_row) },
    { "revoked", GTK_WIDGET (self->revoked_row) },
    { "edit", self->edit_button },
    { "delete", self->delete_button },
    { "replace", self->replace_button },
    { "clone", self->clone_button },
    { "regenerate", self->regenerate_button },
    { "pairing", GTK_WIDGET (self->pairing_label) },
    { "description", GTK_WIDGET (self->description_view_row) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (g_str_equal (parts[i].name, which))
      return gtk_widget_get_visible (parts[i].widget);
  g_return_val_if_reached (FALSE);
}

/* For the tests: the subtitle of the row named @which ("id", "expires",
 * "command"). */
const char *
_tokens_details_pane_get_subtitle (TokensDetailsPane *self,
                                   const char        *which)
{
  if (g_str_equal (which, "id"))
    return adw_action_row_get_subtitle (self->id_row);
  if (g_str_equal (which, "expires"))
    return adw_action_row_get_subtitle (self->expires_row);
  if (g_str_equal (which, "command"))
    return adw_action_row_get_subtitle (self->command_row);
  g_return_val_if_reached (NULL);
}

GtkWidget *
_tokens_details_pane_get_delete_button (TokensDetailsPane *self)
{
  return self->delete_button;
}
