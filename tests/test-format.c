/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-format.h"
#include "tokens-token-private.h"

#include <locale.h>

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
test_until (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 28, 12, 0, 0);
  struct { GTimeSpan ahead; const char *text; } cases[] = {
    { 30 * G_TIME_SPAN_SECOND, "in less than a minute" },
    { 5 * G_TIME_SPAN_MINUTE, "in 5 minutes" },
    { 3 * G_TIME_SPAN_HOUR, "in 3 hours" },
    { 30 * G_TIME_SPAN_HOUR, "tomorrow" },
    { 3 * G_TIME_SPAN_DAY + G_TIME_SPAN_MINUTE, "in 3 days" },
    { 3 * G_TIME_SPAN_DAY - 2 * G_TIME_SPAN_HOUR, "in 3 days" },  /* made to last 3 days */
    { 90 * G_TIME_SPAN_DAY, "in 3 months" },
    { 800 * G_TIME_SPAN_DAY, "in 2 years" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) when = g_date_time_add (now, cases[i].ahead);
      g_autofree char *text = tokens_format_time_until (when, now);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* What a row says of a token's end: revoked before expired before none. */
static void
test_expiry (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 28, 12, 0, 0);
  g_autoptr(TokensToken) token = tokens_token_new ("t1");
  g_autofree char *none = tokens_format_expiry (token, now);
  g_autofree char *future = NULL;
  g_autofree char *past = NULL;
  g_autofree char *revoked = NULL;

  g_assert_null (none);
  g_assert_cmpint (tokens_token_get_status_at (token, now), ==, TOKENS_TOKEN_STATUS_ACTIVE);

  token->expires_at = g_date_time_add_days (now, 3);
  future = tokens_format_expiry (token, now);
  g_assert_cmpstr (future, ==, "expires in 3 days");
  g_assert_cmpint (tokens_token_get_status_at (token, now), ==, TOKENS_TOKEN_STATUS_ACTIVE);

  g_clear_pointer (&token->expires_at, g_date_time_unref);
  token->expires_at = g_date_time_add_days (now, -2);
  past = tokens_format_expiry (token, now);
  g_assert_cmpstr (past, ==, "expired 2 days ago");
  g_assert_cmpint (tokens_token_get_status_at (token, now), ==, TOKENS_TOKEN_STATUS_EXPIRED);

  token->revoked_at = g_date_time_add_hours (now, -5);
  revoked = tokens_format_expiry (token, now);
  g_assert_cmpstr (revoked, ==, "revoked 5 hours ago");
  g_assert_cmpint (tokens_token_get_status_at (token, now), ==, TOKENS_TOKEN_STATUS_REVOKED);
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

/*
 * Counts use the locale's thousands separator. The C locale has none, so
 * the test compiles English and German locales of its own with localedef
 * (from Debian's locales package, which build-aux/dev installs) into a
 * scratch directory, and points glibc at it with LOCPATH.
 */
static void
test_count (void)
{
  struct { const char *locale; const char *expected; } cases[] = {
    { "C", "10011" },
    { "en_US.UTF-8", "10,011" },
    { "de_DE.UTF-8", "10.011" },
  };
  g_autofree char *dir = g_dir_make_tmp ("tokens-locales-XXXXXX", NULL);
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));

  g_assert_nonnull (dir);
  for (guint i = 1; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strndup (cases[i].locale, 5);
      g_autofree char *out = g_build_filename (dir, cases[i].locale, NULL);
      const char *argv[] = { "localedef", "-i", name, "-f", "UTF-8", out, NULL };
      g_autoptr(GError) error = NULL;
      int status = -1;

      g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                    G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_file_test (out, G_FILE_TEST_IS_DIR));
    }
  g_setenv ("LOCPATH", dir, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;

      g_assert_nonnull (setlocale (LC_NUMERIC, cases[i].locale));
      text = tokens_format_count (10011);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  setlocale (LC_NUMERIC, saved);
  g_unsetenv ("LOCPATH");
  {
    g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);

    g_assert_true (g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/tokens/format/relative", test_relative);
  g_test_add_func ("/tokens/format/exact", test_exact);
  g_test_add_func ("/tokens/format/until", test_until);
  g_test_add_func ("/tokens/format/expiry", test_expiry);
  g_test_add_func ("/tokens/format/count", test_count);

  return g_test_run ();
}
