/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-token-list"

#include "config.h"

#include "tokens-token-list-private.h"

#include <string.h>

/*
 * The merge engine: how the tokens a refresh brought become the list. They
 * are sorted newest first and indexed by id off the main thread (the
 * client runs _tokens_token_list_index_tokens() in its worker), then taken
 * in on the main thread a slice at a time, keeping the objects of tokens
 * still there, and the list changes in as few signals as it can.
 */

/* The tokens of one refresh, sorted and indexed off the main thread. */
struct _TokensTokenListIndex
{
  GHashTable *by_id;
  gboolean found_own;
};

TokensTokenListIndex *
_tokens_token_list_index_new (void)
{
  TokensTokenListIndex *index = g_new0 (TokensTokenListIndex, 1);

  return index;
}

void
_tokens_token_list_index_free (TokensTokenListIndex *index)
{
  g_clear_pointer (&index->by_id, g_hash_table_unref);
  g_free (index);
}

typedef struct
{
  gint64 created;
  guint64 id;
  TokensToken *authorization;
} SortKey;

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  const SortKey *x = a, *y = b;

  if (x->created != y->created)
    return x->created > y->created ? -1 : 1;
  if (x->id != y->id)
    return x->id < y->id ? -1 : 1;
  return 0;
}

/*
 * Newest first, then by id: the order the window opens with, so its sort
 * model finds the tokens already in order instead of moving 100,000 of
 * them about on the main thread while they are being shown.
 */
static void
sort_newest_first (GPtrArray *array)
{
  g_autofree SortKey *keys = NULL;

  if (array->len < 2)
    return;

  keys = g_new (SortKey, array->len);

  for (guint i = 0; i < array->len; i++)
    {
      TokensToken *a = g_ptr_array_index (array, i);
      GDateTime *created = tokens_token_get_created_at (a);

      keys[i].created = created != NULL ? g_date_time_to_unix (created) * G_USEC_PER_SEC +
                                          g_date_time_get_microsecond (created)
                                        : G_MININT64;
      keys[i].id = tokens_token_get_order (a);
      keys[i].authorization = a;
    }
  qsort (keys, array->len, sizeof (SortKey), newest_first);
  for (guint i = 0; i < array->len; i++)
    g_ptr_array_index (array, i) = keys[i].authorization;
}

/*
 * In a worker thread (a TokensBackendPrepareFunc): the tokens are new, nobody
 * else holds them yet. Sorts @fresh and indexes it into @data, a
 * TokensTokenListIndex.
 */
void
_tokens_token_list_index_tokens (GPtrArray     *fresh,
                                 TokensBackend *backend,
                                 TokensProduct  product,
                                 gpointer       data)
{
  TokensTokenListIndex *index = data;
  gboolean any_clear = FALSE;
  gboolean unknowable;

  sort_newest_first (fresh);
  index->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < fresh->len; i++)
    {
      TokensToken *a = g_ptr_array_index (fresh, i);
      gboolean own = tokens_backend_is_own_token (backend, a);

      tokens_token_set_is_current (a, own);
      index->found_own |= own;
      any_clear |= tokens_token_has_token_value (a);
      g_hash_table_insert (index->by_id, (gpointer)tokens_token_get_id (a), a);
    }

  /* OSS 2.9 and later give no token values and no way to ask: which token
   * is the app's own cannot be known. Any that may list tokens could be. */
  unknowable = !index->found_own && !any_clear &&
               tokens_product_get_api (product) == TOKENS_API_V2 && product != TOKENS_PRODUCT_CLOUD;
  for (guint i = 0; i < fresh->len; i++)
    {
      TokensToken *a = g_ptr_array_index (fresh, i);

      tokens_token_set_may_be_current (a, unknowable && tokens_token_can_read_tokens (a));
    }
}

/* In a worker thread: objects nobody else holds, let go of there. */
static void
drop_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_ptr_array_set_size (task_data, 0);
}

/*
 * A refresh of a list already shown keeps the objects of tokens that are
 * still there, so rows and the details view bound to them stay put: each
 * takes the new values, on the main thread, where they are shown. For
 * 100,000 tokens that is 130-150 ms, so it is done a slice at a time
 * (MERGE_SLICE_US, then the window draws), and the new objects that are
 * not needed are let go of in a worker thread. The list changes in one
 * step at the end.
 */
typedef struct
{
  GTask *task;
  GPtrArray *fresh;
  TokensTokenListIndex *index;    /* @task's */
  guint next;
  GPtrArray *dropped;    /* new objects whose older ones stay */
} Merge;

static void
merge_free (Merge *merge)
{
  g_clear_object (&merge->task);
  g_clear_pointer (&merge->fresh, g_ptr_array_unref);
  g_clear_pointer (&merge->dropped, g_ptr_array_unref);
  g_free (merge);
}

/*
 * What a refresh changed, as GTK's own models say it: one signal for each
 * run of tokens that went or came. Both lists are newest first, and a
 * token still there is the same object in both, so one walk finds the runs
 * (telling the window's models that all of 100,000 tokens were replaced
 * took them 19 ms; a refresh that finds what is shown now says nothing).
 * Past MAX_RUNS, one signal from the first change to the last.
 */
#define MAX_RUNS 32

typedef struct
{
  guint position;    /* in the list as it is when the run is applied */
  guint removed;
  guint added;       /* fresh[position .. position + added) */
} Run;

/* Returns the number of runs, or G_MAXUINT if there are too many. */
static guint
find_runs (GPtrArray  *old,
           GHashTable *old_by_id,
           GPtrArray  *fresh,
           GHashTable *fresh_by_id,
           Run        *runs)
{
  guint i = 0, j = 0, n = 0;

  while (i < old->len || j < fresh->len)
    {
      guint from_i = i, from_j = j;

      if (i < old->len && j < fresh->len && old->pdata[i] == fresh->pdata[j])
        {
          i++, j++;
          continue;
        }

      /* Gone: not in the fresh list as the same object. */
      while (i < old->len &&
             g_hash_table_lookup (fresh_by_id, tokens_token_get_id (old->pdata[i])) != old->pdata[i])
        i++;
      /* Came: not in the old list as the same object. */
      while (j < fresh->len &&
             g_hash_table_lookup (old_by_id, tokens_token_get_id (fresh->pdata[j])) != fresh->pdata[j])
        j++;

      /* What both still have comes in the same order, or the walk is off. */
      if (n == MAX_RUNS || (i == from_i && j == from_j) ||
          (i < old->len && j < fresh->len && old->pdata[i] != fresh->pdata[j]))
        return G_MAXUINT;

      runs[n].position = from_j;
      runs[n].removed = i - from_i;
      runs[n].added = j - from_j;
      n++;
    }
  return n;
}

/* Takes @fresh and @fresh_by_id: the list from now on. */
static void
swap_in (TokensTokenList *self,
         GPtrArray       *fresh,
         GHashTable      *fresh_by_id)
{
  g_autoptr(GPtrArray) old = NULL;
  Run runs[MAX_RUNS];
  /* A first list is simply all new. */
  guint n_runs = self->items->len == 0 ? G_MAXUINT : find_runs (self->items, self->by_id, fresh, fresh_by_id, runs);

  if (n_runs != G_MAXUINT)
    {
      /* Each run applied in turn, so the list is what each signal says. */
      for (guint r = 0; r < n_runs; r++)
        {
          guint rest;

          g_ptr_array_remove_range (self->items, runs[r].position, runs[r].removed);
          rest = self->items->len - runs[r].position;
          g_ptr_array_set_size (self->items, self->items->len + runs[r].added);
          memmove (&self->items->pdata[runs[r].position + runs[r].added],
                   &self->items->pdata[runs[r].position], rest * sizeof (gpointer));
          for (guint k = 0; k < runs[r].added; k++)
            self->items->pdata[runs[r].position + k] = g_object_ref (fresh->pdata[runs[r].position + k]);
          _tokens_token_list_items_changed (self, runs[r].position, runs[r].removed, runs[r].added);
        }
      g_assert (self->items->len == fresh->len);
    }

  old = g_steal_pointer (&self->items);
  g_hash_table_unref (self->by_id);
  self->items = fresh;
  self->by_id = fresh_by_id;

  if (n_runs == G_MAXUINT)
    {
      guint head = 0, tail = 0;

      while (head < old->len && head < fresh->len && old->pdata[head] == fresh->pdata[head])
        head++;
      while (tail < old->len - head && tail < fresh->len - head &&
             old->pdata[old->len - 1 - tail] == fresh->pdata[fresh->len - 1 - tail])
        tail++;
      if (old->len - head - tail > 0 || fresh->len - head - tail > 0)
        _tokens_token_list_items_changed (self, head, old->len - head - tail, fresh->len - head - tail);
    }
}

/*
 * A token the server confirmed deleted while this refresh was under way
 * (the app's own delete, answered between the list and its arrival here)
 * does not come back: a row disappears only once, and for good.
 */
static void
drop_gone (TokensTokenList *self,
           Merge           *merge)
{
  GPtrArray *fresh = merge->fresh;
  guint kept = 0;

  g_ptr_array_set_free_func (fresh, NULL);
  for (guint i = 0; i < fresh->len; i++)
    {
      TokensToken *a = fresh->pdata[i];

      if (g_hash_table_contains (self->gone, tokens_token_get_id (a)))
        {
          g_hash_table_remove (merge->index->by_id, tokens_token_get_id (a));
          g_object_unref (a);
        }
      else
        fresh->pdata[kept++] = a;
    }
  g_ptr_array_set_size (fresh, kept);
  g_ptr_array_set_free_func (fresh, g_object_unref);
}

static void
merge_finish (TokensTokenList *self,
              Merge           *merge)
{
  gboolean found_own = merge->index->found_own;

  if (g_hash_table_size (self->gone) > 0)
    drop_gone (self, merge);

  if (merge->dropped->len > 0)
    {
      GTask *drop = g_task_new (NULL, NULL, NULL, NULL);

      g_task_set_task_data (drop, g_steal_pointer (&merge->dropped), (GDestroyNotify)g_ptr_array_unref);
      g_task_run_in_thread (drop, drop_in_thread);
      g_object_unref (drop);
    }

  swap_in (self, g_steal_pointer (&merge->fresh), g_steal_pointer (&merge->index->by_id));

  _tokens_token_list_merged (self, g_steal_pointer (&merge->task), found_own);
}

/* Returns whether there is more to do. */
static gboolean
merge_slice (Merge *merge)
{
  TokensTokenList *self = g_task_get_source_object (merge->task);
  GPtrArray *fresh = merge->fresh;
  GHashTable *fresh_by_id = merge->index->by_id;
  gint64 deadline = g_get_monotonic_time () + self->merge_slice_us;

  /* A newer refresh, or the list going away, wins. */
  if (g_task_return_error_if_cancelled (merge->task))
    return FALSE;
  self->n_merge_slices++;

  if (merge->next == fresh->len)
    {
      merge_finish (self, merge);
      return FALSE;
    }

  while (merge->next < fresh->len)
    {
      guint i = merge->next++;
      TokensToken *newer = g_ptr_array_index (fresh, i);
      TokensToken *older = g_hash_table_lookup (self->by_id, tokens_token_get_id (newer));

      if (older != NULL)
        {
          tokens_token_update_from (older, newer);
          tokens_token_set_is_current (older, tokens_token_get_is_current (newer));
          tokens_token_set_may_be_current (older, tokens_token_get_may_be_current (newer));
          g_ptr_array_index (fresh, i) = g_object_ref (older);
          /* The key too: the newer object's id goes with it. */
          g_hash_table_replace (fresh_by_id, (gpointer)tokens_token_get_id (older), older);
          g_ptr_array_add (merge->dropped, newer);
        }

      if ((merge->next & 255) == 0 && g_get_monotonic_time () >= deadline)
        return TRUE;
    }

  /* The change itself in a turn of its own, after a frame if one is due. */
  if (g_get_monotonic_time () >= deadline)
    return TRUE;
  merge_finish (self, merge);
  return FALSE;
}

static gboolean
on_merge_idle (gpointer data)
{
  return merge_slice (data) ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/*
 * Takes @task and @fresh: the tokens that came, sorted and indexed into
 * @index, @task's data, by _tokens_token_list_index_tokens(). Calls _tokens_token_list_merged()
 * once they are the list, unless @task was cancelled first.
 */
void
_tokens_token_list_merge (TokensTokenList      *self,
                          GTask                *task,
                          GPtrArray            *fresh,
                          TokensTokenListIndex *index)
{
  Merge *merge = g_new0 (Merge, 1);

  merge->task = task;
  merge->fresh = fresh;
  merge->index = index;
  merge->dropped = g_ptr_array_new_with_free_func (g_object_unref);
  if (self->items->len == 0)
    merge->next = merge->fresh->len;    /* nothing to keep */
  self->n_merge_slices = 0;

  /* A first list, or a small one, is taken at once. */
  if (merge_slice (merge))
    {
      /* Below redraws in priority: a frame that is due comes first. */
      GSource *idle = g_idle_source_new ();

      g_source_set_priority (idle, G_PRIORITY_DEFAULT_IDLE);
      g_source_set_callback (idle, on_merge_idle, merge, (GDestroyNotify)merge_free);
      g_source_attach (idle, g_task_get_context (merge->task));
      g_source_unref (idle);
    }
  else
    merge_free (merge);
}

guint
_tokens_token_list_get_n_merge_slices (TokensTokenList *self)
{
  return self->n_merge_slices;
}

/* For the tests: 0 makes every slice 256 tokens, whatever the machine. */
void
_tokens_token_list_set_merge_slice_us (TokensTokenList *self,
                                       guint            us)
{
  self->merge_slice_us = us;
}
