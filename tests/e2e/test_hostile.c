/*
 * test_hostile.c - every hostile input gets a clear error, in bounded time
 * and memory, and leaves nothing behind.
 *
 * Plans arrive by mail and from other departments' exports.  Each case
 * below is written into a fresh folder (the large ones are generated, not
 * committed) and rendered by the normal build (GS_RELEASE_BIN: the
 * sanitizers would distort the memory figure) in a child limited to 2 s of
 * CPU time; the child's peak memory comes from wait4.  Every case must end
 * with exit status 1 (the plan is wrong), an `error[E…]` line that names
 * the file, at most 200 MB, and no PDF and no temporary file in the folder.
 * A case that blew up would be killed by SIGXCPU and reported as such.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CPU_SECONDS 2
#define MAX_RSS_KB (200 * 1024)

static char *root;      /* the checkout: samples/ */
static const char *bin; /* the normal build */
static char dir[64];    /* this run's folder */
static char *sample;    /* samples/nagaoka.xml */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return s;
}

static char *path_of(const char *name)
{
    static char p[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

static void spit(const char *name, const void *data, size_t len)
{
    FILE *f = fopen(path_of(name), "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* The sample with the first `from` replaced by `to` (and a prefix). */
static void variant(const char *name, const char *prefix, const char *from,
                    const char *to)
{
    const char *at = strstr(sample, from);
    assert_non_null(at);
    size_t a = (size_t)(at - sample), pl = strlen(prefix);
    size_t n = strlen(sample) - strlen(from) + strlen(to) + pl;
    char *s = malloc(n + 1);
    memcpy(s, prefix, pl);
    memcpy(s + pl, sample, a);
    strcpy(s + pl + a, to);
    strcat(s + pl + a, at + strlen(from));
    spit(name, s, n);
    free(s);
}

/* The sample's body (without its XML declaration) after a given head. */
static void with_head(const char *name, const char *head, const char *from,
                      const char *to)
{
    char *saved = sample;
    sample = strchr(sample, '\n') + 1;
    variant(name, head, from, to);
    sample = saved;
}

static void repeat(const char *name, const char *head, const char *unit,
                   size_t times, const char *tail)
{
    FILE *f = fopen(path_of(name), "wb");
    assert_non_null(f);
    fputs(head, f);
    for (size_t i = 0; i < times; i++)
        fputs(unit, f);
    fputs(tail, f);
    assert_int_equal(fclose(f), 0);
}

typedef struct outcome {
    int status;
    long rss_kb;
    double cpu;
    char err[4096];
} outcome;

/* Renders plan (a name in dir) to dir/out.pdf under the limits. */
static void render(const char *plan, outcome *o)
{
    char errp[300];
    snprintf(errp, sizeof errp, "%s/stderr.txt", dir);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct rlimit cpu = {CPU_SECONDS, CPU_SECONDS + 1};
        setrlimit(RLIMIT_CPU, &cpu);
        int fe = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int fn = open("/dev/null", O_RDWR);
        if (fe < 0 || fn < 0 || dup2(fn, 0) < 0 || dup2(fn, 1) < 0 ||
            dup2(fe, 2) < 0 || chdir(dir) != 0)
            _exit(126);
        execl(bin, bin, "render", plan, "-o", "out.pdf", (char *)NULL);
        _exit(127);
    }
    int st;
    struct rusage ru;
    while (wait4(pid, &st, 0, &ru) < 0)
        assert_int_equal(errno, EINTR);
    o->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    o->rss_kb = ru.ru_maxrss;
    o->cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
             (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    FILE *f = fopen(errp, "rb");
    size_t n = f ? fread(o->err, 1, sizeof o->err - 1, f) : 0;
    o->err[n] = '\0';
    if (f)
        fclose(f);
    unlink(errp);
}

/* Nothing in dir but the inputs: no PDF, no temporary file. */
static void expect_nothing_written(const char *what)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));) {
        const char *n = e->d_name;
        if (strstr(n, ".pdf"))   /* out.pdf, or a temporary .out.pdf.XXXXXX */
            fail_msg("%s: left %s behind", what, n);
    }
    closedir(d);
}

/* plan is refused with code, in a message about file named (the plan, or
 * the CSV file it names). */
static void expect_refused_in(const char *plan, const char *named, const char *code)
{
    outcome o;
    render(plan, &o);
    print_message("  %-22s exit %d, %.2f s, %ld KB\n", plan, o.status, o.cpu, o.rss_kb);
    if (o.status != 1)
        fail_msg("%s: exit %d, expected 1 (a plan error)\n%s", plan, o.status, o.err);
    char want[64];
    snprintf(want, sizeof want, "error[%s]", code);
    if (!strstr(o.err, want) || !strstr(o.err, named))
        fail_msg("%s: no %s naming %s:\n%s", plan, want, named, o.err);
    if (o.rss_kb > MAX_RSS_KB)
        fail_msg("%s: %ld KB of memory", plan, o.rss_kb);
    expect_nothing_written(plan);
}

static void expect_refused(const char *plan, const char *code)
{
    expect_refused_in(plan, plan, code);
}

static int setup(void **state)
{
    (void)state;
    const char *r = getenv("GRANTSHEET_DATADIR");
    root = strdup(r && *r ? r : ".");
    bin = getenv("GS_RELEASE_BIN");
    if (!bin || access(bin, X_OK) != 0) {
        fprintf(stderr, "test_hostile: GS_RELEASE_BIN is not set; `make e2e` sets it\n");
        return -1;
    }
    strcpy(dir, "/tmp/gs-hostile-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    char p[600];
    size_t len;
    snprintf(p, sizeof p, "%s/samples/nagaoka.xml", root);
    sample = slurp(p, &len);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    int rc = system(cmd);
    free(sample);
    free(root);
    return rc == 0 ? 0 : -1;
}

#define DEPT "<department>商工部産業立地・人材課</department>"

static void test_entities_and_dtds(void **state)
{
    (void)state;
    const char *xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    char head[512];
    snprintf(head, sizeof head, "%s<!DOCTYPE plan [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n", xml);
    with_head("xxe-file.xml", head, DEPT, "<department>&x;</department>");
    expect_refused("xxe-file.xml", "E103");
    snprintf(head, sizeof head, "%s<!DOCTYPE plan [<!ENTITY x SYSTEM \"http://127.0.0.1:9/x\">]>\n", xml);
    with_head("xxe-http.xml", head, DEPT, "<department>&x;</department>");
    expect_refused("xxe-http.xml", "E103");
    snprintf(head, sizeof head, "%s<!DOCTYPE plan [<!ENTITY %% p SYSTEM \"file:///etc/passwd\"> %%p;]>\n", xml);
    with_head("param.xml", head, DEPT, DEPT);
    expect_refused("param.xml", "E103");
    char lol[2048];
    int n = snprintf(lol, sizeof lol, "%s<!DOCTYPE plan [<!ENTITY a \"aaaaaaaaaa\">", xml);
    for (int i = 0; i < 9; i++) {
        n += snprintf(lol + n, sizeof lol - (size_t)n, "<!ENTITY %c \"", 'b' + i);
        for (int k = 0; k < 10; k++)
            n += snprintf(lol + n, sizeof lol - (size_t)n, "&%c;", 'a' + i);
        n += snprintf(lol + n, sizeof lol - (size_t)n, "\">");
    }
    snprintf(lol + n, sizeof lol - (size_t)n, "]>\n");
    with_head("laughs.xml", lol, DEPT, "<department>&j;</department>");
    expect_refused("laughs.xml", "E103");
}

static void test_shapes_and_sizes(void **state)
{
    (void)state;
    repeat("deep.xml", "<?xml version=\"1.0\"?>\n<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">",
           "<a>", 10000, "");
    expect_refused("deep.xml", "E101");
    /* 100 MB: refused by its size before a byte is parsed */
    FILE *f = fopen(path_of("huge.xml"), "wb");
    assert_non_null(f);
    assert_int_equal(ftruncate(fileno(f), 100L * 1024 * 1024), 0);
    fclose(f);
    expect_refused("huge.xml", "E104");
    /* a million paragraphs in 4 MB: stopped while parsing */
    repeat("million.xml", "<?xml version=\"1.0\"?>\n<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">",
           "<p/>", 1000000, "</plan>\n");
    expect_refused("million.xml", "E107");
}

static void test_bytes_and_characters(void **state)
{
    (void)state;
    variant("badutf8.xml", "", "長岡市</municipality>", "長岡\xff\xfe</municipality>");
    expect_refused("badutf8.xml", "E101");
    /* a NUL byte inside a name: written by hand, strings stop at NUL */
    size_t len = strlen(sample);
    char *s = malloc(len + 1);
    memcpy(s, sample, len + 1);
    char *at = strstr(s, "長岡市</municipality>");
    at[3] = '\0';
    spit("nul.xml", s, len);
    free(s);
    expect_refused("nul.xml", "E101");
    variant("surrogate.xml", "", "長岡市</municipality>", "\xed\xa0\x80</municipality>");
    expect_refused("surrogate.xml", "E101");
    /* in the 実施体制's 官 (a name only the 実施計画 prints): the
     * municipality is also the 地域再生計画's 作成主体, and a 𠮷市 there would
     * be refused first for disagreeing with it (E243) */
    variant("nonbmp.xml", "", "<name>長岡市</name>", "<name>\xf0\xa0\xae\xb7市</name>");
    expect_refused("nonbmp.xml", "E402");
    variant("big63.xml", "", "<eligible>12,219</eligible>",
            "<eligible>9223372036854775808</eligible>");
    expect_refused("big63.xml", "E105");
    variant("minus1.xml", "", "<eligible>12,219</eligible>", "<eligible>-1</eligible>");
    expect_refused("minus1.xml", "E201");
    /* UTF-16 and Shift_JIS plans: named as not UTF-8, whatever they declare */
    static const unsigned char utf16[] = {0xFF, 0xFE, '<', 0, '?', 0, 'x', 0, 'm', 0, 'l', 0};
    spit("utf16.xml", utf16, sizeof utf16);
    expect_refused("utf16.xml", "E101");
    variant("sjis.xml", "", "長岡市</municipality>", "\x92\xb7\x89\xaa\x8e\x73</municipality>");
    expect_refused("sjis.xml", "E101");
}

/* samples/nagaoka-csv.xml with its KPI table taken from csv (a path as
 * written); its other two tables are copied beside it. */
static void csv_plan(const char *name, const char *csv)
{
    char p[600];
    size_t len;
    snprintf(p, sizeof p, "%s/samples/nagaoka-csv.xml", root);
    char *saved = sample;
    sample = slurp(p, &len);
    char to[300];
    snprintf(to, sizeof to, "csv=\"%s\"", csv);
    variant(name, "", "csv=\"csv/nagaoka-kpi.csv\"", to);
    free(sample);
    sample = saved;
    mkdir(path_of("csv"), 0700);
    static const char *const other[] = {"nagaoka-funding.csv", "nagaoka-elements.csv"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(p, sizeof p, "%s/samples/csv/%s", root, other[i]);
        char *t = slurp(p, &len);
        char rel[64];
        snprintf(rel, sizeof rel, "csv/%s", other[i]);
        spit(rel, t, len);
        free(t);
    }
}

static void test_csv_tables(void **state)
{
    (void)state;
    /* bytes that are neither UTF-8 nor CP932 */
    static const char bad[] = "KPI,\x82\n\xff\xff,\x81\n";
    spit("bad.csv", bad, sizeof bad - 1);
    csv_plan("badcsv.xml", "bad.csv");
    expect_refused_in("badcsv.xml", "bad.csv", "E121");
    /* a million rows */
    repeat("rows.csv", "KPI,事業開始前（現時点）,2025年度 増加分\n", "KPI①,1,1\n", 1000000, "");
    csv_plan("rows.xml", "rows.csv");
    expect_refused_in("rows.xml", "rows.csv", "E121");
    /* a 10 MB field */
    FILE *f = fopen(path_of("field.csv"), "wb");
    assert_non_null(f);
    fputs("KPI,事業開始前（現時点）\nKPI①,\"", f);
    for (int i = 0; i < 10 * 1024; i++) {
        char kb[1024];
        memset(kb, 'x', sizeof kb);
        fwrite(kb, 1, sizeof kb, f);
    }
    fputs("\"\n", f);
    fclose(f);
    csv_plan("field.xml", "field.csv");
    expect_refused_in("field.xml", "field.csv", "E121");
    /* paths out of the plan's folder */
    csv_plan("passwd.xml", "/etc/passwd");
    expect_refused("passwd.xml", "E105");
    csv_plan("up.xml", "../../etc/passwd");
    expect_refused("up.xml", "E105");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entities_and_dtds),
        cmocka_unit_test(test_shapes_and_sizes),
        cmocka_unit_test(test_bytes_and_characters),
        cmocka_unit_test(test_csv_tables),
    };
    return cmocka_run_group_tests_name("hostile", tests, setup, teardown);
}
