"""Reading challenge figures: the running total against pace, weekly bars, groups.

Everything arrives computed (lib.reading); these functions only draw. Every trace has a
legend name a newcomer can read, axes carry units, and dashes, markers, patterns and text
repeat what colour says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from lib.core.chart_style import INK, MUTED, NEUTRAL, STATUS_COLOURS, compact
from lib.core.filters import Filters
from lib.core.text import plotly_text, short_date
from lib.privacy.suppression import ProtectedTable
from lib.reading.load import ReadingView
from lib.reading.pace import PROJECTED, REACHED, Milestone
from lib.reading.words import school_days_words, since_words

LIGHT = "#9fb8d6"
GRID = "#e4e7eb"


def _legend_layout(figure: go.Figure, height: int, y_title: str, x_title: str) -> go.Figure:
    compact(figure, height)
    figure.update_layout(
        showlegend=True,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        margin={"l": 8, "r": 8, "t": 48, "b": 8},
        hovermode="x unified",
        yaxis={"title": {"text": y_title}, "gridcolor": GRID, "tickformat": ",", "rangemode": "tozero"},
        xaxis={"title": {"text": x_title}, "color": MUTED},
    )
    return figure


def progress_chart(section, as_of: date, status: str) -> go.Figure:
    """Running total, even pace, target, projection with its band, and the milestones.

    `section` is a lib.reading.GoalSection. The projection and its band start on the last
    counted day; a vertical line marks the as-of date.
    """
    unit, goal = section.unit, section.goal
    figure = go.Figure()
    _band(figure, section.projection, unit)
    pace = section.pace
    figure.add_scatter(
        x=pace["date"],
        y=pace["expected"],
        name="Even pace to the target (school days)",
        mode="lines",
        line={"color": MUTED, "dash": "dash", "width": 2},
        hovertemplate=f"Even pace: %{{y:,.0f}} {unit}<extra></extra>",
    )
    running = section.running
    if len(running):
        figure.add_scatter(
            x=running["date"],
            y=running["total"],
            name=f"{unit.capitalize()} read so far",
            mode="lines",
            line={"color": NEUTRAL, "width": 4},
            hovertemplate=f"Read so far: %{{y:,.0f}} {unit}<extra></extra>",
        )
    if len(section.projection):
        figure.add_scatter(
            x=section.projection["date"],
            y=section.projection["projected"],
            name="Projected at the recent rate",
            mode="lines",
            line={"color": STATUS_COLOURS.get(status, NEUTRAL), "dash": "dot", "width": 3},
            hovertemplate=f"Projected: %{{y:,.0f}} {unit}<extra></extra>",
        )
    figure.add_scatter(
        x=[goal.start_date, goal.end_date],
        y=[goal.target, goal.target],
        name=f"Target: {goal.target:,.0f} {unit}",
        mode="lines",
        line={"color": INK, "width": 2, "dash": "longdash"},
        hoverinfo="skip",
    )
    _milestones(figure, section.milestones, unit)
    figure.add_vline(x=pd.Timestamp(as_of).value / 1e6, line={"color": INK, "width": 1, "dash": "dot"})
    figure.add_annotation(
        x=pd.Timestamp(as_of).value / 1e6,
        y=1,
        yref="paper",
        text=f"As of {short_date(as_of)}",
        showarrow=False,
        xanchor="right",
        yanchor="top",
        font={"size": 11, "color": INK},
    )
    return _legend_layout(figure, 400, f"{unit.capitalize()} (running total)", "Date")


def _band(figure: go.Figure, projection: pd.DataFrame, unit: str) -> None:
    """The projection's range: the slowest and fastest of the recent weeks, kept up to the end."""
    if not len(projection):
        return
    figure.add_scatter(
        x=projection["date"],
        y=projection["low"],
        mode="lines",
        line={"width": 0},
        showlegend=False,
        hovertemplate=f"At the slowest recent week: %{{y:,.0f}} {unit}<extra></extra>",
    )
    figure.add_scatter(
        x=projection["date"],
        y=projection["high"],
        mode="lines",
        line={"width": 0},
        fill="tonexty",
        fillcolor="rgba(123, 135, 148, 0.22)",
        name="Projection range (slowest to fastest recent week)",
        hovertemplate=f"At the fastest recent week: %{{y:,.0f}} {unit}<extra></extra>",
    )


def _milestones(figure: go.Figure, milestones: tuple[Milestone, ...], unit: str) -> None:
    """Reached milestones as filled diamonds, projected ones hollow, each labelled '25%'."""
    for state, symbol, name in (
        (REACHED, "diamond", "Milestone reached"),
        (PROJECTED, "diamond-open", "Milestone projected"),
    ):
        chosen = [m for m in milestones if m.state == state and m.day]
        if not chosen:
            continue
        figure.add_scatter(
            x=[m.day for m in chosen],
            y=[m.amount for m in chosen],
            name=name,
            mode="markers+text",
            text=[f"{m.share:.0%}" for m in chosen],
            textposition="top left",
            marker={"symbol": symbol, "size": 13, "color": INK, "line": {"width": 2, "color": INK}},
            hovertemplate=[
                f"{m.share:.0%} ({m.amount:,.0f} {unit}) {state} {short_date(m.day) if m.day else ''}<extra></extra>"
                for m in chosen
            ],
        )


def weekly_chart(weekly: pd.DataFrame, unit: str) -> go.Figure:
    """Bars per school week (Monday start) with the average of the last 4 complete weeks.

    A week with fewer than 5 school days (a holiday) is labelled with its school days, so a dip
    after a break reads as the short week it is; the week in progress is hatched.
    """
    figure = go.Figure()
    complete = weekly["complete"].astype(bool)
    for done, name, pattern, colour in (
        (True, f"{unit.capitalize()} logged in the week", "", NEUTRAL),
        (False, "Week in progress (so far)", "/", LIGHT),
    ):
        rows = weekly[complete == done]
        if not len(rows):
            continue
        figure.add_bar(
            x=rows["week_start"],
            y=rows["total"],
            name=name,
            marker={"color": colour, "pattern": {"shape": pattern}},
            text=[school_days_words(d) if d < 5 else "" for d in rows["school_days"]],
            textposition="outside",
            customdata=list(
                zip(
                    [school_days_words(d) for d in rows["school_days"]],
                    [short_date(d) for d in rows["last_school_day"]],
                    strict=True,
                )
            ),
            hovertemplate=f"Week of %{{x|%b %-d}}: %{{y:,.0f}} {unit} (%{{customdata[0]}}, to %{{customdata[1]}})<extra></extra>",
        )
    figure.add_scatter(
        x=weekly["week_start"],
        y=weekly["average"],
        name="Average of the last 4 complete school weeks",
        mode="lines+markers",
        line={"color": INK, "width": 2},
        marker={"symbol": "circle", "size": 6},
        connectgaps=True,
        hovertemplate=f"4-week average: %{{y:,.0f}} {unit} a week<extra></extra>",
    )
    figure = _legend_layout(
        figure, 340, f"{unit.capitalize()} per school week", "School week (starting Monday)"
    )
    figure.update_layout(bargap=0.25, hovermode="closest")
    return figure


def group_chart(table: ProtectedTable, window_name: str) -> go.Figure:
    """Participation by student group: two bars per group (this week, and `window_name`).

    Built from the protected values: a hidden group has no bar, and its hover says why.
    """
    values, labels = table.values, table.labels
    figure = go.Figure()
    for column, name, colour, pattern in (
        ("week_percent", "Logged this week", NEUTRAL, ""),
        ("window_percent", f"Logged {window_name}", LIGHT, "."),
    ):
        figure.add_bar(
            y=[plotly_text(group) for group in values["group"]],
            x=values[column].astype("float64"),
            name=name,
            orientation="h",
            marker={"color": colour, "pattern": {"shape": pattern}},
            text=[plotly_text(label) for label in labels[column]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text} " + name.lower() + "<extra></extra>",
        )
    hidden = values["week_percent"].isna() & values["window_percent"].isna()
    for group, label in zip(values.loc[hidden, "group"], labels.loc[hidden, "week_percent"], strict=True):
        figure.add_annotation(
            x=0,
            y=plotly_text(group),
            text=plotly_text(f"{label}: not shown, to protect privacy"),
            showarrow=False,
            xanchor="left",
            font={"size": 11, "color": "#555"},
        )
    figure = _legend_layout(figure, 36 * len(values) + 90, "", "Students who logged (percent of enrolled)")
    figure.update_layout(barmode="group", hovermode="closest", bargap=0.3)
    figure.update_yaxes(autorange="reversed", tickformat=None, gridcolor=None, rangemode=None, title=None)
    figure.update_xaxes(range=[0, 112], ticksuffix="%", gridcolor=GRID)
    return figure


@dataclass(frozen=True)
class ReadingFigures:
    """The page's three figures, built with the view and cached with it: building a Plotly figure
    costs tens of milliseconds, so a rerun with the same filters draws these same ones."""

    progress: go.Figure | None  # None without a goal (or with a hidden one)
    weekly: go.Figure | None  # None without a school week to show
    groups: go.Figure


def figures_of(view: ReadingView, filters: Filters) -> ReadingFigures:
    """The goal's progress chart, the weekly bars and the group chart of `view`."""
    section = view.goal
    progress = (
        progress_chart(section, filters.as_of, section.progress.status)
        if section is not None and not view.goal_hidden
        else None
    )
    weekly = weekly_chart(view.weekly, view.unit) if not view.weekly.empty else None
    return ReadingFigures(progress, weekly, group_chart(view.subgroups, since_words(view.start)))
