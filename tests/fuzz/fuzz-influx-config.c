/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: whatever is in a file that claims to be the influx CLI's profiles. */
#include "config.h"

#include "tokens-influx-config.h"
#include "fuzz-max-len.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Up to one byte past the largest file the reader accepts, so that the
 * refusal is reached too. */
int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_set_default_max_len (argc, argv, TOKENS_INFLUX_CONFIG_MAX_SIZE + 1);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) profiles = tokens_influx_config_parse ((const char *)data, size, NULL);

  for (guint i = 0; profiles != NULL && i < profiles->len; i++)
    {
      TokensInfluxProfile *profile = g_ptr_array_index (profiles, i);

      g_assert (g_utf8_validate (profile->name, -1, NULL));
      g_assert (profile->url == NULL || g_utf8_validate (profile->url, -1, NULL));
    }
  return 0;
}
