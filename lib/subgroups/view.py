"""The subgroup page's entry point: `subgroup_page`, which pages/subgroups.py calls through
lib.core.web.cached: `subgroup_view` (the auditor's too) and its charts. Every report in it has
passed the privacy policy; the methods say what the page shows for the subject the person picks,
with the filters' student group highlighted.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler

from lib.core.config import Settings
from lib.core.db import Database
from lib.core.filters import Filters, school_label_in_scope
from lib.core.scope import Scope
from lib.subgroups import display
from lib.subgroups.charts import MEASURES, trend_chart
from lib.subgroups.load import SubgroupReport, subgroup_reports


@dataclass(frozen=True)
class SubgroupView:
    """One report per subject with results (subjects in order), and the words around them.

    `highlight` is the filters' student group (None: all students), drawn in every chart and
    shaded in every table.
    """

    reports: dict[str, SubgroupReport]
    highlight: str | None
    caption: str
    privacy_caption: str

    @property
    def subjects(self) -> list[str]:
        return list(self.reports)

    def report(self, subject: str | None) -> SubgroupReport:
        """The subject's report; the first subject's when it has none (a choice kept from other filters)."""
        return (self.reports.get(subject) if subject else None) or next(iter(self.reports.values()))

    def default_groups(self, subject: str | None) -> list[str]:
        """The groups the chart starts with: the flag groups that have results."""
        groups = self.report(subject).groups
        return [group for group in display.DEFAULT_CHART_GROUPS if group in groups]

    def chart_groups(self, subject: str | None, chosen: list[str]) -> list[str]:
        """The groups to draw: those chosen, plus the highlighted group when it has results."""
        return display.chart_groups(self.report(subject), chosen, self.highlight)

    def hidden_note(self, subject: str | None) -> str | None:
        """A sentence when the highlighted group has results but none may be shown."""
        return display.hidden_group_note(self.report(subject), self.highlight)

    def summaries(self, subject: str | None) -> list[str]:
        """What changed, the highlighted group's sentences first."""
        return display.summaries_first(self.report(subject), self.highlight)

    def privacy_notes(self, subject: str | None) -> list[str]:
        """Students with no flag recorded (0 or at least k only), and why each larger group is hidden."""
        return list(self.report(subject).privacy_notes)

    def gap_table(self, subject: str | None) -> Styler | pd.DataFrame:
        return display.styled_table(self.report(subject).table, self.highlight)

    def growth_table(self, subject: str | None) -> Styler | pd.DataFrame:
        return display.styled_table(self.report(subject).growth, self.highlight)


def subgroup_view(database: Database, filters: Filters, scope: Scope, settings: Settings) -> SubgroupView:
    """Percent proficient, gaps and growth per student group, for the schools in scope only.

    A school outside the scope gives no reports (the page says there are no results).
    """
    school_ids = tuple(scope.schools_in_view(filters.school_id))
    school = school_label_in_scope(database, filters.school_id, scope)
    return SubgroupView(
        reports=subgroup_reports(database, school_ids, filters.as_of, filters.grades, settings.policy),
        highlight=filters.subgroup,
        caption=display.scope_caption(school, filters.grades, filters.as_of),
        privacy_caption=display.privacy_caption(settings.policy),
    )


ChartKey = tuple[str, str, tuple[str, ...]]  # subject, measure, groups drawn


@dataclass(frozen=True)
class SubgroupPage:
    """What pages/subgroups.py draws: the view, and the trend chart of each subject and measure
    with the groups the chart starts with, drawn once (`chart` draws any other choice)."""

    view: SubgroupView
    charts: dict[ChartKey, go.Figure]

    def chart(self, subject: str | None, measure: str, chosen: list[str]) -> go.Figure:
        """The trend chart of the subject's report for `measure`, the `chosen` groups and the
        highlighted one against all students."""
        view = self.view
        report, groups = view.report(subject), view.chart_groups(subject, chosen)
        drawn = self.charts.get((report.subject, measure, tuple(groups)))
        if drawn is None:
            drawn = trend_chart(report.trend, groups, measure, report.subject, view.highlight)
        return drawn


def subgroup_page(database: Database, filters: Filters, scope: Scope, settings: Settings) -> SubgroupPage:
    """The subgroup view (subgroup_view) with the charts a page view starts with, drawn once."""
    view = subgroup_view(database, filters, scope, settings)
    charts = {}
    for subject, report in view.reports.items():
        groups = view.chart_groups(subject, view.default_groups(subject))
        for measure in MEASURES:
            chart = trend_chart(report.trend, groups, measure, report.subject, view.highlight)
            charts[(report.subject, measure, tuple(groups))] = chart
    return SubgroupPage(view, charts)
