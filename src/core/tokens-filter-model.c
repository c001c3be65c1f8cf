/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-filter-model"

#include "config.h"

#include "tokens-filter-model.h"

/*
 * A filtering GListModel that answers a change of search in one
 * items-changed signal, and leaves alone the rows the old and new results
 * share at either end.
 *
 * GTK 4.8's GtkFilterListModel answers a filter that changed in any way
 * but "more strict" by first putting every item back (100,000 of them) and
 * then taking away what does not match: two signals, and the list view
 * builds its 200 rows twice for each keystroke. Here the new matches are
 * worked out first and only the difference is announced.
 *
 * Which items match is an ascending array of positions in the underlying
 * model, so a row finds its item in one step; with no function the model
 * passes everything through untouched.
 */
struct _TokensFilterModel
{
  GObject parent_instance;

  GListModel *model;
  TokensFilterModelFunc func;
  gpointer user_data;
  GArray *matches;        /* guint positions in model that pass, ascending; NULL without func */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TokensFilterModel, tokens_filter_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

#define MATCH(array, i) g_array_index ((array), guint, (i))

static guint
n_upstream (TokensFilterModel *self)
{
  return self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
}

static GType
get_item_type (GListModel *list)
{
  TokensFilterModel *self = TOKENS_FILTER_MODEL (list);

  return self->model != NULL ? g_list_model_get_item_type (self->model) : G_TYPE_OBJECT;
}

static guint
get_n_items (GListModel *list)
{
  TokensFilterModel *self = TOKENS_FILTER_MODEL (list);

  if (self->matches == NULL)
    return n_upstream (self);
  return self->matches->len;
}

static gpointer
get_item (GListModel *list,
          guint       position)
{
  TokensFilterModel *self = TOKENS_FILTER_MODEL (list);

  if (self->model == NULL)
    return NULL;
  if (self->matches == NULL)
    return g_list_model_get_item (self->model, position);
  if (position >= self->matches->len)
    return NULL;
  return g_list_model_get_item (self->model, MATCH (self->matches, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static gboolean
passes (TokensFilterModel *self,
        guint              position)
{
  g_autoptr(GObject) item = g_list_model_get_item (self->model, position);

  return item != NULL && self->func (item, self->user_data);
}

/* The positions that pass: of @candidates if given, else of every item. */
static GArray *
compute_matches (TokensFilterModel *self,
                 GArray            *candidates)
{
  guint n = candidates != NULL ? candidates->len : n_upstream (self);
  GArray *matches = g_array_sized_new (FALSE, FALSE, sizeof (guint), MIN (n, 4096));

  for (guint i = 0; i < n; i++)
    {
      guint position = candidates != NULL ? MATCH (candidates, i) : i;

      if (passes (self, position))
        g_array_append_val (matches, position);
    }
  return matches;
}

/*
 * Announces the change from @before to @after (positions upstream; NULL
 * means every one of @n_all) as one signal, leaving out what they share at
 * the start and at the end.
 */
static void
announce (TokensFilterModel *self,
          GArray            *before,
          GArray            *after,
          guint              n_all)
{
  guint n_before = before != NULL ? before->len : n_all;
  guint n_after = after != NULL ? after->len : n_all;
  guint shorter = MIN (n_before, n_after);
  guint head = 0, tail = 0;

#define AT(array, i) ((array) != NULL ? MATCH ((array), (i)) : (i))
  while (head < shorter && AT (before, head) == AT (after, head))
    head++;
  while (head + tail < shorter &&
         AT (before, n_before - 1 - tail) == AT (after, n_after - 1 - tail))
    tail++;
#undef AT

  if (n_before - head - tail == 0 && n_after - head - tail == 0)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), head, n_before - head - tail, n_after - head - tail);
}

/* The index of the first match at or after upstream @position. */
static guint
lower_bound (GArray *matches,
             guint   position)
{
  guint lo = 0, hi = matches->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (MATCH (matches, mid) < position)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
on_items_changed (TokensFilterModel *self,
                  guint              position,
                  guint              removed,
                  guint              added,
                  GListModel        *model)
{
  guint first, last, n_added = 0;
  g_autoptr(GArray) fresh = NULL;

  if (self->matches == NULL)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }

  /* Matches in [first, last) were among the removed items. */
  first = lower_bound (self->matches, position);
  last = lower_bound (self->matches, position + removed);

  fresh = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < added; i++)
    if (passes (self, position + i))
      {
        guint p = position + i;

        g_array_append_val (fresh, p);
      }
  n_added = fresh->len;

  for (guint i = last; i < self->matches->len; i++)
    MATCH (self->matches, i) = MATCH (self->matches, i) - removed + added;
  g_array_remove_range (self->matches, first, last - first);
  g_array_insert_vals (self->matches, first, fresh->data, fresh->len);

  if (last - first > 0 || n_added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), first, last - first, n_added);
}

static void
tokens_filter_model_dispose (GObject *object)
{
  TokensFilterModel *self = TOKENS_FILTER_MODEL (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_clear_object (&self->model);
  g_clear_pointer (&self->matches, g_array_unref);

  G_OBJECT_CLASS (tokens_filter_model_parent_class)->dispose (object);
}

static void
tokens_filter_model_class_init (TokensFilterModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tokens_filter_model_dispose;
}

static void
tokens_filter_model_init (TokensFilterModel *self)
{
}

/**
 * tokens_filter_model_new:
 * @model: (nullable): the model to filter
 *
 * Returns: (transfer full): a model showing all of @model until a function
 *   is set
 */
TokensFilterModel *
tokens_filter_model_new (GListModel *model)
{
  TokensFilterModel *self = g_object_new (TOKENS_TYPE_FILTER_MODEL, NULL);

  tokens_filter_model_set_model (self, model);
  return self;
}

GListModel *
tokens_filter_model_get_model (TokensFilterModel *self)
{
  g_return_val_if_fail (TOKENS_IS_FILTER_MODEL (self), NULL);
  return self->model;
}

void
tokens_filter_model_set_model (TokensFilterModel *self,
                               GListModel        *model)
{
  guint removed;

  g_return_if_fail (TOKENS_IS_FILTER_MODEL (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  removed = get_n_items (G_LIST_MODEL (self));
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_object (model, "items-changed", G_CALLBACK (on_items_changed), self,
                             G_CONNECT_SWAPPED);

  if (self->matches != NULL)
    {
      g_array_unref (self->matches);
      self->matches = compute_matches (self, NULL);
    }

  if (removed > 0 || get_n_items (G_LIST_MODEL (self)) > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, get_n_items (G_LIST_MODEL (self)));
}

/**
 * tokens_filter_model_set_func:
 * @func: (nullable): what decides whether an item is shown, or %NULL to
 *   show everything
 *
 * Sets the function and filters again with it.
 */
void
tokens_filter_model_set_func (TokensFilterModel     *self,
                              TokensFilterModelFunc  func,
                              gpointer               user_data)
{
  g_autoptr(GArray) before = NULL;

  g_return_if_fail (TOKENS_IS_FILTER_MODEL (self));

  if (func == NULL && self->func == NULL)
    return;

  before = g_steal_pointer (&self->matches);
  self->func = func;
  self->user_data = user_data;
  if (func != NULL)
    self->matches = compute_matches (self, NULL);
  announce (self, before, self->matches, n_upstream (self));
}

/**
 * tokens_filter_model_refilter:
 * @more_strict: whether everything that passes now passed before, so that
 *   only what passed needs checking
 *
 * Checks the items again after what the function decides on changed.
 */
void
tokens_filter_model_refilter (TokensFilterModel *self,
                              gboolean           more_strict)
{
  g_autoptr(GArray) before = NULL;

  g_return_if_fail (TOKENS_IS_FILTER_MODEL (self));

  if (self->func == NULL)
    return;

  before = g_steal_pointer (&self->matches);
  self->matches = compute_matches (self, more_strict ? before : NULL);
  announce (self, before, self->matches, n_upstream (self));
}
