/*
 * linebreak.c - greedy line filling over ICU break opportunities.
 *
 * Greedy filling (take pieces while they fit) is what the official Excel form
 * and every word processor do for Japanese; optimal-fit buys nothing when
 * almost every character is a break opportunity.  ICU works in UTF-16, the
 * rest of grantsheet in UTF-8, so opportunities are mapped back to byte
 * offsets once per paragraph.
 */
#include "layout/linebreak.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include "util/buf.h"
#include "util/utf8.h"

struct gs_breaker {
    UBreakIterator *it;
    UChar *u16;           /* scratch: the paragraph in UTF-16 */
    size_t u16cap;
    size_t *u16_to_byte;  /* scratch: byte offset of each UTF-16 unit */
    size_t mapcap;
};

gs_breaker *gs_breaker_new(void)
{
    UErrorCode err = U_ZERO_ERROR;
    UBreakIterator *it = ubrk_open(UBRK_LINE, "ja@lb=strict", NULL, 0, &err);
    if (U_FAILURE(err))
        return NULL;
    gs_breaker *b = gs_xcalloc(1, sizeof *b);
    b->it = it;
    return b;
}

void gs_breaker_free(gs_breaker *b)
{
    if (!b)
        return;
    ubrk_close(b->it);
    free(b->u16);
    free(b->u16_to_byte);
    free(b);
}

static bool is_digit_byte(char c)
{
    return c >= '0' && c <= '9';
}

/* Fills ok[i] (for byte offsets 0..n) with true where a line may break
 * before byte i. */
static void opportunities(gs_breaker *b, const char *s, size_t n, bool *ok)
{
    memset(ok, 0, n + 1);
    /* UTF-16 needs at most one unit per byte. */
    GS_GROW(b->u16, b->u16cap, n + 1);
    GS_GROW(b->u16_to_byte, b->mapcap, n + 2);
    size_t u = 0;
    for (size_t i = 0; i < n;) {
        size_t at = i;
        uint32_t c = gs_utf8_next((const unsigned char *)s, n, &i);
        UChar32 cp = c == GS_UTF8_BAD ? 0xFFFD : (UChar32)c;
        b->u16_to_byte[u] = at;
        if (cp > 0xFFFF) {
            cp -= 0x10000;
            b->u16[u++] = (UChar)(0xD800 + (cp >> 10));
            b->u16_to_byte[u] = at;
            b->u16[u++] = (UChar)(0xDC00 + (cp & 0x3FF));
        } else {
            b->u16[u++] = (UChar)cp;
        }
    }
    b->u16_to_byte[u] = n;
    UErrorCode err = U_ZERO_ERROR;
    ubrk_setText(b->it, b->u16, (int32_t)u, &err);
    if (U_FAILURE(err))
        return; /* no opportunities: the emergency breaker still wraps */
    for (int32_t p = ubrk_following(b->it, 0); p != UBRK_DONE && p < (int32_t)u;
         p = ubrk_next(b->it)) {
        size_t at = b->u16_to_byte[p];
        /* Keep a number with what follows it unless a space separates them. */
        if (at > 0 && is_digit_byte(s[at - 1]) && s[at] != ' ')
            continue;
        ok[at] = true;
    }
}

typedef struct lines {
    gs_span *v;
    size_t n, cap;
} lines;

static void emit(lines *L, const char *s, size_t off, size_t end)
{
    while (end > off && s[end - 1] == ' ')
        end--;
    GS_GROW(L->v, L->cap, L->n + 1);
    L->v[L->n].off = off;
    L->v[L->n].len = end - off;
    L->n++;
}

/* Wraps one paragraph s[0..n) (no '\n'); base is its offset in the text. */
static void wrap_para(gs_breaker *b, const char *text, size_t base, size_t n,
                      double maxw, gs_measure_fn measure, void *ctx, lines *L)
{
    const char *s = text + base;
    bool *ok = gs_xmalloc(n + 1);
    opportunities(b, s, n, ok);
    size_t start = 0;   /* start of the current line */
    size_t last = 0;    /* last opportunity seen on this line (0 = none) */
    double width = 0;   /* width of s[start..i) */
    size_t i = 0;
    while (i < n) {
        size_t next = i;
        (void)gs_utf8_next((const unsigned char *)s, n, &next);
        size_t k = next - i;
        double cw = measure(ctx, s + i, k);
        if (i > start && ok[i])
            last = i;
        /* spaces may hang past the edge: they are trimmed at the break */
        if (width + cw > maxw && i > start && s[i] != ' ') {
            size_t brk = last > start ? last : i;
            emit(L, text, base + start, base + brk);
            start = brk;
            while (start < n && s[start] == ' ')
                start++;
            last = 0;
            width = measure(ctx, s + start, i - start);
            i = i < start ? start : i;
            continue;
        }
        width += cw;
        i += k;
    }
    emit(L, text, base + start, base + n);
    free(ok);
}

size_t gs_wrap(gs_breaker *b, const char *text, size_t len, double max_width,
               gs_measure_fn measure, void *ctx, gs_span **out)
{
    lines L = {0};
    size_t p = 0;
    for (;;) {
        const char *nl = memchr(text + p, '\n', len - p);
        size_t end = nl ? (size_t)(nl - text) : len;
        wrap_para(b, text, p, end - p, max_width, measure, ctx, &L);
        if (!nl)
            break;
        p = end + 1;
    }
    *out = L.v;
    return L.n;
}
