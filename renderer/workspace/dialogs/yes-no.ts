import type { KeyboardEvent } from 'react';

/** Y confirms, N closes: the one-key answers of every confirmation. A held (repeating) Y never confirms. */
export function yesNo(onYes: () => void, onNo: () => void) {
  return (event: KeyboardEvent<HTMLDivElement>): boolean => {
    if (event.ctrlKey || event.metaKey || event.altKey) return false;
    if (event.key === 'y' || event.key === 'Y') {
      if (event.repeat) return true;
      onYes();
      return true;
    }
    if (event.key === 'n' || event.key === 'N') {
      onNo();
      return true;
    }
    return false;
  };
}
