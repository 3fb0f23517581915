/*
 * test_fy.c - fiscal years (April-March) and the 令和 era.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/fy.h"

static void test_fy_of(void **state)
{
    (void)state;
    assert_int_equal(gs_fy_of(2025, 4), 2025);
    assert_int_equal(gs_fy_of(2026, 3), 2025);  /* March closes FY2025 */
    assert_int_equal(gs_fy_of(2026, 1), 2025);
    assert_int_equal(gs_fy_of(2025, 12), 2025);
    assert_int_equal(gs_fy_of(2025, 3), 2024);
}

static void test_reiwa(void **state)
{
    (void)state;
    assert_int_equal(gs_reiwa(2019), 1);
    assert_int_equal(gs_reiwa(2025), 7);
    assert_int_equal(gs_reiwa(2027), 9);
    assert_int_equal(gs_fy_of_reiwa(1), 2019);
    assert_int_equal(gs_fy_of_reiwa(7), 2025);
    assert_int_equal(gs_fy_of_reiwa(gs_reiwa(2099)), 2099);
    gs_buf b = GS_BUF_INIT;
    gs_fmt_fy_reiwa(&b, 2025);
    assert_string_equal(b.data, "令和7年度");
    gs_buf_clear(&b);
    gs_fmt_fy(&b, 2025);
    assert_string_equal(b.data, "2025年度");
    gs_buf_clear(&b);
    gs_fmt_period_reiwa(&b, 2025, 2027);
    assert_string_equal(b.data, "R7-R9年度");
    gs_buf_clear(&b);
    gs_fmt_period_reiwa(&b, 2025, 2025);
    assert_string_equal(b.data, "R7年度");
    gs_buf_free(&b);
}

static void test_period_dates(void **state)
{
    (void)state;
    gs_buf b = GS_BUF_INIT;
    gs_fmt_period_dates(&b, 2025, 2027);
    assert_string_equal(b.data, "2025.4.1 - 2028.3.31"); /* as 実施期間 */
    gs_buf_free(&b);
}

/* 効果検証's 事業期間: 令和元年度 for 2019, never 令和1年度. */
static void test_period_span(void **state)
{
    (void)state;
    gs_buf b = GS_BUF_INIT;
    gs_fmt_period_span(&b, 2019, 2023);
    assert_string_equal(b.data, "令和元年度～令和5年度");
    gs_buf_clear(&b);
    gs_fmt_period_span(&b, 2025, 2025);
    assert_string_equal(b.data, "令和7年度");
    gs_buf_clear(&b);
    gs_fmt_period_span(&b, 2020, 2022);
    assert_string_equal(b.data, "令和2年度～令和4年度");
    gs_buf_free(&b);
}

static void test_date_valid(void **state)
{
    (void)state;
    assert_true(gs_date_valid(2025, 1, 23));
    assert_true(gs_date_valid(2024, 2, 29));
    assert_false(gs_date_valid(2025, 2, 29));
    assert_false(gs_date_valid(2100, 2, 29));
    assert_true(gs_date_valid(2000, 2, 29));
    assert_false(gs_date_valid(2025, 4, 31));
    assert_false(gs_date_valid(2025, 13, 1));
    assert_false(gs_date_valid(2025, 0, 1));
    assert_false(gs_date_valid(2025, 1, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fy_of),
        cmocka_unit_test(test_reiwa),
        cmocka_unit_test(test_period_dates),
        cmocka_unit_test(test_date_valid),
        cmocka_unit_test(test_period_span),
    };
    return cmocka_run_group_tests_name("util/fy", tests, NULL, NULL);
}
