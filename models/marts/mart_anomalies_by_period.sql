-- mart_anomalies_by_period: which anomalies a report for period P shows (`zhixiao report
-- anomalies --period P`, the dashboard's anomaly list), for every reported period P.
-- Grain: one row per reported period × anomaly. Key: (period_code, anomaly_id).
-- Sources: mart_anomalies, int_period_subperiods.
-- Reading: P shows the anomalies whose period lies wholly inside P (a year shows its months'
-- and quarters' anomalies too), with two exceptions that follow the rules' own wording:
-- - A02 (chronic absentee) is about "the 6 months ending at the end of P (or as_of)": P shows
--   only the window ending at the end of P, or at as_of when P has not ended (that window's
--   period is as_of's month, P's last month in the calendar), not one per month of P;
-- - A09 (participation drop) compares P with the period before it: P shows only the drop of P
--   itself (a year does not list its months' and quarters' drops).
with anomalies as (
  select * from mart_anomalies
),

subperiods as (
  select * from int_period_subperiods
),

-- the last month of each reported period that starts on or before as_of (the calendar holds no
-- later one): P's last month when P has ended, else as_of's month (month codes sort by time)
last_months as (
  select s.period_code, max(s.sub_period_code) as month_code
  from subperiods as s
  where s.sub_period_kind = 'month'
  group by s.period_code
),

final as (
  select
    s.period_code,
    s.period_kind,
    a.anomaly_id,
    a.severity_order,
    a.code,
    a.university_code,
    a.college_code,
    a.branch_code
  from anomalies as a
  join subperiods as s on s.sub_period_code = a.period
  left join last_months as l on l.period_code = s.period_code
  where case a.code
    when 'A02_chronic_absentee' then a.period = l.month_code
    when 'A09_participation_drop' then a.period = s.period_code
    else true
  end
)

select * from final
