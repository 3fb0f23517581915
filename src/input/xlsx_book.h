/*
 * xlsx_book.h - inside the workbook reader: an opened workbook, its sheets
 * as sorted cells, and each cell's value in the XML format's notation.
 * Shared by xlsx_book.c (container, parts, cells) and xlsx.c (cells ->
 * the plan's XML tree); nothing outside input/ includes it.
 */
#ifndef GS_XLSX_BOOK_H
#define GS_XLSX_BOOK_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>
#include <zip.h>

#include "input/fields.h"
#include "input/xlsx.h"
#include "util/buf.h"
#include "util/diag.h"

typedef struct gs_xlsx_cell {
    int row, col;
    char type;  /* 's' text, 'n' number, 'b' boolean, 'e' error, 'f' formula
                   without a cached value */
    char *text;
} gs_xlsx_cell;

typedef struct gs_xlsx_range {
    int r0, c0, r1, c1;
} gs_xlsx_range;

typedef struct gs_xlsx_sheet {
    bool present;
    gs_xlsx_cell *cells;
    size_t n, cap;
    gs_xlsx_range *merges;
    size_t nmerges, mcap;
} gs_xlsx_sheet;

typedef struct gs_xlsx_book {
    gs_diags *d;
    const char *file;
    zip_t *zip;
    size_t budget;         /* uncompressed bytes still allowed */
    char **sst;
    size_t nsst, sstcap;
    bool date1904;
    gs_xlsx_sheet sheets[GS_WB_SHEETS];
    char **places;         /* "FILE:SHEET!B3", index + 1 in a node's _private */
    size_t nplaces, pcap;
    xmlNsPtr ns;
    int fy_first;          /* project/period@first, 0 when unknown */
    bool halted;
    char *bytes;           /* the file, which the ZIP reads from */
} gs_xlsx_book;

/* Opens path and reads its workbook.xml, shared strings and plan sheets
 * into b (E111 / E112 into d); false on any error.  b is always to be
 * freed with gs_xlsx_book_free. */
bool gs_xlsx_book_open(gs_xlsx_book *b, const char *path, gs_diags *d);
void gs_xlsx_book_free(gs_xlsx_book *b);

/* The cell at row, col (0-based), or the top-left cell of the merged range
 * it lies in; NULL when empty. */
const gs_xlsx_cell *gs_xlsx_find(const gs_xlsx_sheet *sh, int row, int col);

/* The 1-based index of the name of a cell ("FILE:SHEET!B3") in b->places,
 * and that place as a position. */
int gs_xlsx_place(gs_xlsx_book *b, int sheet_no, int row, int col);
gs_srcpos gs_xlsx_at_cell(gs_xlsx_book *b, int sheet_no, int row, int col);

bool gs_xlsx_blank(const char *s);

/* E113 at a cell: "「label」の値「text」が読めません: what". */
void gs_xlsx_bad_cell(gs_xlsx_book *b, int sh, int row, int col, const char *label,
                      const char *what, const char *text);

/* The value of a cell in the XML format's notation for kind, appended to
 * out; false when the cell is blank or unreadable (E113 reported). */
bool gs_xlsx_value(gs_xlsx_book *b, int sh, int row, int col, gs_fkind kind,
                   const gs_choice *choices, const char *label, gs_buf *out);

#endif
