/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tokens-backend.h"

G_BEGIN_DECLS

#define TOKENS_TYPE_BACKEND_V3 (tokens_backend_v3_get_type ())
G_DECLARE_FINAL_TYPE (TokensBackendV3, tokens_backend_v3, TOKENS, BACKEND_V3, GObject)

TokensBackend *tokens_backend_v3_new (TokensClient *client);

G_END_DECLS
