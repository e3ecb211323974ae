/**
 * Name material for the demo: industries per city, enterprise and agency names, portfolio
 * topics, people. The names are made up from common word stems; any likeness to a real company
 * is accidental.
 */
import type { City } from '#shared/domain/registry.ts';
import type { Random } from './random.ts';

/** Leading industries of the default registry's cities (what their plans name). */
const CITY_INDUSTRIES: Record<string, readonly string[]> = {
  '440300': ['电子信息', '新能源汽车', '生物医药', '人工智能', '智能终端'],
  '330100': ['数字经济', '电子商务', '生物医药', '智能制造'],
  '510100': ['电子信息', '航空航天', '生物医药', '轨道交通'],
  '320500': ['纳米技术', '生物医药', '高端装备', '新材料'],
  '420100': ['光电子信息', '汽车制造', '生物医药', '集成电路'],
  '370200': ['海洋经济', '智能家电', '轨道交通', '橡胶轮胎'],
  '610100': ['航空航天', '半导体', '新能源', '高端装备'],
  '430100': ['工程机械', '新材料', '电子信息', '食品加工'],
  '350200': ['光电', '软件信息', '生物医药', '新材料'],
  '120116': ['石油化工', '航空航天', '生物医药', '电子信息'],
  '340100': ['集成电路', '新型显示', '人工智能', '新能源汽车'],
  '500112': ['汽车制造', '电子信息', '临空经济', '软件信息'],
};

const GENERIC_INDUSTRIES = [
  '电子信息',
  '生物医药',
  '高端装备',
  '新材料',
  '新能源',
  '人工智能',
  '现代农业',
  '节能环保',
];

/** The words an enterprise of the industry puts after its brand. */
const BUSINESS_WORDS: Record<string, readonly string[]> = {
  电子信息: ['电子科技', '通信技术', '信息技术', '微电子'],
  新能源汽车: ['新能源汽车', '动力电池', '汽车电子', '电驱动技术'],
  生物医药: ['生物医药', '生物科技', '医疗器械', '制药'],
  人工智能: ['智能科技', '人工智能技术', '机器人', '数据科技'],
  智能终端: ['智能终端', '通讯设备', '穿戴科技', '显示技术'],
  数字经济: ['数字科技', '网络技术', '云计算', '数据服务'],
  电子商务: ['电子商务', '供应链管理', '网络科技', '跨境贸易'],
  智能制造: ['智能装备', '自动化科技', '工业互联网', '精密机械'],
  航空航天: ['航空科技', '航天技术', '飞行器', '航空装备'],
  轨道交通: ['轨道交通装备', '轨道科技', '牵引技术', '信号技术'],
  纳米技术: ['纳米科技', '纳米材料', '微纳制造', '精密涂层'],
  高端装备: ['装备制造', '精密机械', '智能装备', '数控技术'],
  新材料: ['新材料', '高分子材料', '复合材料', '先进陶瓷'],
  光电子信息: ['光电科技', '光通信', '激光技术', '光电子'],
  汽车制造: ['汽车零部件', '汽车科技', '车身系统', '底盘技术'],
  集成电路: ['集成电路', '半导体', '芯片设计', '封装测试'],
  海洋经济: ['海洋科技', '海洋生物', '船舶装备', '海工装备'],
  智能家电: ['智能家电', '电器', '家居科技', '制冷设备'],
  橡胶轮胎: ['轮胎', '橡胶科技', '高分子科技', '密封技术'],
  半导体: ['半导体', '功率器件', '晶圆技术', '传感器'],
  新能源: ['新能源', '光伏科技', '储能技术', '氢能科技'],
  工程机械: ['重工机械', '工程装备', '液压技术', '起重机械'],
  食品加工: ['食品', '农业科技', '生物发酵', '茶业'],
  光电: ['光电科技', '照明技术', '光学', '显示科技'],
  软件信息: ['软件', '信息技术', '网络安全', '数据科技'],
  石油化工: ['石化科技', '化工', '催化材料', '精细化工'],
  新型显示: ['显示科技', '光电显示', '触控技术', '面板技术'],
  临空经济: ['航空物流', '临空科技', '航空服务', '供应链'],
  现代农业: ['农业科技', '种业', '生态农业', '农产品'],
  节能环保: ['环保科技', '节能技术', '水处理', '固废处理'],
};

const BRAND_FIRST = [...'华中科创恒瑞博新天金鼎盛宏汇信卓优智领迈亿康联远凯腾嘉安明'];
const BRAND_SECOND = [...'芯研达锐泰讯驰拓源海森辉越航微光峰润图晟宇诚德景思云'];

const AGENCY_WORDS = [
  { words: '知识产权运营', type: '运营机构', suffix: '有限公司' },
  { words: '知识产权服务', type: '服务机构', suffix: '有限公司' },
  { words: '专利代理事务所', type: '服务机构', suffix: '（普通合伙）' },
  { words: '知识产权交易中心', type: '交易机构', suffix: '有限公司' },
  { words: '技术转移', type: '运营机构', suffix: '有限公司' },
  { words: '知识产权代理', type: '服务机构', suffix: '有限公司' },
  { words: '科技成果转化服务', type: '其他', suffix: '有限公司' },
] as const;

const PORTFOLIO_TOPICS: Record<string, readonly string[]> = {
  电子信息: ['5G通信', '射频前端', '高速互连'],
  生物医药: ['抗体药物', '基因检测', '创新医疗器械'],
  新能源汽车: ['固态电池', '电驱系统', '智能座舱'],
  人工智能: ['计算机视觉', '语音交互', '智能决策'],
  集成电路: ['存储芯片', '先进封装', 'EDA工具'],
  新材料: ['碳纤维', '特种合金', '电子化学品'],
  航空航天: ['航空发动机', '卫星导航', '无人机'],
};
const GENERIC_TOPICS = ['核心部件', '关键工艺', '智能控制', '绿色制造', '检测技术'];

const SURNAMES = [...'王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高梁宋郑谢韩唐冯'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '建华',
  '晓东',
  '海燕',
  '志强',
  '文博',
  '思远',
];

export function cityIndustries(city: City, random: Random): readonly string[] {
  return CITY_INDUSTRIES[city.code] ?? random.sample(GENERIC_INDUSTRIES, 4);
}

/**
 * How the city's companies start their names: `深圳市` for a prefecture city, the municipality
 * (`天津`) for a district of one.
 */
export function companyPrefix(city: City): string {
  const match = /^(.+?)市(.+[区县])$/.exec(city.name);
  return match ? (match[1] ?? city.name) : city.name;
}

export function brand(random: Random): string {
  return random.pick(BRAND_FIRST) + random.pick(BRAND_SECOND);
}

export function enterpriseName(prefix: string, industry: string, large: boolean, random: Random): string {
  const business = random.pick(BUSINESS_WORDS[industry] ?? ['科技']);
  return `${prefix}${brand(random)}${business}${large && random.chance(0.6) ? '股份有限公司' : '有限公司'}`;
}

export type AgencyType = (typeof AGENCY_WORDS)[number]['type'];

/** An agency name whose wording fits one of the given types. */
export function agencyName(
  prefix: string,
  types: readonly AgencyType[],
  random: Random,
): { name: string; type: AgencyType } {
  const kind = random.pick(AGENCY_WORDS.filter((candidate) => types.includes(candidate.type)));
  return { name: `${prefix}${brand(random)}${kind.words}${kind.suffix}`, type: kind.type };
}

export function portfolioTopic(industry: string, random: Random): string {
  return random.pick(PORTFOLIO_TOPICS[industry] ?? GENERIC_TOPICS);
}

export function personName(random: Random): string {
  return random.pick(SURNAMES) + random.pick(GIVEN);
}
