/*
 * num.c - amount arithmetic and form-style formatting (the parsing of what
 * planners type is input/notation.c).
 *
 * No floating point anywhere: percentages are rounded with integer
 * arithmetic so that the same figures always print the same digits.
 */
#include "util/num.h"

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

void gs_fmt_jdigit(gs_buf *b, int64_t v)
{
    if (v >= 0 && v <= 9)
        gs_buf_put_utf8(b, 0xFF10u + (unsigned)v);
    else
        gs_buf_printf(b, "%lld", (long long)v);
}

bool gs_ratio_above_half(int64_t num, int64_t den)
{
    if (den <= 0)
        return false;
    return (__int128)num * 2 > (__int128)den;
}
