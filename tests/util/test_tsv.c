/*
 * test_tsv.c - TSV field escaping: every control byte becomes printable,
 * the escapes read back to the bytes they came from, UTF-8 stays as it is,
 * and what gs_tsv_escape cannot have written is refused on reading.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util/tsv.h"

static char *esc(const char *s, const char *extra)
{
    gs_buf b = GS_BUF_INIT;
    gs_buf_puts(&b, "");
    gs_tsv_escape(&b, s, extra);
    return gs_buf_detach(&b);
}

static void roundtrip(const char *s, const char *extra, const char *want)
{
    char *e = esc(s, extra);
    assert_string_equal(e, want);
    for (const char *p = e; *p; p++)
        assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
    char *back = gs_tsv_unescape(e);
    assert_non_null(back);
    assert_string_equal(back, s);
    free(back);
    free(e);
}

static void test_escape(void **state)
{
    (void)state;
    roundtrip("plain/長岡市.xml", NULL, "plain/長岡市.xml");
    roundtrip("tab\there.xml", NULL, "tab\\there.xml");
    roundtrip("new\nline.xml", NULL, "new\\nline.xml");
    roundtrip("cr\r.xml", NULL, "cr\\r.xml");
    roundtrip("back\\slash", NULL, "back\\\\slash");
    roundtrip("bell\a esc\x1b del\x7f", NULL, "bell\\x07 esc\\x1b del\\x7f");
    roundtrip("a;b=c", ";", "a\\x3bb=c");
    roundtrip("a;b=c", NULL, "a;b=c");
    roundtrip("", NULL, "");
    /* every byte from 1 to 255 survives */
    char all[256];
    for (int i = 1; i < 256; i++)
        all[i - 1] = (char)i;
    all[255] = '\0';
    char *e = esc(all, ";=");
    char *back = gs_tsv_unescape(e);
    assert_non_null(back);
    assert_memory_equal(back, all, 256);
    assert_null(strchr(e, '\t'));
    assert_null(strchr(e, '\n'));
    free(back);
    free(e);
}

static void test_unescape_refuses(void **state)
{
    (void)state;
    const char *bad[] = {"ends\\", "\\q", "\\x4", "\\xZZ", "\\x00", "raw\ttab", "\\X41"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_null(gs_tsv_unescape(bad[i]));
    char *ok = gs_tsv_unescape("\\x41\\\\");
    assert_string_equal(ok, "A\\");
    free(ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_unescape_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
