// The columns every list shares: State (sorted by severity), Name (a link to the detail page,
// naming the row) and Age.
import type { Column } from './resource-table.model';
import { stateSeverity } from './state-appearance';
import { timeValue } from '../formatting/time.format';

export function stateColumn<T extends { state: string }>(width = '10.5rem'): Column<T> {
  return { id: 'state', label: 'State', width, text: (r) => r.state, sortValue: (r) => stateSeverity(r.state) };
}

export function nameColumn<T extends { name: string }>(
  detailRoute: string,
  workspace: () => string,
  label: (row: T) => string = (r) => r.name,
): Column<T> {
  return {
    id: 'name',
    label: 'Name',
    isRowHeader: true,
    text: label,
    sortValue: label,
    link: (r) => ({ name: detailRoute, params: { workspace: workspace(), name: r.name } }),
  };
}

export function ageColumn<T extends { createdAt: string }>(width = '5rem'): Column<T> {
  return { id: 'age', label: 'Age', width, align: 'end', sortValue: (r) => -timeValue(r.createdAt) };
}
