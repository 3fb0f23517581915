/*
 * totals.c - derive the computed figures of (別紙1-1), the KPI table and the
 * 自立性 schedule from the plan model.
 *
 * Order matters once: the 自立性 rows under 合計 are built from (別紙1-1)'s
 * ①, so the year columns are summed first.
 */
#include "model/totals.h"

#include <string.h>

#include "model/sheets.h"
#include "util/buf.h"
#include "util/num.h"

/* model/sheets.h's names, under the short names used below */
#define SHEET_1_1 GS_SHEET_1_1
#define SHEET_KPI GS_SHEET_KPI
#define SHEET_FUNDING GS_SHEET_FUNDING

bool gs_element_amount(const gs_element *e, int64_t *out)
{
    if (e->has_amount) {
        *out = e->amount;
        return true;
    }
    int64_t sum = 0;
    for (size_t i = 0; i < e->ndesc; i++)
        if (e->desc[i].is_item && !gs_amount_add(&sum, e->desc[i].amount))
            return false;
    *out = sum;
    return true;
}

/* E212 on any sheet; fy 0 is a column without a fiscal year (事業開始前). */
static void overflow_on(gs_diags *d, gs_srcpos pos, const char *sheet,
                        const char *row, int fy, const char *what)
{
    if (!d)
        return;
    gs_buf col = GS_BUF_INIT;
    if (fy)
        gs_buf_printf(&col, "%d年度", fy);
    else
        gs_buf_puts(&col, "事業開始前（現時点）");
    gs_diag *g = gs_diags_add(d, GS_ERROR, "E212", pos,
                              "%s %s %s: %sが扱える桁数(15桁)を超えました",
                              sheet, col.data, row, what);
    gs_diag_set_where(g, sheet, row, fy);
    gs_buf_free(&col);
}

static void overflow(gs_diags *d, gs_srcpos pos, const char *row, int fy)
{
    overflow_on(d, pos, SHEET_1_1, row, fy, "合計");
}

static bool sum_part(const gs_part *part, int64_t *sum, int fy, const char *row,
                     gs_diags *d)
{
    *sum = 0;
    for (size_t i = 0; i < part->nelems; i++) {
        int64_t a;
        if (!gs_element_amount(&part->elems[i], &a) || !gs_amount_add(sum, a)) {
            overflow(d, part->elems[i].pos, row, fy);
            return false;
        }
    }
    return true;
}

/* The KPI table's columns that are fiscal years of the plan: 0 when the
 * period is inverted (the input stage refuses that), at most GS_KPI_YEARS. */
static int kpi_plan_columns(const gs_plan *p)
{
    int n = p->fy_last - p->fy_first + 1;
    return n < 0 ? 0 : n > GS_KPI_YEARS ? GS_KPI_YEARS : n;
}

/* 7. KPI: KPI増加分の累計 of each KPI = Σ its stated 増加分, and the same sum
 * stopped at the plan's last fiscal year for 事業概要's bracket. */
static void sum_kpis(const gs_plan *p, gs_totals *t, gs_diags *d)
{
    size_t n = p->nkpis < GS_MAX_KPIS ? p->nkpis : GS_MAX_KPIS;
    int in_plan = kpi_plan_columns(p);
    for (size_t i = 0; i < n; i++) {
        const gs_kpi *k = &p->kpis[i];
        for (int c = 0; c < GS_KPI_YEARS; c++) {
            if (c == in_plan)
                t->kpi_plan_total[i] = t->kpi_total[i];
            if (!k->inc[c].has || gs_amount_add(&t->kpi_total[i], k->inc[c].v))
                continue;
            gs_buf row = GS_BUF_INIT;
            gs_buf_puts(&row, "KPI");
            if (!gs_fmt_circled(&row, k->no))
                gs_buf_printf(&row, "%d", k->no);
            overflow_on(d, k->inc[c].pos, SHEET_KPI, row.data, p->fy_first + c,
                        "KPI増加分の累計");
            gs_buf_free(&row);
            t->kpi_overflow[i] = t->overflow = true;
            break;
        }
        if (in_plan == GS_KPI_YEARS)
            t->kpi_plan_total[i] = t->kpi_total[i];
    }
}

/* 8. 自立性: 合計 of 【A】-【E】 in one column of the schedule. */
static bool sum_sources(const gs_plan *p, int c, int64_t *sum, gs_diags *d)
{
    for (int s = 0; s < GS_FUND_SOURCES; s++) {
        const gs_source *src = &p->funding.src[s];
        const gs_stated *v = c < 0 ? &src->before : &src->v[c];
        if (v->has && !gs_amount_add(sum, v->v)) {
            overflow_on(d, v->pos, SHEET_FUNDING, "合計",
                        c < 0 ? 0 : p->fy_first + c, "合計");
            return false;
        }
    }
    return true;
}

/* 8. 自立性: the rows under 合計.  Runs after (別紙1-1) is summed, since
 * うちソフト事業費 is its ①. */
static void sum_funding(const gs_plan *p, gs_totals *t, gs_diags *d)
{
    if (!sum_sources(p, -1, &t->fund_before, d))
        t->fund_before_overflow = t->overflow = true;
    for (int c = 0; c < GS_FUND_YEARS; c++)
        if (!sum_sources(p, c, &t->fund_total[c], d))
            t->fund_overflow[c] = t->overflow = true;
    bool has_base = p->kinds & GS_KIND_BASE;
    for (int c = 0; c < GS_FUND_YEARS; c++) {
        const gs_stated *b = &p->funding.base[c];
        t->fund_soft[c] = c < GS_FORM_YEARS ? t->cols[c].eligible : 0;
        t->fund_base[c] = has_base && b->has ? b->v : 0;
        t->fund_eligible[c] = t->fund_soft[c];
        if (!gs_amount_add(&t->fund_eligible[c], t->fund_base[c])) {
            overflow_on(d, b->pos, SHEET_FUNDING, "交付対象事業経費",
                        p->fy_first + c, "交付対象事業経費");
            t->fund_eligible_overflow[c] = t->overflow = true;
        }
    }
}

void gs_totals_compute(const gs_plan *p, gs_totals *t, gs_diags *d)
{
    memset(t, 0, sizeof *t);
    for (int c = 0; c < GS_FORM_YEARS; c++) {
        gs_year_totals *yt = &t->cols[c];
        yt->fy = p->fy_first + c;
        yt->year = gs_plan_lookup_year(p, yt->fy);
        if (!yt->year)
            continue;
        const gs_year *y = yt->year;
        yt->nsoft = y->soft.nelems;
        yt->nfacility = y->facility.nelems;
        if (!sum_part(&y->soft, &yt->soft, y->fy,
                      "交付対象事業におけるソフト事業経費【②】", d))
            t->form_overflow = true;
        if (!sum_part(&y->facility, &yt->facility, y->fy,
                      "交付対象事業における施設整備・事業設備・備品経費【③】", d))
            t->form_overflow = true;
        yt->eligible = yt->soft;
        if (!gs_amount_add(&yt->eligible, yt->facility)) {
            overflow(d, y->pos, "交付対象事業経費【①】", y->fy);
            t->form_overflow = true;
        }
        /* 1/2 rounded down to whole 千円: the grant never pays more than
         * half of the eligible cost */
        yt->national = yt->eligible / 2;
        /* each row on its own: an overflow in one must not leave the
         * others short of this year (no short-circuit) */
        bool ok = gs_amount_add(&t->soft, yt->soft);
        ok &= gs_amount_add(&t->facility, yt->facility);
        ok &= gs_amount_add(&t->eligible, yt->eligible);
        if (!ok) {
            overflow(d, y->pos, "合計", y->fy);
            t->form_overflow = true;
        }
    }
    if (t->form_overflow)
        t->overflow = true;
    sum_kpis(p, t, d);
    sum_funding(p, t, d);
}
