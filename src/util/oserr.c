/*
 * oserr.c - Japanese reasons for errno values; see oserr.h.
 */
#include "util/oserr.h"

#include <errno.h>
#include <string.h>

static const struct {
    int errnum;
    const char *text;
} reasons[] = {
    {ENOSPC, "ディスクに空きがありません (ENOSPC)"},
    {EDQUOT, "ディスク使用量の上限 (クォータ) を超えています (EDQUOT)"},
    {EACCES, "アクセスする権限がありません (EACCES)"},
    {EPERM, "この操作は許可されていません (EPERM)"},
    {EROFS, "読み取り専用のファイルシステムです (EROFS)"},
    {EIO, "入出力エラーです。ディスクか接続先に障害があります (EIO)"},
    {ENOENT, "ファイルかフォルダーがありません (ENOENT)"},
    {EEXIST, "同じ名前のものがすでにあります (EEXIST)"},
    {ENOTDIR, "パスの途中にフォルダーでないものがあります (ENOTDIR)"},
    {EISDIR, "フォルダーです (EISDIR)"},
    {ENAMETOOLONG, "名前が長すぎます (ENAMETOOLONG)"},
    {EFBIG, "ファイルが大きすぎます (EFBIG)"},
    {ENOMEM, "メモリーが足りません (ENOMEM)"},
    {EMFILE, "開いているファイルが多すぎます (EMFILE)"},
    {ENFILE, "システム全体で開いているファイルが多すぎます (ENFILE)"},
    {ELOOP, "シンボリックリンクが多すぎるか循環しています (ELOOP)"},
    {EXDEV, "別のファイルシステムへは移せません (EXDEV)"},
    {EBUSY, "使用中です (EBUSY)"},
    {ETXTBSY, "実行中のファイルです (ETXTBSY)"},
    {ENXIO, "装置がありません (ENXIO)"},
    {ESTALE, "ネットワーク上のファイルが無効になりました (ESTALE)"},
    {EAGAIN, "一時的に使えません (EAGAIN)"},
};

const char *gs_oserr(int errnum)
{
    for (size_t i = 0; i < sizeof reasons / sizeof *reasons; i++)
        if (reasons[i].errnum == errnum)
            return reasons[i].text;
    return strerror(errnum);
}
