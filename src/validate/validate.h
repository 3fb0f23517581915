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

#endif
