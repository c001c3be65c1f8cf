/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-paced-model"

#include "config.h"

#include "tokens-paced-model.h"

/*
 * Passes a model through, except that when many items arrive or leave at
 * once in sight, what comes into view is shown a screenful per frame.
 *
 * GTK 4.8's list view keeps 200 rows alive whatever the window's height,
 * and builds all of them in the frame in which a list of 100,000 tokens
 * arrives or a search changes it: over 100 ms with nothing drawn. Through
 * this model the list view sees the first rows at once and the rest of its
 * 200 over the next frames, so every frame keeps to its budget and the
 * first one already shows what is in view. Past the list view's 200 rows
 * everything else follows in one step, as it costs the list view nothing.
 *
 * Only while @widget is on screen: otherwise nobody is watching, and the
 * model passes changes through at once.
 */

#define PACE_FROM   64    /* smaller changes pass at once */
#define FIRST_ROWS  10    /* more than a tall window shows */
#define ROWS_A_FRAME 10
#define PACED_ROWS  240   /* beyond GTK 4.8's 200 live rows */

struct _TokensPacedModel
{
  GObject parent_instance;

  GListModel *model;
  GtkWidget *widget;      /* weak: whose frames set the pace */
  guint n_upstream;
  guint limit;            /* G_MAXUINT when not pacing */
  guint paced_until;      /* pacing ends when limit reaches this */
  gboolean just_started;  /* the next frame draws the first rows, no more */
  guint tick_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TokensPacedModel, tokens_paced_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *list)
{
  TokensPacedModel *self = TOKENS_PACED_MODEL (list);

  return g_list_model_get_item_type (self->model);
}

static guint
get_n_items (GListModel *list)
{
  TokensPacedModel *self = TOKENS_PACED_MODEL (list);

  return MIN (self->n_upstream, self->limit);
}

static gpointer
get_item (GListModel *list,
          guint       position)
{
  TokensPacedModel *self = TOKENS_PACED_MODEL (list);

  if (position >= get_n_items (list))
    return NULL;
  return g_list_model_get_item (self->model, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
stop_ticking (TokensPacedModel *self)
{
  if (self->tick_id != 0 && self->widget != NULL)
    gtk_widget_remove_tick_callback (self->widget, self->tick_id);
  self->tick_id = 0;
}

/* Shows up to @limit items, announcing the ones that come into sight. */
static void
reveal (TokensPacedModel *self,
        guint             limit)
{
  guint before = get_n_items (G_LIST_MODEL (self));

  if (limit >= self->paced_until || limit >= self->n_upstream)
    {
      limit = G_MAXUINT;
      stop_ticking (self);
    }
  self->limit = limit;
  if (get_n_items (G_LIST_MODEL (self)) > before)
    g_list_model_items_changed (G_LIST_MODEL (self), before, 0, get_n_items (G_LIST_MODEL (self)) - before);
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  TokensPacedModel *self = user_data;
  guint id = self->tick_id;

  /* Tick callbacks run before the frame is laid out: the frame that shows
   * the first rows gets no more than those. */
  if (self->just_started)
    {
      self->just_started = FALSE;
      return G_SOURCE_CONTINUE;
    }

  /* Returning G_SOURCE_REMOVE ends this callback; reveal() must not. */
  self->tick_id = 0;
  reveal (self, self->limit + ROWS_A_FRAME);
  if (self->limit == G_MAXUINT)
    return G_SOURCE_REMOVE;
  self->tick_id = id;
  return G_SOURCE_CONTINUE;
}

static void
on_items_changed (TokensPacedModel *self,
                  guint             position,
                  guint             removed,
                  guint             added,
                  GListModel        *model)
{
  guint shown_before = get_n_items (G_LIST_MODEL (self));
  guint shown_after, from;
  gboolean was_pacing = self->limit != G_MAXUINT;

  self->n_upstream = self->n_upstream - removed + added;

  if ((added >= PACE_FROM || removed >= PACE_FROM) && position < shown_before + 1 &&
      self->widget != NULL && gtk_widget_get_mapped (self->widget))
    {
      self->limit = position + FIRST_ROWS;
      self->paced_until = position + PACED_ROWS;
      self->just_started = TRUE;
      if (self->tick_id == 0)
        self->tick_id = gtk_widget_add_tick_callback (self->widget, on_tick, self, NULL);
    }
  else if (was_pacing && self->limit >= self->n_upstream)
    {
      self->limit = G_MAXUINT;
      stop_ticking (self);
    }

  if (!was_pacing && self->limit == G_MAXUINT)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }

  /* Everything in sight from @position on is replaced by what is in
   * sight now; items the list view already has a row for keep it. */
  shown_after = get_n_items (G_LIST_MODEL (self));
  from = MIN (position, shown_before);
  if (from < shown_before || from < shown_after)
    g_list_model_items_changed (G_LIST_MODEL (self), from, shown_before - from, shown_after - from);
}

static void
tokens_paced_model_dispose (GObject *object)
{
  TokensPacedModel *self = TOKENS_PACED_MODEL (object);

  stop_ticking (self);
  if (self->widget != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->widget), (gpointer *)&self->widget);
  self->widget = NULL;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (tokens_paced_model_parent_class)->dispose (object);
}

static void
tokens_paced_model_class_init (TokensPacedModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tokens_paced_model_dispose;
}

static void
tokens_paced_model_init (TokensPacedModel *self)
{
  self->limit = G_MAXUINT;
}

/**
 * tokens_paced_model_new:
 * @model: the model to pass through
 * @widget: the widget showing it, whose frames set the pace
 *
 * Returns: (transfer full): a new model
 */
TokensPacedModel *
tokens_paced_model_new (GListModel *model,
                        GtkWidget  *widget)
{
  TokensPacedModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  self = g_object_new (TOKENS_TYPE_PACED_MODEL, NULL);
  self->model = g_object_ref (model);
  self->n_upstream = g_list_model_get_n_items (model);
  self->widget = widget;
  g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *)&self->widget);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (on_items_changed), self,
                           G_CONNECT_SWAPPED);
  return self;
}

/* Whether some items are still to come. */
gboolean
tokens_paced_model_is_pacing (TokensPacedModel *self)
{
  g_return_val_if_fail (TOKENS_IS_PACED_MODEL (self), FALSE);
  return self->limit != G_MAXUINT;
}

/* Adds no rows in the next frame, which something else needs. */
void
tokens_paced_model_rest (TokensPacedModel *self)
{
  g_return_if_fail (TOKENS_IS_PACED_MODEL (self));

  if (self->tick_id != 0)
    self->just_started = TRUE;
}

/* Shows every item now: before selecting all of them, for one. */
void
tokens_paced_model_finish (TokensPacedModel *self)
{
  g_return_if_fail (TOKENS_IS_PACED_MODEL (self));

  if (self->limit != G_MAXUINT)
    reveal (self, G_MAXUINT);
}
