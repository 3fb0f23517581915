/*
 * file.h - reading an input file whole, within a size bound.
 *
 * Every input file (plans, CSV tables, the PDFs of dump and diff) is read
 * the same careful way: refused unless a regular file - looked at before it
 * is opened, so that a FIFO cannot hang the run nor /dev/zero fill memory -
 * then opened without blocking and checked again, refused above a bound
 * before a byte is read, and read to at most one byte past the bound in
 * case the file grows meanwhile.
 */
#ifndef GS_FILE_H
#define GS_FILE_H

#include <stddef.h>

#include "util/buf.h"

typedef enum gs_read_status {
    GS_READ_OK,
    GS_READ_FAILED,   /* could not open or read (errno in the reason) */
    GS_READ_SPECIAL,  /* not a regular file */
    GS_READ_TOO_BIG,  /* larger than the bound */
} gs_read_status;

/* Reads path (at most max bytes) into a new NUL-terminated buffer the caller
 * frees, its length in *len.  On failure returns NULL, sets *status and
 * appends the reason to why as a Japanese predicate that follows the name
 * of the file ("を開けません: …", "が大きすぎます (…)"), so each caller
 * can say which file it was. */
char *gs_read_file(const char *path, size_t max, size_t *len,
                   gs_read_status *status, gs_buf *why);

#endif
