// An item of ActionMenu: a command (emitted by id) or a link (downloads).
export interface MenuItem {
  id: string;
  label: string;
  href?: string;
  download?: string;
  /** Shown and announced as the item's description; the item is disabled. */
  disabledReason?: string | undefined;
}
