/*
 * notation.h - the one parser of each notation planners type.
 *
 * A figure reaches grantsheet typed by a clerk, into an XML attribute or an
 * Excel cell, and the same figure must read the same whichever way it came
 * in.  So each notation has exactly one parser here, and both readers
 * (xml.c, csv.c) call it; the schema (plan.rng) does not spell these
 * values again, it only says where they go, so it can never accept what
 * the parser refuses or the other way round.
 *
 *   amount      千円 integers: 12219, 12,219, 12,219千円, １２，２１９,
 *               △1,200, ▲ 1,200, -1,200, +1,200, ＋４
 *   figure      KPI figures and ± targets, in hundredths: 30, 30.00, +30,
 *               + 4, ＋３０．５, △0.51, △ 1.26, ▲1.26, －0.5
 *   fiscal year 2025, 2025年度, R7, R7年度, 令和7年度, 令和元年度, R元,
 *               元年度 (full-width digits and Ｒ too)
 *   period      R7-R9, R7-R9年度, 令和元年度～令和3年度, 令和7～9年度,
 *               2025-2027, R7 (one year)
 *   number      ①…⑳ or up to four digits; a KPI number may be prefixed
 *               KPI (KPI①, ＫＰＩ１)
 *   実績 marker  未確定, 未公表, or — for "not measured" (also -, －, ー,
 *               ―), typed where a 効果検証 figure would be
 *
 * Common to the figures: blanks (ASCII and U+3000) may surround the text
 * and follow the sign, never sit between digits; separators (, or ，) group
 * the integer part in threes; the decimal point is . or ．; the signs are
 * + ＋ for positive and △ ▲ - － − for negative.
 *
 * Why here and not in util/: parsing is the input stage's business (only
 * the readers call these).  Turning numbers back into the forms' text
 * (△, ±, ①) is done by every stage after input, so the formatting half of
 * each notation lives in util/num.h and util/fy.h, which layout and
 * validate may call without reaching up into input/.
 */
#ifndef GS_NOTATION_H
#define GS_NOTATION_H

#include <stdbool.h>
#include <stdint.h>

#include "model/plan.h"
#include "util/buf.h"

typedef enum gs_notation_status {
    GS_NOTATION_OK,
    GS_NOTATION_BAD,    /* not written in any notation this parser accepts */
    GS_NOTATION_RANGE,  /* well written, but too large (an amount beyond 15
                         * digits, a fiscal year outside 2019-2099) */
    GS_NOTATION_PLACES, /* a figure with a non-zero third decimal */
    GS_NOTATION_ORDER,  /* a period whose first year is after its last */
} gs_notation_status;

/* What a text was meant to be, for gs_notation_explain. */
typedef enum gs_notation {
    GS_NOTATION_AMOUNT,
    GS_NOTATION_FIGURE,
    GS_NOTATION_FY,
    GS_NOTATION_PERIOD,
} gs_notation;

/* An amount in 千円 within ±GS_AMOUNT_MAX (util/num.h). */
gs_notation_status gs_notation_amount(const char *s, int64_t *out);

/* A KPI figure or target in hundredths (30 -> 3000, △0.51 -> -51); more
 * than two decimals only when the extra ones are zeros ("10.000" from
 * Excel). */
gs_notation_status gs_notation_figure(const char *s, int64_t *hundredths);

/* Reads a fiscal year at *s (blanks around it skipped), leaving *s after
 * it, before any 年度: 2025, R7, 令和7, 令和元, R元, and 元 when 年度
 * follows.  On GS_NOTATION_OK or GS_NOTATION_RANGE, *fy is the Gregorian
 * year (RANGE: outside GS_FY_MIN..GS_FY_MAX) and *s has moved; on BAD
 * neither changes. */
gs_notation_status gs_notation_take_fy(const char **s, int *fy);

/* A whole text that is one fiscal year, optionally followed by 年度. */
gs_notation_status gs_notation_fy(const char *s, int *fy);

/* A period of fiscal years "FIRST-LAST" (- － − ‐ ~ ～ 〜 between), each
 * with or without 年度; LAST may leave out the era FIRST wrote
 * (令和7～9年度).  One year alone is a period of one year. */
gs_notation_status gs_notation_period(const char *s, int *first, int *last);

/* ①…⑳, or one to four digits (ASCII or full-width): the number, or -1. */
int gs_notation_number(const char *s);

/* A KPI number: gs_notation_number, optionally after KPI (any case, ASCII
 * or full-width): KPI① / ① / KPI1 / 1 -> 1; -1 when not one. */
int gs_notation_kpi_no(const char *s);

/* The 実績 marker s is (blanks around it allowed): GS_ACTUAL_PENDING,
 * GS_ACTUAL_UNPUBLISHED or GS_ACTUAL_UNMEASURED; GS_ACTUAL_NONE when s is
 * not one (a figure, then, for gs_notation_figure). */
gs_actual_kind gs_notation_actual_marker(const char *s);

/* Appends, in Japanese, why a text of kind `what` was refused with st and
 * which notations are accepted, for the reader's message:
 * "千円単位の整数で書いてください。例: 12,219 …". */
void gs_notation_explain(gs_buf *b, gs_notation what, gs_notation_status st);

#endif
