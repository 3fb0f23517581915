/*
 * linebreak.h - Japanese line breaking for text inside table cells.
 *
 * Break opportunities come from ICU's line break iterator with the locale
 * "ja@lb=strict": strict 禁則 never starts a line with 、。，．）」』】, small
 * kana or ー, and never ends one with （「『【.  On top of ICU, a number stays
 * with what follows it ("12,219千円", "2026年度"), because ICU would offer a
 * break between the digits and the unit.  A piece that cannot fit a line on
 * its own (a long URL, say) is broken between characters as a last resort.
 *
 * Lines are returned as byte spans of the input, so the caller keeps its own
 * text and positions; a '\n' in the text is a hard line break.
 */
#ifndef GS_LINEBREAK_H
#define GS_LINEBREAK_H

#include <stddef.h>

typedef struct gs_breaker gs_breaker;

/* Width of the UTF-8 bytes s[0..n) in any unit, as long as it is additive. */
typedef double (*gs_measure_fn)(void *ctx, const char *s, size_t n);

typedef struct gs_span {
    size_t off, len;
} gs_span;

/* NULL if ICU cannot provide a line break iterator. */
gs_breaker *gs_breaker_new(void);
void gs_breaker_free(gs_breaker *b);

/* Breaks text[0..len) into lines no wider than max_width (except a single
 * character wider than the line).  *lines receives a malloc'd array the
 * caller frees; returns the number of lines (at least 1, even for "").
 * Trailing spaces are not part of a line. */
size_t gs_wrap(gs_breaker *b, const char *text, size_t len, double max_width,
               gs_measure_fn measure, void *ctx, gs_span **lines);

#endif
