-- SQL fragments the named queries share, as DuckDB macros. lib/core/db.py runs this file on
-- every cursor it opens (read-only ones included): a TEMP macro lives in the connection, not
-- in the store, so changing one needs no migration. Stores made before these moved here
-- still hold persistent in_subgroup and enrolled_on macros (migration 1); a temp macro of
-- the same name is found first, so these definitions win.

-- in_subgroup(subgroup, student columns...): true when the student belongs to the subgroup
-- named as in goals.csv (english_learner, sex:F, race:Asian, not:english_learner ...);
-- a NULL subgroup means all students. A blank flag (not recorded) is in neither group.
CREATE OR REPLACE TEMP MACRO in_subgroup(subgroup, el, sped, s504, ed, sex, race) AS
    CASE
        WHEN subgroup IS NULL THEN true
        WHEN subgroup = 'english_learner' THEN coalesce(el, false)
        WHEN subgroup = 'special_education' THEN coalesce(sped, false)
        WHEN subgroup = 'section_504' THEN coalesce(s504, false)
        WHEN subgroup = 'economically_disadvantaged' THEN coalesce(ed, false)
        WHEN subgroup = 'not:english_learner' THEN coalesce(NOT el, false)
        WHEN subgroup = 'not:special_education' THEN coalesce(NOT sped, false)
        WHEN subgroup = 'not:section_504' THEN coalesce(NOT s504, false)
        WHEN subgroup = 'not:economically_disadvantaged' THEN coalesce(NOT ed, false)
        WHEN subgroup LIKE 'sex:%' THEN coalesce(sex = subgroup[5:], false)
        WHEN subgroup LIKE 'race:%' THEN coalesce(race = subgroup[6:], false)
        ELSE false
    END;

-- enrolled_on(day, entry, exit): the student counts on `day` (blank dates: all year).
CREATE OR REPLACE TEMP MACRO enrolled_on(day, entry_date, exit_date) AS
    (entry_date IS NULL OR entry_date <= day) AND (exit_date IS NULL OR exit_date >= day);

-- school_year_start(day): July 1 of the school year `day` falls in (lib.core.school_days).
CREATE OR REPLACE TEMP MACRO school_year_start(day) AS
    make_date(year(day) - CASE WHEN month(day) < 7 THEN 1 ELSE 0 END, 7, 1);

-- in_reading_population(...): a student the reading page counts: in the filters' grades
-- (NULL: all) and subgroup, and in the goal's own grade and subgroup (NULL: every student).
CREATE OR REPLACE TEMP MACRO in_reading_population(
    grades, goal_grade, subgroup, goal_subgroup, grade, el, sped, s504, ed, sex, race
) AS
    (grades IS NULL OR list_contains(grades, grade))
    AND (goal_grade IS NULL OR grade = goal_grade)
    AND in_subgroup(subgroup, el, sped, s504, ed, sex, race)
    AND in_subgroup(goal_subgroup, el, sped, s504, ed, sex, race);

-- group_codes(student flags...): every group a student (or a cell of students with the same
-- flags) belongs to: 'all', each flag or its complement, 'sex:<sex>', 'race:<race>'.
-- A blank flag puts the student in neither the flag group nor its complement.
CREATE OR REPLACE TEMP MACRO group_codes(el, sped, s504, ed, sex, race) AS
    list_filter([
        'all',
        CASE el WHEN true THEN 'english_learner' WHEN false THEN 'not:english_learner' END,
        CASE sped WHEN true THEN 'special_education' WHEN false THEN 'not:special_education' END,
        CASE s504 WHEN true THEN 'section_504' WHEN false THEN 'not:section_504' END,
        CASE ed WHEN true THEN 'economically_disadvantaged'
             WHEN false THEN 'not:economically_disadvantaged' END,
        'sex:' || sex,
        'race:' || race
    ], lambda code: code IS NOT NULL);

-- tested_on(school_year, window, test_date): the test date, or for a blank one the window's
-- usual end (BOY Sep 30, MOY Jan 31, EOY May 31 of the school year).
CREATE OR REPLACE TEMP MACRO tested_on(school_year, test_window, test_date) AS
    coalesce(test_date, CASE test_window
        WHEN 'BOY' THEN make_date(CAST(left(school_year, 4) AS INTEGER), 9, 30)
        WHEN 'MOY' THEN make_date(CAST(left(school_year, 4) AS INTEGER) + 1, 1, 31)
        ELSE make_date(CAST(left(school_year, 4) AS INTEGER) + 1, 5, 31) END);

-- teaches_grades(staff_id, grades): the teacher has a section in one of `grades` (NULL: any).
CREATE OR REPLACE TEMP MACRO teaches_grades(teacher, grades) AS
    grades IS NULL OR EXISTS (
        SELECT 1 FROM sections taught
        WHERE taught.teacher_id = teacher AND list_contains(grades, taught.grade_level));
