// Goods calls: warehouses, lots (intake and countersignature), stock and expiry, movements (transfers, distributions,
// write-offs) for the console, and the public trace of a lot (types from the server's goods.schemas.ts).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CountersignLot,
  countersignLotSchema,
  createWarehouseSchema,
  decideWriteOffSchema,
  distributeSchema,
  ExpiringRow,
  GoodsRulesView,
  LotRow,
  LotView,
  lotStatusValues,
  MovementView,
  movementKindValues,
  PublicLot,
  PublicLotRow,
  recordLotSchema,
  requestWriteOffSchema,
  StockRow,
  transferSchema,
  UpdateWarehouse,
  WarehouseView,
  WriteOffView,
  writeOffStatusValues,
} from '../../../../server/src/modules/goods/goods.schemas';
import { apiFetch } from '../../app/api-client';

// Request bodies as the client sends them (fields with server defaults may be left out).
export type CreateWarehouse = z.input<typeof createWarehouseSchema>;
export type RecordLot = z.input<typeof recordLotSchema>;
export type Countersign = z.input<typeof countersignLotSchema>;
export type Transfer = z.input<typeof transferSchema>;
export type Distribute = z.input<typeof distributeSchema>;
export type RequestWriteOff = z.input<typeof requestWriteOffSchema>;
export type DecideWriteOff = z.input<typeof decideWriteOffSchema>;
export type LotStatus = (typeof lotStatusValues)[number];
export type MovementKind = (typeof movementKindValues)[number];
export type WriteOffStatus = (typeof writeOffStatusValues)[number];
export type {
  CountersignLot,
  ExpiringRow,
  LotRow,
  LotView,
  MovementView,
  PublicLot,
  PublicLotRow,
  StockRow,
  WarehouseView,
  WriteOffView,
};

type Page<T> = { items: T[]; total: number };
export type LotFilter = { orgId?: number; status?: LotStatus; q?: string; page: number; pageSize: number };
export type MovementFilter = { orgId?: number; lotId?: string; kind?: MovementKind; page: number; pageSize: number };
export type StockFilter = { orgId?: number; warehouseId?: number; lotId?: string; page: number; pageSize: number };
export type WriteOffFilter = { orgId?: number; status?: WriteOffStatus; page: number; pageSize: number };
export type PublicLotFilter = { q?: string; page: number; pageSize: number };

export const goodsKeys = {
  all: ['goods'] as const,
  rules: ['goods', 'rules'] as const,
  warehouses: (orgId: number | undefined, includeInactive: boolean) =>
    ['goods', 'warehouses', orgId ?? null, includeInactive] as const,
  lots: (f: LotFilter) => ['goods', 'lots', f] as const,
  lot: (id: string) => ['goods', 'lot', id] as const,
  stock: (f: StockFilter) => ['goods', 'stock', f] as const,
  expiring: (orgId: number | undefined, days: number) => ['goods', 'expiring', orgId ?? null, days] as const,
  movements: (f: MovementFilter) => ['goods', 'movements', f] as const,
  writeOffs: (f: WriteOffFilter) => ['goods', 'write-offs', f] as const,
  publicLots: (f: PublicLotFilter) => ['goods', 'public', 'lots', f] as const,
  publicLot: (lotNo: string) => ['goods', 'public', 'lot', lotNo] as const,
};

const paging = (page: number, pageSize: number) => ({ limit: pageSize, offset: (page - 1) * pageSize });

/** The configured minimum shelf life at intake and the expiry alert window. */
export function useGoodsRules() {
  return useQuery({
    queryKey: goodsKeys.rules,
    queryFn: () => apiFetch<GoodsRulesView>('/goods/rules'),
    staleTime: 10 * 60_000,
  });
}

// ------------------------------------------------------------------------------------------------ warehouses

export function useWarehouses(orgId: number | undefined, includeInactive = false) {
  return useQuery({
    queryKey: goodsKeys.warehouses(orgId, includeInactive),
    queryFn: () =>
      apiFetch<WarehouseView[]>('/goods/warehouses', {
        query: { orgId, includeInactive: includeInactive ? 'true' : undefined },
      }),
  });
}

export function useCreateWarehouse() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateWarehouse) =>
      apiFetch<WarehouseView>('/goods/warehouses', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: goodsKeys.all }),
  });
}

/** Renames, re-addresses, closes ({ isActive: false }) or reopens a warehouse. */
export function useUpdateWarehouse() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: number; patch: UpdateWarehouse }) =>
      apiFetch<WarehouseView>(`/goods/warehouses/${id}`, { method: 'PATCH', body: patch }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: goodsKeys.all }),
  });
}

// ------------------------------------------------------------------------------------------------ lots

export function useLots(f: LotFilter) {
  return useQuery({
    queryKey: goodsKeys.lots(f),
    queryFn: () =>
      apiFetch<Page<LotRow>>('/goods/lots', {
        query: { orgId: f.orgId, status: f.status, q: f.q || undefined, ...paging(f.page, f.pageSize) },
      }),
    placeholderData: keepPreviousData,
  });
}

export function useLot(id: string | null) {
  return useQuery({
    queryKey: goodsKeys.lot(id ?? ''),
    queryFn: () => apiFetch<LotView>(`/goods/lots/${id}`),
    enabled: id !== null,
  });
}

export function useRecordLot() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RecordLot) => apiFetch<LotView>('/goods/lots', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: goodsKeys.all }),
  });
}

/** The second person's count: confirm (the lot enters stock) or reject; the recorder is refused by the server. */
export function useCountersignLot() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: Countersign }) =>
      apiFetch<LotView>(`/goods/lots/${id}/countersign`, { method: 'POST', body: input }),
    onSuccess: (lot) => {
      queryClient.setQueryData(goodsKeys.lot(lot.id), lot);
      void queryClient.invalidateQueries({ queryKey: goodsKeys.all });
    },
  });
}

// ------------------------------------------------------------------------------------------------ stock and expiry

export function useStock(f: StockFilter) {
  return useQuery({
    queryKey: goodsKeys.stock(f),
    queryFn: () =>
      apiFetch<Page<StockRow>>('/goods/stock', {
        query: { orgId: f.orgId, warehouseId: f.warehouseId, lotId: f.lotId, ...paging(f.page, f.pageSize) },
      }),
    placeholderData: keepPreviousData,
  });
}

const allStockPages = 20;

/**
 * Every stock line of a unit subtree or warehouse (100 a request, at most 2,000 lines), for totals by warehouse and
 * exact product; `complete` is false when there were more.
 */
export function useAllStock(orgId: number | undefined, warehouseId: number | undefined) {
  return useQuery({
    queryKey: ['goods', 'stock-all', orgId ?? null, warehouseId ?? null],
    queryFn: async () => {
      const items: StockRow[] = [];
      let total = 0;
      for (let page = 1; page <= allStockPages; page++) {
        const res = await apiFetch<Page<StockRow>>('/goods/stock', {
          query: { orgId, warehouseId, ...paging(page, 100) },
        });
        items.push(...res.items);
        total = res.total;
        if (items.length >= total || res.items.length === 0) {
          break;
        }
      }
      return { items, complete: items.length >= total };
    },
  });
}

export function useExpiring(orgId: number | undefined, days: number) {
  return useQuery({
    queryKey: goodsKeys.expiring(orgId, days),
    queryFn: () => apiFetch<{ before: string; items: ExpiringRow[] }>('/goods/expiring', { query: { orgId, days } }),
  });
}

// ------------------------------------------------------------------------------------------------ movements

export function useMovements(f: MovementFilter) {
  return useQuery({
    queryKey: goodsKeys.movements(f),
    queryFn: () =>
      apiFetch<Page<MovementView>>('/goods/movements', {
        query: { orgId: f.orgId, lotId: f.lotId, kind: f.kind, ...paging(f.page, f.pageSize) },
      }),
    placeholderData: keepPreviousData,
  });
}

export function useTransfer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Transfer) => apiFetch<MovementView>('/goods/transfers', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: goodsKeys.all }),
  });
}

export function useDistribute() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Distribute) => apiFetch<MovementView>('/goods/distributions', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: goodsKeys.all }),
  });
}

export function useWriteOffs(f: WriteOffFilter) {
  return useQuery({
    queryKey: goodsKeys.writeOffs(f),
    queryFn: () =>
      apiFetch<Page<WriteOffView>>('/goods/write-offs', {
        query: { orgId: f.orgId, status: f.status, ...paging(f.page, f.pageSize) },
      }),
    placeholderData: keepPreviousData,
  });
}

export function useRequestWriteOff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RequestWriteOff) =>
      apiFetch<WriteOffView>('/goods/write-offs', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: goodsKeys.all }),
  });
}

/** Approves (the units leave stock) or rejects a pending write-off; the requester is refused by the server. */
export function useDecideWriteOff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: DecideWriteOff }) =>
      apiFetch<WriteOffView>(`/goods/write-offs/${id}/decision`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: goodsKeys.all }),
  });
}

// ------------------------------------------------------------------------------------------------ files

/** Where staff open a stored evidence file. */
export const fileUrl = (id: string) => `/api/files/${id}`;
/** The public trace page of a lot. */
export const publicLotPath = (lotNo: string) => `/goods/${encodeURIComponent(lotNo)}`;

// ------------------------------------------------------------------------------------------------ public

export function usePublicLots(f: PublicLotFilter) {
  return useQuery({
    queryKey: goodsKeys.publicLots(f),
    queryFn: () =>
      apiFetch<Page<PublicLotRow>>('/public/goods/lots', {
        query: { q: f.q || undefined, ...paging(f.page, f.pageSize) },
      }),
    placeholderData: keepPreviousData,
  });
}

export function usePublicLot(lotNo: string) {
  return useQuery({
    queryKey: goodsKeys.publicLot(lotNo),
    queryFn: () => apiFetch<PublicLot>(`/public/goods/lots/${encodeURIComponent(lotNo)}`),
    retry: false,
  });
}
