-- Achievement by student group. Parameters: $schools (list), $as_of (date),
-- $grades (list or NULL). Grade is the student's current grade.

-- name: proficiency_by_group
-- Per subject, assessment window (tested by the as-of date) and group: students tested,
-- how many were proficient (level 3 or 4), and the mean scale score. Group 'all' is
-- every tested student; 'not:<flag>' is the complement of a flag group. Students whose
-- flag is blank are in neither the group nor its complement.
WITH tested AS (
    SELECT a.subject, a.school_year, a."window", a.performance_level, a.scale_score,
           coalesce(a.test_date, CASE a."window"
               WHEN 'BOY' THEN make_date(CAST(left(a.school_year, 4) AS INTEGER), 9, 30)
               WHEN 'MOY' THEN make_date(CAST(left(a.school_year, 4) AS INTEGER) + 1, 1, 31)
               ELSE make_date(CAST(left(a.school_year, 4) AS INTEGER) + 1, 5, 31) END) AS tested_on,
           [
               'all',
               CASE s.english_learner WHEN true THEN 'english_learner' WHEN false THEN 'not:english_learner' END,
               CASE s.special_education WHEN true THEN 'special_education' WHEN false THEN 'not:special_education' END,
               CASE s.section_504 WHEN true THEN 'section_504' WHEN false THEN 'not:section_504' END,
               CASE s.economically_disadvantaged WHEN true THEN 'economically_disadvantaged'
                    WHEN false THEN 'not:economically_disadvantaged' END,
               'sex:' || s.sex,
               'race:' || s.race_ethnicity
           ] AS memberships
    FROM assessments a JOIN students s USING (student_id)
    WHERE list_contains($schools, s.school_id)
      AND ($grades IS NULL OR list_contains($grades, s.grade_level))
), grouped AS (
    SELECT subject, school_year, "window", performance_level, scale_score, tested_on,
           unnest(list_filter(memberships, lambda m: m IS NOT NULL)) AS subgroup
    FROM tested
)
SELECT subject, school_year, "window", max(tested_on) AS period_end, subgroup,
       count(*) AS tested, count(*) FILTER (performance_level >= 3) AS proficient,
       avg(scale_score) AS mean_scale_score
FROM grouped
GROUP BY ALL HAVING max(tested_on) <= $as_of
ORDER BY subject, period_end, subgroup;
