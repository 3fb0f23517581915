/*
 * fy.c - fiscal-year arithmetic.  Tiny, but every sheet leans on it, so it
 * lives in one place with its own tests.
 */
#include "util/fy.h"

int gs_fy_of(int year, int month)
{
    return month >= 4 ? year : year - 1;
}

/* 令和元年 is 2019: the era's years are Gregorian minus this. */
#define REIWA_EPOCH 2018

int gs_reiwa(int fy)
{
    return fy - REIWA_EPOCH;
}

int gs_fy_of_reiwa(int reiwa)
{
    return reiwa + REIWA_EPOCH;
}

void gs_fmt_fy(gs_buf *b, int fy)
{
    gs_buf_printf(b, "%d年度", fy);
}

void gs_fmt_fy_reiwa(gs_buf *b, int fy)
{
    gs_buf_printf(b, "令和%d年度", gs_reiwa(fy));
}

static void put_reiwa_fy(gs_buf *b, int fy)
{
    if (gs_reiwa(fy) == 1)
        gs_buf_puts(b, "令和元年度");
    else
        gs_fmt_fy_reiwa(b, fy);
}

void gs_fmt_period_span(gs_buf *b, int fy_first, int fy_last)
{
    put_reiwa_fy(b, fy_first);
    if (fy_last != fy_first) {
        gs_buf_puts(b, "～");
        put_reiwa_fy(b, fy_last);
    }
}

void gs_fmt_period_reiwa(gs_buf *b, int fy_first, int fy_last)
{
    if (fy_first == fy_last)
        gs_buf_printf(b, "R%d年度", gs_reiwa(fy_first));
    else
        gs_buf_printf(b, "R%d-R%d年度", gs_reiwa(fy_first), gs_reiwa(fy_last));
}

void gs_fmt_period_dates(gs_buf *b, int fy_first, int fy_last)
{
    gs_buf_printf(b, "%d.4.1 - %d.3.31", fy_first, fy_last + 1);
}

bool gs_date_valid(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return false;
    int md = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        md = 29;
    return d <= md;
}
