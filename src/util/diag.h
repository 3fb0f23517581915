/*
 * diag.h - diagnostics: every problem grantsheet finds in a run.
 *
 * Stages never print.  They append gs_diag records to a gs_diags list and go
 * on, so that one run reports every problem of a plan rather than the first;
 * only the cli decides how to show them (text on stderr, later JSON).
 *
 * A diagnostic points at the input (file, line, column where known) and, for
 * figures, names where on the form the figure sits: sheet, row and fiscal
 * year, with the stated and the computed value as they would be shown.  The
 * list owns copies of every string, so it outlives the plan and template it
 * describes.
 *
 * Codes are stable: E1xx input, E2xx validation errors, W2xx warnings,
 * E3xx template/layout, E4xx rendering.  README.md lists them all.
 */
#ifndef GS_DIAG_H
#define GS_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* A place in an input file.  file is borrowed from whoever loaded the file
 * (the plan or the template) and lives as long as that object.  A file that
 * has cells rather than lines (a workbook) names the cell in file, with
 * line 0: "計画.xlsx:KPI!E7", so it prints "計画.xlsx:KPI!E7: error[…]". */
typedef struct gs_srcpos {
    const char *file;
    int line; /* 1-based; 0 = unknown */
    int col;  /* 1-based; 0 = unknown */
} gs_srcpos;

typedef enum gs_severity {
    GS_WARNING,
    GS_ERROR,
} gs_severity;

typedef struct gs_diag {
    gs_severity severity;
    char code[8];
    char *file;     /* NULL when no file applies */
    int line, col;
    char *sheet;    /* e.g. "(別紙1-1) ソフト事業経費内訳"; NULL if none */
    char *row;      /* e.g. "交付対象事業経費【①】"; NULL if none */
    int fy;         /* Gregorian fiscal year; 0 if none */
    char *stated;   /* the figure as typed, formatted; NULL if none */
    char *computed; /* the figure as derived, formatted; NULL if none */
    char *message;  /* Japanese, complete on its own */
} gs_diag;

typedef struct gs_diags {
    gs_diag *v;
    size_t n, cap;
    size_t errors, warnings;
} gs_diags;

#define GS_DIAGS_INIT { NULL, 0, 0, 0, 0 }

/* Appends a diagnostic whose message is built from fmt; returns it so the
 * caller can fill in sheet/row/year/figures with the setters below.  The
 * pointer is valid until the next add. */
gs_diag *gs_diags_add(gs_diags *d, gs_severity sev, const char *code,
                      gs_srcpos pos, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void gs_diag_set_where(gs_diag *g, const char *sheet, const char *row, int fy);
void gs_diag_set_figures(gs_diag *g, const char *stated, const char *computed);

/* Moves every record of src to the end of dst; src is left empty. */
void gs_diags_move(gs_diags *dst, gs_diags *src);
/* Stable sort by file, line, column, so reports read top to bottom (the
 * cells of a workbook sheet by row, then column); then
 * drops exact repeats (a template mistake inside a loop fires per pass). */
void gs_diags_sort(gs_diags *d);
bool gs_diags_has_errors(const gs_diags *d);
void gs_diags_free(gs_diags *d);

/* "FILE:LINE: error[CODE]: MESSAGE" (one line, no newline). */
void gs_diag_format(const gs_diag *g, gs_buf *out);
/* The whole list as a JSON array of objects with the keys code, severity,
 * file, line, column, sheet, row, year, stated, computed, message (null
 * where unknown), one object per line, for dashboards and CI. */
void gs_diags_to_json(const gs_diags *d, gs_buf *out);

#endif
