/*
 * tsv.h - one field of a tab-separated line, escaped so that no value can
 * break the line apart.
 *
 * Batch writes file names into its manifest and its state records, and a
 * file name may hold a TAB, a newline or any other control character: left
 * as it is, such a name forges columns and rows, and the state record of
 * the plan can never be read back (so the plan is never skipped).  Escaped
 * as below, every field is one run of printable bytes:
 *
 *   \  ->  \\        TAB  ->  \t        LF  ->  \n        CR  ->  \r
 *   any other byte below 0x20, DEL (0x7f), and each byte the caller names
 *   as special (e.g. ';' inside a list)  ->  \xHH (two lowercase hex digits)
 *
 * Bytes from 0x80 up (UTF-8) are kept as they are, so Japanese names stay
 * readable.  The first four rules are those of the audit TSV.
 */
#ifndef GS_TSV_H
#define GS_TSV_H

#include "util/buf.h"

/* Appends s escaped to out; extra (may be NULL) lists further bytes to
 * write as \xHH. */
void gs_tsv_escape(gs_buf *out, const char *s, const char *extra);

/* The field s unescaped, as a new string the caller frees; NULL when s is
 * not something gs_tsv_escape writes (a lone or unknown backslash escape,
 * a control byte). */
char *gs_tsv_unescape(const char *s);

#endif
