/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: whatever a server sends for one token (get, patch, create). */
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
  g_autoptr(TokensToken) authorization = NULL;
  GPtrArray *permissions;

  authorization = tokens_api_parse_authorization (bytes, NULL);
  if (authorization == NULL)
    return 0;

  /* Everything the window and the details pane show is derived here. */
  g_assert (tokens_token_get_id (authorization) != NULL);
  g_assert (g_utf8_validate (tokens_token_get_display_name (authorization), -1, NULL));
  (void)tokens_token_get_summary (authorization);
  (void)tokens_token_matches (authorization, "telegraf");
  (void)tokens_token_get_is_operator (authorization);
  (void)tokens_token_get_is_all_access (authorization);
  (void)tokens_token_can_read_tokens (authorization);
  permissions = tokens_token_get_permissions (authorization);
  for (guint i = 0; i < permissions->len; i++)
    g_free (tokens_permission_describe (g_ptr_array_index (permissions, i)));
  return 0;
}
