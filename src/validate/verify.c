/*
 * verify.c - the 効果検証 against the 実施計画 (FORMS.md "効果検証 and
 * 活用状況"): the rules a reviewer applies to a yearly report, run on a
 * plan that has <results>.
 *
 *   E250  交付金額 (decided, and paid) of a year ≤ 1/2 of that year's ①
 *   E251  a stated 計 of 交付金額 or 総事業費 = Σ of the years
 *   E252  an 実績 exists only for a year that has ended at the report date
 *         (a figure or 未確定 / 未公表; "—" says "not measured" and is fine)
 *   E253  a 目標 the report states = 7. KPI's 増加分 of that year
 *   W250  総事業費 spent above the plan's ① of the year (the plan's
 *         figure was exceeded: not wrong, but the reviewers ask why)
 *   E254  the 国費 of all plans of one government in a fiscal year above
 *         the programme cap (rule 11 across plans; W225 is one plan's)
 *
 * The report's years are the plan's: a column is fy_first + i.
 */
#include "validate/rules.h"
#include "validate/validate.h"

#include <stdlib.h>
#include <string.h>

#include "model/results.h"
#include "model/sheets.h"
#include "util/num.h"

#define DOC GS_DOC_RESULTS
#define ROW_GRANT "交付金額"
#define ROW_SPENT "総事業費"

/* ① of column c as (別紙1-1) computes it (0 beyond its five columns). */
static int64_t eligible(const gs_validate_ctx *c, int col)
{
    return col < GS_FORM_YEARS ? c->t->cols[col].eligible : 0;
}

static void check_grant(gs_validate_ctx *c, int col, const gs_stated *g,
                        const char *what)
{
    int64_t e = eligible(c, col);
    /* 2g > e, without overflow: both are bounded by GS_AMOUNT_MAX */
    if (!g->has || 2 * g->v <= e)
        return;
    char *s = gs_validate_kyen(g->v), *k = gs_validate_kyen(e);
    gs_validate_report(c, GS_ERROR, "E250", g->pos, DOC, ROW_GRANT,
                       c->p->fy_first + col, s, k,
                       DOC " の %d年度の%s %s が 交付対象事業経費【①】%s の 1/2 "
                       "を超えています。交付金額を見直すか、" GS_SHEET_1_1_SHORT
                       " の【①】を確かめてください。",
                       c->p->fy_first + col, what, s, k);
    free(s);
    free(k);
}

static void check_total(gs_validate_ctx *c, const gs_stated *st, int64_t sum,
                        const char *row)
{
    if (!st->has || st->v == sum)
        return;
    char *s = gs_validate_kyen(st->v), *k = gs_validate_kyen(sum);
    gs_validate_report(c, GS_ERROR, "E251", st->pos, DOC, row, 0, s, k,
                       DOC " の%sの計 %s が各年度の合計 %s と一致しません。",
                       row, s, k);
    free(s);
    free(k);
}

static void check_years(gs_validate_ctx *c)
{
    const gs_results *r = &c->p->results;
    int64_t grant = 0, spent = 0;
    for (int col = 0; col < GS_KPI_YEARS; col++) {
        const gs_result_year *y = &r->years[col];
        check_grant(c, col, &y->decided, "交付決定額");
        check_grant(c, col, &y->paid, "交付額");
        const gs_stated *g = gs_result_grant(y);
        (void)gs_amount_add(&grant, g ? g->v : 0); /* bounded inputs */
        (void)gs_amount_add(&spent, y->spent.has ? y->spent.v : 0);
        if (y->spent.has && y->spent.v > eligible(c, col)) {
            char *s = gs_validate_kyen(y->spent.v);
            char *k = gs_validate_kyen(eligible(c, col));
            gs_validate_report(c, GS_WARNING, "W250", y->spent.pos, DOC, ROW_SPENT,
                               c->p->fy_first + col, s, k,
                               DOC " の %d年度の総事業費 %s が計画の交付対象事業経費"
                               "【①】%s を超えています (超えた分は交付対象外)。",
                               c->p->fy_first + col, s, k);
            free(s);
            free(k);
        }
    }
    check_total(c, &r->grant_total, grant, ROW_GRANT);
    check_total(c, &r->spent_total, spent, ROW_SPENT);
}

static void check_kpi(gs_validate_ctx *c, const gs_kpi_result *kr)
{
    const gs_plan *p = c->p;
    const gs_kpi *k = gs_plan_lookup_kpi(p, kr->no);
    gs_buf row = GS_BUF_INIT;
    gs_validate_put_kpi_row(&row, kr->no);
    for (int col = 0; col < GS_KPI_YEARS; col++) {
        int fy = p->fy_first + col;
        const gs_actual *a = &kr->actual[col];
        bool stated = a->kind != GS_ACTUAL_NONE && a->kind != GS_ACTUAL_UNMEASURED;
        if (stated && !gs_fy_ended(fy, p->results.as_of)) {
            char *s = a->kind == GS_ACTUAL_FIGURE ? gs_validate_fixed2(a->v) : NULL;
            const gs_date *d = &p->results.as_of;
            gs_validate_report(c, GS_ERROR, "E252", a->pos, DOC, row.data, fy,
                               s ? s : "実績", "",
                               DOC " の %s %d年度に実績がありますが、%d年度は報告日 "
                               "%04d-%02d-%02d にはまだ終わっていません (終わるのは "
                               "%d-03-31)。年度か報告日 (as-of) を確かめてください。",
                               row.data, fy, fy, d->year, d->month, d->day, fy + 1);
            free(s);
        }
        const gs_stated *t = &kr->target[col];
        int64_t inc = k && k->inc[col].has ? k->inc[col].v : 0;
        if (t->has && t->v != inc) {
            char *s = gs_validate_fixed2(t->v), *w = gs_validate_fixed2(inc);
            gs_validate_report(c, GS_ERROR, "E253", t->pos, DOC, row.data, fy, s, w,
                               DOC " の %s %d年度の目標 %s が " GS_SHEET_KPI_SHORT
                               " の増加分 %s と一致しません。目標は実施計画の"
                               "増加分です。",
                               row.data, fy, s, w);
            free(s);
            free(w);
        }
    }
    gs_buf_free(&row);
}

void gs_validate_verify(gs_validate_ctx *c)
{
    if (!c->p->results.pos.line)
        return;
    check_years(c);
    for (size_t i = 0; i < c->p->results.nkpis; i++)
        check_kpi(c, &c->p->results.kpis[i]);
}

/* 国費 of plan p in fiscal year fy, in half 千円 (so ½ of an odd ① is
 * exact): twice the stated 交付金額, else ①; 0 outside the plan. */
static int64_t national2(const gs_plan *p, const gs_totals *t, int fy)
{
    int col = fy - p->fy_first;
    if (col < 0 || fy > p->fy_last || col >= GS_KPI_YEARS)
        return 0;
    const gs_stated *g = gs_result_grant(&p->results.years[col]);
    if (g)
        return 2 * g->v;
    return col < GS_FORM_YEARS ? t->cols[col].eligible : 0;
}

static char *dup_or_null(const char *s)
{
    return s ? gs_xstrdup(s) : NULL;
}

void gs_validate_cap_share(const gs_plan *p, const gs_totals *t, gs_cap_share *out)
{
    memset(out, 0, sizeof *out);
    out->prefecture = dup_or_null(p->prefecture);
    out->municipality = dup_or_null(p->municipality);
    out->project = dup_or_null(p->project_name);
    out->file = dup_or_null(p->file);
    out->pos_file = dup_or_null(p->period_pos.file);
    out->line = p->period_pos.line;
    out->col = p->period_pos.col;
    out->gov = p->gov;
    out->fy_first = p->fy_first;
    out->fy_last = p->fy_last;
    for (int fy = p->fy_first; fy <= p->fy_last && fy - p->fy_first < GS_KPI_YEARS; fy++)
        out->national2[fy - p->fy_first] = national2(p, t, fy);
}

void gs_validate_cap_share_free(gs_cap_share *s)
{
    if (!s)
        return;
    free(s->prefecture);
    free(s->municipality);
    free(s->project);
    free(s->file);
    free(s->pos_file);
    memset(s, 0, sizeof *s);
}

static int64_t share_in(const gs_cap_share *s, int fy)
{
    int col = fy - s->fy_first;
    return col < 0 || fy > s->fy_last || col >= GS_KPI_YEARS ? 0 : s->national2[col];
}

static bool same_government(const gs_cap_share *a, const gs_cap_share *b)
{
    return gs_validate_same_text(a->prefecture, b->prefecture) &&
           gs_validate_same_text(a->municipality, b->municipality);
}

/* "12,219.5千円" from half 千円. */
static void put_half_kyen(gs_buf *b, int64_t v2)
{
    gs_fmt_int(b, v2 / 2);
    gs_buf_puts(b, v2 % 2 ? ".5千円" : "千円");
}

void gs_validate_national_cap_shares(const gs_cap_share *shares, size_t n,
                                     gs_buf *over, gs_diags *d)
{
    for (size_t i = 0; i < n; i++) {
        bool first = true; /* each government once, at its first plan */
        for (size_t j = 0; j < i && first; j++)
            first = !same_government(&shares[j], &shares[i]);
        if (!first)
            continue;
        const gs_cap_share *p = &shares[i];
        int lo = p->fy_first, hi = p->fy_last;
        for (size_t j = i; j < n; j++)
            if (same_government(&shares[j], p)) {
                lo = shares[j].fy_first < lo ? shares[j].fy_first : lo;
                hi = shares[j].fy_last > hi ? shares[j].fy_last : hi;
            }
        const char *who, *cap_text;
        int64_t cap = gs_validate_cap(p->gov, &who, &cap_text);
        for (int fy = lo; fy <= hi; fy++) {
            int64_t sum = 0;
            gs_buf list = GS_BUF_INIT;
            for (size_t j = i; j < n; j++) {
                if (!same_government(&shares[j], p))
                    continue;
                int64_t v2 = share_in(&shares[j], fy);
                if (!v2 || !gs_amount_add(&sum, v2))
                    continue;
                gs_buf_printf(&list, "%s%s (%s) 国費 ", list.len ? "、" : "",
                              shares[j].project ? shares[j].project : "",
                              shares[j].file ? shares[j].file : "");
                put_half_kyen(&list, v2);
            }
            if (sum > 2 * cap) {
                gs_buf total = GS_BUF_INIT;
                put_half_kyen(&total, sum);
                char *k = gs_validate_kyen(cap);
                gs_validate_ctx c = {NULL, NULL, d};
                gs_srcpos at = {p->pos_file, p->line, p->col};
                gs_validate_report(&c, GS_ERROR, "E254", at, DOC,
                                   "国費", fy, total.data, k,
                                   "%s%s の %d年度の国費の合計 %s が%sの上限 %s(%s)を"
                                   "超えています: %s",
                                   p->prefecture ? p->prefecture : "",
                                   p->municipality ? p->municipality : "", fy,
                                   total.data, who, cap_text, k, list.data);
                free(k);
                gs_buf_free(&total);
                for (size_t j = i; over && j < n; j++)
                    if (same_government(&shares[j], p) && share_in(&shares[j], fy))
                        gs_buf_printf(&over[j], "%s%d", over[j].len ? ";" : "", fy);
            }
            gs_buf_free(&list);
        }
    }
}

void gs_validate_national_cap(const gs_plan *const *plans,
                              const gs_totals *const *totals, size_t n,
                              gs_buf *over, gs_diags *d)
{
    gs_cap_share *shares = gs_xcalloc(n ? n : 1, sizeof *shares);
    for (size_t i = 0; i < n; i++)
        gs_validate_cap_share(plans[i], totals[i], &shares[i]);
    gs_validate_national_cap_shares(shares, n, over, d);
    for (size_t i = 0; i < n; i++)
        gs_validate_cap_share_free(&shares[i]);
    free(shares);
}
