/*
 * test_workbook.c - end to end, the workbook as a planner meets it: a plan
 * converted to a workbook and back renders the byte-identical PDF and dumps
 * the same figures (the Nagaoka sample and two fixtures); a workbook
 * re-saved by LibreOffice renders the same PDF, and totals typed as
 * formulas are computed by it and checked; init writes a fill-in
 * workbook and an XML skeleton and never replaces a file; a diagnostic
 * names the cell; convert refuses what it cannot carry; batch finds
 * workbooks and refuses a.xml beside a.xlsx (one PDF for two plans).
 *
 * Environment (set by make test): GS_BIN the binary under test,
 * GRANTSHEET_DATADIR the checkout.  The LibreOffice test needs soffice
 * (Debian libreoffice-calc-nogui, installed by the test set-up); without
 * it the test fails and says so, it does not skip.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../input/xlsx_edit.h"

static char tmp[] = "/tmp/gs_test_workbook_XXXXXX";
static const char *bin, *root;

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
    static char bufs[8][2048];
    static int next;
    char *b = bufs[next++ % 8];
    va_list ap;
    va_start(ap, f);
    vsnprintf(b, sizeof bufs[0], f, ap);
    va_end(ap);
    return b;
}

/* Runs a shell command in the temporary folder, stdout and stderr to
 * out.txt / err.txt there; returns the exit status. */
static int sh(const char *cmd)
{
    char *full = fmt("cd %s && (%s) >out.txt 2>err.txt", tmp, cmd);
    int st = system(full);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *name, size_t *len)
{
    char *path = fmt("%s/%s", tmp, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = '\0';
    fclose(f);
    if (len)
        *len = got;
    return s;
}

static bool same_files(const char *a, const char *b)
{
    size_t la = 0, lb = 0;
    char *x = slurp(a, &la), *y = slurp(b, &lb);
    bool same = x && y && la == lb && memcmp(x, y, la) == 0;
    free(x);
    free(y);
    return same;
}

static void expect_err(const char *needle)
{
    char *e = slurp("err.txt", NULL);
    if (!e || !strstr(e, needle))
        fprintf(stderr, "expected \"%s\" in:\n%s\n", needle, e ? e : "(none)");
    assert_non_null(e);
    assert_non_null(strstr(e, needle));
    free(e);
}

static int setup(void **state)
{
    (void)state;
    bin = getenv("GS_BIN");
    root = getenv("GRANTSHEET_DATADIR");
    if (!bin || !root || !mkdtemp(tmp))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return system(fmt("rm -rf %s", tmp)) == 0 ? 0 : -1;
}

/* The LibreOffice tests fail, never skip, without soffice. */
static void require_soffice(void)
{
    if (sh("command -v soffice") != 0)
        fail_msg("soffice (Debian libreoffice-calc-nogui) is not installed: "
                 "the test set-up (make test-deps) installs it");
}

static void clean(void)
{
    assert_int_equal(sh("rm -rf ./*"), 0);
}

/* plan (a path) -> x.xlsx -> y.xml: the same figures and the same PDFs
 * every way, of every document (the 実施計画 and the 地域再生計画). */
static void round_trip(const char *plan_arg)
{
    char plan[1024]; /* fmt's buffers are reused */
    snprintf(plan, sizeof plan, "%s", plan_arg);
    clean();
    assert_int_equal(sh(fmt("%s convert %s -o x.xlsx", bin, plan)), 0);
    assert_int_equal(sh(fmt("%s convert x.xlsx -o y.xml", bin)), 0);
    assert_int_equal(sh(fmt("%s dump --document all %s > a.tsv && "
                            "%s dump --document all x.xlsx > b.tsv && "
                            "%s dump --document all y.xml > c.tsv", bin, plan, bin, bin)), 0);
    assert_true(same_files("a.tsv", "b.tsv"));
    assert_true(same_files("a.tsv", "c.tsv"));
    /* and back again: the same workbook, byte for byte */
    assert_int_equal(sh(fmt("%s convert y.xml -o z.xlsx", bin)), 0);
    assert_true(same_files("x.xlsx", "z.xlsx"));
    /* diff takes a workbook as it takes a plan */
    assert_int_equal(sh(fmt("%s diff %s x.xlsx", bin, plan)), 0);
    assert_int_equal(sh(fmt("%s render --document all %s -o a.pdf && "
                            "%s render --document all x.xlsx -o b.pdf && "
                            "%s render --document all y.xml -o c.pdf", bin, plan, bin, bin)), 0);
    assert_true(same_files("a.pdf", "b.pdf"));
    assert_true(same_files("a.pdf", "c.pdf"));
    assert_true(same_files("a-地域再生計画.pdf", "b-地域再生計画.pdf"));
    assert_true(same_files("a-地域再生計画.pdf", "c-地域再生計画.pdf"));
    /* and the figures are real: the dump is not empty */
    size_t n = 0;
    free(slurp("a.tsv", &n));
    assert_true(n > 1000);
}

static void test_round_trip_nagaoka(void **state)
{
    (void)state;
    round_trip(fmt("%s/samples/nagaoka.xml", root));
    /* the shipped workbook is what convert writes today */
    assert_int_equal(sh(fmt("cp %s/samples/nagaoka-workbook.xlsx shipped.xlsx", root)), 0);
    assert_true(same_files("x.xlsx", "shipped.xlsx"));
    /* deterministic: a second conversion gives the same bytes */
    assert_int_equal(sh(fmt("%s convert %s/samples/nagaoka.xml -o x2.xlsx", bin, root)), 0);
    assert_true(same_files("x.xlsx", "x2.xlsx"));
}

static void test_round_trip_other_plans(void **state)
{
    (void)state;
    round_trip(fmt("%s/tests/e2e/facility-heavy.xml", root));
    round_trip(fmt("%s/tests/e2e/soft-facility-funding.xml", root));
    /* a 町 of a 郡: the county of the applicant and of its body */
    round_trip(fmt("%s/samples/yuzawa.xml", root));
}

static void test_libreoffice_resave(void **state)
{
    (void)state;
    clean();
    require_soffice();
    assert_int_equal(sh(fmt("%s convert %s/samples/nagaoka.xml -o n.xlsx", bin, root)), 0);
    assert_int_equal(sh(fmt("mkdir lo && soffice -env:UserInstallation=file://%s/profile "
                            "--headless --convert-to xlsx --outdir lo n.xlsx", tmp)), 0);
    /* LibreOffice wrote its own file, not a copy of ours */
    assert_false(same_files("n.xlsx", "lo/n.xlsx"));
    assert_int_equal(sh(fmt("%s render lo/n.xlsx -o lo.pdf && %s render %s/samples/nagaoka.xml "
                            "-o xml.pdf", bin, bin, root)), 0);
    assert_true(same_files("lo.pdf", "xml.pdf"));
    /* what LibreOffice saved converts to the same plan as ours */
    assert_int_equal(sh(fmt("%s convert lo/n.xlsx -o lo.xml && %s convert n.xlsx -o n.xml",
                            bin, bin)), 0);
    assert_true(same_files("lo.xml", "n.xml"));
}

/* Totals typed as formulas: saved without their results (as a program that
 * does not calculate writes them) they are named, cell by cell; once
 * LibreOffice has opened and saved the workbook, their results are read
 * and checked like any stated total, and the PDF is the sample's. */
static void test_formula_totals(void **state)
{
    (void)state;
    clean();
    require_soffice();
    assert_int_equal(sh(fmt("%s convert %s/samples/nagaoka.xml -o f.xlsx", bin, root)), 0);
    char *path = strdup(fmt("%s/f.xlsx", tmp));
    char *sheet = get_part(path, "xl/worksheets/sheet6.xml"); /* 要素事業 */
    char *a = replace_cell(sheet, "K4", "<c r=\"K4\"><f>SUM(M4,O4)</f></c>");
    char *b = replace_cell(a, "K14", "<c r=\"K14\"><f>SUM(K4:K13)</f></c>");
    put_part(path, "xl/worksheets/sheet6.xml", b);
    free(sheet);
    free(a);
    free(b);
    free(path);
    assert_int_equal(sh(fmt("%s validate f.xlsx", bin)), 1);
    expect_err("f.xlsx:要素事業!K4: error[E113]");
    expect_err("f.xlsx:要素事業!K14: error[E113]");
    expect_err("数式の結果が保存されていません");
    assert_int_equal(sh(fmt("mkdir lo && soffice -env:UserInstallation=file://%s/profile "
                            "--headless --convert-to xlsx --outdir lo f.xlsx", tmp)), 0);
    assert_int_equal(sh(fmt("%s render lo/f.xlsx -o lo.pdf && %s render %s/samples/nagaoka.xml "
                            "-o xml.pdf", bin, bin, root)), 0);
    assert_true(same_files("lo.pdf", "xml.pdf"));
}

static char *edit_cells(char *sheet, const char *const *cells)
{
    for (size_t i = 0; cells[i]; i += 2) {
        char *next = replace_cell(sheet, cells[i], cells[i + 1]);
        free(sheet);
        sheet = next;
    }
    return sheet;
}

/* The planner's path from the README: init, fill the cells in, save with
 * LibreOffice, render a valid PDF. */
static void test_init_fill_render(void **state)
{
    (void)state;
    clean();
    require_soffice();
    assert_int_equal(sh(fmt("%s init plan.xlsx", bin)), 0);
    char *path = strdup(fmt("%s/plan.xlsx", tmp));
    static const char *const basic[] = {
        "B4", "<c r=\"B4\" t=\"inlineStr\"><is><t>新潟県</t></is></c>",
        "B5", "<c r=\"B5\" t=\"inlineStr\"><is><t>長岡市</t></is></c>",
        "B6", "<c r=\"B6\" t=\"inlineStr\"><is><t>商工部</t></is></c>",
        "B10", "<c r=\"B10\" t=\"inlineStr\"><is><t>試しの事業</t></is></c>",
        "B11", "<c r=\"B11\" t=\"inlineStr\"><is><t>ソフト事業</t></is></c>",
        "B12", "<c r=\"B12\" t=\"inlineStr\"><is><t>R7</t></is></c>",
        "B13", "<c r=\"B13\"><v>2025</v></c>",
        NULL};
    char *filled = edit_cells(get_part(path, "xl/worksheets/sheet2.xml"), basic);
    put_part(path, "xl/worksheets/sheet2.xml", filled);
    free(filled);
    /* one element, its one paragraph below it */
    char *el = get_part(path, "xl/worksheets/sheet6.xml");
    char *end = strstr(el, "</sheetData>");
    assert_non_null(end);
    gs_buf b = GS_BUF_INIT;
    gs_buf_append(&b, el, (size_t)(end - el));
    gs_buf_puts(&b, "<row r=\"17\"><c r=\"A17\"><v>2025</v></c>"
                    "<c r=\"B17\" t=\"inlineStr\"><is><t>ソフト</t></is></c>"
                    "<c r=\"C17\"><v>1</v></c>"
                    "<c r=\"D17\" t=\"inlineStr\"><is><t>相談窓口の運営</t></is></c>"
                    "<c r=\"F17\"><v>1000</v></c></row>"
                    "<row r=\"18\"><c r=\"G18\" t=\"inlineStr\"><is><t>窓口を開く。</t></is>"
                    "</c></row>");
    gs_buf_puts(&b, end);
    put_part(path, "xl/worksheets/sheet6.xml", b.data);
    gs_buf_free(&b);
    free(el);
    free(path);
    assert_int_equal(sh(fmt("mkdir lo && soffice -env:UserInstallation=file://%s/profile "
                            "--headless --convert-to xlsx --outdir lo plan.xlsx", tmp)), 0);
    assert_int_equal(sh(fmt("%s validate lo/plan.xlsx", bin)), 0);
    assert_int_equal(sh(fmt("%s render lo/plan.xlsx && %s dump lo/plan.xlsx", bin, bin)), 0);
    struct stat st;
    assert_int_equal(stat(fmt("%s/lo/plan.pdf", tmp), &st), 0);
    char *tsv = slurp("out.txt", NULL);
    assert_non_null(tsv);
    assert_non_null(strstr(tsv, "1,000"));
    free(tsv);
}

static void test_init(void **state)
{
    (void)state;
    clean();
    assert_int_equal(sh(fmt("%s init 計画.xlsx", bin)), 0);
    /* an empty workbook is a plan with its required parts missing */
    assert_int_equal(sh(fmt("%s validate 計画.xlsx", bin)), 1);
    expect_err("error[E102]");
    /* never over a file */
    assert_int_equal(sh(fmt("%s init 計画.xlsx", bin)), 4);
    expect_err("上書きしません");
    assert_int_equal(sh(fmt("%s init 計画.xml", bin)), 0);
    char *x = slurp("計画.xml", NULL);
    assert_non_null(x);
    assert_non_null(strstr(x, "<!-- 担当部署名 -->"));
    assert_non_null(strstr(x, "<!-- 単独／広域 (値: 単独 / 広域) -->"));
    assert_non_null(strstr(x, "<department/>"));
    assert_non_null(strstr(x, "7. KPI: <kpis>"));
    free(x);
    assert_int_equal(sh(fmt("%s init 計画.txt", bin)), 2);
}

static void test_diagnostic_names_cell(void **state)
{
    (void)state;
    clean();
    assert_int_equal(sh(fmt("%s convert %s/tests/e2e/multi-error.xml -o m.xlsx", bin, root)), 0);
    /* another plan's figures show in diff against the sample */
    assert_int_equal(sh(fmt("%s convert %s/tests/e2e/facility-heavy.xml -o f.xlsx && "
                            "%s diff %s/samples/nagaoka.xml f.xlsx", bin, root, bin, root)), 1);
    char *o = slurp("out.txt", NULL);
    assert_non_null(o);
    assert_true(strlen(o) > 100);
    free(o);
    assert_int_equal(sh(fmt("%s validate m.xlsx", bin)), 1);
    expect_err("m.xlsx:要素事業!K4: error[E201]");
    expect_err("m.xlsx:要素事業!K14: error[E206]");
}

/* A plan with its 効果検証 (実績 in 円, a fall, markers, notes) goes to a
 * workbook and back without losing anything: the same figures, the same
 * PDFs of every document, the 効果検証 and the 活用状況 included, and the
 * same workbook again; a plan before the grant gets no 実績 sheet (the
 * shipped sample workbook is unchanged), init's workbook has one; a bad
 * 実績 is named at its cell; LibreOffice's save reads the same. */
static void test_results_sheet(void **state)
{
    (void)state;
    round_trip(fmt("%s/samples/nagaoka-kouka.xml", root));
    assert_true(same_files("a-効果検証.pdf", "b-効果検証.pdf"));
    assert_true(same_files("a-効果検証.pdf", "c-効果検証.pdf"));
    assert_true(same_files("a-活用状況.pdf", "c-活用状況.pdf"));
    char *y = slurp("y.xml", NULL);
    assert_non_null(y);
    assert_non_null(strstr(y, "<results as-of=\"2026-09-30\" unit=\"円\">"));
    assert_non_null(strstr(y, "<actual fy=\"2025\" note=\"令和8年12月公表予定\">未公表</actual>"));
    free(y);
    char *path = strdup(fmt("%s/x.xlsx", tmp));
    char *book = get_part(path, "xl/workbook.xml");
    assert_non_null(strstr(book, "name=\"実績（効果検証）\""));
    free(book);
    /* KPI① 2025年度 is the first row of the KPI grid (row 23), 実績 in D */
    char *sheet = get_part(path, "xl/worksheets/sheet10.xml");
    char *bad = replace_cell(sheet, "D23", "<c r=\"D23\" t=\"inlineStr\"><is><t>たくさん</t></is></c>");
    put_part(path, "xl/worksheets/sheet10.xml", bad);
    free(sheet);
    free(bad);
    free(path);
    assert_int_equal(sh(fmt("%s validate x.xlsx", bin)), 1);
    expect_err("x.xlsx:実績（効果検証）!D23: error[E105]");
    round_trip(fmt("%s/samples/nagaoka-kanko.xml", root));
    assert_true(same_files("a-効果検証.pdf", "b-効果検証.pdf"));

    clean();
    assert_int_equal(sh(fmt("%s init i.xlsx && %s init i.xml", bin, bin)), 0);
    path = strdup(fmt("%s/i.xlsx", tmp));
    book = get_part(path, "xl/workbook.xml");
    assert_non_null(strstr(book, "name=\"実績（効果検証）\""));
    free(book);
    free(path);
    char *x = slurp("i.xml", NULL);
    assert_non_null(strstr(x, "<results as-of=\"\" unit=\"\">"));
    assert_non_null(strstr(x, "<actual fy=\"2025\" note=\"注記\">12</actual>"));
    free(x);
    assert_int_equal(sh(fmt("%s convert %s/samples/nagaoka.xml -o n.xlsx", bin, root)), 0);
    path = strdup(fmt("%s/n.xlsx", tmp));
    book = get_part(path, "xl/workbook.xml");
    assert_null(strstr(book, "実績（効果検証）"));
    free(book);
    free(path);

    require_soffice();
    assert_int_equal(sh(fmt("%s convert %s/samples/nagaoka-kouka.xml -o k.xlsx", bin, root)), 0);
    assert_int_equal(sh(fmt("mkdir lo && soffice -env:UserInstallation=file://%s/profile "
                            "--headless --convert-to xlsx --outdir lo k.xlsx", tmp)), 0);
    assert_int_equal(sh(fmt("%s render --document 効果検証 lo/k.xlsx -o lo.pdf && "
                            "%s render --document 効果検証 %s/samples/nagaoka-kouka.xml -o xml.pdf",
                            bin, bin, root)), 0);
    assert_true(same_files("lo.pdf", "xml.pdf"));
}

static void test_convert_refusals(void **state)
{
    (void)state;
    clean();
    /* two sets of boxes with no text between would read back as one:
     * refused, not merged */
    assert_int_equal(sh(fmt("sed 's|</boxes>|</boxes><boxes><box>枠</box></boxes>|' "
                            "%s/samples/nagaoka.xml > two.xml", root)), 0);
    assert_int_equal(sh(fmt("%s convert two.xml -o two.xlsx", bin)), 1);
    expect_err("error[E114]");
    expect_err("boxes2");
    assert_int_equal(access(fmt("%s/two.xlsx", tmp), F_OK), -1);
    /* tables in CSV files are not carried */
    assert_int_equal(sh(fmt("%s convert %s/samples/nagaoka-csv.xml -o c.xlsx", bin, root)), 1);
    expect_err("error[E114]");
    assert_int_equal(access(fmt("%s/c.xlsx", tmp), F_OK), -1);
    /* an existing output is left alone */
    assert_int_equal(sh("echo mine > keep.xml"), 0);
    assert_int_equal(sh(fmt("%s convert %s/samples/nagaoka.xml -o n.xlsx && "
                            "%s convert n.xlsx -o keep.xml", bin, root, bin)), 4);
    char *k = slurp("keep.xml", NULL);
    assert_string_equal(k, "mine\n");
    free(k);
    assert_int_equal(sh(fmt("%s convert n.xlsx -o n.pdf", bin)), 2);
    assert_int_equal(sh(fmt("%s convert n.xlsx -o", bin)), 2);
    /* more than the workbook holds (2,000 rows of 要素事業 and their
     * descriptions: four years of 501) is named, not dropped */
    FILE *f = fopen(fmt("%s/long.xml", tmp), "w");
    assert_non_null(f);
    fprintf(f, "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\"><applicant>"
               "<prefecture>新潟県</prefecture><department>課</department></applicant>"
               "<project><name>長い計画</name><kinds>soft</kinds>"
               "<period first=\"2025\" last=\"2028\"/></project><expenses>");
    for (int fy = 2025; fy <= 2028; fy++) {
        fprintf(f, "<year fy=\"%d\"><soft><element no=\"1\" amount=\"1\"><name>e</name>"
                   "<description>", fy);
        for (int i = 0; i < 500; i++)
            fprintf(f, "<p>段落%d</p>", i);
        fprintf(f, "</description></element></soft></year>");
    }
    fprintf(f, "</expenses></plan>\n");
    assert_int_equal(fclose(f), 0);
    assert_int_equal(sh(fmt("%s convert long.xml -o long.xlsx", bin)), 1);
    expect_err("error[E114]");
    expect_err("ワークブックの様式にない項目があります");
    assert_int_equal(access(fmt("%s/long.xlsx", tmp), F_OK), -1);
    /* a plan the reader refuses is not converted */
    assert_int_equal(sh(fmt("%s convert %s/tests/e2e/xxe-dtd.xml -o b.xlsx", bin, root)), 1);
    expect_err("error[E103]");
    assert_int_equal(access(fmt("%s/b.xlsx", tmp), F_OK), -1);
}

static void test_batch_finds_workbooks(void **state)
{
    (void)state;
    clean();
    assert_int_equal(sh(fmt("mkdir in && %s convert %s/samples/nagaoka.xml -o in/a.xlsx && "
                            "cp %s/tests/e2e/facility-heavy.xml in/b.xml", bin, root, root)), 0);
    assert_int_equal(sh(fmt("%s batch in -o out", bin)), 0);
    struct stat st;
    assert_int_equal(stat(fmt("%s/out/a.pdf", tmp), &st), 0);
    assert_int_equal(stat(fmt("%s/out/b.pdf", tmp), &st), 0);
    /* a.xml beside a.xlsx would write one PDF twice */
    assert_int_equal(sh(fmt("cp %s/samples/nagaoka.xml in/a.xml", root)), 0);
    assert_int_equal(sh(fmt("%s batch in -o out2", bin)), 2);
    expect_err("error[E501]");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_nagaoka),
        cmocka_unit_test(test_round_trip_other_plans),
        cmocka_unit_test(test_libreoffice_resave),
        cmocka_unit_test(test_formula_totals),
        cmocka_unit_test(test_init),
        cmocka_unit_test(test_init_fill_render),
        cmocka_unit_test(test_diagnostic_names_cell),
        cmocka_unit_test(test_convert_refusals),
        cmocka_unit_test(test_batch_finds_workbooks),
        cmocka_unit_test(test_results_sheet),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
