/*
 * test_layout.c - the template engine and the place-then-draw loop:
 * interpolation and formats, alignment, merged cells, pagination with
 * repeated headers, headings kept with their table, rows taller than a page,
 * sections with their bookmarks and the page references to them (laid out
 * again until they agree), and template mistakes reported against the
 * template line.
 *
 * Each test writes a small template to a temporary folder, binds a data
 * tree built by hand, and inspects the display list.  The last test renders
 * the real templates of a whole 実施計画 from a plan model built by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layout/bind.h"
#include "layout/layout.h"
#include "nagaoka_plan.h"
#include "render/pdf.h"

typedef struct fixture {
    gs_fontset *fonts;
    gs_breaker *br;
    gs_template *tpl;   /* the last template run(): text ops borrow its name */
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    const char *data = getenv("GRANTSHEET_DATADIR");
    char fontdir[512];
    snprintf(fontdir, sizeof fontdir, "%s/fonts", data ? data : ".");
    f->fonts = gs_fontset_new(fontdir);
    f->br = gs_breaker_new();
    strcpy(f->dir, "/tmp/gs-layout-XXXXXX");
    if (!mkdtemp(f->dir) || !f->br)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    gs_template_free(f->tpl);
    gs_breaker_free(f->br);
    gs_fontset_free(f->fonts);
    free(f);
    return 0;
}

/* Writes a template whose <body> is body (and extra head elements). */
static char *write_template(fixture *f, const char *name, const char *head,
                            const char *body)
{
    char *path = malloc(256);
    snprintf(path, 256, "%s/%s", f->dir, name);
    FILE *fp = fopen(path, "w");
    fprintf(fp,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<template xmlns=\"urn:x-grantsheet:template:1\" version=\"1\" title=\"試験\">\n"
            "<page size=\"A4\" orientation=\"portrait\" margin=\"10 10 10 10\"/>\n"
            "<font id=\"g\" file=\"ipaexg.ttf\"/>\n"
            "<style id=\"default\" font=\"g\" size=\"10\" leading=\"1.5\" padding=\"2 2\"/>\n"
            "%s\n<body>\n%s\n</body>\n</template>\n",
            head, body);
    fclose(fp);
    return path;
}

/* Like write_template, with the <page> element given. */
static char *write_template_page(fixture *f, const char *name, const char *page,
                                 const char *head, const char *body)
{
    char *path = malloc(256);
    snprintf(path, 256, "%s/%s", f->dir, name);
    FILE *fp = fopen(path, "w");
    fprintf(fp,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<template xmlns=\"urn:x-grantsheet:template:1\" version=\"1\" title=\"%s\">\n"
            "%s\n<font id=\"g\" file=\"ipaexg.ttf\"/>\n"
            "<style id=\"default\" font=\"g\" size=\"10\" leading=\"1.5\" padding=\"2 2\"/>\n"
            "%s\n<body>\n%s\n</body>\n</template>\n",
            name, page, head, body);
    fclose(fp);
    return path;
}

static size_t count_ops(const gs_doc *doc, size_t p, gs_op_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->pages[p].nops; i++)
        n += doc->pages[p].ops[i].kind == kind;
    return n;
}

static gs_value *sample_data(size_t nrows)
{
    gs_srcpos p = {"plan.xml", 7, 0};
    gs_value *root = gs_value_map(p);
    gs_map_set(root, "name", gs_value_str("長岡市", p));
    gs_map_set(root, "amount", gs_value_int(12219, p));
    gs_map_set(root, "neg", gs_value_int(-1200, p));
    gs_map_set(root, "ratio", gs_value_ratio(1, 3, p));
    gs_map_set(root, "kpis", gs_value_list(p));
    gs_value *k = (gs_value *)gs_map_lookup(root, "kpis");
    for (int i = 1; i <= 4; i++)
        gs_list_push(k, gs_value_int(i, p));
    gs_map_set(root, "flag", gs_value_bool(true, p));
    gs_map_set(root, "none", gs_value_null(p));
    gs_value *rows = gs_map_set(root, "rows", gs_value_list(p));
    for (size_t i = 0; i < nrows; i++) {
        gs_srcpos rp = {"plan.xml", (int)(100 + i), 0};
        gs_value *m = gs_list_push(rows, gs_value_map(rp));
        char s[32];
        snprintf(s, sizeof s, "行%zu", i + 1);
        gs_map_set(m, "label", gs_value_str(s, rp));
        gs_map_set(m, "amount", gs_value_int((int64_t)i * 1000, rp));
    }
    return root;
}

static gs_doc *run(fixture *f, const char *head, const char *body,
                   const gs_value *data, gs_diags *d)
{
    char *path = write_template(f, "t.xml", head, body);
    gs_template_free(f->tpl);
    f->tpl = gs_template_load(path, f->fonts, d);
    free(path);
    if (!f->tpl)
        return NULL;
    return gs_layout_run(&f->tpl, 1, data, f->br, d);
}

/* The first text op on page p whose text equals s, or NULL. */
static const gs_op *find_text(const gs_doc *doc, size_t p, const char *s)
{
    for (size_t i = 0; i < doc->pages[p].nops; i++) {
        const gs_op *op = &doc->pages[p].ops[i];
        if (op->kind == GS_OP_TEXT && strcmp(op->text, s) == 0)
            return op;
    }
    return NULL;
}

static size_t count_text(const gs_doc *doc, size_t p, const char *s)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->pages[p].nops; i++) {
        const gs_op *op = &doc->pages[p].ops[i];
        if (op->kind == GS_OP_TEXT && strstr(op->text, s))
            n++;
    }
    return n;
}

static void test_interpolation_and_formats(void **state)
{
    fixture *f = *state;
    gs_value *data = sample_data(0);
    gs_diags d = GS_DIAGS_INIT;
    gs_doc *doc = run(f, "",
                      "<para>{name}</para>\n"
                      "<para>{amount|kyen}</para><para>{neg|kyen}</para>\n"
                      "<para>{ratio|pct1}</para><para>{kpis|circled}</para>\n"
                      "<para>{{literal}}</para><para>a{none}b</para>\n"
                      "<para><if test=\"flag\">yes</if><if test=\"!flag\">no</if></para>\n"
                      "<para>{flag|check}</para>",
                      data, &d);
    assert_non_null(doc);
    assert_int_equal(d.n, 0);
    assert_non_null(find_text(doc, 0, "長岡市"));
    assert_non_null(find_text(doc, 0, "12,219千円"));
    assert_non_null(find_text(doc, 0, "△1,200千円"));
    assert_non_null(find_text(doc, 0, "33.3%"));
    assert_non_null(find_text(doc, 0, "①、②、③、④"));
    assert_non_null(find_text(doc, 0, "{literal}"));
    assert_non_null(find_text(doc, 0, "yes"));
    assert_null(find_text(doc, 0, "no"));
    assert_non_null(find_text(doc, 0, "✓"));
    /* data text points at the plan, literal text at the template */
    assert_string_equal(find_text(doc, 0, "12,219千円")->pos.file, "plan.xml");
    assert_int_equal(find_text(doc, 0, "12,219千円")->pos.line, 7);
    assert_non_null(strstr(find_text(doc, 0, "yes")->pos.file, "t.xml"));
    gs_doc_free(doc);
    gs_diags_free(&d);
    gs_value_free(data);
}

static void test_template_errors_point_at_template(void **state)
{
    fixture *f = *state;
    gs_value *data = sample_data(0);
    gs_diags d = GS_DIAGS_INIT;
    gs_doc *doc = run(f, "", "<para>{nmae}</para>\n<para>{name|yen}</para>\n"
                             "<para>{kpis|kyen}</para>", data, &d);
    assert_null(doc);
    assert_int_equal(d.errors, 3);
    assert_string_equal(d.v[0].code, "E302");
    assert_non_null(strstr(d.v[0].message, "nmae"));
    assert_int_equal(d.v[0].line, 8); /* the template line of {nmae} */
    assert_string_equal(d.v[1].code, "E303");
    assert_string_equal(d.v[2].code, "E303");
    gs_diags_free(&d);

    /* fixed parts: unknown style value, missing font */
    char *path = write_template(f, "bad.xml", "<font id=\"x\" file=\"nope.ttf\"/>",
                                "<para align=\"middle\">x</para>");
    gs_template *t = gs_template_load(path, f->fonts, &d);
    free(path);
    assert_null(t);
    assert_string_equal(d.v[0].code, "E403");
    gs_diags_free(&d);
    gs_value_free(data);
}

static void test_alignment_and_merged_cells(void **state)
{
    fixture *f = *state;
    gs_value *data = sample_data(0);
    gs_diags d = GS_DIAGS_INIT;
    gs_doc *doc = run(f, "",
                      "<table widths=\"40 40 *\">\n"
                      "<row><cell rowspan=\"2\">結合</cell><cell>左</cell>"
                      "<cell align=\"right\">{amount|kyen}</cell></row>\n"
                      "<row><cell colspan=\"2\" align=\"center\">中央</cell></row>\n"
                      "</table>",
                      data, &d);
    assert_non_null(doc);
    assert_int_equal(d.n, 0);
    double mm = 72 / 25.4;
    double right_edge = 210 * mm - 10 * mm;
    const gs_op *amt = find_text(doc, 0, "12,219千円");
    gs_font *g = doc->fonts[amt->font];
    double w = (double)gs_font_text_width(g, amt->text, strlen(amt->text)) *
               amt->size / gs_font_upem(g);
    assert_true(fabs(amt->x + w - (right_edge - 2)) < 0.01); /* padding 2pt */
    /* the merged cell sits in column 1; the colspan cell starts at column 2 */
    const gs_op *merged = find_text(doc, 0, "結合");
    const gs_op *center = find_text(doc, 0, "中央");
    assert_true(fabs(merged->x - (10 * mm + 2)) < 0.01);
    double c0 = 50 * mm, c1 = right_edge;
    double cw = (double)gs_font_text_width(g, "中央", strlen("中央")) * 10 / gs_font_upem(g);
    assert_true(fabs(center->x - (c0 + (c1 - c0 - cw) / 2)) < 0.01);
    /* merged cell vertically centred across both rows */
    const gs_op *left = find_text(doc, 0, "左");
    assert_true(merged->y > left->y + 1);
    gs_doc_free(doc);
    gs_diags_free(&d);
    gs_value_free(data);
}

static void test_pagination_repeats_header(void **state)
{
    fixture *f = *state;
    gs_value *data = sample_data(120);
    gs_diags d = GS_DIAGS_INIT;
    gs_doc *doc = run(f, "<footer>{page} / {pages}</footer>",
                      "<table widths=\"* 40\" header-rows=\"1\" continued=\"（続き）\">\n"
                      "<row><cell>見出し</cell><cell>金額</cell></row>\n"
                      "<for each=\"r\" in=\"rows\"><row><cell>{r.label}</cell>"
                      "<cell align=\"right\">{r.amount|kyen}</cell></row></for>\n"
                      "</table>",
                      data, &d);
    assert_non_null(doc);
    assert_true(doc->npages >= 3);
    assert_non_null(find_text(doc, 0, "見出し"));
    size_t rows_seen = 0;
    for (size_t p = 0; p < doc->npages; p++) {
        if (p > 0) {
            /* "見出し" from the template row, "（続き）" from the table */
            assert_non_null(find_text(doc, p, "見出し"));
            assert_non_null(find_text(doc, p, "（続き）"));
        }
        char foot[32];
        snprintf(foot, sizeof foot, "%zu / %zu", p + 1, doc->npages);
        assert_non_null(find_text(doc, p, foot));
        rows_seen += count_text(doc, p, "行");
        /* nothing below the bottom margin but the footer */
        for (size_t i = 0; i < doc->pages[p].nops; i++) {
            const gs_op *op = &doc->pages[p].ops[i];
            if (op->kind == GS_OP_TEXT && strchr(op->text, '/') == NULL)
                assert_true(op->y < 297 * 72 / 25.4 - 10 * 72 / 25.4);
        }
    }
    assert_int_equal(rows_seen, 120); /* every row exactly once */
    gs_doc_free(doc);
    gs_diags_free(&d);
    gs_value_free(data);
}

static void test_heading_kept_with_table(void **state)
{
    fixture *f = *state;
    gs_value *data = sample_data(3);
    gs_diags d = GS_DIAGS_INIT;
    /* a space fills most of the first page; the heading must not be
     * stranded at its bottom */
    gs_doc *doc = run(f, "",
                      "<space height=\"268\"/>\n"
                      "<para keep-with-next=\"1\">見出し段落</para>\n"
                      "<table widths=\"*\"><for each=\"r\" in=\"rows\"><row>"
                      "<cell>{r.label}</cell></row></for></table>",
                      data, &d);
    assert_non_null(doc);
    assert_int_equal(doc->npages, 2);
    assert_null(find_text(doc, 0, "見出し段落"));
    assert_non_null(find_text(doc, 1, "見出し段落"));
    assert_non_null(find_text(doc, 1, "行1"));
    gs_doc_free(doc);
    gs_diags_free(&d);
    gs_value_free(data);
}

static void test_keep_together_and_tall_rows(void **state)
{
    fixture *f = *state;
    gs_srcpos p = {"plan.xml", 3, 0};
    gs_value *data = gs_value_map(p);
    gs_buf longtext = GS_BUF_INIT;
    for (int i = 0; i < 400; i++)
        gs_buf_puts(&longtext, "外国人材の相談支援を行う。");
    gs_map_set(data, "long", gs_value_str(longtext.data, p));
    gs_buf_free(&longtext);
    gs_diags d = GS_DIAGS_INIT;
    gs_doc *doc = run(f, "",
                      "<table widths=\"30 *\" header-rows=\"1\" continued=\"（続き）\">"
                      "<row><cell>項目</cell><cell>内容</cell></row>"
                      "<row><cell>説明</cell><cell>{long}</cell></row></table>",
                      data, &d);
    assert_non_null(doc);
    assert_int_equal(d.n, 0);
    assert_true(doc->npages >= 2);
    /* every character of the long text is drawn exactly once */
    size_t chars = 0;
    for (size_t pg = 0; pg < doc->npages; pg++)
        for (size_t i = 0; i < doc->pages[pg].nops; i++) {
            const gs_op *op = &doc->pages[pg].ops[i];
            if (op->kind == GS_OP_TEXT && op->pos.file && strcmp(op->pos.file, "plan.xml") == 0)
                for (const char *s = op->text; *s; s++)
                    chars += ((unsigned char)*s & 0xC0) != 0x80;
        }
    assert_int_equal(chars, 400 * 13);
    assert_true(count_text(doc, 1, "項目") == 1);
    assert_true(count_text(doc, 1, "（続き）") == 1);
    gs_doc_free(doc);
    gs_diags_free(&d);
    gs_value_free(data);
}

/* Characters drawn from the plan (not the template) on pages [a, e). */
static size_t plan_chars(const gs_doc *doc, size_t a, size_t e)
{
    size_t chars = 0;
    for (size_t pg = a; pg < e; pg++)
        for (size_t i = 0; i < doc->pages[pg].nops; i++) {
            const gs_op *op = &doc->pages[pg].ops[i];
            if (op->kind == GS_OP_TEXT && op->pos.file &&
                strcmp(op->pos.file, "plan.xml") == 0)
                for (const char *s = op->text; *s; s++)
                    chars += ((unsigned char)*s & 0xC0) != 0x80;
        }
    return chars;
}

/* A one-page table (事業概要) with a 700 pt row leaves too little room for
 * the text row: its text shrinks, stays on the page, and is whole. */
static const char one_page_tpl[] =
    "<para keep-with-next=\"1\">概要見出し</para>\n"
    "<table widths=\"30 *\" one-page=\"1\" shrink=\"6\" continued=\"（続き）\">"
    "<row min-height=\"700\"><cell fill=\"0.9\">枠</cell><cell/></row>"
    "<row min-height=\"40\"><cell fill=\"0.9\">説明</cell><cell>{long}</cell></row>"
    "</table>";

static gs_value *long_text(int repeat)
{
    gs_srcpos p = {"plan.xml", 3, 0};
    gs_value *data = gs_value_map(p);
    gs_buf t = GS_BUF_INIT;
    for (int i = 0; i < repeat; i++)
        gs_buf_puts(&t, "外国人材の相談支援を行う。"); /* 13 characters */
    gs_map_set(data, "long", gs_value_str(t.data, p));
    gs_buf_free(&t);
    return data;
}

static void test_one_page_shrinks_text(void **state)
{
    fixture *f = *state;
    gs_value *data = long_text(23);     /* ~7 lines at 10 pt */
    gs_diags d = GS_DIAGS_INIT;
    gs_doc *doc = run(f, "", one_page_tpl, data, &d);
    assert_non_null(doc);
    assert_int_equal(d.n, 0);
    assert_int_equal(doc->npages, 1);
    assert_int_equal(plan_chars(doc, 0, 1), 23 * 13);
    for (size_t i = 0; i < doc->pages[0].nops; i++) {
        const gs_op *op = &doc->pages[0].ops[i];
        if (op->kind == GS_OP_TEXT && strstr(op->text, "外国人材")) {
            assert_true(op->size < 10);
            assert_true(op->size >= 6);
        }
        if (op->kind == GS_OP_TEXT && strcmp(op->text, "説明") == 0)
            assert_true(op->size == 10);   /* only the cell that needs it */
    }
    gs_doc_free(doc);
    gs_value_free(data);

    /* the same table with room to spare keeps its size */
    data = long_text(2);
    doc = run(f, "", one_page_tpl, data, &d);
    assert_non_null(doc);
    for (size_t i = 0; i < doc->pages[0].nops; i++)
        if (doc->pages[0].ops[i].kind == GS_OP_TEXT)
            assert_true(doc->pages[0].ops[i].size == 10);
    gs_doc_free(doc);
    gs_diags_free(&d);
    gs_value_free(data);
}

/* Text that does not fit even at the floor continues on the next page,
 * under the heading marked （続き）, labelled, at its full size. */
static void test_one_page_overflow_continues(void **state)
{
    fixture *f = *state;
    gs_value *data = long_text(150);
    gs_diags d = GS_DIAGS_INIT;
    gs_doc *doc = run(f, "", one_page_tpl, data, &d);
    assert_non_null(doc);
    assert_int_equal(d.n, 0);
    assert_int_equal(doc->npages, 2);
    assert_non_null(find_text(doc, 0, "概要見出し"));
    assert_non_null(find_text(doc, 1, "概要見出し"));
    assert_int_equal(count_text(doc, 1, "（続き）"), 1);
    assert_non_null(find_text(doc, 1, "説明"));
    assert_null(find_text(doc, 1, "枠"));
    assert_true(plan_chars(doc, 0, 1) > 0);
    assert_int_equal(plan_chars(doc, 0, 2), 150 * 13); /* each once */
    for (size_t i = 0; i < doc->pages[1].nops; i++) {
        const gs_op *op = &doc->pages[1].ops[i];
        if (op->kind == GS_OP_TEXT && strstr(op->text, "外国人材"))
            assert_true(op->size == 10);
    }
    gs_doc_free(doc);
    gs_diags_free(&d);
    gs_value_free(data);
}

static size_t rows_on(const gs_doc *doc, size_t p)
{
    return count_text(doc, p, "行");
}

/* 41 one-line rows: 40 would fit under the header on page 1, leaving one
 * alone on page 2; the break moves up so page 2 holds two. */
static void test_no_widow_row(void **state)
{
    fixture *f = *state;
    gs_value *data = sample_data(41);
    gs_diags d = GS_DIAGS_INIT;
    gs_doc *doc = run(f, "",
                      "<table widths=\"* 40\" header-rows=\"1\" continued=\"（続き）\">\n"
                      "<row><cell>見出し</cell><cell>金額</cell></row>\n"
                      "<for each=\"r\" in=\"rows\"><row><cell>{r.label}</cell>"
                      "<cell>{r.amount|kyen}</cell></row></for></table>",
                      data, &d);
    assert_non_null(doc);
    assert_int_equal(doc->npages, 2);
    assert_int_equal(rows_on(doc, 0) + rows_on(doc, 1), 41);
    assert_int_equal(rows_on(doc, 1), 2);
    gs_doc_free(doc);
    gs_value_free(data);

    /* 40 rows fit on one page: no break at all */
    data = sample_data(40);
    doc = run(f, "",
              "<table widths=\"* 40\" header-rows=\"1\">\n"
              "<row><cell>見出し</cell><cell>金額</cell></row>\n"
              "<for each=\"r\" in=\"rows\"><row><cell>{r.label}</cell>"
              "<cell>{r.amount|kyen}</cell></row></for></table>",
              data, &d);
    assert_non_null(doc);
    assert_int_equal(doc->npages, 1);
    gs_doc_free(doc);
    gs_diags_free(&d);
    gs_value_free(data);
}

/* A table that starts where its header and one row fit, but not two,
 * starts on the next page instead of leaving an orphan row. */
static void test_no_orphan_row(void **state)
{
    fixture *f = *state;
    gs_value *data = sample_data(5);
    gs_diags d = GS_DIAGS_INIT;
    gs_doc *doc = run(f, "",
                      "<space height=\"261\"/>\n"
                      "<table widths=\"* 40\" header-rows=\"1\">\n"
                      "<row><cell>見出し</cell><cell>金額</cell></row>\n"
                      "<for each=\"r\" in=\"rows\"><row><cell>{r.label}</cell>"
                      "<cell>{r.amount|kyen}</cell></row></for></table>",
                      data, &d);
    assert_non_null(doc);
    assert_int_equal(doc->npages, 2);
    assert_null(find_text(doc, 0, "見出し"));
    assert_int_equal(rows_on(doc, 1), 5);
    gs_doc_free(doc);
    gs_value_free(data);

    /* with room for two rows it starts here */
    data = sample_data(5);
    doc = run(f, "",
              "<space height=\"250\"/>\n"
              "<table widths=\"* 40\" header-rows=\"1\">\n"
              "<row><cell>見出し</cell><cell>金額</cell></row>\n"
              "<for each=\"r\" in=\"rows\"><row><cell>{r.label}</cell>"
              "<cell>{r.amount|kyen}</cell></row></for></table>",
              data, &d);
    assert_non_null(doc);
    assert_non_null(find_text(doc, 0, "見出し"));
    assert_true(rows_on(doc, 0) >= 2);
    assert_true(rows_on(doc, doc->npages - 1) >= 2);
    gs_doc_free(doc);
    gs_diags_free(&d);
    gs_value_free(data);
}

/* <boxes cols="2"> in a cell: four bordered boxes in two rows between the
 * lines of text around them, each text centred in its box, the cell grown
 * to hold them, and the texts in the cell's figure. */
static void test_boxes_grid(void **state)
{
    fixture *f = *state;
    gs_value *data = sample_data(4);
    gs_diags d = GS_DIAGS_INIT;
    gs_doc *doc = run(f, "",
                      "<table widths=\"30 100\"><row><cell>欄</cell><cell>前の文"
                      "<boxes cols=\"2\"><for each=\"r\" in=\"rows\"><box>{r.label}</box></for></boxes>"
                      "後の文</cell></row></table>",
                      data, &d);
    assert_non_null(doc);
    assert_int_equal(d.n, 0);
    assert_int_equal(doc->npages, 1);
    const gs_op *before = find_text(doc, 0, "前の文"), *after = find_text(doc, 0, "後の文");
    const gs_op *b[4];
    for (int i = 0; i < 4; i++) {
        char name[16];
        snprintf(name, sizeof name, "行%d", i + 1);
        b[i] = find_text(doc, 0, name);
        assert_non_null(b[i]);
    }
    assert_non_null(before);
    assert_non_null(after);
    /* two per row, rows in order, all between the two lines of text */
    assert_true(fabs(b[0]->y - b[1]->y) < 0.01 && fabs(b[2]->y - b[3]->y) < 0.01);
    assert_true(b[0]->x < b[1]->x && fabs(b[0]->x - b[2]->x) < 0.01);
    assert_true(before->y < b[0]->y && b[0]->y < b[2]->y && b[2]->y < after->y);
    /* the 2 cells' edges (8) and each box's four sides (16) */
    assert_int_equal(count_ops(doc, 0, GS_OP_LINE), 8 + 16);
    /* each text is centred in its box: the box edges around it are equally
     * far from it (measured on the vertical edges left and right of 行1) */
    double left = -1, right = 1e9;
    for (size_t i = 0; i < doc->pages[0].nops; i++) {
        const gs_op *op = &doc->pages[0].ops[i];
        if (op->kind != GS_OP_LINE || fabs(op->x - op->x2) > 0.01)
            continue;
        if (op->x < b[0]->x && op->x > left && op->y < b[0]->y && op->y2 > b[0]->y)
            left = op->x;
        if (op->x > b[0]->x && op->x < right && op->y < b[0]->y && op->y2 > b[0]->y)
            right = op->x;
    }
    assert_true(left > 0 && right < 1e9);
    double w = 2 * 10.0;  /* "行1" is two 10 pt characters wide at most */
    assert_true(b[0]->x - left > 5 && right - (b[0]->x + w) > 5);
    /* the figure holds every box's text */
    assert_true(doc->nfigs >= 1);
    assert_non_null(strstr(doc->figs[doc->nfigs - 1].value, "行4"));
    gs_doc_free(doc);
    gs_diags_free(&d);
    gs_value_free(data);
}

static void test_wrong_column_count(void **state)
{
    fixture *f = *state;
    gs_value *data = sample_data(0);
    gs_diags d = GS_DIAGS_INIT;
    gs_doc *doc = run(f, "", "<table widths=\"40 40\"><row><cell colspan=\"2\"/>"
                             "<cell>余分</cell></row></table>", data, &d);
    assert_null(doc);
    assert_string_equal(d.v[0].code, "E301");
    gs_diags_free(&d);
    gs_value_free(data);
}

/* A table whose first row is taller than any page starts right below its
 * heading: moving it would leave a page holding only the heading. */
static void test_tall_first_row_stays_with_heading(void **state)
{
    fixture *f = *state;
    gs_srcpos p = {"plan.xml", 3, 0};
    gs_value *data = gs_value_map(p);
    gs_buf longtext = GS_BUF_INIT;
    for (int i = 0; i < 600; i++)
        gs_buf_puts(&longtext, "外国人材の相談支援を行う。");
    gs_map_set(data, "long", gs_value_str(longtext.data, p));
    gs_buf_free(&longtext);
    gs_diags d = GS_DIAGS_INIT;
    gs_doc *doc = run(f, "",
                      "<space height=\"150\"/>\n"
                      "<para keep-with-next=\"1\">見出し段落</para>\n"
                      "<table widths=\"30 *\"><row rowspan=\"1\"><cell rowspan=\"2\">結合</cell>"
                      "<cell>{long}</cell></row><row><cell>次の行</cell></row></table>",
                      data, &d);
    assert_non_null(doc);
    assert_int_equal(d.n, 0);
    assert_non_null(find_text(doc, 0, "見出し段落"));
    assert_true(count_text(doc, 0, "外国人材") > 0); /* the table starts here */
    /* the merged cell's column keeps a box on the last page too */
    size_t last = doc->npages - 1;
    assert_non_null(find_text(doc, last, "次の行"));
    gs_doc_free(doc);
    gs_diags_free(&d);
    gs_value_free(data);
}

static void test_table_wider_than_page(void **state)
{
    fixture *f = *state;
    gs_value *data = sample_data(0);
    gs_diags d = GS_DIAGS_INIT;
    gs_doc *doc = run(f, "", "<table widths=\"150 150\"><row><cell/><cell/></row>"
                             "</table>", data, &d);
    assert_null(doc);
    assert_string_equal(d.v[0].code, "E301");
    assert_non_null(strstr(d.v[0].message, "150 150")); /* names the widths */
    gs_diags_free(&d);
    gs_value_free(data);
}

static void test_delta_format(void **state)
{
    fixture *f = *state;
    gs_srcpos p = {"plan.xml", 5, 0};
    gs_value *data = gs_value_map(p);
    gs_map_set(data, "a", gs_value_fixed2(3000, p));
    gs_map_set(data, "b", gs_value_fixed2(3050, p));
    gs_map_set(data, "c", gs_value_fixed2(-51, p));
    gs_map_set(data, "d", gs_value_fixed2(0, p));
    gs_map_set(data, "e", gs_value_int(1234, p));
    gs_map_set(data, "s", gs_value_str("x", p));
    gs_diags d = GS_DIAGS_INIT;
    gs_doc *doc = run(f, "",
                      "<para>（{a|delta}人）</para><para>{b|delta}</para>"
                      "<para>{c|delta}</para><para>{d|delta}</para><para>{e|delta}</para>",
                      data, &d);
    assert_non_null(doc);
    assert_int_equal(d.n, 0);
    /* the literal brackets come from the template, so the figure is its own op */
    assert_non_null(find_text(doc, 0, "+30"));
    assert_non_null(find_text(doc, 0, "+30.5"));
    assert_non_null(find_text(doc, 0, "△0.51"));
    assert_non_null(find_text(doc, 0, "0"));
    assert_non_null(find_text(doc, 0, "+1,234"));
    gs_doc_free(doc);
    doc = run(f, "", "<para>{s|delta}</para>", data, &d);
    assert_null(doc);
    assert_string_equal(d.v[0].code, "E303");
    gs_diags_free(&d);
    gs_value_free(data);
}

static void test_multirow_header(void **state)
{
    fixture *f = *state;
    gs_value *data = sample_data(120);
    gs_diags d = GS_DIAGS_INIT;
    gs_doc *doc = run(f, "",
                      "<table widths=\"30 * *\" header-rows=\"2\" continued=\"（続き）\">\n"
                      "<row><cell rowspan=\"2\">区分</cell><cell colspan=\"2\">申請額</cell></row>\n"
                      "<row><cell>上期</cell><cell>下期</cell></row>\n"
                      "<for each=\"r\" in=\"rows\"><row><cell>{r.label}</cell>"
                      "<cell>{r.amount|kyen}</cell><cell>{r.amount|kyen}</cell></row></for>\n"
                      "</table>",
                      data, &d);
    assert_non_null(doc);
    assert_int_equal(d.n, 0);
    assert_true(doc->npages >= 3);
    double mm = 72 / 25.4;
    for (size_t p = 0; p < doc->npages; p++) {
        if (p)
            assert_non_null(find_text(doc, p, "（続き）"));
        /* both header rows on every page, the spanning cell beside both */
        const gs_op *span = find_text(doc, p, "区分");
        const gs_op *top = find_text(doc, p, "申請額");
        const gs_op *low = find_text(doc, p, "上期");
        assert_non_null(span);
        assert_non_null(top);
        assert_non_null(low);
        assert_non_null(find_text(doc, p, "下期"));
        assert_true(low->y > top->y + 5);
        assert_true(span->y > top->y + 1 && span->y < low->y - 1);
        /* the second header row sits in columns 2 and 3, not under 区分 */
        assert_true(low->x > 40 * mm);
    }
    size_t rows_seen = 0;
    for (size_t p = 0; p < doc->npages; p++)
        rows_seen += count_text(doc, p, "行");
    assert_int_equal(rows_seen, 120);
    gs_doc_free(doc);
    gs_diags_free(&d);
    gs_value_free(data);
}

static void test_boxed_para(void **state)
{
    fixture *f = *state;
    gs_value *data = sample_data(0);
    gs_diags d = GS_DIAGS_INIT;
    gs_doc *doc = run(f, "", "<para border=\"1\" padding=\"4 6\">{name}</para>"
                             "<para>素の段落</para>", data, &d);
    assert_non_null(doc);
    assert_int_equal(d.n, 0);
    double mm = 72 / 25.4;
    assert_int_equal(count_ops(doc, 0, GS_OP_LINE), 4); /* the box, and no more */
    const gs_op *boxed = find_text(doc, 0, "長岡市");
    const gs_op *plain = find_text(doc, 0, "素の段落");
    assert_true(fabs(boxed->x - (10 * mm + 6)) < 0.01);  /* inset by padding */
    assert_true(fabs(plain->x - 10 * mm) < 0.01);
    /* the box spans the text width and encloses the first line only */
    double xmin = 1e9, xmax = 0, ymin = 1e9, ymax = 0;
    for (size_t i = 0; i < doc->pages[0].nops; i++) {
        const gs_op *op = &doc->pages[0].ops[i];
        if (op->kind != GS_OP_LINE)
            continue;
        xmin = fmin(xmin, fmin(op->x, op->x2));
        xmax = fmax(xmax, fmax(op->x, op->x2));
        ymin = fmin(ymin, fmin(op->y, op->y2));
        ymax = fmax(ymax, fmax(op->y, op->y2));
    }
    assert_true(fabs(xmin - 10 * mm) < 0.01 && fabs(xmax - 200 * mm) < 0.01);
    assert_true(ymin < boxed->y - 8 && ymax > boxed->y && ymax < plain->y - 8);
    gs_doc_free(doc);
    gs_diags_free(&d);
    gs_value_free(data);
}

/* Cells emit their own four edges; joining the shared ones is the
 * renderer's job (tests/render/test_pdf.c). */
static void test_cells_emit_their_edges(void **state)
{
    fixture *f = *state;
    gs_value *data = sample_data(0);
    gs_diags d = GS_DIAGS_INIT;
    gs_doc *doc = run(f, "", "<table widths=\"40 40\"><row><cell>a</cell><cell>b</cell></row>"
                             "<row><cell>c</cell><cell border=\"0\">d</cell></row></table>", data, &d);
    assert_non_null(doc);
    assert_int_equal(count_ops(doc, 0, GS_OP_LINE), 12); /* 3 cells x 4 */
    gs_doc_free(doc);
    gs_diags_free(&d);
    gs_value_free(data);
}

static void test_sheet_continues(void **state)
{
    fixture *f = *state;
    gs_value *data = sample_data(0);
    gs_diags d = GS_DIAGS_INIT;
    const char *portrait = "<page size=\"A4\" orientation=\"portrait\" margin=\"10 10 10 10\"%s/>";
    char pg[160], pgc[160];
    snprintf(pg, sizeof pg, portrait, "");
    snprintf(pgc, sizeof pgc, portrait, " continue=\"1\"");
    const char *foot = "<footer>{page} / {pages}</footer>";
    char *p1 = write_template_page(f, "a.xml", pg, foot, "<para>一枚目</para>");
    char *p2 = write_template_page(f, "b.xml", pgc, foot, "<para>続く</para>");
    char *p3 = write_template_page(f, "c.xml",
                                   "<page size=\"A4\" orientation=\"landscape\" margin=\"10 10 10 10\" continue=\"1\"/>",
                                   foot, "<para>横向き</para>");
    char *p4 = write_template_page(f, "d.xml", pgc, foot,
                                   "<space height=\"270\"/><para>押し出し</para>");
    gs_template *t[4] = {gs_template_load(p1, f->fonts, &d), gs_template_load(p2, f->fonts, &d),
                         gs_template_load(p3, f->fonts, &d), gs_template_load(p4, f->fonts, &d)};
    for (int i = 0; i < 4; i++)
        assert_non_null(t[i]);
    gs_doc *doc = gs_layout_run(t, 4, data, f->br, &d);
    assert_non_null(doc);
    assert_int_equal(d.n, 0);
    /* a, b share page 1; c changes orientation; d's space fits under c
     * (landscape is shorter, so the paragraph after it goes on) */
    assert_true(doc->npages >= 2);
    const gs_op *one = find_text(doc, 0, "一枚目");
    const gs_op *two = find_text(doc, 0, "続く");
    assert_non_null(one);
    assert_non_null(two);
    assert_true(two->y > one->y);
    assert_null(find_text(doc, 0, "横向き"));
    assert_non_null(find_text(doc, 1, "横向き"));
    assert_true(doc->pages[1].width > doc->pages[1].height);
    assert_int_equal(doc->nmarks, 4);
    assert_int_equal(doc->marks[0].page, 0);
    assert_int_equal(doc->marks[1].page, 0);
    assert_int_equal(doc->marks[2].page, 1);
    /* one footer per page, counted over the document */
    for (size_t p = 0; p < doc->npages; p++) {
        char s[32];
        snprintf(s, sizeof s, "%zu / %zu", p + 1, doc->npages);
        assert_int_equal(count_text(doc, p, s), 1);
    }
    gs_doc_free(doc);
    for (int i = 0; i < 4; i++)
        gs_template_free(t[i]);
    /* a bad value is a template error */
    char *bad = write_template_page(f, "e.xml", "<page size=\"A4\" continue=\"yes\"/>", "", "<para>x</para>");
    assert_null(gs_template_load(bad, f->fonts, &d));
    assert_string_equal(d.v[d.n - 1].code, "E301");
    free(p1);
    free(p2);
    free(p3);
    free(p4);
    free(bad);
    gs_diags_free(&d);
    gs_value_free(data);
}

/* The text of pages [from, to) for substring checks: ops in drawing order,
 * joined as they come on one baseline, a newline where the baseline
 * changes (so a row of cells reads as one line). */
static char *all_text(const gs_doc *doc, size_t from, size_t to)
{
    gs_buf b = GS_BUF_INIT;
    gs_buf_putc(&b, '\n');
    double y = -1;
    for (size_t p = from; p < to && p < doc->npages; p++)
        for (size_t i = 0; i < doc->pages[p].nops; i++) {
            const gs_op *op = &doc->pages[p].ops[i];
            if (op->kind != GS_OP_TEXT)
                continue;
            if (fabs(op->y - y) > 0.01)
                gs_buf_putc(&b, '\n');
            y = op->y;
            gs_buf_puts(&b, op->text);
        }
    gs_buf_putc(&b, '\n');
    return b.data;
}

/* Items 1..n, each with a number (all dup when dup > 0) and a name; the
 * second one is long. */
static gs_value *section_data(size_t n, int dup)
{
    gs_srcpos p = {"plan.xml", 3, 0};
    gs_value *root = gs_value_map(p);
    gs_value *items = gs_map_set(root, "items", gs_value_list(p));
    for (size_t i = 0; i < n; i++) {
        gs_value *m = gs_list_push(items, gs_value_map(p));
        gs_map_set(m, "no", gs_value_int(dup ? dup : (int64_t)i + 1, p));
        char s[32];
        snprintf(s, sizeof s, "節%zu", i + 1);
        gs_map_set(m, "name", gs_value_str(s, p));
        gs_map_set(m, "long", gs_value_bool(i == 1, p));
        gs_map_set(m, "none", gs_value_null(p));
    }
    return root;
}

/* The number drawn right of label s on page p (the <pageref> in a table
 * row after it), or -1. */
static long ref_after(const gs_doc *doc, size_t p, const char *s)
{
    const gs_op *lab = find_text(doc, p, s);
    if (!lab)
        return -1;
    for (size_t i = 0; i < doc->pages[p].nops; i++) {
        const gs_op *op = &doc->pages[p].ops[i];
        char *end;
        if (op->kind == GS_OP_TEXT && fabs(op->y - lab->y) < 0.5 && op->x > lab->x) {
            long v = strtol(op->text, &end, 10);
            if (*end == '\0')
                return v;
        }
    }
    return -1;
}

#define FRONT_TABLE                                                                \
    "<table widths=\"* 20\"><for each=\"x\" in=\"items\">"                         \
    "<row><cell>{x.name}</cell><cell><pageref key=\"x.no\"/></cell></row></for></table>\n"

/* <section> and <pageref>: a front table refers to sections that come
 * after it; each printed page is the page its section begins on (the
 * second section is two pages long, so the third begins on page 5); each
 * titled section is a bookmark under the sheet's, a nested one under its
 * section.  A key that names no section, two sections or nothing is
 * refused (E304). */
static void test_section_page_refs(void **state)
{
    fixture *f = *state;
    gs_value *data = section_data(3, 0);
    gs_diags d = GS_DIAGS_INIT;
    gs_doc *doc = run(f, "",
                      FRONT_TABLE
                      "<for each=\"x\" in=\"items\"><pagebreak/>\n"
                      "<section key=\"x.no\" title=\"第{x.no}節 {x.name}\">"
                      "<para>{x.name}の本文</para>\n"
                      "<if test=\"x.long\"><space height=\"280\"/></if>\n"
                      "<section key=\"x.name\" title=\"{x.name}の細目\"><para>細目</para></section>\n"
                      "</section></for>",
                      data, &d);
    assert_non_null(doc);
    assert_int_equal(d.n, 0);
    assert_int_equal(doc->npages, 5);
    assert_int_equal(ref_after(doc, 0, "節1"), 2);
    assert_int_equal(ref_after(doc, 0, "節2"), 3);
    assert_int_equal(ref_after(doc, 0, "節3"), 5);
    assert_non_null(find_text(doc, 1, "節1"));
    assert_non_null(find_text(doc, 2, "節2"));
    assert_non_null(find_text(doc, 4, "節3"));
    /* the sheet, then per section its bookmark and its nested one's */
    static const struct {
        const char *title;
        int level;
        size_t page;
    } marks[] = {{"試験", 0, 0},     {"第1節 節1", 1, 1}, {"節1の細目", 2, 1},
                 {"第2節 節2", 1, 2}, {"節2の細目", 2, 3}, {"第3節 節3", 1, 4},
                 {"節3の細目", 2, 4}};
    assert_int_equal(doc->nmarks, 7);
    for (size_t i = 0; i < 7; i++) {
        assert_string_equal(doc->marks[i].title, marks[i].title);
        assert_int_equal(doc->marks[i].level, marks[i].level);
        assert_int_equal(doc->marks[i].page, marks[i].page);
    }
    /* a section begins where its first block does: at the top of 節2の本文 */
    assert_true(fabs(doc->marks[3].y - 28.35) < 0.5);
    gs_doc_free(doc);

    /* a reference to no section */
    doc = run(f, "", FRONT_TABLE "<section key=\"items[0].name\"><para>x</para></section>",
              data, &d);
    assert_null(doc);
    assert_int_equal(d.errors, 3);
    assert_string_equal(d.v[0].code, "E304");
    assert_non_null(strstr(d.v[0].message, "\"1\""));
    gs_diags_free(&d);
    /* a key that names nothing */
    doc = run(f, "", "<section key=\"items[0].none\"><para>x</para></section>", data, &d);
    assert_null(doc);
    assert_string_equal(d.v[0].code, "E304");
    assert_non_null(strstr(d.v[0].message, "items[0].none"));
    gs_diags_free(&d);
    gs_value_free(data);
    /* two sections of one key */
    data = section_data(2, 7);
    doc = run(f, "", "<for each=\"x\" in=\"items\"><section key=\"x.no\"><para>x</para>"
                     "</section></for>", data, &d);
    assert_null(doc);
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.v[0].code, "E304");
    assert_non_null(strstr(d.v[0].message, "\"7\""));
    gs_diags_free(&d);
    gs_value_free(data);
}

/* Page numbers that change the layout they are printed in: in a column
 * one digit wide, a two-digit page wraps onto a second line, so the front
 * table of the first pass (placeholders) fits on page 1 but that of the
 * second (pages 10-12 among them) runs onto page 2, moving every section
 * one page on; the third pass prints those pages and agrees with itself. */
static void test_page_refs_converge(void **state)
{
    fixture *f = *state;
    gs_value *data = section_data(11, 0);
    gs_diags d = GS_DIAGS_INIT;
    gs_doc *doc = run(f, "",
                      "<space height=\"192\"/>"
                      "<table widths=\"* 3.6\"><for each=\"x\" in=\"items\">"
                      "<row><cell>{x.name}</cell><cell><pageref key=\"x.no\"/></cell></row>"
                      "</for></table>\n"
                      "<for each=\"x\" in=\"items\"><pagebreak/>\n"
                      "<section key=\"x.no\" title=\"{x.name}\"><para>{x.name}</para></section></for>",
                      data, &d);
    assert_non_null(doc);
    assert_int_equal(d.n, 0);
    /* the front table on pages 1-2, the sections on 3-13 */
    assert_int_equal(doc->npages, 13);
    assert_int_equal(doc->nmarks, 12);
    for (size_t i = 0; i < 11; i++)
        assert_int_equal(doc->marks[i + 1].page, 2 + i);
    /* and the one-digit references say so (節1 on page 3 …) */
    for (size_t i = 0; i < 7; i++) {
        char name[16];
        snprintf(name, sizeof name, "節%zu", i + 1);
        long got = ref_after(doc, 0, name);
        if (got < 0)
            got = ref_after(doc, 1, name);
        assert_int_equal(got, (long)i + 3);
    }
    gs_doc_free(doc);
    gs_diags_free(&d);
    gs_value_free(data);
}

/* The page whose text contains s, or SIZE_MAX. */
static size_t page_of(const gs_doc *doc, const char *s)
{
    for (size_t p = 0; p < doc->npages; p++) {
        char *t = all_text(doc, p, p + 1);
        bool hit = t && strstr(t, s);
        free(t);
        if (hit)
            return p;
    }
    return SIZE_MAX;
}

static void test_whole_document(void **state)
{
    fixture *f = *state;
    const char *data = getenv("GRANTSHEET_DATADIR");
    char path[512];
    snprintf(path, sizeof path, "%s/templates/doc-jisshi.txt", data ? data : ".");
    FILE *fl = fopen(path, "r");
    assert_non_null(fl);
    gs_template *t[32];
    size_t n = 0;
    gs_diags d = GS_DIAGS_INIT;
    char line[256];
    while (fgets(line, sizeof line, fl) && n < 32) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#' || strncmp(line, "name ", 5) == 0)
            continue;
        snprintf(path, sizeof path, "%s/templates/%s", data ? data : ".", line);
        t[n] = gs_template_load(path, f->fonts, &d);
        assert_non_null(t[n]);
        assert_non_null(t[n]->title);
        assert_non_null(t[n]->footer);
        n++;
    }
    fclose(fl);
    assert_int_equal(n, 14);

    gs_plan *plan = gs_plan_new("nagaoka.xml");
    nagaoka_fill(plan);
    nagaoka_years(plan);
    gs_totals tot;
    gs_totals_compute(plan, &tot, &d);
    nagaoka_totals_stub(plan, &tot);
    gs_value *v = gs_bind_plan(plan, &tot);
    gs_doc *doc = gs_layout_run(t, n, v, f->br, &d);
    assert_non_null(doc);
    assert_int_equal(d.n, 0);
    assert_int_equal(gs_pdf_check_glyphs(doc, &d), 0); /* ✓ ○ △ ① exist */
    assert_int_equal(doc->nmarks, 14);
    assert_string_equal(doc->marks[0].title, "事業概要");
    assert_string_equal(doc->marks[13].title, "(別紙1-1) ソフト事業経費内訳");

    /* 事業概要: one landscape page with the derived figures */
    assert_true(doc->pages[0].width > doc->pages[0].height);
    assert_int_equal(doc->marks[1].page, 1);
    char *p0 = all_text(doc, 0, 1);
    assert_non_null(strstr(p0, "新潟県長岡市"));
    assert_non_null(strstr(p0, "R7-R9年度"));
    assert_non_null(strstr(p0, "38,157千円 (12,219千円)"));
    assert_non_null(strstr(p0, "(カッコ内はR7年度事業費)"));
    assert_non_null(strstr(p0, "✓"));
    assert_non_null(strstr(p0, "【ソフト事業経費】"));
    assert_non_null(strstr(p0, "○外国人材活躍推進プラットフォーム事業"));
    assert_non_null(strstr(p0, "・外国人材活躍推進プラットフォーム事業経費(委託料) 12,219千円"));
    assert_null(strstr(p0, "12,719千円")); /* the first year only */
    assert_non_null(strstr(p0, "①外国人材の新規就業者数（+30人）"));
    assert_non_null(strstr(p0, "②外国人雇用事業所数（+42社）"));
    assert_non_null(strstr(p0, "④就労・雇用相談支援件数（+45件）"));
    free(p0);

    /* sheets 1-6 flow on from one page; 2 starts on 1's page */
    assert_int_equal(doc->marks[2].page, doc->marks[1].page);
    char *all = all_text(doc, 0, doc->npages);
    assert_non_null(strstr(all, "2025.4.1 - 2028.3.31"));
    assert_non_null(strstr(all, "単独"));
    assert_non_null(strstr(all, "○")); /* 6. 除外 */

    /* 7. KPI: landscape, six rows, ten columns of which five are bare */
    size_t kp = doc->marks[7].page;
    assert_true(doc->pages[kp].width > doc->pages[kp].height);
    char *kt = all_text(doc, kp, kp + 1);
    assert_non_null(strstr(kt, "KPI⑥"));
    assert_non_null(strstr(kt, "「外国人材の新規就業者数」"));
    assert_non_null(strstr(kt, "\n2029年度\n"));
    assert_null(strstr(kt, "2030年度"));
    size_t bare = 0;
    for (const char *s = kt; (s = strstr(s, "\n年度\n")); s++)
        bare++;
    assert_int_equal(bare, 5);
    assert_non_null(strstr(kt, "KPI①2.0010.0010.0010.0030.00\n"));
    assert_non_null(strstr(kt, "KPI②354.00"));
    /* KPI⑤ and ⑥: blank but for the 累計 */
    assert_non_null(strstr(kt, "\nKPI⑤0.00\n"));
    assert_non_null(strstr(kt, "\nKPI⑥0.00\n"));
    free(kt);

    /* 8. 自立性: the schedule's computed rows */
    size_t fp = doc->marks[8].page;
    char *ft = all_text(doc, fp, fp + 1);
    assert_non_null(strstr(ft, "2030年度"));
    assert_non_null(strstr(ft, "\n【A】0千円500千円500千円500千円\n"));
    assert_non_null(strstr(ft, "\n合計0千円2,000千円2,000千円2,000千円0千円0千円0千円\n"));
    assert_non_null(strstr(ft, "\n交付対象事業経費12,219千円12,719千円13,219千円0千円0千円\n"));
    assert_non_null(strstr(ft, "\nうちソフト事業費12,219千円12,719千円13,219千円0千円0千円\n"));
    assert_non_null(strstr(ft, "\nうち拠点整備事業費\n"));
    assert_non_null(strstr(ft, "\n【E】\n"));
    free(ft);
    assert_true(page_of(doc, "住民全般") >= fp);
    assert_non_null(strstr(all, "2020 年 4 月 1 日 から 2026 年 3 月 31 日まで"));
    assert_non_null(strstr(all, "地域再生計画の認定の日 から 2026 年 3 月 31 日まで"));
    free(all);

    /* (別紙1-1) last, landscape, as before */
    size_t bp = doc->marks[13].page;
    assert_true(doc->pages[bp].width > doc->pages[bp].height);
    assert_non_null(find_text(doc, bp, "(別紙1-1) ソフト事業経費内訳"));

    gs_doc_free(doc);
    gs_value_free(v);
    gs_plan_free(plan);
    for (size_t i = 0; i < n; i++)
        gs_template_free(t[i]);
    gs_diags_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interpolation_and_formats),
        cmocka_unit_test(test_template_errors_point_at_template),
        cmocka_unit_test(test_alignment_and_merged_cells),
        cmocka_unit_test(test_pagination_repeats_header),
        cmocka_unit_test(test_heading_kept_with_table),
        cmocka_unit_test(test_keep_together_and_tall_rows),
        cmocka_unit_test(test_one_page_shrinks_text),
        cmocka_unit_test(test_one_page_overflow_continues),
        cmocka_unit_test(test_no_widow_row),
        cmocka_unit_test(test_no_orphan_row),
        cmocka_unit_test(test_boxes_grid),
        cmocka_unit_test(test_wrong_column_count),
        cmocka_unit_test(test_table_wider_than_page),
        cmocka_unit_test(test_tall_first_row_stays_with_heading),
        cmocka_unit_test(test_delta_format),
        cmocka_unit_test(test_multirow_header),
        cmocka_unit_test(test_boxed_para),
        cmocka_unit_test(test_cells_emit_their_edges),
        cmocka_unit_test(test_sheet_continues),
        cmocka_unit_test(test_section_page_refs),
        cmocka_unit_test(test_page_refs_converge),
        cmocka_unit_test(test_whole_document),
    };
    return cmocka_run_group_tests_name("layout", tests, setup, teardown);
}
