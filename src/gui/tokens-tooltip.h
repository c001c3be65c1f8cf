/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void tokens_set_tooltip_on_demand (GtkWidget  *widget,
                                   const char *text);

G_END_DECLS
