/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "influx-tokens-demo-server"

#include "config.h"

#include "tokens-demo-server.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <stdio.h>

/*
 * Runs the built-in fake InfluxDB in the foreground. The first line printed
 * is its URL (for Cloud Dedicated, its management API's base, account and
 * cluster included); then one line per token it accepts,
 * "<kind> token: <value>", operator first (InfluxDB 3: `_admin`;
 * Dedicated: the management token). These are the fake server's own throwaway tokens, printed
 * because a person or a test needs them to talk to it.
 */

static gboolean
on_quit_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
print_token (const char *kind,
             const char *id,
             const char *value,
             const char *description,
             gpointer    user_data)
{
  printf ("%s token: %s\n", kind, value);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(TokensDemoServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;
  int port = 0;
  int n_tokens = 0;
  int latency_ms = 0;
  gboolean hostile = FALSE;
  gboolean without_auth = FALSE;
  TokensDemoMode demo_mode = TOKENS_DEMO_MODE_OSS;
  const GOptionEntry entries[] = {
    { .long_name = "port", .arg = G_OPTION_ARG_INT, .arg_data = &port,
      .description = "Port on 127.0.0.1 (default: any free port)", .arg_description = "N" },
    { .long_name = "tokens", .arg = G_OPTION_ARG_INT, .arg_data = &n_tokens,
      .description = "Generated tokens to add to the seeded ones", .arg_description = "N" },
    { .long_name = "mode", .arg = G_OPTION_ARG_STRING, .arg_data = &mode,
      .description = "oss (clear tokens), oss-hashed (2.9), cloud (redacted), core (InfluxDB 3 "
                     "Core; influxdb3 says the same), enterprise or dedicated",
      .arg_description = "MODE" },
    { .long_name = "without-auth", .arg = G_OPTION_ARG_NONE, .arg_data = &without_auth,
      .description = "InfluxDB 3 as started with --without-auth: no token needed, the token "
                     "endpoints disabled" },
    { .long_name = "latency-ms", .arg = G_OPTION_ARG_INT, .arg_data = &latency_ms,
      .description = "Delay before every answer", .arg_description = "N" },
    { .long_name = "hostile", .arg = G_OPTION_ARG_NONE, .arg_data = &hostile,
      .description = "Add tokens with hostile descriptions (markup, right-to-left, control "
                     "characters, 10,000 characters, 500 permissions)" },
    { NULL }
  };

  context = g_option_context_new ("- a fake InfluxDB for Influx Tokens");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (mode == NULL || g_str_equal (mode, "oss"))
    demo_mode = TOKENS_DEMO_MODE_OSS;
  else if (g_str_equal (mode, "oss-hashed"))
    demo_mode = TOKENS_DEMO_MODE_OSS_HASHED;
  else if (g_str_equal (mode, "cloud"))
    demo_mode = TOKENS_DEMO_MODE_CLOUD;
  else if (g_str_equal (mode, "core") || g_str_equal (mode, "influxdb3"))
    demo_mode = TOKENS_DEMO_MODE_CORE;
  else if (g_str_equal (mode, "enterprise"))
    demo_mode = TOKENS_DEMO_MODE_ENTERPRISE;
  else if (g_str_equal (mode, "dedicated"))
    demo_mode = TOKENS_DEMO_MODE_DEDICATED;
  else
    {
      g_printerr ("Unknown mode “%s”: use oss, oss-hashed, cloud, core, enterprise or "
                  "dedicated\n", mode);
      return 2;
    }

  if (without_auth && demo_mode != TOKENS_DEMO_MODE_CORE &&
      demo_mode != TOKENS_DEMO_MODE_ENTERPRISE)
    {
      g_printerr ("--without-auth is for --mode core or enterprise\n");
      return 2;
    }

  if (port < 0 || port > 65535 || n_tokens < 0 || latency_ms < 0)
    {
      g_printerr ("--port, --tokens and --latency-ms take positive numbers\n");
      return 2;
    }

  server = tokens_demo_server_new (demo_mode);
  tokens_demo_server_set_without_auth (server, without_auth);
  tokens_demo_server_seed (server);
  if (n_tokens > 0)
    tokens_demo_server_generate (server, n_tokens);
  if (hostile)
    {
      g_autofree char *long_text = g_strnfill (10000, 'W');

      g_free (tokens_demo_server_add_token (server, "<b>bold</b> &amp; <span foreground=\"red\">red</span> </span> <i", 1));
      g_free (tokens_demo_server_add_token (server, "توكن الإنتاج للقراءة فقط (Production, read-only)", 1));
      g_free (tokens_demo_server_add_token (server, "zero\u200Bwidth\u200Fmark \x01\x07\x1b[31mescape\x7f tab\tnew\nline", 1));
      g_free (tokens_demo_server_add_token (server, long_text, 1));
      g_free (tokens_demo_server_add_token (server, "Five hundred permissions", 500));
    }
  tokens_demo_server_set_latency (server, latency_ms);

  if (!tokens_demo_server_start (server, port, &error))
    {
      g_printerr ("Cannot listen on port %d: %s\n", port, error->message);
      return 1;
    }

  printf ("%s\n", tokens_demo_server_get_url (server));
  tokens_demo_server_foreach_token (server, print_token, NULL);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_quit_signal, loop);
  g_unix_signal_add (SIGTERM, on_quit_signal, loop);
  g_main_loop_run (loop);

  return 0;
}
