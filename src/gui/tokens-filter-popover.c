/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-filter-popover"

#include "config.h"

#include "tokens-filter-popover.h"
#include "tokens-token.h"
#include "tokens-review.h"

#include <glib/gi18n.h>
#include <stdlib.h>

/*
 * Sort and Filter: how the list is ordered, and which tokens it shows by
 * status, owner and organization, and the review (tokens-review.c). It says what was chosen ("sort-changed",
 * "filter-changed"); the window applies it.
 */
struct _TokensFilterPopover
{
  GtkPopover parent_instance;

  /* template widgets */
  GtkDropDown *sort_dropdown;
  GtkDropDown *status_dropdown;
  GtkDropDown *owner_dropdown;
  GtkDropDown *org_dropdown;
  GtkStringList *owner_model;
  GtkStringList *org_model;
  GtkStringList *status_model;
  GtkWidget *owner_label;
  GtkWidget *org_label;
  GtkCheckButton *review_check;
  GtkDropDown *age_dropdown;
  GtkWidget *age_label;
  GtkLabel *review_reasons_label;
  GtkLabel *last_used_label;

  TokensStatusFilter statuses[6];  /* what each status choice means, in order */
  guint n_statuses;
};

G_DEFINE_FINAL_TYPE (TokensFilterPopover, tokens_filter_popover, GTK_TYPE_POPOVER)

enum {
  SORT_CHANGED,
  FILTER_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void on_filter_changed_cb (TokensFilterPopover *self);

static const char *
selected_string (GtkDropDown *dropdown)
{
  GObject *item = gtk_drop_down_get_selected_item (dropdown);

  /* The first entry of the owner and organization lists means "any". */
  if (item == NULL || gtk_drop_down_get_selected (dropdown) == 0)
    return NULL;
  return gtk_string_object_get_string (GTK_STRING_OBJECT (item));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* Rebuilds the owner and organization choices from the tokens, keeping
 * what was chosen when it is still there. */
static void
refill_choices (GtkDropDown   *dropdown,
                GtkStringList *model,
                const char    *any_label,
                GHashTable    *values)
{
  g_autofree char *previous = g_strdup (selected_string (dropdown));
  g_autofree gpointer *keys = NULL;
  g_autoptr(GPtrArray) strings = g_ptr_array_new ();
  guint n_keys = 0;
  guint selected = 0;

  keys = g_hash_table_get_keys_as_array (values, &n_keys);
  qsort (keys, n_keys, sizeof (gpointer), compare_strings);

  g_ptr_array_add (strings, (gpointer)any_label);
  for (guint i = 0; i < n_keys; i++)
    {
      if (g_strcmp0 (keys[i], previous) == 0)
        selected = i + 1;
      g_ptr_array_add (strings, keys[i]);
    }
  g_ptr_array_add (strings, NULL);

  gtk_string_list_splice (model, 0, g_list_model_get_n_items (G_LIST_MODEL (model)),
                          (const char * const *)strings->pdata);
  gtk_drop_down_set_selected (dropdown, selected);
}

/**
 * tokens_filter_popover_set_choices:
 * @tokens: a list of #TokensToken
 *
 * Offers the owners and organizations that @tokens have.
 */
void
tokens_filter_popover_set_choices (TokensFilterPopover *self,
                                   GListModel          *tokens)
{
  g_autoptr(GHashTable) owners = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) orgs = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = tokens != NULL ? g_list_model_get_n_items (tokens) : 0;

  g_return_if_fail (TOKENS_IS_FILTER_POPOVER (self));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (tokens, i);
      const char *user = tokens_token_get_user (a);
      const char *org = tokens_token_get_org (a);

      if (user != NULL)
        g_hash_table_add (owners, (gpointer)user);
      if (org != NULL)
        g_hash_table_add (orgs, (gpointer)org);
    }

  refill_choices (self->owner_dropdown, self->owner_model, _("Any Owner"), owners);
  refill_choices (self->org_dropdown, self->org_model, _("Any Organization"), orgs);
}

TokensSortOrder
tokens_filter_popover_get_sort (TokensFilterPopover *self)
{
  g_return_val_if_fail (TOKENS_IS_FILTER_POPOVER (self), TOKENS_SORT_NEWEST);
  return gtk_drop_down_get_selected (self->sort_dropdown);
}

void
tokens_filter_popover_set_sort (TokensFilterPopover *self,
                                TokensSortOrder      sort)
{
  g_return_if_fail (TOKENS_IS_FILTER_POPOVER (self));
  gtk_drop_down_set_selected (self->sort_dropdown, sort);
}

static GtkSorter *
property_sorter (const char *property,
                 gboolean    numeric,
                 GtkSortType order)
{
  GtkExpression *expression = gtk_property_expression_new (TOKENS_TYPE_TOKEN, NULL, property);

  if (numeric)
    {
      GtkNumericSorter *sorter = gtk_numeric_sorter_new (expression);
      gtk_numeric_sorter_set_sort_order (sorter, order);
      return GTK_SORTER (sorter);
    }
  return GTK_SORTER (gtk_string_sorter_new (expression));
}

/**
 * tokens_filter_popover_dup_sorter:
 *
 * Returns: (transfer full) (nullable): what sorts tokens in the order
 *   chosen, or %NULL for newest first: the token list keeps its tokens in
 *   that order already (see tokens-token-list.c), so 100,000 tokens arrive
 *   without a sort key being made for any of them.
 */
GtkSorter *
tokens_filter_popover_dup_sorter (TokensFilterPopover *self)
{
  GtkMultiSorter *sorter;

  g_return_val_if_fail (TOKENS_IS_FILTER_POPOVER (self), NULL);

  /* Sorting 100,000 tokens with a callback costs millions of calls; GTK's
   * numeric and string sorters compare precomputed keys instead. Ties are
   * broken by id, so the order never shuffles. */
  sorter = gtk_multi_sorter_new ();
  switch (tokens_filter_popover_get_sort (self))
    {
    case TOKENS_SORT_OLDEST:
      gtk_multi_sorter_append (sorter, property_sorter ("created-unix", TRUE, GTK_SORT_ASCENDING));
      break;
    case TOKENS_SORT_DESCRIPTION:
      /* Tokens without a description go last. */
      gtk_multi_sorter_append (sorter, property_sorter ("has-description", TRUE, GTK_SORT_DESCENDING));
      /* The label: the description, or InfluxDB 3's name. */
      gtk_multi_sorter_append (sorter, property_sorter ("label", FALSE, GTK_SORT_ASCENDING));
      break;
    case TOKENS_SORT_STATUS:
      gtk_multi_sorter_append (sorter, property_sorter ("active", TRUE, GTK_SORT_DESCENDING));
      break;
    case TOKENS_SORT_NEWEST:
    default:
      g_object_unref (sorter);
      return NULL;
    }
  gtk_multi_sorter_append (sorter, property_sorter ("id-number", TRUE, GTK_SORT_ASCENDING));
  return GTK_SORTER (sorter);
}

/**
 * tokens_status_filter_default_for:
 *
 * What the list shows before anyone chooses: every token, except a
 * management API's revoked ones, which are kept for the record only.
 */
TokensStatusFilter
tokens_status_filter_default_for (TokensBackendFeatures features)
{
  return (features & TOKENS_BACKEND_REVOKED) ? TOKENS_STATUS_NOT_REVOKED : TOKENS_STATUS_ANY;
}

gboolean
tokens_status_filter_matches (TokensStatusFilter filter,
                              TokensTokenStatus  status)
{
  switch (filter)
    {
    case TOKENS_STATUS_ACTIVE:
      return status == TOKENS_TOKEN_STATUS_ACTIVE;
    case TOKENS_STATUS_INACTIVE:
      return status == TOKENS_TOKEN_STATUS_INACTIVE;
    case TOKENS_STATUS_EXPIRED:
      return status == TOKENS_TOKEN_STATUS_EXPIRED;
    case TOKENS_STATUS_REVOKED:
      return status == TOKENS_TOKEN_STATUS_REVOKED;
    case TOKENS_STATUS_NOT_REVOKED:
      return status != TOKENS_TOKEN_STATUS_REVOKED;
    case TOKENS_STATUS_ANY:
    default:
      return TRUE;
    }
}

static const char *
status_choice_label (TokensStatusFilter status)
{
  switch (status)
    {
    case TOKENS_STATUS_ACTIVE:
      return _("Active");
    case TOKENS_STATUS_INACTIVE:
      return _("Inactive");
    case TOKENS_STATUS_EXPIRED:
      return _("Expired");
    case TOKENS_STATUS_REVOKED:
      return _("Revoked");
    case TOKENS_STATUS_NOT_REVOKED:
      return _("Not Revoked");
    case TOKENS_STATUS_ANY:
    default:
      return _("Any Status");
    }
}

/* Says what the review lists on this server: only the reasons its
 * tokens can have. */
static void
update_review_reasons (TokensFilterPopover   *self,
                       TokensBackendFeatures  features)
{
  TokensReviewReasons possible = tokens_review_possible (features);
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  g_autofree char *text = NULL;

  g_ptr_array_add (parts, (gpointer)_("all-access tokens"));
  g_ptr_array_add (parts, (gpointer)_("tokens that write everything"));
  if (possible & TOKENS_REVIEW_INACTIVE)
    g_ptr_array_add (parts, (gpointer)_("inactive tokens"));
  if (possible & TOKENS_REVIEW_EXPIRED)
    g_ptr_array_add (parts, (gpointer)_("expired tokens"));
  if (possible & TOKENS_REVIEW_EXPIRING_SOON)
    g_ptr_array_add (parts, (gpointer)_("tokens expiring within 14 days"));
  g_ptr_array_add (parts, (gpointer)_("old tokens"));
  if (possible & TOKENS_REVIEW_OWNER_GONE)
    g_ptr_array_add (parts, (gpointer)_("tokens whose owner is gone"));
  g_ptr_array_add (parts, (gpointer)_("likely copies"));
  g_ptr_array_add (parts, NULL);

  /* Translators: the list separator of what the review lists */
  joined = g_strjoinv (_(", "), (char **)parts->pdata);
  /* Translators: %s lists kinds of tokens, e.g. "all-access tokens, old tokens" */
  text = g_strdup_printf (_("Lists %s."), joined);
  gtk_label_set_text (self->review_reasons_label, text);
}

/**
 * tokens_filter_popover_set_features:
 *
 * Offers the statuses the server's tokens can have, and the owner and
 * organization choices only where tokens have them. Goes back to the
 * default status.
 */
void
tokens_filter_popover_set_features (TokensFilterPopover   *self,
                                    TokensBackendFeatures  features)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  gboolean owners = (features & TOKENS_BACKEND_OWNERS) != 0 || features == 0;

  g_return_if_fail (TOKENS_IS_FILTER_POPOVER (self));

  self->n_statuses = 0;
  if (features & TOKENS_BACKEND_REVOKED)
    self->statuses[self->n_statuses++] = TOKENS_STATUS_NOT_REVOKED;
  self->statuses[self->n_statuses++] = TOKENS_STATUS_ANY;
  self->statuses[self->n_statuses++] = TOKENS_STATUS_ACTIVE;
  if ((features & TOKENS_BACKEND_DEACTIVATE) || features == 0)
    self->statuses[self->n_statuses++] = TOKENS_STATUS_INACTIVE;
  if (features & TOKENS_BACKEND_EXPIRY)
    self->statuses[self->n_statuses++] = TOKENS_STATUS_EXPIRED;
  if (features & TOKENS_BACKEND_REVOKED)
    self->statuses[self->n_statuses++] = TOKENS_STATUS_REVOKED;

  for (guint i = 0; i < self->n_statuses; i++)
    g_ptr_array_add (labels, (gpointer)status_choice_label (self->statuses[i]));
  g_ptr_array_add (labels, NULL);

  g_signal_handlers_block_by_func (self->status_dropdown, on_filter_changed_cb, self);
  gtk_string_list_splice (self->status_model, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->status_model)),
                          (const char * const *)labels->pdata);
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  g_signal_handlers_unblock_by_func (self->status_dropdown, on_filter_changed_cb, self);

  update_review_reasons (self, features);

  gtk_widget_set_visible (self->owner_label, owners);
  gtk_widget_set_visible (GTK_WIDGET (self->owner_dropdown), owners);
  gtk_widget_set_visible (self->org_label, owners);
  gtk_widget_set_visible (GTK_WIDGET (self->org_dropdown), owners);
}

TokensStatusFilter
tokens_filter_popover_get_status (TokensFilterPopover *self)
{
  guint selected;

  g_return_val_if_fail (TOKENS_IS_FILTER_POPOVER (self), TOKENS_STATUS_ANY);

  selected = gtk_drop_down_get_selected (self->status_dropdown);
  return selected < self->n_statuses ? self->statuses[selected] : TOKENS_STATUS_ANY;
}

/* Returns: (nullable): the owner chosen, or %NULL for any */
const char *
tokens_filter_popover_get_owner (TokensFilterPopover *self)
{
  g_return_val_if_fail (TOKENS_IS_FILTER_POPOVER (self), NULL);
  return selected_string (self->owner_dropdown);
}

/* Returns: (nullable): the organization chosen, or %NULL for any */
const char *
tokens_filter_popover_get_org (TokensFilterPopover *self)
{
  g_return_val_if_fail (TOKENS_IS_FILTER_POPOVER (self), NULL);
  return selected_string (self->org_dropdown);
}

static guint
find_choice (GtkStringList *model,
             const char    *value)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  if (value == NULL)
    return 0;
  for (guint i = 1; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (model, i), value) == 0)
      return i;
  g_return_val_if_reached (0);
}

/**
 * tokens_filter_popover_set_filters:
 * @owner: (nullable): one of the owners offered, or %NULL for any
 * @org: (nullable): one of the organizations offered, or %NULL for any
 *
 * Chooses as a person would in the drop-downs.
 */
void
tokens_filter_popover_set_filters (TokensFilterPopover *self,
                                   TokensStatusFilter   status,
                                   const char          *owner,
                                   const char          *org)
{
  g_return_if_fail (TOKENS_IS_FILTER_POPOVER (self));

  for (guint i = 0; i < self->n_statuses; i++)
    if (self->statuses[i] == status)
      gtk_drop_down_set_selected (self->status_dropdown, i);
  gtk_drop_down_set_selected (self->owner_dropdown, find_choice (self->owner_model, owner));
  gtk_drop_down_set_selected (self->org_dropdown, find_choice (self->org_model, org));
}

static void
on_sort_changed_cb (TokensFilterPopover *self)
{
  g_signal_emit (self, signals[SORT_CHANGED], 0);
}

static void
on_filter_changed_cb (TokensFilterPopover *self)
{
  g_signal_emit (self, signals[FILTER_CHANGED], 0);
}

static void
on_review_toggled_cb (TokensFilterPopover *self)
{
  gboolean on = gtk_check_button_get_active (self->review_check);

  gtk_widget_set_sensitive (GTK_WIDGET (self->age_dropdown), on);
  gtk_widget_set_sensitive (self->age_label, on);
  g_signal_emit (self, signals[FILTER_CHANGED], 0);
}

/**
 * tokens_filter_popover_get_review:
 * @age: (out) (optional): what "old" means, as chosen
 *
 * Returns: whether only the tokens to review are shown
 */
gboolean
tokens_filter_popover_get_review (TokensFilterPopover *self,
                                  TokensReviewAge     *age)
{
  g_return_val_if_fail (TOKENS_IS_FILTER_POPOVER (self), FALSE);

  if (age != NULL)
    *age = gtk_drop_down_get_selected (self->age_dropdown);
  return gtk_check_button_get_active (self->review_check);
}

/* Chooses as a person would with the check and the drop-down. */
void
tokens_filter_popover_set_review (TokensFilterPopover *self,
                                  gboolean             review,
                                  TokensReviewAge      age)
{
  g_return_if_fail (TOKENS_IS_FILTER_POPOVER (self));

  gtk_drop_down_set_selected (self->age_dropdown, age);
  gtk_check_button_set_active (self->review_check, review);
}

static void
tokens_filter_popover_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TOKENS_TYPE_FILTER_POPOVER);

  G_OBJECT_CLASS (tokens_filter_popover_parent_class)->dispose (object);
}

static void
tokens_filter_popover_class_init (TokensFilterPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tokens_filter_popover_dispose;

  signals[SORT_CHANGED] = g_signal_new ("sort-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FILTER_CHANGED] = g_signal_new ("filter-changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/tokens-filter-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, TokensFilterPopover, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TokensFilterPopover, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TokensFilterPopover, owner_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TokensFilterPopover, org_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TokensFilterPopover, owner_model);
  gtk_widget_class_bind_template_child (widget_class, TokensFilterPopover, org_model);
  gtk_widget_class_bind_template_child (widget_class, TokensFilterPopover, status_model);
  gtk_widget_class_bind_template_child (widget_class, TokensFilterPopover, owner_label);
  gtk_widget_class_bind_template_child (widget_class, TokensFilterPopover, org_label);
  gtk_widget_class_bind_template_callback (widget_class, on_sort_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, TokensFilterPopover, review_check);
  gtk_widget_class_bind_template_child (widget_class, TokensFilterPopover, age_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TokensFilterPopover, age_label);
  gtk_widget_class_bind_template_child (widget_class, TokensFilterPopover, review_reasons_label);
  gtk_widget_class_bind_template_child (widget_class, TokensFilterPopover, last_used_label);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_review_toggled_cb);
}

static void
tokens_filter_popover_init (TokensFilterPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  on_review_toggled_cb (self);
  tokens_filter_popover_set_features (self, 0);
  tokens_filter_popover_set_choices (self, NULL);
}

TokensFilterPopover *
tokens_filter_popover_new (void)
{
  return g_object_new (TOKENS_TYPE_FILTER_POPOVER, NULL);
}
