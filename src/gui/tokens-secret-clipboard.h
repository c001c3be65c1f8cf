/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* How long a copied token stays on the clipboard, as password managers do. */
#define TOKENS_SECRET_CLIPBOARD_SECONDS 30

void     tokens_secret_clipboard_copy             (GtkWidget  *widget,
                                                   const char *secret);
gboolean tokens_secret_clipboard_holds_ours       (GdkDisplay *display);
void     tokens_secret_clipboard_clear_now        (void);

/* For the tests: clears after @ms instead. */
void     _tokens_secret_clipboard_set_timeout_ms  (guint       ms);

G_END_DECLS
