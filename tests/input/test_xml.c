/*
 * test_xml.c - the XML plan reader: the Nagaoka sample reads with its exact
 * figures and texts, every E10x path fails with its code at the right line,
 * hostile files (XXE, billion laughs, oversize) are refused without loading
 * or expanding anything, and texts are normalised as documented.
 *
 * Fixtures are mostly written from here into a temporary directory, so each
 * test shows the input it is about next to what it expects.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "input/xml.h"
#include "util/buf.h"

static char tmpdir[] = "/tmp/gs_test_xml_XXXXXX";

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

/* Line (1-based) of the first occurrence of needle in the file, 0 if none. */
static int line_in_file(const char *path, const char *needle)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char line[8192];
    int n = 0, found = 0;
    while (!found && fgets(line, sizeof line, f)) {
        n++;
        if (strstr(line, needle))
            found = n;
    }
    fclose(f);
    return found;
}

static size_t count_code(const gs_diags *d, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->v[i].code, code) == 0)
            n++;
    return n;
}

/* The first diagnostic with code; fails the test when there is none. */
static const gs_diag *find_code(const gs_diags *d, const char *code)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->v[i].code, code) == 0)
            return &d->v[i];
    fail_msg("no %s diagnostic among %zu", code, d->n);
    return NULL;
}

/* Dumps the diagnostics on failure, which makes the failing test readable. */
static void dump(const gs_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        gs_buf b = GS_BUF_INIT;
        gs_diag_format(&d->v[i], &b);
        print_message("  %s\n", b.data);
        gs_buf_free(&b);
    }
}

/* Loads XML text expecting failure with code at line; returns nothing, the
 * diagnostics are checked here. */
static void expect_refused(const char *name, const char *xml, const char *code,
                           int line)
{
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(fixture(name, xml), &d);
    if (p || count_code(&d, code) == 0)
        dump(&d);
    assert_null(p);
    const gs_diag *g = find_code(&d, code);
    if (g->line != line)
        dump(&d);
    assert_int_equal(g->line, line);
    assert_non_null(g->file);
    assert_non_null(strstr(g->file, name));
    gs_diags_free(&d);
}

/* A minimal valid plan: HEAD is lines 1-6, so BODY starts on line 7. */
#define HEAD                                                                  \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                           \
    "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"               \
    "<applicant><prefecture>新潟県</prefecture>"                              \
    "<department>企画課</department></applicant>\n"                           \
    "<project><name>事業</name><kinds>soft</kinds>"                           \
    "<period first=\"2025\" last=\"2027\"/></project>\n"                      \
    "<kpis><kpi no=\"1\" unit=\"人\">就業者数</kpi></kpis>\n"                 \
    "<expenses date=\"2025-01-23\">\n"
#define TAIL "</expenses>\n</plan>\n"

/* A year block on one line. */
#define YEAR(fy, amount)                                                      \
    "<year fy=\"" fy "\"><soft><element no=\"1\" amount=\"" amount "\">"      \
    "<name>要素</name></element></soft></year>\n"

/* ------------------------------------------------------------ the sample */

static void test_sample_loads_exactly(void **state)
{
    (void)state;
    const char *path = tree_path("samples/nagaoka.xml");
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(path, &d);
    if (!p)
        dump(&d);
    assert_non_null(p);
    assert_int_equal(d.n, 0);

    assert_string_equal(p->prefecture, "新潟県");
    assert_string_equal(p->municipality, "長岡市");
    assert_string_equal(p->department, "商工部産業立地・人材課");
    assert_string_equal(p->project_name,
                        "地域産業の活力を高める外国人材活躍推進プラットフォーム事業");
    assert_int_equal(p->kinds, GS_KIND_SOFT);
    assert_int_equal(p->fy_first, 2025);
    assert_int_equal(p->fy_last, 2027);
    assert_int_equal(p->doc_year, 2025);
    assert_int_equal(p->doc_month, 1);
    assert_int_equal(p->doc_day, 23);

    static const char *const kpi_names[] = {
        "外国人材の新規就業者数", "外国人雇用事業所数",
        "交流事業への参加企業数", "就労・雇用相談支援件数"};
    static const char *const kpi_units[] = {"人", "社", "社", "件"};
    assert_int_equal(p->nkpis, 4);
    for (int i = 0; i < 4; i++) {
        const gs_kpi *k = gs_plan_lookup_kpi(p, i + 1);
        assert_non_null(k);
        assert_string_equal(k->name, kpi_names[i]);
        assert_string_equal(k->unit, kpi_units[i]);
    }

    /* Three year blocks, nothing for 2028/2029. */
    assert_int_equal(p->nyears, 3);
    assert_null(gs_plan_lookup_year(p, 2028));
    assert_null(gs_plan_lookup_year(p, 2029));
    static const int64_t amounts[] = {12219, 12719, 13219};
    static const char *const elem_names[] = {
        "外国人材活躍推進プラットフォーム事業",
        "外国人材活躍推進プラットフォーム構築事業",
        "外国人材活躍推進プラットフォーム構築事業"};
    static const char *const item_names[] = {
        "外国人材活躍推進プラットフォーム事業経費(委託料)",
        "外国人材活躍推進プラットフォーム事業経費(委託料)",
        "プラットフォーム事業経費(委託料)"};
    int64_t sum_eligible = 0, sum_soft = 0, sum_facility = 0;
    for (int i = 0; i < 3; i++) {
        const gs_year *y = gs_plan_lookup_year(p, 2025 + i);
        assert_non_null(y);
        assert_int_equal(y->start.year, 2025 + i);
        assert_int_equal(y->start.month, 4);
        assert_int_equal(y->end.year, 2026 + i);
        assert_int_equal(y->end.month, 3);
        assert_int_equal(y->nbudgets, 1);
        assert_int_equal(y->budgets[0].when.year, 2025 + i);
        assert_int_equal(y->budgets[0].when.month, 4);
        assert_string_equal(y->budgets[0].kind, "当初");
        assert_true(y->has_eligible);
        assert_int_equal(y->eligible, amounts[i]);
        assert_true(y->soft.has_count);
        assert_int_equal(y->soft.count, 1);
        assert_true(y->soft.has_total);
        assert_int_equal(y->soft.total, amounts[i]);
        assert_int_equal(y->soft.nelems, 1);
        const gs_element *e = &y->soft.elems[0];
        assert_int_equal(e->no, 1);
        assert_string_equal(e->name, elem_names[i]);
        assert_int_equal(e->nkpis, 4);
        for (int k = 0; k < 4; k++)
            assert_int_equal(e->kpis[k], k + 1);
        assert_true(e->has_amount);
        assert_int_equal(e->amount, amounts[i]);
        assert_int_equal(e->ndesc, 3);
        assert_false(e->desc[0].is_item);
        assert_true(e->desc[1].is_item);
        assert_false(e->desc[2].is_item);
        assert_string_equal(e->desc[1].text, item_names[i]);
        assert_int_equal(e->desc[1].amount, amounts[i]);
        assert_true(y->facility.has_count);
        assert_int_equal(y->facility.count, 0);
        assert_true(y->facility.has_total);
        assert_int_equal(y->facility.total, 0);
        assert_int_equal(y->facility.nelems, 0);
        /* the stated figures add up */
        assert_int_equal(y->eligible, y->soft.total + y->facility.total);
        sum_eligible += y->eligible;
        sum_soft += y->soft.total;
        sum_facility += y->facility.total;
    }
    assert_true(p->totals.has_eligible && p->totals.has_soft &&
                p->totals.has_facility);
    assert_int_equal(p->totals.eligible, 38157);
    assert_int_equal(p->totals.eligible, sum_eligible);
    assert_int_equal(p->totals.soft, sum_soft);
    assert_int_equal(p->totals.facility, sum_facility);

    /* Texts as printed, half-width parentheses and all. */
    const gs_year *y1 = gs_plan_lookup_year(p, 2025);
    const gs_year *y2 = gs_plan_lookup_year(p, 2026);
    const gs_year *y3 = gs_plan_lookup_year(p, 2027);
    assert_string_equal(
        y1->positioning,
        "2026年度にオープン予定の産業ビジネス支援拠点内でワンストップで"
        "外国人材採用・定着を支援する体制の構築を検討し、試行する。");
    assert_string_equal(
        y1->soft.elems[0].desc[0].text,
        "就労・雇用相談窓口を新設(試行)し、長岡で働きたい外国人や採用したい"
        "企業からの相談を通じて、課題やニーズを把握し、外国人材と企業が交流"
        "する機会の提供や人材のマッチングを一貫してサポートするプラットフォーム"
        "を構築するために必要な事業費");
    assert_string_equal(
        y2->soft.elems[0].desc[2].text,
        "<プラットフォーム機能> 相談支援(拡充)、交流機会創出、インターンシップ"
        "プログラム実施、人材マッチング支援、就労フォローアップ支援");
    assert_string_equal(
        y3->soft.elems[0].desc[2].text,
        "<プラットフォーム機能> 相談支援、交流機会創出、インターンシップ"
        "プログラム実施、人材マッチング支援、就労フォローアップ支援、"
        "コミュニティ形成支援(拡充)");
    assert_string_equal(
        y3->positioning,
        "外国人材の採用の増加に応じて、企業・外国人材が直面する課題やニーズに"
        "あった支援の拡充を検討し、人材の定着につなげる。");

    /* Positions point into the file. */
    assert_ptr_equal(y2->pos.file, p->file);
    assert_int_equal(y2->pos.line, line_in_file(path, "<year fy=\"2026\">"));
    assert_int_equal(y2->soft.total_pos.line,
                     line_in_file(path, "total=\"12,719\""));
    assert_int_equal(p->kpis[3].pos.line,
                     line_in_file(path, "就労・雇用相談支援件数"));
    assert_int_equal(y3->soft.elems[0].desc[1].pos.line,
                     line_in_file(path, "<item amount=\"13,219\">"));

    gs_plan_free(p);
    gs_diags_free(&d);
}

/* The broken sample reads fine (it is valid data); the reader keeps the
 * stated total so the validator can refuse the plan. */
static void test_broken_sample_keeps_stated_total(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p =
        gs_xml_load_plan(tree_path("samples/nagaoka-broken-invalid.xml"), &d);
    assert_non_null(p);
    const gs_year *y = gs_plan_lookup_year(p, 2026);
    assert_non_null(y);
    assert_true(y->soft.has_total);
    assert_int_equal(y->soft.total, 12000);
    assert_int_equal(y->soft.elems[0].amount, 12719);
    assert_int_not_equal(y->soft.total, y->soft.elems[0].amount);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* ------------------------------------------------------ E101 syntax/UTF-8 */

static void test_malformed(void **state)
{
    (void)state;
    expect_refused("malformed.xml",
                   HEAD "<year fy=\"2025\">\n"
                        "</yaer>\n" /* line 8 */
                        TAIL,
                   "E101", 8);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    /* 新 is E6 96 B0; cut it short on line 3 and put a lone 0xFF on line 5. */
    static const char xml[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
        "<applicant><prefecture>\xE6\x96</prefecture>\n"
        "<department>ok</department></applicant>\n"
        "<!-- \xFF -->\n"
        "</plan>\n";
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(write_fixture("utf8.xml", xml,
                                                sizeof xml - 1), &d);
    assert_null(p);
    assert_int_equal(count_code(&d, "E101"), 2);
    assert_int_equal(d.v[0].line, 3);
    assert_int_equal(d.v[1].line, 5);
    gs_diags_free(&d);
}

/* An encoding declaration does not make non-UTF-8 bytes acceptable. */
static void test_declared_other_encoding_still_utf8(void **state)
{
    (void)state;
    static const char xml[] =
        "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n"
        "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
        "<applicant><prefecture>\x90\x56\x8a\x83</prefecture>\n" /* 新潟 SJIS */
        "</applicant></plan>\n";
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(write_fixture("sjis.xml", xml,
                                                sizeof xml - 1), &d);
    assert_null(p);
    assert_int_equal(find_code(&d, "E101")->line, 3);
    gs_diags_free(&d);
}

/* ----------------------------------------------------------- E102 schema */

static void test_schema_reports_every_error(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(
        fixture("schema.xml",
                HEAD "<year fy=\"2025\">\n"
                     "<budget month=\"2025-13\" kind=\"当初\"/>\n" /* 8 */
                     "<eligible>12.5</eligible>\n"                 /* 9 */
                     "</year>\n"
                     "<year fy=\"2018\"/>\n"                       /* 11 */
                     "<totals eligible=\"1,2345\"/>\n"             /* 12 */
                     TAIL),
        &d);
    assert_null(p);
    bool l8 = false, l9 = false, l11 = false;
    for (size_t i = 0; i < d.n; i++) {
        assert_string_equal(d.v[i].code, "E102");
        assert_non_null(strstr(d.v[i].message, "スキーマに合いません"));
        l8 = l8 || d.v[i].line == 8;
        l9 = l9 || d.v[i].line == 9;
        l11 = l11 || d.v[i].line == 11;
    }
    if (!(l8 && l9 && l11))
        dump(&d);
    assert_true(l8 && l9 && l11);
    gs_diags_free(&d);
}

static void test_schema_wrong_root_and_namespace(void **state)
{
    (void)state;
    expect_refused("ns.xml",
                   "<?xml version=\"1.0\"?>\n"
                   "<plan version=\"1\">\n"
                   "</plan>\n",
                   "E102", 2);
    expect_refused("version.xml",
                   "<?xml version=\"1.0\"?>\n"
                   "\n"
                   "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"2\">\n"
                   "</plan>\n",
                   "E102", 3);
}

static void test_schema_too_many_budgets_and_kpis(void **state)
{
    (void)state;
    expect_refused("budgets.xml",
                   HEAD "<year fy=\"2025\">\n"
                        "<budget month=\"2025-04\" kind=\"当初\"/>\n"
                        "<budget month=\"2025-06\" kind=\"補正\"/>\n"
                        "<budget month=\"2025-09\" kind=\"補正\"/>\n"
                        "<budget month=\"2025-12\" kind=\"補正\"/>\n" /* 11 */
                        "</year>\n" TAIL,
                   "E102", 11);
    expect_refused("kpis.xml",
                   "<?xml version=\"1.0\"?>\n"
                   "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
                   "<applicant><prefecture>p</prefecture>"
                   "<department>d</department></applicant>\n"
                   "<project><name>n</name><kinds>soft</kinds>"
                   "<period first=\"2025\" last=\"2025\"/></project>\n"
                   "<kpis>\n"
                   "<kpi no=\"1\" unit=\"u\">a</kpi>\n"
                   "<kpi no=\"2\" unit=\"u\">a</kpi>\n"
                   "<kpi no=\"3\" unit=\"u\">a</kpi>\n"
                   "<kpi no=\"4\" unit=\"u\">a</kpi>\n"
                   "<kpi no=\"5\" unit=\"u\">a</kpi>\n"
                   "<kpi no=\"6\" unit=\"u\">a</kpi>\n"
                   "<kpi no=\"7\" unit=\"u\">a</kpi>\n" /* 12 */
                   "</kpis>\n</plan>\n",
                   "E102", 12);
}

/* amount may be left out only when items give it. */
static void test_element_without_amount_or_items(void **state)
{
    (void)state;
    expect_refused("noamount.xml",
                   HEAD "<year fy=\"2025\"><soft>\n"
                        "<element no=\"1\"><name>x</name>\n" /* 8 */
                        "<description><p>説明だけ</p></description>\n"
                        "</element></soft></year>\n" TAIL,
                   "E102", 8);

    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(
        fixture("items.xml",
                HEAD "<year fy=\"2025\"><soft>\n"
                     "<element no=\"1\"><name>x</name><description>\n"
                     "<item amount=\"100\">a</item>\n"
                     "<item amount=\"２００千円\">b</item>\n"
                     "</description></element></soft></year>\n" TAIL),
        &d);
    if (!p)
        dump(&d);
    assert_non_null(p);
    const gs_element *e = &p->years[0].soft.elems[0];
    assert_false(e->has_amount);
    assert_int_equal(e->ndesc, 2);
    assert_int_equal(e->desc[0].amount, 100);
    assert_int_equal(e->desc[1].amount, 200);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* ------------------------------------------------- E103 DTD and entities */

static void test_xxe_refused_without_reading(void **state)
{
    (void)state;
    char secret[600];
    snprintf(secret, sizeof secret, "%s/secret.txt", tmpdir);
    FILE *f = fopen(secret, "w");
    assert_non_null(f);
    fputs("TOP-SECRET-CONTENT\n", f);
    fclose(f);

    char xml[2048];
    snprintf(xml, sizeof xml,
             "<?xml version=\"1.0\"?>\n"
             "<!DOCTYPE plan [\n" /* line 2 */
             "  <!ENTITY xxe SYSTEM \"file://%s\">\n"
             "]>\n"
             "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">"
             "<applicant><prefecture>&xxe;</prefecture>"
             "<department>d</department></applicant></plan>\n",
             secret);

    xmlExternalEntityLoader loader_before = xmlGetExternalEntityLoader();
    xmlStructuredErrorFunc serror_before = xmlStructuredError;

    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(fixture("xxe.xml", xml), &d);
    assert_null(p);
    /* exactly the DOCTYPE refusal: the loader was never asked for anything
     * (it would have added a second E103) */
    if (d.n != 1)
        dump(&d);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].code, "E103");
    assert_int_equal(d.v[0].line, 2);
    assert_null(strstr(d.v[0].message, "TOP-SECRET"));

    /* the global libxml2 hooks are restored */
    assert_ptr_equal(xmlGetExternalEntityLoader(), loader_before);
    assert_ptr_equal(xmlStructuredError, serror_before);
    gs_diags_free(&d);

    /* An external DTD alone is refused the same way. */
    snprintf(xml, sizeof xml,
             "<?xml version=\"1.0\"?>\n"
             "\n"
             "<!DOCTYPE plan SYSTEM \"file://%s\">\n" /* line 3 */
             "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\"/>\n",
             secret);
    expect_refused("extdtd.xml", xml, "E103", 3);
}

static void test_billion_laughs_refused(void **state)
{
    (void)state;
    static const char xml[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE lolz [\n"
        " <!ENTITY lol \"lol\">\n"
        " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
        " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
        " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
        " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
        " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
        " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
        " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
        " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
        "]>\n"
        "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">&lol9;</plan>\n";
    clock_t t0 = clock();
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(fixture("lol.xml", xml), &d);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_null(p);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].code, "E103");
    assert_int_equal(d.v[0].line, 2);
    assert_true(secs < 2.0); /* nothing was expanded */
    gs_diags_free(&d);
}

/* ------------------------------------------------------ E104 file gates */

static void test_oversize_refused(void **state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/big.xml", tmpdir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("<?xml version=\"1.0\"?>\n<plan>", f);
    fclose(f);
    /* sparse: one byte over the limit without writing 8 MB */
    assert_int_equal(truncate(path, (off_t)GS_XML_MAX_BYTES + 1), 0);
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(path, &d);
    assert_null(p);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].code, "E104");
    gs_diags_free(&d);
}

static void test_unreadable_refused(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    char missing[600];
    snprintf(missing, sizeof missing, "%s/does-not-exist.xml", tmpdir);
    assert_null(gs_xml_load_plan(missing, &d));
    assert_null(gs_xml_load_plan(tmpdir, &d)); /* a directory */
    assert_int_equal(d.n, 2);
    assert_string_equal(d.v[0].code, "E104");
    assert_string_equal(d.v[1].code, "E104");
    gs_diags_free(&d);
}

/* --------------------------------------------------- E105 bad values */

static void test_bad_amount(void **state)
{
    (void)state;
    /* 16 digits: the pattern admits it, gs_amount_parse does not */
    expect_refused("amount.xml",
                   HEAD "<year fy=\"2025\">\n"
                        "<eligible>1234567890123456</eligible>\n" /* 8 */
                        "</year>\n" TAIL,
                   "E105", 8);
}

static void test_bad_date(void **state)
{
    (void)state;
    expect_refused("date.xml",
                   "<?xml version=\"1.0\"?>\n"
                   "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
                   "<applicant><prefecture>p</prefecture>"
                   "<department>d</department></applicant>\n"
                   "<project><name>n</name><kinds>soft</kinds>"
                   "<period first=\"2025\" last=\"2025\"/></project>\n"
                   "<expenses date=\"2025-02-29\">\n" /* 5: not a leap year */
                   "</expenses>\n</plan>\n",
                   "E105", 5);
}

static void test_period_reversed(void **state)
{
    (void)state;
    expect_refused("period.xml",
                   "<?xml version=\"1.0\"?>\n"
                   "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
                   "<applicant><prefecture>p</prefecture>"
                   "<department>d</department></applicant>\n"
                   "<project><name>n</name><kinds>soft</kinds>\n"
                   "<period first=\"2027\" last=\"2025\"/></project>\n" /* 5 */
                   "</plan>\n",
                   "E105", 5);
}

static void test_control_characters(void **state)
{
    (void)state;
    /* DEL and C1 are legal XML 1.0 characters, CR can be written as a
     * reference: all three are refused in texts. */
    expect_refused("del.xml",
                   HEAD "<year fy=\"2025\"><positioning>\n"
                        "ok\n"
                        "bad&#x7F;\n" /* 9 */
                        "</positioning></year>\n" TAIL,
                   "E105", 9);
    expect_refused("c1.xml",
                   HEAD "<year fy=\"2025\">\n"
                        "<positioning>x&#x85;y</positioning></year>\n" /* 8 */
                        TAIL,
                   "E105", 8);
    expect_refused("cr.xml",
                   HEAD "<year fy=\"2025\">\n"
                        "<positioning>x&#13;y</positioning></year>\n" /* 8 */
                        TAIL,
                   "E105", 8);
    /* a C0 control is not even XML */
    expect_refused("c0.xml",
                   HEAD "<year fy=\"2025\">\n"
                        "<positioning>x&#1;y</positioning></year>\n" /* 8 */
                        TAIL,
                   "E101", 8);
}

static void test_empty_required_text(void **state)
{
    (void)state;
    expect_refused("empty.xml",
                   HEAD "<year fy=\"2025\"><soft>\n"
                        "<element no=\"1\" amount=\"1\">\n"
                        "<name>\n   \n</name>\n" /* 9 */
                        "</element></soft></year>\n" TAIL,
                   "E105", 9);
}

/* ------------------------------------------------------ E106 duplicates */

static void test_duplicate_fy(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(
        fixture("dupfy.xml",
                HEAD YEAR("2025", "1") /* 7 */
                     YEAR("2026", "2") /* 8 */
                     YEAR("2025", "3") /* 9 */
                     TAIL),
        &d);
    assert_null(p);
    const gs_diag *g = find_code(&d, "E106");
    assert_int_equal(g->line, 9);
    assert_non_null(strstr(g->message, "7 行目"));
    gs_diags_free(&d);
}

static void test_duplicate_element_and_kpi(void **state)
{
    (void)state;
    expect_refused("dupel.xml",
                   HEAD "<year fy=\"2025\"><soft>\n"
                        "<element no=\"1\" amount=\"1\"><name>a</name></element>\n"
                        "<element no=\"1\" amount=\"2\"><name>b</name></element>\n" /* 9 */
                        "</soft></year>\n" TAIL,
                   "E106", 9);
    expect_refused("dupkpi.xml",
                   "<?xml version=\"1.0\"?>\n"
                   "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
                   "<applicant><prefecture>p</prefecture>"
                   "<department>d</department></applicant>\n"
                   "<project><name>n</name><kinds>soft</kinds>"
                   "<period first=\"2025\" last=\"2025\"/></project>\n"
                   "<kpis>\n"
                   "<kpi no=\"2\" unit=\"人\">a</kpi>\n"
                   "<kpi no=\"2\" unit=\"人\">b</kpi>\n" /* 7 */
                   "</kpis>\n</plan>\n",
                   "E106", 7);
    /* the same element number in soft and facility is fine */
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(
        fixture("twoparts.xml",
                HEAD "<year fy=\"2025\">\n"
                     "<soft><element no=\"1\" amount=\"1\"><name>a</name>"
                     "</element></soft>\n"
                     "<facility><element no=\"1\" amount=\"2\"><name>b</name>"
                     "</element></facility>\n"
                     "</year>\n" TAIL),
        &d);
    if (!p)
        dump(&d);
    assert_non_null(p);
    assert_int_equal(p->years[0].facility.elems[0].amount, 2);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* Line numbers stay exact past 65535 (libxml2 needs BIG_LINES for that). */
static void test_big_line_numbers(void **state)
{
    (void)state;
    enum { PAD = 70000 };
    gs_buf b = GS_BUF_INIT;
    gs_buf_puts(&b, HEAD);
    for (int i = 0; i < PAD; i++)
        gs_buf_putc(&b, '\n');
    gs_buf_puts(&b, YEAR("2025", "1"));            /* 7 + PAD */
    gs_buf_puts(&b, YEAR("2025", "2"));            /* 8 + PAD */
    gs_buf_puts(&b, TAIL);
    expect_refused("big-dup.xml", b.data, "E106", 8 + PAD);

    gs_buf_clear(&b);
    gs_buf_puts(&b, HEAD);
    for (int i = 0; i < PAD; i++)
        gs_buf_putc(&b, '\n');
    gs_buf_puts(&b, "<year fy=\"2025\"><bogus/></year>\n"); /* 7 + PAD */
    gs_buf_puts(&b, TAIL);
    expect_refused("big-schema.xml", b.data, "E102", 7 + PAD);

    gs_buf_clear(&b);
    gs_buf_puts(&b, HEAD);
    for (int i = 0; i < PAD; i++)
        gs_buf_putc(&b, '\n');
    gs_buf_puts(&b, "<year fy=\"2025\"></yaer>\n"); /* 7 + PAD */
    gs_buf_puts(&b, TAIL);
    expect_refused("big-syntax.xml", b.data, "E101", 7 + PAD);
    gs_buf_free(&b);
}

/* -------------------------------------------------- text normalisation */

static void test_text_normalisation(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(
        fixture("norm.xml",
                HEAD "<year fy=\"2025\">\n"
                     "  <positioning>\n"
                     "      一行目の  文   \n"
                     "\n"
                     "  \t  二行目<!-- comment -->です\n"
                     "      \u3000字下げした三行目\n"
                     "  </positioning>\n"
                     "  <soft count=\" 1 \" total=\" △1,200千円 \">\n"
                     "    <element no=\"1\" kpi=\" 1  1 \" amount=\"-1200\">\n"
                     "      <name><![CDATA[a < b]]> &amp; c</name>\n"
                     "    </element>\n"
                     "  </soft>\n"
                     "</year>\n" TAIL),
        &d);
    /* the duplicate KPI reference is the one error here */
    assert_null(p);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].code, "E106");
    assert_int_equal(d.v[0].line, 15);
    gs_diags_free(&d);

    p = gs_xml_load_plan(
        fixture("norm2.xml",
                HEAD "<year fy=\"2025\">\n"
                     "  <positioning>\n"
                     "      一行目の  文   \n"
                     "\n"
                     "  \t  二行目<!-- comment -->です\n"
                     "      \u3000字下げした三行目\n"
                     "  </positioning>\n"
                     "  <soft count=\" 1 \" total=\" △1,200千円 \">\n"
                     "    <element no=\"1\" kpi=\" 3  1 \" amount=\"-1200\">\n"
                     "      <name><![CDATA[a < b]]> &amp; c</name>\n"
                     "    </element>\n"
                     "  </soft>\n"
                     "</year>\n" TAIL),
        &d);
    if (!p)
        dump(&d);
    assert_non_null(p);
    const gs_year *y = &p->years[0];
    assert_string_equal(y->positioning,
                        "一行目の  文\n二行目です\n\u3000字下げした三行目");
    assert_int_equal(y->soft.count, 1);
    assert_int_equal(y->soft.total, -1200);
    const gs_element *e = &y->soft.elems[0];
    assert_string_equal(e->name, "a < b & c");
    assert_int_equal(e->amount, -1200);
    assert_int_equal(e->nkpis, 2);
    assert_int_equal(e->kpis[0], 3);
    assert_int_equal(e->kpis[1], 1);
    assert_int_equal(e->pos.line, 15);
    assert_int_equal(e->ndesc, 0);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* A prefecture's own plan: no municipality, no KPIs, no expenses yet. */
static void test_minimal_plan(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(
        fixture("minimal.xml",
                "<?xml version=\"1.0\"?>\n"
                "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
                "<applicant><prefecture>p</prefecture>"
                "<department>d</department></applicant>\n"
                "<project><name>n</name><kinds>infra base</kinds>"
                "<period first=\"2025\" last=\"2031\"/></project>\n"
                "</plan>\n"),
        &d);
    if (!p)
        dump(&d);
    assert_non_null(p);
    assert_null(p->municipality);
    assert_int_equal(p->kinds, GS_KIND_INFRA | GS_KIND_BASE);
    assert_int_equal(p->nyears, 0);
    assert_int_equal(p->doc_year, 0);
    assert_int_equal(p->pos.line, 2);
    gs_plan_free(p);
    gs_diags_free(&d);
}

static void test_schema_text_embedded(void **state)
{
    (void)state;
    const char *rng = gs_xml_plan_schema();
    assert_non_null(rng);
    assert_non_null(strstr(rng, "urn:x-grantsheet:plan:1"));
    assert_non_null(strstr(rng, "</grammar>"));
}

/* ------------------------------------------------------------------ main */

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_loads_exactly),
        cmocka_unit_test(test_broken_sample_keeps_stated_total),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_declared_other_encoding_still_utf8),
        cmocka_unit_test(test_schema_reports_every_error),
        cmocka_unit_test(test_schema_wrong_root_and_namespace),
        cmocka_unit_test(test_schema_too_many_budgets_and_kpis),
        cmocka_unit_test(test_element_without_amount_or_items),
        cmocka_unit_test(test_xxe_refused_without_reading),
        cmocka_unit_test(test_billion_laughs_refused),
        cmocka_unit_test(test_oversize_refused),
        cmocka_unit_test(test_unreadable_refused),
        cmocka_unit_test(test_bad_amount),
        cmocka_unit_test(test_bad_date),
        cmocka_unit_test(test_period_reversed),
        cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_empty_required_text),
        cmocka_unit_test(test_duplicate_fy),
        cmocka_unit_test(test_duplicate_element_and_kpi),
        cmocka_unit_test(test_big_line_numbers),
        cmocka_unit_test(test_text_normalisation),
        cmocka_unit_test(test_minimal_plan),
        cmocka_unit_test(test_schema_text_embedded),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
