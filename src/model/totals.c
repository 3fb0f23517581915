/*
 * totals.c - derive (別紙1-1)'s computed figures from the plan model.
 */
#include "model/totals.h"

#include <string.h>

#include "util/num.h"

#define SHEET_1_1 "(別紙1-1) ソフト事業経費内訳"

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

static void overflow(gs_diags *d, gs_srcpos pos, const char *row, int fy)
{
    if (!d)
        return;
    gs_diag *g = gs_diags_add(d, GS_ERROR, "E212", pos,
                              "%s %d年度 %s: 合計が扱える桁数(15桁)を超えました",
                              SHEET_1_1, fy, row);
    gs_diag_set_where(g, SHEET_1_1, row, fy);
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
            t->overflow = true;
        if (!sum_part(&y->facility, &yt->facility, y->fy,
                      "交付対象事業における施設整備・事業設備・備品経費【③】", d))
            t->overflow = true;
        yt->eligible = yt->soft;
        if (!gs_amount_add(&yt->eligible, yt->facility)) {
            overflow(d, y->pos, "交付対象事業経費【①】", y->fy);
            t->overflow = true;
        }
        /* each row on its own: an overflow in one must not leave the
         * others short of this year (no short-circuit) */
        bool ok = gs_amount_add(&t->soft, yt->soft);
        ok &= gs_amount_add(&t->facility, yt->facility);
        ok &= gs_amount_add(&t->eligible, yt->eligible);
        if (!ok) {
            overflow(d, y->pos, "合計", y->fy);
            t->overflow = true;
        }
    }
}
