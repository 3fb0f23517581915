/*
 * results.h - what the 効果検証 derives from the plan's results (FORMS.md
 * "効果検証 and 活用状況"), computed once here so that the document, the
 * rules of validate/verify.c and the 活用状況 report agree: which years
 * have ended at the report date, the 交付金額 of a year, the 目標 of a KPI
 * and year, and the 達成率.
 */
#ifndef GS_RESULTS_H
#define GS_RESULTS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/plan.h"

/* True when fiscal year fy has ended by as_of: as_of is on or after
 * 1 April of fy + 1.  A blank as_of ends no year. */
bool gs_fy_ended(int fy, gs_date as_of);

/* The 交付金額 of a year: the paid amount, else the decided one; NULL when
 * the year states neither. */
const gs_stated *gs_result_grant(const gs_result_year *y);

/* The report's KPI rows for KPI number no, or NULL. */
const gs_kpi_result *gs_results_kpi(const gs_results *r, int no);

/* The 目標 of column c of KPI k: the 効果検証's stated target, else 7.'s
 * 増加分; NULL when neither states one. */
const gs_stated *gs_result_target(const gs_kpi *k, const gs_kpi_result *kr,
                                  int c);

/* 達成率 of KPI k = Σ実績 / Σ目標 over the plan's columns that have ended
 * at as_of and have a measured figure; false (no rate: printed blank)
 * when those columns have no target or Σ目標 is 0, or a sum would
 * overflow.  Figures in hundredths. */
bool gs_result_rate(const gs_plan *p, const gs_kpi *k, gs_date as_of,
                    int64_t *num, int64_t *den);

#endif
