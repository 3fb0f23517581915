/*
 * utf8.c - the UTF-8 decoder of utf8.h.
 */
#include "util/utf8.h"

#include <string.h>

uint32_t gs_utf8_next_seq(const unsigned char *s, size_t n, size_t *i)
{
    unsigned char c = s[*i];
    /* Japanese text is three-byte sequences: those first, straight-line
     * (text is decoded at several stages, ~20,000 times a (別紙1-1));
     * anything else, and every malformed case, takes the general path. */
    if ((c & 0xF0) == 0xE0 && *i + 3 <= n) {
        unsigned c1 = s[*i + 1], c2 = s[*i + 2];
        if ((c1 & 0xC0) == 0x80 && (c2 & 0xC0) == 0x80) {
            uint32_t cp = (uint32_t)(c & 0x0F) << 12 | (c1 & 0x3F) << 6 | (c2 & 0x3F);
            if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
                *i += 3;
                return cp;
            }
        }
    }
    size_t len;
    uint32_t cp, min;
    if (c < 0x80) {
        (*i)++;
        return c;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, cp = c & 0x07, min = 0x10000;
    } else {
        (*i)++;
        return GS_UTF8_BAD;
    }
    if (*i + len > n) {
        (*i)++;
        return GS_UTF8_BAD;
    }
    for (size_t k = 1; k < len; k++) {
        unsigned char cc = s[*i + k];
        if ((cc & 0xC0) != 0x80) {
            (*i)++;
            return GS_UTF8_BAD;
        }
        cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        (*i)++;
        return GS_UTF8_BAD;
    }
    *i += len;
    return cp;
}

size_t gs_utf8_seq_len(const unsigned char *s, size_t avail)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (avail < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

uint32_t gs_utf8_decode(const char *s, size_t *len)
{
    size_t i = 0;
    uint32_t cp = gs_utf8_next((const unsigned char *)s, strnlen(s, 4), &i);
    *len = i;
    return cp == GS_UTF8_BAD ? 0xFFFD : cp;
}

size_t gs_utf8_bad_lines(const char *text, size_t len, int *lines,
                         unsigned char *bytes, size_t max)
{
    const unsigned char *s = (const unsigned char *)text;
    int line = 1, reported_line = 0;
    size_t nbad = 0;
    for (size_t i = 0; i < len;) {
        size_t n = gs_utf8_seq_len(s + i, len - i);
        if (n == 0) {
            if (line != reported_line) {
                if (nbad < max) {
                    lines[nbad] = line;
                    bytes[nbad] = s[i];
                }
                nbad++;
                reported_line = line;
            }
            i++;
            continue;
        }
        if (s[i] == '\n')
            line++;
        i += n;
    }
    return nbad;
}
