/*
 * plan.c - construction and destruction of the plan model.  The input stage
 * fills the struct directly; this file only knows how to free it and how to
 * look things up in it.
 */
#include "model/plan.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

gs_plan *gs_plan_new(const char *file)
{
    gs_plan *p = gs_xcalloc(1, sizeof *p);
    p->file = gs_xstrdup(file);
    p->pos.file = p->file;
    return p;
}

static void part_free(gs_part *part)
{
    for (size_t i = 0; i < part->nelems; i++) {
        gs_element *e = &part->elems[i];
        free(e->name);
        free(e->kpis);
        for (size_t j = 0; j < e->ndesc; j++)
            free(e->desc[j].text);
        free(e->desc);
    }
    free(part->elems);
}

const char *gs_plan_intern_file(gs_plan *p, const char *path)
{
    for (size_t i = 0; i < p->nfiles; i++)
        if (strcmp(p->files[i], path) == 0)
            return p->files[i];
    p->files = gs_xrealloc(p->files, (p->nfiles + 1) * sizeof *p->files);
    p->files[p->nfiles] = gs_xstrdup(path);
    return p->files[p->nfiles++];
}

void gs_plan_free(gs_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nfiles; i++)
        free(p->files[i]);
    free(p->files);
    for (size_t i = 0; i < p->nplaces; i++)
        free(p->places[i]);
    free(p->places);
    free(p->contact);
    free(p->phone);
    free(p->email);
    free(p->field);
    for (size_t i = 0; i < p->nbodies; i++) {
        free(p->bodies[i].prefecture);
        free(p->bodies[i].municipality);
        free(p->bodies[i].code);
    }
    free(p->bodies);
    gs_overview *o = &p->overview;
    free(o->first_round);
    free(o->purpose);
    free(o->breakdown);
    free(o->summary_note);
    free(o->participation);
    for (size_t i = 0; i < o->nkpis; i++) {
        free(o->kpis[i].name);
        free(o->kpis[i].unit);
    }
    free(p->background_future);
    free(p->background_issues);
    free(p->background_summary);
    free(p->theme);
    free(p->funding.effort);
    for (size_t i = 0; i < GS_FUND_SOURCES; i++) {
        free(p->funding.src[i].kind);
        free(p->funding.src[i].content);
    }
    for (size_t i = 0; i < GS_ACTORS; i++) {
        free(p->actors[i].name);
        free(p->actors[i].role);
    }
    free(p->verify_timing);
    free(p->verify_method);
    free(p->verify_members);
    free(p->verify_publish);
    free(p->strategy_now.text);
    free(p->strategy_next.text);
    free(p->regional_plan_name);
    free(p->regional_plan_area);
    free(p->regional_plan_from);
    for (size_t i = 0; i < p->nyears; i++) {
        gs_year *y = &p->years[i];
        free(y->positioning);
        for (size_t j = 0; j < y->nbudgets; j++)
            free(y->budgets[j].kind);
        part_free(&y->soft);
        part_free(&y->facility);
    }
    free(p->years);
    for (size_t i = 0; i < p->nkpis; i++) {
        free(p->kpis[i].name);
        free(p->kpis[i].unit);
        free(p->kpis[i].rationale);
    }
    free(p->kpis);
    free(p->prefecture);
    free(p->municipality);
    free(p->department);
    free(p->project_name);
    free(p->file);
    free(p);
}

const gs_year *gs_plan_lookup_year(const gs_plan *p, int fy)
{
    for (size_t i = 0; i < p->nyears; i++)
        if (p->years[i].fy == fy)
            return &p->years[i];
    return NULL;
}

const gs_kpi *gs_plan_lookup_kpi(const gs_plan *p, int no)
{
    for (size_t i = 0; i < p->nkpis; i++)
        if (p->kpis[i].no == no)
            return &p->kpis[i];
    return NULL;
}
