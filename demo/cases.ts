/** Typical cases (典型案例) of the demo: one template per 模式类别 of the catalogue. */
import { CASE_CATEGORIES } from '#shared/catalogue/sheets.ts';
import type { CaseRecord } from '#shared/domain/records.ts';
import type { Random } from './random.ts';

type CaseCategory = (typeof CASE_CATEGORIES)[number];

interface CaseTemplate {
  title: (prefix: string, industry: string) => string;
  practice: string;
  metric: string;
  unit: string;
  /** Outcome range of a city of scale 1 (the largest); smaller cities scale it down. */
  range: [number, number];
}

const TEMPLATES: Record<CaseCategory, CaseTemplate> = {
  专利导航: {
    title: (p, i) => `${p}${i}产业专利导航服务基地建设`,
    practice: '围绕产业链关键环节开展专利导航分析，形成产业发展路径建议并纳入地方产业规划',
    metric: '完成导航项目',
    unit: '个',
    range: [2, 12],
  },
  高价值专利培育: {
    title: (p, i) => `${p}${i}高价值专利培育中心建设`,
    practice: '由龙头企业牵头、高校院所参与组建培育中心，开展专利挖掘、布局和海外申请',
    metric: '新增发明专利授权',
    unit: '件',
    range: [60, 600],
  },
  商标品牌培育: {
    title: (p) => `“${p.replace(/市$/, '')}好品”区域品牌培育工程`,
    practice: '设立商标品牌指导站，开展品牌价值评估、商标注册辅导和品牌推广活动',
    metric: '新增注册商标',
    unit: '件',
    range: [300, 3000],
  },
  地理标志运用: {
    title: (p) => `${p}地理标志产品保护与产业化促进`,
    practice: '推广地理标志专用标志使用，建立“地理标志+龙头企业+农户”联农带农机制',
    metric: '带动产值',
    unit: '万元',
    range: [5000, 80000],
  },
  贯标: {
    title: (p) => `${p}企业知识产权管理规范贯标行动`,
    practice: '分行业组织贯标培训和现场辅导，对通过认证的企业给予资助',
    metric: '新增贯标企业',
    unit: '家',
    range: [10, 120],
  },
  知识产权托管: {
    title: (p) => `${p}中小微企业知识产权托管服务`,
    practice: '政府购买服务，由服务机构为中小微企业提供专利申请、管理、维权一站式托管',
    metric: '托管企业',
    unit: '家',
    range: [50, 600],
  },
  质押融资: {
    title: (p) => `${p}知识产权质押融资“入园惠企”行动`,
    practice: '搭建银企对接平台，设立风险补偿资金池，对知识产权质押贷款给予贴息',
    metric: '融资金额',
    unit: '万元',
    range: [10000, 300000],
  },
  专利商标混合质押: {
    title: (p) => `${p}专利商标混合质押融资产品创新`,
    practice: '联合银行推出专利与商标打包质押产品，扩大企业可质押资产范围',
    metric: '混合质押笔数',
    unit: '笔',
    range: [5, 80],
  },
  知识产权保险: {
    title: (p) => `${p}知识产权保险“共保体”试点`,
    practice: '联合保险机构推出专利执行险、侵权责任险，财政给予保费补贴',
    metric: '保障金额',
    unit: '万元',
    range: [2000, 80000],
  },
  知识产权证券化: {
    title: (p) => `${p}知识产权证券化产品发行`,
    practice: '以企业专利许可费为基础资产发行资产支持证券，拓宽科技型企业融资渠道',
    metric: '融资金额',
    unit: '万元',
    range: [10000, 150000],
  },
  运营基金: {
    title: (p, i) => `${p}${i}知识产权运营基金投资运作`,
    practice: '设立重点产业知识产权运营基金，投资高价值专利项目和专利密集型企业',
    metric: '基金投资额',
    unit: '万元',
    range: [5000, 60000],
  },
  交易许可: {
    title: (p) => `${p}专利开放许可试点`,
    practice: '组织高校院所发布开放许可专利，开展供需对接并发布许可费率参考',
    metric: '许可合同',
    unit: '件',
    range: [20, 400],
  },
  运营服务集聚区: {
    title: (p) => `${p}知识产权服务业集聚发展区建设`,
    practice: '引进知名服务机构入驻，提供代理、评估、运营、法律一站式服务',
    metric: '入驻机构',
    unit: '家',
    range: [10, 80],
  },
  高校院所运营: {
    title: (p) => `${p}高校院所专利转化专项行动`,
    practice: '建立高校技术转移机构，开展存量专利盘活和职务科技成果赋权改革试点',
    metric: '转化专利',
    unit: '件',
    range: [20, 500],
  },
  其他创新举措: {
    title: (p) => `${p}知识产权纠纷多元化解机制`,
    practice: '设立知识产权纠纷人民调解委员会，推动行政裁决、调解、仲裁有效衔接',
    metric: '化解纠纷',
    unit: '件',
    range: [20, 300],
  },
};

/** 2–5 cases of distinct categories (so titles are unique within the sheet). */
export function generateCases(input: {
  prefix: string;
  industries: readonly string[];
  subjects: readonly string[];
  scale: number;
  random: Random;
}): CaseRecord[] {
  const { prefix, industries, subjects, scale, random } = input;
  return random.sample(CASE_CATEGORIES, random.int(2, 5)).map((category) => {
    const template = TEMPLATES[category];
    const record: CaseRecord = {
      title: template.title(prefix, random.pick(industries)),
      category,
      subject: random.pick(subjects),
      practice: template.practice,
      recommended: random.chance(0.35),
    };
    if (random.chance(0.8)) {
      const [low, high] = template.range;
      const raw = random.between(low, high) * (0.3 + scale);
      record.outcomeMetric = template.metric;
      record.outcomeValue =
        template.unit === '万元' ? Math.round(raw * 100) / 100 : Math.max(1, Math.round(raw));
      record.outcomeUnit = template.unit;
    }
    return record;
  });
}
