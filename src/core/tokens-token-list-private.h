/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tokens-backend.h"
#include "tokens-token-list.h"

G_BEGIN_DECLS

/* Shared by tokens-token-list.c (the model, its refresh and the operations
 * on one token), tokens-token-list-merge.c (how a refresh's tokens are
 * taken in) and tokens-token-list-batch.c (operations on many tokens). */
struct _TokensTokenList
{
  GObject parent_instance;

  /* owned */
  TokensClient *client;
  TokensBackend *backend;        /* once the server's token API is known */
  GPtrArray *items;              /* of TokensToken, newest first, then by id */
  GHashTable *by_id;             /* id -> TokensToken (borrowed from items) */
  GCancellable *refresh_cancellable;
  GHashTable *live_operations;   /* GCancellable set: what dispose cancels */
  GHashTable *gone;              /* ids the server confirmed deleted since the last refresh began */
  GHashTable *replacements;      /* old id -> the id of the token made to replace it */
  GError *error;

  TokensTokenListState state;
  guint retry_in;
  char *product_name;            /* "InfluxDB OSS 2.7.11", once /ping answered */
  char *org;                     /* list only this organization's tokens, or NULL */
  gulong retry_handler;
  guint n_batches;               /* running now */
  guint n_merge_slices;          /* for the tests: how the last refresh was taken in */
  guint merge_slice_us;
};

typedef struct _TokensTokenListIndex TokensTokenListIndex;

/* tokens-token-list.c */
void                  _tokens_token_list_items_changed         (TokensTokenList      *self,
                                                                guint                 position,
                                                                guint                 removed,
                                                                guint                 added);
void                  _tokens_token_list_emit_bulk_progress    (TokensTokenList      *self,
                                                                guint                 done,
                                                                guint                 total);
GTask                *_tokens_token_list_operation_task        (TokensTokenList      *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
void                  _tokens_token_list_merged                (TokensTokenList      *self,
                                                                GTask                *task,
                                                                gboolean              found_own);

/* tokens-token-list-create.c */
void                  _tokens_token_list_forget_replacement    (TokensTokenList      *self,
                                                                const char           *id);
void                  _tokens_token_list_apply_replacements    (TokensTokenList      *self);

/* tokens-token-list-merge.c */
TokensTokenListIndex *_tokens_token_list_index_new             (void);
void                  _tokens_token_list_index_free            (TokensTokenListIndex *index);
void                  _tokens_token_list_index_tokens          (GPtrArray            *fresh,
                                                                TokensBackend        *backend,
                                                                TokensProduct         product,
                                                                gpointer              data);
void                  _tokens_token_list_merge                 (TokensTokenList      *self,
                                                                GTask                *task,
                                                                GPtrArray            *fresh,
                                                                TokensTokenListIndex *index);

/* For the tests. */
guint                 _tokens_token_list_get_n_live_operations (TokensTokenList      *self);
guint                 _tokens_token_list_get_n_merge_slices    (TokensTokenList      *self);
void                  _tokens_token_list_set_merge_slice_us    (TokensTokenList      *self,
                                                                guint                 us);

G_END_DECLS
