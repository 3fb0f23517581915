/*
 * test_num.c - amounts: parsing as planners type them, form-style
 * formatting, and overflow-checked sums.
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

static void expect_parse(const char *s, int64_t want)
{
    int64_t v = -999;
    assert_true(gs_amount_parse(s, &v));
    assert_int_equal(v, want);
}

static void test_parse_ok(void **state)
{
    (void)state;
    expect_parse("12219", 12219);
    expect_parse("12,219", 12219);
    expect_parse("12,219千円", 12219);
    expect_parse(" 12219 ", 12219);
    expect_parse("１２，２１９", 12219);      /* full-width digits and comma */
    expect_parse("△1,200", -1200);
    expect_parse("▲1200千円", -1200);
    expect_parse("-5", -5);
    expect_parse("0", 0);
    expect_parse("999999999999999", GS_AMOUNT_MAX);
}

static void test_parse_bad(void **state)
{
    (void)state;
    const char *bad[] = {
        "", "千円", "12.5", "1,23", "12,2190", ",123", "12 219", "abc",
        "1000000000000000", "12219円", "△", "1,,000", "+5",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int64_t v;
        assert_false(gs_amount_parse(bad[i], &v));
    }
}

static void expect_dec(const char *s, gs_dec_status want, int64_t v)
{
    int64_t got = -12345;
    assert_int_equal(gs_decimal2_parse(s, &got), want);
    if (want == GS_DEC_OK)
        assert_int_equal(got, v);
}

static void test_decimal2(void **state)
{
    (void)state;
    expect_dec("30", GS_DEC_OK, 3000);
    expect_dec("+30", GS_DEC_OK, 3000);
    expect_dec("30.00", GS_DEC_OK, 3000);
    expect_dec("10.000", GS_DEC_OK, 1000);      /* Excel's trailing zeros */
    expect_dec("３０．５", GS_DEC_OK, 3050);    /* full-width */
    expect_dec("△0.51", GS_DEC_OK, -51);
    expect_dec("▲1,234.5", GS_DEC_OK, -123450);
    expect_dec(" 354.00 ", GS_DEC_OK, 35400);
    expect_dec("0", GS_DEC_OK, 0);
    expect_dec("30.001", GS_DEC_PLACES, 0);
    expect_dec("1,23", GS_DEC_BAD, 0);            /* groups of three */
    expect_dec("1 2", GS_DEC_BAD, 0);             /* blanks inside */
    expect_dec("30.", GS_DEC_BAD, 0);
    expect_dec(".5", GS_DEC_BAD, 0);
    expect_dec("10人", GS_DEC_BAD, 0);
    expect_dec("", GS_DEC_BAD, 0);
    expect_dec("99999999999999", GS_DEC_BAD, 0);  /* 14 digits */
    expect_dec("9999999999999.99", GS_DEC_OK, 999999999999999);
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
        cmocka_unit_test(test_parse_ok),
        cmocka_unit_test(test_parse_bad),
        cmocka_unit_test(test_decimal2),
        cmocka_unit_test(test_delta),
        cmocka_unit_test(test_circled),
        cmocka_unit_test(test_add_overflow),
        cmocka_unit_test(test_ratio_above_half),
    };
    return cmocka_run_group_tests_name("util/num", tests, NULL, NULL);
}
