/*
 * corpus.c - writes the benchmark corpus for `grantsheet batch`.
 *
 *   corpus OUTDIR [SEED]
 *
 * 1,788 plans, one per local government: the 47 prefectures (real names)
 * and 1,741 municipalities (synthetic names, as many per prefecture as it
 * really has, Tokyo's 23 wards included).  Each plan has 1-5 fiscal years,
 * 1-6 KPIs and 1-4 elements a year, and figures that add up, so every plan
 * renders.  Only the stable parts of the format are used (applicant,
 * project, kpis, expenses).  The same SEED (default 1) writes byte-identical
 * files, so figures from different machines compare.
 *
 * Layout: OUTDIR/NN/pref.xml and OUTDIR/NN/mNNNN.xml (NN = prefecture code).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const struct {
    const char *name;
    int municipalities;
} prefs[47] = {
    {"北海道", 179}, {"青森県", 40}, {"岩手県", 33}, {"宮城県", 35},
    {"秋田県", 25}, {"山形県", 35}, {"福島県", 59}, {"茨城県", 44},
    {"栃木県", 25}, {"群馬県", 35}, {"埼玉県", 63}, {"千葉県", 54},
    {"東京都", 62}, {"神奈川県", 33}, {"新潟県", 30}, {"富山県", 15},
    {"石川県", 19}, {"福井県", 17}, {"山梨県", 27}, {"長野県", 77},
    {"岐阜県", 42}, {"静岡県", 35}, {"愛知県", 54}, {"三重県", 29},
    {"滋賀県", 19}, {"京都府", 26}, {"大阪府", 43}, {"兵庫県", 41},
    {"奈良県", 39}, {"和歌山県", 30}, {"鳥取県", 19}, {"島根県", 19},
    {"岡山県", 27}, {"広島県", 23}, {"山口県", 19}, {"徳島県", 24},
    {"香川県", 17}, {"愛媛県", 20}, {"高知県", 34}, {"福岡県", 60},
    {"佐賀県", 20}, {"長崎県", 21}, {"熊本県", 45}, {"大分県", 18},
    {"宮崎県", 26}, {"鹿児島県", 43}, {"沖縄県", 41},
};

static const char *const stems[] = {
    "みどり", "さくら", "あおば", "ひかり", "やまと", "みなと", "かわせ",
    "はるの", "あさひ", "みずほ", "こがね", "しらさぎ",
};
static const char *const suffixes[] = {"市", "町", "村"};
static const char *const themes[] = {
    "外国人材活躍推進", "観光交流拠点整備", "移住定住促進", "中心市街地活性化",
    "地域産業デジタル化", "農林水産業担い手育成", "子育て支援ネットワーク",
    "地域交通再編", "脱炭素まちづくり", "関係人口創出",
};
static const char *const kpi_names[][2] = {
    {"新規就業者数", "人"}, {"参加事業所数", "社"}, {"観光入込客数", "千人"},
    {"移住者数", "人"}, {"相談支援件数", "件"}, {"新規創業件数", "件"},
    {"イベント参加者数", "人"}, {"体験プログラム利用者数", "人"},
};
static const char *const phrases[] = {
    "地域の事業者と連携し、",
    "専門人材を配置して相談窓口を運営し、",
    "関係団体との協議会を設け、",
    "前年度の成果を検証しながら、",
    "オンラインと対面の双方で、",
    "住民や大学と協働して、",
};
static const char *const goals[] = {
    "事業の仕組みを構築するために必要な事業費",
    "取組を本格的に展開するために必要な事業費",
    "成果を地域全体に広げるために必要な事業費",
};

static uint64_t rng_state;

/* splitmix64: small, fast and the same on every machine */
static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static int pick(int lo, int hi)
{
    return lo + (int)(rnd() % (uint64_t)(hi - lo + 1));
}

/* 12345 -> "12,345" */
static const char *amount(int64_t v, char *buf, size_t cap)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%" PRId64, v);
    size_t o = 0;
    for (int i = 0; i < n && o + 2 < cap; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

static void write_text(FILE *f, int sentences)
{
    for (int i = 0; i < sentences; i++)
        fputs(phrases[pick(0, 5)], f);
    fputs(goals[pick(0, 2)], f);
}

static void write_plan(FILE *f, const char *pref, const char *muni, int serial)
{
    int nyears = pick(1, 5);
    int nkpis = pick(1, 6);
    int first = pick(2025, 2027);
    bool facility = pick(0, 3) == 0;
    const char *theme = themes[pick(0, 9)];
    char a[32], b[32], c[32];

    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<!-- grantsheet benchmark corpus, plan %d (generated) -->\n"
               "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
               "  <applicant>\n    <prefecture>%s</prefecture>\n",
            serial, pref);
    if (muni)
        fprintf(f, "    <municipality>%s</municipality>\n", muni);
    fprintf(f, "    <department>企画政策課</department>\n  </applicant>\n"
               "  <project>\n    <name>%s%s事業</name>\n"
               "    <kinds>%s</kinds>\n"
               "    <period first=\"%d\" last=\"%d\"/>\n  </project>\n"
               "  <kpis>\n",
            muni ? muni : pref, theme, facility ? "soft base" : "soft", first,
            first + nyears - 1);
    for (int k = 1; k <= nkpis; k++) {
        int kn = pick(0, 7);
        fprintf(f, "    <kpi no=\"%d\" unit=\"%s\">%s</kpi>\n", k,
                kpi_names[kn][1], kpi_names[kn][0]);
    }
    fprintf(f, "  </kpis>\n  <expenses date=\"%d-01-%02d\">\n", first, pick(10, 28));
    int64_t sum_soft = 0, sum_fac = 0;
    for (int y = 0; y < nyears; y++) {
        int fy = first + y;
        int nsoft = pick(1, 4);
        int nfac = facility && nsoft < 4 ? pick(0, 1) : 0;
        int64_t soft[4], fac = 0, soft_total = 0;
        for (int e = 0; e < nsoft; e++) {
            soft[e] = pick(500, 40000);
            soft_total += soft[e];
        }
        if (nfac)
            fac = pick(100, (int)(soft_total / 3 + 100)); /* well under half */
        fprintf(f, "    <year fy=\"%d\">\n      <positioning>", fy);
        write_text(f, pick(1, 3));
        fprintf(f, "</positioning>\n      <start>%d-04</start>\n"
                   "      <end>%d-03</end>\n"
                   "      <budget month=\"%d-04\" kind=\"当初\"/>\n"
                   "      <eligible>%s</eligible>\n"
                   "      <soft count=\"%d\" total=\"%s\">\n",
                fy, fy + 1, fy, amount(soft_total + fac, a, sizeof a), nsoft,
                amount(soft_total, b, sizeof b));
        for (int e = 0; e < nsoft; e++) {
            fprintf(f, "        <element no=\"%d\" kpi=\"", e + 1);
            int nk = pick(1, nkpis);
            for (int k = 1; k <= nk; k++)
                fprintf(f, k > 1 ? " %d" : "%d", k);
            fprintf(f, "\" amount=\"%s\">\n          <name>%s事業 その%d</name>\n"
                       "          <description>\n            <p>",
                    amount(soft[e], a, sizeof a), theme, e + 1);
            write_text(f, pick(1, 4));
            fputs("</p>\n", f);
            if (pick(0, 1)) {
                int64_t part = soft[e] / 3;
                fprintf(f, "            <item amount=\"%s\">委託料</item>\n"
                           "            <item amount=\"%s\">需用費・役務費</item>\n",
                        amount(soft[e] - part, b, sizeof b), amount(part, c, sizeof c));
            } else {
                fprintf(f, "            <item amount=\"%s\">事業経費(委託料)</item>\n",
                        amount(soft[e], b, sizeof b));
            }
            fputs("          </description>\n        </element>\n", f);
        }
        fputs("      </soft>\n", f);
        if (nfac) {
            fprintf(f, "      <facility count=\"1\" total=\"%s\">\n"
                       "        <element no=\"%d\" amount=\"%s\">\n"
                       "          <name>拠点施設の備品整備</name>\n"
                       "        </element>\n      </facility>\n",
                    amount(fac, a, sizeof a), nsoft + 1, amount(fac, b, sizeof b));
        } else {
            fputs("      <facility count=\"0\" total=\"0\"/>\n", f);
        }
        fputs("    </year>\n", f);
        sum_soft += soft_total;
        sum_fac += fac;
    }
    fprintf(f, "    <totals eligible=\"%s\" soft=\"%s\" facility=\"%s\"/>\n"
               "  </expenses>\n</plan>\n",
            amount(sum_soft + sum_fac, a, sizeof a), amount(sum_soft, b, sizeof b),
            amount(sum_fac, c, sizeof c));
}

static int emit(const char *dir, const char *file, const char *pref,
                const char *muni, int serial)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "corpus: %s: %s\n", path, strerror(errno));
        return -1;
    }
    write_plan(f, pref, muni, serial);
    if (fclose(f) != 0) {
        fprintf(stderr, "corpus: %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: corpus OUTDIR [SEED]\n");
        return 2;
    }
    rng_state = argc == 3 ? strtoull(argv[2], NULL, 10) : 1;
    if (mkdir(argv[1], 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "corpus: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    int serial = 0;
    for (int p = 0; p < 47; p++) {
        char dir[4096], file[32], muni[128];
        snprintf(dir, sizeof dir, "%s/%02d", argv[1], p + 1);
        if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "corpus: %s: %s\n", dir, strerror(errno));
            return 1;
        }
        if (emit(dir, "pref.xml", prefs[p].name, NULL, ++serial) != 0)
            return 1;
        for (int m = 1; m <= prefs[p].municipalities; m++) {
            snprintf(file, sizeof file, "m%04d.xml", m);
            /* Tokyo's first 23 are its special wards */
            if (p == 12 && m <= 23)
                snprintf(muni, sizeof muni, "%s区%04d", stems[m % 12], m);
            else
                snprintf(muni, sizeof muni, "%s%s%04d", stems[(m + p) % 12],
                         suffixes[(m + p) % 3], m);
            if (emit(dir, file, prefs[p].name, muni, ++serial) != 0)
                return 1;
        }
    }
    printf("corpus: %d plans in %s\n", serial, argv[1]);
    return 0;
}
