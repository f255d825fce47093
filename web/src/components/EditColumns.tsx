// "Edit columns": a menu of checkboxes, one per column, that shows or hides it.
import { Button, Checkbox, Popover, Stack } from '@mantine/core';
import type { VisibilityState } from '@tanstack/react-table';

export interface ColumnChoice {
  id: string;
  label: string;
}

export function EditColumns({
  columns,
  visibility,
  onChange,
}: {
  columns: readonly ColumnChoice[];
  visibility: VisibilityState;
  onChange: (visibility: VisibilityState) => void;
}) {
  return (
    <Popover position="bottom-end" shadow="md" trapFocus>
      <Popover.Target>
        <Button variant="default">Edit columns</Button>
      </Popover.Target>
      <Popover.Dropdown>
        <fieldset style={{ border: 0, margin: 0, padding: 0 }}>
          <legend style={{ fontWeight: 700, fontSize: 14, marginBottom: 8 }}>Columns shown</legend>
          <Stack gap={6}>
            {columns.map((column) => (
              <Checkbox
                key={column.id}
                label={column.label}
                checked={visibility[column.id] !== false}
                onChange={(event) => onChange({ ...visibility, [column.id]: event.currentTarget.checked })}
              />
            ))}
          </Stack>
        </fieldset>
      </Popover.Dropdown>
    </Popover>
  );
}
