/*
 * validate.c - the checks a reviewer makes by hand on (別紙1-1) and the
 * plan period (FORMS.md "What must add up", rules 1-5, 8 in part, 9, 10).
 *
 * Stated figures are compared only against gs_totals (one figure, one
 * source), so what the validator calls "computed" is exactly what the layout
 * will print.  The one sum made here is an element's items when the element
 * also states its amount: totals never adds those, because the stated amount
 * wins on the form.
 *
 * Every rule runs and each problem is one diagnostic.  Messages are written
 * for the planning-division clerk who has to fix the figure: they name the
 * sheet, the year column, the row, the figure as typed and what it should be.
 */
#include "validate/validate.h"

#include <stdarg.h>
#include <stdlib.h>

#include "util/buf.h"
#include "util/fy.h"
#include "util/num.h"

#define SHEET_1_1 "(別紙1-1) ソフト事業経費内訳"
#define SHEET_1_1_SHORT "(別紙1-1)"
#define SHEET_OVERVIEW "事業概要"

#define ROW_ELIGIBLE "交付対象事業経費【①】"
#define ROW_RATIO "施設整備・事業設備・備品経費比率【③/①】"
#define ROW_PERIOD "事業計画期間"

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

typedef struct vctx {
    const gs_plan *p;
    const gs_totals *t;
    gs_diags *d;
} vctx;

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

/* KPI numbers as the forms write them: ①..⑳. */
static void put_kpi_no(gs_buf *b, int no)
{
    if (no >= 1 && no <= 20)
        gs_buf_put_utf8(b, 0x2460u + (unsigned)(no - 1));
    else
        gs_buf_printf(b, "KPI%d", no);
}

static char *kyen(int64_t v)
{
    gs_buf b = GS_BUF_INIT;
    gs_fmt_kyen(&b, v);
    return gs_buf_detach(&b);
}

static void period_text(gs_buf *b, const gs_plan *p)
{
    gs_fmt_period_reiwa(b, p->fy_first, p->fy_last);
    gs_buf_printf(b, "(%d〜%d年度)", p->fy_first, p->fy_last);
}

/* Adds one diagnostic with its place on the form and its figures. */
static void report(vctx *c, gs_severity sev, const char *code, gs_srcpos pos,
                   const char *sheet, const char *row, int fy,
                   const char *stated, const char *computed,
                   const char *fmt, ...) __attribute__((format(printf, 10, 11)));
static void report(vctx *c, gs_severity sev, const char *code, gs_srcpos pos,
                   const char *sheet, const char *row, int fy,
                   const char *stated, const char *computed,
                   const char *fmt, ...)
{
    gs_buf msg = GS_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    gs_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    gs_diag *g = gs_diags_add(c->d, sev, code, pos, "%s", msg.data);
    gs_diag_set_where(g, sheet, row, fy);
    gs_diag_set_figures(g, stated, computed);
    gs_buf_free(&msg);
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
    report(c, GS_ERROR, m->code, m->pos, SHEET_1_1, m->row, m->fy, stated,
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
    char *s = kyen(stated), *k = kyen(computed);
    report_mismatch(c, m, s, k);
    free(s);
    free(k);
}

/* ---- rules 1 and 2: each year's ① = ② + ③, ② and ③ = Σ elements -------- */

static void check_part(vctx *c, const gs_year *y, const gs_part *part,
                       const part_kind *k, int64_t sum, size_t n)
{
    if (part->has_total && !c->t->overflow) {
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
        if (y->has_eligible && !c->t->overflow) {
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
                report(c, GS_ERROR, "E212", it->pos, SHEET_1_1, label.data,
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
    if (c->t->overflow)
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
    if (t->overflow || !gs_ratio_above_half(t->facility, t->eligible))
        return;
    gs_buf pct = GS_BUF_INIT;
    gs_fmt_pct1(&pct, t->facility, t->eligible);
    char *f = kyen(t->facility), *e = kyen(t->eligible);
    /* the ratio is never typed: point at the stated 合計 when there is one */
    gs_srcpos pos = c->p->totals.pos.line ? c->p->totals.pos : c->p->pos;
    report(c, GS_WARNING, "W207", pos, SHEET_1_1, ROW_RATIO, 0, NULL, pct.data,
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
        put_kpi_no(b, p->kpis[i].no);
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
            put_kpi_no(&no, e->kpis[j]);
            if (c->p->nkpis) {
                gs_buf_puts(&known, "あるのは ");
                put_kpi_list(&known, c->p);
                gs_buf_puts(&known, " です");
            } else {
                gs_buf_puts(&known, "KPIが1つもありません");
            }
            report(c, GS_ERROR, "E208", e->kpis_pos, SHEET_1_1, label.data,
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
        report(c, GS_ERROR, "E209", p->period_pos, SHEET_OVERVIEW, ROW_PERIOD,
               0, period.data, len.data,
               SHEET_OVERVIEW " %s %s(%d〜%d年度)は %d年度ありますが、"
               "%sは最長 %d年度 です。計画期間を %d年度 以内にしてください。",
               ROW_PERIOD, period.data, p->fy_first, p->fy_last, years, kind,
               max, max);
    else
        report(c, GS_WARNING, "W210", p->period_pos, SHEET_OVERVIEW,
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
        period_text(&period, p);
        char *amount = kyen(nz.amount), *zero = kyen(0);
        if (!in_period)
            report(c, GS_ERROR, "E211", nz.pos, SHEET_1_1, nz.row.data, y->fy,
                   amount, zero,
                   SHEET_1_1_SHORT " %s は事業計画期間 %s の外ですが、"
                   "%s に %s が入っています。期間外の年度の金額はすべて "
                   "%s にするか、事業計画期間を見直してください。",
                   year.data, period.data, nz.what.data, amount, zero);
        else
            report(c, GS_ERROR, "E211", nz.pos, SHEET_1_1, nz.row.data, y->fy,
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
}
