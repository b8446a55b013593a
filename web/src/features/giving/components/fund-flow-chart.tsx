// The fund-flow Sankey of a project: gifts by channel → the project's fund → payouts by purpose (and what is unspent).
// Only the Sankey, tooltip and canvas parts of ECharts are bundled, and this file is loaded on demand.
import { SankeyChart } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { formatFen } from '../../../lib/money';
import type { ProjectFlow } from '../api';

echarts.use([SankeyChart, TooltipComponent, CanvasRenderer]);

/** A node of the server's ProjectFlow graph plus the label to show (names are the graph's ids and stay as sent). */
export type FlowNode = { name: string; kind: ProjectFlow['nodes'][number]['kind']; label: string };
export type FlowLink = ProjectFlow['links'][number];

const colours: Record<FlowNode['kind'], string> = {
  channel: '#e0485f',
  fund: '#c8102e',
  purpose: '#8c1c2c',
  allocation: '#b4535f',
  unspent: '#d9c3c6',
};

/** Tooltips are HTML: purposes and fund names come from staff input. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Long purposes are cut to this width (the tooltip shows them whole). */
const labelWidth = 130;

function labelFor(kind: FlowNode['kind']) {
  if (kind === 'channel') {
    return { position: 'right', width: labelWidth, overflow: 'truncate' };
  }
  if (kind === 'fund') {
    return { position: 'top', align: 'center', fontWeight: 600 };
  }
  return { position: 'left', align: 'right', width: labelWidth, overflow: 'truncate' };
}

export default function FundFlowChart({
  nodes,
  links,
  height,
}: {
  nodes: FlowNode[];
  links: FlowLink[];
  height: number;
}) {
  const labels = new Map(nodes.map((n) => [n.name, n.label]));
  const label = (name: string) => labels.get(name) ?? name;
  const option = {
    animation: false,
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { dataType: string; name: string; value: number; data: { source?: string; target?: string } }) =>
        p.dataType === 'edge'
          ? `${escapeHtml(label(p.data.source ?? ''))} → ${escapeHtml(label(p.data.target ?? ''))}<br/><b>${formatFen(p.value)}</b>`
          : `${escapeHtml(label(p.name))}<br/><b>${formatFen(p.value)}</b>`,
    },
    series: [
      {
        type: 'sankey',
        left: 4,
        right: 4,
        top: 30,
        bottom: 8,
        nodeWidth: 14,
        nodeGap: 30,
        nodeAlign: 'justify',
        draggable: false,
        emphasis: { focus: 'adjacency' },
        label: {
          color: '#262626',
          fontSize: 12,
          formatter: (p: { name: string; value: number }) => `${label(p.name)}\n${formatFen(p.value)}`,
        },
        lineStyle: { color: 'gradient', opacity: 0.35, curveness: 0.5 },
        data: nodes.map((n) => ({
          name: n.name,
          itemStyle: { color: colours[n.kind], borderColor: colours[n.kind] },
          // Sources label to their right, uses to their left (inside the flows), the fund above its bar: on a phone's
          // narrow chart no label then runs over another or off the edge.
          label: labelFor(n.kind),
        })),
        links: links.map((l) => ({ source: l.source, target: l.target, value: l.valueFen })),
      },
    ],
  };
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      style={{ height, width: '100%' }}
      opts={{ renderer: 'canvas' }}
    />
  );
}
