/*
 * test_csv.c - the CSV table readers: the Nagaoka sample tables (UTF-8 with
 * a BOM and the same files in CP932) read with the figures and texts of the
 * XML sample; Excel's ways of writing a table (no BOM, CR LF or LF, quoted
 * cells with line breaks and doubled quotes, full-width digits and blanks,
 * △/▲, 千円, thousands separators, 令和 years) are all accepted; and every
 * E12x path points at the exact FILE:ROW:COLUMN and names the column's
 * header, also for a row that follows a multi-line cell, with every problem
 * of a file reported.
 *
 * Most fixtures are written from here into a temporary directory, so each
 * test shows the table it is about next to what it expects; CP932 ones live
 * under tests/input/csv/ because their bytes are not readable in C source.
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

#include <libxml/parser.h>

#include "input/csv.h"
#include "input/notation.h"
#include "input/xml.h"
#include "model/results.h"
#include "model/sheets.h"
#include "model/totals.h"
#include "notation_cases.h"
#include "util/buf.h"
#include "validate/validate.h"

static char tmpdir[] = "/tmp/gs_test_csv_XXXXXX";

/* Writes content to a file in the temporary directory; returns its path
 * (static buffer, valid until the next call). */
static const char *write_fixture(const char *name, const char *content,
                                 size_t len)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

static const char *fixture(const char *name, const char *content)
{
    return write_fixture(name, content, strlen(content));
}

/* Path of a file of the source tree (tests run from the top, or with
 * GRANTSHEET_DATADIR pointing there). */
static const char *tree_path(const char *rel)
{
    static char path[1024];
    const char *top = getenv("GRANTSHEET_DATADIR");
    snprintf(path, sizeof path, "%s/%s", top ? top : ".", rel);
    return path;
}

/* A plan as the XML reader would leave it before the CSV: FY2025-2027 and
 * the four Nagaoka KPIs, no year blocks. */
static gs_plan *new_plan(void)
{
    gs_plan *p = gs_plan_new("plan.xml");
    p->fy_first = 2025;
    p->fy_last = 2027;
    p->nkpis = 4;
    p->kpis = gs_xcalloc(4, sizeof *p->kpis);
    for (int i = 0; i < 4; i++) {
        p->kpis[i].no = i + 1;
        p->kpis[i].pos = p->pos;
    }
    return p;
}

static void dump(const gs_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        gs_buf b = GS_BUF_INIT;
        gs_diag_format(&d->v[i], &b);
        print_message("  %s\n", b.data);
        gs_buf_free(&b);
    }
}

static size_t count_code(const gs_diags *d, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->v[i].code, code) == 0)
            n++;
    return n;
}

/* Fails unless a diagnostic formats as "PATH:ROW:COL: error[CODE]: …"
 * (":COL" left out when col is 0) and its message holds needle. */
static void expect(const gs_diags *d, const char *path, int row, int col,
                   const char *code, const char *needle)
{
    gs_buf want = GS_BUF_INIT;
    if (col)
        gs_buf_printf(&want, "%s:%d:%d: error[%s]: ", path, row, col, code);
    else if (row)
        gs_buf_printf(&want, "%s:%d: error[%s]: ", path, row, code);
    else
        gs_buf_printf(&want, "%s: error[%s]: ", path, code);
    bool found = false;
    for (size_t i = 0; i < d->n && !found; i++) {
        gs_buf b = GS_BUF_INIT;
        gs_diag_format(&d->v[i], &b);
        found = strncmp(b.data, want.data, want.len) == 0 &&
                strstr(b.data + want.len, needle) != NULL;
        gs_buf_free(&b);
    }
    if (!found) {
        print_message("wanted %s…%s among:\n", want.data, needle);
        dump(d);
    }
    gs_buf_free(&want);
    assert_true(found);
}

static void assert_clean(const gs_diags *d, bool ok)
{
    if (!ok || d->n)
        dump(d);
    assert_true(ok);
    assert_int_equal(d->n, 0);
}

static void assert_stated(const gs_stated *s, int64_t v, int line, int col)
{
    assert_true(s->has);
    assert_int_equal(s->v, v);
    assert_int_equal(s->pos.line, line);
    assert_int_equal(s->pos.col, col);
    assert_non_null(s->pos.file);
}

/* ------------------------------------------------------------ samples */

static void check_sample_kpis(const gs_plan *p, const char *path)
{
    static const int64_t base[] = {200, 35400, 1800, 1500};
    static const int64_t inc[] = {1000, 1400, 1000, 1500};
    for (int i = 0; i < 4; i++) {
        const gs_kpi *k = &p->kpis[i];
        assert_stated(&k->baseline, base[i], i + 2, 2);
        assert_string_equal(k->baseline.pos.file, path);
        for (int y = 0; y < 3; y++)
            assert_stated(&k->inc[y], inc[i], i + 2, 3 + y);
        for (int y = 3; y < GS_KPI_YEARS; y++)
            assert_false(k->inc[y].has);
        assert_stated(&k->total, 3 * inc[i], i + 2, 6);
    }
}

static void check_sample_funding(const gs_plan *p)
{
    static const int64_t per_year[] = {500, 500, 1000};
    const gs_funding *f = &p->funding;
    for (int s = 0; s < 3; s++) {
        assert_stated(&f->src[s].before, 0, s + 2, 2);
        for (int y = 0; y < 3; y++)
            assert_stated(&f->src[s].v[y], per_year[s], s + 2, 3 + y);
        for (int y = 3; y < GS_FUND_YEARS; y++)
            assert_false(f->src[s].v[y].has);
    }
    for (int s = 3; s < GS_FUND_SOURCES; s++) {
        assert_false(f->src[s].before.has);
        for (int y = 0; y < GS_FUND_YEARS; y++)
            assert_false(f->src[s].v[y].has);
    }
    assert_stated(&f->total_before, 0, 7, 2);
    static const int64_t eligible[] = {12219, 12719, 13219, 0, 0};
    for (int y = 0; y < GS_FUND_YEARS; y++) {
        assert_stated(&f->total[y], y < 3 ? 2000 : 0, 7, 3 + y);
        if (y < 5) {
            assert_stated(&f->eligible[y], eligible[y], 8, 3 + y);
            assert_stated(&f->soft[y], eligible[y], 9, 3 + y);
        } else {
            assert_false(f->eligible[y].has);
            assert_false(f->soft[y].has);
        }
        assert_false(f->base[y].has);
        assert_false(f->project[y].has);
    }
}

static const char *const P_NEW =
    "就労・雇用相談窓口を新設(試行)し、長岡で働きたい外国人や採用したい"
    "企業からの相談を通じて、課題やニーズを把握し、外国人材と企業が交流する"
    "機会の提供や人材のマッチングを一貫してサポートするプラットフォームを"
    "構築するために必要な事業費";
static const char *const P_FULL =
    "就労・雇用相談窓口を本格稼働させ、長岡で働きたい外国人や採用したい"
    "企業からの相談を通じて、課題やニーズを把握し、外国人材と企業が交流する"
    "機会の提供や人材のマッチングを一貫してサポートするプラットフォームを"
    "構築するために必要な事業費";

static void check_sample_elements(const gs_plan *p)
{
    static const int64_t amounts[] = {12219, 12719, 13219};
    static const int rows[] = {2, 5, 8}; /* each record spans three lines */
    const char *names[] = {"外国人材活躍推進プラットフォーム事業",
                           "外国人材活躍推進プラットフォーム構築事業",
                           "外国人材活躍推進プラットフォーム構築事業"};
    const char *firsts[] = {P_NEW, P_FULL, P_FULL};
    const char *items[] = {"外国人材活躍推進プラットフォーム事業経費(委託料)",
                           "外国人材活躍推進プラットフォーム事業経費(委託料)",
                           "プラットフォーム事業経費(委託料)"};
    const char *lasts[] = {
        "<プラットフォーム機能> 相談支援、交流機会創出、インターンシップ"
        "プログラム実施、人材マッチング支援、就労フォローアップ支援",
        "<プラットフォーム機能> 相談支援(拡充)、交流機会創出、インターン"
        "シッププログラム実施、人材マッチング支援、就労フォローアップ支援",
        "<プラットフォーム機能> 相談支援、交流機会創出、インターンシップ"
        "プログラム実施、人材マッチング支援、就労フォローアップ支援、"
        "コミュニティ形成支援(拡充)"};
    assert_int_equal(p->nyears, 3);
    for (int i = 0; i < 3; i++) {
        const gs_year *y = gs_plan_lookup_year(p, 2025 + i);
        assert_non_null(y);
        assert_int_equal(y->pos.line, rows[i]);
        assert_int_equal(y->pos.col, 1);
        assert_int_equal(y->facility.nelems, 0);
        assert_int_equal(y->soft.nelems, 1);
        const gs_element *e = &y->soft.elems[0];
        assert_int_equal(e->no, 1);
        assert_int_equal(e->pos.line, rows[i]);
        assert_int_equal(e->pos.col, 3);
        assert_string_equal(e->name, names[i]);
        assert_int_equal(e->nkpis, 4);
        for (int k = 0; k < 4; k++)
            assert_int_equal(e->kpis[k], k + 1);
        assert_true(e->has_amount);
        assert_int_equal(e->amount, amounts[i]);
        assert_int_equal(e->amount_pos.line, rows[i]);
        assert_int_equal(e->amount_pos.col, 6);
        assert_int_equal(e->ndesc, 3);
        assert_false(e->desc[0].is_item);
        assert_string_equal(e->desc[0].text, firsts[i]);
        assert_true(e->desc[1].is_item);
        assert_string_equal(e->desc[1].text, items[i]);
        assert_int_equal(e->desc[1].amount, amounts[i]);
        assert_false(e->desc[2].is_item);
        assert_string_equal(e->desc[2].text, lasts[i]);
        assert_int_equal(e->desc[2].pos.line, rows[i]);
        assert_int_equal(e->desc[2].pos.col, 7);
    }
}

static void test_sample_utf8_bom(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = new_plan();
    char kpi[1024];
    snprintf(kpi, sizeof kpi, "%s", tree_path("samples/csv/nagaoka-kpi.csv"));
    assert_clean(&d, gs_csv_load_kpis(p, kpi, &d));
    check_sample_kpis(p, kpi);
    assert_clean(&d, gs_csv_load_funding(
                         p, tree_path("samples/csv/nagaoka-funding.csv"), &d));
    check_sample_funding(p);
    assert_clean(&d, gs_csv_load_elements(
                         p, tree_path("samples/csv/nagaoka-elements.csv"), &d));
    check_sample_elements(p);
    assert_int_equal(p->nfiles, 3);
    gs_plan_free(p);
    gs_diags_free(&d);
}

static void test_sample_cp932(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = new_plan();
    char kpi[1024];
    snprintf(kpi, sizeof kpi, "%s",
             tree_path("samples/csv/cp932/nagaoka-kpi.csv"));
    assert_clean(&d, gs_csv_load_kpis(p, kpi, &d));
    check_sample_kpis(p, kpi);
    assert_clean(&d, gs_csv_load_funding(
                         p, tree_path("samples/csv/cp932/nagaoka-funding.csv"),
                         &d));
    check_sample_funding(p);
    assert_clean(&d, gs_csv_load_elements(
                         p, tree_path("samples/csv/cp932/nagaoka-elements.csv"),
                         &d));
    check_sample_elements(p);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* The elements read from CSV equal those the XML sample states inline, so
 * either input renders the same (別紙1-1).  Skipped when the XML sample no
 * longer states its elements inline. */
static void test_sample_matches_xml(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *x = gs_xml_load_plan(tree_path("samples/nagaoka.xml"), &d);
    if (!x || !x->nyears || !x->years[0].soft.nelems) {
        gs_plan_free(x);
        gs_diags_free(&d);
        skip();
    }
    gs_diags_free(&d);
    gs_plan *p = new_plan();
    assert_clean(&d, gs_csv_load_elements(
                         p, tree_path("samples/csv/nagaoka-elements.csv"), &d));
    assert_int_equal(p->nyears, x->nyears);
    for (size_t i = 0; i < x->nyears; i++) {
        const gs_year *xy = &x->years[i];
        const gs_year *y = gs_plan_lookup_year(p, xy->fy);
        assert_non_null(y);
        assert_int_equal(y->soft.nelems, xy->soft.nelems);
        assert_int_equal(y->facility.nelems, xy->facility.nelems);
        for (size_t j = 0; j < xy->soft.nelems; j++) {
            const gs_element *xe = &xy->soft.elems[j], *e = &y->soft.elems[j];
            assert_int_equal(e->no, xe->no);
            assert_string_equal(e->name, xe->name);
            assert_int_equal(e->has_amount, xe->has_amount);
            assert_int_equal(e->amount, xe->amount);
            assert_int_equal(e->nkpis, xe->nkpis);
            for (size_t k = 0; k < e->nkpis; k++)
                assert_int_equal(e->kpis[k], xe->kpis[k]);
            assert_int_equal(e->ndesc, xe->ndesc);
            for (size_t k = 0; k < e->ndesc; k++) {
                assert_int_equal(e->desc[k].is_item, xe->desc[k].is_item);
                assert_string_equal(e->desc[k].text, xe->desc[k].text);
                assert_int_equal(e->desc[k].amount, xe->desc[k].amount);
            }
        }
    }
    gs_plan_free(x);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* ------------------------------------------------ what Excel writes */

/* No BOM, LF line ends, 令和 and R headers, the key in every spelling,
 * full-width digits/blanks, △ ▲ and separators. */
static void test_kpis_lenient(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = new_plan();
    const char *path = fixture(
        "kpi-lenient.csv",
        " KPI番号 ,事業開始前 （現時点）,R7年度増加分,\"令和８年度\n増加分\","
        "２０２７年度　増加分,年度増加分,累計\n"
        "①,\"1,234.5\",△0.51,▲1,-2,,\n"
        "\n"
        ",,,,,,\n"
        "2,１０．５,　＋３　,10.500,0,,\n"
        "ＫＰＩ３,0,0,0,0,,0.00\n"
        "kpi4,\"  7 \",,,,,\n");
    assert_clean(&d, gs_csv_load_kpis(p, path, &d));
    const gs_kpi *k = p->kpis;
    /* the header's quoted line break makes it lines 1-2 */
    assert_stated(&k[0].baseline, 123450, 3, 2);
    assert_stated(&k[0].inc[0], -51, 3, 3);
    assert_stated(&k[0].inc[1], -100, 3, 4);
    assert_stated(&k[0].inc[2], -200, 3, 5);
    assert_false(k[0].total.has);
    assert_stated(&k[1].baseline, 1050, 6, 2);
    assert_stated(&k[1].inc[0], 300, 6, 3);
    assert_stated(&k[1].inc[1], 1050, 6, 4);
    assert_stated(&k[2].total, 0, 7, 7);
    assert_stated(&k[3].baseline, 700, 8, 2);
    assert_false(k[3].inc[0].has);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* Header and data in CR LF, a quoted header with a line break, a quoted
 * cell with doubled quotes, 千円 and separators. */
static void test_funding_lenient(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = new_plan();
    p->fy_first = 2026;
    const char *path = fixture(
        "funding-lenient.csv",
        ",\"事業開始前\r\n（現時点）\",令和8年度,R9年度(2年目),2028年度（３年目）\r\n"
        "Ａ,0,\"1,000千円\",１，０００,△5\r\n"
        "【E】,,,,\"▲1,234千円\"\r\n"
        "ソフト事業費,,１２千円,,\r\n"
        "合計,0,\"1,012\",1000,\"-1,239\"\r\n");
    assert_clean(&d, gs_csv_load_funding(p, path, &d));
    const gs_funding *f = &p->funding;
    assert_stated(&f->src[0].before, 0, 3, 2);
    assert_stated(&f->src[0].v[0], 1000, 3, 3);
    assert_stated(&f->src[0].v[1], 1000, 3, 4);
    assert_stated(&f->src[0].v[2], -5, 3, 5);
    assert_stated(&f->src[4].v[2], -1234, 4, 5);
    assert_stated(&f->soft[0], 12, 5, 3);
    assert_stated(&f->total[2], -1239, 6, 5);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* Old Mac Excel ends lines with a lone CR; a CR inside a quoted cell
 * counts as a line too. */
static void test_cr_line_ends(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = new_plan();
    const char *path = fixture("kpi-cr.csv",
                               "KPI,事業開始前,2025年度\r"
                               "1,\"1\r\",2\r"
                               "\r"
                               "2,x,3\r"
                               "3,1,1");
    assert_false(gs_csv_load_kpis(p, path, &d));
    expect(&d, path, 5, 2, "E123", "「事業開始前」列の「x」");
    assert_int_equal(d.n, 1);
    assert_stated(&p->kpis[0].baseline, 100, 2, 2);
    assert_stated(&p->kpis[1].inc[0], 300, 5, 3);
    assert_stated(&p->kpis[2].inc[0], 100, 6, 3);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* Many bad cells: the first MAX_REPORTS are listed, the rest counted. */
static void test_report_cap(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = new_plan();
    gs_buf csv = GS_BUF_INIT;
    gs_buf_puts(&csv, "年度,番号,事業名,金額\n");
    for (int i = 0; i < 1500; i++)
        gs_buf_puts(&csv, "2025,1,a,x\n");
    const char *path = fixture("many.csv", csv.data);
    gs_buf_free(&csv);
    assert_false(gs_csv_load_elements(p, path, &d));
    assert_int_equal(d.n, 1001);
    expect(&d, path, 0, 0, "E123", "ほかに 500 件のエラー");
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* Elements: 年度 spellings, a facility element, an existing year block
 * gets the element, a missing one is created, items and paragraphs,
 * doubled quotes, and a row after a multi-line cell. */
static void test_elements_lenient(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = new_plan();
    p->nyears = 1;
    p->years = gs_xcalloc(1, sizeof *p->years);
    p->years[0].fy = 2025;
    p->years[0].pos.line = 99;
    p->years[0].positioning = gs_xstrdup("初年度");
    const char *path = fixture(
        "elements-lenient.csv",
        "番号,年度,区分,名称,関連するKPI,金額,説明,\r\n"
        "1,R7,ソフト,相談窓口,\"1,2\",,\"・委託料 1,000千円\n"
        "・旅費　△２００千円\r\n"
        "  ・参加企業 10社  \n"
        "\n"
        "「\"\"窓口\"\"」の設置\"\r\n"
        "2,令和7年度,施設整備・事業設備・備品,機器,KPI④,５００千円,,\r\n"
        "1,2026,施設整備,改修,,\"2,000\",,\r\n");
    assert_clean(&d, gs_csv_load_elements(p, path, &d));
    assert_int_equal(p->nyears, 2);
    const gs_year *y = gs_plan_lookup_year(p, 2025);
    assert_string_equal(y->positioning, "初年度");
    assert_int_equal(y->pos.line, 99);
    assert_int_equal(y->soft.nelems, 1);
    const gs_element *e = &y->soft.elems[0];
    assert_false(e->has_amount);
    assert_int_equal(e->nkpis, 2);
    assert_int_equal(e->kpis[1], 2);
    assert_int_equal(e->ndesc, 4);
    assert_true(e->desc[0].is_item);
    assert_string_equal(e->desc[0].text, "委託料");
    assert_int_equal(e->desc[0].amount, 1000);
    assert_true(e->desc[1].is_item);
    assert_string_equal(e->desc[1].text, "旅費");
    assert_int_equal(e->desc[1].amount, -200);
    assert_false(e->desc[2].is_item);
    assert_string_equal(e->desc[2].text, "・参加企業 10社");
    assert_string_equal(e->desc[3].text, "「\"窓口\"」の設置");
    assert_int_equal(y->facility.nelems, 1);
    e = &y->facility.elems[0];
    assert_int_equal(e->no, 2);
    assert_int_equal(e->pos.line, 7); /* after a record of five lines */
    assert_int_equal(e->amount, 500);
    assert_int_equal(e->nkpis, 1);
    assert_int_equal(e->kpis[0], 4);
    y = gs_plan_lookup_year(p, 2026);
    assert_non_null(y);
    assert_int_equal(y->pos.line, 8);
    assert_int_equal(y->pos.col, 2);
    assert_null(y->positioning);
    assert_int_equal(y->facility.nelems, 1);
    assert_int_equal(y->facility.elems[0].amount, 2000);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* A CP932 file as Excel's 「CSV (コンマ区切り)」 writes it (CR LF, quoted
 * multi-line cell, full-width digits, △, 千円). */
static void test_cp932_fixture(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = new_plan();
    assert_clean(&d, gs_csv_load_elements(
                         p, tree_path("tests/input/csv/elements-cp932.csv"),
                         &d));
    const gs_year *y = gs_plan_lookup_year(p, 2026);
    assert_non_null(y);
    const gs_element *e = &y->soft.elems[0];
    assert_string_equal(e->name, "多文化共生セミナー～交流会");
    assert_int_equal(e->amount, 1500);
    assert_int_equal(e->ndesc, 2);
    assert_string_equal(e->desc[0].text, "講師謝金 ①【重点】");
    assert_string_equal(e->desc[1].text, "会場借上料");
    assert_int_equal(e->desc[1].amount, -300);
    y = gs_plan_lookup_year(p, 2027);
    assert_non_null(y);
    assert_int_equal(y->soft.elems[0].pos.line, 5);
    gs_plan_free(p);

    /* The same bytes with a bad figure: the row is counted across the
     * multi-line cell in CP932 too. */
    p = new_plan();
    const char *bad = tree_path("tests/input/csv/kpi-cp932-bad.csv");
    assert_false(gs_csv_load_kpis(p, bad, &d));
    expect(&d, bad, 4, 3, "E123", "「2025年度増加分」列の「１０人」");
    assert_int_equal(d.n, 1);
    assert_stated(&p->kpis[0].inc[0], -250, 2, 3);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* -------------------------------------------------------------- E121 */

static void test_e121_unreadable_and_large(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = new_plan();
    char missing[600];
    snprintf(missing, sizeof missing, "%s/none.csv", tmpdir);
    assert_false(gs_csv_load_kpis(p, missing, &d));
    expect(&d, missing, 0, 0, "E121", "開けません");

    size_t n = GS_CSV_MAX_BYTES + 1;
    char *big = gs_xmalloc(n);
    memset(big, 'a', n);
    for (size_t i = 80; i < n; i += 80)
        big[i] = '\n';
    const char *path = write_fixture("big.csv", big, n);
    free(big);
    assert_false(gs_csv_load_kpis(p, path, &d));
    expect(&d, path, 0, 0, "E121", "大きすぎます");
    assert_int_equal(d.n, 2);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* What a file holds past the form's sizes is not kept: a row of millions of
 * cells (441 MB for a 4 MB row of commas) is cut at 64 and reported, a
 * file of more than 10,000 rows is refused. */
static void test_cells_and_rows_bounded(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = new_plan();
    gs_buf csv = GS_BUF_INIT;
    gs_buf_puts(&csv, "KPI,事業開始前（現時点）,2025年度 増加分\nKPI①,1,1");
    for (int i = 0; i < 1000000; i++)
        gs_buf_putc(&csv, ',');
    gs_buf_puts(&csv, "9\n");
    const char *path = fixture("wide.csv", csv.data);
    gs_buf_free(&csv);
    assert_false(gs_csv_load_kpis(p, path, &d));
    expect(&d, path, 2, 65, "E123", "1000003 列、64 列まで");
    gs_diags_free(&d);

    /* a blank row of commas is padding, as Excel writes it */
    gs_buf_puts(&csv, "KPI,事業開始前（現時点）,2025年度 増加分\nKPI①,1,1\n");
    for (int i = 0; i < 100; i++)
        gs_buf_putc(&csv, ',');
    gs_buf_puts(&csv, "\n");
    path = fixture("pad.csv", csv.data);
    gs_buf_free(&csv);
    if (!gs_csv_load_kpis(p, path, &d))
        dump(&d);
    assert_int_equal(d.n, 0);
    gs_plan_free(p);

    p = new_plan();
    gs_buf_puts(&csv, "年度,区分,番号,事業名,関連するKPI,金額,説明\n");
    for (int i = 0; i < 10001; i++)
        gs_buf_puts(&csv, "2025,ソフト,1,a,①,1,x\n");
    path = fixture("long.csv", csv.data);
    gs_buf_free(&csv);
    assert_false(gs_csv_load_elements(p, path, &d));
    expect(&d, path, 10001, 0, "E121", "10000 行まで");
    gs_plan_free(p);
    gs_diags_free(&d);
}

static void test_e121_encoding(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = new_plan();
    /* A BOM, then a stray byte on lines 3 and 5 of a UTF-8 file. */
    const char *path = fixture("bom-bad.csv",
                               "\xEF\xBB\xBF" "KPI,事業開始前,2025年度\n"
                               "KPI①,1,2\n"
                               "KPI②,\xE4\xBA,2\n"
                               "KPI③,1,2\n"
                               "KPI④,1\xFF,2\n");
    assert_false(gs_csv_load_kpis(p, path, &d));
    expect(&d, path, 3, 0, "E121", "UTF-8 として正しくないバイト (0xE4)");
    expect(&d, path, 5, 0, "E121", "(0xFF)");
    assert_int_equal(d.n, 2);
    assert_false(p->kpis[0].baseline.has); /* nothing read from a bad file */
    gs_diags_free(&d);

    /* No BOM, no UTF-8 multibyte character, and a byte CP932 lacks: the
     * file is taken as Shift_JIS and the byte reported on its line. */
    static const char sjis[] = "KPI,\x8E\x96\x8B\xC6\x8A\x4A\x8E\x6E\x91\x4F,"
                               "2025\x94\x4E\x93\x78\r\n" /* 事業開始前,2025年度 */
                               "1,1,2\r\n"
                               "2,\x80,2\r\n";
    path = write_fixture("sjis-bad.csv", sjis, sizeof sjis - 1);
    assert_false(gs_csv_load_kpis(p, path, &d));
    expect(&d, path, 3, 0, "E121", "Shift_JIS (CP932) としても読めないバイト "
                                   "(0x80)");
    assert_int_equal(d.n, 1);
    gs_diags_free(&d);

    /* A quote never closed. */
    path = fixture("open-quote.csv", "KPI,事業開始前,2025年度\n"
                                     "1,1,2\n"
                                     "2,\"1\n"
                                     "3,1,1\n");
    assert_false(gs_csv_load_kpis(p, path, &d));
    expect(&d, path, 3, 2, "E121", "引用符 (\") が閉じられない");
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* -------------------------------------------------------------- E122 */

static void test_e122_headers(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = new_plan();
    const char *path = fixture("kpi-headers.csv",
                               "KPI,事業開始前,2025年度,単位,2025年度増加分,,"
                               "KPI,累計\n"
                               "1,1,2,人,3,4,,5\n");
    assert_false(gs_csv_load_kpis(p, path, &d));
    expect(&d, path, 1, 4, "E122", "見出し「単位」は、KPI の表の見出しとして"
                                   "使えません");
    expect(&d, path, 1, 5, "E122", "2025年度の列が重複しています (3 列目");
    expect(&d, path, 1, 7, "E122", "「行の見出し」の列が重複しています");
    expect(&d, path, 2, 6, "E122", "6 列目 (見出しなし)に値「4」があります");
    assert_int_equal(d.n, 4);
    /* the columns that could be read were read */
    assert_stated(&p->kpis[0].inc[0], 200, 2, 3);
    assert_stated(&p->kpis[0].total, 500, 2, 8);
    gs_diags_free(&d);

    path = fixture("kpi-missing.csv", "KPI,2025年度\n1,1\n");
    assert_false(gs_csv_load_kpis(p, path, &d));
    expect(&d, path, 1, 0, "E122", "「事業開始前（現時点）」の列がありません");
    gs_diags_free(&d);

    path = fixture("elements-missing.csv",
                   "\n\n年度,説明,番号\n2025,x,1\n");
    assert_false(gs_csv_load_elements(p, path, &d));
    expect(&d, path, 3, 0, "E122", "「事業名」の列がありません");
    expect(&d, path, 3, 0, "E122", "「金額」の列がありません");
    assert_int_equal(d.n, 2);
    assert_int_equal(p->nyears, 0);
    gs_diags_free(&d);

    path = fixture("empty.csv", "\r\n,,,\r\n");
    assert_false(gs_csv_load_funding(p, path, &d));
    expect(&d, path, 0, 0, "E122", "空です");
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* -------------------------------------------------------------- E123 */

/* Every bad cell of the file, with its row counted past multi-line cells,
 * and the header of its column in the message. */
static void test_e123_all_cells_reported(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = new_plan();
    const char *path = fixture("kpi-bad.csv",
                               "KPI,\"事業開始前\n（現時点）\",2025年度増加分,"
                               "2026年度増加分\n"
                               "1,abc,1.234,\"1\n2\"\n"
                               "2,1,\"1,00\",10人\n"
                               "3,1,2,3\n");
    assert_false(gs_csv_load_kpis(p, path, &d));
    expect(&d, path, 3, 2, "E123", "「事業開始前 （現時点）」列の「abc」を数値"
                                   "として読めません");
    expect(&d, path, 3, 3, "E123", "「2025年度増加分」列の「1.234」");
    expect(&d, path, 3, 4, "E123", "「2026年度増加分」列の「1 2」");
    expect(&d, path, 5, 3, "E123", "「2025年度増加分」列の「1,00」");
    expect(&d, path, 5, 4, "E123", "「10人」");
    assert_int_equal(d.n, 5);
    assert_stated(&p->kpis[2].inc[1], 300, 6, 4);
    const gs_diag *g = &d.v[0];
    assert_string_equal(g->row, "1");
    assert_non_null(strstr(g->sheet, "KPI"));
    gs_diags_free(&d);

    path = fixture("funding-bad.csv",
                   "区分,事業開始前,2025年度\n"
                   "【A】,x,\"1,2345\"\n"
                   "交付対象事業経費,5,1\n");
    assert_false(gs_csv_load_funding(p, path, &d));
    expect(&d, path, 2, 2, "E123", "「事業開始前」列の「x」を金額として"
                                   "読めません");
    expect(&d, path, 2, 3, "E123", "「2025年度」列の「1,2345」");
    expect(&d, path, 3, 2, "E123", "交付対象事業経費の行の「事業開始前」列"
                                   "には金額を書けません");
    assert_int_equal(d.n, 3);
    assert_int_equal(d.v[1].fy, 2025);
    gs_diags_free(&d);

    path = fixture("elements-bad.csv",
                   "年度,区分,番号,事業名,関連するKPI,金額,説明\n"
                   "2025,ソフト,1,a,\"①、⑦\",x,\"ok\n・委託料 1,00千円\"\n"
                   "令和,ハード,0,,\"1,1\",,\n"
                   "2025,ソフト,2,b,,,text\n"
                   "2025,ソフト,3,c,1,\"1\x01\",\n");
    assert_false(gs_csv_load_elements(p, path, &d));
    expect(&d, path, 2, 5, "E123", "「関連するKPI」列の「⑦」は KPI番号として");
    expect(&d, path, 2, 6, "E123", "「金額」列の「x」を金額として");
    expect(&d, path, 2, 7, "E123", "内訳「・委託料 1,00千円」の金額「1,00千円」");
    expect(&d, path, 4, 1, "E123", "「年度」列の「令和」を年度として");
    expect(&d, path, 4, 2, "E123", "「区分」列の「ハード」は区分として");
    expect(&d, path, 4, 3, "E123", "「番号」列の「0」");
    expect(&d, path, 4, 4, "E123", "「事業名」列が空です");
    expect(&d, path, 4, 5, "E123", "KPI番号 1 が重複");
    expect(&d, path, 4, 6, "E123", "「金額」列が空で");
    expect(&d, path, 5, 6, "E123", "「金額」列が空で");
    expect(&d, path, 6, 6, "E123", "制御文字 (U+0001)");
    assert_int_equal(count_code(&d, "E123"), 11);
    assert_int_equal(d.n, 11);
    /* the last row is read despite the control character, the others not */
    assert_int_equal(p->nyears, 1);
    assert_int_equal(p->years[0].soft.nelems, 1);
    assert_int_equal(p->years[0].soft.elems[0].amount, 1);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* -------------------------------------------------------------- E124 */

static void test_e124_keys_and_years(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = new_plan();
    const char *path = fixture("kpi-keys.csv",
                               "KPI,事業開始前,2025年度,2035年度,2024年度\n"
                               "KPI①,1,1,,\n"
                               "KPI⑤,,0,,\n"
                               "KPI⑥,1,,,\n"
                               "\"KPI\n①\",2,,,\n"
                               "KPI⑦,1,,,\n"
                               ",1,,,\n");
    assert_false(gs_csv_load_kpis(p, path, &d));
    expect(&d, path, 1, 4, "E124", "「2035年度」列の 2035年度は、KPI の表に"
                                   "入りません");
    expect(&d, path, 1, 5, "E124", "2024年度");
    expect(&d, path, 4, 1, "E124", "「KPI」列の「KPI⑥」は計画ファイルの KPI "
                                   "にありません");
    expect(&d, path, 5, 1, "E124", "「KPI ①」の行が重複しています (2 行目");
    expect(&d, path, 7, 1, "E124", "KPI番号として読めません");
    expect(&d, path, 8, 1, "E124", "「KPI」列が空です");
    assert_int_equal(d.n, 6);
    assert_stated(&p->kpis[0].baseline, 100, 2, 2);
    gs_diags_free(&d);

    path = fixture("funding-keys.csv",
                   "区分,2025年度(2年目),2026年度,2031年度\n"
                   "【A】,1,1,\n"
                   "【F】,1,1,\n"
                   "A,1,1,\n");
    assert_false(gs_csv_load_funding(p, path, &d));
    expect(&d, path, 1, 2, "E122", "年目が合いません: 2025年度は事業計画期間の "
                                   "1 年目");
    expect(&d, path, 1, 4, "E124", "2031年度は、自主財源見込額の表に入りません");
    expect(&d, path, 3, 1, "E124", "「【F】」は自主財源見込額の表の行として"
                                   "使えません");
    expect(&d, path, 4, 1, "E124", "「A」の行が重複しています (2 行目");
    assert_int_equal(d.n, 4);
    gs_diags_free(&d);

    path = fixture("elements-dup.csv",
                   "年度,番号,事業名,金額\n"
                   "2025,1,a,1\n"
                   "2025,2,b,1\n"
                   "2025年度,１,c,1\n"
                   "2026,1,d,1\n");
    assert_false(gs_csv_load_elements(p, path, &d));
    gs_buf where = GS_BUF_INIT;
    gs_buf_printf(&where, "2025年度のソフト事業経費の要素事業 1 が重複して"
                          "います (%s:2 にもあります)",
                  path);
    expect(&d, path, 4, 2, "E124", where.data);
    gs_buf_free(&where);
    assert_int_equal(d.n, 1);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* ------------------------------------------ notations, as in the XML */

/* The XML reader's plan with text in places (notation_cases.h). */
static gs_plan *xml_plan(const char *places, const char *text)
{
    char *xml = plan_with(places, text);
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(fixture("same.xml", xml), &d);
    if (!p)
        dump(&d);
    assert_non_null(p);
    gs_diags_free(&d);
    free(xml);
    return p;
}

/* A CSV file: the header line, then the row fmt makes of text. */
static const char *csv_with(const char *name, const char *header,
                            const char *fmt, const char *text)
{
    gs_buf b = GS_BUF_INIT;
    gs_buf_puts(&b, header);
    gs_buf_printf(&b, fmt, text);
    const char *path = fixture(name, b.data);
    gs_buf_free(&b);
    return path;
}

/* "TEXT千円" for an item line, unless the text says 千円 itself. */
static const char *with_unit(const char *text, gs_buf *b)
{
    size_t n = strlen(text);
    gs_buf_clear(b);
    gs_buf_puts(b, text);
    if (n < 6 || strcmp(text + n - 6, "千円") != 0)
        gs_buf_puts(b, "千円");
    return b->data;
}

/* Every text of notation_cases.h reads in the CSV cells of its notation
 * (自主財源 cell, element 金額, an item's amount; KPI 事業開始前, 増加分,
 * 累計; element 年度) to what the XML reader makes of the same text, and
 * that is the value the case says. */
static void test_notations_as_in_xml(void **state)
{
    (void)state;
    gs_buf item = GS_BUF_INIT;
    for (size_t i = 0; i < NCASES(AMOUNT_CASES); i++) {
        const char *text = AMOUNT_CASES[i].text;
        gs_plan *x = xml_plan(AMOUNT_PLACES, text);
        const gs_element *xe = &x->years[0].soft.elems[0];
        gs_diags d = GS_DIAGS_INIT;
        gs_plan *p = new_plan();
        assert_clean(&d, gs_csv_load_funding(
                             p, csv_with("f.csv", ",2025年度\n", "A,\"%s\"\n",
                                         text), &d));
        gs_buf row = GS_BUF_INIT;
        gs_buf_printf(&row, "2025,1,n,\"%%1$s\",\"・i %s\"\n",
                      with_unit(text, &item));
        assert_clean(&d, gs_csv_load_elements(
                             p, csv_with("e.csv", "年度,番号,事業名,金額,説明\n",
                                         row.data, text), &d));
        const gs_element *e = &p->years[0].soft.elems[0];
        assert_int_equal(x->funding.src[0].v[0].v, AMOUNT_CASES[i].v);
        assert_int_equal(p->funding.src[0].v[0].v, x->funding.src[0].v[0].v);
        assert_int_equal(e->amount, xe->amount);
        assert_true(e->desc[0].is_item);
        assert_string_equal(e->desc[0].text, "i");
        assert_int_equal(e->desc[0].amount, xe->desc[0].amount);
        gs_buf_free(&row);
        gs_plan_free(p);
        gs_plan_free(x);
    }
    for (size_t i = 0; i < NCASES(FIGURE_CASES); i++) {
        const char *text = FIGURE_CASES[i].text;
        gs_plan *x = xml_plan(FIGURE_PLACES, text);
        gs_diags d = GS_DIAGS_INIT;
        gs_plan *p = new_plan();
        assert_clean(&d, gs_csv_load_kpis(
                             p, csv_with("k.csv",
                                         "KPI番号,事業開始前,2025年度増加分,"
                                         "KPI増加分の累計\n",
                                         "1,\"%1$s\",\"%1$s\",\"%1$s\"\n",
                                         text), &d));
        const gs_kpi *k = &p->kpis[0], *xk = &x->kpis[0];
        assert_int_equal(xk->baseline.v, FIGURE_CASES[i].v);
        assert_int_equal(k->baseline.v, xk->baseline.v);
        assert_int_equal(k->inc[0].v, xk->inc[0].v);
        assert_int_equal(k->total.v, xk->total.v);
        gs_plan_free(p);
        gs_plan_free(x);
    }
    for (size_t i = 0; i < NCASES(FY_CASES); i++) {
        const char *text = FY_CASES[i].text;
        gs_plan *x = xml_plan(PERIOD_PLACES, text);
        gs_diags d = GS_DIAGS_INIT;
        gs_plan *p = new_plan();
        assert_clean(&d, gs_csv_load_elements(
                             p, csv_with("y.csv", "年度,番号,事業名,金額\n",
                                         "\"%s\",1,n,1\n", text), &d));
        assert_int_equal(x->overview.period_first, FY_CASES[i].fy);
        assert_int_equal(p->nyears, 1);
        assert_int_equal(p->years[0].fy, x->overview.period_first);
        gs_plan_free(p);
        gs_plan_free(x);
    }
    gs_buf_free(&item);
}

/* Fails unless d holds n diagnostics, every one an E123 quoting text and
 * giving gs_notation_explain's reason, as the XML reader gives it. */
static void expect_explained(const gs_diags *d, size_t n, const char *text,
                             gs_notation what, gs_notation_status st)
{
    gs_buf want = GS_BUF_INIT, quoted = GS_BUF_INIT;
    gs_buf_puts(&want, "(");
    gs_notation_explain(&want, what, st);
    gs_buf_puts(&want, ")");
    gs_buf_printf(&quoted, "「%s」", text);
    if (d->n != n)
        dump(d);
    assert_int_equal(d->n, n);
    for (size_t i = 0; i < d->n; i++) {
        if (!strstr(d->v[i].message, want.data) ||
            !strstr(d->v[i].message, quoted.data))
            print_message("\"%s\" lacks %s or %s\n", d->v[i].message,
                          quoted.data, want.data);
        assert_string_equal(d->v[i].code, "E123");
        assert_non_null(strstr(d->v[i].message, want.data));
        assert_non_null(strstr(d->v[i].message, quoted.data));
    }
    gs_buf_free(&want);
    gs_buf_free(&quoted);
}

/* What the XML reader refuses, the CSV reader refuses, with the same
 * explanation of what is accepted. */
static void test_notations_refused_as_in_xml(void **state)
{
    (void)state;
    int64_t v;
    int fy;
    for (size_t i = 0; i < NCASES(BAD_AMOUNTS); i++) {
        const char *text = BAD_AMOUNTS[i];
        gs_diags d = GS_DIAGS_INIT;
        gs_plan *p = new_plan();
        assert_false(gs_csv_load_funding(
            p, csv_with("f.csv", ",2025年度\n", "A,\"%s\"\n", text), &d));
        assert_false(gs_csv_load_elements(
            p, csv_with("e.csv", "年度,番号,事業名,金額\n", "2025,1,n,\"%s\"\n",
                        text), &d));
        expect_explained(&d, 2, text, GS_NOTATION_AMOUNT,
                         gs_notation_amount(text, &v));
        gs_diags_free(&d);
        gs_plan_free(p);
    }
    for (size_t i = 0; i < NCASES(BAD_FIGURES); i++) {
        const char *text = BAD_FIGURES[i];
        gs_diags d = GS_DIAGS_INIT;
        gs_plan *p = new_plan();
        assert_false(gs_csv_load_kpis(
            p, csv_with("k.csv", "KPI番号,事業開始前,2025年度増加分,累計\n",
                        "1,\"%1$s\",\"%1$s\",\"%1$s\"\n", text), &d));
        expect_explained(&d, 3, text, GS_NOTATION_FIGURE,
                         gs_notation_figure(text, &v));
        gs_diags_free(&d);
        gs_plan_free(p);
    }
    for (size_t i = 0; i < NCASES(BAD_YEARS); i++) {
        const char *text = BAD_YEARS[i];
        gs_diags d = GS_DIAGS_INIT;
        gs_plan *p = new_plan();
        assert_false(gs_csv_load_elements(
            p, csv_with("y.csv", "年度,番号,事業名,金額\n", "\"%s\",1,n,1\n",
                        text), &d));
        expect_explained(&d, 1, text, GS_NOTATION_FY,
                         gs_notation_fy(text, &fy));
        gs_diags_free(&d);
        gs_plan_free(p);
    }
    /* an item's amount with a decimal is refused, not read as its last
     * digits */
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = new_plan();
    assert_false(gs_csv_load_elements(
        p, fixture("item.csv", "年度,番号,事業名,金額,説明\n"
                               "2025,1,n,1,・参加費 1.5千円\n"), &d));
    expect_explained(&d, 1, "1.5千円", GS_NOTATION_AMOUNT, GS_NOTATION_BAD);
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* The sheet of the first diagnostic with code in d. */
static const char *sheet_of(const gs_diags *d, const char *code)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->v[i].code, code) == 0)
            return d->v[i].sheet;
    dump(d);
    fail_msg("no %s", code);
    return NULL;
}

/* A sheet is called the same whichever stage reports a figure on it: the
 * CSV reader's E123 and the validator's E213 / E216 / E202 name the KPI,
 * 自立性 and (別紙1-1) sheets alike, as model/sheets.h words them. */
static void test_sheet_names_agree_with_validate(void **state)
{
    (void)state;
    gs_diags dc = GS_DIAGS_INIT, dv = GS_DIAGS_INIT;
    gs_plan *p = new_plan();
    assert_false(gs_csv_load_kpis(
        p, fixture("k.csv", "KPI番号,事業開始前,2025年度増加分\n1,0,x\n"), &dc));
    assert_false(gs_csv_load_funding(
        p, fixture("f.csv", ",2025年度\nA,x\n"), &dc));
    assert_false(gs_csv_load_elements(
        p, fixture("e.csv", "年度,番号,事業名,金額\n2025,1,n,x\n"), &dc));
    gs_plan_free(p);

    p = gs_xml_load_plan(tree_path("samples/nagaoka-csv.xml"), &dv);
    assert_non_null(p);
    assert_int_equal(dv.n, 0);
    p->kpis[0].total.v += 100;  /* E213 */
    p->funding.total[0].v += 1; /* E216 */
    p->years[0].soft.has_total = true;
    p->years[0].soft.total = 1; /* E202 */
    gs_totals t;
    gs_totals_compute(p, &t, &dv);
    gs_validate(p, &t, &dv);

    static const struct {
        const char *csv_row, *code, *sheet;
    } sheets[] = {
        {"1", "E213", GS_SHEET_KPI},
        {"【A】", "E216", GS_SHEET_FUNDING},
        {"n", "E202", GS_SHEET_1_1},
    };
    for (size_t i = 0; i < 3; i++) {
        const char *from_csv = NULL;
        for (size_t j = 0; j < dc.n && !from_csv; j++)
            if (dc.v[j].row && strcmp(dc.v[j].row, sheets[i].csv_row) == 0)
                from_csv = dc.v[j].sheet;
        if (!from_csv)
            dump(&dc);
        assert_non_null(from_csv);
        assert_string_equal(from_csv, sheet_of(&dv, sheets[i].code));
        assert_string_equal(from_csv, sheets[i].sheet);
    }
    gs_plan_free(p);
    gs_diags_free(&dc);
    gs_diags_free(&dv);
}

/* ------------------------------------------------------------- setup */

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    gs_xml_cleanup();
    xmlCleanupParser();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------ results */

/* The 効果検証 of samples/nagaoka-kouka.xml as a table kept in Excel
 * (tests/input/csv/kouka-results.csv: a BOM, CR LF, amounts in 円 like the
 * sample's, markers, a fall, notes, full-width KPI and digits), written
 * next to the plan that reads it. */
static const char *kouka_results_fixture(void)
{
    FILE *f = fopen(tree_path("tests/input/csv/kouka-results.csv"), "rb");
    assert_non_null(f);
    gs_buf b = GS_BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        gs_buf_append(&b, chunk, n);
    fclose(f);
    const char *path = write_fixture("kouka-results.csv", b.data, b.len);
    gs_buf_free(&b);
    return path;
}

/* samples/nagaoka-kouka.xml with its <results> reading that table: the
 * 担当課 stays in the XML, the rest goes. */
static char *kouka_with_csv(const char *csv_name)
{
    char *xml = NULL;
    FILE *f = fopen(tree_path("samples/nagaoka-kouka.xml"), "rb");
    assert_non_null(f);
    gs_buf b = GS_BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        gs_buf_append(&b, chunk, n);
    fclose(f);
    xml = gs_buf_detach(&b);
    char *open = strstr(xml, "<results ");
    char *dept = open ? strstr(open, "</department>") : NULL;
    char *close = dept ? strstr(dept, "</results>") : NULL;
    assert_non_null(close);
    char *gt = strchr(open, '>');
    gs_buf out = GS_BUF_INIT;
    gs_buf_append(&out, xml, (size_t)(gt - xml));
    gs_buf_printf(&out, " csv=\"%s\"", csv_name);
    gs_buf_append(&out, gt, (size_t)(dept - gt) + strlen("</department>"));
    gs_buf_puts(&out, "\n  ");
    gs_buf_puts(&out, close);
    free(xml);
    return gs_buf_detach(&out);
}

static void assert_same_stated(const gs_stated *a, const gs_stated *b)
{
    assert_int_equal(a->has, b->has);
    if (a->has)
        assert_int_equal(a->v, b->v);
}

/* The same 効果検証 through XML and through CSV makes the same model: the
 * 円 amounts converted by the one rule (gs_yen_to_kyen), the markers, the
 * fall and the notes; positions point at the CSV's cells. */
static void test_results_match_xml(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *x = gs_xml_load_plan(tree_path("samples/nagaoka-kouka.xml"), &d);
    assert_clean(&d, x != NULL);
    char *csv = gs_xstrdup(kouka_results_fixture());
    char *xml = kouka_with_csv("kouka-results.csv");
    gs_plan *p = gs_xml_load_plan(fixture("kouka-csv.xml", xml), &d);
    free(xml);
    assert_clean(&d, p != NULL);
    const gs_results *a = &x->results, *b = &p->results;
    assert_true(b->yen);
    assert_string_equal(b->department, a->department);
    for (int c = 0; c < GS_KPI_YEARS; c++) {
        assert_same_stated(&b->years[c].decided, &a->years[c].decided);
        assert_same_stated(&b->years[c].paid, &a->years[c].paid);
        assert_same_stated(&b->years[c].spent, &a->years[c].spent);
        assert_int_equal(!b->years[c].outcome, !a->years[c].outcome);
        if (a->years[c].outcome)
            assert_string_equal(b->years[c].outcome, a->years[c].outcome);
        assert_int_equal(!b->years[c].pos.line, !a->years[c].pos.line);
    }
    assert_int_equal(b->years[0].paid.v, 5980); /* 5,980,500円 */
    assert_stated(&b->years[0].paid, 5980, 3, 2);
    assert_string_equal(b->years[0].paid.pos.file, csv);
    assert_same_stated(&b->grant_total, &a->grant_total);
    assert_same_stated(&b->spent_total, &a->spent_total);
    assert_int_equal(b->nkpis, a->nkpis);
    for (size_t i = 0; i < a->nkpis; i++) {
        const gs_kpi_result *ka = gs_results_kpi(a, a->kpis[i].no);
        const gs_kpi_result *kb = gs_results_kpi(b, a->kpis[i].no);
        assert_non_null(kb);
        for (int c = 0; c < GS_KPI_YEARS; c++) {
            assert_same_stated(&kb->target[c], &ka->target[c]);
            assert_int_equal(kb->actual[c].kind, ka->actual[c].kind);
            assert_int_equal(kb->actual[c].v, ka->actual[c].v);
            assert_int_equal(!kb->actual[c].note, !ka->actual[c].note);
            if (ka->actual[c].note)
                assert_string_equal(kb->actual[c].note, ka->actual[c].note);
        }
    }
    const gs_kpi_result *k2 = gs_results_kpi(b, 2);
    assert_int_equal(k2->actual[0].kind, GS_ACTUAL_FIGURE);
    assert_int_equal(k2->actual[0].v, -300);
    assert_int_equal(k2->actual[0].pos.line, 7);
    assert_int_equal(gs_results_kpi(b, 3)->actual[0].kind, GS_ACTUAL_UNPUBLISHED);
    /* and the plan is clean for the 効果検証's rules, as the XML one */
    gs_totals t;
    gs_totals_compute(p, &t, &d);
    gs_validate(p, &t, &d);
    assert_int_equal(d.errors, 0);
    gs_plan_free(x);
    gs_plan_free(p);
    gs_diags_free(&d);
    free(csv);
}

/* 目標 rows, 計, 千円 without unit="円", and the other markers. */
static void test_results_targets_and_totals(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = new_plan();
    const char *path = fixture(
        "results-kyen.csv",
        "項目,R7年度,令和8年度,2027年度,計\n"
        "交付額,\"5,980\",6000,,\"11,980\"\n"
        "総事業費,\"11,961\",,,\"11,961\"\n"
        "KPI①目標,10,10,10,\n"
        "KPI①実績,未確定,—,,\n"
        "KPI1 の実績,,,-,\n");
    assert_false(gs_csv_load_results(p, path, &d));
    /* the 2nd 実績 row of KPI① is a duplicate, nothing else is wrong */
    expect(&d, path, 6, 1, "E124", "「KPI1 の実績」の行が重複しています (5 行目");
    assert_int_equal(d.n, 1);
    const gs_results *r = &p->results;
    assert_stated(&r->years[0].paid, 5980, 2, 2);
    assert_stated(&r->years[1].paid, 6000, 2, 3);
    assert_stated(&r->grant_total, 11980, 2, 5);
    assert_stated(&r->spent_total, 11961, 3, 5);
    const gs_kpi_result *k = gs_results_kpi(r, 1);
    assert_non_null(k);
    assert_stated(&k->target[2], 1000, 4, 4);
    assert_int_equal(k->actual[0].kind, GS_ACTUAL_PENDING);
    assert_int_equal(k->actual[1].kind, GS_ACTUAL_UNMEASURED);
    assert_int_equal(k->actual[2].kind, GS_ACTUAL_NONE);
    gs_plan_free(p);
    gs_diags_free(&d);

    /* 円: 999円 is 0千円, 1,000円 is 1, △1,500円 is △1 (gs_yen_to_kyen) */
    p = new_plan();
    p->results.yen = true;
    path = fixture("results-yen.csv",
                   "区分,2025年度,2026年度,2027年度\n"
                   "交付決定額,999,\"1,000\",\"△1,500\"\n");
    assert_clean(&d, gs_csv_load_results(p, path, &d));
    assert_stated(&p->results.years[0].decided, 0, 2, 2);
    assert_stated(&p->results.years[1].decided, 1, 2, 3);
    assert_stated(&p->results.years[2].decided, -1, 2, 4);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* Every bad cell and row of a 効果検証 table, each at FILE:ROW:COLUMN
 * with the sheet, row and year, the whole file checked. */
static void test_results_refused(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = new_plan();
    const char *path = fixture(
        "results-bad.csv",
        "区分,2025年度,2026年度,2027年度,計,2035年度\n"
        "交付額,12.5,,,,\n"
        "KPI①実績,たくさん,3,,,\n"
        "KPI⑤実績,1,,,,\n"
        "KPI①目標,,x,,,\n"
        "事業の成果,よかった,,,1,\n"
        "予算額,1,,,,\n"
        ",1,,,,\n"
        "KPI②注記,,注だけ,,,\n");
    assert_false(gs_csv_load_results(p, path, &d));
    expect(&d, path, 1, 6, "E124", "2035年度は、効果検証の表に入りません");
    expect(&d, path, 2, 2, "E123", "「2025年度」列の「12.5」を金額として読めません");
    expect(&d, path, 3, 2, "E123", "「2025年度」列の「たくさん」を実績として読めません");
    expect(&d, path, 4, 1, "E124", "「KPI⑤実績」は計画ファイルの KPI にありません");
    expect(&d, path, 5, 3, "E123", "「2026年度」列の「x」を数値として読めません");
    expect(&d, path, 6, 5, "E123", "事業の成果の行の「計」列には書けません");
    expect(&d, path, 7, 1, "E124", "「予算額」は効果検証の表の行として使えません");
    expect(&d, path, 8, 1, "E124", "「区分」列が空です");
    expect(&d, path, 9, 3, "E124", "KPI2 の 2026年度の注記がありますが、その年度の実績がありません");
    assert_int_equal(d.n, 9);
    /* the diagnostics say where on the 効果検証 they are */
    for (size_t i = 0; i < d.n; i++)
        if (d.v[i].line == 3) {
            assert_string_equal(d.v[i].sheet, GS_DOC_RESULTS);
            assert_string_equal(d.v[i].row, "実績");
            assert_int_equal(d.v[i].fy, 2025);
        }
    /* the good cells of bad rows are still read */
    assert_int_equal(gs_results_kpi(&p->results, 1)->actual[1].v, 300);
    gs_plan_free(p);
    p = NULL;
    gs_diags_free(&d);

    /* with csv=, a 実績 written in the XML as well is refused */
    char *xml = kouka_with_csv("kouka-results.csv");
    kouka_results_fixture();
    char *at = strstr(strstr(xml, "<results "), "</department>");
    assert_non_null(at);
    gs_buf b = GS_BUF_INIT;
    at += strlen("</department>");
    gs_buf_append(&b, xml, (size_t)(at - xml));
    gs_buf_puts(&b, "<kpi no=\"1\"><actual fy=\"2025\">12</actual></kpi>");
    gs_buf_puts(&b, at);
    gs_plan *q = gs_xml_load_plan(fixture("kouka-both.xml", b.data), &d);
    assert_null(q);
    assert_int_equal(count_code(&d, "E102"), 1);
    assert_non_null(strstr(d.v[0].message, "<results> に csv 属性があるので、<kpi>"));
    gs_buf_free(&b);
    free(xml);
    gs_diags_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_utf8_bom),
        cmocka_unit_test(test_sample_cp932),
        cmocka_unit_test(test_sample_matches_xml),
        cmocka_unit_test(test_kpis_lenient),
        cmocka_unit_test(test_funding_lenient),
        cmocka_unit_test(test_cr_line_ends),
        cmocka_unit_test(test_report_cap),
        cmocka_unit_test(test_elements_lenient),
        cmocka_unit_test(test_cp932_fixture),
        cmocka_unit_test(test_e121_unreadable_and_large),
        cmocka_unit_test(test_cells_and_rows_bounded),
        cmocka_unit_test(test_e121_encoding),
        cmocka_unit_test(test_e122_headers),
        cmocka_unit_test(test_e123_all_cells_reported),
        cmocka_unit_test(test_e124_keys_and_years),
        cmocka_unit_test(test_notations_as_in_xml),
        cmocka_unit_test(test_notations_refused_as_in_xml),
        cmocka_unit_test(test_sheet_names_agree_with_validate),
        cmocka_unit_test(test_results_match_xml),
        cmocka_unit_test(test_results_targets_and_totals),
        cmocka_unit_test(test_results_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
