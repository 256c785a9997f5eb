/** The peer benchmark's rows in bench/README.md's results table (bench/table.ts adds them). */
import type { OurFigures, PeerResult } from './peer-grids.ts';

export interface TableRow {
  bench: string;
  measure: string;
  value: string;
  target: string;
  verdict: string;
}

const times = (value: number | null) => (value === null ? '—' : `${value.toFixed(2)}×`);
const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

function figures(frameP95: number, longTasks: number, inputP95: number, heap: number | null): string {
  const heapText = heap === null ? 'heap —' : `heap ${heap} MB`;
  return `frame p95 ${frameP95} ms · ${longTasks} long tasks · input delay p95 ${inputP95} ms · ${heapText}`;
}

export function peerRows(record: Record<string, unknown> | null): TableRow[] {
  if (!record) return [];
  const params = record.params as { orders: number; rate: number; seconds: number };
  const metrics = record.metrics as { peers: PeerResult[]; ours: OurFigures | null };
  const rows: TableRow[] = [];
  const label = `peers: ${params.orders.toLocaleString('en')} orders, ${params.rate.toLocaleString('en')} updates/s for ${params.seconds} s, scrolling, j/k`;
  const { ours, peers } = metrics;
  if (ours) {
    const fastestFrame = Math.min(...peers.map((peer) => peer.frameP95Ms));
    const fewestLongTasks = Math.min(...peers.map((peer) => peer.longTasks));
    rows.push({
      bench: label,
      measure: `ours, full path (render bench ${when(ours.renderMeasuredAt)}${ours.memoryMeasuredAt ? `, heap: memory bench ${when(ours.memoryMeasuredAt)}` : ''})`,
      value: figures(ours.frameP95Ms, ours.longTasks, ours.inputDelayP95Ms, ours.heapMb),
      target: ours.sameRun
        ? 'frame p95 and long tasks ≤ the best peer’s'
        : 'none: not measured in the same run as the peers',
      verdict: !ours.sameRun
        ? ''
        : ours.frameP95Ms <= fastestFrame && ours.longTasks <= fewestLongTasks
          ? '✅'
          : '❌',
    });
  }
  for (const [i, peer] of peers.entries()) {
    const ratios = ours
      ? ` — ours ÷ this: frame ${times(peer.oursOverPeer.frameP95)}, long tasks ${times(peer.oursOverPeer.longTasks)}, input ${times(peer.oursOverPeer.inputDelayP95)}, heap ${times(peer.oursOverPeer.heap)}`
      : '';
    rows.push({
      bench: !ours && i === 0 ? label : '',
      measure: `${peer.grid} ${peer.version}: ${peer.setup}`,
      value: `${figures(peer.frameP95Ms, peer.longTasks, peer.inputDelayP95Ms, peer.gridHeapMb)}${ratios}`,
      target: '—',
      verdict: '',
    });
  }
  return rows;
}
