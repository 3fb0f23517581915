/*
 * test_results.c - the 効果検証's 実績 from every input, and named where
 * they change, end to end through the grantsheet binary:
 *
 *   - the 効果検証 of samples/nagaoka-kouka.xml kept as a CSV table
 *     (<results csv=..>) dumps exactly as the XML one, every document;
 *   - `diff` of two plans, and of their rendered 効果検証 PDFs, that differ
 *     in one 実績 names the KPI, the row (実績) and the fiscal year, with
 *     the old and the new figure, and the 達成率 that follows from it;
 *   - a batch over one city's plans that break the national cap fails,
 *     naming them.
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

static char *must_slurp(const char *path)
{
    char *s = e2e_slurp(path, NULL);
    assert_non_null(s);
    return s;
}

/* text with the first `from` replaced by `to` (which must be there). */
static char *replace(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    return e2e_fmt("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

/* The XML 効果検証 and the CSV one dump the same figures, in every
 * document (効果検証 and 活用状況 included). */
static void test_csv_dumps_as_xml(void **state)
{
    (void)state;
    char *sample = e2e_fmt("%s/samples/nagaoka-kouka.xml", root);
    char *xml = must_slurp(sample);
    char *open = strstr(xml, "<results ");
    assert_non_null(open);
    char *gt = strchr(open, '>');
    char *dept_end = strstr(open, "</department>");
    char *close = strstr(open, "</results>");
    assert_true(gt && dept_end && close);
    dept_end += strlen("</department>");
    char *plan = e2e_fmt("%.*s csv=\"results.csv\"%.*s\n  %s", (int)(gt - xml), xml,
                     (int)(dept_end - gt), gt, close);
    char *plan_path = e2e_fmt("%s/kouka-csv.xml", work);
    char *csv_path = e2e_fmt("%s/results.csv", work);
    e2e_spit(plan_path, plan, strlen(plan));
    /* the 効果検証 as a planning division keeps it in Excel */
    char *cp = e2e_fmt("cp '%s/tests/input/csv/kouka-results.csv' '%s'", root, csv_path);
    assert_int_equal(e2e_sh(cp, NULL), 0);
    free(cp);
    char *results_csv = must_slurp(csv_path);
    char *a, *b;
    char *cmd = e2e_fmt("'%s' dump --document all '%s'", gs_bin, sample);
    assert_int_equal(e2e_sh(cmd, &a), 0);
    free(cmd);
    cmd = e2e_fmt("'%s' dump --document all '%s'", gs_bin, plan_path);
    assert_int_equal(e2e_sh(cmd, &b), 0);
    assert_non_null(strstr(a, "効果検証\t\t①外国人材の新規就業者数（人） 実績\t令和7年度\t12.00\n"));
    assert_non_null(strstr(a, "\t△3.00※1\n"));
    assert_string_equal(b, a);
    /* and a bad 実績 in the table is named at its cell */
    free(cmd);
    char *bad = replace(results_csv, "KPI①実績,12,", "KPI①実績,十二,");
    e2e_spit(csv_path, bad, strlen(bad));
    char *out;
    cmd = e2e_fmt("'%s' validate '%s' 2>&1", gs_bin, plan_path);
    assert_int_equal(e2e_sh(cmd, &out), 1);
    char *want = e2e_fmt("%s:6:2: error[E123]: 「2025年度」列の「十二」を実績として読めません", csv_path);
    if (!strstr(out, want))
        fail_msg("wanted %s in:\n%s", want, out);
    free(want);
    free(out);
    free(bad);
    free(results_csv);
    free(cmd);
    free(a);
    free(b);
    free(plan);
    free(plan_path);
    free(csv_path);
    free(xml);
    free(sample);
}

/* cmd (a diff) exits 1 and says exactly the two lines want[], in any
 * order. */
static void expect_diff(const char *cmd, const char *const want[2])
{
    char *out;
    assert_int_equal(e2e_sh(cmd, &out), 1);
    for (size_t i = 0; i < 2; i++)
        if (!strstr(out, want[i]))
            fail_msg("wanted %s in:\n%s", want[i], out);
    assert_int_equal(strlen(out), strlen(want[0]) + strlen(want[1]));
    free(out);
}

/* One 実績 changed (KPI① 2025年度: 12 -> 13): diff names it by KPI, row
 * and year, for the plan files and for the 効果検証 PDFs, and says the
 * 達成率 moved with it (13 / 10 = 130.0%); nothing else differs. */
static void test_diff_names_actual(void **state)
{
    (void)state;
    char *sample = e2e_fmt("%s/samples/nagaoka-kouka.xml", root);
    char *xml = must_slurp(sample);
    char *changed = replace(xml, "<actual fy=\"2025\">12</actual>",
                            "<actual fy=\"2025\">13</actual>");
    char *copy = e2e_fmt("%s/kouka-changed.xml", work);
    e2e_spit(copy, changed, strlen(changed));
    const char *want[] = {
        "変更 効果検証 / ①外国人材の新規就業者数（人） 実績 / 令和7年度: 12.00 → 13.00\n",
        "変更 効果検証 / ①外国人材の新規就業者数（人） / 達成率: 120.0% → 130.0%\n",
    };
    char *cmd = e2e_fmt("'%s' diff --document 効果検証 '%s' '%s'", gs_bin, sample, copy);
    expect_diff(cmd, want);
    free(cmd);

    char *pa = e2e_fmt("%s/a.pdf", work), *pb = e2e_fmt("%s/b.pdf", work);
    cmd = e2e_fmt("'%s' render --document 効果検証 -o '%s' '%s' && "
              "'%s' render --document 効果検証 -o '%s' '%s'",
              gs_bin, pa, sample, gs_bin, pb, copy);
    assert_int_equal(e2e_sh(cmd, NULL), 0);
    free(cmd);
    cmd = e2e_fmt("'%s' diff '%s' '%s'", gs_bin, pa, pb);
    expect_diff(cmd, want);
    free(cmd);
    free(pa);
    free(pb);
    free(copy);
    free(changed);
    free(xml);
    free(sample);
}

/* tests/batch/cap-plan.xml (a plan of 長岡市, ① 1,200,000千円 in 2025)
 * at path, named name, with ① = eligible. */
static void write_cap_plan(const char *path, const char *name, const char *eligible)
{
    char *cmd = e2e_fmt("sed -e 's/事業A/%s/' -e 's/1,200,000/%s/g' '%s/tests/batch/cap-plan.xml' > '%s'",
                    name, eligible, root, path);
    assert_int_equal(e2e_sh(cmd, NULL), 0);
    free(cmd);
}

/* The command line of a nightly batch over one city's plans that break
 * the national cap together: exit 1, the E254 on stderr naming both plan
 * files, the summary counting it, every PDF written. */
static void test_batch_cap(void **state)
{
    (void)state;
    char *dir = e2e_fmt("%s/city", work), *a = e2e_fmt("%s/city/a.xml", work),
         *b = e2e_fmt("%s/city/b.xml", work);
    char *cmd = e2e_fmt("mkdir -p '%s'", dir);
    assert_int_equal(e2e_sh(cmd, NULL), 0);
    free(cmd);
    write_cap_plan(a, "事業A", "1,200,000");
    write_cap_plan(b, "事業B", "800,002");
    char *out;
    cmd = e2e_fmt("'%s' batch '%s' -o '%s/night' -q 2>&1", gs_bin, dir, work);
    assert_int_equal(e2e_sh(cmd, &out), 1);
    const char *want[] = {
        "error[E254]", "新潟県長岡市 の 2025年度の国費の合計 1,000,001千円", a, b,
        "国費の上限超過 1 件 (E254)",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!strstr(out, want[i]))
            fail_msg("wanted %s in:\n%s", want[i], out);
    free(out);
    free(cmd);
    char *pdf = e2e_fmt("%s/night/b.pdf", work);
    assert_int_equal(access(pdf, F_OK), 0);
    free(pdf);
    free(dir);
    free(a);
    free(b);
}

static int setup(void **state)
{
    (void)state;
    return e2e_begin(&root, &gs_bin, &work, "results");
}

static int teardown(void **state)
{
    (void)state;
    return e2e_end(&root, &gs_bin, &work);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_dumps_as_xml),
        cmocka_unit_test(test_diff_names_actual),
        cmocka_unit_test(test_batch_cap),
    };
    return cmocka_run_group_tests_name("e2e/results", tests, setup, teardown);
}
