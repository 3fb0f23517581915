/*
 * totals.h - the figures grantsheet computes from a plan.
 *
 * One figure, one source: validation compares stated figures against these,
 * and the layout prints these, so a total can never be computed two ways.
 * Columns follow each sheet: GS_FORM_YEARS fiscal years of (別紙1-1), the
 * KPI table's GS_KPI_YEARS and the 自立性 schedule's GS_FUND_YEARS, all from
 * the plan's first fiscal year.  The plan period (fy_first..fy_last) may be
 * shorter than a sheet's columns: a figure "up to the last fiscal year"
 * (事業概要's KPI bracket) sums only the columns inside it.
 * All sums are overflow-checked; when one overflows, it is reported (E212),
 * the flag of its sheet and overflow are set, and the offending sum is left
 * at its last good value.  A consumer that compares against a sum first
 * checks that sum's flag: a figure from an overflowed sum is incomplete.
 */
#ifndef GS_TOTALS_H
#define GS_TOTALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/plan.h"
#include "util/diag.h"

typedef struct gs_year_totals {
    int fy;
    const gs_year *year;   /* lent from the plan; NULL: no block for this fy */
    int64_t soft;          /* ② = sum of soft element amounts */
    int64_t facility;      /* ③ = sum of facility element amounts */
    int64_t eligible;      /* ① = ② + ③ */
    int64_t national;      /* 国費 = ① / 2, rounded down to 千円 (rule 11) */
    size_t nsoft, nfacility;
} gs_year_totals;

typedef struct gs_totals {
    gs_year_totals cols[GS_FORM_YEARS];
    int64_t soft, facility, eligible; /* the 合計 column */
    bool form_overflow;    /* a sum of (別紙1-1) above (cols, 合計 column) */
    /* 7. KPI: KPI増加分の累計 = Σ 増加分 of p->kpis[i] over all ten columns,
     * and kpi_plan_total = Σ 増加分 of the plan's own fiscal years, the 累計
     * 「最終事業年度まで」 that 事業概要 prints in brackets (FORMS.md rule 6);
     * hundredths.  The second is a prefix of the first, so one overflow flag
     * covers both. */
    int64_t kpi_total[GS_MAX_KPIS];
    int64_t kpi_plan_total[GS_MAX_KPIS];
    bool kpi_overflow[GS_MAX_KPIS];
    /* 8. 自立性: 合計 of 【A】-【E】 for 事業開始前 and each year column
     * (column c is fiscal year fy_first + c) */
    int64_t fund_before;
    int64_t fund_total[GS_FUND_YEARS];
    bool fund_before_overflow;
    bool fund_overflow[GS_FUND_YEARS];
    /* 8. 自立性, the rows under 合計 (FORMS.md rule 7), per year column:
     * うちソフト事業費 = ① of (別紙1-1), whose ③ 施設整備・事業設備・備品経費
     * is part of the ソフト事業 (0 in a column (別紙1-1) does not have);
     * うち拠点整備事業費 = the 拠点整備事業's own cost as the plan states it
     * (its breakdown, (別紙1-2), is not modelled), and 0 in a plan without a
     * 拠点整備事業, whatever is typed there;
     * 交付対象事業経費 = うちソフト事業費 + うち拠点整備事業費. */
    int64_t fund_soft[GS_FUND_YEARS];
    int64_t fund_base[GS_FUND_YEARS];
    int64_t fund_eligible[GS_FUND_YEARS];
    bool fund_eligible_overflow[GS_FUND_YEARS];
    bool overflow;         /* any of the flags above */
} gs_totals;

/* An element's amount as the form shows it: the stated amount, or the sum of
 * its items when none is stated.  Returns false on overflow. */
bool gs_element_amount(const gs_element *e, int64_t *out);

/* Fills t from p.  Overflow is reported as E212 into d (when d is not NULL)
 * with the place it happened. */
void gs_totals_compute(const gs_plan *p, gs_totals *t, gs_diags *d);

#endif
