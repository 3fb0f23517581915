/*
 * regional.c - the 地域再生計画 against the 実施計画 (FORMS.md "The
 * documents around the 実施計画").
 *
 * The 地域再生計画 repeats the 実施計画's KPI table, total cost, period and
 * applicant.  grantsheet prints them from the 実施計画's data, so the two
 * documents it renders cannot disagree; but planners keep the 地域再生計画
 * in Word too, and when a plan types that document's own figures
 * (<regional-plan>: author, targets, cost, project-period) they are
 * compared here with the 実施計画's, so a drift is found before either is
 * submitted:
 *
 *   E240  ⑦ 総事業費 = Σ① of (別紙1-1) (事業概要's 期間中の総事業費)
 *   E241  【数値目標】 = 7. KPI: the same KPIs, names, units, 事業開始前,
 *         増加分 of each year, and the 累計 of the plan's years
 *   E242  ⑧ 事業実施期間 = the 実施期間
 *   E243  ２ 作成主体 = the applicant (都道府県, 郡, 市区町村) or, for 広域,
 *         every body in 地方公共団体コード order
 *
 * Each message names both places: the diagnostic points at the figure
 * typed for the 地域再生計画, and the message gives the file and line of
 * the 実施計画's.
 */
#include "validate/rules.h"

#include <stdlib.h>
#include <string.h>

#include "model/sheets.h"
#include "util/fy.h"
#include "util/num.h"

#define ROW_AUTHOR "２ 作成主体の名称"
#define ROW_TARGETS "４－２ 【数値目標】"
#define ROW_COST "５－２ ⑦ 総事業費"
#define ROW_PERIOD "５－２ ⑧ 事業実施期間"

/* "samples/nagaoka.xml:57": where the 実施計画's figure stands. */
static void put_place(gs_buf *b, gs_srcpos pos)
{
    gs_buf_printf(b, "%s:%d", pos.file ? pos.file : "?", pos.line);
}

/* The first position that has a line. */
static gs_srcpos first_known(gs_srcpos a, gs_srcpos b, gs_srcpos c)
{
    return a.line ? a : b.line ? b : c;
}

/* ---- E240: ⑦ 総事業費 = Σ① -------------------------------------------------- */

static void check_cost(gs_validate_ctx *c)
{
    const gs_plan *p = c->p;
    const gs_stated *st = &p->regional.total_cost;
    if (!st->has || c->t->form_overflow || st->v == c->t->eligible)
        return;
    /* the 実施計画 states it on 事業概要, or in (別紙1-1)'s 合計 column; the
     * first year block is where the sum starts otherwise */
    gs_srcpos there = first_known(p->overview.total_cost.pos, p->totals.pos,
                                  p->nyears ? p->years[0].pos : p->pos);
    gs_buf at = GS_BUF_INIT;
    put_place(&at, there);
    char *s = gs_validate_kyen(st->v), *k = gs_validate_kyen(c->t->eligible);
    gs_validate_report(c, GS_ERROR, "E240", st->pos, GS_DOC_REGIONAL, ROW_COST,
                       0, s, k,
                       GS_DOC_REGIONAL " " ROW_COST " %s が 実施計画 の期間中の"
                       "総事業費(" GS_SHEET_1_1_SHORT " の交付対象事業経費【①】の"
                       "合計) %s と一致しません (実施計画: %s)。地域再生計画の"
                       "総事業費を %s に直すか、" GS_SHEET_1_1_SHORT
                       " の金額を見直してください。",
                       s, k, at.data, k);
    free(s);
    free(k);
    gs_buf_free(&at);
}

/* ---- E242: ⑧ 事業実施期間 = 実施期間 ------------------------------------------ */

static void put_date(gs_buf *b, gs_date d)
{
    gs_buf_printf(b, "%d年", d.year);
    gs_fmt_jdigit(b, d.month);
    gs_buf_puts(b, "月");
    gs_fmt_jdigit(b, d.day);
    gs_buf_puts(b, "日");
}

static void put_span(gs_buf *b, gs_date from, gs_date to)
{
    put_date(b, from);
    gs_buf_puts(b, "から");
    put_date(b, to);
    gs_buf_puts(b, "まで");
}

static bool same_date(gs_date a, gs_date b)
{
    return a.year == b.year && a.month == b.month && a.day == b.day;
}

static void check_period(gs_validate_ctx *c)
{
    const gs_plan *p = c->p;
    const gs_regional *r = &p->regional;
    gs_date from = {p->fy_first, 4, 1}, to = {p->fy_last + 1, 3, 31};
    if (!r->has_period || (same_date(r->period_from, from) &&
                           same_date(r->period_to, to)))
        return;
    gs_buf s = GS_BUF_INIT, k = GS_BUF_INIT, dates = GS_BUF_INIT,
           at = GS_BUF_INIT;
    put_span(&s, r->period_from, r->period_to);
    put_span(&k, from, to);
    gs_fmt_period_dates(&dates, p->fy_first, p->fy_last);
    put_place(&at, p->period_pos);
    gs_validate_report(c, GS_ERROR, "E242", r->period_pos, GS_DOC_REGIONAL,
                       ROW_PERIOD, 0, s.data, k.data,
                       GS_DOC_REGIONAL " " ROW_PERIOD " %s が 実施計画 の"
                       "実施期間 %s(%s)と一致しません (実施計画: %s)。"
                       "事業実施期間を %s に直すか、実施期間を見直してください。",
                       s.data, dates.data, k.data, at.data, k.data);
    gs_buf_free(&s);
    gs_buf_free(&k);
    gs_buf_free(&dates);
    gs_buf_free(&at);
}

/* ---- E241: 【数値目標】 = 7. KPI --------------------------------------------- */

/* One figure of a 【数値目標】 row against 7. KPI's; what names the column
 * ("事業開始前（現時点）", "2026年度増加分（２年目）"), there is where 7.
 * has it. */
static void check_figure(gs_validate_ctx *c, const gs_kpi *t,
                         const gs_stated *stated, bool has, int64_t want,
                         const char *what, int fy, gs_srcpos there)
{
    if (!stated->has || (has && stated->v == want))
        return;
    gs_buf row = GS_BUF_INIT, at = GS_BUF_INIT;
    gs_buf_puts(&row, ROW_TARGETS " ");
    gs_validate_put_kpi_row(&row, t->no);
    put_place(&at, there);
    char *s = gs_validate_fixed2(stated->v);
    char *k = has ? gs_validate_fixed2(want) : gs_xstrdup("(空欄)");
    gs_validate_report(c, GS_ERROR, "E241", stated->pos, GS_DOC_REGIONAL,
                       row.data, fy, s, k,
                       GS_DOC_REGIONAL " %s の%s %s が " GS_SHEET_KPI_SHORT
                       " の同じ欄の %s と一致しません (実施計画: %s)。"
                       "【数値目標】を %s に直すか、" GS_SHEET_KPI_SHORT
                       " を見直してください。",
                       row.data, what, s, k, at.data, k);
    free(s);
    free(k);
    gs_buf_free(&row);
    gs_buf_free(&at);
}

/* A name or unit typed in a 【数値目標】 row that is not 7. KPI's. */
static void check_label(gs_validate_ctx *c, const gs_kpi *t, const char *what,
                        const char *stated, const char *want, gs_srcpos pos,
                        gs_srcpos there)
{
    if (!stated || gs_validate_same_text(stated, want))
        return;
    gs_buf row = GS_BUF_INIT, at = GS_BUF_INIT;
    gs_buf_puts(&row, ROW_TARGETS " ");
    gs_validate_put_kpi_row(&row, t->no);
    put_place(&at, there);
    gs_validate_report(c, GS_ERROR, "E241", pos, GS_DOC_REGIONAL, row.data, 0,
                       stated, want ? want : "",
                       GS_DOC_REGIONAL " %s の%s「%s」が " GS_SHEET_KPI_SHORT
                       " の「%s」と一致しません (実施計画: %s)。どちらかに"
                       "そろえてください。",
                       row.data, what, stated, want ? want : "", at.data);
    gs_buf_free(&row);
    gs_buf_free(&at);
}

static void check_target_row(gs_validate_ctx *c, const gs_kpi *t,
                             const gs_kpi *k, size_t ki)
{
    const gs_plan *p = c->p;
    check_label(c, t, "KPI の名称", t->name, k->name,
                t->name_pos.line ? t->name_pos : t->pos, k->name_pos);
    check_label(c, t, "単位", t->unit, k->unit, t->pos, k->pos);
    check_figure(c, t, &t->baseline, k->baseline.has, k->baseline.v,
                 "事業開始前（現時点）", 0,
                 first_known(k->baseline.pos, k->pos, k->pos));
    for (int col = 0; col < GS_KPI_YEARS; col++) {
        gs_buf what = GS_BUF_INIT;
        gs_buf_printf(&what, "%d年度増加分（", p->fy_first + col);
        gs_fmt_jdigit(&what, col + 1);
        gs_buf_puts(&what, "年目）");
        check_figure(c, t, &t->inc[col], k->inc[col].has, k->inc[col].v,
                     what.data, p->fy_first + col,
                     first_known(k->inc[col].pos, k->pos, k->pos));
        gs_buf_free(&what);
    }
    /* the 累計 of the columns the document has: the plan's years */
    if (ki < GS_MAX_KPIS && !c->t->kpi_overflow[ki])
        check_figure(c, t, &t->total, true, c->t->kpi_plan_total[ki],
                     "ＫＰＩ増加分の累計", 0,
                     first_known(k->total.pos, k->pos, k->pos));
}

static void check_targets(gs_validate_ctx *c)
{
    const gs_plan *p = c->p;
    const gs_regional *r = &p->regional;
    if (!r->has_targets)
        return;
    for (size_t i = 0; i < r->ntargets; i++) {
        const gs_kpi *t = &r->targets[i];
        const gs_kpi *k = gs_plan_lookup_kpi(p, t->no);
        if (k) {
            check_target_row(c, t, k, (size_t)(k - p->kpis));
            continue;
        }
        gs_buf no = GS_BUF_INIT, row = GS_BUF_INIT;
        gs_validate_put_kpi_row(&no, t->no);
        gs_buf_printf(&row, ROW_TARGETS " %s", no.data);
        gs_validate_report(c, GS_ERROR, "E241", t->pos, GS_DOC_REGIONAL,
                           row.data, 0, no.data, NULL,
                           GS_DOC_REGIONAL " " ROW_TARGETS " に %s がありますが、"
                           GS_SHEET_KPI_SHORT " にはありません。行を削るか、"
                           GS_SHEET_KPI_SHORT " に加えてください。",
                           no.data);
        gs_buf_free(&no);
        gs_buf_free(&row);
    }
    /* a KPI of the 実施計画 the document leaves out */
    for (size_t i = 0; i < p->nkpis; i++) {
        const gs_kpi *k = &p->kpis[i];
        if (gs_kpi_find(r->targets, r->ntargets, k->no))
            continue;
        gs_buf no = GS_BUF_INIT, row = GS_BUF_INIT, at = GS_BUF_INIT;
        gs_validate_put_kpi_row(&no, k->no);
        gs_buf_printf(&row, ROW_TARGETS " %s", no.data);
        put_place(&at, k->pos);
        gs_validate_report(c, GS_ERROR, "E241", r->targets_pos, GS_DOC_REGIONAL,
                           row.data, 0, NULL, no.data,
                           GS_DOC_REGIONAL " " ROW_TARGETS " に " GS_SHEET_KPI_SHORT
                           " の %s %s がありません (実施計画: %s)。"
                           "【数値目標】にすべての KPI を載せてください。",
                           no.data, k->name ? k->name : "", at.data);
        gs_buf_free(&no);
        gs_buf_free(&row);
        gs_buf_free(&at);
    }
}

/* ---- E243: ２ 作成主体 --------------------------------------------------------- */

/* The names of a 作成主体 list: parts between 、，, and line breaks, each
 * without its blanks (新潟県 長岡市 is 新潟県長岡市).  Empty parts are
 * dropped. */
static size_t split_names(const char *s, char ***out)
{
    size_t n = 0, cap = 0;
    char **v = NULL;
    gs_buf cur = GS_BUF_INIT;
    for (const char *q = s;; ) {
        size_t sep = !*q ? 1 : *q == '\n' || *q == ',' ? 1
                   : strncmp(q, "、", 3) == 0 || strncmp(q, "，", 3) == 0 ? 3 : 0;
        if (sep) {
            if (cur.len) {
                GS_GROW(v, cap, n + 1);
                v[n++] = gs_buf_detach(&cur);
            }
            gs_buf_clear(&cur);
            if (!*q)
                break;
            q += sep;
        } else if (*q == ' ' || *q == '\t' || *q == '\r') {
            q++;
        } else if (strncmp(q, "\u3000", 3) == 0) {
            q += 3;
        } else {
            gs_buf_putc(&cur, *q++);
        }
    }
    gs_buf_free(&cur);
    *out = v;
    return n;
}

static void free_names(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* True when a and b hold the same names in some order. */
static bool same_names(char **a, size_t na, char **b, size_t nb)
{
    if (na != nb)
        return false;
    qsort(a, na, sizeof *a, cmp_names);
    qsort(b, nb, sizeof *b, cmp_names);
    for (size_t i = 0; i < na; i++)
        if (strcmp(a[i], b[i]) != 0)
            return false;
    return true;
}

static void check_author(gs_validate_ctx *c)
{
    const gs_plan *p = c->p;
    const gs_regional *r = &p->regional;
    const char *stated = r->text[GS_RT_AUTHOR];
    if (!stated)
        return;
    gs_buf want = GS_BUF_INIT;
    gs_plan_author(p, &want);
    char **sv, **wv;
    size_t ns = split_names(stated, &sv), nw = split_names(want.data ? want.data : "", &wv);
    bool in_order = ns == nw;
    for (size_t i = 0; in_order && i < ns; i++)
        in_order = strcmp(sv[i], wv[i]) == 0;
    if (!in_order) {
        bool joint = p->wide_area && p->nbodies > 0;
        gs_buf at = GS_BUF_INIT, how = GS_BUF_INIT;
        put_place(&at, joint ? p->bodies[0].pos
                             : first_known(p->at.prefecture, p->pos, p->pos));
        if (same_names(sv, ns, wv, nw))
            gs_buf_puts(&how, "同じ団体ですが、広域の作成主体は地方公共団体コード"
                              "の順に書きます。");
        else if (joint)
            gs_buf_puts(&how, "広域の作成主体は、2. の参加団体すべてを地方公共団体"
                              "コードの順に書きます。");
        else if (p->county)
            gs_buf_puts(&how, "町村の作成主体は、都道府県名・郡名・町村名を続けて"
                              "書きます。");
        else
            gs_buf_puts(&how, "作成主体は申請者(都道府県名・市区町村名)です。");
        char *one = gs_xstrdup(stated);
        for (char *q = one; *q; q++)
            if (*q == '\n')
                *q = ' ';
        gs_validate_report(c, GS_ERROR, "E243", r->text_pos[GS_RT_AUTHOR],
                           GS_DOC_REGIONAL, ROW_AUTHOR, 0, one, want.data,
                           GS_DOC_REGIONAL " " ROW_AUTHOR "「%s」が 実施計画 の%s"
                           "から決まる「%s」と一致しません (実施計画: %s)。%s",
                           one, joint ? "参加団体" : "申請者", want.data, at.data,
                           how.data);
        free(one);
        gs_buf_free(&at);
        gs_buf_free(&how);
    }
    free_names(sv, ns);
    free_names(wv, nw);
    gs_buf_free(&want);
}

void gs_validate_regional(gs_validate_ctx *c)
{
    check_author(c);
    check_targets(c);
    check_cost(c);
    check_period(c);
}
