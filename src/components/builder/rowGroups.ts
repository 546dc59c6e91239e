/**
 * The builder table's rows grouped as the diagram groups a network: by the dotted prefixes of its layer ids
 * (ResNet-152's `layer3` holds blocks `layer3.0` ... `layer3.35`, each holding `layer3.0.conv1` ...). A large network
 * opens with its groups closed, so the table holds a few dozen rows instead of 465 and an edit re-renders only what
 * is open. Pure; tested in Node.
 */

/** Networks with more layers than this open grouped and closed; smaller ones show every row, ungrouped. */
export const GROUP_ABOVE = 120;

/** One line of the table: a group's header, or a layer's row (its index in the spec's node list). */
export type TableItem = GroupItem | { kind: 'layer'; id: string; index: number };

/** A group's header: its prefix, nesting depth, whether it is open, its sub-groups and every layer id inside it. */
export interface GroupItem {
  kind: 'group';
  key: string;
  /** Index of its first layer, so two runs of one prefix (ids out of order) stay two headers. */
  first: number;
  depth: number;
  open: boolean;
  groups: number;
  ids: string[];
}

/** The group prefixes of an id: 'layer3.5.conv1' -> ['layer3', 'layer3.5']; [] for an undotted id. */
export function groupsOf(id: string): string[] {
  const segs = id.split('.');
  return segs.slice(0, -1).map((_, i) => segs.slice(0, i + 1).join('.'));
}

/**
 * The table's lines for the layers `ids` (in the spec's order) with the groups in `open` open: a header per group
 * (a prefix more than one layer shares) whose parents are open, and the rows of layers whose groups are all open.
 * A network of at most GROUP_ABOVE layers comes back as plain rows.
 */
export function tableItems(ids: readonly string[], open: ReadonlySet<string>): TableItem[] {
  if (ids.length <= GROUP_ABOVE) return ids.map((id, index) => ({ kind: 'layer', id, index }));
  const count = new Map<string, number>();
  for (const id of ids) for (const g of groupsOf(id)) count.set(g, (count.get(g) ?? 0) + 1);
  const out: TableItem[] = [];
  const stack: GroupItem[] = [];
  const allOpen = () => stack.every((g) => g.open);
  ids.forEach((id, index) => {
    const gs = groupsOf(id).filter((g) => count.get(g)! > 1);
    while (stack.length > 0 && gs[stack.length - 1] !== stack[stack.length - 1]!.key) stack.pop();
    for (const g of gs.slice(stack.length)) {
      const header: GroupItem = { kind: 'group', key: g, first: index, depth: stack.length, open: open.has(g), groups: 0, ids: [] };
      const parent = stack[stack.length - 1];
      if (parent) parent.groups++;
      if (allOpen()) out.push(header);
      stack.push(header);
    }
    for (const g of stack) g.ids.push(id);
    if (allOpen()) out.push({ kind: 'layer', id, index });
  });
  return out;
}
