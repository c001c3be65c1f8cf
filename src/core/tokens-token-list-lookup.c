/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "influx-tokens"

#include "config.h"

#include <glib/gi18n.h>

#include "tokens-token-list-private.h"

/*
 * "Which token is this?": a pasted token string looked up among the
 * listed tokens, by the backend, the way the product allows
 * (tokens_backend_find_secret_async()). The answer names the list's own
 * token objects, so that the window can show their rows.
 */

static TokensToken *
lookup_in_list (gpointer    data,
                const char *id)
{
  return tokens_token_list_lookup (data, id);
}

static void
on_secret_found (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  TokensTokenList *self = g_task_get_source_object (task);
  GError *error = NULL;
  TokensLookup *lookup;

  lookup = tokens_backend_find_secret_finish (TOKENS_BACKEND (object), result, &error);
  if (lookup == NULL)
    g_task_return_error (task, error);
  else
    {
      _tokens_lookup_map_tokens (lookup, lookup_in_list, self);
      g_task_return_pointer (task, lookup, g_object_unref);
    }
  g_object_unref (task);
}

/**
 * tokens_token_list_find_secret_async:
 * @secret: a token string, as tokens_lookup_clean_secret() leaves it; the
 *   list does not keep it
 *
 * Which of the listed tokens @secret is, as far as the server's product
 * can tell (#TokensLookup). Only the list's own server is asked.
 */
void
tokens_token_list_find_secret_async (TokensTokenList     *self,
                                     const char          *secret,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GPtrArray) snapshot = NULL;
  GTask *task;

  g_return_if_fail (TOKENS_IS_TOKEN_LIST (self));
  g_return_if_fail (secret != NULL);

  task = _tokens_token_list_operation_task (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tokens_token_list_find_secret_async);
  if (self->backend == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               "%s", _("The server’s tokens are not listed yet."));
      g_object_unref (task);
      return;
    }
  if (secret[0] == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "%s", _("There is no token string to look for."));
      g_object_unref (task);
      return;
    }

  snapshot = g_ptr_array_new_full (self->items->len, g_object_unref);
  for (guint i = 0; i < self->items->len; i++)
    g_ptr_array_add (snapshot, g_object_ref (g_ptr_array_index (self->items, i)));
  tokens_backend_find_secret_async (self->backend, secret, snapshot,
                                    g_task_get_cancellable (task), on_secret_found, task);
}

/**
 * tokens_token_list_find_secret_finish:
 *
 * Returns: (transfer full): the answer, or %NULL with @error set when the
 *   server could not be asked
 */
TokensLookup *
tokens_token_list_find_secret_finish (TokensTokenList  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
