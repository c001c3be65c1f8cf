/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: whatever a server or a proxy sends with an error status,
 * to any request, /ping included (its success has no body). */
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
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;

  if (tokens_api_parse_error_body (bytes, &code, &message))
    g_assert (g_utf8_validate (message, -1, NULL));
  return 0;
}
