/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * What the app says about an error, in one place: the window's error page
 * and the server dialog's inline message word the same errors alike.
 */
typedef struct
{
  const char *icon_name;
  const char *title;          /* a heading, in title case */
  char *description;          /* owned; plain text, not markup */
  gboolean offer_retry;
  gboolean offer_credentials;
} TokensErrorText;

void        tokens_error_text_clear          (TokensErrorText *text);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TokensErrorText, tokens_error_text_clear)

void        tokens_error_text_for_list       (TokensErrorText *text,
                                              const GError    *error,
                                              const char      *server_name,
                                              const char      *url);
void        tokens_error_text_for_own_token  (TokensErrorText *text,
                                              gboolean         deleted,
                                              const char      *server_name);
void        tokens_error_text_for_secret     (TokensErrorText *text,
                                              const GError    *error,
                                              const char      *server_name);
const char *tokens_error_text_for_connect    (const GError    *error);

gboolean    tokens_error_is_fatal            (const GError    *error);

G_END_DECLS
