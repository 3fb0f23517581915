/*
 * oserr.h - the operating system's reason for a failure, in Japanese.
 *
 * strerror() speaks English, and a planning division reading 「書き出せません」
 * needs to know whether the disk is full, the folder read-only or the file
 * someone else's.  One table, here, so that every message of the tool names
 * the same reason in the same words.  Each reason ends with the errno name in
 * parentheses (ENOSPC, ...), which is what an administrator searches for.
 */
#ifndef GS_OSERR_H
#define GS_OSERR_H

/* The reason for errnum: Japanese for the common file-system errors
 * (ENOSPC, EDQUOT, EACCES, EPERM, EROFS, EIO, ENOENT, EEXIST, ENOTDIR,
 * EISDIR and a few more), otherwise strerror()'s English text.  The string
 * is static; do not free it. */
const char *gs_oserr(int errnum);

#endif
