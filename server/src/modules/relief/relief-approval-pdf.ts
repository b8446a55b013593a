// The relief approval form (救助审批表): one A4 page with the case, its steps and the public notice, stored with the
// case and used as the payout's evidence.
import { chineseDate } from '../../platform/documents/chinese-date';
import { type Content, findMissingCharacters, renderPdf } from '../../platform/documents/pdf';
import { amountInWords, formatYuan } from '../../platform/money';

export type ApprovalFormInput = {
  caseNo: string;
  kindName: string;
  unitName: string;
  applicantName: string;
  idNumberMasked: string | null;
  householdSize: number;
  causeText: string;
  requestedFen: number;
  recommendedFen: number | null;
  approvedFen: number;
  steps: { label: string; who: string; at: Date | null; note: string | null }[];
  notice: { startsAt: Date; endsAt: Date; objections: number } | null;
  overrideNote: string | null;
};

/** Replaces characters the shipped font cannot draw (a rare name character) with 〇 so the form always renders. */
function printable(text: string): string {
  const missing = new Set(findMissingCharacters(text));
  return missing.size === 0 ? text : [...text].map((c) => (missing.has(c) ? '〇' : c)).join('');
}

const cell = (text: string, bold = false) => ({ text: printable(text), bold, fontSize: 10 });

export async function renderApprovalForm(input: ApprovalFormInput): Promise<Buffer> {
  const day = (d: Date | null) => (d ? chineseDate(d) : '');
  const rows: Content[][] = [
    [cell('案件编号', true), cell(input.caseNo), cell('救助类别', true), cell(input.kindName)],
    [cell('申请人', true), cell(input.applicantName), cell('身份证号', true), cell(input.idNumberMasked ?? '')],
    [cell('所在单位', true), cell(input.unitName), cell('家庭人口', true), cell(`${input.householdSize} 人`)],
    [cell('申请事由', true), { ...cell(input.causeText), colSpan: 3 } as Content, '', ''],
    [
      cell('申请金额', true),
      cell(formatYuan(input.requestedFen)),
      cell('审核建议', true),
      cell(input.recommendedFen === null ? '' : formatYuan(input.recommendedFen)),
    ],
    [
      cell('批准金额', true),
      { ...cell(`${formatYuan(input.approvedFen)}(大写:${amountInWords(input.approvedFen)})`), colSpan: 3 } as Content,
      '',
      '',
    ],
    ...input.steps.map((s) => [cell(s.label, true), cell(s.who), cell(day(s.at)), cell(s.note ?? '')]),
  ];
  if (input.notice) {
    rows.push([
      cell('公示', true),
      {
        ...cell(
          `${day(input.notice.startsAt)} 至 ${day(input.notice.endsAt)},异议 ${input.notice.objections} 件(均已处理)`,
        ),
        colSpan: 3,
      } as Content,
      '',
      '',
    ]);
  }
  if (input.overrideNote) {
    rows.push([cell('规则说明', true), { ...cell(input.overrideNote), colSpan: 3 } as Content, '', '']);
  }
  return renderPdf({
    pageSize: 'A4',
    pageMargins: [48, 56, 48, 56],
    info: { title: `人道救助审批表 ${input.caseNo}` },
    content: [
      { text: '人道救助审批表', fontSize: 20, bold: true, alignment: 'center', margin: [0, 0, 0, 18] },
      {
        table: { widths: [70, '*', 70, '*'], body: rows },
        layout: { hLineWidth: () => 0.6, vLineWidth: () => 0.6 },
      },
      {
        text: '本表由系统根据救助个案的核实、审核、审批与公示记录生成,作为拨付凭证。',
        fontSize: 9,
        color: '#666666',
        margin: [0, 12, 0, 0],
      },
    ],
  });
}

export type BatchFormInput = {
  batchNo: string;
  title: string;
  kindName: string;
  unitName: string;
  createdBy: string;
  approvedBy: string;
  decidedAt: Date | null;
  households: {
    caseNo: string;
    name: string;
    idNumberMasked: string;
    unitName: string;
    householdSize: number;
    amountFen: number;
  }[];
};

/** The payout list of a disaster batch (批量救助发放表): one row per household, with the total. */
export async function renderBatchForm(input: BatchFormInput): Promise<Buffer> {
  const total = input.households.reduce((s, h) => s + h.amountFen, 0);
  const small = (text: string, bold = false) => ({ text: printable(text), bold, fontSize: 8 });
  return renderPdf({
    pageSize: 'A4',
    pageMargins: [36, 48, 36, 48],
    info: { title: `批量救助发放表 ${input.batchNo}` },
    content: [
      { text: '批量救助发放表', fontSize: 18, bold: true, alignment: 'center', margin: [0, 0, 0, 8] },
      {
        text: printable(
          `${input.title}(${input.kindName},${input.batchNo})  单位:${input.unitName}  造册:${input.createdBy}  审批:${input.approvedBy}${input.decidedAt ? `(${chineseDate(input.decidedAt)})` : ''}`,
        ),
        fontSize: 9,
        margin: [0, 0, 0, 8],
      },
      {
        table: {
          headerRows: 1,
          widths: [18, 90, 50, 90, '*', 28, 60],
          body: [
            ['序号', '案件编号', '户主', '身份证号', '村(社区)', '人口', '金额'].map((h) => small(h, true)),
            ...input.households.map((h, i) => [
              small(String(i + 1)),
              small(h.caseNo),
              small(h.name),
              small(h.idNumberMasked),
              small(h.unitName),
              small(String(h.householdSize)),
              small(formatYuan(h.amountFen)),
            ]),
            [
              small('合计', true),
              { ...small(`${input.households.length} 户,大写:${amountInWords(total)}`), colSpan: 5 } as Content,
              '',
              '',
              '',
              '',
              small(formatYuan(total), true),
            ],
          ],
        },
        layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5 },
      },
    ],
  });
}
