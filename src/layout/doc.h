/*
 * doc.h - the laid-out document: what the layout stage hands the renderer.
 *
 * A gs_doc is a display list: pages of positioned drawing operations, every
 * coordinate final.  The renderer draws exactly this and decides nothing, so
 * a second renderer (say, a PNG preview) would need no layout knowledge.
 *
 * Coordinates are PDF points (1/72 inch) measured from the page's top-left
 * corner, y growing downwards; the renderer flips them for PDF.  Text ops
 * carry the baseline origin of the text's left edge.  Every text op keeps the
 * input position of the datum it shows (or of the template line for fixed
 * labels), so a renderer problem such as a missing glyph can be reported
 * against the input.
 *
 * Ownership: the doc owns its pages, ops and strings; fonts are lent (owned
 * by whoever loaded the template) and must outlive the doc, and so must the
 * plan and templates whose file names the ops' positions borrow.
 */
#ifndef GS_DOC_H
#define GS_DOC_H

#include <stddef.h>

#include "font/font.h"
#include "util/diag.h"

typedef enum gs_op_kind {
    GS_OP_TEXT,  /* text at (x, y) baseline, in font at size */
    GS_OP_LINE,  /* straight line from (x, y) to (x2, y2), stroke width w */
    GS_OP_FILL,  /* rectangle (x, y, w, h) filled with gray level */
} gs_op_kind;

typedef struct gs_op {
    gs_op_kind kind;
    double x, y;
    double x2, y2;     /* LINE */
    double w, h;       /* FILL: size; LINE: w = stroke width */
    double gray;       /* 0 = black .. 1 = white, for LINE and FILL */
    size_t font;       /* TEXT: index into gs_doc.fonts */
    double size;       /* TEXT: font size in points */
    char *text;        /* TEXT: UTF-8, one line, no control characters */
    gs_srcpos pos;     /* TEXT: where the text came from */
} gs_op;

typedef struct gs_page {
    double width, height;  /* points; sheets may differ in size */
    gs_op *ops;
    size_t nops, cap;
} gs_page;

/* An outline (bookmark) entry: a title pointing at the top of its sheet's
 * heading, which is below the top of the page when the sheet continues a
 * page (<page continue="1">), or at the top of a <section>.  Entries are
 * in document order; an entry of level L > 0 goes under the last entry
 * before it of a lower level (a sheet is level 0, its sections 1, …). */
typedef struct gs_bookmark {
    char *title;
    size_t page;       /* 0-based */
    double y;          /* the heading's top edge, from the page's top */
    int level;
} gs_bookmark;

/* A figure for auditors: one datum as the sheet shows it, under a key made
 * of the sheet's title, the section (a table's caption), the row's label and
 * the column's label, all as drawn ("" where there is none).  The layout
 * collects them in document order; audit/ sorts them, makes the keys unique
 * and writes them as TSV.  All strings owned. */
typedef struct gs_figure {
    char *sheet, *section, *row, *column;
    char *value;       /* the text as drawn; explicit line breaks as '\n' */
} gs_figure;

typedef struct gs_doc {
    double width, height;  /* default page size in points */
    gs_font **fonts;       /* lent */
    size_t nfonts;
    gs_page *pages;
    size_t npages, pcap;
    gs_bookmark *marks;
    size_t nmarks, mcap;
    char *title;           /* document info /Title; may be NULL */
    gs_figure *figs;       /* in document order */
    size_t nfigs, fcap;
} gs_doc;

gs_doc *gs_doc_new(double width, double height);
void gs_doc_free(gs_doc *d);
/* Registers a lent font; returns its index (the same index for the same font). */
size_t gs_doc_add_font(gs_doc *d, gs_font *f);
gs_page *gs_doc_new_page(gs_doc *d);
void gs_doc_add_bookmark(gs_doc *d, const char *title, size_t page, double y,
                         int level);
/* Appends a figure; copies the strings. */
void gs_doc_add_figure(gs_doc *d, const char *sheet, const char *section,
                       const char *row, const char *column,
                       const char *value);
void gs_page_text(gs_page *p, double x, double y, size_t font, double size,
                  const char *text, size_t len, gs_srcpos pos);
void gs_page_line(gs_page *p, double x1, double y1, double x2, double y2,
                  double width, double gray);
void gs_page_fill(gs_page *p, double x, double y, double w, double h,
                  double gray);

#endif
