/*
 * test_linebreak.c - Japanese line breaking: 禁則 (no line starts with
 * closing punctuation or small kana, none ends with opening brackets),
 * numbers kept with their units, hard breaks, and the emergency break.
 *
 * Widths here are synthetic: every character is 1 unit (ASCII 0.5), so a
 * width of N fits N full-width characters and each case is exact.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "layout/linebreak.h"
#include "util/buf.h"

static double measure(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    double w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80)
            w += 0.5;
        else if (c >= 0xC0)
            w += 1;
    }
    return w;
}

/* Wraps and joins the lines with '|'. */
static char *wrap(gs_breaker *b, const char *text, double width)
{
    gs_span *lines;
    size_t n = gs_wrap(b, text, strlen(text), width, measure, NULL, &lines);
    gs_buf out = GS_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (i)
            gs_buf_putc(&out, '|');
        gs_buf_append(&out, text + lines[i].off, lines[i].len);
    }
    free(lines);
    return gs_buf_detach(&out);
}

static int setup(void **state)
{
    *state = gs_breaker_new();
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    gs_breaker_free(*state);
    return 0;
}

static void expect(gs_breaker *b, const char *text, double w, const char *want)
{
    char *got = wrap(b, text, w);
    assert_string_equal(got, want);
    free(got);
}

static void test_fits(void **state)
{
    expect(*state, "外国人材", 10, "外国人材");
    expect(*state, "", 10, "");
}

static void test_plain_cjk(void **state)
{
    expect(*state, "外国人材活躍推進", 4, "外国人材|活躍推進");
}

static void test_no_line_starts_with_closing(void **state)
{
    /* "。" and "、" would start line 2: they hang back with the last char */
    expect(*state, "相談支援。交流", 4, "相談支|援。交流");
    expect(*state, "支援を行う、交流", 5, "支援を行|う、交流");
    expect(*state, "事業経費（委託料）です", 8, "事業経費（委託|料）です");
    expect(*state, "【役割】外国人材", 3, "【役|割】外|国人材");
}

static void test_no_line_ends_with_opening(void **state)
{
    /* "（" would end line 1: it moves down with what it opens */
    expect(*state, "事業費（委託料）", 4, "事業費|（委託|料）");
    expect(*state, "拠点「長岡」", 3, "拠点|「長|岡」");
}

static void test_small_kana_and_prolonged(void **state)
{
    /* ー stays with the kana before it: ニー|ズ, never ニ|ーズ */
    expect(*state, "ニーズ", 2, "ニー|ズ");
    char *got = wrap(*state, "インターンシップ", 3);
    /* whatever the split, no line may start with ー or a small kana */
    const char *bad[] = {"ー", "ッ", "ャ", "ュ", "ョ", "ァ", "ィ", "ゥ", "ェ", "ォ"};
    for (char *p = got; p; p = strchr(p, '|')) {
        if (*p == '|')
            p++;
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
            assert_true(strncmp(p, bad[i], strlen(bad[i])) != 0);
    }
    free(got);
}

static void test_amount_kept_with_unit(void **state)
{
    /* ICU offers a break between 12,219 and 千円; the layout refuses it */
    expect(*state, "経費12,219千円", 5.5, "経費|12,219千円");
    expect(*state, "2026年度に開始", 3, "2026年|度に開|始");
}

static void test_hard_breaks(void **state)
{
    expect(*state, "一行目\n二行目", 10, "一行目|二行目");
    expect(*state, "前\n\n後", 10, "前||後");
}

static void test_spaces_trimmed_at_break(void **state)
{
    expect(*state, "abc def", 2, "abc|def");
}

static void test_emergency_break(void **state)
{
    /* a run with no break opportunity longer than the line */
    expect(*state, "https://example.jp/aaaa", 4,
           "https://|example.|jp/aaaa");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fits),
        cmocka_unit_test(test_plain_cjk),
        cmocka_unit_test(test_no_line_starts_with_closing),
        cmocka_unit_test(test_no_line_ends_with_opening),
        cmocka_unit_test(test_small_kana_and_prolonged),
        cmocka_unit_test(test_amount_kept_with_unit),
        cmocka_unit_test(test_hard_breaks),
        cmocka_unit_test(test_spaces_trimmed_at_break),
        cmocka_unit_test(test_emergency_break),
    };
    return cmocka_run_group_tests_name("layout/linebreak", tests, setup, teardown);
}
