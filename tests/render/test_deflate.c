/*
 * test_deflate.c - the streams' compressor (render/deflate.c).
 *
 * What a PDF reader needs: zlib-format data that inflates to exactly the
 * bytes given (checked with zlib, which poppler and qpdf use), for any
 * length including none, appended after what the buffer held.  And what
 * the level was chosen for: no larger than zlib's default level, which
 * libharu used, on text like a content stream's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "render/deflate.h"

/* Inflates z[0..n) with zlib into a new buffer of want bytes (plus one to
 * tell if there is more). */
static void expect_inflates_to(const char *z, size_t n, const char *want,
                               size_t wlen)
{
    uLongf got = (uLongf)wlen + 1;
    Bytef *out = malloc(got);
    assert_non_null(out);
    assert_int_equal(uncompress(out, &got, (const Bytef *)z, (uLong)n), Z_OK);
    assert_int_equal(got, wlen);
    if (wlen)
        assert_memory_equal(out, want, wlen);
    free(out);
}

/* Something like a page's content stream: numbers and operators. */
static void content_like(gs_buf *b, int lines)
{
    for (int i = 0; i < lines; i++)
        gs_buf_printf(b, "%d.%02d %d.5 Td\n<%04x%04x%04x> Tj\n%d 0 %d 14 re\nf\n",
                      34 + i % 700, i % 100, 500 - i % 480, (i * 7) % 300 + 1,
                      (i * 13) % 300 + 1, (i * 31) % 300 + 1, 20 + i % 9, 85 + i % 3);
}

static void test_round_trip(void **state)
{
    (void)state;
    gs_deflater *z = gs_deflater_new();
    gs_buf in = GS_BUF_INIT, out = GS_BUF_INIT;
    content_like(&in, 2000);
    gs_buf_puts(&out, "keep");
    gs_deflate(z, in.data, in.len, &out);
    assert_memory_equal(out.data, "keep", 4);
    assert_true(out.len - 4 < in.len / 3);
    expect_inflates_to(out.data + 4, out.len - 4, in.data, in.len);
    /* the same compressor again, for the next stream */
    size_t first = out.len;
    gs_deflate(z, "BT\nET\n", 6, &out);
    expect_inflates_to(out.data + first, out.len - first, "BT\nET\n", 6);
    gs_buf_free(&in);
    gs_buf_free(&out);
    gs_deflater_free(z);
    gs_deflater_free(NULL);
}

static void test_empty_and_binary(void **state)
{
    (void)state;
    gs_deflater *z = gs_deflater_new();
    gs_buf out = GS_BUF_INIT;
    gs_deflate(z, "", 0, &out);
    assert_true(out.len > 0); /* a valid empty zlib stream */
    expect_inflates_to(out.data, out.len, "", 0);
    unsigned char noise[4096];
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < sizeof noise; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        noise[i] = (unsigned char)x;
    }
    gs_buf_clear(&out);
    gs_deflate(z, noise, sizeof noise, &out);
    expect_inflates_to(out.data, out.len, (const char *)noise, sizeof noise);
    gs_buf_free(&out);
    gs_deflater_free(z);
}

static void test_no_larger_than_zlib_default(void **state)
{
    (void)state;
    gs_buf in = GS_BUF_INIT, out = GS_BUF_INIT;
    content_like(&in, 3000);
    gs_deflater *z = gs_deflater_new();
    gs_deflate(z, in.data, in.len, &out);
    uLongf zl = compressBound((uLong)in.len);
    Bytef *ref = malloc(zl);
    assert_non_null(ref);
    assert_int_equal(compress2(ref, &zl, (const Bytef *)in.data, (uLong)in.len,
                               Z_DEFAULT_COMPRESSION), Z_OK);
    /* within 1 % of zlib's default; the bench compares on real documents */
    assert_true(out.len * 100 <= (size_t)zl * 101);
    free(ref);
    gs_buf_free(&in);
    gs_buf_free(&out);
    gs_deflater_free(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_empty_and_binary),
        cmocka_unit_test(test_no_larger_than_zlib_default),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
