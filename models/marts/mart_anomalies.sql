-- mart_anomalies: every anomaly of indicators.md ("Anomalies"), branch-level, for drill-down and
-- for `zhixiao report anomalies`.
-- Grain: one row per anomaly. Key: anomaly_id = code:branch_code:period[:activity_id|member_id],
-- readable and stable across rebuilds (fit for links and follow-up records).
-- period is the rule's natural sub-period: the month for A01, for A02 (the last month of the
-- 6-month window) and for the activity rules A03 A04 A05 A06 A08 A11 (the activity's month);
-- the year for A07 and A10; the period compared for A09 (months, quarters and years); the
-- quarter for A12. period_start_on / period_end_on bound it, so a report for P can pick the
-- anomalies whose period lies inside P.
-- evidence is JSON: activity_ids / member_ids / months (or years, periods) and the rule's own
-- figures; message is one line of Chinese. severity: high | medium | low.
-- Sources: int_anomaly_a01_silent_month … int_anomaly_a12_cadre_absent, int_branches, int_calendar.
with anomalies as (
  select * from int_anomaly_a01_silent_month
  union all by name select * from int_anomaly_a02_chronic_absentee
  union all by name select * from int_anomaly_a03_uniform_sign_in
  union all by name select * from int_anomaly_a04_short_meeting
  union all by name select * from int_anomaly_a05_count_mismatch
  union all by name select * from int_anomaly_a06_halt_not_redone
  union all by name select * from int_anomaly_a07_rating_inconsistent
  union all by name select * from int_anomaly_a08_no_criticism
  union all by name select * from int_anomaly_a09_participation_drop
  union all by name select * from int_anomaly_a10_no_year_end_report
  union all by name select * from int_anomaly_a11_sign_in_outside
  union all by name select * from int_anomaly_a12_cadre_absent
),

branches as (
  select * from int_branches
),

calendar as (
  select * from int_calendar
),

final as (
  select
    concat_ws(':', a.code, a.branch_code, a.period, coalesce(a.activity_id, a.member_id)) as anomaly_id,
    a.code,
    a.severity,
    case a.severity when 'high' then 1 when 'medium' then 2 else 3 end as severity_order,
    b.university_code,
    b.college_code,
    a.branch_code,
    b.branch_name,
    a.period,
    a.period_kind,
    c.start_on as period_start_on,
    c.end_on as period_end_on,
    a.activity_id,
    a.member_id,
    a.evidence::json as evidence,
    a.message
  from anomalies as a
  join branches as b on b.branch_code = a.branch_code
  join calendar as c on c.period_code = a.period
)

select * from final
