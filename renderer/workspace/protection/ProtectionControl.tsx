/**
 * The header's way into protection while away: a "Protection" button opening a modal dialog with the
 * per-account policies (ProtectionPanel). Absent when the bridge has no protection API.
 */
import { useServices } from '../../book/context.ts';
import { HeaderDialog } from '../../shared/HeaderDialog.tsx';
import { ProtectionPanel } from './ProtectionPanel.tsx';
import './protection.css';

export function ProtectionControl() {
  const { api } = useServices();
  const protection = api.protection;
  if (!protection) return null;
  return (
    <HeaderDialog
      name="protection"
      label="Protection"
      title="Protection while away"
      buttonClassName="action"
      dialogClassName="protection-dialog"
      headClassName="protection-head"
    >
      {() => <ProtectionPanel api={protection} />}
    </HeaderDialog>
  );
}
