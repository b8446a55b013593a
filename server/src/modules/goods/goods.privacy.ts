// Gifts of goods under the personal-data rules.
import type { PrivacyDeclaration } from '../people/privacy-declaration';
import { goodsLots, goodsMovements, goodsWarehouses } from './goods.tables';

export const goodsPrivacy: PrivacyDeclaration = {
  module: 'goods',
  tables: [],
  unmatched: [
    { table: goodsLots, why: 'Goods donors are named as typed (mostly companies), with no ID number or phone.' },
    { table: goodsMovements, why: 'Recipients of goods are named as typed, with no ID number or phone.' },
  ],
  notSubjectData: [{ table: goodsWarehouses, why: 'Warehouse names and addresses.' }],
};
