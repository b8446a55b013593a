// i18next set-up: zh-CN by default, English on request; the choice lives in localStorage and the boai_lang cookie.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import * as aedAdmin from '../features/aed/locales/admin';
import * as aedPublic from '../features/aed/locales/public';
import * as audit from '../features/audit/locales';
import * as auth from '../features/auth/locales';
import * as donations from '../features/donations/locales';
import * as giving from '../features/giving/locales';
import * as goods from '../features/goods/locales';
import * as grievances from '../features/grievances/locales';
import * as home from '../features/home/locales';
import * as kpiCockpit from '../features/kpi/cockpit/locales';
import * as kpiReports from '../features/kpi/reports/locales';
import * as kpiTargets from '../features/kpi/targets/locales';
import * as kpiTransparency from '../features/kpi/transparency/locales';
import * as members from '../features/members/locales';
import * as memberPoints from '../features/members/points/locales';
import * as mutualaid from '../features/mutualaid/locales';
import * as orgs from '../features/orgs/locales';
import * as outbox from '../features/outbox/locales';
import * as people from '../features/people/locales';
import * as receipts from '../features/receipts/locales';
import * as organ from '../features/registry/organ/locales';
import * as stemcell from '../features/registry/stemcell/locales';
import * as relief from '../features/relief/locales';
import * as rescue from '../features/rescue/locales/rescue';
import * as response from '../features/response/locales/response';
import * as services from '../features/services/locales';
import * as trainingCerts from '../features/training/locales/certificates';
import * as trainingClasses from '../features/training/locales/classes';
import * as trainingExams from '../features/training/locales/exams';
import * as users from '../features/users/locales';
import * as volunteers from '../features/volunteers/locales';
import * as common from './locales';

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

export const resources = {
  'zh-CN': {
    common: common.zh,
    auth: auth.zh,
    home: home.zh,
    orgs: orgs.zh,
    people: people.zh,
    users: users.zh,
    audit: audit.zh,
    outbox: outbox.zh,
    donations: donations.zh,
    giving: giving.zh,
    mutualaid: mutualaid.zh,
    receipts: receipts.zh,
    goods: goods.zh,
    grievances: grievances.zh,
    relief: relief.zh,
    services: services.zh,
    trainingClasses: trainingClasses.zh,
    trainingExams: trainingExams.zh,
    response: response.zh,
    trainingCerts: trainingCerts.zh,
    aedAdmin: aedAdmin.zh,
    aedPublic: aedPublic.zh,
    rescue: rescue.zh,
    organ: organ.zh,
    stemcell: stemcell.zh,
    volunteers: volunteers.zh,
    members: members.zh,
    memberPoints: memberPoints.zh,
    kpiCockpit: kpiCockpit.zh,
    kpiTargets: kpiTargets.zh,
    kpiTransparency: kpiTransparency.zh,
    kpiReports: kpiReports.zh,
  },
  en: {
    common: common.en,
    auth: auth.en,
    home: home.en,
    orgs: orgs.en,
    people: people.en,
    users: users.en,
    audit: audit.en,
    outbox: outbox.en,
    donations: donations.en,
    giving: giving.en,
    mutualaid: mutualaid.en,
    receipts: receipts.en,
    goods: goods.en,
    grievances: grievances.en,
    relief: relief.en,
    services: services.en,
    trainingClasses: trainingClasses.en,
    trainingExams: trainingExams.en,
    response: response.en,
    trainingCerts: trainingCerts.en,
    aedAdmin: aedAdmin.en,
    aedPublic: aedPublic.en,
    rescue: rescue.en,
    organ: organ.en,
    stemcell: stemcell.en,
    volunteers: volunteers.en,
    members: members.en,
    memberPoints: memberPoints.en,
    kpiCockpit: kpiCockpit.en,
    kpiTargets: kpiTargets.en,
    kpiTransparency: kpiTransparency.en,
    kpiReports: kpiReports.en,
  },
} as const;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: (typeof resources)['zh-CN'];
  }
}

const storageKey = 'boai_lang';

function readCookie(name: string): string | undefined {
  const match = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return match?.slice(name.length + 1);
}

function initialLanguage(): Language {
  let stored: string | null | undefined;
  try {
    stored = localStorage.getItem(storageKey);
  } catch {
    stored = undefined;
  }
  stored = stored ?? readCookie(storageKey);
  return stored?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

/** The server reads the same cookie (zh | en) to answer error messages in this language. */
function persist(language: Language): void {
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // Private mode: the cookie still carries the choice.
  }
  const value = language === 'en' ? 'en' : 'zh';
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing from the Safari versions our users have
  document.cookie = `${storageKey}=${value}; path=/; max-age=31536000; SameSite=Lax`;
  document.documentElement.lang = language;
}

const language = initialLanguage();
void i18next.use(initReactI18next).init({
  resources,
  lng: language,
  fallbackLng: 'zh-CN',
  defaultNS: 'common',
  ns: Object.keys(resources['zh-CN']),
  interpolation: { escapeValue: false },
  returnNull: false,
});
persist(language);

export const i18n = i18next;

export function currentLanguage(): Language {
  return i18next.language === 'en' ? 'en' : 'zh-CN';
}

export async function setLanguage(next: Language): Promise<void> {
  persist(next);
  await i18next.changeLanguage(next);
}

/** Picks the zh or en half of a bilingual label from the server (org types, roles, permissions). */
export function pickLabel(label: { zh: string; en: string }, language: string): string {
  return language === 'en' ? label.en : label.zh;
}
