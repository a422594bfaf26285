/** One step of the drill path 全省 → 高校 → 院系 → 支部 → 活动 (pages return them as `crumbs`). */
export interface Crumb {
  /** What the crumb says (a unit's name, an activity's title). */
  label: string;
  /** Where it leads; null for the current page. */
  href: string | null;
  /** The kind of unit, said before the name. */
  kind?: 'university' | 'college' | 'branch' | 'activity';
}
