/*
 * atomic.h - write a file so that readers see the old or the new contents,
 * never a mix.
 *
 * The data goes to a temporary file DIR/.NAME.XXXXXX in the target's own
 * folder (so the rename stays on one filesystem, and a crashed run's
 * leftovers are easy to find), and is renamed over the target.  Any failure
 * (a full disk included) removes the temporary file and leaves the target
 * untouched.
 *
 * How durable the result must be is the caller's choice: a PDF handed to a
 * person is synced, data and folder, before the call returns; a batch's
 * bookkeeping files that the next run re-checks anyway need not be.
 */
#ifndef GS_ATOMIC_H
#define GS_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

enum {
    GS_ATOMIC_SYNC = 1 << 0,     /* sync the data before the rename */
    GS_ATOMIC_SYNC_DIR = 1 << 1, /* and the folder after it */
};

/* Returns 0 on success; -1 with a Japanese explanation appended to err. */
int gs_write_atomic(const char *path, const void *data, size_t len,
                    unsigned flags, gs_buf *err);

/* A seam for tests: a program that defines this function (the library does
 * not: it is a weak symbol) makes every write for which it returns true fail
 * half-way with ENOSPC, exactly as a full disk would. */
extern bool gs_atomic_test_disk_full(const char *path) __attribute__((weak));

#endif
