/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-tooltip.h"

/*
 * A fixed tooltip, given only when GTK asks for it.
 *
 * In GTK 4.8 every gtk_widget_set_tooltip_text() (and so every
 * "tooltip-text" in a template) asks the X server where the pointer is and
 * waits for the answer. The header bar's buttons did that seven times on
 * the way to the first frame, and the token rows seven times per row, 200
 * rows per search.
 */

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  const char *text)
{
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* @text must outlive @widget: a string literal or a translation. */
void
tokens_set_tooltip_on_demand (GtkWidget  *widget,
                              const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (text != NULL);

  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_tooltip), (gpointer)text);
}
