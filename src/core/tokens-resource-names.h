/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *tokens_resource_describe (const char *resource_type,
                                const char *resource_id,
                                const char *resource_name,
                                const char *org_id,
                                const char *org_name);

G_END_DECLS
