/*
 * audit.c - canonical TSV of a document's figures, extraction of that TSV
 * from a PDF, and the comparison of two TSVs; see audit.h.
 *
 * PDFs for diff come from anyone, re-saved by any program, so they are read
 * with a real PDF library (libqpdf's C API) within fixed bounds of size,
 * memory and time (see "reading a PDF" below); what is not a well-formed
 * PDF carrying our attachment is refused with the reason, never guessed at.
 */
#include "audit/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <qpdf/qpdf-c.h>
#include <zlib.h>

/* ---- writing ------------------------------------------------------------- */

static void escape(gs_buf *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '\\': gs_buf_puts(out, "\\\\"); break;
        case '\t': gs_buf_puts(out, "\\t"); break;
        case '\n': gs_buf_puts(out, "\\n"); break;
        case '\r': gs_buf_puts(out, "\\r"); break;
        default: gs_buf_putc(out, *s);
        }
    }
}

typedef struct entry {
    char *key;          /* escaped sheet \t section \t row \t column */
    char *value;        /* escaped */
    size_t order;       /* document order, for numbering repeats */
} entry;

static int by_key(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

void gs_audit_tsv(const gs_doc *doc, gs_buf *out)
{
    size_t n = doc->nfigs;
    entry *v = gs_xcalloc(n ? n : 1, sizeof *v);
    gs_buf b = GS_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        const gs_figure *f = &doc->figs[i];
        gs_buf_clear(&b);
        escape(&b, f->sheet);
        gs_buf_putc(&b, '\t');
        escape(&b, f->section);
        gs_buf_putc(&b, '\t');
        escape(&b, f->row);
        gs_buf_putc(&b, '\t');
        escape(&b, f->column);
        v[i].key = gs_xstrdup(b.data);
        gs_buf_clear(&b);
        escape(&b, f->value);
        v[i].value = gs_xstrdup(b.data);
        v[i].order = i;
    }
    /* Number repeated keys until every key is unique (a renamed key could
     * meet one that already had that name; it is then numbered again). */
    for (bool again = true; again;) {
        again = false;
        qsort(v, n, sizeof *v, by_key);
        for (size_t i = 0; i < n;) {
            size_t j = i + 1;
            for (; j < n && strcmp(v[j].key, v[i].key) == 0; j++) {
                gs_buf_clear(&b);
                gs_buf_printf(&b, "%s#%zu", v[j].key, j - i + 1);
                free(v[j].key);
                v[j].key = gs_buf_detach(&b);
                again = true;
            }
            i = j;
        }
    }
    gs_buf_puts(out, GS_AUDIT_HEADER "\n");
    for (size_t i = 0; i < n; i++) {
        gs_buf_printf(out, "%s\t%s\n", v[i].key, v[i].value);
        free(v[i].key);
        free(v[i].value);
    }
    free(v);
    gs_buf_free(&b);
}

/* ---- reading a PDF ------------------------------------------------------ */

/* The shape of a canonical TSV, shared by the reader (an attachment must be
 * one before dump prints it or diff compares it) and by parse below. */

/* The length of the header line with its line end, or 0 when s does not
 * start with GS_AUDIT_HEADER. */
static size_t header_len(const char *s, size_t n)
{
    size_t hl = strlen(GS_AUDIT_HEADER);
    if (n < hl + 1 || memcmp(s, GS_AUDIT_HEADER, hl) != 0 ||
        (s[hl] != '\n' && s[hl] != '\r'))
        return 0;
    const char *nl = memchr(s + hl, '\n', n - hl);
    return nl ? (size_t)(nl + 1 - s) : n;
}

/* The fourth tab of the line [p, e), or NULL unless it has five fields. */
static const char *key_end(const char *p, const char *e)
{
    const char *t = p;
    int tabs = 0;
    for (; t < e && tabs < 4; t++)
        if (*t == '\t')
            tabs++;
    if (tabs < 4 || memchr(t, '\t', (size_t)(e - t)))
        return NULL;
    return t - 1;
}

static bool tsv_shape_ok(const char *s, size_t n)
{
    size_t at = header_len(s, n);
    if (at == 0)
        return false;
    while (at < n) {
        const char *p = s + at, *nl = memchr(p, '\n', n - at);
        const char *e = nl ? nl : s + n;
        if (e > p && e[-1] == '\r')
            e--;
        if (e > p && !key_end(p, e))
            return false;
        at = nl ? (size_t)(nl + 1 - s) : n;
    }
    return true;
}

/* The PDF is read with libqpdf, which knows every cross-reference form,
 * object streams and encryption, and reads objects lazily through the
 * cross-reference table: time is linear in what we look at.  Bounds:
 *  - the PDF's size (GS_AUDIT_PDF_MAX);
 *  - no recovery of damaged files: qpdf's reconstruction scans the whole
 *    file, ~0.1 s a megabyte, and a sound PDF never needs it;
 *  - the name tree is walked at most TREE_DEPTH deep and TREE_BUDGET
 *    entries wide (a loop of /Kids ends there too);
 *  - the attachment is taken raw (qpdf_dl_none: decrypted, not decoded)
 *    and inflated here in chunks up to GS_AUDIT_TSV_MAX.  qpdf's own
 *    decoding (qpdf_dl_generalized) inflates into one buffer without a
 *    bound: a 1 MB PDF took 2 GB of memory and 11 s that way, and the
 *    declared sizes (/Params /Size, /DL) are the writer's word only. */
enum { TREE_DEPTH = 32, TREE_BUDGET = 10000 };

/* Appends text from qpdf, which may quote the PDF, as at most 200 bytes of
 * printable ASCII (qpdf's messages are ASCII; a PDF's bytes could be
 * anything, terminal escapes included). */
static void put_quoted(gs_buf *why, const char *text)
{
    size_t i = 0;
    for (; text && text[i] && i < 200; i++)
        gs_buf_putc(why, text[i] >= 0x20 && text[i] < 0x7f ? text[i] : '?');
    if (text && text[i])
        gs_buf_puts(why, "...");
}

/* True (with the reason appended to why) when the last qpdf call failed. */
static bool qpdf_failed(qpdf_data q, gs_buf *why, const char *what)
{
    if (!qpdf_has_error(q))
        return false;
    qpdf_error e = qpdf_get_error(q);
    if (qpdf_get_error_code(q, e) == qpdf_e_password)
        gs_buf_puts(why, "パスワードで保護された PDF は読めません");
    else {
        gs_buf_printf(why, "%s (qpdf: ", what);
        put_quoted(why, qpdf_get_error_message_detail(q, e));
        gs_buf_putc(why, ')');
    }
    return true;
}

/* dict[key], or a null object when oh is not a dictionary (or a stream:
 * its dictionary is searched). */
static qpdf_oh key(qpdf_data q, qpdf_oh oh, const char *k)
{
    if (qpdf_oh_is_stream(q, oh))
        oh = qpdf_oh_get_dict(q, oh);
    if (!qpdf_oh_is_dictionary(q, oh))
        return qpdf_oh_new_null(q);
    return qpdf_oh_get_key(q, oh, k);
}

static bool is_name(qpdf_data q, qpdf_oh oh, const char *name)
{
    return qpdf_oh_is_name_and_equals(q, oh, name);
}

/* Looks name up in the name tree under node; true with *value set when
 * found.  *budget counts down the nodes and entries seen. */
static bool tree_find(qpdf_data q, qpdf_oh node, const char *name, int depth,
                      long *budget, qpdf_oh *value)
{
    if (depth > TREE_DEPTH || --*budget < 0 || !qpdf_oh_is_dictionary(q, node))
        return false;
    size_t nlen = strlen(name);
    qpdf_oh names = key(q, node, "/Names");
    int n = qpdf_oh_is_array(q, names) ? qpdf_oh_get_array_n_items(q, names) : 0;
    for (int i = 0; i + 1 < n && --*budget >= 0; i += 2) {
        qpdf_oh k = qpdf_oh_get_array_item(q, names, i);
        size_t klen = 0;
        /* as UTF-8, so that a key re-written as UTF-16 still matches */
        const char *ks = qpdf_oh_is_string(q, k)
                             ? qpdf_oh_get_binary_utf8_value(q, k, &klen) : NULL;
        bool hit = ks && klen == nlen && memcmp(ks, name, nlen) == 0;
        qpdf_oh_release(q, k);
        if (hit) {
            *value = qpdf_oh_get_array_item(q, names, i + 1);
            return true;
        }
    }
    qpdf_oh kids = key(q, node, "/Kids");
    n = qpdf_oh_is_array(q, kids) ? qpdf_oh_get_array_n_items(q, kids) : 0;
    for (int i = 0; i < n && *budget >= 0; i++) {
        qpdf_oh kid = qpdf_oh_get_array_item(q, kids, i);
        bool hit = tree_find(q, kid, name, depth + 1, budget, value);
        qpdf_oh_release(q, kid);
        if (hit)
            return true;
    }
    return false;
}

/* Whether the stream's filters are ones we undo: none, or FlateDecode
 * without a predictor (what grantsheet and qpdf write).  *flate says
 * which. */
static bool filters_ok(qpdf_data q, qpdf_oh stream, bool *flate)
{
    qpdf_oh f = key(q, stream, "/Filter");
    qpdf_oh parms = key(q, stream, "/DecodeParms");
    *flate = false;
    if (qpdf_oh_is_array(q, f)) {
        int n = qpdf_oh_get_array_n_items(q, f);
        if (n > 1)
            return false;
        if (n == 0)
            return true;
        f = qpdf_oh_get_array_item(q, f, 0);
        if (qpdf_oh_is_array(q, parms))
            parms = qpdf_oh_get_array_item(q, parms, 0);
    }
    if (qpdf_oh_is_null(q, f))
        return true;
    if (!is_name(q, f, "/FlateDecode"))
        return false;
    qpdf_oh pred = key(q, parms, "/Predictor");
    *flate = true;
    return !qpdf_oh_is_integer(q, pred) || qpdf_oh_get_int_value(q, pred) <= 1;
}

/* Inflates a zlib stream into out, refusing output over GS_AUDIT_TSV_MAX
 * as soon as it gets there: a deflate bomb costs one chunk beyond the
 * bound, not its inflated size. */
static gs_audit_status inflate_bounded(const unsigned char *in, size_t n,
                                       gs_buf *out, gs_buf *why)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK) {
        gs_buf_puts(why, "展開の準備ができません (zlib)");
        return GS_AUDIT_BAD_DATA;
    }
    gs_audit_status status = GS_AUDIT_BAD_DATA;
    unsigned char chunk[65536];
    z.next_in = (unsigned char *)in;
    int st = Z_OK;
    while (st == Z_OK) {
        if (z.avail_in == 0 && n > 0) {
            z.avail_in = n > UINT_MAX ? UINT_MAX : (uInt)n;
            n -= z.avail_in;
        }
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        st = inflate(&z, Z_NO_FLUSH);
        size_t got = sizeof chunk - z.avail_out;
        if (out->len + got > GS_AUDIT_TSV_MAX) {
            status = GS_AUDIT_TOO_BIG;
            break;
        }
        gs_buf_append(out, (const char *)chunk, got);
    }
    if (status == GS_AUDIT_TOO_BIG)
        gs_buf_printf(why, "添付ファイル %s が大きすぎます (展開すると上限の %zu MB を超えます)",
                      GS_AUDIT_ATTACHMENT, GS_AUDIT_TSV_MAX >> 20);
    else if (st == Z_STREAM_END)
        status = GS_AUDIT_OK;
    else
        gs_buf_printf(why, "添付ファイル %s の圧縮データが%s", GS_AUDIT_ATTACHMENT,
                      st == Z_BUF_ERROR ? "途中で切れています" : "壊れています");
    inflateEnd(&z);
    return status;
}

/* The attachment's stream in an opened PDF: its bytes into tsv. */
static gs_audit_status read_attachment(qpdf_data q, gs_buf *tsv, gs_buf *why)
{
    qpdf_oh root = qpdf_get_root(q);
    if (qpdf_failed(q, why, "PDF の文書カタログを読めません"))
        return GS_AUDIT_BROKEN;
    qpdf_oh tree = key(q, key(q, root, "/Names"), "/EmbeddedFiles");
    qpdf_oh spec = 0;
    long budget = TREE_BUDGET;
    bool found = tree_find(q, tree, GS_AUDIT_ATTACHMENT, 0, &budget, &spec);
    if (qpdf_failed(q, why, "PDF の添付ファイルの一覧を読めません"))
        return GS_AUDIT_BROKEN;
    if (!found) {
        if (budget < 0)
            gs_buf_printf(why, "添付ファイルの一覧が大きすぎて %s を探しきれません "
                          "(%d 項目まで)", GS_AUDIT_ATTACHMENT, TREE_BUDGET);
        else
            gs_buf_printf(why, "grantsheet の数字のデータ (添付ファイル %s) がありません。"
                          "grantsheet で作った PDF か計画データを指定してください",
                          GS_AUDIT_ATTACHMENT);
        return budget < 0 ? GS_AUDIT_TOO_BIG : GS_AUDIT_NO_DATA;
    }
    qpdf_oh ef = key(q, spec, "/EF");
    qpdf_oh stream = key(q, ef, "/F");
    if (!qpdf_oh_is_stream(q, stream))
        stream = key(q, ef, "/UF");
    if (qpdf_failed(q, why, "添付ファイルを読めません"))
        return GS_AUDIT_BAD_DATA;
    if (!qpdf_oh_is_stream(q, stream)) {
        gs_buf_printf(why, "添付ファイル %s に中身 (/EF) がありません", GS_AUDIT_ATTACHMENT);
        return GS_AUDIT_BAD_DATA;
    }
    /* the size the writer declares: a quick refusal, not a bound */
    qpdf_oh size = key(q, key(q, stream, "/Params"), "/Size");
    if (qpdf_oh_is_integer(q, size) &&
        qpdf_oh_get_uint_value(q, size) > (unsigned long long)GS_AUDIT_TSV_MAX) {
        gs_buf_printf(why, "添付ファイル %s が大きすぎます (%llu バイト、上限 %zu MB)",
                      GS_AUDIT_ATTACHMENT, qpdf_oh_get_uint_value(q, size),
                      GS_AUDIT_TSV_MAX >> 20);
        return GS_AUDIT_TOO_BIG;
    }
    bool flate;
    if (!filters_ok(q, stream, &flate)) {
        gs_buf_printf(why, "添付ファイル %s の圧縮方式 (", GS_AUDIT_ATTACHMENT);
        put_quoted(why, qpdf_oh_unparse(q, key(q, stream, "/Filter")));
        gs_buf_puts(why, ") には対応していません (FlateDecode だけを読みます)");
        return GS_AUDIT_BAD_DATA;
    }
    unsigned char *raw = NULL;
    size_t n = 0;
    qpdf_oh_get_stream_data(q, stream, qpdf_dl_none, NULL, &raw, &n);
    gs_audit_status status = GS_AUDIT_BAD_DATA;
    if (qpdf_failed(q, why, "添付ファイルのデータを読めません")) {
        /* status stays */
    } else if (flate) {
        status = inflate_bounded(raw, n, tsv, why);
    } else if (n > GS_AUDIT_TSV_MAX) {
        gs_buf_printf(why, "添付ファイル %s が大きすぎます (%zu バイト、上限 %zu MB)",
                      GS_AUDIT_ATTACHMENT, n, GS_AUDIT_TSV_MAX >> 20);
        status = GS_AUDIT_TOO_BIG;
    } else {
        gs_buf_append(tsv, (const char *)raw, n);
        status = GS_AUDIT_OK;
    }
    free(raw);
    return status;
}

static void say_out_of_memory(gs_buf *why)
{
    gs_buf_printf(why, "PDF を読むのに必要なメモリーが上限 (%zu MB) を超えました。"
                  "壊れた PDF か、展開すると巨大になるデータを含む PDF です",
                  GS_AUDIT_MEM_MAX >> 20);
}

/* Whether qpdf failed for want of memory: it turns std::bad_alloc into a
 * warning and then fails for a reason that would mislead ("unable to find
 * /Root dictionary"). */
static bool qpdf_out_of_memory(qpdf_data q)
{
    for (int i = 0; i < 1000 && qpdf_more_warnings(q); i++)
        if (strstr(qpdf_get_error_full_text(q, qpdf_next_warning(q)), "bad_alloc"))
            return true;
    return false;
}

gs_audit_status gs_audit_extract(const char *pdf, size_t len, gs_buf *tsv,
                                 gs_buf *why)
{
    if (len < 5 || memcmp(pdf, "%PDF-", 5) != 0) {
        gs_buf_puts(why, "PDF ではありません (%PDF- で始まっていません)");
        return GS_AUDIT_NOT_PDF;
    }
    if (len > GS_AUDIT_PDF_MAX) {
        gs_buf_printf(why, "PDF が大きすぎます (%zu バイト、上限 %zu MB)", len,
                      GS_AUDIT_PDF_MAX >> 20);
        return GS_AUDIT_TOO_BIG;
    }
    gs_audit_status status = GS_AUDIT_BROKEN;
    gs_buf data = GS_BUF_INIT, reason = GS_BUF_INIT;
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    qpdf_set_attempt_recovery(q, QPDF_FALSE);
    if (qpdf_read_memory(q, "PDF", pdf, len, "") & QPDF_ERRORS)
        qpdf_failed(q, &reason, "PDF として読めません");
    else
        status = read_attachment(q, &data, &reason);
    if (status == GS_AUDIT_OK && !tsv_shape_ok(data.data, data.len)) {
        gs_buf_printf(&reason, "添付ファイル %s が grantsheet の数字のデータ (TSV) の"
                      "形式ではありません", GS_AUDIT_ATTACHMENT);
        status = GS_AUDIT_BAD_DATA;
    }
    if (status != GS_AUDIT_OK && qpdf_out_of_memory(q)) {
        gs_buf_clear(&reason);
        say_out_of_memory(&reason);
        status = GS_AUDIT_LIMIT;
    }
    if (status == GS_AUDIT_OK)
        gs_buf_append(tsv, data.data, data.len);
    else
        gs_buf_append(why, reason.data, reason.len);
    gs_buf_free(&data);
    gs_buf_free(&reason);
    qpdf_cleanup(&q);
    return status;
}

/* ---- the same in a child process with limits ---------------------------- */

/* What the child sends back on its pipe, then tsv_len + why_len bytes. */
typedef struct wire {
    int32_t status;
    uint32_t tsv_len, why_len;
} wire;

enum { WHY_MAX = 65536 };

/* Limits this (child) process to GS_AUDIT_MEM_MAX more memory than it has
 * now and to GS_AUDIT_CPU_SECONDS of CPU.  Memory is counted both as
 * address space and as data (RLIMIT_DATA): under AddressSanitizer, whose
 * allocator reserves its heap up front, only the data limit bites. */
static void limit_self(void)
{
    unsigned long long size = 0, data = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f || fscanf(f, "%llu %*u %*u %*u %*u %llu", &size, &data) != 2)
        size = data = 0; /* no /proc: the bound becomes absolute */
    if (f)
        fclose(f);
    unsigned long long page = (unsigned long long)sysconf(_SC_PAGESIZE);
    struct rlimit r;
    r.rlim_cur = r.rlim_max = (rlim_t)(size * page + GS_AUDIT_MEM_MAX);
    setrlimit(RLIMIT_AS, &r);
    r.rlim_cur = r.rlim_max = (rlim_t)(data * page + GS_AUDIT_MEM_MAX);
    setrlimit(RLIMIT_DATA, &r);
    r.rlim_cur = GS_AUDIT_CPU_SECONDS; /* SIGXCPU, then SIGKILL */
    r.rlim_max = GS_AUDIT_CPU_SECONDS + 1;
    setrlimit(RLIMIT_CPU, &r);
    r.rlim_cur = r.rlim_max = 0; /* no core file of a PDF that went over */
    setrlimit(RLIMIT_CORE, &r);
}

static bool write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        c += w;
        n -= (size_t)w;
    }
    return true;
}

/* Reads exactly n bytes into b; false on a short read. */
static bool read_exact(int fd, gs_buf *b, size_t n)
{
    char chunk[65536];
    while (n > 0) {
        ssize_t r = read(fd, chunk, n < sizeof chunk ? n : sizeof chunk);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        gs_buf_append(b, chunk, (size_t)r);
        n -= (size_t)r;
    }
    return true;
}

gs_audit_status gs_audit_extract_isolated(const char *pdf, size_t len,
                                          gs_buf *tsv, gs_buf *why)
{
    int fd[2];
    if (pipe2(fd, O_CLOEXEC) != 0) {
        gs_buf_printf(why, "PDF を読む準備ができません (pipe: %s)", strerror(errno));
        return GS_AUDIT_LIMIT;
    }
    pid_t pid = fork();
    if (pid < 0) {
        gs_buf_printf(why, "PDF を読む準備ができません (fork: %s)", strerror(errno));
        close(fd[0]);
        close(fd[1]);
        return GS_AUDIT_LIMIT;
    }
    if (pid == 0) {
        close(fd[0]);
        limit_self();
        gs_buf t = GS_BUF_INIT, w = GS_BUF_INIT;
        wire h;
        h.status = (int32_t)gs_audit_extract(pdf, len, &t, &w);
        h.tsv_len = (uint32_t)t.len;
        h.why_len = (uint32_t)(w.len < WHY_MAX ? w.len : WHY_MAX);
        bool ok = write_all(fd[1], &h, sizeof h) && write_all(fd[1], t.data, t.len) &&
                  write_all(fd[1], w.data, h.why_len);
        _exit(ok ? 0 : 1);
    }
    close(fd[1]);
    gs_buf head = GS_BUF_INIT, t = GS_BUF_INIT, w = GS_BUF_INIT;
    wire h = {0, 0, 0};
    bool ok = read_exact(fd[0], &head, sizeof h);
    if (ok) {
        memcpy(&h, head.data, sizeof h);
        ok = h.status >= GS_AUDIT_OK && h.status <= GS_AUDIT_LIMIT &&
             h.tsv_len <= GS_AUDIT_TSV_MAX && h.why_len <= WHY_MAX &&
             read_exact(fd[0], &t, h.tsv_len) && read_exact(fd[0], &w, h.why_len);
    }
    if (!ok) /* it died, or sent nonsense: make sure it is gone */
        kill(pid, SIGKILL);
    close(fd[0]);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    gs_audit_status status = GS_AUDIT_LIMIT;
    if (ok && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
        status = (gs_audit_status)h.status;
        if (status == GS_AUDIT_OK)
            gs_buf_append(tsv, t.data, t.len);
        else
            gs_buf_append(why, w.data, w.len);
    } else if (WIFSIGNALED(st) && (WTERMSIG(st) == SIGXCPU || WTERMSIG(st) == SIGKILL)) {
        gs_buf_printf(why, "PDF を読むのに時間がかかりすぎます (CPU %d 秒を超えました)",
                      GS_AUDIT_CPU_SECONDS);
    } else {
        say_out_of_memory(why); /* or it crashed; a sanitizer says which */
    }
    gs_buf_free(&head);
    gs_buf_free(&t);
    gs_buf_free(&w);
    return status;
}

/* ---- comparing ----------------------------------------------------------- */

typedef struct line {
    const char *key;    /* up to the fourth tab */
    size_t klen;
    const char *value;
    size_t vlen;
} line;

static int line_cmp(const line *a, const line *b)
{
    size_t m = a->klen < b->klen ? a->klen : b->klen;
    int c = memcmp(a->key, b->key, m);
    if (c)
        return c;
    return a->klen < b->klen ? -1 : a->klen > b->klen;
}

static int by_line(const void *a, const void *b)
{
    return line_cmp(a, b);
}

/* Splits a canonical TSV into its lines (without the header), sorted by
 * key.  Returns false when it is not one. */
static bool parse(const char *s, size_t n, line **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    size_t at = header_len(s, n);
    if (at == 0)
        return false;
    size_t cap = 0;
    const char *p = s + at;
    const char *end = s + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        if (e > p && e[-1] == '\r')
            e--;
        if (e > p) {
            const char *t = key_end(p, e);
            if (!t) {
                free(*out);
                *out = NULL;
                *nout = 0;
                return false;
            }
            GS_GROW(*out, cap, *nout + 1);
            line *l = &(*out)[(*nout)++];
            l->key = p;
            l->klen = (size_t)(t - p);
            l->value = t + 1;
            l->vlen = (size_t)(e - t - 1);
        }
        p = nl ? nl + 1 : end;
    }
    if (*nout)
        qsort(*out, *nout, sizeof **out, by_line);
    return true;
}

/* sheet / section / row / column, leaving out empty parts */
static void show_key(gs_buf *out, const line *l)
{
    const char *p = l->key, *end = l->key + l->klen;
    bool first = true;
    while (p <= end) {
        const char *t = memchr(p, '\t', (size_t)(end - p));
        const char *e = t ? t : end;
        if (e > p) {
            if (!first)
                gs_buf_puts(out, " / ");
            gs_buf_append(out, p, (size_t)(e - p));
            first = false;
        }
        if (!t)
            break;
        p = t + 1;
    }
}

static void show_value(gs_buf *out, const line *l)
{
    if (l->vlen == 0)
        gs_buf_puts(out, "(空欄)");
    else
        gs_buf_append(out, l->value, l->vlen);
}

long gs_audit_diff(const char *old_tsv, size_t old_len, const char *new_tsv,
                   size_t new_len, gs_buf *out)
{
    line *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    if (!parse(old_tsv, old_len, &a, &na) || !parse(new_tsv, new_len, &b, &nb)) {
        free(a);
        free(b);
        return -1;
    }
    long diffs = 0;
    size_t i = 0, j = 0;
    while (i < na || j < nb) {
        int c = i == na ? 1 : j == nb ? -1 : line_cmp(&a[i], &b[j]);
        if (c == 0) {
            if (a[i].vlen != b[j].vlen ||
                memcmp(a[i].value, b[j].value, a[i].vlen) != 0) {
                gs_buf_puts(out, "変更 ");
                show_key(out, &a[i]);
                gs_buf_puts(out, ": ");
                show_value(out, &a[i]);
                gs_buf_puts(out, " → ");
                show_value(out, &b[j]);
                gs_buf_putc(out, '\n');
                diffs++;
            }
            i++;
            j++;
        } else if (c < 0) {
            gs_buf_puts(out, "削除 ");
            show_key(out, &a[i]);
            gs_buf_puts(out, ": ");
            show_value(out, &a[i]);
            gs_buf_putc(out, '\n');
            diffs++;
            i++;
        } else {
            gs_buf_puts(out, "追加 ");
            show_key(out, &b[j]);
            gs_buf_puts(out, ": ");
            show_value(out, &b[j]);
            gs_buf_putc(out, '\n');
            diffs++;
            j++;
        }
    }
    free(a);
    free(b);
    return diffs;
}
