/*
 * validate.c - the checks a reviewer makes by hand on (別紙1-1), the KPI
 * table, the 自立性 schedule and 事業概要 (FORMS.md "What must add up",
 * rules 1-11); the 地域再生計画 against the 実施計画 is regional.c's.
 *
 * Stated figures are compared only against gs_totals (one figure, one
 * source), so what the validator calls "computed" is exactly what the layout
 * will print.  The sums made here are of stated figures only: an element's
 * items when the element also states its amount (totals never adds those,
 * because the stated amount wins on the form).
 *
 * Every rule runs and each problem is one diagnostic.  Messages are written
 * for the planning-division clerk who has to fix the figure: they name the
 * sheet, the year column, the row, the figure as typed and what it should be.
 */
#include "validate/validate.h"
#include "validate/rules.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model/sheets.h"
#include "util/buf.h"
#include "util/fy.h"
#include "util/num.h"

/* model/sheets.h's names, under the short names used below */
#define SHEET_1_1 GS_SHEET_1_1
#define SHEET_1_1_SHORT GS_SHEET_1_1_SHORT
#define SHEET_OVERVIEW GS_SHEET_OVERVIEW
#define SHEET_KPI GS_SHEET_KPI
#define SHEET_KPI_SHORT GS_SHEET_KPI_SHORT
#define SHEET_FUNDING GS_SHEET_FUNDING

#define ROW_ELIGIBLE "交付対象事業経費【①】"
#define ROW_RATIO "施設整備・事業設備・備品経費比率【③/①】"
#define ROW_PERIOD "事業計画期間"
#define ROW_TOTAL_COST "期間中の総事業費"
#define ROW_KINDS "経費の種類"
#define ROW_OVERVIEW_KPI "KPI"
#define ROW_FUND_TOTAL "合計"
#define ROW_FUND_ELIGIBLE "交付対象事業経費"
#define ROW_FUND_SOFT "うちソフト事業費"
#define ROW_FUND_BASE "うち拠点整備事業費"
#define ROW_FUND_PROJECT "総事業費"

/* 国費 caps a year (rule 11), 千円 */
#define CAP_MUNICIPALITY INT64_C(1000000)  /* 10億円 */
#define CAP_PREFECTURE INT64_C(1500000)    /* 15億円 */

/* What differs between the soft ② and the facility ③ part of a year. */
typedef struct part_kind {
    const char *row;        /* the summary row of (別紙1-1) */
    const char *name;       /* how a clerk calls the block line */
    const char *code_total; /* code for a wrong 計 */
} part_kind;

static const part_kind SOFT = {
    "交付対象事業におけるソフト事業経費【②】", "ソフト事業経費", "E202",
};
static const part_kind FACILITY = {
    "交付対象事業における施設整備・事業設備・備品経費【③】",
    "施設整備・事業設備・備品経費", "E203",
};

typedef gs_validate_ctx vctx;

/* ---- wording helpers ---------------------------------------------------- */

/* "2026年度(2年目)" as the column heads of (別紙1-1) read; a year before the
 * plan has no column number, and fy 0 stands for the 合計 column. */
static void put_year(gs_buf *b, const gs_plan *p, int fy)
{
    if (fy == 0)
        gs_buf_puts(b, "合計欄");
    else if (fy >= p->fy_first)
        gs_buf_printf(b, "%d年度(%d年目)", fy, fy - p->fy_first + 1);
    else
        gs_fmt_fy(b, fy);
}

/* "要素事業 1 外国人材活躍推進プラットフォーム事業": the element's line. */
static void put_element(gs_buf *b, const gs_element *e)
{
    gs_buf_printf(b, "要素事業 %d", e->no);
    if (e->name && *e->name)
        gs_buf_printf(b, " %s", e->name);
}

/* A stated figure of (別紙1-1) that disagrees with the figure derived from
 * its parts.  The message reads
 *   (別紙1-1) YEAR WHAT STATED が BASIS COMPUTED と一致しません。
 *   FIX を COMPUTED に直すか、OTHERS を見直してください。 */
typedef struct mismatch {
    const char *code;
    gs_srcpos pos;
    int fy;             /* 0: the 合計 column */
    const char *row;    /* the form's row label */
    const char *what;   /* the stated figure as the message names it */
    const char *basis;  /* what the computed figure is the sum of */
    const char *fix;    /* short name of the stated figure */
    const char *others; /* the parts the clerk may have got wrong instead */
} mismatch;

static void report_mismatch(vctx *c, const mismatch *m, const char *stated,
                            const char *computed)
{
    gs_buf year = GS_BUF_INIT;
    put_year(&year, c->p, m->fy);
    gs_validate_report(c, GS_ERROR, m->code, m->pos, SHEET_1_1, m->row, m->fy, stated,
           computed,
           SHEET_1_1_SHORT " %s %s %s が%s %s と一致しません。"
           "%sを %s に直すか、%sを見直してください。",
           year.data, m->what, stated, m->basis, computed, m->fix, computed,
           m->others);
    gs_buf_free(&year);
}

static void check_amount(vctx *c, const mismatch *m, int64_t stated,
                         int64_t computed)
{
    if (stated == computed)
        return;
    char *s = gs_validate_kyen(stated), *k = gs_validate_kyen(computed);
    report_mismatch(c, m, s, k);
    free(s);
    free(k);
}

/* ---- rules 1 and 2: each year's ① = ② + ③, ② and ③ = Σ elements -------- */

static void check_part(vctx *c, const gs_year *y, const gs_part *part,
                       const part_kind *k, int64_t sum, size_t n)
{
    if (part->has_total && !c->t->form_overflow) {
        gs_buf what = GS_BUF_INIT;
        gs_buf_printf(&what, "%sの計", k->row);
        mismatch m = {
            .code = k->code_total, .pos = part->total_pos, .fy = y->fy,
            .row = k->row, .what = what.data, .basis = "要素事業の合計",
            .fix = "計", .others = "要素事業の金額",
        };
        check_amount(c, &m, part->total, sum);
        gs_buf_free(&what);
    }
    if (part->has_count && (part->count < 0 || (size_t)part->count != n)) {
        gs_buf what = GS_BUF_INIT, s = GS_BUF_INIT, k2 = GS_BUF_INIT;
        gs_buf_printf(&what, "%sの要素事業数", k->row);
        gs_buf_printf(&s, "%d", part->count);
        gs_buf_printf(&k2, "%zu", n);
        gs_buf basis = GS_BUF_INIT;
        gs_buf_printf(&basis, "記載されている%sの要素事業の数", k->name);
        mismatch m = {
            .code = "E204", .pos = part->count_pos, .fy = y->fy,
            .row = k->row, .what = what.data, .basis = basis.data,
            .fix = "要素事業数", .others = "要素事業の記載",
        };
        report_mismatch(c, &m, s.data, k2.data);
        gs_buf_free(&what);
        gs_buf_free(&s);
        gs_buf_free(&k2);
        gs_buf_free(&basis);
    }
}

/* Only the years that have a column: a block outside the columns cannot be
 * printed at all, which rule 8 reports when it holds any amount. */
static void check_years(vctx *c)
{
    for (int i = 0; i < GS_FORM_YEARS; i++) {
        const gs_year_totals *yt = &c->t->cols[i];
        const gs_year *y = yt->year;
        if (!y)
            continue;
        /* after an overflow (E212) the computed sums are incomplete, and a
         * mismatch against them would only mislead */
        if (y->has_eligible && !c->t->form_overflow) {
            mismatch m = {
                .code = "E201", .pos = y->eligible_pos, .fy = y->fy,
                .row = ROW_ELIGIBLE, .what = ROW_ELIGIBLE,
                .basis = "②ソフト事業経費と③施設整備・事業設備・備品経費の合計",
                .fix = "交付対象事業経費", .others = "②と③の金額",
            };
            check_amount(c, &m, y->eligible, yt->eligible);
        }
        check_part(c, y, &y->soft, &SOFT, yt->soft, yt->nsoft);
        check_part(c, y, &y->facility, &FACILITY, yt->facility,
                   yt->nfacility);
    }
}

/* ---- rule 3: an element's amount = Σ its itemised costs ----------------- */

static void check_element_items(vctx *c, const gs_year *y, const gs_part *part,
                                const part_kind *k)
{
    for (size_t i = 0; i < part->nelems; i++) {
        const gs_element *e = &part->elems[i];
        /* without a stated amount the items are the amount (totals.c) */
        if (!e->has_amount)
            continue;
        int64_t sum = 0;
        size_t nitems = 0;
        bool overflow = false;
        gs_buf label = GS_BUF_INIT;
        put_element(&label, e);
        for (size_t j = 0; j < e->ndesc && !overflow; j++) {
            const gs_para *it = &e->desc[j];
            if (!it->is_item)
                continue;
            nitems++;
            if (!gs_amount_add(&sum, it->amount)) {
                gs_buf year = GS_BUF_INIT;
                put_year(&year, c->p, y->fy);
                gs_validate_report(c, GS_ERROR, "E212", it->pos, SHEET_1_1, label.data,
                       y->fy, NULL, NULL,
                       SHEET_1_1_SHORT " %s %sの%s の内訳の合計が扱える桁数"
                       "(15桁)を超えました。内訳の金額(千円単位)を"
                       "見直してください。",
                       year.data, k->name, label.data);
                gs_buf_free(&year);
                overflow = true;
            }
        }
        if (nitems && !overflow) {
            gs_buf what = GS_BUF_INIT;
            gs_buf_printf(&what, "%sの%sの金額", k->name, label.data);
            mismatch m = {
                .code = "E205", .pos = e->amount_pos, .fy = y->fy,
                .row = label.data, .what = what.data,
                .basis = "説明欄の経費の内訳の合計", .fix = "金額",
                .others = "内訳の金額",
            };
            check_amount(c, &m, e->amount, sum);
            gs_buf_free(&what);
        }
        gs_buf_free(&label);
    }
}

/* ---- rule 4: the 合計 column = Σ year columns ---------------------------- */

static void check_plan_totals(vctx *c)
{
    const gs_stated_totals *st = &c->p->totals;
    if (c->t->form_overflow)
        return;
    gs_buf basis = GS_BUF_INIT;
    gs_buf_printf(&basis, "各年度(%d〜%d年度)の合計", c->p->fy_first,
                  c->p->fy_first + GS_FORM_YEARS - 1);
    struct {
        bool has;
        int64_t stated, computed;
        const char *row;
    } rows[] = {
        {st->has_eligible, st->eligible, c->t->eligible, ROW_ELIGIBLE},
        {st->has_soft, st->soft, c->t->soft, SOFT.row},
        {st->has_facility, st->facility, c->t->facility, FACILITY.row},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (!rows[i].has)
            continue;
        mismatch m = {
            .code = "E206", .pos = st->pos, .fy = 0, .row = rows[i].row,
            .what = rows[i].row, .basis = basis.data, .fix = "合計欄",
            .others = "各年度の金額",
        };
        check_amount(c, &m, rows[i].stated, rows[i].computed);
    }
    gs_buf_free(&basis);
}

/* ---- rule 5: ③/① over the whole plan at most about half ----------------- */

static void check_facility_share(vctx *c)
{
    const gs_totals *t = c->t;
    if (t->form_overflow || !gs_ratio_above_half(t->facility, t->eligible))
        return;
    gs_buf pct = GS_BUF_INIT;
    gs_fmt_pct1(&pct, t->facility, t->eligible);
    char *f = gs_validate_kyen(t->facility), *e = gs_validate_kyen(t->eligible);
    /* the ratio is never typed: point at the stated 合計 when there is one */
    gs_srcpos pos = c->p->totals.pos.line ? c->p->totals.pos : c->p->pos;
    gs_validate_report(c, GS_WARNING, "W207", pos, SHEET_1_1, ROW_RATIO, 0, NULL, pct.data,
           SHEET_1_1_SHORT " 合計欄 %s が %s(③ %s / ① %s)で、"
           "計画期間全体で概ね半分以下という原則を超えています。"
           "このままでも作成できますが、半分を超える理由について"
           "審査担当の了解が必要です。",
           ROW_RATIO, pct.data, f, e);
    free(f);
    free(e);
    gs_buf_free(&pct);
}

/* ---- rule 9: 関連するKPI names an existing KPI -------------------------- */

static void put_kpi_list(gs_buf *b, const gs_plan *p)
{
    for (size_t i = 0; i < p->nkpis; i++) {
        if (i)
            gs_buf_puts(b, "、");
        gs_validate_put_kpi_no(b, p->kpis[i].no);
    }
}

static void check_kpi_refs(vctx *c, const gs_year *y, const gs_part *part,
                           const part_kind *k)
{
    for (size_t i = 0; i < part->nelems; i++) {
        const gs_element *e = &part->elems[i];
        for (size_t j = 0; j < e->nkpis; j++) {
            if (gs_plan_lookup_kpi(c->p, e->kpis[j]))
                continue;
            gs_buf year = GS_BUF_INIT, label = GS_BUF_INIT, no = GS_BUF_INIT,
                   known = GS_BUF_INIT;
            put_year(&year, c->p, y->fy);
            put_element(&label, e);
            gs_validate_put_kpi_no(&no, e->kpis[j]);
            if (c->p->nkpis) {
                gs_buf_puts(&known, "あるのは ");
                put_kpi_list(&known, c->p);
                gs_buf_puts(&known, " です");
            } else {
                gs_buf_puts(&known, "KPIが1つもありません");
            }
            gs_validate_report(c, GS_ERROR, "E208", e->kpis_pos, SHEET_1_1, label.data,
                   y->fy, no.data, NULL,
                   SHEET_1_1_SHORT " %s %sの%sの関連するKPI %s は、"
                   "7. KPI にありません(%s)。KPI番号を直すか、"
                   "7. KPI にそのKPIを加えてください。",
                   year.data, k->name, label.data, no.data, known.data);
            gs_buf_free(&year);
            gs_buf_free(&label);
            gs_buf_free(&no);
            gs_buf_free(&known);
        }
    }
}

/* ---- rule 10: plan length ------------------------------------------------ */

static void check_period_length(vctx *c)
{
    const gs_plan *p = c->p;
    int years = p->fy_last - p->fy_first + 1;
    if (years < 1) /* an inverted period is the input stage's to refuse */
        return;
    bool infra = p->kinds & GS_KIND_INFRA;
    int max = infra ? 7 : 5, usual = infra ? 5 : 3;
    const char *kind = infra ? "インフラ整備事業を含む計画"
                             : "ソフト事業・拠点整備事業の計画";
    if (years <= usual)
        return;
    gs_buf period = GS_BUF_INIT, len = GS_BUF_INIT;
    gs_fmt_period_reiwa(&period, p->fy_first, p->fy_last);
    gs_buf_printf(&len, "%d年度", years);
    if (years > max)
        gs_validate_report(c, GS_ERROR, "E209", p->period_pos, SHEET_OVERVIEW, ROW_PERIOD,
               0, period.data, len.data,
               SHEET_OVERVIEW " %s %s(%d〜%d年度)は %d年度ありますが、"
               "%sは最長 %d年度 です。計画期間を %d年度 以内にしてください。",
               ROW_PERIOD, period.data, p->fy_first, p->fy_last, years, kind,
               max, max);
    else
        gs_validate_report(c, GS_WARNING, "W210", p->period_pos, SHEET_OVERVIEW,
               ROW_PERIOD, 0, period.data, len.data,
               SHEET_OVERVIEW " %s %s(%d〜%d年度)は %d年度で、"
               "%sの原則 %d年度 を超えています(最長 %d年度 まで)。"
               "原則を超える期間が必要な理由を説明できるようにしてください。",
               ROW_PERIOD, period.data, p->fy_first, p->fy_last, years, kind,
               usual, max);
    gs_buf_free(&period);
    gs_buf_free(&len);
}

/* ---- rule 8 (part): no amount outside the plan period -------------------- */

/* The first non-zero amount of a year block, in form order. */
typedef struct nonzero {
    bool found;
    gs_srcpos pos;
    int64_t amount;
    gs_buf row;  /* the form's row label */
    gs_buf what; /* the figure as the message names it */
} nonzero;

static void found_at(nonzero *nz, gs_srcpos pos, int64_t amount)
{
    nz->found = true;
    nz->pos = pos;
    nz->amount = amount;
}

/* Looks at each figure on its own: summing here could overflow, and any
 * single non-zero figure is enough to make the block wrong. */
static bool part_nonzero(const gs_part *part, const part_kind *k, nonzero *nz)
{
    if (part->has_total && part->total != 0) {
        found_at(nz, part->total_pos, part->total);
        gs_buf_puts(&nz->row, k->row);
        gs_buf_printf(&nz->what, "%sの計", k->row);
        return true;
    }
    for (size_t i = 0; i < part->nelems; i++) {
        const gs_element *e = &part->elems[i];
        if (e->has_amount && e->amount != 0) {
            found_at(nz, e->amount_pos, e->amount);
        } else {
            for (size_t j = 0; j < e->ndesc && !nz->found; j++)
                if (e->desc[j].is_item && e->desc[j].amount != 0)
                    found_at(nz, e->desc[j].pos, e->desc[j].amount);
        }
        if (nz->found) {
            put_element(&nz->row, e);
            gs_buf_printf(&nz->what, "%sの%sの金額", k->name, nz->row.data);
            return true;
        }
    }
    return false;
}

static void block_nonzero(const gs_year *y, nonzero *nz)
{
    if (y->has_eligible && y->eligible != 0) {
        found_at(nz, y->eligible_pos, y->eligible);
        gs_buf_puts(&nz->row, ROW_ELIGIBLE);
        gs_buf_puts(&nz->what, ROW_ELIGIBLE);
        return;
    }
    if (!part_nonzero(&y->soft, &SOFT, nz))
        part_nonzero(&y->facility, &FACILITY, nz);
}

static void check_outside_period(vctx *c, const gs_year *y)
{
    const gs_plan *p = c->p;
    int last_col = p->fy_first + GS_FORM_YEARS - 1;
    bool in_period = y->fy >= p->fy_first && y->fy <= p->fy_last;
    bool in_cols = y->fy >= p->fy_first && y->fy <= last_col;
    if (in_period && in_cols)
        return;
    nonzero nz = {.found = false, .row = GS_BUF_INIT, .what = GS_BUF_INIT};
    block_nonzero(y, &nz);
    if (nz.found) {
        gs_buf year = GS_BUF_INIT, period = GS_BUF_INIT;
        put_year(&year, p, y->fy);
        gs_validate_put_period(&period, p);
        char *amount = gs_validate_kyen(nz.amount), *zero = gs_validate_kyen(0);
        if (!in_period)
            gs_validate_report(c, GS_ERROR, "E211", nz.pos, SHEET_1_1, nz.row.data, y->fy,
                   amount, zero,
                   SHEET_1_1_SHORT " %s は事業計画期間 %s の外ですが、"
                   "%s に %s が入っています。期間外の年度の金額はすべて "
                   "%s にするか、事業計画期間を見直してください。",
                   year.data, period.data, nz.what.data, amount, zero);
        else
            gs_validate_report(c, GS_ERROR, "E211", nz.pos, SHEET_1_1, nz.row.data, y->fy,
                   amount, NULL,
                   SHEET_1_1_SHORT " %s の %s %s は、様式の年度欄が "
                   "%d〜%d年度の%d年度分しかないため印刷できません。"
                   "金額を様式の年度欄に収まる年度に計上してください。",
                   year.data, nz.what.data, amount, p->fy_first, last_col,
                   GS_FORM_YEARS);
        free(amount);
        free(zero);
        gs_buf_free(&year);
        gs_buf_free(&period);
    }
    gs_buf_free(&nz.row);
    gs_buf_free(&nz.what);
}

/* ---- rule 6: KPI増加分の累計 and 事業概要's KPI list ---------------------- */

/* A KPI target as 事業概要 writes it in brackets: "+30人", "+0.5%", "△78人". */
static void put_target(gs_buf *b, int64_t hundredths, const char *unit)
{
    gs_fmt_delta(b, hundredths);
    if (unit)
        gs_buf_puts(b, unit);
}

static char *target_text(int64_t hundredths, const char *unit)
{
    gs_buf b = GS_BUF_INIT;
    put_target(&b, hundredths, unit);
    return gs_buf_detach(&b);
}

/* "①外国人材の新規就業者数（+30人）": the entry as 事業概要 prints it. */
static void put_overview_kpi(gs_buf *b, const gs_overview_kpi *e)
{
    gs_validate_put_kpi_no(b, e->no);
    gs_buf_printf(b, "%s（", e->name ? e->name : "");
    put_target(b, e->target, e->unit);
    gs_buf_puts(b, "）");
}

/* The KPIs computed totals exist for (kpi_total has GS_MAX_KPIS slots). */
static size_t kpi_count(const gs_plan *p)
{
    return p->nkpis < GS_MAX_KPIS ? p->nkpis : GS_MAX_KPIS;
}

static void check_kpi_totals(vctx *c)
{
    for (size_t i = 0; i < kpi_count(c->p); i++) {
        const gs_kpi *k = &c->p->kpis[i];
        if (!k->total.has || c->t->kpi_overflow[i] ||
            k->total.v == c->t->kpi_total[i])
            continue;
        gs_buf row = GS_BUF_INIT;
        gs_validate_put_kpi_row(&row, k->no);
        char *s = gs_validate_fixed2(k->total.v), *sum = gs_validate_fixed2(c->t->kpi_total[i]);
        gs_validate_report(c, GS_ERROR, "E213", k->total.pos, SHEET_KPI, row.data, 0, s,
               sum,
               SHEET_KPI_SHORT " %s %s の KPI増加分の累計 %s が各年度の増加分の"
               "合計 %s と一致しません。累計を %s に直すか、各年度の増加分を"
               "見直してください。",
               row.data, k->name ? k->name : "", s, sum, sum);
        free(s);
        free(sum);
        gs_buf_free(&row);
    }
}

/* An increment in a year after the plan's last fiscal year (W228): the
 * table has ten columns, so the form allows it, but it is unusual, and it
 * makes KPI増加分の累計 (all columns) differ from 事業概要's bracket (the
 * plan's years only).  A stated 0 is no increment. */
static void check_kpi_late(vctx *c)
{
    const gs_plan *p = c->p;
    for (size_t i = 0; i < kpi_count(p); i++) {
        const gs_kpi *k = &p->kpis[i];
        for (int col = 0; col < GS_KPI_YEARS; col++) {
            const gs_stated *inc = &k->inc[col];
            int fy = p->fy_first + col;
            if (fy <= p->fy_last || !inc->has || inc->v == 0)
                continue;
            gs_buf row = GS_BUF_INIT, year = GS_BUF_INIT, period = GS_BUF_INIT;
            gs_validate_put_kpi_row(&row, k->no);
            put_year(&year, p, fy);
            gs_validate_put_period(&period, p);
            char *v = gs_validate_fixed2(inc->v);
            gs_validate_report(c, GS_WARNING, "W228", inc->pos, SHEET_KPI, row.data, fy, v,
                   NULL,
                   SHEET_KPI_SHORT " %s %s の %s の増加分 %s は、事業計画期間 "
                   "%s の後の年度です。KPI増加分の累計には含まれますが、"
                   SHEET_OVERVIEW " のカッコ内(最終事業年度までの累計)には"
                   "含まれません。このままでも作成できますが、計画期間内の"
                   "年度の誤りでないか確認してください。",
                   row.data, k->name ? k->name : "", year.data, v,
                   period.data);
            free(v);
            gs_buf_free(&row);
            gs_buf_free(&year);
            gs_buf_free(&period);
        }
    }
}

/* Index of the first KPI of the KPI sheet with this name, or -1. */
static int kpi_named(const gs_plan *p, const char *name)
{
    for (size_t i = 0; i < kpi_count(p); i++)
        if (gs_validate_same_text(p->kpis[i].name, name))
            return (int)i;
    return -1;
}

/* One entry of 事業概要's KPI list against KPI sheet entry ki. */
typedef struct okpi {
    vctx *c;
    const gs_overview_kpi *e;
    size_t nth;     /* 1-based place in the list */
    gs_buf label;   /* "KPIの3番目「②交流事業への参加企業数（+30社）」" */
} okpi;

static void okpi_report(okpi *o, const char *code, const char *stated,
                        const char *computed, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void okpi_report(okpi *o, const char *code, const char *stated,
                        const char *computed, const char *fmt, ...)
{
    gs_buf msg = GS_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    gs_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    gs_validate_report(o->c, GS_ERROR, code, o->e->pos, SHEET_OVERVIEW, ROW_OVERVIEW_KPI,
           0, stated, computed, SHEET_OVERVIEW " %s: %s", o->label.data,
           msg.data);
    gs_buf_free(&msg);
}

/* Number, target and unit of an entry against the KPI it stands for. */
static void check_okpi_figures(okpi *o, size_t ki, bool check_no)
{
    const gs_plan *p = o->c->p;
    const gs_kpi *k = &p->kpis[ki];
    gs_buf row = GS_BUF_INIT, no = GS_BUF_INIT, want = GS_BUF_INIT;
    gs_validate_put_kpi_row(&row, k->no);
    gs_validate_put_kpi_no(&no, o->e->no);
    gs_validate_put_kpi_no(&want, k->no);
    if (check_no && o->e->no != k->no)
        okpi_report(o, "E214", no.data, want.data,
                    "事業概要のKPIの番号が%sになっていますが、%zu番目のKPIは"
                    "%sです(" SHEET_KPI_SHORT " の %s %s)。番号を%sに直して"
                    "ください。",
                    no.data, o->nth, want.data, row.data,
                    k->name ? k->name : "", want.data);
    const gs_totals *t = o->c->t;
    if (!t->kpi_overflow[ki] && o->e->target != t->kpi_plan_total[ki]) {
        char *s = target_text(o->e->target, o->e->unit);
        char *sum = target_text(t->kpi_plan_total[ki], k->unit);
        gs_buf late = GS_BUF_INIT;
        if (t->kpi_total[ki] != t->kpi_plan_total[ki]) {
            char *after = target_text(t->kpi_total[ki] - t->kpi_plan_total[ki],
                                      k->unit);
            gs_buf_printf(&late, "(%d年度より後の増加分 %s は含めません)",
                          p->fy_last, after);
            free(after);
        }
        okpi_report(o, "E215", s, sum,
                    "カッコ内の目標値 %s が " SHEET_KPI_SHORT " の %s %s の"
                    "最終事業年度(%d年度)までのKPI増加分の累計 %s%s と"
                    "一致しません。目標値を %s に直すか、" SHEET_KPI_SHORT
                    " の増加分を見直してください。",
                    s, row.data, k->name ? k->name : "", p->fy_last, sum,
                    late.data ? late.data : "", sum);
        free(s);
        free(sum);
        gs_buf_free(&late);
    }
    if (!gs_validate_same_text(o->e->unit, k->unit))
        okpi_report(o, "E215", o->e->unit ? o->e->unit : "",
                    k->unit ? k->unit : "",
                    "単位「%s」が " SHEET_KPI_SHORT " の %s の単位「%s」と"
                    "一致しません。単位をそろえてください。",
                    o->e->unit ? o->e->unit : "", row.data,
                    k->unit ? k->unit : "");
    gs_buf_free(&row);
    gs_buf_free(&no);
    gs_buf_free(&want);
}

/* The list is compared in order with the KPI sheet: entry n stands for the
 * n-th KPI.  An entry naming another KPI is reported as out of order and then
 * checked against the KPI it names, so one slip gives one message. */
static void check_overview_kpis(vctx *c)
{
    const gs_plan *p = c->p;
    const gs_overview *ov = &p->overview;
    if (!ov->nkpis)
        return;
    size_t nk = kpi_count(p);
    bool covered[GS_MAX_KPIS] = {false};
    gs_buf known = GS_BUF_INIT;
    if (nk)
        put_kpi_list(&known, p);
    else
        gs_buf_puts(&known, "なし");
    for (size_t j = 0; j < ov->nkpis && j < GS_MAX_KPIS; j++) {
        okpi o = {c, &ov->kpis[j], j + 1, GS_BUF_INIT};
        gs_buf_printf(&o.label, "KPIの%zu番目「", o.nth);
        put_overview_kpi(&o.label, o.e);
        gs_buf_puts(&o.label, "」");
        int named = kpi_named(p, o.e->name);
        if (named >= 0 && (size_t)named != j) {
            const gs_kpi *k = &p->kpis[named];
            gs_buf row = GS_BUF_INIT;
            gs_validate_put_kpi_row(&row, k->no);
            if (j < nk) {
                gs_buf want = GS_BUF_INIT;
                gs_validate_put_kpi_row(&want, p->kpis[j].no);
                okpi_report(&o, "E214", o.e->name, p->kpis[j].name,
                            "これは " SHEET_KPI_SHORT " の %s ですが、%zu番目の"
                            "KPIは %s %s です。事業概要のKPIは " SHEET_KPI_SHORT
                            " と同じ順に並べてください。",
                            row.data, o.nth, want.data,
                            p->kpis[j].name ? p->kpis[j].name : "");
                gs_buf_free(&want);
            } else {
                okpi_report(&o, "E214", o.e->name, NULL,
                            "これは " SHEET_KPI_SHORT " の %s と同じKPIです。"
                            "同じKPIを2度載せていないか見直してください。",
                            row.data);
            }
            gs_buf_free(&row);
            covered[named] = true;
            check_okpi_figures(&o, (size_t)named, false);
        } else if (j >= nk) {
            gs_buf no = GS_BUF_INIT;
            gs_validate_put_kpi_no(&no, o.e->no);
            okpi_report(&o, "E214", no.data, NULL,
                        "%zu番目のKPIが " SHEET_KPI_SHORT " にありません"
                        "(" SHEET_KPI_SHORT " にあるのは %s)。事業概要から外すか、"
                        SHEET_KPI_SHORT " にKPIを加えてください。",
                        o.nth, known.data);
            gs_buf_free(&no);
        } else {
            const gs_kpi *k = &p->kpis[j];
            covered[j] = true;
            if (named < 0) {
                gs_buf row = GS_BUF_INIT;
                gs_validate_put_kpi_row(&row, k->no);
                okpi_report(&o, "E214", o.e->name ? o.e->name : "",
                            k->name ? k->name : "",
                            "KPIの名称「%s」が、%zu番目のKPIである "
                            SHEET_KPI_SHORT " の %s の名称「%s」と一致しません。"
                            "名称をそろえてください。",
                            o.e->name ? o.e->name : "", o.nth, row.data,
                            k->name ? k->name : "");
                gs_buf_free(&row);
            }
            check_okpi_figures(&o, j, true);
        }
        gs_buf_free(&o.label);
    }
    /* a KPI that no entry stands for: at the list's last line, where it
     * would be added */
    const gs_overview_kpi *last = &ov->kpis[ov->nkpis - 1];
    for (size_t i = 0; i < nk; i++) {
        if (covered[i])
            continue;
        const gs_kpi *k = &p->kpis[i];
        gs_buf row = GS_BUF_INIT, no = GS_BUF_INIT;
        gs_validate_put_kpi_row(&row, k->no);
        gs_validate_put_kpi_no(&no, k->no);
        gs_validate_report(c, GS_ERROR, "E214", last->pos, SHEET_OVERVIEW, ROW_OVERVIEW_KPI,
               0, NULL, no.data,
               SHEET_OVERVIEW " KPI: " SHEET_KPI_SHORT " の %s %s が事業概要の"
               "KPIにありません(事業概要のKPIは%zu個、" SHEET_KPI_SHORT
               " は%zu個)。事業概要のKPIに %s として加えてください。",
               row.data, k->name ? k->name : "", ov->nkpis, nk, no.data);
        gs_buf_free(&row);
        gs_buf_free(&no);
    }
    gs_buf_free(&known);
}

/* ---- rule 7: the 自立性 schedule ------------------------------------------ */

/* Column c of the schedule: -1 is 事業開始前（現時点）. */
static void put_fund_col(gs_buf *b, const gs_plan *p, int c)
{
    if (c < 0)
        gs_buf_puts(b, "事業開始前（現時点）");
    else
        put_year(b, p, p->fy_first + c);
}

static int fund_fy(const gs_plan *p, int c)
{
    return c < 0 ? 0 : p->fy_first + c;
}

static void check_fund_total(vctx *c, int col, const gs_stated *st,
                             int64_t sum, bool overflowed)
{
    if (!st->has || overflowed || st->v == sum)
        return;
    gs_buf year = GS_BUF_INIT;
    put_fund_col(&year, c->p, col);
    char *s = gs_validate_kyen(st->v), *k = gs_validate_kyen(sum);
    gs_validate_report(c, GS_ERROR, "E216", st->pos, SHEET_FUNDING, ROW_FUND_TOTAL,
           fund_fy(c->p, col), s, k,
           SHEET_FUNDING " %s 自主財源見込額の合計 %s が【A】〜【E】の合計 %s と"
           "一致しません。合計を %s に直すか、【A】〜【E】の金額を見直して"
           "ください。",
           year.data, s, k, k);
    free(s);
    free(k);
    gs_buf_free(&year);
}

/* A row of the schedule against the (別紙1-1) figure it must equal: ① of
 * the same year (0 in the sixth column, which (別紙1-1) does not have).
 * hint, when not NULL, says why the clerk's figure is a likely confusion. */
static void check_fund_vs_form(vctx *c, int col, const gs_stated *st,
                               const char *code, const char *row,
                               int64_t form, const char *hint)
{
    if (!st->has || st->v == form)
        return;
    gs_buf year = GS_BUF_INIT, note = GS_BUF_INIT;
    put_fund_col(&year, c->p, col);
    if (col >= GS_FORM_YEARS)
        gs_buf_printf(&note, "(" SHEET_1_1_SHORT " には %d年度 の欄がないため"
                      " 0千円)", fund_fy(c->p, col));
    char *s = gs_validate_kyen(st->v), *k = gs_validate_kyen(form);
    gs_validate_report(c, GS_ERROR, code, st->pos, SHEET_FUNDING, row, fund_fy(c->p, col),
           s, k,
           SHEET_FUNDING " %s %s %s が " SHEET_1_1_SHORT " の同じ年度の"
           ROW_ELIGIBLE " %s%s と一致しません。%s%sを %s に直すか、"
           SHEET_1_1_SHORT " の金額を見直してください。",
           year.data, row, s, k, note.data ? note.data : "",
           hint ? hint : "", row, k);
    free(s);
    free(k);
    gs_buf_free(&year);
    gs_buf_free(&note);
}

/* うちソフト事業費 = ① (E218).  The usual slip is ② alone: (別紙1-1) is the
 * whole ソフト事業, and its ③ belongs to it, not to 拠点整備. */
static void check_fund_soft(vctx *c, int col)
{
    const gs_stated *st = &c->p->funding.soft[col];
    const gs_year_totals *yt = col < GS_FORM_YEARS ? &c->t->cols[col] : NULL;
    const char *hint = NULL;
    if (yt && yt->facility != 0 && st->has && st->v == yt->soft)
        hint = "(別紙1-1) の③施設整備・事業設備・備品経費もソフト事業の経費"
               "なので、うちソフト事業費は②ではなく①(②+③)です。";
    check_fund_vs_form(c, col, st, "E218", ROW_FUND_SOFT, c->t->fund_soft[col],
                       hint);
}

/* 交付対象事業経費 = うちソフト事業費 + うち拠点整備事業費 (E217), with the
 * computed rows of totals.  Without a 拠点整備事業 that is ① itself; a
 * うち拠点整備事業費 typed there anyway is E224's, and a 交付対象事業経費
 * that includes it reads as the same slip (a missing tick), not a second. */
static void check_fund_eligible(vctx *c, int col)
{
    const gs_funding *f = &c->p->funding;
    const gs_stated *e = &f->eligible[col], *b = &f->base[col];
    int64_t want = c->t->fund_eligible[col];
    if (!e->has || e->v == want)
        return;
    if (!(c->p->kinds & GS_KIND_BASE)) {
        int64_t with_base = want;
        if (b->has && gs_amount_add(&with_base, b->v) && e->v == with_base)
            return;
        check_fund_vs_form(c, col, e, "E217", ROW_FUND_ELIGIBLE, want,
                           "拠点整備事業がない計画では、交付対象事業経費は"
                           "うちソフト事業費と同じです。");
        return;
    }
    /* with a 拠点整備事業 either row may be the wrong one: its cost has no
     * other source in the plan, so the message offers both fixes */
    gs_buf year = GS_BUF_INIT;
    put_fund_col(&year, c->p, col);
    int64_t soft = c->t->fund_soft[col];
    char *es = gs_validate_kyen(e->v), *ss = gs_validate_kyen(soft), *bs = gs_validate_kyen(c->t->fund_base[col]),
         *ks = gs_validate_kyen(want), *rest = gs_validate_kyen(e->v - soft);
    gs_validate_report(c, GS_ERROR, "E217", e->pos, SHEET_FUNDING, ROW_FUND_ELIGIBLE,
           fund_fy(c->p, col), es, ks,
           SHEET_FUNDING " %s " ROW_FUND_ELIGIBLE " %s が " ROW_FUND_SOFT
           " %s(" SHEET_1_1_SHORT " の①) と " ROW_FUND_BASE " %s%s の合計 %s と"
           "一致しません。" ROW_FUND_ELIGIBLE "を %s に直すか、" ROW_FUND_BASE
           "を %s に直してください。",
           year.data, es, ss, bs, b->has ? "" : "(空欄)", ks, ks, rest);
    free(es);
    free(ss);
    free(bs);
    free(ks);
    free(rest);
    gs_buf_free(&year);
}

/* 総事業費 ≥ 交付対象事業経費 (E227).  総事業費 is the whole project's cost:
 * it may hold costs the grant does not cover, and in the years after the
 * grant the cost the project carries on its own funds, so only a figure
 * below the eligible cost is certainly wrong. */
static void check_fund_project(vctx *c, int col)
{
    const gs_stated *st = &c->p->funding.project[col];
    int64_t eligible = c->t->fund_eligible[col];
    if (!st->has || st->v >= eligible)
        return;
    gs_buf year = GS_BUF_INIT;
    put_fund_col(&year, c->p, col);
    char *s = gs_validate_kyen(st->v), *k = gs_validate_kyen(eligible);
    gs_validate_report(c, GS_ERROR, "E227", st->pos, SHEET_FUNDING, ROW_FUND_PROJECT,
           fund_fy(c->p, col), s, k,
           SHEET_FUNDING " %s " ROW_FUND_PROJECT " %s が同じ年度の"
           ROW_FUND_ELIGIBLE " %s(" ROW_FUND_SOFT "と" ROW_FUND_BASE "の合計)"
           "より少なくなっています。" ROW_FUND_PROJECT "は交付対象事業経費を"
           "含む事業全体の経費です。" ROW_FUND_PROJECT "を %s 以上に直すか、"
           SHEET_1_1_SHORT " と" ROW_FUND_BASE "を見直してください。",
           year.data, s, k, k);
    free(s);
    free(k);
    gs_buf_free(&year);
}

static void check_funding(vctx *c)
{
    const gs_funding *f = &c->p->funding;
    const gs_totals *t = c->t;
    check_fund_total(c, -1, &f->total_before, t->fund_before,
                     t->fund_before_overflow);
    for (int col = 0; col < GS_FUND_YEARS; col++) {
        check_fund_total(c, col, &f->total[col], t->fund_total[col],
                         t->fund_overflow[col]);
        /* after an overflow (E212) ① or 交付対象事業経費 is incomplete */
        if ((col < GS_FORM_YEARS && t->form_overflow) ||
            t->fund_eligible_overflow[col])
            continue;
        check_fund_soft(c, col);
        check_fund_eligible(c, col);
        check_fund_project(c, col);
    }
}

/* ---- rule 8: 事業概要 against (別紙1-1) and 実施期間 --------------------- */

static void check_overview_costs(vctx *c)
{
    const gs_plan *p = c->p;
    const gs_overview *ov = &p->overview;
    const gs_totals *t = c->t;
    if (t->form_overflow)
        return;
    if (ov->total_cost.has && ov->total_cost.v != t->eligible) {
        char *s = gs_validate_kyen(ov->total_cost.v), *k = gs_validate_kyen(t->eligible);
        gs_validate_report(c, GS_ERROR, "E220", ov->total_cost.pos, SHEET_OVERVIEW,
               ROW_TOTAL_COST, 0, s, k,
               SHEET_OVERVIEW " %s %s が " SHEET_1_1_SHORT " の" ROW_ELIGIBLE
               "の合計 %s と一致しません。総事業費を %s に直すか、"
               SHEET_1_1_SHORT " の金額を見直してください。",
               ROW_TOTAL_COST, s, k, k);
        free(s);
        free(k);
    }
    if (ov->first_cost.has && ov->first_cost.v != t->cols[0].eligible) {
        gs_buf row = GS_BUF_INIT, year = GS_BUF_INIT;
        gs_buf_printf(&row, "%s(カッコ内はR%d年度事業費)", ROW_TOTAL_COST,
                      gs_reiwa(p->fy_first));
        put_year(&year, p, p->fy_first);
        char *s = gs_validate_kyen(ov->first_cost.v), *k = gs_validate_kyen(t->cols[0].eligible);
        gs_validate_report(c, GS_ERROR, "E221", ov->first_cost.pos, SHEET_OVERVIEW,
               row.data, p->fy_first, s, k,
               SHEET_OVERVIEW " %sのカッコ内(R%d年度事業費) %s が "
               SHEET_1_1_SHORT " %s の" ROW_ELIGIBLE " %s と一致しません。"
               "カッコ内を %s に直すか、" SHEET_1_1_SHORT " の金額を見直して"
               "ください。",
               ROW_TOTAL_COST, gs_reiwa(p->fy_first), s, year.data, k, k);
        free(s);
        free(k);
        gs_buf_free(&row);
        gs_buf_free(&year);
    }
}

static void check_overview_period(vctx *c)
{
    const gs_plan *p = c->p;
    const gs_overview *ov = &p->overview;
    if (!ov->has_period || (ov->period_first == p->fy_first &&
                            ov->period_last == p->fy_last))
        return;
    gs_buf s = GS_BUF_INIT, k = GS_BUF_INIT, dates = GS_BUF_INIT;
    gs_fmt_period_reiwa(&s, ov->period_first, ov->period_last);
    gs_fmt_period_reiwa(&k, p->fy_first, p->fy_last);
    gs_fmt_period_dates(&dates, p->fy_first, p->fy_last);
    gs_validate_report(c, GS_ERROR, "E222", ov->period_pos, SHEET_OVERVIEW, ROW_PERIOD, 0,
           s.data, k.data,
           SHEET_OVERVIEW " %s %s(%d〜%d年度)が 2. 交付対象事業の名称等 の"
           "実施期間 %s(%s)と一致しません。事業計画期間を %s に直すか、"
           "実施期間を見直してください。",
           ROW_PERIOD, s.data, ov->period_first, ov->period_last, dates.data,
           k.data, k.data);
    gs_buf_free(&s);
    gs_buf_free(&k);
    gs_buf_free(&dates);
}

/* 経費の種類: ソフト事業 ticked exactly when (別紙1-1) has soft cost; a
 * 拠点整備 cost in the 自立性 schedule needs its tick.  Presence is any
 * year's ② other than 0, so a △ year cannot hide a cost. */
static void check_kinds(vctx *c)
{
    const gs_plan *p = c->p;
    const gs_totals *t = c->t;
    if (!t->form_overflow) {
        bool present = false;
        for (int i = 0; i < GS_FORM_YEARS; i++)
            present |= t->cols[i].soft != 0;
        bool ticked = p->kinds & GS_KIND_SOFT;
        char *sum = gs_validate_kyen(t->soft);
        if (ticked && !present)
            gs_validate_report(c, GS_ERROR, "E223", p->kinds_pos, SHEET_OVERVIEW,
                   ROW_KINDS, 0, "ソフト事業 ✓", sum,
                   SHEET_OVERVIEW " %s の ソフト事業 に✓がありますが、"
                   SHEET_1_1_SHORT " の%sはどの年度も 0千円 です。"
                   "✓を外すか、ソフト事業経費を計上してください。",
                   ROW_KINDS, SOFT.row);
        else if (!ticked && present)
            gs_validate_report(c, GS_ERROR, "E223", p->kinds_pos, SHEET_OVERVIEW,
                   ROW_KINDS, 0, "ソフト事業 ✓なし", sum,
                   SHEET_OVERVIEW " %s の ソフト事業 に✓がありませんが、"
                   SHEET_1_1_SHORT " に%sが計上されています(合計 %s)。"
                   "ソフト事業に✓を付けてください。",
                   ROW_KINDS, SOFT.row, sum);
        free(sum);
    }
    if (p->kinds & GS_KIND_BASE)
        return;
    /* each column on its own: without the tick the figure itself is the
     * usual mistake (③ typed as 拠点整備), and it is one per year */
    for (int col = 0; col < GS_FUND_YEARS; col++) {
        const gs_stated *b = &p->funding.base[col];
        if (!b->has || b->v == 0)
            continue;
        gs_buf year = GS_BUF_INIT;
        put_fund_col(&year, p, col);
        char *s = gs_validate_kyen(b->v), *zero = gs_validate_kyen(0);
        gs_validate_report(c, GS_ERROR, "E224", b->pos, SHEET_FUNDING, ROW_FUND_BASE,
               fund_fy(p, col), s, zero,
               SHEET_FUNDING " %s %s が %s ありますが、" SHEET_OVERVIEW
               " の%sの 拠点整備事業 に✓がありません。" SHEET_1_1_SHORT
               " の③施設整備・事業設備・備品経費はソフト事業の経費で、"
               "うちソフト事業費に含めます。拠点整備事業がなければ%sを空欄か "
               "%s にし、あれば拠点整備事業に✓を付けてください。",
               year.data, ROW_FUND_BASE, s, ROW_KINDS, ROW_FUND_BASE, zero);
        free(s);
        free(zero);
        gs_buf_free(&year);
    }
}

/* ---- rule 11: 国費 against the programme cap ------------------------------ */

static void check_national_cap(vctx *c)
{
    const gs_plan *p = c->p;
    if (c->t->form_overflow)
        return;
    int64_t cap = CAP_MUNICIPALITY;
    const char *who = "市区町村", *cap_text = "10億円";
    if (p->gov == GS_GOV_PREFECTURE || p->gov == GS_GOV_CORE_CITY) {
        cap = CAP_PREFECTURE;
        cap_text = "15億円";
        who = p->gov == GS_GOV_PREFECTURE ? "都道府県" : "中枢中核市";
    }
    for (int i = 0; i < GS_FORM_YEARS; i++) {
        const gs_year_totals *yt = &c->t->cols[i];
        /* compared exactly: half of an odd ① is a half 千円 over */
        if (!yt->year || yt->eligible <= 2 * cap)
            continue;
        const gs_year *y = yt->year;
        gs_buf year = GS_BUF_INIT;
        put_year(&year, p, y->fy);
        gs_buf nat = GS_BUF_INIT;
        gs_fmt_int(&nat, yt->national);
        gs_buf_puts(&nat, yt->eligible % 2 ? ".5千円" : "千円");
        char *e = gs_validate_kyen(yt->eligible), *n = gs_buf_detach(&nat),
             *k = gs_validate_kyen(cap);
        gs_validate_report(c, GS_WARNING, "W225", y->has_eligible ? y->eligible_pos : y->pos,
               SHEET_1_1, ROW_ELIGIBLE, y->fy, NULL, n,
               SHEET_1_1_SHORT " %s " ROW_ELIGIBLE " %s の1/2にあたる国費 %s が、"
               "%sの国費の上限 %s(%s)を超えています。上限は団体のすべての"
               "事業の国費の合計にかかるため、このままでも作成できますが、"
               "他の事業と合わせた国費の額を確認してください。",
               year.data, e, n, who, cap_text, k);
        free(e);
        free(n);
        free(k);
        gs_buf_free(&year);
    }
}

/* ---- costs are never negative ------------------------------------------- */

/* A cost below zero is almost always a typo (△ is meant for KPI changes
 * and ratios) and quietly lowers totals, ratios and 国費; but a reduction
 * (減額) entered as its own negative line is legitimate, so it is a
 * warning that names the figure, not a refusal. */
static void negative(vctx *c, gs_srcpos pos, const char *sheet,
                     const char *row, int fy, int64_t v)
{
    char *a = gs_validate_kyen(v);
    gs_validate_report(c, GS_WARNING, "W226", pos, sheet, row, fy, a, NULL,
           "%s %s の金額 %s が負になっています。減額の調整でなければ、"
           "0 以上の金額に直してください。",
           sheet, row, a);
    free(a);
}

static void check_stated_sign(vctx *c, const gs_stated *s, const char *sheet,
                              const char *row, int fy)
{
    if (s->has && s->v < 0)
        negative(c, s->pos, sheet, row, fy, s->v);
}

static void check_part_signs(vctx *c, const gs_year *y, const gs_part *pt,
                             const char *row)
{
    if (pt->has_total && pt->total < 0)
        negative(c, pt->total_pos, SHEET_1_1, row, y->fy, pt->total);
    for (size_t i = 0; i < pt->nelems; i++) {
        const gs_element *e = &pt->elems[i];
        if (e->has_amount && e->amount < 0)
            negative(c, e->amount_pos, SHEET_1_1, e->name ? e->name : row,
                     y->fy, e->amount);
        for (size_t k = 0; k < e->ndesc; k++)
            if (e->desc[k].is_item && e->desc[k].amount < 0)
                negative(c, e->desc[k].pos, SHEET_1_1, e->desc[k].text,
                         y->fy, e->desc[k].amount);
    }
}

static void check_signs(vctx *c)
{
    const gs_plan *p = c->p;
    for (size_t i = 0; i < p->nyears; i++) {
        const gs_year *y = &p->years[i];
        if (y->has_eligible && y->eligible < 0)
            negative(c, y->eligible_pos, SHEET_1_1, ROW_ELIGIBLE, y->fy,
                     y->eligible);
        check_part_signs(c, y, &y->soft, "ソフト事業経費【②】");
        check_part_signs(c, y, &y->facility, "施設整備・事業設備・備品経費【③】");
    }
    const gs_funding *f = &p->funding;
    static const char *const src_rows[GS_FUND_SOURCES] = {
        "【A】", "【B】", "【C】", "【D】", "【E】"};
    for (int k = 0; k < GS_FUND_SOURCES; k++) {
        check_stated_sign(c, &f->src[k].before, "8. 自立性", src_rows[k], 0);
        for (int i = 0; i < GS_FUND_YEARS; i++)
            check_stated_sign(c, &f->src[k].v[i], "8. 自立性", src_rows[k],
                              p->fy_first + i);
    }
    for (size_t b = 0; b < p->nbodies; b++)
        for (int i = 0; i < GS_FORM_YEARS; i++)
            check_stated_sign(c, &p->bodies[b].amount[i],
                              "2. 交付対象事業の名称等", "申請額",
                              p->fy_first + i);
    check_stated_sign(c, &p->overview.total_cost, "事業概要", "期間中の総事業費", 0);
    check_stated_sign(c, &p->overview.first_cost, "事業概要",
                      "期間中の総事業費 (初年度)", 0);
}

/* ---- entry point --------------------------------------------------------- */

void gs_validate(const gs_plan *p, const gs_totals *t, gs_diags *d)
{
    vctx c = {p, t, d};
    check_period_length(&c);
    check_years(&c);
    for (size_t i = 0; i < p->nyears; i++) {
        const gs_year *y = &p->years[i];
        check_element_items(&c, y, &y->soft, &SOFT);
        check_element_items(&c, y, &y->facility, &FACILITY);
        check_kpi_refs(&c, y, &y->soft, &SOFT);
        check_kpi_refs(&c, y, &y->facility, &FACILITY);
        check_outside_period(&c, y);
    }
    check_plan_totals(&c);
    check_facility_share(&c);
    check_kpi_totals(&c);
    check_kpi_late(&c);
    check_overview_kpis(&c);
    check_funding(&c);
    check_overview_costs(&c);
    check_overview_period(&c);
    check_kinds(&c);
    check_national_cap(&c);
    check_signs(&c);
    gs_validate_regional(&c);
}
