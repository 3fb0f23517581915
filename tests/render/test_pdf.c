/*
 * test_pdf.c - the PDF writer (render/pdf.c).
 *
 * Docs are built by hand with layout/doc.c so each test states exactly what
 * is drawn.  Besides the in-memory checks (header, determinism, refusals),
 * the output is handed to the tools a reviewer would use - pdftotext,
 * pdffonts, pdfinfo, qpdf - because the ToUnicode fix and the info strings
 * only show their worth in a real reader.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "font/font.h"
#include "layout/doc.h"
#include "render/pdf.h"
#include "util/buf.h"
#include "util/diag.h"

#define A4_W 595.28
#define A4_H 841.89

static gs_font *gothic, *mincho;

static gs_font *load(const char *file)
{
    const char *dir = getenv("GRANTSHEET_DATADIR");
    gs_buf b = GS_BUF_INIT;
    gs_buf_printf(&b, "%s/fonts/%s", dir ? dir : ".", file);
    gs_font *f = gs_font_load(b.data);
    gs_buf_free(&b);
    return f;
}

static int setup(void **state)
{
    (void)state;
    gothic = load("ipaexg.ttf");
    mincho = load("ipaexm.ttf");
    return gothic && mincho ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    gs_font_free(gothic);
    gs_font_free(mincho);
    return 0;
}

static gs_srcpos at(int line)
{
    return (gs_srcpos){ "plan.xml", line, 3 };
}

static void text(gs_page *p, double x, double y, size_t font, const char *s,
                 int line)
{
    gs_page_text(p, x, y, font, 10.5, s, strlen(s), at(line));
}

/* Two pages, both fonts, lines, fills, bookmarks and a Japanese title. */
static gs_doc *sample_doc(void)
{
    gs_doc *d = gs_doc_new(A4_W, A4_H);
    size_t g = gs_doc_add_font(d, gothic);
    size_t m = gs_doc_add_font(d, mincho);
    d->title = strdup("外国人材活躍推進プラットフォーム事業 実施計画");
    gs_page *p = gs_doc_new_page(d);
    gs_page_fill(p, 40, 60, 515, 24, 0.85);
    gs_page_line(p, 40, 84, 555, 84, 0.5, 0);
    text(p, 50, 78, g, "事業概要", 1);
    text(p, 50, 110, m, "期間中の総事業費 38,157千円 (12,219千円)", 2);
    text(p, 50, 130, g, "①外国人材の新規就業者数（+30人） △78人 髙﨑", 3);
    p = gs_doc_new_page(d);
    gs_page_line(p, 40, 60, 40, 400, 1.0, 0.3);
    text(p, 50, 78, m, "1. 申請者情報", 4);
    text(p, 50, 100, g, "新潟県 長岡市 産業立地課 ✓ ㈱ 【A】", 5);
    gs_doc_add_bookmark(d, "事業概要", 0, 40, 0);
    gs_doc_add_bookmark(d, "1. 申請者情報", 1, 60, 0);
    return d;
}

static int render(const gs_doc *d, gs_buf *out, gs_diags *diags)
{
    return gs_pdf_render(d, "grantsheet 0.1.0", out, diags);
}

/* ---- in-memory checks ---------------------------------------------------- */

static void test_renders_pdf(void **state)
{
    (void)state;
    gs_doc *d = sample_doc();
    gs_buf out = GS_BUF_INIT;
    gs_diags diags = GS_DIAGS_INIT;
    assert_int_equal(render(d, &out, &diags), 0);
    assert_int_equal(diags.n, 0);
    assert_true(out.len > 1000);
    assert_memory_equal(out.data, "%PDF-", 5);
    /* Fonts are subsets: the whole of IPAexGothic would be ~260 KB. */
    assert_true(out.len < 40000);
    /* Nothing from the clock: no dates, no /ID. */
    assert_null(memmem(out.data, out.len, "CreationDate", 12));
    assert_null(memmem(out.data, out.len, "ModDate", 7));
    assert_null(memmem(out.data, out.len, "/ID", 3));
    gs_buf_free(&out);
    gs_doc_free(d);
    gs_diags_free(&diags);
}

static void test_deterministic(void **state)
{
    (void)state;
    gs_doc *d = sample_doc();
    gs_buf a = GS_BUF_INIT, b = GS_BUF_INIT;
    gs_diags diags = GS_DIAGS_INIT;
    assert_int_equal(render(d, &a, &diags), 0);
    assert_int_equal(render(d, &b, &diags), 0);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    gs_buf_free(&a);
    gs_buf_free(&b);
    gs_doc_free(d);
    gs_diags_free(&diags);
}

/* The subset tag follows the glyphs: one per distinct subset, and never
 * libharu's fixed HPDFAA that would make different subsets share a name. */
static void test_subset_tag(void **state)
{
    (void)state;
    const char *texts[] = { "事業概要", "事業概要", "実施計画" };
    char tags[3][8];
    for (int i = 0; i < 3; i++) {
        gs_doc *d = gs_doc_new(A4_W, A4_H);
        size_t g = gs_doc_add_font(d, gothic);
        text(gs_doc_new_page(d), 50, 50, g, texts[i], 1);
        gs_buf out = GS_BUF_INIT;
        gs_diags diags = GS_DIAGS_INIT;
        assert_int_equal(render(d, &out, &diags), 0);
        assert_null(memmem(out.data, out.len, "HPDFAA", 6));
        const char *at = memmem(out.data, out.len, "+IPAexGothic", 12);
        assert_non_null(at);
        memcpy(tags[i], at - 6, 6);
        tags[i][6] = '\0';
        for (int k = 0; k < 6; k++)
            assert_true(tags[i][k] >= 'A' && tags[i][k] <= 'Z');
        gs_buf_free(&out);
        gs_diags_free(&diags);
        gs_doc_free(d);
    }
    assert_string_equal(tags[0], tags[1]);     /* same glyphs, same tag */
    assert_string_not_equal(tags[0], tags[2]); /* other glyphs, other tag */
}

static void test_appends(void **state)
{
    (void)state;
    gs_doc *d = sample_doc();
    gs_buf out = GS_BUF_INIT;
    gs_diags diags = GS_DIAGS_INIT;
    gs_buf_puts(&out, "keep");
    assert_int_equal(render(d, &out, &diags), 0);
    assert_memory_equal(out.data, "keep%PDF-", 9);
    gs_buf_free(&out);
    gs_doc_free(d);
    gs_diags_free(&diags);
}

static void test_missing_glyph_refused(void **state)
{
    (void)state;
    gs_doc *d = gs_doc_new(A4_W, A4_H);
    size_t g = gs_doc_add_font(d, gothic);
    gs_page *p = gs_doc_new_page(d);
    /* 乔 (U+4E54) is simplified Chinese, absent from IPAexGothic; twice in
     * one op and again in a second op from the same datum: one report.  A
     * different datum gets its own. */
    text(p, 50, 50, g, "乔乔木", 7);
    text(p, 50, 70, g, "乔", 7);
    text(p, 50, 90, g, "事業乔", 9);
    gs_buf out = GS_BUF_INIT;
    gs_diags diags = GS_DIAGS_INIT;
    gs_buf_puts(&out, "keep");
    assert_int_equal(render(d, &out, &diags), -1);
    assert_string_equal(out.data, "keep");
    assert_int_equal(diags.n, 2);
    assert_int_equal(diags.errors, 2);
    for (size_t i = 0; i < 2; i++) {
        assert_string_equal(diags.v[i].code, "E401");
        assert_string_equal(diags.v[i].file, "plan.xml");
        assert_int_equal(diags.v[i].col, 3);
        assert_non_null(strstr(diags.v[i].message, "乔"));
        assert_non_null(strstr(diags.v[i].message, "U+4E54"));
        assert_non_null(strstr(diags.v[i].message, "IPAexGothic"));
    }
    assert_int_equal(diags.v[0].line, 7);
    assert_int_equal(diags.v[1].line, 9);
    gs_buf_free(&out);
    gs_doc_free(d);
    gs_diags_free(&diags);
}

static void test_beyond_bmp_refused(void **state)
{
    (void)state;
    gs_doc *d = gs_doc_new(A4_W, A4_H);
    size_t g = gs_doc_add_font(d, gothic);
    gs_page *p = gs_doc_new_page(d);
    /* 𠮷 is both missing and beyond the BMP: reported once, as E402. */
    text(p, 50, 50, g, "𠮷野家", 4);
    gs_buf out = GS_BUF_INIT;
    gs_diags diags = GS_DIAGS_INIT;
    assert_int_equal(gs_pdf_check_glyphs(d, &diags), 1);
    assert_int_equal(render(d, &out, &diags), -1);
    assert_int_equal(out.len, 0);
    assert_int_equal(diags.n, 2); /* once from the check, once from render */
    assert_string_equal(diags.v[1].code, "E402");
    assert_int_equal(diags.v[1].line, 4);
    assert_non_null(strstr(diags.v[1].message, "𠮷"));
    assert_non_null(strstr(diags.v[1].message, "U+20BB7"));
    gs_buf_free(&out);
    gs_doc_free(d);
    gs_diags_free(&diags);
}

static void test_check_passes_clean_doc(void **state)
{
    (void)state;
    gs_doc *d = sample_doc();
    gs_diags diags = GS_DIAGS_INIT;
    assert_int_equal(gs_pdf_check_glyphs(d, &diags), 0);
    assert_int_equal(diags.n, 0);
    gs_doc_free(d);
    gs_diags_free(&diags);
}

static void expect_e404(gs_doc *d)
{
    gs_buf out = GS_BUF_INIT;
    gs_diags diags = GS_DIAGS_INIT;
    assert_int_equal(render(d, &out, &diags), -1);
    assert_int_equal(out.len, 0);
    assert_int_equal(diags.n, 1);
    assert_string_equal(diags.v[0].code, "E404");
    gs_buf_free(&out);
    gs_doc_free(d);
    gs_diags_free(&diags);
}

static void test_libharu_error_reported(void **state)
{
    (void)state;
    /* libharu rejects a gray level above 1; the error must surface as E404
     * without output or leaks (ASan checks the latter). */
    gs_doc *d = sample_doc();
    gs_page_fill(&d->pages[1], 10, 10, 10, 10, 2.0);
    expect_e404(d);
}

static void test_bad_bookmark_reported(void **state)
{
    (void)state;
    gs_doc *d = sample_doc();
    gs_doc_add_bookmark(d, "どこにもない", 5, 0, 0);
    expect_e404(d);
}

static void test_bad_font_index_reported(void **state)
{
    (void)state;
    gs_doc *d = sample_doc();
    gs_page_text(&d->pages[0], 10, 10, 7, 10, "a", 1, at(1));
    expect_e404(d);
}

static void test_empty_doc(void **state)
{
    (void)state;
    /* A page with graphics only: no font is loaded at all. */
    gs_doc *d = gs_doc_new(A4_W, A4_H);
    gs_doc_add_font(d, gothic);
    gs_page *p = gs_doc_new_page(d);
    gs_page_line(p, 0, 0, 100, 100, 1, 0);
    gs_buf out = GS_BUF_INIT;
    gs_diags diags = GS_DIAGS_INIT;
    assert_int_equal(render(d, &out, &diags), 0);
    assert_memory_equal(out.data, "%PDF-", 5);
    assert_null(memmem(out.data, out.len, "FontFile2", 9));
    gs_buf_free(&out);
    gs_doc_free(d);
    gs_diags_free(&diags);
}

/* Runs the shell command cmd, its stdout appended to out; returns its
 * exit status (-1 when it did not exit). */
static int read_command(const char *cmd, gs_buf *out)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        gs_buf_append(out, chunk, n);
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* pdf as qpdf --qdf writes it: content streams uncompressed, one
 * operator a line. */
static void qdf_of(const gs_buf *pdf, gs_buf *qdf)
{
    char path[] = "/tmp/gs-test-qdf-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, pdf->data, pdf->len), (ssize_t)pdf->len);
    close(fd);
    gs_buf cmd = GS_BUF_INIT;
    gs_buf_printf(&cmd, "qpdf --qdf --object-streams=disable %s -", path);
    int st = read_command(cmd.data, qdf);
    unlink(path);
    gs_buf_free(&cmd);
    assert_int_equal(st, 0);
}

/* A 2 x 2 grid drawn cell by cell (16 edges, shared ones twice) comes out
 * as 6 joined rules, stroked after the fill so a shaded cell cannot hide
 * its neighbour's border. */
static void test_rules_joined_and_last(void **state)
{
    (void)state;
    gs_doc *d = gs_doc_new(A4_W, A4_H);
    gs_doc_add_font(d, gothic);
    gs_page *p = gs_doc_new_page(d);
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 2; c++) {
            double x = 100 + 50 * c, y = 100 + 20 * r;
            if (r == 0 && c == 0)
                gs_page_fill(p, x, y, 50, 20, 0.9);
            gs_page_line(p, x, y, x + 50, y, 0.5, 0);
            gs_page_line(p, x, y + 20, x + 50, y + 20, 0.5, 0);
            gs_page_line(p, x, y, x, y + 20, 0.5, 0);
            gs_page_line(p, x + 50, y, x + 50, y + 20, 0.5, 0);
        }
    gs_buf out = GS_BUF_INIT;
    gs_diags diags = GS_DIAGS_INIT;
    assert_int_equal(render(d, &out, &diags), 0);
    gs_buf qdf = GS_BUF_INIT;
    qdf_of(&out, &qdf);
    size_t segs = 0;
    for (const char *s = qdf.data; (s = strstr(s, " l\n")); s++)
        segs++;
    assert_int_equal(segs, 6);
    const char *fill = strstr(qdf.data, " re\nf");
    const char *first_move = strstr(qdf.data, " m\n");
    assert_non_null(fill);
    assert_non_null(first_move);
    assert_true(fill < first_move);
    gs_buf_free(&qdf);
    gs_buf_free(&out);
    gs_doc_free(d);
    gs_diags_free(&diags);
}

/* The vertical segments "x y1 m x y2 l" drawn at x (PDF coordinates, to
 * within 0.001), as [lo, hi] pairs in out; returns how many. */
static size_t verticals_at(const char *qdf, double x, double (*out)[2],
                           size_t max)
{
    size_t n = 0;
    double mx = 0, my = 0;
    for (const char *line = qdf; *line;) {
        double a, b;
        char op[3];
        if (sscanf(line, "%lf %lf %2s", &a, &b, op) == 3) {
            if (strcmp(op, "m") == 0) {
                mx = a;
                my = b;
            } else if (strcmp(op, "l") == 0 && fabs(a - x) < 0.001 &&
                       fabs(mx - x) < 0.001) {
                assert_true(n < max);
                out[n][0] = my < b ? my : b;
                out[n][1] = my < b ? b : my;
                n++;
            }
        }
        line += strcspn(line, "\n");
        line += *line == '\n';
    }
    return n;
}

/* Three cells stacked, their right edges at x = 300, 300 + 1e-9 and 300:
 * a rounding error of the layout's sums apart, one line on the page.  All
 * three pieces are drawn, as one rule from the top to the bottom.  (When
 * rules were sorted by their exact x but joined within 0.005 pt, the middle
 * piece was sorted after the other two and swallowed by the last one
 * without extending it: a hole in the border.)  Edges that fall on two
 * neighbouring lines of the 1/100 pt grid are both drawn. */
static void test_near_equal_rules_all_drawn(void **state)
{
    (void)state;
    gs_doc *d = gs_doc_new(A4_W, A4_H);
    gs_doc_add_font(d, gothic);
    gs_page *p = gs_doc_new_page(d);
    const double xs[] = { 300, 300 + 1e-9, 300 };
    for (int r = 0; r < 3; r++) {
        double y = 100 + 20 * r;
        gs_page_line(p, 100, y, 100, y + 20, 0.5, 0);
        gs_page_line(p, xs[r], y, xs[r], y + 20, 0.5, 0);
        gs_page_line(p, 100, y, 300, y, 0.5, 0);
        gs_page_line(p, 100, y + 20, 300, y + 20, 0.5, 0);
    }
    /* 400.004999 and 400.005001 round to 400.00 and 400.01 */
    gs_page_line(p, 400.004999, 100, 400.004999, 120, 0.5, 0);
    gs_page_line(p, 400.005001, 120, 400.005001, 140, 0.5, 0);
    gs_buf out = GS_BUF_INIT;
    gs_diags diags = GS_DIAGS_INIT;
    assert_int_equal(render(d, &out, &diags), 0);
    gs_buf qdf = GS_BUF_INIT;
    qdf_of(&out, &qdf);
    double seg[8][2];
    size_t n = verticals_at(qdf.data, 300, seg, 8);
    if (n != 1 || fabs(seg[0][0] - (A4_H - 160)) > 0.01 ||
        fabs(seg[0][1] - (A4_H - 100)) > 0.01)
        fail_msg("right border at x = 300: %zu segments, the first from %.2f "
                 "to %.2f; expected one from %.2f to %.2f", n,
                 n ? seg[0][0] : 0, n ? seg[0][1] : 0, A4_H - 160, A4_H - 100);
    assert_int_equal(verticals_at(qdf.data, 400, seg, 8), 1);
    assert_true(fabs(seg[0][1] - (A4_H - 100)) < 0.01);
    assert_int_equal(verticals_at(qdf.data, 400.01, seg, 8), 1);
    assert_true(fabs(seg[0][0] - (A4_H - 140)) < 0.01);
    gs_buf_free(&qdf);
    gs_buf_free(&out);
    gs_doc_free(d);
    gs_diags_free(&diags);
}

/* ---- checks with external tools ------------------------------------------ */

static char pdf_path[64];

static void write_sample(void)
{
    gs_doc *d = sample_doc();
    gs_buf out = GS_BUF_INIT;
    gs_diags diags = GS_DIAGS_INIT;
    assert_int_equal(render(d, &out, &diags), 0);
    strcpy(pdf_path, "/tmp/gs-test-pdf-XXXXXX");
    int fd = mkstemp(pdf_path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, out.data, out.len), (ssize_t)out.len);
    close(fd);
    gs_buf_free(&out);
    gs_doc_free(d);
    gs_diags_free(&diags);
}

/* Runs cmd (with %s replaced by the sample's path), returns its output and
 * stores the exit status. */
static char *run(const char *fmt, int *status)
{
    gs_buf cmd = GS_BUF_INIT, out = GS_BUF_INIT;
    gs_buf_printf(&cmd, fmt, pdf_path);
    *status = read_command(cmd.data, &out);
    gs_buf_free(&cmd);
    return gs_buf_detach(&out);
}

static int tools_setup(void **state)
{
    (void)state;
    write_sample();
    return 0;
}

static int tools_teardown(void **state)
{
    (void)state;
    unlink(pdf_path);
    return 0;
}

static void test_pdftotext_exact(void **state)
{
    (void)state;
    int st;
    char *txt = run("pdftotext -layout %s - 2>/dev/null", &st);
    assert_int_equal(st, 0);
    const char *want[] = {
        "事業概要",
        "期間中の総事業費 38,157千円 (12,219千円)",
        "①外国人材の新規就業者数（+30人） △78人 髙﨑",
        "1. 申請者情報",
        "新潟県 長岡市 産業立地課 ✓ ㈱ 【A】",
    };
    /* Each drawn line comes back as exactly one line of output. */
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        bool found = false;
        for (char *line = txt; line && *line;) {
            char *nl = strchr(line, '\n');
            size_t len = nl ? (size_t)(nl - line) : strlen(line);
            /* Pages after the first start with a form feed. */
            while (len > 0 && (line[0] == ' ' || line[0] == '\f'))
                line++, len--;
            while (len > 0 && line[len - 1] == ' ')
                len--;
            if (len == strlen(want[i]) && memcmp(line, want[i], len) == 0)
                found = true;
            line = nl ? nl + 1 : NULL;
        }
        if (!found)
            fail_msg("pdftotext lost \"%s\" in:\n%s", want[i], txt);
    }
    free(txt);
}

static void test_poppler_silent(void **state)
{
    /* A broken ToUnicode map makes poppler complain on stderr. */
    (void)state;
    int st;
    char *err = run("pdftotext %s - 2>&1 >/dev/null", &st);
    assert_int_equal(st, 0);
    assert_string_equal(err, "");
    free(err);
}

/* The value of "key NUMBER" in text, -1 when absent. */
static long number_after(const char *text, const char *key)
{
    const char *at = strstr(text, key);
    return at ? strtol(at + strlen(key), NULL, 10) : -1;
}

static void test_tounicode_is_bfchar(void **state)
{
    (void)state;
    int st;
    char *qdf = run("qpdf --qdf --object-streams=disable %s - 2>&1", &st);
    assert_int_equal(st, 0);
    assert_null(strstr(qdf, "begincidrange"));
    assert_non_null(strstr(qdf, "beginbfchar"));
    /* CIDs are the subset's glyph ids, each mapped to its character */
    assert_non_null(strstr(qdf, "> <4E8B>\n")); /* 事 */
    assert_non_null(strstr(qdf, "> <FA11>\n")); /* 﨑 */
    assert_null(strstr(qdf, "<4E8B> <4E8B>"));
    free(qdf);
}

/* The fonts are written directly: compact glyph ids, CID = glyph id, so no
 * CIDToGIDMap stream (let alone libharu's 65,536 entries), /W widths for
 * the glyphs drawn only, and the CIDSystemInfo an Identity CIDFont has. */
static void test_font_objects_direct(void **state)
{
    (void)state;
    int st;
    char *qdf = run("qpdf --qdf --object-streams=disable %s - 2>&1", &st);
    assert_int_equal(st, 0);
    size_t identity = 0, any = 0;
    for (const char *p = qdf; (p = strstr(p, "/CIDToGIDMap /Identity")); p++)
        identity++;
    for (const char *p = qdf; (p = strstr(p, "/CIDToGIDMap ")); p++)
        any++;
    assert_int_equal(identity, 2); /* gothic and mincho */
    assert_int_equal(any, 2);      /* and no map stream */
    assert_non_null(strstr(qdf, "/Ordering (Identity)"));
    assert_null(strstr(qdf, "(Identity-H)"));
    /* the font programs: a subset of ~30 characters is a few KB, and its
     * glyph count is that of the subset, not of the font's 12,000 */
    long len1 = number_after(qdf, "/Length1 ");
    assert_true(len1 > 1000 && len1 < 60000);
    /* widths are given by CID, and the largest CID is small */
    const char *w = strstr(qdf, "/W [");
    assert_non_null(w);
    long first = strtol(w + 4, NULL, 10);
    assert_true(first > 0 && first < 100);
    free(qdf);
}

/* Two characters that share one glyph of the font (U+002D and U+2010 both
 * draw IPAexGothic's hyphen; U+0020 and U+00A0 its space) cannot both be
 * told apart by a CID that is the glyph id, so such a font numbers its
 * CIDs one per character and carries a small CIDToGIDMap; extraction gives
 * back each character as it was written, and the glyphs are the ones the
 * font has for them. */
static void test_shared_glyph_keeps_characters(void **state)
{
    (void)state;
    gs_doc *d = gs_doc_new(A4_W, A4_H);
    size_t g = gs_doc_add_font(d, gothic);
    gs_page *p = gs_doc_new_page(d);
    text(p, 50, 100, g, "A-B\u2010C\u00a0D", 1);
    gs_buf out = GS_BUF_INIT, qdf = GS_BUF_INIT, txt = GS_BUF_INIT;
    gs_diags diags = GS_DIAGS_INIT;
    assert_int_equal(render(d, &out, &diags), 0);
    qdf_of(&out, &qdf);
    const char *map = strstr(qdf.data, "/CIDToGIDMap ");
    assert_non_null(map);
    assert_null(strstr(qdf.data, "/CIDToGIDMap /Identity"));
    assert_non_null(strstr(qdf.data, "> <2010>\n"));
    assert_non_null(strstr(qdf.data, "> <002D>\n"));
    assert_non_null(strstr(qdf.data, "> <00A0>\n"));

    char path[] = "/tmp/gs-test-shared-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, out.data, out.len), (ssize_t)out.len);
    close(fd);
    gs_buf cmd = GS_BUF_INIT;
    gs_buf_printf(&cmd, "pdftotext %s - 2>&1", path);
    int st = read_command(cmd.data, &txt);
    gs_buf_clear(&cmd);
    gs_buf_printf(&cmd, "qpdf --check %s 2>&1", path);
    gs_buf check = GS_BUF_INIT;
    int cst = read_command(cmd.data, &check);
    unlink(path);
    assert_int_equal(st, 0);
    /* (poppler gives U+00A0 back as a plain space; the map above has it) */
    assert_non_null(strstr(txt.data, "A-B\u2010C D"));
    assert_int_equal(cst, 0);
    assert_null(strstr(check.data, "WARNING"));
    gs_buf_free(&check);
    gs_buf_free(&cmd);
    gs_buf_free(&txt);
    gs_buf_free(&qdf);
    gs_buf_free(&out);
    gs_diags_free(&diags);
    gs_doc_free(d);
}

static void test_pdffonts_subset_embedded(void **state)
{
    (void)state;
    int st;
    char *f = run("pdffonts %s 2>&1", &st);
    assert_int_equal(st, 0);
    const char *names[] = { "+IPAexGothic", "+IPAexMincho" };
    for (size_t i = 0; i < 2; i++) {
        char *line = strstr(f, names[i]);
        if (!line)
            fail_msg("font %s not listed:\n%s", names[i], f);
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        /* emb sub uni */
        assert_non_null(strstr(line, "CID TrueType"));
        assert_non_null(strstr(line, "yes yes yes"));
        if (nl)
            *nl = '\n';
    }
    free(f);
}

static void test_qpdf_check(void **state)
{
    (void)state;
    int st;
    char *c = run("qpdf --check %s 2>&1", &st);
    if (st != 0 || !strstr(c, "No syntax or stream encoding errors"))
        fail_msg("qpdf --check failed (%d):\n%s", st, c);
    assert_null(strstr(c, "WARNING"));
    free(c);
}

static void test_pdfinfo(void **state)
{
    (void)state;
    int st;
    char *info = run("pdfinfo %s 2>&1", &st);
    assert_int_equal(st, 0);
    assert_non_null(strstr(info, "Title:           外国人材活躍推進"
                                 "プラットフォーム事業 実施計画\n"));
    assert_non_null(strstr(info, "Producer:        grantsheet 0.1.0\n"));
    assert_non_null(strstr(info, "Pages:           2\n"));
    assert_null(strstr(info, "CreationDate"));
    assert_null(strstr(info, "ModDate"));
    free(info);
}

/* Each bookmark jumps to its heading: [page /XYZ 0 y null] with y the
 * bookmark's y (40 and 60 from the top) in PDF coordinates, the zoom left
 * to the reader. */
static void test_outlines(void **state)
{
    (void)state;
    int st;
    char *j = run("qpdf --json --json-key=outlines %s 2>&1", &st);
    assert_int_equal(st, 0);
    const char *one = strstr(j, "\"title\": \"事業概要\"");
    const char *two = strstr(j, "\"title\": \"1. 申請者情報\"");
    assert_non_null(one);
    assert_non_null(two);
    assert_non_null(strstr(j, "\"destpageposfrom1\": 2"));
    /* qpdf writes "dest": [ "N 0 R", "/XYZ", 0, y, null ] one item a line */
    double ys[2];
    size_t n = 0;
    for (const char *x = strstr(j, "\"/XYZ\""); x; x = strstr(x + 1, "\"/XYZ\"")) {
        double left, y;
        assert_true(n < 2);
        if (sscanf(x, "\"/XYZ\" , %lf , %lf , null", &left, &y) != 2)
            fail_msg("destination not [page /XYZ 0 y null]: %.80s", x);
        assert_true(left == 0);
        ys[n++] = y;
    }
    assert_int_equal(n, 2);
    /* qpdf lists the outlines in order, each with its dest */
    assert_true(fabs(ys[0] - (A4_H - 40)) < 0.01);
    assert_true(fabs(ys[1] - (A4_H - 60)) < 0.01);
    free(j);
}

/* The document catalog, as qpdf shows it. */
static char *catalog(void)
{
    int st;
    char *trailer = run("qpdf --show-object=trailer %s 2>&1", &st);
    assert_int_equal(st, 0);
    const char *root = strstr(trailer, "/Root ");
    assert_non_null(root);
    int obj = atoi(root + 6);
    free(trailer);
    assert_true(obj > 0);
    char fmt[64];
    snprintf(fmt, sizeof fmt, "qpdf --show-object=%d %%s 2>&1", obj);
    char *cat = run(fmt, &st);
    assert_int_equal(st, 0);
    assert_non_null(strstr(cat, "/Type /Catalog"));
    return cat;
}

/* Viewers learn the language and show the title, not the file name. */
static void test_catalog_lang_and_title(void **state)
{
    (void)state;
    char *cat = catalog();
    if (!strstr(cat, "/Lang (ja-JP)") ||
        !strstr(cat, "/ViewerPreferences << /DisplayDocTitle true >>"))
        fail_msg("catalog lacks /Lang (ja-JP) or DisplayDocTitle:\n%s", cat);
    free(cat);
    int st;
    char *head = run("head -c 8 %s", &st);
    assert_string_equal(head, "%PDF-1.4"); /* both keys are PDF 1.4 */
    free(head);
}

int main(void)
{
    const struct CMUnitTest mem[] = {
        cmocka_unit_test(test_renders_pdf),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_subset_tag),
        cmocka_unit_test(test_rules_joined_and_last),
        cmocka_unit_test(test_near_equal_rules_all_drawn),
        cmocka_unit_test(test_appends),
        cmocka_unit_test(test_missing_glyph_refused),
        cmocka_unit_test(test_beyond_bmp_refused),
        cmocka_unit_test(test_check_passes_clean_doc),
        cmocka_unit_test(test_libharu_error_reported),
        cmocka_unit_test(test_bad_bookmark_reported),
        cmocka_unit_test(test_bad_font_index_reported),
        cmocka_unit_test(test_empty_doc),
        cmocka_unit_test(test_shared_glyph_keeps_characters),
    };
    const struct CMUnitTest tools[] = {
        cmocka_unit_test(test_pdftotext_exact),
        cmocka_unit_test(test_poppler_silent),
        cmocka_unit_test(test_tounicode_is_bfchar),
        cmocka_unit_test(test_font_objects_direct),
        cmocka_unit_test(test_pdffonts_subset_embedded),
        cmocka_unit_test(test_qpdf_check),
        cmocka_unit_test(test_pdfinfo),
        cmocka_unit_test(test_outlines),
        cmocka_unit_test(test_catalog_lang_and_title),
    };
    int fails = 0;
    if (setup(NULL) != 0) {
        fprintf(stderr, "fonts not found; set GRANTSHEET_DATADIR\n");
        return 1;
    }
    fails += cmocka_run_group_tests_name("pdf", mem, NULL, NULL);
    fails += cmocka_run_group_tests_name("pdf-tools", tools, tools_setup,
                                         tools_teardown);
    teardown(NULL);
    return fails;
}
