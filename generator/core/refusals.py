"""What the machine refuses, said to the user: a full disk, a file where a folder should be, no rights.

A command that cannot read or write a file is not a bug of the data or of the generator: its user gets one
line in Russian with the path and what to do, and a non-zero exit status, never a traceback. The data
files are never written by the generator, so they are as they were; a build publishes its site by a final
rename, so a build stopped before it leaves the published site as it was.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable

WORDS = {
    errno.ENOSPC: "на диске нет места — освободите место и повторите",
    errno.EDQUOT: "исчерпана квота на диске — освободите место и повторите",
    errno.EACCES: "нет прав на этот файл или папку",
    errno.EPERM: "нет прав на этот файл или папку",
    errno.EROFS: "диск доступен только для чтения",
    errno.EEXIST: "на этом месте уже есть файл, а нужна папка",
    errno.ENOTDIR: "часть пути — файл, а не папка",
    errno.EISDIR: "это папка, а нужен файл",
    errno.ENOENT: "нет такого файла или папки",
    errno.EMFILE: "открыто слишком много файлов — повторите, закрыв другие программы",
    errno.ENAMETOOLONG: "слишком длинное имя файла",
}


def refusal(exc: OSError) -> str:
    """The one line said for ``exc``: what the machine refused and where."""
    what = WORDS.get(exc.errno or 0) or exc.strerror or str(exc)
    paths = [str(p) for p in (exc.filename, exc.filename2) if p]
    where = f": {' → '.join(paths)}" if paths else ""
    return f"ошибка файловой системы: {what}{where}"


def guarded(run: Callable[[], int]) -> int:
    """``run()``'s exit status; an OSError is said as :func:`refusal` and gives 1."""
    try:
        return run()
    except OSError as exc:
        print(refusal(exc), file=sys.stderr)
        return 1
