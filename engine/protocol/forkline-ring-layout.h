/* forkline-ring-layout.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shared rings' layout (PROTOCOL.md, "Rings"): the engine reads them
 * (engine/forkline-rings.c), the C runtime's processes and the Python
 * tracer write them.  One memfd of FORKLINE_RING_SLOTS slots; in each, the
 * writer's u64 head (bytes ever written) at offset 0, the engine's u64
 * tail (bytes ever taken) at 64, whole records from
 * FORKLINE_RING_HEADER_BYTES on, at their position modulo
 * FORKLINE_RING_DATA_BYTES.
 */

#pragma once

#define FORKLINE_RING_SLOTS        128
#define FORKLINE_RING_HEADER_BYTES 4096
#define FORKLINE_RING_DATA_BYTES   (64 * 1024)
#define FORKLINE_RING_SLOT_BYTES   (FORKLINE_RING_HEADER_BYTES + FORKLINE_RING_DATA_BYTES)
#define FORKLINE_RING_HEAD_OFFSET  0
#define FORKLINE_RING_TAIL_OFFSET  64
