/*
 * bind.c - plan model + computed totals -> template data tree.
 *
 * Figures come from gs_totals only, so what the sheet prints is exactly
 * what validation checked.  Absent data becomes an explicit null, which
 * prints as a blank cell: a year outside the plan shows blank fields and the
 * computed 0千円, as the official form does.
 *
 * Fixed-length lists stand for the form's fixed rows and columns (six KPI
 * rows, ten KPI year columns, 【A】-【E】, six schedule years, seven 参画
 * rows), so templates need no counting: a row the plan leaves empty is bound
 * with nulls and prints blank.
 */
#include "layout/bind.h"

#include "model/results.h"
#include "util/buf.h"
#include "util/fy.h"
#include "util/num.h"

/* A field's own position when the input recorded one, else dflt. */
static gs_srcpos at(gs_srcpos p, gs_srcpos dflt)
{
    return p.file && p.line ? p : dflt;
}

/* A text with where it was written. */
static gs_value *text(const char *s, gs_srcpos p, gs_srcpos dflt)
{
    return gs_value_str(s, at(p, dflt));
}

static gs_value *ym(const gs_ym *v, gs_srcpos pos)
{
    gs_value *m = gs_value_map(pos);
    gs_map_set(m, "year", v->year ? gs_value_int(v->year, pos) : gs_value_null(pos));
    gs_map_set(m, "month", v->month ? gs_value_int(v->month, pos) : gs_value_null(pos));
    return m;
}

/* A date as year/month/day numbers, each null when blank. */
static gs_value *date3(int y, int mo, int d, gs_srcpos pos)
{
    gs_value *m = gs_value_map(pos);
    gs_map_set(m, "year", y ? gs_value_int(y, pos) : gs_value_null(pos));
    gs_map_set(m, "month", mo ? gs_value_int(mo, pos) : gs_value_null(pos));
    gs_map_set(m, "day", d ? gs_value_int(d, pos) : gs_value_null(pos));
    return m;
}

static gs_value *date(const gs_date *v, gs_srcpos pos)
{
    return date3(v->year, v->month, v->day, pos);
}

/* A stated amount (千円): the figure, or null (blank) when not stated. */
static gs_value *stated_kyen(const gs_stated *s, gs_srcpos pos)
{
    return s->has ? gs_value_int(s->v, s->pos) : gs_value_null(pos);
}

/* A stated KPI figure (hundredths), or null. */
static gs_value *stated_fixed2(const gs_stated *s, gs_srcpos pos)
{
    return s->has ? gs_value_fixed2(s->v, s->pos) : gs_value_null(pos);
}

static gs_value *fmt_str(gs_buf *b, gs_srcpos pos)
{
    gs_value *v = gs_value_str(b->data ? b->data : "", pos);
    gs_buf_free(b);
    return v;
}

static gs_value *element(const gs_element *e)
{
    gs_value *m = gs_value_map(e->pos);
    gs_map_set(m, "no", gs_value_int(e->no, e->pos));
    gs_map_set(m, "name", text(e->name, e->name_pos, e->pos));
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
    gs_map_set(m, "reiwa", gs_value_int(gs_reiwa(yt->fy), pos));
    gs_map_set(m, "ordinal", gs_value_int(ordinal, pos));
    gs_map_set(m, "later", gs_value_bool(ordinal > 1, pos));
    gs_map_set(m, "in_plan", gs_value_bool(yt->fy >= p->fy_first && yt->fy <= p->fy_last, pos));
    gs_map_set(m, "has_block", gs_value_bool(y != NULL, pos));
    gs_map_set(m, "positioning", y ? text(y->positioning, y->positioning_pos, pos)
                                                 : gs_value_null(pos));
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

/* plan.*: applicant, project and period, with the period's text forms. */
static void bind_project(gs_value *root, const gs_plan *p)
{
    gs_srcpos pos = p->pos, pp = p->period_pos;
    gs_value *plan = gs_map_set(root, "plan", gs_value_map(pos));
    gs_map_set(plan, "project_name", text(p->project_name, p->at.project_name, pos));
    gs_map_set(plan, "prefecture", text(p->prefecture, p->at.prefecture, pos));
    gs_map_set(plan, "county", text(p->county, p->at.county, pos));
    gs_map_set(plan, "municipality", text(p->municipality, p->at.municipality, pos));
    gs_buf b = GS_BUF_INIT;
    gs_buf_puts(&b, p->prefecture ? p->prefecture : "");
    gs_buf_puts(&b, p->municipality ? p->municipality : "");
    gs_map_set(plan, "applicant", fmt_str(&b, at(p->at.prefecture, pos)));
    gs_map_set(plan, "department", text(p->department, p->at.department, pos));
    gs_map_set(plan, "contact", text(p->contact, p->at.contact, pos));
    gs_map_set(plan, "phone", text(p->phone, p->at.phone, pos));
    gs_map_set(plan, "email", text(p->email, p->at.email, pos));
    gs_map_set(plan, "field", text(p->field, p->at.field, pos));
    gs_map_set(plan, "wide_area", gs_value_bool(p->wide_area, pos));
    gs_map_set(plan, "kind_soft", gs_value_bool(p->kinds & GS_KIND_SOFT, p->kinds_pos));
    gs_map_set(plan, "kind_base", gs_value_bool(p->kinds & GS_KIND_BASE, p->kinds_pos));
    gs_map_set(plan, "kind_infra", gs_value_bool(p->kinds & GS_KIND_INFRA, p->kinds_pos));
    gs_map_set(plan, "fy_first", gs_value_int(p->fy_first, pp));
    gs_map_set(plan, "fy_last", gs_value_int(p->fy_last, pp));
    gs_map_set(plan, "reiwa_first", gs_value_int(gs_reiwa(p->fy_first), pp));
    gs_map_set(plan, "reiwa_last", gs_value_int(gs_reiwa(p->fy_last), pp));
    gs_fmt_period_reiwa(&b, p->fy_first, p->fy_last);
    gs_map_set(plan, "period_reiwa", fmt_str(&b, pp));
    gs_fmt_period_dates(&b, p->fy_first, p->fy_last);
    gs_map_set(plan, "period_dates", fmt_str(&b, pp));
    gs_map_set(plan, "start", date3(p->fy_first, 4, 1, pp));
    gs_map_set(plan, "end", date3(p->fy_last + 1, 3, 31, pp));
    gs_map_set(plan, "decided", date(&p->decided, pos));
    gs_map_set(plan, "minor_change", date(&p->minor_change, pos));
}

/* bodies[]: 2.'s participating bodies, at least one row (a blank one with
 * 0千円 when the plan lists none); amounts per (別紙1-1) year column and
 * their 合計, which is derived here and nowhere else. */
static void bind_bodies(gs_value *root, const gs_plan *p)
{
    gs_value *list = gs_map_set(root, "bodies", gs_value_list(p->pos));
    size_t n = p->nbodies ? p->nbodies : 1;
    for (size_t i = 0; i < n; i++) {
        const gs_body *b = p->nbodies ? &p->bodies[i] : NULL;
        gs_srcpos pos = b ? b->pos : p->pos;
        gs_value *m = gs_list_push(list, gs_value_map(pos));
        gs_map_set(m, "no", b ? gs_value_int((int64_t)i + 1, pos) : gs_value_null(pos));
        gs_map_set(m, "prefecture", gs_value_str(b ? b->prefecture : NULL, pos));
        gs_map_set(m, "county", gs_value_str(b ? b->county : NULL, pos));
        gs_map_set(m, "municipality", gs_value_str(b ? b->municipality : NULL, pos));
        gs_map_set(m, "code", gs_value_str(b ? b->code : NULL, pos));
        gs_value *am = gs_map_set(m, "amounts", gs_value_list(pos));
        int64_t total = 0;
        for (int c = 0; c < GS_FORM_YEARS; c++) {
            const gs_stated *s = b ? &b->amount[c] : NULL;
            int64_t v = s && s->has ? s->v : 0;
            gs_list_push(am, gs_value_int(v, s && s->has ? s->pos : pos));
            (void)gs_amount_add(&total, v); /* stated amounts are bounded */
        }
        gs_map_set(m, "total", gs_value_int(total, pos));
    }
}

/* The plan's fiscal years that have a KPI column (all of them: a plan has
 * at most seven). */
static int plan_years(const gs_plan *p)
{
    int n = p->fy_last - p->fy_first + 1;
    return n < 0 ? 0 : n > GS_KPI_YEARS ? GS_KPI_YEARS : n;
}

/* 7. KPI: kpis[] (the plan's KPIs, for the rationale and 事業概要's list),
 * kpi_years[] (ten 増加分 columns) and kpi_rows[] (always KPI①-⑥). */
static void bind_kpis(gs_value *root, const gs_plan *p, const gs_totals *t)
{
    gs_srcpos pos = p->pos;
    gs_value *kpis = gs_map_set(root, "kpis", gs_value_list(pos));
    for (size_t i = 0; i < p->nkpis; i++) {
        const gs_kpi *k = &p->kpis[i];
        gs_value *km = gs_list_push(kpis, gs_value_map(k->pos));
        gs_map_set(km, "no", gs_value_int(k->no, k->pos));
        gs_map_set(km, "name", text(k->name, k->name_pos, k->pos));
        gs_map_set(km, "unit", gs_value_str(k->unit, k->pos));
        gs_map_set(km, "rationale", text(k->rationale, k->rationale_pos, k->pos));
        gs_map_set(km, "baseline", stated_fixed2(&k->baseline, k->pos));
        /* the 地域再生計画's 【数値目標】 has a column per plan year only */
        gs_value *pi = gs_map_set(km, "plan_inc", gs_value_list(k->pos));
        for (int c = 0; c < plan_years(p); c++)
            gs_list_push(pi, stated_fixed2(&k->inc[c], k->pos));
        gs_map_set(km, "total", gs_value_fixed2(i < GS_MAX_KPIS ? t->kpi_total[i] : 0, k->pos));
        /* 事業概要's bracket: the 累計 up to the plan's last fiscal year */
        gs_map_set(km, "plan_total",
                   gs_value_fixed2(i < GS_MAX_KPIS ? t->kpi_plan_total[i] : 0, k->pos));
    }
    /* the columns from fy_first; as in the reference the form labels the
     * (別紙1-1) years, and any later year of a longer (インフラ) plan, so
     * that a figure never stands under a column without its year; the
     * rest print a bare "年度" */
    gs_value *ky = gs_map_set(root, "kpi_years", gs_value_list(p->period_pos));
    for (int c = 0; c < GS_KPI_YEARS; c++) {
        gs_value *m = gs_list_push(ky, gs_value_map(p->period_pos));
        bool labelled = c < GS_FORM_YEARS || p->fy_first + c <= p->fy_last;
        gs_map_set(m, "fy", labelled ? gs_value_int(p->fy_first + c, p->period_pos)
                                     : gs_value_null(p->period_pos));
        gs_map_set(m, "ordinal", gs_value_int(c + 1, p->period_pos));
    }
    /* plan_years[]: one per fiscal year of the plan, for tables that have
     * exactly those columns (the 地域再生計画's 【数値目標】) */
    gs_value *py = gs_map_set(root, "plan_years", gs_value_list(p->period_pos));
    for (int c = 0; c < plan_years(p); c++) {
        gs_value *m = gs_list_push(py, gs_value_map(p->period_pos));
        gs_map_set(m, "fy", gs_value_int(p->fy_first + c, p->period_pos));
        gs_map_set(m, "ordinal", gs_value_int(c + 1, p->period_pos));
    }
    gs_value *rows = gs_map_set(root, "kpi_rows", gs_value_list(pos));
    for (int no = 1; no <= GS_MAX_KPIS; no++) {
        const gs_kpi *k = gs_plan_lookup_kpi(p, no);
        gs_srcpos kp = k ? k->pos : pos;
        gs_value *m = gs_list_push(rows, gs_value_map(kp));
        gs_map_set(m, "no", gs_value_int(no, kp));
        gs_map_set(m, "first", gs_value_bool(no == 1, kp));
        gs_map_set(m, "exists", gs_value_bool(k != NULL, kp));
        gs_map_set(m, "name", k ? text(k->name, k->name_pos, kp) : gs_value_null(kp));
        gs_map_set(m, "unit", gs_value_str(k ? k->unit : NULL, kp));
        gs_map_set(m, "baseline", k ? stated_fixed2(&k->baseline, kp) : gs_value_null(kp));
        gs_value *inc = gs_map_set(m, "inc", gs_value_list(kp));
        for (int c = 0; c < GS_KPI_YEARS; c++)
            gs_list_push(inc, k ? stated_fixed2(&k->inc[c], kp) : gs_value_null(kp));
        size_t idx = k ? (size_t)(k - p->kpis) : 0;
        int64_t total = k && idx < GS_MAX_KPIS ? t->kpi_total[idx] : 0;
        gs_map_set(m, "total", gs_value_fixed2(total, kp));
    }
}

static gs_value *fund_row(gs_value *funding, const char *name, gs_value *before,
                          gs_srcpos pos)
{
    gs_value *m = gs_map_set(funding, name, gs_value_map(pos));
    gs_map_set(m, "before", before);
    return gs_map_set(m, "v", gs_value_list(pos));
}

/* 8. 自立性: sources 【A】-【E】 and the schedule (事業開始前 + six years). */
static void bind_funding(gs_value *root, const gs_plan *p, const gs_totals *t)
{
    const gs_funding *f = &p->funding;
    gs_srcpos pos = f->pos.file ? f->pos : p->pos;
    gs_value *fm = gs_map_set(root, "funding", gs_value_map(pos));
    gs_map_set(fm, "effort", text(f->effort, p->at.effort, pos));
    gs_value *yl = gs_map_set(fm, "years", gs_value_list(pos));
    for (int c = 0; c < GS_FUND_YEARS; c++) {
        gs_value *m = gs_list_push(yl, gs_value_map(p->period_pos));
        gs_map_set(m, "fy", gs_value_int(p->fy_first + c, p->period_pos));
        gs_map_set(m, "ordinal", gs_value_int(c + 1, p->period_pos));
    }
    gs_value *sl = gs_map_set(fm, "sources", gs_value_list(pos));
    for (int i = 0; i < GS_FUND_SOURCES; i++) {
        const gs_source *s = &f->src[i];
        gs_srcpos sp = s->pos.file ? s->pos : pos;
        gs_value *m = gs_list_push(sl, gs_value_map(sp));
        char letter[2] = {(char)('A' + i), '\0'};
        gs_map_set(m, "letter", gs_value_str(letter, sp));
        gs_map_set(m, "kind", text(s->kind, s->kind_pos, sp));
        gs_map_set(m, "content", text(s->content, s->content_pos, sp));
        gs_map_set(m, "before", stated_kyen(&s->before, sp));
        gs_value *v = gs_map_set(m, "v", gs_value_list(sp));
        for (int c = 0; c < GS_FUND_YEARS; c++)
            gs_list_push(v, stated_kyen(&s->v[c], sp));
    }
    /* computed rows (FORMS.md rule 7): 合計 always prints (0千円 when
     * empty); うちソフト事業費 is ① of (別紙1-1) in its five columns and
     * 交付対象事業経費 = うちソフト事業費 + うち拠点整備事業費, so the printed
     * rows add up; both are blank before and where (別紙1-1) has no column,
     * unless a 拠点整備 cost stands there */
    gs_value *v = fund_row(fm, "total", gs_value_int(t->fund_before, pos), pos);
    for (int c = 0; c < GS_FUND_YEARS; c++)
        gs_list_push(v, gs_value_int(t->fund_total[c], pos));
    v = fund_row(fm, "eligible", gs_value_null(pos), pos);
    for (int c = 0; c < GS_FUND_YEARS; c++)
        gs_list_push(v, c < GS_FORM_YEARS || t->fund_base[c]
                            ? gs_value_int(t->fund_eligible[c], pos)
                            : gs_value_null(pos));
    v = fund_row(fm, "soft", gs_value_null(pos), pos);
    for (int c = 0; c < GS_FUND_YEARS; c++)
        gs_list_push(v, c < GS_FORM_YEARS ? gs_value_int(t->fund_soft[c], pos)
                                          : gs_value_null(pos));
    /* printed as stated: the 拠点整備事業's cost has no breakdown here, and
     * 総事業費 may hold costs outside the grant */
    v = fund_row(fm, "base", gs_value_null(pos), pos);
    for (int c = 0; c < GS_FUND_YEARS; c++)
        gs_list_push(v, stated_kyen(&f->base[c], pos));
    v = fund_row(fm, "project", gs_value_null(pos), pos);
    for (int c = 0; c < GS_FUND_YEARS; c++)
        gs_list_push(v, stated_kyen(&f->project[c], pos));
}

static gs_value *strategy(const gs_strategy *s, gs_srcpos dflt)
{
    gs_srcpos pos = s->pos.file ? s->pos : dflt;
    gs_value *m = gs_value_map(pos);
    gs_map_set(m, "from", date(&s->from, pos));
    gs_map_set(m, "to", date(&s->to, pos));
    gs_map_set(m, "text", gs_value_str(s->text, pos));
    return m;
}

/* The text sheets: 事業概要's own fields, 3.-6. and 9.-12. */
static void bind_sheets(gs_value *root, const gs_plan *p, const gs_totals *t)
{
    gs_srcpos pos = p->pos;
    const gs_overview *o = &p->overview;
    gs_srcpos op = o->pos.file ? o->pos : pos;
    gs_value *ov = gs_map_set(root, "overview", gs_value_map(op));
    gs_map_set(ov, "first_round", text(o->first_round, o->first_round_pos, op));
    gs_map_set(ov, "purpose", text(o->purpose, o->purpose_pos, op));
    gs_map_set(ov, "breakdown", text(o->breakdown, o->breakdown_pos, op));
    gs_map_set(ov, "summary_note", text(o->summary_note, o->summary_note_pos, op));
    /* the same panel in parts: {text} paragraphs and {boxes} sets */
    gs_value *panel = gs_map_set(ov, "panel", gs_value_list(o->summary_note_pos));
    for (size_t i = 0; i < o->npanel; i++) {
        const gs_panel_part *pt = &o->panel[i];
        gs_value *m = gs_list_push(panel, gs_value_map(pt->pos));
        gs_map_set(m, "text", gs_value_str(pt->text, pt->pos));
        gs_value *bl = gs_map_set(m, "boxes", gs_value_list(pt->pos));
        for (size_t j = 0; j < pt->nboxes; j++)
            gs_list_push(bl, gs_value_str(pt->boxes[j], pt->pos));
    }
    gs_map_set(ov, "participation", text(o->participation, o->participation_pos, op));
    /* 期間中の総事業費 = Σ① and its bracket = ① of the first year */
    gs_map_set(ov, "total_cost", gs_value_int(t->eligible, op));
    gs_map_set(ov, "first_cost", gs_value_int(t->cols[0].eligible, op));
    gs_map_set(ov, "first_reiwa", gs_value_int(gs_reiwa(t->cols[0].fy), p->period_pos));

    gs_value *bg = gs_map_set(root, "background", gs_value_map(pos));
    gs_map_set(bg, "future", text(p->background_future, p->at.background_future, pos));
    gs_map_set(bg, "issues", text(p->background_issues, p->at.background_issues, pos));
    gs_map_set(bg, "summary", text(p->background_summary, p->at.background_summary, pos));

    gs_value *th = gs_map_set(root, "theme", gs_value_map(pos));
    gs_map_set(th, "applies", gs_value_bool(p->theme_applies, pos));
    gs_map_set(th, "text", text(p->theme, p->at.theme, pos));

    gs_value *links = gs_map_set(root, "links", gs_value_list(pos));
    for (int i = 0; i < GS_MAX_LINKS; i++)
        gs_list_push(links, gs_value_bool(p->links[i], pos));
    gs_map_set(root, "excluded", gs_value_bool(p->excluded, pos));

    gs_value *actors = gs_map_set(root, "actors", gs_value_list(pos));
    for (int i = 0; i < GS_ACTORS; i++) {
        const gs_actor *a = &p->actors[i];
        gs_srcpos ap = a->pos.file ? a->pos : pos;
        gs_value *m = gs_list_push(actors, gs_value_map(ap));
        gs_map_set(m, "name", text(a->name, a->name_pos, ap));
        gs_map_set(m, "role", text(a->role, a->role_pos, ap));
    }

    gs_value *vf = gs_map_set(root, "verify", gs_value_map(pos));
    gs_map_set(vf, "timing", text(p->verify_timing, p->at.verify_timing, pos));
    gs_map_set(vf, "method", text(p->verify_method, p->at.verify_method, pos));
    gs_map_set(vf, "members", text(p->verify_members, p->at.verify_members, pos));
    gs_map_set(vf, "publish", text(p->verify_publish, p->at.verify_publish, pos));

    gs_value *st = gs_map_set(root, "strategy", gs_value_map(pos));
    gs_map_set(st, "now", strategy(&p->strategy_now, pos));
    gs_map_set(st, "next", strategy(&p->strategy_next, pos));

}

/* The data names of gs_regional's texts (gs_rtext order; the 作成主体 is
 * bound as derived), and the 実施計画 text printed when one is absent:
 * 4-1, 4-2 and ③ say at length what 3.B, 3.A and 3.C say in short. */
static const char *const rtext_names[GS_RTEXTS] = {
    [GS_RT_AUTHOR] = NULL,
    [GS_RT_ISSUES] = "issues",
    [GS_RT_FUTURE] = "future",
    [GS_RT_OUTLINE] = "outline",
    [GS_RT_MEASURE] = "measure",
    [GS_RT_CONTENT] = "content",
    [GS_RT_AUTONOMY] = "autonomy",
    [GS_RT_PUBLIC_PRIVATE] = "public_private",
    [GS_RT_INTER_REGIONAL] = "inter_regional",
    [GS_RT_INTER_POLICY] = "inter_policy",
    [GS_RT_OTHER] = "other",
    [GS_RT_BASIC_POLICY] = "basic_policy",
    [GS_RT_OWN] = "own",
};

/* regional.*: 12.'s name, area and period, and the 地域再生計画's own
 * texts and the figures it repeats, taken from the 実施計画 (never from
 * what the plan types for that document, which validate checks). */
static void bind_regional(gs_value *root, const gs_plan *p, const gs_totals *t)
{
    gs_srcpos pos = p->pos;
    const gs_regional *r = &p->regional;
    gs_srcpos rp_pos = r->pos.line ? r->pos : pos;
    gs_value *rp = gs_map_set(root, "regional", gs_value_map(pos));
    gs_map_set(rp, "name", text(p->regional_plan_name, p->at.regional_plan_name, pos));
    gs_map_set(rp, "area", text(p->regional_plan_area, p->at.regional_plan_area, pos));
    gs_map_set(rp, "from", text(p->regional_plan_from, p->at.regional_plan_from, pos));
    gs_map_set(rp, "to", date(&p->regional_plan_to, pos));
    /* 1: the plan's name, or the project's when it has none yet */
    gs_map_set(rp, "title", p->regional_plan_name
                   ? text(p->regional_plan_name, p->at.regional_plan_name, pos)
                   : text(p->project_name, p->at.project_name, pos));
    gs_buf b = GS_BUF_INIT;
    gs_plan_author(p, &b);
    gs_map_set(rp, "author", fmt_str(&b, at(p->at.prefecture, pos)));
    const char *fallback[GS_RTEXTS] = {
        [GS_RT_ISSUES] = p->background_issues,
        [GS_RT_FUTURE] = p->background_future,
        [GS_RT_CONTENT] = p->background_summary,
    };
    const gs_srcpos fallback_at[GS_RTEXTS] = {
        [GS_RT_ISSUES] = p->at.background_issues,
        [GS_RT_FUTURE] = p->at.background_future,
        [GS_RT_CONTENT] = p->at.background_summary,
    };
    for (int i = 0; i < GS_RTEXTS; i++) {
        if (!rtext_names[i])
            continue;
        gs_value *v = r->text[i] ? text(r->text[i], r->text_pos[i], rp_pos)
                                 : text(fallback[i], fallback_at[i], pos);
        gs_map_set(rp, rtext_names[i], v);
    }
    gs_map_set(rp, "measure_code", gs_value_str(r->measure_code, rp_pos));
    /* ⑦ 総事業費 = Σ① over the plan, as 事業概要's */
    gs_map_set(rp, "total_cost", gs_value_int(t->eligible, rp_pos));
}

/* "令和元年度": a year column of the 効果検証. */
static gs_value *reiwa_label(int fy, gs_srcpos pos)
{
    gs_buf b = GS_BUF_INIT;
    gs_fmt_period_span(&b, fy, fy);
    return fmt_str(&b, pos);
}

/* One 実績 cell as the report prints it: the figure ("△1.00" for a fall),
 * the marker, or — for a year not ended or not measured; "※N" after it
 * when it has note N of the project's notes. */
static gs_value *actual_cell(const gs_actual *a, bool ended, gs_value *notes,
                             gs_srcpos pos)
{
    gs_buf b = GS_BUF_INIT;
    gs_srcpos at_ = a->pos.line ? a->pos : pos;
    if (!ended || a->kind == GS_ACTUAL_NONE || a->kind == GS_ACTUAL_UNMEASURED)
        gs_buf_puts(&b, "—");
    else if (a->kind == GS_ACTUAL_FIGURE)
        gs_fmt_fixed2(&b, a->v);
    else
        gs_buf_puts(&b, a->kind == GS_ACTUAL_PENDING ? "未確定" : "未公表");
    if (a->note) {
        gs_buf_printf(&b, "※%zu", notes->u.list.n + 1);
        gs_value *n = gs_list_push(notes, gs_value_map(at_));
        gs_map_set(n, "no", gs_value_int((int64_t)notes->u.list.n, at_));
        gs_map_set(n, "text", gs_value_str(a->note, at_));
    }
    return fmt_str(&b, at_);
}

/* results.*: the 効果検証 of the plan (FORMS.md "効果検証 and 活用状況"):
 * one column per fiscal year of the plan, amounts in 千円 whatever unit
 * the input used. */
static gs_value *results(const gs_plan *p, const gs_totals *t)
{
    const gs_results *r = &p->results;
    gs_srcpos pos = r->pos.line ? r->pos : p->pos;
    gs_value *rm = gs_value_map(pos);
    gs_map_set(rm, "as_of", date(&r->as_of, pos));
    gs_map_set(rm, "unit", gs_value_str("千円", pos));
    gs_map_set(rm, "department",
               r->department ? text(r->department, r->department_pos, pos)
                             : text(p->department, p->at.department, pos));
    gs_buf b = GS_BUF_INIT;
    gs_fmt_period_span(&b, p->fy_first, p->fy_last);
    gs_map_set(rm, "period", fmt_str(&b, p->period_pos));
    gs_map_set(rm, "nyears", gs_value_int(plan_years(p), p->period_pos));
    gs_map_set(rm, "first_fy", gs_value_int(p->fy_first, p->period_pos));
    gs_map_set(rm, "first_label", reiwa_label(p->fy_first, p->period_pos));

    int64_t spent = 0, grant = 0;
    bool any_spent = false, any_grant = false;
    gs_value *yl = gs_map_set(rm, "years", gs_value_list(pos));
    gs_value *ol = gs_map_set(rm, "outcomes", gs_value_list(pos));
    for (int c = 0; c < plan_years(p); c++) {
        const gs_result_year *y = &r->years[c];
        gs_srcpos yp = y->pos.line ? y->pos : pos;
        gs_value *m = gs_list_push(yl, gs_value_map(yp));
        int fy = p->fy_first + c;
        gs_map_set(m, "fy", gs_value_int(fy, yp));
        gs_map_set(m, "label", reiwa_label(fy, yp));
        gs_map_set(m, "planned", gs_value_int(c < GS_FORM_YEARS ? t->cols[c].eligible : 0, yp));
        gs_map_set(m, "spent", stated_kyen(&y->spent, yp));
        gs_map_set(m, "decided", stated_kyen(&y->decided, yp));
        gs_map_set(m, "paid", stated_kyen(&y->paid, yp));
        const gs_stated *g = gs_result_grant(y);
        gs_map_set(m, "grant", g ? stated_kyen(g, yp) : gs_value_null(yp));
        /* stated amounts are bounded; the 計 column sums them */
        (void)gs_amount_add(&spent, y->spent.has ? y->spent.v : 0);
        (void)gs_amount_add(&grant, g ? g->v : 0);
        any_spent |= y->spent.has;
        any_grant |= g != NULL;
        if (y->outcome) {
            gs_value *o = gs_list_push(ol, gs_value_map(yp));
            gs_map_set(o, "label", reiwa_label(fy, yp));
            gs_map_set(o, "text", text(y->outcome, y->outcome_pos, yp));
        }
    }
    gs_value *tot = gs_map_set(rm, "total", gs_value_map(pos));
    /* a 計 of nothing stated is blank, as its years are (a project that
     * has just started has spent nothing yet, not 0) */
    gs_map_set(tot, "spent", any_spent ? gs_value_int(spent, pos) : gs_value_null(pos));
    gs_map_set(tot, "grant", any_grant ? gs_value_int(grant, pos) : gs_value_null(pos));

    gs_value *notes = gs_value_list(pos);
    gs_value *kl = gs_map_set(rm, "kpis", gs_value_list(pos));
    for (size_t i = 0; i < p->nkpis; i++) {
        const gs_kpi *k = &p->kpis[i];
        const gs_kpi_result *kr = gs_results_kpi(r, k->no);
        gs_value *km = gs_list_push(kl, gs_value_map(k->pos));
        gs_map_set(km, "no", gs_value_int(k->no, k->pos));
        gs_map_set(km, "name", text(k->name, k->name_pos, k->pos));
        gs_map_set(km, "unit", gs_value_str(k->unit, k->pos));
        gs_map_set(km, "baseline", stated_fixed2(&k->baseline, k->pos));
        gs_value *tl = gs_map_set(km, "target", gs_value_list(k->pos));
        gs_value *al = gs_map_set(km, "actual", gs_value_list(k->pos));
        for (int c = 0; c < plan_years(p); c++) {
            const gs_stated *tg = gs_result_target(k, kr, c);
            gs_list_push(tl, tg ? stated_fixed2(tg, k->pos) : gs_value_null(k->pos));
            gs_actual none = {GS_ACTUAL_NONE, 0, NULL, {NULL, 0, 0}};
            gs_list_push(al, actual_cell(kr ? &kr->actual[c] : &none,
                                         gs_fy_ended(p->fy_first + c, r->as_of),
                                         notes, kr ? kr->pos : k->pos));
        }
        int64_t num, den;
        gs_map_set(km, "rate", gs_result_rate(p, k, r->as_of, &num, &den)
                                   ? gs_value_ratio(num, den, k->pos)
                                   : gs_value_null(k->pos));
    }
    gs_map_set(rm, "notes", notes);
    return rm;
}

gs_value *gs_bind_project(const gs_plan *p, const gs_totals *t, int no)
{
    gs_value *m = gs_value_map(p->pos);
    gs_map_set(m, "no", gs_value_int(no, p->pos));
    gs_map_set(m, "name", text(p->project_name, p->at.project_name, p->pos));
    gs_map_set(m, "summary", text(p->background_summary, p->at.background_summary, p->pos));
    gs_map_set(m, "results", results(p, t));
    return m;
}

gs_value *gs_bind_plan(const gs_plan *p, const gs_totals *t)
{
    gs_srcpos pos = p->pos;
    gs_value *root = gs_value_map(pos);

    bind_project(root, p);

    gs_value *dm = gs_map_set(root, "date", gs_value_map(pos));
    gs_map_set(dm, "year", p->doc_year ? gs_value_int(p->doc_year, pos) : gs_value_null(pos));
    gs_map_set(dm, "month", p->doc_month ? gs_value_int(p->doc_month, pos) : gs_value_null(pos));
    gs_map_set(dm, "day", p->doc_day ? gs_value_int(p->doc_day, pos) : gs_value_null(pos));

    bind_sheets(root, p, t);
    bind_regional(root, p, t);
    bind_bodies(root, p);
    bind_kpis(root, p, t);
    bind_funding(root, p, t);
    gs_map_set(root, "results", results(p, t));
    /* the 活用状況 report's list: this plan alone (the report command puts
     * every plan of the government there) */
    gs_value *pl = gs_map_set(root, "projects", gs_value_list(pos));
    gs_list_push(pl, gs_bind_project(p, t, 1));

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

/* ---- the prototype: every list with an element, every datum present ---- */

static char *proto_text(void)
{
    return gs_xstrdup("文");
}

static gs_stated proto_stated(void)
{
    gs_stated s = {true, 100, {NULL, 0, 0}};
    return s;
}

static void proto_element(gs_part *pt, int no)
{
    pt->elems = gs_xcalloc(1, sizeof *pt->elems);
    pt->nelems = 1;
    gs_element *e = &pt->elems[0];
    e->no = no;
    e->name = proto_text();
    e->kpis = gs_xcalloc(1, sizeof *e->kpis);
    e->kpis[0] = 1;
    e->nkpis = 1;
    e->has_amount = true;
    e->amount = 100;
    e->desc = gs_xcalloc(2, sizeof *e->desc);
    e->ndesc = 2;
    e->desc[0].text = proto_text();
    e->desc[1].text = proto_text();
    e->desc[1].is_item = true;
    e->desc[1].amount = 100;
}

gs_value *gs_bind_prototype(void)
{
    gs_plan *p = gs_plan_new("prototype");
    char **texts[] = {
        &p->prefecture, &p->municipality, &p->department, &p->contact,
        &p->phone, &p->email, &p->project_name, &p->field,
        &p->overview.first_round, &p->overview.purpose, &p->overview.breakdown,
        &p->overview.summary_note, &p->overview.participation,
        &p->background_future, &p->background_issues, &p->background_summary,
        &p->theme, &p->funding.effort, &p->verify_timing, &p->verify_method,
        &p->verify_members, &p->verify_publish, &p->strategy_now.text,
        &p->strategy_next.text, &p->regional_plan_name, &p->regional_plan_area,
        &p->regional_plan_from, &p->county, &p->regional.measure_code,
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        *texts[i] = proto_text();
    for (int i = 0; i < GS_RTEXTS; i++)
        p->regional.text[i] = proto_text();
    p->kinds = GS_KIND_SOFT;
    p->fy_first = 2025;
    p->fy_last = 2029;
    gs_date d = {2025, 4, 1};
    p->decided = p->minor_change = p->regional_plan_to = d;
    p->strategy_now.from = p->strategy_now.to = d;
    p->strategy_next.from = p->strategy_next.to = d;
    p->doc_year = 2025;
    p->doc_month = p->doc_day = 1;
    p->bodies = gs_xcalloc(1, sizeof *p->bodies);
    p->nbodies = 1;
    p->bodies[0].prefecture = proto_text();
    p->bodies[0].municipality = proto_text();
    p->bodies[0].county = proto_text();
    p->bodies[0].code = proto_text();
    for (int c = 0; c < GS_FORM_YEARS; c++)
        p->bodies[0].amount[c] = proto_stated();
    p->kpis = gs_xcalloc(1, sizeof *p->kpis);
    p->nkpis = 1;
    gs_kpi *k = &p->kpis[0];
    k->no = 1;
    k->name = proto_text();
    k->unit = proto_text();
    k->rationale = proto_text();
    k->baseline = k->total = proto_stated();
    for (int c = 0; c < GS_KPI_YEARS; c++)
        k->inc[c] = proto_stated();
    gs_funding *f = &p->funding;
    for (int i = 0; i < GS_FUND_SOURCES; i++) {
        f->src[i].kind = proto_text();
        f->src[i].content = proto_text();
        f->src[i].before = proto_stated();
        for (int c = 0; c < GS_FUND_YEARS; c++)
            f->src[i].v[c] = proto_stated();
    }
    for (int c = 0; c < GS_FUND_YEARS; c++)
        f->base[c] = f->project[c] = proto_stated();
    for (int i = 0; i < GS_ACTORS; i++) {
        p->actors[i].name = proto_text();
        p->actors[i].role = proto_text();
    }
    p->overview.panel = gs_xcalloc(2, sizeof *p->overview.panel);
    p->overview.npanel = 2;
    p->overview.panel[0].text = proto_text();
    p->overview.panel[1].boxes = gs_xcalloc(1, sizeof(char *));
    p->overview.panel[1].boxes[0] = proto_text();
    p->overview.panel[1].nboxes = 1;
    p->years = gs_xcalloc(1, sizeof *p->years);
    p->nyears = 1;
    gs_year *y = &p->years[0];
    y->fy = 2025;
    y->positioning = proto_text();
    y->start = y->end = (gs_ym){2025, 4};
    y->budgets[0].when = (gs_ym){2025, 4};
    y->budgets[0].kind = proto_text();
    y->nbudgets = 1;
    gs_results *r = &p->results;
    r->as_of = d;
    r->department = proto_text();
    r->years[0].decided = r->years[0].paid = r->years[0].spent = proto_stated();
    r->years[0].outcome = proto_text();
    r->kpis = gs_xcalloc(1, sizeof *r->kpis);
    r->nkpis = 1;
    r->kpis[0].no = 1;
    r->kpis[0].actual[0] = (gs_actual){GS_ACTUAL_FIGURE, 100, proto_text(), {NULL, 0, 0}};
    r->as_of = (gs_date){2026, 4, 1};
    proto_element(&y->soft, 1);
    proto_element(&y->facility, 2);
    gs_totals t;
    gs_diags d0 = GS_DIAGS_INIT;
    gs_totals_compute(p, &t, &d0);
    gs_value *v = gs_bind_plan(p, &t);
    gs_diags_free(&d0);
    gs_plan_free(p);
    return v;
}
