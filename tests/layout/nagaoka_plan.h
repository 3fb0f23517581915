/*
 * nagaoka_plan.h - the whole Nagaoka plan (reference/nagaoka-gaikokujin-plan
 * .txt) as a model built by hand, for tests that render every sheet without
 * depending on the XML reader.  nagaoka_fill() adds every sheet but
 * (別紙1-1) to a plan; nagaoka_years() adds the (別紙1-1) year blocks.
 */
#ifndef NAGAOKA_PLAN_H
#define NAGAOKA_PLAN_H

#include <stdlib.h>
#include <string.h>

#include "model/plan.h"
#include "model/totals.h"
#include "util/buf.h"

static char *nd(const char *s) { return gs_xstrdup(s); }

static gs_stated nst(int64_t v, gs_srcpos pos)
{
    gs_stated s = {true, v, pos};
    return s;
}

static void nagaoka_years(gs_plan *p)
{
    static const int64_t amount[] = {12219, 12719, 13219};
    static const char *const name[] = {
        "外国人材活躍推進プラットフォーム事業",
        "外国人材活躍推進プラットフォーム構築事業",
        "外国人材活躍推進プラットフォーム構築事業",
    };
    p->years = calloc(3, sizeof *p->years);
    p->nyears = 3;
    for (int i = 0; i < 3; i++) {
        gs_year *y = &p->years[i];
        y->pos = p->pos;
        y->fy = 2025 + i;
        y->positioning = nd("全事業期間における本年の位置付けの文。");
        y->start = (gs_ym){2025 + i, 4};
        y->end = (gs_ym){2026 + i, 3};
        y->budgets[0].when = (gs_ym){2025 + i, 4};
        y->budgets[0].kind = nd("当初");
        y->nbudgets = 1;
        y->soft.elems = calloc(1, sizeof *y->soft.elems);
        y->soft.nelems = 1;
        gs_element *e = &y->soft.elems[0];
        e->no = 1;
        e->name = nd(name[i]);
        e->kpis = calloc(4, sizeof *e->kpis);
        for (int k = 0; k < 4; k++)
            e->kpis[k] = k + 1;
        e->nkpis = 4;
        e->desc = calloc(3, sizeof *e->desc);
        e->ndesc = 3;
        e->desc[0].text = nd("就労・雇用相談窓口を新設(試行)し、長岡で働きたい外国人や採用したい企業からの相談を通じて、課題やニーズを把握し、外国人材と企業が交流する機会の提供や人材のマッチングを一貫してサポートするプラットフォームを構築するために必要な事業費");
        e->desc[1].is_item = true;
        e->desc[1].text = nd("外国人材活躍推進プラットフォーム事業経費(委託料)");
        e->desc[1].amount = amount[i];
        e->desc[2].text = nd("<プラットフォーム機能> 相談支援、交流機会創出、インターンシッププログラム実施、人材マッチング支援、就労フォローアップ支援");
    }
}

static void nagaoka_fill(gs_plan *p)
{
    gs_srcpos pos = p->pos;
    p->prefecture = nd("新潟県");
    p->municipality = nd("長岡市");
    p->department = nd("商工部産業立地・人材課");
    p->contact = nd("長岡 太郎");
    p->phone = nd("0258-39-0000");
    p->email = nd("example@city.nagaoka.lg.jp");
    p->project_name = nd("地域産業の活力を高める外国人材活躍推進プラットフォーム事業");
    p->kinds = GS_KIND_SOFT;
    p->field = nd("地方への人の流れ分野");
    p->fy_first = 2025;
    p->fy_last = 2027;
    p->period_pos = pos;
    p->doc_year = 2025;
    p->doc_month = 1;
    p->doc_day = 23;
    p->bodies = calloc(1, sizeof *p->bodies);
    p->nbodies = 1;
    p->bodies[0].prefecture = nd("新潟県");
    p->bodies[0].municipality = nd("長岡市");
    p->bodies[0].code = nd("152021");

    gs_overview *o = &p->overview;
    o->first_round = nd("令和7年度第1回募集");
    o->purpose = nd("・外国人材と企業の交流・相互理解の機会の提供やニーズにあった人材マッチングを一貫して支援するプラットフォームを構築し、外国人材の新規就業者増加を図る。\n・就労・雇用相談窓口での相談支援やコミュニティ形成の取組を通じて、安心して長期的に働ける環境を整え、外国人材の活躍と定着により、地域産業の活性化を目指す。");
    o->summary_note = nd("産業ビジネス支援拠点内において\n企業・外国人材をワンストップで支援\n\n［就労・雇用相談］［交流・相互理解］\n［人材マッチング］［採用・定着支援］\n\n課題・ニーズに合わせて、\nコーディネーターがサポート");
    o->participation = nd("高専、大学等の教育・研究機関や地方銀行が参加するグローバル人材活躍推進協議会で情報共有及び意見交換を行い、課題の洗い出しや改善方策について検討した内容を事業内容に反映し、効果的な事業実施を図る。商工会議所と連携し、市内企業の事例共有やイベント等の周知を広くを行い、事業の周知促進及び市内企業での外国人材の活用促進に取り組む。");

    p->background_future = nd("本市は、新潟県を代表する「ものづくりのまち」として、工作機械や産業機械、電気・電子部品製造、米菓・日本酒などの食品産業の集積に加え、近年はそれらの産業を支えるソフトウェア産業も集積している人口25.5万人、製造出荷額7,228億円の都市である。");
    p->background_issues = nd("外国人材活用推進アドバイザーの市内企業、大学等へのヒアリングによると、市内企業においては、人材確保の一つとして、外国人採用の取組を始めている企業が増加傾向にある。一方で、直接外国人留学生などと交流する機会が少なく、外国人材採用には、日本語レベル、文化・宗教の違い、食事への配慮、住居、就労期間等の不安があり、外国人材が重視するどのように活躍できるかというキャリアデザインへの理解を深めることができていない。");
    p->background_summary = nd("2026年にオープン予定の産業ビジネス支援拠点内に、就労・雇用相談窓口を新設し、長岡で働きたい外国人や採用したい企業からの相談を契機に、外国人材と企業が交流・相互理解を進めるための機会の提供や、ニーズにあった人材マッチングを、教育機関・支援機関と連携して一貫して支援するプラットフォームを構築し、外国人材の採用・定着を目指す。");
    p->excluded = true;

    static const char *const kname[] = {"外国人材の新規就業者数", "外国人雇用事業所数",
                                        "交流事業への参加企業数", "就労・雇用相談支援件数"};
    static const char *const kunit[] = {"人", "社", "社", "件"};
    static const int64_t base[] = {200, 35400, 1800, 1500};
    static const int64_t inc[] = {1000, 1400, 1000, 1500};
    p->kpis = calloc(4, sizeof *p->kpis);
    p->nkpis = 4;
    for (int i = 0; i < 4; i++) {
        gs_kpi *k = &p->kpis[i];
        k->pos = pos;
        k->no = i + 1;
        k->name = nd(kname[i]);
        k->unit = nd(kunit[i]);
        k->rationale = nd("外国人材活躍推進プラットフォームにおいて企業・外国人材のマッチング支援を行い、その結果として増加する外国人材の市内企業就業者数を把握することで、直接的な効果を計測できる。");
        k->baseline = nst(base[i], pos);
        for (int c = 0; c < 3; c++)
            k->inc[c] = nst(inc[i], pos);
    }

    gs_funding *f = &p->funding;
    f->effort = nd("当初は行政が第2世代交付金(地方創生型)を活用して、外国人材活躍推進プラットフォームを構築し、グッドプラクティスの創出支援と横展開のための関係機関との情報連携を行い、将来的には事業に参加する企業や連携する自治体の負担金、市内・首都圏等の企業からの企業版ふるさと納税につなげ、自立していく。");
    static const char *const skind[] = {"参加企業負担金", "連携自治体等負担金", "企業からの寄付金"};
    static const char *const scont[] = {
        "インターンシッププログラム参画企業や関係協議会などから負担金を徴収し、財源を確保していく。",
        "新潟県との協働の可能性を探り、共催できる事業に係る経費の負担金徴収を図る。",
        "本事業について、広報紙やHPへの掲載、マスコミに情報提供するなど、幅広く企業版ふるさと納税を募集し寄附を増やす。"};
    static const int64_t sv[] = {500, 500, 1000};
    for (int i = 0; i < 3; i++) {
        f->src[i].kind = nd(skind[i]);
        f->src[i].content = nd(scont[i]);
        f->src[i].before = nst(0, pos);
        for (int c = 0; c < 3; c++)
            f->src[i].v[c] = nst(sv[i], pos);
    }

    static const char *const aname[] = {"企業、商工会議所", "長岡市", "高専、大学等の教育・研究機関", "地方銀行"};
    for (int i = 0; i < 4; i++) {
        p->actors[i].name = nd(aname[i]);
        p->actors[i].role = nd("【役割】外国人材受入環境を整備し、交流・インターンシップに取り組む。\n【意見・改善方策】商工会議所との連携により、地域内での事例共有と参加企業の拡大を図る。");
    }
    p->verify_timing = nd("毎年度 9 月");
    p->verify_method = nd("長岡グローバル人材活躍推進協議会や、産官学金労言による長岡市地方創生推進会議などの意見を踏まえ検証を実施する。");
    p->verify_members = nd("長岡商工会議所、長岡地域商工会連合、長岡公共職業安定所、長岡技術科学大学、長岡造形大学、長岡大学、長岡崇徳大学、長岡工業高等専門学校、地域金融機関、連合新潟中越地域協議会、新潟日報社、新潟県工業技術研究所中越技術支援センター、(公財)にいがた産業創造機構(NICO)テクノプラザ、同ナノテクセンター、ながおか新産業創造センター(NBIC)、NPO法人長岡産業活性化協会NAZE");
    p->verify_publish = nd("市ホームページ等で公表する。");
    p->strategy_now = (gs_strategy){pos, {2020, 4, 1}, {2026, 3, 31},
        nd("第2期長岡市まち・ひと・しごと創生総合戦略(現行)\n○若者が魅力を感じて働きたくなるように、頑張る地元企業・地場産業の支援に加え、起業・創業や企業誘致を産官学金の総合力で推進します。\n【戦略4 働く】地域企業のグローバル化に向けて、高度な技術を持つ外国人材が活躍できる環境づくりを推進")};
    p->strategy_next = (gs_strategy){pos, {2026, 4, 1}, {2031, 3, 31},
        nd("第3期長岡市まち・ひと・しごと創生総合戦略(仮称)(次期)\n○若者が魅力を感じて働きたくなるように、頑張る地元企業・地場産業の支援に加え、起業・創業や企業誘致を産官学金の総合力で推進します。\n【戦略4 働く】地域企業のグローバル化に向けて、高度な技術を持つ外国人材が活躍できる環境づくりを推進\n現在、策定作業中")};
    p->regional_plan_name = nd("長岡市まち・ひと・しごと創生推進交付金計画");
    p->regional_plan_area = nd("新潟県長岡市の全域");
    p->regional_plan_from = nd("地域再生計画の認定の日");
    p->regional_plan_to = (gs_date){2026, 3, 31};
}

/* Until totals.c computes them: 累計 and 合計 of 【A】-【E】 from the model. */
static void nagaoka_totals_stub(const gs_plan *p, gs_totals *t)
{
    for (size_t i = 0; i < p->nkpis && i < GS_MAX_KPIS; i++) {
        int64_t s = 0;
        for (int c = 0; c < GS_KPI_YEARS; c++)
            s += p->kpis[i].inc[c].has ? p->kpis[i].inc[c].v : 0;
        if (!t->kpi_total[i])
            t->kpi_total[i] = s;
    }
    for (int c = 0; c < GS_FUND_YEARS; c++) {
        int64_t s = 0;
        for (int i = 0; i < GS_FUND_SOURCES; i++)
            s += p->funding.src[i].v[c].has ? p->funding.src[i].v[c].v : 0;
        if (!t->fund_total[c])
            t->fund_total[c] = s;
    }
}

#endif
