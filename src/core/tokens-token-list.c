/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-token-list"

#include "config.h"

#include "tokens-token-list-private.h"
#include "tokens-core-enums.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define MERGE_SLICE_US 4000    /* a refresh's merge: how long a slice may take (see merge_slice) */

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TokensTokenList, tokens_token_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  BULK_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_STATE,
  PROP_ERROR,
  PROP_RETRY_IN,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* g_cancellable_connect() calls back with the source first: cancel the other. */
static void
cancel_other (GCancellable *source,
              GCancellable *other)
{
  g_cancellable_cancel (other);
}

static GType
get_item_type (GListModel *model)
{
  return TOKENS_TYPE_AUTHORIZATION;
}

static guint
get_n_items (GListModel *model)
{
  return TOKENS_TOKEN_LIST (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  GPtrArray *items = TOKENS_TOKEN_LIST (model)->items;

  if (position >= items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

void
_tokens_token_list_items_changed (TokensTokenList *self,
                                  guint            position,
                                  guint            removed,
                                  guint            added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
set_state (TokensTokenList      *self,
           TokensTokenListState  state,
           const GError         *error)
{
  gboolean error_changed = self->error != NULL || error != NULL;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (error_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_retry_in (TokensTokenList *self,
              guint            seconds)
{
  if (self->retry_in == seconds)
    return;
  self->retry_in = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_IN]);
}

static void
on_retry_scheduled (TokensTokenList *self,
                    guint            seconds,
                    TokensClient    *client)
{
  if (self->state == TOKENS_TOKEN_LIST_STATE_LOADING)
    set_retry_in (self, seconds);
}

void
_tokens_token_list_emit_bulk_progress (TokensTokenList *self,
                                       guint            done,
                                       guint            total)
{
  g_signal_emit (self, signals[BULK_PROGRESS], 0, done, total);
}

static void
tokens_token_list_constructed (GObject *object)
{
  TokensTokenList *self = (TokensTokenList *)object;

  G_OBJECT_CLASS (tokens_token_list_parent_class)->constructed (object);

  g_return_if_fail (TOKENS_IS_CLIENT (self->client));
  self->retry_handler = g_signal_connect_object (self->client, "retry-scheduled",
                                                 G_CALLBACK (on_retry_scheduled), self,
                                                 G_CONNECT_SWAPPED);
}

static void
tokens_token_list_dispose (GObject *object)
{
  TokensTokenList *self = (TokensTokenList *)object;

  {
    GHashTableIter iter;
    gpointer cancellable;

    g_hash_table_iter_init (&iter, self->live_operations);
    while (g_hash_table_iter_next (&iter, &cancellable, NULL))
      g_cancellable_cancel (cancellable);
  }
  if (self->refresh_cancellable != NULL)
    g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);
  g_clear_signal_handler (&self->retry_handler, self->client);

  G_OBJECT_CLASS (tokens_token_list_parent_class)->dispose (object);
}

static void
tokens_token_list_finalize (GObject *object)
{
  TokensTokenList *self = (TokensTokenList *)object;

  g_clear_object (&self->client);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->live_operations, g_hash_table_unref);
  g_clear_pointer (&self->gone, g_hash_table_unref);
  g_clear_error (&self->error);
  g_free (self->product_name);
  g_free (self->org);

  G_OBJECT_CLASS (tokens_token_list_parent_class)->finalize (object);
}

static void
tokens_token_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TokensTokenList *self = TOKENS_TOKEN_LIST (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_RETRY_IN:
      g_value_set_uint (value, self->retry_in);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, get_n_items (G_LIST_MODEL (self)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tokens_token_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TokensTokenList *self = TOKENS_TOKEN_LIST (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tokens_token_list_class_init (TokensTokenListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tokens_token_list_constructed;
  object_class->dispose = tokens_token_list_dispose;
  object_class->finalize = tokens_token_list_finalize;
  object_class->get_property = tokens_token_list_get_property;
  object_class->set_property = tokens_token_list_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TOKENS_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       TOKENS_TYPE_TOKEN_LIST_STATE, TOKENS_TOKEN_LIST_STATE_NEW,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRY_IN] =
    g_param_spec_uint ("retry-in", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TokensTokenList::bulk-progress:
   * @done: requests answered so far
   * @total: requests in the batch
   */
  signals[BULK_PROGRESS] =
    g_signal_new ("bulk-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
tokens_token_list_init (TokensTokenList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->live_operations = g_hash_table_new (NULL, NULL);
  self->gone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->merge_slice_us = MERGE_SLICE_US;
}

TokensTokenList *
tokens_token_list_new (TokensClient *client)
{
  g_return_val_if_fail (TOKENS_IS_CLIENT (client), NULL);

  return g_object_new (TOKENS_TYPE_TOKEN_LIST, "client", client, NULL);
}

TokensClient *
tokens_token_list_get_client (TokensTokenList *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN_LIST (self), NULL);
  return self->client;
}

TokensTokenListState
tokens_token_list_get_state (TokensTokenList *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN_LIST (self), TOKENS_TOKEN_LIST_STATE_NEW);
  return self->state;
}

/**
 * tokens_token_list_get_error:
 *
 * Returns: (nullable): why the last refresh failed
 */
const GError *
tokens_token_list_get_error (TokensTokenList *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN_LIST (self), NULL);
  return self->error;
}

/**
 * tokens_token_list_get_retry_in:
 *
 * Returns: how many seconds the running refresh waits before it asks a
 *   rate-limiting server again, or 0
 */
guint
tokens_token_list_get_retry_in (TokensTokenList *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN_LIST (self), 0);
  return self->retry_in;
}

/**
 * tokens_token_list_lookup:
 *
 * Returns: (transfer none) (nullable): the authorization with @id
 */
TokensAuthorization *
tokens_token_list_lookup (TokensTokenList *self,
                          const char      *id)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN_LIST (self), NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_id, id);
}

static void
remove_authorization (TokensTokenList     *self,
                      TokensAuthorization *authorization)
{
  guint position;

  /* A refresh under way may have listed it before it went. */
  g_hash_table_add (self->gone, g_strdup (tokens_authorization_get_id (authorization)));
  g_hash_table_remove (self->by_id, tokens_authorization_get_id (authorization));
  if (g_ptr_array_find (self->items, authorization, &position))
    {
      g_ptr_array_remove_index (self->items, position);
      _tokens_token_list_items_changed (self, position, 1, 0);
    }
}

static void
finish_refresh (TokensTokenList *self,
                GTask           *task)
{
  set_retry_in (self, 0);
  set_state (self, TOKENS_TOKEN_LIST_STATE_LOADED, NULL);
  g_task_return_boolean (task, TRUE);
}

/* Cloud answers ?token= with the token this client signs in with. */
static void
on_own_token_found (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TokensTokenList *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) own = tokens_client_list_finish (TOKENS_CLIENT (object), result, NULL);

  /* Not knowing is no failure: the list itself loaded. */
  if (own != NULL && own->len == 1)
    {
      TokensAuthorization *mine = g_hash_table_lookup (self->by_id,
                                                       tokens_authorization_get_id (g_ptr_array_index (own, 0)));
      if (mine != NULL)
        tokens_authorization_set_is_current (mine, TRUE);
    }

  finish_refresh (self, task);
}

/*
 * What to call the server: "InfluxDB OSS 2.7.11", "InfluxDB Cloud". The
 * version is the server's X-Influxdb-Version, so only a short run of the
 * characters versions are made of is shown: the header is the server's to
 * fill, with anything.
 */
static char *
product_name (TokensProduct  product,
              const char    *version)
{
  gboolean plain;

  /* OSS says "v2.7.11". */
  if (version != NULL && version[0] == 'v' && g_ascii_isdigit (version[1]))
    version++;
  plain = version != NULL && version[0] != '\0' && strlen (version) <= 32;

  for (const char *p = version; plain && *p != '\0'; p++)
    plain = g_ascii_isalnum (*p) || *p == '.' || *p == '-' || *p == '+' || *p == '_';

  switch (product)
    {
    case TOKENS_PRODUCT_OSS:
      /* Translators: %s is a version, "2.7.11" */
      return plain ? g_strdup_printf (_("InfluxDB OSS %s"), version) : g_strdup (_("InfluxDB OSS"));
    case TOKENS_PRODUCT_CLOUD:
      return g_strdup (_("InfluxDB Cloud"));
    case TOKENS_PRODUCT_UNKNOWN:
    default:
      return NULL;
    }
}

/* The tokens of one refresh, sorted and indexed off the main thread. */
struct _TokensTokenListIndex
{
  TokensClient *client;
  GHashTable *by_id;
  gboolean found_own;
};

TokensTokenListIndex *
_tokens_token_list_index_new (TokensClient *client)
{
  TokensTokenListIndex *index = g_new0 (TokensTokenListIndex, 1);

  index->client = g_object_ref (client);
  return index;
}

void
_tokens_token_list_index_free (TokensTokenListIndex *index)
{
  g_clear_object (&index->client);
  g_clear_pointer (&index->by_id, g_hash_table_unref);
  g_free (index);
}

typedef struct
{
  gint64 created;
  guint64 id;
  TokensAuthorization *authorization;
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
      TokensAuthorization *a = g_ptr_array_index (array, i);
      GDateTime *created = tokens_authorization_get_created_at (a);

      keys[i].created = created != NULL ? g_date_time_to_unix (created) * G_USEC_PER_SEC +
                                          g_date_time_get_microsecond (created)
                                        : G_MININT64;
      keys[i].id = g_ascii_strtoull (tokens_authorization_get_id (a), NULL, 16);
      keys[i].authorization = a;
    }
  qsort (keys, array->len, sizeof (SortKey), newest_first);
  for (guint i = 0; i < array->len; i++)
    g_ptr_array_index (array, i) = keys[i].authorization;
}

/*
 * In a worker thread (a TokensClientPrepareFunc): the tokens are new, nobody
 * else holds them yet. Sorts @fresh and indexes it into @data, a
 * TokensTokenListIndex.
 */
void
_tokens_token_list_index_tokens (GPtrArray     *fresh,
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
      TokensAuthorization *a = g_ptr_array_index (fresh, i);
      gboolean own = tokens_client_is_own_token (index->client, a);

      tokens_authorization_set_is_current (a, own);
      index->found_own |= own;
      any_clear |= tokens_authorization_has_token_value (a);
      g_hash_table_insert (index->by_id, (gpointer)tokens_authorization_get_id (a), a);
    }

  /* OSS 2.9 and later give no token values and no way to ask: which token
   * is the app's own cannot be known. Any that may list tokens could be. */
  unknowable = !index->found_own && !any_clear && product != TOKENS_PRODUCT_CLOUD;
  for (guint i = 0; i < fresh->len; i++)
    {
      TokensAuthorization *a = g_ptr_array_index (fresh, i);

      tokens_authorization_set_may_be_current (a, unknowable && tokens_authorization_can_read_tokens (a));
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
             g_hash_table_lookup (fresh_by_id, tokens_authorization_get_id (old->pdata[i])) != old->pdata[i])
        i++;
      /* Came: not in the old list as the same object. */
      while (j < fresh->len &&
             g_hash_table_lookup (old_by_id, tokens_authorization_get_id (fresh->pdata[j])) != fresh->pdata[j])
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
      TokensAuthorization *a = fresh->pdata[i];

      if (g_hash_table_contains (self->gone, tokens_authorization_get_id (a)))
        {
          g_hash_table_remove (merge->index->by_id, tokens_authorization_get_id (a));
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
      TokensAuthorization *newer = g_ptr_array_index (fresh, i);
      TokensAuthorization *older = g_hash_table_lookup (self->by_id, tokens_authorization_get_id (newer));

      if (older != NULL)
        {
          tokens_authorization_update_from (older, newer);
          tokens_authorization_set_is_current (older, tokens_authorization_get_is_current (newer));
          tokens_authorization_set_may_be_current (older, tokens_authorization_get_may_be_current (newer));
          g_ptr_array_index (fresh, i) = g_object_ref (older);
          /* The key too: the newer object's id goes with it. */
          g_hash_table_replace (fresh_by_id, (gpointer)tokens_authorization_get_id (older), older);
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


/* Takes @task: the merge engine is done, the tokens that came are the list. */
void
_tokens_token_list_merged (TokensTokenList *self,
                           GTask           *task_in,
                           gboolean         found_own)
{
  g_autoptr(GTask) task = task_in;

  if (!found_own && tokens_client_get_product (self->client) == TOKENS_PRODUCT_CLOUD)
    {
      TokensListFilter filter = { .own_token = TRUE };
      GCancellable *cancellable = g_task_get_cancellable (task);

      tokens_client_list_async (self->client, &filter, cancellable,
                                on_own_token_found, g_steal_pointer (&task));
      return;
    }

  finish_refresh (self, task);
}

static void
on_listed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TokensTokenList *self = g_task_get_source_object (task);
  TokensTokenListIndex *index = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  gboolean pinged = FALSE;
  GPtrArray *fresh;

  fresh = tokens_client_list_all_finish (TOKENS_CLIENT (object), result, &pinged, &version, &error);

  /* What the client's /ping found, if it asked: it has the product now. */
  if (pinged)
    {
      self->pinged = TRUE;
      g_free (self->product_name);
      self->product_name = product_name (tokens_client_get_product (self->client), version);
    }

  if (fresh == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_retry_in (self, 0);
          set_state (self, TOKENS_TOKEN_LIST_STATE_FAILED, error);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _tokens_token_list_merge (self, g_steal_pointer (&task), fresh, index);
}

/**
 * tokens_token_list_refresh_async:
 *
 * Loads every token the client may read. A refresh that is still running is
 * cancelled first. If it fails, the list keeps what it had and
 * #TokensTokenList:error says why.
 */
void
tokens_token_list_refresh_async (TokensTokenList     *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  TokensListFilter filter = { NULL };
  TokensTokenListIndex *index;
  GTask *task;

  g_return_if_fail (TOKENS_IS_TOKEN_LIST (self));

  filter.org = self->org;

  if (self->refresh_cancellable != NULL)
    g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);
  self->refresh_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (cancel_other),
                           g_object_ref (self->refresh_cancellable), g_object_unref);

  task = g_task_new (self, self->refresh_cancellable, callback, user_data);
  g_task_set_source_tag (task, tokens_token_list_refresh_async);

  set_retry_in (self, 0);
  set_state (self, TOKENS_TOKEN_LIST_STATE_LOADING, NULL);
  /* What this refresh lists is the server as it is from now on. */
  g_hash_table_remove_all (self->gone);

  /* Once per list, /ping too: which product this is, to know how to find the
   * app's own token, and to say plainly when it is InfluxDB 3. The tokens
   * are sorted and indexed in the client's worker, off the main thread:
   * 100,000 tokens take 60 ms that the window would not draw in. */
  index = _tokens_token_list_index_new (self->client);
  g_task_set_task_data (task, index, (GDestroyNotify)_tokens_token_list_index_free);
  tokens_client_list_all_async (self->client, self->org != NULL ? &filter : NULL,
                                self->pinged ? TOKENS_CLIENT_LIST_NONE : TOKENS_CLIENT_LIST_PING,
                                _tokens_token_list_index_tokens, index,
                                self->refresh_cancellable, on_listed, task);
}

gboolean
tokens_token_list_refresh_finish (TokensTokenList  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tokens_token_list_refresh_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  TokensTokenList *self;
  GCancellable *combined;
  GCancellable *source;
  gulong handler;
} OperationLink;

/* Runs when the operation's task goes: nothing of it outlives it. */
static void
operation_link_free (gpointer  data,
                     GObject  *task_was_here)
{
  OperationLink *link = data;

  if (link->handler != 0)
    g_cancellable_disconnect (link->source, link->handler);
  g_clear_object (&link->source);
  g_hash_table_remove (link->self->live_operations, link->combined);
  g_object_unref (link->combined);
  g_free (link);
}

/*
 * A task whose cancellable is cancelled by the caller's @cancellable and by
 * the list's dispose. The link to the caller's cancellable is undone when
 * the task finishes, so a session of many operations keeps none of them.
 */
GTask *
_tokens_token_list_operation_task (TokensTokenList     *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  OperationLink *link = g_new0 (OperationLink, 1);
  GTask *task;

  link->self = self;
  link->combined = g_cancellable_new ();
  task = g_task_new (self, link->combined, callback, user_data);
  g_hash_table_add (self->live_operations, link->combined);
  if (cancellable != NULL)
    {
      link->source = g_object_ref (cancellable);
      link->handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_other),
                                             link->combined, NULL);
    }
  g_object_weak_ref (G_OBJECT (task), operation_link_free, link);

  return task;
}

static GTask *
operation_task_new (TokensTokenList      *self,
                    const char           *id,
                    GCancellable         *cancellable,
                    gpointer              source_tag,
                    GAsyncReadyCallback   callback,
                    gpointer              user_data,
                    TokensAuthorization **authorization)
{
  GTask *task = _tokens_token_list_operation_task (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);

  *authorization = tokens_token_list_lookup (self, id);
  if (*authorization == NULL)
    {
      g_task_return_new_error (task, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_NOT_FOUND,
                               _("There is no token with the id %s in this list"), id);
      g_object_unref (task);
      return NULL;
    }

  g_task_set_task_data (task, g_object_ref (*authorization), g_object_unref);
  tokens_authorization_set_busy (*authorization, TRUE);

  return task;
}

static void
on_delete_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TokensTokenList *self = g_task_get_source_object (task);
  TokensAuthorization *authorization = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  tokens_authorization_set_busy (authorization, FALSE);

  if (tokens_client_delete_finish (TOKENS_CLIENT (object), result, &error))
    {
      remove_authorization (self, authorization);
      g_task_return_int (task, FALSE);
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_NOT_FOUND))
    {
      /* Someone else deleted it first: the server confirms it is gone. */
      remove_authorization (self, authorization);
      g_task_return_int (task, TRUE);
    }
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * tokens_token_list_delete_async:
 *
 * Deletes the token on the server. It leaves the list only when the server
 * confirmed it: 204, or 404 because it was already gone.
 */
void
tokens_token_list_delete_async (TokensTokenList     *self,
                                const char          *id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  TokensAuthorization *authorization;
  GTask *task;

  g_return_if_fail (TOKENS_IS_TOKEN_LIST (self));

  task = operation_task_new (self, id, cancellable, tokens_token_list_delete_async,
                             callback, user_data, &authorization);
  if (task == NULL)
    return;

  tokens_client_delete_async (self->client, tokens_authorization_get_id (authorization),
                              g_task_get_cancellable (task), on_delete_done, task);
}

/**
 * tokens_token_list_delete_finish:
 * @already_deleted: (out) (optional): set to %TRUE when the server said the
 *   token did not exist any more
 *
 * Returns: %TRUE if the token is gone from the server and from the list
 */
gboolean
tokens_token_list_delete_finish (TokensTokenList  *self,
                                 GAsyncResult     *result,
                                 gboolean         *already_deleted,
                                 GError          **error)
{
  gssize ret;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tokens_token_list_delete_async,
                        FALSE);

  ret = g_task_propagate_int (G_TASK (result), error);
  if (already_deleted != NULL)
    *already_deleted = ret == TRUE;

  return ret >= 0;
}

static void
on_update_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TokensAuthorization *authorization = g_task_get_task_data (task);
  g_autoptr(TokensAuthorization) updated = NULL;
  GError *error = NULL;

  tokens_authorization_set_busy (authorization, FALSE);

  updated = tokens_client_update_finish (TOKENS_CLIENT (object), result, &error);
  if (updated == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  tokens_authorization_update_from (authorization, updated);
  g_task_return_boolean (task, TRUE);
}

void
tokens_token_list_set_active_async (TokensTokenList     *self,
                                    const char          *id,
                                    gboolean             active,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  TokensAuthorization *authorization;
  GTask *task;

  g_return_if_fail (TOKENS_IS_TOKEN_LIST (self));

  task = operation_task_new (self, id, cancellable, tokens_token_list_set_active_async,
                             callback, user_data, &authorization);
  if (task == NULL)
    return;

  tokens_client_update_async (self->client, tokens_authorization_get_id (authorization),
                              active ? 1 : 0, NULL,
                              g_task_get_cancellable (task), on_update_done, task);
}

gboolean
tokens_token_list_set_active_finish (TokensTokenList  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        tokens_token_list_set_active_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
tokens_token_list_rename_async (TokensTokenList     *self,
                                const char          *id,
                                const char          *description,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  TokensAuthorization *authorization;
  GTask *task;

  g_return_if_fail (TOKENS_IS_TOKEN_LIST (self));
  g_return_if_fail (description != NULL);

  task = operation_task_new (self, id, cancellable, tokens_token_list_rename_async,
                             callback, user_data, &authorization);
  if (task == NULL)
    return;

  tokens_client_update_async (self->client, tokens_authorization_get_id (authorization),
                              -1, description,
                              g_task_get_cancellable (task), on_update_done, task);
}

gboolean
tokens_token_list_rename_finish (TokensTokenList  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tokens_token_list_rename_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* Deleting many                                                          */

void
tokens_bulk_result_free (TokensBulkResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->failed_ids, g_ptr_array_unref);
  g_clear_pointer (&result->failures, g_ptr_array_unref);
  g_free (result);
}

typedef enum
{
  BULK_DELETE,
  BULK_DEACTIVATE,
  BULK_ACTIVATE,
} BulkAction;

typedef struct
{
  BulkAction action;
  GStrv ids;
  guint n_own_last;        /* the last ids: the app's own token, or ones that may be */
  guint next;
  guint in_flight;
  guint done;
  guint concurrency;
  gint64 paused_until;     /* monotonic; a 429 holds the whole batch */
  guint resume_id;
  gulong retry_handler;
  TokensBulkResult *result;
} Bulk;

static void
bulk_free (Bulk *bulk)
{
  g_clear_handle_id (&bulk->resume_id, g_source_remove);
  g_strfreev (bulk->ids);
  tokens_bulk_result_free (bulk->result);
  g_free (bulk);
}

static void bulk_dispatch (GTask *task);

static gboolean
on_bulk_resume (gpointer user_data)
{
  GTask *task = user_data;
  Bulk *bulk = g_task_get_task_data (task);

  bulk->resume_id = 0;
  bulk_dispatch (task);
  return G_SOURCE_REMOVE;
}

static void
bulk_finish_if_done (GTask *task)
{
  TokensTokenList *self = g_task_get_source_object (task);
  Bulk *bulk = g_task_get_task_data (task);
  TokensBulkResult *result;

  if (bulk->in_flight > 0)
    return;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      bulk->result->cancelled = TRUE;
      bulk->result->n_not_attempted += g_strv_length (bulk->ids) - bulk->next;
      bulk->next = g_strv_length (bulk->ids);
    }
  if (bulk->next < g_strv_length (bulk->ids))
    return;

  g_clear_signal_handler (&bulk->retry_handler, self->client);
  g_clear_handle_id (&bulk->resume_id, g_source_remove);
  result = g_steal_pointer (&bulk->result);
  g_task_return_pointer (task, result, (GDestroyNotify)tokens_bulk_result_free);
  g_object_unref (task);
}

typedef struct
{
  GTask *task;   /* borrowed: the batch lives until every request is answered */
  char *id;
} BulkRequest;

static void
on_bulk_one_done (GObject      *object,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  BulkRequest *request = user_data;
  GTask *task = request->task;
  g_autofree char *id = request->id;
  TokensTokenList *self = TOKENS_TOKEN_LIST (object);
  Bulk *bulk = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean already = FALSE;
  gboolean ok;

  bulk->in_flight--;
  bulk->done++;

  if (bulk->action == BULK_DELETE)
    ok = tokens_token_list_delete_finish (self, res, &already, &error);
  else
    ok = tokens_token_list_set_active_finish (self, res, &error);

  if (ok)
    {
      if (already)
        bulk->result->n_already_gone++;
      else
        bulk->result->n_done++;
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    bulk->result->n_not_attempted++;
  else
    {
      g_ptr_array_add (bulk->result->failed_ids, g_steal_pointer (&id));
      g_ptr_array_add (bulk->result->failures, g_steal_pointer (&error));
    }
  g_free (request);

  _tokens_token_list_emit_bulk_progress (self, bulk->done, g_strv_length (bulk->ids));
  bulk_dispatch (task);
}

static void
bulk_dispatch (GTask *task)
{
  TokensTokenList *self = g_task_get_source_object (task);
  Bulk *bulk = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  guint total = g_strv_length (bulk->ids);
  gint64 now = g_get_monotonic_time ();

  if (!g_cancellable_is_cancelled (cancellable) && bulk->paused_until > now)
    {
      if (bulk->resume_id == 0)
        bulk->resume_id = g_timeout_add ((bulk->paused_until - now) / 1000 + 1, on_bulk_resume, task);
      bulk_finish_if_done (task);
      return;
    }

  while (!g_cancellable_is_cancelled (cancellable) &&
         bulk->in_flight < bulk->concurrency && bulk->next < total)
    {
      BulkRequest *request;
      const char *id;

      /* The app's own token goes last, alone, once every other request is
       * answered: after it, the server refuses the app everything. */
      if (bulk->next >= total - bulk->n_own_last && bulk->in_flight > 0)
        break;
      id = bulk->ids[bulk->next++];

      /* Only the server takes a token out of the list (a refresh that no
       * longer lists it, or a delete it answered): one that left while the
       * batch ran is gone already, not a failure. */
      if (tokens_token_list_lookup (self, id) == NULL)
        {
          bulk->result->n_already_gone++;
          bulk->done++;
          _tokens_token_list_emit_bulk_progress (self, bulk->done, total);
          continue;
        }

      request = g_new0 (BulkRequest, 1);
      request->task = task;
      request->id = g_strdup (id);
      bulk->in_flight++;
      /* Not the batch's cancellable: Stop sends nothing more, but a request
       * already sent is answered, and its answer counted, whatever it is.
       * Each request still ends with the list, and by its deadline. */
      if (bulk->action == BULK_DELETE)
        tokens_token_list_delete_async (self, request->id, NULL, on_bulk_one_done, request);
      else
        tokens_token_list_set_active_async (self, request->id, bulk->action == BULK_ACTIVATE, NULL,
                                            on_bulk_one_done, request);
    }

  bulk_finish_if_done (task);
}

static void
on_bulk_retry_scheduled (GTask        *task,
                         guint         seconds,
                         TokensClient *client)
{
  Bulk *bulk = g_task_get_task_data (task);
  gint64 until = g_get_monotonic_time () + (gint64)seconds * G_USEC_PER_SEC;

  /* The server said "slow down": no new request before then, for any token. */
  bulk->paused_until = MAX (bulk->paused_until, until);
}

/* @ids, those that are (or on a server that does not say, may be) the app's
 * own token moved to the end, in order. Activating needs no such care. */
static GStrv
own_last (TokensTokenList    *self,
          const char * const *ids,
          guint              *n_own)
{
  g_autoptr(GStrvBuilder) first = g_strv_builder_new ();
  g_autoptr(GPtrArray) last = g_ptr_array_new ();
  GStrv result;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      TokensAuthorization *a = tokens_token_list_lookup (self, ids[i]);

      if (a != NULL && (tokens_authorization_get_is_current (a) ||
                        tokens_authorization_get_may_be_current (a)))
        g_ptr_array_add (last, (gpointer)ids[i]);
      else
        g_strv_builder_add (first, ids[i]);
    }
  for (guint i = 0; i < last->len; i++)
    g_strv_builder_add (first, g_ptr_array_index (last, i));
  *n_own = last->len;
  result = g_strv_builder_end (first);
  return result;
}

static void
bulk_start (TokensTokenList     *self,
            BulkAction           action,
            gpointer             source_tag,
            const char * const  *ids,
            guint                concurrency,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task;
  Bulk *bulk;

  task = _tokens_token_list_operation_task (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* A cancelled batch still says what it did. */
  g_task_set_check_cancellable (task, FALSE);

  bulk = g_new0 (Bulk, 1);
  bulk->action = action;
  bulk->ids = own_last (self, ids, &bulk->n_own_last);
  if (action == BULK_ACTIVATE)
    bulk->n_own_last = 0;
  bulk->concurrency = MAX (concurrency, 1);
  bulk->result = g_new0 (TokensBulkResult, 1);
  bulk->result->n_requested = g_strv_length (bulk->ids);
  bulk->result->failed_ids = g_ptr_array_new_with_free_func (g_free);
  bulk->result->failures = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
  g_task_set_task_data (task, bulk, (GDestroyNotify)bulk_free);

  bulk->retry_handler = g_signal_connect_swapped (self->client, "retry-scheduled",
                                                  G_CALLBACK (on_bulk_retry_scheduled), task);
  /* The task holds itself until every request is answered. */
  g_object_ref (task);
  bulk_dispatch (task);
  g_object_unref (task);
}

/* The end of every batch: its result, for the call that started it. */
static TokensBulkResult *
bulk_propagate (TokensTokenList *self,
                GAsyncResult    *result,
                gpointer         source_tag)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), NULL);
}

/**
 * tokens_token_list_delete_many_async:
 * @ids: the tokens to delete
 * @concurrency: how many requests may run at once
 *
 * Deletes the tokens with at most @concurrency requests at a time. A 429
 * with Retry-After holds the whole batch, not one request. Cancelling stops
 * new requests; those already sent are answered and counted, since the
 * server may have carried them out. As with a single delete, a token
 * leaves the list only when the server confirmed it (204 or 404).
 */
void
tokens_token_list_delete_many_async (TokensTokenList     *self,
                                     const char * const  *ids,
                                     guint                concurrency,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (TOKENS_IS_TOKEN_LIST (self));
  g_return_if_fail (ids != NULL);

  bulk_start (self, BULK_DELETE, tokens_token_list_delete_many_async, ids, concurrency,
              cancellable, callback, user_data);
}

/**
 * tokens_token_list_delete_many_finish:
 *
 * Returns: (transfer full): what happened to each token
 */
TokensBulkResult *
tokens_token_list_delete_many_finish (TokensTokenList *self,
                                      GAsyncResult    *result)
{
  return bulk_propagate (self, result, tokens_token_list_delete_many_async);
}

/**
 * tokens_token_list_deactivate_many_async:
 * @ids: the tokens to deactivate
 * @concurrency: how many requests may run at once
 *
 * Deactivates the tokens as tokens_token_list_delete_many_async() deletes
 * them: a few at a time, the whole batch held by a 429, cancellable, with
 * the same "bulk-progress" signal. A token the server no longer has is a
 * failure here, with the server's reason.
 */
void
tokens_token_list_deactivate_many_async (TokensTokenList     *self,
                                         const char * const  *ids,
                                         guint                concurrency,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (TOKENS_IS_TOKEN_LIST (self));
  g_return_if_fail (ids != NULL);

  bulk_start (self, BULK_DEACTIVATE, tokens_token_list_deactivate_many_async, ids, concurrency,
              cancellable, callback, user_data);
}

/**
 * tokens_token_list_deactivate_many_finish:
 *
 * Returns: (transfer full): what happened to each token; @n_done counts
 *   the ones deactivated
 */
TokensBulkResult *
tokens_token_list_deactivate_many_finish (TokensTokenList *self,
                                          GAsyncResult    *result)
{
  return bulk_propagate (self, result, tokens_token_list_deactivate_many_async);
}

/**
 * tokens_token_list_activate_many_async:
 * @ids: the tokens to activate
 * @concurrency: how many requests may run at once
 *
 * Activates the tokens as tokens_token_list_deactivate_many_async()
 * deactivates them: the way back, and what a bulk Undo runs.
 */
void
tokens_token_list_activate_many_async (TokensTokenList     *self,
                                       const char * const  *ids,
                                       guint                concurrency,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (TOKENS_IS_TOKEN_LIST (self));
  g_return_if_fail (ids != NULL);

  bulk_start (self, BULK_ACTIVATE, tokens_token_list_activate_many_async, ids, concurrency,
              cancellable, callback, user_data);
}

/**
 * tokens_token_list_activate_many_finish:
 *
 * Returns: (transfer full): what happened to each token; @n_done counts
 *   the ones activated
 */
TokensBulkResult *
tokens_token_list_activate_many_finish (TokensTokenList *self,
                                        GAsyncResult    *result)
{
  return bulk_propagate (self, result, tokens_token_list_activate_many_async);
}

/**
 * tokens_token_list_set_org:
 * @org: (nullable): an organization's name, or %NULL or "" for every one
 *   the token may read
 *
 * Lists only @org's tokens from the next refresh on, as the server
 * filters them (`?org=`); a name the server does not know fails the
 * refresh with its "not found".
 */
void
tokens_token_list_set_org (TokensTokenList *self,
                           const char      *org)
{
  g_return_if_fail (TOKENS_IS_TOKEN_LIST (self));

  g_free (self->org);
  self->org = org != NULL && org[0] != '\0' ? g_strdup (org) : NULL;
}

const char *
tokens_token_list_get_org (TokensTokenList *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN_LIST (self), NULL);
  return self->org;
}

/**
 * tokens_token_list_get_product_name:
 *
 * Returns: (nullable): what the server is, "InfluxDB OSS 2.7.11", once it
 *   answered /ping
 */
const char *
tokens_token_list_get_product_name (TokensTokenList *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN_LIST (self), NULL);
  return self->product_name;
}

/* For tests: operations whose task is still alive. */
guint
_tokens_token_list_get_n_live_operations (TokensTokenList *self)
{
  return g_hash_table_size (self->live_operations);
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
