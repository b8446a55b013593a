// The lazy org tree: children load on expand; a unit can be dragged onto a new parent (only where its type may sit).
import { Spin, Tag, Tree, type TreeProps } from 'antd';
import { type ReactNode, type Ref, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type OrgView, orgTypeLabels } from '../../../../../server/src/modules/orgs/orgs.schemas';
import { pickLabel } from '../../../app/i18n';
import { fetchOrg, fetchOrgAncestors, fetchOrgChildren } from '../api';
import { canMoveUnder } from '../placement';

export type OrgTreeHandle = {
  /** Reloads these units (and their loaded children) from the server. */
  refresh: (ids: number[]) => Promise<void>;
  /** Loads and expands the path down to the unit and scrolls it into view. */
  reveal: (id: number) => Promise<void>;
  findOrg: (id: number) => OrgView | undefined;
};

type Props = {
  ref?: Ref<OrgTreeHandle>;
  rootId: number;
  includeInactive: boolean;
  selectedId: number | null;
  onSelect: (id: number) => void;
  canManage: boolean;
  onDropMove: (org: OrgView, newParent: OrgView) => void;
};

type TreeNode = { key: number; title: ReactNode; isLeaf: boolean; children?: TreeNode[] };

export function OrgTree({ ref, rootId, includeInactive, selectedId, onSelect, canManage, onDropMove }: Props) {
  const { t, i18n } = useTranslation(['orgs', 'common']);
  const [nodes, setNodes] = useState<Record<number, OrgView>>({});
  const [kids, setKids] = useState<Record<number, number[]>>({});
  const [expanded, setExpanded] = useState<number[]>([]);
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  const kidsRef = useRef(kids);
  kidsRef.current = kids;

  const load = useCallback(
    async (parentId: number) => {
      const children = await fetchOrgChildren(parentId, includeInactive);
      setNodes((prev) => ({ ...prev, ...Object.fromEntries(children.map((c) => [c.id, c])) }));
      setKids((prev) => ({ ...prev, [parentId]: children.map((c) => c.id) }));
      return children;
    },
    [includeInactive],
  );

  const reveal = useCallback(
    async (id: number) => {
      const chain = await fetchOrgAncestors(id);
      const start = chain.findIndex((a) => a.id === rootId);
      if (start < 0) {
        return;
      }
      const parents = chain.slice(start, -1).map((a) => a.id);
      for (const p of parents) {
        if (!kidsRef.current[p]) {
          await load(p);
        }
      }
      setExpanded((prev) => [...new Set([...prev, ...parents])]);
      window.setTimeout(() => {
        document.querySelector(`[data-org-id="${id}"]`)?.scrollIntoView({ block: 'nearest' });
      }, 50);
    },
    [load, rootId],
  );
  // After a reload (another root, inactive units shown or hidden, an import) the selected unit stays in view.
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;

  useEffect(() => {
    let cancelled = false;
    setKids({});
    setExpanded([]);
    void (async () => {
      const root = await fetchOrg(rootId);
      if (cancelled) {
        return;
      }
      setNodes({ [root.id]: root });
      await load(root.id);
      if (cancelled) {
        return;
      }
      setExpanded([root.id]);
      const selected = selectedRef.current;
      if (selected !== null && selected !== root.id) {
        await reveal(selected).catch(() => undefined);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [rootId, load, reveal]);

  useImperativeHandle(
    ref,
    () => ({
      findOrg: (id) => nodesRef.current[id],
      refresh: async (ids) => {
        for (const id of new Set(ids)) {
          const org = await fetchOrg(id).catch(() => undefined);
          if (org) {
            setNodes((prev) => ({ ...prev, [id]: org }));
          }
          if (kidsRef.current[id]) {
            await load(id);
          }
        }
      },
      reveal,
    }),
    [load, reveal],
  );

  const build = (id: number): TreeNode | null => {
    const org = nodes[id];
    if (!org) {
      return null;
    }
    const loaded = kids[id];
    return {
      key: id,
      isLeaf: loaded ? loaded.length === 0 : org.childCount === 0,
      title: (
        <span data-org-id={id} className="org-tree-title">
          <span>{org.name}</span>
          <span className="org-tree-type">{pickLabel(orgTypeLabels[org.type], i18n.language)}</span>
          {!org.isActive && <Tag style={{ marginInlineStart: 4 }}>{t('common:status.inactive')}</Tag>}
        </span>
      ),
      children: loaded?.map(build).filter((n): n is TreeNode => n !== null),
    };
  };
  const root = build(rootId);

  const targetOf = (dropKey: number, insideNode: boolean): OrgView | undefined => {
    const dropOrg = nodes[dropKey];
    if (!dropOrg) {
      return undefined;
    }
    return insideNode ? dropOrg : dropOrg.parentId !== null ? nodes[dropOrg.parentId] : undefined;
  };

  const allowDrop: TreeProps['allowDrop'] = ({ dragNode, dropNode, dropPosition }) => {
    const org = nodes[Number(dragNode.key)];
    const target = targetOf(Number(dropNode.key), dropPosition === 0);
    return !!org && !!target && canMoveUnder(org, target);
  };

  const onDrop: TreeProps['onDrop'] = (info) => {
    const org = nodes[Number(info.dragNode.key)];
    const target = targetOf(Number(info.node.key), !info.dropToGap);
    if (org && target && canMoveUnder(org, target)) {
      onDropMove(org, target);
    }
  };

  if (!root) {
    return <Spin style={{ display: 'block', margin: '24px auto' }} />;
  }
  return (
    <Tree
      treeData={[root]}
      loadData={(node) => load(Number(node.key)).then(() => undefined)}
      loadedKeys={Object.keys(kids).map(Number)}
      expandedKeys={expanded}
      onExpand={(keys) => setExpanded(keys.map(Number))}
      selectedKeys={selectedId !== null ? [selectedId] : []}
      onSelect={(keys) => {
        if (keys.length > 0) {
          onSelect(Number(keys[0]));
        }
      }}
      draggable={canManage ? { icon: false, nodeDraggable: (node) => node.key !== rootId } : false}
      allowDrop={allowDrop}
      onDrop={onDrop}
      blockNode
      showLine
      data-testid="org-tree"
    />
  );
}
