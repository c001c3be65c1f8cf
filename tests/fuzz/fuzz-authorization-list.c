/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: whatever a server sends as a token list. */
#include "config.h"

#include "tokens-api-json.h"
#include "fuzz-max-len.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_set_default_max_len (argc, argv, FUZZ_JSON_MAX_LEN);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(TokensToken) one = NULL;

  list = tokens_api_parse_authorization_list (bytes, NULL);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      TokensToken *a = g_ptr_array_index (list, i);
      GPtrArray *permissions = tokens_token_get_permissions (a);

      /* Everything the window shows is derived here: exercise it too. */
      (void)tokens_token_get_summary (a);
      (void)tokens_token_get_display_name (a);
      (void)tokens_token_matches (a, "telegraf");
      for (guint j = 0; j < permissions->len; j++)
        g_free (tokens_permission_describe (g_ptr_array_index (permissions, j)));
    }

  one = tokens_api_parse_authorization (bytes, NULL);
  return 0;
}
