/* fuzz-decoder.c — any bytes through the record decoder, fed in pieces
 * whose sizes the input itself chooses (its first byte).
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "forkline-protocol.h"
#include "fuzz-target.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(ForklineDecoder) decoder = forkline_decoder_new ();
  gsize piece = size > 0 ? 1 + data[0] % 97 : 1;
  gsize at = 0;
  ForklineDecodeStatus status = FORKLINE_DECODE_NEED_MORE;

  while (at < size && status != FORKLINE_DECODE_ERROR)
    {
      gsize n = MIN (piece, size - at);
      ForklineEvent ev;

      forkline_decoder_feed (decoder, data + at, n);
      at += n;
      while ((status = forkline_decoder_next (decoder, &ev, NULL)) == FORKLINE_DECODE_EVENT)
        {
          /* every field a decoded record claims is inside what was fed */
          g_assert (ev.label_len == 0 || ev.label != NULL);
          g_assert (ev.text_len == 0 || ev.text != NULL);
          g_assert (ev.time_ns <= FORKLINE_MAX_TIME_NS);
        }
      g_assert (forkline_decoder_offset (decoder) <= at);
    }
  if (status != FORKLINE_DECODE_ERROR)
    forkline_decoder_finish (decoder, NULL);
  return 0;
}
