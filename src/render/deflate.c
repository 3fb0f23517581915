/*
 * deflate.c - compresses the PDF's streams with zlib, at zlib's default
 * level: the level libharu itself used, so the files stay as small as they
 * were.
 */
#include "render/deflate.h"

#include <stdlib.h>

#include <zlib.h>

void gs_deflate(const void *data, size_t len, gs_buf *out)
{
    uLong cap = compressBound((uLong)len);
    GS_GROW(out->data, out->cap, out->len + cap + 1);
    uLongf got = cap;
    /* compress2 fails only for want of memory or a bad level */
    if (compress2((Bytef *)out->data + out->len, &got, data, (uLong)len,
                  Z_DEFAULT_COMPRESSION) != Z_OK)
        abort();
    out->len += got;
    out->data[out->len] = '\0';
}
