/**
 * Fictional names for the demo world: people, universities, colleges. Universities are
 * marked "示例·" so no one mistakes the data for a real institution; people's names are
 * random surname + given-name combinations and their ID numbers use an area code that
 * does not exist (see `fakeIdNumber`).
 */
import type { Random } from './random.ts';

// Common surnames, most frequent first; weights fall off so 王/李/张 dominate as in life.
const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡',
  '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金',
  '石', '廖', '贾', '夏', '韦', '方', '白', '邹', '孟', '熊', '秦', '邱', '江', '尹', '薛', '段', '雷', '侯', '史', '陶',
  '黎', '贺', '顾', '毛', '郝', '龚', '邵', '万', '钱', '严', '武', '戴', '孔', '汤', '欧阳', '诸葛',
];
const SURNAME_WEIGHTS = SURNAMES.map((_, i) => [SURNAMES[i]!, 1 / (i + 8)] as const);

const GIVEN_CHARS = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀', '霞', '平',
  '刚', '桂', '华', '建', '国', '文', '辉', '玲', '鹏', '宇', '浩', '欣', '怡', '雪', '晨', '晓', '婷', '颖', '佳', '琳',
  '博', '凯', '俊', '峰', '瑞', '思', '雨', '萌', '悦', '诗', '梓', '子', '涵', '睿', '轩', '航', '哲', '泽', '宁', '安',
  '志', '新', '春', '红', '云', '海', '林', '波', '斌', '琪', '慧', '蕾', '璐', '倩', '嘉', '家', '振', '东', '学', '永',
  '德', '立', '成', '正', '诚', '毅', '彤', '冰', '岚', '蓉', '薇', '茜', '阳', '昊', '然', '逸', '铭', '楠', '晗', '可',
];

export function personName(rng: Random): string {
  const surname = rng.weighted(SURNAME_WEIGHTS);
  const given = rng.chance(0.3) ? rng.pick(GIVEN_CHARS) : rng.pick(GIVEN_CHARS) + rng.pick(GIVEN_CHARS);
  return surname + given;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECKS = '10X98765432';

/**
 * An 18-character resident ID number with the real structure (area, birth date,
 * sequence, ISO 7064 MOD 11-2 check character) but a fictional area: 3499xx lies inside
 * Anhui's 34 prefix, where prefecture codes stop at 3418, so it can never be anyone's.
 * `used` keeps the numbers unique within a run: the ingest deduplicates people by it.
 */
export function fakeIdNumber(rng: Random, birthYear: number, used: Set<string>): string {
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  const area = `3499${String(rng.int(1, 99)).padStart(2, '0')}`;
  let sequence = rng.int(1, 999);
  for (;;) {
    const body = `${area}${birthYear}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(sequence).padStart(3, '0')}`;
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(body[i]) * ID_WEIGHTS[i]!;
    const id = body + ID_CHECKS[sum % 11];
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
    sequence = (sequence % 999) + 1;
  }
}

/** Anhui's 16 cities with a rough share of its universities (Hefei has the most). */
export const CITY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['合肥', 50], ['芜湖', 12], ['蚌埠', 5], ['淮南', 5], ['马鞍山', 6], ['淮北', 3], ['铜陵', 4], ['安庆', 6],
  ['黄山', 2], ['滁州', 5], ['阜阳', 5], ['宿州', 4], ['六安', 4], ['亳州', 3], ['池州', 3], ['宣城', 4],
];

const UNDERGRAD_FIELDS = ['理工', '师范', '医科', '财经', '工业', '农业', '科技', '建筑', '外国语', '信息工程', '艺术', '中医药', '体育', '电子', '交通', '文理'];
const UNDERGRAD_KINDS = ['大学', '学院'];
const VOCATIONAL_NAMES = [
  '职业技术学院', '工业职业技术学院', '商贸职业技术学院', '机电职业技术学院', '信息职业技术学院', '医学高等专科学校',
  '交通职业技术学院', '旅游职业学院', '城市建设职业技术学院', '财贸职业学院', '电子信息职业技术学院', '幼儿师范高等专科学校',
  '农业工程职业学院', '卫生职业学院', '艺术职业学院', '警官职业学院',
];

/** A unique fictional university name, e.g. 示例·合肥理工学院. */
export function universityName(rng: Random, city: string, level: '本科' | '专科', used: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const base =
      level === '本科' ? `${city}${rng.pick(UNDERGRAD_FIELDS)}${rng.pick(UNDERGRAD_KINDS)}` : `${city}${rng.pick(VOCATIONAL_NAMES)}`;
    const name = `示例·${attempt > 20 ? `${base}（${attempt}）` : base}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

export const COLLEGE_NAMES = [
  '马克思主义学院', '机械工程学院', '电气与自动化工程学院', '计算机与信息学院', '土木与水利工程学院', '化学与化工学院',
  '材料科学与工程学院', '经济与管理学院', '文学院', '外国语学院', '数学学院', '物理学院', '生命科学学院', '医学院',
  '护理学院', '药学院', '艺术学院', '体育学院', '法学院', '教育科学学院', '新闻传播学院', '建筑与规划学院',
  '资源与环境工程学院', '食品与生物工程学院', '交通运输学院', '国际教育学院', '软件学院', '微电子学院',
  '历史与社会学院', '音乐学院', '公共管理学院', '农学院', '园艺学院', '动物科技学院', '智能制造学院', '商学院',
];

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十'];

/** 第一, 第二 … (falls back to digits past twenty). */
export function ordinal(n: number): string {
  return `第${ORDINALS[n - 1] ?? String(n)}`;
}
