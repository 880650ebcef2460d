import { Divider, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IvrMenu } from '@vaxel/domain';
import { SaveBar } from '../../../shared/form/SaveBar.tsx';
import { useDraft } from '../../../shared/form/useDraft.ts';
import { useDeleteIvrMenu } from '../api/deleteIvrMenu.ts';
import { useUpdateIvrMenu } from '../api/updateIvrMenu.ts';
import { IvrMenuForm, ivrPaths, type IvrDraft } from './IvrMenuForm.tsx';
import { DeleteSection } from '../../../shared/components/DeleteSection.tsx';

/** R24: expand, change, save; delete refused while something points to the menu. */
export function IvrMenuEditor({ menu }: { menu: IvrMenu }) {
  const { t } = useTranslation();
  const update = useUpdateIvrMenu(menu.id);
  const remove = useDeleteIvrMenu();
  const saved: IvrDraft = {
    name: menu.name,
    number: menu.number,
    billingNumber: menu.billingNumber,
    prompts: menu.prompts,
    keys: menu.keys,
    openingHours: menu.openingHours,
    closedPrompt: menu.closedPrompt,
    closedDestination: menu.closedDestination,
    advanced: menu.advanced,
  };
  const form = useDraft(saved, (d) => update.mutateAsync({ ...d, name: d.name.trim() }));
  return (
    <Stack>
      <IvrMenuForm value={form.draft} onChange={form.setDraft} errors={form.errors} menuId={menu.id} />
      <SaveBar
        onSave={() => form.mutation.mutate()}
        saving={form.mutation.isPending}
        error={form.mutation.error}
        shownPaths={ivrPaths}
        dirty={form.dirty}
        onReset={form.reset}
      />
      <Divider />
      <DeleteSection id={menu.id} name={menu.name} remove={remove} label={t('ivr.deleteMenu')} />
    </Stack>
  );
}
