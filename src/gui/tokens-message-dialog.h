/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void   tokens_message_dialog_run_async  (AdwMessageDialog    *dialog,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
char  *tokens_message_dialog_run_finish (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
