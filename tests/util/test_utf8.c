/*
 * test_utf8.c - the shared UTF-8 decoder: valid sequences of every length,
 * and the malformed ones it must refuse one byte at a time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "util/utf8.h"

static void test_valid(void **state)
{
    (void)state;
    const char *s = "a\u00e9\u5343\U00020BB7";
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s), i = 0;
    assert_int_equal(gs_utf8_next(u, n, &i), 'a');
    assert_int_equal(gs_utf8_next(u, n, &i), 0xE9);
    assert_int_equal(gs_utf8_next(u, n, &i), 0x5343);
    assert_int_equal(gs_utf8_next(u, n, &i), 0x20BB7);
    assert_int_equal(i, n);
}

static void expect_bad(const char *bytes, size_t n)
{
    size_t i = 0;
    assert_int_equal(gs_utf8_next((const unsigned char *)bytes, n, &i), GS_UTF8_BAD);
    assert_int_equal(i, 1); /* one byte consumed, decoding resumes */
}

static void test_malformed(void **state)
{
    (void)state;
    expect_bad("\xff", 1);
    expect_bad("\x80", 1);                 /* stray continuation */
    expect_bad("\xe5\x8d", 2);             /* truncated */
    expect_bad("\xc0\xaf", 2);             /* overlong '/' */
    expect_bad("\xed\xa0\x80", 3);         /* surrogate */
    expect_bad("\xf4\x90\x80\x80", 4);     /* beyond U+10FFFF */
    expect_bad("\xe5\x41\x41", 3);         /* bad continuation */
}

static void test_seq_len(void **state)
{
    (void)state;
    assert_int_equal(gs_utf8_seq_len((const unsigned char *)"a", 1), 1);
    assert_int_equal(gs_utf8_seq_len((const unsigned char *)"\u5343", 3), 3);
    assert_int_equal(gs_utf8_seq_len((const unsigned char *)"\U00020BB7", 4), 4);
    assert_int_equal(gs_utf8_seq_len((const unsigned char *)"\xe5\x8d\x83", 2), 0);
    assert_int_equal(gs_utf8_seq_len((const unsigned char *)"\xc0\xaf", 2), 0);
    assert_int_equal(gs_utf8_seq_len((const unsigned char *)"\xed\xa0\x80", 3), 0);
    assert_int_equal(gs_utf8_seq_len((const unsigned char *)"\xf4\x90\x80\x80", 4), 0);
    assert_int_equal(gs_utf8_seq_len((const unsigned char *)"\xe0\x80\x80", 3), 0);
}

static void test_decode(void **state)
{
    (void)state;
    size_t n;
    assert_int_equal(gs_utf8_decode("\u5343\u5186", &n), 0x5343);
    assert_int_equal(n, 3);
    assert_int_equal(gs_utf8_decode("A", &n), 'A');
    assert_int_equal(n, 1);
}

static void test_bad_lines(void **state)
{
    (void)state;
    const char text[] = "ok\nbad\xff\xfe\nok\n\x80\n\xc0\xaf";
    int lines[2];
    unsigned char bytes[2];
    /* lines 2, 4 and 5 are bad; the first two are listed, all counted */
    assert_int_equal(gs_utf8_bad_lines(text, sizeof text - 1, lines, bytes, 2), 3);
    assert_int_equal(lines[0], 2);
    assert_int_equal(bytes[0], 0xff);
    assert_int_equal(lines[1], 4);
    assert_int_equal(bytes[1], 0x80);
    assert_int_equal(gs_utf8_bad_lines("日本語\n", 10, lines, bytes, 2), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_seq_len),
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_bad_lines),
    };
    return cmocka_run_group_tests_name("util/utf8", tests, NULL, NULL);
}
