/*
 * buf.c - growable buffer and aborting allocators.  See buf.h for why
 * allocation failure aborts rather than propagating.
 */
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
    fputs("grantsheet: out of memory\n", stderr);
    abort();
}

void *gs_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *gs_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *gs_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom();
    return q;
}

char *gs_xstrdup(const char *s)
{
    return gs_xstrndup(s, strlen(s));
}

char *gs_xstrndup(const char *s, size_t n)
{
    char *p = gs_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void gs_grow(void **pv, size_t *pcap, size_t need, size_t sz)
{
    if (need <= *pcap)
        return;
    size_t cap = *pcap ? *pcap : 8;
    while (cap < need) {
        if (cap > ((size_t)-1) / 2 / sz)
            oom();
        cap *= 2;
    }
    *pv = gs_xrealloc(*pv, cap * sz);
    *pcap = cap;
}

static void reserve(gs_buf *b, size_t extra)
{
    if (extra > ((size_t)-1) - b->len - 1)
        oom();
    GS_GROW(b->data, b->cap, b->len + extra + 1);
}

void gs_buf_append(gs_buf *b, const char *s, size_t n)
{
    reserve(b, n);
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void gs_buf_puts(gs_buf *b, const char *s)
{
    gs_buf_append(b, s, strlen(s));
}

void gs_buf_putc_grow(gs_buf *b, char c)
{
    gs_buf_append(b, &c, 1);
}

void gs_buf_vprintf(gs_buf *b, const char *fmt, va_list ap)
{
    /* Formatted straight into the room left when it fits (nearly always:
     * the pieces are short), so the format is run once, not measured
     * first; only a piece longer than the room is formatted again. */
    reserve(b, 64);
    size_t room = b->cap - b->len;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(b->data + b->len, room, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        b->data[b->len] = '\0';
        return;
    }
    if ((size_t)n >= room) {
        reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    }
    b->len += (size_t)n;
}

void gs_buf_printf(gs_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gs_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void gs_buf_put_utf8(gs_buf *b, unsigned cp)
{
    char s[4];
    size_t n;
    if (cp < 0x80) {
        s[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        s[0] = (char)(0xC0 | (cp >> 6));
        s[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        s[0] = (char)(0xE0 | (cp >> 12));
        s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        s[0] = (char)(0xF0 | (cp >> 18));
        s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    gs_buf_append(b, s, n);
}

void gs_buf_clear(gs_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *gs_buf_detach(gs_buf *b)
{
    char *p = b->data ? b->data : gs_xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void gs_buf_free(gs_buf *b)
{
    if (!b)
        return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
