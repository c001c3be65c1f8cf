/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean tokens_error_body_reader_read (GBytes  *body,
                                        char   **code,
                                        char   **message);

gboolean tokens_error_body_reader_read_text (GBytes    *body,
                                             gboolean   numeric_code,
                                             char     **message);

G_END_DECLS
