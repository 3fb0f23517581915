/*
 * zip_dl.c - libzip, loaded when a workbook is first read, not at start-up.
 *
 * Only reading an .xlsx (xlsx_book.c) opens a zip archive; linked normally,
 * libzip and what it brings (libbz2, and its own libcrypto) would be mapped
 * and relocated by every process, each render's included (issue 12).  This
 * file defines the libzip functions xlsx_book.c calls; each finds the real
 * one in GS_ZIP_SONAME on its first call (util/dl.h).
 */
#include <zip.h>

#include "util/dl.h"

#ifndef GS_ZIP_SONAME
#define GS_ZIP_SONAME "libzip.so.4"
#endif

GS_DL_LIBRARY(GS_ZIP_SONAME)

GS_DL_VOID(zip_discard, (zip_t *z), (z))
GS_DL_VOID(zip_error_fini, (zip_error_t *e), (e))
GS_DL_VOID(zip_error_init, (zip_error_t *e), (e))
GS_DL(const char *, zip_error_strerror, (zip_error_t *e), (e))
GS_DL(int, zip_fclose, (zip_file_t *f), (f))
GS_DL(zip_file_t *, zip_fopen_index,
        (zip_t *z, zip_uint64_t i, zip_flags_t fl), (z, i, fl))
GS_DL(zip_int64_t, zip_fread, (zip_file_t *f, void *buf, zip_uint64_t n),
        (f, buf, n))
GS_DL(zip_int64_t, zip_get_num_entries, (zip_t *z, zip_flags_t fl), (z, fl))
GS_DL(zip_int64_t, zip_name_locate,
        (zip_t *z, const char *name, zip_flags_t fl), (z, name, fl))
GS_DL(zip_t *, zip_open_from_source,
        (zip_source_t *src, int flags, zip_error_t *e), (src, flags, e))
GS_DL(zip_source_t *, zip_source_buffer_create,
        (const void *data, zip_uint64_t len, int freep, zip_error_t *e),
        (data, len, freep, e))
GS_DL_VOID(zip_source_free, (zip_source_t *src), (src))
GS_DL(int, zip_stat_index,
        (zip_t *z, zip_uint64_t i, zip_flags_t fl, zip_stat_t *st),
        (z, i, fl, st))
GS_DL_VOID(zip_stat_init, (zip_stat_t *st), (st))
GS_DL(const char *, zip_strerror, (zip_t *z), (z))
