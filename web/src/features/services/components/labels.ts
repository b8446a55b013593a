// The zh or en half of the catalogue's bilingual names (items, materials, fields, options).
import { useTranslation } from 'react-i18next';

export type Bilingual = { nameZh: string; nameEn: string };

/** `pick(item)` → the item's name in the page's language; `pick(zh, en)` for other pairs. */
export function usePick(): { isEn: boolean; pick: (zhOrNamed: string | Bilingual, en?: string) => string } {
  const { i18n } = useTranslation();
  const isEn = i18n.language === 'en';
  return {
    isEn,
    pick: (zhOrNamed, en) => {
      if (typeof zhOrNamed === 'string') {
        return isEn && en ? en : zhOrNamed;
      }
      return isEn ? zhOrNamed.nameEn : zhOrNamed.nameZh;
    },
  };
}
