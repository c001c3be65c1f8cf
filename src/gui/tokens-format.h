/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *tokens_format_relative_time (GDateTime *when,
                                   GDateTime *now);
char *tokens_format_exact_time    (GDateTime *when);
char *tokens_format_count         (guint      count);

G_END_DECLS
