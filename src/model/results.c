/*
 * results.c - the 効果検証's derived figures (results.h).  The 達成率 counts
 * only years that are over and measured, so a report written in June shows
 * the rate of what is known and no year not yet measured drags it down.
 */
#include "model/results.h"

#include "util/num.h"

bool gs_fy_ended(int fy, gs_date as_of)
{
    if (!as_of.year)
        return false;
    if (as_of.year != fy + 1)
        return as_of.year > fy + 1;
    return as_of.month >= 4;
}

const gs_stated *gs_result_grant(const gs_result_year *y)
{
    return y->paid.has ? &y->paid : y->decided.has ? &y->decided : NULL;
}

const gs_kpi_result *gs_results_kpi(const gs_results *r, int no)
{
    for (size_t i = 0; i < r->nkpis; i++)
        if (r->kpis[i].no == no)
            return &r->kpis[i];
    return NULL;
}

const gs_stated *gs_result_target(const gs_kpi *k, const gs_kpi_result *kr,
                                  int c)
{
    if (kr && kr->target[c].has)
        return &kr->target[c];
    return k && k->inc[c].has ? &k->inc[c] : NULL;
}

bool gs_result_rate(const gs_plan *p, const gs_kpi *k, gs_date as_of,
                    int64_t *num, int64_t *den)
{
    const gs_kpi_result *kr = gs_results_kpi(&p->results, k->no);
    int64_t n = 0, d = 0;
    bool any = false;
    for (int c = 0; kr && c < GS_KPI_YEARS && p->fy_first + c <= p->fy_last; c++) {
        const gs_actual *a = &kr->actual[c];
        const gs_stated *t = gs_result_target(k, kr, c);
        if (a->kind != GS_ACTUAL_FIGURE || !t || !gs_fy_ended(p->fy_first + c, as_of))
            continue;
        if (!gs_amount_add(&n, a->v) || !gs_amount_add(&d, t->v))
            return false;
        any = true;
    }
    if (!any || d == 0)
        return false;
    *num = n;
    *den = d;
    return true;
}
