// 关闭账期并上缴, from the ledger of a branch or the collection page of an
// upper organization: asked once, then the period is frozen for good.
import { ElMessageBox } from 'element-plus';
import { duesApi, type CloseResult } from '../../../api/dues';
import { monthLabel, yuanText } from '../../../utils/dues';

/** confirmClose asks, then closes the period; null when the user cancels (request errors are thrown). */
export async function confirmClose(orgId: string, period: string): Promise<CloseResult | null> {
  try {
    await ElMessageBox.confirm(
      `关闭 ${monthLabel(period)} 账期后，该期账目冻结，之后只能以冲正更正；本期收缴的党费将按上缴比例上缴上级党组织。确定关闭吗？`,
      '关闭账期并上缴',
      { confirmButtonText: '确定关闭', cancelButtonText: '取消', type: 'warning', confirmButtonClass: 'dues-close-ok' },
    );
  } catch {
    return null;
  }
  return duesApi.close(orgId, period);
}

/** closeSummary says what the closing did: "2026年11月已结账：收缴 …，留存 …，上缴 …（待 … 确认）". */
export function closeSummary(r: CloseResult): string {
  const up = r.remittance ? `，上缴 ${yuanText(r.remitted_fen)}（待${r.remittance.to_org_name}确认）` : '';
  const received = r.received_fen ? `，收到下级上缴 ${yuanText(r.received_fen)}` : '';
  return `${monthLabel(r.period)}已结账：本级收缴 ${yuanText(r.collected_fen)}${received}，留存 ${yuanText(r.retained_fen)}${up}`;
}
