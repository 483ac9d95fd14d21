"""What goes wrong with an export: each problem names the file, the row and the column."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_SHOWN = 50


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self):
        where = [self.file]
        if self.row is not None:
            where.append(_("row %(row)d") % {"row": self.row})
        if self.column:
            where.append(_("column %(column)s") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}"


class CatalogueError(Exception):
    """The export cannot be synced; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.text())

    def text(self) -> str:
        lines = [str(problem) for problem in self.problems[:MAX_SHOWN]]
        if len(self.problems) > MAX_SHOWN:
            lines.append(
                _("… and %(count)d more problems") % {"count": len(self.problems) - MAX_SHOWN}
            )
        return "\n".join(lines)
