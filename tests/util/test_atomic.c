/*
 * test_atomic.c - the atomic writer: what it refuses to replace (a file of
 * another kind, an empty file, a folder, a FIFO, a device, a link to one),
 * what it replaces (a file of its kind; a link, not the file behind it),
 * and the cleaner of temporary files: a dead writer's file goes, a live
 * writer's file stays - both with real writers, one paused inside
 * gs_write_atomic and one killed there.
 *
 * The pause uses the library's test seam gs_atomic_test_disk_full, which
 * gs_write_atomic calls after its temporary file exists and is locked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/atomic.h"

static char dir[] = "/tmp/gs-atomic-XXXXXX";

static char *path_of(const char *name)
{
    static char p[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

static void put(const char *name, const char *data)
{
    FILE *f = fopen(path_of(name), "wb");
    assert_non_null(f);
    fputs(data, f);
    fclose(f);
}

static char *get(const char *path)
{
    static char b[4096];
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t n = fread(b, 1, sizeof b - 1, f);
    fclose(f);
    b[n] = '\0';
    return b;
}

/* Temporary files of our writer in dir. */
static int count_temps(void)
{
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dh)) != NULL)
        n += gs_atomic_is_temp(e->d_name);
    closedir(dh);
    return n;
}

static const char pdf1[] = "%PDF-1.4 first\n", pdf2[] = "%PDF-1.7 second\n";

/* Writes pdf2 to name and expects rc; the reason (when refused) holds
 * want. */
static void write_expect(const char *name, int rc, const char *want)
{
    gs_buf err = GS_BUF_INIT;
    int got = gs_write_atomic(path_of(name), pdf2, strlen(pdf2), 0, &gs_out_pdf, &err);
    if (got != rc)
        fail_msg("%s: gs_write_atomic gave %d, expected %d (%s)", name, got, rc,
                 err.data ? err.data : "");
    if (rc == GS_WRITE_REFUSED) {
        assert_non_null(strstr(err.data, "上書きせずに中止しました"));
        assert_non_null(strstr(err.data, path_of(name)));
        if (want && !strstr(err.data, want))
            fail_msg("%s: reason \"%s\" lacks \"%s\"", name, err.data, want);
    }
    gs_buf_free(&err);
    assert_int_equal(count_temps(), 0);
}

static void test_replaces_only_its_kind(void **state)
{
    (void)state;
    /* absent, then a PDF: written, replaced */
    write_expect("new.pdf", GS_WRITE_OK, NULL);
    assert_string_equal(get(path_of("new.pdf")), pdf2);
    put("old.pdf", pdf1);
    write_expect("old.pdf", GS_WRITE_OK, NULL);
    assert_string_equal(get(path_of("old.pdf")), pdf2);

    /* a plan, a CSV, an empty file, a file starting "%PDF" without "-" */
    const char *others[][2] = {{"plan.xml", "<?xml version=\"1.0\"?><plan/>"},
                               {"kpi.csv", "KPI,2025\n①,1\n"},
                               {"empty.pdf", ""},
                               {"short.pdf", "%PDF"}};
    for (size_t i = 0; i < 4; i++) {
        put(others[i][0], others[i][1]);
        write_expect(others[i][0], GS_WRITE_REFUSED,
                     *others[i][1] ? "PDF ではない既存のファイル" : "空のファイル");
        assert_string_equal(get(path_of(others[i][0])), others[i][1]);
    }

    /* a folder, a FIFO, a socket */
    assert_int_equal(mkdir(path_of("folder.pdf"), 0777), 0);
    write_expect("folder.pdf", GS_WRITE_REFUSED, "フォルダー");
    assert_int_equal(mkfifo(path_of("fifo.pdf"), 0666), 0);
    write_expect("fifo.pdf", GS_WRITE_REFUSED, "FIFO");
    int sock = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path_of("sock.pdf"));
    assert_int_equal(bind(sock, (struct sockaddr *)&sa, sizeof sa), 0);
    write_expect("sock.pdf", GS_WRITE_REFUSED, "ソケット");
    close(sock);
    struct stat st;
    assert_int_equal(lstat(path_of("fifo.pdf"), &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_int_equal(lstat(path_of("folder.pdf"), &st), 0);
    assert_true(S_ISDIR(st.st_mode));

    /* a device: a copy of /dev/null's node, made here (root only), so a
     * mistake could never replace the real one */
    if (mknod(path_of("null.pdf"), S_IFCHR | 0666, makedev(1, 3)) == 0) {
        write_expect("null.pdf", GS_WRITE_REFUSED, "装置ファイル");
        assert_int_equal(lstat(path_of("null.pdf"), &st), 0);
        assert_true(S_ISCHR(st.st_mode));
        assert_int_equal(symlink(path_of("null.pdf"), path_of("to-null.pdf")), 0);
        write_expect("to-null.pdf", GS_WRITE_REFUSED, "シンボリックリンクで、その先は装置ファイル");
        assert_int_equal(lstat(path_of("null.pdf"), &st), 0);
        assert_true(S_ISCHR(st.st_mode));
    } else {
        print_message("mknod not permitted: the device case is covered by the FIFO one\n");
    }

    /* links to what may not be replaced are refused, the link kept */
    assert_int_equal(symlink(path_of("folder.pdf"), path_of("to-folder.pdf")), 0);
    write_expect("to-folder.pdf", GS_WRITE_REFUSED, "シンボリックリンクで、その先はフォルダー");
    assert_int_equal(symlink(path_of("kpi.csv"), path_of("to-csv.pdf")), 0);
    write_expect("to-csv.pdf", GS_WRITE_REFUSED, "シンボリックリンクで、その先は PDF ではない");
    assert_int_equal(lstat(path_of("to-csv.pdf"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));

    /* a link to a PDF: the link is replaced by the new file, the PDF it
     * pointed to keeps its contents; a dangling link is replaced too */
    put("target.pdf", pdf1);
    assert_int_equal(symlink(path_of("target.pdf"), path_of("link.pdf")), 0);
    write_expect("link.pdf", GS_WRITE_OK, NULL);
    assert_int_equal(lstat(path_of("link.pdf"), &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_string_equal(get(path_of("link.pdf")), pdf2);
    assert_string_equal(get(path_of("target.pdf")), pdf1);
    assert_int_equal(symlink(path_of("nowhere.pdf"), path_of("dangling.pdf")), 0);
    write_expect("dangling.pdf", GS_WRITE_OK, NULL);
    assert_int_equal(access(path_of("nowhere.pdf"), F_OK), -1);

    /* no kind: any regular file may be replaced, still no folder */
    gs_buf err = GS_BUF_INIT;
    assert_int_equal(gs_write_atomic(path_of("kpi.csv"), "x", 1, 0, NULL, &err), GS_WRITE_OK);
    assert_int_equal(gs_write_atomic(path_of("folder.pdf"), "x", 1, 0, NULL, &err),
                     GS_WRITE_REFUSED);
    /* a folder that does not exist: a write failure with the OS's reason */
    gs_buf_clear(&err);
    assert_int_equal(gs_write_atomic(path_of("no/such/x.pdf"), "x", 1, 0, &gs_out_pdf, &err),
                     GS_WRITE_FAILED);
    assert_non_null(strstr(err.data, "ENOENT"));
    gs_buf_free(&err);
}

static void test_temp_names(void **state)
{
    (void)state;
    assert_true(gs_atomic_is_temp(".a.pdf.Ab3dE9" GS_ATOMIC_TEMP_SUFFIX));
    assert_true(gs_atomic_is_temp(".manifest.tsv.zzzzzz" GS_ATOMIC_TEMP_SUFFIX));
    assert_false(gs_atomic_is_temp(".a.pdf.Ab3dE9"));        /* no suffix */
    assert_false(gs_atomic_is_temp(".bashrc.backup"));
    assert_false(gs_atomic_is_temp("a.pdf.Ab3dE9" GS_ATOMIC_TEMP_SUFFIX)); /* no dot */
    assert_false(gs_atomic_is_temp(".a.pdf.Ab-dE9" GS_ATOMIC_TEMP_SUFFIX));
    assert_false(gs_atomic_is_temp(".a.pdfAb3dE9" GS_ATOMIC_TEMP_SUFFIX));

    /* a very long name still gets a temporary file (cut on a character) */
    char name[256] = "";
    for (int i = 0; i < 80; i++)
        strcat(name, "長");          /* 240 bytes */
    strcat(name, ".pdf");            /* 244: near NAME_MAX with any suffix */
    gs_buf err = GS_BUF_INIT;
    assert_int_equal(gs_write_atomic(path_of(name), pdf1, strlen(pdf1), 0, &gs_out_pdf, &err),
                     GS_WRITE_OK);
    gs_buf_free(&err);
    assert_int_equal(count_temps(), 0);
}

/* ---------- live and dead writers ---------- */

static int pause_fd = -1;  /* the child waits for a byte on it */
static int ready_fd = -1;  /* and says it is inside the write */
static const char *pause_for;

bool gs_atomic_test_disk_full(const char *path);
bool gs_atomic_test_disk_full(const char *path)
{
    if (pause_for && strcmp(path, pause_for) == 0) {
        char c = 1;
        assert_int_equal(write(ready_fd, &c, 1), 1);
        (void)!read(pause_fd, &c, 1);
    }
    return false;
}

/* A child that writes pdf2 to target and stops inside gs_write_atomic,
 * its temporary file created and locked; *go resumes it. */
static pid_t paused_writer(const char *target, int *go)
{
    int in[2], out[2];
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(in[1]);
        close(out[0]);
        pause_fd = in[0];
        ready_fd = out[1];
        pause_for = target;
        gs_buf err = GS_BUF_INIT;
        int rc = gs_write_atomic(target, pdf2, strlen(pdf2), 0, &gs_out_pdf, &err);
        _exit(rc == GS_WRITE_OK ? 0 : 1);
    }
    close(in[0]);
    close(out[1]);
    char c;
    assert_int_equal(read(out[0], &c, 1), 1); /* inside the write */
    close(out[0]);
    *go = in[1];
    return pid;
}

static int wait_status(pid_t pid)
{
    int st;
    while (waitpid(pid, &st, 0) < 0)
        assert_int_equal(errno, EINTR);
    return st;
}

static void test_cleaner_spares_live_writers(void **state)
{
    (void)state;
    char *target = gs_xstrdup(path_of("live.pdf"));
    put("live.pdf", pdf1);

    /* a live writer: its file stays while it lives, and it completes */
    int go;
    pid_t pid = paused_writer(target, &go);
    assert_int_equal(count_temps(), 1);
    assert_int_equal(gs_atomic_clean(dir, NULL), 0);
    assert_int_equal(count_temps(), 1);
    assert_int_equal(write(go, "x", 1), 1);
    close(go);
    int st = wait_status(pid);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    assert_string_equal(get(target), pdf2);
    assert_int_equal(count_temps(), 0);

    /* a writer killed in the middle: its file is dead, the next clean
     * removes it, and the target is the old one */
    put("live.pdf", pdf1);
    pid = paused_writer(target, &go);
    kill(pid, SIGKILL);
    wait_status(pid);
    close(go);
    assert_int_equal(count_temps(), 1);
    assert_string_equal(get(target), pdf1);
    /* a prefix of another target does not touch it */
    assert_int_equal(gs_atomic_clean(dir, ".other.pdf."), 0);
    assert_int_equal(count_temps(), 1);
    assert_int_equal(gs_atomic_clean(dir, NULL), 1);
    assert_int_equal(count_temps(), 0);

    /* the writer's own GS_ATOMIC_CLEAN removes its target's dead files,
     * and names that merely look similar are never touched */
    pid = paused_writer(target, &go);
    kill(pid, SIGKILL);
    wait_status(pid);
    close(go);
    put(".live.pdf.Ab3dE9", "a user's file");
    put(".notes.backup", "a user's file");
    gs_buf err = GS_BUF_INIT;
    assert_int_equal(gs_write_atomic(target, pdf1, strlen(pdf1), GS_ATOMIC_CLEAN,
                                     &gs_out_pdf, &err), GS_WRITE_OK);
    gs_buf_free(&err);
    assert_int_equal(count_temps(), 0);
    assert_string_equal(get(path_of(".live.pdf.Ab3dE9")), "a user's file");
    assert_string_equal(get(path_of(".notes.backup")), "a user's file");
    free(target);
}

/* A lock the test holds on a temporary-looking file keeps it, as a writer
 * of another program (or another run) would. */
static void test_cleaner_respects_any_lock(void **state)
{
    (void)state;
    const char *name = ".held.pdf.Qw3rty" GS_ATOMIC_TEMP_SUFFIX;
    put(name, "half");
    int fd = open(path_of(name), O_RDWR);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX), 0);
    assert_int_equal(gs_atomic_clean(dir, NULL), 0);
    assert_int_equal(access(path_of(name), F_OK), 0);
    close(fd);
    assert_int_equal(gs_atomic_clean(dir, NULL), 1);
    assert_int_equal(access(path_of(name), F_OK), -1);
    /* a symbolic link with a temporary's name is not followed or removed */
    const char *lname = ".link.pdf.Qw3rty" GS_ATOMIC_TEMP_SUFFIX;
    put("precious", "keep");
    assert_int_equal(symlink(path_of("precious"), path_of(lname)), 0);
    assert_int_equal(gs_atomic_clean(dir, NULL), 0);
    assert_string_equal(get(path_of("precious")), "keep");
    unlink(path_of(lname));
    /* an unreadable folder removes nothing */
    assert_int_equal(gs_atomic_clean(path_of("no-such-folder"), NULL), 0);
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(p);
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replaces_only_its_kind),
        cmocka_unit_test(test_temp_names),
        cmocka_unit_test(test_cleaner_spares_live_writers),
        cmocka_unit_test(test_cleaner_respects_any_lock),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return rc;
}
