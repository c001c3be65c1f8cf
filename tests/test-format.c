/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-format.h"

static void
test_relative (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 28, 12, 0, 0);
  struct { GTimeSpan ago; const char *text; } cases[] = {
    { -G_TIME_SPAN_HOUR, "just now" },       /* clock skew: never "in the future" */
    { 0, "just now" },
    { 59 * G_TIME_SPAN_SECOND, "just now" },
    { G_TIME_SPAN_MINUTE, "1 minute ago" },
    { 45 * G_TIME_SPAN_MINUTE, "45 minutes ago" },
    { G_TIME_SPAN_HOUR, "1 hour ago" },
    { 23 * G_TIME_SPAN_HOUR, "23 hours ago" },
    { 30 * G_TIME_SPAN_HOUR, "yesterday" },
    { 3 * G_TIME_SPAN_DAY, "3 days ago" },
    { 40 * G_TIME_SPAN_DAY, "1 month ago" },
    { 200 * G_TIME_SPAN_DAY, "6 months ago" },
    { 400 * G_TIME_SPAN_DAY, "1 year ago" },
    { 1000 * G_TIME_SPAN_DAY, "2 years ago" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) when = g_date_time_add (now, -cases[i].ago);
      g_autofree char *text = tokens_format_relative_time (when, now);

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  {
    g_autofree char *text = tokens_format_relative_time (NULL, now);
    g_assert_cmpstr (text, ==, "unknown");
  }
}

static void
test_exact (void)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (2024, 1, 15, 9, 12, 33);
  g_autofree char *text = NULL;

  g_setenv ("TZ", "UTC", TRUE);
  text = tokens_format_exact_time (when);
  g_assert_cmpstr (text, ==, "Mon 15 Jan 2024, 09:12:33 UTC");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/tokens/format/relative", test_relative);
  g_test_add_func ("/tokens/format/exact", test_exact);

  return g_test_run ();
}
