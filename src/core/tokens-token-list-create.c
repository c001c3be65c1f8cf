/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-token-list"

#include "config.h"

#include "tokens-token-list-private.h"
#include "tokens-backend-private.h"
#include "tokens-token-private.h"
#include "tokens-secret-store.h"

#include <glib/gi18n-lib.h>

/*
 * Making tokens, and the pairs a replacement makes: the old token stays
 * until the person deletes it, and until then both are marked, in the
 * list and across refreshes, so that a replacement left half-way is seen.
 */

typedef struct
{
  char *replaces_id;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_free (data->replaces_id);
  g_free (data);
}

static void
add_token (TokensTokenList *self,
           TokensToken     *token)
{
  const char *id = tokens_token_get_id (token);
  TokensToken *existing = g_hash_table_lookup (self->by_id, id);
  guint position;

  /* An InfluxDB 3 name can be given again once its token is deleted. */
  g_hash_table_remove (self->gone, id);
  if (existing != NULL && g_ptr_array_find (self->items, existing, &position))
    {
      g_hash_table_remove (self->by_id, id);
      g_ptr_array_remove_index (self->items, position);
      _tokens_token_list_items_changed (self, position, 1, 0);
    }

  _tokens_token_prepare_search (token);
  /* The list is newest first, and nothing is newer. */
  g_ptr_array_insert (self->items, 0, g_object_ref (token));
  g_hash_table_insert (self->by_id, (gpointer)tokens_token_get_id (token), token);
  _tokens_token_list_items_changed (self, 0, 0, 1);
}

static void
on_created (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TokensTokenList *self = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);
  TokensCreated *created = _tokens_created_new ();
  GError *error = NULL;

  created->token = tokens_backend_create_finish (TOKENS_BACKEND (object), result,
                                                 &created->secret, &error);
  if (created->token == NULL)
    {
      _tokens_created_free (created);
      g_task_return_error (task, error);
      return;
    }

  add_token (self, created->token);
  if (data->replaces_id != NULL)
    tokens_token_list_mark_replacement (self, data->replaces_id,
                                        tokens_token_get_id (created->token));
  g_task_return_pointer (task, created, (GDestroyNotify)_tokens_created_free);
}

/**
 * tokens_token_list_create_async:
 * @draft: what to make
 * @replaces_id: (nullable): the token the new one is made to replace;
 *   nothing is done to it, but both are marked until it is deleted
 *
 * Makes a token on the server. It joins the list when the server made it.
 */
void
tokens_token_list_create_async (TokensTokenList     *self,
                                const TokensDraft   *draft,
                                const char          *replaces_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  CreateData *data;
  GTask *task;

  g_return_if_fail (TOKENS_IS_TOKEN_LIST (self));
  g_return_if_fail (draft != NULL);

  task = _tokens_token_list_operation_task (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tokens_token_list_create_async);
  if (self->backend == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               "%s", _("The server’s tokens are not listed yet."));
      g_object_unref (task);
      return;
    }

  data = g_new0 (CreateData, 1);
  data->replaces_id = g_strdup (replaces_id);
  g_task_set_task_data (task, data, (GDestroyNotify)create_data_free);
  tokens_backend_create_async (self->backend, draft, g_task_get_cancellable (task),
                               on_created, task);
}

/**
 * tokens_token_list_create_finish:
 * @secret: (out) (transfer full): the new token's value, shown only this
 *   once; free it with tokens_secret_free() as soon as it is shown
 *
 * Returns: (transfer full): the new token, in the list
 */
TokensToken *
tokens_token_list_create_finish (TokensTokenList  *self,
                                 GAsyncResult     *result,
                                 char            **secret,
                                 GError          **error)
{
  TokensCreated *created;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tokens_token_list_create_async,
                        NULL);
  g_return_val_if_fail (secret != NULL, NULL);

  *secret = NULL;
  created = g_task_propagate_pointer (G_TASK (result), error);
  if (created == NULL)
    return NULL;
  return _tokens_created_take (created, secret);
}

static void
on_regenerated (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TokensToken *token = g_task_get_task_data (task);
  GError *error = NULL;
  char *secret;

  tokens_token_set_busy (token, FALSE);
  secret = tokens_backend_regenerate_finish (TOKENS_BACKEND (object), result, &error);
  if (secret == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify)tokens_secret_free);
}

/**
 * tokens_token_list_regenerate_async:
 * @id: the operator token's key
 *
 * Gives InfluxDB 3's operator token a new value; the old one stops
 * working the moment the server answers.
 */
void
tokens_token_list_regenerate_async (TokensTokenList     *self,
                                    const char          *id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  TokensToken *token;
  GTask *task;

  g_return_if_fail (TOKENS_IS_TOKEN_LIST (self));

  task = _tokens_token_list_operation_task (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tokens_token_list_regenerate_async);
  token = tokens_token_list_lookup (self, id);
  if (token == NULL || self->backend == NULL)
    {
      g_task_return_new_error (task, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_NOT_FOUND,
                               _("There is no token with the id %s in this list"), id);
      g_object_unref (task);
      return;
    }
  if (!tokens_token_list_may_change (self, token))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("Another change to this token is still under way"));
      g_object_unref (task);
      return;
    }

  g_task_set_task_data (task, g_object_ref (token), g_object_unref);
  tokens_token_set_busy (token, TRUE);
  tokens_backend_regenerate_async (self->backend, token, g_task_get_cancellable (task),
                                   on_regenerated, task);
}

/**
 * tokens_token_list_regenerate_finish:
 *
 * Returns: (transfer full): the operator token's new value; free it with
 *   tokens_secret_free()
 */
char *
tokens_token_list_regenerate_finish (TokensTokenList  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        tokens_token_list_regenerate_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
apply_pair (TokensTokenList *self,
            const char      *old_id,
            const char      *new_id)
{
  TokensToken *old_token = tokens_token_list_lookup (self, old_id);
  TokensToken *new_token = tokens_token_list_lookup (self, new_id);

  if (old_token != NULL)
    tokens_token_set_replaced_by (old_token,
                                  new_token != NULL ? tokens_token_get_display_name (new_token)
                                                    : new_id);
  if (new_token != NULL)
    tokens_token_set_replaces (new_token,
                               old_token != NULL ? tokens_token_get_display_name (old_token)
                                                 : old_id);
}

/**
 * tokens_token_list_mark_replacement:
 *
 * Remembers that @new_id was made to replace @old_id, and marks both
 * tokens, until @old_id is deleted.
 */
void
tokens_token_list_mark_replacement (TokensTokenList *self,
                                    const char      *old_id,
                                    const char      *new_id)
{
  g_return_if_fail (TOKENS_IS_TOKEN_LIST (self));
  g_return_if_fail (old_id != NULL && new_id != NULL);

  g_hash_table_insert (self->replacements, g_strdup (old_id), g_strdup (new_id));
  apply_pair (self, old_id, new_id);
}

/**
 * tokens_token_list_get_replacement:
 *
 * Returns: (nullable): the id of the token made to replace @old_id
 */
const char *
tokens_token_list_get_replacement (TokensTokenList *self,
                                   const char      *old_id)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN_LIST (self), NULL);
  return old_id != NULL ? g_hash_table_lookup (self->replacements, old_id) : NULL;
}

/* Either token of a pair is gone: the pair is done with. */
void
_tokens_token_list_forget_replacement (TokensTokenList *self,
                                       const char      *id)
{
  GHashTableIter iter;
  gpointer old_id, new_id;

  g_hash_table_iter_init (&iter, self->replacements);
  while (g_hash_table_iter_next (&iter, &old_id, &new_id))
    {
      TokensToken *old_token, *new_token;

      if (!g_str_equal (old_id, id) && !g_str_equal (new_id, id))
        continue;
      old_token = tokens_token_list_lookup (self, old_id);
      new_token = tokens_token_list_lookup (self, new_id);
      if (old_token != NULL)
        tokens_token_set_replaced_by (old_token, NULL);
      if (new_token != NULL)
        tokens_token_set_replaces (new_token, NULL);
      g_hash_table_iter_remove (&iter);
    }
}

/* After a refresh: tokens the list had not seen before are marked too,
 * and a pair one of whose tokens someone else deleted is done with. */
void
_tokens_token_list_apply_replacements (TokensTokenList *self)
{
  GHashTableIter iter;
  gpointer old_id, new_id;

  g_hash_table_iter_init (&iter, self->replacements);
  while (g_hash_table_iter_next (&iter, &old_id, &new_id))
    {
      TokensToken *old_token = tokens_token_list_lookup (self, old_id);
      TokensToken *new_token = tokens_token_list_lookup (self, new_id);

      if (old_token == NULL || new_token == NULL)
        {
          if (new_token != NULL)
            tokens_token_set_replaces (new_token, NULL);
          if (old_token != NULL)
            tokens_token_set_replaced_by (old_token, NULL);
          g_hash_table_iter_remove (&iter);
          continue;
        }
      apply_pair (self, old_id, new_id);
    }
}
