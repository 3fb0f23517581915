/*
 * test_xlsx.c - the workbook reader: a workbook written from the Nagaoka
 * sample reads back to the same figures; every form a cell can take in a
 * workbook another program saved (shared and inline strings, rich text
 * with phonetic guides, numbers, booleans, dates as serials and as text,
 * formulas with and without a cached value, merged cells) reads as the
 * planner meant or is named with its cell; a renamed or missing sheet, a
 * shifted row, a file that is not a workbook, a zip bomb and a ZIP of too
 * many entries are refused with their codes.
 *
 * Each case starts from the workbook gs_workbook_write makes of
 * samples/nagaoka.xml and rewrites one part of it with libzip, so the test
 * shows the exact XML a cell is stored as.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>
#include <zip.h>

#include "input/xlsx.h"
#include "xlsx_edit.h"
#include "input/xml.h"
#include "model/totals.h"
#include "output/workbook.h"
#include "util/buf.h"
#include "validate/validate.h"

static char tmpdir[] = "/tmp/gs_test_xlsx_XXXXXX";
static gs_buf base = GS_BUF_INIT; /* the Nagaoka workbook */

/* the parts libxlsxwriter names, in gs_wb_sheet_names order after 説明 */
#define SHEET_BASIC "xl/worksheets/sheet2.xml"
#define SHEET_BACKGROUND "xl/worksheets/sheet3.xml"
#define SHEET_KPI "xl/worksheets/sheet4.xml"
#define SHEET_ELEMENTS "xl/worksheets/sheet6.xml"
#define SHEET_ACTORS "xl/worksheets/sheet7.xml"

static const char *tree_path(const char *rel)
{
    static char path[1024];
    const char *top = getenv("GRANTSHEET_DATADIR");
    snprintf(path, sizeof path, "%s/%s", top ? top : ".", rel);
    return path;
}

static const char *tmp_path(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return path;
}

static void write_bytes(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void dump(const gs_diags *d)
{
    gs_buf line = GS_BUF_INIT;
    for (size_t i = 0; i < d->n; i++) {
        gs_buf_clear(&line);
        gs_diag_format(&d->v[i], &line);
        fprintf(stderr, "  %s\n", line.data);
    }
    gs_buf_free(&line);
}

/* The diagnostic of code at place ("KPI!E3"), or NULL. */
static const gs_diag *find_diag(const gs_diags *d, const char *code, const char *place)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->v[i].code, code) == 0 && d->v[i].file &&
            (!place || (strstr(d->v[i].file, place) &&
                        strcmp(strstr(d->v[i].file, place), place) == 0)))
            return &d->v[i];
    return NULL;
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(tmpdir))
        return -1;
    gs_diags d = GS_DIAGS_INIT;
    xmlDoc *tree = NULL;
    gs_plan *p = gs_xml_load_plan_tree(tree_path("samples/nagaoka.xml"), &d, &tree);
    gs_buf err = GS_BUF_INIT;
    int rc = p && tree && gs_workbook_write(tree, &base, &err) == 0 ? 0 : -1;
    gs_buf_free(&err);
    xmlFreeDoc(tree);
    gs_plan_free(p);
    gs_diags_free(&d);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    gs_buf_free(&base);
    gs_xml_cleanup();
    return system(cmd) == 0 ? 0 : -1;
}

/* A copy of the Nagaoka workbook with the given cells of one sheet
 * replaced; returns its path. */
static const char *variant(const char *name, const char *part, const char *const *edits,
                           const char *extra_after_data)
{
    const char *path = tmp_path(name);
    write_bytes(path, base.data, base.len);
    char *sheet = get_part(path, part);
    for (size_t i = 0; edits && edits[i]; i += 2) {
        char *next = replace_cell(sheet, edits[i], edits[i + 1]);
        free(sheet);
        sheet = next;
    }
    if (extra_after_data) {
        char *at = strstr(sheet, "</sheetData>");
        assert_non_null(at);
        gs_buf b = GS_BUF_INIT;
        gs_buf_append(&b, sheet, (size_t)(at - sheet) + strlen("</sheetData>"));
        gs_buf_puts(&b, extra_after_data);
        gs_buf_puts(&b, at + strlen("</sheetData>"));
        free(sheet);
        sheet = gs_buf_detach(&b);
    }
    put_part(path, part, sheet);
    free(sheet);
    return path;
}

static gs_plan *load_ok(const char *path)
{
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xlsx_load_plan(path, &d);
    if (!p || d.errors)
        dump(&d);
    assert_non_null(p);
    assert_int_equal(d.errors, 0);
    gs_diags_free(&d);
    return p;
}

/* ------------------------------------------------------------------ */

static void test_nagaoka_reads_back(void **state)
{
    (void)state;
    const char *path = tmp_path("nagaoka.xlsx");
    write_bytes(path, base.data, base.len);
    gs_plan *p = load_ok(path);
    assert_string_equal(p->project_name, "地域産業の活力を高める外国人材活躍推進プラットフォーム事業");
    assert_int_equal(p->fy_first, 2025);
    assert_int_equal(p->fy_last, 2027);
    assert_int_equal(p->kinds, 1);
    assert_int_equal(p->nkpis, 4);
    assert_int_equal(p->kpis[0].baseline.v, 200);
    assert_int_equal(p->kpis[1].inc[2].v, 1400);
    assert_int_equal(p->nyears, 3);
    assert_int_equal(p->years[0].soft.elems[0].amount, 12219);
    assert_int_equal(p->years[0].soft.elems[0].ndesc, 3);
    assert_true(p->years[0].soft.elems[0].desc[1].is_item);
    assert_int_equal(p->funding.src[2].v[0].v, 1000);
    assert_string_equal(p->actors[3].name, "地方銀行");
    assert_true(p->excluded);
    assert_int_equal(p->strategy_now.from.year, 2020);
    assert_int_equal(p->strategy_now.from.month, 4);
    /* a multi-line text keeps its line breaks */
    assert_non_null(strchr(p->overview.purpose, '\n'));
    /* positions name the cell */
    assert_non_null(strstr(p->years[0].soft.elems[0].amount_pos.file, ":要素事業!"));
    /* the panel: a line, four boxes, a line */
    assert_int_equal(p->overview.npanel, 3);
    assert_non_null(p->overview.panel[0].text);
    assert_int_equal(p->overview.panel[1].nboxes, 4);
    assert_string_equal(p->overview.panel[1].boxes[0], "就労・雇用相談");
    assert_non_null(p->overview.panel[2].text);
    /* the 地域再生計画's own content */
    assert_string_equal(p->regional.measure_code, "A3007");
    assert_int_equal(p->regional.total_cost.v, 38157);
    assert_true(p->regional.has_period);
    assert_int_equal(p->regional.period_to.year, 2028);
    gs_plan_free(p);
}

/* A panel row's kind decides what it is: a 枠 row made 文章 splits the
 * boxes around it into two sets. */
static void test_panel_kinds(void **state)
{
    (void)state;
    const char *edits[] = {"A41", "<c r=\"A41\" t=\"inlineStr\"><is><t>文章</t></is></c>", NULL};
    gs_plan *p = load_ok(variant("panel.xlsx", SHEET_BASIC, edits, NULL));
    assert_int_equal(p->overview.npanel, 5);
    assert_int_equal(p->overview.panel[1].nboxes, 1);
    assert_string_equal(p->overview.panel[2].text, "交流・相互理解");
    assert_int_equal(p->overview.panel[3].nboxes, 2);
    gs_plan_free(p);
}

static void test_inline_and_rich_strings(void **state)
{
    (void)state;
    const char *edits[] = {
        "B10", "<c r=\"B10\" t=\"inlineStr\"><is><t>インラインの事業名</t></is></c>",
        "B6", "<c r=\"B6\" t=\"inlineStr\"><is><r><t>商工部</t></r><r><rPr><b/></rPr>"
              "<t>産業立地</t></r><rPh sb=\"0\" eb=\"3\"><t>ショウコウブ</t></rPh></is></c>",
        NULL};
    gs_plan *p = load_ok(variant("strings.xlsx", SHEET_BASIC, edits, NULL));
    assert_string_equal(p->project_name, "インラインの事業名");
    assert_string_equal(p->department, "商工部産業立地");
    gs_plan_free(p);
}

static void test_numbers_and_booleans(void **state)
{
    (void)state;
    const char *kpi[] = {"E3", "<c r=\"E3\"><v>2.5</v></c>",
                         "F3", "<c r=\"F3\"><v>10.000000000000002</v></c>", NULL};
    gs_plan *p = load_ok(variant("numbers.xlsx", SHEET_KPI, kpi, NULL));
    assert_int_equal(p->kpis[0].baseline.v, 250);
    assert_int_equal(p->kpis[0].inc[0].v, 1000);
    gs_plan_free(p);

    const char *bg[] = {"B14", "<c r=\"B14\" t=\"b\"><v>0</v></c>", NULL};
    p = load_ok(variant("bool.xlsx", SHEET_BACKGROUND, bg, NULL));
    assert_false(p->excluded);
    gs_plan_free(p);
}

static void test_dates_as_serials_and_text(void **state)
{
    (void)state;
    const char *serial[] = {"B16", "<c r=\"B16\"><v>45748</v></c>", NULL};
    gs_plan *p = load_ok(variant("serial.xlsx", SHEET_BASIC, serial, NULL));
    assert_int_equal(p->decided.year, 2025);
    assert_int_equal(p->decided.month, 4);
    assert_int_equal(p->decided.day, 1);
    gs_plan_free(p);

    const char *text[] = {"B16", "<c r=\"B16\" t=\"inlineStr\"><is><t>2025/4/1</t></is></c>", NULL};
    p = load_ok(variant("textdate.xlsx", SHEET_BASIC, text, NULL));
    assert_int_equal(p->decided.day, 1);
    assert_int_equal(p->decided.month, 4);
    gs_plan_free(p);

    /* a month typed as a date (事業開始時期) */
    const char *month[] = {"C4", "<c r=\"C4\"><v>45748</v></c>", NULL};
    p = load_ok(variant("month.xlsx", SHEET_ELEMENTS, month, NULL));
    assert_int_equal(p->years[0].start.year, 2025);
    assert_int_equal(p->years[0].start.month, 4);
    gs_plan_free(p);

    const char *bad[] = {"B16", "<c r=\"B16\" t=\"inlineStr\"><is><t>来年の春</t></is></c>", NULL};
    gs_diags d = GS_DIAGS_INIT;
    assert_null(gs_xlsx_load_plan(variant("baddate.xlsx", SHEET_BASIC, bad, NULL), &d));
    assert_non_null(find_diag(&d, "E113", ":基本情報・事業概要!B16"));
    gs_diags_free(&d);
}

/* A total typed as =SUM(...) is read by its cached value and checked like
 * any stated total; a formula never calculated is named. */
static void test_formulas(void **state)
{
    (void)state;
    const char *good[] = {"K4", "<c r=\"K4\"><f>SUM(M4,O4)</f><v>12219</v></c>", NULL};
    gs_plan *p = load_ok(variant("formula.xlsx", SHEET_ELEMENTS, good, NULL));
    assert_int_equal(p->years[0].eligible, 12219);
    gs_plan_free(p);

    const char *wrong[] = {"K4", "<c r=\"K4\"><f>SUM(M4)-219</f><v>12000</v></c>", NULL};
    p = load_ok(variant("formula-wrong.xlsx", SHEET_ELEMENTS, wrong, NULL));
    gs_diags d = GS_DIAGS_INIT;
    gs_totals t;
    gs_totals_compute(p, &t, &d);
    gs_validate(p, &t, &d);
    const gs_diag *g = find_diag(&d, "E201", ":要素事業!K4");
    if (!g)
        dump(&d);
    assert_non_null(g);
    gs_diags_free(&d);
    gs_plan_free(p);

    const char *uncached[] = {"K4", "<c r=\"K4\"><f>SUM(M4,O4)</f></c>", NULL};
    assert_null(gs_xlsx_load_plan(variant("formula-nocache.xlsx", SHEET_ELEMENTS, uncached, NULL),
                                  &d));
    assert_non_null(find_diag(&d, "E113", ":要素事業!K4"));
    gs_diags_free(&d);
}

/* 産 and 官 merged into one 主体名 cell: both rows read it. */
static void test_merged_cells(void **state)
{
    (void)state;
    const char *edits[] = {"B4", "", NULL};
    gs_plan *p = load_ok(variant("merged.xlsx", SHEET_ACTORS, edits,
                                 "<mergeCells count=\"1\"><mergeCell ref=\"B3:B4\"/></mergeCells>"));
    assert_string_equal(p->actors[0].name, "企業、商工会議所");
    assert_string_equal(p->actors[1].name, "企業、商工会議所");
    gs_plan_free(p);
}

/* A value the notation parser refuses is named with its cell. */
static void test_bad_amount_names_cell(void **state)
{
    (void)state;
    const char *edits[] = {"F17", "<c r=\"F17\" t=\"inlineStr\"><is><t>たくさん</t></is></c>", NULL};
    gs_diags d = GS_DIAGS_INIT;
    assert_null(gs_xlsx_load_plan(variant("badamount.xlsx", SHEET_ELEMENTS, edits, NULL), &d));
    const gs_diag *g = find_diag(&d, "E105", NULL);
    if (!g)
        dump(&d);
    assert_non_null(g);
    assert_non_null(strstr(g->file, ":要素事業!"));
    gs_buf line = GS_BUF_INIT;
    gs_diag_format(g, &line);
    assert_non_null(strstr(line.data, "badamount.xlsx:要素事業!"));
    assert_non_null(strstr(line.data, ": error[E105]: "));
    gs_buf_free(&line);
    gs_diags_free(&d);
}

static void test_renamed_missing_sheet_and_shifted_row(void **state)
{
    (void)state;
    const char *path = tmp_path("renamed.xlsx");
    write_bytes(path, base.data, base.len);
    char *wb = get_part(path, "xl/workbook.xml");
    char *at = strstr(wb, "name=\"KPI\"");
    assert_non_null(at);
    gs_buf b = GS_BUF_INIT;
    gs_buf_append(&b, wb, (size_t)(at - wb));
    gs_buf_puts(&b, "name=\"KPI表\"");
    gs_buf_puts(&b, at + strlen("name=\"KPI\""));
    put_part(path, "xl/workbook.xml", b.data);
    gs_diags d = GS_DIAGS_INIT;
    assert_null(gs_xlsx_load_plan(path, &d));
    const gs_diag *g = find_diag(&d, "E112", NULL);
    assert_non_null(g);
    assert_non_null(strstr(g->message, "「KPI」がありません"));
    assert_non_null(strstr(g->message, "「KPI表」"));
    gs_diags_free(&d);

    /* missing: the <sheet> entry gone */
    const char *s = strstr(wb, "<sheet name=\"参画\"");
    assert_non_null(s);
    const char *e = strstr(s, "/>") + 2;
    gs_buf_clear(&b);
    gs_buf_append(&b, wb, (size_t)(s - wb));
    gs_buf_puts(&b, e);
    path = tmp_path("missing.xlsx");
    write_bytes(path, base.data, base.len);
    put_part(path, "xl/workbook.xml", b.data);
    assert_null(gs_xlsx_load_plan(path, &d));
    g = find_diag(&d, "E112", NULL);
    assert_non_null(g);
    assert_non_null(strstr(g->message, "「参画」がありません"));
    gs_diags_free(&d);
    gs_buf_free(&b);
    free(wb);

    /* a label cell that is not its label: a row was moved */
    const char *edits[] = {"A6", "<c r=\"A6\" t=\"inlineStr\"><is><t>担当者</t></is></c>", NULL};
    assert_null(gs_xlsx_load_plan(variant("shifted.xlsx", SHEET_BASIC, edits, NULL), &d));
    assert_non_null(find_diag(&d, "E112", ":基本情報・事業概要!A6"));
    gs_diags_free(&d);

    /* a row inserted above the 要素事業 table moves its header */
    const char *table[] = {"A16", "", NULL};
    assert_null(gs_xlsx_load_plan(variant("table.xlsx", SHEET_ELEMENTS, table, NULL), &d));
    assert_non_null(find_diag(&d, "E112", ":要素事業!A16"));
    gs_diags_free(&d);
}

static void write_zip(const char *path, size_t entries, size_t big)
{
    int err = 0;
    unlink(path);
    zip_t *z = zip_open(path, ZIP_CREATE, &err);
    assert_non_null(z);
    if (big) {
        char *zeros = malloc(big);
        memset(zeros, ' ', big);
        zip_source_t *src = zip_source_buffer(z, zeros, big, 1);
        assert_true(zip_file_add(z, "xl/workbook.xml", src, 0) >= 0);
    }
    for (size_t i = 0; i < entries; i++) {
        char name[32];
        snprintf(name, sizeof name, "f%zu.txt", i);
        zip_source_t *src = zip_source_buffer(z, "x", 1, 0);
        assert_true(zip_file_add(z, name, src, 0) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
}

static void test_hostile_containers(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    /* 20 MB of blanks in 20 KB: refused before it is inflated */
    const char *bomb = tmp_path("bomb.xlsx");
    write_zip(bomb, 0, 20u * 1024 * 1024);
    assert_null(gs_xlsx_load_plan(bomb, &d));
    const gs_diag *g = find_diag(&d, "E111", NULL);
    assert_non_null(g);
    assert_non_null(strstr(g->message, "大きすぎます"));
    gs_diags_free(&d);
    /* within the part bound but compressed a thousandfold */
    write_zip(bomb, 0, 3u * 1024 * 1024);
    assert_null(gs_xlsx_load_plan(bomb, &d));
    assert_non_null(find_diag(&d, "E111", NULL));
    gs_diags_free(&d);

    const char *many = tmp_path("many.xlsx");
    write_zip(many, 1001, 0);
    assert_null(gs_xlsx_load_plan(many, &d));
    g = find_diag(&d, "E111", NULL);
    assert_non_null(g);
    assert_non_null(strstr(g->message, "多すぎます"));
    gs_diags_free(&d);

    const char *text = tmp_path("text.xlsx");
    write_bytes(text, "a,b\n1,2\n", 8);
    assert_null(gs_xlsx_load_plan(text, &d));
    assert_non_null(find_diag(&d, "E111", NULL));
    gs_diags_free(&d);

    /* a DOCTYPE in a part is refused, as in a plan */
    const char *dtd = tmp_path("dtd.xlsx");
    write_bytes(dtd, base.data, base.len);
    char *wb = get_part(dtd, "xl/workbook.xml");
    char *decl_end = strstr(wb, "?>") + 2;
    gs_buf b = GS_BUF_INIT;
    gs_buf_append(&b, wb, (size_t)(decl_end - wb));
    gs_buf_puts(&b, "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>");
    gs_buf_puts(&b, decl_end);
    put_part(dtd, "xl/workbook.xml", b.data);
    assert_null(gs_xlsx_load_plan(dtd, &d));
    g = find_diag(&d, "E111", NULL);
    assert_non_null(g);
    assert_non_null(strstr(g->message, "DOCTYPE"));
    gs_diags_free(&d);
    gs_buf_free(&b);
    free(wb);
}

/* The empty workbook of init reads as a plan with its required parts
 * missing, each named, and nothing else. */
static void test_init_workbook(void **state)
{
    (void)state;
    gs_buf wb = GS_BUF_INIT, err = GS_BUF_INIT;
    assert_int_equal(gs_workbook_write(NULL, &wb, &err), 0);
    const char *path = tmp_path("init.xlsx");
    write_bytes(path, wb.data, wb.len);
    gs_diags d = GS_DIAGS_INIT;
    assert_null(gs_xlsx_load_plan(path, &d));
    /* the blank required cells, each named with its label */
    const gs_diag *g = find_diag(&d, "E102", ":基本情報・事業概要!B4");
    assert_non_null(g);
    assert_non_null(strstr(g->message, "「都道府県名」は必ず記入してください"));
    assert_non_null(find_diag(&d, "E102", ":基本情報・事業概要!B13"));
    assert_int_equal(d.errors, 6);
    assert_null(find_diag(&d, "E112", NULL));
    assert_null(find_diag(&d, "E113", NULL));
    gs_diags_free(&d);
    /* labels locked, input cells open, drop-down lists and number checks */
    char *basic = get_part(path, SHEET_BASIC), *styles = get_part(path, "xl/styles.xml");
    assert_non_null(strstr(basic, "<sheetProtection"));
    assert_non_null(strstr(styles, "locked=\"0\""));
    assert_non_null(strstr(basic, "type=\"list\""));
    assert_non_null(strstr(basic, "ソフト事業・拠点整備事業"));
    assert_non_null(strstr(basic, "type=\"date\""));
    free(basic);
    free(styles);
    char *elements = get_part(path, SHEET_ELEMENTS);
    assert_non_null(strstr(elements, "type=\"whole\""));
    assert_non_null(strstr(elements, "当初,補正"));
    free(elements);
    char *guide = get_part(path, "xl/workbook.xml");
    assert_non_null(strstr(guide, "name=\"説明\""));
    free(guide);
    /* deterministic */
    gs_buf again = GS_BUF_INIT;
    assert_int_equal(gs_workbook_write(NULL, &again, &err), 0);
    assert_int_equal(again.len, wb.len);
    assert_memory_equal(again.data, wb.data, wb.len);
    gs_buf_free(&again);
    gs_buf_free(&wb);
    gs_buf_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nagaoka_reads_back),
        cmocka_unit_test(test_panel_kinds),
        cmocka_unit_test(test_inline_and_rich_strings),
        cmocka_unit_test(test_numbers_and_booleans),
        cmocka_unit_test(test_dates_as_serials_and_text),
        cmocka_unit_test(test_formulas),
        cmocka_unit_test(test_merged_cells),
        cmocka_unit_test(test_bad_amount_names_cell),
        cmocka_unit_test(test_renamed_missing_sheet_and_shifted_row),
        cmocka_unit_test(test_hostile_containers),
        cmocka_unit_test(test_init_workbook),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
