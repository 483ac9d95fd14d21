"""The usage figures over the last N days, for the admin report, the dashboard, a page's
editor and `manage.py usage_report` alike."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from hub.usage.models import DownloadCount, PageViewCount, ReferrerCount, ZeroResultSearch

PERIODS = (7, 30, 90)
TOP = 20


@dataclass
class Row:
    label: str
    count: int
    path: str = ""
    page: Page | None = None


@dataclass
class Day:
    day: date
    count: int
    percent: int = 0  # of the busiest day: the bar's width


@dataclass
class Report:
    days: int
    start: date
    end: date
    total_views: int = 0
    pages: list[Row] = field(default_factory=list)
    trend: list[Day] = field(default_factory=list)
    referrers: list[Row] = field(default_factory=list)
    downloads: list[Row] = field(default_factory=list)
    searches: list[Row] = field(default_factory=list)


def since(days: int) -> tuple[date, date]:
    """The last `days` days, today included."""
    end = timezone.localdate()
    return end - timedelta(days=days - 1), end


def build(days: int, top: int = TOP) -> Report:
    start, end = since(days)
    report = Report(days, start, end)
    views = PageViewCount.objects.filter(day__range=(start, end))
    report.total_views = views.aggregate(n=Sum("views"))["n"] or 0
    report.pages = top_pages(days, top)
    report.trend = trend(views.values_list("day").annotate(n=Sum("views")), start, end)
    report.referrers = [
        Row(domain, n)
        for domain, n in ReferrerCount.objects.filter(day__range=(start, end))
        .values_list("domain")
        .annotate(n=Sum("visits"))
        .order_by("-n", "domain")[:top]
    ]
    report.downloads = _downloads(start, end, top)
    report.searches = zero_result_searches(days, top)
    return report


def top_pages(days: int, top: int = TOP) -> list[Row]:
    start, end = since(days)
    counted = (
        PageViewCount.objects.filter(day__range=(start, end))
        .values_list("path")
        .annotate(n=Sum("views"))
        .order_by("-n", "path")[:top]
    )
    rows = [Row(path, n, path=path) for path, n in counted]
    pages = pages_at([row.path for row in rows])
    for row in rows:
        row.page = pages.get(row.path)
        if row.page is not None:
            row.label = row.page.title
    return rows


def zero_result_searches(days: int, top: int = TOP) -> list[Row]:
    start, end = since(days)
    kinds = dict(ZeroResultSearch.Kind.choices)
    counted = (
        ZeroResultSearch.objects.filter(day__range=(start, end))
        .values_list("kind", "query")
        .annotate(n=Sum("searches"))
        .order_by("-n", "query")[:top]
    )
    return [Row(query, n, path=str(kinds.get(kind, kind))) for kind, query, n in counted]


def trend(per_day, start: date, end: date) -> list[Day]:
    """Every day of the period (a day without views shows 0), oldest first."""
    counts = dict(per_day)
    busiest = max(counts.values(), default=0)
    days = []
    day = start
    while day <= end:
        n = counts.get(day, 0)
        days.append(Day(day, n, round(100 * n / busiest) if busiest else 0))
        day += timedelta(days=1)
    return days


def _downloads(start, end, top) -> list[Row]:
    counted = list(
        DownloadCount.objects.filter(day__range=(start, end))
        .values_list("document_id")
        .annotate(n=Sum("downloads"))
        .order_by("-n", "document_id")[:top]
    )
    titles = dict(
        get_document_model()
        .objects.filter(pk__in=[pk for pk, _n in counted])
        .values_list("pk", "title")
    )
    return [
        Row(titles.get(pk) or _("Deleted document %(id)s") % {"id": pk}, n) for pk, n in counted
    ]


def pages_at(paths: list[str]) -> dict[str, Page]:
    """The live pages of the default site at these paths (other paths: routes, old pages)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None or not paths:
        return {}
    base = site.root_page.url_path
    wanted = {base + path.lstrip("/"): path for path in paths}
    return {
        wanted[page.url_path]: page
        for page in Page.objects.live().filter(url_path__in=list(wanted))
    }


def page_path(page) -> str | None:
    parts = page.get_url_parts()
    return parts[2] if parts else None


def page_trend(page, days: int = 30) -> tuple[int, list[Day]]:
    """A page's views over the last `days` days: (total, per day)."""
    start, end = since(days)
    path = page_path(page)
    rows = PageViewCount.objects.filter(day__range=(start, end), path=path or "")
    per_day = rows.values_list("day").annotate(n=Sum("views"))
    days_ = trend(per_day, start, end)
    return sum(d.count for d in days_), days_


def as_text(report: Report) -> str:
    """The report for a terminal or a cron mail."""
    lines = [
        _("Usage, %(start)s to %(end)s (%(days)s days): %(views)s page views")
        % {
            "start": report.start,
            "end": report.end,
            "days": report.days,
            "views": report.total_views,
        }
    ]

    def section(title, rows, describe):
        lines.extend(["", title])
        if not rows:
            lines.append("  " + _("(none)"))
        lines.extend(f"  {row.count:>7}  {describe(row)}" for row in rows)

    section(_("Top pages"), report.pages, lambda r: f"{r.path}  {r.label}" if r.page else r.path)
    lines.extend(["", _("Views per day")])
    lines.extend(
        f"  {d.day.isoformat()}  {d.count:>7}  {'#' * (d.percent // 5)}" for d in report.trend
    )
    section(_("Referring sites"), report.referrers, lambda r: r.label)
    section(_("Document downloads"), report.downloads, lambda r: r.label)
    section(_("Searches with no results"), report.searches, lambda r: f"{r.label}  ({r.path})")
    return "\n".join(lines) + "\n"
