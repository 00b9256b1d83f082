"""The reading challenge: will the school make it, what it would take, who is carrying it."""

import streamlit as st

from lib.core import web
from lib.core.filters import grade_label, subgroup_label
from lib.core.progress import shown_total
from lib.core.text import markdown_escape, short_date
from lib.goals.board import STATUS_BADGES
from lib.reading import view as reading
from lib.reading.figures import view_and_figures
from lib.reading.groups import only_rows
from lib.reading.tables import (
    NUMBER_FORMATS,
    class_names,
    display_table,
    goal_display,
    names_csv,
    names_table,
    not_logging_rows,
)
from lib.reading.words import (
    amount,
    as_of_words,
    count_words,
    milestone_heading,
    milestone_icon,
    milestone_words,
    needed_tile,
    needed_words,
    next_school_day,
    pace_delta,
    participation_note,
    privacy_words,
    recent_rate_words,
    scope_words,
    since_words,
    window_words,
)

web.frame_first()  # a bookmark opened on a fresh server: run the frame, which runs this page

config = st.column_config
filters, context = web.filters(), web.context()
options, policy = context.options, context.settings.policy
all_ids = tuple(options.schools)
school = options.school_label(filters.school_id)

st.title(f"{school}: reading challenge")

choices = web.cached(reading.goal_choices)(filters, all_ids)
goal_id = next(iter(choices), None)
if len(choices) > 1:
    goal_id = st.selectbox(
        "Reading goal",
        list(choices),
        format_func=choices.get,
        key="reading_goal",
        persist_state="session",
    )
metric = "books_read"
if not choices:
    metric = st.segmented_control(
        "Count",
        ["books_read", "minutes_read"],
        format_func={"books_read": "Books", "minutes_read": "Minutes"}.get,
        default="books_read",
        required=True,
        key="reading_unit",
        persist_state="session",
    )
view, figures = web.cached(view_and_figures)(filters, all_ids, goal_id, metric, policy)
unit, since = view.unit, since_words(view.start)
st.caption(
    f"{as_of_words(filters.as_of, view.goal.goal.end_date if view.goal else None)}. "
    f"{markdown_escape(scope_words(school, filters.grades, subgroup_label(filters.subgroup) if filters.subgroup else None))}."
)

RATE_COLUMNS = {  # column -> (header, help); counts and percents, each percent followed by its bar
    "students": ("Students", "Enrolled on the last day counted"),
    "total": (f"{unit.capitalize()} {since}", f"{unit.capitalize()} logged while enrolled"),
    "per_student": (f"{unit.capitalize()} per student", f"{unit.capitalize()} {since} per enrolled student"),
    "week_percent": ("Logged this week", "Percent of students with a log in the 7 days to the as-of date"),
    "window_percent": (f"Logged {since}", "Percent of students with a log in the window"),
    "not_logging_percent": (
        "No log in 14 days",
        "Percent of students with no reading log in the 14 days to the last day counted",
    ),
}
RATES = ["students", "total", "per_student", "week_percent", "window_percent", "not_logging_percent"]
BAR_HEADERS = {"week_percent": " ", "window_percent": "  ", "not_logging_percent": "   "}  # distinct blanks


def rate_config(column: str, as_text: bool) -> dict:
    """The column's config; a bar after each percent (empty where the percent is hidden)."""
    header, tip = RATE_COLUMNS[column]
    small = column == "students" and not as_text  # "fewer than 10" needs the room
    width = "small" if small else None
    found = {
        column: config.TextColumn(header, help=tip, alignment="right", width=width)
        if as_text
        else config.NumberColumn(
            header, help=tip, alignment="right", width=width, format=NUMBER_FORMATS[column]
        )
    }
    if column in BAR_HEADERS:
        found[column + "_bar"] = config.ProgressColumn(
            BAR_HEADERS[column], min_value=0, max_value=100, format=" ", width="small"
        )
    return found


def draw_table(table, leading: dict, key: str, rates: list[str] = RATES) -> None:
    """A protected table: the `leading` label columns, then `rates`; hidden cells show why."""
    shown, as_text = display_table(table, [*leading, *rates])
    rate_columns = {}
    for column in rates:
        rate_columns |= rate_config(column, column in as_text)
    st.dataframe(shown, hide_index=True, column_config={**leading, **rate_columns}, key=key)


def draw_goal(section) -> None:
    """Status, the numbers a principal quotes, the chart and the milestones."""
    progress, goal = section.progress, section.goal
    word, icon, colour = STATUS_BADGES[progress.status]
    st.subheader(markdown_escape(section.title))
    st.badge(word, icon=icon, color=colour)
    owner = f" · {markdown_escape(section.owner)}" if section.owner else ""
    st.caption(
        f"{markdown_escape(section.scope)}{owner} · target {amount(goal.target, section.unit)} "
        f"from {short_date(goal.start_date)} to {short_date(goal.end_date)}. {markdown_escape(progress.status_reason)}."
    )
    tiles = st.columns(4)
    units, first_left = section.unit.capitalize(), next_school_day(view.last_day, section.days_off)
    tiles[0].metric(
        f"{units} read {since_words(goal.start_date)}",
        count_words(progress.current),
        delta=pace_delta(progress.current, progress.expected, section.unit),
        border=True,
    )
    tiles[1].metric(
        f"{units} at even pace by {short_date(view.last_day)}", count_words(progress.expected), border=True
    )
    tiles[2].metric(
        f"{units} projected by {short_date(goal.end_date)}",
        count_words(shown_total(progress.projected, goal.target) if progress.projected is not None else None),
        help=f"At the recent rate; {amount(progress.projected_low, section.unit)} to "
        f"{amount(progress.projected_high, section.unit)} at the slowest and fastest recent week.",
        border=True,
    )
    left = progress.needed_per_week is not None  # None: no school day left before the end
    tiles[3].metric(
        f"{units} needed a week",
        needed_tile(progress.needed_per_week),
        delta=f"from {short_date(first_left)} to {short_date(goal.end_date)}" if left else None,
        delta_color="off",
        delta_arrow="off",
        help="Per five school days, from the next school day to the end date, to reach the target.",
        border=True,
    )
    st.plotly_chart(figures.progress, width="stretch", key="reading_progress")
    st.markdown(
        f"**Needed:** {needed_words(progress.needed_per_week, view.last_day, goal.end_date, section.days_off, section.unit)}.  \n"
        f"**Recent rate:** {recent_rate_words(progress.recent_per_week, view.weekly, section.unit)}."
    )
    st.subheader("Milestones")
    for column, milestone in zip(st.columns(4), section.milestones, strict=True):
        with column.container(border=True):
            st.markdown(f"**{milestone_heading(milestone, section.unit)}**")
            st.markdown(
                f"{milestone_icon(milestone)} {milestone_words(milestone, goal.end_date, progress.status)}"
            )


def draw_weekly() -> None:
    narrowed = [grade_label(g) for g in filters.grades] + (
        [subgroup_label(filters.subgroup)] if filters.subgroup else []
    )
    st.subheader(f"{unit.capitalize()} per school week" + (f": {', '.join(narrowed)}" if narrowed else ""))
    if view.students_in_view == 0:
        st.info(
            f"No students are on the roster for these filters on {short_date(view.last_day)}.",
            icon=":material/person_off:",
        )
        return
    if view.students_in_view < policy.min_group_size:
        st.info(
            f"Hidden to protect student privacy: fewer than {policy.min_group_size} students are in view "
            "(widen the grade or group filter to see the weekly totals).",
            icon=":material/visibility_off:",
        )
        return
    if view.weekly.empty:
        st.info(f"No {unit} logged {since}.", icon=":material/menu_book:")
        return
    st.plotly_chart(figures.weekly, width="stretch", key="reading_weekly")
    st.caption(
        f"Weeks run Monday to Sunday; weeks without school days (a break) are left out. "
        f"{recent_rate_words(view.recent_per_week, view.weekly, unit)}."
    )


def draw_groups() -> None:
    st.subheader("Participation by student group")
    st.plotly_chart(figures.groups, width="stretch", key="reading_groups_chart")
    rates = ["students", "per_student", "week_percent", "window_percent"]
    draw_table(
        view.subgroups, {"group": config.TextColumn("Group", width="medium")}, "reading_groups_table", rates
    )


if filters.is_district:
    st.subheader("Reading goals across the district")
    if view.goals.empty:
        st.info("No school has a books or minutes goal in scope.", icon=":material/flag:")
    else:
        st.dataframe(
            goal_display(view.goals),
            hide_index=True,
            column_config={
                "school": config.TextColumn("School", width="medium"),
                "goal": config.TextColumn("Goal", width="large"),
                "read": config.TextColumn(f"Read as of {short_date(filters.as_of)}"),
                "percent_of_target": config.ProgressColumn(
                    "Of target", min_value=0, max_value=100, format="%.0f%%"
                ),
                "status": config.TextColumn("Status"),
                "projected": config.TextColumn(
                    "Projected by the end date", help="At each school's recent rate"
                ),
            },
            key="reading_district_goals",
        )
        st.caption("Pick a school in the sidebar to see its challenge, milestones and classes.")
    draw_weekly()
    st.subheader(f"Reading by school, {window_words(view.start, view.last_day)}")
    draw_table(view.places, {"school": config.TextColumn("School", width="medium")}, "reading_schools")
    st.subheader("Reading by grade")
    draw_table(view.grades, {"grade": config.TextColumn("Grade")}, "reading_grades")
    draw_groups()
    st.caption(participation_note(view.start, view.last_day))
    st.caption(privacy_words(policy.min_group_size, policy.coding_group_size))
    st.stop()

if view.goal is None:
    others = "; ".join(f"“{markdown_escape(title)}”" for title in view.other_goals)
    st.info(
        f"No books or minutes goal is set for {markdown_escape(school)} with these filters, so there is no "
        f"target or pace to show: below is its reading activity {since}."
        + (f" Its other reading goals ({others}) are on the goal board." if others else "")
        + " Goals come from goals.csv (see data/README.md).",
        icon=":material/flag:",
    )
elif view.goal_hidden:
    st.subheader(markdown_escape(view.goal.title))
    st.info(
        f"Fewer than {policy.min_group_size} students are in this goal's group "
        f"({markdown_escape(view.goal.scope)}): its total, pace and milestones are hidden to protect "
        "student privacy.",
        icon=":material/visibility_off:",
    )
else:
    draw_goal(view.goal)

draw_weekly()

st.subheader(f"Reading by grade, {window_words(view.start, view.last_day)}")
draw_table(view.grades, {"grade": config.TextColumn("Grade")}, "reading_grades")
if view.goal is not None:
    st.caption(
        f"The tables count the students enrolled on {short_date(view.last_day)}. The goal's total also "
        "counts reading logged by students who have since left, so it can be a little higher than the tables add up to."
    )

st.subheader(f"Reading by homeroom class, {window_words(view.start, view.last_day)}")
classes = class_names(view.places)
chosen = st.multiselect(
    "Classes", list(classes), format_func=classes.get, key="reading_class", placeholder="All classes"
)
draw_table(
    only_rows(view.places, "section_id", chosen),
    {"class": config.TextColumn("Class", width="medium"), "teacher": config.TextColumn("Teacher")},
    "reading_classes",
)

draw_groups()

st.subheader("Students not logging")
st.caption(
    f"Per class: the percent of students enrolled on {short_date(view.last_day)} with no reading log in the "
    "14 days to it, highest first. A percent, not a count, so that no number of fewer than "
    f"{policy.min_group_size} students is shown; the names below are for the principal."
)
draw_table(
    not_logging_rows(view.places),
    {"class": config.TextColumn("Class", width="medium"), "teacher": config.TextColumn("Teacher")},
    "reading_not_logging",
    ["students", "not_logging_percent"],
)
with st.container(border=True):
    st.markdown(
        "**Names for one class**: for the principal to hand to the teacher, never for a shared screen."
    )
    if st.toggle("Show the students not logging in one class", key="reading_show_names"):
        most_first = class_names(not_logging_rows(view.places))  # the class with most missing first
        listed = st.selectbox(
            "Class", list(most_first), format_func=most_first.get, key="reading_list_class", index=0
        )
        if listed is None:
            st.info("This school has no homeroom classes in the data.", icon=":material/info:")
        else:
            names = reading.not_logging_list(web.database(), filters, all_ids, goal_id, listed)
            if names.empty:
                st.success(
                    f"Every student in {markdown_escape(most_first[listed])} logged reading in the 14 days "
                    f"to {short_date(view.last_day)}.",
                    icon=":material/check_circle:",
                )
            else:
                st.dataframe(names_table(names), hide_index=True, key="reading_names")
                st.download_button(
                    "Download this list (CSV)",
                    data=lambda: names_csv(names),
                    file_name=f"not_logging_{listed}.csv",
                    mime="text/csv",
                    icon=":material/download:",
                    key="reading_names_download",
                )

st.caption(participation_note(view.start, view.last_day))
st.caption(privacy_words(policy.min_group_size, policy.coding_group_size))
