/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-format"

#include "config.h"

#include "tokens-format.h"

#include <glib/gi18n.h>

/**
 * tokens_format_relative_time:
 * @when: (nullable): a moment in the past
 * @now: the present, passed in so that tests are exact
 *
 * Returns: (transfer full): "3 hours ago", "yesterday", "2 years ago"…
 */
char *
tokens_format_relative_time (GDateTime *when,
                             GDateTime *now)
{
  GTimeSpan span;
  int n;

  if (when == NULL)
    return g_strdup (_("unknown"));

  span = g_date_time_difference (now, when);
  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("just now"));

  if (span < G_TIME_SPAN_HOUR)
    {
      n = (int)(span / G_TIME_SPAN_MINUTE);
      return g_strdup_printf (ngettext ("%d minute ago",
                                        "%d minutes ago", n), n);
    }

  if (span < G_TIME_SPAN_DAY)
    {
      n = (int)(span / G_TIME_SPAN_HOUR);
      return g_strdup_printf (ngettext ("%d hour ago",
                                        "%d hours ago", n), n);
    }

  if (span < 2 * G_TIME_SPAN_DAY)
    return g_strdup (_("yesterday"));

  if (span < 31 * G_TIME_SPAN_DAY)
    {
      n = (int)(span / G_TIME_SPAN_DAY);
      return g_strdup_printf (ngettext ("%d day ago",
                                        "%d days ago", n), n);
    }

  if (span < 365 * G_TIME_SPAN_DAY)
    {
      n = (int)MAX (span / (30 * G_TIME_SPAN_DAY), 1);
      return g_strdup_printf (ngettext ("%d month ago",
                                        "%d months ago", n), n);
    }

  n = (int)MIN (span / (365 * G_TIME_SPAN_DAY), G_MAXINT);
  return g_strdup_printf (ngettext ("%d year ago",
                                        "%d years ago", n), n);
}

/**
 * tokens_format_exact_time:
 *
 * Returns: (transfer full): the moment in the local time zone, in the
 *   locale's words, with the zone: "Mon 15 Jan 2024, 10:12:33 CET"
 */
char *
tokens_format_exact_time (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;

  if (when == NULL)
    return g_strdup (_("unknown"));

  local = g_date_time_to_local (when);
  /* Translators: a full date and time, see the strftime(3) formats of g_date_time_format() */
  return g_date_time_format (local, _("%a %e %b %Y, %H:%M:%S %Z"));
}

/**
 * tokens_format_count:
 *
 * Returns: (transfer full): @count with the locale's thousands separator,
 *   "10,011" in English, "10.011" in German, "10011" in the C locale
 */
char *
tokens_format_count (guint count)
{
  return g_strdup_printf ("%'u", count);
}

/**
 * tokens_format_time_until:
 * @when: a moment in the future
 * @now: the present
 *
 * Returns: (transfer full): "in 3 days", "in 5 hours", "tomorrow"…
 */
char *
tokens_format_time_until (GDateTime *when,
                          GDateTime *now)
{
  GTimeSpan span = g_date_time_difference (when, now);
  int n;

  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("in less than a minute"));
  if (span < G_TIME_SPAN_HOUR)
    {
      n = (int)(span / G_TIME_SPAN_MINUTE);
      return g_strdup_printf (ngettext ("in %d minute", "in %d minutes", n), n);
    }
  /* Rounded, not cut: a token made to last three days says "in 3 days"
   * for a while after it was made, not "in 2 days". */
  if (span < G_TIME_SPAN_DAY - G_TIME_SPAN_HOUR / 2)
    {
      n = (int)((span + G_TIME_SPAN_HOUR / 2) / G_TIME_SPAN_HOUR);
      return g_strdup_printf (ngettext ("in %d hour", "in %d hours", n), n);
    }
  if (span < G_TIME_SPAN_DAY + G_TIME_SPAN_DAY / 2)
    return g_strdup (_("tomorrow"));
  if (span < 31 * G_TIME_SPAN_DAY)
    {
      n = (int)((span + G_TIME_SPAN_DAY / 2) / G_TIME_SPAN_DAY);
      return g_strdup_printf (ngettext ("in %d day", "in %d days", n), n);
    }
  if (span < 365 * G_TIME_SPAN_DAY)
    {
      n = (int)MAX (span / (30 * G_TIME_SPAN_DAY), 1);
      return g_strdup_printf (ngettext ("in %d month", "in %d months", n), n);
    }
  n = (int)MIN (span / (365 * G_TIME_SPAN_DAY), G_MAXINT);
  return g_strdup_printf (ngettext ("in %d year", "in %d years", n), n);
}

/**
 * tokens_format_expiry:
 * @now: the present
 *
 * Returns: (transfer full) (nullable): when @token stopped or stops
 *   working, "expires in 3 days", "expired yesterday", "revoked 2 hours
 *   ago"; %NULL for a token without an end
 */
char *
tokens_format_expiry (TokensToken *token,
                      GDateTime   *now)
{
  GDateTime *revoked = tokens_token_get_revoked_at (token);
  GDateTime *expires = tokens_token_get_expires_at (token);
  g_autofree char *when = NULL;

  if (revoked != NULL)
    {
      when = tokens_format_relative_time (revoked, now);
      /* Translators: %s is "2 hours ago", "yesterday"… */
      return g_strdup_printf (_("revoked %s"), when);
    }
  if (expires == NULL)
    return NULL;
  if (g_date_time_compare (expires, now) <= 0)
    {
      when = tokens_format_relative_time (expires, now);
      /* Translators: %s is "2 hours ago", "yesterday"… */
      return g_strdup_printf (_("expired %s"), when);
    }
  when = tokens_format_time_until (expires, now);
  /* Translators: %s is "in 3 days", "tomorrow"… */
  return g_strdup_printf (_("expires %s"), when);
}
