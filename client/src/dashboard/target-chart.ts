import { Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip, type ChartDataset, type ChartOptions } from 'chart.js'
import { formatNumber, formatPeriod, type Lang } from '../../../schema'
import type { ChartPoint, TargetChartData } from './rows'

// Only the parts a line chart on linear axes needs, so the bundle carries no
// bar, pie or time-scale code (a time scale would also need a date adapter).
Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip)
// Read from the back of a meeting room on a 1280×720 projector.
Chart.defaults.font.size = 18
Chart.defaults.color = '#1a1a1a'

const COLOURS = { measured: '#0b4f8a', baseline: '#4a4a4a', target: '#0f6b36' }
const DAY = 86_400_000

/** The chart's words, in the page's language. */
export interface ChartText {
  lang: Lang
  measured: string
  baseline: string
  target: string
  path: string
  unit: string
}

type XY = { x: number; y: number }
const xy = (p: ChartPoint): XY => ({ x: p.x, y: p.y })

function datasets(data: TargetChartData, text: ChartText): Array<ChartDataset<'line', XY[]>> {
  const sets: Array<ChartDataset<'line', XY[]>> = []
  const xs = allX(data)
  if (data.baseline && data.target) {
    sets.push({
      label: text.path,
      data: [xy(data.baseline), xy(data.target)],
      borderColor: COLOURS.target,
      borderDash: [10, 6],
      borderWidth: 2,
      pointRadius: 0,
      pointHitRadius: 0,
      pointStyle: 'line'
    })
  } else if (data.targetLevelOnly !== null && xs.length > 0) {
    sets.push({
      label: text.path,
      data: [
        { x: Math.min(...xs), y: data.targetLevelOnly },
        { x: Math.max(...xs), y: data.targetLevelOnly }
      ],
      borderColor: COLOURS.target,
      borderDash: [10, 6],
      borderWidth: 2,
      pointRadius: 0,
      pointHitRadius: 0,
      pointStyle: 'line'
    })
  }
  if (data.baseline)
    sets.push({
      label: text.baseline,
      data: [xy(data.baseline)],
      showLine: false,
      pointStyle: 'rectRot',
      pointRadius: 10,
      pointHoverRadius: 12,
      borderColor: COLOURS.baseline,
      backgroundColor: COLOURS.baseline
    })
  if (data.target)
    sets.push({
      label: text.target,
      data: [xy(data.target)],
      showLine: false,
      pointStyle: 'triangle',
      pointRadius: 11,
      pointHoverRadius: 13,
      borderColor: COLOURS.target,
      backgroundColor: COLOURS.target
    })
  sets.push({
    label: text.measured,
    data: data.measurements.map(xy),
    borderColor: COLOURS.measured,
    backgroundColor: COLOURS.measured,
    borderWidth: 4,
    pointRadius: 7,
    pointHoverRadius: 9
  })
  return sets
}

const allX = (data: TargetChartData): number[] => [data.baseline, data.target, ...data.measurements].flatMap((p) => (p ? [p.x] : []))

function options(data: TargetChartData, text: ChartText): ChartOptions<'line'> {
  const points = [data.baseline, data.target, ...data.measurements].filter((p): p is ChartPoint => p !== null)
  // Ticks exactly at the periods the plan names, labelled as the plan says them.
  const labels = new Map(points.map((p) => [p.x, formatPeriod(p.label, text.lang)]))
  const xs = [...labels.keys()].sort((a, b) => a - b)
  const span = xs.length > 1 ? xs.at(-1)! - xs[0]! : 60 * DAY
  const pad = Math.max(span * 0.06, 20 * DAY)
  const num = (v: number | string) => formatNumber(Number(v), text.lang)
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    // Sharp when printed, not only on a high-density screen.
    devicePixelRatio: Math.max(typeof window === 'undefined' ? 1 : window.devicePixelRatio, 2),
    parsing: false,
    normalized: true,
    scales: {
      x: {
        type: 'linear',
        min: xs.length ? xs[0]! - pad : undefined,
        max: xs.length ? xs.at(-1)! + pad : undefined,
        afterBuildTicks: (axis) => {
          axis.ticks = xs.map((value) => ({ value }))
        },
        ticks: { callback: (v) => labels.get(Number(v)) ?? '', maxRotation: 30, autoSkip: true, font: { size: 16 } },
        grid: { color: '#d0d4da' }
      },
      y: {
        type: 'linear',
        title: { display: text.unit !== '', text: text.unit, font: { size: 16 } },
        ticks: { callback: num, font: { size: 16 } },
        grid: { color: '#d0d4da' }
      }
    },
    plugins: {
      legend: { position: 'bottom', labels: { usePointStyle: true, font: { size: 17 }, padding: 18 } },
      tooltip: {
        bodyFont: { size: 17 },
        titleFont: { size: 17 },
        callbacks: {
          title: (items) => (items[0] ? (labels.get(items[0].parsed.x ?? NaN) ?? '') : ''),
          label: (item) => `${item.dataset.label}: ${num(item.parsed.y ?? NaN)}`
        }
      }
    }
  }
}

/** Draw a target's chart into a canvas. */
export function drawTargetChart(canvas: HTMLCanvasElement, data: TargetChartData, text: ChartText): Chart<'line', XY[]> {
  const chart = new Chart<'line', XY[]>(canvas, { type: 'line', data: { datasets: datasets(data, text) }, options: options(data, text) })
  return chart
}

/** Redraw an existing chart with new data or words (a follow-up arrived, the language changed). */
export function updateTargetChart(chart: Chart<'line', XY[]>, data: TargetChartData, text: ChartText): void {
  chart.data.datasets = datasets(data, text)
  chart.options = options(data, text)
  chart.update('none')
}

// The page's layout changes for print (narrower, no side space); a canvas
// keeps its screen size unless told, so resize every chart around printing.
let printHooks = false
/** Make open charts fit the printed page; installed once. */
export function installPrintResize(): void {
  if (printHooks || typeof window === 'undefined') return
  printHooks = true
  const resizeAll = () => {
    for (const chart of Object.values(Chart.instances)) chart.resize()
  }
  window.addEventListener('beforeprint', resizeAll)
  window.addEventListener('afterprint', resizeAll)
  // Some browsers lay out for print only after beforeprint; the media change comes later.
  window.matchMedia?.('print').addEventListener?.('change', resizeAll)
}
