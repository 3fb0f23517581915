/*
 * buf.h - a growable byte buffer, the one string builder of grantsheet.
 *
 * Every module that assembles text (diagnostic messages, formatted amounts,
 * laid-out cell text, PDF streams) appends to a gs_buf instead of juggling
 * fixed arrays.  Invariant: data is always NUL-terminated (len excludes the
 * NUL), so data can be handed to C string functions at any time.  Allocation
 * failure aborts: a PDF generator that runs out of memory has nothing useful
 * left to do, and checking every append would bury the logic.
 */
#ifndef GS_BUF_H
#define GS_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct gs_buf {
    char *data;
    size_t len;
    size_t cap;
} gs_buf;

#define GS_BUF_INIT { NULL, 0, 0 }

void gs_buf_append(gs_buf *b, const char *s, size_t n);
void gs_buf_puts(gs_buf *b, const char *s);
/* One byte: inline, because a PDF content stream and the figures file are
 * written mostly a byte at a time (about 20,000 calls a (別紙1-1)). */
void gs_buf_putc_grow(gs_buf *b, char c);
static inline void gs_buf_putc(gs_buf *b, char c)
{
    if (b->len + 1 < b->cap) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
    } else {
        gs_buf_putc_grow(b, c);
    }
}
void gs_buf_printf(gs_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void gs_buf_vprintf(gs_buf *b, const char *fmt, va_list ap);
/* Appends the UTF-8 encoding of code point cp (cp must be valid). */
void gs_buf_put_utf8(gs_buf *b, unsigned cp);
void gs_buf_clear(gs_buf *b);
/* Hands the (NUL-terminated, never NULL) contents to the caller, who frees
 * them; the buffer is left empty. */
char *gs_buf_detach(gs_buf *b);
void gs_buf_free(gs_buf *b);

/* Allocation helpers that abort on failure (see the note above). */
void *gs_xmalloc(size_t n);
void *gs_xcalloc(size_t n, size_t size);
void *gs_xrealloc(void *p, size_t n);
char *gs_xstrdup(const char *s);
char *gs_xstrndup(const char *s, size_t n);

/* Grows an array *pv of *pcap elements of size sz so that it holds at least
 * need elements. */
void gs_grow(void **pv, size_t *pcap, size_t need, size_t sz);
#define GS_GROW(v, cap, need) gs_grow((void **)&(v), &(cap), (need), sizeof *(v))

#endif
