/*
 * test_font.c - font metrics, coverage and subsetting (font/font.c).
 *
 * Layout measures with these numbers and the renderer embeds the subset, so
 * the tests pin down the units (font units, 1 em = upem), the coverage facts
 * LIBHARU-NOTES relies on, and that a subset holds exactly what was asked
 * for with the same widths.  Fonts come from $GRANTSHEET_DATADIR/fonts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "font/font.h"
#include "util/buf.h"

static char *font_path(const char *file)
{
    const char *dir = getenv("GRANTSHEET_DATADIR");
    gs_buf b = GS_BUF_INIT;
    gs_buf_printf(&b, "%s/fonts/%s", dir ? dir : ".", file);
    return gs_buf_detach(&b);
}

static int setup(void **state)
{
    char *p = font_path("ipaexg.ttf");
    gs_font *f = gs_font_load(p);
    free(p);
    if (!f)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    gs_font_free(*state);
    return 0;
}

static void test_names_and_metrics(void **state)
{
    const gs_font *f = *state;
    assert_string_equal(gs_font_name(f), "IPAexGothic");
    assert_non_null(strstr(gs_font_path(f), "ipaexg.ttf"));
    unsigned upem = gs_font_upem(f);
    assert_int_equal(upem, 2048);
    /* Ideographs are one em wide, so 日本語 is exactly three. */
    assert_int_equal(gs_font_advance(f, 0x65E5), (int)upem);
    const char *s = "日本語";
    assert_int_equal(gs_font_text_width(f, s, strlen(s)), 3L * upem);
    /* Only the first n bytes count: two characters of three. */
    assert_int_equal(gs_font_text_width(f, s, 6), 2L * upem);
    /* IPAex Latin is proportional: i is narrower than W. */
    assert_true(gs_font_advance(f, 'i') < gs_font_advance(f, 'W'));
    assert_true(gs_font_advance(f, 'i') > 0);
    assert_true(gs_font_ascender(f) > 0);
    assert_true(gs_font_descender(f) < 0);
    assert_true(gs_font_ascender(f) - gs_font_descender(f) >= (int)upem);
}

static void test_invalid_utf8_is_zero_width(void **state)
{
    const gs_font *f = *state;
    unsigned upem = gs_font_upem(f);
    /* A stray byte, a truncated sequence, an overlong '/' and a surrogate. */
    const char s[] = "日\xff本\xe6\x97\xc0\xaf\xed\xa0\x80";
    assert_int_equal(gs_font_text_width(f, s, sizeof s - 1), 2L * upem);
    assert_int_equal(gs_font_text_width(f, "", 0), 0);
}

static void test_coverage(void **state)
{
    const gs_font *f = *state;
    assert_true(gs_font_has(f, 0x9AD9));   /* 髙 */
    assert_true(gs_font_has(f, 0xFA11));   /* 﨑 */
    assert_true(gs_font_has(f, 0x2460));   /* ① */
    assert_true(gs_font_has(f, 0x3231));   /* ㈱ */
    assert_true(gs_font_has(f, 0x2713));   /* ✓ */
    assert_true(gs_font_has(f, 'A'));
    assert_false(gs_font_has(f, 0x20BB7)); /* 𠮷 */
    assert_false(gs_font_has(f, 0x4E54));  /* 乔, simplified Chinese */
    assert_false(gs_font_has(f, 0x110000));
    assert_int_equal(gs_font_advance(f, 0x20BB7), 0);
}

static void test_load_failures(void **state)
{
    (void)state;
    assert_null(gs_font_load("/nonexistent/font.ttf"));
    /* A file that exists but is not a font. */
    char tmpl[] = "/tmp/gs-test-font-XXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "not a font at all\n", 18), 18);
    close(fd);
    assert_null(gs_font_load(tmpl));
    unlink(tmpl);
    gs_font_free(NULL);
}

static gs_font *load_bytes(const unsigned char *data, size_t len,
                           char *path_out)
{
    strcpy(path_out, "/tmp/gs-test-subset-XXXXXX");
    int fd = mkstemp(path_out);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
    return gs_font_load(path_out);
}

static void test_subset(void **state)
{
    const gs_font *f = *state;
    const uint32_t cps[] = { 0x65E5, 0x672C, 0x8A9E, 'A', 0x9AD9, 0x2460 };
    size_t n = sizeof cps / sizeof *cps;
    size_t len = 0;
    unsigned char *sub = gs_font_subset(f, cps, n, NULL, &len);
    assert_non_null(sub);

    char *orig = font_path("ipaexg.ttf");
    struct stat st;
    assert_int_equal(stat(orig, &st), 0);
    free(orig);
    /* Six glyphs of a 12,000-glyph font: a few KB against 6 MB. */
    assert_true(len < 20000);
    assert_true((off_t)len * 100 < st.st_size);

    char path[64];
    gs_font *s = load_bytes(sub, len, path);
    assert_non_null(s);
    /* The PostScript name the PDF names the font by must survive. */
    assert_string_equal(gs_font_name(s), "IPAexGothic");
    assert_int_equal(gs_font_upem(s), gs_font_upem(f));

    /* Exactly the requested code points, with unchanged widths. */
    size_t count = 0;
    for (uint32_t cp = 0; cp <= 0xFFFF; cp++)
        if (gs_font_has(s, cp))
            count++;
    assert_int_equal(count, n);
    for (size_t i = 0; i < n; i++) {
        assert_true(gs_font_has(s, cps[i]));
        assert_int_equal(gs_font_advance(s, cps[i]),
                         gs_font_advance(f, cps[i]));
    }
    assert_false(gs_font_has(s, 'B'));
    assert_false(gs_font_has(s, 0x8A00));

    gs_font_free(s);
    unlink(path);
    free(sub);
}

/* The glyph ids the subset gives: compact (1..n for n characters of
 * simple glyphs, .notdef 0), in the order of the font's own ids, and the
 * glyph each character is drawn with in the subset (its width is that of
 * the original character).  Two characters of one glyph get one id; a
 * character the font lacks makes the subset fail when ids are asked for. */
static void test_subset_glyph_ids(void **state)
{
    const gs_font *f = *state;
    const uint32_t cps[] = { 'A', 0x65E5, 0x672C, 0x8A9E, '-', 0x2010 };
    size_t n = sizeof cps / sizeof *cps;
    uint16_t gids[6] = { 0 };
    size_t len = 0;
    unsigned char *sub = gs_font_subset(f, cps, n, gids, &len);
    assert_non_null(sub);
    for (size_t i = 0; i < n; i++) {
        assert_true(gids[i] >= 1);
        assert_true(gids[i] <= 5); /* five glyphs: - and U+2010 are one */
    }
    assert_int_equal(gids[4], gids[5]);
    for (size_t i = 0; i < 4; i++)
        for (size_t j = i + 1; j < 5; j++)
            assert_int_not_equal(gids[i], gids[j]);
    /* A and - come before the kanji in the font, so they do in the subset */
    assert_true(gids[0] < gids[1] && gids[4] < gids[1]);

    char path[64];
    gs_font *s = load_bytes(sub, len, path);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        assert_true(gs_font_has(s, cps[i]));
    gs_font_free(s);
    unlink(path);
    free(sub);

    const uint32_t lacks[] = { 'A', 0x3400 }; /* U+3400: not in IPAex */
    uint16_t g2[2];
    assert_null(gs_font_subset(f, lacks, 2, g2, &len));
}

/* The font descriptor's figures: IPAexGothic's head box and capitals. */
static void test_bbox_and_cap_height(void **state)
{
    const gs_font *f = *state;
    int bb[4];
    gs_font_bbox(f, bb);
    int upem = (int)gs_font_upem(f);
    assert_true(bb[0] < 0 && bb[1] < 0);
    assert_true(bb[2] > 0 && bb[3] > gs_font_ascender(f) / 2);
    assert_true(bb[2] <= 2 * upem && bb[3] <= 2 * upem);
    /* libharu wrote this box as [-270 -278 1000 930] per 1000 em */
    assert_int_equal(bb[0] * 1000 / upem, -270);
    assert_int_equal(bb[3] * 1000 / upem, 930);
    int cap = gs_font_cap_height(f);
    assert_true(cap > upem / 2 && cap < gs_font_ascender(f));
}

/* Advances and coverage are remembered per font after the first lookup:
 * asking again, in either order, gives the same answers, for characters
 * present, absent (U+3400) and beyond the BMP (U+20BB7, absent too). */
static void test_lookups_remembered(void **state)
{
    const gs_font *f = *state;
    const uint32_t cps[] = { 0x3400, 'A', 0x65E5, 0x20BB7, ' ', 0xFF08 };
    int first[6];
    bool has[6];
    for (size_t i = 0; i < 6; i++) {
        first[i] = gs_font_advance(f, cps[i]);
        has[i] = gs_font_has(f, cps[i]);
    }
    for (int round = 0; round < 2; round++)
        for (size_t i = 6; i-- > 0;) {
            assert_int_equal(gs_font_has(f, cps[i]), has[i]);
            assert_int_equal(gs_font_advance(f, cps[i]), first[i]);
        }
    assert_false(has[0]);
    assert_int_equal(first[0], 0);
    assert_false(has[3]);
    assert_true(has[1] && has[2] && has[4] && has[5]);
    assert_int_equal(first[2], (int)gs_font_upem(f)); /* a full-width kanji */
    assert_int_equal(gs_font_text_width(f, "A\xe6\x97\xa5", 4), first[1] + first[2]);
}

static void test_subset_is_deterministic(void **state)
{
    const gs_font *f = *state;
    const uint32_t a[] = { 0x65E5, 0x672C, 'x' };
    const uint32_t b[] = { 'x', 0x672C, 0x65E5, 0x672C };
    size_t la = 0, lb = 0;
    unsigned char *sa = gs_font_subset(f, a, 3, NULL, &la);
    unsigned char *sb = gs_font_subset(f, b, 4, NULL, &lb);
    assert_non_null(sa);
    assert_non_null(sb);
    assert_int_equal(la, lb);
    assert_memory_equal(sa, sb, la);
    free(sa);
    free(sb);
}

static void test_subset_tables(void **state)
{
    /* Layout and hinting tables are gone; the TrueType core is there. */
    const gs_font *f = *state;
    const uint32_t cps[] = { 0x65E5 };
    size_t len = 0;
    unsigned char *sub = gs_font_subset(f, cps, 1, NULL, &len);
    assert_non_null(sub);
    assert_true(len >= 12);
    unsigned ntables = (unsigned)sub[4] << 8 | sub[5];
    assert_true(len >= 12 + 16 * (size_t)ntables);
    const char *need[] = { "OS/2", "cmap", "glyf", "head", "hhea", "hmtx",
                           "loca", "maxp", "name", "post" };
    const char *gone[] = { "GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx",
                           "VORG", "gasp", "fpgm", "prep", "cvt " };
    for (size_t i = 0; i < sizeof need / sizeof *need; i++) {
        bool found = false;
        for (unsigned t = 0; t < ntables; t++)
            found |= memcmp(sub + 12 + 16 * t, need[i], 4) == 0;
        if (!found)
            fail_msg("table %s missing from subset", need[i]);
    }
    for (size_t i = 0; i < sizeof gone / sizeof *gone; i++)
        for (unsigned t = 0; t < ntables; t++)
            if (memcmp(sub + 12 + 16 * t, gone[i], 4) == 0)
                fail_msg("table %s still in subset", gone[i]);
    free(sub);
}

static void test_mincho(void **state)
{
    (void)state;
    char *p = font_path("ipaexm.ttf");
    gs_font *m = gs_font_load(p);
    free(p);
    assert_non_null(m);
    assert_string_equal(gs_font_name(m), "IPAexMincho");
    assert_int_equal(gs_font_advance(m, 0x65E5), (int)gs_font_upem(m));
    gs_font_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_metrics),
        cmocka_unit_test(test_invalid_utf8_is_zero_width),
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_load_failures),
        cmocka_unit_test(test_subset),
        cmocka_unit_test(test_subset_glyph_ids),
        cmocka_unit_test(test_lookups_remembered),
        cmocka_unit_test(test_bbox_and_cap_height),
        cmocka_unit_test(test_subset_is_deterministic),
        cmocka_unit_test(test_subset_tables),
        cmocka_unit_test(test_mincho),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
