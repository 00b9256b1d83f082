-- Achievement by student group. Parameters: $schools (list), $as_of (date),
-- $grades (list or NULL). Grade is the student's current grade; groups come from the
-- student's current flags. A window counts once its last test date is on or before the
-- as-of date (a blank test date stands for the window's usual end: Sep 30, Jan 31, May 31).
--
-- Both queries first count per combination of a student's flags, sex and race (a few
-- hundred cells per window), then spread each cell over the groups it belongs to: the
-- same totals as unnesting every result, about four times faster at district scale.
-- Group 'all' is every tested student; 'not:<flag>' is the complement of a flag group.
-- Students whose flag is blank are in neither the group nor its complement.

-- name: proficiency_by_group
-- Per subject, assessment window and group: students tested, how many were proficient
-- (level 3 or 4), and the mean scale score.
WITH pupils AS (
    SELECT student_id, english_learner AS el, special_education AS sped, section_504 AS s504,
           economically_disadvantaged AS ed, sex, race_ethnicity AS race
    FROM students
    WHERE list_contains($schools, school_id) AND ($grades IS NULL OR list_contains($grades, grade_level))
), cells AS (
    SELECT a.subject, a.school_year, a."window", p.el, p.sped, p.s504, p.ed, p.sex, p.race,
           max(tested_on(a.school_year, a."window", a.test_date)) AS tested_on,
           count(*) AS tested, count(*) FILTER (a.performance_level >= 3) AS proficient,
           sum(a.scale_score) AS score_total, count(a.scale_score) AS scored
    FROM assessments a JOIN pupils p USING (student_id)
    GROUP BY ALL
), grouped AS (
    SELECT subject, school_year, "window", tested_on, tested, proficient, score_total, scored,
           unnest(group_codes(el, sped, s504, ed, sex, race)) AS subgroup
    FROM cells
)
SELECT subject, school_year, "window", max(tested_on) AS period_end, subgroup,
       CAST(sum(tested) AS BIGINT) AS tested, CAST(sum(proficient) AS BIGINT) AS proficient,
       sum(score_total) / nullif(sum(scored), 0) AS mean_scale_score
FROM grouped
GROUP BY ALL HAVING max(tested_on) <= $as_of
ORDER BY subject, period_end, subgroup;

-- name: growth_by_group
-- Per subject, school year, later window (MOY or EOY) and group: students with a result
-- both at that school year's BOY and in the later window, and how many of them moved up
-- at least one performance level since BOY.
WITH pupils AS (
    SELECT student_id, english_learner AS el, special_education AS sped, section_504 AS s504,
           economically_disadvantaged AS ed, sex, race_ethnicity AS race
    FROM students
    WHERE list_contains($schools, school_id) AND ($grades IS NULL OR list_contains($grades, grade_level))
), results AS (
    SELECT a.student_id, a.subject, a.school_year, a."window", a.performance_level,
           tested_on(a.school_year, a."window", a.test_date) AS tested_on
    FROM assessments a SEMI JOIN pupils USING (student_id)
), cells AS (
    SELECT later.subject, later.school_year, later."window", p.el, p.sped, p.s504, p.ed, p.sex, p.race,
           max(later.tested_on) AS tested_on, count(*) AS tested_both,
           count(*) FILTER (later.performance_level > start.performance_level) AS moved_up
    FROM results AS start
    JOIN results AS later
      ON later.student_id = start.student_id AND later.subject = start.subject
     AND later.school_year = start.school_year AND later."window" <> 'BOY'
    JOIN pupils AS p ON p.student_id = start.student_id
    WHERE start."window" = 'BOY'
    GROUP BY ALL
), grouped AS (
    SELECT subject, school_year, "window", tested_on, tested_both, moved_up,
           unnest(group_codes(el, sped, s504, ed, sex, race)) AS subgroup
    FROM cells
)
SELECT subject, school_year, "window", max(tested_on) AS period_end, subgroup,
       CAST(sum(tested_both) AS BIGINT) AS tested_both, CAST(sum(moved_up) AS BIGINT) AS moved_up
FROM grouped
GROUP BY ALL HAVING max(tested_on) <= $as_of
ORDER BY subject, period_end, subgroup;
