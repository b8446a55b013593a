// The Excel form of offline gifts: the template's columns (zh headers, en accepted), how a filled-in row reads as a
// gift for recordDonation's rules, and each broken rule as a row message in the uploader's language.
import { parseChinaDateTime } from '../../platform/dates';
import { type AppError, messageFor } from '../../platform/errors';
import { type SheetColumn, writeSheet } from '../../platform/excel';
import { choiceParser, parseYesNo, type RowErrors } from '../../platform/imports/imports.service';
import { formatYuan, parseYuanToFen } from '../../platform/money';
import { type RecordDonation, recordDonationSchema } from './donations.schemas';
import type { DonationRules } from './donations.service';

/** One file holds at most this many gifts: they are received in one transaction, which holds the ledger meanwhile. */
export const maxGiftImportRows = 5000;

type Text = { zh: string; en: string };
type GiftColumn = SheetColumn & { rule: Text };

const column = (key: string, header: string, en: string, width: number, rule: Text, isText = false): GiftColumn => ({
  key,
  header,
  aliases: [en],
  width,
  note: rule.zh,
  isText,
  rule,
});

const yesNo: Text = { zh: '是或否,空白为否', en: 'yes or no (是, 否); blank means no' };

export const giftImportColumns: GiftColumn[] = [
  column(
    'projectCode',
    '项目编号',
    'Project code',
    18,
    { zh: '必填:募捐项目编号', en: 'required: the project code' },
    true,
  ),
  column('channel', '渠道', 'Channel', 10, {
    zh: '必填:银行转账、现金或支票',
    en: 'required: bank, cash or cheque (银行转账, 现金, 支票)',
  }),
  column('amount', '金额(元)', 'Amount (yuan)', 14, {
    zh: '必填:金额(元),大于 0,最多两位小数,如 100 或 100.50',
    en: 'required: yuan above 0 with at most 2 decimals, e.g. 100 or 100.50',
  }),
  column('donorKind', '捐赠方类型', 'Donor type', 12, {
    zh: '必填:个人或单位',
    en: 'required: person or organisation (个人, 单位)',
  }),
  column('donorName', '捐赠方名称', 'Donor name', 24, {
    zh: '必填,最多 100 字',
    en: 'required, at most 100 characters',
  }),
  column('isAnonymous', '是否匿名', 'Anonymous', 10, yesNo),
  column('phone', '手机号', 'Mobile', 16, { zh: '选填:大陆手机号', en: 'optional: a mainland mobile number' }, true),
  column('receivedAt', '到账时间', 'Received at', 20, {
    zh: '必填:日期或日期时间(北京时间),如 2026-03-05 或 2026-03-05 14:30,不能晚于现在',
    en: 'required: a date or date and time (Beijing time), e.g. 2026-03-05 or 2026-03-05 14:30, not in the future',
  }),
  column(
    'reference',
    '银行流水号/支票号',
    'Reference',
    24,
    {
      zh: '银行转账和支票必填,最多 64 字;不能与本文件其他行或已登记的捐赠重复',
      en: 'required for bank transfers and cheques, at most 64 characters; must not repeat another row or a recorded gift',
    },
    true,
  ),
  column('intent', '捐赠意向', 'Intent', 10, {
    zh: '必填:定向或非定向',
    en: 'required: restricted or unrestricted (定向, 非定向)',
  }),
  column('message', '留言', 'Message', 24, { zh: '选填,最多 200 字', en: 'optional, at most 200 characters' }),
  column('waivesReceipt', '放弃票据', 'Waive receipt', 10, yesNo),
];

const ruleOf = new Map(giftImportColumns.map((c) => [c.key, c.rule]));

export function buildGiftTemplate(): Promise<Buffer> {
  // No example row: a forgotten example would be imported as a real gift.
  return writeSheet('线下捐赠', giftImportColumns, []);
}

const parseChannel = choiceParser({ bank: ['银行转账', '转账'], cash: ['现金'], cheque: ['支票', 'check'] });
const parseDonorKind = choiceParser({ person: ['个人'], organisation: ['单位', 'organization'] });
const parseIntent = choiceParser({ restricted: ['定向'], unrestricted: ['非定向'] });
const fileGiftSchema = recordDonationSchema.omit({ projectId: true, evidenceFileId: true });

/** A row read as the gift recordDonation takes, but for its project (named by code) and evidence (the batch's). */
export type GiftRow = {
  rowNumber: number;
  projectCode: string;
  gift: Omit<RecordDonation, 'projectId' | 'evidenceFileId'>;
};

function readFen(text: string): number | string {
  try {
    return parseYuanToFen(text);
  } catch {
    return text;
  }
}

/**
 * Reads each row's cells into a gift checked against the contract of POST /api/donations (lengths, choices, amount
 * in yuan parsed exactly). A bad cell is added to `errors` with its column's rule; rows with bad cells are left out.
 */
export function readGiftRows(rows: { rowNumber: number; values: Record<string, string> }[], errors: RowErrors) {
  const gifts: GiftRow[] = [];
  for (const { rowNumber, values: v } of rows) {
    const bad = (field: string) => {
      const rule = ruleOf.get(field)!;
      errors.add(rowNumber, field, 'INVALID_VALUE', rule.zh, rule.en);
    };
    const parsed = fileGiftSchema.safeParse({
      // A cell that does not read keeps its text, so the schema refuses it on its own field.
      channel: parseChannel(v.channel) ?? v.channel,
      amountFen: readFen(v.amount),
      donorKind: parseDonorKind(v.donorKind) ?? v.donorKind,
      donorName: v.donorName,
      isAnonymous: parseYesNo(v.isAnonymous) ?? v.isAnonymous,
      phone: v.phone || undefined,
      message: v.message || undefined,
      intent: parseIntent(v.intent) ?? v.intent,
      receivedAt: parseChinaDateTime(v.receivedAt)?.toISOString() ?? v.receivedAt,
      reference: v.reference || undefined,
      waivesReceipt: parseYesNo(v.waivesReceipt) ?? v.waivesReceipt,
    });
    let ok = true;
    if (!v.projectCode) {
      bad('projectCode');
      ok = false;
    }
    if (!parsed.success) {
      const fields = new Set(parsed.error.issues.map((i) => String(i.path[0])));
      for (const field of fields) {
        bad(field === 'amountFen' ? 'amount' : field);
      }
      ok = false;
    } else if (parsed.data.channel !== 'cash' && !parsed.data.reference) {
      // A bank line or a cheque always has its number: without it a second import of the same file would pass.
      bad('reference');
      ok = false;
    }
    if (ok && parsed.success) {
      gifts.push({ rowNumber, projectCode: v.projectCode, gift: parsed.data });
    }
  }
  return gifts;
}

/** A broken rule of recordDonation (checkRecordedGift) as the row message of a bulk import. */
export function giftRuleMessage(e: AppError, rules: DonationRules): { field: string } & Text {
  const issue = (e.details?.issues as { field: string; characters?: string[] }[] | undefined)?.[0];
  switch (e.code) {
    case 'FORBIDDEN':
    case 'OUT_OF_SCOPE':
      return {
        field: 'projectCode',
        zh: '您无权为该项目所属单位录入捐赠',
        en: 'you may not record gifts for the unit this project belongs to',
      };
    case 'PROJECT_NOT_OPEN':
      return {
        field: 'projectCode',
        zh: '该项目还是草稿,不能接收捐赠',
        en: 'the project is a draft and takes no gifts',
      };
    case 'AMOUNT_TOO_LARGE':
      return {
        field: 'amount',
        zh: `单笔金额不能超过 ${formatYuan(rules.maxRecordedFen)}`,
        en: `a gift may be at most ${formatYuan(rules.maxRecordedFen)}`,
      };
    case 'AGREEMENT_REQUIRED':
      return {
        field: 'amount',
        zh: `${formatYuan(rules.agreementThresholdFen)} 及以上的捐赠须附书面捐赠协议:请逐笔录入并上传协议,不能批量导入`,
        en: `gifts of ${formatYuan(rules.agreementThresholdFen)} or more need their written agreement: record them one by one with it, not in bulk`,
      };
    case 'INVALID_PHONE':
      return { field: 'phone', ...ruleOf.get('phone')! };
  }
  if (issue?.field === 'intent') {
    return {
      field: 'intent',
      zh: '该项目只接收非定向捐赠,请填写“非定向”',
      en: 'this project takes unrestricted gifts only',
    };
  }
  if (issue?.field === 'donorName' && issue.characters) {
    return {
      field: 'donorName',
      zh: `捐赠证书无法打印这些字:${issue.characters.join(' ')},请换一种写法`,
      en: `these characters cannot be printed on the certificate: ${issue.characters.join(' ')}`,
    };
  }
  const named = issue?.field ?? (typeof e.details?.field === 'string' ? e.details.field : 'projectCode');
  const field = named === 'amountFen' ? 'amount' : named;
  return { field, ...(ruleOf.get(field) ?? { zh: messageFor(e.code, 'zh'), en: messageFor(e.code, 'en') }) };
}
