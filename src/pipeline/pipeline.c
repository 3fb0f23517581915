/*
 * pipeline.c - runs the stages in order and stops at the first stage that
 * found an error; see pipeline.h.
 */
#include "pipeline/pipeline.h"

#include <glob.h>
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

#define MAX_SHEETS 64
#define MAX_DOCS 16
#define MAX_OUTPUTS MAX_DOCS

/* A document: a named list of sheets, from templates/doc-ID.txt. */
typedef struct document {
    char *name;           /* 実施計画, from the file's "name" line */
    char *id;             /* jisshi, from the file's name */
    size_t first, n;      /* its sheets: pl->sheets[first .. first + n) */
} document;

struct gs_pipeline {
    char *outputs[MAX_OUTPUTS]; /* where the PDFs will go (E405 check) */
    size_t noutputs;
    char *datadir;
    gs_fontset *fonts;
    gs_template *sheets[MAX_SHEETS];
    size_t nsheets;
    document docs[MAX_DOCS];   /* the default (実施計画) first */
    size_t ndocs;
    size_t current;            /* what gs_pipeline_run lays out */
    gs_breaker *br;
    gs_cap_share *share;       /* filled by each run of a plan that checks
                                  clean (gs_pipeline_set_cap_share) */
};

static const gs_srcpos nowhere = {NULL, 0, 0};

/* templates/doc-*.txt: the document lists (DOC_GLOB relative to a data
 * folder). */
#define DOC_GLOB "/templates/doc-*.txt"

static bool has_templates(const char *dir)
{
    gs_buf p = GS_BUF_INIT;
    gs_buf_printf(&p, "%s" DOC_GLOB, dir);
    glob_t g;
    bool ok = glob(p.data, 0, NULL, &g) == 0 && g.gl_pathc > 0;
    if (ok)
        globfree(&g);
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

static bool add_sheet(gs_pipeline *pl, const char *name, gs_srcpos at,
                      gs_diags *d)
{
    if (pl->nsheets == MAX_SHEETS || strchr(name, '/')) {
        gs_diags_add(d, GS_ERROR, "E301", at, "テンプレート名 \"%s\" は使えません", name);
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

static document *new_document(gs_pipeline *pl, const char *id)
{
    document *doc = &pl->docs[pl->ndocs++];
    doc->id = gs_xstrdup(id);
    doc->first = pl->nsheets;
    return doc;
}

/* One document list: a "name NAME" line, then one template file per line
 * ('#' comments and blank lines aside).  Problems point at the list's
 * file and line; file is kept by the caller for as long as d. */
static bool read_document(gs_pipeline *pl, const char *file, const char *id,
                          gs_diags *d)
{
    gs_srcpos at = {file, 0, 0};
    FILE *f = fopen(file, "r");
    if (!f) {
        gs_diags_add(d, GS_ERROR, "E301", at, "%s を読めません", file);
        return false;
    }
    document *doc = new_document(pl, id);
    bool ok = true;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        at.line++;
        line[strcspn(line, "\r\n")] = '\0';
        char *s = line + strspn(line, " \t");
        size_t k = strlen(s);
        while (k && (s[k - 1] == ' ' || s[k - 1] == '\t'))
            s[--k] = '\0';
        if (s[0] == '\0' || s[0] == '#')
            continue;
        if (!doc->name) {
            if (strncmp(s, "name ", 5) != 0 || !s[5 + strspn(s + 5, " \t")]) {
                gs_diags_add(d, GS_ERROR, "E301", at,
                             "文書の一覧は「name 文書の名前」の行で始めてください");
                ok = false;
                break;
            }
            doc->name = gs_xstrdup(s + 5 + strspn(s + 5, " \t"));
            continue;
        }
        ok &= add_sheet(pl, s, at, d);
    }
    fclose(f);
    doc->n = pl->nsheets - doc->first;
    if (ok && doc->n == 0) {
        gs_diags_add(d, GS_ERROR, "E301", at, "文書 %s にシートがありません",
                     doc->name ? doc->name : id);
        ok = false;
    }
    return ok;
}

/* Every templates/doc-ID.txt, in bytewise order of ID, then the default
 * document moved to the front.  Two documents with one name, or none
 * called GS_DOCUMENT_DEFAULT, are errors. */
static bool read_documents(gs_pipeline *pl, gs_diags *d)
{
    gs_buf pat = GS_BUF_INIT;
    gs_buf_printf(&pat, "%s" DOC_GLOB, pl->datadir);
    glob_t g;
    bool ok = glob(pat.data, 0, NULL, &g) == 0; /* sorted: LC_COLLATE is C */
    gs_buf_free(&pat);
    if (!ok) {
        gs_srcpos at = {NULL, 0, 0};
        gs_diags_add(d, GS_ERROR, "E301", at, "%s/templates に文書の一覧 "
                     "(doc-*.txt) がありません", pl->datadir);
        return false;
    }
    for (size_t i = 0; i < g.gl_pathc && ok; i++) {
        if (pl->ndocs == MAX_DOCS) {
            gs_diags_add(d, GS_ERROR, "E301", nowhere, "文書は %d までです",
                         MAX_DOCS);
            ok = false;
            break;
        }
        const char *base = strrchr(g.gl_pathv[i], '/') + 1;
        char *id = gs_xstrndup(base + 4, strlen(base) - 8); /* doc-ID.txt */
        /* diagnostics keep their own copy of the file name */
        ok &= read_document(pl, g.gl_pathv[i], id, d);
        free(id);
    }
    globfree(&g);
    size_t def = pl->ndocs;
    for (size_t i = 0; ok && i < pl->ndocs; i++) {
        for (size_t j = 0; j < i; j++)
            if (strcmp(pl->docs[i].name, pl->docs[j].name) == 0) {
                gs_diags_add(d, GS_ERROR, "E301", nowhere,
                             "文書の名前 %s が doc-%s.txt と doc-%s.txt の"
                             "両方にあります", pl->docs[i].name,
                             pl->docs[j].id, pl->docs[i].id);
                ok = false;
            }
        if (strcmp(pl->docs[i].name, GS_DOCUMENT_DEFAULT) == 0)
            def = i;
    }
    if (ok && def == pl->ndocs) {
        gs_diags_add(d, GS_ERROR, "E301", nowhere,
                     "文書 " GS_DOCUMENT_DEFAULT " の一覧がありません");
        ok = false;
    }
    if (ok && def > 0) {
        document first = pl->docs[def];
        memmove(&pl->docs[1], &pl->docs[0], def * sizeof *pl->docs);
        pl->docs[0] = first;
    }
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
    if (!pl->br) {
        gs_diags_add(d, GS_ERROR, "E301", nowhere, "ICU の行分割を初期化できません");
        goto fail;
    }
    if (sheet) {
        /* one sheet alone: a document of its own, named after the file */
        document *doc = new_document(pl, sheet);
        doc->name = gs_xstrdup(sheet);
        if (!add_sheet(pl, sheet, nowhere, d))
            goto fail;
        doc->n = 1;
    } else if (!read_documents(pl, d)) {
        goto fail;
    }
    if (!check_sheets(pl, d))
        goto fail;
    return pl;
fail:
    gs_pipeline_free(pl);
    return NULL;
}

size_t gs_pipeline_ndocuments(const gs_pipeline *pl)
{
    return pl->ndocs;
}

const char *gs_pipeline_document_name(const gs_pipeline *pl, size_t i)
{
    return i < pl->ndocs ? pl->docs[i].name : NULL;
}

long gs_pipeline_find_document(const gs_pipeline *pl, const char *name)
{
    for (size_t i = 0; i < pl->ndocs; i++)
        if (strcmp(pl->docs[i].name, name) == 0 || strcmp(pl->docs[i].id, name) == 0)
            return (long)i;
    return -1;
}

void gs_pipeline_set_document(gs_pipeline *pl, size_t i)
{
    if (i < pl->ndocs)
        pl->current = i;
}

void gs_pipeline_set_output(gs_pipeline *pl, const char *path)
{
    for (size_t i = 0; i < pl->noutputs; i++)
        free(pl->outputs[i]);
    pl->noutputs = 0;
    if (path)
        gs_pipeline_add_output(pl, path);
}

void gs_pipeline_add_output(gs_pipeline *pl, const char *path)
{
    if (pl->noutputs < MAX_OUTPUTS)
        pl->outputs[pl->noutputs++] = gs_xstrdup(path);
}

void gs_pipeline_free(gs_pipeline *pl)
{
    if (!pl)
        return;
    gs_pipeline_set_output(pl, NULL);
    for (size_t i = 0; i < pl->nsheets; i++)
        gs_template_free(pl->sheets[i]);
    for (size_t i = 0; i < pl->ndocs; i++) {
        free(pl->docs[i].name);
        free(pl->docs[i].id);
    }
    gs_breaker_free(pl->br);
    gs_fontset_free(pl->fonts);
    free(pl->datadir);
    free(pl);
}

/* What one run holds: the docs borrow file names from the plan. */
typedef struct run {
    gs_plan *plan;
    gs_value *data;
    gs_doc *docs[MAX_DOCS];   /* in the order asked for */
    size_t ndocs;
} run;

static void run_free(run *r)
{
    for (size_t i = 0; i < r->ndocs; i++)
        gs_doc_free(r->docs[i]);
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
    gs_diags_add(d, GS_ERROR, "E405", nowhere,
                 "出力先 %s は入力ファイル %s そのものです。上書きせずに中止しました",
                 output, hit);
    return true;
}

/* input -> totals -> validate -> bind, once for every document: the data
 * tree in r->data when 0 is returned. */
static int read_plan(gs_pipeline *pl, const char *plan_path, run *r,
                     gs_diags *d)
{
    r->plan = gs_input_load_plan(plan_path, d);
    if (!r->plan)
        return 1;
    gs_plan *plan = r->plan;
    bool refused = false;
    for (size_t i = 0; i < pl->noutputs; i++)
        refused |= refuse_overwrite(plan, pl->outputs[i], d);
    if (refused)
        return 1;
    gs_totals totals;
    gs_totals_compute(plan, &totals, d);
    gs_validate(plan, &totals, d);
    if (gs_diags_has_errors(d))
        return 1;
    if (pl->share) {
        gs_validate_cap_share_free(pl->share);
        gs_validate_cap_share(plan, &totals, pl->share);
    }
    r->data = gs_bind_plan(plan, &totals);
    return 0;
}

/* layout -> glyph check of document di; the doc appended to r->docs when
 * 0 is returned. */
static int lay_out(gs_pipeline *pl, size_t di, run *r, gs_diags *d)
{
    const document *doc = &pl->docs[di];
    gs_doc *out = gs_layout_run(pl->sheets + doc->first, doc->n, r->data,
                                pl->br, d);
    if (!out)
        return 3;
    r->docs[r->ndocs++] = out;
    const gs_plan *plan = r->plan;
    if (doc->n > 1 && plan->project_name) {
        /* a whole document is named after its project and what it is
         * ("… 実施計画"), not after its first sheet */
        gs_buf title = GS_BUF_INIT;
        gs_buf_printf(&title, "%s %s", plan->project_name, doc->name);
        free(out->title);
        out->title = gs_buf_detach(&title);
    }
    if (gs_pdf_check_glyphs(out, d) > 0)
        return 1;
    return 0;
}

/* The plan read and checked once, then each of docs[0..n) laid out: a
 * problem of the plan is reported once, whatever the number of
 * documents.  Stops at the first document that fails. */
static int lay_out_all(gs_pipeline *pl, const char *plan_path,
                       const size_t *docs, size_t n, run *r, gs_diags *d)
{
    if (n == 0 || n > MAX_DOCS)
        return 3;
    for (size_t i = 0; i < n; i++)
        if (docs[i] >= pl->ndocs)
            return 3;
    int rc = read_plan(pl, plan_path, r, d);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = lay_out(pl, docs[i], r, d);
    return rc;
}

int gs_pipeline_run_documents(gs_pipeline *pl, const char *plan_path,
                              const size_t *docs, size_t n, gs_buf *pdfs,
                              gs_diags *d)
{
    run r = {NULL, NULL, {NULL}, 0};
    int rc = lay_out_all(pl, plan_path, docs, n, &r, d);
    /* every PDF or none: the caller writes them only when all are made */
    for (size_t i = 0; rc == 0 && pdfs && i < n; i++)
        if (gs_pdf_render(r.docs[i], "grantsheet " GS_VERSION, &pdfs[i], d) != 0)
            rc = 3;
    run_free(&r);
    return rc;
}

int gs_pipeline_run(gs_pipeline *pl, const char *plan_path, gs_buf *pdf,
                    gs_diags *d)
{
    return gs_pipeline_run_documents(pl, plan_path, &pl->current, 1, pdf, d);
}

int gs_pipeline_dump_documents(gs_pipeline *pl, const char *plan_path,
                               const size_t *docs, size_t n, gs_buf *tsv,
                               gs_diags *d)
{
    run r = {NULL, NULL, {NULL}, 0};
    int rc = lay_out_all(pl, plan_path, docs, n, &r, d);
    if (rc == 0) {
        /* one canonical TSV over the documents: their sheets have their
         * own titles, so the keys stay apart */
        gs_doc *all = r.docs[0];
        for (size_t i = 1; i < r.ndocs; i++)
            for (size_t j = 0; j < r.docs[i]->nfigs; j++) {
                const gs_figure *f = &r.docs[i]->figs[j];
                gs_doc_add_figure(all, f->sheet, f->section, f->row, f->column,
                                  f->value);
            }
        gs_audit_tsv(all, tsv);
    }
    run_free(&r);
    return rc;
}

int gs_pipeline_dump(gs_pipeline *pl, const char *plan_path, gs_buf *tsv,
                     gs_diags *d)
{
    return gs_pipeline_dump_documents(pl, plan_path, &pl->current, 1, tsv, d);
}

/* ---- the 活用状況 report: several plans in one document ----------------- */

typedef struct report_plan {
    gs_plan *plan;
    gs_totals totals;
    size_t order; /* as given, for a stable sort */
} report_plan;

static int by_first_year(const void *a, const void *b)
{
    const report_plan *x = a, *y = b;
    if (x->plan->fy_first != y->plan->fy_first)
        return x->plan->fy_first < y->plan->fy_first ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

int gs_pipeline_report(gs_pipeline *pl, const char *const *plans, size_t n,
                       const gs_date *as_of, gs_buf *pdf, gs_diags *d)
{
    long di = gs_pipeline_find_document(pl, "活用状況");
    if (di < 0 || n == 0)
        return 3;
    int rc = 0;
    report_plan *rp = gs_xcalloc(n, sizeof *rp);
    const gs_plan **cp = gs_xcalloc(n, sizeof *cp);
    const gs_totals **ct = gs_xcalloc(n, sizeof *ct);
    run r = {NULL, NULL, {NULL}, 0};
    for (size_t i = 0; i < n; i++) {
        rp[i].order = i;
        rp[i].plan = gs_xml_load_plan(plans[i], d);
        if (!rp[i].plan) {
            rc = 1;
            continue;
        }
        for (size_t o = 0; o < pl->noutputs; o++)
            if (refuse_overwrite(rp[i].plan, pl->outputs[o], d))
                rc = 1;
        if (as_of)
            rp[i].plan->results.as_of = *as_of;
        gs_totals_compute(rp[i].plan, &rp[i].totals, d);
        gs_validate(rp[i].plan, &rp[i].totals, d);
    }
    if (rc != 0)
        goto done;
    qsort(rp, n, sizeof *rp, by_first_year);
    for (size_t i = 0; i < n; i++) {
        cp[i] = rp[i].plan;
        ct[i] = &rp[i].totals;
    }
    gs_validate_national_cap(cp, ct, n, NULL, d);
    if (gs_diags_has_errors(d)) {
        rc = 1;
        goto done;
    }
    r.data = gs_bind_plan(rp[0].plan, &rp[0].totals);
    gs_value *list = gs_map_set(r.data, "projects", gs_value_list(rp[0].plan->pos));
    for (size_t i = 0; i < n; i++)
        gs_list_push(list, gs_bind_project(rp[i].plan, &rp[i].totals, (int)i + 1));
    r.plan = rp[0].plan; /* lay_out titles the document after it */
    rc = lay_out(pl, (size_t)di, &r, d);
    r.plan = NULL;
    if (rc == 0 && gs_pdf_render(r.docs[0], "grantsheet " GS_VERSION, pdf, d) != 0)
        rc = 3;
done:
    run_free(&r);
    for (size_t i = 0; i < n; i++)
        gs_plan_free(rp[i].plan);
    free(rp);
    free(cp);
    free(ct);
    return rc;
}

void gs_pipeline_set_cap_share(gs_pipeline *pl, gs_cap_share *out)
{
    pl->share = out;
}

bool gs_pipeline_cap_share(const char *plan_path, gs_cap_share *out)
{
    gs_diags scratch = GS_DIAGS_INIT;
    gs_totals totals;
    gs_plan *p = gs_input_load_plan(plan_path, &scratch);
    if (p)
        gs_totals_compute(p, &totals, &scratch);
    bool ok = p && !gs_diags_has_errors(&scratch);
    if (ok)
        gs_validate_cap_share(p, &totals, out);
    gs_plan_free(p);
    gs_diags_free(&scratch);
    return ok;
}
