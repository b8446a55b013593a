// The responder terms (志愿应答须知) a responder accepts; a new text gets a new version and everyone re-consents.
import type { Consent } from './response.schemas';

export const consentVersion = '2026-01';

export const consent: Consent = {
  version: consentVersion,
  textZh:
    '我自愿作为"救在身边"志愿应答者:值守期间,平台仅保存我手机最近一次的位置(不保存轨迹),在我结束值守或超过30分钟未更新时删除;附近有人心脏骤停时,平台向我发送呼叫(应用内与短信)。我可随时结束值守或退出。我将在力所能及且自身安全的前提下施救,施救行为适用《中华人民共和国民法典》第一百八十四条与《基本医疗卫生与健康促进法》关于紧急现场救护的规定。我的救护员证失效时,值守自动结束。',
  textEn:
    'I volunteer as a 救在身边 responder: while I am on call the platform keeps only the latest position of my phone (never a track), deleted when I go off call or after 30 minutes without a fix; when someone nearby has a cardiac arrest it alerts me (in the app and by SMS). I may go off call or withdraw at any time. I help only as far as I safely can; good-faith rescue is protected by Article 184 of the Civil Code. When my first-aider certificate lapses I am taken off call automatically.',
};
