// The big screen's dark palette, shared by its panels and charts: light text
// on deep blue, party red and gold for the figures that matter most.
export const SCREEN = {
  text: '#e6f0ff',
  muted: '#8fa8cc',
  grid: 'rgba(143, 168, 204, 0.18)',
  red: '#ff4d4f',
  gold: '#ffc53d',
  cyan: '#36cfc9',
  blue: '#4096ff',
  green: '#52c41a',
};

/** axisStyle is the look of every axis on the screen: muted labels readable from afar, faint grid lines. */
export const axisStyle = {
  axisLabel: { color: SCREEN.muted, fontSize: 18 },
  axisLine: { lineStyle: { color: SCREEN.grid } },
  splitLine: { lineStyle: { color: SCREEN.grid, type: 'dashed' } },
  nameTextStyle: { color: SCREEN.muted, fontSize: 16 },
};

export const tooltipStyle = { backgroundColor: 'rgba(8, 24, 56, 0.92)', borderColor: SCREEN.blue, textStyle: { color: SCREEN.text, fontSize: 18 } };

export const legendStyle = { top: 0, textStyle: { color: SCREEN.text, fontSize: 18 }, itemWidth: 22, itemHeight: 12 };

/** count renders a head count with thousands separators, as read on a wall. */
export const count = (n: number) => n.toLocaleString('zh-CN');
