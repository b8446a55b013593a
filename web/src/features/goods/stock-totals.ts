// Totals of a page of stock lines: units per warehouse and per exact product (item, product code and unit together,
// so N95 boxes and KN95 boxes, or boxes and bags, are never added up).

type Line = {
  lotId: string;
  warehouseId: number;
  warehouseName: string;
  itemName: string;
  productCode: string;
  unit: string;
  quantity: number;
};

export type ProductTotal = {
  key: string;
  itemName: string;
  productCode: string;
  unit: string;
  quantity: number;
  lots: number;
};
export type WarehouseTotal = { warehouseId: number; warehouseName: string; products: ProductTotal[] };

const productKey = (l: Line) => `${l.itemName}\u0000${l.productCode}\u0000${l.unit}`;

function addTo(map: Map<string, ProductTotal & { lotIds: Set<string> }>, l: Line) {
  const key = productKey(l);
  const found = map.get(key);
  if (found) {
    found.quantity += l.quantity;
    found.lotIds.add(l.lotId);
    found.lots = found.lotIds.size;
  } else {
    const lotIds = new Set([l.lotId]);
    map.set(key, {
      key,
      itemName: l.itemName,
      productCode: l.productCode,
      unit: l.unit,
      quantity: l.quantity,
      lots: 1,
      lotIds,
    });
  }
}

const strip = ({ lotIds: _, ...total }: ProductTotal & { lotIds: Set<string> }): ProductTotal => total;

const byName = (a: ProductTotal, b: ProductTotal) =>
  a.itemName.localeCompare(b.itemName, 'zh-CN') ||
  a.productCode.localeCompare(b.productCode) ||
  a.unit.localeCompare(b.unit);

/** Units per exact product over all the lines, and the same per warehouse (warehouses in the order first seen). */
export function totalStock(lines: readonly Line[]): { products: ProductTotal[]; warehouses: WarehouseTotal[] } {
  const all = new Map<string, ProductTotal & { lotIds: Set<string> }>();
  const perWarehouse = new Map<
    number,
    { name: string; products: Map<string, ProductTotal & { lotIds: Set<string> }> }
  >();
  for (const l of lines) {
    addTo(all, l);
    let w = perWarehouse.get(l.warehouseId);
    if (!w) {
      w = { name: l.warehouseName, products: new Map() };
      perWarehouse.set(l.warehouseId, w);
    }
    addTo(w.products, l);
  }
  return {
    products: [...all.values()].map(strip).sort(byName),
    warehouses: [...perWarehouse].map(([warehouseId, w]) => ({
      warehouseId,
      warehouseName: w.name,
      products: [...w.products.values()].map(strip).sort(byName),
    })),
  };
}
