-- Cell normalisation and parsing for the ingest, as temporary macros created at the
-- start of each run. Raw cells land as VARCHAR; these turn them into typed values, or
-- NULL when a value cannot be read (the validation then names the cell and why).
-- Enum and boolean spellings come from ingest/contract/enums.ts through the temp table
-- zx_maps(domain, m), filled with bound parameters by ingest/sql-macros.ts.

-- Full-width ASCII (U+FF01–U+FF5E) and the ideographic space, folded as NFKC folds them:
-- codes and numbers arrive as ＢＲ００１ or ２０２４ from Chinese input methods. Plain ASCII
-- (byte length = character length) and text without such characters skip the translation,
-- which costs microseconds a cell.
create or replace temp macro zx_fold_wide(s) as
  case when not regexp_matches(s, '[！-～　]') then s else translate(s, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ ') end;

-- The rarer characters NFKC folds to one character (superscript digits, ①, U1﹣B1, Kangxi
-- radicals…: ingest/contract/nfkc.ts, in the variables zx_rare_*) are tested apart: the long
-- translation is paid only by the cells that hold one. (None folds to a full-width one.)
create or replace temp macro zx_fold(s) as
  case
    when strlen(s) = length(s) then s
    when regexp_matches(s, getvariable('zx_rare_pattern'))
      then zx_fold_wide(translate(s, getvariable('zx_rare_from'), getvariable('zx_rare_to')))
    else zx_fold_wide(s)
  end;

-- Trim spaces, tabs, line breaks, ideographic and no-break spaces, and a stray BOM; empty → NULL.
-- Most cells need no trimming: a cheap test of both ends spares them the costlier trim.
create or replace temp macro zx_clean(s) as
  case
    when s is null or s = '' then null
    when regexp_matches(s, '^[\s\x{3000}\x{00A0}\x{FEFF}]|[\s\x{3000}\x{00A0}\x{FEFF}]$')
      then nullif(trim(s, ' ' || chr(9) || chr(10) || chr(13) || chr(12288) || chr(160) || chr(65279)), '')
    else s
  end;

-- Free text: trimmed, Windows line breaks inside a cell made plain.
create or replace temp macro zx_text(s) as zx_clean(replace(s, chr(13) || chr(10), chr(10)));

-- Codes and numbers: folded, then trimmed.
create or replace temp macro zx_code(s) as zx_clean(zx_fold(s));

-- The lookup key of an enum or boolean spelling.
create or replace temp macro zx_key(s) as lower(zx_code(s));

-- One value's lookup (the bulk validation uses a CASE over the spellings, which is faster).
create or replace temp macro zx_enum(domain_name, s) as
  map_extract_value((select m from zx_maps where domain = domain_name), zx_key(s));

create or replace temp macro zx_bool(s) as zx_enum('__bool__', s);

-- Numbers: 12, 12.0 (from a spreadsheet), ２０.
create or replace temp macro zx_number(s) as try_cast(zx_code(s) as double);
-- An integer from already cleaned text (the bulk validation cleans each cell once).
create or replace temp macro zx_int_of(clean) as
  case when try_cast(clean as double) = floor(try_cast(clean as double)) and abs(try_cast(clean as double)) < 2147483648
       then try_cast(clean as double)::integer end;
create or replace temp macro zx_int(s) as zx_int_of(zx_code(s));

-- Date and time forms of the contract: 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日,
-- 20240305, an Excel serial number, each optionally followed by 14:30, 14:30:05 or
-- 14时30分, or T-separated. DuckDB's own ISO reading is tried first (tens of ns a
-- cell); only the other forms pay for the rewriting.
create or replace temp macro zx_datetime_rewritten(s) as
  regexp_replace(
    regexp_replace(
      replace(replace(replace(replace(replace(replace(
        regexp_replace(s, '[年/.]', '-', 'g'),
        '月', '-'), '日', ' '), 'T', ' '), '时', ':'), '分', ':'), '秒', ''),
      '[:\s]+$', ''),
    '\s+', ' ', 'g');

create or replace temp macro zx_excel_serial(s) as
  case when regexp_full_match(s, '[0-9]{5}(\.[0-9]+)?')
       then timestamp '1899-12-30 00:00:00'
            + to_milliseconds(round(try_cast(s as double) * 86400000)::bigint) end;

-- The common Chinese and slash forms (2024/3/5 14:30, 2024年3月5日 14时30分05秒, 2024.3.5)
-- rewritten to ISO by one regular expression, for DuckDB's own reading: platforms export a
-- whole column in one such form, and the general rewriting below costs ten times more.
-- A text it does not match comes back unchanged and fails the cast like before.
create or replace temp macro zx_datetime_common(s) as
  try_cast(rtrim(regexp_replace(s,
    '^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})(?:日?|(?:日\s*|\s+|T)(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})秒?|分)?)$',
    '\1-\2-\3 \4:\5:\6'), ' :') as timestamp);

-- A time with an offset (2024-03-05T06:30:00Z, …+00:00, …-0500) names its own zone: it is
-- converted to Asia/Shanghai (the session's TimeZone) rather than read as local. A cheap look
-- at the last characters spares the usual forms (…14:30:05, …14时30分) the regular expression.
create or replace temp macro zx_has_offset(s) as
  strlen(s) > 16
  and (right(s, 1) = 'Z' or contains(right(s, 6), '+') or contains(right(s, 6), '-'))
  and regexp_matches(s, '[0-9](Z|[+-][0-9]{2}(:?[0-9]{2})?)$');

create or replace temp macro zx_datetime_any(s) as
  case when zx_has_offset(s) then coalesce(
    try_cast(s as timestamptz),
    try_cast(regexp_replace(s, '([0-9]:[0-9]{2})(Z|[+-])', '\1:00\2') as timestamptz))::timestamp  -- 14:30Z: no seconds
  else coalesce(
    try_cast(s as timestamp),
    zx_datetime_common(s),
    try_strptime(s, ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d', '%Y-%m-%d %H:%M:%S.%f']),
    zx_excel_serial(s),
    try_strptime(zx_datetime_rewritten(s),
      ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d', '%Y%m%d', '%Y%m%d %H:%M:%S', '%Y%m%d %H:%M',
       '%Y-%m-%d %H', '%Y-%m-%d %H:%M:%S.%f'])
  ) end;

-- Whether a parsed date is plausible is checked by the validation (a typo such as 0224
-- must not load), not here: repeating the parse inside a CASE would double its cost.
create or replace temp macro zx_datetime(s) as zx_datetime_any(zx_code(s));

create or replace temp macro zx_date(s) as zx_datetime(s)::date;

-- Quarters: 2022Q3, 2022-Q3, 2022 q3, 2022年第三季度, 2022年第3季度 → 2022Q3.
create or replace temp macro zx_quarter_parts(s) as
  regexp_extract(
    replace(replace(replace(replace(upper(zx_code(s)), '一', '1'), '二', '2'), '三', '3'), '四', '4'),
    '^([0-9]{4})\s*[-年]?\s*(?:Q|第)\s*([1-4])\s*(?:季度)?$', ['y', 'q']);
create or replace temp macro zx_quarter(s) as
  case when zx_quarter_parts(s).y <> '' then zx_quarter_parts(s).y || 'Q' || zx_quarter_parts(s).q end;

-- Multi-valued cells: split on ；;、,，/ (and the full-width ／, as the other separators come in both widths) and trim; empty parts dropped.
create or replace temp macro zx_split(s) as
  list_filter(list_transform(string_split_regex(coalesce(s, ''), '[；;、,，/／]'), x -> zx_clean(x)), x -> x is not null);
-- Lambdas may not hold subqueries, so the caller joins the domain's map (a row of
-- zx_maps) and passes it in as `spellings`.
create or replace temp macro zx_multi_enum(spellings, s) as
  list_transform(zx_split(s), x -> map_extract_value(spellings, zx_key(x)));
-- The first part of a multi-valued cell that is not a known value (NULL when all are).
create or replace temp macro zx_multi_enum_bad(spellings, s) as
  list_filter(zx_split(s), x -> map_extract_value(spellings, zx_key(x)) is null)[1];

-- Names are stored masked: 张*华, 李*, 欧**娜 — never in clear. Counted in the characters a
-- reader sees (grapheme clusters), so that a character written with a variation selector
-- (葛󠄀, as rare surnames are in ID systems) is one character, not two shown in clear.
create or replace temp macro zx_mask_name(s) as
  case
    when zx_text(s) is null then null
    when length_grapheme(zx_text(s)) = 1 then '*'  -- one character shown would be the name in clear
    when length_grapheme(zx_text(s)) = 2 then left_grapheme(zx_text(s), 1) || '*'
    else left_grapheme(zx_text(s), 1) || repeat('*', length_grapheme(zx_text(s)) - 2) || right_grapheme(zx_text(s), 1)
  end;

-- ID numbers are never stored: a keyed SHA-256 of the normalised number, for dedup only.
create or replace temp macro zx_id_hash(s, hash_key) as
  case when zx_code(s) is not null then sha256(hash_key || ':' || upper(zx_code(s))) end;
