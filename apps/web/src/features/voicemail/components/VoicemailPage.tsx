import { Badge, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VoicemailBox } from '@vaxel/domain';
import { PageTitle } from '../../../shared/components/PageTitle.tsx';
import { QueryState } from '../../../shared/components/QueryState.tsx';
import { useVoicemailBoxes } from '../api/getVoicemailBoxes.ts';
import { MessageList } from './MessageList.tsx';
import { PinForm } from './PinForm.tsx';

/**
 * Röstbrevlåda (R76): the person's own voicemail, the boxes of groups they supervise, and for
 * phone-system admins every box; new and saved messages, played in the browser, marked read,
 * deleted; the box's PIN for listening from any phone.
 */
export function VoicemailPage() {
  const { t } = useTranslation();
  const boxes = useVoicemailBoxes();
  return (
    <Stack>
      <PageTitle>{t('voicemail.title')}</PageTitle>
      <Text size="sm" c="dimmed">
        {t('voicemail.help')}
      </Text>
      <QueryState query={boxes}>
        {(list) => (list.length === 0 ? <Text>{t('voicemail.noBoxes')}</Text> : <Boxes boxes={list} />)}
      </QueryState>
    </Stack>
  );
}

function Boxes({ boxes }: { boxes: VoicemailBox[] }) {
  const { t } = useTranslation();
  const [boxId, setBoxId] = useState(boxes[0]!.id);
  useEffect(() => {
    if (!boxes.some((b) => b.id === boxId)) setBoxId(boxes[0]!.id);
  }, [boxes, boxId]);
  const box = boxes.find((b) => b.id === boxId) ?? boxes[0]!;
  return (
    <Stack>
      {boxes.length > 1 && (
        <Stack gap={4}>
          <Text size="sm" fw={500} id="voicemail-box-label">
            {t('voicemail.box')}
          </Text>
          <SegmentedControl
            aria-labelledby="voicemail-box-label"
            value={box.id}
            onChange={setBoxId}
            data={boxes.map((b) => ({ value: b.id, label: boxLabel(t, b) }))}
            style={{ alignSelf: 'flex-start', flexWrap: 'wrap' }}
          />
        </Stack>
      )}
      <Group gap="xs">
        <Text fw={600}>
          {box.owner.type === 'user'
            ? t('voicemail.userBox', { name: box.name })
            : t('voicemail.groupBox', { name: box.name })}
        </Text>
        <Badge color="blue" variant="light">
          {t('voicemail.newCount', { count: box.newMessages })}
        </Badge>
        <Badge color="gray" variant="light">
          {t('voicemail.savedCount', { count: box.savedMessages })}
        </Badge>
      </Group>
      <MessageList box={box} />
      <PinForm key={box.id} box={box} />
    </Stack>
  );
}

function boxLabel(t: (key: string, options?: Record<string, unknown>) => string, box: VoicemailBox): string {
  const name = box.owner.type === 'user' ? box.name : t('voicemail.groupBox', { name: box.name });
  return box.newMessages > 0 ? `${name} (${box.newMessages})` : name;
}
