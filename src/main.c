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

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = tokens_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
