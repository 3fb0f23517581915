/*
 * qpdf_dl.c - libqpdf, loaded when it is first needed instead of at start-up.
 *
 * Only dump, diff and the other commands that read a PDF back (audit.c) use
 * libqpdf, but linked normally it and what it brings (libstdc++'s users
 * aside: GnuTLS, Nettle, GMP, p11-kit, libidn2, libunistring, libtasn1,
 * libffi, libjpeg, ...: 11 of the process's 38 shared libraries) are
 * mapped and relocated by every process, a render's included: measured,
 * an empty program linked like grantsheet started in about half the time
 * without them (issue 12).  So grantsheet is not linked with libqpdf; this
 * file defines the functions of qpdf's C API that audit.c calls, under
 * their own names and with qpdf-c.h's prototypes, each of which finds the
 * real one in GS_QPDF_SONAME (the library the build was made against) on
 * its first call.
 *
 * A libqpdf that cannot be loaded is a broken installation, as it was
 * before, when the dynamic loader refused to start the program: the same
 * message the loader would print, and exit status 127, like the loader's.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <qpdf/qpdf-c.h>

#ifndef GS_QPDF_SONAME
#define GS_QPDF_SONAME "libqpdf.so.29"
#endif

static void *lookup(const char *name)
{
    static void *lib;
    if (!lib)
        lib = dlopen(GS_QPDF_SONAME, RTLD_NOW | RTLD_LOCAL);
    void *f = lib ? dlsym(lib, name) : NULL;
    if (!f) {
        const char *why = dlerror();
        fprintf(stderr, "grantsheet: error while loading shared libraries: %s\n",
                why ? why : name);
        _exit(127);
    }
    return f;
}

/* One forwarding definition per function: RET name PARAMS calls the real
 * name with ARGS. */
#define FORWARD(ret, name, params, args)                                   \
    ret name params                                                        \
    {                                                                      \
        static ret(*real) params;                                          \
        if (!real)                                                         \
            *(void **)&real = lookup(#name);                               \
        return real args;                                                  \
    }
#define FORWARD_VOID(name, params, args)                                   \
    void name params                                                       \
    {                                                                      \
        static void(*real) params;                                         \
        if (!real)                                                         \
            *(void **)&real = lookup(#name);                               \
        real args;                                                         \
    }

/* qpdf-c.h declares it without a prototype */
qpdf_data qpdf_init(void);
FORWARD(qpdf_data, qpdf_init, (void), ())
FORWARD_VOID(qpdf_cleanup, (qpdf_data *q), (q))
FORWARD_VOID(qpdf_silence_errors, (qpdf_data q), (q))
FORWARD_VOID(qpdf_set_suppress_warnings, (qpdf_data q, QPDF_BOOL v), (q, v))
FORWARD_VOID(qpdf_set_attempt_recovery, (qpdf_data q, QPDF_BOOL v), (q, v))
FORWARD(QPDF_ERROR_CODE, qpdf_read_memory,
        (qpdf_data q, char const *description, char const *buffer,
         unsigned long long size, char const *password),
        (q, description, buffer, size, password))
FORWARD(QPDF_BOOL, qpdf_has_error, (qpdf_data q), (q))
FORWARD(qpdf_error, qpdf_get_error, (qpdf_data q), (q))
FORWARD(QPDF_BOOL, qpdf_more_warnings, (qpdf_data q), (q))
FORWARD(qpdf_error, qpdf_next_warning, (qpdf_data q), (q))
FORWARD(enum qpdf_error_code_e, qpdf_get_error_code, (qpdf_data q, qpdf_error e),
        (q, e))
FORWARD(char const *, qpdf_get_error_full_text, (qpdf_data q, qpdf_error e),
        (q, e))
FORWARD(char const *, qpdf_get_error_message_detail, (qpdf_data q, qpdf_error e),
        (q, e))
FORWARD(qpdf_oh, qpdf_get_root, (qpdf_data q), (q))
FORWARD(qpdf_oh, qpdf_oh_new_null, (qpdf_data q), (q))
FORWARD_VOID(qpdf_oh_release, (qpdf_data q, qpdf_oh oh), (q, oh))
FORWARD(QPDF_BOOL, qpdf_oh_is_null, (qpdf_data q, qpdf_oh oh), (q, oh))
FORWARD(QPDF_BOOL, qpdf_oh_is_array, (qpdf_data q, qpdf_oh oh), (q, oh))
FORWARD(QPDF_BOOL, qpdf_oh_is_dictionary, (qpdf_data q, qpdf_oh oh), (q, oh))
FORWARD(QPDF_BOOL, qpdf_oh_is_integer, (qpdf_data q, qpdf_oh oh), (q, oh))
FORWARD(QPDF_BOOL, qpdf_oh_is_stream, (qpdf_data q, qpdf_oh oh), (q, oh))
FORWARD(QPDF_BOOL, qpdf_oh_is_string, (qpdf_data q, qpdf_oh oh), (q, oh))
FORWARD(QPDF_BOOL, qpdf_oh_is_name_and_equals,
        (qpdf_data q, qpdf_oh oh, char const *name), (q, oh, name))
FORWARD(int, qpdf_oh_get_array_n_items, (qpdf_data q, qpdf_oh oh), (q, oh))
FORWARD(qpdf_oh, qpdf_oh_get_array_item, (qpdf_data q, qpdf_oh oh, int n),
        (q, oh, n))
FORWARD(qpdf_oh, qpdf_oh_get_dict, (qpdf_data q, qpdf_oh oh), (q, oh))
FORWARD(qpdf_oh, qpdf_oh_get_key, (qpdf_data q, qpdf_oh oh, char const *key),
        (q, oh, key))
FORWARD(long long, qpdf_oh_get_int_value, (qpdf_data q, qpdf_oh oh), (q, oh))
FORWARD(unsigned long long, qpdf_oh_get_uint_value, (qpdf_data q, qpdf_oh oh),
        (q, oh))
FORWARD(char const *, qpdf_oh_get_binary_utf8_value,
        (qpdf_data q, qpdf_oh oh, size_t *length), (q, oh, length))
FORWARD(char const *, qpdf_oh_unparse, (qpdf_data q, qpdf_oh oh), (q, oh))
FORWARD(QPDF_ERROR_CODE, qpdf_oh_get_stream_data,
        (qpdf_data q, qpdf_oh stream_oh, enum qpdf_stream_decode_level_e level,
         QPDF_BOOL *filtered, unsigned char **bufp, size_t *len),
        (q, stream_oh, level, filtered, bufp, len))
