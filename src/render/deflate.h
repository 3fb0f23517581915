/*
 * deflate.h - the one compressor of the PDF's streams.
 *
 * Every stream the renderer writes (page contents, the embedded font, the
 * ToUnicode map, the figures attachment) is compressed here and handed to
 * libharu already compressed, with /Filter /FlateDecode, so the choice of
 * library and level is made in one place, and `make bench` measures the
 * floor with the very same calls.
 */
#ifndef GS_DEFLATE_H
#define GS_DEFLATE_H

#include <stddef.h>

#include "util/buf.h"

/* A compressor, made once per document and used for all of its streams
 * (making one allocates its match finder's tables). */
typedef struct gs_deflater gs_deflater;

gs_deflater *gs_deflater_new(void);
void gs_deflater_free(gs_deflater *z);

/* Appends the zlib-format (RFC 1950) compression of data[0..len) to out,
 * as /FlateDecode expects. */
void gs_deflate(gs_deflater *z, const void *data, size_t len, gs_buf *out);

#endif
