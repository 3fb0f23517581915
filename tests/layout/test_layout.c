/*
 * test_layout.c - the template engine and the place-then-draw loop:
 * interpolation and formats, alignment, merged cells, pagination with
 * repeated headers, headings kept with their table, rows taller than a page,
 * and template mistakes reported against the template line.
 *
 * Each test writes a small template to a temporary folder, binds a data
 * tree built by hand, and inspects the display list.
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

#include "layout/layout.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interpolation_and_formats),
        cmocka_unit_test(test_template_errors_point_at_template),
        cmocka_unit_test(test_alignment_and_merged_cells),
        cmocka_unit_test(test_pagination_repeats_header),
        cmocka_unit_test(test_heading_kept_with_table),
        cmocka_unit_test(test_keep_together_and_tall_rows),
        cmocka_unit_test(test_wrong_column_count),
    };
    return cmocka_run_group_tests_name("layout", tests, setup, teardown);
}
