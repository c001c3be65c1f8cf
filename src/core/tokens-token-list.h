/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tokens-token.h"
#include "tokens-backend.h"
#include "tokens-client.h"

G_BEGIN_DECLS

typedef enum
{
  TOKENS_TOKEN_LIST_STATE_NEW,
  TOKENS_TOKEN_LIST_STATE_LOADING,
  TOKENS_TOKEN_LIST_STATE_LOADED,
  TOKENS_TOKEN_LIST_STATE_FAILED,
} TokensTokenListState;

/**
 * TokensBulkResult:
 * @n_requested: how many tokens the batch was asked to delete or deactivate
 * @n_done: deleted now (204), or deactivated
 * @n_already_gone: already deleted by someone else (404)
 * @n_not_attempted: not attempted because the batch was cancelled
 * @failed_ids: the ids the server refused or could not be reached for
 * @failures: why, one GError per id in @failed_ids
 * @cancelled: whether the batch was cancelled
 */
typedef struct
{
  guint n_requested;
  guint n_done;
  guint n_already_gone;
  guint n_not_attempted;
  GPtrArray *failed_ids;
  GPtrArray *failures;
  gboolean cancelled;
} TokensBulkResult;

void tokens_bulk_result_free (TokensBulkResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TokensBulkResult, tokens_bulk_result_free)

#define TOKENS_TYPE_TOKEN_LIST (tokens_token_list_get_type ())

G_DECLARE_FINAL_TYPE (TokensTokenList, tokens_token_list, TOKENS, TOKEN_LIST, GObject)

TokensTokenList      *tokens_token_list_new             (TokensClient         *client);
TokensClient         *tokens_token_list_get_client      (TokensTokenList      *self);
TokensTokenListState  tokens_token_list_get_state       (TokensTokenList      *self);
const GError         *tokens_token_list_get_error       (TokensTokenList      *self);
guint                 tokens_token_list_get_retry_in    (TokensTokenList      *self);
TokensToken  *tokens_token_list_lookup          (TokensTokenList      *self,
                                                         const char           *id);
gboolean              tokens_token_list_may_change      (TokensTokenList      *self,
                                                         TokensToken  *authorization);
gboolean              tokens_token_list_get_batch_running (TokensTokenList    *self);
void                  tokens_token_list_refresh_async   (TokensTokenList      *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean              tokens_token_list_refresh_finish  (TokensTokenList      *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void                  tokens_token_list_delete_async    (TokensTokenList      *self,
                                                         const char           *id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean              tokens_token_list_delete_finish   (TokensTokenList      *self,
                                                         GAsyncResult         *result,
                                                         gboolean             *already_deleted,
                                                         GError              **error);
void                  tokens_token_list_delete_many_async (TokensTokenList   *self,
                                                         const char * const *ids,
                                                         guint                concurrency,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
TokensBulkResult     *tokens_token_list_delete_many_finish (TokensTokenList  *self,
                                                         GAsyncResult         *result);
void                  tokens_token_list_deactivate_many_async  (TokensTokenList     *self,
                                                                const char * const  *ids,
                                                                guint                concurrency,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
TokensBulkResult     *tokens_token_list_deactivate_many_finish (TokensTokenList     *self,
                                                                GAsyncResult        *result);
const char           *tokens_token_list_get_product_name (TokensTokenList   *self);
TokensBackendFeatures tokens_token_list_get_features     (TokensTokenList   *self);
TokensBackend        *tokens_token_list_get_backend      (TokensTokenList   *self);
void                  tokens_token_list_set_org          (TokensTokenList   *self,
                                                          const char        *org);
const char           *tokens_token_list_get_org          (TokensTokenList   *self);
void                  tokens_token_list_activate_many_async  (TokensTokenList     *self,
                                                              const char * const  *ids,
                                                              guint                concurrency,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
TokensBulkResult     *tokens_token_list_activate_many_finish (TokensTokenList     *self,
                                                              GAsyncResult        *result);
void                  tokens_token_list_set_active_async (TokensTokenList     *self,
                                                         const char           *id,
                                                         gboolean              active,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean              tokens_token_list_set_active_finish (TokensTokenList    *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void                  tokens_token_list_rename_async    (TokensTokenList      *self,
                                                         const char           *id,
                                                         const char           *description,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean              tokens_token_list_rename_finish   (TokensTokenList      *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

void                  tokens_token_list_find_secret_async  (TokensTokenList     *self,
                                                            const char          *secret,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
TokensLookup         *tokens_token_list_find_secret_finish (TokensTokenList     *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
void                  tokens_token_list_create_async    (TokensTokenList      *self,
                                                         const TokensDraft    *draft,
                                                         const char           *replaces_id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
TokensToken          *tokens_token_list_create_finish   (TokensTokenList      *self,
                                                         GAsyncResult         *result,
                                                         char                **secret,
                                                         GError              **error);
void                  tokens_token_list_regenerate_async (TokensTokenList     *self,
                                                         const char           *id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
char                 *tokens_token_list_regenerate_finish (TokensTokenList    *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void                  tokens_token_list_mark_replacement (TokensTokenList     *self,
                                                         const char           *old_id,
                                                         const char           *new_id);
const char           *tokens_token_list_get_replacement  (TokensTokenList     *self,
                                                         const char           *old_id);

G_END_DECLS
