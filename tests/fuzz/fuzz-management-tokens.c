/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: whatever a management API (Cloud Dedicated, Clustered) sends as its token list. */
#include "config.h"

#include "tokens-management-token-reader.h"
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
  g_autoptr(GPtrArray) list = tokens_management_token_reader_read_list (bytes, NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      TokensToken *token = g_ptr_array_index (list, i);

      /* Everything the window shows is derived here: exercise it too. */
      (void)tokens_token_get_summary (token);
      (void)tokens_token_get_label (token);
      (void)tokens_token_get_status (token);
      (void)tokens_token_matches (token, "sensors");
    }
  return 0;
}
