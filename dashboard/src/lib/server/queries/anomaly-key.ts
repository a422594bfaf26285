/**
 * The stable key of an anomaly, shared by the 异常 page and the brief (no imports, so the CLI can
 * use it too). `a` is a mart_anomalies row: SHA-256 of the mart's key,
 * code|branch_code|period|activity_id|member_id with NULL as ''. The same anomaly gets the same
 * key after every rebuild, whatever its figures become (anomaly_reviews, migration 002).
 */
export const ANOMALY_KEY_SQL = "sha256(a.code || '|' || a.branch_code || '|' || a.period || '|' || coalesce(a.activity_id, '') || '|' || coalesce(a.member_id, ''))";

/** The latest follow-up of each anomaly key, as a CTE named `latest`. */
export const LATEST_REVIEWS_CTE = `latest as (
  select anomaly_key, status, note, reviewed_by, reviewed_at
  from anomaly_reviews
  qualify row_number() over (partition by anomaly_key order by review_id desc) = 1
)`;
