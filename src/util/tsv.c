/*
 * tsv.c - escaping one TSV field; see tsv.h for the rules.
 */
#include "util/tsv.h"

#include <stdlib.h>
#include <string.h>

void gs_tsv_escape(gs_buf *out, const char *s, const char *extra)
{
    static const char hex[] = "0123456789abcdef";
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        unsigned char c = *p;
        if (c == '\\')
            gs_buf_puts(out, "\\\\");
        else if (c == '\t')
            gs_buf_puts(out, "\\t");
        else if (c == '\n')
            gs_buf_puts(out, "\\n");
        else if (c == '\r')
            gs_buf_puts(out, "\\r");
        else if (c < 0x20 || c == 0x7f || (extra && strchr(extra, c))) {
            char e[5] = {'\\', 'x', hex[c >> 4], hex[c & 15], '\0'};
            gs_buf_puts(out, e);
        } else
            gs_buf_putc(out, (char)c);
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

char *gs_tsv_unescape(const char *s)
{
    gs_buf b = GS_BUF_INIT;
    gs_buf_puts(&b, "");
    for (const char *p = s; *p; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            goto bad;
        if (*p != '\\') {
            gs_buf_putc(&b, *p);
            continue;
        }
        p++;
        switch (*p) {
        case '\\': gs_buf_putc(&b, '\\'); break;
        case 't': gs_buf_putc(&b, '\t'); break;
        case 'n': gs_buf_putc(&b, '\n'); break;
        case 'r': gs_buf_putc(&b, '\r'); break;
        case 'x': {
            int hi = p[1] ? hexval(p[1]) : -1, lo = hi >= 0 ? hexval(p[2]) : -1;
            if (lo < 0 || (hi == 0 && lo == 0))
                goto bad;
            gs_buf_putc(&b, (char)(hi << 4 | lo));
            p += 2;
            break;
        }
        default:
            goto bad;
        }
    }
    return gs_buf_detach(&b);
bad:
    gs_buf_free(&b);
    return NULL;
}
