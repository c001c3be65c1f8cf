/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: whatever a server or a proxy sends with an error status. */
#include "config.h"

#include "tokens-api-json.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

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
