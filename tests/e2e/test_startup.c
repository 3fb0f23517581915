/*
 * test_startup.c - what a grantsheet process loads before it does anything.
 *
 * libqpdf is loaded only by the commands that read a PDF back
 * (src/audit/qpdf_dl.c), because it and what it brings are 11 of the
 * process's shared libraries and about half of an empty program's start-up
 * (issue 12).  So the binary must not name it among the libraries the
 * dynamic loader maps, and the commands that use it must still work when it
 * comes in late: dump reads the figures back from a rendered PDF, and diff
 * compares two.
 *
 * Environment (set by `make e2e`): GS_BIN, GRANTSHEET_DATADIR.
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

static char *root, *bin;

static int group_setup(void **state)
{
    (void)state;
    e2e_env(&root, &bin);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    free(bin);
    free(root);
    return 0;
}

static void test_qpdf_not_loaded_at_start(void **state)
{
    (void)state;
    char *cmd = NULL;
    if (asprintf(&cmd, "readelf -d '%s'", bin) < 0)
        abort();
    int st;
    char *dyn;
    st = e2e_sh(cmd, &dyn);
    free(cmd);
    assert_int_equal(st, 0);
    assert_non_null(strstr(dyn, "(NEEDED)"));
    assert_non_null(strstr(dyn, "libhpdf"));
    if (strstr(dyn, "libqpdf"))
        fail_msg("libqpdf is linked:\n%s", dyn);
    free(dyn);
}

static void test_pdf_read_back_loads_qpdf(void **state)
{
    (void)state;
    char dir[] = "/tmp/gs-startup-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *cmd = NULL;
    if (asprintf(&cmd,
                 "cd '%s' && '%s' render '%s/samples/nagaoka.xml' -o a.pdf && "
                 "'%s' render '%s/samples/yuzawa.xml' -o b.pdf && "
                 "'%s' dump a.pdf && '%s' diff a.pdf a.pdf && "
                 "{ '%s' diff a.pdf b.pdf >/dev/null; echo \"diff=$?\"; }",
                 dir, bin, root, bin, root, bin, bin, bin) < 0)
        abort();
    int st;
    char *out;
    st = e2e_sh(cmd, &out);
    free(cmd);
    assert_int_equal(st, 0);
    /* the figures came back, the same PDF has no difference, another has */
    assert_non_null(strstr(out, "sheet\tsection\trow\tcolumn\tvalue\n"));
    assert_non_null(strstr(out, "12,219千円"));
    assert_non_null(strstr(out, "diff=1"));
    free(out);
    if (asprintf(&cmd, "rm -rf '%s'", dir) < 0)
        abort();
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qpdf_not_loaded_at_start),
        cmocka_unit_test(test_pdf_read_back_loads_qpdf),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
