-- The "Professional learning" page. Parameters: $schools (list), $as_of (date), $year_start
-- (July 1 of the as-of date's school year), $window (days before and after a session that its
-- rating comparison covers). A district-wide session has school_id '' and concerns the
-- teachers of every school. Teachers are staff with role 'teacher'; the grade and student
-- group filters don't apply (PD and mentoring are about a school's teachers).

-- name: sessions
-- Sessions this school year through the as-of date, per school in view that they concern:
-- the teachers expected (on staff by the session day, or listed in its attendance) and how
-- many of them attended.
WITH held AS (
    SELECT s.session_id, s.school_id AS session_school, s.title, s.date, s.hours, s.focus, sc.school_id
    FROM pd_sessions s JOIN schools sc ON s.school_id IN ('', sc.school_id)
    WHERE list_contains($schools, sc.school_id) AND s.date BETWEEN $year_start AND $as_of
), expected AS (
    SELECT h.session_id, h.school_id, t.staff_id, coalesce(a.attended, false) AS attended
    FROM held h JOIN staff t ON t.school_id = h.school_id AND t.role = 'teacher'
    LEFT JOIN pd_attendance a ON a.session_id = h.session_id AND a.staff_id = t.staff_id
    WHERE t.start_date IS NULL OR t.start_date <= h.date OR a.staff_id IS NOT NULL
)
SELECT h.session_id, h.session_school, h.school_id, h.title, h.date, h.hours, h.focus,
       count(e.staff_id) AS expected, count(e.staff_id) FILTER (e.attended) AS attended
FROM held h LEFT JOIN expected e USING (session_id, school_id)
GROUP BY ALL
ORDER BY h.date, h.session_id, h.school_id;

-- name: hours
-- Every teacher in view on staff by the as-of date with the sessions attended this school
-- year through the as-of date (any school's: a teacher may join another school's PD) and
-- their hours.
SELECT t.staff_id, t.school_id, t.first_name, t.last_name,
       count(s.session_id) AS sessions, coalesce(sum(s.hours), 0) AS hours
FROM staff t
LEFT JOIN pd_attendance a ON a.staff_id = t.staff_id AND a.attended
LEFT JOIN pd_sessions s ON s.session_id = a.session_id AND s.date BETWEEN $year_start AND $as_of
WHERE list_contains($schools, t.school_id) AND t.role = 'teacher'
  AND (t.start_date IS NULL OR t.start_date <= $as_of)
GROUP BY ALL
ORDER BY t.school_id, t.last_name, t.first_name, t.staff_id;

-- name: focus_ratings
-- For each school in view and each rubric component that a session this school year (through
-- the as-of date) was on, the school's first such session; its teachers (on staff by the
-- session day) split into those who attended it and the others; and their ratings on that
-- component in leadership visits (never peer) in the $window days before the session day and
-- the $window days after it (the day itself in neither). Aggregates only: teachers, visits
-- and the sum of ratings per school, component, group and side.
WITH components AS (
    SELECT DISTINCT component FROM observation_ratings
), firsts AS (
    SELECT sc.school_id, s.focus,
           arg_min(s.session_id, (s.date, s.session_id)) AS session_id, min(s.date) AS session_date
    FROM pd_sessions s JOIN schools sc ON s.school_id IN ('', sc.school_id)
    WHERE list_contains($schools, sc.school_id) AND s.date BETWEEN $year_start AND $as_of
      AND s.focus IN (SELECT component FROM components)
    GROUP BY ALL
), grouped AS (
    SELECT f.school_id, f.focus, f.session_id, f.session_date, t.staff_id,
           coalesce(a.attended, false) AS attended
    FROM firsts f JOIN staff t ON t.school_id = f.school_id AND t.role = 'teacher'
    LEFT JOIN pd_attendance a ON a.session_id = f.session_id AND a.staff_id = t.staff_id
    WHERE t.start_date IS NULL OR t.start_date <= f.session_date OR a.staff_id IS NOT NULL
)
SELECT g.school_id, g.focus, g.session_id, g.session_date, g.attended,
       o.observed_on > g.session_date AS after,
       count(DISTINCT g.staff_id) AS teachers, count(*) AS visits, sum(r.rating) AS rating_sum
FROM grouped g
JOIN observations o ON o.teacher_id = g.staff_id
JOIN observation_ratings r ON r.observation_id = o.observation_id AND r.component = g.focus
WHERE o.observation_type <> 'peer' AND o.observed_on <= $as_of
  AND o.observed_on BETWEEN g.session_date - $window AND g.session_date + $window
  AND o.observed_on <> g.session_date
GROUP BY ALL
ORDER BY g.school_id, g.focus, g.attended DESC, after;

-- name: pairs
-- Mentoring pairs of the schools in view (the mentee's school) that began by the as-of date,
-- with their meetings through the as-of date and those in the $month_days days ending on it.
SELECT m.mentor_id, m.mentee_id, e.school_id,
       mr.first_name || ' ' || mr.last_name AS mentor_name,
       e.first_name || ' ' || e.last_name AS mentee_name,
       m.start_date, m.end_date,
       count(g.date) AS meetings, count(g.date) FILTER (g.date > $as_of - $month_days) AS recent_meetings,
       max(g.date) AS last_meeting, coalesce(sum(g.minutes), 0) AS minutes
FROM mentoring m
JOIN staff e ON e.staff_id = m.mentee_id
LEFT JOIN staff mr ON mr.staff_id = m.mentor_id
LEFT JOIN mentoring_meetings g ON g.mentor_id = m.mentor_id AND g.mentee_id = m.mentee_id
    AND g.date <= $as_of
WHERE list_contains($schools, e.school_id) AND m.start_date <= $as_of
GROUP BY ALL
ORDER BY e.school_id, m.mentee_id, m.start_date;

-- name: new_teachers
-- Teachers in view whose start date falls in the 365 days ending on the as-of date, with
-- their mentor of the as-of date (if any), leadership visits this school year through the
-- as-of date and the latest feedback given by then.
WITH mentors AS (
    SELECT m.mentee_id, arg_max(mr.first_name || ' ' || mr.last_name, m.start_date) AS mentor_name
    FROM mentoring m JOIN staff mr ON mr.staff_id = m.mentor_id
    WHERE m.start_date <= $as_of AND (m.end_date IS NULL OR m.end_date >= $as_of)
    GROUP BY ALL
), visits AS (
    SELECT o.teacher_id, count(*) AS observations,
           max(o.feedback_on) FILTER (o.feedback_on <= $as_of) AS last_feedback
    FROM observations o
    WHERE o.observation_type <> 'peer' AND o.observed_on BETWEEN $year_start AND $as_of
    GROUP BY ALL
)
SELECT t.staff_id, t.school_id, t.first_name || ' ' || t.last_name AS teacher_name, t.start_date,
       m.mentor_name, coalesce(v.observations, 0) AS observations, v.last_feedback
FROM staff t
LEFT JOIN mentors m ON m.mentee_id = t.staff_id
LEFT JOIN visits v ON v.teacher_id = t.staff_id
WHERE list_contains($schools, t.school_id) AND t.role = 'teacher'
  AND t.start_date BETWEEN $as_of - 364 AND $as_of
ORDER BY t.school_id, t.last_name, t.first_name, t.staff_id;

-- name: components
-- The rubric components that have ratings (a session's focus is compared when it is one).
SELECT DISTINCT component FROM observation_ratings ORDER BY component;

-- name: hours_goals
-- The schools' pd_hours goals running on the as-of date (the goal board's goals as they stand).
SELECT goal_id, school_id, title, target, start_date, end_date
FROM goals_now()
WHERE list_contains($schools, school_id) AND metric = 'pd_hours'
  AND start_date <= $as_of AND end_date >= $as_of
ORDER BY school_id, goal_id;
