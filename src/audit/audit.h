/*
 * audit.h - the canonical figures of a document, for auditors comparing
 * versions of a plan.
 *
 * The layout records every datum a sheet shows (gs_doc.figs, with keys taken
 * from the form's own labels; see collect_figures in layout.c).  This module
 * turns them into one canonical text, a TSV:
 *
 *   sheet <TAB> section <TAB> row <TAB> column <TAB> value
 *
 * after a header line of exactly those names; one line per figure, lines
 * sorted bytewise, keys (the first four fields) unique - a key that occurs
 * twice gets "#2", "#3"… on its column, in document order.  Inside a field,
 * backslash, tab, newline and carriage return are written \\ \t \n \r.  The
 * value is the text as drawn (explicit line breaks as \n).
 *
 * The same TSV is what `grantsheet dump` prints and what every PDF carries
 * as the attachment GS_AUDIT_ATTACHMENT, so two PDFs can be compared
 * without their plans.  Nothing here prints or touches files.
 */
#ifndef GS_AUDIT_H
#define GS_AUDIT_H

#include <stddef.h>

#include "layout/doc.h"
#include "util/buf.h"

#define GS_AUDIT_ATTACHMENT "grantsheet-data.tsv"
#define GS_AUDIT_HEADER "sheet\tsection\trow\tcolumn\tvalue"

/* Appends the canonical TSV of doc's figures to out. */
void gs_audit_tsv(const gs_doc *doc, gs_buf *out);

/* Bounds of the reader: a PDF is refused above GS_AUDIT_PDF_MAX bytes, an
 * attachment that inflates beyond GS_AUDIT_TSV_MAX bytes (a grantsheet TSV
 * is tens of kilobytes; 16 MB is a plan hundreds of times the largest
 * form).  gs_audit_extract_isolated also bounds what libqpdf itself may
 * take: GS_AUDIT_MEM_MAX bytes of memory, GS_AUDIT_CPU_SECONDS of CPU. */
#define GS_AUDIT_PDF_MAX ((size_t)64 << 20)
#define GS_AUDIT_TSV_MAX ((size_t)16 << 20)
#define GS_AUDIT_MEM_MAX ((size_t)512 << 20)
#define GS_AUDIT_CPU_SECONDS 10

typedef enum gs_audit_status {
    GS_AUDIT_OK = 0,
    GS_AUDIT_NOT_PDF,   /* does not start with %PDF- */
    GS_AUDIT_BROKEN,    /* libqpdf cannot read it: damaged, password, … */
    GS_AUDIT_NO_DATA,   /* a PDF without our attachment */
    GS_AUDIT_BAD_DATA,  /* the attachment is there but cannot be read */
    GS_AUDIT_TOO_BIG,   /* the PDF or the inflated attachment is over its bound */
    GS_AUDIT_LIMIT,     /* reading it took more memory or CPU than allowed */
} gs_audit_status;

/* Finds the GS_AUDIT_ATTACHMENT of a PDF (libqpdf: the catalog's
 * /EmbeddedFiles name tree -> file specification -> embedded file stream;
 * any PDF structure qpdf reads, so also one another program re-saved with
 * object streams or encryption without a user password) and appends its
 * bytes to tsv, inflated within GS_AUDIT_TSV_MAX.  On failure tsv is left
 * as it was and a Japanese sentence saying what is wrong is appended to
 * why.  Memory and time are bounded except inside libqpdf, which inflates
 * object and cross-reference streams without a limit (qpdf 11): for input
 * from outside use gs_audit_extract_isolated. */
gs_audit_status gs_audit_extract(const char *pdf, size_t len, gs_buf *tsv,
                                 gs_buf *why);

/* gs_audit_extract run in a child process limited to GS_AUDIT_MEM_MAX more
 * memory and GS_AUDIT_CPU_SECONDS of CPU, so that no PDF can exhaust the
 * machine; GS_AUDIT_LIMIT when the child went over.  For a
 * single-threaded caller (it forks). */
gs_audit_status gs_audit_extract_isolated(const char *pdf, size_t len,
                                          gs_buf *tsv, gs_buf *why);

/* Compares two canonical TSVs and appends one line per changed, added or
 * removed figure, sorted by key:
 *
 *   変更 KEY: OLD → NEW
 *   追加 KEY: NEW
 *   削除 KEY: OLD
 *
 * KEY is sheet / section / row / column with the empty parts left out;
 * values are escaped as in the TSV and an empty one shows as (空欄).
 * Returns the number of differences, or -1 when either text is not a
 * canonical TSV (wrong header, a line without five fields). */
long gs_audit_diff(const char *old_tsv, size_t old_len, const char *new_tsv,
                   size_t new_len, gs_buf *out);

#endif
