/*
 * num.c - amount arithmetic, parsing and form-style formatting.
 *
 * No floating point anywhere: percentages are rounded with integer
 * arithmetic so that the same figures always print the same digits.
 */
#include "util/num.h"

#include <string.h>

bool gs_amount_add(int64_t *acc, int64_t v)
{
    int64_t r;
    if (__builtin_add_overflow(*acc, v, &r))
        return false;
    if (r > GS_AMOUNT_MAX || r < -GS_AMOUNT_MAX)
        return false;
    *acc = r;
    return true;
}

static bool starts(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

static const char *skip_blanks(const char *s)
{
    for (;;) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
            s++;
        else if (starts(s, "\u3000"))
            s += 3;
        else
            return s;
    }
}

/* Returns the digit value at *s (ASCII or full-width) and advances, or -1. */
static int take_digit(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    if (*p >= '0' && *p <= '9') {
        (*s)++;
        return *p - '0';
    }
    /* U+FF10..U+FF19 = EF BC 90..99 */
    if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
        *s += 3;
        return p[2] - 0x90;
    }
    return -1;
}

static bool take_sep(const char **s)
{
    if (**s == ',') {
        (*s)++;
        return true;
    }
    if (starts(*s, "\uFF0C")) {
        *s += 3;
        return true;
    }
    return false;
}

bool gs_amount_parse(const char *s, int64_t *out)
{
    bool neg = false;
    s = skip_blanks(s);
    if (starts(s, "\u25B3") || starts(s, "\u25B2")) { /* △ ▲ */
        neg = true;
        s += 3;
    } else if (*s == '-') {
        neg = true;
        s++;
    } else if (starts(s, "\uFF0D") || starts(s, "\u2212")) { /* － − */
        neg = true;
        s += 3;
    }
    int64_t v = 0;
    int digits = 0, group = 0;
    bool grouped = false;
    for (;;) {
        int d = take_digit(&s);
        if (d >= 0) {
            if (++digits > 15)
                return false;
            v = v * 10 + d;
            group++;
            continue;
        }
        if (take_sep(&s)) {
            /* a separator needs 1-3 digits before the first, 3 between */
            if (digits == 0 || (grouped && group != 3) || group > 3)
                return false;
            grouped = true;
            group = 0;
            continue;
        }
        break;
    }
    if (digits == 0 || (grouped && group != 3))
        return false;
    if (starts(s, "\u5343\u5186")) /* 千円 */
        s += 6;
    s = skip_blanks(s);
    if (*s)
        return false;
    if (v > GS_AMOUNT_MAX)
        return false;
    *out = neg ? -v : v;
    return true;
}

gs_dec_status gs_decimal2_parse(const char *s, int64_t *out)
{
    bool neg = false;
    s = skip_blanks(s);
    if (starts(s, "\u25B3") || starts(s, "\u25B2") || starts(s, "\uFF0D") ||
        starts(s, "\u2212")) { /* △ ▲ － − */
        neg = true;
        s += 3;
    } else if (*s == '-') {
        neg = true;
        s++;
    } else if (starts(s, "\uFF0B")) { /* ＋ */
        s += 3;
    } else if (*s == '+') {
        s++;
    }
    int64_t v = 0;
    int digits = 0, group = 0;
    bool grouped = false;
    for (;;) {
        int d = take_digit(&s);
        if (d >= 0) {
            if (++digits > 13) /* 13 digits keep hundredths within bounds */
                return GS_DEC_BAD;
            v = v * 10 + d;
            group++;
        } else if (take_sep(&s)) {
            if (digits == 0 || (grouped && group != 3) || group > 3)
                return GS_DEC_BAD;
            grouped = true;
            group = 0;
        } else {
            break;
        }
    }
    if (digits == 0 || (grouped && group != 3))
        return GS_DEC_BAD;
    int places = 0;
    bool extra = false;
    if (*s == '.' || starts(s, "\uFF0E")) {
        s += *s == '.' ? 1 : 3;
        int d = take_digit(&s);
        if (d < 0)
            return GS_DEC_BAD;
        for (; d >= 0; d = take_digit(&s)) {
            if (places < 2) {
                v = v * 10 + d;
                places++;
            } else if (d != 0) {
                extra = true;
            }
        }
    }
    for (; places < 2; places++)
        v *= 10;
    s = skip_blanks(s);
    if (*s || v > GS_AMOUNT_MAX)
        return GS_DEC_BAD;
    if (extra)
        return GS_DEC_PLACES;
    *out = neg ? -v : v;
    return GS_DEC_OK;
}

static void put_grouped(gs_buf *b, uint64_t m)
{
    char tmp[32];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + m % 10);
        m /= 10;
    } while (m);
    for (int i = n - 1; i >= 0; i--) {
        gs_buf_putc(b, tmp[i]);
        if (i > 0 && i % 3 == 0)
            gs_buf_putc(b, ',');
    }
}

static uint64_t magnitude(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

void gs_fmt_int(gs_buf *b, int64_t v)
{
    if (v < 0)
        gs_buf_puts(b, "\u25B3");
    put_grouped(b, magnitude(v));
}

void gs_fmt_kyen(gs_buf *b, int64_t v)
{
    gs_fmt_int(b, v);
    gs_buf_puts(b, "\u5343\u5186");
}

void gs_fmt_pct1(gs_buf *b, int64_t num, int64_t den)
{
    if (den == 0) {
        gs_buf_puts(b, "0.0%");
        return;
    }
    bool neg = (num < 0) != (den < 0) && num != 0;
    /* tenths of a percent, rounded half away from zero: (|n|*2000/|d| + 1)/2.
     * |n| <= GS_AMOUNT_MAX (< 2^50), so |n|*2000 fits in 64 bits. */
    unsigned __int128 n = magnitude(num), d = magnitude(den);
    unsigned __int128 t = (n * 2000 / d + 1) / 2;
    uint64_t tenths = (uint64_t)t;
    if (neg && tenths)
        gs_buf_puts(b, "\u25B3");
    put_grouped(b, tenths / 10);
    gs_buf_printf(b, ".%u%%", (unsigned)(tenths % 10));
}

void gs_fmt_fixed2(gs_buf *b, int64_t hundredths)
{
    if (hundredths < 0)
        gs_buf_puts(b, "\u25B3");
    uint64_t m = magnitude(hundredths);
    put_grouped(b, m / 100);
    gs_buf_printf(b, ".%02u", (unsigned)(m % 100));
}

void gs_fmt_delta(gs_buf *b, int64_t hundredths)
{
    uint64_t m = magnitude(hundredths);
    if (hundredths > 0)
        gs_buf_puts(b, "+");
    else if (hundredths < 0)
        gs_buf_puts(b, "\u25B3");
    put_grouped(b, m / 100);
    unsigned frac = (unsigned)(m % 100);
    if (frac % 10 == 0 && frac)
        gs_buf_printf(b, ".%u", frac / 10);
    else if (frac)
        gs_buf_printf(b, ".%02u", frac);
}

bool gs_fmt_circled(gs_buf *b, int64_t n)
{
    if (n < 1 || n > 20)
        return false;
    gs_buf_put_utf8(b, 0x2460u + (unsigned)(n - 1));
    return true;
}

bool gs_ratio_above_half(int64_t num, int64_t den)
{
    if (den <= 0)
        return false;
    return (__int128)num * 2 > (__int128)den;
}
