// The default training courses every install starts with (普及培训, 救护员培训, 复训, 师资培训), their syllabus units,
// theory blueprint, practical checklist and the starter lessons (short teaching texts in Chinese).
import type { BlueprintRow, ChecklistItem, CourseKind, SyllabusUnit } from './training-catalogue.schemas';

export const defaultUnits: SyllabusUnit[] = [
  { code: 'basics', nameZh: '救护概述与现场评估', nameEn: 'First aid basics and scene assessment' },
  { code: 'cpr', nameZh: '心肺复苏', nameEn: 'CPR' },
  { code: 'aed', nameZh: 'AED使用', nameEn: 'Using an AED' },
  { code: 'choking', nameZh: '气道异物梗阻', nameEn: 'Choking' },
  {
    code: 'trauma',
    nameZh: '创伤救护(止血、包扎、固定、搬运)',
    nameEn: 'Trauma care (bleeding, dressing, splinting, moving)',
  },
  { code: 'emergencies', nameZh: '常见急症与意外伤害', nameEn: 'Common emergencies and injuries' },
];

/** 20 single × 2 + 10 multiple × 3 + 15 true/false × 2 = 100 points. */
export const defaultBlueprint: BlueprintRow[] = [
  { unitCode: 'cpr', questionKind: 'single', count: 6, points: 2 },
  { unitCode: 'aed', questionKind: 'single', count: 4, points: 2 },
  { unitCode: 'trauma', questionKind: 'single', count: 4, points: 2 },
  { unitCode: null, questionKind: 'single', count: 6, points: 2 },
  { unitCode: 'cpr', questionKind: 'multiple', count: 3, points: 3 },
  { unitCode: null, questionKind: 'multiple', count: 7, points: 3 },
  { unitCode: 'basics', questionKind: 'judge', count: 3, points: 2 },
  { unitCode: null, questionKind: 'judge', count: 12, points: 2 },
];

/** Skills scored by the examiner: maximum scores sum to 100. */
export const defaultChecklist: ChecklistItem[] = [
  {
    key: 'cpr-assess',
    unitCode: 'cpr',
    nameZh: '判断意识与呼吸',
    nameEn: 'Check response and breathing',
    maxScore: 10,
    isCritical: false,
  },
  {
    key: 'cpr-call',
    unitCode: 'cpr',
    nameZh: '呼救与取AED',
    nameEn: 'Call for help and an AED',
    maxScore: 10,
    isCritical: false,
  },
  {
    key: 'cpr-compressions',
    unitCode: 'cpr',
    nameZh: '胸外按压位置、深度、频率',
    nameEn: 'Chest compressions: position, depth, rate',
    maxScore: 20,
    isCritical: true,
  },
  {
    key: 'cpr-breaths',
    unitCode: 'cpr',
    nameZh: '开放气道与人工呼吸',
    nameEn: 'Open the airway and give rescue breaths',
    maxScore: 10,
    isCritical: false,
  },
  {
    key: 'aed-pads',
    unitCode: 'aed',
    nameZh: 'AED开机与贴片',
    nameEn: 'Switch on the AED and place the pads',
    maxScore: 10,
    isCritical: false,
  },
  {
    key: 'aed-shock',
    unitCode: 'aed',
    nameZh: '分析心律与除颤安全',
    nameEn: 'Analyse and shock safely',
    maxScore: 10,
    isCritical: true,
  },
  {
    key: 'choking-heimlich',
    unitCode: 'choking',
    nameZh: '海姆立克急救法',
    nameEn: 'Abdominal thrusts (Heimlich)',
    maxScore: 10,
    isCritical: false,
  },
  {
    key: 'trauma-bleeding',
    unitCode: 'trauma',
    nameZh: '止血与包扎',
    nameEn: 'Bleeding control and dressing',
    maxScore: 10,
    isCritical: false,
  },
  {
    key: 'trauma-splint',
    unitCode: 'trauma',
    nameZh: '骨折固定',
    nameEn: 'Splinting a fracture',
    maxScore: 10,
    isCritical: false,
  },
];

export type SeedLesson = {
  unitCode: string;
  mode: 'online' | 'offline';
  title: string;
  body: string;
  minMinutes: number;
};

const cprText = `<h3>心肺复苏(CPR)步骤</h3>
<ol>
<li><strong>确认环境安全</strong>,做好自我防护。</li>
<li><strong>判断意识</strong>:轻拍双肩,在两侧耳边大声呼唤“你怎么了?”。</li>
<li><strong>判断呼吸</strong>:观察胸廓起伏 5–10 秒;无呼吸或仅有叹息样呼吸,立即施救。</li>
<li><strong>呼救</strong>:请旁人拨打 120,并取来附近的 AED。</li>
<li><strong>胸外按压</strong>:两乳头连线中点(胸骨下半部),双手掌根重叠,手臂伸直垂直下压;深度 5–6 厘米,频率 100–120 次/分钟,每次按压后让胸廓完全回弹。</li>
<li><strong>开放气道</strong>:仰头举颏法,清除口中异物。</li>
<li><strong>人工呼吸</strong>:捏住鼻翼,每次吹气约 1 秒,见胸廓抬起即可。按压与吹气比例 30:2。</li>
<li>持续施救,直到 AED 到达、专业人员接手或患者恢复自主呼吸。</li>
</ol>`;

const aedText = `<h3>自动体外除颤器(AED)使用步骤</h3>
<ol>
<li><strong>开机</strong>:打开 AED 电源,按语音提示操作。</li>
<li><strong>贴电极片</strong>:暴露胸部、擦干汗水;一片贴右锁骨下方,另一片贴左乳头外侧腋中线处。</li>
<li><strong>分析心律</strong>:确保所有人不接触患者,等待 AED 分析。</li>
<li><strong>除颤</strong>:提示需要除颤时,大声说“大家离开”,确认无人接触后按下电击键。</li>
<li><strong>继续 CPR</strong>:电击后立即从胸外按压开始,2 分钟后 AED 会再次分析。</li>
</ol>
<p>注意:患者身处水中时先移到干燥处;胸前有药物贴片时先揭去并擦干皮肤。</p>`;

const chokingText = `<h3>气道异物梗阻(海姆立克急救法)</h3>
<p>典型表现:突然不能说话、不能咳嗽,双手抓住颈部(“V”形手势),面色青紫。</p>
<ol>
<li>鼓励患者用力咳嗽;咳嗽无效时立即施救。</li>
<li><strong>成人立位腹部冲击</strong>:站在患者身后,一腿在前;一手握拳,拳眼置于脐上两横指处,另一手包住拳头,快速向内、向上冲击,直至异物排出。</li>
<li><strong>婴儿</strong>:背部叩击 5 次与胸部按压 5 次交替进行。</li>
<li>患者失去意识时,立即呼救并开始心肺复苏。</li>
</ol>`;

const bleedingText = `<h3>止血与包扎</h3>
<ol>
<li><strong>直接压迫止血</strong>:用干净敷料覆盖伤口,用手掌持续用力按压,是最常用、最有效的方法。</li>
<li><strong>加压包扎</strong>:敷料上再用绷带适度加压缠绕,松紧以能止血且远端仍有血液循环为宜。</li>
<li><strong>止血带</strong>:四肢大出血压迫无效时使用,扎在伤口近心端,记录上止血带的时间。</li>
<li>伤口内有异物时不要拔出,在异物两侧加垫后包扎固定。</li>
</ol>
<p>处理伤口时尽量戴手套,避免直接接触血液。</p>`;

type SeedCourse = {
  code: string;
  kind: CourseKind;
  nameZh: string;
  nameEn: string;
  description: string;
  onlineHours: number;
  offlineHours: number;
  hasTheoryExam: boolean;
  hasPracticalExam: boolean;
  certificateYears: number | null;
  certificateTitle: string | null;
  lessons: SeedLesson[];
};

const offline = (unitCode: string, title: string): SeedLesson => ({
  unitCode,
  mode: 'offline',
  title,
  body: '',
  minMinutes: 0,
});

export const defaultCourses: SeedCourse[] = [
  {
    code: 'awareness',
    kind: 'awareness',
    nameZh: '普及培训',
    nameEn: 'Awareness session',
    description: '面向学校、社区、农村和企业的应急救护普及培训,按人次统计,不考核、不发证。',
    onlineHours: 0,
    offlineHours: 2,
    hasTheoryExam: false,
    hasPracticalExam: false,
    certificateYears: null,
    certificateTitle: null,
    lessons: [offline('cpr', '心肺复苏与 AED 演示'), offline('trauma', '创伤救护常识')],
  },
  {
    code: 'first-aider',
    kind: 'first_aider',
    nameZh: '救护员培训',
    nameEn: 'First-aider course',
    description:
      '线上理论学习 4 学时 + 线下实践操作 4 学时;理论考试与实操考核(培考分离)均合格者颁发救护员证,有效期 3 年。',
    onlineHours: 4,
    offlineHours: 4,
    hasTheoryExam: true,
    hasPracticalExam: true,
    certificateYears: 3,
    certificateTitle: '救护员证',
    lessons: [
      { unitCode: 'cpr', mode: 'online', title: '心肺复苏', body: cprText, minMinutes: 3 },
      { unitCode: 'aed', mode: 'online', title: 'AED 使用', body: aedText, minMinutes: 2 },
      { unitCode: 'choking', mode: 'online', title: '气道异物梗阻', body: chokingText, minMinutes: 1 },
      { unitCode: 'trauma', mode: 'online', title: '止血与包扎', body: bleedingText, minMinutes: 2 },
      offline('cpr', '心肺复苏实操训练'),
      offline('aed', 'AED 实操训练'),
      offline('trauma', '止血、包扎、固定、搬运实操'),
      offline('choking', '海姆立克急救法实操'),
    ],
  },
  {
    code: 'recert',
    kind: 'recert',
    nameZh: '复训',
    nameEn: 'Refresher course',
    description: '救护员证到期前的复训:线上 2 学时 + 线下 2 学时,考核合格后救护员证延续 3 年。',
    onlineHours: 2,
    offlineHours: 2,
    hasTheoryExam: true,
    hasPracticalExam: true,
    certificateYears: 3,
    certificateTitle: '救护员证',
    lessons: [
      { unitCode: 'cpr', mode: 'online', title: '心肺复苏(复习)', body: cprText, minMinutes: 2 },
      { unitCode: 'aed', mode: 'online', title: 'AED 使用(复习)', body: aedText, minMinutes: 1 },
      offline('cpr', '心肺复苏与 AED 实操复训'),
    ],
  },
  {
    code: 'instructor',
    kind: 'instructor',
    nameZh: '师资培训',
    nameEn: 'Instructor course',
    description: '培养应急救护培训师资,考核合格颁发师资证,有效期 3 年。',
    onlineHours: 8,
    offlineHours: 16,
    hasTheoryExam: true,
    hasPracticalExam: true,
    certificateYears: 3,
    certificateTitle: '师资证',
    lessons: [
      { unitCode: 'cpr', mode: 'online', title: '心肺复苏', body: cprText, minMinutes: 3 },
      { unitCode: 'aed', mode: 'online', title: 'AED 使用', body: aedText, minMinutes: 2 },
      offline('basics', '教学方法与课堂组织'),
      offline('cpr', '示教与纠错'),
    ],
  },
];
