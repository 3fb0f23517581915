/*
 * test_num.c - amounts: form-style formatting (千円, △, ±, ①) and
 * overflow-checked sums.  Parsing what planners type is
 * tests/input/test_notation.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/num.h"

static void expect_kyen(int64_t v, const char *want)
{
    gs_buf b = GS_BUF_INIT;
    gs_fmt_kyen(&b, v);
    assert_string_equal(b.data, want);
    gs_buf_free(&b);
}

static void test_kyen(void **state)
{
    (void)state;
    expect_kyen(0, "0千円");
    expect_kyen(7, "7千円");
    expect_kyen(999, "999千円");
    expect_kyen(1000, "1,000千円");
    expect_kyen(12219, "12,219千円");
    expect_kyen(38157, "38,157千円");
    expect_kyen(1234567, "1,234,567千円");
    expect_kyen(-1200, "△1,200千円");
    expect_kyen(GS_AMOUNT_MAX, "999,999,999,999,999千円");
}

static void expect_pct(int64_t n, int64_t d, const char *want)
{
    gs_buf b = GS_BUF_INIT;
    gs_fmt_pct1(&b, n, d);
    assert_string_equal(b.data, want);
    gs_buf_free(&b);
}

static void test_pct(void **state)
{
    (void)state;
    expect_pct(0, 12219, "0.0%");
    expect_pct(0, 0, "0.0%");        /* the form's zero denominator */
    expect_pct(5, 0, "0.0%");
    expect_pct(1, 2, "50.0%");
    expect_pct(1, 3, "33.3%");
    expect_pct(2, 3, "66.7%");       /* rounds half up */
    expect_pct(1, 8, "12.5%");
    expect_pct(1, 16, "6.3%");       /* 6.25 -> 6.3 */
    expect_pct(3, 3, "100.0%");
    expect_pct(-1, 4, "△25.0%");
}

static void expect_fixed(int64_t v, const char *want)
{
    gs_buf b = GS_BUF_INIT;
    gs_fmt_fixed2(&b, v);
    assert_string_equal(b.data, want);
    gs_buf_free(&b);
}

static void test_fixed2(void **state)
{
    (void)state;
    expect_fixed(3000, "30.00");
    expect_fixed(35400, "354.00");
    expect_fixed(0, "0.00");
    expect_fixed(-51, "△0.51");
    expect_fixed(-7800, "△78.00");
    expect_fixed(123456789, "1,234,567.89");
}

static void expect_delta(int64_t v, const char *want)
{
    gs_buf b = GS_BUF_INIT;
    gs_fmt_delta(&b, v);
    assert_string_equal(b.data, want);
    gs_buf_free(&b);
}

/* The bracketed target of 事業概要, as layout prints it and validate
 * quotes it. */
static void test_delta(void **state)
{
    (void)state;
    expect_delta(3000, "+30");
    expect_delta(3050, "+30.5");
    expect_delta(3005, "+30.05");
    expect_delta(-51, "△0.51");
    expect_delta(-7800, "△78");
    expect_delta(123400, "+1,234");
    expect_delta(0, "0");
    expect_delta(10, "+0.1");
}

static void test_circled(void **state)
{
    (void)state;
    gs_buf b = GS_BUF_INIT;
    assert_true(gs_fmt_circled(&b, 1));
    assert_true(gs_fmt_circled(&b, 6));
    assert_true(gs_fmt_circled(&b, 20));
    assert_string_equal(b.data, "①⑥⑳");
    size_t len = b.len;
    assert_false(gs_fmt_circled(&b, 0));
    assert_false(gs_fmt_circled(&b, 21));
    assert_false(gs_fmt_circled(&b, -1));
    assert_false(gs_fmt_circled(&b, INT64_C(1) << 40));
    assert_int_equal(b.len, len); /* nothing written */
    gs_buf_free(&b);
}

/* 2025年４月１日から2028年３月31日まで: one digit full-width, more as they
 * are. */
static void test_jdigit(void **state)
{
    (void)state;
    gs_buf b = GS_BUF_INIT;
    const int64_t v[] = {2028, 3, 31, 0, 9, 10, -1};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        gs_fmt_jdigit(&b, v[i]);
        gs_buf_putc(&b, '|');
    }
    assert_string_equal(b.data, "2028|３|31|０|９|10|-1|");
    gs_buf_free(&b);
}

static void test_add_overflow(void **state)
{
    (void)state;
    int64_t acc = GS_AMOUNT_MAX - 1;
    assert_true(gs_amount_add(&acc, 1));
    assert_int_equal(acc, GS_AMOUNT_MAX);
    assert_false(gs_amount_add(&acc, 1));
    assert_int_equal(acc, GS_AMOUNT_MAX); /* untouched on failure */
    acc = INT64_MAX;
    assert_false(gs_amount_add(&acc, 1));
    acc = -GS_AMOUNT_MAX;
    assert_false(gs_amount_add(&acc, -1));
}

static void test_ratio_above_half(void **state)
{
    (void)state;
    assert_false(gs_ratio_above_half(1, 2));
    assert_true(gs_ratio_above_half(50001, 100000));
    assert_false(gs_ratio_above_half(0, 0));
    assert_false(gs_ratio_above_half(0, 10));
    assert_true(gs_ratio_above_half(GS_AMOUNT_MAX, GS_AMOUNT_MAX));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kyen),
        cmocka_unit_test(test_pct),
        cmocka_unit_test(test_fixed2),
        cmocka_unit_test(test_delta),
        cmocka_unit_test(test_circled),
        cmocka_unit_test(test_jdigit),
        cmocka_unit_test(test_add_overflow),
        cmocka_unit_test(test_ratio_above_half),
    };
    return cmocka_run_group_tests_name("util/num", tests, NULL, NULL);
}
