/*
 * bind.h - the plan as templates see it.
 *
 * The one place that knows both the plan model and the names templates use.
 * It adds what a sheet shows but the plan does not state: the five year
 * columns of (別紙1-1) with their ordinal (1年目…), the computed totals and
 * ratios from gs_totals, blank values for years outside the plan.  Names are
 * listed in templates/README.md.
 */
#ifndef GS_BIND_H
#define GS_BIND_H

#include "layout/value.h"
#include "model/plan.h"
#include "model/totals.h"

/* Returns a new data tree (free with gs_value_free). */
gs_value *gs_bind_plan(const gs_plan *p, const gs_totals *t);

/* One element of projects[] (the 活用状況 report): its number no (1-based,
 * in the report's order: what its <section> and the front table's page
 * reference name it by), name, summary and the results.* subtree of plan
 * p.  gs_bind_plan binds its own; the report builds the list from all its
 * plans. */
gs_value *gs_bind_project(const gs_plan *p, const gs_totals *t, int no);

/* The data tree of a made-up plan in which every list the plan can leave
 * empty has an element and every datum is present, so that the tree has
 * every name a template may use, each of its kind.  Templates are checked
 * against it when they load (layout/check.c): since it comes from
 * gs_bind_plan itself, it cannot drift from what real plans bind. */
gs_value *gs_bind_prototype(void);

#endif
