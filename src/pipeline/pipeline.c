/*
 * pipeline.c - runs the stages in order and stops at the first stage that
 * found an error; see pipeline.h.
 */
#include "pipeline/pipeline.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/audit.h"
#include "font/fontset.h"
#include "input/input.h"
#include "input/xml.h"
#include "layout/bind.h"
#include "layout/check.h"
#include "layout/layout.h"
#include "layout/linebreak.h"
#include "layout/template.h"
#include "model/totals.h"
#include "render/pdf.h"
#include "validate/validate.h"

#define MAX_SHEETS 32

struct gs_pipeline {
    char *output;         /* where the PDF will go; NULL: not a file */
    char *datadir;
    gs_fontset *fonts;
    gs_template *sheets[MAX_SHEETS];
    size_t nsheets;
    gs_breaker *br;
};

static bool has_templates(const char *dir)
{
    gs_buf p = GS_BUF_INIT;
    gs_buf_printf(&p, "%s/templates/document.txt", dir);
    bool ok = access(p.data, R_OK) == 0;
    gs_buf_free(&p);
    return ok;
}

char *gs_pipeline_find_datadir(void)
{
    const char *env = getenv("GRANTSHEET_DATADIR");
    if (env && *env)
        return has_templates(env) ? gs_xstrdup(env) : NULL;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        /* installed: PREFIX/bin -> PREFIX/share/grantsheet; built in the
         * source tree: build/ -> the tree itself */
        const char *rel[] = {"/../share/grantsheet", "/..", ""};
        for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
            gs_buf p = GS_BUF_INIT;
            gs_buf_printf(&p, "%s%s", exe, rel[i]);
            if (has_templates(p.data)) {
                char *real = realpath(p.data, NULL);
                gs_buf_free(&p);
                if (real)
                    return real;
                continue;
            }
            gs_buf_free(&p);
        }
    }
#ifdef GS_DATADIR
    if (has_templates(GS_DATADIR))
        return gs_xstrdup(GS_DATADIR);
#endif
    return NULL;
}

static bool add_sheet(gs_pipeline *pl, const char *name, gs_diags *d)
{
    gs_srcpos none = {NULL, 0, 0};
    if (pl->nsheets == MAX_SHEETS || strchr(name, '/')) {
        gs_diags_add(d, GS_ERROR, "E301", none, "テンプレート名 \"%s\" は使えません", name);
        return false;
    }
    gs_buf p = GS_BUF_INIT;
    gs_buf_printf(&p, "%s/templates/%s", pl->datadir, name);
    gs_template *t = gs_template_load(p.data, pl->fonts, d);
    gs_buf_free(&p);
    if (!t)
        return false;
    pl->sheets[pl->nsheets++] = t;
    return true;
}

/* Every template is checked in full once, here, against the prototype's
 * shape (layout/check.c): a mistake in any branch fails every run (exit 3)
 * rather than only the plans that take that branch. */
static bool check_sheets(gs_pipeline *pl, gs_diags *d)
{
    gs_value *proto = gs_bind_prototype();
    gs_value *shape = gs_check_shape(proto);
    bool ok = true;
    for (size_t i = 0; i < pl->nsheets; i++)
        ok &= gs_check_template(pl->sheets[i], shape, d);
    gs_value_free(shape);
    gs_value_free(proto);
    return ok;
}

gs_pipeline *gs_pipeline_new(const char *datadir, const char *sheet,
                             gs_diags *d)
{
    gs_pipeline *pl = gs_xcalloc(1, sizeof *pl);
    pl->datadir = gs_xstrdup(datadir);
    gs_buf fontdir = GS_BUF_INIT;
    gs_buf_printf(&fontdir, "%s/fonts", datadir);
    pl->fonts = gs_fontset_new(fontdir.data);
    gs_buf_free(&fontdir);
    pl->br = gs_breaker_new();
    gs_srcpos none = {NULL, 0, 0};
    if (!pl->br) {
        gs_diags_add(d, GS_ERROR, "E301", none, "ICU の行分割を初期化できません");
        goto fail;
    }
    if (sheet) {
        if (!add_sheet(pl, sheet, d) || !check_sheets(pl, d))
            goto fail;
        return pl;
    }
    gs_buf list = GS_BUF_INIT;
    gs_buf_printf(&list, "%s/templates/document.txt", datadir);
    FILE *f = fopen(list.data, "r");
    gs_srcpos lpos = {NULL, 0, 0};
    bool ok = f != NULL;
    if (f) {
        char line[256];
        while (fgets(line, sizeof line, f)) {
            line[strcspn(line, "\r\n")] = '\0';
            if (line[0] == '\0' || line[0] == '#')
                continue;
            ok &= add_sheet(pl, line, d);
        }
        fclose(f);
    } else {
        gs_diags_add(d, GS_ERROR, "E301", lpos, "%s を読めません", list.data);
    }
    gs_buf_free(&list);
    if (!ok || pl->nsheets == 0 || !check_sheets(pl, d))
        goto fail;
    return pl;
fail:
    gs_pipeline_free(pl);
    return NULL;
}

void gs_pipeline_set_output(gs_pipeline *pl, const char *path)
{
    free(pl->output);
    pl->output = path ? gs_xstrdup(path) : NULL;
}

void gs_pipeline_free(gs_pipeline *pl)
{
    if (!pl)
        return;
    free(pl->output);
    for (size_t i = 0; i < pl->nsheets; i++)
        gs_template_free(pl->sheets[i]);
    gs_breaker_free(pl->br);
    gs_fontset_free(pl->fonts);
    free(pl->datadir);
    free(pl);
}

/* What one run holds: the doc borrows file names from the plan. */
typedef struct run {
    gs_plan *plan;
    gs_value *data;
    gs_doc *doc;
} run;

static void run_free(run *r)
{
    gs_doc_free(r->doc);
    gs_value_free(r->data);
    gs_plan_free(r->plan);
}

static bool same_file(const char *a, const struct stat *sb)
{
    struct stat sa;
    return stat(a, &sa) == 0 && sa.st_dev == sb->st_dev && sa.st_ino == sb->st_ino;
}

/* True (with E405) when the output would replace one of the plan's own
 * input files: `render plan.xml -o plan.xml` must not destroy the plan. */
static bool refuse_overwrite(const gs_plan *plan, const char *output,
                             gs_diags *d)
{
    struct stat so;
    if (stat(output, &so) != 0)
        return false; /* a new file cannot be an input */
    const char *hit = same_file(plan->file, &so) ? plan->file : NULL;
    for (size_t i = 0; !hit && i < plan->nfiles; i++)
        if (same_file(plan->files[i], &so))
            hit = plan->files[i];
    if (!hit)
        return false;
    gs_srcpos none = {NULL, 0, 0};
    gs_diags_add(d, GS_ERROR, "E405", none,
                 "出力先 %s は入力ファイル %s そのものです。上書きせずに中止しました",
                 output, hit);
    return true;
}

/* input -> totals -> validate -> bind -> layout -> glyph check; the doc in
 * r->doc when 0 is returned. */
static int lay_out(gs_pipeline *pl, const char *plan_path, run *r, gs_diags *d)
{
    r->plan = gs_input_load_plan(plan_path, d);
    if (!r->plan)
        return 1;
    gs_plan *plan = r->plan;
    if (pl->output && refuse_overwrite(plan, pl->output, d))
        return 1;
    gs_totals totals;
    gs_totals_compute(plan, &totals, d);
    gs_validate(plan, &totals, d);
    if (gs_diags_has_errors(d))
        return 1;
    r->data = gs_bind_plan(plan, &totals);
    r->doc = gs_layout_run(pl->sheets, pl->nsheets, r->data, pl->br, d);
    if (!r->doc)
        return 3;
    if (pl->nsheets > 1 && plan->project_name) {
        /* the whole 実施計画 is named after its project, not its first sheet */
        gs_buf title = GS_BUF_INIT;
        gs_buf_printf(&title, "%s 実施計画", plan->project_name);
        free(r->doc->title);
        r->doc->title = gs_buf_detach(&title);
    }
    if (gs_pdf_check_glyphs(r->doc, d) > 0)
        return 1;
    return 0;
}

int gs_pipeline_run(gs_pipeline *pl, const char *plan_path, gs_buf *pdf,
                    gs_diags *d)
{
    run r = {NULL, NULL, NULL};
    int rc = lay_out(pl, plan_path, &r, d);
    if (rc == 0 && pdf &&
        gs_pdf_render(r.doc, "grantsheet " GS_VERSION, pdf, d) != 0)
        rc = 3;
    run_free(&r);
    return rc;
}

int gs_pipeline_dump(gs_pipeline *pl, const char *plan_path, gs_buf *tsv,
                     gs_diags *d)
{
    run r = {NULL, NULL, NULL};
    int rc = lay_out(pl, plan_path, &r, d);
    if (rc == 0)
        gs_audit_tsv(r.doc, tsv);
    run_free(&r);
    return rc;
}
