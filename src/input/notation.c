/*
 * notation.c - amounts, KPI figures, fiscal years, periods and numbers as
 * planners type them (see notation.h for the notations).
 *
 * Each parser is a small hand-written scanner over UTF-8 rather than a
 * regular expression: it must tell "not a figure" (BAD) from "a figure too
 * large" (RANGE) and "too many decimals" (PLACES), so that the clerk is told
 * what to fix, and it must never overflow whatever it is given, so digits
 * beyond the bound are counted, not accumulated.
 *
 * The formatting half of each notation is in util/ (num.h: △, ±, ①;
 * fy.h: 令和), because layout and validate print these too and sit beside
 * input/, not above it.
 */
#include "input/notation.h"

#include <string.h>

#include "util/fy.h"
#include "util/num.h"
#include "util/utf8.h"

#define AMOUNT_DIGITS 15 /* GS_AMOUNT_MAX */
#define FIGURE_DIGITS 13 /* 13 integer digits + 2 decimals = 15 */

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

/* The digit value at *s (ASCII or full-width) and advances, or -1. */
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

/* Advances past the first of the alternatives that *s starts with. */
static bool take_any(const char **s, const char *const *alts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (starts(*s, alts[i])) {
            *s += strlen(alts[i]);
            return true;
        }
    }
    return false;
}

static bool take_sep(const char **s)
{
    static const char *const seps[] = {",", "\uFF0C"}; /* , ， */
    return take_any(s, seps, 2);
}

static bool take_point(const char **s)
{
    static const char *const points[] = {".", "\uFF0E"}; /* . ． */
    return take_any(s, points, 2);
}

/* An optional sign and the blanks after it; *neg for a negative one. */
static void take_sign(const char **s, bool *neg)
{
    /* △ ▲ - － − */
    static const char *const minus[] = {"\u25B3", "\u25B2", "-", "\uFF0D",
                                        "\u2212"};
    static const char *const plus[] = {"+", "\uFF0B"}; /* + ＋ */
    *neg = take_any(s, minus, 5);
    if (*neg || take_any(s, plus, 2))
        *s = skip_blanks(*s);
}

/* The integer part: digits, optionally grouped by separators in threes.
 * Digits beyond max are counted but not added (*too_many), so nothing
 * overflows.  BAD when there is no digit or a group is misplaced. */
static gs_notation_status take_int(const char **s, int max, int64_t *v,
                                   bool *too_many)
{
    int digits = 0, group = 0;
    bool grouped = false;
    *v = 0;
    *too_many = false;
    for (;;) {
        int d = take_digit(s);
        if (d >= 0) {
            if (++digits > max)
                *too_many = true;
            else
                *v = *v * 10 + d;
            group++;
        } else if (take_sep(s)) {
            /* a separator needs 1-3 digits before the first, 3 between */
            if (digits == 0 || (grouped && group != 3) || group > 3)
                return GS_NOTATION_BAD;
            grouped = true;
            group = 0;
        } else {
            break;
        }
    }
    if (digits == 0 || (grouped && group != 3))
        return GS_NOTATION_BAD;
    return GS_NOTATION_OK;
}

gs_notation_status gs_notation_amount(const char *s, int64_t *out)
{
    bool neg, too_many;
    int64_t v;
    s = skip_blanks(s);
    take_sign(&s, &neg);
    if (take_int(&s, AMOUNT_DIGITS, &v, &too_many) != GS_NOTATION_OK)
        return GS_NOTATION_BAD;
    s = skip_blanks(s);
    if (starts(s, "\u5343\u5186")) /* 千円 */
        s = skip_blanks(s + strlen("\u5343\u5186"));
    if (*s)
        return GS_NOTATION_BAD;
    if (too_many)
        return GS_NOTATION_RANGE;
    *out = neg ? -v : v;
    return GS_NOTATION_OK;
}

gs_notation_status gs_notation_figure(const char *s, int64_t *hundredths)
{
    bool neg, too_many, extra = false;
    int64_t v;
    s = skip_blanks(s);
    take_sign(&s, &neg);
    if (take_int(&s, FIGURE_DIGITS, &v, &too_many) != GS_NOTATION_OK)
        return GS_NOTATION_BAD;
    int places = 0;
    if (take_point(&s)) {
        int d = take_digit(&s);
        if (d < 0)
            return GS_NOTATION_BAD;
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
    if (*skip_blanks(s))
        return GS_NOTATION_BAD;
    if (too_many)
        return GS_NOTATION_RANGE;
    if (extra)
        return GS_NOTATION_PLACES;
    *hundredths = neg ? -v : v;
    return GS_NOTATION_OK;
}

/* ------------------------------------------------------------- years */

static bool take_nendo(const char **s)
{
    if (!starts(*s, "年度"))
        return false;
    *s = skip_blanks(*s + strlen("年度"));
    return true;
}

/* A fiscal year at *s.  bare_reiwa: a number of one or two digits without
 * an era is a 令和 year (the second year of "令和7～9年度").  *reiwa tells
 * whether the year was written in the era (元 is). */
static gs_notation_status take_year(const char **s, int *fy, bool bare_reiwa,
                                    bool *reiwa)
{
    static const char *const eras[] = {"令和", "R", "r", "\uFF32", "\uFF52"};
    const char *p = skip_blanks(*s);
    bool era = take_any(&p, eras, 5);
    int v;
    if (era)
        p = skip_blanks(p);
    if (starts(p, "元")) {
        p = skip_blanks(p + strlen("元"));
        /* 元 alone could be anything; 元年度 is 令和元年度 */
        if (!era && !starts(p, "年度"))
            return GS_NOTATION_BAD;
        era = true;
        v = 1;
    } else {
        int n = 0, d;
        v = 0;
        while ((d = take_digit(&p)) >= 0)
            if (++n <= 4)
                v = v * 10 + d;
        if (!era && bare_reiwa && n >= 1 && n <= 2)
            era = true;
        if (era ? n < 1 || n > 2 || v == 0 : n != 4)
            return GS_NOTATION_BAD;
        p = skip_blanks(p);
    }
    *fy = era ? gs_fy_of_reiwa(v) : v;
    *reiwa = era;
    *s = p;
    return *fy >= GS_FY_MIN && *fy <= GS_FY_MAX ? GS_NOTATION_OK
                                                : GS_NOTATION_RANGE;
}

gs_notation_status gs_notation_take_fy(const char **s, int *fy)
{
    bool reiwa;
    return take_year(s, fy, false, &reiwa);
}

gs_notation_status gs_notation_fy(const char *s, int *fy)
{
    bool reiwa;
    int v;
    gs_notation_status st = take_year(&s, &v, false, &reiwa);
    if (st == GS_NOTATION_BAD)
        return st;
    take_nendo(&s);
    if (*s)
        return GS_NOTATION_BAD;
    if (st == GS_NOTATION_OK)
        *fy = v;
    return st;
}

gs_notation_status gs_notation_period(const char *s, int *first, int *last)
{
    /* - － − ‐ ~ ～ 〜 */
    static const char *const seps[] = {"-", "\uFF0D", "\u2212", "\u2010",
                                       "~", "\uFF5E", "\u301C"};
    bool reiwa, reiwa2;
    int a, b;
    gs_notation_status st = take_year(&s, &a, false, &reiwa);
    if (st == GS_NOTATION_BAD)
        return st;
    take_nendo(&s);
    b = a;
    if (take_any(&s, seps, sizeof seps / sizeof *seps)) {
        gs_notation_status st2 = take_year(&s, &b, reiwa, &reiwa2);
        if (st2 == GS_NOTATION_BAD)
            return st2;
        take_nendo(&s);
        if (st == GS_NOTATION_OK)
            st = st2;
    }
    if (*s)
        return GS_NOTATION_BAD;
    if (st != GS_NOTATION_OK)
        return st;
    if (a > b)
        return GS_NOTATION_ORDER;
    *first = a;
    *last = b;
    return GS_NOTATION_OK;
}

/* ----------------------------------------------------------- numbers */

int gs_notation_number(const char *s)
{
    int v = -1;
    s = skip_blanks(s);
    size_t n;
    uint32_t cp = *s ? gs_utf8_decode(s, &n) : 0;
    if (cp >= 0x2460 && cp <= 0x2473) { /* ①..⑳ */
        v = (int)(cp - 0x2460 + 1);
        s += n;
    } else {
        int digits = 0, d;
        v = 0;
        while ((d = take_digit(&s)) >= 0) {
            if (++digits > 4)
                return -1;
            v = v * 10 + d;
        }
        if (!digits)
            return -1;
    }
    return *skip_blanks(s) ? -1 : v;
}

int gs_notation_kpi_no(const char *s)
{
    static const char *const letters[3][4] = {
        {"K", "k", "\uFF2B", "\uFF4B"},
        {"P", "p", "\uFF30", "\uFF50"},
        {"I", "i", "\uFF29", "\uFF49"},
    };
    const char *p = skip_blanks(s);
    int i = 0;
    while (i < 3 && take_any(&p, letters[i], 4))
        i++;
    if (i == 3)
        s = p;
    return gs_notation_number(s);
}

gs_actual_kind gs_notation_actual_marker(const char *s)
{
    static const struct {
        const char *text;
        gs_actual_kind kind;
    } markers[] = {
        {"未確定", GS_ACTUAL_PENDING},  {"未公表", GS_ACTUAL_UNPUBLISHED},
        {"—", GS_ACTUAL_UNMEASURED},    {"-", GS_ACTUAL_UNMEASURED},
        {"－", GS_ACTUAL_UNMEASURED},   {"ー", GS_ACTUAL_UNMEASURED},
        {"―", GS_ACTUAL_UNMEASURED},
    };
    s = skip_blanks(s);
    for (size_t i = 0; i < sizeof markers / sizeof *markers; i++)
        if (starts(s, markers[i].text) &&
            !*skip_blanks(s + strlen(markers[i].text)))
            return markers[i].kind;
    return GS_ACTUAL_NONE;
}

/* ---------------------------------------------------------- messages */

void gs_notation_explain(gs_buf *b, gs_notation what, gs_notation_status st)
{
    switch (what) {
    case GS_NOTATION_AMOUNT:
        if (st == GS_NOTATION_RANGE)
            gs_buf_puts(b, "金額は 15 桁までです");
        else
            gs_buf_puts(b, "千円単位の整数で書いてください。例: 12219、"
                           "12,219、12,219千円、１２，２１９、△1,200、"
                           "▲ 1,200、-1,200、+1,200");
        break;
    case GS_NOTATION_FIGURE:
        if (st == GS_NOTATION_RANGE)
            gs_buf_puts(b, "整数部は 13 桁までです");
        else if (st == GS_NOTATION_PLACES)
            gs_buf_puts(b, "小数第 2 位までにしてください");
        else
            gs_buf_puts(b, "小数第 2 位までの数で書いてください。例: 30、"
                           "30.00、+30、+ 4、＋３０．５、1,234.5、△0.51、"
                           "▲ 1.26、-0.5");
        break;
    case GS_NOTATION_FY:
    case GS_NOTATION_PERIOD:
        if (st == GS_NOTATION_RANGE)
            gs_buf_printf(b, "年度は %d年度 (令和元年度) から %d年度 "
                             "(令和%d年度) までです",
                          GS_FY_MIN, GS_FY_MAX, gs_reiwa(GS_FY_MAX));
        else if (st == GS_NOTATION_ORDER)
            gs_buf_puts(b, "始めの年度が終わりの年度より後です");
        else if (what == GS_NOTATION_FY)
            gs_buf_puts(b, "年度は 2025、2025年度、R7、R7年度、令和7年度、"
                           "令和元年度、R元、元年度 のように書いてください");
        else
            gs_buf_puts(b, "期間は R7-R9、R7-R9年度、令和7年度～令和9年度、"
                           "令和元～3年度、2025-2027、R7 のように書いて"
                           "ください");
        break;
    }
}
