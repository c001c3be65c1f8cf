/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "influx-tokens"

#include "config.h"

#include "tokens-application.h"

#include <glib/gi18n.h>
#include <locale.h>

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TokensApplication) app = NULL;
  const char *localedir = g_getenv ("INFLUX_TOKENS_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* An uninstalled build (build-aux/dev run, the tests) finds its
   * translations in the build tree. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = tokens_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
