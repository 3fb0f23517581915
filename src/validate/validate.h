/*
 * validate.h - the arithmetic a reviewer checks by hand, checked before
 * anything is drawn.
 *
 * Implements the rules of FORMS.md ("What must add up") that concern the
 * sheets grantsheet renders, and those between its documents (the
 * 地域再生計画's figures, where a plan types them, against the 実施計画's:
 * E240-E243).  Every rule runs on every plan; each problem is
 * one diagnostic naming the sheet, row and fiscal year with the stated and
 * the computed figure, pointing at the input line.  Errors (E2xx) stop
 * rendering; warnings (W2xx) are reported and rendering goes on.
 */
#ifndef GS_VALIDATE_H
#define GS_VALIDATE_H

#include "model/plan.h"
#include "model/totals.h"
#include "util/diag.h"

/* Checks p against its computed totals t (from gs_totals_compute). */
void gs_validate(const gs_plan *p, const gs_totals *t, gs_diags *d);

/* FORMS.md rule 11 for real: the 国費 of all plans[0..n) of one
 * government (the same 都道府県 and 市区町村), per fiscal year — a plan's
 * stated 交付金額 where its 効果検証 gives one, else ½ of ① — against the
 * cap for that kind of government.  Each year over it is one E254 naming
 * every plan that contributes, at the first plan's period.  totals[i] is
 * plans[i]'s.  over, when not NULL, is n buffers: over[i] gets each fiscal
 * year over the cap that plans[i] contributes to ("2025", ";2026" after the
 * first), for a caller that lists the plans (batch's manifest). */
void gs_validate_national_cap(const gs_plan *const *plans,
                              const gs_totals *const *totals, size_t n,
                              gs_buf *over, gs_diags *d);

/* One plan's part in that check, all it needs and nothing else: who the
 * government is, the plan's names and place for the message, and its 国費
 * per fiscal year in half 千円.  Small and self-contained so that batch
 * keeps it in a plan's state record and checks the cap over skipped plans
 * without reading them again.  The strings are owned (free with
 * gs_validate_cap_share_free, which accepts NULL). */
typedef struct gs_cap_share {
    char *prefecture, *municipality; /* the government */
    char *project, *file;            /* named in the message */
    char *pos_file;                  /* where the E254 points: the period */
    int line, col;
    gs_gov_kind gov;
    int fy_first, fy_last;
    int64_t national2[GS_KPI_YEARS]; /* fy_first + i */
} gs_cap_share;

void gs_validate_cap_share(const gs_plan *p, const gs_totals *t, gs_cap_share *out);
void gs_validate_cap_share_free(gs_cap_share *s);

/* gs_validate_national_cap over shares[0..n) (it is that function's body:
 * one computation for report and batch). */
void gs_validate_national_cap_shares(const gs_cap_share *shares, size_t n,
                                     gs_buf *over, gs_diags *d);

#endif
