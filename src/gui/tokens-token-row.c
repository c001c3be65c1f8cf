/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-token-row"

#include "config.h"

#include "tokens-token-row.h"
#include "tokens-format.h"
#include "tokens-tooltip.h"

#include <glib/gi18n.h>

/*
 * A row of the token list, built in code rather than from a template.
 *
 * GTK 4.8's list view keeps 200 rows alive whatever the window's height and
 * builds a fresh set on every search at 100,000 tokens, so a row's cost is
 * paid 200 times per keystroke. This one is eight widgets where the template
 * was fifteen: the badges and the spinner, which most rows never show, are
 * made the first time a token needs them, and nothing is parsed per row.
 */
typedef enum {
  BADGE_OPERATOR,
  BADGE_ADMIN,
  BADGE_ALL_ACCESS,
  BADGE_CURRENT,
  BADGE_INACTIVE,
  BADGE_EXPIRED,
  BADGE_REVOKED,
  BADGE_REPLACED,
  BADGE_REPLACEMENT,
  N_BADGES
} Badge;

struct _TokensTokenRow
{
  GtkWidget parent_instance;

  GtkWidget *text_box;
  GtkWidget *title_box;
  GtkLabel *title_label;
  GtkLabel *summary_label;
  GtkLabel *meta_label;
  GtkLabel *review_label;       /* made when the review first lists the row */
  char *review;                 /* why the review lists it, or NULL */
  GtkWidget *badges[N_BADGES];  /* made when first needed */
  GtkWidget *spinner;           /* made when first needed */
  GtkWidget *check;             /* made when selection mode is first entered */
  GtkWidget *delete_button;
  gboolean selection_mode;
  gboolean setting_check;
  gboolean can_delete;          /* the server's API deletes tokens at all */
  gboolean revokes;             /* and calls it revoking (the management API) */
  TokensBackendFeatures features;
  GtkWidget *menu;              /* made when first opened */

  /* owned */
  TokensToken *authorization;
  gulong notify_handler;
};

G_DEFINE_FINAL_TYPE (TokensTokenRow, tokens_token_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_AUTHORIZATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_badge (TokensTokenRow *self,
            Badge                   badge,
            gboolean                shown)
{
  static const char * const css_classes[N_BADGES] = {
    "operator", "admin", "all-access", "current", "inactive", "expired", "revoked",
    "replaced", "replacement",
  };
  GtkWidget *label = self->badges[badge];

  if (label == NULL && !shown)
    return;

  if (label == NULL)
    {
      const char *text = NULL;
      const char *tooltip = NULL;

      switch (badge)
        {
        case BADGE_OPERATOR:
          text = C_("badge", "Operator");
          tooltip = _("Full access to this whole server");
          break;
        case BADGE_ADMIN:
          text = C_("badge", "Admin");
          tooltip = _("Reads and writes every database, and manages every token");
          break;
        case BADGE_ALL_ACCESS:
          text = C_("badge", "All Access");
          tooltip = _("Full access to everything it is for: its organization, or every database");
          break;
        case BADGE_EXPIRED:
          text = C_("badge", "Expired");
          tooltip = _("Past its expiry: the server refuses it");
          break;
        case BADGE_REVOKED:
          text = C_("badge", "Revoked");
          tooltip = _("Revoked for good: the server refuses it");
          break;
        case BADGE_REPLACED:
          text = C_("badge", "Being Replaced");
          tooltip = _("A replacement was made: delete this token once nothing uses it");
          break;
        case BADGE_REPLACEMENT:
          text = C_("badge", "Replacement");
          tooltip = _("Made to replace a token that still works");
          break;
        case BADGE_CURRENT:
          text = C_("badge", "This App");
          tooltip = _("Influx Tokens signs in with this token");
          break;
        case BADGE_INACTIVE:
        default:
          text = C_("badge", "Inactive");
          tooltip = _("Requests with this token are refused until it is activated again");
          break;
        }

      label = gtk_label_new (text);
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, "badge");
      gtk_widget_add_css_class (label, css_classes[badge]);
      tokens_set_tooltip_on_demand (label, tooltip);

      /* Badges keep their order whichever is made first. */
      {
        GtkWidget *previous = GTK_WIDGET (self->title_label);

        for (int i = (int)badge - 1; i >= 0; i--)
          if (self->badges[i] != NULL)
            {
              previous = self->badges[i];
              break;
            }
        gtk_box_insert_child_after (GTK_BOX (self->title_box), label, previous);
      }
      self->badges[badge] = label;
    }

  gtk_widget_set_visible (label, shown);
}

static const char *
protected_text (void)
{
  return _("InfluxDB 3 never deletes its operator token. It can only be regenerated.");
}

static void
show_busy (TokensTokenRow *self,
           gboolean                busy)
{
  if (self->spinner == NULL && !busy)
    return;

  if (self->spinner == NULL)
    {
      self->spinner = gtk_spinner_new ();
      gtk_widget_set_valign (self->spinner, GTK_ALIGN_CENTER);
      gtk_widget_insert_before (self->spinner, GTK_WIDGET (self), self->delete_button);
    }

  gtk_widget_set_visible (self->spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
}

/* Why the review lists the token: a line of its own that wraps at any
 * width, and the row's accessible description. */
static void
update_review (TokensTokenRow *self)
{
  g_autofree char *description = NULL;

  if (self->review == NULL)
    {
      if (self->review_label != NULL)
        gtk_widget_set_visible (GTK_WIDGET (self->review_label), FALSE);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  if (self->review_label == NULL)
    {
      self->review_label = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (self->review_label, 0);
      gtk_label_set_wrap (self->review_label, TRUE);
      gtk_label_set_wrap_mode (self->review_label, PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (GTK_WIDGET (self->review_label), "caption");
      gtk_widget_add_css_class (GTK_WIDGET (self->review_label), "review-reasons");
      gtk_box_append (GTK_BOX (self->text_box), GTK_WIDGET (self->review_label));
    }
  gtk_label_set_text (self->review_label, self->review);
  gtk_widget_set_visible (GTK_WIDGET (self->review_label), TRUE);

  /* Translators: a token row's accessible description while the review is
   * on; %s is why it is listed, e.g. "All access · Older than 1 year" */
  description = g_strdup_printf (_("Listed for review: %s"), self->review);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static void
update (TokensTokenRow *self)
{
  TokensToken *a = self->authorization;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *created = NULL;
  g_autoptr(GString) meta = NULL;
  g_autofree char *delete_label = NULL;
  g_autofree char *when = NULL;
  TokensTokenStatus status;
  const char *label;
  const char *user;
  const char *org;
  gboolean busy;

  if (a == NULL)
    return;

  label = tokens_token_get_label (a);
  if (label != NULL)
    {
      gtk_label_set_text (self->title_label, label);
      gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "dim-label");
    }
  else
    {
      gtk_label_set_text (self->title_label, _("No description"));
      gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "dim-label");
    }

  gtk_label_set_text (self->summary_label, tokens_token_get_summary (a));

  now = g_date_time_new_now_utc ();
  status = tokens_token_get_status_at (a, now);
  created = tokens_format_relative_time (tokens_token_get_created_at (a), now);
  user = tokens_token_get_user (a);
  org = tokens_token_get_org (a);
  meta = g_string_new (NULL);
  /* Tokens of InfluxDB 3 and of the management API have no owners. */
  if (tokens_token_get_user_id (a) != NULL || tokens_token_get_org_id (a) != NULL)
    g_string_append_printf (meta, "%s · %s · ",
                            user != NULL ? user : _("unknown owner"),
                            org != NULL ? org : _("unknown organization"));
  /* Translators: when a token was made, e.g. "created 3 months ago" */
  g_string_append_printf (meta, _("created %s"), created);
  when = tokens_format_expiry (a, now);
  if (when != NULL)
    g_string_append_printf (meta, " · %s", when);
  gtk_label_set_text (self->meta_label, meta->str);

  show_badge (self, BADGE_OPERATOR, tokens_token_get_is_operator (a));
  /* InfluxDB 3's word for a token with every permission is admin. */
  show_badge (self, BADGE_ADMIN, tokens_token_get_is_all_access (a) && tokens_token_get_is_named (a));
  show_badge (self, BADGE_ALL_ACCESS, tokens_token_get_is_all_access (a) && !tokens_token_get_is_named (a));
  show_badge (self, BADGE_CURRENT, tokens_token_get_is_current (a));
  show_badge (self, BADGE_INACTIVE, status == TOKENS_TOKEN_STATUS_INACTIVE);
  show_badge (self, BADGE_EXPIRED, status == TOKENS_TOKEN_STATUS_EXPIRED);
  show_badge (self, BADGE_REVOKED, status == TOKENS_TOKEN_STATUS_REVOKED);
  show_badge (self, BADGE_REPLACED, tokens_token_get_replaced_by (a) != NULL);
  show_badge (self, BADGE_REPLACEMENT, tokens_token_get_replaces (a) != NULL);

  if (status == TOKENS_TOKEN_STATUS_ACTIVE)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "inactive");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "inactive");

  busy = tokens_token_get_busy (a);
  show_busy (self, busy);
  /* InfluxDB 3's _admin: the button stays, insensitive, and says why. */
  gtk_widget_set_sensitive (self->delete_button, !busy && !tokens_token_get_is_protected (a));
  gtk_widget_set_visible (self->delete_button, !self->selection_mode && self->can_delete);

  /* A screen reader names the row after its title, not after its widget
   * type (GTK 4.8's fallback). Its other lines are read as its children. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_text (self->title_label),
                                  -1);
  update_review (self);

  if (self->revokes)
    /* Translators: the accessible name of a row's delete button; %s names the token */
    delete_label = g_strdup_printf (_("Revoke token “%s”"), tokens_token_get_display_name (a));
  else
    /* Translators: the accessible name of a row's delete button; %s names the token */
    delete_label = g_strdup_printf (_("Delete token “%s”"), tokens_token_get_display_name (a));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->delete_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  tokens_token_get_is_protected (a) ? protected_text () : "",
                                  -1);
  if (self->check != NULL)
    {
      /* Translators: the accessible name of a row's check in selection mode; %s names the token */
      g_autofree char *select_label = g_strdup_printf (_("Select token “%s”"),
                                                       tokens_token_get_display_name (a));

      gtk_accessible_update_property (GTK_ACCESSIBLE (self->check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, select_label, -1);
    }
}

/*
 * Tooltips are made when asked for. In GTK 4.8 every
 * gtk_widget_set_tooltip_text() asks the X server where the pointer is,
 * and binding rows while 100,000 tokens scroll by or get filtered would
 * wait on the X server each time.
 */
static gboolean
on_title_query_tooltip (GtkWidget              *label,
                        int                     x,
                        int                     y,
                        gboolean                keyboard,
                        GtkTooltip             *tooltip,
                        TokensTokenRow *self)
{
  const char *description;

  if (self->authorization == NULL)
    return FALSE;

  /* A long description is ellipsized: the whole of it is in the tooltip. */
  description = tokens_token_get_description (self->authorization);
  if (description[0] == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, description);
  return TRUE;
}

static gboolean
on_meta_query_tooltip (GtkWidget              *label,
                       int                     x,
                       int                     y,
                       gboolean                keyboard,
                       GtkTooltip             *tooltip,
                       TokensTokenRow *self)
{
  g_autofree char *exact = NULL;
  g_autofree char *text = NULL;

  if (self->authorization == NULL)
    return FALSE;

  exact = tokens_format_exact_time (tokens_token_get_created_at (self->authorization));
  /* Translators: %s is the exact date and time a token was made */
  text = g_strdup_printf (_("Created %s"), exact);
  if (tokens_token_get_expires_at (self->authorization) != NULL)
    {
      g_autofree char *until = tokens_format_exact_time (tokens_token_get_expires_at (self->authorization));
      g_autofree char *created = g_steal_pointer (&text);

      /* Translators: 1: "Created <date>", 2: the exact date and time a token expires */
      text = g_strdup_printf (_("%s, expires %s"), created, until);
    }
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static gboolean
on_delete_query_tooltip (GtkWidget      *button,
                         int             x,
                         int             y,
                         gboolean        keyboard,
                         GtkTooltip     *tooltip,
                         TokensTokenRow *self)
{
  if (self->authorization != NULL && tokens_token_get_is_protected (self->authorization))
    gtk_tooltip_set_text (tooltip, protected_text ());
  else
    gtk_tooltip_set_text (tooltip, self->revokes ? _("Revoke Token") : _("Delete Token"));
  return TRUE;
}

static void
on_authorization_notify (TokensTokenRow *self)
{
  update (self);
}

static void
on_delete_clicked_cb (TokensTokenRow *self)
{
  if (self->authorization == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.delete-token", "s",
                              tokens_token_get_id (self->authorization));
}

static void
append_action (GMenu      *menu,
               const char *label,
               const char *action,
               const char *id)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target (item, action, "s", id);
  g_menu_append_item (menu, item);
}

/**
 * tokens_token_row_popup_menu:
 *
 * Opens the row's menu: what can be done to its token, as in the details.
 * Made when first opened, for the few rows anyone opens it on.
 */
void
tokens_token_row_popup_menu (TokensTokenRow *self,
                             double          x,
                             double          y)
{
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenu) section = NULL;
  TokensToken *token = self->authorization;
  const char *id;
  gboolean copyable;

  g_return_if_fail (TOKENS_IS_TOKEN_ROW (self));

  if (token == NULL || self->selection_mode)
    return;
  id = tokens_token_get_id (token);
  copyable = (self->features & TOKENS_BACKEND_CREATE) && !tokens_token_get_is_operator (token);

  menu = g_menu_new ();
  section = g_menu_new ();
  if (copyable && tokens_token_get_revoked_at (token) == NULL)
    append_action (section, _("R_eplace Token…"), "win.replace-token", id);
  if (copyable)
    append_action (section, _("C_lone Token…"), "win.clone-token", id);
  if ((self->features & TOKENS_BACKEND_REGENERATE) && tokens_token_get_is_operator (token))
    append_action (section, _("Re_generate Token…"), "win.regenerate-token", id);
  if (g_menu_model_get_n_items (G_MENU_MODEL (section)) > 0)
    g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  if (self->can_delete && !tokens_token_get_is_protected (token) &&
      tokens_token_get_revoked_at (token) == NULL)
    {
      g_autoptr(GMenu) danger = g_menu_new ();
      g_autoptr(GMenuItem) item = g_menu_item_new (self->revokes ? _("_Revoke Token…")
                                                                 : _("_Delete Token…"), NULL);

      g_menu_item_set_action_and_target (item, "win.delete-token", "s", id);
      g_menu_append_item (danger, item);
      g_menu_append_section (menu, NULL, G_MENU_MODEL (danger));
    }
  if (g_menu_model_get_n_items (G_MENU_MODEL (menu)) == 0)
    return;

  if (self->menu != NULL)
    {
      gtk_widget_unparent (self->menu);
      self->menu = NULL;
    }
  self->menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
  if (x >= 0 && y >= 0)
    gtk_popover_set_pointing_to (GTK_POPOVER (self->menu),
                                 &(GdkRectangle) { (int)x, (int)y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
on_menu_pressed (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 TokensTokenRow  *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  tokens_token_row_popup_menu (self, x, y);
}

/* In selection mode a click anywhere on the row, its check included,
 * toggles the row's selection, as in Files: the list item's own "select"
 * with modify, which is what Ctrl+click does. Shift+click still extends. */
static void
toggle_selected (TokensTokenRow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "listitem.select", "(bb)", TRUE, FALSE);
}

static void
on_pressed (GtkGestureClick        *gesture,
            int                     n_press,
            double                  x,
            double                  y,
            TokensTokenRow *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  if (!self->selection_mode || (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) != 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  toggle_selected (self);
}

/* The check toggled other than by a click (the keyboard, a screen reader). */
static void
on_check_toggled (TokensTokenRow *self)
{
  if (!self->setting_check && self->selection_mode)
    toggle_selected (self);
}

static void
tokens_token_row_dispose (GObject *object)
{
  TokensTokenRow *self = (TokensTokenRow *)object;

  GtkWidget *child;

  tokens_token_row_set_authorization (self, NULL);
  self->menu = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->review_label = NULL;

  g_clear_pointer (&self->review, g_free);
  G_OBJECT_CLASS (tokens_token_row_parent_class)->dispose (object);
}

static void
tokens_token_row_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  TokensTokenRow *self = TOKENS_TOKEN_ROW (object);

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
tokens_token_row_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  TokensTokenRow *self = TOKENS_TOKEN_ROW (object);

  switch (prop_id)
    {
    case PROP_AUTHORIZATION:
      tokens_token_row_set_authorization (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tokens_token_row_class_init (TokensTokenRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tokens_token_row_dispose;
  object_class->get_property = tokens_token_row_get_property;
  object_class->set_property = tokens_token_row_set_property;

  properties[PROP_AUTHORIZATION] =
    g_param_spec_object ("authorization", NULL, NULL, TOKENS_TYPE_TOKEN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tokenrow");
}

static GtkLabel *
add_label (GtkWidget  *box,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return GTK_LABEL (label);
}

static void
tokens_token_row_init (TokensTokenRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);
  self->can_delete = TRUE;
  gtk_widget_add_css_class (GTK_WIDGET (self), "token-row");

  self->text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_hexpand (self->text_box, TRUE);
  gtk_widget_set_valign (self->text_box, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->text_box, GTK_WIDGET (self));

  self->title_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->text_box), self->title_box);
  self->title_label = add_label (self->title_box, "title");
  self->summary_label = add_label (self->text_box, "summary");
  self->meta_label = add_label (self->text_box, "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->meta_label), "caption");

  self->delete_button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (self->delete_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->delete_button, "flat");
  gtk_widget_set_has_tooltip (self->delete_button, TRUE);
  g_signal_connect (self->delete_button, "query-tooltip", G_CALLBACK (on_delete_query_tooltip), self);
  /* One Tab stop per list, not two per row: Delete deletes from the keyboard. */
  gtk_widget_set_focusable (self->delete_button, FALSE);
  g_signal_connect_swapped (self->delete_button, "clicked", G_CALLBACK (on_delete_clicked_cb), self);
  gtk_widget_set_parent (self->delete_button, GTK_WIDGET (self));

  {
    GtkGesture *click = gtk_gesture_click_new ();

    /* Before the list item's own click, which would select only this row. */
    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
    g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  }
  {
    GtkGesture *click = gtk_gesture_click_new ();

    /* The secondary button opens the row's menu. */
    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
    g_signal_connect (click, "pressed", G_CALLBACK (on_menu_pressed), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  }

  gtk_widget_set_has_tooltip (GTK_WIDGET (self->title_label), TRUE);
  g_signal_connect (self->title_label, "query-tooltip", G_CALLBACK (on_title_query_tooltip), self);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->meta_label), TRUE);
  g_signal_connect (self->meta_label, "query-tooltip", G_CALLBACK (on_meta_query_tooltip), self);
}

GtkWidget *
tokens_token_row_new (void)
{
  return g_object_new (TOKENS_TYPE_TOKEN_ROW, NULL);
}

TokensToken *
tokens_token_row_get_authorization (TokensTokenRow *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN_ROW (self), NULL);
  return self->authorization;
}

void
tokens_token_row_set_authorization (TokensTokenRow *self,
                                            TokensToken    *authorization)
{
  g_return_if_fail (TOKENS_IS_TOKEN_ROW (self));
  g_return_if_fail (authorization == NULL || TOKENS_IS_TOKEN (authorization));

  if (self->authorization == authorization)
    return;

  if (self->authorization != NULL)
    g_clear_signal_handler (&self->notify_handler, self->authorization);
  g_set_object (&self->authorization, authorization);
  if (authorization != NULL)
    {
      self->notify_handler = g_signal_connect_object (authorization, "notify",
                                                      G_CALLBACK (on_authorization_notify), self,
                                                      G_CONNECT_SWAPPED);
      update (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTHORIZATION]);
}

GtkWidget *
tokens_token_row_get_delete_button (TokensTokenRow *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN_ROW (self), NULL);
  return self->delete_button;
}

/* The row's last line: owner, organization, when made, when it ends. */
const char *
tokens_token_row_get_meta (TokensTokenRow *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN_ROW (self), NULL);
  return gtk_label_get_text (self->meta_label);
}

/* What the row shows as its title: the description, or "No description". */
const char *
tokens_token_row_get_title (TokensTokenRow *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN_ROW (self), NULL);
  return gtk_label_get_text (self->title_label);
}


/**
 * tokens_token_row_set_selection_mode:
 *
 * In selection mode the row shows a check where the trash button was, and
 * a click toggles its selection.
 */
void
tokens_token_row_set_selection_mode (TokensTokenRow *self,
                                             gboolean                selection_mode)
{
  g_return_if_fail (TOKENS_IS_TOKEN_ROW (self));

  selection_mode = !!selection_mode;
  if (self->selection_mode == selection_mode && (self->check != NULL || !selection_mode))
    return;
  self->selection_mode = selection_mode;

  if (self->check == NULL && selection_mode)
    {
      self->check = gtk_check_button_new ();
      gtk_widget_set_valign (self->check, GTK_ALIGN_CENTER);
      /* The row has the focus and Space toggles it; one stop per row. */
      gtk_widget_set_focusable (self->check, FALSE);
      gtk_widget_add_css_class (self->check, "selection-mode");
      g_signal_connect_swapped (self->check, "toggled", G_CALLBACK (on_check_toggled), self);
      gtk_widget_insert_before (self->check, GTK_WIDGET (self), self->text_box);
      update (self);
    }
  if (self->check != NULL)
    gtk_widget_set_visible (self->check, selection_mode);
  gtk_widget_set_visible (self->delete_button, !selection_mode && self->can_delete);
}

/**
 * tokens_token_row_set_features:
 *
 * What the server's token API can do: without %TOKENS_BACKEND_DELETE the
 * row has no delete button; with %TOKENS_BACKEND_REVOKED it revokes.
 */
void
tokens_token_row_set_features (TokensTokenRow        *self,
                               TokensBackendFeatures  features)
{
  gboolean can_delete = (features & TOKENS_BACKEND_DELETE) != 0;
  gboolean revokes = (features & TOKENS_BACKEND_REVOKED) != 0;

  g_return_if_fail (TOKENS_IS_TOKEN_ROW (self));

  self->features = features;
  if (self->can_delete == can_delete && self->revokes == revokes)
    return;
  self->can_delete = can_delete;
  self->revokes = revokes;
  update (self);
  gtk_widget_set_visible (self->delete_button, !self->selection_mode && self->can_delete);
}

void
tokens_token_row_set_checked (TokensTokenRow *self,
                                      gboolean                checked)
{
  g_return_if_fail (TOKENS_IS_TOKEN_ROW (self));

  if (self->check == NULL)
    return;
  self->setting_check = TRUE;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->check), checked);
  self->setting_check = FALSE;
}

/* The check of selection mode, or NULL before it was first entered. */
GtkWidget *
tokens_token_row_get_check (TokensTokenRow *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN_ROW (self), NULL);
  return self->check;
}

/**
 * tokens_token_row_set_review:
 * @reasons: (nullable): why the review lists the token, in words, or
 *   %NULL while the review is off
 */
void
tokens_token_row_set_review (TokensTokenRow *self,
                             const char     *reasons)
{
  g_return_if_fail (TOKENS_IS_TOKEN_ROW (self));

  if (g_strcmp0 (self->review, reasons) == 0)
    return;
  g_free (self->review);
  self->review = g_strdup (reasons);
  update_review (self);
}

/* Returns: (nullable): the reasons shown, for the tests */
const char *
tokens_token_row_get_review (TokensTokenRow *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN_ROW (self), NULL);
  return self->review_label != NULL && gtk_widget_get_visible (GTK_WIDGET (self->review_label))
           ? gtk_label_get_text (self->review_label) : NULL;
}
