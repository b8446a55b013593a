// Where a unit may move: the server's placement rule (allowedParents) plus "not into its own subtree".
import { allowedParents, type OrgView } from '../../../../server/src/modules/orgs/orgs.schemas';

/** True when `org` may move under `parent`: an allowed parent type, active, not its current parent, not its own descendant. */
export function canMoveUnder(org: OrgView, parent: OrgView): boolean {
  return (
    parent.isActive &&
    parent.id !== org.parentId &&
    !parent.path.startsWith(org.path) &&
    allowedParents[org.type].includes(parent.type)
  );
}
