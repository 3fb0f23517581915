/*
 * num.h - amounts and how the forms write them.
 *
 * Amounts are integers in 千円 held in int64_t.  Input is bounded to
 * GS_AMOUNT_MAX in magnitude (a quadrillion yen, far beyond any plan), and
 * every sum goes through gs_amount_add, so totals can never wrap silently:
 * the caller learns about overflow and reports it.
 *
 * Formatting follows the forms: thousands separators, the unit 千円, and △
 * for negatives ("△1,200千円").  Ratios are percentages with one decimal,
 * rounded half away from zero, and a zero denominator shows 0.0%.
 *
 * This is the formatting half of the notations planners type; the parsing
 * half is input/notation.h.  Each notation is printed here, once, because
 * every stage after input prints it (layout on the sheets, validate in its
 * messages) and those stages must not call up into input/.
 */
#ifndef GS_NUM_H
#define GS_NUM_H

#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"

#define GS_AMOUNT_MAX INT64_C(999999999999999) /* 15 digits */

/* *acc += v; returns false (and leaves *acc alone) when the result would
 * leave [-GS_AMOUNT_MAX, GS_AMOUNT_MAX]. */
bool gs_amount_add(int64_t *acc, int64_t v);

/* "12,219" / "△1,200" (no unit). */
void gs_fmt_int(gs_buf *b, int64_t v);
/* "12,219千円" / "△1,200千円" / "0千円". */
void gs_fmt_kyen(gs_buf *b, int64_t v);
/* num/den as a percentage with one decimal: "47.5%"; den == 0 gives "0.0%". */
void gs_fmt_pct1(gs_buf *b, int64_t num, int64_t den);
/* Fixed-point value scaled by 100 with two decimals: 3000 -> "30.00",
 * -51 -> "△0.51". */
void gs_fmt_fixed2(gs_buf *b, int64_t hundredths);

/* A change with its sign and no needless decimals, as 事業概要 brackets a
 * KPI target and validate quotes it: 3000 -> "+30", 3050 -> "+30.5",
 * -51 -> "△0.51", 123400 -> "+1,234", 0 -> "0". */
void gs_fmt_delta(gs_buf *b, int64_t hundredths);
/* ①..⑳ for 1..20 (KPI numbers as the forms write them); false, and nothing
 * written, for any other n. */
bool gs_fmt_circled(gs_buf *b, int64_t n);

/* A number as Japanese official documents write it in running text: a
 * single digit full-width, more digits as they are: 4 -> "４",
 * 31 -> "31", 2028 -> "2028" (2028年３月31日, （１年目）). */
void gs_fmt_jdigit(gs_buf *b, int64_t v);

/* True when num/den is strictly greater than 1/2 (den > 0), exactly, without
 * floating point. */
bool gs_ratio_above_half(int64_t num, int64_t den);

#endif
