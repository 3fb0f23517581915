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

#endif
