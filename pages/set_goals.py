"""Set goals: the form that makes a goal SMART, with its baseline, its pace and its history."""

from dataclasses import replace
from datetime import date

import streamlit as st

from lib.core import web
from lib.core.appdb import AppDatabase, AppDatabaseError
from lib.core.filters import ALL_STUDENTS, grade_label, subgroup_label, subgroup_options
from lib.core.goal_edits import GoalDefinition
from lib.core.metrics import METRIC_NAMES, metric_unit
from lib.core.text import long_date, markdown_escape
from lib.goals.drafts import PROFICIENCY_METRICS, draft_facts, refusals
from lib.goals.edits import (
    GoalSaveError,
    current_goal,
    fresh_goal_id,
    history_of,
    save_goal,
    school_goal_list,
    school_staff,
    school_subjects,
)
from lib.goals.form_words import (
    NEW_GOAL,
    baseline_text,
    form_defaults,
    may_set_goals_notice,
    owner_choices,
    pace_text,
    target_format,
)

web.frame_first()

filters, context = web.filters(), web.context()
options, policy = context.options, context.settings.policy
st.title("Set goals")
notice = may_set_goals_notice(filters.school_id, context.scope)
if notice:
    st.info(notice, icon=":material/lock:")
    st.stop()
school_id = filters.school_id
data_day = options.last_day
app = AppDatabase()
st.caption(
    f"{markdown_escape(options.school_label(school_id))} · baselines from the data through {long_date(data_day)}. A goal saved "
    "here wins over goals.csv until an import changes the same goal again."
)

goal_list = web.cached(school_goal_list)(school_id)
titles = dict(zip(goal_list["goal_id"], goal_list["title"], strict=True))
if "_goal_pick_pending" in st.session_state:  # a save picks the goal it made (before the widget exists)
    st.session_state["goal_pick"] = st.session_state.pop("_goal_pick_pending")
chosen = st.selectbox(
    "Goal",
    [NEW_GOAL, *titles],
    format_func=lambda g: "New goal" if g == NEW_GOAL else titles[g],
    key="goal_pick",
)
existing = None if chosen == NEW_GOAL else web.cached(current_goal)(chosen)
start = form_defaults(existing, data_day)
staff = web.cached(school_staff)(school_id)
subjects = web.cached(school_subjects)(school_id)

key = f"goal_form_{chosen}"
left, right = st.columns([3, 2], gap="large")
with left:
    title = st.text_input("Title", value=start.title, max_chars=120, key=f"{key}_title",
                          placeholder="Read 50,000 books this semester")  # fmt: skip
    metric = st.selectbox("What is measured", list(METRIC_NAMES), index=list(METRIC_NAMES).index(start.metric),
                          format_func=METRIC_NAMES.get, key=f"{key}_metric")  # fmt: skip
    subject_choices = sorted({*subjects, *([start.subject] if start.subject else [])})
    subject = None
    if metric in PROFICIENCY_METRICS:
        subject = st.selectbox("Subject", subject_choices or ["reading"], key=f"{key}_subject",
                               index=subject_choices.index(start.subject) if start.subject in subject_choices else 0)  # fmt: skip
    grades = ["", *options.grades]
    grade = st.selectbox("Grade", grades, index=grades.index(start.grade_level or ""), key=f"{key}_grade",
                         format_func=lambda g: "Every grade" if g == "" else grade_label(g))  # fmt: skip
    groups = subgroup_options()
    group = st.selectbox("Student group", groups, index=groups.index(start.subgroup or ALL_STUDENTS),
                         format_func=subgroup_label, key=f"{key}_group")  # fmt: skip
    target = st.number_input(f"Target ({metric_unit(metric)})", value=float(start.target), min_value=0.0,
                             step=1.0, key=f"{key}_target", format=target_format(metric))  # fmt: skip
    first, last = st.columns(2)
    start_date = first.date_input("Start", value=start.start_date, key=f"{key}_start", format="MM/DD/YYYY")
    end_date = last.date_input("End", value=start.end_date, key=f"{key}_end", format="MM/DD/YYYY")
    owners = owner_choices(staff, start.owner)
    owner = st.selectbox("Owner", owners, index=owners.index(start.owner) if start.owner in owners else None,
                         accept_new_options=True, key=f"{key}_owner", placeholder="Who answers for it")  # fmt: skip

goal = GoalDefinition(
    goal_id=chosen if existing else "",
    school_id=school_id,
    title=title.strip(),
    metric=metric,
    target=float(target),
    start_date=start_date if isinstance(start_date, date) else start.start_date,
    end_date=end_date if isinstance(end_date, date) else start.end_date,
    subject=subject,
    grade_level=grade or None,
    subgroup=None if group == ALL_STUDENTS else group,
    owner=(owner or "").strip() or None,
)
facts = web.cached(draft_facts)(goal, data_day, policy.min_group_size)
problems = refusals(goal, facts, policy)
with right:
    st.subheader("What the data says")
    st.metric(*baseline_text(goal, facts, policy))
    pace = pace_text(goal, facts, policy)
    if pace:
        st.markdown(f"**Pace the target implies:** {pace}")
    for problem in problems:
        st.error(problem, icon=":material/block:")
    if st.button(
        "Save goal", type="primary", disabled=bool(problems), key=f"{key}_save", icon=":material/save:"
    ):
        try:
            if not existing:
                goal = replace(goal, goal_id=fresh_goal_id(web.database(), app, school_id, metric))
            changes = save_goal(web.database(), app, goal, facts, context.who)
        except (GoalSaveError, AppDatabaseError) as error:
            st.error(markdown_escape(str(error)), icon=":material/error:")
        else:
            st.session_state["goal_saved"] = changes
            st.session_state["_goal_pick_pending"] = goal.goal_id
            st.rerun()
    saved = st.session_state.pop("goal_saved", None)
    if saved:
        st.success(markdown_escape("Saved: " + "; ".join(saved)), icon=":material/check:")

if existing:
    st.subheader("History of this goal")
    history = web.cached(history_of)(chosen)
    st.dataframe(history, hide_index=True, width="stretch")
    web.csv_download(history, f"goal-history-{chosen}")
