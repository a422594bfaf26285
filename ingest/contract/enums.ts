/**
 * Enum domains of the data contract: each canonical value with the synonyms that
 * exports use. Matching happens after NFKC folding and trimming, case-insensitively.
 */
export const ENUM_DOMAINS: Record<string, Record<string, string[]>> = {
  city: Object.fromEntries(
    ['合肥', '芜湖', '蚌埠', '淮南', '马鞍山', '淮北', '铜陵', '安庆', '黄山', '滁州', '阜阳', '宿州', '六安', '亳州', '池州', '宣城'].map(
      (c) => [c, [`${c}市`]],
    ),
  ),
  level: { 本科: [], 专科: ['高职', '高职专科'] },
  org_type: {
    高校党委: [],
    院系党委: ['二级党委', '院级党委'],
    党总支: ['党总支部'],
    党支部: [],
    党小组: [],
  },
  branch_category: { 教职工: ['教工'], 学生: [], 离退休: [], 混合: [] },
  member_status: { 正式党员: [], 预备党员: [] },
  person_category: { 教职工: [], 学生: [], 离退休: [], 其他: [] }, // no synonyms: 教工 is branch_category's
  branch_role: { 书记: [], 副书记: [], 委员: [], 无: [] },
  activity_type: {
    支部党员大会: ['党员大会'],
    支部委员会会议: ['支委会'],
    党小组会: [],
    党课: [],
    主题党日: [],
    组织生活会: [],
    民主评议党员: [],
  },
  mode: { 线下: [], 线上: [], 线上线下结合: [] },
  content_tag: {
    理论学习: [],
    政治教育: [],
    政治训练: [],
    党性锤炼: [],
    批评与自我批评: [],
    政治体检: [],
    业务工作: [],
    志愿服务: [],
    年度组织生活通报: [],
    其他: [],
  },
  attendance_status: { 出席: ['参加', '已签到', '到会'], 请假: [], 缺席: ['未参加', '未到'], 列席: [] },
  problem: { 表面化: [], 形式化: [], 娱乐化: [], 庸俗化: [], 其他: [] },
  rectification_source: { 列席督导: [], 组织生活会: [], 民主评议: [], 专项督查: [], 巡视巡察: [], 其他: [] },
  rectification_status: { 未整改: [], 整改中: [], 已整改: [], 已销号: [] },
  selection: { 未推报: [], 已推报: ['推报省委组织部'], 省级优秀: ['省级优秀案例'] },
  rating: { 好: [], 较好: [], 一般: [], 差: [] },
};

/**
 * Boolean spellings of the contract, exactly (是/否, Y/N, 1/0, TRUE/FALSE, √/×, 有/无; compared
 * lower-cased); empty means unknown, anything else is a bad value.
 */
export const BOOLEAN_TRUE = ['是', 'y', '1', 'true', '√', '有'];
export const BOOLEAN_FALSE = ['否', 'n', '0', 'false', '×', '无'];

/** Separators of multi-valued cells. */
export const MULTI_VALUE_SEPARATORS = '；;、,，/';
