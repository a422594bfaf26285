/**
 * The validation of one table's landed rows, written as SQL from the contract's
 * description (contract/tables.ts) so each rule exists once. Identifiers come from the
 * contract (an allow-list); every value — reasons, domains, defaults, bounds — is a
 * bound parameter collected in a ParamBag.
 *
 * Rows come as one VARCHAR column per contract column plus file_id, zx_line,
 * quarantine_id (load-sql.ts selects them from a source or from quarantine) and are typed
 * into a Parquet file per source (typedRowsSql): raw columns, typed values `v_<column>`,
 * and `problem`, the first thing wrong with the row by itself, or NULL. The batch's files
 * are then read through the temp view typed_rows (typedRowsViewSql), which adds each
 * row's line and the problems found by the checks that need other rows. Those checks
 * never rewrite the typed rows: they record a row's problem in temp table late_problems
 * and a row leaving the batch in dropped_rows (a table written inside the run's
 * transaction is scanned by one thread at twice the cost; the Parquet files are not).
 */
import { ENUM_DOMAINS } from './contract/enums.ts';
import { BOOL_DOMAIN, spellingsOf } from './sql-macros.ts';
import { PROVINCE_OBSERVER_ORG, tableSpec, type ColumnSpec, type ReferenceSpec, type TableSpec } from './contract/tables.ts';

export class ParamBag {
  readonly values: Record<string, string | number | boolean | null> = {};
  private next = 0;
  /** The values whose placeholders `sql` uses (DuckDB refuses a value it has no place for). */
  usedBy(sql: string): Record<string, string | number | boolean | null> {
    return Object.fromEntries(Object.entries(this.values).filter(([name]) => new RegExp(`\\$${name}\\b`).test(sql)));
  }
  /** A placeholder bound to `value`. */
  p(value: string | number | boolean | null): string {
    const name = `p${this.next++}`;
    this.values[name] = value;
    return `$${name}`;
  }
}

/** Quote a contract identifier; refuses anything that is not a plain name. */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not an identifier: ${name}`);
  return `"${name}"`;
}

const v = (column: string) => ident(`v_${column}`);

const KIND_LABEL: Record<string, string> = {
  date: '日期（如 2024-03-05、2024/3/5、2024年3月5日）',
  datetime: '日期时间（如 2024-03-05 14:30、2024年3月5日 14时30分）',
  bool: '是/否值（是/否、Y/N、1/0、TRUE/FALSE、√/×、有/无）',
  int: '整数',
  year: '年份（如 2024、2024年、2024年度）',
  number: '数值',
  quarter: '季度（如 2022Q3、2022-Q3、2022年第三季度）',
};

function label(column: ColumnSpec): string {
  return `「${column.headers[0]}」(${column.name})`;
}

function allowedValues(column: ColumnSpec): string {
  return Object.keys(ENUM_DOMAINS[column.domain!]).join('、');
}

/**
 * The canonical value of an enum or boolean cell: a CASE over the domain's spellings,
 * bound as parameters. (A join against a spellings table was slower inside the run's
 * transaction, where the optimiser has no statistics for the batch.)
 */
function enumLookup(domain: string, clean: string, bag: ParamBag): string {
  const whens = spellingsOf(domain).map(([key, canonical]) => `when ${bag.p(key)} then ${bag.p(canonical)}`).join(' ');
  // A cell spelled as its key (出席, 是) needs no lower-casing, which copies every string it
  // touches: lower() only for the cells the first CASE does not know.
  return `coalesce(case ${clean} ${whens} end, case lower(${clean}) ${whens} end)`;
}

/** Whether a column's cell is folded (NFKC-style) before use: codes, numbers, dates, enums. */
function isFolded(column: ColumnSpec): boolean {
  return !['text', 'person_name', 'id_number', 'multi_enum'].includes(column.kind);
}

/**
 * Whether a row has any cell that folding or trimming would change: a full-width
 * character (or another NFKC folds: zx_fold_rare) anywhere, or a space (of any kind) at
 * either end of a cell; also a U+FFFD (a byte that was not UTF-8), for its check. One regular
 * expression over the row's cells joined by U+001F costs less than testing each cell, and
 * the rows it clears — nearly all, in a platform's export — skip zx_fold and zx_clean.
 * A U+001F inside a cell can only make a row look dirty, never clean.
 */
function dirtyRowExpression(table: TableSpec): string {
  const cells = table.columns.map((c) => ident(c.name)).join(', ');
  const space = '[\\s\\x{3000}\\x{00A0}\\x{FEFF}]';
  return `regexp_matches(concat_ws(chr(31), ${cells}), '[！-～　\\x{FFFD}]|(^|\\x1f)${space}|${space}(\\x1f|$)|' || getvariable('zx_rare_pattern'))`;
}

/** The cell as it is read, step 1: folded (codes, numbers…) or with its line breaks made plain (text). */
function foldedExpression(column: ColumnSpec): string {
  const raw = ident(column.name);
  if (isFolded(column)) return `case when zx_dirty then zx_fold(${raw}) else ${raw} end`;
  if (column.kind === 'text' || column.kind === 'person_name') return `replace(${raw}, chr(13) || chr(10), chr(10))`;
  return raw;
}

/** The cleaned cell (trimmed; empty → NULL), computed once per cell and referred to as k_<column>. */
const k = (column: string) => ident(`k_${column}`);
const f = (column: string) => ident(`f_${column}`);

/** The typed value of a column, from its cleaned text. */
function typedExpression(column: ColumnSpec, bag: ParamBag): string {
  const clean = k(column.name);
  switch (column.kind) {
    case 'text':
    case 'person_name': // masked when landed
    case 'id_number': // hashed when landed
    case 'code':
      return clean;
    case 'enum': {
      const value = enumLookup(column.domain!, clean, bag);
      return column.defaultValue !== undefined
        ? `coalesce(${value}, case when ${clean} is null then ${bag.p(String(column.defaultValue))} end)`
        : value;
    }
    case 'multi_enum':
      return `list_filter(zx_multi_enum(${ident(`map_${column.name}`)}, ${ident(column.name)}), x -> x is not null)`;
    case 'date':
      return `zx_datetime_any(${clean})::date`;
    case 'datetime':
      return `zx_datetime_any(${clean})`;
    case 'bool': {
      const value = `${enumLookup(BOOL_DOMAIN, clean, bag)}::boolean`;
      return column.defaultValue !== undefined
        ? `coalesce(${value}, case when ${clean} is null then ${bag.p(Boolean(column.defaultValue))}::boolean end)`
        : value;
    }
    case 'int':
      return `zx_int_of(${clean})`;
    case 'year':
      return `zx_int_of(regexp_replace(${clean}, '\\s*年度?$', ''))`;
    case 'number':
      return `try_cast(${clean} as double)`;
    case 'quarter':
      return `zx_quarter(${clean})`;
  }
}

function problem(bag: ParamBag, column: string, value: string, reason: string, code: string): string {
  return `{'column': ${bag.p(column)}, 'value': (${value})::varchar, 'reason': ${reason}, 'code': ${bag.p(code)}}`;
}

/** The checks of one column, in the order they are reported. */
/** A check: when `when` holds for a row, `then` (a problem struct) is its problem. */
interface Check {
  when: string;
  then: string;
}

/** What the typing knows of the columns a row's file had (see typedRowsSql). */
export interface TypingColumns {
  /** Columns the source's file lacks (a file of the batch). */
  absent?: ReadonlySet<string>;
  /** The rows carry `zx_present`, the columns of their own file (retried orphans). */
  presentPerRow?: boolean;
}

/**
 * The rule of a column required on a condition (上级组织代码 but of a 高校党委, 支部类别 of a
 * 党支部): the SQL condition on the row's typed values (of relation `alias`, when given) and its words.
 */
function requiredWhenRule(table: TableSpec, column: ColumnSpec, bag: ParamBag, alias = ''): { condition: string; reason: string } {
  const when = column.requiredWhen!;
  const other = table.columns.find((c) => c.name === when.column)!;
  const [value] = when.values;
  const typed = `${alias ? `${alias}.` : ''}${v(other.name)}`;
  return when.unless
    ? { condition: `${typed} is distinct from ${bag.p(value)}`, reason: `${label(other)}不是「${value}」时必须填写${label(column)}` }
    : { condition: `${typed} = ${bag.p(value)}`, reason: `${label(other)}为「${value}」时必须填写${label(column)}` };
}

function columnProblems(table: TableSpec, column: ColumnSpec, bag: ParamBag, columns: TypingColumns): Check[] {
  const raw = ident(column.name);
  const typed = v(column.name);
  const checks: Check[] = [];
  if (column.required) {
    // Typed text and codes are NULL exactly when the cleaned cell is; other kinds ask the cell.
    // (Each condition starts with the rare case, so the costlier test runs on few rows.)
    const missing = ['code', 'text', 'person_name', 'id_number'].includes(column.kind) ? `${typed} is null` : `${typed} is null and ${k(column.name)} is null`;
    checks.push({ when: missing, then: problem(bag, column.name, 'null', bag.p(`缺少必填值：${label(column)}`), 'required') });
  }
  // A column the file lacks keeps a loaded row's value: its condition is checked against that
  // value once the table can be read (keptRequiredSql).
  if (column.requiredWhen && !columns.absent?.has(column.name)) {
    const { condition, reason } = requiredWhenRule(table, column, bag);
    const hadIt = columns.presentPerRow ? ` and list_contains(zx_present, ${bag.p(column.name)})` : '';
    checks.push({ when: `${typed} is null and ${condition} and ${k(column.name)} is null${hadIt}`, then: problem(bag, column.name, 'null', bag.p(reason), 'required') });
  }
  if (column.kind === 'enum') {
    const reason = `不是有效的${label(column)}，可选值：${allowedValues(column)}`;
    checks.push({ when: `${typed} is null and ${k(column.name)} is not null`, then: problem(bag, column.name, raw, bag.p(reason), 'bad_value') });
  } else if (column.kind === 'multi_enum') {
    const bad = `zx_multi_enum_bad(${ident(`map_${column.name}`)}, ${raw})`;
    // The value is the cell as read (as for every bad value); the reason names the bad part.
    const reason = `${bag.p(`${label(column)}含无效取值「`)} || ${bad} || ${bag.p(`」，可选值：${allowedValues(column)}`)}`;
    checks.push({ when: `${bad} is not null`, then: problem(bag, column.name, raw, reason, 'bad_value') });
  } else if (KIND_LABEL[column.kind]) {
    const reason = `${label(column)}不是有效的${KIND_LABEL[column.kind]}`;
    checks.push({ when: `${typed} is null and ${k(column.name)} is not null`, then: problem(bag, column.name, raw, bag.p(reason), 'bad_value') });
  }
  if (column.kind === 'date' || column.kind === 'datetime') {
    checks.push({
      when: `year(${typed}) not between 1900 and 2100`,
      then: problem(bag, column.name, raw, bag.p(`${label(column)}的年份不合理（应在 1900–2100 之间）`), 'bad_value'),
    });
  }
  if (column.min !== undefined || column.max !== undefined) {
    const low = column.min ?? Number.NEGATIVE_INFINITY;
    const high = column.max ?? Number.POSITIVE_INFINITY;
    const range = column.max !== undefined ? `${column.min ?? ''}–${column.max}` : `≥ ${column.min}`;
    const outside = [
      column.min !== undefined ? `${typed} < ${bag.p(low)}` : null,
      column.max !== undefined ? `${typed} > ${bag.p(high)}` : null,
    ]
      .filter(Boolean)
      .join(' or ');
    checks.push({ when: outside, then: problem(bag, column.name, raw, bag.p(`${label(column)}超出范围（${range}）`), 'bad_value') });
  }
  return checks;
}

/**
 * The SELECT typing the rows that `rowsSql` selects (one source, or the orphans being
 * retried; see load-sql.ts), written by the caller to a Parquet file. It reads one relation
 * and only projects, so DuckDB keeps the rows in their order (its documented guarantee):
 * a text file's rows are numbered afterwards by their position in the Parquet file.
 */
export function typedRowsSql(table: TableSpec, bag: ParamBag, rowsSql: string, columns: TypingColumns = {}): string {
  const typedColumns = table.columns.map((c) => `${typedExpression(c, bag)} as ${v(c.name)}`);
  // A multi-valued column's spellings as a constant map (a join with zx_maps would not keep
  // the rows' order).
  const maps = table.columns
    .filter((c) => c.kind === 'multi_enum')
    .map((c) => {
      const pairs = spellingsOf(c.domain!);
      return `map([${pairs.map(([key]) => bag.p(key)).join(', ')}]::varchar[], [${pairs.map(([, canonical]) => bag.p(canonical)).join(', ')}]::varchar[]) as ${ident(`map_${c.name}`)}`;
    });
  // A cell holding bytes its file's encoding cannot read (U+FFFD: a character cut in a UTF-8
  // file, see ingest/read/scan-file.ts) is the row's first problem: what it held is unknown. Such rows are dirty, so the
  // test runs on few rows.
  const checks: Check[] = table.columns.map((c) => ({
    when: `zx_dirty and contains(${ident(c.name)}, chr(65533))`,
    then: problem(bag, c.name, ident(c.name), bag.p(`${label(c)}含有无法识别的字节（显示为 �：这一行已损坏，或文件编码有误）：请在导出系统中修正后重新导出`), 'bad_value'),
  }));
  checks.push(...table.columns.flatMap((c) => columnProblems(table, c, bag, columns)));
  for (const order of table.orderChecks) {
    const later = table.columns.find((c) => c.name === order.later)!;
    const earlier = table.columns.find((c) => c.name === order.earlier)!;
    checks.push({ when: `${v(later.name)} < ${v(earlier.name)}`, then: problem(
        bag,
        later.name,
        ident(later.name),
        bag.p(`${label(later)}早于${label(earlier)}`),
        'bad_value',
      ) });
  }
  const mapNames = table.columns.filter((c) => c.kind === 'multi_enum').map((c) => ident(`map_${c.name}`));
  const helpers = ['zx_dirty', ...table.columns.map((c) => f(c.name)), ...table.columns.map((c) => k(c.name)), ...mapNames];
  // One layer a step, so that each step is computed once per cell and the next refers to it
  // by name (nested macros would repeat the inner work in every place they name it).
  const elided = table.columns.filter(rawElidable).map((c) => ident(c.name));
  return `
    with marked as (
      select r.*, ${dirtyRowExpression(table)} as zx_dirty
      from (${rowsSql}) r
    ), folded as (
      select marked.*, ${table.columns.map((c) => `${foldedExpression(c)} as ${f(c.name)}`).join(', ')}
      from marked
    ), cleaned as (
      select folded.*, ${table.columns.map((c) => `case when zx_dirty then zx_clean(${f(c.name)}) else nullif(${f(c.name)}, '') end as ${k(c.name)}`).join(', ')}
      from folded
    ), typed as (
      select cleaned.*, ${typedColumns.join(',\n        ')}
      from (select *${maps.length ? `, ${maps.join(', ')}` : ''} from cleaned) cleaned
    ), checked as (
      select typed.* exclude (${helpers.join(', ')}),
        -- a record with nothing in any column (the view typed_rows leaves it out): its cleaned
        -- cells, computed anyway, tell it without another look at the text
        coalesce(${table.columns.map((c) => k(c.name)).join(', ')}) is null as zx_blank,
        -- the first check that fails; the struct is only built for rows that fail
        case ${checks.map((c) => `when ${c.when} then ${c.then}`).join('\n        ')} end as problem
      from typed
    )
    select ${elided.length ? `checked.* exclude (${elided.join(', ')}), ${table.columns
      .filter(rawElidable)
      .map((c) => `case when ${ident(c.name)} is distinct from ${v(c.name)} then ${ident(c.name)} end as ${ident(c.name)}`)
      .join(', ')}` : 'checked.*'}
    from checked`;
}

/**
 * Whether a column's cell as read is kept only where it differs from its typed value:
 * codes, text and enums without a default, whose typed value is NULL exactly when the cell
 * is empty — so a NULL kept cell with its typed value restores the cell exactly
 * (rawCellSql). Nearly every cell is kept as NULL then, and writing the cells twice was a
 * third of the typing's time.
 */
export function rawElidable(column: ColumnSpec): boolean {
  if (['code', 'text', 'person_name', 'id_number'].includes(column.kind)) return true;
  return column.kind === 'enum' && column.defaultValue === undefined;
}

/** A row's cell as read, from typed_rows (aliased `alias`): see rawElidable. */
export function rawCellSql(column: ColumnSpec, alias: string): string {
  const raw = `${alias}.${ident(column.name)}`;
  return rawElidable(column) ? `coalesce(${raw}, ${alias}.${v(column.name)})` : raw;
}

/** The type of `problem` (typedRowsSql builds it as a struct of these fields). */
const PROBLEM_TYPE = 'struct("column" varchar, "value" varchar, reason varchar, code varchar)';

/**
 * The work tables of a batch's checks, empty: late_problems (a row's problem found by a
 * check that needs other rows; the last one recorded stands) and dropped_rows (rows that
 * leave the batch: superseded by a later file, or a retried orphan waiting more than once).
 */
export function batchWorkTablesSql(): string[] {
  return [
    `create or replace temp table late_problems (file_id integer, line integer, problem ${PROBLEM_TYPE}, primary key (file_id, line))`,
    'create or replace temp table dropped_rows (file_id integer, line integer)',
  ];
}

/**
 * The view typed_rows over the Parquet files of a batch (the list of paths in
 * variable zx_typed_files, set by typed-batch.ts): each row's line — explicit for sheets, retried rows
 * and text files with blank lines inside (zx_line), else the row's position in its file —
 * its file id (typed_files, by Parquet file; retried rows carry their own), the rows of the
 * title above the header (typed_files.header_line) and blank records left out,
 * the problems of late_problems over the row's own, and dropped_rows left out.
 */
export function typedRowsViewSql(): string {
  return `
    create or replace temp view typed_rows as
    select b.* exclude (problem), coalesce(lp.problem, b.problem) as problem
    from (
      select coalesce(f.file_id, r.file_id) as file_id, r.* exclude (file_id, zx_line, zx_blank, file_row_number, filename),
        coalesce(r.zx_line, (r.file_row_number + 1)::integer) as line
      from read_parquet(getvariable('zx_typed_files'), file_row_number = true, filename = true) r
        left join typed_files f on f.filename = r.filename
      where not r.zx_blank and coalesce(r.zx_line, r.file_row_number + 1) > coalesce(f.header_line, 0)
    ) b
      left join late_problems lp on lp.file_id = b.file_id and lp.line = b.line
      anti join dropped_rows d on d.file_id = b.file_id and d.line = b.line`;
}

/**
 * Give the rows of typed_rows that `where` selects the problem `problem` (an expression
 * over typed_rows and `from`'s relations), as an UPDATE of typed_rows would. A row that
 * two matches would give a problem gets one of them, as in an UPDATE … FROM.
 */
export function setProblemSql(problem: string, where: string, from = ''): string {
  return `
    insert or replace into late_problems
    select typed_rows.file_id, typed_rows.line, ${problem}
    from typed_rows ${from}
    where ${where}
    qualify row_number() over (partition by typed_rows.file_id, typed_rows.line) = 1`;
}

/**
 * The rows the repeated-key check ranks: the batch's rows of files (retried orphans stay
 * out), valid or not, whose key is whole. A row with a bad value still holds its place: the
 * contract's "the first row loads, each later one is quarantined" names no exception.
 */
function keyedRows(table: TableSpec, alias = ''): string {
  return [`${alias}quarantine_id is null`, ...table.key.map((k) => `${alias}${v(k)} is not null`)].join(' and ');
}

/**
 * Whether any key may repeat among the batch's rows, within a file or across files:
 * grouping by one hash of the key is several times cheaper than grouping by its text, and
 * almost every export has no repeat, so the exact tests below are usually skipped. A hash
 * collision only costs running them. It looks at the rows of the exact tests (keyedRows),
 * a superset of the valid rows that the test across files looks at.
 */
export function mayRepeatKeysSql(table: TableSpec): string {
  return `select count(*) from (
    select 1 from typed_rows where ${keyedRows(table)}
    group by hash(${table.key.map(v).join(', ')}) having count(*) > 1 limit 1)`;
}

/**
 * Whether any key repeats inside one physical file (a cheap test before the window below).
 * The sheets of one workbook are each a source_files row (registered in workbook order) but
 * one file: rows are grouped by the file's path (the batch's rows of files are all of this run).
 */
export function hasDuplicateKeysSql(table: TableSpec): string {
  const keys = table.key.map((k) => `t.${v(k)}`).join(', ');
  return `select count(*) from (
    select 1 from typed_rows t join source_files f on f.file_id = t.file_id
    where ${keyedRows(table, 't.')}
    group by f.path, ${keys} having count(*) > 1 limit 1)`;
}

/** The reason of a repeated key; `first` has first_file_id, first_sheet, first_line; `row` has file_id. */
function repeatedKeyProblem(table: TableSpec, bag: ParamBag, first: string, row: string): string {
  // The key's cells as read (2023.0 / B04), as every problem shows its value.
  const keys = table.key.map((k) => `${rawCellSql(table.columns.find((c) => c.name === k)!, row)}::varchar`).join(', ');
  const keyLabels = table.key.map((k) => label(table.columns.find((c) => c.name === k)!)).join('、');
  const sheet = `case when ${first}.first_file_id <> ${row}.file_id and ${first}.first_sheet is not null
      then ${bag.p('工作表「')} || ${first}.first_sheet || ${bag.p('」')} else '' end`;
  return `{'column': ${bag.p(table.key[0])}, 'value': concat_ws(' / ', ${keys})::varchar,
      'reason': ${bag.p(`记录键${keyLabels}在本文件中重复，以`)} || ${sheet} || ${bag.p('第 ')} || ${first}.first_line || ${bag.p(' 行为准')},
      'code': ${bag.p('duplicate_key')}}`;
}

/**
 * A key repeated inside one file (the sheets of a workbook being one file): the first row —
 * in sheet order, then line order — stands, valid or not; each later one is quarantined as
 * a repeated key, whatever else is wrong with it.
 */
export function duplicateKeySql(table: TableSpec, bag: ParamBag): string {
  const keys = table.key.map((k) => `t.${v(k)}`).join(', ');
  return setProblemSql(
    repeatedKeyProblem(table, bag, 'd', 'typed_rows'),
    'typed_rows.file_id = d.file_id and typed_rows.line = d.line and typed_rows.quarantine_id is null and d.n > 1',
    `, (
      select t.file_id, t.line, first_value(t.file_id) over w as first_file_id, first_value(f.sheet) over w as first_sheet,
        first_value(t.line) over w as first_line, row_number() over w as n
      from typed_rows t join source_files f on f.file_id = t.file_id
      where ${keyedRows(table, 't.')}
      window w as (partition by f.path, ${keys} order by t.file_id, t.line)
    ) d`,
  );
}

/**
 * A workbook whose sheets of one table came in several batches (their columns differ, or
 * the batch was full) is still one file. A workbook's sheets are consecutive sources, so
 * only the batch's first source can go on from an earlier batch, and only its last can go
 * on into the next one. One row: `continues`, whether the first source is a sheet of a
 * workbook with a sheet of this table in an earlier batch of the run; `ends_with_sheet`,
 * whether the last source is a sheet.
 */
export function workbookSpanSql(): string {
  return `
    with batch as (select min(file_id) as first_id, max(file_id) as last_id from typed_files)
    select
      exists (select 1 from batch, source_files f, source_files e
              where f.file_id = batch.first_id and f.sheet is not null
                and e.run_id = f.run_id and e.path = f.path and e.table_name = f.table_name
                and e.sheet is not null and e.status = 'loaded' and e.file_id < batch.first_id) as continues,
      exists (select 1 from batch, source_files f where f.file_id = batch.last_id and f.sheet is not null) as ends_with_sheet`;
}

/**
 * The keys of a workbook that goes on into the next batch are kept for the run in temp
 * table workbook_keys_<table> (dropped with the run's other work tables); the next batch's
 * rows of that workbook whose key is kept there are repeated keys, of the kept first row.
 * Run after duplicateKeySql, with the answers of workbookSpanSql (nothing when both are false).
 */
export function workbookAcrossBatchesSql(
  table: TableSpec,
  bag: ParamBag,
  span: { continues: boolean; endsWithSheet: boolean },
): string[] {
  if (!span.continues && !span.endsWithSheet) return [];
  const kept = ident(`workbook_keys_${table.name}`);
  const keyColumns = table.key.map(v).join(', ');
  const sameKey = table.key.map((k) => `w.${v(k)} = typed_rows.${v(k)}`).join(' and ');
  const rowKeys = table.key.map((k) => `t.${v(k)}`).join(', ');
  const statements = [
    `create temp table if not exists ${kept} as
     select ''::varchar as path, file_id, ''::varchar as sheet, line, ${keyColumns} from typed_rows limit 0`,
  ];
  if (span.continues) {
    statements.push(
      setProblemSql(
        repeatedKeyProblem(table, bag, 'w', 'typed_rows'),
        `${sameKey} and typed_rows.file_id = f.file_id and typed_rows.quarantine_id is null`,
        `, (select path, first_file_id, first_sheet, first_line, ${keyColumns} from (
             select path, file_id as first_file_id, sheet as first_sheet, line as first_line, ${keyColumns},
               row_number() over (partition by path, ${keyColumns} order by file_id, line) as n
             from ${kept})
           where n = 1) w
         join source_files f on f.path = w.path`,
      ),
    );
  }
  if (span.endsWithSheet) {
    statements.push(`insert into ${kept}
     select f.path, t.file_id, f.sheet, t.line, ${rowKeys}
     from typed_rows t join (
       select file_id, path, sheet from source_files
       where sheet is not null and path = (
         select path from source_files where sheet is not null
           and file_id = (select max(file_id) from typed_files))
     ) f on f.file_id = t.file_id
     where ${keyedRows(table, 't.')}
     qualify row_number() over (partition by f.path, ${rowKeys} order by t.file_id, t.line) = 1`);
  }
  return statements;
}

/**
 * Retried orphans: when one key waits in quarantine more than once, the newest row stands; the
 * older ones leave the batch and stop waiting (resolved by this run), or they would come back
 * in a later run over the newer row.
 */
export function supersededRetriesSql(table: TableSpec, bag: ParamBag, runId: string): string[] {
  const keys = table.key.map(v).join(', ');
  return [
    `create or replace temp table superseded_retries as
     select quarantine_id, file_id, line from (
       select quarantine_id, file_id, line, row_number() over (partition by ${keys} order by quarantine_id desc) as n
       from typed_rows where quarantine_id is not null and problem is null)
     where n > 1`,
    'insert into dropped_rows select file_id, line from superseded_retries',
    `update quarantine set resolved_run_id = ${bag.p(runId)}
     where quarantine_id in (select quarantine_id from superseded_retries)`,
  ];
}

/** The unresolved quarantined keys of a parent table, for the "parent quarantined" reason. */
function quarantinedKeys(reference: ReferenceSpec, bag: ParamBag): string {
  return `(select zx_code(raw ->> ${bag.p(reference.targetColumn)}) from quarantine
           where table_name = ${bag.p(reference.table)} and resolved_run_id is null)`;
}

/**
 * Rows naming a parent that does not exist: orphans, retried in later runs — or, when
 * the parent itself is in quarantine, quarantined for that reason. A reference to the
 * table itself (an org unit's parent) may be satisfied by a valid row of the same batch.
 */
export function referenceSql(
  table: TableSpec,
  reference: ReferenceSpec,
  bag: ParamBag,
  bounds: { low: string | number | null; high: string | number | null } | null = null,
): string {
  const column = table.columns.find((c) => c.name === reference.column)!;
  const target = tableSpec(reference.table);
  const targetColumn = target.columns.find((c) => c.name === reference.targetColumn)!;
  const value = v(reference.column);
  const selfReference = reference.table === table.name;
  const existsInBatch = selfReference
    ? `or ${value} in (select ${v(reference.targetColumn)} from typed_rows where problem is null)`
    : '';
  const quarantinedInBatch = selfReference
    ? `or ${value} in (select ${v(reference.targetColumn)} from typed_rows where problem is not null)`
    : '';
  const province = reference.parentCheck === 'is_observer_org' ? `and ${value} <> ${bag.p(PROVINCE_OBSERVER_ORG)}` : '';
  // 组织生活记录 / 列席督导记录 are records by name: no second 记录
  const targetRecord = target.label.endsWith('记录') ? target.label : `${target.label}记录`;
  const orphanReason = `${label(column)}引用的${target.label}${label(targetColumn)}不存在：请先导入或补充该${targetRecord}（其到达后本行会自动重试）`;
  const parentReason = `${label(column)}引用的${targetRecord}本身已被隔离，本行随之隔离（上级记录修正后自动重试）`;
  // The parent table's keys between the batch's lowest and highest value only: its row groups
  // outside that range are skipped by their min/max statistics (a run's parents are not committed
  // yet, and DuckDB would read them all, single-threaded, for every batch).
  const parentKey = ident(reference.targetColumn);
  const parentKeys = bounds
    ? `select ${parentKey} from ${ident(reference.table)} where ${parentKey} between ${bag.p(bounds.low)} and ${bag.p(bounds.high)}`
    : `select ${parentKey} from ${ident(reference.table)}`;
  // The value is the cell as read, as for a bad value (the check compares the cleaned code).
  return setProblemSql(
    `{'column': ${bag.p(reference.column)}, 'value': ${rawCellSql(column, 'typed_rows')}::varchar,
      'reason': case when ${value} in ${quarantinedKeys(reference, bag)} ${quarantinedInBatch}
                     then ${bag.p(parentReason)} else ${bag.p(orphanReason)} end,
      'code': case when ${value} in ${quarantinedKeys(reference, bag)} ${quarantinedInBatch}
                   then ${bag.p('parent_quarantined')} else ${bag.p('orphan')} end}`,
    `problem is null and ${value} is not null ${province}
      and not (${value} in (${parentKeys}) ${existsInBatch})`,
  );
}

/** Whether the org unit `group` is a 党小组 of the branch `branch` (two SQL expressions). */
function groupOfBranchSql(group: string, branch: string): string {
  return `exists (select 1 from org_units g where g.org_code = ${group} and g.org_type = '党小组' and g.parent_code = ${branch})`;
}

/**
 * A column required on a condition (支部类别 of a 党支部, 上级组织代码 but of a 高校党委) that a row's
 * file lacks: the typing left it to this check, which the loaded row's value meets (a re-export
 * keeps it); a row with none to keep — a new key — misses a required value. Run before the
 * reference checks, as the typing's own check is, so that such a row is no parent for others.
 * Retried orphans (`retried`) lack the columns their own file lacked (zx_present).
 */
export function keptRequiredSql(table: TableSpec, present: Set<string>, bag: ParamBag, retried = false): string[] {
  const loaded = ident(table.name);
  const sameKey = table.key.map((k) => `loaded.${ident(k)} = typed_rows.${v(k)}`).join(' and ');
  const statements: string[] = [];
  for (const target of table.columns) {
    const when = target.requiredWhen;
    if (!when) continue;
    if (!retried && (present.has(target.name) || !present.has(when.column))) continue;
    const { condition, reason: rule } = requiredWhenRule(table, target, bag, 'typed_rows');
    const lacked = retried ? ` and not list_contains(typed_rows.zx_present, ${bag.p(target.name)})` : '';
    statements.push(
      setProblemSql(
        `{'column': ${bag.p(target.name)}, 'value': null::varchar,
          'reason': ${bag.p(`${rule}：本文件没有${label(target)}列，也没有已导入的值可沿用；请在导出时带上这一列`)},
          'code': ${bag.p('required')}}`,
        `problem is null and ${condition}${lacked} and loaded.${ident(target.name)} is null`,
        `left join ${loaded} as loaded on ${sameKey}`,
      ),
    );
  }
  return statements;
}

/**
 * The rules between two columns, checked on the row an update would leave. A re-export without
 * an optional column keeps the loaded value of it (the merge writes the file's columns only), so
 * a row whose other column is present is compared with that kept value: a later 开始时间 against
 * the loaded 结束时间, a new 成立日期 against the loaded 撤销日期, a new 支部 against the loaded
 * 党小组. Rows of new keys have nothing kept; a file with both columns was checked by the typing.
 */
export function keptColumnRulesSql(table: TableSpec, present: Set<string>, bag: ParamBag): string[] {
  const loaded = ident(table.name);
  const sameKey = table.key.map((k) => `loaded.${ident(k)} = typed_rows.${v(k)}`).join(' and ');
  const kept = (absent: ColumnSpec, given: ColumnSpec, rule: string, where: string) =>
    setProblemSql(
      `{'column': ${bag.p(given.name)}, 'value': ${rawCellSql(given, 'typed_rows')}::varchar,
        'reason': ${bag.p(`${rule}：本文件没有${label(absent)}列，沿用已导入的值「`)} || loaded.${ident(absent.name)}::varchar
          || ${bag.p('」；请在导出时带上这一列，或更正本行')},
        'code': ${bag.p('bad_value')}}`,
      `problem is null and ${where}`,
      `join ${loaded} as loaded on ${sameKey}`,
    );
  const column = (name: string) => table.columns.find((c) => c.name === name)!;
  const statements: string[] = [];
  for (const order of table.orderChecks) {
    const later = column(order.later);
    const earlier = column(order.earlier);
    const rule = `${label(later)}早于${label(earlier)}`;
    if (present.has(earlier.name) && !present.has(later.name)) {
      statements.push(kept(later, earlier, rule, `loaded.${ident(later.name)} < typed_rows.${v(earlier.name)}`));
    } else if (present.has(later.name) && !present.has(earlier.name)) {
      statements.push(kept(earlier, later, rule, `typed_rows.${v(later.name)} < loaded.${ident(earlier.name)}`));
    }
  }
  for (const reference of table.references) {
    if (reference.parentCheck !== 'is_group_of_branch' || present.has(reference.column) || !present.has('branch_code')) continue;
    const group = column(reference.column);
    statements.push(
      kept(
        group,
        column('branch_code'),
        `${label(group)}不是${label(column('branch_code'))}下属的党小组`,
        `loaded.${ident(group.name)} is not null and typed_rows.${v('branch_code')} is distinct from loaded.branch_code
         and not ${groupOfBranchSql(`loaded.${ident(group.name)}`, `typed_rows.${v('branch_code')}`)}`,
      ),
    );
  }
  return statements;
}

/** Parents that exist but are of the wrong kind (not a branch; a group of another branch …). */
export function parentCheckSql(table: TableSpec, reference: ReferenceSpec, bag: ParamBag): string[] {
  const column = table.columns.find((c) => c.name === reference.column)!;
  const value = v(reference.column);
  const set = (reason: string, where: string) =>
    setProblemSql(`{'column': ${bag.p(reference.column)}, 'value': ${value}::varchar,
       'reason': ${bag.p(reason)}, 'code': ${bag.p('bad_parent')}}`, where);
  switch (reference.parentCheck) {
    case undefined:
      return [];
    case 'is_branch':
      return [
        set(`${label(column)}必须是党支部`, `problem is null and ${value} in (select org_code from org_units where org_type <> '党支部')`),
      ];
    case 'is_group_of_branch':
      return [
        set(
          `${label(column)}必须是本支部下属的党小组`,
          `problem is null and ${value} is not null and not ${groupOfBranchSql(`typed_rows.${value}`, `typed_rows.${v('branch_code')}`)}`,
        ),
      ];
    case 'is_observer_org':
      // Every (branch, organisation above it) pair, computed once for the batch.
      return [
        `create or replace temp table branch_ancestors as
         with recursive above(branch_code, ancestor) as (
           select org_code, parent_code from org_units where org_type = '党支部' and parent_code is not null
           union all
           select above.branch_code, p.parent_code from above join org_units p on p.org_code = above.ancestor
           where p.parent_code is not null
         )
         select distinct branch_code, ancestor from above`,
        set(
          `${label(column)}必须是该活动所在支部的上级组织（院系党委、党总支、高校党委）或「${PROVINCE_OBSERVER_ORG}」`,
          `problem is null and ${value} <> ${bag.p(PROVINCE_OBSERVER_ORG)} and not exists (
          select 1 from activities a join branch_ancestors b on b.branch_code = a.branch_code
          where a.activity_id = typed_rows.${v('activity_id')} and b.ancestor = typed_rows.${value})`,
        ),
      ];
  }
}
