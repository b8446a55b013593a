// The service hall's view of stem-cell registration (items `stem-cell` and `registry-change`): a registration opens its
// `stem-cell` request in its own transaction and moves it as the registration moves; a withdrawal files a
// `registry-change` request that is done at once (the withdrawal itself is immediate and never needs approval).
import type { Db } from '../../db/client';
import type { Ctx } from '../../platform/http/context';
import * as services from '../services/services.service';
import type * as repo from './registry-stemcell.repo';
import type { StemCellStatus } from './registry-stemcell.schemas';

type HallStatus = 'submitted' | 'accepted' | 'in_progress' | 'done' | 'rejected' | 'withdrawn' | 'returned' | 'refused';

/** Cooling-off is 收件; a confirmed registration is 受理; sampled is 办理中; entered in the database (入库) is 办结. */
function hallStatusFor(status: StemCellStatus): HallStatus {
  switch (status) {
    case 'cooling_off':
      return 'submitted';
    case 'awaiting_sample':
      return 'accepted';
    case 'sampled':
      return 'in_progress';
    case 'withdrawn':
    case 'lapsed':
      return 'withdrawn';
    default:
      return 'done';
  }
}

const forward: readonly HallStatus[] = ['submitted', 'accepted', 'in_progress', 'done'];

export async function openStemCellRequest(
  tx: Db,
  ctx: Ctx,
  r: repo.RegistrationRow,
  phone: string,
  idNumber: string,
): Promise<string> {
  const request = await services.openServiceRequest(
    tx,
    ctx,
    {
      itemCode: 'stem-cell',
      orgId: r.orgId,
      applicant: { name: r.name, phone, personId: r.personId ?? undefined },
      form: { idNumber, bloodType: r.bloodType },
      fileIds: {},
      subject: { kind: 'stemcell_registration', id: r.id },
    },
    { channel: 'module', accountId: r.publicAccountId ?? undefined },
  );
  return request.id;
}

/** Moves the registration's hall request to where the registration now stands, one allowed step at a time. */
export async function followInHall(tx: Db, ctx: Ctx, r: repo.RegistrationRow, note: string): Promise<void> {
  if (!r.serviceRequestId) {
    return;
  }
  let request = await services.getServiceRequestRow(tx, r.serviceRequestId);
  const target = hallStatusFor(r.status as StemCellStatus);
  for (let guard = 0; guard < 4 && request.status !== target; guard++) {
    const from = request.status as HallStatus;
    let to: HallStatus | undefined;
    if (target === 'withdrawn') {
      // Before acceptance the applicant's request is withdrawn; once accepted, the hall records it as not completed.
      to = from === 'submitted' || from === 'returned' ? 'withdrawn' : from === 'done' ? undefined : 'rejected';
    } else {
      const at = forward.indexOf(from);
      const goal = forward.indexOf(target);
      to = at >= 0 && goal > at ? forward[at + 1] : undefined;
    }
    if (!to) {
      return;
    }
    request = await services.advanceServiceRequest(tx, ctx, request.id, {
      to: to as services.AdvanceServiceRequest['to'],
      note,
      authorisedBy: 'module',
    });
    if (to === 'rejected') {
      return;
    }
  }
}

/** Files the `registry-change` request of a withdrawal and marks it done: the withdrawal took effect already. */
export async function fileWithdrawalRequest(
  tx: Db,
  ctx: Ctx,
  r: repo.RegistrationRow,
  phone: string,
  detail: string,
): Promise<void> {
  const request = await services.openServiceRequest(
    tx,
    ctx,
    {
      itemCode: 'registry-change',
      orgId: r.orgId,
      applicant: { name: r.name, phone, personId: r.personId ?? undefined },
      form: { registration: 'stem_cell', changeKind: 'withdraw', detail },
      fileIds: {},
      subject: { kind: 'stemcell_registration', id: r.id },
    },
    { channel: 'module', accountId: r.publicAccountId ?? undefined },
  );
  await services.advanceServiceRequest(tx, ctx, request.id, { to: 'accepted', authorisedBy: 'module' });
  await services.advanceServiceRequest(tx, ctx, request.id, {
    to: 'done',
    note: '捐献登记已撤销',
    authorisedBy: 'module',
  });
}
