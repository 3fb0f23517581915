/*
 * utf8.h - decoding UTF-8, once for everybody.
 *
 * Input is validated when it is read, so later stages decode trusted text;
 * the decoder still refuses overlong forms, surrogates and truncated
 * sequences so that a bug upstream shows up as U+FFFD-like failures rather
 * than as out-of-bounds reads.
 */
#ifndef GS_UTF8_H
#define GS_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define GS_UTF8_BAD UINT32_MAX

/* Decodes the sequence at s[*i] (s has n bytes) and advances *i past it.
 * Returns the code point, or GS_UTF8_BAD for a malformed sequence, of which
 * one byte is consumed. */
uint32_t gs_utf8_next_seq(const unsigned char *s, size_t n, size_t *i);
static inline uint32_t gs_utf8_next(const unsigned char *s, size_t n, size_t *i)
{
    /* inline for ASCII (figures, punctuation, the PDF's own syntax) */
    if (s[*i] < 0x80)
        return s[(*i)++];
    return gs_utf8_next_seq(s, n, i);
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlongs,
 * no surrogates, nothing above U+10FFFF) within avail bytes, or 0: the
 * check input files pass before anything else reads them. */
size_t gs_utf8_seq_len(const unsigned char *s, size_t avail);

/* Finds the lines of text (1-based) that hold bytes which are not UTF-8.
 * Fills at most max entries of lines[] and bytes[] (the first bad byte of
 * each line) and returns how many lines are bad in all, so a reader can
 * report a few and count the rest. */
size_t gs_utf8_bad_lines(const char *text, size_t len, int *lines,
                         unsigned char *bytes, size_t max);

/* Decodes the code point at s, NUL-terminated text already known to be
 * UTF-8; *len receives its length in bytes. */
uint32_t gs_utf8_decode(const char *s, size_t *len);

#endif
