/*
 * xlsx_edit.h - rewriting one part of a workbook, for the tests that show
 * the exact XML a cell is stored as (tests/input/test_xlsx.c,
 * tests/e2e/test_workbook.c).  Include after cmocka.h; needs libzip and
 * util/buf.h.
 */
#ifndef GS_TEST_XLSX_EDIT_H
#define GS_TEST_XLSX_EDIT_H

#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "util/buf.h"

/* Reads part of the workbook at path into a new string. */
static inline char *get_part(const char *path, const char *part)
{
    int err = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &err);
    assert_non_null(z);
    zip_stat_t st;
    assert_int_equal(zip_stat(z, part, 0, &st), 0);
    char *s = calloc(1, (size_t)st.size + 1);
    zip_file_t *f = zip_fopen(z, part, 0);
    assert_non_null(f);
    assert_int_equal(zip_fread(f, s, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    zip_discard(z);
    return s;
}

static inline void put_part(const char *path, const char *part, const char *text)
{
    int err = 0;
    zip_t *z = zip_open(path, 0, &err);
    assert_non_null(z);
    char *copy = strdup(text);
    zip_source_t *src = zip_source_buffer(z, copy, strlen(copy), 1);
    assert_non_null(src);
    assert_true(zip_file_add(z, part, src, ZIP_FL_OVERWRITE) >= 0);
    assert_int_equal(zip_close(z), 0);
}

/* Replaces the cell ref of a sheet part (<c r="REF" …/> or <c r="REF"
 * …>…</c>) with xml ("" deletes it). */
static inline char *replace_cell(const char *sheet, const char *ref, const char *xml)
{
    char key[32];
    snprintf(key, sizeof key, "<c r=\"%s\"", ref);
    const char *a = strstr(sheet, key);
    assert_non_null(a);
    const char *gt = strchr(a, '>');
    const char *end = gt[-1] == '/' ? gt + 1 : strstr(a, "</c>") + 4;
    gs_buf b = GS_BUF_INIT;
    gs_buf_append(&b, sheet, (size_t)(a - sheet));
    gs_buf_puts(&b, xml);
    gs_buf_puts(&b, end);
    return gs_buf_detach(&b);
}

#endif
