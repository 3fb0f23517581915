/*
 * atomic.h - write a file so that readers see the old or the new contents,
 * never a mix.
 *
 * The data goes to a temporary file in the target's own directory (so the
 * rename stays on one filesystem), is flushed with fsync, and is renamed over
 * the target; then the directory is synced so the rename survives a crash.
 * Any failure (a full disk included) removes the temporary file and leaves
 * the target untouched.
 */
#ifndef GS_ATOMIC_H
#define GS_ATOMIC_H

#include <stddef.h>

#include "util/buf.h"

/* Returns 0 on success; -1 with a Japanese explanation appended to err. */
int gs_write_atomic(const char *path, const void *data, size_t len,
                    gs_buf *err);

#endif
