/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tokens-token.h"

G_BEGIN_DECLS

char *tokens_format_relative_time (GDateTime *when,
                                   GDateTime *now);
char *tokens_format_exact_time    (GDateTime *when);
char *tokens_format_count         (guint      count);
char *tokens_format_time_until    (GDateTime *when,
                                   GDateTime *now);
char *tokens_format_expiry        (TokensToken *token,
                                   GDateTime   *now);

G_END_DECLS
