/**
 * The one table of the console: TanStack Table for columns, sorting and selection state,
 * TanStack Virtual so that only the visible rows are in the page (a 500-row log page scrolls as
 * smoothly as a 20-row one). Rows come a page at a time from the server: the table shows them
 * and reports what the user asks for (page, page size, sort) through callbacks, which the screen
 * keeps in the URL (its route's search parameters; see web/README.md).
 *
 * Columns can be hidden ("Edit columns", remembered per `storageKey` in localStorage so that the
 * choice survives a reload). With `selection`, a checkbox column selects rows for bulk actions.
 */
import { Checkbox, Group, Loader, Pagination, Select, Table, Text, UnstyledButton } from '@mantine/core';
import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  type RowSelectionState,
  type VisibilityState,
  useReactTable,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useMemo, useRef } from 'react';

export interface Sort {
  /** A column id. */
  field: string;
  order: 'asc' | 'desc';
}

export interface DataTableProps<Row> {
  /** The accessible name of the table (for example "Server postbacks"). */
  label: string;
  columns: ColumnDef<Row, unknown>[];
  rows: readonly Row[];
  /** Rows across all pages. */
  total: number;
  page: number;
  perPage: number;
  onPage: (page: number, perPage: number) => void;
  loading?: boolean;
  /** Ids of sortable columns; clicking their header calls onSort. */
  sortable?: readonly string[];
  sort?: Sort;
  onSort?: (sort: Sort | undefined) => void;
  /** Hidden columns (id → false), usually from useColumnVisibility. */
  columnVisibility?: VisibilityState;
  getRowId: (row: Row) => string;
  /** Row selection for bulk actions (ids of selected rows). */
  selection?: RowSelectionState;
  onSelection?: (selection: RowSelectionState) => void;
  /** A row's click or Enter (e.g. to open its detail). */
  onOpen?: (row: Row) => void;
  empty?: ReactNode;
  /** Height of the scrolling body; default fills the window below the screen's header. */
  height?: string;
}

export const PAGE_SIZES = ['20', '50', '100', '500'];
const ROW_HEIGHT = 37;

export function DataTable<Row>(props: DataTableProps<Row>) {
  const { rows, columns, selection, onSelection, sort, onSort, sortable = [] } = props;
  const allColumns = useMemo<ColumnDef<Row, unknown>[]>(() => {
    if (!onSelection) return columns;
    const select: ColumnDef<Row, unknown> = {
      id: '_select',
      header: ({ table }) => (
        <Checkbox
          aria-label="Select every row of this page"
          checked={table.getIsAllRowsSelected()}
          indeterminate={table.getIsSomeRowsSelected()}
          onChange={table.getToggleAllRowsSelectedHandler()}
        />
      ),
      cell: ({ row }) => (
        <Checkbox
          aria-label={`Select row ${row.id}`}
          checked={row.getIsSelected()}
          onChange={row.getToggleSelectedHandler()}
          onClick={(event) => event.stopPropagation()}
        />
      ),
      size: 40,
    };
    return [select, ...columns];
  }, [columns, onSelection]);

  const table = useReactTable({
    data: rows as Row[],
    columns: allColumns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: props.getRowId,
    manualPagination: true,
    manualSorting: true,
    state: { columnVisibility: props.columnVisibility ?? {}, rowSelection: selection ?? {} },
    enableRowSelection: Boolean(onSelection),
    onRowSelectionChange: (updater) => {
      if (!onSelection) return;
      onSelection(typeof updater === 'function' ? updater(selection ?? {}) : updater);
    },
  });

  const scroller = useRef<HTMLElement>(null);
  const tableRows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items.length > 0 ? items[0].start : 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const visibleColumns = table.getVisibleLeafColumns().length;
  const pages = Math.max(1, Math.ceil(props.total / props.perPage));

  const headerFor = (id: string, content: ReactNode) => {
    if (!onSort || !sortable.includes(id)) return content;
    const current = sort?.field === id ? sort.order : undefined;
    const nextSort = (): Sort | undefined =>
      current === undefined
        ? { field: id, order: 'desc' }
        : current === 'desc'
          ? { field: id, order: 'asc' }
          : undefined;
    return (
      <UnstyledButton onClick={() => onSort(nextSort())} fw={700} fz="sm">
        {content} {current === 'asc' ? '▲' : current === 'desc' ? '▼' : ''}
      </UnstyledButton>
    );
  };

  return (
    <div>
      <section
        ref={scroller}
        style={{ height: props.height ?? 'calc(100vh - 300px)', minHeight: 240, overflow: 'auto' }}
        data-testid="table-scroller"
        // The scrolling region must be reachable by keyboard.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region is focusable so keys scroll it
        tabIndex={0}
        aria-label={`${props.label} (scrollable)`}
      >
        <Table striped highlightOnHover stickyHeader aria-label={props.label} aria-rowcount={props.total + 1}>
          <Table.Thead>
            {table.getHeaderGroups().map((group) => (
              <Table.Tr key={group.id}>
                {group.headers.map((header) => {
                  const order = sort?.field === header.column.id ? sort.order : undefined;
                  return (
                    <Table.Th
                      key={header.id}
                      scope="col"
                      style={{ whiteSpace: 'nowrap' }}
                      aria-sort={order === 'asc' ? 'ascending' : order === 'desc' ? 'descending' : undefined}
                    >
                      {header.isPlaceholder
                        ? null
                        : headerFor(header.column.id, flexRender(header.column.columnDef.header, header.getContext()))}
                    </Table.Th>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Thead>
          <Table.Tbody>
            {padTop > 0 && (
              <tr>
                <td colSpan={visibleColumns} style={{ height: padTop, padding: 0, border: 0 }} />
              </tr>
            )}
            {items.map((item) => {
              const row = tableRows[item.index];
              return (
                <Table.Tr
                  key={row.id}
                  data-index={item.index}
                  data-row-id={row.id}
                  style={{
                    height: ROW_HEIGHT,
                    cursor: props.onOpen ? 'pointer' : undefined,
                    // A bar rather than a tint: a tint would lower the contrast of the row's links.
                    boxShadow: row.getIsSelected() ? 'inset 4px 0 0 var(--mantine-color-blue-8)' : undefined,
                  }}
                  aria-selected={onSelection ? row.getIsSelected() : undefined}
                  onClick={props.onOpen ? () => props.onOpen?.(row.original) : undefined}
                >
                  {row.getVisibleCells().map((cell) => (
                    <Table.Td key={cell.id} style={{ whiteSpace: 'nowrap' }}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </Table.Td>
                  ))}
                </Table.Tr>
              );
            })}
            {padBottom > 0 && (
              <tr>
                <td colSpan={visibleColumns} style={{ height: padBottom, padding: 0, border: 0 }} />
              </tr>
            )}
            {rows.length === 0 && !props.loading && (
              <Table.Tr>
                <Table.Td colSpan={visibleColumns}>
                  <Text c="dimmed" py="md" ta="center">
                    {props.empty ?? 'Nothing matches these filters.'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </section>
      <Group justify="space-between" mt="sm">
        <Group gap="xs">
          {props.loading && <Loader size="xs" aria-label="Loading" />}
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="table-total">
            {props.total} {props.total === 1 ? 'row' : 'rows'}
          </Text>
        </Group>
        <Group gap="sm">
          <Select
            aria-label="Rows per page"
            data={PAGE_SIZES}
            value={String(props.perPage)}
            onChange={(value) => value && props.onPage(1, Number(value))}
            w={90}
            size="xs"
            allowDeselect={false}
          />
          <Pagination
            total={pages}
            value={Math.min(props.page, pages)}
            onChange={(page) => props.onPage(page, props.perPage)}
            size="sm"
            getControlProps={(control) => ({ 'aria-label': `${control} page` })}
            getItemProps={(page) => ({ 'aria-label': `Page ${page}` })}
          />
        </Group>
      </Group>
    </div>
  );
}
