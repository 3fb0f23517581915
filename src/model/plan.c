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

static void kpis_free(gs_kpi *k, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(k[i].name);
        free(k[i].unit);
        free(k[i].rationale);
    }
    free(k);
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
        free(p->bodies[i].county);
        free(p->bodies[i].municipality);
        free(p->bodies[i].code);
    }
    free(p->bodies);
    gs_overview *o = &p->overview;
    free(o->first_round);
    free(o->purpose);
    free(o->breakdown);
    free(o->summary_note);
    for (size_t i = 0; i < o->npanel; i++) {
        free(o->panel[i].text);
        for (size_t j = 0; j < o->panel[i].nboxes; j++)
            free(o->panel[i].boxes[j]);
        free(o->panel[i].boxes);
    }
    free(o->panel);
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
    for (size_t i = 0; i < GS_RTEXTS; i++)
        free(p->regional.text[i]);
    free(p->regional.measure_code);
    kpis_free(p->regional.targets, p->regional.ntargets);
    free(p->results.department);
    for (int i = 0; i < GS_KPI_YEARS; i++)
        free(p->results.years[i].outcome);
    for (size_t i = 0; i < p->results.nkpis; i++)
        for (int c = 0; c < GS_KPI_YEARS; c++)
            free(p->results.kpis[i].actual[c].note);
    free(p->results.kpis);
    for (size_t i = 0; i < p->nyears; i++) {
        gs_year *y = &p->years[i];
        free(y->positioning);
        for (size_t j = 0; j < y->nbudgets; j++)
            free(y->budgets[j].kind);
        part_free(&y->soft);
        part_free(&y->facility);
    }
    free(p->years);
    kpis_free(p->kpis, p->nkpis);
    free(p->prefecture);
    free(p->county);
    free(p->municipality);
    free(p->department);
    free(p->project_name);
    free(p->file);
    free(p);
}

static void put_body_name(gs_buf *b, const char *pref, const char *county,
                          const char *muni)
{
    gs_buf_puts(b, pref ? pref : "");
    if (muni) {
        gs_buf_puts(b, county ? county : "");
        gs_buf_puts(b, muni);
    }
}

void gs_plan_author(const gs_plan *p, gs_buf *b)
{
    if (!p->wide_area || p->nbodies == 0) {
        put_body_name(b, p->prefecture, p->county, p->municipality);
        return;
    }
    /* the bodies by code, equal codes (refused elsewhere) in input order */
    size_t *ord = gs_xcalloc(p->nbodies, sizeof *ord);
    for (size_t i = 0; i < p->nbodies; i++) {
        size_t j = i;
        while (j > 0 && strcmp(p->bodies[ord[j - 1]].code, p->bodies[i].code) > 0) {
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = i;
    }
    for (size_t i = 0; i < p->nbodies; i++) {
        const gs_body *bd = &p->bodies[ord[i]];
        if (i)
            gs_buf_puts(b, "、");
        put_body_name(b, bd->prefecture, bd->county, bd->municipality);
    }
    free(ord);
}

const gs_year *gs_plan_lookup_year(const gs_plan *p, int fy)
{
    for (size_t i = 0; i < p->nyears; i++)
        if (p->years[i].fy == fy)
            return &p->years[i];
    return NULL;
}

const gs_kpi *gs_kpi_find(const gs_kpi *kpis, size_t n, int no)
{
    for (size_t i = 0; i < n; i++)
        if (kpis[i].no == no)
            return &kpis[i];
    return NULL;
}

const gs_kpi *gs_plan_lookup_kpi(const gs_plan *p, int no)
{
    return gs_kpi_find(p->kpis, p->nkpis, no);
}
