/*
 * test_oserr.c - the OS's reasons in Japanese: each common file-system
 * error has its own Japanese text naming the errno, and anything else falls
 * back to strerror's text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/oserr.h"

static void test_common_errors_in_japanese(void **state)
{
    (void)state;
    static const struct {
        int e;
        const char *name, *words;
    } want[] = {
        {ENOSPC, "(ENOSPC)", "空き"},     {EACCES, "(EACCES)", "権限"},
        {EROFS, "(EROFS)", "読み取り専用"}, {EDQUOT, "(EDQUOT)", "上限"},
        {EIO, "(EIO)", "入出力"},         {ENOENT, "(ENOENT)", "ありません"},
        {EEXIST, "(EEXIST)", "すでに"},    {ENOTDIR, "(ENOTDIR)", "フォルダーでない"},
        {EISDIR, "(EISDIR)", "フォルダーです"},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const char *r = gs_oserr(want[i].e);
        assert_non_null(strstr(r, want[i].name));
        assert_non_null(strstr(r, want[i].words));
        for (size_t k = 0; k < i; k++)
            assert_string_not_equal(r, gs_oserr(want[k].e));
    }
}

static void test_fallback_is_strerror(void **state)
{
    (void)state;
    char expect[256];
    snprintf(expect, sizeof expect, "%s", strerror(EDOM));
    assert_string_equal(gs_oserr(EDOM), expect);
    snprintf(expect, sizeof expect, "%s", strerror(12345));
    assert_string_equal(gs_oserr(12345), expect);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_common_errors_in_japanese),
        cmocka_unit_test(test_fallback_is_strerror),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
