/*
 * fy.h - fiscal years and the 令和 era.
 *
 * A Japanese fiscal year (年度) runs 1 April - 31 March and is named by the
 * Gregorian year in which it starts: FY2025 = 2025-04-01 .. 2026-03-31.
 * 令和 year = Gregorian - 2018 (令和元年 = 2019, from 1 May 2019; fiscal
 * years R1 onward are what plans use).
 */
#ifndef GS_FY_H
#define GS_FY_H

#include <stdbool.h>

#include "util/buf.h"

#define GS_FY_MIN 2019 /* 令和元年度: the first fiscal year a plan can name */
#define GS_FY_MAX 2099

/* The fiscal year containing year-month (month 1-12). */
int gs_fy_of(int year, int month);
/* 令和 year of a fiscal year (2025 -> 7), and back (7 -> 2025).  Reading
 * 令和 years as typed (R7, 令和元年度 ...) is input/notation.h's. */
int gs_reiwa(int fy);
int gs_fy_of_reiwa(int reiwa);
/* "2025年度" */
void gs_fmt_fy(gs_buf *b, int fy);
/* "令和7年度" */
void gs_fmt_fy_reiwa(gs_buf *b, int fy);
/* "令和元年度～令和5年度" (one year: "令和7年度"), as a 効果検証 report
 * writes its 事業期間: the first 令和 year is 元. */
void gs_fmt_period_span(gs_buf *b, int fy_first, int fy_last);
/* "R7-R9年度" for a period of fiscal years. */
void gs_fmt_period_reiwa(gs_buf *b, int fy_first, int fy_last);
/* "2025.4.1 - 2028.3.31": the dates a period of fiscal years covers. */
void gs_fmt_period_dates(gs_buf *b, int fy_first, int fy_last);
/* True for a real calendar date. */
bool gs_date_valid(int y, int m, int d);

#endif
