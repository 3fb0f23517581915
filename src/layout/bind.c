/*
 * bind.c - plan model + computed totals -> template data tree.
 *
 * Figures come from gs_totals only, so what the sheet prints is exactly
 * what validation checked.  Absent data becomes an explicit null, which
 * prints as a blank cell: a year outside the plan shows blank fields and the
 * computed 0千円, as the official form does.
 */
#include "layout/bind.h"

#include "util/buf.h"

static gs_value *ym(const gs_ym *v, gs_srcpos pos)
{
    gs_value *m = gs_value_map(pos);
    gs_map_set(m, "year", v->year ? gs_value_int(v->year, pos) : gs_value_null(pos));
    gs_map_set(m, "month", v->month ? gs_value_int(v->month, pos) : gs_value_null(pos));
    return m;
}

static gs_value *element(const gs_element *e)
{
    gs_value *m = gs_value_map(e->pos);
    gs_map_set(m, "no", gs_value_int(e->no, e->pos));
    gs_map_set(m, "name", gs_value_str(e->name, e->pos));
    gs_value *kpis = gs_map_set(m, "kpis", gs_value_list(e->kpis_pos));
    for (size_t i = 0; i < e->nkpis; i++)
        gs_list_push(kpis, gs_value_int(e->kpis[i], e->kpis_pos));
    int64_t amount = 0;
    (void)gs_element_amount(e, &amount); /* overflow was reported by totals */
    gs_map_set(m, "amount", gs_value_int(amount, e->has_amount ? e->amount_pos : e->pos));
    gs_value *desc = gs_map_set(m, "description", gs_value_list(e->pos));
    for (size_t i = 0; i < e->ndesc; i++) {
        const gs_para *d = &e->desc[i];
        gs_value *dm = gs_list_push(desc, gs_value_map(d->pos));
        gs_map_set(dm, "is_item", gs_value_bool(d->is_item, d->pos));
        gs_map_set(dm, "text", gs_value_str(d->text, d->pos));
        gs_map_set(dm, "amount", d->is_item ? gs_value_int(d->amount, d->pos)
                                            : gs_value_null(d->pos));
    }
    return m;
}

/* The soft or facility part of a year; part == NULL for a year with no
 * block, whose count prints blank. */
static gs_value *part(const gs_part *pt, int64_t total, gs_srcpos pos)
{
    gs_value *m = gs_value_map(pt ? pt->pos : pos);
    gs_map_set(m, "count", pt ? gs_value_int((int64_t)pt->nelems, pt->pos)
                              : gs_value_null(pos));
    gs_map_set(m, "total", gs_value_int(total, pt ? pt->pos : pos));
    gs_value *els = gs_map_set(m, "elements", gs_value_list(pos));
    for (size_t i = 0; pt && i < pt->nelems; i++)
        gs_list_push(els, element(&pt->elems[i]));
    return m;
}

static gs_value *year(const gs_plan *p, const gs_year_totals *yt, int ordinal)
{
    const gs_year *y = yt->year;
    gs_srcpos pos = y ? y->pos : p->period_pos;
    gs_value *m = gs_value_map(pos);
    gs_map_set(m, "fy", gs_value_int(yt->fy, pos));
    gs_map_set(m, "reiwa", gs_value_int(yt->fy - 2018, pos));
    gs_map_set(m, "ordinal", gs_value_int(ordinal, pos));
    gs_map_set(m, "later", gs_value_bool(ordinal > 1, pos));
    gs_map_set(m, "in_plan", gs_value_bool(yt->fy >= p->fy_first && yt->fy <= p->fy_last, pos));
    gs_map_set(m, "has_block", gs_value_bool(y != NULL, pos));
    gs_map_set(m, "positioning", gs_value_str(y ? y->positioning : NULL, pos));
    gs_ym blank = {0, 0};
    gs_map_set(m, "start", ym(y ? &y->start : &blank, pos));
    gs_map_set(m, "end", ym(y ? &y->end : &blank, pos));
    gs_value *budgets = gs_map_set(m, "budgets", gs_value_list(pos));
    for (size_t i = 0; i < GS_MAX_BUDGETS; i++) {
        const gs_budget *b = y && i < y->nbudgets ? &y->budgets[i] : NULL;
        gs_srcpos bp = b ? b->pos : pos;
        gs_value *bm = gs_list_push(budgets, gs_value_map(bp));
        gs_map_set(bm, "no", gs_value_int((int64_t)i + 1, bp));
        gs_map_set(bm, "when", ym(b ? &b->when : &blank, bp));
        gs_map_set(bm, "kind", gs_value_str(b ? b->kind : NULL, bp));
    }
    gs_map_set(m, "eligible", gs_value_int(yt->eligible, y && y->has_eligible ? y->eligible_pos : pos));
    gs_map_set(m, "soft", part(y ? &y->soft : NULL, yt->soft, pos));
    gs_map_set(m, "facility", part(y ? &y->facility : NULL, yt->facility, pos));
    gs_map_set(m, "ratio", gs_value_ratio(yt->facility, yt->eligible, pos));
    return m;
}

gs_value *gs_bind_plan(const gs_plan *p, const gs_totals *t)
{
    gs_srcpos pos = p->pos;
    gs_value *root = gs_value_map(pos);

    gs_value *plan = gs_map_set(root, "plan", gs_value_map(pos));
    gs_map_set(plan, "project_name", gs_value_str(p->project_name, pos));
    gs_map_set(plan, "prefecture", gs_value_str(p->prefecture, pos));
    gs_map_set(plan, "municipality", gs_value_str(p->municipality, pos));
    gs_map_set(plan, "department", gs_value_str(p->department, pos));
    gs_map_set(plan, "fy_first", gs_value_int(p->fy_first, p->period_pos));
    gs_map_set(plan, "fy_last", gs_value_int(p->fy_last, p->period_pos));
    gs_map_set(plan, "reiwa_first", gs_value_int(p->fy_first - 2018, p->period_pos));
    gs_map_set(plan, "reiwa_last", gs_value_int(p->fy_last - 2018, p->period_pos));

    gs_value *date = gs_map_set(root, "date", gs_value_map(pos));
    gs_map_set(date, "year", p->doc_year ? gs_value_int(p->doc_year, pos) : gs_value_null(pos));
    gs_map_set(date, "month", p->doc_month ? gs_value_int(p->doc_month, pos) : gs_value_null(pos));
    gs_map_set(date, "day", p->doc_day ? gs_value_int(p->doc_day, pos) : gs_value_null(pos));

    gs_value *kpis = gs_map_set(root, "kpis", gs_value_list(pos));
    for (size_t i = 0; i < p->nkpis; i++) {
        const gs_kpi *k = &p->kpis[i];
        gs_value *km = gs_list_push(kpis, gs_value_map(k->pos));
        gs_map_set(km, "no", gs_value_int(k->no, k->pos));
        gs_map_set(km, "name", gs_value_str(k->name, k->pos));
        gs_map_set(km, "unit", gs_value_str(k->unit, k->pos));
    }

    gs_value *years = gs_map_set(root, "years", gs_value_list(pos));
    for (int c = 0; c < GS_FORM_YEARS; c++)
        gs_list_push(years, year(p, &t->cols[c], c + 1));

    gs_value *tot = gs_map_set(root, "total", gs_value_map(pos));
    gs_map_set(tot, "eligible", gs_value_int(t->eligible, pos));
    gs_map_set(tot, "soft", gs_value_int(t->soft, pos));
    gs_map_set(tot, "facility", gs_value_int(t->facility, pos));
    gs_map_set(tot, "ratio", gs_value_ratio(t->facility, t->eligible, pos));
    return root;
}
