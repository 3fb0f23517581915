/*
 * atomic.h - write a file so that readers see the old or the new contents,
 * never a mix; never replace a file that is not of the kind being written;
 * and leave nothing behind that a later run cannot tell to be garbage.
 *
 * The data goes to a temporary file DIR/.NAME.XXXXXX.grantsheet-tmp in the
 * target's own folder (so the rename stays on one filesystem) and is renamed
 * over the target.  Any failure (a full disk included) removes the temporary
 * file and leaves the target untouched.
 *
 * Nothing destroyed.  Before anything is created, and again just before the
 * rename, the target is judged as the user sees it (symbolic links
 * followed): it may be absent, or a regular file that starts with the
 * kind's magic ("%PDF-" for a PDF).  A folder, a device (`-o /dev/null`), a
 * FIFO, a socket, a file of another kind (a plan, a CSV, an empty file), or
 * a symbolic link to any of these is refused with GS_WRITE_REFUSED and left
 * exactly as it was.  A symbolic link to a file of the right kind (or a
 * dangling one) is itself replaced by the new file; the file it pointed to
 * keeps its contents.  Writing through the link instead would let a link
 * planted in a shared output folder overwrite any PDF the writer may reach.
 *
 * Nothing left behind.  The writer holds an flock on its temporary file
 * from the moment the file has a name until it is renamed or removed, so
 * "a temporary file whose lock can be taken" means "its writer is dead"
 * (kill -9, power cut).  gs_atomic_clean removes exactly those.  To close
 * the gap between creating the file and locking it, writers hold a shared
 * flock on the folder across that gap and the cleaner takes it exclusively
 * while it looks; where folders cannot be locked (NFS) a writer that finds
 * its new file already unlinked simply makes another.
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
    GS_ATOMIC_CLEAN = 1 << 2,    /* first remove dead temporaries of this
                                    target (a killed earlier write) */
};

/* Results of gs_write_atomic and gs_output_check. */
enum {
    GS_WRITE_OK = 0,
    GS_WRITE_FAILED = -1,  /* the OS refused (reason appended): E404 */
    GS_WRITE_REFUSED = -2, /* the target is not ours to replace: E405 */
};

/* What an existing target must be for a write to replace it. */
typedef struct gs_out_kind {
    const char *magic; /* the bytes the file starts with */
    const char *what;  /* its name in messages, e.g. "PDF" */
} gs_out_kind;

extern const gs_out_kind gs_out_pdf; /* "%PDF-" */

/* The ending of every temporary file name (after ".XXXXXX"). */
#define GS_ATOMIC_TEMP_SUFFIX ".grantsheet-tmp"

/* Whether path may be replaced by a file of the given kind (NULL: any
 * regular file may be).  GS_WRITE_OK or GS_WRITE_REFUSED, with a Japanese
 * sentence naming path and what it is appended to why. */
int gs_output_check(const char *path, const gs_out_kind *kind, gs_buf *why);

/* Writes data to path as described above.  Returns GS_WRITE_OK, or
 * GS_WRITE_FAILED / GS_WRITE_REFUSED with a Japanese explanation (naming
 * the file and the OS's reason) appended to err. */
int gs_write_atomic(const char *path, const void *data, size_t len,
                    unsigned flags, const gs_out_kind *kind, gs_buf *err);

/* True for a name gs_write_atomic gives its temporary files. */
bool gs_atomic_is_temp(const char *name);

/* Removes the temporary files in dir whose writer is dead (their lock can
 * be taken); with prefix, only those whose name starts with it.  A live
 * writer's file is never touched.  Returns how many were removed; a folder
 * that cannot be read removes none. */
size_t gs_atomic_clean(const char *dir, const char *prefix);

/* A seam for tests: a program that defines this function (the library does
 * not: it is a weak symbol) makes every write for which it returns true fail
 * half-way with ENOSPC, exactly as a full disk would. */
extern bool gs_atomic_test_disk_full(const char *path) __attribute__((weak));

#endif
