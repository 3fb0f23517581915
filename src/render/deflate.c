/*
 * deflate.c - compresses the PDF's streams with libdeflate.
 *
 * Measured on the very bytes of a (別紙1-1) (the font subset, the content
 * streams, the ToUnicode map, the figures; `BENCH_DEFLATE=1 make bench`
 * prints the table again): libdeflate compresses them about twice as fast
 * as zlib at zlib's default level, which libharu used, and level 5 is the
 * fastest whose output is no larger than zlib's default (6 is a little
 * smaller and slower, 1 is 4x faster but 3 % larger, 10-12 save 2 % at
 * 10-20x the time).  One shot over the whole buffer: every stream is
 * already in memory.
 */
#include "render/deflate.h"

#include <stdlib.h>

#include <libdeflate.h>

#define LEVEL 5

struct gs_deflater {
    struct libdeflate_compressor *c;
};

gs_deflater *gs_deflater_new(void)
{
    gs_deflater *z = gs_xcalloc(1, sizeof *z);
    z->c = libdeflate_alloc_compressor(LEVEL);
    /* it fails only for want of memory, which buf.h treats as fatal too */
    if (!z->c)
        abort();
    return z;
}

void gs_deflater_free(gs_deflater *z)
{
    if (!z)
        return;
    libdeflate_free_compressor(z->c);
    free(z);
}

void gs_deflate(gs_deflater *z, const void *data, size_t len, gs_buf *out)
{
    size_t cap = libdeflate_zlib_compress_bound(z->c, len);
    GS_GROW(out->data, out->cap, out->len + cap + 1);
    size_t got = libdeflate_zlib_compress(z->c, data, len,
                                          out->data + out->len, cap);
    /* the bound is libdeflate's own: 0 cannot happen */
    if (got == 0)
        abort();
    out->len += got;
    out->data[out->len] = '\0';
}
