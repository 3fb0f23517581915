/*
 * test_notation.c - the one parser of each notation planners type: every
 * spelling a clerk uses is read, everything else is refused with the
 * reason (BAD / RANGE / PLACES / ORDER), and a refusal's explanation names
 * the notations that are accepted.  The readers' tests (test_xml.c,
 * test_csv.c) prove that both readers call these.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "input/notation.h"
#include "util/fy.h"
#include "util/num.h"

/* ------------------------------------------------------------ amounts */

static void amount_ok(const char *s, int64_t want)
{
    int64_t v = -999;
    gs_notation_status st = gs_notation_amount(s, &v);
    if (st != GS_NOTATION_OK || v != want)
        print_message("amount \"%s\": status %d, %lld\n", s, (int)st,
                      (long long)v);
    assert_int_equal(st, GS_NOTATION_OK);
    assert_int_equal(v, want);
}

static void amount_refused(const char *s, gs_notation_status want)
{
    int64_t v = -999;
    gs_notation_status st = gs_notation_amount(s, &v);
    if (st != want)
        print_message("amount \"%s\": status %d, wanted %d\n", s, (int)st,
                      (int)want);
    assert_int_equal(st, want);
    assert_int_equal(v, -999); /* untouched */
}

static void test_amount_accepted(void **state)
{
    (void)state;
    amount_ok("12219", 12219);
    amount_ok("12,219", 12219);
    amount_ok("12,219千円", 12219);
    amount_ok("12,219 千円", 12219);
    amount_ok(" 12219 ", 12219);
    amount_ok("１２，２１９", 12219);        /* full-width digits and comma */
    amount_ok("1２,２１９", 12219);          /* mixed, as IME leaves it */
    amount_ok("１２，２１９千円", 12219);
    amount_ok("△1,200", -1200);
    amount_ok("▲1200千円", -1200);
    amount_ok("△ 1,200", -1200);            /* a blank after the sign */
    amount_ok("▲\u30001,200", -1200);        /* a full-width one too */
    amount_ok("-5", -5);
    amount_ok("－５", -5);                   /* full-width minus */
    amount_ok("−5", -5);                     /* U+2212 */
    amount_ok("+5", 5);
    amount_ok("＋４", 4);
    amount_ok("+ 4", 4);
    amount_ok("0", 0);
    amount_ok("△0", 0);
    amount_ok("999999999999999", GS_AMOUNT_MAX);
    amount_ok("△999,999,999,999,999", -GS_AMOUNT_MAX);
}

static void test_amount_refused(void **state)
{
    (void)state;
    const char *bad[] = {
        "", " ", "千円", "12.5", "1,23", "12,2190", ",123", "12 219", "abc",
        "12219円", "△", "+", "1,,000", "++5", "△-5", "5△", "1 2千円",
        "12,219千円千円", "１２，２１９ｘ", "4 +",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        amount_refused(bad[i], GS_NOTATION_BAD);
    /* well written, too large: 16 digits, and far beyond int64 */
    amount_refused("1000000000000000", GS_NOTATION_RANGE);
    amount_refused("1,000,000,000,000,000", GS_NOTATION_RANGE);
    amount_refused("99999999999999999999999999999999", GS_NOTATION_RANGE);
    amount_refused("△9223372036854775808", GS_NOTATION_RANGE);
    /* but garbage stays garbage however long */
    amount_refused("99999999999999999999x", GS_NOTATION_BAD);
}

/* ------------------------------------------------------------ figures */

static void figure_is(const char *s, gs_notation_status want, int64_t v)
{
    int64_t got = -12345;
    gs_notation_status st = gs_notation_figure(s, &got);
    if (st != want || (want == GS_NOTATION_OK && got != v))
        print_message("figure \"%s\": status %d, %lld\n", s, (int)st,
                      (long long)got);
    assert_int_equal(st, want);
    assert_int_equal(got, want == GS_NOTATION_OK ? v : -12345);
}

static void test_figure(void **state)
{
    (void)state;
    figure_is("30", GS_NOTATION_OK, 3000);
    figure_is("+30", GS_NOTATION_OK, 3000);
    figure_is("30.00", GS_NOTATION_OK, 3000);
    figure_is("10.000", GS_NOTATION_OK, 1000);      /* Excel's zeros */
    figure_is("３０．５", GS_NOTATION_OK, 3050);    /* full-width */
    figure_is("＋３０．５", GS_NOTATION_OK, 3050);
    figure_is("＋４", GS_NOTATION_OK, 400);
    figure_is("+ 4", GS_NOTATION_OK, 400);          /* blank after sign */
    figure_is("△0.51", GS_NOTATION_OK, -51);
    figure_is("△ 1.26", GS_NOTATION_OK, -126);
    figure_is("▲1.26", GS_NOTATION_OK, -126);
    figure_is("－1.26", GS_NOTATION_OK, -126);
    figure_is("−0.5", GS_NOTATION_OK, -50);
    figure_is("▲1,234.5", GS_NOTATION_OK, -123450);
    figure_is("１，２３４．５", GS_NOTATION_OK, 123450);
    figure_is(" 354.00 ", GS_NOTATION_OK, 35400);
    figure_is("0", GS_NOTATION_OK, 0);
    figure_is("9999999999999.99", GS_NOTATION_OK, 999999999999999);
    figure_is("30.001", GS_NOTATION_PLACES, 0);
    figure_is("△ 1.265", GS_NOTATION_PLACES, 0);
    figure_is("99999999999999", GS_NOTATION_RANGE, 0); /* 14 digits */
    figure_is("99999999999999999999999.5", GS_NOTATION_RANGE, 0);
    const char *bad[] = {
        "", "1,23", "1 2", "30.", ".5", "10人", "1e3", "+", "△", "+-1",
        "1.2.3", "30 .5", "三十", "0x10", "4 +",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        figure_is(bad[i], GS_NOTATION_BAD, 0);
}

/* -------------------------------------------------------------- years */

static void fy_is(const char *s, gs_notation_status want, int fy)
{
    int got = -1;
    gs_notation_status st = gs_notation_fy(s, &got);
    if (st != want || (want == GS_NOTATION_OK && got != fy))
        print_message("fy \"%s\": status %d, %d\n", s, (int)st, got);
    assert_int_equal(st, want);
    assert_int_equal(got, want == GS_NOTATION_OK ? fy : -1);
}

static void test_fy(void **state)
{
    (void)state;
    fy_is("R元", GS_NOTATION_OK, 2019);
    fy_is("R元年度", GS_NOTATION_OK, 2019);
    fy_is("令和元年度", GS_NOTATION_OK, 2019);
    fy_is("令和元", GS_NOTATION_OK, 2019);
    fy_is("元年度", GS_NOTATION_OK, 2019);
    fy_is("R7", GS_NOTATION_OK, 2025);
    fy_is("r7", GS_NOTATION_OK, 2025);
    fy_is("Ｒ７", GS_NOTATION_OK, 2025);
    fy_is("R7年度", GS_NOTATION_OK, 2025);
    fy_is("R07", GS_NOTATION_OK, 2025);
    fy_is("令和7年度", GS_NOTATION_OK, 2025);
    fy_is("令和７年度", GS_NOTATION_OK, 2025);
    fy_is("令和 7 年度", GS_NOTATION_OK, 2025);
    fy_is("令和10年度", GS_NOTATION_OK, 2028);
    fy_is("2025", GS_NOTATION_OK, 2025);
    fy_is("2025年度", GS_NOTATION_OK, 2025);
    fy_is("２０２５年度", GS_NOTATION_OK, 2025);
    fy_is(" 2019 ", GS_NOTATION_OK, 2019);
    fy_is("R81", GS_NOTATION_OK, 2099);
    /* well written, outside 2019-2099 */
    fy_is("2018年度", GS_NOTATION_RANGE, 0);
    fy_is("2100", GS_NOTATION_RANGE, 0);
    fy_is("R82", GS_NOTATION_RANGE, 0);
    fy_is("令和99年度", GS_NOTATION_RANGE, 0);
    const char *bad[] = {
        "", "元", "R", "令和", "R0", "R100", "7年度", "25年度", "20250",
        "平成31年度", "2025年", "R7年度年度", "2025-04", "来年度", "R元7",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        fy_is(bad[i], GS_NOTATION_BAD, 0);
}

/* The header form: the year is taken and what follows is left. */
static void test_take_fy(void **state)
{
    (void)state;
    const char *s = "R元年度増加分";
    int fy = 0;
    assert_int_equal(gs_notation_take_fy(&s, &fy), GS_NOTATION_OK);
    assert_int_equal(fy, 2019);
    assert_string_equal(s, "年度増加分");
    s = "2018年度";
    assert_int_equal(gs_notation_take_fy(&s, &fy), GS_NOTATION_RANGE);
    assert_int_equal(fy, 2018); /* still given: the caller words the range */
    assert_string_equal(s, "年度");
    s = "年度増加分"; /* the form's unused column */
    fy = 0;
    assert_int_equal(gs_notation_take_fy(&s, &fy), GS_NOTATION_BAD);
    assert_int_equal(fy, 0);
    assert_string_equal(s, "年度増加分");
}

static void period_is(const char *s, gs_notation_status want, int first,
                      int last)
{
    int a = -1, b = -1;
    gs_notation_status st = gs_notation_period(s, &a, &b);
    if (st != want || (want == GS_NOTATION_OK && (a != first || b != last)))
        print_message("period \"%s\": status %d, %d-%d\n", s, (int)st, a, b);
    assert_int_equal(st, want);
    if (want == GS_NOTATION_OK) {
        assert_int_equal(a, first);
        assert_int_equal(b, last);
    } else {
        assert_int_equal(a, -1);
        assert_int_equal(b, -1);
    }
}

static void test_period(void **state)
{
    (void)state;
    period_is("R7-R9", GS_NOTATION_OK, 2025, 2027);
    period_is("R7-R9年度", GS_NOTATION_OK, 2025, 2027);
    period_is("R7年度-R9年度", GS_NOTATION_OK, 2025, 2027);
    period_is("R7", GS_NOTATION_OK, 2025, 2025);
    period_is("R7年度", GS_NOTATION_OK, 2025, 2025);
    period_is("R元-R3", GS_NOTATION_OK, 2019, 2021);
    period_is("令和元年度～令和5年度", GS_NOTATION_OK, 2019, 2023);
    period_is("令和元年度〜令和5年度", GS_NOTATION_OK, 2019, 2023);
    period_is("元年度-3年度", GS_NOTATION_OK, 2019, 2021);
    period_is("令和7～9年度", GS_NOTATION_OK, 2025, 2027);
    period_is("R7-9", GS_NOTATION_OK, 2025, 2027);
    period_is("Ｒ７－Ｒ９年度", GS_NOTATION_OK, 2025, 2027);
    period_is("2025-2027", GS_NOTATION_OK, 2025, 2027);
    period_is("2025年度～2027年度", GS_NOTATION_OK, 2025, 2027);
    period_is("R7 - R11", GS_NOTATION_OK, 2025, 2029);
    period_is("R9-R7", GS_NOTATION_ORDER, 0, 0);
    period_is("R7-R82", GS_NOTATION_RANGE, 0, 0);
    period_is("2018-2020", GS_NOTATION_RANGE, 0, 0);
    const char *bad[] = {
        "", "R7-", "-R9", "R7-R9-R11", "2025-27", "R7R9", "R7から", "7-9",
        "来年度から3年間",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        period_is(bad[i], GS_NOTATION_BAD, 0, 0);
}

/* ------------------------------------------------------------ numbers */

static void test_numbers(void **state)
{
    (void)state;
    assert_int_equal(gs_notation_number("①"), 1);
    assert_int_equal(gs_notation_number("⑥"), 6);
    assert_int_equal(gs_notation_number("⑳"), 20);
    assert_int_equal(gs_notation_number("12"), 12);
    assert_int_equal(gs_notation_number("１２"), 12);
    assert_int_equal(gs_notation_number(" 3 "), 3);
    assert_int_equal(gs_notation_number("9999"), 9999);
    assert_int_equal(gs_notation_number("10000"), -1);
    assert_int_equal(gs_notation_number(""), -1);
    assert_int_equal(gs_notation_number("①②"), -1);
    assert_int_equal(gs_notation_number("1a"), -1);
    assert_int_equal(gs_notation_number("㉑"), -1); /* beyond ⑳ */

    assert_int_equal(gs_notation_kpi_no("KPI①"), 1);
    assert_int_equal(gs_notation_kpi_no("kpi4"), 4);
    assert_int_equal(gs_notation_kpi_no("ＫＰＩ３"), 3);
    assert_int_equal(gs_notation_kpi_no("②"), 2);
    assert_int_equal(gs_notation_kpi_no("6"), 6);
    assert_int_equal(gs_notation_kpi_no("KP1"), -1);
    assert_int_equal(gs_notation_kpi_no("KPI"), -1);
    assert_int_equal(gs_notation_kpi_no("目標1"), -1);
}

/* ----------------------------------------------------------- messages */

static void explains(gs_notation what, gs_notation_status st,
                     const char *const *needles)
{
    gs_buf b = GS_BUF_INIT;
    gs_notation_explain(&b, what, st);
    for (; *needles; needles++) {
        if (!strstr(b.data, *needles))
            print_message("\"%s\" lacks \"%s\"\n", b.data, *needles);
        assert_non_null(strstr(b.data, *needles));
    }
    gs_buf_free(&b);
}

/* Garbage is answered with the notations that are accepted, and every
 * example an explanation gives is itself accepted. */
static void test_explain(void **state)
{
    (void)state;
    static const char *const amounts[] = {"12,219千円", "１２，２１９",
                                          "△1,200", "▲ 1,200", "+1,200",
                                          NULL};
    explains(GS_NOTATION_AMOUNT, GS_NOTATION_BAD, amounts);
    for (const char *const *a = amounts; *a; a++) {
        int64_t v;
        assert_int_equal(gs_notation_amount(*a, &v), GS_NOTATION_OK);
    }
    explains(GS_NOTATION_AMOUNT, GS_NOTATION_RANGE,
             (const char *const[]){"15 桁", NULL});

    static const char *const figures[] = {"30.00", "+ 4", "＋３０．５",
                                          "△0.51", "▲ 1.26", NULL};
    explains(GS_NOTATION_FIGURE, GS_NOTATION_BAD, figures);
    for (const char *const *f = figures; *f; f++) {
        int64_t v;
        assert_int_equal(gs_notation_figure(*f, &v), GS_NOTATION_OK);
    }
    explains(GS_NOTATION_FIGURE, GS_NOTATION_PLACES,
             (const char *const[]){"小数第 2 位まで", NULL});

    static const char *const years[] = {"2025年度", "R7", "令和7年度",
                                        "令和元年度", "R元", "元年度", NULL};
    explains(GS_NOTATION_FY, GS_NOTATION_BAD, years);
    for (const char *const *y = years; *y; y++) {
        int fy;
        assert_int_equal(gs_notation_fy(*y, &fy), GS_NOTATION_OK);
    }
    explains(GS_NOTATION_FY, GS_NOTATION_RANGE,
             (const char *const[]){"2019年度", "2099年度", "令和81年度",
                                   NULL});

    static const char *const periods[] = {"R7-R9", "令和7年度～令和9年度",
                                          "令和元～3年度", "2025-2027",
                                          NULL};
    explains(GS_NOTATION_PERIOD, GS_NOTATION_BAD, periods);
    for (const char *const *p = periods; *p; p++) {
        int a, b;
        assert_int_equal(gs_notation_period(*p, &a, &b), GS_NOTATION_OK);
    }
    explains(GS_NOTATION_PERIOD, GS_NOTATION_ORDER,
             (const char *const[]){"後", NULL});
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_amount_accepted),
        cmocka_unit_test(test_amount_refused),
        cmocka_unit_test(test_figure),
        cmocka_unit_test(test_fy),
        cmocka_unit_test(test_take_fy),
        cmocka_unit_test(test_period),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_explain),
    };
    return cmocka_run_group_tests_name("input/notation", tests, NULL, NULL);
}
