/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GPtrArray *tokens_api_list_parser_parse (const char  *data,
                                         gsize        len,
                                         GError     **error);

G_END_DECLS
