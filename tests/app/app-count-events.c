/* app-count-events.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Counts the records of a saved run with the protocol decoder alone
 * (independently of the app's trace model), for the end-to-end tests to
 * compare with what the app says it received.  Prints
 * "records=N prints=N ended=0|1".
 */

#include "config.h"

#include <glib.h>

#include "forkline-protocol.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(ForklineDecoder) decoder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  guint records = 0, prints = 0;
  gboolean ended = FALSE;
  ForklineEvent event;
  ForklineDecodeStatus status;

  if (argc != 2)
    {
      g_printerr ("usage: %s RUN.forkline\n", argv[0]);
      return 2;
    }

  if (!g_file_get_contents (argv[1], &data, &len, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  decoder = forkline_decoder_new ();
  forkline_decoder_feed (decoder, (const guint8 *)data, len);

  while ((status = forkline_decoder_next (decoder, &event, &error)) == FORKLINE_DECODE_EVENT)
    {
      records++;
      if (event.type == FORKLINE_EV_PRINT)
        prints++;
      if (event.type == FORKLINE_EV_LESSON_END)
        ended = TRUE;
    }

  if (status == FORKLINE_DECODE_ERROR || !forkline_decoder_finish (decoder, &error))
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return 1;
    }

  g_print ("records=%u prints=%u ended=%d\n", records, prints, ended);
  return 0;
}
