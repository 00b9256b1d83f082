"""The reading challenge: will the school make it, what it would take, who is carrying it."""

from dataclasses import asdict
from functools import partial

import streamlit as st

from lib.core import web
from lib.core.audit import NAMES_VIEWED
from lib.core.status import STATUS_BADGES
from lib.core.text import markdown_escape, short_date
from lib.reading import tables
from lib.reading import view as reading
from lib.reading.groups import only_rows

web.frame_first()  # a bookmark opened on a fresh server: run the frame, which runs this page

config = st.column_config
filters, context = web.filters(), web.context()
scope, settings = context.scope, context.settings

st.title(f"{markdown_escape(context.options.school_label(filters.school_id))}: reading challenge")

pickers = web.cached(reading.reading_pickers)(filters, scope, settings)
goal_id = pickers.default_goal
if pickers.offers_goal_choice:
    goal_id = st.selectbox(
        "Reading goal",
        list(pickers.goals),
        format_func=pickers.goals.get,
        key="reading_goal",
        persist_state="session",
    )
metric = reading.DEFAULT_METRIC
if pickers.offers_unit_choice:
    metric = st.segmented_control(
        "Count",
        ["books_read", "minutes_read"],
        format_func={"books_read": "Books", "minutes_read": "Minutes"}.get,
        default="books_read",
        required=True,
        key="reading_unit",
        persist_state="session",
    )
choice = reading.ReadingChoice(goal_id, metric)
page = web.cached(reading.reading_page_view)(filters, scope, settings, choice)
view, figures = page.view, page.figures
st.caption(page.caption)

BAR_HEADERS = {"week_percent": " ", "window_percent": "  ", "not_logging_percent": "   "}  # distinct blanks
GOAL_COLUMNS = {
    "school": config.TextColumn("School", width="medium"),
    "goal": config.TextColumn("Goal", width="large"),
    "read": config.TextColumn(f"Read as of {short_date(filters.as_of)}"),
    "percent_of_target": config.ProgressColumn("Of target", min_value=0, max_value=100, format="%.0f%%"),
    "status": config.TextColumn("Status"),
    "projected": config.TextColumn("Projected by the end date", help="At each school's recent rate"),
}
GROUP_COLUMNS = {"group": config.TextColumn("Group", width="medium")}
CLASS_COLUMNS = {"class": config.TextColumn("Class", width="medium"), "teacher": config.TextColumn("Teacher")}


def rate_config(column: str, as_text: bool) -> dict:
    """The column's config; a bar after each percent (empty where the percent is hidden)."""
    header, tip = page.rate_headers[column]
    width = "small" if column == "students" and not as_text else None  # "fewer than 10" needs the room
    kind = (
        config.TextColumn if as_text else partial(config.NumberColumn, format=tables.NUMBER_FORMATS[column])
    )
    found = {column: kind(header, help=tip, alignment="right", width=width)}
    if column in BAR_HEADERS:
        found[column + "_bar"] = config.ProgressColumn(
            BAR_HEADERS[column], min_value=0, max_value=100, format=" ", width="small"
        )
    return found


def draw_table(key: str, leading: dict, shown_table: reading.ShownTable | None = None) -> None:
    """The page's protected table `key` (the view's, or `shown_table`): the `leading` label
    columns' configs, then its rates; hidden cells show why."""
    shown, as_text = shown_table or page.tables[key]
    rate_columns = {}
    for column in reading.TABLE_COLUMNS[key][1]:
        rate_columns |= rate_config(column, column in as_text)
    st.dataframe(shown, hide_index=True, column_config={**leading, **rate_columns}, key=key)
    # The table as shown, without its bars (made only when the button is clicked).
    web.csv_download(lambda: shown.filter(regex="(?<!_bar)$"), key)


def draw_goal(words: reading.GoalWords) -> None:
    """Status, the numbers a principal quotes, the chart and the milestones."""
    word, icon, colour = STATUS_BADGES[view.goal.progress.status]
    st.subheader(words.title)
    st.badge(word, icon=icon, color=colour)
    st.caption(words.caption)
    for column, tile in zip(st.columns(4), words.tiles, strict=True):
        column.metric(**asdict(tile), border=True)
    st.plotly_chart(figures.progress, width="stretch", key="reading_progress")
    st.markdown(words.rates)
    st.subheader("Milestones")
    for column, (heading, text) in zip(st.columns(4), words.milestones, strict=True):
        with column.container(border=True):
            st.markdown(f"**{heading}**")
            st.markdown(text)


def draw_weekly() -> None:
    st.subheader(page.weekly_heading)
    if page.weekly_notice:
        st.info(page.weekly_notice.text, icon=page.weekly_notice.icon)
        return
    st.plotly_chart(figures.weekly, width="stretch", key="reading_weekly")
    st.caption(page.weekly_caption)


def draw_groups() -> None:
    st.subheader("Participation by student group")
    st.plotly_chart(figures.groups, width="stretch", key="reading_groups_chart")
    draw_table("reading_groups_table", GROUP_COLUMNS)


def draw_names() -> None:
    """One class's students not logging, for the principal (only when the scope allows names)."""
    st.markdown(
        "**Names for one class**: for the principal to hand to the teacher, never for a shared screen."
    )
    if not st.toggle("Show the students not logging in one class", key="reading_show_names"):
        return
    most_first = tables.class_names(tables.not_logging_rows(view.places))  # the class with most missing first
    if page.name_classes is not None:  # a teacher: their own homeroom only
        most_first = {s: label for s, label in most_first.items() if s in page.name_classes}
    listed = st.selectbox(
        "Class", list(most_first), format_func=most_first.get, key="reading_list_class", index=0
    )
    if listed is None:
        st.info("This school has no homeroom classes in the data.", icon=":material/info:")
        return
    names = web.cached(reading.reading_names)(filters, scope, settings, choice, listed)
    if names.empty:
        st.success(page.everyone_logged(most_first[listed]), icon=":material/check_circle:")
        return
    st.dataframe(tables.names_table(names), hide_index=True, key="reading_names")
    web.audit_names(NAMES_VIEWED, str(filters.school_id), most_first[listed])
    st.download_button(
        "Download this list (CSV)",
        data=web.audited_download(
            lambda: tables.names_csv(names), str(filters.school_id), most_first[listed]
        ),
        file_name=f"not_logging_{listed}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="reading_names_download",
    )


def draw_district() -> None:
    st.subheader("Reading goals across the district")
    if view.goals.empty:
        st.info("No school has a books or minutes goal in scope.", icon=":material/flag:")
    else:
        goals = tables.goal_display(view.goals)
        st.dataframe(goals, hide_index=True, column_config=GOAL_COLUMNS, key="reading_district_goals")
        web.csv_download(goals, "reading_district_goals")
        st.caption("Pick a school in the sidebar to see its challenge, milestones and classes.")
    draw_weekly()
    st.subheader(f"Reading by school, {page.window}")
    draw_table("reading_schools", {"school": config.TextColumn("School", width="medium")})
    st.subheader("Reading by grade")
    draw_table("reading_grades", {"grade": config.TextColumn("Grade")})
    draw_groups()


def draw_school() -> None:
    if page.goal_words:
        draw_goal(page.goal_words)
    elif notice := page.goal_notice:
        if notice.heading:
            st.subheader(notice.heading)
        st.info(notice.text, icon=notice.icon)
    draw_weekly()
    st.subheader(f"Reading by grade, {page.window}")
    draw_table("reading_grades", {"grade": config.TextColumn("Grade")})
    if page.tables_caption:
        st.caption(page.tables_caption)
    st.subheader(f"Reading by homeroom class, {page.window}")
    classes = tables.class_names(view.places)
    chosen = st.multiselect(
        "Classes", list(classes), format_func=classes.get, key="reading_class", placeholder="All classes"
    )
    picked = None  # every class: the view's table
    if chosen:
        picked = reading.shown_table(only_rows(view.places, "section_id", chosen), "reading_classes")
    draw_table("reading_classes", CLASS_COLUMNS, picked)
    draw_groups()
    st.subheader("Students not logging")
    st.caption(page.not_logging_caption)
    draw_table("reading_not_logging", CLASS_COLUMNS)
    if page.names_allowed:
        with st.container(border=True):
            draw_names()


if filters.is_district:
    draw_district()
else:
    draw_school()
for note in page.notes:
    st.caption(note)
