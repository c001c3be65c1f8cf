/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/*
 * libFuzzer makes inputs no longer than its longest seed (4 KB at least)
 * unless told otherwise, which is far too short for the nesting a hostile
 * server can send: json-glib overflows its stack at about 80,000 levels.
 * LLVMFuzzerInitialize runs before libFuzzer reads its flags, so a target
 * puts its own default first; a -max_len on the command line comes later
 * and still wins.
 */
#define FUZZ_JSON_MAX_LEN (512 * 1024)

int LLVMFuzzerInitialize (int *argc, char ***argv);

static inline void
fuzz_set_default_max_len (int     *argc,
                          char  ***argv,
                          gsize    max_len)
{
  /* libFuzzer keeps using argv for the whole run: never freed. */
  char **args = g_new0 (char *, *argc + 2);

  args[0] = (*argv)[0];
  args[1] = g_strdup_printf ("-max_len=%" G_GSIZE_FORMAT, max_len);
  for (int i = 1; i < *argc; i++)
    args[i + 1] = (*argv)[i];
  *argv = args;
  *argc += 1;
}
