/*
 * test_check.c - templates checked in full when they load: every path,
 * format, element and attribute, in every branch, against the shape of
 * the prototype plan (src/layout/check.c).
 *
 * The shipped templates must pass; a mistake inside a branch no plan takes
 * (an <if> on a false datum, a <for> over a list that is empty in the
 * sample) must fail with the template's line; and the prototype must hold
 * every name that a real plan binds, so the check cannot refuse a name a
 * plan has.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layout/bind.h"
#include "layout/check.h"
#include "nagaoka_plan.h"

typedef struct fixture {
    gs_fontset *fonts;
    gs_value *proto, *shape;
    char dir[64];
    char datadir[512];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    const char *data = getenv("GRANTSHEET_DATADIR");
    snprintf(f->datadir, sizeof f->datadir, "%s", data ? data : ".");
    char fontdir[600];
    snprintf(fontdir, sizeof fontdir, "%s/fonts", f->datadir);
    f->fonts = gs_fontset_new(fontdir);
    f->proto = gs_bind_prototype();
    f->shape = gs_check_shape(f->proto);
    strcpy(f->dir, "/tmp/gs-check-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    gs_value_free(f->shape);
    gs_value_free(f->proto);
    gs_fontset_free(f->fonts);
    free(f);
    return 0;
}

/* Loads a template with the given body (and footer) and checks it. */
static bool check(fixture *f, const char *footer, const char *body, gs_diags *d)
{
    char path[128];
    snprintf(path, sizeof path, "%s/t.xml", f->dir);
    FILE *fp = fopen(path, "w");
    fprintf(fp,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<template xmlns=\"urn:x-grantsheet:template:1\" version=\"1\" title=\"試験\">\n"
            "<page size=\"A4\" orientation=\"portrait\" margin=\"10 10 10 10\"/>\n"
            "<font id=\"g\" file=\"ipaexg.ttf\"/>\n"
            "%s\n<body>\n%s\n</body>\n</template>\n",
            footer, body);
    fclose(fp);
    gs_template *t = gs_template_load(path, f->fonts, d);
    assert_non_null(t);
    bool ok = gs_check_template(t, f->shape, d);
    gs_template_free(t);
    return ok;
}

static void expect_error(fixture *f, const char *body, const char *code,
                         int line, const char *needle)
{
    gs_diags d = GS_DIAGS_INIT;
    assert_false(check(f, "", body, &d));
    assert_true(d.n >= 1);
    assert_string_equal(d.v[0].code, code);
    assert_int_equal(d.v[0].line, line);
    if (needle && !strstr(d.v[0].message, needle))
        fail_msg("\"%s\" not in \"%s\"", needle, d.v[0].message);
    gs_diags_free(&d);
}

/* Every template that ships passes. */
static void test_shipped_templates_pass(void **state)
{
    fixture *f = *state;
    char dir[600];
    snprintf(dir, sizeof dir, "%s/templates", f->datadir);
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    int n = 0;
    for (struct dirent *e; (e = readdir(dp));) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".xml") != 0)
            continue;
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        gs_diags d = GS_DIAGS_INIT;
        gs_template *t = gs_template_load(path, f->fonts, &d);
        assert_non_null(t);
        if (!gs_check_template(t, f->shape, &d))
            fail_msg("%s:%d: %s", path, d.v[0].line, d.v[0].message);
        gs_template_free(t);
        gs_diags_free(&d);
        n++;
    }
    closedir(dp);
    assert_true(n >= 14);
}

/* A sound template with every kind of construct passes. */
static void test_sound_template_passes(void **state)
{
    fixture *f = *state;
    gs_diags d = GS_DIAGS_INIT;
    assert_true(check(f, "<footer>{page} / {pages}</footer>",
                      "<para>{plan.project_name}</para>\n"
                      "<if test=\"!plan.wide_area\"><space height=\"3\"/></if>\n"
                      "<table widths=\"* 30\" header-rows=\"1\"><row><cell>a</cell><cell>b</cell></row>\n"
                      "<for each=\"y\" in=\"years\"><for each=\"e\" in=\"y.facility.elements\">"
                      "<row><cell>{e.name}{{x}}</cell><cell>{e.amount|kyen}{e.kpis|circled}</cell></row>"
                      "</for></for>\n"
                      "<row><cell>{years[3].ratio|pct1}</cell><cell>{kpi_rows[5].total|delta}"
                      "<boxes cols=\"2\"><for each=\"x\" in=\"overview.panel\"><box>{x.text}</box>"
                      "<for each=\"b\" in=\"x.boxes\"><box>{b}</box></for></for></boxes></cell></row>"
                      "</table><pagebreak/>\n"
                      "<table widths=\"30 *{plan_years} 12{kpis}\"><row><cell>{regional.title}</cell>"
                      "<for each=\"c\" in=\"plan_years\"><cell>{c.ordinal|jdigit}</cell></for>"
                      "</row></table>",
                      &d));
    assert_int_equal(d.n, 0);
    gs_diags_free(&d);
}

/* The mistake the issue names: inside an <if> that the sample never takes
 * and a <for> over a list that is empty in it. */
static void test_mistakes_in_untaken_branches(void **state)
{
    fixture *f = *state;
    expect_error(f, "<if test=\"plan.wide_area\">\n<para>{plan.projct_name}</para></if>",
                 "E302", 8, "plan.projct_name");
    expect_error(f, "<para><if test=\"plan.wide_area\">{plan.project_name|kyenn}</if></para>",
                 "E303", 7, "kyenn");
    expect_error(f, "<table widths=\"*\"><for each=\"y\" in=\"years\">\n"
                    "<for each=\"e\" in=\"y.facility.elements\"><row>\n"
                    "<cell>{e.nmae}</cell></row></for></for></table>",
                 "E302", 9, "e.nmae");
    expect_error(f, "<if test=\"plan.wdie_area\"/>", "E302", 7, "plan.wdie_area");
}

static void test_kinds_and_structure(void **state)
{
    fixture *f = *state;
    /* a text shown as an amount, a number looped over */
    expect_error(f, "<para>{plan.project_name|kyen}</para>", "E303", 7, "plan.project_name");
    expect_error(f, "<para><for each=\"x\" in=\"plan.fy_first\">{x.y}</for></para>",
                 "E303", 7, "リスト");
    /* elements out of place, attributes missing or wrong */
    expect_error(f, "<table widths=\"*\"><cell/></table>", "E301", 7, "<cell>");
    expect_error(f, "<para><row/></para>", "E301", 7, "<row>");
    expect_error(f, "<para><box>x</box></para>", "E301", 7, "<box>");
    expect_error(f, "<para><boxes><br/></boxes></para>", "E301", 7, "<br>");
    expect_error(f, "<table><row/></table>", "E301", 7, "widths");
    expect_error(f, "<para><for in=\"years\"/></para>", "E301", 7, "each");
    expect_error(f, "<para align=\"middle\">x</para>", "E301", 7, "align");
    /* a column per list element needs a list, spelt right */
    expect_error(f, "<table widths=\"* *{plan.fy_first}\"><row/></table>", "E303", 7,
                 "plan.fy_first");
    expect_error(f, "<table widths=\"* *{plan_yeers}\"><row/></table>", "E302", 7,
                 "plan_yeers");
    expect_error(f, "<table widths=\"* *{plan_years\"><row/></table>", "E301", 7,
                 "widths");
    expect_error(f, "<table widths=\"* 3x\"><row/></table>", "E301", 7, "3x");
    expect_error(f, "<para>{plan.project_name|jdigit}</para>", "E303", 7,
                 "plan.project_name");
    /* page numbers exist only in the footer */
    expect_error(f, "<para>{page}</para>", "E302", 7, "page");
    /* one mistake is reported once: nothing under a loop over a non-list */
    gs_diags d = GS_DIAGS_INIT;
    assert_false(check(f, "", "<para><for each=\"x\" in=\"plan.fy_first\">{x.a}{x.b}</for></para>", &d));
    assert_int_equal(d.n, 1);
    gs_diags_free(&d);
}

/* <section> and <pageref>: in their places, with a key that exists and
 * can name a section, a title whose paths exist. */
static void test_sections_and_page_refs(void **state)
{
    fixture *f = *state;
    gs_diags d = GS_DIAGS_INIT;
    assert_true(check(f, "",
                      "<table widths=\"* 10\"><for each=\"pr\" in=\"projects\"><row>"
                      "<cell>{pr.name}</cell><cell><pageref key=\"pr.no\"/></cell></row></for></table>\n"
                      "<for each=\"pr\" in=\"projects\"><section key=\"pr.no\" title=\"{pr.name}\">"
                      "<para>{pr.summary}</para><section key=\"pr.name\"><pagebreak/></section>"
                      "</section></for>",
                      &d));
    assert_int_equal(d.n, 0);
    gs_diags_free(&d);
    expect_error(f, "<section title=\"x\"><para>x</para></section>", "E301", 7, "key");
    expect_error(f, "<para><pageref/></para>", "E301", 7, "key");
    expect_error(f, "<section key=\"projects[0].nmae\"/>", "E302", 7, "nmae");
    expect_error(f, "<para><pageref key=\"projcts[0].no\"/></para>", "E302", 7, "projcts");
    expect_error(f, "<section key=\"projects[0].no\" title=\"{projects[0].nam}\"/>", "E302", 7,
                 "projects[0].nam");
    expect_error(f, "<section key=\"projects\"/>", "E303", 7, "projects");
    expect_error(f, "<para><pageref key=\"projects[0].results\"/></para>", "E303", 7,
                 "results");
    /* a section holds blocks, a reference is text */
    expect_error(f, "<para><section key=\"projects[0].no\"/></para>", "E301", 7, "section");
    expect_error(f, "<pageref key=\"projects[0].no\"/>", "E301", 7, "pageref");
    expect_error(f, "<para><pageref key=\"projects[0].no\">1</pageref></para>", "E301", 7,
                 "<pageref>");
}

/* Folding a list keeps the names of all its elements. */
static void test_shape_merges_list_elements(void **state)
{
    (void)state;
    gs_srcpos p = {"x", 1, 0};
    gs_value *root = gs_value_map(p);
    gs_value *l = gs_map_set(root, "l", gs_value_list(p));
    gs_value *a = gs_list_push(l, gs_value_map(p));
    gs_map_set(a, "only_a", gs_value_int(1, p));
    gs_map_set(a, "later", gs_value_null(p));
    gs_map_set(a, "inner", gs_value_list(p));
    gs_value *b = gs_list_push(l, gs_value_map(p));
    gs_map_set(b, "only_b", gs_value_str("s", p));
    gs_map_set(b, "later", gs_value_int(2, p));
    gs_value *in = gs_map_set(b, "inner", gs_value_list(p));
    gs_value *im = gs_list_push(in, gs_value_map(p));
    gs_map_set(im, "deep", gs_value_bool(true, p));
    gs_value *s = gs_check_shape(root);
    assert_int_equal(gs_value_walk(s, ".l[0].only_a", true)->kind, GS_V_INT);
    assert_int_equal(gs_value_walk(s, ".l[0].only_b", true)->kind, GS_V_STR);
    assert_int_equal(gs_value_walk(s, ".l[7].later", true)->kind, GS_V_INT);
    assert_int_equal(gs_value_walk(s, ".l[0].inner[0].deep", true)->kind, GS_V_BOOL);
    assert_int_equal(gs_value_walk(s, ".l", true)->u.list.n, 1);
    gs_value_free(s);
    gs_value_free(root);
}

/* Every name the real Nagaoka plan binds is in the prototype's shape, with
 * the same kind where both have one. */
static void expect_covered(const gs_value *v, const gs_value *shape, const char *path)
{
    assert_non_null(shape);
    if (v->kind == GS_V_NULL || shape->kind == GS_V_NULL)
        return;
    if (v->kind != shape->kind)
        fail_msg("%s: kind %d in the plan, %d in the prototype", path, v->kind, shape->kind);
    char sub[512];
    if (v->kind == GS_V_MAP) {
        for (size_t i = 0; i < v->u.map.n; i++) {
            snprintf(sub, sizeof sub, "%s.%s", path, v->u.map.keys[i]);
            const gs_value *s = gs_map_lookup(shape, v->u.map.keys[i]);
            if (!s)
                fail_msg("%s is bound but not in the prototype", sub);
            expect_covered(v->u.map.v[i], s, sub);
        }
    } else if (v->kind == GS_V_LIST) {
        for (size_t i = 0; i < v->u.list.n; i++) {
            snprintf(sub, sizeof sub, "%s[%zu]", path, i);
            if (shape->u.list.n == 0)
                fail_msg("%s: the prototype's list is empty", sub);
            expect_covered(v->u.list.v[i], shape->u.list.v[0], sub);
        }
    }
}

static void test_prototype_covers_a_real_plan(void **state)
{
    fixture *f = *state;
    gs_plan *plan = gs_plan_new("nagaoka.xml");
    nagaoka_fill(plan);
    nagaoka_years(plan);
    gs_totals tot;
    gs_diags d = GS_DIAGS_INIT;
    gs_totals_compute(plan, &tot, &d);
    nagaoka_totals_stub(plan, &tot);
    gs_value *v = gs_bind_plan(plan, &tot);
    expect_covered(v, f->shape, "");
    gs_value_free(v);
    gs_plan_free(plan);
    gs_diags_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_templates_pass),
        cmocka_unit_test(test_sound_template_passes),
        cmocka_unit_test(test_mistakes_in_untaken_branches),
        cmocka_unit_test(test_kinds_and_structure),
        cmocka_unit_test(test_sections_and_page_refs),
        cmocka_unit_test(test_shape_merges_list_elements),
        cmocka_unit_test(test_prototype_covers_a_real_plan),
    };
    return cmocka_run_group_tests_name("check", tests, setup, teardown);
}
