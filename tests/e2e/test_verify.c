/*
 * test_verify.c - the 効果検証 and the 活用状況 report end to end: the
 * grantsheet binary renders the samples with actuals, and the PDFs are read
 * back with pdftotext, so what is checked is what a reader of the published
 * report sees.  The 達成率 are computed by hand here, from the samples'
 * figures, not by the code under test.
 *
 * Environment (set by `make e2e`): GRANTSHEET_DATADIR (the checkout),
 * GS_BIN (the ASan grantsheet).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e.h"

static char *root, *gs_bin, *work;

/* The text of pdf as laid out (rows of a table on their lines), blanks and
 * line ends squeezed out. */
static char *pdf_text(const char *pdf)
{
    char *cmd = e2e_fmt("pdftotext -layout -enc UTF-8 '%s' - | tr -d ' \\n\\f'", pdf);
    char *out;
    assert_int_equal(e2e_sh(cmd, &out), 0);
    free(cmd);
    return out;
}

/* Each of want[] in text, in that order. */
static void expect_in_order(const char *text, const char *const *want, size_t n)
{
    const char *at = text;
    for (size_t i = 0; i < n; i++) {
        const char *hit = strstr(at, want[i]);
        if (!hit)
            fail_msg("\"%s\" missing (or out of order) after \"%.60s\"", want[i], at);
        at = hit + strlen(want[i]);
    }
}

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* Σ実績 / Σ目標 as the report prints it, computed here from hundredths. */
static char *rate(long num, long den)
{
    long tenths = (num * 1000 + (num >= 0 ? den / 2 : -den / 2)) / den;
    return tenths < 0 ? e2e_fmt("△%ld.%ld%%", -tenths / 10, -tenths % 10)
                      : e2e_fmt("%ld.%ld%%", tenths / 10, tenths % 10);
}

static int setup(void **state)
{
    (void)state;
    return e2e_begin(&root, &gs_bin, &work, "verify");
}

static int teardown(void **state)
{
    (void)state;
    return e2e_end(&root, &gs_bin, &work);
}

/* One project's 効果検証: every figure in reading order, 円 printed as
 * 千円 rounded down (5,980,500円 -> 5,980), the fall, the notes, — for
 * the years not yet ended. */
static void test_kouka_document(void **state)
{
    (void)state;
    char *pdf = e2e_fmt("%s/k.pdf", work);
    char *cmd = e2e_fmt("'%s' render '%s/samples/nagaoka-kouka.xml' --document 効果検証 -o '%s' 2>&1",
                    gs_bin, root, pdf);
    char *out;
    if (e2e_sh(cmd, &out) != 0)
        fail_msg("%s:\n%s", cmd, out);
    char *text = pdf_text(pdf);
    char *r1 = rate(1200, 1000), *r2 = rate(-300, 1400), *r4 = rate(1800, 1500);
    const char *want[] = {
        "効果検証", "事業期間令和7年度～令和9年度（3年間）", "担当課産業立地課",
        "（単位：千円）", "令和7年度令和8年度令和9年度計",
        "総事業費11,96111,961", "交付金額5,9805,980",
        "目標10.0010.0010.002.00", r1, "実績12.00——",
        "目標14.0014.0014.00354.00", r2, "実績△3.00※1——",
        "目標10.0010.0010.0018.00数（社）実績未公表※2——",
        "目標15.0015.0015.0015.00", r4, "実績18.00——",
        "※1事業所の廃業による減", "※2令和8年12月公表予定",
        "事業の成果", "マッチング会を4回開催", "令和7年度", "18件の相談に対応した。",
        "（2026年9月30日現在）",
    };
    expect_in_order(text, want, COUNT(want));
    free(r1);
    free(r2);
    free(r4);
    free(text);
    free(out);
    free(cmd);
    free(pdf);
}

/* The 活用状況 of two projects of 長岡市: the front table in order of
 * adoption, then a section each with its 達成率 (a 未確定 year does not
 * count), page numbers over the whole report. */
static void test_report(void **state)
{
    (void)state;
    char *pdf = e2e_fmt("%s/活用状況.pdf", work);
    char *cmd = e2e_fmt("'%s' report '%s/samples/nagaoka-kouka.xml' '%s/samples/nagaoka-kanko.xml' "
                    "-o '%s' 2>&1", gs_bin, root, root, pdf);
    char *out;
    if (e2e_sh(cmd, &out) != 0)
        fail_msg("%s:\n%s", cmd, out);
    char *text = pdf_text(pdf);
    char *k1 = rate(7600, 7500), *k2 = rate(310000, 300000), *k3 = rate(800, 1800),
         *k4 = rate(5600, 6000), *n1 = rate(1200, 1000);
    const char *want[] = {
        "新潟県長岡市地方創生交付金事業の活用状況",
        "年度事業名事業期間交付金額計担当課頁",
        "令和3年度雪国の通年型アウトドア観光推進事業令和3年度～令和5年度20,500観光事業課2",
        /* a name wrapped in its cell: the row's other cells on its middle line */
        "地域産業の活力を高める外国人材活躍推進プ令和7年度令和7年度～令和9年度5,980産業立地課3"
        "ラットフォーム事業",
        "1/3",
        "雪国の通年型アウトドア観光推進事業", "総事業費18,20012,50011,00041,700",
        "交付金額9,0006,0005,50020,500",
        "目標20.0025.0030.00850.00", k1, "実績18.0027.0031.00",
        "目標800.001,000.001,200.001,200.00", k2, "実績650.001,100.001,350.00",
        "目標5.006.007.000.00", k3, "実績4.00△1.005.00",
        "目標30.0030.0030.001,520.00", k4, "実績25.0031.00未確定※1",
        "※1令和6年度観光動態調査により確定予定",
        "（2024年6月30日現在）", "2/3",
        "地域産業の活力を高める外国人材活躍推進プラットフォーム事業", n1, "3/3",
    };
    expect_in_order(text, want, COUNT(want));
    free(k1); free(k2); free(k3); free(k4); free(n1);
    free(text);
    free(out);
    free(cmd);
    /* --as-of before FY2025 ended: the Nagaoka 実績 are refused (E252) and
     * nothing is written */
    char *late = e2e_fmt("%s/late.pdf", work);
    cmd = e2e_fmt("'%s' report '%s/samples/nagaoka-kouka.xml' --as-of 2026-03-31 -o '%s' 2>&1",
              gs_bin, root, late);
    assert_int_equal(e2e_sh(cmd, &out), 1);
    if (!strstr(out, "error[E252]"))
        fail_msg("no E252 in:\n%s", out);
    assert_int_not_equal(access(late, F_OK), 0);
    free(out);
    free(cmd);
    free(late);
    free(pdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kouka_document),
        cmocka_unit_test(test_report),
    };
    return cmocka_run_group_tests_name("e2e/verify", tests, setup, teardown);
}
