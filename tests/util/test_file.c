/*
 * test_file.c - bounded whole-file reads: a file within the bound, one
 * byte over it, a folder, a FIFO (which must not hang) and a missing file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/file.h"

static char dir[] = "/tmp/gs-file-XXXXXX";

static const char *path_of(const char *name)
{
    static char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

static void put(const char *name, const char *data, size_t n)
{
    FILE *f = fopen(path_of(name), "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static void expect(const char *name, size_t max, gs_read_status want,
                   const char *reason)
{
    size_t len = 99;
    gs_read_status st;
    gs_buf why = GS_BUF_INIT;
    char *data = gs_read_file(path_of(name), max, &len, &st, &why);
    assert_int_equal(st, want);
    if (want == GS_READ_OK) {
        assert_non_null(data);
        assert_int_equal(why.len, 0);
    } else {
        assert_null(data);
        assert_non_null(strstr(why.data, reason));
    }
    free(data);
    gs_buf_free(&why);
}

static void test_reads(void **state)
{
    (void)state;
    put("ok.txt", "12345", 5);
    size_t len;
    gs_read_status st;
    gs_buf why = GS_BUF_INIT;
    char *data = gs_read_file(path_of("ok.txt"), 5, &len, &st, &why);
    assert_int_equal(st, GS_READ_OK);
    assert_int_equal(len, 5);
    assert_string_equal(data, "12345"); /* NUL-terminated */
    free(data);
    gs_buf_free(&why);
    expect("ok.txt", 4, GS_READ_TOO_BIG, "大きすぎます");
}

static void test_refusals(void **state)
{
    (void)state;
    expect("missing.txt", 100, GS_READ_FAILED, "を開けません");
    mkdir(path_of("sub"), 0700);
    expect("sub", 100, GS_READ_SPECIAL, "通常のファイルではありません");
    assert_int_equal(mkfifo(path_of("fifo"), 0600), 0);
    expect("fifo", 100, GS_READ_SPECIAL, "通常のファイルではありません");
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path_of("ok.txt"));
    unlink(path_of("fifo"));
    rmdir(path_of("sub"));
    return rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests_name("util/file", tests, setup, teardown);
}
