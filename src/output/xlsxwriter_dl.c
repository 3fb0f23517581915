/*
 * xlsxwriter_dl.c - libxlsxwriter, loaded when a workbook is first written.
 *
 * Only init and convert write a workbook (workbook.c); linked normally,
 * libxlsxwriter and what it brings (libminizip, libcrypto) would be mapped
 * and relocated by every process, each render's included (issue 12).  This
 * file defines the functions workbook.c calls; each finds the real one in
 * GS_XLSXWRITER_SONAME on its first call (util/dl.h).
 */
#include <xlsxwriter.h>

#include "util/dl.h"

#ifndef GS_XLSXWRITER_SONAME
#define GS_XLSXWRITER_SONAME "libxlsxwriter.so.4"
#endif

GS_DL_LIBRARY(GS_XLSXWRITER_SONAME)

GS_DL_VOID(format_set_align, (lxw_format *f, uint8_t a), (f, a))
GS_DL_VOID(format_set_bg_color, (lxw_format *f, lxw_color_t c), (f, c))
GS_DL_VOID(format_set_bold, (lxw_format *f), (f))
GS_DL_VOID(format_set_border, (lxw_format *f, uint8_t style), (f, style))
GS_DL_VOID(format_set_font_name, (lxw_format *f, const char *name), (f, name))
GS_DL_VOID(format_set_font_size, (lxw_format *f, double size), (f, size))
GS_DL_VOID(format_set_num_format, (lxw_format *f, const char *nf), (f, nf))
GS_DL_VOID(format_set_text_wrap, (lxw_format *f), (f))
GS_DL_VOID(format_set_unlocked, (lxw_format *f), (f))
GS_DL(char *, lxw_strerror, (lxw_error e), (e))
GS_DL(lxw_format *, workbook_add_format, (lxw_workbook *wb), (wb))
GS_DL(lxw_worksheet *, workbook_add_worksheet,
        (lxw_workbook *wb, const char *name), (wb, name))
GS_DL(lxw_error, workbook_close, (lxw_workbook *wb), (wb))
GS_DL(lxw_workbook *, workbook_new_opt,
        (const char *filename, lxw_workbook_options *opt), (filename, opt))
GS_DL(lxw_error, workbook_set_properties,
        (lxw_workbook *wb, lxw_doc_properties *p), (wb, p))
GS_DL(lxw_error, worksheet_data_validation_range,
        (lxw_worksheet *ws, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1,
         lxw_col_t c1, lxw_data_validation *v),
        (ws, r0, c0, r1, c1, v))
GS_DL_VOID(worksheet_freeze_panes, (lxw_worksheet *ws, lxw_row_t r, lxw_col_t c),
             (ws, r, c))
GS_DL_VOID(worksheet_protect,
             (lxw_worksheet *ws, const char *password, lxw_protection *opt),
             (ws, password, opt))
GS_DL(lxw_error, worksheet_set_column,
        (lxw_worksheet *ws, lxw_col_t c0, lxw_col_t c1, double width,
         lxw_format *f),
        (ws, c0, c1, width, f))
GS_DL(lxw_error, worksheet_set_row,
        (lxw_worksheet *ws, lxw_row_t r, double height, lxw_format *f),
        (ws, r, height, f))
GS_DL(lxw_error, worksheet_write_blank,
        (lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, lxw_format *f),
        (ws, r, c, f))
GS_DL(lxw_error, worksheet_write_datetime,
        (lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, lxw_datetime *dt,
         lxw_format *f),
        (ws, r, c, dt, f))
GS_DL(lxw_error, worksheet_write_number,
        (lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f),
        (ws, r, c, v, f))
GS_DL(lxw_error, worksheet_write_string,
        (lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
         lxw_format *f),
        (ws, r, c, s, f))
