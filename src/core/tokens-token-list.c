/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-token-list"

#include "config.h"

#include "tokens-token-list-private.h"
#include "tokens-core-enums.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * The list model of one server's tokens, its refresh, and the operations on
 * one token. How a refresh's tokens are taken in is the merge engine's
 * (tokens-token-list-merge.c); operations on many tokens are in
 * tokens-token-list-batch.c.
 */

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
  PROP_FEATURES,
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
  return TOKENS_TYPE_TOKEN;
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
  g_clear_object (&self->backend);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->live_operations, g_hash_table_unref);
  g_clear_pointer (&self->gone, g_hash_table_unref);
  g_clear_pointer (&self->replacements, g_hash_table_unref);
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
    case PROP_FEATURES:
      g_value_set_flags (value, tokens_token_list_get_features (self));
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

  /**
   * TokensTokenList:features:
   *
   * What the server's token API can do, once it is known (after the
   * first refresh); 0 before.
   */
  properties[PROP_FEATURES] =
    g_param_spec_flags ("features", NULL, NULL, TOKENS_TYPE_BACKEND_FEATURES, 0,
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
  self->replacements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
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
 * tokens_token_list_may_change:
 * @authorization: (nullable): a token, as the list gave it
 *
 * The rule every change to one token follows, whoever asks: the token is
 * still in this list, and nothing else is being done to it. The window
 * asks before it offers a change; the list refuses one that breaks it.
 */
gboolean
tokens_token_list_may_change (TokensTokenList     *self,
                              TokensToken *authorization)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN_LIST (self), FALSE);

  return authorization != NULL &&
         g_hash_table_lookup (self->by_id, tokens_token_get_id (authorization)) == authorization &&
         !tokens_token_get_busy (authorization);
}

/**
 * tokens_token_list_get_batch_running:
 *
 * Whether a batch (delete, deactivate or activate many) is under way: one
 * at a time is what the window offers.
 */
gboolean
tokens_token_list_get_batch_running (TokensTokenList *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN_LIST (self), FALSE);

  return self->n_batches > 0;
}

/**
 * tokens_token_list_lookup:
 *
 * Returns: (transfer none) (nullable): the authorization with @id
 */
TokensToken *
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
                      TokensToken *authorization)
{
  guint position;

  /* A refresh under way may have listed it before it went. */
  g_hash_table_add (self->gone, g_strdup (tokens_token_get_id (authorization)));
  g_hash_table_remove (self->by_id, tokens_token_get_id (authorization));
  _tokens_token_list_forget_replacement (self, tokens_token_get_id (authorization));
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
  _tokens_token_list_apply_replacements (self);
  set_state (self, TOKENS_TOKEN_LIST_STATE_LOADED, NULL);
  g_task_return_boolean (task, TRUE);
}

/* Where the list cannot tell the app's own token, the server may (Cloud). */
static void
on_own_token_found (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TokensTokenList *self = g_task_get_source_object (task);
  g_autofree char *own = tokens_backend_find_own_finish (TOKENS_BACKEND (object), result, NULL);

  /* Not knowing is no failure: the list itself loaded. */
  if (own != NULL)
    {
      TokensToken *mine = g_hash_table_lookup (self->by_id, own);

      if (mine != NULL)
        tokens_token_set_is_current (mine, TRUE);
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
    case TOKENS_PRODUCT_CORE:
      /* Translators: %s is a version, "3.11.1" */
      return plain ? g_strdup_printf (_("InfluxDB 3 Core %s"), version)
                   : g_strdup (_("InfluxDB 3 Core"));
    case TOKENS_PRODUCT_ENTERPRISE:
      /* Translators: %s is a version, "3.11.1" */
      return plain ? g_strdup_printf (_("InfluxDB 3 Enterprise %s"), version)
                   : g_strdup (_("InfluxDB 3 Enterprise"));
    case TOKENS_PRODUCT_INFLUXDB3:
      return g_strdup (_("InfluxDB 3"));
    case TOKENS_PRODUCT_CLOUD3:
      return g_strdup (_("InfluxDB 3 Cloud"));
    case TOKENS_PRODUCT_DEDICATED:
      return g_strdup (_("InfluxDB Cloud Dedicated"));
    case TOKENS_PRODUCT_CLUSTERED:
      return g_strdup (_("InfluxDB Clustered"));
    case TOKENS_PRODUCT_UNKNOWN:
    default:
      return NULL;
    }
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
      GCancellable *cancellable = g_task_get_cancellable (task);

      tokens_backend_find_own_async (self->backend, cancellable,
                                     on_own_token_found, g_steal_pointer (&task));
      return;
    }

  finish_refresh (self, task);
}

static void
listed (TokensTokenList *self,
        GTask           *task_in,
        GPtrArray       *fresh_in,
        GError          *error_in)
{
  g_autoptr(GTask) task = task_in;
  g_autoptr(GPtrArray) fresh = fresh_in;
  g_autoptr(GError) error = error_in;
  TokensTokenListIndex *index = g_task_get_task_data (task);

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

  _tokens_token_list_merge (self, g_steal_pointer (&task), g_steal_pointer (&fresh), index);
}

static void
on_listed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  TokensTokenList *self = g_task_get_source_object (task);
  GError *error = NULL;
  GPtrArray *fresh;

  fresh = tokens_backend_list_finish (TOKENS_BACKEND (object), result, &error);
  listed (self, task, fresh, error);
}

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  TokensTokenList *self = g_task_get_source_object (task);
  g_autoptr(TokensBackend) backend = NULL;
  g_autofree char *version = NULL;
  GError *error = NULL;
  GPtrArray *fresh = NULL;

  backend = tokens_backend_open_finish (result, &fresh, &version, &error);

  /* Which API the server speaks is known from now on, list or not. */
  if (backend != NULL && self->backend == NULL)
    {
      self->backend = g_steal_pointer (&backend);
      g_free (self->product_name);
      self->product_name = product_name (tokens_client_get_product (self->client), version);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEATURES]);
    }

  listed (self, task, fresh, error);
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
  TokensTokenListIndex *index;
  GTask *task;

  g_return_if_fail (TOKENS_IS_TOKEN_LIST (self));

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
  index = _tokens_token_list_index_new ();
  g_task_set_task_data (task, index, (GDestroyNotify)_tokens_token_list_index_free);
  if (self->backend == NULL)
    tokens_backend_open_async (self->client, self->org, _tokens_token_list_index_tokens, index,
                               self->refresh_cancellable, on_opened, task);
  else
    tokens_backend_list_async (self->backend, self->org, _tokens_token_list_index_tokens, index,
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
                    TokensToken **authorization)
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
  /* One change at a time: the second would race the first's answer. */
  if (!tokens_token_list_may_change (self, *authorization))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("Another change to this token is still under way"));
      g_object_unref (task);
      return NULL;
    }

  g_task_set_task_data (task, g_object_ref (*authorization), g_object_unref);
  tokens_token_set_busy (*authorization, TRUE);

  return task;
}

static void
on_delete_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TokensTokenList *self = g_task_get_source_object (task);
  TokensToken *authorization = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  tokens_token_set_busy (authorization, FALSE);

  if (tokens_backend_delete_finish (TOKENS_BACKEND (object), result, &error))
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
  TokensToken *authorization;
  GTask *task;

  g_return_if_fail (TOKENS_IS_TOKEN_LIST (self));

  task = operation_task_new (self, id, cancellable, tokens_token_list_delete_async,
                             callback, user_data, &authorization);
  if (task == NULL)
    return;

  tokens_backend_delete_async (self->backend, authorization,
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
  TokensToken *authorization = g_task_get_task_data (task);
  g_autoptr(TokensToken) updated = NULL;
  GError *error = NULL;

  tokens_token_set_busy (authorization, FALSE);

  updated = tokens_backend_update_finish (TOKENS_BACKEND (object), result, &error);
  if (updated == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  tokens_token_update_from (authorization, updated);
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
  TokensToken *authorization;
  GTask *task;

  g_return_if_fail (TOKENS_IS_TOKEN_LIST (self));

  task = operation_task_new (self, id, cancellable, tokens_token_list_set_active_async,
                             callback, user_data, &authorization);
  if (task == NULL)
    return;

  tokens_backend_update_async (self->backend, authorization, active ? 1 : 0, NULL,
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
  TokensToken *authorization;
  GTask *task;

  g_return_if_fail (TOKENS_IS_TOKEN_LIST (self));
  g_return_if_fail (description != NULL);

  task = operation_task_new (self, id, cancellable, tokens_token_list_rename_async,
                             callback, user_data, &authorization);
  if (task == NULL)
    return;

  tokens_backend_update_async (self->backend, authorization, -1, description,
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
 * tokens_token_list_get_features:
 *
 * Returns: what the server's token API can do, or 0 before the first
 *   refresh found out which API it is
 */
TokensBackendFeatures
tokens_token_list_get_features (TokensTokenList *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN_LIST (self), 0);
  return self->backend != NULL ? tokens_backend_get_features (self->backend) : 0;
}

/**
 * tokens_token_list_get_backend:
 *
 * Returns: (transfer none) (nullable): the backend of the server's token
 *   API, once the first refresh found out which it is
 */
TokensBackend *
tokens_token_list_get_backend (TokensTokenList *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN_LIST (self), NULL);
  return self->backend;
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
