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

typedef enum gs_audit_status {
    GS_AUDIT_OK = 0,
    GS_AUDIT_NOT_PDF,   /* does not start with %PDF- */
    GS_AUDIT_NO_DATA,   /* a PDF without our attachment */
    GS_AUDIT_BAD_DATA,  /* the attachment is there but cannot be read */
} gs_audit_status;

/* Finds the GS_AUDIT_ATTACHMENT of a PDF that grantsheet wrote (the
 * /EmbeddedFiles name tree -> file specification -> embedded file stream,
 * inflated when FlateDecode) and appends its bytes to tsv. */
gs_audit_status gs_audit_extract(const char *pdf, size_t len, gs_buf *tsv);

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
