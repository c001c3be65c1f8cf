/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tokens-backend.h"

G_BEGIN_DECLS

#define TOKENS_TYPE_BACKEND_MANAGEMENT (tokens_backend_management_get_type ())
G_DECLARE_FINAL_TYPE (TokensBackendManagement, tokens_backend_management, TOKENS, BACKEND_MANAGEMENT, GObject)

TokensBackend *tokens_backend_management_new (TokensClient *client);

G_END_DECLS
