/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TOKENS_SECRET_ERROR (tokens_secret_error_quark ())

typedef enum
{
  TOKENS_SECRET_ERROR_UNAVAILABLE, /* no Secret Service, no D-Bus, no keyring */
  TOKENS_SECRET_ERROR_LOCKED,      /* locked, and it stayed locked */
  TOKENS_SECRET_ERROR_NOT_FOUND,   /* no token is saved for that server */
} TokensSecretError;

GQuark    tokens_secret_error_quark        (void);

void      tokens_secret_store_save_async   (const char          *server_id,
                                            const char          *url,
                                            const char          *server_name,
                                            const char          *token,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean  tokens_secret_store_save_finish  (GAsyncResult        *result,
                                            GError             **error);
void      tokens_secret_store_lookup_async (const char          *server_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
char     *tokens_secret_store_lookup_finish (GAsyncResult       *result,
                                            GError             **error);
void      tokens_secret_store_delete_async (const char          *server_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean  tokens_secret_store_delete_finish (GAsyncResult       *result,
                                            GError             **error);
void      tokens_secret_free               (char                *secret);
gboolean  tokens_secret_equal              (const char          *a,
                                            const char          *b);

G_END_DECLS
