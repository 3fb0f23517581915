/*
 * qpdf_dl.c - libqpdf, loaded when it is first needed instead of at start-up.
 *
 * Only dump, diff and the other commands that read a PDF back (audit.c) use
 * libqpdf, but linked normally it and what it brings (GnuTLS, Nettle, GMP,
 * p11-kit, libidn2, libunistring, libtasn1, libffi, libjpeg, ...: 11 of the
 * 38 shared libraries a process had) are mapped and relocated by every
 * process, a render's included (issue 12).  So grantsheet is not linked with
 * libqpdf; this file defines the functions of qpdf's C API that audit.c
 * calls, each of which finds the real one in GS_QPDF_SONAME (the library the
 * build was made against) on its first call (util/dl.h).
 */
#include <qpdf/qpdf-c.h>

#include "util/dl.h"

#ifndef GS_QPDF_SONAME
#define GS_QPDF_SONAME "libqpdf.so.29"
#endif

GS_DL_LIBRARY(GS_QPDF_SONAME)

/* qpdf-c.h declares it without a prototype */
qpdf_data qpdf_init(void);
GS_DL(qpdf_data, qpdf_init, (void), ())
GS_DL_VOID(qpdf_cleanup, (qpdf_data *q), (q))
GS_DL_VOID(qpdf_silence_errors, (qpdf_data q), (q))
GS_DL_VOID(qpdf_set_suppress_warnings, (qpdf_data q, QPDF_BOOL v), (q, v))
GS_DL_VOID(qpdf_set_attempt_recovery, (qpdf_data q, QPDF_BOOL v), (q, v))
GS_DL(QPDF_ERROR_CODE, qpdf_read_memory,
        (qpdf_data q, char const *description, char const *buffer,
         unsigned long long size, char const *password),
        (q, description, buffer, size, password))
GS_DL(QPDF_BOOL, qpdf_has_error, (qpdf_data q), (q))
GS_DL(qpdf_error, qpdf_get_error, (qpdf_data q), (q))
GS_DL(QPDF_BOOL, qpdf_more_warnings, (qpdf_data q), (q))
GS_DL(qpdf_error, qpdf_next_warning, (qpdf_data q), (q))
GS_DL(enum qpdf_error_code_e, qpdf_get_error_code, (qpdf_data q, qpdf_error e),
        (q, e))
GS_DL(char const *, qpdf_get_error_full_text, (qpdf_data q, qpdf_error e),
        (q, e))
GS_DL(char const *, qpdf_get_error_message_detail, (qpdf_data q, qpdf_error e),
        (q, e))
GS_DL(qpdf_oh, qpdf_get_root, (qpdf_data q), (q))
GS_DL(qpdf_oh, qpdf_oh_new_null, (qpdf_data q), (q))
GS_DL_VOID(qpdf_oh_release, (qpdf_data q, qpdf_oh oh), (q, oh))
GS_DL(QPDF_BOOL, qpdf_oh_is_null, (qpdf_data q, qpdf_oh oh), (q, oh))
GS_DL(QPDF_BOOL, qpdf_oh_is_array, (qpdf_data q, qpdf_oh oh), (q, oh))
GS_DL(QPDF_BOOL, qpdf_oh_is_dictionary, (qpdf_data q, qpdf_oh oh), (q, oh))
GS_DL(QPDF_BOOL, qpdf_oh_is_integer, (qpdf_data q, qpdf_oh oh), (q, oh))
GS_DL(QPDF_BOOL, qpdf_oh_is_stream, (qpdf_data q, qpdf_oh oh), (q, oh))
GS_DL(QPDF_BOOL, qpdf_oh_is_string, (qpdf_data q, qpdf_oh oh), (q, oh))
GS_DL(QPDF_BOOL, qpdf_oh_is_name_and_equals,
        (qpdf_data q, qpdf_oh oh, char const *name), (q, oh, name))
GS_DL(int, qpdf_oh_get_array_n_items, (qpdf_data q, qpdf_oh oh), (q, oh))
GS_DL(qpdf_oh, qpdf_oh_get_array_item, (qpdf_data q, qpdf_oh oh, int n),
        (q, oh, n))
GS_DL(qpdf_oh, qpdf_oh_get_dict, (qpdf_data q, qpdf_oh oh), (q, oh))
GS_DL(qpdf_oh, qpdf_oh_get_key, (qpdf_data q, qpdf_oh oh, char const *key),
        (q, oh, key))
GS_DL(long long, qpdf_oh_get_int_value, (qpdf_data q, qpdf_oh oh), (q, oh))
GS_DL(unsigned long long, qpdf_oh_get_uint_value, (qpdf_data q, qpdf_oh oh),
        (q, oh))
GS_DL(char const *, qpdf_oh_get_binary_utf8_value,
        (qpdf_data q, qpdf_oh oh, size_t *length), (q, oh, length))
GS_DL(char const *, qpdf_oh_unparse, (qpdf_data q, qpdf_oh oh), (q, oh))
GS_DL(QPDF_ERROR_CODE, qpdf_oh_get_stream_data,
        (qpdf_data q, qpdf_oh stream_oh, enum qpdf_stream_decode_level_e level,
         QPDF_BOOL *filtered, unsigned char **bufp, size_t *len),
        (q, stream_oh, level, filtered, bufp, len))
