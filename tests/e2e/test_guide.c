/*
 * test_guide.c - the plan-format guide (docs/plan-format.md) says what the
 * program does.
 *
 * A guide drifts from the code unless something holds it: so every ```xml
 * block of the guide is written to a file and checked with `grantsheet
 * validate`, which must pass it without a single error or warning (the
 * guide promises that its examples are clean), and every element and
 * attribute the schema (src/input/plan.rng) declares must be named in the
 * guide, as `<name>` for an element and `name=` for an attribute.  A new
 * element added to the schema without a line in the guide fails here.
 *
 * Environment (set by `make e2e`): GS_BIN (the ASan build),
 * GRANTSHEET_DATADIR (the checkout).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "e2e.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *root, *bin;
static char dir[64];

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = '\0';
    fclose(f);
    return s;
}

static char *in_root(const char *rel)
{
    size_t n = strlen(root) + strlen(rel) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", root, rel);
    return p;
}

/* Runs `grantsheet validate plan`, its stderr into errpath; the status. */
static int validate(const char *plan, const char *errpath)
{
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0)
            _exit(127);
        dup2(fd, 2);
        dup2(fd, 1);
        execl(bin, bin, "validate", plan, (char *)NULL);
        _exit(127);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static void test_examples_validate(void **state)
{
    (void)state;
    char *guide_path = in_root("docs/plan-format.md");
    char *guide = slurp(guide_path);
    assert_non_null(guide);
    int blocks = 0;
    for (const char *s = strstr(guide, "```xml\n"); s; s = strstr(s, "```xml\n")) {
        s += strlen("```xml\n");
        const char *end = strstr(s, "\n```");
        assert_non_null(end);
        char plan[128], err[128];
        snprintf(plan, sizeof plan, "%s/example-%d.xml", dir, ++blocks);
        snprintf(err, sizeof err, "%s/example-%d.err", dir, blocks);
        FILE *f = fopen(plan, "wb");
        assert_non_null(f);
        fwrite(s, 1, (size_t)(end - s + 1), f);
        fclose(f);
        int rc = validate(plan, err);
        char *out = slurp(err);
        if (rc != 0 || (out && *out))
            fail_msg("example %d of the guide: validate exited %d:\n%s", blocks, rc,
                     out ? out : "");
        free(out);
        s = end + 4;
    }
    /* ソフト with facility costs, 拠点整備, インフラ, 広域 */
    assert_true(blocks >= 4);
    free(guide);
    free(guide_path);
}

/* Is word in the guide as `<word>` (element) or `word=` (attribute)?  An
 * attribute must start a word: "no=" is not found inside "kno=". */
static bool in_guide(const char *guide, const char *word, bool attribute)
{
    char want[96];
    if (attribute)
        snprintf(want, sizeof want, "%s=", word);
    else
        snprintf(want, sizeof want, "<%s>", word);
    for (const char *s = strstr(guide, want); s; s = strstr(s + 1, want)) {
        if (!attribute || s == guide)
            return true;
        char c = s[-1];
        if (!(c == '-' || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return true;
    }
    return false;
}

/* The names of plan.rng's <element name=…> and <attribute name=…> that the
 * guide does not name, one a line in missing; how many there are. */
static int missing_names(const char *rng, const char *guide, char *missing, size_t cap)
{
    static const char *const tags[2] = {"<element name=\"", "<attribute name=\""};
    int n = 0;
    missing[0] = '\0';
    for (int k = 0; k < 2; k++) {
        for (const char *s = strstr(rng, tags[k]); s; s = strstr(s, tags[k])) {
            s += strlen(tags[k]);
            const char *q = strchr(s, '"');
            if (!q || q - s >= 64)
                break;
            char name[64];
            memcpy(name, s, (size_t)(q - s));
            name[q - s] = '\0';
            if (!in_guide(guide, name, k == 1)) {
                size_t used = strlen(missing);
                snprintf(missing + used, cap - used, "%s%s%s\n", k ? "" : "<", name,
                         k ? "=" : ">");
                n++;
            }
        }
    }
    return n;
}

static void test_schema_covered(void **state)
{
    (void)state;
    char *rng_path = in_root("src/input/plan.rng"), *guide_path = in_root("docs/plan-format.md");
    char *rng = slurp(rng_path), *guide = slurp(guide_path);
    assert_non_null(rng);
    assert_non_null(guide);
    char missing[8192];
    int n = missing_names(rng, guide, missing, sizeof missing);
    if (n)
        fail_msg("docs/plan-format.md does not describe %d name(s) of plan.rng:\n%s", n,
                 missing);
    /* and the check itself finds what is missing */
    const char *rng2 = "<element name=\"department\"/><attribute name=\"no\"/>"
                       "<element name=\"kinds\"/>";
    assert_int_equal(missing_names(rng2, "`<kinds>` kno=", missing, sizeof missing), 2);
    assert_string_equal(missing, "<department>\nno=\n");
    assert_int_equal(missing_names(rng2, "`<kinds>` `<department>` (no=)", missing,
                                   sizeof missing), 0);
    free(rng);
    free(guide);
    free(rng_path);
    free(guide_path);
}

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/gs-guide-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return e2e_rm_rf(dir);
}

int main(void)
{
    root = getenv("GRANTSHEET_DATADIR");
    bin = getenv("GS_BIN");
    if (!root || !bin) {
        fprintf(stderr, "test_guide: run through `make e2e` (GS_BIN, GRANTSHEET_DATADIR)\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_examples_validate, setup, teardown),
        cmocka_unit_test(test_schema_covered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
