/*
 * fuzz_notation.c - libFuzzer harness: one text through every parser of
 * input/notation.h (amounts, KPI figures, fiscal years, periods, numbers,
 * KPI numbers) and the explanation of each refusal.
 *
 * The parsers are promised never to overflow or read past the text's NUL
 * whatever they get, so they get raw bytes, invalid UTF-8 included.  What a
 * parser accepts is then checked against its promise and against the
 * formatting half of the notation (util/num.h, util/fy.h): a value in
 * range, and the text the forms print for it read back as the same value
 * (12,219 -> "12,219千円" -> 12,219; 2019 -> "令和元年度" -> 2019), so a
 * reader and the sheets can never disagree about a figure.  A broken
 * promise aborts, which libFuzzer reports as a crash with the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/notation.h"
#include "util/buf.h"
#include "util/fy.h"
#include "util/num.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *text, const char *formatted)
{
    fprintf(stderr, "fuzz_notation: %s: \"%s\" -> \"%s\"\n", what, text,
            formatted ? formatted : "");
    abort();
}

static void explain(gs_notation what, gs_notation_status st, const char *s)
{
    if (st == GS_NOTATION_OK)
        return;
    gs_buf b = GS_BUF_INIT;
    gs_notation_explain(&b, what, st);
    if (b.len == 0)
        fail("a refusal without an explanation", s, NULL);
    gs_buf_free(&b);
}

static void amount(const char *s)
{
    int64_t v = 0, back = 0;
    gs_notation_status st = gs_notation_amount(s, &v);
    explain(GS_NOTATION_AMOUNT, st, s);
    if (st != GS_NOTATION_OK)
        return;
    if (v > GS_AMOUNT_MAX || v < -GS_AMOUNT_MAX)
        fail("an amount out of range accepted", s, NULL);
    gs_buf b = GS_BUF_INIT;
    gs_fmt_int(&b, v);
    if (gs_notation_amount(b.data, &back) != GS_NOTATION_OK || back != v)
        fail("an amount does not read back", s, b.data);
    gs_buf_clear(&b);
    gs_fmt_kyen(&b, v);
    if (gs_notation_amount(b.data, &back) != GS_NOTATION_OK || back != v)
        fail("an amount in 千円 does not read back", s, b.data);
    gs_buf_free(&b);
}

static void figure(const char *s)
{
    int64_t v = 0, back = 0;
    gs_notation_status st = gs_notation_figure(s, &v);
    explain(GS_NOTATION_FIGURE, st, s);
    if (st != GS_NOTATION_OK)
        return;
    if (v > GS_AMOUNT_MAX || v < -GS_AMOUNT_MAX)
        fail("a figure out of range accepted", s, NULL);
    gs_buf b = GS_BUF_INIT;
    gs_fmt_fixed2(&b, v);
    if (gs_notation_figure(b.data, &back) != GS_NOTATION_OK || back != v)
        fail("a figure does not read back", s, b.data);
    gs_buf_clear(&b);
    gs_fmt_delta(&b, v);
    if (gs_notation_figure(b.data, &back) != GS_NOTATION_OK || back != v)
        fail("a target does not read back", s, b.data);
    gs_buf_free(&b);
}

static void fiscal_year(const char *s)
{
    int fy = 0, back = 0;
    gs_notation_status st = gs_notation_fy(s, &fy);
    explain(GS_NOTATION_FY, st, s);
    const char *p = s;
    int taken = -1;
    gs_notation_status st2 = gs_notation_take_fy(&p, &taken);
    if (st2 == GS_NOTATION_BAD && (p != s || taken != -1))
        fail("a refused year moved on", s, NULL);
    if (p < s || p > s + strlen(s))
        fail("a year read past its text", s, NULL);
    if (st != GS_NOTATION_OK)
        return;
    if (fy < GS_FY_MIN || fy > GS_FY_MAX)
        fail("a year out of range accepted", s, NULL);
    if (st2 != GS_NOTATION_OK || taken != fy)
        fail("a whole year and the year taken from it differ", s, NULL);
    gs_buf b = GS_BUF_INIT;
    gs_fmt_fy(&b, fy);
    if (gs_notation_fy(b.data, &back) != GS_NOTATION_OK || back != fy)
        fail("a year does not read back", s, b.data);
    gs_buf_clear(&b);
    gs_fmt_fy_reiwa(&b, fy);
    if (gs_notation_fy(b.data, &back) != GS_NOTATION_OK || back != fy)
        fail("a 令和 year does not read back", s, b.data);
    gs_buf_free(&b);
}

static void period(const char *s)
{
    int first = 0, last = 0, f2 = 0, l2 = 0;
    gs_notation_status st = gs_notation_period(s, &first, &last);
    explain(GS_NOTATION_PERIOD, st, s);
    if (st != GS_NOTATION_OK)
        return;
    if (first < GS_FY_MIN || last > GS_FY_MAX || first > last)
        fail("a period out of range or order accepted", s, NULL);
    gs_buf b = GS_BUF_INIT;
    gs_fmt_period_reiwa(&b, first, last);
    if (gs_notation_period(b.data, &f2, &l2) != GS_NOTATION_OK ||
        f2 != first || l2 != last)
        fail("a period does not read back", s, b.data);
    gs_buf_free(&b);
}

static void number(const char *s)
{
    int n = gs_notation_number(s), k = gs_notation_kpi_no(s);
    if (n < -1 || n > 9999 || k < -1 || k > 9999)
        fail("a number out of range", s, NULL);
    if (n >= 0 && k != n)
        fail("a number is not the same KPI number", s, NULL);
    if (n < 1 || n > 20)
        return;
    gs_buf b = GS_BUF_INIT;
    gs_buf_puts(&b, "KPI");
    if (!gs_fmt_circled(&b, n))
        fail("no circled number for", s, NULL);
    if (gs_notation_number(b.data + 3) != n || gs_notation_kpi_no(b.data) != n)
        fail("a circled number does not read back", s, b.data);
    gs_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* an exact-size copy, so a read past the NUL is an ASan report */
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    amount(s);
    figure(s);
    fiscal_year(s);
    period(s);
    number(s);
    free(s);
    return 0;
}
