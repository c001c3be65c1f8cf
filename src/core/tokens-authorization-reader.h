/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tokens-token.h"

G_BEGIN_DECLS

TokensToken *tokens_authorization_reader_read      (GBytes  *body,
                                                            GError **error);
GPtrArray           *tokens_authorization_reader_read_list (GBytes  *body,
                                                            GError **error);

G_END_DECLS
