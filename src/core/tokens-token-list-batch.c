/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-token-list"

#include "config.h"

#include "tokens-token-list-private.h"

/*
 * Batches: deleting, deactivating or activating many tokens, a few requests
 * at a time, each through the list's single operation, so that a token
 * leaves or changes in the list only as the server confirmed it.
 */

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
  self->n_batches--;
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
      TokensToken *a = tokens_token_list_lookup (self, ids[i]);

      if (a != NULL && (tokens_token_get_is_current (a) ||
                        tokens_token_get_may_be_current (a)))
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
  self->n_batches++;
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
